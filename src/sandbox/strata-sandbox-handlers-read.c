/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GET: one object, a list (paged, filtered), a watch, /scale, metrics. */

#include "config.h"

#include <string.h>

#include "strata-json.h"
#include "strata-sandbox-handlers.h"
#include "strata-sandbox-server-private.h"
#include "strata-sandbox-status.h"

static gboolean
is_true (const char *value)
{
  return value != NULL && (g_str_equal (value, "1") || g_str_equal (value, "true"));
}

/* Objects carry the version they were asked for (CRD versions convert
 * with the None strategy: only apiVersion changes). */
void
_strata_sandbox_set_api_version (const StrataSandboxResource *resource,
                                 JsonNode                    *object)
{
  g_autofree char *api_version = strata_sandbox_resource_api_version (resource);

  json_object_set_string_member (json_node_get_object (object), "apiVersion", api_version);
}

/* kubectl get --watch asks for Tables: every event carries its object
 * as a one-row Table, as kube-apiserver sends them. The resource's kind
 * is copied: a CRD may go while the watch runs. */
typedef struct
{
  StrataSandboxResource  resource;
  char                  *include_object;
} TableWatch;

static TableWatch *
table_watch_new (const StrataSandboxResource *resource,
                 const char                  *include_object)
{
  TableWatch *table = g_new0 (TableWatch, 1);

  table->resource.group = g_strdup (resource->group);
  table->resource.version = g_strdup (resource->version);
  table->resource.kind = g_strdup (resource->kind);
  table->resource.plural = g_strdup (resource->plural);
  table->resource.from_crd = resource->from_crd;
  table->resource.namespaced = resource->namespaced;
  table->include_object = g_strdup (include_object);
  return table;
}

static void
table_watch_free (gpointer data)
{
  TableWatch *table = data;

  g_free (table->resource.group);
  g_free (table->resource.version);
  g_free (table->resource.kind);
  g_free (table->resource.plural);
  g_free (table->include_object);
  g_free (table);
}

static JsonNode *
table_watch_transform (JsonNode *object,
                       gpointer  user_data)
{
  TableWatch *table = user_data;

  return _strata_sandbox_table_from_object (&table->resource, object, table->include_object);
}

char *
_strata_sandbox_selector_string (JsonNode *selector)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *object;
  JsonObject *labels;
  JsonArray *expressions;

  if (selector == NULL)
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (selector))
    return g_strdup (json_node_get_string (selector));
  if (!JSON_NODE_HOLDS_OBJECT (selector))
    return g_strdup ("");

  object = json_node_get_object (selector);
  labels = strata_json_object_get_object (object, "matchLabels");
  if (labels != NULL)
    {
      g_autoptr(GList) keys = g_list_sort (json_object_get_members (labels), (GCompareFunc)strcmp);

      for (GList *l = keys; l != NULL; l = l->next)
        g_string_append_printf (text, "%s%s=%s", text->len ? "," : "", (char *)l->data,
                                strata_json_object_get_string (labels, l->data) ?: "");
    }
  expressions = strata_json_object_get_array (object, "matchExpressions");
  for (guint i = 0; expressions != NULL && i < json_array_get_length (expressions); i++)
    {
      JsonObject *expression = json_array_get_object_element (expressions, i);
      const char *key = strata_json_object_get_string (expression, "key");
      const char *operator = strata_json_object_get_string (expression, "operator");
      JsonArray *values = strata_json_object_get_array (expression, "values");
      g_autoptr(GString) set = g_string_new (NULL);

      for (guint j = 0; values != NULL && j < json_array_get_length (values); j++)
        g_string_append_printf (set, "%s%s", j ? "," : "", json_array_get_string_element (values, j));
      if (text->len)
        g_string_append_c (text, ',');
      if (g_strcmp0 (operator, "In") == 0)
        g_string_append_printf (text, "%s in (%s)", key, set->str);
      else if (g_strcmp0 (operator, "NotIn") == 0)
        g_string_append_printf (text, "%s notin (%s)", key, set->str);
      else if (g_strcmp0 (operator, "Exists") == 0)
        g_string_append (text, key);
      else if (g_strcmp0 (operator, "DoesNotExist") == 0)
        g_string_append_printf (text, "!%s", key);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The node at a path like ".spec.replicas", or NULL. */
JsonNode *
_strata_sandbox_node_at_path (JsonNode   *object,
                              const char *path)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *node = object;

  if (path == NULL)
    return NULL;
  parts = g_strsplit (*path == '.' ? path + 1 : path, ".", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
          !json_object_has_member (json_node_get_object (node), parts[i]))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  return node;
}

JsonNode *
_strata_sandbox_scale_of (const StrataSandboxResource *resource,
                          JsonNode                    *object)
{
  JsonObject *metadata = strata_json_object_get_object (json_node_get_object (object), "metadata");
  JsonNode *replicas = _strata_sandbox_node_at_path (object, resource->scale_replicas_path);
  JsonNode *status_replicas = _strata_sandbox_node_at_path (object, resource->scale_status_path);
  g_autofree char *selector = _strata_sandbox_selector_string (_strata_sandbox_node_at_path (object,
                                                                                             resource->scale_selector_path));
  JsonObject *scale = json_object_new ();
  JsonObject *scale_metadata = json_object_new ();
  JsonObject *spec = json_object_new ();
  JsonObject *status = json_object_new ();
  static const char * const copied[] = { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" };
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (scale, "kind", "Scale");
  json_object_set_string_member (scale, "apiVersion", "autoscaling/v1");
  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    if (strata_json_object_get_string (metadata, copied[i]) != NULL)
      json_object_set_string_member (scale_metadata, copied[i], strata_json_object_get_string (metadata, copied[i]));
  json_object_set_object_member (scale, "metadata", scale_metadata);
  /* The real default of replicas is 1 for the built-in kinds. */
  json_object_set_int_member (spec, "replicas",
                              replicas && JSON_NODE_HOLDS_VALUE (replicas) ? json_node_get_int (replicas) : 1);
  json_object_set_object_member (scale, "spec", spec);
  json_object_set_int_member (status, "replicas",
                              status_replicas && JSON_NODE_HOLDS_VALUE (status_replicas)
                                ? json_node_get_int (status_replicas) : 0);
  if (*selector != '\0')
    json_object_set_string_member (status, "selector", selector);
  json_object_set_object_member (scale, "status", status);
  json_node_take_object (node, scale);
  return node;
}

static char *
continue_key (JsonNode *object)
{
  JsonObject *metadata = strata_json_object_get_object (json_node_get_object (object), "metadata");

  return g_strconcat (strata_json_object_get_string (metadata, "namespace") ?: "", "/",
                      strata_json_object_get_string (metadata, "name") ?: "", NULL);
}

static GPtrArray *
list_items (StrataSandboxRequest   *request,
            StrataSandboxSelector  *fields,
            GError                **error)
{
  const StrataSandboxResource *resource = request->resource;
  StrataSandboxStore *store = strata_sandbox_server_get_store (request->server);
  g_autofree char *api_version = strata_sandbox_resource_api_version (resource);
  g_autoptr(StrataSandboxSelector) labels = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GPtrArray *selected;

  if (resource->read_only)
    {
      labels = strata_sandbox_selector_parse_labels (_strata_sandbox_request_query (request, "labelSelector"), error);
      if (labels == NULL)
        return NULL;
      items = _strata_sandbox_server_get_metrics (request->server, resource->kind, request->namespace_);
    }
  else
    items = strata_sandbox_store_list (store, api_version, resource->kind, request->namespace_,
                                       _strata_sandbox_request_query (request, "labelSelector"), error);
  if (items == NULL)
    return NULL;

  selected = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  for (guint i = 0; i < items->len; i++)
    {
      JsonNode *item = g_ptr_array_index (items, i);

      if (strata_sandbox_selector_matches (labels, json_node_get_object (item)) &&
          strata_sandbox_selector_matches (fields, json_node_get_object (item)))
        {
          _strata_sandbox_set_api_version (resource, item);
          g_ptr_array_add (selected, json_node_ref (item));
        }
    }

  return selected;
}

static void
respond_list (StrataSandboxRequest  *request,
              StrataSandboxSelector *fields)
{
  StrataSandboxStore *store = strata_sandbox_server_get_store (request->server);
  const char *limit_text = _strata_sandbox_request_query (request, "limit");
  const char *continue_token = _strata_sandbox_request_query (request, "continue");
  g_autofree char *api_version = strata_sandbox_resource_api_version (request->resource);
  g_autofree char *list_kind = g_strconcat (request->resource->kind, "List", NULL);
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = json_node_new (JSON_NODE_OBJECT);
  JsonObject *root = json_object_new ();
  JsonObject *metadata = json_object_new ();
  JsonArray *array = json_array_new ();
  guint64 limit = limit_text ? g_ascii_strtoull (limit_text, NULL, 10) : 0;
  guint first = 0, i;

  items = list_items (request, fields, &error);
  if (items == NULL)
    {
      json_object_unref (root);
      json_object_unref (metadata);
      json_array_unref (array);
      _strata_sandbox_respond_error (request, error, NULL);
      return;
    }

  if (continue_token != NULL && *continue_token != '\0')
    {
      gsize length;
      g_autofree guchar *decoded = g_base64_decode (continue_token, &length);

      after = g_strndup ((const char *)decoded, length);
      while (first < items->len)
        {
          g_autofree char *key = continue_key (g_ptr_array_index (items, first));

          if (strcmp (key, after) > 0)
            break;
          first++;
        }
    }

  for (i = first; i < items->len && (limit == 0 || i - first < limit); i++)
    json_array_add_element (array, json_node_ref (g_ptr_array_index (items, i)));

  json_object_set_string_member (metadata, "resourceVersion", strata_sandbox_store_get_resource_version (store));
  if (i < items->len)
    {
      g_autofree char *key = continue_key (g_ptr_array_index (items, i - 1));
      g_autofree char *token = g_base64_encode ((const guchar *)key, strlen (key));

      json_object_set_string_member (metadata, "continue", token);
      json_object_set_int_member (metadata, "remainingItemCount", items->len - i);
    }

  json_object_set_string_member (root, "kind", list_kind);
  json_object_set_string_member (root, "apiVersion", api_version);
  json_object_set_object_member (root, "metadata", metadata);
  json_object_set_array_member (root, "items", array);
  json_node_take_object (list, root);

  if (_strata_sandbox_wants_table (request))
    {
      g_autoptr(JsonNode) table = _strata_sandbox_table_from_list (request->resource, list,
                                                                      _strata_sandbox_request_query (request, "includeObject"));

      _strata_sandbox_respond (request->message, 200, table);
      return;
    }
  _strata_sandbox_respond (request->message, 200, list);
}

static void
respond_metrics_item (StrataSandboxRequest *request)
{
  g_autoptr(GPtrArray) items = _strata_sandbox_server_get_metrics (request->server, request->resource->kind,
                                                                   request->namespace_);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      JsonNode *item = g_ptr_array_index (items, i);
      JsonObject *metadata = strata_json_object_get_object (json_node_get_object (item), "metadata");

      if (g_strcmp0 (strata_json_object_get_string (metadata, "name"), request->name) == 0)
        {
          _strata_sandbox_respond (request->message, 200, item);
          return;
        }
    }

  g_set_error_literal (&error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_NOT_FOUND, "not found");
  _strata_sandbox_respond_error (request, error, request->name);
}

void
_strata_sandbox_handle_read (StrataSandboxRequest *request)
{
  const StrataSandboxResource *resource = request->resource;
  StrataSandboxStore *store = strata_sandbox_server_get_store (request->server);
  g_autofree char *api_version = strata_sandbox_resource_api_version (resource);
  g_autoptr(StrataSandboxSelector) fields = NULL;
  g_autoptr(GError) error = NULL;

  if (request->name != NULL)
    {
      g_autoptr(JsonNode) object = NULL;

      if (resource->read_only)
        {
          respond_metrics_item (request);
          return;
        }

      object = strata_sandbox_store_get (store, api_version, resource->kind, request->namespace_, request->name);
      if (object == NULL)
        {
          g_set_error_literal (&error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_NOT_FOUND, "not found");
          _strata_sandbox_respond_error (request, error, request->name);
          return;
        }

      _strata_sandbox_set_api_version (resource, object);
      if (g_strcmp0 (request->subresource, "scale") == 0)
        {
          g_autoptr(JsonNode) scale = _strata_sandbox_scale_of (resource, object);

          _strata_sandbox_respond (request->message, 200, scale);
        }
      else if (_strata_sandbox_wants_table (request))
        {
          g_autoptr(JsonNode) table = _strata_sandbox_table_from_object (resource, object,
                                                                          _strata_sandbox_request_query (request, "includeObject"));

          _strata_sandbox_respond (request->message, 200, table);
        }
      else
        _strata_sandbox_respond (request->message, 200, object);
      return;
    }

  fields = strata_sandbox_selector_parse_fields (_strata_sandbox_request_query (request, "fieldSelector"), &error);
  if (fields == NULL)
    {
      _strata_sandbox_respond_error (request, error, NULL);
      return;
    }

  if (is_true (_strata_sandbox_request_query (request, "watch")) && !resource->read_only)
    {
      g_autoptr(StrataSandboxSelector) labels = NULL;
      const char *timeout = _strata_sandbox_request_query (request, "timeoutSeconds");

      labels = strata_sandbox_selector_parse_labels (_strata_sandbox_request_query (request, "labelSelector"), &error);
      if (labels == NULL)
        {
          _strata_sandbox_respond_error (request, error, NULL);
          return;
        }
      TableWatch *table = NULL;

      if (_strata_sandbox_wants_table (request))
        table = table_watch_new (resource, _strata_sandbox_request_query (request, "includeObject"));
      strata_sandbox_watch_serve (_strata_sandbox_server_get_watch (request->server), request->message, resource,
                                  request->namespace_, g_steal_pointer (&labels), g_steal_pointer (&fields),
                                  _strata_sandbox_request_query (request, "resourceVersion"),
                                  is_true (_strata_sandbox_request_query (request, "allowWatchBookmarks")),
                                  timeout ? (guint)g_ascii_strtoull (timeout, NULL, 10) : 0,
                                  table ? table_watch_transform : NULL, table, table ? table_watch_free : NULL);
      return;
    }

  respond_list (request, fields);
}
