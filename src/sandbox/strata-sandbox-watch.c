/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Watch streams: the watch cache of kube-apiserver, in little. Events keep
 * the object before the change so that a label selector sees an object
 * enter (ADDED) or leave (DELETED) the selection, as the real one does. */

#include "config.h"

#include <string.h>

#include "strata-json.h"
#include "strata-sandbox-json.h"
#include "strata-sandbox-status.h"
#include "strata-sandbox-store-private.h"
#include "strata-sandbox-watch.h"

#define DEFAULT_WINDOW 10000
#define DEFAULT_BOOKMARK_SECONDS 30

typedef struct
{
  char     *type;
  guint64   resource_version;
  JsonNode *object;
  JsonNode *previous;
} Event;

typedef struct
{
  StrataSandboxWatch    *watch;
  SoupServerMessage     *message;
  char                  *group;
  char                  *api_version;
  char                  *kind;
  char                  *namespace_;
  StrataSandboxSelector *labels;
  StrataSandboxSelector *fields;
  gboolean               bookmarks;
  guint                  timeout_id;
  guint                  start_id;
  GPtrArray             *initial;   /* Event, for the first write */
  gboolean               ended;
  /* FALSE until the request handler returned: what the stream starts
   * with is written from an idle, as later events are, because libsoup
   * does not send chunks appended while the handler runs. */
  gboolean               started;
  gboolean               end_after_initial;
  StrataSandboxWatchTransform transform;
  gpointer               transform_data;
  GDestroyNotify         transform_destroy;
} Stream;

struct _StrataSandboxWatch
{
  GObject             parent_instance;

  StrataSandboxStore *store;
  gulong              changed_id;
  GQueue              events;        /* Event, oldest first */
  guint               window;
  guint64             window_start;  /* every event after this is kept */
  GHashTable         *current;       /* key -> JsonNode, for "previous" */
  GPtrArray          *streams;
  guint               bookmark_id;
  guint               bookmark_seconds;
};

G_DEFINE_FINAL_TYPE (StrataSandboxWatch, strata_sandbox_watch, G_TYPE_OBJECT)

static void
event_free (gpointer data)
{
  Event *event = data;

  g_free (event->type);
  g_clear_pointer (&event->object, json_node_unref);
  g_clear_pointer (&event->previous, json_node_unref);
  g_free (event);
}

static char *
group_of (const char *api_version)
{
  const char *slash = api_version ? strchr (api_version, '/') : NULL;

  return slash ? g_strndup (api_version, slash - api_version) : g_strdup ("");
}

static char *
key_of (JsonNode *object)
{
  JsonObject *root = json_node_get_object (object);
  JsonObject *metadata = strata_json_object_get_object (root, "metadata");
  g_autofree char *group = group_of (strata_json_object_get_string (root, "apiVersion"));

  return g_strjoin ("|", group, strata_json_object_get_string (root, "kind"),
                    strata_json_object_get_string (metadata, "namespace") ?: "",
                    strata_json_object_get_string (metadata, "name"), NULL);
}

/* Streams */

static void
stream_write (Stream     *stream,
              const char *type,
              JsonNode   *object)
{
  if (!stream->started)
    {
      Event *pending = g_new0 (Event, 1);

      pending->type = g_strdup (type);
      pending->object = json_node_ref (object);
      g_ptr_array_add (stream->initial, pending);
      return;
    }

  SoupMessageBody *body = soup_server_message_get_response_body (stream->message);
  g_autoptr(JsonNode) event = json_node_new (JSON_NODE_OBJECT);
  JsonObject *members = json_object_new ();
  char *line;
  g_autofree char *text = NULL;

  if (stream->ended)
    return;

  json_object_set_string_member (members, "type", type);
  if (stream->transform != NULL && !g_str_equal (type, "BOOKMARK") && !g_str_equal (type, "ERROR"))
    json_object_set_member (members, "object", stream->transform (object, stream->transform_data));
  else
    json_object_set_member (members, "object", json_node_ref (object));
  json_node_take_object (event, members);
  text = json_to_string (event, FALSE);
  line = g_strconcat (text, "\n", NULL);
  soup_message_body_append (body, SOUP_MEMORY_TAKE, line, strlen (line));
  soup_server_message_unpause (stream->message);
}

static void
stream_end (Stream *stream)
{
  if (stream->ended)
    return;

  if (!stream->started)
    {
      stream->end_after_initial = TRUE;
      return;
    }
  stream->ended = TRUE;
  soup_message_body_complete (soup_server_message_get_response_body (stream->message));
  soup_server_message_unpause (stream->message);
}

static void
stream_free (Stream *stream)
{
  g_clear_handle_id (&stream->timeout_id, g_source_remove);
  g_clear_handle_id (&stream->start_id, g_source_remove);
  g_clear_pointer (&stream->initial, g_ptr_array_unref);
  g_signal_handlers_disconnect_by_data (stream->message, stream);
  g_clear_object (&stream->message);
  g_free (stream->group);
  g_free (stream->api_version);
  g_free (stream->kind);
  g_free (stream->namespace_);
  g_clear_pointer (&stream->labels, strata_sandbox_selector_free);
  g_clear_pointer (&stream->fields, strata_sandbox_selector_free);
  if (stream->transform_destroy != NULL)
    g_clear_pointer (&stream->transform_data, stream->transform_destroy);
  g_free (stream);
}

static void
on_stream_finished (SoupServerMessage *message,
                    gpointer           user_data)
{
  Stream *stream = user_data;

  /* The stream array owns it: removing frees it. */
  g_ptr_array_remove (stream->watch->streams, stream);
}

static gboolean
on_stream_start (gpointer user_data)
{
  Stream *stream = user_data;
  g_autoptr(GPtrArray) initial = g_steal_pointer (&stream->initial);

  stream->start_id = 0;
  stream->started = TRUE;
  for (guint i = 0; i < initial->len; i++)
    {
      Event *pending = g_ptr_array_index (initial, i);

      stream_write (stream, pending->type, pending->object);
    }
  if (stream->end_after_initial)
    stream_end (stream);
  return G_SOURCE_REMOVE;
}


static gboolean
on_stream_timeout (gpointer user_data)
{
  Stream *stream = user_data;

  stream->timeout_id = 0;
  stream_end (stream);
  return G_SOURCE_REMOVE;
}

static gboolean
stream_selects (Stream   *stream,
                JsonNode *object)
{
  JsonObject *root;

  if (object == NULL)
    return FALSE;
  root = json_node_get_object (object);
  if (stream->namespace_ != NULL &&
      g_strcmp0 (strata_json_object_get_string (strata_json_object_get_object (root, "metadata"), "namespace"),
                 stream->namespace_) != 0)
    return FALSE;
  return strata_sandbox_selector_matches (stream->labels, root) &&
         strata_sandbox_selector_matches (stream->fields, root);
}

static gboolean
stream_wants_kind (Stream   *stream,
                   JsonNode *object)
{
  JsonObject *root = json_node_get_object (object);
  g_autofree char *group = group_of (strata_json_object_get_string (root, "apiVersion"));

  return g_str_equal (group, stream->group) &&
         g_strcmp0 (strata_json_object_get_string (root, "kind"), stream->kind) == 0;
}

static void
stream_deliver (Stream *stream,
                Event  *event)
{
  gboolean now, before;

  if (!stream_wants_kind (stream, event->object))
    return;

  now = stream_selects (stream, event->object);
  before = stream_selects (stream, event->previous);

  if (g_str_equal (event->type, "DELETED"))
    {
      if (now || before)
        stream_write (stream, "DELETED", event->object);
    }
  else if (now && before)
    stream_write (stream, "MODIFIED", event->object);
  else if (now)
    stream_write (stream, "ADDED", event->object);
  else if (before)
    stream_write (stream, "DELETED", event->object);
}

/* Events */

static void
on_object_changed (StrataSandboxStore *store,
                   const char         *type,
                   JsonNode           *object,
                   gpointer            user_data)
{
  StrataSandboxWatch *self = user_data;
  g_autofree char *key = key_of (object);
  Event *event = g_new0 (Event, 1);
  JsonObject *metadata = strata_json_object_get_object (json_node_get_object (object), "metadata");

  event->type = g_strdup (type);
  event->object = json_node_ref (object);
  event->resource_version = g_ascii_strtoull (strata_json_object_get_string (metadata, "resourceVersion") ?: "0",
                                              NULL, 10);
  if (g_hash_table_lookup (self->current, key) != NULL)
    event->previous = json_node_ref (g_hash_table_lookup (self->current, key));

  if (g_str_equal (type, "DELETED"))
    g_hash_table_remove (self->current, key);
  else
    g_hash_table_replace (self->current, g_steal_pointer (&key), json_node_ref (object));

  g_queue_push_tail (&self->events, event);
  while (self->events.length > self->window)
    {
      Event *oldest = g_queue_pop_head (&self->events);

      self->window_start = oldest->resource_version;
      event_free (oldest);
    }

  for (guint i = 0; i < self->streams->len; i++)
    stream_deliver (g_ptr_array_index (self->streams, i), event);
}

static gboolean
on_bookmark (gpointer user_data)
{
  StrataSandboxWatch *self = user_data;

  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (self->streams, i);
      g_autoptr(JsonNode) bookmark = NULL;
      g_autofree char *text = NULL;

      if (!stream->bookmarks)
        continue;

      text = g_strdup_printf ("{\"kind\":\"%s\",\"apiVersion\":\"%s\",\"metadata\":"
                              "{\"resourceVersion\":\"%s\",\"creationTimestamp\":null}}",
                              stream->kind, stream->api_version, strata_sandbox_store_get_resource_version (self->store));
      bookmark = json_from_string (text, NULL);
      stream_write (stream, "BOOKMARK", bookmark);
    }

  return G_SOURCE_CONTINUE;
}

/* GObject */

static void
strata_sandbox_watch_dispose (GObject *object)
{
  StrataSandboxWatch *self = (StrataSandboxWatch *)object;

  g_clear_handle_id (&self->bookmark_id, g_source_remove);
  if (self->streams != NULL)
    for (guint i = 0; i < self->streams->len; i++)
      stream_end (g_ptr_array_index (self->streams, i));
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (strata_sandbox_watch_parent_class)->dispose (object);
}

static void
strata_sandbox_watch_finalize (GObject *object)
{
  StrataSandboxWatch *self = (StrataSandboxWatch *)object;

  g_queue_clear_full (&self->events, event_free);
  g_clear_pointer (&self->current, g_hash_table_unref);

  G_OBJECT_CLASS (strata_sandbox_watch_parent_class)->finalize (object);
}

static void
strata_sandbox_watch_class_init (StrataSandboxWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_sandbox_watch_dispose;
  object_class->finalize = strata_sandbox_watch_finalize;
}

static void
strata_sandbox_watch_init (StrataSandboxWatch *self)
{
  g_queue_init (&self->events);
  self->window = DEFAULT_WINDOW;
  self->current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)json_node_unref);
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify)stream_free);
}

StrataSandboxWatch *
strata_sandbox_watch_new (StrataSandboxStore *store)
{
  StrataSandboxWatch *self = g_object_new (STRATA_TYPE_SANDBOX_WATCH, NULL);
  g_autoptr(GPtrArray) all = _strata_sandbox_store_list_all (store);

  self->store = g_object_ref (store);
  self->window_start = strata_sandbox_store_get_resource_version_number (store);
  for (guint i = 0; i < all->len; i++)
    {
      JsonNode *object = g_ptr_array_index (all, i);

      g_hash_table_replace (self->current, key_of (object), json_node_ref (object));
    }
  self->changed_id = g_signal_connect (store, "object-changed", G_CALLBACK (on_object_changed), self);
  strata_sandbox_watch_set_bookmark_interval (self, DEFAULT_BOOKMARK_SECONDS);

  return self;
}

void
strata_sandbox_watch_set_window (StrataSandboxWatch *self,
                                 guint               n_events)
{
  g_return_if_fail (STRATA_IS_SANDBOX_WATCH (self));

  self->window = MAX (n_events, 1);
}

void
strata_sandbox_watch_set_bookmark_interval (StrataSandboxWatch *self,
                                            guint               seconds)
{
  g_return_if_fail (STRATA_IS_SANDBOX_WATCH (self));

  g_clear_handle_id (&self->bookmark_id, g_source_remove);
  self->bookmark_seconds = seconds;
  self->bookmark_id = g_timeout_add_seconds (seconds, on_bookmark, self);
}

guint
strata_sandbox_watch_get_n_streams (StrataSandboxWatch *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_WATCH (self), 0);

  return self->streams->len;
}

static gboolean
add_initial (JsonNode *object,
             gpointer  user_data)
{
  Stream *stream = user_data;

  if (stream_selects (stream, object))
    {
      g_autoptr(JsonNode) copy = strata_sandbox_json_copy (object);

      /* As the client asked for it (a CRD's other version). */
      json_object_set_string_member (json_node_get_object (copy), "apiVersion", stream->api_version);
      stream_write (stream, "ADDED", copy);
    }
  return TRUE;
}

void
strata_sandbox_watch_serve (StrataSandboxWatch          *self,
                            SoupServerMessage           *message,
                            const StrataSandboxResource *resource,
                            const char                  *namespace_,
                            StrataSandboxSelector       *labels,
                            StrataSandboxSelector       *fields,
                            const char                  *resource_version,
                            gboolean                     bookmarks,
                            guint                        timeout_seconds,
                            StrataSandboxWatchTransform  transform,
                            gpointer                     transform_data,
                            GDestroyNotify               transform_destroy)
{
  Stream *stream = g_new0 (Stream, 1);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  guint64 start = 0;
  gboolean from_now = resource_version == NULL || *resource_version == '\0' ||
                      g_str_equal (resource_version, "0");

  g_return_if_fail (STRATA_IS_SANDBOX_WATCH (self));

  stream->watch = self;
  stream->message = g_object_ref (message);
  stream->group = g_strdup (resource->group);
  stream->api_version = strata_sandbox_resource_api_version (resource);
  stream->kind = g_strdup (resource->kind);
  stream->namespace_ = g_strdup (namespace_);
  stream->labels = labels;
  stream->fields = fields;
  stream->bookmarks = bookmarks;
  stream->transform = transform;
  stream->transform_data = transform_data;
  stream->transform_destroy = transform_destroy;
  stream->initial = g_ptr_array_new_with_free_func (event_free);
  stream->start_id = g_idle_add (on_stream_start, stream);
  g_ptr_array_add (self->streams, stream);

  soup_server_message_set_status (message, 200, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (message), FALSE);
  g_signal_connect (message, "finished", G_CALLBACK (on_stream_finished), stream);
  g_signal_connect (message, "disconnected", G_CALLBACK (on_stream_finished), stream);
  if (timeout_seconds > 0)
    stream->timeout_id = g_timeout_add_seconds (timeout_seconds, on_stream_timeout, stream);

  if (from_now)
    {
      /* "Get state and start at most recent": the objects as ADDED. */
      strata_sandbox_store_foreach (self->store, stream->api_version, stream->kind, stream->namespace_,
                                    add_initial, stream);
      return;
    }

  start = g_ascii_strtoull (resource_version, NULL, 10);
  if (start < self->window_start)
    {
      g_autofree char *text = g_strdup_printf ("too old resource version: %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT ")",
                                               start, self->window_start + 1);
      g_autoptr(JsonNode) status = strata_sandbox_status_new (410, "Expired", text, NULL, NULL, NULL);

      stream_write (stream, "ERROR", status);
      stream_end (stream);
      return;
    }

  for (GList *l = self->events.head; l != NULL; l = l->next)
    {
      Event *event = l->data;

      if (event->resource_version > start)
        stream_deliver (stream, event);
    }
}
