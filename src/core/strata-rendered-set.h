/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "strata-layer.h"
#include "strata-rendered-layer.h"

G_BEGIN_DECLS

#define STRATA_TYPE_RENDERED_SET (strata_rendered_set_get_type ())
G_DECLARE_FINAL_TYPE (StrataRenderedSet, strata_rendered_set, STRATA, RENDERED_SET, GObject)

/* What a render produces and an apply takes: the layers of one profile
 * version in install order (priority, lower first; equal priorities keep
 * the order they were added in), each with its objects in kind order.
 *
 * A set without a profile name is a plain list of objects (what
 * "strata-cli kube apply -f" sends): its objects are not labelled and
 * applying it writes no release record and prunes nothing. */
StrataRenderedSet   *strata_rendered_set_new              (const char        *profile_name,
                                                           const char        *version,
                                                           guint              revision);
const char          *strata_rendered_set_get_profile_name (StrataRenderedSet *self);
const char          *strata_rendered_set_get_version      (StrataRenderedSet *self);
guint                strata_rendered_set_get_revision     (StrataRenderedSet *self);

/* Returns (transfer none) the new layer, placed after every layer of the
 * same or a lower priority; NULL when the set has a layer of that name. */
StrataRenderedLayer *strata_rendered_set_add_layer        (StrataRenderedSet *self,
                                                           const char        *name,
                                                           StrataLayerKind    kind,
                                                           int                priority,
                                                           const char        *namespace_,
                                                           const char        *values);
guint                strata_rendered_set_get_n_layers     (StrataRenderedSet *self);
/* (transfer none) */
StrataRenderedLayer *strata_rendered_set_get_layer        (StrataRenderedSet *self,
                                                           guint              index);
StrataRenderedLayer *strata_rendered_set_find_layer       (StrataRenderedSet *self,
                                                           const char        *name);
guint                strata_rendered_set_get_n_objects    (StrataRenderedSet *self);

/* The render hash: lowercase hex SHA-256 over the canonical form of the
 * layers (name, priority, namespace) and their objects in order, each
 * object as JSON with its members sorted and no spaces. Values text and
 * key order do not count; any change to what would be applied does. The
 * release record keeps it; a pending update is a different hash. */
char                *strata_rendered_set_compute_hash     (StrataRenderedSet *self);

/* Where a kind goes inside a layer, lower first: 0 Namespace, 1
 * CustomResourceDefinition, 2 ServiceAccount, 3 RBAC (Role, ClusterRole,
 * RoleBinding, ClusterRoleBinding), 4 ConfigMap and Secret, 5 Service,
 * 6 workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
 * CronJob, Pod), 7 everything else (custom resources among them). Kinds
 * are matched with their API group: a "Service" of another group is 7. */
#define STRATA_RENDERED_SET_N_KIND_RANKS 8
guint                strata_rendered_set_kind_rank        (const char        *api_version,
                                                           const char        *kind);

G_END_DECLS
