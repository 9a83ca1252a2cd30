/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One of the AWS shared files: ~/.aws/config ("[profile dev]" sections,
 * "[default]") or ~/.aws/credentials ("[dev]" sections), read the way the
 * AWS CLI reads them. */
typedef struct _StrataAwsConfigFile StrataAwsConfigFile;

typedef enum
{
  STRATA_AWS_CONFIG_FILE_CONFIG,
  STRATA_AWS_CONFIG_FILE_CREDENTIALS,
} StrataAwsConfigFileKind;

/* $AWS_CONFIG_FILE / $AWS_SHARED_CREDENTIALS_FILE of @environment (NULL:
 * the process'), else ~/.aws/config or ~/.aws/credentials. */
char                *strata_aws_config_file_default_path (StrataAwsConfigFileKind  kind,
                                                          const char * const      *environment);
/* A file that does not exist loads as an empty one; one that cannot be read
 * or parsed fails with a STRATA_AWS_ERROR_CONFIG naming file and line. */
StrataAwsConfigFile *strata_aws_config_file_load         (const char              *path,
                                                          StrataAwsConfigFileKind  kind,
                                                          GError                 **error);
void                 strata_aws_config_file_free         (StrataAwsConfigFile     *self);
const char          *strata_aws_config_file_get_path     (StrataAwsConfigFile     *self);
gboolean             strata_aws_config_file_has_profile  (StrataAwsConfigFile     *self,
                                                          const char              *profile);
/* The value of @key (lower case, as "aws_access_key_id") in @profile, or
 * NULL. */
const char          *strata_aws_config_file_get          (StrataAwsConfigFile     *self,
                                                          const char              *profile,
                                                          const char              *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataAwsConfigFile, strata_aws_config_file_free)

G_END_DECLS
