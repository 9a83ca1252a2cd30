/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kubeconfig forms, credentials, TLS and Status errors, without a
 * Kubernetes server: certificates come from openssl, TLS handshakes from a
 * SoupServer on a loopback port, and kubectl reads what we write. */

#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "strata-kube-credentials.h"
#include "strata-kube-endpoint.h"
#include "strata-kube-error.h"
#include "strata-kube-tls.h"
#include "strata-kubeconfig.h"
#include "strata-test-util.h"

/* Made once for the program by make_pki(). */
static char *pki;

#define SERVER "https://127.0.0.1:6443"

/* Helpers */

static char *
pki_path (const char *name)
{
  return g_build_filename (pki, name, NULL);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static char *
pki_text (const char *name)
{
  g_autofree char *path = pki_path (name);

  return read_text (path);
}

static char *
pki_base64 (const char *name)
{
  g_autofree char *text = pki_text (name);

  return g_base64_encode ((const guchar *)text, strlen (text));
}

/* Copies a file of the PKI into @folder/@name. */
static void
copy_pki (const char *name,
          const char *folder,
          const char *target)
{
  g_autofree char *text = pki_text (name);
  g_autofree char *path = g_build_filename (folder, target, NULL);

  write_text (path, text);
}

/* Runs a program to completion, asserting @expected_status; returns its
 * standard output. */
static char *
run (int          expected_status,
     const char  *cwd,
     const char  *first_arg,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *errors = NULL;
  g_auto(GStrv) envp = NULL;
  char *output = NULL;
  const char *arg;
  va_list args;
  int status;

  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* GTest points HOME at /dev/null; kubectl wants a real one. */
  envp = g_environ_setenv (g_get_environ (), "HOME", cwd, TRUE);
  g_spawn_sync (cwd, (char **)argv->pdata, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &output, &errors, &status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != expected_status)
    g_error ("%s ended with wait status %d, not exit status %d: %s",
             first_arg, status, expected_status, errors);

  return output;
}

#define OPENSSL_CONFIG \
  "[req]\n" \
  "distinguished_name = dn\n" \
  "prompt = no\n" \
  "[dn]\n" \
  "CN = placeholder\n" \
  "[ca]\n" \
  "basicConstraints = critical,CA:TRUE\n" \
  "keyUsage = critical,keyCertSign,cRLSign\n" \
  "subjectKeyIdentifier = hash\n" \
  "[server]\n" \
  "basicConstraints = CA:FALSE\n" \
  "keyUsage = critical,digitalSignature\n" \
  "extendedKeyUsage = serverAuth\n" \
  "subjectAltName = DNS:localhost,DNS:kubernetes.strata.test,IP:127.0.0.1\n" \
  "[client]\n" \
  "basicConstraints = CA:FALSE\n" \
  "keyUsage = critical,digitalSignature\n" \
  "extendedKeyUsage = clientAuth\n"

static void
make_ca (const char *name,
         const char *subject)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *certificate = g_strconcat (name, ".crt", NULL);
  g_autofree char *output = NULL;

  output = run (0, pki, "openssl", "req", "-x509", "-config", "openssl.cnf", "-extensions", "ca",
                "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key, "-out", certificate, "-days", "2", "-subj", subject, NULL);
}

static void
make_leaf (const char *name,
           const char *subject,
           const char *ca,
           const char *extensions)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *request = g_strconcat (name, ".csr", NULL);
  g_autofree char *certificate = g_strconcat (name, ".crt", NULL);
  g_autofree char *ca_certificate = g_strconcat (ca, ".crt", NULL);
  g_autofree char *ca_key = g_strconcat (ca, ".key", NULL);
  g_autofree char *output = NULL;
  g_autofree char *output2 = NULL;

  output = run (0, pki, "openssl", "req", "-new", "-config", "openssl.cnf",
                "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key, "-out", request, "-subj", subject, NULL);
  output2 = run (0, pki, "openssl", "x509", "-req", "-in", request,
                 "-CA", ca_certificate, "-CAkey", ca_key, "-CAcreateserial",
                 "-out", certificate, "-days", "2",
                 "-extfile", "openssl.cnf", "-extensions", extensions, NULL);
}

/* ca → server (localhost, kubernetes.strata.test, 127.0.0.1), client;
 * other-ca → other-server, other-client. */
static void
make_pki (void)
{
  g_autofree char *config = NULL;

  pki = strata_test_make_folder ();
  config = pki_path ("openssl.cnf");
  write_text (config, OPENSSL_CONFIG);

  make_ca ("ca", "/CN=Strata Test CA");
  make_ca ("other-ca", "/CN=Another CA");
  make_leaf ("server", "/CN=kubernetes", "ca", "server");
  make_leaf ("client", "/CN=strata-user/O=system:masters", "ca", "client");
  make_leaf ("other-server", "/CN=kubernetes", "other-ca", "server");
  make_leaf ("other-client", "/CN=stranger", "other-ca", "client");
}

static char *
write_kubeconfig (const char *folder,
                  const char *name,
                  const char *text)
{
  char *path = g_build_filename (folder, name, NULL);

  write_text (path, text);
  return path;
}

static StrataKubeconfig *
load_one (const char  *path,
          GError     **error)
{
  const char *paths[] = { path, NULL };

  return strata_kubeconfig_load (paths, error);
}

/* Loads @text as @folder/config and resolves @context. */
static StrataKubeEndpoint *
resolve_text (const char  *folder,
              const char  *text,
              const char  *context,
              GError     **error)
{
  g_autofree char *path = write_kubeconfig (folder, "config", text);
  g_autoptr(StrataKubeconfig) kubeconfig = load_one (path, error);

  if (kubeconfig == NULL)
    return NULL;

  return strata_kubeconfig_resolve (kubeconfig, context, error);
}

static StrataKubeEndpoint *
resolve_ok (const char *folder,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  StrataKubeEndpoint *endpoint = resolve_text (folder, text, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (endpoint);
  return endpoint;
}

static GError *
resolve_error (const char *folder,
               const char *text,
               const char *context)
{
  GError *error = NULL;
  g_autoptr(StrataKubeEndpoint) endpoint = resolve_text (folder, text, context, &error);

  g_assert_null (endpoint);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG);
  return error;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text, part);
}

/* A kubeconfig with one context "test" → cluster "test" → user "test";
 * @cluster and @user are the (indented) bodies of their mappings. */
static char *
kubeconfig_text (const char *cluster,
                 const char *user)
{
  return g_strdup_printf ("apiVersion: v1\n"
                          "kind: Config\n"
                          "current-context: test\n"
                          "clusters:\n"
                          "- name: test\n"
                          "  cluster:\n"
                          "    server: " SERVER "\n"
                          "%s"
                          "users:\n"
                          "- name: test\n"
                          "  user:\n"
                          "%s"
                          "contexts:\n"
                          "- name: test\n"
                          "  context:\n"
                          "    cluster: test\n"
                          "    user: test\n",
                          cluster, user != NULL && *user != '\0' ? user : "    {}\n");
}

static gboolean
get_credentials (StrataKubeCredentials  *credentials,
                 char                  **authorization,
                 GTlsCertificate       **certificate,
                 GError                **error)
{
  GAsyncResult *pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  strata_kube_credentials_get_async (credentials, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  return strata_kube_credentials_get_finish (credentials, result, authorization, certificate, error);
}

static char *
get_authorization (StrataKubeCredentials *credentials)
{
  g_autoptr(GError) error = NULL;
  char *authorization = NULL;

  g_assert_true (get_credentials (credentials, &authorization, NULL, &error));
  g_assert_no_error (error);
  return authorization;
}

/* Kubeconfig forms */

static void
test_certificate_authority_data (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *ca_data = pki_base64 ("ca.crt");
  g_autofree char *ca_pem = pki_text ("ca.crt");
  g_autofree char *cluster = g_strdup_printf ("    certificate-authority-data: %s\n", ca_data);
  g_autofree char *text = kubeconfig_text (cluster, NULL);
  g_autoptr(StrataKubeEndpoint) endpoint = resolve_ok (folder, text);

  g_assert_cmpstr (strata_kube_endpoint_get_server (endpoint), ==, SERVER);
  g_assert_cmpstr (strata_kube_endpoint_get_context_name (endpoint), ==, "test");
  g_assert_cmpstr (strata_kube_endpoint_get_cluster_name (endpoint), ==, "test");
  g_assert_cmpstr (strata_kube_endpoint_get_user_name (endpoint), ==, "test");
  g_assert_cmpstr (strata_kube_endpoint_get_certificate_authority (endpoint), ==, ca_pem);
  g_assert_false (strata_kube_endpoint_get_insecure_skip_tls_verify (endpoint));
  g_assert_null (strata_kube_endpoint_get_namespace (endpoint));

  strata_test_remove_tree (folder);
}

/* Relative paths are relative to the kubeconfig's folder, wherever the
 * program runs. */
static void
test_file_references (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *ca_pem = pki_text ("ca.crt");
  g_autofree char *certificate_pem = pki_text ("client.crt");
  g_autofree char *key_pem = pki_text ("client.key");
  g_autofree char *text = kubeconfig_text ("    certificate-authority: pki/ca.crt\n",
                                           "    client-certificate: pki/client.crt\n"
                                           "    client-key: pki/client.key\n");
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;
  g_autoptr(StrataKubeCredentials) credentials = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *subject = NULL;

  copy_pki ("ca.crt", folder, "pki/ca.crt");
  copy_pki ("client.crt", folder, "pki/client.crt");
  copy_pki ("client.key", folder, "pki/client.key");

  g_assert_cmpint (g_chdir (pki), ==, 0);
  endpoint = resolve_ok (folder, text);

  g_assert_cmpstr (strata_kube_endpoint_get_certificate_authority (endpoint), ==, ca_pem);
  g_assert_cmpstr (strata_kube_endpoint_get_client_certificate (endpoint), ==, certificate_pem);
  g_assert_cmpstr (strata_kube_endpoint_get_client_key (endpoint), ==, key_pem);

  credentials = strata_kube_credentials_new (endpoint);
  g_assert_true (get_credentials (credentials, &authorization, &certificate, &error));
  g_assert_no_error (error);
  g_assert_null (authorization);
  g_assert_nonnull (certificate);
  subject = g_tls_certificate_get_subject_name (certificate);
  assert_contains (subject, "strata-user");
  g_assert_false (strata_kube_credentials_invalidate (credentials));

  strata_test_remove_tree (folder);
}

static void
test_client_certificate_data (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *certificate_data = pki_base64 ("client.crt");
  g_autofree char *key_data = pki_base64 ("client.key");
  g_autofree char *key_pem = pki_text ("client.key");
  g_autofree char *user = g_strdup_printf ("    client-certificate-data: %s\n"
                                           "    client-key-data: %s\n",
                                           certificate_data, key_data);
  g_autofree char *text = kubeconfig_text ("", user);
  g_autoptr(StrataKubeEndpoint) endpoint = resolve_ok (folder, text);
  g_autoptr(StrataKubeCredentials) credentials = strata_kube_credentials_new (endpoint);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *private_key = NULL;

  g_assert_cmpstr (strata_kube_endpoint_get_client_key (endpoint), ==, key_pem);

  g_assert_true (get_credentials (credentials, NULL, &certificate, &error));
  g_assert_no_error (error);
  g_assert_nonnull (certificate);
  g_object_get (certificate, "private-key-pem", &private_key, NULL);
  g_assert_nonnull (private_key);

  strata_test_remove_tree (folder);
}

static void
test_token (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *text = kubeconfig_text ("", "    token: abc.def-123\n");
  g_autoptr(StrataKubeEndpoint) endpoint = resolve_ok (folder, text);
  g_autoptr(StrataKubeCredentials) credentials = strata_kube_credentials_new (endpoint);
  g_autofree char *authorization = get_authorization (credentials);

  g_assert_cmpstr (strata_kube_endpoint_get_token (endpoint), ==, "abc.def-123");
  g_assert_cmpstr (authorization, ==, "Bearer abc.def-123");
  /* A static token cannot get better by asking again. */
  g_assert_false (strata_kube_credentials_invalidate (credentials));

  strata_test_remove_tree (folder);
}

static void
test_token_file (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *text = kubeconfig_text ("", "    tokenFile: secrets/token\n");
  g_autofree char *token_path = g_build_filename (folder, "secrets", "token", NULL);
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;
  g_autoptr(StrataKubeCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  write_text (token_path, "  first-token\n");
  endpoint = resolve_ok (folder, text);
  g_assert_cmpstr (strata_kube_endpoint_get_token_file (endpoint), ==, token_path);

  credentials = strata_kube_credentials_new (endpoint);
  first = get_authorization (credentials);
  g_assert_cmpstr (first, ==, "Bearer first-token");

  /* Rotated behind our back: the next get sees it. */
  write_text (token_path, "second-token");
  g_assert_true (strata_kube_credentials_invalidate (credentials));
  second = get_authorization (credentials);
  g_assert_cmpstr (second, ==, "Bearer second-token");

  g_assert_cmpint (g_unlink (token_path), ==, 0);
  g_assert_false (get_credentials (credentials, NULL, NULL, &error));
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS);
  assert_contains (error->message, token_path);

  strata_test_remove_tree (folder);
}

static void
test_basic_auth (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *text = kubeconfig_text ("", "    username: admin\n"
                                               "    password: s3cret\n");
  g_autoptr(StrataKubeEndpoint) endpoint = resolve_ok (folder, text);
  g_autoptr(StrataKubeCredentials) credentials = strata_kube_credentials_new (endpoint);
  g_autofree char *authorization = get_authorization (credentials);

  g_assert_cmpstr (strata_kube_endpoint_get_username (endpoint), ==, "admin");
  g_assert_cmpstr (strata_kube_endpoint_get_password (endpoint), ==, "s3cret");
  g_assert_cmpstr (authorization, ==, "Basic YWRtaW46czNjcmV0");

  strata_test_remove_tree (folder);
}

static void
test_anonymous (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autoptr(StrataKubeEndpoint) endpoint =
    resolve_ok (folder,
                "clusters:\n"
                "- name: c\n"
                "  cluster: {server: " SERVER "}\n"
                "contexts:\n"
                "- name: anonymous\n"
                "  context: {cluster: c}\n"
                "current-context: anonymous\n");
  g_autoptr(StrataKubeCredentials) credentials = strata_kube_credentials_new (endpoint);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;

  g_assert_null (strata_kube_endpoint_get_user_name (endpoint));
  g_assert_true (get_credentials (credentials, &authorization, &certificate, &error));
  g_assert_no_error (error);
  g_assert_null (authorization);
  g_assert_null (certificate);

  strata_test_remove_tree (folder);
}

static void
test_cluster_options (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *text = g_strdup_printf ("clusters:\n"
                                           "- name: c\n"
                                           "  cluster:\n"
                                           "    server: " SERVER "\n"
                                           "    tls-server-name: kubernetes.strata.test\n"
                                           "    proxy-url: http://proxy.example:3128\n"
                                           "users:\n"
                                           "- name: u\n"
                                           "  user: {token: t}\n"
                                           "contexts:\n"
                                           "- name: ctx\n"
                                           "  context: {cluster: c, user: u, namespace: demo}\n"
                                           "current-context: ctx\n");
  g_autoptr(StrataKubeEndpoint) endpoint = resolve_ok (folder, text);

  g_assert_cmpstr (strata_kube_endpoint_get_tls_server_name (endpoint), ==, "kubernetes.strata.test");
  g_assert_cmpstr (strata_kube_endpoint_get_proxy_url (endpoint), ==, "http://proxy.example:3128");
  g_assert_cmpstr (strata_kube_endpoint_get_namespace (endpoint), ==, "demo");
  g_assert_cmpstr (strata_kube_endpoint_get_context_name (endpoint), ==, "ctx");
  g_assert_cmpstr (strata_kube_endpoint_get_cluster_name (endpoint), ==, "c");
  g_assert_cmpstr (strata_kube_endpoint_get_user_name (endpoint), ==, "u");

  strata_test_remove_tree (folder);
}

/* Verification is off only when the file says true, and never silently. */
static void
test_insecure (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *ca_data = pki_base64 ("ca.crt");
  g_autofree char *both = g_strdup_printf ("    insecure-skip-tls-verify: true\n"
                                           "    certificate-authority-data: %s\n", ca_data);
  struct {
    const char *cluster;
    gboolean    insecure;
  } cases[] = {
    { "", FALSE },
    { "    insecure-skip-tls-verify: false\n", FALSE },
    { "    insecure-skip-tls-verify: true\n", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kubeconfig_text (cases[i].cluster, "    token: t\n");
      g_autoptr(StrataKubeEndpoint) endpoint = resolve_ok (folder, text);

      g_assert_cmpint (strata_kube_endpoint_get_insecure_skip_tls_verify (endpoint), ==, cases[i].insecure);
    }

  {
    g_autofree char *text = kubeconfig_text ("    insecure-skip-tls-verify: \"yes\"\n", NULL);
    g_autoptr(GError) error = resolve_error (folder, text, NULL);

    assert_contains (error->message, "insecure-skip-tls-verify must be true or false");
  }

  {
    g_autofree char *text = kubeconfig_text (both, NULL);
    g_autoptr(GError) error = resolve_error (folder, text, NULL);

    assert_contains (error->message, "cluster “test”");
    assert_contains (error->message, "insecure-skip-tls-verify");
  }

  strata_test_remove_tree (folder);
}

#define MERGE_FIRST \
  "apiVersion: v1\n" \
  "kind: Config\n" \
  "current-context: first-context\n" \
  "clusters:\n" \
  "- name: shared\n" \
  "  cluster: {server: https://first.example:6443}\n" \
  "users:\n" \
  "- name: shared-user\n" \
  "  user: {token: first-token}\n" \
  "contexts:\n" \
  "- name: first-context\n" \
  "  context: {cluster: shared, user: shared-user}\n" \
  "- name: shared-context\n" \
  "  context: {cluster: shared, user: shared-user, namespace: from-first}\n" \
  "- name: cross-file\n" \
  "  context: {cluster: second-only, user: shared-user}\n"

#define MERGE_SECOND \
  "apiVersion: v1\n" \
  "kind: Config\n" \
  "current-context: second-context\n" \
  "clusters:\n" \
  "- name: shared\n" \
  "  cluster: {server: https://second.example:6443}\n" \
  "- name: second-only\n" \
  "  cluster:\n" \
  "    server: https://second-only.example\n" \
  "    certificate-authority: ca.crt\n" \
  "users:\n" \
  "- name: shared-user\n" \
  "  user: {token: second-token}\n" \
  "- name: second-user\n" \
  "  user: {token: second-only-token}\n" \
  "contexts:\n" \
  "- name: second-context\n" \
  "  context: {cluster: second-only, user: second-user}\n" \
  "- name: shared-context\n" \
  "  context: {cluster: second-only, user: second-user, namespace: from-second}\n"

static void
set_kubeconfig_variable (const char *first,
                         ...)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autofree char *value = NULL;
  const char *item;
  va_list args;

  va_start (args, first);
  for (item = first; item != NULL; item = va_arg (args, const char *))
    g_ptr_array_add (items, (char *)item);
  va_end (args);
  g_ptr_array_add (items, NULL);

  value = g_strjoinv (G_SEARCHPATH_SEPARATOR_S, (char **)items->pdata);
  g_setenv ("KUBECONFIG", value, TRUE);
}

static void
assert_context (StrataKubeconfig *kubeconfig,
                const char       *context,
                const char       *server,
                const char       *token,
                const char       *namespace_)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataKubeEndpoint) endpoint = strata_kubeconfig_resolve (kubeconfig, context, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (strata_kube_endpoint_get_server (endpoint), ==, server);
  g_assert_cmpstr (strata_kube_endpoint_get_token (endpoint), ==, token);
  g_assert_cmpstr (strata_kube_endpoint_get_namespace (endpoint), ==, namespace_);
}

/* The first file to define a name (or current-context) wins; missing files
 * in KUBECONFIG are skipped; relative paths follow the file that named
 * them, even when a context of another file points there. */
static void
test_merge (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *first_folder = g_build_filename (folder, "first", NULL);
  g_autofree char *second_folder = g_build_filename (folder, "second", NULL);
  g_autofree char *first = write_kubeconfig (first_folder, "config", MERGE_FIRST);
  g_autofree char *second = write_kubeconfig (second_folder, "config", MERGE_SECOND);
  g_autofree char *missing = g_build_filename (folder, "missing", "config", NULL);
  g_autofree char *ca_pem = pki_text ("ca.crt");
  g_autoptr(StrataKubeconfig) kubeconfig = NULL;
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) contexts = NULL;
  const char *order[] = { second, first, NULL };
  const char *with_missing[] = { first, missing, NULL };
  const char *expected_contexts[] = { "cross-file", "first-context", "second-context", "shared-context", NULL };

  copy_pki ("ca.crt", second_folder, "ca.crt");

  set_kubeconfig_variable (first, missing, second, NULL);
  kubeconfig = strata_kubeconfig_load_default (&error);
  g_assert_no_error (error);

  g_assert_cmpstr (strata_kubeconfig_get_current_context (kubeconfig), ==, "first-context");
  contexts = strata_kubeconfig_list_contexts (kubeconfig);
  g_assert_cmpstrv (contexts, expected_contexts);

  assert_context (kubeconfig, NULL, "https://first.example:6443", "first-token", NULL);
  assert_context (kubeconfig, "shared-context", "https://first.example:6443", "first-token", "from-first");
  assert_context (kubeconfig, "second-context", "https://second-only.example", "second-only-token", NULL);

  endpoint = strata_kubeconfig_resolve (kubeconfig, "cross-file", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (strata_kube_endpoint_get_certificate_authority (endpoint), ==, ca_pem);
  g_assert_cmpstr (strata_kube_endpoint_get_token (endpoint), ==, "first-token");
  g_clear_object (&kubeconfig);

  /* The other order, explicitly. */
  kubeconfig = strata_kubeconfig_load (order, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (strata_kubeconfig_get_current_context (kubeconfig), ==, "second-context");
  assert_context (kubeconfig, "first-context", "https://second.example:6443", "second-token", NULL);
  assert_context (kubeconfig, "shared-context", "https://second-only.example", "second-only-token", "from-second");
  g_clear_object (&kubeconfig);

  /* Files named one by one must exist, as with kubectl --kubeconfig. */
  kubeconfig = strata_kubeconfig_load (with_missing, &error);
  g_assert_null (kubeconfig);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG);
  assert_contains (error->message, missing);

  g_unsetenv ("KUBECONFIG");
  strata_test_remove_tree (folder);
}

static void
test_default_location (void)
{
  g_autofree char *home = strata_test_make_folder ();
  g_autofree char *path = g_build_filename (home, ".kube", "config", NULL);
  g_autofree char *text = kubeconfig_text ("", "    token: from-home\n");
  g_autofree char *missing = g_build_filename (home, "nowhere", NULL);
  g_autofree char *old_home = g_strdup (g_getenv ("HOME"));
  g_autoptr(StrataKubeconfig) kubeconfig = NULL;
  g_autoptr(GError) error = NULL;

  g_unsetenv ("KUBECONFIG");
  g_setenv ("HOME", home, TRUE);

  /* Nothing there: the error says where it looked. */
  kubeconfig = strata_kubeconfig_load_default (&error);
  g_assert_null (kubeconfig);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG);
  assert_contains (error->message, path);
  assert_contains (error->message, "KUBECONFIG");
  g_clear_error (&error);

  write_text (path, text);
  kubeconfig = strata_kubeconfig_load_default (&error);
  g_assert_no_error (error);
  assert_context (kubeconfig, NULL, SERVER, "from-home", NULL);
  g_clear_object (&kubeconfig);

  /* KUBECONFIG wins over ~/.kube/config even when none of its files is
   * there; an empty entry is ignored. */
  set_kubeconfig_variable (missing, "", NULL);
  kubeconfig = strata_kubeconfig_load_default (&error);
  g_assert_null (kubeconfig);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG);
  assert_contains (error->message, missing);
  g_clear_error (&error);

  /* A file without contexts is as good as none. */
  write_text (path, "apiVersion: v1\nkind: Config\n");
  g_unsetenv ("KUBECONFIG");
  kubeconfig = strata_kubeconfig_load_default (&error);
  g_assert_null (kubeconfig);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG);
  assert_contains (error->message, path);
  assert_contains (error->message, "No contexts");

  g_setenv ("HOME", old_home, TRUE);
  strata_test_remove_tree (home);
}

/* Errors */

static void
test_malformed_yaml (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *path = write_kubeconfig (folder, "config",
                                            "apiVersion: v1\n"
                                            "clusters:\n"
                                            "- name: a\n"
                                            "  cluster: {server: [https://x\n"
                                            "users: []\n");
  g_autofree char *prefix = g_strconcat (path, ": line ", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataKubeconfig) kubeconfig = load_one (path, &error);

  g_assert_null (kubeconfig);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  assert_contains (error->message, "column");

  strata_test_remove_tree (folder);
}

static void
test_semantic_errors (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *path = g_build_filename (folder, "config", NULL);
  g_autofree char *not_pem = g_base64_encode ((const guchar *)"hello", 5);
  g_autofree char *bad_key_user = g_strdup_printf ("    client-certificate-data: %s\n"
                                                   "    client-key-data: %s\n",
                                                   not_pem, not_pem);
  g_autofree char *certificate_data = pki_base64 ("client.crt");
  g_autofree char *key_pem = pki_text ("client.key");
  g_autofree char *key_base64 = g_base64_encode ((const guchar *)key_pem, strlen (key_pem));
  g_autofree char *key_only_user = g_strdup_printf ("    client-key-data: %s\n", key_base64);
  g_autofree char *key_not_cert_user = g_strdup_printf ("    client-certificate-data: %s\n"
                                                        "    client-key-data: %s\n",
                                                        certificate_data, not_pem);
  g_autofree char *missing_ca = g_build_filename (folder, "missing-ca.crt", NULL);
  struct {
    const char *text;
    const char *context;
    const char *parts[4];
  } cases[] = {
    {
      "clusters:\n- name: c\n  cluster: {server: " SERVER "}\n"
      "contexts:\n- name: dev\n  context: {cluster: c, user: ghost}\n",
      "dev", { "context “dev” names user “ghost”", "which no kubeconfig defines" },
    },
    {
      "users:\n- name: u\n  user: {token: t}\n"
      "contexts:\n- name: dev\n  context: {cluster: nowhere, user: u}\n",
      "dev", { "context “dev” names cluster “nowhere”" },
    },
    {
      "clusters:\n- name: c\n  cluster: {server: " SERVER "}\n"
      "contexts:\n- name: dev\n  context: {cluster: c}\n",
      "prod", { "No context “prod”", "“dev”" },
    },
    {
      "clusters:\n- name: c\n  cluster: {server: " SERVER "}\n"
      "contexts:\n- name: dev\n  context: {cluster: c}\n",
      NULL, { "No current context", "“dev”" },
    },
    {
      "clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: true}\n"
      "contexts:\n- name: dev\n  context: {cluster: c}\n",
      "dev", { "cluster “c” has no server" },
    },
    {
      "clusters:\n- name: c\n  cluster: {server: " SERVER ", certificate-authority: missing-ca.crt}\n"
      "contexts:\n- name: dev\n  context: {cluster: c}\n",
      "dev", { "cluster “c”", "certificate-authority", missing_ca },
    },
    {
      "clusters:\n- name: c\n  cluster: {server: " SERVER ", certificate-authority-data: \"not base64!\"}\n"
      "contexts:\n- name: dev\n  context: {cluster: c}\n",
      "dev", { "cluster “c”", "certificate-authority-data is not valid base64" },
    },
    {
      "clusters:\n- name: c\n  cluster: {server: " SERVER ", certificate-authority-data: \"QUJD=A==\"}\n"
      "contexts:\n- name: dev\n  context: {cluster: c}\n",
      "dev", { "certificate-authority-data is not valid base64" },
    },
    {
      "clusters:\n- name: c\n  cluster: {server: " SERVER "}\n"
      "users:\n- name: u\n  user: {exec: {command: aws}}\n"
      "contexts:\n- name: dev\n  context: {cluster: c, user: u}\n",
      "dev", { "user “u”", "exec has no apiVersion" },
    },
    {
      "clusters:\n- name: c\n  cluster: {server: " SERVER "}\n"
      "users:\n- name: u\n  user: {auth-provider: {name: oidc}}\n"
      "contexts:\n- name: dev\n  context: {cluster: c, user: u}\n",
      "dev", { "user “u”", "auth-provider “oidc”" },
    },
    {
      "clusters:\n- name: c\n  cluster: {server: " SERVER "}\n"
      "users:\n- name: u\n  user: {token: t, username: a, password: b}\n"
      "contexts:\n- name: dev\n  context: {cluster: c, user: u}\n",
      "dev", { "user “u”", "both a token and a username/password" },
    },
    {
      "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n",
      NULL, { "not a kubeconfig", "Pod" },
    },
    {
      "clusters: {c: {server: " SERVER "}}\n",
      NULL, { "“clusters” must be a list" },
    },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = resolve_error (folder, cases[i].text, cases[i].context);

      g_test_message ("case %u: %s", i, error->message);
      assert_contains (error->message, path);
      for (guint j = 0; j < G_N_ELEMENTS (cases[i].parts) && cases[i].parts[j] != NULL; j++)
        assert_contains (error->message, cases[i].parts[j]);
    }

  /* Client keys and certificates that are not PEM name the field. */
  {
    g_autofree char *text = kubeconfig_text ("", bad_key_user);
    g_autoptr(GError) error = resolve_error (folder, text, NULL);

    assert_contains (error->message, "user “test”: client-certificate-data holds no PEM certificate");
  }
  {
    g_autofree char *text = kubeconfig_text ("", key_not_cert_user);
    g_autoptr(GError) error = resolve_error (folder, text, NULL);

    assert_contains (error->message, "client-key-data is not a PEM private key");
  }
  {
    g_autofree char *text = kubeconfig_text ("", key_only_user);
    g_autoptr(GError) error = resolve_error (folder, text, NULL);

    assert_contains (error->message, "client key but no client-certificate");
  }

  strata_test_remove_tree (folder);
}

/* Exec credential plugins */

/* Records each run (a counter, KUBERNETES_EXEC_INFO, a variable of the
 * stanza's env) beside itself; fails when "fail" exists; hangs when "slow"
 * exists; answers "response" when it exists, else a token numbered by the
 * run with the expirationTimestamp member in "expiry". */
#define PLUGIN_SCRIPT \
  "#!/bin/sh\n" \
  "here=$(dirname \"$0\")\n" \
  "count=$(cat \"$here/count\" 2>/dev/null || echo 0)\n" \
  "count=$((count + 1))\n" \
  "echo \"$count\" > \"$here/count\"\n" \
  "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$here/exec-info\"\n" \
  "printf '%s' \"$STRATA_PLUGIN_GREETING $*\" > \"$here/greeting\"\n" \
  "if [ -f \"$here/slow\" ]; then exec sleep 60; fi\n" \
  "if [ -f \"$here/fail\" ]; then\n" \
  "  echo '  error: you must log in first  ' >&2\n" \
  "  exit 3\n" \
  "fi\n" \
  "if [ -f \"$here/response\" ]; then cat \"$here/response\"; exit 0; fi\n" \
  "expiry=$(cat \"$here/expiry\" 2>/dev/null)\n" \
  "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\"," \
  "\"status\":{\"token\":\"exec-token-%s\"%s}}\\n' \"$count\" \"$expiry\"\n"

#define PLUGIN_USER \
  "    exec:\n" \
  "      apiVersion: client.authentication.k8s.io/v1\n" \
  "      command: ./bin/plugin.sh\n" \
  "      args: [--region, eu-west-1]\n" \
  "      env:\n" \
  "      - name: STRATA_PLUGIN_GREETING\n" \
  "        value: hello\n" \
  "      installHint: |\n" \
  "        Install the Strata test plugin with “make plugin”.\n" \
  "      provideClusterInfo: true\n" \
  "      interactiveMode: Never\n"

typedef struct
{
  char                  *folder;
  char                  *bin;
  StrataKubeEndpoint    *endpoint;
  StrataKubeCredentials *credentials;
} ExecFixture;

static void
exec_set_up (ExecFixture   *fixture,
             gconstpointer  data)
{
  g_autofree char *ca_data = pki_base64 ("ca.crt");
  g_autofree char *cluster = g_strdup_printf ("    certificate-authority-data: %s\n", ca_data);
  g_autofree char *text = kubeconfig_text (cluster, PLUGIN_USER);
  g_autofree char *script = NULL;

  fixture->folder = strata_test_make_folder ();
  fixture->bin = g_build_filename (fixture->folder, "bin", NULL);
  script = g_build_filename (fixture->bin, "plugin.sh", NULL);
  write_text (script, PLUGIN_SCRIPT);
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);

  /* The command is relative to the kubeconfig, not to where we run. */
  g_assert_cmpint (g_chdir (pki), ==, 0);
  fixture->endpoint = resolve_ok (fixture->folder, text);
  fixture->credentials = strata_kube_credentials_new (fixture->endpoint);
}

static void
exec_tear_down (ExecFixture   *fixture,
                gconstpointer  data)
{
  g_clear_object (&fixture->credentials);
  g_clear_object (&fixture->endpoint);
  strata_test_remove_tree (fixture->folder);
  g_clear_pointer (&fixture->folder, g_free);
  g_clear_pointer (&fixture->bin, g_free);
}

static char *
exec_read (ExecFixture *fixture,
           const char  *name)
{
  g_autofree char *path = g_build_filename (fixture->bin, name, NULL);

  return read_text (path);
}

static void
exec_write (ExecFixture *fixture,
            const char  *name,
            const char  *text)
{
  g_autofree char *path = g_build_filename (fixture->bin, name, NULL);

  if (text != NULL)
    write_text (path, text);
  else
    g_unlink (path);
}

static int
exec_runs (ExecFixture *fixture)
{
  g_autofree char *count = exec_read (fixture, "count");

  return atoi (count);
}

static void
test_exec_plugin (ExecFixture   *fixture,
                  gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *info = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *ca_pem = pki_text ("ca.crt");
  g_autofree char *ca_data = g_base64_encode ((const guchar *)ca_pem, strlen (ca_pem));
  g_autoptr(JsonNode) info_node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *info_object;
  JsonObject *spec;
  JsonObject *cluster;

  first = get_authorization (fixture->credentials);
  g_assert_cmpstr (first, ==, "Bearer exec-token-1");
  g_assert_cmpint (exec_runs (fixture), ==, 1);

  /* No expirationTimestamp: cached until invalidated. */
  again = get_authorization (fixture->credentials);
  g_assert_cmpstr (again, ==, "Bearer exec-token-1");
  g_assert_cmpint (exec_runs (fixture), ==, 1);

  greeting = exec_read (fixture, "greeting");
  g_assert_cmpstr (greeting, ==, "hello --region eu-west-1");

  info = exec_read (fixture, "exec-info");
  info_node = json_from_string (info, &error);
  g_assert_no_error (error);
  info_object = json_node_get_object (info_node);
  g_assert_cmpstr (json_object_get_string_member (info_object, "apiVersion"), ==,
                   "client.authentication.k8s.io/v1");
  g_assert_cmpstr (json_object_get_string_member (info_object, "kind"), ==, "ExecCredential");
  spec = json_object_get_object_member (info_object, "spec");
  g_assert_false (json_object_get_boolean_member (spec, "interactive"));
  cluster = json_object_get_object_member (spec, "cluster");
  g_assert_cmpstr (json_object_get_string_member (cluster, "server"), ==, SERVER);
  g_assert_cmpstr (json_object_get_string_member (cluster, "certificate-authority-data"), ==, ca_data);
}

static void
test_exec_expiration (ExecFixture   *fixture,
                      gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *fourth = NULL;

  /* Already expired when it arrives: every get runs the plugin. */
  exec_write (fixture, "expiry", ",\"expirationTimestamp\":\"2000-01-01T00:00:00Z\"");
  first = get_authorization (fixture->credentials);
  second = get_authorization (fixture->credentials);
  g_assert_cmpstr (first, ==, "Bearer exec-token-1");
  g_assert_cmpstr (second, ==, "Bearer exec-token-2");
  g_assert_cmpint (exec_runs (fixture), ==, 2);

  /* Valid for long: cached. */
  exec_write (fixture, "expiry", ",\"expirationTimestamp\":\"2999-01-01T00:00:00+02:00\"");
  third = get_authorization (fixture->credentials);
  fourth = get_authorization (fixture->credentials);
  g_assert_cmpstr (third, ==, "Bearer exec-token-3");
  g_assert_cmpstr (fourth, ==, "Bearer exec-token-3");
  g_assert_cmpint (exec_runs (fixture), ==, 3);
}

static void
test_exec_invalidate (ExecFixture   *fixture,
                      gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  first = get_authorization (fixture->credentials);
  g_assert_true (strata_kube_credentials_invalidate (fixture->credentials));
  second = get_authorization (fixture->credentials);
  g_assert_cmpstr (first, ==, "Bearer exec-token-1");
  g_assert_cmpstr (second, ==, "Bearer exec-token-2");
  g_assert_cmpint (exec_runs (fixture), ==, 2);
}

/* Gets made while the plugin runs share that run. */
static void
test_exec_concurrent (ExecFixture   *fixture,
                      gconstpointer  data)
{
  GAsyncResult *pending[3] = { NULL, };

  for (guint i = 0; i < G_N_ELEMENTS (pending); i++)
    strata_kube_credentials_get_async (fixture->credentials, NULL, strata_test_async_ready, &pending[i]);

  for (guint i = 0; i < G_N_ELEMENTS (pending); i++)
    {
      g_autoptr(GAsyncResult) result = strata_test_wait (&pending[i]);
      g_autoptr(GError) error = NULL;
      g_autofree char *authorization = NULL;

      g_assert_true (strata_kube_credentials_get_finish (fixture->credentials, result,
                                                         &authorization, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (authorization, ==, "Bearer exec-token-1");
    }

  g_assert_cmpint (exec_runs (fixture), ==, 1);
}

static void
test_exec_failure (ExecFixture   *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;

  exec_write (fixture, "fail", "");
  g_assert_false (get_credentials (fixture->credentials, NULL, NULL, &error));
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS);
  g_test_message ("%s", error->message);
  assert_contains (error->message, "bin/plugin.sh");
  assert_contains (error->message, "status 3: error: you must log in first\n");
  assert_contains (error->message, "Install the Strata test plugin with “make plugin”.");
  g_clear_error (&error);

  /* A failure is not cached. */
  exec_write (fixture, "fail", NULL);
  authorization = get_authorization (fixture->credentials);
  g_assert_cmpstr (authorization, ==, "Bearer exec-token-2");

  /* Nor is an answer that is not an ExecCredential of the right version. */
  exec_write (fixture, "response",
              "{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
              "\"status\":{\"token\":\"x\"}}");
  g_assert_true (strata_kube_credentials_invalidate (fixture->credentials));
  g_assert_false (get_credentials (fixture->credentials, NULL, NULL, &error));
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS);
  assert_contains (error->message, "v1beta1");
  g_clear_error (&error);

  exec_write (fixture, "response", "this is not json");
  g_assert_false (get_credentials (fixture->credentials, NULL, NULL, &error));
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS);
  assert_contains (error->message, "not JSON");
}

static void
test_exec_client_certificate (ExecFixture   *fixture,
                              gconstpointer  data)
{
  g_autofree char *certificate_pem = pki_text ("client.crt");
  g_autofree char *key_pem = pki_text ("client.key");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *response = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *subject = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "client.authentication.k8s.io/v1");
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "ExecCredential");
  json_builder_set_member_name (builder, "status");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "clientCertificateData");
  json_builder_add_string_value (builder, certificate_pem);
  json_builder_set_member_name (builder, "clientKeyData");
  json_builder_add_string_value (builder, key_pem);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  response = json_to_string (root, FALSE);
  exec_write (fixture, "response", response);

  g_assert_true (get_credentials (fixture->credentials, &authorization, &certificate, &error));
  g_assert_no_error (error);
  g_assert_null (authorization);
  g_assert_nonnull (certificate);
  subject = g_tls_certificate_get_subject_name (certificate);
  assert_contains (subject, "strata-user");
}

/* A get whose caller gives up returns at once; the next get starts a run
 * of its own rather than joining the abandoned one. */
static void
test_exec_cancel (ExecFixture   *fixture,
                  gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;
  GAsyncResult *pending = NULL;

  exec_write (fixture, "slow", "");
  strata_kube_credentials_get_async (fixture->credentials, cancellable, strata_test_async_ready, &pending);
  g_cancellable_cancel (cancellable);
  result = strata_test_wait (&pending);
  g_assert_false (strata_kube_credentials_get_finish (fixture->credentials, result, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  exec_write (fixture, "slow", NULL);
  authorization = get_authorization (fixture->credentials);
  g_assert_true (g_str_has_prefix (authorization, "Bearer exec-token-"));
}

static void
test_exec_not_found (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *text = kubeconfig_text ("",
                                           "    exec:\n"
                                           "      apiVersion: client.authentication.k8s.io/v1beta1\n"
                                           "      command: strata-no-such-plugin\n"
                                           "      installHint: Get it from example.com\n");
  g_autoptr(StrataKubeEndpoint) endpoint = resolve_ok (folder, text);
  g_autoptr(StrataKubeCredentials) credentials = strata_kube_credentials_new (endpoint);
  g_autoptr(GError) error = NULL;

  g_assert_false (get_credentials (credentials, NULL, NULL, &error));
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS);
  assert_contains (error->message, "strata-no-such-plugin");
  assert_contains (error->message, "Get it from example.com");

  strata_test_remove_tree (folder);
}

/* Writing kubeconfigs */

static void
test_write (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *path = g_build_filename (folder, "out", "kubeconfig", NULL);
  g_autofree char *ca_pem = pki_text ("ca.crt");
  g_autofree char *certificate_pem = pki_text ("client.crt");
  g_autofree char *key_pem = pki_text ("client.key");
  g_autofree char *output = NULL;
  g_autofree char *contexts_output = NULL;
  g_autofree char *decoded_ca = NULL;
  g_autofree char *command = NULL;
  g_autoptr(StrataKubeEndpoint) endpoint = strata_kube_endpoint_new (SERVER);
  g_autoptr(StrataKubeEndpoint) reread = NULL;
  g_autoptr(StrataKubeconfig) kubeconfig = NULL;
  g_autoptr(JsonNode) exec = NULL;
  g_autoptr(JsonNode) view = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *cluster;
  gsize length;
  GStatBuf buf;

  exec = json_from_string ("{\"apiVersion\":\"client.authentication.k8s.io/v1\","
                           "\"command\":\"./bin/get-token\",\"args\":[\"--yes\"],"
                           "\"interactiveMode\":\"Never\"}", &error);
  g_assert_no_error (error);

  strata_kube_endpoint_set_names (endpoint, "prod-admin", "prod", "admin");
  strata_kube_endpoint_set_namespace (endpoint, "demo");
  strata_kube_endpoint_set_certificate_authority (endpoint, ca_pem);
  strata_kube_endpoint_set_client_certificate (endpoint, certificate_pem, key_pem);
  strata_kube_endpoint_set_token (endpoint, "true");
  strata_kube_endpoint_set_tls_server_name (endpoint, "kubernetes.strata.test");
  strata_kube_endpoint_set_proxy_url (endpoint, "http://proxy.example:3128");
  strata_kube_endpoint_set_exec (endpoint, exec, "/opt/strata");

  /* An older, world-readable file in the way is replaced. */
  write_text (path, "old");
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  g_assert_true (strata_kube_endpoint_write_kubeconfig (endpoint, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);

  /* kubectl reads it back as we meant it. */
  output = run (0, folder, "kubectl", "--kubeconfig", path, "config", "view", "--raw", "-o", "json", NULL);
  view = json_from_string (output, &error);
  g_assert_no_error (error);
  cluster = json_object_get_object_member (json_array_get_object_element (json_object_get_array_member (json_node_get_object (view), "clusters"), 0), "cluster");
  g_assert_cmpstr (json_object_get_string_member (cluster, "server"), ==, SERVER);
  g_assert_cmpstr (json_object_get_string_member (cluster, "tls-server-name"), ==, "kubernetes.strata.test");
  decoded_ca = (char *)g_base64_decode (json_object_get_string_member (cluster, "certificate-authority-data"), &length);
  g_assert_cmpmem (decoded_ca, length, ca_pem, strlen (ca_pem));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (view), "current-context"), ==, "prod-admin");

  contexts_output = run (0, folder, "kubectl", "--kubeconfig", path, "config", "get-contexts", NULL);
  assert_contains (contexts_output, "prod-admin");
  assert_contains (contexts_output, "demo");

  /* And so do we. */
  kubeconfig = load_one (path, &error);
  g_assert_no_error (error);
  reread = strata_kubeconfig_resolve (kubeconfig, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (strata_kube_endpoint_get_server (reread), ==, SERVER);
  g_assert_cmpstr (strata_kube_endpoint_get_context_name (reread), ==, "prod-admin");
  g_assert_cmpstr (strata_kube_endpoint_get_cluster_name (reread), ==, "prod");
  g_assert_cmpstr (strata_kube_endpoint_get_user_name (reread), ==, "admin");
  g_assert_cmpstr (strata_kube_endpoint_get_namespace (reread), ==, "demo");
  g_assert_cmpstr (strata_kube_endpoint_get_certificate_authority (reread), ==, ca_pem);
  g_assert_cmpstr (strata_kube_endpoint_get_client_certificate (reread), ==, certificate_pem);
  g_assert_cmpstr (strata_kube_endpoint_get_client_key (reread), ==, key_pem);
  g_assert_cmpstr (strata_kube_endpoint_get_token (reread), ==, "true");
  g_assert_cmpstr (strata_kube_endpoint_get_tls_server_name (reread), ==, "kubernetes.strata.test");
  g_assert_cmpstr (strata_kube_endpoint_get_proxy_url (reread), ==, "http://proxy.example:3128");
  /* The relative command now lives elsewhere, so it was made absolute. */
  command = g_strdup (json_object_get_string_member (json_node_get_object (strata_kube_endpoint_get_exec (reread)), "command"));
  g_assert_cmpstr (command, ==, "/opt/strata/bin/get-token");

  strata_test_remove_tree (folder);
}

static void
test_write_defaults (void)
{
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *path = g_build_filename (folder, "config", NULL);
  g_autoptr(StrataKubeEndpoint) endpoint = strata_kube_endpoint_new (SERVER);
  g_autoptr(StrataKubeEndpoint) with_ca = strata_kube_endpoint_new (SERVER);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ca_pem = pki_text ("ca.crt");

  strata_kube_endpoint_set_insecure_skip_tls_verify (endpoint, TRUE);
  g_assert_true (strata_kube_endpoint_write_kubeconfig (endpoint, path, &error));
  g_assert_no_error (error);
  output = run (0, folder, "kubectl", "--kubeconfig", path, "config", "get-contexts", "-o", "name", NULL);
  g_assert_cmpstr (output, ==, "strata\n");

  /* kubectl refuses a CA together with insecure-skip-tls-verify. */
  strata_kube_endpoint_set_certificate_authority (with_ca, ca_pem);
  strata_kube_endpoint_set_insecure_skip_tls_verify (with_ca, TRUE);
  text = strata_kube_endpoint_to_kubeconfig (with_ca, &error);
  g_assert_null (text);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG);

  strata_test_remove_tree (folder);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *)user_data)++;
}

static void
test_endpoint_properties (void)
{
  g_autoptr(StrataKubeEndpoint) endpoint = strata_kube_endpoint_new (SERVER);
  g_autofree char *server = NULL;
  guint notified = 0;

  g_signal_connect (endpoint, "notify::namespace", G_CALLBACK (on_notify), &notified);
  strata_kube_endpoint_set_namespace (endpoint, "demo");
  strata_kube_endpoint_set_namespace (endpoint, "demo");
  g_assert_cmpuint (notified, ==, 1);
  strata_kube_endpoint_set_namespace (endpoint, "");
  g_assert_null (strata_kube_endpoint_get_namespace (endpoint));
  g_assert_cmpuint (notified, ==, 2);

  g_object_get (endpoint, "server", &server, NULL);
  g_assert_cmpstr (server, ==, SERVER);
}

/* TLS: verification against the kubeconfig's CA */

static GTlsCertificate *
load_certificate (const char *name)
{
  g_autofree char *path = pki_path (name);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_file (path, &error);

  g_assert_no_error (error);
  return certificate;
}

static GTlsCertificate *
load_certificate_with_key (const char *name)
{
  g_autofree char *certificate_name = g_strconcat (name, ".crt", NULL);
  g_autofree char *key_name = g_strconcat (name, ".key", NULL);
  g_autofree char *certificate_pem = pki_text (certificate_name);
  g_autofree char *key_pem = pki_text (key_name);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = strata_kube_tls_client_certificate_new (certificate_pem, key_pem, &error);

  g_assert_no_error (error);
  return certificate;
}

static GTlsDatabase *
database_for (const char *ca_pem,
              const char *server_name,
              gboolean    insecure)
{
  g_autoptr(StrataKubeEndpoint) endpoint = strata_kube_endpoint_new (SERVER);
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database;

  strata_kube_endpoint_set_names (endpoint, NULL, "test", NULL);
  strata_kube_endpoint_set_certificate_authority (endpoint, ca_pem);
  strata_kube_endpoint_set_tls_server_name (endpoint, server_name);
  strata_kube_endpoint_set_insecure_skip_tls_verify (endpoint, insecure);
  database = strata_kube_tls_database_new (endpoint, &error);
  g_assert_no_error (error);
  g_assert_true (G_IS_TLS_DATABASE (database));
  return database;
}

static GTlsCertificateFlags
verify (GTlsDatabase    *database,
        GTlsCertificate *chain,
        const char      *host)
{
  g_autoptr(GSocketConnectable) identity = g_network_address_new (host, 6443);
  g_autoptr(GError) error = NULL;
  GTlsCertificateFlags flags;

  flags = g_tls_database_verify_chain (database, chain, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
  g_assert_no_error (error);
  return flags;
}

static void
test_tls_verify (void)
{
  g_autofree char *ca_pem = pki_text ("ca.crt");
  g_autofree char *other_ca_pem = pki_text ("other-ca.crt");
  g_autofree char *bundle = g_strconcat (other_ca_pem, ca_pem, NULL);
  g_autoptr(GTlsCertificate) server = load_certificate ("server.crt");
  g_autoptr(GTlsCertificate) other_server = load_certificate ("other-server.crt");
  g_autoptr(GTlsDatabase) right = database_for (ca_pem, NULL, FALSE);
  g_autoptr(GTlsDatabase) wrong = database_for (other_ca_pem, NULL, FALSE);
  g_autoptr(GTlsDatabase) both = database_for (bundle, NULL, FALSE);
  g_autoptr(GTlsDatabase) named = database_for (ca_pem, "kubernetes.strata.test", FALSE);
  g_autoptr(GTlsDatabase) misnamed = database_for (ca_pem, "wrong.strata.test", FALSE);
  g_autoptr(GTlsDatabase) insecure = database_for (NULL, NULL, TRUE);
  g_autoptr(GTlsDatabase) system = database_for (NULL, NULL, FALSE);
  g_autoptr(GTlsDatabase) system_named = database_for (NULL, "kubernetes.strata.test", FALSE);

  g_assert_cmpint (verify (right, server, "127.0.0.1"), ==, 0);
  g_assert_cmpint (verify (right, server, "localhost"), ==, 0);
  g_assert_cmpint (verify (right, server, "10.9.8.7"), ==, G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_assert_cmpint (verify (wrong, server, "127.0.0.1") & G_TLS_CERTIFICATE_UNKNOWN_CA, !=, 0);
  g_assert_cmpint (verify (right, other_server, "127.0.0.1") & G_TLS_CERTIFICATE_UNKNOWN_CA, !=, 0);

  /* Every CA of a bundle counts. */
  g_assert_cmpint (verify (both, server, "127.0.0.1"), ==, 0);
  g_assert_cmpint (verify (both, other_server, "127.0.0.1"), ==, 0);

  /* tls-server-name replaces the host we connected to. */
  g_assert_cmpint (verify (named, server, "10.9.8.7"), ==, 0);
  g_assert_cmpint (verify (misnamed, server, "127.0.0.1"), ==, G_TLS_CERTIFICATE_BAD_IDENTITY);

  g_assert_cmpint (verify (insecure, other_server, "10.9.8.7"), ==, 0);

  /* No CA in the kubeconfig: the system's anchors, which do not know ours. */
  g_assert_cmpint (verify (system, server, "127.0.0.1") & G_TLS_CERTIFICATE_UNKNOWN_CA, !=, 0);
  g_assert_cmpint (verify (system_named, server, "10.9.8.7") & G_TLS_CERTIFICATE_UNKNOWN_CA, !=, 0);
}

static void
test_tls_errors (void)
{
  g_autoptr(StrataKubeEndpoint) endpoint = strata_kube_endpoint_new (SERVER);
  g_autofree char *certificate_pem = pki_text ("client.crt");
  g_autofree char *key_pem = pki_text ("client.key");
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  strata_kube_endpoint_set_names (endpoint, "c", "prod", "u");
  strata_kube_endpoint_set_certificate_authority (endpoint, "just some text");
  database = strata_kube_tls_database_new (endpoint, &error);
  g_assert_null (database);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG);
  assert_contains (error->message, "cluster “prod” holds no PEM certificate");
  g_clear_error (&error);

  strata_kube_endpoint_set_certificate_authority (endpoint,
                                                  "-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n");
  database = strata_kube_tls_database_new (endpoint, &error);
  g_assert_null (database);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG);
  assert_contains (error->message, "Certificate 1 of the certificate authority of cluster “prod”");
  g_clear_error (&error);

  certificate = strata_kube_tls_client_certificate_new (certificate_pem, certificate_pem, &error);
  g_assert_null (certificate);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS);
  assert_contains (error->message, "not a PEM private key");
  g_clear_error (&error);

  certificate = strata_kube_tls_client_certificate_new (key_pem, key_pem, &error);
  g_assert_null (certificate);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS);
  assert_contains (error->message, "not a PEM certificate");
  g_clear_error (&error);

  certificate = strata_kube_tls_client_certificate_new (certificate_pem,
                                                        "-----BEGIN PRIVATE KEY-----\nbm9wZQ==\n-----END PRIVATE KEY-----\n",
                                                        &error);
  g_assert_null (certificate);
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS);
  g_clear_error (&error);

  certificate = strata_kube_tls_client_certificate_new (certificate_pem, key_pem, &error);
  g_assert_no_error (error);
  g_assert_nonnull (certificate);
}

/* TLS: real handshakes with a SoupServer on a loopback port */

typedef struct
{
  SoupServer *server;
  char       *url;
} TlsServer;

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  GTlsCertificate *peer = soup_server_message_get_tls_peer_certificate (message);
  g_autofree char *body = NULL;

  if (peer != NULL)
    body = g_tls_certificate_get_subject_name (peer);
  else
    body = g_strdup ("anonymous");

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_COPY, body, strlen (body));
}

/* A server-side GTlsConnection asks the application about every client
 * certificate, even one its database verified. */
static gboolean
accept_client_certificate (SoupServerMessage    *message,
                           GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors,
                           gpointer              user_data)
{
  return errors == 0;
}

static void
request_started (SoupServer        *server,
                 SoupServerMessage *message,
                 gpointer           user_data)
{
  g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_client_certificate), NULL);
}

static TlsServer *
tls_server_start (GTlsDatabase *client_ca)
{
  g_autoptr(GTlsCertificate) certificate = load_certificate_with_key ("server");
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GError) error = NULL;
  TlsServer *server = g_new0 (TlsServer, 1);
  GSList *uris;

  server->server = soup_server_new ("tls-certificate", certificate, NULL);
  if (client_ca != NULL)
    {
      g_object_set (server->server,
                    "tls-database", client_ca,
                    "tls-auth-mode", G_TLS_AUTHENTICATION_REQUIRED,
                    NULL);
      g_signal_connect (server->server, "request-started", G_CALLBACK (request_started), NULL);
    }
  soup_server_add_handler (server->server, NULL, server_callback, NULL, NULL);
  soup_server_listen (server->server, address, SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server->server);
  g_assert_nonnull (uris);
  server->url = g_strdup_printf ("https://127.0.0.1:%d/", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return server;
}

static void
tls_server_stop (TlsServer *server)
{
  soup_server_disconnect (server->server);
  g_object_unref (server->server);
  g_free (server->url);
  g_free (server);
}

static GBytes *
request (TlsServer        *server,
         GTlsDatabase     *database,
         GTlsCertificate  *client_certificate,
         GError          **error)
{
  /* No proxy: these requests go to loopback, whatever the desktop's proxy
   * settings say. */
  g_autoptr(SoupSession) session = soup_session_new_with_options ("tls-database", database,
                                                                  "proxy-resolver", NULL,
                                                                  NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", server->url);
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *pending = NULL;
  GBytes *body;

  if (client_certificate != NULL)
    soup_message_set_tls_client_certificate (message, client_certificate);

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  body = soup_session_send_and_read_finish (session, result, error);
  soup_session_abort (session);

  return body;
}

static void
test_tls_handshake (void)
{
  g_autofree char *ca_pem = pki_text ("ca.crt");
  g_autofree char *other_ca_pem = pki_text ("other-ca.crt");
  g_autoptr(GTlsDatabase) right = database_for (ca_pem, NULL, FALSE);
  g_autoptr(GTlsDatabase) wrong = database_for (other_ca_pem, NULL, FALSE);
  g_autoptr(GTlsDatabase) named = database_for (ca_pem, "kubernetes.strata.test", FALSE);
  g_autoptr(GTlsDatabase) misnamed = database_for (ca_pem, "wrong.strata.test", FALSE);
  g_autoptr(GTlsDatabase) insecure = database_for (NULL, NULL, TRUE);
  TlsServer *server = tls_server_start (NULL);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  body = request (server, right, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "anonymous", 9);
  g_bytes_unref (body);

  body = request (server, named, NULL, &error);
  g_assert_no_error (error);
  g_bytes_unref (body);

  body = request (server, insecure, NULL, &error);
  g_assert_no_error (error);
  g_bytes_unref (body);

  body = request (server, wrong, NULL, &error);
  g_assert_null (body);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);

  body = request (server, misnamed, NULL, &error);
  g_assert_null (body);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);

  tls_server_stop (server);
}

/* The client certificate reaches a server that requires one. */
static void
test_tls_client_certificate (void)
{
  g_autofree char *ca_pem = pki_text ("ca.crt");
  g_autoptr(GTlsDatabase) database = database_for (ca_pem, NULL, FALSE);
  g_autoptr(GTlsCertificate) client = load_certificate_with_key ("client");
  g_autoptr(GTlsCertificate) stranger = load_certificate_with_key ("other-client");
  TlsServer *server = tls_server_start (database);
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  GBytes *body;

  body = request (server, database, client, &error);
  g_assert_no_error (error);
  subject = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  assert_contains (subject, "strata-user");
  g_bytes_unref (body);

  /* The server's check runs through our database too: another CA's client
   * is turned away. */
  body = request (server, database, stranger, &error);
  g_assert_null (body);
  g_assert_nonnull (error);
  g_clear_error (&error);

  body = request (server, database, NULL, &error);
  g_assert_null (body);
  g_assert_nonnull (error);

  tls_server_stop (server);
}

/* Status errors */

static GError *
error_from (guint       status,
            const char *content_type,
            const char *body)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;

  return strata_kube_error_new_from_response (status, content_type, bytes,
                                              "apply ConfigMap demo/settings",
                                              "https://10.0.0.1:6443");
}

#define STATUS(code, reason, message) \
  "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\"," \
  "\"message\":\"" message "\",\"reason\":\"" reason "\",\"code\":" #code "}"

static void
test_status_errors (void)
{
  struct {
    guint            http_status;
    const char      *body;
    StrataKubeError  code;
    const char      *reason;
    guint            n_causes;
    const char      *message;
  } cases[] = {
    { 400, STATUS (400, "BadRequest", "the body is not an object"),
      STRATA_KUBE_ERROR_BAD_REQUEST, "BadRequest", 0, "the body is not an object" },
    { 401, STATUS (401, "Unauthorized", "Unauthorized"),
      STRATA_KUBE_ERROR_UNAUTHORIZED, "Unauthorized", 0, "Unauthorized" },
    { 403, STATUS (403, "Forbidden", "configmaps is forbidden: User \\\"bob\\\" cannot patch"),
      STRATA_KUBE_ERROR_FORBIDDEN, "Forbidden", 0, "configmaps is forbidden: User \"bob\" cannot patch" },
    { 404, STATUS (404, "NotFound", "configmaps \\\"settings\\\" not found"),
      STRATA_KUBE_ERROR_NOT_FOUND, "NotFound", 0, "configmaps \"settings\" not found" },
    { 409, STATUS (409, "AlreadyExists", "configmaps \\\"settings\\\" already exists"),
      STRATA_KUBE_ERROR_ALREADY_EXISTS, "AlreadyExists", 0, "already exists" },
    { 409, STATUS (409, "Conflict", "the object has been modified"),
      STRATA_KUBE_ERROR_CONFLICT, "Conflict", 0, "the object has been modified" },
    { 410, STATUS (410, "Expired", "too old resource version: 1 (200)"),
      STRATA_KUBE_ERROR_GONE, "Expired", 0, "too old resource version" },
    { 410, STATUS (410, "Gone", "gone"),
      STRATA_KUBE_ERROR_GONE, "Gone", 0, "gone" },
    { 415, STATUS (415, "UnsupportedMediaType", "the body of the request was in an unknown format"),
      STRATA_KUBE_ERROR_UNSUPPORTED_MEDIA, "UnsupportedMediaType", 0, "unknown format" },
    { 429, STATUS (429, "TooManyRequests", "too many requests"),
      STRATA_KUBE_ERROR_TOO_MANY_REQUESTS, "TooManyRequests", 0, "too many requests" },
    { 500, STATUS (500, "InternalError", "etcd is down"),
      STRATA_KUBE_ERROR_SERVER, "InternalError", 0, "etcd is down" },
    { 503, STATUS (503, "ServiceUnavailable", "the server is currently unable to handle the request"),
      STRATA_KUBE_ERROR_SERVER, "ServiceUnavailable", 0, "unable to handle" },
    { 504, STATUS (504, "Timeout", "the server was unable to return a response in the time allotted"),
      STRATA_KUBE_ERROR_SERVER, "Timeout", 0, "time allotted" },
    /* No reason: the HTTP status decides. */
    { 409, "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"busy\",\"code\":409}",
      STRATA_KUBE_ERROR_CONFLICT, NULL, 0, "busy" },
    /* A reason we have no code for: the HTTP status decides too. */
    { 405, STATUS (405, "MethodNotAllowed", "the server does not allow this method"),
      STRATA_KUBE_ERROR_FAILED, "MethodNotAllowed", 0, "does not allow this method" },
    /* Server-side apply conflicts: the message counts them, the causes
     * say which fields; they are added. */
    { 409, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
           "\"message\":\"Apply failed with 1 conflict: conflict with \\\"kubectl\\\" using v1: .data.key\","
           "\"reason\":\"Conflict\",\"code\":409,\"details\":{\"causes\":["
           "{\"reason\":\"FieldManagerConflict\",\"message\":\"conflict with \\\"kubectl\\\" using v1\",\"field\":\".data.key\"},"
           "{\"reason\":\"FieldManagerConflict\",\"message\":\"conflict with \\\"helm\\\"\",\"field\":\".data.other\"}]}}",
      STRATA_KUBE_ERROR_CONFLICT, "Conflict", 2,
      "Apply failed with 1 conflict: conflict with \"kubectl\" using v1: .data.key; .data.other: conflict with \"helm\"" },
    /* Invalid: the message already quotes its causes; not twice. */
    { 422, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
           "\"message\":\"ConfigMap \\\"Bad\\\" is invalid: metadata.name: Invalid value: \\\"Bad\\\": a lowercase RFC 1123 subdomain\","
           "\"reason\":\"Invalid\",\"code\":422,\"details\":{\"name\":\"Bad\",\"kind\":\"ConfigMap\",\"causes\":["
           "{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: \\\"Bad\\\": a lowercase RFC 1123 subdomain\",\"field\":\"metadata.name\"}]}}",
      STRATA_KUBE_ERROR_INVALID, "Invalid", 1,
      "ConfigMap \"Bad\" is invalid: metadata.name: Invalid value: \"Bad\": a lowercase RFC 1123 subdomain" },
    /* Causes without a message of their own. */
    { 422, "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Invalid\",\"code\":422,"
           "\"details\":{\"causes\":[{\"field\":\"spec.replicas\",\"message\":\"must be greater than or equal to 0\"}]}}",
      STRATA_KUBE_ERROR_INVALID, "Invalid", 1, "spec.replicas: must be greater than or equal to 0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = error_from (cases[i].http_status, "application/json", cases[i].body);
      g_autoptr(GError) copy = NULL;
      g_autofree char *expected = g_strdup_printf ("apply ConfigMap demo/settings on https://10.0.0.1:6443 failed: %s",
                                                   cases[i].message);
      JsonArray *causes;

      g_test_message ("case %u: %s", i, error->message);
      g_assert_error (error, STRATA_KUBE_ERROR, (int)cases[i].code);
      g_assert_cmpuint (strata_kube_error_get_http_status (error), ==, cases[i].http_status);
      g_assert_cmpstr (strata_kube_error_get_reason (error), ==, cases[i].reason);
      g_assert_nonnull (strata_kube_error_get_status (error));
      causes = strata_kube_error_get_causes (error);
      g_assert_cmpuint (causes != NULL ? json_array_get_length (causes) : 0, ==, cases[i].n_causes);
      if (g_str_has_suffix (cases[i].message, "subdomain") || cases[i].n_causes == 2 ||
          cases[i].reason == NULL)
        g_assert_cmpstr (error->message, ==, expected);
      else
        assert_contains (error->message, cases[i].message);
      g_assert_true (g_str_has_prefix (error->message, "apply ConfigMap demo/settings on https://10.0.0.1:6443 failed: "));

      /* Copies keep the details. */
      copy = g_error_copy (error);
      g_assert_cmpstr (strata_kube_error_get_reason (copy), ==, cases[i].reason);
      g_assert_true (strata_kube_error_get_status (copy) == strata_kube_error_get_status (error));
    }
}

static void
test_status_plain_errors (void)
{
  g_autoptr(GError) not_found = error_from (404, "text/plain; charset=utf-8", "404 page not found\n");
  g_autoptr(GError) empty = error_from (502, NULL, NULL);
  g_autoptr(GError) not_status = error_from (400, "application/json", "{\"error\": \"bad\"}");
  g_autoptr(GString) html = g_string_new ("<html><body>");
  g_autoptr(GError) long_body = NULL;
  g_autoptr(GError) no_context = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "other");

  g_assert_error (not_found, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND);
  g_assert_cmpstr (not_found->message, ==,
                   "apply ConfigMap demo/settings on https://10.0.0.1:6443 failed: HTTP 404 Not Found: 404 page not found");
  g_assert_cmpuint (strata_kube_error_get_http_status (not_found), ==, 404);
  g_assert_null (strata_kube_error_get_reason (not_found));
  g_assert_null (strata_kube_error_get_status (not_found));
  g_assert_null (strata_kube_error_get_causes (not_found));

  g_assert_error (empty, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_SERVER);
  assert_contains (empty->message, "HTTP 502 Bad Gateway");

  g_assert_error (not_status, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_BAD_REQUEST);
  assert_contains (not_status->message, "{\"error\": \"bad\"}");

  for (guint i = 0; i < 100; i++)
    g_string_append (html, "<p>Service temporarily unavailable</p>");
  long_body = error_from (503, "text/html", html->str);
  g_assert_error (long_body, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_SERVER);
  g_assert_true (g_str_has_suffix (long_body->message, "…"));
  g_assert_cmpuint (g_utf8_strlen (long_body->message, -1), <, 300);

  no_context = strata_kube_error_new_from_response (403, NULL, NULL, NULL, NULL);
  g_assert_error (no_context, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_FORBIDDEN);
  g_assert_cmpstr (no_context->message, ==, "HTTP 403 Forbidden");

  /* Other domains carry no details. */
  g_assert_cmpuint (strata_kube_error_get_http_status (other), ==, 0);
  g_assert_null (strata_kube_error_get_reason (other));
  g_assert_null (strata_kube_error_get_status (other));
}

/* A Status in a watch stream has no HTTP error of its own. */
static void
test_status_in_stream (void)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) status = json_from_string (STATUS (410, "Expired", "too old resource version: 5 (90)"),
                                                 &parse_error);
  g_autoptr(GError) error = NULL;

  g_assert_no_error (parse_error);
  error = strata_kube_error_new_from_status (status, "watch Pods in demo", "https://10.0.0.1:6443");
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_GONE);
  g_assert_cmpuint (strata_kube_error_get_http_status (error), ==, 410);
  g_assert_cmpstr (strata_kube_error_get_reason (error), ==, "Expired");
  g_assert_cmpstr (error->message, ==,
                   "watch Pods in demo on https://10.0.0.1:6443 failed: too old resource version: 5 (90)");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cwd = g_get_current_dir ();
  int result;

  g_test_init (&argc, &argv, NULL);

  make_pki ();

  g_test_add_func ("/kube/kubeconfig/certificate-authority-data", test_certificate_authority_data);
  g_test_add_func ("/kube/kubeconfig/file-references", test_file_references);
  g_test_add_func ("/kube/kubeconfig/client-certificate-data", test_client_certificate_data);
  g_test_add_func ("/kube/kubeconfig/token", test_token);
  g_test_add_func ("/kube/kubeconfig/token-file", test_token_file);
  g_test_add_func ("/kube/kubeconfig/basic-auth", test_basic_auth);
  g_test_add_func ("/kube/kubeconfig/anonymous", test_anonymous);
  g_test_add_func ("/kube/kubeconfig/cluster-options", test_cluster_options);
  g_test_add_func ("/kube/kubeconfig/insecure-skip-tls-verify", test_insecure);
  g_test_add_func ("/kube/kubeconfig/merge", test_merge);
  g_test_add_func ("/kube/kubeconfig/default-location", test_default_location);
  g_test_add_func ("/kube/kubeconfig/malformed-yaml", test_malformed_yaml);
  g_test_add_func ("/kube/kubeconfig/semantic-errors", test_semantic_errors);
  g_test_add ("/kube/kubeconfig/exec/plugin", ExecFixture, NULL,
              exec_set_up, test_exec_plugin, exec_tear_down);
  g_test_add ("/kube/kubeconfig/exec/expiration", ExecFixture, NULL,
              exec_set_up, test_exec_expiration, exec_tear_down);
  g_test_add ("/kube/kubeconfig/exec/invalidate", ExecFixture, NULL,
              exec_set_up, test_exec_invalidate, exec_tear_down);
  g_test_add ("/kube/kubeconfig/exec/concurrent", ExecFixture, NULL,
              exec_set_up, test_exec_concurrent, exec_tear_down);
  g_test_add ("/kube/kubeconfig/exec/failure", ExecFixture, NULL,
              exec_set_up, test_exec_failure, exec_tear_down);
  g_test_add ("/kube/kubeconfig/exec/client-certificate", ExecFixture, NULL,
              exec_set_up, test_exec_client_certificate, exec_tear_down);
  g_test_add ("/kube/kubeconfig/exec/cancel", ExecFixture, NULL,
              exec_set_up, test_exec_cancel, exec_tear_down);
  g_test_add_func ("/kube/kubeconfig/exec/not-found", test_exec_not_found);
  g_test_add_func ("/kube/kubeconfig/write", test_write);
  g_test_add_func ("/kube/kubeconfig/write-defaults", test_write_defaults);
  g_test_add_func ("/kube/kubeconfig/endpoint-properties", test_endpoint_properties);
  g_test_add_func ("/kube/tls/verify", test_tls_verify);
  g_test_add_func ("/kube/tls/errors", test_tls_errors);
  g_test_add_func ("/kube/tls/handshake", test_tls_handshake);
  g_test_add_func ("/kube/tls/client-certificate", test_tls_client_certificate);
  g_test_add_func ("/kube/error/status", test_status_errors);
  g_test_add_func ("/kube/error/plain", test_status_plain_errors);
  g_test_add_func ("/kube/error/in-stream", test_status_in_stream);

  result = g_test_run ();

  g_assert_cmpint (g_chdir (cwd), ==, 0);
  strata_test_remove_tree (pki);
  g_clear_pointer (&pki, g_free);

  return result;
}
