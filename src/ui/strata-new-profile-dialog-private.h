/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the UI test reaches inside the New Profile dialog. */
#pragma once

#include "strata-new-profile-dialog.h"

G_BEGIN_DECLS

GtkEditable *_strata_new_profile_dialog_get_name_row        (StrataNewProfileDialog *self);
GtkEditable *_strata_new_profile_dialog_get_version_row     (StrataNewProfileDialog *self);
GtkEditable *_strata_new_profile_dialog_get_description_row (StrataNewProfileDialog *self);
AdwComboRow *_strata_new_profile_dialog_get_type_row        (StrataNewProfileDialog *self);
GtkWidget   *_strata_new_profile_dialog_get_create_button   (StrataNewProfileDialog *self);
const char  *_strata_new_profile_dialog_get_name_error      (StrataNewProfileDialog *self);
const char  *_strata_new_profile_dialog_get_version_error   (StrataNewProfileDialog *self);

G_END_DECLS
