/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the UI test reaches inside the History dialog. */
#pragma once

#include "strata-history-dialog.h"

G_BEGIN_DECLS

GListModel *_strata_history_dialog_get_model (StrataHistoryDialog *self);
const char *_strata_history_dialog_get_state (StrataHistoryDialog *self);

G_END_DECLS
