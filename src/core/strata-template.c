/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-template-private.h"

struct _StrataTemplate
{
  GObject            parent_instance;
  StrataTemplateSet *set;
};

G_DEFINE_FINAL_TYPE (StrataTemplate, strata_template, G_TYPE_OBJECT)

G_DEFINE_QUARK (strata-template-error-quark, strata_template_error)

static void
strata_template_finalize (GObject *object)
{
  StrataTemplate *self = (StrataTemplate *)object;

  g_clear_pointer (&self->set, _strata_template_set_free);

  G_OBJECT_CLASS (strata_template_parent_class)->finalize (object);
}

static void
strata_template_class_init (StrataTemplateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_template_finalize;
}

static void
strata_template_init (StrataTemplate *self)
{
  self->set = _strata_template_set_new (NULL);
}

/**
 * strata_template_new:
 *
 * Returns: (transfer full): an empty set of templates
 */
StrataTemplate *
strata_template_new (void)
{
  return g_object_new (STRATA_TYPE_TEMPLATE, NULL);
}

/**
 * strata_template_parse:
 * @self: a #StrataTemplate
 * @name: the name to render it by, also the file name errors show
 * @text: the template
 * @error: return location for a #STRATA_TEMPLATE_ERROR_PARSE error
 *
 * Parses @text as the template @name, adding its {{define}}s to the set.
 * Unknown functions are errors here, not when rendering.
 */
gboolean
strata_template_parse (StrataTemplate  *self,
                       const char      *name,
                       const char      *text,
                       GError         **error)
{
  g_return_val_if_fail (STRATA_IS_TEMPLATE (self), FALSE);
  g_return_val_if_fail (name != NULL && text != NULL, FALSE);

  return _strata_template_parse (self->set, name, text, strlen (text), error);
}

gboolean
strata_template_has_template (StrataTemplate *self,
                              const char     *name)
{
  g_return_val_if_fail (STRATA_IS_TEMPLATE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return _strata_template_set_lookup (self->set, name) != NULL;
}

/* Helm's last step on every rendered file: "<no value>", which Go prints
 * for missing values, disappears. */
static char *
remove_no_value (char  *text,
                 gsize  length)
{
  const char *marker = "<no value>";
  gsize marker_length = strlen (marker);
  gsize out = 0;

  for (gsize i = 0; i < length;)
    {
      if (length - i >= marker_length && memcmp (text + i, marker, marker_length) == 0)
        {
          i += marker_length;
          continue;
        }
      text[out++] = text[i++];
    }
  text[out] = '\0';
  return text;
}

static char *
render_value (StrataTemplate       *self,
              const char           *name,
              StrataTemplateValue  *data,
              GError              **error)
{
  gsize length = 0;
  char *text = _strata_template_execute (self->set, name, data, &length, error);

  if (text == NULL)
    {
      if (error != NULL && *error != NULL)
        _strata_template_clean_error (*error);
      return NULL;
    }
  return remove_no_value (text, length);
}

/**
 * strata_template_render:
 * @self: a #StrataTemplate
 * @name: the template to render
 * @data: (nullable): what "." and "$" are; numbers read as Go float64s
 * @error: return location for a #STRATA_TEMPLATE_ERROR
 *
 * Renders @name with @data as it is, for templates that are not part of a
 * chart (manifest layers). Missing values print nothing, as in Helm.
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
strata_template_render (StrataTemplate  *self,
                        const char      *name,
                        JsonNode        *data,
                        GError         **error)
{
  g_autoptr(StrataTemplateValue) value = NULL;

  g_return_val_if_fail (STRATA_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  value = _strata_template_value_from_json (data);
  if (value->type->kind == STRATA_TEMPLATE_KIND_NIL)
    g_clear_pointer (&value, _strata_template_value_unref);
  return render_value (self, name, value, error);
}

/**
 * strata_template_render_with_context:
 * @self: a #StrataTemplate
 * @name: the template to render, a chart-relative name like
 *   "CHART/templates/deployment.yaml"
 * @context: release, capabilities, chart metadata, files and macros
 * @values: (nullable): .Values, final (already merged over defaults);
 *   read it with strata_template_parse_values()
 * @error: return location for a #STRATA_TEMPLATE_ERROR
 *
 * Renders @name the way Helm renders a chart file: "." is the top-level
 * object with .Values, .Release, .Chart, .Capabilities, .Files, .Template
 * and Strata's .Cluster and .Profile.
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
strata_template_render_with_context (StrataTemplate         *self,
                                     const char             *name,
                                     StrataTemplateContext  *context,
                                     JsonNode               *values,
                                     GError                **error)
{
  g_autoptr(StrataTemplateValue) value_tree = NULL;
  g_autoptr(StrataTemplateValue) data = NULL;
  g_autofree char *base_path = NULL;

  g_return_val_if_fail (STRATA_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (STRATA_IS_TEMPLATE_CONTEXT (context), NULL);

  value_tree = _strata_template_value_from_json (values);
  if (value_tree->type->kind != STRATA_TEMPLATE_KIND_MAP)
    {
      _strata_template_value_unref (value_tree);
      value_tree = _strata_template_value_new_map (NULL);
    }
  value_tree->type = &_strata_template_type_values;
  base_path = g_path_get_dirname (name);
  data = _strata_template_context_build (context, value_tree, name, base_path);
  return render_value (self, name, data, error);
}

/**
 * strata_template_parse_values:
 * @text: YAML
 * @length: its length, or -1 when NUL-terminated
 * @error: return location for a #STRATA_TEMPLATE_ERROR_INVALID error
 *
 * Returns: (transfer full): the values as an object
 */
JsonNode *
strata_template_parse_values (const char  *text,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(StrataTemplateValue) value = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  value = _strata_template_from_yaml (text, length < 0 ? strlen (text) : (gsize)length, error);
  if (value == NULL)
    return NULL;
  if (value->type->kind == STRATA_TEMPLATE_KIND_NIL)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      return json_node_init_object (json_node_alloc (), object);
    }
  if (value->type->kind != STRATA_TEMPLATE_KIND_MAP)
    {
      g_set_error_literal (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                           value->type->kind == STRATA_TEMPLATE_KIND_LIST
                           ? _("values must be a mapping of names to values, not a list")
                           : _("values must be a mapping of names to values, not a single value"));
      return NULL;
    }
  return _strata_template_value_to_json (value);
}
