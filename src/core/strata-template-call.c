/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Calling functions and methods, as exec.go's evalCall does: argument
 * counts, Go's assignability rules for each parameter (a float64 from
 * values.yaml is not an int, a missing value is not a string), the
 * short-circuit of and/or, and "error calling NAME: …". Also include and
 * tpl, which run templates from inside a function. */

#include "config.h"

#include <string.h>

#include "strata-template-exec-private.h"

/* Helm refuses to include one name more than this deep. */
#define MAX_INCLUDE_DEPTH 1000

static const char *
param_type_name (StrataTemplateParam param)
{
  switch (param)
    {
    case STRATA_TEMPLATE_PARAM_ANY: return "interface {}";
    case STRATA_TEMPLATE_PARAM_VALUE: return "reflect.Value";
    case STRATA_TEMPLATE_PARAM_STRING: return "string";
    case STRATA_TEMPLATE_PARAM_INT: return "int";
    case STRATA_TEMPLATE_PARAM_FLOAT: return "float64";
    case STRATA_TEMPLATE_PARAM_BOOL: return "bool";
    case STRATA_TEMPLATE_PARAM_MAP: return "map[string]interface {}";
    case STRATA_TEMPLATE_PARAM_LIST: return "[]interface {}";
    default: g_assert_not_reached ();
    }
}

static gboolean
assignable (StrataTemplateValue *value,
            StrataTemplateParam  param)
{
  switch (param)
    {
    case STRATA_TEMPLATE_PARAM_ANY:
    case STRATA_TEMPLATE_PARAM_VALUE:
      return TRUE;
    case STRATA_TEMPLATE_PARAM_STRING:
      return value->type == &_strata_template_type_string;
    case STRATA_TEMPLATE_PARAM_INT:
      return value->type == &_strata_template_type_int;
    case STRATA_TEMPLATE_PARAM_FLOAT:
      return value->type == &_strata_template_type_float64;
    case STRATA_TEMPLATE_PARAM_BOOL:
      return value->type == &_strata_template_type_bool;
    case STRATA_TEMPLATE_PARAM_MAP:
      /* map[string]interface{} and Helm's chartutil.Values, built on it. */
      return value->type == &_strata_template_type_map || value->type == &_strata_template_type_values;
    case STRATA_TEMPLATE_PARAM_LIST:
      return value->type == &_strata_template_type_list;
    default:
      return FALSE;
    }
}

static gboolean
can_be_nil (StrataTemplateParam param)
{
  return param == STRATA_TEMPLATE_PARAM_ANY || param == STRATA_TEMPLATE_PARAM_VALUE ||
         param == STRATA_TEMPLATE_PARAM_MAP || param == STRATA_TEMPLATE_PARAM_LIST;
}

/* validateType: takes @value (transfer full) and gives what the function
 * receives, or fails. */
static gboolean
validate_type (StrataTemplateState  *state,
               StrataTemplateValue  *value,
               StrataTemplateParam   param,
               StrataTemplateValue **result)
{
  *result = NULL;
  if (value == NULL)
    {
      if (param == STRATA_TEMPLATE_PARAM_VALUE)
        return TRUE;
      if (can_be_nil (param))
        {
          *result = _strata_template_value_nil ();
          return TRUE;
        }
      _strata_template_state_fail (state, "invalid value; expected %s", param_type_name (param));
      return FALSE;
    }
  if (value->type->kind == STRATA_TEMPLATE_KIND_NIL)
    {
      if (param == STRATA_TEMPLATE_PARAM_ANY || param == STRATA_TEMPLATE_PARAM_VALUE)
        {
          *result = value;
          return TRUE;
        }
      _strata_template_state_fail (state, "wrong type for value; expected %s; got interface {}",
                                   param_type_name (param));
      _strata_template_value_unref (value);
      return FALSE;
    }
  if (!assignable (value, param))
    {
      _strata_template_state_fail (state, "wrong type for value; expected %s; got %s",
                                   param_type_name (param), value->type->name);
      _strata_template_value_unref (value);
      return FALSE;
    }
  *result = value;
  return TRUE;
}

static gboolean
literal_argument (StrataTemplateState  *state,
                  StrataTemplateValue  *dot,
                  StrataTemplateNode   *node,
                  StrataTemplateParam   param,
                  StrataTemplateValue **result)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  const char *expected = NULL;

  _strata_template_node_write (shown, node);
  switch (param)
    {
    case STRATA_TEMPLATE_PARAM_BOOL:
      if (node->type == STRATA_TEMPLATE_NODE_BOOL)
        {
          *result = _strata_template_value_new_bool (node->boolean);
          return TRUE;
        }
      expected = "bool";
      break;
    case STRATA_TEMPLATE_PARAM_FLOAT:
      if (node->type == STRATA_TEMPLATE_NODE_NUMBER && node->number.is_float)
        {
          *result = _strata_template_value_new_float (node->number.float64);
          return TRUE;
        }
      expected = "float";
      break;
    case STRATA_TEMPLATE_PARAM_INT:
      if (node->type == STRATA_TEMPLATE_NODE_NUMBER && node->number.is_int)
        {
          *result = _strata_template_value_new_int (node->number.int64);
          return TRUE;
        }
      expected = "integer";
      break;
    case STRATA_TEMPLATE_PARAM_STRING:
      if (node->type == STRATA_TEMPLATE_NODE_STRING)
        {
          *result = _strata_template_value_new_string (node->string.text, node->string.length);
          return TRUE;
        }
      expected = "string";
      break;
    case STRATA_TEMPLATE_PARAM_ANY:
    case STRATA_TEMPLATE_PARAM_VALUE:
      switch (node->type)
        {
        case STRATA_TEMPLATE_NODE_BOOL:
          *result = _strata_template_value_new_bool (node->boolean);
          return TRUE;
        case STRATA_TEMPLATE_NODE_NUMBER:
          return _strata_template_ideal_constant (state, node, result);
        case STRATA_TEMPLATE_NODE_STRING:
          *result = _strata_template_value_new_string (node->string.text, node->string.length);
          return TRUE;
        default:
          _strata_template_state_fail (state, "can't handle assignment of %s to empty interface argument",
                                       shown->str);
          return FALSE;
        }
    default:
      _strata_template_state_fail (state, "can't handle %s for arg of type %s", shown->str,
                                   param_type_name (param));
      return FALSE;
    }
  _strata_template_state_fail (state, "expected %s; found %s", expected, shown->str);
  return FALSE;
}

/* evalArg: one argument node, evaluated for a parameter of type @param. */
static gboolean
eval_argument (StrataTemplateState  *state,
               StrataTemplateValue  *dot,
               StrataTemplateNode   *node,
               StrataTemplateParam   param,
               StrataTemplateValue **result)
{
  StrataTemplateValue *value = NULL;
  gboolean ok;

  *result = NULL;
  _strata_template_state_at (state, node);
  switch (node->type)
    {
    case STRATA_TEMPLATE_NODE_DOT:
      return validate_type (state, _strata_template_value_ref (dot), param, result);
    case STRATA_TEMPLATE_NODE_NIL:
      if (param == STRATA_TEMPLATE_PARAM_VALUE)
        return TRUE;
      if (can_be_nil (param))
        {
          *result = _strata_template_value_nil ();
          return TRUE;
        }
      _strata_template_state_fail (state, "cannot assign nil to %s", param_type_name (param));
      return FALSE;
    case STRATA_TEMPLATE_NODE_FIELD:
      {
        g_autoptr(GPtrArray) args = g_ptr_array_new ();

        g_ptr_array_add (args, node);
        ok = _strata_template_eval_field_node (state, dot, node, args, _strata_template_missing, &value);
        break;
      }
    case STRATA_TEMPLATE_NODE_VARIABLE:
      ok = _strata_template_eval_variable_node (state, dot, node, NULL, _strata_template_missing, &value);
      break;
    case STRATA_TEMPLATE_NODE_PIPE:
      ok = _strata_template_eval_pipeline (state, dot, node, &value);
      break;
    case STRATA_TEMPLATE_NODE_IDENTIFIER:
      ok = _strata_template_eval_function (state, dot, node, node, NULL, _strata_template_missing, &value);
      break;
    case STRATA_TEMPLATE_NODE_CHAIN:
      ok = _strata_template_eval_chain_node (state, dot, node, NULL, _strata_template_missing, &value);
      break;
    default:
      return literal_argument (state, dot, node, param, result);
    }
  if (!ok)
    {
      _strata_template_value_unref (value);
      return FALSE;
    }
  return validate_type (state, value, param, result);
}

static StrataTemplateParam
param_at (const StrataTemplateFunction *function,
          guint                         index)
{
  if (function->variadic && index >= function->n_params - 1)
    return function->params[function->n_params - 1];
  return function->params[index];
}

gboolean
_strata_template_eval_call (StrataTemplateState           *state,
                            StrataTemplateValue           *dot,
                            const StrataTemplateFunction  *function,
                            StrataTemplateValue           *receiver,
                            StrataTemplateNode            *node,
                            GPtrArray                     *args,
                            StrataTemplateValue           *final,
                            StrataTemplateValue          **result)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func ((GDestroyNotify)_strata_template_value_unref);
  g_autofree char *error_message = NULL;
  StrataTemplateCall call = { state, function->name };
  guint n_args = args != NULL ? args->len - 1 : 0;
  guint n_in = n_args + (final != _strata_template_missing ? 1 : 0);
  guint n_fixed = n_args;
  guint i;

  *result = NULL;
  if (function->variadic)
    {
      n_fixed = function->n_params - 1;
      if (n_in < n_fixed)
        {
          _strata_template_state_fail (state, "wrong number of args for %s: want at least %u got %u",
                                       function->name, function->n_params - 1, n_args);
          return FALSE;
        }
    }
  else if (n_in != function->n_params)
    {
      _strata_template_state_fail (state, "wrong number of args for %s: want %u got %u",
                                   function->name, function->n_params, n_in);
      return FALSE;
    }

  /* and/or evaluate their arguments only as far as they need to. */
  if (receiver == NULL && (strcmp (function->name, "and") == 0 || strcmp (function->name, "or") == 0))
    {
      gboolean is_or = function->name[0] == 'o';
      StrataTemplateValue *value = NULL;

      for (i = 0; i < n_args; i++)
        {
          gboolean ok;

          _strata_template_value_unref (value);
          value = NULL;
          if (!eval_argument (state, dot, g_ptr_array_index (args, i + 1), STRATA_TEMPLATE_PARAM_VALUE, &value))
            return FALSE;
          if (_strata_template_value_is_true (value, &ok) == is_or)
            {
              *result = value;
              return TRUE;
            }
        }
      if (final != _strata_template_missing)
        {
          _strata_template_value_unref (value);
          value = _strata_template_value_ref (final);
        }
      *result = value;
      return TRUE;
    }

  if (receiver != NULL)
    g_ptr_array_add (argv, _strata_template_value_ref (receiver));
  for (i = 0; i < n_args; i++)
    {
      StrataTemplateValue *value = NULL;

      if (!eval_argument (state, dot, g_ptr_array_index (args, i + 1), param_at (function, i), &value))
        return FALSE;
      g_ptr_array_add (argv, value);
    }
  if (final != _strata_template_missing)
    {
      StrataTemplateValue *value = NULL;

      if (!validate_type (state, _strata_template_value_ref (final), param_at (function, n_in - 1), &value))
        return FALSE;
      g_ptr_array_add (argv, value);
    }

  if (!function->impl (&call, (StrataTemplateValue **)argv->pdata, argv->len, result, &error_message))
    {
      _strata_template_state_at (state, node);
      _strata_template_state_fail (state, "error calling %s: %s", function->name, error_message);
      return FALSE;
    }
  /* A function may fail inside a template it runs (include, tpl) and
   * have reported it already. */
  return state->error == NULL;
}

char *
_strata_template_call_include (StrataTemplateCall   *call,
                               const char           *name,
                               StrataTemplateValue  *data,
                               char                **error_message)
{
  StrataTemplateState *state = call->state;
  g_autoptr(GString) out = g_string_new (NULL);
  StrataTemplateTree *tree;
  guint count;
  gboolean ok;

  count = GPOINTER_TO_UINT (g_hash_table_lookup (state->run->included, name));
  if (count > MAX_INCLUDE_DEPTH)
    {
      *error_message = g_strdup_printf ("rendering template has a nested reference name: %s: "
                                        "unable to execute template", name);
      return NULL;
    }
  if (state->run->nesting >= STRATA_TEMPLATE_MAX_NESTING)
    {
      *error_message = g_strdup_printf ("exceeded maximum template depth (%d)", STRATA_TEMPLATE_MAX_NESTING);
      return NULL;
    }
  tree = _strata_template_set_lookup (state->set, name);
  if (tree == NULL)
    {
      *error_message = g_strdup_printf ("template: no template \"%s\" associated with template \"gotpl\"", name);
      return NULL;
    }

  g_hash_table_replace (state->run->included, g_strdup (name), GUINT_TO_POINTER (count + 1));
  ok = _strata_template_run_tree (state->set, state->run, tree, data, 0, out, error_message);
  g_hash_table_replace (state->run->included, g_strdup (name), GUINT_TO_POINTER (count));
  if (!ok)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
replace_no_value (const char *text,
                  gsize       length)
{
  GString *out = g_string_new (NULL);
  const char *marker = "<no value>";
  gsize marker_length = strlen (marker);

  for (gsize i = 0; i < length;)
    {
      if (length - i >= marker_length && memcmp (text + i, marker, marker_length) == 0)
        {
          i += marker_length;
          continue;
        }
      g_string_append_c (out, text[i++]);
    }
  return g_string_free (out, FALSE);
}

char *
_strata_template_call_tpl (StrataTemplateCall   *call,
                           const char           *text,
                           gsize                 length,
                           StrataTemplateValue  *data,
                           char                **error_message)
{
  StrataTemplateState *state = call->state;
  g_autoptr(GString) quoted = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  StrataTemplateSet *clone;
  gboolean ok;

  _strata_template_quote (quoted, text, length, FALSE);
  if (state->run->nesting >= STRATA_TEMPLATE_MAX_NESTING)
    {
      *error_message = g_strdup_printf ("error during tpl function execution for %s: "
                                        "exceeded maximum template depth (%d)", quoted->str,
                                        STRATA_TEMPLATE_MAX_NESTING);
      return NULL;
    }

  /* Helm parses the text into a clone of the templates, named like the
   * engine's root template; its defines vanish with the clone. */
  clone = _strata_template_set_new (state->set);
  if (!_strata_template_parse (clone, "gotpl", text, length, &error))
    {
      *error_message = g_strdup_printf ("cannot parse template %s: %s", quoted->str, error->message);
      _strata_template_set_free (clone);
      return NULL;
    }
  ok = _strata_template_run_tree (clone, state->run, _strata_template_set_lookup (clone, "gotpl"),
                                  data, 0, out, &message);
  _strata_template_set_free (clone);
  if (!ok)
    {
      *error_message = g_strdup_printf ("error during tpl function execution for %s: %s", quoted->str, message);
      return NULL;
    }
  return replace_no_value (out->str, out->len);
}

char *
_strata_template_execute (StrataTemplateSet    *set,
                          const char           *name,
                          StrataTemplateValue  *data,
                          gsize                *length,
                          GError              **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *message = NULL;
  StrataTemplateRun run = { 0 };
  StrataTemplateTree *tree = _strata_template_set_lookup (set, name);
  gboolean ok;

  if (tree == NULL)
    {
      g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_NOT_FOUND,
                   "template: no template \"%s\" associated with template \"gotpl\"", name);
      return NULL;
    }

  run.included = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ok = _strata_template_run_tree (set, &run, tree, data, 0, out, &message);
  g_hash_table_unref (run.included);
  if (!ok)
    {
      g_set_error_literal (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_EXECUTE, message);
      return NULL;
    }
  if (length != NULL)
    *length = out->len;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Helm's cleanupExecError: a message from required or fail, wrapped in
 * HELM_ERR_START…HELM_ERR_END, is shown alone with the outermost
 * location: "execution error at (NAME:LINE:COL): MESSAGE". */
void
_strata_template_clean_error (GError *error)
{
  const char *message = error->message;
  const char *location_start;
  const char *location_end;
  const char *start;
  const char *end;

  if (!g_str_has_prefix (message, "template: "))
    return;
  location_start = message + strlen ("template: ");
  location_end = strstr (location_start, ": ");
  start = strstr (message, STRATA_TEMPLATE_WARN_START);
  end = g_strrstr (message, STRATA_TEMPLATE_WARN_END);
  if (location_end == NULL || start == NULL || end == NULL || end < start)
    return;

  start += strlen (STRATA_TEMPLATE_WARN_START);
  {
    char *cleaned = g_strdup_printf ("execution error at (%.*s): %.*s",
                                     (int)(location_end - location_start), location_start,
                                     (int)(end - start), start);

    g_free (error->message);
    error->message = cleaned;
    error->code = STRATA_TEMPLATE_ERROR_REQUIRED;
  }
}
