/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The applier: its properties and signals. An apply runs in
 * strata-applier-apply.c, a plan in strata-applier-plan.c. */

#include "config.h"

#include "strata-apply-private.h"
#include "strata-applier.h"

#define WINDOW_PER_CONNECTION 4

struct _StrataApplier
{
  GObject           parent_instance;

  StrataKubeClient *client;
  guint             max_concurrency;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_MAX_CONCURRENCY,
  N_PROPS
};

enum {
  LAYER_STARTED,
  OBJECT_APPLIED,
  LAYER_FINISHED,
  OBJECT_PRUNED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StrataApplier, strata_applier, G_TYPE_OBJECT)

static void
strata_applier_dispose (GObject *object)
{
  StrataApplier *self = (StrataApplier *)object;

  g_clear_object (&self->client);

  G_OBJECT_CLASS (strata_applier_parent_class)->dispose (object);
}

static void
strata_applier_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  StrataApplier *self = STRATA_APPLIER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_MAX_CONCURRENCY:
      g_value_set_uint (value, self->max_concurrency);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_applier_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  StrataApplier *self = STRATA_APPLIER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_MAX_CONCURRENCY:
      strata_applier_set_max_concurrency (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_applier_class_init (StrataApplierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_applier_dispose;
  object_class->get_property = strata_applier_get_property;
  object_class->set_property = strata_applier_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         STRATA_TYPE_KUBE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_CONCURRENCY] =
    g_param_spec_uint ("max-concurrency", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[LAYER_STARTED] =
    g_signal_new ("layer-started",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  STRATA_TYPE_RENDERED_LAYER, G_TYPE_UINT);
  signals[OBJECT_APPLIED] =
    g_signal_new ("object-applied",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  STRATA_TYPE_RENDERED_LAYER, G_TYPE_UINT, JSON_TYPE_NODE);
  signals[LAYER_FINISHED] =
    g_signal_new ("layer-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  STRATA_TYPE_RENDERED_LAYER, G_TYPE_UINT, G_TYPE_UINT);
  signals[OBJECT_PRUNED] =
    g_signal_new ("object-pruned",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  JSON_TYPE_NODE);
}

static void
strata_applier_init (StrataApplier *self)
{
}

/**
 * strata_applier_new:
 *
 * Returns: (transfer full): an applier that works through @client
 */
StrataApplier *
strata_applier_new (StrataKubeClient *client)
{
  g_return_val_if_fail (STRATA_IS_KUBE_CLIENT (client), NULL);

  return g_object_new (STRATA_TYPE_APPLIER, "client", client, NULL);
}

StrataKubeClient *
strata_applier_get_client (StrataApplier *self)
{
  g_return_val_if_fail (STRATA_IS_APPLIER (self), NULL);

  return self->client;
}

guint
strata_applier_get_max_concurrency (StrataApplier *self)
{
  g_return_val_if_fail (STRATA_IS_APPLIER (self), 0);

  return self->max_concurrency;
}

void
strata_applier_set_max_concurrency (StrataApplier *self,
                                    guint          max_concurrency)
{
  g_return_if_fail (STRATA_IS_APPLIER (self));

  if (self->max_concurrency == max_concurrency)
    return;

  self->max_concurrency = max_concurrency;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONCURRENCY]);
}

guint
_strata_applier_get_window (StrataApplier *self)
{
  g_assert (STRATA_IS_APPLIER (self));

  if (self->max_concurrency > 0)
    return self->max_concurrency;

  /* A few per connection, so that one whose answer just came always finds
   * the next already resolved and waiting in the client's queue. */
  return MAX (strata_kube_client_get_max_concurrency (self->client), 1) * WINDOW_PER_CONNECTION;
}

void
_strata_applier_emit_layer_started (StrataApplier       *self,
                                    StrataRenderedLayer *layer)
{
  g_signal_emit (self, signals[LAYER_STARTED], 0, layer, strata_rendered_layer_get_n_objects (layer));
}

void
_strata_applier_emit_object_applied (StrataApplier       *self,
                                     StrataRenderedLayer *layer,
                                     guint                index,
                                     JsonNode            *applied)
{
  g_signal_emit (self, signals[OBJECT_APPLIED], 0, layer, index, applied);
}

void
_strata_applier_emit_layer_finished (StrataApplier       *self,
                                     StrataRenderedLayer *layer,
                                     guint                n_applied)
{
  g_signal_emit (self, signals[LAYER_FINISHED], 0, layer, n_applied, strata_rendered_layer_get_n_objects (layer));
}

void
_strata_applier_emit_object_pruned (StrataApplier *self,
                                    JsonNode      *entry)
{
  g_signal_emit (self, signals[OBJECT_PRUNED], 0, entry);
}
