/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "strata-test-fake-aws.h"

struct _StrataTestFakeAws
{
  GSubprocess *process;
  SoupSession *session;
  char        *url;
};

const char *
strata_test_python (void)
{
  const char *python = g_getenv ("STRATA_PYTHON");

  if (python != NULL && *python != '\0')
    return python;

  return g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/python3" : "python3";
}

char *
strata_test_aws_script (const char *name)
{
  const char *source = g_getenv ("STRATA_SOURCE_DIR");

  g_assert_nonnull (source);
  return g_build_filename (source, "tests", "aws", name, NULL);
}

StrataTestFakeAws *
strata_test_fake_aws_start (void)
{
  return strata_test_fake_aws_start_with_args (NULL);
}

StrataTestFakeAws *
strata_test_fake_aws_start_with_args (const char * const *args)
{
  StrataTestFakeAws *self = g_new0 (StrataTestFakeAws, 1);
  g_autofree char *script = strata_test_aws_script ("fake-aws");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  guint64 port = 0;

  g_ptr_array_add (argv, (char *)strata_test_python ());
  g_ptr_array_add (argv, script);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  self->process = g_subprocess_newv ((const char * const *)argv->pdata,
                                     G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);

  /* The first line is the port, once the server listens. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_ascii_string_to_unsigned (line, 10, 1, 65535, &port, NULL))
    g_error ("tests/aws/fake-aws did not start with %s (is python3-botocore installed?)",
             strata_test_python ());

  self->url = g_strdup_printf ("http://127.0.0.1:%u", (guint)port);
  self->session = soup_session_new ();
  g_setenv ("STRATA_AWS_ENDPOINT_URL", self->url, TRUE);

  return self;
}

void
strata_test_fake_aws_stop (StrataTestFakeAws *self)
{
  g_autoptr(GError) error = NULL;

  /* Closing its standard input stops the server. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (self->process), NULL, NULL);
  g_subprocess_wait_check (self->process, NULL, &error);
  g_assert_no_error (error);

  g_clear_object (&self->process);
  g_clear_object (&self->session);
  g_free (self->url);
  g_free (self);
}

const char *
strata_test_fake_aws_get_url (StrataTestFakeAws *self)
{
  return self->url;
}

JsonNode *
strata_test_fake_aws_control (StrataTestFakeAws *self,
                              const char        *method,
                              const char        *path,
                              const char        *body)
{
  g_autofree char *url = g_strconcat (self->url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  /* Test plumbing: a blocking call to a server in another process is fine. */
  answer = soup_session_send_and_read (self->session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

guint
strata_test_fake_aws_count (StrataTestFakeAws *self,
                            const char        *operation)
{
  g_autoptr(JsonNode) stats = strata_test_fake_aws_control (self, "GET", "/__fake/stats", NULL);
  JsonObject *object = json_node_get_object (stats);

  return json_object_has_member (object, operation) ? json_object_get_int_member (object, operation) : 0;
}

void
strata_test_fake_aws_inject (StrataTestFakeAws *self,
                             const char        *operation,
                             guint              count,
                             guint              status,
                             const char        *code,
                             const char        *message,
                             const char        *style)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "operation");
  json_builder_add_string_value (builder, operation);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (style != NULL)
    {
      json_builder_set_member_name (builder, "style");
      json_builder_add_string_value (builder, style);
    }
  json_builder_end_object (builder);

  request = json_builder_get_root (builder);
  body = json_to_string (request, FALSE);
  answer = strata_test_fake_aws_control (self, "POST", "/__fake/inject", body);
}
