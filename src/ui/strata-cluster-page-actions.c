/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The commands of the cluster page: tag edits saved through the store,
 * kubeconfig export, and removal confirmed by typing the cluster's name. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-kubeconfig.h"
#include "strata-cluster-page-private.h"

/* Tags */

typedef struct
{
  char *retry_action;
  char *tag;
} TagEdit;

static void
tag_edit_free (TagEdit *edit)
{
  g_free (edit->retry_action);
  g_free (edit->tag);
  g_free (edit);
}

static void
strata_cluster_page_save_tags_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataClusterPage *self = g_task_get_source_object (task);
  TagEdit *edit = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!strata_cluster_store_save_finish (STRATA_CLUSTER_STORE (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _strata_cluster_page_set_busy (self, FALSE);
      message = g_strdup_printf (_("Could not save the tags: %s"), error->message);
      _strata_cluster_page_error_toast (self, message, edit->retry_action,
                                        g_variant_new_string (edit->tag));
      return;
    }

  _strata_cluster_page_set_busy (self, FALSE);
  if (g_str_equal (edit->retry_action, "cluster.add-tag"))
    gtk_editable_set_text (_strata_cluster_page_get_tag_entry (self), "");
}

/* Edits a working copy and saves it: the stored record, and so the page
 * and the list, change only once the disk has it. */
static void
strata_cluster_page_edit_tags (StrataClusterPage *self,
                               const char        *action,
                               const char        *tag)
{
  g_autoptr(StrataCluster) working = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  TagEdit *edit;

  if (self->cluster == NULL || self->store == NULL || self->busy)
    return;

  working = strata_cluster_copy (self->cluster);
  if (g_str_equal (action, "cluster.add-tag"))
    {
      if (!strata_cluster_add_tag (working, tag, &error))
        {
          gtk_label_set_label (self->tag_error_label, error->message);
          gtk_revealer_set_reveal_child (self->tag_error_revealer, TRUE);
          gtk_widget_add_css_class (GTK_WIDGET (self->tag_entry_row), "error");
          return;
        }
    }
  else if (!strata_cluster_remove_tag (working, tag))
    return;

  edit = g_new0 (TagEdit, 1);
  edit->retry_action = g_strdup (action);
  edit->tag = g_strdup (tag);
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, strata_cluster_page_edit_tags);
  g_task_set_task_data (task, edit, (GDestroyNotify) tag_edit_free);

  _strata_cluster_page_set_busy (self, TRUE);
  strata_cluster_store_save_async (self->store, working, self->cancellable,
                                   strata_cluster_page_save_tags_cb,
                                   g_steal_pointer (&task));
}

static void
strata_cluster_page_add_tag_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  strata_cluster_page_edit_tags (STRATA_CLUSTER_PAGE (widget), action_name,
                                 g_variant_get_string (parameter, NULL));
}

static void
strata_cluster_page_remove_tag_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  strata_cluster_page_edit_tags (STRATA_CLUSTER_PAGE (widget), action_name,
                                 g_variant_get_string (parameter, NULL));
}

/* Export */

typedef struct
{
  char                *source_path;
  char                *context;
  char                *path;
  char                *cluster_name;
  StrataClusterSource  source;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->source_path);
  g_free (job->context);
  g_free (job->path);
  g_free (job->cluster_name);
  g_free (job);
}

/* Reads certificate and key files and writes the result: off the main loop. */
static void
export_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  const char *paths[] = { job->source_path, NULL };
  g_autoptr(StrataKubeconfig) config = NULL;
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;

  if (job->source == STRATA_CLUSTER_SOURCE_SANDBOX &&
      !g_file_test (job->source_path, G_FILE_TEST_EXISTS))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The sandbox is not running, so it has no kubeconfig (%s): start it first"),
                               job->source_path);
      return;
    }

  if ((config = strata_kubeconfig_load (paths, &error)) == NULL ||
      (endpoint = strata_kubeconfig_resolve (config, job->context, &error)) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The kubeconfig of cluster “%s” no longer works: %s"),
                               job->cluster_name, error->message);
      return;
    }

  if (!strata_kube_endpoint_write_kubeconfig (endpoint, job->path, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
strata_cluster_page_export_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  StrataClusterPage *self = (StrataClusterPage *)object;
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not export the kubeconfig: %s"), error->message);
      _strata_cluster_page_error_toast (self, message, "cluster.export-kubeconfig-to",
                                        g_variant_new_string (job->path));
      return;
    }

  message = g_strdup_printf (_("Exported the kubeconfig of “%s” to %s"), job->cluster_name, job->path);
  _strata_cluster_page_add_toast (self, adw_toast_new (message));
}

static void
strata_cluster_page_export_to_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  StrataClusterPage *self = STRATA_CLUSTER_PAGE (widget);
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  if (self->cluster == NULL)
    return;

  job = g_new0 (ExportJob, 1);
  job->source = strata_cluster_get_source (self->cluster);
  job->cluster_name = g_strdup (strata_cluster_get_name (self->cluster));
  job->path = g_variant_dup_string (parameter, NULL);
  if (job->source == STRATA_CLUSTER_SOURCE_SANDBOX)
    job->source_path = self->sandbox
                       ? strata_sandbox_service_dup_kubeconfig_path (self->sandbox)
                       : strata_cluster_dup_sandbox_kubeconfig_path ();
  else
    {
      job->source_path = g_strdup (strata_cluster_get_kubeconfig_path (self->cluster));
      job->context = g_strdup (strata_cluster_get_kubeconfig_context (self->cluster));
    }

  task = g_task_new (self, self->cancellable, strata_cluster_page_export_cb, NULL);
  g_task_set_source_tag (task, strata_cluster_page_export_to_action);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_worker);
}

static void
on_export_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            gpointer         user_data)
{
  StrataClusterPage *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "cluster.export-kubeconfig-to", "s", path);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
strata_cluster_page_export_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  StrataClusterPage *self = STRATA_CLUSTER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *suggested = NULL;
  GtkFileChooserNative *chooser;

  if (self->cluster == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Kubeconfig"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  suggested = g_strdup_printf ("%s.kubeconfig", strata_cluster_get_name (self->cluster));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Remove */

static void
strata_cluster_page_remove_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataClusterPage *self = g_task_get_source_object (task);
  const char *name = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!strata_cluster_store_remove_finish (STRATA_CLUSTER_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _strata_cluster_page_set_busy (self, FALSE);
      message = g_strdup_printf (_("Could not remove “%s”: %s"), name, error->message);
      _strata_cluster_page_error_toast (self, message, "cluster.remove", NULL);
      return;
    }

  /* The view goes back to the list as the record leaves the store. */
  _strata_cluster_page_set_busy (self, FALSE);
  message = g_strdup_printf (_("Removed “%s” from Strata"), name);
  _strata_cluster_page_add_toast (self, adw_toast_new (message));
}

static void
strata_cluster_page_remove_confirmed (StrataClusterPage *self,
                                      StrataCluster     *cluster)
{
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL || self->busy)
    return;

  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, strata_cluster_page_remove_confirmed);
  g_task_set_task_data (task, g_strdup (strata_cluster_get_name (cluster)), g_free);
  _strata_cluster_page_set_busy (self, TRUE);
  strata_cluster_store_remove_async (self->store, cluster, self->cancellable,
                                     strata_cluster_page_remove_cb, g_steal_pointer (&task));
}

static void
on_remove_name_changed (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "cluster-name");

  adw_message_dialog_set_response_enabled (dialog, "remove",
                                           g_strcmp0 (gtk_editable_get_text (entry), name) == 0);
}

static void
on_remove_entry_activate (GtkEntry         *entry,
                          AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "remove"))
    {
      adw_message_dialog_response (dialog, "remove");
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  StrataClusterPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  StrataCluster *cluster = g_object_get_data (G_OBJECT (dialog), "cluster");

  if (g_strcmp0 (response, "remove") == 0 && self != NULL && cluster != NULL)
    strata_cluster_page_remove_confirmed (self, cluster);
}

static void
strata_cluster_page_remove_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  StrataClusterPage *self = STRATA_CLUSTER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  const char *name;

  if (self->cluster == NULL)
    return;

  name = strata_cluster_get_name (self->cluster);
  heading = g_strdup_printf (_("Remove “%s” from Strata?"), name);
  body = g_strdup_printf (_("Strata forgets this cluster with its tags, attached profile and overrides. "
                            "Nothing in the cluster itself changes.\n\nType %s to confirm."),
                          name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "remove", FALSE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cluster name"),
                                  -1);
  adw_message_dialog_set_extra_child (dialog, entry);

  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "cluster", g_object_ref (self->cluster), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "cluster-name", g_strdup (name), g_free);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_remove_name_changed), dialog, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_remove_entry_activate), dialog, 0);
  g_signal_connect (dialog, "response", G_CALLBACK (on_remove_response), NULL);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
_strata_cluster_page_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "cluster.add-tag", "s",
                                   strata_cluster_page_add_tag_action);
  gtk_widget_class_install_action (widget_class, "cluster.remove-tag", "s",
                                   strata_cluster_page_remove_tag_action);
  gtk_widget_class_install_action (widget_class, "cluster.export-kubeconfig", NULL,
                                   strata_cluster_page_export_action);
  gtk_widget_class_install_action (widget_class, "cluster.export-kubeconfig-to", "s",
                                   strata_cluster_page_export_to_action);
  gtk_widget_class_install_action (widget_class, "cluster.remove", NULL,
                                   strata_cluster_page_remove_action);
}
