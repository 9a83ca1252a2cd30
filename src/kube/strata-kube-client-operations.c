/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The client's operations on objects: each resolves its kind through
 * discovery, then sends one request (or one per page) through the client. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-json.h"
#include "strata-kube-client-private.h"
#include "strata-kube-watch-private.h"

#define DEFAULT_PAGE_SIZE 500
#define DEFAULT_FIELD_MANAGER "strata"

typedef struct _Operation Operation;
typedef void (*OperationSend) (GTask *task);

struct _Operation
{
  char                   *api_version;
  char                   *kind;
  char                   *namespace_;
  char                   *name;
  char                   *label_selector;
  char                   *field_manager;
  char                   *propagation_policy;
  JsonNode               *object;
  StrataKubeRequestFlags  flags;
  guint                   page_size;
  gboolean                all_namespaces;  /* a list without a namespace */
  OperationSend           send;
  const char             *verb;
  StrataKubeResource     *resource;
  char                   *what;
  char                   *continue_token;
  JsonArray              *items;
  char                   *resource_version;
};

static void
operation_free (Operation *operation)
{
  g_free (operation->api_version);
  g_free (operation->kind);
  g_free (operation->namespace_);
  g_free (operation->name);
  g_free (operation->label_selector);
  g_free (operation->field_manager);
  g_free (operation->propagation_policy);
  g_clear_pointer (&operation->object, json_node_unref);
  g_clear_pointer (&operation->resource, strata_kube_resource_unref);
  g_free (operation->what);
  g_free (operation->continue_token);
  g_clear_pointer (&operation->items, json_array_unref);
  g_free (operation->resource_version);
  g_free (operation);
}

static GTask *
operation_task_new (StrataKubeClient    *self,
                    gpointer             source_tag,
                    const char          *verb,
                    OperationSend        send,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Operation *operation = g_new0 (Operation, 1);

  operation->verb = verb;
  operation->send = send;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, operation, (GDestroyNotify)operation_free);

  return task;
}

static JsonNode *
operation_finish (StrataKubeClient  *self,
                  GAsyncResult      *result,
                  gpointer           source_tag,
                  GError           **error)
{
  g_return_val_if_fail (STRATA_IS_KUBE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static JsonNode *
parse_object (StrataKubeClient  *self,
              GBytes            *body,
              const char        *what,
              GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (!json_parser_load_from_data (parser, data, size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_FAILED,
                   _("%s on %s failed: the answer is not a JSON object"),
                   what, _strata_kube_client_get_server (self));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/* Where a namespaced request goes when the caller named no namespace. */
static const char *
default_namespace (StrataKubeClient *self)
{
  const char *namespace_ = strata_kube_endpoint_get_namespace (strata_kube_client_get_endpoint (self));

  return namespace_ != NULL && *namespace_ != '\0' ? namespace_ : "default";
}

/* A copy of @object (sharing everything below metadata) whose
 * metadata.namespace is @namespace_; the caller's tree stays untouched. */
static JsonNode *
object_with_namespace (JsonNode   *object,
                       const char *namespace_)
{
  JsonObject *source = json_node_get_object (object);
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(JsonObject) metadata = json_object_new ();
  JsonObject *source_metadata = strata_json_object_get_object (source, "metadata");
  g_autoptr(GList) members = json_object_get_members (source);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "metadata"))
      json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (source, l->data)));

  if (source_metadata != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (source_metadata);

      for (GList *l = names; l != NULL; l = l->next)
        json_object_set_member (metadata, l->data, json_node_copy (json_object_get_member (source_metadata, l->data)));
    }
  json_object_set_string_member (metadata, "namespace", namespace_);
  json_object_set_object_member (copy, "metadata", g_steal_pointer (&metadata));

  return json_node_init_object (json_node_alloc (), copy);
}

static void
append_query (GString    *path,
              const char *name,
              const char *value)
{
  g_string_append_c (path, strchr (path->str, '?') ? '&' : '?');
  g_string_append (path, name);
  g_string_append_c (path, '=');
  g_string_append_uri_escaped (path, value, NULL, FALSE);
}

static void
on_object_received (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataKubeClient *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (!(body = _strata_kube_client_send_finish (self, result, &error)) ||
      !(node = parse_object (self, body, operation->what, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, node, (GDestroyNotify)json_node_unref);
}

static void
on_operation_resolved (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataKubeClient *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);
  StrataKubeDiscovery *discovery = _strata_kube_client_get_discovery (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  if (!(operation->resource = strata_kube_discovery_resolve_finish (discovery, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!strata_kube_resource_is_namespaced (operation->resource))
    g_clear_pointer (&operation->namespace_, g_free);
  else if (operation->namespace_ == NULL && !operation->all_namespaces)
    operation->namespace_ = g_strdup (default_namespace (self));

  if (operation->object != NULL && operation->namespace_ != NULL &&
      strata_json_object_get_string (strata_json_object_get_object (json_node_get_object (operation->object), "metadata"), "namespace") == NULL)
    {
      JsonNode *copy = object_with_namespace (operation->object, operation->namespace_);

      json_node_unref (operation->object);
      operation->object = copy;
    }

  description = _strata_kube_client_describe (strata_kube_resource_get_kind (operation->resource),
                                              operation->namespace_, operation->name);
  operation->what = g_strdup_printf ("%s %s", operation->verb, description);

  operation->send (task);
}

static void
operation_resolve (GTask *task)
{
  StrataKubeClient *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);

  strata_kube_discovery_resolve_async (_strata_kube_client_get_discovery (self),
                                       operation->api_version, operation->kind,
                                       g_task_get_cancellable (task),
                                       on_operation_resolved, g_object_ref (task));
}

/* For create and apply: what the object says about itself. */
static gboolean
operation_take_object (Operation  *operation,
                       JsonNode   *object,
                       gboolean    name_required,
                       GError    **error)
{
  JsonObject *root = object && JSON_NODE_HOLDS_OBJECT (object) ? json_node_get_object (object) : NULL;
  JsonObject *metadata = strata_json_object_get_object (root, "metadata");
  const char *api_version = strata_json_object_get_string (root, "apiVersion");
  const char *kind = strata_json_object_get_string (root, "kind");
  const char *name = strata_json_object_get_string (metadata, "name");

  if (root == NULL || api_version == NULL || kind == NULL)
    {
      g_set_error_literal (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_INVALID,
                           _("The object has no apiVersion or no kind; every Kubernetes object needs both"));
      return FALSE;
    }

  if (name == NULL && (name_required || strata_json_object_get_string (metadata, "generateName") == NULL))
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_INVALID,
                   _("The %s object has no metadata.name"), kind);
      return FALSE;
    }

  operation->api_version = g_strdup (api_version);
  operation->kind = g_strdup (kind);
  operation->name = g_strdup (name);
  operation->namespace_ = g_strdup (strata_json_object_get_string (metadata, "namespace"));
  operation->object = json_node_ref (object);

  return TRUE;
}

static GBytes *
operation_body (Operation *operation)
{
  gsize length;
  char *text = json_to_string (operation->object, FALSE);

  length = strlen (text);
  return g_bytes_new_take (text, length);
}

/* /version */

void
strata_kube_client_get_version_async (StrataKubeClient    *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Operation *operation;

  g_return_if_fail (STRATA_IS_KUBE_CLIENT (self));

  task = operation_task_new (self, strata_kube_client_get_version_async, "get", NULL,
                             cancellable, callback, user_data);
  operation = g_task_get_task_data (task);
  operation->what = g_strdup (_("get the server version"));

  _strata_kube_client_send_async (self, "GET", "/version", NULL, NULL, NULL, operation->what,
                                  cancellable, on_object_received, g_object_ref (task));
}

/**
 * strata_kube_client_get_version_finish:
 *
 * Returns: (transfer full): the server's version.Info object
 */
JsonNode *
strata_kube_client_get_version_finish (StrataKubeClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return operation_finish (self, result, strata_kube_client_get_version_async, error);
}

/* resolve */

static void
on_resolved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  StrataKubeResource *resource;

  if (!(resource = strata_kube_discovery_resolve_finish (STRATA_KUBE_DISCOVERY (object), result, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, resource, (GDestroyNotify)strata_kube_resource_unref);
}

/**
 * strata_kube_client_resolve_async:
 * @api_version: (nullable): "v1", "apps/v1" …; %NULL to look @kind up as
 *   kubectl does: a Kind, plural, singular or short name, optionally
 *   followed by ".group", in discovery order (core group first)
 * @kind: the kind
 *
 * Finds how to reach a kind over REST: from the discovery cache, asking the
 * server again once when the kind is not there.
 */
void
strata_kube_client_resolve_async (StrataKubeClient    *self,
                                  const char          *api_version,
                                  const char          *kind,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (STRATA_IS_KUBE_CLIENT (self));
  g_return_if_fail (kind != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_kube_client_resolve_async);

  strata_kube_discovery_resolve_async (_strata_kube_client_get_discovery (self),
                                       api_version, kind, cancellable,
                                       on_resolved, g_object_ref (task));
}

/**
 * strata_kube_client_resolve_finish:
 *
 * Returns: (transfer full): the resource, or %NULL with
 *   %STRATA_KUBE_ERROR_UNKNOWN_KIND (or why the server could not be asked)
 */
StrataKubeResource *
strata_kube_client_resolve_finish (StrataKubeClient  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (STRATA_IS_KUBE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_kube_client_resolve_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* get */

static void
get_send (GTask *task)
{
  StrataKubeClient *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);
  g_autofree char *path = strata_kube_resource_build_path (operation->resource, operation->namespace_,
                                                           operation->name);

  _strata_kube_client_send_async (self, "GET", path, operation->resource, NULL, NULL, operation->what,
                                  g_task_get_cancellable (task), on_object_received, g_object_ref (task));
}

/**
 * strata_kube_client_get_async:
 * @namespace_: (nullable): the namespace; %NULL for the context's (or
 *   "default"); ignored for cluster-scoped kinds
 */
void
strata_kube_client_get_async (StrataKubeClient    *self,
                              const char          *api_version,
                              const char          *kind,
                              const char          *namespace_,
                              const char          *name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Operation *operation;

  g_return_if_fail (STRATA_IS_KUBE_CLIENT (self));
  g_return_if_fail (api_version != NULL);
  g_return_if_fail (kind != NULL);
  g_return_if_fail (name != NULL);

  task = operation_task_new (self, strata_kube_client_get_async, "get", get_send,
                             cancellable, callback, user_data);
  operation = g_task_get_task_data (task);
  operation->api_version = g_strdup (api_version);
  operation->kind = g_strdup (kind);
  operation->namespace_ = g_strdup (namespace_);
  operation->name = g_strdup (name);

  operation_resolve (task);
}

/**
 * strata_kube_client_get_finish:
 *
 * Returns: (transfer full): the object
 */
JsonNode *
strata_kube_client_get_finish (StrataKubeClient  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  return operation_finish (self, result, strata_kube_client_get_async, error);
}

/* list */

static void list_send_page (GTask *task);

/* Items of a typed list carry no apiVersion and kind; put them back first,
 * where a reader (and kubectl's output) has them. */
static JsonNode *
item_with_type (JsonNode           *item,
                StrataKubeResource *resource)
{
  JsonObject *source;
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (item) || json_object_has_member (json_node_get_object (item), "kind"))
    return json_node_copy (item);

  source = json_node_get_object (item);
  copy = json_object_new ();
  json_object_set_string_member (copy, "apiVersion", strata_kube_resource_get_group_version (resource));
  json_object_set_string_member (copy, "kind", strata_kube_resource_get_kind (resource));
  members = json_object_get_members (source);
  for (GList *l = members; l != NULL; l = l->next)
    if (!json_object_has_member (copy, l->data))
      json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (source, l->data)));

  return json_node_init_object (json_node_alloc (), copy);
}

static JsonNode *
list_build (Operation *operation)
{
  g_autoptr(JsonObject) list = json_object_new ();
  g_autoptr(JsonObject) metadata = json_object_new ();
  g_autofree char *kind = g_strconcat (strata_kube_resource_get_kind (operation->resource), "List", NULL);

  json_object_set_string_member (list, "apiVersion", strata_kube_resource_get_group_version (operation->resource));
  json_object_set_string_member (list, "kind", kind);
  if (operation->resource_version != NULL)
    json_object_set_string_member (metadata, "resourceVersion", operation->resource_version);
  json_object_set_object_member (list, "metadata", g_steal_pointer (&metadata));
  json_object_set_array_member (list, "items", g_steal_pointer (&operation->items));

  return json_node_init_object (json_node_alloc (), list);
}

static void
on_page_received (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataKubeClient *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *metadata;
  JsonNode *items;
  const char *continue_token;

  if (!(body = _strata_kube_client_send_finish (self, result, &error)) ||
      !(page = parse_object (self, body, operation->what, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  root = json_node_get_object (page);
  metadata = strata_json_object_get_object (root, "metadata");
  items = json_object_get_member (root, "items");
  for (guint i = 0; items != NULL && JSON_NODE_HOLDS_ARRAY (items) &&
                    i < json_array_get_length (json_node_get_array (items)); i++)
    json_array_add_element (operation->items,
                            item_with_type (json_array_get_element (json_node_get_array (items), i),
                                            operation->resource));

  g_free (operation->resource_version);
  operation->resource_version = g_strdup (strata_json_object_get_string (metadata, "resourceVersion"));
  continue_token = strata_json_object_get_string (metadata, "continue");

  if (continue_token != NULL && *continue_token != '\0')
    {
      g_free (operation->continue_token);
      operation->continue_token = g_strdup (continue_token);
      list_send_page (task);
      return;
    }

  g_task_return_pointer (task, list_build (operation), (GDestroyNotify)json_node_unref);
}

static void
list_send_page (GTask *task)
{
  StrataKubeClient *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);
  g_autofree char *collection = strata_kube_resource_build_path (operation->resource, operation->namespace_, NULL);
  g_autoptr(GString) path = g_string_new (collection);
  g_autofree char *limit = g_strdup_printf ("%u", operation->page_size);

  if (operation->items == NULL)
    operation->items = json_array_new ();

  append_query (path, "limit", limit);
  if (operation->label_selector != NULL)
    append_query (path, "labelSelector", operation->label_selector);
  if (operation->continue_token != NULL)
    append_query (path, "continue", operation->continue_token);

  _strata_kube_client_send_async (self, "GET", path->str, operation->resource, NULL, NULL, operation->what,
                                  g_task_get_cancellable (task), on_page_received, g_object_ref (task));
}

void
strata_kube_client_list_async (StrataKubeClient    *self,
                               const char          *api_version,
                               const char          *kind,
                               const char          *namespace_,
                               const char          *label_selector,
                               guint                page_size,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Operation *operation;

  g_return_if_fail (STRATA_IS_KUBE_CLIENT (self));
  g_return_if_fail (api_version != NULL);
  g_return_if_fail (kind != NULL);

  task = operation_task_new (self, strata_kube_client_list_async, "list", list_send_page,
                             cancellable, callback, user_data);
  operation = g_task_get_task_data (task);
  operation->api_version = g_strdup (api_version);
  operation->kind = g_strdup (kind);
  operation->namespace_ = g_strdup (namespace_);
  operation->label_selector = g_strdup (label_selector);
  operation->page_size = page_size > 0 ? page_size : DEFAULT_PAGE_SIZE;
  operation->all_namespaces = TRUE;

  operation_resolve (task);
}

/**
 * strata_kube_client_list_finish:
 *
 * Returns: (transfer full): a KINDList with every item (each with its
 *   apiVersion and kind) and the resourceVersion of the list
 */
JsonNode *
strata_kube_client_list_finish (StrataKubeClient  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  return operation_finish (self, result, strata_kube_client_list_async, error);
}

/* create */

static void
create_send (GTask *task)
{
  StrataKubeClient *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);
  g_autofree char *collection = strata_kube_resource_build_path (operation->resource, operation->namespace_, NULL);
  g_autoptr(GString) path = g_string_new (collection);
  g_autoptr(GBytes) body = operation_body (operation);

  if (operation->flags & STRATA_KUBE_REQUEST_DRY_RUN)
    append_query (path, "dryRun", "All");

  _strata_kube_client_send_async (self, "POST", path->str, operation->resource, "application/json", body,
                                  operation->what, g_task_get_cancellable (task),
                                  on_object_received, g_object_ref (task));
}

void
strata_kube_client_create_async (StrataKubeClient       *self,
                                 JsonNode               *object,
                                 StrataKubeRequestFlags  flags,
                                 GCancellable           *cancellable,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Operation *operation;

  g_return_if_fail (STRATA_IS_KUBE_CLIENT (self));
  g_return_if_fail (object != NULL);

  task = operation_task_new (self, strata_kube_client_create_async, "create", create_send,
                             cancellable, callback, user_data);
  operation = g_task_get_task_data (task);
  operation->flags = flags;

  if (!operation_take_object (operation, object, FALSE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  operation_resolve (task);
}

/**
 * strata_kube_client_create_finish:
 *
 * Returns: (transfer full): the object as created
 */
JsonNode *
strata_kube_client_create_finish (StrataKubeClient  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return operation_finish (self, result, strata_kube_client_create_async, error);
}

/* server-side apply */

static void
apply_send (GTask *task)
{
  StrataKubeClient *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);
  g_autofree char *object_path = strata_kube_resource_build_path (operation->resource, operation->namespace_,
                                                                  operation->name);
  g_autoptr(GString) path = g_string_new (object_path);
  /* JSON is YAML, so the apply patch needs no YAML emitter. */
  g_autoptr(GBytes) body = operation_body (operation);

  append_query (path, "fieldManager", operation->field_manager);
  if (operation->flags & STRATA_KUBE_REQUEST_FORCE)
    append_query (path, "force", "true");
  if (operation->flags & STRATA_KUBE_REQUEST_DRY_RUN)
    append_query (path, "dryRun", "All");

  _strata_kube_client_send_async (self, "PATCH", path->str, operation->resource,
                                  "application/apply-patch+yaml", body,
                                  operation->what, g_task_get_cancellable (task),
                                  on_object_received, g_object_ref (task));
}

/**
 * strata_kube_client_apply_async:
 * @field_manager: (nullable): the field manager; %NULL for "strata"
 */
void
strata_kube_client_apply_async (StrataKubeClient       *self,
                                JsonNode               *object,
                                const char             *field_manager,
                                StrataKubeRequestFlags  flags,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Operation *operation;

  g_return_if_fail (STRATA_IS_KUBE_CLIENT (self));
  g_return_if_fail (object != NULL);

  task = operation_task_new (self, strata_kube_client_apply_async, "apply", apply_send,
                             cancellable, callback, user_data);
  operation = g_task_get_task_data (task);
  operation->flags = flags;
  operation->field_manager = g_strdup (field_manager ? field_manager : DEFAULT_FIELD_MANAGER);

  if (!operation_take_object (operation, object, TRUE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  operation_resolve (task);
}

/**
 * strata_kube_client_apply_finish:
 *
 * Returns: (transfer full): the object as the server holds it after the
 *   apply (or would, for a dry run)
 */
JsonNode *
strata_kube_client_apply_finish (StrataKubeClient  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  return operation_finish (self, result, strata_kube_client_apply_async, error);
}

/* delete */

static GBytes *
delete_options_new (Operation *operation)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "v1");
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "DeleteOptions");
  if (operation->propagation_policy != NULL)
    {
      json_builder_set_member_name (builder, "propagationPolicy");
      json_builder_add_string_value (builder, operation->propagation_policy);
    }
  if (operation->flags & STRATA_KUBE_REQUEST_DRY_RUN)
    {
      json_builder_set_member_name (builder, "dryRun");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, "All");
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

static void
delete_send (GTask *task)
{
  StrataKubeClient *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);
  g_autofree char *path = strata_kube_resource_build_path (operation->resource, operation->namespace_,
                                                           operation->name);
  g_autoptr(GBytes) body = delete_options_new (operation);

  _strata_kube_client_send_async (self, "DELETE", path, operation->resource, "application/json", body,
                                  operation->what, g_task_get_cancellable (task),
                                  on_object_received, g_object_ref (task));
}

void
strata_kube_client_delete_async (StrataKubeClient       *self,
                                 const char             *api_version,
                                 const char             *kind,
                                 const char             *namespace_,
                                 const char             *name,
                                 const char             *propagation_policy,
                                 StrataKubeRequestFlags  flags,
                                 GCancellable           *cancellable,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  Operation *operation;

  g_return_if_fail (STRATA_IS_KUBE_CLIENT (self));
  g_return_if_fail (api_version != NULL);
  g_return_if_fail (kind != NULL);
  g_return_if_fail (name != NULL);

  task = operation_task_new (self, strata_kube_client_delete_async, "delete", delete_send,
                             cancellable, callback, user_data);
  operation = g_task_get_task_data (task);
  operation->api_version = g_strdup (api_version);
  operation->kind = g_strdup (kind);
  operation->namespace_ = g_strdup (namespace_);
  operation->name = g_strdup (name);
  operation->propagation_policy = g_strdup (propagation_policy);
  operation->flags = flags;

  operation_resolve (task);
}

/**
 * strata_kube_client_delete_finish:
 *
 * Returns: (transfer full): the object (still there while finalizers run)
 *   or a Status
 */
JsonNode *
strata_kube_client_delete_finish (StrataKubeClient  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return operation_finish (self, result, strata_kube_client_delete_async, error);
}

/* watch */

/**
 * strata_kube_client_watch:
 * @namespace_: (nullable): a namespace, or %NULL for all
 * @label_selector: (nullable): a label selector
 * @resource_version: (nullable): where to start; %NULL lists first and
 *   delivers that list as #StrataKubeWatch::relisted
 *
 * Returns: (transfer full): the running watch; call
 *   strata_kube_watch_stop() before dropping it
 */
StrataKubeWatch *
strata_kube_client_watch (StrataKubeClient *self,
                          const char       *api_version,
                          const char       *kind,
                          const char       *namespace_,
                          const char       *label_selector,
                          const char       *resource_version)
{
  g_return_val_if_fail (STRATA_IS_KUBE_CLIENT (self), NULL);
  g_return_val_if_fail (api_version != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  return _strata_kube_watch_new (self, api_version, kind, namespace_, label_selector, resource_version);
}
