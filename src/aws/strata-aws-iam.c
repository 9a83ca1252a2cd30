/* SPDX-License-Identifier: GPL-3.0-or-later */
/* AWS IAM operations over the query protocol. */

#include "config.h"

#include "strata-aws-client-private.h"
#include "strata-aws-iam.h"

#define IAM_VERSION "2010-05-08"

/* Lists that may come back empty, as <Roles/>. */
static const char * const iam_list_names[] = { "Roles", "Tags", NULL };

void
strata_aws_iam_list_roles_async (StrataAwsClient     *self,
                                 const char          *path_prefix,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  StrataAwsCall *call;

  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));

  call = _strata_aws_call_new (STRATA_AWS_PROTOCOL_QUERY, "iam", "IAM", "ListRoles");
  call->version = IAM_VERSION;
  call->list_names = iam_list_names;
  if (path_prefix != NULL)
    _strata_aws_call_add_param (call, "PathPrefix", path_prefix);
  _strata_aws_call_set_paginated (call, "Marker", "Marker", "IsTruncated", "Roles");
  _strata_aws_client_call_async (self, call, cancellable, strata_aws_iam_list_roles_async,
                                 callback, user_data);
}

/**
 * strata_aws_iam_list_roles_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"Roles": […]}
 */
JsonNode *
strata_aws_iam_list_roles_finish (StrataAwsClient  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_iam_list_roles_async, error);
}
