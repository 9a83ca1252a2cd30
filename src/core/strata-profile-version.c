/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-json.h"
#include "strata-core-error.h"
#include "strata-profile-version.h"

#define VERSION_API "strata.io/v1"
#define VERSION_KIND "ProfileVersion"

struct _StrataProfileVersion
{
  GObject       parent_instance;

  char         *version;
  StrataSemver *semver;
  guint         revision;
  GDateTime    *saved_at;
  GListStore   *layers;
};

enum {
  PROP_0,
  PROP_VERSION,
  PROP_REVISION,
  PROP_SAVED_AT,
  PROP_LAYERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataProfileVersion, strata_profile_version, G_TYPE_OBJECT)

static void
strata_profile_version_finalize (GObject *object)
{
  StrataProfileVersion *self = (StrataProfileVersion *)object;

  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->semver, strata_semver_free);
  g_clear_pointer (&self->saved_at, g_date_time_unref);
  g_clear_object (&self->layers);

  G_OBJECT_CLASS (strata_profile_version_parent_class)->finalize (object);
}

static void
strata_profile_version_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  StrataProfileVersion *self = STRATA_PROFILE_VERSION (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;
    case PROP_SAVED_AT:
      g_value_set_boxed (value, self->saved_at);
      break;
    case PROP_LAYERS:
      g_value_set_object (value, self->layers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_profile_version_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  StrataProfileVersion *self = STRATA_PROFILE_VERSION (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      self->version = g_value_dup_string (value);
      self->semver = strata_semver_parse (self->version, NULL);
      break;
    case PROP_REVISION:
      strata_profile_version_set_revision (self, g_value_get_uint (value));
      break;
    case PROP_SAVED_AT:
      strata_profile_version_set_saved_at (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_profile_version_class_init (StrataProfileVersionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_profile_version_finalize;
  object_class->get_property = strata_profile_version_get_property;
  object_class->set_property = strata_profile_version_set_property;

  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVED_AT] =
    g_param_spec_boxed ("saved-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAYERS] =
    g_param_spec_object ("layers", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_profile_version_init (StrataProfileVersion *self)
{
  self->layers = g_list_store_new (STRATA_TYPE_LAYER);
}

/**
 * strata_profile_version_new:
 * @version: a semantic version, validated by the caller
 *
 * Returns: (transfer full): an empty version.
 */
StrataProfileVersion *
strata_profile_version_new (const char *version)
{
  g_return_val_if_fail (version != NULL, NULL);

  return g_object_new (STRATA_TYPE_PROFILE_VERSION,
                       "version", version,
                       NULL);
}

/**
 * strata_profile_version_copy:
 * @new_version: (nullable): the copy's version, or %NULL for a working copy of
 *   @self (same version, revision and save time) to edit and save in place
 *
 * Copies every layer.
 *
 * Returns: (transfer full): the copy.
 */
StrataProfileVersion *
strata_profile_version_copy (StrataProfileVersion *self,
                             const char           *new_version)
{
  StrataProfileVersion *copy;

  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (self), NULL);

  copy = strata_profile_version_new (new_version ? new_version : self->version);
  if (new_version == NULL)
    {
      copy->revision = self->revision;
      copy->saved_at = self->saved_at ? g_date_time_ref (self->saved_at) : NULL;
    }
  strata_profile_version_set_content_from (copy, self);

  return copy;
}

const char *
strata_profile_version_get_version (StrataProfileVersion *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (self), NULL);
  return self->version;
}

const StrataSemver *
strata_profile_version_get_semver (StrataProfileVersion *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (self), NULL);
  return self->semver;
}

guint
strata_profile_version_get_revision (StrataProfileVersion *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (self), 0);
  return self->revision;
}

void
strata_profile_version_set_revision (StrataProfileVersion *self,
                                     guint                 revision)
{
  g_return_if_fail (STRATA_IS_PROFILE_VERSION (self));

  if (self->revision == revision)
    return;

  self->revision = revision;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
}

GDateTime *
strata_profile_version_get_saved_at (StrataProfileVersion *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (self), NULL);
  return self->saved_at;
}

void
strata_profile_version_set_saved_at (StrataProfileVersion *self,
                                     GDateTime            *saved_at)
{
  g_return_if_fail (STRATA_IS_PROFILE_VERSION (self));

  if (self->saved_at == saved_at)
    return;

  g_clear_pointer (&self->saved_at, g_date_time_unref);
  self->saved_at = saved_at ? g_date_time_ref (saved_at) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED_AT]);
}

GListModel *
strata_profile_version_get_layers (StrataProfileVersion *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (self), NULL);
  return G_LIST_MODEL (self->layers);
}

static StrataLayer *
layer_at (StrataProfileVersion *self,
          guint                 position)
{
  /* GListStore holds a reference, so a borrowed pointer stays valid. */
  g_autoptr(StrataLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), position);
  return layer;
}

StrataLayer *
strata_profile_version_find_layer (StrataProfileVersion *self,
                                   const char           *name)
{
  guint n;

  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));
  for (guint i = 0; i < n; i++)
    {
      StrataLayer *layer = layer_at (self, i);

      if (g_strcmp0 (strata_layer_get_name (layer), name) == 0)
        return layer;
    }

  return NULL;
}

static gboolean
check_layer_name_free (StrataProfileVersion  *self,
                       const char            *name,
                       GError               **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_NAME,
                           _("A layer needs a name"));
      return FALSE;
    }

  if (strata_profile_version_find_layer (self, name) != NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                   _("Version %s already has a layer named “%s”: layer names must be unique within a version"),
                   self->version, name);
      return FALSE;
    }

  return TRUE;
}

/* Lower priority installs first; equal priorities keep the order they were
 * added in, so the position is after the last layer with priority <= it. */
static guint
insert_position (StrataProfileVersion *self,
                 int                   priority)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));
  guint position = n;

  while (position > 0 && strata_layer_get_priority (layer_at (self, position - 1)) > priority)
    position--;

  return position;
}

gboolean
strata_profile_version_add_layer (StrataProfileVersion  *self,
                                  StrataLayer           *layer,
                                  GError               **error)
{
  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (self), FALSE);
  g_return_val_if_fail (STRATA_IS_LAYER (layer), FALSE);

  if (!check_layer_name_free (self, strata_layer_get_name (layer), error))
    return FALSE;

  g_list_store_insert (self->layers,
                       insert_position (self, strata_layer_get_priority (layer)),
                       layer);
  return TRUE;
}

gboolean
strata_profile_version_remove_layer (StrataProfileVersion *self,
                                     const char           *name)
{
  StrataLayer *layer;
  guint position;

  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (self), FALSE);

  layer = strata_profile_version_find_layer (self, name);
  if (layer == NULL || !g_list_store_find (self->layers, layer, &position))
    return FALSE;

  g_list_store_remove (self->layers, position);
  return TRUE;
}

gboolean
strata_profile_version_rename_layer (StrataProfileVersion  *self,
                                     StrataLayer           *layer,
                                     const char            *new_name,
                                     GError               **error)
{
  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (self), FALSE);
  g_return_val_if_fail (STRATA_IS_LAYER (layer), FALSE);

  if (g_strcmp0 (strata_layer_get_name (layer), new_name) == 0)
    return TRUE;

  if (!check_layer_name_free (self, new_name, error))
    return FALSE;

  strata_layer_set_name (layer, new_name);
  return TRUE;
}

static int
compare_priority (gconstpointer a,
                  gconstpointer b)
{
  StrataLayer *layer_a = *(StrataLayer **)a;
  StrataLayer *layer_b = *(StrataLayer **)b;
  int priority_a = strata_layer_get_priority (layer_a);
  int priority_b = strata_layer_get_priority (layer_b);

  return (priority_a > priority_b) - (priority_a < priority_b);
}

void
strata_profile_version_sort_layers (StrataProfileVersion *self)
{
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_if_fail (STRATA_IS_PROFILE_VERSION (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (layers, g_list_model_get_item (G_LIST_MODEL (self->layers), i));

  /* g_ptr_array_sort is stable, so equal priorities keep their order. */
  g_ptr_array_sort (layers, compare_priority);

  for (guint i = 0; i < n; i++)
    {
      if (layer_at (self, i) != g_ptr_array_index (layers, i))
        {
          g_list_store_splice (self->layers, 0, n, layers->pdata, n);
          return;
        }
    }
}

gboolean
strata_profile_version_same_content (StrataProfileVersion *a,
                                     StrataProfileVersion *b)
{
  guint n;

  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (a), FALSE);
  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (b), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (a->layers));
  if (n != g_list_model_get_n_items (G_LIST_MODEL (b->layers)))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (!strata_layer_equal (layer_at (a, i), layer_at (b, i)))
        return FALSE;
    }

  return TRUE;
}

/* Replaces the layers of @self with copies of those of @other. */
void
strata_profile_version_set_content_from (StrataProfileVersion *self,
                                         StrataProfileVersion *other)
{
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_if_fail (STRATA_IS_PROFILE_VERSION (self));
  g_return_if_fail (STRATA_IS_PROFILE_VERSION (other));

  n = g_list_model_get_n_items (G_LIST_MODEL (other->layers));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (copies, strata_layer_copy (layer_at (other, i)));

  g_list_store_splice (self->layers, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->layers)),
                       copies->pdata, copies->len);
}

/**
 * strata_profile_version_to_json:
 *
 * Returns: (transfer full): the version file's document.
 */
JsonNode *
strata_profile_version_to_json (StrataProfileVersion *self,
                                const char           *profile_name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n;

  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, VERSION_API);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, VERSION_KIND);
  json_builder_set_member_name (builder, "profile");
  json_builder_add_string_value (builder, profile_name);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, self->version);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, self->revision);
  if (self->saved_at != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (self->saved_at);

      json_builder_set_member_name (builder, "savedAt");
      json_builder_add_string_value (builder, text);
    }
  json_builder_set_member_name (builder, "layers");
  json_builder_begin_array (builder);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));
  for (guint i = 0; i < n; i++)
    json_builder_add_value (builder, strata_layer_to_json (layer_at (self, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
read_layers (StrataProfileVersion  *self,
             JsonObject            *object,
             GError               **error)
{
  JsonNode *layers = json_object_get_member (object, "layers");
  JsonArray *array;

  if (layers == NULL || JSON_NODE_HOLDS_NULL (layers))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (layers))
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                           _("field “layers” must be a list"));
      return FALSE;
    }

  array = json_node_get_array (layers);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(StrataLayer) layer = NULL;
      g_autoptr(GError) local_error = NULL;

      layer = strata_layer_new_from_json (json_array_get_element (array, i), &local_error);
      if (layer == NULL || !strata_profile_version_add_layer (self, layer, &local_error))
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                       _("layers[%u]: %s"), i, local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * strata_profile_version_new_from_json:
 *
 * Returns: (transfer full): the version read from a version file's document,
 *   or %NULL with @error saying which field is wrong.
 */
StrataProfileVersion *
strata_profile_version_new_from_json (JsonNode  *node,
                                      GError   **error)
{
  g_autoptr(StrataProfileVersion) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *revision;
  const char *version, *saved_at;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                           _("a profile version must be a mapping of fields"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (g_strcmp0 (strata_json_object_get_string (object, "kind"), VERSION_KIND) != 0)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("field “kind” must be “%s”"), VERSION_KIND);
      return NULL;
    }

  version = strata_json_object_get_string (object, "version");
  if (!strata_semver_validate (version, &local_error))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("field “version”: %s"), local_error->message);
      return NULL;
    }

  self = strata_profile_version_new (version);

  revision = json_object_get_member (object, "revision");
  if (revision != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (revision) ||
          json_node_get_value_type (revision) != G_TYPE_INT64 ||
          json_node_get_int (revision) < 0 ||
          json_node_get_int (revision) > G_MAXUINT)
        {
          g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                               _("field “revision” must be a whole number"));
          return NULL;
        }
      self->revision = json_node_get_int (revision);
    }

  saved_at = strata_json_object_get_string (object, "savedAt");
  if (saved_at != NULL)
    {
      self->saved_at = g_date_time_new_from_iso8601 (saved_at, NULL);
      if (self->saved_at == NULL)
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                       _("field “savedAt” is not a date and time: “%s”"), saved_at);
          return NULL;
        }
    }

  if (!read_layers (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}
