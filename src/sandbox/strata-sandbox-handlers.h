/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-sandbox-server-private.h"

G_BEGIN_DECLS

/* Helpers the request handlers share. */
void      _strata_sandbox_set_api_version   (const StrataSandboxResource *resource,
                                             JsonNode                    *object);
char     *_strata_sandbox_selector_string   (JsonNode                    *selector);
JsonNode *_strata_sandbox_node_at_path      (JsonNode                    *object,
                                             const char                  *path);
JsonNode *_strata_sandbox_scale_of          (const StrataSandboxResource *resource,
                                             JsonNode                    *object);

/* meta.k8s.io Table answers (strata-sandbox-table.c), for clients that ask
 * for them in Accept as kubectl get does. */
gboolean  _strata_sandbox_wants_table       (StrataSandboxRequest        *request);
/* @include_object: the request's includeObject (NULL: Metadata). */
JsonNode *_strata_sandbox_table_from_list   (const StrataSandboxResource *resource,
                                             JsonNode                    *list,
                                             const char                  *include_object);
JsonNode *_strata_sandbox_table_from_object (const StrataSandboxResource *resource,
                                             JsonNode                    *object,
                                             const char                  *include_object);

G_END_DECLS
