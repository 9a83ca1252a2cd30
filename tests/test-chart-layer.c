/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helm chart layers: folders and .tgz archives, rendered by the real helm
 * and by Strata's engine, which must agree; what the engine cannot render
 * is refused naming the construct. Every case runs without helm and, when
 * tests/helm/helm-fetch has cached it, with helm. */

#include "config.h"

#include <string.h>

#include "strata-chart-layer.h"
#include "strata-core.h"
#include "strata-template.h"
#include "strata-test-util.h"
#include "chart/strata-test-chart.h"

static char *helm_path;

typedef struct
{
  char *folder;
  char *chart;     /* demo chart folder */
  char *archive;   /* the same, packed */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GError) error = NULL;

  fixture->folder = strata_test_make_folder ();
  fixture->chart = g_build_filename (fixture->folder, "demo", NULL);
  strata_test_write_files (fixture->chart, demo_chart);
  archive = strata_test_make_archive ("demo", demo_chart);
  fixture->archive = g_build_filename (fixture->folder, "demo-0.1.0.tgz", NULL);
  g_file_set_contents (fixture->archive, g_bytes_get_data (archive, NULL), g_bytes_get_size (archive), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  strata_test_remove_tree (fixture->folder);
  g_free (fixture->folder);
  g_free (fixture->chart);
  g_free (fixture->archive);
}

static void
use_helm (gboolean with_helm)
{
  g_setenv ("STRATA_HELM", with_helm ? helm_path : "none", TRUE);
}

static StrataTemplateContext *
make_context (void)
{
  static const char * const extra[] = { "example.com/v1", NULL };
  StrataTemplateContext *context = strata_template_context_new ();
  g_autoptr(GError) error = NULL;

  strata_template_context_set_namespace (context, "apps");
  strata_template_context_set_kube_version (context, "v1.29.4", &error);
  g_assert_no_error (error);
  strata_template_context_add_api_versions (context, extra);
  return context;
}

static char *
render (const char  *source,
        const char  *values,
        GError     **error)
{
  g_autoptr(StrataLayer) layer = strata_layer_new ("web", STRATA_LAYER_KIND_HELM);
  g_autoptr(StrataTemplateContext) context = make_context ();
  g_autoptr(GAsyncResult) result = NULL;

  strata_layer_set_source (layer, source);
  strata_chart_layer_render_async (layer, values, context, NULL, strata_test_async_ready, &result);
  return strata_chart_layer_render_finish (strata_test_wait (&result), error);
}

static char *
render_ok (const char *source,
           const char *values)
{
  g_autoptr(GError) error = NULL;
  char *manifest = render (source, values, &error);

  g_assert_no_error (error);
  g_assert_nonnull (manifest);
  return manifest;
}

static void
assert_demo_manifest (const char *manifest)
{
  g_assert_nonnull (strstr (manifest, "# Source: demo/templates/configmap.yaml\n"));
  g_assert_nonnull (strstr (manifest, "  name: web-demo\n"));
  g_assert_nonnull (strstr (manifest, "  namespace: apps\n"));
  g_assert_nonnull (strstr (manifest, "  message: \"hi there\"\n"));
  g_assert_nonnull (strstr (manifest, "  kube: \"v1.29.4\"\n"));
  g_assert_nonnull (strstr (manifest, "  example: \"true\"\n"));
  g_assert_nonnull (strstr (manifest, "  replicas: 3\n"));
  g_assert_nonnull (strstr (manifest, "app.kubernetes.io/instance: web\n"));
}

/* One chart, four ways (folder or archive, engine or helm): one output. */
static void
test_folder_and_archive (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *values = "message: hi there\nreplicas: 3\n";
  g_autofree char *from_folder = NULL;
  g_autofree char *from_archive = NULL;

  use_helm (FALSE);
  from_folder = render_ok (fixture->chart, values);
  from_archive = render_ok (fixture->archive, values);
  assert_demo_manifest (from_folder);
  g_assert_cmpstr (from_folder, ==, from_archive);

  if (helm_path == NULL)
    {
      g_test_message ("no helm cached by tests/helm/helm-fetch: engine only");
      return;
    }

  use_helm (TRUE);
  {
    g_autofree char *helm_folder = render_ok (fixture->chart, values);
    g_autofree char *helm_archive = render_ok (fixture->archive, values);

    g_assert_cmpstr (helm_folder, ==, from_folder);
    g_assert_cmpstr (helm_archive, ==, from_folder);
  }

  /* An archive made by `helm package` itself reads the same. */
  {
    g_autofree char *packaged = g_build_filename (fixture->folder, "packaged", NULL);
    g_autofree char *archive = g_build_filename (packaged, "demo-0.1.0.tgz", NULL);
    g_autofree char *engine = NULL;
    const char *argv[] = { helm_path, "package", fixture->chart, "--destination", packaged, NULL };
    g_autoptr(GError) error = NULL;
    int wait_status;

    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                 NULL, NULL, &wait_status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
    use_helm (FALSE);
    engine = render_ok (archive, values);
    g_assert_cmpstr (engine, ==, from_folder);
  }
}

static void
test_default_values (Fixture       *fixture,
                     gconstpointer  data)
{
  for (int with_helm = 0; with_helm <= (helm_path != NULL); with_helm++)
    {
      g_autofree char *manifest = NULL;

      use_helm (with_helm);
      manifest = render_ok (fixture->archive, NULL);
      g_assert_nonnull (strstr (manifest, "  message: \"hello\"\n"));
      g_assert_nonnull (strstr (manifest, "  replicas: 1\n"));
    }
}

/* A template failure: the engine names file, line and column; helm's own
 * words come back as the error. Both name the layer. */
static void
test_template_errors (Fixture       *fixture,
                      gconstpointer  data)
{
  for (int with_helm = 0; with_helm <= (helm_path != NULL); with_helm++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *manifest = NULL;

      use_helm (with_helm);
      manifest = render (fixture->chart, "secret:\n  other: 1\n", &error);
      g_assert_null (manifest);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", with_helm ? "helm" : "engine", error->message);
      g_assert_true (g_str_has_prefix (error->message, "Layer “web”: "));
      g_assert_nonnull (strstr (error->message, "secret.value is required"));
      g_assert_nonnull (strstr (error->message, "demo/templates/deployment.yaml"));
      if (with_helm)
        g_assert_nonnull (strstr (error->message, "helm template failed"));
    }
}

static void
test_bad_values (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *manifest = NULL;

  use_helm (FALSE);
  manifest = render (fixture->chart, "replicas: [1\n", &error);
  g_assert_null (manifest);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Layer “web”: values: "));
}

/* Subcharts and functions outside the engine: refused by name, with helm
 * suggested; helm renders them. */
static void
test_outside_engine (Fixture       *fixture,
                     gconstpointer  data)
{
  static const TestFile subchart_files[] = {
    { "Chart.yaml", "apiVersion: v2\nname: parent\nversion: 1.0.0\n" },
    { "templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: parent\n" },
    { "charts/child/Chart.yaml", "apiVersion: v2\nname: child\nversion: 1.0.0\n" },
    { "charts/child/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: child\n" },
    { NULL, NULL },
  };
  static const TestFile function_files[] = {
    { "Chart.yaml", "apiVersion: v2\nname: clock\nversion: 1.0.0\n" },
    { "templates/cm.yaml",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: clock\ndata:\n  year: {{ now | date \"2006\" | quote }}\n" },
    { NULL, NULL },
  };
  g_autofree char *parent = g_build_filename (fixture->folder, "parent", NULL);
  g_autofree char *clock = g_build_filename (fixture->folder, "clock.tgz", NULL);
  g_autoptr(GBytes) clock_archive = strata_test_make_archive ("clock", function_files);
  g_autoptr(GError) error = NULL;
  g_autofree char *manifest = NULL;

  strata_test_write_files (parent, subchart_files);
  g_file_set_contents (clock, g_bytes_get_data (clock_archive, NULL), g_bytes_get_size (clock_archive), &error);
  g_assert_no_error (error);

  use_helm (FALSE);
  manifest = render (parent, NULL, &error);
  g_assert_null (manifest);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "subcharts"));
  g_assert_nonnull (strstr (error->message, "helm"));
  g_clear_error (&error);

  manifest = render (clock, NULL, &error);
  g_assert_null (manifest);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "\"now\""));
  g_assert_nonnull (strstr (error->message, "helm"));
  g_clear_error (&error);

  if (helm_path == NULL)
    return;

  use_helm (TRUE);
  manifest = render_ok (parent, NULL);
  g_assert_nonnull (strstr (manifest, "# Source: parent/charts/child/templates/cm.yaml"));
  g_assert_nonnull (strstr (manifest, "  name: child\n"));
  g_clear_pointer (&manifest, g_free);
  manifest = render_ok (clock, NULL);
  g_assert_nonnull (strstr (manifest, "  year: \"20"));
}

static void
test_not_a_chart (Fixture       *fixture,
                  gconstpointer  data)
{
  static const TestFile escaping[] = {
    { "demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n" },
    { "demo/../../evil.yaml", "x: 1\n" },
    { NULL, NULL },
  };
  static const TestFile two_tops[] = {
    { "demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n" },
    { "other/Chart.yaml", "apiVersion: v2\nname: other\nversion: 0.1.0\n" },
    { NULL, NULL },
  };
  g_autofree char *text = g_build_filename (fixture->folder, "notes.tgz", NULL);
  g_autofree char *missing = g_build_filename (fixture->folder, "missing", NULL);
  g_autofree char *evil = g_build_filename (fixture->folder, "evil.tgz", NULL);
  g_autofree char *twice = g_build_filename (fixture->folder, "twice.tgz", NULL);
  g_autoptr(GBytes) evil_archive = strata_test_make_archive (NULL, escaping);
  g_autoptr(GBytes) twice_archive = strata_test_make_archive (NULL, two_tops);
  struct { const char *source; const char *expected; } cases[] = {
    { missing, "is neither a chart folder" },
    { text, "is not a gzip-compressed tar archive" },
    { evil, "unsafe path" },
    { twice, "more than one top folder" },
    { "", "no chart given" },
  };

  g_assert_true (g_file_set_contents (text, "just text", -1, NULL));
  g_assert_true (g_file_set_contents (evil, g_bytes_get_data (evil_archive, NULL), g_bytes_get_size (evil_archive), NULL));
  g_assert_true (g_file_set_contents (twice, g_bytes_get_data (twice_archive, NULL), g_bytes_get_size (twice_archive), NULL));

  use_helm (FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *manifest = render (cases[i].source, NULL, &error);

      g_assert_null (manifest);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "Layer “web”: "));
      g_assert_nonnull (strstr (error->message, cases[i].expected));
    }
}

static void
test_bad_helm (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *manifest = NULL;

  g_setenv ("STRATA_HELM", "/nonexistent/helm", TRUE);
  manifest = render (fixture->chart, NULL, &error);
  g_assert_null (manifest);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "STRATA_HELM"));
}

/* Reads "REPO/CHART@VERSION" from the cache only; the repository tests
 * fill it over HTTP, here it is filled by hand. */
static void
test_repository_from_cache (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *cache = g_build_filename (fixture->folder, "cache", NULL);
  g_autofree char *repo = g_build_filename (cache, "charts", "example", NULL);
  g_autofree char *index_path = g_build_filename (repo, "index.yaml", NULL);
  g_autofree char *archive_path = g_build_filename (repo, "demo-0.1.0.tgz", NULL);
  g_autofree char *archive = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *index = NULL;
  g_autofree char *manifest = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_setenv ("STRATA_CACHE_DIR", cache, TRUE);
  use_helm (FALSE);

  manifest = render ("example/demo@0.1.0", NULL, &error);
  g_assert_null (manifest);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "not cached yet"));
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (fixture->archive, &archive, &length, NULL));
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)archive, length);
  index = g_strdup_printf ("apiVersion: v1\nentries:\n  demo:\n"
                           "    - name: demo\n      version: 0.1.0\n      digest: %s\n      urls: [demo-0.1.0.tgz]\n",
                           digest);
  g_assert_cmpint (g_mkdir_with_parents (repo, 0700), ==, 0);
  g_assert_true (g_file_set_contents (index_path, index, -1, NULL));

  manifest = render ("example/demo@0.1.0", NULL, &error);
  g_assert_null (manifest);
  g_assert_nonnull (strstr (error->message, "example/demo@0.1.0 is not downloaded yet"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (archive_path, archive, length, NULL));
  for (int with_helm = 0; with_helm <= (helm_path != NULL); with_helm++)
    {
      g_autofree char *by_version = NULL;
      g_autofree char *latest = NULL;

      use_helm (with_helm);
      by_version = render_ok ("example/demo@0.1.0", "message: hi there\nreplicas: 3\n");
      assert_demo_manifest (by_version);
      latest = render_ok ("example/demo", "message: hi there\nreplicas: 3\n");
      g_assert_cmpstr (latest, ==, by_version);
    }

  /* A cached archive that no longer matches the index is not used. */
  archive[length / 2] ^= 0x55;
  g_assert_true (g_file_set_contents (archive_path, archive, length, NULL));
  use_helm (FALSE);
  manifest = render ("example/demo@0.1.0", NULL, &error);
  g_assert_null (manifest);
  g_assert_nonnull (strstr (error->message, "example/demo@0.1.0"));
  g_assert_nonnull (strstr (error->message, "does not match"));
  g_clear_error (&error);

  manifest = render ("example/demo@9.9.9", NULL, &error);
  g_assert_null (manifest);
  g_assert_nonnull (strstr (error->message, "has no version 9.9.9 (it has: 0.1.0)"));

  g_unsetenv ("STRATA_CACHE_DIR");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  helm_path = strata_test_find_helm ();
  if (helm_path != NULL)
    g_test_message ("with helm too: %s", helm_path);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/core/chart-layer/folder-and-archive", test_folder_and_archive);
  ADD ("/core/chart-layer/default-values", test_default_values);
  ADD ("/core/chart-layer/template-errors", test_template_errors);
  ADD ("/core/chart-layer/bad-values", test_bad_values);
  ADD ("/core/chart-layer/outside-engine", test_outside_engine);
  ADD ("/core/chart-layer/not-a-chart", test_not_a_chart);
  ADD ("/core/chart-layer/bad-helm", test_bad_helm);
  ADD ("/core/chart-layer/repository-from-cache", test_repository_from_cache);
#undef ADD

  status = g_test_run ();
  g_free (helm_path);
  return status;
}
