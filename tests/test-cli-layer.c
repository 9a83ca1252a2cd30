/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli layer|pack|repo as a script sees them: layers from packs,
 * charts and manifests saved as revisions, values validated with the
 * path of what is wrong, and repositories by URL served by a SoupServer
 * on loopback in this process. */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "strata-test-util.h"
#include "chart/strata-test-chart.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

typedef struct
{
  char       *folder;
  char       *data;
  char       *cache;
  SoupServer *server;
  GHashTable *responses;
  char       *url;
} Fixture;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs strata-cli asynchronously, so that this process's server answers
 * it meanwhile. */
static void
cli (Fixture    *fixture,
     Run        *run,
     const char *input,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *)g_getenv ("STRATA_CLI"));
  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_setenv (launcher, "STRATA_DATA_DIR", fixture->data, TRUE);
  g_subprocess_launcher_setenv (launcher, "STRATA_CACHE_DIR", fixture->cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "STRATA_HELM", "none", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  run_clear (run);
  g_subprocess_communicate_utf8_async (process, input, NULL, strata_test_async_ready, &result);
  g_subprocess_communicate_utf8_finish (process, strata_test_wait (&result), &run->out, &run->err, &error);
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
  return node;
}

static JsonObject *
find_layer (JsonNode   *version,
            const char *name)
{
  JsonArray *layers = json_object_get_array_member (json_node_get_object (version), "layers");

  for (guint i = 0; i < json_array_get_length (layers); i++)
    {
      JsonObject *layer = json_array_get_object_element (layers, i);

      if (g_strcmp0 (json_object_get_string_member (layer, "name"), name) == 0)
        return layer;
    }
  return NULL;
}

static JsonNode *
show_version (Fixture *fixture)
{
  g_auto(Run) run = { 0 };

  cli (fixture, &run, NULL, "profile", "show", "web", "--version", "1.0.0", "-o", "json", NULL);
  assert_ok (&run);
  return parse_json (run.out);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *fixture = user_data;
  GBytes *body = g_hash_table_lookup (fixture->responses, path);
  const char *authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                            "Authorization");

  /* "alice:s3cret", as the keyring hands it over. */
  if (g_str_has_prefix (path, "/private/") && g_strcmp0 (authorization, "Basic YWxpY2U6czNjcmV0") != 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }

  if (body == NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/octet-stream", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
serve (Fixture    *fixture,
       const char *path,
       GBytes     *body)
{
  g_hash_table_replace (fixture->responses, g_strdup (path), g_bytes_ref (body));
}

static void
serve_text (Fixture    *fixture,
            const char *path,
            const char *text)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  serve (fixture, path, body);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  GSList *uris;

  fixture->folder = strata_test_make_folder ();
  fixture->data = g_build_filename (fixture->folder, "data", NULL);
  fixture->cache = g_build_filename (fixture->folder, "cache", NULL);
  fixture->responses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_callback, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%d/", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  cli (fixture, &run, NULL, "profile", "create", "web", NULL);
  assert_ok (&run);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->responses, g_hash_table_unref);
  strata_test_remove_tree (fixture->folder);
  g_free (fixture->folder);
  g_free (fixture->data);
  g_free (fixture->cache);
  g_free (fixture->url);
}

static void
test_pack_layer (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) version = NULL;
  g_autofree char *bad = g_build_filename (fixture->folder, "bad.yaml", NULL);
  g_autofree char *expected = NULL;
  JsonObject *layer;

  cli (fixture, &run, NULL, "layer", "add", "web@1.0.0", "--pack", "hello-universe@1.0.0", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Saved web 1.0.0 (revision 1)\n");

  version = show_version (fixture);
  layer = find_layer (version, "hello-universe");
  g_assert_nonnull (layer);
  g_assert_cmpstr (json_object_get_string_member (layer, "kind"), ==, "pack");
  g_assert_cmpstr (json_object_get_string_member (layer, "source"), ==, "hello-universe@1.0.0");

  cli (fixture, &run, NULL, "layer", "values", "web@1.0.0", "hello-universe", NULL);
  assert_ok (&run);
  g_assert_true (g_str_has_prefix (run.out, "# Hello Universe"));
  g_assert_nonnull (strstr (run.out, "\nreplicas: 1\n"));

  /* The schema refuses it, naming the file and the path inside. */
  g_assert_true (g_file_set_contents (bad, "replicas: two\n", -1, NULL));
  cli (fixture, &run, NULL, "layer", "values", "web@1.0.0", "hello-universe", "--set-file", bad, NULL);
  expected = g_strdup_printf ("%s: values: .replicas", bad);
  assert_one_line_error (&run, 1, expected);

  cli (fixture, &run, "replicas: [2\n", "layer", "values", "web@1.0.0", "hello-universe", "--set-file", "-", NULL);
  assert_one_line_error (&run, 1, "standard input: line");

  cli (fixture, &run, "replicas: 2\n", "layer", "values", "web@1.0.0", "hello-universe", "--set-file", "-", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Saved web 1.0.0 (revision 2)\n");
  cli (fixture, &run, NULL, "layer", "values", "web@1.0.0", "hello-universe", "-o", "json", NULL);
  assert_ok (&run);
  {
    g_autoptr(JsonNode) shown = parse_json (run.out);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "values"), ==, "replicas: 2\n");
  }

  /* A second pack layer needs its own name; the cost pack in its namespace. */
  cli (fixture, &run, NULL, "layer", "add", "web@1.0.0", "--pack", "hello-universe", NULL);
  assert_one_line_error (&run, 1, "already has a layer “hello-universe”");
  cli (fixture, &run, NULL, "layer", "add", "web@1.0.0", "--pack", "cost-analyzer", "--name", "cost",
       "--priority", "5", "-n", "costs", NULL);
  assert_ok (&run);
  cli (fixture, &run, NULL, "layer", "add", "web@1.0.0", "--pack", "nope", NULL);
  assert_one_line_error (&run, 1, "nope");
  cli (fixture, &run, NULL, "layer", "add", "web@9.9.9", "--pack", "cost-analyzer", NULL);
  assert_one_line_error (&run, 1, "no version 9.9.9");
  cli (fixture, &run, NULL, "layer", "add", "web", "--pack", "cost-analyzer", NULL);
  assert_one_line_error (&run, 1, "NAME@VERSION");

  g_clear_pointer (&version, json_node_unref);
  version = show_version (fixture);
  layer = find_layer (version, "cost");
  g_assert_cmpstr (json_object_get_string_member (layer, "namespace"), ==, "costs");
  g_assert_cmpint (json_object_get_int_member (layer, "priority"), ==, 5);
  /* Lower priority first. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (version), "layers"), 0), "name"), ==, "cost");

  cli (fixture, &run, NULL, "layer", "remove", "web@1.0.0", "cost", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Saved web 1.0.0 (revision 4)\n");
  cli (fixture, &run, NULL, "layer", "remove", "web@1.0.0", "cost", NULL);
  assert_one_line_error (&run, 1, "has no layer “cost”");

  /* The old names run the same code. */
  cli (fixture, &run, NULL, "profile", "layer-remove", "web", "1.0.0", "hello-universe", NULL);
  assert_ok (&run);
  cli (fixture, &run, NULL, "profile", "history", "web", "1.0.0", "-o", "json", NULL);
  assert_ok (&run);
  {
    g_autoptr(JsonNode) history = parse_json (run.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (history)), ==, 6);
  }
}

static void
test_chart_and_manifest_layers (Fixture       *fixture,
                                gconstpointer  data)
{
  static const TestFile schema_file[] = {
    { "values.schema.json",
      "{\"type\": \"object\", \"properties\": {\"replicas\": {\"type\": \"integer\", \"minimum\": 1}}}" },
    { NULL, NULL },
  };
  g_auto(Run) run = { 0 };
  g_autofree char *chart = g_build_filename (fixture->folder, "demo", NULL);
  g_autofree char *manifest = g_build_filename (fixture->folder, "cm.yaml", NULL);
  g_autoptr(JsonNode) version = NULL;
  JsonObject *layer;

  strata_test_write_files (chart, demo_chart);
  strata_test_write_files (chart, schema_file);
  g_assert_true (g_file_set_contents (manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n", -1, NULL));

  cli (fixture, &run, NULL, "layer", "add", "web@1.0.0", "--chart", chart, NULL);
  assert_one_line_error (&run, 2, NULL);
  cli (fixture, &run, NULL, "layer", "add", "web@1.0.0", "--chart", chart, "--name", "Bad_Name", NULL);
  assert_one_line_error (&run, 1, "Bad_Name");
  cli (fixture, &run, NULL, "layer", "add", "web@1.0.0", "--chart", chart, "--pack", "x", "--name", "a", NULL);
  assert_one_line_error (&run, 2, "one of --pack, --chart or --manifest");

  cli (fixture, &run, NULL, "layer", "add", "web@1.0.0", "--chart", chart, "--name", "demo", "-n", "apps", NULL);
  assert_ok (&run);
  cli (fixture, &run, NULL, "layer", "values", "web@1.0.0", "demo", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, demo_chart[1].contents);

  cli (fixture, &run, "replicas: 0\n", "layer", "values", "web@1.0.0", "demo", "--set-file", "-", NULL);
  assert_one_line_error (&run, 1, "values: .replicas");
  cli (fixture, &run, "replicas: 4\n", "layer", "values", "web@1.0.0", "demo", "--set-file", "-", NULL);
  assert_ok (&run);

  cli (fixture, &run, NULL, "layer", "add", "web@1.0.0", "--manifest", manifest, "--name", "extra", NULL);
  assert_ok (&run);
  cli (fixture, &run, "a: [1\n", "layer", "add", "web@1.0.0", "--manifest", "-", "--name", "broken", NULL);
  assert_one_line_error (&run, 1, "line");
  cli (fixture, &run, NULL, "layer", "values", "web@1.0.0", "extra", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");

  /* Macros may stand where plain YAML would not parse; a broken action is
   * refused with its place. */
  cli (fixture, &run, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Cluster.Name }}\n",
       "layer", "add", "web@1.0.0", "--manifest", "-", "--name", "macro", NULL);
  assert_ok (&run);
  cli (fixture, &run, "metadata:\n  name: {{ .Cluster.Name \n", "layer", "values", "web@1.0.0", "macro",
       "--set-file", "-", NULL);
  assert_one_line_error (&run, 1, "standard input");

  version = show_version (fixture);
  layer = find_layer (version, "demo");
  g_assert_cmpstr (json_object_get_string_member (layer, "kind"), ==, "helm");
  g_assert_cmpstr (json_object_get_string_member (layer, "source"), ==, chart);
  g_assert_cmpstr (json_object_get_string_member (layer, "namespace"), ==, "apps");
  g_assert_cmpstr (json_object_get_string_member (layer, "values"), ==, "replicas: 4\n");
  g_assert_nonnull (find_layer (version, "extra"));
}

static void
test_repositories (Fixture       *fixture,
                   gconstpointer  data)
{
  static const TestFile pack_files[] = {
    { "pack.yaml", "name: greeter\nversion: 1.0.0\ndisplayName: Greeter\ncategory: App Services\n"
                   "description: Says hello.\nlayer:\n  namespace: greeter\n  priority: 30\n" },
    { "values.yaml", "greeting: hello\n" },
    { "templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: greeter\n" },
    { NULL, NULL },
  };
  g_autoptr(GBytes) chart = strata_test_make_archive ("demo", demo_chart);
  g_autoptr(GBytes) pack = strata_test_make_archive ("greeter", pack_files);
  g_autofree char *chart_digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, chart);
  g_autofree char *pack_digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pack);
  g_autofree char *chart_index = g_strdup_printf (
    "apiVersion: v1\nentries:\n  demo:\n    - name: demo\n      version: 0.1.0\n      digest: %s\n"
    "      urls: [demo-0.1.0.tgz]\n", chart_digest);
  g_autofree char *pack_index = g_strdup_printf (
    "apiVersion: v1\nentries:\n  greeter:\n    - name: greeter\n      version: 1.0.0\n      displayName: Greeter\n"
    "      category: App Services\n      description: Says hello.\n      digest: %s\n      urls: [greeter-1.0.0.tgz]\n",
    pack_digest);
  g_autofree char *charts_url = g_strconcat (fixture->url, "charts", NULL);
  g_autofree char *packs_url = g_strconcat (fixture->url, "packs/", NULL);
  g_autofree char *missing_url = g_strconcat (fixture->url, "missing", NULL);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) version = NULL;

  serve_text (fixture, "/charts/index.yaml", chart_index);
  serve (fixture, "/charts/demo-0.1.0.tgz", chart);
  serve_text (fixture, "/packs/index.yaml", pack_index);
  serve (fixture, "/packs/greeter-1.0.0.tgz", pack);

  cli (fixture, &run, NULL, "repo", "add", "example", charts_url, NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Added chart repository “example” (1 charts)\n");
  cli (fixture, &run, NULL, "repo", "add", "extra", packs_url, "--packs", NULL);
  assert_ok (&run);
  cli (fixture, &run, NULL, "repo", "add", "gone", missing_url, NULL);
  assert_one_line_error (&run, 1, "404");
  cli (fixture, &run, NULL, "repo", "add", "example", packs_url, NULL);
  assert_one_line_error (&run, 1, "already exists");
  cli (fixture, &run, NULL, "repo", "add", "bad", "ftp://example.com", NULL);
  assert_one_line_error (&run, 1, "not an http or https URL");

  cli (fixture, &run, NULL, "repo", "list", "-o", "json", NULL);
  assert_ok (&run);
  {
    g_autoptr(JsonNode) list = parse_json (run.out);
    JsonArray *array = json_node_get_array (list);

    g_assert_cmpuint (json_array_get_length (array), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"), ==, "example");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "type"), ==, "packs");
  }

  /* A chart from the repository is pinned to the version fetched. */
  cli (fixture, &run, NULL, "layer", "add", "web@1.0.0", "--chart", "example/demo", "--name", "demo", NULL);
  assert_ok (&run);
  cli (fixture, &run, NULL, "repo", "fetch", "example/demo@9.9.9", NULL);
  assert_one_line_error (&run, 1, "has no version 9.9.9");
  cli (fixture, &run, NULL, "layer", "add", "web@1.0.0", "--chart", "nowhere/demo", "--name", "other", NULL);
  assert_one_line_error (&run, 1, "no chart repository named “nowhere”");

  /* Packs of both registries, filtered. */
  cli (fixture, &run, NULL, "pack", "list", "--category", "App Services", "-o", "json", NULL);
  assert_ok (&run);
  {
    g_autoptr(JsonNode) list = parse_json (run.out);
    JsonArray *array = json_node_get_array (list);

    g_assert_cmpuint (json_array_get_length (array), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"), ==, "greeter");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "registry"), ==, "extra");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "name"), ==, "hello-universe");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "version"), ==, "1.1.0");
  }
  cli (fixture, &run, NULL, "pack", "versions", "greeter", "--registry", "extra", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "1.0.0\n");

  cli (fixture, &run, NULL, "layer", "add", "web@1.0.0", "--pack", "extra/greeter", NULL);
  assert_ok (&run);
  cli (fixture, &run, "greeting: 1\n", "layer", "values", "web@1.0.0", "greeter", "--set-file", "-", NULL);
  assert_ok (&run);

  version = show_version (fixture);
  g_assert_cmpstr (json_object_get_string_member (find_layer (version, "demo"), "source"), ==, "example/demo@0.1.0");
  g_assert_cmpstr (json_object_get_string_member (find_layer (version, "greeter"), "source"), ==, "extra/greeter@1.0.0");
  g_assert_cmpstr (json_object_get_string_member (find_layer (version, "greeter"), "namespace"), ==, "greeter");

  /* Offline, the caches answer, with a warning. */
  soup_server_disconnect (fixture->server);
  cli (fixture, &run, NULL, "repo", "fetch", "example/demo@0.1.0", NULL);
  assert_ok (&run);
  g_assert_true (g_str_has_suffix (g_strstrip (run.out), "demo-0.1.0.tgz"));
  g_assert_nonnull (strstr (run.err, "warning: using the index of repository “example” cached"));

  cli (fixture, &run, NULL, "repo", "remove", "example", NULL);
  assert_ok (&run);
  cli (fixture, &run, NULL, "repo", "remove", "example", NULL);
  assert_one_line_error (&run, 1, "no registry named “example”");
}

/* What the keyring holds for a registry, read with secret-tool. */
static char *
keyring_lookup (const char *registry)
{
  const char *argv[] = { "secret-tool", "lookup", "registry", registry, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, NULL, &error);
  g_assert_no_error (error);
  return out;
}

/* A password goes to the keyring only, and from there to the server. */
static void
test_repository_password (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) chart = strata_test_make_archive ("demo", demo_chart);
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, chart);
  g_autofree char *index = g_strdup_printf (
    "apiVersion: v1\nentries:\n  demo:\n    - name: demo\n      version: 0.1.0\n      digest: %s\n"
    "      urls: [demo-0.1.0.tgz]\n", digest);
  g_autofree char *url = g_strconcat (fixture->url, "private", NULL);
  g_autofree char *list_path = g_build_filename (fixture->data, "registries.yaml", NULL);
  g_autofree char *list = NULL;
  g_autofree char *secret = NULL;
  g_auto(Run) run = { 0 };

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs a session bus with gnome-keyring: run the tests in tests/run-in-session");
      return;
    }

  serve_text (fixture, "/private/index.yaml", index);
  serve (fixture, "/private/demo-0.1.0.tgz", chart);

  cli (fixture, &run, NULL, "repo", "add", "open", url, NULL);
  assert_one_line_error (&run, 1, "401");
  cli (fixture, &run, "wrong\n", "repo", "add", "wrong", url, "--username", "alice", NULL);
  assert_one_line_error (&run, 1, "401");
  secret = keyring_lookup ("wrong");
  g_assert_cmpstr (secret, ==, "");
  g_clear_pointer (&secret, g_free);
  cli (fixture, &run, "s3cret\n", "repo", "add", "private", url, "--username", "alice", NULL);
  assert_ok (&run);

  g_assert_true (g_file_get_contents (list_path, &list, NULL, NULL));
  g_assert_null (strstr (list, "s3cret"));
  g_assert_nonnull (strstr (list, "credentials: keyring"));
  secret = keyring_lookup ("private");
  g_assert_cmpstr (secret, ==, "alice:s3cret");
  g_clear_pointer (&secret, g_free);

  cli (fixture, &run, NULL, "repo", "fetch", "private/demo", NULL);
  assert_ok (&run);
  cli (fixture, &run, NULL, "repo", "list", NULL);
  g_assert_nonnull (strstr (run.out, "(password in keyring)"));

  /* Removed, the password leaves the keyring too. */
  cli (fixture, &run, NULL, "repo", "remove", "private", NULL);
  assert_ok (&run);
  secret = keyring_lookup ("private");
  g_assert_cmpstr (secret, ==, "");
  g_assert_true (g_file_set_contents (list_path, "registries:\n  - name: private\n    url: http://127.0.0.1:1/\n"
                                      "    type: charts\n    credentials: keyring\n", -1, NULL));
  cli (fixture, &run, NULL, "repo", "update", "private", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "the keyring has none for it"));
}

static void
test_pack_catalogue (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  cli (fixture, &run, NULL, "pack", "list", "--category", "Monitoring", NULL);
  assert_ok (&run);
  g_assert_true (g_str_has_prefix (run.out, "NAME "));
  g_assert_nonnull (strstr (run.out, "\ncost-analyzer "));
  g_assert_nonnull (strstr (run.out, "\nmetrics-server "));
  g_assert_null (strstr (run.out, "hello-universe"));

  cli (fixture, &run, NULL, "pack", "list", "--search", "HELLO", "-o", "json", NULL);
  assert_ok (&run);
  {
    g_autoptr(JsonNode) list = parse_json (run.out);
    JsonObject *hello = json_array_get_object_element (json_node_get_array (list), 0);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (hello, "category"), ==, "App Services");
    g_assert_cmpstr (json_object_get_string_member (hello, "registry"), ==, "Public Repo");
    g_assert_nonnull (json_object_get_string_member (hello, "displayName"));
  }

  cli (fixture, &run, NULL, "pack", "versions", "hello-universe", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "1.0.0\n1.1.0\n");
  cli (fixture, &run, NULL, "pack", "versions", "nope", NULL);
  assert_one_line_error (&run, 1, "no pack named “nope”");
  cli (fixture, &run, NULL, "pack", "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/layer/pack", test_pack_layer);
  ADD ("/cli/layer/chart-and-manifest", test_chart_and_manifest_layers);
  ADD ("/cli/layer/repositories", test_repositories);
  ADD ("/cli/layer/repository-password", test_repository_password);
  ADD ("/cli/pack/catalogue", test_pack_catalogue);
#undef ADD

  return g_test_run ();
}
