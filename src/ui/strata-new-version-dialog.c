/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Create new version": asks the version, checks it is semantic and not
 * taken yet, and copies every layer of the version it starts from. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-accessible.h"
#include "strata-new-version-dialog-private.h"

struct _StrataNewVersionDialog
{
  AdwWindow             parent_instance;

  StrataStore          *store;
  StrataProfile        *profile;
  StrataProfileVersion *from;
  GCancellable         *cancellable;
  guint                 busy : 1;

  GtkWidget            *create_button;
  GtkLabel             *source_label;
  AdwEntryRow          *version_row;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkLabel             *unsaved_label;
};

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StrataNewVersionDialog, strata_new_version_dialog, ADW_TYPE_WINDOW)

static void
strata_new_version_dialog_show_error (StrataNewVersionDialog *self,
                                      const char             *message)
{
  if (message != NULL)
    {
      gtk_label_set_label (self->error_label, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->version_row), "error");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->version_row), "error");

  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static gboolean
strata_new_version_dialog_check (StrataNewVersionDialog  *self,
                                 GError                 **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->version_row));

  if (!strata_semver_validate (text, error))
    return FALSE;

  if (self->profile != NULL && strata_profile_find_version (self->profile, text) != NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                   _("Version %s already exists: choose another version"), text);
      return FALSE;
    }

  return TRUE;
}

static void
strata_new_version_dialog_validate (StrataNewVersionDialog *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = strata_new_version_dialog_check (self, &error);

  strata_new_version_dialog_show_error (self, ok ? NULL : error->message);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.create", ok && !self->busy);
}

static void
on_version_changed (StrataNewVersionDialog *self,
                    GtkEditable            *editable)
{
  strata_new_version_dialog_validate (self);
}

static void
strata_new_version_dialog_create_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  StrataStore *store = (StrataStore *)object;
  g_autoptr(StrataNewVersionDialog) self = user_data;
  g_autoptr(StrataProfileVersion) version = NULL;
  g_autoptr(GError) error = NULL;

  version = strata_store_create_version_finish (store, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->version_row), TRUE);

  if (version == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.create", TRUE);
      strata_new_version_dialog_show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[CREATED], 0, version);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
strata_new_version_dialog_create_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  StrataNewVersionDialog *self = STRATA_NEW_VERSION_DIALOG (widget);

  if (self->busy)
    return;

  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->version_row), FALSE);
  gtk_widget_action_set_enabled (widget, "dialog.create", FALSE);
  strata_store_create_version_async (self->store,
                                     self->profile,
                                     strata_profile_version_get_version (self->from),
                                     gtk_editable_get_text (GTK_EDITABLE (self->version_row)),
                                     self->cancellable,
                                     strata_new_version_dialog_create_cb,
                                     g_object_ref (self));
}

/* The next minor version after the latest that is free: 1.0.0 -> 1.1.0. */
static char *
strata_new_version_dialog_suggest (StrataProfile *profile)
{
  StrataProfileVersion *latest = strata_profile_get_latest_version (profile);
  const StrataSemver *semver;
  guint64 major;
  guint64 minor;

  if (latest == NULL || (semver = strata_profile_version_get_semver (latest)) == NULL)
    return g_strdup ("1.0.0");

  major = strata_semver_get_major (semver);
  minor = strata_semver_get_minor (semver);
  for (guint i = 1; i < 100; i++)
    {
      g_autofree char *candidate = g_strdup_printf ("%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".0",
                                                    major, minor + i);

      if (strata_profile_find_version (profile, candidate) == NULL)
        return g_steal_pointer (&candidate);
    }

  return g_strdup ("");
}

static void
strata_new_version_dialog_dispose (GObject *object)
{
  StrataNewVersionDialog *self = (StrataNewVersionDialog *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_NEW_VERSION_DIALOG);

  g_clear_object (&self->store);
  g_clear_object (&self->profile);
  g_clear_object (&self->from);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (strata_new_version_dialog_parent_class)->dispose (object);
}

static void
strata_new_version_dialog_class_init (StrataNewVersionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_new_version_dialog_dispose;

  /**
   * StrataNewVersionDialog::created:
   * @version: the new version, already in the profile
   */
  signals[CREATED] =
    g_signal_new ("created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, STRATA_TYPE_PROFILE_VERSION);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/strata/Strata/ui/strata-new-version-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataNewVersionDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, StrataNewVersionDialog, source_label);
  gtk_widget_class_bind_template_child (widget_class, StrataNewVersionDialog, version_row);
  gtk_widget_class_bind_template_child (widget_class, StrataNewVersionDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataNewVersionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, StrataNewVersionDialog, unsaved_label);
  gtk_widget_class_bind_template_callback (widget_class, on_version_changed);

  gtk_widget_class_install_action (widget_class, "dialog.create", NULL,
                                   strata_new_version_dialog_create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
strata_new_version_dialog_init (StrataNewVersionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  strata_accessible_name_buttons (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

StrataNewVersionDialog *
strata_new_version_dialog_new (StrataStore          *store,
                               StrataProfile        *profile,
                               StrataProfileVersion *from,
                               gboolean              from_has_unsaved_changes)
{
  StrataNewVersionDialog *self;
  g_autofree char *source = NULL;
  g_autofree char *suggestion = NULL;
  const char *from_version;
  guint n_layers;

  g_return_val_if_fail (STRATA_IS_STORE (store), NULL);
  g_return_val_if_fail (STRATA_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (from), NULL);

  self = g_object_new (STRATA_TYPE_NEW_VERSION_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->profile = g_object_ref (profile);
  self->from = g_object_ref (from);

  from_version = strata_profile_version_get_version (from);
  n_layers = g_list_model_get_n_items (strata_profile_version_get_layers (from));
  source = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The new version of “%s” starts as a copy of version %s and its %u layer. No cluster uses it until you switch one to it.",
                                         "The new version of “%s” starts as a copy of version %s and its %u layers. No cluster uses it until you switch one to it.",
                                         n_layers),
                            strata_profile_get_name (profile), from_version, n_layers);
  gtk_label_set_label (self->source_label, source);

  if (from_has_unsaved_changes)
    {
      g_autofree char *unsaved = g_strdup_printf (_("The unsaved changes to version %s are not copied. Save them first to include them."),
                                                  from_version);
      gtk_label_set_label (self->unsaved_label, unsaved);
      gtk_widget_set_visible (GTK_WIDGET (self->unsaved_label), TRUE);
    }

  suggestion = strata_new_version_dialog_suggest (profile);
  gtk_editable_set_text (GTK_EDITABLE (self->version_row), suggestion);
  strata_new_version_dialog_validate (self);

  return self;
}

GtkEditable *
_strata_new_version_dialog_get_version_row (StrataNewVersionDialog *self)
{
  return GTK_EDITABLE (self->version_row);
}

GtkWidget *
_strata_new_version_dialog_get_create_button (StrataNewVersionDialog *self)
{
  return self->create_button;
}

const char *
_strata_new_version_dialog_get_source_text (StrataNewVersionDialog *self)
{
  return gtk_label_get_label (self->source_label);
}

const char *
_strata_new_version_dialog_get_error (StrataNewVersionDialog *self)
{
  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_label (self->error_label);
}
