/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "strata-apply-private.h"
#include "strata-diff.h"
#include "strata-json.h"
#include "strata-object-change.h"
#include "strata-yaml.h"

#define DIFF_CONTEXT_LINES 3

struct _StrataObjectChange
{
  GObject             parent_instance;

  StrataObjectAction  action;
  char               *layer;
  char               *api_version;
  char               *kind;
  char               *namespace_;
  char               *name;
  char               *description;
  JsonNode           *live;
  JsonNode           *merged;
  char               *diff;
};

enum {
  PROP_0,
  PROP_ACTION,
  PROP_LAYER,
  PROP_DESCRIPTION,
  PROP_DIFF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (StrataObjectAction, strata_object_action,
                    G_DEFINE_ENUM_VALUE (STRATA_OBJECT_ACTION_CREATE, "create"),
                    G_DEFINE_ENUM_VALUE (STRATA_OBJECT_ACTION_CHANGE, "change"),
                    G_DEFINE_ENUM_VALUE (STRATA_OBJECT_ACTION_UNCHANGED, "unchanged"),
                    G_DEFINE_ENUM_VALUE (STRATA_OBJECT_ACTION_PRUNE, "prune"))

G_DEFINE_FINAL_TYPE (StrataObjectChange, strata_object_change, G_TYPE_OBJECT)

static void
strata_object_change_finalize (GObject *object)
{
  StrataObjectChange *self = (StrataObjectChange *)object;

  g_free (self->layer);
  g_free (self->api_version);
  g_free (self->kind);
  g_free (self->namespace_);
  g_free (self->name);
  g_free (self->description);
  g_clear_pointer (&self->live, json_node_unref);
  g_clear_pointer (&self->merged, json_node_unref);
  g_free (self->diff);

  G_OBJECT_CLASS (strata_object_change_parent_class)->finalize (object);
}

static void
strata_object_change_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  StrataObjectChange *self = STRATA_OBJECT_CHANGE (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      g_value_set_enum (value, self->action);
      break;

    case PROP_LAYER:
      g_value_set_string (value, self->layer);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_DIFF:
      g_value_set_string (value, self->diff);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_object_change_class_init (StrataObjectChangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_object_change_finalize;
  object_class->get_property = strata_object_change_get_property;

  properties[PROP_ACTION] =
    g_param_spec_enum ("action", NULL, NULL,
                       STRATA_TYPE_OBJECT_ACTION, STRATA_OBJECT_ACTION_UNCHANGED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAYER] =
    g_param_spec_string ("layer", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIFF] =
    g_param_spec_string ("diff", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_object_change_init (StrataObjectChange *self)
{
}

/* What the server fills in by itself and what only says when: not part of
 * what was applied, and different on every read. */
static void
strip_server_fields (JsonNode *node)
{
  static const char * const metadata_fields[] = {
    "managedFields", "resourceVersion", "generation", "uid", "creationTimestamp", "selfLink",
  };
  JsonObject *object = json_node_get_object (node);
  JsonObject *metadata = strata_json_object_get_object (object, "metadata");

  if (json_object_has_member (object, "status"))
    json_object_remove_member (object, "status");

  for (guint i = 0; metadata != NULL && i < G_N_ELEMENTS (metadata_fields); i++)
    if (json_object_has_member (metadata, metadata_fields[i]))
      json_object_remove_member (metadata, metadata_fields[i]);
}

/* Keys in order, so that the two sides line up as kubectl's YAML does. */
static char *
diff_text (JsonNode *node)
{
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup ("");

  copy = _strata_json_copy (node, TRUE);
  strip_server_fields (copy);
  if ((text = strata_yaml_emit (copy, &error)) == NULL)
    text = json_to_string (copy, TRUE);  /* YAML cannot say it; JSON can */

  return text;
}

/* "v1.ConfigMap.demo.settings", "apps.v1.Deployment.demo.web", as kubectl
 * names the files it compares. */
static char *
diff_name (StrataObjectChange *self)
{
  g_autofree char *api_version = g_strdup (self->api_version);

  g_strdelimit (api_version, "/", '.');
  if (self->namespace_ != NULL)
    return g_strdup_printf ("%s.%s.%s.%s", api_version, self->kind, self->namespace_, self->name);
  return g_strdup_printf ("%s.%s.%s", api_version, self->kind, self->name);
}

static const char *
first_namespace (JsonNode *object,
                 JsonNode *merged,
                 JsonNode *live)
{
  JsonNode *nodes[] = { object, merged, live };

  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    {
      const char *namespace_ = nodes[i] ? _strata_object_get_meta (nodes[i], "namespace") : NULL;

      if (namespace_ != NULL && *namespace_ != '\0')
        return namespace_;
    }

  return NULL;
}

/**
 * strata_object_change_new:
 *
 * Returns: (transfer full): the change, its diff worked out
 */
StrataObjectChange *
strata_object_change_new (StrataObjectAction  action,
                          const char         *layer,
                          JsonNode           *object,
                          JsonNode           *live,
                          JsonNode           *merged)
{
  StrataObjectChange *self;
  g_autofree char *name = NULL;
  g_autofree char *live_label = NULL;
  g_autofree char *merged_label = NULL;
  g_autofree char *live_text = NULL;
  g_autofree char *merged_text = NULL;
  g_autoptr(JsonNode) described = NULL;

  g_return_val_if_fail (object != NULL && JSON_NODE_HOLDS_OBJECT (object), NULL);

  self = g_object_new (STRATA_TYPE_OBJECT_CHANGE, NULL);
  self->action = action;
  self->layer = g_strdup (layer);
  self->api_version = g_strdup (_strata_object_get_string (object, "apiVersion"));
  self->kind = g_strdup (_strata_object_get_string (object, "kind"));
  self->name = g_strdup (_strata_object_get_meta (object, "name"));
  self->namespace_ = g_strdup (first_namespace (object, merged, live));
  self->live = live ? json_node_ref (live) : NULL;
  self->merged = merged ? json_node_ref (merged) : NULL;

  described = self->namespace_ != NULL ? _strata_object_with_namespace (object, self->namespace_) : json_node_ref (object);
  self->description = _strata_object_describe (described);

  name = diff_name (self);
  live_label = g_strconcat ("live/", name, NULL);
  merged_label = g_strconcat ("merged/", name, NULL);
  live_text = diff_text (live);
  merged_text = diff_text (merged);
  self->diff = strata_diff_unified (live_text, merged_text, live_label, merged_label, DIFF_CONTEXT_LINES);

  return self;
}

StrataObjectAction
strata_object_change_get_action (StrataObjectChange *self)
{
  g_return_val_if_fail (STRATA_IS_OBJECT_CHANGE (self), STRATA_OBJECT_ACTION_UNCHANGED);

  return self->action;
}

const char *
strata_object_change_get_layer (StrataObjectChange *self)
{
  g_return_val_if_fail (STRATA_IS_OBJECT_CHANGE (self), NULL);

  return self->layer;
}

const char *
strata_object_change_get_api_version (StrataObjectChange *self)
{
  g_return_val_if_fail (STRATA_IS_OBJECT_CHANGE (self), NULL);

  return self->api_version;
}

const char *
strata_object_change_get_kind (StrataObjectChange *self)
{
  g_return_val_if_fail (STRATA_IS_OBJECT_CHANGE (self), NULL);

  return self->kind;
}

const char *
strata_object_change_get_namespace (StrataObjectChange *self)
{
  g_return_val_if_fail (STRATA_IS_OBJECT_CHANGE (self), NULL);

  return self->namespace_;
}

const char *
strata_object_change_get_name (StrataObjectChange *self)
{
  g_return_val_if_fail (STRATA_IS_OBJECT_CHANGE (self), NULL);

  return self->name;
}

const char *
strata_object_change_get_description (StrataObjectChange *self)
{
  g_return_val_if_fail (STRATA_IS_OBJECT_CHANGE (self), NULL);

  return self->description;
}

JsonNode *
strata_object_change_get_live (StrataObjectChange *self)
{
  g_return_val_if_fail (STRATA_IS_OBJECT_CHANGE (self), NULL);

  return self->live;
}

JsonNode *
strata_object_change_get_merged (StrataObjectChange *self)
{
  g_return_val_if_fail (STRATA_IS_OBJECT_CHANGE (self), NULL);

  return self->merged;
}

const char *
strata_object_change_get_diff (StrataObjectChange *self)
{
  g_return_val_if_fail (STRATA_IS_OBJECT_CHANGE (self), NULL);

  return self->diff;
}

void
_strata_object_change_set_action (StrataObjectChange *self,
                                  StrataObjectAction  action)
{
  g_assert (STRATA_IS_OBJECT_CHANGE (self));

  if (self->action == action)
    return;

  self->action = action;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION]);
}
