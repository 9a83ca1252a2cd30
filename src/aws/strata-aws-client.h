/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-aws-credentials-provider.h"

G_BEGIN_DECLS

#define STRATA_TYPE_AWS_CLIENT (strata_aws_client_get_type ())
G_DECLARE_FINAL_TYPE (StrataAwsClient, strata_aws_client, STRATA, AWS_CLIENT, GObject)

/* Calls AWS APIs in one region (NULL: the provider's region) with the
 * provider's credentials: every request is signed with SigV4, retried with
 * exponential backoff and jitter while AWS throttles or answers 5xx, and
 * paginated lists are followed to the end. The operations live in
 * strata-aws-eks.h, strata-aws-sts.h, strata-aws-ec2.h and strata-aws-iam.h;
 * they answer JsonNode objects (the XML of STS, IAM and EC2 converted) and
 * fail with STRATA_AWS_ERROR. One client per region; clients can share a
 * provider. */
StrataAwsClient              *strata_aws_client_new               (StrataAwsCredentialsProvider *provider,
                                                                   const char                   *region);
StrataAwsCredentialsProvider *strata_aws_client_get_provider      (StrataAwsClient              *self);
const char                   *strata_aws_client_get_region        (StrataAwsClient              *self);
/* The endpoint every call goes to instead of AWS' (a local fake, a proxy),
 * as the AWS CLI's --endpoint-url; NULL: AWS', or STRATA_AWS_ENDPOINT_URL. */
const char                   *strata_aws_client_get_endpoint_url  (StrataAwsClient              *self);
void                          strata_aws_client_set_endpoint_url  (StrataAwsClient              *self,
                                                                   const char                   *endpoint_url);
/* Attempts per request, the first included (default 5). */
guint                         strata_aws_client_get_max_attempts  (StrataAwsClient              *self);
void                          strata_aws_client_set_max_attempts  (StrataAwsClient              *self,
                                                                   guint                         max_attempts);
/* The first retry waits about this long, each next one twice as long, up
 * to 20 s (default 200 ms; the tests use 1). */
guint                         strata_aws_client_get_retry_base_ms (StrataAwsClient              *self);
void                          strata_aws_client_set_retry_base_ms (StrataAwsClient              *self,
                                                                   guint                         retry_base_ms);

G_END_DECLS
