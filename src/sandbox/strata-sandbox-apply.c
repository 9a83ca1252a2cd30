/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Server-side apply as structured-merge-diff does it: every manager owns a
 * set of fields; applying merges the configuration, takes its fields,
 * drops those it no longer sets (unless someone else owns them), and
 * refuses to change a value another manager owns unless forced. */

#include "config.h"

#include <string.h>

#include "strata-json.h"
#include "strata-sandbox-json.h"
#include "strata-sandbox-apply.h"
#include "strata-sandbox-schema.h"

typedef struct
{
  char       *manager;
  char       *operation;
  char       *api_version;
  char       *subresource;
  char       *time;
  JsonObject *fields;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->manager);
  g_free (entry->operation);
  g_free (entry->api_version);
  g_free (entry->subresource);
  g_free (entry->time);
  g_clear_pointer (&entry->fields, json_object_unref);
  g_free (entry);
}

static char *
now_timestamp (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static GPtrArray *
read_entries (JsonNode *object)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (entry_free);
  JsonObject *metadata;
  JsonArray *managed;

  if (object == NULL)
    return entries;
  metadata = strata_json_object_get_object (json_node_get_object (object), "metadata");
  managed = strata_json_object_get_array (metadata, "managedFields");
  for (guint i = 0; managed != NULL && i < json_array_get_length (managed); i++)
    {
      JsonObject *item = json_array_get_object_element (managed, i);
      JsonObject *fields = strata_json_object_get_object (item, "fieldsV1");
      Entry *entry;

      if (item == NULL || strata_json_object_get_string (item, "manager") == NULL)
        continue;
      entry = g_new0 (Entry, 1);
      entry->manager = g_strdup (strata_json_object_get_string (item, "manager"));
      entry->operation = g_strdup (strata_json_object_get_string (item, "operation") ?: "Update");
      entry->api_version = g_strdup (strata_json_object_get_string (item, "apiVersion"));
      entry->subresource = g_strdup (strata_json_object_get_string (item, "subresource"));
      entry->time = g_strdup (strata_json_object_get_string (item, "time"));
      if (fields != NULL)
        {
          g_autoptr(JsonNode) copy = strata_sandbox_json_copy (json_object_get_member (item, "fieldsV1"));

          entry->fields = json_object_ref (json_node_get_object (copy));
        }
      else
        entry->fields = json_object_new ();
      g_ptr_array_add (entries, entry);
    }

  return entries;
}

static void
write_entries (JsonNode  *object,
               GPtrArray *entries)
{
  JsonObject *metadata = strata_json_object_get_object (json_node_get_object (object), "metadata");
  JsonArray *managed = json_array_new ();

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      JsonObject *item;

      if (strata_sandbox_fieldset_is_empty (entry->fields))
        continue;
      item = json_object_new ();
      json_object_set_string_member (item, "manager", entry->manager);
      json_object_set_string_member (item, "operation", entry->operation);
      if (entry->api_version != NULL)
        json_object_set_string_member (item, "apiVersion", entry->api_version);
      if (entry->time != NULL)
        json_object_set_string_member (item, "time", entry->time);
      json_object_set_string_member (item, "fieldsType", "FieldsV1");
      json_object_set_object_member (item, "fieldsV1", strata_sandbox_fieldset_sorted (entry->fields));
      if (entry->subresource != NULL)
        json_object_set_string_member (item, "subresource", entry->subresource);
      json_array_add_object_element (managed, item);
    }

  if (json_array_get_length (managed) > 0)
    json_object_set_array_member (metadata, "managedFields", managed);
  else
    {
      json_object_remove_member (metadata, "managedFields");
      json_array_unref (managed);
    }
}

static Entry *
find_entry (GPtrArray  *entries,
            const char *manager,
            const char *operation,
            const char *subresource,
            gboolean    create)
{
  Entry *entry;

  for (guint i = 0; i < entries->len; i++)
    {
      entry = g_ptr_array_index (entries, i);
      if (g_str_equal (entry->manager, manager) && g_str_equal (entry->operation, operation) &&
          g_strcmp0 (entry->subresource, subresource) == 0)
        return entry;
    }

  if (!create)
    return NULL;
  entry = g_new0 (Entry, 1);
  entry->manager = g_strdup (manager);
  entry->operation = g_strdup (operation);
  entry->subresource = g_strdup (subresource);
  entry->fields = json_object_new ();
  g_ptr_array_add (entries, entry);
  return entry;
}

/* The merge of an applied configuration into the live object. */
static JsonNode *
merge_applied (JsonNode   *live,
               JsonNode   *applied,
               const char *field)
{
  if (live != NULL && JSON_NODE_HOLDS_OBJECT (live) && JSON_NODE_HOLDS_OBJECT (applied) &&
      !strata_sandbox_schema_is_atomic (field))
    {
      JsonNode *result = strata_sandbox_json_copy (live);
      JsonObject *object = json_node_get_object (result);
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (applied));
      while (json_object_iter_next_ordered (&iter, &member, &value))
        {
          if (JSON_NODE_HOLDS_NULL (value))
            json_object_remove_member (object, member);
          else
            json_object_set_member (object, member,
                                    merge_applied (json_object_has_member (object, member)
                                                     ? json_object_get_member (object, member) : NULL,
                                                   value, member));
        }
      return result;
    }

  if (live != NULL && JSON_NODE_HOLDS_ARRAY (live) && JSON_NODE_HOLDS_ARRAY (applied))
    {
      const char * const *keys;
      StrataSandboxListType type = strata_sandbox_schema_list_type (field, json_node_get_array (applied), &keys);
      JsonNode *result;
      JsonArray *items;
      JsonArray *changes = json_node_get_array (applied);

      if (type == STRATA_SANDBOX_LIST_ATOMIC)
        return strata_sandbox_json_copy (applied);

      result = strata_sandbox_json_copy (live);
      items = json_node_get_array (result);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonNode *change = json_array_get_element (changes, i);
          gboolean found = FALSE;

          for (guint j = 0; j < json_array_get_length (items) && !found; j++)
            {
              JsonNode *item = json_array_get_element (items, j);

              if (type == STRATA_SANDBOX_LIST_SET)
                found = json_node_equal (item, change);
              else if (JSON_NODE_HOLDS_OBJECT (item) && JSON_NODE_HOLDS_OBJECT (change) &&
                       strata_sandbox_schema_item_matches (json_node_get_object (item),
                                                           json_node_get_object (change), keys))
                {
                  JsonNode *merged = merge_applied (item, change, NULL);

                  /* JsonArray cannot replace an element: change the node. */
                  json_node_set_object (item, json_node_get_object (merged));
                  json_node_unref (merged);
                  found = TRUE;
                }
            }
          if (!found)
            json_array_add_element (items, strata_sandbox_json_copy (change));
        }
      return result;
    }

  return strata_sandbox_json_copy (applied);
}

static GPtrArray *
other_sets (GPtrArray *entries,
            Entry     *self)
{
  GPtrArray *sets = g_ptr_array_new ();

  for (guint i = 0; i < entries->len; i++)
    if (g_ptr_array_index (entries, i) != self)
      g_ptr_array_add (sets, ((Entry *)g_ptr_array_index (entries, i))->fields);
  return sets;
}

static void
add_conflicts (JsonArray  *causes,
               GString    *summary,
               Entry      *owner,
               GPtrArray  *paths)
{
  g_autofree char *text = g_strdup_printf ("conflict with \"%s\"%s%s%s using %s", owner->manager,
                                           owner->subresource ? " with subresource \"" : "",
                                           owner->subresource ? owner->subresource : "",
                                           owner->subresource ? "\"" : "",
                                           owner->api_version ? owner->api_version : "v1");

  for (guint i = 0; i < paths->len; i++)
    {
      JsonObject *cause = json_object_new ();

      json_object_set_string_member (cause, "reason", "FieldManagerConflict");
      json_object_set_string_member (cause, "message", text);
      json_object_set_string_member (cause, "field", g_ptr_array_index (paths, i));
      json_array_add_object_element (causes, cause);
    }

  if (paths->len == 1)
    g_string_append_printf (summary, "%s%s: %s", summary->len ? "\n" : "", text,
                            (char *)g_ptr_array_index (paths, 0));
  else
    {
      g_string_append_printf (summary, "%sconflicts with \"%s\" using %s:", summary->len ? "\n" : "",
                              owner->manager, owner->api_version ? owner->api_version : "v1");
      for (guint i = 0; i < paths->len; i++)
        g_string_append_printf (summary, "\n- %s", (char *)g_ptr_array_index (paths, i));
    }
}

static void
set_free (gpointer set)
{
  if (set != NULL)
    json_object_unref (set);
}

JsonNode *
strata_sandbox_apply (JsonNode                 *live,
                      JsonNode                 *applied,
                      const char               *manager,
                      const char               *api_version,
                      gboolean                  force,
                      StrataSandboxFieldsMode   mode,
                      JsonArray               **conflicts,
                      char                    **message)
{
  g_autoptr(GPtrArray) entries = read_entries (live);
  g_autoptr(JsonNode) applied_fields_of = strata_sandbox_fieldset_trackable (applied);
  g_autoptr(JsonObject) applied_set = strata_sandbox_fieldset_from_applied (applied_fields_of);
  g_autoptr(JsonNode) base = live ? strata_sandbox_json_copy (live) : strata_sandbox_json_new_object ();
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(JsonNode) live_fields = NULL;
  g_autoptr(JsonNode) merged_fields = NULL;
  g_autoptr(JsonObject) changed = NULL;
  g_autoptr(JsonObject) removed = NULL;
  g_autoptr(JsonArray) causes = json_array_new ();
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(GPtrArray) owner_conflicts = g_ptr_array_new_with_free_func (set_free);
  Entry *self;
  guint n_conflicts = 0;

  /* What the manager set before and no longer sets goes, unless someone
   * else owns it. */
  self = find_entry (entries, manager, "Apply", NULL, TRUE);
  removed = strata_sandbox_fieldset_copy (self->fields);
  strata_sandbox_fieldset_subtract (removed, applied_set);

  merged = merge_applied (base, applied, NULL);
  others = other_sets (entries, self);
  strata_sandbox_fieldset_prune (merged, removed, others);

  live_fields = strata_sandbox_fieldset_trackable (base);
  merged_fields = strata_sandbox_fieldset_trackable (merged);
  changed = strata_sandbox_fieldset_diff (live_fields, merged_fields, mode);

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *other = g_ptr_array_index (entries, i);
      g_autoptr(JsonObject) touched = NULL;
      JsonObject *conflict;
      g_autoptr(GPtrArray) paths = NULL;

      g_ptr_array_add (owner_conflicts, NULL);
      if (other == self)
        continue;
      touched = strata_sandbox_fieldset_intersect (other->fields, changed);
      conflict = strata_sandbox_fieldset_intersect (touched, applied_set);
      g_ptr_array_index (owner_conflicts, i) = conflict;
      paths = strata_sandbox_fieldset_paths (conflict);
      if (paths->len > 0 && !force)
        add_conflicts (causes, summary, other, paths);
      n_conflicts += paths->len;
    }

  if (n_conflicts > 0 && !force)
    {
      *conflicts = g_steal_pointer (&causes);
      *message = g_strdup_printf ("Apply failed with %u conflict%s: %s", n_conflicts, n_conflicts == 1 ? "" : "s",
                                  summary->str);
      return NULL;
    }

  /* Forced: the applier takes what it conflicted on. */
  for (guint i = 0; i < entries->len; i++)
    if (g_ptr_array_index (owner_conflicts, i) != NULL)
      strata_sandbox_fieldset_subtract (((Entry *)g_ptr_array_index (entries, i))->fields,
                                        g_ptr_array_index (owner_conflicts, i));

  {
    g_autoptr(JsonNode) old_set = json_node_init_object (json_node_alloc (), self->fields);
    g_autoptr(JsonNode) new_set = json_node_init_object (json_node_alloc (), applied_set);

    /* A no-op apply keeps the entry's time, so the object is unchanged. */
    if (live == NULL || !json_node_equal (old_set, new_set) || !json_node_equal (live_fields, merged_fields))
      {
        g_free (self->time);
        self->time = now_timestamp ();
      }
  }
  g_clear_pointer (&self->fields, json_object_unref);
  self->fields = json_object_ref (applied_set);
  g_free (self->api_version);
  self->api_version = g_strdup (api_version);

  write_entries (merged, entries);
  return g_steal_pointer (&merged);
}

void
strata_sandbox_apply_record_update (JsonNode                *before,
                                    JsonNode                *after,
                                    const char              *manager,
                                    const char              *api_version,
                                    const char              *subresource,
                                    StrataSandboxFieldsMode  mode)
{
  g_autoptr(GPtrArray) entries = read_entries (before);
  g_autoptr(JsonNode) before_fields = before ? strata_sandbox_fieldset_trackable (before) : NULL;
  g_autoptr(JsonNode) after_fields = strata_sandbox_fieldset_trackable (after);
  g_autoptr(JsonObject) changed = strata_sandbox_fieldset_diff (before_fields, after_fields, mode);
  g_autoptr(JsonObject) present = strata_sandbox_fieldset_diff (NULL, after_fields, mode);
  g_autoptr(JsonObject) owned = NULL;
  Entry *self;

  if (strata_sandbox_fieldset_is_empty (changed))
    {
      write_entries (after, entries);
      return;
    }

  /* Whoever changes a field owns it; the others lose it. */
  for (guint i = 0; i < entries->len; i++)
    strata_sandbox_fieldset_subtract (((Entry *)g_ptr_array_index (entries, i))->fields, changed);

  self = find_entry (entries, manager, "Update", subresource, TRUE);
  owned = strata_sandbox_fieldset_intersect (changed, present);
  strata_sandbox_fieldset_union (self->fields, owned);
  g_free (self->time);
  self->time = now_timestamp ();
  g_free (self->api_version);
  self->api_version = g_strdup (api_version);

  write_entries (after, entries);
}
