/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Which lines of @current and @pending the other side does not have (a
 * longest-common-subsequence line diff): @current_changed and
 * @pending_changed get one gboolean per line of each text. */
void strata_review_mark_lines (const char  *current,
                               const char  *pending,
                               GArray     **current_changed,
                               GArray     **pending_changed);

/* A YAML buffer of @text with the lines @marks says marked in @color
 * (tag "changed"), and a mark "first-change". (transfer full) */
GtkTextBuffer *strata_review_side_buffer_new (const char    *text,
                                              GArray        *marks,
                                              const char    *color);
/* @heading over a read-only view of @buffer that shows its first change. */
GtkWidget     *strata_review_side_new        (const char    *heading,
                                              GtkTextBuffer *buffer,
                                              const char    *accessible_name);

G_END_DECLS
