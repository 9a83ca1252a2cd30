/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The StatefulSet and DaemonSet controllers: Pods with stable names made
 * one at a time in order (or all at once, for Parallel), their claims; and
 * one Pod per eligible Node. Both roll a new template out one Pod at a
 * time, replacing an outdated Pod only while the others are ready. */

#include "config.h"

#include <string.h>

#include "strata-sandbox-controllers-private.h"

#define REVISION_LABEL      "controller-revision-hash"
#define POD_NAME_LABEL      "statefulset.kubernetes.io/pod-name"
#define POD_INDEX_LABEL     "apps.kubernetes.io/pod-index"
#define TEMPLATE_GENERATION "pod-template-generation"

static JsonObject *
labels_of (JsonObject *object)
{
  return _strata_sandbox_json_ensure_object (_strata_sandbox_json_ensure_object (object, "metadata"), "labels");
}

static const char *
label (JsonObject *object,
       const char *name)
{
  return strata_json_object_get_string (strata_json_object_get_object (strata_json_object_get_object (object, "metadata"),
                                                                       "labels"),
                                        name);
}

static gint64
generation_of (JsonObject *object)
{
  return _strata_sandbox_json_get_int (strata_json_object_get_object (object, "metadata"), "generation", 1);
}

static gboolean
pod_running_and_ready (JsonObject *pod)
{
  return g_strcmp0 (strata_json_object_get_string (strata_json_object_get_object (pod, "status"), "phase"), "Running") == 0 &&
         _strata_sandbox_pod_is_ready (pod);
}

static void
schedule_availability_check (StrataSandboxControllers *self,
                             const char               *kind,
                             const char               *namespace_,
                             const char               *name,
                             gint64                    wait_msec)
{
  g_autofree char *key = NULL;

  if (wait_msec <= 0)
    return;

  key = _strata_sandbox_object_key ("apps/v1", kind, namespace_, name);
  _strata_sandbox_controllers_schedule (self, "resync", key, MIN (wait_msec, G_MAXUINT));
}

/* StatefulSets */

/* The ordinal of a Pod named after its set, or -1. */
static gint64
ordinal_of (const char *set_name,
            const char *pod_name)
{
  gsize length = strlen (set_name);
  guint64 ordinal;

  if (!g_str_has_prefix (pod_name, set_name) || pod_name[length] != '-' || pod_name[length + 1] == '\0')
    return -1;
  if (!g_ascii_string_to_unsigned (pod_name + length + 1, 10, 0, G_MAXINT32, &ordinal, NULL))
    return -1;

  return (gint64)ordinal;
}

static void
ensure_claims (StrataSandboxControllers *self,
               JsonObject               *set,
               const char               *pod_name,
               JsonObject               *pod_spec)
{
  JsonObject *spec = strata_json_object_get_object (set, "spec");
  JsonArray *templates = strata_json_object_get_array (spec, "volumeClaimTemplates");
  JsonObject *policy = strata_json_object_get_object (spec, "persistentVolumeClaimRetentionPolicy");
  gboolean owned = g_strcmp0 (strata_json_object_get_string (policy, "whenDeleted"), "Delete") == 0;
  const char *namespace_ = _strata_sandbox_meta_get (set, "namespace");
  JsonArray *volumes;

  if (templates == NULL || json_array_get_length (templates) == 0)
    return;

  volumes = strata_json_object_get_array (pod_spec, "volumes");
  if (volumes == NULL)
    {
      volumes = json_array_new ();
      json_object_set_array_member (pod_spec, "volumes", volumes);
    }

  for (guint i = 0; i < json_array_get_length (templates); i++)
    {
      JsonNode *element = json_array_get_element (templates, i);
      JsonObject *template_ = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *template_name = _strata_sandbox_meta_get (template_, "name");
      g_autofree char *claim_name = NULL;
      g_autoptr(JsonNode) existing = NULL;
      JsonObject *volume;
      JsonObject *source;

      if (template_name == NULL)
        continue;
      claim_name = g_strdup_printf ("%s-%s", template_name, pod_name);

      existing = _strata_sandbox_controllers_get (self, "v1", "PersistentVolumeClaim", namespace_, claim_name);
      if (existing == NULL)
        {
          g_autoptr(JsonNode) claim = strata_sandbox_json_new_object ();
          g_autoptr(JsonNode) created = NULL;
          JsonObject *object = json_node_get_object (claim);
          JsonObject *metadata = _strata_sandbox_json_ensure_object (object, "metadata");
          JsonObject *selector = strata_json_object_get_object (strata_json_object_get_object (spec, "selector"), "matchLabels");
          JsonObject *claim_labels;
          JsonObject *template_labels = strata_json_object_get_object (strata_json_object_get_object (template_, "metadata"), "labels");
          g_autoptr(GList) keys = NULL;

          json_object_set_string_member (object, "apiVersion", "v1");
          json_object_set_string_member (object, "kind", "PersistentVolumeClaim");
          json_object_set_string_member (metadata, "name", claim_name);
          json_object_set_string_member (metadata, "namespace", namespace_);
          claim_labels = labels_of (object);
          keys = template_labels ? json_object_get_members (template_labels) : NULL;
          for (GList *l = keys; l != NULL; l = l->next)
            json_object_set_member (claim_labels, l->data, strata_sandbox_json_copy (json_object_get_member (template_labels, l->data)));
          g_clear_pointer (&keys, g_list_free);
          keys = selector ? json_object_get_members (selector) : NULL;
          for (GList *l = keys; l != NULL; l = l->next)
            json_object_set_member (claim_labels, l->data, strata_sandbox_json_copy (json_object_get_member (selector, l->data)));
          if (owned)
            {
              JsonArray *references = json_array_new ();

              json_array_add_element (references, _strata_sandbox_owner_reference_new (set));
              json_object_set_array_member (metadata, "ownerReferences", references);
            }
          if (json_object_has_member (template_, "spec"))
            json_object_set_member (object, "spec", strata_sandbox_json_copy (json_object_get_member (template_, "spec")));
          json_object_set_string_member (_strata_sandbox_json_ensure_object (object, "status"), "phase", "Pending");
          created = _strata_sandbox_controllers_create (self, claim);
        }

      for (guint v = json_array_get_length (volumes); v > 0; v--)
        {
          JsonNode *volume_node = json_array_get_element (volumes, v - 1);

          if (JSON_NODE_HOLDS_OBJECT (volume_node) &&
              g_strcmp0 (strata_json_object_get_string (json_node_get_object (volume_node), "name"), template_name) == 0)
            json_array_remove_element (volumes, v - 1);
        }
      volume = json_object_new ();
      source = json_object_new ();
      json_object_set_string_member (volume, "name", template_name);
      json_object_set_string_member (source, "claimName", claim_name);
      json_object_set_object_member (volume, "persistentVolumeClaim", source);
      json_array_add_object_element (volumes, volume);
    }
}

static void
create_stateful_pod (StrataSandboxControllers *self,
                     JsonObject               *set,
                     gint64                    ordinal,
                     const char               *revision)
{
  const char *set_name = _strata_sandbox_meta_get (set, "name");
  JsonObject *spec = strata_json_object_get_object (set, "spec");
  g_autofree char *pod_name = g_strdup_printf ("%s-%" G_GINT64_FORMAT, set_name, ordinal);
  g_autofree char *index = g_strdup_printf ("%" G_GINT64_FORMAT, ordinal);
  g_autoptr(JsonNode) pod = _strata_sandbox_pods_new_from_template (set, strata_json_object_get_object (spec, "template"), pod_name, NULL);
  g_autoptr(JsonNode) created = NULL;
  JsonObject *object = json_node_get_object (pod);
  JsonObject *labels = labels_of (object);
  JsonObject *pod_spec = _strata_sandbox_json_ensure_object (object, "spec");
  const char *service = strata_json_object_get_string (spec, "serviceName");

  json_object_set_string_member (labels, REVISION_LABEL, revision);
  json_object_set_string_member (labels, POD_NAME_LABEL, pod_name);
  json_object_set_string_member (labels, POD_INDEX_LABEL, index);
  json_object_set_string_member (pod_spec, "hostname", pod_name);
  if (service != NULL && *service != '\0')
    json_object_set_string_member (pod_spec, "subdomain", service);
  ensure_claims (self, set, pod_name, pod_spec);

  created = _strata_sandbox_pods_create (self, pod);
  if (created != NULL)
    _strata_sandbox_controllers_record_event (self, set, "Normal", "SuccessfulCreate", "statefulset-controller", NULL,
                                              "create Pod %s in StatefulSet %s successful", pod_name, set_name);
}

static void
delete_stateful_pod (StrataSandboxControllers *self,
                     JsonObject               *set,
                     JsonObject               *pod)
{
  if (_strata_sandbox_controllers_delete (self, pod, NULL))
    _strata_sandbox_controllers_record_event (self, set, "Normal", "SuccessfulDelete", "statefulset-controller", NULL,
                                              "delete Pod %s in StatefulSet %s successful",
                                              _strata_sandbox_meta_get (pod, "name"), _strata_sandbox_meta_get (set, "name"));
}

/* One step of the StatefulSet's plan; with OrderedReady it stops at the
 * first Pod it made, removed or waits for. */
static void
manage_stateful_pods (StrataSandboxControllers *self,
                      JsonObject               *set,
                      GPtrArray                *pods,
                      const char               *update_revision)
{
  JsonObject *spec = strata_json_object_get_object (set, "spec");
  gint64 replicas = MAX (_strata_sandbox_json_get_int (spec, "replicas", 1), 0);
  gboolean parallel = g_strcmp0 (strata_json_object_get_string (spec, "podManagementPolicy"), "Parallel") == 0;
  JsonObject *strategy = strata_json_object_get_object (spec, "updateStrategy");
  gboolean rolling = g_strcmp0 (strata_json_object_get_string (strategy, "type"), "OnDelete") != 0;
  gint64 partition = _strata_sandbox_json_get_int (strata_json_object_get_object (strategy, "rollingUpdate"), "partition", 0);
  g_autoptr(GPtrArray) by_ordinal = g_ptr_array_new ();
  g_autoptr(GPtrArray) condemned = g_ptr_array_new ();
  const char *set_name = _strata_sandbox_meta_get (set, "name");
  gboolean all_ready = TRUE;

  g_ptr_array_set_size (by_ordinal, replicas);
  for (guint i = 0; i < pods->len; i++)
    {
      JsonObject *pod = json_node_get_object (g_ptr_array_index (pods, i));
      gint64 ordinal = ordinal_of (set_name, _strata_sandbox_meta_get (pod, "name"));

      if (_strata_sandbox_is_being_deleted (pod))
        {
          all_ready = FALSE;
          continue;
        }
      if (ordinal >= 0 && ordinal < replicas)
        g_ptr_array_index (by_ordinal, ordinal) = pod;
      else
        g_ptr_array_add (condemned, pod);
      if (!pod_running_and_ready (pod))
        all_ready = FALSE;
    }

  for (gint64 ordinal = 0; ordinal < replicas; ordinal++)
    {
      JsonObject *pod = g_ptr_array_index (by_ordinal, ordinal);

      if (pod != NULL && !_strata_sandbox_pod_is_active (pod))
        {
          /* A Pod that ran to its end is replaced under the same name. */
          delete_stateful_pod (self, set, pod);
          if (!parallel)
            return;
          continue;
        }
      if (pod == NULL)
        {
          create_stateful_pod (self, set, ordinal, update_revision);
          if (!parallel)
            return;
          all_ready = FALSE;
          continue;
        }
      if (!parallel && !pod_running_and_ready (pod))
        return;
    }

  /* Scale down from the highest ordinal, each once the others are ready. */
  for (guint i = condemned->len; i > 0; i--)
    {
      if (!parallel && !all_ready)
        return;
      delete_stateful_pod (self, set, g_ptr_array_index (condemned, i - 1));
      if (!parallel)
        return;
    }

  if (!rolling || !all_ready)
    return;
  for (gint64 ordinal = replicas - 1; ordinal >= MAX (partition, 0); ordinal--)
    {
      JsonObject *pod = g_ptr_array_index (by_ordinal, ordinal);

      if (pod != NULL && g_strcmp0 (label (pod, REVISION_LABEL), update_revision) != 0)
        {
          delete_stateful_pod (self, set, pod);
          return;
        }
    }
}

void
_strata_sandbox_workloads_sync_stateful_set (StrataSandboxControllers *self,
                                             const char               *namespace_,
                                             const char               *name)
{
  g_autoptr(JsonNode) node = _strata_sandbox_controllers_get (self, "apps/v1", "StatefulSet", namespace_, name);
  g_autoptr(GPtrArray) pods = NULL;
  g_autoptr(JsonNode) status_node = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *update_revision = NULL;
  g_autofree char *current_revision = NULL;
  JsonObject *set;
  JsonObject *spec;
  JsonObject *status;
  JsonNode *template_;
  const char *uid;
  gint64 replicas;
  gint64 count = 0;
  gint64 ready = 0;
  gint64 available = 0;
  gint64 current = 0;
  gint64 updated = 0;
  gint64 wait_msec = 0;
  gint64 now = g_get_real_time ();

  if (node == NULL)
    return;
  set = json_node_get_object (node);
  spec = strata_json_object_get_object (set, "spec");
  template_ = spec ? json_object_get_member (spec, "template") : NULL;
  if (template_ == NULL || !JSON_NODE_HOLDS_OBJECT (template_))
    return;

  uid = _strata_sandbox_meta_get (set, "uid");
  replicas = MAX (_strata_sandbox_json_get_int (spec, "replicas", 1), 0);
  hash = _strata_sandbox_template_hash (template_, 0);
  update_revision = g_strdup_printf ("%s-%s", name, hash);

  _strata_sandbox_gc_adopt (self, set, "v1", "Pod", strata_json_object_get_object (spec, "selector"));
  pods = _strata_sandbox_controllers_list_controlled (self, uid, "Pod");
  if (!_strata_sandbox_is_being_deleted (set))
    {
      manage_stateful_pods (self, set, pods, update_revision);
      g_clear_pointer (&pods, g_ptr_array_unref);
      pods = _strata_sandbox_controllers_list_controlled (self, uid, "Pod");
    }

  status_node = _strata_sandbox_status_copy (set);
  status = json_node_get_object (status_node);
  current_revision = g_strdup (strata_json_object_get_string (status, "currentRevision"));
  if (current_revision == NULL)
    current_revision = g_strdup (update_revision);

  for (guint i = 0; i < pods->len; i++)
    {
      JsonObject *pod = json_node_get_object (g_ptr_array_index (pods, i));

      if (!_strata_sandbox_pod_is_active (pod))
        continue;
      count++;
      if (_strata_sandbox_pod_is_ready (pod))
        ready++;
      if (_strata_sandbox_pod_is_available (pod, _strata_sandbox_json_get_int (spec, "minReadySeconds", 0), now, &wait_msec))
        available++;
      if (g_strcmp0 (label (pod, REVISION_LABEL), current_revision) == 0)
        current++;
      if (g_strcmp0 (label (pod, REVISION_LABEL), update_revision) == 0)
        updated++;
    }

  /* The update is complete once every Pod runs the new revision. */
  if (updated == replicas && count == replicas && g_strcmp0 (current_revision, update_revision) != 0)
    {
      g_free (current_revision);
      current_revision = g_strdup (update_revision);
      current = updated;
    }

  json_object_set_int_member (status, "observedGeneration", generation_of (set));
  _strata_sandbox_json_set_count (status, "replicas", count, FALSE);
  _strata_sandbox_json_set_count (status, "readyReplicas", ready, TRUE);
  _strata_sandbox_json_set_count (status, "currentReplicas", current, TRUE);
  _strata_sandbox_json_set_count (status, "updatedReplicas", updated, TRUE);
  json_object_set_string_member (status, "currentRevision", current_revision);
  json_object_set_string_member (status, "updateRevision", update_revision);
  json_object_set_int_member (status, "collisionCount", 0);
  _strata_sandbox_json_set_count (status, "availableReplicas", available, FALSE);
  _strata_sandbox_controllers_write_status (self, node, status_node);

  schedule_availability_check (self, "StatefulSet", namespace_, name, wait_msec);
}

/* DaemonSets */

/* The Node a DaemonSet Pod is meant for: its node name, or the one its
 * node affinity names before it is bound. */
static const char *
target_node (JsonObject *pod)
{
  JsonObject *spec = strata_json_object_get_object (pod, "spec");
  const char *node_name = strata_json_object_get_string (spec, "nodeName");
  JsonObject *required;
  JsonArray *terms;

  if (node_name != NULL)
    return node_name;

  required = strata_json_object_get_object (strata_json_object_get_object (strata_json_object_get_object (spec, "affinity"),
                                                                           "nodeAffinity"),
                                            "requiredDuringSchedulingIgnoredDuringExecution");
  terms = strata_json_object_get_array (required, "nodeSelectorTerms");
  for (guint i = 0; terms != NULL && i < json_array_get_length (terms); i++)
    {
      JsonNode *term = json_array_get_element (terms, i);
      JsonArray *fields = JSON_NODE_HOLDS_OBJECT (term) ?
                          strata_json_object_get_array (json_node_get_object (term), "matchFields") : NULL;

      for (guint j = 0; fields != NULL && j < json_array_get_length (fields); j++)
        {
          JsonNode *field = json_array_get_element (fields, j);
          JsonObject *requirement = JSON_NODE_HOLDS_OBJECT (field) ? json_node_get_object (field) : NULL;
          JsonArray *values = strata_json_object_get_array (requirement, "values");

          if (g_strcmp0 (strata_json_object_get_string (requirement, "key"), "metadata.name") == 0 &&
              values != NULL && json_array_get_length (values) == 1)
            return _strata_sandbox_json_array_get_string (values, 0);
        }
    }

  return NULL;
}

static void
add_toleration (JsonArray  *tolerations,
                const char *key,
                const char *effect)
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
  json_object_set_string_member (toleration, "effect", effect);
  json_array_add_object_element (tolerations, toleration);
}

static void
create_daemon_pod (StrataSandboxControllers *self,
                   JsonObject               *set,
                   const char               *node_name,
                   const char               *hash)
{
  JsonObject *spec = strata_json_object_get_object (set, "spec");
  g_autofree char *prefix = g_strconcat (_strata_sandbox_meta_get (set, "name"), "-", NULL);
  g_autofree char *generation = g_strdup_printf ("%" G_GINT64_FORMAT, generation_of (set));
  g_autoptr(JsonNode) pod = _strata_sandbox_pods_new_from_template (set, strata_json_object_get_object (spec, "template"), NULL, prefix);
  g_autoptr(JsonNode) created = NULL;
  JsonObject *object = json_node_get_object (pod);
  JsonObject *pod_spec = _strata_sandbox_json_ensure_object (object, "spec");
  JsonObject *node_affinity;
  JsonObject *required = json_object_new ();
  JsonArray *terms = json_array_new ();
  JsonArray *fields = json_array_new ();
  JsonArray *values = json_array_new ();
  JsonObject *term = json_object_new ();
  JsonObject *field = json_object_new ();
  JsonArray *tolerations;

  json_object_set_string_member (labels_of (object), REVISION_LABEL, hash);
  json_object_set_string_member (labels_of (object), TEMPLATE_GENERATION, generation);

  /* As the DaemonSet controller does: the default scheduler places the Pod,
   * held to its Node by affinity. */
  json_array_add_string_element (values, node_name);
  json_object_set_string_member (field, "key", "metadata.name");
  json_object_set_string_member (field, "operator", "In");
  json_object_set_array_member (field, "values", values);
  json_array_add_object_element (fields, field);
  json_object_set_array_member (term, "matchFields", fields);
  json_array_add_object_element (terms, term);
  json_object_set_array_member (required, "nodeSelectorTerms", terms);
  node_affinity = _strata_sandbox_json_ensure_object (_strata_sandbox_json_ensure_object (pod_spec, "affinity"), "nodeAffinity");
  json_object_set_object_member (node_affinity, "requiredDuringSchedulingIgnoredDuringExecution", required);

  tolerations = strata_json_object_get_array (pod_spec, "tolerations");
  if (tolerations == NULL)
    {
      tolerations = json_array_new ();
      json_object_set_array_member (pod_spec, "tolerations", tolerations);
    }
  add_toleration (tolerations, "node.kubernetes.io/not-ready", "NoExecute");
  add_toleration (tolerations, "node.kubernetes.io/unreachable", "NoExecute");
  add_toleration (tolerations, "node.kubernetes.io/disk-pressure", "NoSchedule");
  add_toleration (tolerations, "node.kubernetes.io/memory-pressure", "NoSchedule");
  add_toleration (tolerations, "node.kubernetes.io/pid-pressure", "NoSchedule");
  add_toleration (tolerations, "node.kubernetes.io/unschedulable", "NoSchedule");

  created = _strata_sandbox_pods_create (self, pod);
  if (created != NULL)
    _strata_sandbox_controllers_record_event (self, set, "Normal", "SuccessfulCreate", "daemonset-controller", NULL,
                                              "Created pod: %s", _strata_sandbox_meta_get (json_node_get_object (created), "name"));
}

static void
delete_daemon_pod (StrataSandboxControllers *self,
                   JsonObject               *set,
                   JsonObject               *pod)
{
  if (_strata_sandbox_controllers_delete (self, pod, NULL))
    _strata_sandbox_controllers_record_event (self, set, "Normal", "SuccessfulDelete", "daemonset-controller", NULL,
                                              "Deleted pod: %s", _strata_sandbox_meta_get (pod, "name"));
}

static GPtrArray *
eligible_nodes (StrataSandboxControllers *self,
                JsonObject               *set)
{
  JsonObject *template_ = strata_json_object_get_object (strata_json_object_get_object (set, "spec"), "template");
  g_autoptr(GPtrArray) nodes = _strata_sandbox_controllers_list (self, "v1", "Node", NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < nodes->len; i++)
    {
      JsonObject *node = json_node_get_object (g_ptr_array_index (nodes, i));

      if (_strata_sandbox_pod_selects_node (template_, node))
        g_ptr_array_add (names, g_strdup (_strata_sandbox_meta_get (node, "name")));
    }

  return names;
}

static void
manage_daemon_pods (StrataSandboxControllers *self,
                    JsonObject               *set,
                    GPtrArray                *pods,
                    GPtrArray                *nodes,
                    const char               *hash)
{
  JsonObject *spec = strata_json_object_get_object (set, "spec");
  JsonObject *strategy = strata_json_object_get_object (spec, "updateStrategy");
  gboolean rolling = g_strcmp0 (strata_json_object_get_string (strategy, "type"), "OnDelete") != 0;
  gint64 max_unavailable = _strata_sandbox_scaled_value (strata_json_object_get_object (strategy, "rollingUpdate"),
                                                         "maxUnavailable", nodes->len, "1", TRUE);
  gint64 unavailable = 0;

  for (guint n = 0; n < nodes->len; n++)
    {
      const char *node_name = g_ptr_array_index (nodes, n);
      g_autoptr(GPtrArray) here = g_ptr_array_new ();

      for (guint i = 0; i < pods->len; i++)
        {
          JsonObject *pod = json_node_get_object (g_ptr_array_index (pods, i));

          if (_strata_sandbox_pod_is_active (pod) && g_strcmp0 (target_node (pod), node_name) == 0)
            g_ptr_array_add (here, g_ptr_array_index (pods, i));
        }

      if (here->len == 0)
        {
          create_daemon_pod (self, set, node_name, hash);
          unavailable++;
          continue;
        }

      /* One per Node: the surplus goes, newest first. */
      _strata_sandbox_pods_sort_for_deletion (self, here);
      for (guint i = 0; i + 1 < here->len; i++)
        delete_daemon_pod (self, set, json_node_get_object (g_ptr_array_index (here, i)));
      if (!_strata_sandbox_pod_is_ready (json_node_get_object (g_ptr_array_index (here, here->len - 1))))
        unavailable++;
    }

  for (guint i = 0; i < pods->len; i++)
    {
      JsonObject *pod = json_node_get_object (g_ptr_array_index (pods, i));
      const char *node_name = target_node (pod);

      if (!_strata_sandbox_pod_is_active (pod))
        {
          /* A daemon that exited is restarted by a new Pod. */
          if (!_strata_sandbox_is_being_deleted (pod))
            delete_daemon_pod (self, set, pod);
          continue;
        }
      if (node_name == NULL || !g_ptr_array_find_with_equal_func (nodes, node_name, g_str_equal, NULL))
        delete_daemon_pod (self, set, pod);
    }

  if (!rolling)
    return;

  for (guint i = 0; i < pods->len && unavailable < max_unavailable; i++)
    {
      JsonObject *pod = json_node_get_object (g_ptr_array_index (pods, i));

      if (_strata_sandbox_pod_is_active (pod) && g_strcmp0 (label (pod, REVISION_LABEL), hash) != 0)
        {
          delete_daemon_pod (self, set, pod);
          unavailable++;
        }
    }
}

void
_strata_sandbox_workloads_sync_daemon_set (StrataSandboxControllers *self,
                                           const char               *namespace_,
                                           const char               *name)
{
  g_autoptr(JsonNode) node = _strata_sandbox_controllers_get (self, "apps/v1", "DaemonSet", namespace_, name);
  g_autoptr(GPtrArray) pods = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GHashTable) scheduled = NULL;
  g_autoptr(JsonNode) status_node = NULL;
  g_autofree char *hash = NULL;
  JsonObject *set;
  JsonObject *spec;
  JsonObject *status;
  JsonNode *template_;
  const char *uid;
  gint64 misscheduled = 0;
  gint64 ready = 0;
  gint64 updated = 0;
  gint64 available = 0;
  gint64 wait_msec = 0;
  gint64 now = g_get_real_time ();

  if (node == NULL)
    return;
  set = json_node_get_object (node);
  spec = strata_json_object_get_object (set, "spec");
  template_ = spec ? json_object_get_member (spec, "template") : NULL;
  if (template_ == NULL || !JSON_NODE_HOLDS_OBJECT (template_))
    return;

  uid = _strata_sandbox_meta_get (set, "uid");
  hash = _strata_sandbox_template_hash (template_, 0);
  nodes = eligible_nodes (self, set);
  _strata_sandbox_gc_adopt (self, set, "v1", "Pod", strata_json_object_get_object (spec, "selector"));
  pods = _strata_sandbox_controllers_list_controlled (self, uid, "Pod");
  if (!_strata_sandbox_is_being_deleted (set))
    {
      manage_daemon_pods (self, set, pods, nodes, hash);
      g_clear_pointer (&pods, g_ptr_array_unref);
      pods = _strata_sandbox_controllers_list_controlled (self, uid, "Pod");
    }

  scheduled = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < pods->len; i++)
    {
      JsonObject *pod = json_node_get_object (g_ptr_array_index (pods, i));
      const char *node_name = target_node (pod);

      if (!_strata_sandbox_pod_is_active (pod) || node_name == NULL)
        continue;
      if (!g_ptr_array_find_with_equal_func (nodes, node_name, g_str_equal, NULL))
        {
          misscheduled++;
          continue;
        }
      g_hash_table_add (scheduled, (gpointer)node_name);
      if (_strata_sandbox_pod_is_ready (pod))
        ready++;
      if (_strata_sandbox_pod_is_available (pod, _strata_sandbox_json_get_int (spec, "minReadySeconds", 0), now, &wait_msec))
        available++;
      if (g_strcmp0 (label (pod, REVISION_LABEL), hash) == 0)
        updated++;
    }

  status_node = _strata_sandbox_status_copy (set);
  status = json_node_get_object (status_node);
  json_object_set_int_member (status, "currentNumberScheduled", g_hash_table_size (scheduled));
  json_object_set_int_member (status, "numberMisscheduled", misscheduled);
  json_object_set_int_member (status, "desiredNumberScheduled", nodes->len);
  json_object_set_int_member (status, "numberReady", ready);
  json_object_set_int_member (status, "observedGeneration", generation_of (set));
  _strata_sandbox_json_set_count (status, "updatedNumberScheduled", updated, TRUE);
  _strata_sandbox_json_set_count (status, "numberAvailable", available, TRUE);
  _strata_sandbox_json_set_count (status, "numberUnavailable", MAX ((gint64)nodes->len - available, 0), TRUE);
  _strata_sandbox_controllers_write_status (self, node, status_node);

  schedule_availability_check (self, "DaemonSet", namespace_, name, wait_msec);
}
