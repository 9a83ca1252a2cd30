/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-core.h"

G_BEGIN_DECLS

char       *strata_cluster_source_label  (StrataCluster       *cluster);
const char *strata_cluster_status_label  (StrataClusterStatus  status);
char       *strata_cluster_profile_label (const char          *name,
                                          const char          *version);

G_END_DECLS
