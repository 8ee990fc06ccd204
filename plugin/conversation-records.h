/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Facts -> engine -> records: everything the plugin keeps for a capture.
 * One record per connection, found by its 4-tuple, holding the engine's
 * state and only the packets that changed something; the capture's end; and
 * the preferences as the engine takes them. */
#ifndef CONVERSATION_RECORDS_H
#define CONVERSATION_RECORDS_H

#include <epan/packet.h>

#include "td_engine.h"

/* Both endpoints of a connection, indexed by side. Plain bytes, zero-padded,
 * so that it can be hashed and compared as a whole. */
typedef struct conn_tuple {
    guint8 addr[2][16];
    guint16 port[2];
    guint8 type[2]; /* address_type: AT_IPv4 or AT_IPv6 */
    guint8 len[2];
} conn_tuple;

/* The record of one connection (one tcp.stream). */
typedef struct conn_record {
    td_conv conv;
    td_history history;       /* Zeek's conn.log history letters, by side */
    conn_tuple tuple;
    struct conn_record *prev; /* the connection that used the same 4-tuple before, or NULL */
    struct conn_record *next_in_bucket; /* conversation-records.c's table of 4-tuples */
    /* The packets that changed something, in frame order
     * (conversation-records.c), kept only when frames will be dissected
     * again (the GUI, tshark -2) to rebuild their results: NULL otherwise. */
    struct change_log *changes;
    guint32 stream;
    gboolean recheck_stream;  /* TCP saw a segment here the plugin could not read */
    /* Its TLS records (tls-close.c): NULL until its first payload, then a
     * marker of tls-close.c's when it carries no TLS. Read it through
     * tls-close.c only. */
    struct td_tls *tls;
} conn_record;

/* One packet's analysis as rendered and tapped (the "teardown" tap carries
 * it): built per pass in the packet's scope, from the engine on the first
 * pass and from the connection's record afterwards. */
typedef struct packet_analysis {
    conn_record *rec;
    td_result result;
} packet_analysis;

/* Creates the maps; called once at registration. */
void records_register(void);

/* Forgets everything: a new file, or the same one dissected again.
 * `dissected_again`: whether frames will be dissected again after the first
 * pass (the GUI, tshark -2), which is when what each packet did is kept to
 * be recalled; a single pass keeps only the connections. */
void records_reset(gboolean dissected_again);

/* How many packets' changes have been kept since then (for the suite's
 * check that a single pass keeps none). */
guint64 records_changes_kept(void);

/* Takes the preferences (in seconds; the known idle timers as text, see
 * td_idle_timers_parse) as the engine will use them. */
void records_configure(guint time_wait_seconds, guint close_wait_seconds, guint idle_seconds,
                       const char *idle_timers);
const td_config *records_config(void);

/* First pass: reads the packet's TCP facts, feeds the engine and keeps what
 * it said (and the TLS records, tls-close.c, which reads `tree` when it
 * asked for fields). NULL when the packet has no TCP segment to follow. */
packet_analysis *records_analyse(packet_info *pinfo, tvbuff_t *frame, proto_tree *tree);

/* Later passes: what the first pass found, with only the segment's ends
 * read again (to find its connection). */
packet_analysis *records_recall(packet_info *pinfo, tvbuff_t *frame);

/* The latest timestamp read on the first pass: the capture's end once the
 * whole file has been read. */
td_time records_capture_end(void);

/* Judges a connection as of the capture's end, or (at_end FALSE, the first
 * pass) as of its latest packet. */
void records_summarize(const conn_record *rec, gboolean at_end, td_summary *sum);

/* Only the verdict of it (td_conv_verdict): outcome, conn_state, initiator,
 * midstream and the final states. */
void records_verdict(const conn_record *rec, gboolean at_end, td_summary *sum);

/* The connections a statistics tap has seen, each once, in order of first
 * appearance: what every per-connection table collects from the tap. */
typedef struct conn_list {
    GHashTable *seen;   /* conn_record * set */
    GPtrArray *recs;    /* conn_record *, in order of first appearance */
} conn_list;

void conn_list_init(conn_list *l);
void conn_list_clear(conn_list *l);
/* Adds the packet's connection unless it is there already; whether it was new. */
gboolean conn_list_add(conn_list *l, const packet_analysis *pkt);
void conn_list_free(conn_list *l);

/* The display filter of a `-z teardown,NAME[,FILTER]` argument, copied
 * (g_free it), or NULL when there is none. tshark matches -z by prefix:
 * only `prefix` itself, then a comma, introduces a filter. */
char *tap_filter_of(const char *opt_arg, const char *prefix);

/* Whether `frame` may carry an expert info of the cause that only the
 * capture's end decides (a cheap test, before any summary is made). */
gboolean records_final_cause_frame(const conn_record *rec, guint32 frame);

#endif
