/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 7 end to end, as a user scripts it: EKS clusters discovered
 * across regions, imported, reached with Strata's own EKS token (the
 * sandbox behind the fake EKS endpoints checks its form), a profile
 * attached and applied through "strata-cli cluster …", its Pods Ready by
 * kubectl's account, uninstalled; then a cluster created with a profile
 * attached, applied once it is ACTIVE, and deleted. Part of test-aws-eks. */

#include "config.h"

#include <string.h>

#include "strata-sandbox-eks-auth.h"
#include "test-aws-eks-private.h"

static char *data_dir;

/* strata-cli (@program NULL) or kubectl with this test's own store;
 * asserts the exit status. */
static char *
run (const char  *program,
     int          expected_status,
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

  g_subprocess_launcher_setenv (launcher, "STRATA_DATA_DIR", data_dir, TRUE);
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
    g_error ("%s %s exited with %d, expected %d: %s%s", (char *)argv->pdata[0], first_arg,
             g_subprocess_get_exit_status (process), expected_status, out, stderr_text);

  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return out;
}

#define cli(status, err, ...) run (NULL, status, err, __VA_ARGS__, NULL)
#define kubectl(...) run ("kubectl", 0, NULL, "--kubeconfig", sandbox_kubeconfig, __VA_ARGS__, NULL)

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("expected “%s” in:\n%s", part, text);
}

/* Ready ui Pods, as kubectl sees them through the sandbox's own kubeconfig. */
static guint
count_ready_ui_pods (void)
{
  g_autofree char *out = kubectl ("get", "pods", "-n", "hello-universe", "-l", "app.kubernetes.io/name=ui",
                                  "-o", "jsonpath={range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}");
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint ready = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_equal (lines[i], "True"))
      ready++;
  return ready;
}

static void
wait_for_ready_ui_pod (void)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  while (count_ready_ui_pods () < 1)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("no Ready ui Pod in the sandbox after 60 s");
      g_usleep (G_USEC_PER_SEC / 5);
    }
}

static void
assert_status (const char *cluster,
               const char *status)
{
  g_autofree char *out = cli (0, NULL, "cluster", "status", cluster, "-o", "json");
  g_autofree char *expected = g_strdup_printf ("\"status\" : \"%s\"", status);

  assert_contains (out, expected);
}

/* Profile hello 1.0.0: the hello-universe pack; made once, each test may
 * run alone (-p). */
static void
ensure_hello_profile (void)
{
  static gboolean made;
  g_autofree char *values = NULL;

  if (made)
    return;
  values = g_build_filename (g_getenv ("STRATA_PACKS_DIR"), "hello-universe", "1.0.0", "values.yaml", NULL);
  g_free (cli (0, NULL, "profile", "create", "hello", NULL));
  g_free (cli (0, NULL, "profile", "layer-set", "hello", "1.0.0", "hello-universe", "--kind", "pack",
               "--source", "hello-universe@1.0.0", "-n", "hello-universe", "--values-file", values, NULL));
  made = TRUE;
}

static void
test_discover_import_apply (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* Discover across the regions chosen, then import them all. */
  out = cli (0, NULL, "aws", "eks", "list", "--region", EKS_REGION, "--region", "eu-west-1");
  assert_contains (out, EKS_REGION "\talpha\n");
  assert_contains (out, "eu-west-1\tfoxtrot\n");
  g_free (out);
  out = cli (0, NULL, "aws", "eks", "import", "--all", "--region", EKS_REGION, "--region", "eu-west-1");
  assert_contains (out, "Imported cluster alpha (arn:aws:eks:us-west-2:123456789012:cluster/alpha)");
  assert_contains (out, "Imported cluster foxtrot (arn:aws:eks:eu-west-1:123456789012:cluster/foxtrot)");
  g_free (out);
  out = cli (2, &err, "aws", "eks", "import", "alpha", "--region", EKS_REGION, "--region", "eu-west-1");
  assert_contains (err, "--region once");
  g_clear_pointer (&err, g_free);

  /* Connect: reachable with the native token, nothing applied yet. */
  g_free (out);
  out = cli (0, NULL, "cluster", "status", "alpha");
  assert_contains (out, "alpha: Running\n");
  assert_contains (out, "no profile attached and nothing applied by Strata");

  /* A profile with the hello-universe pack, attached, reviewed, applied. */
  ensure_hello_profile ();
  g_free (cli (0, NULL, "cluster", "attach", "alpha", "hello@1.0.0", NULL));
  assert_status ("alpha", "updates-available");
  g_free (out);
  out = cli (1, NULL, "cluster", "diff", "alpha");
  assert_contains (out, "+ create Deployment hello-universe/ui");
  g_free (out);
  out = cli (0, NULL, "cluster", "apply", "alpha");
  assert_contains (out, "applied Deployment hello-universe/ui");
  assert_contains (out, "Applied hello@1.0.0 revision 1 (release 1) to cluster alpha");

  wait_for_ready_ui_pod ();
  assert_status ("alpha", "running");
  g_free (out);
  out = cli (0, NULL, "cluster", "history", "alpha");
  assert_contains (out, "hello");

  /* Uninstall and forget: the objects leave the cluster. */
  g_free (out);
  out = cli (0, NULL, "cluster", "remove", "alpha", "--uninstall");
  assert_contains (out, "and the release records from cluster alpha, and removed it from Strata");
  g_free (out);
  out = kubectl ("get", "deployments", "-n", "hello-universe", "-o", "name");
  g_assert_null (strstr (out, "deployment.apps/ui"));
}

static void
test_create_applies_attached (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  guint creates = strata_test_fake_aws_count (fake, "CreateCluster");

  ensure_hello_profile ();
  /* A version that does not exist: refused before AWS creates anything. */
  out = cli (1, &err, "aws", "eks", "create", "web", "--region", EKS_REGION, "--role-arn", EKS_CLUSTER_ROLE,
             "--subnets", "subnet-a1,subnet-b1", "--attach", "hello@9.9.9");
  assert_contains (err, "9.9.9");
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "CreateCluster"), ==, creates);
  g_clear_pointer (&err, g_free);

  /* Provisioning until cluster and node group are ACTIVE, then applied. */
  g_free (out);
  out = cli (0, NULL, "aws", "eks", "create", "web", "--region", EKS_REGION, "--role-arn", EKS_CLUSTER_ROLE,
             "--subnets", "subnet-a1,subnet-b1", "--nodegroup", "workers:t3.medium:1:2:1",
             "--node-role-arn", EKS_NODE_ROLE, "--attach", "hello@1.0.0");
  assert_contains (out, "Created cluster web (arn:aws:eks:us-west-2:123456789012:cluster/web), status running");
  assert_contains (out, "Applying hello@1.0.0 to cluster web");
  assert_contains (out, "applied Deployment hello-universe/ui");
  assert_contains (out, "Applied hello@1.0.0 revision 1 (release 1) to cluster web");
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "CreateCluster"), ==, creates + 1);

  wait_for_ready_ui_pod ();
  assert_status ("web", "running");

  g_free (out);
  out = cli (0, NULL, "aws", "eks", "delete", "web", "--yes");
  assert_contains (out, "Deleted cluster web and its record");
}

/* A profile attached by another strata-cli while AWS creates the cluster
 * is applied too, and the end of Provisioning does not undo the attach. */
static void
test_create_applies_attached_meanwhile (void)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) create = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *record = g_build_filename (data_dir, "clusters", "shop.yaml", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *shown = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  ensure_hello_profile ();
  /* Slow polls: the record stays Provisioning for a second at least. */
  g_subprocess_launcher_setenv (launcher, "STRATA_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "STRATA_AWS_POLL_MS", "1000", TRUE);
  create = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("STRATA_CLI"), "aws", "eks", "create", "shop",
                                        "--region", EKS_REGION, "--role-arn", EKS_CLUSTER_ROLE,
                                        "--subnets", "subnet-a1,subnet-b1", NULL);
  g_assert_no_error (error);

  while (!g_file_test (record, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("no record of cluster shop after 30 s");
      g_usleep (G_USEC_PER_SEC / 20);
    }
  shown = cli (0, NULL, "cluster", "show", "shop", "-o", "json");
  assert_contains (shown, "\"provisioning\"");
  g_free (cli (0, NULL, "cluster", "attach", "shop", "hello@1.0.0", NULL));

  g_subprocess_communicate_utf8 (create, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (create) != 0)
    g_error ("eks create failed: %s%s", out, err);
  assert_contains (out, "Created cluster shop");
  assert_contains (out, "Applying hello@1.0.0 to cluster shop");

  g_free (shown);
  shown = cli (0, NULL, "cluster", "show", "shop", "-o", "json");
  assert_contains (shown, "hello");
  g_assert_null (strstr (shown, "\"provisioning\""));
  g_free (cli (0, NULL, "aws", "eks", "delete", "shop", "--yes", NULL));
}

/* The sandbox's side: the form of EKS tokens (see strata-sandbox-eks-auth.h). */

static char *
token_for (const char *url)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *)url, strlen (url));

  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  g_strdelimit (encoded, "=", '\0');
  return g_strconcat ("k8s-aws-v1.", encoded, NULL);
}

static void
test_sandbox_token_form (void)
{
  const char *base = "https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15"
                     "&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                     "&X-Amz-Credential=AKIDEXAMPLE%2F20260501%2Fus-west-2%2Fsts%2Faws4_request"
                     "&X-Amz-Date=20260501T080000Z&X-Amz-Expires=60"
                     "&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id"
                     "&X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static const struct { const char *from, *to, *error; } broken[] = {
    { "X-Amz-Expires=60", "X-Amz-Expires=900", "X-Amz-Expires" },
    { "host%3Bx-k8s-aws-id", "host", "x-k8s-aws-id" },
    { "Action=GetCallerIdentity", "Action=AssumeRole", "GetCallerIdentity" },
    { "%2Fsts%2F", "%2Fs3%2F", "X-Amz-Credential" },
    { "us-west-2%2Fsts", "eu-west-1%2Fsts", "region" },
    { "sts.us-west-2.amazonaws.com", "evil.example.com", "STS endpoint" },
    { "0123456789abcdef0123", "0123456789ABCDEF0123", "X-Amz-Signature" },
    { "&X-Amz-Date", "&Extra=1&X-Amz-Date", "Extra" },
  };
  g_autoptr(GDateTime) fresh = g_date_time_new_from_iso8601 ("2026-05-01T08:00:59Z", NULL);
  g_autoptr(GDateTime) stale = g_date_time_new_from_iso8601 ("2026-05-01T08:01:01Z", NULL);
  g_autoptr(GDateTime) early = g_date_time_new_from_iso8601 ("2026-05-01T07:40:00Z", NULL);
  g_autofree char *token = token_for (base);
  g_autofree char *padded = g_strconcat (token, "=", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (strata_sandbox_eks_token_check (token, fresh, &error));
  g_assert_no_error (error);

  g_assert_false (strata_sandbox_eks_token_check (token, stale, &error));
  assert_contains (error->message, "expired");
  g_clear_error (&error);
  g_assert_false (strata_sandbox_eks_token_check (token, early, &error));
  assert_contains (error->message, "future");
  g_clear_error (&error);
  g_assert_false (strata_sandbox_eks_token_check (padded, fresh, &error));
  assert_contains (error->message, "base64url");
  g_clear_error (&error);
  g_assert_false (strata_sandbox_eks_token_check (token + 1, fresh, &error));
  assert_contains (error->message, "k8s-aws-v1.");
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GString) url = g_string_new (base);
      g_autofree char *bad = NULL;

      g_assert_cmpuint (g_string_replace (url, broken[i].from, broken[i].to, 1), ==, 1);
      bad = token_for (url->str);
      g_assert_false (strata_sandbox_eks_token_check (bad, fresh, &error));
      assert_contains (error->message, broken[i].error);
      g_clear_error (&error);
    }
}

void
test_aws_eks_add_apply_tests (const char *folder)
{
  data_dir = g_build_filename (folder, "apply-data", NULL);
  g_test_add_func ("/aws/eks-clusters/sandbox-token-form", test_sandbox_token_form);
  g_test_add_func ("/aws/eks-clusters/cli/discover-import-apply", test_discover_import_apply);
  g_test_add_func ("/aws/eks-clusters/cli/create-applies-attached", test_create_applies_attached);
  g_test_add_func ("/aws/eks-clusters/cli/create-applies-attached-meanwhile", test_create_applies_attached_meanwhile);
}

void
test_aws_eks_apply_tests_free (void)
{
  g_clear_pointer (&data_dir, g_free);
}
