/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Clusters view: every cluster record with its source, status, profile
 * and tags, searched by name or tag and filtered by an AND of tags; and the
 * page of the open cluster. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <adwaita.h>

#include "strata-accessible.h"
#include "strata-add-cluster-dialog.h"
#include "strata-clusters-view-private.h"

struct _StrataClustersView
{
  GtkWidget             parent_instance;

  StrataClusterStore   *store;
  StrataSandboxService *sandbox;
  GtkCustomFilter      *filter;
  /* Casefolded. */
  char                 *search_text;
  /* Normalised tags that must all match; NULL for none. */
  GStrv                 tag_filters;
  char                 *tag_filter_error;
  guint                 loading : 1;
  guint                 folded : 1;

  GtkStack             *stack;
  GtkSearchEntry       *search_entry;
  GtkWidget            *add_cluster_button;
  GtkRevealer          *sandbox_revealer;
  GtkLabel             *sandbox_error_label;
  GtkRevealer          *problems_revealer;
  GtkLabel             *problems_title;
  GtkLabel             *problems_label;
  GtkEntry             *tag_filter_entry;
  GtkLabel             *count_label;
  GtkStack             *list_stack;
  GtkSpinner           *spinner;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *tags_column;
  GtkSingleSelection   *selection;
  GtkFilterListModel   *filter_model;
  StrataClusterPage    *page;
};

enum {
  PROP_0,
  PROP_LOADING,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataClustersView, strata_clusters_view, GTK_TYPE_WIDGET)

/* Filtering */

static gboolean
cluster_matches_search (StrataCluster *cluster,
                        const char    *search_text)
{
  const char * const *tags = strata_cluster_get_tags (cluster);
  g_autofree char *name = g_utf8_casefold (strata_cluster_get_name (cluster), -1);

  if (strstr (name, search_text) != NULL)
    return TRUE;

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *tag = g_utf8_casefold (tags[i], -1);

      if (strstr (tag, search_text) != NULL)
        return TRUE;
    }

  return FALSE;
}

static gboolean
strata_clusters_view_filter_func (gpointer item,
                                  gpointer user_data)
{
  StrataClustersView *self = user_data;
  StrataCluster *cluster = item;

  if (self->search_text != NULL && !cluster_matches_search (cluster, self->search_text))
    return FALSE;

  return strata_cluster_matches_tags (cluster, (const char * const *) self->tag_filters);
}

/* "env:prod, tier:web" or "env:prod tier:web": commas when there are any,
 * since a tag's value may hold a blank. */
static GStrv
split_tag_filter (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  if (strchr (text, ',') != NULL)
    parts = g_strsplit (text, ",", -1);
  else
    parts = g_strsplit_set (text, " \t", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

static void
strata_clusters_view_update_count (StrataClustersView *self)
{
  GListModel *clusters = self->store ? strata_cluster_store_get_clusters (self->store) : NULL;
  guint n_clusters = clusters ? g_list_model_get_n_items (clusters) : 0;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *text = NULL;

  if (self->search_text == NULL && self->tag_filters == NULL)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u cluster", "%u clusters", n_clusters),
                            n_clusters);
  else
    text = g_strdup_printf (_("%u of %u"), n_shown, n_clusters);

  gtk_label_set_label (self->count_label, text);
}

static void
strata_clusters_view_update_list_state (StrataClustersView *self)
{
  GListModel *clusters = self->store ? strata_cluster_store_get_clusters (self->store) : NULL;
  guint n_clusters = clusters ? g_list_model_get_n_items (clusters) : 0;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  gboolean filtering = gtk_filter_list_model_get_pending (self->filter_model) > 0;
  const char *state;

  if (n_clusters == 0 && (self->loading || self->store == NULL))
    state = "loading";
  else if (n_clusters == 0)
    state = "empty";
  else if (n_shown == 0 && !filtering)
    state = "no-results";
  else
    state = "list";

  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
  gtk_stack_set_visible_child_name (self->list_stack, state);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->tag_filter_entry)), n_clusters > 0);
  strata_clusters_view_update_count (self);
}

static void
strata_clusters_view_update_problems (StrataClustersView *self)
{
  GPtrArray *problems = self->store ? strata_cluster_store_get_problems (self->store) : NULL;
  guint n = problems ? problems->len : 0;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *title = NULL;

  for (guint i = 0; i < n; i++)
    {
      const GError *error = g_ptr_array_index (problems, i);

      if (details->len > 0)
        g_string_append_c (details, '\n');
      g_string_append (details, error->message);
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u cluster file could not be read. It was left untouched; fix it and reload.",
                                        "%u cluster files could not be read. They were left untouched; fix them and reload.",
                                        n),
                           n);
  gtk_label_set_label (self->problems_title, title);
  gtk_label_set_label (self->problems_label, details->str);
  gtk_revealer_set_reveal_child (self->problems_revealer, n > 0);
}

static void
on_sandbox_error_changed (StrataClustersView   *self,
                          GParamSpec           *pspec,
                          StrataSandboxService *sandbox)
{
  const char *error = sandbox ? strata_sandbox_service_get_error (sandbox) : NULL;

  if (error != NULL)
    gtk_label_set_label (self->sandbox_error_label, error);
  gtk_revealer_set_reveal_child (self->sandbox_revealer, error != NULL);
}

/* A reload replaces every cluster object, and a removal takes one away:
 * keep the page on the record of the same name, or go back. */
static void
strata_clusters_view_refresh_page (StrataClustersView *self)
{
  StrataCluster *shown = strata_cluster_page_get_cluster (self->page);
  StrataCluster *current;

  if (shown == NULL || self->store == NULL || self->loading)
    return;

  current = strata_cluster_store_find_cluster (self->store, strata_cluster_get_name (shown));
  if (current == shown)
    return;

  if (current != NULL)
    strata_cluster_page_set_cluster (self->page, current);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "clusters.show-list", NULL);
}

static void
on_clusters_changed (StrataClustersView *self,
                     guint               position,
                     guint               removed,
                     guint               added,
                     GListModel         *model)
{
  strata_clusters_view_refresh_page (self);
  strata_clusters_view_update_list_state (self);
}

static void
on_filter_items_changed (StrataClustersView *self,
                         guint               position,
                         guint               removed,
                         guint               added,
                         GListModel         *model)
{
  strata_clusters_view_update_list_state (self);
}

static void
on_filter_pending_changed (StrataClustersView *self,
                           GParamSpec         *pspec,
                           GtkFilterListModel *model)
{
  strata_clusters_view_update_list_state (self);
}

static void
on_search_changed (StrataClustersView *self,
                   GtkSearchEntry     *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_clear_pointer (&self->search_text, g_free);
  if (text != NULL && *text != '\0')
    self->search_text = g_utf8_casefold (text, -1);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  strata_clusters_view_update_list_state (self);
}

static void
on_stop_search (StrataClustersView *self,
                GtkSearchEntry     *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_tag_filter_changed (StrataClustersView *self,
                       GtkEditable        *editable)
{
  g_auto(GStrv) parts = split_tag_filter (gtk_editable_get_text (editable));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;

  /* A tag still being typed wrong says so, and the others keep filtering. */
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autoptr(GError) tag_error = NULL;
      g_autofree char *tag = strata_cluster_normalize_tag (parts[i], &tag_error);

      if (tag != NULL)
        g_strv_builder_add (builder, tag);
      else if (error == NULL)
        error = g_steal_pointer (&tag_error);
    }

  g_clear_pointer (&self->tag_filters, g_strfreev);
  self->tag_filters = g_strv_builder_end (builder);
  if (self->tag_filters[0] == NULL)
    g_clear_pointer (&self->tag_filters, g_strfreev);

  g_clear_pointer (&self->tag_filter_error, g_free);
  if (error != NULL)
    {
      self->tag_filter_error = g_strdup (error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->tag_filter_entry), "error");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->tag_filter_entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tag_filter_entry), self->tag_filter_error);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  strata_clusters_view_update_list_state (self);
}

static void
on_tag_filter_icon_release (StrataClustersView   *self,
                            GtkEntryIconPosition  position,
                            GtkEntry             *entry)
{
  if (position == GTK_ENTRY_ICON_SECONDARY)
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_column_view_activate (StrataClustersView *self,
                         guint               position,
                         GtkColumnView      *column_view)
{
  g_autoptr(StrataCluster) cluster = NULL;

  cluster = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (cluster != NULL)
    strata_clusters_view_open_cluster (self, cluster);
}

static void
on_stack_transition_running (StrataClustersView *self,
                             GParamSpec         *pspec,
                             GtkStack           *stack)
{
  /* Let the page slide out with its content before it lets go of it. */
  if (!gtk_stack_get_transition_running (stack) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (stack), "list") == 0)
    strata_cluster_page_set_cluster (self->page, NULL);
}

static void
on_cluster_added (StrataClustersView *self,
                  StrataCluster      *cluster)
{
  strata_clusters_view_open_cluster (self, cluster);
}

/* Actions */

static void
strata_clusters_view_add_cluster_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  strata_clusters_view_add_cluster (STRATA_CLUSTERS_VIEW (widget));
}

static void
strata_clusters_view_show_list_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  StrataClustersView *self = STRATA_CLUSTERS_VIEW (widget);

  gtk_stack_set_visible_child_name (self->stack, "list");

  /* Without animations there is no end of transition to wait for. */
  if (!gtk_stack_get_transition_running (self->stack))
    strata_cluster_page_set_cluster (self->page, NULL);

  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* GObject */

static void
strata_clusters_view_dispose (GObject *object)
{
  StrataClustersView *self = (StrataClustersView *)object;
  GtkWidget *child;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (strata_cluster_store_get_clusters (self->store), self);
  if (self->sandbox != NULL)
    g_signal_handlers_disconnect_by_data (self->sandbox, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_CLUSTERS_VIEW);
  /* The template's unnamed top child is not cleared by the call above. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->filter);
  g_clear_object (&self->store);
  g_clear_object (&self->sandbox);

  G_OBJECT_CLASS (strata_clusters_view_parent_class)->dispose (object);
}

static void
strata_clusters_view_finalize (GObject *object)
{
  StrataClustersView *self = (StrataClustersView *)object;

  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->tag_filters, g_strfreev);
  g_clear_pointer (&self->tag_filter_error, g_free);

  G_OBJECT_CLASS (strata_clusters_view_parent_class)->finalize (object);
}

static void
strata_clusters_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  StrataClustersView *self = STRATA_CLUSTERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_clusters_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  StrataClustersView *self = STRATA_CLUSTERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      strata_clusters_view_set_loading (self, g_value_get_boolean (value));
      break;

    case PROP_FOLDED:
      strata_clusters_view_set_folded (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_clusters_view_class_init (StrataClustersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_clusters_view_dispose;
  object_class->finalize = strata_clusters_view_finalize;
  object_class->get_property = strata_clusters_view_get_property;
  object_class->set_property = strata_clusters_view_set_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (STRATA_TYPE_CLUSTER);
  g_type_ensure (STRATA_TYPE_CLUSTER_PAGE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/strata/Strata/ui/strata-clusters-view.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, stack);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, add_cluster_button);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, sandbox_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, sandbox_error_label);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, problems_title);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, problems_label);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, tag_filter_entry);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, count_label);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, spinner);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, column_view);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, tags_column);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, selection);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, filter_model);
  gtk_widget_class_bind_template_child (widget_class, StrataClustersView, page);
  gtk_widget_class_bind_template_callback_full (widget_class, "source_label",
                                                G_CALLBACK (_strata_clusters_view_source_label));
  gtk_widget_class_bind_template_callback_full (widget_class, "status_label",
                                                G_CALLBACK (_strata_clusters_view_status_label));
  gtk_widget_class_bind_template_callback_full (widget_class, "status_css_classes",
                                                G_CALLBACK (_strata_clusters_view_status_css_classes));
  gtk_widget_class_bind_template_callback_full (widget_class, "profile_label",
                                                G_CALLBACK (_strata_clusters_view_profile_label));
  gtk_widget_class_bind_template_callback (widget_class, on_filter_items_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_pending_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_filter_icon_release);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_transition_running);

  gtk_widget_class_install_action (widget_class, "clusters.add-cluster", NULL,
                                   strata_clusters_view_add_cluster_action);
  gtk_widget_class_install_action (widget_class, "clusters.show-list", NULL,
                                   strata_clusters_view_show_list_action);
}

static void
strata_clusters_view_init (StrataClustersView *self)
{
  g_autoptr(GtkListItemFactory) tags_factory = _strata_clusters_view_tags_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  strata_accessible_name_buttons (GTK_WIDGET (self));

  gtk_column_view_column_set_factory (self->tags_column, tags_factory);

  self->filter = gtk_custom_filter_new (strata_clusters_view_filter_func, self, NULL);
  gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  strata_clusters_view_update_list_state (self);
}

/* Public */

/**
 * strata_clusters_view_get_store:
 *
 * Returns: (transfer none) (nullable): the cluster records the view shows.
 */
StrataClusterStore *
strata_clusters_view_get_store (StrataClustersView *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTERS_VIEW (self), NULL);

  return self->store;
}

void
strata_clusters_view_set_store (StrataClustersView *self,
                                StrataClusterStore *store)
{
  g_return_if_fail (STRATA_IS_CLUSTERS_VIEW (self));
  g_return_if_fail (!store || STRATA_IS_CLUSTER_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (strata_cluster_store_get_clusters (self->store), self);

  if (!g_set_object (&self->store, store))
    return;

  if (store != NULL)
    g_signal_connect_object (strata_cluster_store_get_clusters (store), "items-changed",
                             G_CALLBACK (on_clusters_changed), self, G_CONNECT_SWAPPED);

  gtk_filter_list_model_set_model (self->filter_model,
                                   store ? strata_cluster_store_get_clusters (store) : NULL);
  strata_cluster_page_set_store (self->page, store);
  strata_clusters_view_update_problems (self);
  strata_clusters_view_update_list_state (self);
}

/* The sandbox the app runs: its failures show above the list, with Retry. */
void
strata_clusters_view_set_sandbox (StrataClustersView   *self,
                                  StrataSandboxService *sandbox)
{
  g_return_if_fail (STRATA_IS_CLUSTERS_VIEW (self));
  g_return_if_fail (!sandbox || STRATA_IS_SANDBOX_SERVICE (sandbox));

  if (self->sandbox != NULL)
    g_signal_handlers_disconnect_by_data (self->sandbox, self);

  g_set_object (&self->sandbox, sandbox);
  if (sandbox != NULL)
    g_signal_connect_object (sandbox, "notify::error",
                             G_CALLBACK (on_sandbox_error_changed), self, G_CONNECT_SWAPPED);
  strata_cluster_page_set_sandbox (self->page, sandbox);
  on_sandbox_error_changed (self, NULL, sandbox);
}

/* What keeps the status current: the page reviews and applies through it. */
void
strata_clusters_view_set_monitor (StrataClustersView  *self,
                                  StrataStatusMonitor *monitor)
{
  g_return_if_fail (STRATA_IS_CLUSTERS_VIEW (self));

  strata_cluster_page_set_monitor (self->page, monitor);
}

gboolean
strata_clusters_view_get_loading (StrataClustersView *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTERS_VIEW (self), FALSE);

  return self->loading;
}

void
strata_clusters_view_set_loading (StrataClustersView *self,
                                  gboolean            loading)
{
  g_return_if_fail (STRATA_IS_CLUSTERS_VIEW (self));

  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  if (!loading)
    {
      strata_clusters_view_update_problems (self);
      strata_clusters_view_refresh_page (self);
    }
  strata_clusters_view_update_list_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
strata_clusters_view_get_folded (StrataClustersView *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTERS_VIEW (self), FALSE);

  return self->folded;
}

void
strata_clusters_view_set_folded (StrataClustersView *self,
                                 gboolean            folded)
{
  g_return_if_fail (STRATA_IS_CLUSTERS_VIEW (self));

  folded = !!folded;
  if (self->folded == folded)
    return;

  self->folded = folded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
}

/**
 * strata_clusters_view_get_page:
 *
 * Returns: (transfer none): the page that shows one cluster.
 */
StrataClusterPage *
strata_clusters_view_get_page (StrataClustersView *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTERS_VIEW (self), NULL);

  return self->page;
}

void
strata_clusters_view_add_cluster (StrataClustersView *self)
{
  StrataAddClusterDialog *dialog;
  GtkRoot *root;

  g_return_if_fail (STRATA_IS_CLUSTERS_VIEW (self));

  if (self->store == NULL)
    return;

  dialog = strata_add_cluster_dialog_new (self->store);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "added",
                           G_CALLBACK (on_cluster_added), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
strata_clusters_view_focus_search (StrataClustersView *self)
{
  g_return_if_fail (STRATA_IS_CLUSTERS_VIEW (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "cluster") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "clusters.show-list", NULL);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
strata_clusters_view_open_cluster (StrataClustersView *self,
                                   StrataCluster      *cluster)
{
  g_return_if_fail (STRATA_IS_CLUSTERS_VIEW (self));
  g_return_if_fail (STRATA_IS_CLUSTER (cluster));

  strata_cluster_page_set_cluster (self->page, cluster);
  gtk_stack_set_visible_child_name (self->stack, "cluster");
}

/* For the UI test */

GListModel *
_strata_clusters_view_get_list_model (StrataClustersView *self)
{
  return G_LIST_MODEL (self->selection);
}

GtkFilterListModel *
_strata_clusters_view_get_filter_model (StrataClustersView *self)
{
  return self->filter_model;
}

GtkColumnView *
_strata_clusters_view_get_column_view (StrataClustersView *self)
{
  return self->column_view;
}

GtkEditable *
_strata_clusters_view_get_search_entry (StrataClustersView *self)
{
  return GTK_EDITABLE (self->search_entry);
}

GtkEditable *
_strata_clusters_view_get_tag_filter_entry (StrataClustersView *self)
{
  return GTK_EDITABLE (self->tag_filter_entry);
}

const char *
_strata_clusters_view_get_tag_filter_error (StrataClustersView *self)
{
  return self->tag_filter_error;
}

/* The message above the list, or NULL when none is shown. */
const char *
_strata_clusters_view_get_sandbox_error (StrataClustersView *self)
{
  if (!gtk_revealer_get_reveal_child (self->sandbox_revealer))
    return NULL;
  return gtk_label_get_label (self->sandbox_error_label);
}

GtkWidget *
_strata_clusters_view_get_add_button (StrataClustersView *self)
{
  return self->add_cluster_button;
}

/* "list" or "cluster". */
const char *
_strata_clusters_view_get_visible_page (StrataClustersView *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

/* "loading", "empty", "no-results" or "list". */
const char *
_strata_clusters_view_get_list_state (StrataClustersView *self)
{
  return gtk_stack_get_visible_child_name (self->list_stack);
}
