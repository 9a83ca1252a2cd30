/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define STRATA_TYPE_KUBE_RESOURCE (strata_kube_resource_get_type ())

/* One entry of API discovery: how to reach a kind over REST. */
typedef struct _StrataKubeResource StrataKubeResource;

GType               strata_kube_resource_get_type        (void) G_GNUC_CONST;
StrataKubeResource *strata_kube_resource_new             (const char               *group_version,
                                                          const char               *kind,
                                                          const char               *plural,
                                                          gboolean                  namespaced,
                                                          const char * const       *verbs);
StrataKubeResource *strata_kube_resource_ref             (StrataKubeResource       *self);
void                strata_kube_resource_unref           (StrataKubeResource       *self);
const char         *strata_kube_resource_get_group_version (const StrataKubeResource *self);
const char         *strata_kube_resource_get_kind        (const StrataKubeResource *self);
const char         *strata_kube_resource_get_plural      (const StrataKubeResource *self);
gboolean            strata_kube_resource_is_namespaced   (const StrataKubeResource *self);
gboolean            strata_kube_resource_has_verb        (const StrataKubeResource *self,
                                                          const char               *verb);
/* /api/v1/namespaces/NS/configmaps[/NAME] or /apis/GROUP/VERSION/…;
 * @namespace_ is ignored for cluster-scoped kinds, NULL means all. */
char               *strata_kube_resource_build_path      (const StrataKubeResource *self,
                                                          const char               *namespace_,
                                                          const char               *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataKubeResource, strata_kube_resource_unref)

G_END_DECLS
