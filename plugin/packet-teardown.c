/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The epan glue: registers the "teardown" post-dissector, reads each TCP
 * packet's facts once on the first pass, feeds the engine, stores what it
 * said, and renders fields, tree and expert infos from what was stored. */
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/address.h>
#include <epan/tap.h>
#include <epan/column-info.h>
#include <epan/to_str.h>
#include <wsutil/nstime.h>

#include <string.h>

#include "td_compat.h"
#include "td_engine.h"
#include "packet-teardown.h"
#include "tcp-facts.h"

static int proto_teardown = -1;
static int teardown_tap = -1;
static int expert_tap = -1;
static int proto_ws_expert = -1;
static dissector_handle_t teardown_handle;

static int hf_teardown_stream = -1;
static int hf_teardown_sender = -1;
static int hf_teardown_client_state = -1;
static int hf_teardown_server_state = -1;
static int hf_teardown_midstream = -1;
static int hf_teardown_outcome = -1;
static int hf_teardown_initiator = -1;
static int hf_teardown_conn_state = -1;
static int hf_teardown_client_final_state = -1;
static int hf_teardown_server_final_state = -1;
static int hf_teardown_client_fin_frame = -1;
static int hf_teardown_server_fin_frame = -1;
static int hf_teardown_client_fin_ack_frame = -1;
static int hf_teardown_server_fin_ack_frame = -1;
static int hf_teardown_client_fin_ack_delay = -1;
static int hf_teardown_server_fin_ack_delay = -1;
static int hf_teardown_client_fin_retransmissions = -1;
static int hf_teardown_server_fin_retransmissions = -1;
static int hf_teardown_rst_frame = -1;
static int hf_teardown_close_duration = -1;
static int hf_teardown_half_close_duration = -1;
static int hf_teardown_half_close_bytes = -1;
static int hf_teardown_time_wait_endpoint = -1;
static int hf_teardown_previous_stream = -1;
static int hf_teardown_narrative = -1;

static gint ett_teardown = -1;
static gint ett_teardown_conversation = -1;
static gint ett_teardown_ledger = -1;

/* One expert info per engine anomaly, indexed by td_anomaly. */
static expert_field ei_teardown[TD_ANOMALY_COUNT];
/* Note-severity twins (same filter name) for events that are unanswered only
 * because the capture stopped too soon to show the answer. */
static expert_field ei_teardown_fin_unacked_edge = EI_INIT;
static expert_field ei_teardown_close_wait_stuck_edge = EI_INIT;

static guint pref_time_wait_seconds = 60;
static guint pref_close_wait_seconds = 5;

static td_time capture_end;          /* latest timestamp read on the first pass */

static const value_string role_vals[] = {
    {TD_CLIENT, "client"},
    {TD_SERVER, "server"},
    {0, NULL}
};

static const value_string state_vals[] = {
#define TD_X(name) {TD_##name, #name},
    TD_STATE_LIST(TD_X)
#undef TD_X
    {0, NULL}
};

static const value_string outcome_vals[] = {
#define TD_X(name, label) {TD_OUTCOME_##name, label},
    TD_OUTCOME_LIST(TD_X)
#undef TD_X
    {0, NULL}
};

td_config teardown_config(void)
{
    td_config cfg;
    cfg.time_wait = (td_time)pref_time_wait_seconds * TD_NS_PER_SEC;
    cfg.close_wait = (td_time)pref_close_wait_seconds * TD_NS_PER_SEC;
    return cfg;
}

/* ---- reading TCP facts ------------------------------------------------ */

/* The window scale option of a SYN, -1 when absent. */
static gint8 read_wscale(tvbuff_t *tvb, int tcp_off, int hdr_len)
{
    int pos = 20;
    while (pos < hdr_len && tvb_bytes_exist(tvb, tcp_off + pos, 1)) {
        guint8 kind = tvb_get_uint8(tvb, tcp_off + pos);
        if (kind == 0)
            break;
        if (kind == 1) {
            pos++;
            continue;
        }
        if (!tvb_bytes_exist(tvb, tcp_off + pos + 1, 1))
            break;
        guint8 len = tvb_get_uint8(tvb, tcp_off + pos + 1);
        if (len < 2)
            break;
        if (kind == 3 && len == 3 && tvb_bytes_exist(tvb, tcp_off + pos + 2, 1))
            return (gint8)MIN(tvb_get_uint8(tvb, tcp_off + pos + 2), 14);
        pos += len;
    }
    return -1;
}

static gboolean read_segment(packet_info *pinfo, tvbuff_t *frame, td_segment *seg)
{
    tcp_header_loc loc;
    tvbuff_t *tvb;
    if (!tcp_facts_read(pinfo, frame, &loc, &tvb))
        return FALSE;
    int off = loc.tcp;
    /* tcp_facts_read saw 20 bytes there. */
    const guint8 *th = tvb_get_ptr(tvb, off, 20);
    memset(seg, 0, sizeof *seg);
    seg->frame = pinfo->num;
    seg->time = (td_time)pinfo->abs_ts.secs * TD_NS_PER_SEC + pinfo->abs_ts.nsecs;
    seg->src_port = tcp_facts_be16(th);
    seg->dst_port = tcp_facts_be16(th + 2);
    seg->seq = tcp_facts_be32(th + 4);
    seg->ack = tcp_facts_be32(th + 8);
    seg->flags = tcp_facts_be16(th + 12) & 0x0fff;
    seg->window = tcp_facts_be16(th + 14);
    seg->len = loc.seg_len;
    seg->wscale = (seg->flags & TD_TH_SYN) ? read_wscale(tvb, off, loc.hdr_len) : -1;
    seg->ttl = loc.ttl;
    seg->ttl_known = loc.ttl_known ? true : false;
    return TRUE;
}

/* ---- first pass: run the engine ---------------------------------------- */

static td_packet *analyse_packet(packet_info *pinfo, tvbuff_t *frame)
{
    td_segment seg;
    td_tuple tuple;
    if (!read_segment(pinfo, frame, &seg)) {
        /* TCP may have started a new stream at a segment the plugin cannot
         * read: the next one on the tuple must ask TCP again. */
        td_conv_rec *rec;
        guint8 side;
        if (pinfo->ptype == PT_TCP && records_tuple(pinfo, &tuple, &side) && (rec = records_latest(&tuple)))
            rec->recheck_stream = TRUE;
        return NULL;
    }
    if (!records_tuple(pinfo, &tuple, &seg.side))
        return NULL;

    /* tcp.stream changes on a 4-tuple only at a SYN, so TCP's conversation
     * (a costly lookup) is asked only then and for a tuple not seen yet. */
    td_conv_rec *rec = records_latest(&tuple);
    gboolean fresh = FALSE;
    if (!rec || rec->recheck_stream || (seg.flags & TD_TH_SYN)) {
        guint32 stream;
        if (!tcp_facts_stream(pinfo, &stream))
            return NULL;
        if (rec)
            rec->recheck_stream = FALSE;
        if (!rec || rec->stream != stream) {
            rec = records_add(&tuple, stream, rec);
            fresh = TRUE;
        }
    }

    td_config cfg = teardown_config();
    td_packet *pkt = wmem_new0(pinfo->pool, td_packet);
    pkt->rec = rec;
    td_conv_feed(&rec->conv, &cfg, &seg, &pkt->result);
    if (fresh && rec->prev)
        td_conv_check_reuse(&rec->conv, &rec->prev->conv, &cfg, &seg, &pkt->result);
    records_note(rec, seg.frame, seg.side, &pkt->result);
    if (seg.time > capture_end)
        capture_end = seg.time;
    return pkt;
}

/* Later passes: what the first pass found, without reading TCP again. */
static td_packet *recall_packet(packet_info *pinfo)
{
    td_tuple tuple;
    guint8 side;
    if (!records_followed(pinfo->num) || !records_tuple(pinfo, &tuple, &side))
        return NULL;
    td_conv_rec *rec = records_find(&tuple, pinfo->num);
    if (!rec)
        return NULL;
    td_packet *pkt = wmem_new(pinfo->pool, td_packet);
    pkt->rec = rec;
    records_recall(rec, pinfo->num, side, &pkt->result);
    return pkt;
}

/* ---- rendering ---------------------------------------------------------- */

static void ns_to_nstime(td_time ns, nstime_t *t)
{
    t->secs = (time_t)(ns / TD_NS_PER_SEC);
    t->nsecs = (int)(ns % TD_NS_PER_SEC);
}

static double ns_to_s(td_time ns)
{
    return (double)ns / (double)TD_NS_PER_SEC;
}

/* A duration for people: milliseconds below a second, else seconds. */
static void append_duration(wmem_strbuf_t *buf, td_time ns)
{
    if (ns < TD_NS_PER_SEC)
        wmem_strbuf_append_printf(buf, "%.1f ms", (double)ns / 1e6);
    else
        wmem_strbuf_append_printf(buf, "%.1f s", ns_to_s(ns));
}

static const char *role_name(int role)
{
    return td_role_name((td_role)role);
}

td_time teardown_capture_end(void)
{
    return capture_end;
}

static uint8_t side_of_role(const td_conv_rec *rec, td_role role)
{
    return (uint8_t)(role == TD_CLIENT ? rec->conv.client_side : rec->conv.client_side ^ 1);
}

char *teardown_endpoint_str(wmem_allocator_t *scope, const td_conv_rec *rec, td_role role)
{
    uint8_t side = side_of_role(rec, role);
    address a;
    set_address(&a, (address_type)rec->tuple.type[side], rec->tuple.len[side], rec->tuple.addr[side]);
    char *addr = address_to_str(scope, &a);
    if (a.type == AT_IPv6)
        return wmem_strdup_printf(scope, "[%s]:%u", addr, rec->tuple.port[side]);
    return wmem_strdup_printf(scope, "%s:%u", addr, rec->tuple.port[side]);
}

static void append_bytes(wmem_strbuf_t *buf, guint64 n)
{
    if (n >= 10000)
        wmem_strbuf_append_printf(buf, "%.1f kB", (double)n / 1000.0);
    else
        wmem_strbuf_append_printf(buf, "%" G_GUINT64_FORMAT " bytes", n);
}

/* Zeek's RST codes name whoever sent an RST, even one that ended nothing. */
static void append_rst_not_taken(wmem_strbuf_t *buf, const td_summary *sum)
{
    bool rst_code = sum->conn_state == TD_CS_REJ || sum->conn_state == TD_CS_RSTO ||
                    sum->conn_state == TD_CS_RSTR || sum->conn_state == TD_CS_RSTRH;
    if (rst_code && sum->rst_frame == 0)
        wmem_strbuf_append(buf, "; an RST was sent but did not end the connection (not acceptable to its "
                                "receiver, or ignored)");
}

void teardown_narrative(wmem_allocator_t *scope, const td_conv_rec *rec, const td_summary *sum,
                        wmem_strbuf_t *buf)
{
    const char *client = teardown_endpoint_str(scope, rec, TD_CLIENT);
    const char *server = teardown_endpoint_str(scope, rec, TD_SERVER);
    const char *who_str[2] = {client, server};
    switch (sum->outcome) {
    case TD_OUTCOME_UNANSWERED:
        if (sum->handshake_unfinished)
            wmem_strbuf_append_printf(buf, "server %s answered client %s's SYN, but nothing shows the client got "
                                      "the SYN/ACK: handshake never completed; server %s", server, client,
                                      sum->final_state[TD_SERVER] == TD_SYN_RECEIVED
                                          ? "still in SYN_RECEIVED at the end of the capture"
                                          : "gave up (Linux: 5 SYN/ACK retries, 63 s)");
        else
            wmem_strbuf_append_printf(buf, "client %s's SYN to server %s was never answered", client, server);
        append_rst_not_taken(buf, sum);
        return;
    case TD_OUTCOME_REFUSED:
        wmem_strbuf_append_printf(buf, "server %s refused client %s with RST (frame %u)%s", server, client,
                                  sum->rst_frame, sum->final_state[TD_CLIENT] == TD_SYN_SENT
                                  ? "; client sent its SYN again, unanswered at the end of the capture" : "");
        return;
    case TD_OUTCOME_OPEN:
        wmem_strbuf_append_printf(buf, "client %s and server %s still open at the end of the capture", client,
                                  server);
        append_rst_not_taken(buf, sum);
        return;
    default:
        break;
    }
    int first = sum->initiator == TD_SERVER ? TD_SERVER : TD_CLIENT;
    int other = first ^ 1;
    if (sum->fin_sent[first]) {
        wmem_strbuf_append_printf(buf, "%s %s closed first (frame %u)", role_name(first), who_str[first],
                                  sum->fin_frame[first]);
        if (sum->half_close) {
            wmem_strbuf_append_printf(buf, "; %s sent ", role_name(other));
            append_bytes(buf, sum->half_close_bytes);
            wmem_strbuf_append(buf, " more over ");
            append_duration(buf, sum->half_close_duration);
        }
        if (sum->fin_sent[other] && sum->half_close)
            wmem_strbuf_append_printf(buf, ", closed at frame %u", sum->fin_frame[other]);
        else if (sum->fin_sent[other])
            wmem_strbuf_append_printf(buf, "; %s closed at frame %u", role_name(other), sum->fin_frame[other]);
        for (int role = 0; role < 2; role++) {
            int r = role == 0 ? first : other;
            if (sum->fin_sent[r] && !sum->fin_acked[r])
                wmem_strbuf_append_printf(buf, "; %s's FIN (frame %u) never acknowledged", role_name(r),
                                          sum->fin_frame[r]);
        }
        if (sum->fin_sent[other] && sum->fin_acked[other])
            wmem_strbuf_append_printf(buf, "; %s's final ACK frame %u", role_name(first),
                                      sum->fin_ack_frame[other]);
    }
    if (sum->rst_frame)
        wmem_strbuf_append_printf(buf, "%s%s %s reset the connection (frame %u)",
                                  sum->fin_sent[first] ? "; " : "", role_name(sum->rst_sender),
                                  who_str[sum->rst_sender == TD_SERVER ? TD_SERVER : TD_CLIENT], sum->rst_frame);
    for (int role = 0; role < 2; role++) {
        if (sum->close_wait_stuck[role] && sum->final_state[role] == TD_CLOSE_WAIT) {
            wmem_strbuf_append_printf(buf, "; %s stuck in CLOSE_WAIT for ", role_name(role));
            append_duration(buf, sum->close_wait_time[role]);
            wmem_strbuf_append(buf, " to the end of the capture");
        }
    }
    if (sum->time_wait_holder != TD_ROLE_NONE)
        wmem_strbuf_append_printf(buf, "; %s holds TIME_WAIT until %u s after frame %u%s",
                                  role_name(sum->time_wait_holder), pref_time_wait_seconds, sum->time_wait_frame,
                                  sum->time_wait_reused ? ", cut short by a new connection on the same 4-tuple"
                                  : sum->final_state[sum->time_wait_holder] == TD_TIME_WAIT ? " (still at capture end)"
                                                                                             : "");
    append_rst_not_taken(buf, sum);
}

/* The one-line human summary at the top of the tree. */
static void summary_line(const td_packet *pkt, const td_summary *sum, wmem_strbuf_t *buf)
{
    wmem_strbuf_append_printf(buf, "Teardown: client %s, server %s",
                              td_state_name((td_state)pkt->result.after[TD_CLIENT]),
                              td_state_name((td_state)pkt->result.after[TD_SERVER]));
    const char *who = role_name(sum->initiator);
    switch (sum->outcome) {
    case TD_OUTCOME_OPEN:
        wmem_strbuf_append(buf, "; open");
        break;
    case TD_OUTCOME_GRACEFUL:
        wmem_strbuf_append_printf(buf, "; graceful close, %s closed first (frame %u)", who,
                                  sum->first_close_frame);
        break;
    case TD_OUTCOME_HALF_CLOSED:
        wmem_strbuf_append_printf(buf, "; half-closed by %s (frame %u)", who, sum->first_close_frame);
        break;
    case TD_OUTCOME_INCOMPLETE:
        wmem_strbuf_append_printf(buf, "; incomplete close, %s closed first (frame %u)", who,
                                  sum->first_close_frame);
        break;
    case TD_OUTCOME_RESET:
        wmem_strbuf_append_printf(buf, "; reset by %s (frame %u)", role_name(sum->rst_sender), sum->rst_frame);
        break;
    case TD_OUTCOME_REFUSED:
        wmem_strbuf_append_printf(buf, "; refused by server (frame %u)", sum->rst_frame);
        break;
    case TD_OUTCOME_UNANSWERED:
        wmem_strbuf_append(buf, "; SYN unanswered");
        break;
    default:
        break;
    }
    if (sum->midstream)
        wmem_strbuf_append(buf, " [mid-stream: roles guessed]");
}

/* Generated fields go only where someone will see or filter on them: a
 * tree built for an unrelated filter or tap would otherwise pay for each. */
static proto_item *generated(proto_item *pi)
{
    proto_item_set_generated(pi);
    return pi;
}

static proto_item *add_uint(proto_tree *tree, int hf, tvbuff_t *tvb, guint32 v)
{
    return proto_field_is_referenced(tree, hf) ? generated(proto_tree_add_uint(tree, hf, tvb, 0, 0, v)) : NULL;
}

static proto_item *add_uint64(proto_tree *tree, int hf, tvbuff_t *tvb, guint64 v)
{
    return proto_field_is_referenced(tree, hf) ? generated(proto_tree_add_uint64(tree, hf, tvb, 0, 0, v)) : NULL;
}

static proto_item *add_boolean(proto_tree *tree, int hf, tvbuff_t *tvb, guint32 v)
{
    return proto_field_is_referenced(tree, hf) ? generated(proto_tree_add_boolean(tree, hf, tvb, 0, 0, v)) : NULL;
}

static proto_item *add_string(proto_tree *tree, int hf, tvbuff_t *tvb, const char *v)
{
    return proto_field_is_referenced(tree, hf) ? generated(proto_tree_add_string(tree, hf, tvb, 0, 0, v)) : NULL;
}

static proto_item *add_time(proto_tree *tree, int hf, tvbuff_t *tvb, const nstime_t *v)
{
    return proto_field_is_referenced(tree, hf) ? generated(proto_tree_add_time(tree, hf, tvb, 0, 0, v)) : NULL;
}

static void add_ledger_entry(proto_tree *ledger, tvbuff_t *tvb, const td_summary *sum, int role,
                             int hf_fin, int hf_ack, int hf_delay, int hf_retrans)
{
    if (!sum->fin_sent[role]) {
        proto_tree_add_subtree_format(ledger, tvb, 0, 0, ett_teardown_ledger, NULL, "[%s sent no FIN (final state %s)]",
                                      role == TD_CLIENT ? "Client" : "Server", td_state_name(sum->final_state[role]));
        return;
    }
    add_uint(ledger, hf_fin, tvb, sum->fin_frame[role]);
    if (sum->fin_acked[role]) {
        add_uint(ledger, hf_ack, tvb, sum->fin_ack_frame[role]);
        nstime_t d;
        ns_to_nstime(sum->fin_ack_delay[role], &d);
        add_time(ledger, hf_delay, tvb, &d);
    } else {
        /* Text, not the field: a frame 0 would match filters and look like a link. */
        proto_tree_add_subtree_format(ledger, tvb, 0, 0, ett_teardown_ledger, NULL, "[%s FIN never acknowledged]",
                                      role == TD_CLIENT ? "Client" : "Server");
    }
    add_uint(ledger, hf_retrans, tvb, sum->fin_retransmissions[role]);
}

static void add_conversation_fields(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                                    const td_packet *pkt, const td_summary *sum)
{
    proto_item *pi;
    proto_tree *conv_tree = proto_tree_add_subtree_format(
        tree, tvb, 0, 0, ett_teardown_conversation, &pi, "Connection: %s, conn_state %s",
        td_outcome_name(sum->outcome), td_conn_state_name(sum->conn_state));
    proto_item_set_generated(pi);

    if (proto_field_is_referenced(tree, hf_teardown_narrative)) {
        wmem_strbuf_t *story = wmem_strbuf_new(pinfo->pool, "");
        teardown_narrative(pinfo->pool, pkt->rec, sum, story);
        add_string(conv_tree, hf_teardown_narrative, tvb, wmem_strbuf_get_str(story));
    }
    add_uint(conv_tree, hf_teardown_outcome, tvb, sum->outcome);
    if (sum->initiator != TD_ROLE_NONE) {
        add_uint(conv_tree, hf_teardown_initiator, tvb, sum->initiator);
    }
    add_string(conv_tree, hf_teardown_conn_state, tvb, td_conn_state_name(sum->conn_state));
    add_uint(conv_tree, hf_teardown_client_final_state, tvb, sum->final_state[TD_CLIENT]);
    add_uint(conv_tree, hf_teardown_server_final_state, tvb, sum->final_state[TD_SERVER]);
    nstime_t t;
    if (sum->first_close_frame) {
        ns_to_nstime(sum->close_duration, &t);
        add_time(conv_tree, hf_teardown_close_duration, tvb, &t);
    }
    if (sum->half_close) {
        ns_to_nstime(sum->half_close_duration, &t);
        add_time(conv_tree, hf_teardown_half_close_duration, tvb, &t);
        add_uint64(conv_tree, hf_teardown_half_close_bytes, tvb, sum->half_close_bytes);
    }
    if (sum->time_wait_holder != TD_ROLE_NONE) {
        add_uint(conv_tree, hf_teardown_time_wait_endpoint, tvb, sum->time_wait_holder);
    }
    if (pkt->rec->prev) {
        add_uint(conv_tree, hf_teardown_previous_stream, tvb, pkt->rec->prev->stream);
    }

    if (sum->fin_sent[TD_CLIENT] || sum->fin_sent[TD_SERVER] || sum->rst_frame) {
        proto_tree *ledger = proto_tree_add_subtree(conv_tree, tvb, 0, 0, ett_teardown_ledger, &pi,
                                                    "Close ledger");
        proto_item_set_generated(pi);
        if (sum->rst_frame) {
            pi = add_uint(ledger, hf_teardown_rst_frame, tvb, sum->rst_frame);
            proto_item_append_text(pi, " (sent by the %s)", role_name(sum->rst_sender));
        }
        add_ledger_entry(ledger, tvb, sum, TD_CLIENT, hf_teardown_client_fin_frame,
                         hf_teardown_client_fin_ack_frame, hf_teardown_client_fin_ack_delay,
                         hf_teardown_client_fin_retransmissions);
        add_ledger_entry(ledger, tvb, sum, TD_SERVER, hf_teardown_server_fin_frame,
                         hf_teardown_server_fin_ack_frame, hf_teardown_server_fin_ack_delay,
                         hf_teardown_server_fin_retransmissions);
    }
}

/* Without a tree, an expert info reaches only the expert tap (`-z expert`,
 * the GUI's dialog) and an Expert column: skip formatting it for nobody. */
static gboolean experts_wanted(const packet_info *pinfo)
{
    if (have_tap_listener(expert_tap))
        return TRUE;
    const column_info *cinfo = pinfo->cinfo;
    return cinfo && cinfo->col_first && cinfo->col_first[COL_EXPERT] >= 0;
}

/* Whether an expert info would be seen, collected or filtered on. The twin
 * Note infos share their filter name, hence their field, with the ones
 * passed here. */
static gboolean expert_reaches_someone(packet_info *pinfo, proto_tree *tree, const expert_field *ei)
{
    if (tree && (proto_field_is_referenced(tree, proto_ws_expert) || proto_field_is_referenced(tree, ei->hf)))
        return TRUE;
    return experts_wanted(pinfo);
}

/* Expert infos decided by this packet alone: identical in every pass. */
static void add_causal_experts(packet_info *pinfo, proto_tree *tree, proto_item *ti, const td_packet *pkt)
{
    const td_result *r = &pkt->result;
    const char *sender = role_name(r->sender);
    const char *receiver = role_name(r->sender == TD_CLIENT ? TD_SERVER : TD_CLIENT);
    for (int a = 0; a < TD_ANOMALY_COUNT; a++) {
        if (!(r->anomalies & TD_BIT(a)))
            continue;
        expert_field *ei = &ei_teardown[a];
        if (!expert_reaches_someone(pinfo, tree, ei))
            continue;
        switch ((td_anomaly)a) {
        case TD_A_CLOSE_ACTIVE:
            expert_add_info_format(pinfo, ti, ei, "%s closes first (active close)", sender);
            break;
        case TD_A_CLOSE_PASSIVE:
            expert_add_info_format(pinfo, ti, ei, "%s closes after the peer (passive close)", sender);
            break;
        case TD_A_CLOSE_SIMULTANEOUS:
            expert_add_info_format(pinfo, ti, ei, "%s's FIN crossed the %s's FIN (simultaneous close)",
                                   sender, receiver);
            break;
        case TD_A_HALF_CLOSE:
            expert_add_info_format(pinfo, ti, ei, "%s keeps sending data after the %s's FIN (half-close)",
                                   sender, receiver);
            break;
        case TD_A_FIN_RETRANSMISSION:
            expert_add_info_format(pinfo, ti, ei, "%s sends its FIN again (retransmission %u)", sender,
                                   r->fin_retransmission);
            break;
        case TD_A_RST_ABORT:
            expert_add_info_format(pinfo, ti, ei, "%s aborts the established connection with RST", sender);
            break;
        case TD_A_RST_AFTER_FIN:
            expert_add_info_format(pinfo, ti, ei,
                                   "%s sends RST after a FIN (unread data at close, or data to a closed socket)",
                                   sender);
            break;
        case TD_A_RST_REFUSED:
            expert_add_info_format(pinfo, ti, ei, "%s refuses the connection with RST", sender);
            break;
        case TD_A_RST_OUT_OF_WINDOW:
            expert_add_info_format(pinfo, ti, ei,
                                   "RST sequence number outside the %s's window: ignored, or injected",
                                   receiver);
            break;
        case TD_A_RST_DATA_LOSS:
            expert_add_info_format(pinfo, ti, ei, "RST discards %" G_GUINT64_FORMAT
                                   " bytes in flight that were never acknowledged", r->bytes);
            break;
        case TD_A_RST_MIDDLEBOX:
            expert_add_info_format(pinfo, ti, ei,
                                   "RST has TTL/hop limit %u but the %s's packets have %u: likely sent by a middlebox",
                                   r->ttl_seen, sender, r->ttl_expected);
            break;
        case TD_A_TIME_WAIT:
            expert_add_info_format(pinfo, ti, ei, "%s TIME_WAIT and hold%s the 4-tuple for %u s",
                                   r->entered_time_wait == 3 ? "client and server enter"
                                   : r->entered_time_wait == 1 ? "client enters" : "server enters",
                                   r->entered_time_wait == 3 ? "" : "s", pref_time_wait_seconds);
            break;
        case TD_A_TIME_WAIT_REUSE:
            expert_add_info_format(pinfo, ti, ei,
                                   "SYN reuses the 4-tuple of stream %u with %.3f s of TIME_WAIT left; ISN %s the old sequence space (RFC 6191: the TIME_WAIT holder %s accept it)",
                                   pkt->rec->prev ? pkt->rec->prev->stream : 0, ns_to_s(r->time_left),
                                   r->isn_above ? "above" : "not above", r->isn_above ? "may" : "will not");
            break;
        case TD_A_TIME_WAIT_FIN_RETRANSMISSION:
            expert_add_info_format(pinfo, ti, ei,
                                   "%s re-sends its FIN to the %s in TIME_WAIT: the final ACK was lost",
                                   sender, receiver);
            break;
        case TD_A_TIME_WAIT_RST:
            expert_add_info_format(pinfo, ti, ei, "RST reaches the %s in TIME_WAIT (RFC 1337 assassination)",
                                   receiver);
            break;
        case TD_A_DATA_AFTER_FIN:
            expert_add_info_format(pinfo, ti, ei, "%s sends %" G_GUINT64_FORMAT " bytes of new data after its own FIN",
                                   sender, r->bytes);
            break;
        default:
            break;
        }
    }
}

/* Expert infos only the end of the capture can decide: shown once the whole
 * capture has been read (GUI, tshark -2), never on the first pass. */
static void add_final_experts(packet_info *pinfo, proto_tree *tree, proto_item *ti, const td_packet *pkt,
                              const td_summary *sum)
{
    const td_result *r = &pkt->result;
    if (r->fin_of != TD_ROLE_NONE && sum->fin_sent[r->fin_of] && !sum->fin_acked[r->fin_of] &&
        expert_reaches_someone(pinfo, tree, &ei_teardown[TD_A_FIN_UNACKED])) {
        int role = r->fin_of;
        gboolean edge = sum->capture_edge[role];
        expert_add_info_format(pinfo, ti, edge ? &ei_teardown_fin_unacked_edge : &ei_teardown[TD_A_FIN_UNACKED],
                               "%s FIN never acknowledged (capture went on %.3f s after it%s)",
                               role_name(role), ns_to_s(sum->capture_left_after[role]),
                               edge ? ", too short to expect an answer" : "");
    }
    if (r->entered_close_wait != TD_ROLE_NONE && sum->close_wait_stuck[r->entered_close_wait] &&
        expert_reaches_someone(pinfo, tree, &ei_teardown[TD_A_CLOSE_WAIT_STUCK])) {
        int role = r->entered_close_wait;
        gboolean still = sum->final_state[role] == TD_CLOSE_WAIT;
        gboolean edge = still && sum->capture_edge[role];
        expert_add_info_format(pinfo, ti,
                               edge ? &ei_teardown_close_wait_stuck_edge : &ei_teardown[TD_A_CLOSE_WAIT_STUCK],
                               still ? "%s sits in CLOSE_WAIT for %.3f s, to the end of the capture, without closing%s"
                                     : "%s sat in CLOSE_WAIT for %.3f s before closing%s",
                               role_name(role), ns_to_s(sum->close_wait_time[role]),
                               edge ? " (capture ended too soon to expect the close)" : "");
    }
}

/* The tree when one is wanted; expert infos always, because `-z expert` and
 * the GUI's expert dialog collect them even when no tree is built. */
static void render(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const td_packet *pkt)
{
    const td_result *r = &pkt->result;
    /* Filters and taps unrelated to the plugin ask for trees too (io,stat,
     * -Y tcp...): a tree in which neither the plugin's fields nor expert
     * infos are looked at needs nothing from it. */
    if (tree && !proto_field_is_referenced(tree, proto_teardown) && !proto_field_is_referenced(tree, proto_ws_expert))
        tree = NULL;
    gboolean final = PINFO_FD_VISITED(pinfo);
    gboolean deferred = final && (r->fin_of != TD_ROLE_NONE || r->entered_close_wait != TD_ROLE_NONE);
    if (!tree && ((!r->anomalies && !deferred) || !experts_wanted(pinfo)))
        return;

    td_config cfg = teardown_config();
    td_summary sum;
    /* On the first pass the conversation is judged as of this packet. */
    td_conv_summarize(&pkt->rec->conv, &cfg, final ? capture_end : pkt->rec->conv.last_time, &sum);

    proto_item *ti = NULL;
    if (tree) {
        ti = proto_tree_add_item(tree, proto_teardown, tvb, 0, 0, ENC_NA);
        /* Text is only worth building for a tree someone will look at:
         * filters and taps ask for trees nobody sees, on every packet. */
        if (PTREE_DATA(tree)->visible) {
            wmem_strbuf_t *line = wmem_strbuf_new(pinfo->pool, "");
            summary_line(pkt, &sum, line);
            proto_item_set_text(ti, "%s", wmem_strbuf_get_str(line));
        }
        proto_tree *td_tree = proto_item_add_subtree(ti, ett_teardown);

        add_uint(td_tree, hf_teardown_stream, tvb, pkt->rec->stream);
        add_uint(td_tree, hf_teardown_sender, tvb, r->sender);
        proto_item *pi = add_uint(td_tree, hf_teardown_client_state, tvb, r->after[TD_CLIENT]);
        if (r->before[TD_CLIENT] != r->after[TD_CLIENT])
            proto_item_append_text(pi, " (was %s)", td_state_name((td_state)r->before[TD_CLIENT]));
        pi = add_uint(td_tree, hf_teardown_server_state, tvb, r->after[TD_SERVER]);
        if (r->before[TD_SERVER] != r->after[TD_SERVER])
            proto_item_append_text(pi, " (was %s)", td_state_name((td_state)r->before[TD_SERVER]));
        add_boolean(td_tree, hf_teardown_midstream, tvb, sum.midstream);

        add_conversation_fields(td_tree, tvb, pinfo, pkt, &sum);
    }
    add_causal_experts(pinfo, tree, ti, pkt);
    if (final)
        add_final_experts(pinfo, tree, ti, pkt, &sum);
}

static int dissect_teardown(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    td_packet *pkt = PINFO_FD_VISITED(pinfo) ? recall_packet(pinfo) : analyse_packet(pinfo, tvb);
    if (!pkt)
        return 0;
    render(tvb, pinfo, tree, pkt);
    /* Taps run only on the pass that prints, so queue on every pass. */
    tap_queue_packet(teardown_tap, pinfo, pkt);
    return tvb_captured_length(tvb);
}

/* ---- registration ------------------------------------------------------- */

static void teardown_init(void)
{
    capture_end = 0;
    records_reset();
    /* Registered by epan after the plugins' handoffs. */
    expert_tap = find_tap_id("expert");
    proto_ws_expert = proto_get_id_by_filter_name("_ws.expert");
}

void proto_register_teardown(void)
{
    static hf_register_info hf[] = {
        {&hf_teardown_stream, {"Stream index", "teardown.stream", FT_UINT32, BASE_DEC, NULL, 0x0,
                               "Same index as tcp.stream", HFILL}},
        {&hf_teardown_sender, {"Sender", "teardown.sender", FT_UINT8, BASE_DEC, VALS(role_vals), 0x0,
                               "Who sent this packet", HFILL}},
        {&hf_teardown_client_state, {"Client state", "teardown.client.state", FT_UINT8, BASE_DEC,
                                     VALS(state_vals), 0x0, "Client's RFC 9293 state after this packet", HFILL}},
        {&hf_teardown_server_state, {"Server state", "teardown.server.state", FT_UINT8, BASE_DEC,
                                     VALS(state_vals), 0x0, "Server's RFC 9293 state after this packet", HFILL}},
        {&hf_teardown_midstream, {"Capture started mid-connection", "teardown.midstream", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                                  "No handshake seen; roles were guessed", HFILL}},
        {&hf_teardown_outcome, {"Outcome", "teardown.outcome", FT_UINT8, BASE_DEC, VALS(outcome_vals), 0x0,
                                "How the connection ended", HFILL}},
        {&hf_teardown_initiator, {"Initiator", "teardown.initiator", FT_UINT8, BASE_DEC, VALS(role_vals), 0x0,
                                  "Who sent the first FIN or RST", HFILL}},
        {&hf_teardown_conn_state, {"conn_state", "teardown.conn_state", FT_STRING, BASE_NONE, NULL, 0x0,
                                   "Zeek-compatible connection state", HFILL}},
        {&hf_teardown_client_final_state, {"Client final state", "teardown.client.final_state", FT_UINT8,
                                           BASE_DEC, VALS(state_vals), 0x0,
                                           "Client's state at the end of the capture", HFILL}},
        {&hf_teardown_server_final_state, {"Server final state", "teardown.server.final_state", FT_UINT8,
                                           BASE_DEC, VALS(state_vals), 0x0,
                                           "Server's state at the end of the capture", HFILL}},
        {&hf_teardown_client_fin_frame, {"Client FIN", "teardown.client.fin_frame", FT_FRAMENUM, BASE_NONE,
                                         NULL, 0x0, "First FIN sent by the client", HFILL}},
        {&hf_teardown_server_fin_frame, {"Server FIN", "teardown.server.fin_frame", FT_FRAMENUM, BASE_NONE,
                                         NULL, 0x0, "First FIN sent by the server", HFILL}},
        {&hf_teardown_client_fin_ack_frame, {"Client FIN acknowledged in", "teardown.client.fin_ack_frame",
                                             FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_ACK), 0x0,
                                             "Frame that acknowledged the client's FIN", HFILL}},
        {&hf_teardown_server_fin_ack_frame, {"Server FIN acknowledged in", "teardown.server.fin_ack_frame",
                                             FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_ACK), 0x0,
                                             "Frame that acknowledged the server's FIN", HFILL}},
        {&hf_teardown_client_fin_ack_delay, {"Client FIN to its ACK", "teardown.client.fin_ack_delay",
                                             FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
                                             "Time from the client's FIN to the ACK that covers it", HFILL}},
        {&hf_teardown_server_fin_ack_delay, {"Server FIN to its ACK", "teardown.server.fin_ack_delay",
                                             FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
                                             "Time from the server's FIN to the ACK that covers it", HFILL}},
        {&hf_teardown_client_fin_retransmissions, {"Client FIN retransmissions",
                                                   "teardown.client.fin_retransmissions", FT_UINT32, BASE_DEC,
                                                   NULL, 0x0, "How often the client sent its FIN again", HFILL}},
        {&hf_teardown_server_fin_retransmissions, {"Server FIN retransmissions",
                                                   "teardown.server.fin_retransmissions", FT_UINT32, BASE_DEC,
                                                   NULL, 0x0, "How often the server sent its FIN again", HFILL}},
        {&hf_teardown_rst_frame, {"Ended by RST in", "teardown.rst_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                                  "The RST that ended the connection", HFILL}},
        {&hf_teardown_close_duration, {"Close duration (first FIN/RST to last packet)", "teardown.close_duration", FT_RELATIVE_TIME,
                                       BASE_NONE, NULL, 0x0, "First FIN/RST to the last packet of the close",
                                       HFILL}},
        {&hf_teardown_half_close_duration, {"Half-close: sending went on for", "teardown.half_close.duration",
                                            FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
                                            "How long the other side kept sending after the first FIN", HFILL}},
        {&hf_teardown_half_close_bytes, {"Bytes sent after the peer's FIN (half-close)", "teardown.half_close.bytes", FT_UINT64, BASE_DEC,
                                         NULL, 0x0, "Bytes the other side sent after the first FIN", HFILL}},
        {&hf_teardown_time_wait_endpoint, {"TIME_WAIT held by", "teardown.time_wait.endpoint", FT_UINT8,
                                           BASE_DEC, VALS(role_vals), 0x0, "Who holds TIME_WAIT", HFILL}},
        {&hf_teardown_narrative, {"Narrative", "teardown.narrative", FT_STRING, BASE_NONE, NULL, 0x0,
                                  "How the connection ended, in one sentence", HFILL}},
        {&hf_teardown_previous_stream, {"Previous stream on this 4-tuple", "teardown.previous_stream",
                                        FT_UINT32, BASE_DEC, NULL, 0x0,
                                        "Earlier tcp.stream that used the same addresses and ports", HFILL}},
    };

    static gint *ett[] = {&ett_teardown, &ett_teardown_conversation, &ett_teardown_ledger};

    /* Severity per td_anomaly, in the order of TD_ANOMALY_LIST. */
    static ei_register_info ei[] = {
        {&ei_teardown[TD_A_CLOSE_ACTIVE], {"teardown.close.active", PI_SEQUENCE, PI_CHAT, "First FIN of the connection (active close)", EXPFILL}},
        {&ei_teardown[TD_A_CLOSE_PASSIVE], {"teardown.close.passive", PI_SEQUENCE, PI_CHAT, "The other side's FIN (passive close)", EXPFILL}},
        {&ei_teardown[TD_A_CLOSE_SIMULTANEOUS], {"teardown.close.simultaneous", PI_SEQUENCE, PI_NOTE, "Both FINs crossed (simultaneous close)", EXPFILL}},
        {&ei_teardown[TD_A_HALF_CLOSE], {"teardown.half_close", PI_SEQUENCE, PI_NOTE, "Data sent after the peer's FIN (half-close)", EXPFILL}},
        {&ei_teardown[TD_A_FIN_RETRANSMISSION], {"teardown.fin.retransmission", PI_SEQUENCE, PI_NOTE, "FIN sent again", EXPFILL}},
        {&ei_teardown[TD_A_FIN_UNACKED], {"teardown.fin.unacked", PI_SEQUENCE, PI_WARN, "FIN never acknowledged (missing ACK)", EXPFILL}},
        {&ei_teardown[TD_A_RST_ABORT], {"teardown.rst.abort", PI_SEQUENCE, PI_WARN, "RST ends an established connection with no FIN exchange", EXPFILL}},
        {&ei_teardown[TD_A_RST_AFTER_FIN], {"teardown.rst.after_fin", PI_SEQUENCE, PI_WARN, "RST after a FIN", EXPFILL}},
        {&ei_teardown[TD_A_RST_REFUSED], {"teardown.rst.refused", PI_SEQUENCE, PI_NOTE, "RST answers a SYN (connection refused)", EXPFILL}},
        {&ei_teardown[TD_A_RST_OUT_OF_WINDOW], {"teardown.rst.out_of_window", PI_SEQUENCE, PI_WARN, "RST sequence number outside the receiver's window", EXPFILL}},
        {&ei_teardown[TD_A_RST_DATA_LOSS], {"teardown.rst.data_loss", PI_SEQUENCE, PI_ERROR, "RST discards unacknowledged data in flight", EXPFILL}},
        {&ei_teardown[TD_A_RST_MIDDLEBOX], {"teardown.rst.middlebox", PI_SECURITY, PI_WARN, "RST TTL/hop limit does not match its claimed sender", EXPFILL}},
        {&ei_teardown[TD_A_TIME_WAIT], {"teardown.time_wait", PI_SEQUENCE, PI_NOTE, "Endpoint enters TIME_WAIT", EXPFILL}},
        {&ei_teardown[TD_A_TIME_WAIT_REUSE], {"teardown.time_wait.reuse", PI_SEQUENCE, PI_WARN, "SYN reuses a 4-tuple still in TIME_WAIT", EXPFILL}},
        {&ei_teardown[TD_A_TIME_WAIT_FIN_RETRANSMISSION], {"teardown.time_wait.fin_retransmission", PI_SEQUENCE, PI_NOTE, "FIN re-sent to an endpoint in TIME_WAIT (final ACK lost)", EXPFILL}},
        {&ei_teardown[TD_A_TIME_WAIT_RST], {"teardown.time_wait.rst", PI_SECURITY, PI_WARN, "RST received in TIME_WAIT (RFC 1337)", EXPFILL}},
        {&ei_teardown[TD_A_CLOSE_WAIT_STUCK], {"teardown.close_wait.stuck", PI_SEQUENCE, PI_WARN, "Endpoint stuck in CLOSE_WAIT", EXPFILL}},
        {&ei_teardown[TD_A_DATA_AFTER_FIN], {"teardown.data_after_fin", PI_PROTOCOL, PI_ERROR, "New data after the sender's own FIN", EXPFILL}},
        {&ei_teardown_fin_unacked_edge, {"teardown.fin.unacked", PI_SEQUENCE, PI_NOTE, "FIN unacknowledged when the capture ended", EXPFILL}},
        {&ei_teardown_close_wait_stuck_edge, {"teardown.close_wait.stuck", PI_SEQUENCE, PI_NOTE, "Endpoint in CLOSE_WAIT when the capture ended", EXPFILL}},
    };

    for (int i = 0; i < TD_ANOMALY_COUNT; i++) {
        expert_field init = EI_INIT;
        ei_teardown[i] = init;
    }

    proto_teardown = proto_register_protocol("TCP Teardown Analysis", "Teardown", "teardown");
    proto_register_field_array(proto_teardown, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t *expert = expert_register_protocol(proto_teardown);
    expert_register_field_array(expert, ei, array_length(ei));

    module_t *prefs = prefs_register_protocol(proto_teardown, NULL);
    prefs_register_uint_preference(prefs, "time_wait_seconds", "TIME_WAIT duration (s)",
                                   "How long an endpoint stays in TIME_WAIT: 60 on Linux; RFC 9293's 2*MSL is 240",
                                   10, &pref_time_wait_seconds);
    prefs_register_uint_preference(prefs, "close_wait_seconds", "CLOSE_WAIT limit (s)",
                                   "An endpoint in CLOSE_WAIT longer than this without closing is reported as stuck",
                                   10, &pref_close_wait_seconds);

    records_register();
    register_init_routine(teardown_init);
    teardown_tap = register_tap("teardown");
}

void proto_reg_handoff_teardown(void)
{
    teardown_handle = create_dissector_handle(dissect_teardown, proto_teardown);
    register_postdissector(teardown_handle);
    tcp_facts_init();
    teardown_register_stats(teardown_tap);
}
