/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The discovery documents (/api, /apis, /apis/GROUP[/VERSION]) in the
 * shapes kube-apiserver answers and kubectl caches. */

#include "config.h"

#include <string.h>

#include "strata-sandbox-registry.h"

static const char * const all_verbs[] = {
  "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch", NULL,
};
static const char * const namespace_verbs[] = {
  "create", "delete", "get", "list", "patch", "update", "watch", NULL,
};
static const char * const read_verbs[] = { "get", "list", NULL };
static const char * const subresource_verbs[] = { "get", "patch", "update", NULL };

static void
add_strings (JsonBuilder        *builder,
             const char         *member,
             const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_member (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/* Groups in the order the real server lists them, then CRD groups. */
static GPtrArray *
list_groups (StrataSandboxRegistry *self)
{
  g_autoptr(GPtrArray) all = strata_sandbox_registry_list (self);
  GPtrArray *groups = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < all->len; i++)
    {
      StrataSandboxResource *resource = g_ptr_array_index (all, i);

      if (*resource->group != '\0' &&
          !g_ptr_array_find_with_equal_func (groups, resource->group, g_str_equal, NULL))
        g_ptr_array_add (groups, g_strdup (resource->group));
    }

  return groups;
}

/* Versions of @group, in the order CRDs list them (the first served one
 * is preferred, as the apiextensions server does for equal priority). */
static GPtrArray *
list_versions (StrataSandboxRegistry *self,
               const char            *group)
{
  g_autoptr(GPtrArray) all = strata_sandbox_registry_list (self);
  GPtrArray *versions = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < all->len; i++)
    {
      StrataSandboxResource *resource = g_ptr_array_index (all, i);

      if (g_str_equal (resource->group, group) &&
          !g_ptr_array_find_with_equal_func (versions, resource->version, g_str_equal, NULL))
        g_ptr_array_add (versions, g_strdup (resource->version));
    }

  return versions;
}

static void
add_group_version (JsonBuilder *builder,
                   const char  *group,
                   const char  *version)
{
  g_autofree char *group_version = g_strconcat (group, "/", version, NULL);

  json_builder_begin_object (builder);
  add_member (builder, "groupVersion", group_version);
  add_member (builder, "version", version);
  json_builder_end_object (builder);
}

static void
build_group (JsonBuilder           *builder,
             StrataSandboxRegistry *self,
             const char            *group,
             gboolean               with_type)
{
  g_autoptr(GPtrArray) versions = list_versions (self, group);

  json_builder_begin_object (builder);
  if (with_type)
    {
      add_member (builder, "kind", "APIGroup");
      add_member (builder, "apiVersion", "v1");
    }
  add_member (builder, "name", group);
  json_builder_set_member_name (builder, "versions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < versions->len; i++)
    add_group_version (builder, group, g_ptr_array_index (versions, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "preferredVersion");
  add_group_version (builder, group, g_ptr_array_index (versions, 0));
  json_builder_end_object (builder);
}

JsonNode *
strata_sandbox_registry_api_versions (StrataSandboxRegistry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char * const versions[] = { "v1", NULL };

  json_builder_begin_object (builder);
  add_member (builder, "kind", "APIVersions");
  add_strings (builder, "versions", versions);
  json_builder_set_member_name (builder, "serverAddressByClientCIDRs");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_member (builder, "clientCIDR", "0.0.0.0/0");
  add_member (builder, "serverAddress", "127.0.0.1");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
strata_sandbox_registry_group_list (StrataSandboxRegistry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) groups = list_groups (self);

  json_builder_begin_object (builder);
  add_member (builder, "kind", "APIGroupList");
  add_member (builder, "apiVersion", "v1");
  json_builder_set_member_name (builder, "groups");
  json_builder_begin_array (builder);
  for (guint i = 0; i < groups->len; i++)
    build_group (builder, self, g_ptr_array_index (groups, i), FALSE);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
strata_sandbox_registry_group (StrataSandboxRegistry *self,
                               const char            *group)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) versions = list_versions (self, group);

  if (*group == '\0' || versions->len == 0)
    return NULL;

  build_group (builder, self, group, TRUE);
  return json_builder_get_root (builder);
}

static void
add_resource (JsonBuilder                 *builder,
              const StrataSandboxResource *resource)
{
  const char * const *verbs = resource->read_only ? read_verbs
                            : g_str_equal (resource->kind, "Namespace") ? namespace_verbs : all_verbs;
  g_autofree char *status = g_strconcat (resource->plural, "/status", NULL);
  g_autofree char *scale = g_strconcat (resource->plural, "/scale", NULL);

  json_builder_begin_object (builder);
  add_member (builder, "name", resource->plural);
  add_member (builder, "singularName", resource->singular);
  json_builder_set_member_name (builder, "namespaced");
  json_builder_add_boolean_value (builder, resource->namespaced);
  add_member (builder, "kind", resource->kind);
  add_strings (builder, "verbs", verbs);
  if (resource->short_names[0] != NULL)
    add_strings (builder, "shortNames", (const char * const *)resource->short_names);
  if (resource->categories[0] != NULL)
    add_strings (builder, "categories", (const char * const *)resource->categories);
  json_builder_end_object (builder);

  if (resource->has_status)
    {
      json_builder_begin_object (builder);
      add_member (builder, "name", status);
      add_member (builder, "singularName", "");
      json_builder_set_member_name (builder, "namespaced");
      json_builder_add_boolean_value (builder, resource->namespaced);
      add_member (builder, "kind", resource->kind);
      add_strings (builder, "verbs", subresource_verbs);
      json_builder_end_object (builder);
    }

  if (resource->has_scale)
    {
      json_builder_begin_object (builder);
      add_member (builder, "name", scale);
      add_member (builder, "singularName", "");
      json_builder_set_member_name (builder, "namespaced");
      json_builder_add_boolean_value (builder, resource->namespaced);
      add_member (builder, "group", "autoscaling");
      add_member (builder, "version", "v1");
      add_member (builder, "kind", "Scale");
      add_strings (builder, "verbs", subresource_verbs);
      json_builder_end_object (builder);
    }
}

JsonNode *
strata_sandbox_registry_resource_list (StrataSandboxRegistry *self,
                                       const char            *group,
                                       const char            *version)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) all = strata_sandbox_registry_list (self);
  g_autofree char *group_version = *group ? g_strconcat (group, "/", version, NULL) : g_strdup (version);
  gboolean found = FALSE;

  json_builder_begin_object (builder);
  add_member (builder, "kind", "APIResourceList");
  add_member (builder, "apiVersion", "v1");
  add_member (builder, "groupVersion", group_version);
  json_builder_set_member_name (builder, "resources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < all->len; i++)
    {
      StrataSandboxResource *resource = g_ptr_array_index (all, i);

      if (g_str_equal (resource->group, group) && g_str_equal (resource->version, version))
        {
          add_resource (builder, resource);
          found = TRUE;
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return found ? json_builder_get_root (builder) : NULL;
}
