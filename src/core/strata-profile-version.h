/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-layer.h"
#include "strata-semver.h"

G_BEGIN_DECLS

#define STRATA_TYPE_PROFILE_VERSION (strata_profile_version_get_type ())
G_DECLARE_FINAL_TYPE (StrataProfileVersion, strata_profile_version, STRATA, PROFILE_VERSION, GObject)

StrataProfileVersion *strata_profile_version_new           (const char            *version);
StrataProfileVersion *strata_profile_version_copy          (StrataProfileVersion  *self,
                                                            const char            *new_version);
const char           *strata_profile_version_get_version   (StrataProfileVersion  *self);
const StrataSemver   *strata_profile_version_get_semver    (StrataProfileVersion  *self);
/* 0 for a version never edited in place; each in-place save adds one. */
guint                 strata_profile_version_get_revision  (StrataProfileVersion  *self);
void                  strata_profile_version_set_revision  (StrataProfileVersion  *self,
                                                            guint                  revision);
GDateTime            *strata_profile_version_get_saved_at  (StrataProfileVersion  *self);
void                  strata_profile_version_set_saved_at  (StrataProfileVersion  *self,
                                                            GDateTime             *saved_at);
/* (transfer none): a GListModel of StrataLayer in install order. */
GListModel           *strata_profile_version_get_layers    (StrataProfileVersion  *self);
StrataLayer          *strata_profile_version_find_layer    (StrataProfileVersion  *self,
                                                            const char            *name);
gboolean              strata_profile_version_add_layer     (StrataProfileVersion  *self,
                                                            StrataLayer           *layer,
                                                            GError               **error);
gboolean              strata_profile_version_remove_layer  (StrataProfileVersion  *self,
                                                            const char            *name);
gboolean              strata_profile_version_rename_layer  (StrataProfileVersion  *self,
                                                            StrataLayer           *layer,
                                                            const char            *new_name,
                                                            GError               **error);
/* Re-sorts the layers after a priority change: lower priority installs first. */
void                  strata_profile_version_sort_layers   (StrataProfileVersion  *self);
gboolean              strata_profile_version_same_content  (StrataProfileVersion  *a,
                                                            StrataProfileVersion  *b);
void                  strata_profile_version_set_content_from (StrataProfileVersion *self,
                                                               StrataProfileVersion *other);

JsonNode             *strata_profile_version_to_json       (StrataProfileVersion  *self,
                                                            const char            *profile_name);
StrataProfileVersion *strata_profile_version_new_from_json (JsonNode              *node,
                                                            GError               **error);

G_END_DECLS
