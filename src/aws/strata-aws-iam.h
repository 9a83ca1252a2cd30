/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-aws-client.h"

G_BEGIN_DECLS

/* AWS IAM (query protocol, API 2010-05-08), at the partition's global
 * endpoint. */

/* Every role, following Marker to the end: {"Roles": [{"RoleName", "Arn",
 * "Path", "AssumeRolePolicyDocument" (URL-encoded JSON), …}]}.
 * @path_prefix: (nullable): only roles under that path ("/service-role/"). */
void      strata_aws_iam_list_roles_async  (StrataAwsClient      *self,
                                            const char           *path_prefix,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
JsonNode *strata_aws_iam_list_roles_finish (StrataAwsClient      *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
