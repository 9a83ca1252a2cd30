/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "strata-cluster-manager.h"

G_BEGIN_DECLS

#define STRATA_TYPE_REVIEW_DIALOG (strata_review_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StrataReviewDialog, strata_review_dialog, STRATA, REVIEW_DIALOG, AdwWindow)

/* Reviews @cluster's pending update at once; Apply applies it. */
StrataReviewDialog *strata_review_dialog_new (GtkWindow            *parent,
                                              StrataClusterManager *manager,
                                              StrataCluster        *cluster);

G_END_DECLS
