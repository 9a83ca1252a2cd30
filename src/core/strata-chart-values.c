/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-archive.h"
#include "strata-chart-cache.h"
#include "strata-chart-index.h"
#include "strata-chart-values.h"
#include "strata-core-error.h"
#include "strata-json-schema.h"
#include "strata-pack-private.h"
#include "strata-yaml.h"

char *
strata_chart_source_resolve (const char  *source,
                             gboolean    *is_folder,
                             GError     **error)
{
  g_autofree char *repository = NULL;
  g_autofree char *chart = NULL;
  g_autofree char *version = NULL;

  *is_folder = g_file_test (source, G_FILE_TEST_IS_DIR);
  if (*is_folder || g_file_test (source, G_FILE_TEST_IS_REGULAR))
    return g_strdup (source);

  if (strata_chart_reference_parse (source, &repository, &chart, &version))
    return strata_chart_cache_resolve (source, error);

  g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
               _("chart “%s” is neither a chart folder, a .tgz archive nor REPO/CHART[@VERSION]"), source);
  return NULL;
}

/* @names: the chart files wanted; the result maps those found to GBytes. */
static GHashTable *
read_chart_files (const char          *source,
                  const char * const  *names,
                  GError             **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GHashTable) files = NULL;
  gboolean is_folder;

  path = strata_chart_source_resolve (source, &is_folder, error);
  if (path == NULL)
    return NULL;

  if (!is_folder)
    return strata_archive_read_file (path, NULL, error);

  files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *file = g_build_filename (path, names[i], NULL);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_get_contents (file, &contents, &length, &local_error))
        g_hash_table_insert (files, g_strdup (names[i]), g_bytes_new_take (g_steal_pointer (&contents), length));
      else if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  return g_steal_pointer (&files);
}

static char *
bytes_to_text (GBytes *bytes)
{
  return bytes != NULL ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : g_strdup ("");
}

char *
strata_chart_values_dup_defaults (const char  *source,
                                  GError     **error)
{
  static const char * const names[] = { "values.yaml", NULL };
  g_autoptr(GHashTable) files = read_chart_files (source, names, error);

  if (files == NULL)
    return NULL;

  return bytes_to_text (g_hash_table_lookup (files, "values.yaml"));
}

/* Helm's coalescing, as strata-pack.c does it for packs: mappings merge
 * key by key, anything else replaces the default, null removes it. */
static void
coalesce (JsonObject *values,
          JsonObject *defaults)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *fallback;

  json_object_iter_init_ordered (&iter, defaults);
  while (json_object_iter_next_ordered (&iter, &name, &fallback))
    {
      JsonNode *mine = json_object_get_member (values, name);

      if (mine == NULL)
        json_object_set_member (values, name, json_node_copy (fallback));
      else if (JSON_NODE_HOLDS_NULL (mine))
        json_object_remove_member (values, name);
      else if (JSON_NODE_HOLDS_OBJECT (mine) && JSON_NODE_HOLDS_OBJECT (fallback))
        coalesce (json_node_get_object (mine), json_node_get_object (fallback));
    }
}

gboolean
strata_chart_values_validate (const char  *source,
                              const char  *values,
                              GError     **error)
{
  static const char * const names[] = { "values.yaml", "values.schema.json", NULL };
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) defaults = NULL;
  g_autoptr(StrataJsonSchema) schema = NULL;
  g_autofree char *defaults_text = NULL;
  GBytes *schema_bytes;

  if (!(root = _strata_pack_parse_values (values != NULL ? values : "", error)))
    return FALSE;

  files = read_chart_files (source, names, error);
  if (files == NULL)
    return FALSE;

  schema_bytes = g_hash_table_lookup (files, "values.schema.json");
  if (schema_bytes == NULL)
    return TRUE;

  schema = strata_json_schema_new_from_data (g_bytes_get_data (schema_bytes, NULL), g_bytes_get_size (schema_bytes), error);
  if (schema == NULL)
    {
      g_prefix_error (error, _("%s: values.schema.json: "), source);
      return FALSE;
    }

  defaults_text = bytes_to_text (g_hash_table_lookup (files, "values.yaml"));
  defaults = _strata_pack_parse_values (defaults_text, error);
  if (defaults == NULL)
    {
      g_prefix_error (error, _("%s: values.yaml: "), source);
      return FALSE;
    }

  coalesce (json_node_get_object (root), json_node_get_object (defaults));
  return strata_json_schema_validate (schema, root, "values", error);
}
