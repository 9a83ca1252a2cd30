/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EKS clusters as Strata records, against tests/aws/fake-aws: import with
 * tags, create and delete with their lifecycles, force delete, tags pushed
 * back, AWS errors; and a fake EKS cluster whose endpoint is the Strata
 * sandbox, reached with Strata's own EKS token (refreshed after a 401). */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "strata-aws-eks-clusters.h"
#include "strata-aws-eks-token.h"
#include "strata-aws-eks.h"
#include "strata-aws-error.h"
#include "strata-cluster-manager.h"
#include "strata-core.h"
#include "strata-kube-client.h"
#include "strata-test-util.h"
#include "test-aws-eks-private.h"

StrataTestFakeAws *fake;
char *sandbox_url;
char *sandbox_kubeconfig;
GDateTime *eks_token_time;

static char *folder;
static int   store_counter;

/* A store of its own for each test, and the EKS side of it. */
typedef struct
{
  StrataStore          *profiles;
  StrataClusterStore   *store;
  StrataAwsEksClusters *clusters;
  char                 *root;
} Fixture;

static StrataAwsCredentialsProvider *
test_provider (void)
{
  g_autoptr(StrataAwsCredentials) credentials =
    strata_aws_credentials_new (FAKE_AWS_ACCESS_KEY, FAKE_AWS_SECRET_KEY, NULL, NULL, "test");

  return strata_aws_credentials_provider_new_static (credentials, EKS_REGION);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(StrataAwsCredentialsProvider) provider = test_provider ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->root = g_strdup_printf ("%s/store-%d", folder, ++store_counter);
  fixture->profiles = strata_store_new (fixture->root);
  fixture->store = strata_cluster_store_new (fixture->profiles);
  strata_cluster_store_load_async (fixture->store, NULL, strata_test_async_ready, &result);
  strata_cluster_store_load_finish (fixture->store, strata_test_wait (&result), &error);
  g_assert_no_error (error);

  fixture->clusters = strata_aws_eks_clusters_new (provider, fixture->store);
  strata_aws_eks_clusters_set_poll_interval (fixture->clusters, 1, 4);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->clusters);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->profiles);
  g_clear_pointer (&fixture->root, g_free);
}

static char *
record_file (Fixture    *fixture,
             const char *name)
{
  g_autofree char *path = g_strdup_printf ("%s/clusters/%s.yaml", strata_cluster_store_get_root (fixture->store), name);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static StrataCluster *
import (Fixture     *fixture,
        const char  *name,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_aws_eks_clusters_import_async (fixture->clusters, EKS_REGION, name, NULL, NULL,
                                        strata_test_async_ready, &result);
  return strata_aws_eks_clusters_import_finish (fixture->clusters, strata_test_wait (&result), error);
}

static JsonNode *
json_parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static JsonObject *
aws_tags (const char *arn)
{
  g_autoptr(StrataAwsCredentialsProvider) provider = test_provider ();
  g_autoptr(StrataAwsClient) client = strata_aws_client_new (provider, EKS_REGION);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  strata_aws_eks_list_tags_for_resource_async (client, arn, NULL, strata_test_async_ready, &result);
  answer = strata_aws_eks_list_tags_for_resource_finish (client, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  return json_object_ref (json_object_get_object_member (json_node_get_object (answer), "tags"));
}

/* import */

static void
test_import_with_tags (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(StrataCluster) cluster = NULL;
  g_autoptr(StrataCluster) again = NULL;
  g_autoptr(StrataClusterStore) reread = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  const char * const expected[] = { "team:platform", NULL };
  StrataCluster *stored;

  cluster = import (fixture, "bravo", &error);
  g_assert_no_error (error);
  g_assert_cmpint (strata_cluster_get_source (cluster), ==, STRATA_CLUSTER_SOURCE_EKS);
  g_assert_cmpstr (strata_cluster_get_eks_arn (cluster), ==, "arn:aws:eks:us-west-2:123456789012:cluster/bravo");
  g_assert_cmpstr (strata_cluster_get_eks_region (cluster), ==, EKS_REGION);
  g_assert_true (g_strv_equal (strata_cluster_get_tags (cluster), expected));
  g_assert_cmpint (strata_cluster_get_status (cluster), ==, STRATA_CLUSTER_STATUS_RUNNING);

  /* On disk, and read back by another store. */
  file = record_file (fixture, "bravo");
  g_assert_nonnull (strstr (file, "arn:aws:eks:us-west-2:123456789012:cluster/bravo"));
  g_assert_nonnull (strstr (file, "team:platform"));
  g_assert_null (strstr (file, "lifecycle"));
  reread = strata_cluster_store_new (fixture->profiles);
  strata_cluster_store_load_async (reread, NULL, strata_test_async_ready, &result);
  strata_cluster_store_load_finish (reread, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  stored = strata_cluster_store_find_cluster (reread, "bravo");
  g_assert_nonnull (stored);
  g_assert_true (g_strv_equal (strata_cluster_get_tags (stored), expected));

  /* Importing again is a refresh of the same record, not a second one. */
  again = import (fixture, "bravo", &error);
  g_assert_no_error (error);
  g_assert_true (again == cluster);
  g_assert_cmpuint (g_list_model_get_n_items (strata_cluster_store_get_clusters (fixture->store)), ==, 1);
}

static void
test_import_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(StrataCluster) missing = NULL;
  g_autoptr(StrataCluster) denied = NULL;
  g_autoptr(StrataCluster) throttled = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  missing = import (fixture, "no-such-cluster", &error);
  g_assert_null (missing);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-cluster"));
  g_clear_error (&error);

  strata_test_fake_aws_inject (fake, "DescribeCluster", 1, 403, "AccessDeniedException",
                               "User: arn:aws:iam::123456789012:user/strata-test is not authorized to perform: eks:DescribeCluster",
                               NULL);
  denied = import (fixture, "charlie", &error);
  g_assert_null (denied);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "eks:DescribeCluster"));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (strata_cluster_store_get_clusters (fixture->store)), ==, 0);

  /* Throttling is retried: the user only sees the import succeed. */
  before = strata_test_fake_aws_count (fake, "DescribeCluster");
  strata_test_fake_aws_inject (fake, "DescribeCluster", 2, 429, "ThrottlingException", "Rate exceeded", NULL);
  throttled = import (fixture, "charlie", &error);
  g_assert_no_error (error);
  g_assert_nonnull (throttled);
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "DescribeCluster") - before, >=, 3);

  /* A name Strata cannot hold says so before calling AWS. */
  g_clear_object (&missing);
  missing = import (fixture, "Bad_Name", &error);
  g_assert_null (missing);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Bad_Name"));
}

/* create, delete */

static JsonNode *
create_request (const char *name)
{
  g_autofree char *text =
    g_strdup_printf ("{\"name\": \"%s\", \"version\": \"1.30\", \"roleArn\": \"" EKS_CLUSTER_ROLE "\","
                     " \"resourcesVpcConfig\": {\"subnetIds\": [\"subnet-a1\", \"subnet-b1\"]},"
                     " \"tags\": {\"owner\": \"qa\", \"critical\": \"\"}}", name);
  return json_parse (text);
}

static GPtrArray *
nodegroup_requests (void)
{
  GPtrArray *nodegroups = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);

  g_ptr_array_add (nodegroups, json_parse ("{\"nodegroupName\": \"workers\", \"nodeRole\": \"" EKS_NODE_ROLE "\","
                                           " \"subnets\": [\"subnet-a1\"], \"instanceTypes\": [\"t3.large\"],"
                                           " \"scalingConfig\": {\"minSize\": 1, \"maxSize\": 3, \"desiredSize\": 2}}"));
  return nodegroups;
}

typedef struct
{
  Fixture *fixture;
  GArray  *statuses;
  char    *file_while_provisioning;
} Watch;

static void
on_status (StrataCluster *cluster,
           GParamSpec    *pspec,
           Watch         *watch)
{
  StrataClusterStatus status = strata_cluster_get_status (cluster);

  g_array_append_val (watch->statuses, status);
}

static void
on_clusters_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Watch      *watch)
{
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(StrataCluster) cluster = g_list_model_get_item (model, position + i);

      /* Added in Provisioning, and so on disk before AWS finished. */
      g_assert_cmpint (strata_cluster_get_status (cluster), ==, STRATA_CLUSTER_STATUS_PROVISIONING);
      watch->file_while_provisioning = record_file (watch->fixture, strata_cluster_get_name (cluster));
      g_signal_connect (cluster, "notify::status", G_CALLBACK (on_status), watch);
    }
}

static StrataCluster *
create (Fixture    *fixture,
        const char *name,
        GPtrArray  *nodegroups,
        Watch      *watch,
        GError    **error)
{
  g_autoptr(JsonNode) request = create_request (name);
  g_autoptr(GAsyncResult) result = NULL;
  GListModel *model = strata_cluster_store_get_clusters (fixture->store);
  StrataCluster *cluster;
  gulong handler = 0;

  if (watch != NULL)
    handler = g_signal_connect (model, "items-changed", G_CALLBACK (on_clusters_changed), watch);
  strata_aws_eks_clusters_create_async (fixture->clusters, EKS_REGION, request, nodegroups, NULL,
                                        strata_test_async_ready, &result);
  cluster = strata_aws_eks_clusters_create_finish (fixture->clusters, strata_test_wait (&result), error);
  g_clear_signal_handler (&handler, model);
  return cluster;
}

static gboolean
delete (Fixture        *fixture,
        StrataCluster  *cluster,
        gboolean        wait,
        GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_aws_eks_clusters_delete_async (fixture->clusters, cluster, wait, NULL, strata_test_async_ready, &result);
  return strata_aws_eks_clusters_delete_finish (fixture->clusters, strata_test_wait (&result), error);
}

static void
test_create_and_delete (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) nodegroups = nodegroup_requests ();
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (StrataClusterStatus));
  Watch watch = { fixture, statuses, NULL };
  g_autoptr(StrataCluster) cluster = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *missing = NULL;
  const char * const tags[] = { "critical", "owner:qa", NULL };
  guint describes = strata_test_fake_aws_count (fake, "DescribeCluster");
  guint nodegroup_describes = strata_test_fake_aws_count (fake, "DescribeNodegroup");

  cluster = create (fixture, "payments", nodegroups, &watch, &error);
  g_assert_no_error (error);
  g_assert_nonnull (watch.file_while_provisioning);
  g_assert_nonnull (strstr (watch.file_while_provisioning, "status: provisioning"));
  g_assert_cmpint (strata_cluster_get_status (cluster), ==, STRATA_CLUSTER_STATUS_RUNNING);
  g_assert_cmpuint (statuses->len, >=, 1);
  g_assert_cmpint (g_array_index (statuses, StrataClusterStatus, statuses->len - 1), ==, STRATA_CLUSTER_STATUS_RUNNING);
  g_assert_true (g_strv_equal (strata_cluster_get_tags (cluster), tags));
  g_assert_cmpstr (strata_cluster_get_eks_arn (cluster), ==, "arn:aws:eks:us-west-2:123456789012:cluster/payments");
  /* Polled until ACTIVE: CREATING first. */
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "DescribeCluster") - describes, >=, 2);
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "DescribeNodegroup") - nodegroup_describes, >=, 2);
  file = record_file (fixture, "payments");
  g_assert_null (strstr (file, "lifecycle"));

  /* The same name again: Strata refuses before AWS would. */
  g_clear_object (&cluster);
  cluster = create (fixture, "payments", NULL, NULL, &error);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* Delete: node groups first (the fake refuses the cluster while one is
   * left), Deleting all along, then gone from AWS and from Strata. */
  cluster = g_object_ref (strata_cluster_store_find_cluster (fixture->store, "payments"));
  g_array_set_size (statuses, 0);
  g_signal_connect (cluster, "notify::status", G_CALLBACK (on_status), &watch);
  delete (fixture, cluster, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (statuses->len, >=, 2);
  g_assert_cmpint (g_array_index (statuses, StrataClusterStatus, 0), ==, STRATA_CLUSTER_STATUS_DELETING);
  g_assert_cmpint (strata_cluster_get_status (cluster), ==, STRATA_CLUSTER_STATUS_DELETED);
  g_assert_null (strata_cluster_store_find_cluster (fixture->store, "payments"));
  g_assert_null ((missing = record_file (fixture, "payments")));
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "DeleteNodegroup"), >=, 1);
  g_signal_handlers_disconnect_by_data (cluster, &watch);
  g_free (watch.file_while_provisioning);
}

static void
test_create_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) bad_role = json_parse ("{\"name\": \"badrole\", \"roleArn\": \"arn:aws:iam::123456789012:role/nope\","
                                             " \"resourcesVpcConfig\": {\"subnetIds\": [\"subnet-a1\"]}}");
  g_autoptr(GPtrArray) nodegroups = nodegroup_requests ();
  g_autoptr(StrataCluster) cluster = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* AWS refuses: no record is left behind. */
  strata_aws_eks_clusters_create_async (fixture->clusters, EKS_REGION, bad_role, NULL, NULL,
                                        strata_test_async_ready, &result);
  cluster = strata_aws_eks_clusters_create_finish (fixture->clusters, strata_test_wait (&result), &error);
  g_assert_null (cluster);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "nope"));
  g_clear_error (&error);
  g_assert_null (strata_cluster_store_find_cluster (fixture->store, "badrole"));

  /* A throttled describe while waiting is retried; a denied node group
   * leaves the record in Error, with why. */
  strata_test_fake_aws_inject (fake, "DescribeCluster", 1, 400, "ThrottlingException", "Rate exceeded", NULL);
  strata_test_fake_aws_inject (fake, "CreateNodegroup", 1, 403, "AccessDeniedException",
                               "not authorized to perform: eks:CreateNodegroup", NULL);
  cluster = create (fixture, "halfway", nodegroups, NULL, &error);
  g_assert_null (cluster);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_ACCESS_DENIED);
  cluster = g_object_ref (strata_cluster_store_find_cluster (fixture->store, "halfway"));
  g_assert_cmpint (strata_cluster_get_status (cluster), ==, STRATA_CLUSTER_STATUS_ERROR);
  g_assert_nonnull (strstr (strata_cluster_get_status_reason (cluster), "eks:CreateNodegroup"));
  g_clear_error (&error);

  /* And it can still be deleted. */
  delete (fixture, cluster, TRUE, &error);
  g_assert_no_error (error);
  g_assert_null (strata_cluster_store_find_cluster (fixture->store, "halfway"));
}

/* force delete */

static GStrv
force_delete (Fixture        *fixture,
              StrataCluster  *cluster,
              GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_aws_eks_clusters_force_delete_async (fixture->clusters, cluster, NULL, strata_test_async_ready, &result);
  return strata_aws_eks_clusters_force_delete_finish (fixture->clusters, strata_test_wait (&result), error);
}

static void
test_force_delete (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) nodegroups = nodegroup_requests ();
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2026-03-01T10:00:00Z", NULL);
  g_autoptr(GDateTime) early = g_date_time_add_minutes (start, 14);
  g_autoptr(GDateTime) late = g_date_time_add_minutes (start, 15);
  g_autoptr(StrataCluster) cluster = NULL;
  g_autoptr(StrataClusterStore) reread = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) refused = NULL;
  g_auto(GStrv) leftovers = NULL;
  g_autofree char *all = NULL;
  g_autofree char *file = NULL;
  GTimeSpan remaining;

  cluster = create (fixture, "stuck", nodegroups, NULL, &error);
  g_assert_no_error (error);

  /* Not deleting: nothing to force. */
  g_assert_false (strata_aws_eks_clusters_can_force_delete (fixture->clusters, cluster, NULL));
  refused = force_delete (fixture, cluster, &error);
  g_assert_null (refused);
  g_assert_nonnull (strstr (error->message, "not being deleted"));
  g_clear_error (&error);

  /* A deletion that does not finish (nobody waits for it here). */
  strata_aws_eks_clusters_set_fixed_time (fixture->clusters, start);
  delete (fixture, cluster, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (strata_cluster_get_status (cluster), ==, STRATA_CLUSTER_STATUS_DELETING);
  file = record_file (fixture, "stuck");
  g_assert_nonnull (strstr (file, "since: 2026-03-01T10:00:00Z"));

  /* The start survives a restart. */
  reread = strata_cluster_store_new (fixture->profiles);
  strata_cluster_store_load_async (reread, NULL, strata_test_async_ready, &result);
  strata_cluster_store_load_finish (reread, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (strata_cluster_get_status (strata_cluster_store_find_cluster (reread, "stuck")), ==,
                   STRATA_CLUSTER_STATUS_DELETING);
  g_assert_true (g_date_time_equal (strata_cluster_get_lifecycle_since (strata_cluster_store_find_cluster (reread, "stuck")),
                                    start));

  /* 14 minutes in: refused, with how long to wait. */
  strata_aws_eks_clusters_set_fixed_time (fixture->clusters, early);
  g_assert_false (strata_aws_eks_clusters_can_force_delete (fixture->clusters, cluster, &remaining));
  g_assert_cmpint (remaining, ==, G_TIME_SPAN_MINUTE);
  refused = force_delete (fixture, cluster, &error);
  g_assert_null (refused);
  g_assert_nonnull (strstr (error->message, "less than 15 minutes"));
  g_assert_nonnull (strstr (error->message, "1 min 00 s"));
  g_clear_error (&error);
  g_assert_nonnull (strata_cluster_store_find_cluster (fixture->store, "stuck"));

  /* 15 minutes in: the record goes, and the user learns what may remain. */
  strata_aws_eks_clusters_set_fixed_time (fixture->clusters, late);
  g_assert_true (strata_aws_eks_clusters_can_force_delete (fixture->clusters, cluster, NULL));
  leftovers = force_delete (fixture, cluster, &error);
  g_assert_no_error (error);
  all = g_strjoinv ("\n", leftovers);
  g_assert_nonnull (strstr (all, "node groups of stuck in us-west-2: workers"));
  g_assert_nonnull (strstr (all, "arn:aws:eks:us-west-2:123456789012:cluster/stuck"));
  g_assert_nonnull (strstr (all, "VPC vpc-0a1b2c3d"));
  g_assert_null (strata_cluster_store_find_cluster (fixture->store, "stuck"));
  g_clear_pointer (&file, g_free);
  g_assert_null ((file = record_file (fixture, "stuck")));
}

/* tags */

static gboolean
push_tags (Fixture            *fixture,
           StrataCluster      *edited,
           const char * const *before,
           GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_aws_eks_clusters_push_tags_async (fixture->clusters, edited, before, NULL, strata_test_async_ready, &result);
  return strata_aws_eks_clusters_push_tags_finish (fixture->clusters, strata_test_wait (&result), error);
}

static void
test_tags_both_ways (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(StrataCluster) cluster = NULL;
  g_autoptr(StrataCluster) edited = NULL;
  g_autoptr(StrataCluster) refreshed = NULL;
  g_autoptr(StrataCluster) kube = NULL;
  g_autoptr(JsonObject) tags = NULL;
  g_autoptr(GError) error = NULL;
  const char * const after[] = { "env:prod", "pci", "team:payments", NULL };
  const char * const changed[] = { "env:staging", "pci", NULL };

  cluster = import (fixture, "delta", &error);
  g_assert_no_error (error);

  edited = strata_cluster_copy (cluster);
  strata_cluster_add_tag (edited, "env:prod", &error);
  strata_cluster_add_tag (edited, "pci", &error);
  strata_cluster_remove_tag (edited, "team");
  strata_cluster_add_tag (edited, "team:payments", &error);
  g_assert_no_error (error);
  push_tags (fixture, edited, strata_cluster_get_tags (cluster), &error);
  g_assert_no_error (error);

  tags = aws_tags (strata_cluster_get_eks_arn (cluster));
  g_assert_cmpuint (json_object_get_size (tags), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (tags, "env"), ==, "prod");
  g_assert_cmpstr (json_object_get_string_member (tags, "pci"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (tags, "team"), ==, "payments");

  /* And back: what AWS has shows after a refresh (import again). */
  g_clear_object (&edited);
  edited = strata_cluster_copy (cluster);
  strata_cluster_set_tags (edited, changed, NULL);
  push_tags (fixture, edited, after, &error);
  g_assert_no_error (error);
  refreshed = import (fixture, "delta", &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal (strata_cluster_get_tags (refreshed), changed));

  /* AWS refuses: the caller keeps the old tags (nothing saved). */
  strata_test_fake_aws_inject (fake, "TagResource", 1, 403, "AccessDeniedException",
                               "not authorized to perform: eks:TagResource", NULL);
  strata_cluster_add_tag (edited, "new:one", &error);
  g_assert_false (push_tags (fixture, edited, changed, &error));
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_ACCESS_DENIED);
  g_clear_error (&error);

  /* Not an EKS record. */
  kube = strata_cluster_new_sandbox ("local");
  g_assert_false (push_tags (fixture, kube, NULL, &error));
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT);
}

/* connect: the sandbox behind a fake EKS cluster */

typedef struct
{
  guint calls;
} Clock;

/* The first token is two minutes old (the sandbox refuses it, as EKS
 * refuses a stale one); after the 401, a fresh one. */
static GDateTime *
stale_then_right (gpointer user_data)
{
  Clock *clock = user_data;

  return clock->calls++ == 0 ? g_date_time_add_minutes (eks_token_time, -2) : g_date_time_ref (eks_token_time);
}

static void
test_connect_native_token (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(StrataCluster) cluster = NULL;
  g_autoptr(StrataCluster) other = NULL;
  g_autoptr(StrataTokenProvider) provider = NULL;
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;
  g_autoptr(StrataKubeClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) namespaces = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *ca_pem = NULL;
  Clock clock = { 0 };

  eks_token_time_refresh ();
  cluster = import (fixture, "alpha", &error);
  g_assert_no_error (error);

  strata_aws_eks_token_cache_set_now_func (strata_aws_eks_clusters_get_token_cache (fixture->clusters),
                                           stale_then_right, &clock, NULL);
  strata_aws_eks_clusters_connect_async (fixture->clusters, cluster, NULL, strata_test_async_ready, &result);
  strata_aws_eks_clusters_connect_finish (fixture->clusters, strata_test_wait (&result),
                                          &server, &ca_pem, &provider, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (server, ==, sandbox_url);
  g_assert_true (g_str_has_prefix (ca_pem, "-----BEGIN CERTIFICATE-----"));

  endpoint = strata_kube_endpoint_new (server);
  strata_kube_endpoint_set_certificate_authority (endpoint, ca_pem);
  strata_kube_endpoint_set_token_provider (endpoint, provider);
  client = strata_kube_client_new (endpoint, &error);
  g_assert_no_error (error);

  strata_kube_client_list_async (client, "v1", "Namespace", NULL, NULL, 0, NULL, strata_test_async_ready, &result);
  namespaces = strata_kube_client_list_finish (client, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (namespaces), "items")), >=, 1);
  /* The first token was the stale one: the list only got through because
   * the 401 made the cache sign a new one. */
  g_assert_cmpuint (clock.calls, >=, 2);

  /* A cluster that is still being created has no endpoint to give. */
  g_clear_pointer (&server, g_free);
  g_clear_pointer (&ca_pem, g_free);
  g_clear_object (&provider);
  {
    g_autoptr(JsonNode) request = create_request ("infant");
    g_autoptr(StrataAwsClient) aws = strata_aws_eks_clusters_new_client (fixture->clusters, EKS_REGION);
    g_autoptr(JsonNode) answer = NULL;

    strata_aws_eks_create_cluster_async (aws, request, NULL, strata_test_async_ready, &result);
    answer = strata_aws_eks_create_cluster_finish (aws, strata_test_wait (&result), &error);
    g_assert_no_error (error);
  }
  other = strata_cluster_new_eks ("infant", "arn:aws:eks:us-west-2:123456789012:cluster/infant", EKS_REGION);
  strata_aws_eks_clusters_connect_async (fixture->clusters, other, NULL, strata_test_async_ready, &result);
  g_assert_false (strata_aws_eks_clusters_connect_finish (fixture->clusters, strata_test_wait (&result),
                                                          &server, &ca_pem, &provider, &error));
  g_assert_nonnull (strstr (error->message, "CREATING"));
}

/* The cluster manager reaches EKS records through the resolver */

static StrataClusterCheck *
check (StrataClusterManager *manager,
       StrataCluster        *cluster)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataClusterCheck *answer;

  strata_cluster_manager_check_async (manager, cluster, NULL, strata_test_async_ready, &result);
  answer = strata_cluster_manager_check_finish (manager, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  return answer;
}

static void
test_manager_resolves_eks (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(StrataPackRegistry) registry = strata_pack_registry_new_builtin ();
  g_autoptr(StrataClusterManager) manager = NULL;
  g_autoptr(StrataCluster) cluster = NULL;
  g_autoptr(StrataCluster) infant = NULL;
  g_autoptr(StrataClusterCheck) checked = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(GDateTime) since = g_date_time_new_from_iso8601 ("2026-05-01T08:00:00Z", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint describes;

  strata_pack_registry_load_async (registry, NULL, strata_test_async_ready, &result);
  strata_pack_registry_load_finish (registry, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  manager = strata_cluster_manager_new (fixture->store, registry);
  cluster = import (fixture, "alpha", &error);
  g_assert_no_error (error);

  /* No AWS support given: the status says what is missing. */
  checked = check (manager, cluster);
  g_assert_cmpint (strata_cluster_check_get_status (checked), ==, STRATA_CLUSTER_STATUS_ERROR);
  g_assert_nonnull (strstr (strata_cluster_check_get_reason (checked), "need the AWS support"));
  g_clear_object (&checked);

  /* With it: DescribeCluster, then the API with the native token. */
  strata_cluster_manager_set_resolver (manager, STRATA_CLUSTER_RESOLVER (fixture->clusters));
  describes = strata_test_fake_aws_count (fake, "DescribeCluster");
  checked = check (manager, cluster);
  g_assert_cmpint (strata_cluster_check_get_status (checked), ==, STRATA_CLUSTER_STATUS_RUNNING);
  g_assert_cmpint (strata_cluster_get_status (cluster), ==, STRATA_CLUSTER_STATUS_RUNNING);
  g_assert_nonnull (strstr (strata_cluster_check_get_reason (checked), "reachable"));
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "DescribeCluster"), ==, describes + 1);
  g_clear_object (&checked);

  strata_cluster_manager_history_async (manager, cluster, NULL, strata_test_async_ready, &result);
  history = strata_cluster_manager_history_finish (manager, strata_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (history);

  /* Still being created: Provisioning, without asking AWS or the API. */
  infant = strata_cluster_new_eks ("newborn", "arn:aws:eks:us-west-2:123456789012:cluster/newborn", EKS_REGION);
  strata_cluster_set_lifecycle (infant, STRATA_CLUSTER_STATUS_PROVISIONING, since);
  describes = strata_test_fake_aws_count (fake, "DescribeCluster");
  checked = check (manager, infant);
  g_assert_cmpint (strata_cluster_check_get_status (checked), ==, STRATA_CLUSTER_STATUS_PROVISIONING);
  g_assert_nonnull (strstr (strata_cluster_check_get_reason (checked), "being created since 2026-05-01 08:00:00 UTC"));
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "DescribeCluster"), ==, describes);
  g_clear_object (&checked);

  /* Gone from AWS: unreachable, saying why. */
  g_clear_object (&infant);
  infant = strata_cluster_new_eks ("ghost", "arn:aws:eks:us-west-2:123456789012:cluster/ghost", EKS_REGION);
  checked = check (manager, infant);
  g_assert_cmpint (strata_cluster_check_get_status (checked), ==, STRATA_CLUSTER_STATUS_UNREACHABLE);
  g_assert_nonnull (strstr (strata_cluster_check_get_reason (checked), "ghost"));
}

/* The lifecycle a record keeps on disk */

static void
test_record_lifecycle (void)
{
  g_autoptr(StrataCluster) cluster = strata_cluster_new_eks ("keep", "arn:aws:eks:us-west-2:123456789012:cluster/keep", EKS_REGION);
  g_autoptr(GDateTime) since = g_date_time_new_from_iso8601 ("2026-02-03T04:05:06Z", NULL);
  g_autoptr(StrataCluster) read = NULL;
  g_autoptr(StrataCluster) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(StrataCluster) refused = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *lifecycle;

  strata_cluster_set_lifecycle (cluster, STRATA_CLUSTER_STATUS_DELETING, since);
  g_assert_cmpint (strata_cluster_get_status (cluster), ==, STRATA_CLUSTER_STATUS_DELETING);
  node = strata_cluster_to_json (cluster);
  read = strata_cluster_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (strata_cluster_get_lifecycle (read), ==, STRATA_CLUSTER_STATUS_DELETING);
  g_assert_cmpint (strata_cluster_get_status (read), ==, STRATA_CLUSTER_STATUS_DELETING);
  g_assert_true (g_date_time_equal (strata_cluster_get_lifecycle_since (read), since));
  copy = strata_cluster_copy (read);
  g_assert_true (g_date_time_equal (strata_cluster_get_lifecycle_since (copy), since));

  /* Only the two long operations, with a time: anything else is refused
   * with the field named. */
  lifecycle = json_object_get_object_member (json_node_get_object (node), "lifecycle");
  json_object_set_string_member (lifecycle, "status", "running");
  refused = strata_cluster_new_from_json (node, &error);
  g_assert_null (refused);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "lifecycle.status"));
  g_clear_error (&error);

  json_object_set_string_member (lifecycle, "status", "provisioning");
  json_object_set_string_member (lifecycle, "since", "yesterday");
  refused = strata_cluster_new_from_json (node, &error);
  g_assert_null (refused);
  g_assert_nonnull (strstr (error->message, "lifecycle.since"));
  g_clear_error (&error);

  /* Over: nothing is written. */
  strata_cluster_set_lifecycle (copy, STRATA_CLUSTER_STATUS_UNKNOWN, NULL);
  g_clear_pointer (&node, json_node_unref);
  node = strata_cluster_to_json (copy);
  g_assert_false (json_object_has_member (json_node_get_object (node), "lifecycle"));
}

/* The sandbox, standing in for EKS cluster alpha */

static GSubprocess *sandbox;

/* Whole seconds: what the AWS CLI and "strata-cli aws eks-token" sign.
 * The sandbox takes tokens for 60 seconds from then. (transfer none) */
GDateTime *
eks_token_time_refresh (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_clear_pointer (&eks_token_time, g_date_time_unref);
  eks_token_time = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                        g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                                        g_date_time_get_minute (now), g_date_time_get_second (now));
  return eks_token_time;
}

/* A test that aborts must not leave the sandbox serving. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_sandbox (const char *state)
{
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = g_build_filename (folder, "sandbox.log", NULL);
  g_autofree char *line = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  /* Debug messages go to standard output, where "serving URL" must be first. */
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* With its controllers: the end-to-end test waits for Ready Pods. */
  sandbox = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("STRATA_CLI"), "sandbox", "serve",
                                         "--state", state, "--eks-cluster", "alpha", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "serving "))
    g_error ("the sandbox did not start; see %s", log);
  sandbox_url = g_strdup (line + strlen ("serving "));
  sandbox_kubeconfig = g_build_filename (state, "kubeconfig", NULL);
}

static void
stop_sandbox (void)
{
  g_autofree char *log = g_build_filename (folder, "sandbox.log", NULL);
  g_autofree char *text = NULL;

  g_subprocess_send_signal (sandbox, SIGTERM);
  g_subprocess_wait (sandbox, NULL, NULL);
  /* A sanitizer report or a critical in the sandbox fails the run too. */
  if (g_file_get_contents (log, &text, NULL, NULL) &&
      (strstr (text, "Sanitizer") || strstr (text, "runtime error") || strstr (text, "CRITICAL")))
    g_error ("problems in the sandbox's log:\n%s", text);
  g_clear_object (&sandbox);
  g_clear_pointer (&sandbox_url, g_free);
  g_clear_pointer (&sandbox_kubeconfig, g_free);
  g_clear_pointer (&eks_token_time, g_date_time_unref);
}

int
main (int    argc,
      char **argv)
{
  static const char * const cleared[] = {
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION",
    "KUBERNETES_EXEC_INFO", "KUBECONFIG", "STRATA_AWS_FIXED_TIME", NULL
  };
  g_autofree char *state = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *ca_base64 = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cli_data = NULL;
  g_autoptr(GError) error = NULL;
  gsize ca_length;
  int status;

  g_test_init (&argc, &argv, NULL);

  folder = strata_test_make_folder ();
  for (guint i = 0; cleared[i] != NULL; i++)
    g_unsetenv (cleared[i]);
  config = g_build_filename (folder, "aws-config", NULL);
  cli_data = g_build_filename (folder, "cli-data", NULL);
  /* The CLI tests' keys, store and kubectl cache; nothing of the user's. */
  g_setenv ("AWS_CONFIG_FILE", config, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", config, TRUE);
  g_setenv ("AWS_ACCESS_KEY_ID", FAKE_AWS_ACCESS_KEY, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", FAKE_AWS_SECRET_KEY, TRUE);
  g_setenv ("STRATA_DATA_DIR", cli_data, TRUE);
  g_setenv ("HOME", folder, TRUE);
  g_setenv ("XDG_CACHE_HOME", folder, TRUE);
  g_setenv ("STRATA_AWS_POLL_MS", "1", TRUE);

  state = g_build_filename (folder, "sandbox", NULL);
  start_sandbox (state);
  ca_file = g_build_filename (state, "pki", "ca.crt", NULL);
  g_file_get_contents (ca_file, &ca, &ca_length, &error);
  g_assert_no_error (error);
  ca_base64 = g_base64_encode ((const guchar *)ca, ca_length);
  {
    const char * const args[] = { "--cluster-endpoint", sandbox_url, "--cluster-ca", ca_base64, NULL };
    fake = strata_test_fake_aws_start_with_args (args);
  }

  g_test_add_func ("/aws/eks-clusters/record-lifecycle", test_record_lifecycle);
  g_test_add ("/aws/eks-clusters/import-with-tags", Fixture, NULL, fixture_set_up, test_import_with_tags, fixture_tear_down);
  g_test_add ("/aws/eks-clusters/import-errors", Fixture, NULL, fixture_set_up, test_import_errors, fixture_tear_down);
  g_test_add ("/aws/eks-clusters/create-and-delete", Fixture, NULL, fixture_set_up, test_create_and_delete, fixture_tear_down);
  g_test_add ("/aws/eks-clusters/create-errors", Fixture, NULL, fixture_set_up, test_create_errors, fixture_tear_down);
  g_test_add ("/aws/eks-clusters/force-delete", Fixture, NULL, fixture_set_up, test_force_delete, fixture_tear_down);
  g_test_add ("/aws/eks-clusters/tags-both-ways", Fixture, NULL, fixture_set_up, test_tags_both_ways, fixture_tear_down);
  g_test_add ("/aws/eks-clusters/connect-native-token", Fixture, NULL, fixture_set_up, test_connect_native_token, fixture_tear_down);
  g_test_add ("/aws/eks-clusters/manager-resolves-eks", Fixture, NULL, fixture_set_up, test_manager_resolves_eks, fixture_tear_down);
  test_aws_eks_add_cli_tests ();
  test_aws_eks_add_apply_tests (folder);

  status = g_test_run ();

  strata_test_fake_aws_stop (fake);
  stop_sandbox ();
  test_aws_eks_apply_tests_free ();
  strata_test_remove_tree (folder);
  g_clear_pointer (&folder, g_free);

  return status;
}
