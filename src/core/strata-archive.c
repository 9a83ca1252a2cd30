/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>

#include "strata-archive.h"
#include "strata-core-error.h"

/* Charts are small; anything far bigger is not a chart and would only
 * exhaust memory. */
#define MAX_FILE_SIZE  (64 * 1024 * 1024)


static gboolean
is_safe_path (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path[0] == '\0' || path[0] == '/')
    return FALSE;

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], "..") == 0)
      return FALSE;

  return TRUE;
}

static GBytes *
read_entry_data (struct archive  *reader,
                 gint64           size,
                 const char      *what,
                 const char      *path,
                 GError         **error)
{
  g_autoptr(GByteArray) data = g_byte_array_sized_new (size > 0 && size < MAX_FILE_SIZE ? size : 0);
  guint8 buffer[16384];

  for (;;)
    {
      la_ssize_t n = archive_read_data (reader, buffer, sizeof buffer);

      if (n == 0)
        break;
      if (n < 0)
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                       _("%s: cannot read %s: %s"), what, path, archive_error_string (reader));
          return NULL;
        }
      if (data->len + n > MAX_FILE_SIZE)
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                       _("%s: %s is larger than 64 MiB"), what, path);
          return NULL;
        }
      g_byte_array_append (data, buffer, n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* Splits "top/rest" and checks every entry shares the same top folder. */
static const char *
strip_top_folder (const char  *path,
                  char       **top_folder,
                  const char  *what,
                  GError     **error)
{
  const char *slash;

  while (g_str_has_prefix (path, "./"))
    path += 2;

  if (!is_safe_path (path))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("%s: the archive holds an unsafe path “%s”"), what, path);
      return NULL;
    }

  slash = strchr (path, '/');
  if (slash == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("%s: “%s” is outside the archive’s top folder (a chart archive holds one folder, "
                     "as helm package makes it)"), what, path);
      return NULL;
    }

  if (*top_folder == NULL)
    *top_folder = g_strndup (path, slash - path);
  else if (strncmp (*top_folder, path, slash - path) != 0 || (*top_folder)[slash - path] != '\0')
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("%s: the archive has more than one top folder (“%s” and “%.*s”)"),
                   what, *top_folder, (int)(slash - path), path);
      return NULL;
    }

  return slash + 1;
}

/**
 * strata_archive_read:
 * @archive: the .tgz
 * @what: how errors name it (a file or a chart)
 * @top_folder: (out) (optional) (transfer full):
 * @error: return location for a #STRATA_CORE_ERROR
 *
 * Returns: (transfer full): path → #GBytes
 */
GHashTable *
strata_archive_read (GBytes      *archive,
                     const char  *what,
                     char       **top_folder,
                     GError     **error)
{
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify)g_bytes_unref);
  g_autofree char *top = NULL;
  struct archive *reader = archive_read_new ();
  struct archive_entry *entry;
  gsize size;
  const void *data = g_bytes_get_data (archive, &size);
  gboolean ok = TRUE;
  int status;

  archive_read_support_filter_gzip (reader);
  archive_read_support_format_tar (reader);

  if (archive_read_open_memory (reader, data, size) != ARCHIVE_OK)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("%s is not a gzip-compressed tar archive: %s"), what, archive_error_string (reader));
      archive_read_free (reader);
      return NULL;
    }

  while (ok && (status = archive_read_next_header (reader, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      const char *relative;
      GBytes *contents;

      if (archive_entry_filetype (entry) != AE_IFREG)
        {
          /* Folders are implied by their files; links and devices have no
           * place in a chart. Pax headers never reach here. */
          if (archive_entry_filetype (entry) != AE_IFDIR)
            {
              g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                           _("%s: “%s” is not a regular file or folder"), what, name ? name : "");
              ok = FALSE;
            }
          continue;
        }

      if (name == NULL || (relative = strip_top_folder (name, &top, what, error)) == NULL)
        {
          if (name == NULL)
            g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                         _("%s: an entry has no name"), what);
          ok = FALSE;
          continue;
        }

      contents = read_entry_data (reader, archive_entry_size (entry), what, name, error);
      if (contents == NULL)
        {
          ok = FALSE;
          continue;
        }
      g_hash_table_replace (files, g_strdup (relative), contents);
    }

  if (ok && status != ARCHIVE_EOF)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("%s is not a readable chart archive: %s"), what, archive_error_string (reader));
      ok = FALSE;
    }
  archive_read_free (reader);

  if (!ok)
    return NULL;

  if (g_hash_table_size (files) == 0)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("%s: the archive is empty"), what);
      return NULL;
    }

  if (top_folder != NULL)
    *top_folder = g_steal_pointer (&top);
  return g_steal_pointer (&files);
}

/**
 * strata_archive_read_file:
 *
 * Returns: (transfer full): path → #GBytes, as strata_archive_read().
 */
GHashTable *
strata_archive_read_file (const char  *path,
                          char       **top_folder,
                          GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;

  bytes = g_mapped_file_get_bytes (mapped);
  return strata_archive_read (bytes, path, top_folder, error);
}

gboolean
strata_archive_write_files (GHashTable  *files,
                            const char  *folder,
                            GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *path = g_build_filename (folder, key, NULL);
      g_autofree char *parent = g_path_get_dirname (path);
      gsize size;
      const char *data = g_bytes_get_data (value, &size);

      if (g_mkdir_with_parents (parent, 0755) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot create folder %s: %s"), parent, g_strerror (saved));
          return FALSE;
        }
      if (!g_file_set_contents (path, data != NULL ? data : "", size, error))
        return FALSE;
    }

  return TRUE;
}
