/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TLS for one endpoint. GIO has no database built from PEM data, so a
 * small GTlsDatabase of our own trusts exactly the kubeconfig's certificate
 * authorities; a CA that does not match is an error, never a reason to try
 * the system's anchors. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-kube-error.h"
#include "strata-kube-tls.h"

#define PEM_CERTIFICATE_BEGIN "-----BEGIN CERTIFICATE-----"
#define PEM_CERTIFICATE_END "-----END CERTIFICATE-----"

#define STRATA_TYPE_KUBE_TLS_DATABASE (strata_kube_tls_database_get_type ())
G_DECLARE_FINAL_TYPE (StrataKubeTlsDatabase, strata_kube_tls_database, STRATA, KUBE_TLS_DATABASE, GTlsDatabase)

/* Immutable once made, since GIO may verify from a worker thread. */
struct _StrataKubeTlsDatabase
{
  GTlsDatabase        parent_instance;

  GPtrArray          *anchors;   /* GTlsCertificate: the kubeconfig's CAs */
  GTlsDatabase       *system;    /* the system's anchors, only when there are no CAs */
  GSocketConnectable *server_name;
  gboolean            insecure;
};

G_DEFINE_FINAL_TYPE (StrataKubeTlsDatabase, strata_kube_tls_database, G_TYPE_TLS_DATABASE)

static void
strata_kube_tls_database_finalize (GObject *object)
{
  StrataKubeTlsDatabase *self = (StrataKubeTlsDatabase *)object;

  g_clear_pointer (&self->anchors, g_ptr_array_unref);
  g_clear_object (&self->system);
  g_clear_object (&self->server_name);

  G_OBJECT_CLASS (strata_kube_tls_database_parent_class)->finalize (object);
}

static GTlsCertificateFlags
strata_kube_tls_database_verify_chain (GTlsDatabase             *database,
                                       GTlsCertificate          *chain,
                                       const char               *purpose,
                                       GSocketConnectable       *identity,
                                       GTlsInteraction          *interaction,
                                       GTlsDatabaseVerifyFlags   flags,
                                       GCancellable             *cancellable,
                                       GError                  **error)
{
  StrataKubeTlsDatabase *self = (StrataKubeTlsDatabase *)database;
  GTlsCertificateFlags result = G_TLS_CERTIFICATE_UNKNOWN_CA;

  if (self->insecure)
    return 0;

  /* tls-server-name replaces the host of the URL, as in kubectl: the
   * certificate of a server reached by IP may only name its DNS name. */
  if (self->server_name != NULL)
    identity = self->server_name;

  if (self->system != NULL)
    return g_tls_database_verify_chain (self->system, chain, purpose, identity,
                                        interaction, flags, cancellable, error);

  /* g_tls_certificate_verify() takes one CA; a bundle is tried CA by CA
   * until one anchors the chain. */
  for (guint i = 0; i < self->anchors->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return G_TLS_CERTIFICATE_GENERIC_ERROR;

      result = g_tls_certificate_verify (chain, identity, g_ptr_array_index (self->anchors, i));
      if ((result & G_TLS_CERTIFICATE_UNKNOWN_CA) == 0)
        return result;
    }

  return result;
}

static gboolean
same_name (const char *a,
           const char *b)
{
  return a != NULL && b != NULL && strcmp (a, b) == 0;
}

static GTlsCertificate *
strata_kube_tls_database_lookup_certificate_issuer (GTlsDatabase             *database,
                                                    GTlsCertificate          *certificate,
                                                    GTlsInteraction          *interaction,
                                                    GTlsDatabaseLookupFlags   flags,
                                                    GCancellable             *cancellable,
                                                    GError                  **error)
{
  StrataKubeTlsDatabase *self = (StrataKubeTlsDatabase *)database;
  g_autofree char *issuer = NULL;

  if (self->system != NULL)
    return g_tls_database_lookup_certificate_issuer (self->system, certificate, interaction,
                                                     flags, cancellable, error);

  if (self->anchors == NULL)
    return NULL;

  issuer = g_tls_certificate_get_issuer_name (certificate);
  for (guint i = 0; i < self->anchors->len; i++)
    {
      GTlsCertificate *anchor = g_ptr_array_index (self->anchors, i);
      g_autofree char *subject = g_tls_certificate_get_subject_name (anchor);

      if (same_name (issuer, subject))
        return g_object_ref (anchor);
    }

  return NULL;
}

static GList *
strata_kube_tls_database_lookup_certificates_issued_by (GTlsDatabase             *database,
                                                        GByteArray               *issuer_raw_dn,
                                                        GTlsInteraction          *interaction,
                                                        GTlsDatabaseLookupFlags   flags,
                                                        GCancellable             *cancellable,
                                                        GError                  **error)
{
  StrataKubeTlsDatabase *self = (StrataKubeTlsDatabase *)database;

  if (self->system != NULL)
    return g_tls_database_lookup_certificates_issued_by (self->system, issuer_raw_dn, interaction,
                                                         flags, cancellable, error);

  return NULL;
}

static char *
strata_kube_tls_database_create_certificate_handle (GTlsDatabase    *database,
                                                    GTlsCertificate *certificate)
{
  return NULL;
}

static GTlsCertificate *
strata_kube_tls_database_lookup_certificate_for_handle (GTlsDatabase             *database,
                                                        const char               *handle,
                                                        GTlsInteraction          *interaction,
                                                        GTlsDatabaseLookupFlags   flags,
                                                        GCancellable             *cancellable,
                                                        GError                  **error)
{
  return NULL;
}

static void
strata_kube_tls_database_class_init (StrataKubeTlsDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GTlsDatabaseClass *database_class = G_TLS_DATABASE_CLASS (klass);

  object_class->finalize = strata_kube_tls_database_finalize;

  database_class->verify_chain = strata_kube_tls_database_verify_chain;
  database_class->lookup_certificate_issuer = strata_kube_tls_database_lookup_certificate_issuer;
  database_class->lookup_certificates_issued_by = strata_kube_tls_database_lookup_certificates_issued_by;
  database_class->create_certificate_handle = strata_kube_tls_database_create_certificate_handle;
  database_class->lookup_certificate_for_handle = strata_kube_tls_database_lookup_certificate_for_handle;
}

static void
strata_kube_tls_database_init (StrataKubeTlsDatabase *self)
{
}

/* Every certificate of a PEM bundle, in order. GIO 2.74 reads a bundle only
 * from a file, so the blocks are cut out here and read one by one. */
static GPtrArray *
parse_certificates (const char  *pem,
                    const char  *cluster,
                    GError     **error)
{
  g_autoptr(GPtrArray) certificates = g_ptr_array_new_with_free_func (g_object_unref);
  const char *begin = pem;

  while ((begin = strstr (begin, PEM_CERTIFICATE_BEGIN)) != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      const char *end = strstr (begin, PEM_CERTIFICATE_END);
      GTlsCertificate *certificate;

      if (end == NULL)
        {
          g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG,
                       _("Certificate %u of the certificate authority of cluster “%s” has no “%s” line"),
                       certificates->len + 1, cluster, PEM_CERTIFICATE_END);
          return NULL;
        }
      end += strlen (PEM_CERTIFICATE_END);

      if (!(certificate = g_tls_certificate_new_from_pem (begin, end - begin, &local_error)))
        {
          g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG,
                       _("Certificate %u of the certificate authority of cluster “%s” is not valid: %s"),
                       certificates->len + 1, cluster, local_error->message);
          return NULL;
        }

      g_ptr_array_add (certificates, certificate);
      begin = end;
    }

  if (certificates->len == 0)
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CONFIG,
                   _("The certificate authority of cluster “%s” holds no PEM certificate (a “%s” block)"),
                   cluster, PEM_CERTIFICATE_BEGIN);
      return NULL;
    }

  return g_steal_pointer (&certificates);
}

static GTlsDatabase *
get_system_database (GError **error)
{
  GTlsBackend *backend = g_tls_backend_get_default ();
  GTlsDatabase *database;

  if (!g_tls_backend_supports_tls (backend) ||
      !(database = g_tls_backend_get_default_database (backend)))
    {
      g_set_error_literal (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_TLS,
                           _("TLS is not available: install glib-networking"));
      return NULL;
    }

  return database;
}

/**
 * strata_kube_tls_database_new:
 * @endpoint: a #StrataKubeEndpoint
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the database to verify @endpoint's
 *   server with, or %NULL when its certificate authority cannot be read
 */
GTlsDatabase *
strata_kube_tls_database_new (StrataKubeEndpoint  *endpoint,
                              GError             **error)
{
  g_autoptr(StrataKubeTlsDatabase) self = NULL;
  const char *certificate_authority;
  const char *server_name;

  g_return_val_if_fail (STRATA_IS_KUBE_ENDPOINT (endpoint), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  certificate_authority = strata_kube_endpoint_get_certificate_authority (endpoint);
  server_name = strata_kube_endpoint_get_tls_server_name (endpoint);

  self = g_object_new (STRATA_TYPE_KUBE_TLS_DATABASE, NULL);

  if (strata_kube_endpoint_get_insecure_skip_tls_verify (endpoint))
    {
      self->insecure = TRUE;
      return G_TLS_DATABASE (g_steal_pointer (&self));
    }

  if (server_name != NULL)
    self->server_name = g_network_address_new (server_name, 0);

  if (certificate_authority != NULL)
    {
      const char *cluster = strata_kube_endpoint_get_cluster_name (endpoint);

      if (cluster == NULL)
        cluster = strata_kube_endpoint_get_server (endpoint);

      if (!(self->anchors = parse_certificates (certificate_authority, cluster, error)))
        return NULL;
    }
  else if (server_name != NULL)
    {
      if (!(self->system = get_system_database (error)))
        return NULL;
    }
  else
    {
      /* Nothing of ours to add: the system's database as it is. */
      return get_system_database (error);
    }

  return G_TLS_DATABASE (g_steal_pointer (&self));
}

/**
 * strata_kube_tls_client_certificate_new:
 * @certificate_pem: the client certificate (and its chain), PEM
 * @key_pem: its private key, PEM
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the certificate with its key
 */
GTlsCertificate *
strata_kube_tls_client_certificate_new (const char  *certificate_pem,
                                        const char  *key_pem,
                                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *pem = NULL;
  GTlsCertificate *certificate;

  g_return_val_if_fail (certificate_pem != NULL, NULL);
  g_return_val_if_fail (key_pem != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strstr (certificate_pem, PEM_CERTIFICATE_BEGIN) == NULL)
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS,
                   _("The client certificate is not a PEM certificate (a “%s” block)"),
                   PEM_CERTIFICATE_BEGIN);
      return NULL;
    }

  if (strstr (key_pem, "-----BEGIN ") == NULL || strstr (key_pem, "PRIVATE KEY-----") == NULL)
    {
      g_set_error_literal (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS,
                           _("The client key is not a PEM private key (a “-----BEGIN … PRIVATE KEY-----” block)"));
      return NULL;
    }

  if (strstr (key_pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----") != NULL ||
      strstr (key_pem, "Proc-Type: 4,ENCRYPTED") != NULL)
    {
      g_set_error_literal (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS,
                           _("The client key is encrypted with a passphrase; decrypt it (openssl pkey -in KEY -out KEY.plain), as kubectl needs too"));
      return NULL;
    }

  /* GIO reads the certificate, its chain and the key from one PEM text. */
  pem = g_strconcat (certificate_pem, "\n", key_pem, NULL);
  if (!(certificate = g_tls_certificate_new_from_pem (pem, -1, &local_error)))
    {
      g_set_error (error, STRATA_KUBE_ERROR, STRATA_KUBE_ERROR_CREDENTIALS,
                   _("The client certificate and key could not be read: %s"),
                   local_error->message);
      return NULL;
    }

  return certificate;
}
