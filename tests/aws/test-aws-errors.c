/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Retries with backoff, cancellation, and the errors AWS answers in its
 * three forms (x-amzn-ErrorType, JSON body, XML): part of test-aws. */

#include "config.h"

#include <string.h>

#include "strata-aws-ec2.h"
#include "strata-aws-eks.h"
#include "strata-aws-error.h"
#include "strata-test-util.h"
#include "test-aws-private.h"

#define LIST_REGION "us-west-2"

static void
test_retry_throttling (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) described = NULL;
  g_autoptr(GError) error = NULL;
  guint lists = strata_test_fake_aws_count (fake, "ListClusters");
  guint describes = strata_test_fake_aws_count (fake, "DescribeCluster");

  /* Throttled once in the middle of the pages: that page is asked again. */
  strata_test_fake_aws_inject (fake, "ListClusters", 1, 400, "ThrottlingException", "Rate exceeded", NULL);
  answer = test_aws_list_clusters (client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (test_aws_get_array (answer, "clusters")), ==, 5);
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "ListClusters"), ==, lists + 4);

  /* 5xx twice, then an answer. */
  strata_test_fake_aws_inject (fake, "DescribeCluster", 2, 503, "ServiceUnavailableException",
                               "Service is unavailable", NULL);
  described = test_aws_describe_cluster (client, "alpha", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "DescribeCluster"), ==, describes + 3);
}

static void
test_retry_exhausted (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);
  g_autoptr(JsonNode) identity = NULL;
  g_autoptr(GError) error = NULL;
  guint calls = strata_test_fake_aws_count (fake, "GetCallerIdentity");

  strata_aws_client_set_max_attempts (client, 3);
  strata_test_fake_aws_inject (fake, "GetCallerIdentity", 5, 400, "Throttling", "Rate exceeded", NULL);

  identity = test_aws_whoami (client, &error);
  g_assert_null (identity);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_THROTTLED);
  g_assert_cmpstr (strata_aws_error_get_code (error), ==, "Throttling");
  g_assert_nonnull (strstr (error->message, "try again"));
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "GetCallerIdentity"), ==, calls + 3);

  /* What is left of the injected errors goes, for the next tests. */
  g_clear_pointer (&identity, json_node_unref);
  g_clear_error (&error);
  strata_aws_client_set_max_attempts (client, 5);
  identity = test_aws_whoami (client, &error);
  g_assert_no_error (error);
}

static gboolean
cancel_soon (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_retry_cancelled (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* A long backoff is cut short by the cancellable. */
  strata_aws_client_set_retry_base_ms (client, 10000);
  strata_test_fake_aws_inject (fake, "DescribeCluster", 1, 500, "InternalFailure", "Oops", NULL);
  g_timeout_add (100, cancel_soon, cancellable);

  strata_aws_eks_describe_cluster_async (client, "alpha", cancellable, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  answer = strata_aws_eks_describe_cluster_finish (client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
}

static void
test_errors_json (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);
  const struct {
    const char *style;
    const char *code;
    int         error;
  } cases[] = {
    { "header", "ResourceInUseException", STRATA_AWS_ERROR_IN_USE },
    { "json-code", "InvalidParameterException", STRATA_AWS_ERROR_INVALID_PARAMETER },
    { "json-type", "ResourceLimitExceededException", STRATA_AWS_ERROR_LIMIT_EXCEEDED },
    { "json-type", "AccessDeniedException", STRATA_AWS_ERROR_ACCESS_DENIED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GError) error = NULL;

      strata_test_fake_aws_inject (fake, "DescribeCluster", 1, 400, cases[i].code, "What went wrong", cases[i].style);
      answer = test_aws_describe_cluster (client, "alpha", &error);
      g_assert_null (answer);
      g_assert_error (error, STRATA_AWS_ERROR, cases[i].error);
      g_assert_cmpstr (strata_aws_error_get_code (error), ==, cases[i].code);
      g_assert_cmpstr (strata_aws_error_get_aws_message (error), ==, "What went wrong");
      g_assert_nonnull (strstr (error->message, "What went wrong"));
    }
}

static void
test_errors_xml (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) identity = NULL;
  g_autoptr(JsonNode) vpcs = NULL;
  g_autoptr(GError) error = NULL;

  /* Query services: <ErrorResponse><Error><Code>. */
  strata_test_fake_aws_inject (fake, "GetCallerIdentity", 1, 403, "AccessDenied", "Not for you", NULL);
  identity = test_aws_whoami (client, &error);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_ACCESS_DENIED);
  g_assert_cmpstr (strata_aws_error_get_code (error), ==, "AccessDenied");
  g_assert_cmpstr (strata_aws_error_get_aws_message (error), ==, "Not for you");
  g_assert_nonnull (strata_aws_error_get_request_id (error));
  /* The message says which permission to ask for. */
  g_assert_nonnull (strstr (error->message, "sts:GetCallerIdentity"));
  g_clear_error (&error);

  /* EC2: <Response><Errors><Error><Code>, with its own request ID element. */
  strata_test_fake_aws_inject (fake, "DescribeVpcs", 1, 400, "InvalidVpcID.NotFound",
                               "The vpc ID 'vpc-1' does not exist", NULL);
  strata_aws_ec2_describe_vpcs_async (client, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  vpcs = strata_aws_ec2_describe_vpcs_finish (client, result, &error);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_NOT_FOUND);
  g_assert_cmpstr (strata_aws_error_get_code (error), ==, "InvalidVpcID.NotFound");
  g_assert_nonnull (strata_aws_error_get_request_id (error));
}

static void
test_errors_bad_secret (void)
{
  g_autoptr(StrataAwsClient) sts = test_aws_client_new (FAKE_AWS_ACCESS_KEY, "not-the-secret", LIST_REGION);
  g_autoptr(StrataAwsClient) eks = test_aws_client_new (FAKE_AWS_ACCESS_KEY, "not-the-secret", LIST_REGION);
  g_autoptr(StrataAwsClient) unknown = test_aws_client_new ("AKIDUNKNOWN", "whatever", LIST_REGION);
  g_autoptr(JsonNode) identity = NULL;
  g_autoptr(JsonNode) clusters = NULL;
  g_autoptr(JsonNode) nobody = NULL;
  g_autoptr(GError) error = NULL;

  identity = test_aws_whoami (sts, &error);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_SIGNATURE);
  g_assert_cmpstr (strata_aws_error_get_code (error), ==, "SignatureDoesNotMatch");
  g_assert_cmpuint (strata_aws_error_get_http_status (error), ==, 403);
  g_assert_nonnull (strstr (error->message, "secret access key does not match"));
  g_clear_error (&error);

  clusters = test_aws_list_clusters (eks, &error);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_SIGNATURE);
  g_assert_cmpstr (strata_aws_error_get_code (error), ==, "InvalidSignatureException");
  g_clear_error (&error);

  nobody = test_aws_whoami (unknown, &error);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_UNKNOWN_KEY);
  g_assert_cmpstr (strata_aws_error_get_code (error), ==, "InvalidClientTokenId");
}

static void
test_errors_connection (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(JsonNode) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago: nothing listens there. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  strata_aws_client_set_endpoint_url (client, url);
  identity = test_aws_whoami (client, &error);

  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, url));
}

static void
test_errors_no_region (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (NULL);
  g_autoptr(JsonNode) clusters = NULL;
  g_autoptr(GError) error = NULL;

  clusters = test_aws_list_clusters (client, &error);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_NO_REGION);
  g_assert_nonnull (strstr (error->message, "AWS_REGION"));
}

void
test_aws_add_error_tests (void)
{
  g_test_add_func ("/aws/retry/throttling", test_retry_throttling);
  g_test_add_func ("/aws/retry/exhausted", test_retry_exhausted);
  g_test_add_func ("/aws/retry/cancelled", test_retry_cancelled);
  g_test_add_func ("/aws/errors/json", test_errors_json);
  g_test_add_func ("/aws/errors/xml", test_errors_xml);
  g_test_add_func ("/aws/errors/bad-secret", test_errors_bad_secret);
  g_test_add_func ("/aws/errors/connection", test_errors_connection);
  g_test_add_func ("/aws/errors/no-region", test_errors_no_region);
}
