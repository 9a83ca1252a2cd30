/* SPDX-License-Identifier: GPL-3.0-or-later */
/* XML answers of the query and EC2 protocols (STS, IAM, EC2) as JSON, with
 * GMarkup: the answers are small, well-formed and have no mixed content, so
 * a full XML library would add a dependency and nothing else. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-aws-error.h"
#include "strata-aws-xml-private.h"

/* No AWS answer nests deeper; a document that does is not one of them. */
#define MAX_DEPTH 64

typedef struct
{
  char      *name;
  GString   *text;
  GPtrArray *child_names;  /* char*, in document order */
  GPtrArray *child_nodes;  /* JsonNode*, parallel to child_names */
} Frame;

typedef struct
{
  GPtrArray          *stack;   /* Frame* */
  const char * const *list_names;
  JsonNode           *root;
  char               *root_name;
} Parser;

static Frame *
frame_new (const char *name)
{
  Frame *frame = g_new0 (Frame, 1);
  const char *colon = strchr (name, ':');

  /* <ns:Name> and <Name> are the same member for us. */
  frame->name = g_strdup (colon != NULL ? colon + 1 : name);
  frame->text = g_string_new (NULL);
  frame->child_names = g_ptr_array_new_with_free_func (g_free);
  frame->child_nodes = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);

  return frame;
}

static void
frame_free (Frame *frame)
{
  g_free (frame->name);
  g_string_free (frame->text, TRUE);
  g_ptr_array_unref (frame->child_names);
  g_ptr_array_unref (frame->child_nodes);
  g_free (frame);
}

static gboolean
is_list_item (const char *name)
{
  return strcmp (name, "member") == 0 || strcmp (name, "item") == 0;
}

static gboolean
is_list_name (Parser     *parser,
              const char *name)
{
  if (g_str_has_suffix (name, "Set"))
    return TRUE;

  return parser->list_names != NULL && g_strv_contains (parser->list_names, name);
}

static JsonNode *
leaf_to_node (Parser *parser,
              Frame  *frame)
{
  g_autofree char *stripped = g_strstrip (g_strdup (frame->text->str));

  if (*stripped == '\0' && is_list_name (parser, frame->name))
    return json_node_init_array (json_node_alloc (), json_array_new ());

  /* Whitespace-only text is the document's indentation, not a value. */
  return json_node_init_string (json_node_alloc (), *stripped == '\0' ? "" : frame->text->str);
}

static JsonNode *
frame_to_node (Parser *parser,
               Frame  *frame)
{
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(JsonObject) object = NULL;
  gboolean all_items = TRUE;
  guint n_children = frame->child_names->len;

  if (n_children == 0)
    return leaf_to_node (parser, frame);

  for (guint i = 0; i < n_children && all_items; i++)
    all_items = is_list_item (g_ptr_array_index (frame->child_names, i));

  if (all_items)
    {
      JsonArray *array = json_array_sized_new (n_children);

      for (guint i = 0; i < n_children; i++)
        json_array_add_element (array, json_node_ref (g_ptr_array_index (frame->child_nodes, i)));

      return json_node_init_array (json_node_alloc (), array);
    }

  counts = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n_children; i++)
    {
      const char *name = g_ptr_array_index (frame->child_names, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));

      g_hash_table_insert (counts, (gpointer)name, GUINT_TO_POINTER (count + 1));
    }

  object = json_object_new ();
  for (guint i = 0; i < n_children; i++)
    {
      const char *name = g_ptr_array_index (frame->child_names, i);
      JsonNode *child = g_ptr_array_index (frame->child_nodes, i);

      /* Siblings of one name (EC2's <Errors><Error/><Error/>) are a list. */
      if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) > 1)
        {
          JsonNode *list = json_object_get_member (object, name);

          if (list == NULL)
            {
              json_object_set_array_member (object, name, json_array_new ());
              list = json_object_get_member (object, name);
            }
          json_array_add_element (json_node_get_array (list), json_node_ref (child));
        }
      else
        json_object_set_member (object, name, json_node_ref (child));
    }

  return json_node_init_object (json_node_alloc (), g_steal_pointer (&object));
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element_name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  Parser *parser = user_data;

  if (parser->stack->len >= MAX_DEPTH)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   _("the XML nests deeper than %d elements"), MAX_DEPTH);
      return;
    }

  g_ptr_array_add (parser->stack, frame_new (element_name));
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element_name,
             gpointer              user_data,
             GError              **error)
{
  Parser *parser = user_data;
  Frame *frame = g_ptr_array_steal_index (parser->stack, parser->stack->len - 1);
  JsonNode *node = frame_to_node (parser, frame);

  if (parser->stack->len > 0)
    {
      Frame *parent = g_ptr_array_index (parser->stack, parser->stack->len - 1);

      g_ptr_array_add (parent->child_names, g_strdup (frame->name));
      g_ptr_array_add (parent->child_nodes, node);
    }
  else
    {
      g_clear_pointer (&parser->root, json_node_unref);
      g_free (parser->root_name);
      parser->root = node;
      parser->root_name = g_strdup (frame->name);
    }

  frame_free (frame);
}

static void
text (GMarkupParseContext  *context,
      const char           *text,
      gsize                 text_len,
      gpointer              user_data,
      GError              **error)
{
  Parser *parser = user_data;

  if (parser->stack->len > 0)
    {
      Frame *frame = g_ptr_array_index (parser->stack, parser->stack->len - 1);

      g_string_append_len (frame->text, text, text_len);
    }
}

/**
 * _strata_aws_xml_parse:
 * @data: the XML document
 * @size: its length in bytes
 * @list_names: (nullable) (array zero-terminated=1): element names that are
 *   lists even when empty
 * @root_name: (out) (optional) (transfer full): the root element's name
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the root element's value, or %NULL
 *   with a %STRATA_AWS_ERROR_BAD_RESPONSE error
 */
JsonNode *
_strata_aws_xml_parse (const char          *data,
                       gsize                size,
                       const char * const  *list_names,
                       char               **root_name,
                       GError             **error)
{
  static const GMarkupParser callbacks = { start_element, end_element, text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  Parser parser = { 0 };
  JsonNode *root;

  parser.stack = g_ptr_array_new_with_free_func ((GDestroyNotify)frame_free);
  parser.list_names = list_names;

  /* GMarkup does not read the <?xml?> declaration; it passes it as a
   * passthrough, which we do not ask for, so it is skipped. */
  context = g_markup_parse_context_new (&callbacks, G_MARKUP_PREFIX_ERROR_POSITION, &parser, NULL);
  if (!g_markup_parse_context_parse (context, data, size, &local_error) ||
      !g_markup_parse_context_end_parse (context, &local_error) ||
      parser.root == NULL)
    {
      g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_BAD_RESPONSE,
                   _("The AWS answer is not valid XML: %s"),
                   local_error != NULL ? local_error->message : _("it is empty"));
      g_ptr_array_unref (parser.stack);
      g_clear_pointer (&parser.root, json_node_unref);
      g_free (parser.root_name);
      return NULL;
    }

  g_ptr_array_unref (parser.stack);
  root = parser.root;
  if (root_name != NULL)
    *root_name = parser.root_name;
  else
    g_free (parser.root_name);

  return root;
}
