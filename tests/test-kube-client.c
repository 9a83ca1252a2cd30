/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Kubernetes REST client and "strata-cli kube" against a real
 * kube-apiserver, with kubectl as the independent witness of what they did. */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "strata-diff.h"
#include "strata-kube-client-private.h"
#include "strata-kube-discovery.h"
#include "strata-kubeconfig.h"
#include "strata-test-apiserver.h"
#include "strata-test-util.h"
#include "strata-yaml.h"

#define TEST_NAMESPACE "strata-client-test"
#define WAIT_USEC (30 * G_USEC_PER_SEC)

/* GCC 12's LeakSanitizer crashes at exit walking the dynamic TLS that
 * glib-networking's GnuTLS module leaves behind; tracking __tls_get_addr is
 * what trips it, and leak detection works without it. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "intercept_tls_get_addr=0";
}

static StrataTestApiserver *server;
static char *cache_home;
static StrataKubeClient *shared_client;

/* Helpers */

static StrataKubeEndpoint *
load_endpoint (const char *context)
{
  const char *paths[] = { strata_test_apiserver_get_kubeconfig (server), NULL };
  g_autoptr(StrataKubeconfig) config = NULL;
  g_autoptr(GError) error = NULL;
  StrataKubeEndpoint *endpoint;

  config = strata_kubeconfig_load (paths, &error);
  g_assert_no_error (error);
  endpoint = strata_kubeconfig_resolve (config, context, &error);
  g_assert_no_error (error);

  return endpoint;
}

static StrataKubeClient *
new_client (const char *context)
{
  g_autoptr(StrataKubeEndpoint) endpoint = load_endpoint (context);
  g_autoptr(GError) error = NULL;
  StrataKubeClient *client = strata_kube_client_new (endpoint, &error);

  g_assert_no_error (error);
  return client;
}

static JsonNode *
yaml (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = strata_yaml_parse (text, -1, &error);

  g_assert_no_error (error);
  return node;
}

static const char *
metadata_string (JsonNode   *node,
                 const char *member)
{
  JsonObject *metadata = json_object_get_object_member (json_node_get_object (node), "metadata");

  return json_object_get_string_member_with_default (metadata, member, NULL);
}

static const char *
data_string (JsonNode   *node,
             const char *key)
{
  JsonObject *data = json_object_get_object_member (json_node_get_object (node), "data");

  return json_object_get_string_member_with_default (data, key, NULL);
}

static JsonNode *
apply (StrataKubeClient        *client,
       JsonNode                *object,
       const char              *manager,
       StrataKubeRequestFlags   flags,
       GError                 **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_kube_client_apply_async (client, object, manager, flags, NULL, strata_test_async_ready, &result);
  return strata_kube_client_apply_finish (client, strata_test_wait (&result), error);
}

static JsonNode *
create (StrataKubeClient        *client,
        JsonNode                *object,
        StrataKubeRequestFlags   flags,
        GError                 **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_kube_client_create_async (client, object, flags, NULL, strata_test_async_ready, &result);
  return strata_kube_client_create_finish (client, strata_test_wait (&result), error);
}

static JsonNode *
get (StrataKubeClient  *client,
     const char        *api_version,
     const char        *kind,
     const char        *namespace_,
     const char        *name,
     GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_kube_client_get_async (client, api_version, kind, namespace_, name, NULL,
                                strata_test_async_ready, &result);
  return strata_kube_client_get_finish (client, strata_test_wait (&result), error);
}

static JsonNode *
delete (StrataKubeClient        *client,
        const char              *api_version,
        const char              *kind,
        const char              *namespace_,
        const char              *name,
        const char              *propagation_policy,
        StrataKubeRequestFlags   flags,
        GError                 **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_kube_client_delete_async (client, api_version, kind, namespace_, name, propagation_policy, flags,
                                   NULL, strata_test_async_ready, &result);
  return strata_kube_client_delete_finish (client, strata_test_wait (&result), error);
}

static StrataKubeResource *
resolve (StrataKubeClient  *client,
         const char        *api_version,
         const char        *kind,
         GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_kube_client_resolve_async (client, api_version, kind, NULL, strata_test_async_ready, &result);
  return strata_kube_client_resolve_finish (client, strata_test_wait (&result), error);
}

static JsonNode *
config_map (const char *name,
            const char *value)
{
  g_autofree char *text = g_strdup_printf ("apiVersion: v1\n"
                                           "kind: ConfigMap\n"
                                           "metadata:\n"
                                           "  name: %s\n"
                                           "  namespace: " TEST_NAMESPACE "\n"
                                           "data:\n"
                                           "  key: \"%s\"\n",
                                           name, value);

  return yaml (text);
}

/* What kubectl sees, as JSON. */
static JsonNode *
kubectl_get_json (const char *kind,
                  const char *name)
{
  g_autofree char *out = strata_test_kubectl (server, 0, "get", "-n", TEST_NAMESPACE, kind, name,
                                              "-o", "json", "--show-managed-fields", NULL);
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (out, &error);

  g_assert_no_error (error);
  return node;
}

static void
kubectl_assert_absent (const char *kind,
                       const char *name)
{
  g_autofree char *out = strata_test_kubectl (server, 0, "get", "-n", TEST_NAMESPACE, kind, name,
                                              "--ignore-not-found", "-o", "name", NULL);

  g_assert_cmpstr (out, ==, "");
}

static gboolean
on_wake (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds, failing after a deadline; a
 * short periodic wake-up lets conditions that poll be checked too. */
static void
wait_for (gboolean (*condition) (gpointer),
          gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;
  guint wake = g_timeout_add (50, on_wake, NULL);

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake);
}

static char *
cache_folder_for (StrataKubeClient *client)
{
  const char *server_url = strata_kube_endpoint_get_server (strata_kube_client_get_endpoint (client));
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, server_url, -1);

  return g_build_filename (cache_home, "strata", "discovery", digest, NULL);
}

static guint
n_fetches (StrataKubeClient *client)
{
  return strata_kube_discovery_get_n_fetches (_strata_kube_client_get_discovery (client));
}

/* /version and discovery */

static void
test_version (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) version = NULL;
  g_autoptr(GError) error = NULL;

  strata_kube_client_get_version_async (shared_client, NULL, strata_test_async_ready, &result);
  version = strata_kube_client_get_version_finish (shared_client, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_node_get_object (version), "gitVersion"), "v1."));
}

static void
test_discovery_builtin (void)
{
  g_autoptr(StrataKubeClient) client = new_client (NULL);
  g_autofree char *folder = cache_folder_for (client);
  g_autofree char *groups = g_build_filename (folder, "servergroups.json", NULL);
  g_autofree char *core = g_build_filename (folder, "v1", "serverresources.json", NULL);
  g_autofree char *apps = g_build_filename (folder, "apps", "v1", "serverresources.json", NULL);
  g_autoptr(StrataKubeResource) config_maps = NULL;
  g_autoptr(StrataKubeResource) namespaces = NULL;
  g_autoptr(StrataKubeResource) deployments = NULL;
  g_autoptr(StrataKubeResource) scale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *names[] = { "cm", "configmap", "configmaps", "ConfigMap" };

  strata_test_remove_tree (folder);

  config_maps = resolve (client, "v1", "ConfigMap", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (strata_kube_resource_get_plural (config_maps), ==, "configmaps");
  g_assert_true (strata_kube_resource_is_namespaced (config_maps));
  g_assert_true (strata_kube_resource_has_verb (config_maps, "patch"));
  path = strata_kube_resource_build_path (config_maps, "demo", "settings");
  g_assert_cmpstr (path, ==, "/api/v1/namespaces/demo/configmaps/settings");

  namespaces = resolve (client, "v1", "Namespace", &error);
  g_assert_no_error (error);
  g_assert_false (strata_kube_resource_is_namespaced (namespaces));

  deployments = resolve (client, "apps/v1", "Deployment", &error);
  g_assert_no_error (error);
  g_clear_pointer (&path, g_free);
  path = strata_kube_resource_build_path (deployments, NULL, NULL);
  g_assert_cmpstr (path, ==, "/apis/apps/v1/deployments");

  /* One fetch answered all of it, and it is on disk now. */
  g_assert_cmpuint (n_fetches (client), ==, 1);
  g_assert_true (g_file_test (groups, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (core, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (apps, G_FILE_TEST_IS_REGULAR));

  /* deployments/scale is a subresource, not a kind of apps/v1. */
  scale = resolve (client, "apps/v1", "Scale", &error);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND);
  g_assert_null (scale);
  g_clear_error (&error);

  /* The names kubectl takes. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(StrataKubeResource) resource = resolve (client, NULL, names[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (strata_kube_resource_get_kind (resource), ==, "ConfigMap");
      g_assert_cmpstr (strata_kube_resource_get_group_version (resource), ==, "v1");
    }
  {
    g_autoptr(StrataKubeResource) by_group = resolve (client, NULL, "deployments.apps", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (strata_kube_resource_get_group_version (by_group), ==, "apps/v1");
  }
}

static void
on_resolved_count (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  guint *remaining = user_data;
  g_autoptr(StrataKubeResource) resource = NULL;
  g_autoptr(GError) error = NULL;

  resource = strata_kube_client_resolve_finish (STRATA_KUBE_CLIENT (object), result, &error);
  g_assert_no_error (error);
  (*remaining)--;
}

static gboolean
counter_is_zero (gpointer data)
{
  return *(guint *)data == 0;
}

static void
test_discovery_shared_fetch (void)
{
  g_autoptr(StrataKubeClient) client = new_client (NULL);
  g_autofree char *folder = cache_folder_for (client);
  const char *kinds[][2] = {
    { "v1", "ConfigMap" }, { "v1", "Secret" }, { "apps/v1", "Deployment" },
    { "apps/v1", "StatefulSet" }, { "batch/v1", "Job" }, { "rbac.authorization.k8s.io/v1", "Role" },
  };
  guint remaining = G_N_ELEMENTS (kinds);

  strata_test_remove_tree (folder);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    strata_kube_client_resolve_async (client, kinds[i][0], kinds[i][1], NULL, on_resolved_count, &remaining);
  wait_for (counter_is_zero, &remaining);

  g_assert_cmpuint (n_fetches (client), ==, 1);
}

/* Edits the cached core group so that it serves a made-up kind and lacks
 * ConfigMap: what a client then resolves shows where it looked. */
static void
poison_core_cache (const char *folder)
{
  g_autofree char *core = g_build_filename (folder, "v1", "serverresources.json", NULL);
  const char *text =
    "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
    "{\"name\":\"strataprobes\",\"singularName\":\"strataprobe\",\"namespaced\":true,"
    "\"kind\":\"StrataProbe\",\"verbs\":[\"get\",\"list\"]}]}";
  g_autoptr(GError) error = NULL;

  g_file_set_contents (core, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_discovery_cache (void)
{
  g_autoptr(StrataKubeClient) first = new_client (NULL);
  g_autoptr(StrataKubeClient) second = NULL;
  g_autoptr(StrataKubeClient) third = NULL;
  g_autoptr(StrataKubeResource) resource = NULL;
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = cache_folder_for (first);
  g_autofree char *core = g_build_filename (folder, "v1", "serverresources.json", NULL);
  g_autofree char *contents = NULL;

  strata_test_remove_tree (folder);
  resource = resolve (first, "v1", "Pod", &error);
  g_assert_no_error (error);
  g_clear_pointer (&resource, strata_kube_resource_unref);
  poison_core_cache (folder);

  /* A new client reads the cache and does not ask the server. */
  second = new_client (NULL);
  resource = resolve (second, "v1", "StrataProbe", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (strata_kube_resource_get_plural (resource), ==, "strataprobes");
  g_clear_pointer (&resource, strata_kube_resource_unref);
  resource = resolve (second, "apps/v1", "Deployment", &error);
  g_assert_no_error (error);
  g_clear_pointer (&resource, strata_kube_resource_unref);
  g_assert_cmpuint (n_fetches (second), ==, 0);

  /* The server does not serve what the stale cache promised: a plain-text
   * 404, reported as an unknown kind. */
  object = get (second, "v1", "StrataProbe", TEST_NAMESPACE, "anything", &error);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND);
  g_assert_nonnull (strstr (error->message, "unknown kind StrataProbe in apiVersion v1"));
  g_assert_null (object);
  g_clear_error (&error);

  /* A miss refreshes once, and the cache on disk with it. */
  third = new_client (NULL);
  poison_core_cache (folder);
  resource = resolve (third, "v1", "ConfigMap", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (strata_kube_resource_get_plural (resource), ==, "configmaps");
  g_clear_pointer (&resource, strata_kube_resource_unref);
  g_assert_cmpuint (n_fetches (third), ==, 1);
  g_file_get_contents (core, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "\"configmaps\""));
  g_assert_null (strstr (contents, "strataprobes"));

  /* Still unknown after the refresh: an error, after exactly one more fetch. */
  resource = resolve (third, "v1", "StrataProbe", &error);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND);
  g_assert_cmpuint (n_fetches (third), ==, 2);
  g_clear_error (&error);
}

static const char crd_yaml[] =
  "apiVersion: apiextensions.k8s.io/v1\n"
  "kind: CustomResourceDefinition\n"
  "metadata:\n"
  "  name: widgets.strata.test\n"
  "spec:\n"
  "  group: strata.test\n"
  "  scope: Namespaced\n"
  "  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wdg]}\n"
  "  versions:\n"
  "  - name: v1\n"
  "    served: true\n"
  "    storage: true\n"
  "    schema:\n"
  "      openAPIV3Schema:\n"
  "        type: object\n"
  "        properties:\n"
  "          spec:\n"
  "            type: object\n"
  "            properties:\n"
  "              size: {type: integer}\n";

typedef struct
{
  StrataKubeClient   *client;
  StrataKubeResource *resource;
} ResolveUntil;

static gboolean
widget_resolves (gpointer data)
{
  ResolveUntil *until = data;
  g_autoptr(GError) error = NULL;

  until->resource = resolve (until->client, "strata.test/v1", "Widget", &error);
  if (until->resource == NULL)
    g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND);
  return until->resource != NULL;
}

static void
test_discovery_crd (void)
{
  g_autoptr(StrataKubeClient) client = new_client (NULL);
  g_autoptr(JsonNode) crd = yaml (crd_yaml);
  g_autoptr(JsonNode) widget = yaml ("apiVersion: strata.test/v1\n"
                                     "kind: Widget\n"
                                     "metadata: {name: first, namespace: " TEST_NAMESPACE "}\n"
                                     "spec: {size: 3}\n");
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autoptr(StrataKubeResource) probe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  ResolveUntil until = { client, NULL };
  guint fetches;

  /* Discovery known before the CRD exists: the new kind is a miss. */
  probe = resolve (client, "v1", "ConfigMap", &error);
  g_assert_no_error (error);
  fetches = n_fetches (client);

  applied = apply (client, crd, "strata-test", STRATA_KUBE_REQUEST_FORCE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&applied, json_node_unref);
  g_free (strata_test_kubectl (server, 0, "wait", "--for", "condition=established", "--timeout=60s",
                               "crd/widgets.strata.test", NULL));

  /* Each miss refreshes discovery once; the apiserver serves the new group
   * a moment after Established. */
  wait_for (widget_resolves, &until);
  g_assert_cmpuint (n_fetches (client), >, fetches);
  g_assert_cmpstr (strata_kube_resource_get_plural (until.resource), ==, "widgets");
  g_assert_true (strata_kube_resource_is_namespaced (until.resource));
  g_clear_pointer (&until.resource, strata_kube_resource_unref);

  applied = apply (client, widget, "strata-test", STRATA_KUBE_REQUEST_FORCE, &error);
  g_assert_no_error (error);
  seen = kubectl_get_json ("widgets.strata.test", "first");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (seen), "spec"),
                                               "size"), ==, 3);

  /* The short name works through discovery as with kubectl. */
  out = strata_test_kubectl (server, 0, "get", "-n", TEST_NAMESPACE, "wdg", "-o", "name", NULL);
  g_assert_cmpstr (out, ==, "widget.strata.test/first\n");
  {
    g_autoptr(StrataKubeResource) by_short_name = resolve (client, NULL, "wdg", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (strata_kube_resource_get_kind (by_short_name), ==, "Widget");
  }
}

/* CRUD */

static void
test_crud (void)
{
  StrataKubeClient *client = shared_client;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("crud-%u", i);
      g_autoptr(JsonNode) object = config_map (name, "v");
      g_autoptr(JsonNode) created = NULL;

      json_object_set_object_member (json_object_get_object_member (json_node_get_object (object), "metadata"),
                                     "labels", json_object_new ());
      json_object_set_string_member (json_object_get_object_member (json_object_get_object_member (json_node_get_object (object), "metadata"), "labels"),
                                     "set", "crud");
      created = create (client, object, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (metadata_string (created, "name"), ==, name);
      g_assert_nonnull (metadata_string (created, "uid"));
    }

  got = get (client, "v1", "ConfigMap", TEST_NAMESPACE, "crud-3", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (data_string (got, "key"), ==, "v");

  /* Pages of two: three requests, one list. */
  strata_kube_client_list_async (client, "v1", "ConfigMap", TEST_NAMESPACE, "set=crud", 2, NULL,
                                 strata_test_async_ready, &result);
  list = strata_kube_client_list_finish (client, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (list), "kind"), ==, "ConfigMapList");
  g_assert_nonnull (metadata_string (list, "resourceVersion"));
  items = json_object_get_array_member (json_node_get_object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autofree char *name = g_strdup_printf ("crud-%u", i);

      g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "ConfigMap");
      g_assert_cmpstr (json_object_get_string_member (item, "apiVersion"), ==, "v1");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "metadata"), "name"), ==, name);
    }

  /* Background: gone at once. Foreground and Orphan: no garbage collector
   * runs beside this apiserver, so the object stays, held by the finalizer
   * that shows which policy the server received. */
  answer = delete (client, "v1", "ConfigMap", TEST_NAMESPACE, "crud-0", "Background", 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_node_unref);
  kubectl_assert_absent ("configmap", "crud-0");

  answer = delete (client, "v1", "ConfigMap", TEST_NAMESPACE, "crud-1", "Foreground", 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_node_unref);
  seen = kubectl_get_json ("configmap", "crud-1");
  g_assert_nonnull (metadata_string (seen, "deletionTimestamp"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_object_get_object_member (json_node_get_object (seen), "metadata"), "finalizers"), 0),
                   ==, "foregroundDeletion");
  g_clear_pointer (&seen, json_node_unref);

  answer = delete (client, "v1", "ConfigMap", TEST_NAMESPACE, "crud-2", "Orphan", 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_node_unref);
  seen = kubectl_get_json ("configmap", "crud-2");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_object_get_object_member (json_node_get_object (seen), "metadata"), "finalizers"), 0),
                   ==, "orphan");

  /* A dry-run delete leaves the object where it is. */
  answer = delete (client, "v1", "ConfigMap", TEST_NAMESPACE, "crud-4", NULL, STRATA_KUBE_REQUEST_DRY_RUN, &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_node_unref);
  g_free (strata_test_kubectl (server, 0, "get", "-n", TEST_NAMESPACE, "configmap", "crud-4", NULL));

  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("configmap/crud-%u", i);

      g_free (strata_test_kubectl (server, 0, "patch", "-n", TEST_NAMESPACE, name, "--type=merge",
                                   "-p", "{\"metadata\":{\"finalizers\":null}}", NULL));
    }
  kubectl_assert_absent ("configmap", "crud-1");
}

/* Server-side apply */

static void
test_apply (void)
{
  StrataKubeClient *client = shared_client;
  g_autoptr(JsonNode) first = config_map ("ssa", "one");
  g_autoptr(JsonNode) second = config_map ("ssa", "two");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(JsonNode) unchanged = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *managed;
  gboolean strata_applies = FALSE;

  created = apply (client, first, "strata", 0, &error);
  g_assert_no_error (error);
  seen = kubectl_get_json ("configmap", "ssa");
  g_assert_cmpstr (data_string (seen, "key"), ==, "one");
  g_clear_pointer (&seen, json_node_unref);

  updated = apply (client, second, "strata", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (data_string (updated, "key"), ==, "two");
  g_assert_cmpstr (metadata_string (updated, "resourceVersion"), !=, metadata_string (created, "resourceVersion"));

  /* Applying the same again changes nothing, not even the version. */
  unchanged = apply (client, second, "strata", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (metadata_string (unchanged, "resourceVersion"), ==, metadata_string (updated, "resourceVersion"));

  seen = kubectl_get_json ("configmap", "ssa");
  g_assert_cmpstr (data_string (seen, "key"), ==, "two");
  g_assert_cmpstr (metadata_string (seen, "resourceVersion"), ==, metadata_string (updated, "resourceVersion"));
  managed = json_object_get_array_member (json_object_get_object_member (json_node_get_object (seen), "metadata"),
                                          "managedFields");
  for (guint i = 0; i < json_array_get_length (managed); i++)
    {
      JsonObject *entry = json_array_get_object_element (managed, i);

      if (g_str_equal (json_object_get_string_member (entry, "manager"), "strata") &&
          g_str_equal (json_object_get_string_member (entry, "operation"), "Apply"))
        strata_applies = TRUE;
    }
  g_assert_true (strata_applies);
}

static void
test_apply_conflict (void)
{
  StrataKubeClient *client = shared_client;
  g_autoptr(JsonNode) mine = config_map ("conflict", "mine");
  g_autoptr(JsonNode) theirs = config_map ("conflict", "theirs");
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *causes;
  JsonObject *cause;

  applied = apply (client, mine, "strata-other", 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&applied, json_node_unref);

  applied = apply (client, theirs, "strata", 0, &error);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFLICT);
  g_assert_null (applied);
  g_assert_cmpuint (strata_kube_error_get_http_status (error), ==, 409);
  g_assert_cmpstr (strata_kube_error_get_reason (error), ==, "Conflict");
  causes = strata_kube_error_get_causes (error);
  g_assert_nonnull (causes);
  g_assert_cmpuint (json_array_get_length (causes), ==, 1);
  cause = json_array_get_object_element (causes, 0);
  g_assert_cmpstr (json_object_get_string_member (cause, "field"), ==, ".data.key");
  g_assert_nonnull (strstr (json_object_get_string_member (cause, "message"), "strata-other"));
  g_clear_error (&error);

  seen = kubectl_get_json ("configmap", "conflict");
  g_assert_cmpstr (data_string (seen, "key"), ==, "mine");
  g_clear_pointer (&seen, json_node_unref);

  applied = apply (client, theirs, "strata", STRATA_KUBE_REQUEST_FORCE, &error);
  g_assert_no_error (error);
  seen = kubectl_get_json ("configmap", "conflict");
  g_assert_cmpstr (data_string (seen, "key"), ==, "theirs");
}

static void
test_dry_run (void)
{
  StrataKubeClient *client = shared_client;
  g_autoptr(JsonNode) object = config_map ("dry-run", "value");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(GError) error = NULL;

  applied = apply (client, object, "strata", STRATA_KUBE_REQUEST_DRY_RUN | STRATA_KUBE_REQUEST_FORCE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (metadata_string (applied, "name"), ==, "dry-run");
  g_assert_cmpstr (data_string (applied, "key"), ==, "value");
  kubectl_assert_absent ("configmap", "dry-run");

  created = create (client, object, STRATA_KUBE_REQUEST_DRY_RUN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (metadata_string (created, "name"), ==, "dry-run");
  kubectl_assert_absent ("configmap", "dry-run");
}

/* Errors */

static void
test_status_errors (void)
{
  StrataKubeClient *client = shared_client;
  g_autoptr(JsonNode) existing = config_map ("errors", "v");
  g_autoptr(JsonNode) invalid = config_map ("Not_A_Valid_Name", "v");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *causes;

  node = get (client, "v1", "ConfigMap", TEST_NAMESPACE, "no-such-map", &error);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND);
  g_assert_null (node);
  g_assert_cmpuint (strata_kube_error_get_http_status (error), ==, 404);
  g_assert_cmpstr (strata_kube_error_get_reason (error), ==, "NotFound");
  g_assert_nonnull (strstr (error->message, "no-such-map"));
  g_clear_error (&error);

  node = create (client, existing, 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);
  node = create (client, existing, 0, &error);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_ALREADY_EXISTS);
  g_assert_cmpuint (strata_kube_error_get_http_status (error), ==, 409);
  g_assert_cmpstr (strata_kube_error_get_reason (error), ==, "AlreadyExists");
  g_clear_error (&error);

  node = create (client, invalid, 0, &error);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_INVALID);
  g_assert_cmpuint (strata_kube_error_get_http_status (error), ==, 422);
  g_assert_cmpstr (strata_kube_error_get_reason (error), ==, "Invalid");
  causes = strata_kube_error_get_causes (error);
  g_assert_nonnull (causes);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (causes, 0), "field"),
                   ==, "metadata.name");
  g_clear_error (&error);
}

static void
test_unknown_kind (void)
{
  g_autoptr(JsonNode) gadget = yaml ("apiVersion: strata.test/v1\n"
                                     "kind: Gadget\n"
                                     "metadata: {name: g}\n");
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(GError) error = NULL;

  applied = apply (shared_client, gadget, "strata", 0, &error);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND);
  g_assert_null (applied);
  g_assert_nonnull (strstr (error->message, "unknown kind Gadget in apiVersion strata.test/v1"));
}

static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  /* Bound but never listening: connections are refused. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_connection_refused (void)
{
  g_autoptr(StrataKubeEndpoint) endpoint = load_endpoint (NULL);
  g_autoptr(StrataKubeEndpoint) nowhere = NULL;
  g_autoptr(StrataKubeClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) version = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u", closed_port ());

  nowhere = strata_kube_endpoint_new (url);
  strata_kube_endpoint_set_certificate_authority (nowhere, strata_kube_endpoint_get_certificate_authority (endpoint));
  strata_kube_endpoint_set_token (nowhere, "unused");
  client = strata_kube_client_new (nowhere, &error);
  g_assert_no_error (error);

  strata_kube_client_get_version_async (client, NULL, strata_test_async_ready, &result);
  version = strata_kube_client_get_version_finish (client, strata_test_wait (&result), &error);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONNECTION);
  g_assert_null (version);
  g_assert_nonnull (strstr (error->message, url));
}

static gboolean
on_incoming_hold (GSocketService     *service,
                  GSocketConnection  *connection,
                  GObject            *source_object,
                  gpointer            user_data)
{
  GPtrArray *held = user_data;

  /* Accept and never answer. */
  g_ptr_array_add (held, g_object_ref (connection));
  return TRUE;
}

static void
test_timeout (void)
{
  g_autoptr(StrataKubeEndpoint) endpoint = load_endpoint (NULL);
  g_autoptr(StrataKubeEndpoint) silent = NULL;
  g_autoptr(StrataKubeClient) client = NULL;
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) version = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_hold), held);
  url = g_strdup_printf ("https://127.0.0.1:%u", port);

  silent = strata_kube_endpoint_new (url);
  strata_kube_endpoint_set_certificate_authority (silent, strata_kube_endpoint_get_certificate_authority (endpoint));
  client = strata_kube_client_new (silent, &error);
  g_assert_no_error (error);
  strata_kube_client_set_timeout (client, 1);

  strata_kube_client_get_version_async (client, NULL, strata_test_async_ready, &result);
  version = strata_kube_client_get_version_finish (client, strata_test_wait (&result), &error);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, url));

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static char *
make_other_ca (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *key = g_build_filename (folder, "other.key", NULL);
  g_autofree char *cert = g_build_filename (folder, "other.crt", NULL);
  g_autoptr(GSubprocess) openssl = NULL;
  g_autoptr(GError) error = NULL;
  char *pem = NULL;

  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                              "-subj", "/CN=not-the-cluster-ca", "-keyout", key, "-out", cert, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (openssl, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (cert, &pem, NULL, &error);
  g_assert_no_error (error);

  strata_test_remove_tree (folder);
  return pem;
}

static void
test_tls_mismatch (void)
{
  g_autoptr(StrataKubeEndpoint) endpoint = load_endpoint (NULL);
  const char *url = strata_kube_endpoint_get_server (endpoint);
  g_autofree char *other_ca = make_other_ca ();
  g_autoptr(StrataKubeEndpoint) wrong_ca = strata_kube_endpoint_new (url);
  g_autoptr(StrataKubeEndpoint) wrong_name = strata_kube_endpoint_new (url);
  g_autoptr(StrataKubeClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) version = NULL;
  g_autoptr(GError) error = NULL;

  strata_kube_endpoint_set_certificate_authority (wrong_ca, other_ca);
  client = strata_kube_client_new (wrong_ca, &error);
  g_assert_no_error (error);
  strata_kube_client_get_version_async (client, NULL, strata_test_async_ready, &result);
  version = strata_kube_client_get_version_finish (client, strata_test_wait (&result), &error);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TLS);
  g_assert_null (version);
  g_assert_nonnull (strstr (error->message, url));
  g_assert_nonnull (strstr (error->message, "not signed by the kubeconfig’s certificate authority"));
  g_clear_error (&error);
  g_clear_object (&client);

  /* The right CA, but a name the certificate was not made for. */
  strata_kube_endpoint_set_certificate_authority (wrong_name, strata_kube_endpoint_get_certificate_authority (endpoint));
  strata_kube_endpoint_set_tls_server_name (wrong_name, "not-the-apiserver.example");
  client = strata_kube_client_new (wrong_name, &error);
  g_assert_no_error (error);
  strata_kube_client_get_version_async (client, NULL, strata_test_async_ready, &result);
  version = strata_kube_client_get_version_finish (client, strata_test_wait (&result), &error);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "not valid for that name"));
}

static void
test_client_certificate (void)
{
  g_autoptr(StrataKubeClient) client = new_client ("strata-test-cert");
  g_autoptr(JsonNode) object = config_map ("by-certificate", "v");
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autoptr(GError) error = NULL;

  applied = apply (client, object, "strata", 0, &error);
  g_assert_no_error (error);
  seen = kubectl_get_json ("configmap", "by-certificate");
  g_assert_cmpstr (data_string (seen, "key"), ==, "v");
}

/* An exec plugin whose first token is refused: the 401 runs it again. */
static void
test_unauthorized_retry (void)
{
  g_autoptr(StrataKubeEndpoint) endpoint = load_endpoint (NULL);
  g_autoptr(StrataKubeEndpoint) exec_endpoint = strata_kube_endpoint_new (strata_kube_endpoint_get_server (endpoint));
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *plugin = g_build_filename (folder, "plugin", NULL);
  g_autofree char *count_file = g_build_filename (folder, "plugin.count", NULL);
  g_autofree char *count = NULL;
  g_autoptr(JsonNode) exec = NULL;
  g_autoptr(StrataKubeClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exec_text = NULL;
  const char *script =
    "#!/bin/sh\n"
    "n=$(cat \"$0.count\" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > \"$0.count\"\n"
    "if [ $n -eq 1 ]; then token=expired; else token=strata-test-token; fi\n"
    "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
    "\"status\":{\"token\":\"%s\"}}' \"$token\"\n";

  g_file_set_contents (plugin, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (plugin, 0700), ==, 0);
  exec_text = g_strdup_printf ("{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"command\":\"%s\"}", plugin);
  exec = json_from_string (exec_text, &error);
  g_assert_no_error (error);

  strata_kube_endpoint_set_certificate_authority (exec_endpoint, strata_kube_endpoint_get_certificate_authority (endpoint));
  strata_kube_endpoint_set_exec (exec_endpoint, exec, folder);
  client = strata_kube_client_new (exec_endpoint, &error);
  g_assert_no_error (error);

  strata_kube_client_list_async (client, "v1", "Namespace", NULL, NULL, 0, NULL, strata_test_async_ready, &result);
  list = strata_kube_client_list_finish (client, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  g_file_get_contents (count_file, &count, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_strstrip (count), ==, "2");

  strata_test_remove_tree (folder);
}

/* Concurrency */

typedef struct
{
  StrataKubeClient *client;
  guint             remaining;
  guint             failures;
  guint             most_in_flight;
} Concurrency;

static void
on_concurrent_applied (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Concurrency *state = user_data;
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(GError) error = NULL;

  state->most_in_flight = MAX (state->most_in_flight, _strata_kube_client_get_in_flight (state->client));
  applied = strata_kube_client_apply_finish (STRATA_KUBE_CLIENT (object), result, &error);
  if (applied == NULL)
    {
      g_printerr ("%s\n", error->message);
      state->failures++;
    }
  state->remaining--;
}

static gboolean
concurrency_done (gpointer data)
{
  Concurrency *state = data;

  state->most_in_flight = MAX (state->most_in_flight, _strata_kube_client_get_in_flight (state->client));
  return state->remaining == 0;
}

static void
test_concurrency (void)
{
  g_autoptr(StrataKubeClient) client = new_client (NULL);
  Concurrency state = { client, 100, 0, 0 };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  strata_kube_client_set_max_concurrency (client, 8);
  g_assert_cmpuint (strata_kube_client_get_max_concurrency (client), ==, 8);

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("many-%03u", i);
      g_autoptr(JsonNode) object = config_map (name, name);

      json_object_set_object_member (json_object_get_object_member (json_node_get_object (object), "metadata"),
                                     "labels", json_object_new ());
      json_object_set_string_member (json_object_get_object_member (json_object_get_object_member (json_node_get_object (object), "metadata"), "labels"),
                                     "set", "many");
      strata_kube_client_apply_async (client, object, "strata", STRATA_KUBE_REQUEST_FORCE, NULL,
                                      on_concurrent_applied, &state);
    }
  wait_for (concurrency_done, &state);

  g_assert_cmpuint (state.failures, ==, 0);
  g_assert_cmpuint (state.most_in_flight, <=, 8);
  g_assert_cmpuint (state.most_in_flight, >, 1);
  g_assert_cmpuint (_strata_kube_client_get_in_flight (client), ==, 0);

  out = strata_test_kubectl (server, 0, "get", "-n", TEST_NAMESPACE, "configmaps", "-l", "set=many",
                             "-o", "name", NULL);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 100);
}

typedef struct
{
  guint remaining;
  guint cancelled;
} Cancelled;

static void
on_cancelled_request (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Cancelled *state = user_data;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  /* Those already on the wire may have their answer before the cancel. */
  node = strata_kube_client_get_finish (STRATA_KUBE_CLIENT (object), result, &error);
  if (node == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      state->cancelled++;
    }
  state->remaining--;
}

static gboolean
queue_is_full (gpointer data)
{
  return _strata_kube_client_get_in_flight (data) == 2;
}

static gboolean
all_cancelled_done (gpointer data)
{
  return ((Cancelled *)data)->remaining == 0;
}

/* Requests waiting for a place in the queue end as soon as they are
 * cancelled, and take no place afterwards. */
static void
test_cancel_queued (void)
{
  g_autoptr(StrataKubeClient) client = new_client (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) object = config_map ("queued", "v");
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) applied = NULL;
  Cancelled state = { 20, 0 };

  applied = apply (client, object, "strata", 0, &error);
  g_assert_no_error (error);
  strata_kube_client_set_max_concurrency (client, 2);

  for (guint i = 0; i < 20; i++)
    strata_kube_client_get_async (client, "v1", "ConfigMap", TEST_NAMESPACE, "queued", cancellable,
                                  on_cancelled_request, &state);
  wait_for (queue_is_full, client);
  g_cancellable_cancel (cancellable);
  wait_for (all_cancelled_done, &state);

  g_assert_cmpuint (state.cancelled, >=, 18);
  g_assert_cmpuint (_strata_kube_client_get_in_flight (client), ==, 0);

  got = get (client, "v1", "ConfigMap", TEST_NAMESPACE, "queued", &error);
  g_assert_no_error (error);
}

/* Watch */

typedef struct
{
  GPtrArray *events;   /* "TYPE name" */
  guint      relisted;
  GError    *error;
} WatchLog;

static void
on_watch_event (StrataKubeWatch *watch,
                const char      *type,
                JsonNode        *object,
                gpointer         user_data)
{
  WatchLog *log = user_data;

  g_ptr_array_add (log->events, g_strdup_printf ("%s %s", type, metadata_string (object, "name")));
}

static void
on_watch_relisted (StrataKubeWatch *watch,
                   JsonNode        *list,
                   gpointer         user_data)
{
  WatchLog *log = user_data;

  g_assert_true (g_str_has_suffix (json_object_get_string_member (json_node_get_object (list), "kind"), "List"));
  log->relisted++;
}

static void
on_watch_failed (StrataKubeWatch *watch,
                 GError          *error,
                 gpointer         user_data)
{
  WatchLog *log = user_data;

  g_clear_error (&log->error);
  log->error = g_error_copy (error);
}

static void
watch_log_connect (StrataKubeWatch *watch,
                   WatchLog        *log)
{
  log->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (watch, "event", G_CALLBACK (on_watch_event), log);
  g_signal_connect (watch, "relisted", G_CALLBACK (on_watch_relisted), log);
  g_signal_connect (watch, "failed", G_CALLBACK (on_watch_failed), log);
}

static void
watch_log_clear (WatchLog *log)
{
  g_clear_pointer (&log->events, g_ptr_array_unref);
  g_clear_error (&log->error);
}

static gboolean
relisted_once (gpointer data)
{
  WatchLog *log = data;

  g_assert_no_error (log->error);
  return log->relisted > 0;
}

typedef struct
{
  WatchLog   *log;
  const char *event;
} WaitEvent;

static gboolean
has_event (gpointer data)
{
  WaitEvent *wait = data;

  g_assert_no_error (wait->log->error);
  for (guint i = 0; i < wait->log->events->len; i++)
    if (g_str_equal (g_ptr_array_index (wait->log->events, i), wait->event))
      return TRUE;
  return FALSE;
}

/* The events of @name, in order. */
static char *
events_of (WatchLog   *log,
           const char *name)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *suffix = g_strconcat (" ", name, NULL);

  for (guint i = 0; i < log->events->len; i++)
    {
      const char *event = g_ptr_array_index (log->events, i);

      if (g_str_has_suffix (event, suffix))
        g_string_append_printf (text, "%s%.*s", text->len ? "," : "",
                                (int)(strlen (event) - strlen (suffix)), event);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_watch (void)
{
  g_autoptr(StrataKubeWatch) watch = NULL;
  WatchLog log = { 0 };
  WaitEvent deleted = { &log, "DELETED watched" };
  g_autofree char *sequence = NULL;

  watch = strata_kube_client_watch (shared_client, "v1", "ConfigMap", TEST_NAMESPACE, "watch=yes", NULL);
  watch_log_connect (watch, &log);
  g_assert_true (strata_kube_watch_is_running (watch));
  wait_for (relisted_once, &log);
  g_assert_nonnull (strata_kube_watch_get_resource_version (watch));

  g_free (strata_test_kubectl (server, 0, "create", "configmap", "-n", TEST_NAMESPACE, "watched",
                               "--from-literal=key=one", NULL));
  g_free (strata_test_kubectl (server, 0, "label", "-n", TEST_NAMESPACE, "configmap", "watched", "watch=yes", NULL));
  g_free (strata_test_kubectl (server, 0, "patch", "-n", TEST_NAMESPACE, "configmap", "watched",
                               "-p", "{\"data\":{\"key\":\"two\"}}", NULL));
  g_free (strata_test_kubectl (server, 0, "delete", "-n", TEST_NAMESPACE, "configmap", "watched", NULL));
  wait_for (has_event, &deleted);

  /* The label made it enter the selection (ADDED), the patch changed it. */
  sequence = events_of (&log, "watched");
  g_assert_cmpstr (sequence, ==, "ADDED,MODIFIED,DELETED");

  strata_kube_watch_stop (watch);
  g_assert_false (strata_kube_watch_is_running (watch));
  g_assert_no_error (log.error);
  watch_log_clear (&log);
}

/* The etcd behind the test apiserver, from the flags it logs at start. */
static char *
find_etcd_url (void)
{
  g_autofree char *log = g_build_filename (strata_test_apiserver_get_folder (server), "logs",
                                           "kube-apiserver.log", NULL);
  g_autofree char *text = NULL;
  const char *flag;
  const char *end;

  if (!g_file_get_contents (log, &text, NULL, NULL) ||
      !(flag = strstr (text, "--etcd-servers=\"[")) ||
      !(end = strpbrk (flag + strlen ("--etcd-servers=\"["), ",]")))
    return NULL;

  flag += strlen ("--etcd-servers=\"[");
  return g_strndup (flag, end - flag);
}

static JsonNode *
etcd_call (SoupSession *session,
           const char  *etcd,
           const char  *method,
           const char  *body)
{
  g_autofree char *url = g_strconcat (etcd, method, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  soup_message_set_request_body_from_bytes (message, "application/json", request);
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  node = json_from_string (g_bytes_get_data (answer, NULL), &error);
  g_assert_no_error (error);

  return node;
}

/* Compacts etcd up to now: watches from an older version are then 410. */
static void
compact_etcd (const char *etcd)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonNode) range = etcd_call (session, etcd, "/v3/kv/range", "{\"key\":\"AA==\"}");
  JsonObject *header = json_object_get_object_member (json_node_get_object (range), "header");
  g_autofree char *body = g_strdup_printf ("{\"revision\":\"%s\",\"physical\":true}",
                                           json_object_get_string_member (header, "revision"));
  g_autoptr(JsonNode) compacted = etcd_call (session, etcd, "/v3/kv/compaction", body);
}

static void
create_event (const char *name)
{
  g_autofree char *text = g_strdup_printf ("apiVersion: v1\n"
                                           "kind: Event\n"
                                           "metadata: {name: %s, namespace: " TEST_NAMESPACE "}\n"
                                           "involvedObject: {kind: ConfigMap, name: ssa, namespace: " TEST_NAMESPACE "}\n"
                                           "reason: Testing\n"
                                           "message: a watch test\n"
                                           "type: Normal\n",
                                           name);
  g_autoptr(JsonNode) event = yaml (text);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GError) error = NULL;

  created = create (shared_client, event, 0, &error);
  g_assert_no_error (error);
}

static void
test_watch_gone (void)
{
  g_autofree char *etcd = find_etcd_url ();
  g_autoptr(StrataKubeWatch) watch = NULL;
  WatchLog log = { 0 };
  WaitEvent added = { &log, "ADDED after-gone" };

  if (etcd == NULL)
    {
      g_test_skip ("needs the etcd of the test apiserver");
      return;
    }

  /* Events skip the apiserver's watch cache: a watch from a version etcd
   * has compacted away ends with an ERROR event, 410 Expired. */
  create_event ("before-gone");
  compact_etcd (etcd);

  watch = strata_kube_client_watch (shared_client, "v1", "Event", TEST_NAMESPACE, NULL, "1");
  watch_log_connect (watch, &log);
  wait_for (relisted_once, &log);
  g_assert_cmpuint (log.relisted, ==, 1);
  g_assert_cmpuint (log.events->len, ==, 0);

  create_event ("after-gone");
  wait_for (has_event, &added);

  strata_kube_watch_stop (watch);
  g_assert_no_error (log.error);
  g_assert_cmpuint (log.relisted, ==, 1);
  watch_log_clear (&log);
}

static gboolean
watch_failed (gpointer data)
{
  return ((WatchLog *)data)->error != NULL;
}

static void
test_watch_unknown_kind (void)
{
  g_autoptr(StrataKubeWatch) watch = NULL;
  WatchLog log = { 0 };

  watch = strata_kube_client_watch (shared_client, "strata.test/v1", "Gizmo", NULL, NULL, NULL);
  watch_log_connect (watch, &log);
  wait_for (watch_failed, &log);

  g_assert_error (log.error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND);
  g_assert_false (strata_kube_watch_is_running (watch));
  watch_log_clear (&log);
}

/* An HTTP CONNECT proxy that counts its tunnels and can cut them all, as a
 * network that drops connections would. */
typedef struct
{
  GSocketService *service;
  GMutex          lock;
  GPtrArray      *sockets;
  guint           connects;
  guint           active;
  guint16         port;
} Proxy;

typedef struct
{
  GInputStream  *input;
  GOutputStream *output;
  GSocket       *from;
  GSocket       *to;
} Pump;

static gpointer
pump_run (gpointer data)
{
  Pump *pump = data;

  g_output_stream_splice (pump->output, pump->input, G_OUTPUT_STREAM_SPLICE_NONE, NULL, NULL);
  /* One direction ended: end the other too. */
  g_socket_shutdown (pump->from, TRUE, TRUE, NULL);
  g_socket_shutdown (pump->to, TRUE, TRUE, NULL);
  return NULL;
}

static gboolean
on_proxy_run (GThreadedSocketService *service,
              GSocketConnection      *connection,
              GObject                *source_object,
              gpointer                user_data)
{
  Proxy *proxy = user_data;
  g_autoptr(GDataInputStream) head = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autofree char *request = NULL;
  g_auto(GStrv) parts = NULL;
  const char *established = "HTTP/1.1 200 Connection established\r\n\r\n";
  Pump up, down;
  GThread *thread;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (head), FALSE);
  request = g_data_input_stream_read_line (head, NULL, NULL, NULL);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (head, NULL, NULL, NULL);

      if (line == NULL || *g_strstrip (line) == '\0')
        break;
    }

  parts = g_strsplit (request ? request : "", " ", 3);
  if (g_strv_length (parts) < 2 || !g_str_equal (parts[0], "CONNECT") ||
      !(upstream = g_socket_client_connect_to_host (socket_client, parts[1], 443, NULL, NULL)))
    return TRUE;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             established, strlen (established), NULL, NULL, NULL);

  g_mutex_lock (&proxy->lock);
  g_ptr_array_add (proxy->sockets, g_object_ref (g_socket_connection_get_socket (connection)));
  g_ptr_array_add (proxy->sockets, g_object_ref (g_socket_connection_get_socket (upstream)));
  proxy->connects++;
  proxy->active++;
  g_mutex_unlock (&proxy->lock);

  up = (Pump) { G_INPUT_STREAM (head), g_io_stream_get_output_stream (G_IO_STREAM (upstream)),
                g_socket_connection_get_socket (connection), g_socket_connection_get_socket (upstream) };
  down = (Pump) { g_io_stream_get_input_stream (G_IO_STREAM (upstream)),
                  g_io_stream_get_output_stream (G_IO_STREAM (connection)), up.from, up.to };
  thread = g_thread_new ("proxy-pump", pump_run, &down);
  pump_run (&up);
  g_thread_join (thread);

  g_mutex_lock (&proxy->lock);
  proxy->active--;
  g_mutex_unlock (&proxy->lock);

  return TRUE;
}

static void
proxy_start (Proxy *proxy)
{
  g_autoptr(GError) error = NULL;

  g_mutex_init (&proxy->lock);
  proxy->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  proxy->service = g_threaded_socket_service_new (8);
  proxy->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (proxy->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (proxy->service, "run", G_CALLBACK (on_proxy_run), proxy);
}

static void
proxy_cut (Proxy *proxy)
{
  g_mutex_lock (&proxy->lock);
  for (guint i = 0; i < proxy->sockets->len; i++)
    g_socket_shutdown (g_ptr_array_index (proxy->sockets, i), TRUE, TRUE, NULL);
  g_ptr_array_set_size (proxy->sockets, 0);
  g_mutex_unlock (&proxy->lock);
}

static guint
proxy_get (Proxy *proxy,
           guint *field)
{
  guint value;

  g_mutex_lock (&proxy->lock);
  value = *field;
  g_mutex_unlock (&proxy->lock);
  return value;
}

static gboolean
proxy_idle (gpointer data)
{
  Proxy *proxy = data;

  return proxy_get (proxy, &proxy->active) == 0;
}

static void
proxy_stop (Proxy *proxy)
{
  proxy_cut (proxy);
  wait_for (proxy_idle, proxy);
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_clear_object (&proxy->service);
  g_clear_pointer (&proxy->sockets, g_ptr_array_unref);
  g_mutex_clear (&proxy->lock);
}

/* Through proxy-url; and a watch whose connection drops resumes where it
 * was, without listing again. */
static void
test_proxy_and_watch_resume (void)
{
  g_autoptr(StrataKubeEndpoint) endpoint = load_endpoint (NULL);
  g_autoptr(StrataKubeClient) client = NULL;
  g_autoptr(StrataKubeWatch) watch = NULL;
  g_autoptr(JsonNode) object = config_map ("through-proxy", "v");
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *proxy_url = NULL;
  Proxy proxy = { 0 };
  WatchLog log = { 0 };
  WaitEvent first = { &log, "ADDED resume-1" };
  WaitEvent second = { &log, "ADDED resume-2" };

  proxy_start (&proxy);
  proxy_url = g_strdup_printf ("http://127.0.0.1:%u", proxy.port);
  strata_kube_endpoint_set_proxy_url (endpoint, proxy_url);
  client = strata_kube_client_new (endpoint, &error);
  g_assert_no_error (error);

  applied = apply (client, object, "strata", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proxy_get (&proxy, &proxy.connects), >=, 1);

  watch = strata_kube_client_watch (client, "v1", "ConfigMap", TEST_NAMESPACE, "resume=yes", NULL);
  watch_log_connect (watch, &log);
  wait_for (relisted_once, &log);
  g_free (strata_test_kubectl (server, 0, "create", "configmap", "-n", TEST_NAMESPACE, "resume-1", NULL));
  g_free (strata_test_kubectl (server, 0, "label", "-n", TEST_NAMESPACE, "configmap", "resume-1", "resume=yes", NULL));
  wait_for (has_event, &first);

  /* The connection drops; the watch reconnects through the proxy. */
  g_mutex_lock (&proxy.lock);
  proxy.connects = 0;
  g_mutex_unlock (&proxy.lock);
  proxy_cut (&proxy);
  g_free (strata_test_kubectl (server, 0, "create", "configmap", "-n", TEST_NAMESPACE, "resume-2", NULL));
  g_free (strata_test_kubectl (server, 0, "label", "-n", TEST_NAMESPACE, "configmap", "resume-2", "resume=yes", NULL));
  wait_for (has_event, &second);
  g_assert_cmpuint (proxy_get (&proxy, &proxy.connects), >=, 1);

  g_assert_cmpuint (log.relisted, ==, 1);
  g_assert_no_error (log.error);
  g_assert_true (strata_kube_watch_is_running (watch));

  strata_kube_watch_stop (watch);
  watch_log_clear (&log);
  proxy_stop (&proxy);
}

/* strata-cli kube */

static int
run_cli (char       **out,
         char       **err,
         const char  *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *)g_getenv ("STRATA_CLI"));
  g_ptr_array_add (argv, (char *)"kube");
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, (char *)"--kubeconfig");
  g_ptr_array_add (argv, (char *)strata_test_apiserver_get_kubeconfig (server));
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);

  /* A leak or undefined behaviour in the CLI fails the test, whatever the
   * exit status looked like. */
  g_assert_null (strstr (stderr_text, "Sanitizer"));
  g_assert_null (strstr (stderr_text, "runtime error"));
  g_assert_null (strstr (stderr_text, "CRITICAL"));

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  else if (stderr_text != NULL && *stderr_text != '\0')
    g_test_message ("strata-cli: %s", stderr_text);

  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static char *manifest_folder;

static char *
write_manifest (const char *name,
                const char *text)
{
  char *path = g_build_filename (manifest_folder, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static const char cli_manifest[] =
  "apiVersion: v1\n"
  "kind: ConfigMap\n"
  "metadata:\n"
  "  name: cli-settings\n"
  "data:\n"
  "  mode: original\n"
  "---\n"
  "apiVersion: apps/v1\n"
  "kind: Deployment\n"
  "metadata:\n"
  "  name: cli-web\n"
  "spec:\n"
  "  replicas: 1\n"
  "  selector: {matchLabels: {app: cli-web}}\n"
  "  template:\n"
  "    metadata: {labels: {app: cli-web}}\n"
  "    spec:\n"
  "      containers: [{name: web, image: registry.example/web:1}]\n"
  "---\n"
  "apiVersion: v1\n"
  "kind: Namespace\n"
  "metadata:\n"
  "  name: strata-cli-extra\n";

static void
test_cli_apply (void)
{
  g_autofree char *file = write_manifest ("apply.yaml", cli_manifest);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(JsonNode) deployment = NULL;
  g_autofree char *namespaces = NULL;

  g_assert_cmpint (run_cli (&out, NULL, "apply", "-n", TEST_NAMESPACE, "-f", file, NULL), ==, 0);
  /* Document order, whatever order the answers came in. */
  g_assert_cmpstr (out, ==,
                   "configmap/cli-settings serverside-applied\n"
                   "deployment.apps/cli-web serverside-applied\n"
                   "namespace/strata-cli-extra serverside-applied\n");

  config = kubectl_get_json ("configmap", "cli-settings");
  g_assert_cmpstr (data_string (config, "mode"), ==, "original");
  deployment = kubectl_get_json ("deployment", "cli-web");
  g_assert_cmpstr (metadata_string (deployment, "name"), ==, "cli-web");
  namespaces = strata_test_kubectl (server, 0, "get", "namespace", "strata-cli-extra", "-o", "name", NULL);
  g_assert_cmpstr (namespaces, ==, "namespace/strata-cli-extra\n");
}

/* A custom resource after its definition in the same file: the CRD goes
 * first and is served before the resource is applied. */
static void
test_cli_apply_crd (void)
{
  g_autofree char *file = write_manifest ("crd.yaml",
                                          "apiVersion: strata.test/v1\n"
                                          "kind: Sprocket\n"
                                          "metadata: {name: first-sprocket}\n"
                                          "spec: {teeth: 12}\n"
                                          "---\n"
                                          "apiVersion: apiextensions.k8s.io/v1\n"
                                          "kind: CustomResourceDefinition\n"
                                          "metadata: {name: sprockets.strata.test}\n"
                                          "spec:\n"
                                          "  group: strata.test\n"
                                          "  scope: Namespaced\n"
                                          "  names: {plural: sprockets, singular: sprocket, kind: Sprocket}\n"
                                          "  versions:\n"
                                          "  - name: v1\n"
                                          "    served: true\n"
                                          "    storage: true\n"
                                          "    schema:\n"
                                          "      openAPIV3Schema:\n"
                                          "        type: object\n"
                                          "        x-kubernetes-preserve-unknown-fields: true\n");
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) sprocket = NULL;

  g_assert_cmpint (run_cli (&out, NULL, "apply", "-n", TEST_NAMESPACE, "-f", file, NULL), ==, 0);
  g_assert_cmpstr (out, ==,
                   "sprocket.strata.test/first-sprocket serverside-applied\n"
                   "customresourcedefinition.apiextensions.k8s.io/sprockets.strata.test serverside-applied\n");
  sprocket = kubectl_get_json ("sprockets.strata.test", "first-sprocket");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (sprocket), "spec"),
                                               "teeth"), ==, 12);
}

static void
test_cli_diff (void)
{
  g_autofree char *file = write_manifest ("diff.yaml", cli_manifest);
  g_autofree char *bad = write_manifest ("bad.yaml", "apiVersion: v1\nkind: [unclosed\n");
  g_autofree char *missing = g_build_filename (manifest_folder, "missing.yaml", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (&out, NULL, "apply", "-n", TEST_NAMESPACE, "-f", file, NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&out, NULL, "diff", "-n", TEST_NAMESPACE, "-f", file, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);

  /* Someone edits a field strata owns. */
  g_free (strata_test_kubectl (server, 0, "patch", "-n", TEST_NAMESPACE, "configmap", "cli-settings",
                               "-p", "{\"data\":{\"mode\":\"edited\"}}", NULL));
  g_assert_cmpint (run_cli (&out, NULL, "diff", "-n", TEST_NAMESPACE, "-f", file, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (out, "--- live/v1.ConfigMap." TEST_NAMESPACE ".cli-settings\n"
                                        "+++ merged/v1.ConfigMap." TEST_NAMESPACE ".cli-settings\n"
                                        "@@ "));
  g_assert_nonnull (strstr (out, "\n-  mode: edited\n+  mode: original\n"));
  /* Only that object differs. */
  g_assert_null (strstr (out, "cli-web"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&out, &err, "diff", "-f", bad, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "bad.yaml"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "diff", "-f", missing, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "missing.yaml"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A missing object diffs against nothing. */
  {
    g_autofree char *fresh = write_manifest ("fresh.yaml",
                                             "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cli-fresh}\ndata: {a: b}\n");

    g_assert_cmpint (run_cli (&out, NULL, "diff", "-n", TEST_NAMESPACE, "-f", fresh, NULL), ==, 1);
    g_assert_nonnull (strstr (out, "@@ -0,0 +1,"));
    g_assert_nonnull (strstr (out, "\n+  name: cli-fresh\n"));
    kubectl_assert_absent ("configmap", "cli-fresh");
  }
}

static void
test_cli_get_delete (void)
{
  g_autofree char *file = write_manifest ("get.yaml",
                                          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cli-get}\ndata: {a: b}\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_cli (&out, NULL, "apply", "-n", TEST_NAMESPACE, "-f", file, NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&out, NULL, "get", "-n", TEST_NAMESPACE, "ConfigMap", "cli-get", "-o", "json", NULL), ==, 0);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (data_string (node, "a"), ==, "b");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&out, NULL, "get", "-n", TEST_NAMESPACE, "cm", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "NAME"));
  g_assert_nonnull (strstr (out, "\ncli-get "));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&out, NULL, "get", "-n", TEST_NAMESPACE, "configmaps", "cli-get", "-o", "yaml", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "name: cli-get\n"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&out, &err, "get", "-n", TEST_NAMESPACE, "nosuchkinds", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "unknown kind nosuchkinds"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, NULL, "delete", "-n", TEST_NAMESPACE, "configmap", "cli-get", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "configmap/cli-get deleted\n");
  kubectl_assert_absent ("configmap", "cli-get");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&out, &err, "delete", "-n", TEST_NAMESPACE, "-f", file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not found"));
}

/* The line diff behind kube diff */

static void
test_diff_unified (void)
{
  g_autofree char *equal = strata_diff_unified ("a\nb\n", "a\nb\n", "old", "new", 3);
  g_autofree char *changed = strata_diff_unified ("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
                                                  "old", "new", 3);
  g_autofree char *added = strata_diff_unified (NULL, "x\ny\n", "old", "new", 3);
  g_autofree char *no_newline = strata_diff_unified ("a\nb", "a\nb\n", "old", "new", 3);
  g_autofree char *two_hunks = strata_diff_unified ("a\n1\n2\n3\n4\n5\n6\n7\n8\nb\n", "A\n1\n2\n3\n4\n5\n6\n7\n8\nB\n",
                                                    "old", "new", 1);

  g_assert_cmpstr (equal, ==, "");
  g_assert_cmpstr (changed, ==,
                   "--- old\n+++ new\n"
                   "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  g_assert_cmpstr (added, ==, "--- old\n+++ new\n@@ -0,0 +1,2 @@\n+x\n+y\n");
  g_assert_cmpstr (no_newline, ==,
                   "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
  g_assert_cmpstr (two_hunks, ==,
                   "--- old\n+++ new\n"
                   "@@ -1,2 +1,2 @@\n-a\n+A\n 1\n"
                   "@@ -9,2 +9,2 @@\n 8\n-b\n+B\n");
}

/* Longest common subsequence by dynamic programming, to check that Myers
 * finds a shortest edit script. */
static guint
lcs_length (const char * const *a,
            guint               n,
            const char * const *b,
            guint               m)
{
  g_autofree guint *table = g_new0 (guint, (n + 1) * (m + 1));

  for (guint i = 1; i <= n; i++)
    for (guint j = 1; j <= m; j++)
      table[i * (m + 1) + j] = g_str_equal (a[i - 1], b[j - 1])
        ? table[(i - 1) * (m + 1) + j - 1] + 1
        : MAX (table[(i - 1) * (m + 1) + j], table[i * (m + 1) + j - 1]);

  return table[n * (m + 1) + m];
}

static void
test_diff_random (void)
{
  static const char * const alphabet[] = { "a", "b", "c", "d" };

  for (guint round = 0; round < 500; round++)
    {
      guint n = g_test_rand_int_range (0, 30);
      guint m = g_test_rand_int_range (0, 30);
      g_autofree const char **a = g_new0 (const char *, n + 1);
      g_autofree const char **b = g_new0 (const char *, m + 1);
      g_autoptr(GArray) chunks = NULL;
      g_autoptr(GPtrArray) rebuilt = g_ptr_array_new ();
      guint equal = 0, old_position = 0, new_position = 0;

      for (guint i = 0; i < n; i++)
        a[i] = alphabet[g_test_rand_int_range (0, G_N_ELEMENTS (alphabet))];
      for (guint i = 0; i < m; i++)
        b[i] = alphabet[g_test_rand_int_range (0, G_N_ELEMENTS (alphabet))];

      chunks = strata_diff_lines (a, n, b, m);
      for (guint i = 0; i < chunks->len; i++)
        {
          StrataDiffChunk *chunk = &g_array_index (chunks, StrataDiffChunk, i);

          g_assert_cmpuint (chunk->old_start, ==, old_position);
          g_assert_cmpuint (chunk->new_start, ==, new_position);
          g_assert_cmpuint (chunk->length, >, 0);
          for (guint j = 0; j < chunk->length; j++)
            {
              if (chunk->operation == STRATA_DIFF_EQUAL)
                g_assert_cmpstr (a[chunk->old_start + j], ==, b[chunk->new_start + j]);
              if (chunk->operation != STRATA_DIFF_DELETE)
                g_ptr_array_add (rebuilt, (gpointer)b[chunk->new_start + j]);
            }
          if (chunk->operation == STRATA_DIFF_EQUAL)
            equal += chunk->length;
          if (chunk->operation != STRATA_DIFF_INSERT)
            old_position += chunk->length;
          if (chunk->operation != STRATA_DIFF_DELETE)
            new_position += chunk->length;
        }

      g_assert_cmpuint (old_position, ==, n);
      g_assert_cmpuint (new_position, ==, m);
      g_assert_cmpuint (rebuilt->len, ==, m);
      g_assert_cmpuint (equal, ==, lcs_length (a, n, b, m));
    }
}

/* Applied, so that a second run against the same server (see
 * STRATA_TEST_KUBECONFIG) finds it as it should be. */
static void
create_test_namespace (void)
{
  g_autoptr(JsonNode) namespace_ = yaml ("apiVersion: v1\nkind: Namespace\nmetadata: {name: " TEST_NAMESPACE "}\n");
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(GError) error = NULL;

  applied = apply (shared_client, namespace_, "strata-test", STRATA_KUBE_REQUEST_FORCE, &error);
  g_assert_no_error (error);
}

/* Against a server that outlives this program (STRATA_TEST_KUBECONFIG),
 * start from what a fresh one would hold. */
static void
clean_previous_run (void)
{
  if (g_getenv ("STRATA_TEST_KUBECONFIG") == NULL)
    return;

  g_free (strata_test_kubectl (server, 0, "delete", "crd", "widgets.strata.test", "sprockets.strata.test",
                               "--ignore-not-found", NULL));
  g_free (strata_test_kubectl (server, 0, "delete", "configmaps,events", "--all", "-n", TEST_NAMESPACE,
                               "--ignore-not-found", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *asan = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* Before anything asks GLib for it: discovery caches go here. */
  cache_home = strata_test_make_folder ();
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  /* strata-cli runs with the same sanitizer options as this program. */
  asan = g_strconcat (g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "",
                      g_getenv ("ASAN_OPTIONS") ? ":" : "", "intercept_tls_get_addr=0", NULL);
  g_setenv ("ASAN_OPTIONS", asan, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/diff/unified", test_diff_unified);
  g_test_add_func ("/core/diff/random", test_diff_random);
  g_test_add_func ("/kube/client/version", test_version);
  g_test_add_func ("/kube/client/discovery/builtin", test_discovery_builtin);
  g_test_add_func ("/kube/client/discovery/shared-fetch", test_discovery_shared_fetch);
  g_test_add_func ("/kube/client/discovery/cache", test_discovery_cache);
  g_test_add_func ("/kube/client/discovery/crd", test_discovery_crd);
  g_test_add_func ("/kube/client/crud", test_crud);
  g_test_add_func ("/kube/client/apply", test_apply);
  g_test_add_func ("/kube/client/apply/conflict", test_apply_conflict);
  g_test_add_func ("/kube/client/dry-run", test_dry_run);
  g_test_add_func ("/kube/client/errors/status", test_status_errors);
  g_test_add_func ("/kube/client/errors/unknown-kind", test_unknown_kind);
  g_test_add_func ("/kube/client/errors/connection-refused", test_connection_refused);
  g_test_add_func ("/kube/client/errors/timeout", test_timeout);
  g_test_add_func ("/kube/client/errors/tls-mismatch", test_tls_mismatch);
  g_test_add_func ("/kube/client/client-certificate", test_client_certificate);
  g_test_add_func ("/kube/client/unauthorized-retry", test_unauthorized_retry);
  g_test_add_func ("/kube/client/proxy-and-watch-resume", test_proxy_and_watch_resume);
  g_test_add_func ("/kube/client/concurrency", test_concurrency);
  g_test_add_func ("/kube/client/cancel-queued", test_cancel_queued);
  g_test_add_func ("/kube/client/watch", test_watch);
  g_test_add_func ("/kube/client/watch/gone", test_watch_gone);
  g_test_add_func ("/kube/client/watch/unknown-kind", test_watch_unknown_kind);
  g_test_add_func ("/kube/cli/apply", test_cli_apply);
  g_test_add_func ("/kube/cli/apply-crd", test_cli_apply_crd);
  g_test_add_func ("/kube/cli/diff", test_cli_diff);
  g_test_add_func ("/kube/cli/get-delete", test_cli_get_delete);

  server = strata_test_apiserver_start ();
  manifest_folder = strata_test_make_folder ();
  shared_client = new_client (NULL);
  create_test_namespace ();
  clean_previous_run ();

  status = g_test_run ();

  g_clear_object (&shared_client);
  strata_test_apiserver_stop (server);
  strata_test_remove_tree (manifest_folder);
  g_free (manifest_folder);
  strata_test_remove_tree (cache_home);
  g_free (cache_home);

  return status;
}
