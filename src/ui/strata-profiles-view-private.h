/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the UI test reaches inside the Profiles view. */
#pragma once

#include "strata-profiles-view.h"

G_BEGIN_DECLS

GListModel     *_strata_profiles_view_get_list_model     (StrataProfilesView *self);
GtkColumnView  *_strata_profiles_view_get_column_view    (StrataProfilesView *self);
GtkEditable    *_strata_profiles_view_get_search_entry   (StrataProfilesView *self);
GtkLabel       *_strata_profiles_view_get_problems_label (StrataProfilesView *self);
gboolean        _strata_profiles_view_get_problems_shown (StrataProfilesView *self);
const char     *_strata_profiles_view_get_visible_page   (StrataProfilesView *self);
const char     *_strata_profiles_view_get_list_state     (StrataProfilesView *self);

G_END_DECLS
