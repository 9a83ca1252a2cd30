/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's store: the semantics of the API machinery (versions,
 * generation, selectors, finalizers, namespaces) and its durability, up to
 * a kill -9 of the server in the middle of a stream of writes. */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "strata-cluster.h"
#include "strata-sandbox.h"
#include "strata-sandbox-store.h"
#include "strata-test-sandbox.h"
#include "strata-test-util.h"
#include "strata-yaml.h"

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = strata_yaml_parse (text, -1, &error);

  g_assert_no_error (error);
  return node;
}

static JsonNode *
config_map (const char *namespace_,
            const char *name,
            const char *labels)
{
  g_autofree char *text = g_strdup_printf ("apiVersion: v1\nkind: ConfigMap\n"
                                           "metadata: {name: %s, namespace: %s, labels: {%s}}\n"
                                           "data: {key: value}\n",
                                           name, namespace_, labels ? labels : "");

  return json (text);
}

/* The store */

typedef struct
{
  GPtrArray *events;  /* "TYPE name rv" */
} EventLog;

static void
on_object_changed (StrataSandboxStore *store,
                   const char         *type,
                   JsonNode           *object,
                   gpointer            user_data)
{
  EventLog *log = user_data;

  g_ptr_array_add (log->events, g_strdup_printf ("%s %s", type, meta (object, "name")));
}

static void
test_store_crud (void)
{
  g_autoptr(StrataSandboxStore) store = strata_sandbox_store_new (NULL);
  g_autoptr(JsonNode) object = config_map ("default", "one", NULL);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(JsonNode) stale = NULL;
  g_autoptr(JsonNode) unchanged = NULL;
  g_autoptr(JsonNode) generated = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) deployment = NULL;
  g_autoptr(JsonNode) scaled = NULL;
  g_autoptr(JsonNode) labelled = NULL;
  g_autoptr(GError) error = NULL;
  EventLog log = { g_ptr_array_new_with_free_func (g_free) };

  g_signal_connect (store, "object-changed", G_CALLBACK (on_object_changed), &log);

  created = strata_sandbox_store_create (store, object, &error);
  g_assert_no_error (error);
  g_assert_nonnull (meta (created, "uid"));
  g_assert_nonnull (meta (created, "creationTimestamp"));
  g_assert_cmpstr (meta (created, "resourceVersion"), ==, strata_sandbox_store_get_resource_version (store));

  again = strata_sandbox_store_create (store, object, &error);
  g_assert_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_ALREADY_EXISTS);
  g_assert_null (again);
  g_clear_error (&error);

  /* An update with the current version goes; with an older one, 409. */
  json_object_set_string_member (json_object_get_object_member (json_node_get_object (created), "data"), "key", "two");
  updated = strata_sandbox_store_update (store, created, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meta (updated, "resourceVersion"), !=, meta (created, "resourceVersion"));
  stale = strata_sandbox_store_update (store, created, &error);
  g_assert_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_CONFLICT);
  g_assert_null (stale);
  g_clear_error (&error);

  /* Writing the same again changes nothing, not even the version. */
  unchanged = strata_sandbox_store_update (store, updated, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meta (unchanged, "resourceVersion"), ==, meta (updated, "resourceVersion"));

  /* generateName, and namespaces that must exist. */
  generated = json ("apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: web-, namespace: default}\n");
  g_clear_pointer (&created, json_node_unref);
  created = strata_sandbox_store_create (store, generated, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (meta (created, "name"), "web-"));
  g_assert_cmpuint (strlen (meta (created, "name")), ==, strlen ("web-") + 5);
  g_clear_pointer (&object, json_node_unref);
  object = config_map ("nowhere", "x", NULL);
  missing = strata_sandbox_store_create (store, object, &error);
  g_assert_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nowhere"));
  g_clear_error (&error);

  /* generation follows the spec only; status is the /status's. */
  deployment = json ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\n"
                     "spec: {replicas: 1}\nstatus: {replicas: 7}\n");
  g_clear_pointer (&created, json_node_unref);
  created = strata_sandbox_store_create (store, deployment, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "metadata"),
                                               "generation"), ==, 1);
  json_object_set_object_member (json_object_get_object_member (json_node_get_object (created), "metadata"),
                                 "labels", json_object_new ());
  labelled = strata_sandbox_store_update (store, created, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (labelled), "metadata"),
                                               "generation"), ==, 1);
  json_object_set_int_member (json_object_get_object_member (json_node_get_object (labelled), "spec"), "replicas", 3);
  json_object_set_int_member (json_object_get_object_member (json_node_get_object (labelled), "status"), "replicas", 1);
  scaled = strata_sandbox_store_update (store, labelled, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (scaled), "metadata"),
                                               "generation"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (scaled), "status"),
                                               "replicas"), ==, 7);

  g_assert_cmpstr (g_ptr_array_index (log.events, 0), ==, "ADDED one");
  g_assert_cmpstr (g_ptr_array_index (log.events, 1), ==, "MODIFIED one");
  g_assert_cmpuint (log.events->len, ==, 6);
  g_ptr_array_unref (log.events);
}

static guint
count (GPtrArray *items)
{
  return items ? items->len : G_MAXUINT;
}

static void
test_store_selectors (void)
{
  g_autoptr(StrataSandboxStore) store = strata_sandbox_store_new (NULL);
  const char *specs[][3] = {
    { "default", "b", "app: web, tier: front" },
    { "default", "a", "app: web, tier: back" },
    { "kube-system", "c", "app: dns" },
    { "default", "d", "" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(JsonNode) object = config_map (specs[i][0], specs[i][1], specs[i][2]);
      g_autoptr(JsonNode) created = strata_sandbox_store_create (store, object, &error);

      g_assert_no_error (error);
    }

  {
    g_autoptr(GPtrArray) all = strata_sandbox_store_list (store, "v1", "ConfigMap", NULL, NULL, &error);
    g_autoptr(GPtrArray) mine = strata_sandbox_store_list (store, "v1", "ConfigMap", "default", NULL, &error);

    g_assert_cmpuint (count (all), ==, 4);
    /* Sorted by namespace, then name. */
    g_assert_cmpstr (meta (g_ptr_array_index (all, 0), "name"), ==, "a");
    g_assert_cmpstr (meta (g_ptr_array_index (all, 3), "name"), ==, "c");
    g_assert_cmpuint (count (mine), ==, 3);
  }

  {
    struct { const char *selector; guint expected; } cases[] = {
      { "app=web", 2 }, { "app==web", 2 }, { "app!=web", 2 }, { "app in (web, dns)", 3 },
      { "app notin (web)", 2 }, { "tier", 2 }, { "!tier", 2 }, { "app=web,tier=front", 1 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GPtrArray) items = strata_sandbox_store_list (store, "v1", "ConfigMap", NULL, cases[i].selector,
                                                                &error);

        g_assert_no_error (error);
        g_assert_cmpuint (count (items), ==, cases[i].expected);
      }
  }

  {
    g_autoptr(GPtrArray) items = strata_sandbox_store_list (store, "v1", "ConfigMap", NULL, "app in (web", &error);

    g_assert_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_BAD_REQUEST);
    g_assert_null (items);
  }
}

static void
test_store_finalizers (void)
{
  g_autoptr(StrataSandboxStore) store = strata_sandbox_store_new (NULL);
  g_autoptr(JsonNode) object = json ("apiVersion: v1\nkind: ConfigMap\n"
                                     "metadata: {name: held, namespace: default, finalizers: [strata.test/hold]}\n");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) deleting = NULL;
  g_autoptr(JsonNode) released = NULL;
  g_autoptr(JsonNode) foreground = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(GError) error = NULL;
  EventLog log = { g_ptr_array_new_with_free_func (g_free) };

  created = strata_sandbox_store_create (store, object, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "object-changed", G_CALLBACK (on_object_changed), &log);

  deleting = strata_sandbox_store_delete (store, "v1", "ConfigMap", "default", "held", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (meta (deleting, "deletionTimestamp"));
  g_assert_cmpstr (g_ptr_array_index (log.events, 0), ==, "MODIFIED held");

  /* The last finalizer goes, and the object with it. */
  json_object_remove_member (json_object_get_object_member (json_node_get_object (deleting), "metadata"), "finalizers");
  released = strata_sandbox_store_update (store, deleting, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (log.events, 1), ==, "DELETED held");
  g_assert_null (strata_sandbox_store_get (store, "v1", "ConfigMap", "default", "held"));

  /* Foreground deletion holds the object for the garbage collector. */
  plain = config_map ("default", "fore", NULL);
  g_clear_pointer (&created, json_node_unref);
  created = strata_sandbox_store_create (store, plain, &error);
  g_assert_no_error (error);
  foreground = strata_sandbox_store_delete (store, "v1", "ConfigMap", "default", "fore", "Foreground", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_object_get_object_member (json_node_get_object (foreground), "metadata"), "finalizers"), 0),
                   ==, "foregroundDeletion");
  g_ptr_array_unref (log.events);
}

static void
test_store_namespace_deletion (void)
{
  g_autoptr(StrataSandboxStore) store = strata_sandbox_store_new (NULL);
  g_autoptr(JsonNode) namespace_ = json ("apiVersion: v1\nkind: Namespace\nmetadata: {name: doomed}\n");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) late = config_map ("doomed", "late", NULL);
  g_autoptr(JsonNode) held = NULL;
  g_autoptr(JsonNode) released = NULL;
  g_autoptr(GError) error = NULL;

  created = strata_sandbox_store_create (store, namespace_, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("content-%u", i);
      g_autoptr(JsonNode) object = config_map ("doomed", name, NULL);
      g_autoptr(JsonNode) stored = NULL;

      if (i == 2)
        json_object_set_array_member (json_object_get_object_member (json_node_get_object (object), "metadata"),
                                      "finalizers", json_array_new ());
      if (i == 2)
        json_array_add_string_element (json_object_get_array_member (json_object_get_object_member (json_node_get_object (object), "metadata"), "finalizers"),
                                       "strata.test/hold");
      stored = strata_sandbox_store_create (store, object, &error);
      g_assert_no_error (error);
    }

  deleted = strata_sandbox_store_delete (store, "v1", "Namespace", NULL, "doomed", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (meta (deleted, "deletionTimestamp"));

  /* Content without finalizers is gone; the held one waits, and so does
   * the namespace, which takes nothing new meanwhile. */
  g_assert_null (strata_sandbox_store_get (store, "v1", "ConfigMap", "doomed", "content-0"));
  refused = strata_sandbox_store_create (store, late, &error);
  g_assert_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_FORBIDDEN);
  g_clear_error (&error);

  held = strata_sandbox_store_get (store, "v1", "ConfigMap", "doomed", "content-2");
  g_assert_nonnull (held);
  json_object_remove_member (json_object_get_object_member (json_node_get_object (held), "metadata"), "finalizers");
  released = strata_sandbox_store_update (store, held, &error);
  g_assert_no_error (error);
  g_assert_null (strata_sandbox_store_get (store, "v1", "Namespace", NULL, "doomed"));
}

/* Durability */

static StrataSandboxStore *
load_store (const char *folder)
{
  StrataSandboxStore *store = strata_sandbox_store_new (folder);
  g_autoptr(GError) error = NULL;

  strata_sandbox_store_load (store, &error);
  g_assert_no_error (error);
  return store;
}

static void
test_store_persistence (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *journal = g_build_filename (folder, "journal.jsonl", NULL);
  g_autofree char *snapshot = g_build_filename (folder, "snapshot.json", NULL);
  g_autofree char *version = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf info;

  {
    g_autoptr(StrataSandboxStore) store = load_store (folder);

    for (guint i = 0; i < 20; i++)
      {
        g_autofree char *name = g_strdup_printf ("kept-%02u", i);
        g_autoptr(JsonNode) object = config_map ("default", name, NULL);
        g_autoptr(JsonNode) created = strata_sandbox_store_create (store, object, &error);

        g_assert_no_error (error);
      }
    {
      g_autoptr(JsonNode) deleted = strata_sandbox_store_delete (store, "v1", "ConfigMap", "default", "kept-00",
                                                                 NULL, &error);

      g_assert_no_error (error);
    }
    version = g_strdup (strata_sandbox_store_get_resource_version (store));
  }

  /* A restart finds everything, at the same version. */
  {
    g_autoptr(StrataSandboxStore) store = load_store (folder);
    g_autoptr(GPtrArray) items = strata_sandbox_store_list (store, "v1", "ConfigMap", "default", NULL, &error);

    g_assert_cmpuint (count (items), ==, 19);
    g_assert_cmpstr (strata_sandbox_store_get_resource_version (store), ==, version);
  }

  /* A write a crash cut short: the line is dropped, nothing else. */
  {
    FILE *file = fopen (journal, "a");

    g_assert_nonnull (file);
    fputs ("{\"rv\":999,\"key\":\"|ConfigMap|default|torn\",\"object\":{\"apiVersion\":\"v1\",\"ki", file);
    fclose (file);
  }
  g_setenv ("STRATA_TEST_STATE", folder, TRUE);
  g_test_trap_subprocess ("/sandbox/store/persistence/torn-write", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Dropping 73 bytes of an interrupted write*");
  {
    g_autoptr(StrataSandboxStore) store = load_store (folder);
    g_autoptr(GPtrArray) items = strata_sandbox_store_list (store, "v1", "ConfigMap", "default", NULL, &error);

    g_assert_cmpuint (count (items), ==, 20);
  }

  /* Enough writes fold the journal into a snapshot, owner-only. */
  {
    g_autoptr(StrataSandboxStore) store = load_store (folder);
    g_autoptr(JsonNode) object = config_map ("default", "churn", NULL);
    g_autoptr(JsonNode) created = strata_sandbox_store_create (store, object, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < 2100; i++)
      {
        g_autofree char *value = g_strdup_printf ("%u", i);
        g_autoptr(JsonNode) updated = NULL;

        json_object_set_string_member (json_object_get_object_member (json_node_get_object (created), "data"),
                                       "key", value);
        json_object_remove_member (json_object_get_object_member (json_node_get_object (created), "metadata"),
                                   "resourceVersion");
        updated = strata_sandbox_store_update (store, created, &error);
        g_assert_no_error (error);
      }
    g_clear_pointer (&version, g_free);
    version = g_strdup (strata_sandbox_store_get_resource_version (store));
  }
  g_assert_cmpint (g_stat (snapshot, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  {
    g_autoptr(StrataSandboxStore) store = load_store (folder);
    g_autoptr(JsonNode) churn = strata_sandbox_store_get (store, "v1", "ConfigMap", "default", "churn");

    g_assert_cmpstr (strata_sandbox_store_get_resource_version (store), ==, version);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (churn), "data"),
                                                    "key"), ==, "2099");
  }

  strata_test_remove_tree (folder);
}

/* Loads a state whose journal ends in a torn line, then writes on. */
static void
test_store_torn_write (void)
{
  const char *folder = g_getenv ("STRATA_TEST_STATE");
  g_autoptr(StrataSandboxStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonNode) object = config_map ("default", "after-crash", NULL);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      g_test_skip ("run by /sandbox/store/persistence");
      return;
    }

  /* The warning is what this checks, not a failure. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  store = load_store (folder);
  items = strata_sandbox_store_list (store, "v1", "ConfigMap", "default", NULL, &error);
  g_assert_cmpuint (count (items), ==, 19);
  created = strata_sandbox_store_create (store, object, &error);
  g_assert_no_error (error);
}

/* kill -9 in the middle of a stream of writes */

typedef struct
{
  GSubprocess *process;
  char        *url;
} Child;

static Child *
child_start (const char *state)
{
  Child *child = g_new0 (Child, 1);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  child->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("STRATA_CLI"),
                                     "sandbox", "serve", "--state", state, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "serving "));
  child->url = g_strdup (line + strlen ("serving "));
  return child;
}

static void
child_free (Child *child)
{
  g_clear_object (&child->process);
  g_free (child->url);
  g_free (child);
}

typedef struct
{
  StrataTestClient client;
  guint      in_flight;
  guint      sent;
  GPtrArray *acknowledged;
  gboolean   killed;
} Writer;

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Writer *writer = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  writer->in_flight--;
  if (body != NULL && soup_message_get_status (message) == 201)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      g_autoptr(JsonNode) object = json_from_string (text, NULL);

      g_ptr_array_add (writer->acknowledged, g_strdup (meta (object, "name")));
    }
}

static void
writer_send (Writer *writer)
{
  g_autofree char *name = g_strdup_printf ("write-%04u", writer->sent++);
  g_autofree char *url = g_strconcat (writer->client.url, "/api/v1/namespaces/default/configmaps", NULL);
  g_autofree char *body = g_strdup_printf (config_map_json, name);
  g_autofree char *authorization = g_strconcat ("Bearer ", writer->client.token, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  soup_session_send_and_read_async (writer->client.session, message, G_PRIORITY_DEFAULT, NULL, on_written, writer);
  writer->in_flight++;
}

/* The bearer token of the sandbox serving @state, from the kubeconfig it
 * keeps there (owner-only) while it serves. */
static char *
kubeconfig_token (const char *state)
{
  g_autofree char *path = g_build_filename (state, "kubeconfig", NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf info;
  JsonObject *user;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  config = json (text);
  user = json_object_get_object_member (json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (config), "users"), 0), "user");
  return g_strdup (json_object_get_string_member (user, "token"));
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *text = NULL;
  gsize length;

  if (!g_file_get_contents (path, &text, &length, NULL))
    return FALSE;
  return g_strstr_len (text, length, needle) != NULL;
}

/* Every file under @folder that holds @needle, relative to @root. */
static void
find_files_with (const char *root,
                 const char *folder,
                 const char *needle,
                 GPtrArray  *found)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        find_files_with (root, path, needle, found);
      else if (file_contains (path, needle))
        g_ptr_array_add (found, g_strdup (path + strlen (root) + 1));
    }
}

static void
assert_private (const char *state,
                const char *name)
{
  g_autofree char *path = g_build_filename (state, name, NULL);
  GStatBuf info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0077, ==, 0);
}

/* DESIGN: bearer tokens never on disk. The sandbox's changes at every
 * start; only the kubeconfig asked for holds it, owner-only, and it goes
 * when the sandbox stops. The CA key stays in the state, owner-only. */
static void
test_server_secrets (void)
{
  g_autofree char *state = strata_test_make_folder ();
  g_autofree char *pki = g_build_filename (state, "pki", NULL);
  g_autofree char *kubeconfig = g_build_filename (state, "kubeconfig", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GPtrArray) holders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  StrataTestClient client = { 0 };
  Child *child = child_start (state);

  first = kubeconfig_token (state);
  g_assert_cmpuint (strlen (first), >=, 32);
  find_files_with (state, state, first, holders);
  g_assert_cmpuint (holders->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (holders, 0), ==, "kubeconfig");
  assert_private (state, "pki/ca.key");
  assert_private (state, "pki/server.key");
  assert_private (state, "pki/client.key");
  assert_private (state, "pki");
  assert_private (state, ".");

  client.session = strata_test_sandbox_session (pki);
  client.url = g_strdup (child->url);
  client.token = g_strdup (first);
  {
    g_auto(Answer) answer = request (&client, "GET", "/api/v1/namespaces", NULL, NULL);

    g_assert_cmpuint (answer.status, ==, 200);
  }

  g_subprocess_send_signal (child->process, SIGTERM);
  g_subprocess_wait_check (child->process, NULL, &error);
  g_assert_no_error (error);
  child_free (child);
  g_assert_false (g_file_test (kubeconfig, G_FILE_TEST_EXISTS));

  /* A new start, a new token: the old one opens nothing. */
  child = child_start (state);
  second = kubeconfig_token (state);
  g_assert_cmpstr (first, !=, second);
  g_free (client.url);
  client.url = g_strdup (child->url);
  {
    g_auto(Answer) refused = request (&client, "GET", "/api/v1/namespaces", NULL, NULL);

    g_assert_cmpuint (refused.status, ==, 401);
  }
  g_free (client.token);
  client.token = g_strdup (second);
  {
    g_auto(Answer) answer = request (&client, "GET", "/api/v1/namespaces", NULL, NULL);

    g_assert_cmpuint (answer.status, ==, 200);
  }

  g_subprocess_send_signal (child->process, SIGTERM);
  g_subprocess_wait_check (child->process, NULL, &error);
  g_assert_no_error (error);
  child_free (child);
  g_clear_object (&client.session);
  g_free (client.url);
  g_free (client.token);
  strata_test_remove_tree (state);
}

static void
test_server_kill (void)
{
  g_autofree char *state = strata_test_make_folder ();
  g_autofree char *pki = g_build_filename (state, "pki", NULL);
  Child *child = child_start (state);
  Writer writer = { { 0 }, 0, 0, g_ptr_array_new_with_free_func (g_free), FALSE };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;

  writer.client.session = strata_test_sandbox_session (pki);
  writer.client.url = g_strdup (child->url);
  writer.client.token = kubeconfig_token (state);

  /* Eight writes in flight at all times; the kill lands among them. */
  while (!writer.killed || writer.in_flight > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      while (!writer.killed && writer.in_flight < 8)
        writer_send (&writer);
      g_main_context_iteration (NULL, TRUE);
      if (!writer.killed && writer.acknowledged->len >= 150)
        {
          g_subprocess_send_signal (child->process, SIGKILL);
          writer.killed = TRUE;
        }
    }
  g_subprocess_wait (child->process, NULL, &error);
  g_assert_no_error (error);
  child_free (child);
  g_free (writer.client.url);

  /* Restarted on the same state: every acknowledged write is there, and
   * at most the writes in flight at the kill beyond them. */
  child = child_start (state);
  writer.client.url = g_strdup (child->url);
  g_free (writer.client.token);
  writer.client.token = kubeconfig_token (state);
  {
    g_auto(Answer) list = request (&writer.client, "GET", "/api/v1/namespaces/default/configmaps", NULL, NULL);
    JsonArray *items = json_object_get_array_member (json_node_get_object (list.body), "items");
    g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < json_array_get_length (items); i++)
      g_hash_table_add (present, (gpointer)json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (items, i), "metadata"), "name"));
    for (guint i = 0; i < writer.acknowledged->len; i++)
      g_assert_true (g_hash_table_contains (present, g_ptr_array_index (writer.acknowledged, i)));
    g_assert_cmpuint (json_array_get_length (items), >=, writer.acknowledged->len);
    g_assert_cmpuint (json_array_get_length (items), <=, writer.sent);

    /* And it takes writes again. */
    {
      g_auto(Answer) created = create_config_map (&writer.client, "default", "after-restart", NULL);

      g_assert_cmpuint (created.status, ==, 201);
    }
  }

  g_subprocess_send_signal (child->process, SIGTERM);
  g_subprocess_wait_check (child->process, NULL, &error);
  g_assert_no_error (error);
  child_free (child);
  g_ptr_array_unref (writer.acknowledged);
  g_clear_object (&writer.client.session);
  g_free (writer.client.url);
  g_free (writer.client.token);
  strata_test_remove_tree (state);
}

/* The app's way in: StrataSandbox in-process, started, stopped and
 * started again on the same state. */
static void
test_sandbox_object (void)
{
  g_autofree char *state = strata_test_make_folder ();
  g_autoptr(StrataSandbox) sandbox = strata_sandbox_new (state);
  g_autofree char *kubeconfig = strata_sandbox_dup_kubeconfig_path (sandbox);
  g_autofree char *default_folder = strata_sandbox_dup_default_folder ();
  g_autofree char *cluster_path = strata_cluster_dup_sandbox_kubeconfig_path ();
  g_autofree char *expected = g_build_filename (default_folder, "kubeconfig", NULL);
  g_autofree char *url = NULL;
  g_autofree char *first = NULL;
  g_autoptr(GError) error = NULL;
  StrataTestClient client = { 0 };

  /* Core finds the default sandbox where the sandbox puts it. */
  g_assert_cmpstr (cluster_path, ==, expected);
  g_assert_cmpstr (strata_sandbox_get_state_folder (sandbox), ==, state);
  g_assert_false (strata_sandbox_is_running (sandbox));
  g_assert_null (strata_sandbox_get_server (sandbox));

  g_assert_true (strata_sandbox_start (sandbox, 0, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (strata_sandbox_is_running (sandbox));
  first = kubeconfig_token (state);
  url = strata_sandbox_server_get_url (strata_sandbox_get_server (sandbox));
  g_assert_true (file_contains (kubeconfig, url));

  {
    g_autofree char *pki = g_build_filename (state, "pki", NULL);

    client.session = strata_test_sandbox_session (pki);
  }
  client.url = g_strdup (url);
  client.token = g_strdup (first);
  {
    g_auto(Answer) created = create_config_map (&client, "default", "kept", NULL);

    g_assert_cmpuint (created.status, ==, 201);
  }

  strata_sandbox_stop (sandbox);
  g_assert_false (strata_sandbox_is_running (sandbox));
  g_assert_false (g_file_test (kubeconfig, G_FILE_TEST_EXISTS));

  /* Again, on the same state: the object is there, under a new token. */
  g_assert_true (strata_sandbox_start (sandbox, 0, TRUE, &error));
  g_assert_no_error (error);
  g_free (client.url);
  client.url = strata_sandbox_server_get_url (strata_sandbox_get_server (sandbox));
  g_free (client.token);
  client.token = kubeconfig_token (state);
  g_assert_cmpstr (client.token, !=, first);
  {
    g_auto(Answer) kept = request (&client, "GET", "/api/v1/namespaces/default/configmaps/kept", NULL, NULL);

    g_assert_cmpuint (kept.status, ==, 200);
  }
  g_clear_object (&sandbox);
  g_assert_false (g_file_test (kubeconfig, G_FILE_TEST_EXISTS));

  g_clear_object (&client.session);
  g_free (client.url);
  g_free (client.token);
  strata_test_remove_tree (state);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/store/crud", test_store_crud);
  g_test_add_func ("/sandbox/store/selectors", test_store_selectors);
  g_test_add_func ("/sandbox/store/finalizers", test_store_finalizers);
  g_test_add_func ("/sandbox/store/namespace-deletion", test_store_namespace_deletion);
  g_test_add_func ("/sandbox/store/persistence", test_store_persistence);
  g_test_add_func ("/sandbox/store/persistence/torn-write", test_store_torn_write);
  g_test_add_func ("/sandbox/store/kill-9", test_server_kill);
  g_test_add_func ("/sandbox/server/secrets", test_server_secrets);
  g_test_add_func ("/sandbox/object", test_sandbox_object);

  return g_test_run ();
}
