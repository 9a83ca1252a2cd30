/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cluster-manager-private.h"

struct _StrataClusterPlan
{
  GObject                 parent_instance;

  StrataCluster          *cluster;
  StrataClusterPlanFlags  flags;
  StrataApplier          *applier;
  StrataApplyPlan        *apply_plan;
  GPtrArray              *override_notes;  /* StrataOverrideNote */
  GStrv                   notes;
};

G_DEFINE_FINAL_TYPE (StrataClusterPlan, strata_cluster_plan, G_TYPE_OBJECT)

static void
strata_cluster_plan_dispose (GObject *object)
{
  StrataClusterPlan *self = (StrataClusterPlan *)object;

  g_clear_object (&self->cluster);
  g_clear_object (&self->applier);
  g_clear_object (&self->apply_plan);

  G_OBJECT_CLASS (strata_cluster_plan_parent_class)->dispose (object);
}

static void
strata_cluster_plan_finalize (GObject *object)
{
  StrataClusterPlan *self = (StrataClusterPlan *)object;

  g_clear_pointer (&self->override_notes, g_ptr_array_unref);
  g_strfreev (self->notes);

  G_OBJECT_CLASS (strata_cluster_plan_parent_class)->finalize (object);
}

static void
strata_cluster_plan_class_init (StrataClusterPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_cluster_plan_dispose;
  object_class->finalize = strata_cluster_plan_finalize;
}

static void
strata_cluster_plan_init (StrataClusterPlan *self)
{
  self->override_notes = g_ptr_array_new_with_free_func ((GDestroyNotify)_strata_override_note_free);
}

void
_strata_override_note_free (StrataOverrideNote *note)
{
  g_free (note->layer);
  g_free (note->values);
  g_free (note);
}

char *
_strata_override_note_describe (StrataOverrideNote *note)
{
  if (note->dropped)
    return g_strdup_printf (_("override for layer %s is dropped: the profile changed this layer in revision %u"),
                            note->layer, note->revision);

  return g_strdup_printf (_("override for layer %s is carried forward, although the profile changed this layer in revision %u"),
                          note->layer, note->revision);
}

static StrataOverrideNote *
override_note_copy (StrataOverrideNote *note)
{
  StrataOverrideNote *copy = g_new0 (StrataOverrideNote, 1);

  copy->layer = g_strdup (note->layer);
  copy->values = g_strdup (note->values);
  copy->revision = note->revision;
  copy->dropped = note->dropped;
  return copy;
}

StrataClusterPlan *
_strata_cluster_plan_new (StrataCluster         *cluster,
                          StrataClusterPlanFlags flags,
                          StrataApplier         *applier,
                          StrataApplyPlan       *apply_plan,
                          GPtrArray             *notes)
{
  StrataClusterPlan *self = g_object_new (STRATA_TYPE_CLUSTER_PLAN, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  self->cluster = g_object_ref (cluster);
  self->flags = flags;
  self->applier = g_object_ref (applier);
  self->apply_plan = g_object_ref (apply_plan);

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      StrataOverrideNote *note = g_ptr_array_index (notes, i);

      g_autofree char *sentence = _strata_override_note_describe (note);

      g_ptr_array_add (self->override_notes, override_note_copy (note));
      g_strv_builder_add (builder, sentence);
    }
  self->notes = g_strv_builder_end (builder);

  return self;
}

GPtrArray *
_strata_cluster_plan_get_override_notes (StrataClusterPlan *self)
{
  g_assert (STRATA_IS_CLUSTER_PLAN (self));

  return self->override_notes;
}

StrataCluster *
strata_cluster_plan_get_cluster (StrataClusterPlan *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), NULL);

  return self->cluster;
}

StrataClusterPlanFlags
strata_cluster_plan_get_flags (StrataClusterPlan *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), STRATA_CLUSTER_PLAN_DEFAULT);

  return self->flags;
}

StrataApplyPlan *
strata_cluster_plan_get_apply_plan (StrataClusterPlan *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), NULL);

  return self->apply_plan;
}

StrataApplier *
strata_cluster_plan_get_applier (StrataClusterPlan *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), NULL);

  return self->applier;
}

StrataRenderedSet *
strata_cluster_plan_get_set (StrataClusterPlan *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), NULL);

  return strata_apply_plan_get_set (self->apply_plan);
}

StrataReleaseRecord *
strata_cluster_plan_get_record (StrataClusterPlan *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), NULL);

  return strata_apply_plan_get_record (self->apply_plan);
}

gboolean
strata_cluster_plan_is_pending (StrataClusterPlan *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), FALSE);

  return strata_apply_plan_is_pending (self->apply_plan) || strata_apply_plan_has_changes (self->apply_plan);
}

static gboolean
layer_changed (StrataClusterPlan *self,
               const char        *layer)
{
  g_autofree char *diff = strata_apply_plan_get_values_diff (self->apply_plan, layer);

  return *diff != '\0';
}

/**
 * strata_cluster_plan_list_changed_layers:
 *
 * Returns: (transfer full): layer names
 */
GStrv
strata_cluster_plan_list_changed_layers (StrataClusterPlan *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  StrataRenderedSet *set;
  StrataReleaseRecord *record;

  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), NULL);

  set = strata_apply_plan_get_set (self->apply_plan);
  record = strata_apply_plan_get_record (self->apply_plan);

  for (guint i = 0; i < strata_rendered_set_get_n_layers (set); i++)
    {
      const char *name = strata_rendered_layer_get_name (strata_rendered_set_get_layer (set, i));

      if (layer_changed (self, name))
        g_strv_builder_add (builder, name);
    }

  /* Layers the release has and the pending set no longer does. */
  if (record != NULL)
    {
      JsonArray *layers = strata_release_record_get_layers (record);

      for (guint i = 0; i < json_array_get_length (layers); i++)
        {
          JsonObject *layer = json_array_get_object_element (layers, i);
          const char *name = json_object_get_string_member_with_default (layer, "name", NULL);

          if (name != NULL && strata_rendered_set_find_layer (set, name) == NULL && layer_changed (self, name))
            g_strv_builder_add (builder, name);
        }
    }

  return g_strv_builder_end (builder);
}

char *
strata_cluster_plan_get_values_diff (StrataClusterPlan *self,
                                     const char        *layer)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), NULL);

  return strata_apply_plan_get_values_diff (self->apply_plan, layer);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

static GStrv
list_overrides (StrataClusterPlan *self,
                gboolean           dropped)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GStrv layers;

  for (guint i = 0; i < self->override_notes->len; i++)
    {
      StrataOverrideNote *note = g_ptr_array_index (self->override_notes, i);

      if (note->dropped == dropped)
        g_strv_builder_add (builder, note->layer);
    }

  layers = g_strv_builder_end (builder);
  qsort (layers, g_strv_length (layers), sizeof (char *), compare_strings);
  return layers;
}

/**
 * strata_cluster_plan_list_dropped_overrides:
 *
 * Returns: (transfer full): layer names, sorted
 */
GStrv
strata_cluster_plan_list_dropped_overrides (StrataClusterPlan *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), NULL);

  return list_overrides (self, TRUE);
}

/**
 * strata_cluster_plan_list_carried_overrides:
 *
 * Returns: (transfer full): layer names, sorted
 */
GStrv
strata_cluster_plan_list_carried_overrides (StrataClusterPlan *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), NULL);

  return list_overrides (self, FALSE);
}

guint
strata_cluster_plan_get_changed_revision (StrataClusterPlan *self,
                                          const char        *layer)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), 0);
  g_return_val_if_fail (layer != NULL, 0);

  for (guint i = 0; i < self->override_notes->len; i++)
    {
      StrataOverrideNote *note = g_ptr_array_index (self->override_notes, i);

      if (g_str_equal (note->layer, layer))
        return note->revision;
    }

  return 0;
}

const char * const *
strata_cluster_plan_get_notes (StrataClusterPlan *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), NULL);

  return (const char * const *)self->notes;
}

static void
add_string_array (JsonBuilder        *builder,
                  const char         *member,
                  const char * const *strings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_objects (StrataClusterPlan *self,
             JsonBuilder       *builder)
{
  GListModel *changes = strata_apply_plan_get_changes (self->apply_plan);
  g_autoptr(GEnumClass) actions = g_type_class_ref (STRATA_TYPE_OBJECT_ACTION);

  json_builder_set_member_name (builder, "objects");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(StrataObjectChange) change = g_list_model_get_item (changes, i);
      GEnumValue *action = g_enum_get_value (actions, strata_object_change_get_action (change));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, action->value_nick);
      add_nullable_string (builder, "layer", strata_object_change_get_layer (change));
      json_builder_set_member_name (builder, "apiVersion");
      json_builder_add_string_value (builder, strata_object_change_get_api_version (change));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, strata_object_change_get_kind (change));
      add_nullable_string (builder, "namespace", strata_object_change_get_namespace (change));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, strata_object_change_get_name (change));
      json_builder_set_member_name (builder, "diff");
      json_builder_add_string_value (builder, strata_object_change_get_diff (change));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * strata_cluster_plan_to_json:
 *
 * Returns: (transfer full): the plan for scripts
 */
JsonNode *
strata_cluster_plan_to_json (StrataClusterPlan *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) changed = NULL;
  g_auto(GStrv) dropped = NULL;
  g_auto(GStrv) carried = NULL;
  g_autofree char *hash = NULL;
  StrataRenderedSet *set;
  StrataReleaseRecord *record;

  g_return_val_if_fail (STRATA_IS_CLUSTER_PLAN (self), NULL);

  set = strata_cluster_plan_get_set (self);
  record = strata_cluster_plan_get_record (self);
  hash = strata_rendered_set_compute_hash (set);
  changed = strata_cluster_plan_list_changed_layers (self);
  dropped = strata_cluster_plan_list_dropped_overrides (self);
  carried = strata_cluster_plan_list_carried_overrides (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cluster");
  json_builder_add_string_value (builder, strata_cluster_get_name (self->cluster));
  json_builder_set_member_name (builder, "profile");
  json_builder_add_string_value (builder, strata_rendered_set_get_profile_name (set));
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, strata_rendered_set_get_version (set));
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, strata_rendered_set_get_revision (set));
  json_builder_set_member_name (builder, "hash");
  json_builder_add_string_value (builder, hash);
  json_builder_set_member_name (builder, "pending");
  json_builder_add_boolean_value (builder, strata_cluster_plan_is_pending (self));
  json_builder_set_member_name (builder, "carryOverrides");
  json_builder_add_boolean_value (builder, (self->flags & STRATA_CLUSTER_PLAN_CARRY_OVERRIDES) != 0);
  json_builder_set_member_name (builder, "release");
  if (record != NULL)
    json_builder_add_value (builder, _strata_release_record_summary_to_json (record));
  else
    json_builder_add_null_value (builder);

  add_string_array (builder, "notes", (const char * const *)self->notes);
  json_builder_set_member_name (builder, "overrides");
  json_builder_begin_object (builder);
  add_string_array (builder, "dropped", (const char * const *)dropped);
  add_string_array (builder, "carried", (const char * const *)carried);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "layers");
  json_builder_begin_array (builder);
  for (guint i = 0; changed[i] != NULL; i++)
    {
      g_autofree char *diff = strata_cluster_plan_get_values_diff (self, changed[i]);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, changed[i]);
      json_builder_set_member_name (builder, "diff");
      json_builder_add_string_value (builder, diff);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_objects (self, builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
