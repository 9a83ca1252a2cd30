/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Palette tutorial "Deploy Cluster Profile Updates", end to end, as a
 * user scripts it with strata-cli, checked with kubectl: against the
 * sandbox (Pods become Ready) and against a real kube-apiserver (no
 * controllers there: the Deployments' spec.replicas instead). */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-test-apiserver.h"
#include "strata-test-util.h"

#define READY_DEADLINE_SECONDS 60

/* See test-kube-client.c: GCC 12's LeakSanitizer and GnuTLS's TLS. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "intercept_tls_get_addr=0";
}

typedef struct
{
  char                *home;        /* XDG_DATA_HOME: profiles, clusters, the sandbox */
  char                *kubeconfig;  /* what kubectl uses */
  gboolean             has_pods;
  GSubprocess         *sandbox;
  StrataTestApiserver *apiserver;
} Tutorial;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static GSubprocessLauncher *
launcher_for (Tutorial *tutorial)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *cache = g_build_filename (tutorial->home, "cache", NULL);

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", tutorial->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "STRATA_DATA_DIR");
  g_subprocess_launcher_unsetenv (launcher, "KUBECONFIG");
  return launcher;
}

static void
run_argv (Tutorial   *tutorial,
          Run        *run,
          GPtrArray  *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_for (tutorial);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  run_clear (run);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

/* strata-cli with @args; asserts it exited with @expected. */
static char *
cli (Tutorial   *tutorial,
     int         expected,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(Run) run = { 0 };
  va_list args;

  g_ptr_array_add (argv, (char *)g_getenv ("STRATA_CLI"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);

  run_argv (tutorial, &run, argv);
  g_test_message ("strata-cli %s …: %d\n%s%s", first, run.status, run.out, run.err);
  if (run.status != expected)
    g_error ("strata-cli %s exited with %d, expected %d: %s", first, run.status, expected, run.err);
  return g_steal_pointer (&run.out);
}

/* kubectl, the independent witness; asserts success. */
static char *
kubectl (Tutorial   *tutorial,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(Run) run = { 0 };
  va_list args;

  g_ptr_array_add (argv, (char *)"kubectl");
  g_ptr_array_add (argv, (char *)"--kubeconfig");
  g_ptr_array_add (argv, tutorial->kubeconfig);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);

  run_argv (tutorial, &run, argv);
  if (run.status != 0)
    g_error ("kubectl %s failed: %s", first, run.err);
  return g_steal_pointer (&run.out);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not mention “%s”", text, part);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static char *
write_values (Tutorial   *tutorial,
              const char *name,
              const char *replicas)
{
  g_autofree char *source = g_build_filename (g_getenv ("STRATA_PACKS_DIR"), "hello-universe", "1.0.0", "values.yaml",
                                              NULL);
  g_autofree char *text = NULL;
  g_autofree char *line = g_strdup_printf ("\nreplicas: %s\n", replicas);
  g_autoptr(GString) edited = NULL;
  char *path = g_build_filename (tutorial->home, name, NULL);

  /* As the tutorial edits it: the replicas line of the pack's values. */
  g_assert_true (g_file_get_contents (source, &text, NULL, NULL));
  edited = g_string_new (text);
  g_assert_cmpuint (g_string_replace (edited, "\nreplicas: 1\n", line, 1), ==, 1);
  g_assert_true (g_file_set_contents (path, edited->str, -1, NULL));
  return path;
}

/* The workload, as the cluster has it */

static guint
count_ready_ui_pods (Tutorial *tutorial)
{
  g_autofree char *out = kubectl (tutorial, "get", "pods", "-n", "hello-universe", "-l", "app.kubernetes.io/name=ui",
                                  "-o", "json", NULL);
  g_autoptr(JsonNode) list = parse_json (out);
  JsonArray *items = json_object_get_array_member (json_node_get_object (list), "items");
  guint ready = 0, alive = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *pod = json_array_get_object_element (items, i);
      JsonObject *status = json_object_get_object_member (pod, "status");
      JsonArray *conditions = status && json_object_has_member (status, "conditions")
                              ? json_object_get_array_member (status, "conditions") : NULL;

      if (json_object_has_member (json_object_get_object_member (pod, "metadata"), "deletionTimestamp"))
        continue;
      alive++;
      for (guint j = 0; conditions != NULL && j < json_array_get_length (conditions); j++)
        {
          JsonObject *condition = json_array_get_object_element (conditions, j);

          if (g_str_equal (json_object_get_string_member (condition, "type"), "Ready") &&
              g_str_equal (json_object_get_string_member (condition, "status"), "True"))
            ready++;
        }
    }

  /* Extra pods still running count against the wanted number. */
  return ready == alive ? ready : G_MAXUINT;
}

static char *
deployment_replicas (Tutorial   *tutorial,
                     const char *namespace_,
                     const char *name)
{
  return kubectl (tutorial, "get", "deployment", "-n", namespace_, name, "-o", "jsonpath={.spec.replicas}", NULL);
}

/* @n ui pods Ready in the sandbox; on a bare kube-apiserver (no
 * controllers, no Pods), the Deployment asking for @n. */
static void
assert_ui_pods (Tutorial *tutorial,
                guint     n)
{
  g_autofree char *expected = g_strdup_printf ("%u", n);
  g_autofree char *replicas = deployment_replicas (tutorial, "hello-universe", "ui");
  gint64 deadline = g_get_monotonic_time () + READY_DEADLINE_SECONDS * G_USEC_PER_SEC;

  g_assert_cmpstr (replicas, ==, expected);
  if (!tutorial->has_pods)
    return;

  while (count_ready_ui_pods (tutorial) != n)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("%u ui pods did not become Ready within %u seconds", n, READY_DEADLINE_SECONDS);
      g_usleep (G_USEC_PER_SEC / 5);
    }
}

static gboolean
exists (Tutorial   *tutorial,
        const char *kind,
        const char *namespace_,
        const char *name)
{
  g_autofree char *out = kubectl (tutorial, "get", kind, "-n", namespace_, name, "--ignore-not-found", "-o", "name",
                                  NULL);

  return *out != '\0';
}

static const char *
json_string (JsonNode   *node,
             const char *member)
{
  return json_object_get_string_member (json_node_get_object (node), member);
}

static void
assert_status (Tutorial   *tutorial,
               const char *status)
{
  g_autofree char *out = cli (tutorial, 0, "cluster", "status", "aws-cluster", "-o", "json", NULL);
  g_autoptr(JsonNode) node = parse_json (out);

  g_assert_cmpstr (json_string (node, "status"), ==, status);
}

/* The tutorial */

static void
run_tutorial (Tutorial *tutorial)
{
  g_autofree char *packs = g_strdup (g_getenv ("STRATA_PACKS_DIR"));
  g_autofree char *hello_values = g_build_filename (packs, "hello-universe", "1.0.0", "values.yaml", NULL);
  g_autofree char *cost_values = g_build_filename (packs, "cost-analyzer", "1.0.0", "values.yaml", NULL);
  g_autofree char *two = write_values (tutorial, "two.yaml", "2");
  g_autofree char *three = write_values (tutorial, "three.yaml", "3");
  g_autofree char *out = NULL;
  g_autofree char *replicas = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  /* Profile aws-profile 1.0.0 with the hello-universe pack, on the cluster. */
  g_free (cli (tutorial, 0, "profile", "create", "aws-profile", NULL));
  g_free (cli (tutorial, 0, "profile", "layer-set", "aws-profile", "1.0.0", "hello-universe", "--kind", "pack",
               "--source", "hello-universe@1.0.0", "-n", "hello-universe", "--priority", "100",
               "--values-file", hello_values, NULL));
  g_free (cli (tutorial, 0, "cluster", "attach", "aws-cluster", "aws-profile@1.0.0", NULL));
  assert_status (tutorial, "updates-available");
  out = cli (tutorial, 0, "cluster", "apply", "aws-cluster", NULL);
  assert_contains (out, "applied Deployment hello-universe/ui");
  assert_ui_pods (tutorial, 1);
  assert_status (tutorial, "running");

  /* Tag and filter clusters. */
  g_free (cli (tutorial, 0, "cluster", "tag", "aws-cluster", "+service:hello-universe-frontend", NULL));
  g_clear_pointer (&out, g_free);
  out = cli (tutorial, 0, "cluster", "list", "--tag", "service:hello-universe-frontend", "-o", "json", NULL);
  node = parse_json (out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"), ==,
                   "aws-cluster");
  g_clear_pointer (&node, json_node_unref);

  /* Version 1.1.0 = 1.0.0 + the cost pack (Monitoring); attach and apply. */
  g_free (cli (tutorial, 0, "profile", "version", "aws-profile", "1.1.0", "--from", "1.0.0", NULL));
  g_free (cli (tutorial, 0, "profile", "layer-set", "aws-profile", "1.1.0", "cost-analyzer", "--kind", "pack",
               "--source", "cost-analyzer@1.0.0", "-n", "cost-analyzer", "--priority", "50",
               "--values-file", cost_values, NULL));
  g_free (cli (tutorial, 0, "cluster", "attach", "aws-cluster", "aws-profile@1.1.0", NULL));
  assert_status (tutorial, "updates-available");
  g_clear_pointer (&out, g_free);
  out = cli (tutorial, 1, "cluster", "diff", "aws-cluster", NULL);
  assert_contains (out, "+ create Deployment cost-analyzer/cost-analyzer");
  g_clear_pointer (&out, g_free);
  out = cli (tutorial, 0, "cluster", "apply", "aws-cluster", NULL);
  assert_contains (out, "Layer cost-analyzer: applying");
  replicas = deployment_replicas (tutorial, "cost-analyzer", "cost-analyzer");
  g_assert_cmpstr (replicas, ==, "1");
  if (tutorial->has_pods)
    g_free (kubectl (tutorial, "rollout", "status", "-n", "cost-analyzer", "deployment/cost-analyzer",
                     "--timeout=60s", NULL));

  /* Roll back to 1.0.0: the cost pack's objects are gone. */
  g_free (cli (tutorial, 0, "cluster", "attach", "aws-cluster", "aws-profile@1.0.0", NULL));
  g_clear_pointer (&out, g_free);
  out = cli (tutorial, 0, "cluster", "apply", "aws-cluster", NULL);
  assert_contains (out, "pruned Deployment cost-analyzer/cost-analyzer");
  g_assert_false (exists (tutorial, "deployment", "cost-analyzer", "cost-analyzer"));
  g_assert_false (exists (tutorial, "configmap", "cost-analyzer", "cost-analyzer"));
  g_assert_false (exists (tutorial, "service", "cost-analyzer", "cost-analyzer"));
  assert_ui_pods (tutorial, 1);

  /* A cluster override, applied at once: two ui pods. */
  g_clear_pointer (&out, g_free);
  out = cli (tutorial, 0, "cluster", "override", "aws-cluster", "hello-universe", "--values", two, NULL);
  assert_contains (out, "Saved the override of layer hello-universe on aws-cluster");
  assert_ui_pods (tutorial, 2);
  assert_status (tutorial, "running");

  /* 1.0.0 edited in place to three replicas: a pending update that drops
   * the override, and says so. */
  g_free (cli (tutorial, 0, "profile", "layer-set", "aws-profile", "1.0.0", "hello-universe", "--values-file", three,
               NULL));
  assert_status (tutorial, "updates-available");
  g_clear_pointer (&out, g_free);
  out = cli (tutorial, 1, "cluster", "diff", "aws-cluster", NULL);
  assert_contains (out, "-replicas: 2\n");
  assert_contains (out, "+replicas: 3\n");
  assert_contains (out, "override for layer hello-universe is dropped: the profile changed this layer in revision");
  assert_contains (out, "~ change Deployment hello-universe/ui");
  assert_ui_pods (tutorial, 2);  /* reviewing changed nothing */

  g_clear_pointer (&out, g_free);
  out = cli (tutorial, 0, "cluster", "apply", "aws-cluster", NULL);
  assert_contains (out, "Removed the override of layer hello-universe from cluster aws-cluster");
  assert_ui_pods (tutorial, 3);
  g_clear_pointer (&out, g_free);
  out = cli (tutorial, 0, "cluster", "show", "aws-cluster", "-o", "json", NULL);
  node = parse_json (out);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (json_node_get_object (node), "overrides")),
                    ==, 0);
  g_clear_pointer (&node, json_node_unref);
  assert_status (tutorial, "running");
  g_clear_pointer (&out, g_free);
  out = cli (tutorial, 0, "cluster", "diff", "aws-cluster", NULL);
  assert_contains (out, "Nothing pending");

  /* History lists every step, newest first. */
  g_clear_pointer (&out, g_free);
  out = cli (tutorial, 0, "cluster", "history", "aws-cluster", "-o", "json", NULL);
  node = parse_json (out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 5);
  {
    const char *expected[] = {
      "in-place update: revision", "values of hello-universe changed", "rollback 1.1.0 → 1.0.0",
      "upgrade 1.0.0 → 1.1.0", "first release",
    };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      assert_contains (json_object_get_string_member (json_array_get_object_element (array, i), "change"),
                       expected[i]);
  }
  g_clear_pointer (&node, json_node_unref);

  /* Cleanup: uninstall and forget the cluster. */
  g_clear_pointer (&out, g_free);
  out = cli (tutorial, 0, "cluster", "remove", "aws-cluster", "--uninstall", NULL);
  assert_contains (out, "deleted Deployment hello-universe/ui");
  g_assert_false (exists (tutorial, "deployment", "hello-universe", "ui"));
  g_assert_false (exists (tutorial, "secret", "strata-system", "strata-release"));
}

/* Against the sandbox */

static void
start_sandbox (Tutorial *tutorial)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_for (tutorial);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *log = g_build_filename (tutorial->home, "sandbox.log", NULL);

  /* As a user starts it: its state and kubeconfig in the default place. */
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  tutorial->sandbox = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("STRATA_CLI"), "sandbox", "serve", NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (tutorial->sandbox));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "serving "))
    g_error ("the sandbox did not start; see %s", log);

  tutorial->kubeconfig = g_build_filename (tutorial->home, "strata", "sandbox", "kubeconfig", NULL);
  tutorial->has_pods = TRUE;
}

static void
stop_sandbox (Tutorial *tutorial)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *log = g_build_filename (tutorial->home, "sandbox.log", NULL);
  g_autofree char *text = NULL;

  g_subprocess_send_signal (tutorial->sandbox, SIGTERM);
  g_subprocess_wait (tutorial->sandbox, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&tutorial->sandbox);

  /* The sandbox ran under the sanitizers too. */
  if (g_file_get_contents (log, &text, NULL, NULL) &&
      (strstr (text, "Sanitizer") != NULL || strstr (text, "runtime error") != NULL || strstr (text, "CRITICAL") != NULL))
    g_error ("the sandbox reported problems:\n%s", text);
}

static void
test_tutorial_sandbox (void)
{
  Tutorial tutorial = { 0 };

  tutorial.home = strata_test_make_folder ();
  start_sandbox (&tutorial);

  g_free (cli (&tutorial, 0, "cluster", "sandbox", "aws-cluster", NULL));
  g_free (cli (&tutorial, 0, "cluster", "sandbox", "other-cluster", NULL));
  run_tutorial (&tutorial);

  stop_sandbox (&tutorial);
  /* Stopped, the sandbox is unreachable, and says why. */
  {
    g_autofree char *out = cli (&tutorial, 0, "cluster", "status", "other-cluster", NULL);

    assert_contains (out, "Unreachable");
    assert_contains (out, "not running");
  }

  strata_test_remove_tree (tutorial.home);
  g_free (tutorial.home);
  g_free (tutorial.kubeconfig);
}

/* Against a real kube-apiserver */

static void
test_tutorial_apiserver (void)
{
  Tutorial tutorial = { 0 };

  tutorial.home = strata_test_make_folder ();
  tutorial.apiserver = strata_test_apiserver_start ();
  tutorial.kubeconfig = g_strdup (strata_test_apiserver_get_kubeconfig (tutorial.apiserver));

  g_free (cli (&tutorial, 0, "cluster", "import", "aws-cluster", "--kubeconfig", tutorial.kubeconfig, NULL));
  g_free (cli (&tutorial, 0, "cluster", "import", "other-cluster", "--kubeconfig", tutorial.kubeconfig, NULL));
  run_tutorial (&tutorial);

  strata_test_apiserver_stop (tutorial.apiserver);
  strata_test_remove_tree (tutorial.home);
  g_free (tutorial.home);
  g_free (tutorial.kubeconfig);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tutorial/sandbox", test_tutorial_sandbox);
  g_test_add_func ("/tutorial/kube-apiserver", test_tutorial_apiserver);

  return g_test_run ();
}
