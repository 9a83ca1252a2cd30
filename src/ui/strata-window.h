/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "strata-application.h"
#include "strata-clusters-view.h"
#include "strata-profiles-view.h"

G_BEGIN_DECLS

#define STRATA_TYPE_WINDOW (strata_window_get_type ())
G_DECLARE_FINAL_TYPE (StrataWindow, strata_window, STRATA, WINDOW, AdwApplicationWindow)

StrataWindow       *strata_window_new               (StrataApplication *application);
StrataProfilesView *strata_window_get_profiles_view (StrataWindow      *self);
StrataClustersView *strata_window_get_clusters_view (StrataWindow      *self);
const char         *strata_window_get_view          (StrataWindow      *self);
void                strata_window_set_view          (StrataWindow      *self,
                                                     const char        *view);
void                strata_window_new_profile       (StrataWindow      *self);
void                strata_window_focus_search      (StrataWindow      *self);
void                strata_window_add_toast         (StrataWindow      *self,
                                                     AdwToast          *toast);

G_END_DECLS
