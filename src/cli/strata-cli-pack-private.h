/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-core.h"
#include "strata-registry-list.h"

G_BEGIN_DECLS

/* Shared by `strata-cli pack|repo` and `strata-cli layer`. */

/* The registry list, loaded; a damaged file is an error naming it. */
StrataRegistryList *strata_cli_load_registry_list   (GError            **error);
/* @registry NULL (or "public"): the built-in Public Repo; else a pack
 * registry by URL, as far as its packs were fetched into the cache. */
StrataPackRegistry *strata_cli_load_pack_registry   (const char         *registry,
                                                     GError            **error);
/* "NAME[@VERSION]" or "REGISTRY/NAME[@VERSION]", from the registries as
 * loaded (no network). (transfer full) */
StrataPack         *strata_cli_find_pack            (const char         *reference,
                                                     GError            **error);
/* Fetches NAME@VERSION (@version NULL: the latest) from the registry named
 * @registry into the cache, saying on stderr when it worked offline.
 * Returns: (transfer full): the version fetched. */
char               *strata_cli_fetch                (const char         *registry,
                                                     StrataRegistryType  type,
                                                     const char         *name,
                                                     const char         *version,
                                                     GError            **error);

G_END_DECLS
