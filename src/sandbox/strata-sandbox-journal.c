/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Why a journal and not one file per object: a write is then one append to
 * one file, and one fdatasync covers every write made since the last
 * (group commit: the server answers a write only after the sync, and
 * batches the syncs of the requests that arrived together), where a file
 * per object costs a temporary file, an fsync, a rename and an fsync of
 * the folder for every request. Bulk
 * applies of a thousand objects stay fast, and a kill -9 can only tear the
 * last line, which loading detects (it does not parse or lacks its newline)
 * and cuts off. The snapshot is replaced atomically when the journal has
 * grown; journal lines at or below the snapshot's resourceVersion are
 * skipped, so a crash between the two steps of a compaction is harmless. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "strata-atomic-file.h"
#include "strata-sandbox-json.h"
#include "strata-sandbox-journal.h"
#include "strata-sandbox-store.h"

#define SNAPSHOT_NAME "snapshot.json"
#define JOURNAL_NAME  "journal.jsonl"
#define MIN_RECORDS_BEFORE_COMPACTION 2000

struct _StrataSandboxJournal
{
  char  *folder;
  char  *snapshot_path;
  char  *journal_path;
  int    fd;
  guint  n_records;
  gboolean dirty;
};

StrataSandboxJournal *
strata_sandbox_journal_new (const char *folder)
{
  StrataSandboxJournal *self = g_new0 (StrataSandboxJournal, 1);

  self->folder = g_strdup (folder);
  self->snapshot_path = g_build_filename (folder, SNAPSHOT_NAME, NULL);
  self->journal_path = g_build_filename (folder, JOURNAL_NAME, NULL);
  self->fd = -1;
  return self;
}

void
strata_sandbox_journal_free (StrataSandboxJournal *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  g_free (self->folder);
  g_free (self->snapshot_path);
  g_free (self->journal_path);
  g_free (self);
}

static gboolean
set_io_error (GError     **error,
              const char  *action,
              const char  *path,
              int          saved_errno)
{
  g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_IO,
               _("Could not %s the sandbox state “%s”: %s"), action, path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
load_snapshot (StrataSandboxJournal  *self,
               GHashTable            *objects,
               guint64               *resource_version,
               GError               **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonObject *members;

  if (!g_file_test (self->snapshot_path, G_FILE_TEST_EXISTS))
    return TRUE;

  if (!json_parser_load_from_mapped_file (parser, self->snapshot_path, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      /* Atomic replacement means this is not a torn write: someone edited
       * it. Refuse rather than start empty and overwrite the user's state. */
      g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_IO,
                   _("The sandbox state “%s” is damaged (%s); move it away to start an empty sandbox"),
                   self->snapshot_path, local_error ? local_error->message : _("not a JSON object"));
      return FALSE;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  *resource_version = g_ascii_strtoull (json_object_get_string_member_with_default (root, "resourceVersion", "0"),
                                        NULL, 10);
  members = json_object_get_object_member (root, "objects");
  if (members != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      json_object_iter_init_ordered (&iter, members);
      while (json_object_iter_next_ordered (&iter, &key, &node))
        g_hash_table_replace (objects, g_strdup (key), strata_sandbox_json_copy (node));
    }

  return TRUE;
}

static gboolean
replay_line (const char  *line,
             gsize        length,
             GHashTable  *objects,
             guint64      snapshot_version,
             guint64     *resource_version)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *record;
  const char *key;
  guint64 version;

  if (!json_parser_load_from_data (parser, line, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  record = json_node_get_object (json_parser_get_root (parser));
  key = json_object_get_string_member_with_default (record, "key", NULL);
  version = json_object_get_int_member_with_default (record, "rv", 0);
  if (key == NULL || version == 0)
    return FALSE;
  if (version <= snapshot_version)
    return TRUE;

  if (json_object_has_member (record, "object"))
    g_hash_table_replace (objects, g_strdup (key), strata_sandbox_json_copy (json_object_get_member (record, "object")));
  else
    g_hash_table_remove (objects, key);
  *resource_version = MAX (*resource_version, version);
  return TRUE;
}

gboolean
strata_sandbox_journal_load (StrataSandboxJournal  *self,
                             GHashTable            *objects,
                             guint64               *resource_version,
                             GError               **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 snapshot_version = 0;
  gsize length = 0;
  gsize good = 0;

  if (g_mkdir_with_parents (self->folder, 0700) != 0)
    return set_io_error (error, "create", self->folder, errno);

  *resource_version = 0;
  if (!load_snapshot (self, objects, &snapshot_version, error))
    return FALSE;
  *resource_version = snapshot_version;

  if (!g_file_get_contents (self->journal_path, &contents, &length, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->n_records = 0;
  while (good < length)
    {
      const char *line = contents + good;
      const char *end = memchr (line, '\n', length - good);

      /* A line without its newline, or one that does not parse, is the
       * write a crash interrupted: everything before it is intact. */
      if (end == NULL || !replay_line (line, end - line, objects, snapshot_version, resource_version))
        break;
      good = end - contents + 1;
      self->n_records++;
    }

  if (good < length)
    g_warning ("Dropping %" G_GSIZE_FORMAT " bytes of an interrupted write at the end of “%s”",
               length - good, self->journal_path);

  self->fd = open (self->journal_path, O_WRONLY | O_CREAT | O_CLOEXEC | O_APPEND, 0600);
  if (self->fd < 0)
    return set_io_error (error, "open", self->journal_path, errno);
  if (good < length && ftruncate (self->fd, good) != 0)
    return set_io_error (error, "repair", self->journal_path, errno);

  return TRUE;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += written;
      length -= written;
    }

  return TRUE;
}

gboolean
strata_sandbox_journal_append (StrataSandboxJournal  *self,
                               guint64                resource_version,
                               const char            *key,
                               JsonNode              *object,
                               GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) record = NULL;
  g_autofree char *line = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (self->fd >= 0, FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rv");
  json_builder_add_int_value (builder, resource_version);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);
  if (object != NULL)
    {
      json_builder_set_member_name (builder, "object");
      json_builder_add_value (builder, strata_sandbox_json_copy (object));
    }
  json_builder_end_object (builder);
  record = json_builder_get_root (builder);
  text = json_to_string (record, FALSE);
  line = g_strconcat (text, "\n", NULL);

  if (!write_all (self->fd, line, strlen (line)))
    return set_io_error (error, "write", self->journal_path, errno);

  self->n_records++;
  self->dirty = TRUE;
  return TRUE;
}

gboolean
strata_sandbox_journal_needs_sync (StrataSandboxJournal *self)
{
  return self->dirty;
}

gboolean
strata_sandbox_journal_sync (StrataSandboxJournal  *self,
                             GError               **error)
{
  if (!self->dirty)
    return TRUE;
  if (fdatasync (self->fd) != 0)
    return set_io_error (error, "sync", self->journal_path, errno);
  self->dirty = FALSE;
  return TRUE;
}

gboolean
strata_sandbox_journal_wants_compaction (StrataSandboxJournal *self,
                                         guint                 n_objects)
{
  return self->n_records > MAX (MIN_RECORDS_BEFORE_COMPACTION, 4 * n_objects);
}

gboolean
strata_sandbox_journal_compact (StrataSandboxJournal  *self,
                                guint64                resource_version,
                                GHashTable            *objects,
                                GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *version = g_strdup_printf ("%" G_GUINT64_FORMAT, resource_version);
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "resourceVersion");
  json_builder_add_string_value (builder, version);
  json_builder_set_member_name (builder, "objects");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, objects);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_value (builder, strata_sandbox_json_copy (value));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  /* Secrets live in the state too: owner only. */
  if (!strata_atomic_file_write_private (self->snapshot_path, text, -1, error))
    return FALSE;

  /* The snapshot covers every line now; a crash before this truncation only
   * leaves lines that loading skips. */
  if (ftruncate (self->fd, 0) != 0 || fdatasync (self->fd) != 0)
    return set_io_error (error, "truncate", self->journal_path, errno);
  self->n_records = 0;
  self->dirty = FALSE;
  return TRUE;
}
