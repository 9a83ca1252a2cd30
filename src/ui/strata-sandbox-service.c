/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox cluster as the app runs it: in-process on the main context,
 * with what the views need to say about it (running, port, why it failed). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-sandbox-service.h"

struct _StrataSandboxService
{
  GObject        parent_instance;

  char          *state_folder;
  /* A new one per start, so a failed start leaves nothing half-done behind. */
  StrataSandbox *sandbox;
  char          *error;
  guint16        port;
};

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_PORT,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataSandboxService, strata_sandbox_service, G_TYPE_OBJECT)

static void
strata_sandbox_service_dispose (GObject *object)
{
  StrataSandboxService *self = (StrataSandboxService *)object;

  if (self->sandbox != NULL)
    strata_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);

  G_OBJECT_CLASS (strata_sandbox_service_parent_class)->dispose (object);
}

static void
strata_sandbox_service_finalize (GObject *object)
{
  StrataSandboxService *self = (StrataSandboxService *)object;

  g_clear_pointer (&self->state_folder, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (strata_sandbox_service_parent_class)->finalize (object);
}

static void
strata_sandbox_service_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  StrataSandboxService *self = STRATA_SANDBOX_SERVICE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, strata_sandbox_service_get_running (self));
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_sandbox_service_class_init (StrataSandboxServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_sandbox_service_dispose;
  object_class->finalize = strata_sandbox_service_finalize;
  object_class->get_property = strata_sandbox_service_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Why the last start failed, for the user; NULL while all is well. */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_sandbox_service_init (StrataSandboxService *self)
{
}

/* @state_folder: NULL for the default ($XDG_DATA_HOME/strata/sandbox). */
StrataSandboxService *
strata_sandbox_service_new (const char *state_folder)
{
  StrataSandboxService *self = g_object_new (STRATA_TYPE_SANDBOX_SERVICE, NULL);

  self->state_folder = state_folder != NULL
                       ? g_strdup (state_folder)
                       : strata_sandbox_dup_default_folder ();

  return self;
}

const char *
strata_sandbox_service_get_state_folder (StrataSandboxService *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_SERVICE (self), NULL);

  return self->state_folder;
}

gboolean
strata_sandbox_service_get_running (StrataSandboxService *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_SERVICE (self), FALSE);

  return self->sandbox != NULL && strata_sandbox_is_running (self->sandbox);
}

/* 0 unless running. */
guint16
strata_sandbox_service_get_port (StrataSandboxService *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_SERVICE (self), 0);

  return self->port;
}

const char *
strata_sandbox_service_get_error (StrataSandboxService *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_SERVICE (self), NULL);

  return self->error;
}

/* Also for what goes wrong around the sandbox (adding its record). */
void
strata_sandbox_service_set_error (StrataSandboxService *self,
                                  const char           *message)
{
  g_return_if_fail (STRATA_IS_SANDBOX_SERVICE (self));

  if (g_strcmp0 (self->error, message) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

char *
strata_sandbox_service_dup_kubeconfig_path (StrataSandboxService *self)
{
  g_return_val_if_fail (STRATA_IS_SANDBOX_SERVICE (self), NULL);

  return g_build_filename (self->state_folder, "kubeconfig", NULL);
}

static void
strata_sandbox_service_set_port (StrataSandboxService *self,
                                 guint16               port)
{
  if (self->port == port)
    return;

  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

/**
 * strata_sandbox_service_start:
 * @port: 0 for any free port
 *
 * Starts the whole sandbox (API server, simulated controllers and metrics)
 * on the thread-default main context. Does nothing when it runs already.
 * On failure the error is also kept in #StrataSandboxService:error.
 */
gboolean
strata_sandbox_service_start (StrataSandboxService  *self,
                              guint16                port,
                              GError               **error)
{
  g_autoptr(StrataSandbox) sandbox = NULL;
  g_autoptr(GError) local_error = NULL;
  StrataSandboxServer *server;

  g_return_val_if_fail (STRATA_IS_SANDBOX_SERVICE (self), FALSE);

  if (strata_sandbox_service_get_running (self))
    return TRUE;

  g_clear_object (&self->sandbox);
  sandbox = strata_sandbox_new (self->state_folder);
  if (!strata_sandbox_start (sandbox, port, FALSE, &local_error))
    {
      g_autofree char *message = g_strdup_printf (_("The sandbox cluster could not start: %s"),
                                                  local_error->message);

      strata_sandbox_service_set_error (self, message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->sandbox = g_steal_pointer (&sandbox);
  server = strata_sandbox_get_server (self->sandbox);
  strata_sandbox_service_set_port (self, server ? strata_sandbox_server_get_port (server) : port);
  strata_sandbox_service_set_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  return TRUE;
}

/* Stops serving; the state stays for the next start. */
void
strata_sandbox_service_stop (StrataSandboxService *self)
{
  g_return_if_fail (STRATA_IS_SANDBOX_SERVICE (self));

  if (self->sandbox == NULL)
    return;

  strata_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);
  strata_sandbox_service_set_port (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}
