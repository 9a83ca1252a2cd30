/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cluster rules that need the profiles: attach only versions that exist,
 * override only layers the attached version has, and tell the profile store
 * which profiles are in use. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cluster-store.h"
#include "strata-core-error.h"
#include "strata-yaml.h"

static char *
join_items (GListModel *model,
            const char *(*get_name) (gpointer item))
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", get_name (item));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
version_name (gpointer item)
{
  return strata_profile_version_get_version (item);
}

static const char *
layer_name (gpointer item)
{
  return strata_layer_get_name (item);
}

static StrataProfileVersion *
find_version (StrataClusterStore  *self,
              const char          *profile,
              const char          *version,
              GError             **error)
{
  StrataProfile *found = strata_store_find_profile (strata_cluster_store_get_profile_store (self), profile);
  StrataProfileVersion *item;
  g_autofree char *known = NULL;

  if (found == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("There is no profile named “%s”"), profile);
      return NULL;
    }

  if ((item = strata_profile_find_version (found, version)) == NULL)
    {
      known = join_items (strata_profile_get_versions (found), version_name);
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("Profile “%s” has no version %s (it has %s)"), profile, version, known);
    }

  return item;
}

gboolean
strata_cluster_store_attach_profile (StrataClusterStore  *self,
                                     StrataCluster       *cluster,
                                     const char          *profile,
                                     const char          *version,
                                     GStrv               *dropped,
                                     GError             **error)
{
  g_autoptr(GStrvBuilder) dropped_layers = g_strv_builder_new ();
  g_auto(GStrv) layers = NULL;
  StrataProfileVersion *item;

  g_return_val_if_fail (STRATA_IS_CLUSTER_STORE (self), FALSE);
  g_return_val_if_fail (STRATA_IS_CLUSTER (cluster), FALSE);

  if (!strata_validate_dns_label (profile, _("profile name"), error) ||
      !strata_semver_validate (version, error) ||
      (item = find_version (self, profile, version, error)) == NULL)
    return FALSE;

  /* An override of a layer the version lacks could never apply. */
  layers = strata_cluster_list_overrides (cluster);
  for (guint i = 0; layers[i] != NULL; i++)
    {
      if (strata_profile_version_find_layer (item, layers[i]) == NULL)
        {
          strata_cluster_set_override (cluster, layers[i], NULL);
          g_strv_builder_add (dropped_layers, layers[i]);
        }
    }

  strata_cluster_set_profile (cluster, profile, version);
  if (dropped != NULL)
    *dropped = g_strv_builder_end (dropped_layers);
  return TRUE;
}

/* One YAML document that is a mapping, or nothing at all. */
static gboolean
validate_values (const char  *layer,
                 const char  *values,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = strata_yaml_parse (values, -1, &local_error);

  if (node == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("The values for layer “%s” are not valid YAML: %s"), layer, local_error->message);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_NULL (node) && !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("The values for layer “%s” must be a mapping of keys to values, like “replicas: 2”"),
                   layer);
      return FALSE;
    }

  return TRUE;
}

gboolean
strata_cluster_store_set_override (StrataClusterStore  *self,
                                   StrataCluster       *cluster,
                                   const char          *layer,
                                   const char          *values,
                                   GError             **error)
{
  const char *profile, *version;
  StrataProfileVersion *item;

  g_return_val_if_fail (STRATA_IS_CLUSTER_STORE (self), FALSE);
  g_return_val_if_fail (STRATA_IS_CLUSTER (cluster), FALSE);
  g_return_val_if_fail (layer != NULL, FALSE);

  /* Clearing needs no profile: it must work for a layer the version lost. */
  if (values == NULL)
    {
      if (strata_cluster_get_override (cluster, layer) == NULL)
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                       _("Cluster “%s” has no override for layer “%s”"),
                       strata_cluster_get_name (cluster), layer);
          return FALSE;
        }
      strata_cluster_set_override (cluster, layer, NULL);
      return TRUE;
    }

  profile = strata_cluster_get_profile_name (cluster);
  version = strata_cluster_get_profile_version (cluster);
  if (profile == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("Cluster “%s” has no profile attached: attach one before overriding its layers"),
                   strata_cluster_get_name (cluster));
      return FALSE;
    }

  if ((item = find_version (self, profile, version, error)) == NULL)
    return FALSE;

  if (strata_profile_version_find_layer (item, layer) == NULL)
    {
      g_autofree char *known = join_items (strata_profile_version_get_layers (item), layer_name);

      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("Version %s of profile “%s” has no layer “%s” (its layers: %s)"),
                   version, profile, layer, *known ? known : _("none"));
      return FALSE;
    }

  if (!validate_values (layer, values, error))
    return FALSE;

  strata_cluster_set_override (cluster, layer, values);
  return TRUE;
}

gboolean
strata_cluster_store_profile_in_use (StrataClusterStore  *self,
                                     const char          *profile,
                                     const char          *version,
                                     char               **cluster_name)
{
  GListModel *clusters;
  guint n;

  g_return_val_if_fail (STRATA_IS_CLUSTER_STORE (self), FALSE);
  g_return_val_if_fail (profile != NULL, FALSE);

  clusters = strata_cluster_store_get_clusters (self);
  n = g_list_model_get_n_items (clusters);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataCluster) cluster = g_list_model_get_item (clusters, i);

      if (g_strcmp0 (strata_cluster_get_profile_name (cluster), profile) == 0 &&
          (version == NULL || g_strcmp0 (strata_cluster_get_profile_version (cluster), version) == 0))
        {
          if (cluster_name != NULL)
            *cluster_name = g_strdup (strata_cluster_get_name (cluster));
          return TRUE;
        }
    }

  return FALSE;
}
