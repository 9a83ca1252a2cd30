/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The profiles on disk. Disk work runs in a worker thread, one operation at a
 * time; the list models are only touched on the main thread, after the disk
 * says yes, so what the views show is always what is stored. */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "strata-atomic-file.h"
#include "strata-core-error.h"
#include "strata-store-private.h"
#include "strata-yaml.h"

enum {
  PROP_0,
  PROP_ROOT,
  PROP_PROFILES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataStore, strata_store, G_TYPE_OBJECT)

static void
strata_store_finalize (GObject *object)
{
  StrataStore *self = (StrataStore *)object;

  g_clear_pointer (&self->root, g_free);
  g_clear_object (&self->profiles);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->damaged, g_hash_table_unref);
  g_mutex_clear (&self->io_lock);
  g_weak_ref_clear (&self->cluster_store);

  G_OBJECT_CLASS (strata_store_parent_class)->finalize (object);
}

static void
strata_store_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  StrataStore *self = STRATA_STORE (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_string (value, self->root);
      break;
    case PROP_PROFILES:
      g_value_set_object (value, self->profiles);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_store_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  StrataStore *self = STRATA_STORE (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      self->root = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_store_class_init (StrataStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_store_finalize;
  object_class->get_property = strata_store_get_property;
  object_class->set_property = strata_store_set_property;

  properties[PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILES] =
    g_param_spec_object ("profiles", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_store_init (StrataStore *self)
{
  self->profiles = g_list_store_new (STRATA_TYPE_PROFILE);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  self->damaged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&self->io_lock);
  g_weak_ref_init (&self->cluster_store, NULL);
}

/**
 * strata_store_new:
 * @root: the folder holding `profiles/`
 *
 * Returns: (transfer full): a store; call strata_store_load_async() to read it.
 */
StrataStore *
strata_store_new (const char *root)
{
  g_return_val_if_fail (root != NULL, NULL);

  return g_object_new (STRATA_TYPE_STORE, "root", root, NULL);
}

/**
 * strata_store_new_default:
 *
 * Returns: (transfer full): the store in $STRATA_DATA_DIR, or else in
 *   $XDG_DATA_HOME/strata.
 */
StrataStore *
strata_store_new_default (void)
{
  const char *override = g_getenv ("STRATA_DATA_DIR");
  g_autofree char *root = NULL;

  if (override != NULL && *override != '\0')
    root = g_strdup (override);
  else
    root = g_build_filename (g_get_user_data_dir (), "strata", NULL);

  return strata_store_new (root);
}

const char *
strata_store_get_root (StrataStore *self)
{
  g_return_val_if_fail (STRATA_IS_STORE (self), NULL);
  return self->root;
}

GListModel *
strata_store_get_profiles (StrataStore *self)
{
  g_return_val_if_fail (STRATA_IS_STORE (self), NULL);
  return G_LIST_MODEL (self->profiles);
}

GPtrArray *
strata_store_get_problems (StrataStore *self)
{
  g_return_val_if_fail (STRATA_IS_STORE (self), NULL);
  return self->problems;
}

StrataProfile *
strata_store_find_profile (StrataStore *self,
                           const char  *name)
{
  guint n;

  g_return_val_if_fail (STRATA_IS_STORE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->profiles));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataProfile) profile = g_list_model_get_item (G_LIST_MODEL (self->profiles), i);

      if (g_strcmp0 (strata_profile_get_name (profile), name) == 0)
        return profile; /* the store keeps its reference */
    }

  return NULL;
}

void
_strata_store_set_cluster_store (StrataStore        *self,
                                 StrataClusterStore *clusters)
{
  g_weak_ref_set (&self->cluster_store, clusters);
}

/* @version NULL: any version, for deleting the whole profile. */
gboolean
_strata_store_check_not_in_use (StrataStore  *self,
                                const char   *profile,
                                const char   *version,
                                GError      **error)
{
  g_autoptr(StrataClusterStore) clusters = g_weak_ref_get (&self->cluster_store);
  g_autofree char *user = NULL;

  if (clusters == NULL || !strata_cluster_store_profile_in_use (clusters, profile, version, &user))
    return TRUE;

  if (version != NULL)
    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IN_USE,
                 _("Version %s of “%s” is attached to cluster “%s”: attach another version there first"),
                 version, profile, user);
  else
    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IN_USE,
                 _("Profile “%s” is attached to cluster “%s”: detach it there first"),
                 profile, user);
  return FALSE;
}

static void
add_problem (StoreOp    *op,
             const char *path,
             GError     *error)
{
  g_hash_table_insert (op->loaded_damaged, g_strdup (path), g_strdup (error->message));
  g_ptr_array_add (op->loaded_problems, error);
}

static void
load_versions (StoreOp       *op,
               StrataProfile *profile,
               const char    *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      /* Dot files are temporaries of an interrupted write. */
      if (name[0] != '.' && g_str_has_suffix (name, YAML_SUFFIX) &&
          strcmp (name, PROFILE_FILE) != 0)
        g_ptr_array_add (names, g_strdup (name));
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (folder, file, NULL);
      g_autofree char *expected = g_strndup (file, strlen (file) - strlen (YAML_SUFFIX));
      g_autoptr(StrataProfileVersion) version = NULL;
      GError *error = NULL;

      version = _strata_store_read_version_file (path, &error);
      if (version != NULL &&
          g_strcmp0 (strata_profile_version_get_version (version), expected) != 0)
        g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                     _("%s: holds version %s but its file name says %s"),
                     path, strata_profile_version_get_version (version), expected);

      if (error == NULL)
        strata_profile_add_version (profile, version, &error);

      if (error != NULL)
        add_problem (op, path, error);
    }
}

static void
load_profile (StoreOp    *op,
              const char *folder,
              const char *name)
{
  g_autofree char *path = g_build_filename (folder, PROFILE_FILE, NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(StrataProfile) profile = NULL;
  GError *error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("%s: missing; the folder is not a complete profile"), path);
      add_problem (op, path, error);
      return;
    }

  node = _strata_store_read_yaml_file (path, &error);
  if (node != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      profile = strata_profile_new_from_json (node, &local_error);
      if (profile == NULL)
        g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                     "%s: %s", path, local_error->message);
      else if (g_strcmp0 (strata_profile_get_name (profile), name) != 0)
        g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                     _("%s: holds profile “%s” but its folder says “%s”"),
                     path, strata_profile_get_name (profile), name);
    }

  if (error != NULL)
    {
      add_problem (op, path, error);
      return;
    }

  load_versions (op, profile, folder);
  g_ptr_array_add (op->loaded_profiles, g_steal_pointer (&profile));
}

static int
compare_profile_names (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  return g_strcmp0 (strata_profile_get_name ((StrataProfile *)a),
                    strata_profile_get_name ((StrataProfile *)b));
}

static int
compare_profile_pointers (gconstpointer a,
                          gconstpointer b)
{
  return compare_profile_names (*(StrataProfile **)a, *(StrataProfile **)b, NULL);
}


/* Load */

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  StrataStore *self = source_object;
  StoreOp *op = task_data;
  g_autofree char *folder = g_build_filename (self->root, "profiles", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  WITH_IO_LOCK (self);

  dir = g_dir_open (folder, 0, &error);
  if (dir == NULL)
    {
      /* A store nobody wrote to yet is simply empty. */
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IO,
                                 _("Could not read the profiles folder: %s"), error->message);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (name[0] != '.' && g_file_test (path, G_FILE_TEST_IS_DIR))
        load_profile (op, path, name);
    }

  g_ptr_array_sort (op->loaded_profiles, compare_profile_pointers);
  g_task_return_boolean (task, TRUE);
}

static void
load_apply (StrataStore *self,
            StoreOp     *op)
{
  g_list_store_splice (self->profiles, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->profiles)),
                       op->loaded_profiles->pdata, op->loaded_profiles->len);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_steal_pointer (&op->loaded_problems);
  g_clear_pointer (&self->damaged, g_hash_table_unref);
  self->damaged = g_steal_pointer (&op->loaded_damaged);
}

void
strata_store_load_async (StrataStore         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  StoreOp *op;

  g_return_if_fail (STRATA_IS_STORE (self));

  op = _strata_store_op_new (NULL);
  op->loaded_profiles = g_ptr_array_new_with_free_func (g_object_unref);
  op->loaded_problems = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  op->loaded_damaged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  op->apply = load_apply;
  _strata_store_run_op (self, op, load_worker, strata_store_load_async, cancellable, callback, user_data);
}

gboolean
strata_store_load_finish (StrataStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return _strata_store_finish_boolean (self, result, strata_store_load_async, error);
}


/* Create profile */

static void
create_profile_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  StrataStore *self = source_object;
  StoreOp *op = task_data;
  GError *error = NULL;
  WITH_IO_LOCK (self);

  if (g_file_test (op->folder, G_FILE_TEST_EXISTS))
    {
      g_task_return_new_error (task, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                               _("A profile named “%s” already exists in %s"),
                               strata_profile_get_name (op->profile), op->folder);
      return;
    }

  /* The version first: a folder with a profile file is a profile, and it
   * must never be one without its first version. */
  if (!_strata_store_make_folder (op->folder, &error) ||
      !strata_atomic_file_write (op->path, op->contents, -1, &error) ||
      !strata_atomic_file_write (op->profile_path, op->profile_contents, -1, &error))
    {
      _strata_store_remove_tree (op->folder, NULL);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
create_profile_apply (StrataStore *self,
                      StoreOp     *op)
{
  strata_profile_add_version (op->profile, op->version, NULL);
  g_list_store_insert_sorted (self->profiles, op->profile, compare_profile_names, NULL);
  op->result = g_object_ref (G_OBJECT (op->profile));
}

void
strata_store_create_profile_async (StrataStore         *self,
                                   const char          *name,
                                   StrataProfileType    type,
                                   const char          *description,
                                   const char          *version,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(StrataProfile) profile = NULL;
  g_autoptr(StoreOp) op = NULL;
  GError *error = NULL;

  g_return_if_fail (STRATA_IS_STORE (self));

  if (version == NULL)
    version = DEFAULT_VERSION;

  if (!strata_validate_dns_label (name, _("profile name"), &error) ||
      !strata_semver_validate (version, &error))
    goto failed;

  if (strata_store_find_profile (self, name) != NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                   _("A profile named “%s” already exists: choose another name"), name);
      goto failed;
    }

  profile = strata_profile_new (name, type);
  strata_profile_set_description (profile, description);

  op = _strata_store_op_new (profile);
  op->now = g_date_time_new_now_utc ();
  op->version = strata_profile_version_new (version);
  strata_profile_version_set_saved_at (op->version, op->now);
  op->folder = _strata_store_profile_folder (self, name);
  op->path = _strata_store_version_path (self, name, version);
  op->profile_path = g_build_filename (op->folder, PROFILE_FILE, NULL);
  if (!_strata_store_check_not_damaged (self, op->profile_path, &error) ||
      (op->contents = _strata_store_serialize_version (op->version, name, &error)) == NULL ||
      (op->profile_contents = _strata_store_serialize (strata_profile_to_json (profile), &error)) == NULL)
    goto failed;

  op->apply = create_profile_apply;
  _strata_store_run_op (self, g_steal_pointer (&op), create_profile_worker,
          strata_store_create_profile_async, cancellable, callback, user_data);
  return;

failed:
  _strata_store_fail_op (self, g_steal_pointer (&op) ?: _strata_store_op_new (NULL), error,
           strata_store_create_profile_async, callback, user_data);
}

StrataProfile *
strata_store_create_profile_finish (StrataStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _strata_store_finish_pointer (self, result, strata_store_create_profile_async, error);
}


/* Save profile */

static void
write_file_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  StrataStore *self = source_object;
  StoreOp *op = task_data;
  GError *error = NULL;
  WITH_IO_LOCK (self);

  if (!strata_atomic_file_write (op->path, op->contents, -1, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
strata_store_save_profile_async (StrataStore         *self,
                                 StrataProfile       *profile,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(StoreOp) op = NULL;
  g_autofree char *folder = NULL;
  GError *error = NULL;

  g_return_if_fail (STRATA_IS_STORE (self));
  g_return_if_fail (STRATA_IS_PROFILE (profile));

  op = _strata_store_op_new (profile);
  folder = _strata_store_profile_folder (self, strata_profile_get_name (profile));
  op->path = g_build_filename (folder, PROFILE_FILE, NULL);
  if (!_strata_store_check_not_damaged (self, op->path, &error) ||
      (op->contents = _strata_store_serialize (strata_profile_to_json (profile), &error)) == NULL)
    {
      _strata_store_fail_op (self, g_steal_pointer (&op), error,
               strata_store_save_profile_async, callback, user_data);
      return;
    }

  _strata_store_run_op (self, g_steal_pointer (&op), write_file_worker,
          strata_store_save_profile_async, cancellable, callback, user_data);
}

gboolean
strata_store_save_profile_finish (StrataStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _strata_store_finish_boolean (self, result, strata_store_save_profile_async, error);
}


static void
delete_profile_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  StrataStore *self = source_object;
  StoreOp *op = task_data;
  GError *error = NULL;
  WITH_IO_LOCK (self);

  if (!_strata_store_remove_tree (op->folder, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
delete_profile_apply (StrataStore *self,
                      StoreOp     *op)
{
  guint position;

  if (g_list_store_find (self->profiles, op->profile, &position))
    g_list_store_remove (self->profiles, position);
}

void
strata_store_delete_profile_async (StrataStore         *self,
                                   StrataProfile       *profile,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  StoreOp *op;
  GError *error = NULL;

  g_return_if_fail (STRATA_IS_STORE (self));
  g_return_if_fail (STRATA_IS_PROFILE (profile));

  op = _strata_store_op_new (profile);
  if (!_strata_store_check_not_in_use (self, strata_profile_get_name (profile), NULL, &error))
    {
      _strata_store_fail_op (self, op, error, strata_store_delete_profile_async, callback, user_data);
      return;
    }

  op->folder = _strata_store_profile_folder (self, strata_profile_get_name (profile));
  op->apply = delete_profile_apply;
  _strata_store_run_op (self, op, delete_profile_worker,
          strata_store_delete_profile_async, cancellable, callback, user_data);
}

gboolean
strata_store_delete_profile_finish (StrataStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _strata_store_finish_boolean (self, result, strata_store_delete_profile_async, error);
}

