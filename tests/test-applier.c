/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The apply engine against a real kube-apiserver: the render hash and kind
 * order, waves, CRDs and the plan here; prune, the release record and its
 * history, failure and retry, and drift in applier/test-applier-record.c.
 * kubectl is the independent witness of what is in the cluster. */

#include "config.h"

#include "strata-kubeconfig.h"
#include "strata-test-util.h"
#include "strata-yaml.h"
#include "test-applier-private.h"

/* See test-kube-client.c: GCC 12's LeakSanitizer and GnuTLS's TLS. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "intercept_tls_get_addr=0";
}

StrataTestApiserver *server;
StrataKubeClient *client;
static char *cache_home;

/* Helpers */

static StrataKubeClient *
new_client (void)
{
  const char *paths[] = { strata_test_apiserver_get_kubeconfig (server), NULL };
  g_autoptr(StrataKubeconfig) config = NULL;
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  StrataKubeClient *result;

  config = strata_kubeconfig_load (paths, &error);
  g_assert_no_error (error);
  endpoint = strata_kubeconfig_resolve (config, NULL, &error);
  g_assert_no_error (error);
  result = strata_kube_client_new (endpoint, &error);
  g_assert_no_error (error);

  return result;
}

/* Every document of @yaml into a new layer of @set. */
StrataRenderedLayer *
add_layer (StrataRenderedSet *set,
           const char        *name,
           int                priority,
           const char        *namespace_,
           const char        *values,
           const char        *yaml)
{
  StrataRenderedLayer *layer = strata_rendered_set_add_layer (set, name, STRATA_LAYER_KIND_MANIFEST, priority,
                                                              namespace_, values);
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (layer);
  documents = strata_yaml_parse_documents (yaml, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < documents->len; i++)
    strata_rendered_layer_add_object (layer, g_ptr_array_index (documents, i));

  return layer;
}

char *
config_maps (const char *first,
             ...)
{
  g_autoptr(GString) text = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    g_string_append_printf (text, "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\ndata: {a: %s}\n",
                            name, va_arg (args, const char *));
  va_end (args);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
apply_set (StrataApplier        *applier,
           StrataRenderedSet    *set,
           StrataReleaseRecord **record,
           GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_applier_apply_async (applier, set, NULL, strata_test_async_ready, &result);
  return strata_applier_apply_finish (applier, strata_test_wait (&result), record, error);
}

void
apply_ok (StrataApplier        *applier,
          StrataRenderedSet    *set,
          StrataReleaseRecord **record)
{
  g_autoptr(GError) error = NULL;
  gboolean applied = apply_set (applier, set, record, &error);

  g_assert_no_error (error);
  g_assert_true (applied);
}

StrataApplyPlan *
plan_set (StrataApplier     *applier,
          StrataRenderedSet *set)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataApplyPlan *plan;

  strata_applier_plan_async (applier, set, NULL, strata_test_async_ready, &result);
  plan = strata_applier_plan_finish (applier, strata_test_wait (&result), &error);
  g_assert_no_error (error);

  return plan;
}

GListModel *
detect_drift (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *drifted;

  strata_drift_detect_async (client, NULL, NULL, strata_test_async_ready, &result);
  drifted = strata_drift_detect_finish (strata_test_wait (&result), &error);
  g_assert_no_error (error);

  return drifted;
}

/* The release record as kubectl reads it. */
StrataReleaseRecord *
kubectl_record (void)
{
  g_autofree char *out = strata_test_kubectl (server, 0, "get", "secret", "-n", STRATA_RELEASE_RECORD_NAMESPACE,
                                              STRATA_RELEASE_RECORD_NAME, "-o", "json", "--ignore-not-found", NULL);
  g_autoptr(JsonNode) secret = NULL;
  g_autoptr(GError) error = NULL;
  StrataReleaseRecord *record;

  if (*out == '\0')
    return NULL;

  secret = json_from_string (out, &error);
  g_assert_no_error (error);
  record = strata_release_record_new_from_secret (secret, &error);
  g_assert_no_error (error);

  return record;
}

char *
kubectl_data (const char *namespace_,
              const char *name)
{
  return strata_test_kubectl (server, 0, "get", "configmap", "-n", namespace_, name,
                              "-o", "jsonpath={.data.a}", NULL);
}

gboolean
kubectl_exists (const char *namespace_,
                const char *kind,
                const char *name)
{
  g_autofree char *out = strata_test_kubectl (server, 0, "get", kind, "-n", namespace_, name,
                                              "--ignore-not-found", "-o", "name", NULL);

  return *out != '\0';
}

/* Each test starts from a cluster without a record, so that it prunes
 * nothing of the one before. */
void
forget_record (void)
{
  g_free (strata_test_kubectl (server, 0, "delete", "secret", "-n", STRATA_RELEASE_RECORD_NAMESPACE,
                               STRATA_RELEASE_RECORD_NAME, "--ignore-not-found", NULL));
}

StrataObjectChange *
find_change (GListModel *changes,
             const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(StrataObjectChange) change = g_list_model_get_item (changes, i);

      if (g_strcmp0 (strata_object_change_get_name (change), name) == 0)
        return change;  /* the model keeps it alive */
    }

  return NULL;
}

/* The render hash and the kind order, without a server */

static StrataRenderedSet *
hash_set (const char *db_value,
          gboolean    reordered)
{
  StrataRenderedSet *set = strata_rendered_set_new ("hash-test", "1.0.0", 1);
  g_autofree char *db = g_strdup_printf ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: db}\ndata: {v: %s}\n",
                                         db_value);

  add_layer (set, "web", 10, "web", reordered ? "replicas: 1 # the values text does not count\n" : "replicas: 1\n",
             reordered ? "kind: ConfigMap\napiVersion: v1\ndata: {b: '2', a: x}\nmetadata: {name: web-config}\n"
                       : "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\ndata: {a: x, b: '2'}\n");
  add_layer (set, "db", 5, "db", NULL, db);
  return set;
}

static void
test_hash (void)
{
  g_autoptr(StrataRenderedSet) first = hash_set ("one", FALSE);
  g_autoptr(StrataRenderedSet) again = hash_set ("one", FALSE);
  g_autoptr(StrataRenderedSet) reordered = hash_set ("one", TRUE);
  g_autoptr(StrataRenderedSet) changed = hash_set ("two", FALSE);
  g_autofree char *first_hash = strata_rendered_set_compute_hash (first);
  g_autofree char *again_hash = strata_rendered_set_compute_hash (again);
  g_autofree char *reordered_hash = strata_rendered_set_compute_hash (reordered);
  g_autofree char *changed_hash = strata_rendered_set_compute_hash (changed);

  g_assert_cmpuint (strlen (first_hash), ==, 64);
  g_assert_cmpstr (first_hash, ==, again_hash);
  g_assert_cmpstr (first_hash, ==, reordered_hash);  /* key order is not content */
  g_assert_cmpstr (first_hash, !=, changed_hash);

  /* Layers by priority, whatever order they came in. */
  g_assert_cmpstr (strata_rendered_layer_get_name (strata_rendered_set_get_layer (first, 0)), ==, "db");
  g_assert_null (strata_rendered_set_add_layer (first, "db", STRATA_LAYER_KIND_PACK, 1, NULL, NULL));
}

static void
test_kind_order (void)
{
  g_autoptr(StrataRenderedSet) set = strata_rendered_set_new ("order-test", "1.0.0", 1);
  g_autoptr(StrataRenderedSet) plain = strata_rendered_set_new (NULL, NULL, 0);
  const char *yaml =
    "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"
    "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
    "---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n"
    "---\napiVersion: v1\nkind: Secret\nmetadata: {name: sec}\n"
    "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: cr}\n"
    "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\n"
    "---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n"
    "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns}\n"
    "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n"
    "---\napiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: knative}\n";
  const char *expected[] = { "ns", "widgets.example.com", "sa", "cr", "sec", "cm", "s", "d", "w", "knative" };
  StrataRenderedLayer *layer = add_layer (set, "all", 0, "ns", NULL, yaml);
  StrataRenderedLayer *plain_layer = add_layer (plain, "", 0, NULL, NULL, yaml);
  JsonObject *labels;

  g_assert_cmpuint (strata_rendered_layer_get_n_objects (layer), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *metadata = json_object_get_object_member (json_node_get_object (strata_rendered_layer_get_object (layer, i)),
                                                            "metadata");

      g_assert_cmpstr (json_object_get_string_member (metadata, "name"), ==, expected[i]);
    }

  labels = json_object_get_object_member (json_object_get_object_member (json_node_get_object (strata_rendered_layer_get_object (layer, 0)),
                                                                         "metadata"), "labels");
  g_assert_cmpstr (json_object_get_string_member (labels, "app.kubernetes.io/managed-by"), ==, "strata");
  g_assert_cmpstr (json_object_get_string_member (labels, "strata.io/profile"), ==, "order-test");
  g_assert_cmpstr (json_object_get_string_member (labels, "strata.io/layer"), ==, "all");

  /* A plain set is sent as written. */
  g_assert_false (json_object_has_member (json_object_get_object_member (json_node_get_object (strata_rendered_layer_get_object (plain_layer, 0)),
                                                                         "metadata"), "labels"));
}

/* Waves */

void
on_object_applied (StrataApplier       *applier,
                   StrataRenderedLayer *layer,
                   guint                index,
                   JsonNode            *applied,
                   gpointer             user_data)
{
  Recorder *recorder = user_data;
  JsonObject *root = json_node_get_object (applied);
  JsonNode *rendered = strata_rendered_layer_get_object (layer, index);

  /* The index names the rendered object the server answered for. */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "metadata"), "name"), ==,
                   json_object_get_string_member (json_object_get_object_member (json_node_get_object (rendered), "metadata"), "name"));
  g_ptr_array_add (recorder->events,
                   g_strdup_printf ("%s:%s:%s", strata_rendered_layer_get_name (layer),
                                    json_object_get_string_member (root, "kind"),
                                    json_object_get_string_member (json_object_get_object_member (root, "metadata"), "name")));
}

static void
on_layer_started (StrataApplier       *applier,
                  StrataRenderedLayer *layer,
                  guint                n_objects,
                  gpointer             user_data)
{
  Recorder *recorder = user_data;

  g_ptr_array_add (recorder->layers, g_strdup_printf ("started %s %u", strata_rendered_layer_get_name (layer), n_objects));
}

void
on_layer_finished (StrataApplier       *applier,
                   StrataRenderedLayer *layer,
                   guint                n_applied,
                   guint                n_objects,
                   gpointer             user_data)
{
  Recorder *recorder = user_data;

  g_ptr_array_add (recorder->layers, g_strdup_printf ("finished %s %u/%u", strata_rendered_layer_get_name (layer),
                                                      n_applied, n_objects));
}

static guint
event_rank (const char *event)
{
  g_auto(GStrv) parts = g_strsplit (event, ":", 3);
  const char *api_version = g_str_equal (parts[1], "Role") || g_str_equal (parts[1], "RoleBinding")
    ? "rbac.authorization.k8s.io/v1"
    : g_str_equal (parts[1], "Deployment") ? "apps/v1" : "v1";

  return strata_rendered_set_kind_rank (api_version, parts[1]);
}

static const char late_yaml[] =
  "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: late-web}\n"
  "spec:\n  selector: {matchLabels: {app: late-web}}\n"
  "  template:\n    metadata: {labels: {app: late-web}}\n"
  "    spec: {containers: [{name: web, image: registry.example/web:1}]}\n"
  "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: late-config}\ndata: {a: b}\n"
  "---\napiVersion: v1\nkind: Service\nmetadata: {name: late-svc}\nspec: {ports: [{port: 80, protocol: TCP}]}\n"
  "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: applier-late}\n"
  "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: late-sa}\n";

static const char early_yaml[] =
  "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: early-binding}\n"
  "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: early-role}\n"
  "subjects: [{kind: ServiceAccount, name: default, namespace: applier-early}]\n"
  "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: early-config}\ndata: {a: b}\n"
  "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: early-role}\n"
  "rules: [{apiGroups: [''], resources: [configmaps], verbs: [get]}]\n";

static void
test_waves (void)
{
  g_autoptr(StrataRenderedSet) set = strata_rendered_set_new ("waves-test", "1.0.0", 1);
  g_autoptr(StrataApplier) applier = strata_applier_new (client);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(StrataReleaseRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  Recorder recorder = { events, layers };
  guint first_late = G_MAXUINT;

  forget_record ();
  /* Added late first: the set puts priority 10 before 20. The early
   * layer's namespace is made by no object; the applier creates it. */
  add_layer (set, "late", 20, "applier-late", NULL, late_yaml);
  add_layer (set, "early", 10, "applier-early", NULL, early_yaml);

  strata_applier_set_max_concurrency (applier, 3);
  g_signal_connect (applier, "object-applied", G_CALLBACK (on_object_applied), &recorder);
  g_signal_connect (applier, "layer-started", G_CALLBACK (on_layer_started), &recorder);
  g_signal_connect (applier, "layer-finished", G_CALLBACK (on_layer_finished), &recorder);

  apply_ok (applier, set, &record);
  g_assert_nonnull (record);

  g_assert_cmpuint (events->len, ==, 8);
  for (guint i = 0; i < events->len; i++)
    {
      const char *event = g_ptr_array_index (events, i);

      if (g_str_has_prefix (event, "late:"))
        first_late = MIN (first_late, i);
      else
        g_assert_cmpuint (first_late, ==, G_MAXUINT);  /* priority 10 before 20 */

      /* Kind order inside a priority: never a lower rank after a higher. */
      if (i > 0 && g_str_has_prefix (event, "late:") == g_str_has_prefix (g_ptr_array_index (events, i - 1), "late:"))
        g_assert_cmpuint (event_rank (g_ptr_array_index (events, i - 1)), <=, event_rank (event));
    }
  g_assert_cmpuint (first_late, ==, 3);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (events, 0), "early:Role"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (events, 1), "early:Role"));
  g_assert_cmpstr (g_ptr_array_index (events, 2), ==, "early:ConfigMap:early-config");
  g_assert_cmpstr (g_ptr_array_index (events, 3), ==, "late:Namespace:applier-late");
  g_assert_cmpstr (g_ptr_array_index (events, 4), ==, "late:ServiceAccount:late-sa");
  g_assert_cmpstr (g_ptr_array_index (events, 7), ==, "late:Deployment:late-web");

  g_assert_cmpuint (layers->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (layers, 0), ==, "started early 3");
  g_assert_cmpstr (g_ptr_array_index (layers, 1), ==, "finished early 3/3");
  g_assert_cmpstr (g_ptr_array_index (layers, 2), ==, "started late 5");
  g_assert_cmpstr (g_ptr_array_index (layers, 3), ==, "finished late 5/5");

  /* Each object in its layer's namespace, labelled. */
  g_assert_true (kubectl_exists ("applier-early", "rolebinding", "early-binding"));
  g_assert_true (kubectl_exists ("applier-late", "deployment", "late-web"));
  {
    g_autofree char *labels = strata_test_kubectl (server, 0, "get", "configmap", "-n", "applier-late", "late-config",
                                                   "-o", "jsonpath={.metadata.labels}", NULL);

    g_assert_nonnull (strstr (labels, "\"strata.io/layer\":\"late\""));
    g_assert_nonnull (strstr (labels, "\"strata.io/profile\":\"waves-test\""));
    g_assert_nonnull (strstr (labels, "\"app.kubernetes.io/managed-by\":\"strata\""));
  }
}

/* A CRD and its custom resource in one set */

static const char crd_yaml[] =
  "apiVersion: applier.test/v1\nkind: Gizmo\nmetadata: {name: first-gizmo}\nspec: {size: 3}\n"
  "---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
  "metadata: {name: gizmos.applier.test}\n"
  "spec:\n  group: applier.test\n  scope: Namespaced\n"
  "  names: {plural: gizmos, singular: gizmo, kind: Gizmo}\n"
  "  versions:\n  - name: v1\n    served: true\n    storage: true\n"
  "    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}\n"
  "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: applier-crd}\n";

static void
test_crd (void)
{
  g_autoptr(StrataRenderedSet) set = strata_rendered_set_new ("crd-test", "1.0.0", 1);
  g_autoptr(StrataApplier) applier = strata_applier_new (client);
  g_autoptr(StrataApplyPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *size = NULL;
  GListModel *changes;

  forget_record ();
  g_free (strata_test_kubectl (server, 0, "delete", "crd", "gizmos.applier.test", "--ignore-not-found", NULL));
  add_layer (set, "gizmos", 0, "applier-crd", NULL, crd_yaml);

  /* Before the CRD exists, the plan still says what will happen. */
  plan = plan_set (applier, set);
  changes = strata_apply_plan_get_changes (plan);
  g_assert_cmpint (strata_object_change_get_action (find_change (changes, "gizmos.applier.test")), ==,
                   STRATA_OBJECT_ACTION_CREATE);
  g_assert_cmpint (strata_object_change_get_action (find_change (changes, "first-gizmo")), ==,
                   STRATA_OBJECT_ACTION_CREATE);
  g_assert_cmpstr (strata_object_change_get_namespace (find_change (changes, "first-gizmo")), ==, "applier-crd");

  apply_ok (applier, set, NULL);

  size = strata_test_kubectl (server, 0, "get", "gizmos.applier.test", "-n", "applier-crd", "first-gizmo",
                              "-o", "jsonpath={.spec.size}", NULL);
  g_assert_cmpstr (size, ==, "3");
}

/* Plan: created, changed, unchanged, pruned; and a dry-run changes nothing */

static StrataRenderedSet *
plan_test_set (const char *values,
               const char *yaml)
{
  StrataRenderedSet *set = strata_rendered_set_new ("plan-test", "1.0.0", 1);

  add_layer (set, "settings", 0, "applier-plan", values, yaml);
  return set;
}

static void
test_plan (void)
{
  g_autofree char *first_yaml = config_maps ("keep", "one", "change", "one", "drop", "one", NULL);
  g_autofree char *second_yaml = config_maps ("keep", "one", "change", "two", "new", "one", NULL);
  g_autoptr(StrataRenderedSet) first = plan_test_set ("a: one\n", first_yaml);
  g_autoptr(StrataRenderedSet) second = plan_test_set ("a: two\n", second_yaml);
  g_autoptr(StrataApplier) applier = strata_applier_new (client);
  g_autoptr(StrataApplyPlan) plan = NULL;
  g_autoptr(StrataApplyPlan) settled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *values_diff = NULL;
  g_autofree char *value = NULL;
  StrataObjectChange *change;
  GListModel *changes;

  forget_record ();
  apply_ok (applier, first, NULL);

  /* Right after an apply: nothing to do. */
  settled = plan_set (applier, first);
  g_assert_false (strata_apply_plan_has_changes (settled));
  g_assert_false (strata_apply_plan_is_pending (settled));
  g_assert_cmpuint (strata_apply_plan_count (settled, STRATA_OBJECT_ACTION_UNCHANGED), ==, 3);

  plan = plan_set (applier, second);
  changes = strata_apply_plan_get_changes (plan);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 4);
  g_assert_true (strata_apply_plan_has_changes (plan));
  g_assert_true (strata_apply_plan_is_pending (plan));

  change = find_change (changes, "keep");
  g_assert_cmpint (strata_object_change_get_action (change), ==, STRATA_OBJECT_ACTION_UNCHANGED);
  g_assert_cmpstr (strata_object_change_get_diff (change), ==, "");

  change = find_change (changes, "change");
  g_assert_cmpint (strata_object_change_get_action (change), ==, STRATA_OBJECT_ACTION_CHANGE);
  g_assert_cmpstr (strata_object_change_get_layer (change), ==, "settings");
  g_assert_cmpstr (strata_object_change_get_description (change), ==, "ConfigMap applier-plan/change");
  g_assert_true (g_str_has_prefix (strata_object_change_get_diff (change),
                                   "--- live/v1.ConfigMap.applier-plan.change\n+++ merged/v1.ConfigMap.applier-plan.change\n"));
  g_assert_nonnull (strstr (strata_object_change_get_diff (change), "\n-  a: one\n+  a: two\n"));
  /* Only the field that changed: no resourceVersion, managedFields … */
  g_assert_null (strstr (strata_object_change_get_diff (change), "resourceVersion"));
  g_assert_null (strstr (strata_object_change_get_diff (change), "managedFields"));

  change = find_change (changes, "new");
  g_assert_cmpint (strata_object_change_get_action (change), ==, STRATA_OBJECT_ACTION_CREATE);
  g_assert_null (strata_object_change_get_live (change));

  change = find_change (changes, "drop");
  g_assert_cmpint (strata_object_change_get_action (change), ==, STRATA_OBJECT_ACTION_PRUNE);
  g_assert_cmpstr (strata_object_change_get_layer (change), ==, "settings");
  /* Pruning shows last. */
  {
    g_autoptr(StrataObjectChange) last = g_list_model_get_item (changes, 3);

    g_assert_true (last == change);
  }

  values_diff = strata_apply_plan_get_values_diff (plan, "settings");
  g_assert_nonnull (strstr (values_diff, "--- current/settings\n+++ pending/settings\n"));
  g_assert_nonnull (strstr (values_diff, "\n-a: one\n+a: two\n"));

  /* The dry-run left the cluster as it was. */
  g_assert_false (kubectl_exists ("applier-plan", "configmap", "new"));
  g_assert_true (kubectl_exists ("applier-plan", "configmap", "drop"));
  value = kubectl_data ("applier-plan", "change");
  g_assert_cmpstr (value, ==, "one");
}

/* strata-cli kube apply runs the same engine on a plain set */

static void
test_cli_failure (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *file = g_build_filename (folder, "apply.yaml", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_file_set_contents (file,
                       "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cli-first}\ndata: {a: b}\n"
                       "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cli-broken}\n"
                       "spec: {template: {spec: {containers: [{name: web, image: web:1}]}}}\n"
                       "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cli-last}\n"
                       "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: applier-cli}\n",
                       -1, &error);
  g_assert_no_error (error);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              g_getenv ("STRATA_CLI"), "kube", "apply", "-n", "applier-cli", "-f", file,
                              "--kubeconfig", strata_test_apiserver_get_kubeconfig (server), NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("strata-cli said: %s", err);

  /* What was applied, in document order; then why it stopped. */
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_cmpstr (out, ==,
                   "configmap/cli-first serverside-applied\n"
                   "configmap/cli-last serverside-applied\n"
                   "namespace/applier-cli serverside-applied\n");
  g_assert_true (g_str_has_prefix (err, "strata-cli: apply Deployment applier-cli/cli-broken on "));
  g_assert_nonnull (strstr (err, "The apply stopped: 3 of 4 objects were applied.\n"));
  g_assert_null (strstr (err, "Sanitizer"));
  g_assert_true (kubectl_exists ("applier-cli", "configmap", "cli-last"));

  strata_test_remove_tree (folder);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *asan = NULL;
  int status;

  /* Before anything asks GLib for it: discovery caches go here. */
  cache_home = strata_test_make_folder ();
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  asan = g_strconcat (g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "",
                      g_getenv ("ASAN_OPTIONS") ? ":" : "", "intercept_tls_get_addr=0", NULL);
  g_setenv ("ASAN_OPTIONS", asan, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kube/applier/hash", test_hash);
  g_test_add_func ("/kube/applier/kind-order", test_kind_order);
  g_test_add_func ("/kube/applier/waves", test_waves);
  g_test_add_func ("/kube/applier/crd", test_crd);
  g_test_add_func ("/kube/applier/plan", test_plan);
  test_applier_add_record_tests ();
  g_test_add_func ("/kube/applier/cli-failure", test_cli_failure);

  server = strata_test_apiserver_start ();
  client = new_client ();

  status = g_test_run ();

  g_clear_object (&client);
  strata_test_apiserver_stop (server);
  strata_test_remove_tree (cache_home);
  g_free (cache_home);

  return status;
}
