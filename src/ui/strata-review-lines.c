/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The changed lines of two configurations, and the two sides of the
 * Review changes view that mark them. Values files are small: the
 * quadratic table of a longest common subsequence is cheap, and its
 * result exact. */

#include "config.h"

#include <string.h>
#include <gtksourceview/gtksource.h>

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

GtkTextBuffer *
strata_review_side_buffer_new (const char *text,
                               GArray     *marks,
                               const char *color)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = gtk_source_buffer_new (NULL);
  GtkTextTag *tag;

  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "yaml"));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text ? text : "", -1);
  tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (buffer), "changed",
                                    "paragraph-background", color,
                                    NULL);

  for (guint i = 0; i < marks->len; i++)
    {
      GtkTextIter start, end;

      if (!g_array_index (marks, gboolean, i))
        continue;
      gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (buffer), &start, i);
      if (gtk_text_buffer_get_mark (GTK_TEXT_BUFFER (buffer), "first-change") == NULL)
        gtk_text_buffer_create_mark (GTK_TEXT_BUFFER (buffer), "first-change", &start, TRUE);
      end = start;
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      gtk_text_iter_forward_char (&end);
      gtk_text_buffer_apply_tag (GTK_TEXT_BUFFER (buffer), tag, &start, &end);
    }

  return GTK_TEXT_BUFFER (buffer);
}

/* Values files are long, their changes few: show the first one, once the
 * view has laid its lines out (before, its line heights are guesses). */
static gboolean
scroll_when_laid_out (GtkWidget     *view,
                      GdkFrameClock *clock,
                      gpointer       user_data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextMark *mark = gtk_text_buffer_get_mark (buffer, "first-change");
  guint *frames = g_object_get_data (G_OBJECT (view), "frames");

  if (frames == NULL)
    {
      frames = g_new0 (guint, 1);
      g_object_set_data_full (G_OBJECT (view), "frames", frames, g_free);
    }
  if (++*frames < 3)
    return G_SOURCE_CONTINUE;

  if (mark != NULL)
    gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (view), mark, 0.0, TRUE, 0.0, 0.3);
  return G_SOURCE_REMOVE;
}

static void
scroll_to_first_change (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  if (gtk_text_buffer_get_mark (buffer, "first-change") != NULL)
    gtk_widget_add_tick_callback (view, scroll_when_laid_out, NULL, NULL);
}

GtkWidget *
strata_review_side_new (const char    *heading,
                        GtkTextBuffer *buffer,
                        const char    *accessible_name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (heading);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_source_view_new_with_buffer (GTK_SOURCE_BUFFER (buffer));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_source_view_set_show_line_numbers (GTK_SOURCE_VIEW (view), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                  -1);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  g_signal_connect (view, "map", G_CALLBACK (scroll_to_first_change), NULL);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 220);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_widget_set_overflow (scrolled, GTK_OVERFLOW_HIDDEN);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), scrolled);
  return box;
}
