/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-core-error.h"
#include "strata-layer.h"
#include "strata-template.h"
#include "strata-yaml.h"

struct _StrataLayer
{
  GObject          parent_instance;

  char            *name;
  StrataLayerKind  kind;
  char            *namespace_;
  int              priority;
  char            *source;
  char            *values;
  char            *manifest;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_KIND,
  PROP_NAMESPACE,
  PROP_PRIORITY,
  PROP_SOURCE,
  PROP_VALUES,
  PROP_MANIFEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (StrataLayerKind, strata_layer_kind,
                    G_DEFINE_ENUM_VALUE (STRATA_LAYER_KIND_PACK, "pack"),
                    G_DEFINE_ENUM_VALUE (STRATA_LAYER_KIND_HELM, "helm"),
                    G_DEFINE_ENUM_VALUE (STRATA_LAYER_KIND_MANIFEST, "manifest"))

G_DEFINE_FINAL_TYPE (StrataLayer, strata_layer, G_TYPE_OBJECT)

static const char * const kind_names[] = { "pack", "helm", "manifest" };

const char *
strata_layer_kind_to_string (StrataLayerKind kind)
{
  g_return_val_if_fail (kind <= STRATA_LAYER_KIND_MANIFEST, NULL);

  return kind_names[kind];
}

gboolean
strata_layer_kind_from_string (const char      *text,
                               StrataLayerKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (text, kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
strata_layer_finalize (GObject *object)
{
  StrataLayer *self = (StrataLayer *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->namespace_, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->manifest, g_free);

  G_OBJECT_CLASS (strata_layer_parent_class)->finalize (object);
}

static void
strata_layer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  StrataLayer *self = STRATA_LAYER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_NAMESPACE:
      g_value_set_string (value, self->namespace_);
      break;
    case PROP_PRIORITY:
      g_value_set_int (value, self->priority);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_VALUES:
      g_value_set_string (value, self->values);
      break;
    case PROP_MANIFEST:
      g_value_set_string (value, self->manifest);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_layer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  StrataLayer *self = STRATA_LAYER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      strata_layer_set_name (self, g_value_get_string (value));
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_NAMESPACE:
      strata_layer_set_namespace (self, g_value_get_string (value));
      break;
    case PROP_PRIORITY:
      strata_layer_set_priority (self, g_value_get_int (value));
      break;
    case PROP_SOURCE:
      strata_layer_set_source (self, g_value_get_string (value));
      break;
    case PROP_VALUES:
      strata_layer_set_values (self, g_value_get_string (value));
      break;
    case PROP_MANIFEST:
      strata_layer_set_manifest (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_layer_class_init (StrataLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_layer_finalize;
  object_class->get_property = strata_layer_get_property;
  object_class->set_property = strata_layer_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       STRATA_TYPE_LAYER_KIND, STRATA_LAYER_KIND_MANIFEST,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAMESPACE] =
    g_param_spec_string ("namespace", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRIORITY] =
    g_param_spec_int ("priority", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUES] =
    g_param_spec_string ("values", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MANIFEST] =
    g_param_spec_string ("manifest", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_layer_init (StrataLayer *self)
{
  self->kind = STRATA_LAYER_KIND_MANIFEST;
}

StrataLayer *
strata_layer_new (const char      *name,
                  StrataLayerKind  kind)
{
  return g_object_new (STRATA_TYPE_LAYER,
                       "name", name,
                       "kind", kind,
                       NULL);
}

/**
 * strata_layer_copy:
 *
 * Returns: (transfer full): an independent copy of @self.
 */
StrataLayer *
strata_layer_copy (StrataLayer *self)
{
  g_return_val_if_fail (STRATA_IS_LAYER (self), NULL);

  return g_object_new (STRATA_TYPE_LAYER,
                       "name", self->name,
                       "kind", self->kind,
                       "namespace", self->namespace_,
                       "priority", self->priority,
                       "source", self->source,
                       "values", self->values,
                       "manifest", self->manifest,
                       NULL);
}

/* NULL and "" mean the same to a user: no text. */
static gboolean
text_equal (const char *a,
            const char *b)
{
  return g_strcmp0 (a ? a : "", b ? b : "") == 0;
}

gboolean
strata_layer_equal (StrataLayer *a,
                    StrataLayer *b)
{
  g_return_val_if_fail (STRATA_IS_LAYER (a), FALSE);
  g_return_val_if_fail (STRATA_IS_LAYER (b), FALSE);

  return text_equal (a->name, b->name) &&
         a->kind == b->kind &&
         text_equal (a->namespace_, b->namespace_) &&
         a->priority == b->priority &&
         text_equal (a->source, b->source) &&
         text_equal (a->values, b->values) &&
         text_equal (a->manifest, b->manifest);
}

static void
set_string_property (StrataLayer  *self,
                     char        **field,
                     const char   *value,
                     GParamSpec   *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

const char *
strata_layer_get_name (StrataLayer *self)
{
  g_return_val_if_fail (STRATA_IS_LAYER (self), NULL);
  return self->name;
}

void
strata_layer_set_name (StrataLayer *self,
                       const char  *name)
{
  g_return_if_fail (STRATA_IS_LAYER (self));
  set_string_property (self, &self->name, name, properties[PROP_NAME]);
}

StrataLayerKind
strata_layer_get_kind (StrataLayer *self)
{
  g_return_val_if_fail (STRATA_IS_LAYER (self), STRATA_LAYER_KIND_MANIFEST);
  return self->kind;
}

const char *
strata_layer_get_namespace (StrataLayer *self)
{
  g_return_val_if_fail (STRATA_IS_LAYER (self), NULL);
  return self->namespace_;
}

void
strata_layer_set_namespace (StrataLayer *self,
                            const char  *namespace_)
{
  g_return_if_fail (STRATA_IS_LAYER (self));
  set_string_property (self, &self->namespace_, namespace_, properties[PROP_NAMESPACE]);
}

int
strata_layer_get_priority (StrataLayer *self)
{
  g_return_val_if_fail (STRATA_IS_LAYER (self), 0);
  return self->priority;
}

void
strata_layer_set_priority (StrataLayer *self,
                           int          priority)
{
  g_return_if_fail (STRATA_IS_LAYER (self));

  if (self->priority == priority)
    return;

  self->priority = priority;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIORITY]);
}

const char *
strata_layer_get_source (StrataLayer *self)
{
  g_return_val_if_fail (STRATA_IS_LAYER (self), NULL);
  return self->source;
}

void
strata_layer_set_source (StrataLayer *self,
                         const char  *source)
{
  g_return_if_fail (STRATA_IS_LAYER (self));
  set_string_property (self, &self->source, source, properties[PROP_SOURCE]);
}

const char *
strata_layer_get_values (StrataLayer *self)
{
  g_return_val_if_fail (STRATA_IS_LAYER (self), NULL);
  return self->values;
}

void
strata_layer_set_values (StrataLayer *self,
                         const char  *values)
{
  g_return_if_fail (STRATA_IS_LAYER (self));
  set_string_property (self, &self->values, values, properties[PROP_VALUES]);
}

const char *
strata_layer_get_manifest (StrataLayer *self)
{
  g_return_val_if_fail (STRATA_IS_LAYER (self), NULL);
  return self->manifest;
}

void
strata_layer_set_manifest (StrataLayer *self,
                           const char  *manifest)
{
  g_return_if_fail (STRATA_IS_LAYER (self));
  set_string_property (self, &self->manifest, manifest, properties[PROP_MANIFEST]);
}

/**
 * strata_layer_check_manifest:
 * @manifest: a manifest layer's text
 *
 * Returns: whether @manifest can be saved; if not, @error says where.
 */
gboolean
strata_layer_check_manifest (const char  *manifest,
                             GError     **error)
{
  g_autoptr(StrataTemplate) template = strata_template_new ();
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (manifest != NULL, FALSE);

  if (!strata_template_parse (template, "manifest", manifest, error))
    return FALSE;

  /* Actions may stand where YAML would not parse ("replicas: {{ … }}"). */
  if (strstr (manifest, "{{") != NULL)
    return TRUE;

  documents = strata_yaml_parse_documents (manifest, -1, &local_error);
  if (documents == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * strata_layer_to_json:
 *
 * Returns: (transfer full): the layer as stored in a version file.
 */
JsonNode *
strata_layer_to_json (StrataLayer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (STRATA_IS_LAYER (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, strata_layer_kind_to_string (self->kind));
  if (self->namespace_ != NULL)
    {
      json_builder_set_member_name (builder, "namespace");
      json_builder_add_string_value (builder, self->namespace_);
    }
  json_builder_set_member_name (builder, "priority");
  json_builder_add_int_value (builder, self->priority);
  if (self->source != NULL)
    {
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, self->source);
    }
  if (self->values != NULL)
    {
      json_builder_set_member_name (builder, "values");
      json_builder_add_string_value (builder, self->values);
    }
  if (self->manifest != NULL)
    {
      json_builder_set_member_name (builder, "manifest");
      json_builder_add_string_value (builder, self->manifest);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
read_optional_string (JsonObject  *object,
                      const char  *member,
                      const char **out,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("field “%s” must be text"), member);
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

/**
 * strata_layer_new_from_json:
 *
 * Returns: (transfer full): the layer, or %NULL with @error naming the field
 *   that is wrong.
 */
StrataLayer *
strata_layer_new_from_json (JsonNode  *node,
                            GError   **error)
{
  JsonObject *object;
  JsonNode *priority_node;
  const char *name, *kind_text, *namespace_, *source, *values, *manifest;
  StrataLayerKind kind;
  gint64 priority = 0;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                           _("a layer must be a mapping of fields"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_optional_string (object, "name", &name, error) ||
      !read_optional_string (object, "kind", &kind_text, error) ||
      !read_optional_string (object, "namespace", &namespace_, error) ||
      !read_optional_string (object, "source", &source, error) ||
      !read_optional_string (object, "values", &values, error) ||
      !read_optional_string (object, "manifest", &manifest, error))
    return NULL;

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                           _("a layer has no “name”"));
      return NULL;
    }

  if (!strata_layer_kind_from_string (kind_text, &kind))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("layer “%s” has kind “%s”; expected pack, helm or manifest"),
                   name, kind_text ? kind_text : "");
      return NULL;
    }

  priority_node = json_object_get_member (object, "priority");
  if (priority_node != NULL && !JSON_NODE_HOLDS_NULL (priority_node))
    {
      if (!JSON_NODE_HOLDS_VALUE (priority_node) ||
          json_node_get_value_type (priority_node) != G_TYPE_INT64 ||
          (priority = json_node_get_int (priority_node)) < G_MININT ||
          priority > G_MAXINT)
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                       _("layer “%s” has a priority that is not a whole number"), name);
          return NULL;
        }
    }

  return g_object_new (STRATA_TYPE_LAYER,
                       "name", name,
                       "kind", kind,
                       "namespace", namespace_,
                       "priority", (int)priority,
                       "source", source,
                       "values", values,
                       "manifest", manifest,
                       NULL);
}
