/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox's control plane: turns the store's "object-changed" signal
 * into one coalesced reconcile per object, run from an idle on the main
 * context. The controllers themselves live in strata-sandbox-workloads*.c,
 * -pods*.c, -nodes.c and -gc.c; every one of them reads the current state
 * from the store and writes only what differs, so a reconcile run twice, or
 * after a restart on persisted state, changes nothing. */

#include "config.h"

#include "strata-sandbox-controllers-private.h"

/* How often expired Events are looked for. */
#define EVENT_SWEEP_SECONDS 60

#define DEFAULT_POD_START_DELAY 1000
#define DEFAULT_JOB_DURATION    1000

typedef struct
{
  StrataSandboxControllers *self;
  char                     *key;
  guint                     source;
} PendingWork;

enum {
  PROP_0,
  PROP_STORE,
  PROP_POD_START_DELAY,
  PROP_JOB_DURATION,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataSandboxControllers, strata_sandbox_controllers, G_TYPE_OBJECT)

/* Work */

static void
pending_work_free (gpointer data)
{
  PendingWork *work = data;

  g_clear_handle_id (&work->source, g_source_remove);
  g_free (work->key);
  g_free (work);
}

static void
kind_changed (StrataSandboxControllers *self,
              const char               *api_version,
              const char               *kind,
              const char               *namespace_,
              const char               *name)
{
  g_autoptr(JsonNode) node = _strata_sandbox_controllers_get (self, api_version, kind, namespace_, name);

  /* An owner being deleted in the foreground or orphaning waits on the
   * garbage collector, whatever its kind; its own controller still keeps
   * its status. */
  if (node != NULL)
    _strata_sandbox_gc_sync_finalizers (self, json_node_get_object (node));

  if (g_str_equal (api_version, "apps/v1"))
    {
      if (g_str_equal (kind, "Deployment"))
        _strata_sandbox_workloads_sync_deployment (self, namespace_, name);
      else if (g_str_equal (kind, "ReplicaSet"))
        _strata_sandbox_workloads_sync_replica_set (self, namespace_, name);
      else if (g_str_equal (kind, "StatefulSet"))
        _strata_sandbox_workloads_sync_stateful_set (self, namespace_, name);
      else if (g_str_equal (kind, "DaemonSet"))
        _strata_sandbox_workloads_sync_daemon_set (self, namespace_, name);
    }
  else if (g_str_equal (api_version, "batch/v1") && g_str_equal (kind, "Job"))
    _strata_sandbox_workloads_sync_job (self, namespace_, name);
  else if (g_str_equal (api_version, "v1"))
    {
      if (g_str_equal (kind, "Pod"))
        _strata_sandbox_pods_sync (self, namespace_, name);
      else if (g_str_equal (kind, "Namespace"))
        _strata_sandbox_gc_sync_namespace (self, name);
      else if (g_str_equal (kind, "PersistentVolumeClaim"))
        _strata_sandbox_pvcs_sync (self, namespace_, name);
    }
}

/* Every DaemonSet follows the Nodes, Pods waiting for room may find it on
 * a new one, and Pods of a Node that is gone go too (what the Pod garbage
 * collector does; their controllers replace them elsewhere). */
static void
nodes_changed (StrataSandboxControllers *self)
{
  g_autoptr(GPtrArray) daemon_sets = _strata_sandbox_controllers_list (self, "apps/v1", "DaemonSet", NULL);
  g_autoptr(GPtrArray) nodes = _strata_sandbox_controllers_list (self, "v1", "Node", NULL);
  g_autoptr(GPtrArray) pods = _strata_sandbox_controllers_list (self, "v1", "Pod", NULL);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < nodes->len; i++)
    g_hash_table_add (names, (gpointer)_strata_sandbox_meta_get (json_node_get_object (g_ptr_array_index (nodes, i)), "name"));

  for (guint i = 0; i < pods->len; i++)
    {
      JsonObject *pod = json_node_get_object (g_ptr_array_index (pods, i));
      const char *node_name = strata_json_object_get_string (strata_json_object_get_object (pod, "spec"), "nodeName");

      if (node_name != NULL && !g_hash_table_contains (names, node_name))
        _strata_sandbox_controllers_enqueue (self, "v1", "Pod", _strata_sandbox_meta_get (pod, "namespace"),
                                             _strata_sandbox_meta_get (pod, "name"));
    }

  for (guint i = 0; i < daemon_sets->len; i++)
    {
      JsonObject *daemon_set = json_node_get_object (g_ptr_array_index (daemon_sets, i));

      _strata_sandbox_controllers_enqueue (self, "apps/v1", "DaemonSet",
                                           _strata_sandbox_meta_get (daemon_set, "namespace"),
                                           _strata_sandbox_meta_get (daemon_set, "name"));
    }

  _strata_sandbox_pods_retry_unschedulable (self);
}

static void
run_work (StrataSandboxControllers *self,
          const char               *key)
{
  g_auto(GStrv) verb_and_object = g_strsplit (key, " ", 2);
  g_auto(GStrv) parts = NULL;
  const char *verb = verb_and_object[0];

  g_assert (STRATA_IS_SANDBOX_CONTROLLERS (self));

  if (g_str_equal (verb, "gc"))
    {
      _strata_sandbox_gc_collect (self, verb_and_object[1]);
      return;
    }
  if (g_str_equal (verb, "nodes"))
    {
      nodes_changed (self);
      return;
    }
  if (g_str_equal (verb, "unschedulable"))
    {
      _strata_sandbox_pods_retry_unschedulable (self);
      return;
    }

  if (verb_and_object[1] == NULL || !_strata_sandbox_object_key_split (verb_and_object[1], &parts))
    g_return_if_reached ();

  if (g_str_equal (verb, "sync") || g_str_equal (verb, "resync"))
    kind_changed (self, parts[0], parts[1], _strata_sandbox_object_key_namespace (parts), parts[3]);
  else if (g_str_equal (verb, "start"))
    _strata_sandbox_pods_start (self, _strata_sandbox_object_key_namespace (parts), parts[3]);
  else if (g_str_equal (verb, "complete"))
    _strata_sandbox_pods_complete (self, _strata_sandbox_object_key_namespace (parts), parts[3]);
  else if (g_str_equal (verb, "expire"))
    _strata_sandbox_workloads_expire_job (self, _strata_sandbox_object_key_namespace (parts), parts[3]);
  else
    g_return_if_reached ();
}

static gboolean
pending_work_fire (gpointer data)
{
  PendingWork *work = data;
  g_autoptr(StrataSandboxControllers) self = g_object_ref (work->self);
  g_autofree char *key = g_strdup (work->key);

  /* The source is finishing: removing it again would be an error. */
  work->source = 0;
  g_hash_table_remove (self->pending, key);

  if (self->running)
    run_work (self, key);

  return G_SOURCE_REMOVE;
}

static void
schedule_work (StrataSandboxControllers *self,
               char                     *key,
               guint                     delay_msec)
{
  g_autofree char *owned = key;
  PendingWork *work;

  if (!self->running || g_hash_table_contains (self->pending, owned))
    return;

  work = g_new0 (PendingWork, 1);
  work->self = self;
  work->key = g_steal_pointer (&owned);
  /* Below the server's default priority: requests are answered first and a
   * burst of them is reconciled once. */
  if (delay_msec == 0)
    work->source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, pending_work_fire, work, NULL);
  else
    work->source = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, delay_msec, pending_work_fire, work, NULL);
  g_source_set_name_by_id (work->source, "[strata] sandbox controllers");
  g_hash_table_insert (self->pending, work->key, work);
}

void
_strata_sandbox_controllers_enqueue (StrataSandboxControllers *self,
                                     const char               *api_version,
                                     const char               *kind,
                                     const char               *namespace_,
                                     const char               *name)
{
  g_autofree char *object_key = _strata_sandbox_object_key (api_version, kind, namespace_, name);

  schedule_work (self, g_strconcat ("sync ", object_key, NULL), 0);
}

void
_strata_sandbox_controllers_schedule (StrataSandboxControllers *self,
                                      const char               *verb,
                                      const char               *object_key,
                                      guint                     delay_msec)
{
  schedule_work (self, object_key ? g_strconcat (verb, " ", object_key, NULL) : g_strdup (verb), delay_msec);
}

void
_strata_sandbox_controllers_cancel (StrataSandboxControllers *self,
                                    const char               *verb,
                                    const char               *object_key)
{
  g_autofree char *key = g_strconcat (verb, " ", object_key, NULL);

  g_hash_table_remove (self->pending, key);
}

gboolean
_strata_sandbox_controllers_is_settled (StrataSandboxControllers *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_CONTROLLERS (self), FALSE);

  return g_hash_table_size (self->pending) == 0;
}

/* Reacting to changes */

static gboolean
has_controller (const char *api_version,
                const char *kind)
{
  if (g_str_equal (api_version, "apps/v1"))
    return g_str_equal (kind, "Deployment") || g_str_equal (kind, "ReplicaSet") ||
           g_str_equal (kind, "StatefulSet") || g_str_equal (kind, "DaemonSet");
  if (g_str_equal (api_version, "batch/v1"))
    return g_str_equal (kind, "Job");
  if (g_str_equal (api_version, "v1"))
    return g_str_equal (kind, "Pod") || g_str_equal (kind, "Namespace") ||
           g_str_equal (kind, "PersistentVolumeClaim");
  return FALSE;
}

/* Owners follow their dependents: a ReplicaSet counts its Pods, an owner
 * deleted in the foreground waits until they are gone. */
static void
enqueue_owners (StrataSandboxControllers *self,
                JsonObject               *object)
{
  JsonArray *references = strata_json_object_get_array (strata_json_object_get_object (object, "metadata"),
                                                        "ownerReferences");
  const char *namespace_ = _strata_sandbox_meta_get (object, "namespace");

  for (guint i = 0; references != NULL && i < json_array_get_length (references); i++)
    {
      JsonNode *node = json_array_get_element (references, i);
      JsonObject *reference = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *api_version = strata_json_object_get_string (reference, "apiVersion");
      const char *kind = strata_json_object_get_string (reference, "kind");
      const char *name = strata_json_object_get_string (reference, "name");
      gboolean namespaced;

      if (api_version == NULL || kind == NULL || name == NULL)
        continue;
      namespaced = _strata_sandbox_controllers_kind_is_namespaced (self, api_version, kind, NULL);
      _strata_sandbox_controllers_enqueue (self, api_version, kind, namespaced ? namespace_ : NULL, name);
    }
}

static gboolean
is_event (const char *api_version,
          const char *kind)
{
  return g_str_equal (kind, "Event") &&
         (g_str_equal (api_version, "v1") || g_str_equal (api_version, "events.k8s.io/v1"));
}

/* Indexes the object and schedules what follows from it; done by the
 * handler and at start for what the store already holds. */
static void
observe (StrataSandboxControllers *self,
         JsonObject               *object,
         gboolean                  deleted)
{
  const char *api_version = strata_json_object_get_string (object, "apiVersion");
  const char *kind = strata_json_object_get_string (object, "kind");
  const char *namespace_ = _strata_sandbox_meta_get (object, "namespace");
  const char *name = _strata_sandbox_meta_get (object, "name");
  const char *uid = _strata_sandbox_meta_get (object, "uid");
  g_autofree char *key = NULL;

  if (api_version == NULL || kind == NULL || name == NULL)
    return;

  _strata_sandbox_controllers_note_kind (self, api_version, kind, namespace_ != NULL);
  /* Events own nothing and nobody owns them: they would only cost work. */
  if (is_event (api_version, kind))
    return;

  if (!deleted && g_str_equal (kind, "CustomResourceDefinition"))
    _strata_sandbox_controllers_note_definition (self, object);

  key = _strata_sandbox_object_key (api_version, kind, namespace_, name);
  if (deleted)
    {
      _strata_sandbox_gc_unindex (self, key);
      if (uid != NULL)
        _strata_sandbox_controllers_schedule (self, "gc", uid, 0);
    }
  else
    _strata_sandbox_gc_index (self, key, object);

  enqueue_owners (self, object);

  if (has_controller (api_version, kind) || _strata_sandbox_is_being_deleted (object))
    _strata_sandbox_controllers_enqueue (self, api_version, kind, namespace_, name);

  if (g_str_equal (api_version, "v1") && g_str_equal (kind, "Node"))
    _strata_sandbox_controllers_schedule (self, "nodes", NULL, 0);
  else if (g_str_equal (api_version, "v1") && g_str_equal (kind, "Pod") && deleted)
    {
      if (uid != NULL)
        g_hash_table_remove (self->creation_order, uid);
      g_hash_table_remove (self->unschedulable, key);
      /* Room on a Node for a Pod that waits for it. */
      if (g_hash_table_size (self->unschedulable) > 0)
        _strata_sandbox_controllers_schedule (self, "unschedulable", NULL, 0);
    }
  else if (g_str_equal (api_version, "v1") && g_str_equal (kind, "Namespace"))
    {
      if (deleted)
        g_hash_table_remove (self->terminating, name);
      else if (_strata_sandbox_is_being_deleted (object))
        g_hash_table_add (self->terminating, g_strdup (name));
    }

  if (deleted && namespace_ != NULL && g_hash_table_contains (self->terminating, namespace_))
    _strata_sandbox_controllers_enqueue (self, "v1", "Namespace", NULL, namespace_);
}

static void
on_object_changed (StrataSandboxStore *store,
                   const char         *type,
                   JsonNode           *node,
                   gpointer            user_data)
{
  StrataSandboxControllers *self = user_data;

  g_assert (STRATA_IS_SANDBOX_CONTROLLERS (self));

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  observe (self, json_node_get_object (node), g_strcmp0 (type, "DELETED") == 0);
}

/* GObject */

static void
strata_sandbox_controllers_dispose (GObject *object)
{
  StrataSandboxControllers *self = (StrataSandboxControllers *)object;

  strata_sandbox_controllers_stop (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (strata_sandbox_controllers_parent_class)->dispose (object);
}

static void
strata_sandbox_controllers_finalize (GObject *object)
{
  StrataSandboxControllers *self = (StrataSandboxControllers *)object;

  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->dependents, g_hash_table_unref);
  g_clear_pointer (&self->owners, g_hash_table_unref);
  g_clear_pointer (&self->kinds, g_hash_table_unref);
  g_clear_pointer (&self->terminating, g_hash_table_unref);
  g_clear_pointer (&self->unschedulable, g_hash_table_unref);
  g_clear_pointer (&self->creation_order, g_hash_table_unref);

  G_OBJECT_CLASS (strata_sandbox_controllers_parent_class)->finalize (object);
}

static void
strata_sandbox_controllers_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  StrataSandboxControllers *self = STRATA_SANDBOX_CONTROLLERS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_POD_START_DELAY:
      g_value_set_uint (value, self->pod_start_delay);
      break;

    case PROP_JOB_DURATION:
      g_value_set_uint (value, self->job_duration);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_sandbox_controllers_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  StrataSandboxControllers *self = STRATA_SANDBOX_CONTROLLERS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_POD_START_DELAY:
      strata_sandbox_controllers_set_pod_start_delay (self, g_value_get_uint (value));
      break;

    case PROP_JOB_DURATION:
      strata_sandbox_controllers_set_job_duration (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_sandbox_controllers_class_init (StrataSandboxControllersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_sandbox_controllers_dispose;
  object_class->finalize = strata_sandbox_controllers_finalize;
  object_class->get_property = strata_sandbox_controllers_get_property;
  object_class->set_property = strata_sandbox_controllers_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         STRATA_TYPE_SANDBOX_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * StrataSandboxControllers:pod-start-delay:
   *
   * Milliseconds between a Pod's scheduling and its containers running,
   * the time a kubelet would take to pull and start them.
   */
  properties[PROP_POD_START_DELAY] =
    g_param_spec_uint ("pod-start-delay", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_POD_START_DELAY,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * StrataSandboxControllers:job-duration:
   *
   * Milliseconds a Job's Pod runs before it succeeds.
   */
  properties[PROP_JOB_DURATION] =
    g_param_spec_uint ("job-duration", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_JOB_DURATION,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_sandbox_controllers_init (StrataSandboxControllers *self)
{
  self->pod_start_delay = DEFAULT_POD_START_DELAY;
  self->job_duration = DEFAULT_JOB_DURATION;
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, pending_work_free);
  self->dependents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_unref);
  self->owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_strfreev);
  self->kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->terminating = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unschedulable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->creation_order = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Public */

/**
 * strata_sandbox_controllers_new:
 * @store: the sandbox's objects
 *
 * Returns: (transfer full): controllers for @store, not yet started
 */
StrataSandboxControllers *
strata_sandbox_controllers_new (StrataSandboxStore *store)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_STORE (store), NULL);

  return g_object_new (STRATA_TYPE_SANDBOX_CONTROLLERS, "store", store, NULL);
}

StrataSandboxStore *
strata_sandbox_controllers_get_store (StrataSandboxControllers *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_CONTROLLERS (self), NULL);

  return self->store;
}

/* Everything the store held before we listened: indexed, and reconciled
 * once, which is what makes a restart converge. */
static void
observe_existing (StrataSandboxControllers *self)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_autoptr(GPtrArray) kinds = NULL;

  for (guint scope = 0; scope < 2; scope++)
    {
      g_clear_pointer (&kinds, g_ptr_array_unref);
      kinds = _strata_sandbox_controllers_known_kinds (self, scope == 0);
      for (guint i = 0; i < kinds->len; i++)
        {
          char **kind = g_ptr_array_index (kinds, i);
          g_autoptr(GPtrArray) items = NULL;

          if (is_event (kind[0], kind[1]))
            continue;
          items = _strata_sandbox_controllers_list (self, kind[0], kind[1], NULL);
          g_ptr_array_extend_and_steal (all, g_steal_pointer (&items));
        }
    }

  for (guint i = 0; i < all->len; i++)
    observe (self, json_node_get_object (g_ptr_array_index (all, i)), FALSE);

  /* With the index complete: dependents whose owner went while nobody
   * watched. */
  for (guint i = 0; i < all->len; i++)
    _strata_sandbox_gc_check_owners (self, json_node_get_object (g_ptr_array_index (all, i)));
}

/**
 * strata_sandbox_controllers_start:
 * @self: a #StrataSandboxControllers
 *
 * Creates the Nodes of a new sandbox, reconciles what the store holds and
 * follows its changes from then on.
 */
void
strata_sandbox_controllers_start (StrataSandboxControllers *self)
{
  g_return_if_fail (STRATA_IS_SANDBOX_CONTROLLERS (self));

  if (self->running)
    return;

  self->running = TRUE;
  _strata_sandbox_controllers_reset_kinds (self);
  self->changed_handler = g_signal_connect (self->store, "object-changed", G_CALLBACK (on_object_changed), self);
  _strata_sandbox_nodes_ensure (self);
  observe_existing (self);
  self->event_sweep_source = g_timeout_add_seconds_full (G_PRIORITY_LOW, EVENT_SWEEP_SECONDS,
                                                             _strata_sandbox_controllers_sweep_events, self, NULL);
  g_source_set_name_by_id (self->event_sweep_source, "[strata] sandbox event sweep");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * strata_sandbox_controllers_stop:
 * @self: a #StrataSandboxControllers
 *
 * Stops following the store; pending work is dropped, as a restart
 * reconciles everything again.
 */
void
strata_sandbox_controllers_stop (StrataSandboxControllers *self)
{
  g_return_if_fail (STRATA_IS_SANDBOX_CONTROLLERS (self));

  if (!self->running)
    return;

  self->running = FALSE;
  g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_handle_id (&self->event_sweep_source, g_source_remove);
  g_hash_table_remove_all (self->pending);
  g_hash_table_remove_all (self->dependents);
  g_hash_table_remove_all (self->owners);
  g_hash_table_remove_all (self->terminating);
  g_hash_table_remove_all (self->unschedulable);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
strata_sandbox_controllers_get_running (StrataSandboxControllers *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_CONTROLLERS (self), FALSE);

  return self->running;
}

guint
strata_sandbox_controllers_get_pod_start_delay (StrataSandboxControllers *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_CONTROLLERS (self), 0);

  return self->pod_start_delay;
}

void
strata_sandbox_controllers_set_pod_start_delay (StrataSandboxControllers *self,
                                                guint                     msec)
{
  g_return_if_fail (STRATA_IS_SANDBOX_CONTROLLERS (self));

  if (self->pod_start_delay == msec)
    return;

  self->pod_start_delay = msec;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POD_START_DELAY]);
}

guint
strata_sandbox_controllers_get_job_duration (StrataSandboxControllers *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_CONTROLLERS (self), 0);

  return self->job_duration;
}

void
strata_sandbox_controllers_set_job_duration (StrataSandboxControllers *self,
                                             guint                     msec)
{
  g_return_if_fail (STRATA_IS_SANDBOX_CONTROLLERS (self));

  if (self->job_duration == msec)
    return;

  self->job_duration = msec;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_DURATION]);
}
