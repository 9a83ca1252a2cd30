/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Review and apply: the plan of a pending update, its apply, and saving
 * an override. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cluster-manager-private.h"
#include "strata-core-error.h"

/* plan */

typedef struct
{
  StrataCluster         *cluster;
  StrataClusterPlanFlags flags;
  StrataClusterPending  *pending;
  StrataApplier         *applier;
} Plan;

static void
plan_free (Plan *plan)
{
  g_clear_object (&plan->cluster);
  g_clear_pointer (&plan->pending, _strata_cluster_pending_unref);
  g_clear_object (&plan->applier);
  g_free (plan);
}

static void
on_planned (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Plan *plan = g_task_get_task_data (task);
  g_autoptr(StrataApplyPlan) apply_plan = NULL;
  g_autoptr(GError) error = NULL;

  if (!(apply_plan = strata_applier_plan_finish (plan->applier, result, &error)))
    {
      g_prefix_error (&error, _("The review of cluster “%s” failed: "), strata_cluster_get_name (plan->cluster));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task,
                         _strata_cluster_plan_new (plan->cluster, plan->flags, plan->applier, apply_plan,
                                                   plan->pending->notes),
                         g_object_unref);
}

static void
on_plan_prepared (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Plan *plan = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!(plan->pending = _strata_cluster_manager_prepare_finish (result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  plan->applier = strata_applier_new (plan->pending->client);
  strata_applier_plan_async (plan->applier, plan->pending->set, g_task_get_cancellable (task),
                             on_planned, g_object_ref (task));
}

void
strata_cluster_manager_plan_async (StrataClusterManager  *self,
                                   StrataCluster         *cluster,
                                   StrataClusterPlanFlags flags,
                                   GCancellable          *cancellable,
                                   GAsyncReadyCallback    callback,
                                   gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Plan *plan;

  g_return_if_fail (STRATA_IS_CLUSTER_MANAGER (self));
  g_return_if_fail (STRATA_IS_CLUSTER (cluster));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_cluster_manager_plan_async);

  if (strata_cluster_get_profile_name (cluster) == NULL)
    {
      g_task_return_new_error (task, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                               _("Cluster “%s” has no profile attached: attach a profile version first"),
                               strata_cluster_get_name (cluster));
      return;
    }

  plan = g_new0 (Plan, 1);
  plan->cluster = g_object_ref (cluster);
  plan->flags = flags;
  g_task_set_task_data (task, plan, (GDestroyNotify)plan_free);

  _strata_cluster_manager_prepare_async (self, cluster, flags, cancellable, on_plan_prepared, g_steal_pointer (&task));
}

/**
 * strata_cluster_manager_plan_finish:
 *
 * Returns: (transfer full): the plan
 */
StrataClusterPlan *
strata_cluster_manager_plan_finish (StrataClusterManager  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_MANAGER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_cluster_manager_plan_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* apply */

typedef struct
{
  StrataClusterPlan   *plan;
  StrataReleaseRecord *record;
  GStrv                removed;  /* overrides removed from the cluster record */
} Apply;

static void
apply_free (Apply *apply)
{
  g_clear_object (&apply->plan);
  g_clear_object (&apply->record);
  g_clear_pointer (&apply->removed, g_strfreev);
  g_free (apply);
}

static void
conclude_apply (GTask *task)
{
  Apply *apply = g_task_get_task_data (task);
  g_autofree char *reason = NULL;

  reason = g_strdup_printf (_("%s@%s revision %u (release %u) is applied"),
                            strata_release_record_get_profile_name (apply->record),
                            strata_release_record_get_version (apply->record),
                            strata_release_record_get_revision (apply->record),
                            strata_release_record_get_number (apply->record));
  strata_cluster_set_status (strata_cluster_plan_get_cluster (apply->plan), STRATA_CLUSTER_STATUS_RUNNING, reason);
  g_task_return_pointer (task, g_steal_pointer (&apply->record), g_object_unref);
}

static void
on_overrides_removed (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Apply *apply = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!strata_cluster_store_save_finish (STRATA_CLUSTER_STORE (object), result, &error))
    {
      g_autofree char *layers = g_strjoinv (", ", apply->removed);

      g_prefix_error (&error, _("Release %u is applied, but the dropped overrides (%s) could not be removed from "
                                "the record of cluster “%s”: "),
                      strata_release_record_get_number (apply->record), layers,
                      strata_cluster_get_name (strata_cluster_plan_get_cluster (apply->plan)));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  conclude_apply (task);
}

/* The overrides the plan dropped leave the record, unless someone saved
 * another one for the layer since the plan was made. */
static void
remove_dropped_overrides (GTask *task)
{
  StrataClusterManager *self = g_task_get_source_object (task);
  Apply *apply = g_task_get_task_data (task);
  StrataCluster *cluster = strata_cluster_plan_get_cluster (apply->plan);
  GPtrArray *notes = _strata_cluster_plan_get_override_notes (apply->plan);
  g_autoptr(StrataCluster) edited = strata_cluster_copy (cluster);
  g_autoptr(GStrvBuilder) removed = g_strv_builder_new ();

  for (guint i = 0; i < notes->len; i++)
    {
      StrataOverrideNote *note = g_ptr_array_index (notes, i);

      if (note->dropped && g_strcmp0 (strata_cluster_get_override (edited, note->layer), note->values) == 0)
        {
          strata_cluster_set_override (edited, note->layer, NULL);
          g_strv_builder_add (removed, note->layer);
        }
    }

  apply->removed = g_strv_builder_end (removed);
  if (apply->removed[0] == NULL)
    {
      conclude_apply (task);
      return;
    }

  strata_cluster_store_save_async (strata_cluster_manager_get_store (self), edited, g_task_get_cancellable (task),
                                   on_overrides_removed, g_object_ref (task));
}

static void
on_applied (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Apply *apply = g_task_get_task_data (task);
  StrataCluster *cluster = strata_cluster_plan_get_cluster (apply->plan);
  g_autoptr(GError) error = NULL;

  if (!strata_applier_apply_finish (STRATA_APPLIER (object), result, &apply->record, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        strata_cluster_set_status (cluster,
                                   _strata_cluster_error_is_unreachable (error) ? STRATA_CLUSTER_STATUS_UNREACHABLE
                                                                                : STRATA_CLUSTER_STATUS_ERROR,
                                   error->message);
      g_prefix_error (&error, _("Applying to cluster “%s” failed: "), strata_cluster_get_name (cluster));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  remove_dropped_overrides (task);
}

void
strata_cluster_manager_apply_async (StrataClusterManager *self,
                                    StrataClusterPlan    *plan,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Apply *apply;

  g_return_if_fail (STRATA_IS_CLUSTER_MANAGER (self));
  g_return_if_fail (STRATA_IS_CLUSTER_PLAN (plan));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_cluster_manager_apply_async);
  apply = g_new0 (Apply, 1);
  apply->plan = g_object_ref (plan);
  g_task_set_task_data (task, apply, (GDestroyNotify)apply_free);

  strata_cluster_set_status (strata_cluster_plan_get_cluster (plan), STRATA_CLUSTER_STATUS_UPDATING, NULL);
  strata_applier_apply_async (strata_cluster_plan_get_applier (plan), strata_cluster_plan_get_set (plan),
                              cancellable, on_applied, g_steal_pointer (&task));
}

gboolean
strata_cluster_manager_apply_finish (StrataClusterManager  *self,
                                     GAsyncResult          *result,
                                     StrataReleaseRecord  **record,
                                     GError               **error)
{
  g_autoptr(StrataReleaseRecord) written = NULL;

  g_return_val_if_fail (STRATA_IS_CLUSTER_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_cluster_manager_apply_async, FALSE);

  if (!(written = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  if (record != NULL)
    *record = g_steal_pointer (&written);
  return TRUE;
}

/* overrides */

gboolean
strata_cluster_manager_validate_override (StrataClusterManager  *self,
                                          StrataCluster         *cluster,
                                          const char            *layer,
                                          const char            *values,
                                          GError               **error)
{
  StrataClusterStore *store;
  StrataProfile *profile;
  StrataProfileVersion *version;
  StrataLayer *item;
  StrataPack *pack;
  g_autoptr(StrataCluster) scratch = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (STRATA_IS_CLUSTER_MANAGER (self), FALSE);
  g_return_val_if_fail (STRATA_IS_CLUSTER (cluster), FALSE);
  g_return_val_if_fail (layer != NULL, FALSE);

  /* YAML, a mapping, a layer the attached version has: the store's rules. */
  store = strata_cluster_manager_get_store (self);
  scratch = strata_cluster_copy (cluster);
  if (!strata_cluster_store_set_override (store, scratch, layer, values, error))
    return FALSE;
  if (values == NULL)
    return TRUE;

  profile = strata_store_find_profile (strata_cluster_store_get_profile_store (store),
                                       strata_cluster_get_profile_name (cluster));
  version = strata_profile_find_version (profile, strata_cluster_get_profile_version (cluster));
  item = strata_profile_version_find_layer (version, layer);
  if (strata_layer_get_kind (item) != STRATA_LAYER_KIND_PACK || strata_layer_get_source (item) == NULL)
    return TRUE;

  /* The pack's schema, over the pack's defaults. */
  if (!(pack = strata_pack_registry_lookup_reference (strata_cluster_manager_get_registry (self),
                                                      strata_layer_get_source (item), &local_error)) ||
      !strata_pack_validate_values (pack, values, &local_error))
    {
      g_auto(GStrv) problems = g_strsplit (local_error->message, "\n", -1);
      g_autofree char *joined = g_strjoinv ("; ", problems);

      /* One problem a line in the schema's message; one line here. */
      g_set_error (error, local_error->domain, local_error->code, _("The override of layer “%s” on cluster “%s”: %s"),
                   layer, strata_cluster_get_name (cluster), g_strstrip (joined));
      return FALSE;
    }

  return TRUE;
}

static void
on_override_saved (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!strata_cluster_store_save_finish (STRATA_CLUSTER_STORE (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
strata_cluster_manager_save_override_async (StrataClusterManager *self,
                                            StrataCluster        *cluster,
                                            const char           *layer,
                                            const char           *values,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(StrataCluster) edited = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (STRATA_IS_CLUSTER_MANAGER (self));
  g_return_if_fail (STRATA_IS_CLUSTER (cluster));
  g_return_if_fail (layer != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_cluster_manager_save_override_async);

  if (!strata_cluster_manager_validate_override (self, cluster, layer, values, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  edited = strata_cluster_copy (cluster);
  strata_cluster_set_override (edited, layer, values);
  strata_cluster_store_save_async (strata_cluster_manager_get_store (self), edited, cancellable,
                                   on_override_saved, g_steal_pointer (&task));
}

gboolean
strata_cluster_manager_save_override_finish (StrataClusterManager  *self,
                                             GAsyncResult          *result,
                                             GError               **error)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_cluster_manager_save_override_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
