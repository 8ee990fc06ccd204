/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of td_cause.c: the known idle timers, and the cause judged
 * from the evidence the state machine records, one cause per test. */
#include "conv_builder.h"

static td_summary summary_at(tconv *t, td_time end)
{
    td_summary s;
    td_conv_summarize(&t->conv, &t->cfg, end, &s);
    return s;
}

#define assert_cause(s, want) assert_string_equal(td_cause_name((s).cause), td_cause_name(want))
#define assert_stage(s, want) \
    assert_string_equal(td_abort_stage_name((s).abort_stage), td_abort_stage_name(want))

static td_idle_timer timers[8];

static void with_timers(tconv *t)
{
    t->cfg.idle = 30 * SEC;
    t->cfg.n_timers = td_idle_timers_parse("350 AWS NLB; 5 Apache", timers, 8);
    t->cfg.timers = timers;
}

/* One request and its answer: both sides have sent data. */
static void exchange(tconv *t)
{
    cli(t, PSHACK, C1, S1, 100);
    srv(t, PSHACK, S1, C1 + 100, 200);
    cli(t, ACK, C1 + 100, S1 + 200, 0);
}

static void test_timers_parse_skips_what_does_not_parse(void **state)
{
    (void)state;
    td_idle_timer tm[4];
    size_t n = td_idle_timers_parse(" 350  AWS NLB idle timeout ;\nbad entry; 0 zero; 4.5 half\n;75 nginx", tm, 4);
    assert_int_equal(n, 3);
    assert_int_equal(tm[0].ms, 350000);
    assert_string_equal(tm[0].name, "AWS NLB idle timeout");
    assert_int_equal(tm[1].ms, 4500);
    assert_string_equal(tm[1].name, "half");
    assert_string_equal(tm[2].name, "nginx");
    assert_int_equal(td_idle_timers_parse("", tm, 4), 0);
    assert_int_equal(td_idle_timers_parse("1 a;2 b;3 c", tm, 2), 2);
}

static void test_timer_match_tolerance(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    with_timers(&t);
    /* 3 % of 350 s either way; 250 ms at least for short timers. */
    assert_non_null(td_idle_timer_match(&t.cfg, 360 * SEC));
    assert_string_equal(td_idle_timer_match(&t.cfg, 341 * SEC)->name, "AWS NLB");
    assert_null(td_idle_timer_match(&t.cfg, 338 * SEC));
    assert_string_equal(td_idle_timer_match(&t.cfg, 5200 * MS)->name, "Apache");
    assert_null(td_idle_timer_match(&t.cfg, 5300 * MS));
}

static void test_fin_after_idle_is_idle_close(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    with_timers(&t);
    handshake(&t);
    exchange(&t);
    t.now += 40 * SEC;
    const td_result *r = srv(&t, FINACK, S1 + 200, C1 + 100, 0);
    assert_true(r->anomalies & TD_BIT(TD_A_IDLE_TIMEOUT));
    td_summary s = summary_at(&t, t.now);
    assert_cause(s, TD_CAUSE_IDLE_CLOSE);
    assert_int_equal(s.cause_role, TD_SERVER);
    assert_true(s.idle_known);
    assert_int_equal(s.idle_before_close, 40100 * MS);
    assert_int_equal(s.idle_from_frame, 6);
    assert_int_equal(s.idle_to_frame, 7);
    assert_null(s.idle_timer);
    assert_stage(s, TD_STAGE_NONE);
}

static void test_fin_without_idle_is_app_close(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    with_timers(&t);
    handshake(&t);
    exchange(&t);
    const td_result *r = cli(&t, FINACK, C1 + 100, S1 + 200, 0);
    assert_false(r->anomalies & TD_BIT(TD_A_IDLE_TIMEOUT));
    td_summary s = summary_at(&t, t.now);
    assert_cause(s, TD_CAUSE_APP_CLOSE);
    assert_int_equal(s.cause_frame, 7);
}

/* A known timer names a silence below the threshold too (Apache's 5 s). */
static void test_short_known_timer_is_idle_close(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    with_timers(&t);
    handshake(&t);
    exchange(&t);
    t.now += 4900 * MS; /* 5.0 s after the last segment */
    const td_result *r = srv(&t, FINACK, S1 + 200, C1 + 100, 0);
    assert_false(r->anomalies & TD_BIT(TD_A_IDLE_TIMEOUT)); /* below 30 s: no warning */
    td_summary s = summary_at(&t, t.now);
    assert_cause(s, TD_CAUSE_IDLE_CLOSE);
    assert_string_equal(s.idle_timer->name, "Apache");
}

/* A middlebox that forgot the flow answers the first request after the
 * silence: the silence that counts ends at that request. */
static void test_rst_answering_request_after_idle_is_idle_reset(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    with_timers(&t);
    handshake(&t);
    exchange(&t);
    t.now += 350 * SEC;
    cli(&t, PSHACK, C1 + 100, S1 + 200, 100);
    t.now -= 99 * MS; /* 1 ms later, within the answer time */
    td_segment rst = seg(&t, TD_SERVER, RST, S1 + 200, 0, 0);
    rst.ttl = 64; /* not the server's 57: a middlebox */
    const td_result *r = feed(&t, rst);
    assert_true(r->anomalies & TD_BIT(TD_A_RST_MIDDLEBOX));
    assert_true(r->anomalies & TD_BIT(TD_A_IDLE_TIMEOUT));
    td_summary s = summary_at(&t, t.now);
    assert_cause(s, TD_CAUSE_IDLE_RESET);
    assert_int_equal(s.idle_from_frame, 6);
    assert_int_equal(s.idle_to_frame, 7);
    assert_string_equal(s.idle_timer->name, "AWS NLB");
    assert_stage(s, TD_STAGE_MID_FLOW);
}

static void test_middlebox_rst_without_idle(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    with_timers(&t);
    handshake(&t);
    exchange(&t);
    td_segment rst = seg(&t, TD_SERVER, RST, S1 + 200, 0, 0);
    rst.ttl = 64;
    feed(&t, rst);
    td_summary s = summary_at(&t, t.now);
    assert_cause(s, TD_CAUSE_MIDDLEBOX_RESET);
}

/* The server's idle FIN crosses the client's next request; the server, its
 * socket closed, answers the request with RST. */
static void test_data_crossing_fin_then_rst_is_keepalive_race(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    with_timers(&t);
    handshake(&t);
    exchange(&t);
    srv(&t, FINACK, S1 + 200, C1 + 100, 0);
    cli(&t, PSHACK, C1 + 100, S1 + 200, 100); /* does not acknowledge the FIN */
    const td_result *r = srv(&t, RSTACK, S1 + 201, 0, 0);
    assert_true(r->anomalies & TD_BIT(TD_A_KEEPALIVE_RACE));
    td_summary s = summary_at(&t, t.now);
    assert_cause(s, TD_CAUSE_KEEPALIVE_RACE);
    assert_int_equal(s.cause_role, TD_SERVER);
}

/* The same data sent after the FIN was taken in: data to a closed socket. */
static void test_data_after_taken_fin_then_rst_is_data_after_close(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    exchange(&t);
    srv(&t, FINACK, S1 + 200, C1 + 100, 0);
    cli(&t, ACK, C1 + 100, S1 + 201, 0);
    cli(&t, PSHACK, C1 + 100, S1 + 201, 100);
    srv(&t, RSTACK, S1 + 201, 0, 0);
    td_summary s = summary_at(&t, t.now);
    assert_cause(s, TD_CAUSE_DATA_AFTER_CLOSE);
}

static void test_rst_stages(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    cli(&t, RSTACK, C1, S1, 0);
    td_summary s = summary_at(&t, t.now);
    assert_cause(s, TD_CAUSE_ABORT);
    assert_stage(s, TD_STAGE_AFTER_HANDSHAKE);

    tc_init(&t);
    handshake(&t);
    cli(&t, PSHACK, C1, S1, 100);
    srv(&t, ACK, S1, C1 + 100, 0);
    cli(&t, RSTACK, C1 + 100, S1, 0);
    s = summary_at(&t, t.now);
    assert_cause(s, TD_CAUSE_ABORT);
    assert_stage(s, TD_STAGE_FIRST_DATA);

    /* The server took the request in, never sent a byte, and reset. */
    tc_init(&t);
    handshake(&t);
    cli(&t, PSHACK, C1, S1, 100);
    srv(&t, ACK, S1, C1 + 100, 0);
    srv(&t, RSTACK, S1, C1 + 100, 0);
    s = summary_at(&t, t.now);
    assert_cause(s, TD_CAUSE_UNREAD_DATA);
    assert_int_equal(s.cause_role, TD_SERVER);
}

static void test_retransmitted_then_silent_is_retransmission_timeout(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    exchange(&t);
    cli(&t, PSHACK, C1 + 100, S1 + 200, 100);
    td_time gap = 200 * MS;
    for (int i = 0; i < 4; i++) {
        t.now += gap - t.step;
        cli(&t, PSHACK, C1 + 100, S1 + 200, 100);
        gap *= 2;
    }
    /* Not yet: the next copy could still come. */
    td_summary s = summary_at(&t, t.now + 2 * SEC);
    assert_cause(s, TD_CAUSE_OPEN);
    s = summary_at(&t, t.now + 10 * SEC);
    assert_cause(s, TD_CAUSE_RETRANSMISSION_TIMEOUT);
    assert_int_equal(s.retransmissions_before_close, 4);
    assert_int_equal(s.retx_frame, 7);
    assert_int_equal(s.retx_span, 3000 * MS);
    assert_int_equal(s.cause_frame, 7);
    assert_stage(s, TD_STAGE_MID_FLOW);
}

static void test_probes_unanswered_then_rst_is_keepalive_timeout(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    exchange(&t);
    t.step = SEC;
    for (int i = 0; i < 3; i++) {
        const td_result *r = cli(&t, ACK, C1 + 99, S1 + 200, 0);
        assert_int_equal(r->anomalies, 0);
    }
    assert_int_equal(t.conv.ep[0].ka_probes, 3);
    assert_int_equal(t.conv.ep[0].retx_run, 0);
    const td_result *r = cli(&t, RSTACK, C1 + 100, S1 + 200, 0);
    assert_true(r->anomalies & TD_BIT(TD_A_KEEPALIVE_TIMEOUT));
    td_summary s = summary_at(&t, t.now);
    assert_cause(s, TD_CAUSE_KEEPALIVE_TIMEOUT);
    assert_int_equal(s.keepalive_probes, 3);
}

static void test_answered_probe_resets_the_count(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    exchange(&t);
    cli(&t, ACK, C1 + 99, S1 + 200, 0);
    srv(&t, ACK, S1 + 200, C1 + 100, 0);
    assert_int_equal(t.conv.ep[0].ka_probes, 0);
}

static void test_syn_retries_unanswered(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    t.step = SEC;
    cli(&t, SYN, CISN, 0, 0);
    cli(&t, SYN, CISN, 0, 0);
    cli(&t, SYN, CISN, 0, 0);
    td_summary s = summary_at(&t, t.now);
    assert_cause(s, TD_CAUSE_UNANSWERED);
    assert_int_equal(s.syn_retries, 2);
    assert_true(s.syn_seen);
    assert_stage(s, TD_STAGE_HANDSHAKE);
}

/* A new connection from the same port meets the old one still open on the
 * server: challenge ACK, the client's RST at that ACK, its SYN again. */
static void test_stale_state_dance(void **state)
{
    (void)state;
    tconv old;
    tc_init(&old);
    handshake(&old);
    exchange(&old);

    tconv t;
    tc_init(&t);
    t.frame = old.frame;
    t.now = old.now + 5 * SEC;
    t.step = MS;
    cli(&t, SYN, 90000, 0, 0);
    srv(&t, ACK, S1 + 200, C1 + 100, 0); /* the old connection's numbers */
    td_segment rst = seg(&t, TD_CLIENT, RST, C1 + 100, 0, 0);
    const td_result *r = feed(&t, rst);
    assert_true(r->anomalies & TD_BIT(TD_A_STALE_STATE));
    assert_states(r, TD_SYN_SENT, TD_CLOSED); /* RFC 9293 3.10.7.3: it stays in SYN_SENT */
    td_segment last_rst = rst;
    last_rst.frame = t.frame;
    last_rst.time = t.now - t.step;
    td_conv_reset_stale(&old.conv, &last_rst);
    t.now += 10 * MS;
    cli(&t, SYN, 90000, 0, 0);
    srv(&t, SYNACK, 70000, 90001, 0);
    r = cli(&t, ACK, 90001, 70001, 0);
    assert_states(r, TD_ESTABLISHED, TD_ESTABLISHED);

    td_summary s = summary_at(&t, t.now);
    assert_cause(s, TD_CAUSE_OPEN);
    assert_int_equal(s.stale_delay, 13 * MS);
    s = summary_at(&old, t.now);
    assert_cause(s, TD_CAUSE_STALE_STATE);
    assert_int_equal(s.final_state[TD_SERVER], TD_CLOSED);
    assert_int_equal(s.rst_frame, last_rst.frame);
}

/* Wireshark 4.4 numbers the dance a stream of its own, and the same SYN
 * again the next: the dance's stream is the stale state, the next one
 * carries the time lost, and the attempt moves on to it. */
static void test_stale_state_dance_in_a_stream_of_its_own(void **state)
{
    (void)state;
    tconv dance;
    tc_init(&dance);
    dance.step = MS;
    cli(&dance, SYN, 90000, 0, 0);
    srv(&dance, ACK, S1 + 200, C1 + 100, 0);
    cli(&dance, RST, C1 + 100, 0, 0);
    td_summary s = summary_at(&dance, dance.now);
    assert_cause(s, TD_CAUSE_STALE_STATE);
    assert_stage(s, TD_STAGE_HANDSHAKE);
    assert_int_equal(s.final_state[TD_CLIENT], TD_SYN_SENT);

    tconv next;
    tc_init(&next);
    next.frame = dance.frame;
    next.now = dance.now + 10 * MS;
    td_segment syn = seg(&next, TD_CLIENT, SYN, 90000, 0, 0);
    syn.frame = ++next.frame;
    syn.time = next.now;
    td_conv_feed(&next.conv, &next.cfg, &syn, &next.res);
    td_conv_check_reuse(&next.conv, &dance.conv, &next.cfg, &syn, &next.res);
    next.now += next.step;
    srv(&next, SYNACK, 70000, 90001, 0);
    cli(&next, ACK, 90001, 70001, 0);
    s = summary_at(&next, next.now);
    assert_cause(s, TD_CAUSE_OPEN);
    assert_int_equal(s.stale_delay, 13 * MS);
    s = summary_at(&dance, next.now);
    assert_int_equal(s.final_state[TD_CLIENT], TD_CLOSED);
    assert_cause(s, TD_CAUSE_STALE_STATE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timers_parse_skips_what_does_not_parse),
        cmocka_unit_test(test_timer_match_tolerance),
        cmocka_unit_test(test_fin_after_idle_is_idle_close),
        cmocka_unit_test(test_fin_without_idle_is_app_close),
        cmocka_unit_test(test_short_known_timer_is_idle_close),
        cmocka_unit_test(test_rst_answering_request_after_idle_is_idle_reset),
        cmocka_unit_test(test_middlebox_rst_without_idle),
        cmocka_unit_test(test_data_crossing_fin_then_rst_is_keepalive_race),
        cmocka_unit_test(test_data_after_taken_fin_then_rst_is_data_after_close),
        cmocka_unit_test(test_rst_stages),
        cmocka_unit_test(test_retransmitted_then_silent_is_retransmission_timeout),
        cmocka_unit_test(test_probes_unanswered_then_rst_is_keepalive_timeout),
        cmocka_unit_test(test_answered_probe_resets_the_count),
        cmocka_unit_test(test_syn_retries_unanswered),
        cmocka_unit_test(test_stale_state_dance),
        cmocka_unit_test(test_stale_state_dance_in_a_stream_of_its_own),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
