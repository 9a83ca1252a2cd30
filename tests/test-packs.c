/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "strata-core-error.h"
#include "strata-pack-registry.h"
#include "strata-test-util.h"
#include "strata-yaml.h"

/* The built-in registry, from $STRATA_PACKS_DIR (the source data/packs). */
static StrataPackRegistry *
load_builtin (void)
{
  g_autoptr(StrataPackRegistry) registry = strata_pack_registry_new_builtin ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  strata_pack_registry_load_async (registry, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_pack_registry_load_finish (registry, strata_test_wait (&result), &error));
  g_assert_no_error (error);

  problems = strata_pack_registry_get_problems (registry);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s\n", ((GError *)g_ptr_array_index (problems, i))->message);
  g_assert_cmpuint (problems->len, ==, 0);

  return g_steal_pointer (&registry);
}

static char *
list_names (GListModel *model,
            gboolean    with_versions)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(StrataPack) pack = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (names, ' ');
      g_string_append (names, strata_pack_get_name (pack));
      if (with_versions)
        g_string_append_printf (names, "@%s", strata_pack_get_version (pack));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_builtin_catalogue (void)
{
  g_autoptr(StrataPackRegistry) registry = load_builtin ();
  g_autofree char *names = list_names (strata_pack_registry_get_packs (registry), TRUE);
  g_autofree char *categories = g_strjoinv (", ", (char **)strata_pack_registry_get_categories (registry));
  g_autofree char *expected_folder = strata_pack_registry_dup_builtin_folder ();

  g_assert_cmpstr (strata_pack_registry_get_name (registry), ==, "Public Repo");
  g_assert_cmpstr (strata_pack_registry_get_folder (registry), ==, expected_folder);
  g_assert_cmpstr (expected_folder, ==, g_getenv ("STRATA_PACKS_DIR"));

  /* One row per pack, its latest version, by name. */
  g_assert_cmpstr (names, ==,
                   "cert-manager@1.0.0 cost-analyzer@1.0.0 hello-universe@1.1.0 "
                   "ingress-nginx@1.0.0 metrics-server@1.0.0");
  g_assert_cmpstr (categories, ==, "App Services, Monitoring, Networking, Security");
}

static void
assert_search (StrataPackRegistry *registry,
               const char         *search,
               const char         *category,
               const char         *expected)
{
  g_autoptr(GListModel) found = strata_pack_registry_search (registry, search, category);
  g_autofree char *names = list_names (found, FALSE);

  g_assert_cmpstr (names, ==, expected);
}

static void
test_search (void)
{
  g_autoptr(StrataPackRegistry) registry = load_builtin ();

  assert_search (registry, NULL, NULL,
                 "cert-manager cost-analyzer hello-universe ingress-nginx metrics-server");
  assert_search (registry, "", "", "cert-manager cost-analyzer hello-universe ingress-nginx metrics-server");
  /* By name, display name, description and keywords, ignoring case. */
  assert_search (registry, "cost", NULL, "cost-analyzer");
  assert_search (registry, "KubeCost", NULL, "cost-analyzer");
  assert_search (registry, "Hello Universe", NULL, "hello-universe");
  assert_search (registry, "postgres", NULL, "hello-universe");
  assert_search (registry, "load balancer", NULL, "ingress-nginx");
  assert_search (registry, "tls", NULL, "cert-manager ingress-nginx");
  /* Every word must match. */
  assert_search (registry, "tls acme", NULL, "cert-manager");
  assert_search (registry, "no-such-pack", NULL, "");
  /* By category, alone or with words. */
  assert_search (registry, NULL, "Monitoring", "cost-analyzer metrics-server");
  assert_search (registry, NULL, "monitoring", "cost-analyzer metrics-server");
  assert_search (registry, "cpu", "Monitoring", "metrics-server");
  assert_search (registry, NULL, "App Services", "hello-universe");
  assert_search (registry, NULL, "Networking", "ingress-nginx");
  assert_search (registry, NULL, "Security", "cert-manager");
  assert_search (registry, "cost", "Security", "");
  assert_search (registry, NULL, "Storage", "");
}

static void
test_versions (void)
{
  g_autoptr(StrataPackRegistry) registry = load_builtin ();
  g_autoptr(GListModel) versions = strata_pack_registry_list_versions (registry, "hello-universe");
  g_autoptr(GListModel) none = strata_pack_registry_list_versions (registry, "no-such-pack");
  g_autofree char *listed = list_names (versions, TRUE);
  g_autoptr(GError) error = NULL;
  StrataPack *pack;

  g_assert_cmpstr (listed, ==, "hello-universe@1.0.0 hello-universe@1.1.0");
  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);

  pack = strata_pack_registry_lookup (registry, "hello-universe", NULL);
  g_assert_cmpstr (strata_pack_get_version (pack), ==, "1.1.0");
  pack = strata_pack_registry_lookup (registry, "hello-universe", "1.0.0");
  g_assert_cmpstr (strata_pack_get_version (pack), ==, "1.0.0");
  g_assert_null (strata_pack_registry_lookup (registry, "hello-universe", "9.9.9"));
  g_assert_null (strata_pack_registry_lookup (registry, "nothing", NULL));

  pack = strata_pack_registry_lookup_reference (registry, "hello-universe@1.0.0", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (strata_pack_get_version (pack), ==, "1.0.0");
  pack = strata_pack_registry_lookup_reference (registry, "cost-analyzer", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (strata_pack_get_name (pack), ==, "cost-analyzer");

  g_assert_null (strata_pack_registry_lookup_reference (registry, "hello-universe@2.0.0", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "The pack “hello-universe” has no version 2.0.0 in Public Repo (it has 1.0.0, 1.1.0)");
  g_clear_error (&error);
  g_assert_null (strata_pack_registry_lookup_reference (registry, "kubecost@1.0.0", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Public Repo has no pack named “kubecost”");
}

/* The tutorial edits "replicas" on line 15 and overrides it with
 * "replicas: 2": it must be a top-level value in both versions. */
static void
test_hello_universe (void)
{
  g_autoptr(StrataPackRegistry) registry = load_builtin ();
  g_autoptr(GListModel) versions = strata_pack_registry_list_versions (registry, "hello-universe");

  for (guint i = 0; i < g_list_model_get_n_items (versions); i++)
    {
      g_autoptr(StrataPack) pack = g_list_model_get_item (versions, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) values = strata_yaml_parse (strata_pack_get_values (pack), -1, &error);
      g_auto(GStrv) lines = g_strsplit (strata_pack_get_values (pack), "\n", -1);
      const char * const *templates = strata_pack_get_template_names (pack);
      JsonNode *replicas;

      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (values));
      replicas = json_object_get_member (json_node_get_object (values), "replicas");
      g_assert_nonnull (replicas);
      g_assert_cmpint (json_node_get_value_type (replicas), ==, G_TYPE_INT64);
      g_assert_cmpint (json_node_get_int (replicas), ==, 1);
      g_assert_cmpstr (lines[14], ==, "replicas: 1");

      g_assert_cmpstr (strata_pack_get_display_name (pack), ==, "Hello Universe");
      g_assert_cmpstr (strata_pack_get_category (pack), ==, "App Services");
      g_assert_cmpstr (strata_pack_get_namespace (pack), ==, "hello-universe");
      g_assert_cmpint (strata_pack_get_priority (pack), ==, 100);
      g_assert_nonnull (strata_pack_get_schema (pack));
      g_assert_nonnull (strstr (strata_pack_get_readme (pack), "# Hello Universe"));

      /* Sorted, relative to the pack folder, helpers included. */
      g_assert_true (g_strv_contains (templates, "templates/_helpers.tpl"));
      g_assert_true (g_strv_contains (templates, "templates/ui-deployment.yaml"));
      g_assert_true (g_strv_contains (templates, "templates/postgres-statefulset.yaml"));
      for (guint j = 1; templates[j] != NULL; j++)
        g_assert_cmpint (strcmp (templates[j - 1], templates[j]), <, 0);
      g_assert_nonnull (strstr (strata_pack_get_template (pack, "templates/ui-deployment.yaml"),
                                "replicas: {{ .Values.replicas }}"));
      g_assert_null (strata_pack_get_template (pack, "templates/missing.yaml"));
    }
}

static void
test_values_validation (void)
{
  g_autoptr(StrataPackRegistry) registry = load_builtin ();
  StrataPack *pack = strata_pack_registry_lookup (registry, "hello-universe", "1.0.0");
  StrataPack *cost = strata_pack_registry_lookup (registry, "cost-analyzer", NULL);
  g_autoptr(GError) error = NULL;

  /* The tutorial's override, an empty text, and the pack's own defaults. */
  g_assert_true (strata_pack_validate_values (pack, "replicas: 2\n", &error));
  g_assert_true (strata_pack_validate_values (pack, "", &error));
  g_assert_true (strata_pack_validate_values (pack, strata_pack_get_values (pack), &error));
  g_assert_no_error (error);

  g_assert_false (strata_pack_validate_values (pack, "replicas: two\n", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "values: .replicas: expected integer, got string \"two\"");
  g_clear_error (&error);

  /* Every problem, each with its path. */
  g_assert_false (strata_pack_validate_values (pack,
                                               "replicas: -1\n"
                                               "ui:\n"
                                               "  service:\n"
                                               "    type: Public\n"
                                               "  image:\n"
                                               "    repository: null\n"
                                               "    tag: 1.0\n"
                                               "postgres:\n"
                                               "  password: short\n",
                                               &error));
  g_assert_cmpstr (error->message, ==,
                   "values: .replicas: must be at least 0, got -1\n"
                   "values: .ui.service.type: must be one of \"ClusterIP\", \"NodePort\", \"LoadBalancer\", got \"Public\"\n"
                   "values: .ui.image: the required key “repository” is missing\n"
                   "values: .ui.image.tag: expected string, got number 1.0\n"
                   "values: .postgres.password: must be at least 8 characters long, got 5");
  g_clear_error (&error);

  /* A null removes the default, as in Helm. */
  g_assert_false (strata_pack_validate_values (pack, "replicas: null\n", &error));
  g_assert_cmpstr (error->message, ==, "values: the required key “replicas” is missing");
  g_clear_error (&error);

  g_assert_false (strata_pack_validate_values (pack, "replicas: 1\nreplica: 2\n", &error));
  g_assert_nonnull (strstr (error->message, "values: .replica: is not a known key (known keys: "));
  g_clear_error (&error);

  g_assert_false (strata_pack_validate_values (cost, "replicas: 1\npricing:\n  cpu: cheap\n", &error));
  g_assert_cmpstr (error->message, ==,
                   "values: .pricing.cpu: must match the pattern ^[0-9]+(\\.[0-9]+)?$, got \"cheap\"");
  g_clear_error (&error);

  /* Not YAML, or YAML that is not a mapping. */
  g_assert_false (strata_pack_validate_values (pack, "replicas: [1\n", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "line "));
  g_clear_error (&error);
  g_assert_false (strata_pack_validate_values (pack, "- replicas: 1\n", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "values: expected a mapping of keys to values (key: value), got a list");
}

/* Every pack of the built-in registry passes what the loader checks, and
 * the ones the tutorial and the issue name are there as described. */
static void
test_builtin_packs (void)
{
  g_autoptr(StrataPackRegistry) registry = load_builtin ();
  static const struct { const char *name, *category, *namespace_; gboolean schema; } expected[] = {
    { "hello-universe", "App Services", "hello-universe", TRUE },
    { "cost-analyzer", "Monitoring", "cost-analyzer", TRUE },
    { "metrics-server", "Monitoring", "kube-system", TRUE },
    { "ingress-nginx", "Networking", "ingress-nginx", TRUE },
    { "cert-manager", "Security", "cert-manager", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      StrataPack *pack = strata_pack_registry_lookup (registry, expected[i].name, NULL);
      g_autofree char *reference = strata_pack_dup_reference (pack);
      g_autoptr(StrataLayer) layer = strata_pack_create_layer (pack, NULL);
      g_autofree char *display_name = NULL;

      g_assert_nonnull (pack);
      g_assert_cmpstr (strata_pack_get_category (pack), ==, expected[i].category);
      g_assert_cmpstr (strata_pack_get_namespace (pack), ==, expected[i].namespace_);
      g_assert_cmpint (strata_pack_get_schema (pack) != NULL, ==, expected[i].schema);
      g_assert_nonnull (strata_pack_get_readme (pack));
      g_assert_cmpstr (strata_pack_get_description (pack), !=, "");
      g_object_get (pack, "display-name", &display_name, NULL);
      g_assert_cmpstr (display_name, ==, strata_pack_get_display_name (pack));

      /* A layer made from the pack starts with its defaults. */
      g_assert_cmpint (strata_layer_get_kind (layer), ==, STRATA_LAYER_KIND_PACK);
      g_assert_cmpstr (strata_layer_get_name (layer), ==, expected[i].name);
      g_assert_cmpstr (strata_layer_get_source (layer), ==, reference);
      g_assert_cmpstr (strata_layer_get_namespace (layer), ==, expected[i].namespace_);
      g_assert_cmpint (strata_layer_get_priority (layer), ==, strata_pack_get_priority (pack));
      g_assert_cmpstr (strata_layer_get_values (layer), ==, strata_pack_get_values (pack));
    }

  /* CRDs ship with the controller, and an object of theirs with them. */
  {
    StrataPack *pack = strata_pack_registry_lookup (registry, "cert-manager", NULL);

    g_assert_nonnull (strstr (strata_pack_get_template (pack, "templates/crds.yaml"),
                              "kind: CustomResourceDefinition"));
    g_assert_nonnull (strstr (strata_pack_get_template (pack, "templates/issuers.yaml"),
                              "kind: ClusterIssuer"));
  }
}

/* Without the template engine, what can be checked of a template: with
 * its actions taken out (lines that are only an action dropped, others
 * replaced by a plain word) it is YAML, and every document is an object
 * with apiVersion, kind and metadata.name. */
static void
check_template_yaml (StrataPack *pack,
                     const char *name)
{
  g_autoptr(GRegex) action_line = g_regex_new ("^[ \\t]*\\{\\{.*?\\}\\}[ \\t]*\\n", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) action = g_regex_new ("\\{\\{.*?\\}\\}", 0, 0, NULL);
  g_autofree char *without_lines = NULL;
  g_autofree char *plain = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GError) error = NULL;

  without_lines = g_regex_replace_literal (action_line, strata_pack_get_template (pack, name),
                                           -1, 0, "", 0, &error);
  g_assert_no_error (error);
  plain = g_regex_replace_literal (action, without_lines, -1, 0, "x", 0, &error);
  g_assert_no_error (error);

  documents = strata_yaml_parse_documents (plain, -1, &error);
  if (error != NULL)
    g_error ("%s/%s: %s\n%s", strata_pack_get_folder (pack), name, error->message, plain);
  g_assert_cmpuint (documents->len, >, 0);

  for (guint i = 0; i < documents->len; i++)
    {
      JsonNode *document = g_ptr_array_index (documents, i);
      JsonObject *object, *metadata;

      g_assert_true (JSON_NODE_HOLDS_OBJECT (document));
      object = json_node_get_object (document);
      metadata = json_object_get_object_member (object, "metadata");
      g_assert_true (json_object_has_member (object, "apiVersion"));
      g_assert_true (json_object_has_member (object, "kind"));
      g_assert_nonnull (metadata);
      g_assert_true (json_object_has_member (metadata, "name"));
    }
}

/* The packs use only what the template engine is held to render:
 * .Values, .Release, .Chart, the .Cluster and .Profile macros, and these
 * actions and functions. */
static void
check_template_functions (StrataPack *pack,
                          const char *name)
{
  static const char * const allowed[] = {
    "if", "else", "end", "range", "with", "define", "include",
    "default", "quote", "toYaml", "nindent", "indent", "printf", NULL,
  };
  static const char * const roots[] = {
    "Values", "Release", "Chart", "Cluster", "Profile", NULL,
  };
  g_autoptr(GRegex) action = g_regex_new ("\\{\\{-?\\s*(?!/\\*)(.*?)\\s*-?\\}\\}", G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GRegex) string = g_regex_new ("\"(?:[^\"\\\\]|\\\\.)*\"", 0, 0, NULL);
  g_autoptr(GRegex) word = g_regex_new ("(?<![.\\w$])([A-Za-z_]\\w*)", 0, 0, NULL);
  g_autoptr(GRegex) field = g_regex_new ("(?<![\\w)])\\.([A-Za-z_]\\w*)", 0, 0, NULL);
  g_autoptr(GMatchInfo) actions = NULL;

  g_regex_match (action, strata_pack_get_template (pack, name), 0, &actions);
  for (; g_match_info_matches (actions); g_match_info_next (actions, NULL))
    {
      g_autofree char *body = g_match_info_fetch (actions, 1);
      g_autofree char *code = g_regex_replace_literal (string, body, -1, 0, "\"\"", 0, NULL);
      g_autoptr(GMatchInfo) words = NULL;
      g_autoptr(GMatchInfo) fields = NULL;

      g_regex_match (word, code, 0, &words);
      for (; g_match_info_matches (words); g_match_info_next (words, NULL))
        {
          g_autofree char *found = g_match_info_fetch (words, 1);

          if (!g_strv_contains (allowed, found))
            g_error ("%s/%s: “%s” in {{ %s }} is not one of the functions the engine is held to",
                     strata_pack_get_folder (pack), name, found, body);
        }

      /* A field at the start of a chain must be one of the roots, or the
       * current value (inside with/range) — which starts lower case. */
      g_regex_match (field, code, 0, &fields);
      for (; g_match_info_matches (fields); g_match_info_next (fields, NULL))
        {
          gint start;
          g_autofree char *found = g_match_info_fetch (fields, 1);

          g_match_info_fetch_pos (fields, 0, &start, NULL);
          if (start > 0 && code[start - 1] == '.')
            continue;
          if (g_ascii_isupper (found[0]) && !g_strv_contains (roots, found))
            g_error ("%s/%s: “.%s” in {{ %s }} is not a value the engine provides",
                     strata_pack_get_folder (pack), name, found, body);
        }
    }
}

static void
test_templates (void)
{
  g_autoptr(StrataPackRegistry) registry = load_builtin ();
  GListModel *packs = strata_pack_registry_get_packs (registry);

  for (guint i = 0; i < g_list_model_get_n_items (packs); i++)
    {
      g_autoptr(StrataPack) latest = g_list_model_get_item (packs, i);
      g_autoptr(GListModel) versions = strata_pack_registry_list_versions (registry,
                                                                          strata_pack_get_name (latest));

      for (guint j = 0; j < g_list_model_get_n_items (versions); j++)
        {
          g_autoptr(StrataPack) pack = g_list_model_get_item (versions, j);
          const char * const *names = strata_pack_get_template_names (pack);

          for (guint k = 0; names[k] != NULL; k++)
            {
              g_autofree char *base = g_path_get_basename (names[k]);

              g_test_message ("%s@%s %s", strata_pack_get_name (pack),
                              strata_pack_get_version (pack), names[k]);
              check_template_functions (pack, names[k]);
              if (base[0] != '_')
                check_template_yaml (pack, names[k]);
            }
        }
    }
}

/* Damaged packs: each is left out with an error naming its file and line,
 * and the rest of the registry still loads. */

static void
write_file (const char *folder,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
write_pack (const char *root,
            const char *name,
            const char *version,
            const char *pack_yaml,
            const char *values,
            const char *schema,
            gboolean    templates)
{
  g_autofree char *folder = g_build_filename (root, name, version, NULL);

  write_file (folder, "pack.yaml", pack_yaml);
  write_file (folder, "values.yaml", values);
  if (schema != NULL)
    write_file (folder, "values.schema.json", schema);
  if (templates)
    write_file (folder, "templates/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\n");
}

static StrataPackRegistry *
load_folder (const char  *root,
             GError     **error)
{
  g_autoptr(StrataPackRegistry) registry = strata_pack_registry_new ("Test Repo", root);
  g_autoptr(GAsyncResult) result = NULL;

  strata_pack_registry_load_async (registry, NULL, strata_test_async_ready, &result);
  if (!strata_pack_registry_load_finish (registry, strata_test_wait (&result), error))
    return NULL;

  return g_steal_pointer (&registry);
}

static void
test_damaged_packs (void)
{
  g_autofree char *root = strata_test_make_folder ();
  g_autoptr(StrataPackRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  GPtrArray *problems;
  static const char * const expected[] = {
    "bad-defaults/1.0.0/values.yaml: the defaults do not pass values.schema.json:\n"
      "values: .replicas: expected integer, got string \"one\"",
    "bad-priority/1.0.0/pack.yaml: line 6: “layer.priority” must be a whole number (lower installs first)",
    "bad-schema/1.0.0/values.schema.json: line 2, column 19: unexpected character `,', expected string constant",
    "bad-schema-keyword/1.0.0/values.schema.json: #/properties/replicas/type: expected a type name",
    "bad-values/1.0.0/values.yaml: line 2, column ",
    "bad-version/1.0/: a pack's version folders must be named by version",
    "broken-yaml/1.0.0/pack.yaml: line 5, column 1: did not find expected ',' or ']' (while parsing a flow sequence at line 4, column 11)",
    "mismatch/2.0.0/pack.yaml: line 3: version 1.0.0 is in the folder “2.0.0”; name the folder 1.0.0",
    "no-category/1.0.0/pack.yaml: “category” is missing",
    "no-templates/1.0.0: the pack has no templates folder",
    "unknown-key/1.0.0/pack.yaml: line 5: unknown key “dispayName” (known: name, version, displayName, category, description, keywords, layer)",
    "wrong-name/1.0.0/pack.yaml: line 2: the pack “other” is in the folder “wrong-name”; name the folder other",
  };

  write_pack (root, "good", "1.0.0", "name: good\nversion: 1.0.0\ncategory: Testing\n",
              "replicas: 1\n", "{\"properties\": {\"replicas\": {\"type\": \"integer\"}}}", TRUE);
  write_pack (root, "good", "1.10.0", "name: good\nversion: 1.10.0\ncategory: Testing\n",
              "replicas: 1\n", NULL, TRUE);
  write_pack (root, "good", "1.9.0-rc.1", "name: good\nversion: 1.9.0-rc.1\ncategory: Testing\n",
              "replicas: 1\n", NULL, TRUE);
  write_pack (root, "broken-yaml", "1.0.0",
              "# comment\nname: broken-yaml\nversion: 1.0.0\ncategory: [Testing\n", "", NULL, TRUE);
  write_pack (root, "unknown-key", "1.0.0",
              "# comment\nname: unknown-key\nversion: 1.0.0\ncategory: Testing\ndispayName: X\n", "", NULL, TRUE);
  write_pack (root, "mismatch", "2.0.0", "# comment\nname: mismatch\nversion: 1.0.0\ncategory: Testing\n",
              "", NULL, TRUE);
  write_pack (root, "wrong-name", "1.0.0", "# comment\nname: other\nversion: 1.0.0\ncategory: Testing\n",
              "", NULL, TRUE);
  write_pack (root, "no-category", "1.0.0", "name: no-category\nversion: 1.0.0\n", "", NULL, TRUE);
  write_pack (root, "bad-priority", "1.0.0",
              "name: bad-priority\nversion: 1.0.0\ncategory: Testing\nlayer:\n  namespace: ok\n  priority: high\n",
              "", NULL, TRUE);
  write_pack (root, "bad-version", "1.0", "name: bad-version\nversion: 1.0\ncategory: Testing\n",
              "", NULL, TRUE);
  write_pack (root, "no-templates", "1.0.0", "name: no-templates\nversion: 1.0.0\ncategory: Testing\n",
              "", NULL, FALSE);
  write_pack (root, "bad-values", "1.0.0", "name: bad-values\nversion: 1.0.0\ncategory: Testing\n",
              "replicas: 1\n  oops: [\n", NULL, TRUE);
  write_pack (root, "bad-defaults", "1.0.0", "name: bad-defaults\nversion: 1.0.0\ncategory: Testing\n",
              "replicas: one\n", "{\"properties\": {\"replicas\": {\"type\": \"integer\"}}}", TRUE);
  write_pack (root, "bad-schema", "1.0.0", "name: bad-schema\nversion: 1.0.0\ncategory: Testing\n",
              "", "{\n  \"type\": \"object\",\n", TRUE);
  write_pack (root, "bad-schema-keyword", "1.0.0",
              "name: bad-schema-keyword\nversion: 1.0.0\ncategory: Testing\n",
              "", "{\"properties\": {\"replicas\": {\"type\": \"int\"}}}", TRUE);
  write_file (root, "README.md", "Not a pack: ignored.\n");
  write_file (root, ".hidden/1.0.0/pack.yaml", "ignored: true\n");

  registry = load_folder (root, &error);
  g_assert_no_error (error);

  names = list_names (strata_pack_registry_get_packs (registry), TRUE);
  g_assert_cmpstr (names, ==, "good@1.10.0");
  {
    g_autoptr(GListModel) versions = strata_pack_registry_list_versions (registry, "good");
    g_autofree char *listed = list_names (versions, TRUE);

    /* Semver order: a pre-release before its release, 1.9 before 1.10. */
    g_assert_cmpstr (listed, ==, "good@1.0.0 good@1.9.0-rc.1 good@1.10.0");
  }

  problems = strata_pack_registry_get_problems (registry);
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *wanted = g_build_filename (root, expected[i], NULL);
      gboolean found = FALSE;

      /* g_build_filename drops the trailing "/" of bad-version's folder. */
      if (g_str_has_suffix (expected[i], "/: a pack's version folders must be named by version"))
        {
          g_free (wanted);
          wanted = g_strdup_printf ("%s/bad-version/1.0: a pack's version folders must be named by version", root);
        }

      for (guint j = 0; j < problems->len && !found; j++)
        found = g_str_has_prefix (((GError *)g_ptr_array_index (problems, j))->message, wanted);
      if (!found)
        {
          for (guint j = 0; j < problems->len; j++)
            g_printerr ("problem: %s\n", ((GError *)g_ptr_array_index (problems, j))->message);
          g_error ("no problem starts with: %s", wanted);
        }
    }

  strata_test_remove_tree (root);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *changes)
{
  (*changes)++;
}

/* Loading again picks up what changed on disk, in the same model. */
static void
test_reload (void)
{
  g_autofree char *root = strata_test_make_folder ();
  g_autoptr(StrataPackRegistry) registry = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  GListModel *packs;
  guint changes = 0;

  write_pack (root, "first", "1.0.0", "name: first\nversion: 1.0.0\ncategory: A\n", "", NULL, TRUE);
  registry = load_folder (root, &error);
  g_assert_no_error (error);
  packs = strata_pack_registry_get_packs (registry);
  g_assert_cmpuint (g_list_model_get_n_items (packs), ==, 1);
  g_signal_connect (packs, "items-changed", G_CALLBACK (on_items_changed), &changes);

  write_pack (root, "second", "0.1.0", "name: second\nversion: 0.1.0\ncategory: B\n", "", NULL, TRUE);
  strata_pack_registry_load_async (registry, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_pack_registry_load_finish (registry, strata_test_wait (&result), &error));
  g_assert_no_error (error);

  g_assert_true (packs == strata_pack_registry_get_packs (registry));
  g_assert_cmpuint (changes, ==, 1);
  names = list_names (packs, FALSE);
  g_assert_cmpstr (names, ==, "first second");
  g_assert_cmpstr (strata_pack_registry_get_categories (registry)[1], ==, "B");

  strata_test_remove_tree (root);
}

static void
test_missing_folder (void)
{
  g_autoptr(StrataPackRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;

  registry = load_folder ("/nonexistent/strata/packs", &error);
  g_assert_null (registry);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "The pack registry folder cannot be read: "));
}

static void
test_cancelled (void)
{
  g_autoptr(StrataPackRegistry) registry = strata_pack_registry_new_builtin ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  strata_pack_registry_load_async (registry, cancellable, strata_test_async_ready, &result);
  g_assert_false (strata_pack_registry_load_finish (registry, strata_test_wait (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (g_list_model_get_n_items (strata_pack_registry_get_packs (registry)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/packs/registry/builtin", test_builtin_catalogue);
  g_test_add_func ("/core/packs/registry/search", test_search);
  g_test_add_func ("/core/packs/registry/versions", test_versions);
  g_test_add_func ("/core/packs/registry/damaged", test_damaged_packs);
  g_test_add_func ("/core/packs/registry/reload", test_reload);
  g_test_add_func ("/core/packs/registry/missing-folder", test_missing_folder);
  g_test_add_func ("/core/packs/registry/cancelled", test_cancelled);
  g_test_add_func ("/core/packs/pack/hello-universe", test_hello_universe);
  g_test_add_func ("/core/packs/pack/values", test_values_validation);
  g_test_add_func ("/core/packs/pack/builtin", test_builtin_packs);
  g_test_add_func ("/core/packs/pack/templates", test_templates);

  return g_test_run ();
}
