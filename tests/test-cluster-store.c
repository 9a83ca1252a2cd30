/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cluster records: their rules, and the store that keeps them on disk. */

#include "config.h"

#include <glib/gstdio.h>

#include "strata-atomic-file.h"
#include "strata-cluster-store.h"
#include "strata-core.h"
#include "strata-test-util.h"

typedef struct
{
  char               *root;
  StrataStore        *profiles;
  StrataClusterStore *store;
} Fixture;

static void
load (StrataClusterStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  strata_store_load_async (strata_cluster_store_get_profile_store (store), NULL,
                           strata_test_async_ready, &result);
  g_assert_true (strata_store_load_finish (strata_cluster_store_get_profile_store (store),
                                           strata_test_wait (&result), &error));
  g_assert_no_error (error);

  strata_cluster_store_load_async (store, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_cluster_store_load_finish (store, strata_test_wait (&result), &error));
  g_assert_no_error (error);
}

static StrataClusterStore *
open_store (const char *root)
{
  g_autoptr(StrataStore) profiles = strata_store_new (root);
  StrataClusterStore *store = strata_cluster_store_new (profiles);

  load (store);
  return store;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->root = strata_test_make_folder ();
  fixture->store = open_store (fixture->root);
  fixture->profiles = g_object_ref (strata_cluster_store_get_profile_store (fixture->store));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->profiles);
  strata_test_remove_tree (fixture->root);
  g_clear_pointer (&fixture->root, g_free);
}

static gboolean
add (StrataClusterStore  *store,
     StrataCluster       *cluster,
     GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_cluster_store_add_async (store, cluster, NULL, strata_test_async_ready, &result);
  return strata_cluster_store_add_finish (store, strata_test_wait (&result), error);
}

static gboolean
save (StrataClusterStore  *store,
      StrataCluster       *edited,
      GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_cluster_store_save_async (store, edited, NULL, strata_test_async_ready, &result);
  return strata_cluster_store_save_finish (store, strata_test_wait (&result), error);
}

static gboolean
remove_cluster (StrataClusterStore  *store,
                StrataCluster       *cluster,
                GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_cluster_store_remove_async (store, cluster, NULL, strata_test_async_ready, &result);
  return strata_cluster_store_remove_finish (store, strata_test_wait (&result), error);
}

static StrataCluster *
add_kubeconfig_cluster (Fixture    *fixture,
                        const char *name)
{
  g_autoptr(StrataCluster) cluster = strata_cluster_new_kubeconfig (name, "/etc/strata-test/config", "dev");
  g_autoptr(GError) error = NULL;

  g_assert_true (add (fixture->store, cluster, &error));
  g_assert_no_error (error);
  return strata_cluster_store_find_cluster (fixture->store, name);
}

/* Profile "web": 1.0.0 with layers ui and db, 1.1.0 with ui only. */
static void
make_profile (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(StrataProfile) profile = NULL;
  g_autoptr(StrataProfileVersion) created = NULL;
  g_autoptr(StrataProfileVersion) edited = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "ui", "db" };

  strata_store_create_profile_async (fixture->profiles, "web", STRATA_PROFILE_TYPE_ADD_ON, NULL, NULL,
                                     NULL, strata_test_async_ready, &result);
  profile = strata_store_create_profile_finish (fixture->profiles, strata_test_wait (&result), &error);
  g_assert_no_error (error);

  strata_store_create_version_async (fixture->profiles, profile, "1.0.0", "1.1.0",
                                     NULL, strata_test_async_ready, &result);
  created = strata_store_create_version_finish (fixture->profiles, strata_test_wait (&result), &error);
  g_assert_no_error (error);

  edited = strata_profile_version_copy (strata_profile_find_version (profile, "1.0.0"), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(StrataLayer) layer = strata_layer_new (names[i], STRATA_LAYER_KIND_PACK);

      strata_layer_set_values (layer, "replicas: 1\n");
      g_assert_true (strata_profile_version_add_layer (edited, layer, NULL));
    }
  strata_store_save_version_async (fixture->profiles, profile, edited, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_store_save_version_finish (fixture->profiles, strata_test_wait (&result), &error));

  g_clear_object (&edited);
  edited = strata_profile_version_copy (created, NULL);
  {
    g_autoptr(StrataLayer) layer = strata_layer_new ("ui", STRATA_LAYER_KIND_PACK);

    g_assert_true (strata_profile_version_add_layer (edited, layer, NULL));
  }
  strata_store_save_version_async (fixture->profiles, profile, edited, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_store_save_version_finish (fixture->profiles, strata_test_wait (&result), &error));
  g_assert_no_error (error);
}

static char *
cluster_file (Fixture    *fixture,
              const char *name)
{
  g_autofree char *file = g_strconcat (name, ".yaml", NULL);

  return g_build_filename (fixture->root, "clusters", file, NULL);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
assert_tags (StrataCluster *cluster,
             const char    *expected)
{
  g_autofree char *joined = g_strjoinv (",", (char **)strata_cluster_get_tags (cluster));

  g_assert_cmpstr (joined, ==, expected);
}

/* Names */

static void
test_names (Fixture       *fixture,
            gconstpointer  data)
{
  const char *bad[] = { "", "Web", "web_1", "-web", "web-", "we b",
                        "a123456789012345678901234567890123456789012345678901234567890123" };
  g_autofree char *folder = g_build_filename (fixture->root, "clusters", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(StrataCluster) cluster = strata_cluster_new_sandbox (bad[i]);
      g_autoptr(GError) error = NULL;

      g_assert_false (add (fixture->store, cluster, &error));
      g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_NAME);
      g_assert_nonnull (strstr (error->message, "cluster name"));
    }

  g_assert_cmpuint (g_list_model_get_n_items (strata_cluster_store_get_clusters (fixture->store)), ==, 0);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

static void
test_duplicates (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(StrataCluster) again = strata_cluster_new_sandbox ("web");
  g_autoptr(StrataCluster) behind = strata_cluster_new_sandbox ("db");
  g_autoptr(StrataClusterStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_kubeconfig_cluster (fixture, "web");
  path = cluster_file (fixture, "web");
  before = read_file (path);

  g_assert_false (add (fixture->store, again, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* A store loaded before "db" was added: its model lacks it, but the disk
   * still says no. */
  other = open_store (fixture->root);
  g_assert_true (add (fixture->store, behind, &error));
  {
    g_autoptr(StrataCluster) twin = strata_cluster_new_sandbox ("db");

    g_assert_false (add (other, twin, &error));
  }
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "already exists on disk"));

  after = read_file (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_eks_and_kubeconfig_sources (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(StrataCluster) good = strata_cluster_new_eks ("prod", "arn:aws:eks:eu-west-1:123456789012:cluster/prod", "eu-west-1");
  g_autoptr(StrataCluster) not_arn = strata_cluster_new_eks ("a", "prod", "eu-west-1");
  g_autoptr(StrataCluster) other_region = strata_cluster_new_eks ("b", "arn:aws:eks:us-east-1:123456789012:cluster/b", "eu-west-1");
  g_autoptr(StrataCluster) relative = strata_cluster_new_kubeconfig ("c", "config", "dev");
  g_autoptr(StrataCluster) no_context = strata_cluster_new_kubeconfig ("d", "/etc/config", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (strata_cluster_validate (good, &error));
  g_assert_false (strata_cluster_validate (not_arn, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "arn:aws:eks:REGION"));
  g_clear_error (&error);
  g_assert_false (strata_cluster_validate (other_region, &error));
  g_assert_nonnull (strstr (error->message, "us-east-1"));
  g_clear_error (&error);
  g_assert_false (add (fixture->store, relative, &error));
  g_assert_nonnull (strstr (error->message, "absolute path"));
  g_clear_error (&error);
  g_assert_false (add (fixture->store, no_context, &error));
  g_assert_nonnull (strstr (error->message, "context"));
  g_clear_error (&error);

  g_assert_true (add (fixture->store, good, &error));
  g_assert_no_error (error);
}

/* Tags */

static void
test_tag_normalisation (void)
{
  const struct { const char *in, *out; } good[] = {
    { "team", "team" },
    { "  Env : Prod ", "env:Prod" },
    { "SERVICE:hello-universe-frontend", "service:hello-universe-frontend" },
    { "url:https://example.com", "url:https://example.com" },
    { "Émoji:✓", "émoji:✓" },
  };
  const char *bad[] = { "", "   ", ":prod", "env:", "two words", "a,b", "-team", "+team", "tab\tkey", NULL };
  const char *mixed[] = { "b", "Env:prod", "env:prod ", "a", "b", NULL };
  g_autoptr(StrataCluster) cluster = strata_cluster_new_sandbox ("web");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *normalized = strata_cluster_normalize_tag (good[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, good[i].out);
    }

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autofree char *normalized = strata_cluster_normalize_tag (bad[i], &error);

      g_assert_null (normalized);
      g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID);
      g_clear_error (&error);
    }

  /* Sorted, without duplicates once normalised. */
  g_assert_true (strata_cluster_set_tags (cluster, mixed, &error));
  assert_tags (cluster, "a,b,env:prod");
  g_assert_true (strata_cluster_add_tag (cluster, "ENV:prod", &error));
  assert_tags (cluster, "a,b,env:prod");

  /* One bad tag leaves the tags as they were. */
  g_assert_false (strata_cluster_add_tag (cluster, "env:", &error));
  g_assert_nonnull (strstr (error->message, "empty value"));
  assert_tags (cluster, "a,b,env:prod");
}

static void
test_tag_filter (void)
{
  g_autoptr(StrataCluster) frontend = strata_cluster_new_sandbox ("frontend");
  g_autoptr(StrataCluster) backend = strata_cluster_new_sandbox ("backend");
  g_autoptr(StrataCluster) bare = strata_cluster_new_sandbox ("bare");
  const char *frontend_tags[] = { "service:hello-universe-frontend", "env:prod", "team", NULL };
  const char *backend_tags[] = { "service:hello-universe-api", "env:production", "environment:dev", NULL };
  const char *bare_tags[] = { "env", NULL };
  const char *empty[] = { NULL };
  const char *by_key[] = { "env", NULL };
  const char *by_value[] = { "env:prod", NULL };
  const char *both[] = { "service", "env:prod", NULL };
  const char *all_three[] = { "service", "env:prod", "team", NULL };
  const char *missing[] = { "env:prod", "team:x", NULL };
  const char *shouting[] = { "SERVICE:hello-universe-frontend", NULL };
  const char *invalid[] = { "env:", NULL };
  const char *prefix[] = { "environ", NULL };

  g_assert_true (strata_cluster_set_tags (frontend, frontend_tags, NULL));
  g_assert_true (strata_cluster_set_tags (backend, backend_tags, NULL));
  g_assert_true (strata_cluster_set_tags (bare, bare_tags, NULL));

  g_assert_true (strata_cluster_matches_tags (frontend, NULL));
  g_assert_true (strata_cluster_matches_tags (frontend, empty));

  /* "key" selects the bare tag and every value of the key, and nothing that
   * merely starts with it. */
  g_assert_true (strata_cluster_matches_tags (frontend, by_key));
  g_assert_true (strata_cluster_matches_tags (backend, by_key));
  g_assert_true (strata_cluster_matches_tags (bare, by_key));
  g_assert_false (strata_cluster_matches_tags (backend, prefix));

  /* "key:value" selects exactly that value. */
  g_assert_true (strata_cluster_matches_tags (frontend, by_value));
  g_assert_false (strata_cluster_matches_tags (backend, by_value));
  g_assert_false (strata_cluster_matches_tags (bare, by_value));

  /* Every filter must hold. */
  g_assert_true (strata_cluster_matches_tags (frontend, both));
  g_assert_false (strata_cluster_matches_tags (backend, both));
  g_assert_true (strata_cluster_matches_tags (frontend, all_three));
  g_assert_false (strata_cluster_matches_tags (frontend, missing));

  g_assert_true (strata_cluster_matches_tags (frontend, shouting));
  g_assert_false (strata_cluster_matches_tags (frontend, invalid));

  /* Removing follows the same rule as filtering. */
  g_assert_true (strata_cluster_remove_tag (backend, "env"));
  assert_tags (backend, "environment:dev,service:hello-universe-api");
  g_assert_false (strata_cluster_remove_tag (backend, "service:other"));
  g_assert_true (strata_cluster_remove_tag (backend, "Service:hello-universe-api"));
  assert_tags (backend, "environment:dev");
}

/* Records on disk */

static void
on_overrides_changed (StrataCluster *cluster,
                      const char    *layer,
                      GPtrArray     *seen)
{
  g_ptr_array_add (seen, g_strdup (layer ? layer : "(several)"));
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(StrataCluster) eks = strata_cluster_new_eks ("prod", "arn:aws:eks:eu-west-1:123456789012:cluster/prod", "eu-west-1");
  g_autoptr(StrataCluster) sandbox = strata_cluster_new_sandbox ("demo");
  g_autoptr(StrataCluster) edited = NULL;
  g_autoptr(StrataClusterStore) again = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *values = "# two for the demo\nreplicas: 2   # not 1\n\nimage:\n  tag: \"1.2\"\n";
  const char *tags[] = { "env:prod", "team", NULL };
  StrataCluster *web, *loaded;
  GListModel *clusters;
  GDateTime *created;

  make_profile (fixture);
  web = add_kubeconfig_cluster (fixture, "web");
  g_assert_true (add (fixture->store, eks, &error));
  g_assert_true (add (fixture->store, sandbox, &error));
  created = strata_cluster_get_created_at (web);

  g_signal_connect (web, "overrides-changed", G_CALLBACK (on_overrides_changed), seen);
  edited = strata_cluster_copy (web);
  g_assert_true (strata_cluster_set_tags (edited, tags, &error));
  g_assert_true (strata_cluster_store_attach_profile (fixture->store, edited, "web", "1.0.0", NULL, &error));
  g_assert_true (strata_cluster_store_set_override (fixture->store, edited, "ui", values, &error));
  g_assert_no_error (error);

  /* The stored record shows what is on disk, not the unsaved copy. */
  g_assert_null (strata_cluster_get_profile_name (web));
  g_assert_cmpuint (seen->len, ==, 0);
  g_assert_true (save (fixture->store, edited, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (strata_cluster_get_profile_version (web), ==, "1.0.0");
  g_assert_cmpuint (seen->len, ==, 1);

  strata_cluster_set_status (web, STRATA_CLUSTER_STATUS_UNREACHABLE, "connection refused");

  again = open_store (fixture->root);
  g_assert_cmpuint (strata_cluster_store_get_problems (again)->len, ==, 0);
  clusters = strata_cluster_store_get_clusters (again);
  g_assert_cmpuint (g_list_model_get_n_items (clusters), ==, 3);
  {
    g_autoptr(StrataCluster) first = g_list_model_get_item (clusters, 0);
    g_autoptr(StrataCluster) last = g_list_model_get_item (clusters, 2);

    g_assert_cmpstr (strata_cluster_get_name (first), ==, "demo");
    g_assert_cmpint (strata_cluster_get_source (first), ==, STRATA_CLUSTER_SOURCE_SANDBOX);
    g_assert_cmpstr (strata_cluster_get_name (last), ==, "web");
  }

  loaded = strata_cluster_store_find_cluster (again, "web");
  g_assert_cmpint (strata_cluster_get_source (loaded), ==, STRATA_CLUSTER_SOURCE_KUBECONFIG);
  g_assert_cmpstr (strata_cluster_get_kubeconfig_path (loaded), ==, "/etc/strata-test/config");
  g_assert_cmpstr (strata_cluster_get_kubeconfig_context (loaded), ==, "dev");
  assert_tags (loaded, "env:prod,team");
  g_assert_cmpstr (strata_cluster_get_profile_name (loaded), ==, "web");
  g_assert_cmpstr (strata_cluster_get_profile_version (loaded), ==, "1.0.0");
  g_assert_cmpstr (strata_cluster_get_override (loaded, "ui"), ==, values);
  g_assert_true (g_date_time_equal (strata_cluster_get_created_at (loaded), created));
  /* Status is what the cluster says now, never what a file said. */
  g_assert_cmpint (strata_cluster_get_status (loaded), ==, STRATA_CLUSTER_STATUS_UNKNOWN);
  g_assert_null (strata_cluster_get_status_reason (loaded));

  loaded = strata_cluster_store_find_cluster (again, "prod");
  g_assert_cmpstr (strata_cluster_get_eks_arn (loaded), ==, "arn:aws:eks:eu-west-1:123456789012:cluster/prod");
  g_assert_cmpstr (strata_cluster_get_eks_region (loaded), ==, "eu-west-1");
  g_assert_cmpstr (strata_cluster_status_to_string (STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE), ==, "updates-available");
}

static void
test_attach (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(StrataCluster) edited = NULL;
  g_auto(GStrv) dropped = NULL;
  g_autoptr(GError) error = NULL;
  StrataCluster *web;

  make_profile (fixture);
  web = add_kubeconfig_cluster (fixture, "web");
  edited = strata_cluster_copy (web);

  g_assert_false (strata_cluster_store_attach_profile (fixture->store, edited, "nope", "1.0.0", NULL, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (strata_cluster_store_attach_profile (fixture->store, edited, "web", "2.0.0", NULL, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "1.0.0, 1.1.0"));
  g_clear_error (&error);
  g_assert_false (strata_cluster_store_attach_profile (fixture->store, edited, "web", "v1", NULL, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_VERSION);
  g_clear_error (&error);
  g_assert_null (strata_cluster_get_profile_name (edited));

  g_assert_true (strata_cluster_store_attach_profile (fixture->store, edited, "web", "1.0.0", &dropped, &error));
  g_assert_cmpuint (g_strv_length (dropped), ==, 0);
  g_clear_pointer (&dropped, g_strfreev);
  g_assert_true (strata_cluster_store_set_override (fixture->store, edited, "ui", "replicas: 2\n", &error));
  g_assert_true (strata_cluster_store_set_override (fixture->store, edited, "db", "size: 5Gi\n", &error));

  /* 1.1.0 has no db layer, so its override goes, and the caller is told. */
  g_assert_true (strata_cluster_store_attach_profile (fixture->store, edited, "web", "1.1.0", &dropped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (dropped), ==, 1);
  g_assert_cmpstr (dropped[0], ==, "db");
  g_assert_cmpstr (strata_cluster_get_override (edited, "ui"), ==, "replicas: 2\n");
  g_assert_null (strata_cluster_get_override (edited, "db"));
  g_assert_true (save (fixture->store, edited, &error));
  g_assert_cmpstr (strata_cluster_get_profile_version (web), ==, "1.1.0");
}

static void
test_override_rules (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(StrataCluster) edited = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) layers = NULL;
  StrataCluster *web;

  make_profile (fixture);
  web = add_kubeconfig_cluster (fixture, "web");
  edited = strata_cluster_copy (web);
  g_signal_connect (edited, "overrides-changed", G_CALLBACK (on_overrides_changed), seen);

  g_assert_false (strata_cluster_store_set_override (fixture->store, edited, "ui", "replicas: 2\n", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no profile attached"));
  g_clear_error (&error);

  g_assert_true (strata_cluster_store_attach_profile (fixture->store, edited, "web", "1.0.0", NULL, &error));

  g_assert_false (strata_cluster_store_set_override (fixture->store, edited, "ui", "replicas: 2\nimage: [a,\n", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_clear_error (&error);
  g_assert_false (strata_cluster_store_set_override (fixture->store, edited, "ui", "- replicas\n", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "mapping"));
  g_clear_error (&error);
  g_assert_false (strata_cluster_store_set_override (fixture->store, edited, "ui", "a: 1\n---\nb: 2\n", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_false (strata_cluster_store_set_override (fixture->store, edited, "cache", "a: 1\n", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "ui, db"));
  g_clear_error (&error);
  g_assert_cmpuint (seen->len, ==, 0);

  g_assert_true (strata_cluster_store_set_override (fixture->store, edited, "ui", "replicas: 2\n", &error));
  g_assert_true (strata_cluster_store_set_override (fixture->store, edited, "db", "", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "ui");
  layers = strata_cluster_list_overrides (edited);
  g_assert_cmpuint (g_strv_length (layers), ==, 2);
  g_assert_cmpstr (layers[0], ==, "db");

  g_assert_true (strata_cluster_store_set_override (fixture->store, edited, "db", NULL, &error));
  g_assert_false (strata_cluster_store_set_override (fixture->store, edited, "db", NULL, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Clearing works even for a layer the version no longer has. */
  strata_cluster_set_override (edited, "gone", "a: 1\n");
  g_assert_true (strata_cluster_store_set_override (fixture->store, edited, "gone", NULL, &error));
  g_assert_no_error (error);
}

static void
test_damaged_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(StrataClusterStore) again = NULL;
  g_autoptr(StrataCluster) web = strata_cluster_new_sandbox ("web");
  g_autoptr(StrataCluster) misnamed = strata_cluster_new_sandbox ("db");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cluster_file (fixture, "web");
  g_autofree char *wrong_kind = cluster_file (fixture, "api");
  g_autofree char *other_name = cluster_file (fixture, "cache");
  g_autofree char *after = NULL;
  const char *garbage = "kind: Cluster\nname: web\ntags:\n  - env:prod\n   - team: [oops\n";
  GPtrArray *problems;
  gboolean saw_line = FALSE;

  add_kubeconfig_cluster (fixture, "ok");
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  g_assert_true (g_file_set_contents (wrong_kind, "kind: Profile\nname: api\n", -1, NULL));
  g_assert_true (g_file_set_contents (other_name, "kind: Cluster\nname: db\nsource: {type: sandbox}\n", -1, NULL));

  again = open_store (fixture->root);
  problems = strata_cluster_store_get_problems (again);
  g_assert_cmpuint (problems->len, ==, 3);
  for (guint i = 0; i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);

      if (strstr (problem->message, path) != NULL)
        saw_line = strstr (problem->message, "line 5") != NULL;
      else if (strstr (problem->message, wrong_kind) != NULL)
        g_assert_nonnull (strstr (problem->message, "kind"));
      else
        g_assert_nonnull (strstr (problem->message, "file name says “cache”"));
    }
  g_assert_true (saw_line);

  /* The rest loads; the damaged records are left out, not replaced. */
  g_assert_cmpuint (g_list_model_get_n_items (strata_cluster_store_get_clusters (again)), ==, 1);
  g_assert_false (add (again, web, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "will not overwrite"));
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  after = read_file (path);
  g_assert_cmpstr (after, ==, garbage);
  g_assert_true (add (again, misnamed, &error));
  g_assert_no_error (error);
}

static void
test_profile_in_use (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *user = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "b-cluster", "a-cluster" };
  const char *versions[] = { "1.1.0", "1.0.0" };

  make_profile (fixture);
  add_kubeconfig_cluster (fixture, "idle");
  g_assert_false (strata_cluster_store_profile_in_use (fixture->store, "web", NULL, &user));
  g_assert_null (user);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(StrataCluster) edited = strata_cluster_copy (add_kubeconfig_cluster (fixture, names[i]));

      g_assert_true (strata_cluster_store_attach_profile (fixture->store, edited, "web", versions[i], NULL, &error));
      g_assert_true (save (fixture->store, edited, &error));
      g_assert_no_error (error);
    }

  g_assert_true (strata_cluster_store_profile_in_use (fixture->store, "web", NULL, &user));
  g_assert_cmpstr (user, ==, "a-cluster");
  g_clear_pointer (&user, g_free);
  g_assert_true (strata_cluster_store_profile_in_use (fixture->store, "web", "1.1.0", &user));
  g_assert_cmpstr (user, ==, "b-cluster");
  g_clear_pointer (&user, g_free);
  g_assert_false (strata_cluster_store_profile_in_use (fixture->store, "web", "2.0.0", NULL));
  g_assert_false (strata_cluster_store_profile_in_use (fixture->store, "other", NULL, NULL));

  /* Detached or removed clusters no longer hold the profile. */
  {
    g_autoptr(StrataCluster) edited = strata_cluster_copy (strata_cluster_store_find_cluster (fixture->store, "a-cluster"));

    strata_cluster_set_profile (edited, NULL, NULL);
    g_assert_true (save (fixture->store, edited, &error));
  }
  g_assert_false (strata_cluster_store_profile_in_use (fixture->store, "web", "1.0.0", NULL));
  g_assert_true (remove_cluster (fixture->store, strata_cluster_store_find_cluster (fixture->store, "b-cluster"), &error));
  g_assert_no_error (error);
  g_assert_false (strata_cluster_store_profile_in_use (fixture->store, "web", NULL, NULL));
}

static gboolean
delete_profile (StrataStore  *profiles,
                const char   *version,
                GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  StrataProfile *profile = strata_store_find_profile (profiles, "web");

  if (version != NULL)
    {
      strata_store_delete_version_async (profiles, profile, version, NULL, strata_test_async_ready, &result);
      return strata_store_delete_version_finish (profiles, strata_test_wait (&result), error);
    }

  strata_store_delete_profile_async (profiles, profile, NULL, strata_test_async_ready, &result);
  return strata_store_delete_profile_finish (profiles, strata_test_wait (&result), error);
}

/* The profile store asks the cluster store before deleting. */
static void
test_delete_profile_in_use (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(StrataCluster) edited = NULL;
  g_autoptr(GError) error = NULL;

  make_profile (fixture);
  edited = strata_cluster_copy (add_kubeconfig_cluster (fixture, "prod"));
  g_assert_true (strata_cluster_store_attach_profile (fixture->store, edited, "web", "1.0.0", NULL, &error));
  g_assert_true (save (fixture->store, edited, &error));

  g_assert_false (delete_profile (fixture->profiles, NULL, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "“prod”"));
  g_clear_error (&error);
  g_assert_false (delete_profile (fixture->profiles, "1.0.0", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_IN_USE);
  g_clear_error (&error);
  g_assert_nonnull (strata_store_find_profile (fixture->profiles, "web"));

  /* A version no cluster uses can go; so can the profile once detached. */
  g_assert_true (delete_profile (fixture->profiles, "1.1.0", &error));
  g_assert_no_error (error);
  strata_cluster_set_profile (edited, NULL, NULL);
  g_assert_true (save (fixture->store, edited, &error));
  g_assert_true (delete_profile (fixture->profiles, NULL, &error));
  g_assert_no_error (error);
}

static void
test_save_and_remove (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(StrataCluster) stranger = strata_cluster_new_sandbox ("stranger");
  g_autoptr(StrataClusterStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cluster_file (fixture, "web");
  StrataCluster *web = add_kubeconfig_cluster (fixture, "web");
  GListModel *clusters = strata_cluster_store_get_clusters (fixture->store);

  g_assert_false (save (fixture->store, stranger, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (remove_cluster (fixture->store, stranger, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Saving the stored object itself works as well as a working copy. */
  g_assert_true (strata_cluster_add_tag (web, "team", NULL));
  g_assert_true (save (fixture->store, web, &error));
  g_assert_no_error (error);

  g_assert_true (remove_cluster (fixture->store, web, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (clusters), ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  again = open_store (fixture->root);
  g_assert_cmpuint (g_list_model_get_n_items (strata_cluster_store_get_clusters (again)), ==, 0);
}

static void
test_interrupted_write (void)
{
  g_autofree char *root = NULL;
  g_autoptr(StrataClusterStore) store = NULL;
  g_autoptr(StrataClusterStore) again = NULL;
  g_autoptr(StrataCluster) web = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (g_test_subprocess ())
    {
      root = g_strdup (g_getenv ("STRATA_TEST_CRASH_ROOT"));
      store = open_store (root);
      path = g_build_filename (root, "clusters", "web.yaml", NULL);
      _strata_atomic_file_set_crash_before_rename (path);
      g_assert_true (strata_cluster_add_tag (strata_cluster_store_find_cluster (store, "web"), "crash", NULL));
      save (store, strata_cluster_store_find_cluster (store, "web"), NULL);
      g_assert_not_reached ();
    }

  root = strata_test_make_folder ();
  store = open_store (root);
  web = strata_cluster_new_sandbox ("web");
  g_assert_true (add (store, web, &error));
  path = g_build_filename (root, "clusters", "web.yaml", NULL);
  before = read_file (path);

  g_setenv ("STRATA_TEST_CRASH_ROOT", root, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("STRATA_TEST_CRASH_ROOT");
  g_test_trap_assert_failed ();

  /* The old record is intact and the temporary beside it is no record. */
  after = read_file (path);
  g_assert_cmpstr (before, ==, after);
  again = open_store (root);
  g_assert_cmpuint (strata_cluster_store_get_problems (again)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (strata_cluster_store_get_clusters (again)), ==, 1);
  assert_tags (strata_cluster_store_find_cluster (again, "web"), "");

  strata_test_remove_tree (root);
}

static void
test_default_root (void)
{
  g_autoptr(StrataStore) profiles = NULL;
  g_autoptr(StrataClusterStore) store = NULL;

  g_setenv ("STRATA_DATA_DIR", "/tmp/strata-elsewhere", TRUE);
  profiles = strata_store_new_default ();
  store = strata_cluster_store_new (profiles);
  g_assert_cmpstr (strata_cluster_store_get_root (store), ==, "/tmp/strata-elsewhere");
  g_assert_true (strata_cluster_store_get_profile_store (store) == profiles);
  g_unsetenv ("STRATA_DATA_DIR");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/core/cluster-store/names", test_names);
  ADD ("/core/cluster-store/duplicates", test_duplicates);
  ADD ("/core/cluster-store/sources", test_eks_and_kubeconfig_sources);
  ADD ("/core/cluster-store/round-trip", test_round_trip);
  ADD ("/core/cluster-store/attach", test_attach);
  ADD ("/core/cluster-store/override-rules", test_override_rules);
  ADD ("/core/cluster-store/damaged-file", test_damaged_file);
  ADD ("/core/cluster-store/profile-in-use", test_profile_in_use);
  ADD ("/core/cluster-store/save-and-remove", test_save_and_remove);
  ADD ("/core/cluster-store/delete-profile-in-use", test_delete_profile_in_use);
#undef ADD
  g_test_add_func ("/core/cluster/tag-normalisation", test_tag_normalisation);
  g_test_add_func ("/core/cluster/tag-filter", test_tag_filter);
  g_test_add_func ("/core/cluster-store/interrupted-write", test_interrupted_write);
  g_test_add_func ("/core/cluster-store/default-root", test_default_root);

  return g_test_run ();
}
