/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli render PROFILE@VERSION: the objects an apply would send. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "strata-cli.h"
#include "strata-core.h"
#include "strata-renderer.h"

static char *cluster_name;
static char *output_format;
static gboolean hash_only;

static const GOptionEntry render_entries[] = {
  { "cluster", 0, 0, G_OPTION_ARG_STRING, &cluster_name,
    N_("Render for this cluster: its name, and its overrides when it uses the profile"), N_("CLUSTER") },
  { "output", 'o', 0, G_OPTION_ARG_STRING, &output_format, N_("Output format: yaml (the default) or json"), N_("FORMAT") },
  { "hash", 0, 0, G_OPTION_ARG_NONE, &hash_only, N_("Print only the render hash"), NULL },
  { NULL }
};

static void
clear_options (void)
{
  g_clear_pointer (&cluster_name, g_free);
  g_clear_pointer (&output_format, g_free);
  hash_only = FALSE;
}

/* "NAME@VERSION", both parts present and the version semantic. */
static gboolean
split_reference (const char  *reference,
                 char       **name,
                 char       **version,
                 GError     **error)
{
  const char *at = strrchr (reference, '@');
  g_autoptr(GError) local_error = NULL;

  if (at == NULL || at == reference || at[1] == '\0')
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("“%s” is not a profile version: write PROFILE@VERSION, like aws-profile@1.0.0"), reference);
      return FALSE;
    }
  if (!strata_semver_validate (at + 1, &local_error))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_VERSION,
                   "%s: %s", reference, local_error->message);
      return FALSE;
    }
  *name = g_strndup (reference, at - reference);
  *version = g_strdup (at + 1);
  return TRUE;
}

static gboolean
load_profiles (StrataStore  *store,
               GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_store_load_async (store, NULL, strata_cli_async_ready, &result);
  if (!strata_store_load_finish (store, strata_cli_wait (&result), error))
    return FALSE;
  strata_cli_print_problems (strata_store_get_problems (store));
  return TRUE;
}

static gboolean
load_registry (StrataPackRegistry  *registry,
               GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_pack_registry_load_async (registry, NULL, strata_cli_async_ready, &result);
  if (!strata_pack_registry_load_finish (registry, strata_cli_wait (&result), error))
    return FALSE;
  strata_cli_print_problems (strata_pack_registry_get_problems (registry));
  return TRUE;
}

/* The cluster's name always; its overrides only when it uses this
 * profile (at any version: overrides belong to layers by name). */
static gboolean
use_cluster (StrataRenderer  *renderer,
             StrataStore     *profiles,
             const char      *profile_name,
             const char      *name,
             GError         **error)
{
  g_autoptr(StrataClusterStore) clusters = strata_cluster_store_new (profiles);
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) layers = NULL;
  StrataCluster *cluster;

  strata_cluster_store_load_async (clusters, NULL, strata_cli_async_ready, &result);
  if (!strata_cluster_store_load_finish (clusters, strata_cli_wait (&result), error))
    return FALSE;
  strata_cli_print_problems (strata_cluster_store_get_problems (clusters));

  if ((cluster = strata_cluster_store_find_cluster (clusters, name)) == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("no cluster named “%s” (see “strata-cli cluster list”)"), name);
      return FALSE;
    }

  strata_renderer_set_cluster (renderer, name, strata_cluster_get_eks_region (cluster));
  if (g_strcmp0 (strata_cluster_get_profile_name (cluster), profile_name) != 0)
    return TRUE;
  layers = strata_cluster_list_overrides (cluster);
  for (guint i = 0; layers[i] != NULL; i++)
    strata_renderer_set_override (renderer, layers[i], strata_cluster_get_override (cluster, layers[i]));
  return TRUE;
}

static void
print_yaml (StrataRenderedSet *set)
{
  for (guint i = 0; i < strata_rendered_set_get_n_layers (set); i++)
    {
      StrataRenderedLayer *layer = strata_rendered_set_get_layer (set, i);

      g_print ("# layer: %s\n", strata_rendered_layer_get_name (layer));
      for (guint j = 0; j < strata_rendered_layer_get_n_objects (layer); j++)
        {
          g_autofree char *text = strata_yaml_emit (strata_rendered_layer_get_object (layer, j), NULL);

          g_print ("---\n%s%s", text, g_str_has_suffix (text, "\n") ? "" : "\n");
        }
    }
}

/* A List, as `kubectl get -o json` prints several objects. */
static void
print_json (StrataRenderedSet *set)
{
  g_autoptr(JsonObject) list = json_object_new ();
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < strata_rendered_set_get_n_layers (set); i++)
    {
      StrataRenderedLayer *layer = strata_rendered_set_get_layer (set, i);

      for (guint j = 0; j < strata_rendered_layer_get_n_objects (layer); j++)
        json_array_add_element (items, json_node_copy (strata_rendered_layer_get_object (layer, j)));
    }
  json_object_set_string_member (list, "apiVersion", "v1");
  json_object_set_string_member (list, "kind", "List");
  json_object_set_array_member (list, "items", g_steal_pointer (&items));
  node = json_node_init_object (json_node_alloc (), list);
  strata_cli_print_node (node, STRATA_CLI_OUTPUT_JSON);
}

static int
render (const char      *reference,
        StrataCliOutput  output)
{
  g_autoptr(StrataStore) profiles = strata_store_new_default ();
  g_autoptr(StrataPackRegistry) registry = strata_pack_registry_new_builtin ();
  g_autoptr(StrataRenderer) renderer = NULL;
  g_autoptr(StrataRenderedSet) set = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *version_text = NULL;
  StrataProfile *profile;
  StrataProfileVersion *version;

  if (!split_reference (reference, &name, &version_text, &error) ||
      !load_profiles (profiles, &error))
    return strata_cli_fail (error);

  if ((profile = strata_store_find_profile (profiles, name)) == NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("no profile named “%s” (see “strata-cli profile list”)"), name);
      return strata_cli_fail (error);
    }
  if ((version = strata_profile_find_version (profile, version_text)) == NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("profile “%s” has no version %s"), name, version_text);
      return strata_cli_fail (error);
    }

  if (!load_registry (registry, &error))
    return strata_cli_fail (error);
  renderer = strata_renderer_new (registry);
  if (cluster_name != NULL && !use_cluster (renderer, profiles, name, cluster_name, &error))
    return strata_cli_fail (error);

  strata_renderer_render_async (renderer, name, version, NULL, strata_cli_async_ready, &result);
  if ((set = strata_renderer_render_finish (renderer, strata_cli_wait (&result), &error)) == NULL)
    return strata_cli_fail (error);

  if (hash_only)
    {
      g_autofree char *hash = strata_rendered_set_compute_hash (set);

      g_print ("%s\n", hash);
    }
  else if (output == STRATA_CLI_OUTPUT_JSON)
    print_json (set);
  else
    print_yaml (set);
  return 0;
}

int
strata_cli_render (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("PROFILE@VERSION"));
  g_autoptr(GError) error = NULL;
  StrataCliOutput output;
  int status;

  g_option_context_set_summary (context,
                                _("Prints the objects a cluster would get from a profile version: layers in "
                                  "install order, each introduced by a “# layer: NAME” comment."));
  g_option_context_add_main_entries (context, render_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      clear_options ();
      return strata_cli_usage (context, error->message);
    }
  if (!strata_cli_parse_output (output_format, &output, &error))
    {
      clear_options ();
      return strata_cli_usage (NULL, error->message);
    }
  if (argc != 2)
    {
      clear_options ();
      return strata_cli_usage (context, _("wrong number of arguments"));
    }

  status = render (argv[1], output);
  clear_options ();
  return status;
}
