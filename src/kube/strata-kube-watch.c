/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A watch that keeps going: it reads the chunked watch stream one JSON event
 * per line, resumes from the last resourceVersion when the server closes the
 * stream (kube-apiserver does so every half hour or so), and lists again when
 * that version is too old (410 Gone). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-kube-client-private.h"
#include "strata-kube-watch-private.h"

/* A stream that ends this soon without an event waits this long before the
 * next, so that a server closing every stream at once is not hammered. */
#define QUICK_END_USEC (1 * G_USEC_PER_SEC)
#define RETRY_DELAY_MSEC 1000

struct _StrataKubeWatch
{
  GObject             parent_instance;

  StrataKubeClient   *client;
  char               *api_version;
  char               *kind;
  char               *namespace_;
  char               *label_selector;
  char               *resource_version;
  StrataKubeResource *resource;
  char               *what;

  GCancellable       *cancellable;
  GDataInputStream   *lines;
  GSource            *retry_source;
  gint64              stream_opened_at;
  guint               stream_events;
  gboolean            running;
};

enum {
  PROP_0,
  PROP_RESOURCE_VERSION,
  PROP_RUNNING,
  N_PROPS
};

enum {
  EVENT,
  RELISTED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StrataKubeWatch, strata_kube_watch, G_TYPE_OBJECT)

static void
strata_kube_watch_dispose (GObject *object)
{
  StrataKubeWatch *self = (StrataKubeWatch *)object;

  /* Pending steps hold references: reaching dispose means none is left. */
  if (self->retry_source != NULL)
    g_source_destroy (self->retry_source);
  g_clear_pointer (&self->retry_source, g_source_unref);
  g_clear_object (&self->lines);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (strata_kube_watch_parent_class)->dispose (object);
}

static void
strata_kube_watch_finalize (GObject *object)
{
  StrataKubeWatch *self = (StrataKubeWatch *)object;

  g_free (self->api_version);
  g_free (self->kind);
  g_free (self->namespace_);
  g_free (self->label_selector);
  g_free (self->resource_version);
  g_clear_pointer (&self->resource, strata_kube_resource_unref);
  g_free (self->what);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (strata_kube_watch_parent_class)->finalize (object);
}

static void
strata_kube_watch_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  StrataKubeWatch *self = STRATA_KUBE_WATCH (object);

  switch (prop_id)
    {
    case PROP_RESOURCE_VERSION:
      g_value_set_string (value, self->resource_version);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_kube_watch_class_init (StrataKubeWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_kube_watch_dispose;
  object_class->finalize = strata_kube_watch_finalize;
  object_class->get_property = strata_kube_watch_get_property;

  properties[PROP_RESOURCE_VERSION] =
    g_param_spec_string ("resource-version", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StrataKubeWatch::event:
   * @type: "ADDED", "MODIFIED" or "DELETED"
   * @object: the object as the event carries it
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  JSON_TYPE_NODE);

  /**
   * StrataKubeWatch::relisted:
   * @list: every object there is now (a KINDList)
   *
   * After a 410 Gone, and for the first list when the watch started without
   * a resource version.
   */
  signals[RELISTED] =
    g_signal_new ("relisted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  JSON_TYPE_NODE);

  /**
   * StrataKubeWatch::failed:
   * @error: why the watch stopped for good
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_ERROR);
}

static void
strata_kube_watch_init (StrataKubeWatch *self)
{
  self->cancellable = g_cancellable_new ();
}

static void
set_resource_version (StrataKubeWatch *self,
                      const char      *resource_version)
{
  if (resource_version == NULL || g_strcmp0 (self->resource_version, resource_version) == 0)
    return;

  g_free (self->resource_version);
  self->resource_version = g_strdup (resource_version);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOURCE_VERSION]);
}

static void
set_running (StrataKubeWatch *self,
             gboolean         running)
{
  if (self->running == running)
    return;

  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
watch_fail (StrataKubeWatch *self,
            GError          *error)
{
  g_autoptr(GError) owned = error;

  if (!self->running)
    return;

  set_running (self, FALSE);
  g_cancellable_cancel (self->cancellable);
  g_signal_emit (self, signals[FAILED], 0, owned);
}

/* Whether a step's outcome is only that stop() was called. */
static gboolean
watch_stopped (StrataKubeWatch *self,
               const GError    *error)
{
  return !self->running ||
         (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
}

static const char *
metadata_string (JsonObject *object,
                 const char *member)
{
  JsonNode *metadata = object ? json_object_get_member (object, "metadata") : NULL;
  JsonNode *node;

  if (metadata == NULL || !JSON_NODE_HOLDS_OBJECT (metadata))
    return NULL;
  node = json_object_get_member (json_node_get_object (metadata), member);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Listing, at the start and after 410 Gone */

static void watch_open (StrataKubeWatch *self);

static void
on_listed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(StrataKubeWatch) self = user_data;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;

  list = strata_kube_client_list_finish (self->client, result, &error);
  if (watch_stopped (self, error))
    return;

  if (list == NULL)
    {
      watch_fail (self, g_steal_pointer (&error));
      return;
    }

  set_resource_version (self, metadata_string (json_node_get_object (list), "resourceVersion"));
  g_signal_emit (self, signals[RELISTED], 0, list);

  if (self->running)
    watch_open (self);
}

static void
watch_list (StrataKubeWatch *self)
{
  g_clear_object (&self->lines);
  strata_kube_client_list_async (self->client, self->api_version, self->kind, self->namespace_,
                                 self->label_selector, 0, self->cancellable,
                                 on_listed, g_object_ref (self));
}

/* The stream */

static void watch_read_line (StrataKubeWatch *self);

static gboolean
on_retry (gpointer user_data)
{
  StrataKubeWatch *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  watch_open (self);

  return G_SOURCE_REMOVE;
}

/* The server ended the stream (or the connection broke): carry on from the
 * last version seen. */
static void
watch_resume (StrataKubeWatch *self)
{
  gboolean quick = self->stream_events == 0 &&
                   g_get_monotonic_time () - self->stream_opened_at < QUICK_END_USEC;

  g_clear_object (&self->lines);

  if (!quick)
    {
      watch_open (self);
      return;
    }

  self->retry_source = g_timeout_source_new (RETRY_DELAY_MSEC);
  g_source_set_callback (self->retry_source, on_retry, g_object_ref (self), g_object_unref);
  g_source_attach (self->retry_source, g_main_context_get_thread_default ());
}

static GError *
error_from_status (StrataKubeWatch *self,
                   JsonNode        *status)
{
  StrataKubeEndpoint *endpoint = strata_kube_client_get_endpoint (self->client);

  return strata_kube_error_new_from_status (status, self->what, strata_kube_endpoint_get_server (endpoint));
}

/* Returns FALSE when the event ended the stream (410, an error). */
static gboolean
watch_handle_event (StrataKubeWatch *self,
                    const char      *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *event;
  JsonNode *object;
  const char *type;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      watch_fail (self, g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_FAILED,
                                     _("%s failed: the server sent an event that is not JSON"), self->what));
      return FALSE;
    }

  event = json_node_get_object (json_parser_get_root (parser));
  type = json_object_get_string_member_with_default (event, "type", "");
  object = json_object_get_member (event, "object");
  if (object == NULL || !JSON_NODE_HOLDS_OBJECT (object))
    {
      watch_fail (self, g_error_new (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_FAILED,
                                     _("%s failed: the server sent a %s event without an object"), self->what, type));
      return FALSE;
    }

  self->stream_events++;

  if (g_str_equal (type, "ERROR"))
    {
      JsonObject *status = json_node_get_object (object);

      /* Watching from a version the server no longer keeps. */
      if (json_object_get_int_member_with_default (status, "code", 0) == 410)
        {
          watch_list (self);
          return FALSE;
        }

      watch_fail (self, error_from_status (self, object));
      return FALSE;
    }

  set_resource_version (self, metadata_string (json_node_get_object (object), "resourceVersion"));

  if (g_str_equal (type, "ADDED") || g_str_equal (type, "MODIFIED") || g_str_equal (type, "DELETED"))
    g_signal_emit (self, signals[EVENT], 0, type, object);

  return TRUE;
}

static void
on_line_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(StrataKubeWatch) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, &length, &error);
  if (watch_stopped (self, error))
    return;

  /* End of stream, or a broken connection: both resume. */
  if (line == NULL)
    {
      if (error != NULL)
        g_debug ("%s: the watch stream broke (%s); resuming", self->what, error->message);
      watch_resume (self);
      return;
    }

  if (length > 0 && !watch_handle_event (self, line))
    return;

  if (self->running)
    watch_read_line (self);
}

static void
watch_read_line (StrataKubeWatch *self)
{
  g_data_input_stream_read_line_async (self->lines, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_line_read, g_object_ref (self));
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(StrataKubeWatch) self = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = _strata_kube_client_open_stream_finish (self->client, result, &error);
  if (watch_stopped (self, error))
    return;

  if (stream == NULL)
    {
      if (g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_GONE))
        watch_list (self);
      else
        watch_fail (self, g_steal_pointer (&error));
      return;
    }

  self->lines = g_data_input_stream_new (stream);
  g_data_input_stream_set_newline_type (self->lines, G_DATA_STREAM_NEWLINE_TYPE_LF);
  self->stream_opened_at = g_get_monotonic_time ();
  self->stream_events = 0;

  watch_read_line (self);
}

static void
watch_open (StrataKubeWatch *self)
{
  g_autofree char *collection = strata_kube_resource_build_path (self->resource, self->namespace_, NULL);
  g_autoptr(GString) path = g_string_new (collection);

  g_string_append (path, "?watch=1&allowWatchBookmarks=true&resourceVersion=");
  g_string_append_uri_escaped (path, self->resource_version ? self->resource_version : "", NULL, FALSE);
  if (self->label_selector != NULL)
    {
      g_string_append (path, "&labelSelector=");
      g_string_append_uri_escaped (path, self->label_selector, NULL, FALSE);
    }

  _strata_kube_client_open_stream_async (self->client, path->str, self->resource, self->what,
                                         self->cancellable, on_opened, g_object_ref (self));
}

/* Starting */

static void
on_resolved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(StrataKubeWatch) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  self->resource = strata_kube_client_resolve_finish (self->client, result, &error);
  if (watch_stopped (self, error))
    return;

  if (self->resource == NULL)
    {
      watch_fail (self, g_steal_pointer (&error));
      return;
    }

  if (!strata_kube_resource_is_namespaced (self->resource))
    g_clear_pointer (&self->namespace_, g_free);

  description = _strata_kube_client_describe (self->kind, self->namespace_, NULL);
  g_free (self->what);
  self->what = g_strdup_printf (_("watch %s"), description);

  if (self->resource_version == NULL)
    watch_list (self);
  else
    watch_open (self);
}

StrataKubeWatch *
_strata_kube_watch_new (StrataKubeClient *client,
                        const char       *api_version,
                        const char       *kind,
                        const char       *namespace_,
                        const char       *label_selector,
                        const char       *resource_version)
{
  StrataKubeWatch *self;

  g_return_val_if_fail (STRATA_IS_KUBE_CLIENT (client), NULL);

  self = g_object_new (STRATA_TYPE_KUBE_WATCH, NULL);
  self->client = g_object_ref (client);
  self->api_version = g_strdup (api_version);
  self->kind = g_strdup (kind);
  self->namespace_ = g_strdup (namespace_);
  self->label_selector = g_strdup (label_selector);
  self->resource_version = g_strdup (resource_version);
  self->what = g_strdup_printf (_("watch %s"), kind);
  self->running = TRUE;

  strata_kube_client_resolve_async (client, api_version, kind, self->cancellable,
                                    on_resolved, g_object_ref (self));

  return self;
}

const char *
strata_kube_watch_get_resource_version (StrataKubeWatch *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_WATCH (self), NULL);

  return self->resource_version;
}

gboolean
strata_kube_watch_is_running (StrataKubeWatch *self)
{
  g_return_val_if_fail (STRATA_IS_KUBE_WATCH (self), FALSE);

  return self->running;
}

/**
 * strata_kube_watch_stop:
 *
 * Stops the watch: no signal is emitted after this returns, and the pending
 * steps let go of the watch as they end.
 */
void
strata_kube_watch_stop (StrataKubeWatch *self)
{
  g_return_if_fail (STRATA_IS_KUBE_WATCH (self));

  if (self->retry_source != NULL)
    g_source_destroy (self->retry_source);
  g_clear_pointer (&self->retry_source, g_source_unref);

  set_running (self, FALSE);
  g_cancellable_cancel (self->cancellable);
}
