/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading and shaping Kubernetes objects the way the controllers of a real
 * cluster do: owner references, conditions, template hashes, timestamps. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-sandbox-controllers-private.h"

const char *
_strata_sandbox_meta_get (JsonObject *object,
                          const char *member)
{
  return strata_json_object_get_string (strata_json_object_get_object (object, "metadata"), member);
}

gint64
_strata_sandbox_json_get_int (JsonObject *object,
                              const char *member,
                              gint64      fallback)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node);
  if (type == G_TYPE_DOUBLE)
    return (gint64)json_node_get_double (node);

  return fallback;
}

JsonNode *
_strata_sandbox_node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

const char *
_strata_sandbox_json_array_get_string (JsonArray *array,
                                       guint      index)
{
  JsonNode *node = array && index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gboolean
_strata_sandbox_json_get_bool (JsonObject *object,
                               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

/* (transfer full): a copy of @object's status, or an empty one. */
JsonNode *
_strata_sandbox_status_copy (JsonObject *object)
{
  JsonNode *status = json_object_get_member (object, "status");

  if (status != NULL && JSON_NODE_HOLDS_OBJECT (status))
    return strata_sandbox_json_copy (status);

  return strata_sandbox_json_new_object ();
}

JsonObject *
_strata_sandbox_json_ensure_object (JsonObject *object,
                                    const char *member)
{
  JsonObject *found = strata_json_object_get_object (object, member);

  if (found == NULL)
    {
      found = json_object_new ();
      json_object_set_object_member (object, member, found);
    }

  return found;
}

void
_strata_sandbox_json_set_count (JsonObject *object,
                                const char *member,
                                gint64      value,
                                gboolean    omit_zero)
{
  if (value == 0 && omit_zero)
    json_object_remove_member (object, member);
  else
    json_object_set_int_member (object, member, value);
}

gboolean
_strata_sandbox_is_being_deleted (JsonObject *object)
{
  return _strata_sandbox_meta_get (object, "deletionTimestamp") != NULL;
}

JsonObject *
_strata_sandbox_controller_ref (JsonObject *object)
{
  JsonArray *references = strata_json_object_get_array (strata_json_object_get_object (object, "metadata"),
                                                        "ownerReferences");

  for (guint i = 0; references != NULL && i < json_array_get_length (references); i++)
    {
      JsonNode *node = json_array_get_element (references, i);
      JsonObject *reference;
      JsonNode *controller;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      reference = json_node_get_object (node);
      controller = json_object_get_member (reference, "controller");
      if (controller != NULL && JSON_NODE_HOLDS_VALUE (controller) &&
          json_node_get_value_type (controller) == G_TYPE_BOOLEAN && json_node_get_boolean (controller))
        return reference;
    }

  return NULL;
}

const char *
_strata_sandbox_controller_uid (JsonObject *object)
{
  return strata_json_object_get_string (_strata_sandbox_controller_ref (object), "uid");
}

JsonNode *
_strata_sandbox_owner_reference_new (JsonObject *owner)
{
  JsonObject *reference = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (reference, "apiVersion", strata_json_object_get_string (owner, "apiVersion"));
  json_object_set_string_member (reference, "kind", strata_json_object_get_string (owner, "kind"));
  json_object_set_string_member (reference, "name", _strata_sandbox_meta_get (owner, "name"));
  json_object_set_string_member (reference, "uid", _strata_sandbox_meta_get (owner, "uid"));
  json_object_set_boolean_member (reference, "controller", TRUE);
  json_object_set_boolean_member (reference, "blockOwnerDeletion", TRUE);
  json_node_take_object (node, reference);

  return node;
}

JsonObject *
_strata_sandbox_find_condition (JsonObject *status,
                                const char *type)
{
  JsonArray *conditions = strata_json_object_get_array (status, "conditions");

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonNode *node = json_array_get_element (conditions, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (strata_json_object_get_string (json_node_get_object (node), "type"), type) == 0)
        return json_node_get_object (node);
    }

  return NULL;
}

static void
set_optional_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_remove_member (object, member);
}

void
_strata_sandbox_set_condition (JsonObject *status,
                               const char *type,
                               const char *value,
                               const char *reason,
                               const char *message,
                               gboolean    with_probe_time,
                               gboolean    with_update_time)
{
  JsonObject *condition = _strata_sandbox_find_condition (status, type);
  g_autofree char *now = _strata_sandbox_timestamp (g_get_real_time ());
  gboolean value_changed;
  gboolean details_changed;

  if (condition == NULL)
    {
      JsonArray *conditions = strata_json_object_get_array (status, "conditions");

      if (conditions == NULL)
        {
          conditions = json_array_new ();
          json_object_set_array_member (status, "conditions", conditions);
        }
      condition = json_object_new ();
      json_array_add_object_element (conditions, condition);
      json_object_set_string_member (condition, "type", type);
      json_object_set_string_member (condition, "status", value);
      if (with_probe_time)
        json_object_set_null_member (condition, "lastProbeTime");
      if (with_update_time)
        json_object_set_string_member (condition, "lastUpdateTime", now);
      json_object_set_string_member (condition, "lastTransitionTime", now);
      set_optional_string (condition, "reason", reason);
      set_optional_string (condition, "message", message);
      return;
    }

  value_changed = g_strcmp0 (strata_json_object_get_string (condition, "status"), value) != 0;
  details_changed = g_strcmp0 (strata_json_object_get_string (condition, "reason"), reason) != 0 ||
                    g_strcmp0 (strata_json_object_get_string (condition, "message"), message) != 0;
  if (value_changed)
    json_object_set_string_member (condition, "lastTransitionTime", now);
  if (with_update_time && (value_changed || details_changed))
    json_object_set_string_member (condition, "lastUpdateTime", now);
  json_object_set_string_member (condition, "status", value);
  set_optional_string (condition, "reason", reason);
  set_optional_string (condition, "message", message);
}

/* JSON with the members of every object sorted: the same template gives
 * the same text however its members were ordered on the way in. */
static void
append_canonical (GString  *text,
                  JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = g_list_sort (json_object_get_members (object), (GCompareFunc)strcmp);

        g_string_append_c (text, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            g_autofree char *escaped = g_strescape (l->data, NULL);

            g_string_append_printf (text, "%s\"%s\":", l == members ? "" : ",", escaped);
            append_canonical (text, json_object_get_member (object, l->data));
          }
        g_string_append_c (text, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (text, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (text, ',');
            append_canonical (text, json_array_get_element (array, i));
          }
        g_string_append_c (text, ']');
      }
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          {
            g_autofree char *escaped = g_strescape (json_node_get_string (node), NULL);

            g_string_append_printf (text, "\"%s\"", escaped);
          }
        else if (type == G_TYPE_INT64)
          g_string_append_printf (text, "%" G_GINT64_FORMAT, json_node_get_int (node));
        else if (type == G_TYPE_DOUBLE)
          g_string_append_printf (text, "%.17g", json_node_get_double (node));
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (text, json_node_get_boolean (node) ? "true" : "false");
      }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (text, "null");
      break;
    }
}

char *
_strata_sandbox_template_hash (JsonNode *template_,
                               guint     collision_count)
{
  /* rand.SafeEncodeString's alphabet: no vowels, no look-alikes */
  static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *decimal = NULL;
  guint32 hash = 2166136261u;

  append_canonical (text, template_);
  if (collision_count > 0)
    g_string_append_printf (text, "#%u", collision_count);

  for (gsize i = 0; i < text->len; i++)
    {
      hash ^= (guchar)text->str[i];
      hash *= 16777619u;
    }

  decimal = g_strdup_printf ("%u", hash);
  for (char *c = decimal; *c != '\0'; c++)
    *c = alphabet[(guchar)*c % (sizeof alphabet - 1)];

  return g_steal_pointer (&decimal);
}

char *
_strata_sandbox_timestamp (gint64 real_time_usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (real_time_usec / G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

gint64
_strata_sandbox_parse_timestamp (const char *text)
{
  g_autoptr(GDateTime) time = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  if (time == NULL)
    return 0;

  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

gint64
_strata_sandbox_scaled_value (JsonObject *object,
                              const char *member,
                              gint64      total,
                              const char *fallback,
                              gboolean    round_up)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  const char *text = fallback;
  gint64 percent;
  char *end = NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return MAX (json_node_get_int (node), 0);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    text = json_node_get_string (node);

  /* intstr percentages are whole numbers ("25%"). */
  percent = g_ascii_strtoll (text, &end, 10);
  if (end == text || percent < 0)
    return 0;
  if (*end != '%')
    return percent;

  total = MAX (total, 0);
  return round_up ? (percent * total + 99) / 100 : percent * total / 100;
}

/* A resource.Quantity as a number: cores for CPU ("250m", "0.5", "2"),
 * bytes for memory ("128Mi", "1G", "1e9"). FALSE when it is not one. */
gboolean
_strata_sandbox_parse_quantity (const char *text,
                                double     *value)
{
  static const struct {
    const char *suffix;
    double      factor;
  } suffixes[] = {
    { "Ki", 1024.0 }, { "Mi", 1048576.0 }, { "Gi", 1073741824.0 },
    { "Ti", 1099511627776.0 }, { "Pi", 1125899906842624.0 }, { "Ei", 1152921504606846976.0 },
    { "n", 1e-9 }, { "u", 1e-6 }, { "m", 1e-3 },
    { "k", 1e3 }, { "M", 1e6 }, { "G", 1e9 }, { "T", 1e12 }, { "P", 1e15 }, { "E", 1e18 },
    { "", 1.0 },
  };
  char *end = NULL;
  double number;

  if (text == NULL || *text == '\0')
    return FALSE;

  number = g_ascii_strtod (text, &end);
  if (end == text || number < 0 || !isfinite (number))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_equal (end, suffixes[i].suffix))
      {
        *value = number * suffixes[i].factor;
        return TRUE;
      }

  return FALSE;
}

/* What a Pod asks of its Node, as the scheduler sums it: the containers'
 * requests (or limits, which requests default to), or the largest init
 * container's when that is more. */
void
_strata_sandbox_pod_requests (JsonObject *pod,
                              double     *cpu,
                              double     *memory)
{
  JsonObject *spec = strata_json_object_get_object (pod, "spec");
  const char *lists[] = { "containers", "initContainers" };

  *cpu = 0;
  *memory = 0;

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonArray *containers = strata_json_object_get_array (spec, lists[l]);
      double list_cpu = 0;
      double list_memory = 0;

      for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
        {
          JsonNode *node = json_array_get_element (containers, i);
          JsonObject *resources;
          JsonObject *requests;
          JsonObject *limits;
          const char *text;
          double amount;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          resources = strata_json_object_get_object (json_node_get_object (node), "resources");
          requests = strata_json_object_get_object (resources, "requests");
          limits = strata_json_object_get_object (resources, "limits");

          text = strata_json_object_get_string (requests, "cpu");
          if (text == NULL)
            text = strata_json_object_get_string (limits, "cpu");
          if (_strata_sandbox_parse_quantity (text, &amount))
            list_cpu = l == 0 ? list_cpu + amount : MAX (list_cpu, amount);

          text = strata_json_object_get_string (requests, "memory");
          if (text == NULL)
            text = strata_json_object_get_string (limits, "memory");
          if (_strata_sandbox_parse_quantity (text, &amount))
            list_memory = l == 0 ? list_memory + amount : MAX (list_memory, amount);
        }

      *cpu = MAX (*cpu, list_cpu);
      *memory = MAX (*memory, list_memory);
    }
}
