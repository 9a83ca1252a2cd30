/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-atomic-file.h"
#include "strata-core-error.h"
#include "strata-json.h"
#include "strata-profile.h"
#include "strata-registry-list.h"
#include "strata-yaml.h"

struct _StrataRegistryList
{
  GObject    parent_instance;
  char      *path;
  GPtrArray *entries;
};

G_DEFINE_FINAL_TYPE (StrataRegistryList, strata_registry_list, G_TYPE_OBJECT)

const char *
strata_registry_type_to_string (StrataRegistryType type)
{
  return type == STRATA_REGISTRY_TYPE_PACKS ? "packs" : "charts";
}

gboolean
strata_registry_type_from_string (const char         *text,
                                  StrataRegistryType *type)
{
  if (g_strcmp0 (text, "charts") == 0)
    *type = STRATA_REGISTRY_TYPE_CHARTS;
  else if (g_strcmp0 (text, "packs") == 0)
    *type = STRATA_REGISTRY_TYPE_PACKS;
  else
    return FALSE;
  return TRUE;
}

void
strata_registry_entry_free (StrataRegistryEntry *entry)
{
  g_free (entry->name);
  g_free (entry->url);
  g_free (entry);
}

static void
strata_registry_list_finalize (GObject *object)
{
  StrataRegistryList *self = (StrataRegistryList *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (strata_registry_list_parent_class)->finalize (object);
}

static void
strata_registry_list_class_init (StrataRegistryListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = strata_registry_list_finalize;
}

static void
strata_registry_list_init (StrataRegistryList *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify)strata_registry_entry_free);
}

StrataRegistryList *
strata_registry_list_new (const char *path)
{
  StrataRegistryList *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (STRATA_TYPE_REGISTRY_LIST, NULL);
  self->path = g_strdup (path);
  return self;
}

StrataRegistryList *
strata_registry_list_new_default (void)
{
  const char *override = g_getenv ("STRATA_DATA_DIR");
  g_autofree char *path = NULL;

  if (override != NULL && *override != '\0')
    path = g_build_filename (override, "registries.yaml", NULL);
  else
    path = g_build_filename (g_get_user_data_dir (), "strata", "registries.yaml", NULL);

  return strata_registry_list_new (path);
}

const char *
strata_registry_list_get_path (StrataRegistryList *self)
{
  g_return_val_if_fail (STRATA_IS_REGISTRY_LIST (self), NULL);
  return self->path;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return strcmp ((*(StrataRegistryEntry **)a)->name, (*(StrataRegistryEntry **)b)->name);
}

static gboolean
check_name (StrataRegistryList  *self,
            const char          *name,
            GError             **error)
{
  if (!strata_validate_dns_label (name, _("registry name"), error))
    return FALSE;

  /* "public" is the built-in Public Repo's name in references. */
  if (g_ascii_strcasecmp (name, "public") == 0 || strata_registry_list_lookup (self, name) != NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                   _("a registry named “%s” already exists"), name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_url (const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("“%s” is not an http or https URL (expected like https://charts.example.com/)"), url);
      return FALSE;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("the URL “%s” holds a user or password; give them separately so the password "
                     "goes to the keyring"), url);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_entry (StrataRegistryList  *self,
            JsonObject          *object,
            guint                index,
            GError             **error)
{
  const char *name = strata_json_object_get_string (object, "name");
  const char *url = strata_json_object_get_string (object, "url");
  const char *type_text = strata_json_object_get_string (object, "type");
  const char *credentials = strata_json_object_get_string (object, "credentials");
  StrataRegistryType type = STRATA_REGISTRY_TYPE_CHARTS;
  g_autoptr(GError) local_error = NULL;
  StrataRegistryEntry *entry;

  if (name == NULL || url == NULL ||
      (type_text != NULL && !strata_registry_type_from_string (type_text, &type)) ||
      !check_name (self, name, &local_error) || !check_url (url, &local_error))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("%s: registries[%u]: %s"), self->path, index,
                   local_error != NULL ? local_error->message
                                       : _("needs a name, a url and a type of charts or packs"));
      return FALSE;
    }

  entry = g_new0 (StrataRegistryEntry, 1);
  entry->name = g_strdup (name);
  entry->url = g_strdup (url);
  entry->type = type;
  entry->has_credentials = g_strcmp0 (credentials, "keyring") == 0;
  g_ptr_array_add (self->entries, entry);
  return TRUE;
}

gboolean
strata_registry_list_load (StrataRegistryList  *self,
                           GError             **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) document = NULL;
  JsonArray *registries;

  g_return_val_if_fail (STRATA_IS_REGISTRY_LIST (self), FALSE);

  g_ptr_array_set_size (self->entries, 0);
  if (!g_file_get_contents (self->path, &contents, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  document = strata_yaml_parse (contents, -1, &local_error);
  if (document == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   "%s: %s", self->path, local_error->message);
      return FALSE;
    }

  registries = JSON_NODE_HOLDS_OBJECT (document)
    ? strata_json_object_get_array (json_node_get_object (document), "registries") : NULL;
  if (registries == NULL && !JSON_NODE_HOLDS_NULL (document))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                   _("%s: expected a “registries” list"), self->path);
      return FALSE;
    }

  for (guint i = 0; registries != NULL && i < json_array_get_length (registries); i++)
    {
      JsonNode *node = json_array_get_element (registries, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE,
                       _("%s: registries[%u] is not a mapping"), self->path, i);
          g_ptr_array_set_size (self->entries, 0);
          return FALSE;
        }
      if (!read_entry (self, json_node_get_object (node), i, error))
        {
          g_ptr_array_set_size (self->entries, 0);
          return FALSE;
        }
    }

  g_ptr_array_sort (self->entries, compare_entries);
  return TRUE;
}

gboolean
strata_registry_list_save (StrataRegistryList  *self,
                           GError             **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *text = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (STRATA_IS_REGISTRY_LIST (self), FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "registries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->entries->len; i++)
    {
      StrataRegistryEntry *entry = g_ptr_array_index (self->entries, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, entry->name);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, entry->url);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, strata_registry_type_to_string (entry->type));
      if (entry->has_credentials)
        {
          json_builder_set_member_name (builder, "credentials");
          json_builder_add_string_value (builder, "keyring");
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  text = strata_yaml_emit (document, error);
  if (text == NULL)
    return FALSE;

  folder = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create folder %s: %s"), folder, g_strerror (saved));
      return FALSE;
    }

  return strata_atomic_file_write (self->path, text, -1, error);
}

GPtrArray *
strata_registry_list_get_entries (StrataRegistryList *self)
{
  g_return_val_if_fail (STRATA_IS_REGISTRY_LIST (self), NULL);
  return self->entries;
}

StrataRegistryEntry *
strata_registry_list_lookup (StrataRegistryList *self,
                             const char         *name)
{
  g_return_val_if_fail (STRATA_IS_REGISTRY_LIST (self), NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      StrataRegistryEntry *entry = g_ptr_array_index (self->entries, i);

      if (g_strcmp0 (entry->name, name) == 0)
        return entry;
    }

  return NULL;
}

gboolean
strata_registry_list_add (StrataRegistryList  *self,
                          const char          *name,
                          const char          *url,
                          StrataRegistryType   type,
                          gboolean             has_credentials,
                          GError             **error)
{
  StrataRegistryEntry *entry;

  g_return_val_if_fail (STRATA_IS_REGISTRY_LIST (self), FALSE);

  if (!check_name (self, name, error) || !check_url (url, error))
    return FALSE;

  entry = g_new0 (StrataRegistryEntry, 1);
  entry->name = g_strdup (name);
  entry->url = g_strdup (url);
  entry->type = type;
  entry->has_credentials = has_credentials;
  g_ptr_array_add (self->entries, entry);
  g_ptr_array_sort (self->entries, compare_entries);
  return TRUE;
}

gboolean
strata_registry_list_remove (StrataRegistryList  *self,
                             const char          *name,
                             GError             **error)
{
  g_return_val_if_fail (STRATA_IS_REGISTRY_LIST (self), FALSE);

  for (guint i = 0; i < self->entries->len; i++)
    {
      StrataRegistryEntry *entry = g_ptr_array_index (self->entries, i);

      if (g_strcmp0 (entry->name, name) == 0)
        {
          g_ptr_array_remove_index (self->entries, i);
          return TRUE;
        }
    }

  g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
               _("no registry named “%s” (see “strata-cli repo list”)"), name);
  return FALSE;
}
