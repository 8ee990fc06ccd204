/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for td_tls.c: the payload bytes of a TLS connection are
 * the one input of the engine that comes straight from the wire, so any
 * byte string must be parsed without reading out of bounds, and the
 * verdicts must keep their promises. */
/*
 * Input: records until the input ends, each
 *   b0     bits 0 side, 1 FIN, 2 RST, 3 a decrypted alert follows (b1 is its
 *          description), 4 the side's Finished was decrypted, 5-7 sequence
 *          mode (0-3 in order, 4 a byte back, 5 ten bytes back, 6 a gap, 7
 *          the same start again)
 *   b1     (with bit 3) alert description
 *   b2     payload length L (0-255); caplen = L, or L/2 when bit 7 of L
 *   then L payload bytes (fewer at the end of the input).
 * The first segment of the client is made a ClientHello when the input's
 * first byte is odd, so that most inputs reach the parser's later states.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "td_engine.h"

static void check(const td_tls *t)
{
    for (int s = 0; s < 2; s++) {
        const td_tls_dir *d = &t->dir[s];
        if (!d->closed)
            continue;
        if (d->verdict >= TD_TLS_CLOSE_COUNT || d->evidence >= TD_TLS_EV_COUNT)
            abort();
        /* yes only for a close_notify that was read. */
        if (d->verdict == TD_TLS_CLOSE_YES &&
            !(d->evidence == TD_TLS_EV_DECRYPTED || d->evidence == TD_TLS_EV_CLEAR))
            abort();
        if (d->truncated && d->verdict != TD_TLS_CLOSE_NO)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t n)
{
    td_tls t;
    td_tls_init(&t);
    uint32_t nxt[2] = {1000, 0xfffffff0u};
    uint32_t frame = 0;
    size_t i = 0;
    while (i < n) {
        uint8_t b0 = in[i++];
        uint8_t side = b0 & 1;
        uint8_t desc = 0;
        if ((b0 & 8) && i < n)
            desc = in[i++];
        uint32_t len = i < n ? in[i++] : 0;
        uint32_t caplen = (len & 0x80) ? len / 2 : len;
        uint32_t have = (uint32_t)(n - i) < caplen ? (uint32_t)(n - i) : caplen;
        uint8_t buf[256];
        memcpy(buf, in + i, have);
        i += have;
        if (frame == 0 && (in[0] & 1) && side == 0 && have >= 6) {
            buf[0] = 22, buf[1] = 3, buf[2] = 1, buf[5] = 1;
        }
        uint32_t seq = nxt[side];
        switch (b0 >> 5) {
        case 4: seq -= 1; break;
        case 5: seq -= 10; break;
        case 6: seq += 7; break;
        case 7: seq -= len; break;
        default: break;
        }
        frame++;
        td_tls_feed(&t, side, seq, buf, have, len, frame);
        if (seq + len - nxt[side] < 0x80000000u)
            nxt[side] = seq + len;
        if (b0 & 8)
            td_tls_decrypted_alert(&t, side, desc, frame);
        if (b0 & 16)
            td_tls_decrypts(&t, side);
        if (b0 & 6)
            td_tls_close_side(&t, side, (b0 & 4) != 0, frame);
        check(&t);
    }
    return 0;
}
