/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Review changes: per changed layer, the current configuration (what the
 * release applied) beside the pending one, the differing lines marked;
 * the overrides the update drops, with "Keep my override"; the objects a
 * server-side dry-run says will be created, changed, pruned or left
 * alone; then Apply, with progress per layer and object. Nothing changes
 * in the cluster before Apply. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gtksourceview/gtksource.h>

#include "strata-review-dialog-private.h"
#include "strata-review-lines.h"

typedef struct
{
  char          *name;
  GtkTextBuffer *current;
  GtkTextBuffer *pending;
  GArray        *current_marks;
  GArray        *pending_marks;
} ReviewLayer;

struct _StrataReviewDialog
{
  AdwWindow             parent_instance;

  StrataClusterManager *manager;
  StrataCluster        *cluster;
  StrataClusterPlan    *plan;
  GCancellable         *cancellable;
  /* (element-type ReviewLayer) */
  GPtrArray            *layers;
  const char           *state;
  char                 *error;
  char                 *counts;
  guint                 n_objects;
  guint                 n_done;
  guint                 n_object_rows;
  guint                 n_progress_rows;
  guint                 applied : 1;

  AdwWindowTitle       *window_title;
  GtkWidget            *cancel_button;
  GtkWidget            *apply_button;
  GtkStack             *state_stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  GtkLabel             *summary_label;
  GtkWidget            *notes_group;
  AdwActionRow         *keep_row;
  GtkSwitch            *keep_switch;
  GtkWidget            *layers_heading;
  GtkBox               *layers_box;
  GtkLabel             *counts_label;
  GtkListBox           *objects_list;
  GtkWidget            *progress_box;
  GtkProgressBar       *progress_bar;
  GtkListBox           *progress_list;
};

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StrataReviewDialog, strata_review_dialog, ADW_TYPE_WINDOW)

static void
review_layer_free (ReviewLayer *layer)
{
  g_free (layer->name);
  g_clear_object (&layer->current);
  g_clear_object (&layer->pending);
  g_clear_pointer (&layer->current_marks, g_array_unref);
  g_clear_pointer (&layer->pending_marks, g_array_unref);
  g_free (layer);
}

static void
set_state (StrataReviewDialog *self,
           const char         *state)
{
  self->state = state;
  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
  if (g_str_equal (state, "applying") || g_str_equal (state, "done"))
    gtk_stack_set_visible_child_name (self->state_stack, "review");
  else
    gtk_stack_set_visible_child_name (self->state_stack, state);

  gtk_widget_set_sensitive (self->apply_button,
                            g_str_equal (state, "review") && self->plan != NULL &&
                            strata_cluster_plan_is_pending (self->plan));
  gtk_widget_set_sensitive (GTK_WIDGET (self->keep_switch), g_str_equal (state, "review"));
}

static void
show_error (StrataReviewDialog *self,
            const char         *title,
            const char         *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  set_state (self, "error");
}

static void
clear_container (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static void
add_layer (StrataReviewDialog *self,
           const char         *name)
{
  StrataReleaseRecord *record = strata_cluster_plan_get_record (self->plan);
  StrataRenderedLayer *rendered = strata_rendered_set_find_layer (strata_cluster_plan_get_set (self->plan), name);
  const char *current = record ? strata_release_record_get_values (record, name) : NULL;
  const char *pending = rendered ? strata_rendered_layer_get_values (rendered) : NULL;
  ReviewLayer *layer = g_new0 (ReviewLayer, 1);
  g_autofree char *title = NULL;
  g_autofree char *current_name = g_strdup_printf (_("Current configuration of layer %s"), name);
  g_autofree char *pending_name = g_strdup_printf (_("Pending configuration of layer %s"), name);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *sides = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label;

  layer->name = g_strdup (name);
  strata_review_mark_lines (current, pending, &layer->current_marks, &layer->pending_marks);
  layer->current = strata_review_side_buffer_new (current, layer->current_marks, "rgba(224,27,36,0.22)");
  layer->pending = strata_review_side_buffer_new (pending, layer->pending_marks, "rgba(46,194,126,0.28)");
  g_ptr_array_add (self->layers, layer);

  if (rendered == NULL)
    title = g_strdup_printf (_("Layer %s — removed by the update"), name);
  else if (current == NULL)
    title = g_strdup_printf (_("Layer %s — new"), name);
  else
    title = g_strdup_printf (_("Layer %s"), name);
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");

  gtk_box_set_homogeneous (GTK_BOX (sides), TRUE);
  gtk_box_append (GTK_BOX (sides), strata_review_side_new (_("Current configuration"), layer->current, current_name));
  gtk_box_append (GTK_BOX (sides), strata_review_side_new (_("Pending configuration"), layer->pending, pending_name));

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), sides);
  gtk_box_append (self->layers_box, box);
}

/* Objects */

static const char *
action_label (StrataObjectAction action)
{
  switch (action)
    {
    case STRATA_OBJECT_ACTION_CREATE:
      return _("To be created");
    case STRATA_OBJECT_ACTION_CHANGE:
      return _("To be changed");
    case STRATA_OBJECT_ACTION_PRUNE:
      return _("To be pruned");
    case STRATA_OBJECT_ACTION_UNCHANGED:
    default:
      return _("Unchanged");
    }
}

static const char *
action_icon (StrataObjectAction action)
{
  switch (action)
    {
    case STRATA_OBJECT_ACTION_CREATE:
      return "list-add-symbolic";
    case STRATA_OBJECT_ACTION_CHANGE:
      return "document-edit-symbolic";
    case STRATA_OBJECT_ACTION_PRUNE:
      return "user-trash-symbolic";
    case STRATA_OBJECT_ACTION_UNCHANGED:
    default:
      return "object-select-symbolic";
    }
}

static void
add_object_row (StrataReviewDialog *self,
                StrataObjectChange *change)
{
  StrataObjectAction action = strata_object_change_get_action (change);
  const char *diff = strata_object_change_get_diff (change);
  const char *layer = strata_object_change_get_layer (change);
  g_autofree char *subtitle = layer ? g_strdup_printf (_("%s · layer %s"), action_label (action), layer)
                                    : g_strdup (action_label (action));
  GtkWidget *icon = gtk_image_new_from_icon_name (action_icon (action));
  GtkWidget *row;

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, action_label (action), -1);

  if (action == STRATA_OBJECT_ACTION_CHANGE && diff != NULL && *diff != '\0')
    {
      GtkWidget *label = gtk_label_new (diff);

      row = adw_expander_row_new ();
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
      gtk_widget_add_css_class (label, "monospace");
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), label);
    }
  else
    {
      row = adw_action_row_new ();
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), strata_object_change_get_description (change));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_append (self->objects_list, row);
  self->n_object_rows++;
}

static void
fill_objects (StrataReviewDialog *self)
{
  StrataApplyPlan *apply_plan = strata_cluster_plan_get_apply_plan (self->plan);
  GListModel *changes = strata_apply_plan_get_changes (apply_plan);
  guint n = g_list_model_get_n_items (changes);

  g_free (self->counts);
  self->counts = g_strdup_printf (_("%u to be created, %u changed, %u pruned, %u unchanged"),
                                  strata_apply_plan_count (apply_plan, STRATA_OBJECT_ACTION_CREATE),
                                  strata_apply_plan_count (apply_plan, STRATA_OBJECT_ACTION_CHANGE),
                                  strata_apply_plan_count (apply_plan, STRATA_OBJECT_ACTION_PRUNE),
                                  strata_apply_plan_count (apply_plan, STRATA_OBJECT_ACTION_UNCHANGED));
  gtk_label_set_label (self->counts_label, self->counts);

  clear_container (GTK_WIDGET (self->objects_list));
  self->n_object_rows = 0;
  self->n_objects = n;
  /* What changes first; the unchanged after. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(StrataObjectChange) change = g_list_model_get_item (changes, i);
        gboolean unchanged = strata_object_change_get_action (change) == STRATA_OBJECT_ACTION_UNCHANGED;

        if (unchanged == (pass == 1))
          add_object_row (self, change);
      }
}

static char *
describe_summary (StrataClusterPlan *plan)
{
  StrataCluster *cluster = strata_cluster_plan_get_cluster (plan);
  StrataReleaseRecord *record = strata_cluster_plan_get_record (plan);
  g_autofree char *pending = g_strdup_printf ("%s@%s", strata_cluster_get_profile_name (cluster),
                                              strata_cluster_get_profile_version (cluster));

  if (!strata_cluster_plan_is_pending (plan))
    return g_strdup_printf (_("Nothing to apply: cluster %s already runs what %s gives."),
                            strata_cluster_get_name (cluster), pending);
  if (record == NULL)
    return g_strdup_printf (_("Cluster %s runs nothing from Strata yet; applying installs %s."),
                            strata_cluster_get_name (cluster), pending);
  return g_strdup_printf (_("Cluster %s runs %s@%s revision %u (release %u); applying gives it %s as it is now."),
                          strata_cluster_get_name (cluster),
                          strata_release_record_get_profile_name (record),
                          strata_release_record_get_version (record),
                          strata_release_record_get_revision (record),
                          strata_release_record_get_number (record), pending);
}

static void
fill_review (StrataReviewDialog *self)
{
  g_autofree char *summary = describe_summary (self->plan);
  g_auto(GStrv) layers = strata_cluster_plan_list_changed_layers (self->plan);
  g_auto(GStrv) dropped = strata_cluster_plan_list_dropped_overrides (self->plan);
  g_auto(GStrv) carried = strata_cluster_plan_list_carried_overrides (self->plan);
  const char * const *notes = strata_cluster_plan_get_notes (self->plan);
  g_autofree char *joined = g_strjoinv ("\n", (char **) notes);

  gtk_label_set_label (self->summary_label, summary);

  gtk_widget_set_visible (self->notes_group, g_strv_length (dropped) + g_strv_length (carried) > 0);
  adw_action_row_set_subtitle (self->keep_row, joined);
  g_signal_handlers_block_matched (self->keep_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_switch_set_active (self->keep_switch,
                         (strata_cluster_plan_get_flags (self->plan) & STRATA_CLUSTER_PLAN_CARRY_OVERRIDES) != 0);
  g_signal_handlers_unblock_matched (self->keep_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  clear_container (GTK_WIDGET (self->layers_box));
  g_ptr_array_set_size (self->layers, 0);
  for (guint i = 0; layers[i] != NULL; i++)
    add_layer (self, layers[i]);
  gtk_widget_set_visible (self->layers_heading, layers[0] != NULL);

  fill_objects (self);
  gtk_widget_set_visible (self->progress_box, FALSE);
}

/* Planning */

static void
plan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(StrataReviewDialog) self = user_data;
  g_autoptr(StrataClusterPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  plan = strata_cluster_manager_plan_finish (STRATA_CLUSTER_MANAGER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (plan == NULL)
    {
      show_error (self, _("Could not review the changes"), error->message);
      return;
    }

  g_set_object (&self->plan, plan);
  fill_review (self);
  set_state (self, "review");
}

static void
start_plan (StrataReviewDialog     *self,
            StrataClusterPlanFlags  flags)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_state (self, "loading");
  strata_cluster_manager_plan_async (self->manager, self->cluster, flags, self->cancellable,
                                     plan_cb, g_object_ref (self));
}

static StrataClusterPlanFlags
current_flags (StrataReviewDialog *self)
{
  return gtk_switch_get_active (self->keep_switch) ? STRATA_CLUSTER_PLAN_CARRY_OVERRIDES
                                                   : STRATA_CLUSTER_PLAN_DEFAULT;
}

static void
on_keep_changed (StrataReviewDialog *self,
                 GParamSpec         *pspec,
                 GtkSwitch          *sw)
{
  start_plan (self, current_flags (self));
}

static void
on_retry_clicked (StrataReviewDialog *self,
                  GtkButton          *button)
{
  start_plan (self, current_flags (self));
}

/* Applying */

static void
add_progress_row (StrataReviewDialog *self,
                  const char         *title,
                  const char         *subtitle,
                  const char         *icon_name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, subtitle, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (self->progress_list, row);
  self->n_progress_rows++;
}

static void
update_fraction (StrataReviewDialog *self)
{
  g_autofree char *text = g_strdup_printf (_("%u of %u objects"), self->n_done, self->n_objects);

  gtk_progress_bar_set_fraction (self->progress_bar,
                                 self->n_objects ? MIN (1.0, (double) self->n_done / self->n_objects) : 1.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static char *
describe_node (JsonNode *node)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObject *metadata = object && json_object_has_member (object, "metadata")
                         ? json_object_get_object_member (object, "metadata") : object;
  const char *kind = object && json_object_has_member (object, "kind") ? json_object_get_string_member (object, "kind") : "?";
  const char *ns = metadata && json_object_has_member (metadata, "namespace")
                   ? json_object_get_string_member (metadata, "namespace") : NULL;
  const char *name = metadata && json_object_has_member (metadata, "name")
                     ? json_object_get_string_member (metadata, "name") : "?";

  return ns ? g_strdup_printf ("%s %s/%s", kind, ns, name) : g_strdup_printf ("%s %s", kind, name);
}

static void
on_layer_started (StrataApplier       *applier,
                  StrataRenderedLayer *layer,
                  guint                n_objects,
                  StrataReviewDialog  *self)
{
  g_autofree char *title = g_strdup_printf (_("Layer %s"), strata_rendered_layer_get_name (layer));
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Applying %u object…",
                                                            "Applying %u objects…", n_objects), n_objects);

  add_progress_row (self, title, subtitle, "media-playback-start-symbolic");
}

static void
on_object_applied (StrataApplier       *applier,
                   StrataRenderedLayer *layer,
                   guint                index,
                   JsonNode            *applied,
                   StrataReviewDialog  *self)
{
  g_autofree char *title = describe_node (applied);

  self->n_done++;
  update_fraction (self);
  add_progress_row (self, title, _("Applied"), "object-select-symbolic");
}

static void
on_layer_finished (StrataApplier       *applier,
                   StrataRenderedLayer *layer,
                   guint                n_applied,
                   guint                n_objects,
                   StrataReviewDialog  *self)
{
  g_autofree char *title = g_strdup_printf (_("Layer %s"), strata_rendered_layer_get_name (layer));
  g_autofree char *subtitle = NULL;

  if (n_applied < n_objects)
    subtitle = g_strdup_printf (_("Stopped: %u of %u objects applied"), n_applied, n_objects);
  else
    subtitle = g_strdup (_("Done"));
  add_progress_row (self, title, subtitle,
                    n_applied < n_objects ? "dialog-error-symbolic" : "emblem-ok-symbolic");
}

static void
on_object_pruned (StrataApplier      *applier,
                  JsonNode           *entry,
                  StrataReviewDialog *self)
{
  g_autofree char *title = describe_node (entry);

  self->n_done++;
  update_fraction (self);
  add_progress_row (self, title, _("Pruned"), "user-trash-symbolic");
}

static void
disconnect_applier (StrataReviewDialog *self)
{
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (strata_cluster_plan_get_applier (self->plan), self);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(StrataReviewDialog) self = user_data;
  g_autoptr(StrataReleaseRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  /* Closed meanwhile: the status check will tell. */
  if (self->state == NULL)
    {
      strata_cluster_manager_apply_finish (STRATA_CLUSTER_MANAGER (object), result, NULL, NULL);
      return;
    }
  disconnect_applier (self);
  if (!strata_cluster_manager_apply_finish (STRATA_CLUSTER_MANAGER (object), result, &record, &error))
    {
      gtk_button_set_label (GTK_BUTTON (self->cancel_button), _("_Close"));
      show_error (self,
                  g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                  ? _("The apply was cancelled") : _("Could not apply the changes"),
                  error->message);
      return;
    }

  self->applied = TRUE;
  set_state (self, "done");
  message = g_strdup_printf (_("Applied %s@%s to %s (release %u)"),
                             strata_release_record_get_profile_name (record),
                             strata_release_record_get_version (record),
                             strata_cluster_get_name (self->cluster),
                             strata_release_record_get_number (record));
  g_signal_emit (self, signals[APPLIED], 0, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_apply_clicked (StrataReviewDialog *self,
                  GtkButton          *button)
{
  StrataApplier *applier;

  g_return_if_fail (self->plan != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  clear_container (GTK_WIDGET (self->progress_list));
  self->n_progress_rows = 0;
  self->n_done = 0;
  /* Pruned objects are in the changes too: one step each. */
  update_fraction (self);
  gtk_widget_set_visible (self->progress_box, TRUE);
  set_state (self, "applying");

  applier = strata_cluster_plan_get_applier (self->plan);
  g_signal_connect (applier, "layer-started", G_CALLBACK (on_layer_started), self);
  g_signal_connect (applier, "object-applied", G_CALLBACK (on_object_applied), self);
  g_signal_connect (applier, "layer-finished", G_CALLBACK (on_layer_finished), self);
  g_signal_connect (applier, "object-pruned", G_CALLBACK (on_object_pruned), self);

  strata_cluster_manager_apply_async (self->manager, self->plan, self->cancellable,
                                      apply_cb, g_object_ref (self));
}

/* While applying, Cancel stops the apply (the dialog stays to say so);
 * otherwise it closes. */
static void
on_cancel_clicked (StrataReviewDialog *self,
                   GtkButton          *button)
{
  if (g_strcmp0 (self->state, "applying") == 0)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Closing while applying would leave the user without the outcome: it
 * stops the apply instead, and the dialog stays to say where it stopped. */
static gboolean
strata_review_dialog_close_request (GtkWindow *window)
{
  StrataReviewDialog *self = STRATA_REVIEW_DIALOG (window);

  if (g_strcmp0 (self->state, "applying") == 0)
    {
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  if (GTK_WINDOW_CLASS (strata_review_dialog_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (strata_review_dialog_parent_class)->close_request (window);
  return FALSE;
}

static void
strata_review_dialog_dispose (GObject *object)
{
  StrataReviewDialog *self = (StrataReviewDialog *)object;

  g_cancellable_cancel (self->cancellable);
  disconnect_applier (self);
  self->state = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_REVIEW_DIALOG);

  g_clear_object (&self->plan);
  g_clear_object (&self->cluster);
  g_clear_object (&self->manager);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->layers, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->counts, g_free);

  G_OBJECT_CLASS (strata_review_dialog_parent_class)->dispose (object);
}

static void
strata_review_dialog_class_init (StrataReviewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_review_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = strata_review_dialog_close_request;

  /* (const char *message): the apply succeeded, said for a toast. */
  signals[APPLIED] =
    g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/strata/Strata/ui/strata-review-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, state_stack);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, notes_group);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, keep_row);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, keep_switch);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, layers_heading);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, layers_box);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, counts_label);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, objects_list);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, StrataReviewDialog, progress_list);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_keep_changed);
}

static void
strata_review_dialog_init (StrataReviewDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) review_layer_free);
  self->cancellable = g_cancellable_new ();
  self->state = "loading";
}

StrataReviewDialog *
strata_review_dialog_new (GtkWindow            *parent,
                          StrataClusterManager *manager,
                          StrataCluster        *cluster)
{
  StrataReviewDialog *self;

  g_return_val_if_fail (STRATA_IS_CLUSTER_MANAGER (manager), NULL);
  g_return_val_if_fail (STRATA_IS_CLUSTER (cluster), NULL);

  self = g_object_new (STRATA_TYPE_REVIEW_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->manager = g_object_ref (manager);
  self->cluster = g_object_ref (cluster);
  adw_window_title_set_subtitle (self->window_title, strata_cluster_get_name (cluster));
  start_plan (self, STRATA_CLUSTER_PLAN_DEFAULT);

  return self;
}

/* For the UI test */

const char *
_strata_review_dialog_get_state (StrataReviewDialog *self)
{
  return self->state;
}

const char *
_strata_review_dialog_get_error (StrataReviewDialog *self)
{
  return g_strcmp0 (self->state, "error") == 0 ? self->error : NULL;
}

StrataClusterPlan *
_strata_review_dialog_get_plan (StrataReviewDialog *self)
{
  return self->plan;
}

guint
_strata_review_dialog_get_n_layers (StrataReviewDialog *self)
{
  return self->layers->len;
}

static ReviewLayer *
get_layer (StrataReviewDialog *self,
           guint               index)
{
  g_return_val_if_fail (index < self->layers->len, NULL);
  return g_ptr_array_index (self->layers, index);
}

char *
_strata_review_dialog_get_side_text (StrataReviewDialog *self,
                                     guint               index,
                                     const char         *side)
{
  ReviewLayer *layer = get_layer (self, index);
  GtkTextBuffer *buffer = g_str_equal (side, "current") ? layer->current : layer->pending;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Read back from the tag in the buffer, not from the marks: what shows. */
char *
_strata_review_dialog_get_marked_lines (StrataReviewDialog *self,
                                        guint               index,
                                        const char         *side)
{
  ReviewLayer *layer = get_layer (self, index);
  GtkTextBuffer *buffer = g_str_equal (side, "current") ? layer->current : layer->pending;
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "changed");
  GString *lines = g_string_new (NULL);
  int n = gtk_text_buffer_get_line_count (buffer);

  for (int i = 0; i < n; i++)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_line (buffer, &iter, i);
      if (gtk_text_iter_has_tag (&iter, tag) && !gtk_text_iter_is_end (&iter))
        g_string_append_printf (lines, "%s%d", lines->len ? "," : "", i + 1);
    }

  return g_string_free (lines, FALSE);
}

const char *
_strata_review_dialog_get_counts (StrataReviewDialog *self)
{
  return self->counts;
}

guint
_strata_review_dialog_get_n_object_rows (StrataReviewDialog *self)
{
  return self->n_object_rows;
}

guint
_strata_review_dialog_get_n_progress_rows (StrataReviewDialog *self)
{
  return self->n_progress_rows;
}

GtkWidget *
_strata_review_dialog_get_apply_button (StrataReviewDialog *self)
{
  return self->apply_button;
}

GtkWidget *
_strata_review_dialog_get_keep_switch (StrataReviewDialog *self)
{
  return GTK_WIDGET (self->keep_switch);
}

gboolean
_strata_review_dialog_get_applied (StrataReviewDialog *self)
{
  return self->applied;
}
