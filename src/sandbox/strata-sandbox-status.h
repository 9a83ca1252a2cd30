/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-sandbox-registry.h"

G_BEGIN_DECLS

/* metav1.Status objects, worded as kube-apiserver words them. */
JsonNode *strata_sandbox_status_new        (guint                        code,
                                            const char                  *reason,
                                            const char                  *message,
                                            const StrataSandboxResource *resource,
                                            const char                  *name,
                                            JsonArray                   *causes);
/* From a STRATA_SANDBOX_ERROR of the store, about @name of @resource. */
JsonNode *strata_sandbox_status_from_error (const GError                *error,
                                            const StrataSandboxResource *resource,
                                            const char                  *name);
JsonNode *strata_sandbox_status_success    (const StrataSandboxResource *resource,
                                            const char                  *name,
                                            const char                  *uid);
guint     strata_sandbox_status_get_code   (JsonNode                    *status);
/* "deployments.apps" or "configmaps": how messages name a resource. */
char     *strata_sandbox_status_qualified  (const StrataSandboxResource *resource);
/* A cause of an Invalid status. */
void      strata_sandbox_status_add_cause  (JsonArray                   *causes,
                                            const char                  *reason,
                                            const char                  *field,
                                            const char                  *message);

G_END_DECLS
