/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Wrap-safe comparison of 32-bit TCP sequence numbers (RFC 9293 3.4): every
 * sequence comparison in the engine goes through these. */
#ifndef TD_SEQ_H
#define TD_SEQ_H

#include <stdbool.h>
#include <stdint.h>

/* Signed distance from b to a, valid while they are less than 2^31 apart. */
static inline int32_t td_seq_diff(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b);
}

static inline bool td_seq_lt(uint32_t a, uint32_t b) { return td_seq_diff(a, b) < 0; }
static inline bool td_seq_leq(uint32_t a, uint32_t b) { return td_seq_diff(a, b) <= 0; }
static inline bool td_seq_gt(uint32_t a, uint32_t b) { return td_seq_diff(a, b) > 0; }
static inline bool td_seq_geq(uint32_t a, uint32_t b) { return td_seq_diff(a, b) >= 0; }

static inline uint32_t td_seq_max(uint32_t a, uint32_t b) { return td_seq_gt(a, b) ? a : b; }

/* a <= x < a + len, counted around the wrap. */
static inline bool td_seq_in_window(uint32_t x, uint32_t a, uint32_t len)
{
    return (uint32_t)(x - a) < len;
}

#endif
