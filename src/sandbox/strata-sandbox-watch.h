/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "strata-sandbox-registry.h"
#include "strata-sandbox-selector.h"

G_BEGIN_DECLS

#define STRATA_TYPE_SANDBOX_WATCH (strata_sandbox_watch_get_type ())
G_DECLARE_FINAL_TYPE (StrataSandboxWatch, strata_sandbox_watch, STRATA, SANDBOX_WATCH, GObject)

/* Watch streams over the store's changes, with a window of recent events
 * to resume from (older resourceVersions get 410 Expired). */
StrataSandboxWatch *strata_sandbox_watch_new        (StrataSandboxStore          *store);
/* What a stream sends for an object: the object itself, or e.g. a
 * meta.k8s.io Table of it for kubectl get --watch. Returns (transfer full). */
typedef JsonNode *(*StrataSandboxWatchTransform) (JsonNode *object,
                                                  gpointer  user_data);

/* Streams chunked JSON lines on @message until the client goes or
 * @timeout_seconds pass (0: never). Takes the selectors. @transform
 * (nullable) turns the objects of ADDED/MODIFIED/DELETED events into what
 * the client asked for; @transform_destroy frees its data with the stream. */
void                strata_sandbox_watch_serve      (StrataSandboxWatch          *self,
                                                     SoupServerMessage           *message,
                                                     const StrataSandboxResource *resource,
                                                     const char                  *namespace_,
                                                     StrataSandboxSelector       *labels,
                                                     StrataSandboxSelector       *fields,
                                                     const char                  *resource_version,
                                                     gboolean                     bookmarks,
                                                     guint                        timeout_seconds,
                                                     StrataSandboxWatchTransform  transform,
                                                     gpointer                     transform_data,
                                                     GDestroyNotify               transform_destroy);
/* How many events are kept to resume from, and how often idle watches
 * get a BOOKMARK (tests make these small). */
void                strata_sandbox_watch_set_window (StrataSandboxWatch          *self,
                                                     guint                        n_events);
void                strata_sandbox_watch_set_bookmark_interval (StrataSandboxWatch *self,
                                                                guint               seconds);
guint               strata_sandbox_watch_get_n_streams (StrataSandboxWatch       *self);

G_END_DECLS
