/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-core-error.h"
#include "strata-profile.h"

#define PROFILE_API "strata.io/v1"
#define PROFILE_KIND "Profile"
#define DNS_LABEL_MAX 63

struct _StrataProfile
{
  GObject            parent_instance;

  char              *name;
  StrataProfileType  type;
  char              *description;
  GStrv              tags;
  GListStore        *versions;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_PROFILE_TYPE,
  PROP_DESCRIPTION,
  PROP_TAGS,
  PROP_VERSIONS,
  PROP_LATEST_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (StrataProfileType, strata_profile_type,
                    G_DEFINE_ENUM_VALUE (STRATA_PROFILE_TYPE_ADD_ON, "add-on"),
                    G_DEFINE_ENUM_VALUE (STRATA_PROFILE_TYPE_FULL, "full"))

G_DEFINE_FINAL_TYPE (StrataProfile, strata_profile, G_TYPE_OBJECT)

static const char * const type_names[] = { "add-on", "full" };

const char *
strata_profile_type_to_string (StrataProfileType type)
{
  g_return_val_if_fail (type <= STRATA_PROFILE_TYPE_FULL, NULL);

  return type_names[type];
}

gboolean
strata_profile_type_from_string (const char        *text,
                                 StrataProfileType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    {
      if (g_strcmp0 (text, type_names[i]) == 0)
        {
          *type = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * strata_validate_dns_label:
 * @what: what the name is for, as the user knows it ("profile name")
 *
 * Kubernetes DNS-label rules (RFC 1123): profiles and layers become object
 * names and labels on clusters, so they must be valid there too.
 */
gboolean
strata_validate_dns_label (const char  *name,
                           const char  *what,
                           GError     **error)
{
  gsize length;

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_NAME,
                   _("The %s is empty"), what);
      return FALSE;
    }

  length = strlen (name);
  if (length > DNS_LABEL_MAX)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_NAME,
                   _("The %s “%s” is %zu characters long; at most %d are allowed"),
                   what, name, length, DNS_LABEL_MAX);
      return FALSE;
    }

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
        {
          g_autofree char *shown = g_utf8_validate (p, -1, NULL)
                                   ? g_utf8_substring (p, 0, 1)
                                   : g_strdup_printf ("\\x%02x", (guchar)*p);

          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_NAME,
                       _("The %s “%s” contains “%s”: use only lowercase letters, digits and “-”"),
                       what, name, shown);
          return FALSE;
        }
    }

  if (name[0] == '-' || name[length - 1] == '-')
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_NAME,
                   _("The %s “%s” must start and end with a lowercase letter or digit"),
                   what, name);
      return FALSE;
    }

  return TRUE;
}

static void
strata_profile_finalize (GObject *object)
{
  StrataProfile *self = (StrataProfile *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_object (&self->versions);

  G_OBJECT_CLASS (strata_profile_parent_class)->finalize (object);
}

static void
strata_profile_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  StrataProfile *self = STRATA_PROFILE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PROFILE_TYPE:
      g_value_set_enum (value, self->type);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;
    case PROP_VERSIONS:
      g_value_set_object (value, self->versions);
      break;
    case PROP_LATEST_VERSION:
      g_value_set_object (value, strata_profile_get_latest_version (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_profile_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  StrataProfile *self = STRATA_PROFILE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_PROFILE_TYPE:
      strata_profile_set_profile_type (self, g_value_get_enum (value));
      break;
    case PROP_DESCRIPTION:
      strata_profile_set_description (self, g_value_get_string (value));
      break;
    case PROP_TAGS:
      strata_profile_set_tags (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_profile_class_init (StrataProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_profile_finalize;
  object_class->get_property = strata_profile_get_property;
  object_class->set_property = strata_profile_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE_TYPE] =
    g_param_spec_enum ("profile-type", NULL, NULL,
                       STRATA_TYPE_PROFILE_TYPE, STRATA_PROFILE_TYPE_ADD_ON,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSIONS] =
    g_param_spec_object ("versions", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LATEST_VERSION] =
    g_param_spec_object ("latest-version", NULL, NULL, STRATA_TYPE_PROFILE_VERSION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
on_versions_changed (StrataProfile *self,
                     guint          position,
                     guint          removed,
                     guint          added,
                     GListModel    *model)
{
  guint n = g_list_model_get_n_items (model);

  /* Versions are sorted, so the latest can only change at the end. */
  if (position + MAX (removed, added) >= n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATEST_VERSION]);
}

static void
strata_profile_init (StrataProfile *self)
{
  self->versions = g_list_store_new (STRATA_TYPE_PROFILE_VERSION);
  self->tags = g_new0 (char *, 1);
  g_signal_connect_object (self->versions, "items-changed",
                           G_CALLBACK (on_versions_changed), self,
                           G_CONNECT_SWAPPED);
}

/**
 * strata_profile_new:
 *
 * Returns: (transfer full): a profile with no versions.
 */
StrataProfile *
strata_profile_new (const char        *name,
                    StrataProfileType  type)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (STRATA_TYPE_PROFILE,
                       "name", name,
                       "profile-type", type,
                       NULL);
}

const char *
strata_profile_get_name (StrataProfile *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE (self), NULL);
  return self->name;
}

StrataProfileType
strata_profile_get_profile_type (StrataProfile *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE (self), STRATA_PROFILE_TYPE_ADD_ON);
  return self->type;
}

void
strata_profile_set_profile_type (StrataProfile     *self,
                                 StrataProfileType  type)
{
  g_return_if_fail (STRATA_IS_PROFILE (self));

  if (self->type == type)
    return;

  self->type = type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_TYPE]);
}

const char *
strata_profile_get_description (StrataProfile *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE (self), NULL);
  return self->description;
}

void
strata_profile_set_description (StrataProfile *self,
                                const char    *description)
{
  g_return_if_fail (STRATA_IS_PROFILE (self));

  if (g_strcmp0 (self->description, description) == 0)
    return;

  g_free (self->description);
  self->description = g_strdup (description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

const char * const *
strata_profile_get_tags (StrataProfile *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE (self), NULL);
  return (const char * const *)self->tags;
}

void
strata_profile_set_tags (StrataProfile      *self,
                         const char * const *tags)
{
  static const char * const no_tags[] = { NULL };

  g_return_if_fail (STRATA_IS_PROFILE (self));

  if (tags == NULL)
    tags = no_tags;

  if (g_strv_equal ((const char * const *)self->tags, tags))
    return;

  g_strfreev (self->tags);
  self->tags = g_strdupv ((char **)tags);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

GListModel *
strata_profile_get_versions (StrataProfile *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE (self), NULL);
  return G_LIST_MODEL (self->versions);
}

static StrataProfileVersion *
version_at (StrataProfile *self,
            guint          position)
{
  /* The store keeps its reference; callers get a borrowed pointer. */
  g_autoptr(StrataProfileVersion) version =
    g_list_model_get_item (G_LIST_MODEL (self->versions), position);
  return version;
}

StrataProfileVersion *
strata_profile_find_version (StrataProfile *self,
                             const char    *version)
{
  guint n;

  g_return_val_if_fail (STRATA_IS_PROFILE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->versions));
  for (guint i = 0; i < n; i++)
    {
      StrataProfileVersion *item = version_at (self, i);

      if (g_strcmp0 (strata_profile_version_get_version (item), version) == 0)
        return item;
    }

  return NULL;
}

StrataProfileVersion *
strata_profile_get_latest_version (StrataProfile *self)
{
  guint n;

  g_return_val_if_fail (STRATA_IS_PROFILE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->versions));
  return n > 0 ? version_at (self, n - 1) : NULL;
}

static int
compare_versions (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const StrataSemver *semver_a = strata_profile_version_get_semver ((StrataProfileVersion *)a);
  const StrataSemver *semver_b = strata_profile_version_get_semver ((StrataProfileVersion *)b);
  int result = strata_semver_compare (semver_a, semver_b);

  /* 1.0.0+a and 1.0.0+b have equal precedence; keep the order total. */
  if (result == 0)
    result = g_strcmp0 (strata_profile_version_get_version ((StrataProfileVersion *)a),
                        strata_profile_version_get_version ((StrataProfileVersion *)b));
  return result;
}

gboolean
strata_profile_add_version (StrataProfile         *self,
                            StrataProfileVersion  *version,
                            GError               **error)
{
  const char *text;

  g_return_val_if_fail (STRATA_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (version), FALSE);

  text = strata_profile_version_get_version (version);
  if (strata_profile_version_get_semver (version) == NULL)
    return strata_semver_validate (text, error);

  if (strata_profile_find_version (self, text) != NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                   _("Profile “%s” already has version %s: choose another version"),
                   self->name, text);
      return FALSE;
    }

  g_list_store_insert_sorted (self->versions, version, compare_versions, NULL);
  return TRUE;
}

gboolean
strata_profile_remove_version (StrataProfile *self,
                               const char    *version)
{
  StrataProfileVersion *item;
  guint position;

  g_return_val_if_fail (STRATA_IS_PROFILE (self), FALSE);

  item = strata_profile_find_version (self, version);
  if (item == NULL || !g_list_store_find (self->versions, item, &position))
    return FALSE;

  g_list_store_remove (self->versions, position);
  return TRUE;
}

/**
 * strata_profile_to_json:
 *
 * Returns: (transfer full): the profile file's document (not its versions).
 */
JsonNode *
strata_profile_to_json (StrataProfile *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (STRATA_IS_PROFILE (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, PROFILE_API);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, PROFILE_KIND);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, strata_profile_type_to_string (self->type));
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, self->description ? self->description : "");
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; self->tags[i] != NULL; i++)
    json_builder_add_string_value (builder, self->tags[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
read_tags (JsonObject  *object,
           GStrvBuilder *tags,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, "tags");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                           _("field “tags” must be a list of text"));
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *tag = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (tag) || json_node_get_value_type (tag) != G_TYPE_STRING)
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                       _("tags[%u] must be text"), i);
          return FALSE;
        }
      g_strv_builder_add (tags, json_node_get_string (tag));
    }

  return TRUE;
}

/**
 * strata_profile_new_from_json:
 *
 * Returns: (transfer full): the profile read from a profile file's document,
 *   without versions, or %NULL with @error saying which field is wrong.
 */
StrataProfile *
strata_profile_new_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(GStrvBuilder) tags_builder = g_strv_builder_new ();
  g_auto(GStrv) tags = NULL;
  JsonObject *object;
  const char *name, *kind, *type_text, *description;
  StrataProfileType type = STRATA_PROFILE_TYPE_ADD_ON;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                           _("a profile must be a mapping of fields"));
      return NULL;
    }
  object = json_node_get_object (node);

  kind = json_object_get_string_member_with_default (object, "kind", NULL);
  if (g_strcmp0 (kind, PROFILE_KIND) != 0)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("field “kind” must be “%s”"), PROFILE_KIND);
      return NULL;
    }

  name = json_object_get_string_member_with_default (object, "name", NULL);
  if (!strata_validate_dns_label (name, _("profile name"), error))
    return NULL;

  type_text = json_object_get_string_member_with_default (object, "type", "add-on");
  if (!strata_profile_type_from_string (type_text, &type))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("field “type” is “%s”; expected add-on or full"), type_text);
      return NULL;
    }

  description = json_object_get_string_member_with_default (object, "description", NULL);
  if (!read_tags (object, tags_builder, error))
    return NULL;
  tags = g_strv_builder_end (tags_builder);

  return g_object_new (STRATA_TYPE_PROFILE,
                       "name", name,
                       "profile-type", type,
                       "description", description,
                       "tags", tags,
                       NULL);
}
