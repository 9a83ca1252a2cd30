/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Adds a manifest layer to the working copy of a version: its name (unique
 * in the version), target namespace and install priority. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-accessible.h"
#include "strata-add-layer-dialog-private.h"

struct _StrataAddLayerDialog
{
  AdwWindow             parent_instance;

  StrataProfileVersion *version;
  guint                 name_touched : 1;

  GtkWidget            *add_button;
  AdwEntryRow          *name_row;
  GtkRevealer          *name_error_revealer;
  GtkLabel             *name_error_label;
  AdwEntryRow          *namespace_row;
  GtkRevealer          *namespace_error_revealer;
  GtkLabel             *namespace_error_label;
  GtkSpinButton        *priority_spin;
};

enum {
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StrataAddLayerDialog, strata_add_layer_dialog, ADW_TYPE_WINDOW)

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
strata_add_layer_dialog_check_name (StrataAddLayerDialog  *self,
                                    GError               **error)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (!strata_validate_dns_label (name, _("layer name"), error))
    return FALSE;

  if (self->version != NULL && strata_profile_version_find_layer (self->version, name) != NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                   _("Version %s already has a layer named “%s”"),
                   strata_profile_version_get_version (self->version), name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
strata_add_layer_dialog_check_namespace (StrataAddLayerDialog  *self,
                                         GError               **error)
{
  const char *namespace_ = gtk_editable_get_text (GTK_EDITABLE (self->namespace_row));

  return strata_validate_dns_label (namespace_, _("namespace"), error);
}

static void
strata_add_layer_dialog_validate (StrataAddLayerDialog *self)
{
  g_autoptr(GError) name_error = NULL;
  g_autoptr(GError) namespace_error = NULL;
  gboolean name_ok = strata_add_layer_dialog_check_name (self, &name_error);
  gboolean namespace_ok = strata_add_layer_dialog_check_namespace (self, &namespace_error);

  show_field_error (GTK_WIDGET (self->name_row), self->name_error_revealer, self->name_error_label,
                    !name_ok && self->name_touched ? name_error->message : NULL);
  show_field_error (GTK_WIDGET (self->namespace_row), self->namespace_error_revealer,
                    self->namespace_error_label,
                    !namespace_ok ? namespace_error->message : NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.add", name_ok && namespace_ok);
}

static void
on_name_changed (StrataAddLayerDialog *self,
                 GtkEditable          *editable)
{
  self->name_touched = TRUE;
  strata_add_layer_dialog_validate (self);
}

static void
on_namespace_changed (StrataAddLayerDialog *self,
                      GtkEditable          *editable)
{
  strata_add_layer_dialog_validate (self);
}

static void
strata_add_layer_dialog_add_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  StrataAddLayerDialog *self = STRATA_ADD_LAYER_DIALOG (widget);
  g_autoptr(StrataLayer) layer = NULL;
  g_autoptr(GError) error = NULL;

  layer = strata_layer_new (gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                            STRATA_LAYER_KIND_MANIFEST);
  strata_layer_set_namespace (layer, gtk_editable_get_text (GTK_EDITABLE (self->namespace_row)));
  strata_layer_set_priority (layer, gtk_spin_button_get_value_as_int (self->priority_spin));
  strata_layer_set_manifest (layer, "");

  if (!strata_profile_version_add_layer (self->version, layer, &error))
    {
      show_field_error (GTK_WIDGET (self->name_row), self->name_error_revealer,
                        self->name_error_label, error->message);
      return;
    }

  g_signal_emit (self, signals[ADDED], 0, layer);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
strata_add_layer_dialog_dispose (GObject *object)
{
  StrataAddLayerDialog *self = (StrataAddLayerDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_ADD_LAYER_DIALOG);

  g_clear_object (&self->version);

  G_OBJECT_CLASS (strata_add_layer_dialog_parent_class)->dispose (object);
}

static void
strata_add_layer_dialog_class_init (StrataAddLayerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_add_layer_dialog_dispose;

  /**
   * StrataAddLayerDialog::added:
   * @layer: the new layer, already in the version
   */
  signals[ADDED] =
    g_signal_new ("added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, STRATA_TYPE_LAYER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/strata/Strata/ui/strata-add-layer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataAddLayerDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, StrataAddLayerDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, StrataAddLayerDialog, name_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataAddLayerDialog, name_error_label);
  gtk_widget_class_bind_template_child (widget_class, StrataAddLayerDialog, namespace_row);
  gtk_widget_class_bind_template_child (widget_class, StrataAddLayerDialog, namespace_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataAddLayerDialog, namespace_error_label);
  gtk_widget_class_bind_template_child (widget_class, StrataAddLayerDialog, priority_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_namespace_changed);

  gtk_widget_class_install_action (widget_class, "dialog.add", NULL,
                                   strata_add_layer_dialog_add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
strata_add_layer_dialog_init (StrataAddLayerDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  strata_accessible_name_buttons (GTK_WIDGET (self));
}

StrataAddLayerDialog *
strata_add_layer_dialog_new (StrataProfileVersion *version)
{
  StrataAddLayerDialog *self;
  GListModel *layers;
  guint n;

  g_return_val_if_fail (STRATA_IS_PROFILE_VERSION (version), NULL);

  self = g_object_new (STRATA_TYPE_ADD_LAYER_DIALOG, NULL);
  self->version = g_object_ref (version);

  /* After the last layer by default: layers are listed in install order. */
  layers = strata_profile_version_get_layers (version);
  n = g_list_model_get_n_items (layers);
  if (n > 0)
    {
      g_autoptr(StrataLayer) last = g_list_model_get_item (layers, n - 1);

      gtk_spin_button_set_value (self->priority_spin, strata_layer_get_priority (last) + 10);
    }

  strata_add_layer_dialog_validate (self);

  return self;
}

GtkEditable *
_strata_add_layer_dialog_get_name_row (StrataAddLayerDialog *self)
{
  return GTK_EDITABLE (self->name_row);
}

GtkEditable *
_strata_add_layer_dialog_get_namespace_row (StrataAddLayerDialog *self)
{
  return GTK_EDITABLE (self->namespace_row);
}

GtkSpinButton *
_strata_add_layer_dialog_get_priority_spin (StrataAddLayerDialog *self)
{
  return self->priority_spin;
}

GtkWidget *
_strata_add_layer_dialog_get_add_button (StrataAddLayerDialog *self)
{
  return self->add_button;
}

const char *
_strata_add_layer_dialog_get_name_error (StrataAddLayerDialog *self)
{
  if (!gtk_revealer_get_reveal_child (self->name_error_revealer))
    return NULL;
  return gtk_label_get_label (self->name_error_label);
}
