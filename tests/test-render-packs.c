/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The renderer on real sources: every built-in pack with its defaults,
 * and a helm layer from a chart folder. */

#include "config.h"

#include "strata-test-render.h"

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

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  registry = load_builtin ();

  g_test_add_func ("/core/renderer/builtin-packs", test_builtin_packs);
  g_test_add_func ("/core/renderer/builtin-pack-contents", test_builtin_pack_contents);
  g_test_add_func ("/core/renderer/helm-layer", test_helm_layer);
  g_test_add_func ("/core/renderer/helm-layer-errors", test_helm_layer_errors);

  status = g_test_run ();
  g_clear_object (&registry);
  return status;
}
