/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compact storage of per-segment results: what is kept for a segment that
 * changed something (a td_change), and how any segment's td_result is
 * rebuilt from the changes around it. */
#include "td_engine.h"

#include <stddef.h>
#include <string.h>

/* td_result as this file knows it: every member at its offset, and nothing
 * after the last. A member added to td_result moves one of these and stops
 * the build here. Then teach td_change, td_change_rebuild, td_change_make and
 * td_result_same about it (and the tests in tests/unit/test_td_store.c), and
 * update these numbers. The compiler cannot see a member squeezed into one of
 * today's padding holes (after isn_above, fin_retransmission and anomalies):
 * add new members at the end. */
#define TD_RESULT_AT(member, offset) \
    _Static_assert(offsetof(td_result, member) == (offset), "td_result changed: update td_store.c")
TD_RESULT_AT(sender, 0);
TD_RESULT_AT(before, 1);
TD_RESULT_AT(after, 3);
TD_RESULT_AT(fin_of, 5);
TD_RESULT_AT(entered_time_wait, 6);
TD_RESULT_AT(entered_close_wait, 7);
TD_RESULT_AT(ttl_expected, 8);
TD_RESULT_AT(ttl_seen, 9);
TD_RESULT_AT(isn_above, 10);
TD_RESULT_AT(fin_retransmission, 12);
TD_RESULT_AT(anomalies, 16);
TD_RESULT_AT(bytes, 24);
TD_RESULT_AT(time_left, 32);
_Static_assert(sizeof(td_result) == 40, "td_result changed: update td_store.c");
_Static_assert(sizeof(td_change) == 16, "td_change is paid per stored segment: keep it at 16 bytes");

void td_change_rebuild(td_role sender, const td_change *prev, const td_change *self, td_result *out)
{
    memset(out, 0, sizeof *out);
    out->sender = (uint8_t)sender;
    for (int role = 0; role < 2; role++) {
        out->before[role] = prev ? prev->after[role] : TD_CLOSED;
        out->after[role] = self ? self->after[role] : out->before[role];
    }
    out->fin_of = self ? self->fin_of : TD_ROLE_NONE;
    if (self) {
        out->entered_time_wait = self->entered_time_wait;
        out->entered_close_wait = self->entered_close_wait;
        out->fin_retransmission = self->fin_retransmission;
        out->anomalies = self->anomalies;
    }
    /* ttl_*, isn_above, bytes and time_left are not kept: a result that
     * needs them is kept whole. */
}

bool td_result_same(const td_result *a, const td_result *b)
{
    return a->sender == b->sender && a->before[0] == b->before[0] && a->before[1] == b->before[1] &&
           a->after[0] == b->after[0] && a->after[1] == b->after[1] && a->fin_of == b->fin_of &&
           a->entered_time_wait == b->entered_time_wait && a->entered_close_wait == b->entered_close_wait &&
           a->ttl_expected == b->ttl_expected && a->ttl_seen == b->ttl_seen && a->isn_above == b->isn_above &&
           a->fin_retransmission == b->fin_retransmission && a->anomalies == b->anomalies &&
           a->bytes == b->bytes && a->time_left == b->time_left;
}

bool td_change_quiet(td_role sender, const td_change *prev, const td_result *r)
{
    if (!prev)
        return false;
    td_result rebuilt;
    td_change_rebuild(sender, prev, NULL, &rebuilt);
    return td_result_same(&rebuilt, r);
}

bool td_change_make(td_change *c, uint32_t frame, td_role sender, const td_change *prev, const td_result *r)
{
    memset(c, 0, sizeof *c);
    c->frame = frame;
    c->anomalies = r->anomalies;
    c->fin_retransmission = r->fin_retransmission;
    c->after[0] = r->after[0];
    c->after[1] = r->after[1];
    c->fin_of = r->fin_of;
    c->entered_time_wait = r->entered_time_wait;
    c->entered_close_wait = r->entered_close_wait;
    td_result rebuilt;
    td_change_rebuild(sender, prev, c, &rebuilt);
    c->full = !td_result_same(&rebuilt, r);
    return c->full;
}

uint32_t td_change_count_upto(const td_change *changes, uint32_t n, uint32_t frame)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (changes[mid].frame <= frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
