/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-aws-eks-token-cache.h"
#include "strata-token-provider.h"

G_BEGIN_DECLS

#define STRATA_TYPE_AWS_EKS_TOKEN_PROVIDER (strata_aws_eks_token_provider_get_type ())
G_DECLARE_FINAL_TYPE (StrataAwsEksTokenProvider, strata_aws_eks_token_provider, STRATA, AWS_EKS_TOKEN_PROVIDER, GObject)

/* The bearer tokens of one EKS cluster, from @cache, for a Kubernetes
 * endpoint (strata_kube_endpoint_set_token_provider): no aws binary, and a
 * new token after a 401 or before the old one lapses. */
StrataAwsEksTokenProvider *strata_aws_eks_token_provider_new (StrataAwsEksTokenCache *cache,
                                                              const char             *region,
                                                              const char             *cluster);

G_END_DECLS
