/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-chart-index.h"
#include "strata-core-error.h"
#include "strata-json.h"
#include "strata-semver.h"
#include "strata-yaml.h"

struct _StrataChartIndex
{
  GObject     parent_instance;
  JsonNode   *document;
  GHashTable *charts;   /* name → GPtrArray of JsonObject, newest first */
  GStrv       names;
};

G_DEFINE_FINAL_TYPE (StrataChartIndex, strata_chart_index, G_TYPE_OBJECT)

static void
strata_chart_index_finalize (GObject *object)
{
  StrataChartIndex *self = (StrataChartIndex *)object;

  g_clear_pointer (&self->charts, g_hash_table_unref);
  g_clear_pointer (&self->document, json_node_unref);
  g_clear_pointer (&self->names, g_strfreev);

  G_OBJECT_CLASS (strata_chart_index_parent_class)->finalize (object);
}

static void
strata_chart_index_class_init (StrataChartIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = strata_chart_index_finalize;
}

static void
strata_chart_index_init (StrataChartIndex *self)
{
  self->charts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
}

static int
compare_entries_newest_first (gconstpointer a,
                              gconstpointer b)
{
  JsonObject *entry_a = *(JsonObject **)a;
  JsonObject *entry_b = *(JsonObject **)b;

  return strata_semver_compare_strings (strata_json_object_get_string (entry_b, "version"),
                                        strata_json_object_get_string (entry_a, "version"));
}

static gboolean
add_chart (StrataChartIndex  *self,
           const char        *name,
           JsonNode          *versions,
           const char        *what,
           GError           **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (versions))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("%s: entries.%s is not a list of chart versions"), what, name);
      return FALSE;
    }

  array = json_node_get_array (versions);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      JsonNode *version = entry ? json_object_get_member (entry, "version") : NULL;

      /* YAML may read 1.0 as a number; an index always means a string. */
      if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
          json_node_get_value_type (version) != G_TYPE_STRING)
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                       _("%s: entries.%s[%u] has no version string"), what, name, i);
          return FALSE;
        }
      g_ptr_array_add (entries, entry);
    }

  g_ptr_array_sort (entries, compare_entries_newest_first);
  g_hash_table_replace (self->charts, g_strdup (name), g_steal_pointer (&entries));
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **)a, *(const char **)b);
}

/**
 * strata_chart_index_new_from_data:
 *
 * Returns: (transfer full): the index, or %NULL with @error set
 */
StrataChartIndex *
strata_chart_index_new_from_data (const char  *data,
                                  gssize       length,
                                  const char  *what,
                                  GError     **error)
{
  g_autoptr(StrataChartIndex) self = g_object_new (STRATA_TYPE_CHART_INDEX, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *entries;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (data != NULL, NULL);

  self->document = strata_yaml_parse (data, length, &local_error);
  if (self->document == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   "%s: %s", what, local_error->message);
      return NULL;
    }

  entries = JSON_NODE_HOLDS_OBJECT (self->document)
    ? strata_json_object_get_object (json_node_get_object (self->document), "entries") : NULL;
  if (entries == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("%s is not a chart repository index (it has no “entries”)"), what);
      return NULL;
    }

  members = json_object_get_members (entries);
  for (GList *l = members; l != NULL; l = l->next)
    if (!add_chart (self, l->data, json_object_get_member (entries, l->data), what, error))
      return NULL;

  g_hash_table_iter_init (&iter, self->charts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, g_strdup (key));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  self->names = (GStrv)g_ptr_array_free (g_steal_pointer (&names), FALSE);

  return g_steal_pointer (&self);
}

/**
 * strata_chart_index_new_from_file:
 *
 * Returns: (transfer full): the index, or %NULL with @error set
 */
StrataChartIndex *
strata_chart_index_new_from_file (const char  *path,
                                  GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return strata_chart_index_new_from_data (contents, length, path, error);
}

const char * const *
strata_chart_index_get_names (StrataChartIndex *self)
{
  g_return_val_if_fail (STRATA_IS_CHART_INDEX (self), NULL);
  return (const char * const *)self->names;
}

GPtrArray *
strata_chart_index_get_versions (StrataChartIndex *self,
                                 const char       *name)
{
  g_return_val_if_fail (STRATA_IS_CHART_INDEX (self), NULL);
  return g_hash_table_lookup (self->charts, name);
}

JsonObject *
strata_chart_index_lookup (StrataChartIndex  *self,
                           const char        *repository,
                           const char        *name,
                           const char        *version,
                           GError           **error)
{
  GPtrArray *entries;

  g_return_val_if_fail (STRATA_IS_CHART_INDEX (self), NULL);

  entries = g_hash_table_lookup (self->charts, name);
  if (entries == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", self->names);

      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("no chart “%s” in repository “%s” (it has: %s)"), name, repository,
                   known[0] != '\0' ? known : _("nothing"));
      return NULL;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (entries, i);
      const char *entry_version = strata_json_object_get_string (entry, "version");

      if (version == NULL)
        {
          g_autoptr(StrataSemver) semver = strata_semver_parse (entry_version, NULL);

          /* As helm: without a version, the newest release, not a pre-release. */
          if (semver != NULL && strata_semver_get_prerelease (semver) == NULL)
            return entry;
        }
      else if (g_strcmp0 (entry_version, version) == 0)
        return entry;
    }

  if (version == NULL)
    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                 _("chart “%s” in repository “%s” has no released version (name one with @VERSION)"),
                 name, repository);
  else
    {
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint i = 0; i < entries->len; i++)
        g_string_append_printf (known, "%s%s", i > 0 ? ", " : "",
                                strata_json_object_get_string (g_ptr_array_index (entries, i), "version"));
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("chart “%s” in repository “%s” has no version %s (it has: %s)"),
                   name, repository, version, known->str);
    }
  return NULL;
}

gboolean
strata_chart_reference_parse (const char  *reference,
                              char       **repository,
                              char       **chart,
                              char       **version)
{
  const char *slash, *at;

  if (reference == NULL || reference[0] == '/' || reference[0] == '.' ||
      (slash = strchr (reference, '/')) == NULL || slash == reference ||
      strchr (slash + 1, '/') != NULL || g_str_has_suffix (reference, ".tgz"))
    return FALSE;

  at = strchr (slash + 1, '@');
  if (at == slash + 1 || (at != NULL && at[1] == '\0'))
    return FALSE;

  *repository = g_strndup (reference, slash - reference);
  *chart = at != NULL ? g_strndup (slash + 1, at - slash - 1) : g_strdup (slash + 1);
  *version = at != NULL ? g_strdup (at + 1) : NULL;
  return TRUE;
}
