/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-sandbox-metrics.h"

G_BEGIN_DECLS

/* The same reads at a given time (microseconds since the epoch), so that
 * tests can look minutes ahead without waiting for them. */
JsonNode *_strata_sandbox_metrics_list_pods_at  (StrataSandboxMetrics *self,
                                                 const char           *namespace_,
                                                 gint64                real_time);
JsonNode *_strata_sandbox_metrics_list_nodes_at (StrataSandboxMetrics *self,
                                                 gint64                real_time);

G_END_DECLS
