/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "strata-core.h"

G_BEGIN_DECLS

#define STRATA_TYPE_ADD_CLUSTER_DIALOG (strata_add_cluster_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StrataAddClusterDialog, strata_add_cluster_dialog, STRATA, ADD_CLUSTER_DIALOG, AdwWindow)

StrataAddClusterDialog *strata_add_cluster_dialog_new (StrataClusterStore *store);

G_END_DECLS
