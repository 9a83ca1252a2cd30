/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Why not full schemas: kubectl needs three things from OpenAPI — to see
 * that PATCH takes fieldValidation (then it lets the server validate), a
 * schema per group-version-kind (explain, client-side apply), and CRD
 * schemas. Permissive schemas with x-kubernetes-preserve-unknown-fields
 * give all three without copying Kubernetes' 10,000-line definitions. */

#include "config.h"

#include <string.h>

#include "strata-sandbox-json.h"
#include "strata-sandbox-openapi.h"
#include "strata-sandbox-version.h"

static char *
definition_name (const StrataSandboxResource *resource)
{
  g_autofree char *group = NULL;

  if (*resource->group == '\0')
    return g_strdup_printf ("io.k8s.api.core.%s.%s", resource->version, resource->kind);
  if (!resource->from_crd && !strchr (resource->group, '.'))
    return g_strdup_printf ("io.k8s.api.%s.%s.%s", resource->group, resource->version, resource->kind);
  if (!resource->from_crd && g_str_has_suffix (resource->group, ".k8s.io"))
    {
      group = g_strndup (resource->group, strlen (resource->group) - strlen (".k8s.io"));
      return g_strdup_printf ("io.k8s.api.%s.%s.%s", group, resource->version, resource->kind);
    }
  {
    /* Reverse-DNS as the apiextensions server names CRD schemas. */
    g_auto(GStrv) parts = g_strsplit (resource->group, ".", -1);
    g_autoptr(GString) reversed = g_string_new (NULL);

    for (gint i = g_strv_length (parts) - 1; i >= 0; i--)
      g_string_append_printf (reversed, "%s%s", reversed->len ? "." : "", parts[i]);
    return g_strdup_printf ("%s.%s.%s", reversed->str, resource->version, resource->kind);
  }
}

static JsonObject *
gvk_extension (const StrataSandboxResource *resource)
{
  JsonObject *gvk = json_object_new ();

  json_object_set_string_member (gvk, "group", resource->group);
  json_object_set_string_member (gvk, "kind", resource->kind);
  json_object_set_string_member (gvk, "version", resource->version);
  return gvk;
}

static JsonObject *
free_object (const char *description)
{
  JsonObject *schema = json_object_new ();

  json_object_set_string_member (schema, "type", "object");
  if (description != NULL)
    json_object_set_string_member (schema, "description", description);
  json_object_set_boolean_member (schema, "x-kubernetes-preserve-unknown-fields", TRUE);
  return schema;
}

static JsonObject *
string_schema (const char *description)
{
  JsonObject *schema = json_object_new ();

  json_object_set_string_member (schema, "type", "string");
  json_object_set_string_member (schema, "description", description);
  return schema;
}

static JsonObject *
schema_for (const StrataSandboxResource *resource)
{
  JsonObject *schema;
  JsonObject *properties;
  JsonArray *gvks = json_array_new ();

  if (resource->schema != NULL && JSON_NODE_HOLDS_OBJECT (resource->schema))
    {
      g_autoptr(JsonNode) copy = strata_sandbox_json_copy (resource->schema);

      schema = json_object_ref (json_node_get_object (copy));
    }
  else
    schema = free_object (NULL);

  if (!json_object_has_member (schema, "description"))
    {
      g_autofree char *text = g_strdup_printf ("%s of the Strata sandbox (simulated).", resource->kind);

      json_object_set_string_member (schema, "description", text);
    }
  if (!json_object_has_member (schema, "properties"))
    json_object_set_object_member (schema, "properties", json_object_new ());
  properties = json_object_get_object_member (schema, "properties");
  json_object_set_object_member (properties, "apiVersion",
                                 string_schema ("APIVersion defines the versioned schema of this representation of an object."));
  json_object_set_object_member (properties, "kind",
                                 string_schema ("Kind is a string value representing the REST resource this object represents."));
  json_object_set_object_member (properties, "metadata",
                                 free_object ("Standard object's metadata."));
  if (!resource->from_crd)
    {
      json_object_set_object_member (properties, "spec", free_object ("The desired state."));
      json_object_set_object_member (properties, "status", free_object ("The observed state."));
    }
  json_array_add_object_element (gvks, gvk_extension (resource));
  json_object_set_array_member (schema, "x-kubernetes-group-version-kind", gvks);
  return schema;
}

static JsonObject *
operation (const StrataSandboxResource *resource,
           const char                  *verb,
           gboolean                     v3)
{
  JsonObject *op = json_object_new ();
  JsonArray *parameters = json_array_new ();
  JsonObject *parameter = json_object_new ();
  g_autofree char *id = g_strdup_printf ("%s%s", verb, resource->kind);

  json_object_set_string_member (op, "operationId", id);
  json_object_set_string_member (parameter, "name", "fieldValidation");
  json_object_set_string_member (parameter, "in", "query");
  json_object_set_string_member (parameter, "description",
                                 "fieldValidation instructs the server on how to handle objects in the request "
                                 "containing unknown or duplicate fields.");
  if (v3)
    {
      JsonObject *schema = json_object_new ();

      json_object_set_string_member (schema, "type", "string");
      json_object_set_object_member (parameter, "schema", schema);
    }
  else
    json_object_set_string_member (parameter, "type", "string");
  json_array_add_object_element (parameters, parameter);
  json_object_set_array_member (op, "parameters", parameters);
  json_object_set_string_member (op, "x-kubernetes-action", verb);
  json_object_set_object_member (op, "x-kubernetes-group-version-kind", gvk_extension (resource));
  json_object_set_object_member (op, "responses", json_object_new ());
  return op;
}

static void
add_paths (JsonObject                  *paths,
           const StrataSandboxResource *resource,
           gboolean                     v3)
{
  g_autofree char *prefix = *resource->group ? g_strdup_printf ("/apis/%s/%s", resource->group, resource->version)
                                             : g_strdup_printf ("/api/%s", resource->version);
  g_autofree char *collection = g_strdup_printf ("%s%s/%s", prefix,
                                                 resource->namespaced ? "/namespaces/{namespace}" : "",
                                                 resource->plural);
  g_autofree char *item = g_strconcat (collection, "/{name}", NULL);
  JsonObject *collection_ops = json_object_new ();
  JsonObject *item_ops = json_object_new ();

  if (resource->read_only)
    {
      json_object_unref (collection_ops);
      json_object_unref (item_ops);
      return;
    }
  json_object_set_object_member (collection_ops, "post", operation (resource, "post", v3));
  json_object_set_object_member (item_ops, "put", operation (resource, "put", v3));
  json_object_set_object_member (item_ops, "patch", operation (resource, "patch", v3));
  json_object_set_object_member (paths, collection, collection_ops);
  json_object_set_object_member (paths, item, item_ops);
}

static JsonNode *
document (StrataSandboxRegistry *registry,
          const char            *group,
          const char            *version,
          gboolean               v3)
{
  g_autoptr(GPtrArray) all = strata_sandbox_registry_list (registry);
  JsonObject *root = json_object_new ();
  JsonObject *info = json_object_new ();
  JsonObject *paths = json_object_new ();
  JsonObject *schemas = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  gboolean found = FALSE;

  json_object_set_string_member (root, v3 ? "openapi" : "swagger", v3 ? "3.0.0" : "2.0");
  json_object_set_string_member (info, "title", "Kubernetes");
  json_object_set_string_member (info, "version", STRATA_SANDBOX_KUBERNETES_VERSION);
  json_object_set_object_member (root, "info", info);

  for (guint i = 0; i < all->len; i++)
    {
      StrataSandboxResource *resource = g_ptr_array_index (all, i);
      g_autofree char *name = NULL;

      if (group != NULL && (!g_str_equal (resource->group, group) || !g_str_equal (resource->version, version)))
        continue;
      found = TRUE;
      name = definition_name (resource);
      json_object_set_object_member (schemas, name, schema_for (resource));
      add_paths (paths, resource, v3);
    }

  json_object_set_object_member (root, "paths", paths);
  if (v3)
    {
      JsonObject *components = json_object_new ();

      json_object_set_object_member (components, "schemas", schemas);
      json_object_set_object_member (root, "components", components);
    }
  else
    json_object_set_object_member (root, "definitions", schemas);
  json_node_take_object (node, root);

  if (!found)
    g_clear_pointer (&node, json_node_unref);
  return node;
}

static JsonNode *
v3_index (StrataSandboxRegistry *registry)
{
  g_autoptr(GPtrArray) all = strata_sandbox_registry_list (registry);
  JsonObject *root = json_object_new ();
  JsonObject *paths = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < all->len; i++)
    {
      StrataSandboxResource *resource = g_ptr_array_index (all, i);
      g_autofree char *key = *resource->group ? g_strdup_printf ("apis/%s/%s", resource->group, resource->version)
                                              : g_strdup_printf ("api/%s", resource->version);
      g_autofree char *url = NULL;
      JsonObject *entry;

      if (json_object_has_member (paths, key))
        continue;
      url = g_strdup_printf ("/openapi/v3/%s?hash=%08x", key, g_str_hash (key) ^ all->len);
      entry = json_object_new ();
      json_object_set_string_member (entry, "serverRelativeURL", url);
      json_object_set_object_member (paths, key, entry);
    }

  json_object_set_object_member (root, "paths", paths);
  json_node_take_object (node, root);
  return node;
}

JsonNode *
strata_sandbox_openapi_document (StrataSandboxRegistry *registry,
                                 const char            *path)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  if (g_str_equal (path, "/openapi/v2"))
    return document (registry, NULL, NULL, FALSE);
  if (g_str_equal (path, "/openapi/v3") || g_str_equal (path, "/openapi/v3/"))
    return v3_index (registry);
  if (!g_str_has_prefix (path, "/openapi/v3/"))
    return NULL;

  parts = g_strsplit (path + strlen ("/openapi/v3/"), "/", -1);
  n = g_strv_length (parts);
  if (n == 2 && g_str_equal (parts[0], "api"))
    return document (registry, "", parts[1], TRUE);
  if (n == 3 && g_str_equal (parts[0], "apis"))
    return document (registry, parts[1], parts[2], TRUE);
  return NULL;
}
