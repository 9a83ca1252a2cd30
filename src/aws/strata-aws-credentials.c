/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "strata-aws-credentials.h"

struct _StrataAwsCredentials
{
  GObject    parent_instance;

  char      *access_key_id;
  char      *secret_access_key;
  char      *session_token;
  GDateTime *expiration;
  char      *source;
};

enum {
  PROP_0,
  PROP_ACCESS_KEY_ID,
  PROP_EXPIRATION,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataAwsCredentials, strata_aws_credentials, G_TYPE_OBJECT)

/* Secrets are overwritten before their memory goes back to the allocator,
 * so a later heap dump or core file is less likely to hold them. */
static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      explicit_bzero (*secret, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

static void
strata_aws_credentials_finalize (GObject *object)
{
  StrataAwsCredentials *self = (StrataAwsCredentials *)object;

  g_clear_pointer (&self->access_key_id, g_free);
  clear_secret (&self->secret_access_key);
  clear_secret (&self->session_token);
  g_clear_pointer (&self->expiration, g_date_time_unref);
  g_clear_pointer (&self->source, g_free);

  G_OBJECT_CLASS (strata_aws_credentials_parent_class)->finalize (object);
}

static void
strata_aws_credentials_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  StrataAwsCredentials *self = STRATA_AWS_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_ACCESS_KEY_ID:
      g_value_set_string (value, self->access_key_id);
      break;

    case PROP_EXPIRATION:
      g_value_set_boxed (value, self->expiration);
      break;

    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_aws_credentials_class_init (StrataAwsCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_aws_credentials_finalize;
  object_class->get_property = strata_aws_credentials_get_property;

  properties[PROP_ACCESS_KEY_ID] =
    g_param_spec_string ("access-key-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EXPIRATION] =
    g_param_spec_boxed ("expiration", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_aws_credentials_init (StrataAwsCredentials *self)
{
}

/**
 * strata_aws_credentials_new:
 * @access_key_id: the access key ID
 * @secret_access_key: the secret access key
 * @session_token: (nullable): the session token of temporary credentials
 * @expiration: (nullable): when temporary credentials expire
 * @source: (nullable): where they came from, for messages
 *
 * Returns: (transfer full): new credentials
 */
StrataAwsCredentials *
strata_aws_credentials_new (const char *access_key_id,
                            const char *secret_access_key,
                            const char *session_token,
                            GDateTime  *expiration,
                            const char *source)
{
  StrataAwsCredentials *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);

  self = g_object_new (STRATA_TYPE_AWS_CREDENTIALS, NULL);
  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  self->session_token = session_token != NULL && *session_token != '\0' ? g_strdup (session_token) : NULL;
  self->expiration = expiration != NULL ? g_date_time_ref (expiration) : NULL;
  self->source = g_strdup (source);

  return self;
}

const char *
strata_aws_credentials_get_access_key_id (StrataAwsCredentials *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS (self), NULL);

  return self->access_key_id;
}

const char *
strata_aws_credentials_get_secret_access_key (StrataAwsCredentials *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS (self), NULL);

  return self->secret_access_key;
}

/**
 * strata_aws_credentials_get_session_token:
 * @self: a #StrataAwsCredentials
 *
 * Returns: (nullable): the session token, or %NULL for long-term keys
 */
const char *
strata_aws_credentials_get_session_token (StrataAwsCredentials *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS (self), NULL);

  return self->session_token;
}

/**
 * strata_aws_credentials_get_expiration:
 * @self: a #StrataAwsCredentials
 *
 * Returns: (transfer none) (nullable): when they expire, or %NULL
 */
GDateTime *
strata_aws_credentials_get_expiration (StrataAwsCredentials *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS (self), NULL);

  return self->expiration;
}

/**
 * strata_aws_credentials_get_source:
 * @self: a #StrataAwsCredentials
 *
 * Returns: (nullable): where the credentials came from
 */
const char *
strata_aws_credentials_get_source (StrataAwsCredentials *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS (self), NULL);

  return self->source;
}

gboolean
strata_aws_credentials_expires_within (StrataAwsCredentials *self,
                                       GDateTime            *now,
                                       int                   margin_seconds)
{
  g_autoptr(GDateTime) current = NULL;

  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS (self), TRUE);

  if (self->expiration == NULL)
    return FALSE;

  if (now == NULL)
    now = current = g_date_time_new_now_utc ();

  return g_date_time_difference (self->expiration, now) < (GTimeSpan)margin_seconds * G_TIME_SPAN_SECOND;
}
