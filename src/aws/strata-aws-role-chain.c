/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Assuming a profile's chain of roles with STS, each role's keys cached
 * until shortly before they expire. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-aws-client.h"
#include "strata-aws-error.h"
#include "strata-aws-role-chain-private.h"
#include "strata-aws-sts.h"

/* Role keys are renewed this long before they expire, so a request signed
 * with them still arrives in time. */
#define EXPIRY_MARGIN_SECONDS (5 * 60)

void
_strata_aws_role_step_free (StrataAwsRoleStep *step)
{
  if (step == NULL)
    return;

  g_free (step->role_arn);
  g_free (step->session_name);
  g_free (step->external_id);
  g_free (step->profile);
  g_free (step);
}

typedef struct
{
  GPtrArray            *steps;
  StrataAwsCredentials *current;  /* the keys the next role is assumed with */
  char                 *region;
  GHashTable           *cache;
  guint                 left;     /* steps still to assume, from the last */
} ChainState;

static void
chain_state_free (ChainState *state)
{
  g_ptr_array_unref (state->steps);
  g_clear_object (&state->current);
  g_free (state->region);
  g_hash_table_unref (state->cache);
  g_free (state);
}

static char *
cache_key (StrataAwsRoleStep    *step,
           StrataAwsCredentials *signing)
{
  return g_strjoin ("\n", step->role_arn, strata_aws_credentials_get_access_key_id (signing),
                    step->external_id != NULL ? step->external_id : "", NULL);
}

static void assume_next (GTask *task);

static void
role_assumed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ChainState *state = g_task_get_task_data (task);
  StrataAwsRoleStep *step = g_ptr_array_index (state->steps, state->left);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expiration = NULL;
  g_autoptr(StrataAwsCredentials) credentials = NULL;
  g_autofree char *source = NULL;
  JsonObject *keys = NULL;
  JsonNode *member;

  answer = strata_aws_sts_assume_role_finish (STRATA_AWS_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not assume role %s for AWS profile “%s”: %s"),
                               step->role_arn, step->profile, error->message);
      return;
    }

  member = json_object_get_member (json_node_get_object (answer), "Credentials");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    keys = json_node_get_object (member);

  if (keys == NULL ||
      !json_object_has_member (keys, "AccessKeyId") ||
      !json_object_has_member (keys, "SecretAccessKey") ||
      !json_object_has_member (keys, "SessionToken"))
    {
      g_task_return_new_error (task, STRATA_AWS_ERROR, STRATA_AWS_ERROR_BAD_RESPONSE,
                               _("STS AssumeRole for %s answered without credentials"), step->role_arn);
      return;
    }

  if (json_object_has_member (keys, "Expiration"))
    expiration = g_date_time_new_from_iso8601 (json_object_get_string_member (keys, "Expiration"), NULL);

  source = g_strdup_printf (_("role %s (profile “%s”)"), step->role_arn, step->profile);
  credentials = strata_aws_credentials_new (json_object_get_string_member (keys, "AccessKeyId"),
                                            json_object_get_string_member (keys, "SecretAccessKey"),
                                            json_object_get_string_member (keys, "SessionToken"),
                                            expiration, source);

  g_hash_table_replace (state->cache, cache_key (step, state->current), g_object_ref (credentials));
  g_set_object (&state->current, credentials);
  assume_next (task);
}

static void
assume_next (GTask *task)
{
  ChainState *state = g_task_get_task_data (task);
  g_autoptr(StrataAwsCredentialsProvider) signer = NULL;
  g_autoptr(StrataAwsClient) sts = NULL;
  StrataAwsRoleStep *step;

  /* Roles whose keys are still good need no call. */
  while (state->left > 0)
    {
      g_autofree char *key = NULL;
      StrataAwsCredentials *cached;

      step = g_ptr_array_index (state->steps, state->left - 1);
      key = cache_key (step, state->current);
      cached = g_hash_table_lookup (state->cache, key);
      if (cached == NULL || strata_aws_credentials_expires_within (cached, NULL, EXPIRY_MARGIN_SECONDS))
        break;

      g_set_object (&state->current, cached);
      state->left--;
    }

  if (state->left == 0)
    {
      g_task_return_pointer (task, g_object_ref (state->current), g_object_unref);
      return;
    }

  state->left--;
  step = g_ptr_array_index (state->steps, state->left);
  signer = strata_aws_credentials_provider_new_static (state->current, state->region);
  sts = strata_aws_client_new (signer, NULL);
  strata_aws_sts_assume_role_async (sts, step->role_arn, step->session_name, step->duration_seconds,
                                    step->external_id, g_task_get_cancellable (task),
                                    role_assumed, g_object_ref (task));
}

void
_strata_aws_assume_roles_async (GPtrArray            *steps,
                                StrataAwsCredentials *base,
                                const char           *region,
                                GHashTable           *cache,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ChainState *state;

  g_assert (steps != NULL);
  g_assert (STRATA_IS_AWS_CREDENTIALS (base));
  g_assert (cache != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _strata_aws_assume_roles_async);
  state = g_new0 (ChainState, 1);
  state->steps = g_ptr_array_ref (steps);
  state->current = g_object_ref (base);
  /* Without a region STS still answers at us-east-1, as the CLI does. */
  state->region = g_strdup (region != NULL ? region : "us-east-1");
  state->cache = g_hash_table_ref (cache);
  state->left = steps->len;
  g_task_set_task_data (task, state, (GDestroyNotify)chain_state_free);

  assume_next (task);
}

StrataAwsCredentials *
_strata_aws_assume_roles_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
