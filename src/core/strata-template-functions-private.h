/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The function tables: Go's builtins (strata-template-functions.c), sprig's
 * string functions (…-strings.c), its lists, dicts, defaults, conversions
 * and reflection (…-data.c), and Helm's own with the encodings
 * (…-helm.c). Each table ends with an entry whose name is NULL. */
#pragma once

#include "strata-template-private.h"

G_BEGIN_DECLS

#define STRATA_TEMPLATE_FUNCTION(function_name)                          \
  static gboolean function_name (StrataTemplateCall   *call,            \
                                 StrataTemplateValue **args,            \
                                 guint                 n_args,          \
                                 StrataTemplateValue **result,          \
                                 char                **error_message)

#define ANY    STRATA_TEMPLATE_PARAM_ANY
#define VALUE  STRATA_TEMPLATE_PARAM_VALUE
#define STRING STRATA_TEMPLATE_PARAM_STRING
#define INT    STRATA_TEMPLATE_PARAM_INT
#define FLOAT  STRATA_TEMPLATE_PARAM_FLOAT
#define BOOL   STRATA_TEMPLATE_PARAM_BOOL
#define MAP    STRATA_TEMPLATE_PARAM_MAP
#define LIST   STRATA_TEMPLATE_PARAM_LIST

extern const StrataTemplateFunction _strata_template_builtin_functions[];
extern const StrataTemplateFunction _strata_template_string_functions[];
extern const StrataTemplateFunction _strata_template_data_functions[];
extern const StrataTemplateFunction _strata_template_number_functions[];
extern const StrataTemplateFunction _strata_template_helm_functions[];

/* A string argument's bytes (arguments of type string are never NULL). */
#define ARG_STRING(i)        (args[(i)]->string.data)
#define ARG_STRING_LENGTH(i) (args[(i)]->string.length)

static inline StrataTemplateValue *
_strata_template_string_result (GString *text)
{
  gsize length = text->len;

  return _strata_template_value_take_string (g_string_free (text, FALSE), length);
}

/* spf13/cast's ToInt64 and ToFloat64 as sprig uses them: anything that
 * does not convert is 0. */
gint64  _strata_template_to_int64   (StrataTemplateValue *value);
double  _strata_template_to_float64 (StrataTemplateValue *value);

/* The elements of any slice, as sprig reaches them through reflection;
 * FALSE when @value is not one. */
gboolean _strata_template_is_list (StrataTemplateValue *value);

G_END_DECLS
