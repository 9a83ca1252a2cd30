/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The expression half of the parser (parse/parse.go): pipelines, commands,
 * operands and terms, with the token-stream helpers both halves use.
 * Functions are looked up as they are parsed, as Go does: a misspelt
 * function is a parse error, never an empty string at render time. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-template-parser-private.h"

/* Nodes */

StrataTemplateNode *
_strata_template_parser_new_node (StrataTemplateParser   *parser,
                                  StrataTemplateNodeType  type,
                                  gsize                   pos)
{
  StrataTemplateNode *node = g_new0 (StrataTemplateNode, 1);

  node->type = type;
  node->pos = pos;
  node->source = parser->source;
  g_ptr_array_add (parser->source->nodes, node);
  return node;
}

const char *
_strata_template_parser_keep (StrataTemplateParser *parser,
                              char                 *string)
{
  g_ptr_array_add (parser->source->strings, string);
  return string;
}

StrataTemplateNode *
_strata_template_parser_new_list (StrataTemplateParser *parser,
                                  gsize                 pos)
{
  StrataTemplateNode *node = _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_LIST, pos);

  node->list.nodes = g_ptr_array_new ();
  return node;
}

static StrataTemplateNode *
new_pipe (StrataTemplateParser *parser,
          gsize                 pos)
{
  StrataTemplateNode *node = _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_PIPE, pos);

  node->pipe.decl = g_ptr_array_new ();
  node->pipe.cmds = g_ptr_array_new ();
  return node;
}

/* A FIELD (".a.b", leading dot dropped) or VARIABLE ("$x.a") node. */
static StrataTemplateNode *
new_field (StrataTemplateParser   *parser,
           StrataTemplateNodeType  type,
           gsize                   pos,
           const char             *ident,
           gsize                   length)
{
  StrataTemplateNode *node = _strata_template_parser_new_node (parser, type, pos);
  g_autofree char *copy = g_strndup (ident, length);
  g_auto(GStrv) parts = g_strsplit (type == STRATA_TEMPLATE_NODE_FIELD ? copy + 1 : copy, ".", -1);

  node->field.idents = g_ptr_array_new ();
  for (guint i = 0; parts[i] != NULL; i++)
    g_ptr_array_add (node->field.idents, (gpointer)_strata_template_parser_keep (parser, g_strdup (parts[i])));
  return node;
}

/* Errors */

void
_strata_template_parser_fail (StrataTemplateParser     *parser,
                              const char *format,
                              ...)
{
  const StrataTemplateItem *item;
  g_autofree char *message = NULL;
  gsize line_start;
  va_list args;

  if (parser->error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Go names the line of the token read last; the column is ours. */
  item = &g_array_index (parser->items, StrataTemplateItem, parser->furthest);
  line_start = item->pos;
  while (line_start > 0 && parser->source->text[line_start - 1] != '\n')
    line_start--;
  parser->error = g_steal_pointer (&message);
  parser->error_line = item->line;
  parser->error_column = item->pos - line_start;
}

void
_strata_template_parser_unexpected (StrataTemplateParser     *parser,
                                    const StrataTemplateItem *item,
                                    const char               *context)
{
  g_autofree char *shown = _strata_template_item_describe (item);

  if (item->type == STRATA_TEMPLATE_ITEM_ERROR)
    {
      g_autofree char *extra = NULL;

      if (parser->action_line != 0 && parser->action_line != item->line)
        {
          gboolean about_action = g_str_has_suffix (shown, " action");

          extra = g_strdup_printf ("%s started at %s:%d", about_action ? "" : " in action",
                                   parser->source->parse_name, parser->action_line);
        }
      _strata_template_parser_fail (parser, "%s%s", shown, extra != NULL ? extra : "");
      return;
    }
  _strata_template_parser_fail (parser, "unexpected %s in %s", shown, context);
}

const StrataTemplateItem *
_strata_template_parser_expect (StrataTemplateParser   *parser,
                                StrataTemplateItemType  expected,
                                const char             *context)
{
  const StrataTemplateItem *item = parser_next_non_space (parser);

  if (item->type != expected)
    {
      _strata_template_parser_unexpected (parser, item, context);
      return NULL;
    }
  return item;
}

static StrataTemplateNode *
new_number (StrataTemplateParser     *parser,
            const StrataTemplateItem *item)
{
  g_autofree char *text = g_strndup (item->value, item->length);
  g_autofree char *message = NULL;
  StrataTemplateNumber number;
  StrataTemplateNode *node;

  if (!_strata_template_number_parse (text, item->type == STRATA_TEMPLATE_ITEM_CHAR_CONSTANT,
                                      &number, &message))
    {
      _strata_template_parser_fail (parser, "%s", message);
      return NULL;
    }
  node = _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_NUMBER, item->pos);
  node->number.text = _strata_template_parser_keep (parser, g_steal_pointer (&text));
  node->number.is_int = number.is_int;
  node->number.is_uint = number.is_uint;
  node->number.is_float = number.is_float;
  node->number.int64 = number.int64;
  node->number.uint64 = number.uint64;
  node->number.float64 = number.float64;
  return node;
}

static StrataTemplateNode *
parse_term (StrataTemplateParser *parser,
            gboolean             *none)
{
  const StrataTemplateItem *item = parser_next_non_space (parser);
  StrataTemplateNode *node;

  *none = FALSE;
  switch (item->type)
    {
    case STRATA_TEMPLATE_ITEM_ERROR:
      _strata_template_parser_fail (parser, "%.*s", (int)item->length, item->value);
      return NULL;

    case STRATA_TEMPLATE_ITEM_IDENTIFIER:
      {
        g_autofree char *name = g_strndup (item->value, item->length);
        const StrataTemplateFunction *function = _strata_template_functions_lookup (name);

        if (function == NULL)
          {
            if (_strata_template_functions_is_unsupported (name))
              _strata_template_parser_fail (parser, _("function \"%s\" not defined (a Helm function Strata's "
                                                      "template engine does not implement; render this chart "
                                                      "with helm)"), name);
            else
              _strata_template_parser_fail (parser, "function \"%s\" not defined", name);
            return NULL;
          }
        node = _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_IDENTIFIER, item->pos);
        node->identifier.function = function;
        node->identifier.name = function->name;
        return node;
      }

    case STRATA_TEMPLATE_ITEM_DOT:
      return _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_DOT, item->pos);

    case STRATA_TEMPLATE_ITEM_NIL:
      return _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_NIL, item->pos);

    case STRATA_TEMPLATE_ITEM_VARIABLE:
      {
        g_autofree char *name = g_strndup (item->value, item->length);
        char *dot = strchr (name, '.');

        if (dot != NULL)
          *dot = '\0';
        for (guint i = 0; i < parser->vars->len; i++)
          if (strcmp (g_ptr_array_index (parser->vars, i), name) == 0)
            return new_field (parser, STRATA_TEMPLATE_NODE_VARIABLE, item->pos, item->value, item->length);
        _strata_template_parser_fail (parser, "undefined variable \"%s\"", name);
        return NULL;
      }

    case STRATA_TEMPLATE_ITEM_FIELD:
      return new_field (parser, STRATA_TEMPLATE_NODE_FIELD, item->pos, item->value, item->length);

    case STRATA_TEMPLATE_ITEM_BOOL:
      node = _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_BOOL, item->pos);
      node->boolean = item->length == 4;
      return node;

    case STRATA_TEMPLATE_ITEM_CHAR_CONSTANT:
    case STRATA_TEMPLATE_ITEM_COMPLEX:
    case STRATA_TEMPLATE_ITEM_NUMBER:
      return new_number (parser, item);

    case STRATA_TEMPLATE_ITEM_LEFT_PAREN:
      if (parser->nesting >= STRATA_TEMPLATE_MAX_PARSE_NESTING)
        {
          _strata_template_parser_fail (parser, "too deeply nested: more than %d levels of parentheses, if, "
                                        "range and with", STRATA_TEMPLATE_MAX_PARSE_NESTING);
          return NULL;
        }
      parser->nesting++;
      node = _strata_template_parser_pipeline (parser, "parenthesized pipeline", STRATA_TEMPLATE_ITEM_RIGHT_PAREN);
      parser->nesting--;
      return node;

    case STRATA_TEMPLATE_ITEM_STRING:
    case STRATA_TEMPLATE_ITEM_RAW_STRING:
      {
        gsize length = 0;
        char *text = _strata_template_unquote (item->value, item->length, &length);

        if (text == NULL)
          {
            _strata_template_parser_fail (parser, "invalid syntax");
            return NULL;
          }
        node = _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_STRING, item->pos);
        node->string.quoted = _strata_template_parser_keep (parser, g_strndup (item->value, item->length));
        node->string.text = text;
        node->string.length = length;
        return node;
      }

    default:
      parser_backup (parser);
      *none = TRUE;
      return NULL;
    }
}

/* operand: term .Field* */
static StrataTemplateNode *
parse_operand (StrataTemplateParser *parser,
               gboolean             *none)
{
  StrataTemplateNode *node = parse_term (parser, none);
  StrataTemplateNode *chain;

  if (node == NULL || parser_peek (parser)->type != STRATA_TEMPLATE_ITEM_FIELD)
    return node;

  chain = _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_CHAIN, parser_peek (parser)->pos);
  chain->chain.node = node;
  chain->chain.fields = g_ptr_array_new ();
  while (parser_peek (parser)->type == STRATA_TEMPLATE_ITEM_FIELD)
    {
      const StrataTemplateItem *field = parser_next (parser);

      g_ptr_array_add (chain->chain.fields,
                       (gpointer)_strata_template_parser_keep (parser, g_strndup (field->value + 1, field->length - 1)));
    }

  /* Fields after a field or variable just extend it, as in Go. */
  switch (node->type)
    {
    case STRATA_TEMPLATE_NODE_FIELD:
    case STRATA_TEMPLATE_NODE_VARIABLE:
      {
        g_autoptr(GString) whole = g_string_new (NULL);

        _strata_template_node_write (whole, chain);
        return new_field (parser, node->type, chain->pos, whole->str, whole->len);
      }
    case STRATA_TEMPLATE_NODE_BOOL:
    case STRATA_TEMPLATE_NODE_STRING:
    case STRATA_TEMPLATE_NODE_NUMBER:
    case STRATA_TEMPLATE_NODE_NIL:
    case STRATA_TEMPLATE_NODE_DOT:
      {
        g_autoptr(GString) shown = g_string_new (NULL);
        g_autoptr(GString) quoted = g_string_new (NULL);

        _strata_template_node_write (shown, node);
        _strata_template_quote (quoted, shown->str, shown->len, FALSE);
        _strata_template_parser_fail (parser, "unexpected . after term %s", quoted->str);
        return NULL;
      }
    default:
      return chain;
    }
}

/* command: operand (space operand)* */
static StrataTemplateNode *
parse_command (StrataTemplateParser *parser)
{
  StrataTemplateNode *command = _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_COMMAND, parser_peek_non_space (parser)->pos);

  command->command.args = g_ptr_array_new ();
  for (;;)
    {
      const StrataTemplateItem *item;
      StrataTemplateNode *operand;
      gboolean none;

      parser_peek_non_space (parser);
      operand = parse_operand (parser, &none);
      if (operand == NULL && !none)
        return NULL;
      if (operand != NULL)
        g_ptr_array_add (command->command.args, operand);

      item = parser_next (parser);
      if (item->type == STRATA_TEMPLATE_ITEM_SPACE)
        continue;
      if (item->type == STRATA_TEMPLATE_ITEM_RIGHT_DELIM || item->type == STRATA_TEMPLATE_ITEM_RIGHT_PAREN)
        parser_backup (parser);
      else if (item->type != STRATA_TEMPLATE_ITEM_PIPE)
        {
          _strata_template_parser_unexpected (parser, item, "operand");
          return NULL;
        }
      break;
    }
  if (command->command.args->len == 0)
    {
      _strata_template_parser_fail (parser, "empty command");
      return NULL;
    }
  return command;
}

static StrataTemplateNode *
new_variable_from_item (StrataTemplateParser     *parser,
                        const StrataTemplateItem *item)
{
  return new_field (parser, STRATA_TEMPLATE_NODE_VARIABLE, item->pos, item->value, item->length);
}

/* pipeline: declarations? command ('|' command)* */
StrataTemplateNode *
_strata_template_parser_pipeline (StrataTemplateParser   *parser,
                                  const char             *context,
                                  StrataTemplateItemType  end)
{
  StrataTemplateNode *pipe = new_pipe (parser, parser_peek_non_space (parser)->pos);
  const StrataTemplateItem *item;

declarations:
  item = parser_peek_non_space (parser);
  if (item->type == STRATA_TEMPLATE_ITEM_VARIABLE)
    {
      guint variable_index = parser->index;
      const StrataTemplateItem *variable = parser_next_non_space (parser);
      const StrataTemplateItem *following = parser_peek_non_space (parser);

      if (following->type == STRATA_TEMPLATE_ITEM_ASSIGN || following->type == STRATA_TEMPLATE_ITEM_DECLARE)
        {
          pipe->pipe.is_assign = following->type == STRATA_TEMPLATE_ITEM_ASSIGN;
          parser_next_non_space (parser);
          g_ptr_array_add (pipe->pipe.decl, new_variable_from_item (parser, variable));
          g_ptr_array_add (parser->vars, (gpointer)_strata_template_parser_keep (parser, g_strndup (variable->value, variable->length)));
        }
      else if (following->type == STRATA_TEMPLATE_ITEM_CHAR && following->length == 1 && following->value[0] == ',')
        {
          parser_next_non_space (parser);
          g_ptr_array_add (pipe->pipe.decl, new_variable_from_item (parser, variable));
          g_ptr_array_add (parser->vars, (gpointer)_strata_template_parser_keep (parser, g_strndup (variable->value, variable->length)));
          if (strcmp (context, "range") == 0 && pipe->pipe.decl->len < 2)
            {
              switch (parser_peek_non_space (parser)->type)
                {
                case STRATA_TEMPLATE_ITEM_VARIABLE:
                case STRATA_TEMPLATE_ITEM_RIGHT_DELIM:
                case STRATA_TEMPLATE_ITEM_RIGHT_PAREN:
                  goto declarations;
                default:
                  _strata_template_parser_fail (parser, "range can only initialize variables");
                  return NULL;
                }
            }
          _strata_template_parser_fail (parser, "too many declarations in %s", context);
          return NULL;
        }
      else
        {
          /* Not a declaration: read the variable again as an operand. */
          parser->index = variable_index;
        }
    }

  for (;;)
    {
      item = parser_next_non_space (parser);
      if (item->type == end)
        {
          /* checkPipeline */
          if (pipe->pipe.cmds->len == 0)
            {
              _strata_template_parser_fail (parser, "missing value for %s", context);
              return NULL;
            }
          for (guint i = 1; i < pipe->pipe.cmds->len; i++)
            {
              StrataTemplateNode *command = g_ptr_array_index (pipe->pipe.cmds, i);
              StrataTemplateNode *first = g_ptr_array_index (command->command.args, 0);

              switch (first->type)
                {
                case STRATA_TEMPLATE_NODE_BOOL:
                case STRATA_TEMPLATE_NODE_DOT:
                case STRATA_TEMPLATE_NODE_NIL:
                case STRATA_TEMPLATE_NODE_NUMBER:
                case STRATA_TEMPLATE_NODE_STRING:
                  _strata_template_parser_fail (parser, "non executable command in pipeline stage %u", i + 1);
                  return NULL;
                default:
                  break;
                }
            }
          return pipe;
        }
      switch (item->type)
        {
        case STRATA_TEMPLATE_ITEM_BOOL:
        case STRATA_TEMPLATE_ITEM_CHAR_CONSTANT:
        case STRATA_TEMPLATE_ITEM_COMPLEX:
        case STRATA_TEMPLATE_ITEM_DOT:
        case STRATA_TEMPLATE_ITEM_FIELD:
        case STRATA_TEMPLATE_ITEM_IDENTIFIER:
        case STRATA_TEMPLATE_ITEM_NUMBER:
        case STRATA_TEMPLATE_ITEM_NIL:
        case STRATA_TEMPLATE_ITEM_RAW_STRING:
        case STRATA_TEMPLATE_ITEM_STRING:
        case STRATA_TEMPLATE_ITEM_VARIABLE:
        case STRATA_TEMPLATE_ITEM_LEFT_PAREN:
          {
            StrataTemplateNode *command;

            parser_backup (parser);
            STRATA_TEMPLATE_CHECK (command = parse_command (parser));
            g_ptr_array_add (pipe->pipe.cmds, command);
            break;
          }
        default:
          _strata_template_parser_unexpected (parser, item, context);
          return NULL;
        }
    }
}

