/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Versions of a profile in the store: create, save in place (keeping
 * revisions), history, restore and delete. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-atomic-file.h"
#include "strata-core-error.h"
#include "strata-store-private.h"

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
  op = _strata_store_op_new (profile);

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
  op->path = _strata_store_version_path (self, name, new_version);
  if (!_strata_store_check_not_damaged (self, op->path, &error) ||
      (op->contents = _strata_store_serialize_version (op->version, name, &error)) == NULL)
    goto failed;

  op->apply = add_version_apply;
  _strata_store_run_op (self, g_steal_pointer (&op), create_version_worker,
          strata_store_create_version_async, cancellable, callback, user_data);
  return;

failed:
  _strata_store_fail_op (self, g_steal_pointer (&op), error,
           strata_store_create_version_async, callback, user_data);
}

StrataProfileVersion *
strata_store_create_version_finish (StrataStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _strata_store_finish_pointer (self, result, strata_store_create_version_async, error);
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

  if (!_strata_store_save_in_place (op, &error))
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
  op->path = _strata_store_version_path (self, name, text);
  op->history_folder = _strata_store_history_folder (self, name, text);
  op->apply = save_version_apply;

  if (!_strata_store_check_not_damaged (self, op->path, error))
    return FALSE;

  if (op->content == NULL)
    return TRUE;

  next = strata_profile_version_copy (op->content, NULL);
  strata_profile_version_set_revision (next, op->revision + 1);
  strata_profile_version_set_saved_at (next, op->now);
  op->contents = _strata_store_serialize_version (next, name, error);

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

  op = _strata_store_op_new (profile);
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

  _strata_store_run_op (self, g_steal_pointer (&op), save_version_worker,
          strata_store_save_version_async, cancellable, callback, user_data);
  return;

failed:
  _strata_store_fail_op (self, g_steal_pointer (&op), error,
           strata_store_save_version_async, callback, user_data);
}

gboolean
strata_store_save_version_finish (StrataStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _strata_store_finish_boolean (self, result, strata_store_save_version_async, error);
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
      revision = _strata_store_read_version_file (path, &error);
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

  op = _strata_store_op_new (profile);
  op->history_folder = _strata_store_history_folder (self, strata_profile_get_name (profile), version);
  _strata_store_run_op (self, op, list_history_worker,
          strata_store_list_history_async, cancellable, callback, user_data);
}

GListModel *
strata_store_list_history_finish (StrataStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _strata_store_finish_pointer (self, result, strata_store_list_history_async, error);
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

  path = _strata_store_revision_path (op->history_folder, op->wanted_revision);
  op->content = _strata_store_read_version_file (path, &error);
  if (op->content == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  next = strata_profile_version_copy (op->content, NULL);
  strata_profile_version_set_revision (next, op->revision + 1);
  strata_profile_version_set_saved_at (next, op->now);
  op->contents = _strata_store_serialize_version (next, strata_profile_get_name (op->profile), &error);

  if (op->contents == NULL || !_strata_store_save_in_place (op, &error))
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

  op = _strata_store_op_new (profile);
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
  _strata_store_run_op (self, g_steal_pointer (&op), restore_revision_worker,
          strata_store_restore_revision_async, cancellable, callback, user_data);
  return;

failed:
  _strata_store_fail_op (self, g_steal_pointer (&op), error,
           strata_store_restore_revision_async, callback, user_data);
}

gboolean
strata_store_restore_revision_finish (StrataStore   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return _strata_store_finish_boolean (self, result, strata_store_restore_revision_async, error);
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

  if (!_strata_store_remove_tree (op->path, &error) || !_strata_store_remove_tree (op->history_folder, &error))
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
  op = _strata_store_op_new (profile);
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

  if (!_strata_store_check_not_in_use (self, name, version, &error))
    goto failed;

  op->version = g_object_ref (item);
  op->path = _strata_store_version_path (self, name, version);
  op->history_folder = _strata_store_history_folder (self, name, version);
  op->apply = delete_version_apply;
  _strata_store_run_op (self, g_steal_pointer (&op), delete_version_worker,
          strata_store_delete_version_async, cancellable, callback, user_data);
  return;

failed:
  _strata_store_fail_op (self, g_steal_pointer (&op), error,
           strata_store_delete_version_async, callback, user_data);
}

gboolean
strata_store_delete_version_finish (StrataStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _strata_store_finish_boolean (self, result, strata_store_delete_version_async, error);
}

