/* SPDX-License-Identifier: GPL-3.0-or-later */
/* AWS keys in the system keyring, through libsecret's Secret Service
 * client. Nothing here logs or writes a secret anywhere else. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "strata-aws-error.h"
#include "strata-aws-keyring.h"

#define SCHEMA_NAME "io.github.strata.Strata.AwsCredentials"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "access-key-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* libsecret's and D-Bus' errors say what failed inside; the user needs to
 * know it was the keyring and what to check. */
static GError *
keyring_error (const char   *what,
               const GError *cause)
{
  return g_error_new (STRATA_AWS_ERROR, STRATA_AWS_ERROR_KEYRING,
                      "%s: %s. %s", what, cause->message,
                      _("Check that a keyring service (GNOME Keyring or KWallet) is running and unlocked."));
}

/* Store: clear the profile's old item, then save the new one. */

typedef struct
{
  char                 *profile;
  StrataAwsCredentials *credentials;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_free (data->profile);
  g_clear_object (&data->credentials);
  g_free (data);
}

static void
store_saved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (_("Could not save the AWS keys in the keyring"), error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
store_cleared (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoreData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *secret = NULL;
  const char *token;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (_("Could not replace the AWS keys in the keyring"), error));
      return;
    }

  token = strata_aws_credentials_get_session_token (data->credentials);
  secret = g_strconcat (strata_aws_credentials_get_secret_access_key (data->credentials),
                        token != NULL ? "\n" : NULL, token, NULL);
  /* The label is what Seahorse shows: name the profile, never the secret. */
  label = g_strdup_printf (_("AWS keys for profile “%s” (Strata)"), data->profile);

  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         g_task_get_cancellable (task), store_saved, g_object_ref (task),
                         "profile", data->profile,
                         "access-key-id", strata_aws_credentials_get_access_key_id (data->credentials),
                         NULL);
  explicit_bzero (secret, strlen (secret));
}

/**
 * strata_aws_keyring_store_async:
 * @profile: the profile the keys belong to
 * @credentials: the keys
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Saves @credentials in the default keyring collection, replacing any keys
 * saved for @profile.
 */
void
strata_aws_keyring_store_async (const char           *profile,
                                StrataAwsCredentials *credentials,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  StoreData *data;

  g_return_if_fail (profile != NULL && *profile != '\0');
  g_return_if_fail (STRATA_IS_AWS_CREDENTIALS (credentials));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_aws_keyring_store_async);
  data = g_new0 (StoreData, 1);
  data->profile = g_strdup (profile);
  data->credentials = g_object_ref (credentials);
  g_task_set_task_data (task, data, (GDestroyNotify)store_data_free);

  secret_password_clear (get_schema (), cancellable, store_cleared, g_steal_pointer (&task),
                         "profile", profile, NULL);
}

gboolean
strata_aws_keyring_store_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_aws_keyring_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookup: search the profile's item, then fetch its secret. */

typedef struct
{
  char *profile;
  char *access_key_id;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  g_free (data->profile);
  g_free (data->access_key_id);
  g_free (data);
}

static void
lookup_retrieved (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LookupData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *source = NULL;
  const char *bytes;
  char *newline;
  gsize length = 0;

  value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (object), result, &error);
  if (value == NULL)
    {
      if (error != NULL)
        g_task_return_error (task, keyring_error (_("Could not read the AWS keys from the keyring"), error));
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }

  bytes = secret_value_get (value, &length);
  secret = g_strndup (bytes, length);
  newline = strchr (secret, '\n');
  if (newline != NULL)
    *newline = '\0';

  source = g_strdup_printf (_("profile “%s” in the keyring"), data->profile);
  g_task_return_pointer (task,
                         strata_aws_credentials_new (data->access_key_id, secret,
                                                     newline != NULL ? newline + 1 : NULL,
                                                     NULL, source),
                         g_object_unref);
  explicit_bzero (secret, length);
}

static void
lookup_found (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LookupData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GList *items;
  SecretRetrievable *item;
  const char *access_key_id;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (_("Could not search the keyring for AWS keys"), error));
      return;
    }

  if (items == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  item = g_object_ref (items->data);
  g_list_free_full (items, g_object_unref);

  attributes = secret_retrievable_get_attributes (item);
  access_key_id = attributes != NULL ? g_hash_table_lookup (attributes, "access-key-id") : NULL;
  if (access_key_id == NULL || *access_key_id == '\0')
    {
      g_object_unref (item);
      g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_KEYRING,
                               _("The keyring item for AWS profile “%s” has no access key ID: "
                                 "enter the keys for this profile again"), data->profile);
      return;
    }

  data->access_key_id = g_strdup (access_key_id);
  secret_retrievable_retrieve_secret (item, g_task_get_cancellable (task),
                                      lookup_retrieved, g_object_ref (task));
  g_object_unref (item);
}

/**
 * strata_aws_keyring_lookup_async:
 * @profile: the profile
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Looks up the keys saved for @profile, unlocking the keyring if needed.
 */
void
strata_aws_keyring_lookup_async (const char          *profile,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LookupData *data;

  g_return_if_fail (profile != NULL && *profile != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_aws_keyring_lookup_async);
  data = g_new0 (LookupData, 1);
  data->profile = g_strdup (profile);
  g_task_set_task_data (task, data, (GDestroyNotify)lookup_data_free);

  secret_password_search (get_schema (), SECRET_SEARCH_UNLOCK, cancellable,
                          lookup_found, g_steal_pointer (&task),
                          "profile", profile, NULL);
}

/**
 * strata_aws_keyring_lookup_finish:
 * @result: the #GAsyncResult
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the keys, or %NULL when there are
 *   none (no error) or the keyring failed (@error set)
 */
StrataAwsCredentials *
strata_aws_keyring_lookup_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_aws_keyring_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Delete */

static void
delete_cleared (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (_("Could not delete the AWS keys from the keyring"), error));
  else
    g_task_return_boolean (task, TRUE);
}

void
strata_aws_keyring_delete_async (const char          *profile,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (profile != NULL && *profile != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_aws_keyring_delete_async);

  secret_password_clear (get_schema (), cancellable, delete_cleared, g_steal_pointer (&task),
                         "profile", profile, NULL);
}

gboolean
strata_aws_keyring_delete_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_aws_keyring_delete_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
