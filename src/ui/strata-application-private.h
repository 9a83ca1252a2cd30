/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Between the application and its sandbox part (strata-application-sandbox.c). */
#pragma once

#include "strata-application.h"

G_BEGIN_DECLS

GSettings *_strata_application_create_settings    (void);
GSettings *_strata_application_get_settings       (StrataApplication *self);
gboolean   _strata_application_get_adding_sandbox (StrataApplication *self);
void       _strata_application_set_adding_sandbox (StrataApplication *self,
                                                   gboolean           adding);
void       _strata_application_offer_sandbox      (StrataApplication *self);
void       _strata_application_sync_sandbox       (StrataApplication *self);
void       _strata_application_retry_sandbox      (StrataApplication *self);
void       _strata_application_on_clusters_changed (StrataApplication *self,
                                                    guint              position,
                                                    guint              removed,
                                                    guint              added,
                                                    GListModel        *model);

G_END_DECLS
