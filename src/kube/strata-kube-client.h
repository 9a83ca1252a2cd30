/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-kube-endpoint.h"
#include "strata-kube-error.h"
#include "strata-kube-resource.h"
#include "strata-kube-watch.h"

G_BEGIN_DECLS

typedef enum
{
  STRATA_KUBE_REQUEST_NONE    = 0,
  STRATA_KUBE_REQUEST_DRY_RUN = 1 << 0,  /* dryRun=All */
  STRATA_KUBE_REQUEST_FORCE   = 1 << 1,  /* server-side apply: take conflicting fields */
} StrataKubeRequestFlags;

#define STRATA_TYPE_KUBE_CLIENT (strata_kube_client_get_type ())
G_DECLARE_FINAL_TYPE (StrataKubeClient, strata_kube_client, STRATA, KUBE_CLIENT, GObject)

/* One client per endpoint: keep-alive connections, at most
 * max-concurrency requests in flight (the rest wait in order), discovery
 * cached on disk under $XDG_CACHE_HOME/strata/discovery/. Every call is
 * async, cancellable, and fails with a STRATA_KUBE_ERROR naming the server. */
StrataKubeClient   *strata_kube_client_new                 (StrataKubeEndpoint     *endpoint,
                                                            GError                **error);
StrataKubeEndpoint *strata_kube_client_get_endpoint        (StrataKubeClient       *self);
guint               strata_kube_client_get_max_concurrency (StrataKubeClient       *self);
void                strata_kube_client_set_max_concurrency (StrataKubeClient       *self,
                                                            guint                   max_concurrency);
/* Seconds before a request without an answer fails (default 30; watches
 * are exempt). */
void                strata_kube_client_set_timeout         (StrataKubeClient       *self,
                                                            guint                   seconds);

/* /version */
void      strata_kube_client_get_version_async  (StrataKubeClient     *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
JsonNode *strata_kube_client_get_version_finish (StrataKubeClient     *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* apiVersion + kind -> resource, from discovery (a miss refreshes it once).
 * With @api_version NULL, @kind may also be a plural, singular or short
 * name, optionally with ".group" ("cm", "deployments.apps"), as kubectl
 * takes them. */
void                strata_kube_client_resolve_async  (StrataKubeClient     *self,
                                                       const char           *api_version,
                                                       const char           *kind,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
StrataKubeResource *strata_kube_client_resolve_finish (StrataKubeClient     *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* (transfer full) results are JsonNode objects as the server returned them. */
void      strata_kube_client_get_async     (StrataKubeClient      *self,
                                            const char            *api_version,
                                            const char            *kind,
                                            const char            *namespace_,
                                            const char            *name,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
JsonNode *strata_kube_client_get_finish    (StrataKubeClient      *self,
                                            GAsyncResult          *result,
                                            GError               **error);

/* Follows `continue` through every page of @page_size (0: 500) and returns
 * one List object with all items; namespace_ NULL lists all namespaces. */
void      strata_kube_client_list_async    (StrataKubeClient      *self,
                                            const char            *api_version,
                                            const char            *kind,
                                            const char            *namespace_,
                                            const char            *label_selector,
                                            guint                  page_size,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
JsonNode *strata_kube_client_list_finish   (StrataKubeClient      *self,
                                            GAsyncResult          *result,
                                            GError               **error);

/* @object: a whole object (apiVersion, kind, metadata.name; the namespace
 * defaults to the endpoint's for namespaced kinds). */
void      strata_kube_client_create_async  (StrataKubeClient      *self,
                                            JsonNode              *object,
                                            StrataKubeRequestFlags flags,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
JsonNode *strata_kube_client_create_finish (StrataKubeClient      *self,
                                            GAsyncResult          *result,
                                            GError               **error);

/* Server-side apply: PATCH application/apply-patch+yaml with fieldManager. */
void      strata_kube_client_apply_async   (StrataKubeClient      *self,
                                            JsonNode              *object,
                                            const char            *field_manager,
                                            StrataKubeRequestFlags flags,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
JsonNode *strata_kube_client_apply_finish  (StrataKubeClient      *self,
                                            GAsyncResult          *result,
                                            GError               **error);

/* @propagation_policy: NULL (server default), "Foreground", "Background" or
 * "Orphan". Returns what the server answered (the object or a Status). */
void      strata_kube_client_delete_async  (StrataKubeClient      *self,
                                            const char            *api_version,
                                            const char            *kind,
                                            const char            *namespace_,
                                            const char            *name,
                                            const char            *propagation_policy,
                                            StrataKubeRequestFlags flags,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
JsonNode *strata_kube_client_delete_finish (StrataKubeClient      *self,
                                            GAsyncResult          *result,
                                            GError               **error);

/* Starts watching from @resource_version (NULL: list first, then watch from
 * the list's version). See StrataKubeWatch for the events. */
StrataKubeWatch *strata_kube_client_watch  (StrataKubeClient      *self,
                                            const char            *api_version,
                                            const char            *kind,
                                            const char            *namespace_,
                                            const char            *label_selector,
                                            const char            *resource_version);

G_END_DECLS
