/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-core.h"
#include "strata-cluster-manager.h"
#include "strata-sandbox-service.h"

G_BEGIN_DECLS

#define STRATA_TYPE_STATUS_MONITOR (strata_status_monitor_get_type ())
G_DECLARE_FINAL_TYPE (StrataStatusMonitor, strata_status_monitor, STRATA, STATUS_MONITOR, GObject)

StrataStatusMonitor  *strata_status_monitor_new          (StrataClusterStore   *store,
                                                          StrataSandboxService *sandbox);
/* (nullable): NULL until the pack registry has loaded. */
StrataClusterManager *strata_status_monitor_get_manager  (StrataStatusMonitor  *self);
gboolean              strata_status_monitor_get_checking (StrataStatusMonitor  *self);
void                  strata_status_monitor_start        (StrataStatusMonitor  *self);
void                  strata_status_monitor_refresh      (StrataStatusMonitor  *self);
void                  strata_status_monitor_refresh_cluster (StrataStatusMonitor *self,
                                                          StrataCluster        *cluster);
/* Minutes between two checks of every cluster; 0 for none. */
void                  strata_status_monitor_set_interval (StrataStatusMonitor  *self,
                                                          guint                 minutes);
/* Stops checking; the checks under way are cancelled. */
void                  strata_status_monitor_shutdown     (StrataStatusMonitor  *self);

G_END_DECLS
