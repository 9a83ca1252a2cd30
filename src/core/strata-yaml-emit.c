/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes json-glib trees as YAML with libyaml's emitter: all quoting is
 * libyaml's; we only say which strings must not be written plain. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <yaml.h>

#include "strata-core-error.h"
#include "strata-yaml-private.h"
#include "strata-yaml.h"

/* Collections nested deeper than this are refused, as the reader does. */
#define MAX_DEPTH 1000

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (yaml_event_t, yaml_event_delete)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (yaml_emitter_t, yaml_emitter_delete)

/* Emitting */

static int
append_to_string (void          *data,
                  unsigned char *buffer,
                  size_t         size)
{
  g_string_append_len (data, (const char *)buffer, size);

  return 1;
}

static gboolean
emit_event (yaml_emitter_t  *emitter,
            yaml_event_t    *event,
            GError         **error)
{
  /* yaml_emitter_emit() takes the event, even when it fails. */
  if (!yaml_emitter_emit (emitter, event))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("Could not write YAML: %s"),
                   emitter->problem != NULL ? emitter->problem : _("unknown error"));
      return FALSE;
    }

  return TRUE;
}

/* Readers of YAML 1.1, among them Helm and kubectl (go-yaml v2), take
 * “yes”, “off”, “0777”, “1_000” or “12:30” for booleans and numbers,
 * and so would change these strings if they were written plain. Quoting
 * them costs nothing here and keeps the files portable. */
static gboolean
is_ambiguous_in_yaml_1_1 (const char *text)
{
  static const char * const words[] = {
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
    "on", "On", "ON", "off", "Off", "OFF", "=", "<<", NULL
  };
  const char *p = text;

  if (g_strv_contains (words, text))
    return TRUE;

  /* Anything number-like: sexagesimals, dates, “_” separators, “0b…”. */
  if (*p == '-' || *p == '+')
    p++;

  if (!g_ascii_isdigit (*p) && *p != '.')
    return FALSE;

  return p[strspn (p, "0123456789abcdefABCDEFoOxX_.:+-")] == '\0';
}

static gboolean
emit_scalar (yaml_emitter_t       *emitter,
             const char           *value,
             gboolean              plain_implicit,
             yaml_scalar_style_t   style,
             GError              **error)
{
  yaml_event_t event;
  gsize length = strlen (value);

  if (!g_utf8_validate (value, length, NULL) || length > G_MAXINT)
    {
      g_autofree char *shown = g_utf8_make_valid (value, MIN (length, 80));

      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("Could not write YAML: the string “%s” is not valid UTF-8"),
                   shown);
      return FALSE;
    }

  if (!yaml_scalar_event_initialize (&event, NULL, NULL,
                                     (const yaml_char_t *)value, (int)length,
                                     plain_implicit, TRUE, style))
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                           _("Could not write YAML: not enough memory"));
      return FALSE;
    }

  return emit_event (emitter, &event, error);
}

static gboolean
emit_string (yaml_emitter_t  *emitter,
             const char      *value,
             GError         **error)
{
  if (!_strata_yaml_plain_reads_as_string (value) || is_ambiguous_in_yaml_1_1 (value))
    /* Without plain_implicit, libyaml picks single or double quotes. */
    return emit_scalar (emitter, value, FALSE, YAML_ANY_SCALAR_STYLE, error);

  /* A reader turns CR, NEL, LS and PS in block scalars (and in folded
   * quoted lines) into line feeds; only escapes keep them. */
  if (strchr (value, '\r') != NULL ||
      strstr (value, "\xc2\x85") != NULL ||
      strstr (value, "\xe2\x80\xa8") != NULL ||
      strstr (value, "\xe2\x80\xa9") != NULL)
    return emit_scalar (emitter, value, TRUE, YAML_DOUBLE_QUOTED_SCALAR_STYLE, error);

  /* libyaml falls back to double quotes where a literal block cannot hold
   * the text (trailing spaces on a line, keys, control characters). */
  if (strchr (value, '\n') != NULL)
    return emit_scalar (emitter, value, TRUE, YAML_LITERAL_SCALAR_STYLE, error);

  return emit_scalar (emitter, value, TRUE, YAML_ANY_SCALAR_STYLE, error);
}

static gboolean
emit_node (yaml_emitter_t  *emitter,
           JsonNode        *node,
           guint            depth,
           GError         **error)
{
  yaml_event_t event;

  if (depth >= MAX_DEPTH && (JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node)))
    {
      g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                   _("Could not write YAML: values are nested more than %u levels deep"),
                   (guint)MAX_DEPTH);
      return FALSE;
    }

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean empty = json_object_get_size (object) == 0;

        yaml_mapping_start_event_initialize (&event, NULL, NULL, TRUE,
                                             empty ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
        if (!emit_event (emitter, &event, error))
          return FALSE;

        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!emit_string (emitter, name, error) ||
                !emit_node (emitter, member, depth + 1, error))
              return FALSE;
          }

        yaml_mapping_end_event_initialize (&event);
        return emit_event (emitter, &event, error);
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        yaml_sequence_start_event_initialize (&event, NULL, NULL, TRUE,
                                              length == 0 ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
        if (!emit_event (emitter, &event, error))
          return FALSE;

        for (guint i = 0; i < length; i++)
          {
            if (!emit_node (emitter, json_array_get_element (array, i), depth + 1, error))
              return FALSE;
          }

        yaml_sequence_end_event_initialize (&event);
        return emit_event (emitter, &event, error);
      }

    case JSON_NODE_NULL:
      return emit_scalar (emitter, "null", TRUE, YAML_PLAIN_SCALAR_STYLE, error);

    case JSON_NODE_VALUE:
    default:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          return emit_string (emitter, json_node_get_string (node) ? json_node_get_string (node) : "", error);

        if (type == G_TYPE_BOOLEAN)
          return emit_scalar (emitter, json_node_get_boolean (node) ? "true" : "false",
                              TRUE, YAML_PLAIN_SCALAR_STYLE, error);

        if (type == G_TYPE_INT64)
          {
            g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

            return emit_scalar (emitter, text, TRUE, YAML_PLAIN_SCALAR_STYLE, error);
          }

        if (type == G_TYPE_DOUBLE)
          {
            g_autofree char *text = _strata_yaml_format_double (json_node_get_double (node));

            return emit_scalar (emitter, text, TRUE, YAML_PLAIN_SCALAR_STYLE, error);
          }

        g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                     _("Could not write YAML: values of type %s are not supported"),
                     g_type_name (type));
        return FALSE;
      }
    }
}

/**
 * strata_yaml_emit:
 * @node: a JSON tree
 * @error: return location for a #GError
 *
 * Writes @node as one YAML document in block style, without “---” or
 * “...”: members in their order, multi-line strings as literal blocks (“|”)
 * and strings that a YAML reader would take for another type quoted, so
 * that strata_yaml_parse() gives back an equal tree.
 *
 * Returns: (transfer full) (nullable): the YAML text, ending in a newline,
 *   or %NULL with @error set if @node holds something YAML cannot (strings
 *   that are not UTF-8, types other than JSON's)
 */
char *
strata_yaml_emit (JsonNode  *node,
                  GError   **error)
{
  g_auto(yaml_emitter_t) emitter = { 0 };
  g_autoptr(GString) output = NULL;
  yaml_event_t event;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!yaml_emitter_initialize (&emitter))
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID,
                           _("Could not write YAML: not enough memory"));
      return NULL;
    }

  output = g_string_new (NULL);
  yaml_emitter_set_output (&emitter, append_to_string, output);
  yaml_emitter_set_width (&emitter, -1);
  yaml_emitter_set_unicode (&emitter, TRUE);
  yaml_emitter_set_indent (&emitter, 2);
  yaml_emitter_set_break (&emitter, YAML_LN_BREAK);

  yaml_stream_start_event_initialize (&event, YAML_UTF8_ENCODING);
  if (!emit_event (&emitter, &event, error))
    return NULL;

  yaml_document_start_event_initialize (&event, NULL, NULL, NULL, TRUE);
  if (!emit_event (&emitter, &event, error))
    return NULL;

  if (!emit_node (&emitter, node, 0, error))
    return NULL;

  yaml_document_end_event_initialize (&event, TRUE);
  if (!emit_event (&emitter, &event, error))
    return NULL;

  yaml_stream_end_event_initialize (&event);
  if (!emit_event (&emitter, &event, error))
    return NULL;

  /* libyaml ends a document with “...” after a block scalar that keeps its
   * trailing newlines (“|+”); the end of the text ends it just as well. */
  if (g_str_has_suffix (output->str, "\n...\n"))
    g_string_truncate (output, output->len - strlen ("...\n"));

  return g_string_free (g_steal_pointer (&output), FALSE);
}

