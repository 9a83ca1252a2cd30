/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  STRATA_OBJECT_ACTION_CREATE,     /* not in the cluster (drift: deleted there) */
  STRATA_OBJECT_ACTION_CHANGE,     /* applying would change it (drift: it was changed) */
  STRATA_OBJECT_ACTION_UNCHANGED,
  STRATA_OBJECT_ACTION_PRUNE,      /* applied before, no longer rendered: deleted */
} StrataObjectAction;

#define STRATA_TYPE_OBJECT_ACTION (strata_object_action_get_type ())
GType strata_object_action_get_type (void) G_GNUC_CONST;

#define STRATA_TYPE_OBJECT_CHANGE (strata_object_change_get_type ())
G_DECLARE_FINAL_TYPE (StrataObjectChange, strata_object_change, STRATA, OBJECT_CHANGE, GObject)

/* What applying (or a drift check) would do to one object, with the
 * difference between the live object and the server's dry-run result as
 * a unified diff of their YAML. Both sides leave out what the server keeps
 * for itself (status, managedFields, resourceVersion, generation, uid,
 * creationTimestamp, selfLink), so that only real changes show.
 *
 * @object names the object (apiVersion, kind, metadata.namespace and
 * .name; the namespace may come from @merged or @live instead); @live
 * and @merged may each be NULL. Properties (read-only): "action",
 * "layer", "description", "diff". */
StrataObjectChange *strata_object_change_new             (StrataObjectAction  action,
                                                          const char         *layer,
                                                          JsonNode           *object,
                                                          JsonNode           *live,
                                                          JsonNode           *merged);
StrataObjectAction  strata_object_change_get_action      (StrataObjectChange *self);
/* (nullable): the layer it belongs to */
const char         *strata_object_change_get_layer       (StrataObjectChange *self);
const char         *strata_object_change_get_api_version (StrataObjectChange *self);
const char         *strata_object_change_get_kind        (StrataObjectChange *self);
/* (nullable): NULL for cluster-scoped objects */
const char         *strata_object_change_get_namespace   (StrataObjectChange *self);
const char         *strata_object_change_get_name        (StrataObjectChange *self);
/* "Deployment demo/web", "Namespace demo" */
const char         *strata_object_change_get_description (StrataObjectChange *self);
/* (transfer none) (nullable) */
JsonNode           *strata_object_change_get_live        (StrataObjectChange *self);
JsonNode           *strata_object_change_get_merged      (StrataObjectChange *self);
/* "--- live/apps.v1.Deployment.demo.web" / "+++ merged/…" then the hunks,
 * as kubectl diff writes them; "" when the two sides are the same. */
const char         *strata_object_change_get_diff        (StrataObjectChange *self);

G_END_DECLS
