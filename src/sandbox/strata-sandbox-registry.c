/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kinds the sandbox serves and their discovery documents, with the
 * part of the apiextensions controller that serves what CRDs define. */

#include "config.h"

#include <string.h>

#include "strata-json.h"
#include "strata-sandbox-json.h"
#include "strata-sandbox-registry.h"

typedef struct
{
  const char *group;
  const char *version;
  const char *kind;
  const char *plural;
  gboolean    namespaced;
  const char *short_names;   /* comma-separated */
  const char *categories;
  gboolean    has_status;
  gboolean    has_scale;
  gboolean    read_only;
} BuiltinKind;

/* The same names, short names and categories as kube-apiserver. */
static const BuiltinKind builtin_kinds[] = {
  { "", "v1", "ConfigMap", "configmaps", TRUE, "cm", NULL, FALSE, FALSE, FALSE },
  { "", "v1", "Event", "events", TRUE, "ev", NULL, FALSE, FALSE, FALSE },
  { "", "v1", "Namespace", "namespaces", FALSE, "ns", NULL, TRUE, FALSE, FALSE },
  { "", "v1", "Node", "nodes", FALSE, "no", NULL, TRUE, FALSE, FALSE },
  { "", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", TRUE, "pvc", NULL, TRUE, FALSE, FALSE },
  { "", "v1", "Pod", "pods", TRUE, "po", "all", TRUE, FALSE, FALSE },
  { "", "v1", "Secret", "secrets", TRUE, NULL, NULL, FALSE, FALSE, FALSE },
  { "", "v1", "ServiceAccount", "serviceaccounts", TRUE, "sa", NULL, FALSE, FALSE, FALSE },
  { "", "v1", "Service", "services", TRUE, "svc", "all", TRUE, FALSE, FALSE },
  { "apps", "v1", "DaemonSet", "daemonsets", TRUE, "ds", "all", TRUE, FALSE, FALSE },
  { "apps", "v1", "Deployment", "deployments", TRUE, "deploy", "all", TRUE, TRUE, FALSE },
  { "apps", "v1", "ReplicaSet", "replicasets", TRUE, "rs", "all", TRUE, TRUE, FALSE },
  { "apps", "v1", "StatefulSet", "statefulsets", TRUE, "sts", "all", TRUE, TRUE, FALSE },
  { "batch", "v1", "CronJob", "cronjobs", TRUE, "cj", "all", TRUE, FALSE, FALSE },
  { "batch", "v1", "Job", "jobs", TRUE, NULL, "all", TRUE, FALSE, FALSE },
  { "networking.k8s.io", "v1", "Ingress", "ingresses", TRUE, "ing", NULL, TRUE, FALSE, FALSE },
  { "rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", FALSE, NULL, NULL, FALSE, FALSE, FALSE },
  { "rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", FALSE, NULL, NULL, FALSE, FALSE, FALSE },
  { "rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", TRUE, NULL, NULL, FALSE, FALSE, FALSE },
  { "rbac.authorization.k8s.io", "v1", "Role", "roles", TRUE, NULL, NULL, FALSE, FALSE, FALSE },
  { "apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", FALSE, "crd,crds", NULL, TRUE, FALSE, FALSE },
  { "metrics.k8s.io", "v1beta1", "NodeMetrics", "nodes", FALSE, NULL, NULL, FALSE, FALSE, TRUE },
  { "metrics.k8s.io", "v1beta1", "PodMetrics", "pods", TRUE, NULL, NULL, FALSE, FALSE, TRUE },
};

struct _StrataSandboxRegistry
{
  GObject             parent_instance;

  StrataSandboxStore *store;
  gulong              changed_id;
  GPtrArray          *builtins;   /* StrataSandboxResource */
  GHashTable         *crds;       /* CRD name -> GPtrArray of StrataSandboxResource */
  GHashTable         *pending;    /* CRD names whose status wants updating */
  GPtrArray          *orphaned;   /* resources of deleted CRDs, to empty */
  guint               status_idle;
};

G_DEFINE_FINAL_TYPE (StrataSandboxRegistry, strata_sandbox_registry, G_TYPE_OBJECT)

static void
resource_free (gpointer data)
{
  StrataSandboxResource *resource = data;

  g_free (resource->group);
  g_free (resource->version);
  g_free (resource->kind);
  g_free (resource->plural);
  g_free (resource->singular);
  g_strfreev (resource->short_names);
  g_strfreev (resource->categories);
  g_free (resource->scale_replicas_path);
  g_free (resource->scale_status_path);
  g_free (resource->scale_selector_path);
  g_clear_pointer (&resource->schema, json_node_unref);
  g_free (resource);
}

static GStrv
split_list (const char *text)
{
  return text ? g_strsplit (text, ",", -1) : g_new0 (char *, 1);
}

static StrataSandboxResource *
resource_from_builtin (const BuiltinKind *builtin)
{
  StrataSandboxResource *resource = g_new0 (StrataSandboxResource, 1);

  resource->group = g_strdup (builtin->group);
  resource->version = g_strdup (builtin->version);
  resource->kind = g_strdup (builtin->kind);
  resource->plural = g_strdup (builtin->plural);
  resource->singular = g_ascii_strdown (builtin->kind, -1);
  resource->namespaced = builtin->namespaced;
  resource->short_names = split_list (builtin->short_names);
  resource->categories = split_list (builtin->categories);
  resource->has_status = builtin->has_status;
  resource->has_scale = builtin->has_scale;
  resource->read_only = builtin->read_only;
  if (builtin->has_scale)
    {
      resource->scale_replicas_path = g_strdup (".spec.replicas");
      resource->scale_status_path = g_strdup (".status.replicas");
      resource->scale_selector_path = g_strdup (".spec.selector");
    }
  return resource;
}

char *
strata_sandbox_resource_api_version (const StrataSandboxResource *resource)
{
  return *resource->group ? g_strconcat (resource->group, "/", resource->version, NULL)
                          : g_strdup (resource->version);
}

/* CustomResourceDefinitions */

static GStrv
string_array (JsonObject *object,
              const char *member)
{
  JsonArray *array = strata_json_object_get_array (object, member);
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv result;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (JSON_NODE_HOLDS_VALUE (json_array_get_element (array, i)))
      g_strv_builder_add (builder, json_array_get_string_element (array, i));
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

static GPtrArray *
resources_from_crd (JsonNode *crd)
{
  JsonObject *spec = strata_json_object_get_object (json_node_get_object (crd), "spec");
  JsonObject *names = strata_json_object_get_object (spec, "names");
  JsonArray *versions = strata_json_object_get_array (spec, "versions");
  GPtrArray *resources = g_ptr_array_new_with_free_func (resource_free);
  const char *group = strata_json_object_get_string (spec, "group");
  const char *plural = strata_json_object_get_string (names, "plural");
  const char *kind = strata_json_object_get_string (names, "kind");

  if (group == NULL || plural == NULL || kind == NULL || versions == NULL)
    return resources;

  for (guint i = 0; i < json_array_get_length (versions); i++)
    {
      JsonObject *version = json_array_get_object_element (versions, i);
      JsonObject *subresources = strata_json_object_get_object (version, "subresources");
      JsonObject *scale = strata_json_object_get_object (subresources, "scale");
      JsonObject *schema = strata_json_object_get_object (version, "schema");
      StrataSandboxResource *resource;
      const char *singular;

      if (version == NULL || strata_json_object_get_string (version, "name") == NULL ||
          !json_object_get_boolean_member_with_default (version, "served", TRUE))
        continue;

      resource = g_new0 (StrataSandboxResource, 1);
      resource->group = g_strdup (group);
      resource->version = g_strdup (strata_json_object_get_string (version, "name"));
      resource->kind = g_strdup (kind);
      resource->plural = g_strdup (plural);
      singular = strata_json_object_get_string (names, "singular");
      resource->singular = singular ? g_strdup (singular) : g_ascii_strdown (kind, -1);
      resource->namespaced = g_strcmp0 (strata_json_object_get_string (spec, "scope"), "Cluster") != 0;
      resource->short_names = string_array (names, "shortNames");
      resource->categories = string_array (names, "categories");
      resource->has_status = subresources != NULL && json_object_has_member (subresources, "status");
      resource->has_scale = scale != NULL;
      resource->from_crd = TRUE;
      if (scale != NULL)
        {
          resource->scale_replicas_path = g_strdup (strata_json_object_get_string (scale, "specReplicasPath"));
          resource->scale_status_path = g_strdup (strata_json_object_get_string (scale, "statusReplicasPath"));
          resource->scale_selector_path = g_strdup (strata_json_object_get_string (scale, "labelSelectorPath"));
        }
      if (schema != NULL && json_object_has_member (schema, "openAPIV3Schema"))
        resource->schema = strata_sandbox_json_copy (json_object_get_member (schema, "openAPIV3Schema"));
      g_ptr_array_add (resources, resource);
    }

  return resources;
}

static gboolean
condition_is_true (JsonObject *status,
                   const char *type)
{
  JsonArray *conditions = strata_json_object_get_array (status, "conditions");

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonObject *condition = json_array_get_object_element (conditions, i);

      if (g_strcmp0 (strata_json_object_get_string (condition, "type"), type) == 0)
        return g_strcmp0 (strata_json_object_get_string (condition, "status"), "True") == 0;
    }
  return FALSE;
}

static void
add_condition (JsonArray  *conditions,
               const char *type,
               const char *reason,
               const char *message,
               const char *now)
{
  JsonObject *condition = json_object_new ();

  json_object_set_string_member (condition, "type", type);
  json_object_set_string_member (condition, "status", "True");
  json_object_set_string_member (condition, "lastTransitionTime", now);
  json_object_set_string_member (condition, "reason", reason);
  json_object_set_string_member (condition, "message", message);
  json_array_add_object_element (conditions, condition);
}

/* What the apiextensions controllers write once a CRD is served. */
static void
establish (StrataSandboxRegistry *self,
           const char            *name)
{
  g_autoptr(JsonNode) crd = strata_sandbox_store_get (self->store, "apiextensions.k8s.io/v1",
                                                      "CustomResourceDefinition", NULL, name);
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = g_date_time_format (now_time, "%Y-%m-%dT%H:%M:%SZ");
  JsonObject *object, *spec, *status;
  JsonArray *conditions, *versions, *stored = json_array_new ();

  if (crd == NULL)
    {
      json_array_unref (stored);
      return;
    }

  object = json_node_get_object (crd);
  spec = strata_json_object_get_object (object, "spec");
  status = json_object_new ();
  conditions = json_array_new ();
  add_condition (conditions, "NamesAccepted", "NoConflicts", "no conflicts found", now);
  add_condition (conditions, "Established", "InitialNamesAccepted", "the initial names have been accepted", now);
  json_object_set_array_member (status, "conditions", conditions);
  if (strata_json_object_get_object (spec, "names") != NULL)
    json_object_set_member (status, "acceptedNames", strata_sandbox_json_copy (json_object_get_member (spec, "names")));
  versions = strata_json_object_get_array (spec, "versions");
  for (guint i = 0; versions != NULL && i < json_array_get_length (versions); i++)
    {
      JsonObject *version = json_array_get_object_element (versions, i);

      if (version != NULL && json_object_get_boolean_member_with_default (version, "storage", FALSE))
        json_array_add_string_element (stored, strata_json_object_get_string (version, "name"));
    }
  json_object_set_array_member (status, "storedVersions", stored);
  json_object_set_object_member (object, "status", status);

  updated = strata_sandbox_store_update_status (self->store, crd, &error);
  if (updated == NULL)
    g_warning ("Could not mark the CustomResourceDefinition %s established: %s", name, error->message);
}

static void
remove_instances (StrataSandboxRegistry *self,
                  GPtrArray             *resources)
{
  for (guint i = 0; i < resources->len; i++)
    {
      StrataSandboxResource *resource = g_ptr_array_index (resources, i);
      g_autofree char *api_version = strata_sandbox_resource_api_version (resource);
      g_autoptr(GPtrArray) items = strata_sandbox_store_list (self->store, api_version, resource->kind,
                                                              NULL, NULL, NULL);

      for (guint j = 0; items != NULL && j < items->len; j++)
        {
          JsonObject *metadata = strata_json_object_get_object (json_node_get_object (g_ptr_array_index (items, j)),
                                                                "metadata");
          g_autoptr(JsonNode) gone = strata_sandbox_store_delete (self->store, api_version, resource->kind,
                                                                  strata_json_object_get_string (metadata, "namespace"),
                                                                  strata_json_object_get_string (metadata, "name"),
                                                                  NULL, NULL);
        }
    }
}

static gboolean
on_status_idle (gpointer user_data)
{
  StrataSandboxRegistry *self = user_data;
  g_autoptr(GHashTable) pending = g_steal_pointer (&self->pending);
  g_autoptr(GPtrArray) orphaned = g_steal_pointer (&self->orphaned);
  GHashTableIter iter;
  gpointer name;

  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->orphaned = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  self->status_idle = 0;
  g_hash_table_iter_init (&iter, pending);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    establish (self, name);
  for (guint i = 0; i < orphaned->len; i++)
    remove_instances (self, g_ptr_array_index (orphaned, i));

  return G_SOURCE_REMOVE;
}

static void
crd_changed (StrataSandboxRegistry *self,
             const char            *type,
             JsonNode              *crd)
{
  JsonObject *metadata = strata_json_object_get_object (json_node_get_object (crd), "metadata");
  const char *name = strata_json_object_get_string (metadata, "name");

  if (name == NULL)
    return;

  if (g_str_equal (type, "DELETED"))
    {
      GPtrArray *resources = NULL;
      gpointer key = NULL;

      /* Its objects go too, from an idle as the status writes do. */
      if (g_hash_table_steal_extended (self->crds, name, &key, (gpointer *)&resources))
        {
          g_free (key);
          g_ptr_array_add (self->orphaned, resources);
          if (self->status_idle == 0)
            self->status_idle = g_idle_add (on_status_idle, self);
        }
      return;
    }

  g_hash_table_replace (self->crds, g_strdup (name), resources_from_crd (crd));
  if (!condition_is_true (strata_json_object_get_object (json_node_get_object (crd), "status"), "Established"))
    {
      g_hash_table_add (self->pending, g_strdup (name));
      /* Not from inside the store's signal: watchers would see this
       * change before the one that caused it. */
      if (self->status_idle == 0)
        self->status_idle = g_idle_add (on_status_idle, self);
    }
}

static void
on_object_changed (StrataSandboxStore *store,
                   const char         *type,
                   JsonNode           *object,
                   gpointer            user_data)
{
  JsonObject *root = json_node_get_object (object);

  if (g_strcmp0 (strata_json_object_get_string (root, "kind"), "CustomResourceDefinition") == 0 &&
      g_str_has_prefix (strata_json_object_get_string (root, "apiVersion") ?: "", "apiextensions.k8s.io/"))
    crd_changed (user_data, type, object);
}

/* GObject */

static void
strata_sandbox_registry_dispose (GObject *object)
{
  StrataSandboxRegistry *self = (StrataSandboxRegistry *)object;

  g_clear_handle_id (&self->status_idle, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (strata_sandbox_registry_parent_class)->dispose (object);
}

static void
strata_sandbox_registry_finalize (GObject *object)
{
  StrataSandboxRegistry *self = (StrataSandboxRegistry *)object;

  g_clear_pointer (&self->builtins, g_ptr_array_unref);
  g_clear_pointer (&self->crds, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->orphaned, g_ptr_array_unref);

  G_OBJECT_CLASS (strata_sandbox_registry_parent_class)->finalize (object);
}

static void
strata_sandbox_registry_class_init (StrataSandboxRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_sandbox_registry_dispose;
  object_class->finalize = strata_sandbox_registry_finalize;
}

static void
strata_sandbox_registry_init (StrataSandboxRegistry *self)
{
  self->builtins = g_ptr_array_new_with_free_func (resource_free);
  for (guint i = 0; i < G_N_ELEMENTS (builtin_kinds); i++)
    g_ptr_array_add (self->builtins, resource_from_builtin (&builtin_kinds[i]));
  self->crds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->orphaned = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
}

StrataSandboxRegistry *
strata_sandbox_registry_new (StrataSandboxStore *store)
{
  StrataSandboxRegistry *self = g_object_new (STRATA_TYPE_SANDBOX_REGISTRY, NULL);
  g_autoptr(GPtrArray) crds = NULL;

  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect (store, "object-changed", G_CALLBACK (on_object_changed), self);

  crds = strata_sandbox_store_list (store, "apiextensions.k8s.io/v1", "CustomResourceDefinition", NULL, NULL, NULL);
  for (guint i = 0; crds != NULL && i < crds->len; i++)
    crd_changed (self, "ADDED", g_ptr_array_index (crds, i));

  return self;
}

GPtrArray *
strata_sandbox_registry_list (StrataSandboxRegistry *self)
{
  GPtrArray *all = g_ptr_array_new ();
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (STRATA_IS_SANDBOX_REGISTRY (self), NULL);

  for (guint i = 0; i < self->builtins->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (self->builtins, i));

  names = g_list_sort (g_hash_table_get_keys (self->crds), (GCompareFunc)strcmp);
  for (GList *l = names; l != NULL; l = l->next)
    {
      GPtrArray *resources = g_hash_table_lookup (self->crds, l->data);

      for (guint i = 0; i < resources->len; i++)
        g_ptr_array_add (all, g_ptr_array_index (resources, i));
    }

  return all;
}

const StrataSandboxResource *
strata_sandbox_registry_lookup (StrataSandboxRegistry *self,
                                const char            *group,
                                const char            *version,
                                const char            *plural)
{
  g_autoptr(GPtrArray) all = strata_sandbox_registry_list (self);

  for (guint i = 0; i < all->len; i++)
    {
      StrataSandboxResource *resource = g_ptr_array_index (all, i);

      if (g_str_equal (resource->group, group) && g_str_equal (resource->version, version) &&
          g_str_equal (resource->plural, plural))
        return resource;
    }

  return NULL;
}

const StrataSandboxResource *
strata_sandbox_registry_lookup_kind (StrataSandboxRegistry *self,
                                     const char            *api_version,
                                     const char            *kind)
{
  g_autoptr(GPtrArray) all = strata_sandbox_registry_list (self);

  for (guint i = 0; i < all->len; i++)
    {
      StrataSandboxResource *resource = g_ptr_array_index (all, i);
      g_autofree char *resource_api_version = strata_sandbox_resource_api_version (resource);

      if (g_str_equal (resource_api_version, api_version) && g_str_equal (resource->kind, kind))
        return resource;
    }

  return NULL;
}

gboolean
strata_sandbox_registry_resource_list_has_version (StrataSandboxRegistry *self,
                                                   const char            *group,
                                                   const char            *version)
{
  g_autoptr(GPtrArray) all = strata_sandbox_registry_list (self);

  for (guint i = 0; i < all->len; i++)
    {
      StrataSandboxResource *resource = g_ptr_array_index (all, i);

      if (g_str_equal (resource->group, group) && g_str_equal (resource->version, version))
        return TRUE;
    }
  return FALSE;
}
