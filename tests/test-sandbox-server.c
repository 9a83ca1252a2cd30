/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's API server answered over real HTTPS on a loopback port, as
 * libsoup's own tests do, and its state across a kill -9. */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/stat.h>

#include "strata-sandbox-server-private.h"
#include "strata-sandbox-store.h"
#include "strata-test-sandbox.h"
#include "strata-test-util.h"
#include "strata-yaml.h"

/* GCC 12's LeakSanitizer crashes at exit walking the dynamic TLS that
 * glib-networking's GnuTLS module leaves behind. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "intercept_tls_get_addr=0";
}

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = strata_yaml_parse (text, -1, &error);

  g_assert_no_error (error);
  return node;
}

/* The API server, in this process */

typedef struct
{
  StrataTestClient     client;
  char                *folder;
  StrataSandboxStore  *store;
  StrataSandboxServer *server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *pki = NULL;
  g_autoptr(GError) error = NULL;

  fixture->folder = strata_test_make_folder ();
  pki = g_build_filename (fixture->folder, "pki", NULL);
  fixture->store = strata_sandbox_store_new (NULL);
  fixture->server = strata_sandbox_server_new (fixture->store, pki, &error);
  g_assert_no_error (error);
  strata_sandbox_server_listen (fixture->server, 0, &error);
  g_assert_no_error (error);
  fixture->client.url = strata_sandbox_server_get_url (fixture->server);
  fixture->client.session = strata_test_sandbox_session (pki);
  fixture->client.token = g_strdup (strata_sandbox_server_get_token (fixture->server));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client.session);
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->store);
  strata_test_remove_tree (fixture->folder);
  g_free (fixture->folder);
  g_free (fixture->client.url);
  g_free (fixture->client.token);
}

static void
test_server_auth (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->client.url, "/api/v1/namespaces", NULL);
  g_autofree char *health = g_strconcat (fixture->client.url, "/healthz", NULL);
  g_autoptr(SoupMessage) anonymous = soup_message_new ("GET", url);
  g_autoptr(SoupMessage) probe = soup_message_new ("GET", health);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) ok = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Answer) version = request (&fixture->client, "GET", "/version", NULL, NULL);

  soup_session_send_and_read_async (fixture->client.session, anonymous, G_PRIORITY_DEFAULT, NULL,
                                    strata_test_async_ready, &result);
  body = soup_session_send_and_read_finish (fixture->client.session, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (anonymous), ==, 401);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

    status = json_from_string (text, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (status), "reason"), ==, "Unauthorized");

  /* Health needs no credentials, as with kube-apiserver. */
  soup_session_send_and_read_async (fixture->client.session, probe, G_PRIORITY_DEFAULT, NULL,
                                    strata_test_async_ready, &result);
  ok = soup_session_send_and_read_finish (fixture->client.session, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (probe), ==, 200);

  g_assert_cmpuint (version.status, ==, 200);
  g_assert_true (g_str_has_prefix (status_string (&version, "gitVersion"), "v1."));
}

static void
test_server_discovery (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(Answer) groups = request (&fixture->client, "GET", "/apis", NULL, NULL);
  g_auto(Answer) apps = request (&fixture->client, "GET", "/apis/apps/v1", NULL, NULL);
  g_auto(Answer) core = request (&fixture->client, "GET", "/api/v1", NULL, NULL);
  g_auto(Answer) unknown = request (&fixture->client, "GET", "/apis/strata.test/v1", NULL, NULL);
  g_auto(Answer) openapi = request (&fixture->client, "GET", "/openapi/v3", NULL, NULL);
  g_auto(Answer) openapi_apps = request (&fixture->client, "GET", "/openapi/v3/apis/apps/v1", NULL, NULL);

  g_assert_cmpuint (groups.status, ==, 200);
  g_assert_nonnull (strstr (groups.text, "\"name\":\"apps\""));
  g_assert_nonnull (strstr (groups.text, "\"name\":\"metrics.k8s.io\""));
  g_assert_nonnull (strstr (apps.text, "\"name\":\"deployments\""));
  g_assert_nonnull (strstr (apps.text, "\"name\":\"deployments/scale\""));
  g_assert_nonnull (strstr (apps.text, "\"shortNames\":[\"deploy\"]"));
  g_assert_nonnull (strstr (apps.text, "\"categories\":[\"all\"]"));
  g_assert_nonnull (strstr (core.text, "\"name\":\"pods/status\""));
  g_assert_cmpuint (unknown.status, ==, 404);
  g_assert_nonnull (strstr (openapi.text, "\"apis/apps/v1\""));
  g_assert_nonnull (strstr (openapi_apps.text, "\"fieldValidation\""));
  g_assert_nonnull (strstr (openapi_apps.text, "io.k8s.api.apps.v1.Deployment"));
}

/* The codes, reasons, messages and details kube-apiserver answers. */
static void
test_server_status_errors (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(Answer) missing = request (&fixture->client, "GET", "/api/v1/namespaces/default/configmaps/nope", NULL, NULL);
  g_auto(Answer) first = create_config_map (&fixture->client, "default", "twice", NULL);
  g_auto(Answer) second = create_config_map (&fixture->client, "default", "twice", NULL);
  g_auto(Answer) invalid = create_config_map (&fixture->client, "default", "Not_Valid", NULL);
  g_auto(Answer) no_namespace = create_config_map (&fixture->client, "nowhere", "x", NULL);
  g_auto(Answer) deployment = request (&fixture->client, "GET", "/apis/apps/v1/namespaces/default/deployments/nope", NULL, NULL);
  JsonObject *details;

  g_assert_cmpuint (missing.status, ==, 404);
  g_assert_cmpstr (status_string (&missing, "reason"), ==, "NotFound");
  g_assert_cmpstr (status_string (&missing, "message"), ==, "configmaps \"nope\" not found");
  details = json_object_get_object_member (json_node_get_object (missing.body), "details");
  g_assert_cmpstr (json_object_get_string_member (details, "kind"), ==, "configmaps");
  g_assert_cmpstr (json_object_get_string_member (details, "name"), ==, "nope");

  g_assert_cmpuint (first.status, ==, 201);
  g_assert_cmpuint (second.status, ==, 409);
  g_assert_cmpstr (status_string (&second, "reason"), ==, "AlreadyExists");
  g_assert_cmpstr (status_string (&second, "message"), ==, "configmaps \"twice\" already exists");

  g_assert_cmpuint (invalid.status, ==, 422);
  g_assert_cmpstr (status_string (&invalid, "reason"), ==, "Invalid");
  g_assert_true (g_str_has_prefix (status_string (&invalid, "message"),
                                   "ConfigMap \"Not_Valid\" is invalid: metadata.name: Invalid value: \"Not_Valid\": "
                                   "a lowercase RFC 1123 subdomain"));
  details = json_object_get_object_member (json_node_get_object (invalid.body), "details");
  g_assert_cmpstr (json_object_get_string_member (details, "kind"), ==, "ConfigMap");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (details, "causes"), 0), "field"),
                   ==, "metadata.name");

  g_assert_cmpuint (no_namespace.status, ==, 404);
  g_assert_cmpstr (status_string (&no_namespace, "message"), ==, "namespaces \"nowhere\" not found");

  g_assert_cmpstr (status_string (&deployment, "message"), ==, "deployments.apps \"nope\" not found");
  details = json_object_get_object_member (json_node_get_object (deployment.body), "details");
  g_assert_cmpstr (json_object_get_string_member (details, "group"), ==, "apps");
}

static void
test_server_list (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_strdup ("/api/v1/namespaces/default/configmaps?limit=2");
  guint pages = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("page-%u", i);
      g_auto(Answer) created = create_config_map (&fixture->client, "default", name, NULL);

      g_assert_cmpuint (created.status, ==, 201);
    }

  while (path != NULL)
    {
      g_auto(Answer) page = request (&fixture->client, "GET", path, NULL, NULL);
      JsonObject *root = json_node_get_object (page.body);
      JsonObject *metadata = json_object_get_object_member (root, "metadata");
      JsonArray *items = json_object_get_array_member (root, "items");
      const char *token = json_object_get_string_member_with_default (metadata, "continue", NULL);

      g_assert_cmpstr (json_object_get_string_member (root, "kind"), ==, "ConfigMapList");
      g_assert_nonnull (json_object_get_string_member (metadata, "resourceVersion"));
      g_assert_cmpuint (json_array_get_length (items), <=, 2);
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (names, g_strdup (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (items, i), "metadata"), "name")));
      g_clear_pointer (&path, g_free);
      if (token != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (token, NULL, TRUE);

          path = g_strdup_printf ("/api/v1/namespaces/default/configmaps?limit=2&continue=%s", escaped);
        }
      pages++;
    }

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (names->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (names, 4), ==, "page-4");

  {
    g_auto(Answer) selected = request (&fixture->client, "GET",
                                       "/api/v1/configmaps?fieldSelector=metadata.name%3Dpage-3", NULL, NULL);
    g_auto(Answer) bad = request (&fixture->client, "GET", "/api/v1/configmaps?labelSelector=a%20in%20(b", NULL, NULL);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (selected.body), "items")),
                      ==, 1);
    g_assert_cmpuint (bad.status, ==, 400);
  }
}

typedef struct
{
  SoupMessage      *message;
  GDataInputStream *lines;
} Stream;

static Stream *
stream_open (Fixture    *fixture,
             const char *path)
{
  g_autofree char *url = g_strconcat (fixture->client.url, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->client.token, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  Stream *stream = g_new0 (Stream, 1);

  stream->message = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (stream->message), "Authorization", authorization);
  soup_session_send_async (fixture->client.session, stream->message, G_PRIORITY_DEFAULT, NULL,
                           strata_test_async_ready, &result);
  input = soup_session_send_finish (fixture->client.session, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (stream->message), ==, 200);
  stream->lines = g_data_input_stream_new (input);
  return stream;
}

/* The next event as "TYPE name", or NULL when the stream ended. */
static char *
stream_next (Stream *stream)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) event = NULL;
  g_autofree char *line = NULL;
  JsonObject *root;

  g_data_input_stream_read_line_async (stream->lines, G_PRIORITY_DEFAULT, NULL, strata_test_async_ready, &result);
  line = g_data_input_stream_read_line_finish_utf8 (stream->lines, strata_test_wait (&result), NULL, &error);
  g_assert_no_error (error);
  if (line == NULL)
    return NULL;

  event = json_from_string (line, &error);
  g_assert_no_error (error);
  root = json_node_get_object (event);
  if (g_str_equal (json_object_get_string_member (root, "type"), "ERROR"))
    return g_strdup_printf ("ERROR %" G_GINT64_FORMAT,
                            json_object_get_int_member (json_object_get_object_member (root, "object"), "code"));
  return g_strdup_printf ("%s %s", json_object_get_string_member (root, "type"),
                          meta (json_object_get_member (root, "object"), "name") ?: "");
}

static void
stream_close (Stream *stream)
{
  g_clear_object (&stream->lines);
  g_clear_object (&stream->message);
  g_free (stream);
}

static void
test_server_watch (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Answer) first = create_config_map (&fixture->client, "default", "before", NULL);
  g_autofree char *version = g_strdup (meta (first.body, "resourceVersion"));
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=%s"
                                           "&labelSelector=watch%%3Dyes", version);
  Stream *stream = stream_open (fixture, path);
  Stream *from_start = stream_open (fixture, "/api/v1/namespaces/default/configmaps?watch=true");
  g_autofree char *event = NULL;

  {
    g_auto(Answer) created = create_config_map (&fixture->client, "default", "watched", NULL);
    g_auto(Answer) labelled = request (&fixture->client, "PATCH", "/api/v1/namespaces/default/configmaps/watched",
                                       "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"watch\":\"yes\"}}}");
    g_auto(Answer) changed = request (&fixture->client, "PATCH", "/api/v1/namespaces/default/configmaps/watched",
                                      "application/merge-patch+json", "{\"data\":{\"key\":\"two\"}}");
    g_auto(Answer) deleted = request (&fixture->client, "DELETE", "/api/v1/namespaces/default/configmaps/watched", NULL, NULL);

    g_assert_cmpuint (labelled.status, ==, 200);
    g_assert_cmpuint (deleted.status, ==, 200);
  }

  /* Entering the selection is ADDED, as with kube-apiserver. */
  event = stream_next (stream);
  g_assert_cmpstr (event, ==, "ADDED watched");
  g_clear_pointer (&event, g_free);
  event = stream_next (stream);
  g_assert_cmpstr (event, ==, "MODIFIED watched");
  g_clear_pointer (&event, g_free);
  event = stream_next (stream);
  g_assert_cmpstr (event, ==, "DELETED watched");
  g_clear_pointer (&event, g_free);

  /* Without a version: the present state first. */
  event = stream_next (from_start);
  g_assert_cmpstr (event, ==, "ADDED before");
  g_clear_pointer (&event, g_free);
  stream_close (stream);
  stream_close (from_start);

  /* Older than the window kept: one ERROR event, 410 Expired. */
  strata_sandbox_watch_set_window (_strata_sandbox_server_get_watch (fixture->server), 2);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("churn-%u", i);
      g_auto(Answer) churn = create_config_map (&fixture->client, "default", name, NULL);
    }
  stream = stream_open (fixture, path);
  event = stream_next (stream);
  g_assert_cmpstr (event, ==, "ERROR 410");
  g_clear_pointer (&event, g_free);
  g_assert_null (stream_next (stream));
  stream_close (stream);
}

static void
test_server_bookmarks (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(Answer) list = request (&fixture->client, "GET", "/api/v1/namespaces/default/configmaps", NULL, NULL);
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true"
                                           "&resourceVersion=%s",
                                           meta (list.body, "resourceVersion"));
  Stream *stream = NULL;
  g_autofree char *event = NULL;

  strata_sandbox_watch_set_bookmark_interval (_strata_sandbox_server_get_watch (fixture->server), 1);
  stream = stream_open (fixture, path);
  event = stream_next (stream);
  g_assert_cmpstr (event, ==, "BOOKMARK ");
  stream_close (stream);
}

static const char deployment_yaml[] =
  "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\n"
  "spec:\n"
  "  replicas: %d\n"
  "  selector: {matchLabels: {app: web}}\n"
  "  template:\n"
  "    metadata: {labels: {app: web}}\n"
  "    spec:\n"
  "      containers: [{name: web, image: 'web:1', env: [{name: A, value: a}%s]}]\n";

static Answer
apply_deployment (Fixture    *fixture,
                  const char *manager,
                  int         replicas,
                  const char *extra_env,
                  gboolean    force)
{
  g_autofree char *body = g_strdup_printf (deployment_yaml, replicas, extra_env ? extra_env : "");
  g_autofree char *path = g_strdup_printf ("/apis/apps/v1/namespaces/default/deployments/web?fieldManager=%s%s",
                                           manager, force ? "&force=true" : "");

  return request (&fixture->client, "PATCH", path, "application/apply-patch+yaml", body);
}

static JsonObject *
entry_of (JsonNode   *object,
          const char *manager)
{
  JsonArray *managed = json_object_get_array_member (json_object_get_object_member (json_node_get_object (object),
                                                                                    "metadata"), "managedFields");

  for (guint i = 0; managed != NULL && i < json_array_get_length (managed); i++)
    {
      JsonObject *entry = json_array_get_object_element (managed, i);

      if (g_str_equal (json_object_get_string_member (entry, "manager"), manager))
        return entry;
    }
  return NULL;
}

static void
test_server_apply (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Answer) created = apply_deployment (fixture, "first", 2, ", {name: B, value: b}", FALSE);
  g_auto(Answer) again = apply_deployment (fixture, "first", 2, ", {name: B, value: b}", FALSE);
  g_auto(Answer) shared = apply_deployment (fixture, "second", 2, NULL, FALSE);
  g_auto(Answer) conflict = apply_deployment (fixture, "second", 5, NULL, FALSE);
  g_auto(Answer) forced = apply_deployment (fixture, "second", 5, NULL, TRUE);
  g_auto(Answer) dropped = apply_deployment (fixture, "first", 5, NULL, FALSE);
  g_autofree char *fields = NULL;
  JsonObject *entry, *cause;
  JsonArray *env;

  g_assert_cmpuint (created.status, ==, 201);
  entry = entry_of (created.body, "first");
  g_assert_nonnull (entry);
  g_assert_cmpstr (json_object_get_string_member (entry, "operation"), ==, "Apply");
  fields = json_to_string (json_object_get_member (entry, "fieldsV1"), FALSE);
  g_assert_nonnull (strstr (fields, "\"f:containers\":{\"k:{\\\"name\\\":\\\"web\\\"}\":{\".\":{}"));
  g_assert_nonnull (strstr (fields, "\"f:selector\":{}"));
  /* Defaults are the server's, not the applier's. */
  g_assert_null (strstr (fields, "revisionHistoryLimit"));
  g_assert_nonnull (strstr (created.text, "\"revisionHistoryLimit\":10"));

  /* Nothing changed: nor does the version. */
  g_assert_cmpuint (again.status, ==, 200);
  g_assert_cmpstr (meta (again.body, "resourceVersion"), ==, meta (created.body, "resourceVersion"));

  /* The same value is shared; a different one is a conflict per field. */
  g_assert_cmpuint (shared.status, ==, 200);
  g_assert_cmpuint (conflict.status, ==, 409);
  g_assert_cmpstr (status_string (&conflict, "reason"), ==, "Conflict");
  g_assert_cmpstr (status_string (&conflict, "message"), ==,
                   "Apply failed with 1 conflict: conflict with \"first\" using apps/v1: .spec.replicas");
  cause = json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (json_node_get_object (conflict.body), "details"), "causes"), 0);
  g_assert_cmpstr (json_object_get_string_member (cause, "reason"), ==, "FieldManagerConflict");
  g_assert_cmpstr (json_object_get_string_member (cause, "field"), ==, ".spec.replicas");
  g_assert_cmpuint (forced.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (forced.body), "spec"),
                                               "replicas"), ==, 5);

  /* first stops applying B, which nobody else holds: it goes. A stays,
   * second applies it too. */
  g_assert_cmpuint (dropped.status, ==, 200);
  env = json_object_get_array_member (json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (json_node_get_object (dropped.body), "spec"), "template"), "spec"), "containers"), 0), "env");
  g_assert_cmpuint (json_array_get_length (env), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (env, 0), "name"), ==, "A");
}

static void
test_server_patch (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Answer) created = apply_deployment (fixture, "first", 1, NULL, FALSE);
  g_auto(Answer) strategic = request (&fixture->client, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
                                      "application/strategic-merge-patch+json",
                                      "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                                      "[{\"name\":\"web\",\"image\":\"web:2\"},{\"name\":\"side\",\"image\":\"side:1\"}]}}}}");
  g_auto(Answer) json_patch = request (&fixture->client, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
                                       "application/json-patch+json",
                                       "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4},"
                                       "{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"x\":\"y\"}}]");
  g_auto(Answer) failed_test = request (&fixture->client, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
                                        "application/json-patch+json",
                                        "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":9}]");
  g_auto(Answer) scale = request (&fixture->client, "GET", "/apis/apps/v1/namespaces/default/deployments/web/scale", NULL, NULL);
  g_auto(Answer) scaled = request (&fixture->client, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web/scale",
                                   "application/merge-patch+json", "{\"spec\":{\"replicas\":2}}");
  g_auto(Answer) unsupported = request (&fixture->client, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
                                        "text/plain", "x");
  JsonArray *containers;

  g_assert_cmpuint (created.status, ==, 201);
  g_assert_cmpuint (strategic.status, ==, 200);
  containers = json_object_get_array_member (json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (json_node_get_object (strategic.body), "spec"), "template"), "spec"), "containers");
  /* Merged by name: web changed in place (env kept), side added. */
  g_assert_cmpuint (json_array_get_length (containers), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (containers, 0), "image"), ==, "web:2");
  g_assert_true (json_object_has_member (json_array_get_object_element (containers, 0), "env"));
  g_assert_nonnull (entry_of (strategic.body, "unknown") ?: entry_of (strategic.body, "libsoup"));

  g_assert_cmpuint (json_patch.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (json_patch.body), "spec"),
                                               "replicas"), ==, 4);
  g_assert_cmpuint (failed_test.status, ==, 422);

  g_assert_cmpstr (status_string (&scale, "kind"), ==, "Scale");
  g_assert_nonnull (strstr (scale.text, "\"selector\":\"app=web\""));
  g_assert_cmpuint (scaled.status, ==, 200);
  g_assert_nonnull (strstr (scaled.text, "\"spec\":{\"replicas\":2}"));
  g_assert_cmpuint (unsupported.status, ==, 415);
}

static void
test_server_dry_run (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(Answer) dry = create_config_map (&fixture->client, "default", "dry", "?dryRun=All");
  g_auto(Answer) absent = request (&fixture->client, "GET", "/api/v1/namespaces/default/configmaps/dry", NULL, NULL);
  g_auto(Answer) real = create_config_map (&fixture->client, "default", "real", NULL);
  g_auto(Answer) dry_delete = request (&fixture->client, "DELETE", "/api/v1/namespaces/default/configmaps/real?dryRun=All",
                                       NULL, NULL);
  g_auto(Answer) still = request (&fixture->client, "GET", "/api/v1/namespaces/default/configmaps/real", NULL, NULL);
  g_auto(Answer) deleted = request (&fixture->client, "DELETE", "/api/v1/namespaces/default/configmaps/real",
                                    "application/json", "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\","
                                                        "\"propagationPolicy\":\"Background\"}");
  g_auto(Answer) gone = request (&fixture->client, "GET", "/api/v1/namespaces/default/configmaps/real", NULL, NULL);

  g_assert_cmpuint (dry.status, ==, 201);
  g_assert_cmpuint (absent.status, ==, 404);
  g_assert_cmpuint (dry_delete.status, ==, 200);
  g_assert_cmpuint (still.status, ==, 200);
  g_assert_cmpuint (deleted.status, ==, 200);
  g_assert_cmpstr (status_string (&deleted, "status"), ==, "Success");
  g_assert_cmpuint (gone.status, ==, 404);
}

static void
test_server_kubeconfig (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->folder, "kubeconfig", NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *cluster;
  GStatBuf info;

  strata_sandbox_server_write_kubeconfig (fixture->server, path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  config = json (text);
  cluster = json_object_get_object_member (json_array_get_object_element (json_object_get_array_member (json_node_get_object (config), "clusters"), 0), "cluster");
  g_assert_cmpstr (json_object_get_string_member (cluster, "server"), ==, fixture->client.url);
  g_assert_nonnull (json_object_get_string_member (cluster, "certificate-authority-data"));
  g_assert_nonnull (strstr (text, fixture->client.token));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sandbox/server/auth", test_server_auth);
  ADD ("/sandbox/server/discovery", test_server_discovery);
  ADD ("/sandbox/server/status-errors", test_server_status_errors);
  ADD ("/sandbox/server/list", test_server_list);
  ADD ("/sandbox/server/watch", test_server_watch);
  ADD ("/sandbox/server/watch/bookmarks", test_server_bookmarks);
  ADD ("/sandbox/server/apply", test_server_apply);
  ADD ("/sandbox/server/patch", test_server_patch);
  ADD ("/sandbox/server/dry-run", test_server_dry_run);
  ADD ("/sandbox/server/kubeconfig", test_server_kubeconfig);
#undef ADD

  return g_test_run ();
}
