/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Certificates made in-process with GnuTLS (ECDSA P-256): the product must
 * not depend on an openssl binary, which a Flatpak may not have, and GIO
 * can use certificates but not make them. */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <glib/gstdio.h>
#include <string.h>

#include "strata-atomic-file.h"
#include "strata-sandbox-store.h"
#include "strata-sandbox-tls.h"

#define VALIDITY_SECONDS (10 * 365 * 24 * 3600)

typedef enum
{
  ROLE_CA,
  ROLE_SERVER,
  ROLE_CLIENT,
} Role;

static gboolean
gnutls_failed (int          code,
               const char  *what,
               GError     **error)
{
  if (code >= 0)
    return FALSE;

  g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_IO,
               _("Could not make the sandbox’s certificates (%s: %s)"), what, gnutls_strerror (code));
  return TRUE;
}

static gboolean
write_datum (const char      *folder,
             const char      *name,
             gnutls_datum_t  *datum,
             gboolean         secret,
             GError         **error)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  gboolean ok;

  ok = secret ? strata_atomic_file_write_private (path, (const char *)datum->data, datum->size, error)
              : strata_atomic_file_write (path, (const char *)datum->data, datum->size, error);
  gnutls_free (datum->data);
  datum->data = NULL;
  return ok;
}

static gboolean
load_pair (const char              *folder,
           const char              *name,
           gnutls_x509_crt_t        crt,
           gnutls_x509_privkey_t    key,
           GError                 **error)
{
  g_autofree char *crt_name = g_strconcat (name, ".crt", NULL);
  g_autofree char *key_name = g_strconcat (name, ".key", NULL);
  g_autofree char *crt_text = strata_sandbox_tls_read (folder, crt_name, error);
  g_autofree char *key_text = NULL;
  gnutls_datum_t datum;

  if (crt_text == NULL || !(key_text = strata_sandbox_tls_read (folder, key_name, error)))
    return FALSE;

  datum = (gnutls_datum_t) { (unsigned char *)crt_text, strlen (crt_text) };
  if (gnutls_failed (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_PEM), crt_name, error))
    return FALSE;
  datum = (gnutls_datum_t) { (unsigned char *)key_text, strlen (key_text) };
  return !gnutls_failed (gnutls_x509_privkey_import (key, &datum, GNUTLS_X509_FMT_PEM), key_name, error);
}

/* Makes NAME.crt and NAME.key, signed by the CA (or self-signed for it). */
static gboolean
make_pair (const char             *folder,
           const char             *name,
           Role                    role,
           gnutls_x509_crt_t       ca_crt,
           gnutls_x509_privkey_t   ca_key,
           GError                **error)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum = { NULL, 0 };
  unsigned char serial[16];
  unsigned char key_id[64];
  size_t key_id_size = sizeof key_id;
  const char *problem = NULL;
  g_autofree char *crt_name = g_strconcat (name, ".crt", NULL);
  g_autofree char *key_name = g_strconcat (name, ".key", NULL);
  time_t now = time (NULL);
  gboolean ok = FALSE;
  int code;

#define TRY(call) G_STMT_START { code = (call); if (code < 0) { problem = #call; goto out; } } G_STMT_END
  TRY (gnutls_x509_privkey_init (&key));
  TRY (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0));
  TRY (gnutls_x509_crt_init (&crt));
  TRY (gnutls_x509_crt_set_version (crt, 3));
  TRY (gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial));
  serial[0] &= 0x7f;  /* a positive serial number */
  TRY (gnutls_x509_crt_set_serial (crt, serial, sizeof serial));
  TRY (gnutls_x509_crt_set_activation_time (crt, now - 3600));
  TRY (gnutls_x509_crt_set_expiration_time (crt, now + VALIDITY_SECONDS));
  TRY (gnutls_x509_crt_set_key (crt, key));
  TRY (gnutls_x509_privkey_get_key_id (key, GNUTLS_KEYID_USE_SHA1, key_id, &key_id_size));
  TRY (gnutls_x509_crt_set_subject_key_id (crt, key_id, key_id_size));

  switch (role)
    {
    case ROLE_CA:
      TRY (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, "strata-sandbox-ca", 17));
      TRY (gnutls_x509_crt_set_basic_constraints (crt, 1, -1));
      TRY (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN |
                                               GNUTLS_KEY_DIGITAL_SIGNATURE));
      break;
    case ROLE_SERVER:
      {
        const unsigned char loopback[] = { 127, 0, 0, 1 };

        TRY (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, "strata-sandbox", 14));
        TRY (gnutls_x509_crt_set_basic_constraints (crt, 0, -1));
        TRY (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE));
        TRY (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0));
        TRY (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, "localhost", 9, GNUTLS_FSAN_APPEND));
        TRY (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, "kubernetes", 10, GNUTLS_FSAN_APPEND));
        TRY (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, loopback, 4, GNUTLS_FSAN_APPEND));
      }
      break;
    case ROLE_CLIENT:
      /* The identity kube-apiserver would read: user and group. */
      TRY (gnutls_x509_crt_set_dn (crt, "O=system:masters,CN=strata-sandbox-admin", NULL));
      TRY (gnutls_x509_crt_set_basic_constraints (crt, 0, -1));
      TRY (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE));
      TRY (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_CLIENT, 0));
      break;
    default:
      g_assert_not_reached ();
    }

  if (role == ROLE_CA)
    TRY (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0));
  else
    {
      key_id_size = sizeof key_id;
      TRY (gnutls_x509_crt_get_subject_key_id (ca_crt, key_id, &key_id_size, NULL));
      TRY (gnutls_x509_crt_set_authority_key_id (crt, key_id, key_id_size));
      TRY (gnutls_x509_crt_sign2 (crt, ca_crt, ca_key, GNUTLS_DIG_SHA256, 0));
    }
#undef TRY

  /* The key first: a certificate on disk always has its key. */
  code = gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN, &datum);
  if (code < 0)
    {
      problem = "export the key";
      goto out;
    }
  if (!write_datum (folder, key_name, &datum, TRUE, error))
    goto out;
  code = gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &datum);
  if (code < 0)
    {
      problem = "export the certificate";
      goto out;
    }
  ok = write_datum (folder, crt_name, &datum, FALSE, error);

out:
  if (problem != NULL)
    gnutls_failed (code, problem, error);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  if (key != NULL)
    gnutls_x509_privkey_deinit (key);
  return ok;
}

static gboolean
exists (const char *folder,
        const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

char *
strata_sandbox_tls_new_token (GError **error)
{
  unsigned char bytes[24];
  g_autoptr(GString) token = g_string_new (NULL);

  if (gnutls_failed (gnutls_rnd (GNUTLS_RND_KEY, bytes, sizeof bytes), "gnutls_rnd", error))
    return NULL;
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (token, "%02x", bytes[i]);
  return g_string_free (g_steal_pointer (&token), FALSE);
}

gboolean
strata_sandbox_tls_ensure (const char  *pki_folder,
                           GError     **error)
{
  gnutls_x509_crt_t ca_crt = NULL;
  gnutls_x509_privkey_t ca_key = NULL;
  gboolean ok = FALSE;

  if (g_mkdir_with_parents (pki_folder, 0700) != 0)
    {
      g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_IO,
                   _("Could not create the folder “%s”: %s"), pki_folder, g_strerror (errno));
      return FALSE;
    }

  if (!exists (pki_folder, "ca.crt") && !make_pair (pki_folder, "ca", ROLE_CA, NULL, NULL, error))
    return FALSE;

  if (gnutls_failed (gnutls_x509_crt_init (&ca_crt), "gnutls_x509_crt_init", error) ||
      gnutls_failed (gnutls_x509_privkey_init (&ca_key), "gnutls_x509_privkey_init", error) ||
      !load_pair (pki_folder, "ca", ca_crt, ca_key, error))
    goto out;

  if (!exists (pki_folder, "server.crt") && !make_pair (pki_folder, "server", ROLE_SERVER, ca_crt, ca_key, error))
    goto out;
  if (!exists (pki_folder, "client.crt") && !make_pair (pki_folder, "client", ROLE_CLIENT, ca_crt, ca_key, error))
    goto out;
  /* Earlier sandboxes kept their bearer token here: tokens are no longer
   * written to the state (strata-sandbox.h). */
  {
    g_autofree char *stale = g_build_filename (pki_folder, "token", NULL);

    if (g_unlink (stale) != 0 && errno != ENOENT)
      {
        g_set_error (error, STRATA_SANDBOX_ERROR, STRATA_SANDBOX_ERROR_IO,
                     _("Could not remove the old token file “%s”: %s"), stale, g_strerror (errno));
        goto out;
      }
  }
  ok = TRUE;

out:
  if (ca_crt != NULL)
    gnutls_x509_crt_deinit (ca_crt);
  if (ca_key != NULL)
    gnutls_x509_privkey_deinit (ca_key);
  return ok;
}

GTlsCertificate *
strata_sandbox_tls_load_server (const char  *pki_folder,
                                GError     **error)
{
  g_autofree char *crt = g_build_filename (pki_folder, "server.crt", NULL);
  g_autofree char *key = g_build_filename (pki_folder, "server.key", NULL);

  return g_tls_certificate_new_from_files (crt, key, error);
}

char *
strata_sandbox_tls_read (const char  *pki_folder,
                         const char  *name,
                         GError     **error)
{
  g_autofree char *path = g_build_filename (pki_folder, name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  return contents;
}
