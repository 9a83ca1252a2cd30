/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Go's strconv as templates see it: Quote (quote, %q, error messages) and
 * FormatFloat, whose shortest form is why 1000000.0 prints as 1e+06. */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strata-template-value-private.h"

/* strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the
 * ASCII space; other spaces are escaped. */
static gboolean
go_is_print (gunichar c)
{
  if (c == ' ')
    return TRUE;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SPACE_SEPARATOR:
      return FALSE;
    default:
      return TRUE;
    }
}

void
_strata_template_quote (GString    *out,
                        const char *data,
                        gsize       length,
                        gboolean    ascii_only)
{
  const char *end = data + length;

  g_string_append_c (out, '"');
  for (const char *p = data; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      gsize width;

      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar)*p);
          p++;
          continue;
        }
      width = g_utf8_skip[(guchar)*p];
      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char)c);
        }
      else if (c < 0x80 ? g_ascii_isprint (c) : (!ascii_only && go_is_print (c)))
        g_string_append_len (out, p, width);
      else
        switch (c)
          {
          case '\a': g_string_append (out, "\\a"); break;
          case '\b': g_string_append (out, "\\b"); break;
          case '\f': g_string_append (out, "\\f"); break;
          case '\n': g_string_append (out, "\\n"); break;
          case '\r': g_string_append (out, "\\r"); break;
          case '\t': g_string_append (out, "\\t"); break;
          case '\v': g_string_append (out, "\\v"); break;
          default:
            if (c < ' ' || c == 0x7f)
              g_string_append_printf (out, "\\x%02x", c);
            else if (c > 0xFFFF)
              g_string_append_printf (out, "\\U%08x", c);
            else
              g_string_append_printf (out, "\\u%04x", c);
          }
      p += width;
    }
  g_string_append_c (out, '"');
}

/* The decimal digits of |number| (no leading zeros; trailing ones trimmed
 * unless @keep_zeros) and the decimal point's place: number is
 * 0.DIGITS × 10^point. @significant < 0 asks for the shortest digits that
 * read back as the same double, as Go's shortest formatting does. */
static void
float_digits (double    number,
              int       significant,
              gboolean  keep_zeros,
              GString  *digits,
              int      *point)
{
  char buffer[64];
  char *exponent;

  g_string_truncate (digits, 0);
  number = fabs (number);
  if (number == 0)
    {
      *point = 0;
      if (keep_zeros)
        for (int i = 0; i < MAX (significant, 1); i++)
          g_string_append_c (digits, '0');
      return;
    }

  if (significant < 0)
    {
      for (int precision = 1; precision <= 17; precision++)
        {
          g_snprintf (buffer, sizeof buffer, "%.*e", precision - 1, number);
          if (g_ascii_strtod (buffer, NULL) == number)
            break;
        }
    }
  else
    g_snprintf (buffer, sizeof buffer, "%.*e", MAX (significant, 1) - 1, number);

  exponent = strchr (buffer, 'e');
  for (char *p = buffer; p < exponent; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  *point = atoi (exponent + 1) + 1;
  if (!keep_zeros)
    while (digits->len > 1 && digits->str[digits->len - 1] == '0')
      g_string_truncate (digits, digits->len - 1);
}

static void
format_e (GString       *out,
          const GString *digits,
          int            point,
          int            precision,
          char           format)
{
  int exponent = digits->len == 0 || (digits->len == 1 && digits->str[0] == '0' && point == 0) ? 0 : point - 1;

  g_string_append_c (out, digits->len > 0 ? digits->str[0] : '0');
  if (precision > 0)
    {
      g_string_append_c (out, '.');
      for (int i = 1; i <= precision; i++)
        g_string_append_c (out, (gsize)i < digits->len ? digits->str[i] : '0');
    }
  g_string_append_c (out, format);
  g_string_append_c (out, exponent < 0 ? '-' : '+');
  exponent = ABS (exponent);
  g_string_append_printf (out, exponent < 10 ? "0%d" : "%d", exponent);
}

static void
format_f (GString       *out,
          const GString *digits,
          int            point,
          int            precision)
{
  if (point > 0)
    for (int i = 0; i < point; i++)
      g_string_append_c (out, (gsize)i < digits->len ? digits->str[i] : '0');
  else
    g_string_append_c (out, '0');
  if (precision > 0)
    {
      g_string_append_c (out, '.');
      for (int i = 1; i <= precision; i++)
        {
          int j = point + i - 1;

          g_string_append_c (out, j >= 0 && (gsize)j < digits->len ? digits->str[j] : '0');
        }
    }
}

void
_strata_template_format_float (GString *out,
                               double   number,
                               char     format,
                               int      precision)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean shortest = precision < 0;
  int point;

  if (isnan (number))
    {
      g_string_append (out, "NaN");
      return;
    }
  if (isinf (number))
    {
      g_string_append (out, number > 0 ? "+Inf" : "-Inf");
      return;
    }
  if (signbit (number))
    g_string_append_c (out, '-');

  switch (format)
    {
    case 'e':
    case 'E':
      float_digits (number, shortest ? -1 : precision + 1, !shortest, digits, &point);
      format_e (out, digits, point, shortest ? MAX ((int)digits->len - 1, 0) : precision, format);
      break;

    case 'f':
    case 'F':
      if (shortest)
        {
          float_digits (number, -1, FALSE, digits, &point);
          if (number == 0)
            digits->len = 0;
          format_f (out, digits, point, MAX ((int)digits->len - point, 0));
        }
      else
        {
          g_autofree char *text = g_strdup_printf ("%.*f", precision, fabs (number));

          g_string_append (out, text);
        }
      break;

    case 'g':
    case 'G':
      {
        int exponent_limit;
        int exponent;
        int nd;

        if (shortest)
          float_digits (number, -1, FALSE, digits, &point);
        else
          float_digits (number, precision == 0 ? 1 : precision, FALSE, digits, &point);
        if (number == 0)
          g_string_truncate (digits, 0);
        nd = digits->len;
        if (shortest)
          precision = nd;
        else if (precision == 0)
          precision = 1;

        exponent_limit = precision;
        if (exponent_limit > nd && nd >= point)
          exponent_limit = nd;
        if (shortest)
          exponent_limit = 6;
        exponent = point - 1;
        if (nd == 0)
          exponent = 0;
        if (exponent < -4 || exponent >= exponent_limit)
          {
            if (precision > nd)
              precision = nd;
            format_e (out, digits, point, MAX (precision - 1, 0), format == 'g' ? 'e' : 'E');
          }
        else
          {
            if (precision > point)
              precision = nd;
            format_f (out, digits, point, MAX (precision - point, 0));
          }
        break;
      }

    default:
      g_assert_not_reached ();
    }
}

