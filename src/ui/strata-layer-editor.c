/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Edits one layer in place: its namespace, install priority, and its values
 * (packs, Helm charts) or manifest text in a YAML editor, with the errors
 * said under the field they are about. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "strata-layer-editor-private.h"

struct _StrataLayerEditor
{
  GtkWidget        parent_instance;

  StrataLayer     *layer;
  /* Filling the widgets from the layer is no edit. */
  guint            updating : 1;

  GtkLabel        *layer_name_label;
  GtkLabel        *layer_kind_label;
  AdwEntryRow     *namespace_row;
  GtkSpinButton   *priority_spin;
  GtkRevealer     *namespace_error_revealer;
  GtkLabel        *namespace_error_label;
  GtkLabel        *editor_heading;
  GtkSourceView   *source_view;
  GtkSourceBuffer *source_buffer;
  GtkRevealer     *yaml_error_revealer;
  GtkLabel        *yaml_error_label;
};

enum {
  PROP_0,
  PROP_LAYER,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StrataLayerEditor, strata_layer_editor, GTK_TYPE_WIDGET)

/* The kind of a layer as the user reads it: Pack, Helm or Manifest. */
char *
strata_layer_editor_describe_kind (StrataLayerKind kind)
{
  switch (kind)
    {
    case STRATA_LAYER_KIND_PACK:
      return g_strdup (C_("layer kind", "Pack"));

    case STRATA_LAYER_KIND_HELM:
      return g_strdup (C_("layer kind", "Helm"));

    case STRATA_LAYER_KIND_MANIFEST:
    default:
      return g_strdup (C_("layer kind", "Manifest"));
    }
}

static void
strata_layer_editor_validate_namespace (StrataLayerEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->namespace_row));
  g_autoptr(GError) error = NULL;

  /* Empty is allowed: the objects' own namespace, or "default". */
  if (self->layer != NULL && *text != '\0' &&
      !strata_validate_dns_label (text, _("namespace"), &error))
    {
      gtk_label_set_label (self->namespace_error_label, error->message);
      gtk_revealer_set_reveal_child (self->namespace_error_revealer, TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->namespace_row), "error");
      return;
    }

  gtk_revealer_set_reveal_child (self->namespace_error_revealer, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->namespace_row), "error");
}

static void
strata_layer_editor_validate_yaml (StrataLayerEditor *self,
                                   const char        *text)
{
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (self->layer == NULL || text == NULL || *text == '\0')
    {
      gtk_revealer_set_reveal_child (self->yaml_error_revealer, FALSE);
      return;
    }

  /* Saving is still allowed: a half-written manifest is no lost work. */
  documents = strata_yaml_parse_documents (text, -1, &error);
  if (documents != NULL)
    {
      gtk_revealer_set_reveal_child (self->yaml_error_revealer, FALSE);
      return;
    }

  message = g_strdup_printf (_("Not valid YAML: %s"), error->message);
  gtk_label_set_label (self->yaml_error_label, message);
  gtk_revealer_set_reveal_child (self->yaml_error_revealer, TRUE);
}

static void
strata_layer_editor_update (StrataLayerEditor *self)
{
  StrataLayer *layer = self->layer;
  g_autofree char *kind = NULL;
  const char *text = NULL;
  const char *heading = "";

  self->updating = TRUE;

  if (layer != NULL)
    {
      gboolean manifest = strata_layer_get_kind (layer) == STRATA_LAYER_KIND_MANIFEST;
      const char *namespace_ = strata_layer_get_namespace (layer);

      text = manifest ? strata_layer_get_manifest (layer) : strata_layer_get_values (layer);
      heading = manifest ? _("Manifest") : _("Values");
      kind = strata_layer_editor_describe_kind (strata_layer_get_kind (layer));

      gtk_label_set_label (self->layer_name_label, strata_layer_get_name (layer));
      gtk_label_set_label (self->layer_kind_label, kind);
      gtk_editable_set_text (GTK_EDITABLE (self->namespace_row), namespace_ ? namespace_ : "");
      gtk_spin_button_set_value (self->priority_spin, strata_layer_get_priority (layer));
    }
  else
    {
      gtk_label_set_label (self->layer_name_label, "");
      gtk_label_set_label (self->layer_kind_label, "");
      gtk_editable_set_text (GTK_EDITABLE (self->namespace_row), "");
      gtk_spin_button_set_value (self->priority_spin, 0);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->layer_kind_label), layer != NULL);
  gtk_label_set_label (self->editor_heading, heading);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->source_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, layer ? heading : _("Manifest"),
                                  -1);

  /* Undo must not cross from one layer's text into another's. */
  gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self->source_buffer));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->source_buffer), text ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self->source_buffer));

  self->updating = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->namespace_row), layer != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->priority_spin), layer != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->source_view), layer != NULL);
  strata_layer_editor_validate_namespace (self);
  strata_layer_editor_validate_yaml (self, text);
}

static void
on_namespace_changed (StrataLayerEditor *self,
                      GtkEditable       *editable)
{
  const char *text = gtk_editable_get_text (editable);

  if (self->updating || self->layer == NULL)
    return;

  strata_layer_set_namespace (self->layer, *text != '\0' ? text : NULL);
  strata_layer_editor_validate_namespace (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_priority_changed (StrataLayerEditor *self,
                     GtkSpinButton     *spin)
{
  int priority = gtk_spin_button_get_value_as_int (spin);

  if (self->updating || self->layer == NULL ||
      strata_layer_get_priority (self->layer) == priority)
    return;

  strata_layer_set_priority (self->layer, priority);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_source_buffer_changed (StrataLayerEditor *self,
                          GtkTextBuffer     *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start;
  GtkTextIter end;

  if (self->updating || self->layer == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);

  if (strata_layer_get_kind (self->layer) == STRATA_LAYER_KIND_MANIFEST)
    strata_layer_set_manifest (self->layer, text);
  else
    strata_layer_set_values (self->layer, text);

  strata_layer_editor_validate_yaml (self, text);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
strata_layer_editor_update_style_scheme (StrataLayerEditor *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (style_manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (self->source_buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

static void
strata_layer_editor_dispose (GObject *object)
{
  StrataLayerEditor *self = (StrataLayerEditor *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_LAYER_EDITOR);
  /* The template's unnamed top child is not cleared by the call above. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->layer);

  G_OBJECT_CLASS (strata_layer_editor_parent_class)->dispose (object);
}

static void
strata_layer_editor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  StrataLayerEditor *self = STRATA_LAYER_EDITOR (object);

  switch (prop_id)
    {
    case PROP_LAYER:
      g_value_set_object (value, self->layer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_layer_editor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  StrataLayerEditor *self = STRATA_LAYER_EDITOR (object);

  switch (prop_id)
    {
    case PROP_LAYER:
      strata_layer_editor_set_layer (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_layer_editor_class_init (StrataLayerEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_layer_editor_dispose;
  object_class->get_property = strata_layer_editor_get_property;
  object_class->set_property = strata_layer_editor_set_property;

  properties[PROP_LAYER] =
    g_param_spec_object ("layer", NULL, NULL,
                         STRATA_TYPE_LAYER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StrataLayerEditor::changed:
   *
   * The user changed the layer: its namespace, priority or text.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (GTK_SOURCE_TYPE_BUFFER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/strata/Strata/ui/strata-layer-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataLayerEditor, layer_name_label);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerEditor, layer_kind_label);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerEditor, namespace_row);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerEditor, priority_spin);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerEditor, namespace_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerEditor, namespace_error_label);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerEditor, editor_heading);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerEditor, source_view);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerEditor, source_buffer);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerEditor, yaml_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerEditor, yaml_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_namespace_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_priority_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_source_buffer_changed);
}

static void
strata_layer_editor_init (StrataLayerEditor *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_source_buffer_set_language (self->source_buffer,
                                  gtk_source_language_manager_get_language (languages, "yaml"));
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (strata_layer_editor_update_style_scheme), self,
                           G_CONNECT_SWAPPED);
  strata_layer_editor_update_style_scheme (self);
  strata_layer_editor_update (self);
}

/**
 * strata_layer_editor_get_layer:
 *
 * Returns: (transfer none) (nullable): the layer being edited.
 */
StrataLayer *
strata_layer_editor_get_layer (StrataLayerEditor *self)
{
  g_return_val_if_fail (STRATA_IS_LAYER_EDITOR (self), NULL);

  return self->layer;
}

/* Edits go straight into @layer: give it a working copy, not a stored one. */
void
strata_layer_editor_set_layer (StrataLayerEditor *self,
                               StrataLayer       *layer)
{
  g_return_if_fail (STRATA_IS_LAYER_EDITOR (self));
  g_return_if_fail (!layer || STRATA_IS_LAYER (layer));

  if (!g_set_object (&self->layer, layer))
    return;

  strata_layer_editor_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYER]);
}

GtkTextBuffer *
_strata_layer_editor_get_buffer (StrataLayerEditor *self)
{
  return GTK_TEXT_BUFFER (self->source_buffer);
}

GtkEditable *
_strata_layer_editor_get_namespace_row (StrataLayerEditor *self)
{
  return GTK_EDITABLE (self->namespace_row);
}

GtkSpinButton *
_strata_layer_editor_get_priority_spin (StrataLayerEditor *self)
{
  return self->priority_spin;
}

GtkWidget *
_strata_layer_editor_get_source_view (StrataLayerEditor *self)
{
  return GTK_WIDGET (self->source_view);
}
