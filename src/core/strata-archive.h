/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads a gzip-compressed tar archive (a Helm chart .tgz, a pack archive)
 * into memory: regular files only, keyed by their path below the archive's
 * single top-level folder ("mychart/templates/a.yaml" → "templates/a.yaml"),
 * as `helm package` lays them out. Absolute paths, ".." and files outside
 * that folder are refused: an archive cannot write or name anything else.
 *
 * @top_folder: (out) (optional) (transfer full): the top-level folder's name.
 * Returns: (transfer full) (element-type utf8 GBytes): path → contents. */
GHashTable *strata_archive_read        (GBytes      *archive,
                                        const char  *what,
                                        char       **top_folder,
                                        GError     **error);
GHashTable *strata_archive_read_file   (const char  *path,
                                        char       **top_folder,
                                        GError     **error);
/* Writes what strata_archive_read() returned below @folder. */
gboolean    strata_archive_write_files (GHashTable  *files,
                                        const char  *folder,
                                        GError     **error);

G_END_DECLS
