/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "strata-core.h"
#include "strata-sandbox-service.h"
#include "strata-status-monitor.h"

G_BEGIN_DECLS

#define STRATA_TYPE_APPLICATION (strata_application_get_type ())
G_DECLARE_FINAL_TYPE (StrataApplication, strata_application, STRATA, APPLICATION, AdwApplication)

StrataApplication *strata_application_new            (void);
StrataStore       *strata_application_get_store      (StrataApplication *self);
gboolean           strata_application_get_loading    (StrataApplication *self);
const GError      *strata_application_get_load_error (StrataApplication *self);
void               strata_application_reload         (StrataApplication *self);
StrataClusterStore *strata_application_get_cluster_store      (StrataApplication *self);
StrataSandboxService *strata_application_get_sandbox_service  (StrataApplication *self);
gboolean           strata_application_get_clusters_loading    (StrataApplication *self);
const GError      *strata_application_get_clusters_load_error (StrataApplication *self);
StrataStatusMonitor *strata_application_get_status_monitor    (StrataApplication *self);

G_END_DECLS
