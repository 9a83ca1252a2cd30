/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli profile …: profiles and their versions in the local store. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cli.h"
#include "strata-cluster-store.h"
#include "strata-core.h"

typedef int (*ProfileCommand) (StrataStore *store,
                               int          argc,
                               char       **argv);

static int
load_store (StrataStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  strata_store_load_async (store, NULL, strata_cli_async_ready, &result);
  if (!strata_store_load_finish (store, strata_cli_wait (&result), &error))
    return strata_cli_fail (error);

  problems = strata_store_get_problems (store);
  for (guint i = 0; i < problems->len; i++)
    g_printerr (_("strata-cli: warning: skipped %s\n"),
                ((GError *)g_ptr_array_index (problems, i))->message);

  return 0;
}

static StrataProfile *
require_profile (StrataStore  *store,
                 const char   *name,
                 GError      **error)
{
  StrataProfile *profile = strata_store_find_profile (store, name);

  if (profile == NULL)
    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                 _("no profile named “%s” (see “strata-cli profile list”)"), name);
  return profile;
}

static StrataProfileVersion *
require_version (StrataProfile  *profile,
                 const char     *version,
                 GError        **error)
{
  StrataProfileVersion *item = strata_profile_find_version (profile, version);

  if (item == NULL)
    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                 _("profile “%s” has no version %s"), strata_profile_get_name (profile), version);
  return item;
}

/* The profile document with its versions, for show and list -o json. */
static JsonNode *
profile_to_json (StrataProfile *profile,
                 gboolean       with_layers)
{
  JsonNode *node = strata_profile_to_json (profile);
  JsonObject *object = json_node_get_object (node);
  GListModel *versions = strata_profile_get_versions (profile);
  StrataProfileVersion *latest = strata_profile_get_latest_version (profile);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (versions); i++)
    {
      g_autoptr(StrataProfileVersion) version = g_list_model_get_item (versions, i);

      if (with_layers)
        json_array_add_element (array, strata_profile_version_to_json (version, strata_profile_get_name (profile)));
      else
        json_array_add_string_element (array, strata_profile_version_get_version (version));
    }

  json_object_set_string_member (object, "latestVersion",
                                 latest ? strata_profile_version_get_version (latest) : NULL);
  json_object_set_array_member (object, "versions", array);
  return node;
}

/* list */

static int
profile_list (StrataStore  *store,
              int           argc,
              char        **argv)
{
  GListModel *profiles = strata_store_get_profiles (store);
  StrataCliOutput output;
  g_autoptr(JsonArray) array = json_array_new ();
  int status;

  if ((status = strata_cli_parse_options ("", NULL, &argc, &argv, 0, &output)) >= 0)
    return status;
  if ((status = load_store (store)) != 0)
    return status;

  if (output == STRATA_CLI_OUTPUT_TEXT)
    g_print ("%-24s %-7s %-12s %s\n", _("NAME"), _("TYPE"), _("LATEST"), _("DESCRIPTION"));

  for (guint i = 0; i < g_list_model_get_n_items (profiles); i++)
    {
      g_autoptr(StrataProfile) profile = g_list_model_get_item (profiles, i);
      StrataProfileVersion *latest = strata_profile_get_latest_version (profile);

      if (output != STRATA_CLI_OUTPUT_TEXT)
        json_array_add_element (array, profile_to_json (profile, FALSE));
      else
        g_print ("%-24s %-7s %-12s %s\n",
                 strata_profile_get_name (profile),
                 strata_profile_type_to_string (strata_profile_get_profile_type (profile)),
                 latest ? strata_profile_version_get_version (latest) : "-",
                 strata_profile_get_description (profile) ? strata_profile_get_description (profile) : "");
    }

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);
      strata_cli_print_node (node, output);
    }

  return 0;
}

/* create */

static int
profile_create (StrataStore  *store,
                int           argc,
                char        **argv)
{
  g_autofree char *version = NULL;
  g_autofree char *description = NULL;
  g_autofree char *type_text = NULL;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_STRING, &version, N_("First version (default 1.0.0)"), N_("VERSION") },
    { "description", 'd', 0, G_OPTION_ARG_STRING, &description, N_("Description"), N_("TEXT") },
    { "type", 't', 0, G_OPTION_ARG_STRING, &type_text, N_("add-on (default) or full"), N_("TYPE") },
    { NULL }
  };
  g_autoptr(StrataProfile) profile = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataProfileType type = STRATA_PROFILE_TYPE_ADD_ON;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME"), entries, &argc, &argv, 1, &output)) >= 0)
    return status;

  if (type_text != NULL && !strata_profile_type_from_string (type_text, &type))
    return strata_cli_usage (NULL, _("--type must be add-on or full"));

  if ((status = load_store (store)) != 0)
    return status;

  strata_store_create_profile_async (store, argv[1], type, description, version,
                                     NULL, strata_cli_async_ready, &result);
  profile = strata_store_create_profile_finish (store, strata_cli_wait (&result), &error);
  if (profile == NULL)
    return strata_cli_fail (error);

  if (output == STRATA_CLI_OUTPUT_TEXT)
    g_print (_("Created profile %s version %s\n"), strata_profile_get_name (profile),
             strata_profile_version_get_version (strata_profile_get_latest_version (profile)));
  else
    {
      g_autoptr(JsonNode) node = profile_to_json (profile, TRUE);
      strata_cli_print_node (node, output);
    }

  return 0;
}

/* show */

static void
print_version_text (StrataProfileVersion *version)
{
  GListModel *layers = strata_profile_version_get_layers (version);
  GDateTime *saved_at = strata_profile_version_get_saved_at (version);
  g_autofree char *when = saved_at ? g_date_time_format (saved_at, "%Y-%m-%d %H:%M:%S UTC") : NULL;

  g_print (_("Version %s (revision %u, saved %s)\n"),
           strata_profile_version_get_version (version),
           strata_profile_version_get_revision (version),
           when ? when : "-");
  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(StrataLayer) layer = g_list_model_get_item (layers, i);

      g_print ("  %-24s %-9s %-16s %d\n",
               strata_layer_get_name (layer),
               strata_layer_kind_to_string (strata_layer_get_kind (layer)),
               strata_layer_get_namespace (layer) ? strata_layer_get_namespace (layer) : "-",
               strata_layer_get_priority (layer));
    }
}

static int
profile_show (StrataStore  *store,
              int           argc,
              char        **argv)
{
  g_autofree char *version_text = NULL;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_STRING, &version_text, N_("Show only this version"), N_("VERSION") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  StrataProfile *profile;
  StrataProfileVersion *version = NULL;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME"), entries, &argc, &argv, 1, &output)) >= 0)
    return status;
  if ((status = load_store (store)) != 0)
    return status;

  if ((profile = require_profile (store, argv[1], &error)) == NULL ||
      (version_text != NULL && (version = require_version (profile, version_text, &error)) == NULL))
    return strata_cli_fail (error);

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) node = version
        ? strata_profile_version_to_json (version, strata_profile_get_name (profile))
        : profile_to_json (profile, TRUE);
      strata_cli_print_node (node, output);
      return 0;
    }

  g_print (_("Profile %s (%s)\n"), strata_profile_get_name (profile),
           strata_profile_type_to_string (strata_profile_get_profile_type (profile)));
  if (strata_profile_get_description (profile) && *strata_profile_get_description (profile))
    g_print ("%s\n", strata_profile_get_description (profile));

  if (version != NULL)
    print_version_text (version);
  else
    {
      GListModel *versions = strata_profile_get_versions (profile);

      for (guint i = 0; i < g_list_model_get_n_items (versions); i++)
        {
          g_autoptr(StrataProfileVersion) item = g_list_model_get_item (versions, i);
          print_version_text (item);
        }
    }

  return 0;
}

/* version */

static int
profile_version (StrataStore  *store,
                 int           argc,
                 char        **argv)
{
  g_autofree char *from = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Version to copy (default: the latest)"), N_("VERSION") },
    { NULL }
  };
  g_autoptr(StrataProfileVersion) created = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataProfile *profile;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME NEW-VERSION"), entries, &argc, &argv, 2, &output)) >= 0)
    return status;
  if ((status = load_store (store)) != 0)
    return status;

  if ((profile = require_profile (store, argv[1], &error)) == NULL)
    return strata_cli_fail (error);

  if (from == NULL && strata_profile_get_latest_version (profile) != NULL)
    from = g_strdup (strata_profile_version_get_version (strata_profile_get_latest_version (profile)));

  strata_store_create_version_async (store, profile, from, argv[2],
                                     NULL, strata_cli_async_ready, &result);
  created = strata_store_create_version_finish (store, strata_cli_wait (&result), &error);
  if (created == NULL)
    return strata_cli_fail (error);

  if (output == STRATA_CLI_OUTPUT_TEXT)
    g_print (_("Created version %s of %s from %s\n"),
             strata_profile_version_get_version (created), argv[1], from);
  else
    {
      g_autoptr(JsonNode) node = strata_profile_version_to_json (created, argv[1]);
      strata_cli_print_node (node, output);
    }

  return 0;
}

/* delete */

static int
profile_delete (StrataStore  *store,
                int           argc,
                char        **argv)
{
  g_autofree char *version = NULL;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_STRING, &version, N_("Delete only this version"), N_("VERSION") },
    { NULL }
  };
  g_autoptr(StrataClusterStore) clusters = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataProfile *profile;
  StrataCliOutput output;
  gboolean done;
  int status;

  if ((status = strata_cli_parse_options (_("NAME"), entries, &argc, &argv, 1, &output)) >= 0)
    return status;
  if ((status = load_store (store)) != 0)
    return status;

  /* Loaded, the cluster records let the store refuse a profile in use. */
  clusters = strata_cluster_store_new (store);
  strata_cluster_store_load_async (clusters, NULL, strata_cli_async_ready, &result);
  if (!strata_cluster_store_load_finish (clusters, strata_cli_wait (&result), &error))
    return strata_cli_fail (error);

  if ((profile = require_profile (store, argv[1], &error)) == NULL)
    return strata_cli_fail (error);

  if (version != NULL)
    {
      strata_store_delete_version_async (store, profile, version, NULL, strata_cli_async_ready, &result);
      done = strata_store_delete_version_finish (store, strata_cli_wait (&result), &error);
    }
  else
    {
      strata_store_delete_profile_async (store, profile, NULL, strata_cli_async_ready, &result);
      done = strata_store_delete_profile_finish (store, strata_cli_wait (&result), &error);
    }

  if (!done)
    return strata_cli_fail (error);

  if (version != NULL)
    g_print (_("Deleted version %s of %s\n"), version, argv[1]);
  else
    g_print (_("Deleted profile %s and all its versions\n"), argv[1]);

  return 0;
}

/* history */

static int
profile_history (StrataStore  *store,
                 int           argc,
                 char        **argv)
{
  g_autoptr(GListModel) history = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  StrataProfile *profile;
  StrataProfileVersion *current;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME VERSION"), NULL, &argc, &argv, 2, &output)) >= 0)
    return status;
  if ((status = load_store (store)) != 0)
    return status;

  if ((profile = require_profile (store, argv[1], &error)) == NULL ||
      (current = require_version (profile, argv[2], &error)) == NULL)
    return strata_cli_fail (error);

  strata_store_list_history_async (store, profile, argv[2], NULL, strata_cli_async_ready, &result);
  history = strata_store_list_history_finish (store, strata_cli_wait (&result), &error);
  if (history == NULL)
    return strata_cli_fail (error);

  if (output == STRATA_CLI_OUTPUT_TEXT)
    g_print ("%-9s %-22s %s\n", _("REVISION"), _("SAVED"), _("LAYERS"));

  for (guint i = 0; i <= g_list_model_get_n_items (history); i++)
    {
      /* The revisions under history/, then the current state last. */
      g_autoptr(StrataProfileVersion) item = i < g_list_model_get_n_items (history)
        ? g_list_model_get_item (history, i) : g_object_ref (current);
      GDateTime *saved_at = strata_profile_version_get_saved_at (item);
      g_autofree char *when = saved_at ? g_date_time_format (saved_at, "%Y-%m-%d %H:%M:%S") : NULL;
      guint n_layers = g_list_model_get_n_items (strata_profile_version_get_layers (item));

      if (output != STRATA_CLI_OUTPUT_TEXT)
        json_array_add_element (array, strata_profile_version_to_json (item, argv[1]));
      else
        g_print ("%-9u %-22s %u%s\n", strata_profile_version_get_revision (item),
                 when ? when : "-", n_layers, item == current ? _(" (current)") : "");
    }

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);
      strata_cli_print_node (node, output);
    }

  return 0;
}

/* restore */

static int
profile_restore (StrataStore  *store,
                 int           argc,
                 char        **argv)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataProfile *profile;
  StrataCliOutput output;
  guint64 revision;
  int status;

  if ((status = strata_cli_parse_options (_("NAME VERSION REVISION"), NULL, &argc, &argv, 3, &output)) >= 0)
    return status;

  if (!g_ascii_string_to_unsigned (argv[3], 10, 0, G_MAXUINT, &revision, &error))
    return strata_cli_usage (NULL, error->message);

  if ((status = load_store (store)) != 0)
    return status;

  if ((profile = require_profile (store, argv[1], &error)) == NULL)
    return strata_cli_fail (error);

  strata_store_restore_revision_async (store, profile, argv[2], revision,
                                       NULL, strata_cli_async_ready, &result);
  if (!strata_store_restore_revision_finish (store, strata_cli_wait (&result), &error))
    return strata_cli_fail (error);

  g_print (_("Restored revision %u of %s %s as revision %u\n"), (guint)revision, argv[1], argv[2],
           strata_profile_version_get_revision (strata_profile_find_version (profile, argv[2])));
  return 0;
}

/* layer-set|layer-remove: the older names of `layer set|remove` */

static int
layer_set (StrataStore  *store,
           int           argc,
           char        **argv)
{
  return strata_cli_layer_alias ("set", argc, argv);
}

static int
layer_remove (StrataStore  *store,
              int           argc,
              char        **argv)
{
  return strata_cli_layer_alias ("remove", argc, argv);
}

static const struct {
  const char     *name;
  ProfileCommand  run;
} commands[] = {
  { "list", profile_list },
  { "create", profile_create },
  { "show", profile_show },
  { "version", profile_version },
  { "delete", profile_delete },
  { "history", profile_history },
  { "restore", profile_restore },
  { "layer-set", layer_set },
  { "layer-remove", layer_remove },
};

static int
print_profile_usage (void)
{
  g_printerr ("%s",
              _("Usage: strata-cli profile COMMAND …\n"
                "\n"
                "  list                                 the profiles and their latest versions\n"
                "  create NAME [--version V] [-d TEXT] [-t add-on|full]\n"
                "  show NAME [--version V]              versions and their layers\n"
                "  version NAME NEW-VERSION [--from V]  create a version copying all layers\n"
                "  delete NAME [--version V]            delete a profile, or only one version\n"
                "  history NAME VERSION                 the in-place revisions of a version\n"
                "  restore NAME VERSION REVISION        bring back an earlier revision\n"
                "  layer-set NAME VERSION LAYER …       the same as “layer set NAME@VERSION LAYER …”\n"
                "  layer-remove NAME VERSION LAYER      the same as “layer remove NAME@VERSION LAYER”\n"
                "\n"
                "Every command takes -o json or -o yaml for scripts. Profiles live in\n"
                "$STRATA_DATA_DIR, else $XDG_DATA_HOME/strata.\n"));
  return STRATA_CLI_EXIT_USAGE;
}

int
strata_cli_profile (int    argc,
                    char **argv)
{
  g_autoptr(StrataStore) store = NULL;
  int status;

  if (argc < 2)
    return print_profile_usage ();

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          store = strata_store_new_default ();
          status = commands[i].run (store, argc - 1, argv + 1);
          return status;
        }
    }

  if (!g_str_equal (argv[1], "--help") && !g_str_equal (argv[1], "-h"))
    g_printerr (_("strata-cli: unknown profile command “%s”\n"), argv[1]);

  return print_profile_usage ();
}
