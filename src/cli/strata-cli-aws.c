/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli aws …: who the credentials are, the regions, the EKS clusters,
 * and EKS tokens for kubeconfigs (Strata as their exec plugin, in place of
 * `aws eks get-token`), through the same async library the application
 * uses. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-aws-client.h"
#include "strata-aws-ec2.h"
#include "strata-aws-eks.h"
#include "strata-aws-eks-token.h"
#include "strata-aws-error.h"
#include "strata-aws-sts.h"
#include "strata-cli.h"

/* The ExecCredential versions a kubeconfig may ask for, as the AWS CLI
 * knows them. */
static const char * const exec_api_versions[] = {
  "client.authentication.k8s.io/v1",
  "client.authentication.k8s.io/v1beta1",
  "client.authentication.k8s.io/v1alpha1",
  NULL
};

typedef struct
{
  char            *profile;
  char           **regions;
  char            *endpoint_url;
  char            *output_text;
  char            *cluster;
  gboolean         all;
  StrataCliOutput  output;
} AwsOptions;

static void
aws_options_clear (AwsOptions *options)
{
  g_clear_pointer (&options->profile, g_free);
  g_clear_pointer (&options->regions, g_strfreev);
  g_clear_pointer (&options->endpoint_url, g_free);
  g_clear_pointer (&options->output_text, g_free);
  g_clear_pointer (&options->cluster, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AwsOptions, aws_options_clear)

/* Parses the shared options plus @extra; returns -1 when all is well, else
 * the exit code. */
static int
parse_options (AwsOptions          *options,
               const char          *parameters,
               const GOptionEntry  *extra,
               int                 *argc,
               char              ***argv)
{
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &options->profile, N_("The AWS profile (default: $AWS_PROFILE or “default”)"), N_("NAME") },
    { "region", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->regions, N_("The AWS region (default: $AWS_REGION or the profile’s)"), N_("REGION") },
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

  /* argv[0] is the command's own name. */
  if (*argc != 1)
    return strata_cli_usage (context, _("wrong number of arguments"));

  return -1;
}

static const char *
first_region (AwsOptions *options)
{
  return options->regions != NULL ? options->regions[0] : NULL;
}

static StrataAwsClient *
new_client (AwsOptions *options,
            const char *region)
{
  g_autoptr(StrataAwsCredentialsProvider) provider = strata_aws_credentials_provider_new (options->profile);
  StrataAwsClient *client = strata_aws_client_new (provider, region);

  strata_aws_client_set_endpoint_url (client, options->endpoint_url);
  return client;
}

static const char *
object_get_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* whoami */

static int
aws_whoami (int    argc,
            char **argv)
{
  g_auto(AwsOptions) options = { 0 };
  g_autoptr(StrataAwsClient) client = NULL;
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) identity = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  int status;

  if ((status = parse_options (&options, NULL, NULL, &argc, &argv)) >= 0)
    return status;

  client = new_client (&options, first_region (&options));
  strata_aws_sts_get_caller_identity_async (client, NULL, strata_cli_async_ready, &pending);
  result = strata_cli_wait (&pending);

  identity = strata_aws_sts_get_caller_identity_finish (client, result, &error);
  if (identity == NULL)
    return strata_cli_fail (error);

  if (options.output != STRATA_CLI_OUTPUT_TEXT)
    {
      strata_cli_print_node (identity, options.output);
      return 0;
    }

  object = json_node_get_object (identity);
  g_print ("Account  %s\nArn      %s\nUserId   %s\n",
           object_get_string (object, "Account"),
           object_get_string (object, "Arn"),
           object_get_string (object, "UserId"));
  return 0;
}

/* regions */

static int
aws_regions (int    argc,
             char **argv)
{
  g_auto(AwsOptions) options = { 0 };
  const GOptionEntry extra[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &options.all, N_("Also the regions the account has not opted in to"), NULL },
    { NULL }
  };
  g_autoptr(StrataAwsClient) client = NULL;
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *regions;
  int status;

  if ((status = parse_options (&options, NULL, extra, &argc, &argv)) >= 0)
    return status;

  client = new_client (&options, first_region (&options));
  strata_aws_ec2_describe_regions_async (client, options.all, NULL, strata_cli_async_ready, &pending);
  result = strata_cli_wait (&pending);

  answer = strata_aws_ec2_describe_regions_finish (client, result, &error);
  if (answer == NULL)
    return strata_cli_fail (error);

  if (options.output != STRATA_CLI_OUTPUT_TEXT)
    {
      strata_cli_print_node (answer, options.output);
      return 0;
    }

  regions = json_object_get_member (json_node_get_object (answer), "regionInfo");
  if (regions != NULL && JSON_NODE_HOLDS_ARRAY (regions))
    {
      JsonArray *array = json_node_get_array (regions);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *region = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (region))
            g_print ("%s\n", object_get_string (json_node_get_object (region), "regionName"));
        }
    }

  return 0;
}

/* eks list */

static int
aws_eks_list (int    argc,
              char **argv)
{
  g_auto(AwsOptions) options = { 0 };
  g_autoptr(JsonArray) clusters = json_array_new ();
  g_autoptr(GPtrArray) regions = g_ptr_array_new ();
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  int status;

  if ((status = parse_options (&options, NULL, NULL, &argc, &argv)) >= 0)
    return status;

  if (options.regions != NULL)
    for (guint i = 0; options.regions[i] != NULL; i++)
      g_ptr_array_add (regions, options.regions[i]);
  else
    g_ptr_array_add (regions, NULL);

  for (guint i = 0; i < regions->len; i++)
    {
      g_autoptr(StrataAwsClient) client = new_client (&options, g_ptr_array_index (regions, i));
      g_autoptr(GAsyncResult) pending = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GError) error = NULL;
      const char *region;
      JsonArray *names;

      strata_aws_eks_list_clusters_async (client, NULL, strata_cli_async_ready, &pending);
      result = strata_cli_wait (&pending);
      answer = strata_aws_eks_list_clusters_finish (client, result, &error);
      if (answer == NULL)
        return strata_cli_fail (error);

      region = strata_aws_client_get_region (client);
      names = json_object_get_array_member (json_node_get_object (answer), "clusters");
      for (guint j = 0; names != NULL && j < json_array_get_length (names); j++)
        {
          JsonObject *cluster = json_object_new ();
          const char *name = json_array_get_string_element (names, j);

          json_object_set_string_member (cluster, "name", name);
          json_object_set_string_member (cluster, "region", region);
          json_array_add_object_element (clusters, cluster);

          if (options.output == STRATA_CLI_OUTPUT_TEXT)
            {
              /* One region: names only, for scripts; several: which is where. */
              if (regions->len > 1)
                g_print ("%s\t%s\n", region, name);
              else
                g_print ("%s\n", name);
            }
        }
    }

  if (options.output != STRATA_CLI_OUTPUT_TEXT)
    {
      json_object_set_array_member (root, "clusters", json_array_ref (clusters));
      node = json_node_init_object (json_node_alloc (), root);
      strata_cli_print_node (node, options.output);
    }

  return 0;
}

/* eks-token */

/* JSON as Python's json.dump (indent=4, ensure_ascii=False) writes it, the
 * way `aws eks get-token` prints: kubeconfigs and scripts that compared
 * its output keep working. */
static void
append_python_json (GString  *out,
                    JsonNode *node,
                    guint     depth)
{
  g_autofree char *indent = g_strnfill (4 * (depth + 1), ' ');
  g_autofree char *closing = g_strnfill (4 * depth, ' ');

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      if (members == NULL)
        {
          g_string_append (out, "{}");
          return;
        }

      g_string_append (out, "{\n");
      for (const GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *key = json_node_init_string (json_node_alloc (), l->data);

          g_string_append (out, indent);
          append_python_json (out, key, depth + 1);
          g_string_append (out, ": ");
          append_python_json (out, json_object_get_member (object, l->data), depth + 1);
          g_string_append (out, l->next != NULL ? ",\n" : "\n");
          json_node_unref (key);
        }
      g_string_append_printf (out, "%s}", closing);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint length = json_array_get_length (array);

      if (length == 0)
        {
          g_string_append (out, "[]");
          return;
        }

      g_string_append (out, "[\n");
      for (guint i = 0; i < length; i++)
        {
          g_string_append (out, indent);
          append_python_json (out, json_array_get_element (array, i), depth + 1);
          g_string_append (out, i + 1 < length ? ",\n" : "\n");
        }
      g_string_append_printf (out, "%s]", closing);
    }
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_string_append_c (out, '"');
      for (const char *p = json_node_get_string (node); *p != '\0'; p++)
        {
          switch (*p)
            {
            case '"': g_string_append (out, "\\\""); break;
            case '\\': g_string_append (out, "\\\\"); break;
            case '\n': g_string_append (out, "\\n"); break;
            case '\r': g_string_append (out, "\\r"); break;
            case '\t': g_string_append (out, "\\t"); break;
            case '\b': g_string_append (out, "\\b"); break;
            case '\f': g_string_append (out, "\\f"); break;
            default:
              if ((guchar)*p < 0x20)
                g_string_append_printf (out, "\\u%04x", (guchar)*p);
              else
                g_string_append_c (out, *p);
            }
        }
      g_string_append_c (out, '"');
    }
  else
    {
      g_autofree char *text = json_to_string (node, FALSE);

      g_string_append (out, text);
    }
}

/* KUBERNETES_EXEC_INFO names the version the kubeconfig asked for; like
 * the AWS CLI, answer v1beta1 when it is missing or unknown. */
static const char *
exec_api_version (void)
{
  const char *info = g_getenv ("KUBERNETES_EXEC_INFO");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  const char *version;

  if (info == NULL || *info == '\0' || !json_parser_load_from_data (parser, info, -1, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  version = object_get_string (json_node_get_object (root), "apiVersion");
  for (guint i = 0; version != NULL && exec_api_versions[i] != NULL; i++)
    if (g_str_equal (version, exec_api_versions[i]))
      return exec_api_versions[i];

  return NULL;
}

/* STRATA_AWS_FIXED_TIME pins the signing clock, for the tests that compare
 * tokens with the AWS CLI's: never set it otherwise, a token from the past
 * is refused. */
static GDateTime *
signing_time (GError **error)
{
  const char *fixed = g_getenv ("STRATA_AWS_FIXED_TIME");
  GDateTime *time;

  if (fixed == NULL || *fixed == '\0')
    return g_date_time_new_now_utc ();

  time = g_date_time_new_from_iso8601 (fixed, NULL);
  if (time == NULL)
    {
      g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT,
                   _("STRATA_AWS_FIXED_TIME “%s” is not a time like 2015-08-30T12:36:00Z"), fixed);
      return NULL;
    }

  g_printerr (_("strata-cli: signing at the fixed time %s from STRATA_AWS_FIXED_TIME (for tests only)\n"),
              fixed);
  return time;
}

static int
aws_eks_token (int    argc,
               char **argv)
{
  g_auto(AwsOptions) options = { 0 };
  const GOptionEntry extra[] = {
    { "cluster", 0, 0, G_OPTION_ARG_STRING, &options.cluster, N_("The EKS cluster’s name"), N_("NAME") },
    { NULL }
  };
  g_autoptr(StrataAwsCredentialsProvider) provider = NULL;
  g_autoptr(StrataAwsCredentials) credentials = NULL;
  g_autoptr(StrataAwsEksToken) token = NULL;
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(JsonNode) credential = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *region;
  int status;

  if ((status = parse_options (&options, NULL, extra, &argc, &argv)) >= 0)
    return status;

  if (options.cluster == NULL || *options.cluster == '\0')
    return strata_cli_usage (NULL, _("eks-token needs --cluster NAME"));

  if ((now = signing_time (&error)) == NULL)
    return strata_cli_fail (error);

  provider = strata_aws_credentials_provider_new (options.profile);
  strata_aws_credentials_provider_resolve_async (provider, NULL, strata_cli_async_ready, &pending);
  result = strata_cli_wait (&pending);
  credentials = strata_aws_credentials_provider_resolve_finish (provider, result, &error);
  if (credentials == NULL)
    return strata_cli_fail (error);

  region = first_region (&options);
  if (region == NULL)
    region = strata_aws_credentials_provider_get_region (provider);
  if (region == NULL)
    return strata_cli_usage (NULL, _("eks-token needs --region, AWS_REGION or a region in the profile"));

  token = strata_aws_eks_token_new (credentials, region, options.cluster, now, &error);
  if (token == NULL)
    return strata_cli_fail (error);

  credential = strata_aws_eks_token_to_exec_credential (token, exec_api_version ());
  if (options.output == STRATA_CLI_OUTPUT_YAML)
    {
      strata_cli_print_node (credential, options.output);
      return 0;
    }

  /* Text and JSON alike: an exec plugin answers JSON. */
  append_python_json (text, credential, 0);
  g_print ("%s\n\n", text->str);
  return 0;
}

static int
print_aws_usage (void)
{
  g_printerr ("%s",
              _("Usage: strata-cli aws COMMAND [--profile NAME] [--region REGION] [-o text|json|yaml]\n"
                "\n"
                "Commands:\n"
                "  whoami                   who the credentials belong to (STS GetCallerIdentity)\n"
                "  regions [--all]          the EC2 regions of the account\n"
                "  eks list                 the EKS clusters (--region may repeat)\n"
                "  eks import NAME|--all [--as N]   record EKS clusters in Strata, with their tags\n"
                "                           (--all takes several --region)\n"
                "  eks create NAME --role-arn ARN --subnets A,B [--version K]\n"
                "      [--nodegroup NAME:TYPE:MIN:MAX:DESIRED --node-role-arn ARN]… [--tag T]…\n"
                "      [--attach PROFILE@VERSION]\n"
                "                           create a cluster and node groups; waits until ACTIVE,\n"
                "                           then applies the attached profile\n"
                "  eks delete NAME --yes [--no-wait]   node groups, then the cluster, then the record\n"
                "  eks delete NAME --yes --force       forget a cluster deleting for 15 minutes or more\n"
                "  eks connect NAME         reach the cluster’s API with Strata’s own EKS token\n"
                "  eks-token --cluster NAME an ExecCredential for kubeconfigs, like “aws eks get-token”\n"
                "\n"
                "Credentials come from AWS_ACCESS_KEY_ID…, the keyring, or ~/.aws profiles;\n"
                "--endpoint-url or STRATA_AWS_ENDPOINT_URL sends the calls to another endpoint.\n"));
  return STRATA_CLI_EXIT_USAGE;
}

int
strata_cli_aws (int    argc,
                char **argv)
{
  if (argc < 2)
    return print_aws_usage ();

  if (g_str_equal (argv[1], "whoami"))
    return aws_whoami (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "regions"))
    return aws_regions (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "eks-token"))
    return aws_eks_token (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "eks") && argc >= 3 && g_str_equal (argv[2], "list"))
    return aws_eks_list (argc - 2, argv + 2);
  if (g_str_equal (argv[1], "eks") && argc >= 3)
    {
      int status = strata_cli_aws_eks (argc - 2, argv + 2);

      return status >= 0 ? status : print_aws_usage ();
    }

  if (!g_str_equal (argv[1], "--help") && !g_str_equal (argv[1], "-h"))
    g_printerr (_("strata-cli: unknown aws command “%s”\n"), argv[1]);

  return print_aws_usage ();
}
