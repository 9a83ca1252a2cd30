/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-chart-cache.h"
#include "strata-chart-index.h"
#include "strata-core-error.h"
#include "strata-json.h"

char *
strata_chart_cache_dup_root (void)
{
  const char *override = g_getenv ("STRATA_CACHE_DIR");

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  return g_build_filename (g_get_user_cache_dir (), "strata", NULL);
}

char *
strata_chart_cache_dup_folder (StrataChartCacheArea  area,
                               const char           *repository)
{
  g_autofree char *root = strata_chart_cache_dup_root ();

  return g_build_filename (root, area == STRATA_CHART_CACHE_PACKS ? "packs" : "charts", repository, NULL);
}

char *
strata_chart_cache_dup_packs_folder (const char *registry)
{
  g_autofree char *folder = strata_chart_cache_dup_folder (STRATA_CHART_CACHE_PACKS, registry);

  return g_build_filename (folder, "packs", NULL);
}

char *
strata_chart_cache_dup_index_path (StrataChartCacheArea  area,
                                   const char           *repository)
{
  g_autofree char *folder = strata_chart_cache_dup_folder (area, repository);

  return g_build_filename (folder, "index.yaml", NULL);
}

char *
strata_chart_cache_dup_archive_path (StrataChartCacheArea  area,
                                     const char           *repository,
                                     const char           *name,
                                     const char           *version)
{
  g_autofree char *folder = strata_chart_cache_dup_folder (area, repository);
  g_autofree char *file = g_strdup_printf ("%s-%s.tgz", name, version);

  return g_build_filename (folder, file, NULL);
}

gboolean
strata_chart_cache_ensure_parent (const char  *path,
                                  GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create folder %s: %s"), folder, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

gboolean
strata_chart_cache_check_digest (GBytes      *data,
                                 JsonObject  *entry,
                                 const char  *what,
                                 GError     **error)
{
  JsonNode *member = json_object_get_member (entry, "digest");
  const char *expected;
  g_autofree char *actual = NULL;

  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return TRUE;

  /* YAML reads an all-digit digest as a number, whose text is lost. */
  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("%s: the repository index’s digest is not a string (quote it in index.yaml)"), what);
      return FALSE;
    }

  expected = json_node_get_string (member);

  if (g_str_has_prefix (expected, "sha256:"))
    expected += strlen ("sha256:");

  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  if (g_ascii_strcasecmp (actual, expected) != 0)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("%s: the archive’s sha256 digest %s does not match the repository index’s %s "
                     "(the download was altered or the index is out of date)"),
                   what, actual, expected);
      return FALSE;
    }

  return TRUE;
}

/**
 * strata_chart_cache_resolve:
 *
 * Returns: (transfer full): the archive's path, or %NULL with @error set
 */
char *
strata_chart_cache_resolve (const char  *reference,
                            GError     **error)
{
  g_autofree char *repository = NULL;
  g_autofree char *chart = NULL;
  g_autofree char *version = NULL;
  g_autofree char *index_path = NULL;
  g_autofree char *archive_path = NULL;
  g_autofree char *what = NULL;
  g_autoptr(StrataChartIndex) index = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *entry;

  if (!strata_chart_reference_parse (reference, &repository, &chart, &version))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("“%s” is not a chart reference (expected REPO/CHART or REPO/CHART@VERSION)"), reference);
      return NULL;
    }

  index_path = strata_chart_cache_dup_index_path (STRATA_CHART_CACHE_CHARTS, repository);
  index = strata_chart_index_new_from_file (index_path, &local_error);
  if (index == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                     _("chart %s: the index of repository “%s” is not cached yet "
                       "(add the repository with “strata-cli repo add” and fetch the chart)"),
                     reference, repository);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  entry = strata_chart_index_lookup (index, repository, chart, version, error);
  if (entry == NULL)
    return NULL;

  what = g_strdup_printf ("%s/%s@%s", repository, chart, strata_json_object_get_string (entry, "version"));
  archive_path = strata_chart_cache_dup_archive_path (STRATA_CHART_CACHE_CHARTS, repository, chart,
                                                      strata_json_object_get_string (entry, "version"));
  mapped = g_mapped_file_new (archive_path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("chart %s is not downloaded yet (fetch it with “strata-cli repo fetch %s”)"),
                   what, what);
      return NULL;
    }

  bytes = g_mapped_file_get_bytes (mapped);
  if (!strata_chart_cache_check_digest (bytes, entry, what, error))
    return NULL;

  return g_steal_pointer (&archive_path);
}
