/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The helm 3 binary Helm chart layers are rendered with: $STRATA_HELM when
 * it is set (empty or "none": no helm, always Strata's engine), else "helm" on
 * PATH if `helm version` says it is helm 3.
 *
 * Returns: (transfer full) (nullable): its path, or NULL when there is none
 * (without @error: use the engine) or $STRATA_HELM names no program (with
 * @error set). */
char *strata_helm_find (GError **error);

G_END_DECLS
