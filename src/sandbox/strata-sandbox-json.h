/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A deep copy: json_node_copy() shares the objects and arrays it holds,
 * and the sandbox changes copies in place. */
JsonNode *strata_sandbox_json_copy       (JsonNode *node);
/* A node holding a new, empty object. */
JsonNode *strata_sandbox_json_new_object (void);

G_END_DECLS
