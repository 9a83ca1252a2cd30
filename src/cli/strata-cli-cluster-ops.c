/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli cluster …: what Strata does to the clusters themselves —
 * register the sandbox, status, review, apply, overrides applied at once,
 * history, uninstall. The work is StrataClusterManager's. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-cli-cluster-private.h"
#include "strata-cluster-connect.h"
#include "strata-cluster-manager.h"
#include "strata-core.h"

/* cluster diff: 0 nothing pending, 1 something is, 2 an error. */
#define DIFF_EXIT_PENDING 1
#define DIFF_EXIT_ERROR   2

static const char *
object_member (JsonNode   *node,
               const char *member)
{
  JsonObject *object = json_node_get_object (node);
  JsonObject *metadata = strata_json_object_get_object (object, "metadata");
  const char *value = strata_json_object_get_string (object, member);

  /* Inventory entries carry namespace and name at the top. */
  return value != NULL || metadata == NULL ? value : strata_json_object_get_string (metadata, member);
}

/* "Deployment hello-universe/ui", of an object or an inventory entry. */
static char *
describe_object (JsonNode *node)
{
  const char *kind = strata_json_object_get_string (json_node_get_object (node), "kind");
  const char *namespace_ = object_member (node, "namespace");
  const char *name = object_member (node, "name");

  if (namespace_ != NULL)
    return g_strdup_printf ("%s %s/%s", kind, namespace_, name);
  return g_strdup_printf ("%s %s", kind, name);
}

static char *
release_text (StrataReleaseRecord *record)
{
  return g_strdup_printf (_("%s@%s revision %u (release %u)"),
                          strata_release_record_get_profile_name (record), strata_release_record_get_version (record),
                          strata_release_record_get_revision (record), strata_release_record_get_number (record));
}

/* EKS records are reached with Strata's own EKS tokens (no aws binary). */
static StrataClusterManager *
new_manager_with (StrataClusterStore *store,
                  StrataPackRegistry *registry)
{
  StrataClusterManager *manager = strata_cluster_manager_new (store, registry);
  g_autoptr(StrataClusterResolver) resolver = strata_cli_aws_eks_resolver (store);

  strata_cluster_manager_set_resolver (manager, resolver);
  return manager;
}

/* The built-in registry, loaded, behind a manager of @store. */
static StrataClusterManager *
new_manager (StrataClusterStore  *store,
             GError             **error)
{
  g_autoptr(StrataPackRegistry) registry = strata_pack_registry_new_builtin ();
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *problems;

  strata_pack_registry_load_async (registry, NULL, strata_cli_async_ready, &result);
  if (!strata_pack_registry_load_finish (registry, strata_cli_wait (&result), error))
    return NULL;

  problems = strata_pack_registry_get_problems (registry);
  for (guint i = 0; i < problems->len; i++)
    g_printerr (_("strata-cli: warning: skipped %s\n"), ((GError *)g_ptr_array_index (problems, i))->message);

  return new_manager_with (store, registry);
}

/* Loads the records and profiles, finds @name and makes a manager; returns
 * 0 or an exit code. */
static int
prepare (StrataClusterStore    *store,
         const char            *name,
         StrataCluster        **cluster,
         StrataClusterManager **manager)
{
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = strata_cli_cluster_load (store, TRUE)) != 0)
    return status;
  if (name != NULL && (*cluster = strata_cli_cluster_require (store, name, &error)) == NULL)
    return strata_cli_fail (error);
  if ((*manager = new_manager (store, &error)) == NULL)
    return strata_cli_fail (error);

  return 0;
}

/* sandbox */

int
strata_cli_cluster_sandbox (StrataClusterStore  *store,
                            int                  argc,
                            char               **argv)
{
  g_autoptr(StrataCluster) cluster = NULL;
  g_autoptr(StrataKubeClient) client = NULL;
  g_autoptr(JsonNode) version = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME"), NULL, &argc, &argv, 1, &output)) >= 0)
    return status;
  if (!strata_validate_dns_label (argv[1], _("cluster name"), &error))
    return strata_cli_fail (error);
  if ((status = strata_cli_cluster_load (store, FALSE)) != 0)
    return status;

  /* Only a sandbox that answers is registered. */
  cluster = strata_cluster_new_sandbox (argv[1]);
  if (!(client = strata_cluster_connect (cluster, &error)))
    return strata_cli_fail (error);
  strata_kube_client_get_version_async (client, NULL, strata_cli_async_ready, &result);
  if (!(version = strata_kube_client_get_version_finish (client, strata_cli_wait (&result), &error)))
    {
      g_prefix_error (&error, _("The sandbox is not running (start it with “strata-cli sandbox serve”): "));
      return strata_cli_fail (error);
    }

  strata_cluster_store_add_async (store, cluster, NULL, strata_cli_async_ready, &result);
  if (!strata_cluster_store_add_finish (store, strata_cli_wait (&result), &error))
    return strata_cli_fail (error);

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) node = strata_cluster_to_json (cluster);
      strata_cli_print_node (node, output);
    }
  else
    g_print (_("Recorded the sandbox (a simulated cluster, Kubernetes %s) as cluster %s\n"),
             strata_json_object_get_string (json_node_get_object (version), "gitVersion"), argv[1]);
  return 0;
}

/* status */

static StrataClusterCheck *
check_cluster (StrataClusterManager *manager,
               StrataCluster        *cluster)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_cluster_manager_check_async (manager, cluster, NULL, strata_cli_async_ready, &result);
  /* Only cancelling fails a check, and nothing cancels here. */
  return strata_cluster_manager_check_finish (manager, strata_cli_wait (&result), NULL);
}

static void
print_check (StrataClusterCheck *check)
{
  const char * const *notes = strata_cluster_check_get_notes (check);
  GListModel *drift = strata_cluster_check_get_drift (check);

  g_print ("%s: %s\n", strata_cluster_check_get_cluster_name (check), strata_cluster_check_get_label (check));
  g_print ("  %s\n", strata_cluster_check_get_reason (check));
  for (guint i = 0; notes[i] != NULL; i++)
    g_print (_("  Note: %s\n"), notes[i]);
  for (guint i = 0; i < g_list_model_get_n_items (drift); i++)
    {
      g_autoptr(StrataObjectChange) change = g_list_model_get_item (drift, i);

      g_print (strata_object_change_get_action (change) == STRATA_OBJECT_ACTION_CREATE
               ? _("  Drifted: %s was deleted\n") : _("  Drifted: %s was changed\n"),
               strata_object_change_get_description (change));
    }
}

int
strata_cli_cluster_status (StrataClusterStore  *store,
                           int                  argc,
                           char               **argv)
{
  g_autoptr(StrataClusterManager) manager = NULL;
  g_autoptr(GPtrArray) clusters = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonArray) array = json_array_new ();
  StrataCluster *cluster = NULL;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("[NAME]"), NULL, &argc, &argv, -1, &output)) >= 0)
    return status;
  if ((status = prepare (store, argc > 1 ? argv[1] : NULL, &cluster, &manager)) != 0)
    return status;

  if (cluster != NULL)
    g_ptr_array_add (clusters, g_object_ref (cluster));
  else
    for (guint i = 0; i < g_list_model_get_n_items (strata_cluster_store_get_clusters (store)); i++)
      g_ptr_array_add (clusters, g_list_model_get_item (strata_cluster_store_get_clusters (store), i));

  if (cluster == NULL && output == STRATA_CLI_OUTPUT_TEXT)
    g_print ("%-24s %-18s %s\n", _("NAME"), _("STATUS"), _("WHY"));

  for (guint i = 0; i < clusters->len; i++)
    {
      g_autoptr(StrataClusterCheck) check = check_cluster (manager, g_ptr_array_index (clusters, i));

      if (output != STRATA_CLI_OUTPUT_TEXT)
        json_array_add_element (array, strata_cluster_check_to_json (check));
      else if (cluster != NULL)
        print_check (check);
      else
        g_print ("%-24s %-18s %s\n", strata_cluster_check_get_cluster_name (check),
                 strata_cluster_check_get_label (check), strata_cluster_check_get_reason (check));
    }

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) node = cluster != NULL ? json_node_copy (json_array_get_element (array, 0))
                                                 : json_node_init_array (json_node_alloc (), array);
      strata_cli_print_node (node, output);
    }

  return 0;
}

/* diff */

static StrataClusterPlan *
make_plan (StrataClusterManager    *manager,
           StrataCluster           *cluster,
           StrataClusterPlanFlags   flags,
           GError                 **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_cluster_manager_plan_async (manager, cluster, flags, NULL, strata_cli_async_ready, &result);
  return strata_cluster_manager_plan_finish (manager, strata_cli_wait (&result), error);
}

static void
print_indented (const char *text,
                const char *indent)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' || lines[i + 1] != NULL)
      g_print ("%s%s\n", indent, lines[i]);
}

static void
print_plan_header (StrataClusterPlan *plan)
{
  StrataRenderedSet *set = strata_cluster_plan_get_set (plan);
  StrataReleaseRecord *record = strata_cluster_plan_get_record (plan);
  const char * const *notes = strata_cluster_plan_get_notes (plan);
  g_autofree char *release = record ? release_text (record) : NULL;

  if (release != NULL)
    g_print (_("Cluster %s runs %s; pending: %s@%s revision %u\n"),
             strata_cluster_get_name (strata_cluster_plan_get_cluster (plan)), release,
             strata_rendered_set_get_profile_name (set), strata_rendered_set_get_version (set),
             strata_rendered_set_get_revision (set));
  else
    g_print (_("Cluster %s has no release yet; pending: %s@%s revision %u\n"),
             strata_cluster_get_name (strata_cluster_plan_get_cluster (plan)),
             strata_rendered_set_get_profile_name (set), strata_rendered_set_get_version (set),
             strata_rendered_set_get_revision (set));

  for (guint i = 0; notes[i] != NULL; i++)
    g_print (_("Warning: %s\n"), notes[i]);
  if (strata_cluster_plan_get_flags (plan) & STRATA_CLUSTER_PLAN_CARRY_OVERRIDES)
    return;
  for (guint i = 0; notes[i] != NULL; i++)
    {
      g_print (_("(keep the overrides with --carry-overrides)\n"));
      break;
    }
}

static void
print_layer_diffs (StrataClusterPlan *plan)
{
  g_auto(GStrv) layers = strata_cluster_plan_list_changed_layers (plan);

  for (guint i = 0; layers[i] != NULL; i++)
    {
      g_autofree char *diff = strata_cluster_plan_get_values_diff (plan, layers[i]);

      g_print (_("\nLayer %s: current configuration → pending configuration\n"), layers[i]);
      print_indented (diff, "");
    }
}

static void
print_object_changes (StrataClusterPlan *plan)
{
  StrataApplyPlan *apply_plan = strata_cluster_plan_get_apply_plan (plan);
  GListModel *changes = strata_apply_plan_get_changes (apply_plan);

  g_print (_("\nObjects, by server-side dry-run: %u to create, %u to change, %u unchanged, %u to prune\n"),
           strata_apply_plan_count (apply_plan, STRATA_OBJECT_ACTION_CREATE),
           strata_apply_plan_count (apply_plan, STRATA_OBJECT_ACTION_CHANGE),
           strata_apply_plan_count (apply_plan, STRATA_OBJECT_ACTION_UNCHANGED),
           strata_apply_plan_count (apply_plan, STRATA_OBJECT_ACTION_PRUNE));

  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(StrataObjectChange) change = g_list_model_get_item (changes, i);
      const char *description = strata_object_change_get_description (change);

      switch (strata_object_change_get_action (change))
        {
        case STRATA_OBJECT_ACTION_CREATE:
          g_print (_("  + create %s\n"), description);
          break;

        case STRATA_OBJECT_ACTION_CHANGE:
          g_print (_("  ~ change %s\n"), description);
          print_indented (strata_object_change_get_diff (change), "      ");
          break;

        case STRATA_OBJECT_ACTION_PRUNE:
          g_print (_("  - prune  %s (no longer rendered)\n"), description);
          break;

        case STRATA_OBJECT_ACTION_UNCHANGED:
        default:
          break;
        }
    }
}

static void
print_nothing_pending (StrataClusterPlan *plan)
{
  g_autofree char *release = release_text (strata_cluster_plan_get_record (plan));

  g_print (_("Nothing pending: cluster %s runs %s\n"),
           strata_cluster_get_name (strata_cluster_plan_get_cluster (plan)), release);
}

int
strata_cli_cluster_diff (StrataClusterStore  *store,
                         int                  argc,
                         char               **argv)
{
  gboolean carry = FALSE;
  const GOptionEntry entries[] = {
    { "carry-overrides", 0, 0, G_OPTION_ARG_NONE, &carry,
      N_("Keep overrides of layers the profile changed in place (default: drop them, as Palette does)"), NULL },
    { NULL }
  };
  g_autoptr(StrataClusterManager) manager = NULL;
  g_autoptr(StrataClusterPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  StrataCluster *cluster = NULL;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME [--carry-overrides] — exit status 0: nothing pending, "
                                                     "1: something is, 2: an error"),
                                                  entries, &argc, &argv, 1, &output)) >= 0)
    return DIFF_EXIT_ERROR;
  if ((status = prepare (store, argv[1], &cluster, &manager)) != 0)
    return DIFF_EXIT_ERROR;

  if (!(plan = make_plan (manager, cluster, carry ? STRATA_CLUSTER_PLAN_CARRY_OVERRIDES : 0, &error)))
    {
      strata_cli_fail (error);
      return DIFF_EXIT_ERROR;
    }

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) node = strata_cluster_plan_to_json (plan);
      strata_cli_print_node (node, output);
    }
  else if (!strata_cluster_plan_is_pending (plan))
    print_nothing_pending (plan);
  else
    {
      print_plan_header (plan);
      print_layer_diffs (plan);
      print_object_changes (plan);
    }

  return strata_cluster_plan_is_pending (plan) ? DIFF_EXIT_PENDING : 0;
}

/* apply */

static void
on_layer_started (StrataApplier       *applier,
                  StrataRenderedLayer *layer,
                  guint                n_objects,
                  gpointer             user_data)
{
  g_print (g_dngettext (GETTEXT_PACKAGE, "Layer %s: applying %u object\n", "Layer %s: applying %u objects\n",
                        n_objects),
           strata_rendered_layer_get_name (layer), n_objects);
}

static void
on_object_applied (StrataApplier       *applier,
                   StrataRenderedLayer *layer,
                   guint                index,
                   JsonNode            *applied,
                   gpointer             user_data)
{
  g_autofree char *description = describe_object (applied);

  g_print (_("  applied %s\n"), description);
}

static void
on_layer_finished (StrataApplier       *applier,
                   StrataRenderedLayer *layer,
                   guint                n_applied,
                   guint                n_objects,
                   gpointer             user_data)
{
  if (n_applied < n_objects)
    g_print (_("Layer %s: stopped, %u of %u objects applied\n"), strata_rendered_layer_get_name (layer),
             n_applied, n_objects);
  else
    g_print (_("Layer %s: done\n"), strata_rendered_layer_get_name (layer));
}

static void
on_object_pruned (StrataApplier *applier,
                  JsonNode      *entry,
                  gpointer       user_data)
{
  g_autofree char *description = describe_object (entry);

  g_print (_("  pruned %s\n"), description);
}

static void
print_applied (StrataClusterPlan   *plan,
               StrataReleaseRecord *record,
               GStrv                removed,
               StrataCliOutput      output)
{
  g_autofree char *release = release_text (record);

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "cluster");
      json_builder_add_string_value (builder, strata_cluster_get_name (strata_cluster_plan_get_cluster (plan)));
      json_builder_set_member_name (builder, "release");
      json_builder_add_int_value (builder, strata_release_record_get_number (record));
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, strata_release_record_get_version (record));
      json_builder_set_member_name (builder, "revision");
      json_builder_add_int_value (builder, strata_release_record_get_revision (record));
      json_builder_set_member_name (builder, "hash");
      json_builder_add_string_value (builder, strata_release_record_get_hash (record));
      json_builder_set_member_name (builder, "removedOverrides");
      json_builder_begin_array (builder);
      for (guint i = 0; removed[i] != NULL; i++)
        json_builder_add_string_value (builder, removed[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      strata_cli_print_node (node, output);
      return;
    }

  g_print (_("Applied %s to cluster %s\n"), release, strata_cluster_get_name (strata_cluster_plan_get_cluster (plan)));
  for (guint i = 0; removed[i] != NULL; i++)
    g_print (_("Removed the override of layer %s from cluster %s: the profile changed this layer in revision %u\n"),
             removed[i], strata_cluster_get_name (strata_cluster_plan_get_cluster (plan)),
             strata_cluster_plan_get_changed_revision (plan, removed[i]));
}

/* Plans, then applies with a line per layer and object; @always: apply
 * even when nothing is pending (an override just saved). */
static int
plan_and_apply (StrataClusterManager   *manager,
                StrataCluster          *cluster,
                StrataClusterPlanFlags  flags,
                gboolean                always,
                StrataCliOutput         output,
                const char             *failure_prefix)
{
  g_autoptr(StrataClusterPlan) plan = NULL;
  g_autoptr(StrataReleaseRecord) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) removed = g_strv_builder_new ();
  g_auto(GStrv) dropped = NULL;
  g_auto(GStrv) removed_layers = NULL;
  StrataApplier *applier;

  if (!(plan = make_plan (manager, cluster, flags, &error)))
    {
      if (failure_prefix != NULL)
        g_prefix_error (&error, "%s", failure_prefix);
      return strata_cli_fail (error);
    }

  if (!always && !strata_cluster_plan_is_pending (plan))
    {
      if (output == STRATA_CLI_OUTPUT_TEXT)
        print_nothing_pending (plan);
      else
        {
          char *none[] = { NULL };

          print_applied (plan, strata_cluster_plan_get_record (plan), none, output);
        }
      return 0;
    }

  if (output == STRATA_CLI_OUTPUT_TEXT)
    {
      const char * const *notes = strata_cluster_plan_get_notes (plan);

      for (guint i = 0; notes[i] != NULL; i++)
        g_print (_("Warning: %s\n"), notes[i]);

      applier = strata_cluster_plan_get_applier (plan);
      g_signal_connect (applier, "layer-started", G_CALLBACK (on_layer_started), NULL);
      g_signal_connect (applier, "object-applied", G_CALLBACK (on_object_applied), NULL);
      g_signal_connect (applier, "layer-finished", G_CALLBACK (on_layer_finished), NULL);
      g_signal_connect (applier, "object-pruned", G_CALLBACK (on_object_pruned), NULL);
    }

  strata_cluster_manager_apply_async (manager, plan, NULL, strata_cli_async_ready, &result);
  if (!strata_cluster_manager_apply_finish (manager, strata_cli_wait (&result), &record, &error))
    {
      if (failure_prefix != NULL)
        g_prefix_error (&error, "%s", failure_prefix);
      return strata_cli_fail (error);
    }

  /* The dropped overrides that are gone from the record now. */
  dropped = strata_cluster_plan_list_dropped_overrides (plan);
  for (guint i = 0; dropped[i] != NULL; i++)
    if (strata_cluster_get_override (cluster, dropped[i]) == NULL)
      g_strv_builder_add (removed, dropped[i]);
  removed_layers = g_strv_builder_end (removed);

  print_applied (plan, record, removed_layers, output);
  return 0;
}

int
strata_cli_cluster_apply (StrataClusterStore  *store,
                          int                  argc,
                          char               **argv)
{
  gboolean carry = FALSE;
  const GOptionEntry entries[] = {
    { "carry-overrides", 0, 0, G_OPTION_ARG_NONE, &carry,
      N_("Keep overrides of layers the profile changed in place (default: drop them, as Palette does)"), NULL },
    { NULL }
  };
  g_autoptr(StrataClusterManager) manager = NULL;
  StrataCluster *cluster = NULL;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME [--carry-overrides]"), entries, &argc, &argv, 1, &output)) >= 0)
    return status;
  if ((status = prepare (store, argv[1], &cluster, &manager)) != 0)
    return status;

  return plan_and_apply (manager, cluster, carry ? STRATA_CLUSTER_PLAN_CARRY_OVERRIDES : 0, FALSE, output, NULL);
}

int
strata_cli_cluster_apply_attached (StrataClusterStore    *store,
                                   StrataCluster         *cluster,
                                   StrataClusterResolver *resolver,
                                   StrataCliOutput        output)
{
  g_autoptr(StrataClusterManager) manager = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;

  if ((manager = new_manager (store, &error)) == NULL)
    return strata_cli_fail (error);
  strata_cluster_manager_set_resolver (manager, resolver);

  prefix = g_strdup_printf (_("Cluster %s is ready, but applying its profile failed (retry with "
                              "“strata-cli cluster apply %s”): "),
                            strata_cluster_get_name (cluster), strata_cluster_get_name (cluster));
  return plan_and_apply (manager, cluster, STRATA_CLUSTER_PLAN_DEFAULT, FALSE, output, prefix);
}

/* override */

int
strata_cli_cluster_override (StrataClusterStore  *store,
                             int                  argc,
                             char               **argv)
{
  g_autofree char *values_file = NULL;
  gboolean clear = FALSE;
  gboolean no_apply = FALSE;
  const GOptionEntry entries[] = {
    { "values", 0, 0, G_OPTION_ARG_FILENAME, &values_file, N_("The layer’s values for this cluster (- for standard input)"), N_("FILE") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Remove the override"), NULL },
    { "no-apply", 0, 0, G_OPTION_ARG_NONE, &no_apply, N_("Only save it; apply later with “cluster apply”"), NULL },
    { NULL }
  };
  g_autoptr(StrataClusterManager) manager = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *values = NULL;
  g_autofree char *failure = NULL;
  StrataCluster *cluster = NULL;
  StrataCliOutput output;
  int status;

  if ((status = strata_cli_parse_options (_("NAME LAYER --values FILE|--clear [--no-apply]"), entries,
                                                  &argc, &argv, 2, &output)) >= 0)
    return status;
  if ((values_file == NULL) == !clear)
    return strata_cli_usage (NULL, _("give either --values FILE or --clear"));

  if (values_file != NULL && !strata_cli_read_text (values_file, &values, &error))
    return strata_cli_fail (error);
  if ((status = prepare (store, argv[1], &cluster, &manager)) != 0)
    return status;

  strata_cluster_manager_save_override_async (manager, cluster, argv[2], values, NULL, strata_cli_async_ready, &result);
  if (!strata_cluster_manager_save_override_finish (manager, strata_cli_wait (&result), &error))
    return strata_cli_fail (error);

  if (output == STRATA_CLI_OUTPUT_TEXT)
    g_print (clear ? _("Removed the override of layer %s from %s\n") : _("Saved the override of layer %s on %s\n"),
             argv[2], argv[1]);
  if (no_apply)
    {
      if (output != STRATA_CLI_OUTPUT_TEXT)
        {
          g_autoptr(JsonNode) node = strata_cluster_to_json (cluster);
          strata_cli_print_node (node, output);
        }
      return 0;
    }

  /* The override just saved is what the user wants: never drop it here. */
  failure = g_strdup_printf (_("The override is saved, but applying it failed (retry with “strata-cli cluster apply %s "
                               "--carry-overrides”): "), argv[1]);
  return plan_and_apply (manager, cluster, STRATA_CLUSTER_PLAN_CARRY_OVERRIDES, TRUE, output, failure);
}

/* history */

static void
add_history_json (JsonArray           *array,
                  StrataReleaseRecord *record,
                  const char          *change)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object = json_object_new ();
  GDateTime *applied_at = strata_release_record_get_applied_at (record);

  json_object_set_int_member (object, "release", strata_release_record_get_number (record));
  json_object_set_string_member (object, "profile", strata_release_record_get_profile_name (record));
  json_object_set_string_member (object, "version", strata_release_record_get_version (record));
  json_object_set_int_member (object, "revision", strata_release_record_get_revision (record));
  json_object_set_string_member (object, "hash", strata_release_record_get_hash (record));
  if (applied_at != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (applied_at);
      json_object_set_string_member (object, "appliedAt", text);
    }
  json_object_set_string_member (object, "change", change);
  json_array_add_object_element (array, object);
}

int
strata_cli_cluster_history (StrataClusterStore  *store,
                            int                  argc,
                            char               **argv)
{
  g_autoptr(StrataClusterManager) manager = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  StrataCluster *cluster = NULL;
  StrataCliOutput output;
  guint n;
  int status;

  if ((status = strata_cli_parse_options (_("NAME"), NULL, &argc, &argv, 1, &output)) >= 0)
    return status;
  if ((status = prepare (store, argv[1], &cluster, &manager)) != 0)
    return status;

  strata_cluster_manager_history_async (manager, cluster, NULL, strata_cli_async_ready, &result);
  if (!(records = strata_cluster_manager_history_finish (manager, strata_cli_wait (&result), &error)))
    return strata_cli_fail (error);

  n = g_list_model_get_n_items (records);
  if (output == STRATA_CLI_OUTPUT_TEXT && n == 0)
    g_print (_("Nothing was applied to cluster %s yet\n"), argv[1]);
  else if (output == STRATA_CLI_OUTPUT_TEXT)
    g_print ("%-8s %-28s %-9s %-13s %-20s %s\n", _("RELEASE"), _("PROFILE"), _("REVISION"), _("HASH"), _("APPLIED"),
             _("CHANGE"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StrataReleaseRecord) record = g_list_model_get_item (records, i);
      g_autoptr(StrataReleaseRecord) previous = i + 1 < n ? g_list_model_get_item (records, i + 1) : NULL;
      g_autofree char *change = strata_cluster_manager_describe_release (record, previous);
      g_autofree char *profile = NULL;
      g_autofree char *date = NULL;
      g_autofree char *hash = NULL;

      if (output != STRATA_CLI_OUTPUT_TEXT)
        {
          add_history_json (array, record, change);
          continue;
        }

      profile = g_strdup_printf ("%s@%s", strata_release_record_get_profile_name (record),
                                 strata_release_record_get_version (record));
      date = strata_release_record_get_applied_at (record)
             ? g_date_time_format (strata_release_record_get_applied_at (record), "%Y-%m-%d %H:%M:%S")
             : g_strdup ("-");
      hash = g_strndup (strata_release_record_get_hash (record), 12);
      g_print ("%-8u %-28s %-9u %-13s %-20s %s\n", strata_release_record_get_number (record), profile,
               strata_release_record_get_revision (record), hash, date, change);
    }

  if (output != STRATA_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);
      strata_cli_print_node (node, output);
    }

  return 0;
}

/* remove */

static void
on_object_deleted (StrataClusterManager *manager,
                   JsonNode             *entry,
                   gpointer              user_data)
{
  g_autofree char *description = describe_object (entry);

  g_print (_("  deleted %s\n"), description);
}

int
strata_cli_cluster_remove (StrataClusterStore  *store,
                           int                  argc,
                           char               **argv)
{
  gboolean uninstall = FALSE;
  const GOptionEntry entries[] = {
    { "uninstall", 0, 0, G_OPTION_ARG_NONE, &uninstall,
      N_("First delete every object Strata applied to the cluster, and its release records"), NULL },
    { NULL }
  };
  g_autoptr(StrataClusterManager) manager = NULL;
  g_autoptr(StrataPackRegistry) registry = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataCluster) cluster = NULL;
  StrataCluster *found;
  StrataCliOutput output;
  guint n_deleted = 0;
  int status;

  if ((status = strata_cli_parse_options (_("NAME [--uninstall]"), entries, &argc, &argv, 1, &output)) >= 0)
    return status;
  if ((status = strata_cli_cluster_load (store, FALSE)) != 0)
    return status;
  /* Held: removing it from the store drops the store's reference. */
  if ((found = strata_cli_cluster_require (store, argv[1], &error)) == NULL)
    return strata_cli_fail (error);
  cluster = g_object_ref (found);

  if (uninstall)
    {
      /* Nothing is rendered: the registry needs no loading. */
      registry = strata_pack_registry_new_builtin ();
      manager = new_manager_with (store, registry);
      g_signal_connect (manager, "object-deleted", G_CALLBACK (on_object_deleted), NULL);
      strata_cluster_manager_uninstall_async (manager, cluster, NULL, strata_cli_async_ready, &result);
      if (!strata_cluster_manager_uninstall_finish (manager, strata_cli_wait (&result), &n_deleted, &error))
        {
          g_prefix_error (&error, _("Uninstalling from cluster “%s” failed, and its record was kept: "), argv[1]);
          return strata_cli_fail (error);
        }
    }

  strata_cluster_store_remove_async (store, cluster, NULL, strata_cli_async_ready, &result);
  if (!strata_cluster_store_remove_finish (store, strata_cli_wait (&result), &error))
    return strata_cli_fail (error);

  if (uninstall)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Deleted %u object and the release records from cluster %s, and removed it from Strata\n",
                          "Deleted %u objects and the release records from cluster %s, and removed it from Strata\n",
                          n_deleted),
             n_deleted, argv[1]);
  else
    g_print (_("Removed cluster %s from Strata; nothing changed in the cluster itself\n"), argv[1]);
  return 0;
}
