/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Adds a cluster record: a context of a kubeconfig file (its contexts read
 * off the main loop) or the sandbox; the name is checked as it is typed. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-accessible.h"
#include "strata-kubeconfig.h"
#include "strata-add-cluster-dialog-private.h"

enum {
  SOURCE_KUBECONFIG,
  SOURCE_SANDBOX,
};

struct _StrataAddClusterDialog
{
  AdwWindow           parent_instance;

  StrataClusterStore *store;
  GCancellable       *cancellable;
  /* Of the file being read; replaced when another is chosen. */
  GCancellable       *load_cancellable;
  char               *kubeconfig_path;
  /* The name the dialog proposed: typing another one stops the proposals. */
  char               *proposed_name;
  guint               loading : 1;
  guint               busy : 1;
  guint               name_touched : 1;
  guint               proposing : 1;

  GtkWidget          *add_button;
  GtkRevealer        *general_error_revealer;
  GtkLabel           *general_error_label;
  AdwComboRow        *source_row;
  AdwPreferencesGroup *kubeconfig_group;
  AdwActionRow       *file_row;
  GtkSpinner         *file_spinner;
  AdwComboRow        *context_row;
  GtkStringList      *contexts;
  AdwPreferencesGroup *sandbox_group;
  AdwEntryRow        *name_row;
  GtkRevealer        *name_error_revealer;
  GtkLabel           *name_error_label;
};

enum {
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StrataAddClusterDialog, strata_add_cluster_dialog, ADW_TYPE_WINDOW)

static gboolean
is_sandbox (StrataAddClusterDialog *self)
{
  return adw_combo_row_get_selected (self->source_row) == SOURCE_SANDBOX;
}

static const char *
selected_context (StrataAddClusterDialog *self)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (self->context_row);

  return item ? gtk_string_object_get_string (item) : NULL;
}

static StrataCluster *
find_sandbox_record (StrataAddClusterDialog *self)
{
  GListModel *clusters = strata_cluster_store_get_clusters (self->store);
  guint n = g_list_model_get_n_items (clusters);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataCluster) cluster = g_list_model_get_item (clusters, i);

      if (strata_cluster_get_source (cluster) == STRATA_CLUSTER_SOURCE_SANDBOX)
        return cluster;
    }

  return NULL;
}

static void
show_error (GtkWidget   *row,
            GtkRevealer *revealer,
            GtkLabel    *label,
            const char  *message)
{
  if (message != NULL)
    gtk_label_set_label (label, message);
  if (row != NULL)
    {
      if (message != NULL)
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
    }
  gtk_revealer_set_reveal_child (revealer, message != NULL);
}

static gboolean
check_name (StrataAddClusterDialog  *self,
            GError                 **error)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  if (!strata_validate_dns_label (name, _("cluster name"), error))
    return FALSE;

  if (strata_cluster_store_find_cluster (self->store, name) != NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                   _("A cluster named “%s” already exists: choose another name"), name);
      return FALSE;
    }

  return TRUE;
}

/* Whether the source part is complete; @error says what is missing. */
static gboolean
check_source (StrataAddClusterDialog  *self,
              GError                 **error)
{
  if (is_sandbox (self))
    {
      StrataCluster *existing = find_sandbox_record (self);

      if (existing != NULL)
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                       _("The sandbox is already in the list as “%s”"),
                       strata_cluster_get_name (existing));
          return FALSE;
        }
      return TRUE;
    }

  if (self->loading)
    return FALSE;

  if (selected_context (self) == NULL)
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                           _("Choose a kubeconfig file with at least one context"));
      return FALSE;
    }

  return TRUE;
}

static void
strata_add_cluster_dialog_validate (StrataAddClusterDialog *self)
{
  g_autoptr(GError) name_error = NULL;
  g_autoptr(GError) source_error = NULL;
  gboolean name_ok;
  gboolean source_ok;

  /* The template's own notifications come before the store. */
  if (self->store == NULL)
    return;

  name_ok = check_name (self, &name_error);
  source_ok = check_source (self, &source_error);

  show_error (GTK_WIDGET (self->name_row), self->name_error_revealer, self->name_error_label,
              !name_ok && (self->name_touched || *gtk_editable_get_text (GTK_EDITABLE (self->name_row)))
              ? name_error->message : NULL);

  /* Only the sandbox case says something here; a kubeconfig problem is
   * said where the file is. */
  if (is_sandbox (self))
    show_error (NULL, self->general_error_revealer, self->general_error_label,
                source_error ? source_error->message : NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.add",
                                 name_ok && source_ok && !self->busy);
}

/* A DNS label from a context name: "arn:aws:eks:…/prod" or "Kind-Dev" become
 * "prod" and "kind-dev". */
static char *
name_from_context (const char *context)
{
  const char *slash = strrchr (context, '/');
  g_autoptr(GString) name = g_string_new (NULL);

  if (slash != NULL && slash[1] != '\0')
    context = slash + 1;

  for (const char *p = context; *p != '\0' && name->len < 63; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_isalnum (c))
        g_string_append_c (name, c);
      else if (name->len > 0 && name->str[name->len - 1] != '-')
        g_string_append_c (name, '-');
    }

  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);

  return g_string_free (g_steal_pointer (&name), FALSE);
}

static void
propose_name (StrataAddClusterDialog *self,
              const char             *base)
{
  g_autofree char *name = NULL;

  if (self->name_touched || self->store == NULL || base == NULL || *base == '\0')
    return;

  name = g_strdup (base);
  for (guint i = 2; strata_cluster_store_find_cluster (self->store, name) != NULL; i++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u", base, i);
    }

  g_free (self->proposed_name);
  self->proposed_name = g_strdup (name);
  self->proposing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  self->proposing = FALSE;
  strata_add_cluster_dialog_validate (self);
}

static void
on_name_changed (StrataAddClusterDialog *self,
                 GtkEditable            *editable)
{
  /* Setting a text may go through an empty one first. */
  if (self->proposing)
    return;
  if (g_strcmp0 (gtk_editable_get_text (editable), self->proposed_name) != 0)
    self->name_touched = TRUE;
  gtk_revealer_set_reveal_child (self->general_error_revealer, FALSE);
  strata_add_cluster_dialog_validate (self);
}

static void
on_context_changed (StrataAddClusterDialog *self,
                    GParamSpec             *pspec,
                    AdwComboRow            *row)
{
  const char *context = selected_context (self);
  g_autofree char *name = context ? name_from_context (context) : NULL;

  if (!is_sandbox (self))
    propose_name (self, name);
  strata_add_cluster_dialog_validate (self);
}

static void
on_source_changed (StrataAddClusterDialog *self,
                   GParamSpec             *pspec,
                   AdwComboRow            *row)
{
  gboolean sandbox = is_sandbox (self);

  gtk_widget_set_visible (GTK_WIDGET (self->kubeconfig_group), !sandbox);
  gtk_widget_set_visible (GTK_WIDGET (self->sandbox_group), sandbox);
  gtk_revealer_set_reveal_child (self->general_error_revealer, FALSE);

  if (sandbox)
    propose_name (self, "sandbox");
  else
    on_context_changed (self, NULL, self->context_row);
  strata_add_cluster_dialog_validate (self);
}

/* Reading a kubeconfig */

typedef struct
{
  GStrv  contexts;
  char  *current;
} Contexts;

static void
contexts_free (Contexts *contexts)
{
  g_strfreev (contexts->contexts);
  g_free (contexts->current);
  g_free (contexts);
}

static void
load_contexts_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  const char *paths[] = { task_data, NULL };
  g_autoptr(StrataKubeconfig) config = NULL;
  GError *error = NULL;
  Contexts *contexts;

  if ((config = strata_kubeconfig_load (paths, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  contexts = g_new0 (Contexts, 1);
  contexts->contexts = strata_kubeconfig_list_contexts (config);
  contexts->current = g_strdup (strata_kubeconfig_get_current_context (config));
  g_task_return_pointer (task, contexts, (GDestroyNotify) contexts_free);
}

static void
strata_add_cluster_dialog_set_loading (StrataAddClusterDialog *self,
                                       gboolean                loading)
{
  self->loading = !!loading;
  gtk_spinner_set_spinning (self->file_spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->file_spinner), loading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->context_row), !loading);
  strata_add_cluster_dialog_validate (self);
}

static void
load_contexts_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  StrataAddClusterDialog *self = (StrataAddClusterDialog *)object;
  g_autoptr(GError) error = NULL;
  Contexts *contexts;
  guint selected = 0;
  guint n;

  contexts = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->contexts));
  gtk_string_list_splice (self->contexts, 0, n,
                          contexts ? (const char * const *) contexts->contexts : NULL);

  if (contexts == NULL || contexts->contexts[0] == NULL)
    {
      g_autofree char *message = contexts
        ? g_strdup_printf (_("%s has no contexts"), self->kubeconfig_path)
        : g_strdup (error->message);

      adw_action_row_set_subtitle (self->file_row, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->file_row), "error");
    }
  else
    {
      adw_action_row_set_subtitle (self->file_row, self->kubeconfig_path);
      gtk_widget_remove_css_class (GTK_WIDGET (self->file_row), "error");
      for (guint i = 0; contexts->contexts[i] != NULL; i++)
        if (g_strcmp0 (contexts->contexts[i], contexts->current) == 0)
          selected = i;
      adw_combo_row_set_selected (self->context_row, selected);
    }

  if (contexts != NULL)
    contexts_free (contexts);

  strata_add_cluster_dialog_set_loading (self, FALSE);
  on_context_changed (self, NULL, self->context_row);
}

void
_strata_add_cluster_dialog_set_kubeconfig_path (StrataAddClusterDialog *self,
                                                const char             *path)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  g_free (self->kubeconfig_path);
  self->kubeconfig_path = g_strdup (path);
  adw_action_row_set_subtitle (self->file_row, path);
  gtk_widget_remove_css_class (GTK_WIDGET (self->file_row), "error");

  strata_add_cluster_dialog_set_loading (self, TRUE);
  task = g_task_new (self, self->load_cancellable, load_contexts_cb, NULL);
  g_task_set_source_tag (task, _strata_add_cluster_dialog_set_kubeconfig_path);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_contexts_worker);
}

/* $KUBECONFIG's first file, as kubectl would write to, else ~/.kube/config. */
static char *
default_kubeconfig_path (void)
{
  const char *env = g_getenv ("KUBECONFIG");

  if (env != NULL && *env != '\0')
    {
      g_auto(GStrv) paths = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);

      for (guint i = 0; paths[i] != NULL; i++)
        if (*paths[i] != '\0')
          return g_strdup (paths[i]);
    }

  return g_build_filename (g_get_home_dir (), ".kube", "config", NULL);
}

static void
on_file_chooser_response (GtkNativeDialog *chooser,
                          int              response,
                          gpointer         user_data)
{
  StrataAddClusterDialog *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        _strata_add_cluster_dialog_set_kubeconfig_path (self, path);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
strata_add_cluster_dialog_choose_file_action (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *parameter)
{
  StrataAddClusterDialog *self = STRATA_ADD_CLUSTER_DIALOG (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose a Kubeconfig"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (self->kubeconfig_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->kubeconfig_path);
      g_autoptr(GFile) folder = g_file_get_parent (file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Adding */

static void
strata_add_cluster_dialog_set_busy (StrataAddClusterDialog *self,
                                    gboolean                busy)
{
  self->busy = !!busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->source_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kubeconfig_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !busy);
  strata_add_cluster_dialog_validate (self);
}

static void
strata_add_cluster_dialog_add_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataAddClusterDialog *self = g_task_get_source_object (task);
  StrataCluster *cluster = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!strata_cluster_store_add_finish (STRATA_CLUSTER_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      strata_add_cluster_dialog_set_busy (self, FALSE);
      if (g_error_matches (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_NAME) ||
          g_error_matches (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE))
        show_error (GTK_WIDGET (self->name_row), self->name_error_revealer,
                    self->name_error_label, error->message);
      else
        show_error (NULL, self->general_error_revealer, self->general_error_label, error->message);
      return;
    }

  g_signal_emit (self, signals[ADDED], 0, cluster);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
strata_add_cluster_dialog_add_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  StrataAddClusterDialog *self = STRATA_ADD_CLUSTER_DIALOG (widget);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autoptr(StrataCluster) cluster = NULL;
  g_autoptr(GTask) task = NULL;

  if (self->busy || !check_name (self, NULL) || !check_source (self, NULL))
    return;

  if (is_sandbox (self))
    cluster = strata_cluster_new_sandbox (name);
  else
    cluster = strata_cluster_new_kubeconfig (name, self->kubeconfig_path, selected_context (self));

  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, strata_add_cluster_dialog_add_action);
  g_task_set_task_data (task, g_object_ref (cluster), g_object_unref);

  gtk_revealer_set_reveal_child (self->general_error_revealer, FALSE);
  strata_add_cluster_dialog_set_busy (self, TRUE);
  strata_cluster_store_add_async (self->store, cluster, self->cancellable,
                                  strata_add_cluster_dialog_add_cb, g_steal_pointer (&task));
}

/* GObject */

static void
strata_add_cluster_dialog_dispose (GObject *object)
{
  StrataAddClusterDialog *self = (StrataAddClusterDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_ADD_CLUSTER_DIALOG);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);

  G_OBJECT_CLASS (strata_add_cluster_dialog_parent_class)->dispose (object);
}

static void
strata_add_cluster_dialog_finalize (GObject *object)
{
  StrataAddClusterDialog *self = (StrataAddClusterDialog *)object;

  g_clear_pointer (&self->kubeconfig_path, g_free);
  g_clear_pointer (&self->proposed_name, g_free);

  G_OBJECT_CLASS (strata_add_cluster_dialog_parent_class)->finalize (object);
}

static void
strata_add_cluster_dialog_class_init (StrataAddClusterDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_add_cluster_dialog_dispose;
  object_class->finalize = strata_add_cluster_dialog_finalize;

  /**
   * StrataAddClusterDialog::added:
   * @cluster: the new record, already in the store
   */
  signals[ADDED] =
    g_signal_new ("added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, STRATA_TYPE_CLUSTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/strata/Strata/ui/strata-add-cluster-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataAddClusterDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, StrataAddClusterDialog, general_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataAddClusterDialog, general_error_label);
  gtk_widget_class_bind_template_child (widget_class, StrataAddClusterDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, StrataAddClusterDialog, kubeconfig_group);
  gtk_widget_class_bind_template_child (widget_class, StrataAddClusterDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, StrataAddClusterDialog, file_spinner);
  gtk_widget_class_bind_template_child (widget_class, StrataAddClusterDialog, context_row);
  gtk_widget_class_bind_template_child (widget_class, StrataAddClusterDialog, contexts);
  gtk_widget_class_bind_template_child (widget_class, StrataAddClusterDialog, sandbox_group);
  gtk_widget_class_bind_template_child (widget_class, StrataAddClusterDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, StrataAddClusterDialog, name_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataAddClusterDialog, name_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_source_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_context_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);

  gtk_widget_class_install_action (widget_class, "dialog.add", NULL,
                                   strata_add_cluster_dialog_add_action);
  gtk_widget_class_install_action (widget_class, "dialog.choose-file", NULL,
                                   strata_add_cluster_dialog_choose_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
strata_add_cluster_dialog_init (StrataAddClusterDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  strata_accessible_name_buttons (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->file_spinner), FALSE);
}

StrataAddClusterDialog *
strata_add_cluster_dialog_new (StrataClusterStore *store)
{
  g_autofree char *path = default_kubeconfig_path ();
  StrataAddClusterDialog *self;

  g_return_val_if_fail (STRATA_IS_CLUSTER_STORE (store), NULL);

  self = g_object_new (STRATA_TYPE_ADD_CLUSTER_DIALOG, NULL);
  self->store = g_object_ref (store);
  _strata_add_cluster_dialog_set_kubeconfig_path (self, path);

  return self;
}

AdwComboRow *
_strata_add_cluster_dialog_get_source_row (StrataAddClusterDialog *self)
{
  return self->source_row;
}

AdwComboRow *
_strata_add_cluster_dialog_get_context_row (StrataAddClusterDialog *self)
{
  return self->context_row;
}

GtkEditable *
_strata_add_cluster_dialog_get_name_row (StrataAddClusterDialog *self)
{
  return GTK_EDITABLE (self->name_row);
}

GtkWidget *
_strata_add_cluster_dialog_get_add_button (StrataAddClusterDialog *self)
{
  return self->add_button;
}

const char *
_strata_add_cluster_dialog_get_name_error (StrataAddClusterDialog *self)
{
  if (!gtk_revealer_get_reveal_child (self->name_error_revealer))
    return NULL;
  return gtk_label_get_label (self->name_error_label);
}

const char *
_strata_add_cluster_dialog_get_general_error (StrataAddClusterDialog *self)
{
  if (!gtk_revealer_get_reveal_child (self->general_error_revealer))
    return NULL;
  return gtk_label_get_label (self->general_error_label);
}

gboolean
_strata_add_cluster_dialog_get_loading (StrataAddClusterDialog *self)
{
  return self->loading;
}
