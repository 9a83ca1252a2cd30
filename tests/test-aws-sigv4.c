/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SigV4 signer against every case of the AWS Signature Version 4 test
 * suite found in $STRATA_SHARED_DIR/vectors/sigv4/ (the suite's own file
 * format: request.txt, context.json and the expected header-* and query-*
 * results), plus the rules the suite's cases there do not reach. */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "strata-aws-signer.h"

typedef enum
{
  SIGN_HEADERS,
  SIGN_QUERY,
} SigningKind;

typedef struct
{
  char        *folder;
  SigningKind  kind;
} VectorCase;

static void
vector_case_free (gpointer data)
{
  VectorCase *vector = data;

  g_free (vector->folder);
  g_free (vector);
}

/* The suite's files may come with Windows line endings; they do not count. */
static char *
read_vector_file (const char *folder,
                  const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("%s", error->message);

  text = g_string_new (contents);
  g_string_replace (text, "\r", "", 0);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "GET /example space/?a=b HTTP/1.1", header lines "Name:value" (a line
 * starting with a blank continues the previous value), a blank line, the
 * body. */
static StrataAwsRequest *
parse_request (const char *text)
{
  g_autoptr(StrataAwsRequest) request = NULL;
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  g_autofree char *query = NULL;
  const char *line_end = strchr (text, '\n');
  const char *first_space;
  const char *last_space;
  const char *body;
  const char *p;
  char *question;

  g_assert_nonnull (line_end);
  first_space = strchr (text, ' ');
  last_space = g_strrstr_len (text, line_end - text, " ");
  g_assert_true (first_space != NULL && last_space > first_space);

  method = g_strndup (text, first_space - text);
  target = g_strndup (first_space + 1, last_space - first_space - 1);
  if ((question = strchr (target, '?')) != NULL)
    {
      query = g_strdup (question + 1);
      *question = '\0';
    }

  request = strata_aws_request_new (method, target, query);

  for (p = line_end + 1; *p != '\0' && *p != '\n'; )
    {
      const char *end = strchr (p, '\n');
      g_autofree char *line = end != NULL ? g_strndup (p, end - p) : g_strdup (p);
      char *colon;

      if ((*line == ' ' || *line == '\t') && request->headers->len > 0)
        {
          StrataAwsHeader *last = g_ptr_array_index (request->headers, request->headers->len - 1);
          char *value = g_strconcat (last->value, "\n", line, NULL);

          g_free (last->value);
          last->value = value;
        }
      else
        {
          colon = strchr (line, ':');
          g_assert_nonnull (colon);
          *colon = '\0';
          strata_aws_request_add_header (request, line, colon + 1);
        }

      p = end != NULL ? end + 1 : p + strlen (p);
    }

  body = *p == '\n' ? p + 1 : p;
  if (*body != '\0')
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      strata_aws_request_set_body (request, bytes);
    }

  return g_steal_pointer (&request);
}

static char *
format_request (StrataAwsRequest *request)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s %s%s%s HTTP/1.1\n", request->method, request->path,
                          request->query != NULL ? "?" : "",
                          request->query != NULL ? request->query : "");
  for (guint i = 0; i < request->headers->len; i++)
    {
      StrataAwsHeader *header = g_ptr_array_index (request->headers, i);

      g_string_append_printf (text, "%s:%s\n", header->name, header->value);
    }
  g_string_append_c (text, '\n');
  if (request->body != NULL)
    g_string_append_len (text, g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));

  return g_string_free (text, FALSE);
}

static const char *
object_get_string (JsonObject *object,
                   const char *name)
{
  return json_object_has_member (object, name) ? json_object_get_string_member (object, name) : NULL;
}

static gboolean
object_get_boolean (JsonObject *object,
                    const char *name)
{
  return json_object_has_member (object, name) && json_object_get_boolean_member (object, name);
}

static void
test_vector (gconstpointer data)
{
  const VectorCase *vector = data;
  const char *prefix = vector->kind == SIGN_HEADERS ? "header" : "query";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(StrataAwsRequest) request = NULL;
  g_autoptr(StrataAwsSignature) signature = NULL;
  g_autoptr(StrataAwsCredentials) credentials = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *context_text = read_vector_file (vector->folder, "context.json");
  g_autofree char *request_text = read_vector_file (vector->folder, "request.txt");
  g_autofree char *expected = NULL;
  g_autofree char *signed_request = NULL;
  g_autofree char *name = NULL;
  StrataAwsSigningParams params = { 0 };
  JsonObject *context;
  JsonObject *keys;

  json_parser_load_from_data (parser, context_text, -1, &error);
  g_assert_no_error (error);
  context = json_node_get_object (json_parser_get_root (parser));
  keys = json_object_get_object_member (context, "credentials");

  credentials = strata_aws_credentials_new (object_get_string (keys, "access_key_id"),
                                            object_get_string (keys, "secret_access_key"),
                                            object_get_string (keys, "token"),
                                            NULL, "test vector");
  time = g_date_time_new_from_iso8601 (object_get_string (context, "timestamp"), NULL);
  g_assert_nonnull (time);

  params.service = object_get_string (context, "service");
  params.region = object_get_string (context, "region");
  params.credentials = credentials;
  params.time = time;
  params.expires = json_object_has_member (context, "expiration_in_seconds")
                   ? json_object_get_int_member (context, "expiration_in_seconds") : 3600;
  if (object_get_boolean (context, "sign_body"))
    params.flags |= STRATA_AWS_SIGNING_SIGN_BODY;
  if (object_get_boolean (context, "omit_session_token"))
    params.flags |= STRATA_AWS_SIGNING_OMIT_SESSION_TOKEN;
  if (json_object_has_member (context, "normalize") && !object_get_boolean (context, "normalize"))
    params.flags |= STRATA_AWS_SIGNING_NO_NORMALIZE;

  request = parse_request (request_text);
  if (vector->kind == SIGN_HEADERS)
    signature = strata_aws_sign_request (request, &params);
  else
    signature = strata_aws_presign_request (request, &params);

  name = g_strdup_printf ("%s-canonical-request.txt", prefix);
  expected = read_vector_file (vector->folder, name);
  g_assert_cmpstr (signature->canonical_request, ==, expected);

  g_free (name), g_free (expected);
  name = g_strdup_printf ("%s-string-to-sign.txt", prefix);
  expected = read_vector_file (vector->folder, name);
  g_assert_cmpstr (signature->string_to_sign, ==, expected);

  g_free (name), g_free (expected);
  name = g_strdup_printf ("%s-signature.txt", prefix);
  expected = read_vector_file (vector->folder, name);
  g_assert_cmpstr (signature->signature, ==, g_strstrip (expected));

  g_free (name), g_free (expected);
  name = g_strdup_printf ("%s-signed-request.txt", prefix);
  expected = read_vector_file (vector->folder, name);
  signed_request = format_request (request);
  g_assert_cmpstr (signed_request, ==, expected);
}

static char *
find_vectors_folder (void)
{
  const char *shared = g_getenv ("STRATA_SHARED_DIR");
  const char *source = g_getenv ("STRATA_SOURCE_DIR");
  g_autofree char *folder = NULL;

  if (shared != NULL && *shared != '\0')
    folder = g_build_filename (shared, "vectors", "sigv4", NULL);
  else if (source != NULL && *source != '\0')
    folder = g_build_filename (source, "..", "shared", "vectors", "sigv4", NULL);
  else
    return NULL;

  return g_file_test (folder, G_FILE_TEST_IS_DIR) ? g_steal_pointer (&folder) : NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* Registers one header and one query test for every case folder. */
static guint
add_vector_tests (const char *root)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (root, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *request = g_build_filename (root, name, "request.txt", NULL);

      if (g_file_test (request, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      for (SigningKind kind = SIGN_HEADERS; kind <= SIGN_QUERY; kind++)
        {
          VectorCase *vector = g_new0 (VectorCase, 1);
          g_autofree char *path = NULL;

          vector->folder = g_build_filename (root, g_ptr_array_index (names, i), NULL);
          vector->kind = kind;
          path = g_strdup_printf ("/aws/sigv4/vectors/%s/%s", (char *)g_ptr_array_index (names, i),
                                  kind == SIGN_HEADERS ? "header" : "query");
          g_test_add_data_func_full (path, vector, test_vector, vector_case_free);
        }
    }

  return names->len;
}

static guint n_vector_cases;

static void
test_vectors_found (void)
{
  /* A missing folder must not pass as "every case passed". */
  if (n_vector_cases == 0)
    g_test_fail_printf ("no SigV4 test vectors found: set STRATA_SHARED_DIR to the shared folder "
                        "holding vectors/sigv4/ (else $STRATA_SOURCE_DIR/../shared is used)");
}

/* Rules the suite's cases in shared/ do not reach */

static StrataAwsCredentials *
example_credentials (const char *token)
{
  return strata_aws_credentials_new ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                     token, NULL, "test");
}

static StrataAwsSignature *
sign_simple (StrataAwsRequest      *request,
             const char            *service,
             StrataAwsSigningFlags  flags,
             const char            *token,
             gboolean               presign)
{
  g_autoptr(StrataAwsCredentials) credentials = example_credentials (token);
  g_autoptr(GDateTime) time = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
  StrataAwsSigningParams params = {
    .service = service,
    .region = "us-east-1",
    .credentials = credentials,
    .time = time,
    .expires = 60,
    .flags = flags,
  };

  if (strata_aws_request_get_header (request, "Host") == NULL)
    strata_aws_request_add_header (request, "Host", "example.amazonaws.com");

  return presign ? strata_aws_presign_request (request, &params)
                 : strata_aws_sign_request (request, &params);
}

/* Line @n (0-based) of a canonical request. */
static char *
canonical_line (StrataAwsSignature *signature,
                guint               n)
{
  g_auto(GStrv) lines = g_strsplit (signature->canonical_request, "\n", -1);

  g_assert_cmpuint (n, <, g_strv_length (lines));
  return g_strdup (lines[n]);
}

static void
test_path_double_encoded (void)
{
  g_autoptr(StrataAwsRequest) request =
    strata_aws_request_new ("GET", "/tags/arn%3Aaws%3Aeks%3Aus-west-2%3A123456789012%3Acluster%2Fdemo", NULL);
  g_autoptr(StrataAwsSignature) signature = sign_simple (request, "eks", 0, NULL, FALSE);
  g_autofree char *path = canonical_line (signature, 1);

  /* The path on the wire is left alone; only the signature sees %25. */
  g_assert_cmpstr (path, ==, "/tags/arn%253Aaws%253Aeks%253Aus-west-2%253A123456789012%253Acluster%252Fdemo");
  g_assert_cmpstr (request->path, ==, "/tags/arn%3Aaws%3Aeks%3Aus-west-2%3A123456789012%3Acluster%2Fdemo");
}

static void
test_path_s3_as_sent (void)
{
  g_autoptr(StrataAwsRequest) request = strata_aws_request_new ("GET", "/bucket//my%20key/./x", NULL);
  g_autoptr(StrataAwsSignature) signature = sign_simple (request, "s3", 0, NULL, FALSE);
  g_autofree char *path = canonical_line (signature, 1);

  g_assert_cmpstr (path, ==, "/bucket//my%20key/./x");
}

static void
test_path_normalized (void)
{
  const struct {
    const char *path;
    const char *canonical;
  } cases[] = {
    { "/a/./b/../c//d/", "/a/c/d/" },
    { "/..", "/" },
    { "//", "/" },
    { "/a/b/..", "/a" },
    { "/~user/x y", "/~user/x%20y" },
    { "", "/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StrataAwsRequest) request = strata_aws_request_new ("GET", cases[i].path, NULL);
      g_autoptr(StrataAwsSignature) signature = sign_simple (request, "service", 0, NULL, FALSE);
      g_autofree char *path = canonical_line (signature, 1);

      g_assert_cmpstr (path, ==, cases[i].canonical);
    }
}

static void
test_headers_folded_and_joined (void)
{
  g_autoptr(StrataAwsRequest) request = strata_aws_request_new ("GET", "/", NULL);
  g_autoptr(StrataAwsSignature) signature = NULL;
  g_auto(GStrv) lines = NULL;

  strata_aws_request_add_header (request, "Host", "example.amazonaws.com");
  strata_aws_request_add_header (request, "My-Header1", "  value1   with \t blanks  ");
  strata_aws_request_add_header (request, "my-header2", "b");
  strata_aws_request_add_header (request, "My-Header2", " a ");
  strata_aws_request_add_header (request, "User-Agent", "strata-test");
  signature = sign_simple (request, "service", 0, NULL, FALSE);

  lines = g_strsplit (signature->canonical_request, "\n", -1);
  g_assert_cmpstr (lines[3], ==, "host:example.amazonaws.com");
  g_assert_cmpstr (lines[4], ==, "my-header1:value1 with blanks");
  /* Joined in arrival order, not sorted. */
  g_assert_cmpstr (lines[5], ==, "my-header2:b,a");
  g_assert_cmpstr (lines[6], ==, "x-amz-date:20150830T123600Z");
  g_assert_cmpstr (lines[8], ==, "host;my-header1;my-header2;x-amz-date");
}

static void
test_query_sorted_by_encoded_form (void)
{
  g_autoptr(StrataAwsRequest) request =
    strata_aws_request_new ("GET", "/", "b=2&a=z&a=y&%7ec=1&A=0&flag&sp=a%20b&slash=a%2fb");
  g_autoptr(StrataAwsSignature) signature = sign_simple (request, "service", 0, NULL, FALSE);
  g_autofree char *query = canonical_line (signature, 2);

  g_assert_cmpstr (query, ==, "A=0&a=y&a=z&b=2&flag=&slash=a%2Fb&sp=a%20b&~c=1");
}

static void
test_session_token_omitted (void)
{
  g_autoptr(StrataAwsRequest) request = strata_aws_request_new ("GET", "/", NULL);
  g_autoptr(StrataAwsRequest) presigned = strata_aws_request_new ("GET", "/", NULL);
  g_autoptr(StrataAwsSignature) signature = NULL;
  g_autoptr(StrataAwsSignature) presignature = NULL;
  StrataAwsHeader *last;

  signature = sign_simple (request, "service", STRATA_AWS_SIGNING_OMIT_SESSION_TOKEN, "TOKEN", FALSE);
  g_assert_null (strstr (signature->canonical_request, "security-token"));
  last = g_ptr_array_index (request->headers, request->headers->len - 1);
  g_assert_cmpstr (last->name, ==, "X-Amz-Security-Token");
  g_assert_cmpstr (last->value, ==, "TOKEN");

  presignature = sign_simple (presigned, "service", STRATA_AWS_SIGNING_OMIT_SESSION_TOKEN, "TOKEN", TRUE);
  g_assert_null (strstr (presignature->canonical_request, "Security-Token"));
  g_assert_true (g_str_has_suffix (presigned->query, "&X-Amz-Security-Token=TOKEN"));
}

static void
test_presign_botocore_order (void)
{
  g_autoptr(StrataAwsRequest) request =
    strata_aws_request_new ("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15");
  g_autoptr(StrataAwsSignature) signature = NULL;
  g_autofree char *expected = NULL;

  strata_aws_request_add_header (request, "host", "sts.us-east-1.amazonaws.com");
  strata_aws_request_add_header (request, "x-k8s-aws-id", "demo");
  signature = sign_simple (request, "sts", STRATA_AWS_SIGNING_BOTOCORE_ORDER, "TOKEN", TRUE);

  expected = g_strdup_printf ("Action=GetCallerIdentity&Version=2011-06-15"
                              "&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                              "&X-Amz-Credential=AKIDEXAMPLE%%2F20150830%%2Fus-east-1%%2Fsts%%2Faws4_request"
                              "&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60"
                              "&X-Amz-SignedHeaders=host%%3Bx-k8s-aws-id"
                              "&X-Amz-Security-Token=TOKEN&X-Amz-Signature=%s",
                              signature->signature);
  g_assert_cmpstr (request->query, ==, expected);
}

static void
test_uri_encode (void)
{
  g_autofree char *all = strata_aws_uri_encode ("aZ09-_.~ /:+=&é", FALSE);
  g_autofree char *path = strata_aws_uri_encode ("/a b/c", TRUE);

  g_assert_cmpstr (all, ==, "aZ09-_.~%20%2F%3A%2B%3D%26%C3%A9");
  g_assert_cmpstr (path, ==, "/a%20b/c");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *vectors = NULL;

  g_test_init (&argc, &argv, NULL);

  vectors = find_vectors_folder ();
  if (vectors != NULL)
    n_vector_cases = add_vector_tests (vectors);
  g_test_add_func ("/aws/sigv4/vectors/found", test_vectors_found);

  g_test_add_func ("/aws/sigv4/path/double-encoded", test_path_double_encoded);
  g_test_add_func ("/aws/sigv4/path/s3-as-sent", test_path_s3_as_sent);
  g_test_add_func ("/aws/sigv4/path/normalized", test_path_normalized);
  g_test_add_func ("/aws/sigv4/headers/folded-and-joined", test_headers_folded_and_joined);
  g_test_add_func ("/aws/sigv4/query/sorted-by-encoded-form", test_query_sorted_by_encoded_form);
  g_test_add_func ("/aws/sigv4/session-token/omitted", test_session_token_omitted);
  g_test_add_func ("/aws/sigv4/presign/botocore-order", test_presign_botocore_order);
  g_test_add_func ("/aws/sigv4/uri-encode", test_uri_encode);

  return g_test_run ();
}
