/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the two halves of the parser share: the token stream with Go's
 * look-ahead, node construction, and errors. The expression grammar
 * (pipelines, commands, operands) is in strata-template-pipeline.c, the
 * structure (actions, if/range/with, define) in strata-template-parser.c. */
#pragma once

#include "strata-template-lexer-private.h"
#include "strata-template-private.h"

G_BEGIN_DECLS

typedef struct
{
  StrataTemplateSource *source;
  GArray               *items;
  guint                 index;        /* the next item to read */
  guint                 furthest;     /* the last item read, Go's token[0] */
  GPtrArray            *vars;         /* names of the variables in scope */
  int                   range_depth;
  int                   nesting;      /* if/range/with and parentheses open */
  int                   action_line;
  GHashTable           *tree_set;     /* this parse's trees: name -> tree */
  char                 *error;        /* the first error's message */
  int                   error_line;
  gsize                 error_column;
} StrataTemplateParser;

typedef struct
{
  gboolean is_int, is_uint, is_float;
  gint64   int64;
  guint64  uint64;
  double   float64;
} StrataTemplateNumber;

/* Go's parser recurses without limit on a growing stack; ours stops
 * nesting here, far beyond any real template. */
#define STRATA_TEMPLATE_MAX_PARSE_NESTING 500

/* Go's errors abort the parse by panicking; here each step returns NULL
 * once parser->error is set, and callers pass that along. */
#define STRATA_TEMPLATE_CHECK(expression) \
  G_STMT_START { if ((expression) == NULL) return NULL; } G_STMT_END

static inline const StrataTemplateItem *
parser_next (StrataTemplateParser *parser)
{
  const StrataTemplateItem *item = &g_array_index (parser->items, StrataTemplateItem, parser->index);

  /* The last item (EOF or an error) repeats, as a closed lexer would. */
  if (parser->index + 1 < parser->items->len)
    parser->index++;
  else
    parser->index = parser->items->len;
  parser->furthest = MAX (parser->furthest, parser->index - 1);
  return item;
}

static inline void
parser_backup (StrataTemplateParser *parser)
{
  parser->index--;
}

static inline const StrataTemplateItem *
parser_peek (StrataTemplateParser *parser)
{
  const StrataTemplateItem *item = parser_next (parser);

  parser_backup (parser);
  return item;
}

static inline const StrataTemplateItem *
parser_next_non_space (StrataTemplateParser *parser)
{
  const StrataTemplateItem *item;

  do
    item = parser_next (parser);
  while (item->type == STRATA_TEMPLATE_ITEM_SPACE);
  return item;
}

static inline const StrataTemplateItem *
parser_peek_non_space (StrataTemplateParser *parser)
{
  const StrataTemplateItem *item = parser_next_non_space (parser);

  parser_backup (parser);
  return item;
}

void                      _strata_template_parser_fail       (StrataTemplateParser     *parser,
                                                              const char               *format,
                                                              ...) G_GNUC_PRINTF (2, 3);
void                      _strata_template_parser_unexpected (StrataTemplateParser     *parser,
                                                              const StrataTemplateItem *item,
                                                              const char               *context);
const StrataTemplateItem *_strata_template_parser_expect     (StrataTemplateParser     *parser,
                                                              StrataTemplateItemType    expected,
                                                              const char               *context);

StrataTemplateNode       *_strata_template_parser_new_node   (StrataTemplateParser     *parser,
                                                              StrataTemplateNodeType    type,
                                                              gsize                     pos);
StrataTemplateNode       *_strata_template_parser_new_list   (StrataTemplateParser     *parser,
                                                              gsize                     pos);
/* Keeps @string (transfer full) alive as long as the parsed source. */
const char               *_strata_template_parser_keep       (StrataTemplateParser     *parser,
                                                              char                     *string);

/* pipeline: declarations? command ('|' command)*, up to @end. */
StrataTemplateNode       *_strata_template_parser_pipeline   (StrataTemplateParser     *parser,
                                                              const char               *context,
                                                              StrataTemplateItemType    end);

char                     *_strata_template_unquote           (const char               *quoted,
                                                              gsize                     length,
                                                              gsize                    *out_length);
gboolean                  _strata_template_number_parse      (const char               *text,
                                                              gboolean                  is_char,
                                                              StrataTemplateNumber     *number,
                                                              char                    **error_message);

G_END_DECLS
