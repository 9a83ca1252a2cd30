/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-sandbox.h"

G_BEGIN_DECLS

#define STRATA_TYPE_SANDBOX_SERVICE (strata_sandbox_service_get_type ())
G_DECLARE_FINAL_TYPE (StrataSandboxService, strata_sandbox_service, STRATA, SANDBOX_SERVICE, GObject)

StrataSandboxService *strata_sandbox_service_new                 (const char           *state_folder);
const char           *strata_sandbox_service_get_state_folder    (StrataSandboxService *self);
gboolean              strata_sandbox_service_get_running         (StrataSandboxService *self);
guint16               strata_sandbox_service_get_port            (StrataSandboxService *self);
const char           *strata_sandbox_service_get_error           (StrataSandboxService *self);
void                  strata_sandbox_service_set_error           (StrataSandboxService *self,
                                                                  const char           *message);
char                 *strata_sandbox_service_dup_kubeconfig_path (StrataSandboxService *self);
gboolean              strata_sandbox_service_start               (StrataSandboxService *self,
                                                                  guint16               port,
                                                                  GError              **error);
void                  strata_sandbox_service_stop                (StrataSandboxService *self);

G_END_DECLS
