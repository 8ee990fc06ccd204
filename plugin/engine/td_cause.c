/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Why a connection ended: the most specific cause the recorded evidence
 * supports (spec: teardown.cause), the facts behind it, and the known idle
 * timers a silence before the close can be matched to. */
#include "td_engine.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const cause_names[] = {
#define TD_X(name, label) label,
    TD_CAUSE_LIST(TD_X)
#undef TD_X
};

static const char *const stage_names[] = {
#define TD_X(name, label) label,
    TD_ABORT_STAGE_LIST(TD_X)
#undef TD_X
};

const char *td_cause_name(td_cause c)
{
    return (unsigned)c < TD_CAUSE_COUNT ? cause_names[c] : "?";
}

const char *td_abort_stage_name(td_abort_stage s)
{
    return (unsigned)s < TD_STAGE_COUNT ? stage_names[s] : "?";
}

/* ---- known idle timers --------------------------------------------------- */

size_t td_idle_timers_parse(const char *text, td_idle_timer *timers, size_t max)
{
    size_t n = 0;
    const char *p = text;
    while (p && *p && n < max) {
        const char *end = p + strcspn(p, ";\n");
        while (p < end && isspace((unsigned char)*p))
            p++;
        char *after;
        double seconds = strtod(p, &after);
        if (after > p && after <= end && seconds > 0 && seconds < 4e6) {
            const char *name = after;
            while (name < end && isspace((unsigned char)*name))
                name++;
            size_t len = (size_t)(end - name);
            while (len > 0 && isspace((unsigned char)name[len - 1]))
                len--;
            if (len > 0) {
                if (len >= sizeof timers[n].name)
                    len = sizeof timers[n].name - 1;
                timers[n].ms = (uint32_t)(seconds * 1000.0 + 0.5);
                memcpy(timers[n].name, name, len);
                timers[n].name[len] = '\0';
                n++;
            }
        }
        p = *end ? end + 1 : end;
    }
    return n;
}

const td_idle_timer *td_idle_timer_match(const td_config *cfg, td_time gap)
{
    const td_idle_timer *best = NULL;
    td_time best_off = 0;
    for (size_t i = 0; i < cfg->n_timers; i++) {
        td_time t = (td_time)cfg->timers[i].ms * 1000000;
        /* Timers fire late, never early, by their own slack plus the time
         * the close takes to reach the capture point; 3 % (at least 250 ms)
         * either way keeps neighbours such as 60 s and 75 s apart. */
        td_time tol = t * 3 / 100;
        if (tol < TD_NS_PER_SEC / 4)
            tol = TD_NS_PER_SEC / 4;
        td_time off = gap > t ? gap - t : t - gap;
        if (off <= tol && (!best || off < best_off)) {
            best = &cfg->timers[i];
            best_off = off;
        }
    }
    return best;
}

/* ---- the facts ----------------------------------------------------------- */

static const td_endpoint *endpoint(const td_conv *c, td_role role)
{
    return &c->ep[td_conv_side_of_role(c, role)];
}

/* How far the connection had got: the handshake, then whether either side
 * had sent any payload. */
static td_abort_stage stage_reached(const td_conv *c)
{
    if (!c->established)
        return TD_STAGE_HANDSHAKE;
    bool a = c->ep[0].sent_data, b = c->ep[1].sent_data;
    if (!a && !b)
        return TD_STAGE_AFTER_HANDSHAKE;
    return a && b ? TD_STAGE_MID_FLOW : TD_STAGE_FIRST_DATA;
}

/* The retransmissions that went unanswered at the end: those of the side
 * that gave up, else of the RST's sender, else the longer run. */
static void note_retransmissions(const td_conv *c, td_summary *s)
{
    td_role role = TD_ROLE_NONE;
    for (int r = 0; r < 2; r++)
        if (s->gave_up[r] && s->final_state[r] == TD_CLOSED && role == TD_ROLE_NONE)
            role = (td_role)r;
    if (role == TD_ROLE_NONE && c->rst_kind == TD_RSTK_RETX)
        role = s->rst_sender;
    if (role == TD_ROLE_NONE)
        role = s->retransmissions[TD_CLIENT] >= s->retransmissions[TD_SERVER] ? TD_CLIENT : TD_SERVER;
    const td_endpoint *e = endpoint(c, role);
    if (e->retx_run == 0)
        return;
    s->retx_role = role;
    s->retransmissions_before_close = e->retx_run;
    s->retx_span = (td_time)e->retx_span_us * 1000;
    s->retx_frame = e->retx_first_frame;
}

static void note_idle(const td_conv *c, const td_config *cfg, td_summary *s)
{
    if (c->first_close_frame == 0 || c->idle_to_frame == 0)
        return;
    s->idle_known = true;
    s->idle_before_close = (td_time)c->idle_ms * 1000000;
    s->idle_from_frame = c->idle_from_frame;
    s->idle_to_frame = c->idle_to_frame;
    s->idle_timer = td_idle_timer_match(cfg, s->idle_before_close);
}

/* Idle enough to be an idle timer's doing: at least the preference, or a
 * second or more that matches a known timer (Apache's and Node.js's 5 s
 * keep-alive are well below any sensible threshold). */
static bool idle_close_gap(const td_config *cfg, const td_summary *s)
{
    if (!s->idle_known)
        return false;
    if (cfg->idle > 0 && s->idle_before_close >= cfg->idle)
        return true;
    return s->idle_timer && s->idle_before_close >= TD_NS_PER_SEC;
}

/* ---- the judgement ------------------------------------------------------- */

/* A side that kept sending what was never acknowledged and then stopped,
 * silent past its next retry (td_conv_summarize's gave_up), once the
 * handshake was done: the SYN's own give-up is "unanswered". */
static bool gave_up_retransmitting(const td_conv *c, const td_summary *s)
{
    if (!c->established)
        return false;
    for (int r = 0; r < 2; r++)
        if (s->gave_up[r] && s->retransmissions[r] >= 2)
            return true;
    return false;
}

/* The cause of a connection an RST ended, from what the RST answered. */
static td_cause cause_of_rst(const td_conv *c, const td_config *cfg, const td_summary *s)
{
    switch (c->rst_kind) {
    case TD_RSTK_STALE: return TD_CAUSE_STALE_STATE;
    case TD_RSTK_KEEPALIVE: return TD_CAUSE_KEEPALIVE_TIMEOUT;
    case TD_RSTK_RETX: return TD_CAUSE_RETRANSMISSION_TIMEOUT;
    case TD_RSTK_RACE: return TD_CAUSE_KEEPALIVE_RACE;
    default: break;
    }
    /* A silence first, then the RST: whoever sent it, an idle timer did. */
    if (c->first_close_frame == c->rst_frame && idle_close_gap(cfg, s))
        return TD_CAUSE_IDLE_RESET;
    switch (c->rst_kind) {
    case TD_RSTK_MIDDLEBOX: return TD_CAUSE_MIDDLEBOX_RESET;
    case TD_RSTK_AFTER_CLOSE: return TD_CAUSE_DATA_AFTER_CLOSE;
    case TD_RSTK_UNREAD: return TD_CAUSE_UNREAD_DATA;
    case TD_RSTK_ABORT: return TD_CAUSE_ABORT;
    default: return TD_CAUSE_UNKNOWN;
    }
}

static td_cause judge(const td_conv *c, const td_config *cfg, td_summary *s)
{
    /* The stale-state dance ended the connection it met (an accepted RST),
     * or is all this stream holds; a stream that went on to a handshake is
     * judged as that new connection. */
    if (c->rst_kind == TD_RSTK_STALE && (c->rst_side != TD_NO_SIDE || !c->established))
        return TD_CAUSE_STALE_STATE;
    if (s->outcome == TD_OUTCOME_REFUSED)
        return TD_CAUSE_REFUSED;
    if (s->outcome == TD_OUTCOME_UNANSWERED)
        return TD_CAUSE_UNANSWERED;
    if (gave_up_retransmitting(c, s))
        return TD_CAUSE_RETRANSMISSION_TIMEOUT;
    if (s->outcome == TD_OUTCOME_RESET)
        return cause_of_rst(c, cfg, s);
    if (s->outcome == TD_OUTCOME_OPEN)
        return TD_CAUSE_OPEN;
    /* Closed with FINs (an RST after both changes nothing): the first FIN
     * came after a silence, or it did not. */
    if (c->first_close_frame == 0)
        return TD_CAUSE_UNKNOWN;
    return idle_close_gap(cfg, s) ? TD_CAUSE_IDLE_CLOSE : TD_CAUSE_APP_CLOSE;
}

/* Who the cause is about, and the segment that shows it. */
static void attribute(const td_conv *c, td_summary *s)
{
    switch (s->cause) {
    case TD_CAUSE_RETRANSMISSION_TIMEOUT:
        s->cause_role = s->retx_role;
        s->cause_frame = s->rst_frame ? s->rst_frame : s->retx_frame;
        break;
    case TD_CAUSE_UNANSWERED:
        s->cause_role = TD_CLIENT;
        s->cause_frame = c->first_frame;
        break;
    case TD_CAUSE_STALE_STATE:
        /* The new SYN's sender, whose RST ends the stale connection. */
        s->cause_role = TD_CLIENT;
        s->cause_frame = s->rst_frame ? s->rst_frame : c->first_frame;
        break;
    case TD_CAUSE_OPEN:
        s->cause_role = TD_ROLE_NONE;
        break;
    case TD_CAUSE_APP_CLOSE:
    case TD_CAUSE_IDLE_CLOSE:
        s->cause_role = s->initiator;
        s->cause_frame = s->first_close_frame;
        break;
    default:
        s->cause_role = s->rst_frame ? s->rst_sender : s->initiator;
        s->cause_frame = s->rst_frame ? s->rst_frame : s->first_close_frame;
        break;
    }
}

void td_cause_judge(const td_conv *c, const td_config *cfg, td_time end, td_summary *s)
{
    (void)end;
    s->syn_retries = c->syn_retries;
    s->syn_seen = c->syn_seen;
    s->stale_delay = (td_time)c->stale_delay_us * 1000;
    s->retx_role = TD_ROLE_NONE;
    note_idle(c, cfg, s);
    note_retransmissions(c, s);
    s->cause = judge(c, cfg, s);
    attribute(c, s);
    if (s->cause == TD_CAUSE_KEEPALIVE_TIMEOUT && s->rst_sender != TD_ROLE_NONE)
        s->keepalive_probes = endpoint(c, s->rst_sender)->ka_probes;
    switch (s->cause) {
    case TD_CAUSE_OPEN:
    case TD_CAUSE_APP_CLOSE:
    case TD_CAUSE_IDLE_CLOSE:
    case TD_CAUSE_UNKNOWN:
        s->abort_stage = TD_STAGE_NONE;
        break;
    default:
        s->abort_stage = stage_reached(c);
        break;
    }
}
