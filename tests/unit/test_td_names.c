/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for td_names.c: the printed names are the spec's user-facing
 * strings (display filters, tshark -e, scripts), so each is pinned here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "td_engine.h"

/* The spec's lists, spelled out by hand rather than taken from the X-macros:
 * a rename in the header must fail here. */
static const char *const spec_states[] = {
    "CLOSED", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1",
    "FIN_WAIT_2", "CLOSING", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK",
};

static const char *const spec_outcomes[] = {
    "open", "graceful", "half_closed", "incomplete", "reset", "refused", "unanswered",
};

static const char *const spec_conn_states[] = {
    "S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH",
};

/* Expert info names from the spec, without the "teardown." prefix. */
static const struct {
    td_anomaly a;
    const char *name;
} spec_anomalies[] = {
    {TD_A_CLOSE_ACTIVE, "close.active"},
    {TD_A_CLOSE_PASSIVE, "close.passive"},
    {TD_A_CLOSE_SIMULTANEOUS, "close.simultaneous"},
    {TD_A_HALF_CLOSE, "half_close"},
    {TD_A_FIN_RETRANSMISSION, "fin.retransmission"},
    {TD_A_FIN_UNACKED, "fin.unacked"},
    {TD_A_RST_ABORT, "rst.abort"},
    {TD_A_RST_AFTER_FIN, "rst.after_fin"},
    {TD_A_RST_REFUSED, "rst.refused"},
    {TD_A_RST_OUT_OF_WINDOW, "rst.out_of_window"},
    {TD_A_RST_DATA_LOSS, "rst.data_loss"},
    {TD_A_RST_MIDDLEBOX, "rst.middlebox"},
    {TD_A_TIME_WAIT, "time_wait"},
    {TD_A_TIME_WAIT_REUSE, "time_wait.reuse"},
    {TD_A_TIME_WAIT_FIN_RETRANSMISSION, "time_wait.fin_retransmission"},
    {TD_A_TIME_WAIT_RST, "time_wait.rst"},
    {TD_A_CLOSE_WAIT_STUCK, "close_wait.stuck"},
    {TD_A_DATA_AFTER_FIN, "data_after_fin"},
    {TD_A_IDLE_TIMEOUT, "idle_timeout"},
    {TD_A_KEEPALIVE_RACE, "keepalive_race"},
    {TD_A_RETRANSMISSION_TIMEOUT, "retransmission_timeout"},
    {TD_A_KEEPALIVE_TIMEOUT, "keepalive_timeout"},
    {TD_A_RST_IGNORED, "rst.ignored"},
    {TD_A_STALE_STATE, "stale_state"},
};

/* The spec's teardown.cause labels, in its order. */
static const char *const spec_causes[] = {
    "open", "app_close", "idle_close", "idle_reset", "keepalive_race", "retransmission_timeout",
    "keepalive_timeout", "refused", "unanswered", "abort", "unread_data", "data_after_close",
    "middlebox_reset", "stale_state", "unknown",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_state_names_match_spec(void **state)
{
    (void)state;
    assert_int_equal(TD_STATE_COUNT, COUNT(spec_states));
    for (int s = 0; s < TD_STATE_COUNT; s++)
        assert_string_equal(td_state_name((td_state)s), spec_states[s]);
    assert_string_equal(td_state_name(TD_FIN_WAIT_1), "FIN_WAIT_1");
    assert_string_equal(td_state_name(TD_LAST_ACK), "LAST_ACK");
}

static void test_outcome_names_match_spec(void **state)
{
    (void)state;
    assert_int_equal(TD_OUTCOME_COUNT, COUNT(spec_outcomes));
    for (int o = 0; o < TD_OUTCOME_COUNT; o++)
        assert_string_equal(td_outcome_name((td_outcome)o), spec_outcomes[o]);
    assert_string_equal(td_outcome_name(TD_OUTCOME_HALF_CLOSED), "half_closed");
}

static void test_conn_state_names_match_spec(void **state)
{
    (void)state;
    assert_int_equal(TD_CS_COUNT, COUNT(spec_conn_states));
    for (int c = 0; c < TD_CS_COUNT; c++)
        assert_string_equal(td_conn_state_name((td_conn_state)c), spec_conn_states[c]);
    assert_string_equal(td_conn_state_name(TD_CS_RSTOS0), "RSTOS0");
}

static void test_anomaly_names_match_spec(void **state)
{
    (void)state;
    assert_int_equal(TD_ANOMALY_COUNT, COUNT(spec_anomalies));
    for (size_t i = 0; i < COUNT(spec_anomalies); i++)
        assert_string_equal(td_anomaly_name(spec_anomalies[i].a), spec_anomalies[i].name);
    assert_string_equal(td_anomaly_name(TD_A_RST_DATA_LOSS), "rst.data_loss");
}

static void test_cause_names_match_spec(void **state)
{
    (void)state;
    assert_int_equal(TD_CAUSE_COUNT, COUNT(spec_causes));
    for (int c = 0; c < TD_CAUSE_COUNT; c++)
        assert_string_equal(td_cause_name((td_cause)c), spec_causes[c]);
    assert_string_equal(td_abort_stage_name(TD_STAGE_FIRST_DATA), "first_data");
    assert_string_equal(td_abort_stage_name(TD_STAGE_AFTER_HANDSHAKE), "after_handshake");
}

static void test_anomaly_names_are_distinct(void **state)
{
    (void)state;
    /* Each name is a display filter: two anomalies sharing one would merge. */
    for (int a = 0; a < TD_ANOMALY_COUNT; a++)
        for (int b = a + 1; b < TD_ANOMALY_COUNT; b++)
            assert_string_not_equal(td_anomaly_name((td_anomaly)a), td_anomaly_name((td_anomaly)b));
}

static void test_anomaly_bits_fit_the_mask(void **state)
{
    (void)state;
    /* Masks are uint32_t: a 33rd anomaly would silently vanish. */
    assert_true(TD_ANOMALY_COUNT <= 32);
    assert_int_equal(TD_BIT(TD_A_CLOSE_ACTIVE), 1);
    assert_true(TD_BIT(TD_ANOMALY_COUNT - 1) != 0);
}

static void test_role_names_match_spec(void **state)
{
    (void)state;
    assert_string_equal(td_role_name(TD_CLIENT), "client");
    assert_string_equal(td_role_name(TD_SERVER), "server");
    assert_string_equal(td_role_name(TD_ROLE_NONE), "none");
}

static void test_out_of_range_values_name_question_mark(void **state)
{
    (void)state;
    assert_string_equal(td_state_name(TD_STATE_COUNT), "?");
    assert_string_equal(td_state_name((td_state)200), "?");
    assert_string_equal(td_outcome_name(TD_OUTCOME_COUNT), "?");
    assert_string_equal(td_outcome_name((td_outcome)200), "?");
    assert_string_equal(td_conn_state_name(TD_CS_COUNT), "?");
    assert_string_equal(td_conn_state_name((td_conn_state)200), "?");
    assert_string_equal(td_anomaly_name(TD_ANOMALY_COUNT), "?");
    assert_string_equal(td_anomaly_name((td_anomaly)200), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_names_match_spec),
        cmocka_unit_test(test_outcome_names_match_spec),
        cmocka_unit_test(test_conn_state_names_match_spec),
        cmocka_unit_test(test_anomaly_names_match_spec),
        cmocka_unit_test(test_cause_names_match_spec),
        cmocka_unit_test(test_anomaly_names_are_distinct),
        cmocka_unit_test(test_anomaly_bits_fit_the_mask),
        cmocka_unit_test(test_role_names_match_spec),
        cmocka_unit_test(test_out_of_range_values_name_question_mark),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
