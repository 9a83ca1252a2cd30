/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Template values: Go's dynamic types as the template sees them, with
 * reference counts standing in for Go's garbage collector. Maps are shared
 * and mutable, as Go maps are: sprig's set and merge change a map every
 * holder sees. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-template-value-private.h"

const StrataTemplateType _strata_template_type_nil = { "<nil>", STRATA_TEMPLATE_KIND_NIL, "invalid" };
const StrataTemplateType _strata_template_type_bool = { "bool", STRATA_TEMPLATE_KIND_BOOL, "bool" };
const StrataTemplateType _strata_template_type_int = { "int", STRATA_TEMPLATE_KIND_INT, "int" };
const StrataTemplateType _strata_template_type_int64 = { "int64", STRATA_TEMPLATE_KIND_INT, "int64" };
const StrataTemplateType _strata_template_type_float64 = { "float64", STRATA_TEMPLATE_KIND_FLOAT, "float64" };
const StrataTemplateType _strata_template_type_string = { "string", STRATA_TEMPLATE_KIND_STRING, "string" };
const StrataTemplateType _strata_template_type_list = { "[]interface {}", STRATA_TEMPLATE_KIND_LIST, "slice" };
const StrataTemplateType _strata_template_type_string_list = { "[]string", STRATA_TEMPLATE_KIND_LIST, "slice" };
const StrataTemplateType _strata_template_type_int_list = { "[]int", STRATA_TEMPLATE_KIND_LIST, "slice" };
const StrataTemplateType _strata_template_type_map = { "map[string]interface {}", STRATA_TEMPLATE_KIND_MAP, "map" };
const StrataTemplateType _strata_template_type_string_map = { "map[string]string", STRATA_TEMPLATE_KIND_MAP, "map" };
const StrataTemplateType _strata_template_type_uint8 = { "uint8", STRATA_TEMPLATE_KIND_INT, "uint8" };

static StrataTemplateValue nil_value = { G_MAXUINT / 2, &_strata_template_type_nil, { 0 } };

static StrataTemplateValue *
value_new (const StrataTemplateType *type)
{
  StrataTemplateValue *value = g_new0 (StrataTemplateValue, 1);

  value->ref_count = 1;
  value->type = type;
  return value;
}

StrataTemplateValue *
_strata_template_value_ref (StrataTemplateValue *value)
{
  if (value != NULL && value != &nil_value)
    value->ref_count++;
  return value;
}

void
_strata_template_value_unref (StrataTemplateValue *value)
{
  if (value == NULL || value == &nil_value || --value->ref_count > 0)
    return;

  switch (value->type->kind)
    {
    case STRATA_TEMPLATE_KIND_STRING:
      g_free (value->string.data);
      break;
    case STRATA_TEMPLATE_KIND_LIST:
      g_ptr_array_unref (value->list);
      break;
    case STRATA_TEMPLATE_KIND_MAP:
      g_hash_table_unref (value->map);
      break;
    case STRATA_TEMPLATE_KIND_STRUCT:
      for (guint i = 0; i < value->type->n_fields; i++)
        _strata_template_value_unref (value->fields[i]);
      g_free (value->fields);
      break;
    default:
      break;
    }
  g_free (value);
}

StrataTemplateValue *
_strata_template_value_nil (void)
{
  return &nil_value;
}

StrataTemplateValue *
_strata_template_value_new_bool (gboolean boolean)
{
  StrataTemplateValue *value = value_new (&_strata_template_type_bool);

  value->boolean = !!boolean;
  return value;
}

StrataTemplateValue *
_strata_template_value_new_int (gint64 integer)
{
  StrataTemplateValue *value = value_new (&_strata_template_type_int);

  value->integer = integer;
  return value;
}

StrataTemplateValue *
_strata_template_value_new_int64 (gint64 integer)
{
  StrataTemplateValue *value = value_new (&_strata_template_type_int64);

  value->integer = integer;
  return value;
}

StrataTemplateValue *
_strata_template_value_new_float (double number)
{
  StrataTemplateValue *value = value_new (&_strata_template_type_float64);

  value->number = number;
  return value;
}

StrataTemplateValue *
_strata_template_value_new_string (const char *data,
                                   gssize      length)
{
  if (length < 0)
    length = strlen (data);
  return _strata_template_value_take_string (g_strndup (data != NULL ? data : "", length), length);
}

StrataTemplateValue *
_strata_template_value_take_string (char   *data,
                                    gssize  length)
{
  StrataTemplateValue *value = value_new (&_strata_template_type_string);

  if (data == NULL)
    data = g_strdup ("");
  value->string.data = data;
  value->string.length = length < 0 ? strlen (data) : (gsize)length;
  return value;
}

StrataTemplateValue *
_strata_template_value_new_list (const StrataTemplateType *type)
{
  StrataTemplateValue *value = value_new (type != NULL ? type : &_strata_template_type_list);

  g_assert (value->type->kind == STRATA_TEMPLATE_KIND_LIST);
  value->list = g_ptr_array_new_with_free_func ((GDestroyNotify)_strata_template_value_unref);
  return value;
}

StrataTemplateValue *
_strata_template_value_new_map (const StrataTemplateType *type)
{
  StrataTemplateValue *value = value_new (type != NULL ? type : &_strata_template_type_map);

  g_assert (value->type->kind == STRATA_TEMPLATE_KIND_MAP);
  value->map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)_strata_template_value_unref);
  return value;
}

/* Another Go type over the same map (a conversion, as AsMap does). */
StrataTemplateValue *
_strata_template_value_retype_map (StrataTemplateValue      *map,
                                   const StrataTemplateType *type)
{
  StrataTemplateValue *value = value_new (type);

  g_assert (map->type->kind == STRATA_TEMPLATE_KIND_MAP && type->kind == STRATA_TEMPLATE_KIND_MAP);
  value->map = g_hash_table_ref (map->map);
  return value;
}

StrataTemplateValue *
_strata_template_value_new_struct (const StrataTemplateType *type)
{
  StrataTemplateValue *value = value_new (type);

  g_assert (type->kind == STRATA_TEMPLATE_KIND_STRUCT);
  value->fields = g_new0 (StrataTemplateValue *, type->n_fields);
  return value;
}

void
_strata_template_value_list_take (StrataTemplateValue *list,
                                  StrataTemplateValue *item)
{
  g_ptr_array_add (list->list, item != NULL ? item : _strata_template_value_nil ());
}

void
_strata_template_value_map_take (StrataTemplateValue *map,
                                 const char          *key,
                                 StrataTemplateValue *item)
{
  g_hash_table_replace (map->map, g_strdup (key), item != NULL ? item : _strata_template_value_nil ());
}

StrataTemplateValue *
_strata_template_value_map_lookup (StrataTemplateValue *map,
                                   const char          *key)
{
  if (map == NULL || map->type->kind != STRATA_TEMPLATE_KIND_MAP)
    return NULL;
  return g_hash_table_lookup (map->map, key);
}

void
_strata_template_value_struct_take (StrataTemplateValue *structure,
                                    const char          *field,
                                    StrataTemplateValue *item)
{
  for (guint i = 0; i < structure->type->n_fields; i++)
    if (strcmp (structure->type->fields[i].name, field) == 0)
      {
        _strata_template_value_unref (structure->fields[i]);
        structure->fields[i] = item;
        return;
      }
  g_assert_not_reached ();
}

/* A field, or a field of an embedded struct, as Go promotes them. */
StrataTemplateValue *
_strata_template_value_struct_lookup (StrataTemplateValue *structure,
                                      const char          *field,
                                      gboolean            *found)
{
  *found = FALSE;
  for (guint i = 0; i < structure->type->n_fields; i++)
    if (strcmp (structure->type->fields[i].name, field) == 0)
      {
        *found = TRUE;
        return structure->fields[i];
      }
  for (guint i = 0; i < structure->type->n_fields; i++)
    if (structure->type->fields[i].embedded && structure->fields[i] != NULL &&
        structure->fields[i]->type->kind == STRATA_TEMPLATE_KIND_STRUCT)
      {
        StrataTemplateValue *value = _strata_template_value_struct_lookup (structure->fields[i], field, found);

        if (*found)
          return value;
      }
  return NULL;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

GPtrArray *
_strata_template_value_sorted_keys (StrataTemplateValue *map)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, map->map);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys);
  return keys;
}

guint
_strata_template_value_length (StrataTemplateValue *value)
{
  switch (value->type->kind)
    {
    case STRATA_TEMPLATE_KIND_STRING:
      return value->string.length;
    case STRATA_TEMPLATE_KIND_LIST:
      return value->list->len;
    case STRATA_TEMPLATE_KIND_MAP:
      return g_hash_table_size (value->map);
    default:
      return 0;
    }
}

StrataTemplateValue *
_strata_template_value_from_json (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return _strata_template_value_nil ();

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      StrataTemplateValue *map = _strata_template_value_new_map (NULL);
      JsonObjectIter iter;
      const char *member;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &child))
        _strata_template_value_map_take (map, member, _strata_template_value_from_json (child));
      return map;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      StrataTemplateValue *list = _strata_template_value_new_list (NULL);
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        _strata_template_value_list_take (list, _strata_template_value_from_json (json_array_get_element (array, i)));
      return list;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return _strata_template_value_new_bool (json_node_get_boolean (node));
    case G_TYPE_INT64:
      /* Helm reads values through encoding/json: every number is a float64. */
      return _strata_template_value_new_float ((double)json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return _strata_template_value_new_float (json_node_get_double (node));
    case G_TYPE_STRING:
      return _strata_template_value_new_string (json_node_get_string (node), -1);
    default:
      return _strata_template_value_nil ();
    }
}

/* Templates can build maps that hold themselves ("set $d "me" $d"); Go's
 * recursion would never end on those, ours stops this deep. */
#define MAX_DEPTH 1000

static StrataTemplateValue *
deep_copy (StrataTemplateValue *value,
           int                  depth)
{
  StrataTemplateValue *copy;

  if (value == NULL)
    return NULL;
  if (depth > MAX_DEPTH)
    return _strata_template_value_ref (value);

  switch (value->type->kind)
    {
    case STRATA_TEMPLATE_KIND_LIST:
      copy = _strata_template_value_new_list (value->type);
      for (guint i = 0; i < value->list->len; i++)
        _strata_template_value_list_take (copy, deep_copy (g_ptr_array_index (value->list, i), depth + 1));
      return copy;

    case STRATA_TEMPLATE_KIND_MAP:
      {
        GHashTableIter iter;
        gpointer key, item;

        copy = _strata_template_value_new_map (value->type);
        g_hash_table_iter_init (&iter, value->map);
        while (g_hash_table_iter_next (&iter, &key, &item))
          _strata_template_value_map_take (copy, key, deep_copy (item, depth + 1));
        return copy;
      }

    default:
      /* Everything else is immutable, so sharing it is a copy. */
      return _strata_template_value_ref (value);
    }
}

StrataTemplateValue *
_strata_template_value_deep_copy (StrataTemplateValue *value)
{
  return deep_copy (value, 0);
}

static gboolean
contains (StrataTemplateValue *haystack,
          StrataTemplateValue *needle,
          int                  depth)
{
  if (haystack == needle)
    return TRUE;
  if (haystack == NULL || depth > MAX_DEPTH)
    return FALSE;
  switch (haystack->type->kind)
    {
    case STRATA_TEMPLATE_KIND_LIST:
      for (guint i = 0; i < haystack->list->len; i++)
        if (contains (g_ptr_array_index (haystack->list, i), needle, depth + 1))
          return TRUE;
      return FALSE;
    case STRATA_TEMPLATE_KIND_MAP:
      {
        GHashTableIter iter;
        gpointer item;

        g_hash_table_iter_init (&iter, haystack->map);
        while (g_hash_table_iter_next (&iter, NULL, &item))
          if (contains (item, needle, depth + 1))
            return TRUE;
        return FALSE;
      }
    case STRATA_TEMPLATE_KIND_STRUCT:
      for (guint i = 0; i < haystack->type->n_fields; i++)
        if (contains (haystack->fields[i], needle, depth + 1))
          return TRUE;
      return FALSE;
    default:
      return FALSE;
    }
}

/* Whether @needle is @haystack or inside it: a map that would come to
 * hold itself is refused, since reference counts never free a cycle. */
gboolean
_strata_template_value_contains (StrataTemplateValue *haystack,
                                 StrataTemplateValue *needle)
{
  return contains (haystack, needle, 0);
}

const char *
_strata_template_value_type_name (StrataTemplateValue *value)
{
  return value == NULL ? "<nil>" : value->type->name;
}

const char *
_strata_template_value_kind_name (StrataTemplateValue *value)
{
  return value == NULL ? "invalid" : value->type->reflect_kind;
}

gboolean
_strata_template_value_is_true (StrataTemplateValue *value,
                                gboolean            *ok)
{
  *ok = TRUE;
  if (value == NULL)
    return FALSE;

  switch (value->type->kind)
    {
    case STRATA_TEMPLATE_KIND_NIL:
      return FALSE;
    case STRATA_TEMPLATE_KIND_BOOL:
      return value->boolean;
    case STRATA_TEMPLATE_KIND_INT:
      return value->integer != 0;
    case STRATA_TEMPLATE_KIND_FLOAT:
      return value->number != 0;
    case STRATA_TEMPLATE_KIND_STRING:
    case STRATA_TEMPLATE_KIND_LIST:
    case STRATA_TEMPLATE_KIND_MAP:
      return _strata_template_value_length (value) > 0;
    case STRATA_TEMPLATE_KIND_STRUCT:
      return TRUE;
    default:
      *ok = FALSE;
      return FALSE;
    }
}

gboolean
_strata_template_value_is_empty (StrataTemplateValue *value)
{
  gboolean ok;

  /* sprig's empty() is isTrue's opposite, and structs are never empty. */
  return !_strata_template_value_is_true (value, &ok);
}

static gboolean
deep_equal (StrataTemplateValue *a,
            StrataTemplateValue *b,
            int                  depth)
{
  if (depth > MAX_DEPTH)
    return a == b;
  if (a == NULL || b == NULL)
    return a == b || (a != NULL && a->type->kind == STRATA_TEMPLATE_KIND_NIL) ||
           (b != NULL && b->type->kind == STRATA_TEMPLATE_KIND_NIL);
  if (a->type != b->type)
    return FALSE;

  switch (a->type->kind)
    {
    case STRATA_TEMPLATE_KIND_NIL:
      return TRUE;
    case STRATA_TEMPLATE_KIND_BOOL:
      return a->boolean == b->boolean;
    case STRATA_TEMPLATE_KIND_INT:
      return a->integer == b->integer;
    case STRATA_TEMPLATE_KIND_FLOAT:
      return a->number == b->number;
    case STRATA_TEMPLATE_KIND_STRING:
      return a->string.length == b->string.length &&
             memcmp (a->string.data, b->string.data, a->string.length) == 0;
    case STRATA_TEMPLATE_KIND_LIST:
      if (a->list->len != b->list->len)
        return FALSE;
      for (guint i = 0; i < a->list->len; i++)
        if (!deep_equal (g_ptr_array_index (a->list, i), g_ptr_array_index (b->list, i), depth + 1))
          return FALSE;
      return TRUE;
    case STRATA_TEMPLATE_KIND_MAP:
      {
        GHashTableIter iter;
        gpointer key, item;

        if (g_hash_table_size (a->map) != g_hash_table_size (b->map))
          return FALSE;
        g_hash_table_iter_init (&iter, a->map);
        while (g_hash_table_iter_next (&iter, &key, &item))
          {
            StrataTemplateValue *other = g_hash_table_lookup (b->map, key);

            if (other == NULL || !deep_equal (item, other, depth + 1))
              return FALSE;
          }
        return TRUE;
      }
    case STRATA_TEMPLATE_KIND_STRUCT:
      for (guint i = 0; i < a->type->n_fields; i++)
        if (!deep_equal (a->fields[i], b->fields[i], depth + 1))
          return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
_strata_template_value_deep_equal (StrataTemplateValue *a,
                                   StrataTemplateValue *b)
{
  return deep_equal (a, b, 0);
}

char *
_strata_template_value_to_string (StrataTemplateValue *value)
{
  g_autoptr(GString) out = g_string_new (NULL);

  /* sprig's strval: strings as they are, everything else through %v. */
  if (value != NULL && value->type->kind == STRATA_TEMPLATE_KIND_STRING)
    return g_strndup (value->string.data, value->string.length);
  _strata_template_value_print (out, value);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

JsonNode *
_strata_template_value_to_json (StrataTemplateValue *value)
{
  JsonNode *node;

  if (value == NULL || value->type->kind == STRATA_TEMPLATE_KIND_NIL)
    return json_node_new (JSON_NODE_NULL);

  switch (value->type->kind)
    {
    case STRATA_TEMPLATE_KIND_BOOL:
      return json_node_init_boolean (json_node_alloc (), value->boolean);
    case STRATA_TEMPLATE_KIND_INT:
      return json_node_init_int (json_node_alloc (), value->integer);
    case STRATA_TEMPLATE_KIND_FLOAT:
      return json_node_init_double (json_node_alloc (), value->number);
    case STRATA_TEMPLATE_KIND_STRING:
      return json_node_init_string (json_node_alloc (), value->string.data);
    case STRATA_TEMPLATE_KIND_LIST:
      {
        JsonArray *array = json_array_sized_new (value->list->len);

        for (guint i = 0; i < value->list->len; i++)
          json_array_add_element (array, _strata_template_value_to_json (g_ptr_array_index (value->list, i)));
        node = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        return node;
      }
    case STRATA_TEMPLATE_KIND_MAP:
      {
        JsonObject *object = json_object_new ();
        g_autoptr(GPtrArray) keys = _strata_template_value_sorted_keys (value);

        for (guint i = 0; i < keys->len; i++)
          json_object_set_member (object, keys->pdata[i],
                                  _strata_template_value_to_json (g_hash_table_lookup (value->map, keys->pdata[i])));
        node = json_node_init_object (json_node_alloc (), object);
        json_object_unref (object);
        return node;
      }
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}
