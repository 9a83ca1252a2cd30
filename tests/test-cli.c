/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli as a script sees it: exit codes, one-line errors, -o json. */

#include "config.h"

#include <json-glib/json-glib.h>

#include "strata-test-util.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static char *data_dir;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs strata-cli with @args (NULL-terminated) against the test's store,
 * with @input on standard input when not NULL. */
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
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  run_clear (run);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
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

static void
setup (void)
{
  g_clear_pointer (&data_dir, g_free);
  data_dir = strata_test_make_folder ();
}

static void
teardown (void)
{
  strata_test_remove_tree (data_dir);
  g_clear_pointer (&data_dir, g_free);
}

static void
test_create_and_list (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) list = NULL;
  JsonArray *profiles;
  JsonObject *web;

  setup ();
  cli (&run, NULL, "profile", "create", "web", "-d", "The web tier", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Created profile web version 1.0.0\n");

  cli (&run, NULL, "profile", "create", "infra", "--type", "full", "--version", "2.0.0-rc.1", NULL);
  g_assert_cmpint (run.status, ==, 0);

  cli (&run, NULL, "profile", "version", "web", "1.1.0", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Created version 1.1.0 of web from 1.0.0\n");

  cli (&run, NULL, "profile", "list", "-o", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  list = parse_json (run.out);
  profiles = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (profiles), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (profiles, 0), "name"), ==, "infra");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (profiles, 0), "type"), ==, "full");
  web = json_array_get_object_element (profiles, 1);
  g_assert_cmpstr (json_object_get_string_member (web, "name"), ==, "web");
  g_assert_cmpstr (json_object_get_string_member (web, "latestVersion"), ==, "1.1.0");
  g_assert_cmpstr (json_object_get_string_member (web, "description"), ==, "The web tier");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (web, "versions")), ==, 2);

  cli (&run, NULL, "profile", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "web"));
  g_assert_nonnull (strstr (run.out, "1.1.0"));
  teardown ();
}

static void
test_bad_input (void)
{
  g_auto(Run) run = { 0 };

  setup ();
  cli (&run, NULL, "profile", "create", "Bad_Name", NULL);
  assert_one_line_error (&run, 1, "lowercase");

  cli (&run, NULL, "profile", "create", "web", "--version", "1.2", NULL);
  assert_one_line_error (&run, 1, "MAJOR.MINOR.PATCH");

  cli (&run, NULL, "profile", "create", "web", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, NULL, "profile", "create", "web", NULL);
  assert_one_line_error (&run, 1, "already exists");

  cli (&run, NULL, "profile", "version", "web", "1.0.0", NULL);
  assert_one_line_error (&run, 1, "already has version 1.0.0");
  cli (&run, NULL, "profile", "version", "web", "v2", NULL);
  assert_one_line_error (&run, 1, "v2");
  cli (&run, NULL, "profile", "show", "nope", NULL);
  assert_one_line_error (&run, 1, "nope");
  cli (&run, NULL, "profile", "restore", "web", "1.0.0", "abc", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, NULL, "profile", "create", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, NULL, "profile", "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, NULL, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, NULL, "profile", "list", "-o", "xml", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* Text that is not YAML never reaches the store. */
  cli (&run, "a: [1, 2\n", "profile", "layer-set", "web", "1.0.0", "app", "--manifest-file", "-", NULL);
  assert_one_line_error (&run, 1, "line");
  cli (&run, NULL, "profile", "history", "web", "1.0.0", "-o", "json", NULL);
  {
    g_autoptr(JsonNode) history = parse_json (run.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (history)), ==, 1);
  }
  teardown ();
}

static void
test_edit_history_restore_delete (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonArray *revisions;

  setup ();
  cli (&run, NULL, "profile", "create", "web", NULL);
  cli (&run, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n",
       "profile", "layer-set", "web", "1.0.0", "settings", "-n", "demo", "--manifest-file", "-", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Saved web 1.0.0 (revision 1)\n");
  cli (&run, "replicas: 2\n", "profile", "layer-set", "web", "1.0.0", "ui", "--kind", "pack",
       "--priority", "5", "--values-file", "-", NULL);
  g_assert_cmpint (run.status, ==, 0);

  cli (&run, NULL, "profile", "history", "web", "1.0.0", "-o", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  history = parse_json (run.out);
  revisions = json_node_get_array (history);
  g_assert_cmpuint (json_array_get_length (revisions), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (revisions, 2), "revision"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (revisions, 0), "layers")), ==, 0);

  cli (&run, NULL, "profile", "restore", "web", "1.0.0", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Restored revision 1 of web 1.0.0 as revision 3\n");

  cli (&run, NULL, "profile", "show", "web", "--version", "1.0.0", "-o", "json", NULL);
  shown = parse_json (run.out);
  {
    JsonArray *layers = json_object_get_array_member (json_node_get_object (shown), "layers");

    g_assert_cmpuint (json_array_get_length (layers), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (layers, 0), "name"), ==, "settings");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (layers, 0), "namespace"), ==, "demo");
  }

  cli (&run, NULL, "profile", "layer-remove", "web", "1.0.0", "missing", NULL);
  assert_one_line_error (&run, 1, "missing");

  cli (&run, NULL, "profile", "version", "web", "2.0.0", NULL);
  cli (&run, NULL, "profile", "delete", "web", "--version", "1.0.0", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, NULL, "profile", "delete", "web", "--version", "2.0.0", NULL);
  assert_one_line_error (&run, 1, "delete the profile instead");
  cli (&run, NULL, "profile", "delete", "web", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, NULL, "profile", "list", "-o", "json", NULL);
  g_assert_cmpstr (g_strstrip (run.out), ==, "[]");
  teardown ();
}

static void
test_damaged_file_is_reported (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *path = NULL;

  setup ();
  cli (&run, NULL, "profile", "create", "web", NULL);
  path = g_build_filename (data_dir, "profiles", "web", "1.0.0.yaml", NULL);
  g_assert_true (g_file_set_contents (path, "kind: ProfileVersion\nversion: [\n", -1, NULL));

  cli (&run, NULL, "profile", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, path));
  g_assert_nonnull (strstr (run.err, "line"));
  teardown ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/profile/create-and-list", test_create_and_list);
  g_test_add_func ("/cli/profile/bad-input", test_bad_input);
  g_test_add_func ("/cli/profile/edit-history-restore-delete", test_edit_history_restore_delete);
  g_test_add_func ("/cli/profile/damaged-file", test_damaged_file_is_reported);

  return g_test_run ();
}
