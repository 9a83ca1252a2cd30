/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli render, as a script sees it. */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "strata-test-util.h"
#include "strata-yaml.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static char *data_dir;
static char *work_dir;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs strata-cli with the NULL-terminated arguments against the test's
 * store, with @input on standard input when not NULL. */
static void
cli (Run        *run,
     const char *input,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *)g_getenv ("STRATA_CLI"));
  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_set_cwd (launcher, work_dir);
  g_subprocess_launcher_setenv (launcher, "STRATA_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  run_clear (run);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static void
assert_ok (Run *run)
{
  if (run->status != 0)
    g_error ("strata-cli failed (%d): %s", run->status, run->err);
}

/* A failure is one line a person can act on, nothing on stdout. */
static void
assert_one_line_error (Run        *run,
                       int         status,
                       const char *mentions)
{
  g_assert_cmpint (run->status, ==, status);
  g_assert_true (g_str_has_prefix (run->err, "strata-cli: "));
  g_assert_cmpint (strchr (run->err, '\n') - run->err, ==, strlen (run->err) - 1);
  if (mentions != NULL && strstr (run->err, mentions) == NULL)
    g_error ("“%s” does not mention “%s”", run->err, mentions);
  g_assert_cmpstr (run->out, ==, "");
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Profile "demo" 1.0.0: the hello-universe pack (priority 100) and a
 * manifest layer with macros (priority 5). */
static const char info_manifest[] =
  "apiVersion: v1\n"
  "kind: ConfigMap\n"
  "metadata:\n"
  "  name: info\n"
  "data:\n"
  "  cluster: '{{ .Cluster.Name }}'\n"
  "  profile: '{{ .Profile.Name }}@{{ .Profile.Version }}'\n";

static void
setup (void)
{
  g_auto(Run) run = { 0 };

  data_dir = strata_test_make_folder ();
  work_dir = strata_test_make_folder ();

  cli (&run, NULL, "profile", "create", "demo", NULL);
  assert_ok (&run);
  cli (&run, NULL, "profile", "layer-set", "demo", "1.0.0", "hello", "--kind", "pack",
       "--source", "hello-universe@1.0.0", "-n", "hello", "--priority", "100", NULL);
  assert_ok (&run);
  cli (&run, info_manifest, "profile", "layer-set", "demo", "1.0.0", "info", "--kind", "manifest",
       "--manifest-file", "-", "-n", "tools", "--priority", "5", NULL);
  assert_ok (&run);
}

static void
teardown (void)
{
  strata_test_remove_tree (data_dir);
  strata_test_remove_tree (work_dir);
  g_clear_pointer (&data_dir, g_free);
  g_clear_pointer (&work_dir, g_free);
}

static JsonObject *
find_item (JsonNode   *list,
           const char *kind,
           const char *name)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (list), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonObject *metadata = json_object_get_object_member (item, "metadata");

      if (g_str_equal (json_object_get_string_member (item, "kind"), kind) &&
          g_str_equal (json_object_get_string_member (metadata, "name"), name))
        return item;
    }
  g_error ("no %s %s in the list", kind, name);
}

static void
test_yaml_and_json (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *info_comment, *hello_comment;
  JsonArray *items;
  JsonObject *first, *data, *labels;

  setup ();
  cli (&run, NULL, "render", "demo@1.0.0", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.err, ==, "");
  /* Layers in install order, each introduced by its comment. */
  g_assert_true (g_str_has_prefix (run.out, "# layer: info\n---\napiVersion: v1\nkind: Namespace\n"));
  info_comment = strstr (run.out, "# layer: info\n");
  hello_comment = strstr (run.out, "\n# layer: hello\n---\n");
  g_assert_nonnull (hello_comment);
  g_assert_true (info_comment < hello_comment);
  documents = strata_yaml_parse_documents (run.out, -1, &error);
  g_assert_no_error (error);

  cli (&run, NULL, "render", "demo@1.0.0", "-o", "json", NULL);
  assert_ok (&run);
  list = parse_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (list), "kind"), ==, "List");
  items = json_object_get_array_member (json_node_get_object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, documents->len);
  g_assert_cmpuint (json_array_get_length (items), >=, 9);

  first = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "Namespace");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "metadata"), "name"), ==, "tools");

  data = json_object_get_object_member (find_item (list, "ConfigMap", "info"), "data");
  g_assert_cmpstr (json_object_get_string_member (data, "cluster"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (data, "profile"), ==, "demo@1.0.0");

  labels = json_object_get_object_member (json_object_get_object_member (find_item (list, "Deployment", "ui"), "metadata"),
                                          "labels");
  g_assert_cmpstr (json_object_get_string_member (labels, "app.kubernetes.io/managed-by"), ==, "strata");
  g_assert_cmpstr (json_object_get_string_member (labels, "strata.io/profile"), ==, "demo");
  g_assert_cmpstr (json_object_get_string_member (labels, "strata.io/layer"), ==, "hello");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (find_item (list, "Deployment", "ui"),
                                                                                 "metadata"), "namespace"), ==, "hello");
  teardown ();
}

static gint64
ui_replicas (const char *json)
{
  g_autoptr(JsonNode) list = parse_json (json);

  return json_object_get_int_member (json_object_get_object_member (find_item (list, "Deployment", "ui"), "spec"),
                                     "replicas");
}

static void
test_hash_and_cluster (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *hash = NULL;
  g_autofree char *kubeconfig = NULL;
  g_autoptr(GError) error = NULL;

  setup ();
  cli (&run, NULL, "render", "demo@1.0.0", "--hash", NULL);
  assert_ok (&run);
  g_assert_cmpuint (strlen (run.out), ==, 65);
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{64}\n$", run.out, 0, 0));
  hash = g_strdup (run.out);
  cli (&run, NULL, "render", "demo@1.0.0", "--hash", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, hash);

  /* A cluster that uses the profile: its name and its overrides. */
  kubeconfig = g_build_filename (work_dir, "kubeconfig", NULL);
  g_file_set_contents (kubeconfig,
                       "apiVersion: v1\nkind: Config\ncurrent-context: dev\n"
                       "clusters:\n- name: local\n  cluster:\n    server: https://127.0.0.1:1\n"
                       "users:\n- name: admin\n  user: {token: abc}\n"
                       "contexts:\n- name: dev\n  context: {cluster: local, user: admin}\n", -1, &error);
  g_assert_no_error (error);
  cli (&run, NULL, "cluster", "import", "edge", "--kubeconfig", kubeconfig, NULL);
  assert_ok (&run);
  cli (&run, NULL, "cluster", "import", "other", "--kubeconfig", kubeconfig, NULL);
  assert_ok (&run);
  cli (&run, NULL, "cluster", "attach", "edge", "demo@1.0.0", NULL);
  assert_ok (&run);
  /* Saved only: there is no cluster behind this kubeconfig to apply to. */
  cli (&run, "replicas: 2\n", "cluster", "override", "edge", "hello", "--values", "-", "--no-apply", NULL);
  assert_ok (&run);

  cli (&run, NULL, "render", "demo@1.0.0", "-o", "json", NULL);
  assert_ok (&run);
  g_assert_cmpint (ui_replicas (run.out), ==, 1);
  cli (&run, NULL, "render", "demo@1.0.0", "--cluster", "edge", "-o", "json", NULL);
  assert_ok (&run);
  g_assert_cmpint (ui_replicas (run.out), ==, 2);
  {
    g_autoptr(JsonNode) list = parse_json (run.out);
    JsonObject *data = json_object_get_object_member (find_item (list, "ConfigMap", "info"), "data");

    g_assert_cmpstr (json_object_get_string_member (data, "cluster"), ==, "edge");
  }
  cli (&run, NULL, "render", "demo@1.0.0", "--cluster", "edge", "--hash", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, !=, hash);

  /* A cluster without the profile lends only its name. */
  cli (&run, NULL, "render", "demo@1.0.0", "--cluster", "other", "-o", "yaml", NULL);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "cluster: other\n"));
  g_assert_nonnull (strstr (run.out, "replicas: 1\n"));
  g_assert_null (strstr (run.out, "replicas: 2\n"));
  teardown ();
}

static void
test_bad_input (void)
{
  g_auto(Run) run = { 0 };

  setup ();
  cli (&run, NULL, "render", "demo", NULL);
  assert_one_line_error (&run, 1, "PROFILE@VERSION");
  cli (&run, NULL, "render", "demo@", NULL);
  assert_one_line_error (&run, 1, "PROFILE@VERSION");
  cli (&run, NULL, "render", "demo@1.0", NULL);
  assert_one_line_error (&run, 1, "1.0");
  cli (&run, NULL, "render", "nope@1.0.0", NULL);
  assert_one_line_error (&run, 1, "nope");
  cli (&run, NULL, "render", "demo@2.0.0", NULL);
  assert_one_line_error (&run, 1, "2.0.0");
  cli (&run, NULL, "render", "demo@1.0.0", "--cluster", "missing", NULL);
  assert_one_line_error (&run, 1, "missing");
  cli (&run, NULL, "render", "demo@1.0.0", "-o", "xml", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, NULL, "render", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* An unknown function is refused when the layer is saved… */
  cli (&run, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: '{{ .Values.name | nosuch }}'\n",
       "profile", "layer-set", "demo", "1.0.0", "info", "--manifest-file", "-", NULL);
  assert_one_line_error (&run, 1, "manifest:4:");
  g_assert_nonnull (strstr (run.err, "nosuch"));

  /* …and a layer that parses but does not render fails the render: one
   * line naming it and where. */
  cli (&run, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: '{{ required \"name is required\" .Values.name }}'\n",
       "profile", "layer-set", "demo", "1.0.0", "info", "--manifest-file", "-", NULL);
  assert_ok (&run);
  cli (&run, NULL, "render", "demo@1.0.0", NULL);
  assert_one_line_error (&run, 1, "info/templates/manifest.yaml:4:");
  g_assert_nonnull (strstr (run.err, "“info”"));

  cli (&run, NULL, "profile", "layer-set", "demo", "1.0.0", "hello", "--source", "hello-universe@7.0.0", NULL);
  assert_ok (&run);
  cli (&run, NULL, "profile", "layer-remove", "demo", "1.0.0", "info", NULL);
  assert_ok (&run);
  cli (&run, NULL, "render", "demo@1.0.0", NULL);
  assert_one_line_error (&run, 1, "7.0.0");
  teardown ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/render/yaml-and-json", test_yaml_and_json);
  g_test_add_func ("/cli/render/hash-and-cluster", test_hash_and_cluster);
  g_test_add_func ("/cli/render/bad-input", test_bad_input);

  return g_test_run ();
}
