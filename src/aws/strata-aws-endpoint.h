/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char *url;             /* "https://eks.us-west-2.amazonaws.com", no trailing "/" */
  char *signing_region;  /* the region in the signature's scope */
} StrataAwsEndpoint;

/* Where @service ("eks", "sts", "ec2", "iam") answers for @region: the
 * regional endpoint of the region's partition (amazonaws.com, or
 * amazonaws.com.cn for cn-*; IAM is global per partition), unless
 * @override_url, STRATA_AWS_ENDPOINT_URL_<SERVICE> or
 * STRATA_AWS_ENDPOINT_URL names another, like the AWS CLI's
 * --endpoint-url and AWS_ENDPOINT_URL[_<SERVICE>]. Fails for a region name
 * that is not one. */
StrataAwsEndpoint *strata_aws_endpoint_resolve      (const char         *service,
                                                     const char         *region,
                                                     const char         *override_url,
                                                     GError            **error);
/* The same without any override: AWS' own endpoint. */
StrataAwsEndpoint *strata_aws_endpoint_default      (const char         *service,
                                                     const char         *region,
                                                     GError            **error);
void               strata_aws_endpoint_free         (StrataAwsEndpoint  *endpoint);

/* "amazonaws.com.cn" for the China regions, else "amazonaws.com". */
const char        *strata_aws_endpoint_dns_suffix   (const char         *region);
/* TRUE for names made of a-z, 0-9 and "-", like "eu-central-1". */
gboolean           strata_aws_endpoint_region_is_valid (const char      *region);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataAwsEndpoint, strata_aws_endpoint_free)

G_END_DECLS
