/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Charts for the chart-layer and chart-repository tests: written as
 * folders, packed into .tgz archives with libarchive as `helm package`
 * lays them out (one top folder named after the chart). */
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define HELM_VERSION "3.17.3"

typedef struct
{
  const char *path;
  const char *contents;
} TestFile;

static const TestFile demo_chart[] = {
  { "Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: \"1.0\"\n" },
  { "values.yaml", "replicas: 1\nmessage: hello\nimage:\n  repository: nginx\n  tag: \"1.27\"\n" },
  { "templates/_helpers.tpl",
    "{{- define \"demo.fullname\" -}}\n"
    "{{- printf \"%s-%s\" .Release.Name .Chart.Name | trunc 63 | trimSuffix \"-\" -}}\n"
    "{{- end -}}\n" },
  { "templates/configmap.yaml",
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: {{ include \"demo.fullname\" . }}\n"
    "  namespace: {{ .Release.Namespace }}\n"
    "data:\n"
    "  message: {{ .Values.message | quote }}\n"
    "  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n"
    "  example: {{ .Capabilities.APIVersions.Has \"example.com/v1\" | quote }}\n"
    "  chart: {{ printf \"%s-%s\" .Chart.Name .Chart.Version | quote }}\n" },
  { "templates/deployment.yaml",
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: {{ include \"demo.fullname\" . }}\n"
    "  labels:\n"
    "    app.kubernetes.io/instance: {{ .Release.Name }}\n"
    "spec:\n"
    "  replicas: {{ .Values.replicas }}\n"
    "  selector:\n"
    "    matchLabels:\n"
    "      app: {{ include \"demo.fullname\" . }}\n"
    "  template:\n"
    "    metadata:\n"
    "      labels:\n"
    "        app: {{ include \"demo.fullname\" . }}\n"
    "    spec:\n"
    "      containers:\n"
    "        - name: web\n"
    "          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n"
    "{{- if .Values.secret }}\n"
    "          env:\n"
    "            - name: SECRET\n"
    "              value: {{ required \"secret.value is required\" .Values.secret.value | quote }}\n"
    "{{- end }}\n" },
  { NULL, NULL },
};

static inline void
strata_test_write_files (const char     *folder,
                         const TestFile *files)
{
  for (guint i = 0; files[i].path != NULL; i++)
    {
      g_autofree char *path = g_build_filename (folder, files[i].path, NULL);
      g_autofree char *parent = g_path_get_dirname (path);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
      g_file_set_contents (path, files[i].contents, -1, &error);
      g_assert_no_error (error);
    }
}

/* A .tgz holding @files under @top/ (entries named verbatim when @top is NULL). */
static inline GBytes *
strata_test_make_archive (const char     *top,
                          const TestFile *files)
{
  struct archive *writer = archive_write_new ();
  g_autoptr(GByteArray) output = NULL;
  gsize capacity = 1 << 20;
  size_t used = 0;
  guint8 *buffer = g_malloc (capacity);

  g_assert_cmpint (archive_write_add_filter_gzip (writer), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_set_format_ustar (writer), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_memory (writer, buffer, capacity, &used), ==, ARCHIVE_OK);

  for (guint i = 0; files[i].path != NULL; i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      g_autofree char *name = top != NULL ? g_strdup_printf ("%s/%s", top, files[i].path) : g_strdup (files[i].path);
      size_t length = strlen (files[i].contents);

      archive_entry_set_pathname (entry, name);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_size (entry, length);
      g_assert_cmpint (archive_write_header (writer, entry), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (writer, files[i].contents, length), ==, (la_ssize_t)length);
      archive_entry_free (entry);
    }

  g_assert_cmpint (archive_write_close (writer), ==, ARCHIVE_OK);
  archive_write_free (writer);
  return g_bytes_new_take (g_realloc (buffer, used), used);
}

/* The helm binary tests/helm/helm-fetch cached, if any: tests never
 * download. $STRATA_TEST_HELM overrides; "none" turns helm off. */
static inline char *
strata_test_find_helm (void)
{
  const char *configured = g_getenv ("STRATA_TEST_HELM");
  const char *cache_root = g_getenv ("STRATA_TEST_CACHE");
  g_autofree char *cached = NULL;

  if (configured != NULL)
    return g_file_test (configured, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (configured) : NULL;
  if (cache_root != NULL)
    cached = g_build_filename (cache_root, "helm-" HELM_VERSION, "helm", NULL);
  else if (g_file_test ("/var/cache/strata-tests/helm-" HELM_VERSION "/helm", G_FILE_TEST_IS_EXECUTABLE))
    cached = g_strdup ("/var/cache/strata-tests/helm-" HELM_VERSION "/helm");
  else
    cached = g_build_filename (g_get_user_cache_dir (), "strata-tests", "helm-" HELM_VERSION, "helm", NULL);
  return g_file_test (cached, G_FILE_TEST_IS_EXECUTABLE) ? g_steal_pointer (&cached) : NULL;
}

G_END_DECLS
