/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The AWS caller: signs the request of an operation (strata-aws-call.c
 * builds it), sends it with libsoup, retries what AWS asks to retry, and
 * follows pagination. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "strata-aws-client-private.h"
#include "strata-aws-endpoint.h"
#include "strata-aws-error.h"
#include "strata-aws-signer.h"

#define DEFAULT_MAX_ATTEMPTS   5
#define DEFAULT_RETRY_BASE_MS  200
#define MAX_BACKOFF_MS         20000
#define REQUEST_TIMEOUT_SEC    60
/* A list longer than this many pages is a server that never stops. */
#define MAX_PAGES              1000

struct _StrataAwsClient
{
  GObject                       parent_instance;

  StrataAwsCredentialsProvider *provider;
  char                         *region;
  char                         *endpoint_url;
  guint                         max_attempts;
  guint                         retry_base_ms;
  SoupSession                  *session;
};

enum {
  PROP_0,
  PROP_PROVIDER,
  PROP_REGION,
  PROP_ENDPOINT_URL,
  PROP_MAX_ATTEMPTS,
  PROP_RETRY_BASE_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataAwsClient, strata_aws_client, G_TYPE_OBJECT)

static void
strata_aws_client_dispose (GObject *object)
{
  StrataAwsClient *self = (StrataAwsClient *)object;

  g_clear_object (&self->provider);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (strata_aws_client_parent_class)->dispose (object);
}

static void
strata_aws_client_finalize (GObject *object)
{
  StrataAwsClient *self = (StrataAwsClient *)object;

  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->endpoint_url, g_free);

  G_OBJECT_CLASS (strata_aws_client_parent_class)->finalize (object);
}

static void
strata_aws_client_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  StrataAwsClient *self = STRATA_AWS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;

    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;

    case PROP_ENDPOINT_URL:
      g_value_set_string (value, self->endpoint_url);
      break;

    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;

    case PROP_RETRY_BASE_MS:
      g_value_set_uint (value, self->retry_base_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_aws_client_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  StrataAwsClient *self = STRATA_AWS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;

    case PROP_REGION:
      self->region = g_value_dup_string (value);
      break;

    case PROP_ENDPOINT_URL:
      strata_aws_client_set_endpoint_url (self, g_value_get_string (value));
      break;

    case PROP_MAX_ATTEMPTS:
      strata_aws_client_set_max_attempts (self, g_value_get_uint (value));
      break;

    case PROP_RETRY_BASE_MS:
      strata_aws_client_set_retry_base_ms (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_aws_client_class_init (StrataAwsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_aws_client_dispose;
  object_class->finalize = strata_aws_client_finalize;
  object_class->get_property = strata_aws_client_get_property;
  object_class->set_property = strata_aws_client_set_property;

  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL, STRATA_TYPE_AWS_CREDENTIALS_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENDPOINT_URL] =
    g_param_spec_string ("endpoint-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 1, 20, DEFAULT_MAX_ATTEMPTS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RETRY_BASE_MS] =
    g_param_spec_uint ("retry-base-ms", NULL, NULL, 1, MAX_BACKOFF_MS, DEFAULT_RETRY_BASE_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_aws_client_init (StrataAwsClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Strata/%s", PACKAGE_VERSION);

  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->retry_base_ms = DEFAULT_RETRY_BASE_MS;
  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_SEC,
                                                 "user-agent", user_agent,
                                                 NULL);
}

/**
 * strata_aws_client_new:
 * @provider: where the credentials come from
 * @region: (nullable): the region, or %NULL for the provider's
 *
 * Returns: (transfer full): a new client
 */
StrataAwsClient *
strata_aws_client_new (StrataAwsCredentialsProvider *provider,
                       const char                   *region)
{
  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS_PROVIDER (provider), NULL);

  return g_object_new (STRATA_TYPE_AWS_CLIENT,
                       "provider", provider,
                       "region", region != NULL && *region != '\0' ? region : NULL,
                       NULL);
}

/**
 * strata_aws_client_get_provider:
 * @self: a #StrataAwsClient
 *
 * Returns: (transfer none): the credentials provider
 */
StrataAwsCredentialsProvider *
strata_aws_client_get_provider (StrataAwsClient *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_CLIENT (self), NULL);

  return self->provider;
}

/**
 * strata_aws_client_get_region:
 * @self: a #StrataAwsClient
 *
 * Returns: (nullable): the region given, else the provider's (known after
 *   the first call), else %NULL
 */
const char *
strata_aws_client_get_region (StrataAwsClient *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_CLIENT (self), NULL);

  if (self->region != NULL)
    return self->region;

  return strata_aws_credentials_provider_get_region (self->provider);
}

/**
 * strata_aws_client_get_endpoint_url:
 * @self: a #StrataAwsClient
 *
 * Returns: (nullable): the endpoint set with
 *   strata_aws_client_set_endpoint_url(), or %NULL
 */
const char *
strata_aws_client_get_endpoint_url (StrataAwsClient *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_CLIENT (self), NULL);

  return self->endpoint_url;
}

void
strata_aws_client_set_endpoint_url (StrataAwsClient *self,
                                    const char      *endpoint_url)
{
  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));

  if (endpoint_url != NULL && *endpoint_url == '\0')
    endpoint_url = NULL;

  if (g_strcmp0 (self->endpoint_url, endpoint_url) == 0)
    return;

  g_free (self->endpoint_url);
  self->endpoint_url = g_strdup (endpoint_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT_URL]);
}

guint
strata_aws_client_get_max_attempts (StrataAwsClient *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_CLIENT (self), DEFAULT_MAX_ATTEMPTS);

  return self->max_attempts;
}

void
strata_aws_client_set_max_attempts (StrataAwsClient *self,
                                    guint            max_attempts)
{
  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (max_attempts >= 1);

  if (self->max_attempts == max_attempts)
    return;

  self->max_attempts = max_attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ATTEMPTS]);
}

guint
strata_aws_client_get_retry_base_ms (StrataAwsClient *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_CLIENT (self), DEFAULT_RETRY_BASE_MS);

  return self->retry_base_ms;
}

void
strata_aws_client_set_retry_base_ms (StrataAwsClient *self,
                                     guint            retry_base_ms)
{
  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (retry_base_ms >= 1);

  if (self->retry_base_ms == retry_base_ms)
    return;

  self->retry_base_ms = retry_base_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_BASE_MS]);
}

typedef struct
{
  StrataAwsCall        *call;
  StrataAwsCredentials *credentials;
  StrataAwsEndpoint    *endpoint;
  GUri                 *base_uri;
  char                 *next_token;
  JsonNode             *result;    /* the pages so far */
  guint                 attempt;   /* of the current page, from 0 */
  guint                 pages;
} CallState;

static void
call_state_free (CallState *state)
{
  _strata_aws_call_free (state->call);
  g_clear_object (&state->credentials);
  g_clear_pointer (&state->endpoint, strata_aws_endpoint_free);
  g_clear_pointer (&state->base_uri, g_uri_unref);
  g_free (state->next_token);
  g_clear_pointer (&state->result, json_node_unref);
  g_free (state);
}

static void send_attempt (GTask *task);

static SoupMessage *
new_message (CallState        *state,
             StrataAwsRequest *request)
{
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;
  SoupMessage *message;

  /* The path and query are already encoded as signed: parse them as
   * encoded so nothing is encoded again or decoded on the way. */
  url = g_strdup_printf ("%s://%s%s%s%s", g_uri_get_scheme (state->base_uri),
                         strata_aws_request_get_header (request, "Host"),
                         request->path, request->query != NULL ? "?" : "",
                         request->query != NULL ? request->query : "");
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_assert (uri != NULL);

  message = soup_message_new_from_uri (request->method, uri);
  headers = soup_message_get_request_headers (message);
  for (guint i = 0; i < request->headers->len; i++)
    {
      StrataAwsHeader *header = g_ptr_array_index (request->headers, i);

      soup_message_headers_append (headers, header->name, header->value);
    }

  /* No content type here: it is among the headers, signed. */
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (message, NULL, request->body);

  return message;
}

/* Exponential backoff with "equal jitter": half the window fixed, half
 * random, so clients that were throttled together do not retry together
 * yet each wait still grows. */
static guint
backoff_ms (StrataAwsClient *self,
            guint            attempt)
{
  guint64 window = (guint64)self->retry_base_ms << MIN (attempt, 16u);

  window = MIN (window, MAX_BACKOFF_MS);
  return (guint)(window / 2 + g_random_int_range (0, (gint32)(window / 2) + 1));
}

static gboolean
retry_ready (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    send_attempt (task);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (GTask *task)
{
  StrataAwsClient *self = g_task_get_source_object (task);
  CallState *state = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GSource) source = g_timeout_source_new (backoff_ms (self, state->attempt));

  state->attempt++;

  /* Cancelling must not wait for the timeout: the cancellable's source
   * wakes the timeout early. */
  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancelled = g_cancellable_source_new (cancellable);

      g_source_set_dummy_callback (cancelled);
      g_source_add_child_source (source, cancelled);
    }

  g_source_set_name (source, "[strata] AWS retry");
  g_task_attach_source (task, source, retry_ready);
}

/* Transport failures that a second try may not meet. */
static gboolean
is_transient (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE);
}

static void
finish_pages (GTask *task)
{
  CallState *state = g_task_get_task_data (task);

  _strata_aws_call_finish_pages (state->call, state->result);
  g_task_return_pointer (task, g_steal_pointer (&state->result), (GDestroyNotify)json_node_unref);
}

static void
answer_received (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataAwsClient *self = g_task_get_source_object (task);
  CallState *state = g_task_get_task_data (task);
  StrataAwsCall *call = state->call;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *next_token = NULL;
  SoupMessageHeaders *headers;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (is_transient (error) && state->attempt + 1 < self->max_attempts)
        schedule_retry (task);
      else
        g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_CONNECTION,
                                 _("Could not reach %s for %s %s: %s. Check the network connection."),
                                 state->endpoint->url, call->service_title, call->operation,
                                 error->message);
      return;
    }

  status = soup_message_get_status (message);
  headers = soup_message_get_response_headers (message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *request_id = soup_message_headers_get_one (headers, "x-amzn-RequestId");

      if (request_id == NULL)
        request_id = soup_message_headers_get_one (headers, "x-amz-request-id");

      error = strata_aws_error_new_from_response (call->service_title, call->operation, status,
                                                  soup_message_headers_get_one (headers, "x-amzn-ErrorType"),
                                                  request_id, body);
      if (strata_aws_error_is_retryable (error) && state->attempt + 1 < self->max_attempts)
        {
          g_debug ("%s %s: %s; retrying", call->service_title, call->operation,
                   strata_aws_error_get_code (error));
          schedule_retry (task);
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answer = _strata_aws_call_parse_answer (call, body, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (call->items_member == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify)json_node_unref);
      return;
    }

  next_token = _strata_aws_call_add_page (call, &state->result, answer);
  if (next_token == NULL)
    {
      finish_pages (task);
      return;
    }

  if (g_strcmp0 (next_token, state->next_token) == 0 || ++state->pages >= MAX_PAGES)
    {
      g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_BAD_RESPONSE,
                               _("%s %s keeps answering with more pages; stopped after %u"),
                               call->service_title, call->operation, state->pages);
      return;
    }

  g_free (state->next_token);
  state->next_token = g_steal_pointer (&next_token);
  state->attempt = 0;
  send_attempt (task);
}

/* Each attempt is signed anew: a retry after a long backoff needs a fresh
 * X-Amz-Date. */
static void
send_attempt (GTask *task)
{
  StrataAwsClient *self = g_task_get_source_object (task);
  CallState *state = g_task_get_task_data (task);
  g_autoptr(StrataAwsRequest) request = _strata_aws_call_build_request (state->call, state->base_uri,
                                                                     state->next_token);
  g_autoptr(StrataAwsSignature) signature = NULL;
  g_autoptr(SoupMessage) message = NULL;
  StrataAwsSigningParams params = {
    .service = state->call->service,
    .region = state->endpoint->signing_region,
    .credentials = state->credentials,
  };

  signature = strata_aws_sign_request (request, &params);
  message = new_message (state, request);

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), answer_received,
                                    g_object_ref (task));
}

static void
credentials_resolved (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataAwsClient *self = g_task_get_source_object (task);
  CallState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *region;

  state->credentials = strata_aws_credentials_provider_resolve_finish (self->provider, result, &error);
  if (state->credentials == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  region = strata_aws_client_get_region (self);
  if (region == NULL)
    {
      g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_NO_REGION,
                               _("No AWS region chosen for %s %s: choose one, set AWS_REGION, "
                                 "or add “region = …” to the profile in ~/.aws/config"),
                               state->call->service_title, state->call->operation);
      return;
    }

  state->endpoint = strata_aws_endpoint_resolve (state->call->service, region, self->endpoint_url, &error);
  if (state->endpoint == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  state->base_uri = g_uri_parse (state->endpoint->url, SOUP_HTTP_URI_FLAGS, &error);
  if (state->base_uri == NULL || g_uri_get_host (state->base_uri) == NULL)
    {
      g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT,
                               _("The AWS endpoint URL “%s” is not a valid URL"), state->endpoint->url);
      return;
    }

  send_attempt (task);
}

void
_strata_aws_client_call_async (StrataAwsClient     *self,
                               StrataAwsCall       *call,
                               GCancellable        *cancellable,
                               gpointer             source_tag,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallState *state;

  g_assert (STRATA_IS_AWS_CLIENT (self));
  g_assert (call != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, call->operation);
  state = g_new0 (CallState, 1);
  state->call = call;
  g_task_set_task_data (task, state, (GDestroyNotify)call_state_free);

  strata_aws_credentials_provider_resolve_async (self->provider, cancellable,
                                                 credentials_resolved, g_steal_pointer (&task));
}

JsonNode *
_strata_aws_client_call_finish (StrataAwsClient  *self,
                                GAsyncResult     *result,
                                gpointer          source_tag,
                                GError          **error)
{
  g_return_val_if_fail (STRATA_IS_AWS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
