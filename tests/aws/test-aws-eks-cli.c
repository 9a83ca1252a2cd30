/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "strata-cli aws eks …" and the EKS side of "strata-cli cluster …" as a
 * user sees them, and kubectl reaching a fake EKS cluster (the sandbox)
 * through the kubeconfig Strata exports: part of test-aws-eks. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "test-aws-eks-private.h"

/* Runs strata-cli (or kubectl when @program says so) with @env_time as
 * STRATA_AWS_FIXED_TIME (NULL: none); asserts the exit status. */
static char *
run (const char  *program,
     int          expected_status,
     const char  *env_time,
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

  if (env_time != NULL)
    g_subprocess_launcher_setenv (launcher, "STRATA_AWS_FIXED_TIME", env_time, TRUE);

  g_ptr_array_add (argv, (char *)(program != NULL ? program : g_getenv ("STRATA_CLI")));
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
    g_error ("%s exited with %d, expected %d: %s%s", (char *)argv->pdata[0],
             g_subprocess_get_exit_status (process), expected_status, out, stderr_text);

  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return out;
}

#define cli(status, err, ...) run (NULL, status, NULL, err, __VA_ARGS__, NULL)
#define cli_at(time, status, err, ...) run (NULL, status, time, err, __VA_ARGS__, NULL)

static void
test_cli_import_and_tags (void)
{
  g_autofree char *all = cli (0, NULL, "aws", "eks", "import", "--all", "--region", EKS_REGION);
  g_autofree char *list = cli (0, NULL, "cluster", "list", "--tag", "team:platform");
  g_autofree char *tagged = cli (0, NULL, "cluster", "tag", "echo", "+env:qa", "-team");
  g_autofree char *refreshed = cli (0, NULL, "aws", "eks", "import", "echo", "--region", EKS_REGION, "-o", "json");
  g_autofree char *renamed = cli (0, NULL, "aws", "eks", "import", "foxtrot", "--region", "eu-west-1", "--as", "fox");
  g_autofree char *err = NULL;
  g_autofree char *failed = NULL;

  g_assert_nonnull (strstr (all, "Imported cluster alpha (arn:aws:eks:us-west-2:123456789012:cluster/alpha), status running, tags: team:platform\n"));
  g_assert_nonnull (strstr (list, "\necho "));
  g_assert_cmpstr (tagged, ==, "Tags of echo: env:qa\n");
  /* The tags went to AWS: a refresh from AWS shows them. */
  g_assert_nonnull (strstr (refreshed, "\"env:qa\""));
  g_assert_null (strstr (refreshed, "team"));
  g_assert_nonnull (strstr (renamed, "Imported cluster fox (arn:aws:eks:eu-west-1:123456789012:cluster/foxtrot)"));

  /* AWS refuses the tag: nothing changes in Strata either. */
  strata_test_fake_aws_inject (fake, "TagResource", 1, 403, "AccessDeniedException",
                               "User is not authorized to perform: eks:TagResource", NULL);
  failed = cli (1, &err, "cluster", "tag", "echo", "+owner:me");
  g_assert_nonnull (strstr (err, "did not change"));
  g_assert_nonnull (strstr (err, "eks:TagResource"));
  g_clear_pointer (&failed, g_free);
  failed = cli (0, NULL, "cluster", "show", "echo");
  g_assert_nonnull (strstr (failed, "Tags: env:qa\n"));
  g_clear_pointer (&err, g_free);

  g_clear_pointer (&failed, g_free);
  failed = cli (1, &err, "aws", "eks", "import", "ghost", "--region", EKS_REGION);
  g_assert_nonnull (strstr (err, "ghost"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&failed, g_free);
  failed = cli (2, &err, "aws", "eks", "import", "--region", EKS_REGION);
  g_assert_nonnull (strstr (err, "--all"));
}

static void
test_cli_create_delete_force (void)
{
  g_autofree char *created = cli (0, NULL, "aws", "eks", "create", "orders", "--region", EKS_REGION,
                                  "--role-arn", EKS_CLUSTER_ROLE, "--subnets", "subnet-a1,subnet-b1",
                                  "--version", "1.30", "--nodegroup", "workers:t3.medium:1:3:2",
                                  "--node-role-arn", EKS_NODE_ROLE, "--tag", "owner:qa");
  g_autofree char *usage = NULL;
  g_autofree char *started = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *early = NULL;
  g_autofree char *forced = NULL;
  g_autofree char *list = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (strstr (created, "Created cluster orders (arn:aws:eks:us-west-2:123456789012:cluster/orders), status running, tags: owner:qa\n"));

  usage = cli (2, &err, "aws", "eks", "create", "bad", "--region", EKS_REGION, "--role-arn", EKS_CLUSTER_ROLE,
               "--subnets", "subnet-a1", "--nodegroup", "w:t3.medium:3:1:2", "--node-role-arn", EKS_NODE_ROLE);
  g_assert_nonnull (strstr (err, "MIN ≤ DESIRED ≤ MAX"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&usage, g_free);
  usage = cli (2, &err, "aws", "eks", "delete", "orders");
  g_assert_nonnull (strstr (err, "--yes"));
  g_clear_pointer (&err, g_free);

  started = cli_at ("2026-05-01T08:00:00Z", 0, NULL, "aws", "eks", "delete", "orders", "--yes", "--no-wait");
  g_assert_nonnull (strstr (started, "Cluster orders is deleting"));
  shown = cli (0, NULL, "cluster", "show", "orders", "-o", "json");
  g_assert_nonnull (strstr (shown, "\"since\" : \"2026-05-01T08:00:00Z\""));

  early = cli_at ("2026-05-01T08:10:30Z", 1, &err, "aws", "eks", "delete", "orders", "--yes", "--force");
  g_assert_nonnull (strstr (err, "less than 15 minutes: force delete is offered in 4 min 30 s"));
  g_clear_pointer (&err, g_free);

  forced = cli_at ("2026-05-01T08:15:00Z", 0, NULL, "aws", "eks", "delete", "orders", "--yes", "--force");
  g_assert_nonnull (strstr (forced, "Removed cluster orders from Strata without waiting for AWS."));
  g_assert_nonnull (strstr (forced, "  - node groups of orders in us-west-2: workers\n"));
  g_assert_nonnull (strstr (forced, "arn:aws:eks:us-west-2:123456789012:cluster/orders"));
  list = cli (0, NULL, "cluster", "list");
  g_assert_null (strstr (list, "orders"));
}

static void
test_cli_delete_waits (void)
{
  g_autofree char *created = cli (0, NULL, "aws", "eks", "create", "billing", "--region", EKS_REGION,
                                  "--role-arn", EKS_CLUSTER_ROLE, "--subnets", "subnet-a1,subnet-b1",
                                  "--nodegroup", "a:t3.small:1:1:1", "--nodegroup", "b:t3.small:0:2:1",
                                  "--node-role-arn", EKS_NODE_ROLE);
  g_autofree char *deleted = cli (0, NULL, "aws", "eks", "delete", "billing", "--yes");
  g_autofree char *err = NULL;
  g_autofree char *gone = cli (1, &err, "aws", "eks", "import", "billing", "--region", EKS_REGION);

  g_assert_nonnull (strstr (deleted, "Deleted cluster billing and its record\n"));
  g_assert_nonnull (strstr (err, "billing"));
}

/* The end to end path: the kubeconfig Strata exports for an EKS record
 * runs "strata-cli aws eks-token" for kubectl, and the sandbox behind the
 * fake EKS endpoint takes the token. */
static void
test_cli_kubeconfig_reaches_cluster (void)
{
  g_autofree char *folder = g_build_filename (g_get_home_dir (), "kube", NULL);
  g_autofree char *kubeconfig = g_build_filename (folder, "alpha.kubeconfig", NULL);
  g_autofree char *time = g_date_time_format_iso8601 (eks_token_time);
  g_autofree char *imported = cli (0, NULL, "aws", "eks", "import", "alpha", "--region", EKS_REGION);
  g_autofree char *wrote = NULL;
  g_autofree char *kubectl = NULL;
  g_autofree char *strata = NULL;
  g_autofree char *connected = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf info;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  wrote = cli_at (time, 0, NULL, "cluster", "kubeconfig", "alpha", "-o", kubeconfig);
  g_assert_nonnull (strstr (wrote, "Wrote the kubeconfig of alpha"));
  g_assert_cmpint (g_stat (kubeconfig, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_file_get_contents (kubeconfig, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, sandbox_url));
  g_assert_nonnull (strstr (text, "- eks-token"));
  g_assert_null (strstr (text, "k8s-aws-v1."));  /* no token written down */

  kubectl = run ("kubectl", 0, time, NULL, "--kubeconfig", kubeconfig, "get", "namespaces", "-o", "name", NULL);
  g_assert_nonnull (strstr (kubectl, "namespace/default\n"));

  strata = run (NULL, 0, time, NULL, "kube", "get", "namespaces", "--kubeconfig", kubeconfig, NULL);
  g_assert_nonnull (strstr (strata, "kube-system"));

  /* Strata's own client, no exec plugin: the token cache. */
  connected = cli_at (time, 0, NULL, "aws", "eks", "connect", "alpha");
  g_assert_nonnull (strstr (connected, "Connected to alpha at "));
  g_assert_nonnull (strstr (connected, " namespaces\n"));

  /* Another clock, another token: the server says no, and the user hears. */
  refused = run ("kubectl", 1, "2020-01-01T00:00:00Z", &err, "--kubeconfig", kubeconfig, "get", "namespaces", NULL);
  g_assert_nonnull (strstr (err, "nauthorized"));
}

void
test_aws_eks_add_cli_tests (void)
{
  g_test_add_func ("/aws/eks-clusters/cli/import-and-tags", test_cli_import_and_tags);
  g_test_add_func ("/aws/eks-clusters/cli/create-delete-force", test_cli_create_delete_force);
  g_test_add_func ("/aws/eks-clusters/cli/delete-waits", test_cli_delete_waits);
  g_test_add_func ("/aws/eks-clusters/cli/kubeconfig-reaches-cluster", test_cli_kubeconfig_reaches_cluster);
}
