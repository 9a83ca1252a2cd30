/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first steps of a check and of a plan: connect, read what the
 * cluster runs, decide which overrides are in effect (the in-place rule
 * of DESIGN §1 "Override"), and render what would be applied. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cluster-connect.h"
#include "strata-cluster-manager-private.h"
#include "strata-core-error.h"
#include "strata-json.h"
#include "strata-renderer.h"

static void
pending_clear (StrataClusterPending *pending)
{
  g_clear_object (&pending->cluster);
  g_clear_object (&pending->client);
  g_clear_pointer (&pending->kube_version, g_free);
  g_clear_object (&pending->record);
  g_clear_pointer (&pending->damaged, g_free);
  g_clear_object (&pending->version);
  g_clear_object (&pending->history);
  g_clear_pointer (&pending->notes, g_ptr_array_unref);
  g_clear_object (&pending->set);
}

StrataClusterPending *
_strata_cluster_pending_ref (StrataClusterPending *pending)
{
  return g_rc_box_acquire (pending);
}

void
_strata_cluster_pending_unref (StrataClusterPending *pending)
{
  g_rc_box_release_full (pending, (GDestroyNotify)pending_clear);
}

static void
return_pending (GTask                *task,
                StrataClusterPending *pending)
{
  g_task_return_pointer (task, _strata_cluster_pending_ref (pending), (GDestroyNotify)_strata_cluster_pending_unref);
}

static StrataClusterManager *
manager_of (GTask *task)
{
  return g_task_get_source_object (task);
}

static void on_connected       (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);
static void on_version_got     (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);
static void on_record_read     (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);
static void on_history_listed  (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);
static void decide_overrides   (GTask        *task);
static void render             (GTask        *task);
static void on_rendered        (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);

void
_strata_cluster_manager_prepare_async (StrataClusterManager  *self,
                                       StrataCluster         *cluster,
                                       StrataClusterPlanFlags flags,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  StrataClusterPending *pending;

  g_assert (STRATA_IS_CLUSTER_MANAGER (self));
  g_assert (STRATA_IS_CLUSTER (cluster));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _strata_cluster_manager_prepare_async);
  pending = g_rc_box_new0 (StrataClusterPending);
  pending->cluster = g_object_ref (cluster);
  pending->flags = flags;
  pending->notes = g_ptr_array_new_with_free_func ((GDestroyNotify)_strata_override_note_free);
  g_task_set_task_data (task, pending, (GDestroyNotify)_strata_cluster_pending_unref);

  /* Step 1: reach the cluster at all */
  _strata_cluster_manager_connect_async (self, cluster, cancellable, on_connected, g_steal_pointer (&task));
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataClusterPending *pending = g_task_get_task_data (task);
  GError *error = NULL;

  if (!(pending->client = _strata_cluster_manager_connect_finish (manager_of (task), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  strata_kube_client_get_version_async (pending->client, g_task_get_cancellable (task), on_version_got,
                                        g_object_ref (task));
}

static void
on_version_got (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataClusterPending *pending = g_task_get_task_data (task);
  g_autoptr(JsonNode) version = NULL;
  g_autoptr(GError) error = NULL;

  if (!(version = strata_kube_client_get_version_finish (pending->client, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (version))
    pending->kube_version = g_strdup (strata_json_object_get_string (json_node_get_object (version), "gitVersion"));

  /* Step 2: what it runs */
  strata_release_record_read_async (pending->client, g_task_get_cancellable (task), on_record_read, g_object_ref (task));
}

/* The rule needs the earlier revisions only when the cluster runs an
 * earlier revision of the version attached and overrides some layer. */
static gboolean
needs_history (StrataClusterPending *pending)
{
  g_auto(GStrv) overrides = strata_cluster_list_overrides (pending->cluster);

  return pending->record != NULL &&
         overrides[0] != NULL &&
         g_strcmp0 (strata_release_record_get_profile_name (pending->record),
                    strata_cluster_get_profile_name (pending->cluster)) == 0 &&
         g_strcmp0 (strata_release_record_get_version (pending->record),
                    strata_cluster_get_profile_version (pending->cluster)) == 0 &&
         strata_release_record_get_revision (pending->record) != strata_profile_version_get_revision (pending->version);
}

static void
on_record_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataClusterPending *pending = g_task_get_task_data (task);
  StrataStore *profiles = strata_cluster_store_get_profile_store (strata_cluster_manager_get_store (manager_of (task)));
  const char *profile_name = strata_cluster_get_profile_name (pending->cluster);
  const char *version_name = strata_cluster_get_profile_version (pending->cluster);
  g_autoptr(GError) error = NULL;
  StrataProfile *profile;
  StrataProfileVersion *version;

  pending->record = strata_release_record_read_finish (result, &error);
  /* A damaged record is reported, and an apply replaces it (as the
   * applier does, it then only cannot prune). */
  if (g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_INVALID))
    {
      pending->damaged = g_strdup (error->message);
      g_clear_error (&error);
    }
  else if (error != NULL)
    {
      g_prefix_error (&error, _("The release record of cluster “%s” cannot be read: "),
                      strata_cluster_get_name (pending->cluster));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (profile_name == NULL)
    {
      return_pending (task, pending);
      return;
    }

  /* Step 3: the version attached, as the profile has it now */
  if ((profile = strata_store_find_profile (profiles, profile_name)) == NULL ||
      (version = strata_profile_find_version (profile, version_name)) == NULL)
    {
      g_task_return_new_error (task, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                               _("Cluster “%s” is attached to %s@%s, which no longer exists: attach another version"),
                               strata_cluster_get_name (pending->cluster), profile_name, version_name);
      return;
    }
  pending->version = g_object_ref (version);

  if (!needs_history (pending))
    {
      decide_overrides (task);
      return;
    }

  strata_store_list_history_async (profiles, profile, version_name, g_task_get_cancellable (task),
                                   on_history_listed, g_object_ref (task));
}

static void
on_history_listed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataClusterPending *pending = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!(pending->history = strata_store_list_history_finish (STRATA_STORE (object), result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  decide_overrides (task);
}

/* Step 4: the overrides in effect */

/* (nullable) (transfer none): the version as it was at @revision. */
static StrataProfileVersion *
find_revision (StrataClusterPending *pending,
               guint                 revision)
{
  if (revision == strata_profile_version_get_revision (pending->version))
    return pending->version;

  for (guint i = 0; pending->history != NULL && i < g_list_model_get_n_items (pending->history); i++)
    {
      g_autoptr(StrataProfileVersion) item = g_list_model_get_item (pending->history, i);

      if (strata_profile_version_get_revision (item) == revision)
        return item;  /* the model keeps it alive */
    }

  return NULL;
}

static const char *
layer_values (StrataProfileVersion *version,
              const char           *layer)
{
  StrataLayer *item = strata_profile_version_find_layer (version, layer);

  return item ? strata_layer_get_values (item) : NULL;
}

/* The first revision after @recorded, up to the current one, in which
 * @layer's values differ from what they were at @recorded; 0 if none. */
static guint
first_changing_revision (StrataClusterPending *pending,
                         StrataProfileVersion *recorded,
                         const char           *layer)
{
  const char *before = layer_values (recorded, layer);
  guint current = strata_profile_version_get_revision (pending->version);

  for (guint revision = strata_profile_version_get_revision (recorded) + 1; revision <= current; revision++)
    {
      StrataProfileVersion *state = find_revision (pending, revision);

      if (state != NULL && g_strcmp0 (layer_values (state, layer), before) != 0)
        return revision;
    }

  return 0;
}

static void
decide_overrides (GTask *task)
{
  StrataClusterPending *pending = g_task_get_task_data (task);
  g_auto(GStrv) layers = strata_cluster_list_overrides (pending->cluster);
  StrataProfileVersion *recorded = NULL;

  if (pending->history != NULL)
    {
      guint revision = strata_release_record_get_revision (pending->record);

      /* A revision the store no longer has (the version was deleted and
       * made again): nothing tells what changed, so no override is lost. */
      if ((recorded = find_revision (pending, revision)) == NULL)
        g_debug ("Revision %u of %s@%s is not in the history: keeping every override of %s",
                 revision, strata_cluster_get_profile_name (pending->cluster),
                 strata_cluster_get_profile_version (pending->cluster), strata_cluster_get_name (pending->cluster));
    }

  for (guint i = 0; recorded != NULL && layers[i] != NULL; i++)
    {
      StrataOverrideNote *note;
      guint revision;

      /* An override of a layer the release did not have was made for the
       * layer as it is now. */
      if (strata_profile_version_find_layer (recorded, layers[i]) == NULL ||
          strata_profile_version_find_layer (pending->version, layers[i]) == NULL ||
          (revision = first_changing_revision (pending, recorded, layers[i])) == 0)
        continue;

      note = g_new0 (StrataOverrideNote, 1);
      note->layer = g_strdup (layers[i]);
      note->values = g_strdup (strata_cluster_get_override (pending->cluster, layers[i]));
      note->revision = revision;
      note->dropped = (pending->flags & STRATA_CLUSTER_PLAN_CARRY_OVERRIDES) == 0;
      g_ptr_array_add (pending->notes, note);
    }

  render (task);
}

static gboolean
is_dropped (StrataClusterPending *pending,
            const char           *layer)
{
  for (guint i = 0; i < pending->notes->len; i++)
    {
      StrataOverrideNote *note = g_ptr_array_index (pending->notes, i);

      if (note->dropped && g_str_equal (note->layer, layer))
        return TRUE;
    }

  return FALSE;
}

/* Step 5: what would be applied */

static void
render (GTask *task)
{
  StrataClusterPending *pending = g_task_get_task_data (task);
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (strata_cluster_manager_get_registry (manager_of (task)));
  g_auto(GStrv) layers = strata_cluster_list_overrides (pending->cluster);

  strata_renderer_set_cluster (renderer, strata_cluster_get_name (pending->cluster),
                               strata_cluster_get_eks_region (pending->cluster));
  strata_renderer_set_capabilities (renderer, pending->kube_version, NULL);
  for (guint i = 0; layers[i] != NULL; i++)
    if (!is_dropped (pending, layers[i]))
      strata_renderer_set_override (renderer, layers[i], strata_cluster_get_override (pending->cluster, layers[i]));

  strata_renderer_render_async (renderer, strata_cluster_get_profile_name (pending->cluster), pending->version,
                                g_task_get_cancellable (task), on_rendered, g_object_ref (task));
}

static void
on_rendered (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataClusterPending *pending = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!(pending->set = strata_renderer_render_finish (STRATA_RENDERER (object), result, &error)))
    {
      g_prefix_error (&error, _("%s@%s does not render for cluster “%s”: "),
                      strata_cluster_get_profile_name (pending->cluster),
                      strata_cluster_get_profile_version (pending->cluster),
                      strata_cluster_get_name (pending->cluster));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  return_pending (task, pending);
}

/**
 * _strata_cluster_manager_prepare_finish:
 *
 * Returns: (transfer full): the pending state
 */
StrataClusterPending *
_strata_cluster_manager_prepare_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_assert (G_IS_TASK (result));
  g_assert (g_task_get_source_tag (G_TASK (result)) == _strata_cluster_manager_prepare_async);

  return g_task_propagate_pointer (G_TASK (result), error);
}
