/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Line differences by Myers' algorithm, bisecting on the middle snake so
 * that memory stays linear however different the texts are (the approach of
 * diff-match-patch's bisect, on whole lines). */

#include "config.h"

#include <string.h>

#include "strata-diff.h"

typedef struct
{
  const guint *old_ids;
  const guint *new_ids;
  GArray      *chunks;
} Differ;

static void
differ_emit (Differ              *differ,
             StrataDiffOperation  operation,
             guint                old_start,
             guint                new_start,
             guint                length)
{
  StrataDiffChunk chunk = { operation, old_start, new_start, length };

  if (length == 0)
    return;

  if (differ->chunks->len > 0)
    {
      StrataDiffChunk *last = &g_array_index (differ->chunks, StrataDiffChunk, differ->chunks->len - 1);

      if (last->operation == operation)
        {
          last->length += length;
          return;
        }
    }

  g_array_append_val (differ->chunks, chunk);
}

static void differ_range (Differ *differ,
                          guint   old_begin,
                          guint   old_end,
                          guint   new_begin,
                          guint   new_end);

/* Finds the middle snake of the shortest edit script and diffs each side of
 * it; see "An O(ND) Difference Algorithm and Its Variations", section 4b. */
static void
differ_bisect (Differ *differ,
               guint   old_begin,
               guint   old_end,
               guint   new_begin,
               guint   new_end)
{
  const guint *a = differ->old_ids + old_begin;
  const guint *b = differ->new_ids + new_begin;
  gssize n = old_end - old_begin;
  gssize m = new_end - new_begin;
  gssize max_d = (n + m + 1) / 2;
  gssize v_offset = max_d;
  gssize v_length = 2 * max_d + 2;
  gssize delta = n - m;
  gboolean front = (delta % 2 != 0);
  gssize k1_start = 0, k1_end = 0, k2_start = 0, k2_end = 0;
  g_autofree gssize *v1 = g_new (gssize, v_length);
  g_autofree gssize *v2 = g_new (gssize, v_length);

  for (gssize i = 0; i < v_length; i++)
    v1[i] = v2[i] = -1;
  v1[v_offset + 1] = 0;
  v2[v_offset + 1] = 0;

  for (gssize d = 0; d < max_d; d++)
    {
      /* Forward paths. */
      for (gssize k1 = -d + k1_start; k1 <= d - k1_end; k1 += 2)
        {
          gssize k1_offset = v_offset + k1;
          gssize x1, y1;

          if (k1 == -d || (k1 != d && v1[k1_offset - 1] < v1[k1_offset + 1]))
            x1 = v1[k1_offset + 1];
          else
            x1 = v1[k1_offset - 1] + 1;
          y1 = x1 - k1;
          while (x1 < n && y1 < m && a[x1] == b[y1])
            x1++, y1++;
          v1[k1_offset] = x1;

          if (x1 > n)
            k1_end += 2;
          else if (y1 > m)
            k1_start += 2;
          else if (front)
            {
              gssize k2_offset = v_offset + delta - k1;

              if (k2_offset >= 0 && k2_offset < v_length && v2[k2_offset] != -1 &&
                  x1 >= n - v2[k2_offset])
                {
                  differ_range (differ, old_begin, old_begin + x1, new_begin, new_begin + y1);
                  differ_range (differ, old_begin + x1, old_end, new_begin + y1, new_end);
                  return;
                }
            }
        }

      /* Reverse paths. */
      for (gssize k2 = -d + k2_start; k2 <= d - k2_end; k2 += 2)
        {
          gssize k2_offset = v_offset + k2;
          gssize x2, y2;

          if (k2 == -d || (k2 != d && v2[k2_offset - 1] < v2[k2_offset + 1]))
            x2 = v2[k2_offset + 1];
          else
            x2 = v2[k2_offset - 1] + 1;
          y2 = x2 - k2;
          while (x2 < n && y2 < m && a[n - x2 - 1] == b[m - y2 - 1])
            x2++, y2++;
          v2[k2_offset] = x2;

          if (x2 > n)
            k2_end += 2;
          else if (y2 > m)
            k2_start += 2;
          else if (!front)
            {
              gssize k1_offset = v_offset + delta - k2;

              if (k1_offset >= 0 && k1_offset < v_length && v1[k1_offset] != -1)
                {
                  gssize x1 = v1[k1_offset];
                  gssize y1 = v_offset + x1 - k1_offset;

                  if (x1 >= n - x2)
                    {
                      differ_range (differ, old_begin, old_begin + x1, new_begin, new_begin + y1);
                      differ_range (differ, old_begin + x1, old_end, new_begin + y1, new_end);
                      return;
                    }
                }
            }
        }
    }

  /* Nothing in common. */
  differ_emit (differ, STRATA_DIFF_DELETE, old_begin, new_begin, n);
  differ_emit (differ, STRATA_DIFF_INSERT, old_end, new_begin, m);
}

static void
differ_range (Differ *differ,
              guint   old_begin,
              guint   old_end,
              guint   new_begin,
              guint   new_end)
{
  guint prefix = 0;
  guint suffix = 0;

  while (old_begin + prefix < old_end && new_begin + prefix < new_end &&
         differ->old_ids[old_begin + prefix] == differ->new_ids[new_begin + prefix])
    prefix++;
  differ_emit (differ, STRATA_DIFF_EQUAL, old_begin, new_begin, prefix);
  old_begin += prefix;
  new_begin += prefix;

  while (old_end - suffix > old_begin && new_end - suffix > new_begin &&
         differ->old_ids[old_end - suffix - 1] == differ->new_ids[new_end - suffix - 1])
    suffix++;
  old_end -= suffix;
  new_end -= suffix;

  if (old_begin == old_end)
    differ_emit (differ, STRATA_DIFF_INSERT, old_begin, new_begin, new_end - new_begin);
  else if (new_begin == new_end)
    differ_emit (differ, STRATA_DIFF_DELETE, old_begin, new_begin, old_end - old_begin);
  else
    differ_bisect (differ, old_begin, old_end, new_begin, new_end);

  differ_emit (differ, STRATA_DIFF_EQUAL, old_end, new_end, suffix);
}

/* Between two equal chunks, all deleted lines first, then all inserted
 * ones: one change reads as one block. */
static GArray *
normalize (GArray *chunks,
           guint   n_old,
           guint   n_new)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (StrataDiffChunk));
  guint i = 0;

  while (i < chunks->len)
    {
      StrataDiffChunk *chunk = &g_array_index (chunks, StrataDiffChunk, i);
      StrataDiffChunk deleted = { STRATA_DIFF_DELETE, chunk->old_start, chunk->new_start, 0 };
      StrataDiffChunk inserted = { STRATA_DIFF_INSERT, 0, chunk->new_start, 0 };
      guint old_end = n_old;
      guint new_end = n_new;

      if (chunk->operation == STRATA_DIFF_EQUAL)
        {
          g_array_append_val (result, *chunk);
          i++;
          continue;
        }

      while (i < chunks->len && g_array_index (chunks, StrataDiffChunk, i).operation != STRATA_DIFF_EQUAL)
        i++;
      if (i < chunks->len)
        {
          old_end = g_array_index (chunks, StrataDiffChunk, i).old_start;
          new_end = g_array_index (chunks, StrataDiffChunk, i).new_start;
        }

      deleted.length = old_end - deleted.old_start;
      inserted.old_start = old_end;
      inserted.length = new_end - inserted.new_start;

      if (deleted.length > 0)
        g_array_append_val (result, deleted);
      if (inserted.length > 0)
        g_array_append_val (result, inserted);
    }

  return result;
}

static guint *
intern_lines (GHashTable         *ids,
              const char * const *lines,
              guint               n_lines)
{
  guint *result = g_new (guint, MAX (n_lines, 1));

  for (guint i = 0; i < n_lines; i++)
    {
      gpointer id;

      if (!g_hash_table_lookup_extended (ids, lines[i], NULL, &id))
        {
          id = GUINT_TO_POINTER (g_hash_table_size (ids));
          g_hash_table_insert (ids, (gpointer)lines[i], id);
        }
      result[i] = GPOINTER_TO_UINT (id);
    }

  return result;
}

/**
 * strata_diff_lines:
 * @old_lines: (array length=n_old): the old text's lines
 * @n_old: how many
 * @new_lines: (array length=n_new): the new text's lines
 * @n_new: how many
 *
 * Returns: (transfer full) (element-type StrataDiffChunk): a shortest edit
 *   script from the old lines to the new ones
 */
GArray *
strata_diff_lines (const char * const *old_lines,
                   guint               n_old,
                   const char * const *new_lines,
                   guint               n_new)
{
  g_autoptr(GHashTable) ids = NULL;
  g_autofree guint *old_ids = NULL;
  g_autofree guint *new_ids = NULL;
  g_autoptr(GArray) chunks = NULL;
  Differ differ;

  g_return_val_if_fail (old_lines != NULL || n_old == 0, NULL);
  g_return_val_if_fail (new_lines != NULL || n_new == 0, NULL);

  /* Lines compare as small integers from here on. */
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  old_ids = intern_lines (ids, old_lines, n_old);
  new_ids = intern_lines (ids, new_lines, n_new);
  chunks = g_array_new (FALSE, FALSE, sizeof (StrataDiffChunk));

  differ.old_ids = old_ids;
  differ.new_ids = new_ids;
  differ.chunks = chunks;
  differ_range (&differ, 0, n_old, 0, n_new);

  return normalize (chunks, n_old, n_new);
}

/* Lines with their "\n", so that a last line without one differs from the
 * same line with one, as diff has it. */
static GPtrArray *
split_lines (const char *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *p = text ? text : "";

  while (*p != '\0')
    {
      const char *end = strchr (p, '\n');

      end = end ? end + 1 : p + strlen (p);
      g_ptr_array_add (lines, g_strndup (p, end - p));
      p = end;
    }

  return lines;
}

typedef struct
{
  StrataDiffOperation operation;
  guint               old_position;  /* the old line, or where an insert goes */
  guint               new_position;
  const char         *text;
} Edit;

static GArray *
edits_from_chunks (GArray    *chunks,
                   GPtrArray *old_lines,
                   GPtrArray *new_lines)
{
  GArray *edits = g_array_new (FALSE, FALSE, sizeof (Edit));

  for (guint i = 0; i < chunks->len; i++)
    {
      StrataDiffChunk *chunk = &g_array_index (chunks, StrataDiffChunk, i);

      for (guint j = 0; j < chunk->length; j++)
        {
          Edit edit = { chunk->operation, chunk->old_start, chunk->new_start, NULL };

          if (chunk->operation != STRATA_DIFF_INSERT)
            edit.old_position += j;
          if (chunk->operation != STRATA_DIFF_DELETE)
            edit.new_position += j;
          edit.text = chunk->operation == STRATA_DIFF_INSERT
            ? g_ptr_array_index (new_lines, edit.new_position)
            : g_ptr_array_index (old_lines, edit.old_position);
          g_array_append_val (edits, edit);
        }
    }

  return edits;
}

static void
append_range (GString *out,
              guint    start,
              guint    count)
{
  /* diff -u: an empty range names the line before it. */
  if (count == 1)
    g_string_append_printf (out, "%u", start + 1);
  else
    g_string_append_printf (out, "%u,%u", count == 0 ? start : start + 1, count);
}

static void
append_hunk (GString *out,
             GArray  *edits,
             guint    begin,
             guint    end)
{
  Edit *first = &g_array_index (edits, Edit, begin);
  guint old_count = 0;
  guint new_count = 0;

  for (guint i = begin; i < end; i++)
    {
      Edit *edit = &g_array_index (edits, Edit, i);

      old_count += edit->operation != STRATA_DIFF_INSERT;
      new_count += edit->operation != STRATA_DIFF_DELETE;
    }

  g_string_append (out, "@@ -");
  append_range (out, first->old_position, old_count);
  g_string_append (out, " +");
  append_range (out, first->new_position, new_count);
  g_string_append (out, " @@\n");

  for (guint i = begin; i < end; i++)
    {
      Edit *edit = &g_array_index (edits, Edit, i);
      static const char prefixes[] = { ' ', '-', '+' };

      g_string_append_c (out, prefixes[edit->operation]);
      g_string_append (out, edit->text);
      if (!g_str_has_suffix (edit->text, "\n"))
        g_string_append (out, "\n\\ No newline at end of file\n");
    }
}

/**
 * strata_diff_unified:
 * @old_text: (nullable): the old text; %NULL is empty
 * @new_text: (nullable): the new text; %NULL is empty
 * @old_label: the name on the "---" line
 * @new_label: the name on the "+++" line
 * @context: lines of context around changes (diff -u uses 3)
 *
 * Returns: (transfer full): the unified diff, or "" when the texts are equal
 */
char *
strata_diff_unified (const char *old_text,
                     const char *new_text,
                     const char *old_label,
                     const char *new_label,
                     guint       context)
{
  g_autoptr(GPtrArray) old_lines = split_lines (old_text);
  g_autoptr(GPtrArray) new_lines = split_lines (new_text);
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(GArray) edits = NULL;
  GString *out = g_string_new (NULL);
  guint i = 0;

  g_return_val_if_fail (old_label != NULL, NULL);
  g_return_val_if_fail (new_label != NULL, NULL);

  chunks = strata_diff_lines ((const char * const *)old_lines->pdata, old_lines->len,
                              (const char * const *)new_lines->pdata, new_lines->len);
  edits = edits_from_chunks (chunks, old_lines, new_lines);

  while (i < edits->len)
    {
      guint change, begin, end, last_change;

      /* The next change, and every change close enough to share its hunk. */
      for (change = i; change < edits->len; change++)
        if (g_array_index (edits, Edit, change).operation != STRATA_DIFF_EQUAL)
          break;
      if (change == edits->len)
        break;

      if (out->len == 0)
        g_string_append_printf (out, "--- %s\n+++ %s\n", old_label, new_label);

      begin = change > i + context ? change - context : i;
      last_change = change;
      for (guint j = change + 1; j < edits->len && j <= last_change + 2 * context + 1; j++)
        if (g_array_index (edits, Edit, j).operation != STRATA_DIFF_EQUAL)
          last_change = j;
      end = MIN (edits->len, last_change + context + 1);

      append_hunk (out, edits, begin, end);
      i = end;
    }

  return g_string_free (out, FALSE);
}
