/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The changed lines of two configurations, for the Review changes view to
 * mark them side by side. Values files are small: the quadratic table of
 * a longest common subsequence is cheap, and its result exact. */

#include "config.h"

#include <string.h>

#include "strata-review-lines.h"

static GStrv
split_lines (const char *text)
{
  g_autofree char *copy = g_strdup (text ? text : "");
  gsize len = strlen (copy);

  /* A final newline ends the last line; it does not start another. */
  if (len > 0 && copy[len - 1] == '\n')
    copy[len - 1] = '\0';
  if (*copy == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (copy, "\n", -1);
}

static GArray *
new_marks (guint n)
{
  GArray *marks = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), n);

  g_array_set_size (marks, n);
  for (guint i = 0; i < n; i++)
    g_array_index (marks, gboolean, i) = TRUE;
  return marks;
}

void
strata_review_mark_lines (const char  *current,
                          const char  *pending,
                          GArray     **current_changed,
                          GArray     **pending_changed)
{
  g_auto(GStrv) a = split_lines (current);
  g_auto(GStrv) b = split_lines (pending);
  guint n = g_strv_length (a);
  guint m = g_strv_length (b);
  g_autofree guint *table = g_new0 (guint, (gsize) (n + 1) * (m + 1));
  GArray *marks_a = new_marks (n);
  GArray *marks_b = new_marks (m);
  guint i, j;

#define AT(x, y) table[(gsize) (x) * (m + 1) + (y)]
  for (i = n; i-- > 0;)
    for (j = m; j-- > 0;)
      AT (i, j) = g_str_equal (a[i], b[j]) ? AT (i + 1, j + 1) + 1 : MAX (AT (i + 1, j), AT (i, j + 1));

  i = j = 0;
  while (i < n && j < m)
    {
      if (g_str_equal (a[i], b[j]))
        {
          g_array_index (marks_a, gboolean, i++) = FALSE;
          g_array_index (marks_b, gboolean, j++) = FALSE;
        }
      else if (AT (i + 1, j) >= AT (i, j + 1))
        i++;
      else
        j++;
    }
#undef AT

  *current_changed = marks_a;
  *pending_changed = marks_b;
}
