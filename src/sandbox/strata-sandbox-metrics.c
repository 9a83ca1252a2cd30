/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Simulated metrics-server data. Every number is a function of the object
 * (uid, container name, requests and limits) and of the time: a base level
 * picked once from a hash, and slow sine waves around it with periods of
 * minutes. Reads agree with each other, survive a restart, and never
 * jump. */

#include "config.h"

#include "strata-sandbox-controllers-private.h"
#include "strata-sandbox-metrics-private.h"

#define METRICS_API_VERSION "metrics.k8s.io/v1beta1"
#define WINDOW              "15s"
#define MEBIBYTE            1048576.0

struct _StrataSandboxMetrics
{
  GObject             parent_instance;

  StrataSandboxStore *store;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataSandboxMetrics, strata_sandbox_metrics, G_TYPE_OBJECT)

/* Four numbers in [0, 1) that belong to @seed for good. */
static void
seeded_fractions (const char *seed,
                  double      fractions[4])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_checksum_update (checksum, (const guchar *)seed, -1);
  g_checksum_get_digest (checksum, digest, &length);

  for (guint i = 0; i < 4; i++)
    {
      guint32 value = (guint32)digest[4 * i] << 24 | (guint32)digest[4 * i + 1] << 16 |
                      (guint32)digest[4 * i + 2] << 8 | (guint32)digest[4 * i + 3];

      fractions[i] = value / 4294967296.0;
    }
}

/* A sine-like wave of period 1 made of two parabolas: smooth (its slope is
 * continuous, at most 8 amplitudes a period) and with no need for libm. */
static double
wave (double turns)
{
  double t = turns - (double)(gint64)turns;

  if (t < 0)
    t += 1.0;
  t *= 2.0;
  if (t < 1.0)
    return 4.0 * t * (1.0 - t);
  t -= 1.0;
  return -4.0 * t * (1.0 - t);
}

/* Around 1: two slow waves, the faster still minutes long, so usage moves
 * by at most about 0.25% of itself a second (depth × 8 / period, for
 * both waves). */
static double
drift (const double fractions[4],
       gint64       real_time,
       double       depth)
{
  /* Whole seconds apart from the fraction, so the double keeps its
   * precision on today's epoch. */
  double seconds = (double)(real_time / G_USEC_PER_SEC % 86400000) + (real_time % G_USEC_PER_SEC) / (double)G_USEC_PER_SEC;
  double period = 600.0 + 600.0 * fractions[2];

  return 1.0 + depth * wave (seconds / period + fractions[3]) +
         depth / 3.0 * wave (seconds / (period * 0.37) + 1.7 * fractions[3]);
}

static double
container_quantity (JsonObject *container,
                    const char *kind,
                    const char *resource)
{
  JsonObject *amounts = strata_json_object_get_object (strata_json_object_get_object (container, "resources"), kind);
  double value = 0;

  if (!_strata_sandbox_parse_quantity (strata_json_object_get_string (amounts, resource), &value))
    return 0;
  return value;
}

static void
container_usage (JsonObject *pod,
                 JsonObject *container,
                 gint64      real_time,
                 double     *cpu,
                 double     *memory)
{
  const char *name = strata_json_object_get_string (container, "name");
  g_autofree char *seed = g_strconcat (_strata_sandbox_meta_get (pod, "uid"), "/", name ? name : "", NULL);
  g_autofree char *memory_seed = g_strconcat (seed, "/memory", NULL);
  double request_cpu = container_quantity (container, "requests", "cpu");
  double limit_cpu = container_quantity (container, "limits", "cpu");
  double request_memory = container_quantity (container, "requests", "memory");
  double limit_memory = container_quantity (container, "limits", "memory");
  double fractions[4];
  double memory_fractions[4];
  double base;

  seeded_fractions (seed, fractions);
  seeded_fractions (memory_seed, memory_fractions);

  /* Requests are what the workload expects to use; most use a part of it. */
  if (request_cpu == 0)
    request_cpu = limit_cpu;
  base = request_cpu > 0 ? request_cpu * (0.15 + 0.45 * fractions[0]) : 0.002 + 0.048 * fractions[0];
  *cpu = base * drift (fractions, real_time, 0.1);
  if (limit_cpu > 0)
    *cpu = MIN (*cpu, limit_cpu * 0.95);

  if (request_memory == 0)
    request_memory = limit_memory;
  base = request_memory > 0 ? request_memory * (0.35 + 0.45 * memory_fractions[0])
                            : (12.0 + 120.0 * memory_fractions[0]) * MEBIBYTE;
  /* Memory moves less than CPU, and stays under the limit that would
   * have the container killed. */
  *memory = base * drift (memory_fractions, real_time, 0.03);
  if (limit_memory > 0)
    *memory = MIN (*memory, limit_memory * 0.97);
}

static JsonObject *
usage_object (double cpu,
              double memory)
{
  JsonObject *usage = json_object_new ();
  g_autofree char *cpu_text = g_strdup_printf ("%" G_GUINT64_FORMAT "n", (guint64)(cpu * 1e9 + 0.5));
  g_autofree char *memory_text = g_strdup_printf ("%" G_GUINT64_FORMAT "Ki", (guint64)(memory / 1024.0 + 0.5));

  json_object_set_string_member (usage, "cpu", cpu_text);
  json_object_set_string_member (usage, "memory", memory_text);
  return usage;
}

static JsonObject *
metrics_object (const char *kind,
                JsonObject *source,
                gint64      real_time)
{
  JsonObject *object = json_object_new ();
  JsonObject *metadata = json_object_new ();
  JsonObject *labels = strata_json_object_get_object (strata_json_object_get_object (source, "metadata"), "labels");
  g_autofree char *timestamp = _strata_sandbox_timestamp (real_time);

  json_object_set_string_member (object, "kind", kind);
  json_object_set_string_member (object, "apiVersion", METRICS_API_VERSION);
  json_object_set_string_member (metadata, "name", _strata_sandbox_meta_get (source, "name"));
  if (_strata_sandbox_meta_get (source, "namespace") != NULL)
    json_object_set_string_member (metadata, "namespace", _strata_sandbox_meta_get (source, "namespace"));
  json_object_set_string_member (metadata, "creationTimestamp", timestamp);
  if (labels != NULL)
    json_object_set_member (metadata, "labels", strata_sandbox_json_copy (json_object_get_member (strata_json_object_get_object (source, "metadata"), "labels")));
  json_object_set_object_member (object, "metadata", metadata);
  json_object_set_string_member (object, "timestamp", timestamp);
  json_object_set_string_member (object, "window", WINDOW);

  return object;
}

static gboolean
is_running (JsonObject *pod)
{
  return g_strcmp0 (strata_json_object_get_string (strata_json_object_get_object (pod, "status"), "phase"), "Running") == 0;
}

/* The PodMetrics of @pod, and its total usage in @cpu and @memory. */
static JsonObject *
pod_metrics (JsonObject *pod,
             gint64      real_time,
             double     *cpu,
             double     *memory)
{
  JsonObject *object = metrics_object ("PodMetrics", pod, real_time);
  JsonArray *containers = strata_json_object_get_array (strata_json_object_get_object (pod, "spec"), "containers");
  JsonArray *items = json_array_new ();

  *cpu = 0;
  *memory = 0;
  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonNode *element = json_array_get_element (containers, i);
      JsonObject *container = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonObject *item;
      double container_cpu;
      double container_memory;

      if (container == NULL || strata_json_object_get_string (container, "name") == NULL)
        continue;
      container_usage (pod, container, real_time, &container_cpu, &container_memory);
      *cpu += container_cpu;
      *memory += container_memory;

      item = json_object_new ();
      json_object_set_string_member (item, "name", strata_json_object_get_string (container, "name"));
      json_object_set_object_member (item, "usage", usage_object (container_cpu, container_memory));
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (object, "containers", items);

  return object;
}

static JsonObject *
node_metrics (StrataSandboxMetrics *self,
              JsonObject           *node,
              GPtrArray            *pods,
              gint64                real_time)
{
  const char *name = _strata_sandbox_meta_get (node, "name");
  g_autofree char *seed = g_strconcat ("node/", _strata_sandbox_meta_get (node, "uid"), NULL);
  JsonObject *object = metrics_object ("NodeMetrics", node, real_time);
  double fractions[4];
  double cpu;
  double memory;

  /* The kubelet, the runtime and the system use some of every Node. */
  seeded_fractions (seed, fractions);
  cpu = (0.08 + 0.07 * fractions[0]) * drift (fractions, real_time, 0.1);
  memory = (900.0 + 400.0 * fractions[1]) * MEBIBYTE * drift (fractions, real_time, 0.02);

  for (guint i = 0; i < pods->len; i++)
    {
      JsonObject *pod = json_node_get_object (g_ptr_array_index (pods, i));
      g_autoptr(JsonObject) unused = NULL;
      double pod_cpu;
      double pod_memory;

      if (!is_running (pod) ||
          g_strcmp0 (strata_json_object_get_string (strata_json_object_get_object (pod, "spec"), "nodeName"), name) != 0)
        continue;
      unused = pod_metrics (pod, real_time, &pod_cpu, &pod_memory);
      cpu += pod_cpu;
      memory += pod_memory;
    }

  json_object_set_object_member (object, "usage", usage_object (cpu, memory));
  return object;
}

static JsonNode *
list_node (const char *kind,
           JsonArray  *items)
{
  JsonObject *list = json_object_new ();

  json_object_set_string_member (list, "kind", kind);
  json_object_set_string_member (list, "apiVersion", METRICS_API_VERSION);
  json_object_set_object_member (list, "metadata", json_object_new ());
  json_object_set_array_member (list, "items", items);

  return _strata_sandbox_node_take_object (g_steal_pointer (&list));
}

static GPtrArray *
list_objects (StrataSandboxMetrics *self,
              const char           *kind,
              const char           *namespace_)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = strata_sandbox_store_list (self->store, "v1", kind, namespace_, NULL, &error);

  if (items == NULL)
    {
      g_debug ("Could not list %s for metrics: %s", kind, error->message);
      return g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
    }

  return items;
}

/* GObject */

static void
strata_sandbox_metrics_dispose (GObject *object)
{
  StrataSandboxMetrics *self = (StrataSandboxMetrics *)object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (strata_sandbox_metrics_parent_class)->dispose (object);
}

static void
strata_sandbox_metrics_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  StrataSandboxMetrics *self = STRATA_SANDBOX_METRICS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_sandbox_metrics_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  StrataSandboxMetrics *self = STRATA_SANDBOX_METRICS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_sandbox_metrics_class_init (StrataSandboxMetricsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_sandbox_metrics_dispose;
  object_class->get_property = strata_sandbox_metrics_get_property;
  object_class->set_property = strata_sandbox_metrics_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         STRATA_TYPE_SANDBOX_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_sandbox_metrics_init (StrataSandboxMetrics *self)
{
}

/* Public */

/**
 * strata_sandbox_metrics_new:
 * @store: the sandbox's objects
 *
 * Returns: (transfer full): the metrics of @store's Pods and Nodes
 */
StrataSandboxMetrics *
strata_sandbox_metrics_new (StrataSandboxStore *store)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (store), NULL);

  return g_object_new (STRATA_TYPE_SANDBOX_METRICS, "store", store, NULL);
}

StrataSandboxStore *
strata_sandbox_metrics_get_store (StrataSandboxMetrics *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_METRICS (self), NULL);

  return self->store;
}

JsonNode *
_strata_sandbox_metrics_list_pods_at (StrataSandboxMetrics *self,
                                      const char           *namespace_,
                                      gint64                real_time)
{
  g_autoptr(GPtrArray) pods = NULL;
  JsonArray *items = json_array_new ();

  g_return_val_if_fail (STRATA_IS_SANDBOX_METRICS (self), NULL);

  pods = list_objects (self, "Pod", namespace_);
  for (guint i = 0; i < pods->len; i++)
    {
      JsonObject *pod = json_node_get_object (g_ptr_array_index (pods, i));
      double cpu;
      double memory;

      if (is_running (pod))
        json_array_add_object_element (items, pod_metrics (pod, real_time, &cpu, &memory));
    }

  return list_node ("PodMetricsList", items);
}

JsonNode *
_strata_sandbox_metrics_list_nodes_at (StrataSandboxMetrics *self,
                                       gint64                real_time)
{
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) pods = NULL;
  JsonArray *items = json_array_new ();

  g_return_val_if_fail (STRATA_IS_SANDBOX_METRICS (self), NULL);

  nodes = list_objects (self, "Node", NULL);
  pods = list_objects (self, "Pod", NULL);
  for (guint i = 0; i < nodes->len; i++)
    json_array_add_object_element (items, node_metrics (self, json_node_get_object (g_ptr_array_index (nodes, i)), pods, real_time));

  return list_node ("NodeMetricsList", items);
}

/**
 * strata_sandbox_metrics_list_pods:
 * @self: a #StrataSandboxMetrics
 * @namespace_: (nullable): a namespace, or %NULL for all
 *
 * Returns: (transfer full): a metrics.k8s.io/v1beta1 PodMetricsList
 */
JsonNode *
strata_sandbox_metrics_list_pods (StrataSandboxMetrics *self,
                                  const char           *namespace_)
{
  return _strata_sandbox_metrics_list_pods_at (self, namespace_, g_get_real_time ());
}

/**
 * strata_sandbox_metrics_list_nodes:
 * @self: a #StrataSandboxMetrics
 *
 * Returns: (transfer full): a metrics.k8s.io/v1beta1 NodeMetricsList
 */
JsonNode *
strata_sandbox_metrics_list_nodes (StrataSandboxMetrics *self)
{
  return _strata_sandbox_metrics_list_nodes_at (self, g_get_real_time ());
}

JsonNode *
strata_sandbox_metrics_get_pod (StrataSandboxMetrics  *self,
                                const char            *namespace_,
                                const char            *name,
                                GError               **error)
{
  g_autoptr(JsonNode) pod = NULL;
  double cpu;
  double memory;

  g_return_val_if_fail (STRATA_IS_SANDBOX_METRICS (self), NULL);
  g_return_val_if_fail (namespace_ != NULL && name != NULL, NULL);

  pod = strata_sandbox_store_get (self->store, "v1", "Pod", namespace_, name);
  if (pod == NULL || !is_running (json_node_get_object (pod)))
    {
      g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_NOT_FOUND,
                   "podmetrics.metrics.k8s.io \"%s/%s\" not found", namespace_, name);
      return NULL;
    }

  return _strata_sandbox_node_take_object (pod_metrics (json_node_get_object (pod), g_get_real_time (), &cpu, &memory));
}

JsonNode *
strata_sandbox_metrics_get_node (StrataSandboxMetrics  *self,
                                 const char            *name,
                                 GError               **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) pods = NULL;

  g_return_val_if_fail (STRATA_IS_SANDBOX_METRICS (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  node = strata_sandbox_store_get (self->store, "v1", "Node", NULL, name);
  if (node == NULL)
    {
      g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_NOT_FOUND,
                   "nodemetrics.metrics.k8s.io \"%s\" not found", name);
      return NULL;
    }

  pods = list_objects (self, "Pod", NULL);
  return _strata_sandbox_node_take_object (node_metrics (self, json_node_get_object (node), pods, g_get_real_time ()));
}

GPtrArray *
strata_sandbox_metrics_list_items (const char *kind,
                                   const char *namespace_,
                                   gpointer    user_data)
{
  StrataSandboxMetrics *self = user_data;
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_autoptr(JsonNode) list = NULL;
  JsonArray *array;

  g_return_val_if_fail (STRATA_IS_SANDBOX_METRICS (self), items);

  if (g_strcmp0 (kind, "PodMetrics") == 0)
    list = strata_sandbox_metrics_list_pods (self, namespace_);
  else if (g_strcmp0 (kind, "NodeMetrics") == 0)
    list = strata_sandbox_metrics_list_nodes (self);
  else
    return items;

  array = json_object_get_array_member (json_node_get_object (list), "items");
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (items, strata_sandbox_json_copy (json_array_get_element (array, i)));

  return items;
}
