/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-sandbox-registry.h"

G_BEGIN_DECLS

/* The defaulting and validation kube-apiserver does that clients rely
 * on: the fields kubectl and controllers read back (replicas, strategy,
 * pod template defaults, a Service's clusterIP …), and names. */
void     strata_sandbox_defaults_apply (const StrataSandboxResource  *resource,
                                        JsonNode                     *object);
/* FALSE with @causes (Status causes) and @message ("metadata.name: …")
 * when the object is invalid. */
gboolean strata_sandbox_validate       (const StrataSandboxResource  *resource,
                                        JsonNode                     *object,
                                        JsonArray                   **causes,
                                        char                        **message);

G_END_DECLS
