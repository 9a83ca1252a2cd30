/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What `helm template` prints for rendered files (releaseutil's
 * SplitManifests and SortManifests, then the template command): files in
 * name order without NOTES.txt, partials or empty ones, split into
 * documents, each document's head read as YAML (a document that is not a
 * mapping is an error, as in Helm), sorted by kind in install order,
 * hooks (helm.sh/hook) after everything else. */

#include "config.h"

#include <string.h>

#include "strata-template-chart.h"
#include "strata-template-private.h"

/* releaseutil.InstallOrder in helm 3.17 */
static const char * const install_order[] = {
  "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
  "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
  "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
  "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding",
  "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
  "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
  NULL
};

typedef struct
{
  char *source;    /* the file it came from */
  char *content;
  char *kind;
  int   order;     /* in install_order; -1 when unknown */
} Manifest;

static void
manifest_clear (gpointer data)
{
  Manifest *manifest = data;

  g_free (manifest->source);
  g_free (manifest->content);
  g_free (manifest->kind);
}

/* strings.TrimSpace */
static char *
trim_space (const char *text,
            gsize       length)
{
  const char *start = text;
  const char *end = text + length;

  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  return g_strndup (start, end - start);
}

static int
kind_order (const char *kind)
{
  for (int i = 0; install_order[i] != NULL; i++)
    if (strcmp (install_order[i], kind) == 0)
      return i;
  return -1;
}

/* lessByKind: known kinds in install order, unknown ones after them by
 * name; the sort is stable. */
static int
compare_manifests (gconstpointer a,
                   gconstpointer b)
{
  const Manifest *x = a;
  const Manifest *y = b;

  if (x->order < 0 && y->order < 0)
    return strcmp (x->kind, y->kind);
  if (x->order < 0)
    return 1;
  if (y->order < 0)
    return -1;
  return x->order - y->order;
}

/* sigs.k8s.io/yaml turns scalars into the strings a struct field wants;
 * only lists and maps cannot be. */
static gboolean
fits_string (StrataTemplateValue *value)
{
  return value == NULL || (value->type->kind != STRATA_TEMPLATE_KIND_LIST && value->type->kind != STRATA_TEMPLATE_KIND_MAP);
}

static const char *
json_type_name (StrataTemplateValue *value)
{
  switch (value->type->kind)
    {
    case STRATA_TEMPLATE_KIND_MAP: return "object";
    case STRATA_TEMPLATE_KIND_LIST: return "array";
    case STRATA_TEMPLATE_KIND_STRING: return "string";
    case STRATA_TEMPLATE_KIND_BOOL: return "bool";
    default: return "number";
    }
}

/* yaml.Unmarshal into releaseutil.SimpleHead: kind, metadata.name and
 * metadata.annotations must have the types Helm reads them as. */
static gboolean
read_head (const char  *source,
           const char  *content,
           char       **kind,
           gboolean    *is_hook,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(StrataTemplateValue) head = _strata_template_from_yaml (content, strlen (content), &local_error);
  StrataTemplateValue *value, *metadata, *annotations;
  const char *problem = NULL;
  g_autofree char *problem_text = NULL;

  *kind = g_strdup ("");
  *is_hook = FALSE;
  if (head == NULL)
    {
      g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                   "YAML parse error on %s: %s", source, local_error->message);
      return FALSE;
    }
  if (head->type->kind == STRATA_TEMPLATE_KIND_NIL)
    return TRUE;
  if (head->type->kind != STRATA_TEMPLATE_KIND_MAP)
    {
      g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                   "YAML parse error on %s: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
                   "%s into Go value of type releaseutil.SimpleHead", source, json_type_name (head));
      return FALSE;
    }

  value = _strata_template_value_map_lookup (head, "kind");
  if (value != NULL && value->type->kind != STRATA_TEMPLATE_KIND_NIL && fits_string (value))
    {
      g_free (*kind);
      *kind = _strata_template_value_to_string (value);
    }
  else if (!fits_string (value))
    problem = problem_text = g_strdup_printf ("cannot unmarshal %s into Go struct field SimpleHead.kind of type string",
                                              json_type_name (value));

  value = _strata_template_value_map_lookup (head, "apiVersion");
  if (problem == NULL && !fits_string (value))
    problem = problem_text = g_strdup_printf ("cannot unmarshal %s into Go struct field SimpleHead.apiVersion of type string",
                                              json_type_name (value));

  metadata = _strata_template_value_map_lookup (head, "metadata");
  if (problem == NULL && metadata != NULL && metadata->type->kind != STRATA_TEMPLATE_KIND_MAP &&
      metadata->type->kind != STRATA_TEMPLATE_KIND_NIL)
    problem = problem_text = g_strdup_printf ("cannot unmarshal %s into Go struct field SimpleHead.metadata of type "
                                              "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string "
                                              "\"json:\\\"annotations\\\"\" }", json_type_name (metadata));
  annotations = metadata != NULL ? _strata_template_value_map_lookup (metadata, "annotations") : NULL;
  if (problem == NULL && annotations != NULL && annotations->type->kind == STRATA_TEMPLATE_KIND_MAP)
    {
      GHashTableIter iter;
      gpointer key, item;

      g_hash_table_iter_init (&iter, annotations->map);
      while (problem == NULL && g_hash_table_iter_next (&iter, &key, &item))
        if (!fits_string (item))
          problem = problem_text = g_strdup_printf ("cannot unmarshal %s into Go struct field "
                                                    ".metadata.annotations of type string",
                                                    json_type_name (item));
      *is_hook = _strata_template_value_map_lookup (annotations, "helm.sh/hook") != NULL;
    }
  if (problem != NULL)
    {
      g_set_error (error, STRATA_TEMPLATE_ERROR, STRATA_TEMPLATE_ERROR_INVALID,
                   "YAML parse error on %s: error unmarshaling JSON: while decoding JSON: json: %s", source, problem);
      return FALSE;
    }
  return TRUE;
}

/* SplitManifests: "---" lines (with the spaces around them) separate
 * documents; empty ones are dropped. */
static gboolean
split_documents (const char  *source,
                 const char  *content,
                 GArray      *generic,
                 GArray      *hooks,
                 GError     **error)
{
  /* Bytes, not UTF-8: a template may well have produced invalid text,
   * which the YAML reader then reports. */
  g_autoptr(GRegex) separator = g_regex_new ("(?:^|\\s*\\n)---\\s*", G_REGEX_RAW, 0, NULL);
  g_autofree char *trimmed = trim_space (content, strlen (content));
  g_auto(GStrv) documents = g_regex_split (separator, trimmed, 0);

  for (guint i = 0; documents[i] != NULL; i++)
    {
      Manifest manifest = { 0 };
      gboolean is_hook;

      if (documents[i][0] == '\0')
        continue;
      manifest.content = trim_space (documents[i], strlen (documents[i]));
      manifest.source = g_strdup (source);
      if (!read_head (source, manifest.content, &manifest.kind, &is_hook, error))
        {
          manifest_clear (&manifest);
          return FALSE;
        }
      manifest.order = kind_order (manifest.kind);
      g_array_append_val (is_hook ? hooks : generic, manifest);
    }
  return TRUE;
}

static void
stable_sort (GArray *manifests)
{
  /* g_array_sort is not stable; sort (order, position) pairs instead. */
  for (guint i = 1; i < manifests->len; i++)
    for (guint j = i; j > 0; j--)
      {
        Manifest *a = &g_array_index (manifests, Manifest, j - 1);
        Manifest *b = &g_array_index (manifests, Manifest, j);
        Manifest swap;

        if (compare_manifests (a, b) <= 0)
          break;
        swap = *a;
        *a = *b;
        *b = swap;
      }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/**
 * strata_template_chart_format_manifest:
 * @rendered: (element-type utf8 utf8): file name to rendered text
 * @error: return location for a #STRATA_TEMPLATE_ERROR_INVALID error
 *
 * Returns: (transfer full): what `helm template` prints for @rendered
 */
char *
strata_template_chart_format_manifest (GHashTable  *rendered,
                                       GError     **error)
{
  g_autoptr(GArray) generic = g_array_new (FALSE, TRUE, sizeof (Manifest));
  g_autoptr(GArray) hooks = g_array_new (FALSE, TRUE, sizeof (Manifest));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) manifest = g_string_new (NULL);
  GString *out;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (rendered != NULL, NULL);

  g_array_set_clear_func (generic, manifest_clear);
  g_array_set_clear_func (hooks, manifest_clear);
  g_hash_table_iter_init (&iter, rendered);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      const char *content = g_hash_table_lookup (rendered, name);
      g_autofree char *base = g_path_get_basename (name);
      g_autofree char *trimmed = trim_space (content, strlen (content));

      if (g_str_has_suffix (name, "NOTES.txt") || base[0] == '_' || trimmed[0] == '\0')
        continue;
      if (!split_documents (name, content, generic, hooks, error))
        return NULL;
    }
  stable_sort (generic);
  stable_sort (hooks);

  for (guint i = 0; i < generic->len; i++)
    {
      Manifest *m = &g_array_index (generic, Manifest, i);

      g_string_append_printf (manifest, "---\n# Source: %s\n%s\n", m->source, m->content);
    }
  out = g_string_new (NULL);
  {
    g_autofree char *trimmed = trim_space (manifest->str, manifest->len);

    g_string_append_printf (out, "%s\n", trimmed);
  }
  for (guint i = 0; i < hooks->len; i++)
    {
      Manifest *m = &g_array_index (hooks, Manifest, i);

      g_string_append_printf (out, "---\n# Source: %s\n%s\n", m->source, m->content);
    }
  return g_string_free (out, FALSE);
}
