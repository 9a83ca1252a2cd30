/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-aws-credentials-provider.h"
#include "strata-aws-eks-token.h"

G_BEGIN_DECLS

#define STRATA_TYPE_AWS_EKS_TOKEN_CACHE (strata_aws_eks_token_cache_get_type ())
G_DECLARE_FINAL_TYPE (StrataAwsEksTokenCache, strata_aws_eks_token_cache, STRATA, AWS_EKS_TOKEN_CACHE, GObject)

/* Tokens per region, cluster and access key, made with the provider's
 * credentials and handed out again until a minute before they expire, so
 * the Kubernetes client can ask for one per request. */
StrataAwsEksTokenCache *strata_aws_eks_token_cache_new        (StrataAwsCredentialsProvider  *provider);
void                    strata_aws_eks_token_cache_get_async  (StrataAwsEksTokenCache        *self,
                                                               const char                    *region,
                                                               const char                    *cluster,
                                                               GCancellable                  *cancellable,
                                                               GAsyncReadyCallback            callback,
                                                               gpointer                       user_data);
StrataAwsEksToken      *strata_aws_eks_token_cache_get_finish (StrataAwsEksTokenCache        *self,
                                                               GAsyncResult                  *result,
                                                               GError                       **error);
/* The clock tokens are signed with: (transfer full) the time now. */
typedef GDateTime *(*StrataAwsNowFunc) (gpointer user_data);
void                    strata_aws_eks_token_cache_set_now_func (StrataAwsEksTokenCache  *self,
                                                                 StrataAwsNowFunc         func,
                                                                 gpointer                 user_data,
                                                                 GDestroyNotify           destroy);
/* Drops every token, after a 401 or when the keys changed. */
void                    strata_aws_eks_token_cache_clear      (StrataAwsEksTokenCache        *self);

G_END_DECLS
