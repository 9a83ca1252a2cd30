/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The renderer on real sources: every built-in pack with its defaults,
 * and a helm layer from a chart folder. */

#include "config.h"

#include <glib/gstdio.h>

#include "strata-rendered-set-private.h"
#include "strata-renderer-private.h"
#include "strata-template-chart.h"
#include "strata-template.h"
#include "strata-test-render.h"

#define HELM_VERSION "3.17.3"

/* The helm that tests/helm/helm-fetch cached, or $STRATA_HELM; never
 * downloaded here. STRATA_HELM=none turns the comparisons off. */
static char *
find_helm (void)
{
  const char *configured = g_getenv ("STRATA_HELM");
  const char *cache_root = g_getenv ("STRATA_TEST_CACHE");
  g_autofree char *cached = NULL;

  if (configured != NULL)
    return g_file_test (configured, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (configured) : NULL;
  if (cache_root != NULL)
    cached = g_build_filename (cache_root, "helm-" HELM_VERSION, "helm", NULL);
  else if (g_file_test ("/var/cache/strata-tests/helm-" HELM_VERSION "/helm", G_FILE_TEST_IS_EXECUTABLE))
    cached = g_strdup ("/var/cache/strata-tests/helm-" HELM_VERSION "/helm");
  else
    cached = g_build_filename (g_get_user_cache_dir (), "strata-tests", "helm-" HELM_VERSION, "helm", NULL);
  return g_file_test (cached, G_FILE_TEST_IS_EXECUTABLE) ? g_steal_pointer (&cached) : NULL;
}

/* `helm template NAME CHART --namespace NAMESPACE [ARGS…]`'s manifest. */
static char *
helm_template (const char *helm,
               const char *name,
               const char *chart,
               const char *namespace_,
               const char *extra)
{
  const char *argv[] = { helm, "template", name, chart, "--namespace", namespace_, extra, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("helm template %s failed: %s", chart, err);
  return g_steal_pointer (&out);
}

/* The objects of a helm manifest, read as the renderer reads a helm layer's. */
static GPtrArray *
read_manifest (const char  *layer_name,
               const char  *manifest,
               GError     **error)
{
  g_autoptr(StrataLayer) layer = strata_layer_new (layer_name, STRATA_LAYER_KIND_HELM);
  g_autoptr(StrataLayerRender) render = _strata_layer_render_new (layer);

  if (!_strata_layer_render_read_manifest (render, manifest, error))
    return NULL;
  return g_ptr_array_ref (render->objects);
}

/* @rendered as it was before Strata placed and labelled it, to compare
 * with what helm printed (@original): without Strata's labels, and
 * without the namespace when helm's had none. */
static char *
unplaced_text (JsonObject *rendered,
               JsonObject *original)
{
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(JsonNode) source = json_node_init_object (json_node_alloc (), rendered);
  JsonObject *metadata, *labels, *original_labels;
  const char * const strata_labels[] = {
    "app.kubernetes.io/managed-by", "strata.io/profile", "strata.io/layer", NULL,
  };

  copy = _strata_json_copy (source, TRUE);
  metadata = json_object_get_object_member (json_node_get_object (copy), "metadata");
  labels = json_object_get_object_member (metadata, "labels");
  original_labels = strata_json_object_get_object (strata_json_object_get_object (original, "metadata"), "labels");
  for (guint i = 0; strata_labels[i] != NULL; i++)
    if (original_labels == NULL || !json_object_has_member (original_labels, strata_labels[i]))
      json_object_remove_member (labels, strata_labels[i]);
    else
      json_object_set_member (labels, strata_labels[i],
                              json_node_copy (json_object_get_member (original_labels, strata_labels[i])));
  if (original_labels == NULL && json_object_get_size (labels) == 0)
    json_object_remove_member (metadata, "labels");
  if (metadata_string (original, "namespace") == NULL)
    json_object_remove_member (metadata, "namespace");
  return json_to_string (copy, FALSE);
}

static char *
canonical_text (JsonObject *object)
{
  g_autoptr(JsonNode) source = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonNode) copy = _strata_json_copy (source, TRUE);

  return json_to_string (copy, FALSE);
}

static gboolean
helm_has (GPtrArray  *helm_objects,
          JsonObject *object)
{
  for (guint i = 0; i < helm_objects->len; i++)
    {
      JsonObject *candidate = json_node_get_object (g_ptr_array_index (helm_objects, i));

      if (g_str_equal (json_object_get_string_member (candidate, "kind"), json_object_get_string_member (object, "kind")) &&
          g_str_equal (metadata_string (candidate, "name"), metadata_string (object, "name")))
        return TRUE;
    }
  return FALSE;
}

/* Every object helm renders is in @set, the same but for what Strata
 * adds; @set has no other object but the layer's Namespace, when helm's
 * output does not create it. */
static void
assert_same_as_helm (StrataRenderedSet *set,
                     GPtrArray         *helm_objects,
                     const char        *namespace_,
                     const char        *what)
{
  StrataRenderedLayer *layer = strata_rendered_set_get_layer (set, 0);

  for (guint i = 0; i < helm_objects->len; i++)
    {
      JsonObject *original = json_node_get_object (g_ptr_array_index (helm_objects, i));
      JsonObject *rendered = find_object (set, json_object_get_string_member (original, "kind"),
                                          metadata_string (original, "name"));
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;

      if (rendered == NULL)
        g_error ("%s: helm renders %s %s, Strata does not", what, json_object_get_string_member (original, "kind"),
                 metadata_string (original, "name"));
      expected = canonical_text (original);
      actual = unplaced_text (rendered, original);
      if (g_strcmp0 (expected, actual) != 0)
        g_error ("%s: %s %s differs\n  helm:   %s\n  strata: %s", what, json_object_get_string_member (original, "kind"),
                 metadata_string (original, "name"), expected, actual);
    }

  for (guint i = 0; i < strata_rendered_layer_get_n_objects (layer); i++)
    {
      JsonObject *object = json_node_get_object (strata_rendered_layer_get_object (layer, i));

      if (helm_has (helm_objects, object))
        continue;
      if (!g_str_equal (json_object_get_string_member (object, "kind"), "Namespace") ||
          !g_str_equal (metadata_string (object, "name"), namespace_) ||
          g_str_equal (namespace_, "kube-system"))
        g_error ("%s: Strata renders %s %s, helm does not", what, json_object_get_string_member (object, "kind"),
                 metadata_string (object, "name"));
    }
}

static void
write_text (const char *folder,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* The chart tests/packs/check-packs makes of a pack for helm. */
static void
write_pack_chart (StrataPack *pack,
                  const char *folder)
{
  const char * const *names = strata_pack_get_template_names (pack);
  g_autofree char *chart_yaml = g_strdup_printf ("apiVersion: v2\nname: %s\nversion: %s\ndescription: %s\n"
                                                 "type: application\n",
                                                 strata_pack_get_name (pack), strata_pack_get_version (pack),
                                                 strata_pack_get_display_name (pack));

  write_text (folder, "Chart.yaml", chart_yaml);
  write_text (folder, "values.yaml", strata_pack_get_values (pack));
  for (guint i = 0; names[i] != NULL; i++)
    write_text (folder, names[i], strata_pack_get_template (pack, names[i]));
}

static void
test_builtin_packs (void)
{
  GListModel *packs = strata_pack_registry_get_packs (registry);
  guint n_versions = 0;

  for (guint i = 0; i < g_list_model_get_n_items (packs); i++)
    {
      g_autoptr(StrataPack) latest = g_list_model_get_item (packs, i);
      g_autoptr(GListModel) versions = strata_pack_registry_list_versions (registry, strata_pack_get_name (latest));

      for (guint j = 0; j < g_list_model_get_n_items (versions); j++)
        {
          g_autoptr(StrataPack) pack = g_list_model_get_item (versions, j);
          g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
          g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
          g_autoptr(StrataRenderedSet) set = NULL;
          g_autoptr(GError) error = NULL;
          StrataRenderedLayer *layer;
          const char *name = strata_pack_get_name (pack);

          add_layer (version, strata_pack_create_layer (pack, NULL));
          strata_renderer_set_cluster (renderer, "test", "us-east-1");
          set = render_with (renderer, "packs", version, &error);
          if (set == NULL)
            g_error ("%s: %s", strata_pack_get_folder (pack), error->message);
          layer = strata_rendered_set_find_layer (set, name);
          g_assert_nonnull (layer);
          g_assert_cmpuint (strata_rendered_layer_get_n_objects (layer), >=, 3);
          g_assert_cmpint (strata_rendered_layer_get_priority (layer), ==, strata_pack_get_priority (pack));

          /* Objects in kind order. */
          for (guint k = 1; k < strata_rendered_layer_get_n_objects (layer); k++)
            {
              JsonObject *before = json_node_get_object (strata_rendered_layer_get_object (layer, k - 1));
              JsonObject *after = json_node_get_object (strata_rendered_layer_get_object (layer, k));

              g_assert_cmpuint (strata_rendered_set_kind_rank (strata_json_object_get_string (before, "apiVersion"),
                                                               strata_json_object_get_string (before, "kind")), <=,
                                strata_rendered_set_kind_rank (strata_json_object_get_string (after, "apiVersion"),
                                                               strata_json_object_get_string (after, "kind")));
            }
          n_versions++;
        }
    }
  g_assert_cmpuint (n_versions, >=, 6);
}

static void
test_builtin_pack_contents (void)
{
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(StrataRenderedSet) set = NULL;
  JsonObject *issuer = NULL;
  g_autofree char *cert_manager = NULL;

  add_layer (version, pack_layer ("hello-universe@1.0.0", "hello-universe"));
  add_layer (version, pack_layer ("cost-analyzer@1.0.0", "cost-analyzer"));
  add_layer (version, pack_layer ("ingress-nginx", "ingress"));
  add_layer (version, pack_layer ("metrics-server", "metrics-server"));
  add_layer (version, pack_layer ("cert-manager", "cert-manager"));
  set = render_ok (renderer, version);

  /* cert-manager (10) first, hello-universe (100) last. */
  g_assert_cmpstr (strata_rendered_layer_get_name (strata_rendered_set_get_layer (set, 0)), ==, "cert-manager");
  g_assert_cmpstr (strata_rendered_layer_get_name (strata_rendered_set_get_layer (set, 4)), ==, "hello-universe");

  g_assert_cmpint (ui_replicas (set), ==, 1);
  g_assert_nonnull (find_object (set, "Service", "ui"));
  g_assert_nonnull (find_object (set, "StatefulSet", "postgres"));
  g_assert_cmpstr (metadata_string (find_object (set, "Deployment", "cost-analyzer"), "namespace"), ==, "cost-analyzer");
  g_assert_nonnull (find_object (set, "Namespace", "cost-analyzer"));
  g_assert_cmpstr (label (find_object (set, "Deployment", "metrics-server"), "strata.io/layer"), ==, "metrics-server");
  g_assert_null (find_object (set, "Namespace", "kube-system"));

  /* CRDs come right after the Namespace; the ClusterIssuer the CRD makes
   * cluster-scoped has no namespace. */
  cert_manager = layer_summary (set, "cert-manager");
  g_assert_true (g_str_has_prefix (cert_manager, "Namespace/cert-manager CustomResourceDefinition/"));
  for (guint i = 0; i < strata_rendered_layer_get_n_objects (strata_rendered_set_find_layer (set, "cert-manager")); i++)
    {
      JsonObject *object = object_at (set, "cert-manager", i);

      if (g_strcmp0 (strata_json_object_get_string (object, "kind"), "ClusterIssuer") == 0)
        issuer = object;
    }
  g_assert_nonnull (issuer);
  g_assert_null (metadata_string (issuer, "namespace"));
}

/* A helm layer from a chart folder: rendered by helm or by the engine,
 * its objects come out like any other layer's. */
static void
test_helm_layer (void)
{
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(StrataRenderedSet) set = NULL;
  g_autofree char *chart = g_build_filename (g_getenv ("STRATA_SOURCE_DIR"), "tests", "template", "charts", "demo", NULL);
  g_autofree char *summary = NULL;
  StrataLayer *layer = strata_layer_new ("web", STRATA_LAYER_KIND_HELM);
  JsonObject *deployment;

  strata_layer_set_source (layer, chart);
  strata_layer_set_namespace (layer, "frontend");
  strata_layer_set_values (layer, "replicaCount: 2\n");
  strata_layer_set_priority (layer, 30);
  add_layer (version, layer);
  add_layer (version, pack_layer ("metrics-server", "metrics"));
  set = render_ok (renderer, version);

  g_assert_cmpstr (strata_rendered_layer_get_name (strata_rendered_set_get_layer (set, 0)), ==, "metrics");
  g_assert_cmpint (strata_rendered_layer_get_kind (strata_rendered_set_get_layer (set, 1)), ==, STRATA_LAYER_KIND_HELM);
  summary = layer_summary (set, "web");
  /* helm create's scaffold, released as "web"; its test Pod is left out. */
  g_assert_cmpstr (summary, ==, "Namespace/frontend ServiceAccount/web-demo Service/web-demo Deployment/web-demo");
  deployment = find_object (set, "Deployment", "web-demo");
  g_assert_cmpstr (metadata_string (deployment, "namespace"), ==, "frontend");
  g_assert_cmpstr (label (deployment, "strata.io/layer"), ==, "web");
  g_assert_cmpstr (label (deployment, "app.kubernetes.io/instance"), ==, "web");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (deployment, "spec"), "replicas"), ==, 2);
}

static void
test_helm_layer_errors (void)
{
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
  StrataLayer *layer = strata_layer_new ("charted", STRATA_LAYER_KIND_HELM);

  strata_layer_set_source (layer, "/nonexistent/chart");
  add_layer (version, layer);
  assert_render_fails (version, "“charted”", "/nonexistent/chart", NULL);
}

/* Every built-in pack renders to what `helm template` makes of it, but
 * for the labels and namespaces Strata adds. */
static void
test_builtin_packs_as_helm (void)
{
  g_autofree char *helm = find_helm ();
  GListModel *packs = strata_pack_registry_get_packs (registry);

  if (helm == NULL)
    {
      g_test_skip ("no helm at hand (tests/helm/helm-fetch caches one)");
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (packs); i++)
    {
      g_autoptr(StrataPack) latest = g_list_model_get_item (packs, i);
      g_autoptr(GListModel) versions = strata_pack_registry_list_versions (registry, strata_pack_get_name (latest));

      for (guint j = 0; j < g_list_model_get_n_items (versions); j++)
        {
          g_autoptr(StrataPack) pack = g_list_model_get_item (versions, j);
          g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
          g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
          g_autoptr(StrataRenderedSet) set = NULL;
          g_autoptr(GPtrArray) helm_objects = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *folder = strata_test_make_folder ();
          g_autofree char *manifest = NULL;

          write_pack_chart (pack, folder);
          manifest = helm_template (helm, strata_pack_get_name (pack), folder, strata_pack_get_namespace (pack), NULL);
          helm_objects = read_manifest (strata_pack_get_name (pack), manifest, &error);
          g_assert_no_error (error);

          add_layer (version, strata_pack_create_layer (pack, NULL));
          /* Under helm .Cluster is absent and cost-analyzer falls back to
           * "default-cluster"; a cluster of that name gives the same text. */
          strata_renderer_set_cluster (renderer, "default-cluster", NULL);
          set = render_ok (renderer, version);
          assert_same_as_helm (set, helm_objects, strata_pack_get_namespace (pack), strata_pack_get_folder (pack));
          strata_test_remove_tree (folder);
        }
    }
}

/* A helm layer's manifest, as helm or the engine prints it: documents
 * under "# Source:" lines, the file named when one is not an object. */
static void
test_helm_manifest (void)
{
  g_autofree char *chart_folder = g_build_filename (g_getenv ("STRATA_SOURCE_DIR"), "tests", "template", "charts", "demo", NULL);
  g_autoptr(StrataTemplateChart) chart = NULL;
  g_autoptr(StrataTemplateContext) context = strata_template_context_new ();
  g_autoptr(JsonNode) values = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GPtrArray) broken = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *helm = find_helm ();

  chart = strata_template_chart_new_for_directory (chart_folder, &error);
  g_assert_no_error (error);
  strata_template_context_set_release_name (context, "web");
  strata_template_context_set_namespace (context, "frontend");
  values = strata_template_parse_values ("replicaCount: 2\n", -1, &error);
  g_assert_no_error (error);
  manifest = strata_template_chart_render_manifest (chart, context, values, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (manifest, "# Source: demo/templates/tests/test-connection.yaml"));

  objects = read_manifest ("web", manifest, &error);
  g_assert_no_error (error);
  /* ServiceAccount, Service, Deployment; the test Pod is left out. */
  g_assert_cmpuint (objects->len, ==, 3);

  if (helm != NULL)
    {
      g_autofree char *helm_manifest = helm_template (helm, "web", chart_folder, "frontend", "--set=replicaCount=2");
      g_autoptr(GPtrArray) helm_objects = read_manifest ("web", helm_manifest, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (helm_objects->len, ==, objects->len);
      for (guint i = 0; i < objects->len; i++)
        {
          g_autofree char *ours = canonical_text (json_node_get_object (g_ptr_array_index (objects, i)));
          g_autofree char *theirs = canonical_text (json_node_get_object (g_ptr_array_index (helm_objects, i)));

          g_assert_cmpstr (ours, ==, theirs);
        }
    }

  broken = read_manifest ("web", "---\n# Source: demo/templates/ok.yaml\napiVersion: v1\nkind: ConfigMap\n"
                                 "metadata:\n  name: ok\n---\n# Source: demo/templates/bad.yaml\n- 1\n- 2\n",
                          &error);
  g_assert_null (broken);
  g_assert_nonnull (strstr (error->message, "demo/templates/bad.yaml"));
  g_assert_nonnull (strstr (error->message, "“web”"));
  g_assert_null (strstr (error->message, "ok.yaml"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  registry = load_builtin ();

  g_test_add_func ("/core/renderer/builtin-packs", test_builtin_packs);
  g_test_add_func ("/core/renderer/builtin-pack-contents", test_builtin_pack_contents);
  g_test_add_func ("/core/renderer/builtin-packs-as-helm", test_builtin_packs_as_helm);
  g_test_add_func ("/core/renderer/helm-manifest", test_helm_manifest);
  g_test_add_func ("/core/renderer/helm-layer", test_helm_layer);
  g_test_add_func ("/core/renderer/helm-layer-errors", test_helm_layer_errors);

  status = g_test_run ();
  g_clear_object (&registry);
  return status;
}
