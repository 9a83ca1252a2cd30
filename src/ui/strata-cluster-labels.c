/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How a cluster's source, status and profile read in every view, so the
 * list row and the page say the same thing ("Sandbox (simulated)"). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cluster-labels.h"

/* Returns: (transfer full): "Sandbox (simulated)", "kubeconfig: CONTEXT"
 * or "EKS: REGION". */
char *
strata_cluster_source_label (StrataCluster *cluster)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (cluster), NULL);

  switch (strata_cluster_get_source (cluster))
    {
    case STRATA_CLUSTER_SOURCE_SANDBOX:
      return g_strdup (_("Sandbox (simulated)"));

    case STRATA_CLUSTER_SOURCE_EKS:
      return g_strdup_printf (_("EKS: %s"), strata_cluster_get_eks_region (cluster));

    case STRATA_CLUSTER_SOURCE_KUBECONFIG:
    default:
      return g_strdup_printf (_("kubeconfig: %s"), strata_cluster_get_kubeconfig_context (cluster));
    }
}

/* "—" while nothing checked the cluster yet. */
const char *
strata_cluster_status_label (StrataClusterStatus status)
{
  switch (status)
    {
    case STRATA_CLUSTER_STATUS_PROVISIONING:
      return C_("cluster status", "Provisioning");
    case STRATA_CLUSTER_STATUS_RUNNING:
      return C_("cluster status", "Running");
    case STRATA_CLUSTER_STATUS_UPDATING:
      return C_("cluster status", "Updating");
    case STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE:
      return C_("cluster status", "Updates available");
    case STRATA_CLUSTER_STATUS_DRIFTED:
      return C_("cluster status", "Drifted");
    case STRATA_CLUSTER_STATUS_UNREACHABLE:
      return C_("cluster status", "Unreachable");
    case STRATA_CLUSTER_STATUS_DELETING:
      return C_("cluster status", "Deleting");
    case STRATA_CLUSTER_STATUS_DELETED:
      return C_("cluster status", "Deleted");
    case STRATA_CLUSTER_STATUS_ERROR:
      return C_("cluster status", "Error");
    case STRATA_CLUSTER_STATUS_UNKNOWN:
    default:
      return "—";
    }
}

/* Returns: (transfer full): "NAME@VERSION", or "—" with no profile. */
char *
strata_cluster_profile_label (const char *name,
                              const char *version)
{
  if (name == NULL)
    return g_strdup ("—");

  return g_strdup_printf ("%s@%s", name, version ? version : "?");
}
