/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kubectl, the independent client, against a served sandbox: what a user
 * of the sandbox runs (issue 5's kubectl compatibility list). */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "strata-test-util.h"

#define KUBECTL_TIMEOUT_USEC (60 * G_USEC_PER_SEC)

static GSubprocess *sandbox;
static char *folder;
static char *kubeconfig;

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

static Run
kubectl_stdin (const char *input,
               const char *first_arg,
               va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  g_ptr_array_add (argv, (char *)"kubectl");
  g_ptr_array_add (argv, (char *)"--kubeconfig");
  g_ptr_array_add (argv, kubeconfig);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Its own cache: discovery from an earlier sandbox must not leak in. */
  g_subprocess_launcher_setenv (launcher, "KUBECACHEDIR", folder, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run.out, &run.err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run.status = g_subprocess_get_exit_status (process);
  return run;
}

static Run
kubectl_with_input (const char *input,
                    const char *first_arg,
                    ...)
{
  va_list args;
  Run run;

  va_start (args, first_arg);
  run = kubectl_stdin (input, first_arg, args);
  va_end (args);
  return run;
}

static Run
kubectl (const char *first_arg,
         ...)
{
  va_list args;
  Run run;

  va_start (args, first_arg);
  run = kubectl_stdin (NULL, first_arg, args);
  va_end (args);
  return run;
}

#define assert_ok(run) G_STMT_START { \
    if ((run).status != 0) \
      g_error ("kubectl exited with %d: %s", (run).status, (run).err); \
  } G_STMT_END

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static JsonObject *
member (JsonNode   *node,
        const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = json_node_get_object (node);

  for (guint i = 0; parts[i] != NULL && object != NULL; i++)
    object = json_object_get_object_member (object, parts[i]);
  return object;
}

static void
create_namespace (const char *name)
{
  g_auto(Run) run = kubectl ("create", "namespace", name, NULL);

  assert_ok (run);
}

static const char manifest[] =
  "apiVersion: v1\n"
  "kind: ConfigMap\n"
  "metadata: {name: settings}\n"
  "data: {mode: original}\n"
  "---\n"
  "apiVersion: apps/v1\n"
  "kind: Deployment\n"
  "metadata: {name: web}\n"
  "spec:\n"
  "  replicas: 2\n"
  "  selector: {matchLabels: {app: web}}\n"
  "  template:\n"
  "    metadata: {labels: {app: web}}\n"
  "    spec:\n"
  "      containers:\n"
  "      - name: web\n"
  "        image: registry.example/web:1\n"
  "        ports: [{containerPort: 8080}]\n"
  "---\n"
  "apiVersion: v1\n"
  "kind: Service\n"
  "metadata: {name: web}\n"
  "spec:\n"
  "  selector: {app: web}\n"
  "  ports: [{port: 80, targetPort: 8080}]\n";

static void
test_api_resources (void)
{
  g_auto(Run) run = kubectl ("api-resources", NULL);
  g_auto(Run) by_group = kubectl ("api-resources", "--api-group=apps", "-o", "name", NULL);

  assert_ok (run);
  g_assert_true (g_regex_match_simple ("\\ndeployments +deploy +apps/v1 +true +Deployment\\n", run.out, 0, 0));
  g_assert_true (g_regex_match_simple ("\\npods +po +v1 +true +Pod\\n", run.out, 0, 0));
  g_assert_true (g_regex_match_simple ("\\ncustomresourcedefinitions +crd,crds +apiextensions.k8s.io/v1 +false", run.out,
                                       0, 0));
  assert_ok (by_group);
  g_assert_cmpstr (by_group.out, ==, "daemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n");
}

static void
test_apply_server_side (void)
{
  g_auto(Run) applied = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) yaml = { 0 };
  g_auto(Run) version = { 0 };
  g_auto(Run) before = { 0 };
  g_auto(Run) generation = { 0 };
  g_autoptr(JsonNode) deployment = NULL;

  create_namespace ("ssa");
  applied = kubectl_with_input (manifest, "apply", "--server-side", "-n", "ssa", "-f", "-", NULL);
  assert_ok (applied);
  g_assert_cmpstr (applied.out, ==,
                   "configmap/settings serverside-applied\n"
                   "deployment.apps/web serverside-applied\n"
                   "service/web serverside-applied\n");

  json = kubectl ("get", "-n", "ssa", "deployment", "web", "-o", "json", NULL);
  assert_ok (json);
  deployment = parse (json.out);
  g_assert_cmpint (json_object_get_int_member (member (deployment, "spec"), "replicas"), ==, 2);
  /* The defaults clients rely on are there. */
  g_assert_cmpstr (json_object_get_string_member (member (deployment, "spec.strategy"), "type"), ==, "RollingUpdate");
  g_assert_cmpint (json_object_get_int_member (member (deployment, "spec"), "revisionHistoryLimit"), ==, 10);

  yaml = kubectl ("get", "-n", "ssa", "configmap", "settings", "-o", "yaml", NULL);
  assert_ok (yaml);
  g_assert_nonnull (strstr (yaml.out, "\n  mode: original\n"));
  g_assert_nonnull (strstr (yaml.out, "\n  name: settings\n"));

  /* The same apply again changes nothing: no new version of the
   * ConfigMap (controllers write the Deployment's status meanwhile), no
   * new generation of the Deployment. */
  before = kubectl ("get", "-n", "ssa", "configmap", "settings", "-o", "jsonpath={.metadata.resourceVersion}", NULL);
  assert_ok (before);
  again = kubectl_with_input (manifest, "apply", "--server-side", "-n", "ssa", "-f", "-", NULL);
  assert_ok (again);
  version = kubectl ("get", "-n", "ssa", "configmap", "settings", "-o", "jsonpath={.metadata.resourceVersion}", NULL);
  assert_ok (version);
  g_assert_cmpstr (version.out, ==, before.out);
  generation = kubectl ("get", "-n", "ssa", "deployment", "web", "-o", "jsonpath={.metadata.generation}", NULL);
  assert_ok (generation);
  g_assert_cmpstr (generation.out, ==, "1");
}

static void
test_apply_client_side (void)
{
  g_auto(Run) first = { 0 };
  g_auto(Run) second = { 0 };
  g_auto(Run) edited = { 0 };

  create_namespace ("csa");
  first = kubectl_with_input (manifest, "apply", "-n", "csa", "-f", "-", NULL);
  assert_ok (first);
  g_assert_nonnull (strstr (first.out, "deployment.apps/web created\n"));
  second = kubectl_with_input (manifest, "apply", "-n", "csa", "-f", "-", NULL);
  assert_ok (second);
  g_assert_cmpstr (second.out, ==,
                   "configmap/settings unchanged\ndeployment.apps/web unchanged\nservice/web unchanged\n");

  /* A strategic merge patch as kubectl edit sends it: containers by name. */
  edited = kubectl ("patch", "-n", "csa", "deployment", "web", "-p",
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"registry.example/web:2\"}]}}}}",
                    NULL);
  assert_ok (edited);
  {
    g_auto(Run) image = kubectl ("get", "-n", "csa", "deployment", "web", "-o",
                                 "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort}",
                                 NULL);

    assert_ok (image);
    g_assert_cmpstr (image.out, ==, "registry.example/web:2 8080");
  }
}

static void
test_diff (void)
{
  g_auto(Run) applied = { 0 };
  g_auto(Run) same = { 0 };
  g_auto(Run) different = { 0 };

  create_namespace ("diff");
  applied = kubectl_with_input (manifest, "apply", "--server-side", "-n", "diff", "-f", "-", NULL);
  assert_ok (applied);

  same = kubectl_with_input (manifest, "diff", "--server-side", "-n", "diff", "-f", "-", NULL);
  g_assert_cmpint (same.status, ==, 0);
  g_assert_cmpstr (same.out, ==, "");

  {
    g_auto(GStrv) parts = g_strsplit (manifest, "mode: original", 2);
    g_autofree char *text = g_strjoinv ("mode: changed", parts);

    different = kubectl_with_input (text, "diff", "--server-side", "-n", "diff", "-f", "-", NULL);
  }
  g_assert_cmpint (different.status, ==, 1);
  g_assert_nonnull (strstr (different.out, "-  mode: original\n+  mode: changed\n"));
}

static void
test_scale (void)
{
  g_auto(Run) applied = { 0 };
  g_auto(Run) scaled = { 0 };
  g_auto(Run) replicas = { 0 };

  create_namespace ("scale");
  applied = kubectl_with_input (manifest, "apply", "--server-side", "-n", "scale", "-f", "-", NULL);
  assert_ok (applied);
  scaled = kubectl ("scale", "-n", "scale", "deployment/web", "--replicas=4", NULL);
  assert_ok (scaled);
  g_assert_cmpstr (scaled.out, ==, "deployment.apps/web scaled\n");
  replicas = kubectl ("get", "-n", "scale", "deployment", "web", "-o", "jsonpath={.spec.replicas}", NULL);
  assert_ok (replicas);
  g_assert_cmpstr (replicas.out, ==, "4");
}

/* The simulated controllers roll the Deployment out. */
static void
test_rollout_status (void)
{
  g_auto(Run) applied = { 0 };
  g_auto(Run) status = { 0 };

  create_namespace ("rollout");
  applied = kubectl_with_input (manifest, "apply", "--server-side", "-n", "rollout", "-f", "-", NULL);
  assert_ok (applied);
  status = kubectl ("rollout", "status", "-n", "rollout", "deployment/web", "--timeout=30s", NULL);
  assert_ok (status);
  g_assert_nonnull (strstr (status.out, "successfully rolled out"));
}

static void
test_get_watch (void)
{
  const char *argv[] = {
    "kubectl", "--kubeconfig", kubeconfig, "get", "configmaps", "-n", "watch", "--watch",
    "--output-watch-events", "-o", "jsonpath={.type} {.object.metadata.name}{\"\\n\"}", NULL,
  };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) watcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "ADDED before", "ADDED watched", "MODIFIED watched", "DELETED watched" };

  create_namespace ("watch");
  {
    g_auto(Run) before = kubectl ("create", "configmap", "-n", "watch", "before", NULL);

    assert_ok (before);
  }

  g_subprocess_launcher_setenv (launcher, "KUBECACHEDIR", folder, TRUE);
  watcher = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (watcher));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *line = NULL;

      /* The watch is running once the present state arrived. */
      if (i == 1)
        {
          g_auto(Run) created = kubectl ("create", "configmap", "-n", "watch", "watched", NULL);
          g_auto(Run) labelled = kubectl ("label", "configmap", "-n", "watch", "watched", "x=y", NULL);
          g_auto(Run) deleted = kubectl ("delete", "configmap", "-n", "watch", "watched", NULL);

          assert_ok (created);
          assert_ok (labelled);
          assert_ok (deleted);
        }
      line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (line, ==, expected[i]);
    }

  g_subprocess_force_exit (watcher);
  g_subprocess_wait (watcher, NULL, NULL);
}

/* Without -o, kubectl watches for Tables and prints their rows. */
static void
test_get_watch_table (void)
{
  const char *argv[] = {
    "kubectl", "--kubeconfig", kubeconfig, "get", "configmaps", "-n", "watch-table", "--watch", NULL,
  };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) watcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *header = NULL;
  g_autofree char *added = NULL;
  g_autofree char *modified = NULL;

  create_namespace ("watch-table");
  {
    g_auto(Run) before = kubectl ("create", "configmap", "-n", "watch-table", "before", "--from-literal=a=b", NULL);

    assert_ok (before);
  }
  g_subprocess_launcher_setenv (launcher, "KUBECACHEDIR", folder, TRUE);
  watcher = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (watcher));

  header = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("^NAME +DATA +AGE$", header, 0, 0));
  added = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("^before +1 +[0-9]+s$", added, 0, 0));
  {
    g_auto(Run) changed = kubectl ("patch", "configmap", "-n", "watch-table", "before", "--type=merge", "-p",
                                   "{\"data\":{\"c\":\"d\"}}", NULL);

    assert_ok (changed);
  }
  modified = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("^before +2 +[0-9]+s$", modified, 0, 0));

  g_subprocess_force_exit (watcher);
  g_subprocess_wait (watcher, NULL, NULL);
}

static void
test_delete_wait (void)
{
  g_auto(Run) applied = { 0 };
  g_auto(Run) deleted = { 0 };
  g_auto(Run) absent = { 0 };
  g_auto(Run) namespace_gone = { 0 };
  g_auto(Run) namespaces = { 0 };

  create_namespace ("delete");
  applied = kubectl_with_input (manifest, "apply", "--server-side", "-n", "delete", "-f", "-", NULL);
  assert_ok (applied);
  deleted = kubectl ("delete", "-n", "delete", "configmap", "settings", "--wait", "--timeout=30s", NULL);
  assert_ok (deleted);
  g_assert_cmpstr (deleted.out, ==, "configmap \"settings\" deleted\n");
  absent = kubectl ("get", "-n", "delete", "configmap", "settings", NULL);
  g_assert_cmpint (absent.status, ==, 1);
  g_assert_nonnull (strstr (absent.err, "configmaps \"settings\" not found"));

  /* A namespace takes its content with it. */
  namespace_gone = kubectl ("delete", "namespace", "delete", "--wait", "--timeout=30s", NULL);
  assert_ok (namespace_gone);
  namespaces = kubectl ("get", "namespaces", "-o", "name", NULL);
  assert_ok (namespaces);
  g_assert_null (strstr (namespaces.out, "namespace/delete\n"));
}

static void
test_explain (void)
{
  g_auto(Run) explained = kubectl ("explain", "deployment.spec", NULL);

  /* Allowed to fail, but cleanly: an answer or an error, no crash. */
  if (explained.status == 0)
    g_assert_nonnull (strstr (explained.out, "Deployment"));
  else
    g_assert_cmpint (explained.status, ==, 1);
}

static const char crd[] =
  "apiVersion: apiextensions.k8s.io/v1\n"
  "kind: CustomResourceDefinition\n"
  "metadata: {name: gadgets.strata.test}\n"
  "spec:\n"
  "  group: strata.test\n"
  "  scope: Namespaced\n"
  "  names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gdg]}\n"
  "  versions:\n"
  "  - name: v1\n"
  "    served: true\n"
  "    storage: true\n"
  "    schema:\n"
  "      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}\n";

static void
test_custom_resources (void)
{
  g_auto(Run) applied = { 0 };
  g_auto(Run) established = { 0 };
  g_auto(Run) gadget = { 0 };
  g_auto(Run) listed = { 0 };

  create_namespace ("crd");
  applied = kubectl_with_input (crd, "apply", "--server-side", "-f", "-", NULL);
  assert_ok (applied);
  established = kubectl ("wait", "--for", "condition=established", "--timeout=30s",
                         "crd/gadgets.strata.test", NULL);
  assert_ok (established);
  gadget = kubectl_with_input ("apiVersion: strata.test/v1\nkind: Gadget\nmetadata: {name: first}\nspec: {size: 3}\n",
                               "apply", "--server-side", "-n", "crd", "-f", "-", NULL);
  assert_ok (gadget);
  listed = kubectl ("get", "-n", "crd", "gdg", "-o", "name", NULL);
  assert_ok (listed);
  g_assert_cmpstr (listed.out, ==, "gadget.strata.test/first\n");
}

/* The first line of a kubectl table, its columns single-spaced. */
static char *
header_of (const char *table)
{
  g_autofree char *line = g_strndup (table, strcspn (table, "\n"));
  g_autoptr(GRegex) spaces = g_regex_new ("  +", 0, 0, NULL);

  return g_regex_replace_literal (spaces, g_strstrip (line), -1, 0, " ", 0, NULL);
}

/* Server-side printing: the columns kube-apiserver 1.29 gives kubectl. */
static void
test_get_tables (void)
{
  g_auto(Run) applied = { 0 };
  g_auto(Run) rolled = { 0 };
  g_auto(Run) services = { 0 };
  g_auto(Run) deployments = { 0 };
  g_auto(Run) pods = { 0 };
  g_auto(Run) events = { 0 };
  g_auto(Run) sorted = { 0 };
  g_autofree char *header = NULL;

  create_namespace ("tables");
  applied = kubectl_with_input (manifest, "apply", "--server-side", "-n", "tables", "-f", "-", NULL);
  assert_ok (applied);
  rolled = kubectl ("rollout", "status", "-n", "tables", "deployment/web", "--timeout=30s", NULL);
  assert_ok (rolled);

  services = kubectl ("get", "-n", "tables", "services", "-o", "wide", NULL);
  assert_ok (services);
  header = header_of (services.out);
  g_assert_cmpstr (header, ==, "NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE SELECTOR");
  g_assert_true (g_regex_match_simple ("\nweb +ClusterIP +10\\.96\\.[0-9.]+ +<none> +80/TCP +[0-9]+s +app=web\n",
                                       services.out, 0, 0));
  g_clear_pointer (&header, g_free);

  deployments = kubectl ("get", "-n", "tables", "deployments", "-o", "wide", NULL);
  assert_ok (deployments);
  header = header_of (deployments.out);
  g_assert_cmpstr (header, ==, "NAME READY UP-TO-DATE AVAILABLE AGE CONTAINERS IMAGES SELECTOR");
  g_assert_true (g_regex_match_simple ("\nweb +2/2 +2 +2 +[0-9]+s +web +registry.example/web:1 +app=web\n",
                                       deployments.out, 0, 0));
  g_clear_pointer (&header, g_free);

  pods = kubectl ("get", "-n", "tables", "pods", NULL);
  assert_ok (pods);
  header = header_of (pods.out);
  g_assert_cmpstr (header, ==, "NAME READY STATUS RESTARTS AGE");
  g_clear_pointer (&header, g_free);

  /* Events lead with when and what, not their names. */
  events = kubectl ("get", "-n", "tables", "events", NULL);
  assert_ok (events);
  header = header_of (events.out);
  g_assert_cmpstr (header, ==, "LAST SEEN TYPE REASON OBJECT MESSAGE");
  g_assert_true (g_regex_match_simple ("\n[0-9]+s +Normal +ScalingReplicaSet +deployment/web +Scaled up replica set ",
                                       events.out, 0, 0));

  /* --sort-by sorts whole objects: the rows must carry them. */
  sorted = kubectl ("get", "-n", "tables", "events", "--sort-by=.lastTimestamp", NULL);
  assert_ok (sorted);
  g_assert_nonnull (strstr (sorted.out, "ScalingReplicaSet"));
  {
    g_auto(GStrv) lines = g_strsplit (sorted.out, "\n", -1);
    g_auto(GStrv) unsorted = g_strsplit (events.out, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, g_strv_length (unsorted));
  }
}

/* kubectl version and the Nodes agree on the Kubernetes version. */
static void
test_version (void)
{
  g_auto(Run) version = kubectl ("version", "-o", "json", NULL);
  g_auto(Run) kubelets = kubectl ("get", "nodes", "-o", "jsonpath={.items[*].status.nodeInfo.kubeletVersion}", NULL);
  g_autoptr(JsonNode) versions = NULL;
  const char *server;
  g_auto(GStrv) each = NULL;

  assert_ok (version);
  assert_ok (kubelets);
  versions = parse (version.out);
  server = json_object_get_string_member (member (versions, "serverVersion"), "gitVersion");
  g_assert_true (g_str_has_prefix (server, "v1.29."));
  each = g_strsplit (kubelets.out, " ", -1);
  g_assert_cmpuint (g_strv_length (each), >=, 1);
  for (guint i = 0; each[i] != NULL; i++)
    g_assert_cmpstr (each[i], ==, server);
}

static void start_sandbox_in (const char *state_folder);
static void stop_sandbox_keeping (gboolean keep);

/* A restart keeps every object, its uid and its version; the versions go
 * on from there and clients carry on. */
static void
test_restart (void)
{
  g_auto(Run) applied = { 0 };
  g_auto(Run) before = { 0 };
  g_auto(Run) after = { 0 };
  g_auto(Run) changed = { 0 };
  g_auto(Run) newer = { 0 };
  g_autofree char *kept = g_strdup (folder);

  create_namespace ("restart");
  applied = kubectl_with_input (manifest, "apply", "--server-side", "-n", "restart", "-f", "-", NULL);
  assert_ok (applied);
  before = kubectl ("get", "-n", "restart", "configmap", "settings", "-o",
                    "jsonpath={.metadata.uid} {.metadata.resourceVersion} {.data.mode}", NULL);
  assert_ok (before);

  stop_sandbox_keeping (TRUE);
  start_sandbox_in (kept);

  after = kubectl ("get", "-n", "restart", "configmap", "settings", "-o",
                   "jsonpath={.metadata.uid} {.metadata.resourceVersion} {.data.mode}", NULL);
  assert_ok (after);
  g_assert_cmpstr (after.out, ==, before.out);
  changed = kubectl ("patch", "-n", "restart", "configmap", "settings", "--type=merge", "-p",
                     "{\"data\":{\"mode\":\"after\"}}", NULL);
  assert_ok (changed);
  newer = kubectl ("get", "-n", "restart", "configmap", "settings", "-o", "jsonpath={.metadata.resourceVersion}", NULL);
  assert_ok (newer);
  g_assert_cmpint (g_ascii_strtoll (newer.out, NULL, 10), >,
                   g_ascii_strtoll (strchr (before.out, ' ') + 1, NULL, 10));
}

static void
start_sandbox (void)
{
  start_sandbox_in (NULL);
}

static void
start_sandbox_in (const char *state_folder)
{
  g_autofree char *script = g_build_filename (g_getenv ("STRATA_SOURCE_DIR"), "tests", "sandbox", "sandbox", NULL);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  folder = state_folder ? g_strdup (state_folder) : strata_test_make_folder ();
  sandbox = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              script, "serve", folder, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "ready "))
    g_error ("the sandbox did not start (see %s/sandbox.log)", folder);
  kubeconfig = g_strdup (line + strlen ("ready "));
}

static void
stop_sandbox (void)
{
  stop_sandbox_keeping (FALSE);
}

static void
stop_sandbox_keeping (gboolean keep)
{
  g_autoptr(GError) error = NULL;

  /* Closing its standard input stops it; it fails if the server's log
   * shows a leak, undefined behaviour or a critical warning. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (sandbox), NULL, NULL);
  g_subprocess_wait_check (sandbox, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&sandbox);
  if (!keep)
    strata_test_remove_tree (folder);
  g_clear_pointer (&folder, g_free);
  g_clear_pointer (&kubeconfig, g_free);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *program = g_find_program_in_path ("kubectl");
  int status;

  g_test_init (&argc, &argv, NULL);

  if (program == NULL)
    {
      g_test_message ("kubectl is not on PATH");
      return 77;
    }

  g_test_add_func ("/sandbox/kubectl/api-resources", test_api_resources);
  g_test_add_func ("/sandbox/kubectl/apply/server-side", test_apply_server_side);
  g_test_add_func ("/sandbox/kubectl/apply/client-side", test_apply_client_side);
  g_test_add_func ("/sandbox/kubectl/diff", test_diff);
  g_test_add_func ("/sandbox/kubectl/scale", test_scale);
  g_test_add_func ("/sandbox/kubectl/rollout-status", test_rollout_status);
  g_test_add_func ("/sandbox/kubectl/get-watch", test_get_watch);
  g_test_add_func ("/sandbox/kubectl/get-watch/table", test_get_watch_table);
  g_test_add_func ("/sandbox/kubectl/delete-wait", test_delete_wait);
  g_test_add_func ("/sandbox/kubectl/explain", test_explain);
  g_test_add_func ("/sandbox/kubectl/custom-resources", test_custom_resources);
  g_test_add_func ("/sandbox/kubectl/get-tables", test_get_tables);
  g_test_add_func ("/sandbox/kubectl/version", test_version);
  g_test_add_func ("/sandbox/kubectl/restart", test_restart);

  start_sandbox ();
  status = g_test_run ();
  stop_sandbox ();

  return status;
}
