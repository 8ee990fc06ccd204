/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TLS close: the glue of td_tls.c. Decides per connection, at its first
 * payload, whether it carries TLS; follows only those connections' record
 * headers, read from the TCP payload (no protocol tree needed); and, when
 * a TLS key log file is configured, takes the alerts Wireshark's TLS
 * dissector decrypted, through two wanted fields.
 *
 * Why these fields, and only with keys: a wanted field makes tshark build a
 * tree for every packet (about +14 %, see the notes on TCP facts), which a
 * capture without keys would pay for nothing, since the TLS dissector shows
 * an alert's description only in clear or decrypted. With keys:
 * - tls.alert_message.desc: each alert of the frame, in order;
 * - tls.handshake.type: a Finished (20) shown means Wireshark decrypts that
 *   direction;
 * - tls.record.content_type: the real type of each record it dissected
 *   (TLS 1.3: only of those it decrypted), so a last record shown as no
 *   alert was none. A record held back for reassembly (an HTTP body read
 *   until the close, in 4.4) is not shown: then nothing is concluded.
 * All three exist, with these names and types, in 4.0, 4.4 and 4.6. */
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/prefs-int.h>
#include <epan/proto.h>

#include "td_compat.h"
#include "tls-close.h"
#include "teardown-words.h"

/* conn_record.tls of a connection whose first payload was no TLS: one
 * pointer per connection says undecided (NULL), not TLS, or the records. */
static td_tls not_tls;

static const td_tls *tls_of(const conn_record *rec)
{
    return rec->tls == &not_tls ? NULL : rec->tls;
}

#define TLS_HS_FINISHED 20

static int hf_client_tls_close = -1;
static int hf_server_tls_close = -1;
static int hf_tls_version = -1;
static gint ett_tls_close = -1;
static expert_field ei_tls_truncated = EI_INIT;

static int hf_tls_alert_desc = -1;
static int hf_tls_handshake_type = -1;
static int hf_tls_content_type = -1;
static gboolean decrypted_wanted;

int tls_close_register(int proto)
{
    static hf_register_info hf[] = {
        {&hf_client_tls_close, {"Client TLS close_notify", "teardown.client.tls_close", FT_STRING, BASE_NONE, NULL,
                                0x0, "Whether the client sent a TLS close_notify before its FIN/RST: yes, no "
                                "(it closed TCP without one), unknown (the capture cannot show it)", HFILL}},
        {&hf_server_tls_close, {"Server TLS close_notify", "teardown.server.tls_close", FT_STRING, BASE_NONE, NULL,
                                0x0, "Whether the server sent a TLS close_notify before its FIN/RST: yes, no "
                                "(it closed TCP without one), unknown (the capture cannot show it)", HFILL}},
        {&hf_tls_version, {"TLS version", "teardown.tls.version", FT_STRING, BASE_NONE, NULL, 0x0,
                           "TLS version from the ServerHello (1.3, 1.2, ...; unknown when not seen)", HFILL}},
    };
    static gint *ett[] = {&ett_tls_close};
    static ei_register_info ei[] = {
        {&ei_tls_truncated, {"teardown.tls.truncated", PI_SEQUENCE, PI_WARN,
                             "Closed TCP without a TLS close_notify while the peer was still talking (truncation)",
                             EXPFILL}},
    };
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
    return ei_tls_truncated.hf;
}

/* Whether the user gave Wireshark a TLS key log file. */
static gboolean keylog_configured(void)
{
    module_t *tls = prefs_find_module("tls");
    pref_t *pref = tls ? prefs_find_preference(tls, "keylog_file") : NULL;
    const char *path = pref ? prefs_get_string_value(pref, pref_current) : NULL;
    return path && path[0];
}

void tls_close_init(dissector_handle_t postdissector)
{
    hf_tls_alert_desc = proto_registrar_get_id_byname("tls.alert_message.desc");
    hf_tls_handshake_type = proto_registrar_get_id_byname("tls.handshake.type");
    hf_tls_content_type = proto_registrar_get_id_byname("tls.record.content_type");
    decrypted_wanted = keylog_configured() && hf_tls_alert_desc > 0 && hf_tls_handshake_type > 0 &&
                       hf_tls_content_type > 0;
    GArray *wanted = NULL;
    if (decrypted_wanted) {
        wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));
        g_array_append_val(wanted, hf_tls_alert_desc);
        g_array_append_val(wanted, hf_tls_handshake_type);
        g_array_append_val(wanted, hf_tls_content_type);
    }
    /* NULL clears a list an earlier file with keys left. */
    set_postdissector_wanted_hfids(postdissector, wanted);
}

static guint32 finfo_uint(const field_info *fi)
{
#if TD_WS_VERSION >= 404
    return fvalue_get_uinteger(fi->value);
#else
    return fvalue_get_uinteger(&((field_info *)fi)->value);
#endif
}

/* What Wireshark decrypted in this frame, for the segment's sender. */
static void take_decrypted(proto_tree *tree, td_tls *t, const td_segment *seg)
{
    GPtrArray *hs = proto_get_finfo_ptr_array(tree, hf_tls_handshake_type);
    for (guint i = 0; hs && i < hs->len; i++)
        if (finfo_uint((const field_info *)g_ptr_array_index(hs, i)) == TLS_HS_FINISHED)
            td_tls_decrypts(t, seg->side);
    GPtrArray *types = proto_get_finfo_ptr_array(tree, hf_tls_content_type);
    if (types && types->len)
        td_tls_records_shown(t, seg->side,
                             (guint8)finfo_uint((const field_info *)g_ptr_array_index(types, types->len - 1)),
                             seg->frame);
    GPtrArray *alerts = proto_get_finfo_ptr_array(tree, hf_tls_alert_desc);
    if (alerts && alerts->len)
        td_tls_decrypted_alert(t, seg->side,
                               (guint8)finfo_uint((const field_info *)g_ptr_array_index(alerts, alerts->len - 1)),
                               seg->frame);
}

void tls_close_segment(packet_info *pinfo _U_, proto_tree *tree, conn_record *rec, const td_segment *seg,
                       const tcp_ends *ends)
{
    if (rec->tls == &not_tls)
        return;
    guint32 caplen = 0;
    const guint8 *data = NULL;
    if (seg->len && ends->tvb) {
        gint avail = tvb_captured_length_remaining(ends->tvb, ends->payload);
        caplen = avail > 0 ? MIN((guint32)avail, seg->len) : 0;
        data = caplen ? tvb_get_ptr(ends->tvb, ends->payload, (gint)caplen) : NULL;
    }
    if (!rec->tls) {
        if (!seg->len)
            return;
        if (!data || !td_tls_looks_like_hello(data, caplen)) {
            rec->tls = &not_tls;
            return;
        }
        rec->tls = wmem_new(wmem_file_scope(), td_tls);
        td_tls_init(rec->tls);
    }
    if (seg->len)
        td_tls_feed(rec->tls, seg->side, seg->seq, data ? data : (const guint8 *)"", caplen, seg->len, seg->frame);
    if (decrypted_wanted && tree && seg->len)
        take_decrypted(tree, rec->tls, seg);
    if (seg->flags & (TD_TH_FIN | TD_TH_RST))
        td_tls_close_side(rec->tls, seg->side, (seg->flags & TD_TH_RST) != 0, seg->frame);
}

static const td_tls_dir *dir_of(const conn_record *rec, td_role role)
{
    return &tls_of(rec)->dir[td_conv_side_of_role(&rec->conv, role)];
}

const char *tls_close_label(const conn_record *rec, td_role role)
{
    if (!tls_of(rec) || !dir_of(rec, role)->closed)
        return "-";
    return td_tls_close_name((td_tls_close)dir_of(rec, role)->verdict);
}

static const char *version_name(guint16 v)
{
    switch (v) {
    case 0x0304: return "1.3";
    case 0x0303: return "1.2";
    case 0x0302: return "1.1";
    case 0x0301: return "1.0";
    case 0x0300: return "SSL 3.0";
    default: return "unknown";
    }
}

void tls_close_add_fields(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const conn_record *rec,
                          gboolean (*hidden_reaches)(int hf))
{
    if (!tls_of(rec) || !tree)
        return;
    proto_tree *sub = tree;
    if (PTREE_DATA(tree)->visible && !hidden_reaches) {
        proto_item *pi;
        sub = proto_tree_add_subtree_format(tree, tvb, 0, 0, ett_tls_close, &pi,
                                            "TLS %s close_notify: client %s, server %s",
                                            version_name(tls_of(rec)->version), tls_close_label(rec, TD_CLIENT),
                                            tls_close_label(rec, TD_SERVER));
        proto_item_set_generated(pi);
    }
    if (hidden_reaches ? hidden_reaches(hf_tls_version) : proto_field_is_referenced(tree, hf_tls_version)) {
        proto_item *pi = proto_tree_add_string(sub, hf_tls_version, tvb, 0, 0, version_name(tls_of(rec)->version));
        proto_item_set_generated(pi);
        if (hidden_reaches)
            proto_item_set_hidden(pi);
    }
    static const td_role roles[2] = {TD_CLIENT, TD_SERVER};
    for (int i = 0; i < 2; i++) {
        const td_tls_dir *d = dir_of(rec, roles[i]);
        int hf = roles[i] == TD_CLIENT ? hf_client_tls_close : hf_server_tls_close;
        if (!d->closed || !(hidden_reaches ? hidden_reaches(hf) : proto_field_is_referenced(tree, hf)))
            continue;
        proto_item *pi = proto_tree_add_string(sub, hf, tvb, 0, 0, td_tls_close_name((td_tls_close)d->verdict));
        proto_item_set_generated(pi);
        if (hidden_reaches)
            proto_item_set_hidden(pi);
        else
            proto_item_append_text(pi, " (%s in frame %u: %s)", d->closed_by_rst ? "RST" : "FIN", d->close_frame,
                                   td_tls_evidence_text((td_tls_evidence)d->evidence));
    }
    (void)pinfo;
}

void tls_close_add_expert(packet_info *pinfo, proto_item *ti, const conn_record *rec, td_role who)
{
    if (!tls_of(rec) || who == TD_ROLE_NONE)
        return;
    const td_tls_dir *d = dir_of(rec, who);
    if (!d->truncated || d->close_frame != pinfo->num)
        return;
    td_role peer = who == TD_CLIENT ? TD_SERVER : TD_CLIENT;
    expert_add_info_format(pinfo, ti, &ei_tls_truncated,
                           "Stream %u: %s %s closed TCP (%s) without a TLS close_notify while the %s was still "
                           "talking: the TLS session was truncated (%s)",
                           rec->stream, words_role(who), words_endpoint(pinfo->pool, rec, who),
                           d->closed_by_rst ? "RST" : "FIN", words_role(peer),
                           td_tls_evidence_text((td_tls_evidence)d->evidence));
}

gboolean tls_close_truncated(const conn_record *rec)
{
    const td_tls *t = tls_of(rec);
    return t && (t->dir[0].truncated || t->dir[1].truncated);
}

void tls_close_narrate(const conn_record *rec, wmem_strbuf_t *buf)
{
    if (!tls_of(rec))
        return;
    const td_tls_dir *c = dir_of(rec, TD_CLIENT), *s = dir_of(rec, TD_SERVER);
    if (!c->closed && !s->closed)
        return;
    wmem_strbuf_append_printf(buf, "; TLS %s:", version_name(tls_of(rec)->version));
    static const td_role roles[2] = {TD_CLIENT, TD_SERVER};
    const char *sep = "";
    for (int i = 0; i < 2; i++) {
        const td_tls_dir *d = roles[i] == TD_CLIENT ? c : s;
        if (!d->closed)
            continue;
        const char *what = d->verdict == TD_TLS_CLOSE_YES  ? "sent close_notify"
                           : d->verdict == TD_TLS_CLOSE_NO ? "closed without close_notify"
                                                           : "may or may not have sent close_notify";
        wmem_strbuf_append_printf(buf, "%s %s %s before its %s (%s)%s", sep, words_role(roles[i]), what,
                                  d->closed_by_rst ? "RST" : "FIN", td_tls_evidence_text((td_tls_evidence)d->evidence),
                                  d->truncated ? ", truncating the session" : "");
        sep = ";";
    }
}
