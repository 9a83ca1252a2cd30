/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define STRATA_TYPE_SANDBOX_STORE (strata_sandbox_store_get_type ())
G_DECLARE_FINAL_TYPE (StrataSandboxStore, strata_sandbox_store, STRATA, SANDBOX_STORE, GObject)

/* The sandbox cluster's objects: what etcd + the API machinery are to a real
 * cluster. Main-thread only. Every write assigns metadata.resourceVersion
 * (one counter for the whole store), fills uid / creationTimestamp /
 * generation on create, bumps generation when anything but metadata/status
 * changes, persists the change under the state folder before it returns
 * (written: a crash of the process cannot lose it; synced to the disk with
 * the writes around it, see strata_sandbox_store_sync()), and then emits
 * "object-changed" (type "ADDED" | "MODIFIED" |
 * "DELETED", the object after the change — a deep copy the handler may keep).
 * Objects are addressed by apiVersion + kind + namespace (NULL for
 * cluster-scoped kinds) + name. Results are deep copies (transfer full).
 * Errors use STRATA_SANDBOX_ERROR with the Kubernetes reason as the code. */

#define STRATA_SANDBOX_ERROR (strata_sandbox_error_quark ())

typedef enum
{
  STRATA_SANDBOX_ERROR_NOT_FOUND,       /* 404 NotFound */
  STRATA_SANDBOX_ERROR_ALREADY_EXISTS,  /* 409 AlreadyExists */
  STRATA_SANDBOX_ERROR_CONFLICT,        /* 409 Conflict: stale resourceVersion */
  STRATA_SANDBOX_ERROR_INVALID,         /* 422 Invalid */
  STRATA_SANDBOX_ERROR_BAD_REQUEST,     /* 400 BadRequest */
  STRATA_SANDBOX_ERROR_GONE,            /* 410 Gone / Expired */
  STRATA_SANDBOX_ERROR_IO,              /* 500: the state folder */
  STRATA_SANDBOX_ERROR_FORBIDDEN,       /* 403 Forbidden: e.g. a terminating namespace */
} StrataSandboxError;

/* Added by the server side (strata_sandbox_store_*_full). */
typedef enum
{
  STRATA_SANDBOX_WRITE_DEFAULT     = 0,
  /* dryRun=All: everything a write checks and returns, nothing kept. */
  STRATA_SANDBOX_WRITE_DRY_RUN     = 1 << 0,
  /* update: replace .status too (kinds without a status subresource). */
  STRATA_SANDBOX_WRITE_WITH_STATUS = 1 << 1,
} StrataSandboxWriteFlags;

GQuark              strata_sandbox_error_quark        (void);

/* @state_folder: NULL keeps everything in memory (tests of the logic).
 * The Namespaces default, kube-system, kube-public and kube-node-lease
 * exist from the start: a memory store has them at once, a persisted one
 * after strata_sandbox_store_load() (created on first start). Nodes are the
 * controllers'. */
StrataSandboxStore *strata_sandbox_store_new          (const char          *state_folder);
gboolean            strata_sandbox_store_load         (StrataSandboxStore  *self,
                                                       GError             **error);
const char         *strata_sandbox_store_get_resource_version (StrataSandboxStore *self);

JsonNode           *strata_sandbox_store_get          (StrataSandboxStore  *self,
                                                       const char          *api_version,
                                                       const char          *kind,
                                                       const char          *namespace_,
                                                       const char          *name);
/* @namespace_: NULL for all namespaces; @label_selector: NULL or a
 * Kubernetes label selector (=, ==, !=, in, notin, exists, !exists).
 * Returns: (transfer full) (element-type JsonNode): sorted by namespace
 * then name. */
GPtrArray          *strata_sandbox_store_list         (StrataSandboxStore  *self,
                                                       const char          *api_version,
                                                       const char          *kind,
                                                       const char          *namespace_,
                                                       const char          *label_selector,
                                                       GError             **error);

/* Read-only visits without the copies list makes, for code that only
 * looks (counting Pods per Node, say): @func gets the stored objects of
 * @kind in @namespace_ (NULL: all) in list order, must neither change
 * them nor write to the store, and returns FALSE to stop. */
typedef gboolean (*StrataSandboxStoreForeachFunc) (JsonNode *object,
                                                   gpointer  user_data);
void                strata_sandbox_store_foreach      (StrataSandboxStore            *self,
                                                       const char                    *api_version,
                                                       const char                    *kind,
                                                       const char                    *namespace_,
                                                       StrataSandboxStoreForeachFunc  func,
                                                       gpointer                       user_data);

JsonNode           *strata_sandbox_store_create       (StrataSandboxStore  *self,
                                                       JsonNode            *object,
                                                       GError             **error);
/* Replaces the object; when the given object has metadata.resourceVersion
 * it must match (else CONFLICT). status is kept from the stored object
 * (use update_status to change it), as the real API does for /status. */
JsonNode           *strata_sandbox_store_update       (StrataSandboxStore  *self,
                                                       JsonNode            *object,
                                                       GError             **error);
/* Replaces only .status (the /status subresource). */
JsonNode           *strata_sandbox_store_update_status (StrataSandboxStore *self,
                                                        JsonNode           *object,
                                                        GError            **error);
/* Deletion as the API does it: objects with finalizers only get
 * metadata.deletionTimestamp (MODIFIED) and go when the last finalizer is
 * removed by an update; @propagation_policy "Foreground" adds the
 * "foregroundDeletion" finalizer, "Orphan" the "orphan" finalizer,
 * "Background"/NULL deletes at once (dependents are the garbage
 * collector's: a controller watching DELETED). Returns the object as it
 * was at deletion (or with its deletionTimestamp). */
JsonNode           *strata_sandbox_store_delete       (StrataSandboxStore  *self,
                                                       const char          *api_version,
                                                       const char          *kind,
                                                       const char          *namespace_,
                                                       const char          *name,
                                                       const char          *propagation_policy,
                                                       GError             **error);

/* The same with flags. An update or status update that changes nothing
 * (managedFields aside) keeps the resourceVersion and emits nothing, as
 * the real API does. Deleting a Namespace also deletes everything in it
 * (the namespace is Terminating meanwhile and refuses new objects with
 * FORBIDDEN) and goes once the last object in it is gone. */
JsonNode           *strata_sandbox_store_create_full  (StrataSandboxStore      *self,
                                                       JsonNode                *object,
                                                       StrataSandboxWriteFlags  flags,
                                                       GError                 **error);
JsonNode           *strata_sandbox_store_update_full  (StrataSandboxStore      *self,
                                                       JsonNode                *object,
                                                       StrataSandboxWriteFlags  flags,
                                                       GError                 **error);
JsonNode           *strata_sandbox_store_update_status_full (StrataSandboxStore      *self,
                                                             JsonNode                *object,
                                                             StrataSandboxWriteFlags  flags,
                                                             GError                 **error);
JsonNode           *strata_sandbox_store_delete_full  (StrataSandboxStore      *self,
                                                       const char              *api_version,
                                                       const char              *kind,
                                                       const char              *namespace_,
                                                       const char              *name,
                                                       const char              *propagation_policy,
                                                       StrataSandboxWriteFlags  flags,
                                                       GError                 **error);
/* Group commit: writes are synced to the disk (fdatasync) by this, which
 * the server calls before it answers a write, and by itself shortly after
 * any write. */
gboolean            strata_sandbox_store_needs_sync   (StrataSandboxStore  *self);
gboolean            strata_sandbox_store_sync         (StrataSandboxStore  *self,
                                                       GError             **error);
/* The current resourceVersion as a number (watch windows compare them). */
guint64             strata_sandbox_store_get_resource_version_number (StrataSandboxStore *self);

G_END_DECLS
