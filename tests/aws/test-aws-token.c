/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EKS tokens against botocore's (tests/aws/eks-token-reference, at a
 * fixed clock), byte for byte, from the library and from
 * "strata-cli aws eks-token"; their renewal and cache: part of test-aws. */

#include "config.h"

#include <string.h>

#include "strata-aws-eks-token.h"
#include "strata-aws-eks-token-cache.h"
#include "strata-aws-error.h"
#include "strata-test-util.h"
#include "test-aws-private.h"

#define FIXED_TIME "2015-08-30T12:36:00Z"

typedef struct
{
  const char *access_key;
  const char *secret_key;
  const char *session_token;
  const char *region;
  const char *cluster;
} TokenCase;

static const TokenCase token_cases[] = {
  { FAKE_AWS_ACCESS_KEY, FAKE_AWS_SECRET_KEY, NULL, "us-west-2", "demo" },
  { "ASIAEXAMPLE", "secret/with+chars=", "FwoGZXIvYXdzE+/token==", "eu-central-1", "team_a-prod.1" },
  { FAKE_AWS_ACCESS_KEY, FAKE_AWS_SECRET_KEY, NULL, "us-east-1", "regional" },
  { FAKE_AWS_ACCESS_KEY, FAKE_AWS_SECRET_KEY, "token", "cn-north-1", "china" },
};

static GSubprocessLauncher *
launcher_for (const TokenCase *token_case)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID", token_case->access_key, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY", token_case->secret_key, TRUE);
  if (token_case->session_token != NULL)
    g_subprocess_launcher_setenv (launcher, "AWS_SESSION_TOKEN", token_case->session_token, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "AWS_SESSION_TOKEN");

  return launcher;
}

static char *
run_for_output (GSubprocessLauncher *launcher,
                const char * const  *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  return out;
}

/* What botocore (through tests/aws/eks-token-reference) prints. */
static char *
botocore_exec_credential (const TokenCase *token_case)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_for (token_case);
  g_autofree char *script = strata_test_aws_script ("eks-token-reference");
  const char *argv[] = { strata_test_python (), script, "--cluster", token_case->cluster,
                         "--region", token_case->region, "--time", FIXED_TIME, NULL };

  return run_for_output (launcher, argv);
}

static void
test_token_matches_botocore (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (FIXED_TIME, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (token_cases); i++)
    {
      const TokenCase *token_case = &token_cases[i];
      g_autoptr(StrataAwsCredentials) credentials = NULL;
      g_autoptr(StrataAwsEksToken) token = NULL;
      g_autoptr(JsonNode) reference = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *output = botocore_exec_credential (token_case);
      g_autofree char *expiration = NULL;
      JsonObject *status;

      reference = json_from_string (output, &error);
      g_assert_no_error (error);
      status = test_aws_get_object (reference, "status");

      credentials = strata_aws_credentials_new (token_case->access_key, token_case->secret_key,
                                                token_case->session_token, NULL, "test");
      token = strata_aws_eks_token_new (credentials, token_case->region, token_case->cluster, now, &error);
      g_assert_no_error (error);

      g_assert_cmpstr (strata_aws_eks_token_get_token (token), ==, json_object_get_string_member (status, "token"));
      expiration = g_date_time_format (strata_aws_eks_token_get_expiration (token), "%Y-%m-%dT%H:%M:%SZ");
      g_assert_cmpstr (expiration, ==, json_object_get_string_member (status, "expirationTimestamp"));
    }
}

static void
test_token_cli_matches_botocore (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (token_cases); i++)
    {
      const TokenCase *token_case = &token_cases[i];
      g_autoptr(GSubprocessLauncher) launcher = launcher_for (token_case);
      const char *argv[] = { g_getenv ("STRATA_CLI"), "aws", "eks-token", "--cluster", token_case->cluster,
                             "--region", token_case->region, NULL };
      g_autofree char *expected = botocore_exec_credential (token_case);
      g_autofree char *output = NULL;

      g_subprocess_launcher_setenv (launcher, "STRATA_AWS_FIXED_TIME", FIXED_TIME, TRUE);
      g_subprocess_launcher_unsetenv (launcher, "KUBERNETES_EXEC_INFO");
      output = run_for_output (launcher, argv);

      /* Byte for byte what `aws eks get-token` prints. */
      g_assert_cmpstr (output, ==, expected);
    }
}

static void
test_token_accepted (void)
{
  g_autoptr(StrataAwsCredentials) credentials =
    strata_aws_credentials_new (FAKE_AWS_ACCESS_KEY, FAKE_AWS_SECRET_KEY, NULL, NULL, "test");
  g_autoptr(StrataAwsEksToken) token = NULL;
  g_autoptr(JsonNode) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  /* Checked as aws-iam-authenticator would, the signature by botocore. */
  token = strata_aws_eks_token_new (credentials, "us-west-2", "alpha", NULL, &error);
  g_assert_no_error (error);
  body = g_strdup_printf ("{\"token\": \"%s\", \"cluster\": \"alpha\"}", strata_aws_eks_token_get_token (token));
  identity = strata_test_fake_aws_control (fake, "POST", "/__fake/verify-token", body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (identity), "arn"), ==, FAKE_AWS_USER_ARN);
}

static void
test_token_renewal (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (FIXED_TIME, NULL);
  g_autoptr(GDateTime) soon = g_date_time_add_minutes (now, 5);
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 13 * 60 + 30);
  g_autoptr(StrataAwsCredentials) long_term =
    strata_aws_credentials_new (FAKE_AWS_ACCESS_KEY, FAKE_AWS_SECRET_KEY, NULL, NULL, "test");
  g_autoptr(StrataAwsCredentials) expiring =
    strata_aws_credentials_new ("ASIAEXAMPLE", "secret", "token", soon, "test");
  g_autoptr(StrataAwsEksToken) token = NULL;
  g_autoptr(StrataAwsEksToken) short_token = NULL;
  g_autoptr(JsonNode) credential = NULL;
  g_autoptr(GError) error = NULL;

  token = strata_aws_eks_token_new (long_term, "us-west-2", "demo", now, &error);
  g_assert_no_error (error);
  g_assert_false (strata_aws_eks_token_needs_renewal (token, now));
  /* Renewed before the 14 minutes are up. */
  g_assert_true (strata_aws_eks_token_needs_renewal (token, later));

  /* Keys that expire first take the token with them. */
  short_token = strata_aws_eks_token_new (expiring, "us-west-2", "demo", now, &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (strata_aws_eks_token_get_expiration (short_token), soon));

  credential = strata_aws_eks_token_to_exec_credential (token, "client.authentication.k8s.io/v1");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (credential), "apiVersion"), ==,
                   "client.authentication.k8s.io/v1");

  g_assert_null (strata_aws_eks_token_new (long_term, "us west", "demo", now, &error));
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT);
}

static StrataAwsEksToken *
cached_token (StrataAwsEksTokenCache *cache,
              const char             *cluster)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataAwsEksToken *token;

  strata_aws_eks_token_cache_get_async (cache, "us-west-2", cluster, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  token = strata_aws_eks_token_cache_get_finish (cache, result, &error);
  g_assert_no_error (error);

  return token;
}

static void
test_token_cache (void)
{
  g_autoptr(StrataAwsCredentials) credentials =
    strata_aws_credentials_new (FAKE_AWS_ACCESS_KEY, FAKE_AWS_SECRET_KEY, NULL, NULL, "test");
  g_autoptr(StrataAwsCredentialsProvider) provider = strata_aws_credentials_provider_new_static (credentials, NULL);
  g_autoptr(StrataAwsEksTokenCache) cache = strata_aws_eks_token_cache_new (provider);
  g_autoptr(StrataAwsEksToken) first = cached_token (cache, "alpha");
  g_autoptr(StrataAwsEksToken) again = cached_token (cache, "alpha");
  g_autoptr(StrataAwsEksToken) other = cached_token (cache, "bravo");
  g_autoptr(StrataAwsEksToken) fresh = NULL;

  g_assert_true (first == again);
  g_assert_true (first != other);
  g_assert_cmpstr (strata_aws_eks_token_get_cluster (other), ==, "bravo");

  strata_aws_eks_token_cache_clear (cache);
  fresh = cached_token (cache, "alpha");
  g_assert_true (fresh != first);
}

void
test_aws_add_token_tests (void)
{
  g_test_add_func ("/aws/eks-token/matches-botocore", test_token_matches_botocore);
  g_test_add_func ("/aws/eks-token/cli-matches-botocore", test_token_cli_matches_botocore);
  g_test_add_func ("/aws/eks-token/accepted", test_token_accepted);
  g_test_add_func ("/aws/eks-token/renewal", test_token_renewal);
  g_test_add_func ("/aws/eks-token/cache", test_token_cache);
}
