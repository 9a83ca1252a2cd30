/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "strata-json.h"
#include "strata-kind-scope.h"
#include "strata-rendered-set-private.h"

struct _StrataKindScope
{
  /* "GROUP/KIND" of custom kinds → whether they are cluster-scoped */
  GHashTable *custom;
};

/* The kinds Kubernetes 1.20 to 1.32 serve outside any namespace
 * ("kubectl api-resources --namespaced=false"), by API group. */
static const struct {
  const char *group;
  const char *kind;
} cluster_scoped[] = {
  { "", "Namespace" },
  { "", "Node" },
  { "", "PersistentVolume" },
  { "", "ComponentStatus" },
  { "admissionregistration.k8s.io", "MutatingWebhookConfiguration" },
  { "admissionregistration.k8s.io", "ValidatingWebhookConfiguration" },
  { "admissionregistration.k8s.io", "ValidatingAdmissionPolicy" },
  { "admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding" },
  { "apiextensions.k8s.io", "CustomResourceDefinition" },
  { "apiregistration.k8s.io", "APIService" },
  { "certificates.k8s.io", "CertificateSigningRequest" },
  { "flowcontrol.apiserver.k8s.io", "FlowSchema" },
  { "flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration" },
  { "networking.k8s.io", "IngressClass" },
  { "node.k8s.io", "RuntimeClass" },
  { "policy", "PodSecurityPolicy" },
  { "rbac.authorization.k8s.io", "ClusterRole" },
  { "rbac.authorization.k8s.io", "ClusterRoleBinding" },
  { "scheduling.k8s.io", "PriorityClass" },
  { "storage.k8s.io", "CSIDriver" },
  { "storage.k8s.io", "CSINode" },
  { "storage.k8s.io", "StorageClass" },
  { "storage.k8s.io", "VolumeAttachment" },
};

StrataKindScope *
strata_kind_scope_new (void)
{
  StrataKindScope *self = g_new0 (StrataKindScope, 1);

  self->custom = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
strata_kind_scope_free (StrataKindScope *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->custom);
  g_free (self);
}

void
strata_kind_scope_add_definition (StrataKindScope *self,
                                  JsonObject      *object)
{
  g_autofree char *group = NULL;
  JsonObject *spec, *names;
  const char *defined_group, *defined_kind, *scope;

  g_return_if_fail (self != NULL);
  g_return_if_fail (object != NULL);

  if (g_strcmp0 (strata_json_object_get_string (object, "kind"), "CustomResourceDefinition") != 0)
    return;
  group = _strata_api_group (strata_json_object_get_string (object, "apiVersion"));
  if (strcmp (group, "apiextensions.k8s.io") != 0)
    return;

  spec = strata_json_object_get_object (object, "spec");
  names = strata_json_object_get_object (spec, "names");
  defined_group = strata_json_object_get_string (spec, "group");
  defined_kind = strata_json_object_get_string (names, "kind");
  scope = strata_json_object_get_string (spec, "scope");
  if (defined_group == NULL || defined_kind == NULL)
    return;

  g_hash_table_replace (self->custom,
                        g_strdup_printf ("%s/%s", defined_group, defined_kind),
                        GINT_TO_POINTER (g_strcmp0 (scope, "Cluster") == 0));
}

gboolean
strata_kind_scope_is_cluster_scoped (StrataKindScope *self,
                                     const char      *api_version,
                                     const char      *kind)
{
  g_autofree char *group = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (api_version == NULL || kind == NULL)
    return FALSE;

  group = _strata_api_group (api_version);
  for (guint i = 0; i < G_N_ELEMENTS (cluster_scoped); i++)
    if (strcmp (cluster_scoped[i].group, group) == 0 && strcmp (cluster_scoped[i].kind, kind) == 0)
      return TRUE;

  key = g_strdup_printf ("%s/%s", group, kind);
  return GPOINTER_TO_INT (g_hash_table_lookup (self->custom, key));
}
