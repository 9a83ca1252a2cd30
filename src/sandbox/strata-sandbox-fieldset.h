/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Sets of fields in the fieldsV1 format managedFields use: a tree of
 * JsonObjects keyed "f:name", "k:{…}" (a list item by its keys), "v:…" (a
 * set member), where {} is a member and "." marks a container that is a
 * member itself. The operations server-side apply needs on them. */

/* How containers are marked: the typed kinds mark only maps and list
 * items, custom resources every container but metadata. */
typedef enum
{
  STRATA_SANDBOX_FIELDS_TYPED,
  STRATA_SANDBOX_FIELDS_DEDUCED,
} StrataSandboxFieldsMode;

/* The fields an applied configuration sets. */
JsonObject *strata_sandbox_fieldset_from_applied (JsonNode                *applied);
/* The fields whose values differ between @before (NULL: nothing) and
 * @after, containers that appear or go marked as members themselves. */
JsonObject *strata_sandbox_fieldset_diff         (JsonNode                *before,
                                                  JsonNode                *after,
                                                  StrataSandboxFieldsMode  mode);
/* Members of both, as paths in kube-apiserver's notation
 * (.spec.containers[name="web"].image). (element-type utf8) */
GPtrArray  *strata_sandbox_fieldset_intersection (JsonObject              *a,
                                                  JsonObject              *b);
void        strata_sandbox_fieldset_union        (JsonObject              *into,
                                                  JsonObject              *other);
void        strata_sandbox_fieldset_subtract     (JsonObject              *from,
                                                  JsonObject              *other);
gboolean    strata_sandbox_fieldset_is_empty     (JsonObject              *set);
/* Removes from @object the members of @removed that no set of @kept
 * (element-type JsonObject) holds. */
void        strata_sandbox_fieldset_prune        (JsonNode                *object,
                                                  JsonObject              *removed,
                                                  GPtrArray               *kept);
/* Fields the API server never tracks (name, uid, resourceVersion …),
 * removed from a copy before computing sets. */
JsonNode   *strata_sandbox_fieldset_trackable    (JsonNode                *object);
/* The members of both, as a set. */
JsonObject *strata_sandbox_fieldset_intersect    (JsonObject              *a,
                                                  JsonObject              *b);
/* Every member as a path (element-type utf8). */
GPtrArray  *strata_sandbox_fieldset_paths        (JsonObject              *set);
JsonObject *strata_sandbox_fieldset_copy         (JsonObject              *set);
/* A copy with members in the order kube-apiserver writes them. */
JsonObject *strata_sandbox_fieldset_sorted       (JsonObject              *set);
G_END_DECLS
