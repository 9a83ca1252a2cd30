/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-aws-credentials.h"

G_BEGIN_DECLS

/* One role of a profile chain (role_arn + source_profile). */
typedef struct
{
  char  *role_arn;
  char  *session_name;
  char  *external_id;       /* nullable */
  char  *profile;           /* the profile that names the role, for messages */
  guint  duration_seconds;  /* 0: the role's default */
} StrataAwsRoleStep;

void                  _strata_aws_role_step_free      (StrataAwsRoleStep     *step);

/* Assumes the roles of @steps with STS AssumeRole, the last one first with
 * @base, each next one with the keys the previous gave: @steps lists the
 * profile's own role first, as the walk from the profile finds them.
 * @cache (role ARN + signing key + external ID -> StrataAwsCredentials)
 * answers for roles whose keys are still good, and keeps the new ones. */
void                  _strata_aws_assume_roles_async  (GPtrArray             *steps,
                                                       StrataAwsCredentials  *base,
                                                       const char            *region,
                                                       GHashTable            *cache,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data);
StrataAwsCredentials *_strata_aws_assume_roles_finish (GAsyncResult          *result,
                                                       GError               **error);

G_END_DECLS
