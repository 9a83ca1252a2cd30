/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine's inside: the parse tree of Go's text/template (parse/node.go),
 * the lexer and parser that build it, and the evaluator that walks it. The
 * shapes follow Go's closely on purpose, so that positions, error messages
 * and corner cases come out as Helm's do. */
#pragma once

#include "strata-template.h"
#include "strata-template-value-private.h"

G_BEGIN_DECLS

typedef enum
{
  STRATA_TEMPLATE_NODE_TEXT,
  STRATA_TEMPLATE_NODE_ACTION,
  STRATA_TEMPLATE_NODE_BOOL,
  STRATA_TEMPLATE_NODE_CHAIN,
  STRATA_TEMPLATE_NODE_COMMAND,
  STRATA_TEMPLATE_NODE_DOT,
  STRATA_TEMPLATE_NODE_FIELD,
  STRATA_TEMPLATE_NODE_IDENTIFIER,
  STRATA_TEMPLATE_NODE_IF,
  STRATA_TEMPLATE_NODE_LIST,
  STRATA_TEMPLATE_NODE_NIL,
  STRATA_TEMPLATE_NODE_NUMBER,
  STRATA_TEMPLATE_NODE_PIPE,
  STRATA_TEMPLATE_NODE_RANGE,
  STRATA_TEMPLATE_NODE_STRING,
  STRATA_TEMPLATE_NODE_TEMPLATE,
  STRATA_TEMPLATE_NODE_VARIABLE,
  STRATA_TEMPLATE_NODE_WITH,
  STRATA_TEMPLATE_NODE_COMMENT,
  STRATA_TEMPLATE_NODE_BREAK,
  STRATA_TEMPLATE_NODE_CONTINUE,
  /* Only while parsing: */
  STRATA_TEMPLATE_NODE_END,
  STRATA_TEMPLATE_NODE_ELSE,
} StrataTemplateNodeType;

typedef struct _StrataTemplateNode   StrataTemplateNode;
typedef struct _StrataTemplateSource StrataTemplateSource;
typedef struct _StrataTemplateTree   StrataTemplateTree;

struct _StrataTemplateNode
{
  StrataTemplateNodeType  type;
  gsize                   pos;      /* byte offset in the source text */
  StrataTemplateSource   *source;   /* not a reference: the source owns its nodes */
  union {
    struct { const char *text; gsize length; } text;                 /* TEXT, COMMENT */
    struct { StrataTemplateNode *pipe; } action;                     /* ACTION */
    gboolean boolean;                                                /* BOOL */
    struct { StrataTemplateNode *node; GPtrArray *fields; } chain;  /* CHAIN */
    struct { GPtrArray *args; } command;                             /* COMMAND */
    struct { GPtrArray *idents; } field;                             /* FIELD, VARIABLE */
    struct { const StrataTemplateFunction *function; const char *name; } identifier;
    struct {
      StrataTemplateNode *pipe;
      StrataTemplateNode *list;
      StrataTemplateNode *else_list;   /* NULL when absent */
    } branch;                                                        /* IF, RANGE, WITH */
    struct { GPtrArray *nodes; } list;                               /* LIST */
    struct {
      gboolean is_int, is_uint, is_float;
      gint64   int64;
      guint64  uint64;
      double   float64;
      const char *text;
    } number;                                                        /* NUMBER */
    struct {
      gboolean   is_assign;
      GPtrArray *decl;    /* VARIABLE nodes */
      GPtrArray *cmds;    /* COMMAND nodes */
    } pipe;                                                          /* PIPE */
    struct { const char *quoted; char *text; gsize length; } string; /* STRING */
    struct { const char *name; StrataTemplateNode *pipe; } template_; /* TEMPLATE */
  };
};

/* One parsed text: its bytes, its name for messages, and every node made
 * from it. Trees (the file and its defines) keep it alive. */
struct _StrataTemplateSource
{
  guint      ref_count;
  char      *parse_name;
  char      *text;
  gsize      length;
  GPtrArray *nodes;    /* owns every node */
  GPtrArray *strings;  /* owns strings the nodes point to */
};

struct _StrataTemplateTree
{
  guint                 ref_count;
  char                 *name;
  StrataTemplateSource *source;
  StrataTemplateNode   *root;   /* a LIST node */
};

/* A set of named trees, as a Go *template.Template and its associates.
 * tpl parses into a child set that sees, but does not change, its parent. */
typedef struct _StrataTemplateSet StrataTemplateSet;
struct _StrataTemplateSet
{
  StrataTemplateSet *parent;
  GHashTable        *trees;   /* name -> StrataTemplateTree */
};

StrataTemplateSource *_strata_template_source_new    (const char           *parse_name,
                                                      const char           *text,
                                                      gsize                 length);
StrataTemplateSource *_strata_template_source_ref    (StrataTemplateSource *source);
void                  _strata_template_source_unref  (StrataTemplateSource *source);
StrataTemplateTree   *_strata_template_tree_ref      (StrataTemplateTree   *tree);
void                  _strata_template_tree_unref    (StrataTemplateTree   *tree);

StrataTemplateSet    *_strata_template_set_new       (StrataTemplateSet    *parent);
void                  _strata_template_set_free      (StrataTemplateSet    *set);
StrataTemplateTree   *_strata_template_set_lookup    (StrataTemplateSet    *set,
                                                      const char           *name);

/* Parses @text as the template @name (its defines join @set too), with Go's
 * rules for redefinitions. Errors are Go's, in Helm's words and with the
 * column added: "parse error at (NAME:LINE:COLUMN): MESSAGE". */
gboolean              _strata_template_parse         (StrataTemplateSet    *set,
                                                      const char           *name,
                                                      const char           *text,
                                                      gsize                 length,
                                                      GError              **error);

/* The source text of a node, as Go's Node.String() writes it. */
void                  _strata_template_node_write    (GString              *out,
                                                      StrataTemplateNode   *node);
/* "NAME:LINE:COLUMN" with Go's 0-based byte column. */
char                 *_strata_template_node_location (StrataTemplateNode   *node);

/* The function table: Go's builtins, sprig's and Helm's. */
const StrataTemplateFunction *_strata_template_functions_lookup     (const char *name);
/* Sprig and Helm functions the engine knows of but does not implement,
 * so that their parse error can say so instead of "not defined". */
gboolean                      _strata_template_functions_is_unsupported (const char *name);

/* What a function sees of the running template: include and tpl need the
 * set and the state, required and fail the Helm error convention. */
struct _StrataTemplateCall
{
  gpointer    state;      /* the evaluator's state */
  const char *name;       /* the function's name */
};

char                 *_strata_template_call_include  (StrataTemplateCall   *call,
                                                      const char           *name,
                                                      StrataTemplateValue  *data,
                                                      char                **error_message);
char                 *_strata_template_call_tpl      (StrataTemplateCall   *call,
                                                      const char           *text,
                                                      gsize                 length,
                                                      StrataTemplateValue  *data,
                                                      char                **error_message);

/* Helm's required and fail wrap their message in these so that the final
 * error can show it alone: "execution error at (LOCATION): MESSAGE". */
#define STRATA_TEMPLATE_WARN_START "HELM_ERR_START"
#define STRATA_TEMPLATE_WARN_END   "HELM_ERR_END"

/* Executes the tree @name of @set with @data as dot and $. On error, the
 * message is Go's ("template: NAME:LINE:COL: executing …"), which
 * _strata_template_clean_error turns into what Helm prints. */
char                 *_strata_template_execute       (StrataTemplateSet    *set,
                                                      const char           *name,
                                                      StrataTemplateValue  *data,
                                                      gsize                *length,
                                                      GError              **error);
void                  _strata_template_clean_error   (GError               *error);

/* The top-level object of a chart file: .Values (@values, shared), .Release,
 * .Chart, .Capabilities, .Files, .Template, .Subcharts, .Cluster, .Profile. */
StrataTemplateValue  *_strata_template_context_build (StrataTemplateContext *context,
                                                      StrataTemplateValue   *values,
                                                      const char            *template_name,
                                                      const char            *base_path);
GHashTable           *_strata_template_context_get_files (StrataTemplateContext *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataTemplateSource, _strata_template_source_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataTemplateTree, _strata_template_tree_unref)

G_END_DECLS
