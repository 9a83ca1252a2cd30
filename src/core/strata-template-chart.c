/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A chart's files and Helm's engine around the templates: Chart.yaml,
 * values coalescing (chartutil.CoalesceValues), parse and render order
 * (engine.Render), and the error rewriting Helm applies. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-template-chart.h"
#include "strata-template-private.h"

struct _StrataTemplateChart
{
  GObject     parent_instance;
  JsonNode   *metadata;
  char       *name;
  JsonNode   *values;
  GHashTable *templates;   /* "templates/…" -> GBytes */
  GHashTable *files;       /* other chart files -> GBytes, for .Files */
  gboolean    has_subcharts;
};

G_DEFINE_FINAL_TYPE (StrataTemplateChart, strata_template_chart, G_TYPE_OBJECT)

static void
strata_template_chart_finalize (GObject *object)
{
  StrataTemplateChart *self = (StrataTemplateChart *)object;

  g_clear_pointer (&self->metadata, json_node_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->values, json_node_unref);
  g_clear_pointer (&self->templates, g_hash_table_unref);
  g_clear_pointer (&self->files, g_hash_table_unref);

  G_OBJECT_CLASS (strata_template_chart_parent_class)->finalize (object);
}

static void
strata_template_chart_class_init (StrataTemplateChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = strata_template_chart_finalize;
}

static void
strata_template_chart_init (StrataTemplateChart *self)
{
  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
}

StrataTemplateChart *
strata_template_chart_new (void)
{
  return g_object_new (STRATA_TYPE_TEMPLATE_CHART, NULL);
}

static JsonNode *
read_yaml_object (const char  *path,
                  GBytes      *contents,
                  GError     **error)
{
  gsize size;
  const char *data = g_bytes_get_data (contents, &size);
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = strata_template_parse_values (data != NULL ? data : "", size, &local_error);

  if (node == NULL)
    g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                 "%s: %s", path, local_error->message);
  return node;
}

static gboolean
load_metadata (StrataTemplateChart  *self,
               GBytes               *contents,
               GError              **error)
{
  g_autoptr(JsonNode) metadata = read_yaml_object ("Chart.yaml", contents, error);
  JsonObject *object;
  JsonNode *name, *version, *dependencies;

  if (metadata == NULL)
    return FALSE;
  object = json_node_get_object (metadata);
  name = json_object_get_member (object, "name");
  version = json_object_get_member (object, "version");
  if (name == NULL || json_node_get_value_type (name) != G_TYPE_STRING || json_node_get_string (name)[0] == '\0')
    {
      g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                   _("Chart.yaml: validation: chart.metadata.name is required (add “name: CHART” to Chart.yaml)"));
      return FALSE;
    }
  if (version == NULL || JSON_NODE_HOLDS_NULL (version))
    {
      g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                   _("Chart.yaml: validation: chart.metadata.version is required (add “version: 0.1.0” to Chart.yaml)"));
      return FALSE;
    }
  dependencies = json_object_get_member (object, "dependencies");
  if (dependencies != NULL && JSON_NODE_HOLDS_ARRAY (dependencies) &&
      json_array_get_length (json_node_get_array (dependencies)) > 0)
    self->has_subcharts = TRUE;

  g_clear_pointer (&self->metadata, json_node_unref);
  self->metadata = g_steal_pointer (&metadata);
  g_free (self->name);
  self->name = g_strdup (json_node_get_string (name));
  return TRUE;
}

/**
 * strata_template_chart_add_file:
 * @self: a #StrataTemplateChart
 * @path: the file's path inside the chart, with "/" separators
 * @contents: the file
 * @error: return location for a #STRATA_TEMPLATE_ERROR_INVALID error
 *
 * Adds one file of the chart. Chart.yaml and values.yaml are read at once.
 */
gboolean
strata_template_chart_add_file (StrataTemplateChart  *self,
                                const char           *path,
                                GBytes               *contents,
                                GError              **error)
{
  g_return_val_if_fail (STRATA_IS_TEMPLATE_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL && contents != NULL, FALSE);

  if (strcmp (path, "Chart.yaml") == 0)
    return load_metadata (self, contents, error);
  if (strcmp (path, "values.yaml") == 0)
    {
      JsonNode *values = read_yaml_object ("values.yaml", contents, error);

      if (values == NULL)
        return FALSE;
      g_clear_pointer (&self->values, json_node_unref);
      self->values = values;
      return TRUE;
    }
  if (g_str_has_prefix (path, "charts/") || strcmp (path, "requirements.yaml") == 0)
    {
      self->has_subcharts = TRUE;
      return TRUE;
    }
  if (g_str_has_prefix (path, "templates/"))
    g_hash_table_replace (self->templates, g_strdup (path), g_bytes_ref (contents));
  else if (strcmp (path, "values.schema.json") != 0 && strcmp (path, "Chart.lock") != 0 &&
           strcmp (path, "requirements.lock") != 0 && !g_str_has_prefix (path, "crds/"))
    g_hash_table_replace (self->files, g_strdup (path), g_bytes_ref (contents));
  return TRUE;
}

/* .helmignore, simplified: one glob a line, matched against the path and
 * its base name; a trailing "/" names a folder. */
static gboolean
is_ignored (GPtrArray  *patterns,
            const char *path,
            gboolean    is_directory)
{
  g_autofree char *base = g_path_get_basename (path);

  for (guint i = 0; patterns != NULL && i < patterns->len; i++)
    {
      const char *pattern = g_ptr_array_index (patterns, i);
      gsize length = strlen (pattern);
      g_autofree char *bare = NULL;

      if (pattern[length - 1] == '/')
        {
          if (!is_directory)
            continue;
          bare = g_strndup (pattern, length - 1);
        }
      else
        bare = g_strdup (pattern);
      if (g_pattern_match_simple (bare, path) || g_pattern_match_simple (bare, base))
        return TRUE;
    }
  return FALSE;
}

static gboolean
add_directory (StrataTemplateChart  *self,
               GFile                *root,
               GFile                *directory,
               GPtrArray            *ignored,
               GError              **error)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NONE, NULL, error);
  if (children == NULL)
    return FALSE;
  for (;;)
    {
      GFileInfo *info;
      GFile *child;
      g_autofree char *relative = NULL;
      gboolean is_directory;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, error))
        return FALSE;
      if (info == NULL)
        return TRUE;
      relative = g_file_get_relative_path (root, child);
      is_directory = g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY;
      if (is_ignored (ignored, relative, is_directory) || strcmp (relative, ".helmignore") == 0)
        continue;
      if (is_directory)
        {
          if (!add_directory (self, root, child, ignored, error))
            return FALSE;
        }
      else
        {
          g_autoptr(GBytes) contents = g_file_load_bytes (child, NULL, NULL, error);

          if (contents == NULL || !strata_template_chart_add_file (self, relative, contents, error))
            return FALSE;
        }
    }
}

/**
 * strata_template_chart_new_for_directory:
 * @path: a chart folder, the one with Chart.yaml
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the chart, or %NULL with @error set
 */
StrataTemplateChart *
strata_template_chart_new_for_directory (const char  *path,
                                         GError     **error)
{
  g_autoptr(StrataTemplateChart) self = strata_template_chart_new ();
  g_autoptr(GFile) root = g_file_new_for_path (path);
  g_autoptr(GFile) ignore_file = g_file_get_child (root, ".helmignore");
  g_autoptr(GPtrArray) ignored = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *ignore_text = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_load_contents (ignore_file, NULL, &ignore_text, NULL, NULL, NULL))
    {
      g_auto(GStrv) lines = g_strsplit (ignore_text, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *line = g_strstrip (lines[i]);

          if (line[0] != '\0' && line[0] != '#')
            g_ptr_array_add (ignored, g_strdup (line));
        }
    }
  if (!add_directory (self, root, root, ignored, error))
    return NULL;
  if (self->metadata == NULL)
    {
      /* Translators: %s is a folder */
      g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                   _("%s is not a chart: it has no Chart.yaml"), path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
strata_template_chart_get_name (StrataTemplateChart *self)
{
  g_return_val_if_fail (STRATA_IS_TEMPLATE_CHART (self), NULL);
  return self->name;
}

JsonNode *
strata_template_chart_get_metadata (StrataTemplateChart *self)
{
  g_return_val_if_fail (STRATA_IS_TEMPLATE_CHART (self), NULL);
  return self->metadata;
}

JsonNode *
strata_template_chart_get_values (StrataTemplateChart *self)
{
  g_return_val_if_fail (STRATA_IS_TEMPLATE_CHART (self), NULL);
  if (self->values == NULL)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      self->values = json_node_init_object (json_node_alloc (), object);
    }
  return self->values;
}

/* Values: chartutil.CoalesceValues */

static gboolean
is_table (StrataTemplateValue *value)
{
  return value != NULL && value->type->kind == STRATA_TEMPLATE_KIND_MAP;
}

static gboolean
is_nil (StrataTemplateValue *value)
{
  return value != NULL && value->type->kind == STRATA_TEMPLATE_KIND_NIL;
}

/* coalesceTablesFullKey: @destination (the user's) wins over @source (the
 * chart's); a null in the user's values removes the key. */
static void
coalesce_tables (StrataTemplateValue *destination,
                 StrataTemplateValue *source)
{
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GPtrArray) keys = NULL;

  g_hash_table_iter_init (&iter, destination->map);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (is_nil (value))
      _strata_template_value_map_take (source, key, _strata_template_value_nil ());

  keys = _strata_template_value_sorted_keys (source);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *name = keys->pdata[i];
      StrataTemplateValue *from = g_hash_table_lookup (source->map, name);
      StrataTemplateValue *to = g_hash_table_lookup (destination->map, name);

      if (to != NULL && is_nil (to))
        g_hash_table_remove (destination->map, name);
      else if (to == NULL)
        _strata_template_value_map_take (destination, name, _strata_template_value_ref (from));
      else if (is_table (from) && is_table (to))
        coalesce_tables (to, from);
    }
}

static StrataTemplateValue *
coalesce_values (JsonNode *defaults,
                 JsonNode *user)
{
  g_autoptr(StrataTemplateValue) chart = _strata_template_value_from_json (defaults);
  StrataTemplateValue *values = _strata_template_value_from_json (user);
  g_autoptr(GPtrArray) keys = NULL;

  if (!is_table (values))
    {
      _strata_template_value_unref (values);
      values = _strata_template_value_new_map (NULL);
    }
  values->type = &_strata_template_type_values;
  if (!is_table (chart))
    return values;

  keys = _strata_template_value_sorted_keys (chart);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *name = keys->pdata[i];
      StrataTemplateValue *from = g_hash_table_lookup (chart->map, name);
      StrataTemplateValue *to = g_hash_table_lookup (values->map, name);

      if (to == NULL)
        _strata_template_value_map_take (values, name, _strata_template_value_ref (from));
      else if (is_nil (to))
        g_hash_table_remove (values->map, name);
      else if (is_table (to) && is_table (from))
        coalesce_tables (to, from);
    }
  return values;
}

/* Rendering: engine.Render */

/* Helm parses and renders deeper paths first and, among equals, in
 * reverse order: a top-level file's {{define}} is parsed last and wins. */
static int
compare_render_order (gconstpointer a,
                      gconstpointer b)
{
  const char *x = *(const char * const *)a;
  const char *y = *(const char * const *)b;
  int x_depth = 0, y_depth = 0;

  for (const char *p = x; *p != '\0'; p++)
    x_depth += *p == '/';
  for (const char *p = y; *p != '\0'; p++)
    y_depth += *p == '/';
  if (x_depth != y_depth)
    return y_depth - x_depth;
  return -strcmp (x, y);
}

/**
 * strata_template_chart_render:
 * @self: a #StrataTemplateChart
 * @context: (nullable): release, capabilities and macros; %NULL for
 *   `helm template`'s defaults
 * @values: (nullable): the user's values, coalesced over the chart's
 * @error: return location for a #STRATA_TEMPLATE_ERROR
 *
 * Returns: (transfer full) (element-type utf8 utf8): rendered files by
 *   name, or %NULL with @error set (the first file to fail, in Helm's order)
 */
GHashTable *
strata_template_chart_render (StrataTemplateChart    *self,
                              StrataTemplateContext  *context,
                              JsonNode               *values,
                              GError                **error)
{
  g_autoptr(GHashTable) rendered = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(StrataTemplateValue) merged = NULL;
  g_autoptr(StrataTemplateContext) own_context = NULL;
  StrataTemplateSet *set = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (STRATA_IS_TEMPLATE_CHART (self), NULL);
  g_return_val_if_fail (context == NULL || STRATA_IS_TEMPLATE_CONTEXT (context), NULL);

  if (self->metadata == NULL)
    {
      g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                   _("the chart has no Chart.yaml; add one with its name and version"));
      return NULL;
    }
  if (self->has_subcharts)
    {
      /* Translators: %s is a chart name */
      g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_UNSUPPORTED,
                   _("chart %s has subcharts (charts/ or dependencies in Chart.yaml), which Strata's template "
                     "engine does not render; install helm to render this chart"), self->name);
      return NULL;
    }

  /* The context lends its release and capabilities; the chart adds its
   * metadata and files to a copy, leaving the caller's as it was. */
  own_context = strata_template_context_new ();
  if (context != NULL)
    {
      GHashTableIter files;
      gpointer path, contents;

      g_object_set (own_context,
                    "release-name", strata_template_context_get_release_name (context),
                    "namespace", strata_template_context_get_namespace (context),
                    "revision", strata_template_context_get_revision (context),
                    "is-upgrade", strata_template_context_get_is_upgrade (context),
                    "cluster-name", strata_template_context_get_cluster_name (context),
                    "cluster-region", strata_template_context_get_cluster_region (context),
                    "profile-name", strata_template_context_get_profile_name (context),
                    "profile-version", strata_template_context_get_profile_version (context),
                    NULL);
      strata_template_context_set_kube_version (own_context, strata_template_context_get_kube_version (context), NULL);
      strata_template_context_set_api_versions (own_context, strata_template_context_get_api_versions (context));
      g_hash_table_iter_init (&files, _strata_template_context_get_files (context));
      while (g_hash_table_iter_next (&files, &path, &contents))
        strata_template_context_add_file (own_context, path, contents);
    }
  strata_template_context_set_chart (own_context, self->metadata);
  g_hash_table_iter_init (&iter, self->files);
  {
    gpointer path, contents;

    while (g_hash_table_iter_next (&iter, &path, &contents))
      strata_template_context_add_file (own_context, path, contents);
  }

  merged = coalesce_values (strata_template_chart_get_values (self), values);

  g_hash_table_iter_init (&iter, self->templates);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, g_strdup_printf ("%s/%s", self->name, (const char *)key));
  g_ptr_array_sort (names, compare_render_order);

  set = _strata_template_set_new (NULL);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      GBytes *contents = g_hash_table_lookup (self->templates, name + strlen (self->name) + 1);
      gsize size;
      const char *text = g_bytes_get_data (contents, &size);

      if (!_strata_template_parse (set, name, text != NULL ? text : "", size, error))
        {
          _strata_template_set_free (set);
          return NULL;
        }
    }

  rendered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *base = g_path_get_basename (name);
      g_autofree char *base_path = g_strdup_printf ("%s/templates", self->name);
      g_autoptr(StrataTemplateValue) data = NULL;
      g_autofree char *text = NULL;
      gsize length = 0;
      GString *cleaned;

      if (base[0] == '_')
        continue;
      data = _strata_template_context_build (own_context, merged, name, base_path);
      text = _strata_template_execute (set, name, data, &length, error);
      if (text == NULL)
        {
          if (error != NULL && *error != NULL)
            _strata_template_clean_error (*error);
          _strata_template_set_free (set);
          return NULL;
        }
      cleaned = g_string_new (NULL);
      for (gsize j = 0; j < length;)
        {
          if (length - j >= strlen ("<no value>") && memcmp (text + j, "<no value>", strlen ("<no value>")) == 0)
            {
              j += strlen ("<no value>");
              continue;
            }
          g_string_append_c (cleaned, text[j++]);
        }
      g_hash_table_replace (rendered, g_strdup (name), g_string_free (cleaned, FALSE));
    }
  _strata_template_set_free (set);
  return g_steal_pointer (&rendered);
}

/**
 * strata_template_chart_render_manifest:
 * @self: a #StrataTemplateChart
 * @context: (nullable): as for strata_template_chart_render()
 * @values: (nullable): the user's values
 * @error: return location for a #STRATA_TEMPLATE_ERROR
 *
 * Returns: (transfer full): what `helm template` prints for the chart
 */
char *
strata_template_chart_render_manifest (StrataTemplateChart    *self,
                                       StrataTemplateContext  *context,
                                       JsonNode               *values,
                                       GError                **error)
{
  g_autoptr(GHashTable) rendered = NULL;

  g_return_val_if_fail (STRATA_IS_TEMPLATE_CHART (self), NULL);

  rendered = strata_template_chart_render (self, context, values, error);
  if (rendered == NULL)
    return NULL;
  return strata_template_chart_format_manifest (rendered, error);
}
