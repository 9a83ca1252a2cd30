/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The STRATA_AWS_ERROR domain: an extended GError that keeps the error code,
 * message and request ID AWS answered, so callers can branch on the code and
 * support can quote the request ID, while the message tells the user what
 * to do. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "strata-aws-error.h"
#include "strata-aws-xml-private.h"

/* Enough of an unexpected body (an HTML page from a proxy) to recognise it. */
#define BODY_EXCERPT_CHARS 200

typedef struct
{
  guint  http_status;
  char  *code;
  char  *aws_message;
  char  *request_id;
} StrataAwsErrorPrivate;

static void
strata_aws_error_private_init (StrataAwsErrorPrivate *priv)
{
  priv->http_status = 0;
  priv->code = NULL;
  priv->aws_message = NULL;
  priv->request_id = NULL;
}

static void
strata_aws_error_private_copy (const StrataAwsErrorPrivate *src,
                               StrataAwsErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  dest->code = g_strdup (src->code);
  dest->aws_message = g_strdup (src->aws_message);
  dest->request_id = g_strdup (src->request_id);
}

static void
strata_aws_error_private_clear (StrataAwsErrorPrivate *priv)
{
  g_clear_pointer (&priv->code, g_free);
  g_clear_pointer (&priv->aws_message, g_free);
  g_clear_pointer (&priv->request_id, g_free);
}

G_DEFINE_EXTENDED_ERROR (StrataAwsError, strata_aws_error)

static StrataAwsErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != STRATA_AWS_ERROR)
    return NULL;

  return strata_aws_error_get_private (error);
}

/**
 * strata_aws_error_get_http_status:
 * @error: a #GError
 *
 * Returns: the HTTP status of the AWS answer, or 0
 */
guint
strata_aws_error_get_http_status (const GError *error)
{
  StrataAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

/**
 * strata_aws_error_get_code:
 * @error: a #GError
 *
 * Returns: (nullable): the AWS error code ("ResourceInUseException"), or %NULL
 */
const char *
strata_aws_error_get_code (const GError *error)
{
  StrataAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->code : NULL;
}

/**
 * strata_aws_error_get_aws_message:
 * @error: a #GError
 *
 * Returns: (nullable): the message AWS sent, untranslated, or %NULL
 */
const char *
strata_aws_error_get_aws_message (const GError *error)
{
  StrataAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->aws_message : NULL;
}

/**
 * strata_aws_error_get_request_id:
 * @error: a #GError
 *
 * Returns: (nullable): the AWS request ID, or %NULL
 */
const char *
strata_aws_error_get_request_id (const GError *error)
{
  StrataAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->request_id : NULL;
}

gboolean
strata_aws_error_is_retryable (const GError *error)
{
  return g_error_matches (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_THROTTLED) ||
         g_error_matches (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_SERVER);
}

static StrataAwsError
code_from_aws_code (const char *code,
                    guint       http_status)
{
  static const struct {
    const char     *code;
    StrataAwsError  error;
  } codes[] = {
    { "SignatureDoesNotMatch", STRATA_AWS_ERROR_SIGNATURE },
    { "InvalidSignatureException", STRATA_AWS_ERROR_SIGNATURE },
    { "IncompleteSignature", STRATA_AWS_ERROR_SIGNATURE },
    { "InvalidClientTokenId", STRATA_AWS_ERROR_UNKNOWN_KEY },
    { "UnrecognizedClientException", STRATA_AWS_ERROR_UNKNOWN_KEY },
    { "AuthFailure", STRATA_AWS_ERROR_UNKNOWN_KEY },
    { "ExpiredToken", STRATA_AWS_ERROR_EXPIRED },
    { "ExpiredTokenException", STRATA_AWS_ERROR_EXPIRED },
    { "RequestExpired", STRATA_AWS_ERROR_EXPIRED },
    { "AccessDenied", STRATA_AWS_ERROR_ACCESS_DENIED },
    { "AccessDeniedException", STRATA_AWS_ERROR_ACCESS_DENIED },
    { "UnauthorizedOperation", STRATA_AWS_ERROR_ACCESS_DENIED },
    { "ResourceNotFoundException", STRATA_AWS_ERROR_NOT_FOUND },
    { "NotFoundException", STRATA_AWS_ERROR_NOT_FOUND },
    { "NoSuchEntity", STRATA_AWS_ERROR_NOT_FOUND },
    { "ResourceInUseException", STRATA_AWS_ERROR_IN_USE },
    { "InvalidParameterException", STRATA_AWS_ERROR_INVALID_PARAMETER },
    { "InvalidParameterValue", STRATA_AWS_ERROR_INVALID_PARAMETER },
    { "InvalidRequestException", STRATA_AWS_ERROR_INVALID_PARAMETER },
    { "ValidationError", STRATA_AWS_ERROR_INVALID_PARAMETER },
    { "ValidationException", STRATA_AWS_ERROR_INVALID_PARAMETER },
    { "MissingParameter", STRATA_AWS_ERROR_INVALID_PARAMETER },
    { "BadRequestException", STRATA_AWS_ERROR_INVALID_PARAMETER },
    { "ResourceLimitExceededException", STRATA_AWS_ERROR_LIMIT_EXCEEDED },
    { "LimitExceeded", STRATA_AWS_ERROR_LIMIT_EXCEEDED },
    { "Throttling", STRATA_AWS_ERROR_THROTTLED },
    { "ThrottlingException", STRATA_AWS_ERROR_THROTTLED },
    { "ThrottledException", STRATA_AWS_ERROR_THROTTLED },
    { "RequestThrottled", STRATA_AWS_ERROR_THROTTLED },
    { "RequestThrottledException", STRATA_AWS_ERROR_THROTTLED },
    { "TooManyRequestsException", STRATA_AWS_ERROR_THROTTLED },
    { "RequestLimitExceeded", STRATA_AWS_ERROR_THROTTLED },
    { "ProvisionedThroughputExceededException", STRATA_AWS_ERROR_THROTTLED },
    { "InternalError", STRATA_AWS_ERROR_SERVER },
    { "InternalFailure", STRATA_AWS_ERROR_SERVER },
    { "ServerException", STRATA_AWS_ERROR_SERVER },
    { "ServiceUnavailable", STRATA_AWS_ERROR_SERVER },
    { "ServiceUnavailableException", STRATA_AWS_ERROR_SERVER },
  };

  if (code != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
        if (strcmp (codes[i].code, code) == 0)
          return codes[i].error;

      /* EC2 spells these per resource: InvalidVpcID.NotFound… */
      if (g_str_has_suffix (code, ".NotFound"))
        return STRATA_AWS_ERROR_NOT_FOUND;
      if (g_str_has_prefix (code, "Throttl"))
        return STRATA_AWS_ERROR_THROTTLED;
    }

  if (http_status == 429)
    return STRATA_AWS_ERROR_THROTTLED;
  if (http_status >= 500 && http_status < 600)
    return STRATA_AWS_ERROR_SERVER;
  if (http_status == 404 && code == NULL)
    return STRATA_AWS_ERROR_NOT_FOUND;

  return STRATA_AWS_ERROR_FAILED;
}

/* What the user can do, for the codes where AWS' own message does not say. */
static char *
advice_for (StrataAwsError  code,
            const char     *aws_code,
            const char     *service,
            const char     *operation)
{
  switch (code)
    {
    case STRATA_AWS_ERROR_SIGNATURE:
      return g_strdup (_("The secret access key does not match the access key ID: check the secret key "
                         "in AWS_SECRET_ACCESS_KEY, ~/.aws/credentials or the keys saved in Strata."));
    case STRATA_AWS_ERROR_UNKNOWN_KEY:
      return g_strdup (_("AWS does not know this access key ID: check that it is typed right and still active."));
    case STRATA_AWS_ERROR_EXPIRED:
      if (g_strcmp0 (aws_code, "RequestExpired") == 0)
        return g_strdup (_("The request’s time is too far from AWS’s: check this computer’s clock."));
      return g_strdup (_("The credentials have expired: get new ones (a new session token, or "
                         "“aws sso login”) and try again."));
    case STRATA_AWS_ERROR_ACCESS_DENIED:
      {
        g_autofree char *action = g_ascii_strdown (service, -1);

        return g_strdup_printf (_("Ask an administrator of the AWS account for the %s:%s permission."),
                                action, operation);
      }
    case STRATA_AWS_ERROR_THROTTLED:
      return g_strdup (_("AWS is limiting the rate of requests: wait a minute and try again."));
    case STRATA_AWS_ERROR_SERVER:
      return g_strdup (_("AWS had a problem answering: try again in a few minutes."));
    case STRATA_AWS_ERROR_FAILED:
    case STRATA_AWS_ERROR_NO_CREDENTIALS:
    case STRATA_AWS_ERROR_NO_REGION:
    case STRATA_AWS_ERROR_CONFIG:
    case STRATA_AWS_ERROR_KEYRING:
    case STRATA_AWS_ERROR_INVALID_ARGUMENT:
    case STRATA_AWS_ERROR_CONNECTION:
    case STRATA_AWS_ERROR_NOT_FOUND:
    case STRATA_AWS_ERROR_IN_USE:
    case STRATA_AWS_ERROR_INVALID_PARAMETER:
    case STRATA_AWS_ERROR_LIMIT_EXCEEDED:
    case STRATA_AWS_ERROR_BAD_RESPONSE:
    case STRATA_AWS_ERROR_UNSUPPORTED:
    default:
      return NULL;
    }
}

static const char *
object_get_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* "com.amazon.coral.service#ExpiredTokenException" and the header's
 * "ResourceNotFoundException:http://internal.amazon.com/…" both carry
 * the plain code. */
static char *
plain_code (const char *code)
{
  const char *hash;
  const char *colon;

  if (code == NULL || *code == '\0')
    return NULL;

  if ((hash = strrchr (code, '#')) != NULL)
    code = hash + 1;
  if ((colon = strchr (code, ':')) != NULL)
    return g_strndup (code, colon - code);

  return g_strdup (code);
}

static gboolean
parse_json_body (GBytes  *body,
                 char   **code,
                 char   **message)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *data;
  JsonObject *object;
  JsonNode *root;
  gsize size;

  data = g_bytes_get_data (body, &size);
  if (!json_parser_load_from_data (parser, data, size, NULL))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  if (*code == NULL)
    *code = plain_code (object_get_string (object, "__type"));
  if (*code == NULL)
    *code = plain_code (object_get_string (object, "code"));
  if (*code == NULL)
    *code = plain_code (object_get_string (object, "Code"));

  *message = g_strdup (object_get_string (object, "message"));
  if (*message == NULL)
    *message = g_strdup (object_get_string (object, "Message"));

  return TRUE;
}

/* The first object named @name anywhere below @node: <ErrorResponse><Error>
 * for query services, <Response><Errors><Error> for EC2. */
static JsonObject *
find_object (JsonNode   *node,
             const char *name)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *found = find_object (json_array_get_element (array, i), name);

          if (found != NULL)
            return found;
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *member = json_object_get_member (object, name);
      g_autoptr(GList) members = NULL;

      if (member != NULL && JSON_NODE_HOLDS_ARRAY (member) &&
          json_array_get_length (json_node_get_array (member)) > 0)
        member = json_array_get_element (json_node_get_array (member), 0);
      if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
        return json_node_get_object (member);

      members = json_object_get_values (object);
      for (const GList *l = members; l != NULL; l = l->next)
        {
          JsonObject *found = find_object (l->data, name);

          if (found != NULL)
            return found;
        }
    }

  return NULL;
}

static gboolean
parse_xml_body (GBytes  *body,
                char   **code,
                char   **message,
                char   **request_id)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *error_object;
  const char *data;
  gsize size;

  data = g_bytes_get_data (body, &size);
  root = _strata_aws_xml_parse (data, size, NULL, NULL, NULL);
  if (root == NULL)
    return FALSE;

  error_object = find_object (root, "Error");
  if (error_object == NULL)
    return FALSE;

  if (*code == NULL)
    *code = plain_code (object_get_string (error_object, "Code"));
  *message = g_strdup (object_get_string (error_object, "Message"));

  if (*request_id == NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      const char *id = object_get_string (object, "RequestId");

      *request_id = g_strdup (id != NULL ? id : object_get_string (object, "RequestID"));
    }

  return TRUE;
}

static char *
body_excerpt (GBytes *body)
{
  g_autofree char *text = NULL;
  const char *data;
  gsize size = 0;

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
 * strata_aws_error_new_from_response:
 * @service: the service's display name ("EKS")
 * @operation: the operation ("DescribeCluster")
 * @http_status: the HTTP status
 * @error_type_header: (nullable): the x-amzn-ErrorType header
 * @request_id_header: (nullable): the x-amzn-RequestId header
 * @body: (nullable): the answer's body
 *
 * Returns: (transfer full): a %STRATA_AWS_ERROR
 */
GError *
strata_aws_error_new_from_response (const char *service,
                                    const char *operation,
                                    guint       http_status,
                                    const char *error_type_header,
                                    const char *request_id_header,
                                    GBytes     *body)
{
  g_autofree char *code = plain_code (error_type_header);
  g_autofree char *aws_message = NULL;
  g_autofree char *request_id = g_strdup (request_id_header);
  g_autofree char *problem = NULL;
  g_autofree char *advice = NULL;
  StrataAwsErrorPrivate *priv;
  StrataAwsError error_code;
  GError *error;

  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (operation != NULL, NULL);

  /* The body decides the format, not the Content-Type: EKS labels errors
   * application/json, STS text/xml, and proxies anything. */
  if (body != NULL && g_bytes_get_size (body) > 0)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (body, &size);
      gsize start = 0;

      while (start < size && g_ascii_isspace (data[start]))
        start++;

      if (start < size && data[start] == '<')
        parse_xml_body (body, &code, &aws_message, &request_id);
      else
        parse_json_body (body, &code, &aws_message);
    }

  error_code = code_from_aws_code (code, http_status);

  if (aws_message != NULL && *aws_message != '\0')
    problem = g_strdup (aws_message);
  else if (code == NULL && body != NULL && g_bytes_get_size (body) > 0)
    {
      g_autofree char *excerpt = body_excerpt (body);

      problem = g_strdup_printf ("HTTP %u %s: %s", http_status,
                                 soup_status_get_phrase (http_status), excerpt);
    }
  else if (code == NULL)
    problem = g_strdup_printf ("HTTP %u %s", http_status, soup_status_get_phrase (http_status));

  advice = advice_for (error_code, code, service, operation);

  if (problem != NULL && code != NULL)
    error = g_error_new (STRATA_AWS_ERROR, error_code, _("%s %s failed: %s (%s).%s%s"),
                         service, operation, problem, code,
                         advice != NULL ? " " : "", advice != NULL ? advice : "");
  else
    error = g_error_new (STRATA_AWS_ERROR, error_code, _("%s %s failed: %s.%s%s"),
                         service, operation, problem != NULL ? problem : code,
                         advice != NULL ? " " : "", advice != NULL ? advice : "");

  priv = strata_aws_error_get_private (error);
  priv->http_status = http_status;
  priv->code = g_steal_pointer (&code);
  priv->aws_message = g_steal_pointer (&aws_message);
  priv->request_id = g_steal_pointer (&request_id);

  return error;
}
