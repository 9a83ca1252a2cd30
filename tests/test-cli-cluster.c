/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli cluster … as a script sees it: exit codes, one-line errors,
 * -o json shapes, and an exported kubeconfig that kubectl accepts. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>

#include "strata-test-util.h"
#include "strata-yaml.h"

#define SERVER "https://127.0.0.1:6443"
#define TOKEN "strata-test-token"

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

/* Runs strata-cli with @args (NULL-terminated) in work_dir against the
 * test's store, with @input on standard input when not NULL. */
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
  g_subprocess_launcher_setenv (launcher, "STRATA_DATA_DIR", data_dir, TRUE);
  /* Where a running sandbox would leave its kubeconfig: none here. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "KUBECONFIG");
  g_subprocess_launcher_set_cwd (launcher, work_dir);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  run_clear (run);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not mention “%s”", text, part);
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
  if (mentions != NULL)
    assert_contains (run->err, mentions);
  g_assert_cmpstr (run->out, ==, "");
}

static void
assert_ok (Run *run)
{
  if (run->status != 0)
    g_error ("strata-cli failed (%d): %s", run->status, run->err);
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

static char *
write_file (const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (work_dir, name, NULL);
  g_autofree char *folder = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A kubeconfig with two contexts; the CA is a file beside it, named by a
 * relative path, as kubeadm and kind write them. */
static void
write_kubeconfig (void)
{
  g_autofree char *pki = g_build_filename (work_dir, "pki", NULL);
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                         "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=strata-test-ca",
                         "-days", "1", NULL };

  g_assert_cmpint (g_mkdir_with_parents (pki, 0700), ==, 0);
  g_spawn_sync (pki, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  config = write_file ("kube/config",
                       "apiVersion: v1\n"
                       "kind: Config\n"
                       "current-context: dev\n"
                       "clusters:\n"
                       "- name: local\n"
                       "  cluster:\n"
                       "    server: " SERVER "\n"
                       "    certificate-authority: ../pki/ca.crt\n"
                       "users:\n"
                       "- name: admin\n"
                       "  user: {token: " TOKEN "}\n"
                       "contexts:\n"
                       "- name: dev\n"
                       "  context: {cluster: local, user: admin}\n"
                       "- name: prod\n"
                       "  context: {cluster: local, user: admin, namespace: prod}\n");
}

static void
setup (void)
{
  data_dir = strata_test_make_folder ();
  work_dir = strata_test_make_folder ();
  write_kubeconfig ();
}

static void
teardown (void)
{
  strata_test_remove_tree (data_dir);
  strata_test_remove_tree (work_dir);
  g_clear_pointer (&data_dir, g_free);
  g_clear_pointer (&work_dir, g_free);
}

/* Profile "web": 1.0.0 with layers ui and db, 1.1.0 with ui only. */
static void
make_profile (void)
{
  g_auto(Run) run = { 0 };

  cli (&run, NULL, "profile", "create", "web", NULL);
  assert_ok (&run);
  cli (&run, NULL, "profile", "version", "web", "1.1.0", NULL);
  assert_ok (&run);
  cli (&run, "replicas: 1\n", "profile", "layer-set", "web", "1.0.0", "ui", "--kind", "pack", "--values-file", "-", NULL);
  assert_ok (&run);
  cli (&run, "size: 1Gi\n", "profile", "layer-set", "web", "1.0.0", "db", "--kind", "pack", "--values-file", "-", NULL);
  assert_ok (&run);
  cli (&run, "replicas: 1\n", "profile", "layer-set", "web", "1.1.0", "ui", "--kind", "pack", "--values-file", "-", NULL);
  assert_ok (&run);
}

static JsonObject *
element (JsonNode *list,
         guint     index)
{
  return json_array_get_object_element (json_node_get_array (list), index);
}

static void
test_import_and_list (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) imported = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *config = NULL;
  JsonObject *object, *source;

  setup ();
  config = g_build_filename (work_dir, "kube", "config", NULL);

  /* A relative path is kept as an absolute one. */
  cli (&run, NULL, "cluster", "import", "web", "--kubeconfig", "kube/config", "-o", "json", NULL);
  assert_ok (&run);
  imported = parse_json (run.out);
  object = json_node_get_object (imported);
  g_assert_cmpstr (json_object_get_string_member (object, "apiVersion"), ==, "strata.io/v1");
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "Cluster");
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "web");
  created = g_date_time_new_from_iso8601 (json_object_get_string_member (object, "createdAt"), NULL);
  g_assert_nonnull (created);
  source = json_object_get_object_member (object, "source");
  g_assert_cmpstr (json_object_get_string_member (source, "type"), ==, "kubeconfig");
  g_assert_cmpstr (json_object_get_string_member (source, "kubeconfig"), ==, config);
  /* The current context, by name: a later switch in the file moves nothing. */
  g_assert_cmpstr (json_object_get_string_member (source, "context"), ==, "dev");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "tags")), ==, 0);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "overrides")), ==, 0);
  g_assert_false (json_object_has_member (object, "profile"));

  cli (&run, NULL, "cluster", "import", "api", "--kubeconfig", config, "--context", "prod", NULL);
  assert_ok (&run);
  {
    g_autofree char *expected = g_strdup_printf ("Imported cluster api (context prod of %s)\n", config);

    g_assert_cmpstr (run.out, ==, expected);
  }

  cli (&run, NULL, "cluster", "list", "-o", "json", NULL);
  assert_ok (&run);
  list = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (element (list, 0), "name"), ==, "api");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (element (list, 0), "source"), "context"), ==, "prod");
  g_assert_cmpstr (json_object_get_string_member (element (list, 1), "name"), ==, "web");

  cli (&run, NULL, "cluster", "list", NULL);
  assert_ok (&run);
  assert_contains (run.out, "NAME");
  assert_contains (run.out, "kubeconfig");
  teardown ();
}

static void
test_bad_input (void)
{
  g_auto(Run) run = { 0 };

  setup ();
  make_profile ();
  cli (&run, NULL, "cluster", "import", "Web", "--kubeconfig", "kube/config", NULL);
  assert_one_line_error (&run, 1, "lowercase");
  cli (&run, NULL, "cluster", "import", "web", "--kubeconfig", "kube/config", "--context", "staging", NULL);
  assert_one_line_error (&run, 1, "staging");
  cli (&run, NULL, "cluster", "import", "web", "--kubeconfig", "kube/missing", NULL);
  assert_one_line_error (&run, 1, "kube/missing");
  cli (&run, NULL, "cluster", "import", "web", NULL);
  g_assert_cmpint (run.status, ==, 2);

  cli (&run, NULL, "cluster", "import", "web", "--kubeconfig", "kube/config", NULL);
  assert_ok (&run);
  cli (&run, NULL, "cluster", "import", "web", "--kubeconfig", "kube/config", NULL);
  assert_one_line_error (&run, 1, "already exists");

  cli (&run, NULL, "cluster", "show", "nope", NULL);
  assert_one_line_error (&run, 1, "nope");
  cli (&run, NULL, "cluster", "tag", "web", "team", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, NULL, "cluster", "tag", "web", "+env:", NULL);
  assert_one_line_error (&run, 1, "empty value");
  cli (&run, NULL, "cluster", "list", "--tag", "a b", NULL);
  assert_one_line_error (&run, 1, "blank");

  cli (&run, NULL, "cluster", "attach", "web", "web", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, NULL, "cluster", "attach", "web", "web@2.0.0", NULL);
  assert_one_line_error (&run, 1, "no version 2.0.0");
  cli (&run, NULL, "cluster", "attach", "web", "nope@1.0.0", NULL);
  assert_one_line_error (&run, 1, "nope");
  cli (&run, NULL, "cluster", "attach", "web", "web@1.0", NULL);
  assert_one_line_error (&run, 1, "MAJOR.MINOR.PATCH");
  cli (&run, "replicas: 2\n", "cluster", "override", "web", "ui", "--values", "-", NULL);
  assert_one_line_error (&run, 1, "no profile attached");

  cli (&run, NULL, "cluster", "attach", "web", "web@1.0.0", NULL);
  assert_ok (&run);
  cli (&run, "replicas: 2\nimage: {tag: 1\n", "cluster", "override", "web", "ui", "--values", "-", NULL);
  assert_one_line_error (&run, 1, "line 3");
  cli (&run, "- 2\n", "cluster", "override", "web", "ui", "--values", "-", NULL);
  assert_one_line_error (&run, 1, "mapping");
  cli (&run, "replicas: 2\n", "cluster", "override", "web", "cache", "--values", "-", NULL);
  assert_one_line_error (&run, 1, "no layer “cache”");
  cli (&run, NULL, "cluster", "override", "web", "ui", "--values", "missing.yaml", NULL);
  assert_one_line_error (&run, 1, "missing.yaml");
  cli (&run, NULL, "cluster", "override", "web", "ui", "--clear", NULL);
  assert_one_line_error (&run, 1, "no override");
  cli (&run, NULL, "cluster", "override", "web", "ui", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, NULL, "cluster", "override", "web", "ui", "--clear", "--values", "-", NULL);
  g_assert_cmpint (run.status, ==, 2);

  cli (&run, NULL, "cluster", "list", "-o", "xml", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, NULL, "cluster", "show", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, NULL, "cluster", "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, NULL, "cluster", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* Nothing above reached the record. */
  cli (&run, NULL, "cluster", "show", "web", "-o", "json", NULL);
  {
    g_autoptr(JsonNode) shown = parse_json (run.out);

    g_assert_cmpuint (json_object_get_size (json_object_get_object_member (json_node_get_object (shown), "overrides")), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (shown), "tags")), ==, 0);
  }
  teardown ();
}

static void
test_tags_and_filter (void)
{
  g_auto(Run) run = { 0 };
  const char *names[] = { "frontend", "backend", "bare" };

  setup ();
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      cli (&run, NULL, "cluster", "import", names[i], "--kubeconfig", "kube/config", NULL);
      assert_ok (&run);
    }

  cli (&run, NULL, "cluster", "tag", "frontend", "+Service:hello-universe-frontend", "+env:prod", "+team", "+team", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Tags of frontend: env:prod, service:hello-universe-frontend, team\n");
  cli (&run, NULL, "cluster", "tag", "backend", "+service:hello-universe-api", "+env:production", "+old", NULL);
  assert_ok (&run);
  cli (&run, NULL, "cluster", "tag", "backend", "-old", "-missing", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Tags of backend: env:production, service:hello-universe-api\n");
  assert_contains (run.err, "missing");
  cli (&run, NULL, "cluster", "tag", "bare", "+env", NULL);
  assert_ok (&run);

  {
    const struct { const char *filters[3]; const char *names; } cases[] = {
      { { "env", NULL }, "backend,bare,frontend" },
      { { "env:prod", NULL }, "frontend" },
      { { "service", "env:production" }, "backend" },
      { { "service:hello-universe-frontend", NULL }, "frontend" },
      { { "SERVICE", "team" }, "frontend" },
      { { "service", "team:x" }, "" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(JsonNode) list = NULL;
        g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
        g_autofree char *joined = NULL;
        const char *second = cases[i].filters[1];

        if (second != NULL)
          cli (&run, NULL, "cluster", "list", "--tag", cases[i].filters[0], "--tag", second, "-o", "json", NULL);
        else
          cli (&run, NULL, "cluster", "list", "--tag", cases[i].filters[0], "-o", "json", NULL);
        assert_ok (&run);
        list = parse_json (run.out);
        for (guint j = 0; j < json_array_get_length (json_node_get_array (list)); j++)
          g_ptr_array_add (found, g_strdup (json_object_get_string_member (element (list, j), "name")));
        g_ptr_array_add (found, NULL);
        joined = g_strjoinv (",", (char **)found->pdata);
        g_assert_cmpstr (joined, ==, cases[i].names);
      }
  }
  teardown ();
}

static void
test_attach_override_detach (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) attached = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *profile, *overrides;
  const char *values = "# for the demo\nreplicas: 2\n";
  g_autofree char *values_file = NULL;

  setup ();
  make_profile ();
  values_file = write_file ("db-values.yaml", "size: 5Gi\n");
  cli (&run, NULL, "cluster", "import", "web", "--kubeconfig", "kube/config", NULL);
  assert_ok (&run);

  cli (&run, NULL, "cluster", "attach", "web", "web@1.0.0", "-o", "json", NULL);
  assert_ok (&run);
  attached = parse_json (run.out);
  profile = json_object_get_object_member (json_node_get_object (attached), "profile");
  g_assert_cmpstr (json_object_get_string_member (profile, "name"), ==, "web");
  g_assert_cmpstr (json_object_get_string_member (profile, "version"), ==, "1.0.0");

  /* Saved only: this cluster is not there to apply to. */
  cli (&run, values, "cluster", "override", "web", "ui", "--values", "-", "--no-apply", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Saved the override of layer ui on web\n");
  cli (&run, NULL, "cluster", "override", "web", "db", "--values", values_file, "--no-apply", NULL);
  assert_ok (&run);

  cli (&run, NULL, "cluster", "show", "web", "-o", "json", NULL);
  assert_ok (&run);
  shown = parse_json (run.out);
  overrides = json_object_get_object_member (json_node_get_object (shown), "overrides");
  g_assert_cmpstr (json_object_get_string_member (overrides, "ui"), ==, values);
  g_assert_cmpstr (json_object_get_string_member (overrides, "db"), ==, "size: 5Gi\n");

  cli (&run, NULL, "cluster", "show", "web", NULL);
  assert_ok (&run);
  assert_contains (run.out, "Profile: web@1.0.0");
  assert_contains (run.out, "  replicas: 2\n");

  /* A profile in use shows in the list; 1.1.0 has no db layer. */
  cli (&run, NULL, "cluster", "attach", "web", "web@1.1.0", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==,
                   "Attached web to web@1.1.0\n"
                   "Dropped the override of layer db: version 1.1.0 has no such layer\n");
  cli (&run, NULL, "cluster", "list", NULL);
  assert_contains (run.out, "web@1.1.0");

  cli (&run, NULL, "cluster", "override", "web", "ui", "--clear", "--no-apply", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Removed the override of layer ui from web\n");

  cli (&run, values, "cluster", "override", "web", "ui", "--values", "-", "--no-apply", NULL);
  cli (&run, NULL, "cluster", "detach", "web", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Detached web from web@1.1.0 and removed its override\n");
  cli (&run, NULL, "cluster", "detach", "web", NULL);
  assert_one_line_error (&run, 1, "no profile attached");
  teardown ();
}

static void
test_profile_in_use (void)
{
  g_auto(Run) run = { 0 };

  setup ();
  make_profile ();
  cli (&run, NULL, "cluster", "import", "web", "--kubeconfig", "kube/config", NULL);
  cli (&run, NULL, "cluster", "attach", "web", "web@1.0.0", NULL);
  assert_ok (&run);

  cli (&run, NULL, "profile", "delete", "web", NULL);
  assert_one_line_error (&run, 1, "attached to cluster “web”");
  cli (&run, NULL, "profile", "delete", "web", "--version", "1.0.0", NULL);
  assert_one_line_error (&run, 1, "attached to cluster “web”");
  cli (&run, NULL, "profile", "delete", "web", "--version", "1.1.0", NULL);
  assert_ok (&run);

  cli (&run, NULL, "cluster", "detach", "web", NULL);
  cli (&run, NULL, "profile", "delete", "web", NULL);
  assert_ok (&run);
  teardown ();
}

static char *
kubectl (const char *kubeconfig,
         gboolean    raw)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;
  const char *argv[] = { "kubectl", "--kubeconfig", kubeconfig, "config", "view", "-o", "json",
                         raw ? "--raw" : NULL, NULL };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("kubectl refused %s: %s", kubeconfig, err);
  return out;
}

static void
test_kubeconfig_export (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) viewed = NULL;
  g_autoptr(JsonNode) printed = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *out = NULL;
  g_autofree char *ca_pem = NULL;
  g_autofree char *ca_path = NULL;
  g_autofree guchar *ca_data = NULL;
  g_autofree char *sandbox = NULL;
  JsonObject *config, *cluster, *user;
  g_autofree char *kubectl_path = g_find_program_in_path ("kubectl");
  struct stat info;
  gsize length;

  if (kubectl_path == NULL)
    {
      g_test_skip ("kubectl is not installed");
      return;
    }

  setup ();
  cli (&run, NULL, "cluster", "import", "web", "--kubeconfig", "kube/config", "--context", "prod", NULL);
  assert_ok (&run);

  exported = g_build_filename (work_dir, "out", "web.kubeconfig", NULL);
  cli (&run, NULL, "cluster", "kubeconfig", "web", "-o", exported, NULL);
  assert_ok (&run);
  g_assert_cmpint (g_stat (exported, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  /* kubectl reads it back: server, CA inlined, token, the chosen context. */
  out = kubectl (exported, TRUE);
  viewed = parse_json (out);
  config = json_node_get_object (viewed);
  cluster = json_object_get_object_member (json_array_get_object_element (json_object_get_array_member (config, "clusters"), 0), "cluster");
  user = json_object_get_object_member (json_array_get_object_element (json_object_get_array_member (config, "users"), 0), "user");
  g_assert_cmpstr (json_object_get_string_member (cluster, "server"), ==, SERVER);
  ca_path = g_build_filename (work_dir, "pki", "ca.crt", NULL);
  g_assert_true (g_file_get_contents (ca_path, &ca_pem, NULL, NULL));
  ca_data = g_base64_decode (json_object_get_string_member (cluster, "certificate-authority-data"), &length);
  g_assert_cmpmem (ca_data, length, ca_pem, strlen (ca_pem));
  g_assert_cmpstr (json_object_get_string_member (user, "token"), ==, TOKEN);
  g_assert_cmpstr (json_object_get_string_member (config, "current-context"), ==, "prod");
  g_clear_pointer (&out, g_free);
  out = kubectl (exported, FALSE);

  /* Without -o, the same kubeconfig on standard output. */
  cli (&run, NULL, "cluster", "kubeconfig", "web", NULL);
  assert_ok (&run);
  printed = strata_yaml_parse (run.out, -1, NULL);
  g_assert_nonnull (printed);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (printed), "current-context"), ==, "prod");

  /* A sandbox record has no kubeconfig of its own to export yet. */
  sandbox = g_build_filename (data_dir, "clusters", "demo.yaml", NULL);
  g_assert_true (g_file_set_contents (sandbox, "apiVersion: strata.io/v1\nkind: Cluster\nname: demo\nsource: {type: sandbox}\n", -1, NULL));
  cli (&run, NULL, "cluster", "kubeconfig", "demo", NULL);
  assert_one_line_error (&run, 1, "sandbox");

  /* A kubeconfig that lost its CA file says so, in one line. */
  g_assert_cmpint (g_unlink (ca_path), ==, 0);
  cli (&run, NULL, "cluster", "kubeconfig", "web", "-o", exported, NULL);
  assert_one_line_error (&run, 1, "no longer works");
  teardown ();
}

static void
test_damaged_file (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *after = NULL;
  const char *garbage = "kind: Cluster\nname: web\ntags: [a,\n";

  setup ();
  cli (&run, NULL, "cluster", "import", "ok", "--kubeconfig", "kube/config", NULL);
  assert_ok (&run);
  path = g_build_filename (data_dir, "clusters", "web.yaml", NULL);
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));

  cli (&run, NULL, "cluster", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.err, path);
  assert_contains (run.err, "line");
  assert_contains (run.out, "ok");

  cli (&run, NULL, "cluster", "import", "web", "--kubeconfig", "kube/config", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_contains (run.err, "will not overwrite");
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, garbage);
  teardown ();
}

/* What needs the cluster itself, when it is not there: one-line errors,
 * diff's exit status 2, a status that says why, and nothing lost. */
static void
test_unreachable (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) status = NULL;

  setup ();
  make_profile ();
  cli (&run, NULL, "cluster", "sandbox", "demo", NULL);
  assert_one_line_error (&run, 1, "not running");
  cli (&run, NULL, "cluster", "import", "web", "--kubeconfig", "kube/config", NULL);
  assert_ok (&run);

  cli (&run, NULL, "cluster", "diff", "web", NULL);
  assert_one_line_error (&run, 2, "no profile attached");
  cli (&run, NULL, "cluster", "apply", "web", NULL);
  assert_one_line_error (&run, 1, "no profile attached");
  cli (&run, NULL, "cluster", "diff", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, NULL, "cluster", "diff", "web", "--frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);

  cli (&run, NULL, "cluster", "attach", "web", "web@1.0.0", NULL);
  assert_ok (&run);
  cli (&run, NULL, "cluster", "diff", "web", NULL);
  assert_one_line_error (&run, 2, SERVER);
  cli (&run, NULL, "cluster", "apply", "web", NULL);
  assert_one_line_error (&run, 1, "cannot connect");
  cli (&run, NULL, "cluster", "history", "web", NULL);
  assert_one_line_error (&run, 1, "cannot connect");
  cli (&run, "replicas: 2\n", "cluster", "override", "web", "ui", "--values", "-", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_contains (run.err, "The override is saved, but applying it failed");

  cli (&run, NULL, "cluster", "status", "web", "-o", "json", NULL);
  assert_ok (&run);
  status = parse_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (status), "status"), ==, "unreachable");
  assert_contains (json_object_get_string_member (json_node_get_object (status), "reason"), "cannot connect");
  cli (&run, NULL, "cluster", "status", NULL);
  assert_ok (&run);
  assert_contains (run.out, "web ");
  assert_contains (run.out, "Unreachable");

  /* An uninstall that cannot reach the cluster keeps the record. */
  cli (&run, NULL, "cluster", "remove", "web", "--uninstall", NULL);
  assert_one_line_error (&run, 1, "record was kept");
  cli (&run, NULL, "cluster", "show", "web", NULL);
  assert_ok (&run);
  assert_contains (run.out, "  replicas: 2\n");
  teardown ();
}

static void
test_remove (void)
{
  g_auto(Run) run = { 0 };

  setup ();
  cli (&run, NULL, "cluster", "import", "web", "--kubeconfig", "kube/config", NULL);
  assert_ok (&run);
  cli (&run, NULL, "cluster", "remove", "web", NULL);
  assert_ok (&run);
  assert_contains (run.out, "Removed cluster web");
  cli (&run, NULL, "cluster", "remove", "web", NULL);
  assert_one_line_error (&run, 1, "no cluster named “web”");
  cli (&run, NULL, "cluster", "list", "-o", "json", NULL);
  g_assert_cmpstr (g_strstrip (run.out), ==, "[]");
  teardown ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/cluster/import-and-list", test_import_and_list);
  g_test_add_func ("/cli/cluster/bad-input", test_bad_input);
  g_test_add_func ("/cli/cluster/tags-and-filter", test_tags_and_filter);
  g_test_add_func ("/cli/cluster/attach-override-detach", test_attach_override_detach);
  g_test_add_func ("/cli/cluster/kubeconfig-export", test_kubeconfig_export);
  g_test_add_func ("/cli/cluster/profile-in-use", test_profile_in_use);
  g_test_add_func ("/cli/cluster/damaged-file", test_damaged_file);
  g_test_add_func ("/cli/cluster/remove", test_remove);
  g_test_add_func ("/cli/cluster/unreachable", test_unreachable);

  return g_test_run ();
}
