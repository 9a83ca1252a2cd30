/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Literals in actions: Go's string unquoting and its number syntax (decimal,
 * hexadecimal, octal, binary, underscores, character constants), read the
 * way strconv and parse/node.go read them. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include "strata-template-parser-private.h"

/* strconv.Unquote, for "…", `…` and '…' literals. */
char *
_strata_template_unquote (const char *quoted,
                          gsize       length,
                          gsize      *out_length)
{
  GString *out;

  if (length >= 2 && quoted[0] == '`' && quoted[length - 1] == '`')
    {
      /* Raw strings drop carriage returns, as Go's scanner does. */
      out = g_string_new (NULL);
      for (gsize i = 1; i + 1 < length; i++)
        if (quoted[i] != '\r')
          g_string_append_c (out, quoted[i]);
      *out_length = out->len;
      return g_string_free (out, FALSE);
    }
  if (length < 2 || quoted[length - 1] != quoted[0] || (quoted[0] != '"' && quoted[0] != '\''))
    return NULL;

  out = g_string_new (NULL);
  for (gsize i = 1; i + 1 < length;)
    {
      char c = quoted[i];

      if (c == quoted[0] || c == '\n')
        goto invalid;
      if (c != '\\')
        {
          g_string_append_c (out, c);
          i++;
          continue;
        }
      if (i + 2 >= length)
        goto invalid;
      c = quoted[i + 1];
      i += 2;
      switch (c)
        {
        case 'a': g_string_append_c (out, '\a'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'v': g_string_append_c (out, '\v'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '\'':
        case '"':
          if (c != quoted[0])
            goto invalid;
          g_string_append_c (out, c);
          break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
          {
            guint value = c - '0';

            for (int digit = 0; digit < 2; digit++, i++)
              {
                if (i + 1 >= length || quoted[i] < '0' || quoted[i] > '7')
                  goto invalid;
                value = value * 8 + (quoted[i] - '0');
              }
            if (value > 255)
              goto invalid;
            g_string_append_c (out, (char)value);
            break;
          }
        case 'x':
        case 'u':
        case 'U':
          {
            int digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            guint32 value = 0;

            for (int digit = 0; digit < digits; digit++, i++)
              {
                if (i + 1 >= length || !g_ascii_isxdigit (quoted[i]))
                  goto invalid;
                value = value * 16 + g_ascii_xdigit_value (quoted[i]);
              }
            if (c == 'x')
              g_string_append_c (out, (char)value);
            else if (value > 0x10FFFF || (value >= 0xD800 && value < 0xE000))
              goto invalid;
            else
              g_string_append_unichar (out, value);
            break;
          }
        default:
          goto invalid;
        }
    }
  *out_length = out->len;
  return g_string_free (out, FALSE);

invalid:
  g_string_free (out, TRUE);
  return NULL;
}

static gboolean
parse_go_uint (const char *text,
               guint64    *value)
{
  g_autofree char *plain = NULL;
  const char *digits = text;
  guint base = 10;
  char *end = NULL;
  GString *cleaned;

  if (text[0] == '+' || text[0] == '-')
    return FALSE;
  if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    base = 16, digits = text + 2;
  else if (text[0] == '0' && (text[1] == 'b' || text[1] == 'B'))
    base = 2, digits = text + 2;
  else if (text[0] == '0' && (text[1] == 'o' || text[1] == 'O'))
    base = 8, digits = text + 2;
  else if (text[0] == '0' && text[1] != '\0')
    base = 8, digits = text + 1;

  /* Underscores may only separate digits (or follow a base prefix). */
  cleaned = g_string_new (NULL);
  for (const char *p = digits; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          gboolean after_digit = p > digits || base != 10;

          if (!after_digit || p[1] == '\0' || p[1] == '_')
            {
              g_string_free (cleaned, TRUE);
              return FALSE;
            }
          continue;
        }
      g_string_append_c (cleaned, *p);
    }
  plain = g_string_free (cleaned, FALSE);
  if (plain[0] == '\0' || plain[0] == '+' || plain[0] == '-')
    return base == 8 && digits == text + 1 && plain[0] == '\0' ? (*value = 0, TRUE) : FALSE;

  errno = 0;
  *value = g_ascii_strtoull (plain, &end, base);
  return errno == 0 && end != NULL && *end == '\0';
}

static gboolean
parse_go_int (const char *text,
              gint64     *value)
{
  gboolean negative = text[0] == '-';
  guint64 magnitude;

  if (!parse_go_uint (text + (text[0] == '-' || text[0] == '+'), &magnitude))
    return FALSE;
  if (negative ? magnitude > (guint64)G_MAXINT64 + 1 : magnitude > G_MAXINT64)
    return FALSE;
  *value = negative ? (gint64)(0 - magnitude) : (gint64)magnitude;
  return TRUE;
}

static gboolean
parse_go_float (const char *text,
                double     *value)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  char *end = NULL;

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (plain, *p);
  /* Go reads hexadecimal floats and decimal ones; not "inf" or "nan" here,
   * since the lexer never makes a number of them. */
  errno = 0;
  *value = g_ascii_strtod (plain->str, &end);
  return end != NULL && *end == '\0' && plain->len > 0 && errno != ERANGE;
}

/* parse/node.go's newNumber: the number as every Go type that can hold it
 * exactly, which is how text/template gives constants their "ideal" type. */
gboolean
_strata_template_number_parse (const char            *text,
                               gboolean               is_char,
                               StrataTemplateNumber  *number,
                               char                 **error_message)
{
  g_autoptr(GString) quoted = g_string_new (NULL);
  guint64 unsigned_value;
  gint64 signed_value;

  memset (number, 0, sizeof *number);
  _strata_template_quote (quoted, text, strlen (text), FALSE);

  if (is_char)
    {
      gsize length = 0;
      g_autofree char *decoded = _strata_template_unquote (text, strlen (text), &length);
      gunichar c;

      if (decoded == NULL || length == 0 ||
          (c = g_utf8_get_char_validated (decoded, length)) == (gunichar)-1 || c == (gunichar)-2 ||
          (gsize)(g_utf8_next_char (decoded) - decoded) != length)
        {
          *error_message = g_strdup_printf ("malformed character constant: %s", text);
          return FALSE;
        }
      number->is_int = number->is_uint = number->is_float = TRUE;
      number->int64 = c;
      number->uint64 = c;
      number->float64 = c;
      return TRUE;
    }

  if (text[0] != '\0' && text[strlen (text) - 1] == 'i')
    {
      /* Go has complex numbers; Helm templates never use them. */
      *error_message = g_strdup_printf ("complex numbers are not supported: %s", text);
      return FALSE;
    }

  if (parse_go_uint (text, &unsigned_value))
    {
      number->is_uint = TRUE;
      number->uint64 = unsigned_value;
    }
  if (parse_go_int (text, &signed_value))
    {
      number->is_int = TRUE;
      number->int64 = signed_value;
      if (signed_value == 0)
        {
          number->is_uint = TRUE;
          number->uint64 = 0;
        }
    }

  if (number->is_int)
    {
      number->is_float = TRUE;
      number->float64 = (double)number->int64;
    }
  else if (number->is_uint)
    {
      number->is_float = TRUE;
      number->float64 = (double)number->uint64;
    }
  else
    {
      double f;

      if (parse_go_float (text, &f))
        {
          if (strpbrk (text, ".eEpP") == NULL)
            {
              *error_message = g_strdup_printf ("integer overflow: %s", quoted->str);
              return FALSE;
            }
          number->is_float = TRUE;
          number->float64 = f;
          if (f >= -9223372036854775808.0 && f < 9223372036854775808.0 && (double)(gint64)f == f)
            {
              number->is_int = TRUE;
              number->int64 = (gint64)f;
            }
          if (f >= 0 && f < 18446744073709551616.0 && (double)(guint64)f == f)
            {
              number->is_uint = TRUE;
              number->uint64 = (guint64)f;
            }
        }
    }

  if (!number->is_int && !number->is_uint && !number->is_float)
    {
      *error_message = g_strdup_printf ("illegal number syntax: %s", quoted->str);
      return FALSE;
    }
  return TRUE;
}
