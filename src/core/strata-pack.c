/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One version of a pack, immutable once read; the reading itself is in
 * strata-pack-load.c. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-core-error.h"
#include "strata-pack-private.h"

enum {
  PROP_0,
  PROP_FOLDER,
  PROP_NAME,
  PROP_VERSION,
  PROP_DISPLAY_NAME,
  PROP_CATEGORY,
  PROP_DESCRIPTION,
  PROP_NAMESPACE,
  PROP_PRIORITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataPack, strata_pack, G_TYPE_OBJECT)

static void
strata_pack_finalize (GObject *object)
{
  StrataPack *self = (StrataPack *)object;

  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->keywords, g_strfreev);
  g_clear_pointer (&self->namespace_, g_free);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->defaults, json_node_unref);
  g_clear_pointer (&self->readme, g_free);
  g_clear_pointer (&self->schema, strata_json_schema_unref);
  g_clear_pointer (&self->templates, g_hash_table_unref);
  g_clear_pointer (&self->template_names, g_strfreev);
  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (strata_pack_parent_class)->finalize (object);
}

static void
strata_pack_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  StrataPack *self = STRATA_PACK (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_string (value, self->folder);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_NAMESPACE:
      g_value_set_string (value, self->namespace_);
      break;
    case PROP_PRIORITY:
      g_value_set_int (value, self->priority);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_pack_class_init (StrataPackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_pack_finalize;
  object_class->get_property = strata_pack_get_property;

  /* A pack never changes once read: every property is read-only. */
  properties[PROP_FOLDER] =
    g_param_spec_string ("folder", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAMESPACE] =
    g_param_spec_string ("namespace", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PRIORITY] =
    g_param_spec_int ("priority", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_pack_init (StrataPack *self)
{
  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * strata_pack_new_from_folder:
 * @folder: the pack version's folder, such as “…/packs/hello-universe/1.0.0”
 *
 * Reads a pack. This does disk I/O: call it from a worker thread (the
 * registry does).
 *
 * Returns: (transfer full) (nullable): the pack, or %NULL with @error set
 *   to a message that names the file, and the line when it can
 */
StrataPack *
strata_pack_new_from_folder (const char  *folder,
                             GError     **error)
{
  g_autoptr(StrataPack) self = NULL;

  g_return_val_if_fail (folder != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (STRATA_TYPE_PACK, NULL);
  self->folder = g_canonicalize_filename (folder, NULL);

  if (!_strata_pack_load (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
strata_pack_get_folder (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  return self->folder;
}

const char *
strata_pack_get_name (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  return self->name;
}

const char *
strata_pack_get_version (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  return self->version;
}

/* The title to show; the name when pack.yaml gives none. */
const char *
strata_pack_get_display_name (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  return self->display_name;
}

const char *
strata_pack_get_category (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  return self->category;
}

const char *
strata_pack_get_description (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  return self->description;
}

/* Returns: (transfer none): words that search also matches; maybe empty. */
const char * const *
strata_pack_get_keywords (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  return (const char * const *)self->keywords;
}

/* The namespace a layer made from the pack starts with ("default" when
 * pack.yaml gives none). */
const char *
strata_pack_get_namespace (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  return self->namespace_;
}

/* The install priority a layer made from the pack starts with. */
int
strata_pack_get_priority (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), 0);

  return self->priority;
}

/* The text of values.yaml, comments and all. */
const char *
strata_pack_get_values (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  return self->values;
}

/* Returns: (nullable): the text of README.md (Markdown). */
const char *
strata_pack_get_readme (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  return self->readme;
}

/* Returns: (transfer none) (nullable): values.schema.json, compiled. */
StrataJsonSchema *
strata_pack_get_schema (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  return self->schema;
}

/* Returns: (transfer none): the template files' names relative to the pack
 * folder ("templates/_helpers.tpl", "templates/ui.yaml"), sorted. */
const char * const *
strata_pack_get_template_names (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  return (const char * const *)self->template_names;
}

/* Returns: (nullable): the text of the template @name, as listed by
 * strata_pack_get_template_names(). */
const char *
strata_pack_get_template (StrataPack *self,
                          const char *name)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->templates, name);
}

/* Returns: (transfer full): "NAME@VERSION", what a layer's source says. */
char *
strata_pack_dup_reference (StrataPack *self)
{
  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  return g_strdup_printf ("%s@%s", self->name, self->version);
}

/**
 * strata_pack_matches:
 * @search: (nullable): words that must all appear, ignoring case, in the
 *   name, display name, description or keywords; %NULL or "" for any
 * @category: (nullable): the category, ignoring case; %NULL or "" for any
 *
 * The filter of the pack browser, shared with strata-cli.
 */
gboolean
strata_pack_matches (StrataPack *self,
                     const char *search,
                     const char *category)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (STRATA_IS_PACK (self), FALSE);

  if (category != NULL && *category != '\0')
    {
      g_autofree char *wanted = g_utf8_casefold (category, -1);
      g_autofree char *actual = g_utf8_casefold (self->category, -1);

      if (strcmp (wanted, actual) != 0)
        return FALSE;
    }

  if (search == NULL)
    return TRUE;

  folded = g_utf8_casefold (search, -1);
  words = g_strsplit_set (folded, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strstr (self->search_text, words[i]) == NULL)
      return FALSE;

  return TRUE;
}

/* Helm's coalescing of values over a chart's defaults: mappings merge key
 * by key, anything else replaces the default, and null removes it. */
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

/**
 * strata_pack_validate_values:
 * @values: values text, such as a layer's edited values or an override
 *
 * Checks that @values is a YAML mapping (or empty) and, when the pack has
 * values.schema.json, that it passes the schema once coalesced over the
 * pack's defaults as Helm does (so "replicas: 2" alone is valid, and
 * "replicas: null" removes the default).
 *
 * Returns: %TRUE when valid, else %FALSE with @error set:
 *   %STRATA_CORE_ERROR_PARSE with “line L, column C: …” for bad YAML,
 *   %STRATA_CORE_ERROR_INVALID with one “values: PATH: problem” line per
 *   problem otherwise
 */
gboolean
strata_pack_validate_values (StrataPack  *self,
                             const char  *values,
                             GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (STRATA_IS_PACK (self), FALSE);
  g_return_val_if_fail (values != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(root = _strata_pack_parse_values (values, error)))
    return FALSE;
  if (self->schema == NULL)
    return TRUE;

  coalesce (json_node_get_object (root), json_node_get_object (self->defaults));
  return strata_json_schema_validate (self->schema, root, "values", error);
}

/**
 * strata_pack_create_layer:
 * @layer_name: (nullable): the layer's name; %NULL for the pack's name
 *
 * A new pack layer for a profile version: source NAME@VERSION, the pack's
 * namespace, priority and default values.
 *
 * Returns: (transfer full): the layer
 */
StrataLayer *
strata_pack_create_layer (StrataPack *self,
                          const char *layer_name)
{
  g_autofree char *reference = NULL;
  StrataLayer *layer;

  g_return_val_if_fail (STRATA_IS_PACK (self), NULL);

  reference = strata_pack_dup_reference (self);
  layer = strata_layer_new (layer_name ? layer_name : self->name, STRATA_LAYER_KIND_PACK);
  strata_layer_set_namespace (layer, self->namespace_);
  strata_layer_set_priority (layer, self->priority);
  strata_layer_set_source (layer, reference);
  strata_layer_set_values (layer, self->values);

  return layer;
}
