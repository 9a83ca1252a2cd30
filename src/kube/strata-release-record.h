/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-kube-client.h"
#include "strata-rendered-set.h"

G_BEGIN_DECLS

/* Where records live in the cluster: the current one, and a copy of each
 * as NAME-vN, of which the last STRATA_RELEASE_RECORD_HISTORY are kept. */
#define STRATA_RELEASE_RECORD_NAMESPACE "strata-system"
#define STRATA_RELEASE_RECORD_NAME      "strata-release"
#define STRATA_RELEASE_RECORD_HISTORY   10

#define STRATA_TYPE_RELEASE_RECORD (strata_release_record_get_type ())
G_DECLARE_FINAL_TYPE (StrataReleaseRecord, strata_release_record, STRATA, RELEASE_RECORD, GObject)

/* What was applied to a cluster, kept in the cluster (as Helm keeps its
 * release secrets) so that two workstations agree on what it runs: a
 * Secret of type strata.io/release whose data holds the profile, version,
 * revision, render hash, number and time as text, the inventory as JSON,
 * and, gzipped, the layers (name, kind, priority, namespace, effective
 * values) and every applied object's manifest (for drift checks).
 *
 * Read-only properties: "profile-name", "version", "revision", "hash",
 * "number". */
StrataReleaseRecord *strata_release_record_new_from_set    (StrataRenderedSet    *set);
/* Adds an applied object: @manifest as it was sent (its namespace filled
 * in), under @layer. */
void                 strata_release_record_add_object      (StrataReleaseRecord  *self,
                                                            const char           *layer,
                                                            JsonNode             *manifest);

/* Objects annotated "helm.sh/resource-policy: keep" are left in the
 * cluster when they are no longer rendered and on uninstall, as Helm
 * leaves them; the namespaces Strata creates for layers carry it. Their
 * inventory entries say "keep": true. */
#define STRATA_RELEASE_RECORD_POLICY_ANNOTATION "helm.sh/resource-policy"
gboolean             strata_release_record_entry_is_kept   (JsonNode             *entry);

const char          *strata_release_record_get_profile_name (StrataReleaseRecord *self);
const char          *strata_release_record_get_version      (StrataReleaseRecord *self);
guint                strata_release_record_get_revision     (StrataReleaseRecord *self);
const char          *strata_release_record_get_hash         (StrataReleaseRecord *self);
/* 1 for the first record written to a cluster, then one more each time;
 * 0 until written. */
guint                strata_release_record_get_number       (StrataReleaseRecord *self);
/* (nullable): when it was written */
GDateTime           *strata_release_record_get_applied_at   (StrataReleaseRecord *self);
/* (transfer none): objects {name, kind, priority, namespace, values} in
 * install order */
JsonArray           *strata_release_record_get_layers       (StrataReleaseRecord *self);
/* (nullable): the effective values of @layer */
const char          *strata_release_record_get_values       (StrataReleaseRecord *self,
                                                             const char          *layer);
/* (transfer none): objects {apiVersion, kind, namespace, name, layer}, in
 * the order they were applied; "namespace" is absent for cluster-scoped
 * objects */
JsonArray           *strata_release_record_get_inventory    (StrataReleaseRecord *self);
/* (transfer none): the manifests, in the inventory's order */
JsonArray           *strata_release_record_get_objects      (StrataReleaseRecord *self);

/* The Secret named @name holding the record, and back. */
JsonNode            *strata_release_record_to_secret        (StrataReleaseRecord  *self,
                                                             const char           *name);
StrataReleaseRecord *strata_release_record_new_from_secret  (JsonNode             *secret,
                                                             GError              **error);

/* Reads the current record; finish returns NULL without an error when the
 * cluster has none (nothing was applied to it yet). */
void                 strata_release_record_read_async       (StrataKubeClient     *client,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
StrataReleaseRecord *strata_release_record_read_finish      (GAsyncResult         *result,
                                                             GError              **error);

/* Writes @self as the next record: its number becomes one more than the
 * highest there, it is stored as NAME-vN and as NAME (creating namespace
 * strata-system when missing), and history records older than the last
 * STRATA_RELEASE_RECORD_HISTORY are deleted. */
void                 strata_release_record_write_async      (StrataReleaseRecord  *self,
                                                             StrataKubeClient     *client,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean             strata_release_record_write_finish     (StrataReleaseRecord  *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

/* (transfer full) (element-type StrataReleaseRecord): the history records,
 * newest first. */
void                 strata_release_record_list_history_async  (StrataKubeClient  *client,
                                                                GCancellable      *cancellable,
                                                                GAsyncReadyCallback callback,
                                                                gpointer           user_data);
GListModel          *strata_release_record_list_history_finish (GAsyncResult      *result,
                                                                GError           **error);

G_END_DECLS
