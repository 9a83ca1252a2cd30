/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The Kubernetes version the sandbox plays, in one place: the server's
 * /version, its OpenAPI documents and the kubelet version its Nodes
 * report all come from here, as a real cluster's would agree. */
#define STRATA_SANDBOX_KUBERNETES_MAJOR "1"
#define STRATA_SANDBOX_KUBERNETES_MINOR "29"
#define STRATA_SANDBOX_KUBERNETES_PATCH "0"
#define STRATA_SANDBOX_KUBERNETES_VERSION \
  "v" STRATA_SANDBOX_KUBERNETES_MAJOR "." STRATA_SANDBOX_KUBERNETES_MINOR "." STRATA_SANDBOX_KUBERNETES_PATCH
#define STRATA_SANDBOX_KUBERNETES_GIT_VERSION STRATA_SANDBOX_KUBERNETES_VERSION "-strata-sandbox"
