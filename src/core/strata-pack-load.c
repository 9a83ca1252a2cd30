/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a pack's folder. Every error names the file, and the line where
 * the text allows it: "…/pack.yaml: line 3: …". */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "strata-core-error.h"
#include "strata-pack-private.h"
#include "strata-profile.h"
#include "strata-semver.h"
#include "strata-yaml.h"

/* Larger files are not pack files but a mistake; refuse before reading. */
#define MAX_FILE_SIZE (1024 * 1024)
#define MAX_TEMPLATES 500
#define MAX_TEMPLATE_DEPTH 8

static const char * const pack_keys[] = {
  "name", "version", "displayName", "category", "description", "keywords", "layer",
};

static gboolean G_GNUC_PRINTF (4, 5)
fail_in_file (GError     **error,
              const char  *path,
              guint        line,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                 _("%s: line %u: %s"), path, line, message);
  else
    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID, "%s: %s", path, message);
  return FALSE;
}

/* Puts the file name before a parser's "line L, column C: …" message
 * (or the schema compiler's "#/pointer: …"). */
static gboolean
fail_parse (GError     **error,
            const char  *path,
            GError      *cause)
{
  g_set_error (error, cause->domain, cause->code, "%s: %s", path, cause->message);
  return FALSE;
}

/* The line of "key:" in a YAML text, below the line of "parent:" when
 * parent is given; 0 when the text does not say. The JSON tree has no
 * positions, and pack.yaml is simple enough for this. */
static guint
find_key_line (const char *text,
               const char *parent,
               const char *key)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean below_parent = parent == NULL;
  gsize key_length = strlen (key);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *start = line;

      while (*start == ' ')
        start++;

      if (!below_parent)
        {
          below_parent = start == line && g_str_has_prefix (line, parent) &&
                         line[strlen (parent)] == ':';
          continue;
        }
      if ((parent == NULL) != (start == line))
        continue;
      if (strncmp (start, key, key_length) == 0 && start[key_length] == ':')
        return i + 1;
    }

  return 0;
}

static char *
read_text (const char  *folder,
           const char  *name,
           gboolean     required,
           GError     **error)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  GStatBuf info;
  gsize length;

  if (g_stat (path, &info) != 0)
    {
      int saved_errno = errno;

      if (!required && saved_errno == ENOENT)
        return NULL;
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IO,
                   _("%s: cannot be read: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  if (info.st_size > MAX_FILE_SIZE)
    {
      fail_in_file (error, path, 0, _("the file is larger than %d MiB; a pack file should be text of a few kilobytes"),
                    MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  if (!g_utf8_validate_len (text, length, NULL))
    {
      fail_in_file (error, path, 0, _("the file is not UTF-8 text"));
      return NULL;
    }

  return g_steal_pointer (&text);
}

static gboolean
read_string (JsonObject  *object,
             const char  *key,
             const char  *parent,
             gboolean     required,
             char       **out,
             const char  *path,
             const char  *text,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail_in_file (error, path, 0, _("“%s%s%s” is missing"),
                             parent ? parent : "", parent ? "." : "", key);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail_in_file (error, path, find_key_line (text, parent, key),
                         _("“%s” must be text (put it in quotes)"), key);

  *out = g_strstrip (g_strdup (json_node_get_string (node)));
  return TRUE;
}

static gboolean
read_layer (StrataPack  *self,
            JsonObject  *pack,
            const char  *path,
            const char  *text,
            GError     **error)
{
  JsonNode *node = json_object_get_member (pack, "layer");
  JsonNode *priority;
  JsonObjectIter iter;
  const char *key;
  JsonObject *layer;
  g_autoptr(GError) local_error = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_in_file (error, path, find_key_line (text, NULL, "layer"),
                         _("“layer” must be a mapping with namespace: and priority:"));

  layer = json_node_get_object (node);
  json_object_iter_init_ordered (&iter, layer);
  while (json_object_iter_next_ordered (&iter, &key, NULL))
    if (g_strcmp0 (key, "namespace") != 0 && g_strcmp0 (key, "priority") != 0)
      return fail_in_file (error, path, find_key_line (text, "layer", key),
                           _("unknown key “layer.%s” (known: namespace, priority)"), key);

  if (!read_string (layer, "namespace", "layer", FALSE, &self->namespace_, path, text, error))
    return FALSE;
  if (self->namespace_ != NULL &&
      !strata_validate_dns_label (self->namespace_, _("namespace"), &local_error))
    return fail_in_file (error, path, find_key_line (text, "layer", "namespace"),
                         "%s", local_error->message);

  priority = json_object_get_member (layer, "priority");
  if (priority != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (priority) || json_node_get_value_type (priority) != G_TYPE_INT64 ||
          json_node_get_int (priority) < G_MININT || json_node_get_int (priority) > G_MAXINT)
        return fail_in_file (error, path, find_key_line (text, "layer", "priority"),
                             _("“layer.priority” must be a whole number (lower installs first)"));
      self->priority = (int)json_node_get_int (priority);
    }

  return TRUE;
}

static gboolean
read_keywords (StrataPack  *self,
               JsonObject  *pack,
               const char  *path,
               const char  *text,
               GError     **error)
{
  JsonNode *node = json_object_get_member (pack, "keywords");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
            return fail_in_file (error, path, find_key_line (text, NULL, "keywords"),
                                 _("keyword %u of “keywords” is not text"), i + 1);
          g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      return fail_in_file (error, path, find_key_line (text, NULL, "keywords"),
                           _("“keywords” must be a list, like [monitoring, cost]"));
    }

  self->keywords = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_pack_yaml (StrataPack  *self,
                GError     **error)
{
  g_autofree char *path = g_build_filename (self->folder, "pack.yaml", NULL);
  g_autofree char *folder_name = g_path_get_basename (self->folder);
  g_autofree char *parent = g_path_get_dirname (self->folder);
  g_autofree char *parent_name = g_path_get_basename (parent);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *pack;
  JsonObjectIter iter;
  const char *key;

  if (!(text = read_text (self->folder, "pack.yaml", TRUE, error)))
    return FALSE;
  if (!(root = strata_yaml_parse (text, -1, &local_error)))
    return fail_parse (error, path, local_error);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return fail_in_file (error, path, 0, _("the file must be a mapping with name:, version:, category: …"));

  pack = json_node_get_object (root);
  json_object_iter_init_ordered (&iter, pack);
  while (json_object_iter_next_ordered (&iter, &key, NULL))
    if (!g_strv_contains (pack_keys, key))
      {
        g_autofree char *known = g_strjoinv (", ", (char **)pack_keys);

        return fail_in_file (error, path, find_key_line (text, NULL, key),
                             _("unknown key “%s” (known: %s)"), key, known);
      }

  if (!read_string (pack, "name", NULL, TRUE, &self->name, path, text, error) ||
      !read_string (pack, "version", NULL, TRUE, &self->version, path, text, error) ||
      !read_string (pack, "category", NULL, TRUE, &self->category, path, text, error) ||
      !read_string (pack, "displayName", NULL, FALSE, &self->display_name, path, text, error) ||
      !read_string (pack, "description", NULL, FALSE, &self->description, path, text, error) ||
      !read_keywords (self, pack, path, text, error) ||
      !read_layer (self, pack, path, text, error))
    return FALSE;

  if (!strata_validate_dns_label (self->name, _("pack name"), &local_error))
    return fail_in_file (error, path, find_key_line (text, NULL, "name"), "%s", local_error->message);
  if (!strata_semver_validate (self->version, &local_error))
    return fail_in_file (error, path, find_key_line (text, NULL, "version"), "%s", local_error->message);

  /* The registry finds a pack by its folders: they must agree. */
  if (g_strcmp0 (self->version, folder_name) != 0)
    return fail_in_file (error, path, find_key_line (text, NULL, "version"),
                         _("version %s is in the folder “%s”; name the folder %s"),
                         self->version, folder_name, self->version);
  if (g_strcmp0 (self->name, parent_name) != 0)
    return fail_in_file (error, path, find_key_line (text, NULL, "name"),
                         _("the pack “%s” is in the folder “%s”; name the folder %s"),
                         self->name, parent_name, self->name);
  if (*self->category == '\0')
    return fail_in_file (error, path, find_key_line (text, NULL, "category"),
                         _("the category is empty; use one such as Monitoring or Networking"));

  if (self->display_name == NULL || *self->display_name == '\0')
    {
      g_free (self->display_name);
      self->display_name = g_strdup (self->name);
    }
  if (self->description == NULL)
    self->description = g_strdup ("");
  if (self->namespace_ == NULL)
    self->namespace_ = g_strdup ("default");

  return TRUE;
}

JsonNode *
_strata_pack_parse_values (const char  *text,
                           GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  if (!(root = strata_yaml_parse (text, -1, error)))
    return NULL;

  if (JSON_NODE_HOLDS_NULL (root))
    json_node_take_object (json_node_init (root, JSON_NODE_OBJECT), json_object_new ());

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("values: expected a mapping of keys to values (key: value), got %s"),
                   JSON_NODE_HOLDS_ARRAY (root) ? _("a list") : _("a single value"));
      return NULL;
    }

  return g_steal_pointer (&root);
}

static gboolean
read_values (StrataPack  *self,
             GError     **error)
{
  g_autofree char *path = g_build_filename (self->folder, "values.yaml", NULL);
  g_autofree char *schema_path = g_build_filename (self->folder, "values.schema.json", NULL);
  g_autofree char *schema_text = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(self->values = read_text (self->folder, "values.yaml", TRUE, error)))
    return FALSE;
  if (!(self->defaults = _strata_pack_parse_values (self->values, &local_error)))
    {
      if (g_error_matches (local_error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE))
        return fail_parse (error, path, local_error);
      return fail_in_file (error, path, 0, "%s", local_error->message);
    }

  if (!(schema_text = read_text (self->folder, "values.schema.json", FALSE, &local_error)))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  else if (!(self->schema = strata_json_schema_new_from_data (schema_text, -1, &local_error)))
    {
      return fail_parse (error, schema_path, local_error);
    }

  /* A pack whose own defaults fail its schema could never be saved. */
  if (self->schema != NULL &&
      !strata_json_schema_validate (self->schema, self->defaults, "values", &local_error))
    return fail_in_file (error, path, 0, _("the defaults do not pass values.schema.json:\n%s"),
                         local_error->message);

  return TRUE;
}

static gboolean
read_templates_folder (StrataPack  *self,
                       const char  *relative,
                       guint        depth,
                       GError     **error)
{
  g_autofree char *folder = g_build_filename (self->folder, relative, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &local_error);
  const char *entry;

  if (dir == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IO,
                   _("%s: cannot be read: %s"), folder, local_error->message);
      return FALSE;
    }
  if (depth > MAX_TEMPLATE_DEPTH)
    return fail_in_file (error, folder, 0, _("templates are nested more than %d folders deep"),
                         MAX_TEMPLATE_DEPTH);

  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *name = g_build_path ("/", relative, entry, NULL);
      g_autofree char *path = g_build_filename (self->folder, name, NULL);
      char *text;

      if (entry[0] == '.')
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (!read_templates_folder (self, name, depth + 1, error))
            return FALSE;
          continue;
        }
      if (g_hash_table_size (self->templates) >= MAX_TEMPLATES)
        return fail_in_file (error, folder, 0, _("a pack may have at most %d templates"), MAX_TEMPLATES);
      if (!(text = read_text (self->folder, name, TRUE, error)))
        return FALSE;
      g_hash_table_insert (self->templates, g_steal_pointer (&name), text);
    }

  return TRUE;
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

static gboolean
read_templates (StrataPack  *self,
                GError     **error)
{
  g_autofree char *folder = g_build_filename (self->folder, "templates", NULL);

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    return fail_in_file (error, self->folder, 0,
                         _("the pack has no templates folder; its objects go in templates/*.yaml"));
  if (!read_templates_folder (self, "templates", 0, error))
    return FALSE;
  if (g_hash_table_size (self->templates) == 0)
    return fail_in_file (error, folder, 0, _("the folder is empty; a pack needs at least one template"));

  self->template_names = (GStrv)g_hash_table_get_keys_as_array (self->templates, NULL);
  for (guint i = 0; self->template_names[i] != NULL; i++)
    self->template_names[i] = g_strdup (self->template_names[i]);
  qsort (self->template_names, g_strv_length (self->template_names), sizeof (char *),
         compare_names);

  return TRUE;
}

/* Reads the whole folder; the caller has set self->folder. */
gboolean
_strata_pack_load (StrataPack  *self,
                   GError     **error)
{
  g_autofree char *keywords = NULL;
  g_autofree char *text = NULL;

  if (!read_pack_yaml (self, error) ||
      !read_values (self, error) ||
      !read_templates (self, error))
    return FALSE;

  self->readme = read_text (self->folder, "README.md", FALSE, error);
  if (self->readme == NULL && error != NULL && *error != NULL)
    return FALSE;

  keywords = g_strjoinv ("\n", self->keywords);
  text = g_strjoin ("\n", self->name, self->display_name, self->description, keywords, NULL);
  self->search_text = g_utf8_casefold (text, -1);

  return TRUE;
}
