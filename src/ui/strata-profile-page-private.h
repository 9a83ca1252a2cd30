/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by strata-profile-page.c and strata-profile-page-actions.c, and
 * the getters the UI test uses to reach inside the page. */
#pragma once

#include <adwaita.h>

#include "strata-layer-editor.h"
#include "strata-profile-page.h"

G_BEGIN_DECLS

struct _StrataProfilePage
{
  GtkWidget             parent_instance;

  StrataStore          *store;
  StrataProfile        *profile;
  /* The selected version as the store has it, and the copy being edited. */
  StrataProfileVersion *version;
  StrataProfileVersion *working;
  StrataLayer          *layer;
  /* Waits for an answer about unsaved changes before being shown. */
  StrataProfileVersion *pending_version;
  GSignalGroup         *profile_signals;
  GSignalGroup         *version_signals;
  GCancellable         *cancellable;

  guint                 has_unsaved_changes : 1;
  guint                 busy : 1;
  guint                 updating_editor : 1;
  guint                 reverting_selection : 1;

  AdwWindowTitle       *window_title;
  GtkButton            *back_button;
  GtkMenuButton        *menu_button;
  GtkButton            *save_button;
  GtkButton            *discard_button;
  GtkLabel             *name_label;
  GtkDropDown          *version_drop_down;
  GtkButton            *new_version_button;
  GtkButton            *history_button;
  GtkLabel             *type_label;
  GtkLabel             *revision_label;
  GtkLabel             *description_label;
  GtkStack             *content_stack;
  AdwStatusPage        *empty_status;
  GtkColumnView        *layers_view;
  GtkSingleSelection   *layers_selection;
  GtkButton            *add_layer_button;
  GtkButton            *empty_add_layer_button;
  GtkButton            *remove_layer_button;
  StrataLayerEditor    *layer_editor;
};

/* strata-profile-page.c */
void      _strata_profile_page_set_busy        (StrataProfilePage  *self,
                                                gboolean            busy);
void      _strata_profile_page_update_state    (StrataProfilePage  *self);
void      _strata_profile_page_reset_working   (StrataProfilePage  *self);
void      _strata_profile_page_select_layer    (StrataProfilePage  *self,
                                                StrataLayer        *layer);
void      _strata_profile_page_add_toast       (StrataProfilePage  *self,
                                                AdwToast           *toast);
void      _strata_profile_page_error_toast     (StrataProfilePage  *self,
                                                const GError       *error,
                                                const char         *retry_action,
                                                GVariant           *retry_parameter);
gboolean  _strata_profile_page_version_is_current (StrataProfilePage *self);

/* strata-profile-page-actions.c */
void      _strata_profile_page_class_actions_init (GtkWidgetClass *widget_class);
void      _strata_profile_page_save_async      (StrataProfilePage   *self,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean  _strata_profile_page_save_finish     (StrataProfilePage   *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* For the UI test. */
GtkDropDown     *_strata_profile_page_get_version_drop_down (StrataProfilePage *self);
GListModel      *_strata_profile_page_get_layers_model      (StrataProfilePage *self);
GtkSingleSelection *_strata_profile_page_get_layers_selection (StrataProfilePage *self);
StrataProfileVersion *_strata_profile_page_get_working      (StrataProfilePage *self);
GtkTextBuffer   *_strata_profile_page_get_editor_buffer     (StrataProfilePage *self);
GtkWidget       *_strata_profile_page_get_source_view       (StrataProfilePage *self);
GtkEditable     *_strata_profile_page_get_namespace_row     (StrataProfilePage *self);
GtkSpinButton   *_strata_profile_page_get_priority_spin     (StrataProfilePage *self);
GtkWidget       *_strata_profile_page_get_save_button       (StrataProfilePage *self);
GtkWidget       *_strata_profile_page_get_discard_button    (StrataProfilePage *self);
GtkWidget       *_strata_profile_page_get_new_version_button (StrataProfilePage *self);
GtkWidget       *_strata_profile_page_get_history_button    (StrataProfilePage *self);
GtkWidget       *_strata_profile_page_get_add_layer_button  (StrataProfilePage *self);
GtkWidget       *_strata_profile_page_get_remove_layer_button (StrataProfilePage *self);
const char      *_strata_profile_page_get_content_state     (StrataProfilePage *self);

G_END_DECLS
