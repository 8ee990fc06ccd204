/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Zeek's conn.log `history` for one connection: a letter the first time a
 * side sends a kind of segment, with Zeek's rules for when a letter is
 * written again, kept in a few bytes per connection. */
#include <string.h>

#include "td_engine.h"

/* The kinds of segment that write a letter, in the order of `kind_letters`.
 * SYN and SYN/ACK are two letters of one kind: Zeek remembers one "SYN
 * seen" bit and one last SYN sequence number for both. */
enum { K_SYN, K_SYNACK, K_ACK, K_DATA, K_FIN, K_RST, K_FIN_RST, K_MULTI, K_COUNT };
static const char kind_letters[K_COUNT] = {'S', 'H', 'A', 'D', 'F', 'R', 'I', 'Q'};

/* Slots of td_history.last: the kinds whose letter may be written again. */
enum { L_SYN, L_FIN, L_RST };

/* The "seen" bit of a kind for a side; the SYN/ACK shares the SYN's. */
static uint16_t seen_bit(int kind, uint8_t side)
{
    int k = kind == K_SYNACK ? K_SYN : kind;
    return (uint16_t)(1u << (k * 2 + side));
}

static uint16_t fold(uint32_t seq)
{
    return (uint16_t)(seq ^ (seq >> 16));
}

static void write_letter(td_history *h, int kind, uint8_t side)
{
    if (h->count < TD_HISTORY_MAX)
        h->letters |= (uint64_t)((unsigned)kind | (unsigned)side << 3) << (4 * h->count);
    if (h->count < UINT8_MAX)
        h->count++;
}

/* A kind written only the first time a side sends it (Zeek's A, D, I, Q). */
static void once(td_history *h, int kind, uint8_t side)
{
    uint16_t bit = seen_bit(kind, side);
    if (h->seen & bit)
        return;
    h->seen |= bit;
    write_letter(h, kind, side);
}

/* A kind written the first time, and again whenever its sequence number
 * differs from the last one of that kind from that side (Zeek's S, H, F, R). */
static void again_if_new_seq(td_history *h, int kind, int slot, uint8_t side, uint32_t seq)
{
    uint16_t bit = seen_bit(kind, side);
    uint16_t f = fold(seq);
    if (!(h->seen & bit) || h->last[side][slot] != f)
        write_letter(h, kind, side);
    h->seen |= bit;
    h->last[side][slot] = f;
}

void td_history_init(td_history *h)
{
    memset(h, 0, sizeof *h);
}

void td_history_note(td_history *h, const td_segment *seg)
{
    uint8_t side = seg->side & 1;
    bool syn = seg->flags & TD_TH_SYN, fin = seg->flags & TD_TH_FIN, rst = seg->flags & TD_TH_RST;
    int controls = syn + fin + rst;
    if (controls > 1) {
        /* FIN and RST together is inconsistent; SYN with either, multi-flag. */
        once(h, fin && rst ? K_FIN_RST : K_MULTI, side);
    } else if (syn) {
        again_if_new_seq(h, (seg->flags & TD_TH_ACK) ? K_SYNACK : K_SYN, L_SYN, side, seg->seq);
    } else if (fin) {
        /* A FIN's number is the one after its data, not the segment's first. */
        again_if_new_seq(h, K_FIN, L_FIN, side, seg->seq + seg->len);
    } else if (rst) {
        again_if_new_seq(h, K_RST, L_RST, side, seg->seq);
    } else if (seg->len) {
        once(h, K_DATA, side);
    } else if (seg->flags & TD_TH_ACK) {
        once(h, K_ACK, side);
    }
}

size_t td_history_string(const td_history *h, uint8_t upper_side, char *buf, size_t size)
{
    size_t n = 0;
    unsigned kept = h->count < TD_HISTORY_MAX ? h->count : TD_HISTORY_MAX;
    if (size == 0)
        return 0;
    for (unsigned i = 0; i < kept && n + 1 < size; i++) {
        unsigned code = (unsigned)(h->letters >> (4 * i)) & 0xfu;
        char c = kind_letters[code & 7u];
        /* Upper case for the originator, lower case for the responder. */
        buf[n++] = (uint8_t)(code >> 3) == (upper_side & 1) ? c : (char)(c - 'A' + 'a');
    }
    if (h->count > TD_HISTORY_MAX && n + 1 < size)
        buf[n++] = '+';
    buf[n] = '\0';
    return n;
}
