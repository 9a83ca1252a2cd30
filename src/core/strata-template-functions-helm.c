/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helm's own functions (include, tpl, required, fail, lookup, toYaml,
 * fromYaml, toJson, fromJson) and sprig's encodings, semverCompare, regular
 * expressions with Go's replacement syntax, paths and random values. */

#include "config.h"

#include <string.h>

#include "strata-template-functions-private.h"

static StrataTemplateValue *
take_string (char *text)
{
  return _strata_template_value_take_string (text, -1);
}

STRATA_TEMPLATE_FUNCTION (function_include)
{
  gsize length;
  char *text = _strata_template_call_include (call, ARG_STRING (0), args[1], error_message);

  if (text == NULL)
    return FALSE;
  length = strlen (text);
  *result = _strata_template_value_take_string (text, length);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_tpl)
{
  char *text = _strata_template_call_tpl (call, ARG_STRING (0), ARG_STRING_LENGTH (0), args[1], error_message);

  if (text == NULL)
    return FALSE;
  *result = take_string (text);
  return TRUE;
}

/* required and fail wrap their message so that the final error shows it
 * alone, as Helm does. */
STRATA_TEMPLATE_FUNCTION (function_required)
{
  StrataTemplateValue *value = args[1];

  if (value->type->kind == STRATA_TEMPLATE_KIND_NIL ||
      (value->type->kind == STRATA_TEMPLATE_KIND_STRING && value->string.length == 0))
    {
      *error_message = g_strdup_printf (STRATA_TEMPLATE_WARN_START "%s" STRATA_TEMPLATE_WARN_END, ARG_STRING (0));
      return FALSE;
    }
  *result = _strata_template_value_ref (value);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_fail)
{
  *error_message = g_strdup_printf (STRATA_TEMPLATE_WARN_START "%s" STRATA_TEMPLATE_WARN_END, ARG_STRING (0));
  return FALSE;
}

/* Without a cluster, as in helm template, lookup finds nothing. */
STRATA_TEMPLATE_FUNCTION ( function_lookup)
{
  *result = _strata_template_value_new_map (NULL);
  return TRUE;
}

/* toYaml swallows errors and drops the final newline. */
STRATA_TEMPLATE_FUNCTION ( function_to_yaml)
{
  char *text = _strata_template_to_yaml (args[0], NULL);
  gsize length = text != NULL ? strlen (text) : 0;

  if (length > 0 && text[length - 1] == '\n')
    text[--length] = '\0';
  *result = _strata_template_value_take_string (text != NULL ? text : g_strdup (""), length);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_to_json)
{
  gboolean must = g_str_has_prefix (call->name, "must");
  const char *name = must ? call->name + 4 : call->name;
  g_autoptr(GError) error = NULL;
  char *text;

  if (strcmp (name, "ToPrettyJson") == 0 || strcmp (name, "toPrettyJson") == 0)
    text = _strata_template_to_json (args[0], TRUE, "  ", &error);
  else if (strcmp (name, "ToRawJson") == 0 || strcmp (name, "toRawJson") == 0)
    text = _strata_template_to_json (args[0], FALSE, NULL, &error);
  else
    text = _strata_template_to_json (args[0], TRUE, NULL, &error);
  if (text == NULL)
    {
      if (must)
        {
          *error_message = g_strdup (error->message);
          return FALSE;
        }
      text = g_strdup ("");
    }
  *result = take_string (text);
  return TRUE;
}

/* fromYaml and fromJson give a map, with the error under "Error"; the
 * Array variants a list, with the error as its one element. */
STRATA_TEMPLATE_FUNCTION (function_from_yaml)
{
  gboolean json = strstr (call->name, "Json") != NULL;
  gboolean array = g_str_has_suffix (call->name, "Array");
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataTemplateValue) parsed = NULL;
  const char *wanted = array ? "[]interface {}" : "map[string]interface {}";

  if (json && ARG_STRING_LENGTH (0) == 0)
    g_set_error_literal (&error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                         "unexpected end of JSON input");
  else if (json)
    parsed = _strata_template_from_json (ARG_STRING (0), ARG_STRING_LENGTH (0), &error);
  else
    parsed = _strata_template_from_yaml (ARG_STRING (0), ARG_STRING_LENGTH (0), &error);

  if (parsed != NULL && parsed->type->kind != STRATA_TEMPLATE_KIND_NIL &&
      parsed->type->kind != (array ? STRATA_TEMPLATE_KIND_LIST : STRATA_TEMPLATE_KIND_MAP))
    {
      g_set_error (&error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                   "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go value of type %s",
                   parsed->type->kind == STRATA_TEMPLATE_KIND_MAP ? "object" :
                   parsed->type->kind == STRATA_TEMPLATE_KIND_LIST ? "array" :
                   parsed->type->kind == STRATA_TEMPLATE_KIND_STRING ? "string" :
                   parsed->type->kind == STRATA_TEMPLATE_KIND_BOOL ? "bool" : "number", wanted);
      g_clear_pointer (&parsed, _strata_template_value_unref);
    }

  if (array)
    {
      *result = _strata_template_value_new_list (NULL);
      if (error != NULL)
        _strata_template_value_list_take (*result, _strata_template_value_new_string (error->message, -1));
      else if (parsed->type->kind == STRATA_TEMPLATE_KIND_LIST)
        {
          _strata_template_value_unref (*result);
          *result = g_steal_pointer (&parsed);
        }
      return TRUE;
    }
  if (error != NULL || parsed->type->kind != STRATA_TEMPLATE_KIND_MAP)
    {
      *result = _strata_template_value_new_map (NULL);
      if (error != NULL)
        _strata_template_value_map_take (*result, "Error", _strata_template_value_new_string (error->message, -1));
      return TRUE;
    }
  *result = g_steal_pointer (&parsed);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_semver_compare)
{
  gboolean matches = FALSE;

  if (!_strata_template_semver_compare (ARG_STRING (0), ARG_STRING (1), &matches, error_message))
    return FALSE;
  *result = _strata_template_value_new_bool (matches);
  return TRUE;
}

/* Regular expressions. GRegex is PCRE, Go's regexp is RE2; the two agree
 * on the syntax charts use. "$" only matches at the very end, as in Go. */

static GRegex *
compile (const char  *pattern,
         char       **error_message)
{
  g_autoptr(GError) error = NULL;
  GRegex *regex = g_regex_new (pattern, G_REGEX_DOLLAR_ENDONLY, 0, &error);

  if (regex == NULL)
    *error_message = g_strdup_printf ("error parsing regexp: %s: `%s`", error->message, pattern);
  return regex;
}

/* Go's Regexp.allMatches: successive matches, an empty match right after
 * a previous one skipped. Each match is two offsets in @matches. */
static GArray *
all_matches (GRegex     *regex,
             const char *text,
             gsize       length,
             gint64      limit)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (int));
  gsize position = 0;
  int previous_end = -1;

  if (limit < 0)
    limit = length + 1;
  while ((gint64)matches->len / 2 < limit && position <= length)
    {
      g_autoptr(GMatchInfo) info = NULL;
      gboolean accept = TRUE;
      int start, end;

      if (!g_regex_match_full (regex, text, length, position, 0, &info, NULL))
        break;
      g_match_info_fetch_pos (info, 0, &start, &end);
      if ((gsize)end == position)
        {
          if (start == previous_end)
            accept = FALSE;
          position += position < length ? (gsize)(g_utf8_next_char (text + position) - (text + position)) : 1;
        }
      else
        position = end;
      previous_end = end;
      if (accept)
        {
          g_array_append_val (matches, start);
          g_array_append_val (matches, end);
        }
    }
  return matches;
}

/* Regexp.Expand: $1, ${1}, $name, ${name} and $$. */
static void
expand (GString    *out,
        const char *template,
        GMatchInfo *info,
        const char *text)
{
  for (const char *p = template; *p != '\0';)
    {
      g_autofree char *name = NULL;
      const char *start;

      if (*p != '$')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      p++;
      if (*p == '$')
        {
          g_string_append_c (out, '$');
          p++;
          continue;
        }
      if (*p == '{')
        {
          const char *close = strchr (p, '}');

          start = p + 1;
          if (close == NULL || close == start)
            {
              g_string_append_c (out, '$');
              continue;
            }
          name = g_strndup (start, close - start);
          for (const char *c = name; *c != '\0'; c++)
            if (!g_ascii_isalnum (*c) && *c != '_')
              g_clear_pointer (&name, g_free);
          if (name == NULL)
            {
              g_string_append_c (out, '$');
              continue;
            }
          p = close + 1;
        }
      else
        {
          start = p;
          while (g_ascii_isalnum (*p) || *p == '_')
            p++;
          if (p == start)
            {
              g_string_append_c (out, '$');
              continue;
            }
          name = g_strndup (start, p - start);
        }

      if (strspn (name, "0123456789") == strlen (name))
        {
          int start_offset, end_offset;
          guint64 number = g_ascii_strtoull (name, NULL, 10);

          if (number < (guint64)g_match_info_get_match_count (info) &&
              g_match_info_fetch_pos (info, number, &start_offset, &end_offset) && start_offset >= 0)
            g_string_append_len (out, text + start_offset, end_offset - start_offset);
        }
      else
        {
          int start_offset, end_offset;

          if (g_match_info_fetch_named_pos (info, name, &start_offset, &end_offset) && start_offset >= 0)
            g_string_append_len (out, text + start_offset, end_offset - start_offset);
        }
    }
}

STRATA_TEMPLATE_FUNCTION (function_regex)
{
  const char *name = g_str_has_prefix (call->name, "must") ? call->name + 4 : call->name;
  gboolean must = name != call->name;
  g_autoptr(GRegex) regex = NULL;
  const char *text = n_args > 1 ? ARG_STRING (1) : "";
  gsize length = n_args > 1 ? ARG_STRING_LENGTH (1) : 0;

  if (g_ascii_strcasecmp (name, "regexQuoteMeta") == 0)
    {
      GString *out = g_string_new (NULL);

      for (gsize i = 0; i < ARG_STRING_LENGTH (0); i++)
        {
          if (strchr ("\\.+*?()|[]{}^$", ARG_STRING (0)[i]) != NULL && ARG_STRING (0)[i] != '\0')
            g_string_append_c (out, '\\');
          g_string_append_c (out, ARG_STRING (0)[i]);
        }
      *result = _strata_template_string_result (out);
      return TRUE;
    }

  regex = compile (ARG_STRING (0), error_message);
  if (regex == NULL)
    {
      /* regexMatch ignores a bad pattern; the others fail on it. */
      if (!must && g_ascii_strcasecmp (name, "regexMatch") == 0)
        {
          g_clear_pointer (error_message, g_free);
          *result = _strata_template_value_new_bool (FALSE);
          return TRUE;
        }
      return FALSE;
    }

  if (g_ascii_strcasecmp (name, "regexMatch") == 0)
    *result = _strata_template_value_new_bool (g_regex_match_full (regex, text, length, 0, 0, NULL, NULL));
  else if (g_ascii_strcasecmp (name, "regexFind") == 0)
    {
      g_autoptr(GArray) matches = all_matches (regex, text, length, 1);

      *result = matches->len > 0 ? _strata_template_value_new_string (text + g_array_index (matches, int, 0),
                                                                      g_array_index (matches, int, 1) -
                                                                      g_array_index (matches, int, 0))
                                 : _strata_template_value_new_string ("", 0);
    }
  else if (g_ascii_strcasecmp (name, "regexFindAll") == 0)
    {
      g_autoptr(GArray) matches = all_matches (regex, text, length, args[2]->integer);

      *result = _strata_template_value_new_list (&_strata_template_type_string_list);
      for (guint i = 0; i < matches->len; i += 2)
        _strata_template_value_list_take (*result, _strata_template_value_new_string (
                                                     text + g_array_index (matches, int, i),
                                                     g_array_index (matches, int, i + 1) - g_array_index (matches, int, i)));
    }
  else if (g_ascii_strcasecmp (name, "regexSplit") == 0)
    {
      gint64 limit = args[2]->integer;
      g_autoptr(GArray) matches = all_matches (regex, text, length, limit);
      StrataTemplateValue *parts = _strata_template_value_new_list (&_strata_template_type_string_list);
      int begin = 0, end = 0;

      *result = parts;
      if (limit == 0)
        return TRUE;
      if (ARG_STRING_LENGTH (0) > 0 && length == 0)
        {
          _strata_template_value_list_take (parts, _strata_template_value_new_string ("", 0));
          return TRUE;
        }
      for (guint i = 0; i < matches->len; i += 2)
        {
          if (limit > 0 && (gint64)parts->list->len == limit - 1)
            break;
          end = g_array_index (matches, int, i);
          if (g_array_index (matches, int, i + 1) != 0)
            _strata_template_value_list_take (parts, _strata_template_value_new_string (text + begin, end - begin));
          begin = g_array_index (matches, int, i + 1);
        }
      if ((gsize)end != length)
        _strata_template_value_list_take (parts, _strata_template_value_new_string (text + begin, length - begin));
    }
  else
    {
      /* regexReplaceAll and regexReplaceAllLiteral (Go's replaceAll). */
      gboolean literal = g_ascii_strcasecmp (name, "regexReplaceAllLiteral") == 0;
      GString *out = g_string_new (NULL);
      gsize last_end = 0, position = 0;

      while (position <= length)
        {
          g_autoptr(GMatchInfo) info = NULL;
          int start, end;

          if (!g_regex_match_full (regex, text, length, position, 0, &info, NULL))
            break;
          g_match_info_fetch_pos (info, 0, &start, &end);
          g_string_append_len (out, text + last_end, start - last_end);
          if ((gsize)end > last_end || start == 0)
            {
              if (literal)
                g_string_append (out, ARG_STRING (2));
              else
                expand (out, ARG_STRING (2), info, text);
            }
          last_end = end;
          {
            gsize width = position < length ? (gsize)(g_utf8_next_char (text + position) - (text + position)) : 0;

            if (position + width > (gsize)end)
              position += width;
            else if (position + 1 > (gsize)end)
              position++;
            else
              position = end;
          }
        }
      g_string_append_len (out, text + last_end, length - last_end);
      *result = _strata_template_string_result (out);
    }
  return TRUE;
}

/* Go's path package: slash-separated, lexical. */
static char *
clean_path (const char *path)
{
  gboolean rooted = path[0] == '/';
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  GString *out;

  if (path[0] == '\0')
    return g_strdup (".");
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          if (kept->len > 0 && strcmp (g_ptr_array_index (kept, kept->len - 1), "..") != 0)
            g_ptr_array_set_size (kept, kept->len - 1);
          else if (!rooted)
            g_ptr_array_add (kept, parts[i]);
          continue;
        }
      g_ptr_array_add (kept, parts[i]);
    }
  out = g_string_new (rooted ? "/" : "");
  for (guint i = 0; i < kept->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "/" : "", (const char *)g_ptr_array_index (kept, i));
  if (out->len == 0)
    g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

/* Helm renders without DNS unless asked: getHostByName gives "". */
STRATA_TEMPLATE_FUNCTION (function_no_dns)
{
  *result = _strata_template_value_new_string ("", 0);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_path)
{
  const char *path = ARG_STRING (0);
  const char *name = g_str_has_prefix (call->name, "os") ? call->name + 2 : call->name;
  g_autofree char *lower = g_ascii_strdown (name, -1);

  name = lower;
  if (strcmp (name, "clean") == 0)
    *result = take_string (clean_path (path));
  else if (strcmp (name, "isabs") == 0)
    *result = _strata_template_value_new_bool (path[0] == '/');
  else if (strcmp (name, "base") == 0)
    {
      g_autofree char *trimmed = g_strdup (path);
      gsize length = strlen (trimmed);
      const char *slash;

      if (length == 0)
        {
          *result = _strata_template_value_new_string (".", 1);
          return TRUE;
        }
      while (length > 0 && trimmed[length - 1] == '/')
        trimmed[--length] = '\0';
      if (length == 0)
        {
          *result = _strata_template_value_new_string ("/", 1);
          return TRUE;
        }
      slash = strrchr (trimmed, '/');
      *result = _strata_template_value_new_string (slash != NULL ? slash + 1 : trimmed, -1);
    }
  else if (strcmp (name, "dir") == 0)
    {
      const char *slash = strrchr (path, '/');
      g_autofree char *directory = g_strndup (path, slash != NULL ? (gsize)(slash - path + 1) : 0);

      *result = take_string (clean_path (directory));
    }
  else
    {
      /* ext: from the last dot of the last element. */
      for (gssize i = strlen (path) - 1; i >= 0 && path[i] != '/'; i--)
        if (path[i] == '.')
          {
            *result = _strata_template_value_new_string (path + i, -1);
            return TRUE;
          }
      *result = _strata_template_value_new_string ("", 0);
    }
  return TRUE;
}

/* Random values: no two renders agree, in Helm either. */
STRATA_TEMPLATE_FUNCTION ( function_random)
{
  static const char alphanumeric[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const char *name = call->name;
  const char *alphabet = alphanumeric;
  gsize alphabet_length = 62;
  GString *out;

  if (strcmp (name, "uuidv4") == 0)
    {
      *result = take_string (g_uuid_string_random ());
      return TRUE;
    }
  if (strcmp (name, "randAlpha") == 0)
    alphabet_length = 52;
  else if (strcmp (name, "randNumeric") == 0)
    alphabet = alphanumeric + 52, alphabet_length = 10;

  out = g_string_new (NULL);
  for (gint64 i = 0; i < args[0]->integer; i++)
    {
      if (strcmp (name, "randAscii") == 0)
        g_string_append_c (out, (char)g_random_int_range (32, 127));
      else
        g_string_append_c (out, alphabet[g_random_int_range (0, alphabet_length)]);
    }
  *result = _strata_template_string_result (out);
  return TRUE;
}

const StrataTemplateFunction _strata_template_helm_functions[] = {
  { "include", function_include, 2, FALSE, { STRING, ANY } },
  { "tpl", function_tpl, 2, FALSE, { STRING, ANY } },
  { "required", function_required, 2, FALSE, { STRING, ANY } },
  { "fail", function_fail, 1, FALSE, { STRING } },
  { "lookup", function_lookup, 4, FALSE, { STRING, STRING, STRING, STRING } },
  { "toYaml", function_to_yaml, 1, FALSE, { ANY } },
  { "toJson", function_to_json, 1, FALSE, { ANY } },
  { "mustToJson", function_to_json, 1, FALSE, { ANY } },
  { "toPrettyJson", function_to_json, 1, FALSE, { ANY } },
  { "mustToPrettyJson", function_to_json, 1, FALSE, { ANY } },
  { "toRawJson", function_to_json, 1, FALSE, { ANY } },
  { "mustToRawJson", function_to_json, 1, FALSE, { ANY } },
  { "fromYaml", function_from_yaml, 1, FALSE, { STRING } },
  { "fromYamlArray", function_from_yaml, 1, FALSE, { STRING } },
  { "fromJson", function_from_yaml, 1, FALSE, { STRING } },
  { "fromJsonArray", function_from_yaml, 1, FALSE, { STRING } },
  { "semverCompare", function_semver_compare, 2, FALSE, { STRING, STRING } },
  { "regexMatch", function_regex, 2, FALSE, { STRING, STRING } },
  { "mustRegexMatch", function_regex, 2, FALSE, { STRING, STRING } },
  { "regexFind", function_regex, 2, FALSE, { STRING, STRING } },
  { "mustRegexFind", function_regex, 2, FALSE, { STRING, STRING } },
  { "regexFindAll", function_regex, 3, FALSE, { STRING, STRING, INT } },
  { "mustRegexFindAll", function_regex, 3, FALSE, { STRING, STRING, INT } },
  { "regexReplaceAll", function_regex, 3, FALSE, { STRING, STRING, STRING } },
  { "mustRegexReplaceAll", function_regex, 3, FALSE, { STRING, STRING, STRING } },
  { "regexReplaceAllLiteral", function_regex, 3, FALSE, { STRING, STRING, STRING } },
  { "mustRegexReplaceAllLiteral", function_regex, 3, FALSE, { STRING, STRING, STRING } },
  { "regexSplit", function_regex, 3, FALSE, { STRING, STRING, INT } },
  { "mustRegexSplit", function_regex, 3, FALSE, { STRING, STRING, INT } },
  { "regexQuoteMeta", function_regex, 1, FALSE, { STRING } },
  { "base", function_path, 1, FALSE, { STRING } },
  { "dir", function_path, 1, FALSE, { STRING } },
  { "ext", function_path, 1, FALSE, { STRING } },
  { "clean", function_path, 1, FALSE, { STRING } },
  { "isAbs", function_path, 1, FALSE, { STRING } },
  /* filepath is path on the systems helm runs charts on. */
  { "osBase", function_path, 1, FALSE, { STRING } },
  { "osDir", function_path, 1, FALSE, { STRING } },
  { "osExt", function_path, 1, FALSE, { STRING } },
  { "osClean", function_path, 1, FALSE, { STRING } },
  { "osIsAbs", function_path, 1, FALSE, { STRING } },
  { "getHostByName", function_no_dns, 1, FALSE, { STRING } },
  { "randAlphaNum", function_random, 1, FALSE, { INT } },
  { "randAlpha", function_random, 1, FALSE, { INT } },
  { "randNumeric", function_random, 1, FALSE, { INT } },
  { "randAscii", function_random, 1, FALSE, { INT } },
  { "uuidv4", function_random, 0, FALSE, { ANY } },
  { NULL }
};
