/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What a render knows beyond the values: Helm's .Release and .Capabilities,
 * the chart's metadata (.Chart) and files (.Files), and Strata's macros
 * (.Cluster.Name, .Cluster.Region, .Profile.Name, .Profile.Version).
 * The defaults are those of `helm template` with no flags: release
 * "release-name" in namespace "default", revision 1, an install, Kubernetes
 * v1.32.0 and Helm 3.17's built-in API versions. */

#define STRATA_TYPE_TEMPLATE_CONTEXT (strata_template_context_get_type ())
G_DECLARE_FINAL_TYPE (StrataTemplateContext, strata_template_context, STRATA, TEMPLATE_CONTEXT, GObject)

StrataTemplateContext *strata_template_context_new                  (void);

const char            *strata_template_context_get_release_name     (StrataTemplateContext *self);
void                   strata_template_context_set_release_name     (StrataTemplateContext *self,
                                                                     const char            *name);
const char            *strata_template_context_get_namespace        (StrataTemplateContext *self);
void                   strata_template_context_set_namespace        (StrataTemplateContext *self,
                                                                     const char            *namespace_);
int                    strata_template_context_get_revision         (StrataTemplateContext *self);
void                   strata_template_context_set_revision         (StrataTemplateContext *self,
                                                                     int                    revision);
gboolean               strata_template_context_get_is_upgrade       (StrataTemplateContext *self);
void                   strata_template_context_set_is_upgrade       (StrataTemplateContext *self,
                                                                     gboolean               is_upgrade);
/* "v1.29.3", "1.29" or "v1.29.0-eks-123": as helm's --kube-version. */
const char            *strata_template_context_get_kube_version     (StrataTemplateContext *self);
gboolean               strata_template_context_set_kube_version     (StrataTemplateContext *self,
                                                                     const char            *version,
                                                                     GError               **error);
/* The group/versions (and group/version/kinds) the cluster serves, as
 * helm's --api-versions adds them; NULL restores Helm's defaults. */
const char * const    *strata_template_context_get_api_versions     (StrataTemplateContext *self);
void                   strata_template_context_set_api_versions     (StrataTemplateContext *self,
                                                                     const char * const    *versions);
void                   strata_template_context_add_api_versions     (StrataTemplateContext *self,
                                                                     const char * const    *versions);

const char            *strata_template_context_get_cluster_name     (StrataTemplateContext *self);
void                   strata_template_context_set_cluster_name     (StrataTemplateContext *self,
                                                                     const char            *name);
const char            *strata_template_context_get_cluster_region   (StrataTemplateContext *self);
void                   strata_template_context_set_cluster_region   (StrataTemplateContext *self,
                                                                     const char            *region);
const char            *strata_template_context_get_profile_name     (StrataTemplateContext *self);
void                   strata_template_context_set_profile_name     (StrataTemplateContext *self,
                                                                     const char            *name);
const char            *strata_template_context_get_profile_version  (StrataTemplateContext *self);
void                   strata_template_context_set_profile_version  (StrataTemplateContext *self,
                                                                     const char            *version);

/* .Chart: the Chart.yaml object (name, version, appVersion…). Packs pass
 * their pack.yaml's name and version here. */
JsonNode              *strata_template_context_get_chart            (StrataTemplateContext *self);
void                   strata_template_context_set_chart            (StrataTemplateContext *self,
                                                                     JsonNode              *metadata);
/* .Files: chart-relative path -> contents. */
void                   strata_template_context_add_file             (StrataTemplateContext *self,
                                                                     const char            *path,
                                                                     GBytes                *contents);

G_END_DECLS
