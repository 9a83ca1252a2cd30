/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "strata-apply-private.h"
#include "strata-apply-plan.h"
#include "strata-diff.h"

#define DIFF_CONTEXT_LINES 3

struct _StrataApplyPlan
{
  GObject              parent_instance;

  StrataRenderedSet   *set;
  StrataReleaseRecord *record;
  char                *hash;
  GListStore          *changes;
};

G_DEFINE_FINAL_TYPE (StrataApplyPlan, strata_apply_plan, G_TYPE_OBJECT)

static void
strata_apply_plan_dispose (GObject *object)
{
  StrataApplyPlan *self = (StrataApplyPlan *)object;

  g_clear_object (&self->set);
  g_clear_object (&self->record);
  g_clear_object (&self->changes);

  G_OBJECT_CLASS (strata_apply_plan_parent_class)->dispose (object);
}

static void
strata_apply_plan_finalize (GObject *object)
{
  StrataApplyPlan *self = (StrataApplyPlan *)object;

  g_free (self->hash);

  G_OBJECT_CLASS (strata_apply_plan_parent_class)->finalize (object);
}

static void
strata_apply_plan_class_init (StrataApplyPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_apply_plan_dispose;
  object_class->finalize = strata_apply_plan_finalize;
}

static void
strata_apply_plan_init (StrataApplyPlan *self)
{
  self->changes = g_list_store_new (STRATA_TYPE_OBJECT_CHANGE);
}

StrataApplyPlan *
_strata_apply_plan_new (StrataRenderedSet   *set,
                        StrataReleaseRecord *record)
{
  StrataApplyPlan *self = g_object_new (STRATA_TYPE_APPLY_PLAN, NULL);

  self->set = g_object_ref (set);
  self->record = record ? g_object_ref (record) : NULL;
  self->hash = strata_rendered_set_compute_hash (set);

  return self;
}

void
_strata_apply_plan_add (StrataApplyPlan    *self,
                        StrataObjectChange *change)
{
  g_assert (STRATA_IS_APPLY_PLAN (self));

  g_list_store_append (self->changes, change);
}

GListModel *
strata_apply_plan_get_changes (StrataApplyPlan *self)
{
  g_return_val_if_fail (STRATA_IS_APPLY_PLAN (self), NULL);

  return G_LIST_MODEL (self->changes);
}

guint
strata_apply_plan_count (StrataApplyPlan    *self,
                         StrataObjectAction  action)
{
  guint n = 0;

  g_return_val_if_fail (STRATA_IS_APPLY_PLAN (self), 0);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->changes)); i++)
    {
      g_autoptr(StrataObjectChange) change = g_list_model_get_item (G_LIST_MODEL (self->changes), i);

      if (strata_object_change_get_action (change) == action)
        n++;
    }

  return n;
}

gboolean
strata_apply_plan_has_changes (StrataApplyPlan *self)
{
  g_return_val_if_fail (STRATA_IS_APPLY_PLAN (self), FALSE);

  return strata_apply_plan_count (self, STRATA_OBJECT_ACTION_CREATE) > 0 ||
         strata_apply_plan_count (self, STRATA_OBJECT_ACTION_CHANGE) > 0 ||
         strata_apply_plan_count (self, STRATA_OBJECT_ACTION_PRUNE) > 0;
}

StrataRenderedSet *
strata_apply_plan_get_set (StrataApplyPlan *self)
{
  g_return_val_if_fail (STRATA_IS_APPLY_PLAN (self), NULL);

  return self->set;
}

StrataReleaseRecord *
strata_apply_plan_get_record (StrataApplyPlan *self)
{
  g_return_val_if_fail (STRATA_IS_APPLY_PLAN (self), NULL);

  return self->record;
}

gboolean
strata_apply_plan_is_pending (StrataApplyPlan *self)
{
  g_return_val_if_fail (STRATA_IS_APPLY_PLAN (self), FALSE);

  return self->record == NULL || g_strcmp0 (strata_release_record_get_hash (self->record), self->hash) != 0;
}

char *
strata_apply_plan_get_values_diff (StrataApplyPlan *self,
                                   const char      *layer)
{
  StrataRenderedLayer *pending;
  g_autofree char *current_label = NULL;
  g_autofree char *pending_label = NULL;
  const char *current_values;
  const char *pending_values;

  g_return_val_if_fail (STRATA_IS_APPLY_PLAN (self), NULL);
  g_return_val_if_fail (layer != NULL, NULL);

  pending = strata_rendered_set_find_layer (self->set, layer);
  current_values = self->record ? strata_release_record_get_values (self->record, layer) : NULL;
  pending_values = pending ? strata_rendered_layer_get_values (pending) : NULL;
  current_label = g_strconcat ("current/", layer, NULL);
  pending_label = g_strconcat ("pending/", layer, NULL);

  return strata_diff_unified (current_values ? current_values : "", pending_values ? pending_values : "",
                              current_label, pending_label, DIFF_CONTEXT_LINES);
}
