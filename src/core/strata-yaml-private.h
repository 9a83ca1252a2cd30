/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the YAML reader and writer share: how a plain scalar reads. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean   _strata_yaml_matches_null          (const char *text);
gboolean   _strata_yaml_matches_bool          (const char *text,
                                               gboolean *value);
gboolean   _strata_yaml_matches_int           (const char *text);
gboolean   _strata_yaml_matches_float         (const char *text);
gboolean   _strata_yaml_plain_reads_as_string (const char *text);
JsonNode * _strata_yaml_int_node_new          (const char *text);
double     _strata_yaml_parse_float           (const char *text);
JsonNode * _strata_yaml_plain_node_new        (const char *text);
char *     _strata_yaml_format_double         (double value);

G_END_DECLS
