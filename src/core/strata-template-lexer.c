/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scanner of Go's text/template (parse/lex.go), state for state, so
 * that trimming ("{{- " and " -}}"), comments, positions and line numbers
 * are exactly Go's. It scans the whole input at once instead of feeding a
 * channel. */

#include "config.h"

#include <string.h>

#include "strata-template-lexer-private.h"
#include "strata-template-value-private.h"

#define LEFT_DELIM    "{{"
#define RIGHT_DELIM   "}}"
#define LEFT_COMMENT  "/*"
#define RIGHT_COMMENT "*/"
#define TRIM_MARKER_LENGTH 2   /* the marker and the space beside it */
#define END_OF_INPUT  (-1)

typedef enum
{
  STATE_TEXT,
  STATE_LEFT_DELIM,
  STATE_COMMENT,
  STATE_RIGHT_DELIM,
  STATE_INSIDE_ACTION,
  STATE_SPACE,
  STATE_IDENTIFIER,
  STATE_FIELD,
  STATE_VARIABLE,
  STATE_CHAR,
  STATE_NUMBER,
  STATE_QUOTE,
  STATE_RAW_QUOTE,
  STATE_DONE,
} State;

typedef struct
{
  const char *input;
  gsize       length;
  gsize       pos;
  gsize       start;
  gboolean    at_eof;
  int         paren_depth;
  int         line;
  int         start_line;
  GArray     *items;
} Lexer;

static const struct { const char *word; StrataTemplateItemType type; } keywords[] = {
  { ".", STRATA_TEMPLATE_ITEM_DOT },
  { "block", STRATA_TEMPLATE_ITEM_BLOCK },
  { "break", STRATA_TEMPLATE_ITEM_BREAK },
  { "continue", STRATA_TEMPLATE_ITEM_CONTINUE },
  { "define", STRATA_TEMPLATE_ITEM_DEFINE },
  { "else", STRATA_TEMPLATE_ITEM_ELSE },
  { "end", STRATA_TEMPLATE_ITEM_END },
  { "if", STRATA_TEMPLATE_ITEM_IF },
  { "range", STRATA_TEMPLATE_ITEM_RANGE },
  { "nil", STRATA_TEMPLATE_ITEM_NIL },
  { "template", STRATA_TEMPLATE_ITEM_TEMPLATE },
  { "with", STRATA_TEMPLATE_ITEM_WITH },
};

static gboolean
is_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static gboolean
is_alphanumeric (gint32 c)
{
  return c == '_' || (c >= 0 && (g_unichar_isalpha (c) || g_unichar_isdigit (c)));
}

static gboolean
has_prefix (const Lexer *lexer,
            gsize        pos,
            const char  *prefix)
{
  gsize length = strlen (prefix);

  return pos <= lexer->length && lexer->length - pos >= length &&
         memcmp (lexer->input + pos, prefix, length) == 0;
}

static gboolean
has_left_trim_marker (const Lexer *lexer,
                      gsize        pos)
{
  return pos + 2 <= lexer->length && lexer->input[pos] == '-' && is_space (lexer->input[pos + 1]);
}

static gboolean
has_right_trim_marker (const Lexer *lexer,
                       gsize        pos)
{
  return pos + 2 <= lexer->length && is_space (lexer->input[pos]) && lexer->input[pos + 1] == '-';
}

/* A rune as Go decodes it: invalid bytes read as U+FFFD, one byte wide. */
static gint32
decode (const Lexer *lexer,
        gsize        pos,
        gsize       *width)
{
  gunichar c = g_utf8_get_char_validated (lexer->input + pos, lexer->length - pos);

  if (c == (gunichar)-1 || c == (gunichar)-2)
    {
      *width = 1;
      return 0xFFFD;
    }
  *width = g_utf8_skip[(guchar)lexer->input[pos]];
  return (gint32)c;
}

static gint32
next (Lexer *lexer)
{
  gsize width;
  gint32 c;

  if (lexer->pos >= lexer->length)
    {
      lexer->at_eof = TRUE;
      return END_OF_INPUT;
    }
  c = decode (lexer, lexer->pos, &width);
  lexer->pos += width;
  if (c == '\n')
    lexer->line++;
  return c;
}

static void
backup (Lexer *lexer)
{
  if (!lexer->at_eof && lexer->pos > 0)
    {
      const char *previous = g_utf8_find_prev_char (lexer->input, lexer->input + lexer->pos);
      gsize width = 1;

      /* Invalid bytes were read one at a time; step back the same way. */
      if (previous != NULL)
        {
          gsize from = previous - lexer->input;
          gsize decoded;

          decode (lexer, from, &decoded);
          if (from + decoded == lexer->pos)
            width = decoded;
        }
      lexer->pos -= width;
      if (lexer->input[lexer->pos] == '\n')
        lexer->line--;
    }
}

static gint32
peek (Lexer *lexer)
{
  gint32 c = next (lexer);

  backup (lexer);
  return c;
}

static int
count_newlines (const char *text,
                gsize       length)
{
  int count = 0;

  for (gsize i = 0; i < length; i++)
    count += text[i] == '\n';
  return count;
}

static void
emit (Lexer                  *lexer,
      StrataTemplateItemType  type)
{
  StrataTemplateItem item = {
    type, lexer->start, lexer->input + lexer->start, lexer->pos - lexer->start, lexer->start_line
  };

  g_array_append_val (lexer->items, item);
  lexer->start = lexer->pos;
  lexer->start_line = lexer->line;
}

static void
ignore (Lexer *lexer)
{
  lexer->line += count_newlines (lexer->input + lexer->start, lexer->pos - lexer->start);
  lexer->start = lexer->pos;
  lexer->start_line = lexer->line;
}

static gboolean
accept (Lexer      *lexer,
        const char *valid)
{
  gint32 c = next (lexer);

  if (c > 0 && c < 128 && strchr (valid, c) != NULL)
    return TRUE;
  backup (lexer);
  return FALSE;
}

static void
accept_run (Lexer      *lexer,
            const char *valid)
{
  for (;;)
    {
      gint32 c = next (lexer);

      if (!(c > 0 && c < 128 && strchr (valid, c) != NULL))
        break;
    }
  backup (lexer);
}

static State error_item (Lexer      *lexer,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

static State
error_item (Lexer      *lexer,
            const char *format,
            ...)
{
  StrataTemplateItem item = { STRATA_TEMPLATE_ITEM_ERROR, lexer->start, NULL, 0, lexer->start_line };
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  item.value = message;
  item.length = strlen (message);
  g_array_append_val (lexer->items, item);
  return STATE_DONE;
}

/* Go's %#U: "U+0040 '@'", the character only when printable. */
static char *
describe_rune (gint32 c)
{
  if (c >= 0 && g_unichar_isprint (c))
    {
      char utf8[8] = { 0 };

      g_unichar_to_utf8 (c, utf8);
      return g_strdup_printf ("U+%04X '%s'", (guint)c, utf8);
    }
  return g_strdup_printf ("U+%04X", (guint)(c < 0 ? 0xFFFD : c));
}

static gsize
right_trim_length (const char *text,
                   gsize       length)
{
  gsize trimmed = length;

  while (trimmed > 0 && is_space (text[trimmed - 1]))
    trimmed--;
  return length - trimmed;
}

static gsize
left_trim_length (const char *text,
                  gsize       length)
{
  gsize i = 0;

  while (i < length && is_space (text[i]))
    i++;
  return i;
}

static gboolean
at_right_delim (Lexer    *lexer,
                gboolean *trim_spaces)
{
  if (has_right_trim_marker (lexer, lexer->pos) &&
      has_prefix (lexer, lexer->pos + TRIM_MARKER_LENGTH, RIGHT_DELIM))
    {
      *trim_spaces = TRUE;
      return TRUE;
    }
  *trim_spaces = FALSE;
  return has_prefix (lexer, lexer->pos, RIGHT_DELIM);
}

static gboolean
at_terminator (Lexer *lexer)
{
  gint32 c = peek (lexer);

  if (c == END_OF_INPUT || is_space (c))
    return TRUE;
  switch (c)
    {
    case '.': case ',': case '|': case ':': case ')': case '(':
      return TRUE;
    default:
      return has_prefix (lexer, lexer->pos, RIGHT_DELIM);
    }
}

static State
lex_text (Lexer *lexer)
{
  const char *found = g_strstr_len (lexer->input + lexer->pos, lexer->length - lexer->pos, LEFT_DELIM);

  /* g_strstr_len stops at a NUL; Go does not. */
  if (found == NULL)
    {
      for (gsize i = lexer->pos; i + 1 < lexer->length; i++)
        if (lexer->input[i] == '{' && lexer->input[i + 1] == '{')
          {
            found = lexer->input + i;
            break;
          }
    }

  if (found != NULL)
    {
      gsize trim_length = 0;

      lexer->pos = found - lexer->input;
      if (has_left_trim_marker (lexer, lexer->pos + strlen (LEFT_DELIM)))
        trim_length = right_trim_length (lexer->input + lexer->start, lexer->pos - lexer->start);
      lexer->pos -= trim_length;
      if (lexer->pos > lexer->start)
        {
          lexer->line += count_newlines (lexer->input + lexer->start, lexer->pos - lexer->start);
          emit (lexer, STRATA_TEMPLATE_ITEM_TEXT);
        }
      lexer->pos += trim_length;
      ignore (lexer);
      return STATE_LEFT_DELIM;
    }

  lexer->pos = lexer->length;
  if (lexer->pos > lexer->start)
    {
      lexer->line += count_newlines (lexer->input + lexer->start, lexer->pos - lexer->start);
      emit (lexer, STRATA_TEMPLATE_ITEM_TEXT);
    }
  emit (lexer, STRATA_TEMPLATE_ITEM_EOF);
  return STATE_DONE;
}

static State
lex_left_delim (Lexer *lexer)
{
  gsize after_marker;

  lexer->pos += strlen (LEFT_DELIM);
  after_marker = has_left_trim_marker (lexer, lexer->pos) ? TRIM_MARKER_LENGTH : 0;
  if (has_prefix (lexer, lexer->pos + after_marker, LEFT_COMMENT))
    {
      lexer->pos += after_marker;
      ignore (lexer);
      return STATE_COMMENT;
    }
  emit (lexer, STRATA_TEMPLATE_ITEM_LEFT_DELIM);
  lexer->pos += after_marker;
  ignore (lexer);
  lexer->paren_depth = 0;
  return STATE_INSIDE_ACTION;
}

static State
lex_comment (Lexer *lexer)
{
  const char *end;
  gboolean trim_spaces;

  lexer->pos += strlen (LEFT_COMMENT);
  end = g_strstr_len (lexer->input + lexer->pos, lexer->length - lexer->pos, RIGHT_COMMENT);
  if (end == NULL)
    return error_item (lexer, "unclosed comment");
  lexer->pos = end - lexer->input + strlen (RIGHT_COMMENT);
  if (!at_right_delim (lexer, &trim_spaces))
    return error_item (lexer, "comment ends before closing delimiter");
  if (trim_spaces)
    lexer->pos += TRIM_MARKER_LENGTH;
  lexer->pos += strlen (RIGHT_DELIM);
  if (trim_spaces)
    lexer->pos += left_trim_length (lexer->input + lexer->pos, lexer->length - lexer->pos);
  ignore (lexer);
  return STATE_TEXT;
}

static State
lex_right_delim (Lexer *lexer)
{
  gboolean trim_spaces = has_right_trim_marker (lexer, lexer->pos);

  if (trim_spaces)
    {
      lexer->pos += TRIM_MARKER_LENGTH;
      ignore (lexer);
    }
  lexer->pos += strlen (RIGHT_DELIM);
  emit (lexer, STRATA_TEMPLATE_ITEM_RIGHT_DELIM);
  if (trim_spaces)
    {
      lexer->pos += left_trim_length (lexer->input + lexer->pos, lexer->length - lexer->pos);
      ignore (lexer);
    }
  return STATE_TEXT;
}

static State
lex_inside_action (Lexer *lexer)
{
  gboolean trim_spaces;
  gint32 c;

  if (at_right_delim (lexer, &trim_spaces))
    {
      if (lexer->paren_depth == 0)
        return STATE_RIGHT_DELIM;
      return error_item (lexer, "unclosed left paren");
    }

  c = next (lexer);
  if (c == END_OF_INPUT)
    return error_item (lexer, "unclosed action");
  if (is_space (c))
    {
      backup (lexer);   /* in case the space is the start of " -}}" */
      return STATE_SPACE;
    }
  switch (c)
    {
    case '=':
      emit (lexer, STRATA_TEMPLATE_ITEM_ASSIGN);
      return STATE_INSIDE_ACTION;
    case ':':
      if (next (lexer) != '=')
        return error_item (lexer, "expected :=");
      emit (lexer, STRATA_TEMPLATE_ITEM_DECLARE);
      return STATE_INSIDE_ACTION;
    case '|':
      emit (lexer, STRATA_TEMPLATE_ITEM_PIPE);
      return STATE_INSIDE_ACTION;
    case '"':
      return STATE_QUOTE;
    case '`':
      return STATE_RAW_QUOTE;
    case '$':
      return STATE_VARIABLE;
    case '\'':
      return STATE_CHAR;
    case '.':
      /* ".field", unless a digit follows: ".5" is a number. */
      if (lexer->pos < lexer->length &&
          (lexer->input[lexer->pos] < '0' || lexer->input[lexer->pos] > '9'))
        return STATE_FIELD;
      backup (lexer);
      return STATE_NUMBER;
    case '(':
      emit (lexer, STRATA_TEMPLATE_ITEM_LEFT_PAREN);
      lexer->paren_depth++;
      return STATE_INSIDE_ACTION;
    case ')':
      emit (lexer, STRATA_TEMPLATE_ITEM_RIGHT_PAREN);
      lexer->paren_depth--;
      if (lexer->paren_depth < 0)
        {
          g_autofree char *shown = describe_rune (c);

          return error_item (lexer, "unexpected right paren %s", shown);
        }
      return STATE_INSIDE_ACTION;
    default:
      break;
    }
  if (c == '+' || c == '-' || (c >= '0' && c <= '9'))
    {
      backup (lexer);
      return STATE_NUMBER;
    }
  if (is_alphanumeric (c))
    {
      backup (lexer);
      return STATE_IDENTIFIER;
    }
  if (c < 128 && g_ascii_isprint (c))
    {
      emit (lexer, STRATA_TEMPLATE_ITEM_CHAR);
      return STATE_INSIDE_ACTION;
    }
  {
    g_autofree char *shown = describe_rune (c);

    return error_item (lexer, "unrecognized character in action: %s", shown);
  }
}

static State
lex_space (Lexer *lexer)
{
  int spaces = 0;

  while (is_space (peek (lexer)))
    {
      next (lexer);
      spaces++;
    }
  /* A space may begin a trim-marked right delimiter, " -}}". */
  if (has_right_trim_marker (lexer, lexer->pos - 1) &&
      has_prefix (lexer, lexer->pos - 1 + TRIM_MARKER_LENGTH, RIGHT_DELIM))
    {
      backup (lexer);
      if (spaces == 1)
        return STATE_RIGHT_DELIM;
    }
  emit (lexer, STRATA_TEMPLATE_ITEM_SPACE);
  return STATE_INSIDE_ACTION;
}

static State
lex_identifier (Lexer *lexer)
{
  gint32 c;
  gsize length;
  const char *word;

  do
    c = next (lexer);
  while (is_alphanumeric (c));
  backup (lexer);

  if (!at_terminator (lexer))
    {
      g_autofree char *shown = describe_rune (c);

      return error_item (lexer, "bad character %s", shown);
    }

  word = lexer->input + lexer->start;
  length = lexer->pos - lexer->start;
  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (strlen (keywords[i].word) == length && memcmp (keywords[i].word, word, length) == 0)
      {
        emit (lexer, keywords[i].type);
        return STATE_INSIDE_ACTION;
      }
  if (word[0] == '.')
    emit (lexer, STRATA_TEMPLATE_ITEM_FIELD);
  else if ((length == 4 && memcmp (word, "true", 4) == 0) ||
           (length == 5 && memcmp (word, "false", 5) == 0))
    emit (lexer, STRATA_TEMPLATE_ITEM_BOOL);
  else
    emit (lexer, STRATA_TEMPLATE_ITEM_IDENTIFIER);
  return STATE_INSIDE_ACTION;
}

/* ".Alphanumeric" or "$Alphanumeric"; the "." or "$" has been read. */
static State
lex_field_or_variable (Lexer                  *lexer,
                       StrataTemplateItemType  type)
{
  gint32 c;

  if (at_terminator (lexer))
    {
      emit (lexer, type == STRATA_TEMPLATE_ITEM_VARIABLE ? STRATA_TEMPLATE_ITEM_VARIABLE
                                                        : STRATA_TEMPLATE_ITEM_DOT);
      return STATE_INSIDE_ACTION;
    }
  for (;;)
    {
      c = next (lexer);
      if (!is_alphanumeric (c))
        {
          backup (lexer);
          break;
        }
    }
  if (!at_terminator (lexer))
    {
      g_autofree char *shown = describe_rune (c);

      return error_item (lexer, "bad character %s", shown);
    }
  emit (lexer, type);
  return STATE_INSIDE_ACTION;
}

static State
lex_char (Lexer *lexer)
{
  for (;;)
    {
      gint32 c = next (lexer);

      if (c == '\\')
        {
          c = next (lexer);
          if (c != END_OF_INPUT && c != '\n')
            continue;
        }
      if (c == END_OF_INPUT || c == '\n')
        return error_item (lexer, "unterminated character constant");
      if (c == '\'')
        break;
    }
  emit (lexer, STRATA_TEMPLATE_ITEM_CHAR_CONSTANT);
  return STATE_INSIDE_ACTION;
}

static gboolean
scan_number (Lexer *lexer)
{
  const char *digits = "0123456789_";

  accept (lexer, "+-");
  if (accept (lexer, "0"))
    {
      if (accept (lexer, "xX"))
        digits = "0123456789abcdefABCDEF_";
      else if (accept (lexer, "oO"))
        digits = "01234567_";
      else if (accept (lexer, "bB"))
        digits = "01_";
    }
  accept_run (lexer, digits);
  if (accept (lexer, "."))
    accept_run (lexer, digits);
  if (strlen (digits) == 10 + 1 && accept (lexer, "eE"))
    {
      accept (lexer, "+-");
      accept_run (lexer, "0123456789_");
    }
  if (strlen (digits) == 16 + 6 + 1 && accept (lexer, "pP"))
    {
      accept (lexer, "+-");
      accept_run (lexer, "0123456789_");
    }
  accept (lexer, "i");
  if (is_alphanumeric (peek (lexer)))
    {
      next (lexer);
      return FALSE;
    }
  return TRUE;
}

static State
lex_number (Lexer *lexer)
{
  gint32 sign;

  if (!scan_number (lexer))
    {
      g_autoptr(GString) quoted = g_string_new (NULL);

      _strata_template_quote (quoted, lexer->input + lexer->start, lexer->pos - lexer->start, FALSE);
      return error_item (lexer, "bad number syntax: %s", quoted->str);
    }
  sign = peek (lexer);
  if (sign == '+' || sign == '-')
    {
      /* A complex number, 1+2i: no spaces, ends in 'i'. */
      if (!scan_number (lexer) || lexer->input[lexer->pos - 1] != 'i')
        {
          g_autoptr(GString) quoted = g_string_new (NULL);

          _strata_template_quote (quoted, lexer->input + lexer->start, lexer->pos - lexer->start, FALSE);
          return error_item (lexer, "bad number syntax: %s", quoted->str);
        }
      emit (lexer, STRATA_TEMPLATE_ITEM_COMPLEX);
    }
  else
    emit (lexer, STRATA_TEMPLATE_ITEM_NUMBER);
  return STATE_INSIDE_ACTION;
}

static State
lex_quote (Lexer *lexer)
{
  for (;;)
    {
      gint32 c = next (lexer);

      if (c == '\\')
        {
          c = next (lexer);
          if (c != END_OF_INPUT && c != '\n')
            continue;
        }
      if (c == END_OF_INPUT || c == '\n')
        return error_item (lexer, "unterminated quoted string");
      if (c == '"')
        break;
    }
  emit (lexer, STRATA_TEMPLATE_ITEM_STRING);
  return STATE_INSIDE_ACTION;
}

static State
lex_raw_quote (Lexer *lexer)
{
  for (;;)
    {
      gint32 c = next (lexer);

      if (c == END_OF_INPUT)
        return error_item (lexer, "unterminated raw quoted string");
      if (c == '`')
        break;
    }
  emit (lexer, STRATA_TEMPLATE_ITEM_RAW_STRING);
  return STATE_INSIDE_ACTION;
}

static void
clear_item (gpointer data)
{
  StrataTemplateItem *item = data;

  if (item->type == STRATA_TEMPLATE_ITEM_ERROR)
    g_free ((char *)item->value);
}

GArray *
_strata_template_lex (const char *input,
                      gsize       length)
{
  Lexer lexer = { input, length, 0, 0, FALSE, 0, 1, 1, NULL };
  State state = STATE_TEXT;

  lexer.items = g_array_new (FALSE, FALSE, sizeof (StrataTemplateItem));
  g_array_set_clear_func (lexer.items, clear_item);

  while (state != STATE_DONE)
    {
      switch (state)
        {
        case STATE_TEXT: state = lex_text (&lexer); break;
        case STATE_LEFT_DELIM: state = lex_left_delim (&lexer); break;
        case STATE_COMMENT: state = lex_comment (&lexer); break;
        case STATE_RIGHT_DELIM: state = lex_right_delim (&lexer); break;
        case STATE_INSIDE_ACTION: state = lex_inside_action (&lexer); break;
        case STATE_SPACE: state = lex_space (&lexer); break;
        case STATE_IDENTIFIER: state = lex_identifier (&lexer); break;
        case STATE_FIELD: state = lex_field_or_variable (&lexer, STRATA_TEMPLATE_ITEM_FIELD); break;
        case STATE_VARIABLE: state = lex_field_or_variable (&lexer, STRATA_TEMPLATE_ITEM_VARIABLE); break;
        case STATE_CHAR: state = lex_char (&lexer); break;
        case STATE_NUMBER: state = lex_number (&lexer); break;
        case STATE_QUOTE: state = lex_quote (&lexer); break;
        case STATE_RAW_QUOTE: state = lex_raw_quote (&lexer); break;
        case STATE_DONE:
        default:
          g_assert_not_reached ();
        }
    }

  return lexer.items;
}

char *
_strata_template_item_describe (const StrataTemplateItem *item)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (item->type == STRATA_TEMPLATE_ITEM_EOF)
    return g_strdup ("EOF");
  if (item->type == STRATA_TEMPLATE_ITEM_ERROR)
    return g_strndup (item->value, item->length);
  if (item->type > STRATA_TEMPLATE_ITEM_KEYWORD)
    return g_strdup_printf ("<%.*s>", (int)item->length, item->value);

  if (g_utf8_strlen (item->value, item->length) > 10)
    {
      /* %.10q: the first ten runes, quoted, then an ellipsis. */
      const char *end = g_utf8_offset_to_pointer (item->value, 10);

      _strata_template_quote (out, item->value, end - item->value, FALSE);
      g_string_append (out, "...");
    }
  else
    _strata_template_quote (out, item->value, item->length, FALSE);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
