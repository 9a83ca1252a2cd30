/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Service endpoints per region and partition. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-aws-endpoint.h"
#include "strata-aws-error.h"

void
strata_aws_endpoint_free (StrataAwsEndpoint *endpoint)
{
  if (endpoint == NULL)
    return;

  g_free (endpoint->url);
  g_free (endpoint->signing_region);
  g_free (endpoint);
}

const char *
strata_aws_endpoint_dns_suffix (const char *region)
{
  return region != NULL && g_str_has_prefix (region, "cn-") ? "amazonaws.com.cn" : "amazonaws.com";
}

gboolean
strata_aws_endpoint_region_is_valid (const char *region)
{
  if (region == NULL || *region == '\0' || *region == '-')
    return FALSE;

  /* The region becomes part of a host name: nothing else may get in. */
  for (const char *p = region; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;

  return TRUE;
}

static char *
find_override (const char *service,
               const char *url)
{
  g_autofree char *upper = g_ascii_strup (service, -1);
  g_autofree char *variable = g_strconcat ("STRATA_AWS_ENDPOINT_URL_", upper, NULL);

  if (url == NULL || *url == '\0')
    url = g_getenv (variable);
  if (url == NULL || *url == '\0')
    url = g_getenv ("STRATA_AWS_ENDPOINT_URL");
  if (url == NULL || *url == '\0')
    return NULL;

  return g_str_has_suffix (url, "/") ? g_strndup (url, strlen (url) - 1) : g_strdup (url);
}

/**
 * strata_aws_endpoint_default:
 * @service: the endpoint prefix ("eks", "sts", "ec2", "iam")
 * @region: the region
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): AWS' endpoint, or %NULL with a
 *   %STRATA_AWS_ERROR_INVALID_ARGUMENT error
 */
StrataAwsEndpoint *
strata_aws_endpoint_default (const char  *service,
                             const char  *region,
                             GError     **error)
{
  g_autoptr(StrataAwsEndpoint) endpoint = NULL;

  g_return_val_if_fail (service != NULL, NULL);

  if (!strata_aws_endpoint_region_is_valid (region))
    {
      g_set_error (error, STRATA_AWS_ERROR, STRATA_AWS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an AWS region name: expected something like us-west-2"),
                   region != NULL ? region : "");
      return NULL;
    }

  endpoint = g_new0 (StrataAwsEndpoint, 1);

  /* IAM has one endpoint per partition, signed for that partition's home
   * region. */
  if (g_str_equal (service, "iam") && g_str_has_prefix (region, "cn-"))
    {
      endpoint->signing_region = g_strdup ("cn-north-1");
      endpoint->url = g_strdup ("https://iam.cn-north-1.amazonaws.com.cn");
    }
  else if (g_str_equal (service, "iam") && g_str_has_prefix (region, "us-gov-"))
    {
      endpoint->signing_region = g_strdup ("us-gov-west-1");
      endpoint->url = g_strdup ("https://iam.us-gov.amazonaws.com");
    }
  else if (g_str_equal (service, "iam"))
    {
      endpoint->signing_region = g_strdup ("us-east-1");
      endpoint->url = g_strdup ("https://iam.amazonaws.com");
    }
  else
    {
      endpoint->signing_region = g_strdup (region);
      endpoint->url = g_strdup_printf ("https://%s.%s.%s", service, region,
                                       strata_aws_endpoint_dns_suffix (region));
    }

  return g_steal_pointer (&endpoint);
}

/**
 * strata_aws_endpoint_resolve:
 * @service: the endpoint prefix ("eks", "sts", "ec2", "iam")
 * @region: the region
 * @override_url: (nullable): the endpoint to use instead, as "http://host:port"
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the endpoint, or %NULL with a
 *   %STRATA_AWS_ERROR_INVALID_ARGUMENT error
 */
StrataAwsEndpoint *
strata_aws_endpoint_resolve (const char  *service,
                             const char  *region,
                             const char  *override_url,
                             GError     **error)
{
  g_autoptr(StrataAwsEndpoint) endpoint = strata_aws_endpoint_default (service, region, error);
  g_autofree char *override = NULL;

  if (endpoint == NULL)
    return NULL;

  /* The signing region stays the region's: a fake or a proxy checks the
   * signature as AWS would. */
  override = find_override (service, override_url);
  if (override != NULL)
    {
      g_free (endpoint->url);
      endpoint->url = g_steal_pointer (&override);
    }

  return g_steal_pointer (&endpoint);
}
