/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Go's fmt and strconv as templates print through them: %v of every value
 * a template prints, printf with its verbs, flags and "%!d(string=x)"
 * complaints, strconv.Quote for quote and %q, and FormatFloat, whose
 * shortest form makes 1000000.0 print as 1e+06. */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strata-template-value-private.h"

typedef struct
{
  GString  *out;
  gboolean  plus, minus, sharp, space, zero;
  gboolean  plus_v, sharp_v;
  gboolean  width_present, precision_present;
  int       width, precision;
} Printer;

static void print_value (Printer             *printer,
                         StrataTemplateValue *value,
                         gunichar             verb,
                         int                  depth);

/* Padding (fmt.pad): width counts runes. */

static void
write_padding (Printer *printer,
               int      count)
{
  for (int i = 0; i < count; i++)
    g_string_append_c (printer->out, printer->zero ? '0' : ' ');
}

static void
pad (Printer    *printer,
     const char *text,
     gsize       length)
{
  int runes;

  if (!printer->width_present || printer->width == 0)
    {
      g_string_append_len (printer->out, text, length);
      return;
    }
  runes = g_utf8_strlen (text, length);
  if (!printer->minus)
    {
      write_padding (printer, printer->width - runes);
      g_string_append_len (printer->out, text, length);
    }
  else
    {
      g_string_append_len (printer->out, text, length);
      write_padding (printer, printer->width - runes);
    }
}

/* Verbs by kind */

static void
bad_verb (Printer             *printer,
          StrataTemplateValue *value,
          gunichar             verb)
{
  g_string_append (printer->out, "%!");
  g_string_append_unichar (printer->out, verb);
  g_string_append_c (printer->out, '(');
  if (value != NULL && value->type->kind != STRATA_TEMPLATE_KIND_NIL)
    {
      g_string_append (printer->out, value->type->name);
      g_string_append_c (printer->out, '=');
      print_value (printer, value, 'v', 0);
    }
  else
    g_string_append (printer->out, "<nil>");
  g_string_append_c (printer->out, ')');
}

static void
format_integer (Printer  *printer,
                gint64    integer,
                gunichar  verb)
{
  const char *digits = verb == 'X' ? "0123456789ABCDEFX" : "0123456789abcdefx";
  gboolean negative = integer < 0;
  guint64 magnitude = negative ? 0 - (guint64)integer : (guint64)integer;
  char buffer[200];
  int i = sizeof buffer;
  int precision = 0;
  guint base;

  switch (verb)
    {
    case 'v': case 'd': base = 10; break;
    case 'b': base = 2; break;
    case 'o': case 'O': base = 8; break;
    case 'x': case 'X': base = 16; break;
    case 'c':
      {
        char utf8[8] = { 0 };
        gunichar c = integer < 0 || integer > 0x10FFFF ? 0xFFFD : (gunichar)integer;

        g_unichar_to_utf8 (c, utf8);
        pad (printer, utf8, strlen (utf8));
        return;
      }
    case 'q':
      {
        g_autoptr(GString) quoted = g_string_new (NULL);
        char utf8[8] = { 0 };
        gunichar c = integer < 0 || integer > 0x10FFFF ? 0xFFFD : (gunichar)integer;

        g_unichar_to_utf8 (c, utf8);
        _strata_template_quote (quoted, utf8, strlen (utf8), printer->plus);
        quoted->str[0] = quoted->str[quoted->len - 1] = '\'';
        if (c == '\'')
          g_string_assign (quoted, "'\\''");
        else if (c == '"')
          g_string_assign (quoted, "'\"'");
        pad (printer, quoted->str, quoted->len);
        return;
      }
    case 'U':
      {
        g_autofree char *text = g_strdup_printf ("U+%04" G_GINT64_MODIFIER "X", integer);

        pad (printer, text, strlen (text));
        return;
      }
    default:
      g_assert_not_reached ();
    }

  if (printer->precision_present)
    {
      precision = MIN (printer->precision, 150);
      if (precision == 0 && magnitude == 0)
        {
          gboolean zero = printer->zero;

          printer->zero = FALSE;
          write_padding (printer, printer->width);
          printer->zero = zero;
          return;
        }
    }
  else if (printer->zero && printer->width_present)
    {
      precision = MIN (printer->width, 150);
      if (negative || printer->plus || printer->space)
        precision--;
    }

  do
    {
      buffer[--i] = digits[magnitude % base];
      magnitude /= base;
    }
  while (magnitude > 0);
  while (i > 0 && precision > (int)sizeof buffer - i)
    buffer[--i] = '0';

  if (printer->sharp)
    {
      if (base == 2)
        buffer[--i] = 'b', buffer[--i] = '0';
      else if (base == 8 && buffer[i] != '0')
        buffer[--i] = '0';
      else if (base == 16)
        buffer[--i] = digits[16], buffer[--i] = '0';
    }
  if (verb == 'O')
    buffer[--i] = 'o', buffer[--i] = '0';
  if (negative)
    buffer[--i] = '-';
  else if (printer->plus)
    buffer[--i] = '+';
  else if (printer->space)
    buffer[--i] = ' ';

  {
    gboolean zero = printer->zero;

    printer->zero = FALSE;
    pad (printer, buffer + i, sizeof buffer - i);
    printer->zero = zero;
  }
}

static void
format_float (Printer  *printer,
              double    number,
              gunichar  verb,
              int       precision)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (printer->precision_present)
    precision = printer->precision;
  _strata_template_format_float (text, number, verb == 'F' ? 'f' : (char)verb, precision);
  if (text->str[0] != '-' && text->str[0] != '+')
    g_string_prepend_c (text, '+');
  if (printer->space && text->str[0] == '+' && !printer->plus)
    text->str[0] = ' ';

  if (text->str[1] == 'I' || text->str[1] == 'N')
    {
      gboolean zero = printer->zero;

      printer->zero = FALSE;
      if (text->str[1] == 'N' && !printer->space && !printer->plus)
        g_string_erase (text, 0, 1);
      pad (printer, text->str, text->len);
      printer->zero = zero;
      return;
    }

  if (printer->plus || text->str[0] != '+')
    {
      if (printer->zero && printer->width_present && printer->width > (int)text->len)
        {
          g_string_append_c (printer->out, text->str[0]);
          write_padding (printer, printer->width - text->len);
          g_string_append (printer->out, text->str + 1);
          return;
        }
      pad (printer, text->str, text->len);
      return;
    }
  pad (printer, text->str + 1, text->len - 1);
}

static void
format_string (Printer    *printer,
               const char *data,
               gsize       length,
               gunichar    verb)
{
  if (printer->precision_present)
    {
      /* The precision counts runes. */
      const char *end = data;
      int runes = 0;

      while (end < data + length && runes < printer->precision)
        end = g_utf8_next_char (end), runes++;
      length = MIN ((gsize)(end - data), length);
    }

  switch (verb)
    {
    case 'v':
      if (!printer->sharp_v)
        {
          pad (printer, data, length);
          return;
        }
      G_GNUC_FALLTHROUGH;
    case 'q':
      {
        g_autoptr(GString) quoted = g_string_new (NULL);

        if (printer->sharp && memchr (data, '`', length) == NULL && memchr (data, '\n', length) == NULL)
          {
            g_string_append_c (quoted, '`');
            g_string_append_len (quoted, data, length);
            g_string_append_c (quoted, '`');
          }
        else
          _strata_template_quote (quoted, data, length, printer->plus);
        pad (printer, quoted->str, quoted->len);
        return;
      }
    case 's':
      pad (printer, data, length);
      return;
    case 'x':
    case 'X':
      {
        g_autoptr(GString) hex = g_string_new (NULL);

        for (gsize i = 0; i < length; i++)
          {
            if (printer->space && i > 0)
              g_string_append_c (hex, ' ');
            if (printer->sharp && (printer->space || i == 0))
              g_string_append (hex, verb == 'x' ? "0x" : "0X");
            g_string_append_printf (hex, verb == 'x' ? "%02x" : "%02X", (guchar)data[i]);
          }
        pad (printer, hex->str, hex->len);
        return;
      }
    default:
      {
        g_autoptr(StrataTemplateValue) value = _strata_template_value_new_string (data, length);

        bad_verb (printer, value, verb);
      }
    }
}

static void
print_value (Printer             *printer,
             StrataTemplateValue *value,
             gunichar             verb,
             int                  depth)
{
  if (value == NULL || value->type->kind == STRATA_TEMPLATE_KIND_NIL)
    {
      if (depth > 0 || verb == 'v' || verb == 'T')
        {
          if (depth == 0)
            pad (printer, "<nil>", 5);
          else
            g_string_append (printer->out, printer->sharp_v ? "interface {}(nil)" : "<nil>");
        }
      else
        bad_verb (printer, NULL, verb);
      return;
    }

  if (verb == 'T')
    {
      pad (printer, value->type->name, strlen (value->type->name));
      return;
    }

  /* A map that holds itself would print forever (Go overflows its stack). */
  if (depth > 1000)
    {
      g_string_append (printer->out, "...");
      return;
    }

  switch (value->type->kind)
    {
    case STRATA_TEMPLATE_KIND_BOOL:
      if (verb == 't' || verb == 'v')
        pad (printer, value->boolean ? "true" : "false", value->boolean ? 4 : 5);
      else
        bad_verb (printer, value, verb);
      break;

    case STRATA_TEMPLATE_KIND_INT:
      if (verb != 0 && strchr ("vdboOxXcqU", (int)verb) != NULL)
        format_integer (printer, value->integer, verb);
      else
        bad_verb (printer, value, verb);
      break;

    case STRATA_TEMPLATE_KIND_FLOAT:
      switch (verb)
        {
        case 'v':
          format_float (printer, value->number, 'g', -1);
          break;
        case 'b': case 'g': case 'G': case 'x': case 'X':
          if (verb == 'b' || verb == 'x' || verb == 'X')
            bad_verb (printer, value, verb);
          else
            format_float (printer, value->number, verb, -1);
          break;
        case 'f': case 'e': case 'E': case 'F':
          format_float (printer, value->number, verb, 6);
          break;
        default:
          bad_verb (printer, value, verb);
        }
      break;

    case STRATA_TEMPLATE_KIND_STRING:
      format_string (printer, value->string.data, value->string.length, verb);
      break;

    case STRATA_TEMPLATE_KIND_LIST:
      if (printer->sharp_v)
        g_string_append_printf (printer->out, "%s{", value->type->name);
      else
        g_string_append_c (printer->out, '[');
      for (guint i = 0; i < value->list->len; i++)
        {
          if (i > 0)
            g_string_append (printer->out, printer->sharp_v ? ", " : " ");
          print_value (printer, g_ptr_array_index (value->list, i), verb, depth + 1);
        }
      g_string_append_c (printer->out, printer->sharp_v ? '}' : ']');
      break;

    case STRATA_TEMPLATE_KIND_MAP:
      {
        g_autoptr(GPtrArray) keys = _strata_template_value_sorted_keys (value);

        if (printer->sharp_v)
          g_string_append_printf (printer->out, "%s{", value->type->name);
        else
          g_string_append (printer->out, "map[");
        for (guint i = 0; i < keys->len; i++)
          {
            const char *key = g_ptr_array_index (keys, i);
            g_autoptr(StrataTemplateValue) key_value = _strata_template_value_new_string (key, -1);

            if (i > 0)
              g_string_append (printer->out, printer->sharp_v ? ", " : " ");
            print_value (printer, key_value, verb, depth + 1);
            g_string_append_c (printer->out, ':');
            print_value (printer, g_hash_table_lookup (value->map, key), verb, depth + 1);
          }
        g_string_append_c (printer->out, printer->sharp_v ? '}' : ']');
        break;
      }

    case STRATA_TEMPLATE_KIND_STRUCT:
      if (printer->sharp_v)
        g_string_append (printer->out, value->type->name);
      g_string_append_c (printer->out, '{');
      for (guint i = 0; i < value->type->n_fields; i++)
        {
          if (i > 0)
            g_string_append (printer->out, printer->sharp_v ? ", " : " ");
          if (printer->plus_v || printer->sharp_v)
            g_string_append_printf (printer->out, "%s:", value->type->fields[i].name);
          print_value (printer, value->fields[i], verb, depth + 1);
        }
      g_string_append_c (printer->out, '}');
      break;

    default:
      g_assert_not_reached ();
    }
}

void
_strata_template_value_print (GString             *out,
                              StrataTemplateValue *value)
{
  Printer printer = { out };

  print_value (&printer, value, 'v', 0);
}

/* What an action prints. A field reached directly is addressable in Go,
 * so a String() method with a pointer receiver (KubeVersion's) prints it;
 * passed to a function, the value is a copy and prints field by field. */
void
_strata_template_value_print_action (GString             *out,
                                     StrataTemplateValue *value)
{
  if (value != NULL && value->type->stringer != NULL)
    {
      gboolean found;
      StrataTemplateValue *text = _strata_template_value_struct_lookup (value, value->type->stringer, &found);

      if (text != NULL && text->type->kind == STRATA_TEMPLATE_KIND_STRING)
        {
          g_string_append_len (out, text->string.data, text->string.length);
          return;
        }
    }
  _strata_template_value_print (out, value);
}

static gboolean
parse_number (const char *format,
              gsize       length,
              gsize      *i,
              int        *number)
{
  gboolean found = FALSE;

  *number = 0;
  while (*i < length && g_ascii_isdigit (format[*i]))
    {
      if (*number > 1000000)
        return FALSE;
      *number = *number * 10 + (format[*i] - '0');
      (*i)++;
      found = TRUE;
    }
  return found;
}

/* A "*" width or precision takes an int argument. */
static gboolean
star_argument (StrataTemplateValue **args,
               guint                 n_args,
               guint                *arg_index,
               int                  *number)
{
  StrataTemplateValue *arg;

  if (*arg_index >= n_args)
    return FALSE;
  arg = args[(*arg_index)++];
  if (arg == NULL || arg->type != &_strata_template_type_int || arg->integer > 1000000 || arg->integer < -1000000)
    return FALSE;
  *number = (int)arg->integer;
  return TRUE;
}

/* An explicit argument index, "[n]": sets *arg_index to n-1. */
static gboolean
argument_index (const char *format,
                gsize       length,
                gsize      *i,
                guint       n_args,
                guint      *arg_index,
                gboolean   *good)
{
  gsize j = *i + 1;
  int number = 0;

  if (*i >= length || format[*i] != '[')
    return FALSE;
  *good = FALSE;
  while (j < length && g_ascii_isdigit (format[j]) && number < 1000000)
    number = number * 10 + (format[j++] - '0');
  if (j >= length || format[j] != ']' || j == *i + 1)
    {
      /* Go skips to the closing bracket, if any. */
      while (j < length && format[j] != ']')
        j++;
      *i = j < length ? j + 1 : j;
      return TRUE;
    }
  *i = j + 1;
  if (number >= 1 && (guint)number <= n_args)
    {
      *arg_index = number - 1;
      *good = TRUE;
    }
  return TRUE;
}

char *
_strata_template_sprintf (const char           *format,
                          gsize                 format_length,
                          StrataTemplateValue **args,
                          guint                 n_args,
                          gsize                *length)
{
  GString *out = g_string_new (NULL);
  guint arg_index = 0;
  gboolean reordered = FALSE;
  gsize i = 0;

  while (i < format_length)
    {
      Printer printer = { out };
      gboolean good_index = TRUE;
      gboolean indexed = FALSE;
      gunichar verb;
      gsize start = i;

      while (i < format_length && format[i] != '%')
        i++;
      g_string_append_len (out, format + start, i - start);
      if (i >= format_length)
        break;
      i++;

      for (; i < format_length; i++)
        {
          switch (format[i])
            {
            case '#': printer.sharp = TRUE; continue;
            case '0': printer.zero = !printer.minus; continue;
            case '+': printer.plus = TRUE; continue;
            case '-': printer.minus = TRUE; printer.zero = FALSE; continue;
            case ' ': printer.space = TRUE; continue;
            default: break;
            }
          break;
        }

      if (argument_index (format, format_length, &i, n_args, &arg_index, &good_index))
        indexed = reordered = TRUE;
      if (i < format_length && format[i] == '*')
        {
          i++;
          printer.width_present = star_argument (args, n_args, &arg_index, &printer.width);
          if (!printer.width_present)
            g_string_append (out, "%!(BADWIDTH)");
          else if (printer.width < 0)
            {
              printer.width = -printer.width;
              printer.minus = TRUE;
              printer.zero = FALSE;
            }
          indexed = FALSE;
        }
      else
        {
          printer.width_present = parse_number (format, format_length, &i, &printer.width);
          if (indexed && printer.width_present)
            good_index = FALSE;
        }

      if (i < format_length && format[i] == '.')
        {
          i++;
          if (indexed)
            good_index = FALSE;
          if (argument_index (format, format_length, &i, n_args, &arg_index, &good_index))
            indexed = reordered = TRUE;
          if (i < format_length && format[i] == '*')
            {
              i++;
              printer.precision_present = star_argument (args, n_args, &arg_index, &printer.precision);
              if (printer.precision < 0)
                {
                  printer.precision = 0;
                  printer.precision_present = FALSE;
                }
              if (!printer.precision_present)
                g_string_append (out, "%!(BADPREC)");
              indexed = FALSE;
            }
          else
            {
              parse_number (format, format_length, &i, &printer.precision);
              printer.precision_present = TRUE;
            }
        }

      if (!indexed && argument_index (format, format_length, &i, n_args, &arg_index, &good_index))
        indexed = reordered = TRUE;

      if (i >= format_length)
        {
          g_string_append (out, "%!(NOVERB)");
          break;
        }
      verb = g_utf8_get_char_validated (format + i, format_length - i);
      if (verb == (gunichar)-1 || verb == (gunichar)-2)
        verb = 0xFFFD, i++;
      else
        i = g_utf8_next_char (format + i) - format;

      if (verb == '%')
        {
          g_string_append_c (out, '%');
          continue;
        }
      if (!good_index)
        {
          g_string_append (out, "%!");
          g_string_append_unichar (out, verb);
          g_string_append (out, "(BADINDEX)");
          continue;
        }
      if (arg_index >= n_args)
        {
          g_string_append (out, "%!");
          g_string_append_unichar (out, verb);
          g_string_append (out, "(MISSING)");
          continue;
        }
      if (verb == 'v')
        {
          if (printer.sharp)
            printer.sharp = FALSE, printer.sharp_v = TRUE;
          if (printer.plus)
            printer.plus = FALSE, printer.plus_v = TRUE;
        }
      print_value (&printer, args[arg_index++], verb, 0);
    }

  if (!reordered && arg_index < n_args)
    {
      g_string_append (out, "%!(EXTRA ");
      for (guint j = arg_index; j < n_args; j++)
        {
          Printer printer = { out };

          if (j > arg_index)
            g_string_append (out, ", ");
          if (args[j] == NULL || args[j]->type->kind == STRATA_TEMPLATE_KIND_NIL)
            g_string_append (out, "<nil>");
          else
            {
              g_string_append_printf (out, "%s=", args[j]->type->name);
              print_value (&printer, args[j], 'v', 0);
            }
        }
      g_string_append_c (out, ')');
    }

  *length = out->len;
  return g_string_free (out, FALSE);
}

char *
_strata_template_sprint (StrataTemplateValue **args,
                         guint                 n_args,
                         gboolean              line)
{
  GString *out = g_string_new (NULL);
  gboolean previous_string = FALSE;

  for (guint i = 0; i < n_args; i++)
    {
      gboolean is_string = args[i] != NULL && args[i]->type->kind == STRATA_TEMPLATE_KIND_STRING;

      /* Sprint puts spaces between operands when neither is a string,
       * Sprintln between all of them. */
      if (i > 0 && (line || (!is_string && !previous_string)))
        g_string_append_c (out, ' ');
      _strata_template_value_print (out, args[i]);
      previous_string = is_string;
    }
  if (line)
    g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}
