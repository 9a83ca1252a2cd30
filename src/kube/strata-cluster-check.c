/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cluster-manager-private.h"
#include "strata-object-change.h"

struct _StrataClusterCheck
{
  GObject              parent_instance;

  char                *cluster_name;
  StrataClusterStatus  status;
  char                *reason;
  StrataReleaseRecord *record;
  char                *pending_hash;
  GListStore          *drift;
  GStrv                notes;
};

G_DEFINE_FINAL_TYPE (StrataClusterCheck, strata_cluster_check, G_TYPE_OBJECT)

static void
strata_cluster_check_dispose (GObject *object)
{
  StrataClusterCheck *self = (StrataClusterCheck *)object;

  g_clear_object (&self->record);
  g_clear_object (&self->drift);

  G_OBJECT_CLASS (strata_cluster_check_parent_class)->dispose (object);
}

static void
strata_cluster_check_finalize (GObject *object)
{
  StrataClusterCheck *self = (StrataClusterCheck *)object;

  g_free (self->cluster_name);
  g_free (self->reason);
  g_free (self->pending_hash);
  g_strfreev (self->notes);

  G_OBJECT_CLASS (strata_cluster_check_parent_class)->finalize (object);
}

static void
strata_cluster_check_class_init (StrataClusterCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_cluster_check_dispose;
  object_class->finalize = strata_cluster_check_finalize;
}

static void
strata_cluster_check_init (StrataClusterCheck *self)
{
  self->drift = g_list_store_new (STRATA_TYPE_OBJECT_CHANGE);
}

StrataClusterCheck *
_strata_cluster_check_new (StrataCluster        *cluster,
                           StrataClusterStatus   status,
                           const char           *reason,
                           StrataReleaseRecord  *record,
                           const char           *pending_hash,
                           GListModel           *drift,
                           GPtrArray            *notes)
{
  StrataClusterCheck *self = g_object_new (STRATA_TYPE_CLUSTER_CHECK, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  self->cluster_name = g_strdup (strata_cluster_get_name (cluster));
  self->status = status;
  self->reason = g_strdup (reason);
  self->record = record ? g_object_ref (record) : NULL;
  self->pending_hash = g_strdup (pending_hash);

  for (guint i = 0; drift != NULL && i < g_list_model_get_n_items (drift); i++)
    {
      g_autoptr(GObject) change = g_list_model_get_item (drift, i);

      g_list_store_append (self->drift, change);
    }

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      g_autofree char *note = _strata_override_note_describe (g_ptr_array_index (notes, i));

      g_strv_builder_add (builder, note);
    }
  self->notes = g_strv_builder_end (builder);

  return self;
}

const char *
strata_cluster_check_status_label (StrataClusterStatus status)
{
  switch (status)
    {
    case STRATA_CLUSTER_STATUS_UNKNOWN: return _("Unknown");
    case STRATA_CLUSTER_STATUS_PROVISIONING: return _("Provisioning");
    case STRATA_CLUSTER_STATUS_RUNNING: return _("Running");
    case STRATA_CLUSTER_STATUS_UPDATING: return _("Updating");
    case STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE: return _("Updates available");
    case STRATA_CLUSTER_STATUS_DRIFTED: return _("Drifted");
    case STRATA_CLUSTER_STATUS_UNREACHABLE: return _("Unreachable");
    case STRATA_CLUSTER_STATUS_DELETING: return _("Deleting");
    case STRATA_CLUSTER_STATUS_DELETED: return _("Deleted");
    case STRATA_CLUSTER_STATUS_ERROR: return _("Error");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
strata_cluster_check_get_cluster_name (StrataClusterCheck *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_CHECK (self), NULL);

  return self->cluster_name;
}

StrataClusterStatus
strata_cluster_check_get_status (StrataClusterCheck *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_CHECK (self), STRATA_CLUSTER_STATUS_UNKNOWN);

  return self->status;
}

const char *
strata_cluster_check_get_label (StrataClusterCheck *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_CHECK (self), NULL);

  return strata_cluster_check_status_label (self->status);
}

const char *
strata_cluster_check_get_reason (StrataClusterCheck *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_CHECK (self), NULL);

  return self->reason;
}

StrataReleaseRecord *
strata_cluster_check_get_record (StrataClusterCheck *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_CHECK (self), NULL);

  return self->record;
}

const char *
strata_cluster_check_get_pending_hash (StrataClusterCheck *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_CHECK (self), NULL);

  return self->pending_hash;
}

GListModel *
strata_cluster_check_get_drift (StrataClusterCheck *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_CHECK (self), NULL);

  return G_LIST_MODEL (self->drift);
}

const char * const *
strata_cluster_check_get_notes (StrataClusterCheck *self)
{
  g_return_val_if_fail (STRATA_IS_CLUSTER_CHECK (self), NULL);

  return (const char * const *)self->notes;
}

JsonNode *
_strata_release_record_summary_to_json (StrataReleaseRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GDateTime *applied_at = strata_release_record_get_applied_at (record);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "number");
  json_builder_add_int_value (builder, strata_release_record_get_number (record));
  json_builder_set_member_name (builder, "profile");
  json_builder_add_string_value (builder, strata_release_record_get_profile_name (record));
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, strata_release_record_get_version (record));
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, strata_release_record_get_revision (record));
  json_builder_set_member_name (builder, "hash");
  json_builder_add_string_value (builder, strata_release_record_get_hash (record));
  if (applied_at != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (applied_at);

      json_builder_set_member_name (builder, "appliedAt");
      json_builder_add_string_value (builder, text);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * strata_cluster_check_to_json:
 *
 * Returns: (transfer full): the check for scripts
 */
JsonNode *
strata_cluster_check_to_json (StrataClusterCheck *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (STRATA_IS_CLUSTER_CHECK (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cluster");
  json_builder_add_string_value (builder, self->cluster_name);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, strata_cluster_status_to_string (self->status));
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, strata_cluster_check_status_label (self->status));
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, self->reason);
  json_builder_set_member_name (builder, "release");
  if (self->record != NULL)
    json_builder_add_value (builder, _strata_release_record_summary_to_json (self->record));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "pendingHash");
  if (self->pending_hash != NULL)
    json_builder_add_string_value (builder, self->pending_hash);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "drift");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->drift)); i++)
    {
      g_autoptr(StrataObjectChange) change = g_list_model_get_item (G_LIST_MODEL (self->drift), i);

      json_builder_add_string_value (builder, strata_object_change_get_description (change));
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; self->notes[i] != NULL; i++)
    json_builder_add_string_value (builder, self->notes[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
