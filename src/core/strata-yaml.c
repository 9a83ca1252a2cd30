/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reads YAML into json-glib trees and writes them back, so that the rest of
 * Strata handles one data model whether a file is YAML or JSON. Reading
 * follows the YAML 1.2 core schema (“yes” is a string, not a boolean);
 * writing leaves all quoting to libyaml's emitter and only tells it which
 * strings must not be written plain. */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <yaml.h>

#include "strata-core-error.h"
#include "strata-yaml-private.h"
#include "strata-yaml.h"

/* Collections nested deeper than this are refused: loading, copying,
 * comparing and freeing a tree all recurse, and a hostile file of a
 * million “[” would otherwise overflow the stack. */
#define MAX_DEPTH 1000

/* Aliases copy their anchored node, so nine lines of nested aliases can
 * expand to a billion values (“billion laughs”). Real files alias a few
 * small blocks; this many copied values means an attack or a mistake. */
#define MAX_ALIAS_NODES 1000000

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (yaml_event_t, yaml_event_delete)

typedef struct
{
  JsonNode *node;
  gsize     n_nodes;
} Anchor;

typedef struct
{
  yaml_parser_t  parser;
  const char    *text;
  gsize          length;
  GHashTable    *anchors;       /* name → Anchor, for the current document */
  gsize          n_alias_nodes; /* values copied by aliases so far */
} Loader;

static JsonNode *load_node (Loader       *loader,
                            yaml_event_t *event,
                            guint         depth,
                            GError      **error);

static void
anchor_free (gpointer data)
{
  Anchor *anchor = data;

  json_node_unref (anchor->node);
  g_free (anchor);
}

/* json_node_copy() shares the JsonObject, JsonArray and even the JsonValue
 * of the original, so changing a copy changes every alias of it. */
static JsonNode *
node_deep_copy (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          json_object_set_member (object, name, node_deep_copy (member));

        return json_node_init_object (json_node_alloc (), object);
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *source = json_node_get_array (node);
        guint length = json_array_get_length (source);
        JsonArray *array = json_array_sized_new (length);

        for (guint i = 0; i < length; i++)
          json_array_add_element (array, node_deep_copy (json_array_get_element (source, i)));

        return json_node_init_array (json_node_alloc (), array);
      }

    case JSON_NODE_NULL:
      return json_node_new (JSON_NODE_NULL);

    case JSON_NODE_VALUE:
    default:
      {
        g_auto(GValue) value = G_VALUE_INIT;
        JsonNode *copy = json_node_alloc ();

        json_node_get_value (node, &value);
        json_node_init (copy, JSON_NODE_VALUE);
        json_node_set_value (copy, &value);

        return copy;
      }
    }
}

static gsize
node_count (JsonNode *node)
{
  gsize count = 1;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        count += node_count (member);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        count += node_count (json_array_get_element (array, i));
    }

  return count;
}
/* Errors */

static void set_error_at (GError            **error,
                          const yaml_mark_t  *mark,
                          const char         *format,
                          ...) G_GNUC_PRINTF (3, 4);

static void
set_error_at (GError            **error,
              const yaml_mark_t  *mark,
              const char         *format,
              ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: the place of a problem in a YAML file, then the problem */
  g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
               _("line %zu, column %zu: %s"),
               mark->line + 1, mark->column + 1, problem);
}

/* Reader errors (bad encoding, control characters) come with a byte offset
 * instead of a mark; turn it into one so every message looks the same. */
static yaml_mark_t
mark_from_offset (Loader *loader,
                  gsize   offset)
{
  yaml_mark_t mark = { 0 };
  const char *line_start = loader->text;

  offset = MIN (offset, loader->length);
  for (gsize i = 0; i < offset; i++)
    {
      if (loader->text[i] == '\n')
        {
          mark.line++;
          line_start = loader->text + i + 1;
        }
    }

  mark.index = offset;
  if (g_utf8_validate (line_start, loader->text + offset - line_start, NULL))
    mark.column = g_utf8_strlen (line_start, loader->text + offset - line_start);
  else
    mark.column = loader->text + offset - line_start;

  return mark;
}

static void
set_parser_error (Loader  *loader,
                  GError **error)
{
  yaml_parser_t *parser = &loader->parser;
  const char *problem = parser->problem != NULL ? parser->problem : _("unknown error");

  switch (parser->error)
    {
    case YAML_MEMORY_ERROR:
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                           _("Not enough memory to read the YAML"));
      break;

    case YAML_READER_ERROR:
      {
        yaml_mark_t mark = mark_from_offset (loader, parser->problem_offset);

        if (parser->problem_value != -1)
          set_error_at (error, &mark, "%s (0x%02X)", problem, parser->problem_value);
        else
          set_error_at (error, &mark, "%s", problem);
      }
      break;

    case YAML_SCANNER_ERROR:
    case YAML_PARSER_ERROR:
    case YAML_COMPOSER_ERROR:
    case YAML_WRITER_ERROR:
    case YAML_EMITTER_ERROR:
    case YAML_NO_ERROR:
    default:
      /* The context often points where the mistake is, the problem only
       * where libyaml noticed it, maybe lines later: show both. */
      if (parser->context != NULL &&
          (parser->context_mark.line != parser->problem_mark.line ||
           parser->context_mark.column != parser->problem_mark.column))
        /* Translators: the first %s is a problem, the second what was being read, like “while parsing a flow sequence” */
        set_error_at (error, &parser->problem_mark, _("%s (%s at line %zu, column %zu)"),
                      problem, parser->context,
                      parser->context_mark.line + 1, parser->context_mark.column + 1);
      else
        set_error_at (error, &parser->problem_mark, "%s", problem);
      break;
    }
}

/* Loading */

static gboolean
loader_next (Loader        *loader,
             yaml_event_t  *event,
             GError       **error)
{
  if (!yaml_parser_parse (&loader->parser, event))
    {
      set_parser_error (loader, error);
      return FALSE;
    }

  return TRUE;
}

static void
loader_register_anchor (Loader     *loader,
                        const char *name,
                        JsonNode   *node)
{
  Anchor *anchor;

  if (name == NULL)
    return;

  anchor = g_new0 (Anchor, 1);
  anchor->node = json_node_ref (node);
  anchor->n_nodes = node_count (node);

  /* A later anchor of the same name hides the earlier one from here on. */
  g_hash_table_replace (loader->anchors, g_strdup (name), anchor);
}

static JsonNode *
load_alias (Loader        *loader,
            yaml_event_t  *event,
            GError       **error)
{
  const char *name = (const char *)event->data.alias.anchor;
  Anchor *anchor = g_hash_table_lookup (loader->anchors, name);

  if (anchor == NULL)
    {
      set_error_at (error, &event->start_mark,
                    _("the alias “*%s” refers to no anchor; define “&%s” on a value before this line"),
                    name, name);
      return NULL;
    }

  if (anchor->n_nodes > MAX_ALIAS_NODES - loader->n_alias_nodes)
    {
      set_error_at (error, &event->start_mark,
                    _("aliases expand to more than %u values; the file may be crafted to exhaust memory"),
                    (guint)MAX_ALIAS_NODES);
      return NULL;
    }

  loader->n_alias_nodes += anchor->n_nodes;

  return node_deep_copy (anchor->node);
}

static JsonNode *
load_tagged_scalar (const char    *tag,
                    const char    *text,
                    yaml_event_t  *event,
                    GError       **error)
{
  gboolean boolean;

  if (strcmp (tag, "str") == 0)
    return json_node_init_string (json_node_alloc (), text);

  if (strcmp (tag, "null") == 0)
    {
      if (_strata_yaml_matches_null (text))
        return json_node_new (JSON_NODE_NULL);
    }
  else if (strcmp (tag, "bool") == 0)
    {
      if (_strata_yaml_matches_bool (text, &boolean))
        return json_node_init_boolean (json_node_alloc (), boolean);
    }
  else if (strcmp (tag, "int") == 0)
    {
      if (_strata_yaml_matches_int (text))
        return _strata_yaml_int_node_new (text);
    }
  else if (strcmp (tag, "float") == 0)
    {
      if (_strata_yaml_matches_float (text))
        return json_node_init_double (json_node_alloc (), _strata_yaml_parse_float (text));

      if (_strata_yaml_matches_int (text))
        {
          g_autoptr(JsonNode) integer = _strata_yaml_int_node_new (text);

          return json_node_init_double (json_node_alloc (), json_node_get_double (integer));
        }
    }
  else
    {
      g_assert_not_reached ();
    }

  set_error_at (error, &event->start_mark,
                /* Translators: the first %s is a value, the second a YAML tag like “!!int” */
                _("“%s” cannot be read as “!!%s”; remove the tag or change the value"),
                text, tag);
  return NULL;
}

static JsonNode *
load_scalar (Loader        *loader,
             yaml_event_t  *event,
             GError       **error)
{
  const char *text = (const char *)event->data.scalar.value;
  const char *tag = (const char *)event->data.scalar.tag;
  JsonNode *node;

  /* json-glib strings end at the first NUL, which would silently cut
   * the value short. */
  if (memchr (text, '\0', event->data.scalar.length) != NULL)
    {
      set_error_at (error, &event->start_mark,
                    _("the value contains a NUL character (“\\0”), which is not supported"));
      return NULL;
    }

  if (tag != NULL && g_str_has_prefix (tag, YAML_TAG_PREFIX) &&
      g_strv_contains ((const char * const[]) { "str", "null", "bool", "int", "float", NULL },
                       tag + strlen (YAML_TAG_PREFIX)))
    node = load_tagged_scalar (tag + strlen (YAML_TAG_PREFIX), text, event, error);
  /* Application tags (“!Ref”, “!vault”) are for other tools: the value
   * reads as if untagged, so that such files still load. The non-specific
   * tag “!” means “a string” for any style. */
  else if (event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && g_strcmp0 (tag, "!") != 0)
    node = _strata_yaml_plain_node_new (text);
  else
    node = json_node_init_string (json_node_alloc (), text);

  if (node != NULL)
    loader_register_anchor (loader, (const char *)event->data.scalar.anchor, node);

  return node;
}

static JsonNode *
load_sequence (Loader        *loader,
               yaml_event_t  *start,
               guint          depth,
               GError       **error)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;

  for (;;)
    {
      g_auto(yaml_event_t) event = { 0 };
      JsonNode *element;

      if (!loader_next (loader, &event, error))
        return NULL;

      if (event.type == YAML_SEQUENCE_END_EVENT)
        break;

      if (!(element = load_node (loader, &event, depth + 1, error)))
        return NULL;

      json_array_add_element (array, element);
    }

  node = json_node_init_array (json_node_alloc (), array);
  loader_register_anchor (loader, (const char *)start->data.sequence_start.anchor, node);

  return node;
}

static gboolean
is_merge_key (const yaml_event_t *event)
{
  const char *tag = (const char *)event->data.scalar.tag;

  if (event->type != YAML_SCALAR_EVENT)
    return FALSE;

  if (tag != NULL)
    return strcmp (tag, YAML_TAG_PREFIX "merge") == 0;

  return event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
         strcmp ((const char *)event->data.scalar.value, "<<") == 0;
}

/* Keys present before the merge, or from an earlier merge, win: that is what
 * lets “<<: *defaults” followed by a few keys override the defaults. */
static void
merge_object (JsonObject *object,
              JsonObject *source)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, source);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (!json_object_has_member (object, name))
        json_object_set_member (object, name, node_deep_copy (member));
    }
}

static gboolean
merge_into (JsonObject         *object,
            JsonNode           *value,
            const yaml_mark_t  *mark,
            GError            **error)
{
  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      merge_object (object, json_node_get_object (value));
      return TRUE;
    }

  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      guint length = json_array_get_length (array);

      for (guint i = 0; i < length; i++)
        {
          if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
            goto not_mappings;
        }

      for (guint i = 0; i < length; i++)
        merge_object (object, json_node_get_object (json_array_get_element (array, i)));

      return TRUE;
    }

not_mappings:
  set_error_at (error, mark,
                _("the merge key “<<” takes a mapping or a list of mappings, like “<<: *defaults”"));
  return FALSE;
}

/* JSON keys are strings, so scalar keys are written the way Kubernetes'
 * YAML reader writes them: “1: a” has the key "1", “true: a” the key
 * "true" and “~: a” the key "null". */
static char *
key_to_string (JsonNode *key)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (key))
    return g_strdup ("null");

  g_assert (JSON_NODE_HOLDS_VALUE (key));

  type = json_node_get_value_type (key);
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (key) ? "true" : "false");
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (key));
  if (type == G_TYPE_DOUBLE)
    return _strata_yaml_format_double (json_node_get_double (key));

  return g_strdup (json_node_get_string (key));
}

static JsonNode *
load_mapping (Loader        *loader,
              yaml_event_t  *start,
              guint          depth,
              GError       **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  /* Keys written in this mapping → the line of their first appearance;
   * keys that came from a merge are not here and may be overridden. */
  g_autoptr(GHashTable) key_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *node;

  for (;;)
    {
      g_auto(yaml_event_t) key_event = { 0 };
      g_auto(yaml_event_t) value_event = { 0 };
      g_autoptr(JsonNode) key = NULL;
      g_autoptr(JsonNode) value = NULL;
      g_autofree char *name = NULL;
      gboolean is_merge;
      gpointer first_line;

      if (!loader_next (loader, &key_event, error))
        return NULL;

      if (key_event.type == YAML_MAPPING_END_EVENT)
        break;

      is_merge = is_merge_key (&key_event);

      if (!(key = load_node (loader, &key_event, depth + 1, error)))
        return NULL;

      if (!is_merge)
        {
          if (JSON_NODE_HOLDS_OBJECT (key) || JSON_NODE_HOLDS_ARRAY (key))
            {
              set_error_at (error, &key_event.start_mark,
                            JSON_NODE_HOLDS_OBJECT (key)
                              ? _("a mapping cannot be a key; keys must be scalars such as strings or numbers")
                              : _("a sequence cannot be a key; keys must be scalars such as strings or numbers"));
              return NULL;
            }

          name = key_to_string (key);

          if (g_hash_table_lookup_extended (key_lines, name, NULL, &first_line))
            {
              set_error_at (error, &key_event.start_mark,
                            _("duplicate key “%s” (first defined on line %u); remove one of them"),
                            name, GPOINTER_TO_UINT (first_line));
              return NULL;
            }

          g_hash_table_insert (key_lines, g_strdup (name),
                               GUINT_TO_POINTER ((guint)key_event.start_mark.line + 1));
        }

      if (!loader_next (loader, &value_event, error) ||
          !(value = load_node (loader, &value_event, depth + 1, error)))
        return NULL;

      if (is_merge)
        {
          if (!merge_into (object, value, &key_event.start_mark, error))
            return NULL;
        }
      else
        {
          json_object_set_member (object, name, g_steal_pointer (&value));
        }
    }

  node = json_node_init_object (json_node_alloc (), object);
  loader_register_anchor (loader, (const char *)start->data.mapping_start.anchor, node);

  return node;
}

/* Loads the node that starts with @event, which stays owned by the caller. */
static JsonNode *
load_node (Loader        *loader,
           yaml_event_t  *event,
           guint          depth,
           GError       **error)
{
  switch (event->type)
    {
    case YAML_ALIAS_EVENT:
      return load_alias (loader, event, error);

    case YAML_SCALAR_EVENT:
      return load_scalar (loader, event, error);

    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      if (depth >= MAX_DEPTH)
        {
          set_error_at (error, &event->start_mark,
                        _("values are nested more than %u levels deep"),
                        (guint)MAX_DEPTH);
          return NULL;
        }

      if (event->type == YAML_SEQUENCE_START_EVENT)
        return load_sequence (loader, event, depth, error);
      else
        return load_mapping (loader, event, depth, error);

    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
    default:
      /* libyaml's parser only produces well-nested event streams. */
      g_assert_not_reached ();
    }
}

/* A document with no content at all (only “---”, or only comments). It is
 * read as a null, but a stream of Kubernetes manifests is full of them
 * between real documents, and they are not meant as values. */
static gboolean
is_empty_document (const yaml_event_t *root)
{
  return root->type == YAML_SCALAR_EVENT &&
         root->data.scalar.length == 0 &&
         root->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
         root->data.scalar.tag == NULL &&
         root->data.scalar.anchor == NULL;
}

static void
loader_clear (Loader *loader)
{
  yaml_parser_delete (&loader->parser);
  g_clear_pointer (&loader->anchors, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Loader, loader_clear)

static GPtrArray *
load_documents (const char  *text,
                gssize       length,
                gboolean     single,
                GError     **error)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_auto(Loader) loader = { 0 };

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);

  if (!yaml_parser_initialize (&loader.parser))
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                           _("Not enough memory to read the YAML"));
      return NULL;
    }

  yaml_parser_set_input_string (&loader.parser, (const unsigned char *)text, length);
  loader.text = text;
  loader.length = length;
  loader.anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, anchor_free);

  for (;;)
    {
      g_auto(yaml_event_t) event = { 0 };
      g_auto(yaml_event_t) root = { 0 };
      g_auto(yaml_event_t) end = { 0 };
      JsonNode *node = NULL;

      if (!loader_next (&loader, &event, error))
        return NULL;

      if (event.type == YAML_STREAM_START_EVENT)
        continue;

      if (event.type == YAML_STREAM_END_EVENT)
        return g_steal_pointer (&documents);

      g_assert (event.type == YAML_DOCUMENT_START_EVENT);

      /* Anchors do not reach across documents. */
      g_hash_table_remove_all (loader.anchors);

      if (!loader_next (&loader, &root, error))
        return NULL;

      if (!is_empty_document (&root))
        {
          if (single && documents->len > 0)
            {
              set_error_at (error, &event.start_mark,
                            _("found a second document where only one is expected"));
              return NULL;
            }

          if (!(node = load_node (&loader, &root, 0, error)))
            return NULL;

          g_ptr_array_add (documents, node);
        }

      if (!loader_next (&loader, &end, error))
        return NULL;

      g_assert (end.type == YAML_DOCUMENT_END_EVENT);
    }
}

/**
 * strata_yaml_parse:
 * @text: YAML text
 * @length: the length of @text in bytes, or -1 if it is nul-terminated
 * @error: return location for a #GError
 *
 * Reads one YAML document into a JSON tree. Plain scalars are resolved by
 * the YAML 1.2 core schema, aliases are expanded into copies and merge keys
 * (“<<”) are applied.
 *
 * Documents without content (a lone “---”, only comments) are skipped, so
 * an empty text gives a JSON null, and so does a text whose one document is
 * followed by a stray “---”. More than one document with content is an
 * error; use strata_yaml_parse_documents() for streams.
 *
 * Returns: (transfer full) (nullable): the tree, or %NULL with @error set to
 *   %STRATA_CORE_ERROR_PARSE and a message that starts with the line and
 *   column (callers add the file name)
 */
JsonNode *
strata_yaml_parse (const char  *text,
                   gssize       length,
                   GError     **error)
{
  g_autoptr(GPtrArray) documents = NULL;

  g_return_val_if_fail (text != NULL || length <= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(documents = load_documents (text, length, TRUE, error)))
    return NULL;

  if (documents->len == 0)
    return json_node_new (JSON_NODE_NULL);

  return json_node_ref (g_ptr_array_index (documents, 0));
}

/**
 * strata_yaml_parse_documents:
 * @text: YAML text, such as a stream of Kubernetes manifests
 * @length: the length of @text in bytes, or -1 if it is nul-terminated
 * @error: return location for a #GError
 *
 * Reads every document of a YAML stream, as strata_yaml_parse() reads one,
 * leaving out documents without content.
 *
 * Returns: (transfer full) (element-type JsonNode) (nullable): the
 *   documents in order, possibly none, or %NULL with @error set
 */
GPtrArray *
strata_yaml_parse_documents (const char  *text,
                             gssize       length,
                             GError     **error)
{
  g_return_val_if_fail (text != NULL || length <= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_documents (text, length, FALSE, error);
}

