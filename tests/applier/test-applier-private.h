/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What tests/test-applier.c shares with the test files in tests/applier/. */
#pragma once

#include "strata-applier.h"
#include "strata-drift.h"
#include "strata-test-apiserver.h"

G_BEGIN_DECLS

extern StrataTestApiserver *server;
extern StrataKubeClient *client;

/* Every document of @yaml into a new layer of @set. */
StrataRenderedLayer *add_layer          (StrataRenderedSet    *set,
                                         const char           *name,
                                         int                   priority,
                                         const char           *namespace_,
                                         const char           *values,
                                         const char           *yaml);
/* ConfigMaps NAME with data {a: VALUE}, for NAME, VALUE, …, NULL. */
char                *config_maps        (const char           *first,
                                         ...) G_GNUC_NULL_TERMINATED;

/* Calls, waited for. */
gboolean             apply_set          (StrataApplier        *applier,
                                         StrataRenderedSet    *set,
                                         StrataReleaseRecord **record,
                                         GError              **error);
void                 apply_ok           (StrataApplier        *applier,
                                         StrataRenderedSet    *set,
                                         StrataReleaseRecord **record);
StrataApplyPlan     *plan_set           (StrataApplier        *applier,
                                         StrataRenderedSet    *set);
GListModel          *detect_drift       (void);

/* What kubectl sees. */
StrataReleaseRecord *kubectl_record     (void);
char                *kubectl_data       (const char           *namespace_,
                                         const char           *name);
gboolean             kubectl_exists     (const char           *namespace_,
                                         const char           *kind,
                                         const char           *name);
/* Deletes the current record: the next apply prunes nothing of another
 * test's. */
void                 forget_record      (void);
/* (transfer none): the change of the object called @name */
StrataObjectChange  *find_change        (GListModel           *changes,
                                         const char           *name);

/* Signals, written down. */
typedef struct
{
  GPtrArray *events;  /* "layer:Kind:name" per object-applied */
  GPtrArray *layers;  /* "started NAME N", "finished NAME A/N" */
} Recorder;

void                 on_object_applied  (StrataApplier        *applier,
                                         StrataRenderedLayer  *layer,
                                         guint                 index,
                                         JsonNode             *applied,
                                         gpointer              user_data);
void                 on_layer_finished  (StrataApplier        *applier,
                                         StrataRenderedLayer  *layer,
                                         guint                 n_applied,
                                         guint                 n_objects,
                                         gpointer              user_data);

void                 test_applier_add_record_tests (void);

G_END_DECLS
