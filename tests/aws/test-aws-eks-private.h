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
/* The sandbox that fake EKS clusters' endpoints lead to; it stands in
 * for EKS cluster "alpha" (strata-cli sandbox serve --eks-cluster alpha),
 * so it takes EKS tokens signed less than 60 s ago; its own kubeconfig is
 * kubectl's way in. */
extern char      *sandbox_url;
extern char      *sandbox_kubeconfig;
/* When the tests sign: set to now (whole seconds) by the refresh. */
extern GDateTime *eks_token_time;
GDateTime *eks_token_time_refresh (void);

void test_aws_eks_add_cli_tests (void);
/* tests/aws/test-aws-eks-apply.c; @folder keeps its store. */
void test_aws_eks_add_apply_tests (const char *folder);
void test_aws_eks_apply_tests_free (void);

G_END_DECLS
