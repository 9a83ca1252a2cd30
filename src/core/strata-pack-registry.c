/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-core-error.h"
#include "strata-pack-registry.h"
#include "strata-semver.h"

#define BUILTIN_NAME N_("Public Repo")

struct _StrataPackRegistry
{
  GObject      parent_instance;

  char        *name;
  char        *folder;
  GListStore  *packs;       /* StrataPack, latest versions, by name */
  GHashTable  *versions;    /* name → GPtrArray of StrataPack, oldest first */
  GStrv        categories;
  GPtrArray   *problems;    /* GError */
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_FOLDER,
  PROP_PACKS,
  PROP_CATEGORIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataPackRegistry, strata_pack_registry, G_TYPE_OBJECT)

/* What the worker thread hands back to the main thread. */
typedef struct
{
  GHashTable *versions;
  GPtrArray  *problems;
} Catalogue;

static void
catalogue_free (Catalogue *catalogue)
{
  g_clear_pointer (&catalogue->versions, g_hash_table_unref);
  g_clear_pointer (&catalogue->problems, g_ptr_array_unref);
  g_free (catalogue);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Catalogue, catalogue_free)

static GHashTable *
versions_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify)g_ptr_array_unref);
}

static void
strata_pack_registry_finalize (GObject *object)
{
  StrataPackRegistry *self = (StrataPackRegistry *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->folder, g_free);
  g_clear_object (&self->packs);
  g_clear_pointer (&self->versions, g_hash_table_unref);
  g_clear_pointer (&self->categories, g_strfreev);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (strata_pack_registry_parent_class)->finalize (object);
}

static void
strata_pack_registry_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  StrataPackRegistry *self = STRATA_PACK_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_FOLDER:
      g_value_set_string (value, self->folder);
      break;
    case PROP_PACKS:
      g_value_set_object (value, self->packs);
      break;
    case PROP_CATEGORIES:
      g_value_set_boxed (value, self->categories);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_pack_registry_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  StrataPackRegistry *self = STRATA_PACK_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_FOLDER:
      self->folder = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_pack_registry_class_init (StrataPackRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_pack_registry_finalize;
  object_class->get_property = strata_pack_registry_get_property;
  object_class->set_property = strata_pack_registry_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FOLDER] =
    g_param_spec_string ("folder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PACKS] =
    g_param_spec_object ("packs", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CATEGORIES] =
    g_param_spec_boxed ("categories", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_pack_registry_init (StrataPackRegistry *self)
{
  self->packs = g_list_store_new (STRATA_TYPE_PACK);
  self->versions = versions_table_new ();
  self->categories = g_new0 (char *, 1);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
}

/**
 * strata_pack_registry_new:
 * @name: the registry's name, as the pack browser shows it
 * @folder: its folder, laid out as FOLDER/NAME/VERSION/
 *
 * Returns: (transfer full): a registry, empty until loaded
 */
StrataPackRegistry *
strata_pack_registry_new (const char *name,
                          const char *folder)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (folder != NULL, NULL);

  return g_object_new (STRATA_TYPE_PACK_REGISTRY,
                       "name", name,
                       "folder", folder,
                       NULL);
}

/**
 * strata_pack_registry_dup_builtin_folder:
 *
 * Returns: (transfer full): $STRATA_PACKS_DIR when set, else the installed
 *   PKGDATADIR/packs
 */
char *
strata_pack_registry_dup_builtin_folder (void)
{
  const char *folder = g_getenv ("STRATA_PACKS_DIR");

  if (folder != NULL && *folder != '\0')
    return g_strdup (folder);

  return g_build_filename (PKGDATADIR, "packs", NULL);
}

/* Returns: (transfer full): the registry Strata ships, "Public Repo". */
StrataPackRegistry *
strata_pack_registry_new_builtin (void)
{
  g_autofree char *folder = strata_pack_registry_dup_builtin_folder ();

  return strata_pack_registry_new (_(BUILTIN_NAME), folder);
}

const char *
strata_pack_registry_get_name (StrataPackRegistry *self)
{
  g_return_val_if_fail (STRATA_IS_PACK_REGISTRY (self), NULL);

  return self->name;
}

const char *
strata_pack_registry_get_folder (StrataPackRegistry *self)
{
  g_return_val_if_fail (STRATA_IS_PACK_REGISTRY (self), NULL);

  return self->folder;
}

/* Loading, in a worker thread: the folders, then each pack. */

static int
compare_by_version (gconstpointer a,
                    gconstpointer b)
{
  StrataPack *x = *(StrataPack * const *)a;
  StrataPack *y = *(StrataPack * const *)b;

  return strata_semver_compare_strings (strata_pack_get_version (x),
                                        strata_pack_get_version (y));
}

static void
load_pack_versions (Catalogue    *catalogue,
                    const char   *registry,
                    const char   *name,
                    GCancellable *cancellable)
{
  g_autofree char *folder = g_build_filename (registry, name, NULL);
  g_autoptr(GPtrArray) packs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &error);
  const char *entry;

  if (dir == NULL)
    {
      g_ptr_array_add (catalogue->problems, g_steal_pointer (&error));
      return;
    }

  while ((entry = g_dir_read_name (dir)) != NULL && !g_cancellable_is_cancelled (cancellable))
    {
      g_autofree char *path = g_build_filename (folder, entry, NULL);
      StrataPack *pack;

      if (entry[0] == '.' || !g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;

      if (!strata_semver_validate (entry, &error))
        {
          g_ptr_array_add (catalogue->problems,
                           g_error_new (STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_VERSION,
                                        _("%s: a pack's version folders must be named by version: %s"),
                                        path, error->message));
          g_clear_error (&error);
          continue;
        }

      if (!(pack = strata_pack_new_from_folder (path, &error)))
        {
          g_ptr_array_add (catalogue->problems, g_steal_pointer (&error));
          continue;
        }
      g_ptr_array_add (packs, pack);
    }

  if (packs->len == 0)
    return;

  g_ptr_array_sort (packs, compare_by_version);
  g_hash_table_insert (catalogue->versions, g_strdup (name), g_steal_pointer (&packs));
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *folder = task_data;
  g_autoptr(Catalogue) catalogue = g_new0 (Catalogue, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &error);
  const char *entry;

  if (dir == NULL)
    {
      g_task_return_new_error (task, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IO,
                               _("The pack registry folder cannot be read: %s"), error->message);
      return;
    }

  catalogue->versions = versions_table_new ();
  catalogue->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);

  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, entry, NULL);

      if (g_task_return_error_if_cancelled (task))
        return;
      if (entry[0] == '.' || !g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      load_pack_versions (catalogue, folder, entry, cancellable);
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, g_steal_pointer (&catalogue), (GDestroyNotify)catalogue_free);
}

static int
compare_packs_by_name (gconstpointer a,
                       gconstpointer b)
{
  return g_strcmp0 (strata_pack_get_name (*(StrataPack * const *)a),
                    strata_pack_get_name (*(StrataPack * const *)b));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char * const *)a, *(const char * const *)b);
}

/* Back on the main thread: the models change here, so that views bound to
 * them only ever see changes from the thread they run in. */
static void
apply_catalogue (StrataPackRegistry *self,
                 Catalogue          *catalogue)
{
  g_autoptr(GPtrArray) latest = g_ptr_array_new ();
  g_autoptr(GPtrArray) categories = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) old_categories = NULL;
  gboolean categories_changed;
  GHashTableIter iter;
  GPtrArray *versions;

  g_hash_table_iter_init (&iter, catalogue->versions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&versions))
    {
      StrataPack *pack = g_ptr_array_index (versions, versions->len - 1);

      g_ptr_array_add (latest, pack);
      for (guint i = 0; i < versions->len; i++)
        {
          const char *category = strata_pack_get_category (g_ptr_array_index (versions, i));

          if (g_hash_table_add (seen, (gpointer)category))
            g_ptr_array_add (categories, g_strdup (category));
        }
    }
  g_ptr_array_sort (latest, compare_packs_by_name);
  g_ptr_array_sort (categories, compare_strings);
  g_ptr_array_add (categories, NULL);

  g_clear_pointer (&self->versions, g_hash_table_unref);
  self->versions = g_steal_pointer (&catalogue->versions);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_steal_pointer (&catalogue->problems);

  old_categories = g_steal_pointer (&self->categories);
  self->categories = (GStrv)g_ptr_array_free (g_steal_pointer (&categories), FALSE);
  categories_changed = !g_strv_equal ((const char * const *)old_categories,
                                      (const char * const *)self->categories);

  g_list_store_splice (self->packs, 0, g_list_model_get_n_items (G_LIST_MODEL (self->packs)),
                       latest->pdata, latest->len);
  if (categories_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORIES]);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  StrataPackRegistry *self = (StrataPackRegistry *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(Catalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (STRATA_IS_PACK_REGISTRY (self));
  g_assert (G_IS_TASK (task));

  if (!(catalogue = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  apply_catalogue (self, catalogue);
  g_task_return_boolean (task, TRUE);
}

void
strata_pack_registry_load_async (StrataPackRegistry  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;

  g_return_if_fail (STRATA_IS_PACK_REGISTRY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_pack_registry_load_async);

  worker = g_task_new (self, cancellable, load_done, g_steal_pointer (&task));
  g_task_set_source_tag (worker, load_worker);
  g_task_set_task_data (worker, g_strdup (self->folder), g_free);
  g_task_run_in_thread (worker, load_worker);
}

gboolean
strata_pack_registry_load_finish (StrataPackRegistry  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (STRATA_IS_PACK_REGISTRY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
strata_pack_registry_get_problems (StrataPackRegistry *self)
{
  g_return_val_if_fail (STRATA_IS_PACK_REGISTRY (self), NULL);

  return self->problems;
}

GListModel *
strata_pack_registry_get_packs (StrataPackRegistry *self)
{
  g_return_val_if_fail (STRATA_IS_PACK_REGISTRY (self), NULL);

  return G_LIST_MODEL (self->packs);
}

const char * const *
strata_pack_registry_get_categories (StrataPackRegistry *self)
{
  g_return_val_if_fail (STRATA_IS_PACK_REGISTRY (self), NULL);

  return (const char * const *)self->categories;
}

GListModel *
strata_pack_registry_search (StrataPackRegistry *self,
                             const char         *search,
                             const char         *category)
{
  GListStore *found;
  guint n_items;

  g_return_val_if_fail (STRATA_IS_PACK_REGISTRY (self), NULL);

  found = g_list_store_new (STRATA_TYPE_PACK);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->packs));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(StrataPack) pack = g_list_model_get_item (G_LIST_MODEL (self->packs), i);

      if (strata_pack_matches (pack, search, category))
        g_list_store_append (found, pack);
    }

  return G_LIST_MODEL (found);
}

GListModel *
strata_pack_registry_list_versions (StrataPackRegistry *self,
                                    const char         *name)
{
  GListStore *store;
  GPtrArray *versions;

  g_return_val_if_fail (STRATA_IS_PACK_REGISTRY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  store = g_list_store_new (STRATA_TYPE_PACK);
  if ((versions = g_hash_table_lookup (self->versions, name)) != NULL)
    g_list_store_splice (store, 0, 0, versions->pdata, versions->len);

  return G_LIST_MODEL (store);
}

StrataPack *
strata_pack_registry_lookup (StrataPackRegistry *self,
                             const char         *name,
                             const char         *version)
{
  GPtrArray *versions;

  g_return_val_if_fail (STRATA_IS_PACK_REGISTRY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if ((versions = g_hash_table_lookup (self->versions, name)) == NULL)
    return NULL;
  if (version == NULL)
    return g_ptr_array_index (versions, versions->len - 1);

  for (guint i = 0; i < versions->len; i++)
    {
      StrataPack *pack = g_ptr_array_index (versions, i);

      if (g_strcmp0 (strata_pack_get_version (pack), version) == 0)
        return pack;
    }

  return NULL;
}

/**
 * strata_pack_registry_lookup_reference:
 * @reference: “NAME@VERSION”, or “NAME” for the latest version
 *
 * Returns: (transfer none) (nullable): the pack, or %NULL with @error set
 *   to %STRATA_CORE_ERROR_NOT_FOUND and a message listing what there is
 */
StrataPack *
strata_pack_registry_lookup_reference (StrataPackRegistry  *self,
                                       const char          *reference,
                                       GError             **error)
{
  g_autofree char *name = NULL;
  const char *at;
  const char *version = NULL;
  GPtrArray *versions;
  StrataPack *pack;

  g_return_val_if_fail (STRATA_IS_PACK_REGISTRY (self), NULL);
  g_return_val_if_fail (reference != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((at = strchr (reference, '@')) != NULL)
    {
      name = g_strndup (reference, at - reference);
      version = at + 1;
    }
  else
    {
      name = g_strdup (reference);
    }

  if ((versions = g_hash_table_lookup (self->versions, name)) == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("%s has no pack named “%s”"),
                   self->name, name);
      return NULL;
    }

  if ((pack = strata_pack_registry_lookup (self, name, version)) == NULL)
    {
      g_autoptr(GString) available = g_string_new (NULL);

      for (guint i = 0; i < versions->len; i++)
        g_string_append_printf (available, "%s%s", i > 0 ? ", " : "",
                                strata_pack_get_version (g_ptr_array_index (versions, i)));
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("The pack “%s” has no version %s in %s (it has %s)"),
                   name, version, self->name, available->str);
      return NULL;
    }

  return pack;
}
