/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for td_store.c: what is kept of a segment's result, and that
 * every segment's result is rebuilt exactly from what was kept. */
#include "conv_builder.h"

#define MAX_KEPT 64

/* What a caller keeps for one conversation: changes in frame order, whole
 * results beside the changes that need them, and every result fed, to
 * compare the rebuilt ones against. */
typedef struct kept {
    td_change changes[MAX_KEPT];
    td_result whole[MAX_KEPT];
    uint32_t n;
    td_result fed[MAX_KEPT];
    uint8_t fed_side[MAX_KEPT];
    uint32_t n_fed;
} kept;

static void keep(kept *k, const tconv *t, uint8_t side)
{
    const td_result *r = &t->res;
    td_role sender = td_conv_role_of_side(&t->conv, side);
    k->fed[k->n_fed] = *r;
    k->fed_side[k->n_fed++] = side;
    const td_change *prev = k->n ? &k->changes[k->n - 1] : NULL;
    if (td_change_quiet(sender, prev, r))
        return;
    if (td_change_make(&k->changes[k->n], t->frame, sender, prev, r))
        k->whole[k->n] = *r;
    k->n++;
}

static void keep_cli(kept *k, tconv *t, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len)
{
    cli(t, flags, seq, ack, len);
    keep(k, t, t->cs);
}

static void keep_srv(kept *k, tconv *t, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len)
{
    srv(t, flags, seq, ack, len);
    keep(k, t, (uint8_t)(t->cs ^ 1));
}

/* The result of frame `frame` (1-based) from what was kept, as the glue's
 * later passes get it. */
static td_result recall(const kept *k, const tconv *t, uint32_t frame, uint8_t side)
{
    td_role sender = td_conv_role_of_side(&t->conv, side);
    uint32_t upto = td_change_count_upto(k->changes, k->n, frame);
    const td_change *at = upto ? &k->changes[upto - 1] : NULL;
    td_result out;
    if (at && at->frame == frame) {
        if (at->full)
            return k->whole[upto - 1];
        td_change_rebuild(sender, upto > 1 ? &k->changes[upto - 2] : NULL, at, &out);
    } else {
        td_change_rebuild(sender, at, NULL, &out);
    }
    return out;
}

static void assert_all_recalled(const kept *k, const tconv *t)
{
    for (uint32_t i = 0; i < k->n_fed; i++) {
        td_result got = recall(k, t, i + 1, k->fed_side[i]);
        assert_true(td_result_same(&got, &k->fed[i]));
    }
}

static void handshake_kept(kept *k, tconv *t)
{
    keep_cli(k, t, SYN, CISN, 0, 0);
    keep_srv(k, t, SYNACK, SISN, C1, 0);
    keep_cli(k, t, ACK, C1, S1, 0);
}

/* ---- what is kept ------------------------------------------------------- */

static void test_first_segment_kept_as_change(void **state)
{
    (void)state;
    tconv t;
    tc_init(&t);
    cli(&t, SYN, CISN, 0, 0);
    assert_false(td_change_quiet(TD_CLIENT, NULL, &t.res));
}

static void test_established_data_kept_nothing(void **state)
{
    (void)state;
    tconv t;
    kept k = {0};
    tc_init(&t);
    handshake_kept(&k, &t);
    uint32_t after_handshake = k.n;
    keep_cli(&k, &t, PSHACK, C1, S1, 100);
    keep_srv(&k, &t, ACK, S1, C1 + 100, 0);
    keep_srv(&k, &t, PSHACK, S1, C1 + 100, 50);
    assert_int_equal(k.n, after_handshake);
    assert_all_recalled(&k, &t);
}

static void test_graceful_close_kept_compact_and_recalled(void **state)
{
    (void)state;
    tconv t;
    kept k = {0};
    tc_init(&t);
    handshake_kept(&k, &t);
    keep_cli(&k, &t, PSHACK, C1, S1, 100);
    keep_cli(&k, &t, FINACK, C1 + 100, S1, 0);
    keep_srv(&k, &t, ACK, S1, C1 + 101, 0);
    keep_srv(&k, &t, FINACK, S1, C1 + 101, 0);
    keep_cli(&k, &t, ACK, C1 + 101, S1 + 1, 0);
    for (uint32_t i = 0; i < k.n; i++)
        assert_false(k.changes[i].full);
    assert_int_equal(k.changes[k.n - 1].entered_time_wait, TD_ROLE_BIT(TD_CLIENT));
    assert_all_recalled(&k, &t);
}

static void test_rst_with_data_in_flight_kept_whole(void **state)
{
    (void)state;
    tconv t;
    kept k = {0};
    tc_init(&t);
    handshake_kept(&k, &t);
    keep_cli(&k, &t, PSHACK, C1, S1, 1000);
    keep_cli(&k, &t, RSTACK, C1 + 1000, S1, 0);
    assert_true(t.res.anomalies & TD_BIT(TD_A_RST_DATA_LOSS));
    assert_true(k.changes[k.n - 1].full);
    assert_all_recalled(&k, &t);
}

static void test_rst_from_middlebox_ttl_kept_whole(void **state)
{
    (void)state;
    tconv t;
    kept k = {0};
    tc_init(&t);
    handshake_kept(&k, &t);
    td_segment s = seg(&t, TD_SERVER, RSTACK, S1, C1, 0);
    s.ttl = 250;
    feed(&t, s);
    keep(&k, &t, (uint8_t)(t.cs ^ 1));
    assert_true(t.res.anomalies & TD_BIT(TD_A_RST_MIDDLEBOX));
    assert_true(k.changes[k.n - 1].full);
    assert_all_recalled(&k, &t);
}

/* ---- rebuilding --------------------------------------------------------- */

static void test_quiet_segment_rebuilt_with_states_of_previous_change(void **state)
{
    (void)state;
    td_change prev = {.frame = 4, .after = {TD_FIN_WAIT_2, TD_CLOSE_WAIT}, .fin_of = TD_CLIENT,
                      .entered_close_wait = TD_ROLE_BIT(TD_SERVER), .anomalies = TD_BIT(TD_A_CLOSE_ACTIVE)};
    td_result r;
    td_change_rebuild(TD_SERVER, &prev, NULL, &r);
    assert_int_equal(r.sender, TD_SERVER);
    assert_state(r.before[TD_CLIENT], TD_FIN_WAIT_2);
    assert_state(r.after[TD_SERVER], TD_CLOSE_WAIT);
    assert_int_equal(r.fin_of, TD_ROLE_NONE);
    assert_int_equal(r.entered_close_wait, 0);
    assert_int_equal(r.anomalies, 0);
}

static void test_count_upto_finds_last_change_at_or_before(void **state)
{
    (void)state;
    td_change c[3] = {{.frame = 1}, {.frame = 5}, {.frame = 9}};
    assert_int_equal(td_change_count_upto(c, 3, 0), 0);
    assert_int_equal(td_change_count_upto(c, 3, 1), 1);
    assert_int_equal(td_change_count_upto(c, 3, 4), 1);
    assert_int_equal(td_change_count_upto(c, 3, 5), 2);
    assert_int_equal(td_change_count_upto(c, 3, 100), 3);
    assert_int_equal(td_change_count_upto(c, 0, 100), 0);
}

static void test_result_same_compares_every_field(void **state)
{
    (void)state;
    td_result a, b;
    memset(&a, 0, sizeof a);
    b = a;
    assert_true(td_result_same(&a, &b));
    b.time_left = 1;
    assert_false(td_result_same(&a, &b));
    b = a;
    b.isn_above = true;
    assert_false(td_result_same(&a, &b));
    b = a;
    b.ttl_seen = 3;
    assert_false(td_result_same(&a, &b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_segment_kept_as_change),
        cmocka_unit_test(test_established_data_kept_nothing),
        cmocka_unit_test(test_graceful_close_kept_compact_and_recalled),
        cmocka_unit_test(test_rst_with_data_in_flight_kept_whole),
        cmocka_unit_test(test_rst_from_middlebox_ttl_kept_whole),
        cmocka_unit_test(test_quiet_segment_rebuilt_with_states_of_previous_change),
        cmocka_unit_test(test_count_upto_finds_last_change_at_or_before),
        cmocka_unit_test(test_result_same_compares_every_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
