/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "strata-template-context.h"

G_BEGIN_DECLS

/* Strata's template engine: Go's text/template language as Helm uses it,
 * with sprig's and Helm's functions, written for this project. Its output
 * is byte for byte what `helm template` gives for the same input (the
 * conformance table in tests/template/ checks that against helm 3.17).
 *
 * A StrataTemplate is a set of named templates, like a Go *template.Template
 * with its associates: parse each file under its name (a chart's templates
 * under "CHART/templates/FILE"), then render one by name. {{define}}s in
 * any file are visible to every other one; when two files define the same
 * name, the file parsed last wins, as in Go.
 *
 * For a whole chart, StrataTemplateChart does the rest of what Helm does
 * (values coalescing, file order, Helm's manifest output).
 *
 * Once parsed, a StrataTemplate can render from several threads at once;
 * parsing more into it needs the set to itself. */

#define STRATA_TEMPLATE_ERROR (strata_template_error_quark ())

typedef enum
{
  /* Bad syntax, or a function the engine does not know (never rendered as
   * an empty string): "parse error at (FILE:LINE:COLUMN): MESSAGE". */
  STRATA_TEMPLATE_ERROR_PARSE,
  /* Evaluation failed: "template: FILE:LINE:COLUMN: executing "NAME" at
   * <EXPRESSION>: MESSAGE", Go's and Helm's words. */
  STRATA_TEMPLATE_ERROR_EXECUTE,
  /* required or fail: "execution error at (FILE:LINE:COLUMN): MESSAGE". */
  STRATA_TEMPLATE_ERROR_REQUIRED,
  /* No template of that name was parsed. */
  STRATA_TEMPLATE_ERROR_NOT_FOUND,
  /* A chart uses something the engine does not implement (subcharts, a
   * sprig function it lacks); the message names it and suggests helm. */
  STRATA_TEMPLATE_ERROR_UNSUPPORTED,
  /* Bad input around the templates: a Chart.yaml, values or rendered YAML
   * that does not parse. */
  STRATA_TEMPLATE_ERROR_INVALID,
} StrataTemplateError;

GQuark strata_template_error_quark (void);

#define STRATA_TYPE_TEMPLATE (strata_template_get_type ())
G_DECLARE_FINAL_TYPE (StrataTemplate, strata_template, STRATA, TEMPLATE, GObject)

StrataTemplate *strata_template_new                  (void);
gboolean        strata_template_parse                (StrataTemplate         *self,
                                                      const char             *name,
                                                      const char             *text,
                                                      GError                **error);
gboolean        strata_template_has_template         (StrataTemplate         *self,
                                                      const char             *name);
char           *strata_template_render               (StrataTemplate         *self,
                                                      const char             *name,
                                                      JsonNode               *data,
                                                      GError                **error);
char           *strata_template_render_with_context  (StrataTemplate         *self,
                                                      const char             *name,
                                                      StrataTemplateContext  *context,
                                                      JsonNode               *values,
                                                      GError                **error);

/* Values files as Helm reads them: YAML 1.1 ("yes" is true), every number
 * a float64. Use this, not strata_yaml_parse, for values that templates
 * will see, or numbers and booleans will print differently than in Helm.
 * An empty document gives an empty object. */
JsonNode       *strata_template_parse_values         (const char             *text,
                                                      gssize                  length,
                                                      GError                **error);

G_END_DECLS
