/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests for the template engine: its API and messages, and the conformance
 * table in tests/template/ (see its README): every case rendered by the
 * engine must equal what `helm template` printed for it, recorded in
 * tests/template/expected/. When a helm binary is at hand ($STRATA_HELM,
 * or the cache tests/helm/helm-fetch fills), each case is also run through
 * it live and compared. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "strata-template.h"
#include "strata-template-chart.h"

#define HELM_VERSION "3.17.3"

static char *helm_path;

/* Helpers */

static const char *
source_dir (void)
{
  const char *dir = g_getenv ("STRATA_SOURCE_DIR");

  return dir != NULL ? dir : ".";
}

static char *
render_text (const char  *text,
             const char  *values_yaml,
             GError     **error)
{
  g_autoptr(StrataTemplate) template = strata_template_new ();
  g_autoptr(StrataTemplateContext) context = strata_template_context_new ();
  g_autoptr(JsonNode) values = NULL;

  if (!strata_template_parse (template, "test/templates/t.yaml", text, error))
    return NULL;
  values = strata_template_parse_values (values_yaml != NULL ? values_yaml : "", -1, error);
  g_assert_nonnull (values);
  return strata_template_render_with_context (template, "test/templates/t.yaml", context, values, error);
}

static void
assert_renders (const char *text,
                const char *values_yaml,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = render_text (text, values_yaml, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (output, ==, expected);
}

static void
assert_fails (const char *text,
              const char *values_yaml,
              int         code,
              const char *expected_message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = render_text (text, values_yaml, &error);

  g_assert_null (output);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, code);
  g_assert_cmpstr (error->message, ==, expected_message);
}

/* API and messages */

static void
test_render_basics (void)
{
  assert_renders ("a{{- \" b \" -}}c {{ .Values.x }} {{ .Release.Name }}", "x: 1000000", "a b c 1e+06 release-name");
  /* YAML 1.1, as Helm reads it: the key "on" is true, and 0777 is octal. */
  assert_renders ("{{ .Values.missing }}|{{ .Values.on }}|{{ index .Values \"true\" }}|{{ .Values.y }}",
                  "on: yes\n'y': 0777", "||true|511");
  assert_renders ("{{ range $k, $v := .Values }}{{ $k }}={{ $v }};{{ end }}", "b: 2\na: [1, x]", "a=[1 x];b=2;");
}

static void
test_macros (void)
{
  g_autoptr(StrataTemplate) template = strata_template_new ();
  g_autoptr(StrataTemplateContext) context = strata_template_context_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  g_object_set (context, "cluster-name", "prod-eu", "cluster-region", "eu-west-1",
                "profile-name", "aws-profile", "profile-version", "1.1.0", "release-name", "ui",
                "namespace", "hello", NULL);
  g_assert_true (strata_template_parse (template, "p/templates/m.yaml",
                                        "{{ .Cluster.Name }}/{{ .Cluster.Region }}/{{ .Profile.Name }}@"
                                        "{{ .Profile.Version }} {{ .Release.Namespace }}/{{ .Release.Name }}",
                                        &error));
  output = strata_template_render_with_context (template, "p/templates/m.yaml", context, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (output, ==, "prod-eu/eu-west-1/aws-profile@1.1.0 hello/ui");
}

static void
test_plain_render (void)
{
  g_autoptr(StrataTemplate) template = strata_template_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  g_assert_true (json_parser_load_from_data (parser, "{\"name\": \"web\", \"ports\": [80, 443]}", -1, NULL));
  g_assert_true (strata_template_parse (template, "manifest", "{{ .name }}:{{ range .ports }} {{ . }}{{ end }}", &error));
  g_assert_true (strata_template_has_template (template, "manifest"));
  g_assert_false (strata_template_has_template (template, "other"));
  output = strata_template_render (template, "manifest", json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (output, ==, "web: 80 443");

  g_clear_pointer (&output, g_free);
  output = strata_template_render (template, "other", NULL, &error);
  g_assert_null (output);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_NOT_FOUND);
}

static void
test_errors_name_the_place (void)
{
  /* An unknown function is a parse error with line and column, never "". */
  assert_fails ("a: 1\nb: {{ .Values.x | uper }}\n", NULL, STRATA_TEMPLATE_ERROR_PARSE,
                "parse error at (test/templates/t.yaml:2:18): function \"uper\" not defined");
  assert_fails ("{{ toToml . }}", NULL, STRATA_TEMPLATE_ERROR_PARSE,
                "parse error at (test/templates/t.yaml:1:3): function \"toToml\" not defined (a Helm "
                "function Strata's template engine does not implement; render this chart with helm)");
  assert_fails ("x\n  {{ .Values.a.b.c }}", "a: {}", STRATA_TEMPLATE_ERROR_EXECUTE,
                "template: test/templates/t.yaml:2:12: executing \"test/templates/t.yaml\" at "
                "<.Values.a.b.c>: nil pointer evaluating interface {}.c");
  assert_fails ("{{ required \"image.tag is required\" .Values.image.tag }}", "image: {}",
                STRATA_TEMPLATE_ERROR_REQUIRED,
                "execution error at (test/templates/t.yaml:1:3): image.tag is required");
  assert_fails ("{{ if .Values.a }}", NULL, STRATA_TEMPLATE_ERROR_PARSE,
                "parse error at (test/templates/t.yaml:1:18): unexpected EOF");
}

static void
test_parse_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) values = strata_template_parse_values ("a: yes\nb: 1\nnothing:\n", -1, &error);
  g_autoptr(JsonNode) empty = strata_template_parse_values ("# nothing\n", -1, &error);
  g_autoptr(JsonNode) bad = NULL;
  JsonObject *object;

  g_assert_no_error (error);
  object = json_node_get_object (values);
  g_assert_true (json_object_get_boolean_member (object, "a"));
  g_assert_cmpfloat (json_object_get_double_member (object, "b"), ==, 1.0);
  g_assert_true (json_object_get_null_member (object, "nothing"));
  g_assert_cmpuint (json_object_get_size (json_node_get_object (empty)), ==, 0);

  bad = strata_template_parse_values ("- a\n", -1, &error);
  g_assert_null (bad);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID);
  g_clear_error (&error);
  bad = strata_template_parse_values ("a: [1\n", -1, &error);
  g_assert_null (bad);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "error converting YAML to JSON: yaml: line "));
}

static void
test_context (void)
{
  g_autoptr(StrataTemplateContext) context = strata_template_context_new ();
  g_autoptr(GError) error = NULL;
  const char * const extra[] = { "example.com/v1", NULL };

  g_assert_cmpstr (strata_template_context_get_kube_version (context), ==, "v1.32.0");
  g_assert_true (strata_template_context_set_kube_version (context, "1.29", &error));
  g_assert_cmpstr (strata_template_context_get_kube_version (context), ==, "v1.29.0");
  g_assert_true (strata_template_context_set_kube_version (context, "v1.30.2-eks-1a2b", &error));
  g_assert_cmpstr (strata_template_context_get_kube_version (context), ==, "v1.30.2-eks-1a2b");
  g_assert_false (strata_template_context_set_kube_version (context, "1.2.3.4", &error));
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID);

  g_assert_true (g_strv_contains (strata_template_context_get_api_versions (context), "apps/v1"));
  strata_template_context_add_api_versions (context, extra);
  g_assert_true (g_strv_contains (strata_template_context_get_api_versions (context), "example.com/v1"));
  g_assert_true (g_strv_contains (strata_template_context_get_api_versions (context), "apps/v1"));
  strata_template_context_set_api_versions (context, extra);
  g_assert_false (g_strv_contains (strata_template_context_get_api_versions (context), "apps/v1"));
  strata_template_context_set_api_versions (context, NULL);
  g_assert_true (g_strv_contains (strata_template_context_get_api_versions (context), "apps/v1"));
}

static void
add_text_file (StrataTemplateChart *chart,
               const char          *path,
               const char          *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  g_assert_true (strata_template_chart_add_file (chart, path, bytes, &error));
  g_assert_no_error (error);
}

static void
test_chart_api (void)
{
  g_autoptr(StrataTemplateChart) chart = strata_template_chart_new ();
  g_autoptr(StrataTemplateContext) context = strata_template_context_new ();
  g_autoptr(GHashTable) rendered = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) values = strata_template_parse_values ("replicas: 2\n", -1, NULL);
  g_autofree char *manifest = NULL;

  add_text_file (chart, "Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
  add_text_file (chart, "values.yaml", "replicas: 1\nimage: nginx\n");
  add_text_file (chart, "templates/_helpers.tpl", "{{ define \"web.name\" }}{{ .Chart.Name }}-x{{ end }}");
  add_text_file (chart, "templates/b.yaml", "kind: Service\nmetadata:\n  name: {{ include \"web.name\" . }}\n");
  add_text_file (chart, "templates/a.yaml", "kind: Deployment\nspec:\n  replicas: {{ .Values.replicas }}\n"
                                            "  image: {{ .Values.image }}\n");
  add_text_file (chart, "templates/NOTES.txt", "Installed {{ .Release.Name }}.\n");
  g_assert_cmpstr (strata_template_chart_get_name (chart), ==, "web");

  rendered = strata_template_chart_render (chart, context, values, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (rendered), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (rendered, "web/templates/NOTES.txt"), ==, "Installed release-name.\n");
  g_assert_false (g_hash_table_contains (rendered, "web/templates/_helpers.tpl"));

  manifest = strata_template_chart_render_manifest (chart, context, values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (manifest, ==,
                   "---\n# Source: web/templates/b.yaml\nkind: Service\nmetadata:\n  name: web-x\n"
                   "---\n# Source: web/templates/a.yaml\nkind: Deployment\nspec:\n  replicas: 2\n  image: nginx\n");

  add_text_file (chart, "charts/db/Chart.yaml", "name: db\n");
  g_clear_pointer (&manifest, g_free);
  manifest = strata_template_chart_render_manifest (chart, context, values, &error);
  g_assert_null (manifest);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "install helm"));
}

static void
test_recursion_stops (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  guint includes = 0;

  /* Helm's limit on one name (1000 nested includes) and its message… */
  output = render_text ("{{ define \"loop\" }}{{ include \"loop\" . }}{{ end }}{{ include \"loop\" . }}",
                        NULL, &error);
  g_assert_null (output);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_EXECUTE);
  for (const char *p = error->message; (p = strstr (p, "error calling include")) != NULL; p++)
    includes++;
  g_assert_cmpuint (includes, ==, 1002);
  g_assert_true (g_str_has_suffix (error->message,
                                   "rendering template has a nested reference name: loop: unable to execute template"));
  g_clear_error (&error);

  /* …and ours on any nesting, which keeps the C stack safe. */
  output = render_text ("{{ define \"t\" }}{{ template \"t\" . }}{{ end }}{{ template \"t\" . }}", NULL, &error);
  g_assert_null (output);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_EXECUTE);
  g_assert_true (g_str_has_suffix (error->message, "exceeded maximum template depth (1500)"));
  g_clear_error (&error);

  output = render_text ("{{ define \"t\" }}{{ tpl \"{{ include \\\"t\\\" . }}\" . }}{{ end }}{{ include \"t\" . }}",
                        NULL, &error);
  g_assert_null (output);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_EXECUTE);
  g_assert_nonnull (strstr (error->message, "exceeded maximum template depth"));
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  /* Go's parser has no limit; ours refuses what would exhaust a C stack. */
  for (int i = 0; i < 600; i++)
    g_string_append (text, "{{ if true }}");
  for (int i = 0; i < 600; i++)
    g_string_append (text, "{{ end }}");
  output = render_text (text->str, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "too deeply nested"));
  g_clear_error (&error);

  g_string_assign (text, "{{ ");
  for (int i = 0; i < 600; i++)
    g_string_append (text, "(");
  g_string_append (text, "1");
  for (int i = 0; i < 600; i++)
    g_string_append (text, ")");
  g_string_append (text, " }}");
  g_clear_pointer (&output, g_free);
  output = render_text (text->str, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_PARSE);

  /* Deep but within the limit renders. */
  g_string_assign (text, "");
  for (int i = 0; i < 100; i++)
    g_string_append (text, "{{ with . }}");
  g_string_append (text, "x");
  for (int i = 0; i < 100; i++)
    g_string_append (text, "{{ end }}");
  g_clear_error (&error);
  g_clear_pointer (&output, g_free);
  output = render_text (text->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (output, ==, "x");
}

static void
test_no_cycles (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  /* Go lets a map hold itself and then overflows its stack printing it;
   * Strata refuses to build the cycle. */
  output = render_text ("{{ $d := dict }}{{ $_ := set $d \"self\" (list $d) }}{{ $d }}", NULL, &error);
  g_assert_null (output);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_EXECUTE);
  g_assert_nonnull (strstr (error->message, "error calling set: the value for \"self\" holds the map itself"));
  g_clear_error (&error);

  output = render_text ("{{ $d := dict }}{{ $_ := merge $d (dict \"a\" $d) }}", NULL, &error);
  g_assert_null (output);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_EXECUTE);
  g_clear_error (&error);

  output = render_text ("{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"copy\" (deepCopy $d) }}{{ $d | toJson }}",
                        NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (output, ==, "{\"a\":1,\"copy\":{\"a\":1}}");
}

static void
test_bad_charts (void)
{
  g_autoptr(StrataTemplateChart) chart = strata_template_chart_new ();
  g_autoptr(GBytes) no_name = g_bytes_new_static ("apiVersion: v2\nversion: 1.0.0\n", 30);
  g_autoptr(GBytes) bad_values = g_bytes_new_static ("a: .inf\n", 8);
  g_autoptr(GBytes) broken = g_bytes_new_static ("a: [\n", 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *manifest = NULL;

  g_assert_false (strata_template_chart_add_file (chart, "Chart.yaml", no_name, &error));
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "chart.metadata.name is required"));
  g_clear_error (&error);

  g_assert_false (strata_template_chart_add_file (chart, "values.yaml", bad_values, &error));
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "values.yaml: "));
  g_assert_nonnull (strstr (error->message, "unsupported value: +Inf"));
  g_clear_error (&error);

  g_assert_false (strata_template_chart_add_file (chart, "Chart.yaml", broken, &error));
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Chart.yaml: error converting YAML to JSON: yaml: line "));
  g_clear_error (&error);

  manifest = strata_template_chart_render_manifest (chart, NULL, NULL, &error);
  g_assert_null (manifest);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID);
}

static void remove_tree (const char *path);

static void
test_chart_directory (void)
{
  g_autofree char *directory = g_dir_make_tmp ("strata-template-chart-XXXXXX", NULL);
  g_autofree char *templates = g_build_filename (directory, "templates", NULL);
  g_autoptr(StrataTemplateChart) chart = NULL;
  g_autoptr(GHashTable) rendered = NULL;
  g_autoptr(GError) error = NULL;
  const struct { const char *path; const char *text; } files[] = {
    { "Chart.yaml", "apiVersion: v2\nname: folder\nversion: 0.2.0\n" },
    { ".helmignore", "# comment\n*.bak\nsecret/\n" },
    { "notes.bak", "ignored" },
    { "config.txt", "kept" },
    { "secret/key", "ignored" },
    { "templates/cm.yaml", "files: {{ range $path, $_ := .Files }}{{ $path }} {{ end }}\n" },
  };

  g_assert_cmpint (g_mkdir_with_parents (templates, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (directory, files[i].path, NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
      g_assert_true (g_file_set_contents (path, files[i].text, -1, NULL));
    }

  chart = strata_template_chart_new_for_directory (directory, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (strata_template_chart_get_name (chart), ==, "folder");
  rendered = strata_template_chart_render (chart, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (rendered, "folder/templates/cm.yaml"), ==, "files: config.txt \n");

  g_clear_object (&chart);
  chart = strata_template_chart_new_for_directory (templates, &error);
  g_assert_null (chart);
  g_assert_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID);
  remove_tree (directory);
}

/* The conformance table */

typedef struct
{
  char       *name;
  GHashTable *options;   /* header "key: value" lines */
  GPtrArray  *paths;
  GPtrArray  *contents;  /* of GBytes */
} Case;

static void
case_free (Case *c)
{
  g_free (c->name);
  g_hash_table_unref (c->options);
  g_ptr_array_unref (c->paths);
  g_ptr_array_unref (c->contents);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Case, case_free)

/* txtar: a header, then "-- PATH --" lines each starting a file. */
static Case *
load_case (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) current = NULL;
  Case *c = g_new0 (Case, 1);
  g_autofree char *base = g_path_get_basename (path);

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  c->name = g_strndup (base, strlen (base) - strlen (".txtar"));
  c->options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c->paths = g_ptr_array_new_with_free_func (g_free);
  c->contents = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gsize length = strlen (line);

      if (length > 6 && g_str_has_prefix (line, "-- ") && g_str_has_suffix (line, " --"))
        {
          if (current != NULL)
            g_ptr_array_add (c->contents, g_string_free_to_bytes (g_steal_pointer (&current)));
          g_ptr_array_add (c->paths, g_strndup (line + 3, length - 6));
          current = g_string_new (NULL);
          continue;
        }
      if (current != NULL)
        {
          /* The split ate the newline; the last line of a file has one too. */
          if (lines[i + 1] != NULL)
            g_string_append_printf (current, "%s\n", line);
          else
            g_string_append (current, line);
          continue;
        }
      if (line[0] != '#' && strchr (line, ':') != NULL)
        {
          const char *colon = strchr (line, ':');
          g_autofree char *key = g_strstrip (g_strndup (line, colon - line));
          g_autofree char *value = g_strstrip (g_strdup (colon + 1));

          g_hash_table_replace (c->options, g_steal_pointer (&key), g_steal_pointer (&value));
        }
    }
  if (current != NULL)
    g_ptr_array_add (c->contents, g_string_free_to_bytes (g_steal_pointer (&current)));
  return c;
}

static const char *default_chart_yaml = "apiVersion: v2\nname: case\nversion: 0.1.0\nappVersion: \"1.16.0\"\n";

static GBytes *
case_file (Case       *c,
           const char *path)
{
  for (guint i = 0; i < c->paths->len; i++)
    if (strcmp (c->paths->pdata[i], path) == 0)
      return c->contents->pdata[i];
  return NULL;
}

static char *
chart_directory_for (Case *c)
{
  const char *chart = g_hash_table_lookup (c->options, "chart");

  if (chart == NULL)
    return NULL;
  return g_build_filename (source_dir (), "tests", "template", "charts", chart, NULL);
}

static StrataTemplateChart *
case_chart (Case *c)
{
  g_autofree char *directory = chart_directory_for (c);
  g_autoptr(StrataTemplateChart) chart = NULL;
  g_autoptr(GError) error = NULL;

  if (directory != NULL)
    {
      chart = strata_template_chart_new_for_directory (directory, &error);
      g_assert_no_error (error);
      return g_steal_pointer (&chart);
    }

  chart = strata_template_chart_new ();
  if (case_file (c, "Chart.yaml") == NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (default_chart_yaml, strlen (default_chart_yaml));

      g_assert_true (strata_template_chart_add_file (chart, "Chart.yaml", bytes, &error));
    }
  for (guint i = 0; i < c->paths->len; i++)
    if (strcmp (c->paths->pdata[i], "user-values.yaml") != 0)
      {
        g_assert_true (strata_template_chart_add_file (chart, c->paths->pdata[i], c->contents->pdata[i], &error));
        g_assert_no_error (error);
      }
  return g_steal_pointer (&chart);
}

static StrataTemplateContext *
case_context (Case *c)
{
  StrataTemplateContext *context = strata_template_context_new ();
  const char *value;

  if ((value = g_hash_table_lookup (c->options, "release")) != NULL)
    strata_template_context_set_release_name (context, value);
  if ((value = g_hash_table_lookup (c->options, "namespace")) != NULL)
    strata_template_context_set_namespace (context, value);
  if ((value = g_hash_table_lookup (c->options, "kube-version")) != NULL)
    g_assert_true (strata_template_context_set_kube_version (context, value, NULL));
  if ((value = g_hash_table_lookup (c->options, "is-upgrade")) != NULL)
    strata_template_context_set_is_upgrade (context, strcmp (value, "true") == 0);
  if ((value = g_hash_table_lookup (c->options, "api-versions")) != NULL)
    {
      g_auto(GStrv) versions = g_strsplit (value, ",", -1);

      for (guint i = 0; versions[i] != NULL; i++)
        g_strstrip (versions[i]);
      strata_template_context_add_api_versions (context, (const char * const *)versions);
    }
  return context;
}

static char *
expected_path (Case       *c,
               const char *suffix)
{
  g_autofree char *file = g_strconcat (c->name, suffix, NULL);

  return g_build_filename (source_dir (), "tests", "template", "expected", file, NULL);
}

/* Reports the first line where two outputs differ, not both in full. */
static void
assert_same_output (const char *what,
                    const char *expected,
                    const char *actual)
{
  g_auto(GStrv) expected_lines = NULL;
  g_auto(GStrv) actual_lines = NULL;

  if (g_strcmp0 (expected, actual) == 0)
    return;
  expected_lines = g_strsplit (expected != NULL ? expected : "", "\n", -1);
  actual_lines = g_strsplit (actual != NULL ? actual : "", "\n", -1);
  for (guint i = 0;; i++)
    {
      if (g_strcmp0 (expected_lines[i], actual_lines[i]) != 0)
        {
          g_test_fail_printf ("%s: line %u differs:\n  helm:   %s\n  strata: %s", what, i + 1,
                              expected_lines[i] != NULL ? expected_lines[i] : "(end)",
                              actual_lines[i] != NULL ? actual_lines[i] : "(end)");
          return;
        }
      if (expected_lines[i] == NULL)
        break;
    }
  g_test_fail_printf ("%s: outputs differ", what);
}

/* Where an error is: "(FILE:LINE" for Helm's parse errors, which have no
 * column, and "FILE:LINE:COLUMN" otherwise. */
static char *
error_location (const char *message,
                gboolean    without_column)
{
  g_autoptr(GRegex) pattern = g_regex_new ("[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*:[0-9]+(:[0-9]+)?", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  char *location;

  if (!g_regex_match (pattern, message, 0, &match))
    return g_strdup ("");
  location = g_match_info_fetch (match, 0);
  if (without_column && g_match_info_get_match_count (match) > 2)
    {
      g_autofree char *column = g_match_info_fetch (match, 2);

      if (column != NULL && column[0] != '\0')
        location[strlen (location) - strlen (column)] = '\0';
    }
  return location;
}

static void
assert_same_error (Case       *c,
                   const char *helm_message,
                   GError     *error)
{
  const char *wording = g_hash_table_lookup (c->options, "error");
  gboolean parse_error = g_str_has_prefix (helm_message, "parse error at (");
  g_autofree char *expected_location = error_location (helm_message, FALSE);
  g_autofree char *actual_location = error_location (error->message, parse_error);

  /* Parse errors carry a column in Strata's words, which Helm's lack;
   * everything else must be Helm's message exactly, unless the case says
   * which words it expects instead. */
  if (wording != NULL)
    {
      if (strstr (error->message, wording) == NULL)
        g_test_fail_printf ("expected the error to say “%s”, got: %s", wording, error->message);
      if (g_strcmp0 (expected_location, actual_location) != 0)
        g_test_fail_printf ("error location: helm says %s, strata says %s (%s)",
                            expected_location, actual_location, error->message);
      return;
    }
  if (parse_error)
    {
      if (g_strcmp0 (expected_location, actual_location) != 0)
        g_test_fail_printf ("parse error location: helm says %s, strata says %s (%s)",
                            expected_location, actual_location, error->message);
      return;
    }
  assert_same_output ("error", helm_message, error->message);
}

static char *
write_case_chart (Case *c)
{
  g_autofree char *directory = g_dir_make_tmp ("strata-template-case-XXXXXX", NULL);

  g_assert_nonnull (directory);
  if (case_file (c, "Chart.yaml") == NULL)
    {
      g_autofree char *path = g_build_filename (directory, "Chart.yaml", NULL);

      g_assert_true (g_file_set_contents (path, default_chart_yaml, -1, NULL));
    }
  for (guint i = 0; i < c->paths->len; i++)
    {
      g_autofree char *path = g_build_filename (directory, c->paths->pdata[i], NULL);
      g_autofree char *parent = g_path_get_dirname (path);
      gsize size;
      const char *data = g_bytes_get_data (c->contents->pdata[i], &size);

      g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
      g_assert_true (g_file_set_contents (path, data != NULL ? data : "", size, NULL));
    }
  return g_steal_pointer (&directory);
}

static void
remove_tree (const char *path)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", path);

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}

/* The same command line tests/template/regenerate uses. */
static gboolean
run_helm (Case  *c,
          char **out,
          char **err)
{
  g_autofree char *written = NULL;
  g_autofree char *chart = chart_directory_for (c);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *value;
  int status = 0;

  if (chart == NULL)
    chart = g_strdup (written = write_case_chart (c));
  else if (case_file (c, "user-values.yaml") != NULL)
    written = write_case_chart (c);

  g_ptr_array_add (argv, g_strdup (helm_path));
  g_ptr_array_add (argv, g_strdup ("template"));
  value = g_hash_table_lookup (c->options, "release");
  g_ptr_array_add (argv, g_strdup (value != NULL ? value : "release-name"));
  g_ptr_array_add (argv, g_strdup (chart));
  value = g_hash_table_lookup (c->options, "namespace");
  g_ptr_array_add (argv, g_strdup ("--namespace"));
  g_ptr_array_add (argv, g_strdup (value != NULL ? value : "default"));
  if ((value = g_hash_table_lookup (c->options, "kube-version")) != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--kube-version"));
      g_ptr_array_add (argv, g_strdup (value));
    }
  if ((value = g_hash_table_lookup (c->options, "api-versions")) != NULL)
    {
      g_auto(GStrv) versions = g_strsplit (value, ",", -1);

      for (guint i = 0; versions[i] != NULL; i++)
        {
          g_ptr_array_add (argv, g_strdup ("--api-versions"));
          g_ptr_array_add (argv, g_strstrip (g_strdup (versions[i])));
        }
    }
  if ((value = g_hash_table_lookup (c->options, "is-upgrade")) != NULL && strcmp (value, "true") == 0)
    g_ptr_array_add (argv, g_strdup ("--is-upgrade"));
  if (case_file (c, "user-values.yaml") != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--values"));
      g_ptr_array_add (argv, g_build_filename (written, "user-values.yaml", NULL));
    }
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, NULL));
  if (written != NULL)
    remove_tree (written);
  return g_spawn_check_wait_status (status, NULL);
}

/* Helm's message, without "Error: " and the --debug hint after it, as
 * tests/template/regenerate records it. */
static char *
helm_error_message (const char *err)
{
  const char *start = g_str_has_prefix (err, "Error: ") ? err + strlen ("Error: ") : err;
  const char *hint = strstr (start, "\n\nUse --debug flag to render out invalid YAML");
  char *message = hint != NULL ? g_strndup (start, hint - start) : g_strdup (start);

  return g_strchomp (message);
}

static void
test_conformance_case (gconstpointer data)
{
  g_autoptr(Case) c = load_case (data);
  g_autoptr(StrataTemplateChart) chart = case_chart (c);
  g_autoptr(StrataTemplateContext) context = case_context (c);
  g_autoptr(JsonNode) values = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *out_path = expected_path (c, ".out");
  g_autofree char *err_path = expected_path (c, ".err");
  g_autofree char *expected = NULL;
  GBytes *user_values = case_file (c, "user-values.yaml");

  if (user_values != NULL)
    {
      gsize size;
      const char *text = g_bytes_get_data (user_values, &size);

      values = strata_template_parse_values (text != NULL ? text : "", size, &error);
      g_assert_no_error (error);
    }
  output = strata_template_chart_render_manifest (chart, context, values, &error);

  if (g_file_get_contents (out_path, &expected, NULL, NULL))
    {
      if (error != NULL)
        g_test_fail_printf ("helm renders this case, strata fails: %s", error->message);
      else
        assert_same_output ("recorded helm output", expected, output);
    }
  else if (g_file_get_contents (err_path, &expected, NULL, NULL))
    {
      g_strchomp (expected);
      if (error == NULL)
        g_test_fail_printf ("helm fails on this case (%s), strata renders it", expected);
      else
        assert_same_error (c, expected, error);
    }
  else
    g_test_fail_printf ("no recorded output for %s: run tests/template/regenerate", c->name);

  if (helm_path != NULL)
    {
      g_autofree char *helm_out = NULL;
      g_autofree char *helm_err = NULL;

      if (run_helm (c, &helm_out, &helm_err))
        {
          if (error != NULL)
            g_test_fail_printf ("live helm renders this case, strata fails: %s", error->message);
          else
            assert_same_output ("live helm output", helm_out, output);
        }
      else
        {
          g_autofree char *line = helm_error_message (helm_err);

          if (error == NULL)
            g_test_fail_printf ("live helm fails on this case (%s), strata renders it", line);
          else
            assert_same_error (c, line, error);
        }
    }
}

static char *
find_helm (void)
{
  const char *configured = g_getenv ("STRATA_HELM");
  g_autofree char *cached = NULL;
  const char *cache_root = g_getenv ("STRATA_TEST_CACHE");

  /* STRATA_HELM names the binary; set to anything else ("none"), it
   * turns the live comparison off. */
  if (configured != NULL)
    return g_file_test (configured, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (configured) : NULL;
  /* Only a binary helm-fetch already cached: the test never downloads. */
  if (cache_root != NULL)
    cached = g_build_filename (cache_root, "helm-" HELM_VERSION, "helm", NULL);
  else if (g_file_test ("/var/cache/strata-tests/helm-" HELM_VERSION "/helm", G_FILE_TEST_IS_EXECUTABLE))
    cached = g_strdup ("/var/cache/strata-tests/helm-" HELM_VERSION "/helm");
  else
    cached = g_build_filename (g_get_user_cache_dir (), "strata-tests", "helm-" HELM_VERSION, "helm", NULL);
  if (g_file_test (cached, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&cached);
  return NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* test-template --render-chart DIR: the chart's rendered files as JSON,
 * {"files": {NAME: TEXT}} or {"error": MESSAGE}, for
 * tests/template/fuzz-against-helm. */
static int
render_chart_as_json (const char *directory)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataTemplateChart) chart = strata_template_chart_new_for_directory (directory, &error);
  g_autoptr(StrataTemplateContext) context = strata_template_context_new ();
  g_autoptr(GHashTable) rendered = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (chart != NULL)
    rendered = strata_template_chart_render (chart, context, NULL, &error);
  json_builder_begin_object (builder);
  if (rendered == NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error->message);
    }
  else
    {
      GHashTableIter iter;
      gpointer name, content;

      json_builder_set_member_name (builder, "files");
      json_builder_begin_object (builder);
      g_hash_table_iter_init (&iter, rendered);
      while (g_hash_table_iter_next (&iter, &name, &content))
        {
          json_builder_set_member_name (builder, name);
          json_builder_add_string_value (builder, content);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  fwrite (text, 1, strlen (text), stdout);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cases_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  int status;

  if (argc == 3 && strcmp (argv[1], "--render-chart") == 0)
    return render_chart_as_json (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/template/render-basics", test_render_basics);
  g_test_add_func ("/core/template/macros", test_macros);
  g_test_add_func ("/core/template/plain-render", test_plain_render);
  g_test_add_func ("/core/template/errors-name-the-place", test_errors_name_the_place);
  g_test_add_func ("/core/template/parse-values", test_parse_values);
  g_test_add_func ("/core/template/context", test_context);
  g_test_add_func ("/core/template/chart-api", test_chart_api);
  g_test_add_func ("/core/template/recursion-stops", test_recursion_stops);
  g_test_add_func ("/core/template/deep-nesting", test_deep_nesting);
  g_test_add_func ("/core/template/no-cycles", test_no_cycles);
  g_test_add_func ("/core/template/bad-charts", test_bad_charts);
  g_test_add_func ("/core/template/chart-directory", test_chart_directory);

  helm_path = find_helm ();
  if (helm_path != NULL)
    g_test_message ("comparing with live helm too: %s", helm_path);

  cases_dir = g_build_filename (source_dir (), "tests", "template", "cases", NULL);
  dir = g_dir_open (cases_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".txtar"))
      g_ptr_array_add (cases, g_build_filename (cases_dir, name, NULL));
  g_ptr_array_sort (cases, compare_strings);
  for (guint i = 0; i < cases->len; i++)
    {
      g_autofree char *base = g_path_get_basename (cases->pdata[i]);
      g_autofree char *path = g_strdup_printf ("/core/template/conformance/%.*s",
                                               (int)(strlen (base) - strlen (".txtar")), base);

      g_test_add_data_func (path, cases->pdata[i], test_conformance_case);
    }

  status = g_test_run ();
  g_free (helm_path);
  return status;
}
