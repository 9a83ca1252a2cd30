/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-sandbox-fieldset.h"

G_BEGIN_DECLS

/* Server-side apply and the managedFields of every write. */

/* Merges @applied into @live (NULL: a new object) for @manager. On
 * conflicts without @force, returns NULL and sets @conflicts to the
 * Status causes and @message to kube-apiserver's wording. */
JsonNode *strata_sandbox_apply                (JsonNode                *live,
                                               JsonNode                *applied,
                                               const char              *manager,
                                               const char              *api_version,
                                               gboolean                 force,
                                               StrataSandboxFieldsMode  mode,
                                               JsonArray              **conflicts,
                                               char                   **message);
/* Records in @after's managedFields that @manager (an Update operation,
 * on @subresource or NULL) changed what differs from @before. */
void      strata_sandbox_apply_record_update  (JsonNode                *before,
                                               JsonNode                *after,
                                               const char              *manager,
                                               const char              *api_version,
                                               const char              *subresource,
                                               StrataSandboxFieldsMode  mode);

G_END_DECLS
