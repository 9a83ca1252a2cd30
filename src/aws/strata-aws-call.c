/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One AWS operation on the wire, per protocol: the request (rest-json path,
 * query and JSON body, or the query/EC2 form body), the answer turned into
 * JSON, and the pages of a list joined. No I/O here: the client sends. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-aws-client-private.h"
#include "strata-aws-error.h"
#include "strata-aws-xml-private.h"

StrataAwsCall *
_strata_aws_call_new (StrataAwsProtocol  protocol,
                      const char        *service,
                      const char        *service_title,
                      const char        *operation)
{
  StrataAwsCall *call = g_new0 (StrataAwsCall, 1);

  call->protocol = protocol;
  call->service = service;
  call->service_title = service_title;
  call->operation = operation;
  call->params = g_ptr_array_new_with_free_func (g_free);

  return call;
}

void
_strata_aws_call_free (StrataAwsCall *call)
{
  if (call == NULL)
    return;

  g_free (call->method);
  g_free (call->path);
  g_ptr_array_unref (call->params);
  g_clear_pointer (&call->body, json_node_unref);
  g_free (call);
}

void
_strata_aws_call_add_param (StrataAwsCall *call,
                            const char    *name,
                            const char    *value)
{
  g_ptr_array_add (call->params, g_strdup (name));
  g_ptr_array_add (call->params, g_strdup (value));
}

void
_strata_aws_call_set_paginated (StrataAwsCall *call,
                                const char    *token_param,
                                const char    *token_member,
                                const char    *truncated_member,
                                const char    *items_member)
{
  call->token_param = token_param;
  call->token_member = token_member;
  call->truncated_member = truncated_member;
  call->items_member = items_member;
}

/* "name=value&…" with both sides encoded the SigV4 way, which is also the
 * form a server decodes. */
static void
append_encoded_param (GString    *out,
                      const char *name,
                      const char *value)
{
  g_autofree char *encoded_name = strata_aws_uri_encode (name, FALSE);
  g_autofree char *encoded_value = strata_aws_uri_encode (value, FALSE);

  g_string_append_printf (out, "%s%s=%s", out->len > 0 ? "&" : "", encoded_name, encoded_value);
}

static char *
encode_params (StrataAwsCall *call,
               const char    *next_token)
{
  GString *out = g_string_new (NULL);

  if (call->protocol != STRATA_AWS_PROTOCOL_REST_JSON)
    {
      append_encoded_param (out, "Action", call->operation);
      append_encoded_param (out, "Version", call->version);
    }

  for (guint i = 0; i + 1 < call->params->len; i += 2)
    append_encoded_param (out, g_ptr_array_index (call->params, i), g_ptr_array_index (call->params, i + 1));

  if (next_token != NULL)
    append_encoded_param (out, call->token_param, next_token);

  return g_string_free (out, FALSE);
}

/* libsoup writes Host the same way when it is not given; it is set here so
 * that the value signed is the value sent. */
static char *
host_header (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  int port = g_uri_get_port (uri);
  gboolean default_port = port == -1 ||
                          (port == 443 && g_strcmp0 (g_uri_get_scheme (uri), "https") == 0) ||
                          (port == 80 && g_strcmp0 (g_uri_get_scheme (uri), "http") == 0);
  gboolean ipv6 = strchr (host, ':') != NULL;

  if (default_port)
    return ipv6 ? g_strdup_printf ("[%s]", host) : g_strdup (host);

  return ipv6 ? g_strdup_printf ("[%s]:%d", host, port) : g_strdup_printf ("%s:%d", host, port);
}

/**
 * _strata_aws_call_build_request:
 * @call: the operation
 * @base_uri: the endpoint
 * @next_token: (nullable): the page to ask for
 *
 * Returns: (transfer full): the request to sign and send
 */
StrataAwsRequest *
_strata_aws_call_build_request (StrataAwsCall *call,
                                GUri          *base_uri,
                                const char    *next_token)
{
  g_autofree char *params = encode_params (call, next_token);
  g_autofree char *host = host_header (base_uri);
  g_autofree char *prefix = g_strdup (g_uri_get_path (base_uri));
  g_autofree char *path = NULL;
  g_autoptr(GBytes) body = NULL;
  StrataAwsRequest *request;
  gsize prefix_length = strlen (prefix);

  /* An endpoint URL may carry a path prefix (a proxy, a local fake). */
  if (prefix_length > 0 && prefix[prefix_length - 1] == '/')
    prefix[prefix_length - 1] = '\0';

  if (call->protocol == STRATA_AWS_PROTOCOL_REST_JSON)
    {
      path = g_strconcat (prefix, call->path, NULL);
      request = strata_aws_request_new (call->method, path, params);
      strata_aws_request_add_header (request, "Host", host);
      if (call->body != NULL)
        {
          char *json = json_to_string (call->body, FALSE);

          body = g_bytes_new_take (json, strlen (json));
          strata_aws_request_add_header (request, "Content-Type", "application/json");
        }
    }
  else
    {
      gsize length = strlen (params);

      path = g_strconcat (prefix, "/", NULL);
      request = strata_aws_request_new ("POST", path, NULL);
      strata_aws_request_add_header (request, "Host", host);
      strata_aws_request_add_header (request, "Content-Type",
                                     "application/x-www-form-urlencoded; charset=utf-8");
      body = g_bytes_new_take (g_steal_pointer (&params), length);
    }

  strata_aws_request_set_body (request, body);
  return request;
}

static const char *
object_get_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/**
 * _strata_aws_call_parse_answer:
 * @call: the operation
 * @body: the body of its successful answer
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the answer as a JSON object: the
 *   rest-json body, the query protocol's <XResult>, EC2's <XResponse>
 */
JsonNode *
_strata_aws_call_parse_answer (StrataAwsCall  *call,
                               GBytes         *body,
                               GError        **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *root_name = NULL;
  g_autofree char *result_name = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size = 0;

  data = g_bytes_get_data (body, &size);
  if (size == 0)
    return json_node_init_object (json_node_alloc (), json_object_new ());

  if (call->protocol == STRATA_AWS_PROTOCOL_REST_JSON)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (!json_parser_load_from_data (parser, data, size, &local_error))
        {
          g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_BAD_RESPONSE,
                       _("%s %s answered with JSON that cannot be read: %s"),
                       call->service_title, call->operation, local_error->message);
          return NULL;
        }
      root = json_parser_steal_root (parser);
    }
  else
    {
      root = _strata_aws_xml_parse (data, size, call->list_names, &root_name, &local_error);
      if (root == NULL)
        {
          g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_BAD_RESPONSE,
                       _("%s %s answered with XML that cannot be read: %s"),
                       call->service_title, call->operation, local_error->message);
          return NULL;
        }
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      /* <GetCallerIdentityResponse/> or a bare value: an empty answer. */
      if (call->protocol != STRATA_AWS_PROTOCOL_REST_JSON && JSON_NODE_HOLDS_VALUE (root))
        return json_node_init_object (json_node_alloc (), json_object_new ());

      g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_BAD_RESPONSE,
                   _("%s %s answered with something that is not an object"),
                   call->service_title, call->operation);
      return NULL;
    }

  /* Query services wrap the result: <XResponse><XResult>…</XResult>
   * <ResponseMetadata/></XResponse>. */
  if (call->protocol == STRATA_AWS_PROTOCOL_QUERY)
    {
      JsonNode *result;

      result_name = g_strconcat (call->operation, "Result", NULL);
      result = json_object_get_member (json_node_get_object (root), result_name);
      if (result == NULL || !JSON_NODE_HOLDS_OBJECT (result))
        return json_node_init_object (json_node_alloc (), json_object_new ());

      return json_node_ref (result);
    }

  return g_steal_pointer (&root);
}

/**
 * _strata_aws_call_add_page:
 * @call: a paginated operation
 * @pages: (inout): the pages so far, %NULL before the first
 * @page: this page's answer
 *
 * Appends this page's items to the pages so far.
 *
 * Returns: (transfer full) (nullable): the next page's token, or %NULL
 *   after the last page
 */
char *
_strata_aws_call_add_page (StrataAwsCall  *call,
                           JsonNode      **pages,
                           JsonNode       *page)
{
  JsonObject *object = json_node_get_object (page);
  const char *token = object_get_string (object, call->token_member);
  const char *truncated = call->truncated_member != NULL
                          ? object_get_string (object, call->truncated_member) : NULL;
  char *next = NULL;

  if (token != NULL && *token != '\0' &&
      (call->truncated_member == NULL || g_strcmp0 (truncated, "true") == 0))
    next = g_strdup (token);

  if (*pages == NULL)
    *pages = json_node_ref (page);
  else
    {
      JsonObject *result = json_node_get_object (*pages);
      JsonNode *items = json_object_get_member (object, call->items_member);
      JsonNode *all = json_object_get_member (result, call->items_member);

      if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
        {
          JsonArray *array = json_node_get_array (items);

          if (all == NULL || !JSON_NODE_HOLDS_ARRAY (all))
            json_object_set_array_member (result, call->items_member, json_array_ref (array));
          else
            for (guint i = 0; i < json_array_get_length (array); i++)
              json_array_add_element (json_node_get_array (all),
                                      json_node_copy (json_array_get_element (array, i)));
        }
    }

  return next;
}

/* The caller gets the whole list: a token would suggest there is more. */
void
_strata_aws_call_finish_pages (StrataAwsCall *call,
                               JsonNode      *pages)
{
  JsonObject *result = json_node_get_object (pages);

  json_object_remove_member (result, call->token_member);
  if (call->truncated_member != NULL)
    json_object_remove_member (result, call->truncated_member);
}
