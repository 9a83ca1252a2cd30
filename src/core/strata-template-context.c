/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The render context, and the top-level object Helm gives templates built
 * from it: .Values, .Release (a map), .Chart (a struct embedding
 * chart.Metadata), .Capabilities (with KubeVersion.GitVersion and
 * APIVersions.Has), .Files (with Get, Glob, Lines, AsConfig, AsSecrets),
 * .Template, .Subcharts, and Strata's .Cluster and .Profile. The Go types
 * are reproduced so that typeOf, printing and toYaml come out as Helm's. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-template-functions-private.h"

struct _StrataTemplateContext
{
  GObject     parent_instance;

  char       *release_name;
  char       *namespace_;
  int         revision;
  gboolean    is_upgrade;
  char       *kube_version;
  GStrv       api_versions;   /* NULL: Helm's defaults */
  char       *cluster_name;
  char       *cluster_region;
  char       *profile_name;
  char       *profile_version;
  JsonNode   *chart;
  GHashTable *files;          /* path -> GBytes */
};

enum {
  PROP_0,
  PROP_RELEASE_NAME,
  PROP_NAMESPACE,
  PROP_REVISION,
  PROP_IS_UPGRADE,
  PROP_KUBE_VERSION,
  PROP_CLUSTER_NAME,
  PROP_CLUSTER_REGION,
  PROP_PROFILE_NAME,
  PROP_PROFILE_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataTemplateContext, strata_template_context, G_TYPE_OBJECT)

/* What helm 3.17 reports without a cluster (chartutil.DefaultVersionSet). */
static const char * const default_api_versions[] = {
  "v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1",
  "admissionregistration.k8s.io/v1beta1", "internal.apiserver.k8s.io/v1alpha1", "apps/v1", "apps/v1beta1",
  "apps/v1beta2", "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1",
  "authentication.k8s.io/v1beta1", "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1",
  "autoscaling/v1", "autoscaling/v2", "autoscaling/v2beta1", "autoscaling/v2beta2", "batch/v1",
  "batch/v1beta1", "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1",
  "certificates.k8s.io/v1alpha1", "coordination.k8s.io/v1alpha2", "coordination.k8s.io/v1beta1",
  "coordination.k8s.io/v1", "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1", "events.k8s.io/v1",
  "events.k8s.io/v1beta1", "extensions/v1beta1", "flowcontrol.apiserver.k8s.io/v1",
  "flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2",
  "flowcontrol.apiserver.k8s.io/v1beta3", "networking.k8s.io/v1", "networking.k8s.io/v1alpha1",
  "networking.k8s.io/v1beta1", "node.k8s.io/v1", "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1",
  "policy/v1", "policy/v1beta1", "rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1",
  "rbac.authorization.k8s.io/v1alpha1", "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3",
  "scheduling.k8s.io/v1alpha1", "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1",
  "storage.k8s.io/v1beta1", "storage.k8s.io/v1", "storage.k8s.io/v1alpha1",
  "storagemigration.k8s.io/v1alpha1", "apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1",
  NULL
};

static void
strata_template_context_finalize (GObject *object)
{
  StrataTemplateContext *self = (StrataTemplateContext *)object;

  g_clear_pointer (&self->release_name, g_free);
  g_clear_pointer (&self->namespace_, g_free);
  g_clear_pointer (&self->kube_version, g_free);
  g_clear_pointer (&self->api_versions, g_strfreev);
  g_clear_pointer (&self->cluster_name, g_free);
  g_clear_pointer (&self->cluster_region, g_free);
  g_clear_pointer (&self->profile_name, g_free);
  g_clear_pointer (&self->profile_version, g_free);
  g_clear_pointer (&self->chart, json_node_unref);
  g_clear_pointer (&self->files, g_hash_table_unref);

  G_OBJECT_CLASS (strata_template_context_parent_class)->finalize (object);
}

static void
strata_template_context_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  StrataTemplateContext *self = STRATA_TEMPLATE_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_RELEASE_NAME: g_value_set_string (value, self->release_name); break;
    case PROP_NAMESPACE: g_value_set_string (value, self->namespace_); break;
    case PROP_REVISION: g_value_set_int (value, self->revision); break;
    case PROP_IS_UPGRADE: g_value_set_boolean (value, self->is_upgrade); break;
    case PROP_KUBE_VERSION: g_value_set_string (value, self->kube_version); break;
    case PROP_CLUSTER_NAME: g_value_set_string (value, self->cluster_name); break;
    case PROP_CLUSTER_REGION: g_value_set_string (value, self->cluster_region); break;
    case PROP_PROFILE_NAME: g_value_set_string (value, self->profile_name); break;
    case PROP_PROFILE_VERSION: g_value_set_string (value, self->profile_version); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_template_context_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  StrataTemplateContext *self = STRATA_TEMPLATE_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_RELEASE_NAME: strata_template_context_set_release_name (self, g_value_get_string (value)); break;
    case PROP_NAMESPACE: strata_template_context_set_namespace (self, g_value_get_string (value)); break;
    case PROP_REVISION: strata_template_context_set_revision (self, g_value_get_int (value)); break;
    case PROP_IS_UPGRADE: strata_template_context_set_is_upgrade (self, g_value_get_boolean (value)); break;
    case PROP_CLUSTER_NAME: strata_template_context_set_cluster_name (self, g_value_get_string (value)); break;
    case PROP_CLUSTER_REGION: strata_template_context_set_cluster_region (self, g_value_get_string (value)); break;
    case PROP_PROFILE_NAME: strata_template_context_set_profile_name (self, g_value_get_string (value)); break;
    case PROP_PROFILE_VERSION: strata_template_context_set_profile_version (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name,
                 const char *default_value,
                 gboolean    writable)
{
  return g_param_spec_string (name, NULL, NULL, default_value,
                              (writable ? G_PARAM_READWRITE : G_PARAM_READABLE) |
                              G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
strata_template_context_class_init (StrataTemplateContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_template_context_finalize;
  object_class->get_property = strata_template_context_get_property;
  object_class->set_property = strata_template_context_set_property;

  properties[PROP_RELEASE_NAME] = string_property ("release-name", "release-name", TRUE);
  properties[PROP_NAMESPACE] = string_property ("namespace", "default", TRUE);
  properties[PROP_REVISION] =
    g_param_spec_int ("revision", NULL, NULL, 1, G_MAXINT, 1,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_IS_UPGRADE] =
    g_param_spec_boolean ("is-upgrade", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Set with strata_template_context_set_kube_version, which can fail. */
  properties[PROP_KUBE_VERSION] = string_property ("kube-version", "v1.32.0", FALSE);
  properties[PROP_CLUSTER_NAME] = string_property ("cluster-name", "", TRUE);
  properties[PROP_CLUSTER_REGION] = string_property ("cluster-region", "", TRUE);
  properties[PROP_PROFILE_NAME] = string_property ("profile-name", "", TRUE);
  properties[PROP_PROFILE_VERSION] = string_property ("profile-version", "", TRUE);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_template_context_init (StrataTemplateContext *self)
{
  self->release_name = g_strdup ("release-name");
  self->namespace_ = g_strdup ("default");
  self->revision = 1;
  self->kube_version = g_strdup ("v1.32.0");
  self->cluster_name = g_strdup ("");
  self->cluster_region = g_strdup ("");
  self->profile_name = g_strdup ("");
  self->profile_version = g_strdup ("");
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
}

StrataTemplateContext *
strata_template_context_new (void)
{
  return g_object_new (STRATA_TYPE_TEMPLATE_CONTEXT, NULL);
}

static void
set_string (StrataTemplateContext  *self,
            char                  **field,
            const char             *value,
            guint                   prop_id)
{
  if (g_strcmp0 (*field, value != NULL ? value : "") == 0)
    return;
  g_free (*field);
  *field = g_strdup (value != NULL ? value : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

const char *
strata_template_context_get_release_name (StrataTemplateContext *self)
{
  g_return_val_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self), NULL);
  return self->release_name;
}

void
strata_template_context_set_release_name (StrataTemplateContext *self,
                                          const char            *name)
{
  g_return_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self));
  set_string (self, &self->release_name, name, PROP_RELEASE_NAME);
}

const char *
strata_template_context_get_namespace (StrataTemplateContext *self)
{
  g_return_val_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self), NULL);
  return self->namespace_;
}

void
strata_template_context_set_namespace (StrataTemplateContext *self,
                                       const char            *namespace_)
{
  g_return_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self));
  set_string (self, &self->namespace_, namespace_, PROP_NAMESPACE);
}

int
strata_template_context_get_revision (StrataTemplateContext *self)
{
  g_return_val_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self), 0);
  return self->revision;
}

void
strata_template_context_set_revision (StrataTemplateContext *self,
                                      int                    revision)
{
  g_return_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self));
  if (self->revision == revision)
    return;
  self->revision = revision;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
}

gboolean
strata_template_context_get_is_upgrade (StrataTemplateContext *self)
{
  g_return_val_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self), FALSE);
  return self->is_upgrade;
}

void
strata_template_context_set_is_upgrade (StrataTemplateContext *self,
                                        gboolean               is_upgrade)
{
  g_return_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self));
  if (self->is_upgrade == !!is_upgrade)
    return;
  self->is_upgrade = !!is_upgrade;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_UPGRADE]);
}

const char *
strata_template_context_get_kube_version (StrataTemplateContext *self)
{
  g_return_val_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self), NULL);
  return self->kube_version;
}

/* chartutil.ParseKubeVersion: a loose semantic version, written back as
 * "v" MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]. */
gboolean
strata_template_context_set_kube_version (StrataTemplateContext  *self,
                                          const char             *version,
                                          GError                **error)
{
  g_autoptr(GRegex) pattern = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *major = NULL, *minor = NULL, *patch = NULL, *prerelease = NULL, *build = NULL;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  pattern = g_regex_new ("^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"
                         "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$", 0, 0, NULL);
  if (!g_regex_match (pattern, version, 0, &match))
    {
      /* Translators: %s is the rejected version */
      g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                   _("invalid kube version '%s': Invalid Semantic Version (expected a version like v1.29.3 or 1.29)"),
                   version);
      return FALSE;
    }
  major = g_match_info_fetch (match, 1);
  minor = g_match_info_fetch (match, 2);
  patch = g_match_info_fetch (match, 3);
  prerelease = g_match_info_fetch (match, 5);
  build = g_match_info_fetch (match, 8);
  normalized = g_strdup_printf ("v%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT "%s%s%s%s",
                                g_ascii_strtoull (major, NULL, 10),
                                minor != NULL && minor[0] != '\0' ? g_ascii_strtoull (minor + 1, NULL, 10) : 0,
                                patch != NULL && patch[0] != '\0' ? g_ascii_strtoull (patch + 1, NULL, 10) : 0,
                                prerelease != NULL && prerelease[0] != '\0' ? "-" : "",
                                prerelease != NULL ? prerelease : "",
                                build != NULL && build[0] != '\0' ? "+" : "",
                                build != NULL ? build : "");
  set_string (self, &self->kube_version, normalized, PROP_KUBE_VERSION);
  return TRUE;
}

const char * const *
strata_template_context_get_api_versions (StrataTemplateContext *self)
{
  g_return_val_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self), NULL);
  return self->api_versions != NULL ? (const char * const *)self->api_versions : default_api_versions;
}

void
strata_template_context_set_api_versions (StrataTemplateContext *self,
                                          const char * const    *versions)
{
  g_return_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self));
  g_clear_pointer (&self->api_versions, g_strfreev);
  self->api_versions = g_strdupv ((char **)versions);
}

/* Like helm's --api-versions: added after the defaults. */
void
strata_template_context_add_api_versions (StrataTemplateContext *self,
                                          const char * const    *versions)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self));
  g_strv_builder_addv (builder, (const char **)strata_template_context_get_api_versions (self));
  if (versions != NULL)
    g_strv_builder_addv (builder, (const char **)versions);
  g_clear_pointer (&self->api_versions, g_strfreev);
  self->api_versions = g_strv_builder_end (builder);
}

#define STRING_ACCESSORS(field, prop)                                                  \
  const char *                                                                         \
  strata_template_context_get_##field (StrataTemplateContext *self)                   \
  {                                                                                    \
    g_return_val_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self), NULL);                    \
    return self->field;                                                                \
  }                                                                                    \
  void                                                                                 \
  strata_template_context_set_##field (StrataTemplateContext *self,                   \
                                       const char            *value)                   \
  {                                                                                    \
    g_return_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self));                              \
    set_string (self, &self->field, value, prop);                                      \
  }

STRING_ACCESSORS (cluster_name, PROP_CLUSTER_NAME)
STRING_ACCESSORS ( cluster_region,
                   PROP_CLUSTER_REGION)
STRING_ACCESSORS ( profile_name,
                   PROP_PROFILE_NAME)
STRING_ACCESSORS ( profile_version,
                   PROP_PROFILE_VERSION)

JsonNode *
strata_template_context_get_chart (StrataTemplateContext *self)
{
  g_return_val_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self), NULL);
  return self->chart;
}

void
strata_template_context_set_chart (StrataTemplateContext *self,
                                   JsonNode              *metadata)
{
  g_return_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self));
  g_clear_pointer (&self->chart, json_node_unref);
  if (metadata != NULL)
    self->chart = json_node_ref (metadata);
}

void
strata_template_context_add_file (StrataTemplateContext *self,
                                  const char            *path,
                                  GBytes                *contents)
{
  g_return_if_fail (STRATA_IS_TEMPLATE_CONTEXT (self));
  g_return_if_fail (path != NULL && contents != NULL);
  g_hash_table_replace (self->files, g_strdup (path), g_bytes_ref (contents));
}

GHashTable *
_strata_template_context_get_files (StrataTemplateContext *self)
{
  return self->files;
}
