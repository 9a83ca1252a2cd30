/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-kube-resource.h"

G_BEGIN_DECLS

void                _strata_kube_resource_set_names       (StrataKubeResource       *self,
                                                           const char               *singular,
                                                           const char * const       *short_names);
const char         *_strata_kube_resource_get_singular    (const StrataKubeResource *self);
const char * const *_strata_kube_resource_get_short_names (const StrataKubeResource *self);
const char * const *_strata_kube_resource_get_verbs       (const StrataKubeResource *self);
/* The kind, plural, singular or a short name, as kubectl accepts them. */
gboolean            _strata_kube_resource_matches_name    (const StrataKubeResource *self,
                                                           const char               *name);

G_END_DECLS
