/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-pack-registry.h"
#include "strata-profile-version.h"
#include "strata-rendered-set.h"

G_BEGIN_DECLS

/* Render: one profile version, for one cluster, into the objects an apply
 * takes (see ../shared/DESIGN.md §1 and strata-rendered-set.h).
 *
 * Every layer is rendered with its effective values — the override set
 * for it here, else the layer's own values — and Strata's macros
 * (.Cluster.Name, .Cluster.Region, .Profile.Name, .Profile.Version):
 * pack layers with their pack's templates (found in the registry by the
 * layer's source, "NAME@VERSION"), manifest layers as templates
 * themselves, helm layers by strata_chart_layer_render_async(). Objects
 * without a namespace get the layer's namespace when their kind is
 * namespaced; each is labelled app.kubernetes.io/managed-by: strata,
 * strata.io/profile and strata.io/layer. The same input gives the same
 * set, byte for byte, and so the same hash.
 *
 * Which overrides apply is the caller's choice (the cluster's, or none,
 * or one carried forward): the renderer only renders. */
#define STRATA_TYPE_RENDERER (strata_renderer_get_type ())
G_DECLARE_FINAL_TYPE (StrataRenderer, strata_renderer, STRATA, RENDERER, GObject)

StrataRenderer    *strata_renderer_new              (StrataPackRegistry    *registry);
/* The macros' .Cluster values; NULL leaves them empty. */
void               strata_renderer_set_cluster      (StrataRenderer        *self,
                                                     const char            *name,
                                                     const char            *region);
/* What the target cluster serves (from discovery), for .Capabilities and
 * helm's --kube-version / --api-versions; NULL keeps Helm's defaults. */
void               strata_renderer_set_capabilities (StrataRenderer        *self,
                                                     const char            *kube_version,
                                                     const char * const    *api_versions);
/* @values: the full values text replacing the layer's; NULL removes it. */
void               strata_renderer_set_override     (StrataRenderer        *self,
                                                     const char            *layer,
                                                     const char            *values);
void               strata_renderer_render_async     (StrataRenderer        *self,
                                                     const char            *profile_name,
                                                     StrataProfileVersion  *version,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
/* Fails naming the layer (and the template's file:line:column) that did
 * not render, or the object that is not a Kubernetes object. */
StrataRenderedSet *strata_renderer_render_finish    (StrataRenderer        *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

G_END_DECLS
