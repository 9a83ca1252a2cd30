/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "strata-core.h"

G_BEGIN_DECLS

#define STRATA_TYPE_HISTORY_DIALOG (strata_history_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StrataHistoryDialog, strata_history_dialog, STRATA, HISTORY_DIALOG, AdwWindow)

StrataHistoryDialog *strata_history_dialog_new (StrataStore          *store,
                                                StrataProfile        *profile,
                                                StrataProfileVersion *version,
                                                gboolean              has_unsaved_changes);

G_END_DECLS
