/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-segment state machine: moves both endpoints of a conversation through
 * the RFC 9293 states as far as the captured segments prove, and notes what
 * each segment did. */
#include "td_engine.h"
#include "td_seq.h"

#include <string.h>

#define NO_SIDE TD_NO_SIDE

/* The observer's view of one segment: who sent it, who receives it. */
typedef struct feed {
    td_conv *conv;
    const td_config *cfg;
    const td_segment *seg;
    td_result *out;
    bool stale_syn; /* this segment is a SYN into a synchronized connection */
    td_endpoint *snd;
    td_endpoint *rcv;
    uint8_t s; /* sender's side */
    uint8_t r; /* receiver's side */
} feed;

void td_conv_init(td_conv *conv)
{
    memset(conv, 0, sizeof *conv);
    conv->initiator = TD_ROLE_NONE;
    conv->rst_side = NO_SIDE;
    for (int i = 0; i < 2; i++)
        conv->ep[i].wscale = -1;
}

static td_role role_of(const feed *f, uint8_t side)
{
    return td_conv_role_of_side(f->conv, side);
}

static uint8_t side_of(const feed *f, const td_endpoint *ep)
{
    return ep == &f->conv->ep[0] ? 0 : 1;
}

td_time td_conv_rtt(const td_conv *conv)
{
    return conv->rtt_known ? conv->syn_rtt : 0;
}

td_time td_conv_answer_time(const td_conv *conv)
{
    td_time rtt = td_conv_rtt(conv);
    return rtt > 0 ? 2 * rtt : TD_NS_PER_SEC / 5;
}

/* Every state change goes through here, so that entering and leaving the
 * waiting states is recorded in one place. */
static void change_state(const feed *f, td_endpoint *ep, td_state next, bool restored)
{
    td_state prev = (td_state)ep->state;
    if (prev == next)
        return;
    ep->state = (uint8_t)next;
    if (prev == TD_CLOSE_WAIT)
        ep->cw_end = f->seg->time;
    if (restored) {
        /* Back to where evidence later showed it still was: its timers run on. */
        if (next == TD_CLOSE_WAIT)
            ep->cw_end = 0;
        return;
    }
    if (next == TD_TIME_WAIT) {
        ep->tw_time = f->seg->time;
        ep->tw_frame = f->seg->frame;
        f->out->entered_time_wait |= (uint8_t)TD_ROLE_BIT(role_of(f, side_of(f, ep)));
        f->out->anomalies |= TD_BIT(TD_A_TIME_WAIT);
    }
    if (next == TD_CLOSE_WAIT) {
        ep->cw_time = f->seg->time;
        ep->cw_frame = f->seg->frame;
        ep->cw_end = 0;
        f->out->entered_close_wait |= (uint8_t)TD_ROLE_BIT(role_of(f, side_of(f, ep)));
    }
}

static void set_state(const feed *f, td_endpoint *ep, td_state next)
{
    change_state(f, ep, next, false);
}

/* Roles follow the spec: the first SYN's sender is the client; a lone SYN/ACK
 * names its receiver; without a handshake the lower port is the server's. */
static void decide_roles(feed *f)
{
    td_conv *c = f->conv;
    const td_segment *seg = f->seg;
    if (c->roles_known)
        return;
    c->roles_known = true;
    bool syn = seg->flags & TD_TH_SYN, ack = seg->flags & TD_TH_ACK;
    bool rst = seg->flags & TD_TH_RST;
    if (syn && !ack && !rst) {
        c->client_side = f->s;
    } else if (syn && ack && !rst) {
        c->client_side = f->r;
        /* The client must have sent the SYN this answers, captured or not. */
        set_state(f, &c->ep[f->r], TD_SYN_SENT);
    } else if (rst && ack && !syn && seg->seq == 0) {
        /* RFC 9293 3.10.7.1: sequence number 0 with an ACK is how a closed
         * port answers a segment without ACK, i.e. a SYN, whose ISN the ACK
         * gives. That SYN came from the RST's receiver, even when the capture
         * point stamped it after the RST or missed it. */
        c->client_side = f->r;
        set_state(f, &c->ep[f->r], TD_SYN_SENT);
        c->ep[f->r].isn = seg->ack - 1;
        c->ep[f->r].isn_known = true;
    } else {
        c->midstream = true;
        c->established = true;
        if (seg->src_port != seg->dst_port)
            c->client_side = seg->src_port > seg->dst_port ? f->s : f->r;
        else
            c->client_side = f->s;
        /* Traffic without a handshake: both ends were already talking. */
        set_state(f, &c->ep[0], TD_ESTABLISHED);
        set_state(f, &c->ep[1], TD_ESTABLISHED);
    }
}

/* TIME_WAIT ends by the clock (capture time), not by a packet. */
static void expire_time_wait(feed *f)
{
    for (int i = 0; i < 2; i++) {
        td_endpoint *ep = &f->conv->ep[i];
        if (ep->state == TD_TIME_WAIT && f->seg->time - ep->tw_time >= f->cfg->time_wait)
            set_state(f, ep, TD_CLOSED);
    }
}

/* RFC 9293 3.10.7.4, eighth step: what receiving the peer's FIN does. */
static td_state state_after_fin_received(const td_endpoint *ep)
{
    switch ((td_state)ep->state) {
    case TD_SYN_RECEIVED:
    case TD_ESTABLISHED: return TD_CLOSE_WAIT;
    case TD_FIN_WAIT_1: return ep->fin_acked ? TD_TIME_WAIT : TD_CLOSING;
    case TD_FIN_WAIT_2: return TD_TIME_WAIT;
    default: return (td_state)ep->state;
    }
}

/* RFC 9293 3.10.7.4, fifth step: what the ACK of our own FIN does. */
static td_state state_after_fin_acked(const td_endpoint *ep)
{
    return td_state_after_fin_acked((td_state)ep->state);
}

/* RFC 9293 3.10.4, CLOSE call: what sending our own FIN does. */
static td_state state_after_fin_sent(const td_endpoint *ep)
{
    switch ((td_state)ep->state) {
    case TD_SYN_SENT: /* a SYN followed by a FIN: a probe, not a real stack's close */
    case TD_SYN_RECEIVED:
    case TD_ESTABLISHED: return TD_FIN_WAIT_1;
    case TD_CLOSE_WAIT: return TD_LAST_ACK;
    default: return (td_state)ep->state;
    }
}

/* A duration in ms between two capture timestamps, which can step back. */
static uint32_t gap_ms(td_time from, td_time to)
{
    if (to <= from)
        return 0;
    td_time ms = (to - from) / 1000000;
    return ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

/* The silence the close ended. A close that answers the peer's segment just
 * before it (an idle timer's RST to the first request after the silence, a
 * middlebox that forgot the flow) ends the silence before that segment,
 * which the running gap still holds. */
static void judge_idle_before_close(feed *f)
{
    td_conv *c = f->conv;
    if (c->last_frame == 0) {
        c->idle_from_frame = c->idle_to_frame = 0;
        return;
    }
    bool answers = c->prev_side != f->s && c->idle_to_frame == c->last_frame &&
                   f->seg->time - c->last_time <= td_conv_answer_time(c);
    if (!answers) {
        c->idle_ms = gap_ms(c->last_time, f->seg->time);
        c->idle_from_frame = c->last_frame;
        c->idle_to_frame = f->seg->frame;
    }
    if (f->cfg->idle > 0 && (td_time)c->idle_ms * 1000000 >= f->cfg->idle)
        f->out->anomalies |= TD_BIT(TD_A_IDLE_TIMEOUT);
}

static void note_first_close(feed *f)
{
    td_conv *c = f->conv;
    if (c->first_close_frame == 0) {
        c->first_close_frame = f->seg->frame;
        c->first_close_time = f->seg->time;
        c->initiator = (uint8_t)role_of(f, f->s);
        judge_idle_before_close(f);
    }
}

/* Until the first close, the latest silence between two segments. */
static void note_gap(feed *f)
{
    td_conv *c = f->conv;
    if (c->first_close_frame == 0 && c->last_frame != 0) {
        c->idle_ms = gap_ms(c->last_time, f->seg->time);
        c->idle_from_frame = c->last_frame;
        c->idle_to_frame = f->seg->frame;
    }
    c->prev_side = f->s;
}

/* Established, or closing: a SYN there is not this connection's. */
static bool synchronized(td_state s)
{
    return s != TD_CLOSED && s != TD_SYN_SENT && s != TD_SYN_RECEIVED && s != TD_TIME_WAIT;
}

static void handle_syn(feed *f)
{
    td_endpoint *snd = f->snd, *rcv = f->rcv;
    const td_segment *seg = f->seg;
    bool ack = seg->flags & TD_TH_ACK;
    if (!ack) {
        /* RTT runs from the latest SYN, the one the SYN/ACK most likely
         * answers; once measured, the slot holds the RTT instead. */
        if (!f->conv->rtt_known)
            f->conv->syn_rtt = seg->time;
        f->conv->syn_seen = true;
    }
    if (snd->isn_known && seg->seq == snd->isn) {
        if (ack)
            return; /* the same SYN/ACK again: nothing new */
        if (snd->sent_syn && f->conv->syn_retries < UINT8_MAX)
            f->conv->syn_retries++;
        if (f->conv->stale_syn && f->conv->stale_delay_us == 0 && snd->state == TD_SYN_SENT &&
            seg->time > snd->tw_time) {
            /* The SYN again after the stale-state dance: the time it cost
             * since the first SYN (tw_time holds it in SYN_SENT). */
            td_time us = (seg->time - snd->tw_time) / 1000;
            f->conv->stale_delay_us = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
        }
        if (!snd->sent_syn) {
            /* The SYN an RST captured before it already answered (see
             * decide_roles): sent before that RST, it moves nothing. */
            snd->sent_syn = true;
        } else if (snd->state == TD_CLOSED && snd->rst_pending) {
            /* The same SYN after an RST refused it: the client tries again
             * (Windows does, twice), so it waits in SYN-SENT once more. */
            set_state(f, snd, TD_SYN_SENT);
        }
        return;
    }
    if (!ack && snd->isn_known && synchronized((td_state)snd->state) && synchronized((td_state)rcv->state)) {
        /* A new connection from the same port while the peer still holds
         * the old one (its socket vanished without a trace): the peer
         * answers with a challenge ACK of the old sequence space (RFC 5961
         * 4, tcp_send_challenge_ack), which the sender's RST then ends. The
         * old numbers stay: that RST is judged in them. */
        f->conv->stale_syn = true;
        f->stale_syn = true;
        snd->sent_syn = true;
        snd->tw_time = seg->time;
        set_state(f, snd, TD_SYN_SENT);
        return;
    }
    snd->isn = seg->seq;
    snd->isn_known = true;
    snd->wscale = seg->wscale;
    if (!ack) {
        /* RFC 9293 3.10.1, OPEN call: a SYN sent means SYN-SENT. Its SYN
         * retransmission timer starts here (see td_endpoint). */
        if (snd->state != TD_SYN_SENT && snd->tw_frame == 0)
            snd->tw_time = seg->time;
        snd->sent_syn = true;
        set_state(f, snd, TD_SYN_SENT);
    } else {
        /* A SYN/ACK means its sender got the SYN (RFC 9293 3.10.7.2). */
        snd->sent_synack = true;
        /* Its SYN/ACK retransmission timer starts here (see td_endpoint). */
        if (snd->state != TD_SYN_RECEIVED && snd->tw_frame == 0)
            snd->tw_time = seg->time;
        f->conv->synack_seen = true;
        f->conv->answered = true;
        set_state(f, snd, TD_SYN_RECEIVED);
        if (rcv->state == TD_CLOSED && !rcv->seen)
            set_state(f, rcv, TD_SYN_SENT);
    }
}

/* The handshake completes when the SYN's sender shows it got the SYN/ACK by
 * acknowledging it; its ACK counts as received unless shown otherwise. */
static void handle_handshake_ack(feed *f)
{
    td_endpoint *snd = f->snd, *rcv = f->rcv;
    const td_segment *seg = f->seg;
    bool ack = seg->flags & TD_TH_ACK;
    if (seg->flags & TD_TH_SYN)
        return;
    if (snd->state == TD_SYN_SENT && ack &&
        (!rcv->isn_known || td_seq_geq(seg->ack, rcv->isn + 1))) {
        set_state(f, snd, TD_ESTABLISHED);
        if (rcv->state == TD_SYN_RECEIVED || (rcv->state == TD_CLOSED && !rcv->seen))
            set_state(f, rcv, TD_ESTABLISHED);
        f->conv->established = true;
        f->conv->answered = true;
        if (f->conv->syn_seen && !f->conv->rtt_known) {
            td_time rtt = seg->time - f->conv->syn_rtt;
            if (rtt != 0) {
                f->conv->syn_rtt = rtt;
                f->conv->rtt_known = true;
            }
        }
    } else if (snd->state == TD_SYN_RECEIVED) {
        /* A SYN/ACK's sender sending more has seen the handshake's ACK,
         * even if that ACK never passed the capture point. */
        set_state(f, snd, TD_ESTABLISHED);
        if (rcv->state == TD_SYN_SENT)
            set_state(f, rcv, TD_ESTABLISHED);
        f->conv->established = true;
    }
}

/* The FIN's segment carried the ACK of our FIN: the FIN's sender had taken
 * ours in before it closed, and an ACK is cumulative. */
static bool fin_carried_ack_of(const td_endpoint *finner, const td_endpoint *peer)
{
    return finner->fin_sent && finner->fin_taken && finner->closed_after_peer_fin && finner->fin_has_ack &&
           peer->fin_sent;
}

/* An ACK from `acker` covering `finner`'s FIN (captured in `frame`): the
 * acker has taken that FIN in (RFC 9293 3.10.7.4, eighth step) and the FIN's
 * sender counts as having the ACK (fifth step) unless it later shows not. */
static void take_fin(const feed *f, td_endpoint *acker, td_endpoint *finner, uint32_t frame, td_time time)
{
    /* After two ACKs of this FIN shown lost, the path drops them: that the
     * FIN's sender now has one is for the silence after it to show
     * (td_conv_summarize), not to believe. The acker has the FIN either way. */
    bool believed = finner->acks_lost < 2;
    if (believed || !finner->fin_taken) {
        finner->fin_ack_frame = frame;
        finner->fin_acked = believed;
    }
    finner->fin_taken = true;
    finner->fin_ack_time = time;
    if (acker->state == TD_TIME_WAIT) {
        /* RFC 9293 3.10.7.4: a FIN again in TIME-WAIT restarts the 2 MSL timeout. */
        acker->tw_time = time;
        acker->tw_frame = frame;
    }
    if (acker->fin_sent && !acker->fin_acked && fin_carried_ack_of(finner, acker)) {
        /* The peer's FIN segment also acknowledged our FIN, and RFC 9293
         * 3.10.7.4 takes a segment's ACK (fifth step) before its FIN
         * (eighth): receiving that FIN means receiving that ACK too. */
        acker->fin_acked = true;
        acker->fin_ack_frame = finner->fin_frame;
        acker->fin_ack_time = finner->fin_time;
        set_state(f, acker, state_after_fin_acked(acker));
    }
    set_state(f, acker, state_after_fin_received(acker));
    if (believed)
        set_state(f, finner, state_after_fin_acked(finner));
}

/* The sender's ACK field is evidence of what it received: the peer's FIN
 * counts as received once an ACK from the receiver covers it. */
static void handle_fin_evidence(feed *f)
{
    const td_segment *seg = f->seg;
    if (!(seg->flags & TD_TH_ACK) || !f->rcv->fin_sent || f->rcv->fin_acked)
        return;
    if (!td_seq_geq(seg->ack, f->rcv->fin_seq + 1))
        return;
    take_fin(f, f->snd, f->rcv, seg->frame, seg->time);
}

/* An endpoint counted as reset that goes on talking either crossed the RST
 * (sent within about a round trip of it: twice the handshake RTT, else
 * 200 ms) or never took it. */
static bool handle_ignored_rst(feed *f)
{
    td_endpoint *snd = f->snd;
    if (!snd->rst_pending)
        return false;
    if (f->seg->time - snd->rst_time <= td_conv_answer_time(f->conv))
        return true; /* may have crossed the RST in flight: no new state */
    snd->rst_pending = false;
    change_state(f, snd, (td_state)snd->state_before_rst, true);
    if (f->conv->rst_side == f->r) {
        /* It was the RST's receiver, and it talks on: the RST never
         * arrived, or was not taken (as injected ones often are not). */
        f->out->anomalies |= TD_BIT(TD_A_RST_IGNORED);
        f->conv->rst_side = NO_SIDE;
        f->conv->rst_frame = 0;
        f->conv->rst_after_both_fins = false;
    }
    return false;
}

/* The segment's ACK covers the receiver's FIN, but moves no state: a
 * segment that crossed the RST (both ends are closed by it either way), or
 * an RST+ACK, which Linux takes before its ACK (tcp_validate_incoming). The
 * FIN was taken in, so it was not "never acknowledged", yet its sender got
 * no ACK. */
static void note_fin_taken(feed *f)
{
    td_endpoint *rcv = f->rcv;
    const td_segment *seg = f->seg;
    if (!(seg->flags & TD_TH_ACK) || !rcv->fin_sent || rcv->fin_taken || !td_seq_geq(seg->ack, rcv->fin_seq + 1))
        return;
    rcv->fin_taken = true;
    rcv->fin_ack_frame = seg->frame;
    rcv->fin_ack_time = seg->time;
}

static void handle_data(feed *f)
{
    td_endpoint *snd = f->snd, *rcv = f->rcv;
    const td_segment *seg = f->seg;
    if (seg->len == 0)
        return;
    uint32_t end = seg->seq + seg->len;
    if (rcv->fin_sent && (!snd->nxt_known || td_seq_gt(end, snd->snd_nxt))) {
        /* New data after the peer's FIN: sent knowing of it (its ACK covers
         * the FIN), or crossing it. */
        if ((seg->flags & TD_TH_ACK) && td_seq_geq(seg->ack, rcv->fin_seq + 1))
            snd->data_after_peer_fin = true;
        else
            snd->data_crossed_fin = true;
    }
    if (snd->fin_sent && td_seq_gt(end, snd->fin_seq + 1)) {
        /* Payload past the FIN's own sequence slot is new data after the
         * close; a one-byte keep-alive at the FIN's slot is not. */
        uint32_t from = td_seq_gt(seg->seq, snd->fin_seq + 1) ? seg->seq : snd->fin_seq + 1;
        f->out->bytes = (uint32_t)(end - from);
        f->out->anomalies |= TD_BIT(TD_A_DATA_AFTER_FIN);
        return;
    }
    if (rcv->fin_sent && rcv->fin_acked && !snd->fin_sent) {
        uint32_t from = seg->seq;
        if (snd->nxt_known && td_seq_gt(snd->snd_nxt, from))
            from = snd->snd_nxt;
        if (td_seq_gt(end, from)) {
            if (f->conv->half_close_bytes == 0)
                f->out->anomalies |= TD_BIT(TD_A_HALF_CLOSE);
            f->conv->half_close_bytes += (uint32_t)(end - from);
            f->conv->last_data_after_fin = seg->time;
        }
    }
}

/* Where an endpoint whose FIN is not acknowledged stands: LAST_ACK if it
 * closed after taking in the peer's FIN, CLOSING if it took that FIN in after
 * closing, FIN_WAIT_1 if it has not (RFC 9293 3.10.4 and 3.10.7.4). Taking
 * the peer's FIN in is proven by its own ACK of it, whether or not that ACK
 * then reached the peer. */
static td_state state_awaiting_fin_ack(const td_endpoint *self, const td_endpoint *peer)
{
    if (!peer->fin_sent || !peer->fin_taken)
        return TD_FIN_WAIT_1;
    return self->closed_after_peer_fin ? TD_LAST_ACK : TD_CLOSING;
}

/* The sender's first FIN: RFC 9293 3.10.4, its own close. */
static void handle_first_fin(feed *f, uint32_t fin_seq)
{
    td_endpoint *snd = f->snd, *rcv = f->rcv;
    const td_segment *seg = f->seg;
    f->out->fin_of = (uint8_t)role_of(f, f->s);
    snd->fin_sent = true;
    snd->fin_seq = fin_seq;
    snd->fin_has_ack = (seg->flags & TD_TH_ACK) != 0;
    snd->closed_after_peer_fin = rcv->fin_sent && rcv->fin_taken;
    snd->fin_frame = seg->frame;
    snd->fin_time = seg->time;
    /* Data of the peer's this FIN does not acknowledge was in flight: the
     * two crossed, whichever the capture point saw first. */
    if (rcv->sent_data && rcv->nxt_known && (seg->flags & TD_TH_ACK) && td_seq_gt(rcv->snd_nxt, seg->ack))
        rcv->data_crossed_fin = true;
    if (!rcv->fin_sent) {
        f->out->anomalies |= TD_BIT(TD_A_CLOSE_ACTIVE);
    } else if (rcv->fin_acked) {
        f->out->anomalies |= TD_BIT(TD_A_CLOSE_PASSIVE);
    } else {
        /* Our FIN left before we had taken in the peer's: they crossed. */
        f->out->anomalies |= TD_BIT(TD_A_CLOSE_SIMULTANEOUS);
    }
    note_first_close(f);
    set_state(f, snd, state_after_fin_sent(snd));
    if (rcv->ack_known && td_seq_geq(rcv->ack_max, snd->fin_seq + 1)) {
        /* The peer's ACK of this FIN was captured first (the two crossed
         * the capture point in the other order, often with one timestamp):
         * the highest ACK the receiver had sent already covers it. */
        take_fin(f, rcv, snd, rcv->ack_max_frame, seg->time);
    }
}

/* A segment one sequence number past all its sender was seen to send, with
 * no FIN of its own: the FIN it sent was lost before the capture point (a
 * stack numbers nothing else with one unit and no data). Judged as that
 * FIN, sent before this segment. */
static void handle_unseen_fin(feed *f)
{
    td_endpoint *snd = f->snd;
    const td_segment *seg = f->seg;
    if (snd->fin_sent || !snd->nxt_known || (seg->flags & (TD_TH_SYN | TD_TH_RST)) ||
        seg->seq != snd->snd_nxt + 1)
        return;
    snd->fin_inferred = true;
    /* The peer sent its FIN again after everything else this endpoint was
     * seen to send, and this segment acknowledges it: the ACK the peer waited
     * for was in the FIN that got lost, the FIN+ACK of a three-segment
     * close, sent after taking the peer's FIN in. (A copy sent before this
     * endpoint's last segment was a tail-loss probe of FINs that crossed.) */
    td_endpoint *rcv = f->rcv;
    bool passive = rcv->fin_sent && rcv->fin_retransmissions > 0 && rcv->seq_tx_time > snd->last_time &&
                   (seg->flags & TD_TH_ACK) && td_seq_geq(seg->ack, rcv->fin_seq + 1);
    if (passive && !rcv->fin_acked)
        take_fin(f, snd, rcv, seg->frame, seg->time);
    handle_first_fin(f, snd->snd_nxt);
    if (passive)
        snd->fin_has_ack = true;
}

/* A FIN from an endpoint that already sent one. Judged before the segment's
 * ACK field: a stack resends its FIN only while it lacks the ACK of it, so
 * whatever the same segment acknowledges came in after that. */
static void handle_fin_again(feed *f)
{
    td_endpoint *snd = f->snd, *rcv = f->rcv;
    const td_segment *seg = f->seg;
    f->out->fin_of = (uint8_t)role_of(f, f->s);
    if (seg->seq + seg->len != snd->fin_seq)
        return; /* a FIN elsewhere in sequence space: only its data matters */
    if (snd->fin_retransmissions < UINT16_MAX)
        snd->fin_retransmissions++;
    f->out->fin_retransmission = snd->fin_retransmissions;
    f->out->anomalies |= TD_BIT(TD_A_FIN_RETRANSMISSION);
    /* The peer's FIN, which we took in, carried the ACK of ours: we had it. */
    bool acked_with_peer_fin = rcv->fin_taken && fin_carried_ack_of(rcv, snd);
    if (!snd->fin_taken || acked_with_peer_fin || snd->fin_ack_time < snd->seq_tx_time ||
        seg->time - snd->fin_ack_time <= td_conv_rtt(f->conv))
        return;
    /* Sent again after an ACK of it was captured (since its last copy),
     * later than an ACK takes to arrive: that ACK was lost. A copy within
     * one RTT was in flight (or duplicated by the network) and proves
     * nothing. */
    if (snd->acks_lost < UINT8_MAX)
        snd->acks_lost++;
    if (rcv->state == TD_TIME_WAIT)
        f->out->anomalies |= TD_BIT(TD_A_TIME_WAIT_FIN_RETRANSMISSION);
    if (snd->fin_acked) {
        snd->fin_acked = false;
        change_state(f, snd, state_awaiting_fin_ack(snd, rcv), true);
    }
}

/* Payload bytes `from` has sent that `to` has not acknowledged. */
static uint64_t unacked_bytes(const td_endpoint *from, const td_endpoint *to)
{
    if (!from->nxt_known || !to->ack_known)
        return 0;
    int32_t d = td_seq_diff(from->snd_nxt, to->ack_max);
    if (d <= 0)
        return 0;
    if (from->fin_sent && td_seq_geq(from->fin_seq, to->ack_max))
        d--; /* the FIN's slot is not data */
    return d > 0 ? (uint64_t)d : 0;
}

/* The receiver's RCV.NXT as the capture shows it: everything the RST's
 * sender had sent counts as delivered (as an ACK does, unless shown
 * otherwise), and the receiver's own ACKs show at least as much. */
static bool receiver_next(const feed *f, uint32_t *nxt)
{
    const td_endpoint *snd = f->snd, *rcv = f->rcv;
    if (snd->nxt_known && rcv->ack_known)
        *nxt = td_seq_max(snd->snd_nxt, rcv->ack_max);
    else if (snd->nxt_known)
        *nxt = snd->snd_nxt;
    else if (rcv->ack_known)
        *nxt = rcv->ack_max;
    else
        return false;
    return true;
}

/* Linux's tcp_reset_check: an RST at RCV.NXT - 1 still resets when that
 * number is the sender's FIN, taken in by a receiver that is then in
 * CLOSE_WAIT, LAST_ACK or CLOSING. It is the RST of a socket that closed and
 * then got data it would not read: its FIN had already used that number,
 * and it answers with the ACK field of the data (the keep-alive race). */
static bool rst_at_fin_slot(const feed *f, uint32_t rcv_nxt)
{
    const td_endpoint *snd = f->snd, *rcv = f->rcv;
    if (!snd->fin_sent || snd->fin_seq + 1 != rcv_nxt || f->seg->seq != snd->fin_seq)
        return false;
    td_state after = snd->fin_taken ? (td_state)rcv->state : state_after_fin_received(rcv);
    return after == TD_CLOSE_WAIT || after == TD_LAST_ACK || after == TD_CLOSING;
}

/* RFC 9293 3.10.7.4's window test, for the states where Linux still uses
 * it: a request socket (tcp_check_req) and an orphan's FIN_WAIT_2
 * mini-socket (tcp_timewait_state_process) take any RST in the window. */
static bool rst_in_window(const feed *f, uint32_t rcv_nxt)
{
    const td_endpoint *snd = f->snd, *rcv = f->rcv;
    int shift = rcv->window_in_syn                       ? 0
                : (rcv->wscale >= 0 && snd->wscale >= 0) ? rcv->wscale
                : f->conv->synack_seen                   ? 0
                                                         : 14;
    if (shift > 14)
        shift = 14;
    uint64_t wnd = (uint64_t)rcv->window << shift;
    if (wnd > UINT32_C(0x7fffffff))
        wnd = UINT32_C(0x7fffffff);
    /* tcp_in_window: from RCV.NXT up to and including its right edge. */
    return td_seq_in_window(f->seg->seq, rcv_nxt, (uint32_t)wnd + 1);
}

/* Whether the receiver takes the RST, as Linux decides it: in SYN-SENT only
 * one acknowledging the SYN (tcp_rcv_synsent_state_process, RFC 9293
 * 3.10.7.3); in a synchronized state only one at exactly RCV.NXT, or at the
 * FIN's slot just before it (tcp_validate_incoming, RFC 5961 3.2); any other
 * in the window draws a challenge ACK and changes nothing. */
static bool rst_acceptable(const feed *f)
{
    const td_endpoint *rcv = f->rcv;
    const td_segment *seg = f->seg;
    if (rcv->state == TD_SYN_SENT) {
        return !(seg->flags & TD_TH_ACK) ? false
               : !rcv->isn_known          ? true
                                          : seg->ack == rcv->isn + 1;
    }
    uint32_t rcv_nxt;
    if (!receiver_next(f, &rcv_nxt))
        return true; /* nothing known of the receiver's sequence space: no grounds to refuse */
    if (seg->seq == rcv_nxt || rst_at_fin_slot(f, rcv_nxt))
        return true;
    if (rcv->state == TD_SYN_RECEIVED || rcv->state == TD_FIN_WAIT_2)
        return rst_in_window(f, rcv_nxt);
    return false;
}

/* The sequence numbers a stack puts in its own RST: its SND.NXT (an active
 * reset, tcp_send_active_reset), or the ACK field of the segment it answers
 * (a reply, tcp_v4_send_reset), which for a socket that closed and then got
 * data is its FIN's slot. An RST at an older number, behind data its claimed
 * sender has sent since, is someone else's (an injector's). */
static bool rst_from_claimed_sender(const feed *f)
{
    const td_endpoint *snd = f->snd;
    uint32_t seq = f->seg->seq;
    if (!snd->nxt_known || seq == snd->snd_nxt)
        return true;
    return snd->fin_sent && seq == snd->fin_seq;
}

/* The RST's claimed sender: a real RST closes it (unless it later goes on
 * talking as if it never sent it); a forged one says nothing about it. An
 * RST+ACK covering the receiver's FIN shows its sender had that FIN. */
static void rst_sender_closes(feed *f)
{
    td_endpoint *snd = f->snd;
    const td_segment *seg = f->seg;
    snd->sent_rst = true;
    if (snd->state != TD_CLOSED && !snd->rst_pending) {
        snd->state_before_rst = snd->state;
        snd->rst_pending = true;
        snd->rst_time = seg->time;
    }
    set_state(f, snd, TD_CLOSED);
    note_fin_taken(f);
}

/* Whether `ep` is still waiting for the ACK of data or a FIN it sent. */
static bool unacknowledged(const td_endpoint *ep, const td_endpoint *peer)
{
    if (ep->fin_sent && !ep->fin_taken)
        return true;
    return ep->nxt_known && (!peer->ack_known || td_seq_gt(ep->snd_nxt, peer->ack_max));
}

/* What the ending RST answered, from its sender's side (see TD_RSTK_*). */
static uint8_t rst_kind(const feed *f, td_state sender_was)
{
    const td_endpoint *snd = f->snd, *rcv = f->rcv;
    if (f->out->anomalies & TD_BIT(TD_A_RST_MIDDLEBOX))
        return TD_RSTK_MIDDLEBOX;
    if (f->conv->stale_syn && sender_was == TD_SYN_SENT)
        return TD_RSTK_STALE;
    /* tcp_keepalive_timer: out of probes, Linux resets (tcp_send_active_reset). */
    if (snd->ka_probes > 0)
        return TD_RSTK_KEEPALIVE;
    if (snd->retx_run >= 2 && unacknowledged(snd, rcv))
        return TD_RSTK_RETX;
    if (snd->fin_sent && rcv->data_crossed_fin)
        return TD_RSTK_RACE;
    if (snd->fin_sent && rcv->data_after_peer_fin)
        return TD_RSTK_AFTER_CLOSE;
    /* tcp_close: a socket closed with data in its receive queue sends an
     * RST, not a FIN. On the wire that is only certain for one that never
     * sent a byte: one that did may have read all and aborted (SO_LINGER 0). */
    if (!snd->fin_sent && !snd->sent_data && rcv->sent_data)
        return TD_RSTK_UNREAD;
    return TD_RSTK_ABORT;
}

/* The first accepted RST of the conversation: what kind it is, and the data
 * it threw away. */
static void classify_first_rst(feed *f, td_state was, td_state sender_was)
{
    td_conv *c = f->conv;
    td_endpoint *snd = f->snd, *rcv = f->rcv;
    td_result *out = f->out;
    c->rst_side = f->s;
    c->rst_frame = f->seg->frame;
    c->rst_kind = rst_kind(f, sender_was);
    if (c->rst_kind == TD_RSTK_STALE)
        out->anomalies |= TD_BIT(TD_A_STALE_STATE);
    else if (c->rst_kind == TD_RSTK_RACE)
        out->anomalies |= TD_BIT(TD_A_KEEPALIVE_RACE);
    else if (c->rst_kind == TD_RSTK_KEEPALIVE)
        out->anomalies |= TD_BIT(TD_A_KEEPALIVE_TIMEOUT);
    else if (c->rst_kind == TD_RSTK_RETX)
        out->anomalies |= TD_BIT(TD_A_RETRANSMISSION_TIMEOUT);
    c->rst_after_both_fins = snd->fin_sent && snd->fin_acked && rcv->fin_sent && rcv->fin_acked;
    uint64_t lost = unacked_bytes(snd, rcv) + unacked_bytes(rcv, snd);
    if (lost > 0) {
        out->anomalies |= TD_BIT(TD_A_RST_DATA_LOSS);
        out->bytes = lost;
    }
    if (was == TD_TIME_WAIT)
        out->anomalies |= TD_BIT(TD_A_TIME_WAIT_RST);
    else if (was == TD_SYN_SENT && !c->synack_seen)
        out->anomalies |= TD_BIT(TD_A_RST_REFUSED);
    else if (snd->fin_sent || rcv->fin_sent)
        out->anomalies |= TD_BIT(TD_A_RST_AFTER_FIN);
    else
        out->anomalies |= TD_BIT(TD_A_RST_ABORT);
}

/* RFC 9293 3.10.7.3 (tcp_rcv_synsent_state_process): a SYN_SENT endpoint
 * answers an ACK that does not acknowledge its SYN with an RST at that ACK
 * and stays in SYN_SENT. Such an ACK, from a peer that sent no SYN/ACK, is
 * the challenge ACK (RFC 5961 4) of a connection the peer still holds on
 * this 4-tuple: the RST then resets that stale connection. */
static bool handle_rst_to_stale_ack(feed *f)
{
    td_endpoint *snd = f->snd, *rcv = f->rcv;
    const td_segment *seg = f->seg;
    if (snd->state != TD_SYN_SENT || !snd->sent_syn || rcv->state != TD_CLOSED || rcv->sent_synack || !rcv->ack_known ||
        seg->seq != rcv->ack_max || (snd->isn_known && rcv->ack_max == snd->isn + 1))
        return false;
    snd->sent_rst = true;
    f->conv->stale_syn = true;
    if (f->conv->rst_kind == TD_RSTK_NONE)
        f->conv->rst_kind = TD_RSTK_STALE;
    f->out->anomalies |= TD_BIT(TD_A_STALE_STATE);
    return true;
}

static void handle_rst(feed *f)
{
    td_endpoint *snd = f->snd, *rcv = f->rcv;
    const td_segment *seg = f->seg;
    td_result *out = f->out;

    if (snd->ttl_known && seg->ttl_known && seg->ttl != snd->ttl) {
        out->anomalies |= TD_BIT(TD_A_RST_MIDDLEBOX);
        out->ttl_expected = snd->ttl;
        out->ttl_seen = seg->ttl;
    }
    if (!(out->anomalies & TD_BIT(TD_A_RST_MIDDLEBOX)) && handle_rst_to_stale_ack(f))
        return;
    td_state sender_was = (td_state)snd->state;
    bool acceptable = rcv->state == TD_CLOSED || rst_acceptable(f);
    bool forged = (out->anomalies & TD_BIT(TD_A_RST_MIDDLEBOX)) || (!acceptable && !rst_from_claimed_sender(f));
    if (!forged)
        rst_sender_closes(f);
    if (rcv->state == TD_CLOSED) {
        /* Nothing there to reset: never opened, or already gone. */
        note_first_close(f);
        return;
    }
    if (!acceptable) {
        out->anomalies |= TD_BIT(TD_A_RST_OUT_OF_WINDOW);
        return;
    }
    note_first_close(f);
    td_state was = (td_state)rcv->state;
    if (f->conv->rst_side == NO_SIDE)
        classify_first_rst(f, was, sender_was);
    else if (was == TD_TIME_WAIT)
        out->anomalies |= TD_BIT(TD_A_TIME_WAIT_RST);
    rcv->state_before_rst = rcv->state;
    rcv->rst_pending = true;
    rcv->rst_time = seg->time;
    set_state(f, rcv, TD_CLOSED);
}

/* Retransmission timing, so that the end of the capture can tell a sender
 * that gave up (its next copy was due and never came) from one the capture
 * simply stopped watching: Linux doubles the interval each time
 * (tcp_retransmit_timer, inet_csk_reset_xmit_timer with backoff). */
static void note_transmission(td_endpoint *snd, const td_segment *seg, bool again)
{
    if (again && snd->seq_tx_time != 0 && seg->time > snd->seq_tx_time) {
        td_time gap = (seg->time - snd->seq_tx_time) / 1000;
        snd->retx_gap_us = gap > UINT32_MAX ? UINT32_MAX : (uint32_t)gap;
        uint64_t span = (uint64_t)snd->retx_span_us + snd->retx_gap_us;
        snd->retx_span_us = span > UINT32_MAX ? UINT32_MAX : (uint32_t)span;
        if (snd->retx_run < UINT16_MAX)
            snd->retx_run++;
    } else if (!again) {
        snd->retx_gap_us = 0;
        snd->retx_span_us = 0;
        snd->retx_run = 0;
        snd->retx_first_frame = seg->frame;
    }
    snd->seq_tx_time = seg->time;
}

/* A keep-alive probe (tcp_write_wakeup, tcp_xmit_probe_skb): one sequence
 * number below all it has sent, with no or one byte of payload, from an
 * endpoint whose peer has acknowledged everything. */
static bool keepalive_probe(const feed *f)
{
    const td_endpoint *snd = f->snd, *rcv = f->rcv;
    const td_segment *seg = f->seg;
    return !(seg->flags & (TD_TH_SYN | TD_TH_FIN | TD_TH_RST)) && seg->len <= 1 && snd->nxt_known &&
           seg->seq == snd->snd_nxt - 1 && rcv->ack_known && rcv->ack_max == snd->snd_nxt;
}

/* What the sender's segment tells about its own sequence space and window. */
static void record_sender(feed *f)
{
    td_endpoint *snd = f->snd;
    const td_segment *seg = f->seg;
    bool rst = seg->flags & TD_TH_RST;
    snd->seen = true;
    snd->last_time = seg->time;
    f->rcv->ka_probes = 0; /* whatever it sends answers the peer's probes */
    if (rst)
        return; /* RST fields are not the endpoint's running values */
    bool probe = keepalive_probe(f);
    if (probe && snd->ka_probes < 7)
        snd->ka_probes++;
    if (seg->len > 0 && !probe)
        snd->sent_data = true;
    if ((seg->flags & TD_TH_ACK) && (!snd->ack_known || td_seq_gt(seg->ack, snd->ack_max))) {
        snd->ack_max = seg->ack;
        snd->ack_max_frame = seg->frame;
        snd->ack_known = true;
    }
    uint32_t end = seg->seq + seg->len + ((seg->flags & TD_TH_SYN) ? 1u : 0u) +
                   ((seg->flags & TD_TH_FIN) ? 1u : 0u);
    /* A stale SYN leaves the old connection's numbers (see handle_syn). */
    if (end != seg->seq && !probe && !f->stale_syn)
        note_transmission(snd, seg, snd->nxt_known && td_seq_leq(end, snd->snd_nxt));
    if (!f->stale_syn && (!snd->nxt_known || td_seq_gt(end, snd->snd_nxt)))
        snd->snd_nxt = end;
    snd->nxt_known = true;
    snd->window = seg->window;
    snd->window_in_syn = (seg->flags & TD_TH_SYN) != 0;
    if (seg->ttl_known) {
        snd->ttl = seg->ttl;
        snd->ttl_known = true;
    }
}

static void snapshot(const td_conv *c, uint8_t states[2])
{
    for (uint8_t side = 0; side < 2; side++) {
        td_role role = td_conv_role_of_side(c, side);
        states[role == TD_ROLE_NONE ? side : role] = c->ep[side].state;
    }
}

void td_conv_feed(td_conv *conv, const td_config *cfg, const td_segment *seg, td_result *out)
{
    feed f = {conv, cfg, seg, out, false, NULL, NULL, (uint8_t)(seg->side & 1), 0};
    f.r = (uint8_t)(f.s ^ 1);
    f.snd = &conv->ep[f.s];
    f.rcv = &conv->ep[f.r];

    memset(out, 0, sizeof *out);
    out->fin_of = TD_ROLE_NONE;

    if (conv->first_frame == 0)
        conv->first_frame = seg->frame;
    decide_roles(&f);
    expire_time_wait(&f);
    out->sender = (uint8_t)role_of(&f, f.s);
    snapshot(conv, out->before);

    /* A SYN opens anew (RFC 9293 3.10.1): it says nothing of an RST before it. */
    bool opens = (seg->flags & (TD_TH_SYN | TD_TH_ACK | TD_TH_RST)) == TD_TH_SYN;
    if (seg->flags & TD_TH_RST) {
        handle_rst(&f);
    } else if (!opens && handle_ignored_rst(&f)) {
        /* In flight before the RST arrived: no state moves, but its ACK
         * still shows what its sender had taken in. */
        note_fin_taken(&f);
    } else {
        bool fin = seg->flags & TD_TH_FIN, fin_again = fin && f.snd->fin_sent;
        if (!fin_again)
            handle_unseen_fin(&f);
        if (fin_again)
            handle_fin_again(&f);
        if (seg->flags & TD_TH_SYN)
            handle_syn(&f);
        handle_handshake_ack(&f);
        handle_fin_evidence(&f);
        handle_data(&f);
        if (fin && !fin_again && !f.snd->fin_sent)
            handle_first_fin(&f, seg->seq + seg->len);
    }
    record_sender(&f);
    note_gap(&f);

    conv->last_frame = seg->frame;
    conv->last_time = seg->time;
    conv->anomalies |= out->anomalies;
    snapshot(conv, out->after);
}

void td_conv_reset_stale(td_conv *prev, const td_segment *rst)
{
    uint8_t s = (uint8_t)(rst->side & 1);
    td_endpoint *holder = &prev->ep[s ^ 1];
    if (holder->state == TD_CLOSED || holder->state == TD_TIME_WAIT)
        return;
    /* The old connection ends here on the holder, and on the other side it
     * was already gone: that host now has a new socket on the 4-tuple. */
    holder->state = TD_CLOSED;
    prev->ep[s].state = TD_CLOSED;
    prev->rst_side = s;
    prev->rst_frame = rst->frame;
    prev->rst_kind = TD_RSTK_STALE;
    prev->anomalies |= TD_BIT(TD_A_STALE_STATE);
    if (prev->first_close_frame == 0) {
        prev->first_close_frame = rst->frame;
        prev->first_close_time = rst->time;
        prev->initiator = (uint8_t)td_conv_role_of_side(prev, s);
    }
}

void td_conv_check_reuse(td_conv *conv, td_conv *prev, const td_config *cfg,
                         const td_segment *syn, td_result *out)
{
    if (!(syn->flags & TD_TH_SYN) || (syn->flags & TD_TH_ACK))
        return;
    td_endpoint *stale = &prev->ep[syn->side & 1];
    if (prev->rst_kind == TD_RSTK_STALE && prev->rst_side == TD_NO_SIDE && stale->state == TD_SYN_SENT &&
        stale->isn_known && stale->isn == syn->seq && syn->time > stale->tw_time) {
        /* The same SYN again, after the stale-state dance, in a stream of
         * its own (Wireshark 4.4 starts one at a SYN after an RST): the
         * attempt goes on here, and the time lost counts from its first copy. */
        td_time us = (syn->time - stale->tw_time) / 1000;
        conv->stale_delay_us = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
        stale->state = TD_CLOSED;
    } else if (prev->rst_kind == TD_RSTK_STALE && prev->rst_side == (syn->side & 1) && syn->time > stale->tw_time) {
        /* The SYN that follows a stale-state reset: the time lost since the
         * first SYN (kept in tw_time, see handle_syn). */
        td_time us = (syn->time - stale->tw_time) / 1000;
        conv->stale_delay_us = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
    }
    td_time left = 0;
    td_endpoint *holder = NULL;
    for (int i = 0; i < 2; i++) {
        td_endpoint *ep = &prev->ep[i];
        if (ep->state != TD_TIME_WAIT)
            continue;
        td_time l = ep->tw_time + cfg->time_wait - syn->time;
        if (l > left) {
            left = l;
            holder = ep;
        }
    }
    if (left <= 0)
        return;
    out->anomalies |= TD_BIT(TD_A_TIME_WAIT_REUSE);
    conv->anomalies |= TD_BIT(TD_A_TIME_WAIT_REUSE);
    out->time_left = left;
    /* RFC 6191: the TIME_WAIT holder may accept a SYN whose ISN lies above
     * everything the same endpoint sent on the old connection. */
    const td_endpoint *old = &prev->ep[syn->side & 1];
    out->isn_above = old->nxt_known ? td_seq_gt(syn->seq, old->snd_nxt) : true;
    /* Linux (tcp_timewait_state_process) hands such a SYN to the listener
     * and drops the TIME_WAIT socket: the old connection is gone. */
    if (out->isn_above && holder)
        holder->tw_reused = true;
}

/* Both FINs were sent and acknowledged, so the connection is over on both
 * hosts (TIME_WAIT at most). A later segment whose sequence number lies far
 * outside anything its sender could still send on it (beyond a MiB and four
 * times the peer's window, either way) belongs to a new connection on the
 * same 4-tuple whose SYN the capture missed, not to this one. */
bool td_conv_starts_anew(const td_conv *conv, const td_segment *seg)
{
    if (seg->flags & (TD_TH_SYN | TD_TH_RST))
        return false;
    for (int i = 0; i < 2; i++) {
        const td_endpoint *ep = &conv->ep[i];
        if (!ep->fin_sent || !ep->fin_taken || !ep->nxt_known)
            return false;
    }
    const td_endpoint *snd = &conv->ep[seg->side & 1], *peer = &conv->ep[(seg->side & 1) ^ 1];
    uint64_t window = peer->window;
    if (!peer->window_in_syn && peer->wscale > 0)
        window <<= peer->wscale;
    uint64_t bound = window * 4 > (UINT64_C(1) << 20) ? window * 4 : (UINT64_C(1) << 20);
    int64_t dist = td_seq_diff(seg->seq, snd->snd_nxt);
    return (uint64_t)(dist < 0 ? -dist : dist) > bound;
}
