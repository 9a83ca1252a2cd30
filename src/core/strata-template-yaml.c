/* SPDX-License-Identifier: GPL-3.0-or-later */
/* YAML the way Helm reads and writes it: sigs.k8s.io/yaml over go-yaml v2.
 * Reading follows YAML 1.1 (yes, on and y are booleans, 0777 is octal)
 * and then JSON, so every number ends up a float64. Writing goes through
 * JSON too, then go-yaml's choices: keys in its "natural" order (a2 before
 * a10), strings that would read as something else double-quoted,
 * multi-line strings as literal blocks, long lines folded at 80 columns.
 * go-yaml's emitter is a port of libyaml's, so libyaml writes the text
 * once those choices are made. Strata's strata_yaml_* follow YAML 1.2
 * and are not this. */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <yaml.h>

#include "strata-template-private.h"

/* Resolving plain scalars (go-yaml v2 resolve.go) */

static gboolean
matches_float (const char *text)
{
  /* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
  const char *p = text;

  if (*p == '-' || *p == '+')
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  else
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      if (*p == '.')
        {
          p++;
          while (g_ascii_isdigit (*p))
            p++;
        }
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '-' || *p == '+')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/* strconv.ParseInt/ParseUint with base 0 (prefixes 0x, 0o, 0b, and 0 for
 * octal); @text has no underscores. */
static gboolean
parse_integer (const char *text,
               gboolean    is_unsigned,
               gint64     *value,
               guint64    *unsigned_value)
{
  const char *p = text;
  gboolean negative = FALSE;
  guint base = 10;
  guint64 magnitude;
  char *end = NULL;

  if (*p == '+' || *p == '-')
    {
      if (is_unsigned)
        return FALSE;
      negative = *p++ == '-';
    }
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    base = 16, p += 2;
  else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
    base = 2, p += 2;
  else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
    base = 8, p += 2;
  else if (p[0] == '0' && p[1] != '\0')
    base = 8, p += 1;
  if (*p == '\0' || *p == '+' || *p == '-' || g_ascii_isspace (*p))
    return FALSE;
  errno = 0;
  magnitude = g_ascii_strtoull (p, &end, base);
  if (errno != 0 || *end != '\0')
    return FALSE;
  if (is_unsigned)
    {
      *unsigned_value = magnitude;
      return TRUE;
    }
  if (negative ? magnitude > (guint64)G_MAXINT64 + 1 : magnitude > G_MAXINT64)
    return FALSE;
  *value = negative ? (gint64)(0 - magnitude) : (gint64)magnitude;
  return TRUE;
}

static int
days_in_month (int year,
               int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
    return 29;
  return days[month - 1];
}

/* go-yaml's parseTimestamp: YYYY-M-D, optionally with a time. */
static gboolean
is_timestamp (const char *text)
{
  int year, month, day, consumed = 0;
  const char *rest;

  if (strspn (text, "0123456789") != 4 || text[4] != '-')
    return FALSE;
  if (sscanf (text, "%4d-%2d-%2d%n", &year, &month, &day, &consumed) != 3)
    return FALSE;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month (year, month))
    return FALSE;
  rest = text + consumed;
  if (*rest == '\0')
    return TRUE;
  if (*rest == 'T' || *rest == 't' || *rest == ' ')
    {
      int hour, minute, second, time_consumed = 0;

      if (sscanf (rest + 1, "%2d:%2d:%2d%n", &hour, &minute, &second, &time_consumed) != 3 ||
          hour > 23 || minute > 59 || second > 59)
        return FALSE;
      rest += 1 + time_consumed;
      if (*rest == '.')
        {
          rest++;
          if (!g_ascii_isdigit (*rest))
            return FALSE;
          while (g_ascii_isdigit (*rest))
            rest++;
        }
      if (*rest == '\0')
        return text[10] == ' ';
      if (text[10] == ' ')
        return FALSE;
      if (strcmp (rest, "Z") == 0)
        return TRUE;
      return (rest[0] == '+' || rest[0] == '-') && strlen (rest) == 6 &&
             g_ascii_isdigit (rest[1]) && g_ascii_isdigit (rest[2]) && rest[3] == ':' &&
             g_ascii_isdigit (rest[4]) && g_ascii_isdigit (rest[5]);
    }
  return FALSE;
}

typedef struct
{
  StrataTemplateYamlTag kind;
  gboolean              boolean;
  double                number;
} Scalar;

static StrataTemplateYamlTag
resolve (const char *text,
         Scalar     *scalar)
{
  static const char * const true_words[] = { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
                                             "on", "On", "ON", NULL };
  static const char * const false_words[] = { "n", "N", "no", "No", "NO", "false", "False", "FALSE",
                                              "off", "Off", "OFF", NULL };
  static const char * const null_words[] = { "", "~", "null", "Null", "NULL", NULL };
  g_autoptr(GString) plain = NULL;
  char hint = text[0];

  memset (scalar, 0, sizeof *scalar);
  if (g_strv_contains (null_words, text))
    return scalar->kind = STRATA_TEMPLATE_YAML_NULL;
  if (g_strv_contains (true_words, text) || g_strv_contains (false_words, text))
    {
      scalar->boolean = g_strv_contains (true_words, text);
      return scalar->kind = STRATA_TEMPLATE_YAML_BOOL;
    }
  if (strcmp (text, ".nan") == 0 || strcmp (text, ".NaN") == 0 || strcmp (text, ".NAN") == 0)
    {
      scalar->number = NAN;
      return scalar->kind = STRATA_TEMPLATE_YAML_FLOAT;
    }
  if (g_str_has_suffix (text, "inf") || g_str_has_suffix (text, "Inf") || g_str_has_suffix (text, "INF"))
    {
      const char *body = text[0] == '+' || text[0] == '-' ? text + 1 : text;

      if (strcmp (body, ".inf") == 0 || strcmp (body, ".Inf") == 0 || strcmp (body, ".INF") == 0)
        {
          scalar->number = text[0] == '-' ? -INFINITY : INFINITY;
          return scalar->kind = STRATA_TEMPLATE_YAML_FLOAT;
        }
    }

  if (hint == '.')
    {
      char *end = NULL;
      double number;

      /* strconv.ParseFloat, as far as a leading dot allows. */
      if (matches_float (text))
        {
          number = g_ascii_strtod (text, &end);
          scalar->number = number;
          return scalar->kind = STRATA_TEMPLATE_YAML_FLOAT;
        }
      return STRATA_TEMPLATE_YAML_STR;
    }

  if (!(g_ascii_isdigit (hint) || hint == '+' || hint == '-'))
    return STRATA_TEMPLATE_YAML_STR;

  if (is_timestamp (text))
    return scalar->kind = STRATA_TEMPLATE_YAML_TIMESTAMP;

  plain = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (plain, *p);

  {
    gint64 integer;
    guint64 unsigned_integer;

    if (parse_integer (plain->str, FALSE, &integer, NULL))
      {
        scalar->number = (double)integer;
        return scalar->kind = STRATA_TEMPLATE_YAML_INT;
      }
    if (parse_integer (plain->str, TRUE, NULL, &unsigned_integer))
      {
        scalar->number = (double)unsigned_integer;
        return scalar->kind = STRATA_TEMPLATE_YAML_INT;
      }
  }
  if (matches_float (plain->str))
    {
      errno = 0;
      scalar->number = g_ascii_strtod (plain->str, NULL);
      if (errno != ERANGE || isinf (scalar->number))
        return scalar->kind = STRATA_TEMPLATE_YAML_FLOAT;
      return STRATA_TEMPLATE_YAML_STR;
    }
  if (g_str_has_prefix (plain->str, "0b") || g_str_has_prefix (plain->str, "-0b"))
    {
      gboolean negative = plain->str[0] == '-';
      char *end = NULL;
      guint64 magnitude;

      errno = 0;
      magnitude = g_ascii_strtoull (plain->str + (negative ? 3 : 2), &end, 2);
      if (errno == 0 && end != NULL && *end == '\0' && plain->str[negative ? 3 : 2] != '\0')
        {
          scalar->number = negative ? -(double)magnitude : (double)magnitude;
          return scalar->kind = STRATA_TEMPLATE_YAML_INT;
        }
    }
  return STRATA_TEMPLATE_YAML_STR;
}

StrataTemplateYamlTag
_strata_template_yaml_resolve (const char *text,
                               gboolean   *boolean,
                               double     *number)
{
  Scalar scalar;
  StrataTemplateYamlTag tag = resolve (text, &scalar);

  if (boolean != NULL)
    *boolean = scalar.boolean;
  if (number != NULL)
    *number = scalar.number;
  return tag;
}

/* go-yaml's isBase60Float: "1:20" must be quoted for YAML 1.1 readers. */
static gboolean
is_base60_float (const char *text)
{
  const char *p = text;

  if (!(*p == '+' || *p == '-' || g_ascii_isdigit (*p)) || strchr (text, ':') == NULL)
    return FALSE;
  /* ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ */
  if (*p == '+' || *p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p) || *p == '_')
    p++;
  if (*p != ':')
    return FALSE;
  while (*p == ':')
    {
      p++;
      if (p[0] >= '0' && p[0] <= '5' && g_ascii_isdigit (p[1]))
        p += 2;
      else if (g_ascii_isdigit (p[0]))
        p += 1;
      else
        return FALSE;
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p) || *p == '_')
        p++;
    }
  return *p == '\0';
}

/* Writing */

typedef struct
{
  yaml_emitter_t  emitter;
  GString        *out;
  char           *error;
} Writer;

static int
write_handler (void          *data,
               unsigned char *buffer,
               size_t         size)
{
  Writer *writer = data;

  g_string_append_len (writer->out, (const char *)buffer, size);
  return 1;
}

static gboolean
emit (Writer       *writer,
      yaml_event_t *event)
{
  if (writer->error != NULL)
    {
      yaml_event_delete (event);
      return FALSE;
    }
  if (!yaml_emitter_emit (&writer->emitter, event))
    {
      writer->error = g_strdup (writer->emitter.problem != NULL ? writer->emitter.problem : "cannot write YAML");
      return FALSE;
    }
  return TRUE;
}

static gboolean
emit_scalar (Writer              *writer,
             const char          *text,
             gsize                length,
             yaml_scalar_style_t  style)
{
  yaml_event_t event;

  if (!yaml_scalar_event_initialize (&event, NULL, NULL, (yaml_char_t *)text, length, 1, 1, style))
    {
      writer->error = g_strdup ("cannot write YAML");
      return FALSE;
    }
  return emit (writer, &event);
}

/* go-yaml's stringv: the style a string asks the emitter for. */
static gboolean
emit_string (Writer     *writer,
             const char *text,
             gsize       length)
{
  yaml_scalar_style_t style;
  Scalar scalar;

  if (memchr (text, '\n', length) != NULL)
    style = YAML_LITERAL_SCALAR_STYLE;
  else if (strlen (text) == length && resolve (text, &scalar) == STRATA_TEMPLATE_YAML_STR && !is_base60_float (text))
    style = YAML_PLAIN_SCALAR_STYLE;
  else
    style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
  return emit_scalar (writer, text, length, style);
}

/* A float64 as encoding/json writes it, read back by go-yaml (1000000 is
 * an int then) and written by go-yaml. */
static gboolean
emit_float (Writer *writer,
            double  number)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  Scalar scalar;

  if (isnan (number) || isinf (number))
    {
      writer->error = g_strdup_printf ("json: unsupported value: %s", isnan (number) ? "NaN" : number > 0 ? "+Inf" : "-Inf");
      return FALSE;
    }
  _strata_template_format_json_float (json, number);
  switch (resolve (json->str, &scalar))
    {
    case STRATA_TEMPLATE_YAML_INT:
      /* JSON wrote plain digits, which go-yaml writes back as they are. */
      g_string_assign (text, strcmp (json->str, "-0") == 0 ? "0" : json->str);
      break;
    default:
      _strata_template_format_float (text, scalar.number, 'g', -1);
      break;
    }
  return emit_scalar (writer, text->str, text->len, YAML_PLAIN_SCALAR_STYLE);
}

/* go-yaml v2's keyList.Less for string keys: digits compare as numbers,
 * letters after everything else. */
static gboolean
key_less (const char *a,
          const char *b)
{
  glong a_length, b_length;
  g_autofree gunichar *ar = g_utf8_to_ucs4_fast (a, -1, &a_length);
  g_autofree gunichar *br = g_utf8_to_ucs4_fast (b, -1, &b_length);

  for (glong i = 0; i < a_length && i < b_length; i++)
    {
      gboolean a_letter, b_letter;
      gint64 an = 0, bn = 0;
      glong ai, bi;

      if (ar[i] == br[i])
        continue;
      a_letter = g_unichar_isalpha (ar[i]);
      b_letter = g_unichar_isalpha (br[i]);
      if (a_letter && b_letter)
        return ar[i] < br[i];
      if (a_letter || b_letter)
        return b_letter;
      if (ar[i] == '0' || br[i] == '0')
        for (glong j = i - 1; j >= 0 && g_unichar_isdigit (ar[j]); j--)
          if (ar[j] != '0')
            {
              an = bn = 1;
              break;
            }
      for (ai = i; ai < a_length && g_unichar_isdigit (ar[ai]); ai++)
        an = an * 10 + (gint64)(ar[ai] - '0');
      for (bi = i; bi < b_length && g_unichar_isdigit (br[bi]); bi++)
        bn = bn * 10 + (gint64)(br[bi] - '0');
      if (an != bn)
        return an < bn;
      if (ai != bi)
        return ai < bi;
      return ar[i] < br[i];
    }
  return a_length < b_length;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const char *x = *(const char * const *)a;
  const char *y = *(const char * const *)b;

  return key_less (x, y) ? -1 : key_less (y, x) ? 1 : 0;
}

static gboolean emit_value (Writer              *writer,
                            StrataTemplateValue *value,
                            int                  depth);

static gboolean
emit_mapping (Writer    *writer,
              GPtrArray *keys,
              GPtrArray *items,
              int        depth)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  yaml_event_t event;

  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (order, GUINT_TO_POINTER (i));
  /* Sort the indices by their keys. */
  {
    g_autoptr(GPtrArray) sorted = g_ptr_array_copy (keys, NULL, NULL);

    g_ptr_array_sort (sorted, compare_keys);
    for (guint i = 0; i < sorted->len; i++)
      for (guint j = 0; j < keys->len; j++)
        if (keys->pdata[j] == sorted->pdata[i])
          order->pdata[i] = GUINT_TO_POINTER (j);
  }

  yaml_mapping_start_event_initialize (&event, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
  if (!emit (writer, &event))
    return FALSE;
  for (guint i = 0; i < order->len; i++)
    {
      guint index = GPOINTER_TO_UINT (order->pdata[i]);
      const char *key = keys->pdata[index];

      if (!emit_string (writer, key, strlen (key)) ||
          !emit_value (writer, items->pdata[index], depth + 1))
        return FALSE;
    }
  yaml_mapping_end_event_initialize (&event);
  return emit (writer, &event);
}

static gboolean
emit_value (Writer              *writer,
            StrataTemplateValue *value,
            int                  depth)
{
  yaml_event_t event;

  if (depth > 1000)
    {
      writer->error = g_strdup ("json: unsupported value: encountered a cycle");
      return FALSE;
    }
  if (value == NULL || value->type->kind == STRATA_TEMPLATE_KIND_NIL)
    return emit_scalar (writer, "null", 4, YAML_PLAIN_SCALAR_STYLE);

  switch (value->type->kind)
    {
    case STRATA_TEMPLATE_KIND_BOOL:
      return emit_scalar (writer, value->boolean ? "true" : "false", value->boolean ? 4 : 5,
                          YAML_PLAIN_SCALAR_STYLE);
    case STRATA_TEMPLATE_KIND_INT:
      {
        g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value->integer);

        return emit_scalar (writer, text, strlen (text), YAML_PLAIN_SCALAR_STYLE);
      }
    case STRATA_TEMPLATE_KIND_FLOAT:
      return emit_float (writer, value->number);
    case STRATA_TEMPLATE_KIND_STRING:
      {
        /* encoding/json replaced invalid UTF-8 on the way. */
        g_autofree char *valid = g_utf8_make_valid (value->string.data, value->string.length);

        return emit_string (writer, valid, strlen (valid));
      }
    case STRATA_TEMPLATE_KIND_LIST:
      yaml_sequence_start_event_initialize (&event, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
      if (!emit (writer, &event))
        return FALSE;
      for (guint i = 0; i < value->list->len; i++)
        if (!emit_value (writer, g_ptr_array_index (value->list, i), depth + 1))
          return FALSE;
      yaml_sequence_end_event_initialize (&event);
      return emit (writer, &event);
    case STRATA_TEMPLATE_KIND_MAP:
      {
        g_autoptr(GPtrArray) keys = g_ptr_array_new ();
        g_autoptr(GPtrArray) items = g_ptr_array_new ();
        GHashTableIter iter;
        gpointer key, item;

        g_hash_table_iter_init (&iter, value->map);
        while (g_hash_table_iter_next (&iter, &key, &item))
          {
            g_ptr_array_add (keys, key);
            g_ptr_array_add (items, item);
          }
        return emit_mapping (writer, keys, items, depth);
      }
    case STRATA_TEMPLATE_KIND_STRUCT:
      {
        g_autoptr(GPtrArray) keys = g_ptr_array_new ();
        g_autoptr(GPtrArray) items = g_ptr_array_new ();

        _strata_template_struct_json_fields (value, keys, items);
        return emit_mapping (writer, keys, items, depth);
      }
    default:
      g_assert_not_reached ();
    }
}

char *
_strata_template_to_yaml (StrataTemplateValue  *value,
                          GError              **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  Writer writer = { { 0 }, out, NULL };
  yaml_event_t event;
  gboolean ok;

  yaml_emitter_initialize (&writer.emitter);
  yaml_emitter_set_output (&writer.emitter, write_handler, &writer);
  yaml_emitter_set_unicode (&writer.emitter, 1);

  yaml_stream_start_event_initialize (&event, YAML_UTF8_ENCODING);
  ok = emit (&writer, &event);
  yaml_document_start_event_initialize (&event, NULL, NULL, NULL, 1);
  ok = ok && emit (&writer, &event);
  ok = ok && emit_value (&writer, value, 0);
  yaml_document_end_event_initialize (&event, 1);
  ok = ok && emit (&writer, &event);
  yaml_stream_end_event_initialize (&event);
  ok = ok && emit (&writer, &event);
  yaml_emitter_delete (&writer.emitter);

  if (!ok)
    {
      g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                   "error marshaling into JSON: %s", writer.error);
      g_free (writer.error);
      return NULL;
    }
  /* go-yaml never ends a lone document with "...", which libyaml writes
   * after a block scalar that keeps its trailing newlines. */
  if (g_str_has_suffix (out->str, "\n...\n"))
    g_string_truncate (out, out->len - strlen ("...\n"));
  return g_string_free (g_steal_pointer (&out), FALSE);
}
