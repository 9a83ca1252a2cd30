/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the apply engine: object identity, JSON copies, the bounded
 * work queue that runs a wave, and waiting for CRDs. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-apply-private.h"
#include "strata-json.h"

/* How long to wait for a new CustomResourceDefinition to be served before
 * applying its custom resources. */
#define CRD_WAIT_USEC (60 * G_USEC_PER_SEC)
#define CRD_POLL_MSEC 250

void
_strata_object_unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* JSON */

const char *
_strata_object_get_string (JsonNode   *object,
                           const char *member)
{
  if (object == NULL || !JSON_NODE_HOLDS_OBJECT (object))
    return NULL;

  return strata_json_object_get_string (json_node_get_object (object), member);
}

const char *
_strata_object_get_meta (JsonNode   *object,
                         const char *member)
{
  if (object == NULL || !JSON_NODE_HOLDS_OBJECT (object))
    return NULL;

  return strata_json_object_get_string (strata_json_object_get_object (json_node_get_object (object), "metadata"),
                                        member);
}

/* A copy with metadata.namespace set; the rest is shared, read-only. */
JsonNode *
_strata_object_with_namespace (JsonNode   *object,
                               const char *namespace_)
{
  JsonObject *source = json_node_get_object (object);
  JsonObject *source_metadata = strata_json_object_get_object (source, "metadata");
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(JsonObject) metadata = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (source);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "metadata"))
      json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (source, l->data)));

  if (source_metadata != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (source_metadata);

      for (GList *l = names; l != NULL; l = l->next)
        json_object_set_member (metadata, l->data, json_node_copy (json_object_get_member (source_metadata, l->data)));
    }
  json_object_set_string_member (metadata, "namespace", namespace_);
  json_object_set_object_member (copy, "metadata", g_steal_pointer (&metadata));

  return json_node_init_object (json_node_alloc (), copy);
}

char *
_strata_object_key (const char *api_version,
                    const char *kind,
                    const char *namespace_,
                    const char *name)
{
  g_autofree char *group = _strata_api_group (api_version);

  return g_strdup_printf ("%s/%s/%s/%s", group, kind ? kind : "", namespace_ ? namespace_ : "", name ? name : "");
}

char *
_strata_object_key_of (JsonNode *object)
{
  return _strata_object_key (_strata_object_get_string (object, "apiVersion"),
                             _strata_object_get_string (object, "kind"),
                             _strata_object_get_meta (object, "namespace"),
                             _strata_object_get_meta (object, "name"));
}

GPtrArray *
_strata_apply_prune_entries (StrataReleaseRecord *previous,
                             GPtrArray           *sent)
{
  g_autoptr(GHashTable) applied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) used_namespaces = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *prune = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  JsonArray *inventory = previous != NULL ? strata_release_record_get_inventory (previous) : NULL;

  if (inventory == NULL)
    return prune;

  g_hash_table_add (used_namespaces, (gpointer)STRATA_RELEASE_RECORD_NAMESPACE);
  for (guint i = 0; i < sent->len; i++)
    {
      JsonNode *object = g_ptr_array_index (sent, i);
      const char *namespace_ = _strata_object_get_meta (object, "namespace");

      g_hash_table_add (applied, _strata_object_key_of (object));
      if (namespace_ != NULL)
        g_hash_table_add (used_namespaces, (gpointer)namespace_);
    }

  for (guint i = json_array_get_length (inventory); i > 0; i--)
    {
      JsonNode *entry = json_array_get_element (inventory, i - 1);
      const char *api_version = _strata_object_get_string (entry, "apiVersion");
      const char *kind = _strata_object_get_string (entry, "kind");
      const char *name = _strata_object_get_string (entry, "name");
      g_autofree char *key = _strata_object_key (api_version, kind, _strata_object_get_string (entry, "namespace"), name);

      if (api_version == NULL || kind == NULL || name == NULL || g_hash_table_contains (applied, key) ||
          strata_release_record_entry_is_kept (entry))
        continue;
      if (strata_rendered_set_kind_rank (api_version, kind) == 0 && g_hash_table_contains (used_namespaces, name))
        continue;

      g_ptr_array_add (prune, json_node_ref (entry));
    }

  return prune;
}

char *
_strata_object_describe (JsonNode *object)
{
  const char *kind = _strata_object_get_string (object, "kind");
  const char *namespace_ = _strata_object_get_meta (object, "namespace");
  const char *name = _strata_object_get_meta (object, "name");

  if (namespace_ != NULL)
    return g_strdup_printf ("%s %s/%s", kind ? kind : "?", namespace_, name ? name : "?");
  return g_strdup_printf ("%s %s", kind ? kind : "?", name ? name : "?");
}

JsonNode *
_strata_namespace_new (const char *name)
{
  g_autoptr(JsonObject) namespace_ = json_object_new ();
  g_autoptr(JsonObject) metadata = json_object_new ();
  g_autoptr(JsonObject) labels = json_object_new ();

  json_object_set_string_member (labels, "app.kubernetes.io/managed-by", "strata");
  json_object_set_string_member (metadata, "name", name);
  json_object_set_object_member (metadata, "labels", g_steal_pointer (&labels));
  json_object_set_string_member (namespace_, "apiVersion", "v1");
  json_object_set_string_member (namespace_, "kind", "Namespace");
  json_object_set_object_member (namespace_, "metadata", g_steal_pointer (&metadata));

  return json_node_init_object (json_node_alloc (), namespace_);
}

const char *
_strata_client_namespace (StrataKubeClient *client)
{
  const char *namespace_ = strata_kube_endpoint_get_namespace (strata_kube_client_get_endpoint (client));

  return namespace_ != NULL && *namespace_ != '\0' ? namespace_ : "default";
}

/* The work queue */

typedef struct
{
  guint             n_items;
  guint             max_in_flight;
  guint             next;
  guint             in_flight;
  StrataWorkStart   start;
  StrataWorkFinish  finish;
  gpointer          data;
  GError           *error;
} WorkRun;

typedef struct
{
  GTask *task;
  guint  index;
} WorkItem;

static void
work_run_free (WorkRun *run)
{
  g_clear_error (&run->error);
  g_free (run);
}

static void work_launch (GTask *task);

static void
on_work_item_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  WorkItem *item = user_data;
  g_autoptr(GTask) task = item->task;
  WorkRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!run->finish (run->data, item->index, result, &error) && run->error == NULL)
    run->error = g_steal_pointer (&error);

  run->in_flight--;
  g_free (item);
  work_launch (task);
}

static void
work_launch (GTask *task)
{
  WorkRun *run = g_task_get_task_data (task);

  while (run->error == NULL && run->next < run->n_items && run->in_flight < run->max_in_flight)
    {
      WorkItem *item = g_new0 (WorkItem, 1);

      item->task = g_object_ref (task);
      item->index = run->next++;
      run->in_flight++;
      run->start (run->data, item->index, g_task_get_cancellable (task), on_work_item_done, item);
    }

  if (run->in_flight > 0)
    return;

  if (run->error != NULL)
    g_task_return_error (task, g_steal_pointer (&run->error));
  else if (run->next == run->n_items)
    g_task_return_boolean (task, TRUE);
}

void
_strata_work_run_async (guint                n_items,
                        guint                max_in_flight,
                        StrataWorkStart      start,
                        StrataWorkFinish     finish,
                        gpointer             data,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  WorkRun *run = g_new0 (WorkRun, 1);

  run->n_items = n_items;
  run->max_in_flight = MAX (max_in_flight, 1);
  run->start = start;
  run->finish = finish;
  run->data = data;
  g_task_set_source_tag (task, _strata_work_run_async);
  g_task_set_task_data (task, run, (GDestroyNotify)work_run_free);

  work_launch (task);
}

gboolean
_strata_work_run_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Preparing an object: its kind, and the namespace it goes to */

typedef struct
{
  JsonNode *object;
  char     *namespace_;
} Prepare;

static void
prepare_free (Prepare *prepare)
{
  json_node_unref (prepare->object);
  g_free (prepare->namespace_);
  g_free (prepare);
}

static void
on_prepare_resolved (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataKubeClient *client = STRATA_KUBE_CLIENT (object);
  Prepare *prepare = g_task_get_task_data (task);
  g_autoptr(StrataKubeResource) resource = NULL;
  g_autoptr(GError) error = NULL;
  const char *namespace_ = _strata_object_get_meta (prepare->object, "namespace");

  if (!(resource = strata_kube_client_resolve_finish (client, result, &error)))
    {
      g_autofree char *description = _strata_object_describe (prepare->object);

      g_task_return_new_error (task, error->domain, error->code, "%s: %s", description, error->message);
      return;
    }

  if (!strata_kube_resource_is_namespaced (resource) || (namespace_ != NULL && *namespace_ != '\0'))
    {
      g_task_return_pointer (task, json_node_ref (prepare->object), (GDestroyNotify)json_node_unref);
      return;
    }

  g_task_return_pointer (task,
                         _strata_object_with_namespace (prepare->object,
                                                        prepare->namespace_ ? prepare->namespace_
                                                                            : _strata_client_namespace (client)),
                         (GDestroyNotify)json_node_unref);
}

void
_strata_object_prepare_async (StrataKubeClient    *client,
                              JsonNode            *object,
                              const char          *namespace_,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Prepare *prepare = g_new0 (Prepare, 1);
  const char *api_version = _strata_object_get_string (object, "apiVersion");
  const char *kind = _strata_object_get_string (object, "kind");

  prepare->object = json_node_ref (object);
  prepare->namespace_ = g_strdup (namespace_);
  g_task_set_source_tag (task, _strata_object_prepare_async);
  g_task_set_task_data (task, prepare, (GDestroyNotify)prepare_free);

  if (api_version == NULL || kind == NULL || _strata_object_get_meta (object, "name") == NULL)
    {
      g_task_return_new_error (task, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_INVALID,
                               _("An object has no apiVersion, kind or metadata.name; every Kubernetes object needs all three"));
      return;
    }

  strata_kube_client_resolve_async (client, api_version, kind, cancellable,
                                    on_prepare_resolved, g_steal_pointer (&task));
}

JsonNode *
_strata_object_prepare_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Probing an object: live and dry-run at once */

typedef struct
{
  JsonNode *live;
  JsonNode *merged;
  GError   *error;
  guint     pending;
} Probe;

typedef struct
{
  JsonNode *live;
  JsonNode *merged;
} ProbeResult;

static void
probe_free (Probe *probe)
{
  g_clear_pointer (&probe->live, json_node_unref);
  g_clear_pointer (&probe->merged, json_node_unref);
  g_clear_error (&probe->error);
  g_free (probe);
}

static void
probe_result_free (ProbeResult *result)
{
  g_clear_pointer (&result->live, json_node_unref);
  g_clear_pointer (&result->merged, json_node_unref);
  g_free (result);
}

static void
probe_step_done (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);
  ProbeResult *result;

  if (--probe->pending > 0)
    return;

  if (probe->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&probe->error));
      return;
    }

  result = g_new0 (ProbeResult, 1);
  result->live = g_steal_pointer (&probe->live);
  result->merged = g_steal_pointer (&probe->merged);
  g_task_return_pointer (task, result, (GDestroyNotify)probe_result_free);
}

static void
on_probe_live (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  probe->live = strata_kube_client_get_finish (STRATA_KUBE_CLIENT (object), result, &error);
  if (probe->live == NULL && !g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND) &&
      probe->error == NULL)
    probe->error = g_steal_pointer (&error);

  probe_step_done (task);
}

static void
on_probe_dry_run (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A 404 here is the namespace: the object itself would be created. */
  probe->merged = strata_kube_client_apply_finish (STRATA_KUBE_CLIENT (object), result, &error);
  if (probe->merged == NULL && !g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND) &&
      probe->error == NULL)
    probe->error = g_steal_pointer (&error);

  probe_step_done (task);
}

void
_strata_object_probe_async (StrataKubeClient    *client,
                            JsonNode            *object,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Probe *probe = g_new0 (Probe, 1);

  probe->pending = 2;
  g_task_set_source_tag (task, _strata_object_probe_async);
  g_task_set_task_data (task, probe, (GDestroyNotify)probe_free);

  strata_kube_client_get_async (client, _strata_object_get_string (object, "apiVersion"),
                                _strata_object_get_string (object, "kind"),
                                _strata_object_get_meta (object, "namespace"),
                                _strata_object_get_meta (object, "name"),
                                cancellable, on_probe_live, g_object_ref (task));
  strata_kube_client_apply_async (client, object, STRATA_FIELD_MANAGER,
                                  STRATA_KUBE_REQUEST_DRY_RUN | STRATA_KUBE_REQUEST_FORCE,
                                  cancellable, on_probe_dry_run, g_object_ref (task));
}

gboolean
_strata_object_probe_finish (GAsyncResult  *result,
                             JsonNode     **live,
                             JsonNode     **merged,
                             GError       **error)
{
  ProbeResult *probe;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (!(probe = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  *live = g_steal_pointer (&probe->live);
  *merged = g_steal_pointer (&probe->merged);
  probe_result_free (probe);
  return TRUE;
}

/* CustomResourceDefinitions */

gboolean
_strata_object_is_crd (JsonNode *object)
{
  g_autofree char *group = _strata_api_group (_strata_object_get_string (object, "apiVersion"));

  return g_str_equal (group, "apiextensions.k8s.io") &&
         g_strcmp0 (_strata_object_get_string (object, "kind"), "CustomResourceDefinition") == 0;
}

static JsonObject *
crd_spec (JsonNode *crd)
{
  return strata_json_object_get_object (json_node_get_object (crd), "spec");
}

JsonNode *
_strata_rendered_set_find_crd (StrataRenderedSet *set,
                               const char        *api_version,
                               const char        *kind)
{
  g_autofree char *group = _strata_api_group (api_version);

  for (guint i = 0; i < strata_rendered_set_get_n_layers (set); i++)
    {
      StrataRenderedLayer *layer = strata_rendered_set_get_layer (set, i);

      for (guint j = 0; j < strata_rendered_layer_get_n_objects (layer); j++)
        {
          JsonNode *object = strata_rendered_layer_get_object (layer, j);
          JsonObject *spec;

          if (!_strata_object_is_crd (object))
            continue;
          spec = crd_spec (object);
          if (g_strcmp0 (strata_json_object_get_string (spec, "group"), group) == 0 &&
              g_strcmp0 (strata_json_object_get_string (strata_json_object_get_object (spec, "names"), "kind"), kind) == 0)
            return object;
        }
    }

  return NULL;
}

static gboolean
crd_is_established (JsonNode *crd)
{
  JsonObject *status = strata_json_object_get_object (json_node_get_object (crd), "status");
  JsonArray *conditions = strata_json_object_get_array (status, "conditions");

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonNode *condition = json_array_get_element (conditions, i);

      if (g_strcmp0 (_strata_object_get_string (condition, "type"), "Established") == 0 &&
          g_strcmp0 (_strata_object_get_string (condition, "status"), "True") == 0)
        return TRUE;
    }

  return FALSE;
}

/* The CRD's first served group-version, to see when discovery has it. */
static char *
crd_group_version (JsonNode *crd)
{
  JsonObject *spec = crd_spec (crd);
  const char *group = strata_json_object_get_string (spec, "group");
  JsonArray *versions = strata_json_object_get_array (spec, "versions");

  if (group == NULL)
    return NULL;

  for (guint i = 0; versions != NULL && i < json_array_get_length (versions); i++)
    {
      JsonNode *version = json_array_get_element (versions, i);
      JsonNode *served = JSON_NODE_HOLDS_OBJECT (version)
        ? json_object_get_member (json_node_get_object (version), "served") : NULL;

      if (_strata_object_get_string (version, "name") != NULL &&
          (served == NULL || !JSON_NODE_HOLDS_VALUE (served) || json_node_get_boolean (served)))
        return g_strdup_printf ("%s/%s", group, _strata_object_get_string (version, "name"));
    }

  if (strata_json_object_get_string (spec, "version") != NULL)
    return g_strdup_printf ("%s/%s", group, strata_json_object_get_string (spec, "version"));

  return NULL;
}

typedef struct
{
  StrataKubeClient *client;
  JsonNode         *crd;
  char             *group_version;
  gint64            deadline;
  gboolean          established;
} CrdWait;

static void
crd_wait_free (CrdWait *wait)
{
  g_object_unref (wait->client);
  json_node_unref (wait->crd);
  g_free (wait->group_version);
  g_free (wait);
}

static void crd_wait_poll (GTask *task);

static gboolean
on_crd_wait_timeout (gpointer user_data)
{
  crd_wait_poll (G_TASK (user_data));
  return G_SOURCE_REMOVE;
}

static void
crd_wait_again (GTask *task)
{
  CrdWait *wait = g_task_get_task_data (task);
  g_autoptr(GSource) source = NULL;

  if (g_get_monotonic_time () > wait->deadline)
    {
      g_task_return_new_error (task, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TIMEOUT,
                               _("the CustomResourceDefinition %s was not established within %d seconds"),
                               _strata_object_get_meta (wait->crd, "name"), (int)(CRD_WAIT_USEC / G_USEC_PER_SEC));
      return;
    }

  source = g_timeout_source_new (CRD_POLL_MSEC);
  g_task_attach_source (task, source, on_crd_wait_timeout);
}

static void
on_crd_kind_resolved (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(StrataKubeResource) resource = NULL;
  g_autoptr(GError) error = NULL;

  if ((resource = strata_kube_client_resolve_finish (STRATA_KUBE_CLIENT (object), result, &error)))
    g_task_return_boolean (task, TRUE);
  else if (g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_UNKNOWN_KIND))
    crd_wait_again (task);  /* Established comes a moment before discovery serves the kind */
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
crd_resolve_kind (GTask *task)
{
  CrdWait *wait = g_task_get_task_data (task);
  const char *kind = strata_json_object_get_string (strata_json_object_get_object (crd_spec (wait->crd), "names"), "kind");

  if (kind == NULL || wait->group_version == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  strata_kube_client_resolve_async (wait->client, wait->group_version, kind, g_task_get_cancellable (task),
                                    on_crd_kind_resolved, g_object_ref (task));
}

static void
on_crd_got (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CrdWait *wait = g_task_get_task_data (task);
  g_autoptr(JsonNode) live = NULL;
  g_autoptr(GError) error = NULL;

  if (!(live = strata_kube_client_get_finish (STRATA_KUBE_CLIENT (object), result, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else if ((wait->established = crd_is_established (live)))
    crd_resolve_kind (task);
  else
    crd_wait_again (task);
}

static void
crd_wait_poll (GTask *task)
{
  CrdWait *wait = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (wait->established)
    crd_resolve_kind (task);
  else
    strata_kube_client_get_async (wait->client, _strata_object_get_string (wait->crd, "apiVersion"),
                                  "CustomResourceDefinition", NULL, _strata_object_get_meta (wait->crd, "name"),
                                  g_task_get_cancellable (task), on_crd_got, g_object_ref (task));
}

void
_strata_crd_wait_async (StrataKubeClient    *client,
                        JsonNode            *crd,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  CrdWait *wait = g_new0 (CrdWait, 1);

  wait->client = g_object_ref (client);
  wait->crd = json_node_ref (crd);
  wait->group_version = crd_group_version (crd);
  wait->deadline = g_get_monotonic_time () + CRD_WAIT_USEC;
  g_task_set_source_tag (task, _strata_crd_wait_async);
  g_task_set_task_data (task, wait, (GDestroyNotify)crd_wait_free);

  crd_wait_poll (task);
}

gboolean
_strata_crd_wait_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
