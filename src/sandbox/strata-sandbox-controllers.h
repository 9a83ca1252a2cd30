/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "strata-sandbox-store.h"

G_BEGIN_DECLS

#define STRATA_TYPE_SANDBOX_CONTROLLERS (strata_sandbox_controllers_get_type ())
G_DECLARE_FINAL_TYPE (StrataSandboxControllers, strata_sandbox_controllers, STRATA, SANDBOX_CONTROLLERS, GObject)

/* The sandbox cluster's simulated control plane and kubelets, in the spirit
 * of the kwok project: Nodes, the workload controllers, a scheduler, Pods
 * that start, the garbage collector and the namespace controller. They work
 * on the main context, reacting to the store's "object-changed" signal, from
 * _start() until _stop(). */
StrataSandboxControllers *strata_sandbox_controllers_new                 (StrataSandboxStore       *store);
StrataSandboxStore       *strata_sandbox_controllers_get_store           (StrataSandboxControllers *self);
void                      strata_sandbox_controllers_start               (StrataSandboxControllers *self);
void                      strata_sandbox_controllers_stop                (StrataSandboxControllers *self);
gboolean                  strata_sandbox_controllers_get_running         (StrataSandboxControllers *self);
guint                     strata_sandbox_controllers_get_pod_start_delay (StrataSandboxControllers *self);
void                      strata_sandbox_controllers_set_pod_start_delay (StrataSandboxControllers *self,
                                                                          guint                     msec);
guint                     strata_sandbox_controllers_get_job_duration    (StrataSandboxControllers *self);
void                      strata_sandbox_controllers_set_job_duration    (StrataSandboxControllers *self,
                                                                          guint                     msec);

G_END_DECLS
