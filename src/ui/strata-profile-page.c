/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The page of one profile: its versions, the layers of the selected one,
 * and the editor of the selected layer. Edits go to a working copy of the
 * version until Save stores them in place (the old state becomes a
 * revision). The actions live in strata-profile-page-actions.c. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-accessible.h"
#include "strata-layer-editor-private.h"
#include "strata-profile-page-private.h"

enum {
  PROP_0,
  PROP_STORE,
  PROP_PROFILE,
  PROP_VERSION,
  PROP_HAS_UNSAVED_CHANGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataProfilePage, strata_profile_page, GTK_TYPE_WIDGET)

static char *
layer_kind_label (gpointer        this,
                  StrataLayerKind kind)
{
  return strata_layer_editor_describe_kind (kind);
}

static char *
layer_namespace_label (gpointer    this,
                       const char *namespace_)
{
  return g_strdup (namespace_ != NULL && *namespace_ != '\0' ? namespace_ : "—");
}

static char *
layer_priority_label (gpointer this,
                      int      priority)
{
  return g_strdup_printf ("%d", priority);
}

static char *
format_date (GDateTime *date_time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date_time);

  /* Translators: how a save time is shown, see g_date_time_format().
   * xgettext:no-c-format */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

void
_strata_profile_page_add_toast (StrataProfilePage *self,
                                AdwToast          *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

static void
strata_closure_free_string (gpointer  data,
                            GClosure *closure)
{
  g_free (data);
}

static void
on_retry_clicked (AdwToast *toast,
                  gpointer  user_data)
{
  StrataProfilePage *self = g_object_get_data (G_OBJECT (toast), "page");
  GVariant *parameter = g_object_get_data (G_OBJECT (toast), "parameter");
  const char *action = user_data;

  if (self != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (self), action, parameter);
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

/* Failures worth trying again: the disk, not the request. */
static gboolean
strata_profile_page_error_is_transient (const GError *error)
{
  return error->domain == G_IO_ERROR ||
         g_error_matches (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IO);
}

/* An error of an operation, with a button that runs it again. */
void
_strata_profile_page_error_toast (StrataProfilePage *self,
                                  const GError      *error,
                                  const char        *retry_action,
                                  GVariant          *retry_parameter)
{
  g_autoptr(GVariant) parameter = retry_parameter ? g_variant_ref_sink (retry_parameter) : NULL;
  AdwToast *toast = error_toast_new (error->message);

  if (retry_action != NULL && strata_profile_page_error_is_transient (error))
    {
      adw_toast_set_button_label (toast, _("_Retry"));
      g_object_set_data_full (G_OBJECT (toast), "page", g_object_ref (self), g_object_unref);
      if (parameter != NULL)
        g_object_set_data_full (G_OBJECT (toast), "parameter",
                                g_variant_ref (parameter),
                                (GDestroyNotify) g_variant_unref);
      g_signal_connect_data (toast, "button-clicked",
                             G_CALLBACK (on_retry_clicked),
                             g_strdup (retry_action),
                             strata_closure_free_string, 0);
    }
  _strata_profile_page_add_toast (self, toast);
}

static gboolean
strata_profile_page_namespaces_valid (StrataProfilePage *self)
{
  GListModel *layers;
  guint n;

  if (self->working == NULL)
    return TRUE;

  layers = strata_profile_version_get_layers (self->working);
  n = g_list_model_get_n_items (layers);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataLayer) layer = g_list_model_get_item (layers, i);
      const char *namespace_ = strata_layer_get_namespace (layer);

      if (namespace_ != NULL && *namespace_ != '\0' &&
          !strata_validate_dns_label (namespace_, _("namespace"), NULL))
        return FALSE;
    }

  return TRUE;
}

static void
strata_profile_page_update_actions (StrataProfilePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = !self->busy;
  gboolean has_version = self->version != NULL;

  gtk_widget_action_set_enabled (widget, "profile.save",
                                 idle && self->has_unsaved_changes &&
                                 strata_profile_page_namespaces_valid (self));
  gtk_widget_action_set_enabled (widget, "profile.discard", idle && self->has_unsaved_changes);
  gtk_widget_action_set_enabled (widget, "profile.new-version", idle && has_version);
  gtk_widget_action_set_enabled (widget, "profile.history", idle && has_version);
  gtk_widget_action_set_enabled (widget, "profile.add-layer", idle && self->working != NULL);
  gtk_widget_action_set_enabled (widget, "profile.remove-layer", idle && self->layer != NULL);
  gtk_widget_action_set_enabled (widget, "profile.delete-version", idle && has_version);
  gtk_widget_action_set_enabled (widget, "profile.delete-profile", idle && self->profile != NULL);
}

static void
strata_profile_page_update_header (StrataProfilePage *self)
{
  const char *name = self->profile ? strata_profile_get_name (self->profile) : "";
  const char *description = self->profile ? strata_profile_get_description (self->profile) : NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *revision = NULL;

  gtk_label_set_label (self->name_label, name);
  adw_window_title_set_title (self->window_title, name);

  if (self->profile != NULL &&
      strata_profile_get_profile_type (self->profile) == STRATA_PROFILE_TYPE_FULL)
    gtk_label_set_label (self->type_label, _("Full profile"));
  else
    gtk_label_set_label (self->type_label, _("Add-on profile"));

  gtk_label_set_label (self->description_label, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label),
                          description != NULL && *description != '\0');

  if (self->version != NULL)
    {
      const char *version = strata_profile_version_get_version (self->version);
      guint number = strata_profile_version_get_revision (self->version);
      GDateTime *saved_at = strata_profile_version_get_saved_at (self->version);
      g_autofree char *date = saved_at ? format_date (saved_at) : NULL;

      if (self->has_unsaved_changes)
        subtitle = g_strdup_printf (_("Version %s — unsaved changes"), version);
      else
        subtitle = g_strdup_printf (_("Version %s"), version);

      if (number > 0 && date != NULL)
        revision = g_strdup_printf (_("Revision %u, saved %s"), number, date);
      else if (number > 0)
        revision = g_strdup_printf (_("Revision %u"), number);
      else if (date != NULL)
        revision = g_strdup_printf (_("Created %s, not edited in place yet"), date);
      else
        revision = g_strdup (_("Not edited in place yet"));
    }

  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  gtk_label_set_label (self->revision_label, revision ? revision : "");
}

static void
strata_profile_page_update_content_state (StrataProfilePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->layers_selection));

  if (self->version != NULL)
    {
      g_autofree char *description =
        g_strdup_printf (_("Version %s has no layers yet. Add a manifest layer to install your own Kubernetes objects with this profile."),
                         strata_profile_version_get_version (self->version));
      adw_status_page_set_title (self->empty_status, _("No Layers"));
      adw_status_page_set_description (self->empty_status, description);
    }
  else if (self->profile != NULL)
    {
      g_autofree char *description =
        g_strdup_printf (_("No version of “%s” could be read. The files are listed above the profiles; fix them and reload."),
                         strata_profile_get_name (self->profile));
      adw_status_page_set_title (self->empty_status, _("No Readable Version"));
      adw_status_page_set_description (self->empty_status, description);
    }

  /* Only offered when there is a version to add the layer to. */
  gtk_widget_set_visible (GTK_WIDGET (self->empty_add_layer_button), self->working != NULL);

  gtk_stack_set_visible_child_name (self->content_stack, n > 0 ? "layers" : "empty");
}

/* Recomputes what depends on the working copy: unsaved changes, actions. */
void
_strata_profile_page_update_state (StrataProfilePage *self)
{
  gboolean dirty = FALSE;

  g_assert (STRATA_IS_PROFILE_PAGE (self));

  if (self->working != NULL && self->version != NULL)
    dirty = !strata_profile_version_same_content (self->working, self->version);

  if (dirty != self->has_unsaved_changes)
    {
      self->has_unsaved_changes = dirty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_UNSAVED_CHANGES]);
    }

  strata_profile_page_update_header (self);
  strata_profile_page_update_actions (self);
}

void
_strata_profile_page_set_busy (StrataProfilePage *self,
                               gboolean           busy)
{
  self->busy = !!busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->version_drop_down), !busy);
  strata_profile_page_update_actions (self);
}

static void
on_layer_selected (StrataProfilePage  *self,
                   GParamSpec         *pspec,
                   GtkSingleSelection *selection)
{
  StrataLayer *layer = gtk_single_selection_get_selected_item (selection);

  g_assert (STRATA_IS_PROFILE_PAGE (self));

  if (layer == self->layer)
    return;

  g_set_object (&self->layer, layer);
  strata_layer_editor_set_layer (self->layer_editor, layer);
  strata_profile_page_update_actions (self);
}

void
_strata_profile_page_select_layer (StrataProfilePage *self,
                                   StrataLayer       *layer)
{
  GListModel *model = G_LIST_MODEL (self->layers_selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataLayer) item = g_list_model_get_item (model, i);

      if (item == layer)
        {
          gtk_single_selection_set_selected (self->layers_selection, i);
          return;
        }
    }
}

static void
on_layer_edited (StrataProfilePage *self,
                 StrataLayerEditor *editor)
{
  g_autoptr(StrataLayer) layer = NULL;

  if (self->working == NULL || self->layer == NULL)
    return;

  /* A new priority may change the install order; re-sorting replaces the
   * model's items, so keep this layer selected. */
  layer = g_object_ref (self->layer);
  strata_profile_version_sort_layers (self->working);
  _strata_profile_page_select_layer (self, layer);
  _strata_profile_page_update_state (self);
}

static void
on_layers_changed (StrataProfilePage *self,
                   guint              position,
                   guint              removed,
                   guint              added,
                   GListModel        *model)
{
  strata_profile_page_update_content_state (self);
}

static void
strata_profile_page_load_version (StrataProfilePage    *self,
                                  StrataProfileVersion *version)
{
  g_autofree char *layer_name = NULL;

  g_assert (STRATA_IS_PROFILE_PAGE (self));
  g_assert (!version || STRATA_IS_PROFILE_VERSION (version));

  /* Reloading the same version (Discard, Restore) keeps the layer in view. */
  if (version != NULL && version == self->version && self->layer != NULL)
    layer_name = g_strdup (strata_layer_get_name (self->layer));

  g_set_object (&self->version, version);
  g_signal_group_set_target (self->version_signals, version);

  g_clear_object (&self->working);
  if (version != NULL)
    self->working = strata_profile_version_copy (version, NULL);

  gtk_single_selection_set_model (self->layers_selection,
                                  self->working ? strata_profile_version_get_layers (self->working) : NULL);

  if (layer_name != NULL)
    {
      StrataLayer *layer = strata_profile_version_find_layer (self->working, layer_name);

      if (layer != NULL)
        _strata_profile_page_select_layer (self, layer);
    }

  /* The selection may hold the same position with another object. */
  on_layer_selected (self, NULL, self->layers_selection);
  strata_profile_page_update_content_state (self);
  _strata_profile_page_update_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

/* Drops the edits: the working copy starts again from the stored version. */
void
_strata_profile_page_reset_working (StrataProfilePage *self)
{
  strata_profile_page_load_version (self, self->version);
}

static void
strata_profile_page_revert_selection (StrataProfilePage *self)
{
  guint position;

  if (self->profile == NULL || self->version == NULL)
    return;

  if (g_list_store_find (G_LIST_STORE (strata_profile_get_versions (self->profile)),
                         self->version, &position))
    {
      self->reverting_selection = TRUE;
      gtk_drop_down_set_selected (self->version_drop_down, position);
      self->reverting_selection = FALSE;
    }
}

static void
strata_profile_page_switch_confirmed_cb (GObject      *object,
                                         GAsyncResult *result,
                                         gpointer      user_data)
{
  StrataProfilePage *self = STRATA_PROFILE_PAGE (object);
  g_autoptr(StrataProfileVersion) version = g_steal_pointer (&self->pending_version);

  if (strata_profile_page_confirm_leave_finish (self, result) &&
      version != NULL &&
      gtk_drop_down_get_selected_item (self->version_drop_down) == (gpointer)version)
    strata_profile_page_load_version (self, version);
  else
    strata_profile_page_revert_selection (self);
}

gboolean
_strata_profile_page_version_is_current (StrataProfilePage *self)
{
  /* A version deleted from the profile has nothing left to save. */
  return self->profile != NULL && self->version != NULL &&
         strata_profile_find_version (self->profile,
                                      strata_profile_version_get_version (self->version)) == self->version;
}

static void
on_version_selected (StrataProfilePage *self,
                     GParamSpec        *pspec,
                     GtkDropDown       *drop_down)
{
  StrataProfileVersion *version = gtk_drop_down_get_selected_item (drop_down);

  g_assert (STRATA_IS_PROFILE_PAGE (self));

  if (self->reverting_selection || version == self->version)
    return;

  if (self->has_unsaved_changes && _strata_profile_page_version_is_current (self))
    {
      g_set_object (&self->pending_version, version);
      strata_profile_page_confirm_leave_async (self, NULL,
                                               strata_profile_page_switch_confirmed_cb,
                                               NULL);
      return;
    }

  strata_profile_page_load_version (self, version);
}

static void
on_profile_changed (StrataProfilePage *self)
{
  strata_profile_page_update_header (self);
}

static void
on_version_changed (StrataProfilePage *self)
{
  /* A save or restore changed the stored version under the working copy. */
  _strata_profile_page_update_state (self);
}

static void
strata_profile_page_dispose (GObject *object)
{
  StrataProfilePage *self = (StrataProfilePage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);

  if (self->profile_signals != NULL)
    g_signal_group_set_target (self->profile_signals, NULL);
  if (self->version_signals != NULL)
    g_signal_group_set_target (self->version_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_PROFILE_PAGE);
  /* The template's unnamed top child is not cleared by the call above. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->layer);
  g_clear_object (&self->working);
  g_clear_object (&self->version);
  g_clear_object (&self->pending_version);
  g_clear_object (&self->profile);
  g_clear_object (&self->store);
  g_clear_object (&self->profile_signals);
  g_clear_object (&self->version_signals);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (strata_profile_page_parent_class)->dispose (object);
}

static void
strata_profile_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  StrataProfilePage *self = STRATA_PROFILE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    case PROP_VERSION:
      g_value_set_object (value, self->version);
      break;

    case PROP_HAS_UNSAVED_CHANGES:
      g_value_set_boolean (value, self->has_unsaved_changes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_profile_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  StrataProfilePage *self = STRATA_PROFILE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      strata_profile_page_set_store (self, g_value_get_object (value));
      break;

    case PROP_PROFILE:
      strata_profile_page_set_profile (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_profile_page_class_init (StrataProfilePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_profile_page_dispose;
  object_class->get_property = strata_profile_page_get_property;
  object_class->set_property = strata_profile_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         STRATA_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL,
                         STRATA_TYPE_PROFILE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VERSION] =
    g_param_spec_object ("version", NULL, NULL,
                         STRATA_TYPE_PROFILE_VERSION,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_HAS_UNSAVED_CHANGES] =
    g_param_spec_boolean ("has-unsaved-changes", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (STRATA_TYPE_LAYER_EDITOR);
  g_type_ensure (STRATA_TYPE_PROFILE_VERSION);
  g_type_ensure (STRATA_TYPE_LAYER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/strata/Strata/ui/strata-profile-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, window_title);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, back_button);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, save_button);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, discard_button);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, name_label);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, version_drop_down);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, new_version_button);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, history_button);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, type_label);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, revision_label);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, description_label);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, layers_view);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, layers_selection);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, add_layer_button);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, empty_add_layer_button);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, layer_editor);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilePage, remove_layer_button);
  gtk_widget_class_bind_template_callback (widget_class, layer_kind_label);
  gtk_widget_class_bind_template_callback (widget_class, layer_namespace_label);
  gtk_widget_class_bind_template_callback (widget_class, layer_priority_label);
  gtk_widget_class_bind_template_callback (widget_class, on_version_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_layer_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_layer_edited);

  _strata_profile_page_class_actions_init (widget_class);
}

static void
strata_profile_page_init (StrataProfilePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  strata_accessible_name_buttons (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  self->profile_signals = g_signal_group_new (STRATA_TYPE_PROFILE);
  g_signal_group_connect_object (self->profile_signals, "notify::description",
                                 G_CALLBACK (on_profile_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->profile_signals, "notify::profile-type",
                                 G_CALLBACK (on_profile_changed), self, G_CONNECT_SWAPPED);

  self->version_signals = g_signal_group_new (STRATA_TYPE_PROFILE_VERSION);
  g_signal_group_connect_object (self->version_signals, "notify::revision",
                                 G_CALLBACK (on_version_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->version_signals, "notify::saved-at",
                                 G_CALLBACK (on_version_changed), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->layers_selection, "items-changed",
                           G_CALLBACK (on_layers_changed), self, G_CONNECT_SWAPPED);

  strata_profile_page_update_content_state (self);
  _strata_profile_page_update_state (self);
}

/**
 * strata_profile_page_get_store:
 *
 * Returns: (transfer none) (nullable): the store the page saves to.
 */
StrataStore *
strata_profile_page_get_store (StrataProfilePage *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE_PAGE (self), NULL);

  return self->store;
}

void
strata_profile_page_set_store (StrataProfilePage *self,
                               StrataStore       *store)
{
  g_return_if_fail (STRATA_IS_PROFILE_PAGE (self));
  g_return_if_fail (!store || STRATA_IS_STORE (store));

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * strata_profile_page_get_profile:
 *
 * Returns: (transfer none) (nullable): the profile shown.
 */
StrataProfile *
strata_profile_page_get_profile (StrataProfilePage *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE_PAGE (self), NULL);

  return self->profile;
}

/* Shows @profile at its latest version; unsaved edits of the previous one
 * are dropped, so callers ask with confirm_leave first. */
void
strata_profile_page_set_profile (StrataProfilePage *self,
                                 StrataProfile     *profile)
{
  GListModel *versions = NULL;
  guint n;

  g_return_if_fail (STRATA_IS_PROFILE_PAGE (self));
  g_return_if_fail (!profile || STRATA_IS_PROFILE (profile));

  if (profile == self->profile)
    return;

  g_set_object (&self->profile, profile);
  g_signal_group_set_target (self->profile_signals, profile);

  /* Drop the old version first, so the drop-down's change is no edit to ask about. */
  strata_profile_page_load_version (self, NULL);

  if (profile != NULL)
    versions = strata_profile_get_versions (profile);

  self->reverting_selection = TRUE;
  gtk_drop_down_set_model (self->version_drop_down, versions);
  self->reverting_selection = FALSE;

  n = versions ? g_list_model_get_n_items (versions) : 0;
  if (n > 0)
    {
      gtk_drop_down_set_selected (self->version_drop_down, n - 1);
      /* Setting what is already selected notifies nothing. */
      if (self->version != gtk_drop_down_get_selected_item (self->version_drop_down))
        strata_profile_page_load_version (self, gtk_drop_down_get_selected_item (self->version_drop_down));
    }

  strata_profile_page_update_header (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

/**
 * strata_profile_page_get_version:
 *
 * Returns: (transfer none) (nullable): the selected version, as stored.
 */
StrataProfileVersion *
strata_profile_page_get_version (StrataProfilePage *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE_PAGE (self), NULL);

  return self->version;
}

/* Selects @version in the drop-down, as the user would. */
gboolean
strata_profile_page_select_version (StrataProfilePage *self,
                                    const char        *version)
{
  StrataProfileVersion *item;
  guint position;

  g_return_val_if_fail (STRATA_IS_PROFILE_PAGE (self), FALSE);

  if (self->profile == NULL ||
      !(item = strata_profile_find_version (self->profile, version)) ||
      !g_list_store_find (G_LIST_STORE (strata_profile_get_versions (self->profile)), item, &position))
    return FALSE;

  gtk_drop_down_set_selected (self->version_drop_down, position);
  return TRUE;
}

gboolean
strata_profile_page_get_has_unsaved_changes (StrataProfilePage *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILE_PAGE (self), FALSE);

  return self->has_unsaved_changes;
}

GtkDropDown *
_strata_profile_page_get_version_drop_down (StrataProfilePage *self)
{
  return self->version_drop_down;
}

GListModel *
_strata_profile_page_get_layers_model (StrataProfilePage *self)
{
  return G_LIST_MODEL (self->layers_selection);
}

GtkSingleSelection *
_strata_profile_page_get_layers_selection (StrataProfilePage *self)
{
  return self->layers_selection;
}

StrataProfileVersion *
_strata_profile_page_get_working (StrataProfilePage *self)
{
  return self->working;
}

GtkTextBuffer *
_strata_profile_page_get_editor_buffer (StrataProfilePage *self)
{
  return _strata_layer_editor_get_buffer (self->layer_editor);
}

GtkWidget *
_strata_profile_page_get_source_view (StrataProfilePage *self)
{
  return _strata_layer_editor_get_source_view (self->layer_editor);
}

GtkEditable *
_strata_profile_page_get_namespace_row (StrataProfilePage *self)
{
  return _strata_layer_editor_get_namespace_row (self->layer_editor);
}

GtkSpinButton *
_strata_profile_page_get_priority_spin (StrataProfilePage *self)
{
  return _strata_layer_editor_get_priority_spin (self->layer_editor);
}

GtkWidget *
_strata_profile_page_get_save_button (StrataProfilePage *self)
{
  return GTK_WIDGET (self->save_button);
}

GtkWidget *
_strata_profile_page_get_discard_button (StrataProfilePage *self)
{
  return GTK_WIDGET (self->discard_button);
}

GtkWidget *
_strata_profile_page_get_new_version_button (StrataProfilePage *self)
{
  return GTK_WIDGET (self->new_version_button);
}

GtkWidget *
_strata_profile_page_get_history_button (StrataProfilePage *self)
{
  return GTK_WIDGET (self->history_button);
}

/* The one on screen: in the empty state, or below the layers. */
GtkWidget *
_strata_profile_page_get_add_layer_button (StrataProfilePage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "empty") == 0)
    return GTK_WIDGET (self->empty_add_layer_button);
  return GTK_WIDGET (self->add_layer_button);
}

GtkWidget *
_strata_profile_page_get_remove_layer_button (StrataProfilePage *self)
{
  return GTK_WIDGET (self->remove_layer_button);
}

/* "empty" or "layers". */
const char *
_strata_profile_page_get_content_state (StrataProfilePage *self)
{
  return gtk_stack_get_visible_child_name (self->content_stack);
}
