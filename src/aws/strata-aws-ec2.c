/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Amazon EC2 operations over the EC2 protocol. */

#include "config.h"

#include "strata-aws-client-private.h"
#include "strata-aws-ec2.h"

#define EC2_VERSION "2016-11-15"

/* Lists that EC2 does not name "*Set". */
static const char * const ec2_list_names[] = { "regionInfo", NULL };

static StrataAwsCall *
ec2_call (const char *operation)
{
  StrataAwsCall *call = _strata_aws_call_new (STRATA_AWS_PROTOCOL_EC2, "ec2", "EC2", operation);

  call->version = EC2_VERSION;
  call->list_names = ec2_list_names;
  return call;
}

void
strata_aws_ec2_describe_regions_async (StrataAwsClient     *self,
                                       gboolean             all_regions,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  StrataAwsCall *call;

  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));

  call = ec2_call ("DescribeRegions");
  if (all_regions)
    _strata_aws_call_add_param (call, "AllRegions", "true");
  _strata_aws_client_call_async (self, call, cancellable, strata_aws_ec2_describe_regions_async,
                                 callback, user_data);
}

/**
 * strata_aws_ec2_describe_regions_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"regionInfo": [{"regionName", "regionEndpoint", "optInStatus"}…]}
 */
JsonNode *
strata_aws_ec2_describe_regions_finish (StrataAwsClient  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_ec2_describe_regions_async, error);
}

void
strata_aws_ec2_describe_vpcs_async (StrataAwsClient     *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  StrataAwsCall *call;

  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));

  call = ec2_call ("DescribeVpcs");
  _strata_aws_call_set_paginated (call, "NextToken", "nextToken", NULL, "vpcSet");
  _strata_aws_client_call_async (self, call, cancellable, strata_aws_ec2_describe_vpcs_async,
                                 callback, user_data);
}

/**
 * strata_aws_ec2_describe_vpcs_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"vpcSet": [{"vpcId", "cidrBlock", "isDefault", "tagSet"}…]}
 */
JsonNode *
strata_aws_ec2_describe_vpcs_finish (StrataAwsClient  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_ec2_describe_vpcs_async, error);
}

void
strata_aws_ec2_describe_subnets_async (StrataAwsClient     *self,
                                       const char          *vpc_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  StrataAwsCall *call;

  g_return_if_fail (STRATA_IS_AWS_CLIENT (self));

  call = ec2_call ("DescribeSubnets");
  if (vpc_id != NULL)
    {
      _strata_aws_call_add_param (call, "Filter.1.Name", "vpc-id");
      _strata_aws_call_add_param (call, "Filter.1.Value.1", vpc_id);
    }
  _strata_aws_call_set_paginated (call, "NextToken", "nextToken", NULL, "subnetSet");
  _strata_aws_client_call_async (self, call, cancellable, strata_aws_ec2_describe_subnets_async,
                                 callback, user_data);
}

/**
 * strata_aws_ec2_describe_subnets_finish:
 * @self: a #StrataAwsClient
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): {"subnetSet": [{"subnetId", "vpcId", "availabilityZone", "cidrBlock"}…]}
 */
JsonNode *
strata_aws_ec2_describe_subnets_finish (StrataAwsClient  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  return _strata_aws_client_call_finish (self, result, strata_aws_ec2_describe_subnets_async, error);
}
