/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helm layers, first cut: a chart folder rendered by Strata's engine.
 * Archives, repositories and the real helm come with the chart-layer work. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-chart-layer.h"
#include "strata-core-error.h"
#include "strata-template-chart.h"
#include "strata-yaml.h"

typedef struct
{
  char                  *source;
  char                  *values;
  StrataTemplateContext *context;
} RenderData;

static void
render_data_free (RenderData *data)
{
  g_free (data->source);
  g_free (data->values);
  g_clear_object (&data->context);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenderData, render_data_free)

static char *
render_folder (RenderData  *data,
               GError     **error)
{
  g_autoptr(StrataTemplateChart) chart = NULL;
  g_autoptr(JsonNode) values = NULL;

  chart = strata_template_chart_new_for_directory (data->source, error);
  if (chart == NULL)
    return NULL;

  values = strata_yaml_parse (data->values != NULL ? data->values : "", -1, error);
  if (values == NULL)
    return NULL;

  return strata_template_chart_render_manifest (chart, data->context, values, error);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  char *manifest = render_folder (task_data, &error);

  if (manifest == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, manifest, g_free);
}

void
strata_chart_layer_render_async (StrataLayer           *layer,
                                 const char            *values,
                                 StrataTemplateContext *context,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RenderData) data = g_new0 (RenderData, 1);
  const char *source = strata_layer_get_source (layer);

  g_return_if_fail (STRATA_IS_LAYER (layer));
  g_return_if_fail (STRATA_IS_TEMPLATE_CONTEXT (context));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_chart_layer_render_async);

  if (source == NULL || !g_file_test (source, G_FILE_TEST_IS_DIR))
    {
      g_task_return_new_error (task, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                               _("Layer “%s”: chart “%s” is not a chart folder"),
                               strata_layer_get_name (layer), source != NULL ? source : "");
      return;
    }

  data->source = g_strdup (source);
  data->values = g_strdup (values);
  data->context = g_object_ref (context);
  g_task_set_task_data (task, g_steal_pointer (&data), (GDestroyNotify) render_data_free);
  g_task_run_in_thread (task, render_thread);
}

char *
strata_chart_layer_render_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
