/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define STRATA_TYPE_AWS_CREDENTIALS (strata_aws_credentials_get_type ())
G_DECLARE_FINAL_TYPE (StrataAwsCredentials, strata_aws_credentials, STRATA, AWS_CREDENTIALS, GObject)

/* One set of AWS keys, immutable. The access key ID, where the keys came
 * from and when they expire are properties; the secret key and session
 * token only have getters, so that nothing that lists or prints properties
 * (an inspector, a debug dump) can show them. */
StrataAwsCredentials *strata_aws_credentials_new                   (const char           *access_key_id,
                                                                    const char           *secret_access_key,
                                                                    const char           *session_token,
                                                                    GDateTime            *expiration,
                                                                    const char           *source);
const char           *strata_aws_credentials_get_access_key_id     (StrataAwsCredentials *self);
const char           *strata_aws_credentials_get_secret_access_key (StrataAwsCredentials *self);
const char           *strata_aws_credentials_get_session_token     (StrataAwsCredentials *self);
GDateTime            *strata_aws_credentials_get_expiration        (StrataAwsCredentials *self);
/* Where they came from, for the user: "environment variables",
 * "profile “dev” in ~/.aws/credentials", "the keyring"… */
const char           *strata_aws_credentials_get_source            (StrataAwsCredentials *self);
/* TRUE when they expire within @margin_seconds of @now (NULL: the current
 * time); credentials without an expiration never do. */
gboolean              strata_aws_credentials_expires_within        (StrataAwsCredentials *self,
                                                                    GDateTime            *now,
                                                                    int                   margin_seconds);

G_END_DECLS
