/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for td_engine.c, the per-segment state machine: each test builds a
 * conversation in one state, feeds one segment, and checks what it did. */
#include "conv_builder.h"

/* ---- handshake and roles ---------------------------------------------- */

static void test_closed_syn_sent_syn_sent(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    const td_result *r = cli(&t, SYN, CISN, 0, 0);
    assert_int_equal(r->sender, TD_CLIENT);
    assert_state(r->before[TD_CLIENT], TD_CLOSED);
    assert_state(r->before[TD_SERVER], TD_CLOSED);
    /* The server is listening, which the enum spells CLOSED. */
    assert_states(r, TD_SYN_SENT, TD_CLOSED);
    assert_anomalies(r->anomalies, 0);
    assert_true(t.conv.roles_known);
    assert_false(t.conv.midstream);
    assert_int_equal(t.conv.client_side, 0);
}

static void test_syn_sent_synack_syn_received(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    const td_result *r = srv(&t, SYNACK, SISN, C1, 0);
    assert_int_equal(r->sender, TD_SERVER);
    assert_states(r, TD_SYN_SENT, TD_SYN_RECEIVED);
    assert_anomalies(r->anomalies, 0);
    assert_true(t.conv.synack_seen);
    assert_false(t.conv.established);
}

static void test_syn_received_ack_established(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    t.step = 10 * MS;
    cli(&t, SYN, CISN, 0, 0);
    srv(&t, SYNACK, SISN, C1, 0);
    const td_result *r = cli(&t, ACK, C1, S1, 0);
    assert_state(r->before[TD_CLIENT], TD_SYN_SENT);
    assert_state(r->before[TD_SERVER], TD_SYN_RECEIVED);
    /* The handshake's ACK counts as received unless shown otherwise. */
    assert_states(r, TD_ESTABLISHED, TD_ESTABLISHED);
    assert_anomalies(r->anomalies, 0);
    assert_true(t.conv.established);
    assert_int_equal(td_conv_rtt(&t.conv), 20 * MS);
    assert_int_equal(td_conv_answer_time(&t.conv), 40 * MS);
}

static void test_syn_received_ack_across_wrap_established(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    /* The server's SYN takes the last sequence number: the ACK for it is 0. */
    handshake_isn(&t, CISN, 0xFFFFFFFFu);
    assert_states(&t.res, TD_ESTABLISHED, TD_ESTABLISHED);
    assert_int_equal(t.conv.ep[1].isn, 0xFFFFFFFFu);
    assert_int_equal(t.conv.ep[1].snd_nxt, 0);
}

static void test_syn_sent_syn_retransmitted_stays_syn_sent(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    const td_result *r = cli(&t, SYN, CISN, 0, 0);
    assert_states(r, TD_SYN_SENT, TD_CLOSED);
    assert_anomalies(r->anomalies, 0);
    assert_int_equal(t.conv.ep[0].isn, CISN);
}

/* Karn: the RTT is measured from the SYN that was answered, not from the
 * first attempt a retransmission timeout earlier (Wireshark's initial_rtt
 * also uses the most recent SYN). */
static void test_syn_sent_syn_retransmitted_rtt_from_last_syn(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    feed_at(&t, T0, seg(&t, TD_CLIENT, SYN, CISN, 0, 0));
    feed_at(&t, T0 + 1 * SEC, seg(&t, TD_CLIENT, SYN, CISN, 0, 0));
    feed_at(&t, T0 + 1 * SEC + 10 * MS, seg(&t, TD_SERVER, SYNACK, SISN, C1, 0));
    const td_result *r = feed_at(&t, T0 + 1 * SEC + 20 * MS, seg(&t, TD_CLIENT, ACK, C1, S1, 0));
    assert_states(r, TD_ESTABLISHED, TD_ESTABLISHED);
    assert_int_equal(td_conv_rtt(&t.conv), 20 * MS);
}

/* td_time has an arbitrary epoch, so a capture may well start at 0 (relative
 * timestamps): the handshake RTT must still be measured. */
static void test_syn_sent_handshake_at_time_zero_rtt_measured(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    feed_at(&t, 0, seg(&t, TD_CLIENT, SYN, CISN, 0, 0));
    feed_at(&t, 10 * MS, seg(&t, TD_SERVER, SYNACK, SISN, C1, 0));
    const td_result *r = feed_at(&t, 20 * MS, seg(&t, TD_CLIENT, ACK, C1, S1, 0));
    assert_states(r, TD_ESTABLISHED, TD_ESTABLISHED);
    assert_int_equal(td_conv_rtt(&t.conv), 20 * MS);
    assert_int_equal(td_conv_answer_time(&t.conv), 40 * MS);
}

static void test_closed_syn_from_side_1_client_is_side_1(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    t.cs = 1;
    handshake(&t);
    assert_int_equal(t.conv.client_side, 1);
    assert_int_equal(td_conv_role_of_side(&t.conv, 1), TD_CLIENT);
    assert_int_equal(td_conv_role_of_side(&t.conv, 0), TD_SERVER);
    /* Results are indexed by role, whatever side the client is on. */
    const td_result *r = cli(&t, FINACK, C1, S1, 0);
    assert_int_equal(r->sender, TD_CLIENT);
    assert_int_equal(r->fin_of, TD_CLIENT);
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
    r = srv(&t, ACK, S1, C1 + 1, 0);
    assert_int_equal(r->entered_close_wait, TD_ROLE_BIT(TD_SERVER));
    assert_states(r, TD_FIN_WAIT_2, TD_CLOSE_WAIT);
}

static void test_closed_role_of_side_before_any_segment_none(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    assert_int_equal(td_conv_role_of_side(&t.conv, 0), TD_ROLE_NONE);
    assert_int_equal(td_conv_role_of_side(&t.conv, 1), TD_ROLE_NONE);
    assert_int_equal(t.conv.initiator, TD_ROLE_NONE);
    assert_int_equal(td_conv_answer_time(&t.conv), 200 * MS);
}

static void test_closed_midstream_data_both_established(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    const td_result *r = cli(&t, PSHACK, C1, S1, 100);
    assert_true(t.conv.midstream);
    assert_true(t.conv.established);
    /* 40000 -> 80: the lower port is the server's, so the sender is the client. */
    assert_int_equal(t.conv.client_side, 0);
    assert_int_equal(r->sender, TD_CLIENT);
    assert_states(r, TD_ESTABLISHED, TD_ESTABLISHED);
    assert_anomalies(r->anomalies, 0);
    assert_int_equal(td_conv_answer_time(&t.conv), 200 * MS);
}

static void test_closed_midstream_from_low_port_sender_is_server(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    const td_result *r = feed(&t, seg_raw(0, 443, 51000, PSHACK, S1, C1, 1400));
    assert_true(t.conv.midstream);
    assert_int_equal(t.conv.client_side, 1);
    assert_int_equal(r->sender, TD_SERVER);
    assert_states(r, TD_ESTABLISHED, TD_ESTABLISHED);
}

static void test_closed_midstream_equal_ports_receiver_is_server(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    const td_result *r = feed(&t, seg_raw(1, 5000, 5000, PSHACK, S1, C1, 10));
    assert_true(t.conv.midstream);
    assert_int_equal(t.conv.client_side, 1);
    assert_int_equal(r->sender, TD_CLIENT);
    assert_states(r, TD_ESTABLISHED, TD_ESTABLISHED);
}

static void test_established_midstream_fin_fin_wait_1(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, PSHACK, C1, S1, 100);
    const td_result *r = srv(&t, FINACK, S1, C1 + 100, 0);
    assert_int_equal(r->fin_of, TD_SERVER);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_CLOSE_ACTIVE));
    assert_states(r, TD_ESTABLISHED, TD_FIN_WAIT_1);
    assert_int_equal(t.conv.initiator, TD_SERVER);
}

static void test_closed_lone_synack_receiver_is_client(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    const td_result *r = feed(&t, seg_raw(1, SRV_PORT, CLI_PORT, SYNACK, SISN, C1, 0));
    assert_false(t.conv.midstream);
    assert_int_equal(t.conv.client_side, 0);
    assert_int_equal(r->sender, TD_SERVER);
    /* The client must have sent the SYN this answers. */
    assert_states(r, TD_SYN_SENT, TD_SYN_RECEIVED);
    assert_anomalies(r->anomalies, 0);
}

static void test_syn_sent_ack_after_lone_synack_established(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    srv(&t, SYNACK, SISN, C1, 0);
    const td_result *r = cli(&t, ACK, C1, S1, 0);
    assert_int_equal(r->sender, TD_CLIENT);
    assert_states(r, TD_ESTABLISHED, TD_ESTABLISHED);
    assert_true(t.conv.established);
    /* No SYN was seen, so no RTT either. */
    assert_int_equal(td_conv_rtt(&t.conv), 0);
}

/* ---- client-first graceful close, one step at a time ------------------ */

static void test_established_fin_sent_fin_wait_1(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    const td_result *r = cli(&t, FINACK, C1, S1, 0);
    assert_int_equal(r->sender, TD_CLIENT);
    assert_int_equal(r->fin_of, TD_CLIENT);
    assert_int_equal(r->fin_retransmission, 0);
    /* The sender's FIN is certain; the server has not shown it got it. */
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_CLOSE_ACTIVE));
    assert_int_equal(r->entered_close_wait, 0);
    assert_int_equal(r->entered_time_wait, 0);
    assert_int_equal(t.conv.initiator, TD_CLIENT);
    assert_int_equal(t.conv.first_close_frame, 4);
    assert_int_equal(t.conv.ep[0].fin_seq, C1);
    assert_int_equal(t.conv.ep[0].fin_frame, 4);
}

static void test_fin_wait_1_fin_acked_fin_wait_2(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    const td_result *r = srv(&t, ACK, S1, C1 + 1, 0);
    assert_int_equal(r->sender, TD_SERVER);
    assert_state(r->before[TD_CLIENT], TD_FIN_WAIT_1);
    assert_state(r->before[TD_SERVER], TD_ESTABLISHED);
    assert_states(r, TD_FIN_WAIT_2, TD_CLOSE_WAIT);
    assert_int_equal(r->entered_close_wait, TD_ROLE_BIT(TD_SERVER));
    assert_int_equal(r->fin_of, TD_ROLE_NONE);
    assert_anomalies(r->anomalies, 0);
    assert_true(t.conv.ep[0].fin_acked);
    assert_int_equal(t.conv.ep[0].fin_ack_frame, 5);
}

static void test_close_wait_fin_sent_last_ack(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_2(&t);
    const td_result *r = srv(&t, FINACK, S1, C1 + 1, 0);
    assert_int_equal(r->fin_of, TD_SERVER);
    assert_states(r, TD_FIN_WAIT_2, TD_LAST_ACK);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_CLOSE_PASSIVE));
    assert_int_equal(r->entered_close_wait, 0);
    /* The first FIN still decides who closed. */
    assert_int_equal(t.conv.initiator, TD_CLIENT);
    assert_int_equal(t.conv.first_close_frame, 4);
}

static void test_fin_wait_2_ack_below_fin_stays_fin_wait_2(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    last_ack(&t);
    /* A window update that does not cover the server's FIN: no evidence. */
    const td_result *r = cli(&t, ACK, C1 + 1, S1, 0);
    assert_states(r, TD_FIN_WAIT_2, TD_LAST_ACK);
    assert_anomalies(r->anomalies, 0);
    assert_false(t.conv.ep[1].fin_acked);
}

static void test_fin_wait_2_fin_acked_time_wait(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    last_ack(&t);
    const td_result *r = cli(&t, ACK, C1 + 1, S1 + 1, 0);
    assert_state(r->before[TD_CLIENT], TD_FIN_WAIT_2);
    assert_state(r->before[TD_SERVER], TD_LAST_ACK);
    /* The client's ACK is its proof of the FIN; the server takes the ACK. */
    assert_states(r, TD_TIME_WAIT, TD_CLOSED);
    assert_int_equal(r->entered_time_wait, 1u << TD_CLIENT);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_TIME_WAIT));
    assert_int_equal(t.conv.ep[0].tw_frame, 7);
    assert_int_equal(t.conv.ep[0].tw_time, t.now - t.step);
    assert_int_equal(t.conv.ep[1].fin_ack_frame, 7);
}

static void test_fin_wait_1_fin_ack_piggybacked_last_ack(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    /* One segment acknowledges the client's FIN and carries the server's. */
    const td_result *r = srv(&t, FINACK, S1, C1 + 1, 0);
    assert_int_equal(r->fin_of, TD_SERVER);
    assert_states(r, TD_FIN_WAIT_2, TD_LAST_ACK);
    assert_int_equal(r->entered_close_wait, TD_ROLE_BIT(TD_SERVER));
    assert_anomalies(r->anomalies, TD_BIT(TD_A_CLOSE_PASSIVE));
    r = cli(&t, ACK, C1 + 1, S1 + 1, 0);
    assert_states(r, TD_TIME_WAIT, TD_CLOSED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_TIME_WAIT));
}

static void test_established_fin_with_data_fin_wait_1(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    const td_result *r = cli(&t, FINPSHACK, C1, S1, 100);
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_CLOSE_ACTIVE));
    /* The FIN sits after the data. */
    assert_int_equal(t.conv.ep[0].fin_seq, C1 + 100);
    assert_int_equal(t.conv.ep[0].snd_nxt, C1 + 101);
}

static void test_fin_wait_1_ack_of_data_before_fin_stays_fin_wait_1(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    cli(&t, FINPSHACK, C1, S1, 100);
    const td_result *r = srv(&t, ACK, S1, C1 + 100, 0);
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
    assert_false(t.conv.ep[0].fin_acked);
    r = srv(&t, ACK, S1, C1 + 101, 0);
    assert_states(r, TD_FIN_WAIT_2, TD_CLOSE_WAIT);
}

static void test_fin_wait_1_unacked_fin_receiver_stays_established(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    /* The server goes on sending, a second later, without acknowledging
     * the FIN: as far as anyone can tell it never got it. */
    t.now += 1 * SEC;
    const td_result *r = srv(&t, PSHACK, S1, C1, 100);
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
    assert_int_equal(r->entered_close_wait, 0);
    /* It has not seen the FIN, so this is not a half-close either. */
    assert_anomalies(r->anomalies, 0);
    assert_false(t.conv.ep[0].fin_acked);
}

static void test_fin_wait_1_fin_retransmitted_nothing_moves(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    const td_result *r = cli(&t, FINACK, C1, S1, 0);
    assert_int_equal(r->fin_of, TD_CLIENT);
    assert_int_equal(r->fin_retransmission, 1);
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_FIN_RETRANSMISSION));
    assert_int_equal(t.conv.ep[0].fin_retransmissions, 1);
    /* The first FIN stays the FIN of record. */
    assert_int_equal(t.conv.ep[0].fin_frame, 4);
    r = cli(&t, FINACK, C1, S1, 0);
    assert_int_equal(r->fin_retransmission, 2);
    assert_int_equal(t.conv.ep[0].fin_retransmissions, 2);
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
}

static void test_fin_wait_2_fin_retransmitted_back_to_fin_wait_1(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_2(&t);
    /* Sent again after its ACK was captured: that ACK was lost on the way. */
    const td_result *r = cli(&t, FINACK, C1, S1, 0);
    assert_states(r, TD_FIN_WAIT_1, TD_CLOSE_WAIT);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_FIN_RETRANSMISSION));
    assert_false(t.conv.ep[0].fin_acked);
    assert_int_equal(t.conv.ep[0].acks_lost, 1);
    /* The server did take the FIN in: the ACK that got lost still says so. */
    assert_true(t.conv.ep[0].fin_taken);
    assert_int_equal(t.conv.ep[0].fin_ack_frame, 5);
    r = srv(&t, ACK, S1, C1 + 1, 0);
    assert_states(r, TD_FIN_WAIT_2, TD_CLOSE_WAIT);
    assert_int_equal(t.conv.ep[0].fin_ack_frame, 7);
}

static void test_established_out_of_order_fin_fin_wait_1(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    /* The FIN is captured before the 100 bytes that precede it. */
    const td_result *r = cli(&t, FINACK, C1 + 100, S1, 0);
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_CLOSE_ACTIVE));
    assert_int_equal(t.conv.ep[0].fin_seq, C1 + 100);
    /* The server can only acknowledge up to the hole. */
    r = srv(&t, ACK, S1, C1, 0);
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
}

static void test_fin_wait_1_hole_before_fin_filled_fin_wait_2(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    cli(&t, FINACK, C1 + 100, S1, 0);
    srv(&t, ACK, S1, C1, 0);
    /* The missing data is older than the FIN: not data after it. */
    const td_result *r = cli(&t, PSHACK, C1, S1, 100);
    assert_anomalies(r->anomalies, 0);
    assert_int_equal(r->bytes, 0);
    assert_int_equal(t.conv.ep[0].fin_retransmissions, 0);
    r = srv(&t, ACK, S1, C1 + 101, 0);
    assert_states(r, TD_FIN_WAIT_2, TD_CLOSE_WAIT);
}

/* ---- simultaneous close ----------------------------------------------- */

static void test_fin_wait_1_peer_fin_crossed_close_simultaneous(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    /* The server's FIN does not acknowledge the client's: they crossed. */
    const td_result *r = srv(&t, FINACK, S1, C1, 0);
    assert_int_equal(r->fin_of, TD_SERVER);
    assert_states(r, TD_FIN_WAIT_1, TD_FIN_WAIT_1);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_CLOSE_SIMULTANEOUS));
    assert_int_equal(t.conv.initiator, TD_CLIENT);
}

static void test_fin_wait_1_crossed_fin_acked_closing(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    srv(&t, FINACK, S1, C1, 0);
    const td_result *r = cli(&t, ACK, C1 + 1, S1 + 1, 0);
    /* The client got the server's FIN with its own still unacknowledged;
     * the server's FIN is acknowledged, but it has not yet shown that it
     * got the client's. */
    assert_states(r, TD_CLOSING, TD_FIN_WAIT_2);
    assert_anomalies(r->anomalies, 0);
}

static void test_closing_fin_acked_time_wait_both(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    closing(&t);
    td_time at = t.now;
    const td_result *r = srv(&t, ACK, S1 + 1, C1 + 1, 0);
    assert_state(r->before[TD_CLIENT], TD_CLOSING);
    assert_states(r, TD_TIME_WAIT, TD_TIME_WAIT);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_TIME_WAIT));
    assert_int_equal(t.conv.ep[0].tw_time, at);
    assert_int_equal(t.conv.ep[1].tw_time, at);
    /* Both entered here, and the result names both. */
    assert_int_equal(r->entered_time_wait, (1u << TD_CLIENT) | (1u << TD_SERVER));
}

/* ---- sequence wrap ----------------------------------------------------- */

static void test_fin_wait_1_ack_across_wrap_fin_wait_2(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    /* Client ISN 0xFFFFFFFE: its FIN takes 0xFFFFFFFF, the ACK of it is 0. */
    handshake_isn(&t, 0xFFFFFFFEu, SISN);
    const td_result *r = cli(&t, FINACK, 0xFFFFFFFFu, S1, 0);
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
    assert_int_equal(t.conv.ep[0].fin_seq, 0xFFFFFFFFu);
    r = srv(&t, ACK, S1, 0xFFFFFFFFu, 0);
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
    r = srv(&t, ACK, S1, 0, 0);
    assert_states(r, TD_FIN_WAIT_2, TD_CLOSE_WAIT);
    assert_true(t.conv.ep[0].fin_acked);
}

static void test_established_fin_with_data_across_wrap_fin_wait_2(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake_isn(&t, 0xFFFFFF00u, SISN);
    /* 0x200 bytes from 0xFFFFFF01 end at 0x101, where the FIN sits. */
    const td_result *r = cli(&t, FINPSHACK, 0xFFFFFF01u, S1, 0x200);
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
    assert_int_equal(t.conv.ep[0].fin_seq, 0x101);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_CLOSE_ACTIVE));
    r = srv(&t, ACK, S1, 0x101, 0);
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
    r = srv(&t, ACK, S1, 0x102, 0);
    assert_states(r, TD_FIN_WAIT_2, TD_CLOSE_WAIT);
}

/* ---- RST in each state ------------------------------------------------- */

static void test_syn_sent_rst_ack_closed_refused(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    const td_result *r = srv(&t, RSTACK, 0, C1, 0);
    assert_int_equal(r->sender, TD_SERVER);
    assert_state(r->before[TD_CLIENT], TD_SYN_SENT);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_REFUSED));
    assert_int_equal(t.conv.rst_frame, 2);
    assert_int_equal(t.conv.initiator, TD_SERVER);
}

static void test_syn_sent_rst_without_ack_out_of_window(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    /* RFC 9293 3.10.7.3: in SYN-SENT an RST counts only if it ACKs the SYN. */
    const td_result *r = srv(&t, RST, 0, 0, 0);
    assert_state(r->after[TD_CLIENT], TD_SYN_SENT);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_OUT_OF_WINDOW));
    assert_int_equal(t.conv.rst_frame, 0);
}

static void test_syn_sent_rst_wrong_ack_out_of_window(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    const td_result *r = srv(&t, RSTACK, 0, C1 + 5, 0);
    assert_state(r->after[TD_CLIENT], TD_SYN_SENT);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_OUT_OF_WINDOW));
    assert_int_equal(t.conv.rst_frame, 0);
}

static void test_syn_received_rst_closed_abort(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    srv(&t, SYNACK, SISN, C1, 0);
    /* The scanner's pattern: SYN, SYN/ACK, RST instead of the ACK. */
    const td_result *r = cli(&t, RST, C1, 0, 0);
    assert_state(r->before[TD_SERVER], TD_SYN_RECEIVED);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    /* The SYN was answered, so this is no refusal; abort is the fit. */
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_ABORT));
    assert_int_equal(t.conv.rst_frame, 3);
    assert_int_equal(t.conv.initiator, TD_CLIENT);
}

/* RFC 7323 2.2: the window in a SYN or SYN/ACK is never scaled, so the
 * server's receive window here is 64240 bytes, not 64240 << 7. */
static void test_syn_received_rst_beyond_unscaled_synack_window_out_of_window(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    srv(&t, SYNACK, SISN, C1, 0);
    const td_result *r = cli(&t, RST, C1 + 100000, 0, 0);
    assert_state(r->after[TD_SERVER], TD_SYN_RECEIVED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_OUT_OF_WINDOW));
    assert_int_equal(t.conv.rst_frame, 0);
}

static void test_established_rst_exact_closed_abort(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    const td_result *r = srv(&t, RSTACK, S1, C1, 0);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_ABORT));
    assert_int_equal(r->bytes, 0);
    assert_int_equal(t.conv.rst_frame, 4);
    assert_int_equal(t.conv.rst_side, 1);
    assert_int_equal(t.conv.initiator, TD_SERVER);
    assert_true(t.conv.ep[1].sent_rst);
    assert_true(t.conv.ep[0].rst_pending);
}

static void test_established_rst_in_window_not_at_rcv_nxt_challenged(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    /* Inside the client's 64256-byte window but not at RCV.NXT: Linux
     * (tcp_validate_incoming, RFC 5961 3.2) answers with a challenge ACK
     * and keeps the connection. */
    const td_result *r = srv(&t, RST, S1 + 30000, 0, 0);
    assert_states(r, TD_ESTABLISHED, TD_ESTABLISHED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_OUT_OF_WINDOW));
    assert_int_equal(t.conv.rst_frame, 0);
}

static void test_established_rst_out_of_window_receiver_unchanged(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    const td_result *r = srv(&t, RST, S1 + 100000, 0, 0);
    /* The server side is left alone here: such an RST is either injected
     * (server untouched) or a closed host's answer (server CLOSED). */
    assert_state(r->after[TD_CLIENT], TD_ESTABLISHED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_OUT_OF_WINDOW));
    assert_int_equal(t.conv.rst_frame, 0);
    assert_int_equal(t.conv.rst_side, 2);
    assert_false(t.conv.ep[0].rst_pending);
}

static void test_established_rst_other_ttl_middlebox(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    td_segment s = seg(&t, TD_SERVER, RSTACK, S1, C1, 0);
    s.ttl = 250;
    const td_result *r = feed(&t, s);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_MIDDLEBOX) | TD_BIT(TD_A_RST_ABORT));
    assert_int_equal(r->ttl_expected, SRV_TTL);
    assert_int_equal(r->ttl_seen, 250);
    /* The client took it; the server it claims to come from never sent it. */
    assert_states(r, TD_CLOSED, TD_ESTABLISHED);
    assert_false(t.conv.ep[1].sent_rst);
}

static void test_established_rst_same_ttl_not_middlebox(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    const td_result *r = srv(&t, RSTACK, S1, C1, 0);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_ABORT));
    assert_int_equal(r->ttl_expected, 0);
    assert_int_equal(r->ttl_seen, 0);
    assert_states(r, TD_CLOSED, TD_CLOSED);
}

static void test_established_rst_unacked_data_data_loss(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    cli(&t, PSHACK, C1, S1, 500);
    const td_result *r = srv(&t, RSTACK, S1, C1, 0);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_ABORT) | TD_BIT(TD_A_RST_DATA_LOSS));
    assert_int_equal(r->bytes, 500);
    assert_states(r, TD_CLOSED, TD_CLOSED);
}

static void test_established_rst_all_data_acked_no_data_loss(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    cli(&t, PSHACK, C1, S1, 500);
    srv(&t, ACK, S1, C1 + 500, 0);
    const td_result *r = srv(&t, RSTACK, S1, C1 + 500, 0);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_ABORT));
    assert_int_equal(r->bytes, 0);
}

static void test_established_rst_ignored_established_restored(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    srv(&t, RSTACK, S1, C1, 0);
    /* A second later, far beyond the 20 ms RTT: the client never took it. */
    t.now += 1 * SEC;
    const td_result *r = cli(&t, PSHACK, C1, S1, 100);
    assert_state(r->before[TD_CLIENT], TD_CLOSED);
    assert_states(r, TD_ESTABLISHED, TD_CLOSED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_IGNORED));
    assert_false(t.conv.ep[0].rst_pending);
    assert_int_equal(t.conv.rst_frame, 0);
    assert_int_equal(t.conv.rst_side, 2);
}

static void test_established_rst_crossed_in_flight_stays_closed(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    srv(&t, RSTACK, S1, C1, 0);
    /* 10 ms later, within one RTT: sent before the RST reached the client. */
    t.now = t.now - t.step + 10 * MS;
    const td_result *r = cli(&t, PSHACK, C1, S1, 100);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_true(t.conv.ep[0].rst_pending);
    assert_int_equal(t.conv.rst_frame, 4);
}

static void test_closed_second_rst_changes_nothing(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    srv(&t, RSTACK, S1, C1, 0);
    const td_result *r = srv(&t, RSTACK, S1, C1, 0);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_anomalies(r->anomalies, 0);
    assert_int_equal(t.conv.rst_frame, 4);
}

static void test_fin_wait_1_rst_closed_after_fin(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    const td_result *r = srv(&t, RSTACK, S1, C1 + 1, 0);
    assert_state(r->before[TD_CLIENT], TD_FIN_WAIT_1);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    /* The FIN's own slot is not data: nothing was lost. */
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_AFTER_FIN));
    assert_int_equal(r->bytes, 0);
}

static void test_fin_wait_2_rst_from_close_wait_closed_after_fin(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_2(&t);
    const td_result *r = srv(&t, RSTACK, S1, C1 + 1, 0);
    assert_state(r->before[TD_CLIENT], TD_FIN_WAIT_2);
    assert_state(r->before[TD_SERVER], TD_CLOSE_WAIT);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_AFTER_FIN));
}

static void test_close_wait_rst_after_data_to_closed_socket_data_loss(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_2(&t);
    srv(&t, PSHACK, S1, C1 + 1, 100);
    /* The client had closed its socket: data for it draws an RST. */
    const td_result *r = cli(&t, RST, C1 + 1, 0, 0);
    assert_state(r->before[TD_SERVER], TD_CLOSE_WAIT);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_AFTER_FIN) | TD_BIT(TD_A_RST_DATA_LOSS));
    assert_int_equal(r->bytes, 100);
}

static void test_last_ack_rst_closed_after_fin(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    last_ack(&t);
    const td_result *r = cli(&t, RST, C1 + 1, 0, 0);
    assert_state(r->before[TD_SERVER], TD_LAST_ACK);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_AFTER_FIN));
    assert_int_equal(r->bytes, 0);
}

static void test_closing_rst_closed_after_fin(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    closing(&t);
    const td_result *r = srv(&t, RST, S1 + 1, 0, 0);
    assert_state(r->before[TD_CLIENT], TD_CLOSING);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_AFTER_FIN));
    assert_int_equal(r->bytes, 0);
}

static void test_time_wait_rst_closed_time_wait_rst(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    time_wait(&t);
    /* RFC 1337: an RST kills TIME_WAIT early (Linux's default). */
    const td_result *r = srv(&t, RST, S1 + 1, 0, 0);
    assert_state(r->before[TD_CLIENT], TD_TIME_WAIT);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_TIME_WAIT_RST));
    assert_true(t.conv.rst_after_both_fins);
    assert_int_equal(t.conv.rst_frame, 8);
}

/* ---- data around the FINs --------------------------------------------- */

static void test_close_wait_data_half_close_once(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_2(&t);
    const td_result *r = srv(&t, PSHACK, S1, C1 + 1, 100);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_HALF_CLOSE));
    assert_states(r, TD_FIN_WAIT_2, TD_CLOSE_WAIT);
    assert_int_equal(t.conv.half_close_bytes, 100);
    r = srv(&t, PSHACK, S1 + 100, C1 + 1, 50);
    assert_anomalies(r->anomalies, 0);
    assert_int_equal(t.conv.half_close_bytes, 150);
    /* A retransmission is not new data. */
    r = srv(&t, PSHACK, S1, C1 + 1, 100);
    assert_anomalies(r->anomalies, 0);
    assert_int_equal(t.conv.half_close_bytes, 150);
}

static void test_fin_wait_1_data_after_own_fin_data_after_fin(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    const td_result *r = cli(&t, PSHACK, C1 + 1, S1, 10);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_DATA_AFTER_FIN));
    assert_int_equal(r->bytes, 10);
    assert_states(r, TD_FIN_WAIT_1, TD_ESTABLISHED);
}

static void test_fin_wait_2_keepalive_at_fin_slot_not_flagged(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_2(&t);
    /* One garbage byte at SND.UNA - 1, which is the FIN's slot. */
    const td_result *r = cli(&t, ACK, C1, S1, 1);
    assert_anomalies(r->anomalies, 0);
    assert_int_equal(r->bytes, 0);
    assert_states(r, TD_FIN_WAIT_2, TD_CLOSE_WAIT);
}

/* ---- LAST_ACK / TIME_WAIT --------------------------------------------- */

static void test_last_ack_fin_retransmitted_after_ack_back_to_last_ack(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    time_wait(&t);
    const td_result *r = srv(&t, FINACK, S1, C1 + 1, 0);
    assert_state(r->before[TD_SERVER], TD_CLOSED);
    /* The final ACK never arrived: the server is still waiting for it. */
    assert_states(r, TD_TIME_WAIT, TD_LAST_ACK);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_FIN_RETRANSMISSION) |
                                       TD_BIT(TD_A_TIME_WAIT_FIN_RETRANSMISSION));
    assert_int_equal(r->fin_of, TD_SERVER);
    assert_int_equal(r->fin_retransmission, 1);
    assert_false(t.conv.ep[1].fin_acked);
}

static void test_last_ack_final_ack_resent_closed(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    time_wait(&t);
    srv(&t, FINACK, S1, C1 + 1, 0);
    const td_result *r = cli(&t, ACK, C1 + 1, S1 + 1, 0);
    assert_states(r, TD_TIME_WAIT, TD_CLOSED);
    /* The client was in TIME_WAIT all along: it does not enter it again. */
    assert_anomalies(r->anomalies, 0);
    assert_int_equal(r->entered_time_wait, 0);
    assert_true(t.conv.ep[1].fin_acked);
    assert_int_equal(t.conv.ep[1].fin_ack_frame, 9);
}

/* RFC 9293 3.10.7.4 (eighth, TIME-WAIT): a retransmitted FIN restarts the
 * 2 MSL timer; Linux reschedules its TIME_WAIT timer too. */
static void test_time_wait_fin_retransmitted_timer_restarts(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    time_wait(&t);
    td_time tw = t.conv.ep[0].tw_time;
    feed_at(&t, tw + 20 * SEC, seg(&t, TD_SERVER, FINACK, S1, C1 + 1, 0));
    feed_at(&t, tw + 20 * SEC + 10 * MS, seg(&t, TD_CLIENT, ACK, C1 + 1, S1 + 1, 0));
    /* 70 s after the first entry but 50 s after the restart. */
    const td_result *r = feed_at(&t, tw + 70 * SEC, seg(&t, TD_SERVER, ACK, S1 + 1, C1 + 1, 0));
    assert_state(r->after[TD_CLIENT], TD_TIME_WAIT);
}

static void test_time_wait_segment_before_expiry_time_wait(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    time_wait(&t);
    td_time tw = t.conv.ep[0].tw_time;
    const td_result *r = feed_at(&t, tw + 60 * SEC - 1, seg(&t, TD_SERVER, ACK, S1 + 1, C1 + 1, 0));
    assert_state(r->before[TD_CLIENT], TD_TIME_WAIT);
    assert_states(r, TD_TIME_WAIT, TD_CLOSED);
}

static void test_time_wait_segment_after_expiry_closed(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    time_wait(&t);
    td_time tw = t.conv.ep[0].tw_time;
    /* TIME_WAIT ends by the clock; this segment only shows the time. */
    const td_result *r = feed_at(&t, tw + 60 * SEC, seg(&t, TD_SERVER, ACK, S1 + 1, C1 + 1, 0));
    assert_state(r->before[TD_CLIENT], TD_CLOSED);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_anomalies(r->anomalies, 0);
}

static void test_time_wait_fin_retransmitted_after_expiry_no_time_wait_flag(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    time_wait(&t);
    td_time tw = t.conv.ep[0].tw_time;
    const td_result *r = feed_at(&t, tw + 61 * SEC, seg(&t, TD_SERVER, FINACK, S1, C1 + 1, 0));
    assert_state(r->after[TD_CLIENT], TD_CLOSED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_FIN_RETRANSMISSION));
}

/* ---- 4-tuple reuse ----------------------------------------------------- */

/* Feeds a new connection's SYN and checks it against `prev`. */
static const td_result *reuse_syn(tconv *next, tconv *prev, td_time at, uint32_t isn)
{
    tc_init(next);
    td_segment syn = seg(next, TD_CLIENT, SYN, isn, 0, 0);
    syn.frame = 1;
    syn.time = at;
    td_conv_feed(&next->conv, &next->cfg, &syn, &next->res);
    td_conv_check_reuse(&next->conv, &prev->conv, &next->cfg, &syn, &next->res);
    return &next->res;
}

static void test_time_wait_syn_reuse_time_wait_reuse_isn_above(void **state)
{
    (void)state;
    tconv prev, next;
    tc_init(&prev);
    server_time_wait(&prev);
    td_time tw = prev.conv.ep[1].tw_time;
    /* 3000 is above everything the client sent before (1002), though below
     * what the server sent: RFC 6191 compares with the SYN sender's. */
    const td_result *r = reuse_syn(&next, &prev, tw + 10 * SEC, 3000);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_TIME_WAIT_REUSE));
    assert_int_equal(r->time_left, 50 * SEC);
    assert_true(r->isn_above);
    assert_true(next.conv.anomalies & TD_BIT(TD_A_TIME_WAIT_REUSE));
    assert_states(r, TD_SYN_SENT, TD_CLOSED);
}

/* RFC 6191 / Linux tcp_timewait_state_process: a SYN above the old sequence
 * space is handed to the listener and the TIME_WAIT socket is dropped. */
static void test_time_wait_syn_reuse_isn_above_ends_previous_time_wait(void **state)
{
    (void)state;
    tconv prev, next;
    tc_init(&prev);
    server_time_wait(&prev);
    td_time tw = prev.conv.ep[1].tw_time;
    reuse_syn(&next, &prev, tw + 10 * SEC, 3000);
    td_summary s;
    td_conv_summarize(&prev.conv, &prev.cfg, tw + 11 * SEC, &s);
    assert_state(s.final_state[TD_SERVER], TD_CLOSED);
    assert_int_equal(s.time_wait_holder, TD_SERVER);
}

static void test_time_wait_syn_reuse_isn_below_keeps_previous_time_wait(void **state)
{
    (void)state;
    tconv prev, next;
    tc_init(&prev);
    server_time_wait(&prev);
    td_time tw = prev.conv.ep[1].tw_time;
    reuse_syn(&next, &prev, tw + 10 * SEC, 900);
    td_summary s;
    td_conv_summarize(&prev.conv, &prev.cfg, tw + 11 * SEC, &s);
    assert_state(s.final_state[TD_SERVER], TD_TIME_WAIT);
}

static void test_time_wait_syn_reuse_time_wait_reuse_isn_below(void **state)
{
    (void)state;
    tconv prev, next;
    tc_init(&prev);
    server_time_wait(&prev);
    td_time tw = prev.conv.ep[1].tw_time;
    const td_result *r = reuse_syn(&next, &prev, tw + 59 * SEC, 900);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_TIME_WAIT_REUSE));
    assert_int_equal(r->time_left, 1 * SEC);
    assert_false(r->isn_above);
}

static void test_time_wait_syn_reuse_isn_above_across_wrap(void **state)
{
    (void)state;
    tconv prev, next;
    tc_init(&prev);
    /* The old client's sequence space ends at 0xFFFFFF01, just short of the
     * wrap; a new ISN of 0x100 lies past it. */
    handshake_isn(&prev, 0xFFFFFEFFu, SISN);
    cli(&prev, FINACK, 0xFFFFFF00u, S1, 0);
    srv(&prev, FINACK, S1, 0xFFFFFF01u, 0);
    const td_result *closed = cli(&prev, ACK, 0xFFFFFF01u, S1 + 1, 0);
    assert_states(closed, TD_TIME_WAIT, TD_CLOSED);
    td_time tw = prev.conv.ep[0].tw_time;
    const td_result *r = reuse_syn(&next, &prev, tw + 1 * SEC, 0x100);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_TIME_WAIT_REUSE));
    assert_int_equal(r->time_left, 59 * SEC);
    assert_true(r->isn_above);
    r = reuse_syn(&next, &prev, tw + 1 * SEC, 0xFFFFFE00u);
    assert_false(r->isn_above);
}

static void test_closed_syn_after_time_wait_expired_no_reuse(void **state)
{
    (void)state;
    tconv prev, next;
    tc_init(&prev);
    server_time_wait(&prev);
    td_time tw = prev.conv.ep[1].tw_time;
    const td_result *r = reuse_syn(&next, &prev, tw + 60 * SEC, 3000);
    assert_anomalies(r->anomalies, 0);
    assert_int_equal(r->time_left, 0);
    assert_false(r->isn_above);
    assert_anomalies(next.conv.anomalies, 0);
    r = reuse_syn(&next, &prev, tw + 300 * SEC, 3000);
    assert_anomalies(r->anomalies, 0);
}

static void test_closed_syn_after_time_wait_rst_no_reuse(void **state)
{
    (void)state;
    tconv prev, next;
    tc_init(&prev);
    time_wait(&prev);
    /* An RST ended the TIME_WAIT: the 4-tuple is free again. */
    srv(&prev, RST, S1 + 1, 0, 0);
    const td_result *r = reuse_syn(&next, &prev, prev.now, 3000);
    assert_anomalies(r->anomalies, 0);
    assert_int_equal(r->time_left, 0);
}

/* Issue 10, class 1: a three-segment close (FIN, FIN+ACK, ACK) whose final
 * ACK is lost. The server's FIN carried the ACK of the client's FIN, so the
 * server had taken that FIN in: its FIN again means LAST_ACK, not CLOSING. */
static void test_closed_fin_ack_retransmitted_after_final_ack_back_to_last_ack(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    const td_result *r = srv(&t, FINACK, S1, C1 + 1, 0);
    assert_states(r, TD_FIN_WAIT_2, TD_LAST_ACK);
    r = cli(&t, ACK, C1 + 1, S1 + 1, 0);
    assert_states(r, TD_TIME_WAIT, TD_CLOSED);
    t.now += 200 * MS;
    r = srv(&t, FINACK, S1, C1 + 1, 0);
    assert_states(r, TD_TIME_WAIT, TD_LAST_ACK);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_FIN_RETRANSMISSION) | TD_BIT(TD_A_TIME_WAIT_FIN_RETRANSMISSION));
    /* The client's re-ACK from TIME_WAIT counts as received, as any ACK. */
    r = cli(&t, ACK, C1 + 1, S1 + 1, 0);
    assert_states(r, TD_TIME_WAIT, TD_CLOSED);
}

/* Issue 10, class 2: the FINs crossed and each side's ACK of the other's
 * FIN was captured but lost after the capture point: each sends its FIN
 * again, which shows the ACK it waited for never came. Each had taken the
 * other's FIN in (its own ACK says so), so both are back in CLOSING. */
static void test_closing_both_fins_retransmitted_after_acks_both_closing(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    closing(&t);
    const td_result *r = srv(&t, ACK, S1 + 1, C1 + 1, 0);
    assert_states(r, TD_TIME_WAIT, TD_TIME_WAIT);
    t.now += 200 * MS;
    r = cli(&t, FINACK, C1, S1 + 1, 0);
    assert_states(r, TD_CLOSING, TD_TIME_WAIT);
    r = srv(&t, FINACK, S1, C1 + 1, 0);
    assert_state(r->after[TD_SERVER], TD_CLOSING);
}

/* Issue 10, class 3, the keep-alive race: the server's FIN crossed the
 * client's request; the client took the FIN in (CLOSE_WAIT); the server
 * answers the request with an RST carrying the request's ACK field, which
 * is the FIN's own number, RCV.NXT - 1 at the client. Linux
 * (tcp_reset_check) takes it in CLOSE_WAIT. */
static void test_close_wait_rst_at_fin_slot_closed(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    srv(&t, FINACK, S1, C1, 0);
    const td_result *r = cli(&t, PSHACK, C1, S1, 100);
    r = cli(&t, ACK, C1 + 100, S1 + 1, 0);
    assert_states(r, TD_CLOSE_WAIT, TD_FIN_WAIT_2);
    r = srv(&t, RST, S1, 0, 0);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    /* The client's data crossed the server's FIN: the keep-alive race. */
    assert_anomalies(r->anomalies,
                     TD_BIT(TD_A_RST_AFTER_FIN) | TD_BIT(TD_A_RST_DATA_LOSS) | TD_BIT(TD_A_KEEPALIVE_RACE));
    assert_int_equal(t.conv.rst_frame, 7);
}

/* The same race seen where the client's ACK of the FIN never arrived: the
 * RST is at the client's last ACK, which is exactly RCV.NXT if the FIN was
 * lost and RCV.NXT - 1 in CLOSE_WAIT if it came: taken either way. */
static void test_established_rst_at_fin_slot_without_its_ack_closed(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    srv(&t, FINACK, S1, C1, 0);
    cli(&t, PSHACK, C1, S1, 100);
    const td_result *r = srv(&t, RST, S1, 0, 0);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_int_equal(t.conv.rst_frame, 6);
}

/* Issue 11, item 8: an RST at the receiver's last ACK after the sender has
 * sent more: the data arrived before the RST (same path), so RCV.NXT moved
 * on and Linux answers with a challenge ACK instead. */
static void test_established_rst_at_stale_ack_after_more_data_not_taken(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    srv(&t, PSHACK, S1, C1, 500);
    const td_result *r = srv(&t, RST, S1, 0, 0);
    /* Neither the server's SND.NXT nor its FIN's slot: not the server's own
     * RST (an injector's), so it says nothing of the server either. */
    assert_states(r, TD_ESTABLISHED, TD_ESTABLISHED);
    assert_false(t.conv.ep[1].sent_rst);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_OUT_OF_WINDOW));
    assert_int_equal(t.conv.rst_frame, 0);
}

/* Issue 11, item 2: the client's ACK of the server's FIN was captured just
 * before the FIN itself (same timestamp, other order): the FIN is taken in. */
static void test_established_ack_captured_before_fin_close_wait(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    t.step = 0;
    cli(&t, ACK, C1, S1 + 1, 0);
    const td_result *r = srv(&t, FINACK, S1, C1, 0);
    assert_states(r, TD_CLOSE_WAIT, TD_FIN_WAIT_2);
    assert_true(t.conv.ep[1].fin_taken);
    assert_int_equal(t.conv.ep[1].fin_ack_frame, 4);
}

/* Issue 11, item 3: the server's RST+ACK acknowledges the client's FIN: the
 * server had it, so the FIN was acknowledged, if only by the RST. */
static void test_fin_wait_1_rst_ack_covering_fin_fin_taken(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    const td_result *r = srv(&t, RSTACK, S1, C1 + 1, 0);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_true(t.conv.ep[0].fin_taken);
    assert_int_equal(t.conv.ep[0].fin_ack_frame, 5);
}

/* Issue 11, item 3: an ACK from the RST's receiver within about a round trip
 * of the RST (twice the handshake RTT) crossed it in flight: the RST stands. */
static void test_closed_ack_crossing_rst_within_round_trip_stays_closed(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    t.step = 30 * MS;
    srv(&t, RST, S1, 0, 0);
    const td_result *r = cli(&t, ACK, C1, S1, 0);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_int_equal(t.conv.rst_frame, 4);
}

/* Issue 10, a FIN lost before the capture point: the client's next segment
 * is numbered one past all it was seen to send, so it did send a FIN. */
static void test_established_ack_one_past_unseen_fin_fin_wait_1(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    handshake(&t);
    srv(&t, FINACK, S1, C1, 0);
    /* The client's FIN (C1) never reached this capture; its ACK of the
     * server's FIN carries C1 + 1. */
    const td_result *r = cli(&t, ACK, C1 + 1, S1 + 1, 0);
    assert_states(r, TD_CLOSING, TD_FIN_WAIT_2);
    assert_true(t.conv.ep[0].fin_sent && t.conv.ep[0].fin_inferred);
    assert_int_equal(t.conv.ep[0].fin_seq, C1);
    assert_int_equal(r->fin_of, TD_CLIENT);
    /* Its retransmission arrives and the server acknowledges it. */
    t.now += 200 * MS;
    cli(&t, FINACK, C1, S1 + 1, 0);
    r = srv(&t, ACK, S1 + 1, C1 + 1, 0);
    assert_states(r, TD_TIME_WAIT, TD_TIME_WAIT);
}

/* An ACK of the same FIN lost twice in a row: the third is not believed
 * until the FIN's sender falls silent (its LAST_ACK stands per packet). */
static void test_last_ack_third_ack_after_two_lost_not_believed(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    last_ack(&t);
    const td_result *r = cli(&t, ACK, C1 + 1, S1 + 1, 0);
    assert_states(r, TD_TIME_WAIT, TD_CLOSED);
    for (int i = 1; i <= 2; i++) {
        t.now += (200 * MS) << i;
        r = srv(&t, FINACK, S1, C1 + 1, 0);
        assert_states(r, TD_TIME_WAIT, TD_LAST_ACK);
        assert_int_equal(t.conv.ep[1].acks_lost, i);
        r = cli(&t, ACK, C1 + 1, S1 + 1, 0);
    }
    assert_states(r, TD_TIME_WAIT, TD_LAST_ACK);
    assert_false(t.conv.ep[1].fin_acked);
}

/* Issue 10, three-segment close whose FIN+ACK is always lost: the client
 * sends its FIN again, and the server's ACK of it is numbered one past its
 * lost FIN. That FIN carried the ACK the client waited for: LAST_ACK. */
static void test_close_wait_unseen_fin_ack_after_peer_retransmission_last_ack(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    t.now += 200 * MS;
    cli(&t, FINACK, C1, S1, 0);
    const td_result *r = srv(&t, ACK, S1 + 1, C1 + 1, 0);
    assert_states(r, TD_FIN_WAIT_2, TD_LAST_ACK);
    assert_true(t.conv.ep[1].fin_inferred && t.conv.ep[1].closed_after_peer_fin);
}

/* ---- captures from other stacks and capture points ---------------------- */

/* The capture point stamped the refusing RST/ACK before the SYN it answers.
 * The client's port is the lower one, so a port guess would swap the roles. */
static void test_closed_rst_before_its_syn_refused_syn_sender_client(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    td_segment rst = seg_raw(1, 8080, 1023, RSTACK, 0, CISN + 1, 0);
    const td_result *r = feed(&t, rst);
    assert_int_equal(r->sender, TD_SERVER);
    assert_false(t.conv.midstream);
    assert_state(r->before[TD_CLIENT], TD_SYN_SENT);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_anomalies(r->anomalies, TD_BIT(TD_A_RST_REFUSED));
    r = feed(&t, seg_raw(0, 1023, 8080, SYN, CISN, 0, 0));
    assert_int_equal(r->sender, TD_CLIENT);
    /* That SYN was sent before the RST: it reopens nothing. */
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_anomalies(r->anomalies, 0);
    assert_int_equal(t.conv.rst_frame, 1);
    assert_true(t.conv.ep[0].sent_syn);
}

/* A refusal, then the same SYN again (Windows retries twice after an RST):
 * the client waits in SYN-SENT again; the refusal stays on record. */
static void test_closed_syn_retried_after_refusal_syn_sent(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    srv(&t, RSTACK, 0, C1, 0);
    t.now += 500 * MS;
    const td_result *r = cli(&t, SYN, CISN, 0, 0);
    assert_states(r, TD_SYN_SENT, TD_CLOSED);
    assert_anomalies(r->anomalies, 0);
    assert_int_equal(t.conv.rst_frame, 2);
    r = srv(&t, RSTACK, 0, C1, 0);
    assert_states(r, TD_CLOSED, TD_CLOSED);
    assert_int_equal(t.conv.rst_frame, 2);
}

/* After both FINs were acknowledged, a segment numbered millions past its
 * sender's space is a new connection whose SYN the capture missed; one near
 * the old space (a late duplicate, a keep-alive) still belongs to the old
 * connection, and so does anything before both FINs were taken. */
static void test_time_wait_far_segment_starts_anew(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    time_wait(&t);
    td_segment far = seg(&t, TD_CLIENT, PSHACK, C1 + 1 + 40000000u, S1 + 1 + 70000000u, 100);
    td_segment near = seg(&t, TD_CLIENT, PSHACK, C1 + 1, S1 + 1, 100);
    td_segment far_rst = seg(&t, TD_CLIENT, RST, C1 + 1 + 40000000u, 0, 0);
    assert_true(td_conv_starts_anew(&t.conv, &far));
    assert_false(td_conv_starts_anew(&t.conv, &near));
    assert_false(td_conv_starts_anew(&t.conv, &far_rst));
}

static void test_fin_wait_1_far_segment_not_anew(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    fin_wait_1(&t);
    td_segment far = seg(&t, TD_SERVER, PSHACK, S1 + 40000000u, C1 + 1, 100);
    assert_false(td_conv_starts_anew(&t.conv, &far));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_rst_before_its_syn_refused_syn_sender_client),
        cmocka_unit_test(test_closed_syn_retried_after_refusal_syn_sent),
        cmocka_unit_test(test_close_wait_unseen_fin_ack_after_peer_retransmission_last_ack),
        cmocka_unit_test(test_established_ack_one_past_unseen_fin_fin_wait_1),
        cmocka_unit_test(test_last_ack_third_ack_after_two_lost_not_believed),
        cmocka_unit_test(test_closed_fin_ack_retransmitted_after_final_ack_back_to_last_ack),
        cmocka_unit_test(test_closing_both_fins_retransmitted_after_acks_both_closing),
        cmocka_unit_test(test_close_wait_rst_at_fin_slot_closed),
        cmocka_unit_test(test_established_rst_at_fin_slot_without_its_ack_closed),
        cmocka_unit_test(test_established_rst_at_stale_ack_after_more_data_not_taken),
        cmocka_unit_test(test_established_ack_captured_before_fin_close_wait),
        cmocka_unit_test(test_fin_wait_1_rst_ack_covering_fin_fin_taken),
        cmocka_unit_test(test_closed_ack_crossing_rst_within_round_trip_stays_closed),
        cmocka_unit_test(test_closed_syn_sent_syn_sent),
        cmocka_unit_test(test_syn_sent_synack_syn_received),
        cmocka_unit_test(test_syn_received_ack_established),
        cmocka_unit_test(test_syn_received_ack_across_wrap_established),
        cmocka_unit_test(test_syn_sent_syn_retransmitted_stays_syn_sent),
        cmocka_unit_test(test_syn_sent_syn_retransmitted_rtt_from_last_syn),
        cmocka_unit_test(test_syn_sent_handshake_at_time_zero_rtt_measured),
        cmocka_unit_test(test_closed_syn_from_side_1_client_is_side_1),
        cmocka_unit_test(test_closed_role_of_side_before_any_segment_none),
        cmocka_unit_test(test_closed_midstream_data_both_established),
        cmocka_unit_test(test_closed_midstream_from_low_port_sender_is_server),
        cmocka_unit_test(test_closed_midstream_equal_ports_receiver_is_server),
        cmocka_unit_test(test_established_midstream_fin_fin_wait_1),
        cmocka_unit_test(test_closed_lone_synack_receiver_is_client),
        cmocka_unit_test(test_syn_sent_ack_after_lone_synack_established),
        cmocka_unit_test(test_established_fin_sent_fin_wait_1),
        cmocka_unit_test(test_fin_wait_1_fin_acked_fin_wait_2),
        cmocka_unit_test(test_close_wait_fin_sent_last_ack),
        cmocka_unit_test(test_fin_wait_2_ack_below_fin_stays_fin_wait_2),
        cmocka_unit_test(test_fin_wait_2_fin_acked_time_wait),
        cmocka_unit_test(test_fin_wait_1_fin_ack_piggybacked_last_ack),
        cmocka_unit_test(test_established_fin_with_data_fin_wait_1),
        cmocka_unit_test(test_fin_wait_1_ack_of_data_before_fin_stays_fin_wait_1),
        cmocka_unit_test(test_fin_wait_1_unacked_fin_receiver_stays_established),
        cmocka_unit_test(test_fin_wait_1_fin_retransmitted_nothing_moves),
        cmocka_unit_test(test_fin_wait_2_fin_retransmitted_back_to_fin_wait_1),
        cmocka_unit_test(test_established_out_of_order_fin_fin_wait_1),
        cmocka_unit_test(test_fin_wait_1_hole_before_fin_filled_fin_wait_2),
        cmocka_unit_test(test_fin_wait_1_peer_fin_crossed_close_simultaneous),
        cmocka_unit_test(test_fin_wait_1_crossed_fin_acked_closing),
        cmocka_unit_test(test_closing_fin_acked_time_wait_both),
        cmocka_unit_test(test_fin_wait_1_ack_across_wrap_fin_wait_2),
        cmocka_unit_test(test_established_fin_with_data_across_wrap_fin_wait_2),
        cmocka_unit_test(test_syn_sent_rst_ack_closed_refused),
        cmocka_unit_test(test_syn_sent_rst_without_ack_out_of_window),
        cmocka_unit_test(test_syn_sent_rst_wrong_ack_out_of_window),
        cmocka_unit_test(test_syn_received_rst_closed_abort),
        cmocka_unit_test(test_syn_received_rst_beyond_unscaled_synack_window_out_of_window),
        cmocka_unit_test(test_established_rst_exact_closed_abort),
        cmocka_unit_test(test_established_rst_in_window_not_at_rcv_nxt_challenged),
        cmocka_unit_test(test_established_rst_out_of_window_receiver_unchanged),
        cmocka_unit_test(test_established_rst_other_ttl_middlebox),
        cmocka_unit_test(test_established_rst_same_ttl_not_middlebox),
        cmocka_unit_test(test_established_rst_unacked_data_data_loss),
        cmocka_unit_test(test_established_rst_all_data_acked_no_data_loss),
        cmocka_unit_test(test_established_rst_ignored_established_restored),
        cmocka_unit_test(test_established_rst_crossed_in_flight_stays_closed),
        cmocka_unit_test(test_closed_second_rst_changes_nothing),
        cmocka_unit_test(test_fin_wait_1_rst_closed_after_fin),
        cmocka_unit_test(test_fin_wait_2_rst_from_close_wait_closed_after_fin),
        cmocka_unit_test(test_close_wait_rst_after_data_to_closed_socket_data_loss),
        cmocka_unit_test(test_last_ack_rst_closed_after_fin),
        cmocka_unit_test(test_closing_rst_closed_after_fin),
        cmocka_unit_test(test_time_wait_rst_closed_time_wait_rst),
        cmocka_unit_test(test_close_wait_data_half_close_once),
        cmocka_unit_test(test_fin_wait_1_data_after_own_fin_data_after_fin),
        cmocka_unit_test(test_fin_wait_2_keepalive_at_fin_slot_not_flagged),
        cmocka_unit_test(test_last_ack_fin_retransmitted_after_ack_back_to_last_ack),
        cmocka_unit_test(test_last_ack_final_ack_resent_closed),
        cmocka_unit_test(test_time_wait_fin_retransmitted_timer_restarts),
        cmocka_unit_test(test_time_wait_segment_before_expiry_time_wait),
        cmocka_unit_test(test_time_wait_segment_after_expiry_closed),
        cmocka_unit_test(test_time_wait_fin_retransmitted_after_expiry_no_time_wait_flag),
        cmocka_unit_test(test_time_wait_syn_reuse_time_wait_reuse_isn_above),
        cmocka_unit_test(test_time_wait_syn_reuse_time_wait_reuse_isn_below),
        cmocka_unit_test(test_time_wait_syn_reuse_isn_above_ends_previous_time_wait),
        cmocka_unit_test(test_time_wait_syn_reuse_isn_below_keeps_previous_time_wait),
        cmocka_unit_test(test_time_wait_syn_reuse_isn_above_across_wrap),
        cmocka_unit_test(test_closed_syn_after_time_wait_expired_no_reuse),
        cmocka_unit_test(test_closed_syn_after_time_wait_rst_no_reuse),
        cmocka_unit_test(test_time_wait_far_segment_starts_anew),
        cmocka_unit_test(test_fin_wait_1_far_segment_not_anew),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
