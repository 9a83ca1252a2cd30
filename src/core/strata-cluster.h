/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Where Strata reaches the cluster. */
typedef enum
{
  STRATA_CLUSTER_SOURCE_KUBECONFIG,
  STRATA_CLUSTER_SOURCE_SANDBOX,
  STRATA_CLUSTER_SOURCE_EKS,
} StrataClusterSource;

#define STRATA_TYPE_CLUSTER_SOURCE (strata_cluster_source_get_type ())
GType       strata_cluster_source_get_type    (void) G_GNUC_CONST;
const char *strata_cluster_source_to_string   (StrataClusterSource  source);
gboolean    strata_cluster_source_from_string (const char          *text,
                                               StrataClusterSource *source);

/* What Strata last found out about the cluster; never stored, since only the
 * cluster itself can say. UNKNOWN until something checked. */
typedef enum
{
  STRATA_CLUSTER_STATUS_UNKNOWN,
  STRATA_CLUSTER_STATUS_PROVISIONING,
  STRATA_CLUSTER_STATUS_RUNNING,
  STRATA_CLUSTER_STATUS_UPDATING,
  STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE,
  STRATA_CLUSTER_STATUS_DRIFTED,
  STRATA_CLUSTER_STATUS_UNREACHABLE,
  STRATA_CLUSTER_STATUS_DELETING,
  STRATA_CLUSTER_STATUS_DELETED,
  STRATA_CLUSTER_STATUS_ERROR,
} StrataClusterStatus;

#define STRATA_TYPE_CLUSTER_STATUS (strata_cluster_status_get_type ())
GType       strata_cluster_status_get_type    (void) G_GNUC_CONST;
/* "updates-available", as scripts see it. */
const char *strata_cluster_status_to_string   (StrataClusterStatus  status);

#define STRATA_TYPE_CLUSTER (strata_cluster_get_type ())
G_DECLARE_FINAL_TYPE (StrataCluster, strata_cluster, STRATA, CLUSTER, GObject)

/* @context: the kubeconfig context, as resolved when the cluster was added. */
StrataCluster       *strata_cluster_new_kubeconfig        (const char           *name,
                                                           const char           *kubeconfig_path,
                                                           const char           *context);
StrataCluster       *strata_cluster_new_sandbox           (const char           *name);
/* Where a running sandbox leaves its kubeconfig, and so where records of
 * source "sandbox" connect: $XDG_DATA_HOME/strata/sandbox/kubeconfig
 * (see strata-sandbox.h; core cannot ask the sandbox itself). */
char                *strata_cluster_dup_sandbox_kubeconfig_path (void);
StrataCluster       *strata_cluster_new_eks               (const char           *name,
                                                           const char           *arn,
                                                           const char           *region);
/* A working copy for an edit that the store saves; status is not copied. */
StrataCluster       *strata_cluster_copy                  (StrataCluster        *self);
/* Takes every stored field of @other (tags, profile, overrides), as the store
 * does once a working copy reached the disk. */
void                 strata_cluster_set_content_from      (StrataCluster        *self,
                                                           StrataCluster        *other);

const char          *strata_cluster_get_name              (StrataCluster        *self);
StrataClusterSource  strata_cluster_get_source            (StrataCluster        *self);
const char          *strata_cluster_get_kubeconfig_path   (StrataCluster        *self);
const char          *strata_cluster_get_kubeconfig_context (StrataCluster       *self);
const char          *strata_cluster_get_eks_arn           (StrataCluster        *self);
const char          *strata_cluster_get_eks_region        (StrataCluster        *self);
GDateTime           *strata_cluster_get_created_at        (StrataCluster        *self);

/* Tags are "key:value" or a bare "key", normalised (see
 * strata_cluster_normalize_tag), sorted, without duplicates. */
const char * const  *strata_cluster_get_tags              (StrataCluster        *self);
gboolean             strata_cluster_set_tags              (StrataCluster        *self,
                                                           const char * const   *tags,
                                                           GError              **error);
gboolean             strata_cluster_add_tag               (StrataCluster        *self,
                                                           const char           *tag,
                                                           GError              **error);
/* "key" removes the bare tag and every "key:…"; "key:value" only that one.
 * Returns whether anything was removed. */
gboolean             strata_cluster_remove_tag            (StrataCluster        *self,
                                                           const char           *tag);
/* AND of every filter: "key" matches "key" and "key:anything", "key:value"
 * matches exactly. NULL or empty matches every cluster. */
gboolean             strata_cluster_matches_tags          (StrataCluster        *self,
                                                           const char * const   *tags);
/* Trims blanks around the tag and around its ':', lowercases the key.
 * Returns: (transfer full): the tag, or NULL with @error saying what is wrong. */
char                *strata_cluster_normalize_tag         (const char           *tag,
                                                           GError              **error);
/* (transfer full): normalised, sorted, without duplicates; or NULL with @error. */
GStrv                strata_cluster_normalize_tags        (const char * const   *tags,
                                                           GError              **error);
/* Whether the normalised @tag is selected by the normalised @filter. */
gboolean             strata_cluster_tag_matches           (const char           *tag,
                                                           const char           *filter);

/* NULL when no profile is attached. */
const char          *strata_cluster_get_profile_name      (StrataCluster        *self);
const char          *strata_cluster_get_profile_version   (StrataCluster        *self);
/* Both NULL to detach. No check against the profiles: see
 * strata_cluster_store_attach_profile. */
void                 strata_cluster_set_profile           (StrataCluster        *self,
                                                           const char           *name,
                                                           const char           *version);

/* Per-layer overrides: the full values text, as the user wrote it. */
const char          *strata_cluster_get_override          (StrataCluster        *self,
                                                           const char           *layer);
/* @values: NULL removes the override. Emits ::overrides-changed. */
void                 strata_cluster_set_override          (StrataCluster        *self,
                                                           const char           *layer,
                                                           const char           *values);
/* (transfer full): the layers that have an override, sorted. */
GStrv                strata_cluster_list_overrides        (StrataCluster        *self);

StrataClusterStatus  strata_cluster_get_status            (StrataCluster        *self);
/* Why the cluster has its status, for the user ("TLS handshake failed…"). */
const char          *strata_cluster_get_status_reason     (StrataCluster        *self);
void                 strata_cluster_set_status            (StrataCluster        *self,
                                                           StrataClusterStatus   status,
                                                           const char           *reason);

/* A long operation in the cloud that the record keeps (unlike the status,
 * which it shows): PROVISIONING while an EKS cluster is being created,
 * DELETING while it is being deleted, with when that started (force delete
 * is offered after 15 minutes); UNKNOWN when nothing is under way. */
StrataClusterStatus  strata_cluster_get_lifecycle         (StrataCluster        *self);
GDateTime           *strata_cluster_get_lifecycle_since   (StrataCluster        *self);
void                 strata_cluster_set_lifecycle         (StrataCluster        *self,
                                                           StrataClusterStatus   status,
                                                           GDateTime            *since);

/* Checks the fields a record needs: a DNS-label name, a complete source. */
gboolean             strata_cluster_validate              (StrataCluster        *self,
                                                           GError              **error);
JsonNode            *strata_cluster_to_json               (StrataCluster        *self);
StrataCluster       *strata_cluster_new_from_json         (JsonNode             *node,
                                                           GError              **error);

G_END_DECLS
