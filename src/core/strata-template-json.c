/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON as Go's encoding/json writes it, for toJson, toPrettyJson and
 * toRawJson: keys sorted, <, > and & escaped as \u003c… unless raw, floats
 * in 'f' form below 1e21 and 'e' form beyond ("1e+21", "1e-7"), and JSON
 * reading for fromJson, where numbers are float64 as in Go. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-template-private.h"

void
_strata_template_format_json_float (GString *out,
                                    double   number)
{
  double magnitude = fabs (number);
  gsize start = out->len;

  if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21))
    {
      _strata_template_format_float (out, number, 'e', -1);
      /* "e-07" becomes "e-7", as encoding/json cleans it. */
      if (out->len - start >= 4 && out->str[out->len - 4] == 'e' && out->str[out->len - 3] == '-' &&
          out->str[out->len - 2] == '0')
        g_string_erase (out, out->len - 2, 1);
    }
  else
    _strata_template_format_float (out, number, 'f', -1);
}

static gboolean
is_empty_for_json (StrataTemplateValue *value)
{
  if (value == NULL)
    return TRUE;
  switch (value->type->kind)
    {
    case STRATA_TEMPLATE_KIND_NIL:
      return TRUE;
    case STRATA_TEMPLATE_KIND_BOOL:
      return !value->boolean;
    case STRATA_TEMPLATE_KIND_INT:
      return value->integer == 0;
    case STRATA_TEMPLATE_KIND_FLOAT:
      return value->number == 0;
    case STRATA_TEMPLATE_KIND_STRING:
    case STRATA_TEMPLATE_KIND_LIST:
    case STRATA_TEMPLATE_KIND_MAP:
      return _strata_template_value_length (value) == 0;
    default:
      return FALSE;
    }
}

void
_strata_template_struct_json_fields (StrataTemplateValue *structure,
                                     GPtrArray           *names,
                                     GPtrArray           *values)
{
  for (guint i = 0; i < structure->type->n_fields; i++)
    {
      const StrataTemplateField *field = &structure->type->fields[i];
      StrataTemplateValue *value = structure->fields[i];

      if (field->embedded && value != NULL && value->type->kind == STRATA_TEMPLATE_KIND_STRUCT)
        {
          _strata_template_struct_json_fields (value, names, values);
          continue;
        }
      if (field->omit_empty && is_empty_for_json (value))
        continue;
      g_ptr_array_add (names, (gpointer)(field->json_name != NULL ? field->json_name : field->name));
      g_ptr_array_add (values, value);
    }
}

static void
write_string (GString    *out,
              const char *data,
              gsize       length,
              gboolean    escape_html)
{
  const char *end = data + length;

  g_string_append_c (out, '"');
  for (const char *p = data; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          g_string_append (out, "\\ufffd");
          p++;
          continue;
        }
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case 0x2028: g_string_append (out, "\\u2028"); break;
        case 0x2029: g_string_append (out, "\\u2029"); break;
        default:
          if (c < 0x20 || (escape_html && (c == '<' || c == '>' || c == '&')))
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
      p = g_utf8_next_char (p);
    }
  g_string_append_c (out, '"');
}

typedef struct
{
  GString    *out;
  gboolean    escape_html;
  const char *indent;   /* NULL: compact */
  char       *error;
} JsonWriter;

static void
newline (JsonWriter *writer,
         int         depth)
{
  if (writer->indent == NULL)
    return;
  g_string_append_c (writer->out, '\n');
  for (int i = 0; i < depth; i++)
    g_string_append (writer->out, writer->indent);
}

static gboolean write_value (JsonWriter          *writer,
                             StrataTemplateValue *value,
                             int                  depth);

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static gboolean
write_object (JsonWriter *writer,
              GPtrArray  *names,
              GPtrArray  *values,
              gboolean    sort,
              int         depth)
{
  g_autoptr(GPtrArray) order = g_ptr_array_copy (names, NULL, NULL);

  if (sort)
    g_ptr_array_sort (order, compare_names);
  if (names->len == 0)
    {
      g_string_append (writer->out, "{}");
      return TRUE;
    }
  g_string_append_c (writer->out, '{');
  for (guint i = 0; i < order->len; i++)
    {
      const char *name = order->pdata[i];
      guint index = 0;

      while (names->pdata[index] != (gpointer)name)
        index++;
      if (i > 0)
        g_string_append_c (writer->out, ',');
      newline (writer, depth + 1);
      write_string (writer->out, name, strlen (name), writer->escape_html);
      g_string_append (writer->out, writer->indent != NULL ? ": " : ":");
      if (!write_value (writer, values->pdata[index], depth + 1))
        return FALSE;
    }
  newline (writer, depth);
  g_string_append_c (writer->out, '}');
  return TRUE;
}

static gboolean
write_value (JsonWriter          *writer,
             StrataTemplateValue *value,
             int                  depth)
{
  if (depth > 1000)
    {
      writer->error = g_strdup ("json: unsupported value: encountered a cycle");
      return FALSE;
    }
  if (value == NULL || value->type->kind == STRATA_TEMPLATE_KIND_NIL)
    {
      g_string_append (writer->out, "null");
      return TRUE;
    }
  switch (value->type->kind)
    {
    case STRATA_TEMPLATE_KIND_BOOL:
      g_string_append (writer->out, value->boolean ? "true" : "false");
      return TRUE;
    case STRATA_TEMPLATE_KIND_INT:
      g_string_append_printf (writer->out, "%" G_GINT64_FORMAT, value->integer);
      return TRUE;
    case STRATA_TEMPLATE_KIND_FLOAT:
      if (isnan (value->number) || isinf (value->number))
        {
          g_autoptr(GString) shown = g_string_new (NULL);

          _strata_template_format_float (shown, value->number, 'g', -1);
          writer->error = g_strdup_printf ("json: unsupported value: %s", shown->str);
          return FALSE;
        }
      _strata_template_format_json_float (writer->out, value->number);
      return TRUE;
    case STRATA_TEMPLATE_KIND_STRING:
      write_string (writer->out, value->string.data, value->string.length, writer->escape_html);
      return TRUE;
    case STRATA_TEMPLATE_KIND_LIST:
      if (value->list->len == 0)
        {
          g_string_append (writer->out, "[]");
          return TRUE;
        }
      g_string_append_c (writer->out, '[');
      for (guint i = 0; i < value->list->len; i++)
        {
          if (i > 0)
            g_string_append_c (writer->out, ',');
          newline (writer, depth + 1);
          if (!write_value (writer, g_ptr_array_index (value->list, i), depth + 1))
            return FALSE;
        }
      newline (writer, depth);
      g_string_append_c (writer->out, ']');
      return TRUE;
    case STRATA_TEMPLATE_KIND_MAP:
      {
        g_autoptr(GPtrArray) names = g_ptr_array_new ();
        g_autoptr(GPtrArray) values = g_ptr_array_new ();
        GHashTableIter iter;
        gpointer key, item;

        g_hash_table_iter_init (&iter, value->map);
        while (g_hash_table_iter_next (&iter, &key, &item))
          {
            g_ptr_array_add (names, key);
            g_ptr_array_add (values, item);
          }
        return write_object (writer, names, values, TRUE, depth);
      }
    case STRATA_TEMPLATE_KIND_STRUCT:
      {
        g_autoptr(GPtrArray) names = g_ptr_array_new ();
        g_autoptr(GPtrArray) values = g_ptr_array_new ();

        _strata_template_struct_json_fields (value, names, values);
        return write_object (writer, names, values, FALSE, depth);
      }
    default:
      g_assert_not_reached ();
    }
}

char *
_strata_template_to_json (StrataTemplateValue  *value,
                          gboolean              escape_html,
                          const char           *indent,
                          GError              **error)
{
  JsonWriter writer = { g_string_new (NULL), escape_html, indent, NULL };

  if (!write_value (&writer, value, 0))
    {
      g_set_error_literal (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID, writer.error);
      g_free (writer.error);
      g_string_free (writer.out, TRUE);
      return NULL;
    }
  return g_string_free (writer.out, FALSE);
}

StrataTemplateValue *
_strata_template_from_json (const char  *text,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, text, length, error))
    return NULL;
  return _strata_template_value_from_json (json_parser_get_root (parser));
}
