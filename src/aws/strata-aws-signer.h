/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-aws-credentials.h"

G_BEGIN_DECLS

/* An HTTP request as AWS Signature Version 4 sees it: the path and query
 * exactly as they go on the wire (percent-encoded), the headers in the
 * order they were added (a name may repeat), and the body. */
typedef struct
{
  char      *method;
  char      *path;
  char      *query;    /* without the "?"; NULL when there is none */
  GPtrArray *headers;  /* StrataAwsHeader*, in arrival order */
  GBytes    *body;     /* NULL for none */
} StrataAwsRequest;

typedef struct
{
  char *name;
  char *value;
} StrataAwsHeader;

StrataAwsRequest *strata_aws_request_new        (const char       *method,
                                                 const char       *path,
                                                 const char       *query);
void              strata_aws_request_free       (StrataAwsRequest *request);
void              strata_aws_request_add_header (StrataAwsRequest *request,
                                                 const char       *name,
                                                 const char       *value);
/* The first header of that name, any case; NULL when there is none. */
const char       *strata_aws_request_get_header (StrataAwsRequest *request,
                                                 const char       *name);
void              strata_aws_request_set_body   (StrataAwsRequest *request,
                                                 GBytes           *body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataAwsRequest, strata_aws_request_free)

typedef enum
{
  STRATA_AWS_SIGNING_NONE               = 0,
  /* Header signing: add and sign x-amz-content-sha256 (S3 and a few
   * services want it). */
  STRATA_AWS_SIGNING_SIGN_BODY          = 1 << 0,
  /* Add the session token after signing instead of signing it, for the
   * services that want it so (IoT websockets). */
  STRATA_AWS_SIGNING_OMIT_SESSION_TOKEN = 1 << 1,
  /* Pre-signed URLs: the authentication parameters in botocore's order
   * (…, X-Amz-Expires, X-Amz-SignedHeaders, …) rather than the CRT SDKs'
   * (…, X-Amz-SignedHeaders, X-Amz-Expires, …). Both are valid; an EKS token
   * must match `aws eks get-token` byte for byte, hence the choice. */
  STRATA_AWS_SIGNING_BOTOCORE_ORDER     = 1 << 2,
  /* Sign the path without removing "." / ".." and empty segments (it is
   * still encoded a second time). Service "s3" implies this and also signs
   * the path exactly as sent. */
  STRATA_AWS_SIGNING_NO_NORMALIZE       = 1 << 3,
} StrataAwsSigningFlags;

typedef struct
{
  const char            *service;      /* the signing name: "eks", "sts"… */
  const char            *region;       /* "us-west-2" */
  StrataAwsCredentials  *credentials;
  GDateTime             *time;         /* NULL: now */
  guint                  expires;      /* pre-signed URLs: X-Amz-Expires, in seconds */
  StrataAwsSigningFlags  flags;
} StrataAwsSigningParams;

/* The intermediate results, which is what the SigV4 test suite compares. */
typedef struct
{
  char *canonical_request;
  char *string_to_sign;
  char *signature;
} StrataAwsSignature;

void                strata_aws_signature_free   (StrataAwsSignature *signature);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataAwsSignature, strata_aws_signature_free)

/* Signs @request in place with an Authorization header, adding
 * X-Amz-Security-Token, X-Amz-Date and (SIGN_BODY) x-amz-content-sha256.
 * The request must carry a Host header. */
StrataAwsSignature *strata_aws_sign_request     (StrataAwsRequest             *request,
                                                 const StrataAwsSigningParams *params);
/* Pre-signs @request: appends the X-Amz-* parameters and X-Amz-Signature
 * to its query. */
StrataAwsSignature *strata_aws_presign_request  (StrataAwsRequest             *request,
                                                 const StrataAwsSigningParams *params);

/* Percent-encodes everything but the unreserved characters A-Z a-z 0-9
 * - _ . ~ (and "/" when @keep_slash), as SigV4 and AWS query strings
 * want it. */
char               *strata_aws_uri_encode       (const char                   *text,
                                                 gboolean                      keep_slash);

G_END_DECLS
