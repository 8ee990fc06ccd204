/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Facts -> engine -> records: per-connection records and the packets that
 * changed them, the capture's end and the preferences the engine runs with.
 *
 * Most packets of a connection change nothing (data and pure ACKs in
 * ESTABLISHED): storing a result for each would cost more memory than the
 * connection itself. So only packets whose result cannot be rebuilt from the
 * previous change are kept, in a per-connection array, and a bitmap says
 * which frames were followed at all. The engine's td_change functions decide
 * what is kept by rebuilding each result on the first pass and comparing, so
 * later passes reproduce the first pass exactly. */
#include <epan/packet.h>
#include <epan/address.h>

#include <string.h>

#include "td_compat.h"
#include "conversation-records.h"
#include "tcp-facts.h"
#include "tls-close.h"

static wmem_map_t *full_results;  /* frame -> td_result, when the compact form is not enough */
static guint8 *followed;          /* bit per frame number */
static guint32 followed_bytes;
static td_time capture_end;       /* latest timestamp of any frame read on the first pass */
static gboolean keeps_changes;    /* frames will be dissected again: keep what each packet did */
static guint64 changes_kept;      /* since the file opened (records_changes_kept) */
static td_config config;          /* the preferences, as last applied */

/* The newest record of each 4-tuple (older ones hang off its prev chain),
 * in a chained hash table of the file's: a lookup per packet through
 * wmem_map's generic calls cost a fifth of the whole analysis, and each of
 * its entries more memory than the pointer a record carries here. */
static conn_record **buckets;     /* NULL until the first record */
static guint32 n_buckets;         /* a power of two */
static guint32 n_tuples;

static guint32 tuple_hash(const conn_tuple *t)
{
    const guint8 *p = (const guint8 *)t;
    guint32 h = 2166136261u;
    for (size_t i = 0; i < sizeof(conn_tuple); i += 4) {
        guint32 w;
        memcpy(&w, p + i, 4);
        h = (h ^ w) * 16777619u;
        h ^= h >> 15;
    }
    return h;
}

static conn_record *latest_on(const conn_tuple *tuple)
{
    if (!buckets)
        return NULL;
    conn_record *rec = buckets[tuple_hash(tuple) & (n_buckets - 1)];
    while (rec && memcmp(&rec->tuple, tuple, sizeof *tuple) != 0)
        rec = rec->next_in_bucket;
    return rec;
}

/* At most one tuple per bucket on average. */
static void grow_buckets(void)
{
    guint32 grown = n_buckets ? n_buckets * 2 : 4096;
    conn_record **table = wmem_alloc0_array(wmem_file_scope(), conn_record *, grown);
    for (guint32 b = 0; b < n_buckets; b++) {
        conn_record *rec = buckets[b];
        while (rec) {
            conn_record *next = rec->next_in_bucket;
            conn_record **slot = &table[tuple_hash(&rec->tuple) & (grown - 1)];
            rec->next_in_bucket = *slot;
            *slot = rec;
            rec = next;
        }
    }
    if (buckets)
        wmem_free(wmem_file_scope(), buckets);
    buckets = table;
    n_buckets = grown;
}

/* Makes `rec` the newest on its tuple, in place of `older` (NULL: the
 * tuple's first). */
static void put_newest(conn_record *rec, conn_record *older)
{
    if (!older && ++n_tuples > n_buckets)
        grow_buckets();
    conn_record **slot = &buckets[tuple_hash(&rec->tuple) & (n_buckets - 1)];
    if (older) {
        conn_record **at = slot;
        while (*at != older)
            at = &(*at)->next_in_bucket;
        *at = older->next_in_bucket;
        older->next_in_bucket = NULL;
    }
    rec->next_in_bucket = *slot;
    *slot = rec;
}

void records_register(void)
{
    G_STATIC_ASSERT(sizeof(conn_tuple) % 4 == 0);
    full_results = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
}

void records_reset(gboolean dissected_again)
{
    keeps_changes = dissected_again;
    changes_kept = 0;
    /* The memory went with the file scope. */
    followed = NULL;
    followed_bytes = 0;
    buckets = NULL;
    n_buckets = 0;
    n_tuples = 0;
    capture_end = 0;
}

void records_configure(guint time_wait_seconds, guint close_wait_seconds, guint idle_seconds,
                       const char *idle_timers)
{
    static td_idle_timer timers[64];
    config.time_wait = (td_time)time_wait_seconds * TD_NS_PER_SEC;
    config.close_wait = (td_time)close_wait_seconds * TD_NS_PER_SEC;
    config.idle = (td_time)idle_seconds * TD_NS_PER_SEC;
    config.n_timers = td_idle_timers_parse(idle_timers ? idle_timers : "", timers, G_N_ELEMENTS(timers));
    config.timers = timers;
}

const td_config *records_config(void)
{
    return &config;
}

td_time records_capture_end(void)
{
    return capture_end;
}

void records_summarize(const conn_record *rec, gboolean at_end, td_summary *sum)
{
    td_conv_summarize(&rec->conv, &config, at_end ? capture_end : rec->conv.last_time, sum);
}

void records_verdict(const conn_record *rec, gboolean at_end, td_summary *sum)
{
    td_conv_verdict(&rec->conv, &config, at_end ? capture_end : rec->conv.last_time, sum);
}

gboolean records_final_cause_frame(const conn_record *rec, guint32 frame)
{
    /* The first copy of a retransmission run: where a give-up in silence,
     * known only at the capture's end, is reported. */
    return frame == rec->conv.ep[0].retx_first_frame || frame == rec->conv.ep[1].retx_first_frame;
}

static gboolean put_side(conn_tuple *t, int side, const address *a, guint16 port)
{
    if (!((a->type == AT_IPv4 && a->len == 4) || (a->type == AT_IPv6 && a->len == 16)))
        return FALSE;
    t->type[side] = (guint8)a->type;
    t->len[side] = (guint8)a->len;
    if (a->len == 4) /* two fixed-size copies: inlined, unlike one of either size */
        memcpy(t->addr[side], a->data, 4);
    else
        memcpy(t->addr[side], a->data, 16);
    t->port[side] = port;
    return TRUE;
}

static gboolean tuple_of(const tcp_ends *ends, conn_tuple *tuple, guint8 *sender_side)
{
    /* Sides in a fixed order of the two endpoints, so both directions of a
     * connection agree without storing anything. */
    int c = cmp_address(&ends->src, &ends->dst);
    if (c == 0)
        c = (int)ends->src_port - (int)ends->dst_port;
    guint8 s = c < 0 ? 0 : 1;
    memset(tuple, 0, sizeof *tuple);
    if (!put_side(tuple, s, &ends->src, ends->src_port) || !put_side(tuple, s ^ 1, &ends->dst, ends->dst_port))
        return FALSE;
    *sender_side = s;
    return TRUE;
}

static conn_record *record_at(const conn_tuple *tuple, guint32 frame)
{
    conn_record *rec = latest_on(tuple);
    while (rec && rec->conv.first_frame > frame)
        rec = rec->prev;
    return rec;
}

static conn_record *add_record(const conn_tuple *tuple, guint32 stream, conn_record *prev)
{
    conn_record *rec = wmem_new0(wmem_file_scope(), conn_record);
    td_conv_init(&rec->conv);
    td_history_init(&rec->history);
    rec->tuple = *tuple;
    rec->stream = stream;
    rec->prev = prev;
    put_newest(rec, prev);
    return rec;
}

/* ---- which frames were followed ---------------------------------------- */

static void mark_followed(guint32 frame)
{
    guint32 byte = frame / 8;
    if (byte >= followed_bytes) {
        guint32 grown = MAX(followed_bytes * 2, MAX(byte + 1, 4096u));
        followed = (guint8 *)wmem_realloc(wmem_file_scope(), followed, grown);
        memset(followed + followed_bytes, 0, grown - followed_bytes);
        followed_bytes = grown;
    }
    followed[byte] |= (guint8)(1u << (frame % 8));
}

static gboolean was_followed(guint32 frame)
{
    guint32 byte = frame / 8;
    return byte < followed_bytes && (followed[byte] & (1u << (frame % 8))) != 0;
}

/* ---- rebuilding a packet's result --------------------------------------- */

/* A connection's changes, in one allocation with their count. */
typedef struct change_log {
    guint32 n, cap;
    td_change at[];
} change_log;

static td_change *append_change(conn_record *rec)
{
    change_log *log = rec->changes;
    if (!log || log->n == log->cap) {
        /* Most connections change state six to eight times: room for eight
         * at once, rather than growing to eleven through four and seven. */
        guint32 cap = log ? log->cap + log->cap / 2 + 1 : 8;
        log = (change_log *)wmem_realloc(wmem_file_scope(), log, sizeof *log + cap * sizeof(td_change));
        if (!rec->changes)
            log->n = 0;
        log->cap = cap;
        rec->changes = log;
    }
    changes_kept++;
    return &log->at[log->n++];
}

guint64 records_changes_kept(void)
{
    return changes_kept;
}

/* The last change (back = 1) or the one before it (2), NULL when none. */
static const td_change *change_back(const conn_record *rec, guint32 back)
{
    const change_log *log = rec->changes;
    return log && log->n >= back ? &log->at[log->n - back] : NULL;
}

/* Keeps what the packet did where its result cannot be rebuilt from the
 * change before: only for later passes, which recall it. */
static void note(conn_record *rec, guint32 frame, guint8 sender_side, const td_result *result)
{
    if (!keeps_changes)
        return;
    mark_followed(frame);
    td_role sender = td_conv_role_of_side(&rec->conv, sender_side);
    if (td_change_quiet(sender, change_back(rec, 1), result))
        return;
    td_change *c = append_change(rec);
    if (td_change_make(c, frame, sender, change_back(rec, 2), result)) {
        td_result *copy = wmem_new(wmem_file_scope(), td_result);
        *copy = *result;
        wmem_map_insert(full_results, GUINT_TO_POINTER(frame), copy);
    }
}

static void recall(const conn_record *rec, guint32 frame, guint8 sender_side, td_result *out)
{
    td_role sender = td_conv_role_of_side(&rec->conv, sender_side);
    const change_log *log = rec->changes;
    guint32 upto = log ? td_change_count_upto(log->at, log->n, frame) : 0;
    const td_change *at = upto ? &log->at[upto - 1] : NULL;
    if (at && at->frame == frame) {
        if (at->full) {
            const td_result *copy = (const td_result *)wmem_map_lookup(full_results, GUINT_TO_POINTER(frame));
            if (copy) {
                *out = *copy;
                return;
            }
        }
        td_change_rebuild(sender, upto > 1 ? &log->at[upto - 2] : NULL, at, out);
    } else {
        td_change_rebuild(sender, at, NULL, out);
    }
}

/* ---- the first pass and the later ones ---------------------------------- */

/* TCP may have started a new stream at a segment the plugin cannot read: the
 * next one on the tuple must ask TCP again. */
static void note_unreadable(const packet_info *pinfo)
{
    conn_tuple tuple;
    guint8 side;
    conn_record *rec;
    if (pinfo->ptype != PT_TCP)
        return;
    /* pinfo's ends, whoever set them last: at worst a needless recheck. */
    tcp_ends ends = {pinfo->src, pinfo->dst, (guint16)pinfo->srcport, (guint16)pinfo->destport, NULL, 0};
    if (tuple_of(&ends, &tuple, &side) && (rec = latest_on(&tuple)))
        rec->recheck_stream = TRUE;
}

/* A SYN/ACK answering the SYN the record holds, before the handshake is
 * done: the same connection for any version of TCP's dissector. */
static gboolean answers_its_syn(const conn_record *rec, const td_segment *seg)
{
    const td_endpoint *peer = &rec->conv.ep[seg->side ^ 1];
    return (seg->flags & (TD_TH_SYN | TD_TH_ACK)) == (TD_TH_SYN | TD_TH_ACK) && !rec->conv.established &&
           peer->sent_syn && peer->isn_known && seg->ack == peer->isn + 1;
}

/* The connection the segment belongs to. tcp.stream changes on a 4-tuple
 * only at a SYN, so TCP's conversation (a costly lookup: a fifth of the
 * analysis when asked at every SYN) is asked only then, not for the
 * answer to the record's own SYN, and for a tuple not seen yet. *fresh
 * tells whether the record is new. */
static conn_record *record_for(const packet_info *pinfo, const tcp_ends *ends, const conn_tuple *tuple,
                               const td_segment *seg, gboolean *fresh)
{
    conn_record *rec = latest_on(tuple);
    *fresh = FALSE;
    if (!rec || rec->recheck_stream || ((seg->flags & TD_TH_SYN) && !answers_its_syn(rec, seg))) {
        guint32 stream;
        if (!tcp_facts_stream(pinfo, ends, &stream))
            return NULL;
        if (rec)
            rec->recheck_stream = FALSE;
        if (!rec || rec->stream != stream) {
            rec = add_record(tuple, stream, rec);
            *fresh = TRUE;
        }
    } else if (td_conv_starts_anew(&rec->conv, seg)) {
        /* A new connection whose SYN was not captured: TCP keeps its stream
         * index, the plugin follows it apart (mid-stream), so the old one's
         * close is not judged by it. */
        rec = add_record(tuple, rec->stream, rec);
        *fresh = TRUE;
    }
    return rec;
}

packet_analysis *records_analyse(packet_info *pinfo, tvbuff_t *frame, proto_tree *tree)
{
    td_segment seg;
    tcp_ends ends;
    conn_tuple tuple;
    /* The capture ends with its last frame, whatever it carries: other
     * traffic after a connection fell silent shows how long it stayed so. */
    td_time now = (td_time)pinfo->abs_ts.secs * TD_NS_PER_SEC + pinfo->abs_ts.nsecs;
    if (now > capture_end)
        capture_end = now;
    if (!tcp_facts_read(pinfo, frame, &seg, &ends)) {
        note_unreadable(pinfo);
        return NULL;
    }
    gboolean fresh;
    conn_record *rec;
    if (!tuple_of(&ends, &tuple, &seg.side) || !(rec = record_for(pinfo, &ends, &tuple, &seg, &fresh)))
        return NULL;

    packet_analysis *pkt = wmem_new(pinfo->pool, packet_analysis); /* td_conv_feed sets all of result */
    pkt->rec = rec;
    td_conv_feed(&rec->conv, &config, &seg, &pkt->result);
    td_history_note(&rec->history, &seg);
    if (fresh && rec->prev)
        td_conv_check_reuse(&rec->conv, &rec->prev->conv, &config, &seg, &pkt->result);
    if (rec->prev && (pkt->result.anomalies & TD_BIT(TD_A_STALE_STATE)))
        td_conv_reset_stale(&rec->prev->conv, &seg);
    note(rec, seg.frame, seg.side, &pkt->result);
    tls_close_segment(pinfo, tree, rec, &seg, &ends);
    return pkt;
}

packet_analysis *records_recall(packet_info *pinfo, tvbuff_t *frame)
{
    tcp_ends ends;
    conn_tuple tuple;
    guint8 side;
    if (!was_followed(pinfo->num) || !tcp_facts_ends(pinfo, frame, &ends) || !tuple_of(&ends, &tuple, &side))
        return NULL;
    conn_record *rec = record_at(&tuple, pinfo->num);
    if (!rec)
        return NULL;
    packet_analysis *pkt = wmem_new(pinfo->pool, packet_analysis);
    pkt->rec = rec;
    recall(rec, pinfo->num, side, &pkt->result);
    return pkt;
}

/* ---- the connections a tap has seen ------------------------------------- */

void conn_list_init(conn_list *l)
{
    l->seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    l->recs = g_ptr_array_new();
}

void conn_list_clear(conn_list *l)
{
    g_hash_table_remove_all(l->seen);
    g_ptr_array_set_size(l->recs, 0);
}

gboolean conn_list_add(conn_list *l, const packet_analysis *pkt)
{
    if (!pkt || g_hash_table_contains(l->seen, pkt->rec))
        return FALSE;
    g_hash_table_add(l->seen, pkt->rec);
    g_ptr_array_add(l->recs, pkt->rec);
    return TRUE;
}

void conn_list_free(conn_list *l)
{
    g_hash_table_destroy(l->seen);
    g_ptr_array_free(l->recs, TRUE);
}

char *tap_filter_of(const char *opt_arg, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(opt_arg, prefix, n) != 0 || opt_arg[n] != ',' || opt_arg[n + 1] == '\0')
        return NULL;
    return g_strdup(opt_arg + n + 1);
}
