/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "strata-json.h"
#include "strata-rendered-set-private.h"

struct _StrataRenderedLayer
{
  GObject          parent_instance;

  char            *profile_name;
  char            *name;
  StrataLayerKind  kind;
  int              priority;
  char            *namespace_;
  char            *values;
  GPtrArray       *objects;  /* JsonNode, in kind order */
  GArray          *ranks;    /* guint, beside objects */
};

G_DEFINE_FINAL_TYPE (StrataRenderedLayer, strata_rendered_layer, G_TYPE_OBJECT)

static void
strata_rendered_layer_finalize (GObject *object)
{
  StrataRenderedLayer *self = (StrataRenderedLayer *)object;

  g_free (self->profile_name);
  g_free (self->name);
  g_free (self->namespace_);
  g_free (self->values);
  g_clear_pointer (&self->objects, g_ptr_array_unref);
  g_clear_pointer (&self->ranks, g_array_unref);

  G_OBJECT_CLASS (strata_rendered_layer_parent_class)->finalize (object);
}

static void
strata_rendered_layer_class_init (StrataRenderedLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_rendered_layer_finalize;
}

static void
strata_rendered_layer_init (StrataRenderedLayer *self)
{
  self->objects = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  self->ranks = g_array_new (FALSE, FALSE, sizeof (guint));
}

StrataRenderedLayer *
_strata_rendered_layer_new (const char      *profile_name,
                            const char      *name,
                            StrataLayerKind  kind,
                            int              priority,
                            const char      *namespace_,
                            const char      *values)
{
  StrataRenderedLayer *self = g_object_new (STRATA_TYPE_RENDERED_LAYER, NULL);

  self->profile_name = g_strdup (profile_name);
  self->name = g_strdup (name);
  self->kind = kind;
  self->priority = priority;
  self->namespace_ = g_strdup (namespace_ != NULL && *namespace_ != '\0' ? namespace_ : NULL);
  self->values = g_strdup (values);

  return self;
}

const char *
strata_rendered_layer_get_name (StrataRenderedLayer *self)
{
  g_return_val_if_fail (STRATA_IS_RENDERED_LAYER (self), NULL);

  return self->name;
}

StrataLayerKind
strata_rendered_layer_get_kind (StrataRenderedLayer *self)
{
  g_return_val_if_fail (STRATA_IS_RENDERED_LAYER (self), STRATA_LAYER_KIND_MANIFEST);

  return self->kind;
}

int
strata_rendered_layer_get_priority (StrataRenderedLayer *self)
{
  g_return_val_if_fail (STRATA_IS_RENDERED_LAYER (self), 0);

  return self->priority;
}

const char *
strata_rendered_layer_get_namespace (StrataRenderedLayer *self)
{
  g_return_val_if_fail (STRATA_IS_RENDERED_LAYER (self), NULL);

  return self->namespace_;
}

const char *
strata_rendered_layer_get_values (StrataRenderedLayer *self)
{
  g_return_val_if_fail (STRATA_IS_RENDERED_LAYER (self), NULL);

  return self->values;
}

/* The labels that say who manages an object and from where, so that a
 * reader of the cluster (or a label selector) can tell. */
static void
label_object (JsonNode   *object,
              const char *profile_name,
              const char *layer_name)
{
  JsonObject *root = json_node_get_object (object);
  JsonObject *metadata = strata_json_object_get_object (root, "metadata");
  JsonObject *labels;

  if (metadata == NULL)
    {
      metadata = json_object_new ();
      json_object_set_object_member (root, "metadata", metadata);
    }

  if ((labels = strata_json_object_get_object (metadata, "labels")) == NULL)
    {
      labels = json_object_new ();
      json_object_set_object_member (metadata, "labels", labels);
    }

  json_object_set_string_member (labels, "app.kubernetes.io/managed-by", "strata");
  json_object_set_string_member (labels, "strata.io/profile", profile_name);
  json_object_set_string_member (labels, "strata.io/layer", layer_name);
}

JsonNode *
strata_rendered_layer_add_object (StrataRenderedLayer *self,
                                  JsonNode            *object)
{
  JsonNode *copy;
  guint rank;
  guint position;

  g_return_val_if_fail (STRATA_IS_RENDERED_LAYER (self), NULL);
  g_return_val_if_fail (object != NULL && JSON_NODE_HOLDS_OBJECT (object), NULL);

  copy = _strata_json_copy (object, FALSE);
  if (self->profile_name != NULL)
    label_object (copy, self->profile_name, self->name);

  rank = strata_rendered_set_kind_rank (strata_json_object_get_string (json_node_get_object (copy), "apiVersion"),
                                        strata_json_object_get_string (json_node_get_object (copy), "kind"));

  /* After every object of the same or an earlier rank: a stable order. */
  for (position = self->ranks->len; position > 0; position--)
    if (g_array_index (self->ranks, guint, position - 1) <= rank)
      break;

  g_ptr_array_insert (self->objects, position, copy);
  g_array_insert_val (self->ranks, position, rank);

  return copy;
}

guint
strata_rendered_layer_get_n_objects (StrataRenderedLayer *self)
{
  g_return_val_if_fail (STRATA_IS_RENDERED_LAYER (self), 0);

  return self->objects->len;
}

JsonNode *
strata_rendered_layer_get_object (StrataRenderedLayer *self,
                                  guint                index)
{
  g_return_val_if_fail (STRATA_IS_RENDERED_LAYER (self), NULL);
  g_return_val_if_fail (index < self->objects->len, NULL);

  return g_ptr_array_index (self->objects, index);
}
