/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Review and apply in the real Strata window under Xvfb, against the
 * sandbox the app starts: a profile with the hello-universe pack (made by
 * strata-cli, as a user in a terminal would), attached from the cluster's
 * Profile tab; the status says "Updates available"; Review changes shows
 * the objects to create; Apply brings the status to Running and kubectl
 * sees the ui Deployment. Then an in-place edit of the version brings the
 * banner back and the side-by-side review marks the replicas line; an
 * override saved in the Profile tab is checked inline first, then applied
 * at once (with that edit). */

#include "config.h"

#include "strata-application.h"
#include "strata-window.h"
#include "strata-cluster-page-private.h"
#include "strata-clusters-view-private.h"
#include "strata-review-dialog-private.h"
#include "strata-ui-test.h"

static char *home_dir;
static char *screenshot_dir;
static StrataApplication *app;
static StrataWindow *window;

static gint64 start_time;

static void
step (const char *what)
{
  g_test_message ("%.1f s: %s", (g_get_monotonic_time () - start_time) / 1e6, what);
}


static StrataClustersView *
view (void)
{
  return strata_window_get_clusters_view (window);
}

static StrataClusterPage *
page (void)
{
  return strata_clusters_view_get_page (view ());
}

static StrataCluster *
sandbox_record (void)
{
  return strata_cluster_store_find_cluster (strata_application_get_cluster_store (app), "sandbox");
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  ui_test_save_screenshot (widget, screenshot_dir, name);
}

static void
async_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* A program run with the main loop turning: the sandbox answers from this
 * very process. Returns its stdout; fails the test when it fails. */
static char *
run_program (const char *stdin_text,
             const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GAsyncResult *result = NULL;

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, stdin_text, NULL, async_ready_cb, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_true (g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s %s failed: %s%s", argv[0], argv[1], out, err);
  return g_steal_pointer (&out);
}

static char *
cli (const char *stdin_text,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("STRATA_CLI"));
  va_start (args, stdin_text);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  return run_program (stdin_text, (const char * const *) argv->pdata);
}

static gboolean
have_kubectl (void)
{
  return g_file_test ("/usr/bin/kubectl", G_FILE_TEST_IS_EXECUTABLE);
}

static char *
kubectl (const char *what)
{
  g_autofree char *kubeconfig = strata_sandbox_service_dup_kubeconfig_path (strata_application_get_sandbox_service (app));
  const char *argv[] = { "/usr/bin/kubectl", "--kubeconfig", kubeconfig, "--request-timeout=15s",
                         "get", what, "-n", "hello", "-o", "jsonpath={.spec.replicas}", NULL };

  return run_program (NULL, argv);
}

/* The pack's defaults with another number of UI pods. */
static char *
hello_values (guint replicas)
{
  g_autofree char *path = g_build_filename (g_getenv ("STRATA_PACKS_DIR"), "hello-universe", "1.0.0",
                                            "values.yaml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *wanted = g_strdup_printf ("\nreplicas: %u\n", replicas);
  g_autoptr(GString) values = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  values = g_string_new (text);
  g_assert_cmpuint (g_string_replace (values, "\nreplicas: 1\n", wanted, 1), ==, 1);
  return g_string_free (g_steal_pointer (&values), FALSE);
}

static void
apply_and_wait (StrataReviewDialog *dialog)
{
  g_autoptr(StrataReviewDialog) held = g_object_ref (dialog);

  step ("apply");
  ui_test_click (_strata_review_dialog_get_apply_button (dialog));
  WAIT_UNTIL (_strata_review_dialog_get_applied (held) ||
              g_strcmp0 (_strata_review_dialog_get_state (held), "error") == 0);
  if (!_strata_review_dialog_get_applied (held))
    g_error ("apply failed: %s", _strata_review_dialog_get_error (held));
  step ("apply done");
  g_assert_cmpuint (_strata_review_dialog_get_n_progress_rows (held), >, 0);
  WAIT_UNTIL (ui_test_find_window (STRATA_TYPE_REVIEW_DIALOG) == NULL);
}

static void
wait_for_status_at (StrataClusterStatus status,
                    int                 line)
{
  StrataStatusMonitor *monitor = strata_application_get_status_monitor (app);
  gint64 deadline = g_get_monotonic_time () + 40 * G_USEC_PER_SEC;

  while (!(sandbox_record () != NULL && strata_cluster_get_status (sandbox_record ()) == status &&
           !strata_status_monitor_get_checking (monitor)))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("line %d: the sandbox is %s (%s), expected %s", line,
                 strata_cluster_check_status_label (strata_cluster_get_status (sandbox_record ())),
                 strata_cluster_get_status_reason (sandbox_record ()),
                 strata_cluster_check_status_label (status));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

#define wait_for_status(status) wait_for_status_at ((status), __LINE__)

static void
run_review (void)
{
  StrataStatusMonitor *monitor = strata_application_get_status_monitor (app);
  g_autofree char *values = NULL;
  g_autofree char *marks = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *out = NULL;
  StrataReviewDialog *dialog;
  AdwComboRow *combo;

  strata_window_set_view (window, "clusters");
  WAIT_UNTIL (sandbox_record () != NULL);
  WAIT_UNTIL (strata_sandbox_service_get_running (strata_application_get_sandbox_service (app)));
  WAIT_UNTIL (strata_status_monitor_get_manager (monitor) != NULL);
  /* Checked, not only started: nothing attached, nothing applied. */
  WAIT_UNTIL (strata_cluster_get_status_reason (sandbox_record ()) != NULL &&
              strstr (strata_cluster_get_status_reason (sandbox_record ()), "no profile attached") != NULL);
  g_assert_cmpint (strata_cluster_get_status (sandbox_record ()), ==, STRATA_CLUSTER_STATUS_RUNNING);
  gtk_widget_activate_action (GTK_WIDGET (window), "app.refresh-status", NULL);
  wait_for_status (STRATA_CLUSTER_STATUS_RUNNING);

  step ("sandbox checked");
  /* A profile made outside the app, then Refresh (reload) picks it up. */
  g_free (cli (NULL, "profile", "create", "hello", NULL));
  g_free (cli (NULL, "layer", "add", "hello@1.0.0", "--pack", "hello-universe@1.0.0", "--name", "web",
               "-n", "hello", NULL));
  strata_application_reload (app);
  WAIT_UNTIL (!strata_application_get_loading (app) && !strata_application_get_clusters_loading (app));
  WAIT_UNTIL (sandbox_record () != NULL && strata_store_find_profile (strata_application_get_store (app), "hello"));

  step ("profile created");
  /* Attach from the Profile tab. */
  strata_clusters_view_open_cluster (view (), sandbox_record ());
  WAIT_UNTIL (g_strcmp0 (_strata_clusters_view_get_visible_page (view ()), "cluster") == 0);
  _strata_cluster_page_set_section (page (), "profile");
  combo = _strata_cluster_page_get_version_combo (page ());
  WAIT_UNTIL (adw_combo_row_get_selected_item (combo) != NULL);
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (combo)), ==, "1.0.0");
  g_assert_cmpuint (_strata_cluster_page_get_n_layer_rows (page ()), ==, 0);
  screenshot (GTK_WIDGET (window), "review-profile-tab.png");
  g_assert_cmpuint (ui_test_assert_accessible_names (GTK_WIDGET (page ())), >=, 5);

  step ("attaching");
  gtk_widget_activate_action (GTK_WIDGET (page ()), "cluster.attach", NULL);
  dialog = ui_test_wait_for_window (STRATA_TYPE_REVIEW_DIALOG);
  WAIT_UNTIL (g_strcmp0 (_strata_review_dialog_get_state (dialog), "loading") != 0);
  if (_strata_review_dialog_get_error (dialog) != NULL)
    g_error ("review failed: %s", _strata_review_dialog_get_error (dialog));
  step ("planned");
  g_assert_cmpstr (strata_cluster_get_profile_name (sandbox_record ()), ==, "hello");
  g_assert_cmpuint (_strata_cluster_page_get_n_layer_rows (page ()), ==, 1);
  /* Nothing applied yet: every object is to be created. */
  g_assert_false (g_str_has_prefix (_strata_review_dialog_get_counts (dialog), "0 to be created"));
  g_assert_nonnull (strstr (_strata_review_dialog_get_counts (dialog), "0 changed, 0 pruned, 0 unchanged"));
  g_assert_cmpuint (_strata_review_dialog_get_n_object_rows (dialog), >=, 4);
  g_assert_cmpuint (_strata_review_dialog_get_n_layers (dialog), ==, 1);
  screenshot (GTK_WIDGET (dialog), "review-first-apply.png");
  g_assert_cmpuint (ui_test_assert_accessible_names (GTK_WIDGET (dialog)), >=, 3);

  step ("reviewed");
  /* Cancel leaves the cluster as it was, and the banner says why. */
  /* Beneath it, the check of the version just attached. */
  wait_for_status (STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE);
  _strata_cluster_page_set_section (page (), "overview");
  g_assert_cmpstr (_strata_cluster_page_get_banner (page ()), ==, "Updates available");
  g_assert_cmpstr (_strata_cluster_page_get_status_text (page ()), ==, "Updates available");
  g_assert_cmpstr (_strata_cluster_page_get_subtitle (page ()), ==, "Sandbox (simulated)");
  screenshot (GTK_WIDGET (window), "review-banner.png");
  step ("banner shown");

  apply_and_wait (dialog);
  wait_for_status (STRATA_CLUSTER_STATUS_RUNNING);
  g_assert_null (_strata_cluster_page_get_banner (page ()));
  if (have_kubectl ())
    {
      out = kubectl ("deployment/ui");
      g_assert_cmpstr (out, ==, "1");
      g_clear_pointer (&out, g_free);
    }
  else
    g_test_message ("kubectl not installed: the Deployment was not checked from outside");

  step ("applied");
  /* An in-place edit of the attached version: the banner is back, and the
   * review marks the replicas line on both sides. */
  values = hello_values (2);
  g_free (cli (values, "layer", "set", "hello@1.0.0", "web", "--values-file", "-", NULL));
  strata_application_reload (app);
  WAIT_UNTIL (!strata_application_get_loading (app) && !strata_application_get_clusters_loading (app));
  wait_for_status (STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE);
  WAIT_UNTIL (strata_cluster_page_get_cluster (page ()) == sandbox_record ());
  WAIT_UNTIL (_strata_cluster_page_get_banner (page ()) != NULL);

  step ("edited in place");
  ui_test_click (page ()->review_button);
  dialog = ui_test_wait_for_window (STRATA_TYPE_REVIEW_DIALOG);
  WAIT_UNTIL (g_strcmp0 (_strata_review_dialog_get_state (dialog), "loading") != 0);
  if (_strata_review_dialog_get_error (dialog) != NULL)
    g_error ("review failed: %s", _strata_review_dialog_get_error (dialog));
  g_assert_cmpuint (_strata_review_dialog_get_n_layers (dialog), ==, 1);
  pending = _strata_review_dialog_get_side_text (dialog, 0, "pending");
  {
    g_auto(GStrv) lines = g_strsplit (pending, "\n", -1);
    g_autofree char *expected = NULL;

    for (guint i = 0; lines[i] != NULL; i++)
      if (g_str_equal (lines[i], "replicas: 2"))
        expected = g_strdup_printf ("%u", i + 1);
    g_assert_nonnull (expected);
    marks = _strata_review_dialog_get_marked_lines (dialog, 0, "pending");
    g_assert_cmpstr (marks, ==, expected);
    g_clear_pointer (&marks, g_free);
    marks = _strata_review_dialog_get_marked_lines (dialog, 0, "current");
    g_assert_cmpstr (marks, ==, expected);
  }
  g_assert_nonnull (strstr (_strata_review_dialog_get_counts (dialog), "0 to be created, 1 changed, 0 pruned"));
  screenshot (GTK_WIDGET (dialog), "review-side-by-side.png");
  /* Not applied here: the override below applies the edit with it. */
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_UNTIL (ui_test_find_window (STRATA_TYPE_REVIEW_DIALOG) == NULL);

  /* An override: a mistake is shown beside the editor, nothing saved;
   * then one that is right is applied at once, with the pending edit. */
  _strata_cluster_page_set_section (page (), "profile");
  WAIT_UNTIL (_strata_cluster_page_get_override_buffer (page (), "web") != NULL);
  gtk_text_buffer_set_text (_strata_cluster_page_get_override_buffer (page (), "web"), "replicas: [3\n", -1);
  gtk_widget_activate_action (GTK_WIDGET (page ()), "cluster.save-override", "s", "web");
  WAIT_UNTIL (_strata_cluster_page_get_override_error (page (), "web") != NULL);
  g_test_message ("override error: %s", _strata_cluster_page_get_override_error (page (), "web"));
  g_assert_null (strata_cluster_get_override (sandbox_record (), "web"));

  gtk_text_buffer_set_text (_strata_cluster_page_get_override_buffer (page (), "web"), "replicas: 3\n", -1);
  gtk_widget_activate_action (GTK_WIDGET (page ()), "cluster.save-override", "s", "web");
  WAIT_UNTIL (g_strcmp0 (strata_cluster_get_override (sandbox_record (), "web"), "replicas: 3\n") == 0 &&
              !_strata_cluster_page_get_busy (page ()));
  g_assert_null (_strata_cluster_page_get_override_error (page (), "web"));
  wait_for_status (STRATA_CLUSTER_STATUS_RUNNING);
  step ("override applied");
  g_assert_cmpuint (_strata_cluster_page_get_n_layer_rows (page ()), ==, 1);
  adw_expander_row_set_expanded (g_ptr_array_index (page ()->layer_rows, 0), TRUE);
  screenshot (GTK_WIDGET (window), "review-override.png");
  if (have_kubectl ())
    {
      out = kubectl ("deployment/ui");
      g_assert_cmpstr (out, ==, "3");
    }

  /* The list says it too. */
  gtk_widget_activate_action (GTK_WIDGET (view ()), "clusters.show-list", NULL);
  WAIT_UNTIL (g_strcmp0 (_strata_clusters_view_get_visible_page (view ()), "list") == 0);
  screenshot (GTK_WIDGET (window), "review-clusters-list.png");
}

static void
on_activate (GApplication *application,
             gpointer      user_data)
{
  GList *windows;

  window = STRATA_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  step ("first frames");

  run_review ();
  step ("done");

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (application))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
  ui_test_drain ();
  window = NULL;
  g_application_quit (application);
}

static void
test_review_and_apply (void)
{
  start_time = g_get_monotonic_time ();
  app = strata_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);
  g_application_run (G_APPLICATION (app), 0, NULL);
  step ("application quit");
  g_clear_object (&app);
}

static void
set_folder_env (const char *variable,
                const char *name)
{
  g_autofree char *path = g_build_filename (home_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  g_setenv (variable, path, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before anything asks GLib for them: GLib keeps the first answer. */
  home_dir = g_dir_make_tmp ("strata-test-ui-review-XXXXXX", NULL);
  g_assert_nonnull (home_dir);
  g_setenv ("HOME", home_dir, TRUE);
  set_folder_env ("XDG_DATA_HOME", "data");
  set_folder_env ("XDG_CONFIG_HOME", "config");
  set_folder_env ("XDG_CACHE_HOME", "cache");
  g_unsetenv ("STRATA_DATA_DIR");
  g_unsetenv ("KUBECONFIG");

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("STRATA_SCREENSHOT_DIR") != NULL)
    screenshot_dir = g_strdup (g_getenv ("STRATA_SCREENSHOT_DIR"));
  else
    screenshot_dir = g_build_filename (home_dir, "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (screenshot_dir, 0755), ==, 0);

  g_test_add_func ("/ui/review/attach-review-apply-edit-override", test_review_and_apply);

  status = g_test_run ();

  ui_test_remove_tree (home_dir);
  g_clear_pointer (&home_dir, g_free);
  g_clear_pointer (&screenshot_dir, g_free);

  return status;
}
