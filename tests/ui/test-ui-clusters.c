/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drives the Clusters view of the real Strata window under Xvfb: the first
 * run adds and starts the sandbox, kubectl reaches it, clusters are added
 * from a kubeconfig, tagged, searched, filtered by tags, exported and
 * removed by typing their name; a second run does not bring back the
 * sandbox the user removed; a sandbox that cannot start says why, with
 * Retry. Each run is one StrataApplication in this process, over the same
 * temporary XDG_DATA_HOME and the same (memory) settings. */

#include "config.h"

#include <sys/stat.h>

#include "strata-application.h"
#include "strata-window.h"
#include "strata-add-cluster-dialog-private.h"
#include "strata-cluster-page-private.h"
#include "strata-clusters-view-private.h"
#include "strata-ui-test.h"

typedef void (*RunFunc) (void);

static char *home_dir;
static char *screenshot_dir;
static StrataApplication *app;
static StrataWindow *window;

static const char *kubeconfig_text =
  "apiVersion: v1\n"
  "kind: Config\n"
  "current-context: staging\n"
  "clusters:\n"
  "  - name: prod\n"
  "    cluster:\n"
  "      server: https://127.0.0.1:1\n"
  "  - name: staging\n"
  "    cluster:\n"
  "      server: https://127.0.0.1:2\n"
  "users:\n"
  "  - name: admin\n"
  "    user:\n"
  "      token: not-a-real-token\n"
  "contexts:\n"
  "  - name: prod-admin@Prod\n"
  "    context:\n"
  "      cluster: prod\n"
  "      user: admin\n"
  "  - name: staging\n"
  "    context:\n"
  "      cluster: staging\n"
  "      user: admin\n";

/* Helpers over the window */

static void
async_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static StrataClusterStore *
cluster_store (void)
{
  return strata_application_get_cluster_store (app);
}

static StrataSandboxService *
sandbox (void)
{
  return strata_application_get_sandbox_service (app);
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

static void
screenshot (const char *name)
{
  ui_test_save_screenshot (GTK_WIDGET (window), screenshot_dir, name);
}

/* The names the list shows, in order: "a,b,c". */
static char *
shown_names (void)
{
  GListModel *model = _strata_clusters_view_get_list_model (view ());
  g_autoptr(GString) names = g_string_new (NULL);
  guint n;

  WAIT_UNTIL (gtk_filter_list_model_get_pending (_strata_clusters_view_get_filter_model (view ())) == 0);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataCluster) cluster = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (names, ',');
      g_string_append (names, strata_cluster_get_name (cluster));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* The search entry reports its text after a short delay, as it does for
 * a user typing: wait for the list, then say what it shows. */
static void
assert_shown_at (const char *expected,
                 int         line)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  g_autofree char *shown = shown_names ();

  while (g_strcmp0 (shown, expected) != 0 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
      g_free (shown);
      shown = shown_names ();
    }

  if (g_strcmp0 (shown, expected) != 0)
    g_error ("line %d: the list shows “%s”, expected “%s”", line, shown, expected);
}

#define assert_shown(expected) assert_shown_at ((expected), __LINE__)

static StrataCluster *
find_sandbox_record (void)
{
  GListModel *clusters = strata_cluster_store_get_clusters (cluster_store ());
  guint n = g_list_model_get_n_items (clusters);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataCluster) cluster = g_list_model_get_item (clusters, i);

      if (strata_cluster_get_source (cluster) == STRATA_CLUSTER_SOURCE_SANDBOX)
        return cluster;
    }

  return NULL;
}

static void
open_cluster (const char *name)
{
  StrataCluster *cluster = strata_cluster_store_find_cluster (cluster_store (), name);

  g_assert_nonnull (cluster);
  strata_clusters_view_open_cluster (view (), cluster);
  WAIT_UNTIL (g_strcmp0 (_strata_clusters_view_get_visible_page (view ()), "cluster") == 0);
  g_assert_true (strata_cluster_page_get_cluster (page ()) == cluster);
}

static void
back_to_list (void)
{
  gtk_widget_activate_action (GTK_WIDGET (view ()), "clusters.show-list", NULL);
  WAIT_UNTIL (g_strcmp0 (_strata_clusters_view_get_visible_page (view ()), "list") == 0);
}

/* What is on disk, read by a store of its own. */
static StrataCluster *
read_back (const char *name)
{
  g_autoptr(StrataStore) profiles = strata_store_new_default ();
  g_autoptr(StrataClusterStore) store = strata_cluster_store_new (profiles);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  StrataCluster *cluster;

  strata_cluster_store_load_async (store, NULL, async_ready_cb, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_true (strata_cluster_store_load_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  cluster = strata_cluster_store_find_cluster (store, name);
  return cluster ? g_object_ref (cluster) : NULL;
}

static char *
tags_of (StrataCluster *cluster)
{
  return g_strjoinv (",", (char **) strata_cluster_get_tags (cluster));
}

/* kubectl, as an independent client, with the main loop running: the
 * sandbox answers from this very process. */

static gboolean
run_kubectl (const char  *kubeconfig,
             char       **out)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  GAsyncResult *result = NULL;
  gboolean ok;

  if (!g_file_test ("/usr/bin/kubectl", G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              "/usr/bin/kubectl", "--kubeconfig", kubeconfig,
                              "--request-timeout=15s", "get", "nodes", "-o", "name", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, async_ready_cb, &result);
  WAIT_UNTIL (result != NULL);
  ok = g_subprocess_communicate_utf8_finish (process, result, out, &err, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_true (ok);
  if (!g_subprocess_get_successful (process))
    g_error ("kubectl get nodes failed: %s", err);

  return TRUE;
}

static void
add_record (StrataCluster *cluster)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  strata_cluster_store_add_async (cluster_store (), cluster, NULL, async_ready_cb, &result);
  WAIT_UNTIL (result != NULL);
  g_assert_true (strata_cluster_store_add_finish (cluster_store (), result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
}

static void
wait_for_load (void)
{
  WAIT_UNTIL (!strata_application_get_clusters_loading (app) &&
              g_strcmp0 (_strata_clusters_view_get_list_state (view ()), "loading") != 0);
}

/* Run 1 */

static void
first_run_adds_and_starts_the_sandbox (void)
{
  g_autofree char *kubeconfig = NULL;
  g_autofree char *nodes = NULL;
  StrataCluster *record;
  struct stat info;

  strata_window_set_view (window, "clusters");
  wait_for_load ();

  /* The record appears, the sandbox serves, and its kubeconfig is there. */
  WAIT_UNTIL (find_sandbox_record () != NULL);
  WAIT_UNTIL (strata_sandbox_service_get_running (sandbox ()));
  record = find_sandbox_record ();
  g_assert_cmpstr (strata_cluster_get_name (record), ==, "sandbox");
  g_assert_null (strata_sandbox_service_get_error (sandbox ()));
  g_assert_null (_strata_clusters_view_get_sandbox_error (view ()));
  g_assert_cmpint (strata_cluster_get_status (record), ==, STRATA_CLUSTER_STATUS_RUNNING);
  /* The sandbox's own "Simulated … at https://127.0.0.1:PORT", until the
   * status check says what it found. */
  g_assert_nonnull (strata_cluster_get_status_reason (record));

  kubeconfig = strata_sandbox_service_dup_kubeconfig_path (sandbox ());
  g_assert_true (g_str_has_prefix (kubeconfig, g_get_user_data_dir ()));
  g_assert_cmpint (g_stat (kubeconfig, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  WAIT_UNTIL (g_strcmp0 (_strata_clusters_view_get_list_state (view ()), "list") == 0);
  assert_shown ("sandbox");
  screenshot ("clusters-sandbox.png");
  g_assert_cmpuint (ui_test_assert_accessible_names (GTK_WIDGET (view ())), >=, 5);

  if (run_kubectl (kubeconfig, &nodes))
    g_assert_true (g_str_has_prefix (nodes, "node/"));
  else
    g_test_message ("kubectl not installed: the sandbox was not reached from outside");

  /* The page says it is simulated, in its title too. */
  open_cluster ("sandbox");
  g_assert_cmpstr (_strata_cluster_page_get_subtitle (page ()), ==, "Sandbox (simulated)");
  g_assert_cmpstr (_strata_cluster_page_get_source_text (page ()), ==, "Sandbox (simulated)");
  g_assert_cmpstr (_strata_cluster_page_get_status_text (page ()), ==, "Running");
  screenshot ("cluster-sandbox.png");
  back_to_list ();
}

static void
add_cluster_from_kubeconfig (void)
{
  g_autofree char *path = g_build_filename (home_dir, "clusters.kubeconfig", NULL);
  g_autoptr(StrataCluster) stored = NULL;
  StrataAddClusterDialog *dialog;
  AdwComboRow *context_row;
  GListModel *contexts;
  StrataCluster *cluster;

  g_assert_true (g_file_set_contents (path, kubeconfig_text, -1, NULL));

  ui_test_click (_strata_clusters_view_get_add_button (view ()));
  dialog = ui_test_wait_for_window (STRATA_TYPE_ADD_CLUSTER_DIALOG);

  /* ~/.kube/config does not exist here: nothing to add yet. */
  WAIT_UNTIL (!_strata_add_cluster_dialog_get_loading (dialog));
  g_assert_false (gtk_widget_is_sensitive (_strata_add_cluster_dialog_get_add_button (dialog)));

  /* The sandbox is in the list already. */
  adw_combo_row_set_selected (_strata_add_cluster_dialog_get_source_row (dialog), 1);
  ui_test_drain ();
  g_assert_nonnull (_strata_add_cluster_dialog_get_general_error (dialog));
  g_assert_nonnull (strstr (_strata_add_cluster_dialog_get_general_error (dialog), "sandbox"));
  g_assert_false (gtk_widget_is_sensitive (_strata_add_cluster_dialog_get_add_button (dialog)));
  adw_combo_row_set_selected (_strata_add_cluster_dialog_get_source_row (dialog), 0);
  ui_test_drain ();

  /* The file's contexts, its current one chosen, a name proposed from it. */
  _strata_add_cluster_dialog_set_kubeconfig_path (dialog, path);
  WAIT_UNTIL (!_strata_add_cluster_dialog_get_loading (dialog));
  context_row = _strata_add_cluster_dialog_get_context_row (dialog);
  contexts = adw_combo_row_get_model (context_row);
  g_assert_cmpuint (g_list_model_get_n_items (contexts), ==, 2);
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (context_row)), ==, "staging");
  g_assert_cmpstr (gtk_editable_get_text (_strata_add_cluster_dialog_get_name_row (dialog)), ==, "staging");

  adw_combo_row_set_selected (context_row, 0);
  ui_test_drain ();
  g_assert_cmpstr (gtk_editable_get_text (_strata_add_cluster_dialog_get_name_row (dialog)), ==, "prod-admin-prod");

  /* A name is checked as it is typed. */
  ui_test_type_text (_strata_add_cluster_dialog_get_name_row (dialog), "Prod_1");
  g_assert_nonnull (_strata_add_cluster_dialog_get_name_error (dialog));
  g_assert_false (gtk_widget_is_sensitive (_strata_add_cluster_dialog_get_add_button (dialog)));
  ui_test_type_text (_strata_add_cluster_dialog_get_name_row (dialog), "sandbox");
  g_assert_nonnull (strstr (_strata_add_cluster_dialog_get_name_error (dialog), "already exists"));
  ui_test_type_text (_strata_add_cluster_dialog_get_name_row (dialog), "prod");
  g_assert_null (_strata_add_cluster_dialog_get_name_error (dialog));
  ui_test_save_screenshot (GTK_WIDGET (dialog), screenshot_dir, "add-cluster.png");
  g_assert_cmpuint (ui_test_assert_accessible_names (GTK_WIDGET (dialog)), >=, 6);

  ui_test_click (_strata_add_cluster_dialog_get_add_button (dialog));
  WAIT_UNTIL (ui_test_find_window (STRATA_TYPE_ADD_CLUSTER_DIALOG) == NULL);

  /* In the store, on disk, and its page open. */
  cluster = strata_cluster_store_find_cluster (cluster_store (), "prod");
  g_assert_nonnull (cluster);
  g_assert_cmpint (strata_cluster_get_source (cluster), ==, STRATA_CLUSTER_SOURCE_KUBECONFIG);
  g_assert_cmpstr (strata_cluster_get_kubeconfig_context (cluster), ==, "prod-admin@Prod");
  g_assert_cmpstr (strata_cluster_get_kubeconfig_path (cluster), ==, path);
  stored = read_back ("prod");
  g_assert_nonnull (stored);
  g_assert_cmpstr (strata_cluster_get_kubeconfig_context (stored), ==, "prod-admin@Prod");

  WAIT_UNTIL (strata_cluster_page_get_cluster (page ()) == cluster);
  g_assert_cmpstr (_strata_clusters_view_get_visible_page (view ()), ==, "cluster");
  g_assert_cmpstr (_strata_cluster_page_get_subtitle (page ()), ==, "kubeconfig: prod-admin@Prod");
  /* Checked as soon as it is added: nothing listens on port 1. */
  WAIT_UNTIL (g_strcmp0 (_strata_cluster_page_get_status_text (page ()), "Unreachable") == 0);
  g_assert_nonnull (strata_cluster_get_status_reason (cluster));
}

static void
add_tag_on_page (const char *text)
{
  GtkEditable *entry = _strata_cluster_page_get_tag_entry (page ());

  ui_test_type_text (entry, text);
  g_assert_null (_strata_cluster_page_get_tag_error (page ()));
  g_signal_emit_by_name (entry, "apply");
  WAIT_UNTIL (!_strata_cluster_page_get_busy (page ()));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
}

static void
edit_tags (void)
{
  StrataCluster *cluster = strata_cluster_page_get_cluster (page ());
  g_autoptr(StrataCluster) stored = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *stored_tags = NULL;

  g_assert_cmpstr (strata_cluster_get_name (cluster), ==, "prod");

  /* A wrong tag is said at once and never saved. */
  ui_test_type_text (_strata_cluster_page_get_tag_entry (page ()), "env:");
  g_assert_nonnull (_strata_cluster_page_get_tag_error (page ()));
  g_assert_nonnull (strstr (_strata_cluster_page_get_tag_error (page ()), "empty value"));

  add_tag_on_page ("service : hello-universe-frontend");
  add_tag_on_page ("Env:prod");
  add_tag_on_page ("team:web");
  tags = tags_of (cluster);
  g_assert_cmpstr (tags, ==, "env:prod,service:hello-universe-frontend,team:web");
  g_assert_cmpuint (_strata_cluster_page_get_n_tag_rows (page ()), ==, 3);
  screenshot ("cluster-page.png");
  g_assert_cmpuint (ui_test_assert_accessible_names (GTK_WIDGET (page ())), >=, 5);

  gtk_widget_activate_action (GTK_WIDGET (page ()), "cluster.remove-tag", "s", "team:web");
  WAIT_UNTIL (!_strata_cluster_page_get_busy (page ()));
  g_assert_cmpuint (_strata_cluster_page_get_n_tag_rows (page ()), ==, 2);

  stored = read_back ("prod");
  stored_tags = tags_of (stored);
  g_assert_cmpstr (stored_tags, ==, "env:prod,service:hello-universe-frontend");

  back_to_list ();
}

static void
search_and_filter (void)
{
  const char *more[][3] = {
    { "prod-eu", "env:prod", "service:hello-universe-api" },
    { "staging", "env:staging", "service:hello-universe-frontend" },
    { "web-dev", "env:dev", "frontend" },
  };
  GtkEditable *search = _strata_clusters_view_get_search_entry (view ());
  GtkEditable *tag_filter = _strata_clusters_view_get_tag_filter_entry (view ());

  for (guint i = 0; i < G_N_ELEMENTS (more); i++)
    {
      g_autoptr(StrataCluster) cluster = strata_cluster_new_sandbox (more[i][0]);

      g_assert_true (strata_cluster_add_tag (cluster, more[i][1], NULL));
      g_assert_true (strata_cluster_add_tag (cluster, more[i][2], NULL));
      add_record (cluster);
    }
  assert_shown ("prod,prod-eu,sandbox,staging,web-dev");

  /* Search: the name, or any tag. */
  ui_test_type_text (search, "prod");
  assert_shown ("prod,prod-eu");
  ui_test_type_text (search, "FRONTEND");
  assert_shown ("prod,staging,web-dev");
  ui_test_type_text (search, "nothing-like-this");
  assert_shown ("");
  g_assert_cmpstr (_strata_clusters_view_get_list_state (view ()), ==, "no-results");
  ui_test_type_text (search, "");

  /* Tags: every one must match; a bare key matches any value. */
  ui_test_type_text (tag_filter, "service:hello-universe-frontend");
  assert_shown ("prod,staging");
  ui_test_type_text (tag_filter, "service:hello-universe-frontend env:prod");
  assert_shown ("prod");
  ui_test_type_text (tag_filter, "env");
  assert_shown ("prod,prod-eu,staging,web-dev");
  ui_test_type_text (tag_filter, "ENV : prod, service");
  assert_shown ("prod,prod-eu");
  screenshot ("clusters-filtered.png");

  /* A wrong tag says why, and the others still filter. */
  ui_test_type_text (tag_filter, "env:prod team:");
  g_assert_nonnull (_strata_clusters_view_get_tag_filter_error (view ()));
  assert_shown ("prod,prod-eu");

  /* Search and tags together. */
  ui_test_type_text (tag_filter, "env:prod");
  ui_test_type_text (search, "eu");
  assert_shown ("prod-eu");

  ui_test_type_text (search, "");
  ui_test_type_text (tag_filter, "");
  g_assert_null (_strata_clusters_view_get_tag_filter_error (view ()));
  assert_shown ("prod,prod-eu,sandbox,staging,web-dev");
  screenshot ("clusters-list.png");
}

static void
export_kubeconfig (void)
{
  g_autofree char *path = g_build_filename (home_dir, "exported", "sandbox.kubeconfig", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *nodes = NULL;
  struct stat info;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  open_cluster ("sandbox");
  _strata_cluster_page_set_section (page (), "settings");
  screenshot ("cluster-settings.png");
  g_assert_cmpuint (ui_test_assert_accessible_names (GTK_WIDGET (page ())), >=, 3);

  gtk_widget_activate_action (GTK_WIDGET (page ()), "cluster.export-kubeconfig-to", "s", path);
  WAIT_UNTIL (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  if (run_kubectl (path, &nodes))
    g_assert_true (g_str_has_prefix (nodes, "node/"));
}

static void
remove_with_typed_name (void)
{
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  g_assert_cmpstr (strata_cluster_get_name (strata_cluster_page_get_cluster (page ())), ==, "sandbox");

  gtk_widget_activate_action (GTK_WIDGET (page ()), "cluster.remove", NULL);
  dialog = ui_test_wait_for_window (ADW_TYPE_MESSAGE_DIALOG);
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_nonnull (entry);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "remove"));

  ui_test_type_text (entry, "sandbo");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "remove"));
  ui_test_type_text (entry, "Sandbox");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "remove"));
  ui_test_type_text (entry, "sandbox");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "remove"));
  ui_test_save_screenshot (GTK_WIDGET (dialog), screenshot_dir, "remove-cluster.png");
  g_assert_cmpuint (ui_test_assert_accessible_names (GTK_WIDGET (dialog)), >=, 3);

  adw_message_dialog_response (dialog, "remove");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Gone from the store and the disk; the view is back on the list; with
   * no sandbox record left, the sandbox stops. */
  WAIT_UNTIL (strata_cluster_store_find_cluster (cluster_store (), "sandbox") == NULL);
  WAIT_UNTIL (g_strcmp0 (_strata_clusters_view_get_visible_page (view ()), "list") == 0);
  g_assert_null (read_back ("sandbox"));

  /* The other sandbox records of the filter test go too. */
  for (const char *name = "prod-eu"; name != NULL; name = g_str_equal (name, "prod-eu") ? "staging" : g_str_equal (name, "staging") ? "web-dev" : NULL)
    {
      GAsyncResult *result = NULL;

      strata_cluster_store_remove_async (cluster_store (), strata_cluster_store_find_cluster (cluster_store (), name),
                                         NULL, async_ready_cb, &result);
      WAIT_UNTIL (result != NULL);
      g_assert_true (strata_cluster_store_remove_finish (cluster_store (), result, NULL));
      g_clear_object (&result);
    }

  WAIT_UNTIL (!strata_sandbox_service_get_running (sandbox ()));
  assert_shown ("prod");
}

#define STEP(function)                                             \
  G_STMT_START {                                                   \
    gint64 start_ = g_get_monotonic_time ();                       \
    function ();                                                   \
    g_test_message ("%s: %.1f s", #function,                       \
                    (g_get_monotonic_time () - start_) / 1e6);     \
  } G_STMT_END

static void
run_first (void)
{
  STEP (first_run_adds_and_starts_the_sandbox);
  STEP (add_cluster_from_kubeconfig);
  STEP (edit_tags);
  STEP (search_and_filter);
  STEP (export_kubeconfig);
  STEP (remove_with_typed_name);
}

/* Run 2 */

static void
run_second (void)
{
  g_autofree char *tags = NULL;
  StrataCluster *prod;

  strata_window_set_view (window, "clusters");
  wait_for_load ();

  /* Give a wrong re-add every chance to happen before looking. */
  for (guint i = 0; i < 20; i++)
    {
      g_usleep (10000);
      ui_test_drain ();
    }

  g_assert_null (find_sandbox_record ());
  g_assert_false (strata_sandbox_service_get_running (sandbox ()));
  assert_shown ("prod");
  prod = strata_cluster_store_find_cluster (cluster_store (), "prod");
  tags = tags_of (prod);
  g_assert_cmpstr (tags, ==, "env:prod,service:hello-universe-frontend");
}

/* Run 2, continued */

static void
run_sandbox_failure (void)
{
  g_autofree char *state = NULL;
  g_autoptr(StrataCluster) record = NULL;
  StrataCluster *stored;

  /* A file where the state folder should be: the sandbox cannot start. */
  state = g_strdup (strata_sandbox_service_get_state_folder (sandbox ()));
  ui_test_remove_tree (state);
  g_assert_true (g_file_set_contents (state, "not a folder", -1, NULL));

  record = strata_cluster_new_sandbox ("sandbox");
  add_record (record);
  WAIT_UNTIL (strata_sandbox_service_get_error (sandbox ()) != NULL);
  g_assert_false (strata_sandbox_service_get_running (sandbox ()));
  WAIT_UNTIL (_strata_clusters_view_get_sandbox_error (view ()) != NULL);
  g_assert_nonnull (strstr (_strata_clusters_view_get_sandbox_error (view ()), state));

  stored = strata_cluster_store_find_cluster (cluster_store (), "sandbox");
  g_assert_cmpint (strata_cluster_get_status (stored), ==, STRATA_CLUSTER_STATUS_ERROR);
  screenshot ("clusters-sandbox-failed.png");

  open_cluster ("sandbox");
  g_assert_nonnull (_strata_cluster_page_get_sandbox_error (page ()));
  g_assert_cmpstr (_strata_cluster_page_get_status_text (page ()), ==, "Error");
  screenshot ("cluster-sandbox-failed.png");

  /* Fixed, then Retry. */
  g_assert_cmpint (g_unlink (state), ==, 0);
  g_action_group_activate_action (G_ACTION_GROUP (app), "start-sandbox", NULL);
  WAIT_UNTIL (strata_sandbox_service_get_running (sandbox ()));
  WAIT_UNTIL (_strata_clusters_view_get_sandbox_error (view ()) == NULL);
  g_assert_null (_strata_cluster_page_get_sandbox_error (page ()));
  g_assert_cmpstr (_strata_cluster_page_get_status_text (page ()), ==, "Running");
  back_to_list ();
}

/* Running one application per test */

static void
on_activate (GApplication *application,
             RunFunc       run)
{
  GList *windows;

  gint64 start = g_get_monotonic_time ();

  window = STRATA_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 720);
  ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_test_message ("first frames: %.1f s", (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  run ();
  g_test_message ("steps: %.1f s", (g_get_monotonic_time () - start) / 1e6);

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (application))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
  ui_test_drain ();
  window = NULL;
  g_application_quit (application);
}

static void
run_app (RunFunc run)
{
  gint64 start = g_get_monotonic_time ();

  app = strata_application_new ();
  /* Another Strata on the test bus must not take the window. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), run);

  g_application_run (G_APPLICATION (app), 0, NULL);
  g_clear_object (&app);
  g_test_message ("application run: %.1f s", (g_get_monotonic_time () - start) / 1e6);
}

static void
test_first_run (void)
{
  run_app (run_first);
}

/* One application for both: each run costs seconds of start and stop. */
static void
run_second_then_failure (void)
{
  STEP (run_second);
  STEP (run_sandbox_failure);
}

static void
test_second_run (void)
{
  run_app (run_second_then_failure);
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
  home_dir = g_dir_make_tmp ("strata-test-ui-clusters-XXXXXX", NULL);
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

  /* In this order: each run starts from what the one before left. */
  g_test_add_func ("/ui/clusters/first-run", test_first_run);
  g_test_add_func ("/ui/clusters/second-run-and-sandbox-failure", test_second_run);

  status = g_test_run ();

  ui_test_remove_tree (home_dir);
  g_clear_pointer (&home_dir, g_free);
  g_clear_pointer (&screenshot_dir, g_free);

  return status;
}
