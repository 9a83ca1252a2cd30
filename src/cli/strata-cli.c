/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli: the scriptable face of the Strata library. */

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>
#include <locale.h>

#include "strata-cli.h"
#include "strata-yaml.h"

void
strata_cli_async_ready (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/**
 * strata_cli_wait:
 *
 * Returns: (transfer full): the result once it arrived.
 */
GAsyncResult *
strata_cli_wait (GAsyncResult **result)
{
  /* The CLI is the main loop's only user, so iterating it here is the loop. */
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return g_steal_pointer (result);
}

int
strata_cli_fail (const GError *error)
{
  g_printerr ("strata-cli: %s\n", error->message);
  return STRATA_CLI_EXIT_FAILED;
}

int
strata_cli_usage (GOptionContext *context,
                  const char     *message)
{
  g_autofree char *help = NULL;

  if (message != NULL)
    g_printerr ("strata-cli: %s\n", message);
  if (context != NULL)
    {
      help = g_option_context_get_help (context, FALSE, NULL);
      g_printerr ("%s", help);
    }

  return STRATA_CLI_EXIT_USAGE;
}

gboolean
strata_cli_parse_output (const char       *text,
                         StrataCliOutput  *output,
                         GError          **error)
{
  if (text == NULL || g_str_equal (text, "text"))
    *output = STRATA_CLI_OUTPUT_TEXT;
  else if (g_str_equal (text, "json"))
    *output = STRATA_CLI_OUTPUT_JSON;
  else if (g_str_equal (text, "yaml"))
    *output = STRATA_CLI_OUTPUT_YAML;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("unknown output format “%s”: use text, json or yaml"), text);
      return FALSE;
    }

  return TRUE;
}

void
strata_cli_print_node (JsonNode        *node,
                       StrataCliOutput  output)
{
  g_autofree char *text = NULL;

  if (output == STRATA_CLI_OUTPUT_YAML)
    text = strata_yaml_emit (node, NULL);
  else
    text = json_to_string (node, TRUE);

  if (text != NULL)
    g_print ("%s%s", text, g_str_has_suffix (text, "\n") ? "" : "\n");
}

int
strata_cli_parse_options (const char          *parameters,
                          const GOptionEntry  *entries,
                          int                 *argc,
                          char              ***argv,
                          int                  n_positional,
                          StrataCliOutput     *output)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  const GOptionEntry output_entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_STRING, &format, N_("Output format: text, json or yaml"), N_("FORMAT") },
    { NULL }
  };
  int given;

  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (output != NULL)
    g_option_context_add_main_entries (context, output_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    return strata_cli_usage (context, error->message);

  if (output != NULL && !strata_cli_parse_output (format, output, &error))
    return strata_cli_usage (NULL, error->message);

  /* argv[0] is the command's own name. */
  given = *argc - 1;
  if (n_positional >= 0 ? given != n_positional : given > -n_positional)
    return strata_cli_usage (context, _("wrong number of arguments"));

  return -1;
}

gboolean
strata_cli_read_text (const char  *path,
                      char       **contents,
                      GError     **error)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;

  if (path == NULL)
    return TRUE;
  if (!g_str_equal (path, "-"))
    return g_file_get_contents (path, contents, NULL, error);

  input = g_unix_input_stream_new (0, FALSE);
  output = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (output, input, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return FALSE;
  *contents = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output)),
                         g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)));
  return TRUE;
}

void
strata_cli_print_problems (GPtrArray *problems)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_printerr (_("strata-cli: warning: skipped %s\n"),
                ((GError *)g_ptr_array_index (problems, i))->message);
}

static int
print_usage (void)
{
  g_printerr ("%s",
              _("Usage: strata-cli COMMAND …\n"
                "\n"
                "Commands:\n"
                "  profile list|create|show|version|delete|history|restore|layer\n"
                "  cluster import|sandbox|list|show|tag|attach|detach|status|diff|apply|history|\n"
                "          override|kubeconfig|remove\n"
                "  render PROFILE@VERSION [--cluster C] [-o yaml|json] [--hash]\n"
                "  kube apply|diff|get|delete\n"
                "  aws whoami|regions|eks list|eks-token\n"
                "  sandbox serve\n"
                "  layer add|values|remove|set\n"
                "  pack list|versions\n"
                "  repo add|list|remove|update|fetch\n"
                "\n"
                "Run “strata-cli profile --help” or “strata-cli kube” for details.\n"));
  return STRATA_CLI_EXIT_USAGE;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return print_usage ();

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("strata-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_str_equal (argv[1], "profile"))
    return strata_cli_profile (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "cluster"))
    return strata_cli_cluster (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "render"))
    return strata_cli_render (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "kube"))
    return strata_cli_kube (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "aws"))
    return strata_cli_aws (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "sandbox"))
    return strata_cli_sandbox (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "layer"))
    return strata_cli_layer (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "pack"))
    return strata_cli_pack (argc - 1, argv + 1);

  if (g_str_equal (argv[1], "repo"))
    return strata_cli_repo (argc - 1, argv + 1);

  if (!g_str_equal (argv[1], "--help") && !g_str_equal (argv[1], "-h"))
    g_printerr (_("strata-cli: unknown command “%s”\n"), argv[1]);

  return print_usage ();
}
