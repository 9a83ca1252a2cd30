/* SPDX-License-Identifier: GPL-3.0-or-later */
/* API discovery: which kinds a cluster serves and at which REST path. The
 * answer is cached on disk the way kubectl caches it (servergroups.json plus
 * GROUP/VERSION/serverresources.json), read from there first, and asked of
 * the server again only when a kind is missing. Every resolve that needs the
 * server shares one fetch. */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "strata-json.h"
#include "strata-kube-client-private.h"
#include "strata-kube-discovery.h"
#include "strata-kube-resource-private.h"

#define GROUPS_FILE "servergroups.json"
#define RESOURCES_FILE "serverresources.json"

typedef enum
{
  OPERATION_NONE,
  OPERATION_LOAD_CACHE,
  OPERATION_FETCH,
} Operation;

/* What discovery knows, built in one go and then only read. */
typedef struct
{
  GHashTable *by_kind;    /* "GROUP/VERSION\nKind" -> StrataKubeResource */
  GPtrArray  *resources;  /* in discovery order: core first, preferred versions first */
} Index;

struct _StrataKubeDiscovery
{
  GObject           parent_instance;

  StrataKubeClient *client;  /* owns us */
  char             *cache_folder;
  Index            *index;
  Operation         operation;
  GPtrArray        *waiters;  /* resolve tasks waiting for the operation */
  gboolean          cache_tried;
  guint             n_fetches;
};

G_DEFINE_FINAL_TYPE (StrataKubeDiscovery, strata_kube_discovery, G_TYPE_OBJECT)

typedef struct
{
  char     *api_version;
  char     *kind;
  gboolean  refreshed;
} ResolveData;

/* One fetch from the server: /api and /apis, then every group-version. */
typedef struct
{
  StrataKubeDiscovery *self;
  StrataKubeClient    *client;
  JsonNode            *core;
  JsonNode            *groups;
  GHashTable          *lists;  /* group-version -> APIResourceList */
  GError              *error;
  guint                pending;
} Fetch;

static void resolve_step (GTask *task);

static void
index_free (Index *index)
{
  g_clear_pointer (&index->by_kind, g_hash_table_unref);
  g_clear_pointer (&index->resources, g_ptr_array_unref);
  g_free (index);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Index, index_free)

static void
resolve_data_free (ResolveData *data)
{
  g_free (data->api_version);
  g_free (data->kind);
  g_free (data);
}

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->self);
  g_clear_object (&fetch->client);
  g_clear_pointer (&fetch->core, json_node_unref);
  g_clear_pointer (&fetch->groups, json_node_unref);
  g_clear_pointer (&fetch->lists, g_hash_table_unref);
  g_clear_error (&fetch->error);
  g_free (fetch);
}

static void
strata_kube_discovery_finalize (GObject *object)
{
  StrataKubeDiscovery *self = (StrataKubeDiscovery *)object;

  g_assert (self->waiters->len == 0);

  g_clear_pointer (&self->index, index_free);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_free (self->cache_folder);

  G_OBJECT_CLASS (strata_kube_discovery_parent_class)->finalize (object);
}

static void
strata_kube_discovery_class_init (StrataKubeDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_kube_discovery_finalize;
}

static void
strata_kube_discovery_init (StrataKubeDiscovery *self)
{
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
}

StrataKubeDiscovery *
strata_kube_discovery_new (StrataKubeClient *client,
                           const char       *cache_folder)
{
  StrataKubeDiscovery *self;

  g_return_val_if_fail (STRATA_IS_KUBE_CLIENT (client), NULL);
  g_return_val_if_fail (cache_folder != NULL, NULL);

  self = g_object_new (STRATA_TYPE_KUBE_DISCOVERY, NULL);
  self->client = client;
  self->cache_folder = g_strdup (cache_folder);

  return self;
}

const char *
strata_kube_discovery_get_cache_folder (StrataKubeDiscovery *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_DISCOVERY (self), NULL);

  return self->cache_folder;
}

/* Building the index, from the server's answers or from the cache */

static JsonObject *
node_get_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static GStrv
strings_from_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }

  return g_strv_builder_end (builder);
}

static char *
index_key (const char *api_version,
           const char *kind)
{
  return g_strconcat (api_version, "\n", kind, NULL);
}

static void
index_add_list (Index      *index,
                const char *group_version,
                JsonNode   *list)
{
  JsonArray *resources = strata_json_object_get_array (node_get_object (list), "resources");

  for (guint i = 0; resources != NULL && i < json_array_get_length (resources); i++)
    {
      JsonObject *entry = node_get_object (json_array_get_element (resources, i));
      const char *name = strata_json_object_get_string (entry, "name");
      const char *kind = strata_json_object_get_string (entry, "kind");
      g_auto(GStrv) verbs = NULL;
      g_auto(GStrv) short_names = NULL;
      g_autoptr(StrataKubeResource) resource = NULL;
      char *key;

      /* "deployments/scale" and the like are subresources, not kinds. */
      if (name == NULL || kind == NULL || strchr (name, '/') != NULL)
        continue;

      key = index_key (group_version, kind);
      if (g_hash_table_contains (index->by_kind, key))
        {
          g_free (key);
          continue;
        }

      verbs = strings_from_array (strata_json_object_get_array (entry, "verbs"));
      short_names = strings_from_array (strata_json_object_get_array (entry, "shortNames"));
      resource = strata_kube_resource_new (group_version, kind, name,
                                           json_object_get_boolean_member_with_default (entry, "namespaced", FALSE),
                                           (const char * const *)verbs);
      _strata_kube_resource_set_names (resource, strata_json_object_get_string (entry, "singularName"),
                                       (const char * const *)short_names);

      g_hash_table_insert (index->by_kind, key, strata_kube_resource_ref (resource));
      g_ptr_array_add (index->resources, g_steal_pointer (&resource));
    }
}

/* The group-versions of an APIGroupList, each group's preferred version
 * first, so that name lookups prefer what the server prefers. */
static GPtrArray *
group_versions_in_order (JsonNode *groups)
{
  GPtrArray *order = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array = strata_json_object_get_array (node_get_object (groups), "groups");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *group = node_get_object (json_array_get_element (array, i));
      JsonArray *versions = strata_json_object_get_array (group, "versions");
      const char *preferred = NULL;

      if (group != NULL && json_object_has_member (group, "preferredVersion"))
        preferred = strata_json_object_get_string (node_get_object (json_object_get_member (group, "preferredVersion")),
                                       "groupVersion");
      if (preferred != NULL)
        g_ptr_array_add (order, g_strdup (preferred));

      for (guint j = 0; versions != NULL && j < json_array_get_length (versions); j++)
        {
          const char *group_version = strata_json_object_get_string (node_get_object (json_array_get_element (versions, j)),
                                                         "groupVersion");

          if (group_version != NULL && g_strcmp0 (group_version, preferred) != 0)
            g_ptr_array_add (order, g_strdup (group_version));
        }
    }

  return order;
}

static Index *
index_new (JsonNode   *groups,
           GHashTable *lists)
{
  Index *index = g_new0 (Index, 1);
  g_autoptr(GPtrArray) order = group_versions_in_order (groups);

  index->by_kind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)strata_kube_resource_unref);
  index->resources = g_ptr_array_new_with_free_func ((GDestroyNotify)strata_kube_resource_unref);

  for (guint i = 0; i < order->len; i++)
    {
      const char *group_version = g_ptr_array_index (order, i);
      JsonNode *list = g_hash_table_lookup (lists, group_version);

      if (list != NULL)
        index_add_list (index, group_version, list);
    }

  return index;
}

static gboolean
resource_in_group (StrataKubeResource *resource,
                   const char         *group)
{
  const char *group_version = strata_kube_resource_get_group_version (resource);
  const char *slash = strchr (group_version, '/');
  g_autofree char *version_group = NULL;

  if (slash == NULL)
    return *group == '\0';

  /* "deployments.apps" and "deployments.v1.apps" both name apps/v1. */
  if (strlen (group) == (gsize)(slash - group_version) &&
      strncmp (group_version, group, slash - group_version) == 0)
    return TRUE;

  version_group = g_strdup_printf ("%s.%.*s", slash + 1, (int)(slash - group_version), group_version);
  return g_str_equal (version_group, group);
}

static StrataKubeResource *
index_lookup (Index      *index,
              const char *api_version,
              const char *kind)
{
  const char *dot;

  if (api_version != NULL)
    {
      g_autofree char *key = index_key (api_version, kind);

      return g_hash_table_lookup (index->by_kind, key);
    }

  for (guint i = 0; i < index->resources->len; i++)
    if (_strata_kube_resource_matches_name (g_ptr_array_index (index->resources, i), kind))
      return g_ptr_array_index (index->resources, i);

  if ((dot = strchr (kind, '.')) != NULL)
    {
      g_autofree char *name = g_strndup (kind, dot - kind);

      for (guint i = 0; i < index->resources->len; i++)
        {
          StrataKubeResource *resource = g_ptr_array_index (index->resources, i);

          if (resource_in_group (resource, dot + 1) &&
              _strata_kube_resource_matches_name (resource, name))
            return resource;
        }
    }

  return NULL;
}

/* The cache on disk */

/* Group and version names come from the server; keep them from walking out
 * of the cache folder. */
static gboolean
is_safe_path_part (const char *part)
{
  return part != NULL && *part != '\0' && !g_str_equal (part, ".") &&
         !g_str_equal (part, "..") && strchr (part, '/') == NULL;
}

static char *
resources_file_path (const char *folder,
                     const char *group_version)
{
  g_auto(GStrv) parts = g_strsplit (group_version, "/", 2);

  for (guint i = 0; parts[i] != NULL; i++)
    if (!is_safe_path_part (parts[i]))
      return NULL;

  if (parts[1] == NULL)
    return g_build_filename (folder, parts[0], RESOURCES_FILE, NULL);
  return g_build_filename (folder, parts[0], parts[1], RESOURCES_FILE, NULL);
}

static JsonNode *
read_json_file (const char  *path,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_mapped_file (parser, path, error))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

/* Runs in a worker: the cache is a few dozen small files. */
static void
load_cache_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const char *folder = task_data;
  g_autofree char *groups_path = g_build_filename (folder, GROUPS_FILE, NULL);
  g_autoptr(GHashTable) lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify)json_node_unref);
  g_autoptr(JsonNode) groups = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GError) error = NULL;

  if (!(groups = read_json_file (groups_path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  order = group_versions_in_order (groups);
  for (guint i = 0; i < order->len; i++)
    {
      const char *group_version = g_ptr_array_index (order, i);
      g_autofree char *path = resources_file_path (folder, group_version);
      JsonNode *list;

      /* A group-version missing from the cache is just unknown for now: a
       * miss on one of its kinds refreshes. */
      if (path != NULL && (list = read_json_file (path, NULL)) != NULL)
        g_hash_table_insert (lists, g_strdup (group_version), list);
    }

  g_task_return_pointer (task, index_new (groups, lists), (GDestroyNotify)index_free);
}

static void
save_cache_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GPtrArray *files = task_data;  /* path, contents, path, contents … */

  for (guint i = 0; i + 1 < files->len; i += 2)
    {
      const char *path = g_ptr_array_index (files, i);
      const char *contents = g_ptr_array_index (files, i + 1);
      g_autofree char *folder = g_path_get_dirname (path);
      g_autoptr(GError) error = NULL;

      if (g_mkdir_with_parents (folder, 0700) != 0 ||
          !g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        {
          /* Without a cache discovery is only slower; say so and go on. */
          g_debug ("Could not write the discovery cache %s: %s",
                   path, error ? error->message : g_strerror (errno));
          break;
        }
    }

  g_task_return_boolean (task, TRUE);
}

/* The one operation at a time (reading the cache or fetching) and those who
 * wait for it */

static void
operation_done (StrataKubeDiscovery *self,
                const GError        *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->operation = OPERATION_NONE;
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        resolve_step (task);
    }
}

static void
on_cache_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  StrataKubeDiscovery *self = STRATA_KUBE_DISCOVERY (object);
  g_autoptr(GError) error = NULL;
  Index *index;

  if ((index = g_task_propagate_pointer (G_TASK (result), &error)) != NULL)
    {
      g_clear_pointer (&self->index, index_free);
      self->index = index;
    }
  else if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_debug ("Ignoring the discovery cache in %s: %s", self->cache_folder, error->message);

  /* Whatever the cache held, the waiters now go on: to the server if need be. */
  operation_done (self, NULL);
}

static void
start_cache_load (StrataKubeDiscovery *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_cache_loaded, NULL);

  g_assert (self->operation == OPERATION_NONE);

  self->operation = OPERATION_LOAD_CACHE;
  self->cache_tried = TRUE;
  g_task_set_source_tag (task, start_cache_load);
  g_task_set_task_data (task, g_strdup (self->cache_folder), g_free);
  g_task_run_in_thread (task, load_cache_worker);
}

static void
fetch_finished (Fetch *fetch)
{
  StrataKubeDiscovery *self = fetch->self;

  operation_done (self, fetch->error);
  fetch_free (fetch);
}

static void
on_cache_saved (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  fetch_finished (user_data);
}

/* Serialized here, on the main thread, because JsonNode is not thread-safe. */
static GPtrArray *
cache_files_new (Fetch *fetch)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, fetch->lists);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      char *path = resources_file_path (fetch->self->cache_folder, key);

      if (path == NULL)
        continue;
      g_ptr_array_add (files, path);
      g_ptr_array_add (files, json_to_string (value, FALSE));
    }

  /* The group list last: a cache is only read through it, so a half-written
   * cache stays invisible. */
  g_ptr_array_add (files, g_build_filename (fetch->self->cache_folder, GROUPS_FILE, NULL));
  g_ptr_array_add (files, json_to_string (fetch->groups, FALSE));

  return files;
}

static void
fetch_save (Fetch *fetch)
{
  StrataKubeDiscovery *self = fetch->self;
  g_autoptr(GTask) task = g_task_new (self, NULL, on_cache_saved, fetch);

  g_clear_pointer (&self->index, index_free);
  self->index = index_new (fetch->groups, fetch->lists);

  g_task_set_source_tag (task, fetch_save);
  g_task_set_task_data (task, cache_files_new (fetch), (GDestroyNotify)g_ptr_array_unref);
  g_task_run_in_thread (task, save_cache_worker);
}

static JsonNode *
parse_body (GBytes      *body,
            const char  *what,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (!json_parser_load_from_data (parser, data, size, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_FAILED,
                   _("The server’s answer to %s is not a JSON object"), what);
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/* Which answer a request of the fetch brings. */
typedef struct
{
  Fetch *fetch;
  char  *name;  /* "/api", "/apis" or a group-version */
} FetchItem;

static FetchItem *
fetch_item_new (Fetch      *fetch,
                const char *name)
{
  FetchItem *item = g_new0 (FetchItem, 1);

  item->fetch = fetch;
  item->name = g_strdup (name);
  return item;
}

static void
fetch_item_free (FetchItem *item)
{
  g_free (item->name);
  g_free (item);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FetchItem, fetch_item_free)

static void
on_group_version_fetched (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(FetchItem) item = user_data;
  Fetch *fetch = item->fetch;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *list = NULL;

  if ((body = _strata_kube_client_send_finish (fetch->client, result, &error)) != NULL)
    list = parse_body (body, item->name, &error);

  /* An aggregated API that is down (metrics.k8s.io without metrics-server)
   * must not take the rest of discovery with it. */
  if (list == NULL)
    g_debug ("Skipping %s in discovery: %s", item->name, error->message);
  else
    g_hash_table_insert (fetch->lists, g_strdup (item->name), list);

  if (--fetch->pending == 0)
    fetch_save (fetch);
}

static void
fetch_group_version (Fetch      *fetch,
                     const char *group_version)
{
  g_autofree char *path = g_strconcat (strchr (group_version, '/') ? "/apis/" : "/api/",
                                       group_version, NULL);
  g_autofree char *what = g_strdup_printf (_("discovery of %s"), group_version);

  fetch->pending++;
  _strata_kube_client_send_async (fetch->client, "GET", path, NULL, NULL, NULL, what, NULL,
                                  on_group_version_fetched, fetch_item_new (fetch, group_version));
}

/* /api answers APIVersions; written into the cache as the core APIGroup
 * kubectl also writes, so that one list describes everything. */
static void
add_core_group (JsonNode *groups,
                JsonNode *core)
{
  JsonArray *versions = strata_json_object_get_array (node_get_object (core), "versions");
  JsonArray *list = strata_json_object_get_array (node_get_object (groups), "groups");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) group = NULL;

  if (list == NULL || versions == NULL || json_array_get_length (versions) == 0)
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "");
  json_builder_set_member_name (builder, "versions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (versions); i++)
    {
      const char *version = json_array_get_string_element (versions, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "groupVersion");
      json_builder_add_string_value (builder, version);
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, version);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "preferredVersion");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "groupVersion");
  json_builder_add_string_value (builder, json_array_get_string_element (versions, 0));
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, json_array_get_string_element (versions, 0));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  group = json_builder_get_root (builder);
  /* The core group comes first, as kubectl prefers it for short names. */
  {
    g_autoptr(JsonArray) reordered = json_array_new ();

    json_array_add_element (reordered, g_steal_pointer (&group));
    for (guint i = 0; i < json_array_get_length (list); i++)
      json_array_add_element (reordered, json_array_dup_element (list, i));
    json_object_set_array_member (json_node_get_object (groups), "groups", g_steal_pointer (&reordered));
  }
}

static void
fetch_group_versions (Fetch *fetch)
{
  g_autoptr(GPtrArray) order = NULL;

  if (fetch->error != NULL)
    {
      fetch_finished (fetch);
      return;
    }

  add_core_group (fetch->groups, fetch->core);
  order = group_versions_in_order (fetch->groups);

  /* Counted up front so that an answer arriving early cannot end the fetch. */
  fetch->pending++;
  for (guint i = 0; i < order->len; i++)
    fetch_group_version (fetch, g_ptr_array_index (order, i));

  if (--fetch->pending == 0)
    fetch_save (fetch);
}

static void
on_root_fetched (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FetchItem) item = user_data;
  Fetch *fetch = item->fetch;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = g_strdup_printf ("GET %s", item->name);
  JsonNode *node = NULL;

  if ((body = _strata_kube_client_send_finish (fetch->client, result, &error)) != NULL)
    node = parse_body (body, what, &error);

  if (node == NULL)
    {
      if (fetch->error == NULL)
        fetch->error = g_steal_pointer (&error);
    }
  else if (g_str_equal (item->name, "/api"))
    fetch->core = node;
  else
    fetch->groups = node;

  if (--fetch->pending == 0)
    fetch_group_versions (fetch);
}

static void
start_fetch (StrataKubeDiscovery *self)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  g_assert (self->operation == OPERATION_NONE);

  self->operation = OPERATION_FETCH;
  self->n_fetches++;
  fetch->self = g_object_ref (self);
  fetch->client = g_object_ref (self->client);
  fetch->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)json_node_unref);
  fetch->pending = 2;

  /* Not cancellable: others may be waiting for the same answer. */
  _strata_kube_client_send_async (fetch->client, "GET", "/api", NULL, NULL, NULL,
                                  _("discovery"), NULL, on_root_fetched, fetch_item_new (fetch, "/api"));
  _strata_kube_client_send_async (fetch->client, "GET", "/apis", NULL, NULL, NULL,
                                  _("discovery"), NULL, on_root_fetched, fetch_item_new (fetch, "/apis"));
}

/* Resolving */

static GError *
unknown_kind_error (StrataKubeDiscovery *self,
                    ResolveData         *data)
{
  StrataKubeEndpoint *endpoint = strata_kube_client_get_endpoint (self->client);
  const char *server = strata_kube_endpoint_get_server (endpoint);

  if (data->api_version != NULL)
    return g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND,
                        _("unknown kind %s in apiVersion %s: the server at %s does not serve it "
                          "(is its CustomResourceDefinition installed? see “kubectl api-resources”)"),
                        data->kind, data->api_version, server);

  return g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND,
                      _("unknown kind %s: the server at %s serves no resource of that name "
                        "(see “kubectl api-resources”)"),
                      data->kind, server);
}

static void
resolve_step (GTask *task)
{
  StrataKubeDiscovery *self = g_task_get_source_object (task);
  ResolveData *data = g_task_get_task_data (task);
  StrataKubeResource *resource;

  if (self->operation != OPERATION_NONE)
    {
      /* Joining a fetch counts as the one refresh this resolve may cause. */
      if (self->operation == OPERATION_FETCH)
        data->refreshed = TRUE;
      g_ptr_array_add (self->waiters, g_object_ref (task));
      return;
    }

  if (self->index == NULL && !self->cache_tried)
    {
      start_cache_load (self);
      g_ptr_array_add (self->waiters, g_object_ref (task));
      return;
    }

  if (self->index != NULL &&
      (resource = index_lookup (self->index, data->api_version, data->kind)) != NULL)
    {
      g_task_return_pointer (task, strata_kube_resource_ref (resource),
                             (GDestroyNotify)strata_kube_resource_unref);
      return;
    }

  if (data->refreshed)
    {
      g_task_return_error (task, unknown_kind_error (self, data));
      return;
    }

  data->refreshed = TRUE;
  start_fetch (self);
  g_ptr_array_add (self->waiters, g_object_ref (task));
}

void
strata_kube_discovery_resolve_async (StrataKubeDiscovery *self,
                                     const char          *api_version,
                                     const char          *kind,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ResolveData *data;

  g_return_if_fail (STRATA_IS_KUBE_DISCOVERY (self));
  g_return_if_fail (kind != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_kube_discovery_resolve_async);

  data = g_new0 (ResolveData, 1);
  data->api_version = g_strdup (api_version);
  data->kind = g_strdup (kind);
  g_task_set_task_data (task, data, (GDestroyNotify)resolve_data_free);

  resolve_step (task);
}

/**
 * strata_kube_discovery_resolve_finish:
 *
 * Returns: (transfer full): the resource, or %NULL with
 *   %STRATA_KUBE_ERROR_UNKNOWN_KIND or the error that kept discovery from
 *   reaching the server
 */
StrataKubeResource *
strata_kube_discovery_resolve_finish (StrataKubeDiscovery  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
strata_kube_discovery_get_n_fetches (StrataKubeDiscovery *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_DISCOVERY (self), 0);

  return self->n_fetches;
}

void
strata_kube_discovery_invalidate (StrataKubeDiscovery *self)
{
  g_return_if_fail (STRATA_IS_KUBE_DISCOVERY (self));

  /* The cache on disk is as stale as memory: skip it and ask the server. */
  g_clear_pointer (&self->index, index_free);
  self->cache_tried = TRUE;
}
