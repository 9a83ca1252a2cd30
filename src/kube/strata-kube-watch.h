/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define STRATA_TYPE_KUBE_WATCH (strata_kube_watch_get_type ())
G_DECLARE_FINAL_TYPE (StrataKubeWatch, strata_kube_watch, STRATA, KUBE_WATCH, GObject)

/* A running watch of one kind (in one namespace or all), fed by the chunked
 * watch stream with allowWatchBookmarks. Signals, on the main context that
 * started it:
 *   "event" (const char *type, JsonNode *object): ADDED, MODIFIED, DELETED;
 *   "relisted" (JsonNode *list): after a 410 Gone the watch lists again and
 *     resumes from the new resourceVersion; the list is the full state (also
 *     emitted for the first list of a watch started without a version);
 *   "failed" (GError *error): the watch stopped for good (not for 410 and not
 *     for a stream the server closed: those resume by themselves).
 * BOOKMARK events only advance resource-version and are not emitted. */
const char *strata_kube_watch_get_resource_version (StrataKubeWatch *self);
gboolean    strata_kube_watch_is_running           (StrataKubeWatch *self);
void        strata_kube_watch_stop                 (StrataKubeWatch *self);

G_END_DECLS
