/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Judges a whole conversation as of the end of the capture: final states,
 * outcome, Zeek conn_state, and the anomalies only the end can reveal. */
#include "td_engine.h"

#include <string.h>

/* Linux drops a connection request whose SYN/ACK went unanswered after
 * net.ipv4.tcp_synack_retries (default 5) retransmissions, 1 s apart at
 * first and doubling: the last at 31 s, the end at 63 s (ip-sysctl.rst;
 * inet_csk_reqsk_queue_drop in reqsk_timer_handler). It sends no RST. */
#define TD_SYN_RECEIVED_TIMEOUT (63 * TD_NS_PER_SEC)
/* And connect() gives up after net.ipv4.tcp_syn_retries (default 6) SYN
 * retransmissions: at 127 s (ip-sysctl.rst; 131 s on kernels with
 * tcp_syn_linear_timeouts, which end it later still, never sooner). */
#define TD_SYN_SENT_TIMEOUT (127 * TD_NS_PER_SEC)

static td_state final_state(const td_endpoint *ep, const td_config *cfg, td_time end)
{
    if (ep->state == TD_TIME_WAIT && (ep->tw_reused || end - ep->tw_time >= cfg->time_wait))
        return TD_CLOSED;
    if (ep->state == TD_SYN_RECEIVED && ep->sent_synack && end - ep->tw_time >= TD_SYN_RECEIVED_TIMEOUT)
        return TD_CLOSED;
    if (ep->state == TD_SYN_SENT && ep->sent_syn && end - ep->tw_time >= TD_SYN_SENT_TIMEOUT)
        return TD_CLOSED;
    return (td_state)ep->state;
}

/* A duration between two capture timestamps, which can step backwards. */
static td_time span(td_time from, td_time to)
{
    return to > from ? to - from : 0;
}

static td_outcome judge_outcome(const td_conv *c, const td_endpoint *cl, const td_endpoint *sv)
{
    /* The RST that refused the SYN decides, whatever the client did next
     * (a retried SYN, or the SYN itself captured after the RST). */
    bool refused = c->anomalies & TD_BIT(TD_A_RST_REFUSED);
    if (!c->answered && (cl->sent_syn || refused) && !c->midstream) {
        if (refused || (sv->sent_rst && c->rst_side != 2))
            return TD_OUTCOME_REFUSED;
        return TD_OUTCOME_UNANSWERED;
    }
    bool both_fins = cl->fin_sent && sv->fin_sent;
    bool both_acked = both_fins && cl->fin_acked && sv->fin_acked;
    if (c->rst_side != 2 && !c->rst_after_both_fins)
        return TD_OUTCOME_RESET;
    if (both_acked)
        return TD_OUTCOME_GRACEFUL;
    if (both_fins)
        return TD_OUTCOME_INCOMPLETE;
    if (cl->fin_sent || sv->fin_sent)
        return TD_OUTCOME_HALF_CLOSED;
    /* A SYN/ACK nobody acknowledged: nothing shows the client got an
     * answer, so its SYN is as unanswered as the evidence can tell. */
    if (!c->established && !c->midstream)
        return TD_OUTCOME_UNANSWERED;
    return TD_OUTCOME_OPEN;
}

/* Zeek's codes, with the spec's rule that an RST after both FINs keeps SF. */
static td_conn_state judge_conn_state(const td_conv *c, const td_endpoint *cl,
                                      const td_endpoint *sv)
{
    /* Zeek's codes go by what was seen: a SYN/ACK only inferred is not one. */
    bool orig_syn = cl->sent_syn, resp_synack = sv->sent_synack;
    bool both_fins = cl->fin_sent && sv->fin_sent;
    bool first_rst_client = c->rst_side != 2 && td_conv_role_of_side(c, c->rst_side) == TD_CLIENT;
    bool first_rst_server = c->rst_side != 2 && !first_rst_client;
    /* An ignored RST still tells who tried to abort. */
    bool rst_client = first_rst_client || (c->rst_side == 2 && cl->sent_rst);
    bool rst_server = first_rst_server || (c->rst_side == 2 && sv->sent_rst && !cl->sent_rst);

    if (orig_syn && !resp_synack) {
        if (sv->sent_rst)
            return TD_CS_REJ;
        if (cl->sent_rst)
            return TD_CS_RSTOS0;
        if (cl->fin_sent)
            return TD_CS_SH;
        return TD_CS_S0;
    }
    if (!orig_syn && resp_synack) {
        if (rst_server && !cl->seen)
            return TD_CS_RSTRH;
        if (sv->fin_sent && !cl->seen)
            return TD_CS_SHR;
    }
    if (both_fins)
        return TD_CS_SF;
    if (rst_client)
        return TD_CS_RSTO;
    if (rst_server)
        return TD_CS_RSTR;
    if (cl->fin_sent)
        return TD_CS_S2;
    if (sv->fin_sent)
        return TD_CS_S3;
    if (c->midstream)
        return TD_CS_OTH;
    return c->established ? TD_CS_S1 : TD_CS_OTH;
}

void td_conv_summarize(const td_conv *c, const td_config *cfg, td_time end, td_summary *out)
{
    memset(out, 0, sizeof *out);
    const td_endpoint *ep[2];
    for (int role = 0; role < 2; role++) {
        uint8_t side = (uint8_t)(role == TD_CLIENT ? c->client_side : c->client_side ^ 1);
        ep[role] = &c->ep[side];
    }
    if (end < c->last_time)
        end = c->last_time;

    out->outcome = judge_outcome(c, ep[TD_CLIENT], ep[TD_SERVER]);
    out->conn_state = judge_conn_state(c, ep[TD_CLIENT], ep[TD_SERVER]);
    out->initiator = (td_role)c->initiator;
    out->midstream = c->midstream;
    out->rst_frame = c->rst_frame;
    out->first_close_frame = c->first_close_frame;
    out->anomalies = c->anomalies;
    out->time_wait_holder = TD_ROLE_NONE;
    out->rst_sender = td_conv_role_of_side(c, c->rst_side);
    if (c->first_close_frame)
        out->close_duration = span(c->first_close_time, c->last_time);
    out->handshake_unfinished = c->synack_seen && !c->established && !c->midstream;

    td_time answer = td_conv_answer_time(c);
    for (int role = 0; role < 2; role++) {
        const td_endpoint *e = ep[role];
        out->final_state[role] = final_state(e, cfg, end);
        out->fin_sent[role] = e->fin_sent;
        out->fin_acked[role] = e->fin_acked;
        out->fin_frame[role] = e->fin_sent ? e->fin_frame : 0;
        out->fin_ack_frame[role] = e->fin_acked ? e->fin_ack_frame : 0;
        /* Capture timestamps can step backwards; a delay cannot. */
        out->fin_ack_delay[role] = e->fin_acked && e->fin_ack_time > e->fin_time ? e->fin_ack_time - e->fin_time : 0;
        out->fin_retransmissions[role] = e->fin_retransmissions;
        if (e->fin_sent && !e->fin_acked) {
            out->anomalies |= TD_BIT(TD_A_FIN_UNACKED);
            out->capture_left_after[role] = end - e->fin_time;
            out->capture_edge[role] = out->capture_left_after[role] < answer;
        }
        if (e->tw_frame != 0 && out->time_wait_holder == TD_ROLE_NONE) {
            out->time_wait_holder = (td_role)role;
            out->time_wait_frame = e->tw_frame;
            out->time_wait_reused = e->tw_reused;
            td_time until = e->tw_time + cfg->time_wait;
            out->time_wait_linger = span(e->tw_time, until < end ? until : end);
        }
        if (e->cw_frame != 0) {
            bool still = e->state == TD_CLOSE_WAIT;
            td_time stop = still ? end : e->cw_end;
            out->close_wait_time[role] = span(e->cw_time, stop);
            /* Stuck: longer than allowed, or still waiting when the capture
             * stopped (severity then depends on how long that was). */
            if (still || out->close_wait_time[role] > cfg->close_wait) {
                out->close_wait_stuck[role] = true;
                out->anomalies |= TD_BIT(TD_A_CLOSE_WAIT_STUCK);
                if (still && !(e->fin_sent && !e->fin_acked)) {
                    out->capture_left_after[role] = end - e->cw_time;
                    out->capture_edge[role] = out->capture_left_after[role] < answer;
                }
            }
        }
    }
    if (c->half_close_bytes > 0) {
        out->half_close = true;
        out->half_close_bytes = c->half_close_bytes;
        out->half_close_duration = span(c->first_close_time, c->last_data_after_fin);
    }
}
