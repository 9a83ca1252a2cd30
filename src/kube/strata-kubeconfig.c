/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reads kubeconfig files and merges them the way kubectl does, then turns
 * one context into a StrataKubeEndpoint. Every error names the file (and the
 * entry in it) that has to change. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-json.h"
#include "strata-kube-error.h"
#include "strata-kubeconfig.h"
#include "strata-yaml.h"

typedef struct
{
  char       *file;   /* absolute path of the kubeconfig that defined it */
  char       *name;
  JsonObject *value;  /* the "cluster", "user" or "context" mapping */
} Entry;

struct _StrataKubeconfig
{
  GObject     parent_instance;

  GPtrArray  *files;          /* absolute paths of the files read, in order */
  GHashTable *clusters;       /* name → Entry */
  GHashTable *users;
  GHashTable *contexts;
  char       *current_context;
};

enum {
  PROP_0,
  PROP_CURRENT_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataKubeconfig, strata_kubeconfig, G_TYPE_OBJECT)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->file);
  g_free (entry->name);
  json_object_unref (entry->value);
  g_free (entry);
}

static void
strata_kubeconfig_finalize (GObject *object)
{
  StrataKubeconfig *self = (StrataKubeconfig *)object;

  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->clusters, g_hash_table_unref);
  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->contexts, g_hash_table_unref);
  g_clear_pointer (&self->current_context, g_free);

  G_OBJECT_CLASS (strata_kubeconfig_parent_class)->finalize (object);
}

static void
strata_kubeconfig_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  StrataKubeconfig *self = (StrataKubeconfig *)object;

  switch (prop_id)
    {
    case PROP_CURRENT_CONTEXT:
      g_value_set_string (value, self->current_context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_kubeconfig_class_init (StrataKubeconfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_kubeconfig_finalize;
  object_class->get_property = strata_kubeconfig_get_property;

  properties[PROP_CURRENT_CONTEXT] =
    g_param_spec_string ("current-context", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_kubeconfig_init (StrataKubeconfig *self)
{
  self->files = g_ptr_array_new_with_free_func (g_free);
  self->clusters = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  self->contexts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
}

static GError *
config_error (const char *format,
              ...) G_GNUC_PRINTF (1, 2);

static GError *
config_error (const char *format,
              ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG, format, args);
  va_end (args);

  return error;
}

/* Files as a list for messages: “a”, “b”. */
static char *
join_quoted (const char * const *items,
             guint               n_items)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_items; i++)
    g_string_append_printf (text, "%s“%s”", i > 0 ? ", " : "", items[i]);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_files (StrataKubeconfig *self)
{
  return join_quoted ((const char * const *)self->files->pdata, self->files->len);
}

/* One of "clusters", "users", "contexts": a list of {name, FIELD: {…}};
 * the first definition of a name, over all files, is the one that counts. */
static gboolean
merge_list (GHashTable  *table,
            const char  *file,
            JsonObject  *root,
            const char  *list_name,
            const char  *field,
            GError     **error)
{
  JsonNode *list_node = json_object_get_member (root, list_name);
  JsonArray *list;

  if (list_node == NULL || JSON_NODE_HOLDS_NULL (list_node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (list_node))
    {
      g_propagate_error (error, config_error (_("%s: “%s” must be a list of named entries"),
                                              file, list_name));
      return FALSE;
    }

  list = json_node_get_array (list_node);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      JsonNode *name_node;
      JsonNode *value_node;
      const char *name;
      Entry *entry;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_propagate_error (error, config_error (_("%s: entry %u of “%s” must be a mapping with a name and a “%s”"),
                                                  file, i + 1, list_name, field));
          return FALSE;
        }

      name_node = json_object_get_member (json_node_get_object (item), "name");
      if (name_node == NULL || json_node_get_value_type (name_node) != G_TYPE_STRING ||
          *json_node_get_string (name_node) == '\0')
        {
          g_propagate_error (error, config_error (_("%s: entry %u of “%s” has no name"),
                                                  file, i + 1, list_name));
          return FALSE;
        }
      name = json_node_get_string (name_node);

      value_node = json_object_get_member (json_node_get_object (item), field);
      if (value_node != NULL && !JSON_NODE_HOLDS_NULL (value_node) &&
          !JSON_NODE_HOLDS_OBJECT (value_node))
        {
          g_propagate_error (error, config_error (_("%s: the “%s” of %s “%s” must be a mapping"),
                                                  file, field, field, name));
          return FALSE;
        }

      if (g_hash_table_contains (table, name))
        continue;

      entry = g_new0 (Entry, 1);
      entry->file = g_strdup (file);
      entry->name = g_strdup (name);
      entry->value = value_node != NULL && JSON_NODE_HOLDS_OBJECT (value_node)
                       ? json_object_ref (json_node_get_object (value_node))
                       : json_object_new ();
      g_hash_table_insert (table, entry->name, entry);
    }

  return TRUE;
}

/* Reads and merges one file. kubectl skips missing files of $KUBECONFIG,
 * and so do we when @skip_missing; self->files lists those read. */
static gboolean
merge_file (StrataKubeconfig  *self,
            const char        *path,
            gboolean           skip_missing,
            GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root_node = NULL;
  g_autofree char *file = g_canonicalize_filename (path, NULL);
  g_autofree char *text = NULL;
  gsize length;
  JsonObject *root;
  JsonNode *kind;
  JsonNode *current;

  if (!g_file_get_contents (file, &text, &length, &local_error))
    {
      if (skip_missing && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;

      g_propagate_error (error, config_error (_("Could not read the kubeconfig “%s”: %s"),
                                              file, local_error->message));
      return FALSE;
    }

  g_ptr_array_add (self->files, g_strdup (file));

  if (!(root_node = strata_yaml_parse (text, length, &local_error)))
    {
      g_propagate_error (error, config_error ("%s: %s", file, local_error->message));
      return FALSE;
    }

  /* An empty file is an empty kubeconfig, as kubectl reads it. */
  if (JSON_NODE_HOLDS_NULL (root_node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_propagate_error (error, config_error (_("%s: not a kubeconfig (expected a mapping with clusters, users and contexts)"),
                                              file));
      return FALSE;
    }

  root = json_node_get_object (root_node);

  kind = json_object_get_member (root, "kind");
  if (kind != NULL && json_node_get_value_type (kind) == G_TYPE_STRING &&
      g_strcmp0 (json_node_get_string (kind), "Config") != 0)
    {
      g_propagate_error (error, config_error (_("%s: not a kubeconfig: its kind is “%s”, not “Config”"),
                                              file, json_node_get_string (kind)));
      return FALSE;
    }

  if (!merge_list (self->clusters, file, root, "clusters", "cluster", error) ||
      !merge_list (self->users, file, root, "users", "user", error) ||
      !merge_list (self->contexts, file, root, "contexts", "context", error))
    return FALSE;

  current = json_object_get_member (root, "current-context");
  if (self->current_context == NULL && current != NULL &&
      json_node_get_value_type (current) == G_TYPE_STRING &&
      *json_node_get_string (current) != '\0')
    self->current_context = g_strdup (json_node_get_string (current));

  return TRUE;
}

static StrataKubeconfig *
load_files (const char * const  *paths,
            gboolean             skip_missing,
            const char          *looked_in,
            GError             **error)
{
  g_autoptr(StrataKubeconfig) self = g_object_new (STRATA_TYPE_KUBECONFIG, NULL);
  g_autofree char *files = NULL;

  for (guint i = 0; paths[i] != NULL; i++)
    {
      if (!merge_file (self, paths[i], skip_missing, error))
        return NULL;
    }

  if (self->files->len == 0)
    {
      g_propagate_error (error, config_error (_("No kubeconfig found: %s; create one or point KUBECONFIG at yours"),
                                              looked_in));
      return NULL;
    }

  files = describe_files (self);
  if (g_hash_table_size (self->contexts) == 0)
    {
      g_propagate_error (error, config_error (_("No contexts in the kubeconfig (read %s); add a context, or use another file"),
                                              files));
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * strata_kubeconfig_load:
 * @paths: the kubeconfig files, first one first
 * @error: return location for a #GError
 *
 * Every file must exist, as with kubectl --kubeconfig.
 *
 * Returns: (transfer full) (nullable): the merged kubeconfig
 */
StrataKubeconfig *
strata_kubeconfig_load (const char * const  *paths,
                        GError             **error)
{
  g_autofree char *looked_in = NULL;

  g_return_val_if_fail (paths != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  looked_in = join_quoted (paths, g_strv_length ((char **)paths));
  if (paths[0] == NULL)
    {
      g_propagate_error (error, config_error (_("No kubeconfig files were given")));
      return NULL;
    }

  return load_files (paths, FALSE, looked_in, error);
}

/**
 * strata_kubeconfig_load_default:
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the kubeconfig kubectl would use
 */
StrataKubeconfig *
strata_kubeconfig_load_default (GError **error)
{
  const char *list = g_getenv ("KUBECONFIG");
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *looked_in = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (list != NULL && *list != '\0')
    {
      g_auto(GStrv) items = g_strsplit (list, G_SEARCHPATH_SEPARATOR_S, -1);
      g_autofree char *quoted = NULL;

      /* kubectl drops empty entries and repeats. */
      for (guint i = 0; items[i] != NULL; i++)
        {
          if (*items[i] != '\0' &&
              !g_ptr_array_find_with_equal_func (paths, items[i], g_str_equal, NULL))
            g_ptr_array_add (paths, g_strdup (items[i]));
        }

      quoted = join_quoted ((const char * const *)paths->pdata, paths->len);
      looked_in = g_strdup_printf (_("KUBECONFIG names %s and none of them exists"), quoted);
    }
  else
    {
      /* $HOME first, as kubectl does; g_get_home_dir() would also ignore a
       * HOME changed after the first call. */
      const char *home = g_getenv ("HOME");

      if (home == NULL || *home == '\0')
        home = g_get_home_dir ();

      g_ptr_array_add (paths, g_build_filename (home, ".kube", "config", NULL));
      looked_in = g_strdup_printf (_("KUBECONFIG is not set and “%s” does not exist"),
                                   (const char *)paths->pdata[0]);
    }

  g_ptr_array_add (paths, NULL);

  return load_files ((const char * const *)paths->pdata, TRUE, looked_in, error);
}

const char *
strata_kubeconfig_get_current_context (StrataKubeconfig *self)
{
  g_return_val_if_fail (STRATA_IS_KUBECONFIG (self), NULL);

  return self->current_context;
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/**
 * strata_kubeconfig_list_contexts:
 * @self: a #StrataKubeconfig
 *
 * Returns: (transfer full): the context names, sorted
 */
GStrv
strata_kubeconfig_list_contexts (StrataKubeconfig *self)
{
  g_autofree const char **names = NULL;
  GStrvBuilder *builder;
  GStrv result;
  guint n_names;

  g_return_val_if_fail (STRATA_IS_KUBECONFIG (self), NULL);

  names = (const char **)g_hash_table_get_keys_as_array (self->contexts, &n_names);
  qsort (names, n_names, sizeof (char *), compare_names);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < n_names; i++)
    g_strv_builder_add (builder, names[i]);
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return result;
}

/* Resolving a context */

/* Go's base64.StdEncoding, which kubectl uses for *-data: padded, with line
 * breaks allowed. g_base64_decode() skips what it does not know, so a
 * mangled value would otherwise turn into garbage without a word. */
static char *
decode_base64 (const char *text)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  g_autofree guchar *data = NULL;
  const char *padding;
  gsize length;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
        return NULL;
      g_string_append_c (clean, *p);
    }

  if (clean->len == 0 || clean->len % 4 != 0)
    return NULL;

  if ((padding = strchr (clean->str, '=')) != NULL &&
      (strspn (padding, "=") != strlen (padding) || strlen (padding) > 2))
    return NULL;

  data = g_base64_decode (clean->str, &length);

  /* What we decode is PEM text; NULs or binary mean it is not. */
  if (!g_utf8_validate ((const char *)data, length, NULL))
    return g_strdup ("");

  return g_strndup ((const char *)data, length);
}

/* kubectl treats an empty string like an absent field. */
static const char *
get_string (JsonObject *object,
            const char *name)
{
  const char *value = strata_json_object_get_string (object, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* A member that must be a string when it is there at all. */
static gboolean
check_string (JsonObject  *object,
              const char  *where,
              const char  *name,
              GError     **error)
{
  JsonNode *member = json_object_get_member (object, name);

  if (member == NULL || JSON_NODE_HOLDS_NULL (member) ||
      json_node_get_value_type (member) == G_TYPE_STRING)
    return TRUE;

  g_propagate_error (error, config_error (_("%s: %s must be a string"), where, name));
  return FALSE;
}

typedef enum
{
  PEM_CERTIFICATE,
  PEM_PRIVATE_KEY,
} PemKind;

static gboolean
check_pem (const char  *text,
           PemKind      kind,
           const char  *where,
           const char  *source,
           GError     **error)
{
  if (kind == PEM_CERTIFICATE && strstr (text, "-----BEGIN CERTIFICATE-----") == NULL)
    {
      g_propagate_error (error, config_error (_("%s: %s holds no PEM certificate (a “-----BEGIN CERTIFICATE-----” block)"),
                                              where, source));
      return FALSE;
    }

  if (kind == PEM_PRIVATE_KEY &&
      (strstr (text, "-----BEGIN ") == NULL || strstr (text, "PRIVATE KEY-----") == NULL))
    {
      g_propagate_error (error, config_error (_("%s: %s is not a PEM private key (a “-----BEGIN … PRIVATE KEY-----” block)"),
                                              where, source));
      return FALSE;
    }

  return TRUE;
}

static char *
resolve_path (const Entry *entry,
              const char  *path)
{
  g_autofree char *folder = NULL;

  if (g_path_is_absolute (path))
    return g_strdup (path);

  folder = g_path_get_dirname (entry->file);
  return g_canonicalize_filename (path, folder);
}

/* PEM text from FIELD-data (inline, base64) or FIELD (a file, relative to
 * the kubeconfig's folder). As kubectl says, the data wins when both are
 * set. *pem stays NULL when neither is. */
static gboolean
read_pem (const Entry  *entry,
          const char   *where,
          const char   *file_field,
          const char   *data_field,
          PemKind       kind,
          char        **pem,
          GError      **error)
{
  const char *data = get_string (entry->value, data_field);
  const char *path = get_string (entry->value, file_field);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *full_path = NULL;
  g_autofree char *source = NULL;
  g_autofree char *text = NULL;

  if (!check_string (entry->value, where, data_field, error) ||
      !check_string (entry->value, where, file_field, error))
    return FALSE;

  if (data != NULL)
    {
      if (!(text = decode_base64 (data)))
        {
          g_propagate_error (error, config_error (_("%s: %s is not valid base64"),
                                                  where, data_field));
          return FALSE;
        }
      source = g_strdup (data_field);
    }
  else if (path != NULL)
    {
      gsize length;

      full_path = resolve_path (entry, path);
      if (!g_file_get_contents (full_path, &text, &length, &local_error))
        {
          g_propagate_error (error, config_error (_("%s: cannot read %s “%s”: %s"),
                                                  where, file_field, full_path,
                                                  local_error->message));
          return FALSE;
        }
      if (!g_utf8_validate (text, length, NULL))
        g_clear_pointer (&text, g_free);
      source = g_strdup_printf ("%s “%s”", file_field, full_path);
    }
  else
    {
      return TRUE;
    }

  if (!check_pem (text != NULL ? text : "", kind, where, source, error))
    return FALSE;

  *pem = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
check_exec (JsonNode    *exec,
            const char  *where,
            GError     **error)
{
  JsonObject *object;
  JsonNode *args;
  JsonNode *env;

  if (!JSON_NODE_HOLDS_OBJECT (exec))
    {
      g_propagate_error (error, config_error (_("%s: exec must be a mapping with a command and an apiVersion"),
                                              where));
      return FALSE;
    }

  object = json_node_get_object (exec);
  if (get_string (object, "command") == NULL)
    {
      g_propagate_error (error, config_error (_("%s: exec has no command"), where));
      return FALSE;
    }

  if (get_string (object, "apiVersion") == NULL)
    {
      g_propagate_error (error, config_error (_("%s: exec has no apiVersion (for example client.authentication.k8s.io/v1)"),
                                              where));
      return FALSE;
    }

  if (!check_string (object, where, "installHint", error))
    return FALSE;

  args = json_object_get_member (object, "args");
  if (args != NULL && !JSON_NODE_HOLDS_NULL (args))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (args) ? json_node_get_array (args) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          if (json_node_get_value_type (json_array_get_element (array, i)) != G_TYPE_STRING)
            array = NULL;
        }

      if (array == NULL)
        {
          g_propagate_error (error, config_error (_("%s: exec args must be a list of strings"),
                                                  where));
          return FALSE;
        }
    }

  env = json_object_get_member (object, "env");
  if (env != NULL && !JSON_NODE_HOLDS_NULL (env))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (env) ? json_node_get_array (env) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          JsonNode *value;

          if (!JSON_NODE_HOLDS_OBJECT (item) ||
              get_string (json_node_get_object (item), "name") == NULL ||
              !(value = json_object_get_member (json_node_get_object (item), "value")) ||
              json_node_get_value_type (value) != G_TYPE_STRING)
            array = NULL;
        }

      if (array == NULL)
        {
          g_propagate_error (error, config_error (_("%s: exec env must be a list of {name, value} with string values"),
                                                  where));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
resolve_cluster (StrataKubeEndpoint  *endpoint,
                 const Entry         *cluster,
                 GError             **error)
{
  g_autofree char *where = g_strdup_printf (_("%s: cluster “%s”"), cluster->file, cluster->name);
  g_autofree char *certificate_authority = NULL;
  JsonNode *insecure;

  if (!check_string (cluster->value, where, "tls-server-name", error) ||
      !check_string (cluster->value, where, "proxy-url", error))
    return FALSE;

  if (!read_pem (cluster, where, "certificate-authority", "certificate-authority-data",
                 PEM_CERTIFICATE, &certificate_authority, error))
    return FALSE;

  insecure = json_object_get_member (cluster->value, "insecure-skip-tls-verify");
  if (insecure != NULL && !JSON_NODE_HOLDS_NULL (insecure) &&
      json_node_get_value_type (insecure) != G_TYPE_BOOLEAN)
    {
      g_propagate_error (error, config_error (_("%s: insecure-skip-tls-verify must be true or false"),
                                              where));
      return FALSE;
    }

  /* Only a literal true turns verification off. */
  if (insecure != NULL && json_node_get_value_type (insecure) == G_TYPE_BOOLEAN &&
      json_node_get_boolean (insecure))
    {
      if (certificate_authority != NULL)
        {
          g_propagate_error (error, config_error (_("%s: sets both a certificate authority and insecure-skip-tls-verify; remove one (kubectl refuses this too)"),
                                                  where));
          return FALSE;
        }
      strata_kube_endpoint_set_insecure_skip_tls_verify (endpoint, TRUE);
    }

  strata_kube_endpoint_set_certificate_authority (endpoint, certificate_authority);
  strata_kube_endpoint_set_tls_server_name (endpoint, get_string (cluster->value, "tls-server-name"));
  strata_kube_endpoint_set_proxy_url (endpoint, get_string (cluster->value, "proxy-url"));

  return TRUE;
}

static gboolean
resolve_user (StrataKubeEndpoint  *endpoint,
              const Entry         *user,
              GError             **error)
{
  g_autofree char *where = g_strdup_printf (_("%s: user “%s”"), user->file, user->name);
  g_autofree char *certificate = NULL;
  g_autofree char *key = NULL;
  g_autofree char *folder = NULL;
  const char *token;
  const char *token_file;
  const char *username;
  const char *password;
  JsonNode *auth_provider;
  JsonNode *exec;

  if (!check_string (user->value, where, "token", error) ||
      !check_string (user->value, where, "tokenFile", error) ||
      !check_string (user->value, where, "username", error) ||
      !check_string (user->value, where, "password", error))
    return FALSE;

  auth_provider = json_object_get_member (user->value, "auth-provider");
  if (auth_provider != NULL && !JSON_NODE_HOLDS_NULL (auth_provider))
    {
      const char *name = JSON_NODE_HOLDS_OBJECT (auth_provider)
                           ? get_string (json_node_get_object (auth_provider), "name") : NULL;

      g_propagate_error (error, config_error (_("%s: uses the auth-provider “%s”, which Strata does not support; use an exec credential plugin instead (kubectl has dropped auth providers too)"),
                                              where, name != NULL ? name : "?"));
      return FALSE;
    }

  if (!read_pem (user, where, "client-certificate", "client-certificate-data",
                 PEM_CERTIFICATE, &certificate, error) ||
      !read_pem (user, where, "client-key", "client-key-data",
                 PEM_PRIVATE_KEY, &key, error))
    return FALSE;

  if ((certificate == NULL) != (key == NULL))
    {
      g_propagate_error (error, config_error (certificate != NULL
                                                ? _("%s: has a client certificate but no client-key or client-key-data")
                                                : _("%s: has a client key but no client-certificate or client-certificate-data"),
                                              where));
      return FALSE;
    }

  token = get_string (user->value, "token");
  token_file = get_string (user->value, "tokenFile");
  username = get_string (user->value, "username");
  password = get_string (user->value, "password");

  if ((token != NULL || token_file != NULL) && (username != NULL || password != NULL))
    {
      g_propagate_error (error, config_error (_("%s: sets both a token and a username/password; keep one (kubectl allows only one)"),
                                              where));
      return FALSE;
    }

  exec = json_object_get_member (user->value, "exec");
  if (exec != NULL && JSON_NODE_HOLDS_NULL (exec))
    exec = NULL;
  if (exec != NULL && !check_exec (exec, where, error))
    return FALSE;

  strata_kube_endpoint_set_client_certificate (endpoint, certificate, key);
  strata_kube_endpoint_set_token (endpoint, token);
  if (token_file != NULL)
    {
      g_autofree char *path = resolve_path (user, token_file);

      strata_kube_endpoint_set_token_file (endpoint, path);
    }
  strata_kube_endpoint_set_basic_auth (endpoint, username, password);

  folder = g_path_get_dirname (user->file);
  strata_kube_endpoint_set_exec (endpoint, exec, folder);

  return TRUE;
}

/**
 * strata_kubeconfig_resolve:
 * @self: a #StrataKubeconfig
 * @context: (nullable): a context name, or %NULL for the current one
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the endpoint of @context
 */
StrataKubeEndpoint *
strata_kubeconfig_resolve (StrataKubeconfig  *self,
                           const char        *context,
                           GError           **error)
{
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;
  g_autofree char *files = NULL;
  g_autofree char *where = NULL;
  const Entry *context_entry;
  const Entry *cluster = NULL;
  const Entry *user = NULL;
  const char *cluster_name;
  const char *user_name;
  const char *server;

  g_return_val_if_fail (STRATA_IS_KUBECONFIG (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  files = describe_files (self);

  if (context == NULL)
    context = self->current_context;

  if (context == NULL)
    {
      g_auto(GStrv) names = strata_kubeconfig_list_contexts (self);
      g_autofree char *quoted = join_quoted ((const char * const *)names, g_strv_length (names));

      g_propagate_error (error, config_error (_("No current context is set in %s; choose one of %s"),
                                              files, quoted));
      return NULL;
    }

  if (!(context_entry = g_hash_table_lookup (self->contexts, context)))
    {
      g_auto(GStrv) names = strata_kubeconfig_list_contexts (self);
      g_autofree char *quoted = join_quoted ((const char * const *)names, g_strv_length (names));

      g_propagate_error (error, config_error (_("No context “%s” in %s; the contexts are %s"),
                                              context, files, quoted));
      return NULL;
    }

  where = g_strdup_printf (_("%s: context “%s”"), context_entry->file, context);
  if (!check_string (context_entry->value, where, "cluster", error) ||
      !check_string (context_entry->value, where, "user", error) ||
      !check_string (context_entry->value, where, "namespace", error))
    return NULL;

  if (!(cluster_name = get_string (context_entry->value, "cluster")))
    {
      g_propagate_error (error, config_error (_("%s: context “%s” names no cluster"),
                                              context_entry->file, context));
      return NULL;
    }

  if (!(cluster = g_hash_table_lookup (self->clusters, cluster_name)))
    {
      g_propagate_error (error, config_error (_("%s: context “%s” names cluster “%s”, which no kubeconfig defines"),
                                              context_entry->file, context, cluster_name));
      return NULL;
    }

  /* A context without a user is anonymous access, which kubectl allows. */
  user_name = get_string (context_entry->value, "user");
  if (user_name != NULL && !(user = g_hash_table_lookup (self->users, user_name)))
    {
      g_propagate_error (error, config_error (_("%s: context “%s” names user “%s”, which no kubeconfig defines"),
                                              context_entry->file, context, user_name));
      return NULL;
    }

  g_free (where);
  where = g_strdup_printf (_("%s: cluster “%s”"), cluster->file, cluster_name);
  if (!check_string (cluster->value, where, "server", error))
    return NULL;

  if (!(server = get_string (cluster->value, "server")))
    {
      g_propagate_error (error, config_error (_("%s: cluster “%s” has no server"),
                                              cluster->file, cluster_name));
      return NULL;
    }

  endpoint = strata_kube_endpoint_new (server);
  strata_kube_endpoint_set_names (endpoint, context, cluster_name, user_name);
  strata_kube_endpoint_set_namespace (endpoint, get_string (context_entry->value, "namespace"));

  if (!resolve_cluster (endpoint, cluster, error))
    return NULL;

  if (user != NULL && !resolve_user (endpoint, user, error))
    return NULL;

  return g_steal_pointer (&endpoint);
}
