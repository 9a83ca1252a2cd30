/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keeps every cluster's status current: after loading, when a record is
 * added, when asked, and every few minutes. The checks run on the
 * manager's async API, so the window never waits for a slow cluster; one
 * check per cluster at a time. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-aws-credentials-provider.h"
#include "strata-aws-eks-clusters.h"
#include "strata-status-monitor.h"

/* A cluster that does not answer is Unreachable after this long, not 30 s. */
#define CHECK_TIMEOUT_SECONDS 15

struct _StrataStatusMonitor
{
  GObject               parent_instance;

  StrataClusterStore   *store;
  StrataSandboxService *sandbox;
  StrataPackRegistry   *registry;
  StrataClusterManager *manager;
  GCancellable         *cancellable;
  /* The clusters being checked now (records, not names: a reload
   * replaces them). */
  GHashTable           *checking;
  /* Those asked for again while their check ran. */
  GHashTable           *again;
  guint                 timer_id;
  /* The records and profiles are loaded: checks before would fail. */
  guint                 started : 1;
  guint                 refresh_when_ready : 1;
};

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_CHECKING,
  N_PROPS
};

enum {
  CHECKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StrataStatusMonitor, strata_status_monitor, G_TYPE_OBJECT)

typedef struct
{
  StrataStatusMonitor *self;
  StrataCluster       *cluster;
  char                *name;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cluster);
  g_free (data->name);
  g_free (data);
}

static void start_check (StrataStatusMonitor *self,
                         StrataCluster       *cluster,
                         gboolean             again);

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CheckData *data = user_data;
  StrataStatusMonitor *self = data->self;
  g_autoptr(StrataClusterCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  gboolean again;

  check = strata_cluster_manager_check_finish (STRATA_CLUSTER_MANAGER (object), result, &error);
  g_hash_table_remove (self->checking, data->cluster);
  again = g_hash_table_remove (self->again, data->cluster);

  if (check != NULL)
    g_signal_emit (self, signals[CHECKED], 0, data->cluster, check);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Checking cluster %s failed: %s", data->name, error->message);

  /* A record removed meanwhile is not checked again. */
  if (again && check != NULL &&
      strata_cluster_store_find_cluster (self->store, data->name) == data->cluster)
    start_check (self, data->cluster, FALSE);

  if (g_hash_table_size (self->checking) == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
  check_data_free (data);
}

/* The sandbox's own state says more than a refused connection: while it
 * is not running, its records keep what the application set. */
static gboolean
can_check (StrataStatusMonitor *self,
           StrataCluster       *cluster)
{
  if (strata_cluster_get_source (cluster) != STRATA_CLUSTER_SOURCE_SANDBOX)
    return TRUE;
  return self->sandbox != NULL && strata_sandbox_service_get_running (self->sandbox);
}

/* @again: whether a check under way is followed by another (the record
 * changed since it began), or counts as this one. */
static void
start_check (StrataStatusMonitor *self,
             StrataCluster       *cluster,
             gboolean             again)
{
  const char *name = strata_cluster_get_name (cluster);
  CheckData *data;

  if (self->manager == NULL || !self->started)
    {
      self->refresh_when_ready = TRUE;
      return;
    }
  if (!can_check (self, cluster))
    return;
  if (g_hash_table_contains (self->checking, cluster))
    {
      if (again)
        g_hash_table_add (self->again, cluster);
      return;
    }

  data = g_new0 (CheckData, 1);
  data->self = g_object_ref (self);
  data->cluster = g_object_ref (cluster);
  data->name = g_strdup (name);
  g_hash_table_add (self->checking, cluster);
  if (g_hash_table_size (self->checking) == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);

  strata_cluster_manager_check_async (self->manager, cluster, self->cancellable, check_cb, data);
}

/**
 * strata_status_monitor_refresh:
 *
 * Checks every cluster of the store; a check under way counts as done.
 */
void
strata_status_monitor_refresh (StrataStatusMonitor *self)
{
  GListModel *clusters;
  guint n;

  g_return_if_fail (STRATA_IS_STATUS_MONITOR (self));

  if (self->manager == NULL || !self->started)
    {
      self->refresh_when_ready = TRUE;
      return;
    }

  clusters = strata_cluster_store_get_clusters (self->store);
  n = g_list_model_get_n_items (clusters);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataCluster) cluster = g_list_model_get_item (clusters, i);

      start_check (self, cluster, FALSE);
    }
}

void
strata_status_monitor_refresh_cluster (StrataStatusMonitor *self,
                                       StrataCluster       *cluster)
{
  g_return_if_fail (STRATA_IS_STATUS_MONITOR (self));
  g_return_if_fail (STRATA_IS_CLUSTER (cluster));

  start_check (self, cluster, TRUE);
}

static gboolean
on_timer (gpointer user_data)
{
  strata_status_monitor_refresh (STRATA_STATUS_MONITOR (user_data));
  return G_SOURCE_CONTINUE;
}

void
strata_status_monitor_set_interval (StrataStatusMonitor *self,
                                    guint                minutes)
{
  g_return_if_fail (STRATA_IS_STATUS_MONITOR (self));

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (minutes > 0)
    self->timer_id = g_timeout_add_seconds (minutes * 60, on_timer, self);
}

/* New records are checked as they come. */
static void
on_clusters_changed (StrataStatusMonitor *self,
                     guint                position,
                     guint                removed,
                     guint                added,
                     GListModel          *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(StrataCluster) cluster = g_list_model_get_item (model, i);

      if (self->started)
        start_check (self, cluster, FALSE);
    }
}

/* EKS records connect with Strata's own EKS token, from the standard AWS
 * credential chain and the keys kept in the keyring: no aws binary. */
static void
set_eks_resolver (StrataStatusMonitor *self)
{
  g_autoptr(StrataAwsCredentialsProvider) provider = strata_aws_credentials_provider_new (NULL);
  g_autoptr(StrataAwsEksClusters) eks = strata_aws_eks_clusters_new (provider, self->store);

  strata_cluster_manager_set_resolver (self->manager, STRATA_CLUSTER_RESOLVER (eks));
}

static void
registry_load_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(StrataStatusMonitor) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A registry that failed whole still gives a manager: clusters without
   * pack layers can be checked, and the others say which pack is missing. */
  if (!strata_pack_registry_load_finish (STRATA_PACK_REGISTRY (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not load the pack registry: %s", error->message);
    }

  self->manager = strata_cluster_manager_new (self->store, self->registry);
  strata_cluster_manager_set_timeout (self->manager, CHECK_TIMEOUT_SECONDS);
  set_eks_resolver (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANAGER]);

  if (self->refresh_when_ready && self->started)
    {
      self->refresh_when_ready = FALSE;
      strata_status_monitor_refresh (self);
    }
}

/**
 * strata_status_monitor_start:
 *
 * Says the records and profiles are loaded, and checks every cluster.
 */
void
strata_status_monitor_start (StrataStatusMonitor *self)
{
  g_return_if_fail (STRATA_IS_STATUS_MONITOR (self));

  self->started = TRUE;
  self->refresh_when_ready = FALSE;
  strata_status_monitor_refresh (self);
}

void
strata_status_monitor_shutdown (StrataStatusMonitor *self)
{
  g_return_if_fail (STRATA_IS_STATUS_MONITOR (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (strata_cluster_store_get_clusters (self->store), self);
}

static void
strata_status_monitor_dispose (GObject *object)
{
  StrataStatusMonitor *self = (StrataStatusMonitor *)object;

  strata_status_monitor_shutdown (self);
  g_clear_object (&self->manager);
  g_clear_object (&self->registry);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (strata_status_monitor_parent_class)->dispose (object);
}

static void
strata_status_monitor_finalize (GObject *object)
{
  StrataStatusMonitor *self = (StrataStatusMonitor *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->checking, g_hash_table_unref);
  g_clear_pointer (&self->again, g_hash_table_unref);

  G_OBJECT_CLASS (strata_status_monitor_parent_class)->finalize (object);
}

static void
strata_status_monitor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  StrataStatusMonitor *self = STRATA_STATUS_MONITOR (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;
    case PROP_CHECKING:
      g_value_set_boolean (value, strata_status_monitor_get_checking (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_status_monitor_class_init (StrataStatusMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_status_monitor_dispose;
  object_class->finalize = strata_status_monitor_finalize;
  object_class->get_property = strata_status_monitor_get_property;

  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL, STRATA_TYPE_CLUSTER_MANAGER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (StrataCluster *cluster, StrataClusterCheck *check) */
  signals[CHECKED] =
    g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  STRATA_TYPE_CLUSTER, STRATA_TYPE_CLUSTER_CHECK);
}

static void
strata_status_monitor_init (StrataStatusMonitor *self)
{
  self->cancellable = g_cancellable_new ();
  /* Each CheckData holds a reference to its cluster meanwhile. */
  self->checking = g_hash_table_new (NULL, NULL);
  self->again = g_hash_table_new (NULL, NULL);
}

StrataStatusMonitor *
strata_status_monitor_new (StrataClusterStore   *store,
                           StrataSandboxService *sandbox)
{
  StrataStatusMonitor *self;

  g_return_val_if_fail (STRATA_IS_CLUSTER_STORE (store), NULL);

  self = g_object_new (STRATA_TYPE_STATUS_MONITOR, NULL);
  self->store = g_object_ref (store);
  self->sandbox = sandbox ? g_object_ref (sandbox) : NULL;
  self->registry = strata_pack_registry_new_builtin ();
  g_signal_connect_object (strata_cluster_store_get_clusters (store), "items-changed",
                           G_CALLBACK (on_clusters_changed), self, G_CONNECT_SWAPPED);
  strata_pack_registry_load_async (self->registry, self->cancellable,
                                   registry_load_cb, g_object_ref (self));

  return self;
}

/**
 * strata_status_monitor_get_manager:
 *
 * Returns: (transfer none) (nullable): the manager, once the packs are loaded.
 */
StrataClusterManager *
strata_status_monitor_get_manager (StrataStatusMonitor *self)
{
  g_return_val_if_fail (STRATA_IS_STATUS_MONITOR (self), NULL);

  return self->manager;
}

gboolean
strata_status_monitor_get_checking (StrataStatusMonitor *self)
{
  g_return_val_if_fail (STRATA_IS_STATUS_MONITOR (self), FALSE);

  return g_hash_table_size (self->checking) > 0;
}
