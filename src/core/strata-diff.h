/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Line-based differences (Myers' O(ND) algorithm in linear space), for
 * "strata-cli kube diff" and the review of pending changes. */

typedef enum
{
  STRATA_DIFF_EQUAL,
  STRATA_DIFF_DELETE,   /* lines only in the old text */
  STRATA_DIFF_INSERT,   /* lines only in the new text */
} StrataDiffOperation;

typedef struct
{
  StrataDiffOperation operation;
  guint               old_start;  /* 0-based line in the old text */
  guint               new_start;  /* 0-based line in the new text */
  guint               length;     /* lines */
} StrataDiffChunk;

/* (transfer full) (element-type StrataDiffChunk): the chunks in order; equal
 * chunks cover both texts, a DELETE before an INSERT where lines changed. */
GArray *strata_diff_lines   (const char * const *old_lines,
                             guint               n_old,
                             const char * const *new_lines,
                             guint               n_new);

/* A unified diff (as "diff -u" writes it) with @context lines around each
 * change and "---"/"+++" headers naming @old_label and @new_label, or an
 * empty string when the texts are equal. */
char   *strata_diff_unified (const char         *old_text,
                             const char         *new_text,
                             const char         *old_label,
                             const char         *new_label,
                             guint               context);

G_END_DECLS
