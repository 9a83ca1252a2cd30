/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "strata-sandbox-eks-auth.h"

#define TOKEN_PREFIX      "k8s-aws-v1."
#define EXPIRES           60
#define MAX_SKEW_SECONDS  (15 * 60)

static const char * const known_members[] = {
  "Action", "Version", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
  "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token", NULL
};

static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, format, args));
  va_end (args);
  return FALSE;
}

/* Unpadded base64url, strictly: no "=", no "+" or "/". */
static char *
decode_base64url (const char *text)
{
  gsize length = strlen (text);
  g_autoptr(GString) standard = g_string_sized_new (length + 3);
  g_autofree guchar *bytes = NULL;
  gsize n_bytes;

  if (length == 0 || length % 4 == 1)
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (standard, *p);
      else if (*p == '-')
        g_string_append_c (standard, '+');
      else if (*p == '_')
        g_string_append_c (standard, '/');
      else
        return NULL;
    }
  while (standard->len % 4 != 0)
    g_string_append_c (standard, '=');

  bytes = g_base64_decode (standard->str, &n_bytes);
  if (bytes == NULL || !g_utf8_validate ((const char *)bytes, n_bytes, NULL) ||
      memchr (bytes, '\0', n_bytes) != NULL)
    return NULL;
  return g_strndup ((const char *)bytes, n_bytes);
}

/* sts.amazonaws.com (global) or sts.REGION.amazonaws.com[.cn]; @region
 * gets REGION, or NULL for the global one. */
static gboolean
parse_sts_host (const char  *host,
                char       **region)
{
  static const char * const suffixes[] = { ".amazonaws.com", ".amazonaws.com.cn" };
  const char *rest;

  *region = NULL;
  if (host == NULL || !g_str_has_prefix (host, "sts."))
    return FALSE;
  rest = host + strlen ("sts.");
  if (g_str_equal (rest, "amazonaws.com"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (rest, suffixes[i]) && strlen (rest) > strlen (suffixes[i]))
      {
        g_autofree char *name = g_strndup (rest, strlen (rest) - strlen (suffixes[i]));

        if (strchr (name, '.') == NULL)
          {
            *region = g_steal_pointer (&name);
            return TRUE;
          }
      }
  return FALSE;
}

static GDateTime *
parse_amz_date (const char *text)
{
  g_autofree char *iso = NULL;

  /* 20260501T080000Z */
  if (text == NULL || strlen (text) != 16 || text[8] != 'T' || text[15] != 'Z')
    return NULL;
  for (guint i = 0; i < 15; i++)
    if (i != 8 && !g_ascii_isdigit (text[i]))
      return NULL;

  iso = g_strdup_printf ("%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", text, text + 4, text + 6, text + 9, text + 11, text + 13);
  return g_date_time_new_from_iso8601 (iso, NULL);
}

static gboolean
is_hex_signature (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
check_credential (const char  *credential,
                  const char  *amz_date,
                  const char  *host_region,
                  GError     **error)
{
  g_auto(GStrv) scope = credential != NULL ? g_strsplit (credential, "/", -1) : NULL;

  if (scope == NULL || g_strv_length (scope) != 5 || *scope[0] == '\0' || *scope[2] == '\0' ||
      !g_str_equal (scope[3], "sts") || !g_str_equal (scope[4], "aws4_request"))
    return fail (error, "X-Amz-Credential “%s” is not KEY/DATE/REGION/sts/aws4_request",
                 credential ? credential : "");
  if (strncmp (scope[1], amz_date, 8) != 0 || strlen (scope[1]) != 8)
    return fail (error, "the credential’s date %s is not the day of X-Amz-Date %s", scope[1], amz_date);
  if (host_region != NULL && !g_str_equal (scope[2], host_region))
    return fail (error, "the credential is for region %s but the URL for %s", scope[2], host_region);
  return TRUE;
}

static gboolean
check_signed_headers (const char  *signed_headers,
                      GError     **error)
{
  g_auto(GStrv) names = signed_headers != NULL ? g_strsplit (signed_headers, ";", -1) : NULL;

  if (names == NULL || !g_strv_contains ((const char * const *)names, "host") ||
      !g_strv_contains ((const char * const *)names, "x-k8s-aws-id"))
    return fail (error, "X-Amz-SignedHeaders “%s” lacks host or x-k8s-aws-id (the cluster name)",
                 signed_headers ? signed_headers : "");
  return TRUE;
}

static gboolean
check_time (const char  *amz_date,
            const char  *expires,
            GDateTime   *now,
            GError     **error)
{
  g_autoptr(GDateTime) signed_at = parse_amz_date (amz_date);
  GTimeSpan age;

  if (signed_at == NULL)
    return fail (error, "X-Amz-Date “%s” is not a time like 20260501T080000Z", amz_date ? amz_date : "");
  if (g_strcmp0 (expires, G_STRINGIFY (EXPIRES)) != 0)
    return fail (error, "X-Amz-Expires is %s, not " G_STRINGIFY (EXPIRES), expires ? expires : "missing");

  age = g_date_time_difference (now, signed_at) / G_TIME_SPAN_SECOND;
  if (age > EXPIRES)
    return fail (error, "the token expired: signed at %s, valid for %d seconds", amz_date, EXPIRES);
  if (age < -MAX_SKEW_SECONDS)
    return fail (error, "the token is signed at %s, too far in the future", amz_date);
  return TRUE;
}

gboolean
strata_sandbox_eks_token_check (const char  *token,
                                GDateTime   *now,
                                GError     **error)
{
  g_autofree char *url = NULL;
  g_autofree char *host_region = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) query = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (!g_str_has_prefix (token, TOKEN_PREFIX))
    return fail (error, "not an EKS token (no " TOKEN_PREFIX " prefix)");
  if ((url = decode_base64url (token + strlen (TOKEN_PREFIX))) == NULL)
    return fail (error, "the token is not unpadded base64url text");

  if ((uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL)) == NULL ||
      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 ||
      !parse_sts_host (g_uri_get_host (uri), &host_region) ||
      g_uri_get_port (uri) != -1 ||
      !g_str_equal (g_uri_get_path (uri), "/") ||
      g_uri_get_query (uri) == NULL)
    return fail (error, "the token’s URL is not an STS endpoint with a query: %s", url);

  if ((query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL)) == NULL)
    return fail (error, "the token’s query does not parse");
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_strv_contains (known_members, key))
      return fail (error, "the token’s URL has an unexpected member %s", (char *)key);

  if (g_strcmp0 (g_hash_table_lookup (query, "Action"), "GetCallerIdentity") != 0 ||
      g_strcmp0 (g_hash_table_lookup (query, "Version"), "2011-06-15") != 0)
    return fail (error, "the token is not for STS GetCallerIdentity version 2011-06-15");
  if (g_strcmp0 (g_hash_table_lookup (query, "X-Amz-Algorithm"), "AWS4-HMAC-SHA256") != 0)
    return fail (error, "X-Amz-Algorithm is not AWS4-HMAC-SHA256");
  if (!is_hex_signature (g_hash_table_lookup (query, "X-Amz-Signature")))
    return fail (error, "X-Amz-Signature is not 64 lowercase hex digits");

  return check_time (g_hash_table_lookup (query, "X-Amz-Date"), g_hash_table_lookup (query, "X-Amz-Expires"),
                     now, error) &&
         check_credential (g_hash_table_lookup (query, "X-Amz-Credential"), g_hash_table_lookup (query, "X-Amz-Date"),
                           host_region, error) &&
         check_signed_headers (g_hash_table_lookup (query, "X-Amz-SignedHeaders"), error);
}
