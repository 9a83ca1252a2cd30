/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "strata-sandbox-status.h"

char *
strata_sandbox_status_qualified (const StrataSandboxResource *resource)
{
  if (resource == NULL)
    return g_strdup ("");
  if (*resource->group == '\0')
    return g_strdup (resource->plural);
  return g_strconcat (resource->plural, ".", resource->group, NULL);
}

JsonNode *
strata_sandbox_status_new (guint                        code,
                           const char                  *reason,
                           const char                  *message,
                           const StrataSandboxResource *resource,
                           const char                  *name,
                           JsonArray                   *causes)
{
  JsonObject *status = json_object_new ();
  JsonObject *details = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (status, "kind", "Status");
  json_object_set_string_member (status, "apiVersion", "v1");
  json_object_set_object_member (status, "metadata", json_object_new ());
  json_object_set_string_member (status, "status", code < 400 ? "Success" : "Failure");
  json_object_set_string_member (status, "message", message);
  if (reason != NULL)
    json_object_set_string_member (status, "reason", reason);

  if (name != NULL && *name != '\0')
    json_object_set_string_member (details, "name", name);
  if (resource != NULL && *resource->group != '\0')
    json_object_set_string_member (details, "group", resource->group);
  if (resource != NULL)
    /* Invalid names the kind, every other reason the resource. */
    json_object_set_string_member (details, "kind",
                                   g_strcmp0 (reason, "Invalid") == 0 ? resource->kind : resource->plural);
  if (causes != NULL)
    json_object_set_array_member (details, "causes", json_array_ref (causes));
  if (json_object_get_size (details) > 0)
    json_object_set_object_member (status, "details", details);
  else
    json_object_unref (details);

  /* A Success status has no code, as kube-apiserver writes it. */
  if (code >= 400)
    json_object_set_int_member (status, "code", code);
  json_node_take_object (node, status);
  return node;
}

void
strata_sandbox_status_add_cause (JsonArray  *causes,
                                 const char *reason,
                                 const char *field,
                                 const char *message)
{
  JsonObject *cause = json_object_new ();

  json_object_set_string_member (cause, "reason", reason);
  json_object_set_string_member (cause, "message", message);
  json_object_set_string_member (cause, "field", field);
  json_array_add_object_element (causes, cause);
}

JsonNode *
strata_sandbox_status_from_error (const GError                *error,
                                  const StrataSandboxResource *resource,
                                  const char                  *name)
{
  g_autofree char *qualified = strata_sandbox_status_qualified (resource);
  g_autofree char *message = NULL;

  if (error->domain != STRATA_SANDBOX_ERROR)
    {
      message = g_strdup_printf ("Internal error occurred: %s", error->message);
      return strata_sandbox_status_new (500, "InternalError", message, NULL, NULL, NULL);
    }

  switch ((StrataSandboxError)error->code)
    {
    case STRATA_SANDBOX_ERROR_NOT_FOUND:
      message = g_strdup_printf ("%s \"%s\" not found", qualified, name ? name : "");
      return strata_sandbox_status_new (404, "NotFound", message, resource, name, NULL);
    case STRATA_SANDBOX_ERROR_ALREADY_EXISTS:
      message = g_strdup_printf ("%s \"%s\" already exists", qualified, name ? name : "");
      return strata_sandbox_status_new (409, "AlreadyExists", message, resource, name, NULL);
    case STRATA_SANDBOX_ERROR_CONFLICT:
      message = g_strdup_printf ("Operation cannot be fulfilled on %s \"%s\": the object has been modified; "
                                 "please apply your changes to the latest version and try again",
                                 qualified, name ? name : "");
      return strata_sandbox_status_new (409, "Conflict", message, resource, name, NULL);
    case STRATA_SANDBOX_ERROR_FORBIDDEN:
      {
        g_autoptr(JsonArray) causes = NULL;
        const char *terminating = strstr (error->message, "unable to create new content in namespace ");

        message = g_strdup_printf ("%s \"%s\" is forbidden: %s", qualified, name ? name : "", error->message);
        if (terminating != NULL)
          {
            g_autofree char *namespace_ = g_strndup (terminating + strlen ("unable to create new content in namespace "),
                                                     strcspn (terminating + strlen ("unable to create new content in namespace "), " "));
            g_autofree char *text = g_strdup_printf ("namespace %s is being terminated", namespace_);

            causes = json_array_new ();
            strata_sandbox_status_add_cause (causes, "NamespaceTerminating", "metadata.namespace", text);
          }
        return strata_sandbox_status_new (403, "Forbidden", message, resource, name, causes);
      }
    case STRATA_SANDBOX_ERROR_INVALID:
      message = g_strdup_printf ("%s \"%s\" is invalid: %s", resource ? resource->kind : "", name ? name : "",
                                 error->message);
      return strata_sandbox_status_new (422, "Invalid", message, resource, name, NULL);
    case STRATA_SANDBOX_ERROR_BAD_REQUEST:
      return strata_sandbox_status_new (400, "BadRequest", error->message, NULL, NULL, NULL);
    case STRATA_SANDBOX_ERROR_GONE:
      return strata_sandbox_status_new (410, "Expired", error->message, NULL, NULL, NULL);
    case STRATA_SANDBOX_ERROR_IO:
    default:
      message = g_strdup_printf ("Internal error occurred: %s", error->message);
      return strata_sandbox_status_new (500, "InternalError", message, NULL, NULL, NULL);
    }
}

JsonNode *
strata_sandbox_status_success (const StrataSandboxResource *resource,
                               const char                  *name,
                               const char                  *uid)
{
  JsonNode *node = strata_sandbox_status_new (200, NULL, "", resource, name, NULL);
  JsonObject *status = json_node_get_object (node);
  JsonObject *details = json_object_get_object_member (status, "details");

  json_object_remove_member (status, "message");
  if (details != NULL && uid != NULL)
    json_object_set_string_member (details, "uid", uid);
  return node;
}

guint
strata_sandbox_status_get_code (JsonNode *status)
{
  return json_object_get_int_member_with_default (json_node_get_object (status), "code", 500);
}
