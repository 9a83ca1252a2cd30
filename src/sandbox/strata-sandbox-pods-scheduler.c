/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's scheduler: where a Pod may run (node selector, required
 * node affinity, cordoned Nodes and who tolerates them) and where it fits
 * (the Node's allocatable Pods, CPU and memory against the requests of the
 * Pods already there), with the default scheduler's spreading and its
 * wording when nothing fits. */

#include "config.h"

#include "strata-sandbox-controllers-private.h"

static gboolean
matches_requirement (JsonObject *requirement,
                     const char *value)
{
  const char *operator = strata_json_object_get_string (requirement, "operator");
  JsonArray *values = strata_json_object_get_array (requirement, "values");
  gboolean listed = FALSE;

  for (guint i = 0; values != NULL && value != NULL && i < json_array_get_length (values); i++)
    if (g_strcmp0 (_strata_sandbox_json_array_get_string (values, i), value) == 0)
      listed = TRUE;

  if (g_strcmp0 (operator, "In") == 0)
    return listed;
  if (g_strcmp0 (operator, "NotIn") == 0)
    return !listed;
  if (g_strcmp0 (operator, "Exists") == 0)
    return value != NULL;
  if (g_strcmp0 (operator, "DoesNotExist") == 0)
    return value == NULL;
  if ((g_strcmp0 (operator, "Gt") == 0 || g_strcmp0 (operator, "Lt") == 0) &&
      value != NULL && values != NULL && json_array_get_length (values) == 1)
    {
      gint64 have = g_ascii_strtoll (value, NULL, 10);
      const char *text = _strata_sandbox_json_array_get_string (values, 0);
      gint64 bound = text ? g_ascii_strtoll (text, NULL, 10) : 0;

      return g_str_equal (operator, "Gt") ? have > bound : have < bound;
    }

  return FALSE;
}

static gboolean
matches_requirements (JsonArray  *requirements,
                      JsonObject *node,
                      gboolean    fields)
{
  JsonObject *labels = strata_json_object_get_object (strata_json_object_get_object (node, "metadata"), "labels");

  for (guint i = 0; requirements != NULL && i < json_array_get_length (requirements); i++)
    {
      JsonNode *element = json_array_get_element (requirements, i);
      JsonObject *requirement = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *key = strata_json_object_get_string (requirement, "key");
      const char *value;

      if (fields)
        value = g_strcmp0 (key, "metadata.name") == 0 ? _strata_sandbox_meta_get (node, "name") : NULL;
      else
        value = strata_json_object_get_string (labels, key);
      if (!matches_requirement (requirement, value))
        return FALSE;
    }

  return TRUE;
}

/* nodeSelector and required node affinity; the sandbox's Nodes have no
 * taints, so tolerations do not matter. */
gboolean
_strata_sandbox_pod_selects_node (JsonObject *pod,
                                  JsonObject *node)
{
  JsonObject *spec = strata_json_object_get_object (pod, "spec");
  JsonObject *selector = strata_json_object_get_object (spec, "nodeSelector");
  JsonObject *labels = strata_json_object_get_object (strata_json_object_get_object (node, "metadata"), "labels");
  JsonObject *required;
  JsonArray *terms;

  if (selector != NULL)
    {
      g_autoptr(GList) keys = json_object_get_members (selector);

      for (GList *l = keys; l != NULL; l = l->next)
        if (g_strcmp0 (strata_json_object_get_string (selector, l->data),
                       strata_json_object_get_string (labels, l->data)) != 0)
          return FALSE;
    }

  required = strata_json_object_get_object (strata_json_object_get_object (strata_json_object_get_object (spec, "affinity"),
                                                                           "nodeAffinity"),
                                            "requiredDuringSchedulingIgnoredDuringExecution");
  terms = strata_json_object_get_array (required, "nodeSelectorTerms");
  if (terms == NULL || json_array_get_length (terms) == 0)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (terms); i++)
    {
      JsonNode *element = json_array_get_element (terms, i);
      JsonObject *term = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;

      if (term != NULL &&
          matches_requirements (strata_json_object_get_array (term, "matchExpressions"), node, FALSE) &&
          matches_requirements (strata_json_object_get_array (term, "matchFields"), node, TRUE))
        return TRUE;
    }

  return FALSE;
}

static double
allocatable (JsonObject *node,
             const char *resource)
{
  JsonObject *status = strata_json_object_get_object (node, "status");
  double amount = 0;

  if (!_strata_sandbox_parse_quantity (strata_json_object_get_string (strata_json_object_get_object (status, "allocatable"), resource), &amount))
    return G_MAXDOUBLE;
  return amount;
}

/* A cordoned Node still takes a DaemonSet's Pods: they tolerate it. */
static gboolean
tolerates_unschedulable (JsonObject *pod)
{
  JsonArray *tolerations = strata_json_object_get_array (strata_json_object_get_object (pod, "spec"), "tolerations");

  for (guint i = 0; tolerations != NULL && i < json_array_get_length (tolerations); i++)
    {
      JsonNode *element = json_array_get_element (tolerations, i);
      JsonObject *toleration = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *key = strata_json_object_get_string (toleration, "key");

      if (g_strcmp0 (key, "node.kubernetes.io/unschedulable") == 0 ||
          (key == NULL && g_strcmp0 (strata_json_object_get_string (toleration, "operator"), "Exists") == 0))
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  guint insufficient_cpu;
  guint insufficient_memory;
  guint too_many_pods;
  guint not_selected;
  guint unschedulable;
} Misfits;

/* The Node the default scheduler would pick, roughly: among those with
 * room, the one with the fewest Pods. NULL with *message when none fits. */
/* What the active Pods bound to one Node ask for. */
typedef struct
{
  double cpu;
  double memory;
  guint  count;
} Usage;

static gboolean
add_usage (JsonNode *object,
           gpointer  user_data)
{
  GHashTable *usage = user_data;
  JsonObject *pod = json_node_get_object (object);
  const char *node_name = strata_json_object_get_string (strata_json_object_get_object (pod, "spec"), "nodeName");
  Usage *sum;
  double cpu;
  double memory;

  if (node_name == NULL || !_strata_sandbox_pod_is_active (pod))
    return TRUE;
  sum = g_hash_table_lookup (usage, node_name);
  if (sum == NULL)
    {
      sum = g_new0 (Usage, 1);
      g_hash_table_insert (usage, (gpointer)node_name, sum);
    }
  _strata_sandbox_pod_requests (pod, &cpu, &memory);
  sum->cpu += cpu;
  sum->memory += memory;
  sum->count++;
  return TRUE;
}

/* One pass over the stored Pods, without copies: a scheduling decision
 * costs the same however many Pods the sandbox runs. The keys point into
 * the store's objects, valid until the next write. */
static GHashTable *
usage_per_node (StrataSandboxControllers *self)
{
  GHashTable *usage = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  strata_sandbox_store_foreach (strata_sandbox_controllers_get_store (self), "v1", "Pod", NULL, add_usage, usage);
  return usage;
}

JsonNode *
_strata_sandbox_pods_choose_node (StrataSandboxControllers  *self,
                                  JsonObject                *pod,
                                  char                     **message)
{
  g_autoptr(GPtrArray) nodes = _strata_sandbox_controllers_list (self, "v1", "Node", NULL);
  g_autoptr(GHashTable) usage = usage_per_node (self);
  g_autoptr(GString) reasons = g_string_new (NULL);
  JsonNode *best = NULL;
  guint best_count = G_MAXUINT;
  Misfits misfits = { 0, };
  double cpu;
  double memory;

  _strata_sandbox_pod_requests (pod, &cpu, &memory);

  for (guint i = 0; i < nodes->len; i++)
    {
      JsonNode *candidate = g_ptr_array_index (nodes, i);
      JsonObject *node = json_node_get_object (candidate);
      const char *node_name = _strata_sandbox_meta_get (node, "name");
      double used_cpu = 0;
      double used_memory = 0;
      guint count = 0;

      if (!_strata_sandbox_node_is_ready (node) ||
          (_strata_sandbox_json_get_bool (strata_json_object_get_object (node, "spec"), "unschedulable") &&
           !tolerates_unschedulable (pod)))
        {
          misfits.unschedulable++;
          continue;
        }
      if (!_strata_sandbox_pod_selects_node (pod, node))
        {
          misfits.not_selected++;
          continue;
        }

      {
        Usage *used = g_hash_table_lookup (usage, node_name);

        if (used != NULL)
          {
            used_cpu = used->cpu;
            used_memory = used->memory;
            count = used->count;
          }
      }

      if (count + 1 > allocatable (node, "pods"))
        misfits.too_many_pods++;
      else if (used_cpu + cpu > allocatable (node, "cpu") + 1e-9)
        misfits.insufficient_cpu++;
      else if (used_memory + memory > allocatable (node, "memory"))
        misfits.insufficient_memory++;
      else if (count < best_count)
        {
          best = candidate;
          best_count = count;
        }
    }

  if (best != NULL)
    return json_node_ref (best);

  /* The scheduler's own wording, so that it reads as kubectl users know. */
  if (misfits.insufficient_cpu > 0)
    g_string_append_printf (reasons, " %u Insufficient cpu,", misfits.insufficient_cpu);
  if (misfits.insufficient_memory > 0)
    g_string_append_printf (reasons, " %u Insufficient memory,", misfits.insufficient_memory);
  if (misfits.too_many_pods > 0)
    g_string_append_printf (reasons, " %u Too many pods,", misfits.too_many_pods);
  if (misfits.not_selected > 0)
    g_string_append_printf (reasons, " %u node(s) didn't match Pod's node affinity/selector,", misfits.not_selected);
  if (misfits.unschedulable > 0)
    g_string_append_printf (reasons, " %u node(s) were unschedulable,", misfits.unschedulable);
  if (reasons->len > 0)
    g_string_truncate (reasons, reasons->len - 1);
  *message = g_strdup_printf ("0/%u nodes are available:%s.", nodes->len, reasons->str);
  return NULL;
}
