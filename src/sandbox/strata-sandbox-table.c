/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Server-side printing: the columns kubectl get shows for the common
 * kinds, computed as kube-apiserver's printers compute them. */

#include "config.h"

#include <string.h>

#include "strata-json.h"
#include "strata-sandbox-json.h"
#include "strata-sandbox-handlers.h"

gboolean
_strata_sandbox_wants_table (StrataSandboxRequest *request)
{
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (request->message),
                                                     "Accept");

  return accept != NULL && strstr (accept, "as=Table") != NULL && strstr (accept, "g=meta.k8s.io") != NULL;
}

/* apimachinery's duration.HumanDuration. */
static char *
human_duration (gint64 seconds)
{
  gint64 minutes = seconds / 60, hours = seconds / 3600, days = seconds / 86400;

  if (seconds < 0)
    return g_strdup ("<invalid>");
  if (seconds < 120)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", seconds);
  if (minutes < 10)
    return seconds % 60 ? g_strdup_printf ("%" G_GINT64_FORMAT "m%" G_GINT64_FORMAT "s", minutes, seconds % 60)
                        : g_strdup_printf ("%" G_GINT64_FORMAT "m", minutes);
  if (minutes < 180)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m", minutes);
  if (hours < 8)
    return minutes % 60 ? g_strdup_printf ("%" G_GINT64_FORMAT "h%" G_GINT64_FORMAT "m", hours, minutes % 60)
                        : g_strdup_printf ("%" G_GINT64_FORMAT "h", hours);
  if (hours < 48)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h", hours);
  if (hours < 192)
    return hours % 24 ? g_strdup_printf ("%" G_GINT64_FORMAT "d%" G_GINT64_FORMAT "h", days, hours % 24)
                      : g_strdup_printf ("%" G_GINT64_FORMAT "d", days);
  if (days < 365 * 2)
    return g_strdup_printf ("%" G_GINT64_FORMAT "d", days);
  return g_strdup_printf ("%" G_GINT64_FORMAT "y%" G_GINT64_FORMAT "d", days / 365, days % 365);
}

static char *
age_of (const char *timestamp)
{
  g_autoptr(GDateTime) then = timestamp ? g_date_time_new_from_iso8601 (timestamp, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (then == NULL)
    return g_strdup ("<unknown>");
  return human_duration (g_date_time_difference (now, then) / G_USEC_PER_SEC);
}

static JsonObject *
member_object (JsonObject *object,
               const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL && object != NULL; i++)
    object = strata_json_object_get_object (object, parts[i]);
  return object;
}

static gint64
int_at (JsonObject *object,
        const char *path,
        const char *member)
{
  JsonObject *parent = member_object (object, path);

  return parent ? json_object_get_int_member_with_default (parent, member, 0) : 0;
}

static const char *
string_at (JsonObject *object,
           const char *path,
           const char *member)
{
  return strata_json_object_get_string (member_object (object, path), member);
}

typedef struct
{
  const char *kind;
  const char *columns;  /* name:type, comma-separated, after Name */
} Printer;

static const Printer printers[] = {
  { "Pod", "Ready:string,Status:string,Restarts:integer,Age:string,IP:string:1,Node:string:1" },
  { "Deployment", "Ready:string,Up-to-date:integer,Available:integer,Age:string" },
  { "ReplicaSet", "Desired:integer,Current:integer,Ready:integer,Age:string" },
  { "StatefulSet", "Ready:string,Age:string" },
  { "DaemonSet", "Desired:integer,Current:integer,Ready:integer,Up-to-date:integer,Available:integer,Age:string" },
  { "Job", "Completions:string,Age:string" },
  { "Namespace", "Status:string,Age:string" },
  { "Node", "Status:string,Roles:string,Age:string,Version:string" },
  { "ConfigMap", "Data:integer,Age:string" },
  { "Secret", "Type:string,Data:integer,Age:string" },
  { "Service", "Type:string,Cluster-IP:string,Age:string" },
};

static const char *
columns_for (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (printers); i++)
    if (g_str_equal (printers[i].kind, kind))
      return printers[i].columns;
  return "Age:string";
}

static void
add_string (JsonArray  *cells,
            const char *value)
{
  json_array_add_string_element (cells, value ? value : "");
}

static void
take_string (JsonArray *cells,
             char      *value)
{
  json_array_add_string_element (cells, value);
  g_free (value);
}

static void
add_pod_status (JsonArray  *cells,
                JsonObject *pod)
{
  JsonArray *statuses = strata_json_object_get_array (member_object (pod, "status"), "containerStatuses");
  JsonArray *containers = strata_json_object_get_array (member_object (pod, "spec"), "containers");
  const char *phase = string_at (pod, "status", "phase");
  gint64 ready = 0, restarts = 0;

  for (guint i = 0; statuses != NULL && i < json_array_get_length (statuses); i++)
    {
      JsonObject *status = json_array_get_object_element (statuses, i);

      ready += json_object_get_boolean_member_with_default (status, "ready", FALSE);
      restarts += json_object_get_int_member_with_default (status, "restartCount", 0);
    }

  take_string (cells, g_strdup_printf ("%" G_GINT64_FORMAT "/%u", ready,
                                       containers ? json_array_get_length (containers) : 0));
  if (string_at (pod, "metadata", "deletionTimestamp") != NULL)
    add_string (cells, "Terminating");
  else
    add_string (cells, string_at (pod, "status", "reason") ?: phase ?: "Pending");
  json_array_add_int_element (cells, restarts);
}

static gint64
desired_replicas (JsonObject *object)
{
  JsonObject *spec = member_object (object, "spec");

  return spec && json_object_has_member (spec, "replicas") ? json_object_get_int_member (spec, "replicas") : 1;
}

static const char *
node_status (JsonObject *node)
{
  JsonArray *conditions = strata_json_object_get_array (member_object (node, "status"), "conditions");

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonObject *condition = json_array_get_object_element (conditions, i);

      if (g_strcmp0 (strata_json_object_get_string (condition, "type"), "Ready") == 0)
        return g_strcmp0 (strata_json_object_get_string (condition, "status"), "True") == 0 ? "Ready" : "NotReady";
    }
  return "Unknown";
}

static void
add_cells (JsonArray  *cells,
           const char *kind,
           JsonObject *object)
{
  g_autofree char *age = age_of (string_at (object, "metadata", "creationTimestamp"));
  JsonObject *data = member_object (object, "data");

  if (g_str_equal (kind, "Pod"))
    add_pod_status (cells, object);
  else if (g_str_equal (kind, "Deployment"))
    {
      take_string (cells, g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                           int_at (object, "status", "readyReplicas"), desired_replicas (object)));
      json_array_add_int_element (cells, int_at (object, "status", "updatedReplicas"));
      json_array_add_int_element (cells, int_at (object, "status", "availableReplicas"));
    }
  else if (g_str_equal (kind, "ReplicaSet"))
    {
      json_array_add_int_element (cells, desired_replicas (object));
      json_array_add_int_element (cells, int_at (object, "status", "replicas"));
      json_array_add_int_element (cells, int_at (object, "status", "readyReplicas"));
    }
  else if (g_str_equal (kind, "StatefulSet"))
    take_string (cells, g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                         int_at (object, "status", "readyReplicas"), desired_replicas (object)));
  else if (g_str_equal (kind, "DaemonSet"))
    {
      json_array_add_int_element (cells, int_at (object, "status", "desiredNumberScheduled"));
      json_array_add_int_element (cells, int_at (object, "status", "currentNumberScheduled"));
      json_array_add_int_element (cells, int_at (object, "status", "numberReady"));
      json_array_add_int_element (cells, int_at (object, "status", "updatedNumberScheduled"));
      json_array_add_int_element (cells, int_at (object, "status", "numberAvailable"));
    }
  else if (g_str_equal (kind, "Job"))
    take_string (cells, g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                         int_at (object, "status", "succeeded"),
                                         member_object (object, "spec") &&
                                         json_object_has_member (member_object (object, "spec"), "completions")
                                           ? int_at (object, "spec", "completions") : 1));
  else if (g_str_equal (kind, "Namespace"))
    add_string (cells, string_at (object, "status", "phase") ?: "Active");
  else if (g_str_equal (kind, "Node"))
    {
      add_string (cells, node_status (object));
      add_string (cells, "<none>");
    }
  else if (g_str_equal (kind, "ConfigMap"))
    json_array_add_int_element (cells, (data ? json_object_get_size (data) : 0) +
                                       (member_object (object, "binaryData")
                                          ? json_object_get_size (member_object (object, "binaryData")) : 0));
  else if (g_str_equal (kind, "Secret"))
    {
      add_string (cells, strata_json_object_get_string (object, "type") ?: "Opaque");
      json_array_add_int_element (cells, data ? json_object_get_size (data) : 0);
    }
  else if (g_str_equal (kind, "Service"))
    {
      add_string (cells, string_at (object, "spec", "type") ?: "ClusterIP");
      add_string (cells, string_at (object, "spec", "clusterIP") ?: "<none>");
    }

  add_string (cells, age);
  if (g_str_equal (kind, "Node"))
    add_string (cells, string_at (object, "status.nodeInfo", "kubeletVersion") ?: "");
  if (g_str_equal (kind, "Pod"))
    {
      add_string (cells, string_at (object, "status", "podIP") ?: "<none>");
      add_string (cells, string_at (object, "spec", "nodeName") ?: "<none>");
    }
}

static void
add_column (JsonArray  *columns,
            const char *name,
            const char *type,
            const char *format,
            gint64      priority)
{
  JsonObject *column = json_object_new ();

  json_object_set_string_member (column, "name", name);
  json_object_set_string_member (column, "type", type);
  json_object_set_string_member (column, "format", format);
  json_object_set_string_member (column, "description", "");
  /* Priority 1 columns are those -o wide adds. */
  json_object_set_int_member (column, "priority", priority);
  json_array_add_object_element (columns, column);
}

static void
add_row (JsonArray  *rows,
         const char *kind,
         JsonNode   *item)
{
  JsonObject *object = json_node_get_object (item);
  JsonObject *row = json_object_new ();
  JsonArray *cells = json_array_new ();
  JsonObject *partial = json_object_new ();

  add_string (cells, string_at (object, "metadata", "name"));
  add_cells (cells, kind, object);
  json_object_set_array_member (row, "cells", cells);
  json_object_set_string_member (partial, "kind", "PartialObjectMetadata");
  json_object_set_string_member (partial, "apiVersion", "meta.k8s.io/v1");
  if (member_object (object, "metadata") != NULL)
    json_object_set_member (partial, "metadata", strata_sandbox_json_copy (json_object_get_member (object, "metadata")));
  json_object_set_object_member (row, "object", partial);
  json_array_add_object_element (rows, row);
}

static JsonNode *
table_new (const StrataSandboxResource *resource,
           JsonNode                    *list,
           JsonNode                    *single)
{
  JsonObject *table = json_object_new ();
  JsonArray *columns = json_array_new ();
  JsonArray *rows = json_array_new ();
  g_auto(GStrv) specs = g_strsplit (columns_for (resource->kind), ",", -1);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *metadata = json_object_new ();

  json_object_set_string_member (table, "kind", "Table");
  json_object_set_string_member (table, "apiVersion", "meta.k8s.io/v1");
  add_column (columns, "Name", "string", "name", 0);
  for (guint i = 0; specs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (specs[i], ":", 3);

      add_column (columns, parts[0], parts[1], "", parts[2] ? g_ascii_strtoll (parts[2], NULL, 10) : 0);
    }

  if (list != NULL)
    {
      JsonObject *list_metadata = member_object (json_node_get_object (list), "metadata");
      JsonArray *items = strata_json_object_get_array (json_node_get_object (list), "items");

      if (list_metadata != NULL)
        json_object_unref (metadata), metadata = json_object_ref (list_metadata);
      for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
        add_row (rows, resource->kind, json_array_get_element (items, i));
    }
  else
    {
      json_object_set_string_member (metadata, "resourceVersion",
                                     string_at (json_node_get_object (single), "metadata", "resourceVersion") ?: "");
      add_row (rows, resource->kind, single);
    }

  json_object_set_object_member (table, "metadata", metadata);
  json_object_set_array_member (table, "columnDefinitions", columns);
  json_object_set_array_member (table, "rows", rows);
  json_node_take_object (node, table);
  return node;
}

JsonNode *
_strata_sandbox_table_from_list (const StrataSandboxResource *resource,
                                 JsonNode                    *list)
{
  return table_new (resource, list, NULL);
}

JsonNode *
_strata_sandbox_table_from_object (const StrataSandboxResource *resource,
                                   JsonNode                    *object)
{
  return table_new (resource, NULL, object);
}
