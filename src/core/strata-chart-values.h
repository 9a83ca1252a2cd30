/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The values side of a Helm layer's chart, read from wherever its source
 * points (a chart folder, a .tgz, or REPO/CHART@VERSION in the cache). */

/* Returns: (transfer full): the chart's path on disk, a folder (@is_folder)
 * or an archive; a repository chart is its cached, digest-checked archive. */
char     *strata_chart_source_resolve   (const char   *source,
                                         gboolean     *is_folder,
                                         GError      **error);
/* Returns: (transfer full): the chart's values.yaml as written ("" without
 * one): what a new layer starts from. */
char     *strata_chart_values_dup_defaults (const char   *source,
                                            GError      **error);
/* Checks that @values is a YAML mapping and, when the chart has
 * values.schema.json, that it passes once coalesced over the chart's
 * defaults, as helm checks it. Errors say the path: "values: .replicas: …". */
gboolean  strata_chart_values_validate  (const char   *source,
                                         const char   *values,
                                         GError      **error);

G_END_DECLS
