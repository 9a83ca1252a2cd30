/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's HTTPS front: TLS, authentication, routing, and the
 * documents that are not about objects (version, health, discovery). */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "strata-atomic-file.h"
#include "strata-sandbox-json.h"
#include "strata-sandbox-openapi.h"
#include "strata-sandbox-eks-auth.h"
#include "strata-sandbox-server-private.h"
#include "strata-sandbox-status.h"
#include "strata-sandbox-tls.h"
#include "strata-sandbox-version.h"
#include "strata-yaml.h"

struct _StrataSandboxServer
{
  GObject                   parent_instance;

  StrataSandboxStore       *store;
  StrataSandboxRegistry    *registry;
  StrataSandboxWatch       *watch;
  SoupServer               *soup;
  GTlsCertificate          *ca;
  char                     *pki_folder;
  char                     *token;      /* this run's, never on disk but in kubeconfigs asked for */
  GPtrArray                *extra_tokens;
  GPtrArray                *eks_clusters;  /* names it answers EKS tokens for */
  guint16                   port;
  GPtrArray                *unsynced;   /* answered writes waiting for the sync */
  guint                     sync_idle;

  StrataSandboxMetricsFunc  metrics_func;
  gpointer                  metrics_data;
  GDestroyNotify            metrics_destroy;
};

G_DEFINE_FINAL_TYPE (StrataSandboxServer, strata_sandbox_server, G_TYPE_OBJECT)

/* Answers */

void
_strata_sandbox_respond (SoupServerMessage *message,
                         guint              code,
                         JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  gsize length = strlen (text);

  soup_server_message_set_status (message, code, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), length);
}

void
_strata_sandbox_respond_status (SoupServerMessage *message,
                                JsonNode          *status)
{
  _strata_sandbox_respond (message, strata_sandbox_status_get_code (status), status);
}

void
_strata_sandbox_respond_error (StrataSandboxRequest *request,
                               const GError         *error,
                               const char           *name)
{
  g_autoptr(JsonNode) status = strata_sandbox_status_from_error (error, request->resource, name);

  _strata_sandbox_respond_status (request->message, status);
}

static void
respond_text (SoupServerMessage *message,
              guint              code,
              const char        *text)
{
  soup_server_message_set_status (message, code, NULL);
  soup_server_message_set_response (message, "text/plain; charset=utf-8", SOUP_MEMORY_COPY, text, strlen (text));
}

/* What kube-apiserver answers for a path it has no handler for. */
static void
respond_not_found_page (SoupServerMessage *message)
{
  respond_text (message, 404, "404 page not found\n");
}

/* And for a resource a group version it serves does not have. */
static void
respond_no_resource (SoupServerMessage *message)
{
  g_autoptr(JsonNode) status = strata_sandbox_status_new (404, "NotFound", "the server could not find the requested resource",
                                                          NULL, NULL, NULL);

  json_object_set_object_member (json_node_get_object (status), "details", json_object_new ());
  _strata_sandbox_respond_status (message, status);
}

/* Requests */

const char *
_strata_sandbox_request_query (StrataSandboxRequest *request,
                               const char           *name)
{
  return request->query ? g_hash_table_lookup (request->query, name) : NULL;
}

gboolean
_strata_sandbox_request_dry_run (StrataSandboxRequest *request)
{
  return g_strcmp0 (_strata_sandbox_request_query (request, "dryRun"), "All") == 0;
}

JsonNode *
_strata_sandbox_request_body (StrataSandboxRequest *request)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *message = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonNode *node = NULL;

  if (length > 0 && json_parser_load_from_data (parser, data, length, NULL))
    node = strata_sandbox_json_copy (json_parser_get_root (parser));
  else if (length > 0)
    node = strata_yaml_parse (data, length, &error);

  if (node == NULL)
    {
      g_autoptr(JsonNode) status = NULL;

      message = g_strdup_printf ("the body of the request was in an unknown format - accepted media types "
                                 "include: application/json, application/yaml%s%s",
                                 error ? ": " : "", error ? error->message : "");
      status = strata_sandbox_status_new (400, "BadRequest", message, NULL, NULL, NULL);
      _strata_sandbox_respond_status (request->message, status);
    }

  return node;
}

static gboolean
is_eks_token (const char *token)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  if (strata_sandbox_eks_token_check (token, now, &error))
    return TRUE;
  g_debug ("EKS token refused: %s", error->message);
  return FALSE;
}

/* Authentication: the bearer token, or a client certificate our CA signed. */
static gboolean
is_authenticated (StrataSandboxServer *self,
                  SoupServerMessage   *message)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                     "Authorization");

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    {
      const char *token = header + 7;

      while (*token == ' ')
        token++;
      if (g_str_equal (token, self->token))
        return TRUE;
      for (guint i = 0; i < self->extra_tokens->len; i++)
        if (g_str_equal (token, g_ptr_array_index (self->extra_tokens, i)))
          return TRUE;
      return self->eks_clusters->len > 0 && is_eks_token (token);
    }

  return soup_server_message_get_tls_peer_certificate (message) != NULL &&
         g_tls_certificate_verify (soup_server_message_get_tls_peer_certificate (message), NULL, self->ca) == 0;
}

/* GIO rejects client certificates it cannot place; ours are signed by the
 * sandbox's CA, which is all that counts. */
static gboolean
on_accept_certificate (SoupServerMessage    *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  StrataSandboxServer *self = user_data;

  return g_tls_certificate_verify (certificate, NULL, self->ca) == 0;
}

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *message,
                    gpointer           user_data)
{
  g_signal_connect_object (message, "accept-certificate", G_CALLBACK (on_accept_certificate), user_data, 0);
}

static gboolean
is_public (const char *path)
{
  static const char * const prefixes[] = { "/healthz", "/readyz", "/livez", "/version" };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_equal (path, prefixes[i]) ||
        (g_str_has_prefix (path, prefixes[i]) && path[strlen (prefixes[i])] == '/'))
      return TRUE;
  return FALSE;
}

static void
respond_version (SoupServerMessage *message)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = g_strdup_printf ("{\"major\":\"" STRATA_SANDBOX_KUBERNETES_MAJOR "\",\"minor\":\""
                                           STRATA_SANDBOX_KUBERNETES_MINOR "\","
                                           "\"gitVersion\":\"" STRATA_SANDBOX_KUBERNETES_GIT_VERSION "\","
                                           "\"gitCommit\":\"0000000000000000000000000000000000000000\","
                                           "\"gitTreeState\":\"clean\",\"buildDate\":\"2024-01-01T00:00:00Z\","
                                           "\"goVersion\":\"n/a\",\"compiler\":\"gcc\",\"platform\":\"linux/%s\"}",
#if defined(__x86_64__)
                                           "amd64"
#elif defined(__aarch64__)
                                           "arm64"
#else
                                           "unknown"
#endif
                                           );

  node = json_from_string (text, NULL);
  _strata_sandbox_respond (message, 200, node);
}

/* Group commit: the requests that arrived together share one fdatasync,
 * and none is answered before it. */
static gboolean
on_sync_idle (gpointer user_data)
{
  StrataSandboxServer *self = user_data;
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->unsynced);
  g_autoptr(GError) error = NULL;

  self->unsynced = g_ptr_array_new_with_free_func (g_object_unref);
  self->sync_idle = 0;
  if (!strata_sandbox_store_sync (self->store, &error))
    g_warning ("%s", error->message);
  for (guint i = 0; i < waiting->len; i++)
    {
      SoupServerMessage *message = g_ptr_array_index (waiting, i);

      g_signal_handlers_disconnect_by_data (message, self);
      soup_server_message_unpause (message);
    }
  return G_SOURCE_REMOVE;
}

/* A client that left has no I/O left to resume: libsoup is critical of
 * an unpause then. */
static void
on_unsynced_disconnected (SoupServerMessage *message,
                          gpointer           user_data)
{
  StrataSandboxServer *self = user_data;

  g_signal_handlers_disconnect_by_data (message, self);
  g_ptr_array_remove (self->unsynced, message);
}

static void
hold_until_synced (StrataSandboxServer *self,
                   SoupServerMessage   *message)
{
  const char *method = soup_server_message_get_method (message);

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD") || !strata_sandbox_store_needs_sync (self->store))
    return;

  soup_server_message_pause (message);
  g_ptr_array_add (self->unsynced, g_object_ref (message));
  g_signal_connect (message, "disconnected", G_CALLBACK (on_unsynced_disconnected), self);
  if (self->sync_idle == 0)
    self->sync_idle = g_idle_add (on_sync_idle, self);
}

/* /api/v1/... and /apis/GROUP/VERSION/...: the object endpoints. */
static void
route_resource (StrataSandboxServer  *self,
                SoupServerMessage    *message,
                GHashTable           *query,
                const char           *group,
                const char           *version,
                char                **parts,
                guint                 n_parts)
{
  StrataSandboxRequest request = { self, message, query, NULL, NULL, NULL, NULL };
  const char *method = soup_server_message_get_method (message);
  guint first = 0;

  /* namespaces/NS/PLURAL…: a namespaced resource; namespaces[/NAME[/SUB]]
   * is the Namespace kind itself. */
  if (n_parts >= 3 && g_str_equal (parts[0], "namespaces"))
    {
      request.namespace_ = parts[1];
      first = 2;
    }

  if (strata_sandbox_registry_resource_list_has_version (self->registry, group, version) == FALSE)
    {
      respond_not_found_page (message);
      return;
    }
  if (n_parts - first == 0 || n_parts - first > 3)
    {
      respond_no_resource (message);
      return;
    }

  request.resource = strata_sandbox_registry_lookup (self->registry, group, version, parts[first]);
  if (request.resource == NULL ||
      (request.namespace_ != NULL && !request.resource->namespaced))
    {
      respond_no_resource (message);
      return;
    }

  request.name = n_parts - first > 1 ? parts[first + 1] : NULL;
  request.subresource = n_parts - first > 2 ? parts[first + 2] : NULL;
  if (request.subresource != NULL &&
      !(g_str_equal (request.subresource, "status") && request.resource->has_status) &&
      !(g_str_equal (request.subresource, "scale") && request.resource->has_scale))
    {
      respond_no_resource (message);
      return;
    }

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
    _strata_sandbox_handle_read (&request);
  else if (request.resource->read_only)
    {
      g_autoptr(JsonNode) status = NULL;
      g_autofree char *text = g_strdup_printf ("%s is not supported", method);

      status = strata_sandbox_status_new (405, "MethodNotAllowed", text, NULL, NULL, NULL);
      _strata_sandbox_respond_status (message, status);
    }
  else
    {
      _strata_sandbox_handle_write (&request);
      hold_until_synced (self, message);
    }
}

static void
respond_discovery (SoupServerMessage *message,
                   JsonNode          *node)
{
  if (node == NULL)
    respond_not_found_page (message);
  else
    _strata_sandbox_respond (message, 200, node);
}

static void
on_request (SoupServer        *soup,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  StrataSandboxServer *self = user_data;
  g_auto(GStrv) parts = NULL;
  guint n_parts;

  if (!is_public (path) && !is_authenticated (self, message))
    {
      g_autoptr(JsonNode) status = strata_sandbox_status_new (401, "Unauthorized", "Unauthorized", NULL, NULL, NULL);

      _strata_sandbox_respond_status (message, status);
      return;
    }

  if (g_str_has_prefix (path, "/healthz") || g_str_has_prefix (path, "/readyz") || g_str_has_prefix (path, "/livez"))
    {
      respond_text (message, 200, "ok");
      return;
    }
  if (g_str_equal (path, "/version"))
    {
      respond_version (message);
      return;
    }
  if (g_str_has_prefix (path, "/openapi/"))
    {
      g_autoptr(JsonNode) document = strata_sandbox_openapi_document (self->registry, path);

      respond_discovery (message, g_steal_pointer (&document));
      return;
    }

  {
    g_autofree char *trimmed = g_strndup (path + 1, strlen (path + 1) - (g_str_has_suffix (path, "/") ? 1 : 0));

    parts = g_strsplit (trimmed, "/", -1);
  }
  n_parts = g_strv_length (parts);

  if (n_parts >= 1 && g_str_equal (parts[0], "api"))
    {
      if (n_parts == 1)
        respond_discovery (message, strata_sandbox_registry_api_versions (self->registry));
      else if (n_parts == 2)
        respond_discovery (message, strata_sandbox_registry_resource_list (self->registry, "", parts[1]));
      else if (g_str_equal (parts[1], "v1"))
        route_resource (self, message, query, "", "v1", parts + 2, n_parts - 2);
      else
        respond_not_found_page (message);
      return;
    }

  if (n_parts >= 1 && g_str_equal (parts[0], "apis"))
    {
      if (n_parts == 1)
        respond_discovery (message, strata_sandbox_registry_group_list (self->registry));
      else if (n_parts == 2)
        respond_discovery (message, strata_sandbox_registry_group (self->registry, parts[1]));
      else if (n_parts == 3)
        respond_discovery (message, strata_sandbox_registry_resource_list (self->registry, parts[1], parts[2]));
      else
        route_resource (self, message, query, parts[1], parts[2], parts + 3, n_parts - 3);
      return;
    }

  respond_not_found_page (message);
}

/* GObject */

static void
strata_sandbox_server_dispose (GObject *object)
{
  StrataSandboxServer *self = (StrataSandboxServer *)object;

  if (self->sync_idle != 0)
    {
      g_source_remove (self->sync_idle);
      on_sync_idle (self);
      g_clear_handle_id (&self->sync_idle, g_source_remove);
    }
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->watch);
  g_clear_object (&self->registry);
  g_clear_object (&self->store);
  g_clear_object (&self->ca);
  if (self->metrics_destroy != NULL)
    g_clear_pointer (&self->metrics_data, self->metrics_destroy);

  G_OBJECT_CLASS (strata_sandbox_server_parent_class)->dispose (object);
}

static void
strata_sandbox_server_finalize (GObject *object)
{
  StrataSandboxServer *self = (StrataSandboxServer *)object;

  g_free (self->pki_folder);
  g_free (self->token);
  g_clear_pointer (&self->extra_tokens, g_ptr_array_unref);
  g_clear_pointer (&self->eks_clusters, g_ptr_array_unref);
  g_clear_pointer (&self->unsynced, g_ptr_array_unref);

  G_OBJECT_CLASS (strata_sandbox_server_parent_class)->finalize (object);
}

static void
strata_sandbox_server_class_init (StrataSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_sandbox_server_dispose;
  object_class->finalize = strata_sandbox_server_finalize;
}

static void
strata_sandbox_server_init (StrataSandboxServer *self)
{
  self->unsynced = g_ptr_array_new_with_free_func (g_object_unref);
  self->extra_tokens = g_ptr_array_new_with_free_func (g_free);
  self->eks_clusters = g_ptr_array_new_with_free_func (g_free);
}

StrataSandboxServer *
strata_sandbox_server_new (StrataSandboxStore  *store,
                           const char          *pki_folder,
                           GError             **error)
{
  g_autoptr(StrataSandboxServer) self = g_object_new (STRATA_TYPE_SANDBOX_SERVER, NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *ca_path = NULL;

  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (store), NULL);
  g_return_val_if_fail (pki_folder != NULL, NULL);

  self->store = g_object_ref (store);
  /* GTlsFileDatabase takes absolute paths only. */
  self->pki_folder = g_canonicalize_filename (pki_folder, NULL);
  pki_folder = self->pki_folder;
  ca_path = g_build_filename (pki_folder, "ca.crt", NULL);

  if (!strata_sandbox_tls_ensure (pki_folder, error) ||
      !(certificate = strata_sandbox_tls_load_server (pki_folder, error)) ||
      !(database = g_tls_file_database_new (ca_path, error)) ||
      !(self->ca = g_tls_certificate_new_from_file (ca_path, error)) ||
      !(self->token = strata_sandbox_tls_new_token (error)))
    return NULL;

  self->registry = strata_sandbox_registry_new (store);
  self->watch = strata_sandbox_watch_new (store);
  self->soup = soup_server_new ("server-header", "strata-sandbox", NULL);
  soup_server_set_tls_certificate (self->soup, certificate);
  /* Client certificates are asked for, not required: most clients send
   * the token instead. */
  soup_server_set_tls_database (self->soup, database);
  soup_server_set_tls_auth_mode (self->soup, G_TLS_AUTHENTICATION_REQUESTED);
  soup_server_add_handler (self->soup, NULL, on_request, self, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (on_request_started), self, 0);

  return g_steal_pointer (&self);
}

gboolean
strata_sandbox_server_listen (StrataSandboxServer  *self,
                              guint16               port,
                              GError              **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  GSList *uris;

  g_return_val_if_fail (STRATA_IS_SANDBOX_SERVER (self), FALSE);

  if (!soup_server_listen (self->soup, address, SOUP_SERVER_LISTEN_HTTPS, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  return TRUE;
}

guint16
strata_sandbox_server_get_port (StrataSandboxServer *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_SERVER (self), 0);

  return self->port;
}

StrataSandboxStore *
strata_sandbox_server_get_store (StrataSandboxServer *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_SERVER (self), NULL);

  return self->store;
}

char *
strata_sandbox_server_get_url (StrataSandboxServer *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_SERVER (self), NULL);

  return g_strdup_printf ("https://127.0.0.1:%u", self->port);
}

StrataSandboxRegistry *
_strata_sandbox_server_get_registry (StrataSandboxServer *self)
{
  return self->registry;
}

StrataSandboxWatch *
_strata_sandbox_server_get_watch (StrataSandboxServer *self)
{
  return self->watch;
}

void
strata_sandbox_server_set_metrics_func (StrataSandboxServer      *self,
                                        StrataSandboxMetricsFunc  func,
                                        gpointer                  user_data,
                                        GDestroyNotify            destroy)
{
  g_return_if_fail (STRATA_IS_SANDBOX_SERVER (self));

  if (self->metrics_destroy != NULL)
    g_clear_pointer (&self->metrics_data, self->metrics_destroy);
  self->metrics_func = func;
  self->metrics_data = user_data;
  self->metrics_destroy = destroy;
}

GPtrArray *
_strata_sandbox_server_get_metrics (StrataSandboxServer *self,
                                    const char          *kind,
                                    const char          *namespace_)
{
  if (self->metrics_func == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  return self->metrics_func (kind, namespace_, self->metrics_data);
}

/* Kubeconfig */

char *
strata_sandbox_server_build_kubeconfig (StrataSandboxServer  *self,
                                        GError              **error)
{
  g_autofree char *ca = NULL;
  g_autofree char *ca_data = NULL;
  g_autofree char *url = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (STRATA_IS_SANDBOX_SERVER (self), NULL);

  ca = strata_sandbox_tls_read (self->pki_folder, "ca.crt", error);
  if (ca == NULL)
    return NULL;
  ca_data = g_base64_encode ((const guchar *)ca, strlen (ca));
  url = strata_sandbox_server_get_url (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "v1");
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "Config");
  json_builder_set_member_name (builder, "clusters");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "strata-sandbox");
  json_builder_set_member_name (builder, "cluster");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "server");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "certificate-authority-data");
  json_builder_add_string_value (builder, ca_data);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "strata-sandbox");
  json_builder_set_member_name (builder, "user");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, self->token);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "contexts");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "strata-sandbox");
  json_builder_set_member_name (builder, "context");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cluster");
  json_builder_add_string_value (builder, "strata-sandbox");
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, "strata-sandbox");
  json_builder_set_member_name (builder, "namespace");
  json_builder_add_string_value (builder, "default");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "current-context");
  json_builder_add_string_value (builder, "strata-sandbox");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return strata_yaml_emit (root, error);
}

gboolean
strata_sandbox_server_write_kubeconfig (StrataSandboxServer  *self,
                                        const char           *path,
                                        GError              **error)
{
  g_autofree char *text = strata_sandbox_server_build_kubeconfig (self, error);

  /* It holds the token: owner only. */
  return text != NULL && strata_atomic_file_write_private (path, text, -1, error);
}

const char *
strata_sandbox_server_get_token (StrataSandboxServer *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_SERVER (self), NULL);

  return self->token;
}

void
strata_sandbox_server_add_token (StrataSandboxServer *self,
                                 const char          *token)
{
  g_return_if_fail (STRATA_IS_SANDBOX_SERVER (self));
  g_return_if_fail (token != NULL && *token != '\0');

  g_ptr_array_add (self->extra_tokens, g_strdup (token));
}

void
strata_sandbox_server_add_eks_cluster (StrataSandboxServer *self,
                                       const char          *name)
{
  g_return_if_fail (STRATA_IS_SANDBOX_SERVER (self));
  g_return_if_fail (name != NULL && *name != '\0');

  g_ptr_array_add (self->eks_clusters, g_strdup (name));
}
