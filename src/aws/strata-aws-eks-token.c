/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EKS bearer tokens, the algorithm of `aws eks get-token` (awscli's
 * customizations/eks/get_token.py) and aws-iam-authenticator: the cluster
 * authenticates the caller by sending the pre-signed GetCallerIdentity
 * request to STS itself. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-aws-eks-token.h"
#include "strata-aws-endpoint.h"
#include "strata-aws-error.h"
#include "strata-aws-signer.h"

#define TOKEN_PREFIX        "k8s-aws-v1."
#define CLUSTER_ID_HEADER   "x-k8s-aws-id"
#define URL_EXPIRES_SECONDS 60
/* STS honours the URL for 15 minutes whatever X-Amz-Expires says; clients
 * are told 14 so they renew in time (client-go does on expiry). */
#define TOKEN_LIFETIME_MINUTES 14
#define RENEWAL_MARGIN_SECONDS 60
#define DEFAULT_EXEC_API_VERSION "client.authentication.k8s.io/v1beta1"

struct _StrataAwsEksToken
{
  GObject    parent_instance;

  char      *token;
  GDateTime *expiration;
  char      *cluster;
  char      *region;
};

enum {
  PROP_0,
  PROP_EXPIRATION,
  PROP_CLUSTER,
  PROP_REGION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataAwsEksToken, strata_aws_eks_token, G_TYPE_OBJECT)

static void
strata_aws_eks_token_finalize (GObject *object)
{
  StrataAwsEksToken *self = (StrataAwsEksToken *)object;

  /* The token is a bearer credential for 15 minutes. */
  if (self->token != NULL)
    explicit_bzero (self->token, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->expiration, g_date_time_unref);
  g_clear_pointer (&self->cluster, g_free);
  g_clear_pointer (&self->region, g_free);

  G_OBJECT_CLASS (strata_aws_eks_token_parent_class)->finalize (object);
}

static void
strata_aws_eks_token_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  StrataAwsEksToken *self = STRATA_AWS_EKS_TOKEN (object);

  switch (prop_id)
    {
    case PROP_EXPIRATION:
      g_value_set_boxed (value, self->expiration);
      break;

    case PROP_CLUSTER:
      g_value_set_string (value, self->cluster);
      break;

    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_aws_eks_token_class_init (StrataAwsEksTokenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_aws_eks_token_finalize;
  object_class->get_property = strata_aws_eks_token_get_property;

  /* No "token" property: like the secret key, it has only a getter. */
  properties[PROP_EXPIRATION] =
    g_param_spec_boxed ("expiration", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLUSTER] =
    g_param_spec_string ("cluster", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_aws_eks_token_init (StrataAwsEksToken *self)
{
}

/* base64url without the "=" padding, as Python's urlsafe_b64encode().rstrip("="). */
static char *
base64url (const char *text)
{
  char *encoded = g_base64_encode ((const guchar *)text, strlen (text));
  gsize length = strlen (encoded);

  for (char *p = encoded; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }

  while (length > 0 && encoded[length - 1] == '=')
    encoded[--length] = '\0';

  return encoded;
}

/**
 * strata_aws_eks_token_new:
 * @credentials: the keys to sign with
 * @region: the cluster's region
 * @cluster: the cluster's name
 * @now: (nullable): the signing time, %NULL for the current time
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the token, or %NULL for a region
 *   name that is not one
 */
StrataAwsEksToken *
strata_aws_eks_token_new (StrataAwsCredentials  *credentials,
                          const char            *region,
                          const char            *cluster,
                          GDateTime             *now,
                          GError               **error)
{
  g_autoptr(StrataAwsEksToken) self = NULL;
  g_autoptr(StrataAwsRequest) request = NULL;
  g_autoptr(StrataAwsSignature) signature = NULL;
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(GDateTime) expiration = NULL;
  g_autofree char *host = NULL;
  g_autofree char *url = NULL;
  g_autofree char *encoded = NULL;
  GDateTime *credentials_expiration;
  StrataAwsSigningParams params = { 0 };

  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (cluster != NULL && *cluster != '\0', NULL);

  if (!strata_aws_endpoint_region_is_valid (region))
    {
      g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an AWS region name: expected something like us-west-2"),
                   region != NULL ? region : "");
      return NULL;
    }

  if (now == NULL)
    now = current = g_date_time_new_now_utc ();

  /* Always the real regional STS host, never an endpoint override: the
   * cluster sends this URL to STS itself. */
  host = g_strdup_printf ("sts.%s.%s", region, strata_aws_endpoint_dns_suffix (region));
  request = strata_aws_request_new ("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15");
  strata_aws_request_add_header (request, "host", host);
  strata_aws_request_add_header (request, CLUSTER_ID_HEADER, cluster);

  params.service = "sts";
  params.region = region;
  params.credentials = credentials;
  params.time = now;
  params.expires = URL_EXPIRES_SECONDS;
  params.flags = STRATA_AWS_SIGNING_BOTOCORE_ORDER;
  signature = strata_aws_presign_request (request, &params);

  url = g_strdup_printf ("https://%s%s?%s", host, request->path, request->query);
  encoded = base64url (url);
  explicit_bzero (url, strlen (url));

  expiration = g_date_time_add_minutes (now, TOKEN_LIFETIME_MINUTES);
  credentials_expiration = strata_aws_credentials_get_expiration (credentials);
  if (credentials_expiration != NULL && g_date_time_compare (credentials_expiration, expiration) < 0)
    {
      g_date_time_unref (expiration);
      expiration = g_date_time_ref (credentials_expiration);
    }

  self = g_object_new (STRATA_TYPE_AWS_EKS_TOKEN, NULL);
  self->token = g_strconcat (TOKEN_PREFIX, encoded, NULL);
  self->expiration = g_date_time_to_utc (expiration);
  self->cluster = g_strdup (cluster);
  self->region = g_strdup (region);
  explicit_bzero (encoded, strlen (encoded));

  return g_steal_pointer (&self);
}

const char *
strata_aws_eks_token_get_token (StrataAwsEksToken *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_EKS_TOKEN (self), NULL);

  return self->token;
}

/**
 * strata_aws_eks_token_get_expiration:
 * @self: a #StrataAwsEksToken
 *
 * Returns: (transfer none): when clients should stop using the token (UTC)
 */
GDateTime *
strata_aws_eks_token_get_expiration (StrataAwsEksToken *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_EKS_TOKEN (self), NULL);

  return self->expiration;
}

const char *
strata_aws_eks_token_get_cluster (StrataAwsEksToken *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_EKS_TOKEN (self), NULL);

  return self->cluster;
}

const char *
strata_aws_eks_token_get_region (StrataAwsEksToken *self)
{
  g_return_val_if_fail (STRATA_IS_AWS_EKS_TOKEN (self), NULL);

  return self->region;
}

gboolean
strata_aws_eks_token_needs_renewal (StrataAwsEksToken *self,
                                    GDateTime         *now)
{
  g_autoptr(GDateTime) current = NULL;

  g_return_val_if_fail (STRATA_IS_AWS_EKS_TOKEN (self), TRUE);

  if (now == NULL)
    now = current = g_date_time_new_now_utc ();

  return g_date_time_difference (self->expiration, now) < RENEWAL_MARGIN_SECONDS * G_TIME_SPAN_SECOND;
}

/**
 * strata_aws_eks_token_to_exec_credential:
 * @self: a #StrataAwsEksToken
 * @api_version: (nullable): the client.authentication.k8s.io version asked for
 *
 * Returns: (transfer full): an ExecCredential object, members in the order
 *   `aws eks get-token` prints them
 */
JsonNode *
strata_aws_eks_token_to_exec_credential (StrataAwsEksToken *self,
                                         const char        *api_version)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *expiration = NULL;

  g_return_val_if_fail (STRATA_IS_AWS_EKS_TOKEN (self), NULL);

  expiration = g_date_time_format (self->expiration, "%Y-%m-%dT%H:%M:%SZ");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "ExecCredential");
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, api_version != NULL ? api_version : DEFAULT_EXEC_API_VERSION);
  json_builder_set_member_name (builder, "spec");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "expirationTimestamp");
  json_builder_add_string_value (builder, expiration);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, self->token);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
