/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sprig's functions on data: defaults (default treats 0, "", false and
 * empty collections as unset), lists, dicts with mergo's merge rules,
 * reflection (typeOf, kindIs…), spf13/cast conversions and the integer
 * arithmetic that returns int64. */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata-template-functions-private.h"

/* Defaults */

STRATA_TEMPLATE_FUNCTION (function_default)
{
  if (n_args < 2 || _strata_template_value_is_empty (args[1]))
    *result = _strata_template_value_ref (args[0]);
  else
    *result = _strata_template_value_ref (args[1]);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_empty)
{
  *result = _strata_template_value_new_bool (_strata_template_value_is_empty (args[0]));
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_coalesce)
{
  for (guint i = 0; i < n_args; i++)
    if (!_strata_template_value_is_empty (args[i]))
      {
        *result = _strata_template_value_ref (args[i]);
        return TRUE;
      }
  *result = _strata_template_value_nil ();
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_all_any)
{
  gboolean want_all = strcmp (call->name, "all") == 0;

  for (guint i = 0; i < n_args; i++)
    if (_strata_template_value_is_empty (args[i]) == want_all)
      {
        *result = _strata_template_value_new_bool (!want_all);
        return TRUE;
      }
  *result = _strata_template_value_new_bool (want_all);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_ternary)
{
  *result = _strata_template_value_ref (args[2]->boolean ? args[0] : args[1]);
  return TRUE;
}

/* Reflection */

STRATA_TEMPLATE_FUNCTION (function_type_of)
{
  const char *name = call->name;
  const char *type = _strata_template_value_type_name (args[n_args - 1]);
  const char *kind = _strata_template_value_kind_name (args[n_args - 1]);

  if (strcmp (name, "typeOf") == 0)
    *result = _strata_template_value_new_string (type, -1);
  else if (strcmp (name, "kindOf") == 0)
    *result = _strata_template_value_new_string (kind, -1);
  else if (strcmp (name, "kindIs") == 0)
    *result = _strata_template_value_new_bool (strcmp (ARG_STRING (0), kind) == 0);
  else if (strcmp (name, "typeIs") == 0)
    *result = _strata_template_value_new_bool (strcmp (ARG_STRING (0), type) == 0);
  else
    *result = _strata_template_value_new_bool (strcmp (ARG_STRING (0), type) == 0 ||
                                               (type[0] == '*' && strcmp (ARG_STRING (0), type + 1) == 0));
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_deep_equal)
{
  *result = _strata_template_value_new_bool (_strata_template_value_deep_equal (args[0], args[1]));
  return TRUE;
}

/* Lists */

gboolean
_strata_template_is_list (StrataTemplateValue *value)
{
  return value != NULL && value->type->kind == STRATA_TEMPLATE_KIND_LIST;
}

/* What sprig says when reflect finds no slice: "Cannot find first on type
 * string"; reflect.TypeOf(nil) makes Go panic. */
static gboolean
require_list (StrataTemplateValue  *value,
              const char           *what,
              char                **error_message)
{
  if (_strata_template_is_list (value))
    return TRUE;
  if (value->type->kind == STRATA_TEMPLATE_KIND_NIL)
    *error_message = g_strdup ("runtime error: invalid memory address or nil pointer dereference");
  else
    *error_message = g_strdup_printf ("%s %s", what, value->type->reflect_kind);
  return FALSE;
}

STRATA_TEMPLATE_FUNCTION (function_list)
{
  StrataTemplateValue *list = _strata_template_value_new_list (NULL);

  for (guint i = 0; i < n_args; i++)
    _strata_template_value_list_take (list, _strata_template_value_ref (args[i]));
  *result = list;
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_first_last)
{
  gboolean first = strstr (call->name, "irst") != NULL;
  g_autofree char *what = g_strdup_printf ("Cannot find %s on type", first ? "first" : "last");
  GPtrArray *items;

  if (!require_list (args[0], what, error_message))
    return FALSE;
  items = args[0]->list;
  if (items->len == 0)
    *result = _strata_template_value_nil ();
  else
    *result = _strata_template_value_ref (g_ptr_array_index (items, first ? 0 : items->len - 1));
  return TRUE;
}

/* rest, initial, reverse, compact, uniq: new []interface{} from a slice. */
STRATA_TEMPLATE_FUNCTION ( function_reshape)
{
  const char *name = g_str_has_prefix (call->name, "must") ? call->name + 4 : call->name;
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autofree char *what = g_strdup_printf (strcmp (lower, "compact") == 0 ? "Cannot %s on type"
                                                                          : "Cannot find %s on type", lower);
  StrataTemplateValue *list;
  GPtrArray *items;

  if (!require_list (args[0], what, error_message))
    return FALSE;
  items = args[0]->list;
  if (items->len == 0 && (strcmp (lower, "rest") == 0 || strcmp (lower, "initial") == 0))
    {
      *result = _strata_template_value_new_list (NULL);
      return TRUE;
    }

  list = _strata_template_value_new_list (NULL);
  for (guint i = 0; i < items->len; i++)
    {
      StrataTemplateValue *item = g_ptr_array_index (items, strcmp (lower, "reverse") == 0 ? items->len - 1 - i : i);

      if ((strcmp (lower, "rest") == 0 && i == 0) || (strcmp (lower, "initial") == 0 && i == items->len - 1))
        continue;
      if (strcmp (lower, "compact") == 0 && _strata_template_value_is_empty (item))
        continue;
      if (strcmp (lower, "uniq") == 0)
        {
          gboolean seen = FALSE;

          for (guint j = 0; j < list->list->len && !seen; j++)
            seen = _strata_template_value_deep_equal (g_ptr_array_index (list->list, j), item);
          if (seen)
            continue;
        }
      _strata_template_value_list_take (list, _strata_template_value_ref (item));
    }
  *result = list;
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_push)
{
  gboolean prepend = strstr (call->name, "repend") != NULL;
  StrataTemplateValue *list;

  if (!require_list (args[0], prepend ? "Cannot prepend on type" : "Cannot push on type", error_message))
    return FALSE;
  list = _strata_template_value_new_list (NULL);
  if (prepend)
    _strata_template_value_list_take (list, _strata_template_value_ref (args[1]));
  for (guint i = 0; i < args[0]->list->len; i++)
    _strata_template_value_list_take (list, _strata_template_value_ref (g_ptr_array_index (args[0]->list, i)));
  if (!prepend)
    _strata_template_value_list_take (list, _strata_template_value_ref (args[1]));
  *result = list;
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_concat)
{
  StrataTemplateValue *list = _strata_template_value_new_list (NULL);

  for (guint i = 0; i < n_args; i++)
    {
      if (!_strata_template_is_list (args[i]))
        {
          *error_message = g_strdup_printf ("Cannot concat type %s as list", args[i]->type->reflect_kind);
          _strata_template_value_unref (list);
          return FALSE;
        }
      for (guint j = 0; j < args[i]->list->len; j++)
        _strata_template_value_list_take (list, _strata_template_value_ref (g_ptr_array_index (args[i]->list, j)));
    }
  *result = list;
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_without)
{
  StrataTemplateValue *list;

  if (!require_list (args[0], "Cannot find without on type", error_message))
    return FALSE;
  list = _strata_template_value_new_list (NULL);
  for (guint i = 0; i < args[0]->list->len; i++)
    {
      StrataTemplateValue *item = g_ptr_array_index (args[0]->list, i);
      gboolean omitted = FALSE;

      for (guint j = 1; j < n_args && !omitted; j++)
        omitted = _strata_template_value_deep_equal (item, args[j]);
      if (!omitted)
        _strata_template_value_list_take (list, _strata_template_value_ref (item));
    }
  *result = list;
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_has)
{
  gboolean found = FALSE;

  if (args[1]->type->kind == STRATA_TEMPLATE_KIND_NIL)
    {
      *result = _strata_template_value_new_bool (FALSE);
      return TRUE;
    }
  if (!require_list (args[1], "Cannot find has on type", error_message))
    return FALSE;
  for (guint i = 0; i < args[1]->list->len && !found; i++)
    found = _strata_template_value_deep_equal (args[0], g_ptr_array_index (args[1]->list, i));
  *result = _strata_template_value_new_bool (found);
  return TRUE;
}

/* sprig's slice, which shadows Go's builtin. */
STRATA_TEMPLATE_FUNCTION ( function_slice)
{
  StrataTemplateValue *list;
  gint64 start = 0, end;
  guint length;

  if (!_strata_template_is_list (args[0]))
    {
      if (!require_list (args[0], "list should be type of slice or array but", error_message))
        return FALSE;
    }
  length = args[0]->list->len;
  if (length == 0)
    {
      *result = _strata_template_value_nil ();
      return TRUE;
    }
  end = length;
  if (n_args > 1)
    start = _strata_template_to_int64 (args[1]);
  if (n_args > 2)
    end = _strata_template_to_int64 (args[2]);
  if (start < 0 || end < start || end > length)
    {
      *error_message = g_strdup ("reflect: slice index out of range");
      return FALSE;
    }
  list = _strata_template_value_new_list (args[0]->type);
  for (gint64 i = start; i < end; i++)
    _strata_template_value_list_take (list, _strata_template_value_ref (g_ptr_array_index (args[0]->list, i)));
  *result = list;
  return TRUE;
}

/* sprig's strslice: the strings of a slice, nils left out. */
static StrataTemplateValue *
string_slice (StrataTemplateValue *value)
{
  StrataTemplateValue *list = _strata_template_value_new_list (&_strata_template_type_string_list);

  if (value->type->kind == STRATA_TEMPLATE_KIND_NIL)
    return list;
  if (!_strata_template_is_list (value))
    {
      _strata_template_value_list_take (list, _strata_template_value_take_string (
                                                _strata_template_value_to_string (value), -1));
      return list;
    }
  for (guint i = 0; i < value->list->len; i++)
    {
      StrataTemplateValue *item = g_ptr_array_index (value->list, i);

      if (item->type->kind != STRATA_TEMPLATE_KIND_NIL)
        _strata_template_value_list_take (list, _strata_template_value_take_string (
                                                  _strata_template_value_to_string (item), -1));
    }
  return list;
}

STRATA_TEMPLATE_FUNCTION (function_to_strings)
{
  *result = string_slice (args[0]);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_join)
{
  g_autoptr(StrataTemplateValue) parts = string_slice (args[1]);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < parts->list->len; i++)
    {
      StrataTemplateValue *part = g_ptr_array_index (parts->list, i);

      if (i > 0)
        g_string_append_len (out, ARG_STRING (0), ARG_STRING_LENGTH (0));
      g_string_append_len (out, part->string.data, part->string.length);
    }
  *result = _strata_template_string_result (out);
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  const StrataTemplateValue *x = *(StrataTemplateValue * const *)a;
  const StrataTemplateValue *y = *(StrataTemplateValue * const *)b;
  int order = memcmp (x->string.data, y->string.data, MIN (x->string.length, y->string.length));

  return order != 0 ? order : (x->string.length > y->string.length) - (x->string.length < y->string.length);
}

STRATA_TEMPLATE_FUNCTION (function_sort_alpha)
{
  StrataTemplateValue *list = string_slice (args[0]);

  g_ptr_array_sort (list->list, compare_strings);
  *result = list;
  return TRUE;
}

/* Dicts */

STRATA_TEMPLATE_FUNCTION (function_dict)
{
  StrataTemplateValue *map = _strata_template_value_new_map (NULL);

  for (guint i = 0; i < n_args; i += 2)
    {
      g_autofree char *key = _strata_template_value_to_string (args[i]);

      _strata_template_value_map_take (map, key, i + 1 < n_args ? _strata_template_value_ref (args[i + 1])
                                                                : _strata_template_value_new_string ("", 0));
    }
  *result = map;
  return TRUE;
}

/* A nil map argument (nil or a missing value) reads as empty. */
static StrataTemplateValue *
map_item (StrataTemplateValue *map,
          const char          *key)
{
  return map->type->kind == STRATA_TEMPLATE_KIND_MAP ? g_hash_table_lookup (map->map, key) : NULL;
}

STRATA_TEMPLATE_FUNCTION (function_has_key)
{
  *result = _strata_template_value_new_bool (map_item (args[0], ARG_STRING (1)) != NULL);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_get)
{
  StrataTemplateValue *item = map_item (args[0], ARG_STRING (1));

  *result = item != NULL ? _strata_template_value_ref (item) : _strata_template_value_new_string ("", 0);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_set)
{
  if (args[0]->type->kind != STRATA_TEMPLATE_KIND_MAP)
    {
      *error_message = g_strdup ("assignment to entry in nil map");
      return FALSE;
    }
  if (strcmp (call->name, "unset") == 0)
    g_hash_table_remove (args[0]->map, ARG_STRING (1));
  else
    {
      if (_strata_template_value_contains (args[2], args[0]))
        {
          *error_message = g_strdup_printf ("the value for \"%s\" holds the map itself; Strata's template "
                                            "engine refuses maps that contain themselves", ARG_STRING (1));
          return FALSE;
        }
      _strata_template_value_map_take (args[0], ARG_STRING (1), _strata_template_value_ref (args[2]));
    }
  *result = _strata_template_value_ref (args[0]);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_pluck)
{
  StrataTemplateValue *list = _strata_template_value_new_list (NULL);

  for (guint i = 1; i < n_args; i++)
    {
      StrataTemplateValue *item = map_item (args[i], ARG_STRING (0));

      if (item != NULL)
        _strata_template_value_list_take (list, _strata_template_value_ref (item));
    }
  *result = list;
  return TRUE;
}

/* keys and values: Go's map order is random; sorted is one of its orders. */
STRATA_TEMPLATE_FUNCTION ( function_keys)
{
  gboolean want_values = strcmp (call->name, "values") == 0;
  StrataTemplateValue *list = _strata_template_value_new_list (want_values ? NULL : &_strata_template_type_string_list);

  for (guint i = 0; i < n_args; i++)
    {
      g_autoptr(GPtrArray) keys = NULL;

      if (args[i]->type->kind != STRATA_TEMPLATE_KIND_MAP)
        continue;
      keys = _strata_template_value_sorted_keys (args[i]);
      for (guint j = 0; j < keys->len; j++)
        _strata_template_value_list_take (list, want_values
                                          ? _strata_template_value_ref (g_hash_table_lookup (args[i]->map, keys->pdata[j]))
                                          : _strata_template_value_new_string (keys->pdata[j], -1));
    }
  *result = list;
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_pick_omit)
{
  gboolean pick = strcmp (call->name, "pick") == 0;
  StrataTemplateValue *map = _strata_template_value_new_map (NULL);
  GHashTableIter iter;
  gpointer key, item;

  if (args[0]->type->kind == STRATA_TEMPLATE_KIND_MAP)
    {
      g_hash_table_iter_init (&iter, args[0]->map);
      while (g_hash_table_iter_next (&iter, &key, &item))
        {
          gboolean listed = FALSE;

          for (guint i = 1; i < n_args && !listed; i++)
            listed = strcmp (ARG_STRING (i), key) == 0;
          if (listed == pick)
            _strata_template_value_map_take (map, key, _strata_template_value_ref (item));
        }
    }
  *result = map;
  return TRUE;
}

/* mergo's Merge and MergeWithOverwrite, for map[string]interface{}: maps
 * merge recursively; otherwise merge keeps what dst has unless it is
 * empty (0, "", false, an empty list or map), and mergeOverwrite takes
 * src's value, even an empty one. */
static void
merge_maps (StrataTemplateValue *dst,
            StrataTemplateValue *src,
            gboolean             overwrite,
            int                  depth)
{
  GHashTableIter iter;
  gpointer key, value;

  if (depth > 1000 || dst == src)
    return;

  g_hash_table_iter_init (&iter, src->map);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      StrataTemplateValue *from = value;
      StrataTemplateValue *to = g_hash_table_lookup (dst->map, key);

      if (from->type->kind == STRATA_TEMPLATE_KIND_NIL)
        {
          if (overwrite)
            _strata_template_value_map_take (dst, key, _strata_template_value_nil ());
          continue;
        }
      if (from->type->kind == STRATA_TEMPLATE_KIND_MAP && to != NULL && to->type->kind == STRATA_TEMPLATE_KIND_MAP)
        merge_maps (to, from, overwrite, depth + 1);
      if (to != NULL && !_strata_template_value_is_empty (to))
        {
          if (from->type->kind == STRATA_TEMPLATE_KIND_LIST)
            {
              if (overwrite)
                _strata_template_value_map_take (dst, key, _strata_template_value_ref (from));
              continue;
            }
          if (from->type->kind == STRATA_TEMPLATE_KIND_MAP && to->type->kind == STRATA_TEMPLATE_KIND_MAP)
            continue;
        }
      if (overwrite || to == NULL || _strata_template_value_is_empty (to))
        _strata_template_value_map_take (dst, key, _strata_template_value_ref (from));
    }
}

STRATA_TEMPLATE_FUNCTION (function_merge)
{
  gboolean overwrite = strstr (call->name, "Overwrite") != NULL;
  StrataTemplateValue *dst = args[0];

  if (dst->type->kind != STRATA_TEMPLATE_KIND_MAP)
    dst = _strata_template_value_new_map (NULL);
  else
    _strata_template_value_ref (dst);
  for (guint i = 1; i < n_args; i++)
    if (args[i]->type->kind == STRATA_TEMPLATE_KIND_MAP)
      {
        if (args[i] != dst && _strata_template_value_contains (args[i], dst))
          {
            *error_message = g_strdup ("a map to merge holds the destination map; Strata's template engine "
                                       "refuses maps that contain themselves");
            _strata_template_value_unref (dst);
            return FALSE;
          }
        merge_maps (dst, args[i], overwrite, 0);
      }
  *result = dst;
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_deep_copy)
{
  *result = _strata_template_value_deep_copy (args[0]);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_dig)
{
  StrataTemplateValue *map;

  if (n_args < 3)
    {
      *error_message = g_strdup ("dig needs at least three arguments");
      return FALSE;
    }
  map = args[n_args - 1];
  for (guint i = 0; i < n_args - 2; i++)
    {
      StrataTemplateValue *step;

      if (map->type != &_strata_template_type_map)
        {
          *error_message = g_strdup_printf ("interface conversion: interface {} is %s, not map[string]interface {}",
                                            map->type->name);
          return FALSE;
        }
      if (args[i]->type->kind != STRATA_TEMPLATE_KIND_STRING)
        {
          *error_message = g_strdup_printf ("interface conversion: interface {} is %s, not string",
                                            args[i]->type->name);
          return FALSE;
        }
      step = g_hash_table_lookup (map->map, ARG_STRING (i));
      if (step == NULL)
        {
          *result = _strata_template_value_ref (args[n_args - 2]);
          return TRUE;
        }
      map = step;
    }
  *result = _strata_template_value_ref (map);
  return TRUE;
}

const StrataTemplateFunction _strata_template_data_functions[] = {
  { "default", function_default, 2, TRUE, { ANY, ANY } },
  { "empty", function_empty, 1, FALSE, { ANY } },
  { "coalesce", function_coalesce, 1, TRUE, { ANY } },
  { "all", function_all_any, 1, TRUE, { ANY } },
  { "any", function_all_any, 1, TRUE, { ANY } },
  { "ternary", function_ternary, 3, FALSE, { ANY, ANY, BOOL } },
  { "typeOf", function_type_of, 1, FALSE, { ANY } },
  { "kindOf", function_type_of, 1, FALSE, { ANY } },
  { "kindIs", function_type_of, 2, FALSE, { STRING, ANY } },
  { "typeIs", function_type_of, 2, FALSE, { STRING, ANY } },
  { "typeIsLike", function_type_of, 2, FALSE, { STRING, ANY } },
  { "deepEqual", function_deep_equal, 2, FALSE, { ANY, ANY } },
  { "list", function_list, 1, TRUE, { ANY } },
  { "tuple", function_list, 1, TRUE, { ANY } },
  { "first", function_first_last, 1, FALSE, { ANY } },
  { "mustFirst", function_first_last, 1, FALSE, { ANY } },
  { "last", function_first_last, 1, FALSE, { ANY } },
  { "mustLast", function_first_last, 1, FALSE, { ANY } },
  { "rest", function_reshape, 1, FALSE, { ANY } },
  { "mustRest", function_reshape, 1, FALSE, { ANY } },
  { "initial", function_reshape, 1, FALSE, { ANY } },
  { "mustInitial", function_reshape, 1, FALSE, { ANY } },
  { "reverse", function_reshape, 1, FALSE, { ANY } },
  { "mustReverse", function_reshape, 1, FALSE, { ANY } },
  { "compact", function_reshape, 1, FALSE, { ANY } },
  { "mustCompact", function_reshape, 1, FALSE, { ANY } },
  { "uniq", function_reshape, 1, FALSE, { ANY } },
  { "mustUniq", function_reshape, 1, FALSE, { ANY } },
  { "append", function_push, 2, FALSE, { ANY, ANY } },
  { "push", function_push, 2, FALSE, { ANY, ANY } },
  { "mustAppend", function_push, 2, FALSE, { ANY, ANY } },
  { "mustPush", function_push, 2, FALSE, { ANY, ANY } },
  { "prepend", function_push, 2, FALSE, { ANY, ANY } },
  { "mustPrepend", function_push, 2, FALSE, { ANY, ANY } },
  { "concat", function_concat, 1, TRUE, { ANY } },
  { "without", function_without, 2, TRUE, { ANY, ANY } },
  { "mustWithout", function_without, 2, TRUE, { ANY, ANY } },
  { "has", function_has, 2, FALSE, { ANY, ANY } },
  { "mustHas", function_has, 2, FALSE, { ANY, ANY } },
  { "slice", function_slice, 2, TRUE, { ANY, ANY } },
  { "mustSlice", function_slice, 2, TRUE, { ANY, ANY } },
  { "toStrings", function_to_strings, 1, FALSE, { ANY } },
  { "join", function_join, 2, FALSE, { STRING, ANY } },
  { "sortAlpha", function_sort_alpha, 1, FALSE, { ANY } },
  { "dict", function_dict, 1, TRUE, { ANY } },
  { "hasKey", function_has_key, 2, FALSE, { MAP, STRING } },
  { "get", function_get, 2, FALSE, { MAP, STRING } },
  { "set", function_set, 3, FALSE, { MAP, STRING, ANY } },
  { "unset", function_set, 2, FALSE, { MAP, STRING } },
  { "pluck", function_pluck, 2, TRUE, { STRING, MAP } },
  { "keys", function_keys, 1, TRUE, { MAP } },
  { "values", function_keys, 1, FALSE, { MAP } },
  { "pick", function_pick_omit, 2, TRUE, { MAP, STRING } },
  { "omit", function_pick_omit, 2, TRUE, { MAP, STRING } },
  { "merge", function_merge, 2, TRUE, { MAP, MAP } },
  { "mustMerge", function_merge, 2, TRUE, { MAP, MAP } },
  { "mergeOverwrite", function_merge, 2, TRUE, { MAP, MAP } },
  { "mustMergeOverwrite", function_merge, 2, TRUE, { MAP, MAP } },
  { "deepCopy", function_deep_copy, 1, FALSE, { ANY } },
  { "mustDeepCopy", function_deep_copy, 1, FALSE, { ANY } },
  { "dig", function_dig, 1, TRUE, { ANY } },
  { NULL }
};
