/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "strata-test-apiserver.h"
#include "strata-test-util.h"

struct _StrataTestApiserver
{
  GSubprocess *process;
  char        *folder;
  char        *kubeconfig;
  gboolean     external;
};

static char *
read_ready_line (GSubprocess *process)
{
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

  g_assert_no_error (error);
  return line;
}

StrataTestApiserver *
strata_test_apiserver_start (void)
{
  StrataTestApiserver *self = g_new0 (StrataTestApiserver, 1);
  const char *external = g_getenv ("STRATA_TEST_KUBECONFIG");
  g_autofree char *script = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  if (external != NULL && *external != '\0')
    {
      self->external = TRUE;
      self->kubeconfig = g_strdup (external);
      self->folder = g_path_get_dirname (external);
      return self;
    }

  self->folder = strata_test_make_folder ();
  script = g_build_filename (g_getenv ("STRATA_SOURCE_DIR"), "tests", "kube", "apiserver", NULL);
  self->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                    &error, script, "serve", self->folder, NULL);
  g_assert_no_error (error);

  /* The script prints "ready KUBECONFIG" once /readyz answers, or exits. */
  line = read_ready_line (self->process);
  if (line == NULL || !g_str_has_prefix (line, "ready "))
    g_error ("the test kube-apiserver did not start (see %s/logs and the output above)", self->folder);

  self->kubeconfig = g_strdup (line + strlen ("ready "));
  return self;
}

void
strata_test_apiserver_stop (StrataTestApiserver *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* Closing its standard input tells the script to stop both servers. */
      g_output_stream_close (g_subprocess_get_stdin_pipe (self->process), NULL, NULL);
      g_subprocess_wait (self->process, NULL, &error);
      g_assert_no_error (error);
      g_clear_object (&self->process);
    }

  if (!self->external)
    strata_test_remove_tree (self->folder);

  g_free (self->folder);
  g_free (self->kubeconfig);
  g_free (self);
}

const char *
strata_test_apiserver_get_kubeconfig (StrataTestApiserver *self)
{
  return self->kubeconfig;
}

const char *
strata_test_apiserver_get_folder (StrataTestApiserver *self)
{
  return self->folder;
}

char *
strata_test_kubectl (StrataTestApiserver *self,
                     int                  expected_status,
                     const char          *first_arg,
                     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *)"kubectl");
  g_ptr_array_add (argv, (char *)"--kubeconfig");
  g_ptr_array_add (argv, self->kubeconfig);
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_exit_status (process) != expected_status)
    g_error ("kubectl exited with %d, expected %d: %s",
             g_subprocess_get_exit_status (process), expected_status, err);

  return out;
}
