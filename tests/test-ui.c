/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drives the real Strata window under Xvfb: profiles, versions, layers,
 * history and deletion through the dialogs a user would use, checking the
 * store's list models at every step, and saving screenshots. */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "strata-application.h"
#include "strata-window.h"
#include "strata-add-layer-dialog-private.h"
#include "strata-history-dialog-private.h"
#include "strata-new-profile-dialog-private.h"
#include "strata-new-version-dialog-private.h"
#include "strata-profile-page-private.h"
#include "strata-profiles-view-private.h"

#define WAIT_SECONDS 20

static char *data_dir;
static char *screenshot_dir;
static StrataApplication *app;
static StrataWindow *window;

static const char *frontend_manifest =
  "apiVersion: apps/v1\n"
  "kind: Deployment\n"
  "metadata:\n"
  "  name: frontend\n"
  "  labels:\n"
  "    app.kubernetes.io/name: hello-universe-ui\n"
  "spec:\n"
  "  replicas: 2\n"
  "  selector:\n"
  "    matchLabels:\n"
  "      app.kubernetes.io/name: hello-universe-ui\n"
  "  template:\n"
  "    metadata:\n"
  "      labels:\n"
  "        app.kubernetes.io/name: hello-universe-ui\n"
  "    spec:\n"
  "      containers:\n"
  "        - name: ui\n"
  "          image: ghcr.io/spectrocloud/hello-universe:1.1.0\n"
  "          ports:\n"
  "            - containerPort: 8080\n";

/* Waiting: iterate the main context until a condition holds. */

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

#define WAIT_UNTIL(condition)                                               \
  G_STMT_START {                                                            \
    gint64 deadline_ = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC; \
    guint tick_ = g_timeout_add (10, wake_up, NULL);                        \
    while (!(condition))                                                    \
      {                                                                     \
        if (g_get_monotonic_time () > deadline_)                            \
          g_error ("%s:%d: timed out waiting for %s",                       \
                   __FILE__, __LINE__, #condition);                         \
        g_main_context_iteration (NULL, TRUE);                              \
      }                                                                     \
    g_source_remove (tick_);                                                \
  } G_STMT_END

static void
drain (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

/* Lets the widget lay out and paint what changed, a few frames' worth. */
static void
wait_for_frames (GtkWidget *widget,
                 guint      count)
{
  guint frames = 0;
  guint id;

  WAIT_UNTIL (gtk_widget_get_mapped (widget));
  id = gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);
  gtk_widget_queue_draw (widget);
  WAIT_UNTIL (frames >= count);
  gtk_widget_remove_tick_callback (widget, id);
  drain ();
}

/* The visible toplevel of @type, or NULL. */
static gpointer
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (toplevel))
        return toplevel;
    }

  return NULL;
}

static gpointer
wait_for_window (GType type)
{
  gpointer found = NULL;

  WAIT_UNTIL ((found = find_window (type)) != NULL);
  wait_for_frames (GTK_WIDGET (found), 2);
  return found;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width;
  int height;

  wait_for_frames (widget, 3);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                        &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (screenshot_dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* Helpers over the window */

static StrataStore *
store (void)
{
  return strata_application_get_store (app);
}

static StrataProfilesView *
profiles_view (void)
{
  return strata_window_get_profiles_view (window);
}

static StrataProfilePage *
page (void)
{
  return strata_profiles_view_get_page (profiles_view ());
}

static void
count_click (GtkButton *button,
             gpointer   user_data)
{
  guint *clicks = user_data;

  (*clicks)++;
}

/* Activates a button on screen the way the keyboard does, and waits until
 * it has been clicked. */
static void
click (GtkWidget *button)
{
  g_autoptr(GtkWidget) held = g_object_ref (button);
  guint clicks = 0;
  gulong id;

  /* The click may close the dialog the button is in. */
  g_assert_true (GTK_IS_BUTTON (held));
  WAIT_UNTIL (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  id = g_signal_connect (button, "clicked", G_CALLBACK (count_click), &clicks);
  gtk_widget_activate (button);
  WAIT_UNTIL (clicks > 0);
  g_signal_handler_disconnect (button, id);
  drain ();
}

static void
type_text (GtkEditable *editable,
           const char  *text)
{
  gtk_editable_set_text (editable, text);
  drain ();
}

static const char *
selected_version (void)
{
  StrataProfileVersion *version;

  version = gtk_drop_down_get_selected_item (_strata_profile_page_get_version_drop_down (page ()));
  return version ? strata_profile_version_get_version (version) : NULL;
}

static const char *
page_version (void)
{
  StrataProfileVersion *version = strata_profile_page_get_version (page ());

  return version ? strata_profile_version_get_version (version) : NULL;
}

static char *
layer_names (GListModel *layers)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint n = g_list_model_get_n_items (layers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataLayer) layer = g_list_model_get_item (layers, i);

      if (i > 0)
        g_string_append_c (names, ',');
      g_string_append (names, strata_layer_get_name (layer));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
assert_layer_names (GListModel *layers,
                    const char *expected)
{
  g_autofree char *names = layer_names (layers);

  g_assert_cmpstr (names, ==, expected);
}

static StrataProfileVersion *
stored_version (const char *profile_name,
                const char *version)
{
  StrataProfile *profile = strata_store_find_profile (store (), profile_name);

  g_assert_nonnull (profile);
  return strata_profile_find_version (profile, version);
}

static AdwMessageDialog *
wait_for_message_dialog (void)
{
  return ADW_MESSAGE_DIALOG (wait_for_window (ADW_TYPE_MESSAGE_DIALOG));
}

/* What a click on a response button does: the response, then closing
 * without the close response. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  drain ();
}

static void
select_layer (const char *name)
{
  GListModel *layers = _strata_profile_page_get_layers_model (page ());
  guint n = g_list_model_get_n_items (layers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataLayer) layer = g_list_model_get_item (layers, i);

      if (g_strcmp0 (strata_layer_get_name (layer), name) == 0)
        {
          gtk_single_selection_set_selected (_strata_profile_page_get_layers_selection (page ()), i);
          drain ();
          return;
        }
    }

  g_error ("no layer %s", name);
}

static void
set_editor_text (const char *text)
{
  gtk_text_buffer_set_text (_strata_profile_page_get_editor_buffer (page ()), text, -1);
  drain ();
}

static void
select_version_in_drop_down (const char *version)
{
  g_assert_true (strata_profile_page_select_version (page (), version));
  drain ();
}

static void
save_and_wait (const char *profile_name,
               const char *version,
               guint       revision)
{
  click (_strata_profile_page_get_save_button (page ()));
  WAIT_UNTIL (strata_profile_version_get_revision (stored_version (profile_name, version)) == revision &&
              !strata_profile_page_get_has_unsaved_changes (page ()));
  g_assert_false (gtk_widget_is_sensitive (_strata_profile_page_get_save_button (page ())));
}

static void
create_profile (const char *name,
                const char *description,
                gboolean    full)
{
  StrataNewProfileDialog *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (app), "new-profile", NULL);
  dialog = wait_for_window (STRATA_TYPE_NEW_PROFILE_DIALOG);
  type_text (_strata_new_profile_dialog_get_name_row (dialog), name);
  type_text (_strata_new_profile_dialog_get_description_row (dialog), description);
  adw_combo_row_set_selected (_strata_new_profile_dialog_get_type_row (dialog), full ? 1 : 0);
  click (_strata_new_profile_dialog_get_create_button (dialog));
  WAIT_UNTIL (find_window (STRATA_TYPE_NEW_PROFILE_DIALOG) == NULL);
  WAIT_UNTIL (strata_profile_page_get_profile (page ()) != NULL &&
              g_strcmp0 (strata_profile_get_name (strata_profile_page_get_profile (page ())), name) == 0);
}

static void
add_manifest_layer (const char *name,
                    const char *namespace_,
                    int         priority)
{
  StrataAddLayerDialog *dialog;

  click (_strata_profile_page_get_add_layer_button (page ()));
  dialog = wait_for_window (STRATA_TYPE_ADD_LAYER_DIALOG);
  g_assert_false (gtk_widget_is_sensitive (_strata_add_layer_dialog_get_add_button (dialog)));
  type_text (_strata_add_layer_dialog_get_name_row (dialog), name);
  type_text (_strata_add_layer_dialog_get_namespace_row (dialog), namespace_);
  gtk_spin_button_set_value (_strata_add_layer_dialog_get_priority_spin (dialog), priority);
  click (_strata_add_layer_dialog_get_add_button (dialog));
  WAIT_UNTIL (find_window (STRATA_TYPE_ADD_LAYER_DIALOG) == NULL);
}

/* The tests, in the order a user would go */

static void
test_window_startup (void)
{
  StrataProfilesView *view = profiles_view ();
  const char *problems;

  WAIT_UNTIL (!strata_application_get_loading (app));
  wait_for_frames (GTK_WIDGET (window), 2);

  /* The damaged file is reported, not dropped silently. */
  g_assert_true (_strata_profiles_view_get_problems_shown (view));
  problems = gtk_label_get_label (_strata_profiles_view_get_problems_label (view));
  g_assert_nonnull (strstr (problems, "broken"));
  g_assert_nonnull (strstr (problems, "profile.yaml"));

  g_assert_cmpuint (g_list_model_get_n_items (strata_store_get_profiles (store ())), ==, 0);
  g_assert_cmpstr (_strata_profiles_view_get_visible_page (view), ==, "list");
  g_assert_cmpstr (_strata_profiles_view_get_list_state (view), ==, "empty");
  g_assert_cmpstr (strata_window_get_view (window), ==, "profiles");
  save_screenshot (GTK_WIDGET (window), "profiles-empty.png");
}

static void
test_window_views (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  strata_window_set_view (window, "clusters");
  g_assert_cmpstr (strata_window_get_view (window), ==, "clusters");
  save_screenshot (GTK_WIDGET (window), "clusters.png");

  strata_window_set_view (window, "packs");
  g_assert_cmpstr (strata_window_get_view (window), ==, "packs");
  save_screenshot (GTK_WIDGET (window), "packs.png");

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);
      g_autofree char *last_view = g_settings_get_string (settings, "last-view");

      g_assert_cmpstr (last_view, ==, "packs");
    }
  else
    g_test_message ("schema %s not installed; last-view not checked", APPLICATION_ID);

  strata_window_set_view (window, "profiles");
  g_assert_cmpstr (strata_window_get_view (window), ==, "profiles");
}

static void
test_new_profile_dialog (void)
{
  StrataNewProfileDialog *dialog;
  GtkEditable *name;
  GtkEditable *version;
  GtkWidget *create;
  StrataProfile *profile;
  GListModel *shown;

  g_action_group_activate_action (G_ACTION_GROUP (app), "new-profile", NULL);
  dialog = wait_for_window (STRATA_TYPE_NEW_PROFILE_DIALOG);
  name = _strata_new_profile_dialog_get_name_row (dialog);
  version = _strata_new_profile_dialog_get_version_row (dialog);
  create = _strata_new_profile_dialog_get_create_button (dialog);

  /* Defaults: 1.0.0, and nothing to create without a name. */
  g_assert_cmpstr (gtk_editable_get_text (version), ==, "1.0.0");
  g_assert_false (gtk_widget_is_sensitive (create));
  g_assert_null (_strata_new_profile_dialog_get_name_error (dialog));

  type_text (name, "Bad_Name");
  g_assert_false (gtk_widget_is_sensitive (create));
  g_assert_nonnull (_strata_new_profile_dialog_get_name_error (dialog));
  g_assert_nonnull (strstr (_strata_new_profile_dialog_get_name_error (dialog), "Bad_Name"));

  type_text (name, "web-app");
  g_assert_true (gtk_widget_is_sensitive (create));
  g_assert_null (_strata_new_profile_dialog_get_name_error (dialog));

  type_text (version, "1.2");
  g_assert_false (gtk_widget_is_sensitive (create));
  g_assert_nonnull (_strata_new_profile_dialog_get_version_error (dialog));
  g_assert_nonnull (strstr (_strata_new_profile_dialog_get_version_error (dialog), "1.2"));

  type_text (version, "1.0.0");
  g_assert_true (gtk_widget_is_sensitive (create));
  g_assert_null (_strata_new_profile_dialog_get_version_error (dialog));

  type_text (_strata_new_profile_dialog_get_description_row (dialog),
             "The hello-universe demo: UI, API and Postgres");
  save_screenshot (GTK_WIDGET (dialog), "new-profile.png");

  click (create);
  WAIT_UNTIL (find_window (STRATA_TYPE_NEW_PROFILE_DIALOG) == NULL);

  /* The store and the list hold it, and its page is open at 1.0.0. */
  profile = strata_store_find_profile (store (), "web-app");
  g_assert_nonnull (profile);
  g_assert_cmpint (strata_profile_get_profile_type (profile), ==, STRATA_PROFILE_TYPE_ADD_ON);
  g_assert_cmpstr (strata_profile_get_description (profile), ==, "The hello-universe demo: UI, API and Postgres");
  g_assert_cmpuint (g_list_model_get_n_items (strata_profile_get_versions (profile)), ==, 1);
  shown = _strata_profiles_view_get_list_model (profiles_view ());
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  {
    g_autoptr(StrataProfile) first = g_list_model_get_item (shown, 0);
    g_assert_true (first == profile);
  }

  WAIT_UNTIL (strata_profile_page_get_profile (page ()) == profile);
  g_assert_cmpstr (_strata_profiles_view_get_visible_page (profiles_view ()), ==, "profile");
  g_assert_cmpstr (selected_version (), ==, "1.0.0");
  g_assert_cmpstr (page_version (), ==, "1.0.0");
  g_assert_cmpuint (g_list_model_get_n_items (_strata_profile_page_get_layers_model (page ())), ==, 0);
  g_assert_cmpstr (_strata_profile_page_get_content_state (page ()), ==, "empty");
  g_assert_false (gtk_widget_is_sensitive (_strata_profile_page_get_save_button (page ())));
  save_screenshot (GTK_WIDGET (window), "profile-new.png");

  /* A second profile of the same name is refused as it is typed. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-profile", NULL);
  dialog = wait_for_window (STRATA_TYPE_NEW_PROFILE_DIALOG);
  type_text (_strata_new_profile_dialog_get_name_row (dialog), "web-app");
  g_assert_false (gtk_widget_is_sensitive (_strata_new_profile_dialog_get_create_button (dialog)));
  g_assert_nonnull (strstr (_strata_new_profile_dialog_get_name_error (dialog), "already exists"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  WAIT_UNTIL (find_window (STRATA_TYPE_NEW_PROFILE_DIALOG) == NULL);
  g_assert_cmpuint (g_list_model_get_n_items (strata_store_get_profiles (store ())), ==, 1);
}

static void
test_layers_edit_and_save (void)
{
  GListModel *layers = _strata_profile_page_get_layers_model (page ());
  StrataProfileVersion *stored;
  StrataLayer *layer;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;

  add_manifest_layer ("frontend", "hello-universe", 20);
  g_assert_true (strata_profile_page_get_has_unsaved_changes (page ()));
  g_assert_true (gtk_widget_is_sensitive (_strata_profile_page_get_save_button (page ())));
  g_assert_cmpstr (_strata_profile_page_get_content_state (page ()), ==, "layers");
  set_editor_text (frontend_manifest);

  add_manifest_layer ("api", "hello-universe", 30);
  set_editor_text ("apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n    - port: 3000\n");
  add_manifest_layer ("namespace", "default", 0);
  set_editor_text ("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: hello-universe\n");
  add_manifest_layer ("postgres", "hello-universe", 10);
  set_editor_text ("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: postgres\n");

  /* Install order: lower priority first. */
  assert_layer_names (layers, "namespace,postgres,frontend,api");

  /* A bad namespace is said under the field and blocks Save. */
  select_layer ("api");
  type_text (_strata_profile_page_get_namespace_row (page ()), "Bad_Namespace");
  g_assert_false (gtk_widget_is_sensitive (_strata_profile_page_get_save_button (page ())));
  type_text (_strata_profile_page_get_namespace_row (page ()), "hello-universe");
  g_assert_true (gtk_widget_is_sensitive (_strata_profile_page_get_save_button (page ())));

  /* Nothing reached the store before Save. */
  stored = stored_version ("web-app", "1.0.0");
  g_assert_cmpuint (g_list_model_get_n_items (strata_profile_version_get_layers (stored)), ==, 0);

  save_and_wait ("web-app", "1.0.0", 1);
  assert_layer_names (strata_profile_version_get_layers (stored), "namespace,postgres,frontend,api");
  layer = strata_profile_version_find_layer (stored, "frontend");
  g_assert_cmpint (strata_layer_get_kind (layer), ==, STRATA_LAYER_KIND_MANIFEST);
  g_assert_cmpstr (strata_layer_get_manifest (layer), ==, frontend_manifest);
  g_assert_cmpstr (strata_layer_get_namespace (layer), ==, "hello-universe");
  g_assert_cmpint (strata_layer_get_priority (layer), ==, 20);

  path = g_build_filename (data_dir, "profiles", "web-app", "1.0.0.yaml", NULL);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "hello-universe-ui"));

  /* Priority edits re-sort the layers and keep the edited one selected. */
  select_layer ("api");
  gtk_spin_button_set_value (_strata_profile_page_get_priority_spin (page ()), 15);
  drain ();
  assert_layer_names (layers, "namespace,postgres,api,frontend");
  g_assert_true (strata_profile_page_get_has_unsaved_changes (page ()));
  click (_strata_profile_page_get_discard_button (page ()));
  g_assert_false (strata_profile_page_get_has_unsaved_changes (page ()));
  assert_layer_names (layers, "namespace,postgres,frontend,api");

  select_layer ("frontend");
  save_screenshot (GTK_WIDGET (window), "profiles.png");
}

static void
test_new_version (void)
{
  StrataNewVersionDialog *dialog;
  GtkEditable *version;
  GtkWidget *create;
  StrataProfile *profile = strata_store_find_profile (store (), "web-app");

  click (_strata_profile_page_get_new_version_button (page ()));
  dialog = wait_for_window (STRATA_TYPE_NEW_VERSION_DIALOG);
  version = _strata_new_version_dialog_get_version_row (dialog);
  create = _strata_new_version_dialog_get_create_button (dialog);

  g_assert_nonnull (strstr (_strata_new_version_dialog_get_source_text (dialog), "1.0.0"));
  g_assert_cmpstr (gtk_editable_get_text (version), ==, "1.1.0");

  type_text (version, "1.0.0");
  g_assert_false (gtk_widget_is_sensitive (create));
  g_assert_nonnull (strstr (_strata_new_version_dialog_get_error (dialog), "already exists"));
  type_text (version, "1.2");
  g_assert_false (gtk_widget_is_sensitive (create));
  g_assert_nonnull (_strata_new_version_dialog_get_error (dialog));
  type_text (version, "1.1.0");
  g_assert_true (gtk_widget_is_sensitive (create));
  g_assert_null (_strata_new_version_dialog_get_error (dialog));
  save_screenshot (GTK_WIDGET (dialog), "new-version.png");

  click (create);
  WAIT_UNTIL (find_window (STRATA_TYPE_NEW_VERSION_DIALOG) == NULL);

  /* The new version is selected beside the name, with the copied layers. */
  WAIT_UNTIL (g_strcmp0 (page_version (), "1.1.0") == 0);
  g_assert_cmpstr (selected_version (), ==, "1.1.0");
  g_assert_cmpuint (g_list_model_get_n_items (strata_profile_get_versions (profile)), ==, 2);
  g_assert_true (strata_profile_get_latest_version (profile) == stored_version ("web-app", "1.1.0"));
  assert_layer_names (strata_profile_version_get_layers (stored_version ("web-app", "1.1.0")),
                      "namespace,postgres,frontend,api");
  assert_layer_names (_strata_profile_page_get_layers_model (page ()), "namespace,postgres,frontend,api");

  /* Switching versions in the drop-down shows each one's layers. */
  select_layer ("api");
  click (_strata_profile_page_get_remove_layer_button (page ()));
  assert_layer_names (_strata_profile_page_get_layers_model (page ()), "namespace,postgres,frontend");
  save_and_wait ("web-app", "1.1.0", 1);
  assert_layer_names (strata_profile_version_get_layers (stored_version ("web-app", "1.1.0")),
                      "namespace,postgres,frontend");

  select_version_in_drop_down ("1.0.0");
  WAIT_UNTIL (g_strcmp0 (page_version (), "1.0.0") == 0);
  g_assert_cmpstr (selected_version (), ==, "1.0.0");
  assert_layer_names (_strata_profile_page_get_layers_model (page ()), "namespace,postgres,frontend,api");

  select_version_in_drop_down ("1.1.0");
  WAIT_UNTIL (g_strcmp0 (page_version (), "1.1.0") == 0);
  assert_layer_names (_strata_profile_page_get_layers_model (page ()), "namespace,postgres,frontend");
}

static void
test_unsaved_changes_prompt (void)
{
  AdwMessageDialog *question;

  /* An edit, then another version: the page asks first. */
  select_layer ("frontend");
  set_editor_text ("# not kept\n");
  g_assert_true (strata_profile_page_get_has_unsaved_changes (page ()));

  /* Closing the window asks too, and Cancel keeps it open. */
  gtk_window_close (GTK_WINDOW (window));
  question = wait_for_message_dialog ();
  respond (question, "cancel");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (strata_profile_page_get_has_unsaved_changes (page ()));

  select_version_in_drop_down ("1.0.0");
  question = wait_for_message_dialog ();
  respond (question, "cancel");
  WAIT_UNTIL (find_window (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  g_assert_cmpstr (page_version (), ==, "1.1.0");
  g_assert_cmpstr (selected_version (), ==, "1.1.0");
  g_assert_true (strata_profile_page_get_has_unsaved_changes (page ()));

  select_version_in_drop_down ("1.0.0");
  question = wait_for_message_dialog ();
  respond (question, "discard");
  WAIT_UNTIL (g_strcmp0 (page_version (), "1.0.0") == 0);
  g_assert_false (strata_profile_page_get_has_unsaved_changes (page ()));
  g_assert_cmpuint (strata_profile_version_get_revision (stored_version ("web-app", "1.1.0")), ==, 1);
  g_assert_cmpstr (strata_layer_get_manifest (strata_profile_version_find_layer (stored_version ("web-app", "1.1.0"),
                                                                                  "frontend")),
                   ==, frontend_manifest);
}

static void
test_history_restore (void)
{
  StrataHistoryDialog *dialog;
  AdwMessageDialog *question;
  StrataProfileVersion *stored = stored_version ("web-app", "1.0.0");
  GListModel *history;
  g_autofree char *scaled = NULL;
  GtkTextIter start;
  GtkTextIter end;
  g_autofree char *shown = NULL;

  g_assert_cmpstr (page_version (), ==, "1.0.0");
  g_assert_cmpuint (strata_profile_version_get_revision (stored), ==, 1);

  /* Revision 2 scales the frontend to five replicas. */
  scaled = g_strdup (frontend_manifest);
  *strstr (scaled, "replicas: 2") = '\0';
  {
    g_autofree char *text = g_strconcat (scaled, "replicas: 5", strstr (frontend_manifest, "replicas: 2") + 11, NULL);

    select_layer ("frontend");
    set_editor_text (text);
  }
  save_and_wait ("web-app", "1.0.0", 2);
  g_assert_nonnull (strstr (strata_layer_get_manifest (strata_profile_version_find_layer (stored, "frontend")),
                            "replicas: 5"));

  click (_strata_profile_page_get_history_button (page ()));
  dialog = wait_for_window (STRATA_TYPE_HISTORY_DIALOG);
  WAIT_UNTIL (g_strcmp0 (_strata_history_dialog_get_state (dialog), "list") == 0);
  history = _strata_history_dialog_get_model (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 2);
  {
    g_autoptr(StrataProfileVersion) first = g_list_model_get_item (history, 0);
    g_autoptr(StrataProfileVersion) second = g_list_model_get_item (history, 1);

    g_assert_cmpuint (strata_profile_version_get_revision (first), ==, 0);
    g_assert_cmpuint (g_list_model_get_n_items (strata_profile_version_get_layers (first)), ==, 0);
    g_assert_cmpuint (strata_profile_version_get_revision (second), ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (strata_profile_version_get_layers (second)), ==, 4);
  }
  save_screenshot (GTK_WIDGET (dialog), "history.png");

  /* Restore revision 1, after saying yes. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "history.restore", "u", 1);
  question = wait_for_message_dialog ();
  respond (question, "restore");
  WAIT_UNTIL (find_window (STRATA_TYPE_HISTORY_DIALOG) == NULL);
  WAIT_UNTIL (strata_profile_version_get_revision (stored) == 3);

  g_assert_cmpstr (strata_layer_get_manifest (strata_profile_version_find_layer (stored, "frontend")),
                   ==, frontend_manifest);
  g_assert_false (strata_profile_page_get_has_unsaved_changes (page ()));
  select_layer ("frontend");
  gtk_text_buffer_get_bounds (_strata_profile_page_get_editor_buffer (page ()), &start, &end);
  shown = gtk_text_buffer_get_text (_strata_profile_page_get_editor_buffer (page ()), &start, &end, TRUE);
  g_assert_cmpstr (shown, ==, frontend_manifest);

  /* The state it replaced is kept as well. */
  click (_strata_profile_page_get_history_button (page ()));
  dialog = wait_for_window (STRATA_TYPE_HISTORY_DIALOG);
  WAIT_UNTIL (g_strcmp0 (_strata_history_dialog_get_state (dialog), "list") == 0);
  g_assert_cmpuint (g_list_model_get_n_items (_strata_history_dialog_get_model (dialog)), ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  WAIT_UNTIL (find_window (STRATA_TYPE_HISTORY_DIALOG) == NULL);
}

static void
test_search (void)
{
  GtkEditable *search = _strata_profiles_view_get_search_entry (profiles_view ());
  GListModel *shown = _strata_profiles_view_get_list_model (profiles_view ());
  GtkWidget *focus;

  create_profile ("cost-monitoring", "Cost monitoring for every namespace", TRUE);
  g_assert_cmpint (strata_profile_get_profile_type (strata_store_find_profile (store (), "cost-monitoring")),
                   ==, STRATA_PROFILE_TYPE_FULL);

  /* Ctrl+F: back to the list, the search entry focused. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "search", NULL);
  WAIT_UNTIL (g_strcmp0 (_strata_profiles_view_get_visible_page (profiles_view ()), "list") == 0);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (search) || gtk_widget_is_ancestor (focus, GTK_WIDGET (search)));

  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  save_screenshot (GTK_WIDGET (window), "profiles-list.png");

  type_text (search, "COST");
  WAIT_UNTIL (g_list_model_get_n_items (shown) == 1);
  {
    g_autoptr(StrataProfile) only = g_list_model_get_item (shown, 0);
    g_assert_cmpstr (strata_profile_get_name (only), ==, "cost-monitoring");
  }

  type_text (search, "postgres");
  WAIT_UNTIL (g_list_model_get_n_items (shown) == 1);
  {
    g_autoptr(StrataProfile) only = g_list_model_get_item (shown, 0);
    g_assert_cmpstr (strata_profile_get_name (only), ==, "web-app");
  }

  type_text (search, "nothing-like-this");
  WAIT_UNTIL (g_list_model_get_n_items (shown) == 0);
  g_assert_cmpstr (_strata_profiles_view_get_list_state (profiles_view ()), ==, "no-results");

  type_text (search, "");
  WAIT_UNTIL (g_list_model_get_n_items (shown) == 2);
  g_assert_cmpstr (_strata_profiles_view_get_list_state (profiles_view ()), ==, "list");

  /* Activating a row opens its page. */
  g_signal_emit_by_name (_strata_profiles_view_get_column_view (profiles_view ()), "activate", 1);
  WAIT_UNTIL (g_strcmp0 (_strata_profiles_view_get_visible_page (profiles_view ()), "profile") == 0);
  g_assert_cmpstr (strata_profile_get_name (strata_profile_page_get_profile (page ())), ==, "web-app");
  g_assert_cmpstr (page_version (), ==, "1.1.0");
}

static void
test_delete_version (void)
{
  StrataProfile *profile = strata_store_find_profile (store (), "web-app");
  AdwMessageDialog *question;
  g_autofree char *path = g_build_filename (data_dir, "profiles", "web-app", "1.1.0.yaml", NULL);

  g_assert_cmpstr (page_version (), ==, "1.1.0");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Cancel keeps it. */
  gtk_widget_activate_action (GTK_WIDGET (page ()), "profile.delete-version", NULL);
  question = wait_for_message_dialog ();
  respond (question, "cancel");
  WAIT_UNTIL (find_window (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  drain ();
  g_assert_cmpuint (g_list_model_get_n_items (strata_profile_get_versions (profile)), ==, 2);

  gtk_widget_activate_action (GTK_WIDGET (page ()), "profile.delete-version", NULL);
  question = wait_for_message_dialog ();
  save_screenshot (GTK_WIDGET (question), "delete-version.png");
  respond (question, "delete");
  WAIT_UNTIL (g_list_model_get_n_items (strata_profile_get_versions (profile)) == 1);
  WAIT_UNTIL (g_strcmp0 (page_version (), "1.0.0") == 0);
  g_assert_cmpstr (selected_version (), ==, "1.0.0");
  g_assert_null (strata_profile_find_version (profile, "1.1.0"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_layer_names (_strata_profile_page_get_layers_model (page ()), "namespace,postgres,frontend,api");

  /* The last version stays: the store refuses and the page says so. */
  gtk_widget_activate_action (GTK_WIDGET (page ()), "profile.delete-version", NULL);
  question = wait_for_message_dialog ();
  respond (question, "delete");
  WAIT_UNTIL (find_window (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  WAIT_UNTIL (gtk_widget_is_sensitive (_strata_profile_page_get_new_version_button (page ())));
  g_assert_cmpuint (g_list_model_get_n_items (strata_profile_get_versions (profile)), ==, 1);
  g_assert_cmpstr (page_version (), ==, "1.0.0");
}

static void
test_delete_profile (void)
{
  AdwMessageDialog *question;
  g_autofree char *folder = g_build_filename (data_dir, "profiles", "web-app", NULL);

  gtk_widget_activate_action (GTK_WIDGET (page ()), "profile.delete-profile", NULL);
  question = wait_for_message_dialog ();
  respond (question, "delete");
  WAIT_UNTIL (strata_store_find_profile (store (), "web-app") == NULL);
  WAIT_UNTIL (g_strcmp0 (_strata_profiles_view_get_visible_page (profiles_view ()), "list") == 0);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (strata_store_get_profiles (store ())), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (_strata_profiles_view_get_list_model (profiles_view ())), ==, 1);
  WAIT_UNTIL (strata_profile_page_get_profile (page ()) == NULL);
}

static void
test_narrow_window (void)
{
  StrataProfilesView *view = profiles_view ();

  /* Too narrow for the sidebar beside the view: the leaflet folds, and
   * the view gets a button back to the sidebar. */
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 720);
  WAIT_UNTIL (strata_profiles_view_get_folded (view));
  save_screenshot (GTK_WIDGET (window), "narrow.png");

  gtk_widget_activate_action (GTK_WIDGET (view), "window.show-sidebar", NULL);
  save_screenshot (GTK_WIDGET (window), "narrow-sidebar.png");
  strata_window_set_view (window, "profiles");

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  WAIT_UNTIL (!strata_profiles_view_get_folded (view));
}

static void
test_about_and_shortcuts (void)
{
  GtkWindow *about;
  GtkWindow *shortcuts;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = wait_for_window (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Strata");
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  gtk_window_destroy (about);
  WAIT_UNTIL (find_window (ADW_TYPE_ABOUT_WINDOW) == NULL);

  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  shortcuts = wait_for_window (GTK_TYPE_SHORTCUTS_WINDOW);
  save_screenshot (GTK_WIDGET (shortcuts), "shortcuts.png");
  gtk_window_close (shortcuts);
  WAIT_UNTIL (find_window (GTK_TYPE_SHORTCUTS_WINDOW) == NULL);
}

static void
test_close_saves_state (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  wait_for_frames (GTK_WIDGET (window), 2);
  strata_window_set_view (window, "clusters");

  gtk_window_close (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_application_get_windows (GTK_APPLICATION (app)) == NULL);
  window = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_test_skip ("schema not installed");
      return;
    }

  {
    g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);
    g_autofree char *last_view = g_settings_get_string (settings, "last-view");

    g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
    g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
    g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
    g_assert_cmpstr (last_view, ==, "clusters");
  }
}

/* Running the tests inside the application */

static void
on_activate (GApplication *application,
             int          *status)
{
  GList *windows;

  window = STRATA_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  wait_for_frames (GTK_WIDGET (window), 2);

  *status = g_test_run ();

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (application))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
  drain ();
  g_application_quit (application);
}

static void
write_damaged_profile (void)
{
  g_autofree char *folder = g_build_filename (data_dir, "profiles", "broken", NULL);
  g_autofree char *path = g_build_filename (folder, "profile.yaml", NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "name: broken\ndescription: [not closed\n", -1, NULL));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  int status = 1;

  data_dir = g_dir_make_tmp ("strata-test-ui-XXXXXX", NULL);
  g_assert_nonnull (data_dir);
  g_setenv ("STRATA_DATA_DIR", data_dir, TRUE);
  /* The app starts the sandbox on its first run, in XDG_DATA_HOME: a
   * temporary one, set before GLib reads it. */
  {
    g_autofree char *xdg_data = g_build_filename (data_dir, "xdg-data", NULL);

    g_assert_cmpint (g_mkdir_with_parents (xdg_data, 0700), ==, 0);
    g_setenv ("XDG_DATA_HOME", xdg_data, TRUE);
  }

  g_test_init (&argc, &argv, NULL);
  write_damaged_profile ();

  if (g_getenv ("STRATA_SCREENSHOT_DIR") != NULL)
    screenshot_dir = g_strdup (g_getenv ("STRATA_SCREENSHOT_DIR"));
  else
    screenshot_dir = g_build_filename (data_dir, "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (screenshot_dir, 0755), ==, 0);

  /* One suite, so the steps run in the order they are added. */
  g_test_add_func ("/ui/window-startup", test_window_startup);
  g_test_add_func ("/ui/window-views", test_window_views);
  g_test_add_func ("/ui/new-profile-dialog", test_new_profile_dialog);
  g_test_add_func ("/ui/layers-edit-save", test_layers_edit_and_save);
  g_test_add_func ("/ui/new-version", test_new_version);
  g_test_add_func ("/ui/unsaved-changes", test_unsaved_changes_prompt);
  g_test_add_func ("/ui/history-restore", test_history_restore);
  g_test_add_func ("/ui/search", test_search);
  g_test_add_func ("/ui/delete-version", test_delete_version);
  g_test_add_func ("/ui/delete-profile", test_delete_profile);
  g_test_add_func ("/ui/narrow-window", test_narrow_window);
  g_test_add_func ("/ui/about-and-shortcuts", test_about_and_shortcuts);
  g_test_add_func ("/ui/close-saves-state", test_close_saves_state);

  app = strata_application_new ();
  /* Another Strata on the test bus must not take the window. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &status);
  g_application_run (G_APPLICATION (app), 0, NULL);
  g_clear_object (&app);

  remove_tree (data_dir);
  g_clear_pointer (&data_dir, g_free);
  g_clear_pointer (&screenshot_dir, g_free);

  return status;
}
