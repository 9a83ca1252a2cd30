/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "strata-rendered-set-private.h"

struct _StrataRenderedSet
{
  GObject    parent_instance;

  char      *profile_name;
  char      *version;
  guint      revision;
  GPtrArray *layers;  /* StrataRenderedLayer, in install order */
};

G_DEFINE_FINAL_TYPE (StrataRenderedSet, strata_rendered_set, G_TYPE_OBJECT)

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (a, b);
}

JsonNode *
_strata_json_copy (JsonNode *node,
                   gboolean  sort_keys)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *source = json_node_get_object (node);
      g_autoptr(JsonObject) copy = json_object_new ();
      GList *members = json_object_get_members (source);

      if (sort_keys)
        members = g_list_sort (members, compare_names);
      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (copy, l->data, _strata_json_copy (json_object_get_member (source, l->data), sort_keys));
      g_list_free (members);

      return json_node_init_object (json_node_alloc (), copy);
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *source = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_new ();

      for (guint i = 0; i < json_array_get_length (source); i++)
        json_array_add_element (copy, _strata_json_copy (json_array_get_element (source, i), sort_keys));

      return json_node_init_array (json_node_alloc (), copy);
    }

  return json_node_copy (node);
}

char *
_strata_api_group (const char *api_version)
{
  const char *slash = api_version ? strrchr (api_version, '/') : NULL;

  return slash != NULL ? g_strndup (api_version, slash - api_version) : g_strdup ("");
}

static void
strata_rendered_set_finalize (GObject *object)
{
  StrataRenderedSet *self = (StrataRenderedSet *)object;

  g_free (self->profile_name);
  g_free (self->version);
  g_clear_pointer (&self->layers, g_ptr_array_unref);

  G_OBJECT_CLASS (strata_rendered_set_parent_class)->finalize (object);
}

static void
strata_rendered_set_class_init (StrataRenderedSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_rendered_set_finalize;
}

static void
strata_rendered_set_init (StrataRenderedSet *self)
{
  self->layers = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * strata_rendered_set_new:
 * @profile_name: (nullable): the profile; %NULL for a plain list of objects
 * @version: (nullable): the profile version, as "1.2.0"
 * @revision: the version's revision (in-place saves)
 *
 * Returns: (transfer full): an empty set
 */
StrataRenderedSet *
strata_rendered_set_new (const char *profile_name,
                         const char *version,
                         guint       revision)
{
  StrataRenderedSet *self = g_object_new (STRATA_TYPE_RENDERED_SET, NULL);

  self->profile_name = g_strdup (profile_name);
  self->version = g_strdup (version);
  self->revision = revision;

  return self;
}

const char *
strata_rendered_set_get_profile_name (StrataRenderedSet *self)
{
  g_return_val_if_fail (STRATA_IS_RENDERED_SET (self), NULL);

  return self->profile_name;
}

const char *
strata_rendered_set_get_version (StrataRenderedSet *self)
{
  g_return_val_if_fail (STRATA_IS_RENDERED_SET (self), NULL);

  return self->version;
}

guint
strata_rendered_set_get_revision (StrataRenderedSet *self)
{
  g_return_val_if_fail (STRATA_IS_RENDERED_SET (self), 0);

  return self->revision;
}

StrataRenderedLayer *
strata_rendered_set_add_layer (StrataRenderedSet *self,
                               const char        *name,
                               StrataLayerKind    kind,
                               int                priority,
                               const char        *namespace_,
                               const char        *values)
{
  StrataRenderedLayer *layer;
  guint position;

  g_return_val_if_fail (STRATA_IS_RENDERED_SET (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (strata_rendered_set_find_layer (self, name) != NULL)
    return NULL;

  for (position = self->layers->len; position > 0; position--)
    if (strata_rendered_layer_get_priority (g_ptr_array_index (self->layers, position - 1)) <= priority)
      break;

  layer = _strata_rendered_layer_new (self->profile_name, name, kind, priority, namespace_, values);
  g_ptr_array_insert (self->layers, position, layer);

  return layer;
}

guint
strata_rendered_set_get_n_layers (StrataRenderedSet *self)
{
  g_return_val_if_fail (STRATA_IS_RENDERED_SET (self), 0);

  return self->layers->len;
}

StrataRenderedLayer *
strata_rendered_set_get_layer (StrataRenderedSet *self,
                               guint              index)
{
  g_return_val_if_fail (STRATA_IS_RENDERED_SET (self), NULL);
  g_return_val_if_fail (index < self->layers->len, NULL);

  return g_ptr_array_index (self->layers, index);
}

/**
 * strata_rendered_set_find_layer:
 *
 * Returns: (transfer none) (nullable): the layer called @name
 */
StrataRenderedLayer *
strata_rendered_set_find_layer (StrataRenderedSet *self,
                                const char        *name)
{
  g_return_val_if_fail (STRATA_IS_RENDERED_SET (self), NULL);

  for (guint i = 0; i < self->layers->len; i++)
    if (g_strcmp0 (strata_rendered_layer_get_name (g_ptr_array_index (self->layers, i)), name) == 0)
      return g_ptr_array_index (self->layers, i);

  return NULL;
}

guint
strata_rendered_set_get_n_objects (StrataRenderedSet *self)
{
  guint n = 0;

  g_return_val_if_fail (STRATA_IS_RENDERED_SET (self), 0);

  for (guint i = 0; i < self->layers->len; i++)
    n += strata_rendered_layer_get_n_objects (g_ptr_array_index (self->layers, i));

  return n;
}

/* Each field ends with a NUL, so that no two different sets can run
 * together into the same bytes. */
static void
hash_field (GChecksum  *checksum,
            const char *text)
{
  if (text != NULL)
    g_checksum_update (checksum, (const guchar *)text, strlen (text));
  g_checksum_update (checksum, (const guchar *)"", 1);
}

char *
strata_rendered_set_compute_hash (StrataRenderedSet *self)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (STRATA_IS_RENDERED_SET (self), NULL);

  for (guint i = 0; i < self->layers->len; i++)
    {
      StrataRenderedLayer *layer = g_ptr_array_index (self->layers, i);
      g_autofree char *priority = g_strdup_printf ("%d", strata_rendered_layer_get_priority (layer));

      hash_field (checksum, "layer");
      hash_field (checksum, strata_rendered_layer_get_name (layer));
      hash_field (checksum, priority);
      hash_field (checksum, strata_rendered_layer_get_namespace (layer));

      for (guint j = 0; j < strata_rendered_layer_get_n_objects (layer); j++)
        {
          g_autoptr(JsonNode) canonical = _strata_json_copy (strata_rendered_layer_get_object (layer, j), TRUE);
          g_autofree char *text = json_to_string (canonical, FALSE);

          hash_field (checksum, text);
        }
    }

  return g_strdup (g_checksum_get_string (checksum));
}

guint
strata_rendered_set_kind_rank (const char *api_version,
                               const char *kind)
{
  static const struct {
    const char *group;
    const char *kind;
    guint       rank;
  } ranks[] = {
    { "", "Namespace", 0 },
    { "apiextensions.k8s.io", "CustomResourceDefinition", 1 },
    { "", "ServiceAccount", 2 },
    { "rbac.authorization.k8s.io", "Role", 3 },
    { "rbac.authorization.k8s.io", "ClusterRole", 3 },
    { "rbac.authorization.k8s.io", "RoleBinding", 3 },
    { "rbac.authorization.k8s.io", "ClusterRoleBinding", 3 },
    { "", "ConfigMap", 4 },
    { "", "Secret", 4 },
    { "", "Service", 5 },
    { "apps", "Deployment", 6 },
    { "apps", "StatefulSet", 6 },
    { "apps", "DaemonSet", 6 },
    { "apps", "ReplicaSet", 6 },
    { "batch", "Job", 6 },
    { "batch", "CronJob", 6 },
    { "", "Pod", 6 },
  };
  g_autofree char *group = NULL;

  if (api_version == NULL || kind == NULL)
    return STRATA_RENDERED_SET_N_KIND_RANKS - 1;

  group = _strata_api_group (api_version);
  for (guint i = 0; i < G_N_ELEMENTS (ranks); i++)
    if (g_str_equal (ranks[i].group, group) && g_str_equal (ranks[i].kind, kind))
      return ranks[i].rank;

  return STRATA_RENDERED_SET_N_KIND_RANKS - 1;
}
