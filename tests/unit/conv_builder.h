/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test-only conversation builder shared by the engine and summary tests: it
 * puts a conversation into a known state so each test feeds one segment. */
#ifndef TD_CONV_BUILDER_H
#define TD_CONV_BUILDER_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "td_engine.h"

#define MS (TD_NS_PER_SEC / 1000)
#define SEC TD_NS_PER_SEC
/* Not zero: a zero timestamp is a sentinel in places, and real captures
 * never start at the epoch. */
#define T0 (1 * SEC)

#define CLI_PORT 40000
#define SRV_PORT 80
#define CLI_TTL 64
#define SRV_TTL 57 /* seven hops away, so a forged RST's TTL stands out */

#define CISN UINT32_C(1000)
#define SISN UINT32_C(5000)
/* First byte after each SYN: where the conversation's data starts. */
#define C1 (CISN + 1)
#define S1 (SISN + 1)

#define SYN ((uint16_t)TD_TH_SYN)
#define SYNACK ((uint16_t)(TD_TH_SYN | TD_TH_ACK))
#define ACK ((uint16_t)TD_TH_ACK)
#define PSHACK ((uint16_t)(TD_TH_PSH | TD_TH_ACK))
#define FINACK ((uint16_t)(TD_TH_FIN | TD_TH_ACK))
#define FINPSHACK ((uint16_t)(TD_TH_FIN | TD_TH_PSH | TD_TH_ACK))
#define RST ((uint16_t)TD_TH_RST)
#define RSTACK ((uint16_t)(TD_TH_RST | TD_TH_ACK))

/* Window scale 7 on both SYNs, and 502 << 7 = 64256 bytes of window after. */
#define WSCALE 7
#define WINDOW 502
#define SCALED_WINDOW (WINDOW << WSCALE)

typedef struct tconv {
    td_conv conv;
    td_config cfg;
    td_result res;    /* result of the last segment fed */
    uint32_t frame;   /* last frame number used */
    td_time now;      /* timestamp of the next segment */
    td_time step;     /* added to `now` after each segment */
    uint8_t cs;       /* side the client sends from */
} tconv;

static inline void tc_init(tconv *t)
{
    memset(t, 0, sizeof *t);
    td_conv_init(&t->conv);
    t->cfg.time_wait = 60 * SEC;
    t->cfg.close_wait = 5 * SEC;
    t->now = T0;
    /* Well above the 20 ms handshake RTT, so that by default no segment
     * looks like it crossed an RST in flight. */
    t->step = 100 * MS;
    t->cs = 0;
}

/* A segment with explicit side and ports, for tests about who is who. */
static inline td_segment seg_raw(uint8_t side, uint16_t sport, uint16_t dport, uint16_t flags,
                                 uint32_t seq, uint32_t ack, uint32_t len)
{
    td_segment s;
    memset(&s, 0, sizeof s);
    s.side = side;
    s.src_port = sport;
    s.dst_port = dport;
    s.flags = flags;
    s.seq = seq;
    s.ack = (flags & TD_TH_ACK) ? ack : 0;
    s.len = len;
    s.window = (flags & TD_TH_SYN) ? 64240 : WINDOW;
    s.wscale = (flags & TD_TH_SYN) ? WSCALE : -1;
    s.ttl = 64;
    s.ttl_known = true;
    return s;
}

/* A segment sent by one role of the usual client:40000 -> server:80 pair. */
static inline td_segment seg(const tconv *t, td_role who, uint16_t flags, uint32_t seq,
                             uint32_t ack, uint32_t len)
{
    bool cli = who == TD_CLIENT;
    td_segment s = seg_raw((uint8_t)(cli ? t->cs : t->cs ^ 1), cli ? CLI_PORT : SRV_PORT,
                           cli ? SRV_PORT : CLI_PORT, flags, seq, ack, len);
    s.ttl = cli ? CLI_TTL : SRV_TTL;
    return s;
}

static inline const td_result *feed(tconv *t, td_segment s)
{
    s.frame = ++t->frame;
    s.time = t->now;
    td_conv_feed(&t->conv, &t->cfg, &s, &t->res);
    t->now += t->step;
    return &t->res;
}

static inline const td_result *feed_at(tconv *t, td_time at, td_segment s)
{
    t->now = at;
    return feed(t, s);
}

static inline const td_result *cli(tconv *t, uint16_t flags, uint32_t seq, uint32_t ack,
                                   uint32_t len)
{
    return feed(t, seg(t, TD_CLIENT, flags, seq, ack, len));
}

static inline const td_result *srv(tconv *t, uint16_t flags, uint32_t seq, uint32_t ack,
                                   uint32_t len)
{
    return feed(t, seg(t, TD_SERVER, flags, seq, ack, len));
}

/* States compared by name, so a failure reads "FIN_WAIT_2" != "TIME_WAIT". */
#define assert_state(got, want) \
    assert_string_equal(td_state_name((td_state)(got)), td_state_name(want))

#define assert_states(res, client, server)          \
    do {                                            \
        assert_state((res)->after[TD_CLIENT], client); \
        assert_state((res)->after[TD_SERVER], server); \
    } while (0)

static inline const char *anomaly_list(uint32_t mask, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int a = 0; a < TD_ANOMALY_COUNT; a++) {
        if (!(mask & TD_BIT(a)))
            continue;
        int w = snprintf(buf + used, n - used, "%s%s", used ? "," : "",
                         td_anomaly_name((td_anomaly)a));
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
    if (mask >> TD_ANOMALY_COUNT)
        snprintf(buf + used, n - used, "%sunknown bits", used ? "," : "");
    return buf;
}

/* Exact anomaly masks compared by name, so a failure lists what differs. */
#define assert_anomalies(got, want)                               \
    do {                                                          \
        char got_[512], want_[512];                               \
        assert_string_equal(anomaly_list((got), got_, sizeof got_), \
                            anomaly_list((want), want_, sizeof want_)); \
    } while (0)

/* Client SYN at T0, SYN/ACK 10 ms later, ACK 10 ms after that: RTT 20 ms. */
static inline void handshake_isn(tconv *t, uint32_t cisn, uint32_t sisn)
{
    t->now = T0;
    t->step = 10 * MS;
    cli(t, SYN, cisn, 0, 0);
    srv(t, SYNACK, sisn, cisn + 1, 0);
    cli(t, ACK, cisn + 1, sisn + 1, 0);
    t->step = 100 * MS;
    t->now = T0 + 100 * MS;
    assert_states(&t->res, TD_ESTABLISHED, TD_ESTABLISHED);
}

static inline void handshake(tconv *t)
{
    handshake_isn(t, CISN, SISN);
}

/* The client closes first: FIN_WAIT_1 / ESTABLISHED. */
static inline void fin_wait_1(tconv *t)
{
    handshake(t);
    cli(t, FINACK, C1, S1, 0);
    assert_states(&t->res, TD_FIN_WAIT_1, TD_ESTABLISHED);
}

/* The server acknowledged the client's FIN: FIN_WAIT_2 / CLOSE_WAIT. */
static inline void fin_wait_2(tconv *t)
{
    fin_wait_1(t);
    srv(t, ACK, S1, C1 + 1, 0);
    assert_states(&t->res, TD_FIN_WAIT_2, TD_CLOSE_WAIT);
}

/* The server closed too: FIN_WAIT_2 / LAST_ACK. */
static inline void last_ack(tconv *t)
{
    fin_wait_2(t);
    srv(t, FINACK, S1, C1 + 1, 0);
    assert_states(&t->res, TD_FIN_WAIT_2, TD_LAST_ACK);
}

/* The client acknowledged the server's FIN: TIME_WAIT / CLOSED. */
static inline void time_wait(tconv *t)
{
    last_ack(t);
    cli(t, ACK, C1 + 1, S1 + 1, 0);
    assert_states(&t->res, TD_TIME_WAIT, TD_CLOSED);
}

/* Both FINs crossed, and the client acknowledged the server's:
 * CLOSING / FIN_WAIT_2 (the server has not yet shown it got the client's FIN). */
static inline void closing(tconv *t)
{
    fin_wait_1(t);
    srv(t, FINACK, S1, C1, 0);
    cli(t, ACK, C1 + 1, S1 + 1, 0);
    assert_states(&t->res, TD_CLOSING, TD_FIN_WAIT_2);
}

/* The server closes first and ends in TIME_WAIT: CLOSED / TIME_WAIT. */
static inline void server_time_wait(tconv *t)
{
    handshake(t);
    srv(t, FINACK, S1, C1, 0);
    cli(t, FINACK, C1, S1 + 1, 0);
    srv(t, ACK, S1 + 1, C1 + 1, 0);
    assert_states(&t->res, TD_CLOSED, TD_TIME_WAIT);
}

#endif
