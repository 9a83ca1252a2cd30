/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "strata-aws-eks-token-provider.h"

struct _StrataAwsEksTokenProvider
{
  GObject                 parent_instance;

  StrataAwsEksTokenCache *cache;
  char                   *region;
  char                   *cluster;
};

static void token_provider_iface_init (StrataTokenProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (StrataAwsEksTokenProvider, strata_aws_eks_token_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (STRATA_TYPE_TOKEN_PROVIDER, token_provider_iface_init))

static void
strata_aws_eks_token_provider_finalize (GObject *object)
{
  StrataAwsEksTokenProvider *self = (StrataAwsEksTokenProvider *)object;

  g_clear_object (&self->cache);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->cluster, g_free);

  G_OBJECT_CLASS (strata_aws_eks_token_provider_parent_class)->finalize (object);
}

static void
strata_aws_eks_token_provider_class_init (StrataAwsEksTokenProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = strata_aws_eks_token_provider_finalize;
}

static void
strata_aws_eks_token_provider_init (StrataAwsEksTokenProvider *self)
{
}

static void
token_ready (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(StrataAwsEksToken) token = NULL;
  GError *error = NULL;

  if (!(token = strata_aws_eks_token_cache_get_finish (STRATA_AWS_EKS_TOKEN_CACHE (object), result, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&token), g_object_unref);
}

static void
get_token_async (StrataTokenProvider *provider,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  StrataAwsEksTokenProvider *self = STRATA_AWS_EKS_TOKEN_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, get_token_async);
  strata_aws_eks_token_cache_get_async (self->cache, self->region, self->cluster, cancellable, token_ready, task);
}

static char *
get_token_finish (StrataTokenProvider  *provider,
                  GAsyncResult         *result,
                  GDateTime           **expiration,
                  GError              **error)
{
  g_autoptr(StrataAwsEksToken) token = g_task_propagate_pointer (G_TASK (result), error);

  if (token == NULL)
    return NULL;

  if (expiration != NULL)
    *expiration = g_date_time_ref (strata_aws_eks_token_get_expiration (token));
  return g_strdup (strata_aws_eks_token_get_token (token));
}

static void
invalidate (StrataTokenProvider *provider)
{
  StrataAwsEksTokenProvider *self = STRATA_AWS_EKS_TOKEN_PROVIDER (provider);

  /* A refused token may mean new keys: the credentials may have moved on. */
  strata_aws_eks_token_cache_clear (self->cache);
}

static void
token_provider_iface_init (StrataTokenProviderInterface *iface)
{
  iface->get_token_async = get_token_async;
  iface->get_token_finish = get_token_finish;
  iface->invalidate = invalidate;
}

/**
 * strata_aws_eks_token_provider_new:
 *
 * Returns: (transfer full): a provider of @cluster's tokens
 */
StrataAwsEksTokenProvider *
strata_aws_eks_token_provider_new (StrataAwsEksTokenCache *cache,
                                   const char             *region,
                                   const char             *cluster)
{
  StrataAwsEksTokenProvider *self;

  g_return_val_if_fail (STRATA_IS_AWS_EKS_TOKEN_CACHE (cache), NULL);
  g_return_val_if_fail (region != NULL && cluster != NULL, NULL);

  self = g_object_new (STRATA_TYPE_AWS_EKS_TOKEN_PROVIDER, NULL);
  self->cache = g_object_ref (cache);
  self->region = g_strdup (region);
  self->cluster = g_strdup (cluster);
  return self;
}
