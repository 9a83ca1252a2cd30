/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "strata-core.h"
#include "strata-sandbox-service.h"
#include "strata-status-monitor.h"

G_BEGIN_DECLS

#define STRATA_TYPE_CLUSTER_PAGE (strata_cluster_page_get_type ())
G_DECLARE_FINAL_TYPE (StrataClusterPage, strata_cluster_page, STRATA, CLUSTER_PAGE, GtkWidget)

StrataCluster *strata_cluster_page_get_cluster (StrataClusterPage    *self);
void           strata_cluster_page_set_cluster (StrataClusterPage    *self,
                                                StrataCluster        *cluster);
void           strata_cluster_page_set_store   (StrataClusterPage    *self,
                                                StrataClusterStore   *store);
void           strata_cluster_page_set_sandbox (StrataClusterPage    *self,
                                                StrataSandboxService *sandbox);
void           strata_cluster_page_set_monitor (StrataClusterPage    *self,
                                                StrataStatusMonitor  *monitor);

G_END_DECLS
