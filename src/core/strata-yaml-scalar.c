/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plain scalar resolution, YAML 1.2 core schema (§10.3.2): which type an
 * unquoted scalar reads as, shared by the reader and the writer. */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "strata-yaml-private.h"

gboolean
_strata_yaml_matches_null (const char *text)
{
  return text[0] == '\0' ||
         strcmp (text, "~") == 0 ||
         strcmp (text, "null") == 0 ||
         strcmp (text, "Null") == 0 ||
         strcmp (text, "NULL") == 0;
}

gboolean
_strata_yaml_matches_bool (const char *text,
              gboolean   *value)
{
  if (strcmp (text, "true") == 0 || strcmp (text, "True") == 0 || strcmp (text, "TRUE") == 0)
    {
      *value = TRUE;
      return TRUE;
    }

  if (strcmp (text, "false") == 0 || strcmp (text, "False") == 0 || strcmp (text, "FALSE") == 0)
    {
      *value = FALSE;
      return TRUE;
    }

  return FALSE;
}

static gboolean
all_in_base (const char *digits,
             guint       base)
{
  if (*digits == '\0')
    return FALSE;

  for (const char *p = digits; *p != '\0'; p++)
    {
      int value = g_ascii_xdigit_value (*p);

      if (value < 0 || (guint)value >= base)
        return FALSE;
    }

  return TRUE;
}

/* Only decimal integers take a sign in the core schema: “-0x1F” is a string. */
gboolean
_strata_yaml_matches_int (const char *text)
{
  if (text[0] == '0' && text[1] == 'x')
    return all_in_base (text + 2, 16);

  if (text[0] == '0' && text[1] == 'o')
    return all_in_base (text + 2, 8);

  if (text[0] == '-' || text[0] == '+')
    text++;

  return all_in_base (text, 10);
}

static const char *
skip_digits (const char *p)
{
  while (g_ascii_isdigit (*p))
    p++;

  return p;
}

gboolean
_strata_yaml_matches_float (const char *text)
{
  const char *p = text;

  if (*p == '-' || *p == '+')
    p++;

  if (strcmp (p, ".inf") == 0 || strcmp (p, ".Inf") == 0 || strcmp (p, ".INF") == 0)
    return TRUE;

  if (strcmp (text, ".nan") == 0 || strcmp (text, ".NaN") == 0 || strcmp (text, ".NAN") == 0)
    return TRUE;

  /* [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
  if (*p == '.')
    {
      if (!g_ascii_isdigit (p[1]))
        return FALSE;
      p = skip_digits (p + 1);
    }
  else
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      p = skip_digits (p);
      if (*p == '.')
        p = skip_digits (p + 1);
    }

  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '-' || *p == '+')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      p = skip_digits (p);
    }

  return *p == '\0';
}

gboolean
_strata_yaml_plain_reads_as_string (const char *text)
{
  gboolean unused;

  return !_strata_yaml_matches_null (text) &&
         !_strata_yaml_matches_bool (text, &unused) &&
         !_strata_yaml_matches_int (text) &&
         !_strata_yaml_matches_float (text);
}

/* @text must match matches_int(). Integers beyond gint64 become doubles,
 * as they do in JSON parsers and in Kubernetes' YAML reader, rather than
 * failing a whole file over one large number. */
JsonNode *
_strata_yaml_int_node_new (const char *text)
{
  JsonNode *node = json_node_alloc ();
  guint base = 10;
  const char *digits = text;

  if (text[0] == '0' && (text[1] == 'x' || text[1] == 'o'))
    {
      base = text[1] == 'x' ? 16 : 8;
      digits = text + 2;
    }

  errno = 0;
  if (base == 10)
    {
      gint64 value = g_ascii_strtoll (digits, NULL, 10);

      if (errno != ERANGE)
        return json_node_init_int (node, value);

      return json_node_init_double (node, g_ascii_strtod (digits, NULL));
    }
  else
    {
      guint64 value = g_ascii_strtoull (digits, NULL, base);
      double approximation = 0;

      if (errno != ERANGE && value <= G_MAXINT64)
        return json_node_init_int (node, (gint64)value);

      for (const char *p = digits; *p != '\0'; p++)
        approximation = approximation * base + g_ascii_xdigit_value (*p);

      return json_node_init_double (node, approximation);
    }
}

/* @text must match matches_float(). */
double
_strata_yaml_parse_float (const char *text)
{
  const char *p = text + (text[0] == '-' || text[0] == '+');

  if (g_ascii_strcasecmp (p, ".inf") == 0)
    return text[0] == '-' ? -INFINITY : INFINITY;

  if (g_ascii_strcasecmp (p, ".nan") == 0)
    return NAN;

  /* Out of range values are ±inf or 0 here, as YAML means them to be. */
  return g_ascii_strtod (text, NULL);
}

JsonNode *
_strata_yaml_plain_node_new (const char *text)
{
  gboolean boolean;

  if (_strata_yaml_matches_null (text))
    return json_node_new (JSON_NODE_NULL);

  if (_strata_yaml_matches_bool (text, &boolean))
    return json_node_init_boolean (json_node_alloc (), boolean);

  if (_strata_yaml_matches_int (text))
    return _strata_yaml_int_node_new (text);

  if (_strata_yaml_matches_float (text))
    return json_node_init_double (json_node_alloc (), _strata_yaml_parse_float (text));

  return json_node_init_string (json_node_alloc (), text);
}

/* The shortest text that reads back as the same double, and as a float, not
 * an integer: 1.0 is written “1.0”, not “1”. */
char *
_strata_yaml_format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup (".nan");

  if (isinf (value))
    return g_strdup (value > 0 ? ".inf" : "-.inf");

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  if (strpbrk (buffer, ".eE") == NULL)
    return g_strconcat (buffer, ".0", NULL);

  return g_strdup (buffer);
}

