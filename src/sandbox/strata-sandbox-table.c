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

/* The columns of kube-apiserver 1.29's printers (pkg/printers/internalversion),
 * ":1" for those only -o wide shows. Kinds it has no printer for get
 * "Created At"; custom resources without printer columns get "Age". */
static const Printer printers[] = {
  { "Pod", "Ready:string,Status:string,Restarts:string,Age:string,IP:string:1,Node:string:1,"
           "Nominated Node:string:1,Readiness Gates:string:1" },
  { "Deployment", "Ready:string,Up-to-date:integer,Available:integer,Age:string,Containers:string:1,"
                  "Images:string:1,Selector:string:1" },
  { "ReplicaSet", "Desired:integer,Current:integer,Ready:integer,Age:string,Containers:string:1,"
                  "Images:string:1,Selector:string:1" },
  { "StatefulSet", "Ready:string,Age:string,Containers:string:1,Images:string:1" },
  { "DaemonSet", "Desired:integer,Current:integer,Ready:integer,Up-to-date:integer,Available:integer,"
                 "Node Selector:string,Age:string,Containers:string:1,Images:string:1,Selector:string:1" },
  { "Job", "Completions:string,Duration:string,Age:string,Containers:string:1,Images:string:1,Selector:string:1" },
  { "Namespace", "Status:string,Age:string" },
  { "Node", "Status:string,Roles:string,Age:string,Version:string,Internal-IP:string:1,External-IP:string:1,"
            "OS-Image:string:1,Kernel-Version:string:1,Container-Runtime:string:1" },
  { "ConfigMap", "Data:integer,Age:string" },
  { "Secret", "Type:string,Data:integer,Age:string" },
  { "Service", "Type:string,Cluster-IP:string,External-IP:string,Port(s):string,Age:string,Selector:string:1" },
  { "ServiceAccount", "Secrets:string,Age:string" },
  /* Events have no Name column first: kubectl shows them by object. */
  { "Event", "Last Seen:string,Type:string,Reason:string,Object:string,Subobject:string:1,Source:string:1,"
             "Message:string,First Seen:string:1,Count:string:1,Name:string:1" },
};

static const char *
columns_for (const StrataSandboxResource *resource)
{
  for (guint i = 0; i < G_N_ELEMENTS (printers); i++)
    if (g_str_equal (printers[i].kind, resource->kind))
      return printers[i].columns;
  return resource->from_crd ? "Age:date" : "Created At:date";
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
  take_string (cells, g_strdup_printf ("%" G_GINT64_FORMAT, restarts));
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

/* labels.FormatLabels: "k=v,k2=v2" sorted, "<none>" when empty. */
static char *
format_labels (JsonObject *map)
{
  g_autoptr(GList) keys = map ? json_object_get_members (map) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  keys = g_list_sort (keys, (GCompareFunc)strcmp);
  for (GList *l = keys; l != NULL; l = l->next)
    g_string_append_printf (text, "%s%s=%s", text->len ? "," : "", (char *)l->data,
                            strata_json_object_get_string (map, l->data) ?: "");
  return text->len ? g_strdup (text->str) : g_strdup ("<none>");
}

/* metav1.FormatLabelSelector, for the wide Selector columns. */
static char *
format_selector (JsonObject *selector)
{
  JsonObject *match = strata_json_object_get_object (selector, "matchLabels");
  JsonArray *expressions = strata_json_object_get_array (selector, "matchExpressions");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *labels = match && json_object_get_size (match) ? format_labels (match) : NULL;

  if (labels != NULL)
    g_string_append (text, labels);
  for (guint i = 0; expressions != NULL && i < json_array_get_length (expressions); i++)
    {
      JsonObject *expression = json_array_get_object_element (expressions, i);
      JsonArray *values = strata_json_object_get_array (expression, "values");
      const char *op = strata_json_object_get_string (expression, "operator") ?: "";
      const char *key = strata_json_object_get_string (expression, "key") ?: "";

      if (text->len)
        g_string_append_c (text, ',');
      if (g_str_equal (op, "Exists"))
        g_string_append (text, key);
      else if (g_str_equal (op, "DoesNotExist"))
        g_string_append_printf (text, "!%s", key);
      else
        {
          g_string_append_printf (text, "%s %s (", key, g_str_equal (op, "NotIn") ? "notin" : "in");
          for (guint j = 0; values != NULL && j < json_array_get_length (values); j++)
            g_string_append_printf (text, "%s%s", j ? "," : "", json_array_get_string_element (values, j));
          g_string_append_c (text, ')');
        }
    }
  return text->len ? g_strdup (text->str) : g_strdup ("<none>");
}

/* The wide Containers and Images columns of a Pod template's spec. */
static void
add_containers (JsonArray  *cells,
                JsonObject *pod_spec)
{
  JsonArray *containers = strata_json_object_get_array (pod_spec, "containers");
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) images = g_string_new (NULL);

  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonObject *container = json_array_get_object_element (containers, i);

      g_string_append_printf (names, "%s%s", i ? "," : "", strata_json_object_get_string (container, "name") ?: "");
      g_string_append_printf (images, "%s%s", i ? "," : "", strata_json_object_get_string (container, "image") ?: "");
    }
  add_string (cells, names->str);
  add_string (cells, images->str);
}

static void
add_workload_wide (JsonArray  *cells,
                   JsonObject *object,
                   gboolean    with_selector)
{
  add_containers (cells, member_object (object, "spec.template.spec"));
  if (with_selector)
    take_string (cells, format_selector (member_object (object, "spec.selector")));
}

static const char *
node_address (JsonObject *node,
              const char *type)
{
  JsonArray *addresses = strata_json_object_get_array (member_object (node, "status"), "addresses");

  for (guint i = 0; addresses != NULL && i < json_array_get_length (addresses); i++)
    {
      JsonObject *address = json_array_get_object_element (addresses, i);

      if (g_strcmp0 (strata_json_object_get_string (address, "type"), type) == 0)
        return strata_json_object_get_string (address, "address");
    }
  return "<none>";
}

static char *
node_roles (JsonObject *node)
{
  JsonObject *labels = member_object (node, "metadata.labels");
  g_autoptr(GList) keys = labels ? json_object_get_members (labels) : NULL;
  g_autoptr(GString) roles = g_string_new (NULL);

  keys = g_list_sort (keys, (GCompareFunc)strcmp);
  for (GList *l = keys; l != NULL; l = l->next)
    if (g_str_has_prefix (l->data, "node-role.kubernetes.io/") && ((char *)l->data)[24] != '\0')
      g_string_append_printf (roles, "%s%s", roles->len ? "," : "", (char *)l->data + 24);
  return roles->len ? g_strdup (roles->str) : g_strdup ("<none>");
}

static char *
service_external_ip (JsonObject *service)
{
  const char *type = string_at (service, "spec", "type") ?: "ClusterIP";
  JsonArray *external = strata_json_object_get_array (member_object (service, "spec"), "externalIPs");
  JsonArray *ingress = strata_json_object_get_array (member_object (service, "status.loadBalancer"), "ingress");
  g_autoptr(GString) text = g_string_new (NULL);

  if (g_str_equal (type, "ExternalName"))
    return g_strdup (string_at (service, "spec", "externalName") ?: "<none>");
  for (guint i = 0; g_str_equal (type, "LoadBalancer") && ingress != NULL && i < json_array_get_length (ingress); i++)
    {
      JsonObject *item = json_array_get_object_element (ingress, i);
      const char *address = strata_json_object_get_string (item, "ip") ?: strata_json_object_get_string (item, "hostname");

      if (address != NULL)
        g_string_append_printf (text, "%s%s", text->len ? "," : "", address);
    }
  for (guint i = 0; external != NULL && i < json_array_get_length (external); i++)
    g_string_append_printf (text, "%s%s", text->len ? "," : "", json_array_get_string_element (external, i));
  if (text->len)
    return g_strdup (text->str);
  return g_strdup (g_str_equal (type, "LoadBalancer") ? "<pending>" : "<none>");
}

static char *
service_ports (JsonObject *service)
{
  JsonArray *ports = strata_json_object_get_array (member_object (service, "spec"), "ports");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; ports != NULL && i < json_array_get_length (ports); i++)
    {
      JsonObject *port = json_array_get_object_element (ports, i);
      gint64 node_port = json_object_get_int_member_with_default (port, "nodePort", 0);

      g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? "," : "",
                              json_object_get_int_member_with_default (port, "port", 0));
      if (node_port > 0)
        g_string_append_printf (text, ":%" G_GINT64_FORMAT, node_port);
      g_string_append_printf (text, "/%s", strata_json_object_get_string (port, "protocol") ?: "TCP");
    }
  return text->len ? g_strdup (text->str) : g_strdup ("<none>");
}

static char *
job_duration (JsonObject *job)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  const char *started = string_at (job, "status", "startTime");
  const char *completed = string_at (job, "status", "completionTime");

  if (started == NULL || !(start = g_date_time_new_from_iso8601 (started, NULL)))
    return g_strdup ("");
  end = completed ? g_date_time_new_from_iso8601 (completed, NULL) : NULL;
  if (end == NULL)
    end = g_date_time_new_now_utc ();
  return human_duration (g_date_time_difference (end, start) / G_USEC_PER_SEC);
}

static void
add_event_cells (JsonArray  *cells,
                 JsonObject *event)
{
  const char *first = strata_json_object_get_string (event, "firstTimestamp");
  const char *last = strata_json_object_get_string (event, "lastTimestamp");
  const char *event_time = strata_json_object_get_string (event, "eventTime");
  const char *component = string_at (event, "source", "component");
  const char *host = string_at (event, "source", "host");
  g_autofree char *kind = g_ascii_strdown (string_at (event, "involvedObject", "kind") ?: "", -1);

  take_string (cells, age_of (last ?: event_time ?: first));
  add_string (cells, strata_json_object_get_string (event, "type"));
  add_string (cells, strata_json_object_get_string (event, "reason"));
  take_string (cells, g_strdup_printf ("%s/%s", kind, string_at (event, "involvedObject", "name") ?: ""));
  add_string (cells, string_at (event, "involvedObject", "fieldPath"));
  take_string (cells, host ? g_strdup_printf ("%s, %s", component ?: "", host) : g_strdup (component ?: ""));
  add_string (cells, strata_json_object_get_string (event, "message"));
  take_string (cells, age_of (first ?: event_time));
  json_array_add_int_element (cells, json_object_get_int_member_with_default (event, "count", 1));
  add_string (cells, string_at (event, "metadata", "name"));
}

static void
add_cells (JsonArray                   *cells,
           const StrataSandboxResource *resource,
           JsonObject                  *object)
{
  const char *kind = resource->kind;
  const char *created = string_at (object, "metadata", "creationTimestamp");
  g_autofree char *age = age_of (created);
  JsonObject *data = member_object (object, "data");
  guint i;

  if (g_str_equal (kind, "Event"))
    {
      add_event_cells (cells, object);
      return;
    }
  add_string (cells, string_at (object, "metadata", "name"));

  for (i = 0; i < G_N_ELEMENTS (printers); i++)
    if (g_str_equal (printers[i].kind, kind))
      break;
  if (i == G_N_ELEMENTS (printers))
    {
      /* A date column: custom resources show it as an age, the rest as is. */
      if (resource->from_crd)
        add_string (cells, age);
      else
        add_string (cells, created ?: "");
      return;
    }

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
      take_string (cells, format_labels (member_object (object, "spec.template.spec.nodeSelector")));
    }
  else if (g_str_equal (kind, "Job"))
    {
      take_string (cells, g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                           int_at (object, "status", "succeeded"),
                                           member_object (object, "spec") &&
                                           json_object_has_member (member_object (object, "spec"), "completions")
                                             ? int_at (object, "spec", "completions") : 1));
      take_string (cells, job_duration (object));
    }
  else if (g_str_equal (kind, "Namespace"))
    add_string (cells, string_at (object, "status", "phase") ?: "Active");
  else if (g_str_equal (kind, "Node"))
    {
      add_string (cells, node_status (object));
      take_string (cells, node_roles (object));
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
      take_string (cells, service_external_ip (object));
      take_string (cells, service_ports (object));
    }
  else if (g_str_equal (kind, "ServiceAccount"))
    {
      JsonArray *secrets = strata_json_object_get_array (object, "secrets");

      json_array_add_int_element (cells, secrets ? json_array_get_length (secrets) : 0);
    }

  add_string (cells, age);

  if (g_str_equal (kind, "Node"))
    {
      JsonObject *info = member_object (object, "status.nodeInfo");

      add_string (cells, strata_json_object_get_string (info, "kubeletVersion") ?: "");
      add_string (cells, node_address (object, "InternalIP"));
      add_string (cells, node_address (object, "ExternalIP"));
      add_string (cells, strata_json_object_get_string (info, "osImage") ?: "<unknown>");
      add_string (cells, strata_json_object_get_string (info, "kernelVersion") ?: "<unknown>");
      add_string (cells, strata_json_object_get_string (info, "containerRuntimeVersion") ?: "<unknown>");
    }
  else if (g_str_equal (kind, "Pod"))
    {
      JsonArray *gates = strata_json_object_get_array (member_object (object, "spec"), "readinessGates");

      add_string (cells, string_at (object, "status", "podIP") ?: "<none>");
      add_string (cells, string_at (object, "spec", "nodeName") ?: "<none>");
      add_string (cells, string_at (object, "status", "nominatedNodeName") ?: "<none>");
      if (gates != NULL && json_array_get_length (gates) > 0)
        take_string (cells, g_strdup_printf ("0/%u", json_array_get_length (gates)));
      else
        add_string (cells, "<none>");
    }
  else if (g_str_equal (kind, "Deployment") || g_str_equal (kind, "ReplicaSet") ||
           g_str_equal (kind, "DaemonSet") || g_str_equal (kind, "Job"))
    add_workload_wide (cells, object, TRUE);
  else if (g_str_equal (kind, "StatefulSet"))
    add_workload_wide (cells, object, FALSE);
  else if (g_str_equal (kind, "Service"))
    take_string (cells, format_labels (member_object (object, "spec.selector")));
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

/* includeObject: "Metadata" (the default) sends PartialObjectMetadata,
 * "Object" the whole object (kubectl --sort-by needs it), "None" nothing. */
static void
add_row (JsonArray                   *rows,
         const StrataSandboxResource *resource,
         JsonNode                    *item,
         const char                  *include_object)
{
  JsonObject *object = json_node_get_object (item);
  JsonObject *row = json_object_new ();
  JsonArray *cells = json_array_new ();

  add_cells (cells, resource, object);
  json_object_set_array_member (row, "cells", cells);
  if (g_strcmp0 (include_object, "Object") == 0)
    json_object_set_member (row, "object", strata_sandbox_json_copy (item));
  else if (g_strcmp0 (include_object, "None") != 0)
    {
      JsonObject *partial = json_object_new ();

      json_object_set_string_member (partial, "kind", "PartialObjectMetadata");
      json_object_set_string_member (partial, "apiVersion", "meta.k8s.io/v1");
      if (member_object (object, "metadata") != NULL)
        json_object_set_member (partial, "metadata",
                                strata_sandbox_json_copy (json_object_get_member (object, "metadata")));
      json_object_set_object_member (row, "object", partial);
    }
  json_array_add_object_element (rows, row);
}

static JsonNode *
table_new (const StrataSandboxResource *resource,
           JsonNode                    *list,
           JsonNode                    *single,
           const char                  *include_object)
{
  JsonObject *table = json_object_new ();
  JsonArray *columns = json_array_new ();
  JsonArray *rows = json_array_new ();
  g_auto(GStrv) specs = g_strsplit (columns_for (resource), ",", -1);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *metadata = json_object_new ();

  json_object_set_string_member (table, "kind", "Table");
  json_object_set_string_member (table, "apiVersion", "meta.k8s.io/v1");
  /* Events lead with Last Seen and keep Name for -o wide. */
  if (!g_str_equal (resource->kind, "Event"))
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
        add_row (rows, resource, json_array_get_element (items, i), include_object);
    }
  else
    {
      json_object_set_string_member (metadata, "resourceVersion",
                                     string_at (json_node_get_object (single), "metadata", "resourceVersion") ?: "");
      add_row (rows, resource, single, include_object);
    }

  json_object_set_object_member (table, "metadata", metadata);
  json_object_set_array_member (table, "columnDefinitions", columns);
  json_object_set_array_member (table, "rows", rows);
  json_node_take_object (node, table);
  return node;
}

JsonNode *
_strata_sandbox_table_from_list (const StrataSandboxResource *resource,
                                 JsonNode                    *list,
                                 const char                  *include_object)
{
  return table_new (resource, list, NULL, include_object);
}

JsonNode *
_strata_sandbox_table_from_object (const StrataSandboxResource *resource,
                                   JsonNode                    *object,
                                   const char                  *include_object)
{
  return table_new (resource, NULL, object, include_object);
}
