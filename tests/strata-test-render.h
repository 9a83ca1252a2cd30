/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the renderer's tests: a loaded built-in registry,
 * renders run to completion, and readers of the rendered set. */
#pragma once

#include <string.h>

#include "strata-core-error.h"
#include "strata-json.h"
#include "strata-pack-registry.h"
#include "strata-renderer.h"
#include "strata-test-util.h"
#include "strata-yaml.h"

G_BEGIN_DECLS

/* The built-in registry every test renders with; main() loads it. */
static StrataPackRegistry *registry;

static inline StrataPackRegistry *
load_builtin (void)
{
  g_autoptr(StrataPackRegistry) builtin = strata_pack_registry_new_builtin ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  strata_pack_registry_load_async (builtin, NULL, strata_test_async_ready, &result);
  g_assert_true (strata_pack_registry_load_finish (builtin, strata_test_wait (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strata_pack_registry_get_problems (builtin)->len, ==, 0);
  return g_steal_pointer (&builtin);
}

static inline StrataRenderedSet *
render_with (StrataRenderer        *renderer,
             const char            *profile,
             StrataProfileVersion  *version,
             GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_renderer_render_async (renderer, profile, version, NULL, strata_test_async_ready, &result);
  return strata_renderer_render_finish (renderer, strata_test_wait (&result), error);
}

static inline StrataRenderedSet *
render_ok (StrataRenderer       *renderer,
           StrataProfileVersion *version)
{
  g_autoptr(GError) error = NULL;
  StrataRenderedSet *set = render_with (renderer, "web", version, &error);

  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

/* Renders and expects an error that mentions every one of the strings. */
static inline void
assert_render_fails (StrataProfileVersion *version,
                     ...)
{
  g_autoptr(StrataRenderer) renderer = strata_renderer_new (registry);
  g_autoptr(StrataRenderedSet) set = NULL;
  g_autoptr(GError) error = NULL;
  const char *mention;
  va_list args;

  set = render_with (renderer, "web", version, &error);
  g_assert_null (set);
  g_assert_nonnull (error);
  va_start (args, version);
  while ((mention = va_arg (args, const char *)) != NULL)
    if (strstr (error->message, mention) == NULL)
      g_error ("“%s” does not mention “%s”", error->message, mention);
  va_end (args);
}

static inline StrataLayer *
manifest_layer (const char *name,
                const char *namespace_,
                int         priority,
                const char *manifest)
{
  StrataLayer *layer = strata_layer_new (name, STRATA_LAYER_KIND_MANIFEST);

  strata_layer_set_namespace (layer, namespace_);
  strata_layer_set_priority (layer, priority);
  strata_layer_set_manifest (layer, manifest);
  return layer;
}

static inline StrataLayer *
pack_layer (const char *reference,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  StrataPack *pack = strata_pack_registry_lookup_reference (registry, reference, &error);

  g_assert_no_error (error);
  return strata_pack_create_layer (pack, name);
}

static inline void
add_layer (StrataProfileVersion *version,
           StrataLayer          *layer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (strata_profile_version_add_layer (version, layer, &error));
  g_assert_no_error (error);
  g_object_unref (layer);
}

static inline JsonObject *
object_at (StrataRenderedSet *set,
           const char        *layer,
           guint              index)
{
  StrataRenderedLayer *rendered = strata_rendered_set_find_layer (set, layer);

  g_assert_nonnull (rendered);
  g_assert_cmpuint (index, <, strata_rendered_layer_get_n_objects (rendered));
  return json_node_get_object (strata_rendered_layer_get_object (rendered, index));
}

/* The object of that kind and name anywhere in the set, or NULL. */
static inline JsonObject *
find_object (StrataRenderedSet *set,
             const char        *kind,
             const char        *name)
{
  for (guint i = 0; i < strata_rendered_set_get_n_layers (set); i++)
    {
      StrataRenderedLayer *layer = strata_rendered_set_get_layer (set, i);

      for (guint j = 0; j < strata_rendered_layer_get_n_objects (layer); j++)
        {
          JsonObject *object = json_node_get_object (strata_rendered_layer_get_object (layer, j));
          JsonObject *metadata = strata_json_object_get_object (object, "metadata");

          if (g_strcmp0 (strata_json_object_get_string (object, "kind"), kind) == 0 &&
              g_strcmp0 (strata_json_object_get_string (metadata, "name"), name) == 0)
            return object;
        }
    }
  return NULL;
}

static inline const char *
metadata_string (JsonObject *object,
                 const char *member)
{
  return strata_json_object_get_string (strata_json_object_get_object (object, "metadata"), member);
}

static inline const char *
label (JsonObject *object,
       const char *name)
{
  JsonObject *labels = strata_json_object_get_object (strata_json_object_get_object (object, "metadata"), "labels");

  return strata_json_object_get_string (labels, name);
}

/* "KIND/NAME KIND/NAME …" of one layer, in order. */
static inline char *
layer_summary (StrataRenderedSet *set,
               const char        *name)
{
  StrataRenderedLayer *layer = strata_rendered_set_find_layer (set, name);
  g_autoptr(GString) summary = g_string_new (NULL);

  g_assert_nonnull (layer);
  for (guint i = 0; i < strata_rendered_layer_get_n_objects (layer); i++)
    {
      JsonObject *object = json_node_get_object (strata_rendered_layer_get_object (layer, i));

      g_string_append_printf (summary, "%s%s/%s", i > 0 ? " " : "",
                              strata_json_object_get_string (object, "kind"), metadata_string (object, "name"));
    }
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

/* Every object as YAML, in order: what an apply would send. */
static inline char *
set_text (StrataRenderedSet *set)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < strata_rendered_set_get_n_layers (set); i++)
    {
      StrataRenderedLayer *layer = strata_rendered_set_get_layer (set, i);

      g_string_append_printf (text, "# layer: %s\n", strata_rendered_layer_get_name (layer));
      for (guint j = 0; j < strata_rendered_layer_get_n_objects (layer); j++)
        {
          g_autofree char *yaml = strata_yaml_emit (strata_rendered_layer_get_object (layer, j), NULL);

          g_string_append_printf (text, "---\n%s", yaml);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static inline gint64
ui_replicas (StrataRenderedSet *set)
{
  JsonObject *ui = find_object (set, "Deployment", "ui");

  g_assert_nonnull (ui);
  return json_object_get_int_member (json_object_get_object_member (ui, "spec"), "replicas");
}

G_END_DECLS
