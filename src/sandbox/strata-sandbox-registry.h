/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-sandbox-store.h"

G_BEGIN_DECLS

/* One kind the sandbox serves: what discovery says about it. */
typedef struct
{
  char      *group;          /* "" for the core group */
  char      *version;
  char      *kind;
  char      *plural;
  char      *singular;
  gboolean   namespaced;
  GStrv      short_names;
  GStrv      categories;
  gboolean   has_status;     /* a /status subresource */
  gboolean   has_scale;      /* a /scale subresource */
  char      *scale_replicas_path;  /* ".spec.replicas" for built-ins, CRDs say */
  char      *scale_status_path;
  char      *scale_selector_path;
  gboolean   read_only;      /* get, list (metrics) */
  gboolean   from_crd;
  JsonNode  *schema;         /* a CRD's openAPIV3Schema, or NULL */
} StrataSandboxResource;

#define STRATA_TYPE_SANDBOX_REGISTRY (strata_sandbox_registry_get_type ())
G_DECLARE_FINAL_TYPE (StrataSandboxRegistry, strata_sandbox_registry, STRATA, SANDBOX_REGISTRY, GObject)

/* The built-in kinds plus those the store's Established CRDs define; it
 * follows the store and marks new CRDs NamesAccepted and Established. */
StrataSandboxRegistry       *strata_sandbox_registry_new           (StrataSandboxStore    *store);
const StrataSandboxResource *strata_sandbox_registry_lookup        (StrataSandboxRegistry *self,
                                                                    const char            *group,
                                                                    const char            *version,
                                                                    const char            *plural);
const StrataSandboxResource *strata_sandbox_registry_lookup_kind   (StrataSandboxRegistry *self,
                                                                    const char            *api_version,
                                                                    const char            *kind);
/* (transfer container) (element-type StrataSandboxResource): in discovery order. */
GPtrArray                   *strata_sandbox_registry_list          (StrataSandboxRegistry *self);
/* Discovery documents: /api, /apis, /apis/GROUP, /api/v1 and /apis/GROUP/VERSION.
 * NULL when not served. */
JsonNode                    *strata_sandbox_registry_api_versions  (StrataSandboxRegistry *self);
JsonNode                    *strata_sandbox_registry_group_list    (StrataSandboxRegistry *self);
JsonNode                    *strata_sandbox_registry_group         (StrataSandboxRegistry *self,
                                                                    const char            *group);
JsonNode                    *strata_sandbox_registry_resource_list (StrataSandboxRegistry *self,
                                                                    const char            *group,
                                                                    const char            *version);
gboolean                     strata_sandbox_registry_resource_list_has_version (StrataSandboxRegistry *self,
                                                                                const char            *group,
                                                                                const char            *version);
/* "apps/v1" or "v1". */
char                        *strata_sandbox_resource_api_version   (const StrataSandboxResource *resource);

G_END_DECLS
