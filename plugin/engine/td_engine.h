/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The teardown engine's one public header: a passive observer that follows both
 * endpoints of one TCP conversation through the RFC 9293 states, one captured
 * segment at a time, with no dependency on Wireshark (C11 + libc only). */
#ifndef TD_ENGINE_H
#define TD_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Each list is written once; the X-macros give both the enum and its names. */
#define TD_STATE_LIST(X) \
    X(CLOSED)            \
    X(SYN_SENT)          \
    X(SYN_RECEIVED)      \
    X(ESTABLISHED)       \
    X(FIN_WAIT_1)        \
    X(FIN_WAIT_2)        \
    X(CLOSING)           \
    X(TIME_WAIT)         \
    X(CLOSE_WAIT)        \
    X(LAST_ACK)

typedef enum {
#define TD_X(name) TD_##name,
    TD_STATE_LIST(TD_X)
#undef TD_X
    TD_STATE_COUNT
} td_state;

/* Roles: the client sent the first SYN (see td_conv_feed for guesses). */
typedef enum { TD_CLIENT = 0, TD_SERVER = 1, TD_ROLE_NONE = 2 } td_role;

/* Outcome of the whole conversation (spec: teardown.outcome). */
#define TD_OUTCOME_LIST(X) \
    X(OPEN, "open")               \
    X(GRACEFUL, "graceful")       \
    X(HALF_CLOSED, "half_closed") \
    X(INCOMPLETE, "incomplete")   \
    X(RESET, "reset")             \
    X(REFUSED, "refused")         \
    X(UNANSWERED, "unanswered")

typedef enum {
#define TD_X(name, label) TD_OUTCOME_##name,
    TD_OUTCOME_LIST(TD_X)
#undef TD_X
    TD_OUTCOME_COUNT
} td_outcome;

/* Zeek-compatible conn_state codes. */
#define TD_CONN_STATE_LIST(X) \
    X(S0) X(S1) X(SF) X(REJ) X(S2) X(S3) X(RSTO) X(RSTR) X(RSTOS0) X(RSTRH) X(SH) X(SHR) X(OTH)

typedef enum {
#define TD_X(name) TD_CS_##name,
    TD_CONN_STATE_LIST(TD_X)
#undef TD_X
    TD_CS_COUNT
} td_conn_state;

/* Anomalies and notable events, named as the spec's expert infos (without the
 * "teardown." prefix).  DEFERRED ones can only be judged once the capture has
 * been read to its end; the engine marks the packets they belong to. */
#define TD_ANOMALY_LIST(X) \
    X(CLOSE_ACTIVE, "close.active")                                 \
    X(CLOSE_PASSIVE, "close.passive")                               \
    X(CLOSE_SIMULTANEOUS, "close.simultaneous")                     \
    X(HALF_CLOSE, "half_close")                                     \
    X(FIN_RETRANSMISSION, "fin.retransmission")                     \
    X(FIN_UNACKED, "fin.unacked")                                   \
    X(RST_ABORT, "rst.abort")                                       \
    X(RST_AFTER_FIN, "rst.after_fin")                               \
    X(RST_REFUSED, "rst.refused")                                   \
    X(RST_OUT_OF_WINDOW, "rst.out_of_window")                       \
    X(RST_DATA_LOSS, "rst.data_loss")                               \
    X(RST_MIDDLEBOX, "rst.middlebox")                               \
    X(TIME_WAIT, "time_wait")                                       \
    X(TIME_WAIT_REUSE, "time_wait.reuse")                           \
    X(TIME_WAIT_FIN_RETRANSMISSION, "time_wait.fin_retransmission") \
    X(TIME_WAIT_RST, "time_wait.rst")                               \
    X(CLOSE_WAIT_STUCK, "close_wait.stuck")                         \
    X(DATA_AFTER_FIN, "data_after_fin")                             \
    X(IDLE_TIMEOUT, "idle_timeout")                                 \
    X(KEEPALIVE_RACE, "keepalive_race")                             \
    X(RETRANSMISSION_TIMEOUT, "retransmission_timeout")             \
    X(KEEPALIVE_TIMEOUT, "keepalive_timeout")                       \
    X(RST_IGNORED, "rst.ignored")                                   \
    X(STALE_STATE, "stale_state")

typedef enum {
#define TD_X(name, label) TD_A_##name,
    TD_ANOMALY_LIST(TD_X)
#undef TD_X
    TD_ANOMALY_COUNT
} td_anomaly;

#define TD_BIT(a) (UINT32_C(1) << (a))

/* Why a connection ended (spec: teardown.cause), most specific first where
 * several fit; td_cause.c decides. */
#define TD_CAUSE_LIST(X)                                  \
    X(OPEN, "open")                                       \
    X(APP_CLOSE, "app_close")                             \
    X(IDLE_CLOSE, "idle_close")                           \
    X(IDLE_RESET, "idle_reset")                           \
    X(KEEPALIVE_RACE, "keepalive_race")                   \
    X(RETRANSMISSION_TIMEOUT, "retransmission_timeout")   \
    X(KEEPALIVE_TIMEOUT, "keepalive_timeout")             \
    X(REFUSED, "refused")                                 \
    X(UNANSWERED, "unanswered")                           \
    X(ABORT, "abort")                                     \
    X(UNREAD_DATA, "unread_data")                         \
    X(DATA_AFTER_CLOSE, "data_after_close")               \
    X(MIDDLEBOX_RESET, "middlebox_reset")                 \
    X(STALE_STATE, "stale_state")                         \
    X(UNKNOWN, "unknown")

typedef enum {
#define TD_X(name, label) TD_CAUSE_##name,
    TD_CAUSE_LIST(TD_X)
#undef TD_X
    TD_CAUSE_COUNT
} td_cause;

/* How far a connection had got when an RST or a timeout ended it (spec:
 * teardown.abort_stage); NONE for a close by FIN or no close at all. */
#define TD_ABORT_STAGE_LIST(X)               \
    X(NONE, "none")                          \
    X(HANDSHAKE, "handshake")                \
    X(AFTER_HANDSHAKE, "after_handshake")    \
    X(FIRST_DATA, "first_data")              \
    X(MID_FLOW, "mid_flow")

typedef enum {
#define TD_X(name, label) TD_STAGE_##name,
    TD_ABORT_STAGE_LIST(TD_X)
#undef TD_X
    TD_STAGE_COUNT
} td_abort_stage;

/* What the RST that ended a connection answered, as judged when it came
 * (td_conv.rst_kind): the evidence td_cause.c builds a cause on. */
enum {
    TD_RSTK_NONE = 0,
    TD_RSTK_ABORT,        /* none of the below */
    TD_RSTK_MIDDLEBOX,    /* its TTL / hop limit is not its claimed sender's */
    TD_RSTK_KEEPALIVE,    /* its sender's keep-alive probes went unanswered */
    TD_RSTK_RETX,         /* its sender kept retransmitting what was never acknowledged */
    TD_RSTK_RACE,         /* data that crossed its sender's FIN */
    TD_RSTK_AFTER_CLOSE,  /* data sent after its sender's FIN had been taken in */
    TD_RSTK_UNREAD,       /* its sender took data in and never sent any: it closed unread */
    TD_RSTK_STALE         /* a SYN's sender answering a challenge ACK of an older connection */
};

/* TCP header flag bits, as on the wire. */
enum {
    TD_TH_FIN = 0x01,
    TD_TH_SYN = 0x02,
    TD_TH_RST = 0x04,
    TD_TH_PSH = 0x08,
    TD_TH_ACK = 0x10
};

/* Time in nanoseconds since an arbitrary epoch (the capture's timestamps). */
typedef int64_t td_time;
#define TD_NS_PER_SEC INT64_C(1000000000)

/* One captured segment, as the glue reads it from the wire. */
typedef struct td_segment {
    uint32_t frame;     /* capture frame number */
    td_time time;       /* capture timestamp */
    uint8_t side;       /* 0 or 1: which endpoint sent it, in a fixed order the caller chooses */
    uint16_t src_port;
    uint16_t dst_port;
    uint16_t flags;     /* TD_TH_* */
    uint32_t seq;       /* raw, not relative */
    uint32_t ack;
    uint32_t len;       /* TCP payload length */
    uint32_t window;    /* raw window field */
    int8_t wscale;      /* window scale option on a SYN, -1 when absent */
    uint8_t ttl;        /* IP TTL / hop limit */
    bool ttl_known;
} td_segment;

/* Observer's view of one endpoint.  The flags are one-bit fields, grouped
 * so that they share two bytes: the glue keeps one td_conv per connection
 * for the whole capture, so every byte here is paid per connection. */
typedef struct td_endpoint {
    uint8_t state;           /* td_state */
    uint8_t state_before_rst;   /* restored when this endpoint ignored an RST */
    uint8_t ttl;
    int8_t wscale;           /* -1 unknown */
    uint16_t fin_retransmissions;
    uint16_t retx_run;       /* copies it sent again in a row of its latest SYN, data or FIN */
    bool seen : 1;           /* has sent anything */
    bool isn_known : 1;
    bool nxt_known : 1;
    bool ack_known : 1;
    bool fin_sent : 1;
    bool fin_acked : 1;      /* it has the ACK of its FIN, as far as the capture shows */
    bool fin_taken : 1;      /* the peer acknowledged its FIN at least once: the peer has it */
    bool closed_after_peer_fin : 1; /* it had taken in the peer's FIN when it sent its own */
    bool rst_pending : 1;    /* an RST to this endpoint was counted as received */
    bool ttl_known : 1;
    bool sent_syn : 1;       /* a SYN without ACK */
    bool sent_synack : 1;
    bool sent_rst : 1;
    bool tw_reused : 1;      /* a new connection took over its TIME_WAIT 4-tuple */
    bool window_in_syn : 1;  /* its last window came in a SYN: never scaled (RFC 7323 2.2) */
    bool fin_has_ack : 1;    /* its FIN segment carried an ACK */
    bool fin_inferred : 1;   /* its FIN was not captured: a later sequence number showed it */
    bool sent_data : 1;      /* has sent payload (not counting keep-alive probes) */
    bool data_crossed_fin : 1;   /* sent data the peer's FIN crossed: neither had seen the other's */
    bool data_after_peer_fin : 1; /* sent data after it had taken in the peer's FIN */
    uint8_t ka_probes : 3;   /* keep-alive probes it sent since the peer last sent anything (saturates) */
    uint8_t acks_lost;       /* times its FIN came again after an ACK of it: those ACKs were lost */
    uint32_t retx_gap_us;    /* time between the last two copies of what it sent again, in us */
    uint32_t retx_span_us;   /* from the first copy of that to its latest, in us (saturates) */
    uint32_t retx_first_frame; /* the frame of its latest new SYN, data or FIN: the first copy */
    uint32_t isn;
    uint32_t snd_nxt;        /* next sequence number after all it has sent */
    uint32_t ack_max;        /* highest ACK it has sent (its RCV.NXT as shown) */
    uint32_t ack_max_frame;  /* the frame that first carried ack_max */
    /* Last raw window it advertised. Kept at 32 bits although the glue reads
     * a 16-bit field: td_segment.window is 32 bits wide and the fuzzer feeds
     * wider values, which a narrower copy would judge differently. */
    uint32_t window;
    uint32_t fin_seq;        /* sequence number the FIN occupies */
    uint32_t fin_frame;
    uint32_t fin_ack_frame;
    uint32_t tw_frame;       /* frame that put it in TIME_WAIT */
    uint32_t cw_frame;       /* frame that put it in CLOSE_WAIT */
    td_time fin_time;
    td_time fin_ack_time;
    td_time tw_time;         /* when it entered TIME_WAIT; in SYN_SENT / SYN_RECEIVED, its first SYN or SYN/ACK */
    td_time cw_time;         /* when it entered CLOSE_WAIT */
    td_time cw_end;          /* when it left CLOSE_WAIT (0: not yet) */
    td_time rst_time;        /* when the pending RST reached it */
    td_time seq_tx_time;     /* when it last sent a SYN, data or FIN (new or again) */
    td_time last_time;       /* when it last sent anything */
} td_endpoint;

/* A well-known idle timer (a load balancer's, a NAT's, a server's
 * keep-alive), to name the one an idle gap matches. */
typedef struct td_idle_timer {
    uint32_t ms;
    char name[64];
} td_idle_timer;

typedef struct td_config {
    td_time time_wait;       /* how long TIME_WAIT lasts */
    td_time close_wait;      /* CLOSE_WAIT longer than this is "stuck" */
    td_time idle;            /* a silence this long before the close is idle; 0: never */
    const td_idle_timer *timers; /* known idle timers, n_timers of them */
    size_t n_timers;
} td_config;

/* One conversation (one tcp.stream). Plain data: the caller owns the memory. */
typedef struct td_conv {
    td_endpoint ep[2];       /* indexed by side */
    uint8_t client_side;     /* side of the client, valid once roles_known */
    uint8_t initiator;       /* td_role of the first FIN/RST, TD_ROLE_NONE */
    uint8_t rst_side;        /* side that sent the accepted RST, or TD_NO_SIDE */
    bool roles_known : 1;
    bool midstream : 1;
    bool synack_seen : 1;
    bool answered : 1;       /* the SYN was answered: SYN/ACK seen, or the client ACKed one */
    bool syn_seen : 1;       /* a SYN without ACK was seen: syn_time below is set */
    bool established : 1;    /* the handshake completed, or mid-stream traffic */
    bool rst_after_both_fins : 1;   /* the ending RST came after both FINs were acked */
    bool rtt_known : 1;      /* syn_rtt below holds the RTT (read it with td_conv_rtt) */
    bool prev_side : 1;      /* side that sent the latest segment */
    bool stale_syn : 1;      /* a SYN with a new ISN came while the connection was synchronized */
    uint8_t syn_retries;     /* copies of the client's SYN sent again */
    uint8_t rst_kind;        /* TD_RSTK_* of the RST that ended it */
    uint32_t anomalies;      /* every anomaly seen so far (TD_BIT mask) */
    uint32_t first_frame;    /* (its time is not kept: nothing read it) */
    uint32_t last_frame;
    uint32_t first_close_frame; /* first FIN or RST */
    uint32_t rst_frame;      /* the RST that ended it */
    uint32_t stale_delay_us; /* its SYN came this long after a stale-state reset of the connection before, in us */
    td_time last_time;
    td_time first_close_time;
    /* The time of the latest SYN until the handshake's ACK gives the RTT
     * (SYN to that ACK), then the RTT. One slot serves both because the SYN
     * time is only ever read to compute the RTT, and that happens once: a
     * measured RTT is never replaced, so later SYN times are dead. A
     * measurement of exactly 0 leaves rtt_known unset, and the SYN time is
     * then still the one the next measurement starts from, as when the two
     * were separate fields and an RTT of 0 meant "unknown". */
    td_time syn_rtt;
    td_time last_data_after_fin; /* last new data from the other side after the first FIN */
    /* New data one endpoint sent after the peer's first FIN was acked. One
     * counter for the conversation, not one per endpoint, because at most
     * one endpoint can ever count: an endpoint counts only while it has not
     * sent a FIN and its peer has, and fin_sent, once set, stays set; so
     * whichever counts first has a peer with fin_sent set, which therefore
     * can never count afterwards. */
    uint64_t half_close_bytes;
    /* The silence between two consecutive segments: until the first FIN or
     * RST, the latest one; from then on, the one before the close (the
     * silence ending at the close, or, when the close answered the segment
     * just before it, the silence before that segment). In ms: a gap that
     * names an idle timer needs no more, and 32 bits hold 49 days. */
    uint32_t idle_ms;
    uint32_t idle_from_frame;   /* last segment before the silence (0: none) */
    uint32_t idle_to_frame;     /* first segment after it */
} td_conv;

/* The glue holds one td_conv for every connection of the capture, for as
 * long as the capture is open, so every byte here is paid per connection.
 * 304 bytes: the retransmission timing that tells a give-up from a capture
 * that stopped (seq_tx_time, retx_gap_us, retx_run), each endpoint's last
 * time and the frame of its highest ACK took it past 256. 344: the evidence
 * of why it ended (the silence before the close, the retransmission run's
 * first frame and span, the stale-state delay, SYN retries, the RST's kind). */
_Static_assert(sizeof(td_conv) <= 344, "td_conv exceeds the 344-byte per-connection budget");

/* What one segment did. Roles index the state arrays. */
typedef struct td_result {
    uint8_t sender;              /* td_role */
    uint8_t before[2];           /* td_state per role, before the segment */
    uint8_t after[2];            /* td_state per role, after the segment */
    uint8_t fin_of;              /* td_role whose FIN this segment carries, TD_ROLE_NONE */
    uint8_t entered_time_wait;   /* TD_ROLE_BIT per role that entered TIME_WAIT here */
    uint8_t entered_close_wait;  /* TD_ROLE_BIT per role that entered CLOSE_WAIT here */
    uint8_t ttl_expected;        /* for RST_MIDDLEBOX */
    uint8_t ttl_seen;
    bool isn_above;              /* for TIME_WAIT_REUSE (RFC 6191) */
    uint16_t fin_retransmission; /* how many times this FIN was resent, counting this one */
    uint32_t anomalies;          /* TD_BIT mask of causal anomalies at this segment */
    uint64_t bytes;              /* RST_DATA_LOSS: unacknowledged bytes; DATA_AFTER_FIN: bytes past the FIN */
    td_time time_left;           /* TIME_WAIT_REUSE: how much TIME_WAIT was left */
} td_result;

/* The conversation as a whole, judged at a given capture end. */
typedef struct td_summary {
    td_outcome outcome;
    td_conn_state conn_state;
    td_role initiator;               /* TD_ROLE_NONE if nobody closed */
    td_state final_state[2];         /* per role */
    td_role time_wait_holder;        /* TD_ROLE_NONE if nobody */
    uint32_t time_wait_frame;        /* frame that put the holder in TIME_WAIT */
    bool time_wait_reused;           /* a new connection took the 4-tuple over */
    td_role rst_sender;              /* who sent the RST that ended it, TD_ROLE_NONE */
    bool midstream;
    bool handshake_unfinished;       /* a SYN/ACK was seen, never the ACK that completes it */
    bool fin_sent[2];
    bool fin_acked[2];               /* its sender has the ACK, as judged at the end */
    bool fin_taken[2];               /* the peer acknowledged it at least once */
    uint32_t fin_frame[2];
    uint32_t fin_ack_frame[2];
    td_time fin_ack_delay[2];
    uint16_t fin_retransmissions[2];
    uint32_t rst_frame;              /* 0 if none */
    uint32_t first_close_frame;      /* 0 if none */
    td_time close_duration;          /* first FIN/RST to the last packet */
    bool half_close;
    td_time half_close_duration;
    uint64_t half_close_bytes;
    td_time capture_left_after[2];   /* per role: capture time after its unanswered event */
    bool capture_edge[2];            /* per role: that was shorter than an answer takes */
    td_time time_wait_linger;        /* how long the holder was seen in TIME_WAIT */
    td_time close_wait_time[2];      /* per role: time spent in CLOSE_WAIT */
    bool gave_up[2];                 /* per role: stopped retrying unanswered (final state CLOSED) */
    bool ack_fate_unknown[2];        /* per role: its FIN counts as acked, but the ACK before was lost and
                                      * the capture ended before its next copy of the FIN was due */
    bool fin_inferred[2];            /* per role: its FIN was not captured; a later sequence number shows it */
    uint8_t acks_lost[2];            /* per role: ACKs of its FIN shown lost by its FIN coming again */
    bool late_ack[2];                /* per role: after ACKs of its FIN were lost, its silence proved one came */
    uint16_t retransmissions[2];     /* per role: copies sent again in a row at the end */
    td_time silence_after[2];        /* per role: capture time after its last SYN, data or FIN */
    bool close_wait_stuck[2];
    uint32_t anomalies;              /* all anomalies, including deferred ones */
    /* Why it ended (td_cause.c). */
    td_cause cause;
    td_abort_stage abort_stage;
    td_role cause_role;              /* whom the cause is about: who closed, reset, gave up, TD_ROLE_NONE */
    uint32_t cause_frame;            /* the segment that shows it, 0 if none */
    bool idle_known;                 /* a silence before the first FIN or RST was seen */
    td_time idle_before_close;
    uint32_t idle_from_frame, idle_to_frame;
    const td_idle_timer *idle_timer; /* the known timer that silence matches, or NULL */
    uint16_t retransmissions_before_close; /* copies sent again, by retx_role, of what was never acknowledged */
    td_role retx_role;
    td_time retx_span;               /* from the first copy to the last */
    uint32_t retx_frame;             /* the first copy */
    uint8_t syn_retries;
    bool syn_seen;                   /* the client's SYN was captured: syn_retries means something */
    td_time stale_delay;             /* 0: no stale-state reset before this connection */
    uint8_t keepalive_probes;        /* unanswered keep-alive probes before a keep-alive timeout */
} td_summary;

const char *td_state_name(td_state s);
const char *td_outcome_name(td_outcome o);
const char *td_conn_state_name(td_conn_state c);
const char *td_anomaly_name(td_anomaly a);
const char *td_role_name(td_role r);
const char *td_cause_name(td_cause c);
const char *td_abort_stage_name(td_abort_stage s);

/* Fills `cfg`'s idle timers from text such as "350 AWS NLB; 240 Azure Load
 * Balancer" (seconds, then a name; entries separated by ';' or newlines),
 * into `timers` (room for `max`). Returns how many it read; entries that do
 * not parse are skipped. */
size_t td_idle_timers_parse(const char *text, td_idle_timer *timers, size_t max);

/* The known timer an idle gap matches (within 3 %, at least 250 ms), or NULL. */
const td_idle_timer *td_idle_timer_match(const td_config *cfg, td_time gap);

/* Judges why the conversation ended from what td_conv_summarize found
 * (called by it, at the end). */
void td_cause_judge(const td_conv *conv, const td_config *cfg, td_time capture_end, td_summary *sum);

/* Prepares an empty conversation. */
void td_conv_init(td_conv *conv);

/* Feeds one segment (in capture order) and reports what it did. Total: any
 * input gives a valid result. */
void td_conv_feed(td_conv *conv, const td_config *cfg, const td_segment *seg, td_result *out);

/* A SYN opened `conv` on the 4-tuple that `prev` used before: marks
 * TIME_WAIT_REUSE in `conv` and `out` when the previous conversation's
 * TIME_WAIT had not expired at the SYN, and ends that TIME_WAIT when the
 * holder may accept the SYN. `out` is the result of feeding the SYN. */
void td_conv_check_reuse(td_conv *conv, td_conv *prev, const td_config *cfg,
                         const td_segment *syn, td_result *out);

/* `rst` (fed to the conversation after `prev` on the same 4-tuple, with a
 * result carrying TD_A_STALE_STATE) answered the challenge ACK of `prev`,
 * still open on the RST's receiver: that RST ends `prev` there. */
void td_conv_reset_stale(td_conv *prev, const td_segment *rst);

/* Whether `seg` opens a new connection on the 4-tuple rather than going on
 * with `conv`: both of conv's FINs were acknowledged, and seg's sequence
 * number is far outside its sender's space on conv (the new connection's SYN
 * was not captured). The caller then follows seg in a new td_conv, which
 * takes it as mid-stream traffic. */
bool td_conv_starts_anew(const td_conv *conv, const td_segment *seg);

/* Judges the conversation as of `capture_end` (the last timestamp of the
 * capture, or of what has been read so far). */
void td_conv_summarize(const td_conv *conv, const td_config *cfg, td_time capture_end,
                       td_summary *out);

/* The verdict alone, as td_conv_summarize would give it, at a fraction of
 * its cost: outcome, conn_state, initiator, midstream, both final states
 * and the RST's sender (with late_ack, gave_up and ack_fate_unknown, which
 * the final states decide); every other member reads "none". For a filter
 * or field on those on every packet. */
void td_conv_verdict(const td_conv *conv, const td_config *cfg, td_time capture_end, td_summary *out);

/* RFC 9293 3.10.7.4, fifth step: the state the ACK of an endpoint's own
 * FIN moves it to from `s` (unchanged where that ACK moves nothing). */
static inline td_state td_state_after_fin_acked(td_state s)
{
    switch (s) {
    case TD_FIN_WAIT_1: return TD_FIN_WAIT_2;
    case TD_CLOSING: return TD_TIME_WAIT;
    case TD_LAST_ACK: return TD_CLOSED;
    default: return s;
    }
}

/* The role that sent the segment with this side, once roles are known.
 * (Inline, as the side's inverse below: both run several times a packet.) */
static inline td_role td_conv_role_of_side(const td_conv *conv, uint8_t side)
{
    if (!conv->roles_known || side > 1)
        return TD_ROLE_NONE;
    return side == conv->client_side ? TD_CLIENT : TD_SERVER;
}

/* The handshake RTT (the latest SYN to the ACK that completed the
 * handshake), or 0 while unknown. */
td_time td_conv_rtt(const td_conv *conv);

/* The time after which an unanswered event is a real problem rather than the
 * capture simply stopping: twice the handshake RTT, else 200 ms. */
td_time td_conv_answer_time(const td_conv *conv);

/* ---- Zeek's conn.log history (td_history.c) ------------------------------- */

/* The letters Zeek's conn.log writes in `history` for a connection: S (SYN),
 * H (SYN/ACK), A (pure ACK), D (data), F (FIN), R (RST), I (FIN and RST),
 * Q (SYN with FIN or RST). A, D, I and Q are written once per side; S, H,
 * F and R again whenever the sequence number differs from the last one of
 * that kind from that side. Kept apart from td_conv: fed with every segment
 * by the glue, rendered on demand. 24 bytes. */
#define TD_HISTORY_MAX 16
typedef struct td_history {
    uint64_t letters;      /* 4-bit codes (kind | side << 3) in order, the first in the low bits */
    uint16_t last[2][3];   /* per side: last SYN, FIN, RST sequence number, folded to 16 bits */
    uint16_t seen;         /* bit per (kind, side): its letter has been written */
    uint8_t count;         /* letters written (saturating); only the first TD_HISTORY_MAX are kept */
} td_history;

void td_history_init(td_history *h);

/* Notes one segment (in capture order); seg->side says who sent it. */
void td_history_note(td_history *h, const td_segment *seg);

/* Writes the history into `buf` (at most size - 1 letters and a NUL), upper
 * case for `upper_side` (the client's side, Zeek's originator); a '+' ends
 * it when more letters were written than kept. Returns its length. */
size_t td_history_string(const td_history *h, uint8_t upper_side, char *buf, size_t size);

/* ---- additions for the glue and the compact storage ---------------------- */

/* No side: a td_conv's rst_side before any accepted RST. */
#define TD_NO_SIDE 2

/* Sets of roles (td_result's entered_* fields): one bit per role. */
#define TD_ROLE_BIT(role) (1u << (role))
#define TD_BOTH_ROLES (TD_ROLE_BIT(TD_CLIENT) | TD_ROLE_BIT(TD_SERVER))

/* The side (0 or 1) of a role, once roles are known: the inverse of
 * td_conv_role_of_side. */
static inline uint8_t td_conv_side_of_role(const td_conv *conv, td_role role)
{
    return (uint8_t)(role == TD_CLIENT ? conv->client_side : conv->client_side ^ 1);
}

/* RFC 7323 2.3: a window scale shift above 14 is taken as 14. */
#define TD_WSCALE_MAX 14
static inline int8_t td_wscale_from_option(uint8_t shift)
{
    return (int8_t)(shift > TD_WSCALE_MAX ? TD_WSCALE_MAX : shift);
}

/* The entries of TD_ANOMALY_LIST that are the normal events of a close; the
 * rest are anomalies. Both are reported the same way (expert infos whose
 * names the spec fixes); only the words differ. */
#define TD_NORMAL_EVENTS                                                            \
    (TD_BIT(TD_A_CLOSE_ACTIVE) | TD_BIT(TD_A_CLOSE_PASSIVE) | TD_BIT(TD_A_CLOSE_SIMULTANEOUS) | \
     TD_BIT(TD_A_HALF_CLOSE) | TD_BIT(TD_A_TIME_WAIT))

/* ---- compact storage of results (td_store.c) ------------------------------ */

/* Most segments change nothing. A caller that keeps every segment's result
 * for later keeps a td_change only for a segment whose result cannot be
 * rebuilt from the change before it, and the whole td_result only when not
 * even the td_change can rebuild it. Changes are kept in frame order. */
typedef struct td_change {
    uint32_t frame;
    uint32_t anomalies;
    uint16_t fin_retransmission;
    uint8_t after[2];            /* td_state per role */
    uint8_t fin_of;              /* td_role, TD_ROLE_NONE */
    uint8_t entered_time_wait;   /* TD_ROLE_BIT set */
    uint8_t entered_close_wait;  /* TD_ROLE_BIT set */
    uint8_t full;                /* the change loses something: the whole result must be kept too */
} td_change;

/* The result of a segment from `sender` that came after the change `prev`
 * (NULL: none yet) and is the change `self` (NULL: it changed nothing). */
void td_change_rebuild(td_role sender, const td_change *prev, const td_change *self, td_result *out);

/* Whether nothing needs keeping for a segment with result `r` after `prev`:
 * false at the first segment, when there is no change to rebuild from. */
bool td_change_quiet(td_role sender, const td_change *prev, const td_result *r);

/* Fills `c` for the segment at `frame` with result `r`, after `prev`; sets
 * and returns c->full when `c` alone cannot rebuild `r` exactly. */
bool td_change_make(td_change *c, uint32_t frame, td_role sender, const td_change *prev, const td_result *r);

/* How many of the `n` changes (in frame order) are at or before `frame`:
 * the change that holds for `frame` is the one before that index. */
uint32_t td_change_count_upto(const td_change *changes, uint32_t n, uint32_t frame);

/* Two results are the same, field by field (padding is not compared). */
bool td_result_same(const td_result *a, const td_result *b);

/* ---- TLS close_notify at the end of a connection (td_tls.c) --------------- */

/* Whether a side sent a TLS close_notify before its FIN or RST (spec:
 * teardown.client.tls_close / teardown.server.tls_close). */
#define TD_TLS_CLOSE_LIST(X) \
    X(UNKNOWN, "unknown")    \
    X(YES, "yes")            \
    X(NO, "no")

typedef enum {
#define TD_X(name, label) TD_TLS_CLOSE_##name,
    TD_TLS_CLOSE_LIST(TD_X)
#undef TD_X
    TD_TLS_CLOSE_COUNT
} td_tls_close;

/* What a verdict rests on (the words say it; README: "TLS close"). */
#define TD_TLS_EVIDENCE_LIST(X)                                                              \
    X(NONE, "not closed yet")                                                                \
    X(DECRYPTED, "decrypted alert")                                                          \
    X(DECRYPTED_NONE, "decrypted: its last record was no alert")                             \
    X(CLEAR, "alert in clear (before encryption)")                                           \
    X(NOTHING_SENT, "it sent no TLS record")                                                 \
    X(MID_RECORD, "it closed in the middle of a record")                                     \
    X(NO_ALERT_RECORD, "its last record before the close was no alert record")               \
    X(ALERT_RECORD, "its last record was an encrypted alert: close_notify or a fatal alert") \
    X(NOT_ALERT_SIZED, "its last encrypted record is not the size of an alert (TLS 1.3)")    \
    X(ALERT_SIZED, "its last encrypted record has the size of an alert (TLS 1.3)")           \
    X(CAPTURE_GAP, "bytes missing from the capture")

typedef enum {
#define TD_X(name, text) TD_TLS_EV_##name,
    TD_TLS_EVIDENCE_LIST(TD_X)
#undef TD_X
    TD_TLS_EV_COUNT
} td_tls_evidence;

/* TLS alert descriptions the verdict needs by number. */
#define TD_TLS_ALERT_CLOSE_NOTIFY 0

/* One direction of a TLS connection: where the next record starts, what
 * the last complete record was, and the verdict once its sender closed. */
typedef struct td_tls_dir {
    uint32_t pos;            /* sequence number of the next byte to parse */
    uint32_t rec_left;       /* body bytes of the current record still to come */
    uint32_t close_frame;    /* its first FIN or RST (0: not closed) */
    uint32_t last_rec_frame; /* frame in which its last record completed */
    uint16_t last_len;       /* length field of its last complete record */
    uint16_t cur_len;
    uint8_t hdr[5];          /* a record header split across segments */
    uint8_t hdr_have;
    uint8_t cur_type;
    uint8_t last_type;       /* content type of its last complete record, 0 none */
    int16_t last_alert;      /* description of that record when known (clear or decrypted), -1 */
    uint8_t verdict;         /* td_tls_close, once closed */
    uint8_t evidence;        /* td_tls_evidence */
    bool started : 1;        /* pos is valid */
    bool lost : 1;           /* a gap or non-TLS bytes: the record boundaries are lost */
    bool closed : 1;
    bool decrypts : 1;       /* Wireshark decrypted its Finished: its alerts would be shown */
    bool closed_by_rst : 1;
    bool last_alert_decrypted : 1; /* last_alert came from Wireshark's decryption */
    bool last_rec_shown : 1;  /* Wireshark dissected (decrypted) its last record: its real type is known */
    bool truncated : 1;      /* closed without close_notify while the peer was still talking */
} td_tls_dir;

typedef struct td_tls {
    td_tls_dir dir[2];       /* by side */
    uint16_t version;        /* from the ServerHello: 0x0304 TLS 1.3, 0x0303 1.2, ..., 0 unknown */
} td_tls;

/* Whether the first payload of a connection is a TLS handshake record
 * (a ClientHello when the bytes show it). */
bool td_tls_looks_like_hello(const uint8_t *p, size_t n);

/* Starts following a connection whose first payload looked like TLS. */
void td_tls_init(td_tls *t);

/* The payload of one segment of side `side`: `data` holds the first
 * `caplen` of its `len` bytes, which start at sequence number `seq`. */
void td_tls_feed(td_tls *t, uint8_t side, uint32_t seq, const uint8_t *data, uint32_t caplen, uint32_t len,
                 uint32_t frame);

/* Wireshark decrypted (or read in clear) the alert `desc` sent by `side`
 * in `frame`, whose payload td_tls_feed has just taken. */
void td_tls_decrypted_alert(td_tls *t, uint8_t side, uint8_t desc, uint32_t frame);

/* Wireshark dissected records of `side` in `frame` (after td_tls_feed of
 * it), the last of real content type `type` (decrypted in TLS 1.3). A
 * record it holds back for reassembly is not shown, and then nothing is
 * known of it from the decryption. */
void td_tls_records_shown(td_tls *t, uint8_t side, uint8_t type, uint32_t frame);

/* Wireshark decrypted the Finished message of `side`: that direction's
 * records can be read, so an alert among the records it shows would have
 * been reported. */
void td_tls_decrypts(td_tls *t, uint8_t side);

/* `side` sent a FIN or RST (`rst`) in `frame`, after the payload and the
 * alerts of that frame were taken: the first one makes its verdict. */
void td_tls_close_side(td_tls *t, uint8_t side, bool rst, uint32_t frame);

const char *td_tls_close_name(td_tls_close c);
const char *td_tls_evidence_text(td_tls_evidence e);

#endif
