/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the UI test reaches inside the Clusters view. */
#pragma once

#include "strata-clusters-view.h"

G_BEGIN_DECLS

/* The cells (strata-clusters-view-cells.c) */
char               *_strata_clusters_view_source_label       (gpointer             this,
                                                              StrataCluster       *cluster);
char               *_strata_clusters_view_status_label       (gpointer             this,
                                                              StrataClusterStatus  status);
GStrv               _strata_clusters_view_status_css_classes (gpointer             this,
                                                              StrataClusterStatus  status);
char               *_strata_clusters_view_profile_label      (gpointer             this,
                                                              const char          *name,
                                                              const char          *version);
GtkListItemFactory *_strata_clusters_view_tags_factory_new   (void);

/* For the UI test */

GListModel    *_strata_clusters_view_get_list_model       (StrataClustersView *self);
GtkFilterListModel *_strata_clusters_view_get_filter_model (StrataClustersView *self);
GtkColumnView *_strata_clusters_view_get_column_view      (StrataClustersView *self);
GtkEditable   *_strata_clusters_view_get_search_entry     (StrataClustersView *self);
GtkEditable   *_strata_clusters_view_get_tag_filter_entry (StrataClustersView *self);
const char    *_strata_clusters_view_get_tag_filter_error (StrataClustersView *self);
const char    *_strata_clusters_view_get_sandbox_error    (StrataClustersView *self);
GtkWidget     *_strata_clusters_view_get_add_button       (StrataClustersView *self);
const char    *_strata_clusters_view_get_visible_page     (StrataClustersView *self);
const char    *_strata_clusters_view_get_list_state       (StrataClustersView *self);

G_END_DECLS
