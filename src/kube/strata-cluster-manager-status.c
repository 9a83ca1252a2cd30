/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A cluster's status: reachable? running what the profile gives now?
 * still what was applied? */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cluster-manager-private.h"
#include "strata-drift.h"
#include "strata-object-change.h"

#define DRIFT_NAMED_MAX 3

typedef struct
{
  StrataCluster        *cluster;
  StrataClusterPending *pending;
} Check;

static void
check_free (Check *check)
{
  g_clear_object (&check->cluster);
  g_clear_pointer (&check->pending, _strata_cluster_pending_unref);
  g_free (check);
}

static void
return_check (GTask               *task,
              StrataClusterStatus  status,
              const char          *reason,
              const char          *pending_hash,
              GListModel          *drift)
{
  Check *check = g_task_get_task_data (task);
  StrataClusterPending *pending = check->pending;

  strata_cluster_set_status (check->cluster, status, reason);
  g_task_return_pointer (task,
                         _strata_cluster_check_new (check->cluster, status, reason,
                                                    pending ? pending->record : NULL, pending_hash, drift,
                                                    pending ? pending->notes : NULL),
                         g_object_unref);
}

static char *
release_text (StrataReleaseRecord *record)
{
  return g_strdup_printf (_("%s@%s revision %u (release %u)"),
                          strata_release_record_get_profile_name (record), strata_release_record_get_version (record),
                          strata_release_record_get_revision (record), strata_release_record_get_number (record));
}

static char *
drift_text (GListModel *drift)
{
  guint n = g_list_model_get_n_items (drift);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < MIN (n, DRIFT_NAMED_MAX); i++)
    {
      g_autoptr(StrataObjectChange) change = g_list_model_get_item (drift, i);

      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", strata_object_change_get_description (change));
    }
  if (n > DRIFT_NAMED_MAX)
    g_string_append (names, ", …");

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u object no longer matches what was applied (%s)",
                                       "%u objects no longer match what was applied (%s)", n),
                          n, names->str);
}

/* Why an update is available: what is attached against what runs. */
static char *
pending_text (StrataClusterPending *pending)
{
  StrataReleaseRecord *record = pending->record;
  const char *profile = strata_cluster_get_profile_name (pending->cluster);
  const char *version = strata_cluster_get_profile_version (pending->cluster);
  g_autofree char *release = NULL;

  if (record == NULL)
    return g_strdup_printf (_("no release yet: %s@%s has not been applied to this cluster"), profile, version);

  release = release_text (record);
  if (g_strcmp0 (strata_release_record_get_profile_name (record), profile) != 0 ||
      g_strcmp0 (strata_release_record_get_version (record), version) != 0)
    return g_strdup_printf (_("%s@%s is attached; the cluster runs %s"), profile, version, release);

  if (strata_release_record_get_revision (record) != strata_profile_version_get_revision (pending->version))
    return g_strdup_printf (_("%s@%s was edited in place: revision %u is pending; the cluster runs %s"),
                            profile, version, strata_profile_version_get_revision (pending->version), release);

  return g_strdup_printf (_("what would be applied differs from %s: an override or a pack changed"), release);
}

static void
conclude (GTask      *task,
          GListModel *drift)
{
  Check *check = g_task_get_task_data (task);
  StrataClusterPending *pending = check->pending;
  StrataReleaseRecord *record = pending->record;
  gboolean drifted = drift != NULL && g_list_model_get_n_items (drift) > 0;
  g_autofree char *hash = pending->set ? strata_rendered_set_compute_hash (pending->set) : NULL;
  g_autofree char *drifted_text = drifted ? drift_text (drift) : NULL;
  g_autofree char *release = record ? release_text (record) : NULL;
  g_autofree char *reason = NULL;

  if (pending->damaged != NULL)
    {
      reason = g_strdup_printf (_("cannot tell what runs: %s"), pending->damaged);
      return_check (task, STRATA_CLUSTER_STATUS_ERROR, reason, hash, NULL);
    }
  else if (hash != NULL && (record == NULL || g_strcmp0 (hash, strata_release_record_get_hash (record)) != 0))
    {
      g_autofree char *why = pending_text (pending);

      reason = drifted ? g_strdup_printf (_("%s; also, %s"), why, drifted_text) : g_steal_pointer (&why);
      return_check (task, STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE, reason, hash, drift);
    }
  else if (drifted)
    return_check (task, STRATA_CLUSTER_STATUS_DRIFTED, drifted_text, hash, drift);
  else if (hash != NULL)
    {
      reason = g_strdup_printf (_("%s is applied"), release);
      return_check (task, STRATA_CLUSTER_STATUS_RUNNING, reason, hash, drift);
    }
  else if (record != NULL)
    {
      reason = g_strdup_printf (_("no profile attached; the cluster runs %s"), release);
      return_check (task, STRATA_CLUSTER_STATUS_RUNNING, reason, NULL, drift);
    }
  else
    {
      reason = g_strdup_printf (_("reachable (Kubernetes %s); no profile attached and nothing applied by Strata"),
                                pending->kube_version ? pending->kube_version : _("of unknown version"));
      return_check (task, STRATA_CLUSTER_STATUS_RUNNING, reason, NULL, NULL);
    }
}

static void
on_drift_detected (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GListModel) drift = NULL;
  g_autoptr(GError) error = NULL;

  if (!(drift = strata_drift_detect_finish (result, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        return_check (task,
                      _strata_cluster_error_is_unreachable (error) ? STRATA_CLUSTER_STATUS_UNREACHABLE
                                                                     : STRATA_CLUSTER_STATUS_ERROR,
                      error->message, NULL, NULL);
      return;
    }

  conclude (task, drift);
}

static void
on_prepared (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Check *check = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!(check->pending = _strata_cluster_manager_prepare_finish (result, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        return_check (task,
                      _strata_cluster_error_is_unreachable (error) ? STRATA_CLUSTER_STATUS_UNREACHABLE
                                                                     : STRATA_CLUSTER_STATUS_ERROR,
                      error->message, NULL, NULL);
      return;
    }

  if (check->pending->record == NULL)
    {
      conclude (task, NULL);
      return;
    }

  strata_drift_detect_async (check->pending->client, check->pending->record, g_task_get_cancellable (task),
                             on_drift_detected, g_object_ref (task));
}

static char *
lifecycle_text (StrataCluster *cluster)
{
  GDateTime *since = strata_cluster_get_lifecycle_since (cluster);
  g_autofree char *when = since != NULL ? g_date_time_format (since, "%F %T UTC") : g_strdup ("?");

  if (strata_cluster_get_lifecycle (cluster) == STRATA_CLUSTER_STATUS_PROVISIONING)
    return g_strdup_printf (_("being created since %s"), when);
  return g_strdup_printf (_("being deleted since %s"), when);
}

void
strata_cluster_manager_check_async (StrataClusterManager *self,
                                    StrataCluster        *cluster,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Check *check;

  g_return_if_fail (STRATA_IS_CLUSTER_MANAGER (self));
  g_return_if_fail (STRATA_IS_CLUSTER (cluster));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_cluster_manager_check_async);
  check = g_new0 (Check, 1);
  check->cluster = g_object_ref (cluster);
  g_task_set_task_data (task, check, (GDestroyNotify)check_free);

  /* Being made or unmade in the cloud: no API to ask yet, or any more. */
  if (strata_cluster_get_lifecycle (cluster) != STRATA_CLUSTER_STATUS_UNKNOWN)
    {
      g_autofree char *reason = lifecycle_text (cluster);

      return_check (task, strata_cluster_get_lifecycle (cluster), reason, NULL, NULL);
      return;
    }

  _strata_cluster_manager_prepare_async (self, cluster, STRATA_CLUSTER_PLAN_DEFAULT, cancellable,
                                         on_prepared, g_steal_pointer (&task));
}

/**
 * strata_cluster_manager_check_finish:
 *
 * Returns: (transfer full): what the check found; %NULL only when cancelled
 */
StrataClusterCheck *
strata_cluster_manager_check_finish (StrataClusterManager  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_MANAGER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_cluster_manager_check_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
