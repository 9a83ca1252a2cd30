/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The commands of the profile page: save, discard, versions, history,
 * layers, deletion, and the question about unsaved changes. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-accessible.h"
#include "strata-add-layer-dialog.h"
#include "strata-history-dialog.h"
#include "strata-new-version-dialog.h"
#include "strata-profile-page-private.h"

static void
strata_closure_free_string (gpointer  data,
                            GClosure *closure)
{
  g_free (data);
}

static void
strata_closure_unref_object (gpointer  data,
                             GClosure *closure)
{
  g_object_unref (data);
}

static AdwMessageDialog *
strata_profile_page_message_dialog (StrataProfilePage *self,
                                    const char        *heading,
                                    const char        *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                     heading, body));
}

static void
strata_profile_page_present (StrataProfilePage *self,
                             GtkWindow         *window)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (window, GTK_WINDOW (root));
  gtk_window_present (window);
}

/* Save */

static void
strata_profile_page_save_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  StrataStore *store = (StrataStore *)object;
  g_autoptr(GTask) task = user_data;
  StrataProfilePage *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!strata_store_save_version_finish (store, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _strata_profile_page_set_busy (self, FALSE);
          _strata_profile_page_error_toast (self, error, "profile.save", NULL);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The revision line and the insensitive Save say it is saved. */
  _strata_profile_page_set_busy (self, FALSE);
  _strata_profile_page_update_state (self);

  g_task_return_boolean (task, TRUE);
}

void
_strata_profile_page_save_async (StrataProfilePage   *self,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StrataProfileVersion *edited;

  g_assert (STRATA_IS_PROFILE_PAGE (self));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, _strata_profile_page_save_async);

  if (self->store == NULL || self->profile == NULL || self->working == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There is no version to save"));
      return;
    }

  /* A snapshot, so typing on while it is written cannot change what is saved. */
  edited = strata_profile_version_copy (self->working, NULL);
  g_task_set_task_data (task, edited, g_object_unref);

  _strata_profile_page_set_busy (self, TRUE);
  strata_store_save_version_async (self->store,
                                   self->profile,
                                   edited,
                                   self->cancellable,
                                   strata_profile_page_save_cb,
                                   g_steal_pointer (&task));
}

gboolean
_strata_profile_page_save_finish (StrataProfilePage  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_assert (g_task_is_valid (result, self));

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
strata_profile_page_save_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  _strata_profile_page_save_async (STRATA_PROFILE_PAGE (widget), NULL, NULL);
}

static void
strata_profile_page_discard_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  _strata_profile_page_reset_working (STRATA_PROFILE_PAGE (widget));
}

/* Unsaved changes */

static void
strata_profile_page_confirm_saved_cb (GObject      *object,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  /* A failed save was reported in a toast; the user stays on the page. */
  g_task_return_boolean (task,
                         _strata_profile_page_save_finish (STRATA_PROFILE_PAGE (object), result, NULL));
}

static void
strata_profile_page_confirm_response_cb (AdwMessageDialog *dialog,
                                         const char       *response,
                                         gpointer          user_data)
{
  GTask *task = user_data;
  StrataProfilePage *self = g_task_get_source_object (task);

  /* Only the first answer counts (closing the window answers again). */
  if (g_object_get_data (G_OBJECT (task), "answered") != NULL)
    return;
  g_object_set_data (G_OBJECT (task), "answered", GINT_TO_POINTER (TRUE));

  if (g_strcmp0 (response, "save") == 0)
    {
      _strata_profile_page_save_async (self,
                                       strata_profile_page_confirm_saved_cb,
                                       g_object_ref (task));
    }
  else if (g_strcmp0 (response, "discard") == 0)
    {
      _strata_profile_page_reset_working (self);
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_boolean (task, FALSE);
}

/* Resolves to TRUE when nothing unsaved is left (saved, discarded, or
 * there was nothing), FALSE when the user chose to stay. */
void
strata_profile_page_confirm_leave_async (StrataProfilePage   *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  g_return_if_fail (STRATA_IS_PROFILE_PAGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_profile_page_confirm_leave_async);

  if (!self->has_unsaved_changes || !_strata_profile_page_version_is_current (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  body = g_strdup_printf (_("Version %s of “%s” has unsaved changes. Saving keeps its current state in the history."),
                          strata_profile_version_get_version (self->version),
                          strata_profile_get_name (self->profile));
  dialog = strata_profile_page_message_dialog (self, _("Save Changes?"), body);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response",
                         G_CALLBACK (strata_profile_page_confirm_response_cb),
                         g_steal_pointer (&task),
                         strata_closure_unref_object, 0);
  strata_accessible_name_buttons (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
strata_profile_page_confirm_leave_finish (StrataProfilePage *self,
                                          GAsyncResult      *result)
{
  g_return_val_if_fail (STRATA_IS_PROFILE_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), NULL);
}

static void
strata_profile_page_back_confirmed_cb (GObject      *object,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
  StrataProfilePage *self = STRATA_PROFILE_PAGE (object);

  if (strata_profile_page_confirm_leave_finish (self, result))
    gtk_widget_activate_action (GTK_WIDGET (self), "profiles.show-list", NULL);
}

static void
strata_profile_page_back_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  strata_profile_page_confirm_leave_async (STRATA_PROFILE_PAGE (widget), NULL,
                                           strata_profile_page_back_confirmed_cb, NULL);
}

/* Versions and history */

static void
on_version_created (StrataProfilePage    *self,
                    StrataProfileVersion *version)
{
  /* Like Palette: the new version opens, shown beside the name. */
  strata_profile_page_select_version (self, strata_profile_version_get_version (version));
}

static void
strata_profile_page_new_version_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  StrataProfilePage *self = STRATA_PROFILE_PAGE (widget);
  StrataNewVersionDialog *dialog;

  if (self->store == NULL || self->version == NULL)
    return;

  dialog = strata_new_version_dialog_new (self->store, self->profile, self->version,
                                          self->has_unsaved_changes);
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_version_created), self,
                           G_CONNECT_SWAPPED);
  strata_profile_page_present (self, GTK_WINDOW (dialog));
}

static void
on_revision_restored (StrataProfilePage *self,
                      guint              revision)
{
  AdwToast *toast;

  _strata_profile_page_reset_working (self);

  toast = adw_toast_new_format (_("Restored revision %u of version %s"),
                                revision, strata_profile_version_get_version (self->version));
  _strata_profile_page_add_toast (self, toast);
}

static void
strata_profile_page_history_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  StrataProfilePage *self = STRATA_PROFILE_PAGE (widget);
  StrataHistoryDialog *dialog;

  if (self->store == NULL || self->version == NULL)
    return;

  dialog = strata_history_dialog_new (self->store, self->profile, self->version,
                                      self->has_unsaved_changes);
  g_signal_connect_object (dialog, "restored", G_CALLBACK (on_revision_restored), self,
                           G_CONNECT_SWAPPED);
  strata_profile_page_present (self, GTK_WINDOW (dialog));
}

/* Layers */

static void
on_layer_added (StrataProfilePage *self,
                StrataLayer       *layer)
{
  _strata_profile_page_update_state (self);
  _strata_profile_page_select_layer (self, layer);
  gtk_widget_grab_focus (_strata_profile_page_get_source_view (self));
}

static void
strata_profile_page_add_layer_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  StrataProfilePage *self = STRATA_PROFILE_PAGE (widget);
  StrataAddLayerDialog *dialog;

  if (self->working == NULL)
    return;

  dialog = strata_add_layer_dialog_new (self->working);
  g_signal_connect_object (dialog, "added", G_CALLBACK (on_layer_added), self,
                           G_CONNECT_SWAPPED);
  strata_profile_page_present (self, GTK_WINDOW (dialog));
}

static void
on_undo_remove_clicked (AdwToast *toast,
                        gpointer  user_data)
{
  StrataProfilePage *self = g_object_get_data (G_OBJECT (toast), "page");
  StrataProfileVersion *working = g_object_get_data (G_OBJECT (toast), "working");
  StrataLayer *layer = g_object_get_data (G_OBJECT (toast), "layer");

  /* Only while the same working copy is still being edited. */
  if (self == NULL || self->working != working ||
      !strata_profile_version_add_layer (working, layer, NULL))
    return;

  _strata_profile_page_update_state (self);
  _strata_profile_page_select_layer (self, layer);
}

static void
strata_profile_page_remove_layer_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  StrataProfilePage *self = STRATA_PROFILE_PAGE (widget);
  g_autoptr(StrataLayer) layer = NULL;
  AdwToast *toast;

  if (self->working == NULL || self->layer == NULL)
    return;

  layer = g_object_ref (self->layer);
  if (!strata_profile_version_remove_layer (self->working, strata_layer_get_name (layer)))
    return;

  _strata_profile_page_update_state (self);

  toast = adw_toast_new_format (_("Removed layer “%s”"), strata_layer_get_name (layer));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "page", g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (toast), "working", g_object_ref (self->working), g_object_unref);
  g_object_set_data_full (G_OBJECT (toast), "layer", g_steal_pointer (&layer), g_object_unref);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_undo_remove_clicked), NULL);
  _strata_profile_page_add_toast (self, toast);
}

/* Deleting */

static void
strata_profile_page_delete_version_cb (GObject      *object,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
  StrataStore *store = (StrataStore *)object;
  g_autoptr(GTask) task = user_data;
  StrataProfilePage *self = g_task_get_source_object (task);
  const char *version = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!strata_store_delete_version_finish (store, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _strata_profile_page_set_busy (self, FALSE);
          _strata_profile_page_error_toast (self, error, "profile.delete-version-confirmed",
                                            g_variant_new_string (version));
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _strata_profile_page_set_busy (self, FALSE);
  _strata_profile_page_add_toast (self, adw_toast_new_format (_("Deleted version %s"), version));
  g_task_return_boolean (task, TRUE);
}

static void
strata_profile_page_delete_version_confirmed_action (GtkWidget  *widget,
                                                     const char *action_name,
                                                     GVariant   *parameter)
{
  StrataProfilePage *self = STRATA_PROFILE_PAGE (widget);
  const char *version = g_variant_get_string (parameter, NULL);
  GTask *task;

  if (self->store == NULL || self->profile == NULL)
    return;

  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, strata_profile_page_delete_version_confirmed_action);
  g_task_set_task_data (task, g_strdup (version), g_free);

  _strata_profile_page_set_busy (self, TRUE);
  strata_store_delete_version_async (self->store, self->profile, version,
                                     self->cancellable,
                                     strata_profile_page_delete_version_cb,
                                     task);
}

static void
strata_profile_page_delete_version_response_cb (AdwMessageDialog *dialog,
                                                const char       *response,
                                                gpointer          user_data)
{
  StrataProfilePage *self = g_object_get_data (G_OBJECT (dialog), "page");
  const char *version = user_data;

  if (self != NULL && g_strcmp0 (response, "delete") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "profile.delete-version-confirmed", "s", version);
}

static void
strata_profile_page_delete_version_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  StrataProfilePage *self = STRATA_PROFILE_PAGE (widget);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *version;
  AdwMessageDialog *dialog;

  if (self->profile == NULL || self->version == NULL)
    return;

  version = strata_profile_version_get_version (self->version);
  heading = g_strdup_printf (_("Delete Version %s?"), version);
  body = g_strdup_printf (_("Version %s of “%s” and the history of its in-place edits are removed. The other versions are kept."),
                          version, strata_profile_get_name (self->profile));
  dialog = strata_profile_page_message_dialog (self, heading, body);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  g_signal_connect_data (dialog, "response",
                         G_CALLBACK (strata_profile_page_delete_version_response_cb),
                         g_strdup (version), strata_closure_free_string, 0);
  strata_accessible_name_buttons (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
strata_profile_page_delete_profile_cb (GObject      *object,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
  StrataStore *store = (StrataStore *)object;
  g_autoptr(GTask) task = user_data;
  StrataProfilePage *self = g_task_get_source_object (task);
  const char *name = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!strata_store_delete_profile_finish (store, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _strata_profile_page_set_busy (self, FALSE);
          _strata_profile_page_error_toast (self, error, "profile.delete-profile-confirmed",
                                            g_variant_new_string (name));
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _strata_profile_page_set_busy (self, FALSE);
  _strata_profile_page_add_toast (self, adw_toast_new_format (_("Deleted profile “%s”"), name));

  /* Nothing is left to show or save here. */
  if (self->profile != NULL && g_strcmp0 (strata_profile_get_name (self->profile), name) == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "profiles.show-list", NULL);

  g_task_return_boolean (task, TRUE);
}

static void
strata_profile_page_delete_profile_confirmed_action (GtkWidget  *widget,
                                                     const char *action_name,
                                                     GVariant   *parameter)
{
  StrataProfilePage *self = STRATA_PROFILE_PAGE (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  StrataProfile *profile;
  GTask *task;

  if (self->store == NULL ||
      (profile = strata_store_find_profile (self->store, name)) == NULL)
    return;

  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, strata_profile_page_delete_profile_confirmed_action);
  g_task_set_task_data (task, g_strdup (name), g_free);

  _strata_profile_page_set_busy (self, TRUE);
  strata_store_delete_profile_async (self->store, profile,
                                     self->cancellable,
                                     strata_profile_page_delete_profile_cb,
                                     task);
}

static void
strata_profile_page_delete_profile_response_cb (AdwMessageDialog *dialog,
                                                const char       *response,
                                                gpointer          user_data)
{
  StrataProfilePage *self = g_object_get_data (G_OBJECT (dialog), "page");
  const char *name = user_data;

  if (self != NULL && g_strcmp0 (response, "delete") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "profile.delete-profile-confirmed", "s", name);
}

static void
strata_profile_page_delete_profile_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  StrataProfilePage *self = STRATA_PROFILE_PAGE (widget);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *name;
  guint n_versions;
  AdwMessageDialog *dialog;

  if (self->profile == NULL)
    return;

  name = strata_profile_get_name (self->profile);
  n_versions = g_list_model_get_n_items (strata_profile_get_versions (self->profile));
  heading = g_strdup_printf (_("Delete Profile “%s”?"), name);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Its %u version and its history are removed. This cannot be undone.",
                                       "All %u versions and their history are removed. This cannot be undone.",
                                       n_versions),
                          n_versions);
  dialog = strata_profile_page_message_dialog (self, heading, body);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  g_signal_connect_data (dialog, "response",
                         G_CALLBACK (strata_profile_page_delete_profile_response_cb),
                         g_strdup (name), strata_closure_free_string, 0);
  strata_accessible_name_buttons (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_strata_profile_page_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "profile.back", NULL,
                                   strata_profile_page_back_action);
  gtk_widget_class_install_action (widget_class, "profile.save", NULL,
                                   strata_profile_page_save_action);
  gtk_widget_class_install_action (widget_class, "profile.discard", NULL,
                                   strata_profile_page_discard_action);
  gtk_widget_class_install_action (widget_class, "profile.new-version", NULL,
                                   strata_profile_page_new_version_action);
  gtk_widget_class_install_action (widget_class, "profile.history", NULL,
                                   strata_profile_page_history_action);
  gtk_widget_class_install_action (widget_class, "profile.add-layer", NULL,
                                   strata_profile_page_add_layer_action);
  gtk_widget_class_install_action (widget_class, "profile.remove-layer", NULL,
                                   strata_profile_page_remove_layer_action);
  gtk_widget_class_install_action (widget_class, "profile.delete-version", NULL,
                                   strata_profile_page_delete_version_action);
  gtk_widget_class_install_action (widget_class, "profile.delete-version-confirmed", "s",
                                   strata_profile_page_delete_version_confirmed_action);
  gtk_widget_class_install_action (widget_class, "profile.delete-profile", NULL,
                                   strata_profile_page_delete_profile_action);
  gtk_widget_class_install_action (widget_class, "profile.delete-profile-confirmed", "s",
                                   strata_profile_page_delete_profile_confirmed_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "profile.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "profile.back", NULL);
}
