/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Judges a whole conversation as of the end of the capture: final states,
 * outcome, Zeek conn_state, and the anomalies only the end can reveal. */
#include "td_engine.h"
#include "td_seq.h"

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

/* A duration between two capture timestamps, which can step backwards. */
static td_time span(td_time from, td_time to)
{
    return to > from ? to - from : 0;
}

/* Linux doubles the retransmission interval each time (tcp_retransmit_timer),
 * so an endpoint that sent the same thing again after `gap` sends it next
 * about 2 * gap later; a quarter more allows for timer slack. Silence past
 * that means the copy never came: it gave up, or had what it waited for. */
static bool silent_past_next_retry(const td_endpoint *ep, td_time end)
{
    if (ep->retx_run == 0 || ep->retx_gap_us == 0)
        return false;
    td_time gap = (td_time)ep->retx_gap_us * 1000;
    return end - ep->seq_tx_time > gap * 5 / 2;
}

/* Still waiting for an answer to what it kept sending again: its SYN, its
 * SYN/ACK, its FIN, or data the peer never acknowledged. */
static bool waiting_for_answer(const td_endpoint *ep, const td_endpoint *peer)
{
    switch ((td_state)ep->state) {
    case TD_SYN_SENT:
    case TD_SYN_RECEIVED: return true;
    case TD_FIN_WAIT_1:
    case TD_CLOSING:
    case TD_LAST_ACK: return ep->fin_sent && !ep->fin_acked;
    case TD_ESTABLISHED:
    case TD_CLOSE_WAIT:
        return ep->nxt_known && (!peer->ack_known || td_seq_gt(ep->snd_nxt, peer->ack_max));
    default: return false;
    }
}

/* An ACK of its FIN whose earlier copy was lost (it sent the FIN again)
 * counts as received, as every ACK does unless shown otherwise; but only the
 * silence after it, past the FIN's next copy, proves it. Said, not guessed. */
static bool ack_fate_unknown(const td_endpoint *ep, td_time end)
{
    return ep->fin_sent && ep->fin_acked && ep->acks_lost > 0 && ep->retx_run > 0 &&
           ep->fin_ack_time >= ep->seq_tx_time && !silent_past_next_retry(ep, end);
}

/* After two lost ACKs the engine stops believing the next (take_fin); the
 * FIN's sender that then stays silent past its next copy did get one. */
static bool late_ack_proven(const td_endpoint *ep, td_time end)
{
    return ep->fin_sent && !ep->fin_acked && ep->acks_lost >= 2 && ep->fin_taken &&
           ep->fin_ack_time >= ep->seq_tx_time && silent_past_next_retry(ep, end);
}

static td_state final_state(const td_endpoint *ep, const td_endpoint *peer, const td_config *cfg,
                            td_time end, td_summary *out, int role)
{
    if (ep->state == TD_TIME_WAIT && (ep->tw_reused || end - ep->tw_time >= cfg->time_wait))
        return TD_CLOSED;
    /* Past the default retry budget of a handshake state, with or without
     * its retries in the capture (tw_time holds the first SYN or SYN/ACK). */
    if (ep->state == TD_SYN_RECEIVED && ep->sent_synack && end - ep->tw_time >= TD_SYN_RECEIVED_TIMEOUT)
        return TD_CLOSED;
    if (ep->state == TD_SYN_SENT && ep->sent_syn && end - ep->tw_time >= TD_SYN_SENT_TIMEOUT)
        return TD_CLOSED;
    out->ack_fate_unknown[role] = ack_fate_unknown(ep, end);
    td_state acked = td_state_after_fin_acked((td_state)ep->state);
    if (acked != (td_state)ep->state && late_ack_proven(ep, end)) {
        out->late_ack[role] = true;
        /* A TIME_WAIT it entered at that ACK runs out like any other. */
        return acked == TD_TIME_WAIT && end - ep->fin_ack_time >= cfg->time_wait ? TD_CLOSED : acked;
    }
    if (waiting_for_answer(ep, peer) && silent_past_next_retry(ep, end)) {
        /* The kernel gives up without a word (tcp_write_timeout: no RST
         * on a retransmission or SYN timeout). */
        out->gave_up[role] = true;
        return TD_CLOSED;
    }
    return (td_state)ep->state;
}

/* `acked` is per role, as judged at the capture end. */
static td_outcome judge_outcome(const td_conv *c, const td_endpoint *cl, const td_endpoint *sv, const bool acked[2])
{
    /* The RST that refused the SYN decides, whatever the client did next
     * (a retried SYN, or the SYN itself captured after the RST), unless the
     * client went on talking as if it never came (then it ended nothing). */
    bool refused = (c->anomalies & TD_BIT(TD_A_RST_REFUSED)) && c->rst_frame != 0;
    if (!c->answered && (cl->sent_syn || refused) && !c->midstream) {
        if (refused || (sv->sent_rst && c->rst_side != TD_NO_SIDE))
            return TD_OUTCOME_REFUSED;
        return TD_OUTCOME_UNANSWERED;
    }
    bool both_fins = cl->fin_sent && sv->fin_sent;
    bool both_acked = both_fins && acked[TD_CLIENT] && acked[TD_SERVER];
    if (c->rst_side != TD_NO_SIDE && !c->rst_after_both_fins)
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
    bool first_rst_client = c->rst_side != TD_NO_SIDE && td_conv_role_of_side(c, c->rst_side) == TD_CLIENT;
    bool first_rst_server = c->rst_side != TD_NO_SIDE && !first_rst_client;
    /* An ignored RST still tells who tried to abort. */
    bool rst_client = first_rst_client || (c->rst_side == TD_NO_SIDE && cl->sent_rst);
    bool rst_server = first_rst_server || (c->rst_side == TD_NO_SIDE && sv->sent_rst && !cl->sent_rst);

    /* A refusing RST/ACK captured alone (its SYN in another tcp.stream, as
     * Wireshark 4.4 numbers an RST captured before its SYN) implies the SYN. */
    bool refused = (c->anomalies & TD_BIT(TD_A_RST_REFUSED)) && c->rst_frame != 0;
    if ((orig_syn || refused) && !resp_synack) {
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

/* One endpoint's FIN as the end of the capture sees it. */
static void summarize_fin(td_summary *out, const td_endpoint *e, int role, td_time end, td_time answer)
{
    out->fin_sent[role] = e->fin_sent;
    out->fin_taken[role] = e->fin_taken;
    out->fin_inferred[role] = e->fin_inferred;
    out->acks_lost[role] = e->acks_lost;
    out->fin_acked[role] = e->fin_acked || out->late_ack[role];
    out->fin_frame[role] = e->fin_sent ? e->fin_frame : 0;
    out->fin_ack_frame[role] = e->fin_taken ? e->fin_ack_frame : 0;
    /* Capture timestamps can step backwards; a delay cannot. */
    out->fin_ack_delay[role] = e->fin_taken ? span(e->fin_time, e->fin_ack_time) : 0;
    out->fin_retransmissions[role] = e->fin_retransmissions;
    if (e->fin_sent && !e->fin_taken) {
        out->anomalies |= TD_BIT(TD_A_FIN_UNACKED);
        out->capture_left_after[role] = end - e->fin_time;
        out->capture_edge[role] = out->capture_left_after[role] < answer;
    }
}

/* The waiting states it went through: TIME_WAIT held, CLOSE_WAIT stuck. */
static void summarize_waits(td_summary *out, const td_endpoint *e, int role, const td_config *cfg, td_time end,
                            td_time answer)
{
    if (e->tw_frame != 0 && out->time_wait_holder == TD_ROLE_NONE) {
        out->time_wait_holder = (td_role)role;
        out->time_wait_frame = e->tw_frame;
        out->time_wait_reused = e->tw_reused;
        td_time until = e->tw_time + cfg->time_wait;
        out->time_wait_linger = span(e->tw_time, until < end ? until : end);
    }
    if (e->cw_frame == 0)
        return;
    bool still = e->state == TD_CLOSE_WAIT;
    td_time stop = still ? end : e->cw_end;
    out->close_wait_time[role] = span(e->cw_time, stop);
    /* Stuck: longer than allowed, or still waiting when the capture
     * stopped (severity then depends on how long that was). */
    if (still || out->close_wait_time[role] > cfg->close_wait) {
        out->close_wait_stuck[role] = true;
        out->anomalies |= TD_BIT(TD_A_CLOSE_WAIT_STUCK);
        if (still && !(e->fin_sent && !e->fin_taken)) {
            out->capture_left_after[role] = end - e->cw_time;
            out->capture_edge[role] = out->capture_left_after[role] < answer;
        }
    }
}

/* A TIME_WAIT that began at a late ACK the silence proved, when no other
 * TIME_WAIT is on record. */
static void summarize_late_time_wait(td_summary *out, const td_endpoint *const ep[2], const td_config *cfg,
                                     td_time end)
{
    for (int role = 0; role < 2 && out->time_wait_holder == TD_ROLE_NONE; role++) {
        const td_endpoint *e = ep[role];
        if (out->late_ack[role] && td_state_after_fin_acked((td_state)e->state) == TD_TIME_WAIT) {
            td_time until = e->fin_ack_time + cfg->time_wait;
            out->time_wait_holder = (td_role)role;
            out->time_wait_frame = e->fin_ack_frame;
            out->time_wait_linger = span(e->fin_ack_time, until < end ? until : end);
        }
    }
}

/* Fills what td_conv_verdict promises and sets the rest to "none". */
static void judge_verdict(const td_conv *c, const td_endpoint *const ep[2], const td_config *cfg, td_time end,
                          td_summary *out)
{
    memset(out, 0, sizeof *out);
    out->time_wait_holder = TD_ROLE_NONE;
    out->conn_state = judge_conn_state(c, ep[TD_CLIENT], ep[TD_SERVER]);
    out->initiator = (td_role)c->initiator;
    out->midstream = c->midstream;
    out->rst_sender = td_conv_role_of_side(c, c->rst_side);
    bool acked[2];
    for (int role = 0; role < 2; role++) {
        out->final_state[role] = final_state(ep[role], ep[role ^ 1], cfg, end, out, role);
        acked[role] = ep[role]->fin_acked || out->late_ack[role];
    }
    out->outcome = judge_outcome(c, ep[TD_CLIENT], ep[TD_SERVER], acked);
}

/* The endpoints by role, and an end no earlier than the last packet. */
static td_time by_role(const td_conv *c, td_time end, const td_endpoint *ep[2])
{
    for (int role = 0; role < 2; role++)
        ep[role] = &c->ep[td_conv_side_of_role(c, (td_role)role)];
    return end < c->last_time ? c->last_time : end;
}

void td_conv_verdict(const td_conv *c, const td_config *cfg, td_time end, td_summary *out)
{
    const td_endpoint *ep[2];
    end = by_role(c, end, ep);
    judge_verdict(c, ep, cfg, end, out);
}

void td_conv_summarize(const td_conv *c, const td_config *cfg, td_time end, td_summary *out)
{
    const td_endpoint *ep[2];
    end = by_role(c, end, ep);
    judge_verdict(c, ep, cfg, end, out);
    out->rst_frame = c->rst_frame;
    out->first_close_frame = c->first_close_frame;
    out->anomalies = c->anomalies;
    if (c->first_close_frame)
        out->close_duration = span(c->first_close_time, c->last_time);
    out->handshake_unfinished = c->synack_seen && !c->established && !c->midstream;

    td_time answer = td_conv_answer_time(c);
    for (int role = 0; role < 2; role++) {
        const td_endpoint *e = ep[role];
        out->retransmissions[role] = e->retx_run;
        out->silence_after[role] = e->seq_tx_time ? span(e->seq_tx_time, end) : 0;
        summarize_fin(out, e, role, end, answer);
        summarize_waits(out, e, role, cfg, end, answer);
    }
    summarize_late_time_wait(out, ep, cfg, end);
    if (c->half_close_bytes > 0) {
        out->half_close = true;
        out->half_close_bytes = c->half_close_bytes;
        out->half_close_duration = span(c->first_close_time, c->last_data_after_fin);
    }
    td_cause_judge(c, cfg, end, out);
}
