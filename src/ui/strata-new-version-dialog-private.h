/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the UI test reaches inside the New Version dialog. */
#pragma once

#include "strata-new-version-dialog.h"

G_BEGIN_DECLS

GtkEditable *_strata_new_version_dialog_get_version_row   (StrataNewVersionDialog *self);
GtkWidget   *_strata_new_version_dialog_get_create_button (StrataNewVersionDialog *self);
const char  *_strata_new_version_dialog_get_source_text   (StrataNewVersionDialog *self);
const char  *_strata_new_version_dialog_get_error         (StrataNewVersionDialog *self);

G_END_DECLS
