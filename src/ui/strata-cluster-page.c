/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The page of one cluster: Overview (name, source, status and why, the
 * pending-update banner, the attached profile version, tags), Profile
 * (strata-cluster-page-profile.c) and Settings (kubeconfig export,
 * removal). The commands live in strata-cluster-page-actions.c. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-accessible.h"
#include "strata-cluster-labels.h"
#include "strata-cluster-page-private.h"

G_DEFINE_FINAL_TYPE (StrataClusterPage, strata_cluster_page, GTK_TYPE_WIDGET)

void
_strata_cluster_page_add_toast (StrataClusterPage *self,
                                AdwToast          *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

static void
on_retry_clicked (AdwToast *toast,
                  gpointer  user_data)
{
  StrataClusterPage *self = g_object_get_data (G_OBJECT (toast), "page");
  GVariant *parameter = g_object_get_data (G_OBJECT (toast), "parameter");
  const char *action = g_object_get_data (G_OBJECT (toast), "action");

  if (self != NULL && action != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (self), action, parameter);
}

/* Errors can be long: the toast wraps them instead of cutting them off,
 * and offers to do the same again. */
void
_strata_cluster_page_error_toast (StrataClusterPage *self,
                                  const char        *message,
                                  const char        *retry_action,
                                  GVariant          *retry_parameter)
{
  g_autoptr(GVariant) parameter = retry_parameter ? g_variant_ref_sink (retry_parameter) : NULL;
  AdwToast *toast = adw_toast_new (message);
  GtkWidget *label = gtk_label_new (message);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 56);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  adw_toast_set_custom_title (toast, label);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);

  if (retry_action != NULL)
    {
      adw_toast_set_button_label (toast, _("_Retry"));
      g_object_set_data_full (G_OBJECT (toast), "page", g_object_ref (self), g_object_unref);
      g_object_set_data_full (G_OBJECT (toast), "action", g_strdup (retry_action), g_free);
      if (parameter != NULL)
        g_object_set_data_full (G_OBJECT (toast), "parameter",
                                g_variant_ref (parameter),
                                (GDestroyNotify) g_variant_unref);
      g_signal_connect (toast, "button-clicked", G_CALLBACK (on_retry_clicked), NULL);
    }

  _strata_cluster_page_add_toast (self, toast);
}

static void
strata_cluster_page_update_tags (StrataClusterPage *self)
{
  const char * const *tags = self->cluster ? strata_cluster_get_tags (self->cluster) : NULL;

  for (guint i = 0; i < self->tag_rows->len; i++)
    adw_preferences_group_remove (self->tags_group, g_ptr_array_index (self->tag_rows, i));
  g_ptr_array_set_size (self->tag_rows, 0);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("edit-delete-symbolic");
      g_autofree char *button_name = g_strdup_printf (_("Remove tag %s"), tags[i]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tags[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Remove this tag"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, button_name,
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "cluster.remove-tag");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", tags[i]);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->tags_group, row);
      g_ptr_array_add (self->tag_rows, row);
    }
}

static void
strata_cluster_page_update_sandbox (StrataClusterPage *self)
{
  gboolean is_sandbox = self->cluster != NULL &&
                        strata_cluster_get_source (self->cluster) == STRATA_CLUSTER_SOURCE_SANDBOX;
  const char *error = self->sandbox ? strata_sandbox_service_get_error (self->sandbox) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->sandbox_group), is_sandbox && error != NULL);
  if (error != NULL)
    adw_action_row_set_subtitle (self->sandbox_error_row, error);
}

/* "Updates available — Review changes" (or Drifted), with the reason. */
static void
strata_cluster_page_update_banner (StrataClusterPage *self)
{
  StrataClusterStatus status = strata_cluster_get_status (self->cluster);
  gboolean drifted = status == STRATA_CLUSTER_STATUS_DRIFTED;
  gboolean shown = status == STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE || drifted;

  gtk_widget_set_visible (GTK_WIDGET (self->update_group), shown);
  if (!shown)
    return;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->update_row),
                                 drifted ? _("The cluster drifted from its release")
                                         : _("Updates available"));
  adw_action_row_set_subtitle (self->update_row, strata_cluster_get_status_reason (self->cluster));
  if (drifted)
    gtk_widget_add_css_class (GTK_WIDGET (self->update_row), "drifted");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->update_row), "drifted");
}

/* Everything the page shows of the record, after any change of it. */
void
_strata_cluster_page_update_state (StrataClusterPage *self)
{
  g_autofree char *source = NULL;
  g_autofree char *source_detail = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *added = NULL;
  StrataCluster *cluster = self->cluster;
  StrataClusterStatus status;
  GDateTime *created_at;
  const char *reason;

  if (cluster == NULL)
    {
      strata_cluster_page_update_tags (self);
      _strata_cluster_page_update_profile (self);
      return;
    }

  source = strata_cluster_source_label (cluster);
  adw_window_title_set_title (self->window_title, strata_cluster_get_name (cluster));
  adw_window_title_set_subtitle (self->window_title, source);
  gtk_label_set_label (self->name_label, strata_cluster_get_name (cluster));
  gtk_label_set_label (self->source_label, source);

  switch (strata_cluster_get_source (cluster))
    {
    case STRATA_CLUSTER_SOURCE_SANDBOX:
      source_detail = g_strdup_printf (_("A simulated cluster on this computer; its state is kept in %s"),
                                       self->sandbox ? strata_sandbox_service_get_state_folder (self->sandbox) : "");
      break;
    case STRATA_CLUSTER_SOURCE_EKS:
      source_detail = g_strdup (strata_cluster_get_eks_arn (cluster));
      break;
    case STRATA_CLUSTER_SOURCE_KUBECONFIG:
    default:
      source_detail = g_strdup (strata_cluster_get_kubeconfig_path (cluster));
      break;
    }
  adw_action_row_set_subtitle (self->source_row, source_detail);

  status = strata_cluster_get_status (cluster);
  reason = strata_cluster_get_status_reason (cluster);
  gtk_label_set_label (self->status_label, strata_cluster_status_label (status));
  gtk_widget_set_css_classes (GTK_WIDGET (self->status_label),
                              (const char *[]) {
                                status == STRATA_CLUSTER_STATUS_RUNNING ? "success" :
                                status == STRATA_CLUSTER_STATUS_ERROR ||
                                status == STRATA_CLUSTER_STATUS_UNREACHABLE ? "error" :
                                status == STRATA_CLUSTER_STATUS_UNKNOWN ? "dim-label" : "warning",
                                NULL });
  adw_action_row_set_subtitle (self->status_row,
                               reason != NULL ? reason
                               : status == STRATA_CLUSTER_STATUS_UNKNOWN ? _("Not checked yet")
                               : NULL);

  if (strata_cluster_get_profile_name (cluster) != NULL)
    profile = strata_cluster_profile_label (strata_cluster_get_profile_name (cluster),
                                            strata_cluster_get_profile_version (cluster));
  else
    profile = g_strdup (_("None attached"));
  gtk_label_set_label (self->profile_label, profile);

  created_at = strata_cluster_get_created_at (cluster);
  added = created_at ? g_date_time_format (created_at, "%x %X") : g_strdup ("—");
  gtk_label_set_label (self->added_label, added);

  if (strata_cluster_get_source (cluster) == STRATA_CLUSTER_SOURCE_EKS)
    adw_action_row_set_subtitle (self->export_row,
                                 _("Not available for EKS clusters yet: use strata-cli aws eks-token in a kubeconfig"));
  else
    adw_action_row_set_subtitle (self->export_row,
                                 _("A kubeconfig for kubectl and other tools, with certificates inlined, readable only by you"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.export-kubeconfig",
                                 strata_cluster_get_source (cluster) != STRATA_CLUSTER_SOURCE_EKS);

  strata_cluster_page_update_banner (self);
  strata_cluster_page_update_tags (self);
  strata_cluster_page_update_sandbox (self);
  _strata_cluster_page_update_profile (self);
}

void
_strata_cluster_page_set_busy (StrataClusterPage *self,
                               gboolean           busy)
{
  self->busy = !!busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->tags_group), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.remove", !busy);
}

static void
on_cluster_notify (StrataClusterPage *self,
                   GParamSpec        *pspec,
                   StrataCluster     *cluster)
{
  _strata_cluster_page_update_state (self);
}

static void
on_monitor_manager_changed (StrataClusterPage   *self,
                            GParamSpec          *pspec,
                            StrataStatusMonitor *monitor)
{
  _strata_cluster_page_update_state (self);
}

static void
on_sandbox_error_changed (StrataClusterPage    *self,
                          GParamSpec           *pspec,
                          StrataSandboxService *sandbox)
{
  strata_cluster_page_update_sandbox (self);
}

/* Checked as typed, so the user knows before pressing Apply. */
static void
on_tag_entry_changed (StrataClusterPage *self,
                      GtkEditable       *editable)
{
  const char *text = gtk_editable_get_text (editable);
  g_autoptr(GError) error = NULL;
  g_autofree char *tag = NULL;

  if (*text != '\0')
    tag = strata_cluster_normalize_tag (text, &error);

  if (error != NULL)
    {
      gtk_label_set_label (self->tag_error_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->tag_entry_row), "error");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->tag_entry_row), "error");
  gtk_revealer_set_reveal_child (self->tag_error_revealer, error != NULL);
}

static void
on_tag_entry_apply (StrataClusterPage *self,
                    AdwEntryRow       *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (*text == '\0')
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "cluster.add-tag", "s", text);
}

static void
strata_cluster_page_dispose (GObject *object)
{
  StrataClusterPage *self = (StrataClusterPage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->review_dialog != NULL)
    gtk_window_destroy (self->review_dialog);
  strata_cluster_page_set_cluster (self, NULL);
  _strata_cluster_page_dispose_profile (self);
  if (self->sandbox != NULL)
    g_signal_handlers_disconnect_by_data (self->sandbox, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_CLUSTER_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->store);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->monitor);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->tag_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (strata_cluster_page_parent_class)->dispose (object);
}

static void
strata_cluster_page_class_init (StrataClusterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_cluster_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/strata/Strata/ui/strata-cluster-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, sandbox_group);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, sandbox_error_row);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, source_row);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, export_row);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, source_label);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, profile_label);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, added_label);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, tags_group);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, tag_entry_row);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, tag_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, tag_error_label);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, remove_button);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, update_group);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, update_row);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, review_button);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, attach_button);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, profile_combo);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, version_combo);
  gtk_widget_class_bind_template_child (widget_class, StrataClusterPage, layers_group);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_entry_apply);

  _strata_cluster_page_class_add_actions (widget_class);
  _strata_cluster_page_class_add_profile (widget_class);
}

static void
strata_cluster_page_init (StrataClusterPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  strata_accessible_name_buttons (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->tag_rows = g_ptr_array_new ();
  _strata_cluster_page_init_profile (self);
}

/**
 * strata_cluster_page_get_cluster:
 *
 * Returns: (transfer none) (nullable): the cluster shown.
 */
StrataCluster *
strata_cluster_page_get_cluster (StrataClusterPage *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_PAGE (self), NULL);

  return self->cluster;
}

void
strata_cluster_page_set_cluster (StrataClusterPage *self,
                                 StrataCluster     *cluster)
{
  g_return_if_fail (STRATA_IS_CLUSTER_PAGE (self));
  g_return_if_fail (!cluster || STRATA_IS_CLUSTER (cluster));

  if (self->cluster == cluster)
    return;

  if (self->cluster != NULL)
    g_signal_handlers_disconnect_by_data (self->cluster, self);
  g_set_object (&self->cluster, cluster);
  if (cluster != NULL)
    g_signal_connect_object (cluster, "notify", G_CALLBACK (on_cluster_notify), self, G_CONNECT_SWAPPED);

  if (cluster != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->tag_entry_row), "");
      adw_view_stack_set_visible_child_name (self->view_stack, "overview");
    }
  _strata_cluster_page_update_state (self);
}

void
strata_cluster_page_set_store (StrataClusterPage  *self,
                               StrataClusterStore *store)
{
  g_return_if_fail (STRATA_IS_CLUSTER_PAGE (self));

  g_set_object (&self->store, store);
}

void
strata_cluster_page_set_sandbox (StrataClusterPage    *self,
                                 StrataSandboxService *sandbox)
{
  g_return_if_fail (STRATA_IS_CLUSTER_PAGE (self));

  if (self->sandbox != NULL)
    g_signal_handlers_disconnect_by_data (self->sandbox, self);
  g_set_object (&self->sandbox, sandbox);
  if (sandbox != NULL)
    g_signal_connect_object (sandbox, "notify::error",
                             G_CALLBACK (on_sandbox_error_changed), self, G_CONNECT_SWAPPED);
  _strata_cluster_page_update_state (self);
}

/* The monitor checks the status after an apply, and gives the manager. */
void
strata_cluster_page_set_monitor (StrataClusterPage   *self,
                                 StrataStatusMonitor *monitor)
{
  g_return_if_fail (STRATA_IS_CLUSTER_PAGE (self));

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_set_object (&self->monitor, monitor);
  if (monitor != NULL)
    g_signal_connect_object (monitor, "notify::manager",
                             G_CALLBACK (on_monitor_manager_changed), self, G_CONNECT_SWAPPED);
  _strata_cluster_page_update_state (self);
}

StrataClusterManager *
_strata_cluster_page_get_manager (StrataClusterPage *self)
{
  return self->monitor ? strata_status_monitor_get_manager (self->monitor) : NULL;
}

GtkWindow *
_strata_cluster_page_get_review_dialog (StrataClusterPage *self)
{
  return self->review_dialog;
}

const char *
_strata_cluster_page_get_banner (StrataClusterPage *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->update_group)))
    return NULL;
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->update_row));
}

GtkEditable *
_strata_cluster_page_get_tag_entry (StrataClusterPage *self)
{
  return GTK_EDITABLE (self->tag_entry_row);
}

/* The message under the tag entry, or NULL when none is shown. */
const char *
_strata_cluster_page_get_tag_error (StrataClusterPage *self)
{
  if (!gtk_revealer_get_reveal_child (self->tag_error_revealer))
    return NULL;
  return gtk_label_get_label (self->tag_error_label);
}

guint
_strata_cluster_page_get_n_tag_rows (StrataClusterPage *self)
{
  return self->tag_rows->len;
}

const char *
_strata_cluster_page_get_status_text (StrataClusterPage *self)
{
  return gtk_label_get_label (self->status_label);
}

const char *
_strata_cluster_page_get_source_text (StrataClusterPage *self)
{
  return gtk_label_get_label (self->source_label);
}

const char *
_strata_cluster_page_get_subtitle (StrataClusterPage *self)
{
  return adw_window_title_get_subtitle (self->window_title);
}

const char *
_strata_cluster_page_get_sandbox_error (StrataClusterPage *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->sandbox_group)))
    return NULL;
  return adw_action_row_get_subtitle (self->sandbox_error_row);
}

gboolean
_strata_cluster_page_get_busy (StrataClusterPage *self)
{
  return self->busy;
}

/* "overview", "profile" or "settings". */
void
_strata_cluster_page_set_section (StrataClusterPage *self,
                                  const char        *name)
{
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}
