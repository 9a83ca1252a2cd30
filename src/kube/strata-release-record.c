/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-apply-private.h"
#include "strata-json.h"
#include "strata-release-record-private.h"
#include "strata-release-record.h"

#define SECRET_TYPE "strata.io/release"

struct _StrataReleaseRecord
{
  GObject    parent_instance;

  char      *profile_name;
  char      *version;
  guint      revision;
  char      *hash;
  guint      number;
  GDateTime *applied_at;
  JsonArray *layers;
  JsonArray *inventory;
  JsonArray *objects;
};

enum {
  PROP_0,
  PROP_PROFILE_NAME,
  PROP_VERSION,
  PROP_REVISION,
  PROP_HASH,
  PROP_NUMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataReleaseRecord, strata_release_record, G_TYPE_OBJECT)

static void
strata_release_record_finalize (GObject *object)
{
  StrataReleaseRecord *self = (StrataReleaseRecord *)object;

  g_free (self->profile_name);
  g_free (self->version);
  g_free (self->hash);
  g_clear_pointer (&self->applied_at, g_date_time_unref);
  g_clear_pointer (&self->layers, json_array_unref);
  g_clear_pointer (&self->inventory, json_array_unref);
  g_clear_pointer (&self->objects, json_array_unref);

  G_OBJECT_CLASS (strata_release_record_parent_class)->finalize (object);
}

static void
strata_release_record_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  StrataReleaseRecord *self = STRATA_RELEASE_RECORD (object);

  switch (prop_id)
    {
    case PROP_PROFILE_NAME:
      g_value_set_string (value, self->profile_name);
      break;

    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;

    case PROP_HASH:
      g_value_set_string (value, self->hash);
      break;

    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_release_record_class_init (StrataReleaseRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_release_record_finalize;
  object_class->get_property = strata_release_record_get_property;

  properties[PROP_PROFILE_NAME] =
    g_param_spec_string ("profile-name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HASH] =
    g_param_spec_string ("hash", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_release_record_init (StrataReleaseRecord *self)
{
  self->layers = json_array_new ();
  self->inventory = json_array_new ();
  self->objects = json_array_new ();
}

/**
 * strata_release_record_new_from_set:
 *
 * Returns: (transfer full): a record of @set's profile, version, revision,
 *   hash and layers, with no objects yet
 */
StrataReleaseRecord *
strata_release_record_new_from_set (StrataRenderedSet *set)
{
  StrataReleaseRecord *self;

  g_return_val_if_fail (STRATA_IS_RENDERED_SET (set), NULL);

  self = g_object_new (STRATA_TYPE_RELEASE_RECORD, NULL);
  self->profile_name = g_strdup (strata_rendered_set_get_profile_name (set));
  self->version = g_strdup (strata_rendered_set_get_version (set));
  self->revision = strata_rendered_set_get_revision (set);
  self->hash = strata_rendered_set_compute_hash (set);

  for (guint i = 0; i < strata_rendered_set_get_n_layers (set); i++)
    {
      StrataRenderedLayer *layer = strata_rendered_set_get_layer (set, i);
      g_autoptr(JsonObject) entry = json_object_new ();
      const char *namespace_ = strata_rendered_layer_get_namespace (layer);
      const char *values = strata_rendered_layer_get_values (layer);

      json_object_set_string_member (entry, "name", strata_rendered_layer_get_name (layer));
      json_object_set_string_member (entry, "kind", strata_layer_kind_to_string (strata_rendered_layer_get_kind (layer)));
      json_object_set_int_member (entry, "priority", strata_rendered_layer_get_priority (layer));
      if (namespace_ != NULL)
        json_object_set_string_member (entry, "namespace", namespace_);
      json_object_set_string_member (entry, "values", values ? values : "");
      json_array_add_object_element (self->layers, g_steal_pointer (&entry));
    }

  return self;
}

static gboolean
has_keep_policy (JsonNode *manifest)
{
  JsonObject *metadata = strata_json_object_get_object (json_node_get_object (manifest), "metadata");
  JsonObject *annotations = strata_json_object_get_object (metadata, "annotations");

  return g_strcmp0 (strata_json_object_get_string (annotations, STRATA_RELEASE_RECORD_POLICY_ANNOTATION),
                    "keep") == 0;
}

/**
 * strata_release_record_entry_is_kept:
 * @entry: an inventory entry
 *
 * Returns: whether prune and uninstall leave the object in the cluster.
 */
gboolean
strata_release_record_entry_is_kept (JsonNode *entry)
{
  JsonObject *object;

  g_return_val_if_fail (entry != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (entry))
    return FALSE;
  object = json_node_get_object (entry);
  return json_object_has_member (object, "keep") && json_object_get_boolean_member (object, "keep");
}

void
strata_release_record_add_object (StrataReleaseRecord *self,
                                  const char          *layer,
                                  JsonNode            *manifest)
{
  g_autoptr(JsonObject) entry = json_object_new ();
  const char *namespace_;

  g_return_if_fail (STRATA_IS_RELEASE_RECORD (self));
  g_return_if_fail (manifest != NULL && JSON_NODE_HOLDS_OBJECT (manifest));

  namespace_ = _strata_object_get_meta (manifest, "namespace");
  json_object_set_string_member (entry, "apiVersion", _strata_object_get_string (manifest, "apiVersion"));
  json_object_set_string_member (entry, "kind", _strata_object_get_string (manifest, "kind"));
  if (namespace_ != NULL)
    json_object_set_string_member (entry, "namespace", namespace_);
  json_object_set_string_member (entry, "name", _strata_object_get_meta (manifest, "name"));
  if (layer != NULL)
    json_object_set_string_member (entry, "layer", layer);
  if (has_keep_policy (manifest))
    json_object_set_boolean_member (entry, "keep", TRUE);

  json_array_add_object_element (self->inventory, g_steal_pointer (&entry));
  json_array_add_element (self->objects, _strata_json_copy (manifest, FALSE));
}

const char *
strata_release_record_get_profile_name (StrataReleaseRecord *self)
{
  g_return_val_if_fail (STRATA_IS_RELEASE_RECORD (self), NULL);

  return self->profile_name;
}

const char *
strata_release_record_get_version (StrataReleaseRecord *self)
{
  g_return_val_if_fail (STRATA_IS_RELEASE_RECORD (self), NULL);

  return self->version;
}

guint
strata_release_record_get_revision (StrataReleaseRecord *self)
{
  g_return_val_if_fail (STRATA_IS_RELEASE_RECORD (self), 0);

  return self->revision;
}

const char *
strata_release_record_get_hash (StrataReleaseRecord *self)
{
  g_return_val_if_fail (STRATA_IS_RELEASE_RECORD (self), NULL);

  return self->hash;
}

guint
strata_release_record_get_number (StrataReleaseRecord *self)
{
  g_return_val_if_fail (STRATA_IS_RELEASE_RECORD (self), 0);

  return self->number;
}

GDateTime *
strata_release_record_get_applied_at (StrataReleaseRecord *self)
{
  g_return_val_if_fail (STRATA_IS_RELEASE_RECORD (self), NULL);

  return self->applied_at;
}

JsonArray *
strata_release_record_get_layers (StrataReleaseRecord *self)
{
  g_return_val_if_fail (STRATA_IS_RELEASE_RECORD (self), NULL);

  return self->layers;
}

const char *
strata_release_record_get_values (StrataReleaseRecord *self,
                                  const char          *layer)
{
  g_return_val_if_fail (STRATA_IS_RELEASE_RECORD (self), NULL);

  for (guint i = 0; i < json_array_get_length (self->layers); i++)
    {
      JsonNode *entry = json_array_get_element (self->layers, i);

      if (g_strcmp0 (_strata_object_get_string (entry, "name"), layer) == 0)
        return _strata_object_get_string (entry, "values");
    }

  return NULL;
}

JsonArray *
strata_release_record_get_inventory (StrataReleaseRecord *self)
{
  g_return_val_if_fail (STRATA_IS_RELEASE_RECORD (self), NULL);

  return self->inventory;
}

JsonArray *
strata_release_record_get_objects (StrataReleaseRecord *self)
{
  g_return_val_if_fail (STRATA_IS_RELEASE_RECORD (self), NULL);

  return self->objects;
}

void
_strata_release_record_mark_written (StrataReleaseRecord *self,
                                     guint                number)
{
  g_assert (STRATA_IS_RELEASE_RECORD (self));

  g_clear_pointer (&self->applied_at, g_date_time_unref);
  self->applied_at = g_date_time_new_now_utc ();

  if (self->number == number)
    return;

  self->number = number;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMBER]);
}

/* The Secret */

static GBytes *
gzip_compress (const char *text)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  /* Into memory: nothing here can fail but memory itself. */
  if (!g_output_stream_write_all (stream, text, strlen (text), NULL, NULL, NULL) ||
      !g_output_stream_close (stream, NULL, NULL))
    g_assert_not_reached ();

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static char *
gzip_decompress (const guchar  *data,
                 gsize          length,
                 GError       **error)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) memory = g_memory_input_stream_new_from_data (data, length, NULL);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (memory, G_CONVERTER (decompressor));
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (output, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, NULL, error) < 0 ||
      !g_output_stream_write_all (output, "", 1, NULL, NULL, error) ||
      !g_output_stream_close (output, NULL, error))
    return NULL;

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (output));
}

static void
set_data (JsonObject   *data,
          const char   *key,
          const guchar *bytes,
          gsize         length)
{
  g_autofree char *encoded = g_base64_encode (bytes, length);

  json_object_set_string_member (data, key, encoded);
}

static void
set_data_text (JsonObject *data,
               const char *key,
               const char *text)
{
  if (text != NULL)
    set_data (data, key, (const guchar *)text, strlen (text));
}

static void
set_data_json (JsonObject *data,
               const char *key,
               JsonArray  *array,
               gboolean    compress)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);
  g_autofree char *text = json_to_string (node, FALSE);

  if (compress)
    {
      g_autoptr(GBytes) gzipped = gzip_compress (text);

      set_data (data, key, g_bytes_get_data (gzipped, NULL), g_bytes_get_size (gzipped));
    }
  else
    set_data_text (data, key, text);
}

/**
 * strata_release_record_to_secret:
 *
 * Returns: (transfer full): the Secret, in namespace strata-system
 */
JsonNode *
strata_release_record_to_secret (StrataReleaseRecord *self,
                                 const char          *name)
{
  g_autoptr(JsonObject) secret = json_object_new ();
  g_autoptr(JsonObject) metadata = json_object_new ();
  g_autoptr(JsonObject) labels = json_object_new ();
  g_autoptr(JsonObject) data = json_object_new ();
  g_autofree char *revision = NULL;
  g_autofree char *number = NULL;
  g_autofree char *applied_at = NULL;

  g_return_val_if_fail (STRATA_IS_RELEASE_RECORD (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  revision = g_strdup_printf ("%u", self->revision);
  number = g_strdup_printf ("%u", self->number);
  applied_at = self->applied_at ? g_date_time_format_iso8601 (self->applied_at) : NULL;

  json_object_set_string_member (labels, "app.kubernetes.io/managed-by", "strata");
  json_object_set_string_member (labels, "strata.io/release",
                                 g_str_equal (name, STRATA_RELEASE_RECORD_NAME) ? "current" : "history");
  json_object_set_string_member (labels, "strata.io/release-number", number);
  json_object_set_string_member (metadata, "name", name);
  json_object_set_string_member (metadata, "namespace", STRATA_RELEASE_RECORD_NAMESPACE);
  json_object_set_object_member (metadata, "labels", g_steal_pointer (&labels));

  set_data_text (data, "profile", self->profile_name);
  set_data_text (data, "version", self->version);
  set_data_text (data, "revision", revision);
  set_data_text (data, "hash", self->hash);
  set_data_text (data, "number", number);
  set_data_text (data, "applied-at", applied_at);
  set_data_json (data, "inventory", self->inventory, FALSE);
  set_data_json (data, "layers.json.gz", self->layers, TRUE);
  set_data_json (data, "objects.json.gz", self->objects, TRUE);

  json_object_set_string_member (secret, "apiVersion", "v1");
  json_object_set_string_member (secret, "kind", "Secret");
  json_object_set_object_member (secret, "metadata", g_steal_pointer (&metadata));
  json_object_set_string_member (secret, "type", SECRET_TYPE);
  json_object_set_object_member (secret, "data", g_steal_pointer (&data));

  return json_node_init_object (json_node_alloc (), secret);
}

/* A data value as bytes (NUL-terminated), or NULL when absent. */
static guchar *
get_data (JsonObject *data,
          const char *key,
          gsize      *length)
{
  const char *encoded = strata_json_object_get_string (data, key);
  guchar *decoded;

  *length = 0;
  if (encoded == NULL)
    return NULL;

  decoded = g_base64_decode (encoded, length);
  decoded = g_realloc (decoded, *length + 1);
  decoded[*length] = '\0';
  return decoded;
}

static gboolean
parse_array (JsonObject  *data,
             const char  *key,
             gboolean     compressed,
             JsonArray  **array,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree guchar *bytes = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  if (!(bytes = get_data (data, key, &length)))
    return TRUE;  /* absent: empty */

  if (compressed && !(text = gzip_decompress (bytes, length, &local_error)))
    goto invalid;
  if (!json_parser_load_from_data (parser, text ? text : (const char *)bytes, -1, &local_error))
    goto invalid;
  if (!JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    goto invalid;

  g_clear_pointer (array, json_array_unref);
  *array = json_array_ref (json_node_get_array (json_parser_get_root (parser)));
  return TRUE;

invalid:
  g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_INVALID,
               _("The release record’s “%s” is damaged (%s); apply the profile again to write a new record"),
               key, local_error ? local_error->message : _("not a JSON array"));
  return FALSE;
}

static char *
get_data_text (JsonObject *data,
               const char *key)
{
  gsize length;

  return (char *)get_data (data, key, &length);
}

/**
 * strata_release_record_new_from_secret:
 *
 * Returns: (transfer full): the record a Secret holds, or %NULL with
 *   %STRATA_KUBE_ERROR_INVALID when it is not one
 */
StrataReleaseRecord *
strata_release_record_new_from_secret (JsonNode  *secret,
                                       GError   **error)
{
  g_autoptr(StrataReleaseRecord) self = NULL;
  JsonObject *data;
  g_autofree char *revision = NULL;
  g_autofree char *number = NULL;
  g_autofree char *applied_at = NULL;

  g_return_val_if_fail (secret != NULL, NULL);

  data = JSON_NODE_HOLDS_OBJECT (secret) ? strata_json_object_get_object (json_node_get_object (secret), "data") : NULL;
  if (g_strcmp0 (_strata_object_get_string (secret, "type"), SECRET_TYPE) != 0 || data == NULL)
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_INVALID,
                   _("The Secret %s/%s is not a Strata release record (its type is not %s)"),
                   STRATA_RELEASE_RECORD_NAMESPACE, _strata_object_get_meta (secret, "name"), SECRET_TYPE);
      return NULL;
    }

  self = g_object_new (STRATA_TYPE_RELEASE_RECORD, NULL);
  self->profile_name = get_data_text (data, "profile");
  self->version = get_data_text (data, "version");
  self->hash = get_data_text (data, "hash");
  revision = get_data_text (data, "revision");
  number = get_data_text (data, "number");
  applied_at = get_data_text (data, "applied-at");
  self->revision = revision ? (guint)g_ascii_strtoull (revision, NULL, 10) : 0;
  self->number = number ? (guint)g_ascii_strtoull (number, NULL, 10) : 0;
  self->applied_at = applied_at ? g_date_time_new_from_iso8601 (applied_at, NULL) : NULL;

  if (!parse_array (data, "inventory", FALSE, &self->inventory, error) ||
      !parse_array (data, "layers.json.gz", TRUE, &self->layers, error) ||
      !parse_array (data, "objects.json.gz", TRUE, &self->objects, error))
    return NULL;

  return g_steal_pointer (&self);
}
