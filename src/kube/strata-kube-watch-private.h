/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-kube-client.h"
#include "strata-kube-watch.h"

G_BEGIN_DECLS

/* Creates the watch and starts it; see strata_kube_client_watch(). */
StrataKubeWatch *_strata_kube_watch_new (StrataKubeClient *client,
                                         const char       *api_version,
                                         const char       *kind,
                                         const char       *namespace_,
                                         const char       *label_selector,
                                         const char       *resource_version);

G_END_DECLS
