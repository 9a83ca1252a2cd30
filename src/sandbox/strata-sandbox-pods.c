/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulated kubelets: a Pod is bound to a Node with room for it (the
 * scheduler is strata-sandbox-pods-scheduler.c), accepted (Pending, its
 * containers being created), then Running and Ready after the pod-start
 * delay; a Job's Pod then succeeds (what they report is
 * strata-sandbox-pods-status.c). Also the volume binder's part for
 * PersistentVolumeClaims. */

#include "config.h"

#include <string.h>

#include "strata-sandbox-controllers-private.h"

/* Pods in general */

gboolean
_strata_sandbox_pod_is_active (JsonObject *pod)
{
  const char *phase = strata_json_object_get_string (strata_json_object_get_object (pod, "status"), "phase");

  return !_strata_sandbox_is_being_deleted (pod) &&
         g_strcmp0 (phase, "Succeeded") != 0 && g_strcmp0 (phase, "Failed") != 0;
}

gboolean
_strata_sandbox_pod_is_ready (JsonObject *pod)
{
  JsonObject *ready = _strata_sandbox_find_condition (strata_json_object_get_object (pod, "status"), "Ready");

  return g_strcmp0 (strata_json_object_get_string (ready, "status"), "True") == 0;
}

gboolean
_strata_sandbox_pod_is_available (JsonObject *pod,
                                  gint64      min_ready_seconds,
                                  gint64      now_usec,
                                  gint64     *wait_msec)
{
  JsonObject *ready = _strata_sandbox_find_condition (strata_json_object_get_object (pod, "status"), "Ready");
  gint64 since;
  gint64 until;

  if (!_strata_sandbox_pod_is_ready (pod))
    return FALSE;
  if (min_ready_seconds <= 0)
    return TRUE;

  since = _strata_sandbox_parse_timestamp (strata_json_object_get_string (ready, "lastTransitionTime"));
  until = since + min_ready_seconds * G_USEC_PER_SEC;
  if (until <= now_usec)
    return TRUE;

  if (wait_msec != NULL)
    *wait_msec = MAX (*wait_msec, (until - now_usec) / 1000 + 1);
  return FALSE;
}

static gboolean
is_job_pod (JsonObject *pod)
{
  JsonObject *controller = _strata_sandbox_controller_ref (pod);

  return g_strcmp0 (strata_json_object_get_string (controller, "kind"), "Job") == 0;
}

JsonNode *
_strata_sandbox_pods_new_from_template (JsonObject *owner,
                                        JsonObject *template_,
                                        const char *name,
                                        const char *generate_name)
{
  JsonObject *template_metadata = strata_json_object_get_object (template_, "metadata");
  JsonObject *template_spec = strata_json_object_get_object (template_, "spec");
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *pod = json_object_new ();
  JsonObject *metadata;
  JsonObject *status;
  JsonArray *references = json_array_new ();
  const char *members[] = { "labels", "annotations" };

  json_node_take_object (node, pod);
  json_object_set_string_member (pod, "apiVersion", "v1");
  json_object_set_string_member (pod, "kind", "Pod");
  metadata = _strata_sandbox_json_ensure_object (pod, "metadata");
  if (name != NULL)
    json_object_set_string_member (metadata, "name", name);
  else
    json_object_set_string_member (metadata, "generateName", generate_name);
  json_object_set_string_member (metadata, "namespace", _strata_sandbox_meta_get (owner, "namespace"));
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonObject *value = strata_json_object_get_object (template_metadata, members[i]);

      if (value != NULL)
        json_object_set_member (metadata, members[i], strata_sandbox_json_copy (json_object_get_member (template_metadata, members[i])));
    }
  json_array_add_element (references, _strata_sandbox_owner_reference_new (owner));
  json_object_set_array_member (metadata, "ownerReferences", references);

  if (template_spec != NULL)
    json_object_set_member (pod, "spec", strata_sandbox_json_copy (json_object_get_member (template_, "spec")));
  else
    json_object_set_object_member (pod, "spec", json_object_new ());

  /* What the API server fills on create. */
  status = _strata_sandbox_json_ensure_object (pod, "status");
  json_object_set_string_member (status, "phase", "Pending");
  json_object_set_string_member (status, "qosClass", _strata_sandbox_pod_qos_class (pod));

  return node;
}

static void
default_string (JsonObject *object,
                const char *member,
                const char *value)
{
  if (!json_object_has_member (object, member))
    json_object_set_string_member (object, member, value);
}

static void
default_toleration (JsonArray  *tolerations,
                    const char *key)
{
  JsonObject *toleration;

  for (guint i = 0; i < json_array_get_length (tolerations); i++)
    {
      JsonNode *element = json_array_get_element (tolerations, i);

      if (JSON_NODE_HOLDS_OBJECT (element) &&
          g_strcmp0 (strata_json_object_get_string (json_node_get_object (element), "key"), key) == 0)
        return;
    }

  toleration = json_object_new ();
  json_object_set_string_member (toleration, "key", key);
  json_object_set_string_member (toleration, "operator", "Exists");
  json_object_set_string_member (toleration, "effect", "NoExecute");
  json_object_set_int_member (toleration, "tolerationSeconds", 300);
  json_array_add_object_element (tolerations, toleration);
}

/* What the API server's defaulting and admission add to a Pod a
 * controller creates, which here goes to the store directly. */
static void
admit (JsonObject *pod)
{
  JsonObject *spec = _strata_sandbox_json_ensure_object (pod, "spec");
  JsonArray *tolerations;

  default_string (spec, "restartPolicy", "Always");
  default_string (spec, "dnsPolicy", "ClusterFirst");
  default_string (spec, "schedulerName", "default-scheduler");
  if (!json_object_has_member (spec, "terminationGracePeriodSeconds"))
    json_object_set_int_member (spec, "terminationGracePeriodSeconds", 30);
  default_string (spec, "serviceAccountName", "default");
  default_string (spec, "serviceAccount", strata_json_object_get_string (spec, "serviceAccountName"));
  if (!json_object_has_member (spec, "enableServiceLinks"))
    json_object_set_boolean_member (spec, "enableServiceLinks", TRUE);
  if (!json_object_has_member (spec, "priority"))
    json_object_set_int_member (spec, "priority", 0);
  default_string (spec, "preemptionPolicy", "PreemptLowerPriority");

  /* DefaultTolerationSeconds */
  tolerations = strata_json_object_get_array (spec, "tolerations");
  if (tolerations == NULL)
    {
      tolerations = json_array_new ();
      json_object_set_array_member (spec, "tolerations", tolerations);
    }
  default_toleration (tolerations, "node.kubernetes.io/not-ready");
  default_toleration (tolerations, "node.kubernetes.io/unreachable");
}

JsonNode *
_strata_sandbox_pods_create (StrataSandboxControllers *self,
                             JsonNode                 *pod)
{
  JsonNode *created;

  admit (json_node_get_object (pod));
  created = _strata_sandbox_controllers_create (self, pod);
  /* Which of the Pods made in one second is the newest, for scale-down. */
  if (created != NULL && _strata_sandbox_meta_get (json_node_get_object (created), "uid") != NULL)
    g_hash_table_replace (self->creation_order, g_strdup (_strata_sandbox_meta_get (json_node_get_object (created), "uid")),
                          g_memdup2 (&(guint64){ ++self->creation_serial }, sizeof (guint64)));

  return created;
}

static int
phase_rank (JsonObject *pod)
{
  const char *phase = strata_json_object_get_string (strata_json_object_get_object (pod, "status"), "phase");

  if (g_strcmp0 (phase, "Pending") == 0)
    return 0;
  if (g_strcmp0 (phase, "Running") == 0)
    return 2;
  return 1;
}

static gint64
ready_since (JsonObject *pod)
{
  JsonObject *ready = _strata_sandbox_find_condition (strata_json_object_get_object (pod, "status"), "Ready");

  return _strata_sandbox_parse_timestamp (strata_json_object_get_string (ready, "lastTransitionTime"));
}

static guint64
creation_serial (StrataSandboxControllers *self,
                 JsonObject               *pod)
{
  guint64 *serial = g_hash_table_lookup (self->creation_order, _strata_sandbox_meta_get (pod, "uid"));

  return serial ? *serial : 0;
}

/* controller.ActivePods' order: the Pods it is cheapest to lose first. */
static int
compare_for_deletion (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  StrataSandboxControllers *self = user_data;
  JsonObject *left = json_node_get_object (*(JsonNode **)a);
  JsonObject *right = json_node_get_object (*(JsonNode **)b);
  gboolean left_bound = strata_json_object_get_string (strata_json_object_get_object (left, "spec"), "nodeName") != NULL;
  gboolean right_bound = strata_json_object_get_string (strata_json_object_get_object (right, "spec"), "nodeName") != NULL;
  gint64 left_time;
  gint64 right_time;
  guint64 left_serial;
  guint64 right_serial;

  if (left_bound != right_bound)
    return left_bound ? 1 : -1;
  if (phase_rank (left) != phase_rank (right))
    return phase_rank (left) - phase_rank (right);
  if (_strata_sandbox_pod_is_ready (left) != _strata_sandbox_pod_is_ready (right))
    return _strata_sandbox_pod_is_ready (left) ? 1 : -1;

  /* Newer first: ready more recently, then created more recently. */
  left_time = ready_since (left);
  right_time = ready_since (right);
  if (left_time != right_time)
    return left_time > right_time ? -1 : 1;
  left_time = _strata_sandbox_parse_timestamp (_strata_sandbox_meta_get (left, "creationTimestamp"));
  right_time = _strata_sandbox_parse_timestamp (_strata_sandbox_meta_get (right, "creationTimestamp"));
  if (left_time != right_time)
    return left_time > right_time ? -1 : 1;
  /* Timestamps have seconds only: within one, the order we created them. */
  left_serial = creation_serial (self, left);
  right_serial = creation_serial (self, right);
  if (left_serial != right_serial)
    return left_serial > right_serial ? -1 : 1;

  return -g_strcmp0 (_strata_sandbox_meta_get (left, "name"), _strata_sandbox_meta_get (right, "name"));
}

void
_strata_sandbox_pods_sort_for_deletion (StrataSandboxControllers *self,
                                        GPtrArray                *pods)
{
  g_ptr_array_sort_with_data (pods, compare_for_deletion, self);
}

/* A Pod IP from the Node's podCIDR (10.244.N.0/24), the same for a Pod
 * every time it is asked for, and not one another Pod on the Node holds. */
static char *
allocate_pod_ip (StrataSandboxControllers *self,
                 JsonObject               *pod,
                 JsonObject               *node)
{
  const char *cidr = strata_json_object_get_string (strata_json_object_get_object (node, "spec"), "podCIDR");
  const char *node_name = _strata_sandbox_meta_get (node, "name");
  g_autoptr(GPtrArray) pods = _strata_sandbox_controllers_list (self, "v1", "Pod", NULL);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *prefix = NULL;
  const char *uid = _strata_sandbox_meta_get (pod, "uid");
  guint start = g_str_hash (uid ? uid : "") % 250;

  if (cidr != NULL && g_str_has_suffix (cidr, ".0/24"))
    prefix = g_strndup (cidr, strlen (cidr) - strlen ("0/24"));
  else
    prefix = g_strdup_printf ("10.244.%u.", g_str_hash (node_name ? node_name : "") % 250);

  for (guint i = 0; i < pods->len; i++)
    {
      JsonObject *other = json_node_get_object (g_ptr_array_index (pods, i));
      const char *ip = strata_json_object_get_string (strata_json_object_get_object (other, "status"), "podIP");

      if (ip != NULL && _strata_sandbox_pod_is_active (other) &&
          g_strcmp0 (_strata_sandbox_meta_get (other, "uid"), _strata_sandbox_meta_get (pod, "uid")) != 0)
        g_hash_table_add (used, g_strdup (ip));
    }

  for (guint i = 0; i < 250; i++)
    {
      char *ip = g_strdup_printf ("%s%u", prefix, 2 + (start + i) % 250);

      if (!g_hash_table_contains (used, ip))
        return ip;
      g_free (ip);
    }

  return g_strdup_printf ("%s%u", prefix, 2 + start);
}

/* Binds @pod (fresh from the store) to a Node; returns the bound Pod, or
 * NULL when it has to wait for room. */
static JsonNode *
schedule (StrataSandboxControllers *self,
          JsonNode                 *pod_node,
          const char               *key)
{
  JsonObject *pod = json_node_get_object (pod_node);
  g_autoptr(JsonNode) chosen = NULL;
  g_autoptr(JsonNode) bound = NULL;
  g_autofree char *message = NULL;
  JsonObject *spec;

  chosen = _strata_sandbox_pods_choose_node (self, pod, &message);
  if (chosen == NULL)
    {
      g_autoptr(JsonNode) status = _strata_sandbox_status_copy (pod);
      JsonObject *previous = _strata_sandbox_find_condition (strata_json_object_get_object (pod, "status"), "PodScheduled");

      g_hash_table_add (self->unschedulable, g_strdup (key));
      /* What the API server fills on create, for a Pod written without. */
      if (strata_json_object_get_string (json_node_get_object (status), "phase") == NULL)
        json_object_set_string_member (json_node_get_object (status), "phase", "Pending");
      json_object_set_string_member (json_node_get_object (status), "qosClass", _strata_sandbox_pod_qos_class (pod));
      _strata_sandbox_set_condition (json_node_get_object (status), "PodScheduled", "False", "Unschedulable", message, TRUE, FALSE);
      /* One event per new reason, not one per retry. */
      if (g_strcmp0 (strata_json_object_get_string (previous, "message"), message) != 0)
        _strata_sandbox_controllers_record_event (self, pod, "Warning", "FailedScheduling", "default-scheduler", NULL,
                                                  "%s", message);
      _strata_sandbox_controllers_write_status (self, pod_node, status);
      return NULL;
    }

  g_hash_table_remove (self->unschedulable, key);
  spec = _strata_sandbox_json_ensure_object (pod, "spec");
  json_object_set_string_member (spec, "nodeName", _strata_sandbox_meta_get (json_node_get_object (chosen), "name"));
  bound = _strata_sandbox_controllers_update (self, pod_node);
  if (bound == NULL)
    return NULL;

  _strata_sandbox_controllers_record_event (self, json_node_get_object (bound), "Normal", "Scheduled", "default-scheduler", NULL,
                                            "Successfully assigned %s/%s to %s",
                                            _strata_sandbox_meta_get (pod, "namespace"), _strata_sandbox_meta_get (pod, "name"),
                                            _strata_sandbox_meta_get (json_node_get_object (chosen), "name"));
  return g_steal_pointer (&bound);
}

static void
schedule_completion (StrataSandboxControllers *self,
                     JsonObject               *pod,
                     const char               *key)
{
  const char *started = strata_json_object_get_string (strata_json_object_get_object (pod, "status"), "startTime");
  gint64 done = _strata_sandbox_parse_timestamp (started) + (gint64)self->job_duration * 1000;
  gint64 wait = (done - g_get_real_time ()) / 1000;

  _strata_sandbox_controllers_schedule (self, "complete", key, CLAMP (wait, 0, self->job_duration));
}

void
_strata_sandbox_pods_sync (StrataSandboxControllers *self,
                           const char               *namespace_,
                           const char               *name)
{
  g_autofree char *key = _strata_sandbox_object_key ("v1", "Pod", namespace_, name);
  g_autoptr(JsonNode) node = _strata_sandbox_controllers_get (self, "v1", "Pod", namespace_, name);
  g_autoptr(JsonNode) host = NULL;
  g_autoptr(JsonNode) status = NULL;
  JsonObject *pod;
  const char *node_name;
  const char *phase;

  if (node == NULL || !_strata_sandbox_pod_is_active (json_node_get_object (node)))
    {
      _strata_sandbox_controllers_cancel (self, "start", key);
      _strata_sandbox_controllers_cancel (self, "complete", key);
      g_hash_table_remove (self->unschedulable, key);
      return;
    }

  pod = json_node_get_object (node);
  node_name = strata_json_object_get_string (strata_json_object_get_object (pod, "spec"), "nodeName");
  if (node_name == NULL)
    {
      JsonNode *bound = schedule (self, node, key);

      if (bound == NULL)
        return;
      g_clear_pointer (&node, json_node_unref);
      node = bound;
      pod = json_node_get_object (node);
      node_name = strata_json_object_get_string (strata_json_object_get_object (pod, "spec"), "nodeName");
    }

  host = _strata_sandbox_controllers_get (self, "v1", "Node", NULL, node_name);
  if (host == NULL)
    {
      /* What the Pod garbage collector does with Pods of a Node that is
       * gone; their controllers make new ones elsewhere. */
      _strata_sandbox_controllers_delete (self, pod, "Background");
      return;
    }

  phase = strata_json_object_get_string (strata_json_object_get_object (pod, "status"), "phase");
  if (g_strcmp0 (phase, "Running") == 0)
    {
      if (is_job_pod (pod))
        schedule_completion (self, pod, key);
      return;
    }

  status = _strata_sandbox_pod_status_accepted (pod, json_node_get_object (host));
  _strata_sandbox_controllers_write_status (self, node, status);
  _strata_sandbox_controllers_schedule (self, "start", key, self->pod_start_delay);
}

void
_strata_sandbox_pods_start (StrataSandboxControllers *self,
                            const char               *namespace_,
                            const char               *name)
{
  g_autoptr(JsonNode) node = _strata_sandbox_controllers_get (self, "v1", "Pod", namespace_, name);
  g_autoptr(JsonNode) host = NULL;
  g_autoptr(JsonNode) status_node = NULL;
  g_autofree char *ip = NULL;
  g_autofree char *key = NULL;
  JsonObject *pod;
  JsonArray *containers;
  const char *node_name;

  if (node == NULL)
    return;
  pod = json_node_get_object (node);
  node_name = strata_json_object_get_string (strata_json_object_get_object (pod, "spec"), "nodeName");
  if (!_strata_sandbox_pod_is_active (pod) || node_name == NULL ||
      g_strcmp0 (strata_json_object_get_string (strata_json_object_get_object (pod, "status"), "phase"), "Pending") != 0)
    return;
  host = _strata_sandbox_controllers_get (self, "v1", "Node", NULL, node_name);
  if (host == NULL)
    return;

  if (_strata_sandbox_json_get_bool (strata_json_object_get_object (pod, "spec"), "hostNetwork"))
    ip = g_strdup (_strata_sandbox_node_internal_ip (json_node_get_object (host)));
  else
    ip = allocate_pod_ip (self, pod, json_node_get_object (host));
  status_node = _strata_sandbox_pod_status_running (pod, json_node_get_object (host), ip);

  if (!_strata_sandbox_controllers_write_status (self, node, status_node))
    return;

  containers = strata_json_object_get_array (strata_json_object_get_object (pod, "spec"), "containers");
  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonNode *element = json_array_get_element (containers, i);
      JsonObject *container = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *container_name = strata_json_object_get_string (container, "name");
      const char *image = strata_json_object_get_string (container, "image");

      _strata_sandbox_controllers_record_event (self, pod, "Normal", "Pulled", "kubelet", node_name,
                                                "Container image \"%s\" already present on machine", image ? image : "");
      _strata_sandbox_controllers_record_event (self, pod, "Normal", "Created", "kubelet", node_name,
                                                "Created container %s", container_name ? container_name : "");
      _strata_sandbox_controllers_record_event (self, pod, "Normal", "Started", "kubelet", node_name,
                                                "Started container %s", container_name ? container_name : "");
    }

  if (is_job_pod (pod))
    {
      key = _strata_sandbox_object_key ("v1", "Pod", namespace_, name);
      _strata_sandbox_controllers_schedule (self, "complete", key, self->job_duration);
    }
}

void
_strata_sandbox_pods_complete (StrataSandboxControllers *self,
                               const char               *namespace_,
                               const char               *name)
{
  g_autoptr(JsonNode) node = _strata_sandbox_controllers_get (self, "v1", "Pod", namespace_, name);
  g_autoptr(JsonNode) status_node = NULL;
  JsonObject *pod;

  if (node == NULL)
    return;
  pod = json_node_get_object (node);
  if (!_strata_sandbox_pod_is_active (pod) || !is_job_pod (pod) ||
      g_strcmp0 (strata_json_object_get_string (strata_json_object_get_object (pod, "status"), "phase"), "Running") != 0)
    return;

  status_node = _strata_sandbox_pod_status_succeeded (pod);
  _strata_sandbox_controllers_write_status (self, node, status_node);
}

void
_strata_sandbox_pods_retry_unschedulable (StrataSandboxControllers *self)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->unschedulable);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, g_strdup (key));

  for (guint i = 0; i < keys->len; i++)
    {
      g_auto(GStrv) parts = NULL;

      if (_strata_sandbox_object_key_split (g_ptr_array_index (keys, i), &parts))
        _strata_sandbox_controllers_enqueue (self, parts[0], parts[1], _strata_sandbox_object_key_namespace (parts), parts[3]);
    }
}

/* Storage: the sandbox provisions whatever a claim asks for at once, as a
 * local-path provisioner would. */
void
_strata_sandbox_pvcs_sync (StrataSandboxControllers *self,
                           const char               *namespace_,
                           const char               *name)
{
  g_autoptr(JsonNode) node = _strata_sandbox_controllers_get (self, "v1", "PersistentVolumeClaim", namespace_, name);
  g_autoptr(JsonNode) status_node = NULL;
  JsonObject *claim;
  JsonObject *spec;
  JsonObject *status;
  const char *storage;

  if (node == NULL || _strata_sandbox_is_being_deleted (json_node_get_object (node)))
    return;

  claim = json_node_get_object (node);
  spec = strata_json_object_get_object (claim, "spec");
  status_node = _strata_sandbox_status_copy (claim);
  status = json_node_get_object (status_node);
  json_object_set_string_member (status, "phase", "Bound");
  if (spec != NULL && json_object_has_member (spec, "accessModes"))
    json_object_set_member (status, "accessModes", strata_sandbox_json_copy (json_object_get_member (spec, "accessModes")));
  storage = strata_json_object_get_string (strata_json_object_get_object (strata_json_object_get_object (spec, "resources"),
                                                                          "requests"),
                                           "storage");
  if (storage != NULL)
    json_object_set_string_member (_strata_sandbox_json_ensure_object (status, "capacity"), "storage", storage);

  _strata_sandbox_controllers_write_status (self, node, status_node);
}
