/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Go's builtin template functions (text/template funcs.go): comparisons
 * with Go's strict typing ("incompatible types for comparison" for eq 1 1.0,
 * which Helm users meet when a values.yaml number is a float64), len,
 * index, not, print, printf, and the table every name is looked up in. */

#include "config.h"

#include <string.h>

#include "strata-template-functions-private.h"

typedef enum
{
  KIND_INVALID,
  KIND_BOOL,
  KIND_INT,
  KIND_FLOAT,
  KIND_STRING,
} BasicKind;

/* indirectInterface: a nil interface{} is no value at all. */
static StrataTemplateValue *
concrete (StrataTemplateValue *value)
{
  return value != NULL && value->type->kind == STRATA_TEMPLATE_KIND_NIL ? NULL : value;
}

static BasicKind
basic_kind (StrataTemplateValue *value)
{
  if (value == NULL)
    return KIND_INVALID;
  switch (value->type->kind)
    {
    case STRATA_TEMPLATE_KIND_BOOL: return KIND_BOOL;
    case STRATA_TEMPLATE_KIND_INT: return KIND_INT;
    case STRATA_TEMPLATE_KIND_FLOAT: return KIND_FLOAT;
    case STRATA_TEMPLATE_KIND_STRING: return KIND_STRING;
    default: return KIND_INVALID;
    }
}

static char *
describe (StrataTemplateValue *value)
{
  return _strata_template_value_to_string (value);
}

static gboolean
equal (StrataTemplateValue  *a,
       StrataTemplateValue  *b,
       gboolean             *truth,
       char                **error_message)
{
  BasicKind ka = basic_kind (a);
  BasicKind kb = basic_kind (b);

  *truth = FALSE;
  if (ka != kb)
    {
      if (a != NULL && b != NULL)
        {
          *error_message = g_strdup ("incompatible types for comparison");
          return FALSE;
        }
      return TRUE;
    }
  switch (ka)
    {
    case KIND_BOOL:
      *truth = a->boolean == b->boolean;
      return TRUE;
    case KIND_INT:
      *truth = a->integer == b->integer;
      return TRUE;
    case KIND_FLOAT:
      *truth = a->number == b->number;
      return TRUE;
    case KIND_STRING:
      *truth = a->string.length == b->string.length &&
               memcmp (a->string.data, b->string.data, a->string.length) == 0;
      return TRUE;
    case KIND_INVALID:
    default:
      if (a == NULL || b == NULL)
        {
          if (a != NULL || b != NULL)
            {
              /* canCompare: one side is nothing, the other a map or slice. */
              *truth = FALSE;
              return TRUE;
            }
          *truth = TRUE;
          return TRUE;
        }
      if (a->type->kind != b->type->kind)
        {
          g_autofree char *shown_a = describe (a);
          g_autofree char *shown_b = describe (b);

          *error_message = g_strdup_printf ("non-comparable types %s: %s, %s: %s",
                                            shown_a, a->type->name, b->type->name, shown_b);
          return FALSE;
        }
      if (b->type->kind == STRATA_TEMPLATE_KIND_MAP || b->type->kind == STRATA_TEMPLATE_KIND_LIST)
        {
          g_autofree char *shown = describe (b);

          *error_message = g_strdup_printf ("non-comparable type %s: %s", shown, b->type->name);
          return FALSE;
        }
      *truth = _strata_template_value_deep_equal (a, b);
      return TRUE;
    }
}

STRATA_TEMPLATE_FUNCTION (function_eq)
{
  StrataTemplateValue *first = concrete (args[0]);

  if (n_args < 2)
    {
      *error_message = g_strdup ("missing argument for comparison");
      return FALSE;
    }
  for (guint i = 1; i < n_args; i++)
    {
      gboolean truth;

      if (!equal (first, concrete (args[i]), &truth, error_message))
        return FALSE;
      if (truth)
        {
          *result = _strata_template_value_new_bool (TRUE);
          return TRUE;
        }
    }
  *result = _strata_template_value_new_bool (FALSE);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_ne)
{
  gboolean truth;

  if (!equal (concrete (args[0]), concrete (args[1]), &truth, error_message))
    return FALSE;
  *result = _strata_template_value_new_bool (!truth);
  return TRUE;
}

static gboolean
less (StrataTemplateValue  *a,
      StrataTemplateValue  *b,
      gboolean             *truth,
      char                **error_message)
{
  BasicKind ka = basic_kind (a);
  BasicKind kb = basic_kind (b);

  if (ka == KIND_INVALID || kb == KIND_INVALID)
    {
      *error_message = g_strdup ("invalid type for comparison");
      return FALSE;
    }
  if (ka != kb)
    {
      *error_message = g_strdup ("incompatible types for comparison");
      return FALSE;
    }
  switch (ka)
    {
    case KIND_INT:
      *truth = a->integer < b->integer;
      return TRUE;
    case KIND_FLOAT:
      *truth = a->number < b->number;
      return TRUE;
    case KIND_STRING:
      {
        int order = memcmp (a->string.data, b->string.data, MIN (a->string.length, b->string.length));

        *truth = order < 0 || (order == 0 && a->string.length < b->string.length);
        return TRUE;
      }
    default:
      *error_message = g_strdup ("invalid type for comparison");
      return FALSE;
    }
}

/* lt, le, gt and ge, as Go derives them from less and equal. */
static gboolean
compare (StrataTemplateValue  *a,
         StrataTemplateValue  *b,
         const char           *op,
         StrataTemplateValue **result,
         char                **error_message)
{
  gboolean truth = FALSE;
  gboolean is_less;

  a = concrete (a);
  b = concrete (b);
  if (!less (a, b, &is_less, error_message))
    return FALSE;
  if (strcmp (op, "lt") == 0)
    truth = is_less;
  else if (strcmp (op, "ge") == 0)
    truth = !is_less;
  else
    {
      gboolean is_equal = FALSE;

      if (!is_less && !equal (a, b, &is_equal, error_message))
        return FALSE;
      truth = is_less || is_equal;
      if (strcmp (op, "gt") == 0)
        truth = !truth;
    }
  *result = _strata_template_value_new_bool (truth);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_compare)
{
  return compare (args[0], args[1], call->name, result, error_message);
}

STRATA_TEMPLATE_FUNCTION (function_not)
{
  gboolean ok;

  *result = _strata_template_value_new_bool (!_strata_template_value_is_true (concrete (args[0]), &ok));
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_and_or)
{
  /* The evaluator short-circuits and and or itself. */
  g_assert_not_reached ();
  return FALSE;
}

STRATA_TEMPLATE_FUNCTION (function_len)
{
  StrataTemplateValue *item = args[0];

  if (item == NULL)
    {
      *error_message = g_strdup ("reflect: call of reflect.Value.Type on zero Value");
      return FALSE;
    }
  switch (item->type->kind)
    {
    case STRATA_TEMPLATE_KIND_NIL:
      *error_message = g_strdup ("len of nil pointer");
      return FALSE;
    case STRATA_TEMPLATE_KIND_STRING:
    case STRATA_TEMPLATE_KIND_LIST:
    case STRATA_TEMPLATE_KIND_MAP:
      *result = _strata_template_value_new_int (_strata_template_value_length (item));
      return TRUE;
    default:
      *error_message = g_strdup_printf ("len of type %s", item->type->name);
      return FALSE;
    }
}

static gboolean
index_argument (StrataTemplateValue  *index,
                guint                 length,
                gint64               *position,
                char                **error_message)
{
  if (index == NULL)
    {
      *error_message = g_strdup ("cannot index slice/array with nil");
      return FALSE;
    }
  if (index->type->kind != STRATA_TEMPLATE_KIND_INT)
    {
      *error_message = g_strdup_printf ("cannot index slice/array with type %s", index->type->name);
      return FALSE;
    }
  if (index->integer < 0 || index->integer > length)
    {
      *error_message = g_strdup_printf ("index out of range: %" G_GINT64_FORMAT, index->integer);
      return FALSE;
    }
  *position = index->integer;
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_index)
{
  g_autoptr(StrataTemplateValue) item = _strata_template_value_ref (concrete (args[0]));

  if (item == NULL)
    {
      *error_message = g_strdup ("index of untyped nil");
      return FALSE;
    }
  for (guint i = 1; i < n_args; i++)
    {
      StrataTemplateValue *index = concrete (args[i]);
      StrataTemplateValue *next = NULL;
      gint64 position;

      switch (item->type->kind)
        {
        case STRATA_TEMPLATE_KIND_NIL:
          *error_message = g_strdup ("index of nil pointer");
          return FALSE;
        case STRATA_TEMPLATE_KIND_LIST:
        case STRATA_TEMPLATE_KIND_STRING:
          if (!index_argument (index, _strata_template_value_length (item), &position, error_message))
            return FALSE;
          if (position == _strata_template_value_length (item))
            {
              *error_message = g_strdup_printf ("reflect: slice index out of range");
              return FALSE;
            }
          if (item->type->kind == STRATA_TEMPLATE_KIND_LIST)
            next = _strata_template_value_ref (g_ptr_array_index (item->list, position));
          else
            {
              next = _strata_template_value_new_int ((guchar)item->string.data[position]);
              next->type = &_strata_template_type_uint8;
            }
          break;
        case STRATA_TEMPLATE_KIND_MAP:
          if (index == NULL)
            {
              *error_message = g_strdup ("value is nil; should be of type string");
              return FALSE;
            }
          if (index->type->kind != STRATA_TEMPLATE_KIND_STRING)
            {
              *error_message = g_strdup_printf ("value has type %s; should be string", index->type->name);
              return FALSE;
            }
          next = g_hash_table_lookup (item->map, index->string.data);
          if (next != NULL)
            _strata_template_value_ref (next);
          else if (item->type == &_strata_template_type_string_map)
            next = _strata_template_value_new_string ("", 0);
          else
            next = _strata_template_value_nil ();
          break;
        default:
          *error_message = g_strdup_printf ("can't index item of type %s", item->type->name);
          return FALSE;
        }
      _strata_template_value_unref (item);
      item = next;
    }
  *result = g_steal_pointer (&item);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_print)
{
  char *text = _strata_template_sprint (args, n_args, strcmp (call->name, "println") == 0);

  *result = _strata_template_value_take_string (text, -1);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (function_printf)
{
  gsize length;
  char *text = _strata_template_sprintf (ARG_STRING (0), ARG_STRING_LENGTH (0), args + 1, n_args - 1, &length);

  *result = _strata_template_value_take_string (text, length);
  return TRUE;
}

/* html and urlquery escape what Sprint would print, nil arguments
 * printed as "<no value>" (text/template's evalArgs). */
STRATA_TEMPLATE_FUNCTION (function_escape)
{
  g_autofree char *text = NULL;
  GString *out = g_string_new (NULL);

  if (n_args == 1 && args[0] != NULL && args[0]->type->kind == STRATA_TEMPLATE_KIND_STRING)
    text = g_strndup (ARG_STRING (0), ARG_STRING_LENGTH (0));
  else
    {
      g_autoptr(GPtrArray) printable = g_ptr_array_new_with_free_func ((GDestroyNotify)_strata_template_value_unref);

      for (guint i = 0; i < n_args; i++)
        g_ptr_array_add (printable, args[i]->type->kind == STRATA_TEMPLATE_KIND_NIL
                                    ? _strata_template_value_new_string ("<no value>", -1)
                                    : _strata_template_value_ref (args[i]));
      text = _strata_template_sprint ((StrataTemplateValue **)printable->pdata, printable->len, FALSE);
    }

  if (strcmp (call->name, "urlquery") == 0)
    {
      for (const char *p = text; *p != '\0'; p++)
        {
          if (g_ascii_isalnum (*p) || strchr ("-_.~", *p) != NULL)
            g_string_append_c (out, *p);
          else if (*p == ' ')
            g_string_append_c (out, '+');
          else
            g_string_append_printf (out, "%%%02X", (guchar)*p);
        }
    }
  else
    {
      for (const char *p = text; *p != '\0'; p++)
        switch (*p)
          {
          case '"': g_string_append (out, "&#34;"); break;
          case '\'': g_string_append (out, "&#39;"); break;
          case '&': g_string_append (out, "&amp;"); break;
          case '<': g_string_append (out, "&lt;"); break;
          case '>': g_string_append (out, "&gt;"); break;
          default: g_string_append_c (out, *p);
          }
    }
  *result = _strata_template_string_result (out);
  return TRUE;
}

const StrataTemplateFunction _strata_template_builtin_functions[] = {
  { "and", function_and_or, 2, TRUE, { VALUE, VALUE } },
  { "or", function_and_or, 2, TRUE, { VALUE, VALUE } },
  { "not", function_not, 1, FALSE, { VALUE } },
  { "len", function_len, 1, FALSE, { VALUE } },
  { "index", function_index, 2, TRUE, { VALUE, VALUE } },
  { "print", function_print, 1, TRUE, { ANY } },
  { "println", function_print, 1, TRUE, { ANY } },
  { "printf", function_printf, 2, TRUE, { STRING, ANY } },
  { "html", function_escape, 1, TRUE, { ANY } },
  { "urlquery", function_escape, 1, TRUE, { ANY } },
  { "eq", function_eq, 2, TRUE, { VALUE, VALUE } },
  { "ne", function_ne, 2, FALSE, { VALUE, VALUE } },
  { "lt", function_compare, 2, FALSE, { VALUE, VALUE } },
  { "le", function_compare, 2, FALSE, { VALUE, VALUE } },
  { "gt", function_compare, 2, FALSE, { VALUE, VALUE } },
  { "ge", function_compare, 2, FALSE, { VALUE, VALUE } },
  { NULL }
};

/* Sprig and Helm functions outside the engine. Charts that use them are
 * refused with a message that says so, and suggests helm. */
static const char * const unsupported[] = {
  "abbrevboth", "add1f", "addf", "ago", "bcrypt", "buildCustomCert", "call", "camelcase", "chunk",
  "date", "dateInZone", "dateModify", "date_in_zone", "date_modify", "decryptAES", "derivePassword",
  "divf", "duration", "durationRound", "encryptAES", "fromToml", "genCA", "genCAWithKey",
  "genPrivateKey", "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert",
  "genSignedCertWithKey", "hello", "htmlDate", "htmlDateInZone", "htpasswd", "js", "kebabcase",
  "mulf", "mustChunk", "mustDateModify", "mustToDate", "must_date_modify", "now", "randBytes",
  "randSeededNumeric", "semver", "shuffle", "snakecase", "subf", "toDate", "toToml", "toYamlPretty",
  "unixEpoch", "urlJoin", "urlParse", "wrap", "wrapWith",
  NULL
};

static GHashTable *
function_table (void)
{
  static gsize initialized = 0;
  static GHashTable *table = NULL;

  if (g_once_init_enter (&initialized))
    {
      const StrataTemplateFunction *tables[] = {
        _strata_template_builtin_functions,
        _strata_template_string_functions,
        _strata_template_data_functions,
        _strata_template_number_functions,
        _strata_template_helm_functions,
      };

      table = g_hash_table_new (g_str_hash, g_str_equal);
      /* Later tables win, as sprig's functions shadow Go's and Helm's
       * shadow sprig's. */
      for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
        for (const StrataTemplateFunction *function = tables[i]; function->name != NULL; function++)
          g_hash_table_replace (table, (gpointer)function->name, (gpointer)function);
      g_once_init_leave (&initialized, 1);
    }
  return table;
}

const StrataTemplateFunction *
_strata_template_functions_lookup (const char *name)
{
  return g_hash_table_lookup (function_table (), name);
}

gboolean
_strata_template_functions_is_unsupported (const char *name)
{
  return g_strv_contains (unsupported, name);
}
