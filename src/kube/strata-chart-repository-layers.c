/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fetching what a profile version's layers need from registries by URL,
 * one layer after the other, before a render. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-chart-repository.h"
#include "strata-core-error.h"

typedef struct
{
  StrataRegistryList *registries;
  GPtrArray          *layers;     /* StrataLayer, those to look at */
  guint               next;
  GStrvBuilder       *warnings;
} FetchLayers;

static void
fetch_layers_free (FetchLayers *data)
{
  g_clear_object (&data->registries);
  g_clear_pointer (&data->layers, g_ptr_array_unref);
  g_clear_pointer (&data->warnings, g_strv_builder_unref);
  g_free (data);
}

/* "REGISTRY/NAME@VERSION" of a layer that comes from a registry by URL
 * and is not in the cache yet; FALSE when there is nothing to fetch. */
static gboolean
layer_needs_fetch (StrataLayer  *layer,
                   char        **registry,
                   char        **name,
                   char        **version)
{
  const char *source = strata_layer_get_source (layer);
  StrataLayerKind kind = strata_layer_get_kind (layer);

  if (source == NULL || kind == STRATA_LAYER_KIND_MANIFEST ||
      (kind == STRATA_LAYER_KIND_HELM && g_file_test (source, G_FILE_TEST_EXISTS)) ||
      !strata_chart_reference_parse (source, registry, name, version))
    return FALSE;

  if (kind == STRATA_LAYER_KIND_HELM)
    {
      g_autofree char *cached = strata_chart_cache_resolve (source, NULL);
      return cached == NULL;
    }

  /* Packs are read unpacked, from their folder. */
  if (*version != NULL)
    {
      g_autofree char *packs = strata_chart_cache_dup_packs_folder (*registry);
      g_autofree char *pack_yaml = g_build_filename (packs, *name, *version, "pack.yaml", NULL);

      if (g_file_test (pack_yaml, G_FILE_TEST_IS_REGULAR))
        return FALSE;
    }
  return TRUE;
}

static void fetch_next_layer (GTask *task);

static void
layer_fetched (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchLayers *data = g_task_get_task_data (task);
  StrataLayer *layer = g_ptr_array_index (data->layers, data->next - 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *version = NULL;

  version = strata_chart_repository_fetch_finish (STRATA_CHART_REPOSITORY (object), result, NULL, &warning, &error);
  if (version == NULL)
    {
      g_prefix_error (&error, _("Layer “%s”: "), strata_layer_get_name (layer));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (warning != NULL)
    g_strv_builder_add (data->warnings, warning);
  fetch_next_layer (g_steal_pointer (&task));
}

static void
fetch_next_layer (GTask *task)
{
  FetchLayers *data = g_task_get_task_data (task);

  while (data->next < data->layers->len)
    {
      StrataLayer *layer = g_ptr_array_index (data->layers, data->next++);
      g_autofree char *registry = NULL;
      g_autofree char *name = NULL;
      g_autofree char *version = NULL;
      g_autoptr(StrataChartRepository) repository = NULL;
      StrataRegistryEntry *entry;
      StrataRegistryType wanted;

      if (!layer_needs_fetch (layer, &registry, &name, &version))
        continue;

      wanted = strata_layer_get_kind (layer) == STRATA_LAYER_KIND_PACK ? STRATA_REGISTRY_TYPE_PACKS
                                                                       : STRATA_REGISTRY_TYPE_CHARTS;
      entry = strata_registry_list_lookup (data->registries, registry);
      if (entry == NULL || entry->type != wanted)
        {
          g_task_return_new_error (task, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                                   _("Layer “%s”: no %s named “%s” (add it with “strata-cli repo add”)"),
                                   strata_layer_get_name (layer),
                                   wanted == STRATA_REGISTRY_TYPE_PACKS ? _("pack registry") : _("chart repository"),
                                   registry);
          g_object_unref (task);
          return;
        }

      repository = strata_chart_repository_new (entry);
      strata_chart_repository_fetch_async (repository, name, version, g_task_get_cancellable (task),
                                           layer_fetched, task);
      return;
    }

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

void
strata_chart_repository_fetch_layers_async (StrataRegistryList   *registries,
                                            StrataProfileVersion *version,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  GTask *task;
  FetchLayers *data;
  GListModel *layers;

  g_return_if_fail (STRATA_IS_REGISTRY_LIST (registries));
  g_return_if_fail (STRATA_IS_PROFILE_VERSION (version));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_chart_repository_fetch_layers_async);
  data = g_new0 (FetchLayers, 1);
  data->registries = g_object_ref (registries);
  data->layers = g_ptr_array_new_with_free_func (g_object_unref);
  data->warnings = g_strv_builder_new ();
  layers = strata_profile_version_get_layers (version);
  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    g_ptr_array_add (data->layers, g_list_model_get_item (layers, i));
  g_task_set_task_data (task, data, (GDestroyNotify)fetch_layers_free);

  fetch_next_layer (task);
}

gboolean
strata_chart_repository_fetch_layers_finish (GAsyncResult  *result,
                                             GStrv         *warnings,
                                             GError       **error)
{
  FetchLayers *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (warnings != NULL)
    *warnings = g_strv_builder_end (data->warnings);
  return TRUE;
}
