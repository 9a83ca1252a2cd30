/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's simulated Nodes: three workers, made once, that report
 * what a healthy kubelet reports. */

#include "config.h"

#include "strata-sandbox-controllers-private.h"

#define N_NODES 3

gboolean
_strata_sandbox_node_is_ready (JsonObject *node)
{
  JsonObject *ready = _strata_sandbox_find_condition (strata_json_object_get_object (node, "status"), "Ready");

  return g_strcmp0 (strata_json_object_get_string (ready, "status"), "True") == 0;
}

static void
add_condition (JsonArray  *conditions,
               const char *type,
               const char *status,
               const char *reason,
               const char *message,
               const char *now)
{
  JsonObject *condition = json_object_new ();

  json_object_set_string_member (condition, "type", type);
  json_object_set_string_member (condition, "status", status);
  json_object_set_string_member (condition, "lastHeartbeatTime", now);
  json_object_set_string_member (condition, "lastTransitionTime", now);
  json_object_set_string_member (condition, "reason", reason);
  json_object_set_string_member (condition, "message", message);
  json_array_add_object_element (conditions, condition);
}

static JsonObject *
resources (void)
{
  JsonObject *amounts = json_object_new ();

  json_object_set_string_member (amounts, "cpu", "4");
  json_object_set_string_member (amounts, "ephemeral-storage", "100Gi");
  json_object_set_string_member (amounts, "hugepages-1Gi", "0");
  json_object_set_string_member (amounts, "hugepages-2Mi", "0");
  json_object_set_string_member (amounts, "memory", "16Gi");
  json_object_set_string_member (amounts, "pods", "110");

  return amounts;
}

/* Stable per node, as machine-id and boot-id are on a real one. */
static char *
node_identity (const char *name,
               const char *what)
{
  g_autofree char *seed = g_strconcat ("strata-sandbox/", name, "/", what, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_MD5, seed, -1);
}

static char *
as_uuid (const char *hex)
{
  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

static JsonNode *
new_node (guint index)
{
  g_autofree char *name = g_strdup_printf ("sandbox-node-%u", index);
  g_autofree char *address = g_strdup_printf ("10.0.0.%u", 10 + index);
  g_autofree char *cidr = g_strdup_printf ("10.244.%u.0/24", index);
  g_autofree char *zone = g_strdup_printf ("sandbox-%c", 'a' + (index - 1) % 3);
  g_autofree char *provider_id = g_strconcat ("strata-sandbox://", name, NULL);
  g_autofree char *machine_id = node_identity (name, "machine");
  g_autofree char *system_hex = node_identity (name, "system");
  g_autofree char *boot_hex = node_identity (name, "boot");
  g_autofree char *system_uuid = as_uuid (system_hex);
  g_autofree char *boot_id = as_uuid (boot_hex);
  g_autofree char *now = _strata_sandbox_timestamp (g_get_real_time ());
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonObject *metadata;
  JsonObject *labels;
  JsonObject *annotations;
  JsonObject *spec;
  JsonObject *status;
  JsonObject *info;
  JsonObject *endpoint;
  JsonArray *cidrs = json_array_new ();
  JsonArray *addresses = json_array_new ();
  JsonArray *conditions = json_array_new ();
  JsonObject *internal = json_object_new ();
  JsonObject *hostname = json_object_new ();

  json_node_take_object (node, object);
  json_object_set_string_member (object, "apiVersion", "v1");
  json_object_set_string_member (object, "kind", "Node");

  metadata = _strata_sandbox_json_ensure_object (object, "metadata");
  json_object_set_string_member (metadata, "name", name);
  labels = _strata_sandbox_json_ensure_object (metadata, "labels");
  json_object_set_string_member (labels, "beta.kubernetes.io/arch", "amd64");
  json_object_set_string_member (labels, "beta.kubernetes.io/os", "linux");
  json_object_set_string_member (labels, "kubernetes.io/arch", "amd64");
  json_object_set_string_member (labels, "kubernetes.io/hostname", name);
  json_object_set_string_member (labels, "kubernetes.io/os", "linux");
  json_object_set_string_member (labels, "node.kubernetes.io/instance-type", "sandbox");
  json_object_set_string_member (labels, "topology.kubernetes.io/region", "sandbox");
  json_object_set_string_member (labels, "topology.kubernetes.io/zone", zone);
  json_object_set_string_member (labels, "type", "simulated");
  annotations = _strata_sandbox_json_ensure_object (metadata, "annotations");
  json_object_set_string_member (annotations, "node.alpha.kubernetes.io/ttl", "0");
  json_object_set_string_member (annotations, "strata.io/simulated", "true");

  spec = _strata_sandbox_json_ensure_object (object, "spec");
  json_object_set_string_member (spec, "podCIDR", cidr);
  json_array_add_string_element (cidrs, cidr);
  json_object_set_array_member (spec, "podCIDRs", cidrs);
  json_object_set_string_member (spec, "providerID", provider_id);

  status = _strata_sandbox_json_ensure_object (object, "status");
  json_object_set_object_member (status, "capacity", resources ());
  json_object_set_object_member (status, "allocatable", resources ());
  add_condition (conditions, "MemoryPressure", "False", "KubeletHasSufficientMemory",
                 "kubelet has sufficient memory available", now);
  add_condition (conditions, "DiskPressure", "False", "KubeletHasNoDiskPressure",
                 "kubelet has no disk pressure", now);
  add_condition (conditions, "PIDPressure", "False", "KubeletHasSufficientPID",
                 "kubelet has sufficient PID available", now);
  add_condition (conditions, "Ready", "True", "KubeletReady",
                 "kubelet is posting ready status", now);
  json_object_set_array_member (status, "conditions", conditions);

  json_object_set_string_member (internal, "type", "InternalIP");
  json_object_set_string_member (internal, "address", address);
  json_array_add_object_element (addresses, internal);
  json_object_set_string_member (hostname, "type", "Hostname");
  json_object_set_string_member (hostname, "address", name);
  json_array_add_object_element (addresses, hostname);
  json_object_set_array_member (status, "addresses", addresses);

  endpoint = json_object_new ();
  json_object_set_int_member (endpoint, "Port", 10250);
  json_object_set_object_member (_strata_sandbox_json_ensure_object (status, "daemonEndpoints"), "kubeletEndpoint", endpoint);

  info = _strata_sandbox_json_ensure_object (status, "nodeInfo");
  json_object_set_string_member (info, "machineID", machine_id);
  json_object_set_string_member (info, "systemUUID", system_uuid);
  json_object_set_string_member (info, "bootID", boot_id);
  json_object_set_string_member (info, "kernelVersion", "6.1.0-strata-sandbox");
  json_object_set_string_member (info, "osImage", "Strata Sandbox (simulated)");
  json_object_set_string_member (info, "containerRuntimeVersion", "containerd://1.7.2");
  json_object_set_string_member (info, "kubeletVersion", STRATA_SANDBOX_KUBELET_VERSION);
  json_object_set_string_member (info, "kubeProxyVersion", STRATA_SANDBOX_KUBELET_VERSION);
  json_object_set_string_member (info, "operatingSystem", "linux");
  json_object_set_string_member (info, "architecture", "amd64");

  return node;
}

/* Only for a sandbox without any Node: the ones a user removed or added
 * since are theirs. */
void
_strata_sandbox_nodes_ensure (StrataSandboxControllers *self)
{
  g_autoptr(GPtrArray) nodes = _strata_sandbox_controllers_list (self, "v1", "Node", NULL);

  if (nodes->len > 0)
    return;

  for (guint i = 1; i <= N_NODES; i++)
    {
      g_autoptr(JsonNode) node = new_node (i);
      g_autoptr(JsonNode) created = _strata_sandbox_controllers_create (self, node);
    }
}
