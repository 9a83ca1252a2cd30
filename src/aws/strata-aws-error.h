/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define STRATA_AWS_ERROR (strata_aws_error_quark ())

/* What went wrong, grouped by what the user can do about it; the AWS error
 * code itself ("ResourceInUseException") is kept in the error, see
 * strata_aws_error_get_code(). */
typedef enum
{
  STRATA_AWS_ERROR_FAILED,             /* any other AWS error; see the code */
  STRATA_AWS_ERROR_NO_CREDENTIALS,     /* nothing in the environment, files or keyring */
  STRATA_AWS_ERROR_NO_REGION,          /* no region given, in the environment or the profile */
  STRATA_AWS_ERROR_CONFIG,             /* ~/.aws/config or credentials malformed, profile missing */
  STRATA_AWS_ERROR_KEYRING,            /* the system keyring refused or is unavailable */
  STRATA_AWS_ERROR_INVALID_ARGUMENT,   /* caught before sending: a region or name AWS would refuse */
  STRATA_AWS_ERROR_CONNECTION,         /* refused, unreachable, DNS, timeout */
  STRATA_AWS_ERROR_SIGNATURE,          /* SignatureDoesNotMatch: wrong secret access key */
  STRATA_AWS_ERROR_UNKNOWN_KEY,        /* InvalidClientTokenId, UnrecognizedClientException */
  STRATA_AWS_ERROR_EXPIRED,            /* ExpiredToken, RequestExpired */
  STRATA_AWS_ERROR_ACCESS_DENIED,      /* AccessDenied, UnauthorizedOperation */
  STRATA_AWS_ERROR_NOT_FOUND,          /* ResourceNotFoundException, NoSuchEntity, *.NotFound */
  STRATA_AWS_ERROR_IN_USE,             /* ResourceInUseException */
  STRATA_AWS_ERROR_INVALID_PARAMETER,  /* InvalidParameterException, ValidationError, MissingParameter */
  STRATA_AWS_ERROR_LIMIT_EXCEEDED,     /* ResourceLimitExceededException, LimitExceeded */
  STRATA_AWS_ERROR_THROTTLED,          /* Throttling*, still throttled after the retries */
  STRATA_AWS_ERROR_SERVER,             /* 5xx, still failing after the retries */
  STRATA_AWS_ERROR_BAD_RESPONSE,       /* an answer that is not what the API describes */
  STRATA_AWS_ERROR_UNSUPPORTED,        /* a configuration Strata does not handle (MFA, SSO…) */
} StrataAwsError;

GQuark      strata_aws_error_quark           (void);

/* What AWS said, kept in a STRATA_AWS_ERROR (an extended GError). All
 * return NULL / 0 for errors that did not come from an AWS answer. */
guint       strata_aws_error_get_http_status (const GError *error);
const char *strata_aws_error_get_code        (const GError *error);
const char *strata_aws_error_get_aws_message (const GError *error);
const char *strata_aws_error_get_request_id  (const GError *error);

/* TRUE for Throttling*, 429 and 5xx answers: the same request may work a
 * little later. */
gboolean    strata_aws_error_is_retryable    (const GError *error);

/* Builds the GError for an AWS error answer. The code comes from the
 * x-amzn-ErrorType header, a JSON body's "__type" or "code", or an XML
 * body's <Error><Code>; @service and @operation ("EKS", "DescribeCluster")
 * name what failed in the message. */
GError     *strata_aws_error_new_from_response (const char  *service,
                                                const char  *operation,
                                                guint        http_status,
                                                const char  *error_type_header,
                                                const char  *request_id_header,
                                                GBytes      *body);

G_END_DECLS
