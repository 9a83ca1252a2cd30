/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The AWS shared config and credentials files: INI with the AWS CLI's
 * rules (comments start a line with "#" or ";", "key = value" or
 * "key: value", keys are case-insensitive, indented lines belong to the key
 * above them, as in "s3 =\n  max_concurrent_requests = 10"). GKeyFile is
 * stricter than that and would refuse files the CLI reads. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-aws-config-file.h"
#include "strata-aws-error.h"

struct _StrataAwsConfigFile
{
  char       *path;
  GHashTable *profiles;  /* name -> GHashTable (key -> value) */
};

static char *
expand_home (const char *path)
{
  if (g_str_has_prefix (path, "~/"))
    return g_build_filename (g_get_home_dir (), path + 2, NULL);

  return g_strdup (path);
}

/**
 * strata_aws_config_file_default_path:
 * @kind: which file
 * @environment: (nullable) (array zero-terminated=1): the variables to read,
 *   %NULL for the process environment
 *
 * Returns: (transfer full): the path the AWS CLI would read
 */
char *
strata_aws_config_file_default_path (StrataAwsConfigFileKind  kind,
                                     const char * const      *environment)
{
  const char *variable = kind == STRATA_AWS_CONFIG_FILE_CONFIG ? "AWS_CONFIG_FILE"
                                                               : "AWS_SHARED_CREDENTIALS_FILE";
  const char *path = environment != NULL ? g_environ_getenv ((char **)environment, variable)
                                         : g_getenv (variable);

  if (path != NULL && *path != '\0')
    return expand_home (path);

  return g_build_filename (g_get_home_dir (), ".aws",
                           kind == STRATA_AWS_CONFIG_FILE_CONFIG ? "config" : "credentials", NULL);
}

void
strata_aws_config_file_free (StrataAwsConfigFile *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_hash_table_unref (self->profiles);
  g_free (self);
}

/* "[profile dev]" and "[default]" in the config file, "[dev]" in the
 * credentials file; NULL for the config file's other sections
 * ("[sso-session x]", "[services x]"), whose keys are not a profile's. */
static char *
profile_for_section (const char              *section,
                     StrataAwsConfigFileKind  kind)
{
  if (kind == STRATA_AWS_CONFIG_FILE_CREDENTIALS)
    return g_strdup (section);

  if (g_str_equal (section, "default"))
    return g_strdup (section);

  if (g_str_has_prefix (section, "profile ") || g_str_has_prefix (section, "profile\t"))
    return g_strstrip (g_strdup (section + strlen ("profile")));

  return NULL;
}

static GHashTable *
ensure_profile (StrataAwsConfigFile *self,
                const char          *name)
{
  GHashTable *keys = g_hash_table_lookup (self->profiles, name);

  if (keys == NULL)
    {
      keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (self->profiles, g_strdup (name), keys);
    }

  return keys;
}

static gboolean
parse (StrataAwsConfigFile      *self,
       const char               *text,
       StrataAwsConfigFileKind   kind,
       GError                  **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GHashTable *current = NULL;
  gboolean in_section = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gboolean indented = *line == ' ' || *line == '\t';
      char *separator;
      char *key;
      char *value;

      g_strstrip (line);
      if (*line == '\0' || *line == '#' || *line == ';')
        continue;

      if (*line == '[')
        {
          g_autofree char *profile = NULL;
          char *end = strchr (line, ']');

          if (end == NULL)
            {
              g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_CONFIG,
                           _("%s, line %u: the section name has no closing “]”"), self->path, i + 1);
              return FALSE;
            }

          *end = '\0';
          profile = profile_for_section (g_strstrip (line + 1), kind);
          current = profile != NULL ? ensure_profile (self, profile) : NULL;
          in_section = TRUE;
          continue;
        }

      /* A nested setting ("s3 =" followed by indented lines): not one of
       * the keys Strata reads, and not an error. */
      if (indented && in_section)
        continue;

      separator = strpbrk (line, "=:");
      if (separator == NULL || !in_section)
        {
          g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_CONFIG,
                       in_section ? _("%s, line %u: expected “name = value”")
                                  : _("%s, line %u: expected a section like “[default]” before the first setting"),
                       self->path, i + 1);
          return FALSE;
        }

      *separator = '\0';
      key = g_ascii_strdown (g_strstrip (line), -1);
      value = g_strdup (g_strstrip (separator + 1));
      if (current != NULL)
        g_hash_table_insert (current, key, value);
      else
        {
          g_free (key);
          g_free (value);
        }
    }

  return TRUE;
}

/**
 * strata_aws_config_file_load:
 * @path: the file
 * @kind: whether it is a config or a credentials file
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the file's profiles
 */
StrataAwsConfigFile *
strata_aws_config_file_load (const char               *path,
                             StrataAwsConfigFileKind   kind,
                             GError                  **error)
{
  g_autoptr(StrataAwsConfigFile) self = g_new0 (StrataAwsConfigFile, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  self->profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_hash_table_unref);

  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&self);

      g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_CONFIG,
                   _("Could not read the AWS file %s: %s"), path, local_error->message);
      return NULL;
    }

  if (!parse (self, text, kind, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
strata_aws_config_file_get_path (StrataAwsConfigFile *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

gboolean
strata_aws_config_file_has_profile (StrataAwsConfigFile *self,
                                    const char          *profile)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return profile != NULL && g_hash_table_contains (self->profiles, profile);
}

/**
 * strata_aws_config_file_get:
 * @self: a #StrataAwsConfigFile
 * @profile: a profile name
 * @key: a key in lower case
 *
 * Returns: (nullable): the value, or %NULL when the profile or key is not
 *   there or the value is empty
 */
const char *
strata_aws_config_file_get (StrataAwsConfigFile *self,
                            const char          *profile,
                            const char          *key)
{
  GHashTable *keys;
  const char *value;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (profile == NULL || (keys = g_hash_table_lookup (self->profiles, profile)) == NULL)
    return NULL;

  value = g_hash_table_lookup (keys, key);
  return value != NULL && *value != '\0' ? value : NULL;
}
