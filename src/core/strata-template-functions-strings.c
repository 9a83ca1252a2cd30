/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sprig's string functions with Go's semantics: trunc and substr count
 * bytes, upper and title map runes one by one, quote escapes as strconv,
 * b64dec returns the error text instead of failing, and the regex
 * functions expand $1 and ${name} the way Go's regexp does. */

#include "config.h"

#include <string.h>

#include "strata-template-functions-private.h"

static StrataTemplateValue *
string_value (const char *data,
              gsize       length)
{
  return _strata_template_value_new_string (data, length);
}

/* Go's unicode.IsSpace */
static gboolean
is_go_space (gunichar c)
{
  switch (c)
    {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
      return TRUE;
    default:
      return c > 0xFF && g_unichar_isspace (c);
    }
}

typedef gunichar (*RuneMap) (gunichar c);

static StrataTemplateValue *
map_runes (StrataTemplateValue *value,
           RuneMap              map)
{
  GString *out = g_string_sized_new (value->string.length);
  const char *end = value->string.data + value->string.length;

  for (const char *p = value->string.data; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      g_string_append_unichar (out, map (c));
      p = g_utf8_next_char (p);
    }
  return _strata_template_string_result (out);
}

STRATA_TEMPLATE_FUNCTION (function_upper)
{
  *result = map_runes (args[0], g_unichar_toupper);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_lower)
{
  *result = map_runes (args[0], g_unichar_tolower);
  return TRUE;
}

/* strings.Title: the first letter of each word, words being separated by
 * anything but letters, digits and underscores. */
STRATA_TEMPLATE_FUNCTION (function_title)
{
  GString *out = g_string_sized_new (ARG_STRING_LENGTH (0));
  const char *end = ARG_STRING (0) + ARG_STRING_LENGTH (0);
  gunichar previous = ' ';

  for (const char *p = ARG_STRING (0); p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean separator;

      if (previous < 0x80)
        separator = !(g_ascii_isalnum (previous) || previous == '_');
      else
        separator = !(g_unichar_isalpha (previous) || g_unichar_isdigit (previous)) && is_go_space (previous);
      g_string_append_unichar (out, separator ? g_unichar_totitle (c) : c);
      previous = c;
    }
  *result = _strata_template_string_result (out);
  return TRUE;
}

/* goutils.Uncapitalize: the first letter of each space-separated word. */
STRATA_TEMPLATE_FUNCTION ( function_untitle)
{
  GString *out = g_string_sized_new (ARG_STRING_LENGTH (0));
  const char *end = ARG_STRING (0) + ARG_STRING_LENGTH (0);
  gboolean word_start = TRUE;

  for (const char *p = ARG_STRING (0); p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, word_start ? g_unichar_tolower (c) : c);
      word_start = is_go_space (c);
    }
  *result = _strata_template_string_result (out);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_trim)
{
  const char *start = ARG_STRING (0);
  const char *end = start + ARG_STRING_LENGTH (0);

  while (start < end && is_go_space (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *previous = g_utf8_find_prev_char (start, end);

      if (previous == NULL || !is_go_space (g_utf8_get_char (previous)))
        break;
      end = previous;
    }
  *result = string_value (start, end - start);
  return TRUE;
}

static gboolean
in_cutset (const char *cutset,
           gsize       length,
           gunichar    c)
{
  const char *end = cutset + length;

  for (const char *p = cutset; p < end; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) == c)
      return TRUE;
  return FALSE;
}

/* trimAll CUTSET STRING: strings.Trim(STRING, CUTSET) */
STRATA_TEMPLATE_FUNCTION ( function_trim_all)
{
  const char *start = ARG_STRING (1);
  const char *end = start + ARG_STRING_LENGTH (1);

  while (start < end && in_cutset (ARG_STRING (0), ARG_STRING_LENGTH (0), g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *previous = g_utf8_find_prev_char (start, end);

      if (previous == NULL || !in_cutset (ARG_STRING (0), ARG_STRING_LENGTH (0), g_utf8_get_char (previous)))
        break;
      end = previous;
    }
  *result = string_value (start, end - start);
  return TRUE;
}

static gboolean
has_prefix (StrataTemplateValue *text,
            StrataTemplateValue *prefix)
{
  return text->string.length >= prefix->string.length &&
         memcmp (text->string.data, prefix->string.data, prefix->string.length) == 0;
}

static gboolean
has_suffix (StrataTemplateValue *text,
            StrataTemplateValue *suffix)
{
  return text->string.length >= suffix->string.length &&
         memcmp (text->string.data + text->string.length - suffix->string.length,
                 suffix->string.data, suffix->string.length) == 0;
}

STRATA_TEMPLATE_FUNCTION (function_trim_suffix)
{
  gsize length = ARG_STRING_LENGTH (1);

  if (has_suffix (args[1], args[0]))
    length -= ARG_STRING_LENGTH (0);
  *result = string_value (ARG_STRING (1), length);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_trim_prefix)
{
  gsize skip = has_prefix (args[1], args[0]) ? ARG_STRING_LENGTH (0) : 0;

  *result = string_value (ARG_STRING (1) + skip, ARG_STRING_LENGTH (1) - skip);
  return TRUE;
}

static gboolean
contains (StrataTemplateValue *text,
          StrataTemplateValue *needle)
{
  if (needle->string.length == 0)
    return TRUE;
  for (gsize i = 0; i + needle->string.length <= text->string.length; i++)
    if (memcmp (text->string.data + i, needle->string.data, needle->string.length) == 0)
      return TRUE;
  return FALSE;
}

/* contains, hasPrefix and hasSuffix take the needle first. */
STRATA_TEMPLATE_FUNCTION ( function_contains)
{
  gboolean truth;

  if (strcmp (call->name, "hasPrefix") == 0)
    truth = has_prefix (args[1], args[0]);
  else if (strcmp (call->name, "hasSuffix") == 0)
    truth = has_suffix (args[1], args[0]);
  else
    truth = contains (args[1], args[0]);
  *result = _strata_template_value_new_bool (truth);
  return TRUE;
}

/* trunc counts bytes, as Go slices strings. */
STRATA_TEMPLATE_FUNCTION ( function_trunc)
{
  gint64 count = args[0]->integer;
  gint64 length = ARG_STRING_LENGTH (1);

  if (count < 0 && length + count > 0)
    *result = string_value (ARG_STRING (1) + length + count, -count);
  else if (count >= 0 && length > count)
    *result = string_value (ARG_STRING (1), count);
  else
    *result = _strata_template_value_ref (args[1]);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_abbrev)
{
  gint64 width = args[0]->integer;

  if (width < 4 || (gint64)ARG_STRING_LENGTH (1) <= width)
    *result = _strata_template_value_ref (args[1]);
  else
    {
      GString *out = g_string_new_len (ARG_STRING (1), width - 3);

      g_string_append (out, "...");
      *result = _strata_template_string_result (out);
    }
  return TRUE;
}

/* strings.Replace(src, old, new, -1) */
static GString *
replace_all (const char *source,
             gsize       source_length,
             const char *old,
             gsize       old_length,
             const char *replacement,
             gsize       replacement_length)
{
  GString *out = g_string_sized_new (source_length);
  const char *end = source + source_length;

  if (old_length == 0)
    {
      /* An empty old string matches before every rune and at the end. */
      for (const char *p = source; p < end; p = g_utf8_next_char (p))
        {
          g_string_append_len (out, replacement, replacement_length);
          g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
      g_string_append_len (out, replacement, replacement_length);
      return out;
    }
  for (const char *p = source; p < end;)
    {
      if ((gsize)(end - p) >= old_length && memcmp (p, old, old_length) == 0)
        {
          g_string_append_len (out, replacement, replacement_length);
          p += old_length;
        }
      else
        g_string_append_c (out, *p++);
    }
  return out;
}

STRATA_TEMPLATE_FUNCTION (function_replace)
{
  *result = _strata_template_string_result (replace_all (ARG_STRING (2), ARG_STRING_LENGTH (2),
                                                         ARG_STRING (0), ARG_STRING_LENGTH (0),
                                                         ARG_STRING (1), ARG_STRING_LENGTH (1)));
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_repeat)
{
  GString *out;

  if (args[0]->integer < 0)
    {
      *error_message = g_strdup ("strings: negative Repeat count");
      return FALSE;
    }
  out = g_string_new (NULL);
  for (gint64 i = 0; i < args[0]->integer; i++)
    g_string_append_len (out, ARG_STRING (1), ARG_STRING_LENGTH (1));
  *result = _strata_template_string_result (out);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_substr)
{
  gint64 start = args[0]->integer;
  gint64 end = args[1]->integer;
  gint64 length = ARG_STRING_LENGTH (2);

  if (start < 0)
    start = 0;
  else if (end < 0 || end > length)
    end = length;
  if (end < 0 || end > length || start > end)
    {
      *error_message = g_strdup_printf ("runtime error: slice bounds out of range [%" G_GINT64_FORMAT ":%"
                                        G_GINT64_FORMAT "]", start, end);
      return FALSE;
    }
  *result = string_value (ARG_STRING (2) + start, end - start);
  return TRUE;
}

/* goutils' DeleteWhiteSpace and Initials walk bytes, not runes, and write
 * each byte kept back as a rune (so "é" becomes "Ã©"); DeleteWhiteSpace
 * returns its input untouched when it removed nothing. */
STRATA_TEMPLATE_FUNCTION (function_nospace)
{
  GString *out = g_string_new (NULL);
  gboolean removed = FALSE;

  for (gsize i = 0; i < ARG_STRING_LENGTH (0); i++)
    {
      guchar c = ARG_STRING (0)[i];

      if (is_go_space (c))
        removed = TRUE;
      else
        g_string_append_unichar (out, c);
    }
  if (!removed)
    {
      g_string_free (out, TRUE);
      *result = _strata_template_value_ref (args[0]);
      return TRUE;
    }
  *result = _strata_template_string_result (out);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_initials)
{
  GString *out = g_string_new (NULL);
  gboolean after_space = TRUE;

  for (gsize i = 0; i < ARG_STRING_LENGTH (0); i++)
    {
      guchar c = ARG_STRING (0)[i];

      if (is_go_space (c))
        after_space = TRUE;
      else if (after_space)
        {
          g_string_append_unichar (out, c);
          after_space = FALSE;
        }
    }
  *result = _strata_template_string_result (out);
  return TRUE;
}

/* quote and squote skip nil arguments and join the rest with spaces. */
STRATA_TEMPLATE_FUNCTION ( function_quote)
{
  GString *out = g_string_new (NULL);
  gboolean first = TRUE;

  for (guint i = 0; i < n_args; i++)
    {
      g_autofree char *text = NULL;

      if (args[i]->type->kind == STRATA_TEMPLATE_KIND_NIL)
        continue;
      if (!first)
        g_string_append_c (out, ' ');
      first = FALSE;
      if (strcmp (call->name, "squote") == 0)
        {
          g_string_append_c (out, '\'');
          _strata_template_value_print (out, args[i]);
          g_string_append_c (out, '\'');
        }
      else if (args[i]->type->kind == STRATA_TEMPLATE_KIND_STRING)
        _strata_template_quote (out, args[i]->string.data, args[i]->string.length, FALSE);
      else
        {
          text = _strata_template_value_to_string (args[i]);
          _strata_template_quote (out, text, strlen (text), FALSE);
        }
    }
  *result = _strata_template_string_result (out);
  return TRUE;
}

/* cat: %v of each non-nil argument, spaces between. */
STRATA_TEMPLATE_FUNCTION ( function_cat)
{
  GString *out = g_string_new (NULL);
  gboolean first = TRUE;

  for (guint i = 0; i < n_args; i++)
    {
      if (args[i]->type->kind == STRATA_TEMPLATE_KIND_NIL)
        continue;
      if (!first)
        g_string_append_c (out, ' ');
      first = FALSE;
      _strata_template_value_print (out, args[i]);
    }
  *result = _strata_template_string_result (out);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_indent)
{
  gint64 spaces = args[0]->integer;
  g_autofree char *pad = NULL;
  g_autofree char *newline_pad = NULL;
  GString *out;

  if (spaces < 0)
    {
      *error_message = g_strdup ("strings: negative Repeat count");
      return FALSE;
    }
  pad = g_strnfill (spaces, ' ');
  newline_pad = g_strconcat ("\n", pad, NULL);
  out = replace_all (ARG_STRING (1), ARG_STRING_LENGTH (1), "\n", 1, newline_pad, spaces + 1);

  g_string_prepend (out, pad);
  if (strcmp (call->name, "nindent") == 0)
    g_string_prepend_c (out, '\n');
  *result = _strata_template_string_result (out);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_plural)
{
  *result = _strata_template_value_ref (args[2]->integer == 1 ? args[0] : args[1]);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_checksum)
{
  GChecksumType type = strcmp (call->name, "sha1sum") == 0 ? G_CHECKSUM_SHA1 : G_CHECKSUM_SHA256;

  if (strcmp (call->name, "adler32sum") == 0)
    {
      guint32 a = 1, b = 0;

      for (gsize i = 0; i < ARG_STRING_LENGTH (0); i++)
        {
          a = (a + (guchar)ARG_STRING (0)[i]) % 65521;
          b = (b + a) % 65521;
        }
      *result = _strata_template_value_take_string (g_strdup_printf ("%u", (b << 16) | a), -1);
      return TRUE;
    }
  *result = _strata_template_value_take_string (
    g_compute_checksum_for_data (type, (const guchar *)ARG_STRING (0), ARG_STRING_LENGTH (0)), -1);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_to_string)
{
  *result = _strata_template_value_take_string (_strata_template_value_to_string (args[0]), -1);
  if (args[0]->type->kind == STRATA_TEMPLATE_KIND_STRING)
    {
      _strata_template_value_unref (*result);
      *result = _strata_template_value_ref (args[0]);
    }
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_b64enc)
{
  *result = _strata_template_value_take_string (
    g_base64_encode ((const guchar *)ARG_STRING (0), ARG_STRING_LENGTH (0)), -1);
  return TRUE;
}

/* Go's base64.StdEncoding.DecodeString, strict about padding, reporting
 * the offset of the first bad byte as Go does; sprig returns the error's
 * text as the result. */
static gboolean
base64_decode (const char *text,
               gsize       length,
               GString    *out,
               gsize      *bad_offset)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  gsize si = 0;

  for (;;)
    {
      guint8 quantum[4] = { 0 };
      int j;
      int decoded_length = 3;

      for (j = 0; j < 4; j++)
        {
          const char *found;
          char in;

          if (si == length)
            {
              if (j == 0)
                return TRUE;
              *bad_offset = si - j;
              return FALSE;
            }
          in = text[si++];
          found = in != '\0' ? strchr (alphabet, in) : NULL;
          if (found != NULL)
            {
              quantum[j] = found - alphabet;
              continue;
            }
          if (in == '\n' || in == '\r')
            {
              j--;
              continue;
            }
          if (in != '=' || j < 2)
            {
              *bad_offset = si - 1;
              return FALSE;
            }
          if (j == 2)
            {
              /* "==" is expected; the first "=" was just read. */
              while (si < length && (text[si] == '\n' || text[si] == '\r'))
                si++;
              if (si == length)
                {
                  *bad_offset = length;
                  return FALSE;
                }
              if (text[si] != '=')
                {
                  *bad_offset = si - 1;
                  return FALSE;
                }
              si++;
            }
          while (si < length && (text[si] == '\n' || text[si] == '\r'))
            si++;
          if (si < length)
            {
              *bad_offset = si;
              return FALSE;
            }
          decoded_length = j - 1;
          break;
        }

      g_string_append_c (out, (char)((quantum[0] << 2) | (quantum[1] >> 4)));
      if (decoded_length > 1)
        g_string_append_c (out, (char)((quantum[1] << 4) | (quantum[2] >> 2)));
      if (decoded_length > 2)
        g_string_append_c (out, (char)((quantum[2] << 6) | quantum[3]));
      if (decoded_length < 3)
        return TRUE;
    }
}

STRATA_TEMPLATE_FUNCTION (function_b64dec)
{
  GString *out = g_string_new (NULL);
  gsize bad_offset = 0;

  if (!base64_decode (ARG_STRING (0), ARG_STRING_LENGTH (0), out, &bad_offset))
    {
      g_string_free (out, TRUE);
      *result = _strata_template_value_take_string (
        g_strdup_printf ("illegal base64 data at input byte %" G_GSIZE_FORMAT, bad_offset), -1);
      return TRUE;
    }
  *result = _strata_template_string_result (out);
  return TRUE;
}

/* goutils.SwapCase: upper and title case to lower, lower to upper. */
STRATA_TEMPLATE_FUNCTION (function_swapcase)
{
  GString *out = g_string_sized_new (ARG_STRING_LENGTH (0));
  const char *end = ARG_STRING (0) + ARG_STRING_LENGTH (0);

  for (const char *p = ARG_STRING (0); p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isupper (c) || g_unichar_istitle (c))
        c = g_unichar_tolower (c);
      else if (g_unichar_islower (c))
        c = g_unichar_toupper (c);
      g_string_append_unichar (out, c);
    }
  *result = _strata_template_string_result (out);
  return TRUE;
}

/* base32.StdEncoding; decoding errors are the result, as with b64dec. */
STRATA_TEMPLATE_FUNCTION (function_base32)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const guchar *data = (const guchar *)ARG_STRING (0);
  gsize length = ARG_STRING_LENGTH (0);
  GString *out = g_string_new (NULL);

  if (strcmp (call->name, "b32enc") == 0)
    {
      for (gsize i = 0; i < length; i += 5)
        {
          guint64 bits = 0;
          gsize n = MIN (5, length - i);
          static const int chars[] = { 0, 2, 4, 5, 7, 8 };

          for (gsize j = 0; j < 5; j++)
            bits = (bits << 8) | (j < n ? data[i + j] : 0);
          for (int j = 0; j < 8; j++)
            g_string_append_c (out, j < chars[n] ? alphabet[(bits >> (35 - 5 * j)) & 31] : '=');
        }
    }
  else
    {
      guint64 bits = 0;
      int count = 0;
      gsize i;

      for (i = 0; i < length && data[i] != '='; i++)
        {
          const char *found = data[i] != '\0' ? strchr (alphabet, data[i]) : NULL;

          if (found == NULL)
            break;
          bits = (bits << 5) | (found - alphabet);
          if (++count == 8)
            {
              for (int j = 4; j >= 0; j--)
                g_string_append_c (out, (char)(bits >> (8 * j)));
              bits = 0;
              count = 0;
            }
        }
      if (i < length && data[i] != '=')
        {
          g_string_free (out, TRUE);
          *result = _strata_template_value_take_string (
            g_strdup_printf ("illegal base32 data at input byte %" G_GSIZE_FORMAT, i), -1);
          return TRUE;
        }
      if (count > 0)
        {
          static const int bytes_for[] = { 0, 0, 1, 0, 2, 3, 0, 4 };

          bits <<= 5 * (8 - count);
          for (int j = 0; j < bytes_for[count]; j++)
            g_string_append_c (out, (char)(bits >> (32 - 8 * j)));
        }
    }
  *result = _strata_template_string_result (out);
  return TRUE;
}

/* strings.Split: an empty separator splits into runes. */
static StrataTemplateValue *
split (const char *text,
       gsize       length,
       const char *separator,
       gsize       separator_length,
       gint64      limit)
{
  StrataTemplateValue *list = _strata_template_value_new_list (&_strata_template_type_string_list);
  const char *end = text + length;
  const char *start = text;

  if (limit == 0)
    return list;
  if (separator_length == 0)
    {
      for (const char *p = text; p < end; p = g_utf8_next_char (p))
        {
          if (limit > 0 && (gint64)list->list->len == limit - 1)
            {
              _strata_template_value_list_take (list, string_value (p, end - p));
              return list;
            }
          _strata_template_value_list_take (list, string_value (p, g_utf8_next_char (p) - p));
        }
      return list;
    }
  for (const char *p = text; p + separator_length <= end;)
    {
      if (limit > 0 && (gint64)list->list->len == limit - 1)
        break;
      if (memcmp (p, separator, separator_length) == 0)
        {
          _strata_template_value_list_take (list, string_value (start, p - start));
          p += separator_length;
          start = p;
        }
      else
        p++;
    }
  _strata_template_value_list_take (list, string_value (start, end - start));
  return list;
}

STRATA_TEMPLATE_FUNCTION (function_split_list)
{
  *result = split (ARG_STRING (1), ARG_STRING_LENGTH (1), ARG_STRING (0), ARG_STRING_LENGTH (0), -1);
  return TRUE;
}

/* split and splitn give a map from "_0", "_1"… to the parts. */
STRATA_TEMPLATE_FUNCTION ( function_split)
{
  gboolean limited = strcmp (call->name, "splitn") == 0;
  StrataTemplateValue *source = args[limited ? 2 : 1];
  g_autoptr(StrataTemplateValue) parts = split (source->string.data, source->string.length, ARG_STRING (0),
                                                ARG_STRING_LENGTH (0), limited ? args[1]->integer : -1);
  StrataTemplateValue *map = _strata_template_value_new_map (&_strata_template_type_string_map);

  for (guint i = 0; i < parts->list->len; i++)
    {
      g_autofree char *key = g_strdup_printf ("_%u", i);

      _strata_template_value_map_take (map, key, _strata_template_value_ref (g_ptr_array_index (parts->list, i)));
    }
  *result = map;
  return TRUE;
}

const StrataTemplateFunction _strata_template_string_functions[] = {
  { "upper", function_upper, 1, FALSE, { STRING } },
  { "lower", function_lower, 1, FALSE, { STRING } },
  { "title", function_title, 1, FALSE, { STRING } },
  { "untitle", function_untitle, 1, FALSE, { STRING } },
  { "trim", function_trim, 1, FALSE, { STRING } },
  { "trimAll", function_trim_all, 2, FALSE, { STRING, STRING } },
  { "trimall", function_trim_all, 2, FALSE, { STRING, STRING } },
  { "trimSuffix", function_trim_suffix, 2, FALSE, { STRING, STRING } },
  { "trimPrefix", function_trim_prefix, 2, FALSE, { STRING, STRING } },
  { "contains", function_contains, 2, FALSE, { STRING, STRING } },
  { "hasPrefix", function_contains, 2, FALSE, { STRING, STRING } },
  { "hasSuffix", function_contains, 2, FALSE, { STRING, STRING } },
  { "trunc", function_trunc, 2, FALSE, { INT, STRING } },
  { "abbrev", function_abbrev, 2, FALSE, { INT, STRING } },
  { "replace", function_replace, 3, FALSE, { STRING, STRING, STRING } },
  { "repeat", function_repeat, 2, FALSE, { INT, STRING } },
  { "substr", function_substr, 3, FALSE, { INT, INT, STRING } },
  { "nospace", function_nospace, 1, FALSE, { STRING } },
  { "initials", function_initials, 1, FALSE, { STRING } },
  { "quote", function_quote, 1, TRUE, { ANY } },
  { "squote", function_quote, 1, TRUE, { ANY } },
  { "cat", function_cat, 1, TRUE, { ANY } },
  { "indent", function_indent, 2, FALSE, { INT, STRING } },
  { "nindent", function_indent, 2, FALSE, { INT, STRING } },
  { "plural", function_plural, 3, FALSE, { STRING, STRING, INT } },
  { "sha1sum", function_checksum, 1, FALSE, { STRING } },
  { "sha256sum", function_checksum, 1, FALSE, { STRING } },
  { "adler32sum", function_checksum, 1, FALSE, { STRING } },
  { "toString", function_to_string, 1, FALSE, { ANY } },
  { "b64enc", function_b64enc, 1, FALSE, { STRING } },
  { "b64dec", function_b64dec, 1, FALSE, { STRING } },
  { "b32enc", function_base32, 1, FALSE, { STRING } },
  { "b32dec", function_base32, 1, FALSE, { STRING } },
  { "swapcase", function_swapcase, 1, FALSE, { STRING } },
  { "splitList", function_split_list, 2, FALSE, { STRING, STRING } },
  { "split", function_split, 2, FALSE, { STRING, STRING } },
  { "splitn", function_split, 3, FALSE, { STRING, INT, STRING } },
  { NULL }
};
