/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "strata-aws-eks-token-cache.h"

struct _StrataAwsEksTokenCache
{
  GObject                       parent_instance;

  StrataAwsCredentialsProvider *provider;
  GHashTable                   *tokens;  /* "region\ncluster\naccess key" -> StrataAwsEksToken */
  StrataAwsNowFunc              now_func;
  gpointer                      now_data;
  GDestroyNotify                now_destroy;
};

enum {
  PROP_0,
  PROP_PROVIDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StrataAwsEksTokenCache, strata_aws_eks_token_cache, G_TYPE_OBJECT)

static void
strata_aws_eks_token_cache_dispose (GObject *object)
{
  StrataAwsEksTokenCache *self = (StrataAwsEksTokenCache *)object;

  g_clear_object (&self->provider);
  g_hash_table_remove_all (self->tokens);

  G_OBJECT_CLASS (strata_aws_eks_token_cache_parent_class)->dispose (object);
}

static void
strata_aws_eks_token_cache_finalize (GObject *object)
{
  StrataAwsEksTokenCache *self = (StrataAwsEksTokenCache *)object;

  g_clear_pointer (&self->tokens, g_hash_table_unref);
  if (self->now_destroy != NULL)
    self->now_destroy (self->now_data);

  G_OBJECT_CLASS (strata_aws_eks_token_cache_parent_class)->finalize (object);
}

static void
strata_aws_eks_token_cache_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  StrataAwsEksTokenCache *self = STRATA_AWS_EKS_TOKEN_CACHE (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_aws_eks_token_cache_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  StrataAwsEksTokenCache *self = STRATA_AWS_EKS_TOKEN_CACHE (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_aws_eks_token_cache_class_init (StrataAwsEksTokenCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_aws_eks_token_cache_dispose;
  object_class->finalize = strata_aws_eks_token_cache_finalize;
  object_class->get_property = strata_aws_eks_token_cache_get_property;
  object_class->set_property = strata_aws_eks_token_cache_set_property;

  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL, STRATA_TYPE_AWS_CREDENTIALS_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
strata_aws_eks_token_cache_init (StrataAwsEksTokenCache *self)
{
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * strata_aws_eks_token_cache_new:
 * @provider: where the keys come from
 *
 * Returns: (transfer full): an empty cache
 */
StrataAwsEksTokenCache *
strata_aws_eks_token_cache_new (StrataAwsCredentialsProvider *provider)
{
  g_return_val_if_fail (STRATA_IS_AWS_CREDENTIALS_PROVIDER (provider), NULL);

  return g_object_new (STRATA_TYPE_AWS_EKS_TOKEN_CACHE, "provider", provider, NULL);
}

void
strata_aws_eks_token_cache_clear (StrataAwsEksTokenCache *self)
{
  g_return_if_fail (STRATA_IS_AWS_EKS_TOKEN_CACHE (self));

  g_hash_table_remove_all (self->tokens);
}

typedef struct
{
  char *region;
  char *cluster;
} GetData;

static void
get_data_free (GetData *data)
{
  g_free (data->region);
  g_free (data->cluster);
  g_free (data);
}

static void
credentials_resolved (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StrataAwsEksTokenCache *self = g_task_get_source_object (task);
  GetData *data = g_task_get_task_data (task);
  g_autoptr(StrataAwsCredentials) credentials = NULL;
  g_autoptr(StrataAwsEksToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GDateTime) now = NULL;
  StrataAwsEksToken *cached;

  credentials = strata_aws_credentials_provider_resolve_finish (self->provider, result, &error);
  if (credentials == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Keyed by access key too: new keys (another role session) mean a new
   * token even for the same cluster. */
  key = g_strjoin ("\n", data->region, data->cluster,
                   strata_aws_credentials_get_access_key_id (credentials), NULL);
  if (self->now_func != NULL)
    now = self->now_func (self->now_data);
  cached = g_hash_table_lookup (self->tokens, key);
  if (cached != NULL && !strata_aws_eks_token_needs_renewal (cached, now))
    {
      g_task_return_pointer (task, g_object_ref (cached), g_object_unref);
      return;
    }

  token = strata_aws_eks_token_new (credentials, data->region, data->cluster, now, &error);
  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_hash_table_replace (self->tokens, g_steal_pointer (&key), g_object_ref (token));
  g_task_return_pointer (task, g_steal_pointer (&token), g_object_unref);
}

void
strata_aws_eks_token_cache_get_async (StrataAwsEksTokenCache *self,
                                      const char             *region,
                                      const char             *cluster,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  GetData *data;

  g_return_if_fail (STRATA_IS_AWS_EKS_TOKEN_CACHE (self));
  g_return_if_fail (region != NULL);
  g_return_if_fail (cluster != NULL && *cluster != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_aws_eks_token_cache_get_async);
  data = g_new0 (GetData, 1);
  data->region = g_strdup (region);
  data->cluster = g_strdup (cluster);
  g_task_set_task_data (task, data, (GDestroyNotify)get_data_free);

  strata_aws_credentials_provider_resolve_async (self->provider, cancellable,
                                                 credentials_resolved, g_steal_pointer (&task));
}

/**
 * strata_aws_eks_token_cache_get_finish:
 * @self: a #StrataAwsEksTokenCache
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): a token valid for at least a minute
 */
StrataAwsEksToken *
strata_aws_eks_token_cache_get_finish (StrataAwsEksTokenCache  *self,
                                       GAsyncResult            *result,
                                       GError                 **error)
{
  g_return_val_if_fail (STRATA_IS_AWS_EKS_TOKEN_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * strata_aws_eks_token_cache_set_now_func:
 * @func: (nullable): the clock, or %NULL for the real one
 *
 * For tests, which must know the token a server will be shown.
 */
void
strata_aws_eks_token_cache_set_now_func (StrataAwsEksTokenCache *self,
                                         StrataAwsNowFunc        func,
                                         gpointer                user_data,
                                         GDestroyNotify          destroy)
{
  g_return_if_fail (STRATA_IS_AWS_EKS_TOKEN_CACHE (self));

  if (self->now_destroy != NULL)
    self->now_destroy (self->now_data);
  self->now_func = func;
  self->now_data = user_data;
  self->now_destroy = destroy;
  g_hash_table_remove_all (self->tokens);
}
