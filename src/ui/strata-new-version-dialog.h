/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "strata-core.h"

G_BEGIN_DECLS

#define STRATA_TYPE_NEW_VERSION_DIALOG (strata_new_version_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StrataNewVersionDialog, strata_new_version_dialog, STRATA, NEW_VERSION_DIALOG, AdwWindow)

StrataNewVersionDialog *strata_new_version_dialog_new (StrataStore          *store,
                                                       StrataProfile        *profile,
                                                       StrataProfileVersion *from,
                                                       gboolean              from_has_unsaved_changes);

G_END_DECLS
