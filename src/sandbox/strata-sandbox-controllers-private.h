/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the controllers' files share: the instance struct, the work queue and
 * small helpers on Kubernetes objects. */
#pragma once

#include <json-glib/json-glib.h>

#include "strata-json.h"
#include "strata-sandbox-controllers.h"
#include "strata-sandbox-json.h"
#include "strata-sandbox-version.h"

G_BEGIN_DECLS

/* What a fresh cluster's kubelets report; the server's /version says the
 * same. */
#define STRATA_SANDBOX_KUBELET_VERSION STRATA_SANDBOX_KUBERNETES_GIT_VERSION

struct _StrataSandboxControllers
{
  GObject             parent_instance;

  StrataSandboxStore *store;
  gulong              changed_handler;
  guint               event_sweep_source;
  guint               pod_start_delay;
  guint               job_duration;
  guint               running : 1;

  /* work key -> PendingWork: at most one pending reconcile per object, so a
   * burst of changes costs one pass (an idle) or one timer */
  GHashTable         *pending;
  /* owner uid -> set of dependent object keys, from ownerReferences */
  GHashTable         *dependents;
  /* dependent object key -> GStrv of the owner uids it named when last seen */
  GHashTable         *owners;
  /* "apiVersion kind" -> GINT_TO_POINTER (namespaced): what the namespace
   * controller and the garbage collector look through */
  GHashTable         *kinds;
  /* names of Namespaces being deleted */
  GHashTable         *terminating;
  /* object keys of Pods the scheduler found no room for */
  GHashTable         *unschedulable;
  /* Pod uid -> creation serial: which of the Pods created in the same
   * second is the newest, for scale-down */
  GHashTable         *creation_order;
  guint64             creation_serial;
  guint64             event_serial;
};

/* Object keys: "apiVersion kind namespace name", namespace empty for
 * cluster-scoped objects; none of these may hold a space. */
char       *_strata_sandbox_object_key              (const char               *api_version,
                                                     const char               *kind,
                                                     const char               *namespace_,
                                                     const char               *name);
char       *_strata_sandbox_object_key_of           (JsonObject               *object);
/* @parts: (out) (transfer full): apiVersion, kind, namespace ("" when
 * cluster-scoped) and name. */
gboolean    _strata_sandbox_object_key_split        (const char               *key,
                                                     char                   ***parts);
const char *_strata_sandbox_object_key_namespace    (char                    **parts);

/* Work */
void        _strata_sandbox_controllers_enqueue     (StrataSandboxControllers *self,
                                                     const char               *api_version,
                                                     const char               *kind,
                                                     const char               *namespace_,
                                                     const char               *name);
/* @verb: "start" | "complete" | "resync" … with an object key; once per key */
void        _strata_sandbox_controllers_schedule    (StrataSandboxControllers *self,
                                                     const char               *verb,
                                                     const char               *object_key,
                                                     guint                     delay_msec);
void        _strata_sandbox_controllers_cancel      (StrataSandboxControllers *self,
                                                     const char               *verb,
                                                     const char               *object_key);
/* TRUE when no reconcile, Pod start or completion is pending: what tests
 * wait for before they check that nothing more happens. */
gboolean    _strata_sandbox_controllers_is_settled  (StrataSandboxControllers *self);

/* Reading and writing the store; failures are logged, as a controller
 * retries on the next change anyway. */
JsonNode   *_strata_sandbox_controllers_get         (StrataSandboxControllers *self,
                                                     const char               *api_version,
                                                     const char               *kind,
                                                     const char               *namespace_,
                                                     const char               *name);
JsonNode   *_strata_sandbox_controllers_get_by_key  (StrataSandboxControllers *self,
                                                     const char               *key);
GPtrArray  *_strata_sandbox_controllers_list        (StrataSandboxControllers *self,
                                                     const char               *api_version,
                                                     const char               *kind,
                                                     const char               *namespace_);
/* (transfer full) (element-type JsonNode): the objects of @kind whose
 * controller (ownerReference with controller: true) has @owner_uid. */
GPtrArray  *_strata_sandbox_controllers_list_controlled (StrataSandboxControllers *self,
                                                         const char               *owner_uid,
                                                         const char               *kind);
JsonNode   *_strata_sandbox_controllers_create      (StrataSandboxControllers *self,
                                                     JsonNode                 *object);
JsonNode   *_strata_sandbox_controllers_update      (StrataSandboxControllers *self,
                                                     JsonNode                 *object);
/* Writes @status into @object's /status when it differs; returns TRUE when
 * it wrote. */
gboolean    _strata_sandbox_controllers_write_status (StrataSandboxControllers *self,
                                                      JsonNode                 *object,
                                                      JsonNode                 *status);
gboolean    _strata_sandbox_controllers_delete      (StrataSandboxControllers *self,
                                                     JsonObject               *object,
                                                     const char               *propagation_policy);
/* A core v1 Event about @involved, as the component that did it says it. */
void        _strata_sandbox_controllers_record_event (StrataSandboxControllers *self,
                                                      JsonObject               *involved,
                                                      const char               *type,
                                                      const char               *reason,
                                                      const char               *component,
                                                      const char               *host,
                                                      const char               *format,
                                                      ...) G_GNUC_PRINTF (7, 8);
gboolean    _strata_sandbox_controllers_sweep_events (gpointer                  user_data);

/* Kinds */
void        _strata_sandbox_controllers_reset_kinds (StrataSandboxControllers *self);
void        _strata_sandbox_controllers_note_kind   (StrataSandboxControllers *self,
                                                     const char               *api_version,
                                                     const char               *kind,
                                                     gboolean                  namespaced);
void        _strata_sandbox_controllers_note_definition (StrataSandboxControllers *self,
                                                         JsonObject               *definition);
/* The kinds the namespace controller and the garbage collector know, as
 * GStrv pairs "apiVersion kind"; cluster-scoped ones when @namespaced is
 * FALSE. */
GPtrArray  *_strata_sandbox_controllers_known_kinds (StrataSandboxControllers *self,
                                                     gboolean                  namespaced);
gboolean    _strata_sandbox_controllers_kind_is_namespaced (StrataSandboxControllers *self,
                                                            const char               *api_version,
                                                            const char               *kind,
                                                            gboolean                 *known);

/* Objects */
const char *_strata_sandbox_meta_get                (JsonObject               *object,
                                                     const char               *member);
gint64      _strata_sandbox_json_get_int            (JsonObject               *object,
                                                     const char               *member,
                                                     gint64                    fallback);
/* (transfer full): a node holding @object, which it takes. */
JsonNode   *_strata_sandbox_node_take_object        (JsonObject               *object);
/* The string at @index, or NULL when it is not one. */
const char *_strata_sandbox_json_array_get_string   (JsonArray                *array,
                                                     guint                     index);
gboolean    _strata_sandbox_json_get_bool           (JsonObject               *object,
                                                     const char               *member);
JsonNode   *_strata_sandbox_status_copy             (JsonObject               *object);
JsonObject *_strata_sandbox_json_ensure_object      (JsonObject               *object,
                                                     const char               *member);
/* Sets @member to @value, or removes it when zero and @omit_zero, as Go's
 * omitempty does. */
void        _strata_sandbox_json_set_count          (JsonObject               *object,
                                                     const char               *member,
                                                     gint64                    value,
                                                     gboolean                  omit_zero);
gboolean    _strata_sandbox_is_being_deleted        (JsonObject               *object);
const char *_strata_sandbox_controller_uid          (JsonObject               *object);
JsonObject *_strata_sandbox_controller_ref          (JsonObject               *object);
JsonNode   *_strata_sandbox_owner_reference_new     (JsonObject               *owner);
/* Sets the condition @type in @status.conditions; lastTransitionTime moves
 * only when @value changes, and lastUpdateTime (when @with_update_time)
 * when anything does, so that an unchanged state writes nothing. */
void        _strata_sandbox_set_condition           (JsonObject               *status,
                                                     const char               *type,
                                                     const char               *value,
                                                     const char               *reason,
                                                     const char               *message,
                                                     gboolean                  with_probe_time,
                                                     gboolean                  with_update_time);
JsonObject *_strata_sandbox_find_condition          (JsonObject               *status,
                                                     const char               *type);
/* The pod-template-hash way: FNV-1a of the template as canonical JSON,
 * spelled with the API server's safe alphabet. */
char       *_strata_sandbox_template_hash           (JsonNode                 *template_,
                                                     guint                     collision_count);
char       *_strata_sandbox_timestamp               (gint64                    real_time_usec);
gint64      _strata_sandbox_parse_timestamp         (const char               *text);
/* An intOrString as Kubernetes scales it against @total ("25%" or 1). */
gint64      _strata_sandbox_scaled_value            (JsonObject               *object,
                                                     const char               *member,
                                                     gint64                    total,
                                                     const char               *fallback,
                                                     gboolean                  round_up);

gboolean    _strata_sandbox_parse_quantity          (const char               *text,
                                                     double                   *value);
void        _strata_sandbox_pod_requests            (JsonObject               *pod,
                                                     double                   *cpu,
                                                     double                   *memory);

/* Pods (strata-sandbox-pods.c) */
JsonNode   *_strata_sandbox_pods_new_from_template  (JsonObject               *owner,
                                                     JsonObject               *template_,
                                                     const char               *name,
                                                     const char               *generate_name);
gboolean    _strata_sandbox_pod_is_active           (JsonObject               *pod);
gboolean    _strata_sandbox_pod_is_ready            (JsonObject               *pod);
/* Ready for @min_ready_seconds by now; *wait_msec says how long until it
 * will be, when it is ready but not yet long enough. */
gboolean    _strata_sandbox_pod_is_available        (JsonObject               *pod,
                                                     gint64                    min_ready_seconds,
                                                     gint64                    now_usec,
                                                     gint64                   *wait_msec);
/* Sorts Pods in the order a ReplicaSet deletes them: unscheduled, pending,
 * not ready, then the most recent first. */
void        _strata_sandbox_pods_sort_for_deletion  (StrataSandboxControllers *self,
                                                     GPtrArray                *pods);
/* Whether @pod (or a Pod template) may run on @node: nodeSelector,
 * required node affinity. */
gboolean    _strata_sandbox_pod_selects_node        (JsonObject               *pod,
                                                     JsonObject               *node);
/* (transfer full): the Node for @pod, or NULL and why in @message. */
JsonNode   *_strata_sandbox_pods_choose_node        (StrataSandboxControllers  *self,
                                                     JsonObject                *pod,
                                                     char                     **message);
/* Creates @pod with what the API server would add to it. */
JsonNode   *_strata_sandbox_pods_create             (StrataSandboxControllers *self,
                                                     JsonNode                 *pod);
void        _strata_sandbox_pods_sync               (StrataSandboxControllers *self,
                                                     const char               *namespace_,
                                                     const char               *name);
void        _strata_sandbox_pods_start              (StrataSandboxControllers *self,
                                                     const char               *namespace_,
                                                     const char               *name);
void        _strata_sandbox_pods_complete           (StrataSandboxControllers *self,
                                                     const char               *namespace_,
                                                     const char               *name);
void        _strata_sandbox_pods_retry_unschedulable (StrataSandboxControllers *self);
void        _strata_sandbox_pvcs_sync               (StrataSandboxControllers *self,
                                                     const char               *namespace_,
                                                     const char               *name);

/* Pod status (strata-sandbox-pods-status.c) */
const char *_strata_sandbox_pod_qos_class           (JsonObject               *pod);
JsonNode   *_strata_sandbox_pod_status_accepted     (JsonObject               *pod,
                                                     JsonObject               *node);
JsonNode   *_strata_sandbox_pod_status_running      (JsonObject               *pod,
                                                     JsonObject               *node,
                                                     const char               *pod_ip);
JsonNode   *_strata_sandbox_pod_status_succeeded    (JsonObject               *pod);
const char *_strata_sandbox_node_internal_ip        (JsonObject               *node);

/* Nodes (strata-sandbox-nodes.c) */
void        _strata_sandbox_nodes_ensure            (StrataSandboxControllers *self);
gboolean    _strata_sandbox_node_is_ready           (JsonObject               *node);

/* Workloads (strata-sandbox-workloads*.c) */
void        _strata_sandbox_workloads_sync_deployment  (StrataSandboxControllers *self,
                                                        const char               *namespace_,
                                                        const char               *name);
void        _strata_sandbox_workloads_sync_replica_set (StrataSandboxControllers *self,
                                                        const char               *namespace_,
                                                        const char               *name);
void        _strata_sandbox_workloads_sync_stateful_set (StrataSandboxControllers *self,
                                                         const char               *namespace_,
                                                         const char               *name);
void        _strata_sandbox_workloads_sync_daemon_set  (StrataSandboxControllers *self,
                                                        const char               *namespace_,
                                                        const char               *name);
void        _strata_sandbox_workloads_sync_job         (StrataSandboxControllers *self,
                                                        const char               *namespace_,
                                                        const char               *name);
void        _strata_sandbox_workloads_expire_job       (StrataSandboxControllers *self,
                                                        const char               *namespace_,
                                                        const char               *name);

/* Garbage collection and namespaces (strata-sandbox-gc.c) */
void        _strata_sandbox_gc_index                (StrataSandboxControllers *self,
                                                     const char               *key,
                                                     JsonObject               *object);
void        _strata_sandbox_gc_unindex              (StrataSandboxControllers *self,
                                                     const char               *key);
/* (transfer full) (element-type utf8): the object keys naming @uid as an
 * owner, a copy safe to iterate while writing. */
GPtrArray  *_strata_sandbox_gc_dependents_of        (StrataSandboxControllers *self,
                                                     const char               *uid);
void        _strata_sandbox_gc_collect              (StrataSandboxControllers *self,
                                                     const char               *owner_uid);
void        _strata_sandbox_gc_check_owners         (StrataSandboxControllers *self,
                                                     JsonObject               *object);
/* An owner being deleted with "orphan" or "foregroundDeletion": its
 * dependents first, then the finalizer. */
void        _strata_sandbox_gc_sync_finalizers      (StrataSandboxControllers *self,
                                                     JsonObject               *object);
/* Takes the objects of @kind in @owner's namespace that @selector picks
 * and no controller holds, as the workload controllers adopt orphans. */
void        _strata_sandbox_gc_adopt                (StrataSandboxControllers *self,
                                                     JsonObject               *owner,
                                                     const char               *api_version,
                                                     const char               *kind,
                                                     JsonObject               *selector);
void        _strata_sandbox_gc_sync_namespace       (StrataSandboxControllers *self,
                                                     const char               *name);

G_END_DECLS
