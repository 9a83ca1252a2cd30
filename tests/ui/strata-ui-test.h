/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Driving real widgets from a UI test: waiting on conditions, clicking,
 * typing, finding windows, and screenshots to look at. */
#pragma once

#include <glib/gstdio.h>
#include <adwaita.h>

G_BEGIN_DECLS

#define UI_WAIT_SECONDS 20

static inline gboolean
ui_test_wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

#define WAIT_UNTIL(condition)                                                  \
  G_STMT_START {                                                               \
    gint64 deadline_ = g_get_monotonic_time () + UI_WAIT_SECONDS * G_USEC_PER_SEC; \
    guint tick_ = g_timeout_add (10, ui_test_wake_up, NULL);                   \
    while (!(condition))                                                       \
      {                                                                        \
        if (g_get_monotonic_time () > deadline_)                               \
          g_error ("%s:%d: timed out waiting for %s",                          \
                   __FILE__, __LINE__, #condition);                            \
        g_main_context_iteration (NULL, TRUE);                                 \
      }                                                                        \
    g_source_remove (tick_);                                                   \
  } G_STMT_END

static inline void
ui_test_drain (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static inline gboolean
ui_test_count_frame (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

/* Lets the widget lay out and paint what changed, a few frames' worth. */
static inline void
ui_test_wait_for_frames (GtkWidget *widget,
                         guint      count)
{
  guint frames = 0;
  guint id;

  WAIT_UNTIL (gtk_widget_get_mapped (widget));
  id = gtk_widget_add_tick_callback (widget, ui_test_count_frame, &frames, NULL);
  gtk_widget_queue_draw (widget);
  WAIT_UNTIL (frames >= count);
  gtk_widget_remove_tick_callback (widget, id);
  ui_test_drain ();
}

/* The visible toplevel of @type, or NULL. */
static inline gpointer
ui_test_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (toplevel))
        return toplevel;
    }

  return NULL;
}

static inline gpointer
ui_test_wait_for_window (GType type)
{
  gpointer found = NULL;

  WAIT_UNTIL ((found = ui_test_find_window (type)) != NULL);
  ui_test_wait_for_frames (GTK_WIDGET (found), 2);
  return found;
}

static inline void
ui_test_save_screenshot (GtkWidget  *widget,
                         const char *folder,
                         const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width = 0;
  int height = 0;

  paintable = gtk_widget_paintable_new (widget);

  /* A window in the middle of a transition may draw nothing for a frame. */
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      ui_test_wait_for_frames (widget, 3);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      g_clear_object (&snapshot);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_to_node (snapshot);
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                        &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (folder, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static inline void
ui_test_count_click (GtkButton *button,
                     gpointer   user_data)
{
  guint *clicks = user_data;

  (*clicks)++;
}

/* Activates a button on screen the way the keyboard does, and waits until
 * it has been clicked. */
static inline void
ui_test_click (GtkWidget *button)
{
  g_autoptr(GtkWidget) held = g_object_ref (button);
  guint clicks = 0;
  gulong id;

  g_assert_true (GTK_IS_BUTTON (held));
  WAIT_UNTIL (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  id = g_signal_connect (button, "clicked", G_CALLBACK (ui_test_count_click), &clicks);
  gtk_widget_activate (button);
  WAIT_UNTIL (clicks > 0);
  g_signal_handler_disconnect (button, id);
  ui_test_drain ();
}

static inline void
ui_test_type_text (GtkEditable *editable,
                   const char  *text)
{
  gtk_editable_set_text (editable, text);
  ui_test_drain ();
}

/* Controls whose inside is the toolkit's business, not ours. */
static inline gboolean
ui_test_is_composite_control (GtkWidget *widget)
{
  return GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_TEXT (widget) ||
         ADW_IS_ENTRY_ROW (widget) || ADW_IS_COMBO_ROW (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_COLUMN_VIEW (widget) || ADW_IS_VIEW_SWITCHER (widget) ||
         GTK_IS_WINDOW_CONTROLS (widget) || GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_SPIN_BUTTON (widget);
}

static inline gboolean
ui_test_is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) ||
         ADW_IS_ENTRY_ROW (widget) || ADW_IS_COMBO_ROW (widget) ||
         GTK_IS_DROP_DOWN (widget) || GTK_IS_COLUMN_VIEW (widget) ||
         ADW_IS_VIEW_SWITCHER (widget) ||
         (GTK_IS_LIST_BOX_ROW (widget) && gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)) &&
          gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) != NULL);
}

/* Every visible control under @root has an accessible name, which is how
 * screen readers (and tests) find it. Returns how many were checked. */
static inline guint
ui_test_assert_accessible_names (GtkWidget *root)
{
  guint checked = 0;

  if (!gtk_widget_get_visible (root))
    return 0;

  if (ui_test_is_control (root))
    {
      gboolean named = gtk_test_accessible_has_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
                       gtk_test_accessible_has_relation (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

      if (!named)
        g_error ("%s (%s) has no accessible name", G_OBJECT_TYPE_NAME (root),
                 gtk_widget_get_tooltip_text (root) ? gtk_widget_get_tooltip_text (root) : "no tooltip");
      checked++;
    }

  if (ui_test_is_composite_control (root))
    return checked;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    checked += ui_test_assert_accessible_names (child);

  return checked;
}

static inline void
ui_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            ui_test_remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

G_END_DECLS
