/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "strata-sandbox-json.h"

JsonNode *
strata_sandbox_json_copy (JsonNode *node)
{
  JsonNode *copy;

  if (node == NULL)
    return NULL;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_object_new ();
        JsonObjectIter iter;
        const char *member;
        JsonNode *value;

        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &member, &value))
          json_object_set_member (object, member, strata_sandbox_json_copy (value));
        copy = json_node_alloc ();
        json_node_init_object (copy, object);
        json_object_unref (object);
        return copy;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *source = json_node_get_array (node);
        JsonArray *array = json_array_sized_new (json_array_get_length (source));

        for (guint i = 0; i < json_array_get_length (source); i++)
          json_array_add_element (array, strata_sandbox_json_copy (json_array_get_element (source, i)));
        copy = json_node_alloc ();
        json_node_init_array (copy, array);
        json_array_unref (array);
        return copy;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

JsonNode *
strata_sandbox_json_new_object (void)
{
  JsonNode *node = json_node_alloc ();
  JsonObject *object = json_object_new ();

  json_node_init_object (node, object);
  json_object_unref (object);
  return node;
}
