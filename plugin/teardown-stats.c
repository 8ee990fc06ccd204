/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Records + words -> statistics: `tshark -z teardown,conns` (one row per
 * connection), `tshark -z teardown,stat` (counts), and the GUI's
 * Statistics > TCP Teardown tree, all judged from the engine's summaries of
 * the records, listening to the "teardown" tap. */
#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>
#include <epan/stats_tree_priv.h>

#include <stdio.h>
#include <string.h>

#include "td_compat.h"
#include "conversation-records.h"
#include "teardown-words.h"
#include "teardown-stats.h"
#include "teardown-ladder.h"
#include "teardown-hosts.h"
#include "tls-close.h"

/* Category headings, in print order; the stats tree uses the same ones. */
enum { CAT_OUTCOME, CAT_CAUSE, CAT_CONN_STATE, CAT_INITIATOR, CAT_CLIENT_FINAL, CAT_SERVER_FINAL, CAT_ANOMALY, CAT_COUNT };

static const char *const category_names[CAT_COUNT] = {
    "Outcome", "Cause", "conn_state", "Initiator", "Client final state", "Server final state", "Expert infos",
};

typedef void (*category_cb)(void *ctx, int category, const char *value);

/* Every category a conversation counts in: one value each, several anomalies. */
static void for_each_category(const td_summary *sum, category_cb cb, void *ctx)
{
    cb(ctx, CAT_OUTCOME, td_outcome_name(sum->outcome));
    cb(ctx, CAT_CAUSE, td_cause_name(sum->cause));
    cb(ctx, CAT_CONN_STATE, td_conn_state_name(sum->conn_state));
    cb(ctx, CAT_INITIATOR, sum->initiator == TD_ROLE_NONE ? "nobody closed" : td_role_name(sum->initiator));
    cb(ctx, CAT_CLIENT_FINAL, td_state_name(sum->final_state[TD_CLIENT]));
    cb(ctx, CAT_SERVER_FINAL, td_state_name(sum->final_state[TD_SERVER]));
    for (int a = 0; a < TD_ANOMALY_COUNT; a++)
        if (sum->anomalies & TD_BIT(a))
            cb(ctx, CAT_ANOMALY, td_anomaly_name((td_anomaly)a));
}

/* ---- tshark -z teardown,conns / teardown,stat ----------------------------- */

typedef struct conns_tap {
    gboolean counts;          /* teardown,stat rather than teardown,conns */
    char *filter;
    conn_list conns;
} conns_tap;

static void conns_reset(void *tapdata)
{
    conns_tap *t = (conns_tap *)tapdata;
    conn_list_clear(&t->conns);
}

static tap_packet_status conns_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                      const void *data, tap_flags_t flags _U_)
{
    conns_tap *t = (conns_tap *)tapdata;
    return conn_list_add(&t->conns, (const packet_analysis *)data) ? TAP_PACKET_REDRAW : TAP_PACKET_DONT_REDRAW;
}

static gint by_stream(gconstpointer a, gconstpointer b)
{
    const conn_record *x = *(const conn_record *const *)a, *y = *(const conn_record *const *)b;
    return x->stream < y->stream ? -1 : x->stream > y->stream;
}

static void print_flags(const conn_record *rec, const td_summary *sum)
{
    gboolean any = FALSE;
    for (int a = 0; a < TD_ANOMALY_COUNT; a++) {
        if (!(sum->anomalies & TD_BIT(a)))
            continue;
        printf("%steardown.%s", any ? "," : "", td_anomaly_name((td_anomaly)a));
        any = TRUE;
    }
    if (tls_close_truncated(rec)) {
        printf("%steardown.tls.truncated", any ? "," : "");
        any = TRUE;
    }
    if (!any)
        printf("-");
}

static void draw_conns(conns_tap *t)
{
    printf("stream\tclient\tserver\tconn_state\toutcome\tinitiator\tclient_final_state\tserver_final_state"
           "\tfirst_close_frame\tclose_duration\tflags\tcause\thistory\tclient_tls_close\tserver_tls_close\tnarrative\n");
    wmem_allocator_t *scratch = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    for (guint i = 0; i < t->conns.recs->len; i++) {
        const conn_record *rec = (const conn_record *)g_ptr_array_index(t->conns.recs, i);
        td_summary sum;
        records_summarize(rec, TRUE, &sum);
        printf("%u\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t", rec->stream, words_endpoint(scratch, rec, TD_CLIENT),
               words_endpoint(scratch, rec, TD_SERVER), td_conn_state_name(sum.conn_state),
               td_outcome_name(sum.outcome), sum.initiator == TD_ROLE_NONE ? "-" : td_role_name(sum.initiator),
               td_state_name(sum.final_state[TD_CLIENT]), td_state_name(sum.final_state[TD_SERVER]));
        if (sum.first_close_frame)
            printf("%u\t%.6f\t", sum.first_close_frame, (double)sum.close_duration / (double)TD_NS_PER_SEC);
        else
            printf("-\t-\t");
        print_flags(rec, &sum);
        printf("\t%s", td_cause_name(sum.cause));
        char history[TD_HISTORY_MAX + 2];
        printf("\t%s", words_history(rec, history, sizeof history));
        printf("\t%s\t%s", tls_close_label(rec, TD_CLIENT), tls_close_label(rec, TD_SERVER));
        wmem_strbuf_t *story = wmem_strbuf_new(scratch, "");
        words_narrative(scratch, rec, &sum, story);
        printf("\t%s\n", wmem_strbuf_get_str(story));
        wmem_free_all(scratch);
    }
    wmem_destroy_allocator(scratch);
}

/* Counts per (category, value), kept in first-seen order for printing. */
typedef struct stat_counts {
    GPtrArray *keys[CAT_COUNT];     /* const char * values */
    GHashTable *count[CAT_COUNT];   /* value -> GUINT count */
} stat_counts;

static void count_one(void *ctx, int category, const char *value)
{
    stat_counts *c = (stat_counts *)ctx;
    gpointer old = g_hash_table_lookup(c->count[category], value);
    if (!old)
        g_ptr_array_add(c->keys[category], (gpointer)value);
    g_hash_table_insert(c->count[category], (gpointer)value, GUINT_TO_POINTER(GPOINTER_TO_UINT(old) + 1));
}

static void draw_stat(conns_tap *t)
{
    stat_counts c;
    for (int i = 0; i < CAT_COUNT; i++) {
        c.keys[i] = g_ptr_array_new();
        c.count[i] = g_hash_table_new(g_str_hash, g_str_equal);
    }
    for (guint i = 0; i < t->conns.recs->len; i++) {
        td_summary sum;
        records_summarize((const conn_record *)g_ptr_array_index(t->conns.recs, i), TRUE, &sum);
        for_each_category(&sum, count_one, &c);
    }
    guint total = t->conns.recs->len;
    printf("\n===================================================================\n");
    printf("TCP Teardown Statistics%s%s\n", t->filter ? " filter: " : "", t->filter ? t->filter : "");
    printf("Connections: %u\n", total);
    for (int i = 0; i < CAT_COUNT; i++) {
        printf("%s\n", category_names[i]);
        for (guint k = 0; k < c.keys[i]->len; k++) {
            const char *value = (const char *)g_ptr_array_index(c.keys[i], k);
            guint n = GPOINTER_TO_UINT(g_hash_table_lookup(c.count[i], value));
            printf("  %-36s %8u %7.2f%%\n", value, n, total ? 100.0 * n / total : 0.0);
        }
        g_ptr_array_free(c.keys[i], TRUE);
        g_hash_table_destroy(c.count[i]);
    }
    printf("===================================================================\n");
}

static void conns_draw(void *tapdata)
{
    conns_tap *t = (conns_tap *)tapdata;
    g_ptr_array_sort(t->conns.recs, by_stream);
    if (t->counts)
        draw_stat(t);
    else
        draw_conns(t);
}

static void conns_finish(void *tapdata)
{
    conns_tap *t = (conns_tap *)tapdata;
    conn_list_free(&t->conns);
    g_free(t->filter);
    g_free(t);
}

static TD_STAT_INIT_RET conns_init_common(const char *opt_arg, gboolean counts)
{
    const char *prefix = counts ? "teardown,stat" : "teardown,conns";
    conns_tap *t = g_new0(conns_tap, 1);
    t->counts = counts;
    t->filter = tap_filter_of(opt_arg, prefix);
    conn_list_init(&t->conns);
    GString *err = register_tap_listener("teardown", t, t->filter, TL_REQUIRES_NOTHING, conns_reset, conns_packet,
                                         conns_draw, conns_finish);
    if (err) {
        fprintf(stderr, "tshark: couldn't register %s tap: %s\n", prefix, err->str);
        g_string_free(err, TRUE);
        conns_finish(t);
        TD_STAT_INIT_FAIL;
    }
    TD_STAT_INIT_OK;
}

static TD_STAT_INIT_RET conns_init(const char *opt_arg, void *userdata _U_)
{
    TD_STAT_INIT_RETURN(conns_init_common(opt_arg, FALSE));
}

static TD_STAT_INIT_RET stat_init(const char *opt_arg, void *userdata _U_)
{
    TD_STAT_INIT_RETURN(conns_init_common(opt_arg, TRUE));
}

/* ---- GUI: Statistics > TCP Teardown ---------------------------------------- */

/* The GUI sorts siblings by a column (count, by default) and breaks ties by
 * name, which put equal headings in reverse alphabetical order. Siblings
 * that all carry a range are compared by its floor alone, ascending
 * whatever the column (Wireshark's "sort ranges by name only, fixed order"
 * preferences, on by default), so each node here gets a one-value range
 * holding its place: headings and values in the order below, connections in
 * stream order. */
#define TREE_CONNS_LISTED 50   /* connections listed under each value, at most */

static void hold_place(stats_tree *st, int id, gint place)
{
    if (id < 0 || (guint)id >= st->parents->len)
        return;
    stat_node *node = (stat_node *)g_ptr_array_index(st->parents, id);
    if (node->rng)
        return;
    node->rng = g_new(range_pair_t, 1);
    node->rng->floor = node->rng->ceil = place;
}

static int tick_in_place(stats_tree *st, const char *name, int parent, gint place)
{
    int id = tick_stat_node(st, name, parent, TRUE);
    hold_place(st, id, place);
    return id;
}

/* Readable headings, in the order a support engineer reads them. */
enum { TREE_OUTCOME, TREE_CAUSE, TREE_ERRORS, TREE_WARNINGS, TREE_NOTES, TREE_EVENTS, TREE_CLIENT_FINAL,
       TREE_SERVER_FINAL, TREE_INITIATOR, TREE_CONN_STATE, TREE_COUNT };

static const char *const tree_headings[TREE_COUNT] = {
    "How it ended (teardown.outcome)", "Why it ended (teardown.cause)", "Errors", "Warnings", "Notes",
    "Normal close events (Chat)", "Client's final state", "Server's final state",
    "Who closed first (teardown.initiator)", "Zeek conn_state (teardown.conn_state)",
};

static const char *const outcome_labels[TD_OUTCOME_COUNT] = {
    "open: no FIN or RST", "graceful: both FINs sent and acknowledged",
    "half_closed: one side closed, the other never sent its FIN",
    "incomplete: both FINs, one never acknowledged", "reset: an RST ended it", "refused: RST answered the SYN",
    "unanswered: the SYN got no answer",
};

/* Each expert info's heading and words, as Wireshark's expert dialog
 * groups them (the registered severity; the capture-edge and accepted-reuse
 * Notes count under their main name). */
static const struct { int heading; const char *label; } anomaly_rows[TD_ANOMALY_COUNT] = {
    [TD_A_CLOSE_ACTIVE] = {TREE_EVENTS, "first FIN (active close)"},
    [TD_A_CLOSE_PASSIVE] = {TREE_EVENTS, "the other side's FIN (passive close)"},
    [TD_A_CLOSE_SIMULTANEOUS] = {TREE_NOTES, "both FINs crossed (simultaneous close)"},
    [TD_A_HALF_CLOSE] = {TREE_NOTES, "data sent after the peer's FIN"},
    [TD_A_FIN_RETRANSMISSION] = {TREE_NOTES, "FIN sent again"},
    [TD_A_FIN_UNACKED] = {TREE_WARNINGS, "FIN never acknowledged"},
    [TD_A_RST_ABORT] = {TREE_WARNINGS, "RST ends an established connection without FINs"},
    [TD_A_RST_AFTER_FIN] = {TREE_WARNINGS, "RST after a FIN"},
    [TD_A_RST_REFUSED] = {TREE_NOTES, "RST answers a SYN (refused)"},
    [TD_A_RST_OUT_OF_WINDOW] = {TREE_WARNINGS, "RST outside the receiver's window"},
    [TD_A_RST_DATA_LOSS] = {TREE_WARNINGS, "RST discards unacknowledged data"},
    [TD_A_RST_MIDDLEBOX] = {TREE_WARNINGS, "RST likely sent by a middlebox (TTL)"},
    [TD_A_TIME_WAIT] = {TREE_NOTES, "endpoint enters TIME_WAIT"},
    [TD_A_TIME_WAIT_REUSE] = {TREE_NOTES, "SYN reuses a 4-tuple still in TIME_WAIT"},
    [TD_A_TIME_WAIT_FIN_RETRANSMISSION] = {TREE_NOTES, "FIN re-sent to TIME_WAIT (final ACK lost)"},
    [TD_A_TIME_WAIT_RST] = {TREE_WARNINGS, "RST received in TIME_WAIT (RFC 1337)"},
    [TD_A_CLOSE_WAIT_STUCK] = {TREE_WARNINGS, "endpoint stuck in CLOSE_WAIT"},
    [TD_A_DATA_AFTER_FIN] = {TREE_ERRORS, "new data after the sender's own FIN"},
    [TD_A_IDLE_TIMEOUT] = {TREE_WARNINGS, "FIN or RST after an idle gap"},
    [TD_A_KEEPALIVE_RACE] = {TREE_WARNINGS, "data crossed the peer's FIN, answered by RST"},
    [TD_A_RETRANSMISSION_TIMEOUT] = {TREE_ERRORS, "died after unanswered retransmissions"},
    [TD_A_KEEPALIVE_TIMEOUT] = {TREE_WARNINGS, "keep-alive probes unanswered, then RST"},
    [TD_A_RST_IGNORED] = {TREE_WARNINGS, "RST's receiver kept sending"},
    [TD_A_STALE_STATE] = {TREE_WARNINGS, "SYN met a stale connection, then RST"},
};

static int st_connections;
static int st_heading[TREE_COUNT];

static void tree_init(stats_tree *st)
{
    st_connections = stats_tree_create_node(st, "Connections", 0, STAT_DT_INT, TRUE);
    for (int i = 0; i < TREE_COUNT; i++) {
        st_heading[i] = stats_tree_create_node(st, tree_headings[i], st_connections, STAT_DT_INT, TRUE);
        hold_place(st, st_heading[i], i);
    }
}

/* A value under a heading, and this connection under it (the first
 * TREE_CONNS_LISTED by stream; the rest are counted on one line). */
static void tick_value(stats_tree *st, int heading, const char *label, gint place, const conn_record *rec,
                       const char *conn_label)
{
    int value = tick_in_place(st, label, st_heading[heading], place);
    stat_node *node = (stat_node *)g_ptr_array_index(st->parents, value);
    if (node->counter <= TREE_CONNS_LISTED)
        tick_in_place(st, conn_label, value, (gint)MIN(rec->stream, (guint32)G_MAXINT - 1));
    else
        tick_in_place(st, "more connections: -z teardown,conns or the filter", value, G_MAXINT);
}

/* A connection is counted once, at its last packet, which is known only once
 * the whole capture has been read (as it is whenever the GUI retaps). */
static tap_packet_status tree_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                                     const void *data, tap_flags_t flags _U_)
{
    const packet_analysis *pkt = (const packet_analysis *)data;
    if (!pkt || !PINFO_FD_VISITED(pinfo) || pinfo->num != pkt->rec->conv.last_frame)
        return TAP_PACKET_DONT_REDRAW;
    const conn_record *rec = pkt->rec;
    td_summary sum;
    records_summarize(rec, TRUE, &sum);
    char *conn = wmem_strdup_printf(pinfo->pool, "stream %u: %s -> %s", rec->stream,
                                    words_endpoint(pinfo->pool, rec, TD_CLIENT),
                                    words_endpoint(pinfo->pool, rec, TD_SERVER));
    tick_stat_node(st, "Connections", 0, TRUE);
    /* Every heading counts connections, each once, so its values are shares of them. */
    gboolean under[TREE_COUNT] = {FALSE};
    for (int i = 0; i < TREE_COUNT; i++)
        under[i] = i < TREE_ERRORS || i > TREE_EVENTS;
    for (int a = 0; a < TD_ANOMALY_COUNT; a++)
        if (sum.anomalies & TD_BIT(a))
            under[anomaly_rows[a].heading] = TRUE;
    for (int i = 0; i < TREE_COUNT; i++)
        if (under[i])
            tick_stat_node(st, tree_headings[i], st_connections, TRUE);
    tick_value(st, TREE_OUTCOME, outcome_labels[sum.outcome], sum.outcome, rec, conn);
    tick_value(st, TREE_CAUSE, td_cause_name(sum.cause), sum.cause, rec, conn);
    for (int a = 0; a < TD_ANOMALY_COUNT; a++)
        if (sum.anomalies & TD_BIT(a)) {
            const char *label = wmem_strdup_printf(pinfo->pool, "%s (teardown.%s)", anomaly_rows[a].label,
                                                   td_anomaly_name((td_anomaly)a));
            tick_value(st, anomaly_rows[a].heading, label, a, rec, conn);
        }
    tick_value(st, TREE_CLIENT_FINAL, td_state_name(sum.final_state[TD_CLIENT]), sum.final_state[TD_CLIENT], rec,
               conn);
    tick_value(st, TREE_SERVER_FINAL, td_state_name(sum.final_state[TD_SERVER]), sum.final_state[TD_SERVER], rec,
               conn);
    tick_value(st, TREE_INITIATOR, sum.initiator == TD_ROLE_NONE ? "nobody closed" : td_role_name(sum.initiator),
               sum.initiator, rec, conn);
    tick_value(st, TREE_CONN_STATE, td_conn_state_name(sum.conn_state), sum.conn_state, rec, conn);
    return TAP_PACKET_REDRAW;
}

void teardown_stats_register(void)
{
    static tap_param filter_param[] = {{PARAM_FILTER, "filter", "Filter", NULL, TRUE}};
    static stat_tap_ui conns_ui = {REGISTER_STAT_GROUP_GENERIC, "TCP Teardown connections", "teardown,conns",
                                   conns_init, array_length(filter_param), filter_param};
    static stat_tap_ui stat_ui = {REGISTER_STAT_GROUP_GENERIC, "TCP Teardown statistics", "teardown,stat",
                                  stat_init, array_length(filter_param), filter_param};
    register_stat_tap_ui(&conns_ui, NULL);
    register_stat_tap_ui(&stat_ui, NULL);
    stats_tree_register_plugin("teardown", "teardown_tree", "TCP Teardown", 0, tree_packet, tree_init, NULL);
    teardown_ladder_register();
    teardown_hosts_register();
}
