/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Chart repositories and pack registries by URL, against a SoupServer on
 * loopback serving index.yaml and .tgz archives made here: fetch, cache,
 * offline use, digest checks, unknown charts and versions; and the
 * registry list they are kept in. */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "strata-chart-layer.h"
#include "strata-chart-repository.h"
#include "strata-core.h"
#include "strata-kube-error.h"
#include "strata-registry-list.h"
#include "strata-test-util.h"
#include "chart/strata-test-chart.h"

typedef struct
{
  SoupServer *server;
  GHashTable *responses;   /* path → GBytes */
  GHashTable *hits;        /* path → count */
  char       *url;         /* http://127.0.0.1:PORT/ */
  char       *folder;
  char       *cache;
  GBytes     *demo;        /* demo-0.1.0.tgz */
} Fixture;

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *fixture = user_data;
  GBytes *body = g_hash_table_lookup (fixture->responses, path);
  guint hits = GPOINTER_TO_UINT (g_hash_table_lookup (fixture->hits, path));

  g_hash_table_replace (fixture->hits, g_strdup (path), GUINT_TO_POINTER (hits + 1));
  if (body == NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/octet-stream", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static guint
hits (Fixture    *fixture,
      const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (fixture->hits, path));
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

static char *
digest_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->responses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
  fixture->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_callback, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%d/", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  fixture->folder = strata_test_make_folder ();
  fixture->cache = g_build_filename (fixture->folder, "cache", NULL);
  g_setenv ("STRATA_CACHE_DIR", fixture->cache, TRUE);
  g_setenv ("STRATA_HELM", "none", TRUE);
  fixture->demo = strata_test_make_archive ("demo", demo_chart);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->responses, g_hash_table_unref);
  g_clear_pointer (&fixture->hits, g_hash_table_unref);
  strata_test_remove_tree (fixture->folder);
  g_clear_pointer (&fixture->folder, g_free);
  g_clear_pointer (&fixture->cache, g_free);
  g_clear_pointer (&fixture->url, g_free);
  g_clear_pointer (&fixture->demo, g_bytes_unref);
  g_unsetenv ("STRATA_CACHE_DIR");
}

/* An index with demo 0.1.0 (relative URL), 0.2.0-rc.1 (absolute URL) and
 * @digest for 0.1.0 (NULL: the real one). */
static void
serve_demo_repository (Fixture    *fixture,
                       const char *digest)
{
  g_autofree char *real = digest_of (fixture->demo);
  g_autofree char *index = g_strdup_printf (
    "apiVersion: v1\n"
    "entries:\n"
    "  demo:\n"
    "    - name: demo\n      version: 0.2.0-rc.1\n      digest: %s\n      urls: [%sfiles/demo-0.2.0-rc.1.tgz]\n"
    "    - name: demo\n      version: 0.1.0\n      digest: %s\n      urls: [charts/demo-0.1.0.tgz]\n"
    "generated: \"2026-11-01T00:00:00Z\"\n",
    real, fixture->url, digest != NULL ? digest : real);

  serve_text (fixture, "/repo/index.yaml", index);
  serve (fixture, "/repo/charts/demo-0.1.0.tgz", fixture->demo);
  serve (fixture, "/files/demo-0.2.0-rc.1.tgz", fixture->demo);
}

static StrataChartRepository *
make_repository (Fixture            *fixture,
                 const char         *name,
                 const char         *path,
                 StrataRegistryType  type)
{
  g_autofree char *url = g_strconcat (fixture->url, path, NULL);
  StrataRegistryEntry entry = { (char *)name, url, type, FALSE };

  return strata_chart_repository_new (&entry);
}

static char *
fetch (StrataChartRepository  *repository,
       const char             *name,
       const char             *version,
       char                  **path,
       char                  **warning,
       GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_chart_repository_fetch_async (repository, name, version, NULL, strata_test_async_ready, &result);
  return strata_chart_repository_fetch_finish (repository, strata_test_wait (&result), path, warning, error);
}

static char *
render (const char  *source,
        GError     **error)
{
  g_autoptr(StrataLayer) layer = strata_layer_new ("web", STRATA_LAYER_KIND_HELM);
  g_autoptr(StrataTemplateContext) context = strata_template_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  strata_layer_set_source (layer, source);
  strata_chart_layer_render_async (layer, NULL, context, NULL, strata_test_async_ready, &result);
  return strata_chart_layer_render_finish (strata_test_wait (&result), error);
}

static void
test_fetch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(StrataChartRepository) repository = make_repository (fixture, "example", "repo", STRATA_REGISTRY_TYPE_CHARTS);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *path = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *cached = NULL;
  gsize length;

  serve_demo_repository (fixture, NULL);

  /* Not cached yet: a render says so, naming the chart. */
  manifest = render ("example/demo@0.1.0", &error);
  g_assert_null (manifest);
  g_assert_nonnull (strstr (error->message, "example/demo@0.1.0"));
  g_clear_error (&error);

  /* No version: the latest release, not the pre-release. */
  version = fetch (repository, "demo", NULL, &path, &warning, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "0.1.0");
  g_assert_null (warning);
  expected = g_build_filename (fixture->cache, "charts", "example", "demo-0.1.0.tgz", NULL);
  g_assert_cmpstr (path, ==, expected);
  g_assert_true (g_file_get_contents (path, &cached, &length, NULL));
  g_assert_cmpmem (cached, length, g_bytes_get_data (fixture->demo, NULL), g_bytes_get_size (fixture->demo));
  g_assert_cmpuint (hits (fixture, "/repo/index.yaml"), ==, 1);
  g_assert_cmpuint (hits (fixture, "/repo/charts/demo-0.1.0.tgz"), ==, 1);

  manifest = render ("example/demo@0.1.0", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (manifest, "  name: web-demo\n"));
  g_clear_pointer (&manifest, g_free);

  /* Fetched again: a fresh index, but the cached archive is reused. */
  g_clear_pointer (&version, g_free);
  g_clear_pointer (&path, g_free);
  version = fetch (repository, "demo", "0.1.0", &path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits (fixture, "/repo/index.yaml"), ==, 2);
  g_assert_cmpuint (hits (fixture, "/repo/charts/demo-0.1.0.tgz"), ==, 1);

  /* A pre-release by name, from an absolute URL elsewhere. */
  g_clear_pointer (&version, g_free);
  version = fetch (repository, "demo", "0.2.0-rc.1", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "0.2.0-rc.1");
  g_assert_cmpuint (hits (fixture, "/files/demo-0.2.0-rc.1.tgz"), ==, 1);
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(StrataChartRepository) repository = make_repository (fixture, "example", "repo", STRATA_REGISTRY_TYPE_CHARTS);
  g_autoptr(StrataChartRepository) never = make_repository (fixture, "never", "never", STRATA_REGISTRY_TYPE_CHARTS);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *manifest = NULL;

  serve_demo_repository (fixture, NULL);
  version = fetch (repository, "demo", "0.1.0", NULL, NULL, &error);
  g_assert_no_error (error);

  /* The server goes away: the cached index is used, and its age said. */
  soup_server_disconnect (fixture->server);
  g_clear_pointer (&version, g_free);
  version = fetch (repository, "demo", "0.1.0", NULL, &warning, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "0.1.0");
  g_assert_nonnull (warning);
  g_test_message ("%s", warning);
  g_assert_nonnull (strstr (warning, "using the index of repository “example” cached less than a minute ago"));

  manifest = render ("example/demo@0.1.0", &error);
  g_assert_no_error (error);
  g_assert_nonnull (manifest);

  /* Never reached and offline: nothing to fall back on, and it says so. */
  g_clear_pointer (&version, g_free);
  version = fetch (never, "demo", NULL, NULL, NULL, &error);
  g_assert_null (version);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONNECTION);
  g_assert_nonnull (strstr (error->message, "no cached index"));
}

static void
test_digest_mismatch (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(StrataChartRepository) repository = make_repository (fixture, "example", "repo", STRATA_REGISTRY_TYPE_CHARTS);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *archive = NULL;

  serve_demo_repository (fixture, "abababababababababababababababababababababababababababababababab");
  version = fetch (repository, "demo", "0.1.0", NULL, NULL, &error);
  g_assert_null (version);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "example/demo@0.1.0"));
  g_assert_nonnull (strstr (error->message, "does not match"));

  /* Nothing unchecked reached the cache. */
  archive = g_build_filename (fixture->cache, "charts", "example", "demo-0.1.0.tgz", NULL);
  g_assert_false (g_file_test (archive, G_FILE_TEST_EXISTS));
}

static void
test_unknown (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(StrataChartRepository) repository = make_repository (fixture, "example", "repo", STRATA_REGISTRY_TYPE_CHARTS);
  g_autoptr(StrataChartRepository) missing = make_repository (fixture, "missing", "missing", STRATA_REGISTRY_TYPE_CHARTS);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  serve_demo_repository (fixture, NULL);

  version = fetch (repository, "nope", NULL, NULL, NULL, &error);
  g_assert_null (version);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "no chart “nope” in repository “example” (it has: demo)");
  g_clear_error (&error);

  version = fetch (repository, "demo", "9.9.9", NULL, NULL, &error);
  g_assert_null (version);
  g_assert_cmpstr (error->message, ==,
                   "chart “demo” in repository “example” has no version 9.9.9 (it has: 0.2.0-rc.1, 0.1.0)");
  g_clear_error (&error);

  /* A 404 is the URL's fault, not the network's: no fallback. */
  version = fetch (missing, "demo", NULL, NULL, NULL, &error);
  g_assert_null (version);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing/index.yaml answered 404"));
}

static void
test_bad_index (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(StrataChartRepository) repository = make_repository (fixture, "example", "repo", STRATA_REGISTRY_TYPE_CHARTS);
  g_autoptr(StrataChartIndex) cached = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;

  serve_demo_repository (fixture, NULL);
  version = fetch (repository, "demo", NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  serve_text (fixture, "/repo/index.yaml", "<html>maintenance</html>\n");
  g_clear_pointer (&version, g_free);
  version = fetch (repository, "demo", NULL, NULL, NULL, &error);
  g_assert_null (version);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "is not a chart repository index"));
  g_clear_error (&error);

  /* The good copy stays in the cache. */
  cached = strata_chart_repository_load_cached (repository, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (strata_chart_index_get_names (cached), ((const char *[]) { "demo", NULL }));
}

static void
test_pack_registry (Fixture       *fixture,
                    gconstpointer  data)
{
  static const TestFile pack_files[] = {
    { "pack.yaml", "name: greeter\nversion: 1.0.0\ndisplayName: Greeter\ncategory: App Services\n"
                   "description: Says hello.\nlayer:\n  namespace: greeter\n  priority: 30\n" },
    { "values.yaml", "greeting: hello\n" },
    { "templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: greeter\n"
                           "data:\n  greeting: {{ .Values.greeting | quote }}\n" },
    { NULL, NULL },
  };
  g_autoptr(StrataChartRepository) registry = make_repository (fixture, "extra", "packs", STRATA_REGISTRY_TYPE_PACKS);
  g_autoptr(GBytes) archive = strata_test_make_archive ("greeter", pack_files);
  g_autofree char *digest = digest_of (archive);
  g_autofree char *index = g_strdup_printf (
    "apiVersion: v1\nentries:\n  greeter:\n"
    "    - name: greeter\n      version: 1.0.0\n      displayName: Greeter\n      category: App Services\n"
    "      digest: %s\n      urls: [greeter-1.0.0.tgz]\n", digest);
  g_autoptr(StrataPackRegistry) packs = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *folder = NULL;
  StrataPack *pack;

  serve_text (fixture, "/packs/index.yaml", index);
  serve (fixture, "/packs/greeter-1.0.0.tgz", archive);

  version = fetch (registry, "greeter", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "1.0.0");

  folder = strata_chart_repository_dup_packs_folder (registry);
  packs = strata_pack_registry_new ("extra", folder);
  strata_pack_registry_load_async (packs, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_pack_registry_load_finish (packs, strata_test_wait (&result), &error));
  g_assert_no_error (error);
  pack = strata_pack_registry_lookup (packs, "greeter", "1.0.0");
  g_assert_nonnull (pack);
  g_assert_cmpstr (strata_pack_get_category (pack), ==, "App Services");
  g_assert_cmpstr (strata_pack_get_namespace (pack), ==, "greeter");

  /* A chart archive is not a pack. */
  serve (fixture, "/packs/greeter-1.0.0.tgz", fixture->demo);
  {
    g_autofree char *demo_digest = digest_of (fixture->demo);
    g_autofree char *chart_index = g_strdup_printf (
      "apiVersion: v1\nentries:\n  demo:\n    - name: demo\n      version: 0.1.0\n"
      "      digest: %s\n      urls: [greeter-1.0.0.tgz]\n", demo_digest);

    serve_text (fixture, "/packs/index.yaml", chart_index);
    g_clear_pointer (&version, g_free);
    version = fetch (registry, "demo", NULL, NULL, NULL, &error);
    g_assert_null (version);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "extra/demo@0.1.0: the archive holds no pack.yaml"));
  }
}

/* What a profile version needs, fetched before a render. */
static void
test_fetch_layers (Fixture       *fixture,
                   gconstpointer  data)
{
  static const TestFile pack_files[] = {
    { "pack.yaml", "name: greeter\nversion: 1.0.0\ncategory: App Services\n" },
    { "values.yaml", "greeting: hello\n" },
    { "templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: greeter\n" },
    { NULL, NULL },
  };
  g_autoptr(GBytes) archive = strata_test_make_archive ("greeter", pack_files);
  g_autofree char *digest = digest_of (archive);
  g_autofree char *index = g_strdup_printf ("apiVersion: v1\nentries:\n  greeter:\n"
                                            "    - name: greeter\n      version: 1.0.0\n      digest: %s\n"
                                            "      urls: [greeter-1.0.0.tgz]\n", digest);
  g_autofree char *list_path = g_build_filename (fixture->folder, "registries.yaml", NULL);
  g_autofree char *charts_url = g_strconcat (fixture->url, "repo", NULL);
  g_autofree char *packs_url = g_strconcat (fixture->url, "packs", NULL);
  g_autoptr(StrataRegistryList) registries = strata_registry_list_new (list_path);
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataLayer) chart = strata_layer_new ("web", STRATA_LAYER_KIND_HELM);
  g_autoptr(StrataLayer) pack = strata_layer_new ("greeter", STRATA_LAYER_KIND_PACK);
  g_autoptr(StrataLayer) local = strata_layer_new ("local", STRATA_LAYER_KIND_PACK);
  g_autoptr(StrataLayer) stray = strata_layer_new ("stray", STRATA_LAYER_KIND_HELM);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) warnings = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *unpacked = NULL;

  serve_demo_repository (fixture, NULL);
  serve_text (fixture, "/packs/index.yaml", index);
  serve (fixture, "/packs/greeter-1.0.0.tgz", archive);
  g_assert_true (strata_registry_list_add (registries, "example", charts_url, STRATA_REGISTRY_TYPE_CHARTS, FALSE, &error));
  g_assert_true (strata_registry_list_add (registries, "extra", packs_url, STRATA_REGISTRY_TYPE_PACKS, FALSE, &error));

  strata_layer_set_source (chart, "example/demo@0.1.0");
  strata_layer_set_source (pack, "extra/greeter@1.0.0");
  strata_layer_set_source (local, "hello-universe@1.0.0");
  g_assert_true (strata_profile_version_add_layer (version, chart, &error));
  g_assert_true (strata_profile_version_add_layer (version, pack, &error));
  g_assert_true (strata_profile_version_add_layer (version, local, &error));

  strata_chart_repository_fetch_layers_async (registries, version, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_chart_repository_fetch_layers_finish (strata_test_wait (&result), &warnings, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (warnings), ==, 0);
  g_assert_cmpuint (hits (fixture, "/repo/charts/demo-0.1.0.tgz"), ==, 1);
  g_assert_cmpuint (hits (fixture, "/packs/greeter-1.0.0.tgz"), ==, 1);

  manifest = render ("example/demo@0.1.0", &error);
  g_assert_no_error (error);
  unpacked = g_build_filename (fixture->cache, "packs", "extra", "packs", "greeter", "1.0.0", "pack.yaml", NULL);
  g_assert_true (g_file_test (unpacked, G_FILE_TEST_IS_REGULAR));

  /* All cached: nothing is asked of the network. */
  strata_chart_repository_fetch_layers_async (registries, version, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_chart_repository_fetch_layers_finish (strata_test_wait (&result), NULL, &error));
  g_assert_cmpuint (hits (fixture, "/repo/index.yaml"), ==, 1);
  g_assert_cmpuint (hits (fixture, "/packs/index.yaml"), ==, 1);

  /* A repository nobody added: the layer is named. */
  strata_layer_set_source (stray, "elsewhere/thing@1.0.0");
  g_assert_true (strata_profile_version_add_layer (version, stray, &error));
  strata_chart_repository_fetch_layers_async (registries, version, NULL, strata_test_async_ready, &result);
  g_assert_false (strata_chart_repository_fetch_layers_finish (strata_test_wait (&result), NULL, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Layer “stray”: no chart repository named “elsewhere” (add it with “strata-cli repo add”)");
}

/* The registry list */

static void
test_registry_list (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *path = g_build_filename (folder, "registries.yaml", NULL);
  g_autoptr(StrataRegistryList) list = strata_registry_list_new (path);
  g_autoptr(StrataRegistryList) again = strata_registry_list_new (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  StrataRegistryEntry *entry;

  g_assert_true (strata_registry_list_load (list, &error));
  g_assert_cmpuint (strata_registry_list_get_entries (list)->len, ==, 0);

  g_assert_true (strata_registry_list_add (list, "zeta", "https://charts.example.com", STRATA_REGISTRY_TYPE_CHARTS, FALSE, &error));
  g_assert_true (strata_registry_list_add (list, "alpha", "http://packs.example.com/x/", STRATA_REGISTRY_TYPE_PACKS, TRUE, &error));
  g_assert_no_error (error);

  g_assert_false (strata_registry_list_add (list, "zeta", "https://other.example.com", STRATA_REGISTRY_TYPE_CHARTS, FALSE, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_false (strata_registry_list_add (list, "public", "https://other.example.com", STRATA_REGISTRY_TYPE_CHARTS, FALSE, &error));
  g_clear_error (&error);
  g_assert_false (strata_registry_list_add (list, "bad", "ftp://example.com", STRATA_REGISTRY_TYPE_CHARTS, FALSE, &error));
  g_assert_nonnull (strstr (error->message, "not an http or https URL"));
  g_clear_error (&error);
  g_assert_false (strata_registry_list_add (list, "bad", "https://me:secret@example.com", STRATA_REGISTRY_TYPE_CHARTS, FALSE, &error));
  g_assert_nonnull (strstr (error->message, "keyring"));
  g_clear_error (&error);
  g_assert_false (strata_registry_list_add (list, "Bad_Name", "https://example.com", STRATA_REGISTRY_TYPE_CHARTS, FALSE, &error));
  g_clear_error (&error);

  g_assert_true (strata_registry_list_save (list, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "secret"));

  g_assert_true (strata_registry_list_load (again, &error));
  g_assert_cmpuint (strata_registry_list_get_entries (again)->len, ==, 2);
  entry = g_ptr_array_index (strata_registry_list_get_entries (again), 0);
  g_assert_cmpstr (entry->name, ==, "alpha");
  g_assert_cmpint (entry->type, ==, STRATA_REGISTRY_TYPE_PACKS);
  g_assert_true (entry->has_credentials);
  entry = strata_registry_list_lookup (again, "zeta");
  g_assert_cmpstr (entry->url, ==, "https://charts.example.com");
  g_assert_false (entry->has_credentials);

  g_assert_true (strata_registry_list_remove (again, "zeta", &error));
  g_assert_false (strata_registry_list_remove (again, "zeta", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A damaged file is reported with its path and left as it is. */
  g_assert_true (g_file_set_contents (path, "registries:\n  - name: x\n    url: nope\n", -1, NULL));
  g_assert_false (strata_registry_list_load (again, &error));
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "registries[0]"));
  g_assert_cmpuint (strata_registry_list_get_entries (again)->len, ==, 0);

  strata_test_remove_tree (folder);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/kube/chart-repository/fetch", test_fetch);
  ADD ("/kube/chart-repository/offline", test_offline);
  ADD ("/kube/chart-repository/digest-mismatch", test_digest_mismatch);
  ADD ("/kube/chart-repository/unknown", test_unknown);
  ADD ("/kube/chart-repository/bad-index", test_bad_index);
  ADD ("/kube/chart-repository/pack-registry", test_pack_registry);
  ADD ("/kube/chart-repository/fetch-layers", test_fetch_layers);
#undef ADD
  g_test_add_func ("/core/registry-list/add-save-load", test_registry_list);

  return g_test_run ();
}
