/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-aws-credentials.h"

G_BEGIN_DECLS

#define STRATA_TYPE_AWS_EKS_TOKEN (strata_aws_eks_token_get_type ())
G_DECLARE_FINAL_TYPE (StrataAwsEksToken, strata_aws_eks_token, STRATA, AWS_EKS_TOKEN, GObject)

/* An EKS bearer token, made here without the aws binary: the STS
 * GetCallerIdentity URL of the region's endpoint, pre-signed with
 * X-Amz-Expires=60 and the signed header x-k8s-aws-id: CLUSTER, in
 * unpadded base64url after "k8s-aws-v1.", byte for byte what
 * `aws eks get-token` prints for the same keys, region and clock. EKS
 * accepts it for 15 minutes from @now; it is reported to expire after 14,
 * as the AWS CLI does, or when the keys do if that is sooner. */
StrataAwsEksToken *strata_aws_eks_token_new                (StrataAwsCredentials  *credentials,
                                                            const char            *region,
                                                            const char            *cluster,
                                                            GDateTime             *now,
                                                            GError               **error);
const char        *strata_aws_eks_token_get_token          (StrataAwsEksToken     *self);
GDateTime         *strata_aws_eks_token_get_expiration     (StrataAwsEksToken     *self);
const char        *strata_aws_eks_token_get_cluster        (StrataAwsEksToken     *self);
const char        *strata_aws_eks_token_get_region         (StrataAwsEksToken     *self);
/* TRUE within a minute of the expiration (@now NULL: the current time):
 * renew then, so no request leaves with a token about to lapse. */
gboolean           strata_aws_eks_token_needs_renewal      (StrataAwsEksToken     *self,
                                                            GDateTime             *now);
/* The ExecCredential a kubeconfig exec plugin answers ("apiVersion",
 * "kind", "spec", "status": {"expirationTimestamp", "token"}), for
 * @api_version (NULL: client.authentication.k8s.io/v1beta1). */
JsonNode          *strata_aws_eks_token_to_exec_credential (StrataAwsEksToken     *self,
                                                            const char            *api_version);

G_END_DECLS
