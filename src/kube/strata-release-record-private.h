/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-release-record.h"

G_BEGIN_DECLS

/* Gives the record its number and the time of writing. */
void _strata_release_record_mark_written (StrataReleaseRecord *self,
                                          guint                number);

G_END_DECLS
