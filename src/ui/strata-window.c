/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: a sidebar of views, their stack, and the toast overlay. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-window.h"

struct _StrataWindow
{
  AdwApplicationWindow  parent_instance;

  /* NULL when the schema is not installed: then nothing is remembered. */
  GSettings            *settings;
  guint                 close_confirmed : 1;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar;
  GtkListBoxRow        *clusters_row;
  GtkListBoxRow        *profiles_row;
  GtkListBoxRow        *packs_row;
  GtkStack             *stack;
  StrataClustersView   *clusters_view;
  StrataProfilesView   *profiles_view;
};

G_DEFINE_FINAL_TYPE (StrataWindow, strata_window, ADW_TYPE_APPLICATION_WINDOW)

static GSettings *
strata_window_create_settings (void)
{
  static const char * const keys[] = {
    "window-width", "window-height", "window-maximized", "last-view",
  };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);

  if (schema == NULL)
    {
      g_debug ("Schema %s is not installed; window state will not be kept", APPLICATION_ID);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (!g_settings_schema_has_key (schema, keys[i]))
        {
          g_warning ("Schema %s has no key %s; window state will not be kept",
                     APPLICATION_ID, keys[i]);
          return NULL;
        }
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static GtkListBoxRow *
strata_window_row_for_view (StrataWindow *self,
                            const char   *view)
{
  if (g_strcmp0 (view, "clusters") == 0)
    return self->clusters_row;
  if (g_strcmp0 (view, "packs") == 0)
    return self->packs_row;
  return self->profiles_row;
}

static void
on_sidebar_row_selected (StrataWindow  *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list_box)
{
  g_assert (STRATA_IS_WINDOW (self));

  if (row != NULL)
    gtk_stack_set_visible_child_name (self->stack, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
on_sidebar_row_activated (StrataWindow  *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list_box)
{
  g_assert (STRATA_IS_WINDOW (self));

  /* When folded, choosing a view shows it in place of the sidebar. */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
on_stack_visible_child_changed (StrataWindow *self,
                                GParamSpec   *pspec,
                                GtkStack     *stack)
{
  const char *view = gtk_stack_get_visible_child_name (stack);
  GtkListBoxRow *row;

  g_assert (STRATA_IS_WINDOW (self));

  if (view == NULL)
    return;

  row = strata_window_row_for_view (self, view);
  if (gtk_list_box_get_selected_row (self->sidebar) != row)
    gtk_list_box_select_row (self->sidebar, row);

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-view", view);
}

static void
strata_window_show_sidebar_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  StrataWindow *self = STRATA_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
}

static void
strata_window_save_state (StrataWindow *self)
{
  int width;
  int height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static void
strata_window_confirm_close_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(StrataWindow) self = user_data;

  if (strata_profiles_view_confirm_leave_finish (STRATA_PROFILES_VIEW (object), result))
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static gboolean
strata_window_close_request (GtkWindow *window)
{
  StrataWindow *self = (StrataWindow *)window;

  if (!self->close_confirmed &&
      strata_profiles_view_has_unsaved_changes (self->profiles_view))
    {
      strata_profiles_view_confirm_leave_async (self->profiles_view,
                                                NULL,
                                                strata_window_confirm_close_cb,
                                                g_object_ref (self));
      return TRUE;
    }

  strata_window_save_state (self);

  return GTK_WINDOW_CLASS (strata_window_parent_class)->close_request (window);
}

/* Errors can be long: let the toast wrap them instead of cutting them off. */
static AdwToast *
error_toast_new (const char *message)
{
  AdwToast *toast = adw_toast_new (message);
  GtkWidget *label = gtk_label_new (message);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 56);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  adw_toast_set_custom_title (toast, label);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);

  return toast;
}

static void
on_application_loading_changed (StrataWindow      *self,
                                GParamSpec        *pspec,
                                StrataApplication *application)
{
  g_autofree char *message = NULL;
  const GError *error;
  AdwToast *toast;

  g_assert (STRATA_IS_WINDOW (self));

  if (strata_application_get_loading (application))
    return;

  error = strata_application_get_load_error (application);
  if (error == NULL)
    return;

  message = g_strdup_printf (_("Could not load profiles: %s"), error->message);
  toast = error_toast_new (message);
  adw_toast_set_button_label (toast, _("_Retry"));
  adw_toast_set_action_name (toast, "app.reload");
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_application_clusters_loading_changed (StrataWindow      *self,
                                         GParamSpec        *pspec,
                                         StrataApplication *application)
{
  g_autofree char *message = NULL;
  const GError *error;
  AdwToast *toast;

  if (strata_application_get_clusters_loading (application))
    return;

  error = strata_application_get_clusters_load_error (application);
  if (error == NULL)
    return;

  message = g_strdup_printf (_("Could not load clusters: %s"), error->message);
  toast = error_toast_new (message);
  adw_toast_set_button_label (toast, _("_Retry"));
  adw_toast_set_action_name (toast, "app.reload");
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
strata_window_dispose (GObject *object)
{
  StrataWindow *self = (StrataWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_WINDOW);

  G_OBJECT_CLASS (strata_window_parent_class)->dispose (object);
}

static void
strata_window_finalize (GObject *object)
{
  StrataWindow *self = (StrataWindow *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (strata_window_parent_class)->finalize (object);
}

static void
strata_window_class_init (StrataWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = strata_window_dispose;
  object_class->finalize = strata_window_finalize;

  window_class->close_request = strata_window_close_request;

  g_type_ensure (STRATA_TYPE_CLUSTERS_VIEW);
  g_type_ensure (STRATA_TYPE_PROFILES_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/strata/Strata/ui/strata-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, clusters_row);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, profiles_row);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, packs_row);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, clusters_view);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, profiles_view);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_visible_child_changed);

  gtk_widget_class_install_action (widget_class, "window.show-sidebar", NULL,
                                   strata_window_show_sidebar_action);
}

static void
strata_window_init (StrataWindow *self)
{
  g_autofree char *view = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = strata_window_create_settings ();

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      view = g_settings_get_string (self->settings, "last-view");
    }
  else
    gtk_window_set_default_size (GTK_WINDOW (self), 1100, 720);

  strata_window_set_view (self, view != NULL ? view : "profiles");
}

StrataWindow *
strata_window_new (StrataApplication *application)
{
  StrataWindow *self;

  g_return_val_if_fail (STRATA_IS_APPLICATION (application), NULL);

  self = g_object_new (STRATA_TYPE_WINDOW,
                       "application", application,
                       NULL);

  strata_profiles_view_set_store (self->profiles_view,
                                  strata_application_get_store (application));
  g_object_bind_property (application, "loading",
                          self->profiles_view, "loading",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (application, "notify::loading",
                           G_CALLBACK (on_application_loading_changed), self,
                           G_CONNECT_SWAPPED);
  on_application_loading_changed (self, NULL, application);

  strata_clusters_view_set_store (self->clusters_view,
                                  strata_application_get_cluster_store (application));
  strata_clusters_view_set_sandbox (self->clusters_view,
                                    strata_application_get_sandbox_service (application));
  strata_clusters_view_set_monitor (self->clusters_view,
                                    strata_application_get_status_monitor (application));
  g_object_bind_property (application, "clusters-loading",
                          self->clusters_view, "loading",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (application, "notify::clusters-loading",
                           G_CALLBACK (on_application_clusters_loading_changed), self,
                           G_CONNECT_SWAPPED);
  on_application_clusters_loading_changed (self, NULL, application);

  return self;
}

/**
 * strata_window_get_clusters_view:
 *
 * Returns: (transfer none): the Clusters view.
 */
StrataClustersView *
strata_window_get_clusters_view (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return self->clusters_view;
}

/**
 * strata_window_get_profiles_view:
 *
 * Returns: (transfer none): the Profiles view.
 */
StrataProfilesView *
strata_window_get_profiles_view (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return self->profiles_view;
}

/* "clusters", "profiles" or "packs". */
const char *
strata_window_get_view (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
strata_window_set_view (StrataWindow *self,
                        const char   *view)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));

  if (g_strcmp0 (view, "clusters") != 0 && g_strcmp0 (view, "packs") != 0)
    view = "profiles";

  gtk_stack_set_visible_child_name (self->stack, view);
  gtk_list_box_select_row (self->sidebar, strata_window_row_for_view (self, view));
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

void
strata_window_new_profile (StrataWindow *self)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));

  strata_window_set_view (self, "profiles");
  strata_profiles_view_new_profile (self->profiles_view);
}

void
strata_window_focus_search (StrataWindow *self)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));

  if (g_strcmp0 (strata_window_get_view (self), "clusters") == 0)
    {
      strata_clusters_view_focus_search (self->clusters_view);
      return;
    }

  /* Packs has no search yet. */
  strata_window_set_view (self, "profiles");
  strata_profiles_view_focus_search (self->profiles_view);
}

void
strata_window_add_toast (StrataWindow *self,
                         AdwToast     *toast)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
