/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What to authenticate a request with, fetched fresh where the source
 * changes (token files, exec plugins) and kept where it does not. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-json.h"
#include "strata-kube-credentials.h"
#include "strata-kube-error.h"
#include "strata-kube-tls.h"
#include "strata-token-provider.h"

/* What a get hands out: an Authorization value and a client certificate,
 * either of them possibly missing. */
typedef struct
{
  char            *authorization;
  GTlsCertificate *certificate;
  GDateTime       *expiration;    /* exec credentials only; NULL: never */
} Credential;

/* One run of the exec plugin and the gets waiting for it. */
typedef struct
{
  StrataKubeCredentials *self;
  GSubprocess           *subprocess;
  GCancellable          *cancellable;
  GPtrArray             *waiters;   /* Waiter */
  char                  *command;
} ExecRun;

/* A get waiting for a run, and what tells it its caller gave up. */
typedef struct
{
  GTask   *task;
  GSource *cancelled_source;
  ExecRun *run;
} Waiter;

struct _StrataKubeCredentials
{
  GObject             parent_instance;

  StrataKubeEndpoint *endpoint;
  GTlsCertificate    *client_certificate;  /* from the endpoint, made on first use */
  Credential         *exec_credential;     /* the cached ExecCredential */
  ExecRun            *exec_run;            /* the plugin running now */
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataKubeCredentials, strata_kube_credentials, G_TYPE_OBJECT)

static void
credential_free (Credential *credential)
{
  g_free (credential->authorization);
  g_clear_object (&credential->certificate);
  g_clear_pointer (&credential->expiration, g_date_time_unref);
  g_free (credential);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Credential, credential_free)

static Credential *
credential_new (const char      *authorization,
                GTlsCertificate *certificate)
{
  Credential *credential = g_new0 (Credential, 1);

  credential->authorization = g_strdup (authorization);
  g_set_object (&credential->certificate, certificate);

  return credential;
}

static void
strata_kube_credentials_dispose (GObject *object)
{
  StrataKubeCredentials *self = (StrataKubeCredentials *)object;

  /* A run in progress holds a reference on self, so there is none here. */
  g_assert (self->exec_run == NULL);

  g_clear_object (&self->client_certificate);
  g_clear_pointer (&self->exec_credential, credential_free);

  G_OBJECT_CLASS (strata_kube_credentials_parent_class)->dispose (object);
}

static void
strata_kube_credentials_finalize (GObject *object)
{
  StrataKubeCredentials *self = (StrataKubeCredentials *)object;

  g_clear_object (&self->endpoint);

  G_OBJECT_CLASS (strata_kube_credentials_parent_class)->finalize (object);
}

static void
strata_kube_credentials_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  StrataKubeCredentials *self = (StrataKubeCredentials *)object;

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_kube_credentials_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  StrataKubeCredentials *self = (StrataKubeCredentials *)object;

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_kube_credentials_class_init (StrataKubeCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_kube_credentials_dispose;
  object_class->finalize = strata_kube_credentials_finalize;
  object_class->get_property = strata_kube_credentials_get_property;
  object_class->set_property = strata_kube_credentials_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL,
                         STRATA_TYPE_KUBE_ENDPOINT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_kube_credentials_init (StrataKubeCredentials *self)
{
}

/**
 * strata_kube_credentials_new:
 * @endpoint: the endpoint to authenticate to
 *
 * Returns: (transfer full): the credentials of @endpoint's user
 */
StrataKubeCredentials *
strata_kube_credentials_new (StrataKubeEndpoint *endpoint)
{
  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (endpoint), NULL);

  return g_object_new (STRATA_TYPE_KUBE_CREDENTIALS,
                       "endpoint", endpoint,
                       NULL);
}

static const char *
user_name (StrataKubeCredentials *self)
{
  const char *name = strata_kube_endpoint_get_user_name (self->endpoint);

  return name != NULL ? name : strata_kube_endpoint_get_server (self->endpoint);
}

/* The endpoint's static client certificate, read once. */
static gboolean
get_client_certificate (StrataKubeCredentials  *self,
                        GTlsCertificate       **certificate,
                        GError                **error)
{
  const char *certificate_pem = strata_kube_endpoint_get_client_certificate (self->endpoint);
  const char *key_pem = strata_kube_endpoint_get_client_key (self->endpoint);

  *certificate = NULL;

  if (certificate_pem == NULL || key_pem == NULL)
    return TRUE;

  if (self->client_certificate == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      self->client_certificate = strata_kube_tls_client_certificate_new (certificate_pem, key_pem,
                                                                         &local_error);
      if (self->client_certificate == NULL)
        {
          g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS,
                       _("User “%s”: %s"), user_name (self), local_error->message);
          return FALSE;
        }
    }

  *certificate = g_object_ref (self->client_certificate);
  return TRUE;
}

/* Every task returns a Credential of its own. */
static void
task_return_credential (GTask            *task,
                        const char       *authorization,
                        GTlsCertificate  *certificate)
{
  g_task_return_pointer (task, credential_new (authorization, certificate),
                         (GDestroyNotify)credential_free);
}

/* Static credentials: token, basic auth, client certificate. */

static char *
basic_authorization (const char *username,
                     const char *password)
{
  g_autofree char *pair = g_strconcat (username, ":", password != NULL ? password : "", NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));

  return g_strconcat ("Basic ", encoded, NULL);
}

static void
get_static (StrataKubeCredentials *self,
            GTask                 *task)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *authorization = NULL;
  GError *error = NULL;
  const char *token = strata_kube_endpoint_get_token (self->endpoint);
  const char *username = strata_kube_endpoint_get_username (self->endpoint);

  if (!get_client_certificate (self, &certificate, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (token != NULL)
    authorization = g_strconcat ("Bearer ", token, NULL);
  else if (username != NULL)
    authorization = basic_authorization (username, strata_kube_endpoint_get_password (self->endpoint));

  task_return_credential (task, authorization, certificate);
}

/* Token providers (EKS): asked on every get; they cache what they can. */

static void
provider_token_ready (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  StrataTokenProvider *provider = STRATA_TOKEN_PROVIDER (object);
  g_autoptr(GTask) task = user_data;
  StrataKubeCredentials *self = g_task_get_source_object (task);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *authorization = NULL;

  if (!(token = strata_token_provider_get_token_finish (provider, result, NULL, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS,
                                 _("Could not make a token for user “%s”: %s"),
                                 user_name (self), error->message);
      return;
    }

  if (!get_client_certificate (self, &certificate, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  authorization = g_strconcat ("Bearer ", token, NULL);
  task_return_credential (task, authorization, certificate);
}

/* Token files: read on every get, since whoever writes them rotates them. */

static void
token_file_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GFile *file = (GFile *)object;
  g_autoptr(GTask) task = user_data;
  StrataKubeCredentials *self = g_task_get_source_object (task);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *path = g_file_get_path (file);
  gsize length;

  g_assert (G_IS_FILE (file));
  g_assert (STRATA_IS_KUBE_CREDENTIALS (self));

  if (!g_file_load_contents_finish (file, result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS,
                                 _("Could not read the token file “%s” of user “%s”: %s"),
                                 path, user_name (self), error->message);
      return;
    }

  if (!g_utf8_validate (contents, length, NULL) || *g_strstrip (contents) == '\0')
    {
      g_task_return_new_error (task, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS,
                               _("The token file “%s” of user “%s” holds no token"),
                               path, user_name (self));
      return;
    }

  if (!get_client_certificate (self, &certificate, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  authorization = g_strconcat ("Bearer ", contents, NULL);
  task_return_credential (task, authorization, certificate);
}

/* Exec credential plugins */

static void waiter_free (Waiter *waiter);

static void
exec_run_free (ExecRun *run)
{
  g_assert (run->waiters->len == 0);

  g_clear_object (&run->subprocess);
  g_clear_object (&run->cancellable);
  g_ptr_array_unref (run->waiters);
  g_free (run->command);
  g_object_unref (run->self);
  g_free (run);
}

static gboolean
credential_is_fresh (const Credential *credential)
{
  g_autoptr(GDateTime) now = NULL;

  if (credential->expiration == NULL)
    return TRUE;

  now = g_date_time_new_now_utc ();
  return g_date_time_compare (now, credential->expiration) < 0;
}

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancelled_source != NULL)
    {
      g_source_destroy (waiter->cancelled_source);
      g_source_unref (waiter->cancelled_source);
    }
  g_object_unref (waiter->task);
  g_free (waiter);
}

static void return_exec_credential (StrataKubeCredentials *self,
                                    GTask                 *task,
                                    const Credential      *credential);

/* Hands the result of a run to every get that waited for it. */
static void
exec_run_finish (ExecRun          *run,
                 const Credential *credential,
                 const GError     *error)
{
  StrataKubeCredentials *self = run->self;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&run->waiters);

  /* A callback may start the next get at once: it must find no run. */
  if (self->exec_run == run)
    self->exec_run = NULL;
  run->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify)waiter_free);

  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter->task, g_error_copy (error));
      else
        return_exec_credential (self, waiter->task, credential);
    }

  exec_run_free (run);
}

static char *
plugin_failure_message (ExecRun    *run,
                        const char *problem)
{
  JsonNode *exec = strata_kube_endpoint_get_exec (run->self->endpoint);
  const char *hint = strata_json_object_get_string (json_node_get_object (exec), "installHint");
  g_autoptr(GString) message = g_string_new (NULL);

  g_string_append_printf (message, _("The credential plugin “%s” of user “%s” failed: %s"),
                          run->command, user_name (run->self), problem);
  if (hint != NULL && *hint != '\0')
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (hint));

      g_string_append_printf (message, "\n%s", trimmed);
    }

  return g_string_free (g_steal_pointer (&message), FALSE);
}

static GError *
plugin_error (ExecRun    *run,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static GError *
plugin_error (ExecRun    *run,
              const char *format,
              ...)
{
  g_autofree char *problem = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  message = plugin_failure_message (run, problem);
  return g_error_new_literal (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS, message);
}

/* status.token and/or status.clientCertificateData + clientKeyData, valid
 * until status.expirationTimestamp (RFC 3339) when the plugin gives one. */
static Credential *
parse_exec_credential (ExecRun     *run,
                       const char  *output,
                       GError     **error)
{
  JsonNode *exec = strata_kube_endpoint_get_exec (run->self->endpoint);
  const char *api_version = strata_json_object_get_string (json_node_get_object (exec), "apiVersion");
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Credential) credential = g_new0 (Credential, 1);
  JsonObject *root;
  JsonObject *status;
  const char *kind;
  const char *output_version;
  const char *token;
  const char *certificate_pem;
  const char *key_pem;
  const char *expiration;

  if (!json_parser_load_from_data (parser, output, -1, &local_error))
    {
      *error = plugin_error (run, _("its output is not JSON (%s)"), local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      *error = plugin_error (run, _("its output is not an ExecCredential object"));
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  kind = strata_json_object_get_string (root, "kind");
  output_version = strata_json_object_get_string (root, "apiVersion");
  if (g_strcmp0 (kind, "ExecCredential") != 0)
    {
      *error = plugin_error (run, _("its output is of kind “%s”, not ExecCredential"),
                             kind != NULL ? kind : "");
      return NULL;
    }

  if (g_strcmp0 (output_version, api_version) != 0)
    {
      *error = plugin_error (run, _("the kubeconfig asks for apiVersion “%s” and the plugin answered “%s”"),
                             api_version, output_version != NULL ? output_version : "");
      return NULL;
    }

  if (!(status = strata_json_object_get_object (root, "status")))
    {
      *error = plugin_error (run, _("its ExecCredential has no status"));
      return NULL;
    }

  token = strata_json_object_get_string (status, "token");
  certificate_pem = strata_json_object_get_string (status, "clientCertificateData");
  key_pem = strata_json_object_get_string (status, "clientKeyData");
  expiration = strata_json_object_get_string (status, "expirationTimestamp");

  if ((certificate_pem == NULL) != (key_pem == NULL))
    {
      *error = plugin_error (run, _("its ExecCredential has only one of clientCertificateData and clientKeyData"));
      return NULL;
    }

  if (token == NULL && certificate_pem == NULL)
    {
      *error = plugin_error (run, _("its ExecCredential has neither a token nor a client certificate"));
      return NULL;
    }

  if (expiration != NULL &&
      !(credential->expiration = g_date_time_new_from_iso8601 (expiration, NULL)))
    {
      *error = plugin_error (run, _("its expirationTimestamp “%s” is not an RFC 3339 time"),
                             expiration);
      return NULL;
    }

  if (token != NULL)
    credential->authorization = g_strconcat ("Bearer ", token, NULL);

  if (certificate_pem != NULL &&
      !(credential->certificate = strata_kube_tls_client_certificate_new (certificate_pem, key_pem,
                                                                          &local_error)))
    {
      *error = plugin_error (run, "%s", local_error->message);
      return NULL;
    }

  return g_steal_pointer (&credential);
}

static void
exec_communicated (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GSubprocess *subprocess = (GSubprocess *)object;
  ExecRun *run = user_data;
  StrataKubeCredentials *self = run->self;
  g_autoptr(Credential) credential = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;

  g_assert (G_IS_SUBPROCESS (subprocess));
  g_assert (run->subprocess == subprocess);

  if (!g_subprocess_communicate_utf8_finish (subprocess, result, &output, &errors, &error))
    {
      g_autoptr(GError) read_error = NULL;

      /* Every get gave up: nobody wants what the plugin would print. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_subprocess_force_exit (subprocess);

      read_error = plugin_error (run, _("its output could not be read: %s"), error->message);
      exec_run_finish (run, NULL, read_error);
      return;
    }

  if (!g_subprocess_get_if_exited (subprocess))
    {
      error = plugin_error (run, _("it was killed by signal %d"),
                            g_subprocess_get_term_sig (subprocess));
    }
  else if (g_subprocess_get_exit_status (subprocess) != 0)
    {
      g_strstrip (errors);
      if (*errors != '\0')
        error = plugin_error (run, _("it exited with status %d: %s"),
                              g_subprocess_get_exit_status (subprocess), errors);
      else
        error = plugin_error (run, _("it exited with status %d"),
                              g_subprocess_get_exit_status (subprocess));
    }
  else
    {
      credential = parse_exec_credential (run, output, &error);
    }

  if (credential != NULL)
    {
      g_clear_pointer (&self->exec_credential, credential_free);
      self->exec_credential = credential_new (credential->authorization, credential->certificate);
      if (credential->expiration != NULL)
        self->exec_credential->expiration = g_date_time_ref (credential->expiration);
    }

  exec_run_finish (run, credential, error);
}

/* KUBERNETES_EXEC_INFO: what kubectl tells a plugin. */
static char *
exec_info_new (StrataKubeCredentials *self,
               JsonObject            *exec)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  JsonNode *provide = json_object_get_member (exec, "provideClusterInfo");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, strata_json_object_get_string (exec, "apiVersion"));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "ExecCredential");
  json_builder_set_member_name (builder, "spec");
  json_builder_begin_object (builder);

  if (provide != NULL && json_node_get_value_type (provide) == G_TYPE_BOOLEAN &&
      json_node_get_boolean (provide))
    {
      const char *certificate_authority = strata_kube_endpoint_get_certificate_authority (self->endpoint);
      const char *server_name = strata_kube_endpoint_get_tls_server_name (self->endpoint);
      const char *proxy_url = strata_kube_endpoint_get_proxy_url (self->endpoint);

      json_builder_set_member_name (builder, "cluster");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, strata_kube_endpoint_get_server (self->endpoint));
      if (server_name != NULL)
        {
          json_builder_set_member_name (builder, "tls-server-name");
          json_builder_add_string_value (builder, server_name);
        }
      if (strata_kube_endpoint_get_insecure_skip_tls_verify (self->endpoint))
        {
          json_builder_set_member_name (builder, "insecure-skip-tls-verify");
          json_builder_add_boolean_value (builder, TRUE);
        }
      if (certificate_authority != NULL)
        {
          g_autofree char *encoded = g_base64_encode ((const guchar *)certificate_authority,
                                                      strlen (certificate_authority));

          json_builder_set_member_name (builder, "certificate-authority-data");
          json_builder_add_string_value (builder, encoded);
        }
      if (proxy_url != NULL)
        {
          json_builder_set_member_name (builder, "proxy-url");
          json_builder_add_string_value (builder, proxy_url);
        }
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "interactive");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* kubectl runs a command with a '/' but not absolute from the folder of
 * the kubeconfig that names it; a bare name is looked up in PATH. */
static char *
exec_command_path (StrataKubeCredentials *self,
                   const char            *command)
{
  const char *folder = strata_kube_endpoint_get_base_folder (self->endpoint);

  if (folder != NULL && strchr (command, '/') != NULL && !g_path_is_absolute (command))
    return g_canonicalize_filename (command, folder);

  return g_strdup (command);
}

static ExecRun *
exec_run_start (StrataKubeCredentials  *self,
                GError                **error)
{
  JsonNode *exec_node = strata_kube_endpoint_get_exec (self->endpoint);
  JsonObject *exec = json_node_get_object (exec_node);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *exec_info = NULL;
  const char *command = strata_json_object_get_string (exec, "command");
  JsonNode *args = json_object_get_member (exec, "args");
  JsonNode *env = json_object_get_member (exec, "env");
  ExecRun *run;

  /* Endpoints from a kubeconfig were checked when resolved; built ones
   * may still lack these. */
  if (command == NULL || *command == '\0' || strata_json_object_get_string (exec, "apiVersion") == NULL)
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG,
                   _("The exec stanza of user “%s” needs a command and an apiVersion"),
                   user_name (self));
      return NULL;
    }

  g_ptr_array_add (argv, exec_command_path (self, command));
  if (args != NULL && JSON_NODE_HOLDS_ARRAY (args))
    {
      JsonArray *array = json_node_get_array (args);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *arg = json_array_get_element (array, i);

          if (json_node_get_value_type (arg) == G_TYPE_STRING)
            g_ptr_array_add (argv, g_strdup (json_node_get_string (arg)));
        }
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (env != NULL && JSON_NODE_HOLDS_ARRAY (env))
    {
      JsonArray *array = json_node_get_array (env);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          const char *name;
          const char *value;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;

          name = strata_json_object_get_string (json_node_get_object (item), "name");
          value = strata_json_object_get_string (json_node_get_object (item), "value");
          if (name != NULL && value != NULL)
            g_subprocess_launcher_setenv (launcher, name, value, TRUE);
        }
    }

  exec_info = exec_info_new (self, exec);
  g_subprocess_launcher_setenv (launcher, "KUBERNETES_EXEC_INFO", exec_info, TRUE);

  run = g_new0 (ExecRun, 1);
  run->self = g_object_ref (self);
  run->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify)waiter_free);
  run->cancellable = g_cancellable_new ();
  run->command = g_strdup (g_ptr_array_index (argv, 0));
  run->subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata,
                                                  &local_error);
  if (run->subprocess == NULL)
    {
      *error = plugin_error (run, _("it could not be started: %s"), local_error->message);
      exec_run_free (run);
      return NULL;
    }

  g_subprocess_communicate_utf8_async (run->subprocess, NULL, run->cancellable,
                                       exec_communicated, run);

  return run;
}

/* A get that stops waiting for the plugin returns at once; when no get
 * waits any more, the run is stopped and forgotten, so that the next get
 * starts afresh instead of joining a cancelled run. */
static gboolean
exec_waiter_cancelled (GCancellable *cancellable,
                       gpointer      user_data)
{
  Waiter *waiter = user_data;
  ExecRun *run = waiter->run;
  StrataKubeCredentials *self = run->self;
  guint index;

  g_assert (G_IS_TASK (waiter->task));

  if (!g_ptr_array_find (run->waiters, waiter, &index))
    return G_SOURCE_REMOVE;

  g_ptr_array_steal_index (run->waiters, index);
  if (run->waiters->len == 0)
    {
      if (self->exec_run == run)
        self->exec_run = NULL;
      g_cancellable_cancel (run->cancellable);
    }

  g_task_return_error_if_cancelled (waiter->task);
  waiter_free (waiter);

  return G_SOURCE_REMOVE;
}

static void
exec_wait (StrataKubeCredentials *self,
           GTask                 *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  Waiter *waiter = g_new0 (Waiter, 1);

  waiter->task = g_object_ref (task);
  waiter->run = self->exec_run;
  g_ptr_array_add (self->exec_run->waiters, waiter);

  /* The source lives as long as the waiter, which destroys it. */
  if (cancellable != NULL)
    {
      waiter->cancelled_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancelled_source,
                             (GSourceFunc)(GCallback)exec_waiter_cancelled,
                             waiter, NULL);
      g_source_attach (waiter->cancelled_source, g_task_get_context (task));
    }
}

/* The plugin's certificate wins over the kubeconfig's, as in kubectl. */
static void
return_exec_credential (StrataKubeCredentials *self,
                        GTask                 *task,
                        const Credential      *credential)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  GError *error = NULL;

  if (credential->certificate == NULL &&
      !get_client_certificate (self, &certificate, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  task_return_credential (task, credential->authorization,
                          credential->certificate != NULL ? credential->certificate : certificate);
}

static void
get_exec (StrataKubeCredentials *self,
          GTask                 *task)
{
  GError *error = NULL;

  if (self->exec_credential != NULL && credential_is_fresh (self->exec_credential))
    {
      return_exec_credential (self, task, self->exec_credential);
      return;
    }

  if (self->exec_run == NULL && !(self->exec_run = exec_run_start (self, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  exec_wait (self, task);
}

void
strata_kube_credentials_get_async (StrataKubeCredentials *self,
                                   GCancellable          *cancellable,
                                   GAsyncReadyCallback    callback,
                                   gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *token_file;

  g_return_if_fail (STRATA_IS_KUBE_CREDENTIALS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_kube_credentials_get_async);

  if (strata_kube_endpoint_get_token_provider (self->endpoint) != NULL)
    {
      strata_token_provider_get_token_async (strata_kube_endpoint_get_token_provider (self->endpoint),
                                             cancellable, provider_token_ready, g_steal_pointer (&task));
    }
  else if (strata_kube_endpoint_get_exec (self->endpoint) != NULL)
    {
      get_exec (self, task);
    }
  else if ((token_file = strata_kube_endpoint_get_token_file (self->endpoint)) != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (token_file);

      g_file_load_contents_async (file, cancellable, token_file_loaded, g_steal_pointer (&task));
    }
  else
    {
      get_static (self, task);
    }
}

/**
 * strata_kube_credentials_get_finish:
 * @self: a #StrataKubeCredentials
 * @result: the #GAsyncResult
 * @authorization: (out) (transfer full) (optional) (nullable): the
 *   Authorization header value, or %NULL
 * @certificate: (out) (transfer full) (optional) (nullable): the client
 *   certificate, or %NULL
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the credentials are ready (possibly none at all)
 */
gboolean
strata_kube_credentials_get_finish (StrataKubeCredentials  *self,
                                    GAsyncResult           *result,
                                    char                  **authorization,
                                    GTlsCertificate       **certificate,
                                    GError                **error)
{
  g_autoptr(Credential) credential = NULL;

  g_return_val_if_fail (STRATA_IS_KUBE_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (authorization != NULL)
    *authorization = NULL;
  if (certificate != NULL)
    *certificate = NULL;

  if (!(credential = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  if (authorization != NULL)
    *authorization = g_steal_pointer (&credential->authorization);
  if (certificate != NULL)
    *certificate = g_steal_pointer (&credential->certificate);

  return TRUE;
}

gboolean
strata_kube_credentials_invalidate (StrataKubeCredentials *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_CREDENTIALS (self), FALSE);

  if (strata_kube_endpoint_get_token_provider (self->endpoint) != NULL)
    {
      strata_token_provider_invalidate (strata_kube_endpoint_get_token_provider (self->endpoint));
      return TRUE;
    }

  if (strata_kube_endpoint_get_exec (self->endpoint) != NULL)
    {
      g_clear_pointer (&self->exec_credential, credential_free);
      return TRUE;
    }

  return strata_kube_endpoint_get_token_file (self->endpoint) != NULL;
}
