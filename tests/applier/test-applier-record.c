/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prune and the release record, its history, failure and retry, drift. */

#include "config.h"

#include "strata-test-util.h"
#include "test-applier-private.h"

/* Prune, and the record: written last, holding everything */

typedef struct
{
  char  *old_hash;
  guint  checks;
  guint  pruned;
} RecordWatch;

/* Until the apply ends, kubectl still reads the previous record. */
static void
check_record_unchanged (RecordWatch *watch)
{
  g_autoptr(StrataReleaseRecord) record = kubectl_record ();

  g_assert_nonnull (record);
  g_assert_cmpstr (strata_release_record_get_hash (record), ==, watch->old_hash);
  watch->checks++;
}

static void
on_layer_finished_check (StrataApplier       *applier,
                         StrataRenderedLayer *layer,
                         guint                n_applied,
                         guint                n_objects,
                         gpointer             user_data)
{
  check_record_unchanged (user_data);
}

static void
on_object_pruned (StrataApplier *applier,
                  JsonNode      *entry,
                  gpointer       user_data)
{
  RecordWatch *watch = user_data;

  watch->pruned++;
  check_record_unchanged (watch);
}

static void
test_prune_and_record (void)
{
  g_autofree char *first_yaml = config_maps ("stays", "one", "goes", "one", NULL);
  g_autofree char *second_yaml = config_maps ("stays", "two", NULL);
  g_autoptr(StrataRenderedSet) first = strata_rendered_set_new ("record-test", "1.0.0", 1);
  g_autoptr(StrataRenderedSet) second = strata_rendered_set_new ("record-test", "1.1.0", 3);
  g_autoptr(StrataApplier) applier = strata_applier_new (client);
  g_autoptr(StrataReleaseRecord) first_record = NULL;
  g_autoptr(StrataReleaseRecord) second_record = NULL;
  g_autoptr(StrataReleaseRecord) read_back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *second_hash = NULL;
  RecordWatch watch = { 0 };
  JsonArray *inventory;

  forget_record ();
  add_layer (first, "config", 0, "applier-record", "a: one\n", first_yaml);
  /* With Helm's keep policy, "kept" outlives its layer. */
  add_layer (first, "gone-layer", 5, "applier-record", NULL,
             "apiVersion: v1\nkind: Secret\nmetadata: {name: gone-secret}\nstringData: {k: v}\n---\n"
             "apiVersion: v1\nkind: ConfigMap\n"
             "metadata: {name: kept, annotations: {helm.sh/resource-policy: keep}}\ndata: {k: v}\n");
  add_layer (second, "config", 0, "applier-record", "a: two\n", second_yaml);
  add_layer (second, "app", 10, "applier-record", "image: web:2\n",
             "apiVersion: v1\nkind: Service\nmetadata: {name: app}\nspec: {ports: [{port: 8080, protocol: TCP}]}\n");

  apply_ok (applier, first, &first_record);
  g_assert_true (kubectl_exists ("applier-record", "secret", "gone-secret"));
  for (guint i = 0; i < json_array_get_length (strata_release_record_get_inventory (first_record)); i++)
    {
      JsonNode *entry = json_array_get_element (strata_release_record_get_inventory (first_record), i);
      JsonObject *object = json_node_get_object (entry);

      g_assert_cmpint (strata_release_record_entry_is_kept (entry), ==,
                       g_str_equal (json_object_get_string_member (object, "name"), "kept"));
    }

  watch.old_hash = g_strdup (strata_release_record_get_hash (first_record));
  g_signal_connect (applier, "layer-finished", G_CALLBACK (on_layer_finished_check), &watch);
  g_signal_connect (applier, "object-pruned", G_CALLBACK (on_object_pruned), &watch);
  apply_ok (applier, second, &second_record);
  g_assert_cmpuint (watch.checks, ==, 4);  /* two layers, two pruned */
  g_assert_cmpuint (watch.pruned, ==, 2);
  g_free (watch.old_hash);

  g_assert_false (kubectl_exists ("applier-record", "configmap", "goes"));
  g_assert_false (kubectl_exists ("applier-record", "secret", "gone-secret"));
  g_assert_true (kubectl_exists ("applier-record", "configmap", "stays"));
  g_assert_true (kubectl_exists ("applier-record", "configmap", "kept"));

  /* What kubectl reads is what was written, and holds everything. */
  read_back = kubectl_record ();
  second_hash = strata_rendered_set_compute_hash (second);
  g_assert_cmpstr (strata_release_record_get_profile_name (read_back), ==, "record-test");
  g_assert_cmpstr (strata_release_record_get_version (read_back), ==, "1.1.0");
  g_assert_cmpuint (strata_release_record_get_revision (read_back), ==, 3);
  g_assert_cmpstr (strata_release_record_get_hash (read_back), ==, second_hash);
  g_assert_cmpuint (strata_release_record_get_number (read_back), ==, strata_release_record_get_number (first_record) + 1);
  g_assert_cmpuint (strata_release_record_get_number (read_back), ==, strata_release_record_get_number (second_record));
  g_assert_nonnull (strata_release_record_get_applied_at (read_back));
  g_assert_cmpstr (strata_release_record_get_values (read_back, "config"), ==, "a: two\n");
  g_assert_cmpstr (strata_release_record_get_values (read_back, "app"), ==, "image: web:2\n");
  g_assert_null (strata_release_record_get_values (read_back, "gone-layer"));

  inventory = strata_release_record_get_inventory (read_back);
  g_assert_cmpuint (json_array_get_length (inventory), ==, 2);
  {
    JsonObject *entry = json_array_get_object_element (inventory, 1);

    g_assert_cmpstr (json_object_get_string_member (entry, "apiVersion"), ==, "v1");
    g_assert_cmpstr (json_object_get_string_member (entry, "kind"), ==, "Service");
    g_assert_cmpstr (json_object_get_string_member (entry, "namespace"), ==, "applier-record");
    g_assert_cmpstr (json_object_get_string_member (entry, "name"), ==, "app");
    g_assert_cmpstr (json_object_get_string_member (entry, "layer"), ==, "app");
  }
  g_assert_cmpuint (json_array_get_length (strata_release_record_get_objects (read_back)), ==, 2);

  /* The manifests are gzipped in the Secret. */
  {
    g_autofree char *encoded = strata_test_kubectl (server, 0, "get", "secret", "-n", STRATA_RELEASE_RECORD_NAMESPACE,
                                                    STRATA_RELEASE_RECORD_NAME, "-o", "jsonpath={.data.objects\\.json\\.gz}", NULL);
    gsize length;
    g_autofree guchar *gzipped = g_base64_decode (encoded, &length);

    g_assert_cmpuint (length, >, 2);
    g_assert_cmpuint (gzipped[0], ==, 0x1f);
    g_assert_cmpuint (gzipped[1], ==, 0x8b);
  }
}

/* History: the last ten records */

static void
test_history (void)
{
  g_autoptr(StrataRenderedSet) set = strata_rendered_set_new ("history-test", "2.0.0", 1);
  g_autoptr(GListModel) history = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  g_auto(GStrv) lines = NULL;
  guint last = 0;

  add_layer (set, "only", 0, "applier-history", "x: 1\n", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: h}\n");

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(StrataReleaseRecord) record = strata_release_record_new_from_set (set);
      g_autoptr(GAsyncResult) written = NULL;

      strata_release_record_write_async (record, client, NULL, strata_test_async_ready, &written);
      g_assert_true (strata_release_record_write_finish (record, strata_test_wait (&written), &error));
      g_assert_no_error (error);
      g_assert_cmpuint (strata_release_record_get_number (record), >, last);
      last = strata_release_record_get_number (record);
    }

  strata_release_record_list_history_async (client, NULL, strata_test_async_ready, &result);
  history = strata_release_record_list_history_finish (strata_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, STRATA_RELEASE_RECORD_HISTORY);
  for (guint i = 0; i < STRATA_RELEASE_RECORD_HISTORY; i++)
    {
      g_autoptr(StrataReleaseRecord) record = g_list_model_get_item (history, i);

      g_assert_cmpuint (strata_release_record_get_number (record), ==, last - i);  /* newest first */
      g_assert_cmpstr (strata_release_record_get_profile_name (record), ==, "history-test");
    }

  /* kubectl sees ten history Secrets, the oldest two gone. */
  names = strata_test_kubectl (server, 0, "get", "secrets", "-n", STRATA_RELEASE_RECORD_NAMESPACE,
                               "-l", "strata.io/release=history", "-o", "name", NULL);
  lines = g_strsplit (g_strstrip (names), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, STRATA_RELEASE_RECORD_HISTORY);
  {
    g_autofree char *newest = g_strdup_printf ("secret/%s-v%u", STRATA_RELEASE_RECORD_NAME, last);
    g_autofree char *dropped = g_strdup_printf ("secret/%s-v%u\n", STRATA_RELEASE_RECORD_NAME, last - 10);

    g_assert_true (g_strv_contains ((const char * const *)lines, newest));
    g_assert_null (strstr (names, dropped));
  }
}

/* A failure mid-way, then a retry */

static const char broken_web[] =
  "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken-web}\n"
  "spec:\n  template:\n    metadata: {labels: {app: broken-web}}\n"
  "    spec: {containers: [{name: web, image: registry.example/web:1}]}\n";

static const char fixed_web[] =
  "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken-web}\n"
  "spec:\n  selector: {matchLabels: {app: broken-web}}\n"
  "  template:\n    metadata: {labels: {app: broken-web}}\n"
  "    spec: {containers: [{name: web, image: registry.example/web:1}]}\n";

static StrataRenderedSet *
failure_set (const char *version,
             const char *base_value,
             const char *app_yaml)
{
  StrataRenderedSet *set = strata_rendered_set_new ("failure-test", version, 1);
  g_autofree char *base = g_str_equal (base_value, "v1")
    ? config_maps ("base-config", base_value, NULL)
    : config_maps ("base-config", base_value, "base-extra", "x", NULL);

  add_layer (set, "base", 10, "applier-fail", NULL, base);
  add_layer (set, "app", 20, "applier-fail", NULL, app_yaml);
  return set;
}

static void
test_failure_and_retry (void)
{
  g_autofree char *old_app = config_maps ("app-config", "one", "app-old", "one", NULL);
  g_autofree char *new_app_config = config_maps ("app-config", "two", NULL);
  g_autofree char *broken_app = g_strconcat (new_app_config, "---\n", broken_web, NULL);
  g_autofree char *fixed_app = g_strconcat (new_app_config, "---\n", fixed_web, NULL);
  g_autoptr(StrataRenderedSet) first = failure_set ("1.0.0", "v1", old_app);
  g_autoptr(StrataRenderedSet) broken = failure_set ("1.1.0", "v2", broken_app);
  g_autoptr(StrataRenderedSet) fixed = failure_set ("1.1.0", "v2", fixed_app);
  g_autoptr(StrataApplier) applier = strata_applier_new (client);
  g_autoptr(StrataReleaseRecord) first_record = NULL;
  g_autoptr(StrataReleaseRecord) kept = NULL;
  g_autoptr(StrataReleaseRecord) fixed_record = NULL;
  g_autoptr(StrataApplyPlan) settled = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *base_value = NULL;
  g_autofree char *app_value = NULL;
  g_autofree char *fixed_hash = NULL;
  Recorder recorder = { events, layers };

  forget_record ();
  /* Against a server that outlives this program (STRATA_TEST_KUBECONFIG). */
  g_free (strata_test_kubectl (server, 0, "delete", "deployment", "-n", "applier-fail", "broken-web",
                               "--ignore-not-found", NULL));
  apply_ok (applier, first, &first_record);

  g_signal_connect (applier, "object-applied", G_CALLBACK (on_object_applied), &recorder);
  g_signal_connect (applier, "layer-finished", G_CALLBACK (on_layer_finished), &recorder);
  g_assert_false (apply_set (applier, broken, NULL, &error));
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_INVALID);
  g_test_message ("the failed apply said: %s", error->message);
  /* The error names the object and says how far the apply got. */
  g_assert_nonnull (strstr (error->message, "Layer “app”"));
  g_assert_nonnull (strstr (error->message, "Deployment applier-fail/broken-web"));
  g_assert_nonnull (strstr (error->message, "3 of 4 objects were applied"));
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (layers, 1), ==, "finished app 1/2");
  g_clear_error (&error);

  /* Earlier waves were applied; nothing was pruned; the old record stays. */
  base_value = kubectl_data ("applier-fail", "base-config");
  app_value = kubectl_data ("applier-fail", "app-config");
  g_assert_cmpstr (base_value, ==, "v2");
  g_assert_cmpstr (app_value, ==, "two");
  g_assert_true (kubectl_exists ("applier-fail", "configmap", "base-extra"));
  g_assert_true (kubectl_exists ("applier-fail", "configmap", "app-old"));
  g_assert_false (kubectl_exists ("applier-fail", "deployment", "broken-web"));
  kept = kubectl_record ();
  g_assert_cmpstr (strata_release_record_get_hash (kept), ==, strata_release_record_get_hash (first_record));
  g_assert_cmpuint (strata_release_record_get_number (kept), ==, strata_release_record_get_number (first_record));
  g_assert_cmpstr (strata_release_record_get_version (kept), ==, "1.0.0");

  /* The retry converges: everything there, the dropped object pruned. */
  apply_ok (applier, fixed, &fixed_record);
  g_assert_true (kubectl_exists ("applier-fail", "deployment", "broken-web"));
  g_assert_false (kubectl_exists ("applier-fail", "configmap", "app-old"));
  fixed_hash = strata_rendered_set_compute_hash (fixed);
  g_assert_cmpstr (strata_release_record_get_hash (fixed_record), ==, fixed_hash);
  g_assert_cmpuint (json_array_get_length (strata_release_record_get_inventory (fixed_record)), ==, 4);

  settled = plan_set (applier, fixed);
  g_assert_false (strata_apply_plan_has_changes (settled));
  g_assert_cmpuint (strata_apply_plan_count (settled, STRATA_OBJECT_ACTION_UNCHANGED), ==, 4);
}

/* Drift */

static void
test_drift (void)
{
  g_autoptr(StrataRenderedSet) set = strata_rendered_set_new ("drift-test", "1.0.0", 1);
  g_autoptr(StrataApplier) applier = strata_applier_new (client);
  g_autoptr(GListModel) untouched = NULL;
  g_autoptr(GListModel) labelled = NULL;
  g_autoptr(GListModel) edited = NULL;
  g_autoptr(GListModel) deleted = NULL;
  g_autoptr(GListModel) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *yaml = config_maps ("drift-config", "original", "drift-gone", "here", NULL);
  g_autofree char *with_deployment = g_strconcat (yaml, "---\n", fixed_web, NULL);
  StrataObjectChange *change;

  forget_record ();
  add_layer (set, "drifty", 0, "applier-drift", NULL, with_deployment);
  apply_ok (applier, set, NULL);

  /* Untouched: the server's defaults are no drift. */
  untouched = detect_drift ();
  g_assert_cmpuint (g_list_model_get_n_items (untouched), ==, 0);

  /* A field strata never set is no drift either. */
  g_free (strata_test_kubectl (server, 0, "label", "configmap", "-n", "applier-drift", "drift-config", "extra=1",
                               "--overwrite", NULL));
  labelled = detect_drift ();
  g_assert_cmpuint (g_list_model_get_n_items (labelled), ==, 0);

  /* Someone edits a field strata owns. */
  g_free (strata_test_kubectl (server, 0, "patch", "configmap", "-n", "applier-drift", "drift-config",
                               "-p", "{\"data\":{\"a\":\"edited\"}}", NULL));
  edited = detect_drift ();
  g_assert_cmpuint (g_list_model_get_n_items (edited), ==, 1);
  change = find_change (edited, "drift-config");
  g_assert_cmpint (strata_object_change_get_action (change), ==, STRATA_OBJECT_ACTION_CHANGE);
  g_assert_cmpstr (strata_object_change_get_layer (change), ==, "drifty");
  g_assert_nonnull (strstr (strata_object_change_get_diff (change), "\n-  a: edited\n+  a: original\n"));

  /* … and deletes another. */
  g_free (strata_test_kubectl (server, 0, "delete", "configmap", "-n", "applier-drift", "drift-gone", NULL));
  deleted = detect_drift ();
  g_assert_cmpuint (g_list_model_get_n_items (deleted), ==, 2);
  change = find_change (deleted, "drift-gone");
  g_assert_cmpint (strata_object_change_get_action (change), ==, STRATA_OBJECT_ACTION_CREATE);

  /* Applying again puts it right. */
  apply_ok (applier, set, NULL);
  restored = detect_drift ();
  g_assert_cmpuint (g_list_model_get_n_items (restored), ==, 0);
}

void
test_applier_add_record_tests (void)
{
  g_test_add_func ("/kube/applier/prune-and-record", test_prune_and_record);
  g_test_add_func ("/kube/applier/history", test_history);
  g_test_add_func ("/kube/applier/failure-and-retry", test_failure_and_retry);
  g_test_add_func ("/kube/applier/drift", test_drift);
}
