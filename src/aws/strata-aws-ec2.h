/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-aws-client.h"

G_BEGIN_DECLS

/* Amazon EC2 (EC2 protocol, API 2016-11-15): what the create-cluster form
 * offers to choose from. Lists come as arrays ("regionInfo", "vpcSet",
 * "subnetSet") of objects with EC2's camelCase members, strings only. */

/* @all_regions: also the regions the account has not opted in to. */
void      strata_aws_ec2_describe_regions_async  (StrataAwsClient      *self,
                                                  gboolean              all_regions,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
JsonNode *strata_aws_ec2_describe_regions_finish (StrataAwsClient      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

void      strata_aws_ec2_describe_vpcs_async     (StrataAwsClient      *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
JsonNode *strata_aws_ec2_describe_vpcs_finish    (StrataAwsClient      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* @vpc_id: (nullable): only that VPC's subnets. */
void      strata_aws_ec2_describe_subnets_async  (StrataAwsClient      *self,
                                                  const char           *vpc_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
JsonNode *strata_aws_ec2_describe_subnets_finish (StrataAwsClient      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
