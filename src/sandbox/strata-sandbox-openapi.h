/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-sandbox-registry.h"

G_BEGIN_DECLS

/* /openapi/v2, /openapi/v3 and /openapi/v3/api/v1 or /apis/GROUP/VERSION:
 * a path per kind that declares the fieldValidation parameter (so kubectl
 * validates on the server) and a permissive schema per kind (custom
 * resources get their CRD's). NULL for paths not served. */
JsonNode *strata_sandbox_openapi_document (StrataSandboxRegistry *registry,
                                          const char            *path);

G_END_DECLS
