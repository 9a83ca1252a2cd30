/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The credential chain against the fake (who the fake says we are tells
 * which keys were used), the shared files, and the keyring through the
 * session's real gnome-keyring. Part of the test-aws program. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "strata-aws-config-file.h"
#include "strata-aws-credentials-provider.h"
#include "strata-aws-eks.h"
#include "strata-aws-error.h"
#include "strata-aws-keyring.h"
#include "strata-test-util.h"
#include "test-aws-private.h"

#define ROLE_ADMIN "arn:aws:iam::123456789012:role/strata-admin"

static const char * const chain_variables[] = {
  "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
  "AWS_REGION", "AWS_DEFAULT_REGION", NULL
};

static void
write_files (const char *config,
             const char *credentials)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (g_getenv ("AWS_CONFIG_FILE"), config, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (g_getenv ("AWS_SHARED_CREDENTIALS_FILE"), credentials, -1, &error);
  g_assert_no_error (error);
}

/* A provider reading the process environment without the AWS variables,
 * plus the NAME, value pairs given: setenv() is not safe once threads run. */
G_GNUC_NULL_TERMINATED static StrataAwsCredentialsProvider *
provider_new (const char *profile,
              ...)
{
  StrataAwsCredentialsProvider *provider = strata_aws_credentials_provider_new (profile);
  g_auto(GStrv) environment = g_get_environ ();
  const char *name;
  va_list args;

  for (guint i = 0; chain_variables[i] != NULL; i++)
    environment = g_environ_unsetenv (environment, chain_variables[i]);

  va_start (args, profile);
  while ((name = va_arg (args, const char *)) != NULL)
    environment = g_environ_setenv (environment, name, va_arg (args, const char *), TRUE);
  va_end (args);

  strata_aws_credentials_provider_set_environment (provider, (const char * const *)environment);
  /* The keyring has its own tests; here only the files and variables. */
  strata_aws_credentials_provider_set_use_keyring (provider, FALSE);
  return provider;
}

#define ENVIRONMENT_KEYS "AWS_ACCESS_KEY_ID", "AKIDENVIRONMENT", "AWS_SECRET_ACCESS_KEY", "environment-secret-key"

/* Who the fake says the provider's keys belong to, or NULL and @error. */
static char *
whoami (StrataAwsCredentialsProvider  *provider,
        const char                    *region,
        GError                       **error)
{
  g_autoptr(StrataAwsClient) client = strata_aws_client_new (provider, region);
  g_autoptr(JsonNode) identity = test_aws_whoami (client, error);

  if (identity == NULL)
    return NULL;

  return g_strdup (json_object_get_string_member (json_node_get_object (identity), "Arn"));
}

static void
assert_whoami (StrataAwsCredentialsProvider *provider,
               const char                   *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *arn = whoami (provider, "us-west-2", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (arn, ==, expected);
}

static void
assert_fails (StrataAwsCredentialsProvider *provider,
              int                           code,
              const char                   *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *arn = whoami (provider, "us-west-2", &error);

  g_assert_null (arn);
  g_assert_error (error, STRATA_AWS_ERROR, code);
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” is not in “%s”", in_message, error->message);
}

#define USER(name) "arn:aws:iam::123456789012:user/" name

static const char *profile_credentials =
  "# keys for the tests\n"
  "[default]\n"
  "aws_access_key_id = AKIDPROFILE\n"
  "aws_secret_access_key = profile-secret-key\n"
  "\n"
  "[dev]\n"
  "AWS_ACCESS_KEY_ID=AKIDPROFILE\n"
  "aws_secret_access_key=profile-secret-key\n"
  "[base]\n"
  "aws_access_key_id = AKIDSOURCE\n"
  "aws_secret_access_key = source-secret-key\n";

static void
test_chain_environment_first (void)
{
  g_autoptr(StrataAwsCredentialsProvider) plain = NULL;
  g_autoptr(StrataAwsCredentialsProvider) with_variable = NULL;
  g_autoptr(StrataAwsCredentialsProvider) explicit = NULL;
  g_autoptr(StrataAwsCredentialsProvider) files_only = NULL;

  write_files ("", profile_credentials);

  /* The environment's keys win over the default profile… */
  plain = provider_new (NULL, ENVIRONMENT_KEYS, NULL);
  assert_whoami (plain, USER ("env-user"));

  /* …and over $AWS_PROFILE, as with the AWS CLI… */
  with_variable = provider_new (NULL, ENVIRONMENT_KEYS, "AWS_PROFILE", "dev", NULL);
  assert_whoami (with_variable, USER ("env-user"));

  /* …but a profile chosen explicitly (--profile) wins over them. */
  explicit = provider_new ("dev", ENVIRONMENT_KEYS, NULL);
  assert_whoami (explicit, USER ("profile-user"));

  /* Without them, $AWS_PROFILE picks the profile. */
  files_only = provider_new (NULL, "AWS_PROFILE", "dev", NULL);
  assert_whoami (files_only, USER ("profile-user"));
}

static void
test_chain_profile_region (void)
{
  g_autoptr(StrataAwsCredentialsProvider) provider = NULL;
  g_autoptr(StrataAwsCredentialsProvider) overridden = NULL;
  g_autoptr(StrataAwsClient) client = NULL;
  g_autoptr(StrataAwsClient) overridden_client = NULL;
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) clusters = NULL;
  g_autoptr(JsonNode) more = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *names;

  write_files ("[default]\nregion = us-west-2\n\n[profile dev]\nregion = eu-west-1\n"
               "s3 =\n  max_concurrent_requests = 10\n",
               profile_credentials);

  /* The client has no region: the profile's is used. */
  provider = provider_new (NULL, "AWS_PROFILE", "dev", NULL);
  client = strata_aws_client_new (provider, NULL);
  strata_aws_eks_list_clusters_async (client, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  clusters = strata_aws_eks_list_clusters_finish (client, result, &error);
  g_assert_no_error (error);
  names = json_object_get_array_member (json_node_get_object (clusters), "clusters");
  g_assert_cmpuint (json_array_get_length (names), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (names, 0), ==, "foxtrot");
  g_assert_cmpstr (strata_aws_credentials_provider_get_region (provider), ==, "eu-west-1");
  g_assert_cmpstr (strata_aws_client_get_region (client), ==, "eu-west-1");

  /* $AWS_REGION wins over the profile. */
  overridden = provider_new (NULL, "AWS_PROFILE", "dev", "AWS_REGION", "us-west-2", NULL);
  overridden_client = strata_aws_client_new (overridden, NULL);
  g_clear_object (&result);
  strata_aws_eks_list_clusters_async (overridden_client, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  more = strata_aws_eks_list_clusters_finish (overridden_client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (more), "clusters")),
                    ==, 5);
}

static void
test_chain_config_file_keys (void)
{
  g_autoptr(StrataAwsCredentialsProvider) config_only = NULL;
  g_autoptr(StrataAwsCredentialsProvider) both = NULL;

  write_files ("[profile cfg]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = source-secret-key\n"
               "[profile dev]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = source-secret-key\n",
               profile_credentials);

  config_only = provider_new ("cfg", NULL);
  assert_whoami (config_only, USER ("source-user"));

  /* The credentials file wins over the config file for one profile. */
  both = provider_new ("dev", NULL);
  assert_whoami (both, USER ("profile-user"));
}

static void
test_chain_assume_role (void)
{
  g_autoptr(StrataAwsCredentialsProvider) admin = NULL;
  g_autoptr(StrataAwsCredentialsProvider) chained = NULL;
  g_autoptr(StrataAwsCredentialsProvider) from_environment = NULL;
  g_autoptr(StrataAwsCredentialsProvider) unknown_role = NULL;
  guint assumed = strata_test_fake_aws_count (fake, "AssumeRole");

  write_files ("[profile admin]\n"
               "role_arn = " ROLE_ADMIN "\n"
               "source_profile = base\n"
               "role_session_name = strata-test-session\n"
               "\n"
               "[profile chained]\n"
               "role_arn = arn:aws:iam::123456789012:role/strata-readonly\n"
               "source_profile = admin\n"
               "role_session_name = second-hop\n"
               "\n"
               "[profile env-role]\n"
               "role_arn = " ROLE_ADMIN "\n"
               "credential_source = Environment\n"
               "role_session_name = from-env\n"
               "\n"
               "[profile nobody]\n"
               "role_arn = arn:aws:iam::123456789012:role/no-such-role\n"
               "source_profile = base\n",
               profile_credentials);

  admin = provider_new ("admin", NULL);
  assert_whoami (admin, "arn:aws:sts::123456789012:assumed-role/strata-admin/strata-test-session");
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "AssumeRole"), ==, assumed + 1);
  /* The role's keys are kept until they expire. */
  assert_whoami (admin, "arn:aws:sts::123456789012:assumed-role/strata-admin/strata-test-session");
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "AssumeRole"), ==, assumed + 1);

  /* base's keys assume admin, whose keys assume strata-readonly. */
  chained = provider_new ("chained", NULL);
  assert_whoami (chained, "arn:aws:sts::123456789012:assumed-role/strata-readonly/second-hop");
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "AssumeRole"), ==, assumed + 3);

  from_environment = provider_new ("env-role", ENVIRONMENT_KEYS, NULL);
  assert_whoami (from_environment, "arn:aws:sts::123456789012:assumed-role/strata-admin/from-env");

  unknown_role = provider_new ("nobody", NULL);
  assert_fails (unknown_role, STRATA_AWS_ERROR_ACCESS_DENIED, "Could not assume role");
}

static void
test_chain_errors (void)
{
  const struct {
    const char     *config;
    const char     *profile;
    int             code;
    const char     *in_message;
  } cases[] = {
    { "", "missing", STRATA_AWS_ERROR_CONFIG, "“missing” was not found" },
    { "", NULL, STRATA_AWS_ERROR_NO_CREDENTIALS, "AWS_ACCESS_KEY_ID" },
    { "[profile broken\nregion = x\n", NULL, STRATA_AWS_ERROR_CONFIG, "line 1" },
    { "region = us-west-2\n", NULL, STRATA_AWS_ERROR_CONFIG, "before the first setting" },
    { "[default]\nthis line has no value\n", NULL, STRATA_AWS_ERROR_CONFIG, "line 2" },
    { "[profile r]\nrole_arn = " ROLE_ADMIN "\n", "r", STRATA_AWS_ERROR_CONFIG, "source_profile" },
    { "[profile m]\nrole_arn = " ROLE_ADMIN "\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/u\n",
      "m", STRATA_AWS_ERROR_UNSUPPORTED, "MFA" },
    { "[profile s]\nsso_session = corp\nsso_account_id = 1\n", "s", STRATA_AWS_ERROR_UNSUPPORTED, "SSO" },
    { "[profile a]\nrole_arn = " ROLE_ADMIN "\nsource_profile = b\n"
      "[profile b]\nrole_arn = " ROLE_ADMIN "\nsource_profile = a\n", "a", STRATA_AWS_ERROR_CONFIG, "circle" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StrataAwsCredentialsProvider) provider = NULL;

      /* The credentials file has only [base]: nothing for the default. */
      write_files (cases[i].config, "[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = s\n");
      provider = provider_new (cases[i].profile, NULL);
      assert_fails (provider, cases[i].code, cases[i].in_message);
    }
}

static void
test_config_file_parsing (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "strata-aws-config-test", NULL);
  g_autoptr(StrataAwsConfigFile) file = NULL;
  g_autoptr(StrataAwsConfigFile) missing = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path,
                       "; a comment\n"
                       "[default]\n"
                       "Region: eu-west-1\n"
                       "[profile  spaced ]\n"
                       "output = json\n"
                       "s3 =\n"
                       "    addressing_style = path\n"
                       "[sso-session corp]\n"
                       "sso_region = us-east-1\n"
                       "[profile empty]\n"
                       "region =\n",
                       -1, &error);
  g_assert_no_error (error);

  file = strata_aws_config_file_load (path, STRATA_AWS_CONFIG_FILE_CONFIG, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (strata_aws_config_file_get (file, "default", "region"), ==, "eu-west-1");
  g_assert_cmpstr (strata_aws_config_file_get (file, "spaced", "output"), ==, "json");
  g_assert_null (strata_aws_config_file_get (file, "spaced", "addressing_style"));
  g_assert_false (strata_aws_config_file_has_profile (file, "corp"));
  g_assert_false (strata_aws_config_file_has_profile (file, "sso-session corp"));
  g_assert_true (strata_aws_config_file_has_profile (file, "empty"));
  g_assert_null (strata_aws_config_file_get (file, "empty", "region"));

  /* A file that is not there is an empty one. */
  missing = strata_aws_config_file_load ("/nonexistent/aws/config", STRATA_AWS_CONFIG_FILE_CONFIG, &error);
  g_assert_no_error (error);
  g_assert_false (strata_aws_config_file_has_profile (missing, "default"));

  g_unlink (path);
}

/* Keyring */

static gboolean
have_keyring (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs a session bus with gnome-keyring: run the tests in tests/run-in-session");
      return FALSE;
    }

  return TRUE;
}

static gboolean
keyring_store (const char           *profile,
               StrataAwsCredentials *credentials)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean stored;

  strata_aws_keyring_store_async (profile, credentials, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  stored = strata_aws_keyring_store_finish (result, &error);
  g_assert_no_error (error);

  return stored;
}

static StrataAwsCredentials *
keyring_lookup (const char *profile)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataAwsCredentials *credentials;

  strata_aws_keyring_lookup_async (profile, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  credentials = strata_aws_keyring_lookup_finish (result, &error);
  g_assert_no_error (error);

  return credentials;
}

static void
keyring_delete (const char *profile)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  strata_aws_keyring_delete_async (profile, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  g_assert_true (strata_aws_keyring_delete_finish (result, &error));
  g_assert_no_error (error);
}

static gboolean
bytes_contain (const char *data,
               gsize       length,
               const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (data + i, needle, needle_length) == 0)
      return TRUE;

  return FALSE;
}

/* Does any file under @folder hold @needle? */
static gboolean
folder_contains (const char *folder,
                 const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (folder_contains (path, needle))
            return TRUE;
        }
      else if (g_file_get_contents (path, &contents, &length, NULL) &&
               bytes_contain (contents, length, needle))
        return TRUE;
    }

  return FALSE;
}

/* secret-tool (libsecret-tools) is the independent witness: what another
 * program finds in the keyring. It prints attributes on standard error. */
static char *
secret_tool (const char *first_arg,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *)"secret-tool");
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);

  return out;
}

static void
test_keyring_store_lookup_delete (void)
{
  g_autoptr(StrataAwsCredentials) keys = NULL;
  g_autoptr(StrataAwsCredentials) replacement = NULL;
  g_autoptr(StrataAwsCredentials) found = NULL;
  g_autoptr(StrataAwsCredentials) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  /* Made up here, so no file can hold it but by our doing. */
  g_autofree char *secret = g_strconcat ("secret-", uuid, NULL);
  g_autofree char *expected_raw = g_strconcat (secret, "\nsession/token+1", NULL);
  g_autofree char *aws_folder = g_path_get_dirname (g_getenv ("AWS_CONFIG_FILE"));
  g_autofree char *raw = NULL;
  g_autofree char *listing = NULL;

  if (!have_keyring ())
    return;

  keys = strata_aws_credentials_new ("AKIDKEYRING", secret, "session/token+1", NULL, "typed");
  g_assert_true (keyring_store ("keyring-test", keys));

  found = keyring_lookup ("keyring-test");
  g_assert_nonnull (found);
  g_assert_cmpstr (strata_aws_credentials_get_access_key_id (found), ==, "AKIDKEYRING");
  g_assert_cmpstr (strata_aws_credentials_get_secret_access_key (found), ==, secret);
  g_assert_cmpstr (strata_aws_credentials_get_session_token (found), ==, "session/token+1");

  /* What another program finds: the secret, under our schema. */
  raw = secret_tool ("lookup", "profile", "keyring-test", "access-key-id", "AKIDKEYRING", NULL);
  g_assert_cmpstr (raw, ==, expected_raw);

  /* Storing again replaces: one item per profile. */
  replacement = strata_aws_credentials_new ("AKIDKEYRING", secret, NULL, NULL, "typed");
  g_assert_true (keyring_store ("keyring-test", replacement));
  listing = secret_tool ("search", "--all", "profile", "keyring-test", NULL);
  g_assert_nonnull (strstr (listing, "schema = io.github.strata.Strata.AwsCredentials\n"));
  g_assert_nonnull (strstr (listing, "attribute.access-key-id = AKIDKEYRING\n"));
  g_assert_null (strstr (strstr (listing, "[/") + 2, "[/"));

  /* Nothing secret lands in a file: the keyring's own is encrypted. Only
   * a throw-away home (tests/run-in-session's) is searched. */
  if (g_str_has_prefix (g_get_home_dir (), g_get_tmp_dir ()))
    g_assert_false (folder_contains (g_get_home_dir (), secret));
  g_assert_false (folder_contains (aws_folder, secret));

  keyring_delete ("keyring-test");
  gone = keyring_lookup ("keyring-test");
  g_assert_null (gone);
  /* Deleting what is not there is no error. */
  keyring_delete ("keyring-test");
}

static void
test_keyring_in_chain (void)
{
  g_autoptr(StrataAwsCredentials) keys = NULL;
  g_autoptr(StrataAwsCredentialsProvider) with_keyring = NULL;
  g_autoptr(StrataAwsCredentialsProvider) after_delete = NULL;
  g_autoptr(StrataAwsCredentialsProvider) source = NULL;

  if (!have_keyring ())
    return;

  write_files ("[profile via-keyring]\nrole_arn = " ROLE_ADMIN "\nsource_profile = typed-in\n"
               "role_session_name = keyring-source\n",
               profile_credentials);

  /* What the user typed in Strata wins over the files for that profile. */
  keys = strata_aws_credentials_new ("AKIDKEYRING", "keyring-secret-key", NULL, NULL, "typed");
  g_assert_true (keyring_store ("dev", keys));
  with_keyring = strata_aws_credentials_provider_new ("dev");
  assert_whoami (with_keyring, USER ("keyring-user"));

  keyring_delete ("dev");
  after_delete = strata_aws_credentials_provider_new ("dev");
  assert_whoami (after_delete, USER ("profile-user"));

  /* A role's source profile may live only in the keyring. */
  g_assert_true (keyring_store ("typed-in", keys));
  source = strata_aws_credentials_provider_new ("via-keyring");
  assert_whoami (source, "arn:aws:sts::123456789012:assumed-role/strata-admin/keyring-source");
  keyring_delete ("typed-in");
}

void
test_aws_add_credentials_tests (void)
{
  g_test_add_func ("/aws/credentials/environment-first", test_chain_environment_first);
  g_test_add_func ("/aws/credentials/profile-region", test_chain_profile_region);
  g_test_add_func ("/aws/credentials/config-file-keys", test_chain_config_file_keys);
  g_test_add_func ("/aws/credentials/assume-role", test_chain_assume_role);
  g_test_add_func ("/aws/credentials/errors", test_chain_errors);
  g_test_add_func ("/aws/credentials/config-file-parsing", test_config_file_parsing);
  g_test_add_func ("/aws/keyring/store-lookup-delete", test_keyring_store_lookup_delete);
  g_test_add_func ("/aws/keyring/in-chain", test_keyring_in_chain);
}
