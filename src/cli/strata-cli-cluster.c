/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli cluster …: the cluster records in the local store — import,
 * tags, attached profile version, per-layer overrides, kubeconfig export. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cli-cluster-private.h"
#include "strata-cli.h"
#include "strata-cluster-store.h"
#include "strata-cluster-connect.h"
#include "strata-core.h"
#include "strata-kubeconfig.h"

typedef int (*ClusterCommand) (StrataClusterStore *store,
                               int                 argc,
                               char              **argv);

/* Loads the cluster records, and the profiles too when a command checks
 * against them. */
static int
load_stores (StrataClusterStore *store,
             gboolean            with_profiles)
{
  StrataStore *profiles = strata_cluster_store_get_profile_store (store);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (with_profiles)
    {
      strata_store_load_async (profiles, NULL, strata_cli_async_ready, &result);
      if (!strata_store_load_finish (profiles, strata_cli_wait (&result), &error))
        return strata_cli_fail (error);
      strata_cli_print_problems (strata_store_get_problems (profiles));
    }

  strata_cluster_store_load_async (store, NULL, strata_cli_async_ready, &result);
  if (!strata_cluster_store_load_finish (store, strata_cli_wait (&result), &error))
    return strata_cli_fail (error);
  strata_cli_print_problems (strata_cluster_store_get_problems (store));

  return 0;
}

static StrataCluster *
require_cluster (StrataClusterStore  *store,
                 const char          *name,
                 GError             **error)
{
  StrataCluster *cluster = strata_cluster_store_find_cluster (store, name);

  if (cluster == NULL)
    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                 _("no cluster named “%s” (see “strata-cli cluster list”)"), name);
  return cluster;
}

static int
save (StrataClusterStore *store,
      StrataCluster      *edited)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  strata_cluster_store_save_async (store, edited, NULL, strata_cli_async_ready, &result);
  if (!strata_cluster_store_save_finish (store, strata_cli_wait (&result), &error))
    return strata_cli_fail (error);

  return 0;
}

static void
print_cluster_json (StrataCluster   *cluster,
                    StrataCliOutput  output)
{
  g_autoptr(JsonNode) node = strata_cluster_to_json (cluster);

  strata_cli_print_node (node, output);
}

static char *
profile_text (StrataCluster *cluster)
{
  if (strata_cluster_get_profile_name (cluster) == NULL)
    return g_strdup ("-");

  return g_strdup_printf ("%s@%s", strata_cluster_get_profile_name (cluster),
                          strata_cluster_get_profile_version (cluster));
}

static char *
tags_text (StrataCluster *cluster)
{
  const char * const *tags = strata_cluster_get_tags (cluster);

  return tags[0] != NULL ? g_strjoinv (", ", (char **)tags) : g_strdup ("-");
}

/* import */

static int
cluster_import (StrataClusterStore  *store,
                int                  argc,
                char               **argv)
{
  g_autofree char *kubeconfig = NULL;
  g_autofree char *context = NULL;
  const GOptionEntry entries[] = {
    { "kubeconfig", 0, 0, G_OPTION_ARG_FILENAME, &kubeconfig, N_("The kubeconfig file (required)"), N_("FILE") },
    { "context", 0, 0, G_OPTION_ARG_STRING, &context, N_("The context (default: the file’s current context)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(StrataKubeconfig) config = NULL;
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;
  g_autoptr(StrataCluster) cluster = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *paths[2] = { NULL, NULL };
  const char *resolved;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME --kubeconfig FILE"), entries, &argc, &argv, 1, &output)) >= 0)
    return status;
  if (kubeconfig == NULL)
    return strata_cli_usage (NULL, _("--kubeconfig FILE is required"));

  if (!strata_validate_dns_label (argv[1], _("cluster name"), &error))
    return strata_cli_fail (error);
  if ((status = load_stores (store, FALSE)) != 0)
    return status;

  /* The record keeps an absolute path: later commands run from anywhere. */
  path = g_canonicalize_filename (kubeconfig, NULL);
  paths[0] = path;
  if (!(config = strata_kubeconfig_load (paths, &error)) ||
      !(endpoint = strata_kubeconfig_resolve (config, context, &error)))
    return strata_cli_fail (error);

  /* Keep the context by name, so a later change of current-context in the
   * file does not move the record to another cluster. */
  resolved = strata_kube_endpoint_get_context_name (endpoint);
  if (resolved == NULL)
    resolved = context ? context : strata_kubeconfig_get_current_context (config);

  cluster = strata_cluster_new_kubeconfig (argv[1], path, resolved);
  strata_cluster_store_add_async (store, cluster, NULL, strata_cli_async_ready, &result);
  if (!strata_cluster_store_add_finish (store, strata_cli_wait (&result), &error))
    return strata_cli_fail (error);

  if (output != STRATA_CLI_OUTPUT_TEXT)
    print_cluster_json (cluster, output);
  else
    g_print (_("Imported cluster %s (context %s of %s)\n"), argv[1], resolved, path);

  return 0;
}

/* list */

static int
cluster_list (StrataClusterStore  *store,
              int                  argc,
              char               **argv)
{
  g_auto(GStrv) tags = NULL;
  const GOptionEntry entries[] = {
    { "tag", 't', 0, G_OPTION_ARG_STRING_ARRAY, &tags, N_("Only clusters with this tag (key or key:value; repeat for AND)"), N_("TAG") },
    { NULL }
  };
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) filters = NULL;
  GListModel *clusters;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options ("", entries, &argc, &argv, 0, &output)) >= 0)
    return status;
  if ((filters = strata_cluster_normalize_tags ((const char * const *)tags, &error)) == NULL)
    return strata_cli_fail (error);
  if ((status = load_stores (store, FALSE)) != 0)
    return status;

  if (output == STRATA_CLI_OUTPUT_TEXT)
    g_print ("%-24s %-11s %-28s %s\n", _("NAME"), _("SOURCE"), _("PROFILE"), _("TAGS"));

  clusters = strata_cluster_store_get_clusters (store);
  for (guint i = 0; i < g_list_model_get_n_items (clusters); i++)
    {
      g_autoptr(StrataCluster) cluster = g_list_model_get_item (clusters, i);
      g_autofree char *profile = NULL;
      g_autofree char *tag_list = NULL;

      if (!strata_cluster_matches_tags (cluster, (const char * const *)filters))
        continue;

      if (output != STRATA_CLI_OUTPUT_TEXT)
        {
          json_array_add_element (array, strata_cluster_to_json (cluster));
          continue;
        }

      profile = profile_text (cluster);
      tag_list = tags_text (cluster);
      g_print ("%-24s %-11s %-28s %s\n", strata_cluster_get_name (cluster),
               strata_cluster_source_to_string (strata_cluster_get_source (cluster)),
               profile, tag_list);
    }

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);
      strata_cli_print_node (node, output);
    }

  return 0;
}

/* show */

static int
cluster_show (StrataClusterStore  *store,
              int                  argc,
              char               **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *tag_list = NULL;
  g_autofree char *created = NULL;
  g_auto(GStrv) layers = NULL;
  StrataCluster *cluster;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME"), NULL, &argc, &argv, 1, &output)) >= 0)
    return status;
  if ((status = load_stores (store, FALSE)) != 0)
    return status;
  if ((cluster = require_cluster (store, argv[1], &error)) == NULL)
    return strata_cli_fail (error);

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      print_cluster_json (cluster, output);
      return 0;
    }

  profile = profile_text (cluster);
  tag_list = tags_text (cluster);
  created = g_date_time_format (strata_cluster_get_created_at (cluster), "%Y-%m-%d %H:%M:%S UTC");
  g_print (_("Cluster %s (%s), added %s\n"), strata_cluster_get_name (cluster),
           strata_cluster_source_to_string (strata_cluster_get_source (cluster)), created);
  if (strata_cluster_get_source (cluster) == STRATA_CLUSTER_SOURCE_KUBECONFIG)
    g_print (_("Kubeconfig: context %s of %s\n"), strata_cluster_get_kubeconfig_context (cluster),
             strata_cluster_get_kubeconfig_path (cluster));
  else if (strata_cluster_get_source (cluster) == STRATA_CLUSTER_SOURCE_EKS)
    g_print (_("EKS: %s (%s)\n"), strata_cluster_get_eks_arn (cluster), strata_cluster_get_eks_region (cluster));
  if (strata_cluster_get_lifecycle (cluster) != STRATA_CLUSTER_STATUS_UNKNOWN)
    {
      g_autofree char *since = g_date_time_format (strata_cluster_get_lifecycle_since (cluster), "%Y-%m-%d %H:%M:%S UTC");

      g_print (_("Status: %s since %s\n"),
               strata_cluster_status_to_string (strata_cluster_get_lifecycle (cluster)), since);
    }
  g_print (_("Profile: %s\n"), profile);
  g_print (_("Tags: %s\n"), tag_list);

  layers = strata_cluster_list_overrides (cluster);
  for (guint i = 0; layers[i] != NULL; i++)
    {
      g_auto(GStrv) lines = g_strsplit (strata_cluster_get_override (cluster, layers[i]), "\n", -1);

      g_print (_("Override of layer %s:\n"), layers[i]);
      for (guint j = 0; lines[j] != NULL; j++)
        if (lines[j][0] != '\0' || lines[j + 1] != NULL)
          g_print ("  %s\n", lines[j]);
    }

  return 0;
}

/* tag: +T adds, -T removes; no options, since "-t" is a tag here */

static int
cluster_tag (StrataClusterStore  *store,
             int                  argc,
             char               **argv)
{
  g_autoptr(StrataCluster) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tag_list = NULL;
  StrataCluster *cluster;
  int status;

  if (argc >= 2 && g_str_equal (argv[1], "--help"))
    return strata_cli_usage (NULL, _("usage: strata-cli cluster tag NAME +TAG|-TAG…"));
  if (argc < 3)
    return strata_cli_usage (NULL, _("usage: strata-cli cluster tag NAME +TAG|-TAG…"));

  for (int i = 2; i < argc; i++)
    {
      if (argv[i][0] != '+' && argv[i][0] != '-')
        {
          g_autofree char *message =
            g_strdup_printf (_("“%s”: start each tag with + to add it or - to remove it"), argv[i]);
          return strata_cli_usage (NULL, message);
        }
    }

  if ((status = load_stores (store, FALSE)) != 0)
    return status;
  if ((cluster = require_cluster (store, argv[1], &error)) == NULL)
    return strata_cli_fail (error);

  edited = strata_cluster_copy (cluster);
  for (int i = 2; i < argc; i++)
    {
      if (argv[i][0] == '+')
        {
          if (!strata_cluster_add_tag (edited, argv[i] + 1, &error))
            return strata_cli_fail (error);
        }
      else if (!strata_cluster_remove_tag (edited, argv[i] + 1))
        g_printerr (_("strata-cli: warning: %s has no tag “%s”\n"), argv[1], argv[i] + 1);
    }

  /* EKS records: the cluster's tags in AWS first, so both agree. */
  if (strata_cluster_get_source (cluster) == STRATA_CLUSTER_SOURCE_EKS &&
      (status = strata_cli_aws_push_tags (store, edited, strata_cluster_get_tags (cluster))) != 0)
    return status;

  if ((status = save (store, edited)) != 0)
    return status;

  tag_list = tags_text (cluster);
  g_print (_("Tags of %s: %s\n"), argv[1], tag_list);
  return 0;
}

/* attach, detach */

static int
cluster_attach (StrataClusterStore  *store,
                int                  argc,
                char               **argv)
{
  g_autoptr(StrataCluster) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) reference = NULL;
  g_auto(GStrv) dropped = NULL;
  StrataCluster *cluster;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME PROFILE@VERSION"), NULL, &argc, &argv, 2, &output)) >= 0)
    return status;

  reference = g_strsplit (argv[2], "@", 2);
  if (g_strv_length (reference) != 2 || *reference[0] == '\0' || *reference[1] == '\0')
    return strata_cli_usage (NULL, _("expected PROFILE@VERSION, like web@1.0.0"));

  if ((status = load_stores (store, TRUE)) != 0)
    return status;
  if ((cluster = require_cluster (store, argv[1], &error)) == NULL)
    return strata_cli_fail (error);

  edited = strata_cluster_copy (cluster);
  if (!strata_cluster_store_attach_profile (store, edited, reference[0], reference[1], &dropped, &error))
    return strata_cli_fail (error);
  if ((status = save (store, edited)) != 0)
    return status;

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      print_cluster_json (cluster, output);
      return 0;
    }

  g_print (_("Attached %s to %s@%s\n"), argv[1], reference[0], reference[1]);
  for (guint i = 0; dropped[i] != NULL; i++)
    g_print (_("Dropped the override of layer %s: version %s has no such layer\n"),
             dropped[i], reference[1]);
  return 0;
}

static int
cluster_detach (StrataClusterStore  *store,
                int                  argc,
                char               **argv)
{
  g_autoptr(StrataCluster) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  g_auto(GStrv) layers = NULL;
  StrataCluster *cluster;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME"), NULL, &argc, &argv, 1, &output)) >= 0)
    return status;
  if ((status = load_stores (store, FALSE)) != 0)
    return status;
  if ((cluster = require_cluster (store, argv[1], &error)) == NULL)
    return strata_cli_fail (error);

  if (strata_cluster_get_profile_name (cluster) == NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("cluster “%s” has no profile attached"), argv[1]);
      return strata_cli_fail (error);
    }

  /* Overrides belong to the attached version's layers. */
  profile = profile_text (cluster);
  edited = strata_cluster_copy (cluster);
  layers = strata_cluster_list_overrides (edited);
  for (guint i = 0; layers[i] != NULL; i++)
    strata_cluster_set_override (edited, layers[i], NULL);
  strata_cluster_set_profile (edited, NULL, NULL);
  if ((status = save (store, edited)) != 0)
    return status;

  if (output != STRATA_CLI_OUTPUT_TEXT)
    print_cluster_json (cluster, output);
  else if (layers[0] != NULL)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Detached %s from %s and removed its override\n",
                          "Detached %s from %s and removed its %u overrides\n",
                          g_strv_length (layers)),
             argv[1], profile, g_strv_length (layers));
  else
    g_print (_("Detached %s from %s\n"), argv[1], profile);
  return 0;
}

/* override */

/* kubeconfig: -o is the file here, as in “kubectl config view -o” it is not */

static int
cluster_kubeconfig (StrataClusterStore  *store,
                    int                  argc,
                    char               **argv)
{
  g_autofree char *file = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &file, N_("Write to FILE (mode 0600) instead of standard output"), N_("FILE") },
    { NULL }
  };
  g_autoptr(StrataKubeconfig) config = NULL;
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  const char *paths[2] = { NULL, NULL };
  StrataCluster *cluster;
  int status;

  if ((status = strata_cli_parse_options (_("NAME [-o FILE]"), entries, &argc, &argv, 1, NULL)) >= 0)
    return status;
  if ((status = load_stores (store, FALSE)) != 0)
    return status;
  if ((cluster = require_cluster (store, argv[1], &error)) == NULL)
    return strata_cli_fail (error);

  /* EKS: endpoint and CA from AWS, tokens from "strata-cli aws eks-token". */
  if (strata_cluster_get_source (cluster) == STRATA_CLUSTER_SOURCE_EKS &&
      !(endpoint = strata_cli_aws_eks_kubeconfig_endpoint (store, cluster, &error)))
    return strata_cli_fail (error);

  /* The sandbox: its own kubeconfig, while it runs. */
  if (strata_cluster_get_source (cluster) == STRATA_CLUSTER_SOURCE_SANDBOX &&
      !(endpoint = strata_cluster_dup_endpoint (cluster, &error)))
    return strata_cli_fail (error);

  paths[0] = strata_cluster_get_kubeconfig_path (cluster);
  if (endpoint == NULL &&
      (!(config = strata_kubeconfig_load (paths, &local_error)) ||
       !(endpoint = strata_kubeconfig_resolve (config, strata_cluster_get_kubeconfig_context (cluster), &local_error))))
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("the kubeconfig of cluster “%s” no longer works: %s"), argv[1], local_error->message);
      return strata_cli_fail (error);
    }

  if (file != NULL)
    {
      if (!strata_kube_endpoint_write_kubeconfig (endpoint, file, &error))
        return strata_cli_fail (error);
      g_print (_("Wrote the kubeconfig of %s to %s\n"), argv[1], file);
      return 0;
    }

  if ((text = strata_kube_endpoint_to_kubeconfig (endpoint, &error)) == NULL)
    return strata_cli_fail (error);
  g_print ("%s", text);
  return 0;
}

/* For strata-cli-cluster-ops.c */

int
strata_cli_cluster_load (StrataClusterStore *store,
                         gboolean            with_profiles)
{
  return load_stores (store, with_profiles);
}

StrataCluster *
strata_cli_cluster_require (StrataClusterStore  *store,
                            const char          *name,
                            GError             **error)
{
  return require_cluster (store, name, error);
}

int
strata_cli_cluster_save (StrataClusterStore *store,
                         StrataCluster      *edited)
{
  return save (store, edited);
}

static const struct {
  const char     *name;
  ClusterCommand  run;
} commands[] = {
  { "import", cluster_import },
  { "list", cluster_list },
  { "show", cluster_show },
  { "tag", cluster_tag },
  { "attach", cluster_attach },
  { "detach", cluster_detach },
  { "sandbox", strata_cli_cluster_sandbox },
  { "status", strata_cli_cluster_status },
  { "diff", strata_cli_cluster_diff },
  { "apply", strata_cli_cluster_apply },
  { "history", strata_cli_cluster_history },
  { "override", strata_cli_cluster_override },
  { "kubeconfig", cluster_kubeconfig },
  { "remove", strata_cli_cluster_remove },
};

static int
print_cluster_usage (void)
{
  g_printerr ("%s",
              _("Usage: strata-cli cluster COMMAND …\n"
                "\n"
                "  import NAME --kubeconfig FILE [--context C]   record a cluster of a kubeconfig\n"
                "  sandbox NAME                         record the running sandbox cluster\n"
                "  list [--tag T]…                      the clusters with every tag given\n"
                "  show NAME                            source, profile, tags and overrides\n"
                "  tag NAME +TAG|-TAG…                  add or remove tags (key or key:value)\n"
                "  attach NAME PROFILE@VERSION          attach a profile version (apply it after)\n"
                "  detach NAME                          detach it, dropping the overrides\n"
                "  status [NAME]                        running, updates available, drifted, unreachable…\n"
                "  diff NAME [--carry-overrides]        review what applying would change (exit 1: pending)\n"
                "  apply NAME [--carry-overrides]       apply the attached version and overrides\n"
                "  history NAME                         the releases applied, newest first\n"
                "  override NAME LAYER --values FILE    save this cluster’s values of a layer and apply them\n"
                "  override NAME LAYER --clear          remove that override (and apply)\n"
                "  kubeconfig NAME [-o FILE]            export the kubeconfig (FILE gets mode 0600)\n"
                "  remove NAME [--uninstall]            forget the cluster; --uninstall deletes what\n"
                "                                       Strata applied to it first\n"
                "\n"
                "Most commands take -o json or -o yaml for scripts. Records live in\n"
                "$STRATA_DATA_DIR/clusters, else $XDG_DATA_HOME/strata/clusters.\n"));
  return STRATA_CLI_EXIT_USAGE;
}

int
strata_cli_cluster (int    argc,
                    char **argv)
{
  g_autoptr(StrataStore) profiles = NULL;
  g_autoptr(StrataClusterStore) store = NULL;
  int status;

  if (argc < 2)
    return print_cluster_usage ();

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          profiles = strata_store_new_default ();
          store = strata_cluster_store_new (profiles);
          status = commands[i].run (store, argc - 1, argv + 1);
          return status;
        }
    }

  if (!g_str_equal (argv[1], "--help") && !g_str_equal (argv[1], "-h"))
    g_printerr (_("strata-cli: unknown cluster command “%s”\n"), argv[1]);

  return print_cluster_usage ();
}
