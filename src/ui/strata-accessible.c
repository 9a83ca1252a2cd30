/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accessible names the way screen readers and the UI tests expect them.
 *
 * GTK 4.8 names a button whose label has a mnemonic from both the raw label
 * and the label widget ("_Save Save"); this names such buttons after the
 * text the user sees instead ("Save"). Harmless where GTK gets it right. */

#include "config.h"

#include "strata-accessible.h"

static void
strata_accessible_name_button (GtkButton *button)
{
  GtkWidget *child = gtk_button_get_child (button);

  if (!gtk_button_get_use_underline (button) || !GTK_IS_LABEL (child))
    return;

  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (GTK_LABEL (child)),
                                  -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* Applies to @root and every widget below it that exists now: call it once
 * a template or dialog is built. */
void
strata_accessible_name_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root))
    strata_accessible_name_button (GTK_BUTTON (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    strata_accessible_name_buttons (child);
}
