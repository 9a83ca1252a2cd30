/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The values templates compute with. Helm templates run on Go values, and
 * what a template prints depends on their Go types: 1 from values.yaml is a
 * float64 (so 1000000 prints as 1e+06), 1 in a template is an int, and eq
 * refuses to compare the two. So each value carries the Go type it stands
 * for, and printing, comparing and type errors follow Go's rules. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  STRATA_TEMPLATE_KIND_NIL,     /* a nil interface{} */
  STRATA_TEMPLATE_KIND_BOOL,
  STRATA_TEMPLATE_KIND_INT,     /* int or int64, after its type */
  STRATA_TEMPLATE_KIND_FLOAT,   /* float64 */
  STRATA_TEMPLATE_KIND_STRING,
  STRATA_TEMPLATE_KIND_LIST,    /* a slice */
  STRATA_TEMPLATE_KIND_MAP,     /* a map with string keys */
  STRATA_TEMPLATE_KIND_STRUCT,  /* Helm's structs: .Chart, .Capabilities… */
} StrataTemplateKind;

typedef struct _StrataTemplateValue    StrataTemplateValue;
typedef struct _StrataTemplateType     StrataTemplateType;
typedef struct _StrataTemplateField    StrataTemplateField;
typedef struct _StrataTemplateFunction StrataTemplateFunction;
typedef struct _StrataTemplateCall     StrataTemplateCall;

/* The Go parameter types a function can declare; they decide which
 * arguments it accepts, as text/template's validateType does. */
typedef enum
{
  STRATA_TEMPLATE_PARAM_ANY,     /* interface{} */
  STRATA_TEMPLATE_PARAM_VALUE,   /* reflect.Value: no conversion at all */
  STRATA_TEMPLATE_PARAM_STRING,
  STRATA_TEMPLATE_PARAM_INT,
  STRATA_TEMPLATE_PARAM_FLOAT,
  STRATA_TEMPLATE_PARAM_BOOL,
  STRATA_TEMPLATE_PARAM_MAP,     /* map[string]interface{} */
  STRATA_TEMPLATE_PARAM_LIST,    /* []interface{} */
} StrataTemplateParam;

/* A function or method. It returns FALSE and sets *error_message (without
 * location; the caller adds "error calling NAME: ") when it fails. */
typedef gboolean (*StrataTemplateFunctionImpl) (StrataTemplateCall   *call,
                                                StrataTemplateValue **args,
                                                guint                 n_args,
                                                StrataTemplateValue **result,
                                                char                **error_message);

struct _StrataTemplateFunction
{
  const char                 *name;
  StrataTemplateFunctionImpl  impl;
  guint                       n_params;   /* for variadics: including the variadic one */
  gboolean                    variadic;
  StrataTemplateParam         params[4];  /* the last is the element type of a variadic */
};

struct _StrataTemplateField
{
  const char *name;
  const char *json_name;   /* NULL: same as name */
  gboolean    omit_empty;
  gboolean    embedded;    /* an anonymous field whose fields are promoted */
};

struct _StrataTemplateType
{
  const char                   *name;          /* as Go's %T prints it */
  StrataTemplateKind            kind;
  const char                   *reflect_kind;  /* as sprig's kindOf says it */
  const StrataTemplateFunction *methods;       /* NULL-name terminated, or NULL */
  const StrataTemplateField    *fields;        /* structs only */
  guint                         n_fields;
  /* A method Go's fmt calls to print the value (String()), or NULL. */
  const char                   *stringer;
};

struct _StrataTemplateValue
{
  guint                     ref_count;
  const StrataTemplateType *type;
  union {
    gboolean  boolean;
    gint64    integer;
    double    number;
    struct {
      char  *data;   /* NUL-terminated, but may hold NULs: Go strings may */
      gsize  length;
    } string;
    GPtrArray  *list;       /* of StrataTemplateValue */
    GHashTable *map;        /* char * -> StrataTemplateValue */
    StrataTemplateValue **fields;  /* type->n_fields values */
  };
};

extern const StrataTemplateType _strata_template_type_nil;
extern const StrataTemplateType _strata_template_type_bool;
extern const StrataTemplateType _strata_template_type_int;
extern const StrataTemplateType _strata_template_type_int64;
extern const StrataTemplateType _strata_template_type_float64;
extern const StrataTemplateType _strata_template_type_string;
extern const StrataTemplateType _strata_template_type_list;         /* []interface {} */
extern const StrataTemplateType _strata_template_type_string_list;  /* []string */
extern const StrataTemplateType _strata_template_type_int_list;     /* []int */
extern const StrataTemplateType _strata_template_type_map;          /* map[string]interface {} */
extern const StrataTemplateType _strata_template_type_string_map;   /* map[string]string */
extern const StrataTemplateType _strata_template_type_values;       /* chartutil.Values */
extern const StrataTemplateType _strata_template_type_uint8;        /* a byte of a string */

StrataTemplateValue *_strata_template_value_ref          (StrataTemplateValue        *value);
void                 _strata_template_value_unref        (StrataTemplateValue        *value);
StrataTemplateValue *_strata_template_value_nil          (void);
StrataTemplateValue *_strata_template_value_new_bool     (gboolean                    boolean);
StrataTemplateValue *_strata_template_value_new_int      (gint64                      integer);
StrataTemplateValue *_strata_template_value_new_int64    (gint64                      integer);
StrataTemplateValue *_strata_template_value_new_float    (double                      number);
StrataTemplateValue *_strata_template_value_new_string   (const char                 *data,
                                                          gssize                      length);
StrataTemplateValue *_strata_template_value_take_string  (char                       *data,
                                                          gssize                      length);
StrataTemplateValue *_strata_template_value_new_list     (const StrataTemplateType   *type);
StrataTemplateValue *_strata_template_value_new_map      (const StrataTemplateType   *type);
StrataTemplateValue *_strata_template_value_new_struct   (const StrataTemplateType   *type);
StrataTemplateValue *_strata_template_value_retype_map   (StrataTemplateValue        *map,
                                                          const StrataTemplateType   *type);

void                 _strata_template_value_list_take    (StrataTemplateValue        *list,
                                                          StrataTemplateValue        *item);
void                 _strata_template_value_map_take     (StrataTemplateValue        *map,
                                                          const char                 *key,
                                                          StrataTemplateValue        *item);
StrataTemplateValue *_strata_template_value_map_lookup   (StrataTemplateValue        *map,
                                                          const char                 *key);
void                 _strata_template_value_struct_take  (StrataTemplateValue        *structure,
                                                          const char                 *field,
                                                          StrataTemplateValue        *item);
StrataTemplateValue *_strata_template_value_struct_lookup (StrataTemplateValue       *structure,
                                                           const char                *field,
                                                           gboolean                  *found);

/* Sorted keys of a map, as Go's fmt and range order them (bytewise). The
 * strings belong to the map. */
GPtrArray           *_strata_template_value_sorted_keys  (StrataTemplateValue        *map);
guint                _strata_template_value_length       (StrataTemplateValue        *value);

/* JSON trees become Go values as Helm reads values files: every number is
 * a float64. */
StrataTemplateValue *_strata_template_value_from_json    (JsonNode                   *node);
StrataTemplateValue *_strata_template_value_deep_copy    (StrataTemplateValue        *value);
JsonNode            *_strata_template_value_to_json      (StrataTemplateValue        *value);
gboolean             _strata_template_value_contains     (StrataTemplateValue        *haystack,
                                                          StrataTemplateValue        *needle);

/* The name fmt's %T gives, and reflect's kind name (sprig's kindOf). */
const char          *_strata_template_value_type_name    (StrataTemplateValue        *value);
const char          *_strata_template_value_kind_name    (StrataTemplateValue        *value);

/* text/template's isTrue: ok is FALSE for values without a truth value. */
gboolean             _strata_template_value_is_true      (StrataTemplateValue        *value,
                                                          gboolean                   *ok);
/* sprig's empty(). */
gboolean             _strata_template_value_is_empty     (StrataTemplateValue        *value);
/* reflect.DeepEqual */
gboolean             _strata_template_value_deep_equal   (StrataTemplateValue        *a,
                                                          StrataTemplateValue        *b);

/* fmt.Sprint of one value (%v), and sprig's strval. */
void                 _strata_template_value_print        (GString                    *out,
                                                          StrataTemplateValue        *value);
void                 _strata_template_value_print_action (GString                    *out,
                                                          StrataTemplateValue        *value);
char                *_strata_template_value_to_string    (StrataTemplateValue        *value);

/* Go's fmt.Sprintf, fmt.Sprint and fmt.Sprintln over template values. */
char                *_strata_template_sprintf            (const char                 *format,
                                                          gsize                       format_length,
                                                          StrataTemplateValue       **args,
                                                          guint                       n_args,
                                                          gsize                      *length);
char                *_strata_template_sprint             (StrataTemplateValue       **args,
                                                          guint                       n_args,
                                                          gboolean                    line);
/* strconv.Quote, and strconv.FormatFloat for the 'e', 'f' and 'g' formats
 * (precision -1 is the shortest text that reads back the same). */
void                 _strata_template_quote              (GString                    *out,
                                                          const char                 *data,
                                                          gsize                       length,
                                                          gboolean                    ascii_only);
void                 _strata_template_format_float       (GString                    *out,
                                                          double                      number,
                                                          char                        format,
                                                          int                         precision);

/* Helm's toYaml (sigs.k8s.io/yaml over go-yaml v2), toJson (encoding/json)
 * and the YAML reader Helm uses for values files and fromYaml. */
char                *_strata_template_to_yaml            (StrataTemplateValue        *value,
                                                          GError                    **error);
char                *_strata_template_to_json            (StrataTemplateValue        *value,
                                                          gboolean                    escape_html,
                                                          const char                 *indent,
                                                          GError                    **error);
StrataTemplateValue *_strata_template_from_yaml          (const char                 *text,
                                                          gsize                       length,
                                                          GError                    **error);
StrataTemplateValue *_strata_template_from_json          (const char                 *text,
                                                          gsize                       length,
                                                          GError                    **error);
/* go-yaml v2's resolve(): what a plain scalar reads as. */
typedef enum
{
  STRATA_TEMPLATE_YAML_STR,
  STRATA_TEMPLATE_YAML_NULL,
  STRATA_TEMPLATE_YAML_BOOL,
  STRATA_TEMPLATE_YAML_INT,
  STRATA_TEMPLATE_YAML_FLOAT,
  STRATA_TEMPLATE_YAML_TIMESTAMP,
} StrataTemplateYamlTag;

StrataTemplateYamlTag _strata_template_yaml_resolve     (const char                 *text,
                                                         gboolean                   *boolean,
                                                         double                     *number);
/* encoding/json's text for a float64, and the members a struct has in
 * JSON (json tags, omitempty, embedded structs flattened). */
void                 _strata_template_format_json_float  (GString                    *out,
                                                          double                      number);
void                 _strata_template_struct_json_fields (StrataTemplateValue        *structure,
                                                          GPtrArray                  *names,
                                                          GPtrArray                  *values);

/* Masterminds/semver v3, as sprig's semverCompare uses it. */
gboolean             _strata_template_semver_compare     (const char                 *constraint,
                                                          const char                 *version,
                                                          gboolean                   *result,
                                                          char                      **error_message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataTemplateValue, _strata_template_value_unref)

G_END_DECLS
