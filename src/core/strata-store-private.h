/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the store's files share: the store itself, one operation's state,
 * how operations run, and the files on disk. */
#pragma once

#include <json-glib/json-glib.h>

#include "strata-cluster-store.h"
#include "strata-store.h"

G_BEGIN_DECLS

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
  /* The StrataClusterStore built on this store, if any: a profile in use by
   * a cluster cannot be deleted. Weak, since that store holds this one. */
  GWeakRef    cluster_store;
};


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


/* Holds the store's I/O lock until the end of the scope: one operation at a
 * time touches the disk. */
#define WITH_IO_LOCK(self) g_autoptr(GMutexLocker) G_PASTE (locker, __LINE__) = g_mutex_locker_new (&(self)->io_lock)

void                   _strata_store_op_free           (StoreOp *op);
char *                 _strata_store_profile_folder    (StrataStore *self,
                                                        const char  *name);
char *                 _strata_store_version_path      (StrataStore *self,
                                                        const char  *profile,
                                                        const char  *version);
char *                 _strata_store_history_folder    (StrataStore *self,
                                                        const char  *profile,
                                                        const char  *version);
char *                 _strata_store_revision_path     (const char *folder,
                                                        guint      revision);
JsonNode *             _strata_store_read_yaml_file    (const char *path,
                                                        GError     **error);
StrataProfileVersion * _strata_store_read_version_file (const char *path,
                                                        GError     **error);
gboolean               _strata_store_remove_tree       (const char *path,
                                                        GError     **error);
gboolean               _strata_store_make_folder       (const char *path,
                                                        GError     **error);
char *                 _strata_store_serialize         (JsonNode *node,
                                                        GError   **error);
char *                 _strata_store_serialize_version (StrataProfileVersion *version,
                                                        const char           *profile_name,
                                                        GError               **error);
gboolean               _strata_store_check_not_damaged (StrataStore *self,
                                                        const char  *path,
                                                        GError      **error);
gboolean               _strata_store_save_in_place     (StoreOp *op,
                                                        GError  **error);
void                   _strata_store_run_op            (StrataStore         *self,
                                                        StoreOp             *op,
                                                        GTaskThreadFunc     work,
                                                        gpointer            source_tag,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
void                   _strata_store_fail_op           (StrataStore         *self,
                                                        StoreOp             *op,
                                                        GError              *error,
                                                        gpointer            source_tag,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
StoreOp *              _strata_store_op_new            (StrataProfile *profile);
gpointer               _strata_store_finish_pointer    (StrataStore  *self,
                                                        GAsyncResult *result,
                                                        gpointer     source_tag,
                                                        GError       **error);
gboolean               _strata_store_finish_boolean    (StrataStore  *self,
                                                        GAsyncResult *result,
                                                        gpointer     source_tag,
                                                        GError       **error);

void                   _strata_store_set_cluster_store (StrataStore        *self,
                                                        StrataClusterStore *clusters);
gboolean               _strata_store_check_not_in_use  (StrataStore  *self,
                                                        const char   *profile,
                                                        const char   *version,
                                                        GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreOp, _strata_store_op_free)

G_END_DECLS
