/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Asks for a new profile's name, first version, description and type,
 * checking each as it is typed, and creates it in the store. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-accessible.h"
#include "strata-new-profile-dialog-private.h"

struct _StrataNewProfileDialog
{
  AdwWindow     parent_instance;

  StrataStore  *store;
  GCancellable *cancellable;
  /* Say nothing about an empty name before the user typed one. */
  guint         name_touched : 1;
  guint         busy : 1;

  GtkWidget    *create_button;
  GtkRevealer  *general_error_revealer;
  GtkLabel     *general_error_label;
  AdwEntryRow  *name_row;
  GtkRevealer  *name_error_revealer;
  GtkLabel     *name_error_label;
  AdwEntryRow  *version_row;
  GtkRevealer  *version_error_revealer;
  GtkLabel     *version_error_label;
  AdwEntryRow  *description_row;
  AdwComboRow  *type_row;
};

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StrataNewProfileDialog, strata_new_profile_dialog, ADW_TYPE_WINDOW)

static void
show_field_error (GtkWidget   *row,
                  GtkRevealer *revealer,
                  GtkLabel    *label,
                  const char  *message)
{
  if (message != NULL)
    {
      gtk_label_set_label (label, message);
      gtk_widget_add_css_class (row, "error");
    }
  else
    gtk_widget_remove_css_class (row, "error");

  gtk_revealer_set_reveal_child (revealer, message != NULL);
}

static gboolean
strata_new_profile_dialog_check_name (StrataNewProfileDialog  *self,
                                      GError                 **error)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (!strata_validate_dns_label (name, _("profile name"), error))
    return FALSE;

  if (self->store != NULL && strata_store_find_profile (self->store, name) != NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                   _("A profile named “%s” already exists"), name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
strata_new_profile_dialog_check_version (StrataNewProfileDialog  *self,
                                         GError                 **error)
{
  return strata_semver_validate (gtk_editable_get_text (GTK_EDITABLE (self->version_row)), error);
}

static void
strata_new_profile_dialog_validate (StrataNewProfileDialog *self)
{
  g_autoptr(GError) name_error = NULL;
  g_autoptr(GError) version_error = NULL;
  gboolean name_ok = strata_new_profile_dialog_check_name (self, &name_error);
  gboolean version_ok = strata_new_profile_dialog_check_version (self, &version_error);

  show_field_error (GTK_WIDGET (self->name_row), self->name_error_revealer, self->name_error_label,
                    !name_ok && self->name_touched ? name_error->message : NULL);
  show_field_error (GTK_WIDGET (self->version_row), self->version_error_revealer, self->version_error_label,
                    !version_ok ? version_error->message : NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.create",
                                 name_ok && version_ok && !self->busy);
}

static void
on_name_changed (StrataNewProfileDialog *self,
                 GtkEditable            *editable)
{
  self->name_touched = TRUE;
  gtk_revealer_set_reveal_child (self->general_error_revealer, FALSE);
  strata_new_profile_dialog_validate (self);
}

static void
on_version_changed (StrataNewProfileDialog *self,
                    GtkEditable            *editable)
{
  gtk_revealer_set_reveal_child (self->general_error_revealer, FALSE);
  strata_new_profile_dialog_validate (self);
}

static void
on_type_changed (StrataNewProfileDialog *self,
                 GParamSpec             *pspec,
                 AdwComboRow            *row)
{
  if (adw_combo_row_get_selected (row) == STRATA_PROFILE_TYPE_FULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                 _("Layers, plus the settings Strata uses to create an EKS cluster"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                 _("Layers to add to any cluster"));
}

static void
strata_new_profile_dialog_set_busy (StrataNewProfileDialog *self,
                                    gboolean                busy)
{
  self->busy = !!busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->version_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->description_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_row), !busy);
  strata_new_profile_dialog_validate (self);
}

static void
strata_new_profile_dialog_create_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  StrataStore *store = (StrataStore *)object;
  g_autoptr(StrataNewProfileDialog) self = user_data;
  g_autoptr(StrataProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = strata_store_create_profile_finish (store, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  strata_new_profile_dialog_set_busy (self, FALSE);

  if (profile == NULL)
    {
      /* Say it under the field it is about, or above them all. */
      if (g_error_matches (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_NAME) ||
          g_error_matches (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE))
        show_field_error (GTK_WIDGET (self->name_row), self->name_error_revealer,
                          self->name_error_label, error->message);
      else if (g_error_matches (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_VERSION))
        show_field_error (GTK_WIDGET (self->version_row), self->version_error_revealer,
                          self->version_error_label, error->message);
      else
        {
          gtk_label_set_label (self->general_error_label, error->message);
          gtk_revealer_set_reveal_child (self->general_error_revealer, TRUE);
        }
      return;
    }

  g_signal_emit (self, signals[CREATED], 0, profile);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
strata_new_profile_dialog_create_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  StrataNewProfileDialog *self = STRATA_NEW_PROFILE_DIALOG (widget);
  const char *description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  StrataProfileType type = adw_combo_row_get_selected (self->type_row) == 1
                           ? STRATA_PROFILE_TYPE_FULL
                           : STRATA_PROFILE_TYPE_ADD_ON;

  if (self->store == NULL || self->busy)
    return;

  gtk_revealer_set_reveal_child (self->general_error_revealer, FALSE);
  strata_new_profile_dialog_set_busy (self, TRUE);
  strata_store_create_profile_async (self->store,
                                     gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                     type,
                                     *description != '\0' ? description : NULL,
                                     gtk_editable_get_text (GTK_EDITABLE (self->version_row)),
                                     self->cancellable,
                                     strata_new_profile_dialog_create_cb,
                                     g_object_ref (self));
}

static void
strata_new_profile_dialog_dispose (GObject *object)
{
  StrataNewProfileDialog *self = (StrataNewProfileDialog *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_NEW_PROFILE_DIALOG);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (strata_new_profile_dialog_parent_class)->dispose (object);
}

static void
strata_new_profile_dialog_class_init (StrataNewProfileDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_new_profile_dialog_dispose;

  /**
   * StrataNewProfileDialog::created:
   * @profile: the new profile, already in the store
   */
  signals[CREATED] =
    g_signal_new ("created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, STRATA_TYPE_PROFILE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/strata/Strata/ui/strata-new-profile-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataNewProfileDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, StrataNewProfileDialog, general_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataNewProfileDialog, general_error_label);
  gtk_widget_class_bind_template_child (widget_class, StrataNewProfileDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, StrataNewProfileDialog, name_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataNewProfileDialog, name_error_label);
  gtk_widget_class_bind_template_child (widget_class, StrataNewProfileDialog, version_row);
  gtk_widget_class_bind_template_child (widget_class, StrataNewProfileDialog, version_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataNewProfileDialog, version_error_label);
  gtk_widget_class_bind_template_child (widget_class, StrataNewProfileDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, StrataNewProfileDialog, type_row);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_version_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_type_changed);

  gtk_widget_class_install_action (widget_class, "dialog.create", NULL,
                                   strata_new_profile_dialog_create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
strata_new_profile_dialog_init (StrataNewProfileDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  strata_accessible_name_buttons (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  on_type_changed (self, NULL, self->type_row);
  strata_new_profile_dialog_validate (self);
}

StrataNewProfileDialog *
strata_new_profile_dialog_new (StrataStore *store)
{
  StrataNewProfileDialog *self;

  g_return_val_if_fail (STRATA_IS_STORE (store), NULL);

  self = g_object_new (STRATA_TYPE_NEW_PROFILE_DIALOG, NULL);
  self->store = g_object_ref (store);
  strata_new_profile_dialog_validate (self);

  return self;
}

GtkEditable *
_strata_new_profile_dialog_get_name_row (StrataNewProfileDialog *self)
{
  return GTK_EDITABLE (self->name_row);
}

GtkEditable *
_strata_new_profile_dialog_get_version_row (StrataNewProfileDialog *self)
{
  return GTK_EDITABLE (self->version_row);
}

GtkEditable *
_strata_new_profile_dialog_get_description_row (StrataNewProfileDialog *self)
{
  return GTK_EDITABLE (self->description_row);
}

AdwComboRow *
_strata_new_profile_dialog_get_type_row (StrataNewProfileDialog *self)
{
  return self->type_row;
}

GtkWidget *
_strata_new_profile_dialog_get_create_button (StrataNewProfileDialog *self)
{
  return self->create_button;
}

/* The message under the field, or NULL when none is shown. */
const char *
_strata_new_profile_dialog_get_name_error (StrataNewProfileDialog *self)
{
  if (!gtk_revealer_get_reveal_child (self->name_error_revealer))
    return NULL;
  return gtk_label_get_label (self->name_error_label);
}

const char *
_strata_new_profile_dialog_get_version_error (StrataNewProfileDialog *self)
{
  if (!gtk_revealer_get_reveal_child (self->version_error_revealer))
    return NULL;
  return gtk_label_get_label (self->version_error_label);
}
