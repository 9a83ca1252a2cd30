/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "strata-atomic-file.h"
#include "strata-core.h"
#include "strata-test-util.h"

typedef struct
{
  char        *root;
  StrataStore *store;
} Fixture;

static void
load (StrataStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  strata_store_load_async (store, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_store_load_finish (store, strata_test_wait (&result), &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->root = strata_test_make_folder ();
  fixture->store = strata_store_new (fixture->root);
  load (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  strata_test_remove_tree (fixture->root);
  g_clear_pointer (&fixture->root, g_free);
}

static StrataStore *
reopen (Fixture *fixture)
{
  StrataStore *store = strata_store_new (fixture->root);

  load (store);
  return store;
}

static StrataProfile *
create_profile (StrataStore  *store,
                const char   *name,
                const char   *version,
                GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_store_create_profile_async (store, name, STRATA_PROFILE_TYPE_ADD_ON, "a test profile",
                                     version, NULL, strata_test_async_ready, &result);
  return strata_store_create_profile_finish (store, strata_test_wait (&result), error);
}

static StrataProfileVersion *
create_version (StrataStore    *store,
                StrataProfile  *profile,
                const char     *from,
                const char     *version,
                GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_store_create_version_async (store, profile, from, version,
                                     NULL, strata_test_async_ready, &result);
  return strata_store_create_version_finish (store, strata_test_wait (&result), error);
}

static gboolean
save_version (StrataStore           *store,
              StrataProfile         *profile,
              StrataProfileVersion  *edited,
              GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_store_save_version_async (store, profile, edited, NULL, strata_test_async_ready, &result);
  return strata_store_save_version_finish (store, strata_test_wait (&result), error);
}

static GListModel *
list_history (StrataStore   *store,
              StrataProfile *profile,
              const char    *version)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *history;

  strata_store_list_history_async (store, profile, version, NULL, strata_test_async_ready, &result);
  history = strata_store_list_history_finish (store, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  return history;
}

static gboolean
restore_revision (StrataStore    *store,
                  StrataProfile  *profile,
                  const char     *version,
                  guint           revision,
                  GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_store_restore_revision_async (store, profile, version, revision,
                                       NULL, strata_test_async_ready, &result);
  return strata_store_restore_revision_finish (store, strata_test_wait (&result), error);
}

static gboolean
delete_version (StrataStore    *store,
                StrataProfile  *profile,
                const char     *version,
                GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_store_delete_version_async (store, profile, version, NULL, strata_test_async_ready, &result);
  return strata_store_delete_version_finish (store, strata_test_wait (&result), error);
}

static gboolean
delete_profile (StrataStore    *store,
                StrataProfile  *profile,
                GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_store_delete_profile_async (store, profile, NULL, strata_test_async_ready, &result);
  return strata_store_delete_profile_finish (store, strata_test_wait (&result), error);
}

/* Adds (or replaces the text of) a manifest layer in place. */
static gboolean
edit_layer (StrataStore    *store,
            StrataProfile  *profile,
            const char     *version,
            const char     *layer_name,
            const char     *manifest,
            GError        **error)
{
  StrataProfileVersion *stored = strata_profile_find_version (profile, version);
  g_autoptr(StrataProfileVersion) edited = strata_profile_version_copy (stored, NULL);
  StrataLayer *layer = strata_profile_version_find_layer (edited, layer_name);

  if (layer == NULL)
    {
      g_autoptr(StrataLayer) added = strata_layer_new (layer_name, STRATA_LAYER_KIND_MANIFEST);

      strata_layer_set_namespace (added, "demo");
      g_assert_true (strata_profile_version_add_layer (edited, added, NULL));
      layer = added;
    }
  strata_layer_set_manifest (layer, manifest);

  return save_version (store, profile, edited, error);
}

static char *
file_in (Fixture    *fixture,
         const char *relative)
{
  return g_build_filename (fixture->root, "profiles", relative, NULL);
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

static const char *
layer_manifest (StrataProfileVersion *version,
                const char           *name)
{
  StrataLayer *layer = strata_profile_version_find_layer (version, name);

  g_assert_nonnull (layer);
  return strata_layer_get_manifest (layer);
}

static void
test_create_defaults (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(StrataProfile) profile = NULL;
  g_autoptr(StrataStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version_file = file_in (fixture, "web/1.0.0.yaml");
  g_autofree char *profile_file = file_in (fixture, "web/profile.yaml");
  StrataProfile *reloaded;

  profile = create_profile (fixture->store, "web", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (strata_profile_version_get_version (strata_profile_get_latest_version (profile)), ==, "1.0.0");
  g_assert_cmpuint (g_list_model_get_n_items (strata_store_get_profiles (fixture->store)), ==, 1);
  g_assert_true (g_file_test (version_file, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (profile_file, G_FILE_TEST_IS_REGULAR));

  again = reopen (fixture);
  reloaded = strata_store_find_profile (again, "web");
  g_assert_nonnull (reloaded);
  g_assert_cmpstr (strata_profile_get_description (reloaded), ==, "a test profile");
  g_assert_cmpuint (g_list_model_get_n_items (strata_profile_get_versions (reloaded)), ==, 1);
  g_assert_cmpuint (strata_store_get_problems (again)->len, ==, 0);
}

static void
test_bad_names (Fixture       *fixture,
                gconstpointer  data)
{
  static const char *bad[] = { "", "Web", "web_app", "-web", "web-", "web.app", "wéb",
                               "a123456789012345678901234567890123456789012345678901234567890123" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataProfile) profile = create_profile (fixture->store, bad[i], NULL, &error);

      g_assert_null (profile);
      g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_NAME);
    }

  g_assert_cmpuint (g_list_model_get_n_items (strata_store_get_profiles (fixture->store)), ==, 0);
  g_assert_true (strata_validate_dns_label ("a", "name", NULL));
  g_assert_true (strata_validate_dns_label ("web-2", "name", NULL));
}

static void
test_bad_first_version (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataProfile) profile = create_profile (fixture->store, "web", "1.2", &error);

  g_assert_null (profile);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_VERSION);
  g_assert_cmpuint (g_list_model_get_n_items (strata_store_get_profiles (fixture->store)), ==, 0);
}

static void
test_duplicate_profile (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(StrataProfile) first = create_profile (fixture->store, "web", NULL, NULL);
  g_autoptr(StrataProfile) second = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (first);
  second = create_profile (fixture->store, "web", "2.0.0", &error);
  g_assert_null (second);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE);
  g_assert_cmpuint (g_list_model_get_n_items (strata_profile_get_versions (first)), ==, 1);
}

static void
test_new_version_copies_layers (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(StrataProfile) profile = create_profile (fixture->store, "web", NULL, NULL);
  g_autoptr(StrataProfileVersion) created = NULL;
  g_autoptr(StrataStore) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (edit_layer (fixture->store, profile, "1.0.0", "app", "kind: ConfigMap\n", &error));
  g_assert_true (edit_layer (fixture->store, profile, "1.0.0", "db", "kind: Secret\n", &error));
  g_assert_no_error (error);

  created = create_version (fixture->store, profile, "1.0.0", "1.1.0", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (strata_profile_version_get_layers (created)), ==, 2);
  g_assert_cmpstr (layer_manifest (created, "db"), ==, "kind: Secret\n");
  g_assert_cmpuint (strata_profile_version_get_revision (created), ==, 0);
  g_assert_true (strata_profile_get_latest_version (profile) == created);

  /* The copy is independent of its source. */
  g_assert_true (edit_layer (fixture->store, profile, "1.1.0", "db", "kind: ConfigMap\n", &error));
  g_assert_cmpstr (layer_manifest (strata_profile_find_version (profile, "1.0.0"), "db"), ==, "kind: Secret\n");

  again = reopen (fixture);
  g_assert_cmpstr (layer_manifest (strata_profile_find_version (strata_store_find_profile (again, "web"), "1.1.0"), "db"),
                   ==, "kind: ConfigMap\n");
}

static void
test_version_rules (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(StrataProfile) profile = create_profile (fixture->store, "web", NULL, NULL);
  static const char *order[] = { "1.0.0", "1.9.0", "1.10.0", "2.0.0-rc.1", "2.0.0" };
  GListModel *versions = strata_profile_get_versions (profile);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataProfileVersion) duplicate = create_version (fixture->store, profile, "1.0.0", "1.0.0", &error);

      g_assert_null (duplicate);
      g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(StrataProfileVersion) bad = create_version (fixture->store, profile, "1.0.0", "v1.1", &error);

    g_assert_null (bad);
    g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_VERSION);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(StrataProfileVersion) orphan = create_version (fixture->store, profile, "9.9.9", "3.0.0", &error);

    g_assert_null (orphan);
    g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);
  }

  /* Created out of order, listed by precedence. */
  for (guint i = G_N_ELEMENTS (order) - 1; i > 0; i--)
    {
      g_autoptr(StrataProfileVersion) created = create_version (fixture->store, profile, "1.0.0", order[i], NULL);
      g_assert_nonnull (created);
    }

  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr(StrataProfileVersion) item = g_list_model_get_item (versions, i);
      g_assert_cmpstr (strata_profile_version_get_version (item), ==, order[i]);
    }
}

static void
test_history_and_restore (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(StrataProfile) profile = create_profile (fixture->store, "web", NULL, NULL);
  g_autoptr(GListModel) history = NULL;
  g_autoptr(GListModel) after_restore = NULL;
  g_autoptr(StrataProfileVersion) first = NULL;
  g_autoptr(StrataProfileVersion) second = NULL;
  g_autoptr(StrataStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = file_in (fixture, "web/history/1.0.0/1.yaml");
  g_autofree char *kept_before = NULL;
  StrataProfileVersion *version = strata_profile_find_version (profile, "1.0.0");

  g_assert_true (edit_layer (fixture->store, profile, "1.0.0", "app", "replicas: 1\n", &error));
  g_assert_true (edit_layer (fixture->store, profile, "1.0.0", "app", "replicas: 2\n", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strata_profile_version_get_revision (version), ==, 2);

  /* Unchanged content is not a new revision. */
  {
    g_autoptr(StrataProfileVersion) same = strata_profile_version_copy (version, NULL);
    g_assert_true (save_version (fixture->store, profile, same, &error));
    g_assert_cmpuint (strata_profile_version_get_revision (version), ==, 2);
  }

  history = list_history (fixture->store, profile, "1.0.0");
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 2);
  first = g_list_model_get_item (history, 0);
  second = g_list_model_get_item (history, 1);
  g_assert_cmpuint (strata_profile_version_get_revision (first), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (strata_profile_version_get_layers (first)), ==, 0);
  g_assert_cmpuint (strata_profile_version_get_revision (second), ==, 1);
  g_assert_cmpstr (layer_manifest (second, "app"), ==, "replicas: 1\n");

  kept_before = read_file (kept);
  g_assert_true (restore_revision (fixture->store, profile, "1.0.0", 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strata_profile_version_get_revision (version), ==, 3);
  g_assert_cmpstr (layer_manifest (version, "app"), ==, "replicas: 1\n");

  /* Restoring kept the state it replaced, and revisions never change. */
  after_restore = list_history (fixture->store, profile, "1.0.0");
  g_assert_cmpuint (g_list_model_get_n_items (after_restore), ==, 3);
  {
    g_autoptr(StrataProfileVersion) replaced = g_list_model_get_item (after_restore, 2);
    g_autofree char *kept_after = read_file (kept);

    g_assert_cmpstr (layer_manifest (replaced, "app"), ==, "replicas: 2\n");
    g_assert_cmpstr (kept_before, ==, kept_after);
  }

  g_assert_false (restore_revision (fixture->store, profile, "1.0.0", 7, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND);

  again = reopen (fixture);
  version = strata_profile_find_version (strata_store_find_profile (again, "web"), "1.0.0");
  g_assert_cmpuint (strata_profile_version_get_revision (version), ==, 3);
  g_assert_cmpstr (layer_manifest (version, "app"), ==, "replicas: 1\n");
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(StrataProfile) profile = create_profile (fixture->store, "web", NULL, NULL);
  g_autoptr(StrataProfileVersion) created = create_version (fixture->store, profile, "1.0.0", "1.1.0", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept_folder = file_in (fixture, "web/history/1.1.0");
  g_autofree char *old_file = file_in (fixture, "web/1.0.0.yaml");
  g_autofree char *new_file = file_in (fixture, "web/1.1.0.yaml");
  g_autofree char *folder = file_in (fixture, "web");

  g_assert_true (edit_layer (fixture->store, profile, "1.1.0", "app", "a: 1\n", &error));
  g_assert_true (g_file_test (kept_folder, G_FILE_TEST_IS_DIR));

  g_assert_true (delete_version (fixture->store, profile, "1.1.0", &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (new_file, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (kept_folder, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (old_file, G_FILE_TEST_EXISTS));
  g_assert_null (strata_profile_find_version (profile, "1.1.0"));
  g_assert_nonnull (strata_profile_find_version (profile, "1.0.0"));

  /* The last version goes with its profile, not alone. */
  g_assert_false (delete_version (fixture->store, profile, "1.0.0", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID);
  g_assert_true (g_file_test (old_file, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (delete_profile (fixture->store, profile, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (strata_store_get_profiles (fixture->store)), ==, 0);
}

static void
test_corrupt_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(StrataProfile) profile = create_profile (fixture->store, "web", NULL, NULL);
  g_autoptr(StrataProfileVersion) created = create_version (fixture->store, profile, "1.0.0", "1.1.0", NULL);
  g_autoptr(StrataProfile) other = create_profile (fixture->store, "db", NULL, NULL);
  g_autoptr(StrataStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *damaged = file_in (fixture, "web/1.1.0.yaml");
  g_autofree char *damaged_profile = file_in (fixture, "db/profile.yaml");
  g_autofree char *after = NULL;
  const char *garbage = "kind: ProfileVersion\nversion: 1.1.0\nlayers:\n  - name: app\n   kind: [oops\n";
  StrataProfile *web;
  GPtrArray *problems;
  gboolean saw_line = FALSE;

  g_assert_true (g_file_set_contents (damaged, garbage, -1, NULL));
  g_assert_true (g_file_set_contents (damaged_profile, "name: db\n: :\n", -1, NULL));

  again = reopen (fixture);
  problems = strata_store_get_problems (again);
  g_assert_cmpuint (problems->len, ==, 2);
  for (guint i = 0; i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);

      g_assert_true (strstr (problem->message, damaged) != NULL ||
                     strstr (problem->message, damaged_profile) != NULL);
      if (strstr (problem->message, damaged) != NULL)
        saw_line = strstr (problem->message, "line 5") != NULL;
    }
  g_assert_true (saw_line);

  /* The rest still loads; the damaged parts are left out, not replaced. */
  web = strata_store_find_profile (again, "web");
  g_assert_nonnull (web);
  g_assert_null (strata_store_find_profile (again, "db"));
  g_assert_nonnull (strata_profile_find_version (web, "1.0.0"));
  g_assert_null (strata_profile_find_version (web, "1.1.0"));

  {
    g_autoptr(StrataProfileVersion) over = create_version (again, web, "1.0.0", "1.1.0", &error);

    g_assert_null (over);
    g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE);
    g_clear_error (&error);
  }
  {
    g_autoptr(StrataProfile) over = create_profile (again, "db", NULL, &error);

    g_assert_null (over);
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  after = read_file (damaged);
  g_assert_cmpstr (after, ==, garbage);
  g_clear_pointer (&after, g_free);
  after = read_file (damaged_profile);
  g_assert_cmpstr (after, ==, "name: db\n: :\n");
}

static gboolean
has_temporary_beside (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (".", base, ".", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      return TRUE;

  return FALSE;
}

static void
test_interrupted_write (void)
{
  g_autofree char *root = NULL;
  g_autoptr(StrataStore) store = NULL;
  g_autoptr(StrataProfile) profile = NULL;
  g_autoptr(StrataStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  StrataProfileVersion *version;

  if (g_test_subprocess ())
    {
      /* Dies after the new contents are durable in a temporary file and
       * before the rename that would publish them. */
      root = g_strdup (g_getenv ("STRATA_TEST_CRASH_ROOT"));
      store = strata_store_new (root);
      load (store);
      path = g_build_filename (root, "profiles", "web", "1.0.0.yaml", NULL);
      _strata_atomic_file_set_crash_before_rename (path);
      edit_layer (store, strata_store_find_profile (store, "web"), "1.0.0", "app", "replicas: 9\n", NULL);
      g_assert_not_reached ();
    }

  root = strata_test_make_folder ();
  store = strata_store_new (root);
  load (store);
  profile = create_profile (store, "web", NULL, NULL);
  g_assert_true (edit_layer (store, profile, "1.0.0", "app", "replicas: 1\n", &error));
  path = g_build_filename (root, "profiles", "web", "1.0.0.yaml", NULL);
  before = read_file (path);

  g_setenv ("STRATA_TEST_CRASH_ROOT", root, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("STRATA_TEST_CRASH_ROOT");
  g_test_trap_assert_failed ();

  /* The crash happened where intended: the new contents sit in a temporary. */
  g_assert_true (has_temporary_beside (path));
  after = read_file (path);
  g_assert_cmpstr (before, ==, after);

  again = strata_store_new (root);
  load (again);
  g_assert_cmpuint (strata_store_get_problems (again)->len, ==, 0);
  version = strata_profile_find_version (strata_store_find_profile (again, "web"), "1.0.0");
  g_assert_cmpstr (layer_manifest (version, "app"), ==, "replicas: 1\n");

  /* The next save works as if nothing had happened. */
  g_assert_true (edit_layer (again, strata_store_find_profile (again, "web"), "1.0.0", "app", "replicas: 3\n", &error));
  g_assert_no_error (error);

  strata_test_remove_tree (root);
}

static void
test_layer_rules (void)
{
  g_autoptr(StrataProfileVersion) version = strata_profile_version_new ("1.0.0");
  g_autoptr(StrataLayer) a = strata_layer_new ("a", STRATA_LAYER_KIND_PACK);
  g_autoptr(StrataLayer) b = strata_layer_new ("b", STRATA_LAYER_KIND_HELM);
  g_autoptr(StrataLayer) c = strata_layer_new ("c", STRATA_LAYER_KIND_MANIFEST);
  g_autoptr(StrataLayer) again = strata_layer_new ("a", STRATA_LAYER_KIND_MANIFEST);
  g_autoptr(StrataLayer) first = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *layers = strata_profile_version_get_layers (version);

  strata_layer_set_priority (a, 20);
  strata_layer_set_priority (b, 10);
  strata_layer_set_priority (c, 20);
  g_assert_true (strata_profile_version_add_layer (version, a, NULL));
  g_assert_true (strata_profile_version_add_layer (version, b, NULL));
  g_assert_true (strata_profile_version_add_layer (version, c, NULL));
  g_assert_false (strata_profile_version_add_layer (version, again, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* Install order: priority, then the order they were added. */
  first = g_list_model_get_item (layers, 0);
  g_assert_true (first == b);
  g_assert_false (strata_profile_version_rename_layer (version, c, "a", &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE);

  strata_layer_set_priority (b, 30);
  strata_profile_version_sort_layers (version);
  g_clear_object (&first);
  first = g_list_model_get_item (layers, 0);
  g_assert_true (first == a);
}

static void
test_default_root (void)
{
  g_autoptr(StrataStore) store = NULL;

  g_setenv ("STRATA_DATA_DIR", "/tmp/strata-elsewhere", TRUE);
  store = strata_store_new_default ();
  g_assert_cmpstr (strata_store_get_root (store), ==, "/tmp/strata-elsewhere");
  g_unsetenv ("STRATA_DATA_DIR");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/core/store/create-defaults", test_create_defaults);
  ADD ("/core/store/bad-names", test_bad_names);
  ADD ("/core/store/bad-first-version", test_bad_first_version);
  ADD ("/core/store/duplicate-profile", test_duplicate_profile);
  ADD ("/core/store/new-version-copies-layers", test_new_version_copies_layers);
  ADD ("/core/store/version-rules", test_version_rules);
  ADD ("/core/store/history-and-restore", test_history_and_restore);
  ADD ("/core/store/delete", test_delete);
  ADD ("/core/store/corrupt-file", test_corrupt_file);
#undef ADD
  g_test_add_func ("/core/profile-version/layer-rules", test_layer_rules);
  g_test_add_func ("/core/store/default-root", test_default_root);
  g_test_add_func ("/core/store/interrupted-write", test_interrupted_write);

  return g_test_run ();
}
