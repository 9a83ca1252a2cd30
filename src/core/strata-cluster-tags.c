/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rules of cluster tags: what a tag may hold, how it is normalised, and
 * how a filter selects clusters. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cluster.h"
#include "strata-core-error.h"

#define TAG_MAX_BYTES 255

static gboolean
tag_part_is_clean (const char *part)
{
  for (const char *p = part; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == ',')
        return FALSE;
    }

  return TRUE;
}

char *
strata_cluster_normalize_tag (const char  *tag,
                              GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *key = NULL;
  g_autofree char *lowered = NULL;
  const char *value = NULL;
  char *colon;

  if (tag == NULL || !g_utf8_validate (tag, -1, NULL))
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                           _("A tag must be UTF-8 text"));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (tag));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                           _("A tag is empty: write key:value or a single word"));
      return NULL;
    }

  if (strlen (trimmed) > TAG_MAX_BYTES)
    {
      g_autofree char *start = g_utf8_substring (trimmed, 0, 32);

      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("The tag “%s…” is longer than %d bytes: shorten it"), start, TAG_MAX_BYTES);
      return NULL;
    }

  colon = strchr (trimmed, ':');
  if (colon != NULL)
    {
      *colon = '\0';
      value = g_strstrip (colon + 1);
    }
  key = g_strdup (g_strstrip (trimmed));

  if (*key == '\0')
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("The tag “%s” has no key: write key:value or a single word"), tag);
      return NULL;
    }
  if (value != NULL && *value == '\0')
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("The tag “%s” has an empty value: write “%s” or “%s:VALUE”"), tag, key, key);
      return NULL;
    }
  /* "+tag" and "-tag" add and remove tags on the command line. */
  if (key[0] == '+' || key[0] == '-')
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("The tag “%s” starts with “%c”, which means add or remove on the command line: start it with another character"),
                   tag, key[0]);
      return NULL;
    }
  if (!tag_part_is_clean (key) || (value != NULL && !tag_part_is_clean (value)))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("The tag “%s” contains a blank, a comma or a control character: use key:value without them"),
                   tag);
      return NULL;
    }

  lowered = g_utf8_strdown (key, -1);
  return value != NULL ? g_strconcat (lowered, ":", value, NULL) : g_steal_pointer (&lowered);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

GStrv
strata_cluster_normalize_tags (const char * const  *tags,
                               GError             **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      char *tag = strata_cluster_normalize_tag (tags[i], error);

      if (tag == NULL)
        return NULL;
      g_ptr_array_add (list, tag);
    }

  g_ptr_array_sort (list, compare_strings);
  for (guint i = 1; i < list->len; )
    {
      if (g_str_equal (g_ptr_array_index (list, i - 1), g_ptr_array_index (list, i)))
        g_ptr_array_remove_index (list, i);
      else
        i++;
    }

  g_ptr_array_add (list, NULL);
  return (GStrv)g_ptr_array_free (g_steal_pointer (&list), FALSE);
}

gboolean
strata_cluster_tag_matches (const char *tag,
                            const char *filter)
{
  gsize length;

  if (g_str_equal (tag, filter))
    return TRUE;

  /* A bare key selects every value of that key. */
  if (strchr (filter, ':') != NULL)
    return FALSE;
  length = strlen (filter);
  return strncmp (tag, filter, length) == 0 && tag[length] == ':';
}

gboolean
strata_cluster_matches_tags (StrataCluster      *self,
                             const char * const *tags)
{
  const char * const *own;

  g_return_val_if_fail (STRATA_IS_CLUSTER (self), FALSE);

  own = strata_cluster_get_tags (self);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *filter = strata_cluster_normalize_tag (tags[i], NULL);
      gboolean found = FALSE;

      /* A filter that is no valid tag can match no cluster. */
      if (filter == NULL)
        return FALSE;

      for (guint j = 0; own[j] != NULL && !found; j++)
        found = strata_cluster_tag_matches (own[j], filter);

      if (!found)
        return FALSE;
    }

  return TRUE;
}

