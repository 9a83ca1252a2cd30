/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define STRATA_TYPE_SEMVER (strata_semver_get_type ())

/* A strict semantic version (semver.org 2.0.0): MAJOR.MINOR.PATCH with an
 * optional -prerelease and +build. Immutable once parsed. */
typedef struct _StrataSemver StrataSemver;

GType         strata_semver_get_type       (void) G_GNUC_CONST;
StrataSemver *strata_semver_parse          (const char          *text,
                                            GError             **error);
gboolean      strata_semver_validate       (const char          *text,
                                            GError             **error);
StrataSemver *strata_semver_copy           (const StrataSemver  *self);
void          strata_semver_free           (StrataSemver        *self);
guint64       strata_semver_get_major      (const StrataSemver  *self);
guint64       strata_semver_get_minor      (const StrataSemver  *self);
guint64       strata_semver_get_patch      (const StrataSemver  *self);
const char   *strata_semver_get_prerelease (const StrataSemver  *self);
const char   *strata_semver_get_build      (const StrataSemver  *self);
char         *strata_semver_to_string      (const StrataSemver  *self);
int           strata_semver_compare        (const StrataSemver  *a,
                                            const StrataSemver  *b);
int           strata_semver_compare_strings (const char         *a,
                                             const char         *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataSemver, strata_semver_free)

G_END_DECLS
