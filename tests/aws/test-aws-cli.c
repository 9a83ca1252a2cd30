/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "strata-cli aws" against the fake: what a user sees: part of test-aws. */

#include "config.h"

#include <string.h>

#include "test-aws-private.h"

#define LIST_REGION "us-west-2"

static char *
run_cli (int          expected_status,
         char       **err,
         const char  *first_arg,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stderr_text = NULL;
  char *out = NULL;
  va_list args;

  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID", FAKE_AWS_ACCESS_KEY, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY", FAKE_AWS_SECRET_KEY, TRUE);

  g_ptr_array_add (argv, (char *)g_getenv ("STRATA_CLI"));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &stderr_text, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != expected_status)
    g_error ("strata-cli exited with %d, expected %d: %s", g_subprocess_get_exit_status (process),
             expected_status, stderr_text);

  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return out;
}

static void
test_cli_whoami (void)
{
  g_autofree char *text = run_cli (0, NULL, "aws", "whoami", "--region", LIST_REGION, NULL);
  g_autofree char *json = run_cli (0, NULL, "aws", "whoami", "--region", LIST_REGION, "-o", "json", NULL);
  g_autoptr(JsonNode) identity = json_from_string (json, NULL);

  g_assert_nonnull (strstr (text, "Arn      " FAKE_AWS_USER_ARN "\n"));
  g_assert_nonnull (strstr (text, "Account  " FAKE_AWS_ACCOUNT "\n"));
  g_assert_nonnull (identity);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (identity), "Arn"), ==, FAKE_AWS_USER_ARN);
}

static void
test_cli_regions (void)
{
  g_autofree char *text = run_cli (0, NULL, "aws", "regions", "--region", LIST_REGION, NULL);
  g_autofree char *all = run_cli (0, NULL, "aws", "regions", "--all", "--region", LIST_REGION, NULL);

  g_assert_true (g_str_has_prefix (text, "us-east-1\nus-east-2\n"));
  g_assert_null (strstr (text, "af-south-1"));
  g_assert_nonnull (strstr (all, "af-south-1\n"));
}

static void
test_cli_eks_list (void)
{
  g_autofree char *one = run_cli (0, NULL, "aws", "eks", "list", "--region", LIST_REGION, NULL);
  g_autofree char *two = run_cli (0, NULL, "aws", "eks", "list", "--region", LIST_REGION,
                                  "--region", "eu-west-1", NULL);
  g_autofree char *err = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *usage = NULL;

  g_assert_cmpstr (one, ==, "alpha\nbravo\ncharlie\ndelta\necho\n");
  g_assert_nonnull (strstr (two, "us-west-2\techo\n"));
  g_assert_nonnull (strstr (two, "eu-west-1\tfoxtrot\n"));

  /* A wrong region is the user's mistake: said plainly, exit 1. */
  failed = run_cli (1, &err, "aws", "eks", "list", "--region", "moon-1!", NULL);
  g_assert_nonnull (strstr (err, "is not an AWS region name"));
  g_clear_pointer (&err, g_free);

  usage = run_cli (2, &err, "aws", "eks-token", "--region", LIST_REGION, NULL);
  g_assert_nonnull (strstr (err, "--cluster"));
}

void
test_aws_add_cli_tests (void)
{
  g_test_add_func ("/aws/cli/whoami", test_cli_whoami);
  g_test_add_func ("/aws/cli/regions", test_cli_regions);
  g_test_add_func ("/aws/cli/eks-list", test_cli_eks_list);
}
