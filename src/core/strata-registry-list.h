/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The chart repositories and pack registries the user added by URL, kept
 * in DATA/registries.yaml (DATA: $STRATA_DATA_DIR, else
 * $XDG_DATA_HOME/strata):
 *
 *   registries:
 *     - name: example
 *       url: https://charts.example.com/
 *       type: charts            # or packs
 *       credentials: keyring    # only when a password is in the keyring
 *
 * Passwords never go to this file (see strata-chart-repository.h). The
 * file is a few lines, read and written whole (atomically); a damaged one
 * is reported and never overwritten. */

typedef enum
{
  STRATA_REGISTRY_TYPE_CHARTS,
  STRATA_REGISTRY_TYPE_PACKS,
} StrataRegistryType;

const char *strata_registry_type_to_string   (StrataRegistryType  type);
gboolean    strata_registry_type_from_string (const char         *text,
                                              StrataRegistryType *type);

typedef struct
{
  char               *name;
  char               *url;
  StrataRegistryType  type;
  gboolean            has_credentials;
} StrataRegistryEntry;

void strata_registry_entry_free (StrataRegistryEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataRegistryEntry, strata_registry_entry_free)

#define STRATA_TYPE_REGISTRY_LIST (strata_registry_list_get_type ())
G_DECLARE_FINAL_TYPE (StrataRegistryList, strata_registry_list, STRATA, REGISTRY_LIST, GObject)

StrataRegistryList  *strata_registry_list_new          (const char          *path);
StrataRegistryList  *strata_registry_list_new_default  (void);
const char          *strata_registry_list_get_path     (StrataRegistryList  *self);
/* A missing file is an empty list. */
gboolean             strata_registry_list_load         (StrataRegistryList  *self,
                                                        GError             **error);
gboolean             strata_registry_list_save         (StrataRegistryList  *self,
                                                        GError             **error);
/* (transfer none) (element-type StrataRegistryEntry): sorted by name. */
GPtrArray           *strata_registry_list_get_entries  (StrataRegistryList  *self);
/* (transfer none) (nullable) */
StrataRegistryEntry *strata_registry_list_lookup       (StrataRegistryList  *self,
                                                        const char          *name);
/* Checks the name (a DNS label, unique, not "public") and the URL
 * (http or https, no user or password in it). */
gboolean             strata_registry_list_add          (StrataRegistryList  *self,
                                                        const char          *name,
                                                        const char          *url,
                                                        StrataRegistryType   type,
                                                        gboolean             has_credentials,
                                                        GError             **error);
gboolean             strata_registry_list_remove       (StrataRegistryList  *self,
                                                        const char          *name,
                                                        GError             **error);

G_END_DECLS
