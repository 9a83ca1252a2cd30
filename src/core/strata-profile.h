/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-profile-version.h"

G_BEGIN_DECLS

typedef enum
{
  STRATA_PROFILE_TYPE_ADD_ON,
  STRATA_PROFILE_TYPE_FULL,
} StrataProfileType;

#define STRATA_TYPE_PROFILE_TYPE (strata_profile_type_get_type ())
GType       strata_profile_type_get_type    (void) G_GNUC_CONST;
const char *strata_profile_type_to_string   (StrataProfileType  type);
gboolean    strata_profile_type_from_string (const char        *text,
                                             StrataProfileType *type);

#define STRATA_TYPE_PROFILE (strata_profile_get_type ())
G_DECLARE_FINAL_TYPE (StrataProfile, strata_profile, STRATA, PROFILE, GObject)

StrataProfile        *strata_profile_new                (const char           *name,
                                                         StrataProfileType     type);
const char           *strata_profile_get_name           (StrataProfile        *self);
StrataProfileType     strata_profile_get_profile_type   (StrataProfile        *self);
void                  strata_profile_set_profile_type   (StrataProfile        *self,
                                                         StrataProfileType     type);
const char           *strata_profile_get_description    (StrataProfile        *self);
void                  strata_profile_set_description    (StrataProfile        *self,
                                                         const char           *description);
const char * const   *strata_profile_get_tags           (StrataProfile        *self);
void                  strata_profile_set_tags           (StrataProfile        *self,
                                                         const char * const   *tags);
/* (transfer none): StrataProfileVersion items, highest precedence last. */
GListModel           *strata_profile_get_versions       (StrataProfile        *self);
StrataProfileVersion *strata_profile_find_version       (StrataProfile        *self,
                                                         const char           *version);
/* The highest version, or NULL when the profile has none. */
StrataProfileVersion *strata_profile_get_latest_version (StrataProfile        *self);
gboolean              strata_profile_add_version        (StrataProfile        *self,
                                                         StrataProfileVersion *version,
                                                         GError              **error);
gboolean              strata_profile_remove_version     (StrataProfile        *self,
                                                         const char           *version);

JsonNode             *strata_profile_to_json            (StrataProfile        *self);
StrataProfile        *strata_profile_new_from_json      (JsonNode             *node,
                                                         GError              **error);

gboolean              strata_validate_dns_label         (const char           *name,
                                                         const char           *what,
                                                         GError              **error);

G_END_DECLS
