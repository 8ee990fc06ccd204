/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for td_seq.h: sequence comparisons must hold across the wrap from
 * 0xFFFFFFFF to 0, since ISNs are random and connections cross it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "td_seq.h"

static void test_diff_across_wrap_is_small_and_signed(void **state)
{
    (void)state;
    assert_int_equal(td_seq_diff(0, 0xFFFFFFFFu), 1);
    assert_int_equal(td_seq_diff(0xFFFFFFFFu, 0), -1);
    assert_int_equal(td_seq_diff(0x10, 0xFFFFFFF0u), 0x20);
    assert_int_equal(td_seq_diff(0xFFFFFFF0u, 0x10), -0x20);
    assert_int_equal(td_seq_diff(1234, 1234), 0);
}

static void test_lt_gt_across_wrap_follow_sequence_order(void **state)
{
    (void)state;
    assert_true(td_seq_lt(0xFFFFFFFFu, 0));
    assert_false(td_seq_lt(0, 0xFFFFFFFFu));
    assert_true(td_seq_gt(0, 0xFFFFFFFFu));
    assert_false(td_seq_gt(0xFFFFFFFFu, 0));
    assert_true(td_seq_gt(5, 0xFFFFFFFBu));
    assert_true(td_seq_lt(0xFFFFFFFBu, 5));
    /* Strict: equal values are neither before nor after. */
    assert_false(td_seq_lt(0, 0));
    assert_false(td_seq_gt(0, 0));
}

static void test_leq_geq_include_equal_across_wrap(void **state)
{
    (void)state;
    assert_true(td_seq_leq(0xFFFFFFFFu, 0xFFFFFFFFu));
    assert_true(td_seq_geq(0, 0));
    assert_true(td_seq_leq(0xFFFFFFFFu, 0));
    assert_false(td_seq_leq(0, 0xFFFFFFFFu));
    assert_true(td_seq_geq(0, 0xFFFFFFFFu));
    assert_false(td_seq_geq(0xFFFFFFFFu, 0));
    /* The engine's "does this ACK cover the FIN" test at the wrap: a FIN at
     * 0xFFFFFFFF is covered by ACK 0 but not by ACK 0xFFFFFFFF. */
    assert_true(td_seq_geq(0, 0xFFFFFFFFu + 1u));
    assert_false(td_seq_geq(0xFFFFFFFFu, 0xFFFFFFFFu + 1u));
}

static void test_comparisons_within_half_space_hold_at_the_limit(void **state)
{
    (void)state;
    /* 2^31 - 1 apart is the farthest two numbers can be and still compare. */
    assert_true(td_seq_gt(0x7FFFFFFFu, 0));
    assert_true(td_seq_lt(0, 0x7FFFFFFFu));
    assert_true(td_seq_gt(0x7FFFFFFEu, 0xFFFFFFFFu));
    assert_int_equal(td_seq_diff(0x7FFFFFFEu, 0xFFFFFFFFu), 0x7FFFFFFF);
}

static void test_max_across_wrap_picks_later_sequence(void **state)
{
    (void)state;
    assert_int_equal(td_seq_max(0xFFFFFFFFu, 0), 0);
    assert_int_equal(td_seq_max(0, 0xFFFFFFFFu), 0);
    assert_int_equal(td_seq_max(0xFFFFFFF0u, 0x10), 0x10);
    assert_int_equal(td_seq_max(100, 200), 200);
    assert_int_equal(td_seq_max(7, 7), 7);
}

static void test_in_window_across_wrap(void **state)
{
    (void)state;
    /* Window [0xFFFFFFF0, 0x10): sixteen bytes each side of the wrap. */
    assert_true(td_seq_in_window(0xFFFFFFF0u, 0xFFFFFFF0u, 0x20));
    assert_true(td_seq_in_window(0xFFFFFFFFu, 0xFFFFFFF0u, 0x20));
    assert_true(td_seq_in_window(0, 0xFFFFFFF0u, 0x20));
    assert_true(td_seq_in_window(0x0F, 0xFFFFFFF0u, 0x20));
    /* Half-open: the end is outside, and so is anything before the start. */
    assert_false(td_seq_in_window(0x10, 0xFFFFFFF0u, 0x20));
    assert_false(td_seq_in_window(0xFFFFFFEFu, 0xFFFFFFF0u, 0x20));
}

static void test_in_window_empty_window_holds_nothing(void **state)
{
    (void)state;
    assert_false(td_seq_in_window(0, 0, 0));
    assert_false(td_seq_in_window(0xFFFFFFFFu, 0xFFFFFFFFu, 0));
    assert_true(td_seq_in_window(0xFFFFFFFFu, 0xFFFFFFFFu, 1));
    assert_false(td_seq_in_window(0, 0xFFFFFFFFu, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff_across_wrap_is_small_and_signed),
        cmocka_unit_test(test_lt_gt_across_wrap_follow_sequence_order),
        cmocka_unit_test(test_leq_geq_include_equal_across_wrap),
        cmocka_unit_test(test_comparisons_within_half_space_hold_at_the_limit),
        cmocka_unit_test(test_max_across_wrap_picks_later_sequence),
        cmocka_unit_test(test_in_window_across_wrap),
        cmocka_unit_test(test_in_window_empty_window_holds_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
