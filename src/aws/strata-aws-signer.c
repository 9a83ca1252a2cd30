/* SPDX-License-Identifier: GPL-3.0-or-later */
/* AWS Signature Version 4, for Authorization headers and pre-signed URLs.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * The rules that trip implementations are kept where they apply: the path
 * is normalised and encoded a second time for every service but S3, header
 * values are trimmed and their inner blanks folded, repeated headers are
 * joined in arrival order, and query parameters are sorted by their
 * encoded form. */

#include "config.h"

#include <string.h>

#include "strata-aws-signer.h"

#define ALGORITHM "AWS4-HMAC-SHA256"
#define SHA256_DIGEST_LENGTH 32

/* Headers a proxy or the HTTP stack may add, drop or rewrite on the way:
 * signing them would make a valid request fail. */
static const char * const unsigned_headers[] = {
  "authorization", "connection", "expect", "transfer-encoding", "user-agent",
  "x-amzn-trace-id", NULL
};

/* Requests */

static void
header_free (StrataAwsHeader *header)
{
  g_free (header->name);
  g_free (header->value);
  g_free (header);
}

/**
 * strata_aws_request_new:
 * @method: the HTTP method
 * @path: the path as sent on the wire (percent-encoded); "" means "/"
 * @query: (nullable): the query as sent, without "?"
 *
 * Returns: (transfer full): a request without headers or body
 */
StrataAwsRequest *
strata_aws_request_new (const char *method,
                        const char *path,
                        const char *query)
{
  StrataAwsRequest *request = g_new0 (StrataAwsRequest, 1);

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  request->method = g_strdup (method);
  request->path = g_strdup (*path != '\0' ? path : "/");
  request->query = query != NULL && *query != '\0' ? g_strdup (query) : NULL;
  request->headers = g_ptr_array_new_with_free_func ((GDestroyNotify)header_free);

  return request;
}

void
strata_aws_request_free (StrataAwsRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_ptr_array_unref (request->headers);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

void
strata_aws_request_add_header (StrataAwsRequest *request,
                               const char       *name,
                               const char       *value)
{
  StrataAwsHeader *header;

  g_return_if_fail (request != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  header = g_new0 (StrataAwsHeader, 1);
  header->name = g_strdup (name);
  header->value = g_strdup (value);
  g_ptr_array_add (request->headers, header);
}

/**
 * strata_aws_request_get_header:
 * @request: a #StrataAwsRequest
 * @name: a header name, any case
 *
 * Returns: (nullable): the value of the first header of that name
 */
const char *
strata_aws_request_get_header (StrataAwsRequest *request,
                               const char       *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < request->headers->len; i++)
    {
      StrataAwsHeader *header = g_ptr_array_index (request->headers, i);

      if (g_ascii_strcasecmp (header->name, name) == 0)
        return header->value;
    }

  return NULL;
}

void
strata_aws_request_set_body (StrataAwsRequest *request,
                             GBytes           *body)
{
  g_return_if_fail (request != NULL);

  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = body != NULL ? g_bytes_ref (body) : NULL;
}

void
strata_aws_signature_free (StrataAwsSignature *signature)
{
  if (signature == NULL)
    return;

  g_free (signature->canonical_request);
  g_free (signature->string_to_sign);
  g_free (signature->signature);
  g_free (signature);
}

/* Encoding */

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

char *
strata_aws_uri_encode (const char *text,
                       gboolean    keep_slash)
{
  GString *encoded;

  g_return_val_if_fail (text != NULL, NULL);

  encoded = g_string_sized_new (strlen (text) + 16);
  for (const guchar *p = (const guchar *)text; *p != '\0'; p++)
    {
      if (is_unreserved (*p) || (keep_slash && *p == '/'))
        g_string_append_c (encoded, *p);
      else
        g_string_append_printf (encoded, "%%%02X", *p);
    }

  return g_string_free (encoded, FALSE);
}

/* Percent-decoding without turning "+" into a space: AWS query strings
 * encode spaces as %20, and a literal "+" must survive. Malformed escapes
 * are kept as they are. */
static char *
uri_decode (const char *text,
            gssize      length)
{
  GString *decoded;
  const char *end;

  if (length < 0)
    length = strlen (text);
  end = text + length;

  decoded = g_string_sized_new (length);
  for (const char *p = text; p < end; p++)
    {
      if (*p == '%' && end - p >= 3 && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (decoded, (char)(g_ascii_xdigit_value (p[1]) * 16 + g_ascii_xdigit_value (p[2])));
          p += 2;
        }
      else
        g_string_append_c (decoded, *p);
    }

  return g_string_free (decoded, FALSE);
}

/* Canonical request parts */

/* RFC 3986 "remove dot segments", plus what AWS adds: empty segments (runs
 * of "/") go too. A trailing "/" stays. */
static char *
normalize_path (const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  GString *normalized = g_string_new ("/");
  gsize length = strlen (path);

  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (*segments[i] == '\0' || strcmp (segments[i], ".") == 0)
        continue;
      if (strcmp (segments[i], "..") == 0)
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, segments[i]);
    }

  for (guint i = 0; i < kept->len; i++)
    {
      if (i > 0)
        g_string_append_c (normalized, '/');
      g_string_append (normalized, g_ptr_array_index (kept, i));
    }

  if (kept->len > 0 && length > 0 && path[length - 1] == '/')
    g_string_append_c (normalized, '/');

  return g_string_free (normalized, FALSE);
}

/* S3 signs the path as sent; every other service signs the normalised path
 * encoded once more, so "%3A" on the wire is "%253A" in the signature. */
static char *
canonical_path (const char                   *path,
                const StrataAwsSigningParams *params)
{
  g_autofree char *normalized = NULL;

  if (g_strcmp0 (params->service, "s3") == 0)
    return g_strdup (*path != '\0' ? path : "/");

  if (params->flags & STRATA_AWS_SIGNING_NO_NORMALIZE)
    return strata_aws_uri_encode (*path != '\0' ? path : "/", TRUE);

  normalized = normalize_path (path);
  return strata_aws_uri_encode (normalized, TRUE);
}

typedef struct
{
  char *key;    /* encoded */
  char *value;  /* encoded */
} QueryParam;

static void
query_param_clear (QueryParam *param)
{
  g_free (param->key);
  g_free (param->value);
}

static int
compare_query_params (gconstpointer a,
                      gconstpointer b)
{
  const QueryParam *pa = a;
  const QueryParam *pb = b;
  int order = strcmp (pa->key, pb->key);

  return order != 0 ? order : strcmp (pa->value, pb->value);
}

/* Decoded, then encoded the one way SigV4 accepts, so that "%2f" and "%2F"
 * (or an unencoded "~") sign alike. */
static void
add_query_params (GArray     *params,
                  const char *query)
{
  g_auto(GStrv) pairs = NULL;

  if (query == NULL || *query == '\0')
    return;

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *equal = strchr (pairs[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      QueryParam param;

      if (*pairs[i] == '\0')
        continue;

      key = uri_decode (pairs[i], equal != NULL ? equal - pairs[i] : -1);
      value = uri_decode (equal != NULL ? equal + 1 : "", -1);
      param.key = strata_aws_uri_encode (key, FALSE);
      param.value = strata_aws_uri_encode (value, FALSE);
      g_array_append_val (params, param);
    }
}

static char *
canonical_query (const char *query,
                 const char *extra)
{
  g_autoptr(GArray) params = g_array_new (FALSE, FALSE, sizeof (QueryParam));
  GString *canonical = g_string_new (NULL);

  g_array_set_clear_func (params, (GDestroyNotify)query_param_clear);
  add_query_params (params, query);
  add_query_params (params, extra);
  g_array_sort (params, compare_query_params);

  for (guint i = 0; i < params->len; i++)
    {
      QueryParam *param = &g_array_index (params, QueryParam, i);

      g_string_append_printf (canonical, "%s%s=%s", i > 0 ? "&" : "", param->key, param->value);
    }

  return g_string_free (canonical, FALSE);
}

/* Leading and trailing blanks dropped, inner runs of blanks folded into one
 * space. */
static void
append_folded (GString    *out,
               const char *value)
{
  gboolean pending_space = FALSE;
  gsize start = out->len;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        {
          pending_space = out->len > start;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, *p);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* g_ptr_array_sort() passes pointers to the elements. */
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* "name:value\n" lines sorted by name, and the "a;b;c" list of names. */
static void
canonical_headers (StrataAwsRequest  *request,
                   char             **headers_out,
                   char             **signed_out)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) joined = g_ptr_array_new ();
  GString *headers = g_string_new (NULL);
  GString *signed_names = g_string_new (NULL);

  for (guint i = 0; i < request->headers->len; i++)
    {
      StrataAwsHeader *header = g_ptr_array_index (request->headers, i);
      g_autofree char *name = g_ascii_strdown (header->name, -1);
      GString *value;

      if (g_strv_contains (unsigned_headers, name))
        continue;

      /* Repeated headers: one line, values joined by "," in arrival order. */
      value = g_hash_table_lookup (values, name);
      if (value == NULL)
        {
          value = g_string_new (NULL);
          g_ptr_array_add (joined, value);
          g_ptr_array_add (names, g_strdup (name));
          g_hash_table_insert (values, g_steal_pointer (&name), value);
        }
      else
        g_string_append_c (value, ',');

      append_folded (value, header->value);
    }

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      GString *value = g_hash_table_lookup (values, name);

      g_string_append_printf (headers, "%s:%s\n", name, value->str);
      g_string_append_printf (signed_names, "%s%s", i > 0 ? ";" : "", name);
    }

  for (guint i = 0; i < joined->len; i++)
    g_string_free (g_ptr_array_index (joined, i), TRUE);

  *headers_out = g_string_free (headers, FALSE);
  *signed_out = g_string_free (signed_names, FALSE);
}

static char *
sha256_hex (const void *data,
            gsize       size)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data != NULL ? data : (const guchar *)"", size);
}

static char *
payload_hash (StrataAwsRequest *request)
{
  gsize size = 0;
  const void *data = request->body != NULL ? g_bytes_get_data (request->body, &size) : NULL;

  return sha256_hex (data, size);
}

static void
hmac_sha256 (const guint8 *key,
             gsize         key_size,
             const char   *data,
             guint8        digest[SHA256_DIGEST_LENGTH])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_size);
  gsize digest_size = SHA256_DIGEST_LENGTH;

  g_hmac_update (hmac, (const guchar *)data, strlen (data));
  g_hmac_get_digest (hmac, digest, &digest_size);
  g_assert (digest_size == SHA256_DIGEST_LENGTH);
}

/* HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
 * then the signature over the string to sign, in hex. */
static char *
compute_signature (const char *secret_access_key,
                   const char *date,
                   const char *region,
                   const char *service,
                   const char *string_to_sign)
{
  g_autofree char *secret = g_strconcat ("AWS4", secret_access_key, NULL);
  guint8 key[SHA256_DIGEST_LENGTH];
  guint8 next[SHA256_DIGEST_LENGTH];
  guint8 signature[SHA256_DIGEST_LENGTH];
  GString *hex = g_string_sized_new (2 * SHA256_DIGEST_LENGTH);

  hmac_sha256 ((const guint8 *)secret, strlen (secret), date, key);
  hmac_sha256 (key, sizeof key, region, next);
  hmac_sha256 (next, sizeof next, service, key);
  hmac_sha256 (key, sizeof key, "aws4_request", next);
  hmac_sha256 (next, sizeof next, string_to_sign, signature);

  /* The derived key is as good as the secret for a day: leave no copy. */
  explicit_bzero (secret, strlen (secret));
  explicit_bzero (key, sizeof key);
  explicit_bzero (next, sizeof next);

  for (guint i = 0; i < SHA256_DIGEST_LENGTH; i++)
    g_string_append_printf (hex, "%02x", signature[i]);

  return g_string_free (hex, FALSE);
}

typedef struct
{
  char *amz_date;  /* 20150830T123600Z */
  char *date;      /* 20150830 */
  char *scope;     /* 20150830/us-east-1/service/aws4_request */
} SigningTime;

static void
signing_time_clear (SigningTime *time)
{
  g_free (time->amz_date);
  g_free (time->date);
  g_free (time->scope);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SigningTime, signing_time_clear)

static void
signing_time_init (SigningTime                  *time,
                   const StrataAwsSigningParams *params)
{
  g_autoptr(GDateTime) utc = NULL;

  utc = params->time != NULL ? g_date_time_to_utc (params->time) : g_date_time_new_now_utc ();
  time->amz_date = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
  time->date = g_date_time_format (utc, "%Y%m%d");
  time->scope = g_strdup_printf ("%s/%s/%s/aws4_request", time->date, params->region, params->service);
}

static StrataAwsSignature *
sign (StrataAwsRequest             *request,
      const StrataAwsSigningParams *params,
      SigningTime                  *time,
      const char                   *extra_query,
      const char                   *payload,
      char                        **signed_headers_out)
{
  StrataAwsSignature *signature = g_new0 (StrataAwsSignature, 1);
  g_autofree char *path = canonical_path (request->path, params);
  g_autofree char *query = canonical_query (request->query, extra_query);
  g_autofree char *headers = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *request_hash = NULL;

  canonical_headers (request, &headers, &signed_headers);

  signature->canonical_request = g_strdup_printf ("%s\n%s\n%s\n%s\n%s\n%s",
                                                  request->method, path, query,
                                                  headers, signed_headers, payload);
  request_hash = sha256_hex (signature->canonical_request, strlen (signature->canonical_request));
  signature->string_to_sign = g_strdup_printf (ALGORITHM "\n%s\n%s\n%s",
                                               time->amz_date, time->scope, request_hash);
  signature->signature = compute_signature (strata_aws_credentials_get_secret_access_key (params->credentials),
                                            time->date, params->region, params->service,
                                            signature->string_to_sign);

  if (signed_headers_out != NULL)
    *signed_headers_out = g_steal_pointer (&signed_headers);

  return signature;
}

static gboolean
params_are_valid (const StrataAwsSigningParams *params)
{
  return params != NULL && params->service != NULL && params->region != NULL &&
         STRATA_IS_AWS_CREDENTIALS (params->credentials);
}

/**
 * strata_aws_sign_request:
 * @request: the request, with its Host header
 * @params: what to sign with
 *
 * Returns: (transfer full): the canonical request, string to sign and
 *   signature that went into the Authorization header
 */
StrataAwsSignature *
strata_aws_sign_request (StrataAwsRequest             *request,
                         const StrataAwsSigningParams *params)
{
  g_auto(SigningTime) time = { 0 };
  g_autofree char *payload = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *authorization = NULL;
  StrataAwsSignature *signature;
  const char *token;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (params_are_valid (params), NULL);

  signing_time_init (&time, params);
  token = strata_aws_credentials_get_session_token (params->credentials);
  payload = payload_hash (request);

  if (token != NULL && !(params->flags & STRATA_AWS_SIGNING_OMIT_SESSION_TOKEN))
    strata_aws_request_add_header (request, "X-Amz-Security-Token", token);
  strata_aws_request_add_header (request, "X-Amz-Date", time.amz_date);
  if (params->flags & STRATA_AWS_SIGNING_SIGN_BODY)
    strata_aws_request_add_header (request, "x-amz-content-sha256", payload);

  signature = sign (request, params, &time, NULL, payload, &signed_headers);

  authorization = g_strdup_printf (ALGORITHM " Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                                   strata_aws_credentials_get_access_key_id (params->credentials),
                                   time.scope, signed_headers, signature->signature);
  strata_aws_request_add_header (request, "Authorization", authorization);

  if (token != NULL && (params->flags & STRATA_AWS_SIGNING_OMIT_SESSION_TOKEN))
    strata_aws_request_add_header (request, "X-Amz-Security-Token", token);

  return signature;
}

static void
append_param (GString    *query,
              const char *key,
              const char *value)
{
  g_autofree char *encoded = strata_aws_uri_encode (value, FALSE);

  g_string_append_printf (query, "%s%s=%s", query->len > 0 ? "&" : "", key, encoded);
}

/**
 * strata_aws_presign_request:
 * @request: the request, with its Host header
 * @params: what to sign with, including the expiry
 *
 * Returns: (transfer full): the canonical request, string to sign and
 *   signature that went into the query
 */
StrataAwsSignature *
strata_aws_presign_request (StrataAwsRequest             *request,
                            const StrataAwsSigningParams *params)
{
  g_auto(SigningTime) time = { 0 };
  g_autoptr(GString) auth = g_string_new (NULL);
  g_autofree char *payload = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *credential = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *query = NULL;
  gboolean botocore = (params->flags & STRATA_AWS_SIGNING_BOTOCORE_ORDER) != 0;
  g_autofree char *unused_headers = NULL;
  StrataAwsSignature *signature;
  const char *token;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (params_are_valid (params), NULL);

  signing_time_init (&time, params);
  token = strata_aws_credentials_get_session_token (params->credentials);
  payload = payload_hash (request);
  credential = g_strdup_printf ("%s/%s", strata_aws_credentials_get_access_key_id (params->credentials), time.scope);
  expires = g_strdup_printf ("%u", params->expires);

  /* The signed headers go into the query, so list them before signing. */
  canonical_headers (request, &unused_headers, &signed_headers);

  append_param (auth, "X-Amz-Algorithm", ALGORITHM);
  append_param (auth, "X-Amz-Credential", credential);
  append_param (auth, "X-Amz-Date", time.amz_date);
  if (botocore)
    append_param (auth, "X-Amz-Expires", expires);
  append_param (auth, "X-Amz-SignedHeaders", signed_headers);
  if (!botocore)
    append_param (auth, "X-Amz-Expires", expires);
  if (token != NULL && !(params->flags & STRATA_AWS_SIGNING_OMIT_SESSION_TOKEN))
    append_param (auth, "X-Amz-Security-Token", token);

  signature = sign (request, params, &time, auth->str, payload, NULL);

  append_param (auth, "X-Amz-Signature", signature->signature);
  if (token != NULL && (params->flags & STRATA_AWS_SIGNING_OMIT_SESSION_TOKEN))
    append_param (auth, "X-Amz-Security-Token", token);

  query = request->query != NULL ? g_strconcat (request->query, "&", auth->str, NULL)
                                 : g_strdup (auth->str);
  g_free (request->query);
  request->query = g_steal_pointer (&query);

  return signature;
}
