/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for td_history.c: Zeek's conn.log history letters, each rule of
 * Zeek's documentation (conn.log `history`) pinned with the string Zeek
 * writes for that sequence of segments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "td_engine.h"

enum { C = 0, S = 1 }; /* sides: the client (originator) is side 0 here */
enum { SYN = TD_TH_SYN, ACK = TD_TH_ACK, FIN = TD_TH_FIN, RST = TD_TH_RST, PSH = TD_TH_PSH };

static void feed(td_history *h, uint8_t side, uint16_t flags, uint32_t seq, uint32_t len)
{
    td_segment seg;
    memset(&seg, 0, sizeof seg);
    seg.side = side;
    seg.flags = flags;
    seg.seq = seq;
    seg.len = len;
    td_history_note(h, &seg);
}

static const char *render(const td_history *h, uint8_t upper)
{
    static char buf[TD_HISTORY_MAX + 2];
    td_history_string(h, upper, buf, sizeof buf);
    return buf;
}

/* Handshake, a request and a response, then a four-segment close the client
 * begins: Zeek's most common history. */
static void test_history_graceful_client_first_ShADadFf(void **state)
{
    (void)state;
    td_history h;
    td_history_init(&h);
    feed(&h, C, SYN, 100, 0);
    feed(&h, S, SYN | ACK, 500, 0);
    feed(&h, C, ACK, 101, 0);
    feed(&h, C, PSH | ACK, 101, 10);
    feed(&h, S, ACK, 501, 0);
    feed(&h, S, PSH | ACK, 501, 20);
    feed(&h, C, ACK, 111, 0);        /* A already written */
    feed(&h, C, FIN | ACK, 111, 0);
    feed(&h, S, ACK, 521, 0);        /* a already written */
    feed(&h, S, FIN | ACK, 521, 0);
    feed(&h, C, ACK, 112, 0);
    assert_string_equal(render(&h, C), "ShADadFf");
}

/* The responder's letters are lower case: the same segments with the other
 * side as originator swap the case. */
static void test_history_case_follows_originator(void **state)
{
    (void)state;
    td_history h;
    td_history_init(&h);
    feed(&h, C, SYN, 100, 0);
    feed(&h, S, SYN | ACK, 500, 0);
    assert_string_equal(render(&h, C), "Sh");
    assert_string_equal(render(&h, S), "sH");
}

/* A SYN sent again with the same sequence number writes nothing; one with
 * a new number writes S again. */
static void test_history_syn_again_only_with_new_seq(void **state)
{
    (void)state;
    td_history h;
    td_history_init(&h);
    feed(&h, C, SYN, 100, 0);
    feed(&h, C, SYN, 100, 0);
    feed(&h, C, SYN, 100, 0);
    assert_string_equal(render(&h, C), "S");
    feed(&h, C, SYN, 7000, 0);
    assert_string_equal(render(&h, C), "SS");
}

/* A retransmitted FIN (same number after its data) writes nothing. The FIN's
 * number is after the data it carries: data+FIN then a bare FIN at the end
 * of that data is the same FIN. A FIN segment writes no D for its data. */
static void test_history_fin_number_is_after_its_data(void **state)
{
    (void)state;
    td_history h;
    td_history_init(&h);
    feed(&h, C, FIN | PSH | ACK, 101, 50);
    feed(&h, C, FIN | ACK, 151, 0);
    feed(&h, C, FIN | ACK, 151, 0);
    assert_string_equal(render(&h, C), "F");
    feed(&h, C, FIN | ACK, 400, 0);
    assert_string_equal(render(&h, C), "FF");
}

/* RSTs with different numbers each write R; the same number does not. */
static void test_history_rst_again_only_with_new_seq(void **state)
{
    (void)state;
    td_history h;
    td_history_init(&h);
    feed(&h, S, RST | ACK, 900, 0);
    feed(&h, S, RST, 900, 0);
    feed(&h, S, RST, 1900, 0);
    assert_string_equal(render(&h, C), "rr");
}

/* A and D are written once per side, however many follow. */
static void test_history_ack_and_data_once_per_side(void **state)
{
    (void)state;
    td_history h;
    td_history_init(&h);
    for (uint32_t i = 0; i < 5; i++) {
        feed(&h, C, PSH | ACK, 1 + 10 * i, 10);
        feed(&h, S, ACK, 1, 0);
    }
    feed(&h, C, ACK, 51, 0);
    assert_string_equal(render(&h, C), "DaA");
}

/* A segment with no ACK, no data and no SYN/FIN/RST writes nothing. */
static void test_history_bare_segment_writes_nothing(void **state)
{
    (void)state;
    td_history h;
    td_history_init(&h);
    feed(&h, C, 0, 1, 0);
    assert_string_equal(render(&h, C), "");
}

/* FIN and RST together is I; SYN with FIN or RST is Q; each once. */
static void test_history_inconsistent_and_multi_flag_once(void **state)
{
    (void)state;
    td_history h;
    td_history_init(&h);
    feed(&h, C, FIN | RST | ACK, 1, 0);
    feed(&h, C, FIN | RST, 9, 0);
    feed(&h, S, SYN | FIN, 5, 0);
    feed(&h, S, SYN | RST, 6, 0);
    feed(&h, C, SYN | FIN | RST, 6, 0); /* FIN and RST: I, already written */
    assert_string_equal(render(&h, C), "Iq");
}

/* The SYN/ACK shares the SYN's bookkeeping: an originator that sent a SYN
 * and then a SYN/ACK with a new number writes H; with the same number,
 * nothing. */
static void test_history_synack_shares_syn_number(void **state)
{
    (void)state;
    td_history h;
    td_history_init(&h);
    feed(&h, C, SYN, 100, 0);
    feed(&h, C, SYN | ACK, 100, 0);
    assert_string_equal(render(&h, C), "S");
    feed(&h, C, SYN | ACK, 300, 0);
    assert_string_equal(render(&h, C), "SH");
}

/* Past TD_HISTORY_MAX letters the rest are counted and shown as '+'. */
static void test_history_overflow_marked(void **state)
{
    (void)state;
    td_history h;
    td_history_init(&h);
    for (uint32_t i = 0; i < TD_HISTORY_MAX + 3; i++)
        feed(&h, C, RST, 1000 * (i + 1), 0);
    const char *s = render(&h, C);
    assert_int_equal(strlen(s), TD_HISTORY_MAX + 1);
    assert_int_equal(s[TD_HISTORY_MAX], '+');
    assert_int_equal(s[0], 'R');
}

/* The per-connection cost stays a few bytes. */
static void test_history_size_budget(void **state)
{
    (void)state;
    assert_true(sizeof(td_history) <= 24);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_history_graceful_client_first_ShADadFf),
        cmocka_unit_test(test_history_case_follows_originator),
        cmocka_unit_test(test_history_syn_again_only_with_new_seq),
        cmocka_unit_test(test_history_fin_number_is_after_its_data),
        cmocka_unit_test(test_history_rst_again_only_with_new_seq),
        cmocka_unit_test(test_history_ack_and_data_once_per_side),
        cmocka_unit_test(test_history_bare_segment_writes_nothing),
        cmocka_unit_test(test_history_inconsistent_and_multi_flag_once),
        cmocka_unit_test(test_history_synack_shares_syn_number),
        cmocka_unit_test(test_history_overflow_marked),
        cmocka_unit_test(test_history_size_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
