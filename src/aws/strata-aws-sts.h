/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-aws-client.h"

G_BEGIN_DECLS

/* AWS STS (query protocol, API 2011-06-15), at the regional endpoint. */

/* Who the credentials belong to: {"Account", "Arn", "UserId"}; the cheapest
 * way to check credentials. */
void      strata_aws_sts_get_caller_identity_async  (StrataAwsClient      *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
JsonNode *strata_aws_sts_get_caller_identity_finish (StrataAwsClient      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* {"Credentials": {"AccessKeyId", "SecretAccessKey", "SessionToken",
 * "Expiration"}, "AssumedRoleUser": {"Arn", "AssumedRoleId"}}.
 * @duration_seconds: 0 for the role's default; @external_id may be NULL. */
void      strata_aws_sts_assume_role_async          (StrataAwsClient      *self,
                                                     const char           *role_arn,
                                                     const char           *session_name,
                                                     guint                 duration_seconds,
                                                     const char           *external_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
JsonNode *strata_aws_sts_assume_role_finish         (StrataAwsClient      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
