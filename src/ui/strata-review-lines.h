/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which lines of @current and @pending the other side does not have (a
 * longest-common-subsequence line diff): @current_changed and
 * @pending_changed get one gboolean per line of each text. */
void strata_review_mark_lines (const char  *current,
                               const char  *pending,
                               GArray     **current_changed,
                               GArray     **pending_changed);

G_END_DECLS
