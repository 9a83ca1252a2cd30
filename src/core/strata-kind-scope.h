/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Whether objects of a kind live in a namespace, without asking a cluster:
 * the cluster-scoped kinds of Kubernetes itself are known by name and API
 * group, and custom kinds by the CustomResourceDefinitions being rendered
 * along with them. Any other kind counts as namespaced, as most custom
 * resources are. */
typedef struct _StrataKindScope StrataKindScope;

StrataKindScope *strata_kind_scope_new               (void);
void             strata_kind_scope_free              (StrataKindScope *self);
/* Learns the scope of the kind @object defines when it is a
 * CustomResourceDefinition; any other object is ignored. */
void             strata_kind_scope_add_definition    (StrataKindScope *self,
                                                      JsonObject      *object);
gboolean         strata_kind_scope_is_cluster_scoped (StrataKindScope *self,
                                                      const char      *api_version,
                                                      const char      *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataKindScope, strata_kind_scope_free)

G_END_DECLS
