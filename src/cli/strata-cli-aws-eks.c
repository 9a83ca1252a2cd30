/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli aws eks import|create|delete|connect: EKS clusters as Strata
 * cluster records, and the EKS side of "cluster tag" and "cluster
 * kubeconfig". */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-aws-eks-clusters.h"
#include "strata-aws-eks.h"
#include "strata-aws-error.h"
#include "strata-cli.h"
#include "strata-core.h"
#include "strata-kube-client.h"
#include "strata-store.h"

typedef struct
{
  char            *profile;
  char           **regions;
  const char      *region;   /* the first of them */
  char            *endpoint_url;
  char            *output_text;
  StrataCliOutput  output;
} EksOptions;

static void
eks_options_clear (EksOptions *options)
{
  g_clear_pointer (&options->profile, g_free);
  g_clear_pointer (&options->regions, g_strfreev);
  g_clear_pointer (&options->endpoint_url, g_free);
  g_clear_pointer (&options->output_text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EksOptions, eks_options_clear)

static int
parse_options (EksOptions          *options,
               const char          *parameters,
               const GOptionEntry  *extra,
               int                 *argc,
               char              ***argv,
               int                  min_positional,
               int                  max_positional)
{
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &options->profile, N_("The AWS profile (default: $AWS_PROFILE or “default”)"), N_("NAME") },
    { "region", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->regions,
      N_("The AWS region (default: $AWS_REGION or the profile’s; import --all takes several)"), N_("REGION") },
    { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, &options->endpoint_url, N_("Send the calls there instead of to AWS"), N_("URL") },
    { "output", 'o', 0, G_OPTION_ARG_STRING, &options->output_text, N_("text, json or yaml"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (extra != NULL)
    g_option_context_add_main_entries (context, extra, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    return strata_cli_usage (context, error->message);
  if (!strata_cli_parse_output (options->output_text, &options->output, &error))
    return strata_cli_usage (NULL, error->message);
  if (*argc - 1 < min_positional || *argc - 1 > max_positional)
    return strata_cli_usage (context, _("wrong number of arguments"));
  options->region = options->regions != NULL ? options->regions[0] : NULL;

  return -1;
}

static GDateTime *
fixed_now (gpointer user_data)
{
  return g_date_time_ref (user_data);
}

/* STRATA_AWS_FIXED_TIME pins the clock for the tests (see eks-token);
 * STRATA_AWS_POLL_MS makes them wait for AWS milliseconds, not seconds. */
static StrataAwsEksClusters *
new_clusters (StrataClusterStore *store,
              const char         *profile,
              const char         *endpoint_url)
{
  g_autoptr(StrataAwsCredentialsProvider) provider = strata_aws_credentials_provider_new (profile);
  StrataAwsEksClusters *clusters = strata_aws_eks_clusters_new (provider, store);
  const char *fixed = g_getenv ("STRATA_AWS_FIXED_TIME");
  const char *poll = g_getenv ("STRATA_AWS_POLL_MS");
  guint64 poll_ms;

  strata_aws_eks_clusters_set_endpoint_url (clusters, endpoint_url);
  if (fixed != NULL && *fixed != '\0')
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (fixed, NULL);

      if (now != NULL)
        {
          strata_aws_eks_clusters_set_fixed_time (clusters, now);
          strata_aws_eks_token_cache_set_now_func (strata_aws_eks_clusters_get_token_cache (clusters),
                                                   fixed_now, g_date_time_ref (now),
                                                   (GDestroyNotify)g_date_time_unref);
        }
    }
  if (poll != NULL && g_ascii_string_to_unsigned (poll, 10, 1, 60000, &poll_ms, NULL))
    strata_aws_eks_clusters_set_poll_interval (clusters, poll_ms, poll_ms * 8);

  return clusters;
}

static StrataClusterStore *
load_store (GError **error)
{
  g_autoptr(StrataStore) profiles = strata_store_new_default ();
  g_autoptr(StrataClusterStore) store = strata_cluster_store_new (profiles);
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *problems;

  strata_cluster_store_load_async (store, NULL, strata_cli_async_ready, &result);
  if (!strata_cluster_store_load_finish (store, strata_cli_wait (&result), error))
    return NULL;

  problems = strata_cluster_store_get_problems (store);
  for (guint i = 0; i < problems->len; i++)
    g_printerr (_("strata-cli: warning: skipped %s\n"), ((GError *)g_ptr_array_index (problems, i))->message);

  return g_steal_pointer (&store);
}

static gboolean
load_profiles (StrataClusterStore  *store,
               GError             **error)
{
  StrataStore *profiles = strata_cluster_store_get_profile_store (store);
  g_autoptr(GAsyncResult) result = NULL;

  strata_store_load_async (profiles, NULL, strata_cli_async_ready, &result);
  return strata_store_load_finish (profiles, strata_cli_wait (&result), error);
}

static StrataCluster *
require_eks_record (StrataClusterStore  *store,
                    const char          *name,
                    GError             **error)
{
  StrataCluster *cluster = strata_cluster_store_find_cluster (store, name);

  if (cluster == NULL)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("no cluster named “%s” (see “strata-cli cluster list”)"), name);
      return NULL;
    }
  if (strata_cluster_get_source (cluster) != STRATA_CLUSTER_SOURCE_EKS)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("cluster “%s” comes from %s, not EKS: use “strata-cli cluster remove” for it"),
                   name, strata_cluster_source_to_string (strata_cluster_get_source (cluster)));
      return NULL;
    }
  return cluster;
}

static void
print_record (StrataCluster   *cluster,
              StrataCliOutput  output,
              const char      *verb)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *tags = NULL;

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      node = strata_cluster_to_json (cluster);
      strata_cli_print_node (node, output);
      return;
    }

  tags = g_strjoinv (", ", (char **)strata_cluster_get_tags (cluster));
  g_print (_("%s cluster %s (%s), status %s, tags: %s\n"), verb, strata_cluster_get_name (cluster),
           strata_cluster_get_eks_arn (cluster),
           strata_cluster_status_to_string (strata_cluster_get_status (cluster)),
           *tags != '\0' ? tags : "-");
}

/* import */

static int
import_one (StrataAwsEksClusters *clusters,
            const char           *region,
            const char           *eks_name,
            const char           *record_name,
            StrataCliOutput       output)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(StrataCluster) cluster = NULL;
  g_autoptr(GError) error = NULL;

  strata_aws_eks_clusters_import_async (clusters, region, eks_name, record_name, NULL,
                                        strata_cli_async_ready, &result);
  if (!(cluster = strata_aws_eks_clusters_import_finish (clusters, strata_cli_wait (&result), &error)))
    return strata_cli_fail (error);

  print_record (cluster, output, _("Imported"));
  return 0;
}

/* Every cluster ListClusters names in @region; one failure (a name Strata
 * cannot take) does not stop the others. */
static int
import_region (StrataAwsEksClusters *clusters,
               const char           *region,
               StrataCliOutput       output)
{
  g_autoptr(StrataAwsClient) client = strata_aws_eks_clusters_new_client (clusters, region);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *names;
  int status = 0;

  strata_aws_eks_list_clusters_async (client, NULL, strata_cli_async_ready, &result);
  if (!(answer = strata_aws_eks_list_clusters_finish (client, strata_cli_wait (&result), &error)))
    {
      g_prefix_error (&error, _("region %s: "), strata_aws_client_get_region (client));
      return strata_cli_fail (error);
    }

  names = json_object_get_array_member (json_node_get_object (answer), "clusters");
  for (guint i = 0; names != NULL && i < json_array_get_length (names); i++)
    if (import_one (clusters, strata_aws_client_get_region (client),
                    json_array_get_string_element (names, i), NULL, output) != 0)
      status = STRATA_CLI_EXIT_FAILED;

  return status;
}

static int
eks_import (int    argc,
            char **argv)
{
  g_auto(EksOptions) options = { 0 };
  g_autofree char *record_name = NULL;
  gboolean all = FALSE;
  const GOptionEntry extra[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Every EKS cluster of the region"), NULL },
    { "as", 0, 0, G_OPTION_ARG_STRING, &record_name, N_("The name in Strata (default: the EKS name)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(StrataClusterStore) store = NULL;
  g_autoptr(StrataAwsEksClusters) clusters = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_options (&options, _("NAME|--all"), extra, &argc, &argv, 0, 1)) >= 0)
    return status;
  if (all == (argc == 2))
    return strata_cli_usage (NULL, _("give either a cluster NAME or --all"));
  if (!all && options.regions != NULL && options.regions[0] != NULL && options.regions[1] != NULL)
    return strata_cli_usage (NULL, _("one cluster is in one region: give --region once (several go with --all)"));
  if (all && record_name != NULL)
    return strata_cli_usage (NULL, _("--as names one cluster; it does not go with --all"));

  if (!(store = load_store (&error)))
    return strata_cli_fail (error);
  clusters = new_clusters (store, options.profile, options.endpoint_url);

  if (!all)
    return import_one (clusters, options.region, argv[1], record_name, options.output);

  status = 0;
  for (guint r = 0; r == 0 || (options.regions != NULL && options.regions[r] != NULL); r++)
    if (import_region (clusters, options.regions != NULL ? options.regions[r] : NULL, options.output) != 0)
      status = STRATA_CLI_EXIT_FAILED;

  return status;
}

/* create */

static JsonNode *
string_array (const char * const *items)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    json_array_add_string_element (array, items[i]);
  return json_node_init_array (json_node_alloc (), array);
}

/* "name:instance-type:min:max:desired" -> a CreateNodegroup body. */
static JsonNode *
parse_nodegroup (const char          *text,
                 const char          *node_role,
                 const char * const  *subnets,
                 GError             **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  guint64 sizes[3];
  JsonObject *body, *scaling;
  const char *instance_types[2] = { NULL, NULL };

  if (g_strv_length (parts) != 5 || *parts[0] == '\0' || *parts[1] == '\0')
    {
      g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT,
                   _("--nodegroup “%s”: expected NAME:INSTANCE-TYPE:MIN:MAX:DESIRED, like workers:t3.medium:1:3:2"), text);
      return NULL;
    }
  for (guint i = 0; i < 3; i++)
    if (!g_ascii_string_to_unsigned (parts[2 + i], 10, 0, 450, &sizes[i], NULL))
      {
        g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT,
                     _("--nodegroup “%s”: “%s” is not a node count (0 to 450)"), text, parts[2 + i]);
        return NULL;
      }
  if (!(sizes[0] <= sizes[2] && sizes[2] <= sizes[1]) || sizes[1] == 0)
    {
      g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT,
                   _("--nodegroup “%s”: need MIN ≤ DESIRED ≤ MAX and MAX ≥ 1"), text);
      return NULL;
    }

  instance_types[0] = parts[1];
  body = json_object_new ();
  json_object_set_string_member (body, "nodegroupName", parts[0]);
  json_object_set_string_member (body, "nodeRole", node_role);
  json_object_set_member (body, "subnets", string_array (subnets));
  json_object_set_member (body, "instanceTypes", string_array (instance_types));
  scaling = json_object_new ();
  json_object_set_int_member (scaling, "minSize", sizes[0]);
  json_object_set_int_member (scaling, "maxSize", sizes[1]);
  json_object_set_int_member (scaling, "desiredSize", sizes[2]);
  json_object_set_object_member (body, "scalingConfig", scaling);
  return json_node_init_object (json_node_alloc (), body);
}

static JsonNode *
cluster_request (const char          *name,
                 const char          *version,
                 const char          *role_arn,
                 const char * const  *subnets,
                 const char * const  *tags,
                 gboolean             private_endpoint,
                 GError             **error)
{
  g_auto(GStrv) normalized = NULL;
  JsonObject *body = json_object_new ();
  JsonObject *vpc = json_object_new ();
  JsonObject *tag_object = json_object_new ();

  json_object_set_string_member (body, "name", name);
  json_object_set_string_member (body, "roleArn", role_arn);
  if (version != NULL)
    json_object_set_string_member (body, "version", version);
  json_object_set_member (vpc, "subnetIds", string_array (subnets));
  json_object_set_boolean_member (vpc, "endpointPublicAccess", !private_endpoint);
  json_object_set_boolean_member (vpc, "endpointPrivateAccess", private_endpoint);
  json_object_set_object_member (body, "resourcesVpcConfig", vpc);

  if (!(normalized = strata_cluster_normalize_tags (tags, error)))
    {
      json_object_unref (tag_object);
      json_object_unref (body);
      return NULL;
    }
  for (guint i = 0; normalized[i] != NULL; i++)
    {
      const char *colon = strchr (normalized[i], ':');
      g_autofree char *key = colon ? g_strndup (normalized[i], colon - normalized[i]) : g_strdup (normalized[i]);

      json_object_set_string_member (tag_object, key, colon ? colon + 1 : "");
    }
  json_object_set_object_member (body, "tags", tag_object);

  return json_node_init_object (json_node_alloc (), body);
}

static int
eks_create (int    argc,
            char **argv)
{
  g_auto(EksOptions) options = { 0 };
  g_autofree char *version = NULL;
  g_autofree char *role_arn = NULL;
  g_autofree char *node_role_arn = NULL;
  g_autofree char *subnet_list = NULL;
  g_auto(GStrv) nodegroup_specs = NULL;
  g_auto(GStrv) tags = NULL;
  g_autofree char *attach = NULL;
  gboolean private_endpoint = FALSE;
  const GOptionEntry extra[] = {
    { "attach", 0, 0, G_OPTION_ARG_STRING, &attach,
      N_("Attach this profile version; it is applied once the cluster and node groups are ACTIVE"),
      N_("PROFILE@VERSION") },
    { "version", 0, 0, G_OPTION_ARG_STRING, &version, N_("Kubernetes version, like 1.29 (default: EKS’)"), N_("K") },
    { "role-arn", 0, 0, G_OPTION_ARG_STRING, &role_arn, N_("The cluster’s IAM role (required)"), N_("ARN") },
    { "subnets", 0, 0, G_OPTION_ARG_STRING, &subnet_list, N_("Subnets in two zones or more, comma-separated (required)"), N_("IDS") },
    { "nodegroup", 0, 0, G_OPTION_ARG_STRING_ARRAY, &nodegroup_specs, N_("A managed node group (repeatable)"), N_("NAME:TYPE:MIN:MAX:DESIRED") },
    { "node-role-arn", 0, 0, G_OPTION_ARG_STRING, &node_role_arn, N_("The node groups’ IAM role (required with --nodegroup)"), N_("ARN") },
    { "tag", 't', 0, G_OPTION_ARG_STRING_ARRAY, &tags, N_("A tag, key or key:value (repeatable)"), N_("TAG") },
    { "private-endpoint", 0, 0, G_OPTION_ARG_NONE, &private_endpoint, N_("API endpoint reachable from the VPC only"), NULL },
    { NULL }
  };
  g_autoptr(GPtrArray) nodegroups = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_autoptr(StrataClusterStore) store = NULL;
  g_autoptr(StrataAwsEksClusters) clusters = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(StrataCluster) cluster = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) subnets = NULL;
  g_auto(GStrv) reference = NULL;
  int status;

  if ((status = parse_options (&options, _("NAME --role-arn ARN --subnets A,B [--nodegroup …]… [--attach P@V]"), extra,
                               &argc, &argv, 1, 1)) >= 0)
    return status;
  if (attach != NULL &&
      (g_strv_length (reference = g_strsplit (attach, "@", 2)) != 2 || *reference[0] == '\0' || *reference[1] == '\0'))
    return strata_cli_usage (NULL, _("--attach expects PROFILE@VERSION, like web@1.0.0"));
  if (role_arn == NULL || subnet_list == NULL)
    return strata_cli_usage (NULL, _("eks create needs --role-arn ARN and --subnets A,B"));
  if (options.regions != NULL && options.regions[0] != NULL && options.regions[1] != NULL)
    return strata_cli_usage (NULL, _("a cluster is created in one region: give --region once"));
  if (nodegroup_specs != NULL && node_role_arn == NULL)
    return strata_cli_usage (NULL, _("--nodegroup needs --node-role-arn ARN"));

  subnets = g_strsplit (subnet_list, ",", -1);
  for (guint i = 0; nodegroup_specs != NULL && nodegroup_specs[i] != NULL; i++)
    {
      JsonNode *body = parse_nodegroup (nodegroup_specs[i], node_role_arn, (const char * const *)subnets, &error);

      if (body == NULL)
        return strata_cli_usage (NULL, error->message);
      g_ptr_array_add (nodegroups, body);
    }
  if (!(request = cluster_request (argv[1], version, role_arn, (const char * const *)subnets,
                                   (const char * const *)tags, private_endpoint, &error)))
    return strata_cli_usage (NULL, error->message);

  /* The profiles: --attach is checked before anything is created. */
  if (!(store = load_store (&error)) || !load_profiles (store, &error))
    return strata_cli_fail (error);
  clusters = new_clusters (store, options.profile, options.endpoint_url);

  if (options.output == STRATA_CLI_OUTPUT_TEXT)
    g_print (_("Creating EKS cluster %s, then %u node group(s); this takes a while on AWS…\n"),
             argv[1], nodegroups->len);
  strata_aws_eks_clusters_create_attached_async (clusters, options.region, request, nodegroups,
                                                 reference ? reference[0] : NULL, reference ? reference[1] : NULL,
                                                 NULL, strata_cli_async_ready, &result);
  if (!(cluster = strata_aws_eks_clusters_create_finish (clusters, strata_cli_wait (&result), &error)))
    return strata_cli_fail (error);

  print_record (cluster, options.output, _("Created"));
  if (strata_cluster_get_profile_name (cluster) == NULL)
    return 0;

  /* Provisioning is over: the attached profile goes on now. */
  if (options.output == STRATA_CLI_OUTPUT_TEXT)
    g_print (_("Applying %s@%s to cluster %s…\n"), strata_cluster_get_profile_name (cluster),
             strata_cluster_get_profile_version (cluster), argv[1]);
  return strata_cli_cluster_apply_attached (store, cluster, STRATA_CLUSTER_RESOLVER (clusters), options.output);
}

/* delete */

static int
force_delete (StrataAwsEksClusters *clusters,
              StrataCluster        *cluster)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) leftovers = NULL;

  strata_aws_eks_clusters_force_delete_async (clusters, cluster, NULL, strata_cli_async_ready, &result);
  if (!(leftovers = strata_aws_eks_clusters_force_delete_finish (clusters, strata_cli_wait (&result), &error)))
    return strata_cli_fail (error);

  g_print (_("Removed cluster %s from Strata without waiting for AWS.\n"), strata_cluster_get_name (cluster));
  if (leftovers[0] != NULL)
    {
      g_print (_("These may still exist in the AWS account (and cost money); check and delete them there:\n"));
      for (guint i = 0; leftovers[i] != NULL; i++)
        g_print ("  - %s\n", leftovers[i]);
    }
  return 0;
}

static int
eks_delete (int    argc,
            char **argv)
{
  g_auto(EksOptions) options = { 0 };
  gboolean yes = FALSE, force = FALSE, no_wait = FALSE;
  const GOptionEntry extra[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Delete without asking (required: this deletes the cluster in AWS)"), NULL },
    { "no-wait", 0, 0, G_OPTION_ARG_NONE, &no_wait, N_("Return once AWS started deleting"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Forget a cluster still deleting after 15 minutes"), NULL },
    { NULL }
  };
  g_autoptr(StrataClusterStore) store = NULL;
  g_autoptr(StrataAwsEksClusters) clusters = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataCluster *cluster;
  int status;

  if ((status = parse_options (&options, _("NAME --yes [--no-wait] [--force]"), extra, &argc, &argv, 1, 1)) >= 0)
    return status;
  if (!yes)
    return strata_cli_usage (NULL, _("deleting an EKS cluster deletes it in AWS, with its node groups: confirm with --yes"));

  if (!(store = load_store (&error)) ||
      !(cluster = require_eks_record (store, argv[1], &error)))
    return strata_cli_fail (error);
  clusters = new_clusters (store, options.profile, options.endpoint_url);

  if (force)
    return force_delete (clusters, cluster);

  g_print (_("Deleting EKS cluster %s: node groups first, then the cluster…\n"), argv[1]);
  strata_aws_eks_clusters_delete_async (clusters, cluster, !no_wait, NULL, strata_cli_async_ready, &result);
  if (!strata_aws_eks_clusters_delete_finish (clusters, strata_cli_wait (&result), &error))
    return strata_cli_fail (error);

  if (strata_cluster_get_status (cluster) == STRATA_CLUSTER_STATUS_DELETED)
    g_print (_("Deleted cluster %s and its record\n"), argv[1]);
  else
    g_print (_("Cluster %s is deleting; run this again to go on and wait\n"), argv[1]);
  return 0;
}

/* connect: the native path the application uses, checked end to end */

static StrataKubeEndpoint *
connect_endpoint (StrataAwsEksClusters  *clusters,
                  StrataCluster         *cluster,
                  GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(StrataTokenProvider) provider = NULL;
  g_autofree char *server = NULL;
  g_autofree char *ca_pem = NULL;
  StrataKubeEndpoint *endpoint;

  strata_aws_eks_clusters_connect_async (clusters, cluster, NULL, strata_cli_async_ready, &result);
  if (!strata_aws_eks_clusters_connect_finish (clusters, strata_cli_wait (&result),
                                               &server, &ca_pem, &provider, error))
    return NULL;

  endpoint = strata_kube_endpoint_new (server);
  strata_kube_endpoint_set_names (endpoint, strata_cluster_get_name (cluster),
                                  strata_cluster_get_eks_arn (cluster), strata_cluster_get_name (cluster));
  strata_kube_endpoint_set_certificate_authority (endpoint, ca_pem);
  strata_kube_endpoint_set_token_provider (endpoint, provider);
  return endpoint;
}

static int
eks_connect (int    argc,
             char **argv)
{
  g_auto(EksOptions) options = { 0 };
  g_autoptr(StrataClusterStore) store = NULL;
  g_autoptr(StrataAwsEksClusters) clusters = NULL;
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;
  g_autoptr(StrataKubeClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) version = NULL;
  g_autoptr(JsonNode) namespaces = NULL;
  g_autoptr(GError) error = NULL;
  StrataCluster *cluster;
  JsonArray *items;
  int status;

  if ((status = parse_options (&options, _("NAME"), NULL, &argc, &argv, 1, 1)) >= 0)
    return status;
  if (!(store = load_store (&error)) ||
      !(cluster = require_eks_record (store, argv[1], &error)))
    return strata_cli_fail (error);
  clusters = new_clusters (store, options.profile, options.endpoint_url);

  if (!(endpoint = connect_endpoint (clusters, cluster, &error)) ||
      !(client = strata_kube_client_new (endpoint, &error)))
    return strata_cli_fail (error);

  strata_kube_client_get_version_async (client, NULL, strata_cli_async_ready, &result);
  if (!(version = strata_kube_client_get_version_finish (client, strata_cli_wait (&result), &error)))
    return strata_cli_fail (error);

  /* /version answers anyone: the namespaces show the token was taken. */
  strata_kube_client_list_async (client, "v1", "Namespace", NULL, NULL, 0, NULL, strata_cli_async_ready, &result);
  if (!(namespaces = strata_kube_client_list_finish (client, strata_cli_wait (&result), &error)))
    return strata_cli_fail (error);

  if (options.output != STRATA_CLI_OUTPUT_TEXT)
    {
      strata_cli_print_node (version, options.output);
      return 0;
    }

  items = json_object_get_array_member (json_node_get_object (namespaces), "items");
  g_print (_("Connected to %s at %s: Kubernetes %s, %u namespaces\n"), argv[1],
           strata_kube_endpoint_get_server (endpoint),
           json_object_get_string_member_with_default (json_node_get_object (version), "gitVersion", "?"),
           items != NULL ? json_array_get_length (items) : 0);
  return 0;
}

/* Hooks of "strata-cli cluster" */

int
strata_cli_aws_push_tags (StrataClusterStore *store,
                          StrataCluster      *edited,
                          const char * const *before)
{
  g_autoptr(StrataAwsEksClusters) clusters = new_clusters (store, NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  strata_aws_eks_clusters_push_tags_async (clusters, edited, before, NULL, strata_cli_async_ready, &result);
  if (!strata_aws_eks_clusters_push_tags_finish (clusters, strata_cli_wait (&result), &error))
    {
      g_prefix_error (&error, _("the tags of EKS cluster “%s” did not change (in AWS nor in Strata): "),
                      strata_cluster_get_name (edited));
      return strata_cli_fail (error);
    }
  return 0;
}

/* The command kubectl runs for tokens: this very strata-cli, by name when
 * PATH finds it, else by its full path. */
static char *
exec_command (void)
{
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *on_path = g_find_program_in_path ("strata-cli");
  g_autofree char *resolved = on_path ? g_canonicalize_filename (on_path, NULL) : NULL;

  if (self_path == NULL || (resolved != NULL && g_str_equal (resolved, self_path)))
    return g_strdup ("strata-cli");
  return g_steal_pointer (&self_path);
}

StrataClusterResolver *
strata_cli_aws_eks_resolver (StrataClusterStore *store)
{
  return STRATA_CLUSTER_RESOLVER (new_clusters (store, NULL, NULL));
}

StrataKubeEndpoint *
strata_cli_aws_eks_kubeconfig_endpoint (StrataClusterStore  *store,
                                        StrataCluster       *cluster,
                                        GError             **error)
{
  g_autoptr(StrataAwsEksClusters) clusters = new_clusters (store, NULL, NULL);
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) exec = NULL;
  g_autofree char *command = exec_command ();
  const char *args[] = { "aws", "eks-token", "--cluster", strata_aws_eks_cluster_name (cluster),
                         "--region", strata_cluster_get_eks_region (cluster) };

  if (!(endpoint = connect_endpoint (clusters, cluster, error)))
    return NULL;

  /* Same token, made by "strata-cli aws eks-token" for kubectl: no aws
   * binary needed. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, "client.authentication.k8s.io/v1beta1");
  json_builder_set_member_name (builder, "command");
  json_builder_add_string_value (builder, command);
  json_builder_set_member_name (builder, "args");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (args); i++)
    json_builder_add_string_value (builder, args[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "interactiveMode");
  json_builder_add_string_value (builder, "Never");
  json_builder_set_member_name (builder, "provideClusterInfo");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  exec = json_builder_get_root (builder);

  strata_kube_endpoint_set_token_provider (endpoint, NULL);
  strata_kube_endpoint_set_exec (endpoint, exec, NULL);
  return g_steal_pointer (&endpoint);
}

int
strata_cli_aws_eks (int    argc,
                    char **argv)
{
  if (g_str_equal (argv[0], "import"))
    return eks_import (argc, argv);
  if (g_str_equal (argv[0], "create"))
    return eks_create (argc, argv);
  if (g_str_equal (argv[0], "delete"))
    return eks_delete (argc, argv);
  if (g_str_equal (argv[0], "connect"))
    return eks_connect (argc, argv);

  g_printerr (_("strata-cli: unknown aws eks command “%s”\n"), argv[0]);
  return -1;
}
