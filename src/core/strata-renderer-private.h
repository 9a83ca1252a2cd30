/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The renderer's work on one layer, which needs nothing but its own data
 * and so runs in a worker thread. */
#pragma once

#include "strata-layer.h"
#include "strata-pack.h"
#include "strata-template-context.h"

G_BEGIN_DECLS

typedef struct
{
  StrataLayer           *layer;       /* a copy: the profile may change meanwhile */
  StrataPack            *pack;        /* pack layers only */
  char                  *namespace_;  /* where its namespaced objects go */
  char                  *values;      /* the effective values text */
  char                  *chart_version; /* .Chart.Version of a manifest layer */
  StrataTemplateContext *context;
  GPtrArray             *objects;     /* JsonNode: checked Kubernetes objects, in file order */
  GError                *error;       /* why the layer did not render */
} StrataLayerRender;

StrataLayerRender *_strata_layer_render_new           (StrataLayer        *layer);
void               _strata_layer_render_free          (StrataLayerRender  *render);

/* Pack and manifest layers: their templates, rendered by Strata's engine
 * the way a chart is. */
gboolean           _strata_layer_render_templates     (StrataLayerRender  *render,
                                                       GError            **error);
/* Helm layers: the manifest `helm template` printed. */
gboolean           _strata_layer_render_read_manifest (StrataLayerRender  *render,
                                                       const char         *manifest,
                                                       GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataLayerRender, _strata_layer_render_free)

G_END_DECLS
