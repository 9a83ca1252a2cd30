/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "strata-token-provider.h"

G_DEFINE_INTERFACE (StrataTokenProvider, strata_token_provider, G_TYPE_OBJECT)

static void
strata_token_provider_default_init (StrataTokenProviderInterface *iface)
{
}

void
strata_token_provider_get_token_async (StrataTokenProvider *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (STRATA_IS_TOKEN_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  STRATA_TOKEN_PROVIDER_GET_IFACE (self)->get_token_async (self, cancellable, callback, user_data);
}

/**
 * strata_token_provider_get_token_finish:
 * @expiration: (out) (optional) (transfer full) (nullable): when the token lapses
 *
 * Returns: (transfer full): the token, or %NULL with @error set
 */
char *
strata_token_provider_get_token_finish (StrataTokenProvider  *self,
                                        GAsyncResult         *result,
                                        GDateTime           **expiration,
                                        GError              **error)
{
  g_return_val_if_fail (STRATA_IS_TOKEN_PROVIDER (self), NULL);

  if (expiration != NULL)
    *expiration = NULL;

  return STRATA_TOKEN_PROVIDER_GET_IFACE (self)->get_token_finish (self, result, expiration, error);
}

void
strata_token_provider_invalidate (StrataTokenProvider *self)
{
  g_return_if_fail (STRATA_IS_TOKEN_PROVIDER (self));

  if (STRATA_TOKEN_PROVIDER_GET_IFACE (self)->invalidate != NULL)
    STRATA_TOKEN_PROVIDER_GET_IFACE (self)->invalidate (self);
}
