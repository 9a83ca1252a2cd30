/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Deployment and ReplicaSet controllers, after kube-controller-manager's:
 * a Deployment owns one ReplicaSet per Pod template (named after the
 * template's hash, numbered by the revision annotation) and rolls from the
 * old ones to the new one within maxSurge and maxUnavailable; a ReplicaSet
 * keeps its number of Pods. */

#include "config.h"

#include "strata-sandbox-controllers-private.h"

#define REVISION_ANNOTATION         "deployment.kubernetes.io/revision"
#define REVISION_HISTORY_ANNOTATION "deployment.kubernetes.io/revision-history"
#define DESIRED_ANNOTATION          "deployment.kubernetes.io/desired-replicas"
#define MAX_ANNOTATION              "deployment.kubernetes.io/max-replicas"
#define HASH_LABEL                  "pod-template-hash"

typedef struct
{
  JsonNode   *node;
  JsonObject *deployment;
  JsonObject *template_;
  gint64      desired;
  gint64      max_surge;
  gint64      max_unavailable;
  GPtrArray  *sets;
  JsonNode   *new_set;
  GPtrArray  *old_sets;
  gboolean    created;
} Rollout;

static void
rollout_clear (Rollout *rollout)
{
  g_clear_pointer (&rollout->node, json_node_unref);
  g_clear_pointer (&rollout->sets, g_ptr_array_unref);
  g_clear_pointer (&rollout->old_sets, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Rollout, rollout_clear)

static JsonObject *
spec_of (JsonNode *node)
{
  return strata_json_object_get_object (json_node_get_object (node), "spec");
}

static gint64
spec_replicas (JsonNode *node)
{
  return _strata_sandbox_json_get_int (spec_of (node), "replicas", 1);
}

static gint64
status_count (JsonNode   *node,
              const char *member)
{
  return _strata_sandbox_json_get_int (strata_json_object_get_object (json_node_get_object (node), "status"), member, 0);
}

static const char *
annotation (JsonObject *object,
            const char *name)
{
  return strata_json_object_get_string (strata_json_object_get_object (strata_json_object_get_object (object, "metadata"),
                                                                       "annotations"),
                                        name);
}

static gint64
revision_of (JsonNode *set)
{
  const char *text = annotation (json_node_get_object (set), REVISION_ANNOTATION);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static const char *
name_of (JsonNode *node)
{
  return _strata_sandbox_meta_get (json_node_get_object (node), "name");
}

/* The Pod template of the ReplicaSet for @template_: the Deployment's,
 * with the pod-template-hash label. */
static JsonNode *
set_template_for (JsonObject *template_,
                  const char *hash)
{
  g_autoptr(JsonNode) borrowed = json_node_init_object (json_node_alloc (), template_);
  JsonNode *copy = strata_sandbox_json_copy (borrowed);
  JsonObject *metadata = _strata_sandbox_json_ensure_object (json_node_get_object (copy), "metadata");

  json_object_set_string_member (_strata_sandbox_json_ensure_object (metadata, "labels"), HASH_LABEL, hash);
  return copy;
}

/* EqualIgnoreHash: the ReplicaSet's template is what set_template_for()
 * makes of the Deployment's, whatever hash it was given. */
static gboolean
same_template (JsonNode   *set,
               JsonObject *template_)
{
  JsonObject *spec = spec_of (set);
  JsonNode *set_template = spec ? json_object_get_member (spec, "template") : NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(JsonNode) actual = NULL;
  JsonObject *labels;

  if (set_template == NULL || !JSON_NODE_HOLDS_OBJECT (set_template) || template_ == NULL)
    return FALSE;

  expected = set_template_for (template_, "");
  actual = strata_sandbox_json_copy (set_template);
  labels = strata_json_object_get_object (strata_json_object_get_object (json_node_get_object (actual), "metadata"), "labels");
  if (labels == NULL)
    return FALSE;
  json_object_set_string_member (labels, HASH_LABEL, "");

  return json_node_equal (expected, actual);
}

static int
compare_creation (gconstpointer a,
                  gconstpointer b)
{
  JsonNode *left = *(JsonNode **)a;
  JsonNode *right = *(JsonNode **)b;
  gint64 left_time = _strata_sandbox_parse_timestamp (_strata_sandbox_meta_get (json_node_get_object (left), "creationTimestamp"));
  gint64 right_time = _strata_sandbox_parse_timestamp (_strata_sandbox_meta_get (json_node_get_object (right), "creationTimestamp"));

  if (left_time != right_time)
    return left_time < right_time ? -1 : 1;
  if (revision_of (left) != revision_of (right))
    return revision_of (left) < revision_of (right) ? -1 : 1;
  return g_strcmp0 (name_of (left), name_of (right));
}

static int
compare_revision (gconstpointer a,
                  gconstpointer b)
{
  gint64 left = revision_of (*(JsonNode **)a);
  gint64 right = revision_of (*(JsonNode **)b);

  return left < right ? -1 : left > right ? 1 : 0;
}

static gboolean
rollout_init (StrataSandboxControllers *self,
              Rollout                  *rollout,
              const char               *namespace_,
              const char               *name)
{
  JsonObject *spec;
  JsonObject *rolling;
  gint64 surge;
  gint64 unavailable;

  rollout->node = _strata_sandbox_controllers_get (self, "apps/v1", "Deployment", namespace_, name);
  if (rollout->node == NULL)
    return FALSE;

  rollout->deployment = json_node_get_object (rollout->node);
  spec = spec_of (rollout->node);
  rollout->template_ = strata_json_object_get_object (spec, "template");
  rollout->desired = MAX (spec_replicas (rollout->node), 0);

  rolling = strata_json_object_get_object (strata_json_object_get_object (spec, "strategy"), "rollingUpdate");
  surge = _strata_sandbox_scaled_value (rolling, "maxSurge", rollout->desired, "25%", TRUE);
  unavailable = _strata_sandbox_scaled_value (rolling, "maxUnavailable", rollout->desired, "25%", FALSE);
  /* Both zero would never progress: the API refuses it, the controller
   * makes it one. */
  if (surge == 0 && unavailable == 0)
    unavailable = 1;
  rollout->max_surge = surge;
  rollout->max_unavailable = MIN (unavailable, rollout->desired);

  _strata_sandbox_gc_adopt (self, rollout->deployment, "apps/v1", "ReplicaSet", strata_json_object_get_object (spec, "selector"));
  rollout->sets = _strata_sandbox_controllers_list_controlled (self, _strata_sandbox_meta_get (rollout->deployment, "uid"),
                                                               "ReplicaSet");
  g_ptr_array_sort (rollout->sets, compare_creation);
  rollout->old_sets = g_ptr_array_new ();
  for (guint i = 0; i < rollout->sets->len; i++)
    {
      JsonNode *set = g_ptr_array_index (rollout->sets, i);

      /* The oldest matching set is the new one, as FindNewReplicaSet. */
      if (rollout->new_set == NULL && same_template (set, rollout->template_))
        rollout->new_set = set;
      else
        g_ptr_array_add (rollout->old_sets, set);
    }

  return TRUE;
}

static gint64
total_replicas (Rollout *rollout)
{
  gint64 total = 0;

  for (guint i = 0; i < rollout->sets->len; i++)
    total += spec_replicas (g_ptr_array_index (rollout->sets, i));

  return total;
}

static gint64
max_revision (Rollout *rollout)
{
  gint64 highest = 0;

  for (guint i = 0; i < rollout->sets->len; i++)
    highest = MAX (highest, revision_of (g_ptr_array_index (rollout->sets, i)));

  return highest;
}

static void
set_annotation (JsonObject *object,
                const char *name,
                const char *value)
{
  JsonObject *annotations = _strata_sandbox_json_ensure_object (_strata_sandbox_json_ensure_object (object, "metadata"),
                                                                "annotations");

  json_object_set_string_member (annotations, name, value);
}

static void
set_scale_annotations (Rollout    *rollout,
                       JsonObject *set)
{
  g_autofree char *desired = g_strdup_printf ("%" G_GINT64_FORMAT, rollout->desired);
  g_autofree char *maximum = g_strdup_printf ("%" G_GINT64_FORMAT, rollout->desired + rollout->max_surge);

  set_annotation (set, DESIRED_ANNOTATION, desired);
  set_annotation (set, MAX_ANNOTATION, maximum);
}

/* Scales @set, updating the copy in the rollout so that the next step
 * counts with the new number. */
static void
scale_set (StrataSandboxControllers *self,
           Rollout                  *rollout,
           JsonNode                 *set,
           gint64                    replicas)
{
  JsonObject *object = json_node_get_object (set);
  gint64 before = spec_replicas (set);
  g_autoptr(JsonNode) original = strata_sandbox_json_copy (set);
  g_autoptr(JsonNode) updated = NULL;

  set_scale_annotations (rollout, object);
  json_object_set_int_member (_strata_sandbox_json_ensure_object (object, "spec"), "replicas", replicas);
  if (json_node_equal (original, set))
    return;
  updated = _strata_sandbox_controllers_update (self, set);
  if (updated == NULL)
    return;

  json_object_set_string_member (_strata_sandbox_json_ensure_object (object, "metadata"), "resourceVersion",
                                 _strata_sandbox_meta_get (json_node_get_object (updated), "resourceVersion"));
  if (before != replicas)
    _strata_sandbox_controllers_record_event (self, rollout->deployment, "Normal", "ScalingReplicaSet", "deployment-controller", NULL,
                                              "Scaled %s replica set %s to %" G_GINT64_FORMAT " from %" G_GINT64_FORMAT,
                                              replicas > before ? "up" : "down", name_of (set), replicas, before);
}

static JsonNode *
create_new_set (StrataSandboxControllers *self,
                Rollout                  *rollout,
                gint64                    replicas)
{
  JsonObject *spec = spec_of (rollout->node);
  gint64 collisions = _strata_sandbox_json_get_int (strata_json_object_get_object (rollout->deployment, "status"),
                                                    "collisionCount", 0);
  g_autoptr(JsonNode) template_node = json_node_init_object (json_node_alloc (), rollout->template_);

  /* A name taken by a set with another template is a hash collision: the
   * controller counts it and hashes again. */
  for (guint attempt = 0; attempt < 10; attempt++, collisions++)
    {
      g_autofree char *hash = _strata_sandbox_template_hash (template_node, collisions);
      g_autofree char *set_name = g_strdup_printf ("%s-%s", name_of (rollout->node), hash);
      g_autofree char *revision = g_strdup_printf ("%" G_GINT64_FORMAT, max_revision (rollout) + 1);
      g_autoptr(JsonNode) existing = _strata_sandbox_controllers_get (self, "apps/v1", "ReplicaSet",
                                                                      _strata_sandbox_meta_get (rollout->deployment, "namespace"),
                                                                      set_name);
      g_autoptr(JsonNode) set = NULL;
      JsonNode *created;
      JsonObject *object;
      JsonObject *metadata;
      JsonObject *set_spec;
      JsonObject *template_;
      JsonObject *selector;
      JsonArray *references;

      if (existing != NULL)
        continue;

      set = strata_sandbox_json_new_object ();
      object = json_node_get_object (set);
      json_object_set_string_member (object, "apiVersion", "apps/v1");
      json_object_set_string_member (object, "kind", "ReplicaSet");
      metadata = _strata_sandbox_json_ensure_object (object, "metadata");
      json_object_set_string_member (metadata, "name", set_name);
      json_object_set_string_member (metadata, "namespace", _strata_sandbox_meta_get (rollout->deployment, "namespace"));
      set_scale_annotations (rollout, object);
      set_annotation (object, REVISION_ANNOTATION, revision);
      references = json_array_new ();
      json_array_add_element (references, _strata_sandbox_owner_reference_new (rollout->deployment));
      json_object_set_array_member (metadata, "ownerReferences", references);

      set_spec = _strata_sandbox_json_ensure_object (object, "spec");
      json_object_set_int_member (set_spec, "replicas", replicas);
      if (json_object_has_member (spec, "minReadySeconds"))
        json_object_set_member (set_spec, "minReadySeconds", strata_sandbox_json_copy (json_object_get_member (spec, "minReadySeconds")));
      json_object_set_member (set_spec, "selector", strata_sandbox_json_copy (json_object_get_member (spec, "selector")));
      selector = _strata_sandbox_json_ensure_object (set_spec, "selector");
      json_object_set_string_member (_strata_sandbox_json_ensure_object (selector, "matchLabels"), HASH_LABEL, hash);
      json_object_set_member (set_spec, "template", set_template_for (rollout->template_, hash));
      template_ = strata_json_object_get_object (set_spec, "template");
      /* The set carries its Pods' labels, as the real controller copies
       * them. */
      json_object_set_member (metadata, "labels",
                              strata_sandbox_json_copy (json_object_get_member (strata_json_object_get_object (template_, "metadata"), "labels")));

      created = _strata_sandbox_controllers_create (self, set);
      if (created == NULL)
        return NULL;

      if (collisions > 0)
        {
          g_autoptr(JsonNode) status = _strata_sandbox_status_copy (rollout->deployment);

          json_object_set_int_member (json_node_get_object (status), "collisionCount", collisions);
          _strata_sandbox_controllers_write_status (self, rollout->node, status);
        }

      _strata_sandbox_controllers_record_event (self, rollout->deployment, "Normal", "ScalingReplicaSet", "deployment-controller", NULL,
                                                "Scaled up replica set %s to %" G_GINT64_FORMAT, set_name, replicas);
      g_ptr_array_add (rollout->sets, created);
      rollout->created = TRUE;
      return created;
    }

  return NULL;
}

/* NewRSNewReplicas: up to the desired count, within the surge. */
static gint64
new_set_replicas (Rollout *rollout)
{
  gint64 current = rollout->new_set ? spec_replicas (rollout->new_set) : 0;
  gint64 total = total_replicas (rollout);
  gint64 most = rollout->desired + rollout->max_surge;

  if (total >= most)
    return current;

  return current + MIN (most - total, rollout->desired - current);
}

/* A new set made the current one again (a rollback) takes the next
 * revision, and remembers the ones it had. */
static void
promote_revision (StrataSandboxControllers *self,
                  Rollout                  *rollout)
{
  gint64 highest = max_revision (rollout);
  gint64 revision = revision_of (rollout->new_set);
  JsonObject *object = json_node_get_object (rollout->new_set);
  g_autofree char *text = NULL;
  g_autofree char *history = NULL;
  g_autoptr(JsonNode) updated = NULL;
  const char *previous;

  if (revision >= highest && revision > 0)
    return;

  previous = annotation (object, REVISION_HISTORY_ANNOTATION);
  if (revision > 0)
    history = previous ? g_strdup_printf ("%s,%" G_GINT64_FORMAT, previous, revision)
                       : g_strdup_printf ("%" G_GINT64_FORMAT, revision);
  text = g_strdup_printf ("%" G_GINT64_FORMAT, highest + 1);
  set_annotation (object, REVISION_ANNOTATION, text);
  if (history != NULL)
    set_annotation (object, REVISION_HISTORY_ANNOTATION, history);

  updated = _strata_sandbox_controllers_update (self, rollout->new_set);
  if (updated != NULL)
    json_object_set_string_member (_strata_sandbox_json_ensure_object (object, "metadata"), "resourceVersion",
                                   _strata_sandbox_meta_get (json_node_get_object (updated), "resourceVersion"));
}

static void
scale_down_old_sets (StrataSandboxControllers *self,
                     Rollout                  *rollout)
{
  gint64 old_total = 0;
  gint64 min_available = rollout->desired - rollout->max_unavailable;
  gint64 new_unavailable;
  gint64 budget;
  gint64 available = 0;
  gint64 to_scale_down;

  for (guint i = 0; i < rollout->old_sets->len; i++)
    old_total += spec_replicas (g_ptr_array_index (rollout->old_sets, i));
  if (old_total == 0)
    return;

  new_unavailable = rollout->new_set ? spec_replicas (rollout->new_set) - status_count (rollout->new_set, "availableReplicas") : 0;
  budget = total_replicas (rollout) - min_available - MAX (new_unavailable, 0);
  if (budget <= 0)
    return;

  /* Unhealthy old Pods go first: losing them costs no availability. */
  for (guint i = 0; i < rollout->old_sets->len && budget > 0; i++)
    {
      JsonNode *set = g_ptr_array_index (rollout->old_sets, i);
      gint64 unhealthy = spec_replicas (set) - status_count (set, "availableReplicas");
      gint64 count = MIN (budget, unhealthy);

      if (spec_replicas (set) == 0 || count <= 0)
        continue;
      scale_set (self, rollout, set, spec_replicas (set) - count);
      budget -= count;
    }

  for (guint i = 0; i < rollout->sets->len; i++)
    available += status_count (g_ptr_array_index (rollout->sets, i), "availableReplicas");
  to_scale_down = available - min_available;

  for (guint i = 0; i < rollout->old_sets->len && to_scale_down > 0; i++)
    {
      JsonNode *set = g_ptr_array_index (rollout->old_sets, i);
      gint64 count = MIN (spec_replicas (set), to_scale_down);

      if (count <= 0)
        continue;
      scale_set (self, rollout, set, spec_replicas (set) - count);
      to_scale_down -= count;
    }
}

static void
rolling_update (StrataSandboxControllers *self,
                Rollout                  *rollout)
{
  if (rollout->new_set == NULL)
    rollout->new_set = create_new_set (self, rollout, new_set_replicas (rollout));
  else
    {
      promote_revision (self, rollout);
      if (spec_replicas (rollout->new_set) > rollout->desired)
        scale_set (self, rollout, rollout->new_set, rollout->desired);
      else if (spec_replicas (rollout->new_set) < rollout->desired)
        scale_set (self, rollout, rollout->new_set, new_set_replicas (rollout));
    }

  scale_down_old_sets (self, rollout);
}

static void
recreate (StrataSandboxControllers *self,
          Rollout                  *rollout)
{
  gboolean old_running = FALSE;

  for (guint i = 0; i < rollout->old_sets->len; i++)
    {
      JsonNode *set = g_ptr_array_index (rollout->old_sets, i);

      if (spec_replicas (set) > 0)
        scale_set (self, rollout, set, 0);
      if (status_count (set, "replicas") > 0)
        old_running = TRUE;
    }

  /* The new Pods start only once every old one is gone. */
  if (old_running)
    return;

  if (rollout->new_set == NULL)
    rollout->new_set = create_new_set (self, rollout, rollout->desired);
  else
    {
      promote_revision (self, rollout);
      if (spec_replicas (rollout->new_set) != rollout->desired)
        scale_set (self, rollout, rollout->new_set, rollout->desired);
    }
}

/* A paused Deployment still scales, but rolls nothing out. */
static void
scale_paused (StrataSandboxControllers *self,
              Rollout                  *rollout)
{
  JsonNode *target = rollout->new_set;

  for (guint i = 0; target == NULL && i < rollout->sets->len; i++)
    {
      JsonNode *set = g_ptr_array_index (rollout->sets, rollout->sets->len - 1 - i);

      if (spec_replicas (set) > 0)
        target = set;
    }

  if (target != NULL && spec_replicas (target) != rollout->desired)
    scale_set (self, rollout, target, rollout->desired);
}

static void
clean_up_history (StrataSandboxControllers *self,
                  Rollout                  *rollout)
{
  gint64 limit = MAX (_strata_sandbox_json_get_int (spec_of (rollout->node), "revisionHistoryLimit", 10), 0);
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();

  for (guint i = 0; i < rollout->old_sets->len; i++)
    {
      JsonNode *set = g_ptr_array_index (rollout->old_sets, i);

      if (spec_replicas (set) == 0 && status_count (set, "replicas") == 0 &&
          !_strata_sandbox_is_being_deleted (json_node_get_object (set)))
        g_ptr_array_add (idle, set);
    }

  g_ptr_array_sort (idle, compare_revision);
  for (guint i = 0; (gint64)(idle->len - i) > limit; i++)
    _strata_sandbox_controllers_delete (self, json_node_get_object (g_ptr_array_index (idle, i)), "Background");
}

static void
sync_deployment_revision (StrataSandboxControllers *self,
                          Rollout                  *rollout)
{
  g_autofree char *revision = NULL;
  g_autoptr(JsonNode) updated = NULL;

  if (rollout->new_set == NULL)
    return;

  revision = g_strdup_printf ("%" G_GINT64_FORMAT, revision_of (rollout->new_set));
  if (g_strcmp0 (annotation (rollout->deployment, REVISION_ANNOTATION), revision) == 0)
    return;

  set_annotation (rollout->deployment, REVISION_ANNOTATION, revision);
  updated = _strata_sandbox_controllers_update (self, rollout->node);
}

static void
sync_deployment_status (StrataSandboxControllers *self,
                        const char               *namespace_,
                        const char               *name,
                        gboolean                  created)
{
  g_auto(Rollout) rollout = { 0, };
  g_autoptr(JsonNode) status_node = NULL;
  g_autofree char *message = NULL;
  JsonObject *status;
  gint64 replicas = 0;
  gint64 ready = 0;
  gint64 available = 0;
  gint64 updated;
  gboolean paused;

  if (!rollout_init (self, &rollout, namespace_, name))
    return;

  for (guint i = 0; i < rollout.sets->len; i++)
    {
      JsonNode *set = g_ptr_array_index (rollout.sets, i);

      replicas += status_count (set, "replicas");
      ready += status_count (set, "readyReplicas");
      available += status_count (set, "availableReplicas");
    }
  updated = rollout.new_set ? status_count (rollout.new_set, "replicas") : 0;

  status_node = _strata_sandbox_status_copy (rollout.deployment);
  status = json_node_get_object (status_node);
  json_object_set_int_member (status, "observedGeneration",
                              _strata_sandbox_json_get_int (strata_json_object_get_object (rollout.deployment, "metadata"),
                                                            "generation", 1));
  _strata_sandbox_json_set_count (status, "replicas", replicas, TRUE);
  _strata_sandbox_json_set_count (status, "updatedReplicas", updated, TRUE);
  _strata_sandbox_json_set_count (status, "readyReplicas", ready, TRUE);
  _strata_sandbox_json_set_count (status, "availableReplicas", available, TRUE);
  _strata_sandbox_json_set_count (status, "unavailableReplicas", MAX (total_replicas (&rollout) - available, 0), TRUE);

  if (available >= rollout.desired - rollout.max_unavailable)
    _strata_sandbox_set_condition (status, "Available", "True", "MinimumReplicasAvailable",
                                   "Deployment has minimum availability.", FALSE, TRUE);
  else
    _strata_sandbox_set_condition (status, "Available", "False", "MinimumReplicasUnavailable",
                                   "Deployment does not have minimum availability.", FALSE, TRUE);

  paused = _strata_sandbox_json_get_bool (spec_of (rollout.node), "paused");
  if (paused)
    _strata_sandbox_set_condition (status, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", FALSE, TRUE);
  else if (rollout.new_set != NULL &&
           updated == rollout.desired && replicas == rollout.desired && available == rollout.desired)
    {
      message = g_strdup_printf ("ReplicaSet \"%s\" has successfully progressed.", name_of (rollout.new_set));
      _strata_sandbox_set_condition (status, "Progressing", "True", "NewReplicaSetAvailable", message, FALSE, TRUE);
    }
  else if (rollout.new_set != NULL && created)
    {
      message = g_strdup_printf ("Created new replica set \"%s\"", name_of (rollout.new_set));
      _strata_sandbox_set_condition (status, "Progressing", "True", "NewReplicaSetCreated", message, FALSE, TRUE);
    }
  else if (rollout.new_set != NULL)
    {
      message = g_strdup_printf ("ReplicaSet \"%s\" is progressing.", name_of (rollout.new_set));
      _strata_sandbox_set_condition (status, "Progressing", "True", "ReplicaSetUpdated", message, FALSE, TRUE);
    }

  _strata_sandbox_controllers_write_status (self, rollout.node, status_node);
}

void
_strata_sandbox_workloads_sync_deployment (StrataSandboxControllers *self,
                                           const char               *namespace_,
                                           const char               *name)
{
  g_auto(Rollout) rollout = { 0, };
  JsonObject *spec;
  gboolean paused;
  gboolean created;

  if (!rollout_init (self, &rollout, namespace_, name))
    return;

  spec = spec_of (rollout.node);
  paused = _strata_sandbox_json_get_bool (spec, "paused");

  /* Being deleted, or nothing to make Pods from: status only. */
  if (!_strata_sandbox_is_being_deleted (rollout.deployment) && rollout.template_ != NULL &&
      strata_json_object_get_object (spec, "selector") != NULL)
    {
      if (paused)
        scale_paused (self, &rollout);
      else if (g_strcmp0 (strata_json_object_get_string (strata_json_object_get_object (spec, "strategy"), "type"), "Recreate") == 0)
        recreate (self, &rollout);
      else
        rolling_update (self, &rollout);

      clean_up_history (self, &rollout);
      sync_deployment_revision (self, &rollout);
    }

  created = rollout.created;
  rollout_clear (&rollout);
  sync_deployment_status (self, namespace_, name, created);
}

/* ReplicaSets */

void
_strata_sandbox_workloads_sync_replica_set (StrataSandboxControllers *self,
                                            const char               *namespace_,
                                            const char               *name)
{
  g_autoptr(JsonNode) node = _strata_sandbox_controllers_get (self, "apps/v1", "ReplicaSet", namespace_, name);
  g_autoptr(GPtrArray) pods = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(JsonNode) status_node = NULL;
  JsonObject *set;
  JsonObject *spec;
  JsonObject *status;
  const char *uid;
  gint64 ready = 0;
  gint64 available = 0;
  gint64 wait_msec = 0;
  gint64 min_ready_seconds;
  gint64 now = g_get_real_time ();

  if (node == NULL)
    return;
  set = json_node_get_object (node);
  spec = strata_json_object_get_object (set, "spec");
  uid = _strata_sandbox_meta_get (set, "uid");
  min_ready_seconds = _strata_sandbox_json_get_int (spec, "minReadySeconds", 0);
  _strata_sandbox_gc_adopt (self, set, "v1", "Pod", strata_json_object_get_object (spec, "selector"));

  for (guint pass = 0; pass < 2; pass++)
    {
      gint64 desired = MAX (_strata_sandbox_json_get_int (spec, "replicas", 1), 0);
      JsonObject *template_ = strata_json_object_get_object (spec, "template");

      g_clear_pointer (&pods, g_ptr_array_unref);
      g_clear_pointer (&active, g_ptr_array_unref);
      pods = _strata_sandbox_controllers_list_controlled (self, uid, "Pod");
      active = g_ptr_array_new ();
      for (guint i = 0; i < pods->len; i++)
        if (_strata_sandbox_pod_is_active (json_node_get_object (g_ptr_array_index (pods, i))))
          g_ptr_array_add (active, g_ptr_array_index (pods, i));

      if (pass == 1 || _strata_sandbox_is_being_deleted (set) || template_ == NULL ||
          (gint64)active->len == desired)
        break;

      if ((gint64)active->len < desired)
        {
          g_autofree char *prefix = g_strconcat (name, "-", NULL);

          for (gint64 i = active->len; i < desired; i++)
            {
              g_autoptr(JsonNode) pod = _strata_sandbox_pods_new_from_template (set, template_, NULL, prefix);
              g_autoptr(JsonNode) created = _strata_sandbox_pods_create (self, pod);

              if (created == NULL)
                break;
              _strata_sandbox_controllers_record_event (self, set, "Normal", "SuccessfulCreate", "replicaset-controller", NULL,
                                                        "Created pod: %s", name_of (created));
            }
        }
      else
        {
          _strata_sandbox_pods_sort_for_deletion (self, active);
          for (guint i = 0; (gint64)(active->len - i) > desired; i++)
            {
              JsonObject *pod = json_node_get_object (g_ptr_array_index (active, i));

              if (_strata_sandbox_controllers_delete (self, pod, NULL))
                _strata_sandbox_controllers_record_event (self, set, "Normal", "SuccessfulDelete", "replicaset-controller", NULL,
                                                          "Deleted pod: %s", _strata_sandbox_meta_get (pod, "name"));
            }
        }
    }

  for (guint i = 0; i < active->len; i++)
    {
      JsonObject *pod = json_node_get_object (g_ptr_array_index (active, i));

      if (_strata_sandbox_pod_is_ready (pod))
        ready++;
      if (_strata_sandbox_pod_is_available (pod, min_ready_seconds, now, &wait_msec))
        available++;
    }

  status_node = _strata_sandbox_status_copy (set);
  status = json_node_get_object (status_node);
  _strata_sandbox_json_set_count (status, "replicas", active->len, FALSE);
  _strata_sandbox_json_set_count (status, "fullyLabeledReplicas", active->len, TRUE);
  _strata_sandbox_json_set_count (status, "readyReplicas", ready, TRUE);
  _strata_sandbox_json_set_count (status, "availableReplicas", available, TRUE);
  json_object_set_int_member (status, "observedGeneration",
                              _strata_sandbox_json_get_int (strata_json_object_get_object (set, "metadata"), "generation", 1));
  _strata_sandbox_controllers_write_status (self, node, status_node);

  /* Pods ready but not yet for minReadySeconds become available later,
   * with no change of their own to say so. */
  if (wait_msec > 0)
    {
      g_autofree char *key = _strata_sandbox_object_key ("apps/v1", "ReplicaSet", namespace_, name);

      _strata_sandbox_controllers_schedule (self, "resync", key, MIN (wait_msec, G_MAXUINT));
    }
}
