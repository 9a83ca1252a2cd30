/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Converts an AWS query or EC2 protocol XML answer into JSON the rest of
 * Strata reads like the rest-json services' answers:
 *   - an element holding only text becomes a string (numbers and booleans
 *     stay strings: the XML does not say which they are);
 *   - an element whose children are all <member> or <item> becomes an array;
 *   - other elements become objects; a name repeated among siblings becomes
 *     an array;
 *   - an empty element is an empty array when its name ends in "Set" (EC2)
 *     or is one of @list_names, else an empty string.
 * Namespaces and attributes are dropped. Returns the root element's value;
 * @root_name receives its name. */
JsonNode *_strata_aws_xml_parse (const char          *data,
                                 gsize                size,
                                 const char * const  *list_names,
                                 char               **root_name,
                                 GError             **error);

G_END_DECLS
