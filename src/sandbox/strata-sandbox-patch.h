/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The PATCH types of the API. Each returns the patched copy of @target
 * (transfer full), or NULL with STRATA_SANDBOX_ERROR_BAD_REQUEST /
 * _INVALID. */
JsonNode *strata_sandbox_patch_merge     (JsonNode  *target,
                                          JsonNode  *patch,
                                          GError   **error);
/* Strategic merge patch: maps merge, lists merge by their patch merge key
 * (containers by name, ports by containerPort …), with the $patch,
 * $retainKeys, $setElementOrder and $deleteFromPrimitiveList directives
 * kubectl sends. */
JsonNode *strata_sandbox_patch_strategic (JsonNode  *target,
                                          JsonNode  *patch,
                                          GError   **error);
/* RFC 6902: add, remove, replace, move, copy, test. */
JsonNode *strata_sandbox_patch_json      (JsonNode  *target,
                                          JsonNode  *patch,
                                          GError   **error);

G_END_DECLS
