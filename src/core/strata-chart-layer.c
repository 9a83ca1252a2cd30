/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helm layers: find the chart (folder, .tgz, or a repository chart from
 * the cache), then render it with the real helm when there is one, else
 * with Strata's engine.
 *
 * Repository charts are read from the cache only (strata-chart-cache.h):
 * core does no network, so src/kube/strata-chart-repository fetches and
 * checks archives into the cache beforehand (when a layer is added, or by
 * strata_chart_repository_fetch_layers_async() before a render), and a
 * render works the same offline. A chart missing from the cache fails
 * naming it and how to fetch it. (An interface core would call back
 * through would hide the network behind every render; an explicit step
 * keeps render free of it and shows the caller what needs the network.) */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-archive.h"
#include "strata-chart-layer.h"
#include "strata-chart-values.h"
#include "strata-core-error.h"
#include "strata-helm.h"
#include "strata-template-chart.h"
#include "strata-yaml.h"

typedef struct
{
  char                  *layer_name;
  char                  *source;
  char                  *values;
  StrataTemplateContext *context;
} RenderData;

static void
render_data_free (RenderData *data)
{
  g_free (data->layer_name);
  g_free (data->source);
  g_free (data->values);
  g_clear_object (&data->context);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenderData, render_data_free)

static StrataTemplateChart *
load_archive (const char  *path,
              GError     **error)
{
  g_autoptr(StrataTemplateChart) chart = strata_template_chart_new ();
  g_autoptr(GHashTable) files = strata_archive_read_file (path, NULL, error);
  GHashTableIter iter;
  gpointer name, contents;

  if (files == NULL)
    return NULL;

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &name, &contents))
    if (!strata_template_chart_add_file (chart, name, contents, error))
      return NULL;

  return g_steal_pointer (&chart);
}

/* The engine's context: the caller's, with the layer name as the release
 * name (as helm gets it), leaving the caller's object as it was. */
static StrataTemplateContext *
engine_context (RenderData *data)
{
  StrataTemplateContext *from = data->context;
  StrataTemplateContext *context = strata_template_context_new ();

  strata_template_context_set_release_name (context, data->layer_name);
  strata_template_context_set_namespace (context, strata_template_context_get_namespace (from));
  strata_template_context_set_revision (context, strata_template_context_get_revision (from));
  strata_template_context_set_is_upgrade (context, strata_template_context_get_is_upgrade (from));
  strata_template_context_set_kube_version (context, strata_template_context_get_kube_version (from), NULL);
  strata_template_context_set_api_versions (context, strata_template_context_get_api_versions (from));
  strata_template_context_set_cluster_name (context, strata_template_context_get_cluster_name (from));
  strata_template_context_set_cluster_region (context, strata_template_context_get_cluster_region (from));
  strata_template_context_set_profile_name (context, strata_template_context_get_profile_name (from));
  strata_template_context_set_profile_version (context, strata_template_context_get_profile_version (from));
  return context;
}

static char *
render_with_engine (RenderData  *data,
                    const char  *path,
                    gboolean     is_folder,
                    GError     **error)
{
  g_autoptr(StrataTemplateChart) chart = NULL;
  g_autoptr(StrataTemplateContext) context = NULL;
  g_autoptr(JsonNode) values = NULL;

  chart = is_folder ? strata_template_chart_new_for_directory (path, error) : load_archive (path, error);
  if (chart == NULL)
    return NULL;

  values = strata_yaml_parse (data->values != NULL ? data->values : "", -1, error);
  if (values == NULL)
    {
      g_prefix_error (error, _("values: "));
      return NULL;
    }

  context = engine_context (data);
  return strata_template_chart_render_manifest (chart, context, values, error);
}

static GPtrArray *
helm_arguments (RenderData *data,
                const char *helm,
                const char *chart,
                gboolean    with_values)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  const char * const *api_versions = strata_template_context_get_api_versions (data->context);

  g_ptr_array_add (argv, g_strdup (helm));
  g_ptr_array_add (argv, g_strdup ("template"));
  g_ptr_array_add (argv, g_strdup (data->layer_name));
  g_ptr_array_add (argv, g_strdup (chart));
  g_ptr_array_add (argv, g_strdup ("--namespace"));
  g_ptr_array_add (argv, g_strdup (strata_template_context_get_namespace (data->context)));
  g_ptr_array_add (argv, g_strdup ("--kube-version"));
  g_ptr_array_add (argv, g_strdup (strata_template_context_get_kube_version (data->context)));
  for (guint i = 0; api_versions != NULL && api_versions[i] != NULL; i++)
    {
      g_ptr_array_add (argv, g_strdup ("--api-versions"));
      g_ptr_array_add (argv, g_strdup (api_versions[i]));
    }
  if (strata_template_context_get_is_upgrade (data->context))
    g_ptr_array_add (argv, g_strdup ("--is-upgrade"));
  /* Values go through standard input: never a file others could read. */
  if (with_values)
    {
      g_ptr_array_add (argv, g_strdup ("--values"));
      g_ptr_array_add (argv, g_strdup ("-"));
    }
  g_ptr_array_add (argv, NULL);
  return argv;
}

static char *
render_with_helm (RenderData    *data,
                  const char    *helm,
                  const char    *chart,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gboolean with_values = data->values != NULL && *data->values != '\0';
  g_autoptr(GPtrArray) argv = helm_arguments (data, helm, chart, with_values);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (process == NULL)
    {
      g_prefix_error (error, _("cannot run %s: "), helm);
      return NULL;
    }

  if (!g_subprocess_communicate_utf8 (process, with_values ? data->values : NULL, cancellable,
                                      &output, &errors, error))
    {
      g_subprocess_force_exit (process);
      return NULL;
    }

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_strstrip (errors);
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("helm template failed: %s"),
                   errors[0] != '\0' ? errors : _("it exited without saying why"));
      return NULL;
    }

  return g_steal_pointer (&output);
}

static char *
render_layer (RenderData    *data,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *chart = NULL;
  g_autofree char *helm = NULL;
  GError *local_error = NULL;
  gboolean is_folder;

  chart = strata_chart_source_resolve (data->source, &is_folder, error);
  if (chart == NULL)
    return NULL;

  helm = strata_helm_find (&local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (helm != NULL)
    return render_with_helm (data, helm, chart, cancellable, error);

  return render_with_engine (data, chart, is_folder, error);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *data = task_data;
  GError *error = NULL;
  char *manifest = render_layer (data, cancellable, &error);

  if (manifest == NULL)
    {
      g_prefix_error (&error, _("Layer “%s”: "), data->layer_name);
      g_task_return_error (task, error);
    }
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
  g_autoptr(RenderData) data = NULL;
  const char *source;

  g_return_if_fail (STRATA_IS_LAYER (layer));
  g_return_if_fail (STRATA_IS_TEMPLATE_CONTEXT (context));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_chart_layer_render_async);

  source = strata_layer_get_source (layer);
  if (source == NULL || *source == '\0')
    {
      g_task_return_new_error (task, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                               _("Layer “%s”: no chart given (a chart folder, a .tgz or REPO/CHART@VERSION)"),
                               strata_layer_get_name (layer));
      return;
    }

  data = g_new0 (RenderData, 1);
  data->layer_name = g_strdup (strata_layer_get_name (layer));
  data->source = g_strdup (source);
  data->values = g_strdup (values);
  data->context = g_object_ref (context);
  g_task_set_task_data (task, g_steal_pointer (&data), (GDestroyNotify) render_data_free);
  /* Loading, rendering and waiting for helm are all blocking work. */
  g_task_run_in_thread (task, render_thread);
}

char *
strata_chart_layer_render_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
