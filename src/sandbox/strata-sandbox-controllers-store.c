/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The controllers' side of the store: object keys, the kinds there are,
 * reads, and writes that log instead of fail (a controller retries on the
 * next change) and happen only when something differs; Events, and their
 * expiry. */

#include "config.h"

#include "strata-sandbox-controllers-private.h"

/* Events live an hour, as with the API server's default --event-ttl. */
#define EVENT_TTL_SECONDS 3600

/* The built-in kinds whose objects the garbage collector and the namespace
 * controller look through; CustomResourceDefinitions add theirs. */
static const struct {
  const char *api_version;
  const char *kind;
  gboolean    namespaced;
} builtin_kinds[] = {
  { "v1", "Namespace", FALSE },
  { "v1", "Node", FALSE },
  { "v1", "PersistentVolume", FALSE },
  { "v1", "Pod", TRUE },
  { "v1", "Service", TRUE },
  { "v1", "Endpoints", TRUE },
  { "v1", "ConfigMap", TRUE },
  { "v1", "Secret", TRUE },
  { "v1", "ServiceAccount", TRUE },
  { "v1", "PersistentVolumeClaim", TRUE },
  { "v1", "Event", TRUE },
  { "v1", "LimitRange", TRUE },
  { "v1", "ResourceQuota", TRUE },
  { "apps/v1", "Deployment", TRUE },
  { "apps/v1", "ReplicaSet", TRUE },
  { "apps/v1", "StatefulSet", TRUE },
  { "apps/v1", "DaemonSet", TRUE },
  { "apps/v1", "ControllerRevision", TRUE },
  { "batch/v1", "Job", TRUE },
  { "batch/v1", "CronJob", TRUE },
  { "networking.k8s.io/v1", "Ingress", TRUE },
  { "networking.k8s.io/v1", "NetworkPolicy", TRUE },
  { "networking.k8s.io/v1", "IngressClass", FALSE },
  { "rbac.authorization.k8s.io/v1", "Role", TRUE },
  { "rbac.authorization.k8s.io/v1", "RoleBinding", TRUE },
  { "rbac.authorization.k8s.io/v1", "ClusterRole", FALSE },
  { "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", FALSE },
  { "apiextensions.k8s.io/v1", "CustomResourceDefinition", FALSE },
  { "policy/v1", "PodDisruptionBudget", TRUE },
  { "autoscaling/v2", "HorizontalPodAutoscaler", TRUE },
  { "coordination.k8s.io/v1", "Lease", TRUE },
  { "discovery.k8s.io/v1", "EndpointSlice", TRUE },
  { "storage.k8s.io/v1", "StorageClass", FALSE },
};

/* Object keys */

char *
_strata_sandbox_object_key (const char *api_version,
                            const char *kind,
                            const char *namespace_,
                            const char *name)
{
  return g_strjoin (" ", api_version, kind, namespace_ ? namespace_ : "", name, NULL);
}

char *
_strata_sandbox_object_key_of (JsonObject *object)
{
  return _strata_sandbox_object_key (strata_json_object_get_string (object, "apiVersion"),
                                     strata_json_object_get_string (object, "kind"),
                                     _strata_sandbox_meta_get (object, "namespace"),
                                     _strata_sandbox_meta_get (object, "name"));
}

gboolean
_strata_sandbox_object_key_split (const char  *key,
                                  char      ***parts)
{
  g_auto(GStrv) split = g_strsplit (key, " ", 4);

  if (g_strv_length (split) != 4)
    return FALSE;

  *parts = g_steal_pointer (&split);
  return TRUE;
}

const char *
_strata_sandbox_object_key_namespace (char **parts)
{
  return parts[2][0] != '\0' ? parts[2] : NULL;
}

JsonNode *
_strata_sandbox_controllers_get_by_key (StrataSandboxControllers *self,
                                        const char               *key)
{
  g_auto(GStrv) parts = NULL;

  if (!_strata_sandbox_object_key_split (key, &parts))
    return NULL;

  return _strata_sandbox_controllers_get (self, parts[0], parts[1], _strata_sandbox_object_key_namespace (parts), parts[3]);
}

/* Kinds */

void
_strata_sandbox_controllers_note_kind (StrataSandboxControllers *self,
                                       const char               *api_version,
                                       const char               *kind,
                                       gboolean                  namespaced)
{
  char *key = g_strconcat (api_version, " ", kind, NULL);

  g_hash_table_replace (self->kinds, key, GINT_TO_POINTER (namespaced));
}

void
_strata_sandbox_controllers_note_definition (StrataSandboxControllers *self,
                                             JsonObject               *definition)
{
  JsonObject *spec = strata_json_object_get_object (definition, "spec");
  const char *group = strata_json_object_get_string (spec, "group");
  const char *kind = strata_json_object_get_string (strata_json_object_get_object (spec, "names"), "kind");
  JsonArray *versions = strata_json_object_get_array (spec, "versions");
  gboolean namespaced = g_strcmp0 (strata_json_object_get_string (spec, "scope"), "Cluster") != 0;

  if (group == NULL || kind == NULL || versions == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (versions); i++)
    {
      JsonNode *version = json_array_get_element (versions, i);
      const char *name;
      g_autofree char *api_version = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (version))
        continue;
      name = strata_json_object_get_string (json_node_get_object (version), "name");
      if (name == NULL)
        continue;
      api_version = g_strconcat (group, "/", name, NULL);
      _strata_sandbox_controllers_note_kind (self, api_version, kind, namespaced);
    }
}

GPtrArray *
_strata_sandbox_controllers_known_kinds (StrataSandboxControllers *self,
                                         gboolean                  namespaced)
{
  GPtrArray *kinds = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, self->kinds);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_INT (value) == namespaced)
      g_ptr_array_add (kinds, g_strsplit (key, " ", 2));

  return kinds;
}

gboolean
_strata_sandbox_controllers_kind_is_namespaced (StrataSandboxControllers *self,
                                                const char               *api_version,
                                                const char               *kind,
                                                gboolean                 *known)
{
  g_autofree char *key = g_strconcat (api_version, " ", kind, NULL);
  gpointer value;
  gboolean found = g_hash_table_lookup_extended (self->kinds, key, NULL, &value);

  if (known != NULL)
    *known = found;
  return found ? GPOINTER_TO_INT (value) : TRUE;
}

/* The built-in kinds and those of the CustomResourceDefinitions. */
void
_strata_sandbox_controllers_reset_kinds (StrataSandboxControllers *self)
{
  g_autoptr(GPtrArray) definitions = NULL;

  g_hash_table_remove_all (self->kinds);
  for (guint i = 0; i < G_N_ELEMENTS (builtin_kinds); i++)
    _strata_sandbox_controllers_note_kind (self, builtin_kinds[i].api_version, builtin_kinds[i].kind, builtin_kinds[i].namespaced);

  definitions = _strata_sandbox_controllers_list (self, "apiextensions.k8s.io/v1", "CustomResourceDefinition", NULL);
  for (guint i = 0; i < definitions->len; i++)
    _strata_sandbox_controllers_note_definition (self, json_node_get_object (g_ptr_array_index (definitions, i)));
}


/* Store access */

static void
log_failure (const char   *what,
             JsonObject   *object,
             const GError *error)
{
  g_autofree char *key = _strata_sandbox_object_key_of (object);

  /* These are the races a controller meets and resolves on its next pass;
   * anything else means a controller wrote something the API refuses. */
  if (error->domain == STRATA_SANDBOX_ERROR &&
      (error->code == STRATA_SANDBOX_ERROR_NOT_FOUND || error->code == STRATA_SANDBOX_ERROR_CONFLICT ||
       error->code == STRATA_SANDBOX_ERROR_ALREADY_EXISTS || error->code == STRATA_SANDBOX_ERROR_FORBIDDEN))
    g_debug ("Could not %s %s: %s", what, key, error->message);
  else
    g_warning ("Could not %s %s: %s", what, key, error->message);
}

JsonNode *
_strata_sandbox_controllers_get (StrataSandboxControllers *self,
                                 const char               *api_version,
                                 const char               *kind,
                                 const char               *namespace_,
                                 const char               *name)
{
  return strata_sandbox_store_get (self->store, api_version, kind, namespace_, name);
}

GPtrArray *
_strata_sandbox_controllers_list (StrataSandboxControllers *self,
                                  const char               *api_version,
                                  const char               *kind,
                                  const char               *namespace_)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = strata_sandbox_store_list (self->store, api_version, kind, namespace_, NULL, &error);

  if (items == NULL)
    {
      g_debug ("Could not list %s %s: %s", api_version, kind, error->message);
      items = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
    }

  return items;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  JsonObject *left = json_node_get_object (*(JsonNode **)a);
  JsonObject *right = json_node_get_object (*(JsonNode **)b);

  return g_strcmp0 (_strata_sandbox_meta_get (left, "name"), _strata_sandbox_meta_get (right, "name"));
}

GPtrArray *
_strata_sandbox_controllers_list_controlled (StrataSandboxControllers *self,
                                             const char               *owner_uid,
                                             const char               *kind)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_autoptr(GPtrArray) keys = _strata_sandbox_gc_dependents_of (self, owner_uid);

  for (guint i = 0; i < keys->len; i++)
    {
      g_auto(GStrv) parts = NULL;
      JsonNode *node;

      if (!_strata_sandbox_object_key_split (g_ptr_array_index (keys, i), &parts) || !g_str_equal (parts[1], kind))
        continue;
      node = _strata_sandbox_controllers_get (self, parts[0], parts[1], _strata_sandbox_object_key_namespace (parts), parts[3]);
      if (node != NULL && g_strcmp0 (_strata_sandbox_controller_uid (json_node_get_object (node)), owner_uid) == 0)
        g_ptr_array_add (items, node);
      else if (node != NULL)
        json_node_unref (node);
    }

  g_ptr_array_sort (items, compare_names);
  return items;
}

JsonNode *
_strata_sandbox_controllers_create (StrataSandboxControllers *self,
                                    JsonNode                 *object)
{
  g_autoptr(GError) error = NULL;
  JsonNode *created = strata_sandbox_store_create (self->store, object, &error);

  if (created == NULL)
    log_failure ("create", json_node_get_object (object), error);

  return created;
}

JsonNode *
_strata_sandbox_controllers_update (StrataSandboxControllers *self,
                                    JsonNode                 *object)
{
  g_autoptr(GError) error = NULL;
  JsonNode *updated = strata_sandbox_store_update (self->store, object, &error);

  if (updated == NULL)
    log_failure ("update", json_node_get_object (object), error);

  return updated;
}

gboolean
_strata_sandbox_controllers_write_status (StrataSandboxControllers *self,
                                          JsonNode                 *object,
                                          JsonNode                 *status)
{
  JsonObject *target = json_node_get_object (object);
  JsonNode *current = json_object_get_member (target, "status");
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(GError) error = NULL;

  if (current != NULL && json_node_equal (current, status))
    return FALSE;

  json_object_set_member (target, "status", strata_sandbox_json_copy (status));
  updated = strata_sandbox_store_update_status (self->store, object, &error);
  if (updated == NULL)
    {
      log_failure ("update the status of", target, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
_strata_sandbox_controllers_delete (StrataSandboxControllers *self,
                                    JsonObject               *object,
                                    const char               *propagation_policy)
{
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(GError) error = NULL;

  deleted = strata_sandbox_store_delete (self->store,
                                         strata_json_object_get_string (object, "apiVersion"),
                                         strata_json_object_get_string (object, "kind"),
                                         _strata_sandbox_meta_get (object, "namespace"),
                                         _strata_sandbox_meta_get (object, "name"),
                                         propagation_policy, &error);
  if (deleted == NULL)
    {
      log_failure ("delete", object, error);
      return FALSE;
    }

  return TRUE;
}

void
_strata_sandbox_controllers_record_event (StrataSandboxControllers *self,
                                          JsonObject               *involved,
                                          const char               *type,
                                          const char               *reason,
                                          const char               *component,
                                          const char               *host,
                                          const char               *format,
                                          ...)
{
  const char *namespace_ = _strata_sandbox_meta_get (involved, "namespace");
  const char *name = _strata_sandbox_meta_get (involved, "name");
  g_autoptr(JsonNode) event = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *message = NULL;
  g_autofree char *event_name = NULL;
  g_autofree char *now = NULL;
  JsonObject *object;
  JsonObject *metadata;
  JsonObject *reference;
  JsonObject *source;
  gint64 real_time = g_get_real_time ();
  va_list args;

  if (namespace_ == NULL)
    namespace_ = "default";
  /* A terminating namespace refuses new objects. */
  if (name == NULL || g_hash_table_contains (self->terminating, namespace_))
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* The recorder's naming: the object's name and the time in nanoseconds,
   * in hex; the serial keeps two events of one microsecond apart. */
  event_name = g_strdup_printf ("%s.%" G_GINT64_MODIFIER "x", name, real_time * 1000 + (self->event_serial++ % 1000));
  now = _strata_sandbox_timestamp (real_time);

  event = json_node_new (JSON_NODE_OBJECT);
  object = json_object_new ();
  json_node_take_object (event, object);
  json_object_set_string_member (object, "apiVersion", "v1");
  json_object_set_string_member (object, "kind", "Event");
  metadata = _strata_sandbox_json_ensure_object (object, "metadata");
  json_object_set_string_member (metadata, "name", event_name);
  json_object_set_string_member (metadata, "namespace", namespace_);

  reference = _strata_sandbox_json_ensure_object (object, "involvedObject");
  json_object_set_string_member (reference, "apiVersion", strata_json_object_get_string (involved, "apiVersion"));
  json_object_set_string_member (reference, "kind", strata_json_object_get_string (involved, "kind"));
  if (_strata_sandbox_meta_get (involved, "namespace") != NULL)
    json_object_set_string_member (reference, "namespace", namespace_);
  json_object_set_string_member (reference, "name", name);
  if (_strata_sandbox_meta_get (involved, "uid") != NULL)
    json_object_set_string_member (reference, "uid", _strata_sandbox_meta_get (involved, "uid"));
  if (_strata_sandbox_meta_get (involved, "resourceVersion") != NULL)
    json_object_set_string_member (reference, "resourceVersion", _strata_sandbox_meta_get (involved, "resourceVersion"));

  json_object_set_string_member (object, "reason", reason);
  json_object_set_string_member (object, "message", message);
  source = _strata_sandbox_json_ensure_object (object, "source");
  json_object_set_string_member (source, "component", component);
  if (host != NULL)
    json_object_set_string_member (source, "host", host);
  json_object_set_string_member (object, "firstTimestamp", now);
  json_object_set_string_member (object, "lastTimestamp", now);
  json_object_set_int_member (object, "count", 1);
  json_object_set_string_member (object, "type", type);
  json_object_set_null_member (object, "eventTime");
  json_object_set_string_member (object, "reportingComponent", component);
  json_object_set_string_member (object, "reportingInstance", host ? host : "");

  created = _strata_sandbox_controllers_create (self, event);
}

/* Events expire */

gboolean
_strata_sandbox_controllers_sweep_events (gpointer user_data)
{
  StrataSandboxControllers *self = user_data;
  g_autoptr(GPtrArray) events = _strata_sandbox_controllers_list (self, "v1", "Event", NULL);
  gint64 oldest = g_get_real_time () - (gint64)EVENT_TTL_SECONDS * G_USEC_PER_SEC;

  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = json_node_get_object (g_ptr_array_index (events, i));
      const char *last = strata_json_object_get_string (event, "lastTimestamp");
      gint64 when = _strata_sandbox_parse_timestamp (last ? last : _strata_sandbox_meta_get (event, "creationTimestamp"));

      if (when < oldest)
        _strata_sandbox_controllers_delete (self, event, NULL);
    }

  return G_SOURCE_CONTINUE;
}
