/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Typed reads of one member that tolerate what untrusted documents do:
 * a NULL object, a missing member, or a member of another type all give
 * NULL, so callers check once instead of at every level. */
const char *strata_json_object_get_string (JsonObject *object,
                                           const char *member);
JsonObject *strata_json_object_get_object (JsonObject *object,
                                           const char *member);
JsonArray  *strata_json_object_get_array  (JsonObject *object,
                                           const char *member);

G_END_DECLS
