/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "strata-atomic-file.h"
#include "strata-kube-endpoint.h"
#include "strata-kube-error.h"
#include "strata-token-provider.h"
#include "strata-yaml.h"

/* The name of the cluster, user and context in a written kubeconfig when
 * the endpoint has none of its own. */
#define DEFAULT_NAME "strata"

struct _StrataKubeEndpoint
{
  GObject   parent_instance;

  char     *server;
  char     *context_name;
  char     *cluster_name;
  char     *user_name;
  char     *namespace_;
  char     *certificate_authority;
  char     *client_certificate;
  char     *client_key;
  char     *token;
  char     *token_file;
  char     *username;
  char     *password;
  JsonNode *exec;
  char     *base_folder;
  char     *tls_server_name;
  char     *proxy_url;
  StrataTokenProvider *token_provider;
  guint     insecure_skip_tls_verify : 1;
};

enum {
  PROP_0,
  PROP_SERVER,
  PROP_CONTEXT_NAME,
  PROP_CLUSTER_NAME,
  PROP_USER_NAME,
  PROP_NAMESPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataKubeEndpoint, strata_kube_endpoint, G_TYPE_OBJECT)

static void
strata_kube_endpoint_finalize (GObject *object)
{
  StrataKubeEndpoint *self = (StrataKubeEndpoint *)object;

  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->context_name, g_free);
  g_clear_pointer (&self->cluster_name, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->namespace_, g_free);
  g_clear_pointer (&self->certificate_authority, g_free);
  g_clear_pointer (&self->client_certificate, g_free);
  g_clear_pointer (&self->client_key, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->token_file, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->exec, json_node_unref);
  g_clear_pointer (&self->base_folder, g_free);
  g_clear_pointer (&self->tls_server_name, g_free);
  g_clear_pointer (&self->proxy_url, g_free);
  g_clear_object (&self->token_provider);

  G_OBJECT_CLASS (strata_kube_endpoint_parent_class)->finalize (object);
}

static void
strata_kube_endpoint_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  StrataKubeEndpoint *self = (StrataKubeEndpoint *)object;

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;

    case PROP_CONTEXT_NAME:
      g_value_set_string (value, self->context_name);
      break;

    case PROP_CLUSTER_NAME:
      g_value_set_string (value, self->cluster_name);
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;

    case PROP_NAMESPACE:
      g_value_set_string (value, self->namespace_);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_kube_endpoint_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  StrataKubeEndpoint *self = (StrataKubeEndpoint *)object;

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_kube_endpoint_class_init (StrataKubeEndpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_kube_endpoint_finalize;
  object_class->get_property = strata_kube_endpoint_get_property;
  object_class->set_property = strata_kube_endpoint_set_property;

  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_CONTEXT_NAME] =
    g_param_spec_string ("context-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_CLUSTER_NAME] =
    g_param_spec_string ("cluster-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_NAMESPACE] =
    g_param_spec_string ("namespace", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_kube_endpoint_init (StrataKubeEndpoint *self)
{
}

/**
 * strata_kube_endpoint_new:
 * @server: the API server URL ("https://10.0.0.1:6443")
 *
 * Returns: (transfer full): an endpoint with no credentials yet; the
 *   builders below complete it before it is handed to a client
 */
StrataKubeEndpoint *
strata_kube_endpoint_new (const char *server)
{
  g_return_val_if_fail (server != NULL, NULL);

  return g_object_new (STRATA_TYPE_KUBE_ENDPOINT,
                       "server", server,
                       NULL);
}

const char *
strata_kube_endpoint_get_server (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->server;
}

const char *
strata_kube_endpoint_get_context_name (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->context_name;
}

const char *
strata_kube_endpoint_get_cluster_name (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->cluster_name;
}

const char *
strata_kube_endpoint_get_user_name (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->user_name;
}

const char *
strata_kube_endpoint_get_namespace (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->namespace_;
}

const char *
strata_kube_endpoint_get_certificate_authority (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->certificate_authority;
}

const char *
strata_kube_endpoint_get_client_certificate (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->client_certificate;
}

const char *
strata_kube_endpoint_get_client_key (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->client_key;
}

const char *
strata_kube_endpoint_get_token (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->token;
}

const char *
strata_kube_endpoint_get_token_file (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->token_file;
}

const char *
strata_kube_endpoint_get_username (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->username;
}

const char *
strata_kube_endpoint_get_password (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->password;
}

/**
 * strata_kube_endpoint_get_exec:
 * @self: a #StrataKubeEndpoint
 *
 * Returns: (transfer none) (nullable): the exec stanza, sealed: it is shared
 *   and must not be changed
 */
JsonNode *
strata_kube_endpoint_get_exec (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->exec;
}

gboolean
strata_kube_endpoint_get_insecure_skip_tls_verify (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), FALSE);

  return self->insecure_skip_tls_verify;
}

const char *
strata_kube_endpoint_get_tls_server_name (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->tls_server_name;
}

const char *
strata_kube_endpoint_get_proxy_url (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->proxy_url;
}

const char *
strata_kube_endpoint_get_base_folder (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->base_folder;
}

/* Empty strings count as unset, as they do in a kubeconfig. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
strata_kube_endpoint_set_names (StrataKubeEndpoint *self,
                                const char         *context,
                                const char         *cluster,
                                const char         *user)
{
  g_return_if_fail (STRATA_IS_KUBE_ENDPOINT (self));

  if (set_string (&self->context_name, context))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT_NAME]);
  if (set_string (&self->cluster_name, cluster))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLUSTER_NAME]);
  if (set_string (&self->user_name, user))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
}

void
strata_kube_endpoint_set_namespace (StrataKubeEndpoint *self,
                                    const char         *namespace_)
{
  g_return_if_fail (STRATA_IS_KUBE_ENDPOINT (self));

  if (set_string (&self->namespace_, namespace_))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACE]);
}

void
strata_kube_endpoint_set_certificate_authority (StrataKubeEndpoint *self,
                                                const char         *pem)
{
  g_return_if_fail (STRATA_IS_KUBE_ENDPOINT (self));

  set_string (&self->certificate_authority, pem);
}

void
strata_kube_endpoint_set_client_certificate (StrataKubeEndpoint *self,
                                             const char         *certificate_pem,
                                             const char         *key_pem)
{
  g_return_if_fail (STRATA_IS_KUBE_ENDPOINT (self));

  set_string (&self->client_certificate, certificate_pem);
  set_string (&self->client_key, key_pem);
}

void
strata_kube_endpoint_set_token (StrataKubeEndpoint *self,
                                const char         *token)
{
  g_return_if_fail (STRATA_IS_KUBE_ENDPOINT (self));

  set_string (&self->token, token);
}

void
strata_kube_endpoint_set_token_file (StrataKubeEndpoint *self,
                                     const char         *path)
{
  g_return_if_fail (STRATA_IS_KUBE_ENDPOINT (self));

  set_string (&self->token_file, path);
}

void
strata_kube_endpoint_set_basic_auth (StrataKubeEndpoint *self,
                                     const char         *username,
                                     const char         *password)
{
  g_return_if_fail (STRATA_IS_KUBE_ENDPOINT (self));

  set_string (&self->username, username);
  set_string (&self->password, password);
}

/* json_node_copy() shares the objects and arrays inside; the endpoint keeps
 * a tree of its own so that nothing the caller does later can change it. */
static JsonNode *
node_deep_copy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      JsonNode *copy = json_node_new (JSON_NODE_OBJECT);

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        json_object_set_member (object, name, node_deep_copy (member));

      json_node_take_object (copy, object);
      return copy;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *source = json_node_get_array (node);
      guint length = json_array_get_length (source);
      JsonArray *array = json_array_sized_new (length);
      JsonNode *copy = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < length; i++)
        json_array_add_element (array, node_deep_copy (json_array_get_element (source, i)));

      json_node_take_array (copy, array);
      return copy;
    }

  return json_node_copy (node);
}

/**
 * strata_kube_endpoint_set_exec:
 * @self: a #StrataKubeEndpoint
 * @exec: (nullable): the "exec" stanza of a kubeconfig user
 * @base_folder: (nullable): the folder of that kubeconfig
 *
 * Keeps a sealed copy of @exec.
 */
void
strata_kube_endpoint_set_exec (StrataKubeEndpoint *self,
                               JsonNode           *exec,
                               const char         *base_folder)
{
  g_return_if_fail (STRATA_IS_KUBE_ENDPOINT (self));
  g_return_if_fail (exec == NULL || JSON_NODE_HOLDS_OBJECT (exec));

  g_clear_pointer (&self->exec, json_node_unref);
  if (exec != NULL)
    {
      self->exec = node_deep_copy (exec);
      json_node_seal (self->exec);
    }
  set_string (&self->base_folder, base_folder);
}

void
strata_kube_endpoint_set_insecure_skip_tls_verify (StrataKubeEndpoint *self,
                                                   gboolean            insecure)
{
  g_return_if_fail (STRATA_IS_KUBE_ENDPOINT (self));

  self->insecure_skip_tls_verify = !!insecure;
}

void
strata_kube_endpoint_set_tls_server_name (StrataKubeEndpoint *self,
                                          const char         *name)
{
  g_return_if_fail (STRATA_IS_KUBE_ENDPOINT (self));

  set_string (&self->tls_server_name, name);
}

void
strata_kube_endpoint_set_proxy_url (StrataKubeEndpoint *self,
                                    const char         *url)
{
  g_return_if_fail (STRATA_IS_KUBE_ENDPOINT (self));

  set_string (&self->proxy_url, url);
}

static void
set_base64_member (JsonObject *object,
                   const char *name,
                   const char *text)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *)text, strlen (text));

  json_object_set_string_member (object, name, encoded);
}

/* kubectl runs a command with a '/' in its name but not absolute relative
 * to the kubeconfig's folder; the written file may live elsewhere, so such a
 * command is made absolute. A bare name is looked up in PATH and stays. */
static JsonNode *
exec_for_kubeconfig (StrataKubeEndpoint *self)
{
  JsonNode *exec = node_deep_copy (self->exec);
  JsonObject *object = json_node_get_object (exec);
  JsonNode *command_node = json_object_get_member (object, "command");
  const char *command;

  if (self->base_folder == NULL || command_node == NULL ||
      json_node_get_value_type (command_node) != G_TYPE_STRING)
    return exec;

  command = json_node_get_string (command_node);
  if (strchr (command, '/') != NULL && !g_path_is_absolute (command))
    {
      g_autofree char *path = g_canonicalize_filename (command, self->base_folder);

      json_object_set_string_member (object, "command", path);
    }

  return exec;
}

static JsonNode *
named_entry (const char *name,
             const char *field,
             JsonObject *value)
{
  JsonObject *entry = json_object_new ();
  JsonArray *list = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_object_set_string_member (entry, "name", name);
  json_object_set_object_member (entry, field, value);
  json_array_add_object_element (list, entry);
  json_node_take_array (node, list);

  return node;
}

/**
 * strata_kube_endpoint_to_kubeconfig:
 * @self: a #StrataKubeEndpoint
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the kubeconfig as YAML text
 */
char *
strata_kube_endpoint_to_kubeconfig (StrataKubeEndpoint  *self,
                                    GError             **error)
{
  g_autoptr(JsonNode) root = NULL;
  const char *context_name;
  const char *cluster_name;
  const char *user_name;
  JsonObject *config;
  JsonObject *cluster;
  JsonObject *user;
  JsonObject *context;

  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* kubectl refuses a cluster with both, so a file holding both would be
   * useless to it. */
  if (self->insecure_skip_tls_verify && self->certificate_authority != NULL)
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG,
                   _("Cannot write a kubeconfig for %s that both names a certificate authority and skips TLS verification; kubectl refuses that pair"),
                   self->server);
      return NULL;
    }

  context_name = self->context_name != NULL ? self->context_name : DEFAULT_NAME;
  cluster_name = self->cluster_name != NULL ? self->cluster_name : DEFAULT_NAME;
  user_name = self->user_name != NULL ? self->user_name : DEFAULT_NAME;

  cluster = json_object_new ();
  json_object_set_string_member (cluster, "server", self->server);
  if (self->certificate_authority != NULL)
    set_base64_member (cluster, "certificate-authority-data", self->certificate_authority);
  if (self->insecure_skip_tls_verify)
    json_object_set_boolean_member (cluster, "insecure-skip-tls-verify", TRUE);
  if (self->tls_server_name != NULL)
    json_object_set_string_member (cluster, "tls-server-name", self->tls_server_name);
  if (self->proxy_url != NULL)
    json_object_set_string_member (cluster, "proxy-url", self->proxy_url);

  user = json_object_new ();
  if (self->client_certificate != NULL)
    set_base64_member (user, "client-certificate-data", self->client_certificate);
  if (self->client_key != NULL)
    set_base64_member (user, "client-key-data", self->client_key);
  if (self->token != NULL)
    json_object_set_string_member (user, "token", self->token);
  if (self->token_file != NULL)
    json_object_set_string_member (user, "tokenFile", self->token_file);
  if (self->username != NULL)
    json_object_set_string_member (user, "username", self->username);
  if (self->password != NULL)
    json_object_set_string_member (user, "password", self->password);
  if (self->exec != NULL)
    json_object_set_member (user, "exec", exec_for_kubeconfig (self));

  context = json_object_new ();
  json_object_set_string_member (context, "cluster", cluster_name);
  json_object_set_string_member (context, "user", user_name);
  if (self->namespace_ != NULL)
    json_object_set_string_member (context, "namespace", self->namespace_);

  config = json_object_new ();
  json_object_set_string_member (config, "apiVersion", "v1");
  json_object_set_string_member (config, "kind", "Config");
  json_object_set_member (config, "clusters", named_entry (cluster_name, "cluster", cluster));
  json_object_set_member (config, "users", named_entry (user_name, "user", user));
  json_object_set_member (config, "contexts", named_entry (context_name, "context", context));
  json_object_set_string_member (config, "current-context", context_name);
  json_object_set_object_member (config, "preferences", json_object_new ());

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, config);

  return strata_yaml_emit (root, error);
}

/**
 * strata_kube_endpoint_write_kubeconfig:
 * @self: a #StrataKubeEndpoint
 * @path: where to write it; a missing folder is made (mode 0700)
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the kubeconfig is on disk, mode 0600
 */
gboolean
strata_kube_endpoint_write_kubeconfig (StrataKubeEndpoint  *self,
                                       const char          *path,
                                       GError             **error)
{
  g_autofree char *text = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(text = strata_kube_endpoint_to_kubeconfig (self, error)))
    return FALSE;

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not make the folder “%s” for the kubeconfig: %s"),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }

  return strata_atomic_file_write_private (path, text, -1, error);
}

/**
 * strata_kube_endpoint_set_token_provider:
 * @provider: (nullable): a #StrataTokenProvider, or %NULL
 *
 * Requests then carry a bearer token from @provider, asked for before each
 * request and invalidated after a 401.
 */
void
strata_kube_endpoint_set_token_provider (StrataKubeEndpoint  *self,
                                         StrataTokenProvider *provider)
{
  g_return_if_fail (STRATA_IS_KUBE_ENDPOINT (self));
  g_return_if_fail (provider == NULL || STRATA_IS_TOKEN_PROVIDER (provider));

  g_set_object (&self->token_provider, provider);
}

/**
 * strata_kube_endpoint_get_token_provider:
 *
 * Returns: (transfer none) (nullable): the #StrataTokenProvider, or %NULL
 */
StrataTokenProvider *
strata_kube_endpoint_get_token_provider (StrataKubeEndpoint *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (self), NULL);

  return self->token_provider;
}
