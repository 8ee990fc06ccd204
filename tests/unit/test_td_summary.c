/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for td_summary.c: how a whole conversation is judged at the end of
 * the capture (outcome, Zeek conn_state, timings, deferred anomalies). */
#include "conv_builder.h"

static td_summary summarize(const tconv *t, td_time end)
{
    td_summary s;
    td_conv_summarize(&t->conv, &t->cfg, end, &s);
    return s;
}

/* The time of the last segment fed. */
static td_time last(const tconv *t)
{
    return t->conv.last_time;
}

#define assert_outcome(got, want) assert_string_equal(td_outcome_name(got), td_outcome_name(want))
#define assert_conn_state(got, want) \
    assert_string_equal(td_conn_state_name(got), td_conn_state_name(want))
#define assert_final(s, client, server)                  \
    do {                                                 \
        assert_state((s).final_state[TD_CLIENT], client); \
        assert_state((s).final_state[TD_SERVER], server); \
    } while (0)

/* ---- outcome and conn_state ------------------------------------------- */

static void test_established_summarized_open_s1(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    td_summary s = summarize(&t, last(&t) + 1 * SEC);
    assert_outcome(s.outcome, TD_OUTCOME_OPEN);
    assert_conn_state(s.conn_state, TD_CS_S1);
    assert_int_equal(s.initiator, TD_ROLE_NONE);
    assert_final(s, TD_ESTABLISHED, TD_ESTABLISHED);
    assert_anomalies(s.anomalies, 0);
    assert_int_equal(s.first_close_frame, 0);
    assert_int_equal(s.rst_frame, 0);
    assert_int_equal(s.close_duration, 0);
    assert_int_equal(s.time_wait_holder, TD_ROLE_NONE);
    assert_false(s.midstream);
}

static void test_graceful_close_summarized_graceful_sf(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    feed_at(&t, T0 + 1 * SEC, seg(&t, TD_CLIENT, FINACK, C1, S1, 0));
    feed_at(&t, T0 + 1 * SEC + 30 * MS, seg(&t, TD_SERVER, ACK, S1, C1 + 1, 0));
    feed_at(&t, T0 + 2 * SEC, seg(&t, TD_SERVER, FINACK, S1, C1 + 1, 0));
    feed_at(&t, T0 + 2 * SEC + 5 * MS, seg(&t, TD_CLIENT, ACK, C1 + 1, S1 + 1, 0));
    td_summary s = summarize(&t, last(&t) + 10 * SEC);
    assert_outcome(s.outcome, TD_OUTCOME_GRACEFUL);
    assert_conn_state(s.conn_state, TD_CS_SF);
    assert_int_equal(s.initiator, TD_CLIENT);
    assert_final(s, TD_TIME_WAIT, TD_CLOSED);
    assert_anomalies(s.anomalies, TD_BIT(TD_A_CLOSE_ACTIVE) | TD_BIT(TD_A_CLOSE_PASSIVE) |
                                      TD_BIT(TD_A_TIME_WAIT));
    assert_true(s.fin_sent[TD_CLIENT] && s.fin_sent[TD_SERVER]);
    assert_true(s.fin_acked[TD_CLIENT] && s.fin_acked[TD_SERVER]);
    assert_int_equal(s.fin_frame[TD_CLIENT], 4);
    assert_int_equal(s.fin_frame[TD_SERVER], 6);
    assert_int_equal(s.fin_ack_frame[TD_CLIENT], 5);
    assert_int_equal(s.fin_ack_frame[TD_SERVER], 7);
    assert_int_equal(s.fin_ack_delay[TD_CLIENT], 30 * MS);
    assert_int_equal(s.fin_ack_delay[TD_SERVER], 5 * MS);
    assert_int_equal(s.fin_retransmissions[TD_CLIENT], 0);
    assert_int_equal(s.fin_retransmissions[TD_SERVER], 0);
    assert_int_equal(s.first_close_frame, 4);
    assert_int_equal(s.close_duration, 1 * SEC + 5 * MS);
    assert_int_equal(s.rst_frame, 0);
    assert_int_equal(s.time_wait_holder, TD_CLIENT);
    assert_int_equal(s.time_wait_linger, 10 * SEC);
    /* The server closed 970 ms after the client's FIN reached it. */
    assert_int_equal(s.close_wait_time[TD_SERVER], 970 * MS);
    assert_false(s.close_wait_stuck[TD_SERVER]);
    assert_false(s.half_close);
    assert_int_equal(s.capture_left_after[TD_CLIENT], 0);
    assert_int_equal(s.capture_left_after[TD_SERVER], 0);
}

static void test_fin_wait_2_summarized_half_closed_s2(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_2(&t);
    td_summary s = summarize(&t, last(&t) + 1 * SEC);
    assert_outcome(s.outcome, TD_OUTCOME_HALF_CLOSED);
    assert_conn_state(s.conn_state, TD_CS_S2);
    assert_int_equal(s.initiator, TD_CLIENT);
    assert_final(s, TD_FIN_WAIT_2, TD_CLOSE_WAIT);
    assert_true(s.fin_sent[TD_CLIENT]);
    assert_false(s.fin_sent[TD_SERVER]);
    assert_int_equal(s.fin_frame[TD_SERVER], 0);
}

static void test_server_fin_summarized_half_closed_s3(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    srv(&t, FINACK, S1, C1, 0);
    cli(&t, ACK, C1, S1 + 1, 0);
    td_summary s = summarize(&t, last(&t));
    assert_outcome(s.outcome, TD_OUTCOME_HALF_CLOSED);
    assert_conn_state(s.conn_state, TD_CS_S3);
    assert_int_equal(s.initiator, TD_SERVER);
    assert_final(s, TD_CLOSE_WAIT, TD_FIN_WAIT_2);
    assert_int_equal(s.first_close_frame, 4);
}

static void test_last_ack_summarized_incomplete_sf(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    /* The server's FIN acknowledges the client's; its own is never acked. */
    srv(&t, FINACK, S1, C1 + 1, 0);
    td_time fin = last(&t);
    td_summary s = summarize(&t, fin + 5 * SEC);
    assert_outcome(s.outcome, TD_OUTCOME_INCOMPLETE);
    assert_conn_state(s.conn_state, TD_CS_SF);
    assert_final(s, TD_FIN_WAIT_2, TD_LAST_ACK);
    assert_true(s.fin_acked[TD_CLIENT]);
    assert_false(s.fin_acked[TD_SERVER]);
    assert_int_equal(s.fin_ack_frame[TD_SERVER], 0);
    assert_int_equal(s.fin_ack_delay[TD_SERVER], 0);
    assert_true(s.anomalies & TD_BIT(TD_A_FIN_UNACKED));
    assert_int_equal(s.capture_left_after[TD_SERVER], 5 * SEC);
    assert_int_equal(s.capture_left_after[TD_CLIENT], 0);
    assert_false(s.capture_edge[TD_SERVER]);
}

static void test_established_client_rst_summarized_reset_rsto(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    cli(&t, RSTACK, C1, S1, 0);
    td_summary s = summarize(&t, last(&t));
    assert_outcome(s.outcome, TD_OUTCOME_RESET);
    assert_conn_state(s.conn_state, TD_CS_RSTO);
    assert_int_equal(s.initiator, TD_CLIENT);
    assert_final(s, TD_CLOSED, TD_CLOSED);
    assert_int_equal(s.rst_frame, 4);
    assert_int_equal(s.first_close_frame, 4);
    assert_anomalies(s.anomalies, TD_BIT(TD_A_RST_ABORT));
}

static void test_established_server_rst_summarized_reset_rstr(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    srv(&t, RSTACK, S1, C1, 0);
    td_summary s = summarize(&t, last(&t));
    assert_outcome(s.outcome, TD_OUTCOME_RESET);
    assert_conn_state(s.conn_state, TD_CS_RSTR);
    assert_int_equal(s.initiator, TD_SERVER);
    assert_final(s, TD_CLOSED, TD_CLOSED);
    assert_int_equal(s.rst_frame, 4);
}

static void test_fin_wait_2_server_rst_summarized_reset_rstr(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_2(&t);
    srv(&t, RSTACK, S1, C1 + 1, 0);
    td_summary s = summarize(&t, last(&t));
    assert_outcome(s.outcome, TD_OUTCOME_RESET);
    assert_conn_state(s.conn_state, TD_CS_RSTR);
    /* The client's FIN came first. */
    assert_int_equal(s.initiator, TD_CLIENT);
    assert_int_equal(s.rst_frame, 6);
    assert_int_equal(s.first_close_frame, 4);
    assert_true(s.anomalies & TD_BIT(TD_A_RST_AFTER_FIN));
}

static void test_established_rst_ignored_summarized_open_rstr(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    srv(&t, RSTACK, S1, C1, 0);
    t.now += 1 * SEC;
    cli(&t, PSHACK, C1, S1, 100);
    td_summary s = summarize(&t, last(&t));
    /* The RST ended nothing, but the server did try to abort. */
    assert_outcome(s.outcome, TD_OUTCOME_OPEN);
    assert_conn_state(s.conn_state, TD_CS_RSTR);
    assert_int_equal(s.rst_frame, 0);
    assert_final(s, TD_ESTABLISHED, TD_CLOSED);
}

static void test_syn_sent_rst_summarized_refused_rej(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    srv(&t, RSTACK, 0, C1, 0);
    td_summary s = summarize(&t, last(&t));
    assert_outcome(s.outcome, TD_OUTCOME_REFUSED);
    assert_conn_state(s.conn_state, TD_CS_REJ);
    assert_int_equal(s.initiator, TD_SERVER);
    assert_final(s, TD_CLOSED, TD_CLOSED);
    assert_int_equal(s.rst_frame, 2);
    assert_anomalies(s.anomalies, TD_BIT(TD_A_RST_REFUSED));
}

static void test_syn_sent_summarized_unanswered_s0(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    t.now += 1 * SEC;
    cli(&t, SYN, CISN, 0, 0);
    /* The next SYN is due 2 s after the second: 1.5 s of silence proves nothing. */
    td_summary s = summarize(&t, last(&t) + 1500 * MS);
    assert_outcome(s.outcome, TD_OUTCOME_UNANSWERED);
    assert_conn_state(s.conn_state, TD_CS_S0);
    assert_int_equal(s.initiator, TD_ROLE_NONE);
    assert_final(s, TD_SYN_SENT, TD_CLOSED);
    assert_false(s.gave_up[TD_CLIENT]);
    assert_int_equal(s.retransmissions[TD_CLIENT], 1);
    assert_anomalies(s.anomalies, 0);
}

static void test_syn_sent_silent_past_next_retry_summarized_gave_up(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    t.now += 1 * SEC;
    cli(&t, SYN, CISN, 0, 0);
    t.now += 2 * SEC;
    cli(&t, SYN, CISN, 0, 0);
    /* Linux doubles the interval: the fourth SYN was due 4 s after the third;
     * none by 10 s means connect() gave up (ETIMEDOUT) and sent nothing. */
    td_summary s = summarize(&t, last(&t) + 10 * SEC);
    assert_outcome(s.outcome, TD_OUTCOME_UNANSWERED);
    assert_final(s, TD_CLOSED, TD_CLOSED);
    assert_true(s.gave_up[TD_CLIENT]);
    assert_int_equal(s.retransmissions[TD_CLIENT], 2);
    assert_true(s.silence_after[TD_CLIENT] == 10 * SEC);
}

static void test_syn_sent_client_rst_summarized_unanswered_rstos0(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    cli(&t, RST, C1, 0, 0);
    td_summary s = summarize(&t, last(&t));
    assert_outcome(s.outcome, TD_OUTCOME_UNANSWERED);
    assert_conn_state(s.conn_state, TD_CS_RSTOS0);
    assert_int_equal(s.initiator, TD_CLIENT);
    assert_final(s, TD_CLOSED, TD_CLOSED);
}

static void test_syn_sent_fin_summarized_unanswered_sh(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    /* A bare FIN, as probes send: nothing in it claims an answer came. */
    cli(&t, (uint16_t)TD_TH_FIN, C1, 0, 0);
    td_summary s = summarize(&t, last(&t));
    assert_outcome(s.outcome, TD_OUTCOME_UNANSWERED);
    assert_conn_state(s.conn_state, TD_CS_SH);
    assert_int_equal(s.initiator, TD_CLIENT);
    assert_final(s, TD_FIN_WAIT_1, TD_CLOSED);
}

/* A capture that saw only the client's direction: its ACK shows the SYN was
 * answered, but no SYN-ACK was seen, and the spec's SH (like Zeek's, whose
 * responder stays inactive) is defined by what was seen. */
static void test_one_sided_capture_client_fin_summarized_sh(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    cli(&t, ACK, C1, S1, 0);
    cli(&t, PSHACK, C1, S1, 100);
    cli(&t, FINACK, C1 + 100, S1, 0);
    td_summary s = summarize(&t, last(&t));
    assert_conn_state(s.conn_state, TD_CS_SH);
    assert_outcome(s.outcome, TD_OUTCOME_HALF_CLOSED);
    assert_int_equal(s.initiator, TD_CLIENT);
}

static void test_lone_synack_rst_summarized_reset_rstrh(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    srv(&t, SYNACK, SISN, C1, 0);
    srv(&t, RSTACK, S1, C1, 0);
    td_summary s = summarize(&t, last(&t));
    assert_outcome(s.outcome, TD_OUTCOME_RESET);
    assert_conn_state(s.conn_state, TD_CS_RSTRH);
    assert_int_equal(s.initiator, TD_SERVER);
    assert_int_equal(s.rst_frame, 2);
}

static void test_lone_synack_fin_summarized_half_closed_shr(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    srv(&t, SYNACK, SISN, C1, 0);
    srv(&t, FINACK, S1, C1, 0);
    td_summary s = summarize(&t, last(&t));
    assert_outcome(s.outcome, TD_OUTCOME_HALF_CLOSED);
    assert_conn_state(s.conn_state, TD_CS_SHR);
    assert_int_equal(s.initiator, TD_SERVER);
    assert_true(s.fin_sent[TD_SERVER]);
}

static void test_midstream_summarized_open_oth(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, PSHACK, C1, S1, 100);
    srv(&t, ACK, S1, C1 + 100, 0);
    td_summary s = summarize(&t, last(&t));
    assert_outcome(s.outcome, TD_OUTCOME_OPEN);
    assert_conn_state(s.conn_state, TD_CS_OTH);
    assert_true(s.midstream);
    assert_int_equal(s.initiator, TD_ROLE_NONE);
    assert_final(s, TD_ESTABLISHED, TD_ESTABLISHED);
}

static void test_midstream_rst_summarized_reset_rstr(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, PSHACK, C1, S1, 100);
    srv(&t, RSTACK, S1, C1 + 100, 0);
    td_summary s = summarize(&t, last(&t));
    assert_outcome(s.outcome, TD_OUTCOME_RESET);
    assert_conn_state(s.conn_state, TD_CS_RSTR);
    assert_true(s.midstream);
}

/* Nothing shows the client got the SYN/ACK: as unanswered as evidence tells. */
static void test_synack_without_ack_summarized_unanswered_oth(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    srv(&t, SYNACK, SISN, C1, 0);
    td_summary s = summarize(&t, last(&t));
    /* Zeek: orig SYN_SENT, resp SYN_ACK_SENT is neither S0 nor S1. */
    assert_outcome(s.outcome, TD_OUTCOME_UNANSWERED);
    assert_conn_state(s.conn_state, TD_CS_OTH);
    assert_final(s, TD_SYN_SENT, TD_SYN_RECEIVED);
    assert_true(s.handshake_unfinished);
}

/* Linux gives SYN_RECEIVED 5 SYN/ACK retries: gone 63 s after the first. */
static void test_syn_received_summarized_after_synack_retries_closed(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    srv(&t, SYNACK, SISN, C1, 0);
    td_time synack = last(&t);
    /* Retries 1, 3, 7, 15 and 31 s after the first, as Linux sends them. */
    for (int i = 0, at = 1; i < 5; i++, at = 2 * at + 1)
        feed_at(&t, synack + at * SEC, seg(&t, TD_SERVER, SYNACK, SISN, C1, 0));
    td_summary s = summarize(&t, synack + 63 * SEC - 1);
    assert_final(s, TD_SYN_SENT, TD_SYN_RECEIVED);
    s = summarize(&t, synack + 63 * SEC);
    assert_final(s, TD_SYN_SENT, TD_CLOSED);
    s = summarize(&t, synack + 3600 * SEC);
    assert_outcome(s.outcome, TD_OUTCOME_UNANSWERED);
    assert_conn_state(s.conn_state, TD_CS_OTH);
    /* The client's SYN retries (127 s) have run out too. */
    assert_final(s, TD_CLOSED, TD_CLOSED);
}

/* Linux gives connect() 6 SYN retries: gone 127 s after the first SYN. */
static void test_syn_sent_summarized_after_syn_retries_closed(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    td_time syn = last(&t);
    for (int i = 0, gap = 1; i < 6; i++, gap = gap * 2 + 1)
        feed_at(&t, syn + gap * SEC, seg(&t, TD_CLIENT, SYN, CISN, 0, 0));
    td_summary s = summarize(&t, syn + 127 * SEC - 1);
    assert_final(s, TD_SYN_SENT, TD_CLOSED);
    s = summarize(&t, syn + 127 * SEC);
    assert_final(s, TD_CLOSED, TD_CLOSED);
    assert_outcome(s.outcome, TD_OUTCOME_UNANSWERED);
    assert_conn_state(s.conn_state, TD_CS_S0);
}

/* The RST/ACK captured before the SYN it answers: refused, REJ. */
static void test_rst_before_its_syn_summarized_refused_rej(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    feed(&t, seg_raw(1, SRV_PORT, CLI_PORT, RSTACK, 0, C1, 0));
    feed(&t, seg_raw(0, CLI_PORT, SRV_PORT, SYN, CISN, 0, 0));
    td_summary s = summarize(&t, last(&t) + 10 * SEC);
    assert_outcome(s.outcome, TD_OUTCOME_REFUSED);
    assert_conn_state(s.conn_state, TD_CS_REJ);
    assert_int_equal(s.initiator, TD_SERVER);
    assert_int_equal(s.rst_frame, 1);
    assert_false(s.midstream);
    assert_final(s, TD_CLOSED, TD_CLOSED);
}

/* Refused, then the SYN retried and still unanswered when the capture ends:
 * the refusal is what happened (REJ); the client is trying again. */
static void test_syn_retried_after_refusal_summarized_refused_rej(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    srv(&t, RSTACK, 0, C1, 0);
    t.now += 500 * MS;
    cli(&t, SYN, CISN, 0, 0);
    td_summary s = summarize(&t, last(&t) + 1 * SEC);
    assert_outcome(s.outcome, TD_OUTCOME_REFUSED);
    assert_conn_state(s.conn_state, TD_CS_REJ);
    assert_int_equal(s.rst_frame, 2);
    assert_final(s, TD_SYN_SENT, TD_CLOSED);
    assert_anomalies(s.anomalies, TD_BIT(TD_A_RST_REFUSED));
}

/* Timestamps that step backwards within a connection: no negative duration. */
static void test_half_close_time_backwards_summarized_durations_not_negative(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    feed_at(&t, T0 + 2 * SEC, seg(&t, TD_CLIENT, FINACK, C1, S1, 0));
    feed_at(&t, T0 + 2 * SEC + 10 * MS, seg(&t, TD_SERVER, ACK, S1, C1 + 1, 0));
    feed_at(&t, T0 + 1 * SEC, seg(&t, TD_SERVER, PSHACK, S1, C1 + 1, 100));
    td_summary s = summarize(&t, last(&t));
    assert_true(s.half_close);
    assert_int_equal(s.half_close_duration, 0);
    assert_int_equal(s.close_duration, 0);
    assert_true(s.close_wait_time[TD_SERVER] >= 0);
}

static void test_time_wait_rst_summarized_graceful_sf(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    time_wait(&t);
    srv(&t, RST, S1 + 1, 0, 0);
    td_summary s = summarize(&t, last(&t));
    /* An RST after both FINs were acknowledged changes neither. */
    assert_outcome(s.outcome, TD_OUTCOME_GRACEFUL);
    assert_conn_state(s.conn_state, TD_CS_SF);
    assert_int_equal(s.initiator, TD_CLIENT);
    assert_int_equal(s.rst_frame, 8);
    assert_final(s, TD_CLOSED, TD_CLOSED);
    assert_true(s.anomalies & TD_BIT(TD_A_TIME_WAIT_RST));
}

/* ---- TIME_WAIT at the end of the capture ------------------------------- */

static void test_time_wait_summarized_before_expiry_time_wait(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    time_wait(&t);
    td_time tw = t.conv.ep[0].tw_time;
    td_summary s = summarize(&t, tw + 59 * SEC);
    assert_final(s, TD_TIME_WAIT, TD_CLOSED);
    assert_int_equal(s.time_wait_holder, TD_CLIENT);
    assert_int_equal(s.time_wait_linger, 59 * SEC);
}

static void test_time_wait_summarized_after_expiry_closed(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    time_wait(&t);
    td_time tw = t.conv.ep[0].tw_time;
    td_summary s = summarize(&t, tw + 60 * SEC);
    assert_final(s, TD_CLOSED, TD_CLOSED);
    assert_int_equal(s.time_wait_holder, TD_CLIENT);
    assert_int_equal(s.time_wait_linger, 60 * SEC);
    s = summarize(&t, tw + 500 * SEC);
    assert_final(s, TD_CLOSED, TD_CLOSED);
    assert_int_equal(s.time_wait_linger, 60 * SEC);
    /* Outcome and code do not depend on when the capture ended. */
    assert_outcome(s.outcome, TD_OUTCOME_GRACEFUL);
    assert_conn_state(s.conn_state, TD_CS_SF);
}

static void test_server_time_wait_summarized_server_holds_time_wait(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    server_time_wait(&t);
    td_summary s = summarize(&t, last(&t) + 1 * SEC);
    assert_int_equal(s.time_wait_holder, TD_SERVER);
    assert_int_equal(s.time_wait_linger, 1 * SEC);
    assert_int_equal(s.initiator, TD_SERVER);
    assert_final(s, TD_CLOSED, TD_TIME_WAIT);
}

static void test_time_wait_fin_retransmitted_summarized_counts_retransmission(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    time_wait(&t);
    srv(&t, FINACK, S1, C1 + 1, 0);
    cli(&t, ACK, C1 + 1, S1 + 1, 0);
    td_summary s = summarize(&t, last(&t));
    assert_int_equal(s.fin_retransmissions[TD_SERVER], 1);
    assert_int_equal(s.fin_retransmissions[TD_CLIENT], 0);
    /* The ACK that counts is the one after the retransmission. */
    assert_int_equal(s.fin_ack_frame[TD_SERVER], 9);
    assert_true(s.anomalies & TD_BIT(TD_A_TIME_WAIT_FIN_RETRANSMISSION));
    assert_final(s, TD_TIME_WAIT, TD_CLOSED);
}

/* TIME_WAIT restarts on a retransmitted FIN (RFC 9293 3.10.7.4), so the
 * capture end must be judged against the restart. */
static void test_time_wait_fin_retransmitted_summarized_timer_restarted(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    time_wait(&t);
    td_time tw = t.conv.ep[0].tw_time;
    feed_at(&t, tw + 20 * SEC, seg(&t, TD_SERVER, FINACK, S1, C1 + 1, 0));
    feed_at(&t, tw + 20 * SEC + 10 * MS, seg(&t, TD_CLIENT, ACK, C1 + 1, S1 + 1, 0));
    td_summary s = summarize(&t, tw + 70 * SEC);
    assert_final(s, TD_TIME_WAIT, TD_CLOSED);
}

/* ---- CLOSE_WAIT -------------------------------------------------------- */

/* The client's FIN at T0+1 s is acknowledged at T0+1.5 s (CLOSE_WAIT);
 * the server's own FIN follows `wait` later. */
static void close_wait_for(tconv *t, td_time wait)
{
    handshake(t);
    feed_at(t, T0 + 1 * SEC, seg(t, TD_CLIENT, FINACK, C1, S1, 0));
    feed_at(t, T0 + 1500 * MS, seg(t, TD_SERVER, ACK, S1, C1 + 1, 0));
    feed_at(t, T0 + 1500 * MS + wait, seg(t, TD_SERVER, FINACK, S1, C1 + 1, 0));
    feed_at(t, T0 + 1500 * MS + wait + 5 * MS, seg(t, TD_CLIENT, ACK, C1 + 1, S1 + 1, 0));
}

static void test_close_wait_longer_than_limit_summarized_stuck(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    close_wait_for(&t, 10 * SEC);
    td_summary s = summarize(&t, last(&t));
    assert_int_equal(s.close_wait_time[TD_SERVER], 10 * SEC);
    assert_true(s.close_wait_stuck[TD_SERVER]);
    assert_false(s.close_wait_stuck[TD_CLIENT]);
    assert_true(s.anomalies & TD_BIT(TD_A_CLOSE_WAIT_STUCK));
    /* It did close in the end: nothing was left hanging at the capture edge. */
    assert_int_equal(s.capture_left_after[TD_SERVER], 0);
    assert_false(s.capture_edge[TD_SERVER]);
    assert_outcome(s.outcome, TD_OUTCOME_GRACEFUL);
}

static void test_close_wait_shorter_than_limit_summarized_not_stuck(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    close_wait_for(&t, 2 * SEC);
    td_summary s = summarize(&t, last(&t));
    assert_int_equal(s.close_wait_time[TD_SERVER], 2 * SEC);
    assert_false(s.close_wait_stuck[TD_SERVER]);
    assert_false(s.anomalies & TD_BIT(TD_A_CLOSE_WAIT_STUCK));
}

static void test_close_wait_at_capture_end_summarized_stuck(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_2(&t);
    td_time cw = t.conv.ep[1].cw_time;
    td_summary s = summarize(&t, cw + 3 * SEC);
    /* Shorter than the 5 s limit, but still waiting when the capture ended. */
    assert_int_equal(s.close_wait_time[TD_SERVER], 3 * SEC);
    assert_true(s.close_wait_stuck[TD_SERVER]);
    assert_true(s.anomalies & TD_BIT(TD_A_CLOSE_WAIT_STUCK));
    assert_int_equal(s.capture_left_after[TD_SERVER], 3 * SEC);
    assert_false(s.capture_edge[TD_SERVER]);
    assert_final(s, TD_FIN_WAIT_2, TD_CLOSE_WAIT);
}

static void test_close_wait_capture_ends_within_answer_time_capture_edge(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_2(&t);
    td_time cw = t.conv.ep[1].cw_time;
    /* 30 ms is less than two 20 ms RTTs: the capture simply stopped. */
    td_summary s = summarize(&t, cw + 30 * MS);
    assert_true(s.close_wait_stuck[TD_SERVER]);
    assert_int_equal(s.capture_left_after[TD_SERVER], 30 * MS);
    assert_true(s.capture_edge[TD_SERVER]);
    assert_false(s.capture_edge[TD_CLIENT]);
}

/* ---- unacknowledged FIN and the capture edge --------------------------- */

static void test_fin_wait_1_summarized_fin_unacked(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    td_time fin = last(&t);
    td_summary s = summarize(&t, fin + 5 * SEC);
    assert_anomalies(s.anomalies, TD_BIT(TD_A_CLOSE_ACTIVE) | TD_BIT(TD_A_FIN_UNACKED));
    assert_int_equal(s.capture_left_after[TD_CLIENT], 5 * SEC);
    assert_false(s.capture_edge[TD_CLIENT]);
    assert_outcome(s.outcome, TD_OUTCOME_HALF_CLOSED);
    assert_conn_state(s.conn_state, TD_CS_S2);
    assert_final(s, TD_FIN_WAIT_1, TD_ESTABLISHED);
    assert_false(s.fin_acked[TD_CLIENT]);
    assert_int_equal(s.fin_ack_delay[TD_CLIENT], 0);
}

static void test_fin_wait_1_summarized_soon_after_fin_capture_edge(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    td_time fin = last(&t);
    td_summary s = summarize(&t, fin + 10 * MS);
    assert_true(s.anomalies & TD_BIT(TD_A_FIN_UNACKED));
    assert_int_equal(s.capture_left_after[TD_CLIENT], 10 * MS);
    assert_true(s.capture_edge[TD_CLIENT]);
}

/* The commonest capture edge of all: the FIN is the capture's last packet. */
static void test_fin_wait_1_summarized_at_fin_capture_edge(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    td_summary s = summarize(&t, last(&t));
    assert_true(s.anomalies & TD_BIT(TD_A_FIN_UNACKED));
    assert_int_equal(s.capture_left_after[TD_CLIENT], 0);
    assert_true(s.capture_edge[TD_CLIENT]);
}

static void test_midstream_fin_unacked_summarized_default_answer_time(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, PSHACK, C1, S1, 100);
    cli(&t, FINACK, C1 + 100, S1, 0);
    td_time fin = last(&t);
    /* No handshake, no RTT: an answer is expected within 200 ms. */
    td_summary s = summarize(&t, fin + 150 * MS);
    assert_true(s.capture_edge[TD_CLIENT]);
    s = summarize(&t, fin + 250 * MS);
    assert_false(s.capture_edge[TD_CLIENT]);
    assert_int_equal(s.capture_left_after[TD_CLIENT], 250 * MS);
}

static void test_fin_wait_1_summarized_before_last_segment_clamped_to_last_segment(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    t.now += 2 * SEC;
    srv(&t, PSHACK, S1, C1, 10);
    /* An end earlier than what was read cannot be: the last packet counts. */
    td_summary s = summarize(&t, T0);
    assert_int_equal(s.capture_left_after[TD_CLIENT], last(&t) - t.conv.ep[0].fin_time);
}

/* ---- half-close -------------------------------------------------------- */

static void test_close_wait_data_summarized_half_close_bytes(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    feed_at(&t, T0 + 1 * SEC, seg(&t, TD_CLIENT, FINACK, C1, S1, 0));
    feed_at(&t, T0 + 1 * SEC + 10 * MS, seg(&t, TD_SERVER, ACK, S1, C1 + 1, 0));
    feed_at(&t, T0 + 2 * SEC, seg(&t, TD_SERVER, PSHACK, S1, C1 + 1, 1000));
    feed_at(&t, T0 + 3 * SEC, seg(&t, TD_SERVER, PSHACK, S1 + 1000, C1 + 1, 500));
    td_summary s = summarize(&t, last(&t));
    assert_true(s.half_close);
    assert_int_equal(s.half_close_bytes, 1500);
    assert_int_equal(s.half_close_duration, 2 * SEC);
    assert_true(s.anomalies & TD_BIT(TD_A_HALF_CLOSE));
    assert_outcome(s.outcome, TD_OUTCOME_HALF_CLOSED);
}

static void test_established_data_summarized_no_half_close(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    srv(&t, PSHACK, S1, C1, 1000);
    td_summary s = summarize(&t, last(&t));
    assert_false(s.half_close);
    assert_int_equal(s.half_close_bytes, 0);
    assert_int_equal(s.half_close_duration, 0);
}

/* LAST_ACK whose first ACK was believed, then the server's FIN came twice
 * more (doubling gaps), each ACKed again: the third ACK after two lost ones
 * is not believed. */
static void last_ack_after_two_lost_acks(tconv *t)
{
    tc_init(t);
    last_ack(t);
    cli(t, ACK, C1 + 1, S1 + 1, 0);
    for (int i = 1; i <= 2; i++) {
        t->now += (200 * MS) << i;
        srv(t, FINACK, S1, C1 + 1, 0);
        cli(t, ACK, C1 + 1, S1 + 1, 0);
    }
}

/* The third ACK after two lost ones was not believed; silence from the FIN's
 * sender past its next copy proves it came: CLOSED, and said so. */
static void test_last_ack_silent_after_unbelieved_ack_summarized_closed(void **state)
{
    (void)state;
    tconv t;
    last_ack_after_two_lost_acks(&t);
    td_summary early = summarize(&t, last(&t) + 500 * MS);
    assert_final(early, TD_TIME_WAIT, TD_LAST_ACK);
    assert_false(early.late_ack[TD_SERVER]);
    td_summary late = summarize(&t, last(&t) + 3 * SEC);
    assert_final(late, TD_TIME_WAIT, TD_CLOSED);
    assert_true(late.late_ack[TD_SERVER]);
    assert_outcome(late.outcome, TD_OUTCOME_GRACEFUL);
}

/* ---- the verdict alone --------------------------------------------------- */

static td_summary verdict(const tconv *t, td_time end)
{
    td_summary s;
    td_conv_verdict(&t->conv, &t->cfg, end, &s);
    return s;
}

/* An RST abort: the verdict's members as the summary gives them, the rest
 * "none" (no RST frame, no close duration, no cause, nobody in TIME_WAIT). */
static void test_client_rst_verdict_reset_rsto_without_the_rest(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    cli(&t, RSTACK, C1, S1, 0);
    td_summary v = verdict(&t, last(&t));
    assert_outcome(v.outcome, TD_OUTCOME_RESET);
    assert_conn_state(v.conn_state, TD_CS_RSTO);
    assert_int_equal(v.initiator, TD_CLIENT);
    assert_int_equal(v.rst_sender, TD_CLIENT);
    assert_final(v, TD_CLOSED, TD_CLOSED);
    assert_false(v.midstream);
    assert_int_equal(v.rst_frame, 0);
    assert_int_equal(v.first_close_frame, 0);
    assert_int_equal(v.anomalies, 0);
    assert_int_equal(v.cause, 0);
    assert_int_equal(v.cause_frame, 0);
    assert_int_equal(v.time_wait_holder, TD_ROLE_NONE);
}

/* A late ACK that only the silence proves completes the close in the
 * verdict too (final state CLOSED, outcome graceful), as in the summary. */
static void test_late_ack_verdict_same_as_summary(void **state)
{
    (void)state;
    tconv t;
    last_ack_after_two_lost_acks(&t);
    td_summary early = verdict(&t, last(&t) + 500 * MS);
    assert_final(early, TD_TIME_WAIT, TD_LAST_ACK);
    assert_outcome(early.outcome, summarize(&t, last(&t) + 500 * MS).outcome);
    td_summary late = verdict(&t, last(&t) + 3 * SEC);
    assert_final(late, TD_TIME_WAIT, TD_CLOSED);
    assert_true(late.late_ack[TD_SERVER]);
    assert_outcome(late.outcome, TD_OUTCOME_GRACEFUL);
    assert_conn_state(late.conn_state, TD_CS_SF);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_client_rst_verdict_reset_rsto_without_the_rest),
        cmocka_unit_test(test_late_ack_verdict_same_as_summary),
        cmocka_unit_test(test_last_ack_silent_after_unbelieved_ack_summarized_closed),
        cmocka_unit_test(test_established_summarized_open_s1),
        cmocka_unit_test(test_graceful_close_summarized_graceful_sf),
        cmocka_unit_test(test_fin_wait_2_summarized_half_closed_s2),
        cmocka_unit_test(test_server_fin_summarized_half_closed_s3),
        cmocka_unit_test(test_last_ack_summarized_incomplete_sf),
        cmocka_unit_test(test_established_client_rst_summarized_reset_rsto),
        cmocka_unit_test(test_established_server_rst_summarized_reset_rstr),
        cmocka_unit_test(test_fin_wait_2_server_rst_summarized_reset_rstr),
        cmocka_unit_test(test_established_rst_ignored_summarized_open_rstr),
        cmocka_unit_test(test_syn_sent_rst_summarized_refused_rej),
        cmocka_unit_test(test_syn_sent_summarized_unanswered_s0),
        cmocka_unit_test(test_syn_sent_silent_past_next_retry_summarized_gave_up),
        cmocka_unit_test(test_syn_sent_client_rst_summarized_unanswered_rstos0),
        cmocka_unit_test(test_syn_sent_fin_summarized_unanswered_sh),
        cmocka_unit_test(test_one_sided_capture_client_fin_summarized_sh),
        cmocka_unit_test(test_lone_synack_rst_summarized_reset_rstrh),
        cmocka_unit_test(test_lone_synack_fin_summarized_half_closed_shr),
        cmocka_unit_test(test_midstream_summarized_open_oth),
        cmocka_unit_test(test_midstream_rst_summarized_reset_rstr),
        cmocka_unit_test(test_synack_without_ack_summarized_unanswered_oth),
        cmocka_unit_test(test_syn_received_summarized_after_synack_retries_closed),
        cmocka_unit_test(test_syn_sent_summarized_after_syn_retries_closed),
        cmocka_unit_test(test_rst_before_its_syn_summarized_refused_rej),
        cmocka_unit_test(test_syn_retried_after_refusal_summarized_refused_rej),
        cmocka_unit_test(test_half_close_time_backwards_summarized_durations_not_negative),
        cmocka_unit_test(test_time_wait_rst_summarized_graceful_sf),
        cmocka_unit_test(test_time_wait_summarized_before_expiry_time_wait),
        cmocka_unit_test(test_time_wait_summarized_after_expiry_closed),
        cmocka_unit_test(test_server_time_wait_summarized_server_holds_time_wait),
        cmocka_unit_test(test_time_wait_fin_retransmitted_summarized_counts_retransmission),
        cmocka_unit_test(test_time_wait_fin_retransmitted_summarized_timer_restarted),
        cmocka_unit_test(test_close_wait_longer_than_limit_summarized_stuck),
        cmocka_unit_test(test_close_wait_shorter_than_limit_summarized_not_stuck),
        cmocka_unit_test(test_close_wait_at_capture_end_summarized_stuck),
        cmocka_unit_test(test_close_wait_capture_ends_within_answer_time_capture_edge),
        cmocka_unit_test(test_fin_wait_1_summarized_fin_unacked),
        cmocka_unit_test(test_fin_wait_1_summarized_soon_after_fin_capture_edge),
        cmocka_unit_test(test_fin_wait_1_summarized_at_fin_capture_edge),
        cmocka_unit_test(test_midstream_fin_unacked_summarized_default_answer_time),
        cmocka_unit_test(test_fin_wait_1_summarized_before_last_segment_clamped_to_last_segment),
        cmocka_unit_test(test_close_wait_data_summarized_half_close_bytes),
        cmocka_unit_test(test_established_data_summarized_no_half_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
