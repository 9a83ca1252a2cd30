/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A Helm chart repository's index.yaml (apiVersion v1, `entries`: chart
 * name → its versions, each with version, digest, urls, description…).
 * Pack registries by URL use the same shape; their entries also carry the
 * pack.yaml fields (displayName, category). Parsing only: fetching is
 * src/kube/strata-chart-repository's, as core does no network. */

#define STRATA_TYPE_CHART_INDEX (strata_chart_index_get_type ())
G_DECLARE_FINAL_TYPE (StrataChartIndex, strata_chart_index, STRATA, CHART_INDEX, GObject)

/* @what names the index in errors (a URL or a cache file). */
StrataChartIndex   *strata_chart_index_new_from_data  (const char        *data,
                                                       gssize             length,
                                                       const char        *what,
                                                       GError           **error);
StrataChartIndex   *strata_chart_index_new_from_file  (const char        *path,
                                                       GError           **error);
/* (transfer none): the chart names, sorted. */
const char * const *strata_chart_index_get_names      (StrataChartIndex  *self);
/* (transfer none) (element-type JsonObject) (nullable): the chart's
 * entries, newest version first. */
GPtrArray          *strata_chart_index_get_versions   (StrataChartIndex  *self,
                                                       const char        *name);
/* (transfer none): the entry for @version, or the latest release (no
 * pre-release) when @version is NULL. @repository names the index in the
 * error: "no chart “x” in repository “r” (it has: a, b)". */
JsonObject         *strata_chart_index_lookup         (StrataChartIndex  *self,
                                                       const char        *repository,
                                                       const char        *name,
                                                       const char        *version,
                                                       GError           **error);

/* Splits "REPO/CHART[@VERSION]"; FALSE when @reference is not of that form. */
gboolean            strata_chart_reference_parse      (const char        *reference,
                                                       char             **repository,
                                                       char             **chart,
                                                       char             **version);

G_END_DECLS
