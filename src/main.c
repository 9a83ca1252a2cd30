/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The entry point of the Strata desktop application. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "strata-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(StrataApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = strata_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
