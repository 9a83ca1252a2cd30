/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One layer of a render: its templates through the engine (pack and
 * manifest layers) or helm's manifest (helm layers), then every document
 * read and checked to be a Kubernetes object. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-core-error.h"
#include "strata-json.h"
#include "strata-renderer-private.h"
#include "strata-template-chart.h"
#include "strata-template.h"
#include "strata-yaml.h"

/* Where a manifest layer's text goes inside the chart made for it, so
 * that errors read "LAYER/templates/manifest.yaml:LINE:COLUMN". */
#define MANIFEST_TEMPLATE "templates/manifest.yaml"

StrataLayerRender *
_strata_layer_render_new (StrataLayer *layer)
{
  StrataLayerRender *render = g_new0 (StrataLayerRender, 1);

  render->layer = strata_layer_copy (layer);
  render->objects = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  return render;
}

void
_strata_layer_render_free (StrataLayerRender *render)
{
  if (render == NULL)
    return;
  g_clear_object (&render->layer);
  g_clear_object (&render->pack);
  g_free (render->namespace_);
  g_free (render->values);
  g_free (render->chart_version);
  g_clear_object (&render->context);
  g_clear_pointer (&render->objects, g_ptr_array_unref);
  g_clear_error (&render->error);
  g_free (render);
}

static const char *
layer_name (StrataLayerRender *render)
{
  return strata_layer_get_name (render->layer);
}

static const char *
node_type_name (JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("a list");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return _("a string");
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return _("a boolean");
  return _("a number");
}

/* Helm's test hooks are Pods that `helm test` runs on demand; applying
 * them with the release would start them at every apply. */
static gboolean
is_test_hook (JsonObject *object)
{
  JsonObject *metadata = strata_json_object_get_object (object, "metadata");
  JsonObject *annotations = strata_json_object_get_object (metadata, "annotations");
  const char *hook = strata_json_object_get_string (annotations, "helm.sh/hook");
  g_auto(GStrv) hooks = NULL;

  if (hook == NULL)
    return FALSE;
  hooks = g_strsplit (hook, ",", -1);
  for (guint i = 0; hooks[i] != NULL; i++)
    if (g_str_has_prefix (g_strstrip (hooks[i]), "test"))
      return TRUE;
  return FALSE;
}

static const char *
missing_field (JsonObject *object)
{
  const char *value;

  value = strata_json_object_get_string (object, "apiVersion");
  if (value == NULL || *value == '\0')
    return "apiVersion";
  value = strata_json_object_get_string (object, "kind");
  if (value == NULL || *value == '\0')
    return "kind";
  value = strata_json_object_get_string (strata_json_object_get_object (object, "metadata"), "name");
  if (value == NULL || *value == '\0')
    return "metadata.name";
  return NULL;
}

/* A v1 List, as `kubectl get -o yaml` prints several objects. */
static gboolean
is_list (JsonObject *object)
{
  return g_strcmp0 (strata_json_object_get_string (object, "apiVersion"), "v1") == 0 &&
         g_strcmp0 (strata_json_object_get_string (object, "kind"), "List") == 0 &&
         strata_json_object_get_array (object, "items") != NULL;
}

/* @where: the document, as messages name it. */
static gboolean
add_object (StrataLayerRender  *render,
            const char         *where,
            JsonNode           *document,
            GError            **error)
{
  JsonObject *object;
  const char *missing;

  if (JSON_NODE_HOLDS_NULL (document))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (document))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("layer “%s”: %s is %s, not a Kubernetes object (a mapping with apiVersion, kind and metadata)"),
                   layer_name (render), where, node_type_name (document));
      return FALSE;
    }
  object = json_node_get_object (document);
  if (json_object_get_size (object) == 0)
    return TRUE;
  if (is_list (object))
    {
      JsonArray *items = strata_json_object_get_array (object, "items");

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          /* Translators: "item 2 of document 1 of hello/templates/ui.yaml" */
          g_autofree char *item = g_strdup_printf (_("item %u of %s"), i + 1, where);

          if (!add_object (render, item, json_array_get_element (items, i), error))
            return FALSE;
        }
      return TRUE;
    }
  if ((missing = missing_field (object)) != NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("layer “%s”: %s has no %s; every Kubernetes object needs apiVersion, kind and metadata.name"),
                   layer_name (render), where, missing);
      return FALSE;
    }
  if (!is_test_hook (object))
    g_ptr_array_add (render->objects, json_node_ref (document));
  return TRUE;
}

/* @numbered: whether @text is a whole file, whose documents are worth
 * counting in messages (helm's manifest comes one document at a time). */
static gboolean
read_documents (StrataLayerRender  *render,
                const char         *file,
                const char         *text,
                gboolean            numbered,
                GError            **error)
{
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GError) local_error = NULL;

  documents = strata_yaml_parse_documents (text, -1, &local_error);
  if (documents == NULL)
    {
      /* Translators: the first %s is a layer, the second a template file */
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("layer “%s”: %s does not render to valid YAML: %s"),
                   layer_name (render), file, local_error->message);
      return FALSE;
    }

  for (guint i = 0; i < documents->len; i++)
    {
      g_autofree char *where = NULL;

      if (numbered)
        /* Translators: "document 2 of hello/templates/ui.yaml" */
        where = g_strdup_printf (_("document %u of %s"), i + 1, file);
      else
        where = g_strdup (file);
      if (!add_object (render, where, g_ptr_array_index (documents, i), error))
        return FALSE;
    }
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* A file's rendered text counts when it holds something but blanks, as
 * Helm's manifest leaves out the others. */
static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
add_text_file (StrataTemplateChart  *chart,
               const char           *path,
               const char           *text,
               GError              **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return strata_template_chart_add_file (chart, path, bytes, error);
}

/* Chart.yaml as tests/packs/check-packs writes it for helm, so that
 * .Chart is the same under both engines. */
static gboolean
add_chart_metadata (StrataTemplateChart  *chart,
                    const char           *name,
                    const char           *version,
                    const char           *description,
                    GError              **error)
{
  g_autoptr(JsonObject) metadata = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_object_set_string_member (metadata, "apiVersion", "v2");
  json_object_set_string_member (metadata, "name", name);
  json_object_set_string_member (metadata, "version", version);
  json_object_set_string_member (metadata, "description", description);
  json_object_set_string_member (metadata, "type", "application");
  node = json_node_init_object (json_node_alloc (), metadata);
  if ((text = strata_yaml_emit (node, error)) == NULL)
    return FALSE;
  return add_text_file (chart, "Chart.yaml", text, error);
}

/* A pack is a chart with pack.yaml for Chart.yaml: it renders as one, so
 * that its output is what `helm template` gives for it. */
static StrataTemplateChart *
chart_for_pack (StrataPack  *pack,
                GError     **error)
{
  g_autoptr(StrataTemplateChart) chart = strata_template_chart_new ();
  const char * const *names = strata_pack_get_template_names (pack);
  const char *display_name = strata_pack_get_display_name (pack);

  if (!add_chart_metadata (chart, strata_pack_get_name (pack), strata_pack_get_version (pack),
                           display_name != NULL ? display_name : strata_pack_get_name (pack), error))
    return NULL;
  if (!add_text_file (chart, "values.yaml", strata_pack_get_values (pack) ? strata_pack_get_values (pack) : "", error))
    return NULL;
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (!add_text_file (chart, names[i], strata_pack_get_template (pack, names[i]), error))
      return NULL;
  return g_steal_pointer (&chart);
}

/* A manifest layer is a chart of one template named after the layer. */
static StrataTemplateChart *
chart_for_manifest (StrataLayerRender  *render,
                    GError            **error)
{
  g_autoptr(StrataTemplateChart) chart = strata_template_chart_new ();
  const char *manifest = strata_layer_get_manifest (render->layer);

  if (!add_chart_metadata (chart, layer_name (render), render->chart_version, layer_name (render), error))
    return NULL;
  if (!add_text_file (chart, MANIFEST_TEMPLATE, manifest != NULL ? manifest : "", error))
    return NULL;
  return g_steal_pointer (&chart);
}

/**
 * _strata_layer_render_templates:
 * @render: a pack or manifest layer, with its context and values
 * @error: return location for a #GError naming the layer
 *
 * Renders the layer's templates and adds their objects to @render.
 */
gboolean
_strata_layer_render_templates (StrataLayerRender  *render,
                                GError            **error)
{
  g_autoptr(StrataTemplateChart) chart = NULL;
  g_autoptr(JsonNode) values = NULL;
  g_autoptr(GHashTable) rendered = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;
  GHashTableIter iter;
  gpointer file;

  g_assert (render != NULL);
  g_assert (strata_layer_get_kind (render->layer) != STRATA_LAYER_KIND_HELM);

  if (render->pack != NULL)
    chart = chart_for_pack (render->pack, &local_error);
  else
    chart = chart_for_manifest (render, &local_error);
  if (chart == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("layer “%s”: %s"), layer_name (render), local_error->message);
      return FALSE;
    }

  /* As `helm template` checks values.schema.json before rendering. */
  if (render->pack != NULL && !strata_pack_validate_values (render->pack, render->values, &local_error))
    {
      g_auto(GStrv) problems = g_strsplit (local_error->message, "\n", -1);
      g_autofree char *joined = g_strjoinv ("; ", problems);

      g_set_error (error, STRATA_CORE_ERROR, local_error->code,
                   _("layer “%s”: its values do not fit pack %s: %s"),
                   layer_name (render), strata_pack_get_name (render->pack), joined);
      return FALSE;
    }

  values = strata_template_parse_values (render->values, -1, &local_error);
  if (values == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("layer “%s”: its values are not valid YAML: %s"), layer_name (render), local_error->message);
      return FALSE;
    }

  rendered = strata_template_chart_render (chart, render->context, values, &local_error);
  if (rendered == NULL)
    {
      /* The engine's message already names file:line:column. */
      g_set_error (error, local_error->domain, local_error->code,
                   _("layer “%s”: %s"), layer_name (render), local_error->message);
      return FALSE;
    }

  /* File name order, as Helm's manifest has them before it sorts by
   * kind: the same input always gives the same order. */
  g_hash_table_iter_init (&iter, rendered);
  while (g_hash_table_iter_next (&iter, &file, NULL))
    g_ptr_array_add (files, file);
  g_ptr_array_sort (files, compare_strings);

  for (guint i = 0; i < files->len; i++)
    {
      const char *name = g_ptr_array_index (files, i);
      const char *text = g_hash_table_lookup (rendered, name);

      if (g_str_has_suffix (name, "/NOTES.txt") || is_blank (text))
        continue;
      if (!read_documents (render, name, text, TRUE, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_separator (const char *line)
{
  if (!g_str_has_prefix (line, "---"))
    return FALSE;
  for (line += 3; *line != '\0'; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

static gboolean
flush_document (StrataLayerRender  *render,
                GString            *document,
                const char         *source,
                GError            **error)
{
  gboolean ok = TRUE;

  if (!is_blank (document->str))
    ok = read_documents (render, source != NULL ? source : _("the chart’s manifest"), document->str, FALSE, error);
  g_string_truncate (document, 0);
  return ok;
}

/**
 * _strata_layer_render_read_manifest:
 * @render: a helm layer
 * @manifest: what `helm template` printed for it
 * @error: return location for a #GError naming the layer and file
 *
 * Adds the manifest's objects to @render; each document's "# Source:"
 * line says which template file it came from, for messages.
 */
gboolean
_strata_layer_render_read_manifest (StrataLayerRender  *render,
                                    const char         *manifest,
                                    GError            **error)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) document = g_string_new (NULL);
  g_autofree char *source = NULL;

  g_assert (render != NULL);
  g_assert (manifest != NULL);

  lines = g_strsplit (manifest, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (is_separator (line))
        {
          if (!flush_document (render, document, source, error))
            return FALSE;
          g_clear_pointer (&source, g_free);
          continue;
        }
      if (document->len == 0 && source == NULL && g_str_has_prefix (line, "# Source: "))
        source = g_strstrip (g_strdup (line + strlen ("# Source: ")));
      g_string_append (document, line);
      g_string_append_c (document, '\n');
    }
  return flush_document (render, document, source, error);
}
