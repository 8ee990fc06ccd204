/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the teardown engine: turns bytes into captured segments
 * on a few conversations and aborts the moment the engine breaks an invariant. */
/*
 * Input format (every read past the end yields zero, so any byte string is a
 * valid capture; make_seeds.py writes it from readable segment lists):
 *
 *   header  byte 0  config: bits 0-2 TIME_WAIT length, bits 3-5 CLOSE_WAIT
 *                   limit (tables below), bit 6 start the clock at 1 ns
 *                   instead of a realistic epoch time
 *           byte 1  ISN class of each (slot, side): 2 bits per side, shifted
 *                   per slot (near 0, the 2^32 wrap, the 2^31 sign flip, or
 *                   scattered)
 *   then records until the input ends:
 *           b0      bits 0-1 slot (conversation), bit 2 side, bits 3-6 kind
 *                   (0-12 a common flag combination, 13/14 raw 8/12-bit
 *                   flags, 15 a control record), bit 7 an extension follows
 *           b1      segment: bits 0-1 seq mode, 2-3 ack mode, 4-5 length
 *                   mode, 6-7 time step mode (see decode_segment), then the
 *                   bytes those modes read, then the extension: a byte of
 *                   bits (window 16/32-bit, wscale, TTL, TTL unknown, port
 *                   layout, "injected": the model ignores it) and its values
 *           b1      control: bits 0-1 op (new conversation on the slot's
 *                   4-tuple, summary probe, repeat the slot's last segment,
 *                   long silence), bits 2-7 its argument
 *
 * "Protocol" modes compute seq/ack from a per-conversation model of what each
 * side has sent, so that a mutator flipping only flag kinds already walks
 * through handshakes and closes whose FINs get acknowledged; the other modes
 * give small deltas (near misses, reordering), raw 32-bit garbage, stale ACKs
 * and exact retransmissions.
 *
 * Set TD_FUZZ_STRICT=1 in the environment to also check the invariants the
 * engine is known to break (tests/fuzz/crashes/README.md); without it the
 * fuzzer keeps running past those known findings. TD_FUZZ_TRACE=1 prints
 * each segment with the states before and after it.
 */
#include "td_engine.h"
#include "td_seq.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4
/* Timestamps stay in [1, 2^62): the glue's nanosecond clock for any classic
 * pcap (32-bit seconds) fits, and no difference or sum of two of them (or a
 * TIME_WAIT preference of up to 2^32 s) can overflow int64. Zero is left out
 * on purpose: the engine uses a zero time as "not yet" in places. */
#define TIME_MIN ((td_time)1)
#define TIME_MAX (((td_time)1 << 62) - 1)
#define US ((td_time)1000)
#define MS ((td_time)1000000)
#define SEC TD_NS_PER_SEC

/* Segments per input. A long input costs in proportion, and past a few
 * hundred segments over four conversations it adds nothing the mutator
 * cannot reach in a shorter one; the budget keeps the fuzzer near 10k
 * inputs/s at -max_len=4096. (Strict mode's 65538-copy repeat is exempt.) */
#define FEED_BUDGET 256u

#define SYN ((uint16_t)TD_TH_SYN)
#define ACK ((uint16_t)TD_TH_ACK)
#define FIN ((uint16_t)TD_TH_FIN)
#define RST ((uint16_t)TD_TH_RST)
#define PSH ((uint16_t)TD_TH_PSH)

/* ---- reading the input -------------------------------------------------- */

typedef struct reader {
    const uint8_t *p;
    size_t n;
} reader;

static uint8_t rd8(reader *r)
{
    if (r->n == 0)
        return 0;
    r->n--;
    return *r->p++;
}

static uint16_t rd16(reader *r)
{
    uint16_t hi = rd8(r);
    return (uint16_t)((hi << 8) | rd8(r));
}

static uint32_t rd32(reader *r)
{
    uint32_t hi = rd16(r);
    return (hi << 16) | rd16(r);
}

/* ---- the generator's model of each conversation -------------------------- */

/* What one side has put on the wire, so "protocol" modes can continue it. */
typedef struct model_side {
    uint32_t nxt;       /* next sequence number it would send */
    uint32_t last_seq;  /* the last non-RST segment, for exact retransmissions */
    uint32_t last_len;
    uint32_t last_ack;  /* the last ACK it sent, for stale ACKs */
    bool fin_ack_valid; /* its first FIN carried an ACK... */
    uint32_t fin_ack;   /* ...of this value */
} model_side;

typedef struct slot {
    td_conv conv;
    td_conv prev;          /* the conversation this slot held before, for reuse */
    bool has_prev;
    bool fresh;            /* nothing fed to `conv` yet */
    td_segment last_seg;   /* for the repeat control */
    bool has_last_seg;
    model_side m[2];
    /* Per side: its FIN was first taken without an ACK reaching it (by the
     * peer's RST+ACK, or a segment that crossed the peer's RST). */
    bool taken_unacked[2];
} slot;

typedef struct world {
    td_config cfg;
    td_time now;
    bool monotonic;        /* the clock never went backwards in this input */
    uint32_t frame;        /* last frame number used: frames start at 1 */
    uint32_t feeds;        /* segments fed so far, against FEED_BUDGET */
    uint8_t isn_class;
    slot s[SLOTS];
} world;

static const td_time time_wait_table[8] = {
    60 * SEC, 240 * SEC, 1 * SEC, 0, 1, 100 * MS, (td_time)UINT32_MAX * SEC, 2 * SEC,
};
static const td_time close_wait_table[8] = {
    5 * SEC, 0, 1 * MS, 60 * SEC, (td_time)UINT32_MAX * SEC, 1 * SEC, 100 * MS, 10 * SEC,
};

/* Flag combinations a capture is full of, some twice to weight them. */
static const uint16_t flag_table[13] = {
    ACK,           ACK | PSH, FIN | ACK, SYN,       SYN | ACK, RST,
    RST | ACK,     FIN,       FIN | PSH | ACK, ACK, FIN | ACK, SYN | FIN,
    SYN | RST | ACK,
};

/* ISNs near the places sequence arithmetic breaks: the wrap, the sign flip. */
static uint32_t isn_of_class(unsigned cls, unsigned slot_idx, unsigned side)
{
    switch (cls & 3) {
    case 0: return UINT32_C(1000) + UINT32_C(4000) * side + slot_idx;
    case 1: return UINT32_C(0xFFFFFFF0) - UINT32_C(0x10) * side - slot_idx;
    case 2: return UINT32_C(0x7FFFFFF0) + UINT32_C(0x20) * side + slot_idx;
    default: return UINT32_C(0x9E3779B9) * (2 * slot_idx + side + 1);
    }
}

static void slot_init_model(slot *sl, unsigned slot_idx, uint8_t cls)
{
    for (unsigned side = 0; side < 2; side++) {
        model_side *m = &sl->m[side];
        memset(m, 0, sizeof *m);
        m->nxt = isn_of_class((unsigned)(cls >> (2 * side + slot_idx)), slot_idx, side);
        m->last_seq = m->nxt;
    }
}

/* ---- failing loudly ------------------------------------------------------ */

/* A yes/no switch from the environment, read once per process. */
static bool env_flag(const char *name, int *cache)
{
    if (*cache < 0) {
        const char *v = getenv(name);
        *cache = v != NULL && v[0] != '\0' && v[0] != '0';
    }
    return *cache != 0;
}

static int strict_cache = -1, trace_cache = -1;
static bool strict_mode(void) { return env_flag("TD_FUZZ_STRICT", &strict_cache); }
/* TD_FUZZ_TRACE=1 prints every segment and what it did, to read a reproducer. */
static bool trace_mode(void) { return env_flag("TD_FUZZ_TRACE", &trace_cache); }

static void trace(unsigned slot_idx, const td_segment *g, const td_result *res)
{
    fprintf(stderr, "slot %u frame %u t=%lld side %u %s%s%s%s%s seq %u ack %u len %u: %s: ",
            slot_idx, g->frame, (long long)g->time, g->side, (g->flags & SYN) ? "S" : "",
            (g->flags & FIN) ? "F" : "", (g->flags & RST) ? "R" : "", (g->flags & PSH) ? "P" : "",
            (g->flags & ACK) ? "." : "", g->seq, g->ack, g->len, td_role_name((td_role)res->sender));
    fprintf(stderr, "client %s -> %s, server %s -> %s",
            td_state_name((td_state)res->before[TD_CLIENT]), td_state_name((td_state)res->after[TD_CLIENT]),
            td_state_name((td_state)res->before[TD_SERVER]), td_state_name((td_state)res->after[TD_SERVER]));
    for (unsigned a = 0; a < TD_ANOMALY_COUNT; a++)
        if (res->anomalies & TD_BIT(a))
            fprintf(stderr, " [%s]", td_anomaly_name((td_anomaly)a));
    fputc('\n', stderr);
}

/* Set before each check so a failure says where it happened. */
static const td_segment *cur_seg;
static unsigned cur_slot;

static void fail(int line, const char *what)
{
    fprintf(stderr, "fuzz_engine: invariant broken (fuzz_engine.c:%d): %s\n", line, what);
    if (cur_seg != NULL) {
        const td_segment *g = cur_seg;
        fprintf(stderr,
                "  at slot %u frame %u time %lld side %u flags 0x%03x seq %u ack %u len %u "
                "win %u wscale %d ttl %u%s ports %u->%u\n",
                cur_slot, g->frame, (long long)g->time, g->side, g->flags, g->seq, g->ack,
                g->len, g->window, g->wscale, g->ttl, g->ttl_known ? "" : "(unknown)",
                g->src_port, g->dst_port);
    }
    abort();
}

#define CHECK(cond)                \
    do {                           \
        if (!(cond))               \
            fail(__LINE__, #cond); \
    } while (0)

/* ---- invariants: one segment --------------------------------------------- */

/*
 * What is checked, in short (each check says why it holds where it is made):
 *  - every segment: roles fixed by the first segment as the spec's Roles
 *    section says; states, roles and anomaly bits in range; after[] is the
 *    stored state and before[] the previous one with TIME_WAIT expired by the
 *    clock; anomalies accumulate exactly; deferred ones never per segment;
 *    RST/FIN/data anomalies only on segments that carry RST/FIN/data;
 *  - first-FIN records (seq, frame, time) written once; fin_acked implies
 *    fin_sent and matches fin_ack_frame; it is withdrawn only by that FIN's
 *    retransmission; fin_retransmissions moves by one, on retransmissions;
 *  - endpoint moves need evidence: a receiver changes only by handshake
 *    inference (if it never sent), the handshake completing, the ACK of its
 *    own FIN, or an acceptable RST; a CLOSED endpoint leaves CLOSED only by
 *    sending SYN/SYN-ACK, by that inference, or by the two documented
 *    restorations (RST ignored, FIN's ACK lost), the latter to exactly
 *    where an unacknowledged FIN leaves it; taking in the peer's FIN needs an ACK covering it;
 *  - summaries at any capture end: total and in range, consistent with the
 *    conversation and the outcome's definition, fin_ack_frame iff
 *    fin_acked, ends before the last packet clamp to it, later ends only
 *    expire TIME_WAIT and grow durations;
 *  - td_conv_check_reuse changes only what it documents.
 * Strict mode adds the checks the engine is known to break (see above).
 */

static bool valid_state(unsigned s) { return s < TD_STATE_COUNT; }
static bool valid_role_or_none(unsigned r) { return r == TD_CLIENT || r == TD_SERVER || r == TD_ROLE_NONE; }

static uint8_t side_of_role(const td_conv *c, unsigned role)
{
    return (uint8_t)(role == TD_CLIENT ? c->client_side : c->client_side ^ 1);
}

/* States that say the endpoint has taken in its peer's FIN. */
static bool peer_fin_received_state(unsigned s)
{
    return s == TD_CLOSE_WAIT || s == TD_CLOSING || s == TD_TIME_WAIT || s == TD_LAST_ACK;
}

/* RFC 9293 3.10.7.4, eighth step, in the harness's own words: where taking
 * in the peer's FIN leaves an endpoint in state `s` (`own_acked`: its own FIN
 * is acknowledged by then, so FIN-WAIT-1 goes straight to TIME-WAIT). */
static unsigned state_taking_peer_fin(unsigned s, bool own_acked)
{
    switch (s) {
    case TD_SYN_RECEIVED:
    case TD_ESTABLISHED: return TD_CLOSE_WAIT;
    case TD_FIN_WAIT_1: return own_acked ? TD_TIME_WAIT : TD_CLOSING;
    case TD_FIN_WAIT_2: return TD_TIME_WAIT;
    default: return s;
    }
}

/* RFC 9293 3.10.7.4, fifth step: where the ACK of its own FIN leaves it. */
static unsigned state_own_fin_acked(unsigned s)
{
    switch (s) {
    case TD_FIN_WAIT_1: return TD_FIN_WAIT_2;
    case TD_CLOSING: return TD_TIME_WAIT;
    case TD_LAST_ACK: return TD_CLOSED;
    default: return s;
    }
}

/* Whether the RST `seg` from `snd` is taken by `rcv` (in state `rstate`
 * once TIME_WAIT has expired), stated from Linux's code rather than from the
 * engine's:
 *  - a receiver with nothing to reset (CLOSED) has no grounds to refuse;
 *  - SYN-SENT: only an RST whose ACK acknowledges the SYN
 *    (tcp_rcv_synsent_state_process; RFC 9293 3.10.7.3);
 *  - otherwise RCV.NXT decides. The capture shows it as the later of what the
 *    sender has sent (delivered, as any segment counts unless shown not) and
 *    the receiver's highest ACK. tcp_validate_incoming (RFC 5961 3.2) takes
 *    an RST only at exactly RCV.NXT; tcp_reset_check adds RCV.NXT - 1 when
 *    that is the sender's FIN and the receiver, having taken that FIN, is in
 *    CLOSE_WAIT, LAST_ACK or CLOSING; anything else draws a challenge ACK;
 *  - a request socket (tcp_check_req, SYN-RECEIVED) and an orphan's
 *    FIN-WAIT-2 mini-socket (tcp_timewait_state_process) still take any RST
 *    from RCV.NXT to the right edge of the window, edge included
 *    (tcp_in_window). */
static bool rst_taken(const td_conv *c, const td_endpoint *snd, const td_endpoint *rcv, unsigned rstate,
                      const td_segment *seg)
{
    if (rstate == TD_CLOSED)
        return true;
    if (rstate == TD_SYN_SENT)
        return (seg->flags & ACK) && (!rcv->isn_known || seg->ack == rcv->isn + 1);
    uint32_t rcv_nxt;
    if (snd->nxt_known && rcv->ack_known)
        rcv_nxt = td_seq_geq(snd->snd_nxt, rcv->ack_max) ? snd->snd_nxt : rcv->ack_max;
    else if (snd->nxt_known)
        rcv_nxt = snd->snd_nxt;
    else if (rcv->ack_known)
        rcv_nxt = rcv->ack_max;
    else
        return true; /* nothing shows where the receiver is: no grounds to refuse */
    if (seg->seq == rcv_nxt)
        return true;
    if (snd->fin_sent && seg->seq == snd->fin_seq && (uint32_t)(rcv_nxt - 1) == snd->fin_seq) {
        /* The receiver's state once it has the FIN: its own state if it
         * already took the FIN in, else where the FIN would put it. */
        unsigned after = snd->fin_taken ? rstate : state_taking_peer_fin(rstate, rcv->fin_acked);
        if (after == TD_CLOSE_WAIT || after == TD_LAST_ACK || after == TD_CLOSING)
            return true;
    }
    if (rstate != TD_SYN_RECEIVED && rstate != TD_FIN_WAIT_2)
        return false;
    /* The receiver's window: a window sent in a SYN is never scaled (RFC 7323
     * 2.2); scaling holds when both SYNs offered it, by the receiver's own
     * shift, at most 14 (2.3); a handshake seen without both offers means
     * none; with no handshake seen the shift is unknown, so the widest. */
    unsigned shift = rcv->window_in_syn                       ? 0u
                     : (rcv->wscale >= 0 && snd->wscale >= 0) ? (unsigned)rcv->wscale
                     : c->synack_seen                         ? 0u
                                                              : 14u;
    if (shift > 14)
        shift = 14;
    uint64_t wnd = (uint64_t)rcv->window << shift;
    if (wnd > UINT32_C(0x7fffffff))
        wnd = UINT32_C(0x7fffffff);
    return (uint64_t)(uint32_t)(seg->seq - rcv_nxt) <= wnd;
}

/* Linux doubles the retransmission timeout on each copy (tcp_retransmit_timer,
 * icsk_backoff), so copies `gap` apart are followed by one 2 * gap later; a
 * quarter more allows for timer slack. Silence beyond that at the capture's
 * end means that copy never came. */
static bool silent_past_next_copy(const td_endpoint *e, td_time end)
{
    if (e->retx_run == 0 || e->retx_gap_us == 0)
        return false;
    td_time gap = (td_time)e->retx_gap_us * US;
    return end - e->seq_tx_time > 2 * gap + gap / 2;
}

/* Still waiting for an answer at the capture's end: to its SYN or SYN/ACK
 * (the handshake states), to its FIN (an unacknowledged FIN in FIN-WAIT-1,
 * CLOSING or LAST-ACK), or to data the peer has not acknowledged. */
static bool awaiting_answer(const td_endpoint *e, const td_endpoint *peer)
{
    switch (e->state) {
    case TD_SYN_SENT:
    case TD_SYN_RECEIVED: return true;
    case TD_FIN_WAIT_1:
    case TD_CLOSING:
    case TD_LAST_ACK: return e->fin_sent && !e->fin_acked;
    case TD_ESTABLISHED:
    case TD_CLOSE_WAIT: return e->nxt_known && !(peer->ack_known && td_seq_geq(peer->ack_max, e->snd_nxt));
    default: return false;
    }
}

#define RST_BITS                                                                           \
    (TD_BIT(TD_A_RST_ABORT) | TD_BIT(TD_A_RST_AFTER_FIN) | TD_BIT(TD_A_RST_REFUSED) |       \
     TD_BIT(TD_A_RST_OUT_OF_WINDOW) | TD_BIT(TD_A_RST_DATA_LOSS) | TD_BIT(TD_A_RST_MIDDLEBOX) | \
     TD_BIT(TD_A_TIME_WAIT_RST))
#define RST_KIND_BITS                                                                     \
    (TD_BIT(TD_A_RST_ABORT) | TD_BIT(TD_A_RST_AFTER_FIN) | TD_BIT(TD_A_RST_REFUSED) |      \
     TD_BIT(TD_A_TIME_WAIT_RST))
#define CLOSE_BITS                                                                        \
    (TD_BIT(TD_A_CLOSE_ACTIVE) | TD_BIT(TD_A_CLOSE_PASSIVE) | TD_BIT(TD_A_CLOSE_SIMULTANEOUS) | \
     TD_BIT(TD_A_FIN_RETRANSMISSION))
#define DEFERRED_BITS \
    (TD_BIT(TD_A_FIN_UNACKED) | TD_BIT(TD_A_CLOSE_WAIT_STUCK) | TD_BIT(TD_A_TIME_WAIT_REUSE))
#define ALL_BITS ((UINT32_C(1) << TD_ANOMALY_COUNT) - 1)

static unsigned popcount32(uint32_t v)
{
    unsigned n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

/* Endpoint fields that, once set, only move one way; checked on every feed so
 * a regression shows at the segment that caused it. */
static void check_endpoint_progress(const td_endpoint *a, const td_endpoint *b, const td_endpoint *peer_a,
                                    const td_segment *seg, bool is_sender)
{
    bool rst = seg->flags & RST;
    bool fin_retrans = is_sender && (seg->flags & FIN) && !rst &&
                       a->fin_sent && (uint32_t)(seg->seq + seg->len) == a->fin_seq;
    CHECK(valid_state(b->state));
    CHECK(!a->seen || b->seen);
    CHECK(!a->isn_known || b->isn_known);
    CHECK(!a->nxt_known || b->nxt_known);
    CHECK(!a->ack_known || b->ack_known);
    CHECK(!a->sent_syn || b->sent_syn);
    CHECK(!a->sent_synack || b->sent_synack);
    CHECK(!a->sent_rst || b->sent_rst);
    CHECK(!a->ttl_known || b->ttl_known);
    /* The first FIN is recorded once: where it sits, when and in which frame,
     * whether it carried an ACK, whether its sender had taken in the peer's
     * FIN by then, and whether it was captured or inferred. */
    CHECK(!a->fin_sent || b->fin_sent);
    if (a->fin_sent) {
        CHECK(b->fin_seq == a->fin_seq);
        CHECK(b->fin_frame == a->fin_frame);
        CHECK(b->fin_time == a->fin_time);
        CHECK(b->fin_has_ack == a->fin_has_ack);
        CHECK(b->closed_after_peer_fin == a->closed_after_peer_fin);
        CHECK(b->fin_inferred == a->fin_inferred);
    }
    CHECK(!b->closed_after_peer_fin || b->fin_sent);
    CHECK(!b->fin_inferred || b->fin_sent);
    CHECK(!b->fin_taken || b->fin_sent);
    /* "Acknowledged in" never names a frame not seen yet. */
    CHECK(b->fin_ack_frame <= seg->frame);
    /* acks_lost counts the FIN coming again after an ACK of it: it never goes
     * down, moves by one (stopping at its maximum) and only on such a
     * retransmission of a FIN the peer had taken. */
    CHECK(!b->acks_lost || b->fin_taken);
    if (b->acks_lost != a->acks_lost)
        CHECK(fin_retrans && a->fin_taken && a->acks_lost < UINT8_MAX && b->acks_lost == a->acks_lost + 1);
    /* The frame and time of the ACK move only when an ACK comes in for a FIN
     * that lacked one (possibly just withdrawn by this very retransmission),
     * and then the FIN is taken. */
    if (b->fin_ack_frame != a->fin_ack_frame || b->fin_ack_time != a->fin_ack_time)
        CHECK(b->fin_taken && (!a->fin_acked || fin_retrans));
    CHECK(!b->fin_acked || b->fin_sent);
    /* fin_ack_frame is the "acknowledged in" field: present iff the peer
     * ever acknowledged the FIN, even if that ACK was later shown lost
     * (frames start at 1 here, as in Wireshark); and having the ACK needs
     * the peer to have sent one. */
    CHECK(b->fin_taken == (b->fin_ack_frame != 0));
    CHECK(!b->fin_acked || b->fin_taken);
    CHECK(!a->fin_taken || b->fin_taken);
    /* An acknowledgement is withdrawn only by the FIN's own retransmission
     * (spec: "a FIN retransmitted after its ACK was captured means that ACK
     * was lost"); nothing else makes it unacknowledged again. */
    if (a->fin_acked && !b->fin_acked)
        CHECK(fin_retrans);
    /* Unless a retransmission withdrew it and the same segment, acknowledging
     * the peer's FIN, delivered the ACK that FIN carried. */
    if (a->fin_acked && b->fin_acked && !fin_retrans)
        CHECK(b->fin_ack_frame == a->fin_ack_frame);
    /* The counter counts retransmissions: it never goes down, moves only on
     * one, and stops at its maximum rather than wrapping. */
    if (b->fin_retransmissions != a->fin_retransmissions) {
        CHECK(fin_retrans);
        CHECK(b->fin_retransmissions == a->fin_retransmissions + 1);
    }
    /* The highest ACK is the frame that first carried it. */
    if (b->ack_known)
        CHECK(b->ack_max_frame >= 1 && b->ack_max_frame <= seg->frame);
    /* Retransmission timing: a copy of something already sent has no run
     * without a time, and no interval without a run. */
    CHECK(b->retx_run == 0 || b->seq_tx_time != 0);
    CHECK(b->retx_gap_us == 0 || b->retx_run != 0);
    if (!is_sender) {
        /* The receiver's own records come only from what it sends. */
        CHECK(b->nxt_known == a->nxt_known && b->snd_nxt == a->snd_nxt);
        CHECK(b->ack_known == a->ack_known && b->ack_max == a->ack_max && b->ack_max_frame == a->ack_max_frame);
        CHECK(b->fin_retransmissions == a->fin_retransmissions && b->acks_lost == a->acks_lost);
        CHECK(b->seen == a->seen && b->last_time == a->last_time);
        CHECK(b->seq_tx_time == a->seq_tx_time && b->retx_run == a->retx_run && b->retx_gap_us == a->retx_gap_us);
        CHECK(b->window == a->window && b->window_in_syn == a->window_in_syn);
        CHECK(b->ttl_known == a->ttl_known && b->ttl == a->ttl);
        return;
    }
    CHECK(b->seen && b->last_time == seg->time);
    /* The sender's running records come from its non-RST segments only (an
     * RST's fields are not its running values). */
    if (rst) {
        CHECK(b->nxt_known == a->nxt_known && b->snd_nxt == a->snd_nxt);
        CHECK(b->ack_known == a->ack_known && b->ack_max == a->ack_max && b->ack_max_frame == a->ack_max_frame);
        CHECK(b->seq_tx_time == a->seq_tx_time && b->retx_run == a->retx_run && b->retx_gap_us == a->retx_gap_us);
        CHECK(b->window == a->window && b->window_in_syn == a->window_in_syn);
        return;
    }
    /* ack_max is the highest ACK it sent (sequence order), and ack_max_frame
     * the frame that first carried that value. */
    if ((seg->flags & ACK) && (!a->ack_known || td_seq_gt(seg->ack, a->ack_max)))
        CHECK(b->ack_known && b->ack_max == seg->ack && b->ack_max_frame == seg->frame);
    else
        CHECK(b->ack_known == a->ack_known && b->ack_max == a->ack_max && b->ack_max_frame == a->ack_max_frame);
    /* SND.NXT: the furthest end of anything it sent; the window it last
     * advertised, unscaled when in a SYN; its TTL when the capture shows it. */
    uint32_t end = seg->seq + seg->len + ((seg->flags & SYN) ? 1u : 0u) + ((seg->flags & FIN) ? 1u : 0u);
    /* A SYN with a new ISN into a synchronized connection (stale state)
     * keeps the old sequence space: its ISN is not taken. */
    bool stale_syn = (seg->flags & (SYN | ACK)) == SYN && a->isn_known && seg->seq != a->isn && b->isn == a->isn;
    /* A keep-alive probe (one below SND.NXT, at most one byte, everything
     * acknowledged) is no transmission of anything. */
    bool probe = !(seg->flags & (SYN | FIN | RST)) && seg->len <= 1 && a->nxt_known &&
                 seg->seq == a->snd_nxt - 1 && peer_a->ack_known && peer_a->ack_max == a->snd_nxt;
    if (stale_syn)
        CHECK(b->nxt_known && b->snd_nxt == a->snd_nxt);
    else
        CHECK(b->nxt_known && b->snd_nxt == (!a->nxt_known || td_seq_gt(end, a->snd_nxt) ? end : a->snd_nxt));
    CHECK(b->window == seg->window && b->window_in_syn == ((seg->flags & SYN) != 0));
    if (seg->ttl_known)
        CHECK(b->ttl_known && b->ttl == seg->ttl);
    else
        CHECK(b->ttl_known == a->ttl_known && b->ttl == a->ttl);
    /* Retransmission timing (so the end can tell a give-up from a capture
     * that stopped): a segment using sequence space (SYN, data, FIN) is sent
     * now; it is a copy when it ends no later than what was sent before, and
     * a copy later than the previous transmission lengthens the run and sets
     * the interval (in us, saturating); anything new starts afresh. */
    if (end == seg->seq || stale_syn || probe) {
        CHECK(b->seq_tx_time == a->seq_tx_time && b->retx_run == a->retx_run && b->retx_gap_us == a->retx_gap_us);
        return;
    }
    CHECK(b->seq_tx_time == seg->time);
    bool copy = a->nxt_known && td_seq_leq(end, a->snd_nxt);
    if (!copy) {
        CHECK(b->retx_run == 0 && b->retx_gap_us == 0);
    } else if (a->seq_tx_time != 0 && seg->time > a->seq_tx_time) {
        td_time us = (seg->time - a->seq_tx_time) / US;
        CHECK(b->retx_gap_us == (us > (td_time)UINT32_MAX ? UINT32_MAX : (uint32_t)us));
        CHECK(b->retx_run == (a->retx_run == UINT16_MAX ? UINT16_MAX : a->retx_run + 1));
    } else {
        /* Same timestamp or an earlier one: no interval to learn from. */
        CHECK(b->retx_run == a->retx_run && b->retx_gap_us == a->retx_gap_us);
    }
}

/* The endpoint states a segment may produce, given the conversation before it
 * (`pre`), after it (`post`) and the result. Each rule quotes the reason it
 * holds; together they say "a passive observer moves an endpoint only on
 * evidence" (spec, Endpoint states). */
static void check_feed(const world *w, const slot *sl, const td_conv *pre, const td_segment *seg,
                       const td_result *res, bool first)
{
    const td_conv *post = &sl->conv;
    const td_config *cfg = &w->cfg;
    const uint8_t s = (uint8_t)(seg->side & 1), r = (uint8_t)(s ^ 1);
    const bool syn = seg->flags & SYN, ack = seg->flags & ACK, fin = seg->flags & FIN;
    const bool rst = seg->flags & RST;
    const td_endpoint *ps = &pre->ep[s], *pr = &pre->ep[r];
    const td_endpoint *qs = &post->ep[s];

    /* Roles: known from the first segment on, and never changed. */
    CHECK(post->roles_known);
    CHECK(res->sender == TD_CLIENT || res->sender == TD_SERVER);
    CHECK(res->sender == td_conv_role_of_side(post, s));
    CHECK(post->client_side <= 1);
    const unsigned rs = res->sender, rr = rs ^ 1u;
    if (first) {
        /* Spec, Roles: first SYN's sender is the client; a lone SYN/ACK names
         * its receiver; otherwise mid-stream, server by the lower port. */
        if (syn && !rst && !ack) {
            CHECK(post->client_side == s && !post->midstream);
        } else if (syn && !rst && ack) {
            CHECK(post->client_side == r && !post->midstream);
        } else if (rst && ack && !syn && seg->seq == 0) {
            /* RFC 9293 3.10.7.1: the RST/ACK a closed port gives a SYN. */
            CHECK(post->client_side == r && !post->midstream);
        } else {
            CHECK(post->midstream);
            if (seg->src_port > seg->dst_port)
                CHECK(post->client_side == s);
            else if (seg->src_port < seg->dst_port)
                CHECK(post->client_side == r);
        }
        CHECK(post->first_frame == seg->frame);
    } else {
        CHECK(post->client_side == pre->client_side);
        CHECK(post->midstream == pre->midstream);
        CHECK(post->first_frame == pre->first_frame);
    }
    CHECK(post->last_frame == seg->frame && post->last_time == seg->time);

    /* Every reported state is a state, and after[] is the stored state. */
    for (unsigned role = 0; role < 2; role++) {
        CHECK(valid_state(res->before[role]));
        CHECK(valid_state(res->after[role]));
        CHECK(res->after[role] == post->ep[side_of_role(post, role)].state);
        CHECK(td_state_name((td_state)res->after[role])[0] != '?');
    }

    /* before[] is the state the previous segment left, with TIME_WAIT expired
     * by this segment's clock (spec: "TIME_WAIT ends once the preference has
     * elapsed by capture time"); the first segment's is what its role
     * decision implies. */
    for (uint8_t side = 0; side < 2; side++) {
        unsigned role = td_conv_role_of_side(post, side);
        const td_endpoint *e = &pre->ep[side];
        unsigned want;
        if (first)
            /* Not mid-stream with an ACK: a SYN/ACK or a refusing RST/ACK,
             * whose receiver sent the SYN. */
            want = post->midstream ? TD_ESTABLISHED
                   : (ack && side == r) ? TD_SYN_SENT
                                        : TD_CLOSED;
        else if (e->state == TD_TIME_WAIT && seg->time - e->tw_time >= cfg->time_wait)
            want = TD_CLOSED;
        else
            want = e->state;
        CHECK(res->before[role] == want);
    }

    /* Anomalies: only known bits, accumulated exactly into the conversation;
     * the ones judged at the capture's end never appear per segment. */
    CHECK((res->anomalies & ~ALL_BITS) == 0);
    CHECK(post->anomalies == (pre->anomalies | res->anomalies));
    CHECK((res->anomalies & DEFERRED_BITS) == 0);
    for (unsigned a = 0; a < TD_ANOMALY_COUNT; a++)
        if (res->anomalies & TD_BIT(a))
            CHECK(td_anomaly_name((td_anomaly)a)[0] != '?');

    CHECK(valid_role_or_none(res->fin_of));
    CHECK((res->entered_time_wait & ~3u) == 0); /* one bit per role */
    CHECK((res->entered_close_wait & ~TD_BOTH_ROLES) == 0);
    CHECK(valid_role_or_none(post->initiator));
    CHECK(post->rst_side <= 2);

    /* An RST is judged as an RST and nothing else; a FIN-less segment carries
     * no close events. */
    if (!rst)
        CHECK((res->anomalies & RST_BITS) == 0);
    /* A FIN not captured but shown by this segment's sequence number (one
     * past all its sender sent) is judged as sent with this segment. */
    const bool fin_here = fin || (!ps->fin_sent && qs->fin_sent && qs->fin_inferred);
    if (fin_here && !fin)
        CHECK(!rst && !syn && seg->seq == ps->snd_nxt + 1 && qs->fin_seq == ps->snd_nxt);
    if (rst || !fin_here)
        CHECK((res->anomalies & (CLOSE_BITS | TD_BIT(TD_A_TIME_WAIT_FIN_RETRANSMISSION))) == 0);
    if (rst || seg->len == 0)
        CHECK((res->anomalies & (TD_BIT(TD_A_DATA_AFTER_FIN) | TD_BIT(TD_A_HALF_CLOSE))) == 0);
    if (rst)
        CHECK((res->anomalies & TD_BIT(TD_A_TIME_WAIT)) == 0 && res->fin_of == TD_ROLE_NONE);
    CHECK(popcount32(res->anomalies & CLOSE_BITS) <= 1);
    CHECK(popcount32(res->anomalies & RST_KIND_BITS) <= 1);
    if (res->anomalies & TD_BIT(TD_A_TIME_WAIT_FIN_RETRANSMISSION))
        CHECK(res->anomalies & TD_BIT(TD_A_FIN_RETRANSMISSION));
    /* Strict: the 65536th retransmission reports "resent 0 times". */
    if (res->anomalies & TD_BIT(TD_A_FIN_RETRANSMISSION))
        CHECK(res->fin_retransmission == qs->fin_retransmissions &&
              (res->fin_retransmission != 0 || !strict_mode()));
    else
        CHECK(res->fin_retransmission == 0);
    if (res->anomalies & (TD_BIT(TD_A_DATA_AFTER_FIN) | TD_BIT(TD_A_RST_DATA_LOSS)))
        CHECK(res->bytes > 0);
    if (res->anomalies & TD_BIT(TD_A_RST_MIDDLEBOX))
        CHECK(seg->ttl_known && ps->ttl_known && res->ttl_seen == seg->ttl &&
              res->ttl_expected == ps->ttl && res->ttl_seen != res->ttl_expected);
    if (res->anomalies & TD_BIT(TD_A_HALF_CLOSE))
        CHECK(pre->half_close_bytes == 0 && post->half_close_bytes > 0);
    /* Half-close bytes only grow, and only from an endpoint that has not
     * sent a FIN to one whose FIN it has acknowledged (possibly in this very
     * segment, hence the receiver's state after it). */
    CHECK(post->half_close_bytes >= pre->half_close_bytes);
    if (post->half_close_bytes != pre->half_close_bytes)
        CHECK(!rst && !ps->fin_sent && pr->fin_sent && post->ep[r].fin_acked);
    /* A FIN is reported as its sender's, on FIN segments only. */
    if (res->fin_of != TD_ROLE_NONE)
        CHECK(res->fin_of == rs && fin_here && !rst);
    /* The entered_* fields name a real entry; the entered state may be left
     * again in the same segment only by the sender's own FIN (CLOSE_WAIT ->
     * LAST_ACK on a FIN+ACK that also takes in the peer's FIN) or the
     * restoration a retransmitted FIN causes. */
    CHECK((res->entered_time_wait != 0) == !!(res->anomalies & TD_BIT(TD_A_TIME_WAIT)));
    for (unsigned role = 0; role < 2; role++)
        if (res->entered_time_wait & (1u << role))
            CHECK(res->after[role] == TD_TIME_WAIT || (role == rs && fin_here));
    for (unsigned role = 0; role < 2; role++)
        if (res->entered_close_wait & TD_ROLE_BIT(role))
            CHECK(res->after[role] == TD_CLOSE_WAIT || (role == rs && fin_here));

    /* Conversation-wide records are written once. */
    if (pre->first_close_frame != 0) {
        CHECK(post->first_close_frame == pre->first_close_frame);
        CHECK(post->initiator == pre->initiator);
    }
    CHECK((post->first_close_frame != 0) == (post->initiator != TD_ROLE_NONE));
    CHECK((post->rst_side != 2) == (post->rst_frame != 0));
    CHECK(!pre->synack_seen || post->synack_seen);
    CHECK(!pre->established || post->established);

    for (uint8_t side = 0; side < 2; side++)
        check_endpoint_progress(&pre->ep[side], &post->ep[side], &pre->ep[side ^ 1], seg, side == s);

    /* What a segment can do to the endpoints. */
    const unsigned bs = res->before[rs], as = res->after[rs];
    const unsigned br = res->before[rr], ar = res->after[rr];
    /* An endpoint counted as reset that sends within about a round trip of
     * the RST (twice the handshake RTT, else 200 ms) may have crossed it:
     * nothing about it changes (engine comment). A SYN opens anew. */
    const bool opens = syn && !ack && !rst;
    const bool in_flight = !rst && !opens && ps->rst_pending && seg->time - ps->rst_time <= td_conv_answer_time(pre);
    /* The restorations the engine documents: an endpoint counted as reset
     * that goes on sending later took no RST; an endpoint whose FIN comes
     * again after its ACK was captured, later than that ACK takes to arrive
     * (one RTT), never got that ACK. */
    const bool rst_restore = !rst && ps->rst_pending && !in_flight;
    /* ...unless the peer's FIN, taken in, carried that ACK (then we had it). */
    const bool acked_with_peer_fin = pr->fin_sent && pr->fin_taken && pr->fin_has_ack && pr->closed_after_peer_fin &&
                                     ps->fin_sent;
    /* A FIN again, after an ACK of it (since its last copy of anything),
     * later than that ACK takes to arrive (one RTT, judged before the rest of
     * the segment): that ACK was lost, counted in acks_lost whether or not
     * the sender still counted it as acknowledged. */
    const bool ack_lost_now = !rst && !in_flight && fin && ps->fin_sent && ps->fin_taken && !acked_with_peer_fin &&
                              (uint32_t)(seg->seq + seg->len) == ps->fin_seq &&
                              ps->fin_ack_time >= ps->seq_tx_time &&
                              seg->time - ps->fin_ack_time > td_conv_rtt(pre);
    CHECK(qs->acks_lost == ps->acks_lost + (ack_lost_now && ps->acks_lost < UINT8_MAX ? 1 : 0));
    const bool fin_restore = ack_lost_now && ps->fin_acked;
    /* The peer's FIN counts as received when the receiver's ACK covers it. */
    const bool fin_evidence = !rst && !in_flight && ack && pr->fin_sent && !pr->fin_acked &&
                              td_seq_geq(seg->ack, pr->fin_seq + 1);
    /* ...and that FIN segment brings the ACK of the sender's own FIN if the
     * peer had taken that in before closing (the chain below). */
    const bool chain_to_sender = fin_evidence && ps->fin_sent && pr->closed_after_peer_fin && pr->fin_has_ack;
    const td_endpoint *qr = &post->ep[r];
    /* The sender's first FIN, registered here: captured, or inferred from a
     * sequence number one past everything its sender sent (a stack numbers
     * nothing else with one unit and no data; not on an RST or a SYN, nor
     * on a segment that may have crossed an RST). */
    const bool may_register = !rst && !in_flight && !ps->fin_sent;
    const bool shows_unseen_fin = may_register && !syn && ps->nxt_known && seg->seq == ps->snd_nxt + 1;
    const bool new_fin = !ps->fin_sent && qs->fin_sent;
    if (may_register && (fin || shows_unseen_fin))
        CHECK(new_fin);
    else
        CHECK(!new_fin);
    CHECK(qs->fin_inferred == (ps->fin_inferred || shows_unseen_fin));
    /* An inferred FIN is the peer's answer (passive) when the peer sent its
     * FIN again after everything this sender was seen to send, and this
     * segment acknowledges it: the lost FIN carried the awaited ACK. */
    const bool passive = shows_unseen_fin && pr->fin_sent && pr->fin_retransmissions > 0 &&
                         pr->seq_tx_time > ps->last_time && ack && td_seq_geq(seg->ack, pr->fin_seq + 1);
    if (new_fin) {
        CHECK(qs->fin_frame == seg->frame && qs->fin_time == seg->time);
        if (shows_unseen_fin)
            CHECK(qs->fin_seq == ps->snd_nxt);
        else if (!syn)
            CHECK(qs->fin_seq == (uint32_t)(seg->seq + seg->len));
        CHECK(qs->fin_has_ack == (ack || passive));
        /* Whether it had taken in the peer's FIN when it closed decides
         * LAST_ACK against CLOSING should the FIN's ACK be found lost: by an
         * ACK of it before, in this segment (a captured FIN is judged after
         * the segment's ACK field), or as the passive answer. */
        bool took = pr->fin_taken || (shows_unseen_fin ? passive : fin_evidence);
        CHECK(qs->closed_after_peer_fin == (pr->fin_sent && took));
    }
    /* The sender's first FIN, already covered by an ACK the receiver sent
     * before it: the two crossed the capture point in the other order, and a
     * receiver cannot acknowledge what it does not have. The FIN is taken at
     * once and acknowledged in the frame of that ACK (and, by the chain, the
     * receiver's own FIN acknowledged if this FIN came after taking it). */
    const bool ack_before_fin = new_fin && pr->ack_known && td_seq_geq(pr->ack_max, qs->fin_seq + 1);
    const bool chain_to_receiver = ack_before_fin && pr->fin_sent && qs->closed_after_peer_fin && ack;
    if (ack_before_fin)
        CHECK(qs->fin_taken && qs->fin_acked && qs->fin_ack_frame == pr->ack_max_frame);
    /* The sender's FIN is taken in only so; acknowledged only so, or by the
     * peer's FIN that carried the ACK of it. */
    if (!ps->fin_taken && qs->fin_taken)
        CHECK(ack_before_fin);
    if (chain_to_sender)
        CHECK(qs->fin_acked);
    if (!ps->fin_acked && qs->fin_acked)
        CHECK(ack_before_fin || chain_to_sender);
    /* The RST bit's TTL judgement: the claimed sender's TTL differs. */
    CHECK(!!(res->anomalies & TD_BIT(TD_A_RST_MIDDLEBOX)) ==
          (rst && seg->ttl_known && ps->ttl_known && seg->ttl != ps->ttl));
    /* What covers the receiver's FIN in this segment's ACK field. */
    const bool covers_rcv_fin = ack && pr->fin_sent && !pr->fin_taken && td_seq_geq(seg->ack, pr->fin_seq + 1);

    if (in_flight) {
        CHECK(as == bs && ar == br);
        /* In flight: the segment's FIN is not registered nor its ACK taken as
         * the ACK of a FIN; it still shows the receiver's FIN was taken in
         * (the receiver's RST ends both ends either way). */
        CHECK(qs->fin_sent == ps->fin_sent && qs->fin_acked == ps->fin_acked && qs->fin_taken == ps->fin_taken &&
              qs->fin_ack_frame == ps->fin_ack_frame && qs->fin_retransmissions == ps->fin_retransmissions);
        CHECK(qr->fin_acked == pr->fin_acked);
        if (covers_rcv_fin)
            CHECK(qr->fin_taken && qr->fin_ack_frame == seg->frame && qr->fin_ack_time == seg->time);
        else
            CHECK(qr->fin_taken == pr->fin_taken && qr->fin_ack_frame == pr->fin_ack_frame &&
                  qr->fin_ack_time == pr->fin_ack_time);
    }

    /* RFC 9293 3.10.7.3: a SYN_SENT endpoint's RST at the ACK of a peer that
     * sent no SYN/ACK, which did not acknowledge its SYN (a challenge ACK of
     * a stale connection): it stays in SYN_SENT, the peer is untouched here,
     * and the stale state is reported. */
    const bool stale_answer = rst && !(res->anomalies & TD_BIT(TD_A_RST_MIDDLEBOX)) && bs == TD_SYN_SENT && ps->sent_syn && br == TD_CLOSED && !pr->sent_synack &&
                              pr->ack_known && seg->seq == pr->ack_max &&
                              !(ps->isn_known && pr->ack_max == ps->isn + 1);
    if (stale_answer) {
        CHECK(as == bs && ar == br && qs->sent_rst && (res->anomalies & TD_BIT(TD_A_STALE_STATE)));
    } else if (rst) {
        /* Spec: an RST counts as received when its sequence number is
         * acceptable; then its receiver is CLOSED, otherwise untouched. Which
         * are acceptable is restated from Linux (rst_taken); one refused is
         * reported out of window, unless its receiver was CLOSED already. */
        const bool taken = rst_taken(pre, ps, pr, br, seg);
        CHECK(ar == (taken ? TD_CLOSED : br));
        CHECK(!!(res->anomalies & TD_BIT(TD_A_RST_OUT_OF_WINDOW)) == (br != TD_CLOSED && !taken));
        if (res->anomalies & TD_BIT(TD_A_RST_OUT_OF_WINDOW))
            CHECK(ar == br && (res->anomalies & (RST_KIND_BITS | TD_BIT(TD_A_RST_DATA_LOSS))) == 0);
        /* The sender of a real RST is closed; a forged one says nothing about
         * its claimed sender: a TTL mismatch, or not taken and at none of the
         * numbers a stack puts in its own RST (its SND.NXT, or its FIN's slot
         * answering data after its close: tcp_send_active_reset and
         * tcp_v4_send_reset). */
        bool own_seq = !ps->nxt_known || seg->seq == ps->snd_nxt || (ps->fin_sent && seg->seq == ps->fin_seq);
        bool forged = (res->anomalies & TD_BIT(TD_A_RST_MIDDLEBOX)) || (!taken && !own_seq);
        if (forged)
            CHECK(as == bs && qs->sent_rst == ps->sent_rst);
        else
            CHECK(as == TD_CLOSED && qs->sent_rst);
        /* An RST+ACK from the real peer whose ACK field covers the
         * receiver's FIN shows the peer had that FIN: taken in this frame.
         * Linux handles the RST before the ACK, so the FIN's sender got no
         * ACK (not acked) and no state moves on it beyond the reset. */
        if (!forged && covers_rcv_fin)
            CHECK(qr->fin_taken && !qr->fin_acked && qr->fin_ack_frame == seg->frame && qr->fin_ack_time == seg->time);
        else
            CHECK(qr->fin_taken == pr->fin_taken && qr->fin_acked == pr->fin_acked &&
                  qr->fin_ack_frame == pr->fin_ack_frame && qr->fin_ack_time == pr->fin_ack_time);
        /* An RST sends no FIN and acknowledges none of its sender's. */
        CHECK(qs->fin_sent == ps->fin_sent && qs->fin_acked == ps->fin_acked && qs->fin_taken == ps->fin_taken &&
              qs->fin_ack_frame == ps->fin_ack_frame && qs->acks_lost == ps->acks_lost);
        /* The first accepted RST is classified exactly once. */
        if (pre->rst_side == 2 && post->rst_side != 2)
            CHECK(post->rst_side == s && post->rst_frame == seg->frame &&
                  popcount32(res->anomalies & RST_KIND_BITS) == 1);
        else
            CHECK(post->rst_side == pre->rst_side && post->rst_frame == pre->rst_frame);
    } else if (!in_flight) {
        /* The receiver moves only on evidence of what it got: the inferred
         * handshake states of a receiver never seen yet (a SYN/ACK proves its
         * receiver sent the SYN; the handshake ACK, that it sent the SYN/ACK),
         * the handshake completing, and the ACK of its own FIN (RFC 9293
         * 3.10.7.4, fifth step). */
        bool ok = ar == br;
        if (br == TD_CLOSED && !pr->seen && syn && ack && ar == TD_SYN_SENT)
            ok = true;
        if (br == TD_CLOSED && !pr->seen && !syn && ack && ar == TD_ESTABLISHED)
            ok = true;
        if ((br == TD_SYN_RECEIVED || br == TD_SYN_SENT) && !syn && ar == TD_ESTABLISHED)
            ok = true;
        if (ack && pr->fin_sent && !pr->fin_acked && td_seq_geq(seg->ack, pr->fin_seq + 1) &&
            ((br == TD_FIN_WAIT_1 && ar == TD_FIN_WAIT_2) || (br == TD_CLOSING && ar == TD_TIME_WAIT) ||
             (br == TD_LAST_ACK && ar == TD_CLOSED)))
            ok = true;
        /* A FIN registered on this segment (sent, or shown by a sequence
         * number one past all its sender sent) that the receiver's highest
         * ACK already covers: the receiver took it in before this capture
         * point saw it (RFC 9293 3.10.7.4, eighth step). */
        if (!ps->fin_sent && qs->fin_sent && pr->ack_known && td_seq_geq(pr->ack_max, qs->fin_seq + 1) &&
            (ar == TD_CLOSE_WAIT || ar == TD_CLOSING || ar == TD_TIME_WAIT || ar == TD_LAST_ACK ||
             ar == TD_CLOSED || ar == TD_FIN_WAIT_2))
            ok = true;
        CHECK(ok);
        /* The RST bookkeeping moves only when an ignored RST is found out. */
        if (post->rst_side != pre->rst_side)
            CHECK(rst_restore && pre->rst_side == r && post->rst_side == 2);
        /* The receiver's FIN: taken in only by an ACK covering it, and then
         * acknowledged in this frame, unless two ACKs of it were lost before
         * (then the ACK is not believed: the silence after it must prove it,
         * td_conv_summarize), or the chain brings it. Its ACK otherwise
         * arrives only with a FIN that carried it (the chain). */
        if (!pr->fin_taken && qr->fin_taken)
            CHECK(fin_evidence);
        if (chain_to_receiver)
            CHECK(qr->fin_acked);
        if (fin_evidence) {
            bool believed = pr->acks_lost < 2 || chain_to_receiver;
            CHECK(qr->fin_taken && qr->fin_acked == believed && qr->fin_ack_time == seg->time);
            CHECK(qr->fin_ack_frame == (believed || !pr->fin_taken ? seg->frame : pr->fin_ack_frame));
        }
        if (!pr->fin_acked && qr->fin_acked)
            CHECK(fin_evidence || chain_to_receiver);
        /* The receiver takes in the sender's FIN only by an ACK it had sent. */
        if (peer_fin_received_state(ar) && !peer_fin_received_state(br))
            CHECK(ack_before_fin);
    }

    /* The brief's CLOSED rule: an endpoint CLOSED before a segment leaves
     * CLOSED only by sending a SYN or SYN/ACK, by the handshake inference for a
     * receiver that never sent anything, or by one of the two restorations. */
    if (bs == TD_CLOSED && as != TD_CLOSED)
        CHECK(!rst && (syn || rst_restore || fin_restore));
    if (br == TD_CLOSED && ar != TD_CLOSED)
        CHECK(!rst && !pr->seen);
    /* A FIN retransmitted after its ACK goes back to exactly where the ACK
     * found it (spec: "still in LAST_ACK / FIN_WAIT_1 / CLOSING"). */
    /* The rest of the same segment (its ACK field, a SYN) is processed
     * after the restoration and may move the state on from there, but the
     * withdrawn ACK stays withdrawn unless the peer's FIN brings it back. */
    if (fin_restore && !chain_to_sender)
        CHECK(!qs->fin_acked);
    /* Where: LAST_ACK if it closed after taking in the peer's FIN (RFC 9293
     * 3.10.4, CLOSE in CLOSE-WAIT), CLOSING if it took that FIN in after its
     * own close (3.10.7.4, FIN in FIN-WAIT-1), FIN_WAIT_1 if it never took it
     * in; taking it in is proven by its own ACK of it (the peer's
     * fin_taken), whether or not that ACK reached the peer. */
    if (fin_restore && !syn && !ack)
        CHECK(as == (!pr->fin_sent || !pr->fin_taken ? TD_FIN_WAIT_1
                     : ps->closed_after_peer_fin      ? TD_LAST_ACK
                                                      : TD_CLOSING));
    /* Taking in the peer's FIN needs the ACK that covers it (spec: "A FIN
     * moves its receiver's state when the receiver shows it got it"). */
    if (!rst && peer_fin_received_state(as) && !peer_fin_received_state(bs))
        CHECK(fin_evidence || rst_restore || fin_restore);
    /* Forgetting the peer's FIN again takes a new SYN or a restoration. */
    if (!rst && peer_fin_received_state(bs) && !peer_fin_received_state(as) && as != TD_CLOSED)
        CHECK(syn || rst_restore || fin_restore);

    /* The "ACK chain": if this segment shows the sender got the peer's FIN,
     * and that FIN segment acknowledged the sender's own FIN, then the
     * sender's FIN was acknowledged too (it received that ACK with the FIN).
     * Found by this fuzzer after a FIN-retransmission restoration. */
    if (!rst && !in_flight && ack && !syn && !fin && pr->fin_sent && ps->fin_sent &&
        td_seq_geq(seg->ack, pr->fin_seq + 1) && ps->fin_frame < pr->fin_frame &&
        sl->m[r].fin_ack_valid && td_seq_geq(sl->m[r].fin_ack, ps->fin_seq + 1) &&
        /* (A FIN known only from a later sequence number went out before
         * that segment; what it acknowledged is unknown.) */
        !pr->fin_inferred)
        CHECK(qs->fin_acked);
}

/* ---- invariants: the summary --------------------------------------------- */

static void check_summary_alone(const world *w, const td_conv *c, td_time end, const td_summary *m)
{
    const td_config *cfg = &w->cfg;
    CHECK((unsigned)m->outcome < TD_OUTCOME_COUNT);
    CHECK((unsigned)m->conn_state < TD_CS_COUNT);
    CHECK(td_outcome_name(m->outcome)[0] != '?');
    CHECK(td_conn_state_name(m->conn_state)[0] != '?');
    CHECK(valid_role_or_none(m->initiator));
    CHECK(valid_role_or_none(m->time_wait_holder));
    CHECK(m->midstream == c->midstream);
    CHECK((m->anomalies & ~ALL_BITS) == 0);
    /* Everything seen per segment stays; the end adds only deferred ones. */
    CHECK((m->anomalies & c->anomalies) == c->anomalies);
    CHECK((m->anomalies & ~c->anomalies & ~(TD_BIT(TD_A_FIN_UNACKED) | TD_BIT(TD_A_CLOSE_WAIT_STUCK))) == 0);
    CHECK((m->initiator == TD_ROLE_NONE) == (m->first_close_frame == 0));
    CHECK(m->rst_frame == c->rst_frame && m->first_close_frame == c->first_close_frame);
    CHECK(valid_role_or_none(m->rst_sender));
    CHECK(m->rst_sender == td_conv_role_of_side(c, c->rst_side));
    CHECK((m->rst_sender == TD_ROLE_NONE) == (m->rst_frame == 0));
    CHECK((m->time_wait_holder == TD_ROLE_NONE) == (m->time_wait_frame == 0));

    td_time eff_end = end < c->last_time ? c->last_time : end;
    bool any_unacked = false;
    for (unsigned role = 0; role < 2; role++) {
        const td_endpoint *e = &c->ep[side_of_role(c, role)];
        const td_endpoint *peer = &c->ep[side_of_role(c, role ^ 1u)];
        CHECK(valid_state(m->final_state[role]));
        /* Which end-of-capture judgement applies, in order: TIME_WAIT over;
         * a handshake state past Linux's default retry budget (tw_time holds
         * the first SYN or SYN/ACK); otherwise an ACK of a FIN whose earlier
         * ACK was lost has an unknown fate until the silence past the FIN's
         * next copy proves it (believed or, after two lost, "late"); and an
         * endpoint still waiting for an answer to what it kept sending gave
         * up when the capture runs on past its next copy without it (Linux
         * gives up silently: tcp_write_timeout sends no RST). */
        const bool tw_over = e->state == TD_TIME_WAIT && (e->tw_reused || eff_end - e->tw_time >= cfg->time_wait);
        const bool budget = !tw_over &&
                            ((e->state == TD_SYN_RECEIVED && e->sent_synack && eff_end - e->tw_time >= 63 * SEC) ||
                             (e->state == TD_SYN_SENT && e->sent_syn && eff_end - e->tw_time >= 127 * SEC));
        const bool silent = silent_past_next_copy(e, eff_end);
        const bool judged = !tw_over && !budget;
        CHECK(m->ack_fate_unknown[role] == (judged && e->fin_sent && e->fin_acked && e->acks_lost > 0 &&
                                            e->retx_run > 0 && e->fin_ack_time >= e->seq_tx_time && !silent));
        const bool late = judged && state_own_fin_acked(e->state) != e->state && e->fin_sent && !e->fin_acked &&
                          e->acks_lost >= 2 && e->fin_taken && e->fin_ack_time >= e->seq_tx_time && silent;
        CHECK(m->late_ack[role] == late);
        CHECK(m->gave_up[role] == (judged && !late && awaiting_answer(e, peer) && silent));
        CHECK(m->retransmissions[role] == e->retx_run);
        /* A span of capture time: never negative, even when the clock steps back. */
        CHECK(m->silence_after[role] ==
              (e->seq_tx_time != 0 && eff_end > e->seq_tx_time ? eff_end - e->seq_tx_time : 0));
        CHECK(m->acks_lost[role] == e->acks_lost && m->fin_inferred[role] == e->fin_inferred);
        if (!tw_over && !budget && !late && !m->gave_up[role])
            CHECK(m->final_state[role] == e->state);
        /* The final state is the stored one, with TIME_WAIT expired by the
         * capture's end. */
        if (e->state == TD_TIME_WAIT && (e->tw_reused || eff_end - e->tw_time >= cfg->time_wait))
            CHECK(m->final_state[role] == TD_CLOSED);
        else if (e->state == TD_SYN_RECEIVED && e->sent_synack && eff_end - e->tw_time >= 63 * TD_NS_PER_SEC)
            CHECK(m->final_state[role] == TD_CLOSED); /* Linux's SYN/ACK retries ran out */
        else if (e->state == TD_SYN_SENT && e->sent_syn && eff_end - e->tw_time >= 127 * TD_NS_PER_SEC)
            CHECK(m->final_state[role] == TD_CLOSED); /* and its SYN retries */
        else if (m->gave_up[role])
            /* Silent past its next retry: only after sending something again. */
            CHECK(m->final_state[role] == TD_CLOSED && e->retx_run > 0 && m->retransmissions[role] == e->retx_run);
        else if (m->late_ack[role])
            /* An ACK not believed after two lost ones, proven by the silence
             * (and a TIME_WAIT it led to runs out like any other). */
            CHECK((m->final_state[role] == td_state_after_fin_acked((td_state)e->state) ||
                   (m->final_state[role] == TD_CLOSED && td_state_after_fin_acked((td_state)e->state) == TD_TIME_WAIT)) &&
                  e->acks_lost >= 2);
        else
            CHECK(m->final_state[role] == e->state);
        CHECK(!m->late_ack[role] || !m->gave_up[role]);
        CHECK(m->fin_sent[role] == e->fin_sent && m->fin_acked[role] == (e->fin_acked || m->late_ack[role]));
        CHECK(!m->fin_acked[role] || m->fin_sent[role]);
        CHECK(m->fin_taken[role] == e->fin_taken && (!m->fin_acked[role] || m->fin_taken[role]));
        /* "acknowledged in" is there iff the peer ever acknowledged the FIN;
         * "FIN" iff there was one (frames start at 1). */
        CHECK((m->fin_ack_frame[role] != 0) == m->fin_taken[role]);
        CHECK((m->fin_frame[role] != 0) == m->fin_sent[role]);
        CHECK(m->fin_retransmissions[role] == e->fin_retransmissions);
        /* fin.unacked: a FIN the peer never acknowledged at all. */
        if (m->fin_sent[role] && !m->fin_taken[role])
            any_unacked = true;
        if (!m->fin_taken[role])
            CHECK(m->fin_ack_delay[role] == 0);
        /* Capture-edge honesty: the edge is "shorter than an answer takes",
         * measured from an unanswered event: an unacknowledged FIN first, else
         * a CLOSE_WAIT still open at the end. */
        bool fin_open = e->fin_sent && !e->fin_taken;
        bool cw_open = e->state == TD_CLOSE_WAIT && e->cw_time != 0;
        if (fin_open)
            CHECK(m->capture_left_after[role] == eff_end - e->fin_time);
        else if (cw_open)
            CHECK(m->capture_left_after[role] == eff_end - e->cw_time);
        else
            CHECK(m->capture_left_after[role] == 0 && !m->capture_edge[role]);
        if (fin_open || cw_open)
            CHECK(m->capture_edge[role] == (m->capture_left_after[role] < td_conv_answer_time(c)));
        if (m->close_wait_stuck[role])
            CHECK(m->anomalies & TD_BIT(TD_A_CLOSE_WAIT_STUCK));
        /* Spec: stuck covers "to the end of the capture, without closing". */
        if (m->final_state[role] == TD_CLOSE_WAIT)
            CHECK(m->close_wait_stuck[role]);
        /* Someone in TIME_WAIT at the end is its holder's business. */
        if (m->final_state[role] == TD_TIME_WAIT)
            CHECK(m->time_wait_holder != TD_ROLE_NONE);
        if (w->monotonic) {
            CHECK(m->fin_ack_delay[role] >= 0);
            CHECK(m->capture_left_after[role] >= 0);
            CHECK(m->close_wait_time[role] >= 0);
            CHECK(m->silence_after[role] >= 0);
        }
    }
    CHECK(!!(m->anomalies & TD_BIT(TD_A_FIN_UNACKED)) == any_unacked);
    if (m->half_close)
        CHECK(m->half_close_bytes > 0);
    if (w->monotonic) {
        CHECK(m->close_duration >= 0 && m->time_wait_linger >= 0);
        if (m->half_close)
            CHECK(m->half_close_duration >= 0);
    }

    /* The outcome says what the FIN/RST fields show (spec, teardown.outcome). */
    bool both_fins = m->fin_sent[0] && m->fin_sent[1];
    bool both_acked = both_fins && m->fin_acked[0] && m->fin_acked[1];
    switch (m->outcome) {
    case TD_OUTCOME_OPEN: CHECK(!m->fin_sent[0] && !m->fin_sent[1] && m->rst_frame == 0); break;
    case TD_OUTCOME_GRACEFUL: CHECK(both_acked); break;
    case TD_OUTCOME_HALF_CLOSED: CHECK(m->fin_sent[0] != m->fin_sent[1]); break;
    case TD_OUTCOME_INCOMPLETE: CHECK(both_fins && !both_acked); break;
    case TD_OUTCOME_RESET: CHECK(m->rst_frame != 0); break;
    case TD_OUTCOME_REFUSED: CHECK(m->rst_frame != 0); break;
    case TD_OUTCOME_UNANSWERED: CHECK((!c->answered || !c->established) && !c->midstream); break;
    default: CHECK(!"unknown outcome"); break;
    }
    /* Zeek's codes that name FINs need those FINs. */
    if (m->conn_state == TD_CS_SF)
        CHECK(both_fins);
    if (m->conn_state == TD_CS_S2 || m->conn_state == TD_CS_SH)
        CHECK(m->fin_sent[TD_CLIENT]);
    if (m->conn_state == TD_CS_S3 || m->conn_state == TD_CS_SHR)
        CHECK(m->fin_sent[TD_SERVER]);
}

/* Summarizes at `end` and checks the result alone and against the summary at
 * the conversation's own last time: an end before the last packet is the
 * last packet's time, and what does not depend on the end does not move. */
static void check_summary(const world *w, const td_conv *c, td_time end)
{
    td_summary at_end, at_last, verdict;
    td_conv_summarize(c, &w->cfg, end, &at_end);
    check_summary_alone(w, c, end, &at_end);
    /* The verdict alone is the summary's, member for member. */
    td_conv_verdict(c, &w->cfg, end, &verdict);
    CHECK(verdict.outcome == at_end.outcome && verdict.conn_state == at_end.conn_state);
    CHECK(verdict.initiator == at_end.initiator && verdict.midstream == at_end.midstream);
    CHECK(verdict.rst_sender == at_end.rst_sender);
    for (unsigned role = 0; role < 2; role++)
        CHECK(verdict.final_state[role] == at_end.final_state[role] && verdict.late_ack[role] == at_end.late_ack[role] &&
              verdict.gave_up[role] == at_end.gave_up[role] &&
              verdict.ack_fate_unknown[role] == at_end.ack_fate_unknown[role]);
    if (end == c->last_time)
        return;
    td_conv_summarize(c, &w->cfg, c->last_time, &at_last);
    if (end <= c->last_time) {
        CHECK(memcmp(&at_end, &at_last, sizeof at_end) == 0);
        return;
    }
    /* A late ACK proven by the silence can complete a close (incomplete ->
     * graceful); nothing else about the outcome depends on the end. */
    bool late = at_end.late_ack[0] || at_end.late_ack[1];
    CHECK(at_end.outcome == at_last.outcome || (late && at_end.outcome == TD_OUTCOME_GRACEFUL));
    CHECK(at_end.conn_state == at_last.conn_state);
    CHECK(at_end.initiator == at_last.initiator && at_end.anomalies == at_last.anomalies);
    /* ...or the TIME_WAIT such a late ACK began. */
    CHECK(at_end.time_wait_holder == at_last.time_wait_holder ||
          (late && at_last.time_wait_holder == TD_ROLE_NONE && at_end.late_ack[at_end.time_wait_holder]));
    for (unsigned role = 0; role < 2; role++) {
        /* Silence only proves: a give-up stays one (unless a handshake
         * budget or TIME_WAIT's end closes it first), an unknown ACK fate
         * only gets settled, and what the end does not read stays. */
        CHECK(!at_last.gave_up[role] || at_end.gave_up[role] || at_end.final_state[role] == TD_CLOSED);
        CHECK(!at_last.late_ack[role] || at_end.late_ack[role] || at_end.final_state[role] == TD_CLOSED);
        CHECK(!at_end.ack_fate_unknown[role] || at_last.ack_fate_unknown[role]);
        CHECK(at_end.retransmissions[role] == at_last.retransmissions[role]);
        CHECK(at_end.fin_taken[role] == at_last.fin_taken[role] && at_end.acks_lost[role] == at_last.acks_lost[role]);
        CHECK(at_end.silence_after[role] >= at_last.silence_after[role]);
        /* Time only expires TIME_WAIT and the handshake states, ends a
         * waiting endpoint that fell silent past its next retry, and proves
         * a late ACK; everything else is as at the last packet. */
        CHECK(at_end.final_state[role] == at_last.final_state[role] ||
              ((at_last.final_state[role] == TD_TIME_WAIT || at_last.final_state[role] == TD_SYN_RECEIVED ||
                at_last.final_state[role] == TD_SYN_SENT || at_end.gave_up[role]) &&
               at_end.final_state[role] == TD_CLOSED) ||
              at_end.late_ack[role]);
        CHECK(at_end.capture_left_after[role] >= at_last.capture_left_after[role]);
        CHECK(at_end.close_wait_time[role] >= at_last.close_wait_time[role]);
        CHECK(at_end.close_wait_stuck[role] >= at_last.close_wait_stuck[role]);
    }
    CHECK(at_end.time_wait_linger >= at_last.time_wait_linger);
}

/* ---- invariants: TIME_WAIT reuse ----------------------------------------- */

static void check_reuse(const world *w, slot *sl, const td_segment *seg, td_result *res)
{
    td_conv before = sl->conv, prev_before = sl->prev;
    td_result res_before = *res;
    td_conv_check_reuse(&sl->conv, &sl->prev, &w->cfg, seg, res);
    bool syn_only = (seg->flags & SYN) && !(seg->flags & ACK);
    bool flagged = res->anomalies & TD_BIT(TD_A_TIME_WAIT_REUSE);
    /* It adds the one anomaly and its two details, nothing else. */
    td_conv c = sl->conv;
    c.anomalies &= ~TD_BIT(TD_A_TIME_WAIT_REUSE);
    before.anomalies &= ~TD_BIT(TD_A_TIME_WAIT_REUSE);
    /* ... and the time lost to a stale-state reset of the connection before. */
    CHECK(c.stale_delay_us == before.stale_delay_us || prev_before.rst_kind == TD_RSTK_STALE);
    c.stale_delay_us = before.stale_delay_us;
    CHECK(memcmp(&c, &before, sizeof c) == 0);
    td_result rc = *res;
    rc.anomalies &= ~TD_BIT(TD_A_TIME_WAIT_REUSE);
    rc.time_left = res_before.time_left;
    rc.isn_above = res_before.isn_above;
    res_before.anomalies &= ~TD_BIT(TD_A_TIME_WAIT_REUSE);
    CHECK(memcmp(&rc, &res_before, sizeof rc) == 0);
    /* The old conversation changes only by losing its TIME_WAIT to the new
     * one, and only when the SYN is one its holder may accept (RFC 6191). */
    td_conv p = sl->prev;
    for (unsigned i = 0; i < 2; i++) {
        if (p.ep[i].tw_reused != prev_before.ep[i].tw_reused)
            CHECK(flagged && res->isn_above && p.ep[i].tw_reused &&
                  p.ep[i].state == TD_TIME_WAIT);
        p.ep[i].tw_reused = prev_before.ep[i].tw_reused;
        /* ... or by handing a stale-state dance's SYN_SENT on to the new
         * stream that repeats its SYN. */
        if (p.ep[i].state != prev_before.ep[i].state)
            CHECK(prev_before.rst_kind == TD_RSTK_STALE && prev_before.ep[i].state == TD_SYN_SENT &&
                  p.ep[i].state == TD_CLOSED && i == (seg->side & 1u));
        p.ep[i].state = prev_before.ep[i].state;
    }
    CHECK(memcmp(&p, &prev_before, sizeof p) == 0);
    if (!flagged) {
        CHECK(res->time_left == 0);
        return;
    }
    CHECK(syn_only && (sl->conv.anomalies & TD_BIT(TD_A_TIME_WAIT_REUSE)));
    /* Flagged only while the old TIME_WAIT still runs at the SYN, and the time
     * left is the longest of the old endpoints'. */
    td_time left = 0;
    for (unsigned i = 0; i < 2; i++) {
        const td_endpoint *e = &sl->prev.ep[i];
        if (e->state == TD_TIME_WAIT && e->tw_time + w->cfg.time_wait - seg->time > left)
            left = e->tw_time + w->cfg.time_wait - seg->time;
    }
    CHECK(left > 0 && res->time_left == left);
    const td_endpoint *old = &sl->prev.ep[seg->side & 1];
    CHECK(res->isn_above == (old->nxt_known ? td_seq_gt(seg->seq, old->snd_nxt) : true));
}

/* ---- driving the engine -------------------------------------------------- */

static void advance_clock(world *w, td_time delta)
{
    if (delta < 0) {
        w->monotonic = false;
        w->now = w->now + delta < TIME_MIN ? TIME_MIN : w->now + delta;
    } else {
        w->now = delta > TIME_MAX - w->now ? TIME_MAX : w->now + delta;
    }
}

/* Feeds one segment to slot `idx` and checks everything about it. */
static void feed(world *w, unsigned idx, td_segment *seg, td_result *res)
{
    slot *sl = &w->s[idx];
    td_conv pre = sl->conv;
    bool first = sl->fresh;
    seg->frame = ++w->frame;
    cur_seg = seg;
    cur_slot = idx;
    td_conv_feed(&sl->conv, &w->cfg, seg, res);
    if (trace_mode())
        trace(idx, seg, res);
    check_feed(w, sl, &pre, seg, res, first);
    /* A FIN the peer took in but whose sender lacks the ACK: an ACK of it
     * was shown lost, or it was taken without one. */
    for (unsigned side = 0; side < 2; side++) {
        const td_endpoint *a = &pre.ep[side], *b = &sl->conv.ep[side];
        if (!a->fin_taken && b->fin_taken && !b->fin_acked)
            sl->taken_unacked[side] = true;
        CHECK(b->fin_acked || !b->fin_taken || b->acks_lost > 0 || sl->taken_unacked[side]);
    }
    if (first && sl->has_prev)
        check_reuse(w, sl, seg, res);
    sl->fresh = false;
    sl->last_seg = *seg;
    sl->has_last_seg = true;
    w->feeds++;
    /* The summary reads states, FIN records, times and anomalies: judge it
     * again whenever a segment changed one of those, not after every ACK. */
    if (first || res->anomalies != 0 || memcmp(res->before, res->after, sizeof res->before) != 0 ||
        sl->conv.ep[0].fin_acked != pre.ep[0].fin_acked ||
        sl->conv.ep[1].fin_acked != pre.ep[1].fin_acked || sl->conv.rst_side != pre.rst_side)
        check_summary(w, &sl->conv, seg->time);
}

static void decode_segment(world *w, reader *r, uint8_t b0, uint8_t b1)
{
    unsigned idx = b0 & 3u, side = (b0 >> 2) & 1u, kind = (b0 >> 3) & 15u;
    slot *sl = &w->s[idx];
    model_side *me = &sl->m[side], *peer = &sl->m[side ^ 1];
    td_segment seg;
    memset(&seg, 0, sizeof seg);
    seg.side = (uint8_t)side;

    if (kind < 13)
        seg.flags = flag_table[kind];
    else if (kind == 13)
        seg.flags = rd8(r);
    else
        seg.flags = rd16(r) & 0x0fff;

    unsigned seq_mode = b1 & 3u, ack_mode = (b1 >> 2) & 3u, len_mode = (b1 >> 4) & 3u;
    unsigned time_mode = (b1 >> 6) & 3u;

    switch (len_mode) {
    case 0: seg.len = 0; break;
    case 1: seg.len = rd8(r); break;
    case 2: seg.len = rd16(r); break;
    default: seg.len = rd32(r); break; /* garbage: no IP packet is this long */
    }
    switch (seq_mode) {
    case 0: seg.seq = me->nxt; break;                                    /* in order */
    case 1: seg.seq = me->nxt + (uint32_t)(int32_t)(int8_t)rd8(r); break; /* near miss */
    case 2: seg.seq = rd32(r); break;                                    /* anything */
    default:                                                              /* exact resend */
        seg.seq = me->last_seq;
        seg.len = me->last_len;
        break;
    }
    switch (ack_mode) {
    case 0: seg.ack = peer->nxt; break; /* everything the peer sent arrived */
    case 1: seg.ack = peer->nxt + (uint32_t)(int32_t)(int8_t)rd8(r); break;
    case 2: seg.ack = rd32(r); break;
    default: seg.ack = me->last_ack; break; /* a stale or duplicate ACK */
    }
    switch (time_mode) {
    case 0: advance_clock(w, ((td_time)rd8(r) + 1) * US); break;
    case 1: break; /* same timestamp: coarse clocks and TSO splits do this */
    case 2: {
        td_time v = rd8(r);
        advance_clock(w, v * v * 10 * MS); /* up to ~11 minutes: past TIME_WAIT */
        break;
    }
    default: advance_clock(w, -(td_time)rd8(r) * MS); break; /* reordered capture */
    }
    seg.time = w->now;

    /* Defaults look like a Linux peer: window 502 << 7, TTLs 64 and 57. */
    seg.window = 502;
    seg.wscale = (seg.flags & SYN) ? 7 : -1;
    seg.ttl = side == 0 ? 64 : 57;
    seg.ttl_known = true;
    uint16_t port[2] = {(uint16_t)(40000 + idx), 80};
    bool update_model = true;
    if (b0 & 0x80) {
        uint8_t ext = rd8(r);
        if (ext & 0x01)
            seg.window = rd16(r);
        if (ext & 0x80)
            seg.window = rd32(r); /* wider than any TCP header: the API allows it */
        if (ext & 0x02)
            seg.wscale = (int8_t)rd8(r); /* also negative and > 14 */
        if (ext & 0x04)
            seg.ttl = rd8(r);
        if (ext & 0x08)
            seg.ttl_known = false;
        switch ((ext >> 4) & 3u) {
        case 0: break;
        case 1: port[0] = 80; port[1] = (uint16_t)(40000 + idx); break;
        case 2: port[1] = port[0]; break;
        default: port[0] = rd16(r); port[1] = rd16(r); break;
        }
        /* An injected segment: the model of the claimed sender ignores it. */
        if (ext & 0x40)
            update_model = false;
    }
    seg.src_port = port[side];
    seg.dst_port = port[side ^ 1];

    td_result res;
    feed(w, idx, &seg, &res);

    /* Remember what the ACK-chain check needs: the ACK the side's first FIN
     * carried, as the engine registered that FIN. */
    const td_endpoint *e = &sl->conv.ep[side];
    if (e->fin_sent && e->fin_frame == seg.frame) {
        me->fin_ack_valid = (seg.flags & ACK) != 0;
        me->fin_ack = seg.ack;
    }
    if (!update_model || (seg.flags & RST))
        return;
    uint32_t end = seg.seq + seg.len + ((seg.flags & SYN) ? 1u : 0u) + ((seg.flags & FIN) ? 1u : 0u);
    if (seq_mode == 2 || td_seq_gt(end, me->nxt))
        me->nxt = end;
    if (seq_mode != 3) {
        me->last_seq = seg.seq;
        me->last_len = seg.len;
    }
    if (seg.flags & ACK)
        me->last_ack = seg.ack;
}

static td_time summary_end(const world *w, const td_conv *c, unsigned pick, reader *r)
{
    switch (pick & 7u) {
    case 0: return c->last_time;
    case 1: return c->last_time - 1;
    case 2: return w->now + (td_time)rd8(r) * SEC;
    case 3: return INT64_MAX;
    case 4: return INT64_MIN;
    case 5: return c->last_time + w->cfg.time_wait - 1;
    case 6: return c->last_time + w->cfg.time_wait;
    default: {
        uint64_t hi = rd32(r), lo = rd32(r);
        return (td_time)((hi << 32) | lo);
    }
    }
}

static void control(world *w, reader *r, uint8_t b0, uint8_t b1)
{
    unsigned idx = b0 & 3u;
    slot *sl = &w->s[idx];
    switch (b1 & 3u) {
    case 0: {
        /* A new connection on the same 4-tuple (a new tcp.stream). */
        if (sl->fresh)
            return;
        sl->prev = sl->conv;
        sl->has_prev = true;
        td_conv_init(&sl->conv);
        sl->fresh = true;
        sl->has_last_seg = false;
        sl->taken_unacked[0] = sl->taken_unacked[1] = false;
        uint8_t cls = (uint8_t)(b1 >> 2);
        for (unsigned side = 0; side < 2; side++) {
            model_side *m = &sl->m[side];
            uint32_t old = m->nxt;
            memset(m, 0, sizeof *m);
            switch ((cls >> (2 * side)) & 3u) {
            case 0: m->nxt = old + 100000; break; /* RFC 6191: ISN above the old one */
            case 1: m->nxt = old - 100000; break;
            case 2: m->nxt = rd32(r); break;
            default: m->nxt = isn_of_class(cls, idx, side); break;
            }
            m->last_seq = m->nxt;
        }
        break;
    }
    case 1:
        if (!sl->fresh) {
            cur_seg = NULL;
            check_summary(w, &sl->conv, summary_end(w, &sl->conv, b1 >> 2, r));
        }
        break;
    case 2: {
        /* The same segment again (retransmission storms, duplicated frames).
         * The longest form runs a FIN's counter past 65535; it costs ~100 ms,
         * so only strict mode, which checks the counter, has it. */
        if (!sl->has_last_seg)
            return;
        uint8_t n = rd8(r);
        bool huge = strict_mode() && (b1 & 0xFC) == 0xFC && n == 0xFF;
        uint32_t count = huge ? 65536u + 2u : n + 1u;
        uint32_t room = w->feeds < FEED_BUDGET ? FEED_BUDGET - w->feeds : 0;
        if (!huge && count > room)
            count = room;
        for (uint32_t i = 0; i < count; i++) {
            td_segment seg = sl->last_seg;
            td_result res;
            feed(w, idx, &seg, &res);
        }
        break;
    }
    default:
        /* A long silence, up to 2^47 ns (~39 hours). */
        advance_clock(w, (td_time)1 << (rd8(r) % 48));
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static world w;
    reader r = {data, size};
    memset(&w, 0, sizeof w);
    cur_seg = NULL;

    uint8_t cfg = rd8(&r);
    w.cfg.time_wait = time_wait_table[cfg & 7u];
    w.cfg.close_wait = close_wait_table[(cfg >> 3) & 7u];
    /* A realistic epoch (2023-11) or the smallest clock allowed. */
    w.now = (cfg & 0x40) ? TIME_MIN : (td_time)1700000000 * SEC;
    w.monotonic = true;
    w.isn_class = rd8(&r);
    for (unsigned i = 0; i < SLOTS; i++) {
        td_conv_init(&w.s[i].conv);
        w.s[i].fresh = true;
        slot_init_model(&w.s[i], i, w.isn_class);
    }

    while (r.n > 0 && w.feeds < FEED_BUDGET) {
        uint8_t b0 = rd8(&r), b1 = rd8(&r);
        if (((b0 >> 3) & 15u) == 15u)
            control(&w, &r, b0, b1);
        else
            decode_segment(&w, &r, b0, b1);
    }

    /* The capture ends: judge every conversation at a few ends. */
    cur_seg = NULL;
    for (unsigned i = 0; i < SLOTS; i++) {
        const slot *sl = &w.s[i];
        const td_conv *convs[2] = {sl->has_prev ? &sl->prev : NULL, sl->fresh ? NULL : &sl->conv};
        for (unsigned k = 0; k < 2; k++) {
            const td_conv *c = convs[k];
            if (c == NULL)
                continue;
            cur_slot = i;
            const td_time ends[] = {
                c->last_time, c->last_time - 1, w.now, INT64_MIN, INT64_MAX, 0,
                c->last_time + w.cfg.time_wait, c->last_time + w.cfg.close_wait + 1,
            };
            for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++)
                check_summary(&w, c, ends[e]);
            if (trace_mode()) {
                td_summary m;
                td_conv_summarize(c, &w.cfg, w.now, &m);
                fprintf(stderr, "slot %u%s at end: %s, %s, client %s, server %s\n", i,
                        k == 0 ? " (previous)" : "", td_outcome_name(m.outcome),
                        td_conn_state_name(m.conn_state), td_state_name(m.final_state[TD_CLIENT]),
                        td_state_name(m.final_state[TD_SERVER]));
            }
        }
    }
    return 0;
}
