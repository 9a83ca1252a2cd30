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
#include "strata-store.h"
#include "strata-yaml.h"

#define DEFAULT_VERSION "1.0.0"
#define PROFILE_FILE "profile.yaml"
#define HISTORY_FOLDER "history"
#define YAML_SUFFIX ".yaml"

struct _StrataStore
{
  GObject     parent_instance;

  char       *root;
  GListStore *profiles;
  GPtrArray  *problems;
  /* path -> message, for files that failed to load and must not be written */
  GHashTable *damaged;
  GMutex      io_lock;
};

enum {
  PROP_0,
  PROP_ROOT,
  PROP_PROFILES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataStore, strata_store, G_TYPE_OBJECT)

typedef struct _StoreOp StoreOp;
typedef void (*StoreApplyFunc) (StrataStore *self,
                                StoreOp     *op);

/* One operation: what the main thread prepared, what the worker found, and
 * how the models change once the disk work succeeded. */
struct _StoreOp
{
  StrataProfile        *profile;
  StrataProfileVersion *version;
  StrataProfileVersion *content;
  char                 *folder;
  char                 *path;
  char                 *contents;
  char                 *profile_path;
  char                 *profile_contents;
  char                 *history_folder;
  guint                 revision;
  guint                 wanted_revision;
  GDateTime            *now;
  GObject              *result;
  GPtrArray            *loaded_profiles;
  GPtrArray            *loaded_problems;
  GHashTable           *loaded_damaged;
  StoreApplyFunc        apply;
};

static void
store_op_free (StoreOp *op)
{
  g_clear_object (&op->profile);
  g_clear_object (&op->version);
  g_clear_object (&op->content);
  g_clear_pointer (&op->folder, g_free);
  g_clear_pointer (&op->path, g_free);
  g_clear_pointer (&op->contents, g_free);
  g_clear_pointer (&op->profile_path, g_free);
  g_clear_pointer (&op->profile_contents, g_free);
  g_clear_pointer (&op->history_folder, g_free);
  g_clear_pointer (&op->now, g_date_time_unref);
  g_clear_object (&op->result);
  g_clear_pointer (&op->loaded_profiles, g_ptr_array_unref);
  g_clear_pointer (&op->loaded_problems, g_ptr_array_unref);
  g_clear_pointer (&op->loaded_damaged, g_hash_table_unref);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreOp, store_op_free)

static void
strata_store_finalize (GObject *object)
{
  StrataStore *self = (StrataStore *)object;

  g_clear_pointer (&self->root, g_free);
  g_clear_object (&self->profiles);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->damaged, g_hash_table_unref);
  g_mutex_clear (&self->io_lock);

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

/* Paths */

static char *
profile_folder (StrataStore *self,
                const char  *name)
{
  return g_build_filename (self->root, "profiles", name, NULL);
}

static char *
version_path (StrataStore *self,
              const char  *profile,
              const char  *version)
{
  g_autofree char *file = g_strconcat (version, YAML_SUFFIX, NULL);
  return g_build_filename (self->root, "profiles", profile, file, NULL);
}

static char *
history_folder (StrataStore *self,
                const char  *profile,
                const char  *version)
{
  return g_build_filename (self->root, "profiles", profile, HISTORY_FOLDER, version, NULL);
}

static char *
revision_path (const char *folder,
               guint       revision)
{
  g_autofree char *file = g_strdup_printf ("%u" YAML_SUFFIX, revision);
  return g_build_filename (folder, file, NULL);
}

/* Reading */

/* Reads and parses one YAML file; errors start with the path so the user
 * knows which file to look at. */
static JsonNode *
read_yaml_file (const char  *path,
                GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  JsonNode *node;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IO,
                   "%s: %s", path, local_error->message);
      return NULL;
    }

  node = strata_yaml_parse (contents, length, &local_error);
  if (node == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   "%s: %s", path, local_error->message);
      return NULL;
    }

  return node;
}

static StrataProfileVersion *
read_version_file (const char  *path,
                   GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  StrataProfileVersion *version;

  node = read_yaml_file (path, error);
  if (node == NULL)
    return NULL;

  version = strata_profile_version_new_from_json (node, &local_error);
  if (version == NULL)
    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                 "%s: %s", path, local_error->message);

  return version;
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

      version = read_version_file (path, &error);
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

  node = read_yaml_file (path, &error);
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

/* Writing */

static gboolean
remove_tree (const char  *path,
             GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        goto failed;
      return TRUE;
    }

  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!remove_tree (child, error))
        return FALSE;
    }

  if (g_rmdir (path) == 0)
    return TRUE;

failed:
  {
    int saved_errno = errno;

    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IO,
                 _("Could not remove “%s”: %s"), path, g_strerror (saved_errno));
    return FALSE;
  }
}

static gboolean
make_folder (const char  *path,
             GError     **error)
{
  if (g_mkdir_with_parents (path, 0755) == 0)
    return TRUE;

  {
    int saved_errno = errno;

    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IO,
                 _("Could not create the folder “%s”: %s"), path, g_strerror (saved_errno));
    return FALSE;
  }
}

static char *
serialize (JsonNode  *node,
           GError   **error)
{
  g_autoptr(JsonNode) owned = node;

  return strata_yaml_emit (owned, error);
}

static char *
serialize_version (StrataProfileVersion  *version,
                   const char            *profile_name,
                   GError               **error)
{
  return serialize (strata_profile_version_to_json (version, profile_name), error);
}

/* Refuses to write over a file that failed to load: it may hold the user's
 * only copy of something, and only the user can say how to mend it. */
static gboolean
check_not_damaged (StrataStore  *self,
                   const char   *path,
                   GError      **error)
{
  const char *problem = g_hash_table_lookup (self->damaged, path);

  if (problem == NULL)
    return TRUE;

  g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
               _("Strata will not overwrite a file it could not read. Repair or remove it first: %s"),
               problem);
  return FALSE;
}

/* The current file becomes revision op->revision under history/ (never
 * replacing one already there: revisions are immutable), then the new
 * contents replace it. */
static gboolean
save_in_place (StoreOp  *op,
               GError  **error)
{
  g_autofree char *old_contents = NULL;
  g_autofree char *kept_path = NULL;
  gsize length;

  if (!g_file_get_contents (op->path, &old_contents, &length, error) ||
      !make_folder (op->history_folder, error))
    return FALSE;

  kept_path = revision_path (op->history_folder, op->revision);
  if (!g_file_test (kept_path, G_FILE_TEST_EXISTS) &&
      !strata_atomic_file_write (kept_path, old_contents, length, error))
    return FALSE;

  return strata_atomic_file_write (op->path, op->contents, -1, error);
}

/* Running an operation */

static void
on_disk_work_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  StrataStore *self = STRATA_STORE (object);
  g_autoptr(GTask) task = user_data;
  StoreOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (op->apply != NULL)
    op->apply (self, op);

  if (op->result != NULL)
    g_task_return_pointer (task, g_object_ref (op->result), g_object_unref);
  else
    g_task_return_boolean (task, TRUE);
}

/* Runs @work in a worker thread under the store's I/O lock, then @op->apply
 * on the main thread before the caller hears of it. Once the disk work has
 * started it is not cancelled halfway, so the models never miss a change
 * that reached the disk. */
static void
run_op (StrataStore         *self,
        StoreOp             *op,
        GTaskThreadFunc      work,
        gpointer             source_tag,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) disk_task = NULL;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify)store_op_free);

  disk_task = g_task_new (self, cancellable, on_disk_work_done, g_object_ref (task));
  g_task_set_source_tag (disk_task, source_tag);
  g_task_set_check_cancellable (disk_task, FALSE);
  g_task_set_task_data (disk_task, op, NULL);
  g_task_run_in_thread (disk_task, work);
}

static void
fail_op (StrataStore         *self,
         StoreOp             *op,
         GError              *error,
         gpointer             source_tag,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  store_op_free (op);
  g_task_return_error (task, error);
}

static StoreOp *
store_op_new (StrataProfile *profile)
{
  StoreOp *op = g_new0 (StoreOp, 1);

  op->profile = profile ? g_object_ref (profile) : NULL;
  return op;
}

static gpointer
finish_pointer (StrataStore   *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (STRATA_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
finish_boolean (StrataStore   *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (STRATA_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

#define WITH_IO_LOCK(self) g_autoptr(GMutexLocker) G_PASTE (locker, __LINE__) = g_mutex_locker_new (&(self)->io_lock)

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

  op = store_op_new (NULL);
  op->loaded_profiles = g_ptr_array_new_with_free_func (g_object_unref);
  op->loaded_problems = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  op->loaded_damaged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  op->apply = load_apply;
  run_op (self, op, load_worker, strata_store_load_async, cancellable, callback, user_data);
}

gboolean
strata_store_load_finish (StrataStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return finish_boolean (self, result, strata_store_load_async, error);
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
  if (!make_folder (op->folder, &error) ||
      !strata_atomic_file_write (op->path, op->contents, -1, &error) ||
      !strata_atomic_file_write (op->profile_path, op->profile_contents, -1, &error))
    {
      remove_tree (op->folder, NULL);
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

  op = store_op_new (profile);
  op->now = g_date_time_new_now_utc ();
  op->version = strata_profile_version_new (version);
  strata_profile_version_set_saved_at (op->version, op->now);
  op->folder = profile_folder (self, name);
  op->path = version_path (self, name, version);
  op->profile_path = g_build_filename (op->folder, PROFILE_FILE, NULL);
  if (!check_not_damaged (self, op->profile_path, &error) ||
      (op->contents = serialize_version (op->version, name, &error)) == NULL ||
      (op->profile_contents = serialize (strata_profile_to_json (profile), &error)) == NULL)
    goto failed;

  op->apply = create_profile_apply;
  run_op (self, g_steal_pointer (&op), create_profile_worker,
          strata_store_create_profile_async, cancellable, callback, user_data);
  return;

failed:
  fail_op (self, g_steal_pointer (&op) ?: store_op_new (NULL), error,
           strata_store_create_profile_async, callback, user_data);
}

StrataProfile *
strata_store_create_profile_finish (StrataStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_pointer (self, result, strata_store_create_profile_async, error);
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

  op = store_op_new (profile);
  folder = profile_folder (self, strata_profile_get_name (profile));
  op->path = g_build_filename (folder, PROFILE_FILE, NULL);
  if (!check_not_damaged (self, op->path, &error) ||
      (op->contents = serialize (strata_profile_to_json (profile), &error)) == NULL)
    {
      fail_op (self, g_steal_pointer (&op), error,
               strata_store_save_profile_async, callback, user_data);
      return;
    }

  run_op (self, g_steal_pointer (&op), write_file_worker,
          strata_store_save_profile_async, cancellable, callback, user_data);
}

gboolean
strata_store_save_profile_finish (StrataStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_boolean (self, result, strata_store_save_profile_async, error);
}

/* Create version */

static void
create_version_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  StrataStore *self = source_object;
  StoreOp *op = task_data;
  GError *error = NULL;
  WITH_IO_LOCK (self);

  if (g_file_test (op->path, G_FILE_TEST_EXISTS))
    {
      g_task_return_new_error (task, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                               _("Version %s already exists on disk (%s)"),
                               strata_profile_version_get_version (op->version), op->path);
      return;
    }

  if (!strata_atomic_file_write (op->path, op->contents, -1, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
add_version_apply (StrataStore *self,
                   StoreOp     *op)
{
  strata_profile_add_version (op->profile, op->version, NULL);
  op->result = g_object_ref (G_OBJECT (op->version));
}

void
strata_store_create_version_async (StrataStore         *self,
                                   StrataProfile       *profile,
                                   const char          *from_version,
                                   const char          *new_version,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(StoreOp) op = NULL;
  StrataProfileVersion *source;
  const char *name;
  GError *error = NULL;

  g_return_if_fail (STRATA_IS_STORE (self));
  g_return_if_fail (STRATA_IS_PROFILE (profile));

  name = strata_profile_get_name (profile);
  op = store_op_new (profile);

  if (!strata_semver_validate (new_version, &error))
    goto failed;

  source = strata_profile_find_version (profile, from_version);
  if (source == NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("Profile “%s” has no version %s to copy from"),
                   name, from_version ? from_version : "");
      goto failed;
    }

  if (strata_profile_find_version (profile, new_version) != NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                   _("Profile “%s” already has version %s: choose another version"),
                   name, new_version);
      goto failed;
    }

  op->now = g_date_time_new_now_utc ();
  op->version = strata_profile_version_copy (source, new_version);
  strata_profile_version_set_saved_at (op->version, op->now);
  op->path = version_path (self, name, new_version);
  if (!check_not_damaged (self, op->path, &error) ||
      (op->contents = serialize_version (op->version, name, &error)) == NULL)
    goto failed;

  op->apply = add_version_apply;
  run_op (self, g_steal_pointer (&op), create_version_worker,
          strata_store_create_version_async, cancellable, callback, user_data);
  return;

failed:
  fail_op (self, g_steal_pointer (&op), error,
           strata_store_create_version_async, callback, user_data);
}

StrataProfileVersion *
strata_store_create_version_finish (StrataStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_pointer (self, result, strata_store_create_version_async, error);
}

/* Save version in place */

static void
save_version_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  StrataStore *self = source_object;
  StoreOp *op = task_data;
  GError *error = NULL;
  WITH_IO_LOCK (self);

  if (!save_in_place (op, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_version_apply (StrataStore *self,
                    StoreOp     *op)
{
  strata_profile_version_set_content_from (op->version, op->content);
  strata_profile_version_set_revision (op->version, op->revision + 1);
  strata_profile_version_set_saved_at (op->version, op->now);
}

/* Fills in what an in-place save of @version needs; @op->content must be set. */
static gboolean
prepare_in_place (StrataStore           *self,
                  StoreOp               *op,
                  StrataProfileVersion  *version,
                  GError               **error)
{
  const char *name = strata_profile_get_name (op->profile);
  const char *text = strata_profile_version_get_version (version);
  g_autoptr(StrataProfileVersion) next = NULL;

  op->version = g_object_ref (version);
  op->revision = strata_profile_version_get_revision (version);
  op->now = g_date_time_new_now_utc ();
  op->path = version_path (self, name, text);
  op->history_folder = history_folder (self, name, text);
  op->apply = save_version_apply;

  if (!check_not_damaged (self, op->path, error))
    return FALSE;

  if (op->content == NULL)
    return TRUE;

  next = strata_profile_version_copy (op->content, NULL);
  strata_profile_version_set_revision (next, op->revision + 1);
  strata_profile_version_set_saved_at (next, op->now);
  op->contents = serialize_version (next, name, error);

  return op->contents != NULL;
}

void
strata_store_save_version_async (StrataStore          *self,
                                 StrataProfile        *profile,
                                 StrataProfileVersion *edited,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  g_autoptr(StoreOp) op = NULL;
  StrataProfileVersion *version;
  GError *error = NULL;

  g_return_if_fail (STRATA_IS_STORE (self));
  g_return_if_fail (STRATA_IS_PROFILE (profile));
  g_return_if_fail (STRATA_IS_PROFILE_VERSION (edited));

  op = store_op_new (profile);
  version = strata_profile_find_version (profile, strata_profile_version_get_version (edited));
  if (version == NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("Profile “%s” has no version %s to save"),
                   strata_profile_get_name (profile),
                   strata_profile_version_get_version (edited));
      goto failed;
    }

  if (version == edited)
    {
      g_set_error_literal (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                           "save_version needs an edited copy, not the stored version");
      goto failed;
    }

  if (strata_profile_version_same_content (version, edited))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, strata_store_save_version_async);
      g_task_return_boolean (task, TRUE);
      return;
    }

  op->content = strata_profile_version_copy (edited, NULL);
  if (!prepare_in_place (self, op, version, &error))
    goto failed;

  run_op (self, g_steal_pointer (&op), save_version_worker,
          strata_store_save_version_async, cancellable, callback, user_data);
  return;

failed:
  fail_op (self, g_steal_pointer (&op), error,
           strata_store_save_version_async, callback, user_data);
}

gboolean
strata_store_save_version_finish (StrataStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_boolean (self, result, strata_store_save_version_async, error);
}

/* History */

static int
compare_revisions (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  guint revision_a = strata_profile_version_get_revision ((StrataProfileVersion *)a);
  guint revision_b = strata_profile_version_get_revision ((StrataProfileVersion *)b);

  return (revision_a > revision_b) - (revision_a < revision_b);
}

static void
list_history_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  StrataStore *self = source_object;
  StoreOp *op = task_data;
  g_autoptr(GListStore) history = g_list_store_new (STRATA_TYPE_PROFILE_VERSION);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  WITH_IO_LOCK (self);

  dir = g_dir_open (op->history_folder, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(StrataProfileVersion) revision = NULL;
      GError *error = NULL;

      if (name[0] == '.' || !g_str_has_suffix (name, YAML_SUFFIX))
        continue;

      path = g_build_filename (op->history_folder, name, NULL);
      revision = read_version_file (path, &error);
      if (revision == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_list_store_insert_sorted (history, revision, compare_revisions, NULL);
    }

  op->result = G_OBJECT (g_steal_pointer (&history));
  g_task_return_boolean (task, TRUE);
}

void
strata_store_list_history_async (StrataStore         *self,
                                 StrataProfile       *profile,
                                 const char          *version,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  StoreOp *op;

  g_return_if_fail (STRATA_IS_STORE (self));
  g_return_if_fail (STRATA_IS_PROFILE (profile));
  g_return_if_fail (version != NULL);

  op = store_op_new (profile);
  op->history_folder = history_folder (self, strata_profile_get_name (profile), version);
  run_op (self, op, list_history_worker,
          strata_store_list_history_async, cancellable, callback, user_data);
}

GListModel *
strata_store_list_history_finish (StrataStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_pointer (self, result, strata_store_list_history_async, error);
}

/* Restore */

static void
restore_revision_worker (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  StrataStore *self = source_object;
  StoreOp *op = task_data;
  g_autofree char *path = NULL;
  g_autoptr(StrataProfileVersion) next = NULL;
  GError *error = NULL;
  WITH_IO_LOCK (self);

  path = revision_path (op->history_folder, op->wanted_revision);
  op->content = read_version_file (path, &error);
  if (op->content == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  next = strata_profile_version_copy (op->content, NULL);
  strata_profile_version_set_revision (next, op->revision + 1);
  strata_profile_version_set_saved_at (next, op->now);
  op->contents = serialize_version (next, strata_profile_get_name (op->profile), &error);

  if (op->contents == NULL || !save_in_place (op, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
strata_store_restore_revision_async (StrataStore         *self,
                                     StrataProfile       *profile,
                                     const char          *version,
                                     guint                revision,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(StoreOp) op = NULL;
  StrataProfileVersion *current;
  GError *error = NULL;

  g_return_if_fail (STRATA_IS_STORE (self));
  g_return_if_fail (STRATA_IS_PROFILE (profile));

  op = store_op_new (profile);
  current = strata_profile_find_version (profile, version);
  if (current == NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("Profile “%s” has no version %s"),
                   strata_profile_get_name (profile), version ? version : "");
      goto failed;
    }

  if (revision >= strata_profile_version_get_revision (current))
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("Version %s has no earlier revision %u (its current revision is %u)"),
                   version, revision, strata_profile_version_get_revision (current));
      goto failed;
    }

  if (!prepare_in_place (self, op, current, &error))
    goto failed;

  op->wanted_revision = revision;
  run_op (self, g_steal_pointer (&op), restore_revision_worker,
          strata_store_restore_revision_async, cancellable, callback, user_data);
  return;

failed:
  fail_op (self, g_steal_pointer (&op), error,
           strata_store_restore_revision_async, callback, user_data);
}

gboolean
strata_store_restore_revision_finish (StrataStore   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_boolean (self, result, strata_store_restore_revision_async, error);
}

/* Delete */

static void
delete_version_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  StrataStore *self = source_object;
  StoreOp *op = task_data;
  GError *error = NULL;
  WITH_IO_LOCK (self);

  if (!remove_tree (op->path, &error) || !remove_tree (op->history_folder, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
delete_version_apply (StrataStore *self,
                      StoreOp     *op)
{
  strata_profile_remove_version (op->profile, strata_profile_version_get_version (op->version));
}

void
strata_store_delete_version_async (StrataStore         *self,
                                   StrataProfile       *profile,
                                   const char          *version,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(StoreOp) op = NULL;
  StrataProfileVersion *item;
  const char *name;
  GError *error = NULL;

  g_return_if_fail (STRATA_IS_STORE (self));
  g_return_if_fail (STRATA_IS_PROFILE (profile));

  name = strata_profile_get_name (profile);
  op = store_op_new (profile);
  item = strata_profile_find_version (profile, version);
  if (item == NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("Profile “%s” has no version %s"), name, version ? version : "");
      goto failed;
    }

  if (g_list_model_get_n_items (strata_profile_get_versions (profile)) == 1)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("Version %s is the only version of “%s”: delete the profile instead"),
                   version, name);
      goto failed;
    }

  op->version = g_object_ref (item);
  op->path = version_path (self, name, version);
  op->history_folder = history_folder (self, name, version);
  op->apply = delete_version_apply;
  run_op (self, g_steal_pointer (&op), delete_version_worker,
          strata_store_delete_version_async, cancellable, callback, user_data);
  return;

failed:
  fail_op (self, g_steal_pointer (&op), error,
           strata_store_delete_version_async, callback, user_data);
}

gboolean
strata_store_delete_version_finish (StrataStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_boolean (self, result, strata_store_delete_version_async, error);
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

  if (!remove_tree (op->folder, &error))
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

  g_return_if_fail (STRATA_IS_STORE (self));
  g_return_if_fail (STRATA_IS_PROFILE (profile));

  op = store_op_new (profile);
  op->folder = profile_folder (self, strata_profile_get_name (profile));
  op->apply = delete_profile_apply;
  run_op (self, op, delete_profile_worker,
          strata_store_delete_profile_async, cancellable, callback, user_data);
}

gboolean
strata_store_delete_profile_finish (StrataStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_boolean (self, result, strata_store_delete_profile_async, error);
}
