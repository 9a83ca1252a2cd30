/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "strata-core.h"

G_BEGIN_DECLS

#define STRATA_TYPE_PROFILE_PAGE (strata_profile_page_get_type ())
G_DECLARE_FINAL_TYPE (StrataProfilePage, strata_profile_page, STRATA, PROFILE_PAGE, GtkWidget)

StrataStore          *strata_profile_page_get_store               (StrataProfilePage   *self);
void                  strata_profile_page_set_store               (StrataProfilePage   *self,
                                                                   StrataStore         *store);
StrataProfile        *strata_profile_page_get_profile             (StrataProfilePage   *self);
void                  strata_profile_page_set_profile             (StrataProfilePage   *self,
                                                                   StrataProfile       *profile);
StrataProfileVersion *strata_profile_page_get_version             (StrataProfilePage   *self);
gboolean              strata_profile_page_select_version          (StrataProfilePage   *self,
                                                                   const char          *version);
gboolean              strata_profile_page_get_has_unsaved_changes (StrataProfilePage   *self);
void                  strata_profile_page_confirm_leave_async     (StrataProfilePage   *self,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
gboolean              strata_profile_page_confirm_leave_finish    (StrataProfilePage   *self,
                                                                   GAsyncResult        *result);

G_END_DECLS
