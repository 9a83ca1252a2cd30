/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The evaluator's state, shared by the walk (strata-template-exec.c) and
 * function calls (strata-template-call.c). It follows exec.go: values are
 * NULL for Go's invalid reflect.Value (a missing value), and errors carry
 * Go's text, which Helm's rewriting then turns into what a user sees. */
#pragma once

#include "strata-template-private.h"

G_BEGIN_DECLS

typedef struct
{
  const char          *name;
  StrataTemplateValue *value;   /* owned; NULL is Go's invalid value */
} StrataTemplateVariable;

typedef enum
{
  STRATA_TEMPLATE_FLOW_NORMAL,
  STRATA_TEMPLATE_FLOW_BREAK,
  STRATA_TEMPLATE_FLOW_CONTINUE,
} StrataTemplateFlow;

/* How deep templates may call each other (template, include and tpl
 * together). Go allows 100000 {{template}} calls and Helm 1000 nested
 * includes of one name; a C stack is smaller than Go's, and no chart needs
 * more than a handful. */
#define STRATA_TEMPLATE_MAX_NESTING 1500

/* What one render shares across include and tpl: how deep it is, and how
 * often each name is being included (Helm stops runaway recursion). */
typedef struct
{
  GHashTable *included;   /* name -> count */
  int         nesting;
} StrataTemplateRun;

typedef struct
{
  StrataTemplateSet   *set;
  StrataTemplateTree  *tree;     /* the template executing, for messages */
  StrataTemplateRun   *run;
  GString             *out;
  StrataTemplateNode  *node;     /* where we are, for messages */
  GArray              *vars;     /* of StrataTemplateVariable */
  int                  depth;
  StrataTemplateFlow   flow;
  char                *error;    /* Go's message once something failed */
} StrataTemplateState;

/* The sentinel for "no value from a previous pipeline stage". */
extern StrataTemplateValue *const _strata_template_missing;

void                 _strata_template_state_fail      (StrataTemplateState  *state,
                                                       const char           *format,
                                                       ...) G_GNUC_PRINTF (2, 3);
void                 _strata_template_state_at        (StrataTemplateState  *state,
                                                       StrataTemplateNode   *node);

/* The value of the variable @name (NULL is invalid; not a new reference). */
gboolean             _strata_template_state_variable  (StrataTemplateState  *state,
                                                       const char           *name,
                                                       StrataTemplateValue **value);

gboolean             _strata_template_eval_pipeline   (StrataTemplateState  *state,
                                                       StrataTemplateValue  *dot,
                                                       StrataTemplateNode   *pipe,
                                                       StrataTemplateValue **result);
gboolean             _strata_template_eval_field_node (StrataTemplateState  *state,
                                                       StrataTemplateValue  *dot,
                                                       StrataTemplateNode   *field,
                                                       GPtrArray            *args,
                                                       StrataTemplateValue  *final,
                                                       StrataTemplateValue **result);
gboolean             _strata_template_eval_chain_node (StrataTemplateState  *state,
                                                       StrataTemplateValue  *dot,
                                                       StrataTemplateNode   *chain,
                                                       GPtrArray            *args,
                                                       StrataTemplateValue  *final,
                                                       StrataTemplateValue **result);
gboolean             _strata_template_eval_variable_node (StrataTemplateState  *state,
                                                          StrataTemplateValue  *dot,
                                                          StrataTemplateNode   *variable,
                                                          GPtrArray            *args,
                                                          StrataTemplateValue  *final,
                                                          StrataTemplateValue **result);
gboolean             _strata_template_eval_function   (StrataTemplateState  *state,
                                                       StrataTemplateValue  *dot,
                                                       StrataTemplateNode   *identifier,
                                                       StrataTemplateNode   *command,
                                                       GPtrArray            *args,
                                                       StrataTemplateValue  *final,
                                                       StrataTemplateValue **result);
/* Calls @function, its arguments the nodes @args (the first of which is
 * the function itself) and @final, the previous stage's value. @receiver,
 * when not NULL, is the value a method is called on. */
gboolean             _strata_template_eval_call       (StrataTemplateState          *state,
                                                       StrataTemplateValue          *dot,
                                                       const StrataTemplateFunction *function,
                                                       StrataTemplateValue          *receiver,
                                                       StrataTemplateNode           *node,
                                                       GPtrArray                    *args,
                                                       StrataTemplateValue          *final,
                                                       StrataTemplateValue         **result);
/* text/template's idealConstant: the Go type a literal number takes. */
gboolean             _strata_template_ideal_constant  (StrataTemplateState  *state,
                                                       StrataTemplateNode   *number,
                                                       StrataTemplateValue **result);

/* Runs @tree with @data as dot and $, appending to @out. */
gboolean             _strata_template_run_tree        (StrataTemplateSet    *set,
                                                       StrataTemplateRun    *run,
                                                       StrataTemplateTree   *tree,
                                                       StrataTemplateValue  *data,
                                                       int                   depth,
                                                       GString              *out,
                                                       char                **error_message);

G_END_DECLS
