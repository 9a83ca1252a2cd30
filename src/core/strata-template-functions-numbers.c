/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sprig's numbers: spf13/cast's conversions (int, int64, float64, where
 * anything that does not convert is 0), integer arithmetic that returns
 * int64, float helpers, and the ranges until, untilStep and seq. */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata-template-functions-private.h"

/* Conversions (spf13/cast) */

/* cast's trimZeroDecimal: "3.00" reads as "3". */
static char *
trim_zero_decimal (const char *text)
{
  gboolean found_zero = FALSE;

  for (gsize i = strlen (text); i > 0; i--)
    {
      if (text[i - 1] == '.')
        {
          if (found_zero)
            return g_strndup (text, i - 1);
        }
      else if (text[i - 1] == '0')
        found_zero = TRUE;
      else
        break;
    }
  return g_strdup (text);
}

/* strconv.ParseInt(s, 0, 64): prefixes 0x, 0o, 0b and a leading 0 for
 * octal, underscores between digits. */
static gboolean
parse_int_base0 (const char *text,
                 gint64     *value)
{
  const char *p = text;
  gboolean negative = FALSE;
  g_autoptr(GString) digits = g_string_new (NULL);
  guint base = 10;
  char *end = NULL;
  guint64 magnitude;

  if (*p == '+' || *p == '-')
    negative = *p++ == '-';
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    base = 16, p += 2;
  else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
    base = 2, p += 2;
  else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
    base = 8, p += 2;
  else if (p[0] == '0' && p[1] != '\0')
    base = 8, p += 1;
  for (; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (digits, *p);
  if (digits->len == 0 || digits->str[0] == '+' || digits->str[0] == '-')
    return FALSE;
  errno = 0;
  magnitude = g_ascii_strtoull (digits->str, &end, base);
  if (errno != 0 || *end != '\0')
    return FALSE;
  if (negative ? magnitude > (guint64)G_MAXINT64 + 1 : magnitude > G_MAXINT64)
    return FALSE;
  *value = negative ? (gint64)(0 - magnitude) : (gint64)magnitude;
  return TRUE;
}

static gint64
float_to_int64 (double number)
{
  if (isnan (number))
    return G_MININT64;
  if (number >= 9223372036854775808.0 || number < -9223372036854775808.0)
    return G_MININT64;
  return (gint64)number;
}

gint64
_strata_template_to_int64 (StrataTemplateValue *value)
{
  if (value == NULL)
    return 0;
  switch (value->type->kind)
    {
    case STRATA_TEMPLATE_KIND_BOOL:
      return value->boolean ? 1 : 0;
    case STRATA_TEMPLATE_KIND_INT:
      return value->integer;
    case STRATA_TEMPLATE_KIND_FLOAT:
      return float_to_int64 (value->number);
    case STRATA_TEMPLATE_KIND_STRING:
      {
        g_autofree char *trimmed = trim_zero_decimal (value->string.data);
        gint64 parsed;

        return parse_int_base0 (trimmed, &parsed) ? parsed : 0;
      }
    default:
      return 0;
    }
}

double
_strata_template_to_float64 (StrataTemplateValue *value)
{
  if (value == NULL)
    return 0;
  switch (value->type->kind)
    {
    case STRATA_TEMPLATE_KIND_BOOL:
      return value->boolean ? 1 : 0;
    case STRATA_TEMPLATE_KIND_INT:
      return value->integer;
    case STRATA_TEMPLATE_KIND_FLOAT:
      return value->number;
    case STRATA_TEMPLATE_KIND_STRING:
      {
        char *end = NULL;
        double parsed = g_ascii_strtod (value->string.data, &end);

        return value->string.length > 0 && end != NULL && *end == '\0' ? parsed : 0;
      }
    default:
      return 0;
    }
}

STRATA_TEMPLATE_FUNCTION (function_int)
{
  gint64 integer = _strata_template_to_int64 (args[0]);

  *result = strcmp (call->name, "int64") == 0 ? _strata_template_value_new_int64 (integer)
                                              : _strata_template_value_new_int (integer);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_float64)
{
  *result = _strata_template_value_new_float (_strata_template_to_float64 (args[0]));
  return TRUE;
}

/* strconv.Atoi, its error ignored. */
STRATA_TEMPLATE_FUNCTION ( function_atoi)
{
  const char *text = ARG_STRING (0);
  char *end = NULL;
  gint64 value = 0;

  if (text[0] != '\0' && strchr (text, '_') == NULL && !g_ascii_isspace (text[0]))
    {
      errno = 0;
      value = g_ascii_strtoll (text, &end, 10);
      if (errno != 0 || *end != '\0')
        value = 0;
    }
  *result = _strata_template_value_new_int (value);
  return TRUE;
}

/* Arithmetic: sprig's add, sub, mul… convert with ToInt64 and give int64. */
STRATA_TEMPLATE_FUNCTION ( function_arithmetic)
{
  const char *name = call->name;
  gint64 value = n_args > 0 ? _strata_template_to_int64 (args[0]) : 0;

  if (strcmp (name, "add") == 0)
    {
      value = 0;
      for (guint i = 0; i < n_args; i++)
        value += _strata_template_to_int64 (args[i]);
    }
  else if (strcmp (name, "add1") == 0)
    value += 1;
  else if (strcmp (name, "sub") == 0)
    value -= _strata_template_to_int64 (args[1]);
  else if (strcmp (name, "mul") == 0)
    for (guint i = 1; i < n_args; i++)
      value *= _strata_template_to_int64 (args[i]);
  else if (strcmp (name, "div") == 0 || strcmp (name, "mod") == 0)
    {
      gint64 divisor = _strata_template_to_int64 (args[1]);

      if (divisor == 0)
        {
          *error_message = g_strdup ("runtime error: integer divide by zero");
          return FALSE;
        }
      value = name[0] == 'd' ? value / divisor : value % divisor;
    }
  else if (strcmp (name, "max") == 0 || strcmp (name, "biggest") == 0)
    for (guint i = 1; i < n_args; i++)
      value = MAX (value, _strata_template_to_int64 (args[i]));
  else if (strcmp (name, "min") == 0)
    for (guint i = 1; i < n_args; i++)
      value = MIN (value, _strata_template_to_int64 (args[i]));
  *result = _strata_template_value_new_int64 (value);
  return TRUE;
}

/* floor, ceil and friends without libm, which the library does not link:
 * doubles of 2^52 and more are integers already. */
static double
floor_of (double number)
{
  double truncated;

  if (isnan (number) || isinf (number) || number >= 4503599627370496.0 || number <= -4503599627370496.0)
    return number;
  truncated = (double)(gint64)number;
  if (truncated > number)
    truncated -= 1;
  /* Zero keeps the sign it had: math.Floor (-0) is -0. */
  return truncated == 0 ? (signbit (number) ? -0.0 : 0.0) : truncated;
}

static double
ceil_of (double number)
{
  double truncated;

  if (isnan (number) || isinf (number) || number >= 4503599627370496.0 || number <= -4503599627370496.0)
    return number;
  truncated = (double)(gint64)number;
  if (truncated < number)
    truncated += 1;
  /* math.Ceil (-0.5) is -0. */
  return truncated == 0 ? (signbit (number) ? -0.0 : 0.0) : truncated;
}

/* math.Max and math.Min: NaN wins, then the larger (smaller) value. */
static double
max_of (double   a,
        double   b,
        gboolean want_max)
{
  if (isnan (a) || isnan (b))
    return NAN;
  if (a == b)
    return want_max ? (signbit (a) ? b : a) : (signbit (a) ? a : b);
  return (a > b) == want_max ? a : b;
}

STRATA_TEMPLATE_FUNCTION (function_float_math)
{
  double value = _strata_template_to_float64 (args[0]);

  if (strcmp (call->name, "floor") == 0)
    value = floor_of (value);
  else if (strcmp (call->name, "ceil") == 0)
    value = ceil_of (value);
  else if (strcmp (call->name, "maxf") == 0)
    for (guint i = 1; i < n_args; i++)
      value = max_of (value, _strata_template_to_float64 (args[i]), TRUE);
  else if (strcmp (call->name, "minf") == 0)
    for (guint i = 1; i < n_args; i++)
      value = max_of (value, _strata_template_to_float64 (args[i]), FALSE);
  *result = _strata_template_value_new_float (value);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_round)
{
  double round_on = n_args > 2 ? args[2]->number : 0.5;
  double value = _strata_template_to_float64 (args[0]);
  double power = 1;
  double digit, fraction;

  /* math.Pow (10, places), exact for the places anyone rounds to. */
  for (gint64 i = 0; i < ABS (args[1]->integer) && i < 400; i++)
    power *= 10;
  if (args[1]->integer < 0)
    power = 1 / power;
  digit = power * value;
  /* math.Modf keeps the sign: a negative number never rounds up. */
  fraction = digit > -9.2e18 && digit < 9.2e18 ? digit - (double)(gint64)digit : 0;
  *result = _strata_template_value_new_float ((fraction >= round_on ? ceil_of (digit) : floor_of (digit)) / power);
  return TRUE;
}

static StrataTemplateValue *
int_list (gint64 start,
          gint64 stop,
          gint64 step)
{
  StrataTemplateValue *list = _strata_template_value_new_list (&_strata_template_type_int_list);

  if (stop < start)
    {
      if (step < 0)
        for (gint64 i = start; i > stop; i += step)
          _strata_template_value_list_take (list, _strata_template_value_new_int (i));
      return list;
    }
  if (step > 0)
    for (gint64 i = start; i < stop; i += step)
      _strata_template_value_list_take (list, _strata_template_value_new_int (i));
  return list;
}

STRATA_TEMPLATE_FUNCTION (function_until)
{
  if (strcmp (call->name, "until") == 0)
    *result = int_list (0, args[0]->integer, args[0]->integer < 0 ? -1 : 1);
  else
    *result = int_list (args[0]->integer, args[1]->integer, args[2]->integer);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_seq)
{
  g_autoptr(StrataTemplateValue) list = NULL;
  GString *out = g_string_new (NULL);
  gint64 start, end, step;

  switch (n_args)
    {
    case 1:
      start = 1, end = args[0]->integer;
      step = end < start ? -1 : 1;
      list = int_list (start, end + step, step);
      break;
    case 2:
      start = args[0]->integer, end = args[1]->integer;
      step = end < start ? -1 : 1;
      list = int_list (start, end + step, step);
      break;
    case 3:
      start = args[0]->integer, step = args[1]->integer, end = args[2]->integer;
      if (end < start && step > 0)
        break;
      list = int_list (start, end + (end < start ? -1 : 1), step);
      break;
    default:
      break;
    }
  for (guint i = 0; list != NULL && i < list->list->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "",
                            ((StrataTemplateValue *)g_ptr_array_index (list->list, i))->integer);
  *result = _strata_template_string_result (out);
  return TRUE;
}

/* toDecimal: the octal digits of fmt.Sprint (v), 0 when they are not. */
STRATA_TEMPLATE_FUNCTION (function_to_decimal)
{
  g_autofree char *text = _strata_template_value_to_string (args[0]);
  char *end = NULL;
  gint64 value;

  errno = 0;
  value = g_ascii_strtoll (text, &end, 8);
  if (errno != 0 || end == text || *end != '\0' || g_ascii_isspace (text[0]))
    value = 0;
  *result = _strata_template_value_new_int64 (value);
  return TRUE;
}

/* randInt MIN MAX: in [MIN, MAX), as rand.Intn; different every render,
 * in helm too. */
STRATA_TEMPLATE_FUNCTION (function_rand_int)
{
  gint64 range = args[1]->integer - args[0]->integer;

  if (range <= 0)
    {
      *error_message = g_strdup ("invalid argument to Intn");
      return FALSE;
    }
  *result = _strata_template_value_new_int (args[0]->integer + (gint64)(g_random_double () * (double)range));
  return TRUE;
}

const StrataTemplateFunction _strata_template_number_functions[] = {
  { "toDecimal", function_to_decimal, 1, FALSE, { ANY } },
  { "randInt", function_rand_int, 2, FALSE, { INT, INT } },
  { "int", function_int, 1, FALSE, { ANY } },
  { "int64", function_int, 1, FALSE, { ANY } },
  { "float64", function_float64, 1, FALSE, { ANY } },
  { "atoi", function_atoi, 1, FALSE, { STRING } },
  { "add", function_arithmetic, 1, TRUE, { ANY } },
  { "add1", function_arithmetic, 1, FALSE, { ANY } },
  { "sub", function_arithmetic, 2, FALSE, { ANY, ANY } },
  { "mul", function_arithmetic, 2, TRUE, { ANY, ANY } },
  { "div", function_arithmetic, 2, FALSE, { ANY, ANY } },
  { "mod", function_arithmetic, 2, FALSE, { ANY, ANY } },
  { "max", function_arithmetic, 2, TRUE, { ANY, ANY } },
  { "biggest", function_arithmetic, 2, TRUE, { ANY, ANY } },
  { "min", function_arithmetic, 2, TRUE, { ANY, ANY } },
  { "floor", function_float_math, 1, FALSE, { ANY } },
  { "ceil", function_float_math, 1, FALSE, { ANY } },
  { "maxf", function_float_math, 2, TRUE, { ANY, ANY } },
  { "minf", function_float_math, 2, TRUE, { ANY, ANY } },
  { "round", function_round, 3, TRUE, { ANY, INT, FLOAT } },
  { "until", function_until, 1, FALSE, { INT } },
  { "untilStep", function_until, 3, FALSE, { INT, INT, INT } },
  { "seq", function_seq, 1, TRUE, { INT } },
  { NULL }
};
