/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For the UI test. */
#pragma once

#include "strata-review-dialog.h"

G_BEGIN_DECLS

/* "loading", "review", "applying", "error", "done" */
const char        *_strata_review_dialog_get_state        (StrataReviewDialog *self);
const char        *_strata_review_dialog_get_error        (StrataReviewDialog *self);
StrataClusterPlan *_strata_review_dialog_get_plan         (StrataReviewDialog *self);
guint              _strata_review_dialog_get_n_layers     (StrataReviewDialog *self);
/* The text of one side ("current" or "pending") of the @index-th layer,
 * and its lines marked as changed, "3,7". (transfer full) */
char              *_strata_review_dialog_get_side_text    (StrataReviewDialog *self,
                                                           guint               index,
                                                           const char         *side);
char              *_strata_review_dialog_get_marked_lines (StrataReviewDialog *self,
                                                           guint               index,
                                                           const char         *side);
const char        *_strata_review_dialog_get_counts       (StrataReviewDialog *self);
guint              _strata_review_dialog_get_n_object_rows (StrataReviewDialog *self);
guint              _strata_review_dialog_get_n_progress_rows (StrataReviewDialog *self);
GtkWidget         *_strata_review_dialog_get_apply_button (StrataReviewDialog *self);
GtkWidget         *_strata_review_dialog_get_keep_switch  (StrataReviewDialog *self);
gboolean           _strata_review_dialog_get_applied      (StrataReviewDialog *self);

G_END_DECLS
