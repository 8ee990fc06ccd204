/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Records -> words: how a connection and a packet's analysis read to a
 * person. Used by the tree, the expert infos and the statistics. */
#ifndef TEARDOWN_WORDS_H
#define TEARDOWN_WORDS_H

#include <epan/packet.h>

#include "td_engine.h"
#include "conversation-records.h"

/* "client" or "server". */
const char *words_role(int role);

/* "addr:port" of a role, "[addr]:port" for IPv6. */
char *words_endpoint(wmem_allocator_t *scope, const conn_record *rec, td_role role);

/* "client 192.0.2.1:41001": the role and its endpoint, as every expert
 * info names whom it is about. */
char *words_party(wmem_allocator_t *scope, const conn_record *rec, td_role role);

/* Why the connection ended, as a clause (the narrative's first). */
void words_cause(const td_summary *sum, wmem_strbuf_t *buf);

/* A sentence on how the connection ended, for tickets: why, then how. */
void words_narrative(wmem_allocator_t *scope, const conn_record *rec, const td_summary *sum,
                     wmem_strbuf_t *buf);

/* Zeek's conn.log history of the connection, upper case for the client:
 * "ShADadFf". `buf` holds at least TD_HISTORY_MAX + 2 bytes. */
const char *words_history(const conn_record *rec, char *buf, size_t size);

/* The one-line summary at the top of the tree: the verdict, the worst thing
 * that happened to the connection, then both states after this packet
 * (this_frame: a reference to it reads "this packet", not a frame number). */
void words_summary_line(const td_result *r, const td_summary *sum, guint32 this_frame, wmem_strbuf_t *buf);

/* What became of a side's FIN, after its frame number: ", acknowledged in
 * 18 after 0.1 ms" or ", never acknowledged", then how often it was sent
 * again. */
void words_fin_fate(const td_summary *sum, int role, wmem_strbuf_t *buf);

/* The Connection line of the tree: outcome, conn_state, Zeek's history
 * (words_history), who closed first and the cause, the fields it stands
 * for. */
void words_connection_line(const td_summary *sum, const char *history, wmem_strbuf_t *buf);

/* Who enters TIME_WAIT, from a role set: "client enters", "server enters"
 * or "client and server enter"; and the verb ending that agrees with it. */
const char *words_who_enters(guint8 roles);
const char *words_verb_s(guint8 roles);

/* The TIME_WAIT preference, in whole seconds. */
guint words_time_wait_seconds(void);

/* A duration for people: milliseconds below a second, else seconds. */
void words_append_duration(wmem_strbuf_t *buf, td_time ns);

/* A byte count for people: kB from 10,000 on. */
void words_append_bytes(wmem_strbuf_t *buf, guint64 n);

/* Nanoseconds as (fractional) seconds. */
double words_seconds(td_time ns);

#endif
