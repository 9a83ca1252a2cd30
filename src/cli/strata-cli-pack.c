/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli pack …: the pack catalogue (the built-in Public Repo and pack
 * registries by URL); strata-cli repo …: chart repositories and pack
 * registries added by URL. */

#include "config.h"

#include <string.h>

#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "strata-chart-repository.h"
#include "strata-cli-pack-private.h"
#include "strata-cli.h"

#define PUBLIC_REPO "Public Repo"

/* Shared helpers */

StrataRegistryList *
strata_cli_load_registry_list (GError **error)
{
  g_autoptr(StrataRegistryList) list = strata_registry_list_new_default ();

  if (!strata_registry_list_load (list, error))
    return NULL;

  return g_steal_pointer (&list);
}

static gboolean
is_public (const char *registry)
{
  return registry == NULL || g_ascii_strcasecmp (registry, "public") == 0 ||
         g_str_equal (registry, PUBLIC_REPO);
}

StrataPackRegistry *
strata_cli_load_pack_registry (const char  *registry,
                               GError     **error)
{
  g_autoptr(StrataPackRegistry) packs = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (is_public (registry))
    packs = strata_pack_registry_new_builtin ();
  else
    {
      g_autofree char *folder = strata_chart_cache_dup_packs_folder (registry);

      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                       _("no packs of registry “%s” are in the cache (add one with “strata-cli layer add … "
                         "--pack %s/NAME”)"), registry, registry);
          return NULL;
        }
      packs = strata_pack_registry_new (registry, folder);
    }

  strata_pack_registry_load_async (packs, NULL, strata_cli_async_ready, &result);
  if (!strata_pack_registry_load_finish (packs, strata_cli_wait (&result), error))
    return NULL;

  return g_steal_pointer (&packs);
}

StrataPack *
strata_cli_find_pack (const char  *reference,
                      GError     **error)
{
  const char *slash = strchr (reference, '/');
  g_autofree char *registry = slash != NULL ? g_strndup (reference, slash - reference) : NULL;
  g_autoptr(StrataPackRegistry) packs = strata_cli_load_pack_registry (registry, error);
  StrataPack *pack;

  if (packs == NULL)
    return NULL;

  pack = strata_pack_registry_lookup_reference (packs, slash != NULL ? slash + 1 : reference, error);
  return pack != NULL ? g_object_ref (pack) : NULL;
}

static StrataChartRepository *
open_repository (StrataRegistryList  *list,
                 const char          *name,
                 StrataRegistryType   type,
                 GError             **error)
{
  StrataRegistryEntry *entry = strata_registry_list_lookup (list, name);

  if (entry == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("no %s named “%s” (add it with “strata-cli repo add %s URL%s”)"),
                   type == STRATA_REGISTRY_TYPE_PACKS ? _("pack registry") : _("chart repository"),
                   name, name, type == STRATA_REGISTRY_TYPE_PACKS ? " --packs" : "");
      return NULL;
    }
  if (entry->type != type)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("“%s” is a %s, not a %s"), name,
                   entry->type == STRATA_REGISTRY_TYPE_PACKS ? _("pack registry") : _("chart repository"),
                   type == STRATA_REGISTRY_TYPE_PACKS ? _("pack registry") : _("chart repository"));
      return NULL;
    }

  return strata_chart_repository_new (entry);
}

static void
print_warning (const char *warning)
{
  if (warning != NULL)
    g_printerr (_("strata-cli: warning: %s\n"), warning);
}

char *
strata_cli_fetch (const char          *registry,
                  StrataRegistryType   type,
                  const char          *name,
                  const char          *version,
                  GError             **error)
{
  g_autoptr(StrataRegistryList) list = strata_cli_load_registry_list (error);
  g_autoptr(StrataChartRepository) repository = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *warning = NULL;
  char *fetched;

  if (list == NULL || (repository = open_repository (list, registry, type, error)) == NULL)
    return NULL;

  strata_chart_repository_fetch_async (repository, name, version, NULL, strata_cli_async_ready, &result);
  fetched = strata_chart_repository_fetch_finish (repository, strata_cli_wait (&result), NULL, &warning, error);
  print_warning (warning);
  return fetched;
}

static StrataChartIndex *
update_index (StrataChartRepository  *repository,
              GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *warning = NULL;
  StrataChartIndex *index;

  strata_chart_repository_update_async (repository, NULL, strata_cli_async_ready, &result);
  index = strata_chart_repository_update_finish (repository, strata_cli_wait (&result), &warning, error);
  print_warning (warning);
  return index;
}

/* pack list */

static JsonObject *
row_new (const char *name,
         const char *version,
         const char *category,
         const char *display_name,
         const char *description,
         const char *registry)
{
  JsonObject *row = json_object_new ();

  json_object_set_string_member (row, "name", name);
  json_object_set_string_member (row, "version", version);
  json_object_set_string_member (row, "category", category);
  json_object_set_string_member (row, "displayName", display_name != NULL ? display_name : name);
  json_object_set_string_member (row, "description", description);
  json_object_set_string_member (row, "registry", registry);
  return row;
}

/* What strata_pack_matches() checks, for a registry index entry: the
 * category, case aside, and every word of the search somewhere in the
 * name, display name, description or keywords. */
static gboolean
entry_matches (JsonObject *entry,
               const char *search,
               const char *category)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  JsonArray *keywords = strata_json_object_get_array (entry, "keywords");
  static const char * const fields[] = { "name", "displayName", "description", NULL };

  if (category != NULL && *category != '\0')
    {
      const char *actual = strata_json_object_get_string (entry, "category");
      g_autofree char *wanted_folded = g_utf8_casefold (category, -1);
      g_autofree char *actual_folded = actual != NULL ? g_utf8_casefold (actual, -1) : NULL;

      if (g_strcmp0 (wanted_folded, actual_folded) != 0)
        return FALSE;
    }

  if (search == NULL)
    return TRUE;

  for (guint i = 0; fields[i] != NULL; i++)
    g_string_append_printf (text, "%s\n", strata_json_object_get_string (entry, fields[i]) ?: "");
  for (guint i = 0; keywords != NULL && i < json_array_get_length (keywords); i++)
    if (json_node_get_value_type (json_array_get_element (keywords, i)) == G_TYPE_STRING)
      g_string_append_printf (text, "%s\n", json_array_get_string_element (keywords, i));
  folded = g_utf8_casefold (text->str, -1);

  words = g_strsplit_set (search, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_casefold (words[i], -1);

      if (*word != '\0' && strstr (folded, word) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
add_registry_rows (GPtrArray           *rows,
                   StrataRegistryEntry *registry,
                   const char          *search,
                   const char          *category)
{
  g_autoptr(StrataChartRepository) repository = strata_chart_repository_new (registry);
  g_autoptr(StrataChartIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *names;

  index = update_index (repository, &error);
  if (index == NULL)
    {
      g_printerr (_("strata-cli: warning: skipped pack registry “%s”: %s\n"), registry->name, error->message);
      return;
    }

  names = strata_chart_index_get_names (index);
  for (guint i = 0; names[i] != NULL; i++)
    {
      JsonObject *entry = strata_chart_index_lookup (index, registry->name, names[i], NULL, NULL);

      if (entry != NULL && entry_matches (entry, search, category))
        g_ptr_array_add (rows, row_new (names[i], strata_json_object_get_string (entry, "version"),
                                        strata_json_object_get_string (entry, "category"),
                                        strata_json_object_get_string (entry, "displayName"),
                                        strata_json_object_get_string (entry, "description"),
                                        registry->name));
    }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  JsonObject *row_a = *(JsonObject **)a;
  JsonObject *row_b = *(JsonObject **)b;
  int order = g_strcmp0 (json_object_get_string_member (row_a, "name"), json_object_get_string_member (row_b, "name"));

  return order != 0 ? order : g_strcmp0 (json_object_get_string_member (row_a, "registry"),
                                         json_object_get_string_member (row_b, "registry"));
}

static void
print_rows (GPtrArray       *rows,
            StrataCliOutput  output)
{
  g_autoptr(JsonArray) array = json_array_new ();

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) node = NULL;

      for (guint i = 0; i < rows->len; i++)
        json_array_add_object_element (array, json_object_ref (g_ptr_array_index (rows, i)));
      node = json_node_init_array (json_node_alloc (), array);
      strata_cli_print_node (node, output);
      return;
    }

  g_print ("%-22s %-10s %-14s %-28s %s\n", _("NAME"), _("VERSION"), _("CATEGORY"), _("DISPLAY NAME"), _("REGISTRY"));
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      const char *category = json_object_get_string_member (row, "category");

      g_print ("%-22s %-10s %-14s %-28s %s\n", json_object_get_string_member (row, "name"),
               json_object_get_string_member (row, "version"), category ? category : "-",
               json_object_get_string_member (row, "displayName"), json_object_get_string_member (row, "registry"));
    }
}

static int
pack_list (int    argc,
           char **argv)
{
  g_autofree char *category = NULL;
  g_autofree char *search = NULL;
  g_autofree char *only = NULL;
  const GOptionEntry entries[] = {
    { "category", 'c', 0, G_OPTION_ARG_STRING, &category, N_("Only packs of this category"), N_("CATEGORY") },
    { "search", 's', 0, G_OPTION_ARG_STRING, &search, N_("Only packs whose name or description has TEXT"), N_("TEXT") },
    { "registry", 'r', 0, G_OPTION_ARG_STRING, &only, N_("Only this registry (“public” for Public Repo)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autoptr(StrataRegistryList) list = NULL;
  g_autoptr(GError) error = NULL;
  StrataCliOutput output;
  GPtrArray *registries;
  int status;

  if ((status = strata_cli_parse_options ("", entries, &argc, &argv, 0, &output)) >= 0)
    return status;

  if ((list = strata_cli_load_registry_list (&error)) == NULL)
    return strata_cli_fail (error);

  if (only == NULL || is_public (only))
    {
      g_autoptr(StrataPackRegistry) builtin = strata_cli_load_pack_registry (NULL, &error);
      g_autoptr(GListModel) found = NULL;

      if (builtin == NULL)
        return strata_cli_fail (error);
      found = strata_pack_registry_search (builtin, search, category);
      for (guint i = 0; i < g_list_model_get_n_items (found); i++)
        {
          g_autoptr(StrataPack) pack = g_list_model_get_item (found, i);

          g_ptr_array_add (rows, row_new (strata_pack_get_name (pack), strata_pack_get_version (pack),
                                          strata_pack_get_category (pack), strata_pack_get_display_name (pack),
                                          strata_pack_get_description (pack), PUBLIC_REPO));
        }
    }

  registries = strata_registry_list_get_entries (list);
  for (guint i = 0; i < registries->len; i++)
    {
      StrataRegistryEntry *registry = g_ptr_array_index (registries, i);

      if (registry->type == STRATA_REGISTRY_TYPE_PACKS && (only == NULL || g_str_equal (only, registry->name)))
        add_registry_rows (rows, registry, search, category);
    }

  if (only != NULL && !is_public (only) && strata_registry_list_lookup (list, only) == NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("no pack registry named “%s” (see “strata-cli repo list”)"), only);
      return strata_cli_fail (error);
    }

  g_ptr_array_sort (rows, compare_rows);
  print_rows (rows, output);
  return 0;
}

/* pack versions */

static int
pack_versions (int    argc,
               char **argv)
{
  g_autofree char *registry = NULL;
  const GOptionEntry entries[] = {
    { "registry", 'r', 0, G_OPTION_ARG_STRING, &registry, N_("The registry (default: Public Repo)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(JsonArray) versions = json_array_new ();
  g_autoptr(GError) error = NULL;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME"), entries, &argc, &argv, 1, &output)) >= 0)
    return status;

  if (is_public (registry))
    {
      g_autoptr(StrataPackRegistry) builtin = strata_cli_load_pack_registry (NULL, &error);
      g_autoptr(GListModel) found = NULL;

      if (builtin == NULL)
        return strata_cli_fail (error);
      found = strata_pack_registry_list_versions (builtin, argv[1]);
      for (guint i = 0; i < g_list_model_get_n_items (found); i++)
        {
          g_autoptr(StrataPack) pack = g_list_model_get_item (found, i);
          json_array_add_string_element (versions, strata_pack_get_version (pack));
        }
    }
  else
    {
      g_autoptr(StrataRegistryList) list = strata_cli_load_registry_list (&error);
      g_autoptr(StrataChartRepository) repository = NULL;
      g_autoptr(StrataChartIndex) index = NULL;
      GPtrArray *entries_found;

      if (list == NULL || (repository = open_repository (list, registry, STRATA_REGISTRY_TYPE_PACKS, &error)) == NULL ||
          (index = update_index (repository, &error)) == NULL)
        return strata_cli_fail (error);
      entries_found = strata_chart_index_get_versions (index, argv[1]);
      /* The index lists newest first; print oldest first, as Public Repo does. */
      for (guint i = entries_found != NULL ? entries_found->len : 0; i > 0; i--)
        json_array_add_string_element (versions, strata_json_object_get_string (g_ptr_array_index (entries_found, i - 1),
                                                                                "version"));
    }

  if (json_array_get_length (versions) == 0)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("no pack named “%s” in %s (see “strata-cli pack list”)"), argv[1],
                   is_public (registry) ? PUBLIC_REPO : registry);
      return strata_cli_fail (error);
    }

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), versions);
      strata_cli_print_node (node, output);
    }
  else
    for (guint i = 0; i < json_array_get_length (versions); i++)
      g_print ("%s\n", json_array_get_string_element (versions, i));

  return 0;
}

/* repo add|list|remove|update|fetch */

static gboolean
read_password (char   **password,
               GError **error)
{
  g_autoptr(GInputStream) input = g_unix_input_stream_new (0, FALSE);
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (input);
  g_autoptr(GError) local_error = NULL;

  *password = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &local_error);
  if (*password == NULL || **password == '\0')
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("--username needs the password on standard input (one line)"));
      return FALSE;
    }

  return TRUE;
}

static int
repo_add (int    argc,
          char **argv)
{
  gboolean packs = FALSE;
  g_autofree char *username = NULL;
  const GOptionEntry entries[] = {
    { "packs", 0, 0, G_OPTION_ARG_NONE, &packs, N_("A pack registry, not a chart repository"), NULL },
    { "username", 'u', 0, G_OPTION_ARG_STRING, &username, N_("User name; the password is read from standard input "
                                                            "and kept in the keyring"), N_("USER") },
    { NULL }
  };
  StrataRegistryType type;
  g_autoptr(StrataRegistryList) list = NULL;
  g_autoptr(StrataChartRepository) repository = NULL;
  g_autoptr(StrataChartIndex) index = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME URL"), entries, &argc, &argv, 2, &output)) >= 0)
    return status;
  type = packs ? STRATA_REGISTRY_TYPE_PACKS : STRATA_REGISTRY_TYPE_CHARTS;

  if (username != NULL && !read_password (&password, &error))
    return strata_cli_fail (error);

  if ((list = strata_cli_load_registry_list (&error)) == NULL ||
      !strata_registry_list_add (list, argv[1], argv[2], type, username != NULL, &error))
    return strata_cli_fail (error);

  if (username != NULL)
    {
      strata_chart_repository_store_credentials_async (argv[1], username, password, NULL,
                                                       strata_cli_async_ready, &result);
      if (!strata_chart_repository_store_credentials_finish (strata_cli_wait (&result), &error))
        return strata_cli_fail (error);
    }

  /* As helm does: a repository is added only once its index was read. */
  repository = open_repository (list, argv[1], type, &error);
  if (repository == NULL || (index = update_index (repository, &error)) == NULL ||
      !strata_registry_list_save (list, &error))
    {
      /* Not added: its password must not stay behind in the keyring. */
      if (username != NULL)
        {
          g_autoptr(GAsyncResult) cleared = NULL;

          strata_chart_repository_clear_credentials_async (argv[1], NULL, strata_cli_async_ready, &cleared);
          strata_chart_repository_clear_credentials_finish (strata_cli_wait (&cleared), NULL);
        }
      return strata_cli_fail (error);
    }

  g_print (_("Added %s “%s” (%u %s)\n"), packs ? _("pack registry") : _("chart repository"), argv[1],
           g_strv_length ((GStrv)strata_chart_index_get_names (index)), packs ? _("packs") : _("charts"));
  return 0;
}

static int
repo_list (int    argc,
           char **argv)
{
  g_autoptr(StrataRegistryList) list = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(GError) error = NULL;
  StrataCliOutput output;
  GPtrArray *entries;
  int status;

  if ((status = strata_cli_parse_options ("", NULL, &argc, &argv, 0, &output)) >= 0)
    return status;
  if ((list = strata_cli_load_registry_list (&error)) == NULL)
    return strata_cli_fail (error);

  entries = strata_registry_list_get_entries (list);
  if (output == STRATA_CLI_OUTPUT_TEXT)
    g_print ("%-20s %-7s %s\n", _("NAME"), _("TYPE"), _("URL"));
  for (guint i = 0; i < entries->len; i++)
    {
      StrataRegistryEntry *entry = g_ptr_array_index (entries, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "name", entry->name);
      json_object_set_string_member (object, "type", strata_registry_type_to_string (entry->type));
      json_object_set_string_member (object, "url", entry->url);
      json_object_set_boolean_member (object, "credentials", entry->has_credentials);
      json_array_add_object_element (array, object);
      if (output == STRATA_CLI_OUTPUT_TEXT)
        g_print ("%-20s %-7s %s%s\n", entry->name, strata_registry_type_to_string (entry->type), entry->url,
                 entry->has_credentials ? _(" (password in keyring)") : "");
    }

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);
      strata_cli_print_node (node, output);
    }
  return 0;
}

static int
repo_remove (int    argc,
             char **argv)
{
  g_autoptr(StrataRegistryList) list = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *index = NULL;
  StrataRegistryEntry *entry;
  StrataCliOutput output;
  gboolean had_credentials;
  StrataRegistryType type;
  int status;

  if ((status = strata_cli_parse_options (_("NAME"), NULL, &argc, &argv, 1, &output)) >= 0)
    return status;
  if ((list = strata_cli_load_registry_list (&error)) == NULL)
    return strata_cli_fail (error);

  entry = strata_registry_list_lookup (list, argv[1]);
  had_credentials = entry != NULL && entry->has_credentials;
  type = entry != NULL ? entry->type : STRATA_REGISTRY_TYPE_CHARTS;
  if (!strata_registry_list_remove (list, argv[1], &error) || !strata_registry_list_save (list, &error))
    return strata_cli_fail (error);

  if (had_credentials)
    {
      strata_chart_repository_clear_credentials_async (argv[1], NULL, strata_cli_async_ready, &result);
      if (!strata_chart_repository_clear_credentials_finish (strata_cli_wait (&result), &error))
        g_printerr (_("strata-cli: warning: the keyring still holds the password of “%s”: %s\n"),
                    argv[1], error->message);
    }

  /* A registry added again under this name must not see the old index. */
  index = strata_chart_cache_dup_index_path (type == STRATA_REGISTRY_TYPE_PACKS ? STRATA_CHART_CACHE_PACKS
                                                                                : STRATA_CHART_CACHE_CHARTS, argv[1]);
  g_remove (index);

  g_print (_("Removed “%s”\n"), argv[1]);
  return 0;
}

static int
repo_update (int    argc,
             char **argv)
{
  g_autoptr(StrataRegistryList) list = NULL;
  g_autoptr(GError) error = NULL;
  StrataCliOutput output;
  GPtrArray *entries;
  gboolean failed = FALSE;
  int status;

  if ((status = strata_cli_parse_options (_("[NAME]"), NULL, &argc, &argv, -1, &output)) >= 0)
    return status;
  if ((list = strata_cli_load_registry_list (&error)) == NULL)
    return strata_cli_fail (error);
  if (argc == 2 && strata_registry_list_lookup (list, argv[1]) == NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("no registry named “%s” (see “strata-cli repo list”)"), argv[1]);
      return strata_cli_fail (error);
    }

  entries = strata_registry_list_get_entries (list);
  for (guint i = 0; i < entries->len; i++)
    {
      StrataRegistryEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(StrataChartRepository) repository = NULL;
      g_autoptr(StrataChartIndex) index = NULL;
      g_autoptr(GError) local_error = NULL;

      if (argc == 2 && !g_str_equal (argv[1], entry->name))
        continue;
      repository = strata_chart_repository_new (entry);
      index = update_index (repository, &local_error);
      if (index == NULL)
        {
          g_printerr ("strata-cli: %s\n", local_error->message);
          failed = TRUE;
        }
      else
        g_print (_("%s: %u entries\n"), entry->name, g_strv_length ((GStrv)strata_chart_index_get_names (index)));
    }

  return failed ? STRATA_CLI_EXIT_FAILED : 0;
}

static int
repo_fetch (int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *repository = NULL;
  g_autofree char *chart = NULL;
  g_autofree char *version = NULL;
  g_autofree char *fetched = NULL;
  g_autofree char *path = NULL;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("REPO/CHART[@VERSION]"), NULL, &argc, &argv, 1, &output)) >= 0)
    return status;
  if (!strata_chart_reference_parse (argv[1], &repository, &chart, &version))
    return strata_cli_usage (NULL, _("expected REPO/CHART or REPO/CHART@VERSION"));

  fetched = strata_cli_fetch (repository, STRATA_REGISTRY_TYPE_CHARTS, chart, version, &error);
  if (fetched == NULL)
    return strata_cli_fail (error);

  path = strata_chart_cache_dup_archive_path (STRATA_CHART_CACHE_CHARTS, repository, chart, fetched);
  g_print ("%s\n", path);
  return 0;
}

typedef int (*Command) (int argc, char **argv);

typedef struct
{
  const char *name;
  Command     run;
} CommandEntry;

static int
dispatch (const char *group,
          const CommandEntry *commands,
          guint       n_commands,
          const char *usage,
          int         argc,
          char      **argv)
{
  int status;

  if (argc >= 2)
    for (guint i = 0; i < n_commands; i++)
      if (g_str_equal (argv[1], commands[i].name))
        {
          status = commands[i].run (argc - 1, argv + 1);
          return status;
        }

  if (argc >= 2 && !g_str_equal (argv[1], "--help") && !g_str_equal (argv[1], "-h"))
    g_printerr (_("strata-cli: unknown %s command “%s”\n"), group, argv[1]);
  g_printerr ("%s", usage);
  return STRATA_CLI_EXIT_USAGE;
}

int
strata_cli_pack (int    argc,
                 char **argv)
{
  static const CommandEntry commands[] = {
    { "list", pack_list },
    { "versions", pack_versions },
  };

  return dispatch ("pack", commands, G_N_ELEMENTS (commands),
                   _("Usage: strata-cli pack COMMAND …\n"
                     "\n"
                     "  list [--category C] [--search S] [--registry R]   packs, latest version of each\n"
                     "  versions NAME [--registry R]                      every version of a pack\n"
                     "\n"
                     "Public Repo is built in; add registries with “strata-cli repo add NAME URL --packs”.\n"
                     "Every command takes -o json or -o yaml.\n"),
                   argc, argv);
}

int
strata_cli_repo (int    argc,
                 char **argv)
{
  static const CommandEntry commands[] = {
    { "add", repo_add },
    { "list", repo_list },
    { "remove", repo_remove },
    { "update", repo_update },
    { "fetch", repo_fetch },
  };

  return dispatch ("repo", commands, G_N_ELEMENTS (commands),
                   _("Usage: strata-cli repo COMMAND …\n"
                     "\n"
                     "  add NAME URL [--packs] [--username U]   a chart repository (or pack registry) by URL;\n"
                     "                                          the password is read from standard input\n"
                     "  list                                    the repositories and registries added\n"
                     "  remove NAME\n"
                     "  update [NAME]                           fetch the indexes again\n"
                     "  fetch REPO/CHART[@VERSION]              download a chart into the cache\n"
                     "\n"
                     "The list is $STRATA_DATA_DIR/registries.yaml, else $XDG_DATA_HOME/strata/registries.yaml;\n"
                     "indexes and archives are cached under $XDG_CACHE_HOME/strata for offline use.\n"),
                   argc, argv);
}
