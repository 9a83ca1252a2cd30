/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An apply: a rendered set onto a cluster in waves, then prune, then the
 * release record. Steps in the order they run. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-apply-private.h"
#include "strata-applier.h"

#define PRUNE_PROPAGATION "Background"

/* The state of one apply */

typedef struct
{
  StrataRenderedLayer *layer;
  guint                index;
  JsonNode            *object;  /* as rendered */
  JsonNode            *sent;    /* as sent: its namespace filled in */
} Item;

typedef struct
{
  StrataRenderedLayer *layer;
  guint                n_applied;
  gboolean             started;
  gboolean             finished;
} Progress;

typedef struct
{
  StrataApplier       *self;        /* the task's source object */
  StrataRenderedSet   *set;
  StrataReleaseRecord *previous;
  StrataReleaseRecord *record;
  GPtrArray           *items;       /* Item, in set order */
  GPtrArray           *waves;       /* GPtrArray of Item */
  GPtrArray           *progress;    /* Progress, one per layer */
  GPtrArray           *namespaces;  /* layer namespaces to make sure of */
  GPtrArray           *crds;        /* CRDs of the current wave, as sent */
  GPtrArray           *prune;       /* inventory entries (JsonNode) */
  guint                wave;
  guint                n_applied;
} Apply;

static void
item_free (Item *item)
{
  g_clear_pointer (&item->sent, json_node_unref);
  g_free (item);
}

static void
apply_free (Apply *apply)
{
  g_clear_object (&apply->set);
  g_clear_object (&apply->previous);
  g_clear_object (&apply->record);
  g_clear_pointer (&apply->waves, g_ptr_array_unref);
  g_clear_pointer (&apply->items, g_ptr_array_unref);
  g_clear_pointer (&apply->progress, g_ptr_array_unref);
  g_clear_pointer (&apply->namespaces, g_ptr_array_unref);
  g_clear_pointer (&apply->crds, g_ptr_array_unref);
  g_clear_pointer (&apply->prune, g_ptr_array_unref);
  g_free (apply);
}

static Progress *
progress_of (Apply               *apply,
             StrataRenderedLayer *layer)
{
  for (guint i = 0; i < apply->progress->len; i++)
    {
      Progress *progress = g_ptr_array_index (apply->progress, i);

      if (progress->layer == layer)
        return progress;
    }

  g_assert_not_reached ();
}

static void
progress_start (Apply    *apply,
                Progress *progress)
{
  if (progress->started)
    return;

  progress->started = TRUE;
  _strata_applier_emit_layer_started (apply->self, progress->layer);
}

static void
progress_finish (Apply    *apply,
                 Progress *progress)
{
  if (!progress->started || progress->finished)
    return;

  progress->finished = TRUE;
  _strata_applier_emit_layer_finished (apply->self, progress->layer, progress->n_applied);
}

static GPtrArray *
current_wave (Apply *apply)
{
  return g_ptr_array_index (apply->waves, apply->wave);
}

/* Waves: by priority, then by kind rank; inside a wave, set order. */
static void
build_waves (Apply *apply)
{
  guint n_layers = strata_rendered_set_get_n_layers (apply->set);

  for (guint first = 0; first < n_layers;)
    {
      int priority = strata_rendered_layer_get_priority (strata_rendered_set_get_layer (apply->set, first));
      guint end = first;

      while (end < n_layers &&
             strata_rendered_layer_get_priority (strata_rendered_set_get_layer (apply->set, end)) == priority)
        end++;

      for (guint rank = 0; rank < STRATA_RENDERED_SET_N_KIND_RANKS; rank++)
        {
          g_autoptr(GPtrArray) wave = g_ptr_array_new ();

          for (guint i = 0; i < apply->items->len; i++)
            {
              Item *item = g_ptr_array_index (apply->items, i);
              int item_priority = strata_rendered_layer_get_priority (item->layer);

              if (item_priority == priority &&
                  strata_rendered_set_kind_rank (_strata_object_get_string (item->object, "apiVersion"),
                                                 _strata_object_get_string (item->object, "kind")) == rank)
                g_ptr_array_add (wave, item);
            }

          if (wave->len > 0)
            g_ptr_array_add (apply->waves, g_steal_pointer (&wave));
        }

      first = end;
    }
}

static void
collect_items (Apply *apply)
{
  for (guint i = 0; i < strata_rendered_set_get_n_layers (apply->set); i++)
    {
      StrataRenderedLayer *layer = strata_rendered_set_get_layer (apply->set, i);
      Progress *progress = g_new0 (Progress, 1);

      progress->layer = layer;
      g_ptr_array_add (apply->progress, progress);

      for (guint j = 0; j < strata_rendered_layer_get_n_objects (layer); j++)
        {
          Item *item = g_new0 (Item, 1);

          item->layer = layer;
          item->index = j;
          item->object = strata_rendered_layer_get_object (layer, j);
          g_ptr_array_add (apply->items, item);
        }
    }
}

/* Namespaces the layers name but no Namespace object of the set makes. */
static void
collect_namespaces (Apply *apply)
{
  g_autoptr(GHashTable) declared = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < apply->items->len; i++)
    {
      Item *item = g_ptr_array_index (apply->items, i);

      if (strata_rendered_set_kind_rank (_strata_object_get_string (item->object, "apiVersion"),
                                         _strata_object_get_string (item->object, "kind")) == 0 &&
          _strata_object_get_meta (item->object, "name") != NULL)
        g_hash_table_add (declared, (gpointer)_strata_object_get_meta (item->object, "name"));
    }

  for (guint i = 0; i < strata_rendered_set_get_n_layers (apply->set); i++)
    {
      const char *namespace_ = strata_rendered_layer_get_namespace (strata_rendered_set_get_layer (apply->set, i));

      if (namespace_ != NULL && !g_hash_table_contains (declared, namespace_))
        {
          g_hash_table_add (declared, (gpointer)namespace_);
          g_ptr_array_add (apply->namespaces, g_strdup (namespace_));
        }
    }
}

static void ensure_namespaces (GTask  *task);
static void fail              (GTask  *task,
                               GError *error);
static void run_wave          (GTask  *task);
static void prune             (GTask  *task);
static void write_record      (GTask  *task);

/* Step 1: the record there is, for what to prune */

static void
on_previous_read (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Apply *apply = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  apply->previous = strata_release_record_read_finish (result, &error);
  /* A damaged record only costs the prune; a new one replaces it. */
  if (g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_INVALID))
    g_debug ("Applying without the previous release record: %s", error->message);
  else if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ensure_namespaces (task);
}

/* Step 2: the layers' namespaces exist */

static void
start_namespace (gpointer             data,
                 guint                index,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  Apply *apply = data;
  g_autoptr(JsonNode) namespace_ = _strata_namespace_new (g_ptr_array_index (apply->namespaces, index));

  strata_kube_client_create_async (strata_applier_get_client (apply->self), namespace_, 0, cancellable, callback, user_data);
}

static gboolean
finish_namespace (gpointer       data,
                  guint          index,
                  GAsyncResult  *result,
                  GError       **error)
{
  Apply *apply = data;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GError) local_error = NULL;

  if ((created = strata_kube_client_create_finish (strata_applier_get_client (apply->self), result, &local_error)) ||
      g_error_matches (local_error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_ALREADY_EXISTS))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
on_namespaces_ready (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!_strata_work_run_finish (result, &error))
    fail (task, error);
  else
    run_wave (task);
}

static void
ensure_namespaces (GTask *task)
{
  Apply *apply = g_task_get_task_data (task);

  _strata_work_run_async (apply->namespaces->len, _strata_applier_get_window (apply->self),
                          start_namespace, finish_namespace, apply, g_task_get_cancellable (task),
                          on_namespaces_ready, g_object_ref (task));
}

/* Step 3: the waves; inside one, each object: its kind and namespace,
 * then server-side apply. A CRD holds the next wave until it is served. */

typedef struct
{
  Apply *apply;
  Item  *item;
} ItemRun;

static void
fail (GTask  *task,
      GError *error)
{
  Apply *apply = g_task_get_task_data (task);

  for (guint i = 0; i < apply->progress->len; i++)
    progress_finish (apply, g_ptr_array_index (apply->progress, i));

  if (strata_rendered_set_get_profile_name (apply->set) == NULL)
    g_task_return_new_error (task, error->domain, error->code,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "%s. The apply stopped: %u of %u object was applied.",
                                          "%s. The apply stopped: %u of %u objects were applied.",
                                          apply->items->len),
                             error->message, apply->n_applied, apply->items->len);
  else
    g_task_return_new_error (task, error->domain, error->code,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "%s. The apply stopped: %u of %u object was applied; nothing was pruned and the previous release record was kept.",
                                          "%s. The apply stopped: %u of %u objects were applied; nothing was pruned and the previous release record was kept.",
                                          apply->items->len),
                             error->message, apply->n_applied, apply->items->len);
  g_error_free (error);
}

static void
on_item_applied (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *applied;

  if (!(applied = strata_kube_client_apply_finish (STRATA_KUBE_CLIENT (object), result, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, applied, (GDestroyNotify)json_node_unref);
}

static void
on_item_prepared (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ItemRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!(run->item->sent = _strata_object_prepare_finish (result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  strata_kube_client_apply_async (strata_applier_get_client (run->apply->self), run->item->sent, STRATA_FIELD_MANAGER,
                                  STRATA_KUBE_REQUEST_FORCE, g_task_get_cancellable (task),
                                  on_item_applied, g_object_ref (task));
}

static void
start_item (gpointer             data,
            guint                index,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  Apply *apply = data;
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ItemRun *run = g_new0 (ItemRun, 1);

  run->apply = apply;
  run->item = g_ptr_array_index (current_wave (apply), index);
  g_clear_pointer (&run->item->sent, json_node_unref);
  g_task_set_source_tag (task, start_item);
  g_task_set_task_data (task, run, g_free);

  _strata_object_prepare_async (strata_applier_get_client (apply->self), run->item->object,
                                strata_rendered_layer_get_namespace (run->item->layer),
                                cancellable, on_item_prepared, g_steal_pointer (&task));
}

static gboolean
finish_item (gpointer       data,
             guint          index,
             GAsyncResult  *result,
             GError       **error)
{
  Apply *apply = data;
  Item *item = g_ptr_array_index (current_wave (apply), index);
  Progress *progress = progress_of (apply, item->layer);
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(applied = g_task_propagate_pointer (G_TASK (result), &local_error)))
    {
      if (*strata_rendered_layer_get_name (item->layer) == '\0')
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, local_error->domain, local_error->code, _("Layer “%s”: %s"),
                     strata_rendered_layer_get_name (item->layer), local_error->message);
      return FALSE;
    }

  apply->n_applied++;
  progress->n_applied++;
  _strata_applier_emit_object_applied (apply->self, item->layer, item->index, applied);
  if (progress->n_applied == strata_rendered_layer_get_n_objects (item->layer))
    progress_finish (apply, progress);

  return TRUE;
}

static void
start_crd_wait (gpointer             data,
                guint                index,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  Apply *apply = data;

  _strata_crd_wait_async (strata_applier_get_client (apply->self), g_ptr_array_index (apply->crds, index),
                          cancellable, callback, user_data);
}

static gboolean
finish_crd_wait (gpointer       data,
                 guint          index,
                 GAsyncResult  *result,
                 GError       **error)
{
  return _strata_crd_wait_finish (result, error);
}

static void
on_crds_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Apply *apply = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_strata_work_run_finish (result, &error))
    {
      fail (task, error);
      return;
    }

  apply->wave++;
  run_wave (task);
}

static void
on_wave_applied (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Apply *apply = g_task_get_task_data (task);
  GPtrArray *wave = g_ptr_array_index (apply->waves, apply->wave);
  GError *error = NULL;

  if (!_strata_work_run_finish (result, &error))
    {
      fail (task, error);
      return;
    }

  /* Custom resources of a later wave need their kinds served. */
  g_ptr_array_set_size (apply->crds, 0);
  for (guint i = 0; i < wave->len; i++)
    {
      Item *item = g_ptr_array_index (wave, i);

      if (_strata_object_is_crd (item->sent))
        g_ptr_array_add (apply->crds, json_node_ref (item->sent));
    }

  _strata_work_run_async (apply->crds->len, _strata_applier_get_window (apply->self), start_crd_wait, finish_crd_wait,
                          apply, g_task_get_cancellable (task), on_crds_ready, g_object_ref (task));
}

static void
run_wave (GTask *task)
{
  Apply *apply = g_task_get_task_data (task);
  GPtrArray *wave;

  if (apply->wave == apply->waves->len)
    {
      prune (task);
      return;
    }

  wave = g_ptr_array_index (apply->waves, apply->wave);
  for (guint i = 0; i < wave->len; i++)
    progress_start (apply, progress_of (apply, ((Item *)g_ptr_array_index (wave, i))->layer));

  _strata_work_run_async (wave->len, _strata_applier_get_window (apply->self), start_item, finish_item,
                          apply, g_task_get_cancellable (task), on_wave_applied, g_object_ref (task));
}

/* Step 4: prune what is no longer rendered */

static void
collect_prune (Apply *apply)
{
  g_autoptr(GPtrArray) sent = g_ptr_array_new ();

  for (guint i = 0; i < apply->items->len; i++)
    g_ptr_array_add (sent, ((Item *)g_ptr_array_index (apply->items, i))->sent);

  g_clear_pointer (&apply->prune, g_ptr_array_unref);
  apply->prune = _strata_apply_prune_entries (apply->previous, sent);
}

static void
start_prune (gpointer             data,
             guint                index,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  Apply *apply = data;
  JsonNode *entry = g_ptr_array_index (apply->prune, index);

  strata_kube_client_delete_async (strata_applier_get_client (apply->self),
                                   _strata_object_get_string (entry, "apiVersion"),
                                   _strata_object_get_string (entry, "kind"),
                                   _strata_object_get_string (entry, "namespace"),
                                   _strata_object_get_string (entry, "name"),
                                   PRUNE_PROPAGATION, 0, cancellable, callback, user_data);
}

static gboolean
finish_prune (gpointer       data,
              guint          index,
              GAsyncResult  *result,
              GError       **error)
{
  Apply *apply = data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) local_error = NULL;

  answer = strata_kube_client_delete_finish (strata_applier_get_client (apply->self), result, &local_error);
  /* Gone already, or its CRD went first: nothing left to delete. */
  if (answer == NULL &&
      !g_error_matches (local_error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND) &&
      !g_error_matches (local_error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  _strata_applier_emit_object_pruned (apply->self, g_ptr_array_index (apply->prune, index));
  return TRUE;
}

static void
on_pruned (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!_strata_work_run_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    write_record (task);
}

static void
prune (GTask *task)
{
  Apply *apply = g_task_get_task_data (task);

  /* Layers without objects had no wave to start them. */
  for (guint i = 0; i < apply->progress->len; i++)
    {
      progress_start (apply, g_ptr_array_index (apply->progress, i));
      progress_finish (apply, g_ptr_array_index (apply->progress, i));
    }

  if (strata_rendered_set_get_profile_name (apply->set) == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (apply->previous != NULL)
    collect_prune (apply);

  _strata_work_run_async (apply->prune->len, _strata_applier_get_window (apply->self), start_prune, finish_prune,
                          apply, g_task_get_cancellable (task), on_pruned, g_object_ref (task));
}

/* Step 5: the release record, last */

static void
on_record_written (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Apply *apply = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!strata_release_record_write_finish (STRATA_RELEASE_RECORD (object), result, &error))
    {
      g_prefix_error (&error, _("Every object was applied, but the release record could not be written: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&apply->record), g_object_unref);
}

static void
write_record (GTask *task)
{
  Apply *apply = g_task_get_task_data (task);

  apply->record = strata_release_record_new_from_set (apply->set);
  for (guint i = 0; i < apply->items->len; i++)
    {
      Item *item = g_ptr_array_index (apply->items, i);

      strata_release_record_add_object (apply->record, strata_rendered_layer_get_name (item->layer), item->sent);
    }

  strata_release_record_write_async (apply->record, strata_applier_get_client (apply->self), g_task_get_cancellable (task),
                                     on_record_written, g_object_ref (task));
}

void
strata_applier_apply_async (StrataApplier       *self,
                            StrataRenderedSet   *set,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Apply *apply;

  g_return_if_fail (STRATA_IS_APPLIER (self));
  g_return_if_fail (STRATA_IS_RENDERED_SET (set));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_applier_apply_async);

  apply = g_new0 (Apply, 1);
  apply->self = self;
  apply->set = g_object_ref (set);
  apply->items = g_ptr_array_new_with_free_func ((GDestroyNotify)item_free);
  apply->waves = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  apply->progress = g_ptr_array_new_with_free_func (g_free);
  apply->namespaces = g_ptr_array_new_with_free_func (g_free);
  apply->crds = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  apply->prune = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_task_set_task_data (task, apply, (GDestroyNotify)apply_free);

  collect_items (apply);
  collect_namespaces (apply);
  build_waves (apply);

  if (strata_rendered_set_get_profile_name (set) == NULL)
    ensure_namespaces (task);
  else
    strata_release_record_read_async (strata_applier_get_client (self), cancellable, on_previous_read, g_steal_pointer (&task));
}

gboolean
strata_applier_apply_finish (StrataApplier        *self,
                             GAsyncResult         *result,
                             StrataReleaseRecord **record,
                             GError              **error)
{
  g_autoptr(StrataReleaseRecord) written = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (STRATA_IS_APPLIER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_applier_apply_async, FALSE);

  written = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (record != NULL)
    *record = g_steal_pointer (&written);
  return TRUE;
}
