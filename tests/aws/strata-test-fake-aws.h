/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tests/aws/fake-aws for one test program: started on a free loopback
 * port, stopped at the end, with its test controls. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The keys the fake knows (tests/aws/fake_aws_model.py). */
#define FAKE_AWS_ACCOUNT        "123456789012"
#define FAKE_AWS_ACCESS_KEY     "AKIDEXAMPLE"
#define FAKE_AWS_SECRET_KEY     "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define FAKE_AWS_USER_ARN       "arn:aws:iam::123456789012:user/strata-test"

typedef struct _StrataTestFakeAws StrataTestFakeAws;

/* The Python with botocore: $STRATA_PYTHON, else Debian's /usr/bin/python3
 * (python3-botocore), else python3 on PATH. */
const char        *strata_test_python            (void);
char              *strata_test_aws_script        (const char        *name);

/* Starts the fake and sets STRATA_AWS_ENDPOINT_URL to it. */
StrataTestFakeAws *strata_test_fake_aws_start    (void);
/* The same with fake-aws options ("--cluster-endpoint", URL, …). */
StrataTestFakeAws *strata_test_fake_aws_start_with_args (const char * const *args);
void               strata_test_fake_aws_stop     (StrataTestFakeAws *self);
const char        *strata_test_fake_aws_get_url  (StrataTestFakeAws *self);
/* Calls a /__fake/ control; asserts it answered 200. */
JsonNode          *strata_test_fake_aws_control  (StrataTestFakeAws *self,
                                                  const char        *method,
                                                  const char        *path,
                                                  const char        *body);
/* How many calls of @operation reached the fake so far. */
guint              strata_test_fake_aws_count    (StrataTestFakeAws *self,
                                                  const char        *operation);
/* The next @count calls of @operation fail with this error (@style NULL:
 * the service's own form). */
void               strata_test_fake_aws_inject   (StrataTestFakeAws *self,
                                                  const char        *operation,
                                                  guint              count,
                                                  guint              status,
                                                  const char        *code,
                                                  const char        *message,
                                                  const char        *style);

G_END_DECLS
