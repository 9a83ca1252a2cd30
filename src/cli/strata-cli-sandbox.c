/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli sandbox serve: the sandbox cluster in the foreground. */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "strata-cli.h"
#include "strata-sandbox-controllers.h"
#include "strata-sandbox-metrics.h"
#include "strata-sandbox-server.h"

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static char *
default_state_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "strata", "sandbox", NULL);
}

static int
sandbox_serve (int    argc,
               char **argv)
{
  int port = 0;
  gboolean api_only = FALSE;
  g_autofree char *state = NULL;
  g_autofree char *kubeconfig = NULL;
  g_autofree char *store_folder = NULL;
  g_autofree char *pki_folder = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— serve the sandbox cluster until interrupted"));
  g_autoptr(StrataSandboxStore) store = NULL;
  g_autoptr(StrataSandboxServer) server = NULL;
  g_autoptr(StrataSandboxControllers) controllers = NULL;
  g_autoptr(StrataSandboxMetrics) metrics = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  guint sigint, sigterm;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Port on 127.0.0.1 (default: any free port)"), N_("PORT") },
    { "state", 's', 0, G_OPTION_ARG_FILENAME, &state, N_("Folder that keeps the sandbox’s state"), N_("DIR") },
    { "kubeconfig-out", 'k', 0, G_OPTION_ARG_FILENAME, &kubeconfig, N_("Write a kubeconfig for the sandbox here"),
      N_("FILE") },
    { "api-only", 0, 0, G_OPTION_ARG_NONE, &api_only,
      N_("Serve the API without the simulated controllers, like a bare kube-apiserver"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return strata_cli_usage (context, error->message);
  if (argc > 1)
    return strata_cli_usage (context, _("serve takes no arguments"));
  if (port < 0 || port > 65535)
    return strata_cli_usage (context, _("--port must be between 0 and 65535"));

  if (state == NULL)
    state = default_state_folder ();
  store_folder = g_build_filename (state, "store", NULL);
  pki_folder = g_build_filename (state, "pki", NULL);

  store = strata_sandbox_store_new (store_folder);
  if (!strata_sandbox_store_load (store, &error))
    return strata_cli_fail (error);
  server = strata_sandbox_server_new (store, pki_folder, &error);
  if (server == NULL || !strata_sandbox_server_listen (server, port, &error))
    return strata_cli_fail (error);
  if (kubeconfig != NULL && !strata_sandbox_server_write_kubeconfig (server, kubeconfig, &error))
    return strata_cli_fail (error);

  /* The simulated cluster behind the API: Nodes, controllers, metrics. */
  if (!api_only)
    {
      controllers = strata_sandbox_controllers_new (store);
      strata_sandbox_controllers_start (controllers);
      metrics = strata_sandbox_metrics_new (store);
      strata_sandbox_server_set_metrics_func (server, strata_sandbox_metrics_list_items, g_object_ref (metrics),
                                              g_object_unref);
    }

  url = strata_sandbox_server_get_url (server);
  /* One line scripts can wait for: the server answers from now on. */
  g_print ("serving %s\n", url);

  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, on_signal, loop);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (controllers != NULL)
    strata_sandbox_controllers_stop (controllers);

  return 0;
}

int
strata_cli_sandbox (int    argc,
                    char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "serve"))
    return sandbox_serve (argc - 1, argv + 1);

  g_printerr ("%s", _("Usage: strata-cli sandbox serve [--port PORT] [--state DIR] [--kubeconfig-out FILE] "
                      "[--api-only]\n"));
  return STRATA_CLI_EXIT_USAGE;
}
