/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "strata-cluster-resolver.h"
#include "strata-cluster-store.h"
#include "strata-kube-endpoint.h"

G_BEGIN_DECLS

/* Exit codes: 0 ok, 1 the operation failed, 2 the command line is wrong. */
#define STRATA_CLI_EXIT_FAILED 1
#define STRATA_CLI_EXIT_USAGE  2

typedef enum
{
  STRATA_CLI_OUTPUT_TEXT,
  STRATA_CLI_OUTPUT_JSON,
  STRATA_CLI_OUTPUT_YAML,
} StrataCliOutput;

/* Runs the main loop until an async call started with
 * strata_cli_async_ready as its callback and @result as its data finished. */
void          strata_cli_async_ready  (GObject       *object,
                                       GAsyncResult  *result,
                                       gpointer       user_data);
GAsyncResult *strata_cli_wait         (GAsyncResult **result);

int           strata_cli_fail         (const GError  *error);
int           strata_cli_usage        (GOptionContext *context,
                                       const char    *message);
gboolean      strata_cli_parse_output (const char    *text,
                                       StrataCliOutput *output,
                                       GError       **error);
void          strata_cli_print_node   (JsonNode      *node,
                                       StrataCliOutput output);
/* Parses @entries, plus -o FORMAT unless @output is NULL; returns -1 when
 * all is well, else an exit code. @n_positional < 0: at most -n_positional
 * arguments after the command's name. */
int           strata_cli_parse_options  (const char          *parameters,
                                         const GOptionEntry  *entries,
                                         int                 *argc,
                                         char              ***argv,
                                         int                  n_positional,
                                         StrataCliOutput     *output);
/* @path: a file, "-" for standard input, or NULL (nothing to read: TRUE
 * and *@contents left alone). */
gboolean      strata_cli_read_text      (const char          *path,
                                         char               **contents,
                                         GError             **error);
/* The files a store or registry skipped, as warnings. */
void          strata_cli_print_problems (GPtrArray           *problems);

int           strata_cli_profile      (int            argc,
                                       char         **argv);
int           strata_cli_kube         (int            argc,
                                       char         **argv);
int           strata_cli_aws          (int            argc,
                                       char         **argv);
/* strata-cli-aws-eks.c: "aws eks import|create|delete|connect" (argv[0]
 * is the subcommand; -1 when unknown), and the EKS side of "cluster tag"
 * and "cluster kubeconfig". */
int           strata_cli_aws_eks      (int            argc,
                                       char         **argv);
int           strata_cli_aws_push_tags (StrataClusterStore *store,
                                        StrataCluster      *edited,
                                        const char * const *before);
/* What "cluster status|diff|apply|history|remove" reach EKS records with.
 * (transfer full) */
StrataClusterResolver *strata_cli_aws_eks_resolver (StrataClusterStore *store);
/* "aws eks create --attach": plans and applies the record's attached
 * version, as "cluster apply" does (profiles loaded). */
int           strata_cli_cluster_apply_attached (StrataClusterStore    *store,
                                                 StrataCluster         *cluster,
                                                 StrataClusterResolver *resolver,
                                                 StrataCliOutput        output);
StrataKubeEndpoint *strata_cli_aws_eks_kubeconfig_endpoint (StrataClusterStore  *store,
                                                            StrataCluster       *cluster,
                                                            GError             **error);
int           strata_cli_sandbox      (int            argc,
                                       char         **argv);
int           strata_cli_cluster      (int            argc,
                                       char         **argv);
int           strata_cli_layer        (int            argc,
                                       char         **argv);
/* Runs `layer COMMAND` for `profile layer-COMMAND NAME VERSION …`. */
int           strata_cli_layer_alias  (const char    *command,
                                       int            argc,
                                       char         **argv);
int           strata_cli_pack         (int            argc,
                                       char         **argv);
int           strata_cli_repo         (int            argc,
                                       char         **argv);
int           strata_cli_render       (int            argc,
                                       char         **argv);

G_END_DECLS
