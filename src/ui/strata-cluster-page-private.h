/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Between the cluster page, its actions, and the UI test. */
#pragma once

#include "strata-cluster-page.h"
#include "strata-status-monitor.h"

G_BEGIN_DECLS

struct _StrataClusterPage
{
  GtkWidget             parent_instance;

  StrataClusterStore   *store;
  StrataSandboxService *sandbox;
  StrataStatusMonitor  *monitor;
  StrataCluster        *cluster;
  GCancellable         *cancellable;
  /* One record edit at a time: each starts from what is on disk. */
  guint                 busy : 1;

  AdwWindowTitle       *window_title;
  AdwViewStack         *view_stack;
  AdwPreferencesGroup  *sandbox_group;
  AdwActionRow         *sandbox_error_row;
  AdwActionRow         *source_row;
  AdwActionRow         *status_row;
  AdwActionRow         *export_row;
  GtkLabel             *name_label;
  GtkLabel             *source_label;
  GtkLabel             *status_label;
  GtkLabel             *profile_label;
  GtkLabel             *added_label;
  AdwPreferencesGroup  *tags_group;
  AdwEntryRow          *tag_entry_row;
  GtkRevealer          *tag_error_revealer;
  GtkLabel             *tag_error_label;
  GtkWidget            *remove_button;
  /* The AdwActionRows of the tags, after the entry row. */
  GPtrArray            *tag_rows;

  AdwPreferencesGroup  *update_group;
  AdwActionRow         *update_row;
  GtkWidget            *review_button;
  GtkWidget            *attach_button;
  AdwComboRow          *profile_combo;
  AdwComboRow          *version_combo;
  AdwPreferencesGroup  *layers_group;
  /* The rows of layers_group (AdwExpanderRow), and per layer name its
   * override editor (OverrideEditor, strata-cluster-page-profile.c). */
  GPtrArray            *layer_rows;
  GHashTable           *override_editors;
  /* What the profile tab's combos were filled from, "" for none. */
  char                 *shown_profile;
  guint                 filling_combos : 1;
  /* Review changes, while open. */
  GtkWindow            *review_dialog;
};

void _strata_cluster_page_class_add_actions (GtkWidgetClass    *widget_class);
void _strata_cluster_page_update_state      (StrataClusterPage *self);
void _strata_cluster_page_set_busy          (StrataClusterPage *self,
                                             gboolean           busy);
void _strata_cluster_page_add_toast         (StrataClusterPage *self,
                                             AdwToast          *toast);
void _strata_cluster_page_error_toast       (StrataClusterPage *self,
                                             const char        *message,
                                             const char        *retry_action,
                                             GVariant          *retry_parameter);

void _strata_cluster_page_init_profile      (StrataClusterPage *self);
void _strata_cluster_page_dispose_profile   (StrataClusterPage *self);
void _strata_cluster_page_update_profile    (StrataClusterPage *self);
void _strata_cluster_page_class_add_profile (GtkWidgetClass    *widget_class);
StrataClusterManager *_strata_cluster_page_get_manager (StrataClusterPage *self);

/* For the UI test */
GtkEditable *_strata_cluster_page_get_tag_entry  (StrataClusterPage *self);
const char  *_strata_cluster_page_get_tag_error  (StrataClusterPage *self);
guint        _strata_cluster_page_get_n_tag_rows (StrataClusterPage *self);
const char  *_strata_cluster_page_get_status_text (StrataClusterPage *self);
const char  *_strata_cluster_page_get_source_text (StrataClusterPage *self);
const char  *_strata_cluster_page_get_subtitle   (StrataClusterPage *self);
const char  *_strata_cluster_page_get_sandbox_error (StrataClusterPage *self);
gboolean     _strata_cluster_page_get_busy       (StrataClusterPage *self);
void         _strata_cluster_page_set_section    (StrataClusterPage *self,
                                                  const char        *name);

GtkWindow   *_strata_cluster_page_get_review_dialog (StrataClusterPage *self);
/* The banner's text, or NULL when it is hidden. */
const char  *_strata_cluster_page_get_banner      (StrataClusterPage *self);
AdwComboRow *_strata_cluster_page_get_profile_combo (StrataClusterPage *self);
AdwComboRow *_strata_cluster_page_get_version_combo (StrataClusterPage *self);
guint        _strata_cluster_page_get_n_layer_rows (StrataClusterPage *self);
/* The override editor of @layer: its buffer, and its error (NULL if none). */
GtkTextBuffer *_strata_cluster_page_get_override_buffer (StrataClusterPage *self,
                                                         const char        *layer);
const char  *_strata_cluster_page_get_override_error (StrataClusterPage *self,
                                                      const char        *layer);

G_END_DECLS
