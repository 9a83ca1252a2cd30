/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* YAML <-> JSON trees, the one bridge between libyaml and the rest of Strata. */

JsonNode  *strata_yaml_parse           (const char  *text,
                                        gssize       length,
                                        GError     **error);
GPtrArray *strata_yaml_parse_documents (const char  *text,
                                        gssize       length,
                                        GError     **error);
char      *strata_yaml_emit            (JsonNode    *node,
                                        GError     **error);

G_END_DECLS
