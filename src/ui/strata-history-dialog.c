/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The revisions of one version (its earlier in-place states), newest first,
 * each with a Restore button. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-accessible.h"
#include "strata-history-dialog-private.h"

struct _StrataHistoryDialog
{
  AdwWindow             parent_instance;

  StrataStore          *store;
  StrataProfile        *profile;
  StrataProfileVersion *version;
  GListModel           *history;
  GCancellable         *cancellable;
  guint                 has_unsaved_changes : 1;
  guint                 busy : 1;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_status;
  AdwStatusPage        *empty_status;
  GtkLabel             *current_label;
  GtkSortListModel     *sort_model;
  GtkCustomSorter      *sorter;
};

enum {
  RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StrataHistoryDialog, strata_history_dialog, ADW_TYPE_WINDOW)

static char *
revision_title (gpointer this,
                guint    revision)
{
  return g_strdup_printf (_("Revision %u"), revision);
}

static char *
revision_restore_tooltip (gpointer this,
                          guint    revision)
{
  return g_strdup_printf (_("Restore revision %u"), revision);
}

static GVariant *
revision_target (gpointer this,
                 guint    revision)
{
  return g_variant_new_uint32 (revision);
}

static char *
format_date (GDateTime *date_time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date_time);

  /* Translators: how a save time is shown, see g_date_time_format().
   * xgettext:no-c-format */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static char *
revision_details (gpointer              this,
                  StrataProfileVersion *version)
{
  GDateTime *saved_at;
  g_autofree char *date = NULL;
  g_autofree char *layers = NULL;
  guint n_layers;

  if (version == NULL)
    return g_strdup ("");

  n_layers = g_list_model_get_n_items (strata_profile_version_get_layers (version));
  layers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u layer", "%u layers", n_layers), n_layers);

  saved_at = strata_profile_version_get_saved_at (version);
  if (saved_at == NULL)
    return g_steal_pointer (&layers);

  date = format_date (saved_at);
  /* Translators: the time a revision was saved, then its number of layers. */
  return g_strdup_printf (_("Saved %s · %s"), date, layers);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  guint revision_a = strata_profile_version_get_revision ((StrataProfileVersion *)a);
  guint revision_b = strata_profile_version_get_revision ((StrataProfileVersion *)b);

  return (revision_a < revision_b) - (revision_a > revision_b);
}

static void
strata_history_dialog_update_current (StrataHistoryDialog *self)
{
  g_autofree char *text = NULL;
  GDateTime *saved_at = strata_profile_version_get_saved_at (self->version);
  g_autofree char *date = saved_at ? format_date (saved_at) : NULL;
  guint revision = strata_profile_version_get_revision (self->version);
  const char *version = strata_profile_version_get_version (self->version);

  if (date != NULL)
    text = g_strdup_printf (_("Version %s is now at revision %u, saved %s. Restoring an earlier revision keeps this state in the history too."),
                            version, revision, date);
  else
    text = g_strdup_printf (_("Version %s is now at revision %u. Restoring an earlier revision keeps this state in the history too."),
                            version, revision);

  gtk_label_set_label (self->current_label, text);
}

static void
strata_history_dialog_set_state (StrataHistoryDialog *self,
                                 const char          *state)
{
  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
  gtk_stack_set_visible_child_name (self->stack, state);
}

static void
strata_history_dialog_list_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  StrataStore *store = (StrataStore *)object;
  g_autoptr(StrataHistoryDialog) self = user_data;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(GError) error = NULL;

  history = strata_store_list_history_finish (store, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (history == NULL)
    {
      adw_status_page_set_description (self->error_status, error->message);
      strata_history_dialog_set_state (self, "error");
      return;
    }

  g_set_object (&self->history, history);
  gtk_sort_list_model_set_model (self->sort_model, history);
  strata_history_dialog_update_current (self);
  strata_history_dialog_set_state (self,
                                   g_list_model_get_n_items (history) > 0 ? "list" : "empty");
}

static void
strata_history_dialog_reload (StrataHistoryDialog *self)
{
  strata_history_dialog_set_state (self, "loading");
  strata_store_list_history_async (self->store,
                                   self->profile,
                                   strata_profile_version_get_version (self->version),
                                   self->cancellable,
                                   strata_history_dialog_list_cb,
                                   g_object_ref (self));
}

static void
strata_history_dialog_reload_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  strata_history_dialog_reload (STRATA_HISTORY_DIALOG (widget));
}

static void
strata_history_dialog_set_busy (StrataHistoryDialog *self,
                                gboolean             busy)
{
  self->busy = !!busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.restore", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.restore-confirmed", !busy);
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
strata_history_dialog_restore_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  StrataStore *store = (StrataStore *)object;
  g_autoptr(GTask) task = user_data;
  StrataHistoryDialog *self = g_task_get_source_object (task);
  guint revision = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;

  if (!strata_store_restore_revision_finish (store, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          AdwToast *toast = error_toast_new (error->message);

          strata_history_dialog_set_busy (self, FALSE);
          adw_toast_set_button_label (toast, _("_Retry"));
          adw_toast_set_action_name (toast, "history.restore-confirmed");
          adw_toast_set_action_target_value (toast, g_variant_new_uint32 (revision));
          adw_toast_overlay_add_toast (self->toast_overlay, toast);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  strata_history_dialog_set_busy (self, FALSE);
  g_signal_emit (self, signals[RESTORED], 0, revision);
  g_task_return_boolean (task, TRUE);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
strata_history_dialog_restore_confirmed_action (GtkWidget  *widget,
                                                const char *action_name,
                                                GVariant   *parameter)
{
  StrataHistoryDialog *self = STRATA_HISTORY_DIALOG (widget);
  guint revision = g_variant_get_uint32 (parameter);
  GTask *task;

  if (self->busy)
    return;

  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, strata_history_dialog_restore_confirmed_action);
  g_task_set_task_data (task, GUINT_TO_POINTER (revision), NULL);

  strata_history_dialog_set_busy (self, TRUE);
  strata_store_restore_revision_async (self->store,
                                       self->profile,
                                       strata_profile_version_get_version (self->version),
                                       revision,
                                       self->cancellable,
                                       strata_history_dialog_restore_cb,
                                       task);
}

static void
strata_history_dialog_confirm_response_cb (AdwMessageDialog *dialog,
                                           const char       *response,
                                           gpointer          user_data)
{
  StrataHistoryDialog *self = g_object_get_data (G_OBJECT (dialog), "history");
  guint revision = GPOINTER_TO_UINT (user_data);

  if (self != NULL && g_strcmp0 (response, "restore") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "history.restore-confirmed", "u", revision);
}

static void
strata_history_dialog_restore_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  StrataHistoryDialog *self = STRATA_HISTORY_DIALOG (widget);
  guint revision = g_variant_get_uint32 (parameter);
  g_autofree char *heading = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  heading = g_strdup_printf (_("Restore Revision %u?"), revision);
  g_string_append_printf (body,
                          _("Version %s takes back the layers it had at revision %u. Its current state is kept in the history, so you can return to it."),
                          strata_profile_version_get_version (self->version), revision);
  if (self->has_unsaved_changes)
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("Your unsaved changes to this version will be lost."));
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              self->has_unsaved_changes
                                              ? ADW_RESPONSE_DESTRUCTIVE
                                              : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "history", g_object_ref (self), g_object_unref);
  g_signal_connect (dialog, "response",
                    G_CALLBACK (strata_history_dialog_confirm_response_cb),
                    GUINT_TO_POINTER (revision));
  strata_accessible_name_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
strata_history_dialog_dispose (GObject *object)
{
  StrataHistoryDialog *self = (StrataHistoryDialog *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_HISTORY_DIALOG);

  g_clear_object (&self->history);
  g_clear_object (&self->store);
  g_clear_object (&self->profile);
  g_clear_object (&self->version);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (strata_history_dialog_parent_class)->dispose (object);
}

static void
strata_history_dialog_class_init (StrataHistoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_history_dialog_dispose;

  /**
   * StrataHistoryDialog::restored:
   * @revision: the revision the version took back
   */
  signals[RESTORED] =
    g_signal_new ("restored",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  g_type_ensure (STRATA_TYPE_PROFILE_VERSION);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/strata/Strata/ui/strata-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataHistoryDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, StrataHistoryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, StrataHistoryDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, StrataHistoryDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, StrataHistoryDialog, error_status);
  gtk_widget_class_bind_template_child (widget_class, StrataHistoryDialog, empty_status);
  gtk_widget_class_bind_template_child (widget_class, StrataHistoryDialog, current_label);
  gtk_widget_class_bind_template_child (widget_class, StrataHistoryDialog, sort_model);
  gtk_widget_class_bind_template_child (widget_class, StrataHistoryDialog, sorter);
  gtk_widget_class_bind_template_callback (widget_class, revision_title);
  gtk_widget_class_bind_template_callback (widget_class, revision_details);
  gtk_widget_class_bind_template_callback (widget_class, revision_target);
  gtk_widget_class_bind_template_callback (widget_class, revision_restore_tooltip);

  gtk_widget_class_install_action (widget_class, "history.reload", NULL,
                                   strata_history_dialog_reload_action);
  gtk_widget_class_install_action (widget_class, "history.restore", "u",
                                   strata_history_dialog_restore_action);
  gtk_widget_class_install_action (widget_class, "history.restore-confirmed", "u",
                                   strata_history_dialog_restore_confirmed_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
strata_history_dialog_init (StrataHistoryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  strata_accessible_name_buttons (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_custom_sorter_set_sort_func (self->sorter, compare_newest_first, NULL, NULL);
}

StrataHistoryDialog *
strata_history_dialog_new (StrataStore          *store,
                           StrataProfile        *profile,
                           StrataProfileVersion *version,
                           gboolean              has_unsaved_changes)
{
  StrataHistoryDialog *self;
  g_autofree char *subtitle = NULL;
  g_autofree char *empty = NULL;
  const char *version_string;

  g_return_val_if_fail (STRATA_IS_STORE (store), NULL);
  g_return_val_if_fail (STRATA_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (version), NULL);

  self = g_object_new (STRATA_TYPE_HISTORY_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->profile = g_object_ref (profile);
  self->version = g_object_ref (version);
  self->has_unsaved_changes = !!has_unsaved_changes;

  version_string = strata_profile_version_get_version (version);
  subtitle = g_strdup_printf (_("Version %s of “%s”"), version_string, strata_profile_get_name (profile));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  empty = g_strdup_printf (_("Each time you save version %s in place, the state it replaces is kept here, so you can restore it."),
                           version_string);
  adw_status_page_set_description (self->empty_status, empty);

  strata_history_dialog_reload (self);

  return self;
}

/* The revisions as the store listed them (oldest first), or NULL until read. */
GListModel *
_strata_history_dialog_get_model (StrataHistoryDialog *self)
{
  return self->history;
}

/* "loading", "error", "empty" or "list". */
const char *
_strata_history_dialog_get_state (StrataHistoryDialog *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}
