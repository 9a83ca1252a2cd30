/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Requests to a sandbox server as the sandbox tests make them: HTTPS with
 * the sandbox's CA and token, answered while the main loop runs. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "strata-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  SoupSession *session;
  char        *url;
  char        *token;
} StrataTestClient;

static inline const char *
meta (JsonNode   *object,
      const char *member)
{
  JsonObject *metadata = json_object_get_object_member (json_node_get_object (object), "metadata");

  return json_object_get_string_member_with_default (metadata, member, NULL);
}

static inline SoupSession *
strata_test_sandbox_session (const char *pki)
{
  g_autofree char *ca = g_build_filename (pki, "ca.crt", NULL);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  SoupSession *session;

  database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
  /* Watches hold their connection: more than libsoup's default of two. */
  session = soup_session_new_with_options ("max-conns-per-host", 16, "tls-database", database, NULL);
  return session;
}

typedef struct
{
  guint     status;
  JsonNode *body;
  char     *text;
} Answer;

static inline void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->body, json_node_unref);
  g_clear_pointer (&answer->text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

/* One request, answered while the main loop runs the server too. */
static inline Answer
request (StrataTestClient *client,
         const char       *method,
         const char       *path,
         const char       *content_type,
         const char       *body)
{
  g_autofree char *url = g_strconcat (client->url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = g_strconcat ("Bearer ", client->token, NULL);
  Answer answer = { 0 };

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, content_type ? content_type : "application/json",
                                                request_body);
    }
  soup_session_send_and_read_async (client->session, message, G_PRIORITY_DEFAULT, NULL,
                                    strata_test_async_ready, &result);
  bytes = soup_session_send_and_read_finish (client->session, strata_test_wait (&result), &error);
  g_assert_no_error (error);

  answer.status = soup_message_get_status (message);
  answer.text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  answer.body = json_from_string (answer.text, NULL);
  return answer;
}

static inline const char *
status_string (Answer     *answer,
               const char *member)
{
  g_assert_nonnull (answer->body);
  return json_object_get_string_member_with_default (json_node_get_object (answer->body), member, NULL);
}

static const char config_map_json[] =
  "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\"},\"data\":{\"key\":\"v\"}}";

static inline Answer
create_config_map (StrataTestClient *client,
                   const char *namespace_,
                   const char *name,
                   const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/%s/configmaps%s", namespace_, query ? query : "");
  g_autofree char *body = g_strdup_printf (config_map_json, name);

  return request (client, "POST", path, "application/json", body);
}

G_END_DECLS
