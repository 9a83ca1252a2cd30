/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the UI test reaches inside the Add Cluster dialog. */
#pragma once

#include "strata-add-cluster-dialog.h"

G_BEGIN_DECLS

AdwComboRow *_strata_add_cluster_dialog_get_source_row      (StrataAddClusterDialog *self);
AdwComboRow *_strata_add_cluster_dialog_get_context_row     (StrataAddClusterDialog *self);
GtkEditable *_strata_add_cluster_dialog_get_name_row        (StrataAddClusterDialog *self);
GtkWidget   *_strata_add_cluster_dialog_get_add_button      (StrataAddClusterDialog *self);
const char  *_strata_add_cluster_dialog_get_name_error      (StrataAddClusterDialog *self);
const char  *_strata_add_cluster_dialog_get_general_error   (StrataAddClusterDialog *self);
gboolean     _strata_add_cluster_dialog_get_loading         (StrataAddClusterDialog *self);
void         _strata_add_cluster_dialog_set_kubeconfig_path (StrataAddClusterDialog *self,
                                                             const char             *path);

G_END_DECLS
