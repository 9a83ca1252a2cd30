/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tokens of Go's text/template (parse/lex.go), for the parser. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  STRATA_TEMPLATE_ITEM_ERROR,
  STRATA_TEMPLATE_ITEM_BOOL,
  STRATA_TEMPLATE_ITEM_CHAR,
  STRATA_TEMPLATE_ITEM_CHAR_CONSTANT,
  STRATA_TEMPLATE_ITEM_COMMENT,
  STRATA_TEMPLATE_ITEM_COMPLEX,
  STRATA_TEMPLATE_ITEM_ASSIGN,
  STRATA_TEMPLATE_ITEM_DECLARE,
  STRATA_TEMPLATE_ITEM_EOF,
  STRATA_TEMPLATE_ITEM_FIELD,
  STRATA_TEMPLATE_ITEM_IDENTIFIER,
  STRATA_TEMPLATE_ITEM_LEFT_DELIM,
  STRATA_TEMPLATE_ITEM_LEFT_PAREN,
  STRATA_TEMPLATE_ITEM_NUMBER,
  STRATA_TEMPLATE_ITEM_PIPE,
  STRATA_TEMPLATE_ITEM_RAW_STRING,
  STRATA_TEMPLATE_ITEM_RIGHT_DELIM,
  STRATA_TEMPLATE_ITEM_RIGHT_PAREN,
  STRATA_TEMPLATE_ITEM_SPACE,
  STRATA_TEMPLATE_ITEM_STRING,
  STRATA_TEMPLATE_ITEM_TEXT,
  STRATA_TEMPLATE_ITEM_VARIABLE,
  /* Keywords come after all the rest. */
  STRATA_TEMPLATE_ITEM_KEYWORD,
  STRATA_TEMPLATE_ITEM_BLOCK,
  STRATA_TEMPLATE_ITEM_BREAK,
  STRATA_TEMPLATE_ITEM_CONTINUE,
  STRATA_TEMPLATE_ITEM_DOT,
  STRATA_TEMPLATE_ITEM_DEFINE,
  STRATA_TEMPLATE_ITEM_ELSE,
  STRATA_TEMPLATE_ITEM_END,
  STRATA_TEMPLATE_ITEM_IF,
  STRATA_TEMPLATE_ITEM_NIL,
  STRATA_TEMPLATE_ITEM_RANGE,
  STRATA_TEMPLATE_ITEM_TEMPLATE,
  STRATA_TEMPLATE_ITEM_WITH,
} StrataTemplateItemType;

typedef struct
{
  StrataTemplateItemType  type;
  gsize                   pos;      /* byte offset of the item in the input */
  const char             *value;    /* into the input, or the error message */
  gsize                   length;
  int                     line;     /* line at the start of the item */
} StrataTemplateItem;

/* Scans all of @input. The last item is EOF or ERROR; an error's value is
 * its message, owned by the returned array. Free with g_array_unref. */
GArray *_strata_template_lex (const char *input,
                              gsize       length);

/* How Go prints an item in "unexpected …" messages. */
char   *_strata_template_item_describe (const StrataTemplateItem *item);

G_END_DECLS
