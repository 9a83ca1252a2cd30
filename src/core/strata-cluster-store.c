/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cluster records on disk, beside the profiles. As in StrataStore, disk
 * work runs in a worker thread, one operation at a time, and the model is
 * only touched on the main thread once the disk said yes. */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "strata-atomic-file.h"
#include "strata-cluster-store.h"
#include "strata-core-error.h"
#include "strata-store-private.h"

#define CLUSTERS_FOLDER "clusters"

struct _StrataClusterStore
{
  GObject      parent_instance;

  StrataStore *profiles;
  char        *root;
  GListStore  *clusters;
  GPtrArray   *problems;
  /* path -> message, for files that failed to load and must not be written */
  GHashTable  *damaged;
  GMutex       io_lock;
};

enum {
  PROP_0,
  PROP_PROFILE_STORE,
  PROP_CLUSTERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataClusterStore, strata_cluster_store, G_TYPE_OBJECT)

typedef struct _ClusterOp ClusterOp;
typedef void (*ClusterApplyFunc) (StrataClusterStore *self,
                                  ClusterOp          *op);

/* One operation: what the main thread prepared, what the worker found, and
 * how the model changes once the disk work succeeded. */
struct _ClusterOp
{
  StrataCluster    *cluster;
  char             *folder;
  char             *path;
  char             *contents;
  GPtrArray        *loaded_clusters;
  GPtrArray        *loaded_problems;
  GHashTable       *loaded_damaged;
  ClusterApplyFunc  apply;
};

static void
cluster_op_free (ClusterOp *op)
{
  g_clear_object (&op->cluster);
  g_clear_pointer (&op->folder, g_free);
  g_clear_pointer (&op->path, g_free);
  g_clear_pointer (&op->contents, g_free);
  g_clear_pointer (&op->loaded_clusters, g_ptr_array_unref);
  g_clear_pointer (&op->loaded_problems, g_ptr_array_unref);
  g_clear_pointer (&op->loaded_damaged, g_hash_table_unref);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClusterOp, cluster_op_free)

static ClusterOp *
cluster_op_new (StrataCluster *cluster)
{
  ClusterOp *op = g_new0 (ClusterOp, 1);

  op->cluster = cluster ? g_object_ref (cluster) : NULL;
  return op;
}

static void
strata_cluster_store_finalize (GObject *object)
{
  StrataClusterStore *self = (StrataClusterStore *)object;

  g_clear_object (&self->profiles);
  g_clear_pointer (&self->root, g_free);
  g_clear_object (&self->clusters);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->damaged, g_hash_table_unref);
  g_mutex_clear (&self->io_lock);

  G_OBJECT_CLASS (strata_cluster_store_parent_class)->finalize (object);
}

static void
strata_cluster_store_constructed (GObject *object)
{
  StrataClusterStore *self = (StrataClusterStore *)object;

  G_OBJECT_CLASS (strata_cluster_store_parent_class)->constructed (object);

  g_assert (STRATA_IS_STORE (self->profiles));
  self->root = g_strdup (strata_store_get_root (self->profiles));
  _strata_store_set_cluster_store (self->profiles, self);
}

static void
strata_cluster_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  StrataClusterStore *self = STRATA_CLUSTER_STORE (object);

  switch (prop_id)
    {
    case PROP_PROFILE_STORE:
      g_value_set_object (value, self->profiles);
      break;
    case PROP_CLUSTERS:
      g_value_set_object (value, self->clusters);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_cluster_store_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  StrataClusterStore *self = STRATA_CLUSTER_STORE (object);

  switch (prop_id)
    {
    case PROP_PROFILE_STORE:
      self->profiles = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_cluster_store_class_init (StrataClusterStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_cluster_store_finalize;
  object_class->constructed = strata_cluster_store_constructed;
  object_class->get_property = strata_cluster_store_get_property;
  object_class->set_property = strata_cluster_store_set_property;

  properties[PROP_PROFILE_STORE] =
    g_param_spec_object ("profile-store", NULL, NULL, STRATA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLUSTERS] =
    g_param_spec_object ("clusters", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_cluster_store_init (StrataClusterStore *self)
{
  self->clusters = g_list_store_new (STRATA_TYPE_CLUSTER);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  self->damaged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&self->io_lock);
}

/**
 * strata_cluster_store_new:
 * @profiles: the profile store; the records live under its root
 *
 * Returns: (transfer full): a cluster store; call
 *   strata_cluster_store_load_async() to read it.
 */
StrataClusterStore *
strata_cluster_store_new (StrataStore *profiles)
{
  g_return_val_if_fail (STRATA_IS_STORE (profiles), NULL);

  return g_object_new (STRATA_TYPE_CLUSTER_STORE, "profile-store", profiles, NULL);
}

const char *
strata_cluster_store_get_root (StrataClusterStore *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_STORE (self), NULL);
  return self->root;
}

StrataStore *
strata_cluster_store_get_profile_store (StrataClusterStore *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_STORE (self), NULL);
  return self->profiles;
}

GListModel *
strata_cluster_store_get_clusters (StrataClusterStore *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_STORE (self), NULL);
  return G_LIST_MODEL (self->clusters);
}

GPtrArray *
strata_cluster_store_get_problems (StrataClusterStore *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_STORE (self), NULL);
  return self->problems;
}

StrataCluster *
strata_cluster_store_find_cluster (StrataClusterStore *self,
                                   const char         *name)
{
  guint n;

  g_return_val_if_fail (STRATA_IS_CLUSTER_STORE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->clusters));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataCluster) cluster = g_list_model_get_item (G_LIST_MODEL (self->clusters), i);

      if (g_strcmp0 (strata_cluster_get_name (cluster), name) == 0)
        return cluster; /* the store keeps its reference */
    }

  return NULL;
}

static char *
cluster_path (StrataClusterStore *self,
              const char         *name)
{
  g_autofree char *file = g_strconcat (name, YAML_SUFFIX, NULL);

  return g_build_filename (self->root, CLUSTERS_FOLDER, file, NULL);
}

/* Refuses to write over a file that failed to load: it may hold the user's
 * only copy of the record, and only the user can say how to mend it. */
static gboolean
check_not_damaged (StrataClusterStore  *self,
                   const char          *path,
                   GError             **error)
{
  const char *problem = g_hash_table_lookup (self->damaged, path);

  if (problem == NULL)
    return TRUE;

  g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
               _("Strata will not overwrite a file it could not read. Repair or remove it first: %s"),
               problem);
  return FALSE;
}

static int
compare_cluster_names (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  return g_strcmp0 (strata_cluster_get_name ((StrataCluster *)a),
                    strata_cluster_get_name ((StrataCluster *)b));
}

static int
compare_cluster_pointers (gconstpointer a,
                          gconstpointer b)
{
  return compare_cluster_names (*(StrataCluster **)a, *(StrataCluster **)b, NULL);
}


/* Running an operation */

static void
on_disk_work_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  StrataClusterStore *self = STRATA_CLUSTER_STORE (object);
  g_autoptr(GTask) task = user_data;
  ClusterOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (op->apply != NULL)
    op->apply (self, op);

  g_task_return_boolean (task, TRUE);
}

/* Runs @work in a worker thread under the I/O lock, then @op->apply on the
 * main thread before the caller hears of it. Once the disk work started it is
 * not cancelled halfway, so the model never misses a change on disk. */
static void
run_op (StrataClusterStore  *self,
        ClusterOp           *op,
        GTaskThreadFunc      work,
        gpointer             source_tag,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) disk_task = NULL;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify)cluster_op_free);

  disk_task = g_task_new (self, cancellable, on_disk_work_done, g_object_ref (task));
  g_task_set_source_tag (disk_task, source_tag);
  g_task_set_check_cancellable (disk_task, FALSE);
  g_task_set_task_data (disk_task, op, NULL);
  g_task_run_in_thread (disk_task, work);
}

static void
fail_op (StrataClusterStore  *self,
         GError              *error,
         gpointer             source_tag,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_error (task, error);
}

static gboolean
finish_op (StrataClusterStore  *self,
           GAsyncResult        *result,
           gpointer             source_tag,
           GError             **error)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}


/* Load */

static void
load_record (ClusterOp  *op,
             const char *folder,
             const char *file)
{
  g_autofree char *path = g_build_filename (folder, file, NULL);
  g_autofree char *expected = g_strndup (file, strlen (file) - strlen (YAML_SUFFIX));
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(StrataCluster) cluster = NULL;
  GError *error = NULL;

  node = _strata_store_read_yaml_file (path, &error);
  if (node != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      cluster = strata_cluster_new_from_json (node, &local_error);
      if (cluster == NULL)
        g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                     "%s: %s", path, local_error->message);
      else if (g_strcmp0 (strata_cluster_get_name (cluster), expected) != 0)
        g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                     _("%s: holds cluster “%s” but its file name says “%s”"),
                     path, strata_cluster_get_name (cluster), expected);
    }

  if (error != NULL)
    {
      g_hash_table_insert (op->loaded_damaged, g_strdup (path), g_strdup (error->message));
      g_ptr_array_add (op->loaded_problems, error);
      return;
    }

  g_ptr_array_add (op->loaded_clusters, g_steal_pointer (&cluster));
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  StrataClusterStore *self = source_object;
  ClusterOp *op = task_data;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  WITH_IO_LOCK (self);

  dir = g_dir_open (op->folder, 0, &error);
  if (dir == NULL)
    {
      /* A store nobody added a cluster to yet is simply empty. */
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IO,
                                 _("Could not read the clusters folder: %s"), error->message);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      /* Dot files are temporaries of an interrupted write. */
      if (name[0] != '.' && g_str_has_suffix (name, YAML_SUFFIX))
        load_record (op, op->folder, name);
    }

  g_ptr_array_sort (op->loaded_clusters, compare_cluster_pointers);
  g_task_return_boolean (task, TRUE);
}

static void
load_apply (StrataClusterStore *self,
            ClusterOp          *op)
{
  g_list_store_splice (self->clusters, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->clusters)),
                       op->loaded_clusters->pdata, op->loaded_clusters->len);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_steal_pointer (&op->loaded_problems);
  g_clear_pointer (&self->damaged, g_hash_table_unref);
  self->damaged = g_steal_pointer (&op->loaded_damaged);
}

void
strata_cluster_store_load_async (StrataClusterStore  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ClusterOp *op;

  g_return_if_fail (STRATA_IS_CLUSTER_STORE (self));

  op = cluster_op_new (NULL);
  op->folder = g_build_filename (self->root, CLUSTERS_FOLDER, NULL);
  op->loaded_clusters = g_ptr_array_new_with_free_func (g_object_unref);
  op->loaded_problems = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  op->loaded_damaged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  op->apply = load_apply;
  run_op (self, op, load_worker, strata_cluster_store_load_async, cancellable, callback, user_data);
}

gboolean
strata_cluster_store_load_finish (StrataClusterStore  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  return finish_op (self, result, strata_cluster_store_load_async, error);
}


/* Add */

static void
add_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  StrataClusterStore *self = source_object;
  ClusterOp *op = task_data;
  GError *error = NULL;
  WITH_IO_LOCK (self);

  if (g_file_test (op->path, G_FILE_TEST_EXISTS))
    {
      g_task_return_new_error (task, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                               _("A cluster named “%s” already exists on disk (%s)"),
                               strata_cluster_get_name (op->cluster), op->path);
      return;
    }

  if (!_strata_store_make_folder (op->folder, &error) ||
      !strata_atomic_file_write (op->path, op->contents, -1, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
add_apply (StrataClusterStore *self,
           ClusterOp          *op)
{
  g_list_store_insert_sorted (self->clusters, op->cluster, compare_cluster_names, NULL);
}

void
strata_cluster_store_add_async (StrataClusterStore  *self,
                                StrataCluster       *cluster,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(ClusterOp) op = NULL;
  const char *name;
  GError *error = NULL;

  g_return_if_fail (STRATA_IS_CLUSTER_STORE (self));
  g_return_if_fail (STRATA_IS_CLUSTER (cluster));

  name = strata_cluster_get_name (cluster);
  if (!strata_cluster_validate (cluster, &error))
    goto failed;

  if (strata_cluster_store_find_cluster (self, name) != NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                   _("A cluster named “%s” already exists: choose another name"), name);
      goto failed;
    }

  op = cluster_op_new (cluster);
  op->folder = g_build_filename (self->root, CLUSTERS_FOLDER, NULL);
  op->path = cluster_path (self, name);
  if (!check_not_damaged (self, op->path, &error) ||
      (op->contents = _strata_store_serialize (strata_cluster_to_json (cluster), &error)) == NULL)
    goto failed;

  op->apply = add_apply;
  run_op (self, g_steal_pointer (&op), add_worker,
          strata_cluster_store_add_async, cancellable, callback, user_data);
  return;

failed:
  fail_op (self, error, strata_cluster_store_add_async, callback, user_data);
}

gboolean
strata_cluster_store_add_finish (StrataClusterStore  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  return finish_op (self, result, strata_cluster_store_add_async, error);
}


/* Save */

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  StrataClusterStore *self = source_object;
  ClusterOp *op = task_data;
  GError *error = NULL;
  WITH_IO_LOCK (self);

  if (!strata_atomic_file_write (op->path, op->contents, -1, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_apply (StrataClusterStore *self,
            ClusterOp          *op)
{
  StrataCluster *stored = strata_cluster_store_find_cluster (self, strata_cluster_get_name (op->cluster));

  /* Removed meanwhile: the file is back, so the record is too. */
  if (stored == NULL)
    g_list_store_insert_sorted (self->clusters, op->cluster, compare_cluster_names, NULL);
  else
    strata_cluster_set_content_from (stored, op->cluster);
}

void
strata_cluster_store_save_async (StrataClusterStore  *self,
                                 StrataCluster       *edited,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(ClusterOp) op = NULL;
  const char *name;
  GError *error = NULL;

  g_return_if_fail (STRATA_IS_CLUSTER_STORE (self));
  g_return_if_fail (STRATA_IS_CLUSTER (edited));

  name = strata_cluster_get_name (edited);
  if (strata_cluster_store_find_cluster (self, name) == NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("There is no cluster named “%s” to save: add it first"), name);
      goto failed;
    }

  if (!strata_cluster_validate (edited, &error))
    goto failed;

  op = cluster_op_new (edited);
  op->path = cluster_path (self, name);
  if (!check_not_damaged (self, op->path, &error) ||
      (op->contents = _strata_store_serialize (strata_cluster_to_json (edited), &error)) == NULL)
    goto failed;

  op->apply = save_apply;
  run_op (self, g_steal_pointer (&op), save_worker,
          strata_cluster_store_save_async, cancellable, callback, user_data);
  return;

failed:
  fail_op (self, error, strata_cluster_store_save_async, callback, user_data);
}

gboolean
strata_cluster_store_save_finish (StrataClusterStore  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  return finish_op (self, result, strata_cluster_store_save_async, error);
}


/* Remove */

static void
remove_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  StrataClusterStore *self = source_object;
  ClusterOp *op = task_data;
  WITH_IO_LOCK (self);

  if (g_unlink (op->path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IO,
                               _("Could not remove “%s”: %s"), op->path, g_strerror (saved_errno));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
remove_apply (StrataClusterStore *self,
              ClusterOp          *op)
{
  StrataCluster *stored = strata_cluster_store_find_cluster (self, strata_cluster_get_name (op->cluster));
  guint position;

  if (stored != NULL && g_list_store_find (self->clusters, stored, &position))
    g_list_store_remove (self->clusters, position);
}

void
strata_cluster_store_remove_async (StrataClusterStore  *self,
                                   StrataCluster       *cluster,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ClusterOp *op;
  const char *name;

  g_return_if_fail (STRATA_IS_CLUSTER_STORE (self));
  g_return_if_fail (STRATA_IS_CLUSTER (cluster));

  name = strata_cluster_get_name (cluster);
  if (strata_cluster_store_find_cluster (self, name) == NULL)
    {
      fail_op (self, g_error_new (STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                                  _("There is no cluster named “%s”"), name),
               strata_cluster_store_remove_async, callback, user_data);
      return;
    }

  op = cluster_op_new (cluster);
  op->path = cluster_path (self, name);
  op->apply = remove_apply;
  run_op (self, op, remove_worker, strata_cluster_store_remove_async, cancellable, callback, user_data);
}

gboolean
strata_cluster_store_remove_finish (StrataClusterStore  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  return finish_op (self, result, strata_cluster_store_remove_async, error);
}

