/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for td_tls.c: record boundaries across segments, and each
 * side's close_notify verdict from what the bytes (or the decryption) show. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "td_engine.h"

enum { C = 0, S = 1 };

/* A connection in which the ClientHello and a ServerHello for `version`
 * went by; client bytes start at 1000, server bytes at 5000. */
typedef struct tls_pair {
    td_tls t;
    uint32_t nxt[2];
    uint32_t frame;
} tls_pair;

static size_t put_record(uint8_t *p, uint8_t type, uint16_t len, uint8_t fill)
{
    p[0] = type;
    p[1] = 3;
    p[2] = 3;
    p[3] = (uint8_t)(len >> 8);
    p[4] = (uint8_t)len;
    memset(p + 5, fill, len);
    return 5u + len;
}

static void send_bytes(tls_pair *c, int side, const uint8_t *p, uint32_t n)
{
    td_tls_feed(&c->t, (uint8_t)side, c->nxt[side], p, n, n, ++c->frame);
    c->nxt[side] += n;
}

static void send_record(tls_pair *c, int side, uint8_t type, uint16_t len)
{
    uint8_t buf[5 + 2048];
    size_t n = put_record(buf, type, len, 0x11);
    send_bytes(c, side, buf, (uint32_t)n);
}

static void send_clear_alert(tls_pair *c, int side, uint8_t desc)
{
    uint8_t buf[7] = {21, 3, 3, 0, 2, 2, desc};
    send_bytes(c, side, buf, sizeof buf);
}

static void close_side(tls_pair *c, int side, bool rst)
{
    td_tls_close_side(&c->t, (uint8_t)side, rst, ++c->frame);
}

static void open_pair(tls_pair *c, uint16_t version)
{
    memset(c, 0, sizeof *c);
    td_tls_init(&c->t);
    c->nxt[C] = 1000;
    c->nxt[S] = 5000;
    uint8_t hello[5 + 4 + 100] = {22, 3, 1, 0, 104, 1, 0, 0, 100};
    assert_true(td_tls_looks_like_hello(hello, sizeof hello));
    send_bytes(c, C, hello, sizeof hello);
    /* ServerHello: version 3,3, random, empty session id, cipher, null
     * compression, supported_versions when 1.3. */
    uint8_t sh[5 + 4 + 2 + 32 + 1 + 2 + 1 + 2 + 6] = {0};
    uint16_t body = (uint16_t)(sizeof sh - 5);
    uint8_t *b = sh + 5;
    sh[0] = 22, sh[1] = 3, sh[2] = 3, sh[3] = (uint8_t)(body >> 8), sh[4] = (uint8_t)body;
    b[0] = 2, b[3] = (uint8_t)(body - 4);
    b[4] = 3, b[5] = 3;
    size_t ext = 4 + 2 + 32 + 1 + 2 + 1;
    b[ext + 1] = 6;
    b[ext + 2] = 0x00, b[ext + 3] = 0x2b, b[ext + 4] = 0, b[ext + 5] = 2;
    b[ext + 6] = (uint8_t)(version >> 8), b[ext + 7] = (uint8_t)version;
    send_bytes(c, S, sh, sizeof sh);
    assert_int_equal(c->t.version, version);
}

static void test_tls12_alert_record_before_fin_is_unknown(void **state)
{
    (void)state;
    tls_pair c;
    open_pair(&c, 0x0303);
    send_record(&c, C, 20, 1);
    send_record(&c, C, 23, 300);
    send_record(&c, C, 21, 26); /* encrypted alert */
    close_side(&c, C, false);
    assert_int_equal(c.t.dir[C].verdict, TD_TLS_CLOSE_UNKNOWN);
    assert_int_equal(c.t.dir[C].evidence, TD_TLS_EV_ALERT_RECORD);
}

static void test_tls12_data_then_fin_is_no_and_truncates_a_talking_peer(void **state)
{
    (void)state;
    tls_pair c;
    open_pair(&c, 0x0303);
    send_record(&c, S, 23, 1200);
    close_side(&c, S, false);
    assert_int_equal(c.t.dir[S].verdict, TD_TLS_CLOSE_NO);
    assert_int_equal(c.t.dir[S].evidence, TD_TLS_EV_NO_ALERT_RECORD);
    assert_true(c.t.dir[S].truncated);
}

static void test_peer_that_alerted_is_not_truncated(void **state)
{
    (void)state;
    tls_pair c;
    open_pair(&c, 0x0303);
    send_record(&c, C, 21, 26);
    close_side(&c, C, false);
    close_side(&c, S, true);
    assert_int_equal(c.t.dir[S].verdict, TD_TLS_CLOSE_NO);
    assert_false(c.t.dir[S].truncated);
}

static void test_tls13_alert_sized_record_is_unknown_other_sizes_no(void **state)
{
    (void)state;
    tls_pair c;
    open_pair(&c, 0x0304);
    send_record(&c, C, 23, 317);
    send_record(&c, C, 23, 19);
    close_side(&c, C, false);
    assert_int_equal(c.t.dir[C].verdict, TD_TLS_CLOSE_UNKNOWN);
    assert_int_equal(c.t.dir[C].evidence, TD_TLS_EV_ALERT_SIZED);
    send_record(&c, S, 23, 1217);
    close_side(&c, S, false);
    assert_int_equal(c.t.dir[S].verdict, TD_TLS_CLOSE_NO);
    assert_int_equal(c.t.dir[S].evidence, TD_TLS_EV_NOT_ALERT_SIZED);
    /* The client may have sent close_notify: no truncation by the server. */
    assert_false(c.t.dir[S].truncated);
}

static void test_decrypted_close_notify_is_yes_fatal_alert_is_no(void **state)
{
    (void)state;
    tls_pair c;
    open_pair(&c, 0x0304);
    send_record(&c, C, 23, 19);
    td_tls_decrypted_alert(&c.t, C, TD_TLS_ALERT_CLOSE_NOTIFY, c.frame);
    close_side(&c, C, false);
    assert_int_equal(c.t.dir[C].verdict, TD_TLS_CLOSE_YES);
    assert_int_equal(c.t.dir[C].evidence, TD_TLS_EV_DECRYPTED);
    send_record(&c, S, 23, 19);
    td_tls_decrypted_alert(&c.t, S, 50 /* decode_error */, c.frame);
    close_side(&c, S, false);
    assert_int_equal(c.t.dir[S].verdict, TD_TLS_CLOSE_NO);
}

static void test_decrypting_direction_without_alert_is_no(void **state)
{
    (void)state;
    tls_pair c;
    open_pair(&c, 0x0304);
    td_tls_decrypts(&c.t, C);
    send_record(&c, C, 23, 19); /* two bytes of data, not an alert */
    td_tls_records_shown(&c.t, C, 23, c.frame);
    close_side(&c, C, false);
    assert_int_equal(c.t.dir[C].verdict, TD_TLS_CLOSE_NO);
    assert_int_equal(c.t.dir[C].evidence, TD_TLS_EV_DECRYPTED_NONE);
}

static void test_record_held_back_by_wireshark_falls_back_to_the_bytes(void **state)
{
    (void)state;
    tls_pair c;
    open_pair(&c, 0x0304);
    td_tls_decrypts(&c.t, S);
    send_record(&c, S, 23, 400);
    td_tls_records_shown(&c.t, S, 23, c.frame);
    send_record(&c, S, 23, 19); /* an alert Wireshark kept for reassembly: nothing shown */
    close_side(&c, S, false);
    assert_int_equal(c.t.dir[S].verdict, TD_TLS_CLOSE_UNKNOWN);
    assert_int_equal(c.t.dir[S].evidence, TD_TLS_EV_ALERT_SIZED);
}

static void test_alert_and_fin_in_one_segment_count_in_byte_order(void **state)
{
    (void)state;
    tls_pair c;
    open_pair(&c, 0x0303);
    send_clear_alert(&c, C, TD_TLS_ALERT_CLOSE_NOTIFY);
    /* td_tls_feed then td_tls_close_side of the same frame, as the glue does. */
    td_tls_close_side(&c.t, C, false, c.frame);
    assert_int_equal(c.t.dir[C].verdict, TD_TLS_CLOSE_YES);
    assert_int_equal(c.t.dir[C].evidence, TD_TLS_EV_CLEAR);
}

static void test_record_split_across_segments_and_header_split(void **state)
{
    (void)state;
    tls_pair c;
    open_pair(&c, 0x0303);
    uint8_t buf[5 + 600 + 5 + 26];
    size_t n = put_record(buf, 23, 600, 0x22);
    n += put_record(buf + n, 21, 26, 0x33);
    send_bytes(&c, C, buf, 300);
    send_bytes(&c, C, buf + 300, 307); /* ends 2 bytes into the alert's header */
    send_bytes(&c, C, buf + 607, (uint32_t)(n - 607));
    close_side(&c, C, false);
    assert_int_equal(c.t.dir[C].last_type, 21);
    assert_int_equal(c.t.dir[C].verdict, TD_TLS_CLOSE_UNKNOWN);
}

static void test_fin_in_the_middle_of_a_record_is_no(void **state)
{
    (void)state;
    tls_pair c;
    open_pair(&c, 0x0304);
    uint8_t buf[5 + 1000];
    put_record(buf, 23, 1000, 0x44);
    send_bytes(&c, S, buf, 500);
    close_side(&c, S, false);
    assert_int_equal(c.t.dir[S].verdict, TD_TLS_CLOSE_NO);
    assert_int_equal(c.t.dir[S].evidence, TD_TLS_EV_MID_RECORD);
}

static void test_retransmission_is_skipped_and_gap_is_unknown(void **state)
{
    (void)state;
    tls_pair c;
    open_pair(&c, 0x0303);
    uint8_t buf[5 + 100];
    put_record(buf, 23, 100, 0x55);
    send_bytes(&c, C, buf, sizeof buf);
    /* The same bytes again: nothing changes. */
    td_tls_feed(&c.t, C, c.nxt[C] - (uint32_t)sizeof buf, buf, sizeof buf, sizeof buf, ++c.frame);
    assert_false(c.t.dir[C].lost);
    /* Bytes after a hole the capture missed. */
    td_tls_feed(&c.t, C, c.nxt[C] + 50, buf, sizeof buf, sizeof buf, ++c.frame);
    close_side(&c, C, false);
    assert_int_equal(c.t.dir[C].verdict, TD_TLS_CLOSE_UNKNOWN);
    assert_int_equal(c.t.dir[C].evidence, TD_TLS_EV_CAPTURE_GAP);
}

static void test_side_that_sent_nothing_is_no(void **state)
{
    (void)state;
    tls_pair c;
    memset(&c, 0, sizeof c);
    td_tls_init(&c.t);
    close_side(&c, S, true);
    assert_int_equal(c.t.dir[S].verdict, TD_TLS_CLOSE_NO);
    assert_int_equal(c.t.dir[S].evidence, TD_TLS_EV_NOTHING_SENT);
}

static void test_only_first_close_counts(void **state)
{
    (void)state;
    tls_pair c;
    open_pair(&c, 0x0303);
    send_record(&c, C, 23, 10);
    close_side(&c, C, false);
    uint32_t frame = c.t.dir[C].close_frame;
    close_side(&c, C, true);
    assert_int_equal(c.t.dir[C].close_frame, frame);
    assert_false(c.t.dir[C].closed_by_rst);
}

static void test_non_tls_first_payload_is_not_a_hello(void **state)
{
    (void)state;
    const uint8_t http[] = "GET / HTTP/1.1\r\n";
    const uint8_t alert[] = {21, 3, 3, 0, 2, 2, 0};
    const uint8_t short_hs[] = {22, 3, 1};
    assert_false(td_tls_looks_like_hello(http, sizeof http - 1));
    assert_false(td_tls_looks_like_hello(alert, sizeof alert));
    assert_false(td_tls_looks_like_hello(short_hs, sizeof short_hs));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tls12_alert_record_before_fin_is_unknown),
        cmocka_unit_test(test_tls12_data_then_fin_is_no_and_truncates_a_talking_peer),
        cmocka_unit_test(test_peer_that_alerted_is_not_truncated),
        cmocka_unit_test(test_tls13_alert_sized_record_is_unknown_other_sizes_no),
        cmocka_unit_test(test_decrypted_close_notify_is_yes_fatal_alert_is_no),
        cmocka_unit_test(test_decrypting_direction_without_alert_is_no),
        cmocka_unit_test(test_record_held_back_by_wireshark_falls_back_to_the_bytes),
        cmocka_unit_test(test_alert_and_fin_in_one_segment_count_in_byte_order),
        cmocka_unit_test(test_record_split_across_segments_and_header_split),
        cmocka_unit_test(test_fin_in_the_middle_of_a_record_is_no),
        cmocka_unit_test(test_retransmission_is_skipped_and_gap_is_unknown),
        cmocka_unit_test(test_side_that_sent_nothing_is_no),
        cmocka_unit_test(test_only_first_close_counts),
        cmocka_unit_test(test_non_tls_first_payload_is_not_a_hello),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
