/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "strata-sandbox-store.h"

G_BEGIN_DECLS

JsonObject *_strata_sandbox_metadata_of          (JsonNode           *object);
const char *_strata_sandbox_object_string        (JsonNode           *object,
                                                  const char         *member);
const char *_strata_sandbox_meta_string          (JsonNode           *object,
                                                  const char         *member);
char       *_strata_sandbox_now_timestamp        (void);

/* The stored node itself (transfer none), or NULL. */
JsonNode   *_strata_sandbox_store_lookup         (StrataSandboxStore *self,
                                                  const char         *api_version,
                                                  const char         *kind,
                                                  const char         *namespace_,
                                                  const char         *name);
/* Persists, stores and announces @object (transfer full) with the next
 * resourceVersion; returns a copy of what was stored. */
JsonNode   *_strata_sandbox_store_commit_put     (StrataSandboxStore  *self,
                                                  JsonNode            *object,
                                                  const char          *type,
                                                  GError             **error);
JsonNode   *_strata_sandbox_store_commit_remove  (StrataSandboxStore  *self,
                                                  JsonNode            *stored,
                                                  GError             **error);
/* (transfer full) (element-type JsonNode): copies of every object in
 * @namespace_, whatever its kind. */
GPtrArray  *_strata_sandbox_store_list_namespace (StrataSandboxStore  *self,
                                                  const char          *namespace_);

/* (transfer full) (element-type JsonNode): copies of every object. */
GPtrArray  *_strata_sandbox_store_list_all       (StrataSandboxStore  *self);

G_END_DECLS
