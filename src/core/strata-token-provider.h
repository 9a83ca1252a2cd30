/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define STRATA_TYPE_TOKEN_PROVIDER (strata_token_provider_get_type ())
G_DECLARE_INTERFACE (StrataTokenProvider, strata_token_provider, STRATA, TOKEN_PROVIDER, GObject)

/* Where a bearer token comes from when it is made on demand (an EKS token
 * signed with the user's AWS keys): the Kubernetes client asks for one per
 * request and calls invalidate after a 401. It lives in core so that kube
 * can use it and aws implement it without either knowing the other; the
 * caller (the application, strata-cli) puts one in the endpoint. */
struct _StrataTokenProviderInterface
{
  GTypeInterface parent_iface;

  void     (*get_token_async)  (StrataTokenProvider  *self,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
  char    *(*get_token_finish) (StrataTokenProvider  *self,
                                GAsyncResult         *result,
                                GDateTime           **expiration,
                                GError              **error);
  void     (*invalidate)       (StrataTokenProvider  *self);
};

void      strata_token_provider_get_token_async  (StrataTokenProvider  *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/* Returns: (transfer full): the token (without "Bearer ");
 * @expiration: (out) (optional) (transfer full) (nullable): when it lapses. */
char     *strata_token_provider_get_token_finish (StrataTokenProvider  *self,
                                                  GAsyncResult         *result,
                                                  GDateTime           **expiration,
                                                  GError              **error);
/* The server refused the last token: make a new one next time. */
void      strata_token_provider_invalidate       (StrataTokenProvider  *self);

G_END_DECLS
