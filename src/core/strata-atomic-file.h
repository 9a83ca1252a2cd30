/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean strata_atomic_file_write (const char  *path,
                                   const char  *contents,
                                   gssize       length,
                                   GError     **error);
/* The same, with mode 0600 (owner only), for files that hold secrets. */
gboolean strata_atomic_file_write_private (const char  *path,
                                           const char  *contents,
                                           gssize       length,
                                           GError     **error);

/* For the crash-safety tests only: exit the process when writing @path, right
 * after the temporary file is durable and before it replaces @path. */
void     _strata_atomic_file_set_crash_before_rename (const char *path);

G_END_DECLS
