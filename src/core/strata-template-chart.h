/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-template-context.h"

G_BEGIN_DECLS

/* A Helm chart rendered by Strata's engine the way `helm template` renders
 * it: chart values coalesced with the user's, every file of templates/
 * parsed in Helm's order (deeper files first, so top-level {{define}}s
 * win), partials (_*.tpl) rendered only through include, and the output of
 * strata_template_chart_render_manifest() byte for byte helm's: documents
 * split and sorted by kind, hooks last, each under "# Source: CHART/…".
 *
 * Files come from a folder (strata_template_chart_new_for_directory) or
 * one by one (strata_template_chart_add_file, for archives and registries):
 * Chart.yaml, values.yaml, templates/…, and any other file for .Files.
 * Subcharts (charts/ or Chart.yaml dependencies) are refused with
 * STRATA_TEMPLATE_ERROR_UNSUPPORTED when rendering: use helm for those. */

#define STRATA_TYPE_TEMPLATE_CHART (strata_template_chart_get_type ())
G_DECLARE_FINAL_TYPE (StrataTemplateChart, strata_template_chart, STRATA, TEMPLATE_CHART, GObject)

StrataTemplateChart *strata_template_chart_new                (void);
StrataTemplateChart *strata_template_chart_new_for_directory  (const char             *path,
                                                               GError                **error);
gboolean             strata_template_chart_add_file           (StrataTemplateChart    *self,
                                                               const char             *path,
                                                               GBytes                 *contents,
                                                               GError                **error);

/* From Chart.yaml; NULL until one was added. */
const char          *strata_template_chart_get_name           (StrataTemplateChart    *self);
JsonNode            *strata_template_chart_get_metadata       (StrataTemplateChart    *self);
/* values.yaml, read as Helm reads it (an empty object without one). */
JsonNode            *strata_template_chart_get_values         (StrataTemplateChart    *self);

/* Renders every template with the chart's values under @values (the
 * user's, coalesced as Helm does: the user's win, null removes a default).
 * Returns: (transfer full) (element-type utf8 utf8): "CHART/templates/FILE"
 * to rendered text, partials left out, as Helm's engine.Render gives. */
GHashTable          *strata_template_chart_render             (StrataTemplateChart    *self,
                                                               StrataTemplateContext  *context,
                                                               JsonNode               *values,
                                                               GError                **error);
/* Returns: (transfer full): what `helm template` prints. */
char                *strata_template_chart_render_manifest    (StrataTemplateChart    *self,
                                                               StrataTemplateContext  *context,
                                                               JsonNode               *values,
                                                               GError                **error);
/* Helm's output for already rendered files (from either engine). */
char                *strata_template_chart_format_manifest    (GHashTable             *rendered,
                                                               GError                **error);

G_END_DECLS
