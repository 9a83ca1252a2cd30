/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests for strict semver.org 2.0.0 parsing, error messages and precedence. */

#include "config.h"

#include <string.h>

#include "strata-core-error.h"
#include "strata-semver.h"

typedef struct
{
  const char *text;
  guint64     major;
  guint64     minor;
  guint64     patch;
  const char *prerelease;
  const char *build;
} ValidCase;

static const ValidCase valid_cases[] = {
  { "0.0.0", 0, 0, 0, NULL, NULL },
  { "1.2.3", 1, 2, 3, NULL, NULL },
  { "10.20.30", 10, 20, 30, NULL, NULL },
  { "1.0.0-alpha", 1, 0, 0, "alpha", NULL },
  { "1.0.0-alpha.1", 1, 0, 0, "alpha.1", NULL },
  { "1.0.0-0.3.7", 1, 0, 0, "0.3.7", NULL },
  { "1.0.0-x.7.z.92", 1, 0, 0, "x.7.z.92", NULL },
  { "1.0.0-x-y-z.--", 1, 0, 0, "x-y-z.--", NULL },
  { "1.0.0--", 1, 0, 0, "-", NULL },
  { "1.0.0-0A.is.legal", 1, 0, 0, "0A.is.legal", NULL },
  { "1.0.0-alpha+001", 1, 0, 0, "alpha", "001" },
  { "1.0.0+20130313144700", 1, 0, 0, NULL, "20130313144700" },
  { "1.0.0-beta+exp.sha.5114f85", 1, 0, 0, "beta", "exp.sha.5114f85" },
  { "1.0.0+21AF26D3----117B344092BD", 1, 0, 0, NULL, "21AF26D3----117B344092BD" },
  { "1.0.0+build.01", 1, 0, 0, NULL, "build.01" },
  { "1.0.0-rc.1+build-1.2", 1, 0, 0, "rc.1", "build-1.2" },
  { "18446744073709551615.0.0", G_MAXUINT64, 0, 0, NULL, NULL },
  { "0.0.18446744073709551615", 0, 0, G_MAXUINT64, NULL, NULL },
  /* Prerelease numbers are not bounded by the specification. */
  { "1.0.0-99999999999999999999999", 1, 0, 0, "99999999999999999999999", NULL },
};

typedef struct
{
  const char *text;
  const char *reason; /* a part of the message that says why */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "", "empty" },
  { "v1.2", "remove the leading “v”" },
  { "v1.2.0", "remove the leading “v”" },
  { "V1.2.0", "remove the leading “V”" },
  { "1", "has 1 part;" },
  { "1.2", "has 2 parts; expected MAJOR.MINOR.PATCH, like 1.2.0" },
  { "1.2.3.4", "has 4 parts" },
  { "1.2-beta", "has 2 parts" },
  { "01.2.3", "major version “01” has a leading zero" },
  { "1.02.3", "minor version “02” has a leading zero" },
  { "1.2.03", "patch version “03” has a leading zero" },
  { "00.0.0", "major version “00” has a leading zero; write it as 0" },
  { "1..3", "minor version is empty" },
  { ".1.2", "major version is empty" },
  { "1.2.", "patch version is empty" },
  { "a.b.c", "major version “a” is not a number" },
  { "1.2.x", "patch version “x” is not a number" },
  { "1.0.0-", "prerelease after “-” is empty" },
  { "1.0.0+", "build metadata after “+” is empty" },
  { "1.0.0-+build", "prerelease after “-” is empty" },
  { "1.0.0-01", "“01” has a leading zero" },
  { "1.0.0-alpha.01", "“01” has a leading zero" },
  { "1.0.0-alpha..1", "prerelease “alpha..1” has an empty identifier" },
  { "1.0.0-alpha.", "prerelease “alpha.” has an empty identifier" },
  { "1.0.0+build..1", "build metadata “build..1” has an empty identifier" },
  { "1.0.0+a+b", "more than one “+”" },
  { "18446744073709551616.0.0", "major version “18446744073709551616” is too large" },
  { "1.99999999999999999999.0", "minor version “99999999999999999999” is too large" },
  { "1.0.0 ", "remove the spaces" },
  { " 1.0.0", "remove the spaces" },
  { "\t1.0.0", "remove the spaces" },
  { "1.0.0\n", "remove the spaces" },
  { "1.0.0 beta", "contains a space" },
  { "1.0.0-beta_1", "contains “_”" },
  { "1.0.0+build~1", "contains “~”" },
  { "1,2,3", "contains “,”" },
  { "1.0.0-béta", "contains “é”" },
  { "1.0.0-a\001", "contains U+0001" },
  { "1.0.0-\xff", "byte 0xFF, which is not valid UTF-8" },
  { "-1.0.0", "must start with MAJOR.MINOR.PATCH" },
  { "+1.0.0", "must start with MAJOR.MINOR.PATCH" },
};

static void
test_semver_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      const ValidCase *c = &valid_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataSemver) version = NULL;
      g_autofree char *text = NULL;

      g_test_message ("valid: %s", c->text);

      version = strata_semver_parse (c->text, &error);
      g_assert_no_error (error);
      g_assert_nonnull (version);
      g_assert_cmpuint (strata_semver_get_major (version), ==, c->major);
      g_assert_cmpuint (strata_semver_get_minor (version), ==, c->minor);
      g_assert_cmpuint (strata_semver_get_patch (version), ==, c->patch);
      g_assert_cmpstr (strata_semver_get_prerelease (version), ==, c->prerelease);
      g_assert_cmpstr (strata_semver_get_build (version), ==, c->build);

      /* Every accepted text is canonical: to_string gives it back. */
      text = strata_semver_to_string (version);
      g_assert_cmpstr (text, ==, c->text);

      g_assert_true (strata_semver_validate (c->text, &error));
      g_assert_no_error (error);
    }
}

static void
test_semver_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      const InvalidCase *c = &invalid_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) validate_error = NULL;
      g_autoptr(StrataSemver) version = NULL;
      g_autofree char *escaped = NULL;

      version = strata_semver_parse (c->text, &error);
      g_assert_null (version);
      g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_VERSION);
      /* TAP output must stay valid UTF-8 on one line. */
      escaped = g_strescape (c->text, NULL);
      g_test_message ("invalid: %s → %s", escaped, error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (strstr (error->message, c->reason) == NULL)
        g_error ("the message for “%s” does not say “%s”: %s",
                 c->text, c->reason, error->message);

      g_assert_false (strata_semver_validate (c->text, &validate_error));
      g_assert_error (validate_error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_VERSION);
      g_assert_cmpstr (validate_error->message, ==, error->message);

      /* Callers that only want a yes or no may pass no error. */
      g_assert_false (strata_semver_validate (c->text, NULL));
    }
}

static void
test_semver_messages (void)
{
  g_autoptr(GError) error = NULL;

  /* The whole message, as a user reads it, for the most common mistakes. */
  g_assert_false (strata_semver_validate ("v1.2", &error));
  g_assert_cmpstr (error->message, ==,
                   "“v1.2” is not a semantic version: remove the leading “v” (expected MAJOR.MINOR.PATCH, like 1.2.0)");
  g_clear_error (&error);

  g_assert_false (strata_semver_validate ("1.2", &error));
  g_assert_cmpstr (error->message, ==,
                   "“1.2” is not a semantic version: it has 2 parts; expected MAJOR.MINOR.PATCH, like 1.2.0");
  g_clear_error (&error);

  g_assert_false (strata_semver_validate ("01.2.3", &error));
  g_assert_cmpstr (error->message, ==,
                   "“01.2.3” is not a semantic version: the major version “01” has a leading zero; write it as 1");
  g_clear_error (&error);

  /* Control characters are shown escaped, not as a broken line. */
  g_assert_false (strata_semver_validate ("1.0.0\n", &error));
  g_assert_cmpstr (error->message, ==,
                   "“1.0.0\\n” is not a semantic version: remove the spaces before or after it");
  g_clear_error (&error);
}

static void
test_semver_null (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataSemver) version = NULL;

  g_assert_false (strata_semver_validate (NULL, &error));
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_VERSION);
  g_clear_error (&error);

  version = strata_semver_parse (NULL, &error);
  g_assert_null (version);
  g_assert_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_VERSION);

  strata_semver_free (NULL);
}

static StrataSemver *
parse_or_die (const char *text)
{
  g_autoptr(GError) error = NULL;
  StrataSemver *version = strata_semver_parse (text, &error);

  g_assert_no_error (error);

  return version;
}

static const char * const precedence_chain[] = {
  "0.0.1",
  "0.9.0",
  "1.0.0-0",
  "1.0.0-2",
  "1.0.0-10",
  "1.0.0-99999999999999999999",
  "1.0.0-100000000000000000000",
  "1.0.0-a",
  "1.0.0-alpha",
  "1.0.0-alpha.1",
  "1.0.0-alpha.beta",
  "1.0.0-beta",
  "1.0.0-beta.2",
  "1.0.0-beta.11",
  "1.0.0-rc.1",
  "1.0.0",
  "2.0.0",
  "2.1.0",
  "2.1.1",
  "2.10.0",
  "10.0.0",
  "18446744073709551615.0.0",
};

static void
test_semver_precedence (void)
{
  /* Every pair of the chain, both ways: this also checks that compare is
   * antisymmetric, which a sort relies on. */
  for (guint i = 0; i < G_N_ELEMENTS (precedence_chain); i++)
    {
      g_autoptr(StrataSemver) a = parse_or_die (precedence_chain[i]);

      g_assert_cmpint (strata_semver_compare (a, a), ==, 0);
      g_assert_cmpint (strata_semver_compare_strings (precedence_chain[i], precedence_chain[i]), ==, 0);

      for (guint j = i + 1; j < G_N_ELEMENTS (precedence_chain); j++)
        {
          g_autoptr(StrataSemver) b = parse_or_die (precedence_chain[j]);

          g_test_message ("%s < %s", precedence_chain[i], precedence_chain[j]);
          g_assert_cmpint (strata_semver_compare (a, b), ==, -1);
          g_assert_cmpint (strata_semver_compare (b, a), ==, 1);
          g_assert_cmpint (strata_semver_compare_strings (precedence_chain[i], precedence_chain[j]), <, 0);
          g_assert_cmpint (strata_semver_compare_strings (precedence_chain[j], precedence_chain[i]), >, 0);
        }
    }
}

static void
test_semver_build_metadata (void)
{
  g_autoptr(StrataSemver) plain = parse_or_die ("1.0.0");
  g_autoptr(StrataSemver) build_a = parse_or_die ("1.0.0+a");
  g_autoptr(StrataSemver) build_b = parse_or_die ("1.0.0+b.2");
  g_autoptr(StrataSemver) rc_a = parse_or_die ("1.0.0-rc.1+a");
  g_autoptr(StrataSemver) rc_b = parse_or_die ("1.0.0-rc.1+zzz");

  /* Build metadata never takes part in precedence (§10). */
  g_assert_cmpint (strata_semver_compare (plain, build_a), ==, 0);
  g_assert_cmpint (strata_semver_compare (build_a, build_b), ==, 0);
  g_assert_cmpint (strata_semver_compare (rc_a, rc_b), ==, 0);
  g_assert_cmpint (strata_semver_compare (rc_a, build_a), ==, -1);
  g_assert_cmpint (strata_semver_compare_strings ("1.0.0+a", "1.0.0+b"), ==, 0);
}

static void
test_semver_copy (void)
{
  g_autoptr(StrataSemver) version = parse_or_die ("3.4.5-beta.2+sha.abc");
  g_autoptr(StrataSemver) copy = strata_semver_copy (version);
  g_autoptr(StrataSemver) boxed = g_boxed_copy (STRATA_TYPE_SEMVER, version);
  g_autofree char *text = NULL;

  g_assert_true (copy != version);
  g_assert_cmpint (strata_semver_compare (version, copy), ==, 0);
  g_assert_cmpstr (strata_semver_get_prerelease (copy), ==, "beta.2");
  g_assert_cmpstr (strata_semver_get_build (copy), ==, "sha.abc");
  g_assert_true (strata_semver_get_prerelease (copy) != strata_semver_get_prerelease (version));

  /* The copy lives on after the original is gone. */
  g_clear_pointer (&version, strata_semver_free);
  text = strata_semver_to_string (copy);
  g_assert_cmpstr (text, ==, "3.4.5-beta.2+sha.abc");

  g_assert_true (G_TYPE_IS_BOXED (STRATA_TYPE_SEMVER));
  g_assert_cmpstr (g_type_name (STRATA_TYPE_SEMVER), ==, "StrataSemver");
  g_assert_cmpint (strata_semver_compare (boxed, copy), ==, 0);
}

static void
test_semver_boxed_value (void)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(StrataSemver) version = parse_or_die ("1.2.3");
  const StrataSemver *held;

  g_value_init (&value, STRATA_TYPE_SEMVER);
  g_value_set_boxed (&value, version);
  held = g_value_get_boxed (&value);
  g_assert_true (held != version);
  g_assert_cmpuint (strata_semver_get_minor (held), ==, 2);
}

static int
compare_strings_indirect (gconstpointer a,
                          gconstpointer b)
{
  return strata_semver_compare_strings (*(const char * const *)a, *(const char * const *)b);
}

static int
compare_strings_with_data (gconstpointer a,
                           gconstpointer b,
                           gpointer      user_data)
{
  return compare_strings_indirect (a, b);
}

static void
test_semver_sort (void)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240229);

  for (guint i = 0; i < G_N_ELEMENTS (precedence_chain); i++)
    g_ptr_array_add (list, (gpointer)precedence_chain[i]);

  for (guint round = 0; round < 20; round++)
    {
      /* Fisher–Yates with a fixed seed, so a failure can be replayed. */
      for (guint i = list->len - 1; i > 0; i--)
        {
          guint j = g_rand_int_range (rand, 0, i + 1);
          gpointer swap = list->pdata[i];

          list->pdata[i] = list->pdata[j];
          list->pdata[j] = swap;
        }

      g_ptr_array_sort (list, compare_strings_indirect);

      for (guint i = 0; i < list->len; i++)
        g_assert_cmpstr (list->pdata[i], ==, precedence_chain[i]);
    }
}

static void
test_semver_sort_with_invalid (void)
{
  const char *list[] = { "zzz", "1.10.0", "1.5", "1.9.0", NULL, "v2.0.0", "1.0.0-rc.1", "abc" };
  const char *expected[] = { NULL, "1.0.0-rc.1", "1.9.0", "1.10.0", "1.5", "abc", "v2.0.0", "zzz" };

  /* Invalid strings sort after the versions, by strcmp() among themselves;
   * a per-pair strcmp() fallback would make “1.5” < “1.9.0” < “1.10.0” <
   * “1.5”, and no order would be right. */
  g_qsort_with_data (list, G_N_ELEMENTS (list), sizeof list[0],
                     compare_strings_with_data, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (list); i++)
    g_assert_cmpstr (list[i], ==, expected[i]);

  g_assert_cmpint (strata_semver_compare_strings ("1.0.0", "not a version"), <, 0);
  g_assert_cmpint (strata_semver_compare_strings ("not a version", "1.0.0"), >, 0);
  g_assert_cmpint (strata_semver_compare_strings ("b", "a"), >, 0);
  g_assert_cmpint (strata_semver_compare_strings (NULL, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/semver/valid", test_semver_valid);
  g_test_add_func ("/core/semver/invalid", test_semver_invalid);
  g_test_add_func ("/core/semver/messages", test_semver_messages);
  g_test_add_func ("/core/semver/null", test_semver_null);
  g_test_add_func ("/core/semver/precedence", test_semver_precedence);
  g_test_add_func ("/core/semver/build-metadata", test_semver_build_metadata);
  g_test_add_func ("/core/semver/copy", test_semver_copy);
  g_test_add_func ("/core/semver/boxed-value", test_semver_boxed_value);
  g_test_add_func ("/core/semver/sort", test_semver_sort);
  g_test_add_func ("/core/semver/sort-with-invalid", test_semver_sort_with_invalid);

  return g_test_run ();
}
