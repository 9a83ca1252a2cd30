/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests for the YAML <-> JSON bridge: core schema resolution, aliases and
 * merge keys, error positions, and emitting text that reads back the same. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-core-error.h"
#include "strata-yaml.h"

/* Helpers */

/* json_node_equal() takes 1 and 1.0 for equal and ignores member order;
 * a round trip must keep both, so compare strictly. */
static gboolean
nodes_identical (JsonNode *a,
                 JsonNode *b)
{
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;

  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_OBJECT:
      {
        g_autoptr(GList) names_a = json_object_get_members (json_node_get_object (a));
        g_autoptr(GList) names_b = json_object_get_members (json_node_get_object (b));
        const GList *la, *lb;

        for (la = names_a, lb = names_b; la != NULL && lb != NULL; la = la->next, lb = lb->next)
          {
            if (strcmp (la->data, lb->data) != 0 ||
                !nodes_identical (json_object_get_member (json_node_get_object (a), la->data),
                                  json_object_get_member (json_node_get_object (b), lb->data)))
              return FALSE;
          }

        return la == NULL && lb == NULL;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array_a = json_node_get_array (a);
        JsonArray *array_b = json_node_get_array (b);

        if (json_array_get_length (array_a) != json_array_get_length (array_b))
          return FALSE;

        for (guint i = 0; i < json_array_get_length (array_a); i++)
          {
            if (!nodes_identical (json_array_get_element (array_a, i),
                                  json_array_get_element (array_b, i)))
              return FALSE;
          }

        return TRUE;
      }

    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        return FALSE;

      if (json_node_get_value_type (a) == G_TYPE_DOUBLE)
        {
          double da = json_node_get_double (a);
          double db = json_node_get_double (b);

          if (isnan (da) || isnan (db))
            return isnan (da) && isnan (db);

          return da == db && signbit (da) == signbit (db);
        }

      return json_node_equal (a, b);
    }
}

static char *
describe (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);

  return json_generator_to_data (generator, NULL);
}

static JsonNode *
parse_or_die (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = strata_yaml_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

static JsonNode *
parse_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);

  return node;
}

static void
assert_yaml_is_json (const char *yaml,
                     const char *json)
{
  g_autoptr(JsonNode) actual = parse_or_die (yaml);
  g_autoptr(JsonNode) expected = parse_json (json);

  if (!nodes_identical (actual, expected))
    {
      g_autofree char *text = describe (actual);

      g_error ("YAML:\n%s\nread as %s, expected %s", yaml, text, json);
    }
}

static void
assert_parse_error (const char *yaml,
                    const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = strata_yaml_parse (yaml, -1, &error);
  g_autofree char *start = g_strndup (yaml, 120);
  g_autofree char *escaped = g_strescape (start, NULL);

  g_assert_null (node);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE);
  g_test_message ("%s → %s", escaped, error->message);
  if (!g_str_has_prefix (error->message, expected))
    g_error ("reading “%s” failed with “%s”, expected a message starting “%s”",
             escaped, error->message, expected);
}

/* Emits @node, checks the text reads back identical and returns it. */
static char *
round_trip (JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *yaml = strata_yaml_emit (node, &error);

  g_assert_no_error (error);
  g_assert_nonnull (yaml);

  back = strata_yaml_parse (yaml, -1, &error);
  if (error != NULL)
    g_error ("emitted YAML does not parse: %s\n%s", error->message, yaml);

  if (!nodes_identical (node, back))
    {
      g_autofree char *before = describe (node);
      g_autofree char *after = describe (back);

      g_error ("round trip changed %s into %s through:\n%s", before, after, yaml);
    }

  return g_steal_pointer (&yaml);
}

static JsonNode *
string_node (const char *text)
{
  return json_node_init_string (json_node_alloc (), text);
}

/* Scalars */

typedef enum
{
  IS_NULL,
  IS_BOOL,
  IS_INT,
  IS_DOUBLE,
  IS_STRING,
} Kind;

typedef struct
{
  const char *yaml;
  Kind        kind;
  const char *string;   /* IS_STRING */
  gint64      integer;  /* IS_INT, IS_BOOL */
  double      number;   /* IS_DOUBLE */
} ScalarCase;

static const ScalarCase scalar_cases[] = {
  /* null */
  { "~", IS_NULL },
  { "null", IS_NULL },
  { "Null", IS_NULL },
  { "NULL", IS_NULL },
  { "", IS_NULL },
  { "# only a comment\n", IS_NULL },
  { "nULL", IS_STRING, "nULL" },
  { "none", IS_STRING, "none" },
  /* booleans, and the YAML 1.1 words that are strings in 1.2 */
  { "true", IS_BOOL, NULL, TRUE },
  { "True", IS_BOOL, NULL, TRUE },
  { "TRUE", IS_BOOL, NULL, TRUE },
  { "false", IS_BOOL, NULL, FALSE },
  { "False", IS_BOOL, NULL, FALSE },
  { "FALSE", IS_BOOL, NULL, FALSE },
  { "tRUE", IS_STRING, "tRUE" },
  { "yes", IS_STRING, "yes" },
  { "no", IS_STRING, "no" },
  { "on", IS_STRING, "on" },
  { "off", IS_STRING, "off" },
  { "y", IS_STRING, "y" },
  /* integers */
  { "0", IS_INT, NULL, 0 },
  { "-0", IS_INT, NULL, 0 },
  { "42", IS_INT, NULL, 42 },
  { "+42", IS_INT, NULL, 42 },
  { "-42", IS_INT, NULL, -42 },
  { "012", IS_INT, NULL, 12 },
  { "0x1F", IS_INT, NULL, 31 },
  { "0x1f", IS_INT, NULL, 31 },
  { "0o17", IS_INT, NULL, 15 },
  { "9223372036854775807", IS_INT, NULL, G_MAXINT64 },
  { "-9223372036854775808", IS_INT, NULL, G_MININT64 },
  { "0x7FFFFFFFFFFFFFFF", IS_INT, NULL, G_MAXINT64 },
  { "9223372036854775808", IS_DOUBLE, NULL, 0, 9223372036854775808.0 },
  { "0xFFFFFFFFFFFFFFFFFF", IS_DOUBLE, NULL, 0, 4722366482869645213696.0 },
  { "0o8", IS_STRING, "0o8" },
  { "0x", IS_STRING, "0x" },
  { "0xG", IS_STRING, "0xG" },
  { "-0x1F", IS_STRING, "-0x1F" },
  { "0X1F", IS_STRING, "0X1F" },
  { "1_000", IS_STRING, "1_000" },
  { "1,000", IS_STRING, "1,000" },
  { "12:30", IS_STRING, "12:30" },
  { "0b101", IS_STRING, "0b101" },
  /* floats */
  { "1.0", IS_DOUBLE, NULL, 0, 1.0 },
  { "-1.5", IS_DOUBLE, NULL, 0, -1.5 },
  { "+1.5", IS_DOUBLE, NULL, 0, 1.5 },
  { ".5", IS_DOUBLE, NULL, 0, 0.5 },
  { "1.", IS_DOUBLE, NULL, 0, 1.0 },
  { "1e3", IS_DOUBLE, NULL, 0, 1000.0 },
  { "1E-3", IS_DOUBLE, NULL, 0, 0.001 },
  { "6.02e+23", IS_DOUBLE, NULL, 0, 6.02e23 },
  { ".inf", IS_DOUBLE, NULL, 0, INFINITY },
  { ".Inf", IS_DOUBLE, NULL, 0, INFINITY },
  { "+.INF", IS_DOUBLE, NULL, 0, INFINITY },
  { "-.inf", IS_DOUBLE, NULL, 0, -INFINITY },
  { ".nan", IS_DOUBLE, NULL, 0, NAN },
  { ".NaN", IS_DOUBLE, NULL, 0, NAN },
  { ".NAN", IS_DOUBLE, NULL, 0, NAN },
  { "-.nan", IS_STRING, "-.nan" },
  { "inf", IS_STRING, "inf" },
  { "nan", IS_STRING, "nan" },
  { "1.2.3", IS_STRING, "1.2.3" },
  { "e3", IS_STRING, "e3" },
  { "1e", IS_STRING, "1e" },
  { ".", IS_STRING, "." },
  /* plain strings */
  { "hello world", IS_STRING, "hello world" },
  { "a:b", IS_STRING, "a:b" },
  { "100m", IS_STRING, "100m" },
  { "2001-12-14", IS_STRING, "2001-12-14" },
  /* quoted and block scalars are always strings */
  { "'true'", IS_STRING, "true" },
  { "\"42\"", IS_STRING, "42" },
  { "'~'", IS_STRING, "~" },
  { "''", IS_STRING, "" },
  { "\"\"", IS_STRING, "" },
  { "\"tab\\there\"", IS_STRING, "tab\there" },
  { "'it''s'", IS_STRING, "it's" },
  { "|\n  123\n", IS_STRING, "123\n" },
  { "|-\n  true\n", IS_STRING, "true" },
  { ">\n  folded\n  text\n", IS_STRING, "folded text\n" },
  /* tags */
  { "!!str 123", IS_STRING, "123" },
  { "!!str", IS_STRING, "" },
  { "!!str true", IS_STRING, "true" },
  { "!!int \"42\"", IS_INT, NULL, 42 },
  { "!!int 0x10", IS_INT, NULL, 16 },
  { "!!float 1", IS_DOUBLE, NULL, 0, 1.0 },
  { "!!float '2.5'", IS_DOUBLE, NULL, 0, 2.5 },
  { "!!bool 'true'", IS_BOOL, NULL, TRUE },
  { "!!null ''", IS_NULL },
  { "!!null ~", IS_NULL },
  { "!<tag:yaml.org,2002:int> 7", IS_INT, NULL, 7 },
  { "! 12", IS_STRING, "12" },
  /* Application tags are for other tools; the value reads as if untagged. */
  { "!Ref 12", IS_INT, NULL, 12 },
  { "!Ref MyBucket", IS_STRING, "MyBucket" },
  { "!vault '12'", IS_STRING, "12" },
};

static void
check_scalar (const ScalarCase *c,
              JsonNode         *node)
{
  switch (c->kind)
    {
    case IS_NULL:
      g_assert_true (JSON_NODE_HOLDS_NULL (node));
      break;

    case IS_BOOL:
      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      g_assert_cmpstr (g_type_name (json_node_get_value_type (node)), ==, "gboolean");
      g_assert_cmpint (json_node_get_boolean (node), ==, c->integer);
      break;

    case IS_INT:
      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      g_assert_cmpstr (g_type_name (json_node_get_value_type (node)), ==, "gint64");
      g_assert_cmpint (json_node_get_int (node), ==, c->integer);
      break;

    case IS_DOUBLE:
      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      g_assert_cmpstr (g_type_name (json_node_get_value_type (node)), ==, "gdouble");
      if (isnan (c->number))
        g_assert_true (isnan (json_node_get_double (node)));
      else
        g_assert_cmpfloat (json_node_get_double (node), ==, c->number);
      break;

    case IS_STRING:
    default:
      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      g_assert_cmpstr (g_type_name (json_node_get_value_type (node)), ==, "gchararray");
      g_assert_cmpstr (json_node_get_string (node), ==, c->string);
      break;
    }
}

static void
test_yaml_scalars (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (scalar_cases); i++)
    {
      const ScalarCase *c = &scalar_cases[i];
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(JsonNode) in_mapping = NULL;
      g_autoptr(JsonNode) in_sequence = NULL;
      g_autofree char *escaped = g_strescape (c->yaml, NULL);

      g_test_message ("scalar: %s", escaped);

      /* The same scalar alone, as a mapping value and as a list item. */
      root = parse_or_die (c->yaml);
      check_scalar (c, root);

      if (strchr (c->yaml, '\n') == NULL)
        {
          g_autofree char *mapping = g_strdup_printf ("key: %s\n", c->yaml);
          g_autofree char *sequence = g_strdup_printf ("[%s]", c->yaml);

          in_mapping = parse_or_die (mapping);
          check_scalar (c, json_object_get_member (json_node_get_object (in_mapping), "key"));

          if (*c->yaml != '\0' && *c->yaml != '!' && strchr (c->yaml, ',') == NULL)
            {
              in_sequence = parse_or_die (sequence);
              g_assert_cmpuint (json_array_get_length (json_node_get_array (in_sequence)), ==, 1);
              check_scalar (c, json_array_get_element (json_node_get_array (in_sequence), 0));
            }
        }
    }
}

static void
test_yaml_tag_errors (void)
{
  assert_parse_error ("a: !!int abc\n", "line 1, column 4: “abc” cannot be read as “!!int”");
  assert_parse_error ("a: !!bool yes\n", "line 1, column 4: “yes” cannot be read as “!!bool”");
  assert_parse_error ("a: !!float x\n", "line 1, column 4: “x” cannot be read as “!!float”");
  assert_parse_error ("a: !!null x\n", "line 1, column 4: “x” cannot be read as “!!null”");
  assert_parse_error ("a: \"nul\\0here\"\n", "line 1, column 4: the value contains a NUL character");
}

static void
test_yaml_keys (void)
{
  /* Keys become strings the way Kubernetes' YAML reader writes them. */
  assert_yaml_is_json ("1: a\n0x10: b\ntrue: c\n~: d\n1.5: e\n'quoted': f\n",
                       "{\"1\": \"a\", \"16\": \"b\", \"true\": \"c\", \"null\": \"d\", \"1.5\": \"e\", \"quoted\": \"f\"}");
  assert_yaml_is_json ("? |\n  multi\n  line\n: v\n", "{\"multi\\nline\\n\": \"v\"}");
  assert_parse_error ("? [a, b]\n: v\n", "line 1, column 3: a sequence cannot be a key");
  assert_parse_error ("? {a: 1}\n: v\n", "line 1, column 3: a mapping cannot be a key");
  assert_parse_error ("list: &l [1]\n*l : v\n", "line 2, column 1: a sequence cannot be a key");
}

/* Structures */

static void
test_yaml_nested (void)
{
  const char *manifest =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: web  # trailing comment\n"
    "  labels: {app: web, tier: \"frontend\"}\n"
    "spec:\n"
    "  replicas: 3\n"
    "  template:\n"
    "    spec:\n"
    "      containers:\n"
    "        - name: nginx\n"
    "          image: nginx:1.25-alpine\n"
    "          ports:\n"
    "            - containerPort: 80\n"
    "              protocol: TCP\n"
    "          args: [\"--port\", 80, true, null]\n"
    "          env: []\n"
    "          resources: {}\n"
    "      nodeSelector:\n"
    "  zebra: last\n"
    "  alpha: after zebra\n";
  const char *json =
    "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\","
    " \"metadata\": {\"name\": \"web\", \"labels\": {\"app\": \"web\", \"tier\": \"frontend\"}},"
    " \"spec\": {\"replicas\": 3, \"template\": {\"spec\": {\"containers\": [{"
    "   \"name\": \"nginx\", \"image\": \"nginx:1.25-alpine\","
    "   \"ports\": [{\"containerPort\": 80, \"protocol\": \"TCP\"}],"
    "   \"args\": [\"--port\", 80, true, null], \"env\": [], \"resources\": {}}],"
    "  \"nodeSelector\": null}},"
    "  \"zebra\": \"last\", \"alpha\": \"after zebra\"}}";

  /* nodes_identical() also checks that member order is the file's. */
  assert_yaml_is_json (manifest, json);

  assert_yaml_is_json ("- - - deep\n  - [1, [2, [3]]]\n- {a: {b: {c: []}}}\n",
                       "[[[\"deep\"], [1, [2, [3]]]], {\"a\": {\"b\": {\"c\": []}}}]");
  assert_yaml_is_json ("a:\n- 1\n- 2\nb: x\n", "{\"a\": [1, 2], \"b\": \"x\"}");
}

static void
test_yaml_documents (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(JsonNode) node = NULL;

  documents = strata_yaml_parse_documents ("a: 1\n---\nb: 2\n---\n- 3\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (documents->pdata[0]), "a"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (documents->pdata[1]), "b"), ==, 2);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (documents->pdata[2]));
  g_clear_pointer (&documents, g_ptr_array_unref);

  /* Empty documents, as a Helm chart renders them, are left out; explicit
   * values, even null, are kept. */
  documents = strata_yaml_parse_documents ("---\n---\n# Source: chart/templates/empty.yaml\n---\na: 1\n...\n---\n--- ~\n--- ''\n---\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, ==, 3);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (documents->pdata[0]));
  g_assert_true (JSON_NODE_HOLDS_NULL (documents->pdata[1]));
  g_assert_cmpstr (json_node_get_string (documents->pdata[2]), ==, "");
  g_clear_pointer (&documents, g_ptr_array_unref);

  documents = strata_yaml_parse_documents ("", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, ==, 0);
  g_clear_pointer (&documents, g_ptr_array_unref);

  /* @length limits the text: the second document is not read. */
  documents = strata_yaml_parse_documents ("a: 1\n---\nb: 2\n", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, ==, 1);
  g_clear_pointer (&documents, g_ptr_array_unref);

  /* An error anywhere fails the whole stream. */
  documents = strata_yaml_parse_documents ("a: 1\n---\nb: [\n", -1, &error);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE);
  g_assert_null (documents);
  g_clear_error (&error);

  /* Anchors belong to their document. */
  documents = strata_yaml_parse_documents ("a: &x 1\n---\nb: *x\n", -1, &error);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "line 3, column 4: the alias “*x” refers to no anchor"));
  g_clear_error (&error);

  /* strata_yaml_parse() takes one document. */
  node = strata_yaml_parse ("", -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_NULL (node));
  g_clear_pointer (&node, json_node_unref);

  node = strata_yaml_parse ("a: 1\n---\n", -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_clear_pointer (&node, json_node_unref);

  node = strata_yaml_parse ("--- 5\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_int (node), ==, 5);
  g_clear_pointer (&node, json_node_unref);

  assert_parse_error ("a: 1\n---\nb: 2\n", "line 2, column 1: found a second document where only one is expected");
  assert_parse_error ("a: 1\n...\n---\nb: 2\n", "line 3, column 1: found a second document");
}

static void
test_yaml_anchors (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObject *copy;

  assert_yaml_is_json ("a: &v hello\nb: *v\nc: &n 12\nd: [*n, *v]\n",
                       "{\"a\": \"hello\", \"b\": \"hello\", \"c\": 12, \"d\": [12, \"hello\"]}");
  assert_yaml_is_json ("&k key: value\nother: *k\n", "{\"key\": \"value\", \"other\": \"key\"}");
  assert_yaml_is_json ("a: &s x\nb: &s y\nc: *s\n", "{\"a\": \"x\", \"b\": \"y\", \"c\": \"y\"}");
  assert_yaml_is_json ("- &list [1, {x: 2}]\n- *list\n", "[[1, {\"x\": 2}], [1, {\"x\": 2}]]");

  /* Each alias is a copy of its own: changing one leaves the others. */
  root = parse_or_die ("base: &b {x: 1, inner: {y: 2}}\ncopy: *b\n");
  object = json_object_get_object_member (json_node_get_object (root), "base");
  copy = json_object_get_object_member (json_node_get_object (root), "copy");
  g_assert_true (object != copy);
  g_assert_true (json_object_get_object_member (object, "inner") != json_object_get_object_member (copy, "inner"));
  json_object_set_int_member (json_object_get_object_member (copy, "inner"), "y", 3);
  json_object_set_string_member (copy, "x", "changed");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "inner"), "y"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "x"), ==, 1);

  assert_parse_error ("a: 1\nb: *missing\n", "line 2, column 4: the alias “*missing” refers to no anchor");
  /* An anchor is defined once its node is complete, so a node cannot
   * contain itself. */
  assert_parse_error ("a: &self [1, *self]\n", "line 1, column 14: the alias “*self” refers to no anchor");
}

static void
test_yaml_alias_bomb (void)
{
  const char *bomb =
    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
  g_autoptr(GString) deep = g_string_new (NULL);

  assert_parse_error (bomb, "line 7, column 8: aliases expand to more than 1000000 values");

  /* Deep nesting is refused before it can exhaust the stack. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  assert_parse_error (deep->str, "line 1, column 1001: values are nested more than 1000 levels deep");
}

static void
test_yaml_merge_keys (void)
{
  /* The Helm values idiom: shared defaults, overridden per environment. */
  assert_yaml_is_json ("defaults: &defaults\n"
                       "  image: nginx\n"
                       "  replicas: 1\n"
                       "  resources: {cpu: 100m}\n"
                       "prod:\n"
                       "  <<: *defaults\n"
                       "  replicas: 3\n"
                       "  extra: yes\n",
                       "{\"defaults\": {\"image\": \"nginx\", \"replicas\": 1, \"resources\": {\"cpu\": \"100m\"}},"
                       " \"prod\": {\"image\": \"nginx\", \"replicas\": 3, \"resources\": {\"cpu\": \"100m\"}, \"extra\": \"yes\"}}");

  /* Keys written before the merge win too. */
  assert_yaml_is_json ("base: &b {a: 1, b: 2}\nx:\n  b: 20\n  <<: *b\n",
                       "{\"base\": {\"a\": 1, \"b\": 2}, \"x\": {\"b\": 20, \"a\": 1}}");

  /* Of several merged mappings, the first that has a key wins. */
  assert_yaml_is_json ("one: &one {a: 1, b: 1}\ntwo: &two {b: 2, c: 2}\nx:\n  <<: [*one, *two]\n  c: 3\n",
                       "{\"one\": {\"a\": 1, \"b\": 1}, \"two\": {\"b\": 2, \"c\": 2}, \"x\": {\"a\": 1, \"b\": 1, \"c\": 3}}");

  /* An inline mapping merges as well, and an explicit tag marks a merge. */
  assert_yaml_is_json ("x:\n  <<: {a: 1}\n  b: 2\n", "{\"x\": {\"a\": 1, \"b\": 2}}");
  assert_yaml_is_json ("x:\n  !!merge <<: {a: 1}\n", "{\"x\": {\"a\": 1}}");

  /* A quoted “<<” is an ordinary key. */
  assert_yaml_is_json ("x:\n  '<<': {a: 1}\n", "{\"x\": {\"<<\": {\"a\": 1}}}");

  /* A merged key overridden later is not a duplicate, a repeated one is. */
  assert_parse_error ("b: &b {a: 1}\nx:\n  <<: *b\n  a: 2\n  a: 3\n",
                      "line 5, column 3: duplicate key “a” (first defined on line 4)");

  assert_parse_error ("x:\n  <<: 1\n", "line 2, column 3: the merge key “<<” takes a mapping or a list of mappings");
  assert_parse_error ("x:\n  <<: [{a: 1}, 2]\n", "line 2, column 3: the merge key “<<” takes a mapping or a list of mappings");
}

static void
test_yaml_duplicate_keys (void)
{
  assert_parse_error ("a: 1\nb: 2\na: 3\n", "line 3, column 1: duplicate key “a” (first defined on line 1)");
  assert_parse_error ("outer:\n  name: x\n  other: y\n  name: z\n",
                      "line 4, column 3: duplicate key “name” (first defined on line 2)");
  assert_parse_error ("{a: 1, a: 2}", "line 1, column 8: duplicate key “a” (first defined on line 1)");
  /* Keys are compared as the strings they become. */
  assert_parse_error ("1: x\n'1': y\n", "line 2, column 1: duplicate key “1” (first defined on line 1)");
  assert_parse_error ("0x10: x\n16: y\n", "line 2, column 1: duplicate key “16”");

  /* The same key in different mappings is fine. */
  assert_yaml_is_json ("a: {x: 1}\nb: {x: 2}\n", "{\"a\": {\"x\": 1}, \"b\": {\"x\": 2}}");
}

static void
test_yaml_errors (void)
{
  static const struct {
    const char *yaml;
    const char *message;
  } cases[] = {
    { "a: b: c\n", "line 1, column 5: mapping values are not allowed in this context" },
    { "key: value\n  bad: indent\n", "line 2, column 6: mapping values are not allowed in this context" },
    { "list: [a, b\nnext: 1\n", "line 2, column 5: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 7)" },
    { "a: 'unterminated\n", "line 2, column 1: found unexpected end of stream (while scanning a quoted scalar at line 1, column 4)" },
    { "\tkey: value\n", "line 1, column 1: found character that cannot start any token" },
    { "a: 1\nb\n", "line 3, column 1: could not find expected ':' (while scanning a simple key at line 2, column 1)" },
    { "- a\nb: c\n", "line 2, column 1: did not find expected '-' indicator (while parsing a block collection at line 1, column 1)" },
    { "a:\n  - b\n  c: d\n", "line 3, column 3: did not find expected '-' indicator" },
    { "a: 1\nb: \x01\n", "line 2, column 4: control characters are not allowed (0x01)" },
    { "a: 1\nbé: \xff\n", "line 2, column 5: invalid leading UTF-8 octet (0xFF)" },
    { "%YAML 2.0\n--- a\n", "line 1, column 1: found incompatible YAML document" },
    { "a: *\n", "line 1, column 5: did not find expected alphabetic or numeric character (while scanning an alias at line 1, column 4)" },
    { "a: !<> x\n", "line 1, column 6: did not find expected tag URI (while parsing a tag at line 1, column 4)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_parse_error (cases[i].yaml, cases[i].message);
}

/* Emitting */

static char *
emit_or_die (JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  char *yaml = strata_yaml_emit (node, &error);

  g_assert_no_error (error);

  return yaml;
}

static void
test_yaml_emit_format (void)
{
  g_autoptr(JsonNode) node = parse_json ("{\"name\": \"web\", \"replicas\": 3, \"ratio\": 0.5,"
                                         " \"whole\": 2.0, \"enabled\": true, \"nothing\": null,"
                                         " \"labels\": {\"app\": \"web\", \"z\": \"last\", \"a\": \"after\"},"
                                         " \"ports\": [80, {\"name\": \"https\", \"port\": 443}],"
                                         " \"empty_list\": [], \"empty_map\": {},"
                                         " \"nested\": [[1, 2], []]}");
  g_autofree char *yaml = emit_or_die (node);

  g_assert_cmpstr (yaml, ==,
                   "name: web\n"
                   "replicas: 3\n"
                   "ratio: 0.5\n"
                   "whole: 2.0\n"
                   "enabled: true\n"
                   "nothing: null\n"
                   "labels:\n"
                   "  app: web\n"
                   "  z: last\n"
                   "  a: after\n"
                   "ports:\n"
                   "- 80\n"
                   "- name: https\n"
                   "  port: 443\n"
                   "empty_list: []\n"
                   "empty_map: {}\n"
                   "nested:\n"
                   "- - 1\n"
                   "  - 2\n"
                   "- []\n");

  g_free (round_trip (node));
}

static void
test_yaml_emit_long_lines (void)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), json_object_new ());
  g_autofree char *word = g_strnfill (500, 'x');
  g_autofree char *line = g_strjoin (" ", word, word, word, NULL);
  g_autofree char *yaml = NULL;
  g_autofree char *expected = NULL;

  /* Long lines are not folded: a diff of the file stays one line. */
  json_object_set_string_member (json_node_get_object (node), "long", line);
  yaml = round_trip (node);
  expected = g_strdup_printf ("long: %s\n", line);
  g_assert_cmpstr (yaml, ==, expected);
}

static void
test_yaml_emit_roots (void)
{
  static const struct {
    const char *json;
    const char *yaml;
  } cases[] = {
    { "null", "null\n" },
    { "true", "true\n" },
    { "12", "12\n" },
    { "-1.5", "-1.5\n" },
    { "\"text\"", "text\n" },
    { "\"\"", "''\n" },
    { "\"true\"", "'true'\n" },
    { "[]", "[]\n" },
    { "{}", "{}\n" },
    { "\"two\\nlines\"", "|-\n  two\n  lines\n" },
    { "\"kept\\n\\n\"", "|+\n  kept\n\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse_json (cases[i].json);
      g_autofree char *yaml = round_trip (node);

      /* One document: no “---” before it, no “...” after it. */
      g_assert_cmpstr (yaml, ==, cases[i].yaml);
    }
}

static void
test_yaml_emit_literal (void)
{
  g_autoptr(JsonNode) node = parse_json ("{\"script\": \"#!/bin/sh\\nset -e\\necho 'a: b'\\n\","
                                         " \"no_newline\": \"first\\nsecond\","
                                         " \"list\": [\"x\\ny\\n\"],"
                                         " \"indented\": \"  starts with spaces\\nthen not\\n\"}");
  g_autofree char *yaml = round_trip (node);

  g_test_message ("%s", yaml);
  g_assert_nonnull (strstr (yaml, "script: |\n  #!/bin/sh\n  set -e\n  echo 'a: b'\n"));
  g_assert_nonnull (strstr (yaml, "no_newline: |-\n  first\n  second\n"));
  g_assert_nonnull (strstr (yaml, "- |\n  x\n  y\n"));
  /* An indentation indicator keeps the leading spaces. */
  g_assert_nonnull (strstr (yaml, "indented: |2\n"));
}

static void
test_yaml_emit_quoting (void)
{
  /* Strings a reader would take for something else, in YAML 1.2 or 1.1. */
  static const char * const quoted[] = {
    "true", "False", "null", "Null", "~", "", "1", "-1", "+1", "012", "0x1f", "0o17",
    "1.0", "1e3", ".5", ".inf", "-.Inf", ".nan",
    "yes", "No", "on", "OFF", "y", "n", "1_000", "12:30", "0b101", "2001-12-14",
    "1.2.3", "<<", "=",
  };
  /* Strings that read back as themselves written plain. */
  static const char * const plain[] = {
    "hello", "hello world", "nginx:1.25-alpine", "100m", "v1.2.3", "a-b", "tRUE", "-.nan",
    "e3", "inf", "nan", "ü", "x=1", "a#b", "a:b",
  };

  for (guint i = 0; i < G_N_ELEMENTS (quoted); i++)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), json_object_new ());
      g_autofree char *yaml = NULL;
      g_autofree char *single = g_strdup_printf ("key: '%s'\n'%s': key\n", quoted[i], quoted[i]);

      json_object_set_string_member (json_node_get_object (node), "key", quoted[i]);
      json_object_set_string_member (json_node_get_object (node), quoted[i], "key");
      yaml = round_trip (node);
      g_assert_cmpstr (yaml, ==, single);
    }

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), json_object_new ());
      g_autofree char *yaml = NULL;
      g_autofree char *expected = g_strdup_printf ("key: %s\n", plain[i]);

      json_object_set_string_member (json_node_get_object (node), "key", plain[i]);
      yaml = round_trip (node);
      g_assert_cmpstr (yaml, ==, expected);
    }
}

static const char * const tricky_strings[] = {
  "", " ", "  ", " leading", "trailing ", " both ", "a  b",
  "a: b", "a:b", "a:", ":a", ":", "key: value # not a comment",
  "#comment", "a #b", "a# b", "#",
  "- item", "-", "--", "-a", "? q", "?", "[x]", "{x}", "[", "]", "{", "}", ",", "a, b",
  "&anchor", "*alias", "!tag", "!!str", "%directive", "@at", "`tick", "|", ">", "|-", "'", "\"",
  "it's", "say \"hi\"", "back\\slash", "\\n", "a'b\"c",
  "...", "---", "--- x", "... x", "a\n---\nb", "a\n...\nb\n", "x\n...\n", "---\n",
  "ünïcödé", "✓ 日本語", "emoji 🎉", "\xc2\xa0nbsp", "zero\xe2\x80\x8bwidth",
  "\xef\xbb\xbf" "bom",
  "line\n", "line", "a\nb", "a\nb\n", "a\nb\n\n", "a\n\n\nb", "\n", "\n\n", "\na", "\n\na\n",
  " a\nb", "a\n b", "a \nb", "a\n ", "a\n\n ", "  \n", " \n ",
  "\t", "\ta", "a\t", "a\tb", "tab\n\tindented\n", "a\n\tb",
  "\r\n", "a\rb", "windows\r\nline\r\n", "nel\xc2\x85x", "ls\xe2\x80\xa8x", "ps\xe2\x80\xa9x",
  "\x01" "control", "bell\x07", "del\x7f", "esc\x1b[0m",
  "null", "~", "true", "0o17", "0x1F", "1e3", "1_000", "=", "<<", "12:30", "-.inf", ".nan",
  "0", "-0", "+1", "1.", ".5", "1.0", "1.2.3",
  "http://example.com/a?b=c#d", "C:\\path", "${VAR}", "{{ .Values.x }}", "%{x}",
};

static void
test_yaml_round_trip_strings (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (tricky_strings); i++)
    {
      const char *text = tricky_strings[i];
      g_autoptr(JsonNode) root = string_node (text);
      g_autoptr(JsonNode) tree = NULL;
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonObject) inner = json_object_new ();
      g_autofree char *escaped = g_strescape (text, NULL);
      g_autofree char *yaml_root = NULL;
      g_autofree char *yaml_tree = NULL;

      g_test_message ("string: “%s”", escaped);

      /* As a document of its own, as a value, a list item and a key. */
      yaml_root = round_trip (root);

      json_array_add_string_element (array, text);
      json_array_add_string_element (array, "after");
      json_object_set_string_member (inner, text, text);
      json_object_set_string_member (inner, "after", "x");
      json_object_set_string_member (object, "value", text);
      json_object_set_array_member (object, "list", g_steal_pointer (&array));
      json_object_set_object_member (object, "keys", g_steal_pointer (&inner));
      json_object_set_string_member (object, "end", text);
      tree = json_node_init_object (json_node_alloc (), g_steal_pointer (&object));
      yaml_tree = round_trip (tree);

      /* Content lines of block scalars are indented, so a “---” or
       * “...” at the start of a line can only be a marker. */
      g_assert_false (g_str_has_prefix (yaml_root, "---"));
      g_assert_false (g_str_has_suffix (yaml_root, "\n...\n"));
      g_assert_false (g_str_has_suffix (yaml_tree, "\n...\n"));
    }
}

static void
test_yaml_round_trip_values (void)
{
  static const char * const trees[] = {
    "[9223372036854775807, -9223372036854775808, 0, -1]",
    "[0.1, 1e300, 1e-300, 5e-324, 1.7976931348623157e308, 123456789.123, -2.5e-7, 100.0, 1e22]",
    "[true, false, null, [], {}, [[]], [{}], {\"a\": []}, {\"a\": {}}]",
    "{\"a\": {\"b\": {\"c\": [1, [2, [3, {\"d\": null}]]]}}}",
    "[{\"a\": 1, \"b\": 2}, {\"a\": [1, 2], \"b\": {\"c\": \"\"}}]",
  };
  static const double doubles[] = { -0.0, INFINITY, -INFINITY, NAN, 0.1 + 0.2, 1.0 / 3.0 };

  for (guint i = 0; i < G_N_ELEMENTS (trees); i++)
    {
      g_autoptr(JsonNode) node = parse_json (trees[i]);

      g_free (round_trip (node));
    }

  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    {
      g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), doubles[i]);

      g_free (round_trip (node));
    }

}

static void
test_yaml_round_trip_long_keys (void)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), json_object_new ());
  g_autofree char *key = g_strnfill (300, 'k');
  g_autofree char *multiline = g_strdup_printf ("%s\n%s\n", key, key);
  g_autofree char *yaml = NULL;

  /* Keys longer than libyaml's simple keys are written as complex keys. */
  json_object_set_int_member (json_node_get_object (node), key, 1);
  json_object_set_int_member (json_node_get_object (node), multiline, 2);
  json_object_set_int_member (json_node_get_object (node), "short\nkey", 3);
  yaml = round_trip (node);
  g_assert_true (g_str_has_prefix (yaml, "? "));
}

/* Random trees over an alphabet of the characters YAML treats specially,
 * with a fixed seed so a failure can be replayed. */
static char *
random_string (GRand *rand)
{
  static const char * const pieces[] = {
    "a", "b", "1", "0", " ", "  ", "\n", "\n\n", ":", ": ", "#", " #", "-", "- ", "?", "'",
    "\"", "\\", "\t", ".", "...", "---", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">",
    "%", "@", "`", "é", "日", "\xc2\x85", "\r", "\x01", "true", "null", "~", "0x", "e",
    "<<", "=",
  };
  GString *string = g_string_new (NULL);
  guint length = g_rand_int_range (rand, 0, 8);

  for (guint i = 0; i < length; i++)
    g_string_append (string, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

  return g_string_free (string, FALSE);
}

static JsonNode *
random_tree (GRand *rand,
             guint  depth)
{
  guint kind = g_rand_int_range (rand, 0, depth < 4 ? 8 : 6);

  switch (kind)
    {
    case 0:
      return json_node_new (JSON_NODE_NULL);
    case 1:
      return json_node_init_boolean (json_node_alloc (), g_rand_boolean (rand));
    case 2:
      return json_node_init_int (json_node_alloc (), (gint64)g_rand_int (rand) - G_MAXINT32);
    case 3:
      return json_node_init_double (json_node_alloc (), g_rand_double_range (rand, -1e6, 1e6));
    case 4:
    case 5:
      {
        g_autofree char *text = random_string (rand);

        return string_node (text);
      }
    case 6:
      {
        JsonArray *array = json_array_new ();
        guint length = g_rand_int_range (rand, 0, 4);

        for (guint i = 0; i < length; i++)
          json_array_add_element (array, random_tree (rand, depth + 1));

        return json_node_init_array (json_node_alloc (), array);
      }
    default:
      {
        JsonObject *object = json_object_new ();
        guint length = g_rand_int_range (rand, 0, 4);

        for (guint i = 0; i < length; i++)
          {
            g_autofree char *key = random_string (rand);

            json_object_set_member (object, key, random_tree (rand, depth + 1));
          }

        return json_node_init_object (json_node_alloc (), object);
      }
    }
}

static void
test_yaml_round_trip_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x5715a);
  guint n_trees = g_test_slow () ? 100000 : 3000;

  for (guint i = 0; i < n_trees; i++)
    {
      g_autoptr(JsonNode) tree = random_tree (rand, 0);

      g_free (round_trip (tree));
    }
}

static void
test_yaml_emit_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), json_object_new ());
  g_autofree char *yaml = NULL;

  json_object_set_string_member (json_node_get_object (node), "bad", "not \xff utf-8");
  yaml = strata_yaml_emit (node, &error);
  g_assert_null (yaml);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "not valid UTF-8"));
  g_clear_error (&error);

  /* Member names too. */
  g_clear_pointer (&node, json_node_unref);
  node = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_int_member (json_node_get_object (node), "\xc3", 1);
  yaml = strata_yaml_emit (node, &error);
  g_assert_null (yaml);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/yaml/scalars", test_yaml_scalars);
  g_test_add_func ("/core/yaml/tag-errors", test_yaml_tag_errors);
  g_test_add_func ("/core/yaml/keys", test_yaml_keys);
  g_test_add_func ("/core/yaml/nested", test_yaml_nested);
  g_test_add_func ("/core/yaml/documents", test_yaml_documents);
  g_test_add_func ("/core/yaml/anchors", test_yaml_anchors);
  g_test_add_func ("/core/yaml/alias-bomb", test_yaml_alias_bomb);
  g_test_add_func ("/core/yaml/merge-keys", test_yaml_merge_keys);
  g_test_add_func ("/core/yaml/duplicate-keys", test_yaml_duplicate_keys);
  g_test_add_func ("/core/yaml/errors", test_yaml_errors);
  g_test_add_func ("/core/yaml/emit/format", test_yaml_emit_format);
  g_test_add_func ("/core/yaml/emit/long-lines", test_yaml_emit_long_lines);
  g_test_add_func ("/core/yaml/emit/roots", test_yaml_emit_roots);
  g_test_add_func ("/core/yaml/emit/literal", test_yaml_emit_literal);
  g_test_add_func ("/core/yaml/emit/quoting", test_yaml_emit_quoting);
  g_test_add_func ("/core/yaml/emit/errors", test_yaml_emit_errors);
  g_test_add_func ("/core/yaml/round-trip/strings", test_yaml_round_trip_strings);
  g_test_add_func ("/core/yaml/round-trip/values", test_yaml_round_trip_values);
  g_test_add_func ("/core/yaml/round-trip/long-keys", test_yaml_round_trip_long_keys);
  g_test_add_func ("/core/yaml/round-trip/random", test_yaml_round_trip_random);

  return g_test_run ();
}
