/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-aws-client.h"
#include "strata-aws-signer.h"

G_BEGIN_DECLS

typedef enum
{
  STRATA_AWS_PROTOCOL_REST_JSON,  /* EKS: method + path, JSON bodies */
  STRATA_AWS_PROTOCOL_QUERY,      /* STS, IAM: form POST, <XResponse><XResult> */
  STRATA_AWS_PROTOCOL_EC2,        /* EC2: form POST, <XResponse> */
} StrataAwsProtocol;

/* One operation to call, built by the service files. */
typedef struct
{
  StrataAwsProtocol   protocol;
  const char         *service;           /* endpoint prefix and signing name: "eks" */
  const char         *service_title;     /* in messages: "EKS" */
  const char         *operation;         /* "ListClusters" */
  const char         *version;           /* query and EC2: the API version */
  char               *method;            /* rest-json */
  char               *path;              /* rest-json, percent-encoded */
  GPtrArray          *params;            /* name, value, name, value…: the query
                                          * string (rest-json) or form body */
  JsonNode           *body;              /* rest-json */
  /* Pagination: the request parameter that carries the token, the answer
   * member that holds the next one, the answer flag that says there is a
   * next page (IAM's IsTruncated; NULL: the token says it), and the list
   * member whose pages are concatenated. */
  const char         *token_param;
  const char         *token_member;
  const char         *truncated_member;
  const char         *items_member;
  const char * const *list_names;        /* XML: elements that are lists when empty */
} StrataAwsCall;

StrataAwsCall *_strata_aws_call_new             (StrataAwsProtocol    protocol,
                                                 const char          *service,
                                                 const char          *service_title,
                                                 const char          *operation);
void           _strata_aws_call_free            (StrataAwsCall       *call);
void           _strata_aws_call_add_param       (StrataAwsCall       *call,
                                                 const char          *name,
                                                 const char          *value);
void           _strata_aws_call_set_paginated   (StrataAwsCall       *call,
                                                 const char          *token_param,
                                                 const char          *token_member,
                                                 const char          *truncated_member,
                                                 const char          *items_member);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataAwsCall, _strata_aws_call_free)

/* strata-aws-call.c: the operation on the wire. */
StrataAwsRequest *_strata_aws_call_build_request (StrataAwsCall       *call,
                                                  GUri                *base_uri,
                                                  const char          *next_token);
JsonNode         *_strata_aws_call_parse_answer  (StrataAwsCall       *call,
                                                  GBytes              *body,
                                                  GError             **error);
char             *_strata_aws_call_add_page      (StrataAwsCall       *call,
                                                  JsonNode           **pages,
                                                  JsonNode            *page);
void              _strata_aws_call_finish_pages  (StrataAwsCall       *call,
                                                  JsonNode            *pages);

/* Runs @call (transfer full); @source_tag is the public *_async function,
 * checked again by _strata_aws_client_call_finish(). */
void      _strata_aws_client_call_async  (StrataAwsClient      *self,
                                          StrataAwsCall        *call,
                                          GCancellable         *cancellable,
                                          gpointer              source_tag,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
JsonNode *_strata_aws_client_call_finish (StrataAwsClient      *self,
                                          GAsyncResult         *result,
                                          gpointer              source_tag,
                                          GError              **error);

G_END_DECLS
