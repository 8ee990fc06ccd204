/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Records + words -> `tshark -z teardown,hosts[,FILTER]` and the GUI's
 * Statistics > TCP Teardown by host: one row per server (address:port) and
 * per client address, to find the server that leaks CLOSE_WAIT and the host
 * that piles up TIME_WAIT. Listens only while asked for. */
#include <epan/packet.h>
#include <epan/address.h>
#include <epan/to_str.h>
#include <epan/tap.h>
#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "td_compat.h"
#include "conversation-records.h"
#include "teardown-words.h"
#include "teardown-hosts.h"

/* What one host did, in one role, over the connections selected. */
typedef struct host_row {
    char *name;
    int role;                          /* td_role the host had in these connections */
    guint connections;
    guint outcomes[TD_OUTCOME_COUNT];
    guint close_wait;                  /* connections it left in CLOSE_WAIT */
    td_time close_wait_max;            /* the longest of those, to the end of the capture */
    guint time_wait;                   /* connections it holds in TIME_WAIT at the end */
    guint rst_sent, rst_received;      /* connections ended by an RST it sent / its peer sent */
    GArray *durations;                 /* td_time: close durations of connections that closed */
} host_row;

typedef struct hosts_tap {
    char *filter;
    conn_list conns;
} hosts_tap;

static void hosts_reset(void *tapdata)
{
    hosts_tap *t = (hosts_tap *)tapdata;
    conn_list_clear(&t->conns);
}

static tap_packet_status hosts_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                      const void *data, tap_flags_t flags _U_)
{
    hosts_tap *t = (hosts_tap *)tapdata;
    return conn_list_add(&t->conns, (const packet_analysis *)data) ? TAP_PACKET_REDRAW : TAP_PACKET_DONT_REDRAW;
}

/* A server is its address and port; a client only its address, since its
 * ports change with every connection. */
static char *host_name(wmem_allocator_t *scope, const conn_record *rec, td_role role)
{
    if (role == TD_SERVER)
        return words_endpoint(scope, rec, TD_SERVER);
    uint8_t side = td_conv_side_of_role(&rec->conv, TD_CLIENT);
    address a;
    set_address(&a, (address_type)rec->tuple.type[side], rec->tuple.len[side], rec->tuple.addr[side]);
    return address_to_str(scope, &a);
}

static void count_connection(host_row *h, const td_summary *sum)
{
    int role = h->role, peer = role == TD_CLIENT ? TD_SERVER : TD_CLIENT;
    h->connections++;
    h->outcomes[sum->outcome]++;
    if (sum->final_state[role] == TD_CLOSE_WAIT) {
        h->close_wait++;
        if (sum->close_wait_time[role] > h->close_wait_max)
            h->close_wait_max = sum->close_wait_time[role];
    }
    if (sum->final_state[role] == TD_TIME_WAIT)
        h->time_wait++;
    if (sum->rst_frame && sum->rst_sender == (td_role)role)
        h->rst_sent++;
    if (sum->rst_frame && sum->rst_sender == (td_role)peer)
        h->rst_received++;
    if (sum->first_close_frame)
        g_array_append_val(h->durations, sum->close_duration);
}

static void free_row(gpointer p)
{
    host_row *h = (host_row *)p;
    g_array_free(h->durations, TRUE);
    g_free(h);
}

/* Names live in `scope`, for as long as the rows. */
static host_row *row_for(wmem_allocator_t *scope, GHashTable *rows, const conn_record *rec, int role)
{
    char *name = host_name(scope, rec, (td_role)role);
    /* Servers and clients are separate rows even for the same address. */
    char *key = g_strdup_printf("%d %s", role, name);
    host_row *h = (host_row *)g_hash_table_lookup(rows, key);
    if (h) {
        g_free(key);
        return h;
    }
    h = g_new0(host_row, 1);
    h->name = name;
    h->role = role;
    h->durations = g_array_new(FALSE, FALSE, sizeof(td_time));
    g_hash_table_insert(rows, key, h);
    return h;
}

static gint cmp_time(gconstpointer a, gconstpointer b)
{
    td_time x = *(const td_time *)a, y = *(const td_time *)b;
    return x < y ? -1 : x > y;
}

/* Servers first; within a role, the worst first: most left in CLOSE_WAIT,
 * then most TIME_WAIT held, then most connections, then by name. */
static gint worst_first(gconstpointer a, gconstpointer b)
{
    const host_row *x = *(const host_row *const *)a, *y = *(const host_row *const *)b;
    if (x->role != y->role)
        return x->role == TD_SERVER ? -1 : 1;
    if (x->close_wait != y->close_wait)
        return x->close_wait > y->close_wait ? -1 : 1;
    if (x->time_wait != y->time_wait)
        return x->time_wait > y->time_wait ? -1 : 1;
    if (x->connections != y->connections)
        return x->connections > y->connections ? -1 : 1;
    return strcmp(x->name, y->name);
}

static void print_seconds(td_time ns, gboolean known)
{
    if (known)
        printf("\t%.6f", words_seconds(ns));
    else
        printf("\t-");
}

static void print_row(host_row *h)
{
    printf("%s\t%s\t%u\t", words_role(h->role), h->name, h->connections);
    gboolean any = FALSE;
    for (int o = 0; o < TD_OUTCOME_COUNT; o++) {
        if (!h->outcomes[o])
            continue;
        printf("%s%s:%u", any ? "," : "", td_outcome_name((td_outcome)o), h->outcomes[o]);
        any = TRUE;
    }
    printf("\t%u", h->close_wait);
    print_seconds(h->close_wait_max, h->close_wait > 0);
    printf("\t%u\t%u\t%u", h->time_wait, h->rst_sent, h->rst_received);
    g_array_sort(h->durations, cmp_time);
    guint n = h->durations->len;
    /* The median of an even count is the lower middle value: one that occurred. */
    print_seconds(n ? g_array_index(h->durations, td_time, (n - 1) / 2) : 0, n > 0);
    print_seconds(n ? g_array_index(h->durations, td_time, n - 1) : 0, n > 0);
    printf("\n");
}

static void hosts_draw(void *tapdata)
{
    hosts_tap *t = (hosts_tap *)tapdata;
    wmem_allocator_t *names = wmem_allocator_new(WMEM_ALLOCATOR_SIMPLE);
    GHashTable *rows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_row);
    for (guint i = 0; i < t->conns.recs->len; i++) {
        const conn_record *rec = (const conn_record *)g_ptr_array_index(t->conns.recs, i);
        td_summary sum;
        records_summarize(rec, TRUE, &sum);
        count_connection(row_for(names, rows, rec, TD_SERVER), &sum);
        count_connection(row_for(names, rows, rec, TD_CLIENT), &sum);
    }
    GPtrArray *order = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, rows);
    while (g_hash_table_iter_next(&it, NULL, &value))
        g_ptr_array_add(order, value);
    g_ptr_array_sort(order, worst_first);
    printf("role\thost\tconnections\toutcomes\tclose_wait\tclose_wait_max\ttime_wait\trst_sent\trst_received"
           "\tclose_median\tclose_max\n");
    for (guint i = 0; i < order->len; i++)
        print_row((host_row *)g_ptr_array_index(order, i));
    g_ptr_array_free(order, TRUE);
    g_hash_table_destroy(rows);
    wmem_destroy_allocator(names);
}

static void hosts_finish(void *tapdata)
{
    hosts_tap *t = (hosts_tap *)tapdata;
    conn_list_free(&t->conns);
    g_free(t->filter);
    g_free(t);
}

static TD_STAT_INIT_RET hosts_init(const char *opt_arg, void *userdata _U_)
{
    hosts_tap *t = g_new0(hosts_tap, 1);
    t->filter = tap_filter_of(opt_arg, "teardown,hosts");
    conn_list_init(&t->conns);
    GString *err = register_tap_listener("teardown", t, t->filter, TL_REQUIRES_NOTHING, hosts_reset, hosts_packet,
                                         hosts_draw, hosts_finish);
    if (err) {
        fprintf(stderr, "tshark: couldn't register teardown,hosts tap: %s\n", err->str);
        g_string_free(err, TRUE);
        hosts_finish(t);
        TD_STAT_INIT_FAIL;
    }
    TD_STAT_INIT_OK;
}

/* ---- GUI: Statistics > TCP Teardown by host ---------------------------------- */

static int st_servers, st_clients;

static void tree_init(stats_tree *st)
{
    st_servers = stats_tree_create_node(st, "Servers (address:port)", 0, STAT_DT_INT, TRUE);
    st_clients = stats_tree_create_node(st, "Clients (address)", 0, STAT_DT_INT, TRUE);
}

static void tick_host(stats_tree *st, int parent, const char *parent_name, const char *name, int role,
                      const td_summary *sum)
{
    int peer = role == TD_CLIENT ? TD_SERVER : TD_CLIENT;
    tick_stat_node(st, parent_name, 0, TRUE);
    int host = tick_stat_node(st, name, parent, TRUE);
    tick_stat_node(st, td_outcome_name(sum->outcome), host, FALSE);
    if (sum->final_state[role] == TD_CLOSE_WAIT)
        tick_stat_node(st, "left in CLOSE_WAIT", host, FALSE);
    if (sum->final_state[role] == TD_TIME_WAIT)
        tick_stat_node(st, "TIME_WAIT at capture end", host, FALSE);
    if (sum->rst_frame && sum->rst_sender == (td_role)role)
        tick_stat_node(st, "RST sent", host, FALSE);
    if (sum->rst_frame && sum->rst_sender == (td_role)peer)
        tick_stat_node(st, "RST received", host, FALSE);
    if (sum->first_close_frame)
        avg_stat_node_add_value_float(st, "close duration (ms)", host, FALSE,
                                      (float)((double)sum->close_duration / 1e6));
}

/* Each connection is counted once, at its last packet (known once the
 * capture has been read, as whenever the GUI retaps). */
static tap_packet_status tree_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                                     const void *data, tap_flags_t flags _U_)
{
    const packet_analysis *pkt = (const packet_analysis *)data;
    if (!pkt || !PINFO_FD_VISITED(pinfo) || pinfo->num != pkt->rec->conv.last_frame)
        return TAP_PACKET_DONT_REDRAW;
    td_summary sum;
    records_summarize(pkt->rec, TRUE, &sum);
    tick_host(st, st_servers, "Servers (address:port)", host_name(pinfo->pool, pkt->rec, TD_SERVER), TD_SERVER,
              &sum);
    tick_host(st, st_clients, "Clients (address)", host_name(pinfo->pool, pkt->rec, TD_CLIENT), TD_CLIENT, &sum);
    return TAP_PACKET_REDRAW;
}

void teardown_hosts_register(void)
{
    static tap_param filter_param[] = {{PARAM_FILTER, "filter", "Filter", NULL, TRUE}};
    static stat_tap_ui hosts_ui = {REGISTER_STAT_GROUP_GENERIC, "TCP Teardown by host", "teardown,hosts",
                                   hosts_init, array_length(filter_param), filter_param};
    register_stat_tap_ui(&hosts_ui, NULL);
    stats_tree_register_plugin("teardown", "teardown_hosts", "TCP Teardown by host", 0, tree_packet, tree_init,
                               NULL);
}
