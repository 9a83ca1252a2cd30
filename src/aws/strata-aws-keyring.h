/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "strata-aws-credentials.h"

G_BEGIN_DECLS

/* AWS keys the user enters in Strata live only in the system keyring
 * (libsecret, schema io.github.strata.Strata.AwsCredentials, attributes
 * "profile" and "access-key-id"; the secret is the secret access key, then
 * a newline and the session token when there is one). One item per
 * profile: storing replaces what the profile had. */
void                  strata_aws_keyring_store_async   (const char            *profile,
                                                        StrataAwsCredentials  *credentials,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
gboolean              strata_aws_keyring_store_finish  (GAsyncResult          *result,
                                                        GError               **error);

/* Returns NULL without an error when the keyring has nothing for @profile. */
void                  strata_aws_keyring_lookup_async  (const char            *profile,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
StrataAwsCredentials *strata_aws_keyring_lookup_finish (GAsyncResult          *result,
                                                        GError               **error);

/* Succeeds also when there was nothing to delete. */
void                  strata_aws_keyring_delete_async  (const char            *profile,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
gboolean              strata_aws_keyring_delete_finish (GAsyncResult          *result,
                                                        GError               **error);

G_END_DECLS
