/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cluster manager: its properties and signal. What it does lives in
 * strata-cluster-manager-{prepare,status,apply,release}.c. */

#include "config.h"

#include "strata-cluster-connect.h"
#include "strata-cluster-manager-private.h"
#include "strata-kube-error.h"

struct _StrataClusterManager
{
  GObject             parent_instance;

  StrataClusterStore *store;
  StrataPackRegistry *registry;
  StrataClusterResolver *resolver;
  guint               timeout;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_REGISTRY,
  PROP_TIMEOUT,
  PROP_RESOLVER,
  N_PROPS
};

enum {
  OBJECT_DELETED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StrataClusterManager, strata_cluster_manager, G_TYPE_OBJECT)

static void
strata_cluster_manager_dispose (GObject *object)
{
  StrataClusterManager *self = (StrataClusterManager *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->registry);
  g_clear_object (&self->resolver);

  G_OBJECT_CLASS (strata_cluster_manager_parent_class)->dispose (object);
}

static void
strata_cluster_manager_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  StrataClusterManager *self = STRATA_CLUSTER_MANAGER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_REGISTRY:
      g_value_set_object (value, self->registry);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_RESOLVER:
      g_value_set_object (value, self->resolver);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_cluster_manager_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  StrataClusterManager *self = STRATA_CLUSTER_MANAGER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_REGISTRY:
      self->registry = g_value_dup_object (value);
      break;

    case PROP_TIMEOUT:
      strata_cluster_manager_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_RESOLVER:
      strata_cluster_manager_set_resolver (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_cluster_manager_class_init (StrataClusterManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_cluster_manager_dispose;
  object_class->get_property = strata_cluster_manager_get_property;
  object_class->set_property = strata_cluster_manager_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         STRATA_TYPE_CLUSTER_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGISTRY] =
    g_param_spec_object ("registry", NULL, NULL,
                         STRATA_TYPE_PACK_REGISTRY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOLVER] =
    g_param_spec_object ("resolver", NULL, NULL,
                         STRATA_TYPE_CLUSTER_RESOLVER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OBJECT_DELETED] =
    g_signal_new ("object-deleted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  JSON_TYPE_NODE);
}

static void
strata_cluster_manager_init (StrataClusterManager *self)
{
}

/**
 * strata_cluster_manager_new:
 *
 * Returns: (transfer full): a manager of the clusters in @store
 */
StrataClusterManager *
strata_cluster_manager_new (StrataClusterStore *store,
                            StrataPackRegistry *registry)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_STORE (store), NULL);
  g_return_val_if_fail (STRATA_IS_PACK_REGISTRY (registry), NULL);

  return g_object_new (STRATA_TYPE_CLUSTER_MANAGER, "store", store, "registry", registry, NULL);
}

StrataClusterStore *
strata_cluster_manager_get_store (StrataClusterManager *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_MANAGER (self), NULL);

  return self->store;
}

StrataPackRegistry *
strata_cluster_manager_get_registry (StrataClusterManager *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_MANAGER (self), NULL);

  return self->registry;
}

guint
strata_cluster_manager_get_timeout (StrataClusterManager *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_MANAGER (self), 0);

  return self->timeout;
}

void
strata_cluster_manager_set_timeout (StrataClusterManager *self,
                                    guint                 seconds)
{
  g_return_if_fail (STRATA_IS_CLUSTER_MANAGER (self));

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

StrataClusterResolver *
strata_cluster_manager_get_resolver (StrataClusterManager *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_MANAGER (self), NULL);

  return self->resolver;
}

void
strata_cluster_manager_set_resolver (StrataClusterManager  *self,
                                     StrataClusterResolver *resolver)
{
  g_return_if_fail (STRATA_IS_CLUSTER_MANAGER (self));
  g_return_if_fail (resolver == NULL || STRATA_IS_CLUSTER_RESOLVER (resolver));

  if (g_set_object (&self->resolver, resolver))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOLVER]);
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataClusterManager *self = g_task_get_source_object (task);
  StrataKubeClient *client;
  GError *error = NULL;

  if (!(client = strata_cluster_connect_finish (result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->timeout > 0)
    strata_kube_client_set_timeout (client, self->timeout);
  g_task_return_pointer (task, client, g_object_unref);
}

void
_strata_cluster_manager_connect_async (StrataClusterManager *self,
                                       StrataCluster        *cluster,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _strata_cluster_manager_connect_async);
  strata_cluster_connect_async (cluster, self->resolver, cancellable, on_connected, task);
}

StrataKubeClient *
_strata_cluster_manager_connect_finish (StrataClusterManager  *self,
                                        GAsyncResult          *result,
                                        GError               **error)
{
  g_assert (g_task_is_valid (result, self));

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_strata_cluster_error_is_unreachable (const GError *error)
{
  return g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONNECTION) ||
         g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TLS) ||
         g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TIMEOUT);
}

void
_strata_cluster_manager_emit_object_deleted (StrataClusterManager *self,
                                             JsonNode             *entry)
{
  g_signal_emit (self, signals[OBJECT_DELETED], 0, entry);
}
