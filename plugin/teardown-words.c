/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Records -> words: the narrative, the summary line, endpoint strings and
 * the formatting of durations and byte counts. */
#include <stdarg.h>
#include <string.h>

#include <epan/packet.h>
#include <epan/address.h>
#include <epan/to_str.h>

#include "td_compat.h"
#include "teardown-words.h"
#include "tls-close.h"

/* wmem_strbuf_append_printf() formats everything twice (once to measure)
 * through vsnprintf, about 4,000 instructions for a sentence: too much for
 * text built on every packet of a shown tree. The narrative and the
 * summary line need only %s and %u, which this appends directly; any other
 * conversion goes to the real printf. */
/* wmem_strbuf_append() copies with g_strlcpy, twice the cost of a memcpy
 * of a length already known. */
static inline void words_append(wmem_strbuf_t *buf, const char *s)
{
    wmem_strbuf_append_len(buf, s, strlen(s));
}

static gboolean only_s_and_u(const char *fmt)
{
    for (const char *p = strchr(fmt, '%'); p; p = strchr(p + 2, '%'))
        if (p[1] != 's' && p[1] != 'u' && p[1] != '%')
            return FALSE;
    return TRUE;
}

static void G_GNUC_PRINTF(2, 3) words_printf(wmem_strbuf_t *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!only_s_and_u(fmt)) {
        wmem_strbuf_append_vprintf(buf, fmt, ap);
        va_end(ap);
        return;
    }
    /* Gathered in a local buffer and appended once: each append to the
     * strbuf costs as much as the copy itself. */
    char out[256];
    size_t n = 0;
    const char *p = fmt;
    while (*p) {
        const char *piece = p;
        char digits[12];
        size_t len;
        if (*p != '%') {
            const char *pct = strchr(p, '%');
            len = pct ? (size_t)(pct - p) : strlen(p);
            p += len;
        } else if (p[1] == 's') {
            piece = va_arg(ap, const char *);
            len = strlen(piece);
            p += 2;
        } else if (p[1] == 'u') {
            unsigned v = va_arg(ap, unsigned);
            size_t at = sizeof digits;
            do {
                digits[--at] = (char)('0' + v % 10);
                v /= 10;
            } while (v);
            piece = digits + at;
            len = sizeof digits - at;
            p += 2;
        } else {
            len = 1; /* "%%": the first '%' */
            p += 2;
        }
        if (n + len > sizeof out) {
            wmem_strbuf_append_len(buf, out, n);
            n = 0;
            if (len > sizeof out) {
                wmem_strbuf_append_len(buf, piece, len);
                continue;
            }
        }
        memcpy(out + n, piece, len);
        n += len;
    }
    if (n)
        wmem_strbuf_append_len(buf, out, n);
    va_end(ap);
}

const char *words_role(int role)
{
    return td_role_name((td_role)role);
}

double words_seconds(td_time ns)
{
    return (double)ns / (double)TD_NS_PER_SEC;
}

guint words_time_wait_seconds(void)
{
    return (guint)(records_config()->time_wait / TD_NS_PER_SEC);
}

void words_append_duration(wmem_strbuf_t *buf, td_time ns)
{
    /* Tenths of the unit, rounded half up, in integers: printf's "%.1f"
     * costs a thousand instructions and this runs on every close shown. */
    gboolean ms = ns < TD_NS_PER_SEC;
    td_time unit_tenth = ms ? 100000 : 100000000;
    guint64 tenths = ((guint64)(ns < 0 ? 0 : ns) + (guint64)unit_tenth / 2) / (guint64)unit_tenth;
    words_printf(buf, "%u.%u %s", (unsigned)(tenths / 10), (unsigned)(tenths % 10), ms ? "ms" : "s");
}

void words_append_bytes(wmem_strbuf_t *buf, guint64 n)
{
    if (n >= 10000)
        words_printf(buf, "%.1f kB", (double)n / 1000.0);
    else
        words_printf(buf, "%" G_GUINT64_FORMAT " bytes", n);
}

/* Decimal digits of v at p; returns the end. */
static char *put_uint(char *p, unsigned v)
{
    char digits[10];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = digits[--n];
    return p;
}

/* "role " (or nothing), then the endpoint, into scope. Built by hand: the
 * expert infos and the narrative name endpoints on every packet that has
 * them, and printf-style formatting cost several times as much. */
static char *endpoint_text(wmem_allocator_t *scope, const conn_record *rec, td_role role, gboolean with_role)
{
    uint8_t side = td_conv_side_of_role(&rec->conv, role);
    const char *prefix = with_role ? (role == TD_CLIENT ? "client " : "server ") : "";
    if (rec->tuple.type[side] == AT_IPv4) {
        char *out = (char *)wmem_alloc(scope, 7 + 22), *p = out;
        const guint8 *b = rec->tuple.addr[side];
        p = g_stpcpy(p, prefix);
        for (int i = 0; i < 4; i++) {
            p = put_uint(p, b[i]);
            *p++ = i < 3 ? '.' : ':';
        }
        p = put_uint(p, rec->tuple.port[side]);
        *p = '\0';
        return out;
    }
    address a;
    set_address(&a, (address_type)rec->tuple.type[side], rec->tuple.len[side], rec->tuple.addr[side]);
    return wmem_strdup_printf(scope, "%s[%s]:%u", prefix, address_to_str(scope, &a), rec->tuple.port[side]);
}

char *words_endpoint(wmem_allocator_t *scope, const conn_record *rec, td_role role)
{
    return endpoint_text(scope, rec, role, FALSE);
}

char *words_party(wmem_allocator_t *scope, const conn_record *rec, td_role role)
{
    return endpoint_text(scope, rec, role, TRUE);
}

const char *words_history(const conn_record *rec, char *buf, size_t size)
{
    td_history_string(&rec->history, td_conv_side_of_role(&rec->conv, TD_CLIENT), buf, size);
    return buf;
}

const char *words_who_enters(guint8 roles)
{
    if (roles == TD_BOTH_ROLES)
        return "client and server enter";
    return roles == TD_ROLE_BIT(TD_CLIENT) ? "client enters" : "server enters";
}

const char *words_verb_s(guint8 roles)
{
    return roles == TD_BOTH_ROLES ? "" : "s";
}

/* The FINs: who closed first, what the other side sent meanwhile, and
 * which FIN was never acknowledged. */
static void narrate_fins(wmem_strbuf_t *buf, const td_summary *sum, const char *const who_str[2], int first)
{
    int other = first ^ 1;
    words_printf(buf, "%s %s closed first (frame %u)", words_role(first), who_str[first],
                              sum->fin_frame[first]);
    if (sum->half_close) {
        words_printf(buf, "; %s sent ", words_role(other));
        words_append_bytes(buf, sum->half_close_bytes);
        words_append(buf, " more over ");
        words_append_duration(buf, sum->half_close_duration);
    }
    if (sum->fin_sent[other] && sum->half_close)
        words_printf(buf, ", closed at frame %u", sum->fin_frame[other]);
    else if (sum->fin_sent[other])
        words_printf(buf, "; %s closed at frame %u", words_role(other), sum->fin_frame[other]);
    for (int role = 0; role < 2; role++) {
        int r = role == 0 ? first : other;
        if (sum->fin_sent[r] && !sum->fin_taken[r])
            words_printf(buf, "; %s's FIN (frame %u) never acknowledged", words_role(r),
                                      sum->fin_frame[r]);
    }
    if (sum->fin_sent[other] && sum->fin_acked[other])
        words_printf(buf, "; %s's final ACK frame %u", words_role(first), sum->fin_ack_frame[other]);
}

/* What the endpoints were left in: CLOSE_WAIT stuck, TIME_WAIT held. */
static void narrate_waits(wmem_strbuf_t *buf, const td_summary *sum)
{
    for (int role = 0; role < 2; role++) {
        if (sum->close_wait_stuck[role] && sum->final_state[role] == TD_CLOSE_WAIT) {
            words_printf(buf, "; %s stuck in CLOSE_WAIT for ", words_role(role));
            words_append_duration(buf, sum->close_wait_time[role]);
            words_append(buf, " to the end of the capture");
        }
    }
    if (sum->time_wait_holder != TD_ROLE_NONE)
        words_printf(buf, "; %s holds TIME_WAIT until %u s after frame %u%s",
                                  words_role(sum->time_wait_holder), words_time_wait_seconds(),
                                  sum->time_wait_frame,
                                  sum->time_wait_reused ? ", cut short by a new connection on the same 4-tuple"
                                  : sum->final_state[sum->time_wait_holder] == TD_TIME_WAIT ? " (still at capture end)"
                                                                                             : "");
}

/* Zeek's RST codes name whoever sent an RST, even one that ended nothing. */
static void narrate_rst_not_taken(wmem_strbuf_t *buf, const td_summary *sum)
{
    bool rst_code = sum->conn_state == TD_CS_REJ || sum->conn_state == TD_CS_RSTO ||
                    sum->conn_state == TD_CS_RSTR || sum->conn_state == TD_CS_RSTRH;
    if (rst_code && sum->rst_frame == 0)
        words_append(buf, "; an RST was sent but did not end the connection (not acceptable to its "
                                "receiver, or ignored)");
}

/* What the capture could show only indirectly, said as such: a FIN known
 * from a later sequence number, ACKs known lost, endpoints that gave up. */
static void narrate_evidence(wmem_strbuf_t *buf, const td_summary *sum)
{
    for (int role = 0; role < 2; role++) {
        const char *who = words_role(role);
        if (sum->fin_inferred[role])
            words_printf(buf, "; %s's FIN was not captured (frame %u is numbered after it)", who,
                                      sum->fin_frame[role]);
        if (sum->late_ack[role])
            words_printf(buf, "; %u ACKs of %s's FIN were lost, its silence after the last one "
                                      "shows that one arrived", sum->acks_lost[role], who);
        else if (sum->ack_fate_unknown[role])
            words_printf(buf, "; an ACK of %s's FIN was lost before; the capture ended before %s "
                                      "would have sent its FIN again, so the last ACK counts as received", who, who);
        else if (sum->acks_lost[role] >= 2 && sum->fin_sent[role] && !sum->fin_acked[role] && sum->fin_taken[role])
            words_printf(buf, "; %u ACKs of %s's FIN were lost, and the capture ended before its "
                                      "silence could show a later one arrived", sum->acks_lost[role], who);
        if (sum->gave_up[role]) {
            words_printf(buf, "; %s gave up after sending %u copies again: nothing more for ", who,
                                      sum->retransmissions[role]);
            words_append_duration(buf, sum->silence_after[role]);
            words_append(buf, ", past its next retry (CLOSED, no RST is sent)");
        }
    }
}

/* "after 350.0 s idle (AWS NLB idle timeout)" */
static void cause_idle(wmem_strbuf_t *buf, const td_summary *sum)
{
    words_append(buf, " after ");
    words_append_duration(buf, sum->idle_before_close);
    words_append(buf, " idle");
    if (sum->idle_timer)
        words_printf(buf, " (%s)", sum->idle_timer->name);
}

void words_cause(const td_summary *sum, wmem_strbuf_t *buf)
{
    const char *who = words_role(sum->cause_role);
    const char *peer = words_role(sum->cause_role == TD_CLIENT ? TD_SERVER : TD_CLIENT);
    switch (sum->cause) {
    case TD_CAUSE_OPEN:
        words_append(buf, "open");
        break;
    case TD_CAUSE_APP_CLOSE:
        words_printf(buf, "application close by the %s", who);
        break;
    case TD_CAUSE_IDLE_CLOSE:
        words_printf(buf, "idle close by the %s", who);
        cause_idle(buf, sum);
        break;
    case TD_CAUSE_IDLE_RESET:
        words_printf(buf, "idle reset (RST as from the %s)", who);
        cause_idle(buf, sum);
        break;
    case TD_CAUSE_KEEPALIVE_RACE:
        words_printf(buf, "keep-alive race: the %s's data crossed the %s's FIN and was answered "
                                  "with RST", peer, who);
        break;
    case TD_CAUSE_RETRANSMISSION_TIMEOUT:
        words_printf(buf, "retransmission timeout: the %s sent %u copies again over ", who,
                                  sum->retransmissions_before_close);
        words_append_duration(buf, sum->retx_span);
        words_printf(buf, ", never acknowledged, then %s",
                                  sum->rst_frame ? "reset" : "gave up in silence");
        break;
    case TD_CAUSE_KEEPALIVE_TIMEOUT:
        words_printf(buf, "keep-alive timeout: %u probe%s from the %s went unanswered, then RST",
                                  sum->keepalive_probes, sum->keepalive_probes == 1 ? "" : "s", who);
        break;
    case TD_CAUSE_REFUSED:
        words_append(buf, "refused");
        break;
    case TD_CAUSE_UNANSWERED:
        words_printf(buf, "unanswered (%u SYN retr%s)", sum->syn_retries,
                                  sum->syn_retries == 1 ? "y" : "ies");
        break;
    case TD_CAUSE_ABORT:
        words_printf(buf, "abort by the %s (%s)", who, td_abort_stage_name(sum->abort_stage));
        break;
    case TD_CAUSE_UNREAD_DATA:
        words_printf(buf, "the %s closed with data unread (RST instead of FIN)", who);
        break;
    case TD_CAUSE_DATA_AFTER_CLOSE:
        words_printf(buf, "data reached the %s's closed socket, which answered RST", who);
        break;
    case TD_CAUSE_MIDDLEBOX_RESET:
        words_printf(buf, "reset by a middlebox (the RST's TTL is not the %s's)", who);
        break;
    case TD_CAUSE_STALE_STATE:
        words_printf(buf, "stale state: the %s's new SYN met this connection, still open on the "
                                  "%s, and reset it", who, peer);
        break;
    default:
        words_append(buf, "cause unknown");
        break;
    }
}

void words_narrative(wmem_allocator_t *scope, const conn_record *rec, const td_summary *sum, wmem_strbuf_t *buf)
{
    const char *client = words_endpoint(scope, rec, TD_CLIENT);
    const char *server = words_endpoint(scope, rec, TD_SERVER);
    const char *const who_str[2] = {client, server};
    words_cause(sum, buf);
    words_append(buf, ": ");
    switch (sum->outcome) {
    case TD_OUTCOME_UNANSWERED:
        if (sum->handshake_unfinished)
            words_printf(buf, "server %s answered client %s's SYN, but nothing shows the client got "
                                      "the SYN/ACK: handshake never completed; server %s", server, client,
                                      sum->final_state[TD_SERVER] == TD_SYN_RECEIVED
                                          ? "still in SYN_RECEIVED at the end of the capture"
                                          : "gave up (Linux: 5 SYN/ACK retries, 63 s)");
        else
            words_printf(buf, "client %s's SYN to server %s was never answered", client, server);
        narrate_rst_not_taken(buf, sum);
        narrate_evidence(buf, sum);
        return;
    case TD_OUTCOME_REFUSED:
        words_printf(buf, "server %s refused client %s with RST (frame %u)%s", server, client,
                                  sum->rst_frame, sum->final_state[TD_CLIENT] == TD_SYN_SENT
                                  ? "; client sent its SYN again, unanswered at the end of the capture" : "");
        return;
    case TD_OUTCOME_OPEN:
        words_printf(buf, "client %s and server %s %s at the end of the capture", client, server,
                                  sum->gave_up[TD_CLIENT] || sum->gave_up[TD_SERVER] ? "were open" : "still open");
        narrate_rst_not_taken(buf, sum);
        narrate_evidence(buf, sum);
        return;
    default:
        break;
    }
    int first = sum->initiator == TD_SERVER ? TD_SERVER : TD_CLIENT;
    if (sum->fin_sent[first])
        narrate_fins(buf, sum, who_str, first);
    if (sum->rst_frame)
        words_printf(buf, "%s%s %s reset the connection (frame %u)",
                                  sum->fin_sent[first] ? "; " : "", words_role(sum->rst_sender),
                                  who_str[sum->rst_sender == TD_SERVER ? TD_SERVER : TD_CLIENT], sum->rst_frame);
    narrate_waits(buf, sum);
    narrate_rst_not_taken(buf, sum);
    narrate_evidence(buf, sum);
    tls_close_narrate(rec, buf);
}

/* " (frame N)", or " (this packet)" when N is the packet being shown. */
static void append_frame(wmem_strbuf_t *buf, guint32 frame, guint32 this_frame)
{
    if (frame == this_frame)
        words_append(buf, " (this packet)");
    else
        words_printf(buf, " (frame %u)", frame);
}

/* How the connection ended, in a few words: the outcome said so that
 * "half_closed" (one side never sent its FIN) reads as what it is. */
static void summary_verdict(wmem_strbuf_t *buf, const td_summary *sum, guint32 this_frame)
{
    int first = sum->initiator == TD_SERVER ? TD_SERVER : TD_CLIENT;
    const char *who = words_role(first), *other = words_role(first ^ 1);
    switch (sum->outcome) {
    case TD_OUTCOME_OPEN:
        words_append(buf, "open");
        return;
    case TD_OUTCOME_GRACEFUL:
        words_printf(buf, "graceful close, %s first", who);
        break;
    case TD_OUTCOME_HALF_CLOSED:
        words_printf(buf, "only the %s closed", who);
        append_frame(buf, sum->first_close_frame, this_frame);
        words_printf(buf, ", the %s never sent its FIN", other);
        return;
    case TD_OUTCOME_INCOMPLETE:
        words_printf(buf, "incomplete close, %s first", who);
        break;
    case TD_OUTCOME_RESET:
        words_printf(buf, "reset by the %s", words_role(sum->rst_sender));
        append_frame(buf, sum->rst_frame, this_frame);
        return;
    case TD_OUTCOME_REFUSED:
        words_append(buf, "refused by the server");
        append_frame(buf, sum->rst_frame, this_frame);
        return;
    case TD_OUTCOME_UNANSWERED:
        words_append(buf, "SYN unanswered");
        return;
    default:
        return;
    }
    append_frame(buf, sum->first_close_frame, this_frame);
}

/* The worst thing that happened to the connection, most serious first: an
 * endpoint stuck in CLOSE_WAIT, a FIN never acknowledged, then why it
 * ended when that says more than the verdict. FALSE when nothing did. */
static gboolean summary_worst(wmem_strbuf_t *buf, const td_summary *sum, guint32 this_frame)
{
    for (int role = 0; role < 2; role++) {
        if (!sum->close_wait_stuck[role])
            continue;
        words_printf(buf, "%s stuck in CLOSE_WAIT for ", words_role(role));
        words_append_duration(buf, sum->close_wait_time[role]);
        words_append(buf, sum->final_state[role] == TD_CLOSE_WAIT ? " to the end of the capture"
                                                                        : " before closing");
        return TRUE;
    }
    for (int role = 0; role < 2; role++) {
        if (!sum->fin_sent[role] || sum->fin_taken[role])
            continue;
        words_printf(buf, "%s's FIN", words_role(role));
        append_frame(buf, sum->fin_frame[role], this_frame);
        words_append(buf, sum->capture_edge[role] ? " unacknowledged when the capture ended"
                                                        : " never acknowledged");
        return TRUE;
    }
    switch (sum->cause) {
    case TD_CAUSE_OPEN:
    case TD_CAUSE_APP_CLOSE:
    case TD_CAUSE_REFUSED:
    case TD_CAUSE_UNANSWERED:
    case TD_CAUSE_UNKNOWN:
        return FALSE;
    default:
        words_cause(sum, buf);
        return TRUE;
    }
}

void words_fin_fate(const td_summary *sum, int role, wmem_strbuf_t *buf)
{
    if (sum->fin_taken[role]) {
        words_printf(buf, ", acknowledged in %u after ", sum->fin_ack_frame[role]);
        words_append_duration(buf, sum->fin_ack_delay[role]);
    } else {
        words_append(buf, ", never acknowledged");
    }
    if (sum->fin_retransmissions[role])
        words_printf(buf, " (sent %u more time%s)", sum->fin_retransmissions[role],
                     sum->fin_retransmissions[role] == 1 ? "" : "s");
}

void words_connection_line(const td_summary *sum, const char *history, wmem_strbuf_t *buf)
{
    words_printf(buf, "Connection: %s, conn_state %s, history %s", td_outcome_name(sum->outcome),
                 td_conn_state_name(sum->conn_state), history);
    if (sum->initiator != TD_ROLE_NONE)
        words_printf(buf, ", closed first by the %s", words_role(sum->initiator));
    if (sum->midstream)
        words_append(buf, ", joined mid-stream");
    words_printf(buf, "; cause %s", td_cause_name(sum->cause));
}

void words_summary_line(const td_result *r, const td_summary *sum, guint32 this_frame, wmem_strbuf_t *buf)
{
    words_append(buf, "Teardown: ");
    summary_verdict(buf, sum, this_frame);
    words_append(buf, ": ");
    gsize before = wmem_strbuf_get_len(buf);
    if (!summary_worst(buf, sum, this_frame))
        wmem_strbuf_truncate(buf, before - 2);
    words_printf(buf, "; client %s, server %s", td_state_name((td_state)r->after[TD_CLIENT]),
                              td_state_name((td_state)r->after[TD_SERVER]));
    if (sum->midstream)
        words_append(buf, " [mid-stream: roles guessed]");
}
