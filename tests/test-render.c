/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The renderer: profile version + overrides + macros → ordered, labelled
 * objects with a stable hash. */

#include "config.h"

#include "strata-chart-cache.h"
#include "strata-test-render.h"

static const char kinds_manifest[] =
  "apiVersion: apps/v1\n"
  "kind: Deployment\n"
  "metadata:\n"
  "  name: app\n"
  "---\n"
  "apiVersion: v1\n"
  "kind: Service\n"
  "metadata:\n"
  "  name: app\n"
  "---\n"
  "apiVersion: example.com/v1\n"
  "kind: Widget\n"
  "metadata:\n"
  "  name: gadget\n"
  "---\n"
  "apiVersion: v1\n"
  "kind: ConfigMap\n"
  "metadata:\n"
  "  name: settings\n"
  "---\n"
  "apiVersion: rbac.authorization.k8s.io/v1\n"
  "kind: Role\n"
  "metadata:\n"
  "  name: reader\n"
  "---\n"
  "apiVersion: v1\n"
  "kind: ServiceAccount\n"
  "metadata:\n"
  "  name: app\n"
  "---\n"
  "apiVersion: apiextensions.k8s.io/v1\n"
  "kind: CustomResourceDefinition\n"
  "metadata:\n"
  "  name: widgets.example.com\n"
  "spec:\n"
  "  group: example.com\n"
  "  scope: Namespaced\n"
  "  names: {kind: Widget, plural: widgets}\n"
  "---\n"
  "apiVersion: v1\n"
  "kind: Namespace\n"
  "metadata:\n"
  "  name: apps\n";

static void
test_order (void)
{
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(StrataRenderedSet) set = NULL;
  g_autofree char *apps = NULL;

  add_layer (version, manifest_layer ("apps", "apps", 50, kinds_manifest));
  add_layer (version, manifest_layer ("base", "base", 10,
                                      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: base\n"));
  add_layer (version, manifest_layer ("also-base", "base", 10,
                                      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: also\n"));
  set = render_ok (renderer, version);

  g_assert_cmpstr (strata_rendered_set_get_profile_name (set), ==, "web");
  g_assert_cmpstr (strata_rendered_set_get_version (set), ==, "1.0.0");
  g_assert_cmpuint (strata_rendered_set_get_n_layers (set), ==, 3);
  /* Priority first; equal priorities in the version's order. */
  g_assert_cmpstr (strata_rendered_layer_get_name (strata_rendered_set_get_layer (set, 0)), ==, "base");
  g_assert_cmpstr (strata_rendered_layer_get_name (strata_rendered_set_get_layer (set, 1)), ==, "also-base");
  g_assert_cmpstr (strata_rendered_layer_get_name (strata_rendered_set_get_layer (set, 2)), ==, "apps");
  g_assert_cmpint (strata_rendered_layer_get_priority (strata_rendered_set_get_layer (set, 2)), ==, 50);
  g_assert_cmpstr (strata_rendered_layer_get_namespace (strata_rendered_set_get_layer (set, 2)), ==, "apps");

  apps = layer_summary (set, "apps");
  g_assert_cmpstr (apps, ==,
                   "Namespace/apps CustomResourceDefinition/widgets.example.com ServiceAccount/app Role/reader "
                   "ConfigMap/settings Service/app Deployment/app Widget/gadget");
  g_assert_cmpuint (strata_rendered_set_get_n_objects (set), ==, 8 + 2 + 1);
}

static void
test_labels (void)
{
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(StrataRenderedSet) set = NULL;
  JsonObject *ui, *template_labels, *selector;

  add_layer (version, pack_layer ("hello-universe@1.0.0", "hello"));
  add_layer (version, manifest_layer ("extras", "tools", 5, kinds_manifest));
  set = render_ok (renderer, version);

  for (guint i = 0; i < strata_rendered_set_get_n_layers (set); i++)
    {
      StrataRenderedLayer *layer = strata_rendered_set_get_layer (set, i);

      for (guint j = 0; j < strata_rendered_layer_get_n_objects (layer); j++)
        {
          JsonObject *object = json_node_get_object (strata_rendered_layer_get_object (layer, j));

          g_assert_cmpstr (label (object, "app.kubernetes.io/managed-by"), ==, "strata");
          g_assert_cmpstr (label (object, "strata.io/profile"), ==, "web");
          g_assert_cmpstr (label (object, "strata.io/layer"), ==, strata_rendered_layer_get_name (layer));
        }
    }

  /* The pack's own labels stay; pod templates and selectors are left
   * alone (a selector is immutable, and pods are not Strata's objects). */
  ui = find_object (set, "Deployment", "ui");
  g_assert_nonnull (ui);
  g_assert_cmpstr (label (ui, "app.kubernetes.io/name"), ==, "ui");
  template_labels = strata_json_object_get_object (
    strata_json_object_get_object (strata_json_object_get_object (strata_json_object_get_object (ui, "spec"), "template"),
                                   "metadata"), "labels");
  g_assert_nonnull (template_labels);
  g_assert_false (json_object_has_member (template_labels, "strata.io/layer"));
  g_assert_false (json_object_has_member (template_labels, "app.kubernetes.io/managed-by"));
  selector = strata_json_object_get_object (strata_json_object_get_object (strata_json_object_get_object (ui, "spec"),
                                                                           "selector"), "matchLabels");
  g_assert_false (json_object_has_member (selector, "strata.io/profile"));
}

static const char scopes_manifest[] =
  "apiVersion: v1\n"
  "kind: ConfigMap\n"
  "metadata:\n"
  "  name: here\n"
  "---\n"
  "apiVersion: v1\n"
  "kind: ConfigMap\n"
  "metadata:\n"
  "  name: elsewhere\n"
  "  namespace: other\n"
  "---\n"
  "apiVersion: rbac.authorization.k8s.io/v1\n"
  "kind: ClusterRole\n"
  "metadata:\n"
  "  name: reader\n"
  "  namespace: tools\n"
  "rules: []\n"
  "---\n"
  "apiVersion: storage.k8s.io/v1\n"
  "kind: StorageClass\n"
  "metadata:\n"
  "  name: fast\n"
  "provisioner: example.com/fast\n"
  "---\n"
  "apiVersion: apiextensions.k8s.io/v1\n"
  "kind: CustomResourceDefinition\n"
  "metadata:\n"
  "  name: shelves.example.com\n"
  "spec:\n"
  "  group: example.com\n"
  "  scope: Cluster\n"
  "  names: {kind: Shelf, plural: shelves}\n"
  "---\n"
  "apiVersion: example.com/v1\n"
  "kind: Shelf\n"
  "metadata:\n"
  "  name: top\n"
  "---\n"
  "apiVersion: example.com/v1\n"
  "kind: Gizmo\n"
  "metadata:\n"
  "  name: unknown-kind\n";

static void
test_namespaces (void)
{
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(StrataRenderedSet) set = NULL;
  g_autofree char *tools = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *system = NULL;
  g_autofree char *owner = NULL;

  add_layer (version, manifest_layer ("tools", "tools", 10, scopes_manifest));
  /* Two layers in one namespace that neither renders: the first owns it. */
  add_layer (version, manifest_layer ("shared-a", "shared", 20,
                                      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"));
  add_layer (version, manifest_layer ("shared-b", "shared", 30,
                                      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n"));
  /* Namespaces every cluster has are never Strata's. */
  add_layer (version, manifest_layer ("system", "kube-system", 40,
                                      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n"));
  add_layer (version, manifest_layer ("plain", NULL, 40,
                                      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\n"));
  /* A namespace another layer renders is not added again. */
  add_layer (version, manifest_layer ("owner", "owned", 50,
                                      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: owned\n"));
  add_layer (version, manifest_layer ("user", "owned", 5,
                                      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u\n"));
  add_layer (version, manifest_layer ("empty", "nothing-here", 60, "# nothing yet\n"));
  set = render_ok (renderer, version);

  tools = layer_summary (set, "tools");
  g_assert_cmpstr (tools, ==,
                   "Namespace/tools CustomResourceDefinition/shelves.example.com ClusterRole/reader "
                   "ConfigMap/here ConfigMap/elsewhere StorageClass/fast Shelf/top Gizmo/unknown-kind");
  g_assert_cmpstr (metadata_string (find_object (set, "ConfigMap", "here"), "namespace"), ==, "tools");
  g_assert_cmpstr (metadata_string (find_object (set, "ConfigMap", "elsewhere"), "namespace"), ==, "other");
  g_assert_null (metadata_string (find_object (set, "ClusterRole", "reader"), "namespace"));
  g_assert_null (metadata_string (find_object (set, "StorageClass", "fast"), "namespace"));
  g_assert_null (metadata_string (find_object (set, "CustomResourceDefinition", "shelves.example.com"), "namespace"));
  g_assert_null (metadata_string (find_object (set, "Shelf", "top"), "namespace"));
  g_assert_null (metadata_string (find_object (set, "Namespace", "tools"), "namespace"));
  g_assert_cmpstr (metadata_string (find_object (set, "Gizmo", "unknown-kind"), "namespace"), ==, "tools");
  g_assert_cmpstr (label (find_object (set, "Namespace", "tools"), "strata.io/layer"), ==, "tools");
  /* A namespace Strata adds stays when its layer goes (Helm's keep policy). */
  {
    JsonObject *metadata = strata_json_object_get_object (find_object (set, "Namespace", "tools"), "metadata");
    JsonObject *annotations = strata_json_object_get_object (metadata, "annotations");

    g_assert_cmpstr (strata_json_object_get_string (annotations, "helm.sh/resource-policy"), ==, "keep");
    /* One a layer renders itself is that layer's, to prune with it. */
    metadata = strata_json_object_get_object (find_object (set, "Namespace", "owned"), "metadata");
    g_assert_null (strata_json_object_get_object (metadata, "annotations"));
  }
  /* Only the layer's own namespace is added, not "other". */
  g_assert_null (find_object (set, "Namespace", "other"));

  shared = layer_summary (set, "shared-a");
  g_assert_cmpstr (shared, ==, "Namespace/shared ConfigMap/a");
  g_clear_pointer (&shared, g_free);
  shared = layer_summary (set, "shared-b");
  g_assert_cmpstr (shared, ==, "ConfigMap/b");

  system = layer_summary (set, "system");
  g_assert_cmpstr (system, ==, "ConfigMap/s");
  g_assert_cmpstr (metadata_string (find_object (set, "ConfigMap", "s"), "namespace"), ==, "kube-system");
  g_assert_cmpstr (metadata_string (find_object (set, "ConfigMap", "p"), "namespace"), ==, "default");
  g_assert_null (find_object (set, "Namespace", "default"));
  g_assert_null (find_object (set, "Namespace", "kube-system"));

  owner = layer_summary (set, "user");
  g_assert_cmpstr (owner, ==, "ConfigMap/u");
  g_assert_cmpuint (strata_rendered_layer_get_n_objects (strata_rendered_set_find_layer (set, "empty")), ==, 0);
  g_assert_null (find_object (set, "Namespace", "nothing-here"));
}

static void
test_pack_namespace (void)
{
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(StrataRenderedSet) set = NULL;
  g_autoptr(StrataRenderedSet) without = NULL;
  StrataLayer *layer = pack_layer ("hello-universe@1.0.0", "hello");

  strata_layer_set_namespace (layer, "demo");
  add_layer (version, layer);
  set = render_ok (renderer, version);
  /* The pack creates it: one Namespace, the pack's own, with its labels. */
  g_assert_nonnull (find_object (set, "Namespace", "demo"));
  g_assert_cmpstr (label (find_object (set, "Namespace", "demo"), "app.kubernetes.io/part-of"), ==, "hello-universe");
  g_assert_cmpstr (metadata_string (find_object (set, "Deployment", "ui"), "namespace"), ==, "demo");

  /* The pack told not to: Strata still makes sure the namespace exists. */
  strata_renderer_set_override (renderer, "hello", "createNamespace: false\n");
  without = render_ok (renderer, version);
  g_assert_nonnull (find_object (without, "Namespace", "demo"));
  g_assert_null (label (find_object (without, "Namespace", "demo"), "app.kubernetes.io/part-of"));
  g_assert_cmpstr (label (find_object (without, "Namespace", "demo"), "strata.io/layer"), ==, "hello");
}
static void
test_override (void)
{
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(StrataRenderedSet) plain = NULL;
  g_autoptr(StrataRenderedSet) overridden = NULL;
  g_autoptr(StrataRenderedSet) removed = NULL;
  g_autoptr(StrataRenderedSet) other_layer = NULL;
  StrataLayer *layer = pack_layer ("hello-universe@1.0.0", "hello");

  /* The profile's own values: three UI pods. */
  {
    g_autoptr(GString) values = g_string_new (strata_layer_get_values (layer));

    g_string_replace (values, "replicas: 1\n", "replicas: 3\n", 1);
    strata_layer_set_values (layer, values->str);
  }
  add_layer (version, layer);

  plain = render_ok (renderer, version);
  g_assert_cmpint (ui_replicas (plain), ==, 3);
  g_assert_nonnull (strstr (strata_rendered_layer_get_values (strata_rendered_set_find_layer (plain, "hello")),
                            "replicas: 3"));

  /* An override replaces the layer's values text entirely; the pack's
   * defaults still fill in what it leaves out. */
  strata_renderer_set_override (renderer, "hello", "replicas: 2\n");
  overridden = render_ok (renderer, version);
  g_assert_cmpint (ui_replicas (overridden), ==, 2);
  g_assert_cmpstr (strata_rendered_layer_get_values (strata_rendered_set_find_layer (overridden, "hello")), ==,
                   "replicas: 2\n");
  g_assert_nonnull (find_object (overridden, "Deployment", "api"));

  /* An override of a layer the version does not have changes nothing. */
  strata_renderer_set_override (renderer, "hello", NULL);
  strata_renderer_set_override (renderer, "elsewhere", "replicas: 7\n");
  removed = render_ok (renderer, version);
  g_assert_cmpint (ui_replicas (removed), ==, 3);

  strata_renderer_set_override (renderer, "hello", "replicas: 1\napi:\n  enabled: false\n");
  other_layer = render_ok (renderer, version);
  g_assert_cmpint (ui_replicas (other_layer), ==, 1);
  g_assert_null (find_object (other_layer, "Deployment", "api"));
}

static const char macros_manifest[] =
  "apiVersion: v1\n"
  "kind: ConfigMap\n"
  "metadata:\n"
  "  name: {{ .Release.Name }}-info\n"
  "data:\n"
  "  cluster: {{ .Cluster.Name | quote }}\n"
  "  region: {{ .Cluster.Region | quote }}\n"
  "  profile: {{ printf \"%s@%s\" .Profile.Name .Profile.Version | quote }}\n"
  "  namespace: {{ .Release.Namespace }}\n"
  "  greeting: {{ .Values.greeting | default \"hello\" | quote }}\n"
  "  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n"
  "  monitoring: {{ .Capabilities.APIVersions.Has \"monitoring.coreos.com/v1\" | quote }}\n";

static void
test_macros (void)
{
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.2.0-rc.1");
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(StrataRenderedSet) set = NULL;
  g_autoptr(StrataRenderedSet) bare = NULL;
  StrataLayer *layer = manifest_layer ("about", "info", 0, macros_manifest);
  const char * const api_versions[] = { "monitoring.coreos.com/v1", NULL };
  JsonObject *data;

  strata_layer_set_values (layer, "greeting: hi there\n");
  add_layer (version, layer);
  add_layer (version, pack_layer ("hello-universe@1.1.0", "hello"));

  strata_renderer_set_cluster (renderer, "prod-eu", "eu-west-1");
  strata_renderer_set_capabilities (renderer, "v1.29.3", api_versions);
  set = render_with (renderer, "aws-profile", version, NULL);
  g_assert_nonnull (set);

  data = json_object_get_object_member (find_object (set, "ConfigMap", "about-info"), "data");
  g_assert_cmpstr (json_object_get_string_member (data, "cluster"), ==, "prod-eu");
  g_assert_cmpstr (json_object_get_string_member (data, "region"), ==, "eu-west-1");
  g_assert_cmpstr (json_object_get_string_member (data, "profile"), ==, "aws-profile@1.2.0-rc.1");
  g_assert_cmpstr (json_object_get_string_member (data, "namespace"), ==, "info");
  g_assert_cmpstr (json_object_get_string_member (data, "greeting"), ==, "hi there");
  g_assert_cmpstr (json_object_get_string_member (data, "kube"), ==, "v1.29.3");
  g_assert_cmpstr (json_object_get_string_member (data, "monitoring"), ==, "true");

  /* A pack's .Chart is its pack.yaml; its .Release.Name the layer. */
  g_assert_cmpstr (label (find_object (set, "Deployment", "ui"), "strata.io/pack"), ==, "hello-universe-1.1.0");
  g_assert_cmpstr (label (find_object (set, "Deployment", "ui"), "app.kubernetes.io/instance"), ==, "hello");

  /* Without a cluster the macros are empty, as in `helm template`. */
  {
    g_autoptr(StrataRenderer) plain = strata_renderer_new (registry);

    bare = render_with (plain, "aws-profile", version, NULL);
    g_assert_nonnull (bare);
    data = json_object_get_object_member (find_object (bare, "ConfigMap", "about-info"), "data");
    g_assert_cmpstr (json_object_get_string_member (data, "cluster"), ==, "");
    g_assert_cmpstr (json_object_get_string_member (data, "kube"), ==, "v1.32.0");
    g_assert_cmpstr (json_object_get_string_member (data, "monitoring"), ==, "false");
  }
}

/* The renderer's settings are taken when a render starts: a change made
 * meanwhile is for the next render. A cancelled render says so. */
static void
test_snapshot_and_cancel (void)
{
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(StrataRenderedSet) set = NULL;
  g_autoptr(GError) error = NULL;

  add_layer (version, pack_layer ("hello-universe@1.0.0", "hello"));
  strata_renderer_set_override (renderer, "hello", "replicas: 4\n");
  strata_renderer_render_async (renderer, "web", version, NULL, strata_test_async_ready, &result);
  strata_renderer_set_override (renderer, "hello", "replicas: 5\n");
  strata_profile_version_remove_layer (version, "hello");
  set = strata_renderer_render_finish (renderer, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ui_replicas (set), ==, 4);
  g_clear_object (&set);

  add_layer (version, pack_layer ("hello-universe@1.0.0", "hello"));
  g_cancellable_cancel (cancellable);
  strata_renderer_render_async (renderer, "web", version, cancellable, strata_test_async_ready, &result);
  set = strata_renderer_render_finish (renderer, strata_test_wait (&result), &error);
  g_assert_null (set);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A manifest layer's values are its own .Values; an override replaces
 * them like any layer's. */
static void
test_manifest_values (void)
{
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(StrataRenderedSet) set = NULL;
  g_autoptr(StrataRenderedSet) overridden = NULL;
  StrataLayer *layer = manifest_layer ("workers", "jobs", 0,
                                       "{{- range $i, $name := .Values.queues }}\n"
                                       "---\n"
                                       "apiVersion: v1\n"
                                       "kind: ConfigMap\n"
                                       "metadata:\n"
                                       "  name: queue-{{ $name }}\n"
                                       "data:\n"
                                       "  index: {{ $i | quote }}\n"
                                       "  missing: '{{ $.Values.nothing }}'\n"
                                       "{{- end }}\n");
  g_autofree char *summary = NULL;
  g_autofree char *summary_overridden = NULL;

  strata_layer_set_values (layer, "queues: [mail, thumbnails]\n");
  add_layer (version, layer);
  set = render_ok (renderer, version);
  summary = layer_summary (set, "workers");
  g_assert_cmpstr (summary, ==, "Namespace/jobs ConfigMap/queue-mail ConfigMap/queue-thumbnails");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (find_object (set, "ConfigMap",
                                                                                              "queue-thumbnails"),
                                                                                 "data"), "index"), ==, "1");
  /* A missing value renders empty, as in Helm, never "<no value>". */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (find_object (set, "ConfigMap",
                                                                                              "queue-mail"),
                                                                                 "data"), "missing"), ==, "");

  strata_renderer_set_override (renderer, "workers", "queues: [reports]\n");
  overridden = render_ok (renderer, version);
  summary_overridden = layer_summary (overridden, "workers");
  g_assert_cmpstr (summary_overridden, ==, "Namespace/jobs ConfigMap/queue-reports");
}

static StrataProfileVersion *
determinism_version (const char *hello_values)
{
  StrataProfileVersion *version = strata_profile_version_new ("1.0.0");
  StrataLayer *hello = pack_layer ("hello-universe@1.0.0", "hello");

  if (hello_values != NULL)
    strata_layer_set_values (hello, hello_values);
  add_layer (version, hello);
  add_layer (version, pack_layer ("cost-analyzer@1.0.0", "cost"));
  add_layer (version, manifest_layer ("extras", "tools", 5, kinds_manifest));
  return version;
}

static char *
hash_of (const char *hello_values,
         char      **text)
{
  g_autoptr(StrataProfileVersion) version = determinism_version (hello_values);
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(StrataRenderedSet) set = render_ok (renderer, version);

  if (text != NULL)
    *text = set_text (set);
  return strata_rendered_set_compute_hash (set);
}

static void
test_determinism (void)
{
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autofree char *first = hash_of (NULL, &first_text);
  g_autofree char *second = hash_of (NULL, &second_text);
  g_autofree char *changed = hash_of ("replicas: 2\n", NULL);
  g_autofree char *small = hash_of ("replicas: 1\nui:\n  service:\n    port: 80\n    type: ClusterIP\n", NULL);
  g_autofree char *reordered = hash_of ("# the same values, written differently\n"
                                        "ui:\n  service:\n    type: ClusterIP   # as before\n    port: 80\n"
                                        "replicas: 1\n", NULL);

  g_assert_cmpuint (strlen (first), ==, 64);
  g_assert_cmpstr (first_text, ==, second_text);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpstr (changed, !=, first);
  /* Values that say the same (the pack's defaults fill the rest) give
   * the same objects, whatever their order and comments. */
  g_assert_cmpstr (small, ==, first);
  g_assert_cmpstr (reordered, ==, first);
}

/* Same objects, whatever thread and how often: many renders at once. */
static void
test_concurrent_renders (void)
{
  g_autoptr(StrataProfileVersion) version = determinism_version (NULL);
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  GAsyncResult *results[6] = { NULL };
  g_autofree char *expected = hash_of (NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    strata_renderer_render_async (renderer, "web", version, NULL, strata_test_async_ready, &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GAsyncResult) result = strata_test_wait (&results[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataRenderedSet) set = strata_renderer_render_finish (renderer, result, &error);
      g_autofree char *hash = NULL;

      g_assert_no_error (error);
      hash = strata_rendered_set_compute_hash (set);
      g_assert_cmpstr (hash, ==, expected);
    }
}
static void
test_empty_documents (void)
{
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(StrataRenderedSet) set = NULL;
  g_autofree char *summary = NULL;

  add_layer (version, manifest_layer ("sparse", "default", 0,
                                      "---\n"
                                      "# only a comment\n"
                                      "---\n"
                                      "{{- if .Values.never }}\n"
                                      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: never\n"
                                      "{{- end }}\n"
                                      "---\n"
                                      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: once\n"
                                      "---\n"
                                      "---\n"
                                      "{}\n"
                                      "---\n"
                                      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: test\n"
                                      "  annotations:\n    helm.sh/hook: test\n"
                                      "---\n"
                                      "apiVersion: v1\nkind: List\nitems:\n"
                                      "- apiVersion: v1\n  kind: Secret\n  metadata: {name: listed}\n"
                                      "- apiVersion: v1\n  kind: ServiceAccount\n  metadata: {name: listed}\n"));
  set = render_ok (renderer, version);
  summary = layer_summary (set, "sparse");
  g_assert_cmpstr (summary, ==, "ServiceAccount/listed ConfigMap/once Secret/listed");
}

static void
test_errors (void)
{
  struct {
    const char *manifest;
    const char *values;
    const char *mentions[4];
  } cases[] = {
    /* Unknown function: a parse error naming file:line:column. */
    { "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ .Values.a | nosuch }}\n", NULL,
      { "“broken”", "broken/templates/manifest.yaml:6:", "nosuch" } },
    /* required fails at run time, naming where. */
    { "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required \"name is required\" .Values.name }}\n", NULL,
      { "“broken”", "broken/templates/manifest.yaml:4:", "name is required" } },
    { "- just\n- a list\n", NULL,
      { "“broken”", "document 1 of broken/templates/manifest.yaml", "not a Kubernetes object" } },
    { "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\njust a string\n", NULL,
      { "“broken”", "document 2 of broken/templates/manifest.yaml", "a string" } },
    { "apiVersion: v1\nmetadata:\n  name: nokind\n", NULL, { "“broken”", "manifest.yaml", "no kind" } },
    { "kind: ConfigMap\nmetadata:\n  name: noversion\n", NULL, { "“broken”", "no apiVersion" } },
    { "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {}\n", NULL, { "“broken”", "no metadata.name" } },
    { "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n- 3\n", NULL,
      { "“broken”", "item 1 of document 1 of broken/templates/manifest.yaml", "no metadata.name" } },
    { "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n", NULL,
      { "“broken”", "broken/templates/manifest.yaml", "line 4" } },
    { "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n", "a: [\n", { "“broken”", "values" } },
    { "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
      NULL, { "“broken”", "ConfigMap default/x", "twice" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
      g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
      g_autoptr(StrataRenderedSet) set = NULL;
      g_autoptr(GError) error = NULL;
      StrataLayer *layer = manifest_layer ("broken", "default", 0, cases[i].manifest);

      strata_layer_set_values (layer, cases[i].values);
      add_layer (version, manifest_layer ("fine", "default", 0,
                                          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n"));
      add_layer (version, layer);
      set = render_with (renderer, "web", version, &error);
      g_assert_null (set);
      g_assert_nonnull (error);
      for (guint j = 0; j < G_N_ELEMENTS (cases[i].mentions) && cases[i].mentions[j] != NULL; j++)
        if (strstr (error->message, cases[i].mentions[j]) == NULL)
          g_error ("case %u: “%s” does not mention “%s”", i, error->message, cases[i].mentions[j]);
    }
}

static void
test_pack_errors (void)
{
  g_autoptr(StrataProfileVersion) unknown = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataProfileVersion) no_version = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataProfileVersion) no_source = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataProfileVersion) bad_override = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataProfileVersion) clash = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(StrataRenderer) no_registry = strata_renderer_new (NULL);
  g_autoptr(StrataRenderedSet) set = NULL;
  g_autoptr(GError) error = NULL;
  StrataLayer *layer;

  layer = strata_layer_new ("mystery", STRATA_LAYER_KIND_PACK);
  strata_layer_set_source (layer, "no-such-pack@1.0.0");
  add_layer (unknown, layer);
  assert_render_fails (unknown, "“mystery”", "no-such-pack", NULL);

  layer = strata_layer_new ("hello", STRATA_LAYER_KIND_PACK);
  strata_layer_set_source (layer, "hello-universe@9.9.9");
  add_layer (no_version, layer);
  assert_render_fails (no_version, "“hello”", "9.9.9", "1.0.0, 1.1.0", NULL);

  add_layer (no_source, strata_layer_new ("nameless", STRATA_LAYER_KIND_PACK));
  assert_render_fails (no_source, "“nameless”", "NAME@VERSION", NULL);

  add_layer (bad_override, pack_layer ("hello-universe@1.0.0", "hello"));
  set = render_with (no_registry, "web", bad_override, &error);
  g_assert_null (set);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  strata_renderer_set_override (renderer, "hello", "replicas: [2\n");
  set = render_with (renderer, "web", bad_override, &error);
  g_assert_null (set);
  g_assert_nonnull (strstr (error->message, "“hello”"));
  g_assert_nonnull (strstr (error->message, "values"));
  g_clear_error (&error);

  /* Values the pack's schema refuses, as helm refuses them. */
  strata_renderer_set_override (renderer, "hello", "replicas: two\nui:\n  service:\n    port: -1\n");
  set = render_with (renderer, "web", bad_override, &error);
  g_assert_null (set);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“hello”"));
  g_assert_nonnull (strstr (error->message, "values: .replicas: expected integer"));
  g_assert_nonnull (strstr (error->message, "values: .ui.service.port"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  /* Two layers may not own one object. */
  add_layer (clash, manifest_layer ("one", "shared", 0, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"));
  add_layer (clash, manifest_layer ("two", "default", 1,
                                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: shared\n"));
  assert_render_fails (clash, "“one”", "“two”", "ConfigMap shared/x", NULL);

  /* A bad Kubernetes version is the caller's mistake, named. */
  {
    g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
    g_autoptr(StrataRenderer) odd = strata_renderer_new (registry);

    add_layer (version, manifest_layer ("x", "default", 0, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"));
    strata_renderer_set_capabilities (odd, "not-a-version", NULL);
    set = render_with (odd, "web", version, &error);
    g_assert_null (set);
    g_assert_nonnull (strstr (error->message, "not-a-version"));
  }
}

/* A pack from a registry by URL renders from the cache that "repo update"
 * filled, and says how to fill it when it is not there. */
static void
test_registry_pack (void)
{
  g_autofree char *cache = strata_test_make_folder ();
  g_autofree char *packs = NULL;
  g_autofree char *command = NULL;
  g_autofree char *builtin = strata_pack_registry_dup_builtin_folder ();
  g_autoptr(StrataProfileVersion) cached = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataProfileVersion) missing = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataProfileVersion) unpinned = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (NULL);
  g_autoptr(StrataRenderedSet) set = NULL;
  StrataLayer *layer;

  g_setenv ("STRATA_CACHE_DIR", cache, TRUE);
  packs = strata_chart_cache_dup_packs_folder ("team");
  command = g_strdup_printf ("sh -c 'mkdir -p \"%s/hello-universe\" && cp -r \"%s/hello-universe/1.1.0\" \"%s/hello-universe/\"'",
                             packs, builtin, packs);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));

  layer = strata_layer_new ("hello", STRATA_LAYER_KIND_PACK);
  strata_layer_set_source (layer, "team/hello-universe@1.1.0");
  add_layer (cached, layer);
  set = render_ok (renderer, cached);
  g_assert_nonnull (find_object (set, "Deployment", "ui"));

  layer = strata_layer_new ("hello", STRATA_LAYER_KIND_PACK);
  strata_layer_set_source (layer, "team/hello-universe@1.0.0");
  add_layer (missing, layer);
  assert_render_fails (missing, "“hello”", "not in the cache", "repo update team", NULL);

  layer = strata_layer_new ("hello", STRATA_LAYER_KIND_PACK);
  strata_layer_set_source (layer, "team/hello-universe");
  add_layer (unpinned, layer);
  assert_render_fails (unpinned, "“hello”", "names no version", NULL);

  g_unsetenv ("STRATA_CACHE_DIR");
  strata_test_remove_tree (cache);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  registry = load_builtin ();

  g_test_add_func ("/core/renderer/order", test_order);
  g_test_add_func ("/core/renderer/labels", test_labels);
  g_test_add_func ("/core/renderer/namespaces", test_namespaces);
  g_test_add_func ("/core/renderer/pack-namespace", test_pack_namespace);
  g_test_add_func ("/core/renderer/override", test_override);
  g_test_add_func ("/core/renderer/macros", test_macros);
  g_test_add_func ("/core/renderer/manifest-values", test_manifest_values);
  g_test_add_func ("/core/renderer/snapshot-and-cancel", test_snapshot_and_cancel);
  g_test_add_func ("/core/renderer/determinism", test_determinism);
  g_test_add_func ("/core/renderer/concurrent", test_concurrent_renders);
  g_test_add_func ("/core/renderer/empty-documents", test_empty_documents);
  g_test_add_func ("/core/renderer/errors", test_errors);
  g_test_add_func ("/core/renderer/pack-errors", test_pack_errors);
  g_test_add_func ("/core/renderer/registry-pack", test_registry_pack);

  status = g_test_run ();
  g_clear_object (&registry);
  return status;
}
