/* SPDX-License-Identifier: GPL-3.0-or-later */
/* src/aws against tests/aws/fake-aws, which checks every request's SigV4
 * signature with botocore: the callers of every protocol, EKS lifecycles,
 * tags and pagination here; retries and errors, EKS tokens, "strata-cli
 * aws", the credential chain and the keyring in tests/aws/test-aws-*.c,
 * all in this one program around one fake. */

#include "config.h"

#include <string.h>

#include "strata-aws-client.h"
#include "strata-aws-ec2.h"
#include "strata-aws-eks.h"
#include "strata-aws-endpoint.h"
#include "strata-aws-error.h"
#include "strata-aws-iam.h"
#include "strata-aws-sts.h"
#include "strata-aws-xml-private.h"
#include "strata-test-fake-aws.h"
#include "strata-test-util.h"
#include "test-aws-private.h"

/* Regions kept apart so that each test knows what it will find. */
#define LIST_REGION      "us-west-2"   /* the five seeded clusters */
#define LIFECYCLE_REGION "us-east-2"   /* clusters this program creates */

StrataTestFakeAws *fake;

/* Helpers */

StrataAwsClient *
test_aws_client_new (const char *access_key,
                     const char *secret_key,
                     const char *region)
{
  g_autoptr(StrataAwsCredentials) credentials =
    strata_aws_credentials_new (access_key, secret_key, NULL, NULL, "test");
  g_autoptr(StrataAwsCredentialsProvider) provider =
    strata_aws_credentials_provider_new_static (credentials, region);
  StrataAwsClient *client = strata_aws_client_new (provider, NULL);

  /* Retries without waiting for real backoff. */
  strata_aws_client_set_retry_base_ms (client, 1);
  return client;
}

StrataAwsClient *
test_aws_default_client (const char *region)
{
  return test_aws_client_new (FAKE_AWS_ACCESS_KEY, FAKE_AWS_SECRET_KEY, region);
}

JsonObject *
test_aws_get_object (JsonNode   *node,
            const char *member)
{
  JsonNode *child = json_object_get_member (json_node_get_object (node), member);

  g_assert_nonnull (child);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (child));
  return json_node_get_object (child);
}

JsonArray *
test_aws_get_array (JsonNode   *node,
           const char *member)
{
  JsonNode *child = json_object_get_member (json_node_get_object (node), member);

  g_assert_nonnull (child);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (child));
  return json_node_get_array (child);
}

JsonNode *
test_aws_describe_cluster (StrataAwsClient  *client,
                  const char       *name,
                  GError          **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  strata_aws_eks_describe_cluster_async (client, name, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  return strata_aws_eks_describe_cluster_finish (client, result, error);
}

static JsonNode *
describe_nodegroup (StrataAwsClient  *client,
                    const char       *cluster,
                    const char       *name,
                    GError          **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  strata_aws_eks_describe_nodegroup_async (client, cluster, name, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  return strata_aws_eks_describe_nodegroup_finish (client, result, error);
}

JsonNode *
test_aws_list_clusters (StrataAwsClient  *client,
               GError          **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  strata_aws_eks_list_clusters_async (client, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  return strata_aws_eks_list_clusters_finish (client, result, error);
}

/* Describes until the status is @status, or (NULL) the resource is gone;
 * the fake moves a resource on after a few describes. */
static void
wait_for_status (StrataAwsClient *client,
                 const char      *cluster,
                 const char      *nodegroup,
                 const char      *status)
{
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) answer = nodegroup != NULL
                                   ? describe_nodegroup (client, cluster, nodegroup, &error)
                                   : test_aws_describe_cluster (client, cluster, &error);

      if (status == NULL && g_error_matches (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_NOT_FOUND))
        return;
      g_assert_no_error (error);
      if (status != NULL &&
          g_str_equal (json_object_get_string_member (test_aws_get_object (answer, nodegroup ? "nodegroup" : "cluster"),
                                                      "status"), status))
        return;
    }

  g_error ("%s%s%s never reached %s", cluster, nodegroup ? "/" : "", nodegroup ? nodegroup : "",
           status ? status : "deletion");
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;

  return FALSE;
}

JsonNode *
test_aws_whoami (StrataAwsClient  *client,
                 GError          **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  strata_aws_sts_get_caller_identity_async (client, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  return strata_aws_sts_get_caller_identity_finish (client, result, error);
}

/* STS, EC2, IAM */

static void
test_sts_whoami (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);
  g_autoptr(JsonNode) identity = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  identity = test_aws_whoami (client, &error);
  g_assert_no_error (error);

  object = json_node_get_object (identity);
  g_assert_cmpstr (json_object_get_string_member (object, "Arn"), ==, FAKE_AWS_USER_ARN);
  g_assert_cmpstr (json_object_get_string_member (object, "Account"), ==, FAKE_AWS_ACCOUNT);
  g_assert_cmpstr (json_object_get_string_member (object, "UserId"), ==, "strata-test");
}

static void
test_ec2_regions (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);

  for (int all = 0; all <= 1; all++)
    {
      g_autoptr(GAsyncResult) pending = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GError) error = NULL;
      JsonArray *regions;
      gboolean found = FALSE;

      strata_aws_ec2_describe_regions_async (client, all, NULL, strata_test_async_ready, &pending);
      result = strata_test_wait (&pending);
      answer = strata_aws_ec2_describe_regions_finish (client, result, &error);
      g_assert_no_error (error);

      regions = test_aws_get_array (answer, "regionInfo");
      g_assert_cmpuint (json_array_get_length (regions), ==, all ? 9 : 7);
      for (guint i = 0; i < json_array_get_length (regions); i++)
        {
          JsonObject *region = json_array_get_object_element (regions, i);

          if (g_str_equal (json_object_get_string_member (region, "regionName"), "us-west-2"))
            found = g_str_equal (json_object_get_string_member (region, "regionEndpoint"),
                                 "ec2.us-west-2.amazonaws.com");
        }
      g_assert_true (found);
    }
}

static void
test_ec2_vpcs_and_subnets (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) vpcs = NULL;
  g_autoptr(JsonNode) subnets = NULL;
  g_autoptr(GError) error = NULL;
  guint calls = strata_test_fake_aws_count (fake, "DescribeVpcs");
  JsonArray *list;

  /* Three VPCs in pages of two: the pages are followed and joined. */
  strata_aws_ec2_describe_vpcs_async (client, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  vpcs = strata_aws_ec2_describe_vpcs_finish (client, result, &error);
  g_assert_no_error (error);
  list = test_aws_get_array (vpcs, "vpcSet");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 2), "vpcId"),
                   ==, "vpc-2c3d4e5f");
  g_assert_false (json_object_has_member (json_node_get_object (vpcs), "nextToken"));
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "DescribeVpcs"), ==, calls + 2);

  g_clear_object (&result);
  strata_aws_ec2_describe_subnets_async (client, "vpc-0a1b2c3d", NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  subnets = strata_aws_ec2_describe_subnets_finish (client, result, &error);
  g_assert_no_error (error);
  list = test_aws_get_array (subnets, "subnetSet");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, i), "vpcId"),
                     ==, "vpc-0a1b2c3d");
}

static void
test_iam_list_roles (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint calls = strata_test_fake_aws_count (fake, "ListRoles");
  JsonArray *roles;

  strata_aws_iam_list_roles_async (client, NULL, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  answer = strata_aws_iam_list_roles_finish (client, result, &error);
  g_assert_no_error (error);

  /* Five roles, pages of two, Marker and IsTruncated followed then dropped. */
  roles = test_aws_get_array (answer, "Roles");
  g_assert_cmpuint (json_array_get_length (roles), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (roles, 0), "Arn"),
                   ==, "arn:aws:iam::123456789012:role/strata-admin");
  g_assert_false (json_object_has_member (json_node_get_object (answer), "Marker"));
  g_assert_false (json_object_has_member (json_node_get_object (answer), "IsTruncated"));
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "ListRoles"), ==, calls + 3);
}

/* EKS */

static void
test_eks_list_clusters (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint calls = strata_test_fake_aws_count (fake, "ListClusters");
  JsonArray *clusters;

  answer = test_aws_list_clusters (client, &error);
  g_assert_no_error (error);

  clusters = test_aws_get_array (answer, "clusters");
  g_assert_cmpuint (json_array_get_length (clusters), ==, 5);
  g_assert_cmpstr (json_array_get_string_element (clusters, 0), ==, "alpha");
  g_assert_cmpstr (json_array_get_string_element (clusters, 4), ==, "echo");
  g_assert_false (json_object_has_member (json_node_get_object (answer), "nextToken"));
  g_assert_cmpuint (strata_test_fake_aws_count (fake, "ListClusters"), ==, calls + 3);
}

static void
test_eks_describe (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *cluster;

  answer = test_aws_describe_cluster (client, "alpha", &error);
  g_assert_no_error (error);
  cluster = test_aws_get_object (answer, "cluster");
  g_assert_cmpstr (json_object_get_string_member (cluster, "status"), ==, "ACTIVE");
  g_assert_cmpstr (json_object_get_string_member (cluster, "arn"), ==,
                   "arn:aws:eks:us-west-2:123456789012:cluster/alpha");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (cluster, "endpoint"), "https://"));
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (cluster, "certificateAuthority"),
                                                   "data"));

  missing = test_aws_describe_cluster (client, "no-such-cluster", &error);
  g_assert_null (missing);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_NOT_FOUND);
  g_assert_cmpstr (strata_aws_error_get_code (error), ==, "ResourceNotFoundException");
  g_assert_cmpstr (strata_aws_error_get_aws_message (error), ==, "No cluster found for name: no-such-cluster.");
  g_assert_cmpuint (strata_aws_error_get_http_status (error), ==, 404);
  g_assert_nonnull (strata_aws_error_get_request_id (error));
  g_assert_nonnull (strstr (error->message, "EKS DescribeCluster failed"));
}

static JsonNode *
cluster_request (const char *name,
                 const char *token)
{
  g_autofree char *json = g_strdup_printf ("{\"name\": \"%s\", \"version\": \"1.30\","
                                           " \"roleArn\": \"arn:aws:iam::123456789012:role/strata-eks-cluster-role\","
                                           " \"resourcesVpcConfig\": {\"subnetIds\": [\"subnet-a1\", \"subnet-b1\"],"
                                           " \"endpointPublicAccess\": true},"
                                           " \"tags\": {\"created-by\": \"strata\"}%s%s%s}",
                                           name, token ? ", \"clientRequestToken\": \"" : "",
                                           token ? token : "", token ? "\"" : "");

  return json_from_string (json, NULL);
}

static JsonNode *
create_cluster (StrataAwsClient  *client,
                JsonNode         *request,
                GError          **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  strata_aws_eks_create_cluster_async (client, request, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  return strata_aws_eks_create_cluster_finish (client, result, error);
}

static JsonNode *
delete_cluster (StrataAwsClient  *client,
                const char       *name,
                GError          **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  strata_aws_eks_delete_cluster_async (client, name, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  return strata_aws_eks_delete_cluster_finish (client, result, error);
}

static void
test_eks_create_validation (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIFECYCLE_REGION);
  g_autoptr(JsonNode) request = json_from_string ("{\"name\": \"half\", \"resourcesVpcConfig\": {}}", NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  /* The fake checks the required members as EKS does: roleArn is missing. */
  answer = create_cluster (client, request, &error);
  g_assert_null (answer);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_PARAMETER);
  g_assert_cmpstr (strata_aws_error_get_code (error), ==, "InvalidParameterException");
  g_assert_nonnull (strstr (error->message, "roleArn"));
}

static void
test_eks_create_idempotent (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIFECYCLE_REGION);
  g_autoptr(JsonNode) request = cluster_request ("idempotent", "token-1");
  g_autoptr(JsonNode) other = cluster_request ("idempotent", "token-2");
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) conflict = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(GError) error = NULL;

  first = create_cluster (client, request, &error);
  g_assert_no_error (error);
  /* A retried request (same clientRequestToken) gets the same cluster… */
  again = create_cluster (client, request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (test_aws_get_object (again, "cluster"), "arn"), ==,
                   json_object_get_string_member (test_aws_get_object (first, "cluster"), "arn"));
  /* …another request for the name is refused. */
  conflict = create_cluster (client, other, &error);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_IN_USE);
  g_clear_error (&error);

  deleted = delete_cluster (client, "idempotent", &error);
  g_assert_no_error (error);
  wait_for_status (client, "idempotent", NULL, NULL);
}

static void
tag_resource (StrataAwsClient *client,
              const char      *arn,
              const char      *key,
              const char      *value)
{
  g_autoptr(GHashTable) tags = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (tags, (char *)key, (char *)value);
  strata_aws_eks_tag_resource_async (client, arn, tags, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  answer = strata_aws_eks_tag_resource_finish (client, result, &error);
  g_assert_no_error (error);
}

static void
untag_resource (StrataAwsClient *client,
                const char      *arn,
                const char      *key)
{
  const char *keys[] = { key, NULL };
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  strata_aws_eks_untag_resource_async (client, arn, keys, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  answer = strata_aws_eks_untag_resource_finish (client, result, &error);
  g_assert_no_error (error);
}

static JsonObject *
list_tags (StrataAwsClient *client,
           const char      *arn,
           JsonNode       **answer)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  strata_aws_eks_list_tags_for_resource_async (client, arn, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  *answer = strata_aws_eks_list_tags_for_resource_finish (client, result, &error);
  g_assert_no_error (error);

  return test_aws_get_object (*answer, "tags");
}

static void
test_eks_tags (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);
  g_autoptr(JsonNode) cluster = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) tagged = NULL;
  g_autoptr(JsonNode) untagged = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *arn = NULL;
  JsonObject *tags;

  cluster = test_aws_describe_cluster (client, "bravo", &error);
  g_assert_no_error (error);
  arn = g_strdup (json_object_get_string_member (test_aws_get_object (cluster, "cluster"), "arn"));

  /* The ARN is one path segment, /tags/arn%3Aaws%3Aeks…%2Fbravo, signed
   * with the path encoded once more: the fake recomputes that signature
   * with botocore over the path as it arrived. */
  tags = list_tags (client, arn, &before);
  g_assert_cmpstr (json_object_get_string_member (tags, "team"), ==, "platform");

  tag_resource (client, arn, "owner", "strata tests/ci");
  tags = list_tags (client, arn, &tagged);
  g_assert_cmpstr (json_object_get_string_member (tags, "owner"), ==, "strata tests/ci");
  g_assert_cmpstr (json_object_get_string_member (tags, "team"), ==, "platform");

  untag_resource (client, arn, "owner");
  tags = list_tags (client, arn, &untagged);
  g_assert_false (json_object_has_member (tags, "owner"));
  g_assert_true (json_object_has_member (tags, "team"));
}

static void
test_eks_updates (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIST_REGION);
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) updates = NULL;
  g_autoptr(JsonNode) update = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *ids;

  strata_aws_eks_list_updates_async (client, "alpha", NULL, NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  updates = strata_aws_eks_list_updates_finish (client, result, &error);
  g_assert_no_error (error);
  ids = test_aws_get_array (updates, "updateIds");
  g_assert_cmpuint (json_array_get_length (ids), ==, 3);

  g_clear_object (&result);
  strata_aws_eks_describe_update_async (client, "alpha", json_array_get_string_element (ids, 2), NULL,
                                        NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  update = strata_aws_eks_describe_update_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (test_aws_get_object (update, "update"), "status"), ==, "Successful");
  g_assert_cmpstr (json_object_get_string_member (test_aws_get_object (update, "update"), "id"), ==,
                   json_array_get_string_element (ids, 2));
}

static void
test_eks_lifecycle (void)
{
  g_autoptr(StrataAwsClient) client = test_aws_default_client (LIFECYCLE_REGION);
  g_autoptr(JsonNode) request = cluster_request ("lifecycle", NULL);
  g_autoptr(JsonNode) nodegroup_request = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) nodegroup = NULL;
  g_autoptr(JsonNode) nodegroups = NULL;
  g_autoptr(JsonNode) in_use = NULL;
  g_autoptr(JsonNode) deleting = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) described = NULL;
  g_autoptr(JsonNode) tags_answer = NULL;
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nodegroup_arn = NULL;

  created = create_cluster (client, request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (test_aws_get_object (created, "cluster"), "status"), ==, "CREATING");
  g_assert_cmpstr (json_object_get_string_member (test_aws_get_object (created, "cluster"), "version"), ==, "1.30");
  wait_for_status (client, "lifecycle", NULL, "ACTIVE");

  nodegroup_request = json_from_string ("{\"nodegroupName\": \"workers\", \"subnets\": [\"subnet-a1\"],"
                                        " \"nodeRole\": \"arn:aws:iam::123456789012:role/strata-eks-node-role\","
                                        " \"instanceTypes\": [\"t3.large\"],"
                                        " \"scalingConfig\": {\"minSize\": 1, \"maxSize\": 3, \"desiredSize\": 2}}",
                                        NULL);
  strata_aws_eks_create_nodegroup_async (client, "lifecycle", nodegroup_request, NULL,
                                         strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  nodegroup = strata_aws_eks_create_nodegroup_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (test_aws_get_object (nodegroup, "nodegroup"), "status"), ==, "CREATING");
  nodegroup_arn = g_strdup (json_object_get_string_member (test_aws_get_object (nodegroup, "nodegroup"), "nodegroupArn"));
  wait_for_status (client, "lifecycle", "workers", "ACTIVE");

  /* A node group ARN has three "/" of its own. */
  tag_resource (client, nodegroup_arn, "pool", "general");
  g_assert_cmpstr (json_object_get_string_member (list_tags (client, nodegroup_arn, &tags_answer), "pool"),
                   ==, "general");

  g_clear_object (&result);
  strata_aws_eks_list_nodegroups_async (client, "lifecycle", NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  nodegroups = strata_aws_eks_list_nodegroups_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_true (array_has_string (test_aws_get_array (nodegroups, "nodegroups"), "workers"));

  /* EKS deletes node groups first: the cluster refuses while one remains. */
  in_use = delete_cluster (client, "lifecycle", &error);
  g_assert_null (in_use);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_IN_USE);
  g_assert_cmpstr (strata_aws_error_get_code (error), ==, "ResourceInUseException");
  g_assert_cmpuint (strata_aws_error_get_http_status (error), ==, 409);
  g_clear_error (&error);

  g_clear_object (&result);
  strata_aws_eks_delete_nodegroup_async (client, "lifecycle", "workers", NULL, strata_test_async_ready, &pending);
  result = strata_test_wait (&pending);
  deleting = strata_aws_eks_delete_nodegroup_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (test_aws_get_object (deleting, "nodegroup"), "status"), ==, "DELETING");
  wait_for_status (client, "lifecycle", "workers", NULL);

  deleted = delete_cluster (client, "lifecycle", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (test_aws_get_object (deleted, "cluster"), "status"), ==, "DELETING");
  wait_for_status (client, "lifecycle", NULL, NULL);

  described = test_aws_describe_cluster (client, "lifecycle", &error);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_NOT_FOUND);
}

/* Endpoints and XML, without the network */

static void
test_endpoints (void)
{
  const struct {
    const char *service;
    const char *region;
    const char *url;
    const char *signing_region;
  } cases[] = {
    { "eks", "us-west-2", "https://eks.us-west-2.amazonaws.com", "us-west-2" },
    { "sts", "eu-central-1", "https://sts.eu-central-1.amazonaws.com", "eu-central-1" },
    { "eks", "cn-north-1", "https://eks.cn-north-1.amazonaws.com.cn", "cn-north-1" },
    { "iam", "eu-west-1", "https://iam.amazonaws.com", "us-east-1" },
    { "iam", "cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1" },
    { "ec2", "us-gov-west-1", "https://ec2.us-gov-west-1.amazonaws.com", "us-gov-west-1" },
  };
  g_autoptr(StrataAwsEndpoint) from_environment = NULL;
  g_autoptr(StrataAwsEndpoint) given = NULL;
  g_autoptr(StrataAwsEndpoint) invalid = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StrataAwsEndpoint) endpoint = strata_aws_endpoint_default (cases[i].service, cases[i].region, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (endpoint->url, ==, cases[i].url);
      g_assert_cmpstr (endpoint->signing_region, ==, cases[i].signing_region);
    }

  /* STRATA_AWS_ENDPOINT_URL points at the fake in this program; a URL
   * given to the call wins over it. The signature keeps the region. */
  from_environment = strata_aws_endpoint_resolve ("iam", "eu-west-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_environment->url, ==, strata_test_fake_aws_get_url (fake));
  g_assert_cmpstr (from_environment->signing_region, ==, "us-east-1");

  given = strata_aws_endpoint_resolve ("eks", "us-west-2", "http://localhost:4566/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (given->url, ==, "http://localhost:4566");

  /* A region becomes part of a host name: nothing else gets in. */
  invalid = strata_aws_endpoint_resolve ("eks", "evil.example.com/", NULL, &error);
  g_assert_null (invalid);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT);
}

static void
test_xml_to_json (void)
{
  const char *xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<DescribeThingsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n"
    "  <requestId>r-1</requestId>\n"
    "  <thingSet>\n"
    "    <item><thingId>a</thingId><tagSet/></item>\n"
    "    <item><thingId>b &amp; c</thingId><tagSet><item><key>k</key><value> v </value></item></tagSet></item>\n"
    "  </thingSet>\n"
    "  <emptySet/>\n"
    "  <Roles/>\n"
    "  <Error><Code>One</Code></Error><Error><Code>Two</Code></Error>\n"
    "</DescribeThingsResponse>";
  const char *list_names[] = { "Roles", NULL };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) broken = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root_name = NULL;
  g_autofree char *json = NULL;

  node = _strata_aws_xml_parse (xml, strlen (xml), list_names, &root_name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (root_name, ==, "DescribeThingsResponse");

  json = json_to_string (node, FALSE);
  g_assert_cmpstr (json, ==,
                   "{\"requestId\":\"r-1\","
                   "\"thingSet\":[{\"thingId\":\"a\",\"tagSet\":[]},"
                   "{\"thingId\":\"b & c\",\"tagSet\":[{\"key\":\"k\",\"value\":\" v \"}]}],"
                   "\"emptySet\":[],\"Roles\":[],"
                   "\"Error\":[{\"Code\":\"One\"},{\"Code\":\"Two\"}]}");

  broken = _strata_aws_xml_parse ("<a><b></a>", 10, NULL, NULL, &error);
  g_assert_null (broken);
  g_assert_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_BAD_RESPONSE);
}

int
main (int    argc,
      char **argv)
{
  static const char * const cleared[] = {
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "KUBERNETES_EXEC_INFO",
    "STRATA_AWS_FIXED_TIME", NULL
  };
  g_autofree char *folder = strata_test_make_folder ();
  g_autofree char *config = g_build_filename (folder, "config", NULL);
  g_autofree char *credentials = g_build_filename (folder, "credentials", NULL);
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Nothing of the user's AWS setup may leak into the tests. */
  for (guint i = 0; cleared[i] != NULL; i++)
    g_unsetenv (cleared[i]);
  g_setenv ("AWS_CONFIG_FILE", config, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", credentials, TRUE);

  fake = strata_test_fake_aws_start ();

  g_test_add_func ("/aws/sts/whoami", test_sts_whoami);
  g_test_add_func ("/aws/ec2/regions", test_ec2_regions);
  g_test_add_func ("/aws/ec2/vpcs-and-subnets", test_ec2_vpcs_and_subnets);
  g_test_add_func ("/aws/iam/list-roles", test_iam_list_roles);
  g_test_add_func ("/aws/eks/list-clusters", test_eks_list_clusters);
  g_test_add_func ("/aws/eks/describe", test_eks_describe);
  g_test_add_func ("/aws/eks/create-validation", test_eks_create_validation);
  g_test_add_func ("/aws/eks/create-idempotent", test_eks_create_idempotent);
  g_test_add_func ("/aws/eks/lifecycle", test_eks_lifecycle);
  g_test_add_func ("/aws/eks/tags", test_eks_tags);
  g_test_add_func ("/aws/eks/updates", test_eks_updates);
  g_test_add_func ("/aws/endpoints", test_endpoints);
  g_test_add_func ("/aws/xml-to-json", test_xml_to_json);
  test_aws_add_error_tests ();
  test_aws_add_token_tests ();
  test_aws_add_cli_tests ();
  test_aws_add_credentials_tests ();

  status = g_test_run ();

  strata_test_fake_aws_stop (fake);
  strata_test_remove_tree (folder);

  return status;
}
