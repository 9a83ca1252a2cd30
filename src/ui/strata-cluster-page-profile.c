/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cluster page's Profile tab, and Review changes: the attached
 * profile@version with a switcher (attach another version or profile =
 * upgrade or rollback, then review and apply), the layers with their
 * values and this cluster's overrides, each editable in a YAML editor
 * whose Save validates and applies at once. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gtksourceview/gtksource.h>

#include "strata-cluster-page-private.h"
#include "strata-review-dialog.h"

typedef struct
{
  GtkTextBuffer *buffer;
  GtkLabel      *error_label;
  GtkButton     *save_button;
} OverrideEditor;

static void
override_editor_free (OverrideEditor *editor)
{
  g_clear_object (&editor->buffer);
  g_free (editor);
}

/* The profile store the cluster records attach to. */
static StrataStore *
profile_store (StrataClusterPage *self)
{
  return self->store ? strata_cluster_store_get_profile_store (self->store) : NULL;
}

static const char *
selected_string (AdwComboRow *combo)
{
  GObject *item = adw_combo_row_get_selected_item (combo);

  return GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

static guint
find_string (GListModel *model,
             const char *wanted)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; wanted != NULL && i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), wanted) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
update_attach_sensitivity (StrataClusterPage *self)
{
  const char *profile = selected_string (self->profile_combo);
  const char *version = selected_string (self->version_combo);
  gboolean differs = self->cluster != NULL && profile != NULL && version != NULL &&
                     (g_strcmp0 (profile, strata_cluster_get_profile_name (self->cluster)) != 0 ||
                      g_strcmp0 (version, strata_cluster_get_profile_version (self->cluster)) != 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.attach",
                                 differs && !self->busy && _strata_cluster_page_get_manager (self) != NULL);
}

/* The versions of the chosen profile, newest last as the store keeps them;
 * the attached one chosen, or the latest. */
static void
fill_versions (StrataClusterPage *self)
{
  const char *name = selected_string (self->profile_combo);
  StrataProfile *profile = name && profile_store (self) ? strata_store_find_profile (profile_store (self), name) : NULL;
  g_autoptr(GtkStringList) versions = gtk_string_list_new (NULL);
  const char *wanted = NULL;
  guint position;

  if (profile != NULL)
    {
      GListModel *model = strata_profile_get_versions (profile);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(StrataProfileVersion) version = g_list_model_get_item (model, i);

          gtk_string_list_append (versions, strata_profile_version_get_version (version));
        }
      if (self->cluster && g_strcmp0 (name, strata_cluster_get_profile_name (self->cluster)) == 0)
        wanted = strata_cluster_get_profile_version (self->cluster);
      else if (strata_profile_get_latest_version (profile) != NULL)
        wanted = strata_profile_version_get_version (strata_profile_get_latest_version (profile));
    }

  adw_combo_row_set_model (self->version_combo, G_LIST_MODEL (versions));
  position = find_string (G_LIST_MODEL (versions), wanted);
  if (position != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->version_combo, position);
}

static void
on_profile_combo_selected (StrataClusterPage *self,
                           GParamSpec        *pspec,
                           AdwComboRow       *combo)
{
  if (self->filling_combos)
    return;
  fill_versions (self);
  update_attach_sensitivity (self);
}

static void
on_version_combo_selected (StrataClusterPage *self,
                           GParamSpec        *pspec,
                           AdwComboRow       *combo)
{
  update_attach_sensitivity (self);
}

static void
fill_combos (StrataClusterPage *self)
{
  StrataStore *store = profile_store (self);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *attached = self->cluster ? strata_cluster_get_profile_name (self->cluster) : NULL;
  guint position;

  if (store != NULL)
    {
      GListModel *profiles = strata_store_get_profiles (store);

      for (guint i = 0; i < g_list_model_get_n_items (profiles); i++)
        {
          g_autoptr(StrataProfile) profile = g_list_model_get_item (profiles, i);

          gtk_string_list_append (names, strata_profile_get_name (profile));
        }
    }

  self->filling_combos = TRUE;
  adw_combo_row_set_model (self->profile_combo, G_LIST_MODEL (names));
  position = find_string (G_LIST_MODEL (names), attached);
  adw_combo_row_set_selected (self->profile_combo, position != GTK_INVALID_LIST_POSITION ? position : 0);
  self->filling_combos = FALSE;
  fill_versions (self);
}

/* Layers */

static GtkWidget *
new_caption (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

/* A YAML view in a card; @buffer: (transfer full) */
static GtkWidget *
new_values_scrolled (GtkSourceBuffer *buffer,
                     gboolean         editable,
                     const char      *accessible_name)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_source_view_new_with_buffer (buffer);

  g_object_unref (buffer);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), editable);
  gtk_source_view_set_show_line_numbers (GTK_SOURCE_VIEW (view), TRUE);
  gtk_source_view_set_tab_width (GTK_SOURCE_VIEW (view), 2);
  gtk_source_view_set_insert_spaces_instead_of_tabs (GTK_SOURCE_VIEW (view), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 120);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_widget_set_overflow (scrolled, GTK_OVERFLOW_HIDDEN);
  return scrolled;
}

static GtkWidget *
new_values_view (const char *text,
                 gboolean    editable,
                 const char *accessible_name)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = gtk_source_buffer_new (NULL);

  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "yaml"));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text ? text : "", -1);
  return new_values_scrolled (buffer, editable, accessible_name);
}

static GtkWidget *
new_layer_row (StrataClusterPage *self,
               StrataLayer       *layer)
{
  const char *name = strata_layer_get_name (layer);
  const char *override = strata_cluster_get_override (self->cluster, name);
  const char *source = strata_layer_get_source (layer);
  g_autofree char *subtitle = NULL;
  g_autofree char *editor_name = g_strdup_printf (_("Override of layer %s"), name);
  g_autofree char *save_name = g_strdup_printf (_("Save and apply the override of layer %s"), name);
  g_autofree char *remove_name = g_strdup_printf (_("Remove the override of layer %s"), name);
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = gtk_source_buffer_new (NULL);
  OverrideEditor *editor = g_new0 (OverrideEditor, 1);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *values_name = g_strdup_printf (_("Values of layer %s in the profile"), name);
  GtkWidget *values = new_values_view (strata_layer_get_values (layer), FALSE, values_name);
  GtkWidget *scrolled;
  GtkWidget *view;
  GtkWidget *error_label = gtk_label_new (NULL);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save and Apply"));
  GtkWidget *remove = gtk_button_new_with_mnemonic (_("Remove _Override"));

  subtitle = g_strdup_printf ("%s%s%s", source ? source : _("manifest"),
                              override ? " · " : "", override ? _("overridden on this cluster") : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "yaml"));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer),
                            override ? override : strata_layer_get_values (layer) ? strata_layer_get_values (layer) : "",
                            -1);
  scrolled = new_values_scrolled (GTK_SOURCE_BUFFER (g_object_ref (buffer)), TRUE, editor_name);
  view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));

  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  error_label, NULL, -1);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "cluster.save-override");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (save), "s", name);
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_widget_set_tooltip_text (save, _("Check the values, store the override and apply it to this cluster now"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (save), GTK_ACCESSIBLE_PROPERTY_LABEL, save_name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "cluster.remove-override");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", name);
  gtk_widget_set_visible (remove, override != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
  gtk_box_append (GTK_BOX (buttons), remove);
  gtk_box_append (GTK_BOX (buttons), save);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_box_append (GTK_BOX (box), new_caption (_("Values in the profile")));
  gtk_box_append (GTK_BOX (box), values);
  gtk_box_append (GTK_BOX (box), new_caption (override ? _("Override on this cluster")
                                                       : _("Override on this cluster (none yet: edit the profile’s values)")));
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), error_label);
  gtk_box_append (GTK_BOX (box), buttons);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), box);

  editor->buffer = GTK_TEXT_BUFFER (buffer);
  editor->error_label = GTK_LABEL (error_label);
  editor->save_button = GTK_BUTTON (save);
  g_hash_table_replace (self->override_editors, g_strdup (name), editor);

  return row;
}

static void
clear_layers (StrataClusterPage *self)
{
  for (guint i = 0; i < self->layer_rows->len; i++)
    adw_preferences_group_remove (self->layers_group, g_ptr_array_index (self->layer_rows, i));
  g_ptr_array_set_size (self->layer_rows, 0);
  g_hash_table_remove_all (self->override_editors);
}

static void
fill_layers (StrataClusterPage *self)
{
  StrataStore *store = profile_store (self);
  const char *name = self->cluster ? strata_cluster_get_profile_name (self->cluster) : NULL;
  StrataProfile *profile = name && store ? strata_store_find_profile (store, name) : NULL;
  StrataProfileVersion *version = profile ? strata_profile_find_version (profile,
                                                                         strata_cluster_get_profile_version (self->cluster))
                                          : NULL;
  GListModel *layers;

  clear_layers (self);
  gtk_widget_set_visible (GTK_WIDGET (self->layers_group), version != NULL);
  if (version == NULL)
    return;

  layers = strata_profile_version_get_layers (version);
  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(StrataLayer) layer = g_list_model_get_item (layers, i);
      GtkWidget *row = new_layer_row (self, layer);

      adw_preferences_group_add (self->layers_group, row);
      g_ptr_array_add (self->layer_rows, row);
    }
}

/* What the tab shows depends on: the cluster, its attachment and
 * overrides, and the profiles. The status changes often and must not
 * reset an edit in progress, so the tab is rebuilt only when this does. */
static char *
profile_key (StrataClusterPage *self)
{
  StrataStore *store = profile_store (self);
  g_autoptr(GString) key = g_string_new (NULL);
  g_auto(GStrv) overrides = NULL;
  GListModel *profiles;

  if (self->cluster == NULL)
    return g_strdup ("");

  g_string_append_printf (key, "%s|%s@%s|", strata_cluster_get_name (self->cluster),
                          strata_cluster_get_profile_name (self->cluster),
                          strata_cluster_get_profile_version (self->cluster));
  overrides = strata_cluster_list_overrides (self->cluster);
  for (guint i = 0; overrides[i] != NULL; i++)
    g_string_append_printf (key, "%s=%u,", overrides[i],
                            g_str_hash (strata_cluster_get_override (self->cluster, overrides[i])));

  profiles = store ? strata_store_get_profiles (store) : NULL;
  for (guint i = 0; profiles != NULL && i < g_list_model_get_n_items (profiles); i++)
    {
      g_autoptr(StrataProfile) profile = g_list_model_get_item (profiles, i);
      GListModel *versions = strata_profile_get_versions (profile);

      g_string_append_printf (key, "|%s:", strata_profile_get_name (profile));
      for (guint j = 0; j < g_list_model_get_n_items (versions); j++)
        {
          g_autoptr(StrataProfileVersion) version = g_list_model_get_item (versions, j);

          g_string_append_printf (key, "%s#%u,", strata_profile_version_get_version (version),
                                  strata_profile_version_get_revision (version));
        }
    }

  return g_string_free (g_steal_pointer (&key), FALSE);
}

void
_strata_cluster_page_update_profile (StrataClusterPage *self)
{
  g_autofree char *key = NULL;
  gboolean ready = _strata_cluster_page_get_manager (self) != NULL;

  /* Disposed already. */
  if (self->layer_rows == NULL)
    return;
  key = profile_key (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.review",
                                 ready && self->cluster && strata_cluster_get_profile_name (self->cluster));

  if (g_strcmp0 (key, self->shown_profile) != 0)
    {
      g_free (self->shown_profile);
      self->shown_profile = g_steal_pointer (&key);
      fill_combos (self);
      fill_layers (self);
    }
  update_attach_sensitivity (self);
}

/* Review changes */

static void
on_review_applied (StrataClusterPage  *self,
                   const char         *message,
                   StrataReviewDialog *dialog)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  _strata_cluster_page_add_toast (self, toast);
  if (self->monitor != NULL && self->cluster != NULL)
    strata_status_monitor_refresh_cluster (self->monitor, self->cluster);
}

static void
open_review (StrataClusterPage *self)
{
  StrataClusterManager *manager = _strata_cluster_page_get_manager (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  StrataReviewDialog *dialog;

  if (manager == NULL || self->cluster == NULL)
    return;
  if (self->review_dialog != NULL)
    {
      gtk_window_present (self->review_dialog);
      return;
    }

  dialog = strata_review_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, manager, self->cluster);
  self->review_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->review_dialog);
  g_signal_connect_object (dialog, "applied", G_CALLBACK (on_review_applied), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_review (STRATA_CLUSTER_PAGE (widget));
}

/* Attach */

static void
attach_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(StrataClusterPage) self = user_data;
  g_autoptr(GError) error = NULL;

  _strata_cluster_page_set_busy (self, FALSE);
  update_attach_sensitivity (self);
  if (!strata_cluster_store_save_finish (STRATA_CLUSTER_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _strata_cluster_page_error_toast (self, error->message, "cluster.attach", NULL);
      return;
    }

  if (self->monitor != NULL)
    strata_status_monitor_refresh_cluster (self->monitor, self->cluster);
  open_review (self);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  StrataClusterPage *self = STRATA_CLUSTER_PAGE (widget);
  const char *profile = selected_string (self->profile_combo);
  const char *version = selected_string (self->version_combo);
  g_autoptr(StrataCluster) edited = NULL;
  g_auto(GStrv) dropped = NULL;
  g_autoptr(GError) error = NULL;

  if (self->cluster == NULL || self->busy || profile == NULL || version == NULL)
    return;

  edited = strata_cluster_copy (self->cluster);
  if (!strata_cluster_store_attach_profile (self->store, edited, profile, version, &dropped, &error))
    {
      _strata_cluster_page_error_toast (self, error->message, NULL, NULL);
      return;
    }
  if (dropped != NULL && dropped[0] != NULL)
    {
      g_autofree char *layers = g_strjoinv (", ", dropped);
      g_autofree char *message = g_strdup_printf (_("%s@%s has no layer %s: its override was removed"),
                                                  profile, version, layers);
      _strata_cluster_page_add_toast (self, adw_toast_new (message));
    }

  _strata_cluster_page_set_busy (self, TRUE);
  update_attach_sensitivity (self);
  strata_cluster_store_save_async (self->store, edited, self->cancellable, attach_saved_cb, g_object_ref (self));
}

/* Overrides */

typedef struct
{
  StrataClusterPage *self;
  char              *layer;
  gboolean           removing;
} OverrideData;

static void
override_data_free (OverrideData *data)
{
  g_clear_object (&data->self);
  g_free (data->layer);
  g_free (data);
}

static void
show_override_error (StrataClusterPage *self,
                     const char        *layer,
                     const char        *message,
                     gboolean           retry)
{
  OverrideEditor *editor = g_hash_table_lookup (self->override_editors, layer);

  if (editor == NULL)
    {
      if (message != NULL)
        _strata_cluster_page_error_toast (self, message, NULL, NULL);
      return;
    }

  gtk_label_set_label (editor->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (editor->error_label), message != NULL);
  gtk_button_set_label (editor->save_button, retry ? _("_Retry") : _("_Save and Apply"));
}

static void
override_done (OverrideData *data,
               GError       *error)
{
  StrataClusterPage *self = data->self;

  _strata_cluster_page_set_busy (self, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.save-override", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.remove-override", TRUE);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_override_error (self, data->layer, error->message, TRUE);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (data->removing ? _("Override of layer %s removed and applied")
                                                                 : _("Override of layer %s saved and applied"),
                                                  data->layer);

      show_override_error (self, data->layer, NULL, FALSE);
      _strata_cluster_page_add_toast (self, adw_toast_new (message));
    }
  if (self->monitor != NULL && self->cluster != NULL)
    strata_status_monitor_refresh_cluster (self->monitor, self->cluster);

  override_data_free (data);
}

static void
override_applied_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!strata_cluster_manager_apply_finish (STRATA_CLUSTER_MANAGER (object), result, NULL, &error))
    g_prefix_error (&error, _("The override is saved, but applying it failed: "));
  override_done (user_data, error);
}

static void
override_planned_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  OverrideData *data = user_data;
  g_autoptr(StrataClusterPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  if (!(plan = strata_cluster_manager_plan_finish (STRATA_CLUSTER_MANAGER (object), result, &error)))
    {
      g_prefix_error (&error, _("The override is saved, but applying it failed: "));
      override_done (data, error);
      return;
    }
  strata_cluster_manager_apply_async (STRATA_CLUSTER_MANAGER (object), plan, data->self->cancellable,
                                      override_applied_cb, data);
}

/* Saving an override applies it at once (DESIGN §1), keeping it even where
 * the profile changed the layer: it is what the user just asked for. */
static void
save_override_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  OverrideData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!strata_cluster_manager_save_override_finish (STRATA_CLUSTER_MANAGER (object), result, &error))
    {
      override_done (data, error);
      return;
    }
  strata_cluster_manager_plan_async (STRATA_CLUSTER_MANAGER (object), data->self->cluster,
                                     STRATA_CLUSTER_PLAN_CARRY_OVERRIDES, data->self->cancellable,
                                     override_planned_cb, data);
}

static void
start_save_override (StrataClusterPage *self,
                     const char        *layer,
                     const char        *values)
{
  StrataClusterManager *manager = _strata_cluster_page_get_manager (self);
  OverrideData *data;

  if (manager == NULL || self->cluster == NULL || self->busy)
    return;

  data = g_new0 (OverrideData, 1);
  data->self = g_object_ref (self);
  data->layer = g_strdup (layer);
  data->removing = values == NULL;

  _strata_cluster_page_set_busy (self, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.save-override", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.remove-override", FALSE);
  strata_cluster_manager_save_override_async (manager, self->cluster, layer, values,
                                              self->cancellable, save_override_cb, data);
}

static void
save_override_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  StrataClusterPage *self = STRATA_CLUSTER_PAGE (widget);
  const char *layer = g_variant_get_string (parameter, NULL);
  OverrideEditor *editor = g_hash_table_lookup (self->override_editors, layer);
  StrataClusterManager *manager = _strata_cluster_page_get_manager (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *values = NULL;
  GtkTextIter start, end;

  if (editor == NULL || manager == NULL || self->cluster == NULL)
    return;

  gtk_text_buffer_get_bounds (editor->buffer, &start, &end);
  values = gtk_text_buffer_get_text (editor->buffer, &start, &end, FALSE);

  /* Checked here first: a mistake shows at once, beside the editor. */
  if (!strata_cluster_manager_validate_override (manager, self->cluster, layer, values, &error))
    {
      show_override_error (self, layer, error->message, FALSE);
      return;
    }

  show_override_error (self, layer, NULL, FALSE);
  start_save_override (self, layer, values);
}

static void
remove_override_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  StrataClusterPage *self = STRATA_CLUSTER_PAGE (widget);

  start_save_override (self, g_variant_get_string (parameter, NULL), NULL);
}

void
_strata_cluster_page_class_add_profile (GtkWidgetClass *widget_class)
{
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_bind_template_callback (widget_class, on_profile_combo_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_version_combo_selected);
  gtk_widget_class_install_action (widget_class, "cluster.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "cluster.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "cluster.save-override", "s", save_override_action);
  gtk_widget_class_install_action (widget_class, "cluster.remove-override", "s", remove_override_action);
}

/* Profiles are edited in their own view meanwhile: the tab catches up
 * when shown. */
static void
on_section_changed (StrataClusterPage *self,
                    GParamSpec        *pspec,
                    AdwViewStack      *stack)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "profile") == 0)
    _strata_cluster_page_update_profile (self);
}

void
_strata_cluster_page_init_profile (StrataClusterPage *self)
{
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (on_section_changed), self, G_CONNECT_SWAPPED);
  self->layer_rows = g_ptr_array_new ();
  self->override_editors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  (GDestroyNotify) override_editor_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.review", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.attach", FALSE);
}

void
_strata_cluster_page_dispose_profile (StrataClusterPage *self)
{
  g_clear_pointer (&self->layer_rows, g_ptr_array_unref);
  g_clear_pointer (&self->override_editors, g_hash_table_unref);
  g_clear_pointer (&self->shown_profile, g_free);
}

/* For the UI test */

AdwComboRow *
_strata_cluster_page_get_profile_combo (StrataClusterPage *self)
{
  return self->profile_combo;
}

AdwComboRow *
_strata_cluster_page_get_version_combo (StrataClusterPage *self)
{
  return self->version_combo;
}

guint
_strata_cluster_page_get_n_layer_rows (StrataClusterPage *self)
{
  return self->layer_rows->len;
}

GtkTextBuffer *
_strata_cluster_page_get_override_buffer (StrataClusterPage *self,
                                          const char        *layer)
{
  OverrideEditor *editor = g_hash_table_lookup (self->override_editors, layer);

  return editor ? editor->buffer : NULL;
}

const char *
_strata_cluster_page_get_override_error (StrataClusterPage *self,
                                         const char        *layer)
{
  OverrideEditor *editor = g_hash_table_lookup (self->override_editors, layer);

  if (editor == NULL || !gtk_widget_get_visible (GTK_WIDGET (editor->error_label)))
    return NULL;
  return gtk_label_get_label (editor->error_label);
}
