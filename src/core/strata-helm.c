/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-core-error.h"
#include "strata-helm.h"

/* Asking a binary on PATH for its version costs a process; remember the
 * answer per path for the life of the process. */
static GMutex      checked_lock;
static GHashTable *checked;

static gboolean
is_helm_3 (const char *path)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;
  gpointer known;
  gboolean answer = FALSE;

  g_mutex_lock (&checked_lock);
  if (checked == NULL)
    checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_lookup_extended (checked, path, NULL, &known))
    {
      g_mutex_unlock (&checked_lock);
      return GPOINTER_TO_INT (known);
    }
  g_mutex_unlock (&checked_lock);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL,
                              path, "version", "--short", NULL);
  if (process != NULL &&
      g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, NULL) &&
      g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0)
    answer = g_str_has_prefix (output, "v3.");

  g_mutex_lock (&checked_lock);
  g_hash_table_replace (checked, g_strdup (path), GINT_TO_POINTER (answer));
  g_mutex_unlock (&checked_lock);
  return answer;
}

/**
 * strata_helm_find:
 *
 * Returns: (transfer full) (nullable): the path of helm 3
 */
char *
strata_helm_find (GError **error)
{
  const char *chosen = g_getenv ("STRATA_HELM");
  g_autofree char *path = NULL;

  if (chosen != NULL)
    {
      if (*chosen == '\0' || g_str_equal (chosen, "none"))
        return NULL;
      path = g_find_program_in_path (chosen);
      if (path == NULL)
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                       _("STRATA_HELM names “%s”, which is not an executable program "
                         "(set it to a helm 3 binary, or to “none” for Strata’s engine)"), chosen);
          return NULL;
        }
      /* The user chose it: trust it to be helm 3 and let it speak for itself. */
      return g_steal_pointer (&path);
    }

  path = g_find_program_in_path ("helm");
  if (path == NULL || !is_helm_3 (path))
    return NULL;

  return g_steal_pointer (&path);
}
