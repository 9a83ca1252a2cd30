/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Profiles view: the list of profiles, and the page of the open one. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <adwaita.h>

#include "strata-accessible.h"
#include "strata-new-profile-dialog.h"
#include "strata-profiles-view-private.h"

struct _StrataProfilesView
{
  GtkWidget            parent_instance;

  StrataStore         *store;
  GtkCustomFilter     *filter;
  char                *search_text;
  /* Waits for the open page to agree to close (unsaved changes). */
  StrataProfile       *pending_profile;
  guint                loading : 1;
  guint                folded : 1;
  guint                focus_search_pending : 1;

  GtkStack            *stack;
  GtkSearchEntry      *search_entry;
  GtkRevealer         *problems_revealer;
  GtkLabel            *problems_title;
  GtkLabel            *problems_label;
  GtkStack            *list_stack;
  GtkSpinner          *spinner;
  GtkColumnView       *column_view;
  GtkSingleSelection  *selection;
  GtkFilterListModel  *filter_model;
  StrataProfilePage   *page;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADING,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataProfilesView, strata_profiles_view, GTK_TYPE_WIDGET)

static char *
profile_type_label (gpointer          this,
                    StrataProfileType type)
{
  switch (type)
    {
    case STRATA_PROFILE_TYPE_FULL:
      return g_strdup (C_("profile type", "Full"));

    case STRATA_PROFILE_TYPE_ADD_ON:
    default:
      return g_strdup (C_("profile type", "Add-on"));
    }
}

static char *
latest_version_label (gpointer              this,
                      StrataProfileVersion *version)
{
  if (version == NULL)
    return g_strdup ("—");

  return g_strdup (strata_profile_version_get_version (version));
}

static char *
description_label (gpointer    this,
                   const char *description)
{
  g_autofree char *first_line = NULL;
  const char *newline;

  if (description == NULL)
    return g_strdup ("");

  /* One line per row: the rest is on the profile page. */
  newline = strchr (description, '\n');
  if (newline == NULL)
    return g_strdup (description);
  first_line = g_strndup (description, newline - description);
  return g_strdup_printf ("%s…", first_line);
}

static gboolean
strata_profiles_view_filter_func (gpointer item,
                                  gpointer user_data)
{
  StrataProfilesView *self = user_data;
  StrataProfile *profile = item;
  const char *description;
  g_autofree char *name = NULL;
  g_autofree char *folded_description = NULL;

  if (self->search_text == NULL)
    return TRUE;

  name = g_utf8_casefold (strata_profile_get_name (profile), -1);
  if (strstr (name, self->search_text) != NULL)
    return TRUE;

  description = strata_profile_get_description (profile);
  if (description == NULL)
    return FALSE;
  folded_description = g_utf8_casefold (description, -1);
  return strstr (folded_description, self->search_text) != NULL;
}

static void
strata_profiles_view_update_list_state (StrataProfilesView *self)
{
  GListModel *profiles = self->store ? strata_store_get_profiles (self->store) : NULL;
  guint n_profiles = profiles ? g_list_model_get_n_items (profiles) : 0;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  const char *state;

  if (n_profiles == 0 && (self->loading || self->store == NULL))
    state = "loading";
  else if (n_profiles == 0)
    state = "empty";
  else if (n_shown == 0)
    state = "no-results";
  else
    state = "list";

  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
  gtk_stack_set_visible_child_name (self->list_stack, state);
}

static void
strata_profiles_view_update_problems (StrataProfilesView *self)
{
  GPtrArray *problems = self->store ? strata_store_get_problems (self->store) : NULL;
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
                                        "%u profile file could not be read. It was left untouched; fix it and reload.",
                                        "%u profile files could not be read. They were left untouched; fix them and reload.",
                                        n),
                           n);
  gtk_label_set_label (self->problems_title, title);
  gtk_label_set_label (self->problems_label, details->str);
  gtk_revealer_set_reveal_child (self->problems_revealer, n > 0);
}

/* A reload replaces every profile object; show the new one of the same name. */
static void
strata_profiles_view_refresh_page (StrataProfilesView *self)
{
  StrataProfile *shown = strata_profile_page_get_profile (self->page);
  StrataProfile *current;

  if (shown == NULL || self->store == NULL)
    return;

  current = strata_store_find_profile (self->store, strata_profile_get_name (shown));
  if (current == shown)
    return;

  if (current != NULL)
    strata_profile_page_set_profile (self->page, current);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "profiles.show-list", NULL);
}

static void
on_filter_items_changed (StrataProfilesView *self,
                         guint               position,
                         guint               removed,
                         guint               added,
                         GListModel         *model)
{
  strata_profiles_view_update_list_state (self);
}

static void
on_search_changed (StrataProfilesView *self,
                   GtkSearchEntry     *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_clear_pointer (&self->search_text, g_free);
  if (text != NULL && *text != '\0')
    self->search_text = g_utf8_casefold (text, -1);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  strata_profiles_view_update_list_state (self);
}

static void
on_stop_search (StrataProfilesView *self,
                GtkSearchEntry     *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
strata_profiles_view_show_profile (StrataProfilesView *self,
                                   StrataProfile      *profile)
{
  strata_profile_page_set_profile (self->page, profile);
  gtk_stack_set_visible_child_name (self->stack, "profile");
}

static void
strata_profiles_view_open_confirmed_cb (GObject      *object,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
  g_autoptr(StrataProfilesView) self = user_data;
  g_autoptr(StrataProfile) profile = g_steal_pointer (&self->pending_profile);

  if (strata_profile_page_confirm_leave_finish (STRATA_PROFILE_PAGE (object), result) &&
      profile != NULL)
    strata_profiles_view_show_profile (self, profile);
}

static void
on_column_view_activate (StrataProfilesView *self,
                         guint               position,
                         GtkColumnView      *column_view)
{
  g_autoptr(StrataProfile) profile = NULL;

  profile = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (profile != NULL)
    strata_profiles_view_open_profile (self, profile);
}

static void
on_stack_transition_running (StrataProfilesView *self,
                             GParamSpec         *pspec,
                             GtkStack           *stack)
{
  /* Let the page slide out with its content before it lets go of it. */
  if (!gtk_stack_get_transition_running (stack) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (stack), "list") == 0)
    strata_profile_page_set_profile (self->page, NULL);
}

static void
on_profile_created (StrataProfilesView *self,
                    StrataProfile      *profile)
{
  g_assert (STRATA_IS_PROFILES_VIEW (self));
  g_assert (STRATA_IS_PROFILE (profile));

  strata_profiles_view_open_profile (self, profile);
}

static void
strata_profiles_view_new_profile_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  strata_profiles_view_new_profile (STRATA_PROFILES_VIEW (widget));
}

static void
strata_profiles_view_show_list_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  StrataProfilesView *self = STRATA_PROFILES_VIEW (widget);

  gtk_stack_set_visible_child_name (self->stack, "list");

  /* Without animations there is no end of transition to wait for. */
  if (!gtk_stack_get_transition_running (self->stack))
    strata_profile_page_set_profile (self->page, NULL);

  if (self->focus_search_pending)
    {
      self->focus_search_pending = FALSE;
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
strata_profiles_view_dispose (GObject *object)
{
  StrataProfilesView *self = (StrataProfilesView *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_PROFILES_VIEW);
  /* The template's unnamed top child is not cleared by the call above. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->filter);
  g_clear_object (&self->store);
  g_clear_object (&self->pending_profile);

  G_OBJECT_CLASS (strata_profiles_view_parent_class)->dispose (object);
}

static void
strata_profiles_view_finalize (GObject *object)
{
  StrataProfilesView *self = (StrataProfilesView *)object;

  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (strata_profiles_view_parent_class)->finalize (object);
}

static void
strata_profiles_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  StrataProfilesView *self = STRATA_PROFILES_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

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
strata_profiles_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  StrataProfilesView *self = STRATA_PROFILES_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      strata_profiles_view_set_store (self, g_value_get_object (value));
      break;

    case PROP_LOADING:
      strata_profiles_view_set_loading (self, g_value_get_boolean (value));
      break;

    case PROP_FOLDED:
      strata_profiles_view_set_folded (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_profiles_view_class_init (StrataProfilesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_profiles_view_dispose;
  object_class->finalize = strata_profiles_view_finalize;
  object_class->get_property = strata_profiles_view_get_property;
  object_class->set_property = strata_profiles_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         STRATA_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (STRATA_TYPE_PROFILE);
  g_type_ensure (STRATA_TYPE_PROFILE_VERSION);
  g_type_ensure (STRATA_TYPE_PROFILE_PAGE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/strata/Strata/ui/strata-profiles-view.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataProfilesView, stack);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilesView, problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilesView, problems_title);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilesView, problems_label);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilesView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilesView, spinner);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilesView, column_view);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilesView, selection);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilesView, filter_model);
  gtk_widget_class_bind_template_child (widget_class, StrataProfilesView, page);
  gtk_widget_class_bind_template_callback (widget_class, profile_type_label);
  gtk_widget_class_bind_template_callback (widget_class, latest_version_label);
  gtk_widget_class_bind_template_callback (widget_class, description_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_items_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_transition_running);

  gtk_widget_class_install_action (widget_class, "profiles.new-profile", NULL,
                                   strata_profiles_view_new_profile_action);
  gtk_widget_class_install_action (widget_class, "profiles.show-list", NULL,
                                   strata_profiles_view_show_list_action);
}

static void
strata_profiles_view_init (StrataProfilesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  strata_accessible_name_buttons (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (strata_profiles_view_filter_func, self, NULL);
  gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  strata_profiles_view_update_list_state (self);
}

/**
 * strata_profiles_view_get_store:
 *
 * Returns: (transfer none) (nullable): the store the view shows.
 */
StrataStore *
strata_profiles_view_get_store (StrataProfilesView *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILES_VIEW (self), NULL);

  return self->store;
}

void
strata_profiles_view_set_store (StrataProfilesView *self,
                                StrataStore        *store)
{
  g_return_if_fail (STRATA_IS_PROFILES_VIEW (self));
  g_return_if_fail (!store || STRATA_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  gtk_filter_list_model_set_model (self->filter_model,
                                   store ? strata_store_get_profiles (store) : NULL);
  strata_profile_page_set_store (self->page, store);
  strata_profiles_view_update_problems (self);
  strata_profiles_view_update_list_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gboolean
strata_profiles_view_get_loading (StrataProfilesView *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILES_VIEW (self), FALSE);

  return self->loading;
}

/* While the store loads, the view shows progress instead of "no profiles";
 * when it is done, the files it could not read are listed. */
void
strata_profiles_view_set_loading (StrataProfilesView *self,
                                  gboolean            loading)
{
  g_return_if_fail (STRATA_IS_PROFILES_VIEW (self));

  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  if (!loading)
    {
      strata_profiles_view_update_problems (self);
      strata_profiles_view_refresh_page (self);
    }
  strata_profiles_view_update_list_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
strata_profiles_view_get_folded (StrataProfilesView *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILES_VIEW (self), FALSE);

  return self->folded;
}

void
strata_profiles_view_set_folded (StrataProfilesView *self,
                                 gboolean            folded)
{
  g_return_if_fail (STRATA_IS_PROFILES_VIEW (self));

  folded = !!folded;
  if (self->folded == folded)
    return;

  self->folded = folded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
}

/**
 * strata_profiles_view_get_page:
 *
 * Returns: (transfer none): the page that shows one profile.
 */
StrataProfilePage *
strata_profiles_view_get_page (StrataProfilesView *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILES_VIEW (self), NULL);

  return self->page;
}

void
strata_profiles_view_new_profile (StrataProfilesView *self)
{
  StrataNewProfileDialog *dialog;
  GtkRoot *root;

  g_return_if_fail (STRATA_IS_PROFILES_VIEW (self));

  if (self->store == NULL)
    return;

  dialog = strata_new_profile_dialog_new (self->store);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "created",
                           G_CALLBACK (on_profile_created), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
strata_profiles_view_focus_search (StrataProfilesView *self)
{
  g_return_if_fail (STRATA_IS_PROFILES_VIEW (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "profile") == 0)
    {
      /* Going back may ask about unsaved changes first. */
      self->focus_search_pending = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (self->page), "profile.back", NULL);
      return;
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
strata_profiles_view_open_profile (StrataProfilesView *self,
                                   StrataProfile      *profile)
{
  g_return_if_fail (STRATA_IS_PROFILES_VIEW (self));
  g_return_if_fail (STRATA_IS_PROFILE (profile));

  if (strata_profiles_view_has_unsaved_changes (self) &&
      strata_profile_page_get_profile (self->page) != profile)
    {
      g_set_object (&self->pending_profile, profile);
      strata_profile_page_confirm_leave_async (self->page, NULL,
                                               strata_profiles_view_open_confirmed_cb,
                                               g_object_ref (self));
      return;
    }

  strata_profiles_view_show_profile (self, profile);
}

gboolean
strata_profiles_view_has_unsaved_changes (StrataProfilesView *self)
{
  g_return_val_if_fail (STRATA_IS_PROFILES_VIEW (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "profile") == 0 &&
         strata_profile_page_get_has_unsaved_changes (self->page);
}

static void
strata_profiles_view_confirm_leave_cb (GObject      *object,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  g_task_return_boolean (task,
                         strata_profile_page_confirm_leave_finish (STRATA_PROFILE_PAGE (object),
                                                                   result));
}

/* Resolves to TRUE once the open page has nothing unsaved (the user saved
 * or discarded), FALSE when the user chose to stay. */
void
strata_profiles_view_confirm_leave_async (StrataProfilesView  *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (STRATA_IS_PROFILES_VIEW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_profiles_view_confirm_leave_async);

  if (!strata_profiles_view_has_unsaved_changes (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  strata_profile_page_confirm_leave_async (self->page, cancellable,
                                           strata_profiles_view_confirm_leave_cb,
                                           g_steal_pointer (&task));
}

gboolean
strata_profiles_view_confirm_leave_finish (StrataProfilesView *self,
                                           GAsyncResult       *result)
{
  g_return_val_if_fail (STRATA_IS_PROFILES_VIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), NULL);
}

GListModel *
_strata_profiles_view_get_list_model (StrataProfilesView *self)
{
  return G_LIST_MODEL (self->selection);
}

GtkColumnView *
_strata_profiles_view_get_column_view (StrataProfilesView *self)
{
  return self->column_view;
}

GtkEditable *
_strata_profiles_view_get_search_entry (StrataProfilesView *self)
{
  return GTK_EDITABLE (self->search_entry);
}

GtkLabel *
_strata_profiles_view_get_problems_label (StrataProfilesView *self)
{
  return self->problems_label;
}

gboolean
_strata_profiles_view_get_problems_shown (StrataProfilesView *self)
{
  return gtk_revealer_get_reveal_child (self->problems_revealer);
}

/* "list" or "profile". */
const char *
_strata_profiles_view_get_visible_page (StrataProfilesView *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

/* "loading", "empty", "no-results" or "list". */
const char *
_strata_profiles_view_get_list_state (StrataProfilesView *self)
{
  return gtk_stack_get_visible_child_name (self->list_stack);
}
