/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Job controller: up to parallelism Pods at a time until completions
 * of them succeeded (the simulated kubelets make every Job Pod succeed);
 * then Complete, and gone after ttlSecondsAfterFinished when it has one.
 * CronJobs are accepted and kept, but never run. */

#include "config.h"

#include "strata-sandbox-controllers-private.h"

#define COMPLETION_INDEX "batch.kubernetes.io/job-completion-index"

static const char *
phase_of (JsonObject *pod)
{
  return strata_json_object_get_string (strata_json_object_get_object (pod, "status"), "phase");
}

static gboolean
is_complete (JsonObject *job)
{
  JsonObject *condition = _strata_sandbox_find_condition (strata_json_object_get_object (job, "status"), "Complete");

  return g_strcmp0 (strata_json_object_get_string (condition, "status"), "True") == 0;
}

static gint64
completion_index (JsonObject *pod)
{
  const char *text = strata_json_object_get_string (strata_json_object_get_object (strata_json_object_get_object (pod, "metadata"),
                                                                                   "annotations"),
                                                    COMPLETION_INDEX);

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

static void
create_job_pod (StrataSandboxControllers *self,
                JsonObject               *job,
                gint64                    index)
{
  const char *name = _strata_sandbox_meta_get (job, "name");
  const char *uid = _strata_sandbox_meta_get (job, "uid");
  JsonObject *template_ = strata_json_object_get_object (strata_json_object_get_object (job, "spec"), "template");
  g_autofree char *prefix = index >= 0 ? g_strdup_printf ("%s-%" G_GINT64_FORMAT "-", name, index) : g_strconcat (name, "-", NULL);
  g_autoptr(JsonNode) pod = _strata_sandbox_pods_new_from_template (job, template_, NULL, prefix);
  g_autoptr(JsonNode) created = NULL;
  JsonObject *object = json_node_get_object (pod);
  JsonObject *metadata = _strata_sandbox_json_ensure_object (object, "metadata");
  JsonObject *labels = _strata_sandbox_json_ensure_object (metadata, "labels");

  /* The labels the API server puts on a Job's template, so that
   * "kubectl get pods -l job-name=…" finds them. */
  json_object_set_string_member (labels, "batch.kubernetes.io/controller-uid", uid);
  json_object_set_string_member (labels, "batch.kubernetes.io/job-name", name);
  json_object_set_string_member (labels, "controller-uid", uid);
  json_object_set_string_member (labels, "job-name", name);
  if (index >= 0)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, index);
      g_autofree char *hostname = g_strdup_printf ("%s-%" G_GINT64_FORMAT, name, index);

      json_object_set_string_member (labels, COMPLETION_INDEX, text);
      json_object_set_string_member (_strata_sandbox_json_ensure_object (metadata, "annotations"), COMPLETION_INDEX, text);
      json_object_set_string_member (_strata_sandbox_json_ensure_object (object, "spec"), "hostname", hostname);
    }

  created = _strata_sandbox_pods_create (self, pod);
  if (created != NULL)
    _strata_sandbox_controllers_record_event (self, job, "Normal", "SuccessfulCreate", "job-controller", NULL,
                                              "Created pod: %s", _strata_sandbox_meta_get (json_node_get_object (created), "name"));
}

/* "0-2,4": the Indexed completion mode's record of what succeeded. */
static char *
format_indexes (const gboolean *done,
                gint64          count)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (gint64 i = 0; i < count; i++)
    {
      gint64 end = i;

      if (!done[i])
        continue;
      while (end + 1 < count && done[end + 1])
        end++;
      if (text->len > 0)
        g_string_append_c (text, ',');
      if (end > i)
        g_string_append_printf (text, "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, i, end);
      else
        g_string_append_printf (text, "%" G_GINT64_FORMAT, i);
      i = end;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
schedule_expiry (StrataSandboxControllers *self,
                 JsonObject               *job,
                 const char               *namespace_,
                 const char               *name)
{
  JsonObject *spec = strata_json_object_get_object (job, "spec");
  gint64 ttl = _strata_sandbox_json_get_int (spec, "ttlSecondsAfterFinished", -1);
  gint64 finished = _strata_sandbox_parse_timestamp (strata_json_object_get_string (strata_json_object_get_object (job, "status"),
                                                                                    "completionTime"));
  g_autofree char *key = NULL;
  gint64 wait;

  if (ttl < 0 || finished == 0 || _strata_sandbox_is_being_deleted (job))
    return;

  key = _strata_sandbox_object_key ("batch/v1", "Job", namespace_, name);
  wait = (finished + ttl * G_USEC_PER_SEC - g_get_real_time ()) / 1000;
  _strata_sandbox_controllers_schedule (self, "expire", key, CLAMP (wait, 0, G_MAXUINT));
}

void
_strata_sandbox_workloads_expire_job (StrataSandboxControllers *self,
                                      const char               *namespace_,
                                      const char               *name)
{
  g_autoptr(JsonNode) node = _strata_sandbox_controllers_get (self, "batch/v1", "Job", namespace_, name);
  JsonObject *job;
  gint64 ttl;
  gint64 finished;

  if (node == NULL)
    return;
  job = json_node_get_object (node);
  ttl = _strata_sandbox_json_get_int (strata_json_object_get_object (job, "spec"), "ttlSecondsAfterFinished", -1);
  finished = _strata_sandbox_parse_timestamp (strata_json_object_get_string (strata_json_object_get_object (job, "status"),
                                                                             "completionTime"));
  if (ttl < 0 || finished == 0 || _strata_sandbox_is_being_deleted (job))
    return;

  if (finished + ttl * G_USEC_PER_SEC > g_get_real_time ())
    schedule_expiry (self, job, namespace_, name);
  else
    /* The TTL controller deletes in the foreground: the Pods go first. */
    _strata_sandbox_controllers_delete (self, job, "Foreground");
}

void
_strata_sandbox_workloads_sync_job (StrataSandboxControllers *self,
                                    const char               *namespace_,
                                    const char               *name)
{
  g_autoptr(JsonNode) node = _strata_sandbox_controllers_get (self, "batch/v1", "Job", namespace_, name);
  g_autoptr(GPtrArray) pods = NULL;
  g_autoptr(JsonNode) status_node = NULL;
  g_autofree gboolean *done = NULL;
  g_autofree gboolean *running = NULL;
  g_autofree char *now = NULL;
  JsonObject *job;
  JsonObject *spec;
  JsonObject *status;
  const char *uid;
  gboolean indexed;
  gboolean suspended;
  gboolean has_completions;
  gint64 completions;
  gint64 parallelism;
  gint64 active = 0;
  gint64 ready = 0;
  gint64 succeeded = 0;
  gint64 failed = 0;
  gboolean finished;
  gboolean was_complete;

  if (node == NULL)
    return;
  job = json_node_get_object (node);
  spec = strata_json_object_get_object (job, "spec");
  if (strata_json_object_get_object (spec, "template") == NULL)
    return;

  uid = _strata_sandbox_meta_get (job, "uid");
  was_complete = is_complete (job);
  has_completions = json_object_has_member (spec, "completions") &&
                    _strata_sandbox_json_get_int (spec, "completions", -1) >= 0;
  /* The API's own bound for Indexed Jobs keeps the bookkeeping small. */
  completions = CLAMP (_strata_sandbox_json_get_int (spec, "completions", 1), 0, 100000);
  parallelism = MAX (_strata_sandbox_json_get_int (spec, "parallelism", 1), 0);
  indexed = has_completions && g_strcmp0 (strata_json_object_get_string (spec, "completionMode"), "Indexed") == 0;
  suspended = _strata_sandbox_json_get_bool (spec, "suspend");
  done = g_new0 (gboolean, indexed ? completions : 1);
  running = g_new0 (gboolean, indexed ? completions : 1);

  pods = _strata_sandbox_controllers_list_controlled (self, uid, "Pod");
  for (guint i = 0; i < pods->len; i++)
    {
      JsonObject *pod = json_node_get_object (g_ptr_array_index (pods, i));
      gint64 index = completion_index (pod);
      gboolean in_range = indexed && index >= 0 && index < completions;

      if (g_strcmp0 (phase_of (pod), "Succeeded") == 0)
        {
          if (!indexed)
            succeeded++;
          else if (in_range && !done[index])
            {
              done[index] = TRUE;
              succeeded++;
            }
        }
      else if (g_strcmp0 (phase_of (pod), "Failed") == 0)
        failed++;
      else if (_strata_sandbox_pod_is_active (pod))
        {
          active++;
          if (_strata_sandbox_pod_is_ready (pod))
            ready++;
          if (in_range)
            running[index] = TRUE;
        }
    }

  /* Without completions, the first success ends the Job once the others
   * are through. */
  finished = has_completions ? succeeded >= completions : succeeded > 0 && active == 0;

  if (!_strata_sandbox_is_being_deleted (job) && !was_complete && !suspended && !finished)
    {
      gint64 wanted = has_completions ? MIN (parallelism, completions - succeeded) : (succeeded > 0 ? 0 : parallelism);

      for (gint64 index = 0, made = 0; active + made < wanted; made++)
        {
          if (indexed)
            {
              while (index < completions && (done[index] || running[index]))
                index++;
              if (index >= completions)
                break;
              running[index] = TRUE;
            }
          create_job_pod (self, job, indexed ? index : -1);
        }
    }

  now = _strata_sandbox_timestamp (g_get_real_time ());
  status_node = _strata_sandbox_status_copy (job);
  status = json_node_get_object (status_node);
  if (!suspended && strata_json_object_get_string (status, "startTime") == NULL)
    json_object_set_string_member (status, "startTime", now);
  _strata_sandbox_json_set_count (status, "active", active, TRUE);
  json_object_set_int_member (status, "ready", ready);
  _strata_sandbox_json_set_count (status, "succeeded", succeeded, TRUE);
  _strata_sandbox_json_set_count (status, "failed", failed, TRUE);
  _strata_sandbox_json_ensure_object (status, "uncountedTerminatedPods");
  if (indexed)
    {
      g_autofree char *indexes = format_indexes (done, completions);

      if (*indexes != '\0')
        json_object_set_string_member (status, "completedIndexes", indexes);
    }
  if (suspended && !finished)
    _strata_sandbox_set_condition (status, "Suspended", "True", "JobSuspended", "Job suspended", TRUE, FALSE);
  else if (_strata_sandbox_find_condition (status, "Suspended") != NULL)
    _strata_sandbox_set_condition (status, "Suspended", "False", "JobResumed", "Job resumed", TRUE, FALSE);

  if (finished && !was_complete)
    {
      JsonObject *condition;

      json_object_set_string_member (status, "completionTime", now);
      _strata_sandbox_set_condition (status, "Complete", "True", NULL, NULL, TRUE, FALSE);
      condition = _strata_sandbox_find_condition (status, "Complete");
      json_object_set_string_member (condition, "lastProbeTime", now);
    }

  if (_strata_sandbox_controllers_write_status (self, node, status_node) && finished && !was_complete)
    _strata_sandbox_controllers_record_event (self, job, "Normal", "Completed", "job-controller", NULL, "Job completed");

  g_clear_pointer (&node, json_node_unref);
  node = _strata_sandbox_controllers_get (self, "batch/v1", "Job", namespace_, name);
  if (node != NULL && is_complete (json_node_get_object (node)))
    schedule_expiry (self, json_node_get_object (node), namespace_, name);
}
