/* SPDX-License-Identifier: GPL-3.0-or-later */
/* AWS STS operations over the query protocol. */

#include "config.h"

#include "strata-aws-client-private.h"
#include "strata-aws-sts.h"

#define STS_VERSION "2011-06-15"

static StrataAwsCall *
sts_call (const char *operation)
{
  StrataAwsCall *call = _strata_aws_call_new (STRATA_AWS_PROTOCOL_QUERY, "sts", "STS", operation);

  call->version = STS_VERSION;
  return call;
}

void
strata_aws_sts_get_caller_identity_async (StrataAwsClient     *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));

  _strata_aws_client_call_async (self, sts_call ("GetCallerIdentity"), cancellable,
                                 strata_aws_sts_get_caller_identity_async, callback, user_data);
}

/**
 * strata_aws_sts_get_caller_identity_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"Account", "Arn", "UserId"}
 */
JsonNode *
strata_aws_sts_get_caller_identity_finish (StrataAwsClient  *self,
                                           GAsyncResult     *result,
                                           GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_sts_get_caller_identity_async, error);
}

void
strata_aws_sts_assume_role_async (StrataAwsClient     *self,
                                  const char          *role_arn,
                                  const char          *session_name,
                                  guint                duration_seconds,
                                  const char          *external_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  StrataAwsCall *call;

  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));
  g_return_if_fail (role_arn != NULL && *role_arn != '\0');
  g_return_if_fail (session_name != NULL && *session_name != '\0');

  call = sts_call ("AssumeRole");
  _strata_aws_call_add_param (call, "RoleArn", role_arn);
  _strata_aws_call_add_param (call, "RoleSessionName", session_name);
  if (duration_seconds > 0)
    {
      g_autofree char *duration = g_strdup_printf ("%u", duration_seconds);

      _strata_aws_call_add_param (call, "DurationSeconds", duration);
    }
  if (external_id != NULL)
    _strata_aws_call_add_param (call, "ExternalId", external_id);

  _strata_aws_client_call_async (self, call, cancellable, strata_aws_sts_assume_role_async,
                                 callback, user_data);
}

/**
 * strata_aws_sts_assume_role_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"Credentials": {…}, "AssumedRoleUser": {…}}
 */
JsonNode *
strata_aws_sts_assume_role_finish (StrataAwsClient  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_sts_assume_role_async, error);
}
