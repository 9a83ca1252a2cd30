/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What strata-cli-cluster.c (records) and strata-cli-cluster-ops.c (what
 * Strata does to the clusters themselves) share. */
#pragma once

#include "strata-cli.h"
#include "strata-cluster-store.h"

G_BEGIN_DECLS

/* Loads the cluster records, and the profiles too when @with_profiles;
 * returns 0 or an exit code. */
int            strata_cli_cluster_load          (StrataClusterStore  *store,
                                                 gboolean             with_profiles);
StrataCluster *strata_cli_cluster_require       (StrataClusterStore  *store,
                                                 const char          *name,
                                                 GError             **error);
int            strata_cli_cluster_save          (StrataClusterStore  *store,
                                                 StrataCluster       *edited);

int            strata_cli_cluster_sandbox       (StrataClusterStore  *store,
                                                 int                  argc,
                                                 char               **argv);
int            strata_cli_cluster_status        (StrataClusterStore  *store,
                                                 int                  argc,
                                                 char               **argv);
int            strata_cli_cluster_diff          (StrataClusterStore  *store,
                                                 int                  argc,
                                                 char               **argv);
int            strata_cli_cluster_apply         (StrataClusterStore  *store,
                                                 int                  argc,
                                                 char               **argv);
int            strata_cli_cluster_history       (StrataClusterStore  *store,
                                                 int                  argc,
                                                 char               **argv);
int            strata_cli_cluster_override      (StrataClusterStore  *store,
                                                 int                  argc,
                                                 char               **argv);
int            strata_cli_cluster_remove        (StrataClusterStore  *store,
                                                 int                  argc,
                                                 char               **argv);

G_END_DECLS
