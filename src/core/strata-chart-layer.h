/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-layer.h"
#include "strata-template-context.h"

G_BEGIN_DECLS

/* Renders a Helm layer of a profile version. Its chart is the layer's
 * source: a chart folder, a .tgz archive, or "REPO/CHART@VERSION" from a
 * chart repository (index and archives cached for offline use). The real
 * helm renders it when a helm 3 binary is at hand ($STRATA_HELM, then
 * PATH): `helm template` with the layer name as release name, @context's
 * namespace, --kube-version and --api-versions; otherwise Strata's engine
 * does, and refuses a chart that needs what it lacks, naming it.
 *
 * @values: the layer's effective values, YAML (the cluster override when
 * there is one, else the layer's values).
 * @context: release name, namespace, Kubernetes version, API versions and
 * Strata's macros for this cluster.
 *
 * Finishes with (transfer full) the manifest as `helm template` prints
 * it: "---"-separated documents, each under "# Source: CHART/…". */
void  strata_chart_layer_render_async  (StrataLayer           *layer,
                                        const char            *values,
                                        StrataTemplateContext *context,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data);
char *strata_chart_layer_render_finish (GAsyncResult          *result,
                                        GError               **error);

G_END_DECLS
