/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helm's objects as templates see them: chart.Metadata inside .Chart,
 * chartutil.Capabilities with its KubeVersion and VersionSet, engine.files
 * with its methods, and the top-level chartutil.Values that holds them. */

#include "config.h"

#include <string.h>

#include "strata-template-functions-private.h"

/* Types */

static const StrataTemplateType maintainers_type = { "[]*chart.Maintainer", STRATA_TEMPLATE_KIND_LIST, "slice" };
static const StrataTemplateType dependencies_type = { "[]*chart.Dependency", STRATA_TEMPLATE_KIND_LIST, "slice" };

static const StrataTemplateField metadata_fields[] = {
  { "Name", "name", TRUE }, { "Home", "home", TRUE }, { "Sources", "sources", TRUE },
  { "Version", "version", TRUE }, { "Description", "description", TRUE },
  { "Keywords", "keywords", TRUE }, { "Maintainers", "maintainers", TRUE }, { "Icon", "icon", TRUE },
  { "APIVersion", "apiVersion", TRUE }, { "Condition", "condition", TRUE }, { "Tags", "tags", TRUE },
  { "AppVersion", "appVersion", TRUE }, { "Deprecated", "deprecated", TRUE },
  { "Annotations", "annotations", TRUE }, { "KubeVersion", "kubeVersion", TRUE },
  { "Dependencies", "dependencies", TRUE }, { "Type", "type", TRUE },
};

static const StrataTemplateType metadata_type = {
  "chart.Metadata", STRATA_TEMPLATE_KIND_STRUCT, "struct", NULL, metadata_fields, G_N_ELEMENTS (metadata_fields)
};

static const StrataTemplateField chart_fields[] = {
  { "Metadata", NULL, FALSE, TRUE },
  { "IsRoot", NULL, FALSE, FALSE },
};

static const StrataTemplateType chart_type = {
  "struct { chart.Metadata; IsRoot bool }", STRATA_TEMPLATE_KIND_STRUCT, "struct", NULL,
  chart_fields, G_N_ELEMENTS (chart_fields)
};

STRATA_TEMPLATE_FUNCTION (method_git_version)
{
  gboolean found;

  *result = _strata_template_value_ref (_strata_template_value_struct_lookup (args[0], "Version", &found));
  return TRUE;
}

static const StrataTemplateFunction kube_version_methods[] = {
  { "GitVersion", method_git_version, 0, FALSE, { ANY } },
  { "String", method_git_version, 0, FALSE, { ANY } },
  { NULL }
};

static const StrataTemplateField kube_version_fields[] = {
  { "Version" }, { "Major" }, { "Minor" },
};

static const StrataTemplateType kube_version_type = {
  "chartutil.KubeVersion", STRATA_TEMPLATE_KIND_STRUCT, "struct", kube_version_methods,
  kube_version_fields, G_N_ELEMENTS (kube_version_fields), "Version"
};

/* VersionSet.Has: an exact group/version or group/version/kind. */
STRATA_TEMPLATE_FUNCTION ( method_has)
{
  gboolean found = FALSE;

  for (guint i = 0; i < args[0]->list->len && !found; i++)
    {
      StrataTemplateValue *item = g_ptr_array_index (args[0]->list, i);

      found = strcmp (item->string.data, ARG_STRING (1)) == 0;
    }
  *result = _strata_template_value_new_bool (found);
  return TRUE;
}

static const StrataTemplateFunction version_set_methods[] = {
  { "Has", method_has, 1, FALSE, { STRING } },
  { NULL }
};

static const StrataTemplateType version_set_type = {
  "chartutil.VersionSet", STRATA_TEMPLATE_KIND_LIST, "slice", version_set_methods
};

static const StrataTemplateField build_info_fields[] = {
  { "Version", "version", TRUE }, { "GitCommit", "git_commit", TRUE },
  { "GitTreeState", "git_tree_state", TRUE }, { "GoVersion", "go_version", TRUE },
};

static const StrataTemplateType build_info_type = {
  "version.BuildInfo", STRATA_TEMPLATE_KIND_STRUCT, "struct", NULL,
  build_info_fields, G_N_ELEMENTS (build_info_fields)
};

static const StrataTemplateField capabilities_fields[] = {
  { "KubeVersion" }, { "APIVersions" }, { "HelmVersion" },
};

static const StrataTemplateType capabilities_type = {
  "*chartutil.Capabilities", STRATA_TEMPLATE_KIND_STRUCT, "ptr", NULL,
  capabilities_fields, G_N_ELEMENTS (capabilities_fields)
};

/* chartutil.Values: Go finds these methods before map keys of the same
 * name, so a value named "Table" cannot be reached as .Values.Table. */

static gboolean
is_table (StrataTemplateValue *value)
{
  return value != NULL && (value->type == &_strata_template_type_map || value->type == &_strata_template_type_values);
}

/* Values.Table: the table at a dotted path, or "\"KEY\" is not a table". */
static StrataTemplateValue *
values_table (StrataTemplateValue  *values,
              const char           *path,
              char                **error_message)
{
  g_auto(GStrv) names = g_strsplit (path, ".", -1);
  StrataTemplateValue *table = values;

  for (guint i = 0; names[i] != NULL; i++)
    {
      StrataTemplateValue *next = g_hash_table_lookup (table->map, names[i]);

      if (next == NULL || !is_table (next))
        {
          *error_message = g_strdup_printf ("\"%s\" is not a table", names[i]);
          return next == NULL ? table : NULL;
        }
      table = next;
    }
  return table;
}

STRATA_TEMPLATE_FUNCTION (method_table)
{
  StrataTemplateValue *table = values_table (args[0], ARG_STRING (1), error_message);

  if (*error_message != NULL)
    return FALSE;
  *result = _strata_template_value_retype_map (table, &_strata_template_type_values);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (method_path_value)
{
  const char *path = ARG_STRING (1);
  const char *dot = strrchr (path, '.');
  g_autofree char *table_path = dot != NULL ? g_strndup (path, dot - path) : NULL;
  const char *key = dot != NULL ? dot + 1 : path;
  StrataTemplateValue *table = args[0];
  StrataTemplateValue *value;

  if (path[0] == '\0')
    {
      *error_message = g_strdup ("YAML path cannot be empty");
      return FALSE;
    }
  if (table_path != NULL)
    {
      g_autofree char *ignored = NULL;

      table = values_table (args[0], table_path, &ignored);
      if (ignored != NULL)
        table = NULL;
    }
  value = table != NULL ? g_hash_table_lookup (table->map, key) : NULL;
  if (value == NULL || is_table (value))
    {
      *error_message = g_strdup_printf ("\"%s\" is not a value", key);
      return FALSE;
    }
  *result = _strata_template_value_ref (value);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (method_as_map)
{
  *result = _strata_template_value_retype_map (args[0], &_strata_template_type_map);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (method_yaml)
{
  g_autoptr(GError) error = NULL;
  char *text = _strata_template_to_yaml (args[0], &error);

  if (text == NULL)
    {
      *error_message = g_strdup (error->message);
      return FALSE;
    }
  *result = _strata_template_value_take_string (text, -1);
  return TRUE;
}

static const StrataTemplateFunction values_methods[] = {
  { "AsMap", method_as_map, 0, FALSE, { ANY } },
  { "PathValue", method_path_value, 1, FALSE, { STRING } },
  { "Table", method_table, 1, FALSE, { STRING } },
  { "YAML", method_yaml, 0, FALSE, { ANY } },
  { NULL }
};

const StrataTemplateType _strata_template_type_values = {
  "chartutil.Values", STRATA_TEMPLATE_KIND_MAP, "map", values_methods
};

/* Files */

/* gobwas/glob with '/' as separator: * and ? stay within a path element,
 * ** crosses them, [a-z] and {a,b} as usual. */
static gboolean
glob_match (const char *pattern,
            const char *text)
{
  for (; *pattern != '\0'; pattern++)
    {
      switch (*pattern)
        {
        case '*':
          {
            gboolean any = pattern[1] == '*';

            pattern += any ? 2 : 1;
            for (const char *rest = text;; rest++)
              {
                if (glob_match (pattern, rest))
                  return TRUE;
                if (*rest == '\0' || (!any && *rest == '/'))
                  return FALSE;
              }
          }
        case '?':
          if (*text == '\0' || *text == '/')
            return FALSE;
          text = g_utf8_next_char (text);
          break;
        case '[':
          {
            gboolean negate = pattern[1] == '!';
            gboolean matched = FALSE;
            const char *p = pattern + (negate ? 2 : 1);

            if (*text == '\0')
              return FALSE;
            for (; *p != '\0' && *p != ']'; p++)
              {
                if (p[1] == '-' && p[2] != '\0' && p[2] != ']')
                  {
                    matched |= *text >= p[0] && *text <= p[2];
                    p += 2;
                  }
                else
                  matched |= *text == *p;
              }
            if (*p != ']' || matched == negate)
              return FALSE;
            pattern = p;
            text++;
            break;
          }
        case '{':
          {
            const char *close = strchr (pattern, '}');
            g_autofree char *inner = NULL;
            g_auto(GStrv) alternatives = NULL;

            if (close == NULL)
              return FALSE;
            inner = g_strndup (pattern + 1, close - pattern - 1);
            alternatives = g_strsplit (inner, ",", -1);
            for (guint i = 0; alternatives[i] != NULL; i++)
              {
                g_autofree char *candidate = g_strconcat (alternatives[i], close + 1, NULL);

                if (glob_match (candidate, text))
                  return TRUE;
              }
            return FALSE;
          }
        case '\\':
          if (pattern[1] != '\0')
            pattern++;
          G_GNUC_FALLTHROUGH;
        default:
          if (*text != *pattern)
            return FALSE;
          text++;
        }
    }
  return *text == '\0';
}

STRATA_TEMPLATE_FUNCTION (method_get);
STRATA_TEMPLATE_FUNCTION ( method_glob);
STRATA_TEMPLATE_FUNCTION ( method_lines);
STRATA_TEMPLATE_FUNCTION ( method_as_config);

static const StrataTemplateFunction files_methods[] = {
  { "Get", method_get, 1, FALSE, { STRING } },
  { "GetBytes", method_get, 1, FALSE, { STRING } },
  { "Glob", method_glob, 1, FALSE, { STRING } },
  { "Lines", method_lines, 1, FALSE, { STRING } },
  { "AsConfig", method_as_config, 0, FALSE, { ANY } },
  { "AsSecrets", method_as_config, 0, FALSE, { ANY } },
  { NULL }
};

static const StrataTemplateType files_type = { "engine.files", STRATA_TEMPLATE_KIND_MAP, "map", files_methods };

STRATA_TEMPLATE_FUNCTION (method_get)
{
  StrataTemplateValue *contents = g_hash_table_lookup (args[0]->map, ARG_STRING (1));

  *result = contents != NULL ? _strata_template_value_ref (contents) : _strata_template_value_new_string ("", 0);
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (method_glob)
{
  StrataTemplateValue *matched = _strata_template_value_new_map (&files_type);
  GHashTableIter iter;
  gpointer path, contents;

  g_hash_table_iter_init (&iter, args[0]->map);
  while (g_hash_table_iter_next (&iter, &path, &contents))
    if (glob_match (ARG_STRING (1), path))
      _strata_template_value_map_take (matched, path, _strata_template_value_ref (contents));
  *result = matched;
  return TRUE;
}

STRATA_TEMPLATE_FUNCTION (method_lines)
{
  StrataTemplateValue *contents = g_hash_table_lookup (args[0]->map, ARG_STRING (1));
  StrataTemplateValue *lines = _strata_template_value_new_list (&_strata_template_type_string_list);
  g_auto(GStrv) parts = NULL;

  *result = lines;
  if (contents == NULL || contents->string.length == 0)
    return TRUE;
  parts = g_strsplit (contents->string.data, "\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      /* A final newline does not start another line. */
      if (parts[i + 1] == NULL && parts[i][0] == '\0' && i > 0)
        break;
      _strata_template_value_list_take (lines, _strata_template_value_new_string (parts[i], -1));
    }
  return TRUE;
}

/* AsConfig and AsSecrets: base names to contents (base64 for secrets),
 * as toYaml writes them. */
STRATA_TEMPLATE_FUNCTION (method_as_config)
{
  gboolean secrets = strcmp (call->name, "AsSecrets") == 0;
  g_autoptr(StrataTemplateValue) map = _strata_template_value_new_map (&_strata_template_type_string_map);
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer path, contents;
  gsize length;

  g_hash_table_iter_init (&iter, args[0]->map);
  while (g_hash_table_iter_next (&iter, &path, &contents))
    {
      g_autofree char *base = g_path_get_basename (path);
      StrataTemplateValue *value = contents;

      if (secrets)
        _strata_template_value_map_take (map, base, _strata_template_value_take_string (
                                                      g_base64_encode ((const guchar *)value->string.data,
                                                                       value->string.length), -1));
      else
        _strata_template_value_map_take (map, base, _strata_template_value_ref (value));
    }
  if (g_hash_table_size (args[0]->map) == 0)
    {
      *result = _strata_template_value_new_string ("", 0);
      return TRUE;
    }
  text = _strata_template_to_yaml (map, NULL);
  length = text != NULL ? strlen (text) : 0;
  if (length > 0 && text[length - 1] == '\n')
    text[--length] = '\0';
  *result = _strata_template_value_take_string (g_steal_pointer (&text), length);
  return TRUE;
}

/* Building the top level */

static StrataTemplateValue *
string_value (const char *text)
{
  return _strata_template_value_new_string (text != NULL ? text : "", -1);
}

/* A Chart.yaml field Go reads into a string: numbers as go-yaml writes
 * them ("1.10" read as a float becomes "1.1", as in Helm). */
static StrataTemplateValue *
metadata_string (StrataTemplateValue *chart,
                 const char          *member)
{
  StrataTemplateValue *value = _strata_template_value_map_lookup (chart, member);
  g_autoptr(GString) text = g_string_new (NULL);

  if (value == NULL || value->type->kind == STRATA_TEMPLATE_KIND_NIL)
    return string_value ("");
  if (value->type->kind == STRATA_TEMPLATE_KIND_FLOAT)
    {
      _strata_template_format_float (text, value->number, 'g', -1);
      return string_value (text->str);
    }
  return _strata_template_value_take_string (_strata_template_value_to_string (value), -1);
}

static StrataTemplateValue *
metadata_list (StrataTemplateValue      *chart,
               const char               *member,
               const StrataTemplateType *type)
{
  StrataTemplateValue *value = _strata_template_value_map_lookup (chart, member);
  StrataTemplateValue *list = _strata_template_value_new_list (type);

  if (value != NULL && value->type->kind == STRATA_TEMPLATE_KIND_LIST)
    for (guint i = 0; i < value->list->len; i++)
      {
        StrataTemplateValue *item = g_ptr_array_index (value->list, i);

        if (type == &_strata_template_type_string_list)
          _strata_template_value_list_take (list, _strata_template_value_take_string (
                                                    _strata_template_value_to_string (item), -1));
        else
          _strata_template_value_list_take (list, _strata_template_value_ref (item));
      }
  return list;
}

static StrataTemplateValue *
build_chart (JsonNode *metadata)
{
  g_autoptr(StrataTemplateValue) chart = _strata_template_value_from_json (metadata);
  StrataTemplateValue *inner = _strata_template_value_new_struct (&metadata_type);
  StrataTemplateValue *outer = _strata_template_value_new_struct (&chart_type);
  StrataTemplateValue *annotations = _strata_template_value_new_map (&_strata_template_type_string_map);
  StrataTemplateValue *given = _strata_template_value_map_lookup (chart, "annotations");
  StrataTemplateValue *deprecated = _strata_template_value_map_lookup (chart, "deprecated");
  static const char * const strings[][2] = {
    { "Name", "name" }, { "Home", "home" }, { "Version", "version" }, { "Description", "description" },
    { "Icon", "icon" }, { "APIVersion", "apiVersion" }, { "Condition", "condition" }, { "Tags", "tags" },
    { "AppVersion", "appVersion" }, { "KubeVersion", "kubeVersion" }, { "Type", "type" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    _strata_template_value_struct_take (inner, strings[i][0], metadata_string (chart, strings[i][1]));
  _strata_template_value_struct_take (inner, "Sources", metadata_list (chart, "sources", &_strata_template_type_string_list));
  _strata_template_value_struct_take (inner, "Keywords", metadata_list (chart, "keywords", &_strata_template_type_string_list));
  _strata_template_value_struct_take (inner, "Maintainers", metadata_list (chart, "maintainers", &maintainers_type));
  _strata_template_value_struct_take (inner, "Dependencies", metadata_list (chart, "dependencies", &dependencies_type));
  _strata_template_value_struct_take (inner, "Deprecated", _strata_template_value_new_bool (
                                        deprecated != NULL && deprecated->type->kind == STRATA_TEMPLATE_KIND_BOOL &&
                                        deprecated->boolean));
  if (given != NULL && given->type->kind == STRATA_TEMPLATE_KIND_MAP)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, given->map);
      while (g_hash_table_iter_next (&iter, &key, &value))
        _strata_template_value_map_take (annotations, key, _strata_template_value_take_string (
                                                             _strata_template_value_to_string (value), -1));
    }
  _strata_template_value_struct_take (inner, "Annotations", annotations);

  _strata_template_value_struct_take (outer, "Metadata", inner);
  _strata_template_value_struct_take (outer, "IsRoot", _strata_template_value_new_bool (TRUE));
  return outer;
}

static StrataTemplateValue *
build_capabilities (StrataTemplateContext *context)
{
  StrataTemplateValue *capabilities = _strata_template_value_new_struct (&capabilities_type);
  StrataTemplateValue *kube = _strata_template_value_new_struct (&kube_version_type);
  StrataTemplateValue *versions = _strata_template_value_new_list (&version_set_type);
  StrataTemplateValue *helm = _strata_template_value_new_struct (&build_info_type);
  const char * const *api_versions = strata_template_context_get_api_versions (context);
  g_autofree char *version = NULL, *major = NULL, *minor = NULL;

  g_object_get (context, "kube-version", &version, NULL);
  major = g_strndup (version + 1, strcspn (version + 1, "."));
  minor = g_strndup (version + 2 + strlen (major), strcspn (version + 2 + strlen (major), "."));
  _strata_template_value_struct_take (kube, "Version", string_value (version));
  _strata_template_value_struct_take (kube, "Major", string_value (major));
  _strata_template_value_struct_take (kube, "Minor", string_value (minor));

  for (guint i = 0; api_versions[i] != NULL; i++)
    _strata_template_value_list_take (versions, string_value (api_versions[i]));

  /* The helm the engine renders like, and is compared with. */
  _strata_template_value_struct_take (helm, "Version", string_value ("v3.17.3"));
  _strata_template_value_struct_take (helm, "GitCommit", string_value ("e4da49785aa6e6ee2b86efd5dd9e43400318262b"));
  _strata_template_value_struct_take (helm, "GitTreeState", string_value ("clean"));
  _strata_template_value_struct_take (helm, "GoVersion", string_value ("go1.23.7"));

  _strata_template_value_struct_take (capabilities, "KubeVersion", kube);
  _strata_template_value_struct_take (capabilities, "APIVersions", versions);
  _strata_template_value_struct_take (capabilities, "HelmVersion", helm);
  return capabilities;
}

/* The object templates see as "." and "$" in a chart file. @values is
 * used as it is (transfer none): templates may change it, as in Helm. */
StrataTemplateValue *
_strata_template_context_build (StrataTemplateContext *context,
                                StrataTemplateValue   *values,
                                const char            *template_name,
                                const char            *base_path)
{
  StrataTemplateValue *top = _strata_template_value_new_map (&_strata_template_type_values);
  StrataTemplateValue *release = _strata_template_value_new_map (NULL);
  StrataTemplateValue *template = _strata_template_value_new_map (&_strata_template_type_values);
  StrataTemplateValue *files = _strata_template_value_new_map (&files_type);
  StrataTemplateValue *cluster = _strata_template_value_new_map (NULL);
  StrataTemplateValue *profile = _strata_template_value_new_map (NULL);
  JsonNode *chart = strata_template_context_get_chart (context);
  g_autoptr(JsonNode) empty = NULL;
  GHashTableIter iter;
  gpointer path, contents;

  _strata_template_value_map_take (release, "Name", string_value (strata_template_context_get_release_name (context)));
  _strata_template_value_map_take (release, "Namespace", string_value (strata_template_context_get_namespace (context)));
  _strata_template_value_map_take (release, "IsUpgrade", _strata_template_value_new_bool (strata_template_context_get_is_upgrade (context)));
  _strata_template_value_map_take (release, "IsInstall", _strata_template_value_new_bool (!strata_template_context_get_is_upgrade (context)));
  _strata_template_value_map_take (release, "Revision", _strata_template_value_new_int (strata_template_context_get_revision (context)));
  _strata_template_value_map_take (release, "Service", string_value ("Helm"));

  _strata_template_value_map_take (template, "Name", string_value (template_name));
  _strata_template_value_map_take (template, "BasePath", string_value (base_path));

  g_hash_table_iter_init (&iter, _strata_template_context_get_files (context));
  while (g_hash_table_iter_next (&iter, &path, &contents))
    {
      gsize size;
      const char *data = g_bytes_get_data (contents, &size);

      _strata_template_value_map_take (files, path, _strata_template_value_new_string (data != NULL ? data : "", size));
    }

  _strata_template_value_map_take (cluster, "Name", string_value (strata_template_context_get_cluster_name (context)));
  _strata_template_value_map_take (cluster, "Region", string_value (strata_template_context_get_cluster_region (context)));
  _strata_template_value_map_take (profile, "Name", string_value (strata_template_context_get_profile_name (context)));
  _strata_template_value_map_take (profile, "Version", string_value (strata_template_context_get_profile_version (context)));

  if (chart == NULL)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      chart = empty = json_node_init_object (json_node_alloc (), object);
    }

  _strata_template_value_map_take (top, "Values", _strata_template_value_ref (values));
  _strata_template_value_map_take (top, "Release", release);
  _strata_template_value_map_take (top, "Chart", build_chart (chart));
  _strata_template_value_map_take (top, "Capabilities", build_capabilities (context));
  _strata_template_value_map_take (top, "Template", template);
  _strata_template_value_map_take (top, "Files", files);
  _strata_template_value_map_take (top, "Subcharts", _strata_template_value_new_map (NULL));
  _strata_template_value_map_take (top, "Cluster", cluster);
  _strata_template_value_map_take (top, "Profile", profile);
  return top;
}
