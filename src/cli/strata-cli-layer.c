/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli layer …: the layers of a profile version, edited in place
 * (each save kept as a revision): add from a pack, a chart or a manifest,
 * show or replace values, remove. `profile layer-set|layer-remove` are
 * older names for `layer set|remove` and run this code. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-chart-index.h"
#include "strata-chart-values.h"
#include "strata-cli-pack-private.h"
#include "strata-cli.h"

/* The store, loaded, and the version "NAME@VERSION" names in it. */
static gboolean
open_version (StrataStore            *store,
              const char             *reference,
              StrataProfile         **profile,
              StrataProfileVersion  **version,
              GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *name = NULL;
  const char *at = strrchr (reference, '@');
  GPtrArray *problems;

  if (at == NULL || at == reference || at[1] == '\0')
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("“%s” does not name a profile version (expected NAME@VERSION, like web@1.0.0)"), reference);
      return FALSE;
    }
  name = g_strndup (reference, at - reference);

  strata_store_load_async (store, NULL, strata_cli_async_ready, &result);
  if (!strata_store_load_finish (store, strata_cli_wait (&result), error))
    return FALSE;
  problems = strata_store_get_problems (store);
  for (guint i = 0; i < problems->len; i++)
    g_printerr (_("strata-cli: warning: skipped %s\n"), ((GError *)g_ptr_array_index (problems, i))->message);

  *profile = strata_store_find_profile (store, name);
  if (*profile == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("no profile named “%s” (see “strata-cli profile list”)"), name);
      return FALSE;
    }

  *version = strata_profile_find_version (*profile, at + 1);
  if (*version == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("profile “%s” has no version %s"), name, at + 1);
      return FALSE;
    }

  return TRUE;
}

static StrataLayer *
require_layer (StrataProfileVersion  *version,
               const char            *reference,
               const char            *name,
               GError               **error)
{
  StrataLayer *layer = strata_profile_version_find_layer (version, name);

  if (layer == NULL)
    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                 _("%s has no layer “%s”"), reference, name);
  return layer;
}

/* Refuses text that is not YAML before it reaches the store. */
static gboolean
validate_yaml (const char  *text,
               const char  *what,
               GError     **error)
{
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GError) local_error = NULL;

  if (text == NULL)
    return TRUE;

  documents = strata_yaml_parse_documents (text, -1, &local_error);
  if (documents == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   "%s: %s", what, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* A manifest layer's text: a template, so macros may stand anywhere. */
static gboolean
validate_manifest (const char  *text,
                   const char  *what,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (text == NULL || strata_layer_check_manifest (text, &local_error))
    return TRUE;

  g_set_error (error, local_error->domain, local_error->code,
               "%s: %s", what, local_error->message);
  return FALSE;
}

/* Values for @layer, checked as its source wants: a pack's schema, a
 * chart's values.schema.json, or only YAML when the layer names no source
 * (a layer made with `layer set`). Errors start with @what. */
static gboolean
validate_values (StrataLayer  *layer,
                 const char   *values,
                 const char   *what,
                 GError      **error)
{
  const char *source = strata_layer_get_source (layer);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(StrataPack) pack = NULL;
  gboolean valid = TRUE;

  if (!validate_yaml (values, what, error))
    return FALSE;
  if (source == NULL || *source == '\0')
    return TRUE;

  switch (strata_layer_get_kind (layer))
    {
    case STRATA_LAYER_KIND_PACK:
      pack = strata_cli_find_pack (source, &local_error);
      valid = pack != NULL && strata_pack_validate_values (pack, values, &local_error);
      break;
    case STRATA_LAYER_KIND_HELM:
      valid = strata_chart_values_validate (source, values, &local_error);
      break;
    case STRATA_LAYER_KIND_MANIFEST:
    default:
      break;
    }

  if (!valid)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", what, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static int
save_edit (StrataStore          *store,
           StrataProfile        *profile,
           StrataProfileVersion *edited)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataProfileVersion *stored;

  strata_store_save_version_async (store, profile, edited, NULL, strata_cli_async_ready, &result);
  if (!strata_store_save_version_finish (store, strata_cli_wait (&result), &error))
    return strata_cli_fail (error);

  stored = strata_profile_find_version (profile, strata_profile_version_get_version (edited));
  g_print (_("Saved %s %s (revision %u)\n"), strata_profile_get_name (profile),
           strata_profile_version_get_version (stored),
           strata_profile_version_get_revision (stored));
  return 0;
}

/* layer add */

static StrataLayer *
layer_from_pack (const char  *reference,
                 const char  *name,
                 GError     **error)
{
  const char *slash = strchr (reference, '/');
  g_autoptr(StrataPack) pack = NULL;
  g_autofree char *pinned = NULL;
  StrataLayer *layer;

  /* A registry by URL: fetched into the cache first, then read from there. */
  if (slash != NULL)
    {
      g_autofree char *registry = g_strndup (reference, slash - reference);
      const char *at = strchr (slash + 1, '@');
      g_autofree char *pack_name = at ? g_strndup (slash + 1, at - slash - 1) : g_strdup (slash + 1);
      g_autofree char *version = strata_cli_fetch (registry, STRATA_REGISTRY_TYPE_PACKS, pack_name,
                                                   at ? at + 1 : NULL, error);

      if (version == NULL)
        return NULL;
      pinned = g_strdup_printf ("%s/%s@%s", registry, pack_name, version);
    }

  pack = strata_cli_find_pack (pinned != NULL ? pinned : reference, error);
  if (pack == NULL)
    return NULL;

  layer = strata_pack_create_layer (pack, name);
  if (pinned != NULL)
    strata_layer_set_source (layer, pinned);
  return layer;
}

static StrataLayer *
layer_from_chart (const char  *reference,
                  const char  *name,
                  GError     **error)
{
  g_autofree char *repository = NULL;
  g_autofree char *chart = NULL;
  g_autofree char *version = NULL;
  g_autofree char *source = NULL;
  g_autofree char *defaults = NULL;
  g_autoptr(StrataLayer) layer = NULL;

  if (g_file_test (reference, G_FILE_TEST_EXISTS))
    {
      /* Kept absolute: the profile is used from anywhere. */
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (reference);
      source = g_file_get_path (file);
    }
  else if (strata_chart_reference_parse (reference, &repository, &chart, &version))
    {
      g_autofree char *fetched = strata_cli_fetch (repository, STRATA_REGISTRY_TYPE_CHARTS, chart, version, error);

      if (fetched == NULL)
        return NULL;
      source = g_strdup_printf ("%s/%s@%s", repository, chart, fetched);
    }
  else
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("“%s” is neither a chart folder, a .tgz archive nor REPO/CHART[@VERSION]"), reference);
      return NULL;
    }

  defaults = strata_chart_values_dup_defaults (source, error);
  if (defaults == NULL)
    return NULL;

  layer = strata_layer_new (name, STRATA_LAYER_KIND_HELM);
  strata_layer_set_source (layer, source);
  strata_layer_set_values (layer, defaults);
  return g_steal_pointer (&layer);
}

static StrataLayer *
layer_from_manifest (const char  *path,
                     const char  *name,
                     GError     **error)
{
  g_autofree char *manifest = NULL;
  StrataLayer *layer;

  if (!strata_cli_read_text (path, &manifest, error) || !validate_manifest (manifest, path, error))
    return NULL;

  layer = strata_layer_new (name, STRATA_LAYER_KIND_MANIFEST);
  strata_layer_set_manifest (layer, manifest);
  return layer;
}

static int
layer_add (StrataStore  *store,
           int           argc,
           char        **argv)
{
  g_autofree char *pack = NULL;
  g_autofree char *chart = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *name = NULL;
  g_autofree char *namespace_ = NULL;
  g_autofree char *values_file = NULL;
  g_autofree char *values = NULL;
  int priority = G_MININT;
  const GOptionEntry entries[] = {
    { "pack", 0, 0, G_OPTION_ARG_STRING, &pack, N_("A pack: NAME[@VERSION], or REGISTRY/NAME[@VERSION]"), N_("PACK") },
    { "chart", 0, 0, G_OPTION_ARG_STRING, &chart, N_("A chart folder, a .tgz, or REPO/CHART[@VERSION]"), N_("CHART") },
    { "manifest", 0, 0, G_OPTION_ARG_FILENAME, &manifest, N_("A YAML manifest file (- for standard input)"), N_("FILE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Layer name (default for packs: the pack’s name)"), N_("LAYER") },
    { "namespace", 'n', 0, G_OPTION_ARG_STRING, &namespace_, N_("Target namespace"), N_("NAMESPACE") },
    { "priority", 0, 0, G_OPTION_ARG_INT, &priority, N_("Install priority (lower first)"), N_("N") },
    { "values-file", 0, 0, G_OPTION_ARG_FILENAME, &values_file, N_("Values instead of the defaults"), N_("FILE") },
    { NULL }
  };
  g_autoptr(StrataProfileVersion) edited = NULL;
  g_autoptr(StrataLayer) layer = NULL;
  g_autoptr(GError) error = NULL;
  StrataProfile *profile;
  StrataProfileVersion *version;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME@VERSION"), entries, &argc, &argv, 1, &output)) >= 0)
    return status;

  if ((pack != NULL) + (chart != NULL) + (manifest != NULL) != 1)
    return strata_cli_usage (NULL, _("give one of --pack, --chart or --manifest"));
  if (pack == NULL && name == NULL)
    return strata_cli_usage (NULL, _("--name is needed for a chart or manifest layer"));
  if (name != NULL && !strata_validate_dns_label (name, _("layer name"), &error))
    return strata_cli_fail (error);
  if (values_file != NULL && manifest != NULL)
    return strata_cli_usage (NULL, _("a manifest layer has no values; put everything in the manifest"));

  /* The profile first: a typo there should not cost a download. */
  if (!open_version (store, argv[1], &profile, &version, &error))
    return strata_cli_fail (error);

  if (pack != NULL)
    layer = layer_from_pack (pack, name, &error);
  else if (chart != NULL)
    layer = layer_from_chart (chart, name, &error);
  else
    layer = layer_from_manifest (manifest, name, &error);
  if (layer == NULL)
    return strata_cli_fail (error);

  if (!strata_cli_read_text (values_file, &values, &error) ||
      (values != NULL && !validate_values (layer, values, values_file, &error)))
    return strata_cli_fail (error);
  if (values != NULL)
    strata_layer_set_values (layer, values);
  if (namespace_ != NULL)
    strata_layer_set_namespace (layer, namespace_);
  if (priority != G_MININT)
    strata_layer_set_priority (layer, priority);

  edited = strata_profile_version_copy (version, NULL);
  if (strata_profile_version_find_layer (edited, strata_layer_get_name (layer)) != NULL)
    {
      g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                   _("%s already has a layer “%s” (choose another --name, or remove it first)"),
                   argv[1], strata_layer_get_name (layer));
      return strata_cli_fail (error);
    }
  if (!strata_profile_version_add_layer (edited, layer, &error))
    return strata_cli_fail (error);
  strata_profile_version_sort_layers (edited);

  return save_edit (store, profile, edited);
}

/* layer values */

static int
layer_values (StrataStore  *store,
              int           argc,
              char        **argv)
{
  g_autofree char *set_file = NULL;
  const GOptionEntry entries[] = {
    { "set-file", 0, 0, G_OPTION_ARG_FILENAME, &set_file, N_("Replace the values with this file (- for standard input)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(StrataProfileVersion) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  StrataProfile *profile;
  StrataProfileVersion *version;
  StrataLayer *layer;
  StrataCliOutput output;
  gboolean is_manifest;
  const char *what;
  int status;

  if ((status = strata_cli_parse_options (_("NAME@VERSION LAYER"), entries, &argc, &argv, 2, &output)) >= 0)
    return status;
  if (!open_version (store, argv[1], &profile, &version, &error) ||
      (layer = require_layer (version, argv[1], argv[2], &error)) == NULL)
    return strata_cli_fail (error);

  /* A manifest layer's editable text is its manifest. */
  is_manifest = strata_layer_get_kind (layer) == STRATA_LAYER_KIND_MANIFEST;

  if (set_file == NULL)
    {
      const char *current = is_manifest ? strata_layer_get_manifest (layer) : strata_layer_get_values (layer);

      if (output == STRATA_CLI_OUTPUT_TEXT)
        g_print ("%s", current != NULL ? current : "");
      else
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
          JsonObject *object = json_object_new ();

          json_object_set_string_member (object, "layer", strata_layer_get_name (layer));
          json_object_set_string_member (object, "kind", strata_layer_kind_to_string (strata_layer_get_kind (layer)));
          json_object_set_string_member (object, is_manifest ? "manifest" : "values", current != NULL ? current : "");
          json_node_take_object (node, object);
          strata_cli_print_node (node, output);
        }
      return 0;
    }

  what = g_str_equal (set_file, "-") ? _("standard input") : set_file;
  if (!strata_cli_read_text (set_file, &text, &error) ||
      !(is_manifest ? validate_manifest (text, what, &error) : validate_values (layer, text, what, &error)))
    return strata_cli_fail (error);

  edited = strata_profile_version_copy (version, NULL);
  layer = strata_profile_version_find_layer (edited, argv[2]);
  if (is_manifest)
    strata_layer_set_manifest (layer, text);
  else
    strata_layer_set_values (layer, text);

  return save_edit (store, profile, edited);
}

/* layer remove */

static int
layer_remove (StrataStore  *store,
              int           argc,
              char        **argv)
{
  g_autoptr(StrataProfileVersion) edited = NULL;
  g_autoptr(GError) error = NULL;
  StrataProfile *profile;
  StrataProfileVersion *version;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME@VERSION LAYER"), NULL, &argc, &argv, 2, &output)) >= 0)
    return status;
  if (!open_version (store, argv[1], &profile, &version, &error) ||
      require_layer (version, argv[1], argv[2], &error) == NULL)
    return strata_cli_fail (error);

  edited = strata_profile_version_copy (version, NULL);
  strata_profile_version_remove_layer (edited, argv[2]);
  return save_edit (store, profile, edited);
}

/* layer set: the generic editor (and `profile layer-set`) */

static int
layer_set (StrataStore  *store,
           int           argc,
           char        **argv)
{
  g_autofree char *kind_text = NULL;
  g_autofree char *namespace_ = NULL;
  g_autofree char *source = NULL;
  g_autofree char *values_file = NULL;
  g_autofree char *manifest_file = NULL;
  g_autofree char *values = NULL;
  g_autofree char *manifest = NULL;
  int priority = G_MININT;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("pack, helm or manifest (new layers; default manifest)"), N_("KIND") },
    { "namespace", 'n', 0, G_OPTION_ARG_STRING, &namespace_, N_("Target namespace"), N_("NAMESPACE") },
    { "priority", 0, 0, G_OPTION_ARG_INT, &priority, N_("Install priority (lower first)"), N_("N") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("Pack or chart reference"), N_("REF") },
    { "values-file", 0, 0, G_OPTION_ARG_FILENAME, &values_file, N_("Values YAML (- for standard input)"), N_("FILE") },
    { "manifest-file", 0, 0, G_OPTION_ARG_FILENAME, &manifest_file, N_("Manifest YAML (- for standard input)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(StrataProfileVersion) edited = NULL;
  g_autoptr(GError) error = NULL;
  StrataProfile *profile;
  StrataProfileVersion *version;
  StrataLayer *layer;
  StrataLayerKind kind = STRATA_LAYER_KIND_MANIFEST;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME@VERSION LAYER"), entries, &argc, &argv, 2, &output)) >= 0)
    return status;

  if (kind_text != NULL && !strata_layer_kind_from_string (kind_text, &kind))
    return strata_cli_usage (NULL, _("--kind must be pack, helm or manifest"));

  if (!strata_cli_read_text (values_file, &values, &error) ||
      !strata_cli_read_text (manifest_file, &manifest, &error))
    return strata_cli_fail (error);

  if (!validate_yaml (values, values_file, &error) ||
      !validate_manifest (manifest, manifest_file, &error))
    return strata_cli_fail (error);

  if (!open_version (store, argv[1], &profile, &version, &error))
    return strata_cli_fail (error);

  edited = strata_profile_version_copy (version, NULL);
  layer = strata_profile_version_find_layer (edited, argv[2]);
  if (layer == NULL)
    {
      g_autoptr(StrataLayer) added = NULL;

      if (!strata_validate_dns_label (argv[2], _("layer name"), &error))
        return strata_cli_fail (error);

      added = strata_layer_new (argv[2], kind);
      if (!strata_profile_version_add_layer (edited, added, &error))
        return strata_cli_fail (error);
      layer = added;
    }
  else if (kind_text != NULL && kind != strata_layer_get_kind (layer))
    return strata_cli_usage (NULL, _("a layer's kind cannot change; remove it and add it again"));

  if (namespace_ != NULL)
    strata_layer_set_namespace (layer, namespace_);
  if (source != NULL)
    strata_layer_set_source (layer, source);
  if (values != NULL)
    strata_layer_set_values (layer, values);
  if (manifest != NULL)
    strata_layer_set_manifest (layer, manifest);
  if (priority != G_MININT)
    {
      strata_layer_set_priority (layer, priority);
      strata_profile_version_sort_layers (edited);
    }

  return save_edit (store, profile, edited);
}

typedef int (*LayerCommand) (StrataStore *store,
                             int          argc,
                             char       **argv);

static const struct {
  const char   *name;
  LayerCommand  run;
} commands[] = {
  { "add", layer_add },
  { "values", layer_values },
  { "remove", layer_remove },
  { "set", layer_set },
};

static int
print_layer_usage (void)
{
  g_printerr ("%s",
              _("Usage: strata-cli layer COMMAND …\n"
                "\n"
                "  add NAME@VERSION --pack P[@V] [--name L]           a pack (REGISTRY/P[@V] for a registry by URL)\n"
                "  add NAME@VERSION --chart PATH|REPO/CHART[@V] --name L\n"
                "  add NAME@VERSION --manifest FILE --name L\n"
                "        [-n NAMESPACE] [--priority N] [--values-file F]\n"
                "  values NAME@VERSION LAYER [--set-file F]            print the values, or replace them\n"
                "  remove NAME@VERSION LAYER\n"
                "  set NAME@VERSION LAYER [--kind K] [-n NS] [--priority N] [--source REF]\n"
                "        [--values-file F] [--manifest-file F]          add or edit a layer field by field\n"
                "\n"
                "Every change is an in-place save of the version, kept as a revision\n"
                "(see “strata-cli profile history”).\n"));
  return STRATA_CLI_EXIT_USAGE;
}

int
strata_cli_layer (int    argc,
                  char **argv)
{
  g_autoptr(StrataStore) store = NULL;
  int status;

  if (argc < 2)
    return print_layer_usage ();

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        store = strata_store_new_default ();
        status = commands[i].run (store, argc - 1, argv + 1);
        return status;
      }

  if (!g_str_equal (argv[1], "--help") && !g_str_equal (argv[1], "-h"))
    g_printerr (_("strata-cli: unknown layer command “%s”\n"), argv[1]);

  return print_layer_usage ();
}

/* `profile layer-set NAME VERSION LAYER …` is `layer set NAME@VERSION LAYER …`. */
int
strata_cli_layer_alias (const char  *command,
                        int          argc,
                        char       **argv)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) owned = NULL;
  g_autofree char **view = NULL;
  guint length;
  int i = 1;

  g_strv_builder_add (builder, "layer");
  g_strv_builder_add (builder, command);
  if (argc >= 3 && argv[1][0] != '-' && argv[2][0] != '-')
    {
      g_autofree char *reference = g_strdup_printf ("%s@%s", argv[1], argv[2]);

      g_strv_builder_add (builder, reference);
      i = 3;
    }
  for (; i < argc; i++)
    g_strv_builder_add (builder, argv[i]);

  /* Option parsing reorders the array it is given: hand it a copy of the
   * pointers so that the strings are freed exactly once. */
  owned = g_strv_builder_end (builder);
  length = g_strv_length (owned);
  view = g_memdup2 (owned, sizeof (char *) * (length + 1));
  return strata_cli_layer (length, view);
}
