/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sandbox as the application's default cluster: added once on the first
 * run, started whenever a sandbox record exists, stopped when none is left. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-application-private.h"

/* The record Strata adds on its first run. */
#define SANDBOX_RECORD_NAME "sandbox"

/* Returns: (transfer full) (nullable): the app's settings, or NULL when the
 * schema is not installed or lacks the sandbox keys. */
GSettings *
_strata_application_create_settings (void)
{
  static const char * const keys[] = { "sandbox-added", "sandbox-port" };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);

  if (schema == NULL)
    {
      g_debug ("Schema %s is not installed; the sandbox is offered only to an empty store",
               APPLICATION_ID);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (!g_settings_schema_has_key (schema, keys[i]))
        {
          g_warning ("Schema %s has no key %s", APPLICATION_ID, keys[i]);
          return NULL;
        }
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static gboolean
has_sandbox_record (StrataApplication *self)
{
  GListModel *clusters = strata_cluster_store_get_clusters (strata_application_get_cluster_store (self));
  guint n = g_list_model_get_n_items (clusters);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataCluster) cluster = g_list_model_get_item (clusters, i);

      if (strata_cluster_get_source (cluster) == STRATA_CLUSTER_SOURCE_SANDBOX)
        return TRUE;
    }

  return FALSE;
}

static void
mark_sandbox_added (StrataApplication *self)
{
  GSettings *settings = _strata_application_get_settings (self);

  if (settings != NULL && !g_settings_get_boolean (settings, "sandbox-added"))
    g_settings_set_boolean (settings, "sandbox-added", TRUE);
}

/* What the records show about the sandbox: it is the only thing that can
 * say whether it serves, so its status comes from here. */
static void
update_sandbox_records (StrataApplication *self)
{
  StrataSandboxService *sandbox = strata_application_get_sandbox_service (self);
  GListModel *clusters = strata_cluster_store_get_clusters (strata_application_get_cluster_store (self));
  guint n = g_list_model_get_n_items (clusters);
  g_autofree char *reason = NULL;
  StrataClusterStatus status;

  if (strata_sandbox_service_get_running (sandbox))
    {
      status = STRATA_CLUSTER_STATUS_RUNNING;
      reason = g_strdup_printf (_("Simulated on this computer at https://127.0.0.1:%u"),
                                strata_sandbox_service_get_port (sandbox));
    }
  else if (strata_sandbox_service_get_error (sandbox) != NULL)
    {
      status = STRATA_CLUSTER_STATUS_ERROR;
      reason = g_strdup (strata_sandbox_service_get_error (sandbox));
    }
  else
    status = STRATA_CLUSTER_STATUS_UNKNOWN;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataCluster) cluster = g_list_model_get_item (clusters, i);

      if (strata_cluster_get_source (cluster) != STRATA_CLUSTER_SOURCE_SANDBOX)
        continue;
      /* A running sandbox's records show what their check found, once
       * one has: only a record not checked since the sandbox (re)started
       * takes "Running" here, and gets checked. */
      if (status == STRATA_CLUSTER_STATUS_RUNNING)
        {
          StrataClusterStatus shown = strata_cluster_get_status (cluster);

          if (shown != STRATA_CLUSTER_STATUS_UNKNOWN && shown != STRATA_CLUSTER_STATUS_ERROR)
            continue;
          strata_cluster_set_status (cluster, status, reason);
          strata_status_monitor_refresh_cluster (strata_application_get_status_monitor (self), cluster);
        }
      else
        strata_cluster_set_status (cluster, status, reason);
    }
}

static void
start_sandbox (StrataApplication *self)
{
  StrataSandboxService *sandbox = strata_application_get_sandbox_service (self);
  GSettings *settings = _strata_application_get_settings (self);
  g_autoptr(GError) error = NULL;
  guint16 port = settings ? (guint16) g_settings_get_int (settings, "sandbox-port") : 0;

  /* A remembered port someone else took meanwhile: any port is better than
   * no sandbox, and its kubeconfig is written afresh anyway. */
  if (!strata_sandbox_service_start (sandbox, port, &error) && port != 0)
    {
      g_debug ("Sandbox could not use port %u (%s); trying any free port", port, error->message);
      g_clear_error (&error);
      strata_sandbox_service_start (sandbox, 0, &error);
    }

  if (error != NULL)
    g_message ("%s", strata_sandbox_service_get_error (sandbox));
  else if (settings != NULL && strata_sandbox_service_get_port (sandbox) != port)
    g_settings_set_int (settings, "sandbox-port", strata_sandbox_service_get_port (sandbox));
}

/* Starts the sandbox while a sandbox record exists, stops it once none is
 * left. A failed start waits for the user's Retry rather than looping. */
void
_strata_application_sync_sandbox (StrataApplication *self)
{
  StrataSandboxService *sandbox = strata_application_get_sandbox_service (self);

  if (strata_application_get_clusters_loading (self))
    return;

  if (has_sandbox_record (self))
    {
      mark_sandbox_added (self);
      if (!strata_sandbox_service_get_running (sandbox) &&
          strata_sandbox_service_get_error (sandbox) == NULL)
        start_sandbox (self);
    }
  else if (strata_sandbox_service_get_running (sandbox))
    strata_sandbox_service_stop (sandbox);

  update_sandbox_records (self);
}

void
_strata_application_on_clusters_changed (StrataApplication *self,
                                         guint              position,
                                         guint              removed,
                                         guint              added,
                                         GListModel        *model)
{
  _strata_application_sync_sandbox (self);
}

static void
offer_sandbox_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(StrataApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  _strata_application_set_adding_sandbox (self, FALSE);

  if (!strata_cluster_store_add_finish (STRATA_CLUSTER_STORE (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The sandbox cluster could not be added: %s"), error->message);
      g_message ("%s", message);
      strata_sandbox_service_set_error (strata_application_get_sandbox_service (self), message);
      update_sandbox_records (self);
      return;
    }

  mark_sandbox_added (self);
  _strata_application_sync_sandbox (self);
}

/* First run: a new user gets a cluster to try profiles on, once. Without
 * the settings to remember that, only a store with no cluster at all gets
 * it, so that nobody's own clusters are ever joined by one they removed. */
void
_strata_application_offer_sandbox (StrataApplication *self)
{
  StrataClusterStore *clusters = strata_application_get_cluster_store (self);
  GSettings *settings = _strata_application_get_settings (self);
  g_autoptr(StrataCluster) record = NULL;
  g_autofree char *name = NULL;

  if (_strata_application_get_adding_sandbox (self) || has_sandbox_record (self))
    return;

  if (settings != NULL
      ? g_settings_get_boolean (settings, "sandbox-added")
      : g_list_model_get_n_items (strata_cluster_store_get_clusters (clusters)) > 0)
    return;

  name = g_strdup (SANDBOX_RECORD_NAME);
  for (guint i = 2; strata_cluster_store_find_cluster (clusters, name) != NULL; i++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u", SANDBOX_RECORD_NAME, i);
    }

  record = strata_cluster_new_sandbox (name);
  _strata_application_set_adding_sandbox (self, TRUE);
  strata_cluster_store_add_async (clusters, record, NULL, offer_sandbox_cb, g_object_ref (self));
}

/* The Retry of the views: add the record if that is what failed, else
 * start the sandbox again. */
void
_strata_application_retry_sandbox (StrataApplication *self)
{
  strata_sandbox_service_set_error (strata_application_get_sandbox_service (self), NULL);

  if (!has_sandbox_record (self))
    _strata_application_offer_sandbox (self);
  _strata_application_sync_sandbox (self);
}
