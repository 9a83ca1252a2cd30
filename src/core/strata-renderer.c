/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-chart-cache.h"
#include "strata-chart-layer.h"
#include "strata-core-error.h"
#include "strata-json.h"
#include "strata-kind-scope.h"
#include "strata-rendered-set-private.h"
#include "strata-renderer-private.h"
#include "strata-renderer.h"

struct _StrataRenderer
{
  GObject             parent_instance;

  StrataPackRegistry *registry;
  char               *cluster_name;
  char               *cluster_region;
  char               *kube_version;
  GStrv               api_versions;
  GHashTable         *overrides;  /* layer name → values text */
};

G_DEFINE_FINAL_TYPE (StrataRenderer, strata_renderer, G_TYPE_OBJECT)

/* Namespaces every cluster has from the start and that no layer may own:
 * Strata would otherwise prune them with the layer. */
static const char * const system_namespaces[] = {
  "default", "kube-system", "kube-public", "kube-node-lease", NULL,
};

typedef struct
{
  char      *profile_name;
  char      *version;
  guint      revision;
  GPtrArray *layers;     /* StrataLayerRender, in the version's order */
  guint      next_helm;  /* the index to look for the next helm layer from */
} RenderData;

static void
render_data_free (RenderData *data)
{
  g_free (data->profile_name);
  g_free (data->version);
  g_clear_pointer (&data->layers, g_ptr_array_unref);
  g_free (data);
}

static void
strata_renderer_finalize (GObject *object)
{
  StrataRenderer *self = (StrataRenderer *)object;

  g_clear_object (&self->registry);
  g_free (self->cluster_name);
  g_free (self->cluster_region);
  g_free (self->kube_version);
  g_strfreev (self->api_versions);
  g_clear_pointer (&self->overrides, g_hash_table_unref);

  G_OBJECT_CLASS (strata_renderer_parent_class)->finalize (object);
}

static void
strata_renderer_class_init (StrataRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_renderer_finalize;
}

static void
strata_renderer_init (StrataRenderer *self)
{
  self->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * strata_renderer_new:
 * @registry: (nullable): where pack layers find their packs, loaded
 *
 * Returns: (transfer full): a renderer with no cluster and no overrides
 */
StrataRenderer *
strata_renderer_new (StrataPackRegistry *registry)
{
  StrataRenderer *self;

  g_return_val_if_fail (registry == NULL || STRATA_IS_PACK_REGISTRY (registry), NULL);

  self = g_object_new (STRATA_TYPE_RENDERER, NULL);
  g_set_object (&self->registry, registry);
  return self;
}

void
strata_renderer_set_cluster (StrataRenderer *self,
                             const char     *name,
                             const char     *region)
{
  g_return_if_fail (STRATA_IS_RENDERER (self));

  g_free (self->cluster_name);
  self->cluster_name = g_strdup (name);
  g_free (self->cluster_region);
  self->cluster_region = g_strdup (region);
}

void
strata_renderer_set_capabilities (StrataRenderer     *self,
                                  const char         *kube_version,
                                  const char * const *api_versions)
{
  g_return_if_fail (STRATA_IS_RENDERER (self));

  g_free (self->kube_version);
  self->kube_version = g_strdup (kube_version);
  g_strfreev (self->api_versions);
  self->api_versions = g_strdupv ((GStrv)api_versions);
}

void
strata_renderer_set_override (StrataRenderer *self,
                              const char     *layer,
                              const char     *values)
{
  g_return_if_fail (STRATA_IS_RENDERER (self));
  g_return_if_fail (layer != NULL);

  if (values == NULL)
    g_hash_table_remove (self->overrides, layer);
  else
    g_hash_table_replace (self->overrides, g_strdup (layer), g_strdup (values));
}

/* Every error of a render names the layer it happened in, once. */
static void
name_layer (GError     **error,
            const char  *layer)
{
  g_autofree char *quoted = g_strdup_printf ("“%s”", layer);

  if (strstr ((*error)->message, quoted) == NULL)
    g_prefix_error (error, _("layer “%s”: "), layer);
}

static StrataTemplateContext *
create_context (StrataRenderer  *self,
                StrataLayer     *layer,
                const char      *namespace_,
                const char      *profile_name,
                const char      *version,
                guint            revision,
                GError         **error)
{
  g_autoptr(StrataTemplateContext) context = strata_template_context_new ();

  /* Helm counts revisions from 1; a version never edited in place is 0. */
  g_object_set (context,
                "release-name", strata_layer_get_name (layer),
                "namespace", namespace_,
                "revision", (int)revision + 1,
                "cluster-name", self->cluster_name,
                "cluster-region", self->cluster_region,
                "profile-name", profile_name,
                "profile-version", version,
                NULL);
  if (self->kube_version != NULL &&
      !strata_template_context_set_kube_version (context, self->kube_version, error))
    return NULL;
  /* As helm's --api-versions: added to the versions every cluster has. */
  if (self->api_versions != NULL)
    strata_template_context_add_api_versions (context, (const char * const *)self->api_versions);
  return g_steal_pointer (&context);
}

/* "REGISTRY/NAME@VERSION": a pack from a registry by URL, read from the
 * cache that strata_chart_repository_fetch_layers_async() filled (core
 * never fetches). Such layers always pin their version. */
static StrataPack *
load_cached_pack (const char  *source,
                  GError     **error)
{
  const char *slash = strchr (source, '/');
  const char *at = strrchr (slash, '@');
  g_autofree char *registry = g_strndup (source, slash - source);
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *packs = NULL;

  if (at == NULL || at[1] == '\0' || at == slash + 1)
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("pack %s names no version (expected REGISTRY/NAME@VERSION)"), source);
      return NULL;
    }

  name = g_strndup (slash + 1, at - slash - 1);
  packs = strata_chart_cache_dup_packs_folder (registry);
  folder = g_build_filename (packs, name, at + 1, NULL);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                   _("pack %s is not in the cache; run “strata-cli repo update %s” while online"),
                   source, registry);
      return NULL;
    }

  return strata_pack_new_from_folder (folder, error);
}

/* Everything a layer's render needs, taken now, so that the work can go
 * to a thread and the profile or the overrides may change meanwhile. */
static StrataLayerRender *
prepare_layer (StrataRenderer  *self,
               StrataLayer     *layer,
               const char      *profile_name,
               const char      *version,
               guint            revision)
{
  g_autoptr(StrataLayerRender) render = _strata_layer_render_new (layer);
  const char *override = g_hash_table_lookup (self->overrides, strata_layer_get_name (layer));
  const char *namespace_ = strata_layer_get_namespace (layer);
  const char *values = override != NULL ? override : strata_layer_get_values (layer);

  if (strata_layer_get_kind (layer) == STRATA_LAYER_KIND_PACK)
    {
      const char *source = strata_layer_get_source (layer);
      g_autoptr(GError) error = NULL;
      StrataPack *pack = NULL;

      if (source == NULL || *source == '\0')
        g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                     _("it names no pack (its source should be NAME@VERSION)"));
      else if (strchr (source, '/') != NULL)
        render->pack = load_cached_pack (source, &error);
      else if (self->registry == NULL)
        g_set_error (&error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_NOT_FOUND,
                     _("pack %s cannot be found: there is no pack registry"), source);
      else if ((pack = strata_pack_registry_lookup_reference (self->registry, source, &error)) != NULL)
        render->pack = g_object_ref (pack);

      if (render->pack == NULL)
        g_propagate_prefixed_error (&render->error, g_steal_pointer (&error),
                                    _("layer “%s”: "), strata_layer_get_name (layer));
      else
        {
          pack = render->pack;
          if (namespace_ == NULL || *namespace_ == '\0')
            namespace_ = strata_pack_get_namespace (pack);
          if (values == NULL)
            values = strata_pack_get_values (pack);
        }
    }

  render->namespace_ = g_strdup (namespace_ != NULL && *namespace_ != '\0' ? namespace_ : "default");
  render->values = g_strdup (values != NULL ? values : "");
  render->chart_version = g_strdup (version);
  if (render->error == NULL)
    {
      render->context = create_context (self, layer, render->namespace_, profile_name, version, revision,
                                        &render->error);
      if (render->context == NULL)
        name_layer (&render->error, strata_layer_get_name (layer));
    }
  return g_steal_pointer (&render);
}

/* Step 1, in a worker thread: pack and manifest layers. */
static void
render_templates_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  RenderData *data = task_data;

  for (guint i = 0; i < data->layers->len; i++)
    {
      StrataLayerRender *render = g_ptr_array_index (data->layers, i);

      if (g_task_return_error_if_cancelled (task))
        return;
      if (render->error != NULL || strata_layer_get_kind (render->layer) == STRATA_LAYER_KIND_HELM)
        continue;
      if (!_strata_layer_render_templates (render, &render->error))
        break;  /* the first failure in install order is the one to report */
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
failed_before (RenderData *data,
               guint       index)
{
  for (guint i = 0; i < index; i++)
    if (((StrataLayerRender *)g_ptr_array_index (data->layers, i))->error != NULL)
      return TRUE;
  return FALSE;
}

static void render_next_helm_layer (GTask *task);
static void finish_render          (GTask *task);

static void
templates_rendered_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  render_next_helm_layer (g_steal_pointer (&task));
}

static void
helm_layer_rendered_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RenderData *data = g_task_get_task_data (task);
  StrataLayerRender *render = g_ptr_array_index (data->layers, data->next_helm);
  g_autoptr(GError) error = NULL;
  g_autofree char *manifest = strata_chart_layer_render_finish (result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (manifest == NULL)
    {
      render->error = g_steal_pointer (&error);
      name_layer (&render->error, strata_layer_get_name (render->layer));
    }
  else
    _strata_layer_render_read_manifest (render, manifest, &render->error);

  data->next_helm++;
  render_next_helm_layer (g_steal_pointer (&task));
}

/* Step 2, one at a time in install order: helm layers, each by helm or
 * the engine as strata_chart_layer_render_async() decides. */
static void
render_next_helm_layer (GTask *task)
{
  RenderData *data = g_task_get_task_data (task);

  for (; data->next_helm < data->layers->len; data->next_helm++)
    {
      StrataLayerRender *render = g_ptr_array_index (data->layers, data->next_helm);

      if (failed_before (data, data->next_helm + 1))
        break;
      if (strata_layer_get_kind (render->layer) != STRATA_LAYER_KIND_HELM)
        continue;
      strata_chart_layer_render_async (render->layer, render->values, render->context,
                                       g_task_get_cancellable (task),
                                       helm_layer_rendered_cb, task);
      return;
    }
  finish_render (task);
}

static gboolean
has_namespace (JsonObject *metadata)
{
  const char *namespace_ = strata_json_object_get_string (metadata, "namespace");

  return namespace_ != NULL && *namespace_ != '\0';
}

/* Namespaced objects without a namespace go to the layer's, as `helm
 * install -n` and `kubectl apply -n` put them. Cluster-scoped ones lose
 * a namespace they were given: the API server ignores it, and the
 * inventory must say where the object really is. */
static void
place_object (JsonObject      *object,
              const char      *namespace_,
              StrataKindScope *scope)
{
  JsonObject *metadata = strata_json_object_get_object (object, "metadata");

  g_assert (metadata != NULL);

  if (strata_kind_scope_is_cluster_scoped (scope, strata_json_object_get_string (object, "apiVersion"),
                                           strata_json_object_get_string (object, "kind")))
    {
      if (json_object_has_member (metadata, "namespace"))
        json_object_remove_member (metadata, "namespace");
    }
  else if (!has_namespace (metadata))
    json_object_set_string_member (metadata, "namespace", namespace_);
}

/* API group, kind, namespace and name: what makes an object one object
 * on the server, whatever version of its API it was written in. */
static char *
object_identity (JsonObject *object)
{
  g_autofree char *group = _strata_api_group (strata_json_object_get_string (object, "apiVersion"));
  JsonObject *metadata = strata_json_object_get_object (object, "metadata");
  const char *namespace_ = strata_json_object_get_string (metadata, "namespace");

  return g_strdup_printf ("%s %s %s/%s", group, strata_json_object_get_string (object, "kind"),
                          namespace_ != NULL ? namespace_ : "", strata_json_object_get_string (metadata, "name"));
}

static char *
describe_object (JsonObject *object)
{
  JsonObject *metadata = strata_json_object_get_object (object, "metadata");
  const char *namespace_ = strata_json_object_get_string (metadata, "namespace");

  if (namespace_ != NULL)
    return g_strdup_printf ("%s %s/%s", strata_json_object_get_string (object, "kind"), namespace_,
                            strata_json_object_get_string (metadata, "name"));
  return g_strdup_printf ("%s %s", strata_json_object_get_string (object, "kind"),
                          strata_json_object_get_string (metadata, "name"));
}

/* One object belongs to one layer: two layers applying the same object
 * would fight over it, and removing either would prune it. */
static gboolean
check_unique (GHashTable  *owners,
              JsonObject  *object,
              const char  *layer,
              GError     **error)
{
  g_autofree char *identity = object_identity (object);
  const char *owner = g_hash_table_lookup (owners, identity);
  g_autofree char *description = NULL;

  if (owner == NULL)
    {
      g_hash_table_insert (owners, g_steal_pointer (&identity), (gpointer)layer);
      return TRUE;
    }

  description = describe_object (object);
  if (strcmp (owner, layer) == 0)
    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                 _("layer “%s”: it renders %s twice; give one of them another name"), layer, description);
  else
    g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                 _("layers “%s” and “%s” both render %s; an object can belong to one layer only"),
                 owner, layer, description);
  return FALSE;
}

/* Like Palette, Strata makes sure a layer's namespace exists: when no
 * layer renders it, the first layer (in install order) that installs
 * objects into it gets the Namespace. It is never pruned nor uninstalled
 * (see STRATA_RELEASE_RECORD_POLICY_ANNOTATION): the cluster may have had
 * it before, and other software may live in it. */
static void
add_missing_namespaces (StrataRenderedSet *set)
{
  g_autoptr(GHashTable) created = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_layers = strata_rendered_set_get_n_layers (set);

  for (guint i = 0; i < n_layers; i++)
    {
      StrataRenderedLayer *layer = strata_rendered_set_get_layer (set, i);

      for (guint j = 0; j < strata_rendered_layer_get_n_objects (layer); j++)
        {
          JsonObject *object = json_node_get_object (strata_rendered_layer_get_object (layer, j));
          g_autofree char *group = _strata_api_group (strata_json_object_get_string (object, "apiVersion"));

          if (g_strcmp0 (strata_json_object_get_string (object, "kind"), "Namespace") == 0 && *group == '\0')
            g_hash_table_add (created, (gpointer)strata_json_object_get_string (strata_json_object_get_object (object, "metadata"),
                                                                                "name"));
        }
    }

  for (guint i = 0; i < n_layers; i++)
    {
      StrataRenderedLayer *layer = strata_rendered_set_get_layer (set, i);
      const char *namespace_ = strata_rendered_layer_get_namespace (layer);
      g_autoptr(JsonObject) metadata = NULL;
      g_autoptr(JsonObject) annotations = NULL;
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(JsonNode) node = NULL;

      if (namespace_ == NULL || g_strv_contains (system_namespaces, namespace_) ||
          g_hash_table_contains (created, namespace_) || strata_rendered_layer_get_n_objects (layer) == 0)
        continue;

      metadata = json_object_new ();
      json_object_set_string_member (metadata, "name", namespace_);
      /* Other software may share it: like the namespaces helm's
       * --create-namespace makes, it stays when the layer goes. */
      annotations = json_object_new ();
      json_object_set_string_member (annotations, "helm.sh/resource-policy", "keep");
      json_object_set_object_member (metadata, "annotations", g_steal_pointer (&annotations));
      object = json_object_new ();
      json_object_set_string_member (object, "apiVersion", "v1");
      json_object_set_string_member (object, "kind", "Namespace");
      json_object_set_object_member (object, "metadata", g_steal_pointer (&metadata));
      node = json_node_init_object (json_node_alloc (), object);
      strata_rendered_layer_add_object (layer, node);
      g_hash_table_add (created, (gpointer)namespace_);
    }
}

static StrataRenderedSet *
assemble (RenderData  *data,
          GError     **error)
{
  g_autoptr(StrataRenderedSet) set = strata_rendered_set_new (data->profile_name, data->version, data->revision);
  g_autoptr(StrataKindScope) scope = strata_kind_scope_new ();
  g_autoptr(GHashTable) owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < data->layers->len; i++)
    {
      StrataLayerRender *render = g_ptr_array_index (data->layers, i);

      if (render->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&render->error));
          return NULL;
        }
      for (guint j = 0; j < render->objects->len; j++)
        strata_kind_scope_add_definition (scope, json_node_get_object (g_ptr_array_index (render->objects, j)));
    }

  for (guint i = 0; i < data->layers->len; i++)
    {
      StrataLayerRender *render = g_ptr_array_index (data->layers, i);
      const char *name = strata_layer_get_name (render->layer);
      StrataRenderedLayer *layer;

      layer = strata_rendered_set_add_layer (set, name, strata_layer_get_kind (render->layer),
                                             strata_layer_get_priority (render->layer),
                                             render->namespace_, render->values);
      if (layer == NULL)
        {
          g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_DUPLICATE,
                       _("the version has two layers named “%s”; rename one of them"), name);
          return NULL;
        }
      for (guint j = 0; j < render->objects->len; j++)
        {
          JsonNode *node = g_ptr_array_index (render->objects, j);

          place_object (json_node_get_object (node), render->namespace_, scope);
          if (!check_unique (owners, json_node_get_object (node), name, error))
            return NULL;
          strata_rendered_layer_add_object (layer, node);
        }
    }

  add_missing_namespaces (set);
  return g_steal_pointer (&set);
}

/* Step 3, back in the caller's context: the set, in install order. */
static void
finish_render (GTask *task)
{
  RenderData *data = g_task_get_task_data (task);
  GError *error = NULL;
  StrataRenderedSet *set = assemble (data, &error);

  if (set == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, set, g_object_unref);
  g_object_unref (task);
}

/**
 * strata_renderer_render_async:
 * @self: a #StrataRenderer
 * @profile_name: the profile's name, for labels and .Profile.Name
 * @version: the version to render
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the set is ready
 * @user_data: data for @callback
 *
 * Renders every layer of @version with this renderer's cluster, overrides
 * and capabilities as they are now.
 */
void
strata_renderer_render_async (StrataRenderer       *self,
                              const char           *profile_name,
                              StrataProfileVersion *version,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) templates = NULL;
  GListModel *layers;
  RenderData *data;

  g_return_if_fail (STRATA_IS_RENDERER (self));
  g_return_if_fail (profile_name != NULL);
  g_return_if_fail (STRATA_IS_PROFILE_VERSION (version));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_renderer_render_async);

  data = g_new0 (RenderData, 1);
  data->profile_name = g_strdup (profile_name);
  data->version = g_strdup (strata_profile_version_get_version (version));
  data->revision = strata_profile_version_get_revision (version);
  data->layers = g_ptr_array_new_with_free_func ((GDestroyNotify)_strata_layer_render_free);
  g_task_set_task_data (task, data, (GDestroyNotify)render_data_free);

  layers = strata_profile_version_get_layers (version);
  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(StrataLayer) layer = g_list_model_get_item (layers, i);

      g_ptr_array_add (data->layers, prepare_layer (self, layer, data->profile_name, data->version, data->revision));
    }

  templates = g_task_new (NULL, cancellable, templates_rendered_cb, g_steal_pointer (&task));
  g_task_set_source_tag (templates, render_templates_thread);
  g_task_set_task_data (templates, data, NULL);
  g_task_run_in_thread (templates, render_templates_thread);
}

/**
 * strata_renderer_render_finish:
 * @self: a #StrataRenderer
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the rendered set, or %NULL with @error set
 */
StrataRenderedSet *
strata_renderer_render_finish (StrataRenderer  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (STRATA_IS_RENDERER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
