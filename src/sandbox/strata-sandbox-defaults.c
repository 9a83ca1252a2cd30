/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "strata-json.h"
#include "strata-sandbox-json.h"
#include "strata-sandbox-defaults.h"
#include "strata-sandbox-status.h"

static JsonObject *
ensure_object (JsonObject *parent,
               const char *member)
{
  JsonNode *node = json_object_has_member (parent, member) ? json_object_get_member (parent, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    json_object_set_object_member (parent, member, json_object_new ());
  return json_object_get_object_member (parent, member);
}

static void
default_int (JsonObject *object,
             const char *member,
             gint64      value)
{
  if (!json_object_has_member (object, member) || JSON_NODE_HOLDS_NULL (json_object_get_member (object, member)))
    json_object_set_int_member (object, member, value);
}

static void
default_string (JsonObject *object,
                const char *member,
                const char *value)
{
  if (!json_object_has_member (object, member) || JSON_NODE_HOLDS_NULL (json_object_get_member (object, member)))
    json_object_set_string_member (object, member, value);
}

static void
default_bool (JsonObject *object,
              const char *member,
              gboolean    value)
{
  if (!json_object_has_member (object, member))
    json_object_set_boolean_member (object, member, value);
}

static void
default_ports (JsonArray  *ports,
               gboolean    service)
{
  for (guint i = 0; ports != NULL && i < json_array_get_length (ports); i++)
    {
      JsonObject *port = json_array_get_object_element (ports, i);

      if (port == NULL)
        continue;
      default_string (port, "protocol", "TCP");
      if (service && json_object_has_member (port, "port") && !json_object_has_member (port, "targetPort"))
        json_object_set_member (port, "targetPort", strata_sandbox_json_copy (json_object_get_member (port, "port")));
    }
}

static void
default_containers (JsonArray *containers)
{
  for (guint i = 0; containers != NULL && i < json_array_get_length (containers); i++)
    {
      JsonObject *container = json_array_get_object_element (containers, i);
      const char *image;

      if (container == NULL)
        continue;
      image = strata_json_object_get_string (container, "image");
      if (image != NULL)
        {
          const char *last = strrchr (image, '/');
          const char *tag = strchr (last ? last : image, ':');

          /* As the API does: latest or untagged images are always pulled. */
          default_string (container, "imagePullPolicy",
                          strchr (image, '@') == NULL && (tag == NULL || g_str_equal (tag, ":latest"))
                            ? "Always" : "IfNotPresent");
        }
      default_string (container, "terminationMessagePath", "/dev/termination-log");
      default_string (container, "terminationMessagePolicy", "File");
      ensure_object (container, "resources");
      default_ports (strata_json_object_get_array (container, "ports"), FALSE);
    }
}

static void
default_pod_spec (JsonObject *spec,
                  const char *restart_policy)
{
  if (spec == NULL)
    return;
  default_string (spec, "restartPolicy", restart_policy);
  default_string (spec, "dnsPolicy", "ClusterFirst");
  default_string (spec, "schedulerName", "default-scheduler");
  default_int (spec, "terminationGracePeriodSeconds", 30);
  ensure_object (spec, "securityContext");
  default_containers (strata_json_object_get_array (spec, "containers"));
  default_containers (strata_json_object_get_array (spec, "initContainers"));
}

static void
default_template (JsonObject *spec,
                  const char *restart_policy)
{
  JsonObject *template_ = strata_json_object_get_object (spec, "template");

  if (template_ != NULL)
    default_pod_spec (strata_json_object_get_object (template_, "spec"), restart_policy);
}

static void
default_rolling_update (JsonObject *spec,
                        const char *member,
                        const char *max_unavailable,
                        const char *max_surge)
{
  JsonObject *strategy = ensure_object (spec, member);

  default_string (strategy, "type", "RollingUpdate");
  if (g_strcmp0 (strata_json_object_get_string (strategy, "type"), "RollingUpdate") == 0)
    {
      JsonObject *rolling = ensure_object (strategy, "rollingUpdate");

      if (!json_object_has_member (rolling, "maxUnavailable"))
        json_object_set_string_member (rolling, "maxUnavailable", max_unavailable);
      if (max_surge != NULL && !json_object_has_member (rolling, "maxSurge"))
        json_object_set_string_member (rolling, "maxSurge", max_surge);
    }
}

/* kube-apiserver allocates them from --service-node-port-range. */
static void
default_node_ports (JsonArray *ports)
{
  for (guint i = 0; ports != NULL && i < json_array_get_length (ports); i++)
    {
      JsonObject *port = json_array_get_object_element (ports, i);

      if (port != NULL && json_object_get_int_member_with_default (port, "nodePort", 0) == 0)
        json_object_set_int_member (port, "nodePort", g_random_int_range (30000, 32768));
    }
}

static char *
cluster_ip (void)
{
  return g_strdup_printf ("10.96.%d.%d", g_random_int_range (0, 256), g_random_int_range (1, 255));
}

void
strata_sandbox_defaults_apply (const StrataSandboxResource *resource,
                               JsonNode                    *object)
{
  JsonObject *root = json_node_get_object (object);
  JsonObject *spec = strata_json_object_get_object (root, "spec");
  const char *kind = resource->kind;

  if (resource->from_crd)
    return;

  if (g_str_equal (resource->group, "apps") && spec != NULL)
    {
      if (!g_str_equal (kind, "DaemonSet"))
        default_int (spec, "replicas", 1);
      if (!g_str_equal (kind, "ReplicaSet"))
        default_int (spec, "revisionHistoryLimit", 10);
      if (g_str_equal (kind, "Deployment"))
        {
          default_int (spec, "progressDeadlineSeconds", 600);
          default_rolling_update (spec, "strategy", "25%", "25%");
        }
      else if (g_str_equal (kind, "StatefulSet"))
        {
          JsonObject *strategy = ensure_object (spec, "updateStrategy");

          default_string (spec, "podManagementPolicy", "OrderedReady");
          default_string (strategy, "type", "RollingUpdate");
          if (g_str_equal (strata_json_object_get_string (strategy, "type"), "RollingUpdate"))
            default_int (ensure_object (strategy, "rollingUpdate"), "partition", 0);
        }
      else if (g_str_equal (kind, "DaemonSet"))
        {
          JsonObject *strategy = ensure_object (spec, "updateStrategy");

          default_string (strategy, "type", "RollingUpdate");
          if (g_str_equal (strata_json_object_get_string (strategy, "type"), "RollingUpdate"))
            {
              JsonObject *rolling = ensure_object (strategy, "rollingUpdate");

              default_int (rolling, "maxUnavailable", 1);
              default_int (rolling, "maxSurge", 0);
            }
        }
      default_template (spec, "Always");
    }
  else if (g_str_equal (resource->group, "batch") && spec != NULL)
    {
      if (g_str_equal (kind, "Job"))
        {
          default_int (spec, "parallelism", 1);
          default_int (spec, "completions", 1);
          default_int (spec, "backoffLimit", 6);
          default_string (spec, "completionMode", "NonIndexed");
          default_bool (spec, "suspend", FALSE);
          default_template (spec, "Never");
        }
      else if (g_str_equal (kind, "CronJob"))
        {
          JsonObject *job = strata_json_object_get_object (spec, "jobTemplate");

          default_string (spec, "concurrencyPolicy", "Allow");
          default_bool (spec, "suspend", FALSE);
          default_int (spec, "successfulJobsHistoryLimit", 3);
          default_int (spec, "failedJobsHistoryLimit", 1);
          if (strata_json_object_get_object (job, "spec") != NULL)
            default_template (strata_json_object_get_object (job, "spec"), "Never");
        }
    }
  else if (*resource->group == '\0')
    {
      if (g_str_equal (kind, "Pod"))
        {
          spec = spec ? spec : ensure_object (root, "spec");
          default_pod_spec (spec, "Always");
          default_string (spec, "serviceAccountName", "default");
          default_string (spec, "serviceAccount", strata_json_object_get_string (spec, "serviceAccountName"));
          default_bool (spec, "enableServiceLinks", TRUE);
          default_int (spec, "priority", 0);
          default_string (spec, "preemptionPolicy", "PreemptLowerPriority");
        }
      else if (g_str_equal (kind, "Service"))
        {
          spec = spec ? spec : ensure_object (root, "spec");
          default_string (spec, "type", "ClusterIP");
          default_string (spec, "sessionAffinity", "None");
          default_string (spec, "internalTrafficPolicy", "Cluster");
          default_string (spec, "ipFamilyPolicy", "SingleStack");
          if (!json_object_has_member (spec, "ipFamilies"))
            {
              JsonArray *families = json_array_new ();

              json_array_add_string_element (families, "IPv4");
              json_object_set_array_member (spec, "ipFamilies", families);
            }
          if (!json_object_has_member (spec, "clusterIP"))
            {
              g_autofree char *ip = cluster_ip ();
              JsonArray *ips = json_array_new ();

              json_object_set_string_member (spec, "clusterIP", ip);
              json_array_add_string_element (ips, ip);
              json_object_set_array_member (spec, "clusterIPs", ips);
            }
          default_ports (strata_json_object_get_array (spec, "ports"), TRUE);
          if (g_strcmp0 (strata_json_object_get_string (spec, "type"), "NodePort") == 0 ||
              g_strcmp0 (strata_json_object_get_string (spec, "type"), "LoadBalancer") == 0)
            default_node_ports (strata_json_object_get_array (spec, "ports"));
        }
      else if (g_str_equal (kind, "Namespace"))
        {
          JsonObject *metadata = ensure_object (root, "metadata");
          const char *name = strata_json_object_get_string (metadata, "name");
          JsonObject *status = ensure_object (root, "status");

          spec = spec ? spec : ensure_object (root, "spec");
          if (!json_object_has_member (spec, "finalizers"))
            {
              JsonArray *finalizers = json_array_new ();

              json_array_add_string_element (finalizers, "kubernetes");
              json_object_set_array_member (spec, "finalizers", finalizers);
            }
          default_string (status, "phase", "Active");
          if (name != NULL)
            json_object_set_string_member (ensure_object (metadata, "labels"), "kubernetes.io/metadata.name", name);
        }
      else if (g_str_equal (kind, "Secret"))
        default_string (root, "type", "Opaque");
      else if (g_str_equal (kind, "PersistentVolumeClaim") && spec != NULL)
        default_string (spec, "volumeMode", "Filesystem");
    }
}

/* Validation */

static gboolean
matches_regex (const char *pattern,
               const char *text)
{
  g_autofree char *anchored = g_strconcat ("^(?:", pattern, ")$", NULL);

  return g_regex_match_simple (anchored, text, 0, 0);
}

#define SUBDOMAIN_REGEX "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
#define LABEL_REGEX "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
#define DNS1035_REGEX "[a-z]([-a-z0-9]*[a-z0-9])?"

static char *
name_problem (const char *kind,
              const char *name)
{
  if (g_str_equal (kind, "Namespace"))
    {
      if (strlen (name) > 63)
        return g_strdup ("must be no more than 63 characters");
      if (!matches_regex (LABEL_REGEX, name))
        return g_strdup ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                         "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
                         "regex used for validation is '" LABEL_REGEX "')");
      return NULL;
    }
  if (g_str_equal (kind, "Service"))
    {
      if (strlen (name) > 63)
        return g_strdup ("must be no more than 63 characters");
      if (!matches_regex (DNS1035_REGEX, name))
        return g_strdup ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
                         "an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
                         "'abc-123', regex used for validation is '" DNS1035_REGEX "')");
      return NULL;
    }
  if (g_str_has_suffix (kind, "Role") || g_str_has_suffix (kind, "RoleBinding") || g_str_equal (kind, "Event"))
    {
      /* Path segment names: anything a URL can carry. */
      if (g_str_equal (name, ".") || g_str_equal (name, "..") || strchr (name, '/') || strchr (name, '%'))
        return g_strdup_printf ("may not contain '/' or '%%' and may not be '.' or '..'");
      return NULL;
    }
  if (strlen (name) > 253)
    return g_strdup ("must be no more than 253 characters");
  if (!matches_regex (SUBDOMAIN_REGEX, name))
    return g_strdup ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                     "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                     "validation is '" SUBDOMAIN_REGEX "')");
  return NULL;
}

static void
add_invalid (JsonArray  *causes,
             GString    *message,
             const char *reason,
             const char *field,
             const char *text)
{
  strata_sandbox_status_add_cause (causes, reason, field, text);
  g_string_append_printf (message, "%s%s: %s", message->len ? ", " : "", field, text);
}

static void
validate_containers (JsonArray  *causes,
                     GString    *message,
                     JsonObject *pod_spec,
                     const char *path)
{
  JsonArray *containers = strata_json_object_get_array (pod_spec, "containers");
  g_autofree char *field = g_strconcat (path, ".containers", NULL);

  if (containers == NULL || json_array_get_length (containers) == 0)
    {
      add_invalid (causes, message, "FieldValueRequired", field, "Required value");
      return;
    }

  for (guint i = 0; i < json_array_get_length (containers); i++)
    {
      JsonObject *container = json_array_get_object_element (containers, i);
      g_autofree char *name_field = g_strdup_printf ("%s[%u].name", field, i);
      g_autofree char *image_field = g_strdup_printf ("%s[%u].image", field, i);

      if (strata_json_object_get_string (container, "name") == NULL)
        add_invalid (causes, message, "FieldValueRequired", name_field, "Required value");
      if (strata_json_object_get_string (container, "image") == NULL)
        add_invalid (causes, message, "FieldValueRequired", image_field, "Required value");
    }
}

static void
validate_workload (JsonArray   *causes,
                   GString     *message,
                   const char  *kind,
                   JsonObject  *spec)
{
  JsonObject *template_ = strata_json_object_get_object (spec, "template");
  JsonObject *selector = strata_json_object_get_object (spec, "selector");
  JsonObject *labels = strata_json_object_get_object (strata_json_object_get_object (template_, "metadata"), "labels");
  JsonObject *match = strata_json_object_get_object (selector, "matchLabels");

  if (g_str_equal (kind, "Job"))
    {
      if (template_ != NULL)
        validate_containers (causes, message, strata_json_object_get_object (template_, "spec"), "spec.template.spec");
      return;
    }

  if (selector == NULL)
    add_invalid (causes, message, "FieldValueRequired", "spec.selector", "Required value");
  if (match != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;
      gboolean matches = TRUE;

      json_object_iter_init_ordered (&iter, match);
      while (json_object_iter_next_ordered (&iter, &key, &value))
        matches &= JSON_NODE_HOLDS_VALUE (value) &&
                   g_strcmp0 (strata_json_object_get_string (labels, key), json_node_get_string (value)) == 0;
      if (!matches)
        {
          /* Go's %#v of a map, as the real message shows it. */
          g_autoptr(GString) text = g_string_new ("Invalid value: map[string]string{");
          g_autoptr(GList) keys = labels ? g_list_sort (json_object_get_members (labels), (GCompareFunc)strcmp) : NULL;

          for (GList *l = keys; l != NULL; l = l->next)
            g_string_append_printf (text, "%s\"%s\":\"%s\"", l == keys ? "" : ", ", (char *)l->data,
                                    strata_json_object_get_string (labels, l->data) ?: "");
          g_string_append (text, "}: `selector` does not match template `labels`");
          add_invalid (causes, message, "FieldValueInvalid", "spec.template.metadata.labels", text->str);
        }
    }
  if (template_ != NULL)
    validate_containers (causes, message, strata_json_object_get_object (template_, "spec"), "spec.template.spec");
}

gboolean
strata_sandbox_validate (const StrataSandboxResource  *resource,
                         JsonNode                     *object,
                         JsonArray                   **causes,
                         char                        **message)
{
  JsonObject *root = json_node_get_object (object);
  JsonObject *metadata = strata_json_object_get_object (root, "metadata");
  JsonObject *spec = strata_json_object_get_object (root, "spec");
  const char *name = strata_json_object_get_string (metadata, "name");
  g_autoptr(JsonArray) found = json_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *problem = NULL;

  if (name != NULL && (problem = name_problem (resource->kind, name)) != NULL)
    {
      g_autofree char *invalid = g_strdup_printf ("Invalid value: \"%s\": %s", name, problem);

      add_invalid (found, text, "FieldValueInvalid", "metadata.name", invalid);
    }

  if (!resource->from_crd && spec != NULL)
    {
      if (g_str_equal (resource->group, "apps") || g_str_equal (resource->kind, "Job"))
        validate_workload (found, text, resource->kind, spec);
      else if (g_str_equal (resource->kind, "Pod"))
        validate_containers (found, text, spec, "spec");
    }
  else if (!resource->from_crd && g_str_equal (resource->kind, "Pod"))
    validate_containers (found, text, NULL, "spec");

  if (json_array_get_length (found) == 0)
    return TRUE;

  *causes = g_steal_pointer (&found);
  *message = g_string_free (g_steal_pointer (&text), FALSE);
  return FALSE;
}
