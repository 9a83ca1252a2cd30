/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The store's durable state: a snapshot (written atomically) plus an
 * append-only journal of the writes since, one fsynced line per write. */
typedef struct _StrataSandboxJournal StrataSandboxJournal;

StrataSandboxJournal *strata_sandbox_journal_new       (const char            *folder);
void                  strata_sandbox_journal_free      (StrataSandboxJournal  *self);
/* Replays snapshot and journal. @objects: (element-type utf8 JsonNode) key
 * to object; a torn last line (a crash mid-write) is dropped and cut off. */
gboolean              strata_sandbox_journal_load      (StrataSandboxJournal  *self,
                                                        GHashTable            *objects,
                                                        guint64               *resource_version,
                                                        GError               **error);
/* @object NULL records a removal. The line is written (a crash of the
 * process cannot lose it), not yet synced to the disk. */
gboolean              strata_sandbox_journal_append    (StrataSandboxJournal  *self,
                                                        guint64                resource_version,
                                                        const char            *key,
                                                        JsonNode              *object,
                                                        GError               **error);
gboolean              strata_sandbox_journal_needs_sync (StrataSandboxJournal *self);
/* fdatasync: what was appended survives a power loss too. */
gboolean              strata_sandbox_journal_sync      (StrataSandboxJournal  *self,
                                                        GError               **error);
/* TRUE when the journal has grown enough beside @n_objects to be worth
 * folding into a new snapshot. */
gboolean              strata_sandbox_journal_wants_compaction (StrataSandboxJournal *self,
                                                               guint                 n_objects);
/* @objects: (element-type utf8 JsonNode) everything the store holds. */
gboolean              strata_sandbox_journal_compact   (StrataSandboxJournal  *self,
                                                        guint64                resource_version,
                                                        GHashTable            *objects,
                                                        GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataSandboxJournal, strata_sandbox_journal_free)

G_END_DECLS
