/* SPDX-License-Identifier: GPL-3.0-or-later */
/* semverCompare as sprig does it, with Masterminds/semver v3: loose
 * versions ("v1.29", "1.19-0"), constraints with ||, commas, ranges
 * ("1.2 - 1.4"), wildcards, ~ and ^, and the rule that a prerelease
 * version only satisfies a constraint that names a prerelease, which is why
 * charts write ">=1.19-0". The regular expressions are the library's own;
 * Strata's strict StrataSemver is for profile versions, not this. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "strata-template-value-private.h"

#define OPS "=||!=|>|<|>=|=>|<=|=<|~|~>|\\^"
#define CV  "v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?" \
            "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?" \
            "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"
#define VERSION "v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?" \
                "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?" \
                "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"

typedef struct
{
  gint64  major, minor, patch;
  char   *prerelease;   /* "" when none */
  char   *metadata;
} Version;

typedef struct
{
  Version  version;
  char    *original;
  char    *op;
  gboolean dirty, minor_dirty, patch_dirty;
} Constraint;

static GRegex *
regex (const char *pattern)
{
  g_autoptr(GError) error = NULL;
  GRegex *compiled = g_regex_new (pattern, G_REGEX_DOLLAR_ENDONLY, 0, &error);

  g_assert_no_error (error);
  return compiled;
}

static char *
group (GMatchInfo *match,
       int         index)
{
  char *text = g_match_info_fetch (match, index);

  return text != NULL ? text : g_strdup ("");
}

static gboolean
parse_version (const char *text,
               Version    *version)
{
  g_autoptr(GRegex) pattern = regex ("^" VERSION "$");
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *major = NULL, *minor = NULL, *patch = NULL;
  g_auto(GStrv) parts = NULL;

  memset (version, 0, sizeof *version);
  if (!g_regex_match (pattern, text, 0, &match))
    return FALSE;
  major = group (match, 1);
  minor = group (match, 2);
  patch = group (match, 3);
  version->prerelease = group (match, 5);
  version->metadata = group (match, 8);
  version->major = g_ascii_strtoll (major, NULL, 10);
  version->minor = minor[0] != '\0' ? g_ascii_strtoll (minor + 1, NULL, 10) : 0;
  version->patch = patch[0] != '\0' ? g_ascii_strtoll (patch + 1, NULL, 10) : 0;

  /* Numeric prerelease identifiers may not start with 0. */
  parts = g_strsplit (version->prerelease, ".", -1);
  for (guint i = 0; version->prerelease[0] != '\0' && parts[i] != NULL; i++)
    if (strlen (parts[i]) > 1 && parts[i][0] == '0' && strspn (parts[i], "0123456789") == strlen (parts[i]))
      {
        g_clear_pointer (&version->prerelease, g_free);
        g_clear_pointer (&version->metadata, g_free);
        return FALSE;
      }
  return TRUE;
}

static void
version_clear (Version *version)
{
  g_clear_pointer (&version->prerelease, g_free);
  g_clear_pointer (&version->metadata, g_free);
}

static gboolean
is_number (const char *text,
           guint64    *value)
{
  char *end = NULL;

  if (text[0] == '\0' || strspn (text, "0123456789") != strlen (text))
    return FALSE;
  *value = g_ascii_strtoull (text, &end, 10);
  return TRUE;
}

static int
compare_prerelease_part (const char *a,
                         const char *b)
{
  guint64 x, y;
  gboolean a_number, b_number;

  if (strcmp (a, b) == 0)
    return 0;
  if (a[0] == '\0')
    return b[0] != '\0' ? -1 : 1;
  if (b[0] == '\0')
    return 1;
  a_number = is_number (a, &x);
  b_number = is_number (b, &y);
  if (!a_number && !b_number)
    return strcmp (a, b) > 0 ? 1 : -1;
  if (!b_number)
    return -1;
  if (!a_number)
    return 1;
  return x > y ? 1 : -1;
}

static int
compare_versions (const Version *a,
                  const Version *b)
{
  g_auto(GStrv) a_parts = NULL;
  g_auto(GStrv) b_parts = NULL;
  guint a_length, b_length;

  if (a->major != b->major)
    return a->major < b->major ? -1 : 1;
  if (a->minor != b->minor)
    return a->minor < b->minor ? -1 : 1;
  if (a->patch != b->patch)
    return a->patch < b->patch ? -1 : 1;
  if (a->prerelease[0] == '\0' && b->prerelease[0] == '\0')
    return 0;
  if (a->prerelease[0] == '\0')
    return 1;
  if (b->prerelease[0] == '\0')
    return -1;

  a_parts = g_strsplit (a->prerelease, ".", -1);
  b_parts = g_strsplit (b->prerelease, ".", -1);
  a_length = g_strv_length (a_parts);
  b_length = g_strv_length (b_parts);
  for (guint i = 0; i < MAX (a_length, b_length); i++)
    {
      int order = compare_prerelease_part (i < a_length ? a_parts[i] : "", i < b_length ? b_parts[i] : "");

      if (order != 0)
        return order;
    }
  return 0;
}

static gboolean
is_wildcard (const char *text)
{
  return strcmp (text, "x") == 0 || strcmp (text, "X") == 0 || strcmp (text, "*") == 0;
}

static gboolean
parse_constraint (const char *text,
                  Constraint *constraint)
{
  g_autoptr(GRegex) pattern = regex ("^\\s*(" OPS ")\\s*(" CV ")\\s*$");
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *major = NULL, *minor = NULL, *patch = NULL, *prerelease = NULL;
  g_autofree char *version = NULL;

  memset (constraint, 0, sizeof *constraint);
  if (text[0] == '\0')
    {
      constraint->op = g_strdup ("");
      constraint->original = g_strdup ("");
      constraint->dirty = TRUE;
      return parse_version ("0.0.0", &constraint->version);
    }
  if (!g_regex_match (pattern, text, 0, &match))
    return FALSE;

  constraint->op = group (match, 1);
  constraint->original = group (match, 2);
  major = group (match, 3);
  minor = group (match, 4);
  patch = group (match, 5);
  prerelease = group (match, 6);
  if (major[0] == '\0' || is_wildcard (major))
    {
      version = g_strdup_printf ("0.0.0%s", prerelease);
      constraint->dirty = TRUE;
    }
  else if (minor[0] == '\0' || is_wildcard (minor + 1))
    {
      version = g_strdup_printf ("%s.0.0%s", major, prerelease);
      constraint->dirty = constraint->minor_dirty = TRUE;
    }
  else if (patch[0] == '\0' || is_wildcard (patch + 1))
    {
      version = g_strdup_printf ("%s%s.0%s", major, minor, prerelease);
      constraint->dirty = constraint->patch_dirty = TRUE;
    }
  else
    version = g_strdup (constraint->original);
  return parse_version (version, &constraint->version);
}

static void
constraint_clear (gpointer data)
{
  Constraint *constraint = data;

  version_clear (&constraint->version);
  g_free (constraint->original);
  g_free (constraint->op);
}

static gboolean
check_tilde (const Version *v,
             Constraint    *c)
{
  if (compare_versions (v, &c->version) < 0)
    return FALSE;
  if (c->version.major == 0 && c->version.minor == 0 && c->version.patch == 0 &&
      !c->minor_dirty && !c->patch_dirty)
    return TRUE;
  if (v->major != c->version.major)
    return FALSE;
  if (v->minor != c->version.minor && !c->minor_dirty)
    return FALSE;
  return TRUE;
}

static gboolean
check (const Version *v,
       Constraint    *c)
{
  const char *op = c->op;
  int order;

  /* A prerelease only satisfies a constraint that asks for prereleases. */
  if (v->prerelease[0] != '\0' && c->version.prerelease[0] == '\0')
    return FALSE;
  order = compare_versions (v, &c->version);

  if (strcmp (op, "") == 0 || strcmp (op, "=") == 0)
    return c->dirty ? check_tilde (v, c) : order == 0;
  if (strcmp (op, "!=") == 0)
    {
      if (c->dirty)
        {
          if (c->version.major != v->major)
            return TRUE;
          if (c->version.minor != v->minor && !c->minor_dirty)
            return TRUE;
          if (c->minor_dirty)
            return FALSE;
          if (c->version.patch != v->patch && !c->patch_dirty)
            return TRUE;
          if (c->patch_dirty)
            {
              if (v->prerelease[0] != '\0' || c->version.prerelease[0] != '\0')
                return strcmp (v->prerelease, c->version.prerelease) != 0;
              return FALSE;
            }
        }
      return order != 0;
    }
  if (strcmp (op, ">") == 0)
    {
      if (!c->dirty)
        return order > 0;
      if (v->major > c->version.major)
        return TRUE;
      if (v->major < c->version.major || c->minor_dirty)
        return FALSE;
      if (c->patch_dirty)
        return v->minor > c->version.minor;
      return order > 0;
    }
  if (strcmp (op, "<") == 0)
    return order < 0;
  if (strcmp (op, ">=") == 0 || strcmp (op, "=>") == 0)
    return order >= 0;
  if (strcmp (op, "<=") == 0 || strcmp (op, "=<") == 0)
    {
      if (!c->dirty)
        return order <= 0;
      if (v->major > c->version.major)
        return FALSE;
      if (v->major == c->version.major && v->minor > c->version.minor && !c->minor_dirty)
        return FALSE;
      return TRUE;
    }
  if (strcmp (op, "~") == 0 || strcmp (op, "~>") == 0)
    return check_tilde (v, c);
  if (strcmp (op, "^") == 0)
    {
      if (order < 0)
        return FALSE;
      if (c->version.major > 0 || c->minor_dirty)
        return v->major == c->version.major;
      if (v->major > 0)
        return FALSE;
      if (c->version.minor > 0 || c->patch_dirty)
        return v->minor == c->version.minor;
      if (v->minor > 0)
        return FALSE;
      return v->patch == c->version.patch;
    }
  return FALSE;
}

/* "1.2 - 1.4" becomes ">= 1.2, <= 1.4". */
static char *
rewrite_ranges (const char *text)
{
  g_autoptr(GRegex) pattern = regex ("\\s*(" CV ")\\s+-\\s+(" CV ")\\s*");

  return g_regex_replace (pattern, text, -1, 0, ">= \\g<1>, <= \\g<11>", 0, NULL);
}

gboolean
_strata_template_semver_compare (const char  *constraint_text,
                                 const char  *version_text,
                                 gboolean    *result,
                                 char       **error_message)
{
  g_autoptr(GRegex) valid = regex ("^(\\s*(" OPS ")\\s*(" CV ")\\s*)((?:\\s+|,\\s*)(" OPS ")\\s*(" CV ")\\s*)*$");
  g_autoptr(GRegex) find = regex ("(" OPS ")\\s*(" CV ")");
  g_autofree char *rewritten = rewrite_ranges (constraint_text);
  g_auto(GStrv) alternatives = g_strsplit (rewritten != NULL ? rewritten : constraint_text, "||", -1);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  Version version;

  for (guint i = 0; alternatives[i] != NULL; i++)
    {
      g_autoptr(GArray) constraints = g_array_new (FALSE, TRUE, sizeof (Constraint));
      g_autoptr(GMatchInfo) match = NULL;

      g_array_set_clear_func (constraints, constraint_clear);
      if (!g_regex_match (valid, alternatives[i], 0, NULL))
        {
          *error_message = g_strdup_printf ("improper constraint: %s", alternatives[i]);
          return FALSE;
        }
      g_regex_match (find, alternatives[i], 0, &match);
      if (!g_match_info_matches (match))
        {
          Constraint constraint;

          if (!parse_constraint (alternatives[i], &constraint))
            {
              *error_message = g_strdup_printf ("improper constraint: %s", alternatives[i]);
              return FALSE;
            }
          g_array_append_val (constraints, constraint);
        }
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *text = g_match_info_fetch (match, 0);
          Constraint constraint;

          if (!parse_constraint (text, &constraint))
            {
              *error_message = g_strdup_printf ("improper constraint: %s", text);
              return FALSE;
            }
          g_array_append_val (constraints, constraint);
        }
      g_ptr_array_add (groups, g_steal_pointer (&constraints));
    }

  if (!parse_version (version_text, &version))
    {
      *error_message = g_strdup ("Invalid Semantic Version");
      return FALSE;
    }

  *result = FALSE;
  for (guint i = 0; i < groups->len && !*result; i++)
    {
      GArray *constraints = g_ptr_array_index (groups, i);
      gboolean all = TRUE;

      for (guint j = 0; j < constraints->len && all; j++)
        all = check (&version, &g_array_index (constraints, Constraint, j));
      *result = all;
    }
  version_clear (&version);
  return TRUE;
}
