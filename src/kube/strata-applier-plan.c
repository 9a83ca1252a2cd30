/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The applier's plan: what an apply would do, by server-side dry-run. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-apply-private.h"
#include "strata-applier.h"
#include "strata-json.h"

typedef struct
{
  StrataRenderedLayer *layer;
  JsonNode            *object;  /* as rendered */
  JsonNode            *sent;    /* its namespace filled in */
  StrataObjectChange  *change;
} PlanItem;

typedef struct
{
  StrataApplier       *self;    /* the task's source object */
  StrataRenderedSet   *set;
  StrataReleaseRecord *record;
  GPtrArray           *items;   /* PlanItem, in apply order */
  GPtrArray           *prune;   /* inventory entries (JsonNode) */
  GPtrArray           *pruned;  /* StrataObjectChange or NULL, beside prune */
} Plan;

static void
plan_item_free (PlanItem *item)
{
  g_clear_pointer (&item->sent, json_node_unref);
  g_clear_object (&item->change);
  g_free (item);
}

static void
plan_free (Plan *plan)
{
  g_clear_object (&plan->set);
  g_clear_object (&plan->record);
  g_clear_pointer (&plan->items, g_ptr_array_unref);
  g_clear_pointer (&plan->prune, g_ptr_array_unref);
  g_clear_pointer (&plan->pruned, g_ptr_array_unref);
  g_free (plan);
}

/* Apply order: by priority (the set's layer order), then kind rank. */
static gint
compare_apply_order (gconstpointer a,
                     gconstpointer b)
{
  const PlanItem *item_a = *(PlanItem * const *)a;
  const PlanItem *item_b = *(PlanItem * const *)b;
  int priority_a = strata_rendered_layer_get_priority (item_a->layer);
  int priority_b = strata_rendered_layer_get_priority (item_b->layer);
  guint rank_a = strata_rendered_set_kind_rank (_strata_object_get_string (item_a->object, "apiVersion"),
                                                _strata_object_get_string (item_a->object, "kind"));
  guint rank_b = strata_rendered_set_kind_rank (_strata_object_get_string (item_b->object, "apiVersion"),
                                                _strata_object_get_string (item_b->object, "kind"));

  if (priority_a != priority_b)
    return priority_a < priority_b ? -1 : 1;
  return rank_a < rank_b ? -1 : rank_a > rank_b ? 1 : 0;
}

static void plan_items    (GTask *task);
static void look_up_prune (GTask *task);
static void finish_plan   (GTask *task);

/* Step 1: the record the cluster has */

static void
on_record_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Plan *plan = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  plan->record = strata_release_record_read_finish (result, &error);
  /* As apply does: a damaged record only costs the prune. */
  if (error != NULL && !g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_INVALID))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    plan_items (task);
}

/* Step 2: every rendered object, dry-run against live */

typedef struct
{
  Plan     *plan;
  PlanItem *item;
} PlanItemRun;

static void
item_done (GTask              *task,
           StrataObjectAction  action,
           JsonNode           *live,
           JsonNode           *merged)
{
  PlanItemRun *run = g_task_get_task_data (task);
  PlanItem *item = run->item;

  g_clear_object (&item->change);
  item->change = strata_object_change_new (action, strata_rendered_layer_get_name (item->layer),
                                           item->sent, live, merged);
  if (action == STRATA_OBJECT_ACTION_CHANGE && *strata_object_change_get_diff (item->change) == '\0')
    _strata_object_change_set_action (item->change, STRATA_OBJECT_ACTION_UNCHANGED);

  g_task_return_boolean (task, TRUE);
}

/* A custom resource of a CRD that the set brings: nothing to ask the
 * server yet, it will be created. */
static gboolean
item_of_new_kind (GTask *task)
{
  PlanItemRun *run = g_task_get_task_data (task);
  PlanItem *item = run->item;
  JsonNode *crd = _strata_rendered_set_find_crd (run->plan->set,
                                                  _strata_object_get_string (item->object, "apiVersion"),
                                                  _strata_object_get_string (item->object, "kind"));
  const char *scope;
  const char *namespace_;

  if (crd == NULL)
    return FALSE;

  scope = strata_json_object_get_string (strata_json_object_get_object (json_node_get_object (crd), "spec"), "scope");
  namespace_ = strata_rendered_layer_get_namespace (item->layer);
  g_clear_pointer (&item->sent, json_node_unref);
  if (g_strcmp0 (scope, "Namespaced") == 0 && _strata_object_get_meta (item->object, "namespace") == NULL)
    item->sent = _strata_object_with_namespace (item->object, namespace_ ? namespace_
                                                                           : _strata_client_namespace (strata_applier_get_client (run->plan->self)));
  else
    item->sent = json_node_ref (item->object);

  item_done (task, STRATA_OBJECT_ACTION_CREATE, NULL, item->sent);
  return TRUE;
}

static void
on_item_probed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlanItemRun *run = g_task_get_task_data (task);
  g_autoptr(JsonNode) live = NULL;
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(GError) error = NULL;

  if (!_strata_object_probe_finish (result, &live, &merged, &error))
    {
      /* Discovery knew the kind from before its CRD went away. */
      if (!g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND) || !item_of_new_kind (task))
        g_task_return_error (task, g_steal_pointer (&error));
    }
  else if (live == NULL)
    /* Without a dry-run result, its namespace is yet to come. */
    item_done (task, STRATA_OBJECT_ACTION_CREATE, NULL, merged ? merged : run->item->sent);
  else if (merged == NULL)
    {
      g_autofree char *description = _strata_object_describe (run->item->sent);

      g_task_return_new_error (task, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND,
                               _("The server could not try applying %s; refresh and plan again"), description);
    }
  else
    item_done (task, STRATA_OBJECT_ACTION_CHANGE, live, merged);
}

static void
on_item_prepared (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlanItemRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if ((run->item->sent = _strata_object_prepare_finish (result, &error)))
    _strata_object_probe_async (strata_applier_get_client (run->plan->self), run->item->sent,
                                g_task_get_cancellable (task), on_item_probed, g_object_ref (task));
  else if (!g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND) || !item_of_new_kind (task))
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
start_item (gpointer             data,
            guint                index,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  Plan *plan = data;
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PlanItemRun *run = g_new0 (PlanItemRun, 1);

  run->plan = plan;
  run->item = g_ptr_array_index (plan->items, index);
  g_task_set_source_tag (task, start_item);
  g_task_set_task_data (task, run, g_free);

  _strata_object_prepare_async (strata_applier_get_client (plan->self), run->item->object,
                                strata_rendered_layer_get_namespace (run->item->layer),
                                cancellable, on_item_prepared, g_steal_pointer (&task));
}

static gboolean
finish_item (gpointer       data,
             guint          index,
             GAsyncResult  *result,
             GError       **error)
{
  Plan *plan = data;
  PlanItem *item = g_ptr_array_index (plan->items, index);
  g_autoptr(GError) local_error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &local_error))
    return TRUE;

  if (*strata_rendered_layer_get_name (item->layer) == '\0')
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, local_error->domain, local_error->code, _("Layer “%s”: %s"),
                 strata_rendered_layer_get_name (item->layer), local_error->message);
  return FALSE;
}

static void
on_items_planned (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!_strata_work_run_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    look_up_prune (task);
}

static void
plan_items (GTask *task)
{
  Plan *plan = g_task_get_task_data (task);

  _strata_work_run_async (plan->items->len, _strata_applier_get_window (plan->self), start_item, finish_item,
                          plan, g_task_get_cancellable (task), on_items_planned, g_object_ref (task));
}

/* Step 3: what the record has that is no longer rendered */

/* An entry as the object it names, for StrataObjectChange. */
static JsonNode *
entry_to_object (JsonNode *entry)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonObject) metadata = json_object_new ();
  const char *namespace_ = _strata_object_get_string (entry, "namespace");

  json_object_set_string_member (object, "apiVersion", _strata_object_get_string (entry, "apiVersion"));
  json_object_set_string_member (object, "kind", _strata_object_get_string (entry, "kind"));
  json_object_set_string_member (metadata, "name", _strata_object_get_string (entry, "name"));
  if (namespace_ != NULL)
    json_object_set_string_member (metadata, "namespace", namespace_);
  json_object_set_object_member (object, "metadata", g_steal_pointer (&metadata));

  return json_node_init_object (json_node_alloc (), object);
}

static void
start_prune_lookup (gpointer             data,
                    guint                index,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  Plan *plan = data;
  JsonNode *entry = g_ptr_array_index (plan->prune, index);

  strata_kube_client_get_async (strata_applier_get_client (plan->self),
                                _strata_object_get_string (entry, "apiVersion"),
                                _strata_object_get_string (entry, "kind"),
                                _strata_object_get_string (entry, "namespace"),
                                _strata_object_get_string (entry, "name"),
                                cancellable, callback, user_data);
}

static gboolean
finish_prune_lookup (gpointer       data,
                     guint          index,
                     GAsyncResult  *result,
                     GError       **error)
{
  Plan *plan = data;
  JsonNode *entry = g_ptr_array_index (plan->prune, index);
  g_autoptr(JsonNode) live = NULL;
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(live = strata_kube_client_get_finish (strata_applier_get_client (plan->self), result, &local_error)))
    {
      /* Gone already: nothing to prune. */
      if (g_error_matches (local_error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND) ||
          g_error_matches (local_error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND))
        return TRUE;

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  object = entry_to_object (entry);
  g_ptr_array_index (plan->pruned, index) = strata_object_change_new (STRATA_OBJECT_ACTION_PRUNE,
                                                                      _strata_object_get_string (entry, "layer"),
                                                                      object, live, NULL);
  return TRUE;
}

static void
on_prune_looked_up (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!_strata_work_run_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    finish_plan (task);
}

static void
look_up_prune (GTask *task)
{
  Plan *plan = g_task_get_task_data (task);
  g_autoptr(GPtrArray) sent = g_ptr_array_new ();

  for (guint i = 0; i < plan->items->len; i++)
    g_ptr_array_add (sent, ((PlanItem *)g_ptr_array_index (plan->items, i))->sent);

  g_clear_pointer (&plan->prune, g_ptr_array_unref);
  plan->prune = _strata_apply_prune_entries (plan->record, sent);

  g_ptr_array_set_size (plan->pruned, plan->prune->len);
  _strata_work_run_async (plan->prune->len, _strata_applier_get_window (plan->self),
                          start_prune_lookup, finish_prune_lookup, plan, g_task_get_cancellable (task),
                          on_prune_looked_up, g_object_ref (task));
}

/* Step 4: the plan */

static void
finish_plan (GTask *task)
{
  Plan *plan = g_task_get_task_data (task);
  g_autoptr(StrataApplyPlan) result = _strata_apply_plan_new (plan->set, plan->record);

  for (guint i = 0; i < plan->items->len; i++)
    _strata_apply_plan_add (result, ((PlanItem *)g_ptr_array_index (plan->items, i))->change);
  for (guint i = 0; i < plan->pruned->len; i++)
    if (g_ptr_array_index (plan->pruned, i) != NULL)
      _strata_apply_plan_add (result, g_ptr_array_index (plan->pruned, i));

  g_task_return_pointer (task, g_steal_pointer (&result), g_object_unref);
}

void
strata_applier_plan_async (StrataApplier       *self,
                           StrataRenderedSet   *set,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Plan *plan;

  g_return_if_fail (STRATA_IS_APPLIER (self));
  g_return_if_fail (STRATA_IS_RENDERED_SET (set));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_applier_plan_async);

  plan = g_new0 (Plan, 1);
  plan->self = self;
  plan->set = g_object_ref (set);
  plan->items = g_ptr_array_new_with_free_func ((GDestroyNotify)plan_item_free);
  plan->prune = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  plan->pruned = g_ptr_array_new_with_free_func (_strata_object_unref_nullable);
  g_task_set_task_data (task, plan, (GDestroyNotify)plan_free);

  for (guint i = 0; i < strata_rendered_set_get_n_layers (set); i++)
    {
      StrataRenderedLayer *layer = strata_rendered_set_get_layer (set, i);

      for (guint j = 0; j < strata_rendered_layer_get_n_objects (layer); j++)
        {
          PlanItem *item = g_new0 (PlanItem, 1);

          item->layer = layer;
          item->object = strata_rendered_layer_get_object (layer, j);
          g_ptr_array_add (plan->items, item);
        }
    }
  /* A stable sort: equal keys keep the set's order. */
  g_ptr_array_sort (plan->items, compare_apply_order);

  if (strata_rendered_set_get_profile_name (set) == NULL)
    plan_items (task);
  else
    strata_release_record_read_async (strata_applier_get_client (self), cancellable,
                                      on_record_read, g_steal_pointer (&task));
}

/**
 * strata_applier_plan_finish:
 *
 * Returns: (transfer full): the plan
 */
StrataApplyPlan *
strata_applier_plan_finish (StrataApplier  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (STRATA_IS_APPLIER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_applier_plan_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
