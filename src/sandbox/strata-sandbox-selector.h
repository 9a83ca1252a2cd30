/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Label and field selectors as the API server parses them: a conjunction
 * of requirements, each matched against an object. */
typedef struct _StrataSandboxSelector StrataSandboxSelector;

/* =, ==, !=, in (…), notin (…), key (exists), !key (does not exist).
 * NULL or "" selects everything. */
StrataSandboxSelector *strata_sandbox_selector_parse_labels (const char             *text,
                                                             GError                **error);
/* path=value, path==value, path!=value on dotted paths into the object
 * (metadata.name, metadata.namespace, status.phase, spec.nodeName …). */
StrataSandboxSelector *strata_sandbox_selector_parse_fields (const char             *text,
                                                             GError                **error);
gboolean               strata_sandbox_selector_matches      (StrataSandboxSelector  *self,
                                                             JsonObject             *object);
/* TRUE when it selects everything. */
gboolean               strata_sandbox_selector_is_empty     (StrataSandboxSelector  *self);
void                   strata_sandbox_selector_free         (StrataSandboxSelector  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataSandboxSelector, strata_sandbox_selector_free)

G_END_DECLS
