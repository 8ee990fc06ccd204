/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TLS close: follows the record boundaries of each direction of a TLS
 * connection in a few bytes, and judges at each side's FIN or RST whether
 * it sent a close_notify first, as far as the bytes (and Wireshark's
 * decryption, when the glue reports it) can show.
 *
 * What the wire shows without keys. Every record starts with a 5-byte
 * header in clear: content type, version, length. TLS 1.2 and earlier
 * encrypt only the body after ChangeCipherSpec, so an alert record is
 * visible as one (type 21), but whether it is a close_notify or a fatal
 * alert is not: both are two encrypted bytes. TLS 1.3 sends everything
 * after the ServerHello as type 23 (application data) and hides the real
 * type inside; only the length is left, and an alert (2 bytes, its inner
 * type byte and a 16-byte AEAD tag) is 19 bytes unless the sender padded
 * it. A close_notify is the last record of its sender (RFC 8446 6.1, RFC
 * 5246 7.2.1), so only the last complete record before the FIN or RST
 * matters. The verdicts, in order:
 * - an alert whose description is known (sent before encryption, or
 *   decrypted by Wireshark): yes for close_notify, no for anything else;
 * - the record boundaries were lost (capture gap): unknown;
 * - it closed in the middle of a record, or sent nothing: no;
 * - its last record is an alert record (type 21) not decrypted: unknown;
 * - Wireshark decrypts its direction and showed its last record, which
 *   was no alert: no (a record Wireshark held back for reassembly, such as
 *   an HTTP body read until the close, shows nothing and falls through);
 * - TLS 1.3 (or a version not seen): a last record of alert size is
 *   unknown, any other size is no (documented inference: no common stack
 *   pads an alert);
 * - otherwise (no alert record last): no. */
#include <string.h>

#include "td_engine.h"

#define TLS_CT_CCS 20
#define TLS_CT_ALERT 21
#define TLS_CT_HANDSHAKE 22
#define TLS_CT_APP_DATA 23
#define TLS_CT_HEARTBEAT 24
#define TLS_HS_CLIENT_HELLO 1
#define TLS_HS_SERVER_HELLO 2
#define TLS_EXT_SUPPORTED_VERSIONS 0x002b
#define TLS_V13 0x0304
/* RFC 5246 6.2.3: a TLSCiphertext body is at most 2^14 + 2048 bytes. */
#define TLS_MAX_RECORD (16384 + 2048)
/* A TLS 1.3 alert without padding: 2 bytes, the inner content type and a
 * 16-byte tag (AES-GCM, ChaCha20-Poly1305, AES-CCM). */
#define TLS13_ALERT_LEN 19

static const char *const close_names[] = {
#define TD_X(name, label) label,
    TD_TLS_CLOSE_LIST(TD_X)
#undef TD_X
};

static const char *const evidence_texts[] = {
#define TD_X(name, text) text,
    TD_TLS_EVIDENCE_LIST(TD_X)
#undef TD_X
};

const char *td_tls_close_name(td_tls_close c)
{
    return (unsigned)c < TD_TLS_CLOSE_COUNT ? close_names[c] : "unknown";
}

const char *td_tls_evidence_text(td_tls_evidence e)
{
    return (unsigned)e < TD_TLS_EV_COUNT ? evidence_texts[e] : "";
}

static bool plausible_header(const uint8_t *h)
{
    uint16_t len = (uint16_t)(h[3] << 8 | h[4]);
    return h[0] >= TLS_CT_CCS && h[0] <= TLS_CT_HEARTBEAT && h[1] == 3 && h[2] <= 4 && len <= TLS_MAX_RECORD;
}

bool td_tls_looks_like_hello(const uint8_t *p, size_t n)
{
    if (n < 5 || p[0] != TLS_CT_HANDSHAKE || !plausible_header(p))
        return false;
    return n < 6 || p[5] == TLS_HS_CLIENT_HELLO;
}

void td_tls_init(td_tls *t)
{
    memset(t, 0, sizeof *t);
    t->dir[0].last_alert = t->dir[1].last_alert = -1;
}

/* The negotiated version from a whole ServerHello body (handshake header
 * included): supported_versions when present, else legacy_version. */
static void read_server_hello(td_tls *t, const uint8_t *b, uint32_t n)
{
    if (n < 4 + 35 || b[0] != TLS_HS_SERVER_HELLO)
        return;
    uint32_t end = 4 + ((uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]);
    if (end > n)
        end = n;
    uint16_t legacy = (uint16_t)(b[4] << 8 | b[5]);
    uint32_t off = 4 + 2 + 32;
    off += 1 + b[off];                /* session id */
    off += 2 + 1;                     /* cipher suite, compression */
    t->version = legacy;
    if (off + 2 > end)
        return;
    uint32_t ext_end = off + 2 + (uint32_t)(b[off] << 8 | b[off + 1]);
    if (ext_end > end)
        ext_end = end;
    for (off += 2; off + 4 <= ext_end;) {
        uint16_t type = (uint16_t)(b[off] << 8 | b[off + 1]);
        uint16_t len = (uint16_t)(b[off + 2] << 8 | b[off + 3]);
        if (type == TLS_EXT_SUPPORTED_VERSIONS && len == 2 && off + 6 <= ext_end) {
            t->version = (uint16_t)(b[off + 4] << 8 | b[off + 5]);
            return;
        }
        off += 4 + len;
    }
}

/* A record of `d` is complete. `body` is its whole body when it was in one
 * segment, else NULL. */
static void record_done(td_tls *t, td_tls_dir *d, const uint8_t *body, uint32_t frame)
{
    d->last_type = d->cur_type;
    d->last_len = d->cur_len;
    d->last_rec_frame = frame;
    d->last_alert = -1;
    d->last_alert_decrypted = false;
    d->last_rec_shown = false;
    /* An alert of two bytes is in clear: encrypted ones carry a tag. */
    if (body && d->cur_type == TLS_CT_ALERT && d->cur_len == 2)
        d->last_alert = body[1];
    if (body && d->cur_type == TLS_CT_HANDSHAKE && t->version == 0)
        read_server_hello(t, body, d->cur_len);
}

/* Parses `n` bytes of `d`'s stream, in order. */
static void parse(td_tls *t, td_tls_dir *d, const uint8_t *p, uint32_t n, uint32_t frame)
{
    while (n > 0 && !d->lost) {
        if (d->rec_left == 0) {
            /* A header, perhaps split across segments. */
            uint32_t take = 5u - d->hdr_have;
            if (take > n)
                take = n;
            memcpy(d->hdr + d->hdr_have, p, take);
            d->hdr_have = (uint8_t)(d->hdr_have + take);
            p += take;
            n -= take;
            if (d->hdr_have < 5)
                return;
            d->hdr_have = 0;
            if (!plausible_header(d->hdr)) {
                d->lost = true;
                return;
            }
            d->cur_type = d->hdr[0];
            d->cur_len = (uint16_t)(d->hdr[3] << 8 | d->hdr[4]);
            d->rec_left = d->cur_len;
            if (d->rec_left == 0) {
                record_done(t, d, NULL, frame);
                continue;
            }
            if (n >= d->rec_left) {
                /* The whole body is here. */
                const uint8_t *body = p;
                p += d->rec_left;
                n -= d->rec_left;
                d->rec_left = 0;
                record_done(t, d, body, frame);
                continue;
            }
        }
        uint32_t take = d->rec_left < n ? d->rec_left : n;
        d->rec_left -= take;
        p += take;
        n -= take;
        if (d->rec_left == 0)
            record_done(t, d, NULL, frame);
    }
}

void td_tls_feed(td_tls *t, uint8_t side, uint32_t seq, const uint8_t *data, uint32_t caplen, uint32_t len,
                 uint32_t frame)
{
    if (side > 1 || len == 0)
        return;
    td_tls_dir *d = &t->dir[side];
    if (d->closed || d->lost)
        return;
    if (caplen > len)
        caplen = len;
    if (!d->started) {
        /* Its first payload must start a record. */
        d->started = true;
        d->pos = seq;
        if (caplen < 5 || !plausible_header(data)) {
            d->lost = true;
            return;
        }
    }
    int32_t ahead = (int32_t)(seq - d->pos);
    if (ahead > 0) {
        d->lost = true; /* bytes before this segment were not captured */
        return;
    }
    uint32_t skip = (uint32_t)-ahead;
    if (skip >= len)
        return; /* a retransmission of what was parsed */
    if (skip >= caplen) {
        d->lost = true;
        return;
    }
    parse(t, d, data + skip, caplen - skip, frame);
    d->pos = seq + len;
    if (caplen < len)
        d->lost = true; /* cut by the snapshot length */
}

void td_tls_decrypted_alert(td_tls *t, uint8_t side, uint8_t desc, uint32_t frame)
{
    if (side > 1)
        return;
    td_tls_dir *d = &t->dir[side];
    /* The alert is the record that completed in this frame. */
    if (!d->closed && d->last_rec_frame == frame && d->last_type != 0) {
        d->last_alert = desc;
        d->last_alert_decrypted = true;
    }
}

void td_tls_records_shown(td_tls *t, uint8_t side, uint8_t type, uint32_t frame)
{
    if (side > 1)
        return;
    td_tls_dir *d = &t->dir[side];
    if (!d->closed && d->last_rec_frame == frame && d->last_type != 0 && type != TLS_CT_ALERT)
        d->last_rec_shown = true;
}

void td_tls_decrypts(td_tls *t, uint8_t side)
{
    if (side <= 1)
        t->dir[side].decrypts = true;
}

/* Whether `d` may have ended its TLS session: an alert of any kind seen or
 * suspected as its last record. */
static bool may_have_alerted(const td_tls *t, const td_tls_dir *d)
{
    if (d->last_alert >= 0 || d->last_type == TLS_CT_ALERT)
        return true;
    bool hidden_types = t->version == 0 || t->version >= TLS_V13;
    bool shown = d->decrypts && d->last_rec_shown;
    return hidden_types && !shown && d->last_type == TLS_CT_APP_DATA && d->last_len == TLS13_ALERT_LEN;
}

static void judge(const td_tls *t, const td_tls_dir *d, uint8_t *verdict, uint8_t *evidence)
{
    if (d->last_alert >= 0 && d->hdr_have == 0 && d->rec_left == 0 && !d->lost) {
        *verdict = d->last_alert == TD_TLS_ALERT_CLOSE_NOTIFY ? TD_TLS_CLOSE_YES : TD_TLS_CLOSE_NO;
        *evidence = d->last_alert_decrypted ? TD_TLS_EV_DECRYPTED : TD_TLS_EV_CLEAR;
    } else if (d->lost) {
        *verdict = TD_TLS_CLOSE_UNKNOWN;
        *evidence = TD_TLS_EV_CAPTURE_GAP;
    } else if (!d->started || (d->last_type == 0 && d->hdr_have == 0 && d->rec_left == 0)) {
        *verdict = TD_TLS_CLOSE_NO;
        *evidence = TD_TLS_EV_NOTHING_SENT;
    } else if (d->hdr_have != 0 || d->rec_left != 0) {
        *verdict = TD_TLS_CLOSE_NO;
        *evidence = TD_TLS_EV_MID_RECORD;
    } else if (d->last_type == TLS_CT_ALERT) {
        *verdict = TD_TLS_CLOSE_UNKNOWN;
        *evidence = TD_TLS_EV_ALERT_RECORD;
    } else if (d->decrypts && d->last_rec_shown) {
        *verdict = TD_TLS_CLOSE_NO;
        *evidence = TD_TLS_EV_DECRYPTED_NONE;
    } else if (d->last_type == TLS_CT_APP_DATA && (t->version == 0 || t->version >= TLS_V13)) {
        bool sized = d->last_len == TLS13_ALERT_LEN;
        *verdict = sized ? TD_TLS_CLOSE_UNKNOWN : TD_TLS_CLOSE_NO;
        *evidence = sized ? TD_TLS_EV_ALERT_SIZED : TD_TLS_EV_NOT_ALERT_SIZED;
    } else {
        *verdict = TD_TLS_CLOSE_NO;
        *evidence = TD_TLS_EV_NO_ALERT_RECORD;
    }
}

void td_tls_close_side(td_tls *t, uint8_t side, bool rst, uint32_t frame)
{
    if (side > 1)
        return;
    td_tls_dir *d = &t->dir[side];
    const td_tls_dir *peer = &t->dir[side ^ 1];
    if (d->closed)
        return;
    d->closed = true;
    d->closed_by_rst = rst;
    d->close_frame = frame;
    judge(t, d, &d->verdict, &d->evidence);
    /* Truncation: the peer had neither closed nor (as far as can be seen)
     * ended its TLS session, so it was still talking or waiting for more. */
    d->truncated = d->verdict == TD_TLS_CLOSE_NO && !peer->closed && !may_have_alerted(t, peer);
}
