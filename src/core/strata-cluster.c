/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A cluster record: how to reach the cluster, its tags, the profile version
 * attached to it and the user's per-layer overrides. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cluster.h"
#include "strata-core-error.h"
#include "strata-profile.h"

struct _StrataCluster
{
  GObject              parent_instance;

  char                *name;
  StrataClusterSource  source;
  char                *kubeconfig_path;
  char                *kubeconfig_context;
  char                *eks_arn;
  char                *eks_region;
  GDateTime           *created_at;
  GStrv                tags;
  char                *profile_name;
  char                *profile_version;
  /* layer name -> values text */
  GHashTable          *overrides;
  StrataClusterStatus  status;
  char                *status_reason;
  /* A long operation in the cloud (EKS create or delete), stored so that it
   * outlives the process that started it. */
  StrataClusterStatus  lifecycle;
  GDateTime           *lifecycle_since;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_SOURCE,
  PROP_KUBECONFIG_PATH,
  PROP_KUBECONFIG_CONTEXT,
  PROP_EKS_ARN,
  PROP_EKS_REGION,
  PROP_CREATED_AT,
  PROP_TAGS,
  PROP_PROFILE_NAME,
  PROP_PROFILE_VERSION,
  PROP_STATUS,
  PROP_STATUS_REASON,
  N_PROPS
};

enum {
  OVERRIDES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_ENUM_TYPE (StrataClusterSource, strata_cluster_source,
                    G_DEFINE_ENUM_VALUE (STRATA_CLUSTER_SOURCE_KUBECONFIG, "kubeconfig"),
                    G_DEFINE_ENUM_VALUE (STRATA_CLUSTER_SOURCE_SANDBOX, "sandbox"),
                    G_DEFINE_ENUM_VALUE (STRATA_CLUSTER_SOURCE_EKS, "eks"))

G_DEFINE_ENUM_TYPE (StrataClusterStatus, strata_cluster_status,
                    G_DEFINE_ENUM_VALUE (STRATA_CLUSTER_STATUS_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (STRATA_CLUSTER_STATUS_PROVISIONING, "provisioning"),
                    G_DEFINE_ENUM_VALUE (STRATA_CLUSTER_STATUS_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (STRATA_CLUSTER_STATUS_UPDATING, "updating"),
                    G_DEFINE_ENUM_VALUE (STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE, "updates-available"),
                    G_DEFINE_ENUM_VALUE (STRATA_CLUSTER_STATUS_DRIFTED, "drifted"),
                    G_DEFINE_ENUM_VALUE (STRATA_CLUSTER_STATUS_UNREACHABLE, "unreachable"),
                    G_DEFINE_ENUM_VALUE (STRATA_CLUSTER_STATUS_DELETING, "deleting"),
                    G_DEFINE_ENUM_VALUE (STRATA_CLUSTER_STATUS_DELETED, "deleted"),
                    G_DEFINE_ENUM_VALUE (STRATA_CLUSTER_STATUS_ERROR, "error"))

G_DEFINE_FINAL_TYPE (StrataCluster, strata_cluster, G_TYPE_OBJECT)

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  /* Nicks live as long as the type, which is the process. */
  return found ? found->value_nick : NULL;
}

const char *
strata_cluster_source_to_string (StrataClusterSource source)
{
  return enum_nick (STRATA_TYPE_CLUSTER_SOURCE, source);
}

gboolean
strata_cluster_source_from_string (const char          *text,
                                   StrataClusterSource *source)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (STRATA_TYPE_CLUSTER_SOURCE);
  GEnumValue *found = text ? g_enum_get_value_by_nick (klass, text) : NULL;

  if (found == NULL)
    return FALSE;

  *source = found->value;
  return TRUE;
}

const char *
strata_cluster_status_to_string (StrataClusterStatus status)
{
  return enum_nick (STRATA_TYPE_CLUSTER_STATUS, status);
}

static void
strata_cluster_finalize (GObject *object)
{
  StrataCluster *self = (StrataCluster *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->kubeconfig_path, g_free);
  g_clear_pointer (&self->kubeconfig_context, g_free);
  g_clear_pointer (&self->eks_arn, g_free);
  g_clear_pointer (&self->eks_region, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->profile_name, g_free);
  g_clear_pointer (&self->profile_version, g_free);
  g_clear_pointer (&self->overrides, g_hash_table_unref);
  g_clear_pointer (&self->status_reason, g_free);
  g_clear_pointer (&self->lifecycle_since, g_date_time_unref);

  G_OBJECT_CLASS (strata_cluster_parent_class)->finalize (object);
}

static void
strata_cluster_constructed (GObject *object)
{
  StrataCluster *self = (StrataCluster *)object;

  G_OBJECT_CLASS (strata_cluster_parent_class)->constructed (object);

  if (self->created_at == NULL)
    self->created_at = g_date_time_new_now_utc ();
}

static void
strata_cluster_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  StrataCluster *self = STRATA_CLUSTER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    case PROP_KUBECONFIG_PATH:
      g_value_set_string (value, self->kubeconfig_path);
      break;
    case PROP_KUBECONFIG_CONTEXT:
      g_value_set_string (value, self->kubeconfig_context);
      break;
    case PROP_EKS_ARN:
      g_value_set_string (value, self->eks_arn);
      break;
    case PROP_EKS_REGION:
      g_value_set_string (value, self->eks_region);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;
    case PROP_PROFILE_NAME:
      g_value_set_string (value, self->profile_name);
      break;
    case PROP_PROFILE_VERSION:
      g_value_set_string (value, self->profile_version);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STATUS_REASON:
      g_value_set_string (value, self->status_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_cluster_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  StrataCluster *self = STRATA_CLUSTER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_SOURCE:
      self->source = g_value_get_enum (value);
      break;
    case PROP_KUBECONFIG_PATH:
      self->kubeconfig_path = g_value_dup_string (value);
      break;
    case PROP_KUBECONFIG_CONTEXT:
      self->kubeconfig_context = g_value_dup_string (value);
      break;
    case PROP_EKS_ARN:
      self->eks_arn = g_value_dup_string (value);
      break;
    case PROP_EKS_REGION:
      self->eks_region = g_value_dup_string (value);
      break;
    case PROP_CREATED_AT:
      self->created_at = g_value_dup_boxed (value);
      break;
    case PROP_STATUS:
      strata_cluster_set_status (self, g_value_get_enum (value), self->status_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
construct_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
readable_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
strata_cluster_class_init (StrataClusterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_cluster_finalize;
  object_class->constructed = strata_cluster_constructed;
  object_class->get_property = strata_cluster_get_property;
  object_class->set_property = strata_cluster_set_property;

  properties[PROP_NAME] = construct_string ("name");
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL,
                       STRATA_TYPE_CLUSTER_SOURCE, STRATA_CLUSTER_SOURCE_KUBECONFIG,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KUBECONFIG_PATH] = construct_string ("kubeconfig-path");
  properties[PROP_KUBECONFIG_CONTEXT] = construct_string ("kubeconfig-context");
  properties[PROP_EKS_ARN] = construct_string ("eks-arn");
  properties[PROP_EKS_REGION] = construct_string ("eks-region");
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE_NAME] = readable_string ("profile-name");
  properties[PROP_PROFILE_VERSION] = readable_string ("profile-version");
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       STRATA_TYPE_CLUSTER_STATUS, STRATA_CLUSTER_STATUS_UNKNOWN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_REASON] = readable_string ("status-reason");

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StrataCluster::overrides-changed:
   * @layer: (nullable): the layer whose override changed, or %NULL when
   *   several did at once
   */
  signals[OVERRIDES_CHANGED] =
    g_signal_new ("overrides-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
strata_cluster_init (StrataCluster *self)
{
  self->tags = g_new0 (char *, 1);
  self->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * strata_cluster_new_kubeconfig:
 *
 * Returns: (transfer full): a record of a cluster reached through a
 *   kubeconfig file's context.
 */
StrataCluster *
strata_cluster_new_kubeconfig (const char *name,
                               const char *kubeconfig_path,
                               const char *context)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (STRATA_TYPE_CLUSTER,
                       "name", name,
                       "source", STRATA_CLUSTER_SOURCE_KUBECONFIG,
                       "kubeconfig-path", kubeconfig_path,
                       "kubeconfig-context", context,
                       NULL);
}

char *
strata_cluster_dup_sandbox_kubeconfig_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "strata", "sandbox", "kubeconfig", NULL);
}

/**
 * strata_cluster_new_sandbox:
 *
 * Returns: (transfer full): a record of the embedded sandbox cluster.
 */
StrataCluster *
strata_cluster_new_sandbox (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (STRATA_TYPE_CLUSTER,
                       "name", name,
                       "source", STRATA_CLUSTER_SOURCE_SANDBOX,
                       NULL);
}

/**
 * strata_cluster_new_eks:
 *
 * Returns: (transfer full): a record of an EKS cluster.
 */
StrataCluster *
strata_cluster_new_eks (const char *name,
                        const char *arn,
                        const char *region)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (STRATA_TYPE_CLUSTER,
                       "name", name,
                       "source", STRATA_CLUSTER_SOURCE_EKS,
                       "eks-arn", arn,
                       "eks-region", region,
                       NULL);
}

/**
 * strata_cluster_copy:
 *
 * Returns: (transfer full): a working copy with the same stored fields.
 */
StrataCluster *
strata_cluster_copy (StrataCluster *self)
{
  StrataCluster *copy;

  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);

  copy = g_object_new (STRATA_TYPE_CLUSTER,
                       "name", self->name,
                       "source", self->source,
                       "kubeconfig-path", self->kubeconfig_path,
                       "kubeconfig-context", self->kubeconfig_context,
                       "eks-arn", self->eks_arn,
                       "eks-region", self->eks_region,
                       "created-at", self->created_at,
                       NULL);
  strata_cluster_set_content_from (copy, self);
  return copy;
}

static gboolean
overrides_equal (GHashTable *a,
                 GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_strcmp0 (value, g_hash_table_lookup (b, key)) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
set_tags_unchecked (StrataCluster      *self,
                    const char * const *tags)
{
  if (g_strv_equal ((const char * const *)self->tags, tags))
    return;

  g_strfreev (self->tags);
  self->tags = g_strdupv ((char **)tags);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

void
strata_cluster_set_content_from (StrataCluster *self,
                                 StrataCluster *other)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (STRATA_IS_CLUSTER (self));
  g_return_if_fail (STRATA_IS_CLUSTER (other));

  if (self == other)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  set_tags_unchecked (self, (const char * const *)other->tags);
  strata_cluster_set_profile (self, other->profile_name, other->profile_version);
  if (self->lifecycle != other->lifecycle ||
      (self->lifecycle_since == NULL) != (other->lifecycle_since == NULL) ||
      (self->lifecycle_since != NULL && !g_date_time_equal (self->lifecycle_since, other->lifecycle_since)))
    strata_cluster_set_lifecycle (self, other->lifecycle, other->lifecycle_since);
  g_object_thaw_notify (G_OBJECT (self));

  if (overrides_equal (self->overrides, other->overrides))
    return;

  g_hash_table_remove_all (self->overrides);
  g_hash_table_iter_init (&iter, other->overrides);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->overrides, g_strdup (key), g_strdup (value));
  g_signal_emit (self, signals[OVERRIDES_CHANGED], 0, NULL);
}

const char *
strata_cluster_get_name (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);
  return self->name;
}

StrataClusterSource
strata_cluster_get_source (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), STRATA_CLUSTER_SOURCE_KUBECONFIG);
  return self->source;
}

const char *
strata_cluster_get_kubeconfig_path (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);
  return self->kubeconfig_path;
}

const char *
strata_cluster_get_kubeconfig_context (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);
  return self->kubeconfig_context;
}

const char *
strata_cluster_get_eks_arn (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);
  return self->eks_arn;
}

const char *
strata_cluster_get_eks_region (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);
  return self->eks_region;
}

GDateTime *
strata_cluster_get_created_at (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);
  return self->created_at;
}

/* Tags */

const char * const *
strata_cluster_get_tags (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);
  return (const char * const *)self->tags;
}

gboolean
strata_cluster_set_tags (StrataCluster       *self,
                         const char * const  *tags,
                         GError             **error)
{
  g_auto(GStrv) normalized = NULL;

  g_return_val_if_fail (STRATA_IS_CLUSTER (self), FALSE);

  if ((normalized = strata_cluster_normalize_tags (tags, error)) == NULL)
    return FALSE;

  set_tags_unchecked (self, (const char * const *)normalized);
  return TRUE;
}

gboolean
strata_cluster_add_tag (StrataCluster  *self,
                        const char     *tag,
                        GError        **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) tags = NULL;

  g_return_val_if_fail (STRATA_IS_CLUSTER (self), FALSE);

  g_strv_builder_addv (builder, (const char **)self->tags);
  g_strv_builder_add (builder, tag);
  tags = g_strv_builder_end (builder);
  return strata_cluster_set_tags (self, (const char * const *)tags, error);
}

gboolean
strata_cluster_remove_tag (StrataCluster *self,
                           const char    *tag)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *filter = NULL;
  g_auto(GStrv) kept = NULL;
  gboolean removed = FALSE;

  g_return_val_if_fail (STRATA_IS_CLUSTER (self), FALSE);

  /* A malformed tag can still be removed by its exact text. */
  filter = strata_cluster_normalize_tag (tag, NULL);
  if (filter == NULL)
    filter = g_strdup (tag);

  for (guint i = 0; self->tags[i] != NULL; i++)
    {
      if (strata_cluster_tag_matches (self->tags[i], filter))
        removed = TRUE;
      else
        g_strv_builder_add (builder, self->tags[i]);
    }

  kept = g_strv_builder_end (builder);
  set_tags_unchecked (self, (const char * const *)kept);
  return removed;
}

/* Profile and overrides */

const char *
strata_cluster_get_profile_name (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);
  return self->profile_name;
}

const char *
strata_cluster_get_profile_version (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);
  return self->profile_version;
}

static void
set_string (StrataCluster  *self,
            char          **field,
            const char     *value,
            GParamSpec     *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

void
strata_cluster_set_profile (StrataCluster *self,
                            const char    *name,
                            const char    *version)
{
  g_return_if_fail (STRATA_IS_CLUSTER (self));
  g_return_if_fail ((name == NULL) == (version == NULL));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->profile_name, name, properties[PROP_PROFILE_NAME]);
  set_string (self, &self->profile_version, version, properties[PROP_PROFILE_VERSION]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
strata_cluster_get_override (StrataCluster *self,
                             const char    *layer)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);
  g_return_val_if_fail (layer != NULL, NULL);

  return g_hash_table_lookup (self->overrides, layer);
}

void
strata_cluster_set_override (StrataCluster *self,
                             const char    *layer,
                             const char    *values)
{
  g_return_if_fail (STRATA_IS_CLUSTER (self));
  g_return_if_fail (layer != NULL);

  if (g_strcmp0 (g_hash_table_lookup (self->overrides, layer), values) == 0)
    return;

  if (values == NULL)
    g_hash_table_remove (self->overrides, layer);
  else
    g_hash_table_insert (self->overrides, g_strdup (layer), g_strdup (values));

  g_signal_emit (self, signals[OVERRIDES_CHANGED], 0, layer);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

GStrv
strata_cluster_list_overrides (StrataCluster *self)
{
  g_autofree const char **keys = NULL;
  guint length;
  GStrv list;

  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);

  keys = (const char **)g_hash_table_get_keys_as_array (self->overrides, &length);
  qsort (keys, length, sizeof (char *), compare_strings);
  list = g_new0 (char *, length + 1);
  for (guint i = 0; i < length; i++)
    list[i] = g_strdup (keys[i]);

  return list;
}

/* Status */

StrataClusterStatus
strata_cluster_get_status (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), STRATA_CLUSTER_STATUS_UNKNOWN);
  return self->status;
}

const char *
strata_cluster_get_status_reason (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);
  return self->status_reason;
}

void
strata_cluster_set_status (StrataCluster       *self,
                           StrataClusterStatus  status,
                           const char          *reason)
{
  g_return_if_fail (STRATA_IS_CLUSTER (self));
  g_return_if_fail (status <= STRATA_CLUSTER_STATUS_ERROR);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  set_string (self, &self->status_reason, reason, properties[PROP_STATUS_REASON]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Validation */

static gboolean
validate_arn (StrataCluster  *self,
              GError        **error)
{
  g_auto(GStrv) parts = NULL;

  if (self->eks_region == NULL || *self->eks_region == '\0')
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("The EKS cluster “%s” has no region"), self->name);
      return FALSE;
    }

  /* arn:PARTITION:eks:REGION:ACCOUNT:cluster/NAME */
  parts = self->eks_arn ? g_strsplit (self->eks_arn, ":", 6) : NULL;
  if (parts == NULL || g_strv_length (parts) != 6 ||
      !g_str_equal (parts[0], "arn") || !g_str_equal (parts[2], "eks") ||
      !g_str_has_prefix (parts[5], "cluster/") || parts[5][strlen ("cluster/")] == '\0')
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("“%s” is not an EKS cluster ARN (expected arn:aws:eks:REGION:ACCOUNT:cluster/NAME)"),
                   self->eks_arn ? self->eks_arn : "");
      return FALSE;
    }

  if (!g_str_equal (parts[3], self->eks_region))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("The ARN %s is in region %s, not %s"),
                   self->eks_arn, parts[3], self->eks_region);
      return FALSE;
    }

  return TRUE;
}

gboolean
strata_cluster_validate (StrataCluster  *self,
                         GError        **error)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), FALSE);

  if (!strata_validate_dns_label (self->name, _("cluster name"), error))
    return FALSE;

  switch (self->source)
    {
    case STRATA_CLUSTER_SOURCE_KUBECONFIG:
      if (self->kubeconfig_path == NULL || !g_path_is_absolute (self->kubeconfig_path))
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                       _("The cluster “%s” needs the absolute path of its kubeconfig file"), self->name);
          return FALSE;
        }
      if (self->kubeconfig_context == NULL || *self->kubeconfig_context == '\0')
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                       _("The cluster “%s” needs the name of its kubeconfig context"), self->name);
          return FALSE;
        }
      return TRUE;

    case STRATA_CLUSTER_SOURCE_EKS:
      return validate_arn (self, error);

    case STRATA_CLUSTER_SOURCE_SANDBOX:
    default:
      return TRUE;
    }
}

/* Lifecycle */

/**
 * strata_cluster_set_lifecycle:
 * @status: %STRATA_CLUSTER_STATUS_PROVISIONING, %STRATA_CLUSTER_STATUS_DELETING,
 *   or %STRATA_CLUSTER_STATUS_UNKNOWN when nothing is under way
 * @since: (nullable): when it started; %NULL: now
 *
 * Records a long cloud operation (stored, unlike the status) and shows it as
 * the status. Ending it (UNKNOWN) leaves the status for the caller to set.
 */
void
strata_cluster_set_lifecycle (StrataCluster       *self,
                              StrataClusterStatus  status,
                              GDateTime           *since)
{
  g_return_if_fail (STRATA_IS_CLUSTER (self));
  g_return_if_fail (status == STRATA_CLUSTER_STATUS_UNKNOWN ||
                    status == STRATA_CLUSTER_STATUS_PROVISIONING ||
                    status == STRATA_CLUSTER_STATUS_DELETING);

  self->lifecycle = status;
  g_clear_pointer (&self->lifecycle_since, g_date_time_unref);
  if (status != STRATA_CLUSTER_STATUS_UNKNOWN)
    {
      self->lifecycle_since = since != NULL ? g_date_time_ref (since) : g_date_time_new_now_utc ();
      strata_cluster_set_status (self, status, NULL);
    }
}

StrataClusterStatus
strata_cluster_get_lifecycle (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), STRATA_CLUSTER_STATUS_UNKNOWN);
  return self->lifecycle;
}

GDateTime *
strata_cluster_get_lifecycle_since (StrataCluster *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER (self), NULL);
  return self->lifecycle_since;
}
