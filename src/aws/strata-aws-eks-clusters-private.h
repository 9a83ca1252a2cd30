/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What strata-aws-eks-clusters.c shares with strata-aws-eks-lifecycle.c. */
#pragma once

#include "strata-aws-eks-clusters.h"

G_BEGIN_DECLS

/* (transfer full): the fixed time, or now. */
GDateTime *_strata_aws_eks_clusters_now            (StrataAwsEksClusters *self);
void       _strata_aws_eks_clusters_get_poll       (StrataAwsEksClusters *self,
                                                    guint                *first_ms,
                                                    guint                *max_ms);
/* The record's fields, checked: FALSE with @error for a record of another
 * source. */
gboolean   _strata_aws_eks_cluster_check           (StrataCluster        *cluster,
                                                    GError              **error);
/* Whether @error is AWS' ResourceNotFound (the thing is gone). */
gboolean   _strata_aws_eks_error_is_not_found      (const GError         *error);

G_END_DECLS
