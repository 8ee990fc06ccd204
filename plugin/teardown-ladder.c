/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Records + words -> `tshark -z teardown,ladder[,FILTER]`: each selected
 * connection as a ladder, one line per packet that changed something or
 * carried data during the close, quiet stretches folded. Costs nothing
 * unless asked for: the listeners exist only while the -z is given. */
#include <epan/packet.h>
#include <epan/epan_dissect.h>
#include <epan/tap.h>
#include <epan/stat_tap_ui.h>

#include <stdio.h>
#include <string.h>

#include "td_compat.h"
#include "conversation-records.h"
#include "tcp-facts.h"
#include "teardown-words.h"
#include "teardown-ladder.h"

/* Widths of the packet lines (see the README for the format). */
#define LADDER_WIDTH 100
#define ARROW_WIDTH 36
/* Where "+" lines (anomalies that did not fit) start: under the arrow. */
#define LADDER_CONT_INDENT 30

/* One packet of a connection, as the ladder prints it. */
typedef struct ladder_row {
    guint32 frame;
    guint32 seq, ack, len;
    td_time time;
    guint32 anomalies;
    guint16 flags;
    guint8 sender;        /* td_role */
    guint8 before[2], after[2];
} ladder_row;

typedef struct ladder_conn {
    const conn_record *rec;
    GArray *rows;         /* ladder_row, in frame order */
    gboolean selected;
} ladder_conn;

typedef struct ladder_tap {
    char *filter;
    GHashTable *conns;    /* conn_record * -> ladder_conn * */
    struct ladder_select *select;
} ladder_tap;

/* The listener that applies the filter: it only marks connections. */
typedef struct ladder_select {
    ladder_tap *owner;    /* read only while packets are tapped: both listeners live then */
} ladder_select;

static ladder_conn *conn_of(ladder_tap *t, const conn_record *rec)
{
    ladder_conn *c = (ladder_conn *)g_hash_table_lookup(t->conns, rec);
    if (!c) {
        c = g_new0(ladder_conn, 1);
        c->rec = rec;
        c->rows = g_array_new(FALSE, FALSE, sizeof(ladder_row));
        c->selected = t->filter == NULL;
        g_hash_table_insert(t->conns, (gpointer)rec, c);
    }
    return c;
}

static void free_conn(gpointer p)
{
    ladder_conn *c = (ladder_conn *)p;
    g_array_free(c->rows, TRUE);
    g_free(c);
}

static void ladder_reset(void *tapdata)
{
    ladder_tap *t = (ladder_tap *)tapdata;
    g_hash_table_remove_all(t->conns);
}

static tap_packet_status ladder_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt, const void *data,
                                       tap_flags_t flags _U_)
{
    ladder_tap *t = (ladder_tap *)tapdata;
    const packet_analysis *pkt = (const packet_analysis *)data;
    td_segment seg;
    tcp_ends ends;
    /* The analysis has the states; the header has what the arrow shows. */
    if (!pkt || !edt || !tcp_facts_read(pinfo, edt->tvb, &seg, &ends))
        return TAP_PACKET_DONT_REDRAW;
    ladder_row row;
    memset(&row, 0, sizeof row);
    row.frame = pinfo->num;
    row.time = seg.time;
    row.seq = seg.seq;
    row.ack = seg.ack;
    row.len = seg.len;
    row.flags = seg.flags;
    row.sender = pkt->result.sender;
    row.anomalies = pkt->result.anomalies;
    for (int r = 0; r < 2; r++) {
        row.before[r] = pkt->result.before[r];
        row.after[r] = pkt->result.after[r];
    }
    g_array_append_val(conn_of(t, pkt->rec)->rows, row);
    return TAP_PACKET_REDRAW;
}

static tap_packet_status select_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                       const void *data, tap_flags_t flags _U_)
{
    ladder_select *s = (ladder_select *)tapdata;
    const packet_analysis *pkt = (const packet_analysis *)data;
    if (pkt)
        conn_of(s->owner, pkt->rec)->selected = TRUE;
    return TAP_PACKET_DONT_REDRAW;
}

/* ---- drawing -------------------------------------------------------------- */

/* Flag letters as the ladder prints them: S F R P A, in that order. */
static void flag_letters(guint16 flags, char *out)
{
    static const struct {
        guint16 bit;
        char c;
    } letters[] = {{TD_TH_SYN, 'S'}, {TD_TH_FIN, 'F'}, {TD_TH_RST, 'R'}, {TD_TH_PSH, 'P'}, {TD_TH_ACK, 'A'}};
    int n = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(letters); i++)
        if (flags & letters[i].bit)
            out[n++] = letters[i].c;
    if (n == 0)
        out[n++] = '-';
    out[n] = '\0';
}

/* Wireshark's relative numbers: a side's first SYN is 0, else the first
 * number it was seen to send is 1. */
typedef struct ladder_bases {
    guint32 base[2];
    gboolean known[2];
} ladder_bases;

static void find_bases(const ladder_conn *c, ladder_bases *b)
{
    memset(b, 0, sizeof *b);
    for (guint i = 0; i < c->rows->len; i++) {
        const ladder_row *r = &g_array_index(c->rows, ladder_row, i);
        if (r->sender > TD_SERVER || b->known[r->sender])
            continue;
        b->base[r->sender] = (r->flags & TD_TH_SYN) ? r->seq : r->seq - 1;
        b->known[r->sender] = TRUE;
    }
}

/* The arrow: "-- FA seq=1 ack=1 len=0 ----->" from client to server,
 * "<----- A seq=1 ack=2 len=0 --" back. */
static void append_arrow(GString *line, const ladder_row *r, const ladder_bases *b)
{
    char flags[8];
    flag_letters(r->flags, flags);
    int peer = r->sender == TD_CLIENT ? TD_SERVER : TD_CLIENT;
    GString *inner = g_string_new(NULL);
    g_string_append_printf(inner, "%s seq=%u ", flags, r->seq - b->base[r->sender]);
    if (!(r->flags & TD_TH_ACK))
        g_string_append(inner, "ack=-");
    else if (b->known[peer])
        g_string_append_printf(inner, "ack=%u", r->ack - b->base[peer]);
    else
        g_string_append_printf(inner, "ack=%u(raw)", r->ack);
    g_string_append_printf(inner, " len=%u", r->len);
    int dashes = ARROW_WIDTH - (int)inner->len - 6;
    if (dashes < 1)
        dashes = 1;
    if (r->sender == TD_CLIENT) {
        g_string_append_printf(line, "-- %s ", inner->str);
        for (int i = 0; i < dashes + 1; i++)
            g_string_append_c(line, '-');
        g_string_append_c(line, '>');
    } else {
        g_string_append_c(line, '<');
        for (int i = 0; i < dashes + 1; i++)
            g_string_append_c(line, '-');
        g_string_append_printf(line, " %s --", inner->str);
    }
    g_string_free(inner, TRUE);
}

/* The packet's anomalies, causal ones and those the end of the capture
 * decided (an unacknowledged FIN, a CLOSE_WAIT stuck). */
static void collect_anomalies(GPtrArray *names, const ladder_row *r, const td_summary *sum)
{
    for (int a = 0; a < TD_ANOMALY_COUNT; a++)
        if (r->anomalies & TD_BIT(a))
            g_ptr_array_add(names, g_strdup(td_anomaly_name((td_anomaly)a)));
    for (int role = 0; role < 2; role++) {
        if (sum->fin_sent[role] && !sum->fin_taken[role] && r->frame == sum->fin_frame[role])
            g_ptr_array_add(names, g_strdup_printf("%s%s", td_anomaly_name(TD_A_FIN_UNACKED),
                                                   sum->capture_edge[role] ? ".capture_edge" : ""));
        if (sum->close_wait_stuck[role] && r->after[role] == TD_CLOSE_WAIT && r->before[role] != TD_CLOSE_WAIT) {
            gboolean edge = sum->final_state[role] == TD_CLOSE_WAIT && sum->capture_edge[role];
            g_ptr_array_add(names, g_strdup_printf("%s%s", td_anomaly_name(TD_A_CLOSE_WAIT_STUCK),
                                                   edge ? ".capture_edge" : ""));
        }
    }
}

/* Appends to `line` the names that fit in LADDER_WIDTH columns, comma
 * separated, from names[*next] on; "-" for none at all, "+" when not even
 * the first fits (it goes on a "+" line below). */
static void append_names_that_fit(GString *line, GPtrArray *names, guint *next)
{
    gboolean any = FALSE;
    while (*next < names->len) {
        const char *name = (const char *)g_ptr_array_index(names, *next);
        if (line->len + (any ? 1 : 0) + strlen(name) > LADDER_WIDTH && (any || line->len > LADDER_CONT_INDENT + 2))
            break;
        g_string_append_printf(line, "%s%s", any ? "," : "", name);
        any = TRUE;
        (*next)++;
    }
    if (!any)
        g_string_append_c(line, names->len ? '+' : '-');
}

/* Whether a packet gets a line of its own: it carried a SYN, FIN or RST,
 * changed a state, raised an event or anomaly, or came during the close. */
static gboolean row_shown(const ladder_row *r, const td_summary *sum)
{
    if (r->flags & (TD_TH_SYN | TD_TH_FIN | TD_TH_RST))
        return TRUE;
    if (r->before[0] != r->after[0] || r->before[1] != r->after[1] || r->anomalies)
        return TRUE;
    return sum->first_close_frame && r->frame >= sum->first_close_frame && r->len > 0;
}

static void print_row(const ladder_row *r, td_time start, const ladder_bases *b, const td_summary *sum)
{
    GString *line = g_string_new(NULL);
    g_string_append_printf(line, "%6u %9.6f %-12s ", r->frame, words_seconds(r->time - start),
                           td_state_name((td_state)r->after[TD_CLIENT]));
    append_arrow(line, r, b);
    g_string_append_printf(line, " %-12s ", td_state_name((td_state)r->after[TD_SERVER]));
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    collect_anomalies(names, r, sum);
    guint next = 0;
    append_names_that_fit(line, names, &next);
    printf("%s\n", line->str);
    /* Names that did not fit continue on "+" lines. */
    while (next < names->len) {
        g_string_printf(line, "%*s+ ", LADDER_CONT_INDENT, "");
        append_names_that_fit(line, names, &next);
        printf("%s\n", line->str);
    }
    g_ptr_array_free(names, TRUE);
    g_string_free(line, TRUE);
}

static void print_fold(guint packets, guint64 bytes[2])
{
    printf("%6s %9s ... %u packets, nothing changed: client sent %" G_GUINT64_FORMAT " bytes, server sent %"
           G_GUINT64_FORMAT " bytes\n", "", "", packets, bytes[TD_CLIENT], bytes[TD_SERVER]);
}

/* "narrative " lines of at most LADDER_WIDTH columns, broken at spaces. */
static void print_wrapped(const char *key, const char *text)
{
    size_t room = LADDER_WIDTH - strlen(key) - 1;
    const char *p = text;
    while (*p) {
        size_t n = strlen(p);
        if (n > room) {
            n = room;
            while (n > 0 && p[n] != ' ')
                n--;
            if (n == 0)
                n = room;
        }
        printf("%s %.*s\n", key, (int)n, p);
        p += n;
        while (*p == ' ')
            p++;
    }
}

/* Cause of the connection's end: "-" until the engine judges causes. */
static const char *ladder_cause(const td_summary *sum)
{
    return td_cause_name(sum->cause);
}

static void draw_conn(const ladder_conn *c, wmem_allocator_t *scratch)
{
    const conn_record *rec = c->rec;
    td_summary sum;
    records_summarize(rec, TRUE, &sum);
    char history[TD_HISTORY_MAX + 2];
    printf("stream %u client %s server %s\n", rec->stream, words_endpoint(scratch, rec, TD_CLIENT),
           words_endpoint(scratch, rec, TD_SERVER));
    printf("outcome %s conn_state %s cause %s history %s\n", td_outcome_name(sum.outcome),
           td_conn_state_name(sum.conn_state), ladder_cause(&sum), words_history(rec, history, sizeof history));
    wmem_strbuf_t *story = wmem_strbuf_new(scratch, "");
    words_narrative(scratch, rec, &sum, story);
    print_wrapped("narrative", wmem_strbuf_get_str(story));
    printf("%6s %9s %-12s %-*s %-12s %s\n", "frame", "time", "client", ARROW_WIDTH, "packet", "server",
           "anomalies");

    ladder_bases b;
    find_bases(c, &b);
    td_time start = c->rows->len ? g_array_index(c->rows, ladder_row, 0).time : 0;
    guint quiet = 0;
    guint64 quiet_bytes[2] = {0, 0};
    const ladder_row *last_quiet = NULL;
    for (guint i = 0; i <= c->rows->len; i++) {
        const ladder_row *r = i < c->rows->len ? &g_array_index(c->rows, ladder_row, i) : NULL;
        if (r && !row_shown(r, &sum)) {
            quiet++;
            quiet_bytes[r->sender & 1] += r->len;
            last_quiet = r;
            continue;
        }
        /* A single quiet packet reads better as itself than as a fold. */
        if (quiet == 1)
            print_row(last_quiet, start, &b, &sum);
        else if (quiet > 1)
            print_fold(quiet, quiet_bytes);
        quiet = 0;
        quiet_bytes[0] = quiet_bytes[1] = 0;
        if (r)
            print_row(r, start, &b, &sum);
    }
    printf("\n");
}

static gint by_stream(gconstpointer a, gconstpointer b)
{
    const ladder_conn *x = *(const ladder_conn *const *)a, *y = *(const ladder_conn *const *)b;
    return x->rec->stream < y->rec->stream ? -1 : x->rec->stream > y->rec->stream;
}

static void ladder_draw(void *tapdata)
{
    ladder_tap *t = (ladder_tap *)tapdata;
    GPtrArray *order = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, t->conns);
    while (g_hash_table_iter_next(&it, NULL, &value))
        if (((ladder_conn *)value)->selected)
            g_ptr_array_add(order, value);
    g_ptr_array_sort(order, by_stream);
    printf("\n=== TCP Teardown ladder%s%s ===\n\n", t->filter ? ", filter: " : "", t->filter ? t->filter : "");
    wmem_allocator_t *scratch = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    for (guint i = 0; i < order->len; i++) {
        draw_conn((const ladder_conn *)g_ptr_array_index(order, i), scratch);
        wmem_free_all(scratch);
    }
    wmem_destroy_allocator(scratch);
    g_ptr_array_free(order, TRUE);
}

/* Each listener frees only its own data: tshark removes them one by one. */
static void select_finish(void *tapdata)
{
    g_free(tapdata);
}

static void ladder_finish(void *tapdata)
{
    ladder_tap *t = (ladder_tap *)tapdata;
    g_hash_table_destroy(t->conns);
    g_free(t->filter);
    g_free(t);
}

static TD_STAT_INIT_RET ladder_init(const char *opt_arg, void *userdata _U_)
{
    ladder_tap *t = g_new0(ladder_tap, 1);
    t->filter = tap_filter_of(opt_arg, "teardown,ladder");
    t->conns = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, free_conn);
    GString *err = NULL;
    /* Every packet of every connection is kept (the filter may match a
     * connection's last packet only); the filter marks which are drawn. */
    if (t->filter) {
        t->select = g_new0(ladder_select, 1);
        t->select->owner = t;
        err = register_tap_listener("teardown", t->select, t->filter, TL_REQUIRES_NOTHING, NULL, select_packet,
                                    NULL, select_finish);
        if (err) {
            g_free(t->select);
            t->select = NULL;
        }
    }
    if (!err) {
        err = register_tap_listener("teardown", t, NULL, TL_REQUIRES_NOTHING, ladder_reset, ladder_packet,
                                    ladder_draw, ladder_finish);
        if (err && t->select)
            remove_tap_listener(t->select);
    }
    if (err) {
        fprintf(stderr, "tshark: couldn't register teardown,ladder tap: %s\n", err->str);
        g_string_free(err, TRUE);
        ladder_finish(t);
        TD_STAT_INIT_FAIL;
    }
    TD_STAT_INIT_OK;
}

void teardown_ladder_register(void)
{
    static tap_param filter_param[] = {{PARAM_FILTER, "filter", "Filter", NULL, TRUE}};
    static stat_tap_ui ladder_ui = {REGISTER_STAT_GROUP_GENERIC, "TCP Teardown ladder", "teardown,ladder",
                                    ladder_init, array_length(filter_param), filter_param};
    register_stat_tap_ui(&ladder_ui, NULL);
}
