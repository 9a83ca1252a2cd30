/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's simulated controllers and metrics against the real
 * StrataSandboxStore: what a user of the cluster would see in it. */

#include "config.h"

#include <string.h>

#include "strata-sandbox-controllers-private.h"
#include "strata-sandbox-metrics-private.h"
#include "strata-test-util.h"

typedef struct
{
  char                     *folder;
  StrataSandboxStore       *store;
  StrataSandboxControllers *controllers;
} Fixture;

/* Waiting */

static gboolean
heartbeat (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static StrataSandboxStore *current_store;

/* What the workloads look like, for a test that timed out. */
static void
dump_store (void)
{
  const char *kinds[][2] = {
    { "apps/v1", "Deployment" }, { "apps/v1", "ReplicaSet" }, { "apps/v1", "StatefulSet" },
    { "apps/v1", "DaemonSet" }, { "batch/v1", "Job" }, { "v1", "Pod" },
  };

  for (guint i = 0; current_store != NULL && i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GPtrArray) items = strata_sandbox_store_list (current_store, kinds[i][0], kinds[i][1], NULL, NULL, NULL);

      for (guint j = 0; items != NULL && j < items->len; j++)
        {
          g_autofree char *text = json_to_string (g_ptr_array_index (items, j), TRUE);

          g_printerr ("%s\n", text);
        }
    }
}

/* Iterates the main context until @expr holds; the heartbeat wakes the
 * loop so that the deadline is checked even when nothing else happens. */
#define WAIT_UNTIL(expr) \
  G_STMT_START { \
    gint64 deadline_ = g_get_monotonic_time () + 30 * G_USEC_PER_SEC; \
    guint beat_ = g_timeout_add (10, heartbeat, NULL); \
    while (!(expr)) \
      { \
        if (g_get_monotonic_time () > deadline_) \
          { \
            dump_store (); \
            g_error ("Timed out waiting for %s", #expr); \
          } \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (beat_); \
  } G_STMT_END

/* Fixture */

static void
start_controllers (Fixture *fixture,
                   guint    pod_start_delay)
{
  current_store = fixture->store;
  fixture->controllers = strata_sandbox_controllers_new (fixture->store);
  strata_sandbox_controllers_set_pod_start_delay (fixture->controllers, pod_start_delay);
  strata_sandbox_controllers_set_job_duration (fixture->controllers, 5);
  strata_sandbox_controllers_start (fixture->controllers);
  g_assert_true (strata_sandbox_controllers_get_running (fixture->controllers));
}

static void
stop_controllers (Fixture *fixture)
{
  strata_sandbox_controllers_stop (fixture->controllers);
  g_assert_false (strata_sandbox_controllers_get_running (fixture->controllers));
  g_clear_object (&fixture->controllers);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = strata_sandbox_store_new (NULL);
  start_controllers (fixture, 5);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->controllers != NULL)
    stop_controllers (fixture);
  g_clear_object (&fixture->store);
  current_store = NULL;
  if (fixture->folder != NULL)
    strata_test_remove_tree (fixture->folder);
  g_clear_pointer (&fixture->folder, g_free);
}

/* Objects */

static JsonNode *
create (Fixture    *fixture,
        const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  JsonNode *created;

  g_assert_no_error (error);
  created = strata_sandbox_store_create (fixture->store, node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (created);
  return created;
}

static void
create_namespace (Fixture    *fixture,
                  const char *name)
{
  g_autofree char *json = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"%s\"},"
                                           "\"spec\":{\"finalizers\":[\"kubernetes\"]}}", name);
  g_autoptr(JsonNode) created = create (fixture, json);
}

static char *
pod_template (const char *app,
              const char *image)
{
  return g_strdup_printf ("{\"metadata\":{\"labels\":{\"app\":\"%s\"}},"
                          "\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"%s\","
                          "\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}}}]}}",
                          app, image);
}

static void
create_deployment (Fixture    *fixture,
                   const char *namespace_,
                   const char *name,
                   guint       replicas,
                   const char *image)
{
  g_autofree char *template_ = pod_template (name, image);
  g_autofree char *json = g_strdup_printf ("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
                                           "\"metadata\":{\"name\":\"%s\",\"namespace\":\"%s\"},"
                                           "\"spec\":{\"replicas\":%u,\"selector\":{\"matchLabels\":{\"app\":\"%s\"}},"
                                           "\"template\":%s}}",
                                           name, namespace_, replicas, name, template_);
  g_autoptr(JsonNode) created = create (fixture, json);
}

static JsonNode *
get (Fixture    *fixture,
     const char *api_version,
     const char *kind,
     const char *namespace_,
     const char *name)
{
  return strata_sandbox_store_get (fixture->store, api_version, kind, namespace_, name);
}

static GPtrArray *
list (Fixture    *fixture,
      const char *api_version,
      const char *kind,
      const char *namespace_,
      const char *selector)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = strata_sandbox_store_list (fixture->store, api_version, kind, namespace_, selector, &error);

  g_assert_no_error (error);
  return items;
}

static guint
count (Fixture    *fixture,
       const char *api_version,
       const char *kind,
       const char *namespace_,
       const char *selector)
{
  g_autoptr(GPtrArray) items = list (fixture, api_version, kind, namespace_, selector);

  return items->len;
}

static JsonObject *
object_at (GPtrArray *items,
           guint      index)
{
  return json_node_get_object (g_ptr_array_index (items, index));
}

static JsonObject *
member_object (JsonObject *object,
               const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; object != NULL && parts[i] != NULL; i++)
    object = strata_json_object_get_object (object, parts[i]);

  return object;
}

static const char *
string_at (JsonObject *object,
           const char *path)
{
  g_autofree char *parent = g_strdup (path);
  char *dot = strrchr (parent, '.');

  if (dot == NULL)
    return strata_json_object_get_string (object, path);
  *dot = '\0';
  return strata_json_object_get_string (member_object (object, parent), dot + 1);
}

static gint64
int_at (JsonObject *object,
        const char *path)
{
  g_autofree char *parent = g_strdup (path);
  char *dot = strrchr (parent, '.');
  JsonObject *holder = object;
  const char *member = path;

  if (dot != NULL)
    {
      *dot = '\0';
      holder = member_object (object, parent);
      member = dot + 1;
    }
  if (holder == NULL || !json_object_has_member (holder, member))
    return 0;
  return json_object_get_int_member (holder, member);
}

static const char *
condition_field (JsonObject *object,
                 const char *type,
                 const char *field)
{
  JsonArray *conditions = strata_json_object_get_array (strata_json_object_get_object (object, "status"), "conditions");

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonObject *condition = json_array_get_object_element (conditions, i);

      if (g_strcmp0 (strata_json_object_get_string (condition, "type"), type) == 0)
        return strata_json_object_get_string (condition, field);
    }

  return NULL;
}

static gboolean
pod_is_running_and_ready (JsonObject *pod)
{
  return g_strcmp0 (string_at (pod, "status.phase"), "Running") == 0 &&
         g_strcmp0 (condition_field (pod, "Ready", "status"), "True") == 0 &&
         string_at (pod, "metadata.deletionTimestamp") == NULL;
}

static guint
count_ready_pods (Fixture    *fixture,
                  const char *namespace_,
                  const char *selector)
{
  g_autoptr(GPtrArray) pods = list (fixture, "v1", "Pod", namespace_, selector);
  guint ready = 0;

  for (guint i = 0; i < pods->len; i++)
    if (pod_is_running_and_ready (object_at (pods, i)))
      ready++;

  return ready;
}

/* What "kubectl rollout status" waits for. */
static gboolean
deployment_rolled_out (Fixture    *fixture,
                       const char *namespace_,
                       const char *name)
{
  g_autoptr(JsonNode) node = get (fixture, "apps/v1", "Deployment", namespace_, name);
  JsonObject *deployment;
  gint64 desired;

  if (node == NULL)
    return FALSE;
  deployment = json_node_get_object (node);
  desired = int_at (deployment, "spec.replicas");

  return int_at (deployment, "status.observedGeneration") >= int_at (deployment, "metadata.generation") &&
         int_at (deployment, "status.updatedReplicas") == desired &&
         int_at (deployment, "status.replicas") == desired &&
         int_at (deployment, "status.availableReplicas") == desired &&
         g_strcmp0 (condition_field (deployment, "Progressing", "reason"), "NewReplicaSetAvailable") == 0;
}

static gboolean
is_settled (Fixture *fixture)
{
  return _strata_sandbox_controllers_is_settled (fixture->controllers);
}

static void
update_spec_int (Fixture    *fixture,
                 const char *api_version,
                 const char *kind,
                 const char *namespace_,
                 const char *name,
                 const char *member,
                 gint64      value)
{
  g_autoptr(JsonNode) node = get (fixture, api_version, kind, namespace_, name);
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (node);
  json_object_set_int_member (json_object_get_object_member (json_node_get_object (node), "spec"), member, value);
  updated = strata_sandbox_store_update (fixture->store, node, &error);
  g_assert_no_error (error);
}

static void
set_image (Fixture    *fixture,
           const char *namespace_,
           const char *name,
           const char *image)
{
  g_autoptr(JsonNode) node = get (fixture, "apps/v1", "Deployment", namespace_, name);
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *container;

  g_assert_nonnull (node);
  container = json_array_get_object_element (json_object_get_array_member (member_object (json_node_get_object (node), "spec.template.spec"),
                                                                           "containers"),
                                             0);
  json_object_set_string_member (container, "image", image);
  updated = strata_sandbox_store_update (fixture->store, node, &error);
  g_assert_no_error (error);
}

static void
delete (Fixture    *fixture,
        const char *api_version,
        const char *kind,
        const char *namespace_,
        const char *name,
        const char *propagation_policy)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) deleted = strata_sandbox_store_delete (fixture->store, api_version, kind, namespace_, name,
                                                             propagation_policy, &error);

  g_assert_no_error (error);
}

static gboolean
has_event (Fixture    *fixture,
           const char *namespace_,
           const char *reason,
           const char *involved_kind)
{
  g_autoptr(GPtrArray) events = list (fixture, "v1", "Event", namespace_, NULL);

  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = object_at (events, i);

      if (g_strcmp0 (string_at (event, "reason"), reason) == 0 &&
          g_strcmp0 (string_at (event, "involvedObject.kind"), involved_kind) == 0)
        return TRUE;
    }

  return FALSE;
}

static JsonObject *
controller_reference (JsonObject *object)
{
  JsonArray *references = json_object_get_array_member (member_object (object, "metadata"), "ownerReferences");

  g_assert_nonnull (references);
  g_assert_cmpuint (json_array_get_length (references), ==, 1);
  return json_array_get_object_element (references, 0);
}

static gboolean
exists (Fixture    *fixture,
        const char *api_version,
        const char *kind,
        const char *namespace_,
        const char *name)
{
  g_autoptr(JsonNode) node = get (fixture, api_version, kind, namespace_, name);

  return node != NULL;
}

/* Nodes */

static void
test_nodes (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) nodes = list (fixture, "v1", "Node", NULL, NULL);

  g_assert_cmpuint (nodes->len, ==, 3);
  for (guint i = 0; i < nodes->len; i++)
    {
      JsonObject *node = object_at (nodes, i);
      g_autofree char *name = g_strdup_printf ("sandbox-node-%u", i + 1);
      JsonArray *addresses = json_object_get_array_member (member_object (node, "status"), "addresses");
      JsonObject *internal = json_array_get_object_element (addresses, 0);

      g_assert_cmpstr (string_at (node, "metadata.name"), ==, name);
      g_assert_cmpstr (string_at (node, "status.capacity.cpu"), ==, "4");
      g_assert_cmpstr (string_at (node, "status.capacity.memory"), ==, "16Gi");
      g_assert_cmpstr (string_at (node, "status.capacity.pods"), ==, "110");
      g_assert_cmpstr (string_at (node, "status.allocatable.cpu"), ==, "4");
      g_assert_cmpstr (string_at (node, "status.allocatable.memory"), ==, "16Gi");
      g_assert_cmpstr (string_at (node, "status.allocatable.pods"), ==, "110");
      g_assert_cmpstr (condition_field (node, "Ready", "status"), ==, "True");
      g_assert_cmpstr (condition_field (node, "Ready", "reason"), ==, "KubeletReady");
      g_assert_cmpstr (condition_field (node, "MemoryPressure", "status"), ==, "False");
      g_assert_cmpstr (string_at (node, "status.nodeInfo.kubeletVersion"), ==, STRATA_SANDBOX_KUBELET_VERSION);
      g_assert_cmpstr (string_at (internal, "type"), ==, "InternalIP");
      g_assert_true (g_str_has_prefix (string_at (internal, "address"), "10.0.0."));
      g_assert_cmpstr (strata_json_object_get_string (member_object (node, "metadata.labels"), "kubernetes.io/hostname"), ==, name);
    }

  /* Started again on the same store: no more Nodes. */
  stop_controllers (fixture);
  start_controllers (fixture, 5);
  WAIT_UNTIL (is_settled (fixture));
  g_assert_cmpuint (count (fixture, "v1", "Node", NULL, NULL), ==, 3);
}

/* Deployments */

static void
test_deployment (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GPtrArray) pods = NULL;
  g_autoptr(JsonNode) deployment_node = NULL;
  g_autoptr(GHashTable) nodes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *prefix = NULL;
  JsonObject *deployment;
  JsonObject *set;
  JsonObject *reference;

  create_deployment (fixture, "default", "web", 3, "nginx:1.25");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "web"));

  sets = list (fixture, "apps/v1", "ReplicaSet", "default", NULL);
  g_assert_cmpuint (sets->len, ==, 1);
  set = object_at (sets, 0);
  deployment_node = get (fixture, "apps/v1", "Deployment", "default", "web");
  deployment = json_node_get_object (deployment_node);

  /* The ReplicaSet as the Deployment controller names and owns it. */
  prefix = g_strdup_printf ("web-%s", string_at (set, "metadata.labels.pod-template-hash"));
  g_assert_nonnull (string_at (set, "metadata.labels.pod-template-hash"));
  g_assert_cmpstr (string_at (set, "metadata.name"), ==, prefix);
  g_assert_cmpstr (string_at (set, "spec.selector.matchLabels.pod-template-hash"), ==,
                   string_at (set, "metadata.labels.pod-template-hash"));
  g_assert_cmpint (int_at (set, "spec.replicas"), ==, 3);
  g_assert_cmpstr (strata_json_object_get_string (member_object (set, "metadata.annotations"), "deployment.kubernetes.io/revision"), ==, "1");
  g_assert_cmpstr (strata_json_object_get_string (member_object (deployment, "metadata.annotations"), "deployment.kubernetes.io/revision"), ==, "1");
  reference = controller_reference (set);
  g_assert_cmpstr (string_at (reference, "kind"), ==, "Deployment");
  g_assert_cmpstr (string_at (reference, "uid"), ==, string_at (deployment, "metadata.uid"));
  g_assert_true (json_object_get_boolean_member (reference, "controller"));
  g_assert_cmpint (int_at (set, "status.replicas"), ==, 3);
  g_assert_cmpint (int_at (set, "status.readyReplicas"), ==, 3);
  g_assert_cmpint (int_at (set, "status.availableReplicas"), ==, 3);

  /* The Pods: named after the set, owned by it, running on the Nodes. */
  pods = list (fixture, "v1", "Pod", "default", "app=web");
  g_assert_cmpuint (pods->len, ==, 3);
  for (guint i = 0; i < pods->len; i++)
    {
      JsonObject *pod = object_at (pods, i);
      const char *name = string_at (pod, "metadata.name");
      JsonObject *container = json_array_get_object_element (json_object_get_array_member (member_object (pod, "status"),
                                                                                           "containerStatuses"),
                                                             0);

      g_assert_true (g_str_has_prefix (name, prefix));
      g_assert_cmpuint (strlen (name), ==, strlen (prefix) + 6);
      g_assert_cmpstr (string_at (controller_reference (pod), "uid"), ==, string_at (set, "metadata.uid"));
      g_assert_true (pod_is_running_and_ready (pod));
      g_assert_cmpstr (condition_field (pod, "ContainersReady", "status"), ==, "True");
      g_assert_cmpstr (condition_field (pod, "Initialized", "status"), ==, "True");
      g_assert_cmpstr (condition_field (pod, "PodScheduled", "status"), ==, "True");
      g_assert_true (g_str_has_prefix (string_at (pod, "spec.nodeName"), "sandbox-node-"));
      g_hash_table_add (nodes, (gpointer)string_at (pod, "spec.nodeName"));
      g_assert_true (g_str_has_prefix (string_at (pod, "status.podIP"), "10.244."));
      g_assert_true (g_str_has_prefix (string_at (pod, "status.hostIP"), "10.0.0."));
      g_assert_nonnull (string_at (pod, "status.startTime"));
      g_assert_cmpstr (string_at (pod, "status.qosClass"), ==, "Burstable");
      g_assert_cmpstr (string_at (container, "name"), ==, "main");
      g_assert_true (json_object_get_boolean_member (container, "ready"));
      g_assert_true (json_object_get_boolean_member (container, "started"));
      g_assert_cmpint (json_object_get_int_member (container, "restartCount"), ==, 0);
      g_assert_nonnull (string_at (container, "state.running.startedAt"));
      g_assert_cmpstr (string_at (container, "image"), ==, "docker.io/library/nginx:1.25");
    }
  /* Spread as the scheduler spreads them. */
  g_assert_cmpuint (g_hash_table_size (nodes), ==, 3);

  /* The status kubectl reads. */
  g_assert_cmpint (int_at (deployment, "status.observedGeneration"), ==, 1);
  g_assert_cmpint (int_at (deployment, "status.replicas"), ==, 3);
  g_assert_cmpint (int_at (deployment, "status.updatedReplicas"), ==, 3);
  g_assert_cmpint (int_at (deployment, "status.readyReplicas"), ==, 3);
  g_assert_cmpint (int_at (deployment, "status.availableReplicas"), ==, 3);
  g_assert_false (json_object_has_member (member_object (deployment, "status"), "unavailableReplicas"));
  g_assert_cmpstr (condition_field (deployment, "Available", "status"), ==, "True");
  g_assert_cmpstr (condition_field (deployment, "Available", "reason"), ==, "MinimumReplicasAvailable");
  g_assert_cmpstr (condition_field (deployment, "Progressing", "status"), ==, "True");

  g_assert_true (has_event (fixture, "default", "ScalingReplicaSet", "Deployment"));
  g_assert_true (has_event (fixture, "default", "SuccessfulCreate", "ReplicaSet"));
  g_assert_true (has_event (fixture, "default", "Scheduled", "Pod"));
  g_assert_true (has_event (fixture, "default", "Pulled", "Pod"));
  g_assert_true (has_event (fixture, "default", "Created", "Pod"));
  g_assert_true (has_event (fixture, "default", "Started", "Pod"));

  /* Nothing left to do, and doing it again changes nothing. */
  WAIT_UNTIL (is_settled (fixture));
  {
    g_autofree char *before = g_strdup (strata_sandbox_store_get_resource_version (fixture->store));

    _strata_sandbox_controllers_enqueue (fixture->controllers, "apps/v1", "Deployment", "default", "web");
    _strata_sandbox_controllers_enqueue (fixture->controllers, "apps/v1", "ReplicaSet", "default", prefix);
    WAIT_UNTIL (is_settled (fixture));
    g_assert_cmpstr (strata_sandbox_store_get_resource_version (fixture->store), ==, before);
  }
}

static GPtrArray *
pod_names (Fixture    *fixture,
           const char *selector)
{
  g_autoptr(GPtrArray) pods = list (fixture, "v1", "Pod", "default", selector);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < pods->len; i++)
    g_ptr_array_add (names, g_strdup (string_at (object_at (pods, i), "metadata.name")));

  return names;
}

static void
test_scale (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(JsonNode) deployment = NULL;

  create_deployment (fixture, "default", "api", 2, "example/api:1");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "api"));
  first = pod_names (fixture, "app=api");

  update_spec_int (fixture, "apps/v1", "Deployment", "default", "api", "replicas", 5);
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "api"));
  g_assert_cmpuint (count_ready_pods (fixture, "default", "app=api"), ==, 5);
  g_assert_cmpuint (count (fixture, "apps/v1", "ReplicaSet", "default", NULL), ==, 1);

  /* Down again: the newest Pods go, the first ones stay. */
  update_spec_int (fixture, "apps/v1", "Deployment", "default", "api", "replicas", 2);
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "api") && count (fixture, "v1", "Pod", "default", "app=api") == 2);
  after = pod_names (fixture, "app=api");
  g_assert_cmpuint (after->len, ==, 2);
  for (guint i = 0; i < after->len; i++)
    g_assert_true (g_ptr_array_find_with_equal_func (first, g_ptr_array_index (after, i), g_str_equal, NULL));

  deployment = get (fixture, "apps/v1", "Deployment", "default", "api");
  g_assert_cmpint (int_at (json_node_get_object (deployment), "status.replicas"), ==, 2);
  g_assert_cmpint (int_at (json_node_get_object (deployment), "status.availableReplicas"), ==, 2);
  g_assert_true (has_event (fixture, "default", "SuccessfulDelete", "ReplicaSet"));

  /* To zero and back. */
  update_spec_int (fixture, "apps/v1", "Deployment", "default", "api", "replicas", 0);
  WAIT_UNTIL (count (fixture, "v1", "Pod", "default", "app=api") == 0 && deployment_rolled_out (fixture, "default", "api"));
  update_spec_int (fixture, "apps/v1", "Deployment", "default", "api", "replicas", 1);
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "api") && count_ready_pods (fixture, "default", "app=api") == 1);
}

typedef struct
{
  Fixture *fixture;
  guint    most_pods;
  guint    fewest_ready;
} RolloutWatch;

/* During a rolling update of 3 replicas (maxSurge 1, maxUnavailable 0)
 * there are never more than 4 Pods, nor fewer than 3 ready. */
static void
watch_rollout (StrataSandboxStore *store,
               const char         *type,
               JsonNode           *object,
               gpointer            user_data)
{
  RolloutWatch *watch = user_data;
  g_autoptr(GPtrArray) pods = NULL;
  guint active = 0;
  guint ready = 0;

  if (g_strcmp0 (strata_json_object_get_string (json_node_get_object (object), "kind"), "Pod") != 0)
    return;

  pods = list (watch->fixture, "v1", "Pod", "default", "app=shop");
  for (guint i = 0; i < pods->len; i++)
    {
      JsonObject *pod = object_at (pods, i);

      if (string_at (pod, "metadata.deletionTimestamp") == NULL)
        active++;
      if (pod_is_running_and_ready (pod))
        ready++;
    }
  watch->most_pods = MAX (watch->most_pods, active);
  watch->fewest_ready = MIN (watch->fewest_ready, ready);
}

static JsonObject *
find_set_with_revision (GPtrArray  *sets,
                        const char *revision)
{
  for (guint i = 0; i < sets->len; i++)
    if (g_strcmp0 (strata_json_object_get_string (member_object (object_at (sets, i), "metadata.annotations"),
                                                  "deployment.kubernetes.io/revision"), revision) == 0)
      return object_at (sets, i);

  return NULL;
}

static gboolean
all_pods_have_image (Fixture    *fixture,
                     const char *selector,
                     const char *image)
{
  g_autoptr(GPtrArray) pods = list (fixture, "v1", "Pod", "default", selector);

  for (guint i = 0; i < pods->len; i++)
    {
      JsonArray *containers = json_object_get_array_member (member_object (object_at (pods, i), "spec"), "containers");

      if (g_strcmp0 (string_at (json_array_get_object_element (containers, 0), "image"), image) != 0)
        return FALSE;
    }

  return pods->len > 0;
}

static void
test_rolling_update (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(JsonNode) deployment = NULL;
  g_autofree char *first_set = NULL;
  RolloutWatch watch = { fixture, 0, G_MAXUINT };
  JsonObject *old_set;
  JsonObject *new_set;
  gulong handler;

  create_deployment (fixture, "default", "shop", 3, "shop:1");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "shop"));
  sets = list (fixture, "apps/v1", "ReplicaSet", "default", NULL);
  first_set = g_strdup (string_at (object_at (sets, 0), "metadata.name"));
  g_clear_pointer (&sets, g_ptr_array_unref);

  handler = g_signal_connect (fixture->store, "object-changed", G_CALLBACK (watch_rollout), &watch);
  set_image (fixture, "default", "shop", "shop:2");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "shop") &&
              count (fixture, "v1", "Pod", "default", "app=shop") == 3 &&
              all_pods_have_image (fixture, "app=shop", "shop:2"));
  g_signal_handler_disconnect (fixture->store, handler);
  g_assert_cmpuint (watch.most_pods, <=, 4);
  g_assert_cmpuint (watch.fewest_ready, >=, 3);

  /* The old set stays, scaled to zero, for a rollback. */
  sets = list (fixture, "apps/v1", "ReplicaSet", "default", NULL);
  g_assert_cmpuint (sets->len, ==, 2);
  old_set = find_set_with_revision (sets, "1");
  new_set = find_set_with_revision (sets, "2");
  g_assert_nonnull (old_set);
  g_assert_nonnull (new_set);
  g_assert_cmpstr (string_at (old_set, "metadata.name"), ==, first_set);
  g_assert_cmpint (int_at (old_set, "spec.replicas"), ==, 0);
  g_assert_cmpint (int_at (new_set, "spec.replicas"), ==, 3);
  g_assert_cmpstr (string_at (new_set, "metadata.labels.pod-template-hash"), !=, string_at (old_set, "metadata.labels.pod-template-hash"));
  deployment = get (fixture, "apps/v1", "Deployment", "default", "shop");
  g_assert_cmpstr (strata_json_object_get_string (member_object (json_node_get_object (deployment), "metadata.annotations"),
                                                  "deployment.kubernetes.io/revision"), ==, "2");
  g_assert_cmpint (int_at (json_node_get_object (deployment), "status.observedGeneration"), ==, 2);
  g_assert_cmpint (int_at (json_node_get_object (deployment), "status.updatedReplicas"), ==, 3);
  g_clear_pointer (&sets, g_ptr_array_unref);

  /* A rollback brings the first set back, as revision 3. */
  set_image (fixture, "default", "shop", "shop:1");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "shop") &&
              count (fixture, "v1", "Pod", "default", "app=shop") == 3 &&
              all_pods_have_image (fixture, "app=shop", "shop:1"));
  sets = list (fixture, "apps/v1", "ReplicaSet", "default", NULL);
  g_assert_cmpuint (sets->len, ==, 2);
  new_set = find_set_with_revision (sets, "3");
  g_assert_nonnull (new_set);
  g_assert_cmpstr (string_at (new_set, "metadata.name"), ==, first_set);
  g_clear_pointer (&sets, g_ptr_array_unref);

  /* revisionHistoryLimit keeps that many old sets. */
  update_spec_int (fixture, "apps/v1", "Deployment", "default", "shop", "revisionHistoryLimit", 1);
  set_image (fixture, "default", "shop", "shop:3");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "shop") && all_pods_have_image (fixture, "app=shop", "shop:3"));
  set_image (fixture, "default", "shop", "shop:4");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "shop") && all_pods_have_image (fixture, "app=shop", "shop:4") &&
              count (fixture, "apps/v1", "ReplicaSet", "default", NULL) == 2);
  WAIT_UNTIL (is_settled (fixture));
  g_assert_cmpuint (count (fixture, "apps/v1", "ReplicaSet", "default", NULL), ==, 2);
}

static void
test_recreate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *template_ = pod_template ("batch", "batch:1");
  g_autofree char *json = g_strdup_printf ("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
                                           "\"metadata\":{\"name\":\"batch\",\"namespace\":\"default\"},"
                                           "\"spec\":{\"replicas\":2,\"strategy\":{\"type\":\"Recreate\"},"
                                           "\"selector\":{\"matchLabels\":{\"app\":\"batch\"}},\"template\":%s}}",
                                           template_);
  g_autoptr(JsonNode) created = create (fixture, json);

  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "batch"));
  set_image (fixture, "default", "batch", "batch:2");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "batch") && all_pods_have_image (fixture, "app=batch", "batch:2") &&
              count (fixture, "v1", "Pod", "default", "app=batch") == 2);
  g_assert_cmpuint (count (fixture, "apps/v1", "ReplicaSet", "default", NULL), ==, 2);
}

/* StatefulSets */

static void
watch_ordinals (StrataSandboxStore *store,
                const char         *type,
                JsonNode           *object,
                gpointer            user_data)
{
  Fixture *fixture = user_data;
  JsonObject *pod = json_node_get_object (object);
  const char *name = string_at (pod, "metadata.name");
  guint64 ordinal;

  if (g_strcmp0 (type, "ADDED") != 0 || g_strcmp0 (string_at (pod, "kind"), "Pod") != 0 ||
      !g_str_has_prefix (name, "db-") || !g_ascii_string_to_unsigned (name + 3, 10, 0, 100, &ordinal, NULL))
    return;

  /* OrderedReady: db-N comes only once db-(N-1) runs and is ready. */
  if (ordinal > 0)
    {
      g_autofree char *previous_name = g_strdup_printf ("db-%" G_GUINT64_FORMAT, ordinal - 1);
      g_autoptr(JsonNode) previous = get (fixture, "v1", "Pod", "default", previous_name);

      g_assert_nonnull (previous);
      g_assert_true (pod_is_running_and_ready (json_node_get_object (previous)));
    }
}

static gboolean
stateful_set_ready (Fixture *fixture,
                    gint64   replicas)
{
  g_autoptr(JsonNode) node = get (fixture, "apps/v1", "StatefulSet", "default", "db");
  JsonObject *set = json_node_get_object (node);

  return int_at (set, "status.readyReplicas") == replicas && int_at (set, "status.replicas") == replicas &&
         int_at (set, "status.updatedReplicas") == replicas &&
         g_strcmp0 (string_at (set, "status.currentRevision"), string_at (set, "status.updateRevision")) == 0 &&
         int_at (set, "status.observedGeneration") == int_at (set, "metadata.generation");
}

static void
test_stateful_set (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *template_ = pod_template ("db", "postgres:16");
  g_autofree char *json = g_strdup_printf ("{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\","
                                           "\"metadata\":{\"name\":\"db\",\"namespace\":\"default\"},"
                                           "\"spec\":{\"replicas\":3,\"serviceName\":\"db\","
                                           "\"selector\":{\"matchLabels\":{\"app\":\"db\"}},\"template\":%s,"
                                           "\"volumeClaimTemplates\":[{\"metadata\":{\"name\":\"data\"},"
                                           "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],"
                                           "\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}]}}",
                                           template_);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GPtrArray) pods = NULL;
  g_autoptr(JsonNode) set = NULL;
  gulong handler;

  handler = g_signal_connect (fixture->store, "object-changed", G_CALLBACK (watch_ordinals), fixture);
  created = create (fixture, json);
  WAIT_UNTIL (stateful_set_ready (fixture, 3));
  g_signal_handler_disconnect (fixture->store, handler);

  pods = list (fixture, "v1", "Pod", "default", "app=db");
  g_assert_cmpuint (pods->len, ==, 3);
  for (guint i = 0; i < pods->len; i++)
    {
      JsonObject *pod = object_at (pods, i);
      g_autofree char *name = g_strdup_printf ("db-%u", i);
      g_autofree char *claim_name = g_strdup_printf ("data-db-%u", i);
      g_autoptr(JsonNode) claim = get (fixture, "v1", "PersistentVolumeClaim", "default", claim_name);
      JsonArray *volumes = json_object_get_array_member (member_object (pod, "spec"), "volumes");

      g_assert_cmpstr (string_at (pod, "metadata.name"), ==, name);
      g_assert_cmpstr (string_at (pod, "spec.hostname"), ==, name);
      g_assert_cmpstr (string_at (pod, "spec.subdomain"), ==, "db");
      g_assert_cmpstr (strata_json_object_get_string (member_object (pod, "metadata.labels"), "statefulset.kubernetes.io/pod-name"), ==, name);
      g_assert_true (pod_is_running_and_ready (pod));
      g_assert_nonnull (claim);
      g_assert_cmpstr (string_at (json_node_get_object (claim), "status.phase"), ==, "Bound");
      g_assert_cmpstr (string_at (json_node_get_object (claim), "status.capacity.storage"), ==, "1Gi");
      g_assert_cmpstr (string_at (json_array_get_object_element (volumes, json_array_get_length (volumes) - 1),
                                  "persistentVolumeClaim.claimName"), ==, claim_name);
    }

  set = get (fixture, "apps/v1", "StatefulSet", "default", "db");
  g_assert_cmpint (int_at (json_node_get_object (set), "status.currentReplicas"), ==, 3);
  g_assert_cmpint (int_at (json_node_get_object (set), "status.availableReplicas"), ==, 3);
  g_assert_true (g_str_has_prefix (string_at (json_node_get_object (set), "status.updateRevision"), "db-"));
  g_assert_true (has_event (fixture, "default", "SuccessfulCreate", "StatefulSet"));

  /* Down from the highest ordinal. */
  update_spec_int (fixture, "apps/v1", "StatefulSet", "default", "db", "replicas", 1);
  WAIT_UNTIL (stateful_set_ready (fixture, 1) && count (fixture, "v1", "Pod", "default", "app=db") == 1);
  {
    g_autoptr(JsonNode) first = get (fixture, "v1", "Pod", "default", "db-0");

    g_assert_nonnull (first);
  }
  /* The claims stay, as with the default retention policy. */
  g_assert_cmpuint (count (fixture, "v1", "PersistentVolumeClaim", "default", NULL), ==, 3);
}

/* DaemonSets */

static void
test_daemon_set (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *template_ = pod_template ("agent", "fluent-bit:2");
  g_autofree char *json = g_strdup_printf ("{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\","
                                           "\"metadata\":{\"name\":\"agent\",\"namespace\":\"kube-system\"},"
                                           "\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"agent\"}},\"template\":%s}}",
                                           template_);
  g_autoptr(JsonNode) created = create (fixture, json);
  g_autoptr(GPtrArray) pods = NULL;
  g_autoptr(GHashTable) nodes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) set = NULL;
  JsonObject *object;

  WAIT_UNTIL (count_ready_pods (fixture, "kube-system", "app=agent") == 3);
  WAIT_UNTIL (is_settled (fixture));

  pods = list (fixture, "v1", "Pod", "kube-system", "app=agent");
  g_assert_cmpuint (pods->len, ==, 3);
  for (guint i = 0; i < pods->len; i++)
    g_hash_table_add (nodes, (gpointer)string_at (object_at (pods, i), "spec.nodeName"));
  g_assert_cmpuint (g_hash_table_size (nodes), ==, 3);

  set = get (fixture, "apps/v1", "DaemonSet", "kube-system", "agent");
  object = json_node_get_object (set);
  g_assert_cmpint (int_at (object, "status.desiredNumberScheduled"), ==, 3);
  g_assert_cmpint (int_at (object, "status.currentNumberScheduled"), ==, 3);
  g_assert_cmpint (int_at (object, "status.numberReady"), ==, 3);
  g_assert_cmpint (int_at (object, "status.updatedNumberScheduled"), ==, 3);
  g_assert_cmpint (int_at (object, "status.numberAvailable"), ==, 3);
  g_assert_cmpint (int_at (object, "status.numberMisscheduled"), ==, 0);
  g_assert_cmpint (int_at (object, "status.observedGeneration"), ==, 1);
  g_assert_false (json_object_has_member (member_object (object, "status"), "numberUnavailable"));
}

/* Jobs */

static gboolean
job_complete (Fixture    *fixture,
              const char *name)
{
  g_autoptr(JsonNode) node = get (fixture, "batch/v1", "Job", "default", name);

  return node != NULL && g_strcmp0 (condition_field (json_node_get_object (node), "Complete", "status"), "True") == 0;
}

static void
test_job (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(JsonNode) created = create (fixture,
                                        "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\","
                                        "\"metadata\":{\"name\":\"migrate\",\"namespace\":\"default\"},"
                                        "\"spec\":{\"completions\":3,\"parallelism\":2,\"template\":{"
                                        "\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":\"migrate\","
                                        "\"image\":\"busybox\",\"command\":[\"true\"]}]}}}}");
  g_autoptr(JsonNode) cron = create (fixture,
                                     "{\"apiVersion\":\"batch/v1\",\"kind\":\"CronJob\","
                                     "\"metadata\":{\"name\":\"nightly\",\"namespace\":\"default\"},"
                                     "\"spec\":{\"schedule\":\"0 3 * * *\",\"jobTemplate\":{\"spec\":{\"template\":{"
                                     "\"spec\":{\"restartPolicy\":\"OnFailure\",\"containers\":[{\"name\":\"backup\","
                                     "\"image\":\"busybox\"}]}}}}}}");
  g_autoptr(JsonNode) job = NULL;
  g_autoptr(GPtrArray) pods = NULL;
  JsonObject *object;

  WAIT_UNTIL (job_complete (fixture, "migrate"));
  WAIT_UNTIL (is_settled (fixture));

  job = get (fixture, "batch/v1", "Job", "default", "migrate");
  object = json_node_get_object (job);
  g_assert_cmpint (int_at (object, "status.succeeded"), ==, 3);
  g_assert_false (json_object_has_member (member_object (object, "status"), "active"));
  g_assert_nonnull (string_at (object, "status.startTime"));
  g_assert_nonnull (string_at (object, "status.completionTime"));

  pods = list (fixture, "v1", "Pod", "default", "job-name=migrate");
  g_assert_cmpuint (pods->len, ==, 3);
  for (guint i = 0; i < pods->len; i++)
    {
      JsonObject *pod = object_at (pods, i);
      JsonObject *container = json_array_get_object_element (json_object_get_array_member (member_object (pod, "status"),
                                                                                           "containerStatuses"),
                                                             0);

      g_assert_cmpstr (string_at (pod, "status.phase"), ==, "Succeeded");
      g_assert_cmpstr (string_at (container, "state.terminated.reason"), ==, "Completed");
      g_assert_cmpint (int_at (container, "state.terminated.exitCode"), ==, 0);
      g_assert_true (g_str_has_prefix (string_at (pod, "metadata.name"), "migrate-"));
    }
  g_assert_true (has_event (fixture, "default", "Completed", "Job"));

  /* The CronJob is kept as it is. */
  g_assert_cmpuint (count (fixture, "batch/v1", "Job", "default", NULL), ==, 1);
}

static void
test_job_ttl (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonNode) created = create (fixture,
                                        "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\","
                                        "\"metadata\":{\"name\":\"once\",\"namespace\":\"default\"},"
                                        "\"spec\":{\"ttlSecondsAfterFinished\":0,\"template\":{"
                                        "\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":\"once\","
                                        "\"image\":\"busybox\"}]}}}}");

  /* Done, then gone with its Pods, as the TTL controller does. */
  WAIT_UNTIL (!exists (fixture, "batch/v1", "Job", "default", "once"));
  WAIT_UNTIL (count (fixture, "v1", "Pod", "default", "job-name=once") == 0);
  g_assert_true (has_event (fixture, "default", "Completed", "Job"));
}

/* Garbage collection */

static void
test_delete_background (Fixture       *fixture,
                        gconstpointer  data)
{
  create_deployment (fixture, "default", "web", 2, "nginx");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "web"));

  delete (fixture, "apps/v1", "Deployment", "default", "web", NULL);
  WAIT_UNTIL (count (fixture, "apps/v1", "ReplicaSet", "default", NULL) == 0 &&
              count (fixture, "v1", "Pod", "default", NULL) == 0);
  WAIT_UNTIL (is_settled (fixture));
  g_assert_cmpuint (count (fixture, "v1", "Pod", "default", NULL), ==, 0);
}

static void
watch_foreground (StrataSandboxStore *store,
                  const char         *type,
                  JsonNode           *object,
                  gpointer            user_data)
{
  Fixture *fixture = user_data;

  /* The owner goes last. */
  if (g_strcmp0 (type, "DELETED") == 0 &&
      g_strcmp0 (strata_json_object_get_string (json_node_get_object (object), "kind"), "Deployment") == 0)
    {
      g_assert_cmpuint (count (fixture, "apps/v1", "ReplicaSet", "default", NULL), ==, 0);
      g_assert_cmpuint (count (fixture, "v1", "Pod", "default", NULL), ==, 0);
    }
}

static void
test_delete_foreground (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) deleting = NULL;
  gulong handler;

  create_deployment (fixture, "default", "web", 2, "nginx");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "web"));

  handler = g_signal_connect (fixture->store, "object-changed", G_CALLBACK (watch_foreground), fixture);
  delete (fixture, "apps/v1", "Deployment", "default", "web", "Foreground");
  deleting = get (fixture, "apps/v1", "Deployment", "default", "web");
  g_assert_nonnull (deleting);
  g_assert_nonnull (string_at (json_node_get_object (deleting), "metadata.deletionTimestamp"));

  WAIT_UNTIL (get (fixture, "apps/v1", "Deployment", "default", "web") == NULL);
  g_signal_handler_disconnect (fixture->store, handler);
  g_assert_cmpuint (count (fixture, "apps/v1", "ReplicaSet", "default", NULL), ==, 0);
  g_assert_cmpuint (count (fixture, "v1", "Pod", "default", NULL), ==, 0);
}

static void
test_delete_orphan (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GPtrArray) pods = NULL;
  g_autofree char *set_name = NULL;

  create_deployment (fixture, "default", "web", 2, "nginx");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "web"));

  delete (fixture, "apps/v1", "Deployment", "default", "web", "Orphan");
  WAIT_UNTIL (!exists (fixture, "apps/v1", "Deployment", "default", "web"));
  WAIT_UNTIL (is_settled (fixture));

  sets = list (fixture, "apps/v1", "ReplicaSet", "default", NULL);
  g_assert_cmpuint (sets->len, ==, 1);
  g_assert_false (json_object_has_member (member_object (object_at (sets, 0), "metadata"), "ownerReferences"));
  set_name = g_strdup (string_at (object_at (sets, 0), "metadata.name"));
  g_assert_cmpuint (count_ready_pods (fixture, "default", "app=web"), ==, 2);

  /* And the set's Pods outlive it, without owner. */
  delete (fixture, "apps/v1", "ReplicaSet", "default", set_name, "Orphan");
  WAIT_UNTIL (!exists (fixture, "apps/v1", "ReplicaSet", "default", set_name));
  WAIT_UNTIL (is_settled (fixture));
  pods = list (fixture, "v1", "Pod", "default", "app=web");
  g_assert_cmpuint (pods->len, ==, 2);
  for (guint i = 0; i < pods->len; i++)
    {
      g_assert_false (json_object_has_member (member_object (object_at (pods, i), "metadata"), "ownerReferences"));
      g_assert_true (pod_is_running_and_ready (object_at (pods, i)));
    }
}

static void
test_adopt (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(JsonNode) deployment = NULL;

  create_deployment (fixture, "default", "web", 2, "nginx");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "web"));
  before = pod_names (fixture, "app=web");
  delete (fixture, "apps/v1", "Deployment", "default", "web", "Orphan");
  WAIT_UNTIL (!exists (fixture, "apps/v1", "Deployment", "default", "web"));

  /* Applied again: the new Deployment takes the orphaned set and its Pods
   * back instead of starting others. */
  create_deployment (fixture, "default", "web", 2, "nginx");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "web"));
  WAIT_UNTIL (is_settled (fixture));

  deployment = get (fixture, "apps/v1", "Deployment", "default", "web");
  sets = list (fixture, "apps/v1", "ReplicaSet", "default", NULL);
  g_assert_cmpuint (sets->len, ==, 1);
  g_assert_cmpstr (string_at (controller_reference (object_at (sets, 0)), "uid"), ==,
                   string_at (json_node_get_object (deployment), "metadata.uid"));
  after = pod_names (fixture, "app=web");
  g_assert_cmpuint (after->len, ==, 2);
  for (guint i = 0; i < after->len; i++)
    g_assert_true (g_ptr_array_find_with_equal_func (before, g_ptr_array_index (after, i), g_str_equal, NULL));
}

static void
test_delete_namespace (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) config_map = NULL;
  const char *kinds[][2] = {
    { "apps/v1", "Deployment" }, { "apps/v1", "ReplicaSet" }, { "v1", "Pod" },
    { "v1", "ConfigMap" }, { "v1", "ServiceAccount" }, { "v1", "Event" },
  };

  create_namespace (fixture, "team");
  create_deployment (fixture, "team", "web", 2, "nginx");
  config_map = create (fixture, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                                "\"metadata\":{\"name\":\"settings\",\"namespace\":\"team\"},\"data\":{\"a\":\"b\"}}");
  WAIT_UNTIL (deployment_rolled_out (fixture, "team", "web"));
  /* What the service account controller makes in every namespace. */
  g_assert_true (exists (fixture, "v1", "ServiceAccount", "team", "default"));

  delete (fixture, "v1", "Namespace", NULL, "team", NULL);
  WAIT_UNTIL (!exists (fixture, "v1", "Namespace", NULL, "team"));
  WAIT_UNTIL (is_settled (fixture));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_assert_cmpuint (count (fixture, kinds[i][0], kinds[i][1], "team", NULL), ==, 0);
}

/* Pods on their own */

static void
test_unschedulable (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) big = create (fixture,
                                    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
                                    "\"metadata\":{\"name\":\"big\",\"namespace\":\"default\"},"
                                    "\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"x\","
                                    "\"resources\":{\"requests\":{\"cpu\":\"64\"}}}]}}");
  g_autoptr(JsonNode) small = create (fixture,
                                      "{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
                                      "\"metadata\":{\"name\":\"small\",\"namespace\":\"default\"},"
                                      "\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"x\"}]}}");
  g_autoptr(JsonNode) pod = NULL;

  WAIT_UNTIL (count_ready_pods (fixture, "default", NULL) == 1);
  WAIT_UNTIL (is_settled (fixture));
  pod = get (fixture, "v1", "Pod", "default", "big");
  g_assert_cmpstr (string_at (json_node_get_object (pod), "status.phase"), ==, "Pending");
  g_assert_null (string_at (json_node_get_object (pod), "spec.nodeName"));
  g_assert_cmpstr (condition_field (json_node_get_object (pod), "PodScheduled", "status"), ==, "False");
  g_assert_cmpstr (condition_field (json_node_get_object (pod), "PodScheduled", "reason"), ==, "Unschedulable");
  g_assert_nonnull (strstr (condition_field (json_node_get_object (pod), "PodScheduled", "message"), "Insufficient cpu"));
  g_assert_true (has_event (fixture, "default", "FailedScheduling", "Pod"));
  g_clear_pointer (&pod, json_node_unref);
  pod = get (fixture, "v1", "Pod", "default", "small");
  g_assert_cmpstr (string_at (json_node_get_object (pod), "status.qosClass"), ==, "BestEffort");
}

static gboolean
no_pod_on (Fixture    *fixture,
           const char *node_name)
{
  g_autoptr(GPtrArray) pods = list (fixture, "v1", "Pod", NULL, NULL);

  for (guint i = 0; i < pods->len; i++)
    if (g_strcmp0 (string_at (object_at (pods, i), "spec.nodeName"), node_name) == 0)
      return FALSE;

  return TRUE;
}

static void
test_node_removed (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *template_ = pod_template ("agent", "agent:1");
  g_autofree char *json = g_strdup_printf ("{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\","
                                           "\"metadata\":{\"name\":\"agent\",\"namespace\":\"default\"},"
                                           "\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"agent\"}},\"template\":%s}}",
                                           template_);
  g_autoptr(JsonNode) daemon_set = create (fixture, json);
  g_autoptr(JsonNode) set = NULL;

  create_deployment (fixture, "default", "web", 3, "nginx");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "web") && count_ready_pods (fixture, "default", "app=agent") == 3);
  g_assert_false (no_pod_on (fixture, "sandbox-node-3"));

  /* Its Pods go; the Deployment's come back elsewhere, the DaemonSet's
   * does not. */
  delete (fixture, "v1", "Node", NULL, "sandbox-node-3", NULL);
  WAIT_UNTIL (no_pod_on (fixture, "sandbox-node-3") && deployment_rolled_out (fixture, "default", "web") &&
              count_ready_pods (fixture, "default", "app=web") == 3);
  WAIT_UNTIL (is_settled (fixture));
  g_assert_cmpuint (count (fixture, "v1", "Pod", "default", "app=agent"), ==, 2);
  set = get (fixture, "apps/v1", "DaemonSet", "default", "agent");
  g_assert_cmpint (int_at (json_node_get_object (set), "status.desiredNumberScheduled"), ==, 2);
  g_assert_cmpint (int_at (json_node_get_object (set), "status.numberReady"), ==, 2);
}

/* What the API would refuse can still be in the store (written by the
 * store's own callers): the controllers skip it without a critical. */
static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  const char *objects[] = {
    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d1\",\"namespace\":\"default\"},"
    "\"spec\":{\"replicas\":\"three\",\"selector\":5,\"template\":\"none\",\"strategy\":{\"rollingUpdate\":{\"maxSurge\":[1]}}}}",
    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d2\",\"namespace\":\"default\"},"
    "\"spec\":{\"replicas\":-2,\"revisionHistoryLimit\":-1,\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
    "\"template\":{\"metadata\":{\"labels\":5},\"spec\":{\"containers\":[5,{\"name\":7}]}}}}",
    "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"r1\",\"namespace\":\"default\","
    "\"ownerReferences\":[1,\"x\",{},{\"uid\":5},{\"apiVersion\":\"v9\",\"kind\":\"Nothing\",\"name\":\"n\",\"uid\":\"u\"}]},"
    "\"spec\":{\"replicas\":1,\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":5,"
    "\"resources\":{\"requests\":{\"cpu\":\"lots\",\"memory\":[]}}}],\"nodeSelector\":5,"
    "\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":"
    "[5,{\"matchExpressions\":[{\"key\":\"k\",\"operator\":\"Gt\",\"values\":[3]}]}]}}}}}}}",
    "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"s1\",\"namespace\":\"default\"},"
    "\"spec\":{\"replicas\":1,\"volumeClaimTemplates\":[5,{\"metadata\":{}}],\"template\":{\"spec\":{\"containers\":[]}}}}",
    "{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\",\"metadata\":{\"name\":\"ds1\",\"namespace\":\"default\"},"
    "\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"maxUnavailable\":\"x%\"}},\"template\":{\"spec\":{\"tolerations\":[5]}}}}",
    "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"j1\",\"namespace\":\"default\"},"
    "\"spec\":{\"completions\":2,\"completionMode\":\"Indexed\",\"parallelism\":\"x\",\"template\":{\"spec\":{}}}}",
    "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"p1\",\"namespace\":\"default\"},"
    "\"spec\":{\"accessModes\":5,\"resources\":{\"requests\":{\"storage\":5}}}}",
    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c1\",\"namespace\":\"default\","
    "\"finalizers\":[5,\"example.com/keep\"]}}",
    "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":\"x.example.com\"},"
    "\"spec\":{\"group\":5,\"versions\":[5]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_autoptr(JsonNode) created = create (fixture, objects[i]);
    }
  WAIT_UNTIL (is_settled (fixture));

  /* Deleting them goes through the collector and the finalizer paths. */
  delete (fixture, "apps/v1", "ReplicaSet", "default", "r1", "Foreground");
  delete (fixture, "v1", "ConfigMap", "default", "c1", "Orphan");
  delete (fixture, "apps/v1", "StatefulSet", "default", "s1", NULL);
  WAIT_UNTIL (is_settled (fixture));

  /* And the cluster still works. */
  create_deployment (fixture, "default", "web", 1, "nginx");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "web"));
}

/* Metrics */

static gint64
parse_usage (JsonObject *usage,
             const char *resource)
{
  const char *text = strata_json_object_get_string (usage, resource);
  char *end = NULL;
  gint64 value;

  g_assert_nonnull (text);
  value = g_ascii_strtoll (text, &end, 10);
  g_assert_cmpstr (end, ==, g_str_equal (resource, "cpu") ? "n" : "Ki");
  return value;
}

static void
assert_close (gint64 a,
              gint64 b,
              double bound)
{
  g_assert_cmpfloat (ABS ((double)a - (double)b), <=, bound * MAX (ABS (a), ABS (b)));
}

static JsonArray *
items_of (JsonNode *list)
{
  return json_object_get_array_member (json_node_get_object (list), "items");
}

static void
test_metrics (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(StrataSandboxMetrics) metrics = strata_sandbox_metrics_new (fixture->store);
  g_autoptr(JsonNode) pods = NULL;
  g_autoptr(JsonNode) later = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) nodes = NULL;
  g_autoptr(JsonNode) one = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_name = NULL;
  gint64 now = g_get_real_time ();
  gint64 pods_cpu = 0;

  create_deployment (fixture, "default", "web", 3, "nginx");
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "web"));

  pods = _strata_sandbox_metrics_list_pods_at (metrics, "default", now);
  again = _strata_sandbox_metrics_list_pods_at (metrics, "default", now);
  later = _strata_sandbox_metrics_list_pods_at (metrics, "default", now + 3 * G_USEC_PER_SEC);
  g_assert_cmpstr (string_at (json_node_get_object (pods), "kind"), ==, "PodMetricsList");
  g_assert_cmpstr (string_at (json_node_get_object (pods), "apiVersion"), ==, "metrics.k8s.io/v1beta1");
  g_assert_cmpuint (json_array_get_length (items_of (pods)), ==, 3);
  g_assert_true (json_node_equal (pods, again));

  for (guint i = 0; i < 3; i++)
    {
      JsonObject *item = json_array_get_object_element (items_of (pods), i);
      JsonObject *item_later = json_array_get_object_element (items_of (later), i);
      JsonObject *usage = strata_json_object_get_object (json_array_get_object_element (json_object_get_array_member (item, "containers"), 0), "usage");
      JsonObject *usage_later = strata_json_object_get_object (json_array_get_object_element (json_object_get_array_member (item_later, "containers"), 0), "usage");
      gint64 cpu = parse_usage (usage, "cpu");
      gint64 memory = parse_usage (usage, "memory");

      g_assert_cmpstr (string_at (item, "kind"), ==, "PodMetrics");
      g_assert_cmpstr (string_at (item, "metadata.namespace"), ==, "default");
      g_assert_cmpstr (string_at (item, "metadata.labels.app"), ==, "web");
      g_assert_cmpstr (string_at (item, "window"), ==, "15s");
      g_assert_cmpstr (string_at (item, "metadata.name"), ==, string_at (item_later, "metadata.name"));
      /* A part of what the container asked for: 100m and 128Mi. */
      g_assert_cmpint (cpu, >, 10 * 1000 * 1000);
      g_assert_cmpint (cpu, <, 100 * 1000 * 1000);
      g_assert_cmpint (memory, >, 32 * 1024);
      g_assert_cmpint (memory, <, 128 * 1024);
      /* Three seconds later: nearly the same. */
      assert_close (cpu, parse_usage (usage_later, "cpu"), 0.03);
      assert_close (memory, parse_usage (usage_later, "memory"), 0.01);
      pods_cpu += cpu;
    }

  /* Over an hour, sampled every ten seconds: it moves, but never jumps. */
  {
    JsonObject *item = json_array_get_object_element (items_of (pods), 0);
    g_autofree char *name = g_strdup (string_at (item, "metadata.name"));
    gint64 previous = 0;
    gint64 lowest = G_MAXINT64;
    gint64 highest = 0;

    for (gint64 t = 0; t < 3600; t += 10)
      {
        g_autoptr(JsonNode) sample = _strata_sandbox_metrics_list_pods_at (metrics, "default", now + t * G_USEC_PER_SEC);
        JsonObject *first = json_array_get_object_element (items_of (sample), 0);
        JsonObject *usage = strata_json_object_get_object (json_array_get_object_element (json_object_get_array_member (first, "containers"), 0), "usage");
        gint64 cpu = parse_usage (usage, "cpu");

        g_assert_cmpstr (string_at (first, "metadata.name"), ==, name);
        if (previous > 0)
          assert_close (cpu, previous, 0.05);
        previous = cpu;
        lowest = MIN (lowest, cpu);
        highest = MAX (highest, cpu);
      }
    g_assert_cmpint (highest, >, lowest);
  }

  first_name = g_strdup (string_at (json_array_get_object_element (items_of (pods), 0), "metadata.name"));
  one = strata_sandbox_metrics_get_pod (metrics, "default", first_name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (string_at (json_node_get_object (one), "kind"), ==, "PodMetrics");
  missing = strata_sandbox_metrics_get_pod (metrics, "default", "nothing-here", &error);
  g_assert_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);

  nodes = _strata_sandbox_metrics_list_nodes_at (metrics, now);
  g_assert_cmpstr (string_at (json_node_get_object (nodes), "kind"), ==, "NodeMetricsList");
  g_assert_cmpuint (json_array_get_length (items_of (nodes)), ==, 3);
  {
    gint64 nodes_cpu = 0;

    for (guint i = 0; i < 3; i++)
      {
        JsonObject *item = json_array_get_object_element (items_of (nodes), i);

        g_assert_cmpstr (string_at (item, "kind"), ==, "NodeMetrics");
        g_assert_cmpint (parse_usage (strata_json_object_get_object (item, "usage"), "memory"), >, 800 * 1024);
        nodes_cpu += parse_usage (strata_json_object_get_object (item, "usage"), "cpu");
      }
    /* The Nodes carry their Pods, and the system's share. */
    g_assert_cmpint (nodes_cpu, >, pods_cpu);
  }
  node = strata_sandbox_metrics_get_node (metrics, "sandbox-node-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (string_at (json_node_get_object (node), "metadata.name"), ==, "sandbox-node-1");

  /* The server's hook. */
  items = strata_sandbox_metrics_list_items ("PodMetrics", NULL, metrics);
  g_assert_cmpuint (items->len, ==, 3);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = strata_sandbox_metrics_list_items ("NodeMetrics", NULL, metrics);
  g_assert_cmpuint (items->len, ==, 3);
}

/* Restarts */

static StrataSandboxStore *
open_store (const char *folder)
{
  g_autoptr(StrataSandboxStore) store = strata_sandbox_store_new (folder);
  g_autoptr(GError) error = NULL;

  g_assert_true (strata_sandbox_store_load (store, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

static gboolean
pods_bound (Fixture *fixture,
            guint    expected)
{
  g_autoptr(GPtrArray) pods = list (fixture, "v1", "Pod", "default", "app=web");
  guint bound = 0;

  for (guint i = 0; i < pods->len; i++)
    if (string_at (object_at (pods, i), "spec.nodeName") != NULL &&
        g_strcmp0 (string_at (object_at (pods, i), "status.phase"), "Pending") == 0)
      bound++;

  return bound == expected;
}

static void
restart (Fixture *fixture)
{
  if (fixture->controllers != NULL)
    stop_controllers (fixture);
  g_clear_object (&fixture->store);
  fixture->store = open_store (fixture->folder);
  start_controllers (fixture, 5);
}

static void
test_restart (Fixture       *fixture,
              gconstpointer  data)
{
  /* A sandbox of its own on disk, its Pods slow to start. */
  stop_controllers (fixture);
  g_clear_object (&fixture->store);
  fixture->folder = strata_test_make_folder ();
  fixture->store = open_store (fixture->folder);
  start_controllers (fixture, 60 * 1000);

  create_deployment (fixture, "default", "web", 3, "nginx");
  WAIT_UNTIL (pods_bound (fixture, 3));

  /* Stopped with its Pods still starting: they start after the restart,
   * and no more are made. */
  restart (fixture);
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "web"));
  WAIT_UNTIL (is_settled (fixture));
  g_assert_cmpuint (count (fixture, "v1", "Pod", "default", NULL), ==, 3);
  g_assert_cmpuint (count (fixture, "apps/v1", "ReplicaSet", "default", NULL), ==, 1);
  g_assert_cmpuint (count (fixture, "v1", "Node", NULL, NULL), ==, 3);

  /* Changed while nobody watched: the next start converges. */
  stop_controllers (fixture);
  update_spec_int (fixture, "apps/v1", "Deployment", "default", "web", "replicas", 5);
  restart (fixture);
  WAIT_UNTIL (deployment_rolled_out (fixture, "default", "web"));
  WAIT_UNTIL (is_settled (fixture));
  g_assert_cmpuint (count_ready_pods (fixture, "default", "app=web"), ==, 5);
  g_assert_cmpuint (count (fixture, "v1", "Pod", "default", NULL), ==, 5);
  g_assert_cmpuint (count (fixture, "apps/v1", "ReplicaSet", "default", NULL), ==, 1);

  /* Deleted while nobody watched: its dependents are collected. */
  stop_controllers (fixture);
  delete (fixture, "apps/v1", "Deployment", "default", "web", NULL);
  restart (fixture);
  WAIT_UNTIL (count (fixture, "apps/v1", "ReplicaSet", "default", NULL) == 0 &&
              count (fixture, "v1", "Pod", "default", NULL) == 0);
  WAIT_UNTIL (is_settled (fixture));
  g_assert_cmpuint (count (fixture, "v1", "Node", NULL, NULL), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/sandbox/controllers/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("nodes", test_nodes);
  ADD ("deployment", test_deployment);
  ADD ("scale", test_scale);
  ADD ("rolling-update", test_rolling_update);
  ADD ("recreate", test_recreate);
  ADD ("statefulset", test_stateful_set);
  ADD ("daemonset", test_daemon_set);
  ADD ("job", test_job);
  ADD ("job-ttl", test_job_ttl);
  ADD ("delete-background", test_delete_background);
  ADD ("delete-foreground", test_delete_foreground);
  ADD ("delete-orphan", test_delete_orphan);
  ADD ("adopt", test_adopt);
  ADD ("delete-namespace", test_delete_namespace);
  ADD ("unschedulable", test_unschedulable);
  ADD ("node-removed", test_node_removed);
  ADD ("malformed", test_malformed);
  ADD ("metrics", test_metrics);
  ADD ("restart", test_restart);
#undef ADD

  return g_test_run ();
}
