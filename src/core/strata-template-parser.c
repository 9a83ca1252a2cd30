/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The structure half of the parser of Go's text/template (parse/parse.go):
 * actions, if/range/with with Go 1.23's {{else with}}, {{break}} and
 * {{continue}}, template and block, and {{define}} with Go's rules for
 * redefinitions. */

#include "config.h"

#include <string.h>

#include "strata-template-parser-private.h"

static StrataTemplateNode *parse_if       (StrataTemplateParser *parser);
static StrataTemplateNode *parse_with     (StrataTemplateParser *parser);
static StrataTemplateNode *text_or_action (StrataTemplateParser *parser);

/* itemList: textOrAction* up to {{end}} or {{else}}, returned in *next. */
static StrataTemplateNode *
item_list (StrataTemplateParser  *parser,
           StrataTemplateNode   **next)
{
  StrataTemplateNode *list = _strata_template_parser_new_list (parser, parser_peek_non_space (parser)->pos);

  while (parser_peek_non_space (parser)->type != STRATA_TEMPLATE_ITEM_EOF)
    {
      StrataTemplateNode *node;

      STRATA_TEMPLATE_CHECK (node = text_or_action (parser));
      if (node->type == STRATA_TEMPLATE_NODE_END || node->type == STRATA_TEMPLATE_NODE_ELSE)
        {
          *next = node;
          return list;
        }
      g_ptr_array_add (list->list.nodes, node);
    }
  _strata_template_parser_fail (parser, "unexpected EOF");
  return NULL;
}

/* if, range and with: pipeline, list, optional else list. Variables
 * declared in the pipeline go out of scope at {{end}}. */
static StrataTemplateNode *
parse_control (StrataTemplateParser   *parser,
               StrataTemplateNodeType  type,
               const char             *context)
{
  guint vars_mark = parser->vars->len;
  StrataTemplateNode *node = NULL;
  StrataTemplateNode *pipe;
  StrataTemplateNode *list;
  StrataTemplateNode *else_list = NULL;
  StrataTemplateNode *next = NULL;

  if (parser->nesting >= STRATA_TEMPLATE_MAX_PARSE_NESTING)
    {
      _strata_template_parser_fail (parser, "too deeply nested: more than %d levels of parentheses, if, "
                                    "range and with", STRATA_TEMPLATE_MAX_PARSE_NESTING);
      return NULL;
    }
  parser->nesting++;
  pipe = _strata_template_parser_pipeline (parser, context, STRATA_TEMPLATE_ITEM_RIGHT_DELIM);
  if (pipe == NULL)
    goto out;
  if (type == STRATA_TEMPLATE_NODE_RANGE)
    parser->range_depth++;
  list = item_list (parser, &next);
  if (type == STRATA_TEMPLATE_NODE_RANGE)
    parser->range_depth--;
  if (list == NULL)
    goto out;

  if (next->type == STRATA_TEMPLATE_NODE_ELSE)
    {
      /* {{else if …}} and {{else with …}} chain without a second {{end}}. */
      StrataTemplateItemType chained = parser_peek (parser)->type;

      if (type == STRATA_TEMPLATE_NODE_IF && chained == STRATA_TEMPLATE_ITEM_IF)
        {
          StrataTemplateNode *nested;

          parser_next (parser);
          else_list = _strata_template_parser_new_list (parser, next->pos);
          if ((nested = parse_if (parser)) == NULL)
            goto out;
          g_ptr_array_add (else_list->list.nodes, nested);
        }
      else if (type == STRATA_TEMPLATE_NODE_WITH && chained == STRATA_TEMPLATE_ITEM_WITH)
        {
          StrataTemplateNode *nested;

          parser_next (parser);
          else_list = _strata_template_parser_new_list (parser, next->pos);
          if ((nested = parse_with (parser)) == NULL)
            goto out;
          g_ptr_array_add (else_list->list.nodes, nested);
        }
      else
        {
          if ((else_list = item_list (parser, &next)) == NULL)
            goto out;
          if (next->type != STRATA_TEMPLATE_NODE_END)
            {
              _strata_template_parser_fail (parser, "expected end; found {{else}}");
              goto out;
            }
        }
    }

  node = _strata_template_parser_new_node (parser, type, pipe->pos);
  node->branch.pipe = pipe;
  node->branch.list = list;
  node->branch.else_list = else_list;

out:
  parser->nesting--;
  g_ptr_array_set_size (parser->vars, vars_mark);
  return node;
}

static StrataTemplateNode *
parse_if (StrataTemplateParser *parser)
{
  return parse_control (parser, STRATA_TEMPLATE_NODE_IF, "if");
}

static StrataTemplateNode *
parse_with (StrataTemplateParser *parser)
{
  return parse_control (parser, STRATA_TEMPLATE_NODE_WITH, "with");
}

static char *
parse_template_name (StrataTemplateParser     *parser,
                     const StrataTemplateItem *item,
                     const char               *context)
{
  gsize length;
  char *name;

  if (item->type != STRATA_TEMPLATE_ITEM_STRING && item->type != STRATA_TEMPLATE_ITEM_RAW_STRING)
    {
      _strata_template_parser_unexpected (parser, item, context);
      return NULL;
    }
  name = _strata_template_unquote (item->value, item->length, &length);
  if (name == NULL)
    _strata_template_parser_fail (parser, "invalid syntax");
  return name;
}

static StrataTemplateNode *
parse_template (StrataTemplateParser *parser)
{
  const char *context = "template clause";
  const StrataTemplateItem *item = parser_next_non_space (parser);
  StrataTemplateNode *pipe = NULL;
  StrataTemplateNode *node;
  char *name;

  STRATA_TEMPLATE_CHECK (name = parse_template_name (parser, item, context));
  _strata_template_parser_keep (parser, name);
  if (parser_next_non_space (parser)->type != STRATA_TEMPLATE_ITEM_RIGHT_DELIM)
    {
      parser_backup (parser);
      STRATA_TEMPLATE_CHECK (pipe = _strata_template_parser_pipeline (parser, context, STRATA_TEMPLATE_ITEM_RIGHT_DELIM));
    }
  node = _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_TEMPLATE, item->pos);
  node->template_.name = name;
  node->template_.pipe = pipe;
  return node;
}

static gboolean is_empty_tree (StrataTemplateNode *node);

/* Adds a finished tree to this parse's set (Go's Tree.add). */
static gboolean
add_tree (StrataTemplateParser *parser,
          StrataTemplateTree   *tree)
{
  StrataTemplateTree *existing = g_hash_table_lookup (parser->tree_set, tree->name);

  if (existing == NULL || is_empty_tree (existing->root))
    {
      g_hash_table_replace (parser->tree_set, g_strdup (tree->name), _strata_template_tree_ref (tree));
      return TRUE;
    }
  if (!is_empty_tree (tree->root))
    {
      _strata_template_parser_fail (parser, "multiple definition of template \"%s\"", tree->name);
      return FALSE;
    }
  return TRUE;
}

static StrataTemplateTree *
new_tree (StrataTemplateParser *parser,
          const char           *name)
{
  StrataTemplateTree *tree = g_new0 (StrataTemplateTree, 1);

  tree->ref_count = 1;
  tree->name = g_strdup (name);
  tree->source = _strata_template_source_ref (parser->source);
  return tree;
}

static StrataTemplateNode *
parse_block (StrataTemplateParser *parser)
{
  const char *context = "block clause";
  const StrataTemplateItem *item = parser_next_non_space (parser);
  g_autoptr(StrataTemplateTree) block = NULL;
  StrataTemplateNode *pipe;
  StrataTemplateNode *next = NULL;
  StrataTemplateNode *node;
  char *name;

  STRATA_TEMPLATE_CHECK (name = parse_template_name (parser, item, context));
  _strata_template_parser_keep (parser, name);
  STRATA_TEMPLATE_CHECK (pipe = _strata_template_parser_pipeline (parser, context, STRATA_TEMPLATE_ITEM_RIGHT_DELIM));

  block = new_tree (parser, name);
  STRATA_TEMPLATE_CHECK (block->root = item_list (parser, &next));
  if (next->type != STRATA_TEMPLATE_NODE_END)
    {
      _strata_template_parser_fail (parser, "unexpected {{else}} in %s", context);
      return NULL;
    }
  if (!add_tree (parser, block))
    return NULL;

  node = _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_TEMPLATE, item->pos);
  node->template_.name = name;
  node->template_.pipe = pipe;
  return node;
}

/* action: control | command ("|" command)* */
static StrataTemplateNode *
parse_action (StrataTemplateParser *parser)
{
  const StrataTemplateItem *item = parser_next_non_space (parser);
  StrataTemplateNode *node;

  switch (item->type)
    {
    case STRATA_TEMPLATE_ITEM_BLOCK:
      return parse_block (parser);
    case STRATA_TEMPLATE_ITEM_BREAK:
    case STRATA_TEMPLATE_ITEM_CONTINUE:
      {
        gboolean is_break = item->type == STRATA_TEMPLATE_ITEM_BREAK;
        const StrataTemplateItem *close = parser_next_non_space (parser);

        if (close->type != STRATA_TEMPLATE_ITEM_RIGHT_DELIM)
          {
            _strata_template_parser_unexpected (parser, close, is_break ? "{{break}}" : "{{continue}}");
            return NULL;
          }
        if (parser->range_depth == 0)
          {
            _strata_template_parser_fail (parser, "{{%s}} outside {{range}}", is_break ? "break" : "continue");
            return NULL;
          }
        return _strata_template_parser_new_node (parser, is_break ? STRATA_TEMPLATE_NODE_BREAK : STRATA_TEMPLATE_NODE_CONTINUE,
                         item->pos);
      }
    case STRATA_TEMPLATE_ITEM_ELSE:
      {
        const StrataTemplateItem *following = parser_peek_non_space (parser);

        /* "{{else if" and "{{else with" leave the keyword for the caller. */
        if (following->type == STRATA_TEMPLATE_ITEM_IF || following->type == STRATA_TEMPLATE_ITEM_WITH)
          return _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_ELSE, following->pos);
        STRATA_TEMPLATE_CHECK (item = _strata_template_parser_expect (parser, STRATA_TEMPLATE_ITEM_RIGHT_DELIM, "else"));
        return _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_ELSE, item->pos);
      }
    case STRATA_TEMPLATE_ITEM_END:
      STRATA_TEMPLATE_CHECK (item = _strata_template_parser_expect (parser, STRATA_TEMPLATE_ITEM_RIGHT_DELIM, "end"));
      return _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_END, item->pos);
    case STRATA_TEMPLATE_ITEM_IF:
      return parse_if (parser);
    case STRATA_TEMPLATE_ITEM_RANGE:
      return parse_control (parser, STRATA_TEMPLATE_NODE_RANGE, "range");
    case STRATA_TEMPLATE_ITEM_TEMPLATE:
      return parse_template (parser);
    case STRATA_TEMPLATE_ITEM_WITH:
      return parse_with (parser);
    default:
      break;
    }
  parser_backup (parser);
  item = parser_peek (parser);
  node = _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_ACTION, item->pos);
  /* Variables declared here stay in scope until the enclosing {{end}}. */
  STRATA_TEMPLATE_CHECK (node->action.pipe = _strata_template_parser_pipeline (parser, "command", STRATA_TEMPLATE_ITEM_RIGHT_DELIM));
  return node;
}

static StrataTemplateNode *
text_or_action (StrataTemplateParser *parser)
{
  const StrataTemplateItem *item = parser_next_non_space (parser);
  StrataTemplateNode *node;

  switch (item->type)
    {
    case STRATA_TEMPLATE_ITEM_TEXT:
      node = _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_TEXT, item->pos);
      node->text.text = item->value;
      node->text.length = item->length;
      return node;
    case STRATA_TEMPLATE_ITEM_LEFT_DELIM:
      parser->action_line = item->line;
      node = parse_action (parser);
      parser->action_line = 0;
      return node;
    case STRATA_TEMPLATE_ITEM_COMMENT:
      node = _strata_template_parser_new_node (parser, STRATA_TEMPLATE_NODE_COMMENT, item->pos);
      node->text.text = item->value;
      node->text.length = item->length;
      return node;
    default:
      _strata_template_parser_unexpected (parser, item, "input");
      return NULL;
    }
}

static gboolean
is_empty_tree (StrataTemplateNode *node)
{
  if (node == NULL)
    return TRUE;
  switch (node->type)
    {
    case STRATA_TEMPLATE_NODE_COMMENT:
      return TRUE;
    case STRATA_TEMPLATE_NODE_LIST:
      for (guint i = 0; i < node->list.nodes->len; i++)
        if (!is_empty_tree (g_ptr_array_index (node->list.nodes, i)))
          return FALSE;
      return TRUE;
    case STRATA_TEMPLATE_NODE_TEXT:
      for (gsize i = 0; i < node->text.length; i++)
        if (!g_ascii_isspace (node->text.text[i]))
          return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

/* {{define "name"}} … {{end}}; "define" has been read. */
static gboolean
parse_definition (StrataTemplateParser *parser)
{
  const char *context = "define clause";
  const StrataTemplateItem *item = parser_next_non_space (parser);
  g_autoptr(StrataTemplateTree) tree = NULL;
  GPtrArray *outer_vars = parser->vars;
  int outer_range_depth = parser->range_depth;
  StrataTemplateNode *next = NULL;
  gboolean ok = FALSE;
  char *name;

  if ((name = parse_template_name (parser, item, context)) == NULL)
    return FALSE;
  _strata_template_parser_keep (parser, name);

  /* A definition is a tree of its own, with its own variables. */
  parser->vars = g_ptr_array_new ();
  parser->range_depth = 0;
  g_ptr_array_add (parser->vars, "$");
  tree = new_tree (parser, name);
  if (_strata_template_parser_expect (parser, STRATA_TEMPLATE_ITEM_RIGHT_DELIM, context) != NULL &&
      (tree->root = item_list (parser, &next)) != NULL)
    {
      if (next->type != STRATA_TEMPLATE_NODE_END)
        _strata_template_parser_fail (parser, "unexpected {{else}} in %s", context);
      else
        ok = add_tree (parser, tree);
    }
  g_ptr_array_unref (parser->vars);
  parser->vars = outer_vars;
  parser->range_depth = outer_range_depth;
  return ok;
}

/* The top level: like itemList, and also {{define}}s. */
static StrataTemplateNode *
parse_top (StrataTemplateParser *parser)
{
  StrataTemplateNode *root = _strata_template_parser_new_list (parser, parser_peek (parser)->pos);

  while (parser_peek (parser)->type != STRATA_TEMPLATE_ITEM_EOF)
    {
      StrataTemplateNode *node;

      if (parser_peek (parser)->type == STRATA_TEMPLATE_ITEM_LEFT_DELIM)
        {
          guint delim_index = parser->index;

          parser_next (parser);
          if (parser_next_non_space (parser)->type == STRATA_TEMPLATE_ITEM_DEFINE)
            {
              if (!parse_definition (parser))
                return NULL;
              continue;
            }
          parser->index = delim_index;
        }
      STRATA_TEMPLATE_CHECK (node = text_or_action (parser));
      if (node->type == STRATA_TEMPLATE_NODE_END || node->type == STRATA_TEMPLATE_NODE_ELSE)
        {
          _strata_template_parser_fail (parser, "unexpected %s", node->type == STRATA_TEMPLATE_NODE_END ? "{{end}}" : "{{else}}");
          return NULL;
        }
      g_ptr_array_add (root->list.nodes, node);
    }
  return root;
}

gboolean
_strata_template_parse (StrataTemplateSet  *set,
                        const char         *name,
                        const char         *text,
                        gsize               length,
                        GError            **error)
{
  g_autoptr(StrataTemplateSource) source = _strata_template_source_new (name, text, length);
  g_autoptr(StrataTemplateTree) tree = NULL;
  g_autoptr(GHashTable) tree_set = NULL;
  g_autoptr(GArray) items = NULL;
  StrataTemplateParser parser = { 0 };
  GHashTableIter iter;
  gpointer value;

  items = _strata_template_lex (source->text, length);
  tree_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify)_strata_template_tree_unref);

  parser.source = source;
  parser.items = items;
  parser.tree_set = tree_set;
  parser.vars = g_ptr_array_new ();
  g_ptr_array_add (parser.vars, "$");

  tree = new_tree (&parser, name);
  tree->root = parse_top (&parser);
  if (tree->root != NULL)
    add_tree (&parser, tree);
  g_ptr_array_unref (parser.vars);

  if (parser.error != NULL)
    {
      /* Go says "template: NAME:LINE: MESSAGE" and Helm "parse error at
       * (NAME:LINE): MESSAGE"; the column is ours. */
      g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_PARSE,
                   "parse error at (%s:%d:%" G_GSIZE_FORMAT "): %s",
                   name, parser.error_line, parser.error_column, parser.error);
      g_free (parser.error);
      return FALSE;
    }

  /* Go's AddParseTree: a tree replaces one of the same name unless it is
   * empty and the other is not. */
  g_hash_table_iter_init (&iter, tree_set);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      StrataTemplateTree *parsed = value;
      StrataTemplateTree *existing = _strata_template_set_lookup (set, parsed->name);

      if (existing != NULL && is_empty_tree (parsed->root))
        continue;
      g_hash_table_replace (set->trees, g_strdup (parsed->name), _strata_template_tree_ref (parsed));
    }
  return TRUE;
}

