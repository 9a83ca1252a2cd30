/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-aws-credentials.h"

G_BEGIN_DECLS

#define STRATA_TYPE_AWS_CREDENTIALS_PROVIDER (strata_aws_credentials_provider_get_type ())
G_DECLARE_FINAL_TYPE (StrataAwsCredentialsProvider, strata_aws_credentials_provider, STRATA, AWS_CREDENTIALS_PROVIDER, GObject)

/* The standard AWS credential chain, in this order:
 *   1. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, unless
 *      a profile was chosen explicitly (as the AWS CLI's --profile does);
 *   2. the keys saved in the keyring for the profile (what the user entered
 *      in Strata);
 *   3. the profile's role_arn, assumed with STS AssumeRole using the keys of
 *      its source_profile (or credential_source = Environment), chains of
 *      roles included; the role's keys are cached until they expire;
 *   4. the profile's keys in the credentials file, then the config file.
 * The profile is the one given, else $AWS_PROFILE, else "default"; the
 * files are $AWS_SHARED_CREDENTIALS_FILE / $AWS_CONFIG_FILE, else
 * ~/.aws/credentials and ~/.aws/config. The region is $AWS_REGION, else
 * $AWS_DEFAULT_REGION, else the profile's "region". */
StrataAwsCredentialsProvider *strata_aws_credentials_provider_new             (const char                   *profile);
/* Always the same credentials and region (either may be NULL for region). */
StrataAwsCredentialsProvider *strata_aws_credentials_provider_new_static      (StrataAwsCredentials         *credentials,
                                                                               const char                   *region);

const char                   *strata_aws_credentials_provider_get_profile     (StrataAwsCredentialsProvider *self);
/* The region found by the last resolve, or NULL. */
const char                   *strata_aws_credentials_provider_get_region      (StrataAwsCredentialsProvider *self);
gboolean                      strata_aws_credentials_provider_get_use_keyring (StrataAwsCredentialsProvider *self);
/* Off for programs that must not talk to the session bus. */
void                          strata_aws_credentials_provider_set_use_keyring (StrataAwsCredentialsProvider *self,
                                                                               gboolean                      use_keyring);
/* The variables to read (AWS_PROFILE, AWS_ACCESS_KEY_ID…) instead of the
 * process environment, as a kubeconfig's exec entry gives them; NULL: the
 * process environment. */
void                          strata_aws_credentials_provider_set_environment (StrataAwsCredentialsProvider *self,
                                                                               const char * const           *environment);
/* Forgets what was resolved, after the user changed keys. */
void                          strata_aws_credentials_provider_invalidate      (StrataAwsCredentialsProvider *self);

void                          strata_aws_credentials_provider_resolve_async   (StrataAwsCredentialsProvider *self,
                                                                               GCancellable                 *cancellable,
                                                                               GAsyncReadyCallback           callback,
                                                                               gpointer                      user_data);
StrataAwsCredentials         *strata_aws_credentials_provider_resolve_finish  (StrataAwsCredentialsProvider *self,
                                                                               GAsyncResult                 *result,
                                                                               GError                      **error);

G_END_DECLS
