/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* EKS-style bearer tokens, so the sandbox can stand in for an EKS cluster
 * (`strata-cli sandbox serve --eks-cluster NAME`): "k8s-aws-v1." and the
 * unpadded base64url of a pre-signed STS GetCallerIdentity URL, as
 * `aws eks get-token` and Strata make them.
 *
 * Only the form is checked: the host is an STS endpoint, the query holds
 * exactly the SigV4 query-signing members (algorithm, a credential scope
 * of service sts matching the date, X-Amz-Expires=60, signed headers with
 * host and x-k8s-aws-id, a 64-hex signature), and X-Amz-Date plus
 * X-Amz-Expires has not passed at @now (nor lies beyond the 15 minutes of
 * clock skew AWS allows). The signature itself, which is what binds the
 * token to a cluster name (the signed x-k8s-aws-id header), only STS can
 * check with the secret key; the sandbox has no AWS to ask.
 *
 * Returns: whether the token has that form; @error says what is wrong. */
gboolean strata_sandbox_eks_token_check (const char  *token,
                                         GDateTime   *now,
                                         GError     **error);

G_END_DECLS
