/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "strata-core.h"
#include "strata-cluster-page.h"
#include "strata-sandbox-service.h"

G_BEGIN_DECLS

#define STRATA_TYPE_CLUSTERS_VIEW (strata_clusters_view_get_type ())
G_DECLARE_FINAL_TYPE (StrataClustersView, strata_clusters_view, STRATA, CLUSTERS_VIEW, GtkWidget)

StrataClusterStore *strata_clusters_view_get_store    (StrataClustersView   *self);
void                strata_clusters_view_set_store    (StrataClustersView   *self,
                                                       StrataClusterStore   *store);
void                strata_clusters_view_set_sandbox  (StrataClustersView   *self,
                                                       StrataSandboxService *sandbox);
gboolean            strata_clusters_view_get_loading  (StrataClustersView   *self);
void                strata_clusters_view_set_loading  (StrataClustersView   *self,
                                                       gboolean              loading);
gboolean            strata_clusters_view_get_folded   (StrataClustersView   *self);
void                strata_clusters_view_set_folded   (StrataClustersView   *self,
                                                       gboolean              folded);
StrataClusterPage  *strata_clusters_view_get_page     (StrataClustersView   *self);
void                strata_clusters_view_add_cluster  (StrataClustersView   *self);
void                strata_clusters_view_focus_search (StrataClustersView   *self);
void                strata_clusters_view_open_cluster (StrataClustersView   *self,
                                                       StrataCluster        *cluster);

void                strata_clusters_view_set_monitor (StrataClustersView  *self,
                                                      StrataStatusMonitor *monitor);

G_END_DECLS
