/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What strata-aws-eks-clusters.c shares with the lifecycle files
 * (strata-aws-eks-lifecycle.c, strata-aws-eks-delete.c). */
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

/* Polling AWS until a resource is ACTIVE or gone (strata-aws-eks-lifecycle.c):
 * runs @step after *@delay_ms, which then doubles up to the maximum. */
typedef void (*StrataAwsEksPollStep) (GTask *task);
void        _strata_aws_eks_poll_later             (GTask                *task,
                                                    guint                *delay_ms,
                                                    StrataAwsEksPollStep  step);
/* The "status" of @answer's @member ("cluster", "nodegroup"). */
const char *_strata_aws_eks_answer_status          (JsonNode             *answer,
                                                    const char           *member);

G_END_DECLS
