/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "strata-sandbox-store.h"

G_BEGIN_DECLS

#define STRATA_TYPE_SANDBOX_METRICS (strata_sandbox_metrics_get_type ())
G_DECLARE_FINAL_TYPE (StrataSandboxMetrics, strata_sandbox_metrics, STRATA, SANDBOX_METRICS, GObject)

/* What metrics-server would report for the sandbox's running Pods and its
 * Nodes, as metrics.k8s.io/v1beta1 objects. The usage is simulated: derived
 * from each Pod's uid and its containers' requests, it drifts slowly and
 * smoothly over minutes, so two reads close together agree. Main-thread
 * only, like the store. */
StrataSandboxMetrics *strata_sandbox_metrics_new        (StrataSandboxStore    *store);
StrataSandboxStore   *strata_sandbox_metrics_get_store  (StrataSandboxMetrics  *self);

/* @namespace_: NULL for all namespaces. Returns: (transfer full): a
 * PodMetricsList of the Running Pods, sorted by namespace then name; each
 * item carries its Pod's labels, for a labelSelector. */
JsonNode             *strata_sandbox_metrics_list_pods  (StrataSandboxMetrics  *self,
                                                         const char            *namespace_);
/* Returns: (transfer full): a NodeMetricsList of every Node. */
JsonNode             *strata_sandbox_metrics_list_nodes (StrataSandboxMetrics  *self);
/* Returns: (transfer full): a PodMetrics, or NULL with
 * STRATA_SANDBOX_ERROR_NOT_FOUND when the Pod does not exist or is not
 * running (metrics-server has nothing for it either). */
JsonNode             *strata_sandbox_metrics_get_pod    (StrataSandboxMetrics  *self,
                                                         const char            *namespace_,
                                                         const char            *name,
                                                         GError               **error);
/* Returns: (transfer full): a NodeMetrics, or NULL with
 * STRATA_SANDBOX_ERROR_NOT_FOUND. */
JsonNode             *strata_sandbox_metrics_get_node   (StrataSandboxMetrics  *self,
                                                         const char            *name,
                                                         GError               **error);

/* The items of a list for the server's metrics hook
 * (StrataSandboxMetricsFunc): @kind "PodMetrics" or "NodeMetrics",
 * @user_data a StrataSandboxMetrics. Returns: (transfer full)
 * (element-type JsonNode). */
GPtrArray            *strata_sandbox_metrics_list_items (const char            *kind,
                                                         const char            *namespace_,
                                                         gpointer               user_data);

G_END_DECLS
