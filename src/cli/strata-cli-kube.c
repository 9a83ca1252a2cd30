/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strata-cli kube …: apply, diff, get and delete against the cluster of a
 * kubeconfig context, through the same async client the application uses. */

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>

#include "strata-applier.h"
#include "strata-json.h"
#include "strata-cli.h"
#include "strata-kube-client.h"
#include "strata-kubeconfig.h"
#include "strata-object-change.h"
#include "strata-yaml.h"

#define FIELD_MANAGER "strata"

/* diff exits as kubectl diff does. */
#define DIFF_EXIT_EQUAL     0
#define DIFF_EXIT_DIFFERENT 1
#define DIFF_EXIT_ERROR     2

typedef struct
{
  char            *kubeconfig;
  char            *context;
  char            *namespace_;
  char           **files;
  char            *output_text;
  char            *selector;
  char            *cascade;
  gboolean         all_namespaces;
  gboolean         ignore_not_found;
  StrataCliOutput  output;
} KubeOptions;

static void
kube_options_clear (KubeOptions *options)
{
  g_clear_pointer (&options->kubeconfig, g_free);
  g_clear_pointer (&options->context, g_free);
  g_clear_pointer (&options->namespace_, g_free);
  g_clear_pointer (&options->files, g_strfreev);
  g_clear_pointer (&options->output_text, g_free);
  g_clear_pointer (&options->selector, g_free);
  g_clear_pointer (&options->cascade, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KubeOptions, kube_options_clear)

/* Parses the shared options plus @extra; returns -1 when all is well, else
 * the exit code. */
static int
parse_options (KubeOptions         *options,
               const char          *parameters,
               const GOptionEntry  *extra,
               int                 *argc,
               char              ***argv,
               int                  min_positional,
               int                  max_positional)
{
  const GOptionEntry entries[] = {
    { "kubeconfig", 0, 0, G_OPTION_ARG_FILENAME, &options->kubeconfig, N_("The kubeconfig file (default: $KUBECONFIG or ~/.kube/config)"), N_("FILE") },
    { "context", 0, 0, G_OPTION_ARG_STRING, &options->context, N_("The kubeconfig context (default: the current one)"), N_("NAME") },
    { "namespace", 'n', 0, G_OPTION_ARG_STRING, &options->namespace_, N_("The namespace (default: the context’s)"), N_("NAMESPACE") },
    { "filename", 'f', 0, G_OPTION_ARG_FILENAME_ARRAY, &options->files, N_("A YAML file of objects (“-” for standard input)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (extra != NULL)
    g_option_context_add_main_entries (context, extra, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    return strata_cli_usage (context, error->message);

  if (!strata_cli_parse_output (options->output_text, &options->output, &error))
    return strata_cli_usage (NULL, error->message);

  /* argv[0] is the command's own name. */
  if (*argc - 1 < min_positional || *argc - 1 > max_positional)
    return strata_cli_usage (context, _("wrong number of arguments"));

  return -1;
}

static StrataKubeClient *
connect_client (KubeOptions  *options,
                GError      **error)
{
  g_autoptr(StrataKubeconfig) config = NULL;
  g_autoptr(StrataKubeEndpoint) endpoint = NULL;

  if (options->kubeconfig != NULL)
    {
      const char *paths[] = { options->kubeconfig, NULL };

      config = strata_kubeconfig_load (paths, error);
    }
  else
    config = strata_kubeconfig_load_default (error);

  if (config == NULL ||
      !(endpoint = strata_kubeconfig_resolve (config, options->context, error)))
    return NULL;

  /* -n is where objects without a namespace go, as the context's would. */
  if (options->namespace_ != NULL)
    strata_kube_endpoint_set_namespace (endpoint, options->namespace_);

  return strata_kube_client_new (endpoint, error);
}

static const char *
node_metadata_string (JsonNode   *node,
                      const char *member)
{
  return strata_json_object_get_string (strata_json_object_get_object (json_node_get_object (node), "metadata"), member);
}

static const char *
node_string (JsonNode   *node,
             const char *member)
{
  return strata_json_object_get_string (json_node_get_object (node), member);
}

/* "configmap/demo", "deployment.apps/web": how kubectl names an object. */
static char *
object_label (JsonNode *object)
{
  const char *api_version = node_string (object, "apiVersion");
  const char *slash = strchr (api_version, '/');
  g_autofree char *kind = g_ascii_strdown (node_string (object, "kind"), -1);
  const char *name = node_metadata_string (object, "name");

  if (slash != NULL)
    return g_strdup_printf ("%s.%.*s/%s", kind, (int)(slash - api_version), api_version, name);
  return g_strdup_printf ("%s/%s", kind, name);
}

/* Reading manifests */

static char *
read_input (const char  *file,
            GError     **error)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  char *contents = NULL;

  if (!g_str_equal (file, "-"))
    {
      if (!g_file_get_contents (file, &contents, NULL, error))
        return NULL;
      return contents;
    }

  input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  memory = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (memory, input, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0 ||
      !g_output_stream_write_all (memory, "", 1, NULL, NULL, error))
    return NULL;

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
}

static gboolean
check_object (JsonNode    *node,
              const char  *file,
              guint        document,
              GError     **error)
{
  const char *missing = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    missing = _("a mapping");
  else if (node_string (node, "apiVersion") == NULL)
    missing = "apiVersion";
  else if (node_string (node, "kind") == NULL)
    missing = "kind";
  else if (node_metadata_string (node, "name") == NULL)
    missing = "metadata.name";

  if (missing != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: document %u is not a Kubernetes object: it has no %s"), file, document, missing);
      return FALSE;
    }

  return TRUE;
}

/* Every object of every file, in order; a List is its items. */
static GPtrArray *
read_manifests (char    **files,
                GError  **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);

  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GPtrArray) documents = NULL;

      if (!(contents = read_input (files[i], error)))
        return NULL;

      if (!(documents = strata_yaml_parse_documents (contents, -1, error)))
        {
          g_prefix_error (error, "%s: ", files[i]);
          return NULL;
        }

      for (guint j = 0; j < documents->len; j++)
        {
          JsonNode *document = g_ptr_array_index (documents, j);
          JsonObject *root = JSON_NODE_HOLDS_OBJECT (document) ? json_node_get_object (document) : NULL;
          JsonNode *items = root ? json_object_get_member (root, "items") : NULL;
          const char *kind = root ? strata_json_object_get_string (root, "kind") : NULL;

          if (kind != NULL && g_str_has_suffix (kind, "List") && items != NULL && JSON_NODE_HOLDS_ARRAY (items))
            {
              JsonArray *array = json_node_get_array (items);

              for (guint k = 0; k < json_array_get_length (array); k++)
                {
                  if (!check_object (json_array_get_element (array, k), files[i], j + 1, error))
                    return NULL;
                  g_ptr_array_add (objects, json_array_dup_element (array, k));
                }
              continue;
            }

          if (!check_object (document, files[i], j + 1, error))
            return NULL;
          g_ptr_array_add (objects, json_node_ref (document));
        }
    }

  if (objects->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("no objects to work on"));
      return NULL;
    }

  return g_steal_pointer (&objects);
}

/* Many requests at once: the client keeps them within its concurrency */

typedef struct
{
  StrataKubeClient *client;
  GPtrArray        *objects;
  GPtrArray        *results;   /* JsonNode or NULL */
  GPtrArray        *lives;     /* diff: the live object or NULL */
  GPtrArray        *errors;    /* GError or NULL */
  gboolean         *done;
  guint             pending;
  guint             next_to_print;
  const char       *done_word;  /* "serverside-applied", "deleted" */
  const char       *propagation_policy;
  gboolean          ignore_not_found;
  gboolean          failed;
} Batch;

typedef struct
{
  Batch *batch;
  guint  index;
} BatchItem;

/* The slots of a batch start out empty. */
static void
node_unref_nullable (gpointer node)
{
  if (node != NULL)
    json_node_unref (node);
}

static void
error_free_nullable (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static Batch *
batch_new (StrataKubeClient *client,
           GPtrArray        *objects)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->client = g_object_ref (client);
  batch->objects = g_ptr_array_ref (objects);
  batch->results = g_ptr_array_new_full (objects->len, node_unref_nullable);
  batch->lives = g_ptr_array_new_full (objects->len, node_unref_nullable);
  batch->errors = g_ptr_array_new_full (objects->len, error_free_nullable);
  g_ptr_array_set_size (batch->results, objects->len);
  g_ptr_array_set_size (batch->lives, objects->len);
  g_ptr_array_set_size (batch->errors, objects->len);
  batch->done = g_new0 (gboolean, objects->len);

  return batch;
}

static void
batch_free (Batch *batch)
{
  g_object_unref (batch->client);
  g_ptr_array_unref (batch->objects);
  g_ptr_array_unref (batch->results);
  g_ptr_array_unref (batch->lives);
  g_ptr_array_unref (batch->errors);
  g_free (batch->done);
  g_free (batch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Batch, batch_free)

static BatchItem *
batch_item_new (Batch *batch,
                guint  index)
{
  BatchItem *item = g_new0 (BatchItem, 1);

  item->batch = batch;
  item->index = index;
  batch->pending++;
  return item;
}

static void
batch_wait (Batch *batch)
{
  /* The CLI is the main loop's only user, as in strata_cli_wait(). */
  while (batch->pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
batch_set_error (Batch  *batch,
                 guint   index,
                 GError *error)
{
  if (g_ptr_array_index (batch->errors, index) == NULL)
    g_ptr_array_index (batch->errors, index) = error;
  else
    g_error_free (error);
  batch->failed = TRUE;
}

/* Lines come out in document order, each as soon as those before it are. */
static void
batch_print_ready (Batch *batch)
{
  while (batch->next_to_print < batch->objects->len && batch->done[batch->next_to_print])
    {
      guint i = batch->next_to_print++;
      GError *error = g_ptr_array_index (batch->errors, i);
      g_autofree char *label = object_label (g_ptr_array_index (batch->objects, i));

      if (error != NULL)
        g_printerr ("strata-cli: %s\n", error->message);
      else if (g_ptr_array_index (batch->results, i) != NULL)
        g_print ("%s %s\n", label, batch->done_word);
    }
}

static void
batch_item_done (BatchItem *item)
{
  Batch *batch = item->batch;

  batch->done[item->index] = TRUE;
  batch->pending--;
  if (batch->done_word != NULL)
    batch_print_ready (batch);
  g_free (item);
}

/* apply: the engine profiles use, on a plain set of one layer */

typedef struct
{
  GPtrArray *objects;   /* JsonNode, in document order */
  guint     *order;     /* the layer's index -> document index */
  gboolean  *applied;   /* per document index */
  guint      next_to_print;
} ApplyOutput;

static int
compare_kind_ranks (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  GPtrArray *objects = user_data;
  JsonNode *object_a = g_ptr_array_index (objects, *(const guint *)a);
  JsonNode *object_b = g_ptr_array_index (objects, *(const guint *)b);
  guint rank_a = strata_rendered_set_kind_rank (node_string (object_a, "apiVersion"), node_string (object_a, "kind"));
  guint rank_b = strata_rendered_set_kind_rank (node_string (object_b, "apiVersion"), node_string (object_b, "kind"));

  return rank_a < rank_b ? -1 : rank_a > rank_b ? 1 : 0;
}

/* Lines come out in document order, each as soon as those before it are. */
static void
apply_output_print_ready (ApplyOutput *output,
                          gboolean     flush)
{
  for (; output->next_to_print < output->objects->len; output->next_to_print++)
    {
      guint i = output->next_to_print;
      g_autofree char *label = NULL;

      if (!output->applied[i] && !flush)
        break;
      if (!output->applied[i])
        continue;

      label = object_label (g_ptr_array_index (output->objects, i));
      g_print ("%s serverside-applied\n", label);
    }
}

static void
on_object_applied (StrataApplier       *applier,
                   StrataRenderedLayer *layer,
                   guint                index,
                   JsonNode            *applied,
                   gpointer             user_data)
{
  ApplyOutput *output = user_data;

  output->applied[output->order[index]] = TRUE;
  apply_output_print_ready (output, FALSE);
}

static int
kube_apply (int    argc,
            char **argv)
{
  g_auto(KubeOptions) options = { 0 };
  g_autoptr(StrataKubeClient) client = NULL;
  g_autoptr(StrataApplier) applier = NULL;
  g_autoptr(StrataRenderedSet) set = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint *order = NULL;
  g_autofree gboolean *applied = NULL;
  StrataRenderedLayer *layer;
  ApplyOutput output = { 0 };
  gboolean ok;
  int status;

  if ((status = parse_options (&options, "", NULL, &argc, &argv, 0, 0)) >= 0)
    return status;
  if (options.files == NULL)
    return strata_cli_usage (NULL, _("apply needs -f FILE"));

  if (!(objects = read_manifests (options.files, &error)))
    return strata_cli_usage (NULL, error->message);
  if (!(client = connect_client (&options, &error)))
    return strata_cli_fail (error);

  /* The layer keeps objects in kind order; remember where each came from
   * by putting them in already sorted (the sort is stable, as is the
   * layer's order). */
  order = g_new0 (guint, objects->len);
  applied = g_new0 (gboolean, objects->len);
  for (guint i = 0; i < objects->len; i++)
    order[i] = i;
  g_qsort_with_data (order, objects->len, sizeof (guint), compare_kind_ranks, objects);

  set = strata_rendered_set_new (NULL, NULL, 0);
  layer = strata_rendered_set_add_layer (set, "", STRATA_LAYER_KIND_MANIFEST, 0, NULL, NULL);
  for (guint i = 0; i < objects->len; i++)
    strata_rendered_layer_add_object (layer, g_ptr_array_index (objects, order[i]));

  output.objects = objects;
  output.order = order;
  output.applied = applied;
  applier = strata_applier_new (client);
  g_signal_connect (applier, "object-applied", G_CALLBACK (on_object_applied), &output);

  strata_applier_apply_async (applier, set, NULL, strata_cli_async_ready, &result);
  ok = strata_applier_apply_finish (applier, strata_cli_wait (&result), NULL, &error);
  apply_output_print_ready (&output, TRUE);

  return ok ? 0 : strata_cli_fail (error);
}

/* diff */

static void
on_live_got (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BatchItem *item = user_data;
  Batch *batch = item->batch;
  GError *error = NULL;
  JsonNode *live;

  if ((live = strata_kube_client_get_finish (STRATA_KUBE_CLIENT (object), result, &error)))
    g_ptr_array_index (batch->lives, item->index) = live;
  else if (g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND))
    g_error_free (error);  /* not there yet: the diff creates it */
  else
    batch_set_error (batch, item->index, error);

  batch_item_done (item);
}

static void
on_dry_run_applied (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  BatchItem *item = user_data;
  Batch *batch = item->batch;
  GError *error = NULL;
  JsonNode *applied;

  if ((applied = strata_kube_client_apply_finish (STRATA_KUBE_CLIENT (object), result, &error)))
    g_ptr_array_index (batch->results, item->index) = applied;
  else
    batch_set_error (batch, item->index, error);

  batch_item_done (item);
}

static int
kube_diff (int    argc,
           char **argv)
{
  g_auto(KubeOptions) options = { 0 };
  g_autoptr(StrataKubeClient) client = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(Batch) batch = NULL;
  g_autoptr(GError) error = NULL;
  gboolean different = FALSE;
  int status;

  if ((status = parse_options (&options, "", NULL, &argc, &argv, 0, 0)) >= 0)
    return DIFF_EXIT_ERROR;
  if (options.files == NULL)
    {
      strata_cli_usage (NULL, _("diff needs -f FILE"));
      return DIFF_EXIT_ERROR;
    }

  if (!(objects = read_manifests (options.files, &error)) ||
      !(client = connect_client (&options, &error)))
    {
      strata_cli_fail (error);
      return DIFF_EXIT_ERROR;
    }

  batch = batch_new (client, objects);
  for (guint i = 0; i < objects->len; i++)
    {
      JsonNode *object = g_ptr_array_index (objects, i);

      strata_kube_client_apply_async (client, object, FIELD_MANAGER,
                                      STRATA_KUBE_REQUEST_DRY_RUN | STRATA_KUBE_REQUEST_FORCE, NULL,
                                      on_dry_run_applied, batch_item_new (batch, i));
      strata_kube_client_get_async (client, node_string (object, "apiVersion"), node_string (object, "kind"),
                                    node_metadata_string (object, "namespace"),
                                    node_metadata_string (object, "name"),
                                    NULL, on_live_got, batch_item_new (batch, i));
    }
  batch_wait (batch);

  for (guint i = 0; i < objects->len; i++)
    {
      GError *item_error = g_ptr_array_index (batch->errors, i);
      g_autoptr(StrataObjectChange) change = NULL;
      const char *diff;

      if (item_error != NULL)
        {
          g_printerr ("strata-cli: %s\n", item_error->message);
          continue;
        }

      /* The same comparison the review of a profile update shows. */
      change = strata_object_change_new (STRATA_OBJECT_ACTION_CHANGE, NULL, g_ptr_array_index (objects, i),
                                         g_ptr_array_index (batch->lives, i), g_ptr_array_index (batch->results, i));
      diff = strata_object_change_get_diff (change);
      if (*diff != '\0')
        {
          g_print ("%s", diff);
          different = TRUE;
        }
    }

  if (batch->failed)
    return DIFF_EXIT_ERROR;
  return different ? DIFF_EXIT_DIFFERENT : DIFF_EXIT_EQUAL;
}

/* get */

/* Ages as kubectl shows them: 45s, 3m20s, 5h, 12d. */
static char *
format_age (const char *timestamp)
{
  g_autoptr(GDateTime) created = timestamp ? g_date_time_new_from_iso8601 (timestamp, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 seconds;

  if (created == NULL)
    return g_strdup ("<unknown>");

  seconds = MAX (0, g_date_time_difference (now, created) / G_USEC_PER_SEC);
  if (seconds < 120)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", seconds);
  if (seconds < 10 * 60)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m%" G_GINT64_FORMAT "s", seconds / 60, seconds % 60);
  if (seconds < 3 * 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m", seconds / 60);
  if (seconds < 8 * 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h%" G_GINT64_FORMAT "m", seconds / 3600, seconds % 3600 / 60);
  if (seconds < 48 * 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h", seconds / 3600);
  if (seconds < 8 * 86400)
    return g_strdup_printf ("%" G_GINT64_FORMAT "d%" G_GINT64_FORMAT "h", seconds / 86400, seconds % 86400 / 3600);
  if (seconds < 2 * 365 * 86400)
    return g_strdup_printf ("%" G_GINT64_FORMAT "d", seconds / 86400);
  return g_strdup_printf ("%" G_GINT64_FORMAT "y", seconds / (365 * 86400));
}

static void
print_table (JsonArray *items,
             gboolean   with_namespace)
{
  guint name_width = strlen ("NAME");
  guint namespace_width = strlen ("NAMESPACE");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      const char *name = node_metadata_string (item, "name");
      const char *namespace_ = node_metadata_string (item, "namespace");

      name_width = MAX (name_width, name ? strlen (name) : 0);
      namespace_width = MAX (namespace_width, namespace_ ? strlen (namespace_) : 0);
    }

  if (with_namespace)
    g_print ("%-*s   ", namespace_width, _("NAMESPACE"));
  g_print ("%-*s   %s\n", name_width, _("NAME"), _("AGE"));

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      const char *namespace_ = node_metadata_string (item, "namespace");
      g_autofree char *age = format_age (node_metadata_string (item, "creationTimestamp"));

      if (with_namespace)
        g_print ("%-*s   ", namespace_width, namespace_ ? namespace_ : "");
      g_print ("%-*s   %s\n", name_width, node_metadata_string (item, "name"), age);
    }
}

static StrataKubeResource *
resolve_name (StrataKubeClient  *client,
              const char        *name,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  strata_kube_client_resolve_async (client, NULL, name, NULL, strata_cli_async_ready, &result);
  return strata_kube_client_resolve_finish (client, strata_cli_wait (&result), error);
}

static const char *
context_namespace (StrataKubeClient *client)
{
  const char *namespace_ = strata_kube_endpoint_get_namespace (strata_kube_client_get_endpoint (client));

  return namespace_ != NULL && *namespace_ != '\0' ? namespace_ : "default";
}

static int
kube_get (int    argc,
          char **argv)
{
  g_auto(KubeOptions) options = { 0 };
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_STRING, &options.output_text, N_("Output format: text, json or yaml"), N_("FORMAT") },
    { "all-namespaces", 'A', 0, G_OPTION_ARG_NONE, &options.all_namespaces, N_("List in every namespace"), NULL },
    { "selector", 'l', 0, G_OPTION_ARG_STRING, &options.selector, N_("Only objects with these labels"), N_("SELECTOR") },
    { NULL }
  };
  g_autoptr(StrataKubeClient) client = NULL;
  g_autoptr(StrataKubeResource) resource = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const char *api_version;
  const char *kind;
  const char *namespace_;
  int status;

  if ((status = parse_options (&options, _("KIND [NAME]"), entries, &argc, &argv, 1, 2)) >= 0)
    return status;

  if (!(client = connect_client (&options, &error)) ||
      !(resource = resolve_name (client, argv[1], &error)))
    return strata_cli_fail (error);

  api_version = strata_kube_resource_get_group_version (resource);
  kind = strata_kube_resource_get_kind (resource);
  namespace_ = options.all_namespaces ? NULL : context_namespace (client);

  if (argc == 3)
    {
      strata_kube_client_get_async (client, api_version, kind, namespace_, argv[2], NULL,
                                    strata_cli_async_ready, &result);
      node = strata_kube_client_get_finish (client, strata_cli_wait (&result), &error);
    }
  else
    {
      strata_kube_client_list_async (client, api_version, kind, namespace_, options.selector, 0, NULL,
                                     strata_cli_async_ready, &result);
      node = strata_kube_client_list_finish (client, strata_cli_wait (&result), &error);
    }

  if (node == NULL)
    return strata_cli_fail (error);

  if (options.output != STRATA_CLI_OUTPUT_TEXT)
    {
      strata_cli_print_node (node, options.output);
      return 0;
    }

  if (argc == 3)
    {
      g_autoptr(JsonArray) items = json_array_new ();

      json_array_add_element (items, json_node_ref (node));
      print_table (items, FALSE);
    }
  else
    {
      JsonArray *items = json_object_get_array_member (json_node_get_object (node), "items");

      if (json_array_get_length (items) == 0)
        {
          if (namespace_ != NULL && strata_kube_resource_is_namespaced (resource))
            g_printerr (_("No resources found in %s namespace.\n"), namespace_);
          else
            g_printerr (_("No resources found.\n"));
        }
      else
        print_table (items, options.all_namespaces && strata_kube_resource_is_namespaced (resource));
    }

  return 0;
}

/* delete */

static void
on_deleted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BatchItem *item = user_data;
  Batch *batch = item->batch;
  GError *error = NULL;
  JsonNode *answer;

  if ((answer = strata_kube_client_delete_finish (STRATA_KUBE_CLIENT (object), result, &error)))
    g_ptr_array_index (batch->results, item->index) = answer;
  else if (batch->ignore_not_found && g_error_matches (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_NOT_FOUND))
    g_error_free (error);
  else
    batch_set_error (batch, item->index, error);

  batch_item_done (item);
}

static gboolean
parse_cascade (const char  *cascade,
               const char **policy)
{
  if (cascade == NULL || g_str_equal (cascade, "background"))
    *policy = "Background";
  else if (g_str_equal (cascade, "foreground"))
    *policy = "Foreground";
  else if (g_str_equal (cascade, "orphan"))
    *policy = "Orphan";
  else
    return FALSE;

  return TRUE;
}

/* KIND NAME…: objects to delete, named as on the command line. */
static GPtrArray *
objects_from_names (StrataKubeClient    *client,
                    const char          *kind_name,
                    char               **names,
                    GError             **error)
{
  g_autoptr(StrataKubeResource) resource = resolve_name (client, kind_name, error);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);

  if (resource == NULL)
    return NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "apiVersion");
      json_builder_add_string_value (builder, strata_kube_resource_get_group_version (resource));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, strata_kube_resource_get_kind (resource));
      json_builder_set_member_name (builder, "metadata");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, names[i]);
      json_builder_end_object (builder);
      json_builder_end_object (builder);

      g_ptr_array_add (objects, json_builder_get_root (builder));
    }

  return g_steal_pointer (&objects);
}

static int
kube_delete (int    argc,
             char **argv)
{
  g_auto(KubeOptions) options = { 0 };
  const GOptionEntry entries[] = {
    { "cascade", 0, 0, G_OPTION_ARG_STRING, &options.cascade, N_("What happens to dependents: background (default), foreground or orphan"), N_("HOW") },
    { "ignore-not-found", 0, 0, G_OPTION_ARG_NONE, &options.ignore_not_found, N_("An object that is not there is not an error"), NULL },
    { NULL }
  };
  g_autoptr(StrataKubeClient) client = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(Batch) batch = NULL;
  g_autoptr(GError) error = NULL;
  const char *policy;
  int status;

  if ((status = parse_options (&options, _("-f FILE | KIND NAME…"), entries, &argc, &argv, 0, G_MAXINT)) >= 0)
    return status;
  if (!parse_cascade (options.cascade, &policy))
    return strata_cli_usage (NULL, _("--cascade must be background, foreground or orphan"));
  if ((options.files != NULL) == (argc > 1) || (options.files == NULL && argc < 3))
    return strata_cli_usage (NULL, _("delete needs either -f FILE or KIND and at least one NAME"));

  if (options.files != NULL && !(objects = read_manifests (options.files, &error)))
    return strata_cli_usage (NULL, error->message);
  if (!(client = connect_client (&options, &error)))
    return strata_cli_fail (error);
  if (objects == NULL && !(objects = objects_from_names (client, argv[1], argv + 2, &error)))
    return strata_cli_fail (error);

  batch = batch_new (client, objects);
  batch->done_word = "deleted";
  batch->ignore_not_found = options.ignore_not_found;

  for (guint i = 0; i < objects->len; i++)
    {
      JsonNode *object = g_ptr_array_index (objects, i);

      strata_kube_client_delete_async (client, node_string (object, "apiVersion"), node_string (object, "kind"),
                                       node_metadata_string (object, "namespace"),
                                       node_metadata_string (object, "name"),
                                       policy, 0, NULL, on_deleted, batch_item_new (batch, i));
    }
  batch_wait (batch);
  batch_print_ready (batch);

  return batch->failed ? STRATA_CLI_EXIT_FAILED : 0;
}

static int
print_kube_usage (void)
{
  g_printerr ("%s",
              _("Usage: strata-cli kube COMMAND [--kubeconfig FILE] [--context NAME] [-n NAMESPACE] …\n"
                "\n"
                "Commands:\n"
                "  apply -f FILE              server-side apply of every object in FILE\n"
                "  diff -f FILE               what apply would change (exit 0 same, 1 different, 2 error)\n"
                "  get KIND [NAME] [-o json|yaml] [-A] [-l SELECTOR]\n"
                "  delete -f FILE | KIND NAME…\n"));
  return STRATA_CLI_EXIT_USAGE;
}

int
strata_cli_kube (int    argc,
                 char **argv)
{
  static const struct {
    const char *name;
    int       (*run) (int    argc,
                      char **argv);
  } commands[] = {
    { "apply", kube_apply },
    { "diff", kube_diff },
    { "get", kube_get },
    { "delete", kube_delete },
  };

  if (argc < 2)
    return print_kube_usage ();

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  if (!g_str_equal (argv[1], "--help") && !g_str_equal (argv[1], "-h"))
    g_printerr (_("strata-cli: unknown kube command “%s”\n"), argv[1]);

  return print_kube_usage ();
}
