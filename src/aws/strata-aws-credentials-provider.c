/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The AWS credential chain. Reading the shared files runs in a thread; the
 * keyring and STS AssumeRole are async calls; the chain itself runs on the
 * caller's main context, one small step per function, in the order the
 * steps happen. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-aws-config-file.h"
#include "strata-aws-credentials-provider.h"
#include "strata-aws-error.h"
#include "strata-aws-keyring.h"
#include "strata-aws-role-chain-private.h"

/* Temporary keys are renewed this long before they expire, so a request
 * signed with them still arrives in time (strata-aws-role-chain.c renews
 * the roles' on the same terms). */
#define EXPIRY_MARGIN_SECONDS (5 * 60)
/* Long-term keys are read again after this long: an edited
 * ~/.aws/credentials is picked up without restarting. */
#define STATIC_CACHE_USEC (5 * 60 * G_USEC_PER_SEC)
#define MAX_ROLE_CHAIN 8

struct _StrataAwsCredentialsProvider
{
  GObject               parent_instance;

  char                 *profile;
  char                 *region;
  char                **environment;
  gboolean              use_keyring;
  gboolean              is_static;
  StrataAwsCredentials *cached;
  gint64                cached_until;  /* monotonic; 0: until it expires */
  GHashTable           *roles;         /* cache key -> StrataAwsCredentials */
};

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_REGION,
  PROP_USE_KEYRING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataAwsCredentialsProvider, strata_aws_credentials_provider, G_TYPE_OBJECT)

static void
strata_aws_credentials_provider_dispose (GObject *object)
{
  StrataAwsCredentialsProvider *self = (StrataAwsCredentialsProvider *)object;

  g_clear_object (&self->cached);
  g_hash_table_remove_all (self->roles);

  G_OBJECT_CLASS (strata_aws_credentials_provider_parent_class)->dispose (object);
}

static void
strata_aws_credentials_provider_finalize (GObject *object)
{
  StrataAwsCredentialsProvider *self = (StrataAwsCredentialsProvider *)object;

  g_clear_pointer (&self->profile, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->environment, g_strfreev);
  g_clear_pointer (&self->roles, g_hash_table_unref);

  G_OBJECT_CLASS (strata_aws_credentials_provider_parent_class)->finalize (object);
}

static void
strata_aws_credentials_provider_get_property (GObject    *object,
                                              guint       prop_id,
                                              GValue     *value,
                                              GParamSpec *pspec)
{
  StrataAwsCredentialsProvider *self = STRATA_AWS_CREDENTIALS_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_string (value, self->profile);
      break;

    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;

    case PROP_USE_KEYRING:
      g_value_set_boolean (value, self->use_keyring);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_aws_credentials_provider_set_property (GObject      *object,
                                              guint         prop_id,
                                              const GValue *value,
                                              GParamSpec   *pspec)
{
  StrataAwsCredentialsProvider *self = STRATA_AWS_CREDENTIALS_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      self->profile = g_value_dup_string (value);
      break;

    case PROP_USE_KEYRING:
      strata_aws_credentials_provider_set_use_keyring (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_aws_credentials_provider_class_init (StrataAwsCredentialsProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_aws_credentials_provider_dispose;
  object_class->finalize = strata_aws_credentials_provider_finalize;
  object_class->get_property = strata_aws_credentials_provider_get_property;
  object_class->set_property = strata_aws_credentials_provider_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_string ("profile", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_USE_KEYRING] =
    g_param_spec_boolean ("use-keyring", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_aws_credentials_provider_init (StrataAwsCredentialsProvider *self)
{
  self->use_keyring = TRUE;
  self->roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * strata_aws_credentials_provider_new:
 * @profile: (nullable): the profile, or %NULL for $AWS_PROFILE or "default"
 *
 * Returns: (transfer full): a provider for the standard chain
 */
StrataAwsCredentialsProvider *
strata_aws_credentials_provider_new (const char *profile)
{
  return g_object_new (STRATA_TYPE_AWS_CREDENTIALS_PROVIDER,
                       "profile", profile != NULL && *profile != '\0' ? profile : NULL,
                       NULL);
}

/**
 * strata_aws_credentials_provider_new_static:
 * @credentials: the credentials
 * @region: (nullable): the region
 *
 * Returns: (transfer full): a provider that always answers @credentials
 */
StrataAwsCredentialsProvider *
strata_aws_credentials_provider_new_static (StrataAwsCredentials *credentials,
                                            const char           *region)
{
  StrataAwsCredentialsProvider *self;

  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS (credentials), NULL);

  self = g_object_new (STRATA_TYPE_AWS_CREDENTIALS_PROVIDER, "use-keyring", FALSE, NULL);
  self->is_static = TRUE;
  self->cached = g_object_ref (credentials);
  self->region = g_strdup (region);

  return self;
}

/**
 * strata_aws_credentials_provider_get_profile:
 * @self: a #StrataAwsCredentialsProvider
 *
 * Returns: (nullable): the profile chosen explicitly, or %NULL
 */
const char *
strata_aws_credentials_provider_get_profile (StrataAwsCredentialsProvider *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS_PROVIDER (self), NULL);

  return self->profile;
}

/**
 * strata_aws_credentials_provider_get_region:
 * @self: a #StrataAwsCredentialsProvider
 *
 * Returns: (nullable): the region the last resolve found, or %NULL
 */
const char *
strata_aws_credentials_provider_get_region (StrataAwsCredentialsProvider *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS_PROVIDER (self), NULL);

  return self->region;
}

gboolean
strata_aws_credentials_provider_get_use_keyring (StrataAwsCredentialsProvider *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS_PROVIDER (self), FALSE);

  return self->use_keyring;
}

void
strata_aws_credentials_provider_set_use_keyring (StrataAwsCredentialsProvider *self,
                                                 gboolean                      use_keyring)
{
  g_return_if_fail (STRATA_IS_AWS_CREDENTIALS_PROVIDER (self));

  use_keyring = !!use_keyring;
  if (self->use_keyring == use_keyring)
    return;

  self->use_keyring = use_keyring;
  strata_aws_credentials_provider_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_KEYRING]);
}

/**
 * strata_aws_credentials_provider_set_environment:
 * @self: a #StrataAwsCredentialsProvider
 * @environment: (nullable) (array zero-terminated=1): "NAME=value" strings
 *
 * Makes the chain read @environment instead of the process environment.
 */
void
strata_aws_credentials_provider_set_environment (StrataAwsCredentialsProvider *self,
                                                 const char * const           *environment)
{
  g_return_if_fail (STRATA_IS_AWS_CREDENTIALS_PROVIDER (self));

  g_strfreev (self->environment);
  self->environment = g_strdupv ((char **)environment);
  strata_aws_credentials_provider_invalidate (self);
}

void
strata_aws_credentials_provider_invalidate (StrataAwsCredentialsProvider *self)
{
  g_return_if_fail (STRATA_IS_AWS_CREDENTIALS_PROVIDER (self));

  if (self->is_static)
    return;

  g_clear_object (&self->cached);
  g_hash_table_remove_all (self->roles);
}

static void
set_region (StrataAwsCredentialsProvider *self,
            const char                   *region)
{
  if (g_strcmp0 (self->region, region) == 0)
    return;

  g_free (self->region);
  self->region = g_strdup (region);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
}

static gboolean
cache_is_valid (StrataAwsCredentialsProvider *self)
{
  if (self->cached == NULL)
    return FALSE;
  if (self->is_static)
    return TRUE;
  if (strata_aws_credentials_get_expiration (self->cached) != NULL)
    return !strata_aws_credentials_expires_within (self->cached, NULL, EXPIRY_MARGIN_SECONDS);

  return g_get_monotonic_time () < self->cached_until;
}

/* Resolving */

typedef struct
{
  /* The environment, read on the caller's thread. */
  StrataAwsCredentials *env_credentials;
  char                 *env_region;
  char                 *profile;
  gboolean              profile_named;   /* given or $AWS_PROFILE */
  char                 *config_path;
  char                 *credentials_path;

  /* The files, read in a thread. */
  StrataAwsConfigFile  *config;
  StrataAwsConfigFile  *credentials;

  /* The walk from the profile to the keys its roles start from. */
  char                 *current;         /* the profile being looked at */
  GPtrArray            *roles;           /* StrataAwsRoleStep*, the profile's own first */
  GHashTable           *visited;
} ResolveState;

static void
resolve_state_free (ResolveState *state)
{
  g_clear_object (&state->env_credentials);
  g_free (state->env_region);
  g_free (state->profile);
  g_free (state->config_path);
  g_free (state->credentials_path);
  g_clear_pointer (&state->config, strata_aws_config_file_free);
  g_clear_pointer (&state->credentials, strata_aws_config_file_free);
  g_free (state->current);
  g_ptr_array_unref (state->roles);
  g_hash_table_unref (state->visited);
  g_free (state);
}

static const char *
nonempty_env (StrataAwsCredentialsProvider *self,
              const char                   *name)
{
  const char *value = self->environment != NULL ? g_environ_getenv (self->environment, name)
                                                : g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* The credentials file is read first: the AWS CLI lets its values win over
 * the config file's for the same profile. */
static const char *
profile_get (ResolveState *state,
             const char   *profile,
             const char   *key)
{
  const char *value = strata_aws_config_file_get (state->credentials, profile, key);

  return value != NULL ? value : strata_aws_config_file_get (state->config, profile, key);
}

static StrataAwsCredentials *
profile_keys (ResolveState *state,
              const char   *profile)
{
  StrataAwsConfigFile *files[] = { state->credentials, state->config };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      const char *id = strata_aws_config_file_get (files[i], profile, "aws_access_key_id");
      const char *secret = strata_aws_config_file_get (files[i], profile, "aws_secret_access_key");
      g_autofree char *source = NULL;

      if (id == NULL || secret == NULL)
        continue;

      source = g_strdup_printf (_("profile “%s” in %s"), profile, strata_aws_config_file_get_path (files[i]));
      return strata_aws_credentials_new (id, secret,
                                         strata_aws_config_file_get (files[i], profile, "aws_session_token"),
                                         NULL, source);
    }

  return NULL;
}

static gboolean
profile_exists (ResolveState *state,
                const char   *profile)
{
  return strata_aws_config_file_has_profile (state->credentials, profile) ||
         strata_aws_config_file_has_profile (state->config, profile);
}

static void walk_profiles (GTask *task);

static void
resolved (GTask                *task,
          StrataAwsCredentials *credentials)
{
  StrataAwsCredentialsProvider *self = g_task_get_source_object (task);

  g_set_object (&self->cached, credentials);
  self->cached_until = g_get_monotonic_time () + STATIC_CACHE_USEC;

  g_task_return_pointer (task, g_object_ref (credentials), g_object_unref);
}

static void roles_assumed (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);

/* The keys the chain starts from: the profile's own, or those that assume
 * its roles. */
static void
base_found (GTask                *task,
            StrataAwsCredentials *base)
{
  StrataAwsCredentialsProvider *self = g_task_get_source_object (task);
  ResolveState *state = g_task_get_task_data (task);

  if (state->roles->len == 0)
    {
      resolved (task, base);
      return;
    }

  _strata_aws_assume_roles_async (state->roles, base, self->region, self->roles,
                                  g_task_get_cancellable (task), roles_assumed, g_object_ref (task));
}

static void
roles_assumed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(StrataAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = _strata_aws_assume_roles_finish (result, &error);
  if (credentials == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    resolved (task, credentials);
}

static void
source_keyring_looked_up (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ResolveState *state = g_task_get_task_data (task);
  g_autoptr(StrataAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = strata_aws_keyring_lookup_finish (result, &error);
  if (credentials != NULL)
    {
      base_found (task, credentials);
      return;
    }

  if (error != NULL)
    g_debug ("AWS keyring lookup for profile %s failed: %s", state->current, error->message);

  g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_NO_CREDENTIALS,
                           _("AWS profile “%s” is the source_profile of a role but has no keys: "
                             "add aws_access_key_id and aws_secret_access_key to it in %s, "
                             "or enter its keys in Strata"),
                           state->current, state->credentials_path);
}

/* The profile has no role and no keys in the files. */
static void
no_keys_in_files (GTask *task)
{
  StrataAwsCredentialsProvider *self = g_task_get_source_object (task);
  ResolveState *state = g_task_get_task_data (task);
  const char *profile = state->current;

  if (profile_get (state, profile, "sso_start_url") != NULL ||
      profile_get (state, profile, "sso_session") != NULL ||
      profile_get (state, profile, "credential_process") != NULL ||
      profile_get (state, profile, "web_identity_token_file") != NULL)
    {
      g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_UNSUPPORTED,
                               _("AWS profile “%s” uses SSO, a credential process or web identity, "
                                 "which Strata does not support yet: use a profile with keys or a "
                                 "role, or enter keys in Strata"), profile);
      return;
    }

  /* A source profile's keys may be in the keyring (the profile's own were
   * looked up there first already). */
  if (state->roles->len > 0 && self->use_keyring)
    {
      strata_aws_keyring_lookup_async (profile, g_task_get_cancellable (task),
                                       source_keyring_looked_up, g_object_ref (task));
      return;
    }

  if (!profile_exists (state, profile) && state->profile_named)
    g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_CONFIG,
                             _("AWS profile “%s” was not found in %s or %s, nor in the keyring: "
                               "check its name, or add it"),
                             profile, state->config_path, state->credentials_path);
  else
    g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_NO_CREDENTIALS,
                             _("No AWS credentials found for profile “%s”: set AWS_ACCESS_KEY_ID and "
                               "AWS_SECRET_ACCESS_KEY, add the profile’s keys to %s, or enter keys "
                               "in Strata"),
                             profile, state->credentials_path);
}

/* Follows role_arn → source_profile until a profile with keys. */
static void
walk_profiles (GTask *task)
{
  ResolveState *state = g_task_get_task_data (task);

  for (;;)
    {
      const char *profile = state->current;
      const char *role_arn = profile_get (state, profile, "role_arn");
      const char *source_profile;
      const char *credential_source;
      g_autoptr(StrataAwsCredentials) keys = NULL;
      StrataAwsRoleStep *step;

      if (role_arn == NULL)
        {
          keys = profile_keys (state, profile);
          if (keys != NULL)
            base_found (task, keys);
          else
            no_keys_in_files (task);
          return;
        }

      if (g_hash_table_contains (state->visited, profile) || state->roles->len >= MAX_ROLE_CHAIN)
        {
          g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_CONFIG,
                                   _("The source_profile settings of AWS profile “%s” go round in a "
                                     "circle: make one of them use keys"), state->profile);
          return;
        }
      g_hash_table_add (state->visited, g_strdup (profile));

      if (profile_get (state, profile, "mfa_serial") != NULL)
        {
          g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_UNSUPPORTED,
                                   _("AWS profile “%s” needs an MFA code for its role, which Strata "
                                     "cannot ask for yet: use a profile without mfa_serial"), profile);
          return;
        }

      step = g_new0 (StrataAwsRoleStep, 1);
      step->role_arn = g_strdup (role_arn);
      step->profile = g_strdup (profile);
      step->external_id = g_strdup (profile_get (state, profile, "external_id"));
      step->duration_seconds = (guint)g_ascii_strtoull (profile_get (state, profile, "duration_seconds") ?: "0",
                                                        NULL, 10);
      step->session_name = g_strdup (profile_get (state, profile, "role_session_name"));
      if (step->session_name == NULL)
        step->session_name = g_strdup_printf ("strata-session-%" G_GINT64_FORMAT,
                                              g_get_real_time () / G_USEC_PER_SEC);
      g_ptr_array_add (state->roles, step);

      source_profile = profile_get (state, profile, "source_profile");
      credential_source = profile_get (state, profile, "credential_source");

      if (source_profile != NULL && g_str_equal (source_profile, profile))
        {
          /* A profile may be its own source: its keys assume its role. */
          keys = profile_keys (state, profile);
          if (keys != NULL)
            base_found (task, keys);
          else
            no_keys_in_files (task);
          return;
        }
      else if (source_profile != NULL)
        {
          g_free (state->current);
          state->current = g_strdup (source_profile);
          continue;
        }
      else if (g_strcmp0 (credential_source, "Environment") == 0 && state->env_credentials != NULL)
        {
          base_found (task, state->env_credentials);
          return;
        }

      g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_CONFIG,
                               credential_source == NULL
                               ? _("AWS profile “%s” has a role_arn but no source_profile: add "
                                   "“source_profile = …” naming the profile whose keys assume the role")
                               : _("AWS profile “%s” takes its keys from a credential_source Strata "
                                   "cannot use here (only Environment, with AWS_ACCESS_KEY_ID set)"),
                               profile);
      return;
    }
}

static void
keyring_looked_up (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ResolveState *state = g_task_get_task_data (task);
  g_autoptr(StrataAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = strata_aws_keyring_lookup_finish (result, &error);
  if (credentials != NULL)
    {
      resolved (task, credentials);
      return;
    }

  /* No keyring (a session without one) is not an error: the files may
   * still have keys. */
  if (error != NULL)
    g_debug ("AWS keyring lookup for profile %s failed: %s", state->profile, error->message);

  walk_profiles (task);
}

static void
files_loaded (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataAwsCredentialsProvider *self = g_task_get_source_object (task);
  ResolveState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *region;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  region = state->env_region;
  if (region == NULL)
    region = strata_aws_config_file_get (state->config, state->profile, "region");
  set_region (self, region);

  /* An explicit profile wins over keys in the environment, as with the
   * AWS CLI's --profile; $AWS_PROFILE does not. */
  if (state->env_credentials != NULL && self->profile == NULL)
    {
      resolved (task, state->env_credentials);
      return;
    }

  if (self->use_keyring)
    {
      strata_aws_keyring_lookup_async (state->profile, g_task_get_cancellable (task),
                                       keyring_looked_up, g_object_ref (task));
      return;
    }

  walk_profiles (task);
}

static void
load_files_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ResolveState *state = task_data;
  g_autoptr(GError) error = NULL;

  state->config = strata_aws_config_file_load (state->config_path, STRATA_AWS_CONFIG_FILE_CONFIG, &error);
  if (state->config != NULL)
    state->credentials = strata_aws_config_file_load (state->credentials_path,
                                                      STRATA_AWS_CONFIG_FILE_CREDENTIALS, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
strata_aws_credentials_provider_resolve_async (StrataAwsCredentialsProvider *self,
                                               GCancellable                 *cancellable,
                                               GAsyncReadyCallback           callback,
                                               gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) load = NULL;
  ResolveState *state;
  const char *id;
  const char *secret;

  g_return_if_fail (STRATA_IS_AWS_CREDENTIALS_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_aws_credentials_provider_resolve_async);

  if (cache_is_valid (self))
    {
      g_task_return_pointer (task, g_object_ref (self->cached), g_object_unref);
      return;
    }

  state = g_new0 (ResolveState, 1);
  state->roles = g_ptr_array_new_with_free_func ((GDestroyNotify)_strata_aws_role_step_free);
  state->visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, state, (GDestroyNotify)resolve_state_free);

  id = nonempty_env (self, "AWS_ACCESS_KEY_ID");
  secret = nonempty_env (self, "AWS_SECRET_ACCESS_KEY");
  if (id != NULL && secret != NULL)
    state->env_credentials = strata_aws_credentials_new (id, secret, nonempty_env (self, "AWS_SESSION_TOKEN"),
                                                         NULL, _("environment variables"));

  state->env_region = g_strdup (nonempty_env (self, "AWS_REGION"));
  if (state->env_region == NULL)
    state->env_region = g_strdup (nonempty_env (self, "AWS_DEFAULT_REGION"));

  state->profile_named = self->profile != NULL || nonempty_env (self, "AWS_PROFILE") != NULL;
  state->profile = g_strdup (self->profile != NULL ? self->profile
                             : nonempty_env (self, "AWS_PROFILE") != NULL ? nonempty_env (self, "AWS_PROFILE")
                             : "default");
  state->current = g_strdup (state->profile);
  state->config_path = strata_aws_config_file_default_path (STRATA_AWS_CONFIG_FILE_CONFIG,
                                                            (const char * const *)self->environment);
  state->credentials_path = strata_aws_config_file_default_path (STRATA_AWS_CONFIG_FILE_CREDENTIALS,
                                                                 (const char * const *)self->environment);

  /* The files are read in a thread that only touches the state's paths and
   * files; the task keeps the state alive until it returns. */
  load = g_task_new (self, cancellable, files_loaded, g_steal_pointer (&task));
  g_task_set_source_tag (load, load_files_thread);
  g_task_set_task_data (load, state, NULL);
  g_task_run_in_thread (load, load_files_thread);
}

/**
 * strata_aws_credentials_provider_resolve_finish:
 * @self: a #StrataAwsCredentialsProvider
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the credentials
 */
StrataAwsCredentials *
strata_aws_credentials_provider_resolve_finish (StrataAwsCredentialsProvider  *self,
                                                GAsyncResult                  *result,
                                                GError                       **error)
{
  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS_PROVIDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
