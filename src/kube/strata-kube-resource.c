/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One entry of API discovery, shared between threads (the discovery cache is
 * read in a worker), hence the atomic reference count and immutability. */

#include "config.h"

#include "strata-kube-resource-private.h"

struct _StrataKubeResource
{
  gatomicrefcount  ref_count;

  char            *group_version;
  char            *kind;
  char            *plural;
  char            *singular;
  GStrv            short_names;
  GStrv            verbs;
  gboolean         namespaced;
};

G_DEFINE_BOXED_TYPE (StrataKubeResource, strata_kube_resource,
                     strata_kube_resource_ref, strata_kube_resource_unref)

/**
 * strata_kube_resource_new:
 * @group_version: "v1" for the core group, else "GROUP/VERSION"
 * @kind: the kind, such as "ConfigMap"
 * @plural: the REST name, such as "configmaps"
 * @namespaced: whether objects of this kind live in a namespace
 * @verbs: (nullable) (array zero-terminated=1): what the server allows
 *
 * Returns: (transfer full): a new resource
 */
StrataKubeResource *
strata_kube_resource_new (const char         *group_version,
                          const char         *kind,
                          const char         *plural,
                          gboolean            namespaced,
                          const char * const *verbs)
{
  StrataKubeResource *self;

  g_return_val_if_fail (group_version != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (plural != NULL, NULL);

  self = g_new0 (StrataKubeResource, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->group_version = g_strdup (group_version);
  self->kind = g_strdup (kind);
  self->plural = g_strdup (plural);
  self->namespaced = !!namespaced;
  self->verbs = g_strdupv ((char **)verbs);
  if (self->verbs == NULL)
    self->verbs = g_new0 (char *, 1);
  self->short_names = g_new0 (char *, 1);

  return self;
}

StrataKubeResource *
strata_kube_resource_ref (StrataKubeResource *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
strata_kube_resource_unref (StrataKubeResource *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->group_version);
  g_free (self->kind);
  g_free (self->plural);
  g_free (self->singular);
  g_strfreev (self->short_names);
  g_strfreev (self->verbs);
  g_free (self);
}

const char *
strata_kube_resource_get_group_version (const StrataKubeResource *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->group_version;
}

const char *
strata_kube_resource_get_kind (const StrataKubeResource *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->kind;
}

const char *
strata_kube_resource_get_plural (const StrataKubeResource *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->plural;
}

gboolean
strata_kube_resource_is_namespaced (const StrataKubeResource *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->namespaced;
}

gboolean
strata_kube_resource_has_verb (const StrataKubeResource *self,
                               const char               *verb)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (verb != NULL, FALSE);

  return g_strv_contains ((const char * const *)self->verbs, verb);
}

/**
 * strata_kube_resource_build_path:
 * @self: a resource
 * @namespace_: (nullable): the namespace, or %NULL for all namespaces;
 *   ignored for cluster-scoped kinds
 * @name: (nullable): an object name, or %NULL for the collection
 *
 * Returns: (transfer full): the REST path, without the server's own prefix
 */
char *
strata_kube_resource_build_path (const StrataKubeResource *self,
                                 const char               *namespace_,
                                 const char               *name)
{
  GString *path;

  g_return_val_if_fail (self != NULL, NULL);

  path = g_string_new (strchr (self->group_version, '/') ? "/apis/" : "/api/");
  g_string_append (path, self->group_version);

  if (self->namespaced && namespace_ != NULL)
    {
      g_string_append (path, "/namespaces/");
      g_string_append_uri_escaped (path, namespace_, NULL, FALSE);
    }

  g_string_append_c (path, '/');
  g_string_append (path, self->plural);

  if (name != NULL)
    {
      g_string_append_c (path, '/');
      g_string_append_uri_escaped (path, name, NULL, FALSE);
    }

  return g_string_free (path, FALSE);
}

/* Names a user may type for a kind (kubectl get cm, configmap, configmaps,
 * ConfigMap); discovery fills them in before the resource is shared. */
void
_strata_kube_resource_set_names (StrataKubeResource *self,
                                 const char         *singular,
                                 const char * const *short_names)
{
  g_assert (self != NULL);

  g_free (self->singular);
  self->singular = g_strdup (singular);
  g_strfreev (self->short_names);
  self->short_names = g_strdupv ((char **)short_names);
  if (self->short_names == NULL)
    self->short_names = g_new0 (char *, 1);
}

const char *
_strata_kube_resource_get_singular (const StrataKubeResource *self)
{
  g_assert (self != NULL);

  return self->singular;
}

const char * const *
_strata_kube_resource_get_short_names (const StrataKubeResource *self)
{
  g_assert (self != NULL);

  return (const char * const *)self->short_names;
}

const char * const *
_strata_kube_resource_get_verbs (const StrataKubeResource *self)
{
  g_assert (self != NULL);

  return (const char * const *)self->verbs;
}

gboolean
_strata_kube_resource_matches_name (const StrataKubeResource *self,
                                    const char               *name)
{
  g_assert (self != NULL);
  g_assert (name != NULL);

  return g_ascii_strcasecmp (self->kind, name) == 0 ||
         g_ascii_strcasecmp (self->plural, name) == 0 ||
         (self->singular != NULL && g_ascii_strcasecmp (self->singular, name) == 0) ||
         g_strv_contains ((const char * const *)self->short_names, name);
}
