/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the simulated kubelets report in a Pod's status: phases, the
 * conditions in the kubelet's order, container states with the image and
 * container IDs a runtime gives, IPs, the QoS class. */

#include "config.h"

#include <string.h>

#include "strata-sandbox-controllers-private.h"

static const char * const condition_order[] = {
  "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled",
};

const char *
_strata_sandbox_pod_qos_class (JsonObject *pod)
{
  JsonArray *containers = strata_json_object_get_array (strata_json_object_get_object (pod, "spec"), "containers");
  gboolean any = FALSE;
  gboolean guaranteed = containers != NULL && json_array_get_length (containers) > 0;

  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonNode *node = json_array_get_element (containers, i);
      JsonObject *resources = JSON_NODE_HOLDS_OBJECT (node) ?
                              strata_json_object_get_object (json_node_get_object (node), "resources") : NULL;
      JsonObject *requests = strata_json_object_get_object (resources, "requests");
      JsonObject *limits = strata_json_object_get_object (resources, "limits");
      const char *resource_names[] = { "cpu", "memory" };

      for (guint r = 0; r < G_N_ELEMENTS (resource_names); r++)
        {
          const char *request = strata_json_object_get_string (requests, resource_names[r]);
          const char *limit = strata_json_object_get_string (limits, resource_names[r]);

          if (request != NULL || limit != NULL)
            any = TRUE;
          /* A request defaults to its limit. */
          if (limit == NULL || (request != NULL && g_strcmp0 (request, limit) != 0))
            guaranteed = FALSE;
        }
    }

  if (!any)
    return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}


/* Conditions in the order the kubelet writes them. */
static void
sort_conditions (JsonObject *status)
{
  JsonArray *conditions = strata_json_object_get_array (status, "conditions");
  JsonArray *sorted;

  if (conditions == NULL)
    return;

  sorted = json_array_new ();
  for (guint o = 0; o < G_N_ELEMENTS (condition_order); o++)
    {
      JsonObject *condition = _strata_sandbox_find_condition (status, condition_order[o]);

      if (condition != NULL)
        json_array_add_object_element (sorted, json_object_ref (condition));
    }
  for (guint i = 0; i < json_array_get_length (conditions); i++)
    {
      JsonNode *node = json_array_get_element (conditions, i);
      const char *type = JSON_NODE_HOLDS_OBJECT (node) ?
                         strata_json_object_get_string (json_node_get_object (node), "type") : NULL;

      if (type == NULL || !g_strv_contains (condition_order, type))
        json_array_add_element (sorted, strata_sandbox_json_copy (node));
    }

  json_object_set_array_member (status, "conditions", sorted);
}

/* "nginx:1.25" as the runtime reports it: docker.io/library/nginx:1.25. */
static char *
normalize_image (const char *image)
{
  const char *slash = image ? strchr (image, '/') : NULL;
  g_autofree char *first = slash ? g_strndup (image, slash - image) : NULL;
  g_autofree char *with_registry = NULL;

  if (image == NULL)
    return g_strdup ("");

  if (slash == NULL)
    with_registry = g_strconcat ("docker.io/library/", image, NULL);
  else if (strchr (first, '.') == NULL && strchr (first, ':') == NULL && !g_str_equal (first, "localhost"))
    with_registry = g_strconcat ("docker.io/", image, NULL);
  else
    with_registry = g_strdup (image);

  /* No tag nor digest after the last component: latest. */
  if (strchr (strrchr (with_registry, '/') + 1, ':') == NULL && strchr (with_registry, '@') == NULL)
    return g_strconcat (with_registry, ":latest", NULL);

  return g_steal_pointer (&with_registry);
}

static char *
image_id (const char *image)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, image, -1);
  g_autofree char *repository = NULL;
  const char *at = strchr (image, '@');
  const char *last_slash = strrchr (image, '/');
  const char *colon = strrchr (last_slash ? last_slash : image, ':');

  if (at != NULL)
    return g_strdup (image);
  repository = colon ? g_strndup (image, colon - image) : g_strdup (image);
  return g_strdup_printf ("%s@sha256:%s", repository, digest);
}

static char *
container_id (JsonObject *pod,
              const char *container)
{
  g_autofree char *seed = g_strconcat (_strata_sandbox_meta_get (pod, "uid"), "/", container, NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);

  return g_strconcat ("containerd://", digest, NULL);
}

typedef enum {
  CONTAINERS_CREATING,
  CONTAINERS_RUNNING,
  CONTAINERS_COMPLETED,
} ContainersState;

static JsonArray *
container_statuses (JsonObject      *pod,
                    JsonObject      *old_status,
                    const char      *list,
                    const char      *status_list,
                    ContainersState  state,
                    const char      *now)
{
  JsonArray *containers = strata_json_object_get_array (strata_json_object_get_object (pod, "spec"), list);
  JsonArray *old = strata_json_object_get_array (old_status, status_list);
  JsonArray *statuses = json_array_new ();

  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonNode *node = json_array_get_element (containers, i);
      JsonObject *container = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *name = strata_json_object_get_string (container, "name");
      g_autofree char *image = normalize_image (strata_json_object_get_string (container, "image"));
      g_autofree char *id = NULL;
      JsonObject *status = json_object_new ();
      JsonObject *state_object = json_object_new ();
      JsonObject *detail = json_object_new ();
      const char *started_at = now;
      /* Init containers have run to completion before the others start. */
      ContainersState container_state = g_str_equal (list, "initContainers") && state != CONTAINERS_CREATING ?
                                        CONTAINERS_COMPLETED : state;

      if (name == NULL)
        name = "";
      id = container_id (pod, name);

      for (guint j = 0; old != NULL && j < json_array_get_length (old); j++)
        {
          JsonNode *old_node = json_array_get_element (old, j);
          JsonObject *previous = JSON_NODE_HOLDS_OBJECT (old_node) ? json_node_get_object (old_node) : NULL;
          JsonObject *running = strata_json_object_get_object (strata_json_object_get_object (previous, "state"), "running");

          if (g_strcmp0 (strata_json_object_get_string (previous, "name"), name) == 0 &&
              strata_json_object_get_string (running, "startedAt") != NULL)
            started_at = strata_json_object_get_string (running, "startedAt");
        }

      switch (container_state)
        {
        case CONTAINERS_CREATING:
          json_object_set_string_member (detail, "reason", g_str_equal (list, "initContainers") ? "PodInitializing" : "ContainerCreating");
          json_object_set_object_member (state_object, "waiting", detail);
          break;

        case CONTAINERS_RUNNING:
          json_object_set_string_member (detail, "startedAt", started_at);
          json_object_set_object_member (state_object, "running", detail);
          break;

        case CONTAINERS_COMPLETED:
        default:
          json_object_set_int_member (detail, "exitCode", 0);
          json_object_set_string_member (detail, "reason", "Completed");
          json_object_set_string_member (detail, "startedAt", started_at);
          json_object_set_string_member (detail, "finishedAt", now);
          json_object_set_string_member (detail, "containerID", id);
          json_object_set_object_member (state_object, "terminated", detail);
          break;
        }

      json_object_set_string_member (status, "name", name);
      json_object_set_object_member (status, "state", state_object);
      json_object_set_object_member (status, "lastState", json_object_new ());
      json_object_set_boolean_member (status, "ready", container_state == CONTAINERS_RUNNING);
      json_object_set_int_member (status, "restartCount", 0);
      json_object_set_string_member (status, "image", image);
      if (container_state == CONTAINERS_CREATING)
        json_object_set_string_member (status, "imageID", "");
      else
        {
          g_autofree char *digest = image_id (image);

          json_object_set_string_member (status, "imageID", digest);
          json_object_set_string_member (status, "containerID", id);
        }
      json_object_set_boolean_member (status, "started", container_state == CONTAINERS_RUNNING);
      json_array_add_object_element (statuses, status);
    }

  return statuses;
}

static char *
container_names (JsonObject *pod)
{
  JsonArray *containers = strata_json_object_get_array (strata_json_object_get_object (pod, "spec"), "containers");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonNode *node = json_array_get_element (containers, i);
      const char *name = JSON_NODE_HOLDS_OBJECT (node) ?
                         strata_json_object_get_string (json_node_get_object (node), "name") : NULL;

      if (name != NULL)
        g_strv_builder_add (builder, name);
    }

  names = g_strv_builder_end (builder);
  return g_strjoinv (" ", names);
}

const char *
_strata_sandbox_node_internal_ip (JsonObject *node)
{
  JsonArray *addresses = strata_json_object_get_array (strata_json_object_get_object (node, "status"), "addresses");

  for (guint i = 0; addresses != NULL && i < json_array_get_length (addresses); i++)
    {
      JsonNode *element = json_array_get_element (addresses, i);
      JsonObject *address = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;

      if (g_strcmp0 (strata_json_object_get_string (address, "type"), "InternalIP") == 0)
        return strata_json_object_get_string (address, "address");
    }

  return NULL;
}

static void
set_ips (JsonObject *status,
         const char *member,
         const char *list_member,
         const char *ip)
{
  JsonArray *ips = json_array_new ();
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (status, member, ip);
  json_object_set_string_member (entry, "ip", ip);
  json_array_add_object_element (ips, entry);
  json_object_set_array_member (status, list_member, ips);
}

/* Bound and accepted: Pending, its containers being created. */
JsonNode *
_strata_sandbox_pod_status_accepted (JsonObject *pod,
                                     JsonObject *node)
{
  JsonNode *status_node = _strata_sandbox_status_copy (pod);
  JsonObject *status = json_node_get_object (status_node);
  g_autofree char *now = _strata_sandbox_timestamp (g_get_real_time ());
  g_autofree char *names = container_names (pod);
  g_autofree char *unready = g_strdup_printf ("containers with unready status: [%s]", names);
  const char *host_ip = _strata_sandbox_node_internal_ip (node);

  json_object_set_string_member (status, "phase", "Pending");
  _strata_sandbox_set_condition (status, "Initialized", "True", NULL, NULL, TRUE, FALSE);
  _strata_sandbox_set_condition (status, "Ready", "False", "ContainersNotReady", unready, TRUE, FALSE);
  _strata_sandbox_set_condition (status, "ContainersReady", "False", "ContainersNotReady", unready, TRUE, FALSE);
  _strata_sandbox_set_condition (status, "PodScheduled", "True", NULL, NULL, TRUE, FALSE);
  sort_conditions (status);
  if (host_ip != NULL)
    set_ips (status, "hostIP", "hostIPs", host_ip);
  if (strata_json_object_get_string (status, "startTime") == NULL)
    json_object_set_string_member (status, "startTime", now);
  json_object_set_array_member (status, "initContainerStatuses",
                                container_statuses (pod, status, "initContainers", "initContainerStatuses", CONTAINERS_CREATING, now));
  if (json_array_get_length (strata_json_object_get_array (status, "initContainerStatuses")) == 0)
    json_object_remove_member (status, "initContainerStatuses");
  json_object_set_array_member (status, "containerStatuses",
                                container_statuses (pod, status, "containers", "containerStatuses", CONTAINERS_CREATING, now));
  json_object_set_string_member (status, "qosClass", _strata_sandbox_pod_qos_class (pod));

  return status_node;
}

JsonNode *
_strata_sandbox_pod_status_running (JsonObject *pod,
                                    JsonObject *node,
                                    const char *pod_ip)
{
  JsonNode *status_node = _strata_sandbox_pod_status_accepted (pod, node);
  JsonObject *status = json_node_get_object (status_node);
  g_autofree char *now = _strata_sandbox_timestamp (g_get_real_time ());

  json_object_set_string_member (status, "phase", "Running");
  _strata_sandbox_set_condition (status, "Ready", "True", NULL, NULL, TRUE, FALSE);
  _strata_sandbox_set_condition (status, "ContainersReady", "True", NULL, NULL, TRUE, FALSE);
  if (json_object_has_member (status, "initContainerStatuses"))
    json_object_set_array_member (status, "initContainerStatuses",
                                  container_statuses (pod, status, "initContainers", "initContainerStatuses", CONTAINERS_RUNNING, now));
  json_object_set_array_member (status, "containerStatuses",
                                container_statuses (pod, status, "containers", "containerStatuses", CONTAINERS_RUNNING, now));
  if (pod_ip != NULL)
    set_ips (status, "podIP", "podIPs", pod_ip);

  return status_node;
}

/* What a Job's Pod reports when its containers exited 0. */
JsonNode *
_strata_sandbox_pod_status_succeeded (JsonObject *pod)
{
  JsonNode *status_node = _strata_sandbox_status_copy (pod);
  JsonObject *status = json_node_get_object (status_node);
  g_autofree char *now = _strata_sandbox_timestamp (g_get_real_time ());

  json_object_set_string_member (status, "phase", "Succeeded");
  _strata_sandbox_set_condition (status, "Initialized", "True", "PodCompleted", NULL, TRUE, FALSE);
  _strata_sandbox_set_condition (status, "Ready", "False", "PodCompleted", NULL, TRUE, FALSE);
  _strata_sandbox_set_condition (status, "ContainersReady", "False", "PodCompleted", NULL, TRUE, FALSE);
  json_object_set_array_member (status, "containerStatuses",
                                container_statuses (pod, status, "containers", "containerStatuses", CONTAINERS_COMPLETED, now));

  return status_node;
}
