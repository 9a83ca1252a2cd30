/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Strict semver.org 2.0.0 parsing and precedence. Profile and chart versions
 * are compared with this, so it must agree with every other semver
 * implementation: no leniency (no "v" prefix, no missing parts), and errors
 * that tell the user how to fix the version instead of just rejecting it. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-core-error.h"
#include "strata-semver.h"

struct _StrataSemver
{
  guint64  major;
  guint64  minor;
  guint64  patch;
  char    *prerelease; /* NULL when there is none, never "" */
  char    *build;      /* NULL when there is none, never "" */
};

G_DEFINE_BOXED_TYPE (StrataSemver, strata_semver, strata_semver_copy, strata_semver_free)

/* Translators: these fill the %s in “the %s version …” messages below */
static const char * const core_part_names[] = { N_("major"), N_("minor"), N_("patch") };

/* The rejected text as a message shows it: valid UTF-8, and with control
 * characters escaped, since a raw newline or tab inside the quotes would be
 * invisible or break the message in two. */
static char *
quote_for_message (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *quoted = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (quoted, "\\n");
      else if (*p == '\t')
        g_string_append (quoted, "\\t");
      else if ((guchar)*p < 0x20 || *p == 0x7f)
        g_string_append_printf (quoted, "\\x%02X", (guint)(guchar)*p);
      else
        g_string_append_c (quoted, *p);
    }

  return g_string_free (quoted, FALSE);
}

/* Every message has the same shape, "“TEXT” is not a semantic version: WHY",
 * so the user sees which value was rejected even when the caller adds no
 * context. @text may be any bytes. */
static void set_invalid_version (GError     **error,
                                 const char  *text,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (3, 4);

static void
set_invalid_version (GError     **error,
                     const char  *text,
                     const char  *format,
                     ...)
{
  g_autofree char *shown = NULL;
  g_autofree char *reason = NULL;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  shown = quote_for_message (text);
  /* Translators: the first %s is the rejected text, the second says why */
  g_set_error (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_VERSION,
               _("“%s” is not a semantic version: %s"), shown, reason);
}

/* Names a character for a message: itself when it is printable, its code
 * point otherwise, because a quoted tab or control character is invisible. */
static char *
describe_character (const char *p)
{
  gunichar c = g_utf8_get_char_validated (p, -1);

  if (c == (gunichar)-1 || c == (gunichar)-2)
    return g_strdup_printf (_("the byte 0x%02X, which is not valid UTF-8"),
                            (guint)(guchar)*p);

  if (c == ' ')
    return g_strdup (_("a space"));

  if (g_unichar_isprint (c))
    {
      char utf8[7] = { 0 };

      g_unichar_to_utf8 (c, utf8);
      return g_strdup_printf ("“%s”", utf8);
    }

  return g_strdup_printf ("U+%04X", c);
}

static gboolean
is_identifier_char (char c)
{
  return g_ascii_isalnum (c) || c == '-';
}

static gboolean
is_all_digits (const char *text,
               gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return length > 0;
}

static gboolean
parse_core_number (const char  *text,
                   const char  *part,
                   gsize        length,
                   guint        index,
                   guint64     *value,
                   GError     **error)
{
  g_autofree char *shown = g_strndup (part, length);
  guint64 result = 0;

  g_assert (index < G_N_ELEMENTS (core_part_names));

  if (length == 0)
    {
      /* Translators: %s is “major”, “minor” or “patch” */
      set_invalid_version (error, text, _("the %s version is empty; expected MAJOR.MINOR.PATCH, like 1.2.0"),
                           _(core_part_names[index]));
      return FALSE;
    }

  if (!is_all_digits (part, length))
    {
      /* Translators: the first %s is “major”, “minor” or “patch” */
      set_invalid_version (error, text, _("the %s version “%s” is not a number"),
                           _(core_part_names[index]), shown);
      return FALSE;
    }

  if (length > 1 && part[0] == '0')
    {
      /* Suggest the number as it should be written: “007” → “7”, “00” → “0”. */
      gsize zeros = MIN (strspn (shown, "0"), length - 1);

      /* Translators: the first %s is “major”, “minor” or “patch” */
      set_invalid_version (error, text, _("the %s version “%s” has a leading zero; write it as %s"),
                           _(core_part_names[index]), shown, shown + zeros);
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      guint digit = part[i] - '0';

      if (result > (G_MAXUINT64 - digit) / 10)
        {
          /* Translators: the first %s is “major”, “minor” or “patch” */
          set_invalid_version (error, text, _("the %s version “%s” is too large (the largest is %" G_GUINT64_FORMAT ")"),
                               _(core_part_names[index]), shown, G_MAXUINT64);
          return FALSE;
        }

      result = result * 10 + digit;
    }

  *value = result;

  return TRUE;
}

/* Checks the dot-separated identifiers after “-” or “+”. Only prerelease
 * identifiers take part in precedence, so only they forbid leading zeros:
 * “01” and “1” would otherwise be different strings of equal precedence. */
static gboolean
check_identifiers (const char  *text,
                   const char  *identifiers,
                   gboolean     is_prerelease,
                   GError     **error)
{
  const char *p = identifiers;

  if (*identifiers == '\0')
    {
      if (is_prerelease)
        set_invalid_version (error, text, _("the prerelease after “-” is empty; remove the “-” or add an identifier, like 1.0.0-alpha"));
      else
        set_invalid_version (error, text, _("the build metadata after “+” is empty; remove the “+” or add an identifier, like 1.0.0+build.1"));
      return FALSE;
    }

  for (;;)
    {
      gsize length = strcspn (p, ".");

      if (length == 0)
        {
          if (is_prerelease)
            set_invalid_version (error, text, _("the prerelease “%s” has an empty identifier; separate identifiers with single dots and do not end with a dot"),
                                 identifiers);
          else
            set_invalid_version (error, text, _("the build metadata “%s” has an empty identifier; separate identifiers with single dots and do not end with a dot"),
                                 identifiers);
          return FALSE;
        }

      if (is_prerelease && length > 1 && p[0] == '0' && is_all_digits (p, length))
        {
          g_autofree char *identifier = g_strndup (p, length);

          set_invalid_version (error, text, _("the numeric prerelease identifier “%s” has a leading zero; remove it, or add a letter to make it alphanumeric"),
                               identifier);
          return FALSE;
        }

      if (p[length] == '\0')
        return TRUE;

      p += length + 1;
    }
}

/* Fills @out from @text; on failure @out may hold a part of the result and
 * is only fit to be freed. */
static gboolean
parse_version (const char    *text,
               StrataSemver  *out,
               GError       **error)
{
  g_autofree char *core = NULL;
  const char *prerelease = NULL;
  const char *build = NULL;
  const char *part;
  gsize core_length;
  gsize text_length;
  guint n_parts;

  g_assert (out != NULL);

  if (text == NULL)
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_VERSION,
                           _("No version was given; expected MAJOR.MINOR.PATCH, like 1.2.0"));
      return FALSE;
    }

  if (*text == '\0')
    {
      g_set_error_literal (error, STRATA_CORE_ERROR, STRATA_CORE_ERROR_INVALID_VERSION,
                           _("The version is empty; expected MAJOR.MINOR.PATCH, like 1.2.0"));
      return FALSE;
    }

  text_length = strlen (text);

  if (g_ascii_isspace (text[0]) || g_ascii_isspace (text[text_length - 1]))
    {
      set_invalid_version (error, text, _("remove the spaces before or after it"));
      return FALSE;
    }

  /* The most common mistake by far, worth its own advice: git tags are
   * often “v1.2.0”, but the version itself is “1.2.0”. */
  if ((text[0] == 'v' || text[0] == 'V') && g_ascii_isdigit (text[1]))
    {
      set_invalid_version (error, text, _("remove the leading “%c” (expected MAJOR.MINOR.PATCH, like 1.2.0)"),
                           text[0]);
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!is_identifier_char (*p) && *p != '.' && *p != '+')
        {
          g_autofree char *described = describe_character (p);

          set_invalid_version (error, text, _("it contains %s; only ASCII letters, digits, “.”, “-” and “+” are allowed"),
                               described);
          return FALSE;
        }
    }

  /* Build metadata runs from the first “+” to the end; the prerelease from
   * the first “-” before it, and may itself contain “-”. */
  build = strchr (text, '+');
  if (build != NULL)
    {
      if (strchr (build + 1, '+') != NULL)
        {
          set_invalid_version (error, text, _("it contains more than one “+”; only one may introduce the build metadata"));
          return FALSE;
        }
      core_length = build - text;
      build++;
    }
  else
    {
      core_length = text_length;
    }

  prerelease = memchr (text, '-', core_length);
  if (prerelease != NULL)
    {
      core_length = prerelease - text;
      prerelease++;
    }

  core = g_strndup (text, core_length);

  if (core_length == 0)
    {
      set_invalid_version (error, text, _("it must start with MAJOR.MINOR.PATCH, like 1.2.0"));
      return FALSE;
    }

  n_parts = 1;
  for (const char *p = core; *p != '\0'; p++)
    n_parts += *p == '.';

  if (n_parts != 3)
    {
      set_invalid_version (error, text,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "it has %u part; expected MAJOR.MINOR.PATCH, like 1.2.0",
                                        "it has %u parts; expected MAJOR.MINOR.PATCH, like 1.2.0",
                                        n_parts),
                           n_parts);
      return FALSE;
    }

  part = core;
  for (guint i = 0; i < 3; i++)
    {
      guint64 *targets[] = { &out->major, &out->minor, &out->patch };
      gsize length = strcspn (part, ".");

      if (!parse_core_number (text, part, length, i, targets[i], error))
        return FALSE;

      part += length + 1;
    }

  if (prerelease != NULL)
    {
      g_autofree char *identifiers = g_strndup (prerelease, (build != NULL ? build - 1 : text + text_length) - prerelease);

      if (!check_identifiers (text, identifiers, TRUE, error))
        return FALSE;

      out->prerelease = g_steal_pointer (&identifiers);
    }

  if (build != NULL)
    {
      if (!check_identifiers (text, build, FALSE, error))
        return FALSE;

      out->build = g_strdup (build);
    }

  return TRUE;
}

/**
 * strata_semver_parse:
 * @text: (nullable): a version such as “1.2.0-rc.1+build.5”
 * @error: return location for a #GError
 *
 * Parses @text as a semver.org 2.0.0 version, rejecting anything the
 * specification does not allow (“v1.2.0”, “1.2”, leading zeros…).
 *
 * Returns: (transfer full) (nullable): the version, or %NULL with @error set
 *   to %STRATA_CORE_ERROR_INVALID_VERSION and a message that says what to fix
 */
StrataSemver *
strata_semver_parse (const char  *text,
                     GError     **error)
{
  g_autoptr(StrataSemver) self = g_new0 (StrataSemver, 1);

  if (!parse_version (text, self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * strata_semver_validate:
 * @text: (nullable): a version to check
 * @error: return location for a #GError
 *
 * Returns: %TRUE if strata_semver_parse() would accept @text
 */
gboolean
strata_semver_validate (const char  *text,
                        GError     **error)
{
  g_autoptr(StrataSemver) self = strata_semver_parse (text, error);

  return self != NULL;
}

/**
 * strata_semver_copy:
 * @self: a #StrataSemver
 *
 * Returns: (transfer full): a copy of @self
 */
StrataSemver *
strata_semver_copy (const StrataSemver *self)
{
  StrataSemver *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (StrataSemver, 1);
  copy->major = self->major;
  copy->minor = self->minor;
  copy->patch = self->patch;
  copy->prerelease = g_strdup (self->prerelease);
  copy->build = g_strdup (self->build);

  return copy;
}

/**
 * strata_semver_free:
 * @self: (nullable): a #StrataSemver
 */
void
strata_semver_free (StrataSemver *self)
{
  if (self == NULL)
    return;

  g_free (self->prerelease);
  g_free (self->build);
  g_free (self);
}

guint64
strata_semver_get_major (const StrataSemver *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->major;
}

guint64
strata_semver_get_minor (const StrataSemver *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->minor;
}

guint64
strata_semver_get_patch (const StrataSemver *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->patch;
}

/**
 * strata_semver_get_prerelease:
 * @self: a #StrataSemver
 *
 * Returns: (nullable): the dot-separated prerelease identifiers without the
 *   leading “-”, or %NULL for a release
 */
const char *
strata_semver_get_prerelease (const StrataSemver *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->prerelease;
}

/**
 * strata_semver_get_build:
 * @self: a #StrataSemver
 *
 * Returns: (nullable): the build metadata without the leading “+”, or %NULL
 */
const char *
strata_semver_get_build (const StrataSemver *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->build;
}

/**
 * strata_semver_to_string:
 * @self: a #StrataSemver
 *
 * Returns: (transfer full): the canonical text, which strata_semver_parse()
 *   reads back to an equal version with the same build metadata
 */
char *
strata_semver_to_string (const StrataSemver *self)
{
  GString *string;

  g_return_val_if_fail (self != NULL, NULL);

  string = g_string_new (NULL);
  g_string_append_printf (string,
                          "%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT,
                          self->major, self->minor, self->patch);
  if (self->prerelease != NULL)
    g_string_append_printf (string, "-%s", self->prerelease);
  if (self->build != NULL)
    g_string_append_printf (string, "+%s", self->build);

  return g_string_free (string, FALSE);
}

static int
compare_uint64 (guint64 a,
                guint64 b)
{
  return (a > b) - (a < b);
}

/* semver.org §11.4: identifiers are compared one by one; numeric ones by
 * value, which for digit strings without leading zeros is length first and
 * then text, so identifiers beyond 64 bits still compare correctly. */
static int
compare_prerelease (const char *a,
                    const char *b)
{
  g_assert (a != NULL);
  g_assert (b != NULL);

  for (;;)
    {
      gsize a_length = strcspn (a, ".");
      gsize b_length = strcspn (b, ".");
      gboolean a_numeric = is_all_digits (a, a_length);
      gboolean b_numeric = is_all_digits (b, b_length);
      int cmp;

      if (a_numeric && b_numeric)
        {
          cmp = compare_uint64 (a_length, b_length);
          if (cmp == 0)
            cmp = memcmp (a, b, a_length);
        }
      else if (a_numeric != b_numeric)
        {
          cmp = a_numeric ? -1 : 1;
        }
      else
        {
          cmp = memcmp (a, b, MIN (a_length, b_length));
          if (cmp == 0)
            cmp = compare_uint64 (a_length, b_length);
        }

      if (cmp != 0)
        return cmp < 0 ? -1 : 1;

      a += a_length;
      b += b_length;

      /* A larger set of identifiers has the higher precedence. */
      if (*a == '\0' || *b == '\0')
        return (*a != '\0') - (*b != '\0');

      a++;
      b++;
    }
}

/**
 * strata_semver_compare:
 * @a: a #StrataSemver
 * @b: a #StrataSemver
 *
 * Compares by precedence (semver.org §11): build metadata is ignored, so
 * 1.0.0+a and 1.0.0+b compare equal, and a prerelease comes before its
 * release.
 *
 * Returns: -1, 0 or 1 as @a has lower, equal or higher precedence than @b
 */
int
strata_semver_compare (const StrataSemver *a,
                       const StrataSemver *b)
{
  int cmp;

  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  if ((cmp = compare_uint64 (a->major, b->major)) != 0 ||
      (cmp = compare_uint64 (a->minor, b->minor)) != 0 ||
      (cmp = compare_uint64 (a->patch, b->patch)) != 0)
    return cmp;

  if (a->prerelease == NULL || b->prerelease == NULL)
    return (a->prerelease == NULL) - (b->prerelease == NULL);

  return compare_prerelease (a->prerelease, b->prerelease);
}

/**
 * strata_semver_compare_strings:
 * @a: (nullable): a version string
 * @b: (nullable): a version string
 *
 * Compares two version strings by precedence, for sorting lists of versions
 * as text (a #GCompareFunc-like function).
 *
 * Strings that are not valid versions fall back to strcmp() ordering among
 * themselves and sort after every valid version; %NULL sorts first. Mixing
 * the two orders per pair (strcmp() whenever either side is invalid) would
 * not be transitive — “1.5” < “1.9.0” < “1.10.0” < “1.5” — and a sort
 * given such a function may return any order, so invalid strings are kept
 * in a block of their own instead.
 *
 * Returns: a negative value, 0 or a positive value as @a sorts before, with
 *   or after @b
 */
int
strata_semver_compare_strings (const char *a,
                               const char *b)
{
  g_autoptr(StrataSemver) version_a = NULL;
  g_autoptr(StrataSemver) version_b = NULL;

  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);

  version_a = strata_semver_parse (a, NULL);
  version_b = strata_semver_parse (b, NULL);

  if (version_a != NULL && version_b != NULL)
    return strata_semver_compare (version_a, version_b);

  if (version_a == NULL && version_b == NULL)
    return strcmp (a, b);

  return version_a != NULL ? -1 : 1;
}
