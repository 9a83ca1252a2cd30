/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "strata-sandbox-schema.h"

static const char * const name_key[] = { "name", NULL };
static const char * const container_port_key[] = { "containerPort", "protocol", NULL };
static const char * const service_port_key[] = { "port", "protocol", NULL };
static const char * const mount_path_key[] = { "mountPath", NULL };
static const char * const device_path_key[] = { "devicePath", NULL };
static const char * const type_key[] = { "type", NULL };
static const char * const uid_key[] = { "uid", NULL };
static const char * const ip_key[] = { "ip", NULL };
static const char * const topology_key[] = { "topologyKey", "whenUnsatisfiable", NULL };

typedef struct
{
  const char         *field;
  const char * const *keys;
} MapList;

static const MapList map_lists[] = {
  { "containers", name_key },
  { "initContainers", name_key },
  { "ephemeralContainers", name_key },
  { "env", name_key },
  { "volumes", name_key },
  { "imagePullSecrets", name_key },
  { "volumeMounts", mount_path_key },
  { "volumeDevices", device_path_key },
  { "conditions", type_key },
  { "ownerReferences", uid_key },
  { "hostAliases", ip_key },
  { "topologySpreadConstraints", topology_key },
};

StrataSandboxListType
strata_sandbox_schema_list_type (const char          *field,
                                 JsonArray           *items,
                                 const char * const **keys)
{
  *keys = NULL;
  if (field == NULL)
    return STRATA_SANDBOX_LIST_ATOMIC;

  if (g_str_equal (field, "finalizers"))
    return STRATA_SANDBOX_LIST_SET;

  if (g_str_equal (field, "ports"))
    {
      /* Container ports carry containerPort, service ports port. */
      for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
        {
          JsonNode *item = json_array_get_element (items, i);

          if (JSON_NODE_HOLDS_OBJECT (item) && json_object_has_member (json_node_get_object (item), "containerPort"))
            {
              *keys = container_port_key;
              return STRATA_SANDBOX_LIST_MAP;
            }
        }
      *keys = service_port_key;
      return STRATA_SANDBOX_LIST_MAP;
    }

  for (guint i = 0; i < G_N_ELEMENTS (map_lists); i++)
    if (g_str_equal (field, map_lists[i].field))
      {
        *keys = map_lists[i].keys;
        return STRATA_SANDBOX_LIST_MAP;
      }

  return STRATA_SANDBOX_LIST_ATOMIC;
}

gboolean
strata_sandbox_schema_is_atomic (const char *field)
{
  /* LabelSelector is +structType=atomic, a Service's selector
   * +mapType=atomic. */
  return field != NULL && g_str_equal (field, "selector");
}

static gboolean
values_equal (JsonNode *a,
              JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

gboolean
strata_sandbox_schema_item_matches (JsonObject         *item,
                                    JsonObject         *other,
                                    const char * const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      JsonNode *a = json_object_has_member (item, keys[i]) ? json_object_get_member (item, keys[i]) : NULL;
      JsonNode *b = json_object_has_member (other, keys[i]) ? json_object_get_member (other, keys[i]) : NULL;

      /* protocol defaults to TCP: an item without it is the TCP one. */
      if (g_str_equal (keys[i], "protocol"))
        {
          const char *left = a ? json_node_get_string (a) : "TCP";
          const char *right = b ? json_node_get_string (b) : "TCP";

          if (g_strcmp0 (left, right) != 0)
            return FALSE;
          continue;
        }
      if (!values_equal (a, b))
        return FALSE;
    }

  return TRUE;
}
