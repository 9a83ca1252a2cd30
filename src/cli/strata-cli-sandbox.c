/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli sandbox serve: the sandbox cluster in the foreground. */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "strata-cli.h"
#include "strata-sandbox.h"

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* The first field of every non-empty line, as kube-apiserver reads its
 * --token-auth-file. */
static GStrv
read_tokens (const char  *path,
             GError     **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) tokens = g_strv_builder_new ();

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", 2);
      char *token = fields[0] ? g_strstrip (fields[0]) : NULL;

      if (token != NULL && *token != '\0' && *token != '#')
        g_strv_builder_add (tokens, token);
    }
  return g_strv_builder_end (tokens);
}

static int
sandbox_serve (int    argc,
               char **argv)
{
  int port = 0;
  gboolean api_only = FALSE;
  g_autofree char *state = NULL;
  g_autofree char *kubeconfig = NULL;
  g_autofree char *token_file = NULL;
  g_auto(GStrv) tokens = NULL;
  g_auto(GStrv) eks_clusters = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— serve the sandbox cluster until interrupted"));
  g_autoptr(StrataSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  guint sigint, sigterm;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Port on 127.0.0.1 (default: any free port)"), N_("PORT") },
    { "state", 's', 0, G_OPTION_ARG_FILENAME, &state,
      N_("Folder that keeps the sandbox’s state (default: ~/.local/share/strata/sandbox)"), N_("DIR") },
    { "kubeconfig-out", 'k', 0, G_OPTION_ARG_FILENAME, &kubeconfig,
      N_("Also write a kubeconfig for the sandbox here (it always writes DIR/kubeconfig while serving)"),
      N_("FILE") },
    { "token-auth-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file,
      N_("Also accept the bearer tokens in FILE, one a line (kube-apiserver’s token,user,uid CSV will do)"),
      N_("FILE") },
    { "eks-cluster", 0, 0, G_OPTION_ARG_STRING_ARRAY, &eks_clusters,
      N_("Stand in for EKS cluster NAME: also accept EKS bearer tokens of the right form (repeatable)"),
      N_("NAME") },
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

  if (token_file != NULL && !(tokens = read_tokens (token_file, &error)))
    return strata_cli_fail (error);

  sandbox = strata_sandbox_new (state);
  if (!strata_sandbox_start (sandbox, (guint16)port, api_only, &error))
    return strata_cli_fail (error);
  for (guint i = 0; tokens != NULL && tokens[i] != NULL; i++)
    strata_sandbox_server_add_token (strata_sandbox_get_server (sandbox), tokens[i]);
  for (guint i = 0; eks_clusters != NULL && eks_clusters[i] != NULL; i++)
    strata_sandbox_server_add_eks_cluster (strata_sandbox_get_server (sandbox), eks_clusters[i]);
  if (kubeconfig != NULL &&
      !strata_sandbox_server_write_kubeconfig (strata_sandbox_get_server (sandbox), kubeconfig, &error))
    {
      strata_sandbox_stop (sandbox);
      return strata_cli_fail (error);
    }

  /* Before the line below: whoever waits for it may interrupt at once. */
  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, on_signal, loop);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, loop);

  url = strata_sandbox_server_get_url (strata_sandbox_get_server (sandbox));
  /* One line scripts can wait for: the server answers from now on. */
  g_print ("serving %s\n", url);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  strata_sandbox_stop (sandbox);

  return 0;
}

int
strata_cli_sandbox (int    argc,
                    char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "serve"))
    return sandbox_serve (argc - 1, argv + 1);

  g_printerr ("%s", _("Usage: strata-cli sandbox serve [--port PORT] [--state DIR] [--kubeconfig-out FILE] "
                      "[--token-auth-file FILE] [--eks-cluster NAME] [--api-only]\n"));
  return STRATA_CLI_EXIT_USAGE;
}
