/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's disk side: paths, reading and durable writing of files, and
 * running one operation in a worker thread. */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "strata-atomic-file.h"
#include "strata-core-error.h"
#include "strata-store-private.h"
#include "strata-yaml.h"

void
_strata_store_op_free (StoreOp *op)
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


/* Paths */

char *
_strata_store_profile_folder (StrataStore *self,
                const char  *name)
{
  return g_build_filename (self->root, "profiles", name, NULL);
}

char *
_strata_store_version_path (StrataStore *self,
              const char  *profile,
              const char  *version)
{
  g_autofree char *file = g_strconcat (version, YAML_SUFFIX, NULL);
  return g_build_filename (self->root, "profiles", profile, file, NULL);
}

char *
_strata_store_history_folder (StrataStore *self,
                const char  *profile,
                const char  *version)
{
  return g_build_filename (self->root, "profiles", profile, HISTORY_FOLDER, version, NULL);
}

char *
_strata_store_revision_path (const char *folder,
               guint       revision)
{
  g_autofree char *file = g_strdup_printf ("%u" YAML_SUFFIX, revision);
  return g_build_filename (folder, file, NULL);
}

/* Reading */

/* Reads and parses one YAML file; errors start with the path so the user
 * knows which file to look at. */
JsonNode *
_strata_store_read_yaml_file (const char  *path,
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

StrataProfileVersion *
_strata_store_read_version_file (const char  *path,
                   GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  StrataProfileVersion *version;

  node = _strata_store_read_yaml_file (path, error);
  if (node == NULL)
    return NULL;

  version = strata_profile_version_new_from_json (node, &local_error);
  if (version == NULL)
    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                 "%s: %s", path, local_error->message);

  return version;
}


/* Writing */

gboolean
_strata_store_remove_tree (const char  *path,
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

      if (!_strata_store_remove_tree (child, error))
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

gboolean
_strata_store_make_folder (const char  *path,
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

char *
_strata_store_serialize (JsonNode  *node,
           GError   **error)
{
  g_autoptr(JsonNode) owned = node;

  return strata_yaml_emit (owned, error);
}

char *
_strata_store_serialize_version (StrataProfileVersion  *version,
                   const char            *profile_name,
                   GError               **error)
{
  return _strata_store_serialize (strata_profile_version_to_json (version, profile_name), error);
}

/* Refuses to write over a file that failed to load: it may hold the user's
 * only copy of something, and only the user can say how to mend it. */
gboolean
_strata_store_check_not_damaged (StrataStore  *self,
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
gboolean
_strata_store_save_in_place (StoreOp  *op,
               GError  **error)
{
  g_autofree char *old_contents = NULL;
  g_autofree char *kept_path = NULL;
  gsize length;

  if (!g_file_get_contents (op->path, &old_contents, &length, error) ||
      !_strata_store_make_folder (op->history_folder, error))
    return FALSE;

  kept_path = _strata_store_revision_path (op->history_folder, op->revision);
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
void
_strata_store_run_op (StrataStore         *self,
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
  g_task_set_task_data (task, op, (GDestroyNotify)_strata_store_op_free);

  disk_task = g_task_new (self, cancellable, on_disk_work_done, g_object_ref (task));
  g_task_set_source_tag (disk_task, source_tag);
  g_task_set_check_cancellable (disk_task, FALSE);
  g_task_set_task_data (disk_task, op, NULL);
  g_task_run_in_thread (disk_task, work);
}

void
_strata_store_fail_op (StrataStore         *self,
         StoreOp             *op,
         GError              *error,
         gpointer             source_tag,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  _strata_store_op_free (op);
  g_task_return_error (task, error);
}

StoreOp *
_strata_store_op_new (StrataProfile *profile)
{
  StoreOp *op = g_new0 (StoreOp, 1);

  op->profile = profile ? g_object_ref (profile) : NULL;
  return op;
}

gpointer
_strata_store_finish_pointer (StrataStore   *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (STRATA_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_strata_store_finish_boolean (StrataStore   *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (STRATA_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}


