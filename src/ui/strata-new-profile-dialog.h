/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "strata-core.h"

G_BEGIN_DECLS

#define STRATA_TYPE_NEW_PROFILE_DIALOG (strata_new_profile_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StrataNewProfileDialog, strata_new_profile_dialog, STRATA, NEW_PROFILE_DIALOG, AdwWindow)

StrataNewProfileDialog *strata_new_profile_dialog_new (StrataStore *store);

G_END_DECLS
