/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The REST client of one cluster: one SoupSession with keep-alive
 * connections, a queue that keeps at most max-concurrency requests in flight,
 * credentials and TLS from the kubeconfig, and errors that name the server. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "strata-kube-client-private.h"
#include "strata-kube-credentials.h"
#include "strata-kube-discovery.h"
#include "strata-kube-tls.h"

#define DEFAULT_MAX_CONCURRENCY 16
#define DEFAULT_TIMEOUT_SECONDS 30
/* Watches hold a connection each for as long as they run; they get their own
 * connections beyond max-concurrency so they never starve ordinary calls. */
#define WATCH_CONNECTIONS 32

struct _StrataKubeClient
{
  GObject                parent_instance;

  StrataKubeEndpoint    *endpoint;
  StrataKubeCredentials *credentials;
  StrataKubeDiscovery   *discovery;
  GTlsDatabase          *tls_database;
  GProxyResolver        *proxy_resolver;
  SoupSession           *session;  /* made on first use, sized to max_concurrency */
  char                  *server;   /* without a trailing "/" */

  guint                  max_concurrency;
  guint                  timeout;
  guint                  in_flight;
  GQueue                 waiting;  /* GTask of requests waiting for a place */
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_MAX_CONCURRENCY,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataKubeClient, strata_kube_client, G_TYPE_OBJECT)

/* One HTTP request, possibly sent twice (after a 401 with credentials that
 * can be renewed). */
typedef struct
{
  char                 *method;
  char                 *path;
  char                 *content_type;
  GBytes               *body;
  char                 *what;
  StrataKubeResource   *resource;
  gboolean              stream;
  gboolean              queued;
  gboolean              counted;     /* holds one of the max_concurrency places */
  gboolean              retried;
  gboolean              timed_out;
  GCancellable         *cancellable;  /* ours: the caller's or the timer cancel it */
  GSource              *cancel_source;
  GSource              *timeout_source;
  GList                *queue_link;
  SoupSession          *session;
  SoupMessage          *message;
  GTlsCertificateFlags  tls_errors;
  char                 *authorization;
  GTlsCertificate      *certificate;
} Request;

static void request_begin (GTask *task);

static void
request_free (Request *request)
{
  g_assert (request->queue_link == NULL);

  if (request->cancel_source != NULL)
    g_source_destroy (request->cancel_source);
  g_clear_pointer (&request->cancel_source, g_source_unref);
  if (request->timeout_source != NULL)
    g_source_destroy (request->timeout_source);
  g_clear_pointer (&request->timeout_source, g_source_unref);

  g_free (request->method);
  g_free (request->path);
  g_free (request->content_type);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->what);
  g_clear_pointer (&request->resource, strata_kube_resource_unref);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->session);
  g_clear_object (&request->message);
  g_free (request->authorization);
  g_clear_object (&request->certificate);
  g_free (request);
}

static void
strata_kube_client_dispose (GObject *object)
{
  StrataKubeClient *self = (StrataKubeClient *)object;

  /* Every queued request holds a reference to us through its task. */
  g_assert (g_queue_is_empty (&self->waiting));

  g_clear_object (&self->discovery);
  g_clear_object (&self->session);
  g_clear_object (&self->credentials);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->proxy_resolver);

  G_OBJECT_CLASS (strata_kube_client_parent_class)->dispose (object);
}

static void
strata_kube_client_finalize (GObject *object)
{
  StrataKubeClient *self = (StrataKubeClient *)object;

  g_clear_object (&self->endpoint);
  g_free (self->server);

  G_OBJECT_CLASS (strata_kube_client_parent_class)->finalize (object);
}

static void
strata_kube_client_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  StrataKubeClient *self = STRATA_KUBE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    case PROP_MAX_CONCURRENCY:
      g_value_set_uint (value, self->max_concurrency);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_kube_client_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  StrataKubeClient *self = STRATA_KUBE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_object (value);
      break;

    case PROP_MAX_CONCURRENCY:
      strata_kube_client_set_max_concurrency (self, g_value_get_uint (value));
      break;

    case PROP_TIMEOUT:
      strata_kube_client_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_kube_client_class_init (StrataKubeClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_kube_client_dispose;
  object_class->finalize = strata_kube_client_finalize;
  object_class->get_property = strata_kube_client_get_property;
  object_class->set_property = strata_kube_client_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL,
                         STRATA_TYPE_KUBE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MAX_CONCURRENCY] =
    g_param_spec_uint ("max-concurrency", NULL, NULL,
                       1, G_MAXUINT16, DEFAULT_MAX_CONCURRENCY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, G_MAXUINT16, DEFAULT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_kube_client_init (StrataKubeClient *self)
{
  self->max_concurrency = DEFAULT_MAX_CONCURRENCY;
  self->timeout = DEFAULT_TIMEOUT_SECONDS;
  g_queue_init (&self->waiting);
}

static char *
discovery_cache_folder (const char *server)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, server, -1);

  return g_build_filename (g_get_user_cache_dir (), "strata", "discovery", digest, NULL);
}

static gboolean
check_server (const char  *server,
              GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  if (server == NULL || *server == '\0')
    {
      g_set_error_literal (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG,
                           _("The cluster has no server address; set “server” in the kubeconfig"));
      return FALSE;
    }

  uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG,
                   _("The server address “%s” is not an https:// URL"), server);
      return FALSE;
    }

  return TRUE;
}

/**
 * strata_kube_client_new:
 * @endpoint: the cluster and user to talk to
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a client, or %NULL with %STRATA_KUBE_ERROR_CONFIG
 *   (a bad server or proxy address) or %STRATA_KUBE_ERROR_TLS (unreadable
 *   certificate authority)
 */
StrataKubeClient *
strata_kube_client_new (StrataKubeEndpoint  *endpoint,
                        GError             **error)
{
  g_autoptr(StrataKubeClient) self = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  const char *server;
  const char *proxy_url;
  g_autofree char *cache_folder = NULL;

  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (endpoint), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  server = strata_kube_endpoint_get_server (endpoint);
  if (!check_server (server, error))
    return NULL;

  proxy_url = strata_kube_endpoint_get_proxy_url (endpoint);
  if (proxy_url != NULL && !g_uri_is_valid (proxy_url, G_URI_FLAGS_NONE, NULL))
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG,
                   _("The proxy-url “%s” of cluster %s is not a URL"),
                   proxy_url, strata_kube_endpoint_get_cluster_name (endpoint));
      return NULL;
    }

  if (!(database = strata_kube_tls_database_new (endpoint, error)))
    return NULL;

  self = g_object_new (STRATA_TYPE_KUBE_CLIENT, "endpoint", endpoint, NULL);
  self->server = g_strdup (server);
  while (g_str_has_suffix (self->server, "/"))
    self->server[strlen (self->server) - 1] = '\0';
  self->tls_database = g_steal_pointer (&database);
  self->credentials = strata_kube_credentials_new (endpoint);
  if (proxy_url != NULL)
    self->proxy_resolver = g_simple_proxy_resolver_new (proxy_url, NULL);

  cache_folder = discovery_cache_folder (self->server);
  self->discovery = strata_kube_discovery_new (self, cache_folder);

  return g_steal_pointer (&self);
}

StrataKubeEndpoint *
strata_kube_client_get_endpoint (StrataKubeClient *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_CLIENT (self), NULL);

  return self->endpoint;
}

guint
strata_kube_client_get_max_concurrency (StrataKubeClient *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_CLIENT (self), 0);

  return self->max_concurrency;
}

static void dequeue (StrataKubeClient *self);

void
strata_kube_client_set_max_concurrency (StrataKubeClient *self,
                                        guint             max_concurrency)
{
  g_return_if_fail (STRATA_IS_KUBE_CLIENT (self));
  g_return_if_fail (max_concurrency > 0);

  if (self->max_concurrency == max_concurrency)
    return;

  self->max_concurrency = max_concurrency;
  /* max-conns is fixed when a session is made: the next request makes a new
   * one. Requests in flight keep the old session alive until they end. */
  g_clear_object (&self->session);
  dequeue (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONCURRENCY]);
}

void
strata_kube_client_set_timeout (StrataKubeClient *self,
                                guint             seconds)
{
  g_return_if_fail (STRATA_IS_KUBE_CLIENT (self));

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

static SoupSession *
ensure_session (StrataKubeClient *self)
{
  guint connections = self->max_concurrency + WATCH_CONNECTIONS;

  if (self->session != NULL)
    return self->session;

  /* No session-wide timeout: ours is per request, and watches are exempt. */
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "max-conns", connections,
                                "max-conns-per-host", connections,
                                "tls-database", self->tls_database,
                                "proxy-resolver", self->proxy_resolver,
                                "timeout", 0,
                                "idle-timeout", 60,
                                "user-agent", "strata/" PACKAGE_VERSION " ",
                                NULL);
  return self->session;
}

StrataKubeDiscovery *
_strata_kube_client_get_discovery (StrataKubeClient *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_CLIENT (self), NULL);

  return self->discovery;
}

const char *
_strata_kube_client_get_server (StrataKubeClient *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_CLIENT (self), NULL);

  return self->server;
}

guint
_strata_kube_client_get_in_flight (StrataKubeClient *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_CLIENT (self), 0);

  return self->in_flight;
}

char *
_strata_kube_client_describe (const char *kind,
                              const char *namespace_,
                              const char *name)
{
  if (name == NULL)
    return namespace_ != NULL
      ? g_strdup_printf (_("%s in namespace %s"), kind, namespace_)
      : g_strdup (kind);

  if (namespace_ != NULL)
    return g_strdup_printf ("%s %s/%s", kind, namespace_, name);

  return g_strdup_printf ("%s %s", kind, name);
}

/* Requests: the queue */

static void
request_release (GTask *task)
{
  StrataKubeClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (request->timeout_source != NULL)
    g_source_destroy (request->timeout_source);
  if (request->cancel_source != NULL)
    g_source_destroy (request->cancel_source);

  if (request->queue_link != NULL)
    {
      g_queue_delete_link (&self->waiting, request->queue_link);
      request->queue_link = NULL;
      g_object_unref (task);
    }

  if (request->counted)
    {
      request->counted = FALSE;
      self->in_flight--;
      dequeue (self);
    }
}

static void
request_return_error (GTask  *task,
                      GError *error)
{
  g_autoptr(GTask) keep = g_object_ref (task);

  request_release (task);
  g_task_return_error (task, error);
}

static void
dequeue (StrataKubeClient *self)
{
  while (self->in_flight < self->max_concurrency && !g_queue_is_empty (&self->waiting))
    {
      g_autoptr(GTask) task = g_queue_pop_head (&self->waiting);
      Request *request = g_task_get_task_data (task);

      request->queue_link = NULL;
      request_begin (task);
    }
}

/* Runs on the main context, never inside g_cancellable_cancel(), so that
 * finishing the request here cannot deadlock on a cancelled handler. */
static gboolean
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  if (request->queue_link != NULL)
    request_return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("The operation was cancelled")));
  else
    g_cancellable_cancel (request->cancellable);

  return G_SOURCE_REMOVE;
}

static gboolean
on_timeout (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);

  return G_SOURCE_REMOVE;
}

static void
request_start (GTask *task)
{
  StrataKubeClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  request->cancellable = g_cancellable_new ();

  if (cancellable != NULL)
    {
      /* The task owns the request, which owns this source: no reference. */
      request->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (request->cancel_source, G_SOURCE_FUNC (on_caller_cancelled), task, NULL);
      g_source_attach (request->cancel_source, g_task_get_context (task));
    }

  if (request->queued && self->in_flight >= self->max_concurrency)
    {
      g_queue_push_tail (&self->waiting, g_object_ref (task));
      request->queue_link = self->waiting.tail;
      return;
    }

  request_begin (task);
}

/* Requests: one attempt */

static void request_get_credentials (GTask *task);

static void
request_begin (GTask *task)
{
  StrataKubeClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (request->queued)
    {
      request->counted = TRUE;
      self->in_flight++;
    }

  /* The clock starts when the request leaves the queue. */
  if (self->timeout > 0)
    {
      request->timeout_source = g_timeout_source_new (self->timeout * 1000);
      g_source_set_callback (request->timeout_source, on_timeout, task, NULL);
      g_source_attach (request->timeout_source, g_task_get_context (task));
    }

  request->session = g_object_ref (ensure_session (self));
  request_get_credentials (task);
}

static void    request_send        (GTask            *task);
static GError *transport_error_new (StrataKubeClient *self,
                                    Request          *request,
                                    const GError     *error);

static void
on_credentials (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataKubeClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&request->authorization, g_free);
  g_clear_object (&request->certificate);

  if (!strata_kube_credentials_get_finish (self->credentials, result,
                                           &request->authorization, &request->certificate, &error))
    {
      /* Our own cancellable also fires for the timeout. */
      if (request->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        request_return_error (task, transport_error_new (self, request, error));
      else
        request_return_error (task, g_steal_pointer (&error));
      return;
    }

  request_send (task);
}

static void
request_get_credentials (GTask *task)
{
  StrataKubeClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  strata_kube_credentials_get_async (self->credentials, request->cancellable,
                                     on_credentials, g_object_ref (task));
}

static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Request *request = user_data;

  /* Never accepted: remembered only to say what was wrong. */
  request->tls_errors = errors;
  return FALSE;
}

static void on_sent (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);
static void on_read (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
request_send (GTask *task)
{
  StrataKubeClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *uri = g_strconcat (self->server, request->path, NULL);
  SoupMessageHeaders *headers;

  g_clear_object (&request->message);
  request->message = soup_message_new (request->method, uri);
  if (request->message == NULL)
    {
      request_return_error (task, g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG,
                                               _("%s failed: “%s” is not a valid URL"), request->what, uri));
      return;
    }

  /* libsoup opens a new connection for every non-idempotent request (POST,
   * PATCH) unless told otherwise, which makes each apply a TLS handshake.
   * Kubernetes writes are safe to resend: apply and delete are idempotent,
   * and a resent create fails with AlreadyExists instead of duplicating. */
  soup_message_add_flags (request->message, SOUP_MESSAGE_IDEMPOTENT);

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (request->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", request->authorization);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (request->message, request->content_type, request->body);
  if (request->certificate != NULL)
    soup_message_set_tls_client_certificate (request->message, request->certificate);

  request->tls_errors = 0;
  g_signal_connect (request->message, "accept-certificate", G_CALLBACK (on_accept_certificate), request);

  if (request->stream)
    soup_session_send_async (request->session, request->message, G_PRIORITY_DEFAULT,
                             request->cancellable, on_sent, g_object_ref (task));
  else
    soup_session_send_and_read_async (request->session, request->message, G_PRIORITY_DEFAULT,
                                      request->cancellable, on_read, g_object_ref (task));
}

/* Requests: what came back */

static GError *
tls_error_new (StrataKubeClient *self,
               Request          *request,
               const GError     *error)
{
  const char *cluster = strata_kube_endpoint_get_cluster_name (self->endpoint);
  const char *user = strata_kube_endpoint_get_user_name (self->endpoint);
  GTlsCertificateFlags flags = request->tls_errors;

  if (cluster == NULL)
    cluster = self->server;

  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TLS,
                        _("%s on %s failed: the server’s certificate is not signed by the kubeconfig’s "
                          "certificate authority; check certificate-authority(-data) of cluster %s"),
                        request->what, self->server, cluster);

  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TLS,
                        _("%s on %s failed: the server’s certificate is not valid for that name; "
                          "check the server address or set tls-server-name of cluster %s"),
                        request->what, self->server, cluster);

  if (flags & (G_TLS_CERTIFICATE_EXPIRED | G_TLS_CERTIFICATE_NOT_ACTIVATED))
    return g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TLS,
                        _("%s on %s failed: the server’s certificate has expired or is not valid yet; "
                          "check the clocks of the server and of this computer"),
                        request->what, self->server);

  if (flags != 0)
    return g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TLS,
                        _("%s on %s failed: the server’s certificate is not trusted (%s)"),
                        request->what, self->server, error->message);

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED))
    return g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TLS,
                        _("%s on %s failed: the server wants a client certificate; check "
                          "client-certificate and client-key of user %s"),
                        request->what, self->server, user ? user : "");

  return g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TLS,
                      _("%s on %s failed: the TLS connection failed: %s"),
                      request->what, self->server, error->message);
}

static gboolean
is_connection_error (const GError *error)
{
  static const int connection_codes[] = {
    G_IO_ERROR_CONNECTION_REFUSED,
    G_IO_ERROR_HOST_NOT_FOUND,
    G_IO_ERROR_HOST_UNREACHABLE,
    G_IO_ERROR_NETWORK_UNREACHABLE,
    G_IO_ERROR_CONNECTION_CLOSED,
    G_IO_ERROR_BROKEN_PIPE,
    G_IO_ERROR_NOT_CONNECTED,
    G_IO_ERROR_PROXY_FAILED,
    G_IO_ERROR_PROXY_AUTH_FAILED,
    G_IO_ERROR_PROXY_NOT_ALLOWED,
    G_IO_ERROR_PROXY_NEED_AUTH,
  };

  if (error->domain == G_RESOLVER_ERROR)
    return TRUE;

  if (error->domain == G_IO_ERROR)
    for (guint i = 0; i < G_N_ELEMENTS (connection_codes); i++)
      if (error->code == connection_codes[i])
        return TRUE;

  return FALSE;
}

/* Turns what libsoup and GIO said into an error a user can act on. */
static GError *
transport_error_new (StrataKubeClient *self,
                     Request          *request,
                     const GError     *error)
{
  if (request->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TIMEOUT,
                        _("%s on %s failed: no answer within %u seconds; is the server overloaded "
                          "or a firewall dropping the connection?"),
                        request->what, self->server, self->timeout);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR || request->tls_errors != 0)
    return tls_error_new (self, request, error);

  if (is_connection_error (error))
    return g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONNECTION,
                        _("%s on %s failed: cannot connect (%s); is the cluster running, and is "
                          "the server address in the kubeconfig right?"),
                        request->what, self->server, error->message);

  return g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_FAILED,
                      _("%s on %s failed: %s"),
                      request->what, self->server, error->message);
}

/* A missing object gets a Status whose details name its kind; a resource
 * the server does not serve gets a plain "404 page not found" (unknown
 * group-version) or a Status without details ("the server could not find
 * the requested resource"). */
static gboolean
names_missing_object (JsonNode *status)
{
  JsonNode *details;

  if (status == NULL || !JSON_NODE_HOLDS_OBJECT (status))
    return FALSE;

  details = json_object_get_member (json_node_get_object (status), "details");
  return details != NULL && JSON_NODE_HOLDS_OBJECT (details) &&
         json_object_has_member (json_node_get_object (details), "kind");
}

static GError *
response_error_new (StrataKubeClient *self,
                    Request          *request,
                    guint             status,
                    GBytes           *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GError) error = strata_kube_error_new_from_response (status, content_type, body,
                                                                 request->what, self->server);

  if (status == SOUP_STATUS_NOT_FOUND && request->resource != NULL &&
      !names_missing_object (strata_kube_error_get_status (error)))
    {
      strata_kube_discovery_invalidate (self->discovery);
      return g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND,
                          _("%s on %s failed: unknown kind %s in apiVersion %s (the server does not serve it)"),
                          request->what, self->server,
                          strata_kube_resource_get_kind (request->resource),
                          strata_kube_resource_get_group_version (request->resource));
    }

  return g_steal_pointer (&error);
}

/* After a 401, credentials that can change (an exec plugin, a token file)
 * get one more chance. */
static gboolean
request_retry_unauthorized (GTask *task,
                            guint  status)
{
  StrataKubeClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (status != SOUP_STATUS_UNAUTHORIZED || request->retried)
    return FALSE;
  if (!strata_kube_credentials_invalidate (self->credentials))
    return FALSE;

  request->retried = TRUE;
  request_get_credentials (task);
  return TRUE;
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataKubeClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  if (!(body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error)))
    {
      request_return_error (task, transport_error_new (self, request, error));
      return;
    }

  status = soup_message_get_status (request->message);
  if (request_retry_unauthorized (task, status))
    return;

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      request_return_error (task, response_error_new (self, request, status, body));
      return;
    }

  request_release (task);
  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify)g_bytes_unref);
}

static void
on_error_body_read (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataKubeClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (object);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status = soup_message_get_status (request->message);

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (memory), result, &error) < 0)
    {
      request_return_error (task, transport_error_new (self, request, error));
      return;
    }

  if (request_retry_unauthorized (task, status))
    return;

  body = g_memory_output_stream_steal_as_bytes (memory);
  request_return_error (task, response_error_new (self, request, status, body));
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataKubeClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GError) error = NULL;

  if (!(stream = soup_session_send_finish (SOUP_SESSION (object), result, &error)))
    {
      request_return_error (task, transport_error_new (self, request, error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message)))
    {
      /* An error body is short: read it whole for the Status in it. */
      memory = g_memory_output_stream_new_resizable ();
      g_output_stream_splice_async (memory, stream,
                                    G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                    G_PRIORITY_DEFAULT, request->cancellable,
                                    on_error_body_read, g_object_ref (task));
      return;
    }

  /* The stream now runs for as long as the caller reads it. */
  request_release (task);
  g_task_return_pointer (task, g_steal_pointer (&stream), g_object_unref);
}

static GTask *
request_task_new (StrataKubeClient    *self,
                  const char          *method,
                  const char          *path,
                  StrataKubeResource  *resource,
                  const char          *what,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->what = g_strdup (what);
  request->resource = resource ? strata_kube_resource_ref (resource) : NULL;
  request->queued = TRUE;
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  return task;
}

void
_strata_kube_client_send_async (StrataKubeClient    *self,
                                const char          *method,
                                const char          *path,
                                StrataKubeResource  *resource,
                                const char          *content_type,
                                GBytes              *body,
                                const char          *what,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (STRATA_IS_KUBE_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && *path == '/');
  g_return_if_fail (what != NULL);

  task = request_task_new (self, method, path, resource, what, cancellable, callback, user_data);
  g_task_set_source_tag (task, _strata_kube_client_send_async);

  request = g_task_get_task_data (task);
  request->content_type = g_strdup (content_type);
  request->body = body ? g_bytes_ref (body) : NULL;

  request_start (task);
}

/**
 * _strata_kube_client_send_finish:
 *
 * Returns: (transfer full): the body of the answer
 */
GBytes *
_strata_kube_client_send_finish (StrataKubeClient  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _strata_kube_client_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_strata_kube_client_open_stream_async (StrataKubeClient    *self,
                                       const char          *path,
                                       StrataKubeResource  *resource,
                                       const char          *what,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (STRATA_IS_KUBE_CLIENT (self));
  g_return_if_fail (path != NULL && *path == '/');
  g_return_if_fail (what != NULL);

  task = request_task_new (self, "GET", path, resource, what, cancellable, callback, user_data);
  g_task_set_source_tag (task, _strata_kube_client_open_stream_async);

  request = g_task_get_task_data (task);
  request->stream = TRUE;
  request->queued = FALSE;

  request_start (task);
}

/**
 * _strata_kube_client_open_stream_finish:
 *
 * Returns: (transfer full): the body of the answer, to read as it comes
 */
GInputStream *
_strata_kube_client_open_stream_finish (StrataKubeClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _strata_kube_client_open_stream_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
