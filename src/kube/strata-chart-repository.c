/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "strata-archive.h"
#include "strata-atomic-file.h"
#include "strata-chart-repository.h"
#include "strata-json.h"
#include "strata-kube-error.h"

#define REQUEST_TIMEOUT_SEC 30

struct _StrataChartRepository
{
  GObject               parent_instance;
  char                 *name;
  char                 *base_url;   /* always ends with "/" */
  StrataChartCacheArea  area;
  gboolean              has_credentials;
  SoupSession          *session;
  char                 *authorization;
};

G_DEFINE_FINAL_TYPE (StrataChartRepository, strata_chart_repository, G_TYPE_OBJECT)

static const SecretSchema *
registry_schema (void)
{
  static const SecretSchema schema = {
    "io.github.strata.Strata.Registry", SECRET_SCHEMA_NONE,
    { { "registry", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
  };

  return &schema;
}

static void
strata_chart_repository_finalize (GObject *object)
{
  StrataChartRepository *self = (StrataChartRepository *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_object (&self->session);
  g_clear_pointer (&self->authorization, g_free);

  G_OBJECT_CLASS (strata_chart_repository_parent_class)->finalize (object);
}

static void
strata_chart_repository_class_init (StrataChartRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = strata_chart_repository_finalize;
}

static void
strata_chart_repository_init (StrataChartRepository *self)
{
  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_SEC,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 NULL);
}

StrataChartRepository *
strata_chart_repository_new (const StrataRegistryEntry *entry)
{
  StrataChartRepository *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (STRATA_TYPE_CHART_REPOSITORY, NULL);
  self->name = g_strdup (entry->name);
  self->base_url = g_str_has_suffix (entry->url, "/") ? g_strdup (entry->url) : g_strconcat (entry->url, "/", NULL);
  self->area = entry->type == STRATA_REGISTRY_TYPE_PACKS ? STRATA_CHART_CACHE_PACKS : STRATA_CHART_CACHE_CHARTS;
  self->has_credentials = entry->has_credentials;
  return self;
}

const char *
strata_chart_repository_get_name (StrataChartRepository *self)
{
  g_return_val_if_fail (STRATA_IS_CHART_REPOSITORY (self), NULL);
  return self->name;
}

const char *
strata_chart_repository_get_url (StrataChartRepository *self)
{
  g_return_val_if_fail (STRATA_IS_CHART_REPOSITORY (self), NULL);
  return self->base_url;
}

StrataChartCacheArea
strata_chart_repository_get_area (StrataChartRepository *self)
{
  return self->area;
}

char *
strata_chart_repository_dup_packs_folder (StrataChartRepository *self)
{
  g_return_val_if_fail (STRATA_IS_CHART_REPOSITORY (self), NULL);

  return strata_chart_cache_dup_packs_folder (self->name);
}

/* Network failures fall back to the cache; answers from the server (a 404,
 * a TLS certificate that is not trusted) are the user's to fix. */
static gboolean
is_network_failure (const GError *error)
{
  if (error->domain == STRATA_KUBE_ERROR)
    return error->code == STRATA_KUBE_ERROR_CONNECTION || error->code == STRATA_KUBE_ERROR_TIMEOUT ||
           error->code == STRATA_KUBE_ERROR_SERVER;
  return error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR;
}

static char *
describe_age (GDateTime *then)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan age = g_date_time_difference (now, then);
  gint64 minutes = MAX (age / G_TIME_SPAN_MINUTE, 0);

  if (minutes < 1)
    return g_strdup (_("less than a minute ago"));
  if (minutes < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", minutes), (int)minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", minutes / 60),
                            (int)(minutes / 60));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", minutes / (24 * 60)),
                          (int)(minutes / (24 * 60)));
}

StrataChartIndex *
strata_chart_repository_load_cached (StrataChartRepository  *self,
                                     GError                **error)
{
  g_autofree char *path = strata_chart_cache_dup_index_path (self->area, self->name);
  g_autoptr(GError) local_error = NULL;
  StrataChartIndex *index;

  g_return_val_if_fail (STRATA_IS_CHART_REPOSITORY (self), NULL);

  index = strata_chart_index_new_from_file (path, &local_error);
  if (index == NULL && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND,
                 _("repository “%s” has no cached index yet (it was never reached)"), self->name);
  else if (index == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return index;
}

/* HTTP */

static GError *
error_from_status (SoupMessage *message,
                   const char  *url)
{
  guint status = soup_message_get_status (message);
  StrataKubeError code = STRATA_KUBE_ERROR_FAILED;

  if (status == SOUP_STATUS_NOT_FOUND)
    code = STRATA_KUBE_ERROR_NOT_FOUND;
  else if (status == SOUP_STATUS_UNAUTHORIZED)
    code = STRATA_KUBE_ERROR_UNAUTHORIZED;
  else if (status == SOUP_STATUS_FORBIDDEN)
    code = STRATA_KUBE_ERROR_FORBIDDEN;
  else if (status >= 500)
    code = STRATA_KUBE_ERROR_SERVER;

  return g_error_new (STRATA_KUBE_ERROR, code, _("%s answered %u %s"), url, status,
                      soup_message_get_reason_phrase (message) ? soup_message_get_reason_phrase (message) : "");
}

typedef struct
{
  SoupMessage *message;
  char        *url;
} Download;

static void
download_free (Download *download)
{
  g_clear_object (&download->message);
  g_free (download->url);
  g_free (download);
}

static void
download_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (error->domain == G_TLS_ERROR)
        g_task_return_new_error (task, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TLS,
                                 _("%s: the server’s certificate is not trusted: %s"), download->url, error->message);
      else
        g_task_return_new_error (task, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONNECTION,
                                 _("cannot reach %s: %s"), download->url, error->message);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (download->message)))
    {
      g_task_return_error (task, error_from_status (download->message, download->url));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify)g_bytes_unref);
}

/* GETs @url; credentials go only to the repository's own host. */
static void
download_async (StrataChartRepository *self,
                const char            *url,
                GCancellable          *cancellable,
                GAsyncReadyCallback    callback,
                gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Download *download = g_new0 (Download, 1);

  g_task_set_task_data (task, download, (GDestroyNotify)download_free);
  download->url = g_strdup (url);
  download->message = soup_message_new (SOUP_METHOD_GET, url);
  if (download->message == NULL)
    {
      g_task_return_new_error (task, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_FAILED,
                               _("“%s” is not a URL Strata can fetch"), url);
      return;
    }

  if (self->authorization != NULL)
    {
      g_autoptr(GUri) base = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
      GUri *target = soup_message_get_uri (download->message);

      if (base != NULL && g_strcmp0 (g_uri_get_host (base), g_uri_get_host (target)) == 0 &&
          g_uri_get_port (base) == g_uri_get_port (target))
        soup_message_headers_replace (soup_message_get_request_headers (download->message),
                                      "Authorization", self->authorization);
    }

  soup_session_send_and_read_async (self->session, download->message, G_PRIORITY_DEFAULT,
                                    cancellable, download_done, g_steal_pointer (&task));
}

static GBytes *
download_finish (GAsyncResult  *result,
                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* update: credentials → index.yaml → cache, or the cache when offline */

typedef struct
{
  StrataChartIndex *index;
  char             *warning;
} UpdateResult;

static void
update_result_free (UpdateResult *update)
{
  g_clear_object (&update->index);
  g_free (update->warning);
  g_free (update);
}

static void
update_fall_back_to_cache (GTask  *task,
                           GError *network_error)
{
  StrataChartRepository *self = g_task_get_source_object (task);
  g_autofree char *path = strata_chart_cache_dup_index_path (self->area, self->name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autofree char *age = NULL;
  UpdateResult *update;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL || (modified = g_file_info_get_modification_date_time (info)) == NULL)
    {
      g_task_return_new_error (task, STRATA_KUBE_ERROR, network_error->code,
                               _("%s (and repository “%s” has no cached index to work offline with)"),
                               network_error->message, self->name);
      return;
    }

  update = g_new0 (UpdateResult, 1);
  update->index = strata_chart_index_new_from_file (path, NULL);
  if (update->index == NULL)
    {
      update_result_free (update);
      g_task_return_new_error (task, STRATA_KUBE_ERROR, network_error->code,
                               _("%s (and the cached index of “%s” is damaged)"), network_error->message, self->name);
      return;
    }

  age = describe_age (modified);
  update->warning = g_strdup_printf (_("using the index of repository “%s” cached %s: %s"),
                                     self->name, age, network_error->message);
  g_task_return_pointer (task, update, (GDestroyNotify)update_result_free);
}

static void
update_index_downloaded (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataChartRepository *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = download_finish (result, &error);
  g_autofree char *url = g_strconcat (self->base_url, "index.yaml", NULL);
  g_autofree char *path = NULL;
  UpdateResult *update;
  gsize size;
  const char *data;

  if (body == NULL)
    {
      if (is_network_failure (error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        update_fall_back_to_cache (task, error);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Parsed before it is cached: a bad answer never replaces a good copy. */
  data = g_bytes_get_data (body, &size);
  update = g_new0 (UpdateResult, 1);
  update->index = strata_chart_index_new_from_data (data != NULL ? data : "", size, url, &error);
  if (update->index == NULL)
    {
      update_result_free (update);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  path = strata_chart_cache_dup_index_path (self->area, self->name);
  if (!strata_chart_cache_ensure_parent (path, &error) ||
      !strata_atomic_file_write (path, data != NULL ? data : "", size, &error))
    {
      update_result_free (update);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, update, (GDestroyNotify)update_result_free);
}

static void
update_start_download (GTask *task)
{
  StrataChartRepository *self = g_task_get_source_object (task);
  g_autofree char *url = g_strconcat (self->base_url, "index.yaml", NULL);

  download_async (self, url, g_task_get_cancellable (task), update_index_downloaded, task);
}

static void
update_credentials_looked_up (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  GTask *task = user_data;
  StrataChartRepository *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *encoded = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (secret == NULL)
    {
      g_autoptr(GTask) owned = task;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS,
                                 _("repository “%s” has a password, but the keyring has none for it: %s "
                                   "(add it again with “strata-cli repo add --username”)"),
                                 self->name, error != NULL ? error->message : _("not found"));
      return;
    }

  encoded = g_base64_encode ((const guchar *)secret, strlen (secret));
  /* Wiped, not just freed. */
  secret_password_free (secret);
  g_clear_pointer (&self->authorization, g_free);
  self->authorization = g_strconcat ("Basic ", encoded, NULL);
  update_start_download (task);
}

void
strata_chart_repository_update_async (StrataChartRepository *self,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (STRATA_IS_CHART_REPOSITORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_chart_repository_update_async);

  if (self->has_credentials && self->authorization == NULL)
    secret_password_lookup (registry_schema (), cancellable, update_credentials_looked_up, task,
                            "registry", self->name, NULL);
  else
    update_start_download (task);
}

StrataChartIndex *
strata_chart_repository_update_finish (StrataChartRepository  *self,
                                       GAsyncResult           *result,
                                       char                  **warning,
                                       GError                **error)
{
  UpdateResult *update;
  StrataChartIndex *index;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  update = g_task_propagate_pointer (G_TASK (result), error);
  if (update == NULL)
    return NULL;

  index = g_steal_pointer (&update->index);
  if (warning != NULL)
    *warning = g_steal_pointer (&update->warning);
  update_result_free (update);
  return index;
}

/* fetch: index → entry → cached archive, or download, check, cache */

typedef struct
{
  char       *name;
  char       *version;
  char       *what;          /* "REPO/NAME@VERSION", for errors */
  JsonObject *entry;
  char       *archive_path;
  char       *warning;
  StrataChartIndex *index;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->name);
  g_free (data->version);
  g_free (data->what);
  g_clear_pointer (&data->entry, json_object_unref);
  g_free (data->archive_path);
  g_free (data->warning);
  g_clear_object (&data->index);
  g_free (data);
}

/* Packs are read from folders, so their archives are unpacked once. */
static gboolean
unpack_pack (StrataChartRepository  *self,
             FetchData              *data,
             GBytes                 *archive,
             GError                **error)
{
  g_autofree char *packs = strata_chart_repository_dup_packs_folder (self);
  g_autofree char *folder = g_build_filename (packs, data->name, data->version, NULL);
  g_autofree char *marker = g_build_filename (folder, "pack.yaml", NULL);
  g_autoptr(GHashTable) files = NULL;

  if (g_file_test (marker, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  files = strata_archive_read (archive, data->what, NULL, error);
  if (files == NULL)
    return FALSE;
  if (!g_hash_table_contains (files, "pack.yaml"))
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_FAILED,
                   _("%s: the archive holds no pack.yaml, so it is not a pack"), data->what);
      return FALSE;
    }

  return strata_archive_write_files (files, folder, error);
}

static void
fetch_return (GTask   *task,
              GBytes  *archive)
{
  StrataChartRepository *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (self->area == STRATA_CHART_CACHE_PACKS && !unpack_pack (self, data, archive, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
fetch_archive_downloaded (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = download_finish (result, &error);
  gsize size;
  const char *bytes;

  if (body == NULL)
    {
      g_prefix_error (&error, "%s: ", data->what);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  bytes = g_bytes_get_data (body, &size);
  if (!strata_chart_cache_check_digest (body, data->entry, data->what, &error) ||
      !strata_chart_cache_ensure_parent (data->archive_path, &error) ||
      !strata_atomic_file_write (data->archive_path, bytes != NULL ? bytes : "", size, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fetch_return (task, body);
}

static char *
resolve_archive_url (StrataChartRepository  *self,
                     FetchData              *data,
                     GError                **error)
{
  JsonArray *urls = strata_json_object_get_array (data->entry, "urls");
  JsonNode *first = urls != NULL && json_array_get_length (urls) > 0 ? json_array_get_element (urls, 0) : NULL;

  if (first == NULL || json_node_get_value_type (first) != G_TYPE_STRING)
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_FAILED,
                   _("%s: the repository index gives no URL to download it from"), data->what);
      return NULL;
    }

  /* Index URLs are often relative to the repository. */
  return g_uri_resolve_relative (self->base_url, json_node_get_string (first), G_URI_FLAGS_NONE, error);
}

static void
fetch_index_ready (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataChartRepository *self = STRATA_CHART_REPOSITORY (object);
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) cached = NULL;
  g_autofree char *url = NULL;
  GCancellable *cancellable;
  JsonObject *entry;

  data->index = strata_chart_repository_update_finish (self, result, &data->warning, &error);
  if (data->index == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  entry = strata_chart_index_lookup (data->index, self->name, data->name, data->version, &error);
  if (entry == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->entry = json_object_ref (entry);
  g_free (data->version);
  data->version = g_strdup (strata_json_object_get_string (entry, "version"));
  data->what = g_strdup_printf ("%s/%s@%s", self->name, data->name, data->version);
  data->archive_path = strata_chart_cache_dup_archive_path (self->area, self->name, data->name, data->version);

  cached = g_mapped_file_new (data->archive_path, FALSE, NULL);
  if (cached != NULL)
    {
      g_autoptr(GBytes) bytes = g_mapped_file_get_bytes (cached);

      if (strata_chart_cache_check_digest (bytes, data->entry, data->what, NULL))
        {
          fetch_return (task, bytes);
          return;
        }
    }

  url = resolve_archive_url (self, data, &error);
  if (url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  download_async (self, url, cancellable, fetch_archive_downloaded, g_steal_pointer (&task));
}

void
strata_chart_repository_fetch_async (StrataChartRepository *self,
                                     const char            *name,
                                     const char            *version,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *data;

  g_return_if_fail (STRATA_IS_CHART_REPOSITORY (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_chart_repository_fetch_async);
  data = g_new0 (FetchData, 1);
  data->name = g_strdup (name);
  data->version = g_strdup (version);
  g_task_set_task_data (task, data, (GDestroyNotify)fetch_data_free);

  strata_chart_repository_update_async (self, cancellable, fetch_index_ready, g_steal_pointer (&task));
}

char *
strata_chart_repository_fetch_finish (StrataChartRepository  *self,
                                      GAsyncResult           *result,
                                      char                  **path,
                                      char                  **warning,
                                      GError                **error)
{
  FetchData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  data = g_task_get_task_data (G_TASK (result));
  if (path != NULL)
    *path = g_strdup (data->archive_path);
  if (warning != NULL)
    *warning = g_strdup (data->warning);
  return g_strdup (data->version);
}

/* credentials */

static void
credentials_stored (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
strata_chart_repository_store_credentials_async (const char          *registry,
                                                 const char          *username,
                                                 const char          *password,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *secret = g_strconcat (username, ":", password, NULL);
  g_autofree char *label = g_strdup_printf (_("Strata registry “%s”"), registry);

  g_task_set_source_tag (task, strata_chart_repository_store_credentials_async);
  secret_password_store (registry_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, credentials_stored, task, "registry", registry, NULL);
}

gboolean
strata_chart_repository_store_credentials_finish (GAsyncResult  *result,
                                                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
credentials_cleared (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* Nothing to clear is as good as cleared. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
strata_chart_repository_clear_credentials_async (const char          *registry,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, strata_chart_repository_clear_credentials_async);
  secret_password_clear (registry_schema (), cancellable, credentials_cleared, task, "registry", registry, NULL);
}

gboolean
strata_chart_repository_clear_credentials_finish (GAsyncResult  *result,
                                                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
