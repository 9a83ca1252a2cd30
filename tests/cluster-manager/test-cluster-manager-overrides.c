/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Overrides: the in-place rule (an edit of an overridden layer drops the
 * override, and the plan says so), carrying them forward, a failed apply
 * that keeps the previous release and the override, and its retry;
 * validation before saving. */

#include "config.h"

#include "strata-test-util.h"
#include "test-cluster-manager-private.h"

/* The in-place override rule */

static void
test_override_dropped (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *web = values_manifest ("web-config");
  g_autofree char *other = values_manifest ("other-config");
  StrataProfile *profile = make_profile (fixture, "dropping",
                                         manifest_layer ("web", "cm-drop", 10, "replicas: 1\n", web),
                                         manifest_layer ("other", "cm-drop", 20, "replicas: 1\n", other), NULL);
  StrataCluster *cluster = add_cluster (fixture, "dropping", "dropping");
  g_autoptr(StrataReleaseRecord) first = NULL;
  g_autoptr(StrataReleaseRecord) second = NULL;
  g_autoptr(StrataClusterPlan) unchanged = NULL;
  g_autoptr(StrataClusterPlan) dropping = NULL;
  g_autoptr(StrataClusterPlan) carrying = NULL;
  g_autoptr(StrataClusterCheck) pending = NULL;
  g_auto(GStrv) dropped = NULL;
  g_auto(GStrv) carried = NULL;
  g_auto(GStrv) layers = NULL;
  g_autofree char *diff = NULL;
  g_autofree char *value = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *gone = NULL;
  guint changed_in;

  set_override (fixture, cluster, "web", "replicas: 2\n");
  first = plan_and_apply (fixture, cluster, STRATA_CLUSTER_PLAN_CARRY_OVERRIDES);
  value = kubectl_data ("cm-drop", "web-config", "replicas");
  g_assert_cmpstr (value, ==, "2");

  /* An edit of another layer leaves the override alone. */
  edit_layer (fixture, profile, "other", "replicas: 1\ncolor: blue\n", NULL);
  unchanged = plan (fixture, cluster, STRATA_CLUSTER_PLAN_DEFAULT);
  g_assert_cmpuint (g_strv_length ((GStrv)strata_cluster_plan_get_notes (unchanged)), ==, 0);
  g_assert_true (strata_cluster_plan_is_pending (unchanged));
  layers = strata_cluster_plan_list_changed_layers (unchanged);
  g_assert_cmpuint (g_strv_length (layers), ==, 1);
  g_assert_cmpstr (layers[0], ==, "other");

  /* An edit of the overridden layer drops the override, and says so. */
  edit_layer (fixture, profile, "web", "replicas: 3\n", NULL);
  changed_in = current_revision (profile);
  pending = check (fixture, cluster);
  g_assert_cmpint (strata_cluster_check_get_status (pending), ==, STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE);
  g_assert_cmpuint (g_strv_length ((GStrv)strata_cluster_check_get_notes (pending)), ==, 1);

  dropping = plan (fixture, cluster, STRATA_CLUSTER_PLAN_DEFAULT);
  dropped = strata_cluster_plan_list_dropped_overrides (dropping);
  g_assert_cmpuint (g_strv_length (dropped), ==, 1);
  g_assert_cmpstr (dropped[0], ==, "web");
  g_assert_cmpuint (strata_cluster_plan_get_changed_revision (dropping, "web"), ==, changed_in);
  g_assert_cmpuint (strata_cluster_plan_get_changed_revision (dropping, "other"), ==, 0);
  {
    g_autofree char *expected = g_strdup_printf ("override for layer web is dropped: the profile changed this layer "
                                                 "in revision %u", changed_in);

    g_assert_cmpstr (strata_cluster_plan_get_notes (dropping)[0], ==, expected);
  }
  diff = strata_cluster_plan_get_values_diff (dropping, "web");
  assert_contains (diff, "-replicas: 2\n");
  assert_contains (diff, "+replicas: 3\n");

  /* Carried forward instead: the override stays in what would be applied. */
  carrying = plan (fixture, cluster, STRATA_CLUSTER_PLAN_CARRY_OVERRIDES);
  carried = strata_cluster_plan_list_carried_overrides (carrying);
  g_assert_cmpuint (g_strv_length (carried), ==, 1);
  g_assert_cmpstr (carried[0], ==, "web");
  assert_contains (strata_cluster_plan_get_notes (carrying)[0], "carried forward");
  g_clear_pointer (&diff, g_free);
  diff = strata_cluster_plan_get_values_diff (carrying, "web");
  g_assert_cmpstr (diff, ==, "");

  /* Applying the plan that dropped it removes it from the record. */
  g_assert_true (apply_plan (fixture, dropping, &second, NULL));
  g_clear_pointer (&value, g_free);
  value = kubectl_data ("cm-drop", "web-config", "replicas");
  g_assert_cmpstr (value, ==, "3");
  g_assert_null (strata_cluster_get_override (cluster, "web"));
  gone = stored_override (fixture, "dropping", "web");
  g_assert_null (gone);
  g_assert_cmpuint (strata_release_record_get_revision (second), ==, changed_in);
  assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_RUNNING, NULL);

  /* An override saved after that edit is not dropped by it. */
  set_override (fixture, cluster, "web", "replicas: 4\n");
  g_clear_object (&second);
  second = plan_and_apply (fixture, cluster, STRATA_CLUSTER_PLAN_DEFAULT);
  kept = stored_override (fixture, "dropping", "web");
  g_assert_cmpstr (kept, ==, "replicas: 4\n");
}

static void
test_carry_forward (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *web = values_manifest ("carry-config");
  StrataProfile *profile = make_profile (fixture, "carrying",
                                         manifest_layer ("web", "cm-carry", 10, "replicas: 1\n", web), NULL);
  StrataCluster *cluster = add_cluster (fixture, "carrying", "carrying");
  g_autoptr(StrataReleaseRecord) first = NULL;
  g_autoptr(StrataReleaseRecord) carried = NULL;
  g_autofree char *replicas = NULL;
  g_autofree char *color = NULL;
  g_autofree char *kept = NULL;

  set_override (fixture, cluster, "web", "replicas: 2\n");
  first = plan_and_apply (fixture, cluster, STRATA_CLUSTER_PLAN_CARRY_OVERRIDES);
  edit_layer (fixture, profile, "web", "replicas: 3\ncolor: red\n", NULL);

  carried = plan_and_apply (fixture, cluster, STRATA_CLUSTER_PLAN_CARRY_OVERRIDES);
  replicas = kubectl_data ("cm-carry", "carry-config", "replicas");
  color = kubectl_data ("cm-carry", "carry-config", "color");
  g_assert_cmpstr (replicas, ==, "2");
  g_assert_cmpstr (color, ==, "none");  /* the override replaces the whole values */
  kept = stored_override (fixture, "carrying", "web");
  g_assert_cmpstr (kept, ==, "replicas: 2\n");
  g_assert_cmpuint (strata_release_record_get_revision (carried), ==, current_revision (profile));
  g_assert_cmpstr (strata_release_record_get_values (carried, "web"), ==, "replicas: 2\n");

  /* What runs is the release of the current revision: nothing pending. */
  assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_RUNNING, NULL);
}

/* A failed apply keeps the previous release, and the retry converges */

static const char broken_app[] =
  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config}\ndata: {a: one}\n"
  "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken-web}\n"
  "spec:\n  template:\n    metadata: {labels: {app: broken-web}}\n"
  "    spec: {containers: [{name: web, image: registry.example/web:1}]}\n";

static const char fixed_app[] =
  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config}\ndata: {a: one}\n"
  "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken-web}\n"
  "spec:\n  selector: {matchLabels: {app: broken-web}}\n"
  "  template:\n    metadata: {labels: {app: broken-web}}\n"
  "    spec: {containers: [{name: web, image: registry.example/web:1}]}\n";

static void
test_failed_apply (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *web = values_manifest ("fail-config");
  g_autofree char *namespace_ = g_strdup_printf ("cm-fail-%u", g_random_int_range (1, 1000000));
  StrataProfile *profile = make_profile (fixture, "failing",
                                         manifest_layer ("web", "cm-fail", 10, "replicas: 1\n", web), NULL);
  StrataCluster *cluster = add_cluster (fixture, "failing", "failing");
  g_autoptr(StrataReleaseRecord) first = NULL;
  g_autoptr(StrataReleaseRecord) retried = NULL;
  g_autoptr(StrataClusterPlan) failing = NULL;
  g_autoptr(StrataClusterCheck) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *gone = NULL;

  set_override (fixture, cluster, "web", "replicas: 2\n");
  first = plan_and_apply (fixture, cluster, STRATA_CLUSTER_PLAN_CARRY_OVERRIDES);

  /* The edit drops the override and adds a Deployment the server refuses;
   * its namespace does not exist yet, so the dry-run cannot tell. */
  edit_layer (fixture, profile, "web", "replicas: 3\n", NULL);
  add_layer_in_place (fixture, profile, manifest_layer ("app", namespace_, 20, NULL, broken_app));
  failing = plan (fixture, cluster, STRATA_CLUSTER_PLAN_DEFAULT);
  g_assert_cmpuint (g_strv_length ((GStrv)strata_cluster_plan_get_notes (failing)), ==, 1);

  g_assert_false (apply_plan (fixture, failing, NULL, &error));
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_INVALID);
  g_test_message ("the failed apply said: %s", error->message);
  assert_contains (error->message, "Deployment");
  assert_contains (error->message, "previous release record was kept");
  g_assert_cmpint (strata_cluster_get_status (cluster), ==, STRATA_CLUSTER_STATUS_ERROR);

  /* The first wave went through; the record and the override stayed. */
  value = kubectl_data ("cm-fail", "fail-config", "replicas");
  g_assert_cmpstr (value, ==, "3");
  kept = stored_override (fixture, "failing", "web");
  g_assert_cmpstr (kept, ==, "replicas: 2\n");
  after = check (fixture, cluster);
  g_assert_cmpint (strata_cluster_check_get_status (after), ==, STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE);
  g_assert_cmpuint (strata_release_record_get_number (strata_cluster_check_get_record (after)), ==,
                    strata_release_record_get_number (first));

  /* Fixed in place, the retry converges and the override goes. */
  edit_layer (fixture, profile, "app", NULL, fixed_app);
  retried = plan_and_apply (fixture, cluster, STRATA_CLUSTER_PLAN_DEFAULT);
  g_assert_cmpuint (strata_release_record_get_number (retried), ==, strata_release_record_get_number (first) + 1);
  g_assert_true (kubectl_exists (namespace_, "deployment", "broken-web"));
  gone = stored_override (fixture, "failing", "web");
  g_assert_null (gone);
  assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_RUNNING, NULL);
}

/* Overrides are checked before they are saved */

static void
test_override_validation (Fixture       *fixture,
                          gconstpointer  data)
{
  StrataPack *pack = strata_pack_registry_lookup (fixture->registry, "hello-universe", "1.0.0");
  G_GNUC_UNUSED StrataProfile *profile = NULL;
  StrataCluster *cluster;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (pack);
  profile = make_profile (fixture, "checked", strata_pack_create_layer (pack, NULL), NULL);
  cluster = add_cluster (fixture, "checked", "checked");

  g_assert_false (strata_cluster_manager_validate_override (fixture->manager, cluster, "hello-universe",
                                                            "replicas: many\n", &error));
  assert_contains (error->message, "replicas");
  assert_contains (error->message, "“hello-universe”");
  g_clear_error (&error);
  g_assert_false (strata_cluster_manager_validate_override (fixture->manager, cluster, "hello-universe",
                                                            "replicas: many\ncreateNamespace: maybe\n", &error));
  assert_contains (error->message, "createNamespace");
  g_assert_null (strchr (error->message, '\n'));  /* several problems, one line */
  g_clear_error (&error);
  g_assert_false (strata_cluster_manager_validate_override (fixture->manager, cluster, "hello-universe",
                                                            "replicas: [1\n", &error));
  g_clear_error (&error);
  g_assert_false (strata_cluster_manager_validate_override (fixture->manager, cluster, "nosuch", "a: 1\n", &error));
  assert_contains (error->message, "nosuch");
  g_clear_error (&error);

  g_assert_true (strata_cluster_manager_validate_override (fixture->manager, cluster, "hello-universe",
                                                           "replicas: 2\n", &error));
  g_assert_no_error (error);
  g_assert_null (strata_cluster_get_override (cluster, "hello-universe"));  /* checking saves nothing */
}

void
test_cluster_manager_add_override_tests (void)
{
#define ADD(path, func) g_test_add ("/kube/cluster-manager/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("override-dropped", test_override_dropped);
  ADD ("carry-forward", test_carry_forward);
  ADD ("failed-apply-retry", test_failed_apply);
  ADD ("override-validation", test_override_validation);
#undef ADD
}
