/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Durable replacement of a file: write a temporary beside it, fsync, rename,
 * fsync the folder. A crash at any point leaves either the old or the new
 * file, never a torn one. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "strata-atomic-file.h"
#include "strata-core-error.h"

static char *crash_before_rename;

void
_strata_atomic_file_set_crash_before_rename (const char *path)
{
  g_free (crash_before_rename);
  crash_before_rename = g_strdup (path);
}

static gboolean
set_io_error (GError     **error,
              const char  *path,
              int          saved_errno)
{
  g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IO,
               _("Could not write “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int          fd,
           const char  *contents,
           gsize        length)
{
  while (length > 0)
    {
      gssize written = write (fd, contents, length);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      contents += written;
      length -= written;
    }

  return TRUE;
}

static void
sync_folder (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  /* Best effort: the rename is already atomic, this only makes it durable. */
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
write_with_mode (const char  *path,
                 const char  *contents,
                 gssize       length,
                 int          mode,
                 GError     **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp_path = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);

  if (length < 0)
    length = strlen (contents);

  folder = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  /* A leading dot keeps half-written temporaries out of every folder scan. */
  temp_path = g_strdup_printf ("%s/.%s.XXXXXX", folder, base);

  /* The mode is set when the temporary is created, so a private file is
   * never readable by others, not even for a moment. */
  fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, mode);
  if (fd < 0)
    return set_io_error (error, path, errno);

  if (!write_all (fd, contents, length) || fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (temp_path);
      return set_io_error (error, path, saved_errno);
    }

  if (close (fd) != 0)
    {
      int saved_errno = errno;

      g_unlink (temp_path);
      return set_io_error (error, path, saved_errno);
    }

  if (g_strcmp0 (crash_before_rename, path) == 0)
    _exit (99);

  if (g_rename (temp_path, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (temp_path);
      return set_io_error (error, path, saved_errno);
    }

  sync_folder (path);

  return TRUE;
}

gboolean
strata_atomic_file_write (const char  *path,
                          const char  *contents,
                          gssize       length,
                          GError     **error)
{
  return write_with_mode (path, contents, length, 0644, error);
}

/* For files holding secrets (kubeconfigs with keys and tokens): mode 0600. */
gboolean
strata_atomic_file_write_private (const char  *path,
                                  const char  *contents,
                                  gssize       length,
                                  GError     **error)
{
  return write_with_mode (path, contents, length, 0600, error);
}
