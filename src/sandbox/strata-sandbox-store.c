/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "strata-json.h"
#include "strata-sandbox-json.h"
#include "strata-sandbox-journal.h"
#include "strata-sandbox-selector.h"
#include "strata-sandbox-store-private.h"

struct _StrataSandboxStore
{
  GObject               parent_instance;

  char                 *state_folder;
  StrataSandboxJournal *journal;
  /* "group|Kind" -> GTree of "namespace\001name" -> JsonNode: \001 sorts
   * below every character a name may hold, so the tree's order is by
   * namespace then name, the order lists have. */
  GHashTable           *kinds;
  guint                 n_objects;
  guint64               resource_version;
  char                 *resource_version_text;
  guint                 sync_id;
};

/* Writes nobody waits for (the controllers') reach the disk this soon. */
#define SYNC_DELAY_MSEC 100

enum {
  OBJECT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StrataSandboxStore, strata_sandbox_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (strata-sandbox-error-quark, strata_sandbox_error)

static const char * const initial_namespaces[] = { "default", "kube-system", "kube-public", "kube-node-lease" };

/* Keys */

static char *
group_of (const char *api_version)
{
  const char *slash = strchr (api_version, '/');

  return slash ? g_strndup (api_version, slash - api_version) : g_strdup ("");
}

static char *
kind_key (const char *api_version,
          const char *kind)
{
  g_autofree char *group = group_of (api_version);

  return g_strconcat (group, "|", kind, NULL);
}

static char *
object_key (const char *namespace_,
            const char *name)
{
  return g_strconcat (namespace_ ? namespace_ : "", "\001", name, NULL);
}

static char *
journal_key (const char *api_version,
             const char *kind,
             const char *namespace_,
             const char *name)
{
  g_autofree char *group = group_of (api_version);

  return g_strjoin ("|", group, kind, namespace_ ? namespace_ : "", name, NULL);
}

JsonObject *
_strata_sandbox_metadata_of (JsonNode *object)
{
  return strata_json_object_get_object (json_node_get_object (object), "metadata");
}

const char *
_strata_sandbox_object_string (JsonNode   *object,
                               const char *member)
{
  return strata_json_object_get_string (json_node_get_object (object), member);
}

const char *
_strata_sandbox_meta_string (JsonNode   *object,
                             const char *member)
{
  return strata_json_object_get_string (_strata_sandbox_metadata_of (object), member);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return strcmp (a, b);
}

static GTree *
bucket_for (StrataSandboxStore *self,
            const char         *api_version,
            const char         *kind,
            gboolean            create)
{
  g_autofree char *key = kind_key (api_version, kind);
  GTree *tree = g_hash_table_lookup (self->kinds, key);

  if (tree == NULL && create)
    {
      tree = g_tree_new_full (compare_keys, NULL, g_free, (GDestroyNotify)json_node_unref);
      g_hash_table_insert (self->kinds, g_steal_pointer (&key), tree);
    }

  return tree;
}

JsonNode *
_strata_sandbox_store_lookup (StrataSandboxStore *self,
        const char         *api_version,
        const char         *kind,
        const char         *namespace_,
        const char         *name)
{
  GTree *tree = bucket_for (self, api_version, kind, FALSE);
  g_autofree char *key = NULL;

  if (tree == NULL || name == NULL)
    return NULL;
  key = object_key (namespace_, name);
  return g_tree_lookup (tree, key);
}

static void
set_resource_version (StrataSandboxStore *self,
                      guint64             version)
{
  self->resource_version = version;
  g_free (self->resource_version_text);
  self->resource_version_text = g_strdup_printf ("%" G_GUINT64_FORMAT, version);
}

char *
_strata_sandbox_now_timestamp (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* GObject */

static void
strata_sandbox_store_finalize (GObject *object)
{
  StrataSandboxStore *self = (StrataSandboxStore *)object;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->sync_id, g_source_remove);
  if (!strata_sandbox_store_sync (self, &error))
    g_warning ("%s", error->message);

  g_clear_pointer (&self->journal, strata_sandbox_journal_free);
  g_clear_pointer (&self->kinds, g_hash_table_unref);
  g_clear_pointer (&self->state_folder, g_free);
  g_clear_pointer (&self->resource_version_text, g_free);

  G_OBJECT_CLASS (strata_sandbox_store_parent_class)->finalize (object);
}

static void
strata_sandbox_store_class_init (StrataSandboxStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_sandbox_store_finalize;

  /**
   * StrataSandboxStore::object-changed:
   * @type: "ADDED", "MODIFIED" or "DELETED"
   * @object: the object after the change
   */
  signals[OBJECT_CHANGED] =
    g_signal_new ("object-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING, JSON_TYPE_NODE);
}

static void
strata_sandbox_store_init (StrataSandboxStore *self)
{
  self->kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_tree_unref);
  set_resource_version (self, 0);
}

/* Writing */

static void
emit_changed (StrataSandboxStore *self,
              const char         *type,
              JsonNode           *object)
{
  g_autoptr(JsonNode) copy = strata_sandbox_json_copy (object);

  g_signal_emit (self, signals[OBJECT_CHANGED], 0, type, copy);
}

static GHashTable *
collect_objects (StrataSandboxStore *self)
{
  GHashTable *all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer tree;

  g_hash_table_iter_init (&iter, self->kinds);
  while (g_hash_table_iter_next (&iter, NULL, &tree))
    {
      GTreeNode *node;

      for (node = g_tree_node_first (tree); node != NULL; node = g_tree_node_next (node))
        {
          JsonNode *object = g_tree_node_value (node);

          g_hash_table_insert (all, journal_key (_strata_sandbox_object_string (object, "apiVersion"), _strata_sandbox_object_string (object, "kind"),
                                                 _strata_sandbox_meta_string (object, "namespace"), _strata_sandbox_meta_string (object, "name")),
                               object);
        }
    }

  return all;
}

static gboolean
on_sync_timeout (gpointer user_data)
{
  StrataSandboxStore *self = user_data;
  g_autoptr(GError) error = NULL;

  self->sync_id = 0;
  if (!strata_sandbox_store_sync (self, &error))
    g_warning ("%s", error->message);
  return G_SOURCE_REMOVE;
}

gboolean
strata_sandbox_store_needs_sync (StrataSandboxStore *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (self), FALSE);

  return self->journal != NULL && strata_sandbox_journal_needs_sync (self->journal);
}

gboolean
strata_sandbox_store_sync (StrataSandboxStore  *self,
                           GError             **error)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (self), FALSE);

  return self->journal == NULL || strata_sandbox_journal_sync (self->journal, error);
}

/* Writes the change to the journal: called before the memory changes, so
 * a failed write leaves the store as it was. */
static gboolean
persist (StrataSandboxStore  *self,
         guint64              version,
         JsonNode            *object,
         gboolean             removal,
         GError             **error)
{
  g_autofree char *key = NULL;

  if (self->journal == NULL)
    return TRUE;

  key = journal_key (_strata_sandbox_object_string (object, "apiVersion"), _strata_sandbox_object_string (object, "kind"),
                     _strata_sandbox_meta_string (object, "namespace"), _strata_sandbox_meta_string (object, "name"));
  if (!strata_sandbox_journal_append (self->journal, version, key, removal ? NULL : object, error))
    return FALSE;
  if (self->sync_id == 0)
    self->sync_id = g_timeout_add (SYNC_DELAY_MSEC, on_sync_timeout, self);
  return TRUE;
}

static void
maybe_compact (StrataSandboxStore *self)
{
  g_autoptr(GHashTable) all = NULL;
  g_autoptr(GError) error = NULL;

  if (self->journal == NULL || !strata_sandbox_journal_wants_compaction (self->journal, self->n_objects))
    return;

  all = collect_objects (self);
  /* The journal still holds everything: a failed compaction costs space,
   * not state. */
  if (!strata_sandbox_journal_compact (self->journal, self->resource_version, all, &error))
    g_warning ("%s", error->message);
}

/* Stores @object (taking it) with the next resourceVersion. */
JsonNode *
_strata_sandbox_store_commit_put (StrataSandboxStore  *self,
            JsonNode            *object,
            const char          *type,
            GError             **error)
{
  g_autoptr(JsonNode) owned = object;
  g_autofree char *version = g_strdup_printf ("%" G_GUINT64_FORMAT, self->resource_version + 1);
  g_autofree char *key = NULL;
  GTree *tree;

  json_object_set_string_member (_strata_sandbox_metadata_of (owned), "resourceVersion", version);
  if (!persist (self, self->resource_version + 1, owned, FALSE, error))
    return NULL;

  set_resource_version (self, self->resource_version + 1);
  tree = bucket_for (self, _strata_sandbox_object_string (owned, "apiVersion"), _strata_sandbox_object_string (owned, "kind"), TRUE);
  key = object_key (_strata_sandbox_meta_string (owned, "namespace"), _strata_sandbox_meta_string (owned, "name"));
  if (g_tree_lookup (tree, key) == NULL)
    self->n_objects++;
  g_tree_replace (tree, g_steal_pointer (&key), json_node_ref (owned));

  maybe_compact (self);
  emit_changed (self, type, owned);
  return strata_sandbox_json_copy (owned);
}

JsonNode *
_strata_sandbox_store_commit_remove (StrataSandboxStore  *self,
               JsonNode            *stored,
               GError             **error)
{
  g_autoptr(JsonNode) object = strata_sandbox_json_copy (stored);
  g_autofree char *version = g_strdup_printf ("%" G_GUINT64_FORMAT, self->resource_version + 1);
  g_autofree char *key = NULL;
  GTree *tree;

  json_object_set_string_member (_strata_sandbox_metadata_of (object), "resourceVersion", version);
  if (!persist (self, self->resource_version + 1, object, TRUE, error))
    return NULL;

  set_resource_version (self, self->resource_version + 1);
  tree = bucket_for (self, _strata_sandbox_object_string (object, "apiVersion"), _strata_sandbox_object_string (object, "kind"), FALSE);
  key = object_key (_strata_sandbox_meta_string (object, "namespace"), _strata_sandbox_meta_string (object, "name"));
  g_tree_remove (tree, key);
  self->n_objects--;

  maybe_compact (self);
  emit_changed (self, "DELETED", object);
  return g_steal_pointer (&object);
}

/* Loading */

StrataSandboxStore *
strata_sandbox_store_new (const char *state_folder)
{
  StrataSandboxStore *self = g_object_new (STRATA_TYPE_SANDBOX_STORE, NULL);

  self->state_folder = g_strdup (state_folder);
  if (state_folder == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!strata_sandbox_store_load (self, &error))
        g_critical ("%s", error->message);
    }
  else
    self->journal = strata_sandbox_journal_new (state_folder);

  return self;
}

static gboolean
ensure_initial_namespaces (StrataSandboxStore  *self,
                           GError             **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (initial_namespaces); i++)
    {
      g_autoptr(JsonNode) created = NULL;
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) object = NULL;

      if (_strata_sandbox_store_lookup (self, "v1", "Namespace", NULL, initial_namespaces[i]) != NULL)
        continue;

      text = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                              "\"metadata\":{\"name\":\"%s\",\"labels\":{\"kubernetes.io/metadata.name\":\"%s\"}},"
                              "\"spec\":{\"finalizers\":[\"kubernetes\"]},\"status\":{\"phase\":\"Active\"}}",
                              initial_namespaces[i], initial_namespaces[i]);
      object = json_from_string (text, NULL);
      created = strata_sandbox_store_create (self, object, error);
      if (created == NULL)
        return FALSE;
    }

  return TRUE;
}

gboolean
strata_sandbox_store_load (StrataSandboxStore  *self,
                           GError             **error)
{
  g_autoptr(GHashTable) objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify)json_node_unref);
  guint64 version = 0;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (self), FALSE);

  if (self->journal != NULL && !strata_sandbox_journal_load (self->journal, objects, &version, error))
    return FALSE;

  g_hash_table_remove_all (self->kinds);
  self->n_objects = 0;
  g_hash_table_iter_init (&iter, objects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      JsonNode *object = value;
      const char *api_version = _strata_sandbox_object_string (object, "apiVersion");
      const char *kind = _strata_sandbox_object_string (object, "kind");
      const char *name = _strata_sandbox_meta_string (object, "name");

      if (api_version == NULL || kind == NULL || name == NULL)
        continue;
      g_tree_replace (bucket_for (self, api_version, kind, TRUE),
                      object_key (_strata_sandbox_meta_string (object, "namespace"), name), json_node_ref (object));
      self->n_objects++;
    }
  set_resource_version (self, version);

  return ensure_initial_namespaces (self, error);
}

const char *
strata_sandbox_store_get_resource_version (StrataSandboxStore *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (self), NULL);

  return self->resource_version_text;
}

guint64
strata_sandbox_store_get_resource_version_number (StrataSandboxStore *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (self), 0);

  return self->resource_version;
}

/* Reading */

JsonNode *
strata_sandbox_store_get (StrataSandboxStore *self,
                          const char         *api_version,
                          const char         *kind,
                          const char         *namespace_,
                          const char         *name)
{
  JsonNode *object;

  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (self), NULL);
  g_return_val_if_fail (api_version != NULL && kind != NULL, NULL);

  object = _strata_sandbox_store_lookup (self, api_version, kind, namespace_, name);
  return object ? strata_sandbox_json_copy (object) : NULL;
}

void
strata_sandbox_store_foreach (StrataSandboxStore            *self,
                              const char                    *api_version,
                              const char                    *kind,
                              const char                    *namespace_,
                              StrataSandboxStoreForeachFunc  func,
                              gpointer                       user_data)
{
  g_autofree char *first = NULL;
  GTreeNode *node;
  GTree *tree;

  g_return_if_fail (STRATA_IS_SANDBOX_STORE (self));
  g_return_if_fail (api_version != NULL && kind != NULL && func != NULL);

  tree = bucket_for (self, api_version, kind, FALSE);
  if (tree == NULL)
    return;

  first = namespace_ ? object_key (namespace_, "") : NULL;
  for (node = first ? g_tree_lower_bound (tree, first) : g_tree_node_first (tree);
       node != NULL && (first == NULL || g_str_has_prefix (g_tree_node_key (node), first));
       node = g_tree_node_next (node))
    if (!func (g_tree_node_value (node), user_data))
      break;
}

GPtrArray *
strata_sandbox_store_list (StrataSandboxStore  *self,
                           const char          *api_version,
                           const char          *kind,
                           const char          *namespace_,
                           const char          *label_selector,
                           GError             **error)
{
  g_autoptr(StrataSandboxSelector) selector = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_autofree char *first = NULL;
  GTreeNode *node;
  GTree *tree;

  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (self), NULL);
  g_return_val_if_fail (api_version != NULL && kind != NULL, NULL);

  selector = strata_sandbox_selector_parse_labels (label_selector, error);
  if (selector == NULL)
    return NULL;

  tree = bucket_for (self, api_version, kind, FALSE);
  if (tree == NULL)
    return g_steal_pointer (&items);

  if (namespace_ != NULL)
    {
      first = object_key (namespace_, "");
      node = g_tree_lower_bound (tree, first);
    }
  else
    node = g_tree_node_first (tree);

  for (; node != NULL; node = g_tree_node_next (node))
    {
      JsonNode *object = g_tree_node_value (node);

      if (namespace_ != NULL && !g_str_has_prefix (g_tree_node_key (node), first))
        break;
      if (strata_sandbox_selector_matches (selector, json_node_get_object (object)))
        g_ptr_array_add (items, strata_sandbox_json_copy (object));
    }

  return g_steal_pointer (&items);
}

GPtrArray *
_strata_sandbox_store_list_namespace (StrataSandboxStore *self,
                                      const char         *namespace_)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_autofree char *first = object_key (namespace_, "");
  GHashTableIter iter;
  gpointer tree;

  g_hash_table_iter_init (&iter, self->kinds);
  while (g_hash_table_iter_next (&iter, NULL, &tree))
    {
      GTreeNode *node;

      for (node = g_tree_lower_bound (tree, first);
           node != NULL && g_str_has_prefix (g_tree_node_key (node), first);
           node = g_tree_node_next (node))
        g_ptr_array_add (items, strata_sandbox_json_copy (g_tree_node_value (node)));
    }

  return items;
}

GPtrArray *
_strata_sandbox_store_list_all (StrataSandboxStore *self)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  GHashTableIter iter;
  gpointer tree;

  g_hash_table_iter_init (&iter, self->kinds);
  while (g_hash_table_iter_next (&iter, NULL, &tree))
    {
      GTreeNode *node;

      for (node = g_tree_node_first (tree); node != NULL; node = g_tree_node_next (node))
        g_ptr_array_add (items, strata_sandbox_json_copy (g_tree_node_value (node)));
    }

  return items;
}
