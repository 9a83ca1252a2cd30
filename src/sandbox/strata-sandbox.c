/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox cluster as one object: store, API server, simulated
 * controllers and metrics, and the kubeconfig that reaches them. */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "strata-sandbox.h"
#include "strata-sandbox-controllers.h"
#include "strata-sandbox-metrics.h"

struct _StrataSandbox
{
  GObject                   parent_instance;

  char                     *state_folder;
  StrataSandboxStore       *store;
  StrataSandboxServer      *server;
  StrataSandboxControllers *controllers;
  StrataSandboxMetrics     *metrics;
  gboolean                  loaded;     /* the store is the state from then on */
};

enum {
  PROP_0,
  PROP_STATE_FOLDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataSandbox, strata_sandbox, G_TYPE_OBJECT)

static void
strata_sandbox_dispose (GObject *object)
{
  StrataSandbox *self = (StrataSandbox *)object;

  strata_sandbox_stop (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (strata_sandbox_parent_class)->dispose (object);
}

static void
strata_sandbox_finalize (GObject *object)
{
  StrataSandbox *self = (StrataSandbox *)object;

  g_free (self->state_folder);

  G_OBJECT_CLASS (strata_sandbox_parent_class)->finalize (object);
}

static void
strata_sandbox_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  StrataSandbox *self = STRATA_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_STATE_FOLDER:
      g_value_set_string (value, self->state_folder);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_sandbox_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  StrataSandbox *self = STRATA_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_STATE_FOLDER:
      if (g_value_get_string (value) != NULL)
        self->state_folder = g_canonicalize_filename (g_value_get_string (value), NULL);
      else
        self->state_folder = strata_sandbox_dup_default_folder ();
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_sandbox_constructed (GObject *object)
{
  StrataSandbox *self = (StrataSandbox *)object;
  g_autofree char *store_folder = g_build_filename (self->state_folder, "store", NULL);

  G_OBJECT_CLASS (strata_sandbox_parent_class)->constructed (object);

  self->store = strata_sandbox_store_new (store_folder);
}

static void
strata_sandbox_class_init (StrataSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_sandbox_dispose;
  object_class->finalize = strata_sandbox_finalize;
  object_class->get_property = strata_sandbox_get_property;
  object_class->set_property = strata_sandbox_set_property;
  object_class->constructed = strata_sandbox_constructed;

  properties[PROP_STATE_FOLDER] =
    g_param_spec_string ("state-folder", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_sandbox_init (StrataSandbox *self)
{
}

StrataSandbox *
strata_sandbox_new (const char *state_folder)
{
  return g_object_new (STRATA_TYPE_SANDBOX, "state-folder", state_folder, NULL);
}

char *
strata_sandbox_dup_default_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "strata", "sandbox", NULL);
}

const char *
strata_sandbox_get_state_folder (StrataSandbox *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX (self), NULL);

  return self->state_folder;
}

/* The state holds the CA key: owner-only, like kube-apiserver's PKI. */
static gboolean
ensure_state_folder (StrataSandbox  *self,
                     GError        **error)
{
  if (g_mkdir_with_parents (self->state_folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the sandbox’s state folder %s: %s"), self->state_folder,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
strata_sandbox_start (StrataSandbox  *self,
                      guint16         port,
                      gboolean        api_only,
                      GError        **error)
{
  g_autofree char *pki_folder = NULL;
  g_autofree char *kubeconfig = NULL;
  g_autoptr(StrataSandboxServer) server = NULL;

  g_return_val_if_fail (STRATA_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (!strata_sandbox_is_running (self), FALSE);

  pki_folder = g_build_filename (self->state_folder, "pki", NULL);
  kubeconfig = strata_sandbox_dup_kubeconfig_path (self);

  if (!ensure_state_folder (self, error))
    return FALSE;
  if (!self->loaded && !strata_sandbox_store_load (self->store, error))
    return FALSE;
  self->loaded = TRUE;
  server = strata_sandbox_server_new (self->store, pki_folder, error);
  if (server == NULL || !strata_sandbox_server_listen (server, port, error))
    return FALSE;
  if (!strata_sandbox_server_write_kubeconfig (server, kubeconfig, error))
    return FALSE;
  self->server = g_steal_pointer (&server);

  /* The simulated cluster behind the API: Nodes, controllers, metrics. */
  if (!api_only)
    {
      self->controllers = strata_sandbox_controllers_new (self->store);
      strata_sandbox_controllers_start (self->controllers);
      self->metrics = strata_sandbox_metrics_new (self->store);
      strata_sandbox_server_set_metrics_func (self->server, strata_sandbox_metrics_list_items,
                                              g_object_ref (self->metrics), g_object_unref);
    }

  return TRUE;
}

gboolean
strata_sandbox_is_running (StrataSandbox *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX (self), FALSE);

  return self->server != NULL;
}

void
strata_sandbox_stop (StrataSandbox *self)
{
  g_autofree char *kubeconfig = NULL;

  g_return_if_fail (STRATA_IS_SANDBOX (self));

  if (self->server == NULL)
    return;

  if (self->controllers != NULL)
    strata_sandbox_controllers_stop (self->controllers);
  g_clear_object (&self->controllers);
  g_clear_object (&self->metrics);
  /* Disposing the server answers the writes still waiting for their sync. */
  g_object_run_dispose (G_OBJECT (self->server));
  g_clear_object (&self->server);

  kubeconfig = strata_sandbox_dup_kubeconfig_path (self);
  if (g_unlink (kubeconfig) != 0 && errno != ENOENT)
    g_debug ("Could not remove %s: %s", kubeconfig, g_strerror (errno));
}

StrataSandboxServer *
strata_sandbox_get_server (StrataSandbox *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX (self), NULL);

  return self->server;
}

StrataSandboxStore *
strata_sandbox_get_store (StrataSandbox *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX (self), NULL);

  return self->store;
}

char *
strata_sandbox_dup_kubeconfig_path (StrataSandbox *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX (self), NULL);

  return g_build_filename (self->state_folder, "kubeconfig", NULL);
}
