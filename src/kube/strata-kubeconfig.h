/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-kube-endpoint.h"

G_BEGIN_DECLS

#define STRATA_TYPE_KUBECONFIG (strata_kubeconfig_get_type ())
G_DECLARE_FINAL_TYPE (StrataKubeconfig, strata_kubeconfig, STRATA, KUBECONFIG, GObject)

/* One or more kubeconfig files merged as kubectl merges them: the first file
 * to set a value (a named cluster, user or context, or current-context) wins. */
StrataKubeconfig   *strata_kubeconfig_load                (const char * const  *paths,
                                                           GError             **error);
/* $KUBECONFIG (a ':'-separated list; missing files skipped as kubectl does),
 * else ~/.kube/config. */
StrataKubeconfig   *strata_kubeconfig_load_default        (GError             **error);
const char         *strata_kubeconfig_get_current_context (StrataKubeconfig    *self);
/* (transfer full): the context names, sorted. */
GStrv               strata_kubeconfig_list_contexts       (StrataKubeconfig    *self);
/* @context: NULL for the current context. Reads referenced files
 * (certificate-authority, client-certificate, client-key) now.
 * Returns: (transfer full): the endpoint, or NULL with an error naming the
 * file and what is missing or wrong. */
StrataKubeEndpoint *strata_kubeconfig_resolve             (StrataKubeconfig    *self,
                                                           const char          *context,
                                                           GError             **error);

G_END_DECLS
