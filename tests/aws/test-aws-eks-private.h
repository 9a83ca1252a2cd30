/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What tests/test-aws-eks.c shares with tests/aws/test-aws-eks-cli.c. */
#pragma once

#include <gio/gio.h>

#include "strata-test-fake-aws.h"

G_BEGIN_DECLS

/* The region of the fake's seeded clusters (alpha … echo). */
#define EKS_REGION "us-west-2"
#define EKS_CLUSTER_ROLE "arn:aws:iam::123456789012:role/strata-eks-cluster-role"
#define EKS_NODE_ROLE    "arn:aws:iam::123456789012:role/strata-eks-node-role"

extern StrataTestFakeAws *fake;
/* The sandbox that fake EKS clusters' endpoints lead to; it takes only
 * the token of cluster "alpha" made at eks_token_time. */
extern char      *sandbox_url;
extern GDateTime *eks_token_time;

void test_aws_eks_add_cli_tests (void);

G_END_DECLS
