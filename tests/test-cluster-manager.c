/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cluster manager against a real kube-apiserver: connecting records,
 * every status, uninstall and what history says changed here; the
 * override rules, a failed apply and its retry in
 * cluster-manager/test-cluster-manager-overrides.c. kubectl is the
 * independent witness. */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "strata-cluster-connect.h"
#include "strata-cluster-manager.h"
#include "strata-core.h"
#include "strata-test-apiserver.h"
#include "strata-test-util.h"
#include "test-cluster-manager-private.h"

/* See test-kube-client.c: GCC 12's LeakSanitizer and GnuTLS's TLS. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "intercept_tls_get_addr=0";
}

StrataTestApiserver *server;
static char *home;  /* XDG_DATA_HOME and XDG_CACHE_HOME */


/* Fixture */

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->root = strata_test_make_folder ();
  fixture->profiles = strata_store_new (fixture->root);
  fixture->clusters = strata_cluster_store_new (fixture->profiles);
  fixture->registry = strata_pack_registry_new_builtin ();
  strata_pack_registry_load_async (fixture->registry, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_pack_registry_load_finish (fixture->registry, strata_test_wait (&result), &error));
  g_assert_no_error (error);
  fixture->manager = strata_cluster_manager_new (fixture->clusters, fixture->registry);

  /* Each test starts from a cluster without a release, so that it prunes
   * nothing of the one before. */
  g_free (strata_test_kubectl (server, 0, "delete", "secret", "-n", STRATA_RELEASE_RECORD_NAMESPACE,
                               STRATA_RELEASE_RECORD_NAME, "--ignore-not-found", NULL));
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->manager);
  g_clear_object (&fixture->registry);
  g_clear_object (&fixture->clusters);
  g_clear_object (&fixture->profiles);
  strata_test_remove_tree (fixture->root);
  g_free (fixture->root);
}

/* Profiles */

StrataLayer *
manifest_layer (const char *name,
                const char *namespace_,
                int         priority,
                const char *values,
                const char *manifest)
{
  StrataLayer *layer = strata_layer_new (name, STRATA_LAYER_KIND_MANIFEST);

  strata_layer_set_namespace (layer, namespace_);
  strata_layer_set_priority (layer, priority);
  strata_layer_set_values (layer, values);
  strata_layer_set_manifest (layer, manifest);
  return layer;
}

/* A ConfigMap NAME whose data.replicas comes from the layer's values. */
char *
values_manifest (const char *name)
{
  return g_strdup_printf ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\n"
                          "data: {replicas: '{{ .Values.replicas }}', color: '{{ .Values.color | default \"none\" }}'}\n",
                          name);
}

static void
save_version (Fixture              *fixture,
              StrataProfile        *profile,
              StrataProfileVersion *edited)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  strata_store_save_version_async (fixture->profiles, profile, edited, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_store_save_version_finish (fixture->profiles, strata_test_wait (&result), &error));
  g_assert_no_error (error);
}

/* A profile NAME 1.0.0 with @layers (NULL-terminated, taken). */
StrataProfile *
make_profile (Fixture     *fixture,
              const char  *name,
              StrataLayer *first,
              ...)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataProfileVersion) edited = NULL;
  StrataProfile *profile;
  va_list args;

  strata_store_create_profile_async (fixture->profiles, name, STRATA_PROFILE_TYPE_ADD_ON, NULL, NULL, NULL,
                                     strata_test_async_ready, &result);
  profile = strata_store_create_profile_finish (fixture->profiles, strata_test_wait (&result), &error);
  g_assert_no_error (error);

  edited = strata_profile_version_copy (strata_profile_find_version (profile, "1.0.0"), NULL);
  va_start (args, first);
  for (StrataLayer *layer = first; layer != NULL; layer = va_arg (args, StrataLayer *))
    {
      g_assert_true (strata_profile_version_add_layer (edited, layer, &error));
      g_assert_no_error (error);
      g_object_unref (layer);
    }
  va_end (args);
  save_version (fixture, profile, edited);

  return profile;
}

/* An in-place edit of one layer; @values or @manifest NULL keep theirs. */
void
edit_layer (Fixture       *fixture,
            StrataProfile *profile,
            const char    *layer,
            const char    *values,
            const char    *manifest)
{
  g_autoptr(StrataProfileVersion) edited = strata_profile_version_copy (strata_profile_find_version (profile, "1.0.0"),
                                                                         NULL);
  StrataLayer *item = strata_profile_version_find_layer (edited, layer);

  g_assert_nonnull (item);
  if (values != NULL)
    strata_layer_set_values (item, values);
  if (manifest != NULL)
    strata_layer_set_manifest (item, manifest);
  save_version (fixture, profile, edited);
}

/* An in-place edit that adds a layer. */
void
add_layer_in_place (Fixture       *fixture,
                    StrataProfile *profile,
                    StrataLayer   *layer)
{
  g_autoptr(StrataProfileVersion) edited = strata_profile_version_copy (strata_profile_find_version (profile, "1.0.0"),
                                                                         NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (strata_profile_version_add_layer (edited, layer, &error));
  g_assert_no_error (error);
  g_object_unref (layer);
  save_version (fixture, profile, edited);
}

guint
current_revision (StrataProfile *profile)
{
  return strata_profile_version_get_revision (strata_profile_find_version (profile, "1.0.0"));
}

/* Clusters */

StrataCluster *
add_cluster (Fixture    *fixture,
             const char *name,
             const char *profile)
{
  g_autoptr(StrataCluster) cluster = strata_cluster_new_kubeconfig (name, strata_test_apiserver_get_kubeconfig (server),
                                                                    "strata-test");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  strata_cluster_store_add_async (fixture->clusters, cluster, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_cluster_store_add_finish (fixture->clusters, strata_test_wait (&result), &error));
  g_assert_no_error (error);

  if (profile != NULL)
    {
      g_autoptr(StrataCluster) edited = strata_cluster_copy (cluster);

      g_assert_true (strata_cluster_store_attach_profile (fixture->clusters, edited, profile, "1.0.0", NULL, &error));
      g_assert_no_error (error);
      strata_cluster_store_save_async (fixture->clusters, edited, NULL, strata_test_async_ready, &result);
      g_assert_true (strata_cluster_store_save_finish (fixture->clusters, strata_test_wait (&result), &error));
      g_assert_no_error (error);
    }

  return cluster;  /* the store holds it */
}

void
set_override (Fixture       *fixture,
              StrataCluster *cluster,
              const char    *layer,
              const char    *values)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  strata_cluster_manager_save_override_async (fixture->manager, cluster, layer, values, NULL,
                                              strata_test_async_ready, &result);
  g_assert_true (strata_cluster_manager_save_override_finish (fixture->manager, strata_test_wait (&result), &error));
  g_assert_no_error (error);
}

StrataClusterCheck *
check (Fixture       *fixture,
       StrataCluster *cluster)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataClusterCheck *found;

  strata_cluster_manager_check_async (fixture->manager, cluster, NULL, strata_test_async_ready, &result);
  found = strata_cluster_manager_check_finish (fixture->manager, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  g_test_message ("%s: %s — %s", strata_cluster_get_name (cluster), strata_cluster_check_get_label (found),
                  strata_cluster_check_get_reason (found));

  /* The record shows the status too. */
  g_assert_cmpint (strata_cluster_get_status (cluster), ==, strata_cluster_check_get_status (found));
  g_assert_cmpstr (strata_cluster_get_status_reason (cluster), ==, strata_cluster_check_get_reason (found));
  return found;
}

void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not mention “%s”", text, part);
}

void
assert_status (Fixture             *fixture,
               StrataCluster       *cluster,
               StrataClusterStatus  status,
               const char          *mentions)
{
  g_autoptr(StrataClusterCheck) found = check (fixture, cluster);

  g_assert_cmpstr (strata_cluster_status_to_string (strata_cluster_check_get_status (found)), ==,
                   strata_cluster_status_to_string (status));
  if (mentions != NULL)
    assert_contains (strata_cluster_check_get_reason (found), mentions);
}

StrataClusterPlan *
plan (Fixture                *fixture,
      StrataCluster          *cluster,
      StrataClusterPlanFlags  flags)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataClusterPlan *made;

  strata_cluster_manager_plan_async (fixture->manager, cluster, flags, NULL, strata_test_async_ready, &result);
  made = strata_cluster_manager_plan_finish (fixture->manager, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  return made;
}

gboolean
apply_plan (Fixture              *fixture,
            StrataClusterPlan    *made,
            StrataReleaseRecord **record,
            GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_cluster_manager_apply_async (fixture->manager, made, NULL, strata_test_async_ready, &result);
  return strata_cluster_manager_apply_finish (fixture->manager, strata_test_wait (&result), record, error);
}

StrataReleaseRecord *
plan_and_apply (Fixture                *fixture,
                StrataCluster          *cluster,
                StrataClusterPlanFlags  flags)
{
  g_autoptr(StrataClusterPlan) made = plan (fixture, cluster, flags);
  g_autoptr(GError) error = NULL;
  StrataReleaseRecord *record = NULL;

  g_assert_true (apply_plan (fixture, made, &record, &error));
  g_assert_no_error (error);
  return record;
}

char *
kubectl_data (const char *namespace_,
              const char *name,
              const char *key)
{
  g_autofree char *path = g_strdup_printf ("jsonpath={.data.%s}", key);

  return strata_test_kubectl (server, 0, "get", "configmap", "-n", namespace_, name, "-o", path, NULL);
}

gboolean
kubectl_exists (const char *namespace_,
                const char *kind,
                const char *name)
{
  g_autofree char *out = namespace_
    ? strata_test_kubectl (server, 0, "get", kind, "-n", namespace_, name, "--ignore-not-found", "-o", "name", NULL)
    : strata_test_kubectl (server, 0, "get", kind, name, "--ignore-not-found", "-o", "name", NULL);

  return *out != '\0';
}

/* The cluster record as the disk has it, read by a store of its own. */
char *
stored_override (Fixture    *fixture,
                 const char *cluster,
                 const char *layer)
{
  g_autoptr(StrataStore) profiles = strata_store_new (fixture->root);
  g_autoptr(StrataClusterStore) clusters = strata_cluster_store_new (profiles);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataCluster *found;

  strata_cluster_store_load_async (clusters, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_cluster_store_load_finish (clusters, strata_test_wait (&result), &error));
  found = strata_cluster_store_find_cluster (clusters, cluster);
  g_assert_nonnull (found);
  return g_strdup (strata_cluster_get_override (found, layer));
}

/* Connecting */

static void
test_connect (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(StrataCluster) missing = strata_cluster_new_kubeconfig ("gone", "/nonexistent/kubeconfig", "x");
  g_autoptr(StrataCluster) sandbox = strata_cluster_new_sandbox ("sandbox");
  g_autoptr(StrataCluster) eks = strata_cluster_new_eks ("prod", "arn:aws:eks:eu-west-1:111122223333:cluster/prod",
                                                         "eu-west-1");
  g_autoptr(StrataKubeClient) client = NULL;
  g_autoptr(JsonNode) version = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sandbox_kubeconfig = strata_cluster_dup_sandbox_kubeconfig_path ();
  g_autofree char *sandbox_folder = g_path_get_dirname (sandbox_kubeconfig);
  g_autofree char *text = NULL;

  g_assert_true (g_str_has_prefix (sandbox_kubeconfig, home));
  g_assert_null (strata_cluster_connect (missing, &error));
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG);
  assert_contains (error->message, "“gone”");
  g_clear_error (&error);

  g_assert_null (strata_cluster_connect (eks, &error));
  assert_contains (error->message, "EKS clusters need the AWS support");
  g_clear_error (&error);

  /* The sandbox connects through the kubeconfig it leaves while it runs. */
  g_assert_null (strata_cluster_connect (sandbox, &error));
  g_assert_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONNECTION);
  assert_contains (error->message, "not running");
  g_clear_error (&error);
  assert_status (fixture, sandbox, STRATA_CLUSTER_STATUS_UNREACHABLE, "not running");

  g_assert_cmpint (g_mkdir_with_parents (sandbox_folder, 0700), ==, 0);
  g_assert_true (g_file_get_contents (strata_test_apiserver_get_kubeconfig (server), &text, NULL, NULL));
  g_assert_true (g_file_set_contents (sandbox_kubeconfig, text, -1, NULL));
  client = strata_cluster_connect (sandbox, &error);
  g_assert_no_error (error);
  strata_kube_client_get_version_async (client, NULL, strata_test_async_ready, &result);
  version = strata_kube_client_get_version_finish (client, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (version);
  g_assert_cmpint (g_unlink (sandbox_kubeconfig), ==, 0);
}

/* Status */

static void
test_status (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *manifest = values_manifest ("status-config");
  StrataProfile *profile = make_profile (fixture, "status",
                                         manifest_layer ("web", "cm-status", 10, "replicas: 1\n", manifest), NULL);
  StrataCluster *bare = add_cluster (fixture, "bare", NULL);
  StrataCluster *cluster = add_cluster (fixture, "status", "status");
  g_autoptr(StrataReleaseRecord) record = NULL;
  g_autoptr(StrataReleaseRecord) again = NULL;
  g_autoptr(StrataClusterCheck) drifted = NULL;
  g_autofree char *edited_kubeconfig = NULL;

  assert_status (fixture, bare, STRATA_CLUSTER_STATUS_RUNNING, "no profile attached");

  /* Attached, never applied: Palette shows it as needing the profile. */
  assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE, "no release yet");

  record = plan_and_apply (fixture, cluster, STRATA_CLUSTER_PLAN_DEFAULT);
  assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_RUNNING, "release");

  /* Someone edits a live object. */
  g_free (strata_test_kubectl (server, 0, "patch", "configmap", "-n", "cm-status", "status-config",
                               "--type", "merge", "-p", "{\"data\":{\"replicas\":\"9\"}}", NULL));
  drifted = check (fixture, cluster);
  g_assert_cmpint (strata_cluster_check_get_status (drifted), ==, STRATA_CLUSTER_STATUS_DRIFTED);
  assert_contains (strata_cluster_check_get_reason (drifted), "ConfigMap cm-status/status-config");
  g_assert_cmpuint (g_list_model_get_n_items (strata_cluster_check_get_drift (drifted)), ==, 1);

  /* Applying again puts it back. */
  again = plan_and_apply (fixture, cluster, STRATA_CLUSTER_PLAN_DEFAULT);
  assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_RUNNING, NULL);

  /* A damaged release record is an error, and an apply replaces it. */
  g_free (strata_test_kubectl (server, 0, "patch", "secret", "-n", STRATA_RELEASE_RECORD_NAMESPACE,
                               STRATA_RELEASE_RECORD_NAME, "--type", "merge", "-p",
                               "{\"data\":{\"inventory\":\"bm90IGpzb24=\"}}", NULL));
  assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_ERROR, "damaged");
  g_clear_object (&again);
  again = plan_and_apply (fixture, cluster, STRATA_CLUSTER_PLAN_DEFAULT);
  assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_RUNNING, NULL);

  /* An in-place edit of the version attached is a pending update. */
  edit_layer (fixture, profile, "web", "replicas: 2\n", NULL);
  assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE, "edited in place");

  /* A layer that does not render is an error that names it. */
  edit_layer (fixture, profile, "web", NULL, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ nosuch }}}\n");
  assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_ERROR, "nosuch");

  /* A kubeconfig that no longer exists: an error, not a connection problem. */
  edited_kubeconfig = g_build_filename (fixture->root, "moved-away", NULL);
  {
    g_autoptr(StrataCluster) moved = strata_cluster_new_kubeconfig ("moved", edited_kubeconfig, "strata-test");

    assert_status (fixture, moved, STRATA_CLUSTER_STATUS_ERROR, "moved-away");
  }
}

/* Unreachable: refused, TLS, timeout */

static char *
kubeconfig_with (Fixture    *fixture,
                 const char *name,
                 const char *server_url,
                 const char *ca_data)
{
  g_autofree char *path = g_build_filename (fixture->root, name, NULL);
  g_autofree char *text = g_strdup_printf ("apiVersion: v1\nkind: Config\n"
                                           "clusters: [{name: c, cluster: {server: '%s', certificate-authority-data: %s}}]\n"
                                           "users: [{name: u, user: {token: strata-test-token}}]\n"
                                           "contexts: [{name: x, context: {cluster: c, user: u}}]\n"
                                           "current-context: x\n", server_url, ca_data);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_steal_pointer (&path);
}

/* A self-signed CA made for this test (base64 of its PEM): no server
 * certificate is signed by it. */
static const char other_ca_data[] =
  "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJsVENDQVR1Z0F3SUJBZ0lVTml3cEZ1QS9kSjJQcDhwVG5sNzR5aHNw"
  "alpjd0NnWUlLb1pJemowRUF3SXcKSHpFZE1Cc0dBMVVFQXd3VWMzUnlZWFJoTFhSbGMzUXRiM1JvWlhJdFkyRXdJQmNOTWpZ"
  "eE1USTRNREkwTWpRdwpXaGdQTWpFeU5qRXhNRFF3TWpReU5EQmFNQjh4SFRBYkJnTlZCQU1NRkhOMGNtRjBZUzEwWlhOMExX"
  "OTBhR1Z5CkxXTmhNRmt3RXdZSEtvWkl6ajBDQVFZSUtvWkl6ajBEQVFjRFFnQUVhZ0NkTnNQUmkzUFBYUDlnT2J4VDE2WnEK"
  "MkxNU3FHVW91dHFEbkdRb1pna1NvSTJlZDVZSXBJeUx2T3hEdjFzUEJIL3BYRkk0QWkyeW8wWXpqOUd5enFOVApNRkV3SFFZ"
  "RFZSME9CQllFRkxQOWlTMXpTUGgxMnp5WTdPU0xuSkZPYnArU01COEdBMVVkSXdRWU1CYUFGTFA5CmlTMXpTUGgxMnp5WTdP"
  "U0xuSkZPYnArU01BOEdBMVVkRXdFQi93UUZNQU1CQWY4d0NnWUlLb1pJemowRUF3SUQKU0FBd1JRSWhBTVZsakJBa0c4Mldo"
  "TTRBVzVIbzJpc2ZmTmg5Yk5wZUVYbnB2Y2Izd3ZMY0FpQndiVm1HK2pzYgpBbGdVQmphLzdwd3FUZlBGS1hFRzdRdGtGVzVz"
  "dEl0a2RRPT0KLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=";

static char *
server_url (void)
{
  g_autofree char *out = strata_test_kubectl (server, 0, "config", "view", "--minify", "-o",
                                              "jsonpath={.clusters[0].cluster.server}", NULL);

  return g_steal_pointer (&out);
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSocketListener) silent = g_socket_listener_new ();
  g_autoptr(GSocketListener) closed = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = server_url ();
  g_autofree char *refused_url = NULL;
  g_autofree char *silent_url = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *untrusted = NULL;
  g_autofree char *hanging = NULL;
  guint16 port;

  /* A port that was free a moment ago refuses connections. */
  port = g_socket_listener_add_any_inet_port (closed, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (closed);
  refused_url = g_strdup_printf ("https://127.0.0.1:%u", port);
  refused = kubeconfig_with (fixture, "refused", refused_url, other_ca_data);

  /* A server that accepts and never answers. */
  port = g_socket_listener_add_any_inet_port (silent, NULL, &error);
  g_assert_no_error (error);
  silent_url = g_strdup_printf ("https://127.0.0.1:%u", port);
  hanging = kubeconfig_with (fixture, "hanging", silent_url, other_ca_data);

  {
    g_autoptr(StrataCluster) cluster = strata_cluster_new_kubeconfig ("refused", refused, "x");

    assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_UNREACHABLE, "refused");
  }

  {
    g_autoptr(StrataCluster) cluster = NULL;

    untrusted = kubeconfig_with (fixture, "untrusted", url, other_ca_data);
    cluster = strata_cluster_new_kubeconfig ("untrusted", untrusted, "x");
    assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_UNREACHABLE, "certificate");
  }

  {
    g_autoptr(StrataCluster) cluster = strata_cluster_new_kubeconfig ("hanging", hanging, "x");

    strata_cluster_manager_set_timeout (fixture->manager, 1);
    assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_UNREACHABLE, "no answer within 1 second");
  }
}

/* Uninstall */

static void
on_object_deleted (StrataClusterManager *manager,
                   JsonNode             *entry,
                   gpointer              user_data)
{
  (*(guint *)user_data)++;
}

static void
test_uninstall (Fixture       *fixture,
                gconstpointer  data)
{
  const char *manifest =
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: cm-gone}\n"
    "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\ndata: {a: b}\n"
    "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: strata-test-gone}\n"
    "rules: [{apiGroups: [''], resources: [configmaps], verbs: [get]}]\n";
  G_GNUC_UNUSED StrataProfile *profile = make_profile (fixture, "going",
                                                       manifest_layer ("all", "cm-gone", 10, NULL, manifest), NULL);
  StrataCluster *cluster = add_cluster (fixture, "going", "going");
  g_autoptr(StrataReleaseRecord) record = plan_and_apply (fixture, cluster, STRATA_CLUSTER_PLAN_DEFAULT);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secrets = NULL;
  g_autofree char *phase = NULL;
  guint n_deleted = 0, n_signalled = 0;

  g_assert_true (kubectl_exists ("cm-gone", "configmap", "one"));
  g_signal_connect (fixture->manager, "object-deleted", G_CALLBACK (on_object_deleted), &n_signalled);
  strata_cluster_manager_uninstall_async (fixture->manager, cluster, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_cluster_manager_uninstall_finish (fixture->manager, strata_test_wait (&result), &n_deleted,
                                                          &error));
  g_assert_no_error (error);

  g_assert_cmpuint (n_deleted, ==, 3);
  g_assert_cmpuint (n_signalled, ==, 3);
  g_assert_false (kubectl_exists ("cm-gone", "configmap", "one"));
  g_assert_false (kubectl_exists (NULL, "clusterrole", "strata-test-gone"));
  /* A bare kube-apiserver has no namespace controller to finish it. */
  phase = strata_test_kubectl (server, 0, "get", "namespace", "cm-gone", "--ignore-not-found", "-o",
                               "jsonpath={.status.phase}", NULL);
  g_assert_true (*phase == '\0' || g_str_equal (phase, "Terminating"));
  secrets = strata_test_kubectl (server, 0, "get", "secrets", "-n", STRATA_RELEASE_RECORD_NAMESPACE, "-l",
                                 "strata.io/release", "-o", "name", NULL);
  g_assert_cmpstr (secrets, ==, "");

  /* Nothing applied any more: uninstalling again is no error. */
  strata_cluster_manager_uninstall_async (fixture->manager, cluster, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_cluster_manager_uninstall_finish (fixture->manager, strata_test_wait (&result), &n_deleted,
                                                          &error));
  g_assert_cmpuint (n_deleted, ==, 0);
  assert_status (fixture, cluster, STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE, "no release yet");
}

/* What history says changed */

static StrataReleaseRecord *
record_of (const char *version,
           guint       revision,
           const char *layer_values,
           gboolean    with_cost)
{
  g_autoptr(StrataRenderedSet) set = strata_rendered_set_new ("hist", version, revision);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) web = json_from_string ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                                              "\"metadata\":{\"name\":\"web\",\"namespace\":\"h\"}}", &error);
  g_autoptr(JsonNode) cost = json_from_string ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                                               "\"metadata\":{\"name\":\"cost\",\"namespace\":\"c\"}}", &error);
  StrataReleaseRecord *record;

  strata_rendered_layer_add_object (strata_rendered_set_add_layer (set, "web", STRATA_LAYER_KIND_MANIFEST, 10, "h",
                                                                   layer_values), web);
  if (with_cost)
    strata_rendered_layer_add_object (strata_rendered_set_add_layer (set, "cost", STRATA_LAYER_KIND_PACK, 5, "c",
                                                                     "x: 1\n"), cost);

  record = strata_release_record_new_from_set (set);
  strata_release_record_add_object (record, "web", web);
  if (with_cost)
    strata_release_record_add_object (record, "cost", cost);
  return record;
}

static void
test_describe_release (void)
{
  g_autoptr(StrataReleaseRecord) first = record_of ("1.0.0", 1, "replicas: 1\n", FALSE);
  g_autoptr(StrataReleaseRecord) upgraded = record_of ("1.1.0", 1, "replicas: 1\n", TRUE);
  g_autoptr(StrataReleaseRecord) rolled_back = record_of ("1.0.0", 1, "replicas: 1\n", FALSE);
  g_autoptr(StrataReleaseRecord) overridden = record_of ("1.0.0", 1, "replicas: 2\n", FALSE);
  g_autoptr(StrataReleaseRecord) edited = record_of ("1.0.0", 2, "replicas: 3\n", FALSE);
  g_autoptr(StrataReleaseRecord) again = record_of ("1.0.0", 2, "replicas: 3\n", FALSE);
  g_autofree char *text = NULL;

  text = strata_cluster_manager_describe_release (first, NULL);
  g_assert_cmpstr (text, ==, "first release: 1 object");
  g_free (text);
  text = strata_cluster_manager_describe_release (upgraded, first);
  g_assert_cmpstr (text, ==, "upgrade 1.0.0 → 1.1.0; layer cost added; 1 object added");
  g_free (text);
  text = strata_cluster_manager_describe_release (rolled_back, upgraded);
  g_assert_cmpstr (text, ==, "rollback 1.1.0 → 1.0.0; layer cost removed; 1 object pruned");
  g_free (text);
  text = strata_cluster_manager_describe_release (overridden, rolled_back);
  g_assert_cmpstr (text, ==, "values of web changed");
  g_free (text);
  text = strata_cluster_manager_describe_release (edited, overridden);
  g_assert_cmpstr (text, ==, "in-place update: revision 1 → 2; values of web changed");
  g_free (text);
  text = strata_cluster_manager_describe_release (again, edited);
  g_assert_cmpstr (text, ==, "applied again, nothing changed");
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* Before anything asks GLib for them: where the sandbox leaves its
   * kubeconfig, and discovery caches. */
  home = strata_test_make_folder ();
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kube/cluster-manager/describe-release", test_describe_release);
#define ADD(path, func) g_test_add ("/kube/cluster-manager/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("connect", test_connect);
  ADD ("status", test_status);
  ADD ("unreachable", test_unreachable);
  ADD ("uninstall", test_uninstall);
#undef ADD
  test_cluster_manager_add_override_tests ();

  server = strata_test_apiserver_start ();
  status = g_test_run ();
  strata_test_apiserver_stop (server);

  strata_test_remove_tree (home);
  g_free (home);
  return status;
}
