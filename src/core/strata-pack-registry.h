/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-pack.h"

G_BEGIN_DECLS

#define STRATA_TYPE_PACK_REGISTRY (strata_pack_registry_get_type ())
G_DECLARE_FINAL_TYPE (StrataPackRegistry, strata_pack_registry, STRATA, PACK_REGISTRY, GObject)

/* A catalogue of packs in a folder, one folder per version:
 *   FOLDER/NAME/VERSION/pack.yaml, values.yaml, templates/…
 * Anything else at the top (a README, hidden files) is ignored. The
 * built-in registry, "Public Repo", is PKGDATADIR/packs, or
 * $STRATA_PACKS_DIR for an uninstalled build and the tests. */
StrataPackRegistry *strata_pack_registry_new                 (const char           *name,
                                                              const char           *folder);
StrataPackRegistry *strata_pack_registry_new_builtin         (void);
char               *strata_pack_registry_dup_builtin_folder  (void);
const char         *strata_pack_registry_get_name            (StrataPackRegistry   *self);
const char         *strata_pack_registry_get_folder          (StrataPackRegistry   *self);

/* Reads every pack in a worker thread. A pack that cannot be read is left
 * out and reported by get_problems(); only an unreadable folder fails the
 * load. Loading again replaces the contents. */
void                strata_pack_registry_load_async          (StrataPackRegistry   *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean            strata_pack_registry_load_finish         (StrataPackRegistry   *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
/* (transfer none) (element-type GError): one per pack the last load left out. */
GPtrArray          *strata_pack_registry_get_problems        (StrataPackRegistry   *self);

/* (transfer none): StrataPack items, the latest version of every pack,
 * sorted by name; updated in place by each load. */
GListModel         *strata_pack_registry_get_packs           (StrataPackRegistry   *self);
/* (transfer none): the categories of the packs, sorted. */
const char * const *strata_pack_registry_get_categories      (StrataPackRegistry   *self);
/* (transfer full): the latest versions matching, as strata_pack_matches(). */
GListModel         *strata_pack_registry_search              (StrataPackRegistry   *self,
                                                              const char           *search,
                                                              const char           *category);
/* (transfer full): every version of the pack, oldest first by semver;
 * empty for an unknown pack. */
GListModel         *strata_pack_registry_list_versions       (StrataPackRegistry   *self,
                                                              const char           *name);
/* (transfer none) (nullable): version NULL means the latest. */
StrataPack         *strata_pack_registry_lookup              (StrataPackRegistry   *self,
                                                              const char           *name,
                                                              const char           *version);
/* (transfer none) (nullable): "NAME@VERSION" or "NAME" (the latest). */
StrataPack         *strata_pack_registry_lookup_reference    (StrataPackRegistry   *self,
                                                              const char           *reference,
                                                              GError              **error);

G_END_DECLS
