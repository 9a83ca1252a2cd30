/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A real kube-apiserver (and etcd) for one test program, started on free
 * loopback ports by tests/kube/apiserver and stopped at the end. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _StrataTestApiserver StrataTestApiserver;

/* Starts the servers (a few seconds) and aborts the test on failure. When
 * $STRATA_TEST_KUBECONFIG is set, uses that server instead (the same suite
 * then runs unchanged against another server, like the sandbox). */
StrataTestApiserver *strata_test_apiserver_start          (void);
void                 strata_test_apiserver_stop           (StrataTestApiserver *self);
/* A kubeconfig with contexts "strata-test" (bearer token, the current one)
 * and "strata-test-cert" (client certificate). */
const char          *strata_test_apiserver_get_kubeconfig (StrataTestApiserver *self);
/* The folder holding pki/ (ca.crt, client.crt, client.key, ca.key …). */
const char          *strata_test_apiserver_get_folder     (StrataTestApiserver *self);

/* Runs kubectl against the server as an independent client; returns its
 * standard output and asserts it exited with @expected_status. */
char                *strata_test_kubectl                  (StrataTestApiserver *self,
                                                           int                  expected_status,
                                                           const char          *first_arg,
                                                           ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
