/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Parse trees: the sources that own the nodes, named trees and sets of
 * them, and nodes written back as Go's Node.String() does, which is how
 * error messages quote the failing expression. */

#include "config.h"

#include <string.h>

#include "strata-template-private.h"

static void
node_free (gpointer data)
{
  StrataTemplateNode *node = data;

  switch (node->type)
    {
    case STRATA_TEMPLATE_NODE_CHAIN:
      g_ptr_array_unref (node->chain.fields);
      break;
    case STRATA_TEMPLATE_NODE_COMMAND:
      g_ptr_array_unref (node->command.args);
      break;
    case STRATA_TEMPLATE_NODE_FIELD:
    case STRATA_TEMPLATE_NODE_VARIABLE:
      g_ptr_array_unref (node->field.idents);
      break;
    case STRATA_TEMPLATE_NODE_LIST:
      g_ptr_array_unref (node->list.nodes);
      break;
    case STRATA_TEMPLATE_NODE_PIPE:
      g_ptr_array_unref (node->pipe.decl);
      g_ptr_array_unref (node->pipe.cmds);
      break;
    case STRATA_TEMPLATE_NODE_STRING:
      g_free (node->string.text);
      break;
    default:
      break;
    }
  g_free (node);
}

StrataTemplateSource *
_strata_template_source_new (const char *parse_name,
                             const char *text,
                             gsize       length)
{
  StrataTemplateSource *source = g_new0 (StrataTemplateSource, 1);

  source->ref_count = 1;
  source->parse_name = g_strdup (parse_name);
  source->text = g_strndup (text, length);
  source->length = length;
  source->nodes = g_ptr_array_new_with_free_func (node_free);
  source->strings = g_ptr_array_new_with_free_func (g_free);
  return source;
}

StrataTemplateSource *
_strata_template_source_ref (StrataTemplateSource *source)
{
  source->ref_count++;
  return source;
}

void
_strata_template_source_unref (StrataTemplateSource *source)
{
  if (source == NULL || --source->ref_count > 0)
    return;
  g_ptr_array_unref (source->nodes);
  g_ptr_array_unref (source->strings);
  g_free (source->parse_name);
  g_free (source->text);
  g_free (source);
}

StrataTemplateTree *
_strata_template_tree_ref (StrataTemplateTree *tree)
{
  tree->ref_count++;
  return tree;
}

void
_strata_template_tree_unref (StrataTemplateTree *tree)
{
  if (tree == NULL || --tree->ref_count > 0)
    return;
  _strata_template_source_unref (tree->source);
  g_free (tree->name);
  g_free (tree);
}

StrataTemplateSet *
_strata_template_set_new (StrataTemplateSet *parent)
{
  StrataTemplateSet *set = g_new0 (StrataTemplateSet, 1);

  set->parent = parent;
  set->trees = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)_strata_template_tree_unref);
  return set;
}

void
_strata_template_set_free (StrataTemplateSet *set)
{
  if (set == NULL)
    return;
  g_hash_table_unref (set->trees);
  g_free (set);
}

StrataTemplateTree *
_strata_template_set_lookup (StrataTemplateSet *set,
                             const char        *name)
{
  for (; set != NULL; set = set->parent)
    {
      StrataTemplateTree *tree = g_hash_table_lookup (set->trees, name);

      if (tree != NULL)
        return tree;
    }
  return NULL;
}

void
_strata_template_node_write (GString            *out,
                             StrataTemplateNode *node)
{
  switch (node->type)
    {
    case STRATA_TEMPLATE_NODE_TEXT:
      _strata_template_quote (out, node->text.text, node->text.length, FALSE);
      break;
    case STRATA_TEMPLATE_NODE_COMMENT:
      g_string_append_printf (out, "{{%.*s}}", (int)node->text.length, node->text.text);
      break;
    case STRATA_TEMPLATE_NODE_ACTION:
      g_string_append (out, "{{");
      _strata_template_node_write (out, node->action.pipe);
      g_string_append (out, "}}");
      break;
    case STRATA_TEMPLATE_NODE_BOOL:
      g_string_append (out, node->boolean ? "true" : "false");
      break;
    case STRATA_TEMPLATE_NODE_CHAIN:
      if (node->chain.node->type == STRATA_TEMPLATE_NODE_PIPE)
        {
          g_string_append_c (out, '(');
          _strata_template_node_write (out, node->chain.node);
          g_string_append_c (out, ')');
        }
      else
        _strata_template_node_write (out, node->chain.node);
      for (guint i = 0; i < node->chain.fields->len; i++)
        g_string_append_printf (out, ".%s", (const char *)g_ptr_array_index (node->chain.fields, i));
      break;
    case STRATA_TEMPLATE_NODE_COMMAND:
      for (guint i = 0; i < node->command.args->len; i++)
        {
          StrataTemplateNode *arg = g_ptr_array_index (node->command.args, i);

          if (i > 0)
            g_string_append_c (out, ' ');
          if (arg->type == STRATA_TEMPLATE_NODE_PIPE)
            {
              g_string_append_c (out, '(');
              _strata_template_node_write (out, arg);
              g_string_append_c (out, ')');
            }
          else
            _strata_template_node_write (out, arg);
        }
      break;
    case STRATA_TEMPLATE_NODE_DOT:
      g_string_append_c (out, '.');
      break;
    case STRATA_TEMPLATE_NODE_FIELD:
      for (guint i = 0; i < node->field.idents->len; i++)
        g_string_append_printf (out, ".%s", (const char *)g_ptr_array_index (node->field.idents, i));
      break;
    case STRATA_TEMPLATE_NODE_VARIABLE:
      for (guint i = 0; i < node->field.idents->len; i++)
        g_string_append_printf (out, "%s%s", i > 0 ? "." : "",
                                (const char *)g_ptr_array_index (node->field.idents, i));
      break;
    case STRATA_TEMPLATE_NODE_IDENTIFIER:
      g_string_append (out, node->identifier.name);
      break;
    case STRATA_TEMPLATE_NODE_IF:
    case STRATA_TEMPLATE_NODE_RANGE:
    case STRATA_TEMPLATE_NODE_WITH:
      g_string_append_printf (out, "{{%s ", node->type == STRATA_TEMPLATE_NODE_IF ? "if" :
                                           node->type == STRATA_TEMPLATE_NODE_RANGE ? "range" : "with");
      _strata_template_node_write (out, node->branch.pipe);
      g_string_append (out, "}}");
      _strata_template_node_write (out, node->branch.list);
      if (node->branch.else_list != NULL)
        {
          g_string_append (out, "{{else}}");
          _strata_template_node_write (out, node->branch.else_list);
        }
      g_string_append (out, "{{end}}");
      break;
    case STRATA_TEMPLATE_NODE_LIST:
      for (guint i = 0; i < node->list.nodes->len; i++)
        _strata_template_node_write (out, g_ptr_array_index (node->list.nodes, i));
      break;
    case STRATA_TEMPLATE_NODE_NIL:
      g_string_append (out, "nil");
      break;
    case STRATA_TEMPLATE_NODE_NUMBER:
      g_string_append (out, node->number.text);
      break;
    case STRATA_TEMPLATE_NODE_PIPE:
      for (guint i = 0; i < node->pipe.decl->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          _strata_template_node_write (out, g_ptr_array_index (node->pipe.decl, i));
        }
      if (node->pipe.decl->len > 0)
        g_string_append (out, " := ");
      for (guint i = 0; i < node->pipe.cmds->len; i++)
        {
          if (i > 0)
            g_string_append (out, " | ");
          _strata_template_node_write (out, g_ptr_array_index (node->pipe.cmds, i));
        }
      break;
    case STRATA_TEMPLATE_NODE_STRING:
      g_string_append (out, node->string.quoted);
      break;
    case STRATA_TEMPLATE_NODE_TEMPLATE:
      g_string_append (out, "{{template ");
      _strata_template_quote (out, node->template_.name, strlen (node->template_.name), FALSE);
      if (node->template_.pipe != NULL)
        {
          g_string_append_c (out, ' ');
          _strata_template_node_write (out, node->template_.pipe);
        }
      g_string_append (out, "}}");
      break;
    case STRATA_TEMPLATE_NODE_BREAK:
      g_string_append (out, "{{break}}");
      break;
    case STRATA_TEMPLATE_NODE_CONTINUE:
      g_string_append (out, "{{continue}}");
      break;
    case STRATA_TEMPLATE_NODE_END:
      g_string_append (out, "{{end}}");
      break;
    case STRATA_TEMPLATE_NODE_ELSE:
      g_string_append (out, "{{else}}");
      break;
    default:
      g_assert_not_reached ();
    }
}

char *
_strata_template_node_location (StrataTemplateNode *node)
{
  const char *text = node->source->text;
  gsize line_start = node->pos;
  int line = 1;

  for (gsize i = 0; i < node->pos && i < node->source->length; i++)
    line += text[i] == '\n';
  while (line_start > 0 && text[line_start - 1] != '\n')
    line_start--;
  /* Go counts the column from 0 on every line but the first, where it
   * is the byte offset itself: the same number either way. */
  return g_strdup_printf ("%s:%d:%" G_GSIZE_FORMAT, node->source->parse_name, line, node->pos - line_start);
}
