/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "strata-sandbox-registry.h"
#include "strata-sandbox-server.h"
#include "strata-sandbox-watch.h"

G_BEGIN_DECLS

/* One API request, routed: what the handlers work from. */
typedef struct
{
  StrataSandboxServer         *server;
  SoupServerMessage           *message;
  GHashTable                  *query;        /* may be NULL */
  const StrataSandboxResource *resource;
  char                        *namespace_;
  char                        *name;
  char                        *subresource;
} StrataSandboxRequest;

StrataSandboxRegistry *_strata_sandbox_server_get_registry (StrataSandboxServer *self);
StrataSandboxWatch    *_strata_sandbox_server_get_watch    (StrataSandboxServer *self);
GPtrArray             *_strata_sandbox_server_get_metrics  (StrataSandboxServer *self,
                                                            const char          *kind,
                                                            const char          *namespace_);

const char *_strata_sandbox_request_query      (StrataSandboxRequest *request,
                                                const char           *name);
gboolean    _strata_sandbox_request_dry_run    (StrataSandboxRequest *request);
/* The request body as JSON (JSON or YAML accepted), or NULL after
 * answering 400 BadRequest. */
JsonNode   *_strata_sandbox_request_body       (StrataSandboxRequest *request);

void        _strata_sandbox_respond            (SoupServerMessage    *message,
                                                guint                 code,
                                                JsonNode             *node);
void        _strata_sandbox_respond_status     (SoupServerMessage    *message,
                                                JsonNode             *status);
void        _strata_sandbox_respond_error      (StrataSandboxRequest *request,
                                                const GError         *error,
                                                const char           *name);

/* Handlers: strata-sandbox-handlers-read.c and -write.c. */
void        _strata_sandbox_handle_read        (StrataSandboxRequest *request);
void        _strata_sandbox_handle_write       (StrataSandboxRequest *request);

G_END_DECLS
