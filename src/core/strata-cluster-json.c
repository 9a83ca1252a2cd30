/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A cluster record as a document: what clusters/NAME.yaml holds. Status is
 * left out on purpose; only the cluster can say what it is now. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cluster.h"
#include "strata-core-error.h"
#include "strata-json.h"
#include "strata-profile.h"
#include "strata-semver.h"

#define CLUSTER_API "strata.io/v1"
#define CLUSTER_KIND "Cluster"

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_source (JsonBuilder   *builder,
            StrataCluster *self)
{
  StrataClusterSource source = strata_cluster_get_source (self);

  json_builder_set_member_name (builder, "source");
  json_builder_begin_object (builder);
  add_string_member (builder, "type", strata_cluster_source_to_string (source));
  if (source == STRATA_CLUSTER_SOURCE_KUBECONFIG)
    {
      add_string_member (builder, "kubeconfig", strata_cluster_get_kubeconfig_path (self));
      add_string_member (builder, "context", strata_cluster_get_kubeconfig_context (self));
    }
  else if (source == STRATA_CLUSTER_SOURCE_EKS)
    {
      add_string_member (builder, "arn", strata_cluster_get_eks_arn (self));
      add_string_member (builder, "region", strata_cluster_get_eks_region (self));
    }
  json_builder_end_object (builder);
}

/**
 * strata_cluster_to_json:
 *
 * Returns: (transfer full): the cluster file's document.
 */
JsonNode *
strata_cluster_to_json (StrataCluster *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created_at = NULL;
  g_auto(GStrv) layers = NULL;
  const char * const *tags;

  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);

  created_at = g_date_time_format_iso8601 (strata_cluster_get_created_at (self));
  tags = strata_cluster_get_tags (self);
  layers = strata_cluster_list_overrides (self);

  json_builder_begin_object (builder);
  add_string_member (builder, "apiVersion", CLUSTER_API);
  add_string_member (builder, "kind", CLUSTER_KIND);
  add_string_member (builder, "name", strata_cluster_get_name (self));
  add_string_member (builder, "createdAt", created_at);
  add_source (builder, self);

  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags[i] != NULL; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);

  if (strata_cluster_get_profile_name (self) != NULL)
    {
      json_builder_set_member_name (builder, "profile");
      json_builder_begin_object (builder);
      add_string_member (builder, "name", strata_cluster_get_profile_name (self));
      add_string_member (builder, "version", strata_cluster_get_profile_version (self));
      json_builder_end_object (builder);
    }

  if (strata_cluster_get_lifecycle (self) != STRATA_CLUSTER_STATUS_UNKNOWN)
    {
      g_autofree char *since = g_date_time_format_iso8601 (strata_cluster_get_lifecycle_since (self));

      json_builder_set_member_name (builder, "lifecycle");
      json_builder_begin_object (builder);
      add_string_member (builder, "status", strata_cluster_status_to_string (strata_cluster_get_lifecycle (self)));
      add_string_member (builder, "since", since);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "overrides");
  json_builder_begin_object (builder);
  for (guint i = 0; layers[i] != NULL; i++)
    add_string_member (builder, layers[i], strata_cluster_get_override (self, layers[i]));
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Reading */

/* A member that must be a string when present; *value is NULL when absent. */
static gboolean
read_optional_string (JsonObject  *object,
                      const char  *member,
                      const char  *where,
                      const char **value,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("field “%s%s” must be text"), where, member);
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

static StrataCluster *
new_from_source (JsonObject  *object,
                 const char  *name,
                 GDateTime   *created_at,
                 GError     **error)
{
  JsonObject *source = strata_json_object_get_object (object, "source");
  StrataClusterSource type;
  const char *type_text, *kubeconfig, *context, *arn, *region;

  if (source == NULL)
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                           _("field “source” must be a mapping with a “type”"));
      return NULL;
    }

  type_text = strata_json_object_get_string (source, "type");
  if (!strata_cluster_source_from_string (type_text, &type))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("field “source.type” is “%s”; expected kubeconfig, sandbox or eks"),
                   type_text ? type_text : "");
      return NULL;
    }

  if (!read_optional_string (source, "kubeconfig", "source.", &kubeconfig, error) ||
      !read_optional_string (source, "context", "source.", &context, error) ||
      !read_optional_string (source, "arn", "source.", &arn, error) ||
      !read_optional_string (source, "region", "source.", &region, error))
    return NULL;

  return g_object_new (STRATA_TYPE_CLUSTER,
                       "name", name,
                       "source", type,
                       "kubeconfig-path", type == STRATA_CLUSTER_SOURCE_KUBECONFIG ? kubeconfig : NULL,
                       "kubeconfig-context", type == STRATA_CLUSTER_SOURCE_KUBECONFIG ? context : NULL,
                       "eks-arn", type == STRATA_CLUSTER_SOURCE_EKS ? arn : NULL,
                       "eks-region", type == STRATA_CLUSTER_SOURCE_EKS ? region : NULL,
                       "created-at", created_at,
                       NULL);
}

static gboolean
read_tags (StrataCluster  *self,
           JsonObject     *object,
           GError        **error)
{
  JsonNode *node = json_object_get_member (object, "tags");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) tags = NULL;
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
      g_autofree char *normalized = NULL;

      if (!JSON_NODE_HOLDS_VALUE (tag) || json_node_get_value_type (tag) != G_TYPE_STRING)
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                       _("tags[%u] must be text"), i);
          return FALSE;
        }

      if ((normalized = strata_cluster_normalize_tag (json_node_get_string (tag), &local_error)) == NULL)
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                       "tags[%u]: %s", i, local_error->message);
          return FALSE;
        }
      g_strv_builder_add (builder, normalized);
    }

  tags = g_strv_builder_end (builder);
  return strata_cluster_set_tags (self, (const char * const *)tags, error);
}

static gboolean
read_profile (StrataCluster  *self,
              JsonObject     *object,
              GError        **error)
{
  JsonNode *node = json_object_get_member (object, "profile");
  g_autoptr(GError) local_error = NULL;
  JsonObject *profile;
  const char *name, *version;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                           _("field “profile” must be a mapping with “name” and “version”"));
      return FALSE;
    }

  profile = json_node_get_object (node);
  name = strata_json_object_get_string (profile, "name");
  version = strata_json_object_get_string (profile, "version");
  if (!strata_validate_dns_label (name, _("profile name"), &local_error) ||
      !strata_semver_validate (version, &local_error))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("field “profile”: %s"), local_error->message);
      return FALSE;
    }

  strata_cluster_set_profile (self, name, version);
  return TRUE;
}

static gboolean
read_overrides (StrataCluster  *self,
                JsonObject     *object,
                GError        **error)
{
  JsonNode *node = json_object_get_member (object, "overrides");
  g_autoptr(GList) layers = NULL;
  JsonObject *overrides;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                           _("field “overrides” must map layer names to values text"));
      return FALSE;
    }

  overrides = json_node_get_object (node);
  layers = json_object_get_members (overrides);
  for (const GList *l = layers; l != NULL; l = l->next)
    {
      const char *layer = l->data;
      const char *values = strata_json_object_get_string (overrides, layer);
      g_autoptr(GError) local_error = NULL;

      if (!strata_validate_dns_label (layer, _("layer name"), &local_error))
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                       _("field “overrides”: %s"), local_error->message);
          return FALSE;
        }
      if (values == NULL)
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                       _("field “overrides.%s” must be the values as text (a YAML block)"), layer);
          return FALSE;
        }
      strata_cluster_set_override (self, layer, values);
    }

  return TRUE;
}

/* "lifecycle": {"status": "provisioning"|"deleting", "since": TIME}, optional. */
static gboolean
read_lifecycle (StrataCluster  *self,
                JsonObject     *object,
                GError        **error)
{
  JsonNode *node = json_object_get_member (object, "lifecycle");
  g_autoptr(GDateTime) since = NULL;
  const char *status, *since_text;
  StrataClusterStatus value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      !read_optional_string (json_node_get_object (node), "status", "lifecycle.", &status, error) ||
      !read_optional_string (json_node_get_object (node), "since", "lifecycle.", &since_text, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                             _("field “lifecycle” must be a mapping with “status” and “since”"));
      return FALSE;
    }

  if (g_strcmp0 (status, "provisioning") == 0)
    value = STRATA_CLUSTER_STATUS_PROVISIONING;
  else if (g_strcmp0 (status, "deleting") == 0)
    value = STRATA_CLUSTER_STATUS_DELETING;
  else
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("field “lifecycle.status” must be “provisioning” or “deleting”, not “%s”"),
                   status ? status : "");
      return FALSE;
    }

  if (since_text == NULL || (since = g_date_time_new_from_iso8601 (since_text, NULL)) == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("field “lifecycle.since” is not a date and time: “%s”"), since_text ? since_text : "");
      return FALSE;
    }

  strata_cluster_set_lifecycle (self, value, since);
  return TRUE;
}

/**
 * strata_cluster_new_from_json:
 *
 * Returns: (transfer full): the cluster read from a cluster file's document,
 *   or %NULL with @error saying which field is wrong.
 */
StrataCluster *
strata_cluster_new_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(StrataCluster) self = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  const char *name, *created_text;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                           _("a cluster must be a mapping of fields"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (g_strcmp0 (strata_json_object_get_string (object, "kind"), CLUSTER_KIND) != 0)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("field “kind” must be “%s”"), CLUSTER_KIND);
      return NULL;
    }

  name = strata_json_object_get_string (object, "name");
  if (!strata_validate_dns_label (name, _("cluster name"), error) ||
      !read_optional_string (object, "createdAt", "", &created_text, error))
    return NULL;

  if (created_text != NULL && (created_at = g_date_time_new_from_iso8601 (created_text, NULL)) == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("field “createdAt” is not a date and time: “%s”"), created_text);
      return NULL;
    }

  if ((self = new_from_source (object, name, created_at, error)) == NULL)
    return NULL;

  if (!strata_cluster_validate (self, &local_error))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("field “source”: %s"), local_error->message);
      return NULL;
    }

  if (!read_tags (self, object, error) ||
      !read_profile (self, object, error) ||
      !read_overrides (self, object, error) ||
      !read_lifecycle (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}
