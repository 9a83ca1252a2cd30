/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Between the cluster page, its actions, and the UI test. */
#pragma once

#include "strata-cluster-page.h"

G_BEGIN_DECLS

struct _StrataClusterPage
{
  GtkWidget             parent_instance;

  StrataClusterStore   *store;
  StrataSandboxService *sandbox;
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

G_END_DECLS
