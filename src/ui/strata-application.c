/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application: owns the store, the app-wide actions and their accels. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-application-private.h"
#include "strata-window.h"

struct _StrataApplication
{
  AdwApplication  parent_instance;

  StrataStore    *store;
  /* Loaded beside the profiles so that a profile a cluster uses cannot be
   * deleted; the Clusters view shows it. */
  StrataClusterStore *clusters;
  /* Runs while a record of source sandbox exists. */
  StrataSandboxService *sandbox;
  /* Checks the clusters' status once both stores are loaded. */
  StrataStatusMonitor *monitor;
  /* NULL when the schema is not installed: see _strata_application_offer_sandbox(). */
  GSettings      *settings;
  GCancellable   *cancellable;
  GError         *load_error;
  GError         *clusters_load_error;
  guint           loading : 1;
  guint           clusters_loading : 1;
  guint           adding_sandbox : 1;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADING,
  PROP_CLUSTERS_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataApplication, strata_application, ADW_TYPE_APPLICATION)

static void
strata_application_set_loading (StrataApplication *self,
                                gboolean           loading)
{
  g_assert (STRATA_IS_APPLICATION (self));

  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
strata_application_maybe_start_monitor (StrataApplication *self)
{
  if (!self->loading && !self->clusters_loading)
    strata_status_monitor_start (self->monitor);
}

static void
strata_application_load_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  StrataStore *store = (StrataStore *)object;
  g_autoptr(StrataApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  g_assert (STRATA_IS_APPLICATION (self));

  if (!strata_store_load_finish (store, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not load profiles: %s", error->message);
    }

  g_clear_error (&self->load_error);
  self->load_error = g_steal_pointer (&error);
  strata_application_set_loading (self, FALSE);
  strata_application_maybe_start_monitor (self);
}

static void
strata_application_set_clusters_loading (StrataApplication *self,
                                         gboolean           loading)
{
  loading = !!loading;
  if (self->clusters_loading == loading)
    return;

  self->clusters_loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLUSTERS_LOADING]);
}

static void
strata_application_load_clusters_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(StrataApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!strata_cluster_store_load_finish (STRATA_CLUSTER_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not load clusters: %s", error->message);
    }

  g_clear_error (&self->clusters_load_error);
  self->clusters_load_error = g_steal_pointer (&error);
  strata_application_set_clusters_loading (self, FALSE);

  /* Only a store that was read whole can say there is no sandbox record. */
  if (self->clusters_load_error == NULL)
    _strata_application_offer_sandbox (self);
  _strata_application_sync_sandbox (self);
  strata_application_maybe_start_monitor (self);
}

/**
 * strata_application_reload:
 *
 * Reads the store from disk again: at startup, and when the user asks to
 * retry after a failure or after fixing a file that could not be read.
 */
void
strata_application_reload (StrataApplication *self)
{
  g_return_if_fail (STRATA_IS_APPLICATION (self));

  if (!self->loading)
    {
      g_clear_error (&self->load_error);
      strata_application_set_loading (self, TRUE);
      strata_store_load_async (self->store,
                               self->cancellable,
                               strata_application_load_cb,
                               g_object_ref (self));
    }

  if (!self->clusters_loading)
    {
      g_clear_error (&self->clusters_load_error);
      strata_application_set_clusters_loading (self, TRUE);
      strata_cluster_store_load_async (self->clusters,
                                       self->cancellable,
                                       strata_application_load_clusters_cb,
                                       g_object_ref (self));
    }
}

static StrataWindow *
strata_application_get_main_window (StrataApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (STRATA_IS_WINDOW (window))
    return STRATA_WINDOW (window);

  return NULL;
}

static void
strata_application_activate (GApplication *application)
{
  StrataApplication *self = (StrataApplication *)application;
  StrataWindow *window = strata_application_get_main_window (self);

  if (window == NULL)
    window = strata_window_new (self);

  gtk_window_present (GTK_WINDOW (window));
}

static void
strata_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  StrataApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing rather than quitting lets each window ask about unsaved work. */
  if (windows == NULL)
    {
      g_application_quit (G_APPLICATION (self));
      return;
    }

  for (GList *iter = windows; iter != NULL; iter = iter->next)
    gtk_window_close (GTK_WINDOW (iter->data));
}

static void
strata_application_about_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  StrataApplication *self = user_data;
  static const char *developers[] = { "The Strata developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-name", _("Strata"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Strata developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Manage Kubernetes clusters through versioned cluster profiles"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
strata_application_shortcuts_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  StrataApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* GtkApplication loads gtk/help-overlay.ui and gives each window this action. */
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
strata_application_new_profile_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  StrataApplication *self = user_data;
  StrataWindow *window = strata_application_get_main_window (self);

  if (window != NULL)
    strata_window_new_profile (window);
}

static void
strata_application_search_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  StrataApplication *self = user_data;
  StrataWindow *window = strata_application_get_main_window (self);

  if (window != NULL)
    strata_window_focus_search (window);
}

static void
strata_application_reload_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  strata_application_reload (STRATA_APPLICATION (user_data));
}

static void
strata_application_refresh_status_action (GSimpleAction *action,
                                          GVariant      *parameter,
                                          gpointer       user_data)
{
  StrataApplication *self = STRATA_APPLICATION (user_data);

  strata_status_monitor_refresh (self->monitor);
}

static void
strata_application_start_sandbox_action (GSimpleAction *action,
                                         GVariant      *parameter,
                                         gpointer       user_data)
{
  _strata_application_retry_sandbox (STRATA_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", strata_application_quit_action },
  { "about", strata_application_about_action },
  { "shortcuts", strata_application_shortcuts_action },
  { "new-profile", strata_application_new_profile_action },
  { "search", strata_application_search_action },
  { "reload", strata_application_reload_action },
  { "start-sandbox", strata_application_start_sandbox_action },
  { "refresh-status", strata_application_refresh_status_action },
};

static void
strata_application_startup (GApplication *application)
{
  StrataApplication *self = (StrataApplication *)application;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *new_profile_accels[] = { "<Control>n", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *refresh_accels[] = { "F5", NULL };

  G_APPLICATION_CLASS (strata_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-profile", new_profile_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.refresh-status", refresh_accels);

  strata_application_reload (self);
}

static void
strata_application_shutdown (GApplication *application)
{
  StrataApplication *self = (StrataApplication *)application;

  g_cancellable_cancel (self->cancellable);
  strata_status_monitor_shutdown (self->monitor);
  strata_sandbox_service_stop (self->sandbox);

  G_APPLICATION_CLASS (strata_application_parent_class)->shutdown (application);
}

static void
strata_application_dispose (GObject *object)
{
  StrataApplication *self = (StrataApplication *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->monitor != NULL)
    strata_status_monitor_shutdown (self->monitor);
  if (self->sandbox != NULL)
    strata_sandbox_service_stop (self->sandbox);

  G_OBJECT_CLASS (strata_application_parent_class)->dispose (object);
}

static void
strata_application_finalize (GObject *object)
{
  StrataApplication *self = (StrataApplication *)object;

  g_clear_object (&self->monitor);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->settings);
  g_clear_object (&self->clusters);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->load_error);
  g_clear_error (&self->clusters_load_error);

  G_OBJECT_CLASS (strata_application_parent_class)->finalize (object);
}

static void
strata_application_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  StrataApplication *self = STRATA_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_CLUSTERS_LOADING:
      g_value_set_boolean (value, self->clusters_loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_application_class_init (StrataApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = strata_application_dispose;
  object_class->finalize = strata_application_finalize;
  object_class->get_property = strata_application_get_property;

  app_class->activate = strata_application_activate;
  app_class->startup = strata_application_startup;
  app_class->shutdown = strata_application_shutdown;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         STRATA_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLUSTERS_LOADING] =
    g_param_spec_boolean ("clusters-loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
on_refresh_interval_changed (StrataApplication *self,
                             const char        *key,
                             GSettings         *settings)
{
  strata_status_monitor_set_interval (self->monitor, g_settings_get_uint (settings, key));
}

static void
strata_application_init (StrataApplication *self)
{
  self->store = strata_store_new_default ();
  self->clusters = strata_cluster_store_new (self->store);
  self->sandbox = strata_sandbox_service_new (NULL);
  self->settings = _strata_application_create_settings ();
  self->cancellable = g_cancellable_new ();

  g_signal_connect_object (strata_cluster_store_get_clusters (self->clusters), "items-changed",
                           G_CALLBACK (_strata_application_on_clusters_changed), self,
                           G_CONNECT_SWAPPED);

  /* After the handler above: a sandbox record gets its sandbox started
   * before it is checked. */
  self->monitor = strata_status_monitor_new (self->clusters, self->sandbox);
  if (self->settings != NULL)
    {
      strata_status_monitor_set_interval (self->monitor,
                                          g_settings_get_uint (self->settings, "refresh-interval"));
      g_signal_connect_object (self->settings, "changed::refresh-interval",
                               G_CALLBACK (on_refresh_interval_changed), self, G_CONNECT_SWAPPED);
    }
}

/**
 * strata_application_get_status_monitor:
 *
 * Returns: (transfer none): what keeps the clusters' status current.
 */
StrataStatusMonitor *
strata_application_get_status_monitor (StrataApplication *self)
{
  g_return_val_if_fail (STRATA_IS_APPLICATION (self), NULL);

  return self->monitor;
}

StrataApplication *
strata_application_new (void)
{
  return g_object_new (STRATA_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/strata/Strata",
                       NULL);
}

/**
 * strata_application_get_store:
 *
 * Returns: (transfer none): the profiles and clusters on disk.
 */
StrataStore *
strata_application_get_store (StrataApplication *self)
{
  g_return_val_if_fail (STRATA_IS_APPLICATION (self), NULL);

  return self->store;
}

gboolean
strata_application_get_loading (StrataApplication *self)
{
  g_return_val_if_fail (STRATA_IS_APPLICATION (self), FALSE);

  return self->loading;
}

/* The error of the last load, or NULL when it succeeded. */
const GError *
strata_application_get_load_error (StrataApplication *self)
{
  g_return_val_if_fail (STRATA_IS_APPLICATION (self), NULL);

  return self->load_error;
}

/**
 * strata_application_get_cluster_store:
 *
 * Returns: (transfer none): the cluster records.
 */
StrataClusterStore *
strata_application_get_cluster_store (StrataApplication *self)
{
  g_return_val_if_fail (STRATA_IS_APPLICATION (self), NULL);

  return self->clusters;
}

/**
 * strata_application_get_sandbox_service:
 *
 * Returns: (transfer none): the embedded sandbox cluster.
 */
StrataSandboxService *
strata_application_get_sandbox_service (StrataApplication *self)
{
  g_return_val_if_fail (STRATA_IS_APPLICATION (self), NULL);

  return self->sandbox;
}

gboolean
strata_application_get_clusters_loading (StrataApplication *self)
{
  g_return_val_if_fail (STRATA_IS_APPLICATION (self), FALSE);

  return self->clusters_loading;
}

const GError *
strata_application_get_clusters_load_error (StrataApplication *self)
{
  g_return_val_if_fail (STRATA_IS_APPLICATION (self), NULL);

  return self->clusters_load_error;
}

/* The sandbox part below: private to the application's two files. */

GSettings *
_strata_application_get_settings (StrataApplication *self)
{
  return self->settings;
}

gboolean
_strata_application_get_adding_sandbox (StrataApplication *self)
{
  return self->adding_sandbox;
}

void
_strata_application_set_adding_sandbox (StrataApplication *self,
                                        gboolean           adding)
{
  self->adding_sandbox = !!adding;
}
