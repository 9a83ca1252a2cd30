/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-profile.h"

G_BEGIN_DECLS

#define STRATA_TYPE_STORE (strata_store_get_type ())
G_DECLARE_FINAL_TYPE (StrataStore, strata_store, STRATA, STORE, GObject)

/* Layout under the root (default $XDG_DATA_HOME/strata, or $STRATA_DATA_DIR):
 *   profiles/NAME/profile.yaml                  name, type, description, tags
 *   profiles/NAME/VERSION.yaml                  one file per version
 *   profiles/NAME/history/VERSION/REVISION.yaml earlier in-place states
 */
StrataStore   *strata_store_new                   (const char           *root);
StrataStore   *strata_store_new_default           (void);
const char    *strata_store_get_root              (StrataStore          *self);
/* (transfer none): StrataProfile items sorted by name. */
GListModel    *strata_store_get_profiles          (StrataStore          *self);
StrataProfile *strata_store_find_profile          (StrataStore          *self,
                                                   const char           *name);
/* (transfer none): a GError for every file the last load could not read.
 * Those files are left untouched and no save ever overwrites them. */
GPtrArray     *strata_store_get_problems          (StrataStore          *self);

void           strata_store_load_async            (StrataStore          *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       strata_store_load_finish           (StrataStore          *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* version may be NULL for the default 1.0.0. */
void           strata_store_create_profile_async  (StrataStore          *self,
                                                   const char           *name,
                                                   StrataProfileType     type,
                                                   const char           *description,
                                                   const char           *version,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
StrataProfile *strata_store_create_profile_finish (StrataStore          *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Saves the profile's own fields (type, description, tags). */
void           strata_store_save_profile_async    (StrataStore          *self,
                                                   StrataProfile        *profile,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       strata_store_save_profile_finish   (StrataStore          *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* "Create new version": copies every layer of from_version. */
void                  strata_store_create_version_async  (StrataStore          *self,
                                                          StrataProfile        *profile,
                                                          const char           *from_version,
                                                          const char           *new_version,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
StrataProfileVersion *strata_store_create_version_finish (StrataStore          *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

/* In-place save: edited is a working copy (strata_profile_version_copy) of
 * the profile's version with the same version string. The state on disk is
 * kept as a revision under history/ first; on success the profile's version
 * object takes the edited content and the next revision number. Saving
 * unchanged content is a no-op. */
void           strata_store_save_version_async    (StrataStore          *self,
                                                   StrataProfile        *profile,
                                                   StrataProfileVersion *edited,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       strata_store_save_version_finish   (StrataStore          *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* The earlier in-place states of a version, oldest first, as read-only
 * StrataProfileVersion items (their revision tells which). */
void           strata_store_list_history_async    (StrataStore          *self,
                                                   StrataProfile        *profile,
                                                   const char           *version,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GListModel    *strata_store_list_history_finish   (StrataStore          *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Restoring is itself an in-place save, so the state it replaces is kept too. */
void           strata_store_restore_revision_async  (StrataStore          *self,
                                                     StrataProfile        *profile,
                                                     const char           *version,
                                                     guint                 revision,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean       strata_store_restore_revision_finish (StrataStore          *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Removes one version and its history; the last version cannot be deleted
 * (delete the profile instead). */
void           strata_store_delete_version_async  (StrataStore          *self,
                                                   StrataProfile        *profile,
                                                   const char           *version,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       strata_store_delete_version_finish (StrataStore          *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void           strata_store_delete_profile_async  (StrataStore          *self,
                                                   StrataProfile        *profile,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       strata_store_delete_profile_finish (StrataStore          *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
