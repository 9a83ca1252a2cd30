/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What tests/test-aws.c shares with the test files in tests/aws/. */
#pragma once

#include "strata-aws-client.h"
#include "strata-test-fake-aws.h"

G_BEGIN_DECLS

extern StrataTestFakeAws *fake;

/* A client with static keys, retrying without real backoff. */
StrataAwsClient *test_aws_client_new            (const char       *access_key,
                                                 const char       *secret_key,
                                                 const char       *region);
/* The same with the fake's first user, FAKE_AWS_ACCESS_KEY. */
StrataAwsClient *test_aws_default_client        (const char       *region);

/* Calls, waited for. */
JsonNode        *test_aws_whoami                (StrataAwsClient  *client,
                                                 GError          **error);
JsonNode        *test_aws_describe_cluster      (StrataAwsClient  *client,
                                                 const char       *name,
                                                 GError          **error);
JsonNode        *test_aws_list_clusters         (StrataAwsClient  *client,
                                                 GError          **error);

/* Members that must be there. */
JsonObject      *test_aws_get_object            (JsonNode         *node,
                                                 const char       *member);
JsonArray       *test_aws_get_array             (JsonNode         *node,
                                                 const char       *member);

void             test_aws_add_error_tests       (void);
void             test_aws_add_token_tests       (void);
void             test_aws_add_cli_tests         (void);
void             test_aws_add_credentials_tests (void);

G_END_DECLS
