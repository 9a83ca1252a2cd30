/* SPDX-License-Identifier: GPL-3.0-or-later */
/* POST, PUT, PATCH and DELETE: every write goes defaulting, validation
 * and managedFields bookkeeping, then the store (dry-run or not). */

#include "config.h"

#include <string.h>

#include "strata-json.h"
#include "strata-sandbox-json.h"
#include "strata-sandbox-apply.h"
#include "strata-sandbox-defaults.h"
#include "strata-sandbox-handlers.h"
#include "strata-sandbox-patch.h"
#include "strata-sandbox-status.h"

typedef enum
{
  TARGET_MAIN,
  TARGET_STATUS,
  TARGET_SCALE,
} Target;

static StrataSandboxStore *
store_of (StrataSandboxRequest *request)
{
  return strata_sandbox_server_get_store (request->server);
}

static StrataSandboxFieldsMode
fields_mode (StrataSandboxRequest *request)
{
  return request->resource->from_crd ? STRATA_SANDBOX_FIELDS_DEDUCED : STRATA_SANDBOX_FIELDS_TYPED;
}

static StrataSandboxWriteFlags
write_flags (StrataSandboxRequest *request)
{
  StrataSandboxWriteFlags flags = STRATA_SANDBOX_WRITE_DEFAULT;

  if (_strata_sandbox_request_dry_run (request))
    flags |= STRATA_SANDBOX_WRITE_DRY_RUN;
  if (!request->resource->has_status)
    flags |= STRATA_SANDBOX_WRITE_WITH_STATUS;
  return flags;
}

/* As kube-apiserver names an unnamed manager: its User-Agent up to "/". */
static char *
field_manager (StrataSandboxRequest *request)
{
  const char *manager = _strata_sandbox_request_query (request, "fieldManager");
  const char *agent;

  if (manager != NULL && *manager != '\0')
    return g_strdup (manager);
  agent = soup_message_headers_get_one (soup_server_message_get_request_headers (request->message), "User-Agent");
  if (agent == NULL || *agent == '\0')
    return g_strdup ("unknown");
  return g_strndup (agent, MIN (strcspn (agent, "/"), 128));
}

static void
respond_bad_request (StrataSandboxRequest *request,
                     guint                 code,
                     const char           *reason,
                     const char           *message)
{
  g_autoptr(JsonNode) status = strata_sandbox_status_new (code, reason, message, NULL, NULL, NULL);

  _strata_sandbox_respond_status (request->message, status);
}

static void
respond_object (StrataSandboxRequest *request,
                guint                 code,
                JsonNode             *object)
{
  _strata_sandbox_set_api_version (request->resource, object);
  _strata_sandbox_respond (request->message, code, object);
}

static gboolean
namespace_exists (StrataSandboxRequest *request)
{
  g_autoptr(JsonNode) owner = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autofree char *message = NULL;
  StrataSandboxResource namespaces = { .group = (char *)"", .plural = (char *)"namespaces", .kind = (char *)"Namespace" };

  if (request->namespace_ == NULL)
    return TRUE;
  owner = strata_sandbox_store_get (store_of (request), "v1", "Namespace", NULL, request->namespace_);
  if (owner != NULL)
    return TRUE;

  message = g_strdup_printf ("namespaces \"%s\" not found", request->namespace_);
  status = strata_sandbox_status_new (404, "NotFound", message, &namespaces, request->namespace_, NULL);
  _strata_sandbox_respond_status (request->message, status);
  return FALSE;
}

/* The object in a body fits the URL it was sent to; fills what it left out. */
static gboolean
check_identity (StrataSandboxRequest *request,
                JsonNode             *object)
{
  const StrataSandboxResource *resource = request->resource;
  g_autofree char *api_version = strata_sandbox_resource_api_version (resource);
  g_autofree char *message = NULL;
  JsonObject *root;
  JsonObject *metadata;
  const char *value;

  if (object == NULL || !JSON_NODE_HOLDS_OBJECT (object))
    {
      respond_bad_request (request, 400, "BadRequest", "the body of the request is not a JSON object");
      return FALSE;
    }
  root = json_node_get_object (object);
  value = strata_json_object_get_string (root, "kind");
  if (value != NULL && !g_str_equal (value, resource->kind))
    {
      message = g_strdup_printf ("%s in version \"%s\" cannot be handled as a %s: converting (%s.%s) to (%s.%s): "
                                 "unknown conversion", value, resource->version, resource->kind, resource->version,
                                 value, *resource->group ? resource->group : "core", resource->kind);
      respond_bad_request (request, 400, "BadRequest", message);
      return FALSE;
    }
  json_object_set_string_member (root, "kind", resource->kind);
  json_object_set_string_member (root, "apiVersion", api_version);

  metadata = strata_json_object_get_object (root, "metadata");
  if (metadata == NULL)
    {
      metadata = json_object_new ();
      json_object_set_object_member (root, "metadata", metadata);
    }

  value = strata_json_object_get_string (metadata, "namespace");
  if (!resource->namespaced)
    json_object_remove_member (metadata, "namespace");
  else if (value != NULL && *value != '\0' && g_strcmp0 (value, request->namespace_) != 0)
    {
      respond_bad_request (request, 400, "BadRequest",
                           "the namespace of the provided object does not match the namespace sent on the request");
      return FALSE;
    }
  else if (request->namespace_ != NULL)
    json_object_set_string_member (metadata, "namespace", request->namespace_);

  value = strata_json_object_get_string (metadata, "name");
  if (request->name != NULL)
    {
      if (value != NULL && *value != '\0' && !g_str_equal (value, request->name))
        {
          message = g_strdup_printf ("the name of the object (%s) does not match the name on the URL (%s)",
                                     value, request->name);
          respond_bad_request (request, 400, "BadRequest", message);
          return FALSE;
        }
      json_object_set_string_member (metadata, "name", request->name);
    }

  return TRUE;
}

static gboolean
check_valid (StrataSandboxRequest *request,
             JsonNode             *object)
{
  g_autoptr(JsonArray) causes = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *message = NULL;
  g_autoptr(JsonNode) status = NULL;
  const char *name;

  if (strata_sandbox_validate (request->resource, object, &causes, &problems))
    return TRUE;

  name = strata_json_object_get_string (strata_json_object_get_object (json_node_get_object (object), "metadata"),
                                        "name");
  /* Qualified as apimachinery qualifies it; several problems bracketed. */
  message = g_strdup_printf ("%s%s%s \"%s\" is invalid: %s%s%s", request->resource->kind,
                             *request->resource->group ? "." : "", request->resource->group, name ? name : "",
                             json_array_get_length (causes) > 1 ? "[" : "", problems,
                             json_array_get_length (causes) > 1 ? "]" : "");
  status = strata_sandbox_status_new (422, "Invalid", message, request->resource, name, causes);
  _strata_sandbox_respond_status (request->message, status);
  return FALSE;
}

/* Defaults, validation and the store, for the object a write produced. */
static void
store_write (StrataSandboxRequest *request,
             JsonNode             *live,
             JsonNode             *object,
             Target                target,
             gboolean              record)
{
  g_autofree char *manager = field_manager (request);
  g_autofree char *api_version = strata_sandbox_resource_api_version (request->resource);
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  strata_sandbox_defaults_apply (request->resource, object);
  if (!check_valid (request, object))
    return;
  if (record)
    strata_sandbox_apply_record_update (live, object, manager, api_version,
                                        target == TARGET_STATUS ? "status" : target == TARGET_SCALE ? "scale" : NULL,
                                        fields_mode (request));

  if (live == NULL)
    result = strata_sandbox_store_create_full (store_of (request), object, write_flags (request), &error);
  else if (target == TARGET_STATUS)
    result = strata_sandbox_store_update_status_full (store_of (request), object, write_flags (request), &error);
  else
    result = strata_sandbox_store_update_full (store_of (request), object, write_flags (request), &error);

  name = strata_json_object_get_string (strata_json_object_get_object (json_node_get_object (object), "metadata"),
                                        "name");
  if (result == NULL)
    {
      _strata_sandbox_respond_error (request, error, name);
      return;
    }

  if (target == TARGET_SCALE)
    {
      g_autoptr(JsonNode) scale = _strata_sandbox_scale_of (request->resource, result);

      _strata_sandbox_respond (request->message, 200, scale);
      return;
    }
  respond_object (request, live == NULL ? 201 : 200, result);
}

static JsonNode *
get_live (StrataSandboxRequest *request,
          gboolean              must_exist)
{
  g_autofree char *api_version = strata_sandbox_resource_api_version (request->resource);
  JsonNode *live = strata_sandbox_store_get (store_of (request), api_version, request->resource->kind,
                                             request->namespace_, request->name);

  if (live == NULL && must_exist)
    {
      g_autoptr(GError) error = g_error_new_literal (STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_NOT_FOUND, "");

      _strata_sandbox_respond_error (request, error, request->name);
    }
  return live;
}

/* The live object with a changed Scale carried over. */
static JsonNode *
apply_scale (StrataSandboxRequest *request,
             JsonNode             *live,
             JsonNode             *scale)
{
  JsonNode *replicas = _strata_sandbox_node_at_path (scale, ".spec.replicas");
  const char *version = strata_json_object_get_string (strata_json_object_get_object (json_node_get_object (scale),
                                                                                       "metadata"),
                                                       "resourceVersion");
  JsonNode *updated = strata_sandbox_json_copy (live);
  g_auto(GStrv) parts = g_strsplit (request->resource->scale_replicas_path + 1, ".", -1);
  JsonObject *object = json_node_get_object (updated);

  for (guint i = 0; parts[i] != NULL && parts[i + 1] != NULL; i++)
    {
      if (!json_object_has_member (object, parts[i]) ||
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, parts[i])))
        json_object_set_object_member (object, parts[i], json_object_new ());
      object = json_object_get_object_member (object, parts[i]);
    }
  json_object_set_int_member (object, parts[g_strv_length (parts) - 1],
                              replicas && JSON_NODE_HOLDS_VALUE (replicas) ? json_node_get_int (replicas) : 0);
  json_object_set_string_member (json_object_get_object_member (json_node_get_object (updated), "metadata"),
                                 "resourceVersion", version ? version : "");
  return updated;
}

static void
handle_create (StrataSandboxRequest *request)
{
  g_autoptr(JsonNode) object = _strata_sandbox_request_body (request);

  if (object == NULL || !check_identity (request, object) || !namespace_exists (request))
    return;
  store_write (request, NULL, object, TARGET_MAIN, TRUE);
}

static void
handle_update (StrataSandboxRequest *request,
               Target                target)
{
  g_autoptr(JsonNode) body = _strata_sandbox_request_body (request);
  g_autoptr(JsonNode) live = NULL;
  g_autoptr(JsonNode) object = NULL;

  if (body == NULL)
    return;
  if (target == TARGET_SCALE)
    {
      if (!(live = get_live (request, TRUE)))
        return;
      object = apply_scale (request, live, body);
    }
  else
    {
      if (!check_identity (request, body) || !(live = get_live (request, TRUE)))
        return;
      object = g_steal_pointer (&body);
    }
  store_write (request, live, object, target, TRUE);
}

/* What kube-apiserver refuses in an applied configuration before it
 * looks at the live object. */
static gboolean
check_applied (StrataSandboxRequest *request,
               JsonNode             *applied)
{
  JsonObject *metadata;
  const char *name;

  if (applied == NULL || !JSON_NODE_HOLDS_OBJECT (applied))
    return TRUE;  /* check_identity says what is wrong */
  metadata = strata_json_object_get_object (json_node_get_object (applied), "metadata");
  name = strata_json_object_get_string (metadata, "name");
  if (name == NULL || *name == '\0')
    {
      g_autofree char *message = g_strdup_printf ("the name of the object (%s based on URL) was undeterminable: "
                                                  "name must be provided", request->name ? request->name : "");

      respond_bad_request (request, 400, "BadRequest", message);
      return FALSE;
    }
  if (metadata != NULL && json_object_has_member (metadata, "managedFields") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (metadata, "managedFields")))
    {
      respond_bad_request (request, 400, "BadRequest", "metadata.managedFields must be nil");
      return FALSE;
    }
  return TRUE;
}

static void
handle_apply (StrataSandboxRequest *request,
              JsonNode             *live,
              JsonNode             *applied,
              Target                target)
{
  g_autofree char *api_version = strata_sandbox_resource_api_version (request->resource);
  const char *manager = _strata_sandbox_request_query (request, "fieldManager");
  const char *force = _strata_sandbox_request_query (request, "force");
  g_autoptr(JsonArray) conflicts = NULL;
  g_autofree char *message = NULL;
  g_autoptr(JsonNode) merged = NULL;

  if (manager == NULL || *manager == '\0')
    {
      StrataSandboxResource options = { .group = (char *)"meta.k8s.io", .kind = (char *)"PatchOptions",
                                        .plural = (char *)"PatchOptions" };
      g_autoptr(JsonArray) causes = json_array_new ();
      g_autoptr(JsonNode) status = NULL;

      strata_sandbox_status_add_cause (causes, "FieldValueRequired", "fieldManager",
                                       "Required value: is required for apply patch");
      status = strata_sandbox_status_new (422, "Invalid",
                                          "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                                          "is required for apply patch", &options, NULL, causes);
      _strata_sandbox_respond_status (request->message, status);
      return;
    }
  if (!check_applied (request, applied) || !check_identity (request, applied) ||
      (live == NULL && !namespace_exists (request)))
    return;

  /* The main resource ignores status, the status subresource the rest. */
  if (request->resource->has_status && target == TARGET_MAIN)
    json_object_remove_member (json_node_get_object (applied), "status");

  merged = strata_sandbox_apply (live, applied, manager, api_version, g_strcmp0 (force, "true") == 0,
                                 fields_mode (request), &conflicts, &message);
  if (merged == NULL)
    {
      g_autoptr(JsonNode) status = strata_sandbox_status_new (409, "Conflict", message, NULL, NULL, conflicts);

      _strata_sandbox_respond_status (request->message, status);
      return;
    }
  store_write (request, live, merged, target, FALSE);
}

static void
handle_patch (StrataSandboxRequest *request,
              Target                target)
{
  const char *content_type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (request->message), NULL);
  g_autoptr(JsonNode) patch = NULL;
  g_autoptr(JsonNode) live = NULL;
  g_autoptr(JsonNode) base = NULL;
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(GError) error = NULL;
  gboolean apply = g_strcmp0 (content_type, "application/apply-patch+yaml") == 0;

  if (!apply && g_strcmp0 (content_type, "application/merge-patch+json") != 0 &&
      g_strcmp0 (content_type, "application/json-patch+json") != 0 &&
      (g_strcmp0 (content_type, "application/strategic-merge-patch+json") != 0 || request->resource->from_crd))
    {
      g_autoptr(JsonNode) status = strata_sandbox_status_new (415, "UnsupportedMediaType", "415: Unsupported Media Type",
                                                              NULL, NULL, NULL);

      json_object_set_object_member (json_node_get_object (status), "details", json_object_new ());
      _strata_sandbox_respond_status (request->message, status);
      return;
    }

  if (!(patch = _strata_sandbox_request_body (request)))
    return;
  live = get_live (request, !apply || target != TARGET_MAIN);
  if (live == NULL && (!apply || target != TARGET_MAIN))
    return;

  if (apply && target != TARGET_SCALE)
    {
      handle_apply (request, live, patch, target);
      return;
    }

  base = target == TARGET_SCALE ? _strata_sandbox_scale_of (request->resource, live) : strata_sandbox_json_copy (live);
  if (g_strcmp0 (content_type, "application/merge-patch+json") == 0)
    patched = strata_sandbox_patch_merge (base, patch, &error);
  else if (g_strcmp0 (content_type, "application/json-patch+json") == 0)
    patched = strata_sandbox_patch_json (base, patch, &error);
  else
    patched = strata_sandbox_patch_strategic (base, patch, &error);
  if (patched == NULL && g_error_matches (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_INVALID))
    {
      /* A failed "test" operation: kube-apiserver says no more. */
      g_autoptr(JsonNode) status = strata_sandbox_status_new (422, "Invalid", "the server rejected our request due to "
                                                              "an error in our request", NULL, NULL, NULL);

      json_object_set_object_member (json_node_get_object (status), "details", json_object_new ());
      _strata_sandbox_respond_status (request->message, status);
      return;
    }
  if (patched == NULL)
    {
      _strata_sandbox_respond_error (request, error, request->name);
      return;
    }

  if (target == TARGET_SCALE)
    {
      g_autoptr(JsonNode) scaled = apply_scale (request, live, patched);

      store_write (request, live, scaled, target, TRUE);
      return;
    }
  if (!check_identity (request, patched))
    return;
  store_write (request, live, patched, target, TRUE);
}

/* DELETE */

static const char *
delete_option (StrataSandboxRequest *request,
               JsonObject           *options,
               const char           *name)
{
  const char *value = _strata_sandbox_request_query (request, name);

  return value ? value : strata_json_object_get_string (options, name);
}

static JsonNode *
delete_one (StrataSandboxRequest  *request,
            JsonObject            *options,
            const char            *name,
            GError               **error)
{
  g_autofree char *api_version = strata_sandbox_resource_api_version (request->resource);
  JsonArray *dry_run = strata_json_object_get_array (options, "dryRun");
  const char *policy = delete_option (request, options, "propagationPolicy");
  JsonObject *preconditions = strata_json_object_get_object (options, "preconditions");
  StrataSandboxWriteFlags flags = write_flags (request) & STRATA_SANDBOX_WRITE_DRY_RUN;

  if (dry_run != NULL && json_array_get_length (dry_run) > 0)
    flags |= STRATA_SANDBOX_WRITE_DRY_RUN;
  if (policy == NULL && options != NULL && json_object_has_member (options, "orphanDependents"))
    policy = json_object_get_boolean_member (options, "orphanDependents") ? "Orphan" : "Background";

  if (preconditions != NULL)
    {
      g_autoptr(JsonNode) live = strata_sandbox_store_get (store_of (request), api_version, request->resource->kind,
                                                           request->namespace_, name);
      JsonObject *metadata = live ? strata_json_object_get_object (json_node_get_object (live), "metadata") : NULL;
      const char *uid = strata_json_object_get_string (preconditions, "uid");
      const char *version = strata_json_object_get_string (preconditions, "resourceVersion");

      if (live != NULL && uid != NULL && g_strcmp0 (uid, strata_json_object_get_string (metadata, "uid")) != 0)
        {
          g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_CONFLICT,
                       "Precondition failed: UID in precondition: %s, UID in object meta: %s", uid,
                       strata_json_object_get_string (metadata, "uid"));
          return NULL;
        }
      if (live != NULL && version != NULL &&
          g_strcmp0 (version, strata_json_object_get_string (metadata, "resourceVersion")) != 0)
        {
          g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_CONFLICT, "precondition failed");
          return NULL;
        }
    }

  return strata_sandbox_store_delete_full (store_of (request), api_version, request->resource->kind,
                                           request->namespace_, name, policy, flags, error);
}

static void
handle_delete (StrataSandboxRequest *request)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->message);
  g_autoptr(JsonNode) options = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *options_object = NULL;
  JsonObject *metadata;

  if (body->length > 0 && !(options = _strata_sandbox_request_body (request)))
    return;
  if (options != NULL && JSON_NODE_HOLDS_OBJECT (options))
    options_object = json_node_get_object (options);

  if (request->name == NULL)
    {
      /* deletecollection: the list of what went. */
      g_autofree char *api_version = strata_sandbox_resource_api_version (request->resource);
      g_autoptr(GPtrArray) items = strata_sandbox_store_list (store_of (request), api_version, request->resource->kind,
                                                              request->namespace_,
                                                              _strata_sandbox_request_query (request, "labelSelector"),
                                                              &error);
      g_autoptr(JsonNode) list = strata_sandbox_json_new_object ();
      g_autofree char *list_kind = g_strconcat (request->resource->kind, "List", NULL);
      JsonArray *array = json_array_new ();

      if (items == NULL)
        {
          json_array_unref (array);
          _strata_sandbox_respond_error (request, error, NULL);
          return;
        }
      for (guint i = 0; i < items->len; i++)
        {
          JsonObject *item_metadata = strata_json_object_get_object (json_node_get_object (g_ptr_array_index (items, i)),
                                                                     "metadata");
          g_autoptr(JsonNode) gone = delete_one (request, options_object,
                                                 strata_json_object_get_string (item_metadata, "name"), NULL);

          if (gone != NULL)
            json_array_add_element (array, g_steal_pointer (&gone));
        }
      json_object_set_string_member (json_node_get_object (list), "kind", list_kind);
      json_object_set_string_member (json_node_get_object (list), "apiVersion", api_version);
      json_object_set_object_member (json_node_get_object (list), "metadata", json_object_new ());
      json_object_set_array_member (json_node_get_object (list), "items", array);
      _strata_sandbox_respond (request->message, 200, list);
      return;
    }

  deleted = delete_one (request, options_object, request->name, &error);
  if (deleted == NULL)
    {
      _strata_sandbox_respond_error (request, error, request->name);
      return;
    }

  /* Still there (finalizers, a terminating namespace) or a Pod: the
   * object; gone: a Success status, as kube-apiserver answers. */
  metadata = strata_json_object_get_object (json_node_get_object (deleted), "metadata");
  if (strata_json_object_get_string (metadata, "deletionTimestamp") != NULL ||
      g_str_equal (request->resource->kind, "Pod"))
    respond_object (request, 200, deleted);
  else
    {
      g_autoptr(JsonNode) status = strata_sandbox_status_success (request->resource, request->name,
                                                                   strata_json_object_get_string (metadata, "uid"));

      _strata_sandbox_respond (request->message, 200, status);
    }
}

void
_strata_sandbox_handle_write (StrataSandboxRequest *request)
{
  const char *method = soup_server_message_get_method (request->message);
  Target target = g_strcmp0 (request->subresource, "status") == 0 ? TARGET_STATUS
                : g_strcmp0 (request->subresource, "scale") == 0 ? TARGET_SCALE : TARGET_MAIN;

  if (g_str_equal (method, "POST") && request->name == NULL)
    handle_create (request);
  else if (g_str_equal (method, "PUT") && request->name != NULL)
    handle_update (request, target);
  else if (g_str_equal (method, "PATCH") && request->name != NULL)
    handle_patch (request, target);
  else if (g_str_equal (method, "DELETE") && request->subresource == NULL)
    handle_delete (request);
  else
    {
      g_autofree char *message = g_strdup_printf ("the server does not allow this method on the requested resource");

      respond_bad_request (request, 405, "MethodNotAllowed", message);
    }
}
