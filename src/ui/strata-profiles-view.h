/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "strata-core.h"
#include "strata-profile-page.h"

G_BEGIN_DECLS

#define STRATA_TYPE_PROFILES_VIEW (strata_profiles_view_get_type ())
G_DECLARE_FINAL_TYPE (StrataProfilesView, strata_profiles_view, STRATA, PROFILES_VIEW, GtkWidget)

StrataStore       *strata_profiles_view_get_store           (StrataProfilesView   *self);
void               strata_profiles_view_set_store           (StrataProfilesView   *self,
                                                             StrataStore          *store);
gboolean           strata_profiles_view_get_loading         (StrataProfilesView   *self);
void               strata_profiles_view_set_loading         (StrataProfilesView   *self,
                                                             gboolean              loading);
gboolean           strata_profiles_view_get_folded          (StrataProfilesView   *self);
void               strata_profiles_view_set_folded          (StrataProfilesView   *self,
                                                             gboolean              folded);
StrataProfilePage *strata_profiles_view_get_page            (StrataProfilesView   *self);
void               strata_profiles_view_new_profile         (StrataProfilesView   *self);
void               strata_profiles_view_focus_search        (StrataProfilesView   *self);
void               strata_profiles_view_open_profile        (StrataProfilesView   *self,
                                                             StrataProfile        *profile);
gboolean           strata_profiles_view_has_unsaved_changes (StrataProfilesView   *self);
void               strata_profiles_view_confirm_leave_async (StrataProfilesView   *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean           strata_profiles_view_confirm_leave_finish (StrataProfilesView  *self,
                                                              GAsyncResult        *result);

G_END_DECLS
