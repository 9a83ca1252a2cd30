/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What merging needs to know of the Kubernetes types: how a list merges
 * (its patchMergeKey / listType), and which objects are atomic. Keyed by
 * field name, which is unambiguous across the kinds the sandbox serves. */
typedef enum
{
  STRATA_SANDBOX_LIST_ATOMIC,
  STRATA_SANDBOX_LIST_MAP,     /* associative: items identified by keys */
  STRATA_SANDBOX_LIST_SET,     /* of scalars, merged as a set */
} StrataSandboxListType;

/* @keys: (out) (transfer none): the key fields of a map list, e.g.
 * { "containerPort", "protocol" }; @items help tell container ports from
 * service ports. */
StrataSandboxListType strata_sandbox_schema_list_type  (const char          *field,
                                                        JsonArray           *items,
                                                        const char * const **keys);
/* Structs replaced as a whole (a LabelSelector, for one). */
gboolean              strata_sandbox_schema_is_atomic  (const char          *field);
/* Whether @item (an object) has every key of the list. */
gboolean              strata_sandbox_schema_item_matches (JsonObject         *item,
                                                          JsonObject         *other,
                                                          const char * const *keys);

G_END_DECLS
