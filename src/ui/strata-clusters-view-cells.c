/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cells of the Clusters view's columns: what each shows of a record. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cluster-labels.h"
#include "strata-clusters-view-private.h"

char *
_strata_clusters_view_source_label (gpointer       this,
                                    StrataCluster *cluster)
{
  if (cluster == NULL)
    return NULL;

  return strata_cluster_source_label (cluster);
}

char *
_strata_clusters_view_status_label (gpointer            this,
                                    StrataClusterStatus status)
{
  return g_strdup (strata_cluster_status_label (status));
}

GStrv
_strata_clusters_view_status_css_classes (gpointer            this,
                                          StrataClusterStatus status)
{
  const char *class;

  switch (status)
    {
    case STRATA_CLUSTER_STATUS_RUNNING:
      class = "success";
      break;
    case STRATA_CLUSTER_STATUS_UPDATES_AVAILABLE:
    case STRATA_CLUSTER_STATUS_DRIFTED:
    case STRATA_CLUSTER_STATUS_UPDATING:
    case STRATA_CLUSTER_STATUS_PROVISIONING:
    case STRATA_CLUSTER_STATUS_DELETING:
      class = "warning";
      break;
    case STRATA_CLUSTER_STATUS_UNREACHABLE:
    case STRATA_CLUSTER_STATUS_ERROR:
      class = "error";
      break;
    case STRATA_CLUSTER_STATUS_UNKNOWN:
    case STRATA_CLUSTER_STATUS_DELETED:
    default:
      class = "dim-label";
      break;
    }

  return g_strdupv ((char *[]) { (char *) class, NULL });
}

char *
_strata_clusters_view_profile_label (gpointer    this,
                                     const char *name,
                                     const char *version)
{
  return strata_cluster_profile_label (name, version);
}

static void
tags_cell_fill (GtkWidget     *box,
                StrataCluster *cluster)
{
  const char * const *tags = strata_cluster_get_tags (cluster);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      GtkWidget *pill = gtk_label_new (tags[i]);

      gtk_widget_add_css_class (pill, "tag");
      gtk_label_set_ellipsize (GTK_LABEL (pill), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), pill);
    }
}

static void
on_cell_tags_changed (StrataCluster *cluster,
                      GParamSpec    *pspec,
                      GtkWidget     *box)
{
  tags_cell_fill (box, cluster);
}

static void
tags_cell_setup (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  gtk_widget_set_overflow (box, GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (box, "cluster-tags");
  gtk_list_item_set_child (item, box);
}

static void
tags_cell_bind (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  StrataCluster *cluster = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  const char * const *tags = strata_cluster_get_tags (cluster);
  g_autofree char *joined = tags ? g_strjoinv (", ", (char **) tags) : NULL;

  tags_cell_fill (box, cluster);
  gtk_widget_set_tooltip_text (box, joined && *joined ? joined : NULL);
  g_signal_connect_object (cluster, "notify::tags", G_CALLBACK (on_cell_tags_changed), box, 0);
}

static void
tags_cell_unbind (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  StrataCluster *cluster = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);

  if (cluster != NULL)
    g_signal_handlers_disconnect_by_func (cluster, on_cell_tags_changed, box);
}

/* Returns: (transfer full): the factory of the Tags column, a row of
 * pills that follows the record's tags. */
GtkListItemFactory *
_strata_clusters_view_tags_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (tags_cell_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (tags_cell_bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (tags_cell_unbind), NULL);

  return factory;
}
