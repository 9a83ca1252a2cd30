/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "strata-pack.h"

G_BEGIN_DECLS

struct _StrataPack
{
  GObject           parent_instance;

  char             *folder;
  char             *name;
  char             *version;
  char             *display_name;
  char             *category;
  char             *description;
  GStrv             keywords;
  char             *namespace_;
  int               priority;
  char             *values;
  JsonNode         *defaults;        /* values, parsed */
  char             *readme;
  StrataJsonSchema *schema;
  GHashTable       *templates;       /* "templates/ui.yaml" → text */
  GStrv             template_names;  /* sorted */
  char             *search_text;     /* casefolded name, title, description, keywords */
};

/* strata-pack-load.c: reads self->folder into the fields above. */
gboolean  _strata_pack_load           (StrataPack  *self,
                                       GError     **error);
/* Values text as a JSON object; empty text is no values, as in Helm. */
JsonNode *_strata_pack_parse_values   (const char  *text,
                                       GError     **error);

G_END_DECLS
