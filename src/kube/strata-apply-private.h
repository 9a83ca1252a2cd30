/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the applier, its plan, the release record and drift share and
 * nobody else needs: object identity, a bounded work queue, CRDs. */
#pragma once

#include "strata-applier.h"
#include "strata-apply-plan.h"
#include "strata-kube-client.h"
#include "strata-object-change.h"
#include "strata-rendered-set-private.h"

G_BEGIN_DECLS

#define STRATA_FIELD_MANAGER "strata"

/* Constructors and setters that only the applier calls. */
StrataApplyPlan *_strata_apply_plan_new              (StrataRenderedSet   *set,
                                                      StrataReleaseRecord *record);
void             _strata_apply_plan_add              (StrataApplyPlan     *self,
                                                      StrataObjectChange  *change);
void             _strata_object_change_set_action    (StrataObjectChange  *self,
                                                      StrataObjectAction   action);

/* How many objects the applier keeps in flight, and its signals. */
guint            _strata_applier_get_window          (StrataApplier       *self);
void             _strata_applier_emit_layer_started  (StrataApplier       *self,
                                                      StrataRenderedLayer *layer);
void             _strata_applier_emit_object_applied (StrataApplier       *self,
                                                      StrataRenderedLayer *layer,
                                                      guint                index,
                                                      JsonNode            *applied);
void             _strata_applier_emit_layer_finished (StrataApplier       *self,
                                                      StrataRenderedLayer *layer,
                                                      guint                n_applied);
void             _strata_applier_emit_object_pruned  (StrataApplier       *self,
                                                      JsonNode            *entry);

/* For arrays with empty slots. */
void        _strata_object_unref_nullable (gpointer     object);

const char *_strata_object_get_string  (JsonNode    *object,
                                        const char  *member);
const char *_strata_object_get_meta    (JsonNode    *object,
                                        const char  *member);
/* group/kind/namespace/name: the same object whatever version of its
 * group it is written in, so that moving to a new version is no prune. */
char       *_strata_object_key         (const char  *api_version,
                                        const char  *kind,
                                        const char  *namespace_,
                                        const char  *name);
char       *_strata_object_key_of      (JsonNode    *object);
/* "Deployment demo/web", "Namespace demo", as errors name objects. */
char       *_strata_object_describe    (JsonNode    *object);
/* What an apply of @sent (JsonNode objects, as sent) deletes from
 * @previous's inventory, latest first (workloads before their namespace):
 * what is no longer sent, but never a namespace something is sent into,
 * the record's own, nor an object kept by its resource policy. The plan
 * lists the same entries the apply prunes.
 * Returns: (transfer full) (element-type JsonNode): inventory entries. */
GPtrArray  *_strata_apply_prune_entries (StrataReleaseRecord *previous,
                                         GPtrArray           *sent);

/* A bounded number of items at a time: @start begins item @index and calls
 * back with the GTask-style result that @finish judges. After the first
 * failure no new item starts; the run ends when those in flight have. */
typedef void     (*StrataWorkStart)  (gpointer             data,
                                      guint                index,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
typedef gboolean (*StrataWorkFinish) (gpointer             data,
                                      guint                index,
                                      GAsyncResult        *result,
                                      GError             **error);

void        _strata_work_run_async     (guint                n_items,
                                        guint                max_in_flight,
                                        StrataWorkStart      start,
                                        StrataWorkFinish     finish,
                                        gpointer             data,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    _strata_work_run_finish    (GAsyncResult        *result,
                                        GError             **error);

/* Resolves the object's kind and, for a namespaced kind, fills in
 * metadata.namespace when the object has none: @namespace_, else the
 * client's. Returns (transfer full) the object to send, maybe @object. */
void        _strata_object_prepare_async  (StrataKubeClient    *client,
                                           JsonNode            *object,
                                           const char          *namespace_,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
JsonNode   *_strata_object_prepare_finish (GAsyncResult        *result,
                                           GError             **error);
/* For a kind the server does not know yet: the CRD of @set that defines
 * it, or NULL (transfer none). */
JsonNode   *_strata_rendered_set_find_crd (StrataRenderedSet   *set,
                                           const char          *api_version,
                                           const char          *kind);
JsonNode   *_strata_object_with_namespace (JsonNode            *object,
                                           const char          *namespace_);
const char *_strata_client_namespace      (StrataKubeClient    *client);
/* A Namespace object labelled as strata's. */
JsonNode   *_strata_namespace_new         (const char          *name);

/* The live object (NULL when there is none) and the server-side dry-run
 * apply of @object (NULL when the server cannot try it because its
 * namespace does not exist yet), both at once. */
void        _strata_object_probe_async    (StrataKubeClient    *client,
                                           JsonNode            *object,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    _strata_object_probe_finish   (GAsyncResult        *result,
                                           JsonNode           **live,
                                           JsonNode           **merged,
                                           GError             **error);

gboolean    _strata_object_is_crd         (JsonNode            *object);
/* Waits until the CRD is Established and discovery serves its kind. */
void        _strata_crd_wait_async        (StrataKubeClient    *client,
                                           JsonNode            *crd,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    _strata_crd_wait_finish       (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
