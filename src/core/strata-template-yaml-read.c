/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading YAML as Helm reads values files and fromYaml's argument:
 * go-yaml v2's YAML 1.1 resolution (see strata-template-yaml.c), anchors,
 * aliases and "<<" merge keys, then sigs.k8s.io/yaml's trip through JSON:
 * keys become strings ("true", "1"), numbers become float64, timestamps
 * stay the text they were. Only the first document counts. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <yaml.h>

#include "strata-template-private.h"

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"
#define MAX_DEPTH 512

typedef struct
{
  yaml_parser_t  parser;
  GHashTable    *anchors;   /* name -> StrataTemplateValue */
  char          *error;
  int            depth;
} Reader;

static void reader_fail (Reader     *reader,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

static void
reader_fail (Reader     *reader,
             const char *format,
             ...)
{
  va_list args;

  if (reader->error != NULL)
    return;
  va_start (args, format);
  reader->error = g_strdup_vprintf (format, args);
  va_end (args);
}

/* go-yaml's parser.fail(): the line of the problem, counted its way. */
static void
parser_error (Reader *reader)
{
  const yaml_parser_t *parser = &reader->parser;
  size_t line = 0;

  if (parser->problem_mark.line != 0)
    line = parser->problem_mark.line + (parser->error == YAML_SCANNER_ERROR ? 1 : 0);
  else if (parser->context_mark.line != 0)
    line = parser->context_mark.line;
  if (line != 0)
    reader_fail (reader, "yaml: line %zu: %s", line,
                 parser->problem != NULL ? parser->problem : "unknown problem parsing YAML content");
  else
    reader_fail (reader, "yaml: %s",
                 parser->problem != NULL ? parser->problem : "unknown problem parsing YAML content");
}

static gboolean
next_event (Reader       *reader,
            yaml_event_t *event)
{
  if (reader->error != NULL)
    return FALSE;
  if (!yaml_parser_parse (&reader->parser, event))
    {
      parser_error (reader);
      return FALSE;
    }
  return TRUE;
}

static const char *
short_tag (const char *tag)
{
  if (tag != NULL && g_str_has_prefix (tag, YAML_TAG_PREFIX))
    return tag + strlen (YAML_TAG_PREFIX);
  if (tag != NULL && g_str_has_prefix (tag, "!!"))
    return tag + 2;
  return tag;
}

static StrataTemplateValue *
value_for_resolved (StrataTemplateYamlTag  tag,
                    const char            *text,
                    gsize                  length,
                    gboolean               boolean,
                    double                 number)
{
  switch (tag)
    {
    case STRATA_TEMPLATE_YAML_NULL:
      return _strata_template_value_nil ();
    case STRATA_TEMPLATE_YAML_BOOL:
      return _strata_template_value_new_bool (boolean);
    case STRATA_TEMPLATE_YAML_INT:
    case STRATA_TEMPLATE_YAML_FLOAT:
      return _strata_template_value_new_float (number);
    default:
      /* Strings, and timestamps, which go-yaml v2 leaves as text. */
      return _strata_template_value_new_string (text, length);
    }
}

static StrataTemplateValue *
read_scalar (Reader       *reader,
             yaml_event_t *event,
             gboolean     *is_merge)
{
  const char *text = (const char *)event->data.scalar.value;
  gsize length = event->data.scalar.length;
  const char *tag = short_tag ((const char *)event->data.scalar.tag);
  gboolean plain = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  StrataTemplateYamlTag resolved;
  gboolean boolean = FALSE;
  double number = 0;

  *is_merge = FALSE;
  if (tag == NULL || strcmp (tag, "!") == 0)
    {
      if (!plain || (tag != NULL && strcmp (tag, "!") == 0) || strlen (text) != length)
        return _strata_template_value_new_string (text, length);
      /* "<<" reads as a string, except as the key go-yaml merges on. */
      *is_merge = strcmp (text, "<<") == 0;
      resolved = _strata_template_yaml_resolve (text, &boolean, &number);
      return value_for_resolved (resolved, text, length, boolean, number);
    }

  if (strcmp (tag, "str") == 0)
    return _strata_template_value_new_string (text, length);
  if (strcmp (tag, "null") == 0)
    return _strata_template_value_nil ();
  if (strcmp (tag, "binary") == 0)
    {
      gsize decoded_length;
      g_autofree guchar *decoded = g_base64_decode (text, &decoded_length);

      return _strata_template_value_new_string ((const char *)decoded, decoded_length);
    }
  if (strcmp (tag, "bool") == 0 || strcmp (tag, "int") == 0 || strcmp (tag, "float") == 0 ||
      strcmp (tag, "timestamp") == 0)
    {
      static const char * const names[] = { "str", "null", "bool", "int", "float", "timestamp" };

      resolved = _strata_template_yaml_resolve (text, &boolean, &number);
      if (strcmp (names[resolved], tag) != 0 &&
          !(strcmp (tag, "float") == 0 && resolved == STRATA_TEMPLATE_YAML_INT) &&
          !(strcmp (tag, "timestamp") == 0))
        {
          reader_fail (reader, "yaml: cannot decode !!%s `%s` as a !!%s", names[resolved], text, tag);
          return NULL;
        }
      return value_for_resolved (resolved, text, length, boolean, number);
    }
  /* Application tags ("!vault", "!Ref") leave the text as it is. */
  return _strata_template_value_new_string (text, length);
}

/* sigs.k8s.io/yaml turns keys that are not strings into strings. */
static char *
key_string (Reader              *reader,
            StrataTemplateValue *key,
            yaml_event_t        *event)
{
  if (key == NULL)
    return NULL;
  switch (key->type->kind)
    {
    case STRATA_TEMPLATE_KIND_STRING:
      return g_strndup (key->string.data, key->string.length);
    case STRATA_TEMPLATE_KIND_BOOL:
      return g_strdup (key->boolean ? "true" : "false");
    case STRATA_TEMPLATE_KIND_FLOAT:
      {
        const char *text = (const char *)event->data.scalar.value;
        double number;
        gboolean boolean;

        /* Integers print as integers; floats as go-yaml's 32-bit 'g'. */
        if (_strata_template_yaml_resolve (text, &boolean, &number) == STRATA_TEMPLATE_YAML_INT &&
            fabs (key->number) < 9.2e18)
          return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64)key->number);
        {
          g_autoptr(GString) out = g_string_new (NULL);

          if (isinf (key->number))
            return g_strdup (key->number > 0 ? ".inf" : "-.inf");
          if (isnan (key->number))
            return g_strdup (".nan");
          _strata_template_format_float (out, (float)key->number, 'g', -1);
          return g_string_free (g_steal_pointer (&out), FALSE);
        }
      }
    default:
      reader_fail (reader, "Unsupported map key of type: %s", key->type->kind == STRATA_TEMPLATE_KIND_NIL
                                                              ? "%!s(<nil>)" : key->type->name);
      return NULL;
    }
}

static StrataTemplateValue *read_node (Reader       *reader,
                                       yaml_event_t *event,
                                       gboolean     *is_merge);

static void
remember_anchor (Reader              *reader,
                 const yaml_char_t   *anchor,
                 StrataTemplateValue *value)
{
  if (anchor != NULL && value != NULL)
    g_hash_table_replace (reader->anchors, g_strdup ((const char *)anchor), _strata_template_value_ref (value));
}

static gboolean
merge_into (Reader              *reader,
            StrataTemplateValue *map,
            StrataTemplateValue *source)
{
  GHashTableIter iter;
  gpointer key, item;

  if (source->type->kind == STRATA_TEMPLATE_KIND_LIST)
    {
      /* Earlier maps win: merge them last. */
      for (guint i = source->list->len; i > 0; i--)
        {
          StrataTemplateValue *element = g_ptr_array_index (source->list, i - 1);

          if (element->type->kind != STRATA_TEMPLATE_KIND_MAP)
            {
              reader_fail (reader, "yaml: map merge requires map or sequence of maps as the value");
              return FALSE;
            }
          merge_into (reader, map, element);
        }
      return TRUE;
    }
  if (source->type->kind != STRATA_TEMPLATE_KIND_MAP)
    {
      reader_fail (reader, "yaml: map merge requires map or sequence of maps as the value");
      return FALSE;
    }
  g_hash_table_iter_init (&iter, source->map);
  while (g_hash_table_iter_next (&iter, &key, &item))
    _strata_template_value_map_take (map, key, _strata_template_value_deep_copy (item));
  return TRUE;
}

static StrataTemplateValue *
read_mapping (Reader       *reader,
              yaml_event_t *start)
{
  g_autoptr(StrataTemplateValue) map = _strata_template_value_new_map (NULL);

  for (;;)
    {
      yaml_event_t event;
      g_autoptr(StrataTemplateValue) key = NULL;
      g_autoptr(StrataTemplateValue) value = NULL;
      g_autofree char *name = NULL;
      gboolean is_merge = FALSE;
      gboolean ignored;

      if (!next_event (reader, &event))
        return NULL;
      if (event.type == YAML_MAPPING_END_EVENT)
        {
          yaml_event_delete (&event);
          break;
        }
      key = read_node (reader, &event, &is_merge);
      if (key != NULL && !is_merge)
        name = key_string (reader, key, &event);
      yaml_event_delete (&event);
      if (key == NULL || (!is_merge && name == NULL))
        return NULL;

      if (!next_event (reader, &event))
        return NULL;
      value = read_node (reader, &event, &ignored);
      yaml_event_delete (&event);
      if (value == NULL)
        return NULL;

      if (is_merge)
        {
          if (!merge_into (reader, map, value))
            return NULL;
        }
      else
        _strata_template_value_map_take (map, name, g_steal_pointer (&value));
    }
  remember_anchor (reader, start->data.mapping_start.anchor, map);
  return g_steal_pointer (&map);
}

static StrataTemplateValue *
read_sequence (Reader       *reader,
               yaml_event_t *start)
{
  g_autoptr(StrataTemplateValue) list = _strata_template_value_new_list (NULL);

  for (;;)
    {
      yaml_event_t event;
      StrataTemplateValue *item;
      gboolean ignored;

      if (!next_event (reader, &event))
        return NULL;
      if (event.type == YAML_SEQUENCE_END_EVENT)
        {
          yaml_event_delete (&event);
          break;
        }
      item = read_node (reader, &event, &ignored);
      yaml_event_delete (&event);
      if (item == NULL)
        return NULL;
      _strata_template_value_list_take (list, item);
    }
  remember_anchor (reader, start->data.sequence_start.anchor, list);
  return g_steal_pointer (&list);
}

static StrataTemplateValue *
read_node (Reader       *reader,
           yaml_event_t *event,
           gboolean     *is_merge)
{
  StrataTemplateValue *value = NULL;

  *is_merge = FALSE;
  if (++reader->depth > MAX_DEPTH)
    {
      reader_fail (reader, "yaml: exceeded max depth of %d", MAX_DEPTH);
      reader->depth--;
      return NULL;
    }
  switch (event->type)
    {
    case YAML_SCALAR_EVENT:
      value = read_scalar (reader, event, is_merge);
      if (value != NULL && isnan (value->type->kind == STRATA_TEMPLATE_KIND_FLOAT ? value->number : 0))
        reader_fail (reader, "json: unsupported value: NaN");
      else if (value != NULL && value->type->kind == STRATA_TEMPLATE_KIND_FLOAT && isinf (value->number))
        reader_fail (reader, "json: unsupported value: %sInf", value->number > 0 ? "+" : "-");
      remember_anchor (reader, event->data.scalar.anchor, value);
      break;
    case YAML_SEQUENCE_START_EVENT:
      value = read_sequence (reader, event);
      break;
    case YAML_MAPPING_START_EVENT:
      value = read_mapping (reader, event);
      break;
    case YAML_ALIAS_EVENT:
      {
        StrataTemplateValue *anchored = g_hash_table_lookup (reader->anchors, event->data.alias.anchor);

        if (anchored == NULL)
          reader_fail (reader, "yaml: unknown anchor '%s' referenced", event->data.alias.anchor);
        else
          value = _strata_template_value_deep_copy (anchored);
        break;
      }
    default:
      reader_fail (reader, "yaml: did not find expected node content");
      break;
    }
  reader->depth--;
  if (reader->error != NULL)
    g_clear_pointer (&value, _strata_template_value_unref);
  return value;
}

StrataTemplateValue *
_strata_template_from_yaml (const char  *text,
                            gsize        length,
                            GError     **error)
{
  Reader reader = { { 0 } };
  StrataTemplateValue *value = NULL;
  gboolean done = FALSE;

  reader.anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)_strata_template_value_unref);
  yaml_parser_initialize (&reader.parser);
  yaml_parser_set_input_string (&reader.parser, (const unsigned char *)text, length);

  /* Stream start, then the first document if there is one. */
  while (!done)
    {
      yaml_event_t event;

      if (!next_event (&reader, &event))
        break;
      switch (event.type)
        {
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_START_EVENT:
          break;
        case YAML_STREAM_END_EVENT:
        case YAML_DOCUMENT_END_EVENT:
          done = TRUE;
          break;
        default:
          {
            gboolean ignored;

            value = read_node (&reader, &event, &ignored);
            done = TRUE;
          }
        }
      yaml_event_delete (&event);
    }

  yaml_parser_delete (&reader.parser);
  g_hash_table_unref (reader.anchors);
  if (reader.error != NULL)
    {
      g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                   "error converting YAML to JSON: %s", reader.error);
      g_free (reader.error);
      _strata_template_value_unref (value);
      return NULL;
    }
  return value != NULL ? value : _strata_template_value_nil ();
}
