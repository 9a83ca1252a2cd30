/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers shared by the GTest programs. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Iterates the default main context until *result is set; the tests' async
 * calls pass strata_test_async_ready with &result as user data. */
static inline void
strata_test_async_ready (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static inline GAsyncResult *
strata_test_wait (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  return g_steal_pointer (result);
}

/* A fresh folder under the test's temporary directory, removed by the caller
 * with strata_test_remove_tree(). */
static inline char *
strata_test_make_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("strata-test-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

static inline void
strata_test_remove_tree (const char *path)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", path);

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}

G_END_DECLS
