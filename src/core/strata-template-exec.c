/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Walking a parse tree, as Go's text/template exec.go does: actions,
 * if/with/range, template calls, pipelines, fields and variables. Helm
 * runs templates with missingkey=zero, so a missing key is a nil that
 * prints as "<no value>" (Helm then deletes that text), while a field of
 * that nil is an error, "nil pointer evaluating interface {}.x". */

#include "config.h"

#include <string.h>

#include "strata-template-exec-private.h"

static StrataTemplateValue missing_value = { G_MAXUINT / 2, &_strata_template_type_nil, { 0 } };
StrataTemplateValue *const _strata_template_missing = &missing_value;

static gboolean walk (StrataTemplateState *state,
                      StrataTemplateValue *dot,
                      StrataTemplateNode  *node);

/* Errors */

void
_strata_template_state_at (StrataTemplateState *state,
                           StrataTemplateNode  *node)
{
  state->node = node;
}

void
_strata_template_state_fail (StrataTemplateState *state,
                             const char          *format,
                             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (state->error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (state->node == NULL)
    state->error = g_strdup_printf ("template: %s: %s", state->tree->name, message);
  else
    {
      g_autofree char *location = _strata_template_node_location (state->node);
      g_autoptr(GString) context = g_string_new (NULL);

      _strata_template_node_write (context, state->node);
      state->error = g_strdup_printf ("template: %s: executing \"%s\" at <%s>: %s",
                                      location, state->tree->name, context->str, message);
    }
}

/* Variables */

static void
push_variable (StrataTemplateState *state,
               const char          *name,
               StrataTemplateValue *value)
{
  StrataTemplateVariable variable = { name, _strata_template_value_ref (value) };

  g_array_append_val (state->vars, variable);
}

static void
pop_variables (StrataTemplateState *state,
               guint                mark)
{
  g_array_set_size (state->vars, mark);
}

static void
clear_variable (gpointer data)
{
  StrataTemplateVariable *variable = data;

  g_clear_pointer (&variable->value, _strata_template_value_unref);
}

gboolean
_strata_template_state_variable (StrataTemplateState  *state,
                                 const char           *name,
                                 StrataTemplateValue **value)
{
  for (guint i = state->vars->len; i > 0; i--)
    {
      StrataTemplateVariable *variable = &g_array_index (state->vars, StrataTemplateVariable, i - 1);

      if (strcmp (variable->name, name) == 0)
        {
          *value = variable->value;
          return TRUE;
        }
    }
  _strata_template_state_fail (state, "undefined variable: %s", name);
  return FALSE;
}

static gboolean
set_variable (StrataTemplateState *state,
              const char          *name,
              StrataTemplateValue *value)
{
  for (guint i = state->vars->len; i > 0; i--)
    {
      StrataTemplateVariable *variable = &g_array_index (state->vars, StrataTemplateVariable, i - 1);

      if (strcmp (variable->name, name) == 0)
        {
          g_clear_pointer (&variable->value, _strata_template_value_unref);
          variable->value = _strata_template_value_ref (value);
          return TRUE;
        }
    }
  _strata_template_state_fail (state, "undefined variable: %s", name);
  return FALSE;
}

static void
set_top_variable (StrataTemplateState *state,
                  guint                n,
                  StrataTemplateValue *value)
{
  StrataTemplateVariable *variable = &g_array_index (state->vars, StrataTemplateVariable, state->vars->len - n);

  g_clear_pointer (&variable->value, _strata_template_value_unref);
  variable->value = _strata_template_value_ref (value);
}

/* Evaluation */

static gboolean
not_a_function (StrataTemplateState *state,
                GPtrArray           *args,
                StrataTemplateValue *final)
{
  if ((args != NULL && args->len > 1) || final != _strata_template_missing)
    {
      g_autoptr(GString) shown = g_string_new (NULL);

      _strata_template_node_write (shown, g_ptr_array_index (args, 0));
      _strata_template_state_fail (state, "can't give argument to non-function %s", shown->str);
      return FALSE;
    }
  return TRUE;
}

gboolean
_strata_template_ideal_constant (StrataTemplateState  *state,
                                 StrataTemplateNode   *number,
                                 StrataTemplateValue **result)
{
  const char *text = number->number.text;
  gboolean hex_int = strlen (text) > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') &&
                     strpbrk (text, "pP") == NULL;

  _strata_template_state_at (state, number);
  *result = NULL;
  if (number->number.is_float && !hex_int && text[0] != '\'' && strpbrk (text, ".eEpP") != NULL)
    *result = _strata_template_value_new_float (number->number.float64);
  else if (number->number.is_int)
    *result = _strata_template_value_new_int (number->number.int64);
  else if (number->number.is_uint)
    {
      _strata_template_state_fail (state, "%s overflows int", text);
      return FALSE;
    }
  return TRUE;
}

/* One step along .a.b.c: a method, a struct field or a map key. A value
 * taken from a map[string]interface{} is "boxed": Go's messages then name
 * its static type, interface {}, instead of what it holds. */
static gboolean
eval_field (StrataTemplateState  *state,
            StrataTemplateValue  *dot,
            const char           *name,
            StrataTemplateNode   *node,
            GPtrArray            *args,
            StrataTemplateValue  *final,
            StrataTemplateValue  *receiver,
            gboolean              receiver_boxed,
            StrataTemplateValue **result,
            gboolean             *result_boxed)
{
  gboolean has_args = (args != NULL && args->len > 1) || final != _strata_template_missing;

  *result = NULL;
  *result_boxed = FALSE;
  if (receiver == NULL)
    return TRUE;   /* missingkey=zero: a field of nothing is nothing */

  if (receiver->type->kind == STRATA_TEMPLATE_KIND_NIL)
    {
      _strata_template_state_fail (state, "nil pointer evaluating interface {}.%s", name);
      return FALSE;
    }

  if (receiver->type->methods != NULL)
    for (const StrataTemplateFunction *method = receiver->type->methods; method->name != NULL; method++)
      if (strcmp (method->name, name) == 0)
        return _strata_template_eval_call (state, dot, method, receiver, node, args, final, result);

  switch (receiver->type->kind)
    {
    case STRATA_TEMPLATE_KIND_STRUCT:
      {
        gboolean found;
        StrataTemplateValue *field = _strata_template_value_struct_lookup (receiver, name, &found);

        if (!found)
          break;
        if (has_args)
          {
            _strata_template_state_fail (state, "%s has arguments but cannot be invoked as function", name);
            return FALSE;
          }
        *result = _strata_template_value_ref (field);
        return TRUE;
      }

    case STRATA_TEMPLATE_KIND_MAP:
      {
        StrataTemplateValue *item;

        if (has_args)
          {
            _strata_template_state_fail (state, "%s is not a method but has arguments", name);
            return FALSE;
          }
        item = g_hash_table_lookup (receiver->map, name);
        *result_boxed = receiver->type != &_strata_template_type_string_map;
        if (item != NULL)
          *result = _strata_template_value_ref (item);
        else if (receiver->type == &_strata_template_type_string_map)
          *result = _strata_template_value_new_string ("", 0);
        else
          *result = _strata_template_value_nil ();
        return TRUE;
      }

    default:
      break;
    }

  _strata_template_state_fail (state, "can't evaluate field %s in type %s", name,
                               receiver_boxed ? "interface {}" : receiver->type->name);
  return FALSE;
}

static gboolean
eval_field_chain (StrataTemplateState  *state,
                  StrataTemplateValue  *dot,
                  StrataTemplateValue  *receiver,
                  StrataTemplateNode   *node,
                  GPtrArray            *idents,
                  guint                 first,
                  GPtrArray            *args,
                  StrataTemplateValue  *final,
                  StrataTemplateValue **result)
{
  g_autoptr(StrataTemplateValue) current = _strata_template_value_ref (receiver);
  gboolean boxed = FALSE;
  guint n = idents->len;

  for (guint i = first; i + 1 < n; i++)
    {
      StrataTemplateValue *next = NULL;

      if (!eval_field (state, dot, g_ptr_array_index (idents, i), node, NULL, _strata_template_missing,
                       current, boxed, &next, &boxed))
        return FALSE;
      _strata_template_value_unref (current);
      current = next;
    }
  return eval_field (state, dot, g_ptr_array_index (idents, n - 1), node, args, final, current, boxed,
                     result, &boxed);
}

gboolean
_strata_template_eval_field_node (StrataTemplateState  *state,
                                  StrataTemplateValue  *dot,
                                  StrataTemplateNode   *field,
                                  GPtrArray            *args,
                                  StrataTemplateValue  *final,
                                  StrataTemplateValue **result)
{
  _strata_template_state_at (state, field);
  return eval_field_chain (state, dot, dot, field, field->field.idents, 0, args, final, result);
}

gboolean
_strata_template_eval_chain_node (StrataTemplateState  *state,
                                  StrataTemplateValue  *dot,
                                  StrataTemplateNode   *chain,
                                  GPtrArray            *args,
                                  StrataTemplateValue  *final,
                                  StrataTemplateValue **result)
{
  g_autoptr(StrataTemplateValue) pipe = NULL;
  StrataTemplateNode *inner = chain->chain.node;

  _strata_template_state_at (state, chain);
  if (inner->type == STRATA_TEMPLATE_NODE_NIL)
    {
      g_autoptr(GString) shown = g_string_new (NULL);

      _strata_template_node_write (shown, chain);
      _strata_template_state_fail (state, "indirection through explicit nil in %s", shown->str);
      return FALSE;
    }

  /* (pipe).Field1.Field2: the term first, untyped, then the fields. */
  switch (inner->type)
    {
    case STRATA_TEMPLATE_NODE_PIPE:
      if (!_strata_template_eval_pipeline (state, dot, inner, &pipe))
        return FALSE;
      break;
    case STRATA_TEMPLATE_NODE_IDENTIFIER:
      if (!_strata_template_eval_function (state, dot, inner, inner, NULL, _strata_template_missing, &pipe))
        return FALSE;
      break;
    case STRATA_TEMPLATE_NODE_DOT:
      pipe = _strata_template_value_ref (dot);
      break;
    default:
      _strata_template_state_fail (state, "can't evaluate command");
      return FALSE;
    }
  return eval_field_chain (state, dot, pipe, chain, chain->chain.fields, 0, args, final, result);
}

gboolean
_strata_template_eval_variable_node (StrataTemplateState  *state,
                                     StrataTemplateValue  *dot,
                                     StrataTemplateNode   *variable,
                                     GPtrArray            *args,
                                     StrataTemplateValue  *final,
                                     StrataTemplateValue **result)
{
  StrataTemplateValue *value;

  _strata_template_state_at (state, variable);
  if (!_strata_template_state_variable (state, g_ptr_array_index (variable->field.idents, 0), &value))
    return FALSE;
  if (variable->field.idents->len == 1)
    {
      if (!not_a_function (state, args, final))
        return FALSE;
      *result = _strata_template_value_ref (value);
      return TRUE;
    }
  return eval_field_chain (state, dot, value, variable, variable->field.idents, 1, args, final, result);
}

gboolean
_strata_template_eval_function (StrataTemplateState  *state,
                                StrataTemplateValue  *dot,
                                StrataTemplateNode   *identifier,
                                StrataTemplateNode   *command,
                                GPtrArray            *args,
                                StrataTemplateValue  *final,
                                StrataTemplateValue **result)
{
  _strata_template_state_at (state, identifier);
  return _strata_template_eval_call (state, dot, identifier->identifier.function, NULL,
                                     command, args, final, result);
}

static gboolean
eval_command (StrataTemplateState  *state,
              StrataTemplateValue  *dot,
              StrataTemplateNode   *command,
              StrataTemplateValue  *final,
              StrataTemplateValue **result)
{
  GPtrArray *args = command->command.args;
  StrataTemplateNode *first = g_ptr_array_index (args, 0);

  *result = NULL;
  switch (first->type)
    {
    case STRATA_TEMPLATE_NODE_FIELD:
      return _strata_template_eval_field_node (state, dot, first, args, final, result);
    case STRATA_TEMPLATE_NODE_CHAIN:
      return _strata_template_eval_chain_node (state, dot, first, args, final, result);
    case STRATA_TEMPLATE_NODE_IDENTIFIER:
      return _strata_template_eval_function (state, dot, first, command, args, final, result);
    case STRATA_TEMPLATE_NODE_PIPE:
      /* A parenthesized pipeline takes no arguments. */
      if (!not_a_function (state, args, final))
        return FALSE;
      return _strata_template_eval_pipeline (state, dot, first, result);
    case STRATA_TEMPLATE_NODE_VARIABLE:
      return _strata_template_eval_variable_node (state, dot, first, args, final, result);
    default:
      break;
    }

  _strata_template_state_at (state, first);
  if (!not_a_function (state, args, final))
    return FALSE;
  switch (first->type)
    {
    case STRATA_TEMPLATE_NODE_BOOL:
      *result = _strata_template_value_new_bool (first->boolean);
      return TRUE;
    case STRATA_TEMPLATE_NODE_DOT:
      *result = _strata_template_value_ref (dot);
      return TRUE;
    case STRATA_TEMPLATE_NODE_NIL:
      _strata_template_state_fail (state, "nil is not a command");
      return FALSE;
    case STRATA_TEMPLATE_NODE_NUMBER:
      return _strata_template_ideal_constant (state, first, result);
    case STRATA_TEMPLATE_NODE_STRING:
      *result = _strata_template_value_new_string (first->string.text, first->string.length);
      return TRUE;
    default:
      {
        g_autoptr(GString) shown = g_string_new (NULL);

        _strata_template_node_write (shown, first);
        _strata_template_state_fail (state, "can't evaluate command %s", shown->str);
        return FALSE;
      }
    }
}

gboolean
_strata_template_eval_pipeline (StrataTemplateState  *state,
                                StrataTemplateValue  *dot,
                                StrataTemplateNode   *pipe,
                                StrataTemplateValue **result)
{
  StrataTemplateValue *value = _strata_template_missing;

  *result = NULL;
  if (pipe == NULL)
    return TRUE;
  _strata_template_state_at (state, pipe);

  for (guint i = 0; i < pipe->pipe.cmds->len; i++)
    {
      StrataTemplateValue *next = NULL;
      gboolean ok = eval_command (state, dot, g_ptr_array_index (pipe->pipe.cmds, i), value, &next);

      if (value != _strata_template_missing)
        _strata_template_value_unref (value);
      if (!ok)
        {
          _strata_template_value_unref (next);
          return FALSE;
        }
      /* A nil interface{} stops being a value at all between stages:
       * exec.go's "dig down one level". */
      if (next != NULL && next->type->kind == STRATA_TEMPLATE_KIND_NIL)
        g_clear_pointer (&next, _strata_template_value_unref);
      value = next;
    }

  for (guint i = 0; i < pipe->pipe.decl->len; i++)
    {
      StrataTemplateNode *variable = g_ptr_array_index (pipe->pipe.decl, i);
      const char *name = g_ptr_array_index (variable->field.idents, 0);

      if (pipe->pipe.is_assign)
        {
          if (!set_variable (state, name, value))
            {
              _strata_template_value_unref (value);
              return FALSE;
            }
        }
      else
        push_variable (state, name, value);
    }
  *result = value;
  return TRUE;
}

/* Walking */

static gboolean
print_value (StrataTemplateState *state,
             StrataTemplateNode  *node,
             StrataTemplateValue *value)
{
  _strata_template_state_at (state, node);
  if (value == NULL)
    g_string_append (state->out, "<no value>");
  else
    _strata_template_value_print_action (state->out, value);
  return TRUE;
}

static gboolean
walk_if_or_with (StrataTemplateState *state,
                 StrataTemplateValue *dot,
                 StrataTemplateNode  *node)
{
  g_autoptr(StrataTemplateValue) value = NULL;
  guint mark = state->vars->len;
  gboolean truth, ok;
  gboolean success;

  if (!_strata_template_eval_pipeline (state, dot, node->branch.pipe, &value))
    return FALSE;
  truth = _strata_template_value_is_true (value, &ok);
  if (!ok)
    {
      _strata_template_state_fail (state, "if/with can't use %s", "value");
      return FALSE;
    }
  if (truth)
    success = walk (state, node->type == STRATA_TEMPLATE_NODE_WITH ? value : dot, node->branch.list);
  else if (node->branch.else_list != NULL)
    success = walk (state, dot, node->branch.else_list);
  else
    success = TRUE;
  pop_variables (state, mark);
  return success;
}

/* One pass of a range body; FALSE ends the loop (error or {{break}}). */
static gboolean
range_iteration (StrataTemplateState *state,
                 StrataTemplateNode  *node,
                 guint                mark,
                 StrataTemplateValue *index,
                 StrataTemplateValue *element,
                 gboolean            *failed)
{
  guint n_decl = node->branch.pipe->pipe.decl->len;
  gboolean ok;

  if (n_decl > 0)
    set_top_variable (state, 1, element);
  if (n_decl > 1)
    set_top_variable (state, 2, index);
  ok = walk (state, element, node->branch.list);
  pop_variables (state, mark);
  if (!ok)
    {
      *failed = TRUE;
      return FALSE;
    }
  if (state->flow == STRATA_TEMPLATE_FLOW_BREAK)
    {
      state->flow = STRATA_TEMPLATE_FLOW_NORMAL;
      return FALSE;
    }
  state->flow = STRATA_TEMPLATE_FLOW_NORMAL;
  return TRUE;
}

static gboolean
walk_range (StrataTemplateState *state,
            StrataTemplateValue *dot,
            StrataTemplateNode  *node)
{
  g_autoptr(StrataTemplateValue) value = NULL;
  guint outer_mark = state->vars->len;
  gboolean failed = FALSE;
  gboolean iterated = FALSE;
  guint mark;

  _strata_template_state_at (state, node);
  if (!_strata_template_eval_pipeline (state, dot, node->branch.pipe, &value))
    return FALSE;
  mark = state->vars->len;

  if (value != NULL)
    switch (value->type->kind)
      {
      case STRATA_TEMPLATE_KIND_LIST:
        for (guint i = 0; i < value->list->len; i++)
          {
            g_autoptr(StrataTemplateValue) index = _strata_template_value_new_int (i);

            iterated = TRUE;
            if (!range_iteration (state, node, mark, index, g_ptr_array_index (value->list, i), &failed))
              break;
          }
        break;

      case STRATA_TEMPLATE_KIND_MAP:
        {
          g_autoptr(GPtrArray) keys = _strata_template_value_sorted_keys (value);

          for (guint i = 0; i < keys->len; i++)
            {
              const char *key = g_ptr_array_index (keys, i);
              g_autoptr(StrataTemplateValue) index = _strata_template_value_new_string (key, -1);

              iterated = TRUE;
              if (!range_iteration (state, node, mark, index, g_hash_table_lookup (value->map, key), &failed))
                break;
            }
          break;
        }

      default:
        {
          g_autoptr(GString) shown = g_string_new (NULL);

          _strata_template_value_print (shown, value);
          _strata_template_state_fail (state, "range can't iterate over %s", shown->str);
          failed = TRUE;
        }
      }

  if (!failed && !iterated && node->branch.else_list != NULL)
    failed = !walk (state, dot, node->branch.else_list);
  pop_variables (state, outer_mark);
  return !failed;
}

static gboolean
walk_template (StrataTemplateState *state,
               StrataTemplateValue *dot,
               StrataTemplateNode  *node)
{
  g_autoptr(StrataTemplateValue) value = NULL;
  g_autofree char *error = NULL;
  StrataTemplateTree *tree;

  _strata_template_state_at (state, node);
  tree = _strata_template_set_lookup (state->set, node->template_.name);
  if (tree == NULL)
    {
      _strata_template_state_fail (state, "template \"%s\" not defined", node->template_.name);
      return FALSE;
    }
  if (state->run->nesting >= STRATA_TEMPLATE_MAX_NESTING)
    {
      _strata_template_state_fail (state, "exceeded maximum template depth (%d)", STRATA_TEMPLATE_MAX_NESTING);
      return FALSE;
    }
  /* Variables declared by the pipeline persist, but the template sees
   * none of ours: only its own $. */
  if (!_strata_template_eval_pipeline (state, dot, node->template_.pipe, &value))
    return FALSE;
  if (!_strata_template_run_tree (state->set, state->run, tree, value, state->depth + 1, state->out, &error))
    {
      state->error = g_steal_pointer (&error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
walk (StrataTemplateState *state,
      StrataTemplateValue *dot,
      StrataTemplateNode  *node)
{
  _strata_template_state_at (state, node);
  switch (node->type)
    {
    case STRATA_TEMPLATE_NODE_ACTION:
      {
        g_autoptr(StrataTemplateValue) value = NULL;

        /* Variables persist until the next {{end}}; a declaration prints
         * nothing. */
        if (!_strata_template_eval_pipeline (state, dot, node->action.pipe, &value))
          return FALSE;
        if (node->action.pipe->pipe.decl->len == 0)
          return print_value (state, node, value);
        return TRUE;
      }
    case STRATA_TEMPLATE_NODE_BREAK:
      state->flow = STRATA_TEMPLATE_FLOW_BREAK;
      return TRUE;
    case STRATA_TEMPLATE_NODE_CONTINUE:
      state->flow = STRATA_TEMPLATE_FLOW_CONTINUE;
      return TRUE;
    case STRATA_TEMPLATE_NODE_COMMENT:
      return TRUE;
    case STRATA_TEMPLATE_NODE_IF:
    case STRATA_TEMPLATE_NODE_WITH:
      return walk_if_or_with (state, dot, node);
    case STRATA_TEMPLATE_NODE_LIST:
      for (guint i = 0; i < node->list.nodes->len; i++)
        {
          if (!walk (state, dot, g_ptr_array_index (node->list.nodes, i)))
            return FALSE;
          if (state->flow != STRATA_TEMPLATE_FLOW_NORMAL)
            break;
        }
      return TRUE;
    case STRATA_TEMPLATE_NODE_RANGE:
      return walk_range (state, dot, node);
    case STRATA_TEMPLATE_NODE_TEMPLATE:
      return walk_template (state, dot, node);
    case STRATA_TEMPLATE_NODE_TEXT:
      g_string_append_len (state->out, node->text.text, node->text.length);
      return TRUE;
    default:
      _strata_template_state_fail (state, "unknown node");
      return FALSE;
    }
}

gboolean
_strata_template_run_tree (StrataTemplateSet    *set,
                           StrataTemplateRun    *run,
                           StrataTemplateTree   *tree,
                           StrataTemplateValue  *data,
                           int                   depth,
                           GString              *out,
                           char                **error_message)
{
  StrataTemplateState state = { 0 };
  gboolean ok;

  state.set = set;
  state.tree = tree;
  state.run = run;
  state.out = out;
  state.depth = depth;
  state.vars = g_array_new (FALSE, TRUE, sizeof (StrataTemplateVariable));
  g_array_set_clear_func (state.vars, clear_variable);
  push_variable (&state, "$", data);

  run->nesting++;
  ok = walk (&state, data, tree->root);
  run->nesting--;

  g_array_unref (state.vars);
  if (!ok)
    {
      *error_message = g_steal_pointer (&state.error);
      return FALSE;
    }
  return TRUE;
}

