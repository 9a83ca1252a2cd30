/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define STRATA_KUBE_ERROR (strata_kube_error_quark ())

/* Codes follow the Kubernetes Status reasons where there is one. */
typedef enum
{
  STRATA_KUBE_ERROR_FAILED,              /* anything else; see the status */
  STRATA_KUBE_ERROR_CONFIG,              /* kubeconfig missing or malformed */
  STRATA_KUBE_ERROR_CREDENTIALS,         /* token file, exec plugin, client key */
  STRATA_KUBE_ERROR_TLS,                 /* server certificate not trusted */
  STRATA_KUBE_ERROR_CONNECTION,          /* refused, unreachable, DNS */
  STRATA_KUBE_ERROR_TIMEOUT,
  STRATA_KUBE_ERROR_BAD_REQUEST,         /* 400 BadRequest */
  STRATA_KUBE_ERROR_UNAUTHORIZED,        /* 401 Unauthorized */
  STRATA_KUBE_ERROR_FORBIDDEN,           /* 403 Forbidden */
  STRATA_KUBE_ERROR_NOT_FOUND,           /* 404 NotFound */
  STRATA_KUBE_ERROR_UNKNOWN_KIND,        /* no such apiVersion/kind on the server */
  STRATA_KUBE_ERROR_ALREADY_EXISTS,      /* 409 AlreadyExists */
  STRATA_KUBE_ERROR_CONFLICT,            /* 409 Conflict (stale resourceVersion, SSA field conflict) */
  STRATA_KUBE_ERROR_GONE,                /* 410 Gone / Expired */
  STRATA_KUBE_ERROR_INVALID,             /* 422 Invalid */
  STRATA_KUBE_ERROR_UNSUPPORTED_MEDIA,   /* 415 */
  STRATA_KUBE_ERROR_TOO_MANY_REQUESTS,   /* 429 */
  STRATA_KUBE_ERROR_SERVER,              /* 5xx */
} StrataKubeError;

GQuark      strata_kube_error_quark       (void);

/* The details of a Kubernetes Status carried by a STRATA_KUBE_ERROR (an
 * extended GError, see G_DEFINE_EXTENDED_ERROR). All return NULL / 0 when the
 * error carries no Status. */
guint       strata_kube_error_get_http_status (const GError *error);
const char *strata_kube_error_get_reason      (const GError *error);
/* (transfer none): the Status object as the server sent it, or NULL. */
JsonNode   *strata_kube_error_get_status      (const GError *error);
/* (transfer none): the Status' details.causes array, or NULL. */
JsonArray  *strata_kube_error_get_causes      (const GError *error);

/* Builds the GError for an HTTP error response: a Status body when the
 * server sent one, else the status line and the body's text. @what names the
 * request ("apply ConfigMap demo/settings") and @server the server URL. */
GError     *strata_kube_error_new_from_response (guint        http_status,
                                                 const char  *content_type,
                                                 GBytes      *body,
                                                 const char  *what,
                                                 const char  *server);
/* The same for a Status that comes without an HTTP error of its own (the
 * ERROR event of a watch stream): the code comes from its reason, else from
 * its "code" field, which is also what get_http_status() returns. */
GError     *strata_kube_error_new_from_status   (JsonNode    *status,
                                                 const char  *what,
                                                 const char  *server);

G_END_DECLS
