/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The STRATA_KUBE_ERROR domain: an extended GError that keeps the
 * Kubernetes Status the server answered, so callers can look at the reason
 * and causes without parsing the message. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "strata-json.h"
#include "strata-kube-error.h"

/* Enough of a plain-text body to recognise it ("404 page not found", an
 * HTML error page from a proxy) without flooding the message. */
#define BODY_EXCERPT_CHARS 200

typedef struct
{
  guint     http_status;
  char     *reason;
  JsonNode *status;
} StrataKubeErrorPrivate;

static void
strata_kube_error_private_init (StrataKubeErrorPrivate *priv)
{
  priv->http_status = 0;
  priv->reason = NULL;
  priv->status = NULL;
}

static void
strata_kube_error_private_copy (const StrataKubeErrorPrivate *src,
                                StrataKubeErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  dest->reason = g_strdup (src->reason);
  /* The Status is never changed once it is in an error, so copies share it. */
  dest->status = src->status != NULL ? json_node_ref (src->status) : NULL;
}

static void
strata_kube_error_private_clear (StrataKubeErrorPrivate *priv)
{
  g_clear_pointer (&priv->reason, g_free);
  g_clear_pointer (&priv->status, json_node_unref);
}

G_DEFINE_EXTENDED_ERROR (StrataKubeError, strata_kube_error)

static StrataKubeErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != STRATA_KUBE_ERROR)
    return NULL;

  return strata_kube_error_get_private (error);
}

/**
 * strata_kube_error_get_http_status:
 * @error: a #GError
 *
 * Returns: the HTTP status of the response the error was made from, or 0
 */
guint
strata_kube_error_get_http_status (const GError *error)
{
  StrataKubeErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

/**
 * strata_kube_error_get_reason:
 * @error: a #GError
 *
 * Returns: (nullable): the Status reason ("NotFound", "Conflict"…), or %NULL
 */
const char *
strata_kube_error_get_reason (const GError *error)
{
  StrataKubeErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->reason : NULL;
}

/**
 * strata_kube_error_get_status:
 * @error: a #GError
 *
 * Returns: (transfer none) (nullable): the Status object, or %NULL
 */
JsonNode *
strata_kube_error_get_status (const GError *error)
{
  StrataKubeErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->status : NULL;
}

/**
 * strata_kube_error_get_causes:
 * @error: a #GError
 *
 * Returns: (transfer none) (nullable): the Status' details.causes, or %NULL
 */
JsonArray *
strata_kube_error_get_causes (const GError *error)
{
  StrataKubeErrorPrivate *priv = get_private (error);
  JsonObject *status;
  JsonNode *details;
  JsonNode *causes;

  if (priv == NULL || priv->status == NULL ||
      !JSON_NODE_HOLDS_OBJECT (priv->status))
    return NULL;

  status = json_node_get_object (priv->status);
  details = json_object_get_member (status, "details");
  if (details == NULL || !JSON_NODE_HOLDS_OBJECT (details))
    return NULL;

  causes = json_object_get_member (json_node_get_object (details), "causes");
  if (causes == NULL || !JSON_NODE_HOLDS_ARRAY (causes))
    return NULL;

  return json_node_get_array (causes);
}

static StrataKubeError
code_from_reason (const char *reason)
{
  static const struct {
    const char      *reason;
    StrataKubeError  code;
  } reasons[] = {
    { "BadRequest", STRATA_KUBE_ERROR_BAD_REQUEST },
    { "Unauthorized", STRATA_KUBE_ERROR_UNAUTHORIZED },
    { "Forbidden", STRATA_KUBE_ERROR_FORBIDDEN },
    { "NotFound", STRATA_KUBE_ERROR_NOT_FOUND },
    { "AlreadyExists", STRATA_KUBE_ERROR_ALREADY_EXISTS },
    { "Conflict", STRATA_KUBE_ERROR_CONFLICT },
    { "Gone", STRATA_KUBE_ERROR_GONE },
    { "Expired", STRATA_KUBE_ERROR_GONE },
    { "Invalid", STRATA_KUBE_ERROR_INVALID },
    { "UnsupportedMediaType", STRATA_KUBE_ERROR_UNSUPPORTED_MEDIA },
    { "TooManyRequests", STRATA_KUBE_ERROR_TOO_MANY_REQUESTS },
    { "InternalError", STRATA_KUBE_ERROR_SERVER },
    { "ServiceUnavailable", STRATA_KUBE_ERROR_SERVER },
    { "Timeout", STRATA_KUBE_ERROR_SERVER },
    { "ServerTimeout", STRATA_KUBE_ERROR_SERVER },
  };

  if (reason == NULL)
    return STRATA_KUBE_ERROR_FAILED;

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      if (strcmp (reasons[i].reason, reason) == 0)
        return reasons[i].code;
    }

  return STRATA_KUBE_ERROR_FAILED;
}

static StrataKubeError
code_from_http_status (guint http_status)
{
  switch (http_status)
    {
    case 400: return STRATA_KUBE_ERROR_BAD_REQUEST;
    case 401: return STRATA_KUBE_ERROR_UNAUTHORIZED;
    case 403: return STRATA_KUBE_ERROR_FORBIDDEN;
    case 404: return STRATA_KUBE_ERROR_NOT_FOUND;
    case 409: return STRATA_KUBE_ERROR_CONFLICT;
    case 410: return STRATA_KUBE_ERROR_GONE;
    case 415: return STRATA_KUBE_ERROR_UNSUPPORTED_MEDIA;
    case 422: return STRATA_KUBE_ERROR_INVALID;
    case 429: return STRATA_KUBE_ERROR_TOO_MANY_REQUESTS;
    default:
      return http_status >= 500 && http_status < 600 ? STRATA_KUBE_ERROR_SERVER
                                                     : STRATA_KUBE_ERROR_FAILED;
    }
}

/* "field: message" for each cause the Status message does not already
 * quote: for Invalid the server folds the causes into its message, for
 * others (SSA conflicts) the message only counts them. */
static void
append_causes (GString    *message,
               JsonArray  *causes)
{
  guint n_causes = json_array_get_length (causes);
  g_autofree char *status_message = g_strdup (message->str);

  for (guint i = 0; i < n_causes; i++)
    {
      JsonNode *node = json_array_get_element (causes, i);
      const char *field;
      const char *text;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      field = strata_json_object_get_string (json_node_get_object (node), "field");
      text = strata_json_object_get_string (json_node_get_object (node), "message");
      if (text == NULL || *text == '\0' || strstr (status_message, text) != NULL)
        continue;

      g_string_append (message, message->len > 0 ? "; " : "");
      if (field != NULL && *field != '\0')
        g_string_append_printf (message, "%s: %s", field, text);
      else
        g_string_append (message, text);
    }
}

/* What the request was and where it went, in front of what went wrong. */
static GError *
new_error (StrataKubeError  code,
           const char      *what,
           const char      *server,
           const char      *problem)
{
  if (what != NULL && server != NULL)
    return g_error_new (STRATA_KUBE_ERROR, code, _("%s on %s failed: %s"), what, server, problem);
  else if (what != NULL)
    return g_error_new (STRATA_KUBE_ERROR, code, _("%s failed: %s"), what, problem);
  else if (server != NULL)
    return g_error_new (STRATA_KUBE_ERROR, code, _("Request to %s failed: %s"), server, problem);
  else
    return g_error_new_literal (STRATA_KUBE_ERROR, code, problem);
}

static GError *
new_from_status (guint       http_status,
                 JsonNode   *status,
                 const char *what,
                 const char *server)
{
  JsonObject *object = json_node_get_object (status);
  const char *reason = strata_json_object_get_string (object, "reason");
  const char *status_message = strata_json_object_get_string (object, "message");
  g_autoptr(GString) message = g_string_new (status_message);
  StrataKubeErrorPrivate *priv;
  StrataKubeError code;
  JsonNode *details;
  JsonNode *causes = NULL;
  GError *error;

  /* A Status inside a watch stream has no HTTP response of its own. */
  if (http_status == 0 && json_object_has_member (object, "code"))
    {
      JsonNode *code_node = json_object_get_member (object, "code");

      if (JSON_NODE_HOLDS_VALUE (code_node) &&
          json_node_get_value_type (code_node) == G_TYPE_INT64 &&
          json_node_get_int (code_node) > 0 && json_node_get_int (code_node) < 1000)
        http_status = json_node_get_int (code_node);
    }

  if (reason != NULL && *reason == '\0')
    reason = NULL;

  code = code_from_reason (reason);
  if (code == STRATA_KUBE_ERROR_FAILED)
    code = code_from_http_status (http_status);

  details = json_object_get_member (object, "details");
  if (details != NULL && JSON_NODE_HOLDS_OBJECT (details))
    causes = json_object_get_member (json_node_get_object (details), "causes");
  if (causes != NULL && JSON_NODE_HOLDS_ARRAY (causes))
    append_causes (message, json_node_get_array (causes));

  if (message->len == 0)
    {
      if (reason != NULL)
        g_string_append (message, reason);
      else if (http_status != 0)
        g_string_append_printf (message, "HTTP %u %s", http_status,
                                soup_status_get_phrase (http_status));
      else
        g_string_append (message, _("the server gave no reason"));
    }

  error = new_error (code, what, server, message->str);
  priv = strata_kube_error_get_private (error);
  priv->http_status = http_status;
  priv->reason = g_strdup (reason);
  priv->status = json_node_ref (status);

  return error;
}

static gboolean
is_status (JsonNode *node)
{
  const char *kind;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  kind = strata_json_object_get_string (json_node_get_object (node), "kind");
  return g_strcmp0 (kind, "Status") == 0;
}

/* The body as readable text: valid UTF-8, whitespace trimmed, cut short. */
static char *
body_excerpt (GBytes *body)
{
  g_autofree char *text = NULL;
  const char *data;
  gsize size = 0;

  if (body == NULL)
    return g_strdup ("");

  data = g_bytes_get_data (body, &size);
  text = g_utf8_make_valid (data != NULL ? data : "", size);
  g_strstrip (text);

  if (g_utf8_strlen (text, -1) > BODY_EXCERPT_CHARS)
    {
      g_autofree char *start = g_utf8_substring (text, 0, BODY_EXCERPT_CHARS);

      return g_strconcat (start, "…", NULL);
    }

  return g_steal_pointer (&text);
}

/**
 * strata_kube_error_new_from_status:
 * @status: a Kubernetes Status object
 * @what: (nullable): the request it answered ("watch Pods in demo")
 * @server: (nullable): the server URL
 *
 * Builds the error for a Status that arrives without an HTTP error of its
 * own, as the ERROR event of a watch stream: the code comes from the reason,
 * else from the Status' code field.
 *
 * Returns: (transfer full): a %STRATA_KUBE_ERROR
 */
GError *
strata_kube_error_new_from_status (JsonNode   *status,
                                   const char *what,
                                   const char *server)
{
  g_return_val_if_fail (status != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (status))
    return new_error (STRATA_KUBE_ERROR_FAILED, what, server,
                      _("the server sent an error that is not a Status object"));

  return new_from_status (0, status, what, server);
}

/**
 * strata_kube_error_new_from_response:
 * @http_status: the HTTP status code
 * @content_type: (nullable): the response's Content-Type
 * @body: (nullable): the response body
 * @what: (nullable): the request ("apply ConfigMap demo/settings")
 * @server: (nullable): the server URL
 *
 * Returns: (transfer full): a %STRATA_KUBE_ERROR carrying the Status when
 *   the body is one
 */
GError *
strata_kube_error_new_from_response (guint        http_status,
                                     const char  *content_type,
                                     GBytes      *body,
                                     const char  *what,
                                     const char  *server)
{
  g_autofree char *excerpt = NULL;
  g_autofree char *problem = NULL;
  StrataKubeErrorPrivate *priv;
  GError *error;

  /* Look at the body whatever the Content-Type says: proxies and old
   * servers label JSON as text/plain, and a JSON body that is not a Status
   * is shown as text like any other. */
  if (body != NULL && g_bytes_get_size (body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      gsize size;
      const char *data = g_bytes_get_data (body, &size);

      if (json_parser_load_from_data (parser, data, size, NULL) &&
          is_status (json_parser_get_root (parser)))
        return new_from_status (http_status, json_parser_get_root (parser), what, server);
    }

  excerpt = body_excerpt (body);
  if (*excerpt != '\0')
    problem = g_strdup_printf ("HTTP %u %s: %s", http_status,
                               soup_status_get_phrase (http_status), excerpt);
  else
    problem = g_strdup_printf ("HTTP %u %s", http_status,
                               soup_status_get_phrase (http_status));

  error = new_error (code_from_http_status (http_status), what, server, problem);
  priv = strata_kube_error_get_private (error);
  priv->http_status = http_status;

  return error;
}
