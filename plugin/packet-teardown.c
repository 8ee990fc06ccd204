/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The epan face of the plugin: registers the "teardown" post-dissector, its
 * fields, expert infos and preferences, and at each packet asks the records
 * for the analysis and renders it as tree and expert infos. */
#include <stdio.h>
#include <string.h>

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/tap.h>
#include <epan/column-info.h>
#include <wsutil/nstime.h>

#include "td_compat.h"
#include "td_engine.h"
#include "packet-teardown.h"
#include "conversation-records.h"
#include "teardown-words.h"
#include "tcp-facts.h"
#include "tls-close.h"
#include "tshark-output.h"

static int proto_teardown = -1;
static int teardown_tap = -1;
static int expert_tap = -1;
static int proto_ws_expert = -1;

static int hf_teardown_stream = -1;
static int hf_teardown_sender = -1;
static int hf_teardown_client_state = -1;
static int hf_teardown_server_state = -1;
static int hf_teardown_midstream = -1;
static int hf_teardown_outcome = -1;
static int hf_teardown_initiator = -1;
static int hf_teardown_conn_state = -1;
static int hf_teardown_client_final_state = -1;
static int hf_teardown_server_final_state = -1;
static int hf_teardown_client_fin_frame = -1;
static int hf_teardown_server_fin_frame = -1;
static int hf_teardown_client_fin_ack_frame = -1;
static int hf_teardown_server_fin_ack_frame = -1;
static int hf_teardown_client_fin_ack_delay = -1;
static int hf_teardown_server_fin_ack_delay = -1;
static int hf_teardown_client_fin_retransmissions = -1;
static int hf_teardown_server_fin_retransmissions = -1;
static int hf_teardown_rst_frame = -1;
static int hf_teardown_close_duration = -1;
static int hf_teardown_half_close_duration = -1;
static int hf_teardown_half_close_bytes = -1;
static int hf_teardown_time_wait_endpoint = -1;
static int hf_teardown_previous_stream = -1;
static int hf_teardown_narrative = -1;
static int hf_teardown_cause = -1;
static int hf_teardown_cause_frame = -1;
static int hf_teardown_idle_before_close = -1;
static int hf_teardown_idle_from_frame = -1;
static int hf_teardown_idle_to_frame = -1;
static int hf_teardown_idle_timer = -1;
static int hf_teardown_abort_stage = -1;
static int hf_teardown_retransmissions = -1;
static int hf_teardown_retransmissions_span = -1;
static int hf_teardown_retransmissions_frame = -1;
static int hf_teardown_syn_retries = -1;
static int hf_teardown_stale_delay = -1;
static int hf_teardown_history = -1;

static gint ett_teardown = -1;
static gint ett_teardown_conversation = -1;
static gint ett_teardown_cause = -1;

/* One expert info per engine event or anomaly, indexed by td_anomaly. */
static expert_field ei_teardown[TD_ANOMALY_COUNT];
/* Note-severity twins for events that are unanswered only because the
 * capture stopped too soon to show the answer. They have names of their own
 * (so that each can be re-graded in Preferences > Expert); a hidden item of
 * the main one goes with them, so a filter on the documented name finds
 * both. */
static expert_field ei_teardown_fin_unacked_edge = EI_INIT;
static expert_field ei_teardown_close_wait_stuck_edge = EI_INIT;
/* The Warning twin of teardown.time_wait.reuse (a Note): a SYN the TIME_WAIT
 * holder will not accept (RFC 6191), registered apart for the same reason. */
static expert_field ei_teardown_reuse_rejected = EI_INIT;

/* How much was rendered, for the suite's check that commands naming nothing
 * of the plugin get nothing from it (pcap.render_cost): one increment per
 * item, text or expert info, printed at the end of the file when
 * TD_RENDER_COUNTS is set in the environment. */
static struct {
    guint64 packets; /* analysed or recalled */
    guint64 items;   /* field and protocol items */
    guint64 stubs;   /* protocol items JSON prints as {"filtered": ...} */
    guint64 texts;   /* text formatted: summary line, narrative, subtrees, appended notes */
    guint64 experts; /* expert infos raised */
    guint64 skipped; /* frames not analysed: nothing of this run would use it */
} rendered;
static gboolean report_rendered;

static guint pref_time_wait_seconds = 60;
static guint pref_close_wait_seconds = 5;
static guint pref_idle_seconds = 30;
/* Well-known idle timers, seconds then name. Sources: AWS NLB docs ("TCP
 * idle timeout ... 350 seconds"); AWS ALB/Classic ELB idle timeout default
 * 60 s; Azure Load Balancer and NAT Gateway TCP idle timeout default 4 min;
 * GCP Cloud NAT TCP established idle timeout default 1200 s; nginx
 * keepalive_timeout 75 s; Apache httpd KeepAliveTimeout 5 s; Node.js
 * http.Server keepAliveTimeout 5 s; Go net/http Transport IdleConnTimeout
 * 90 s; Envoy/Istio idle_timeout 1 h; Linux tcp_keepalive_time 7200 s. */
static const char *pref_idle_timers =
    "5 Apache KeepAliveTimeout / Node.js keepAliveTimeout (5 s); 60 AWS ALB / Classic ELB idle timeout (60 s); "
    "75 nginx keepalive_timeout (75 s); 90 Go http.Transport IdleConnTimeout (90 s); "
    "240 Azure Load Balancer / NAT Gateway idle timeout (4 min); 350 AWS NLB idle timeout (350 s); "
    "1200 GCP Cloud NAT established idle timeout (1200 s); 3600 Envoy idle_timeout (1 h); "
    "7200 Linux keep-alive time (2 h)";

/* Enumerations are string fields holding the label, so that the tree,
 * `-T fields` and Apply as Filter all show the name in every version (a
 * value_string field shows and filters as a number in places). The labels
 * a field can take end its description, where the reference reads them. */
#define TD_STATE_LABEL(name) " " #name
#define STATE_LABELS " (one of:" TD_STATE_LIST(TD_STATE_LABEL) ")"
#define TD_OUTCOME_LABEL(name, label) " " label
#define OUTCOME_LABELS " (one of:" TD_OUTCOME_LIST(TD_OUTCOME_LABEL) ")"
#define ROLE_LABELS " (one of: client server)"
#define CAUSE_LABELS " (one of:" TD_CAUSE_LIST(TD_OUTCOME_LABEL) ")"

/* ---- fields ------------------------------------------------------------- */

static void ns_to_nstime(td_time ns, nstime_t *t)
{
    t->secs = (time_t)(ns / TD_NS_PER_SEC);
    t->nsecs = (int)(ns % TD_NS_PER_SEC);
}

/* tshark_output_limited(), fixed once the file's dissection begins. */
static gboolean output_limited;

/* Text-only items (subtrees, notes) are seen by no one in a tree that is not
 * shown: no filter, column or field extraction can reach them. Filters and
 * taps build such trees on every packet, so there the fields go straight
 * under the caller's tree instead. */
static inline gboolean tree_shown(proto_tree *tree)
{
    return tree && PTREE_DATA(tree)->visible && !output_limited;
}

/* This plugin's fields (and expert infos' fields), registered in one run of
 * ids: their registrations, looked up once, so that the check below is a
 * load, not a call, for each of the forty-odd fields of every packet. */
static int first_hf = -1, last_hf = -2;
static header_field_info **own_hfi;

/* Primed by a filter, column, colouring rule or tap; any registered id. */
static inline gboolean referenced_field(int hf)
{
    header_field_info *hfi = (hf >= first_hf && hf <= last_hf) ? own_hfi[hf - first_hf] : proto_registrar_get_nth(hf);
    return hfi->ref_type != HF_REF_TYPE_NONE;
}

/* The plugin's fields by what they need: a packet's own fields nothing
 * more, the verdict a short judgement of the connection (td_conv_verdict),
 * the expert infos' an item to hang on, the rest the whole summary. */
enum { G_PACKET, G_VERDICT, G_EXPERT, G_CONNECTION, G_CAUSE, G_LEDGER, G_COUNT };
static int n_own;             /* last_hf - first_hf + 1 */
static guint8 *group_of;      /* by field, from first_hf; the rest (TLS's) count as G_CONNECTION */
static int tls_expert_hf = -1;
static guint8 *named_own;     /* by field: tshark's -e names it */

/* What a tree that is not shown (a filter's, a tap's, a column's, that of
 * tshark's -T fields) wants of the plugin, worked out before rendering into
 * it: checking each field at each packet cost more than many a field it
 * guarded. Single-pass tshark works it out once for the file, as filters,
 * columns and -e prime their fields before the first frame, for good; the
 * GUI (whose filters change) and -2 at each packet. */
static struct {
    gboolean fixed;
    guint8 *field;            /* by field, from first_hf */
    gboolean group[G_COUNT];
    gboolean teardown, ws_expert; /* the protocols, by their own rule */
    gboolean teardown_itself;     /* "teardown" named, not only some of its fields */
} want;

/* How much of its connection the packet being rendered was judged for
 * (render() sets it; the whole for a tree that is shown). */
static enum { JUDGED_NOTHING, JUDGED_VERDICT, JUDGED_WHOLE } judged_now;

static gboolean protocol_wanted(proto_tree *tree, int proto)
{
    if (proto <= 0)
        return FALSE;
    if (output_limited)
        return referenced_field(proto) || tshark_output_names(proto);
    return proto_field_is_referenced(tree, proto);
}

static void work_out_wants(proto_tree *tree)
{
    memset(want.group, 0, sizeof want.group);
    for (int o = 0; o < n_own; o++) {
        guint8 w = own_hfi[o]->ref_type != HF_REF_TYPE_NONE || named_own[o];
        want.field[o] = w;
        want.group[group_of[o]] |= w;
    }
    want.teardown = protocol_wanted(tree, proto_teardown);
    want.teardown_itself = proto_registrar_get_nth(proto_teardown)->ref_type == HF_REF_TYPE_DIRECT;
    want.ws_expert = protocol_wanted(tree, proto_ws_expert);
    want.fixed = tshark_output_single_pass();
}

static gboolean group_wanted(proto_tree *tree, int group)
{
    return tree && (tree_shown(tree) || want.group[group]);
}

static void set_group(int hf, guint group)
{
    if (hf >= first_hf && hf <= last_hf)
        group_of[hf - first_hf] = (guint8)group;
}

static void assign_groups(void)
{
    n_own = last_hf - first_hf + 1;
    group_of = g_new(guint8, (gsize)n_own);
    memset(group_of, G_CONNECTION, (size_t)n_own);
    named_own = g_new0(guint8, (gsize)n_own);
    want.field = g_new0(guint8, (gsize)n_own);
    const int packet[] = {hf_teardown_stream, hf_teardown_sender, hf_teardown_client_state, hf_teardown_server_state};
    const int verdict[] = {hf_teardown_midstream, hf_teardown_outcome, hf_teardown_initiator, hf_teardown_conn_state,
                           hf_teardown_client_final_state, hf_teardown_server_final_state};
    const int cause[] = {hf_teardown_cause, hf_teardown_cause_frame, hf_teardown_idle_before_close,
                         hf_teardown_idle_from_frame, hf_teardown_idle_to_frame, hf_teardown_idle_timer,
                         hf_teardown_abort_stage, hf_teardown_retransmissions, hf_teardown_retransmissions_span,
                         hf_teardown_retransmissions_frame, hf_teardown_syn_retries, hf_teardown_stale_delay};
    const int ledger[] = {hf_teardown_client_fin_frame, hf_teardown_server_fin_frame,
                          hf_teardown_client_fin_ack_frame, hf_teardown_server_fin_ack_frame,
                          hf_teardown_client_fin_ack_delay, hf_teardown_server_fin_ack_delay,
                          hf_teardown_client_fin_retransmissions, hf_teardown_server_fin_retransmissions,
                          hf_teardown_rst_frame};
    for (size_t i = 0; i < G_N_ELEMENTS(packet); i++)
        set_group(packet[i], G_PACKET);
    for (size_t i = 0; i < G_N_ELEMENTS(verdict); i++)
        set_group(verdict[i], G_VERDICT);
    for (size_t i = 0; i < G_N_ELEMENTS(cause); i++)
        set_group(cause[i], G_CAUSE);
    for (size_t i = 0; i < G_N_ELEMENTS(ledger); i++)
        set_group(ledger[i], G_LEDGER);
    for (int a = 0; a < TD_ANOMALY_COUNT; a++)
        set_group(ei_teardown[a].hf, G_EXPERT);
    set_group(ei_teardown_fin_unacked_edge.hf, G_EXPERT);
    set_group(ei_teardown_close_wait_stuck_edge.hf, G_EXPERT);
    set_group(ei_teardown_reuse_rejected.hf, G_EXPERT);
    set_group(tls_expert_hf, G_EXPERT);
}

/* Whether a field goes into the tree: a tree that is shown takes every
 * field; any other only those a filter, tap or column primed, or that
 * tshark's command line names for printing (work_out_wants). A visible
 * tree tshark will print only in part (4.0's `-T fields`, `-T json -J
 * tcp`) counts as not shown: proto_field_is_referenced() would say yes to
 * every field there. */
static inline gboolean wanted_unshown(int hf)
{
    if (hf >= first_hf && hf <= last_hf)
        return want.field[hf - first_hf];
    if (hf == proto_teardown)
        return want.teardown;
    if (hf == proto_ws_expert)
        return want.ws_expert;
    return referenced_field(hf) || (output_limited && tshark_output_names(hf));
}

static inline gboolean wanted(proto_tree *tree, int hf)
{
    return tree && (tree_shown(tree) || wanted_unshown(hf));
}

/* Generated fields go only where someone will see or filter on them: a
 * tree built for an unrelated filter or tap would otherwise pay for each. */
static proto_item *generated(proto_item *pi)
{
    rendered.items++;
    proto_item_set_generated(pi);
    return pi;
}

/* How an item goes into a tree that is shown. Hidden items are there for
 * filters, columns and field extraction only, as Wireshark does with
 * ip.addr: a value a visible line already states, a zero that is evidence
 * of nothing, and the connection's fields on a packet that changed
 * nothing (the packets that did carry them in full). */
typedef enum { SHOW, HIDE } item_view;

/* Whether anyone gets a hidden item: a filter, column or colouring rule
 * that primed it, the GUI's "display hidden items" preference, or a tshark
 * output that prints every item (PDML, JSON). */
static gboolean hidden_reaches(int hf)
{
    return prefs.display_hidden_proto_items || tshark_output_prints_hidden() || referenced_field(hf);
}

static inline gboolean placed(proto_tree *tree, int hf, item_view view)
{
    if (!tree)
        return FALSE;
    if (tree_shown(tree))
        return view == SHOW || hidden_reaches(hf);
    return wanted_unshown(hf);
}

static proto_item *finish(proto_item *pi, item_view view)
{
    generated(pi);
    if (view == HIDE)
        proto_item_set_hidden(pi);
    return pi;
}

/* A shown item's whole line, written at once: appending to it would first
 * format the field's own label, and printing would format it again. */
static void set_line(proto_item *pi, int hf, const char *value, const char *note)
{
    const char *name = proto_registrar_get_nth(hf)->name;
    /* Too long for a line: Wireshark's own label marks the cut better. */
    if (!*note && strlen(name) + 2 + strlen(value) >= ITEM_LABEL_LENGTH)
        return;
    rendered.texts++;
    proto_item_set_text(pi, "%s: %s%s", name, value, note);
}

/* The adding, apart from the checks (inlined where each field is placed:
 * most checks say no). */
static proto_item *add_uint_now(proto_tree *tree, int hf, tvbuff_t *tvb, guint32 v, item_view view)
{
    return finish(proto_tree_add_uint(tree, hf, tvb, 0, 0, v), view);
}

static proto_item *add_uint64_now(proto_tree *tree, int hf, tvbuff_t *tvb, guint64 v, item_view view)
{
    return finish(proto_tree_add_uint64(tree, hf, tvb, 0, 0, v), view);
}

static proto_item *add_string_now(proto_tree *tree, int hf, tvbuff_t *tvb, const char *v, item_view view)
{
    return finish(proto_tree_add_string(tree, hf, tvb, 0, 0, v), view);
}

static proto_item *add_time_now(proto_tree *tree, int hf, tvbuff_t *tvb, td_time ns, item_view view)
{
    nstime_t t;
    ns_to_nstime(ns, &t);
    return finish(proto_tree_add_time(tree, hf, tvb, 0, 0, &t), view);
}

static inline proto_item *add_uint_as(proto_tree *tree, int hf, tvbuff_t *tvb, guint32 v, item_view view)
{
    return placed(tree, hf, view) ? add_uint_now(tree, hf, tvb, v, view) : NULL;
}

static inline proto_item *add_uint64_as(proto_tree *tree, int hf, tvbuff_t *tvb, guint64 v, item_view view)
{
    return placed(tree, hf, view) ? add_uint64_now(tree, hf, tvb, v, view) : NULL;
}

static proto_item *add_boolean(proto_tree *tree, int hf, tvbuff_t *tvb, guint32 v)
{
    return wanted(tree, hf) ? generated(proto_tree_add_boolean(tree, hf, tvb, 0, 0, v)) : NULL;
}

static inline proto_item *add_string_as(proto_tree *tree, int hf, tvbuff_t *tvb, const char *v, item_view view)
{
    return placed(tree, hf, view) ? add_string_now(tree, hf, tvb, v, view) : NULL;
}

static inline proto_item *add_string(proto_tree *tree, int hf, tvbuff_t *tvb, const char *v)
{
    return add_string_as(tree, hf, tvb, v, SHOW);
}

static inline proto_item *add_time_as(proto_tree *tree, int hf, tvbuff_t *tvb, td_time ns, item_view view)
{
    return placed(tree, hf, view) ? add_time_now(tree, hf, tvb, ns, view) : NULL;
}

/* A frame number as a link. */
static inline proto_item *add_frame_as(proto_tree *tree, int hf, tvbuff_t *tvb, guint32 frame, item_view view)
{
    return frame ? add_uint_as(tree, hf, tvb, frame, view) : NULL;
}

/* ---- the tree ----------------------------------------------------------- */

/* Which packets carry the connection's fields visibly: those that make its
 * close (a FIN, an RST, an expert info, the cause's evidence), and its
 * first once the whole capture has been read (clicked in Wireshark, or
 * tshark -2: the judgement of the whole connection; on a single pass it
 * would only say that the SYN is not answered yet, and so would an
 * "unanswered" or "open" cause there). On the others (the handshake's
 * answer, data, the ACKs of the close, whose state lines say what they
 * moved) the first line's verdict stands for them and the fields are
 * hidden: repeating the whole connection on every packet made the tree
 * (and `tshark -V`) a fifth longer for nothing new. */
static gboolean shows_the_close(packet_info *pinfo, const packet_analysis *pkt, const td_summary *sum)
{
    const td_result *r = &pkt->result;
    gboolean final = PINFO_FD_VISITED(pinfo);
    gboolean cause_says = final || (sum->cause != TD_CAUSE_UNANSWERED && sum->cause != TD_CAUSE_OPEN);
    return r->anomalies || r->fin_of != TD_ROLE_NONE || r->entered_close_wait ||
           (final && pinfo->num == pkt->rec->conv.first_frame) || pinfo->num == sum->rst_frame ||
           (cause_says && pinfo->num == sum->cause_frame) ||
           (sum->retransmissions_before_close && pinfo->num == sum->retx_frame);
}

/* Each side's FIN on one line: when and whether the peer took it, and how
 * often it was sent again (the ACK's frame, the delay and the count are
 * hidden fields beside it). */
static void add_ledger_entry(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const td_summary *sum, int role,
                             item_view view, int hf_fin, int hf_ack, int hf_delay, int hf_retrans)
{
    if (!sum->fin_sent[role])
        return; /* the final states and the narrative say so */
    proto_item *pi = add_frame_as(tree, hf_fin, tvb, sum->fin_frame[role], view);
    if (pi && view == SHOW && tree_shown(tree)) {
        wmem_strbuf_t *note = wmem_strbuf_new_sized(pinfo->pool, 64);
        words_fin_fate(sum, role, note);
        rendered.texts++;
        proto_item_set_text(pi, "%s: %u%s", proto_registrar_get_nth(hf_fin)->name, sum->fin_frame[role],
                            wmem_strbuf_get_str(note));
    }
    if (sum->fin_taken[role]) {
        add_frame_as(tree, hf_ack, tvb, sum->fin_ack_frame[role], HIDE);
        add_time_as(tree, hf_delay, tvb, sum->fin_ack_delay[role], HIDE);
    }
    add_uint_as(tree, hf_retrans, tvb, sum->fin_retransmissions[role], HIDE);
}

static void add_ledger(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const td_summary *sum, item_view view)
{
    if (sum->rst_frame) {
        proto_item *pi = add_frame_as(tree, hf_teardown_rst_frame, tvb, sum->rst_frame, view);
        if (pi && view == SHOW && tree_shown(tree)) {
            rendered.texts++;
            proto_item_append_text(pi, " (sent by the %s)", words_role(sum->rst_sender));
        }
    }
    add_ledger_entry(tree, tvb, pinfo, sum, TD_CLIENT, view, hf_teardown_client_fin_frame, hf_teardown_client_fin_ack_frame,
                     hf_teardown_client_fin_ack_delay, hf_teardown_client_fin_retransmissions);
    add_ledger_entry(tree, tvb, pinfo, sum, TD_SERVER, view, hf_teardown_server_fin_frame, hf_teardown_server_fin_ack_frame,
                     hf_teardown_server_fin_ack_delay, hf_teardown_server_fin_retransmissions);
}

/* Why it ended (the cause's words in its text), and the facts and frames
 * behind it: evidence that shows nothing (no silence worth a second, no
 * SYN sent again) is hidden. */
static void add_cause(proto_tree *conv_tree, tvbuff_t *tvb, packet_info *pinfo, const td_summary *sum,
                      item_view view)
{
    proto_item *pi = add_string_as(conv_tree, hf_teardown_cause, tvb, td_cause_name(sum->cause), view);
    proto_tree *tree = conv_tree;
    if (pi && view == SHOW && tree_shown(conv_tree)) {
        wmem_strbuf_t *text = wmem_strbuf_new_sized(pinfo->pool, 128);
        wmem_strbuf_append(text, ", ");
        words_cause(sum, text);
        set_line(pi, hf_teardown_cause, td_cause_name(sum->cause), wmem_strbuf_get_str(text));
        tree = proto_item_add_subtree(pi, ett_teardown_cause);
    }
    /* The FIN or RST the ledger links already. */
    gboolean in_ledger = sum->cause_frame == sum->rst_frame || sum->cause_frame == sum->fin_frame[TD_CLIENT] ||
                         sum->cause_frame == sum->fin_frame[TD_SERVER];
    add_frame_as(tree, hf_teardown_cause_frame, tvb, sum->cause_frame, in_ledger ? HIDE : view);
    if (sum->abort_stage != TD_STAGE_NONE)
        add_string_as(tree, hf_teardown_abort_stage, tvb, td_abort_stage_name(sum->abort_stage), HIDE); /* in the words */
    if (sum->idle_known) {
        item_view idle = (sum->idle_before_close >= TD_NS_PER_SEC || sum->idle_timer) ? view : HIDE;
        pi = add_time_as(tree, hf_teardown_idle_before_close, tvb, sum->idle_before_close, idle);
        proto_tree *gap = tree;
        if (pi && idle == SHOW && tree_shown(tree))
            gap = proto_item_add_subtree(pi, ett_teardown_cause);
        add_frame_as(gap, hf_teardown_idle_from_frame, tvb, sum->idle_from_frame, idle);
        add_frame_as(gap, hf_teardown_idle_to_frame, tvb, sum->idle_to_frame, idle);
        if (sum->idle_timer)
            add_string_as(gap, hf_teardown_idle_timer, tvb, sum->idle_timer->name, idle);
    }
    if (sum->retransmissions_before_close > 0) {
        pi = add_uint_as(tree, hf_teardown_retransmissions, tvb, sum->retransmissions_before_close, view);
        if (pi && view == SHOW && tree_shown(tree))
            proto_item_append_text(pi, " (by the %s)", words_role(sum->retx_role));
        add_time_as(tree, hf_teardown_retransmissions_span, tvb, sum->retx_span, view);
        add_frame_as(tree, hf_teardown_retransmissions_frame, tvb, sum->retx_frame, view);
    }
    if (sum->syn_seen)
        add_uint_as(tree, hf_teardown_syn_retries, tvb, sum->syn_retries, sum->syn_retries ? view : HIDE);
    if (sum->stale_delay > 0)
        add_time_as(tree, hf_teardown_stale_delay, tvb, sum->stale_delay, view);
}

/* The Connection line (the outcome's item, with conn_state, history, who
 * closed first and the cause in its text) and, under it, how the whole
 * connection ended; all hidden where view says so. */
static void add_conversation_fields(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                                    const packet_analysis *pkt, const td_summary *sum, item_view view)
{
    gboolean shown = tree_shown(tree);
    gboolean whole = judged_now == JUDGED_WHOLE;
    proto_tree *conv_tree = tree;
    char history[TD_HISTORY_MAX + 2];
    history[0] = '\0';
    if (whole && ((shown && view == SHOW) || placed(tree, hf_teardown_history, HIDE)))
        words_history(pkt->rec, history, sizeof history);
    proto_item *pi = add_string_as(tree, hf_teardown_outcome, tvb, td_outcome_name(sum->outcome), view);
    if (pi && shown && view == SHOW) {
        wmem_strbuf_t *line = wmem_strbuf_new_sized(pinfo->pool, 128);
        words_connection_line(sum, history, line);
        rendered.texts++;
        proto_item_set_text(pi, "%s", wmem_strbuf_get_str(line));
        conv_tree = proto_item_add_subtree(pi, ett_teardown_conversation);
    }
    /* Said in the Connection line, as the history below. */
    add_string_as(conv_tree, hf_teardown_conn_state, tvb, td_conn_state_name(sum->conn_state), HIDE);
    if (sum->initiator != TD_ROLE_NONE)
        add_string_as(conv_tree, hf_teardown_initiator, tvb, td_role_name(sum->initiator), HIDE);

    if (whole && placed(tree, hf_teardown_narrative, view)) {
        wmem_strbuf_t *story = wmem_strbuf_new_sized(pinfo->pool, 256);
        rendered.texts++;
        words_narrative(pinfo->pool, pkt->rec, sum, story);
        proto_item *story_item = add_string_as(conv_tree, hf_teardown_narrative, tvb, wmem_strbuf_get_str(story), view);
        if (story_item && shown && view == SHOW)
            set_line(story_item, hf_teardown_narrative, wmem_strbuf_get_str(story), "");
    }
    add_string_as(conv_tree, hf_teardown_client_final_state, tvb, td_state_name(sum->final_state[TD_CLIENT]), view);
    add_string_as(conv_tree, hf_teardown_server_final_state, tvb, td_state_name(sum->final_state[TD_SERVER]), view);
    if (!whole)
        return; /* the verdict was all this tree wanted (td_conv_verdict) */
    if (sum->first_close_frame)
        add_time_as(conv_tree, hf_teardown_close_duration, tvb, sum->close_duration, view);
    if (sum->half_close) {
        add_time_as(conv_tree, hf_teardown_half_close_duration, tvb, sum->half_close_duration, view);
        add_uint64_as(conv_tree, hf_teardown_half_close_bytes, tvb, sum->half_close_bytes, view);
    }
    if (sum->time_wait_holder != TD_ROLE_NONE)
        /* The narrative says who holds it, and until when. */
        add_string_as(conv_tree, hf_teardown_time_wait_endpoint, tvb, td_role_name(sum->time_wait_holder), HIDE);
    if (pkt->rec->prev)
        add_uint_as(conv_tree, hf_teardown_previous_stream, tvb, pkt->rec->prev->stream, view);
    if (group_wanted(tree, G_CAUSE))
        add_cause(conv_tree, tvb, pinfo, sum, view);
    add_string_as(conv_tree, hf_teardown_history, tvb, history, HIDE); /* in the Connection line */
    if (group_wanted(tree, G_LEDGER))
        add_ledger(conv_tree, tvb, pinfo, sum, view);
    tls_close_add_fields(conv_tree, tvb, pinfo, pkt->rec, shown && view == HIDE ? hidden_reaches : NULL);
}

static void add_packet_fields(proto_tree *td_tree, tvbuff_t *tvb, packet_info *pinfo, const packet_analysis *pkt,
                              const td_summary *sum, gboolean shown);

/* The protocol item, its summary line and the per-packet fields; returns
 * the subtree. */
static proto_tree *add_packet_tree(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const packet_analysis *pkt,
                                   const td_summary *sum, proto_item **ti)
{
    const td_result *r = &pkt->result;
    gboolean shown = tree_shown(tree);
    /* A filter, column or -e on some of the fields: they need no protocol
     * item to sit under, unless "teardown" itself is asked for (render
     * makes one for an expert info). */
    if (!shown && !want.teardown_itself) {
        *ti = NULL;
        add_packet_fields(tree, tvb, pinfo, pkt, sum, FALSE);
        return tree;
    }
    *ti = proto_tree_add_item(tree, proto_teardown, tvb, 0, 0, ENC_NA);
    rendered.items++;
    /* Text is only worth building for a tree someone will look at:
     * filters and taps ask for trees nobody sees, on every packet. */
    if (shown) {
        rendered.texts++;
        wmem_strbuf_t *line = wmem_strbuf_new_sized(pinfo->pool, 256);
        words_summary_line(r, sum, pinfo->num, line);
        proto_item_set_text(*ti, "%s", wmem_strbuf_get_str(line));
    }
    proto_tree *td_tree = proto_item_add_subtree(*ti, ett_teardown);
    add_packet_fields(td_tree, tvb, pinfo, pkt, sum, shown);
    return td_tree;
}

/* The per-packet fields, then the connection's. */
/* Who sent the packet and both states after it. A state this packet did
 * not change is a hidden item: the summary line above states both. */
static void add_packet_states(proto_tree *td_tree, tvbuff_t *tvb, const td_result *r, guint32 stream, gboolean shown)
{
    /* tcp.stream, right above. */
    add_uint_as(td_tree, hf_teardown_stream, tvb, stream, HIDE);
    add_string(td_tree, hf_teardown_sender, tvb, td_role_name((td_role)r->sender));
    for (int role = TD_CLIENT; role <= TD_SERVER; role++) {
        int hf = role == TD_CLIENT ? hf_teardown_client_state : hf_teardown_server_state;
        const char *now = td_state_name((td_state)r->after[role]);
        gboolean changed = r->before[role] != r->after[role];
        proto_item *pi = add_string_as(td_tree, hf, tvb, now, changed ? SHOW : HIDE);
        if (pi && shown && changed) {
            char was[32] = " (was ";
            g_strlcat(was, td_state_name((td_state)r->before[role]), sizeof was);
            g_strlcat(was, ")", sizeof was);
            set_line(pi, hf, now, was);
        }
    }
}

static void add_packet_fields(proto_tree *td_tree, tvbuff_t *tvb, packet_info *pinfo, const packet_analysis *pkt,
                              const td_summary *sum, gboolean shown)
{
    if (group_wanted(td_tree, G_PACKET))
        add_packet_states(td_tree, tvb, &pkt->result, pkt->rec->stream, shown);
    if (judged_now == JUDGED_NOTHING)
        return; /* nothing of the connection asked for (sum was not made) */
    /* Said only when true: "False" on every packet says nothing. */
    if (sum->midstream)
        add_boolean(td_tree, hf_teardown_midstream, tvb, TRUE);
    add_conversation_fields(td_tree, tvb, pinfo, pkt, sum,
                            shown && !shows_the_close(pinfo, pkt, sum) ? HIDE : SHOW);
}

/* ---- expert infos ------------------------------------------------------- */

/* Without a tree, an expert info reaches only the expert tap (`-z expert`,
 * the GUI's dialog) and an Expert column: skip formatting it for nobody. */
static gboolean experts_wanted(const packet_info *pinfo)
{
    if (have_tap_listener(expert_tap))
        return TRUE;
    const column_info *cinfo = pinfo->cinfo;
    return cinfo && cinfo->col_first && cinfo->col_first[COL_EXPERT] >= 0;
}

/* Whether an expert info would be seen, collected or filtered on. */
static gboolean expert_reaches_someone(packet_info *pinfo, proto_tree *tree, const expert_field *ei)
{
    if (wanted(tree, proto_ws_expert) || wanted(tree, ei->hf))
        return TRUE;
    return experts_wanted(pinfo);
}

/* Whom an expert info is about: "Stream 3: client 192.0.2.1:41001" and
 * the other endpoint, so that the Expert Information dialog tells one
 * connection's entry from another's. */
typedef struct parties {
    guint stream;
    const char *sender, *receiver;   /* "client 192.0.2.1:41001" */
    const char *sender_role, *receiver_role;
} parties;

static parties parties_of(packet_info *pinfo, const packet_analysis *pkt)
{
    td_role snd = (td_role)pkt->result.sender;
    td_role rcv = snd == TD_CLIENT ? TD_SERVER : TD_CLIENT;
    parties p = {pkt->rec->stream, words_party(pinfo->pool, pkt->rec, snd), words_party(pinfo->pool, pkt->rec, rcv),
                 words_role(snd), words_role(rcv)};
    return p;
}

/* The normal events of a close. */
static void add_event_expert(packet_info *pinfo, proto_item *ti, expert_field *ei, td_anomaly a,
                             const packet_analysis *pkt)
{
    const td_result *r = &pkt->result;
    parties p = parties_of(pinfo, pkt);
    switch (a) {
    case TD_A_CLOSE_ACTIVE:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s closes first (active close)", p.stream, p.sender);
        break;
    case TD_A_CLOSE_PASSIVE:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s closes after the %s (passive close)", p.stream,
                               p.sender, p.receiver_role);
        break;
    case TD_A_CLOSE_SIMULTANEOUS:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s's FIN crossed the FIN of %s (simultaneous close)",
                               p.stream, p.sender, p.receiver);
        break;
    case TD_A_HALF_CLOSE:
        /* The peer's direction is closed, this one still open: a legal
         * half-close in use, not the outcome half_closed (a side that never
         * sent its FIN). */
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s still sends data after the %s's FIN (its own "
                               "direction is still open)", p.stream, p.sender, p.receiver_role);
        break;
    case TD_A_TIME_WAIT: {
        guint8 who = r->entered_time_wait;
        if (who == TD_BOTH_ROLES)
            expert_add_info_format(pinfo, ti, ei, "Stream %u: %s and %s enter TIME_WAIT and hold the 4-tuple for %u s",
                                   p.stream, words_party(pinfo->pool, pkt->rec, TD_CLIENT),
                                   words_party(pinfo->pool, pkt->rec, TD_SERVER), words_time_wait_seconds());
        else
            expert_add_info_format(pinfo, ti, ei, "Stream %u: %s enters TIME_WAIT and holds the 4-tuple for %u s",
                                   p.stream, words_party(pinfo->pool, pkt->rec,
                                                         who == TD_ROLE_BIT(TD_CLIENT) ? TD_CLIENT : TD_SERVER),
                                   words_time_wait_seconds());
        break;
    }
    default:
        break;
    }
}

/* Anomalies of an RST. */
static void add_rst_anomaly(packet_info *pinfo, proto_item *ti, expert_field *ei, td_anomaly a,
                            const packet_analysis *pkt)
{
    const td_result *r = &pkt->result;
    parties p = parties_of(pinfo, pkt);
    switch (a) {
    case TD_A_RST_ABORT:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s aborts the established connection with RST", p.stream,
                               p.sender);
        break;
    case TD_A_RST_AFTER_FIN:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s sends RST after a FIN (unread data at close, or data "
                               "to a closed socket)", p.stream, p.sender);
        break;
    case TD_A_RST_REFUSED:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s refuses %s with RST", p.stream, p.sender, p.receiver);
        break;
    case TD_A_RST_OUT_OF_WINDOW:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: RST from %s is outside the window of %s: ignored, or "
                               "injected", p.stream, p.sender, p.receiver);
        break;
    case TD_A_RST_DATA_LOSS:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: RST from %s discards %" G_GUINT64_FORMAT
                               " bytes in flight that were never acknowledged", p.stream, p.sender, r->bytes);
        break;
    case TD_A_RST_MIDDLEBOX:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: RST as from %s has TTL/hop limit %u but its packets have "
                               "%u: likely sent by a middlebox", p.stream, p.sender, r->ttl_seen, r->ttl_expected);
        break;
    case TD_A_TIME_WAIT_RST:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: RST from %s reaches %s in TIME_WAIT (RFC 1337 "
                               "assassination)", p.stream, p.sender, p.receiver);
        break;
    default:
        break;
    }
}

/* Anomalies that tell why the connection ended. Each names the stream and
 * the endpoint it is about. */
static gboolean add_cause_anomaly(packet_info *pinfo, proto_item *ti, expert_field *ei, td_anomaly a,
                                  const packet_analysis *pkt)
{
    const td_result *r = &pkt->result;
    const conn_record *rec = pkt->rec;
    const td_conv *c = &rec->conv;
    td_role peer_role = r->sender == TD_CLIENT ? TD_SERVER : TD_CLIENT;
    const char *sender = words_role(r->sender), *peer = words_role(peer_role);
    const char *who = words_endpoint(pinfo->pool, rec, (td_role)r->sender);
    const td_endpoint *snd = &c->ep[td_conv_side_of_role(c, (td_role)r->sender)];
    switch (a) {
    case TD_A_IDLE_TIMEOUT: {
        td_time gap = (td_time)c->idle_ms * 1000000;
        const td_idle_timer *timer = td_idle_timer_match(records_config(), gap);
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s %s sends %s after %.1f s idle (frames %u to %u)%s%s%s",
                               rec->stream, sender, who, r->fin_of != TD_ROLE_NONE ? "FIN" : "RST",
                               words_seconds(gap), c->idle_from_frame, c->idle_to_frame, timer ? ", matching the " : "",
                               timer ? timer->name : "", timer ? "" : "");
        return TRUE;
    }
    case TD_A_KEEPALIVE_RACE:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s %s answers with RST: the %s's data crossed its FIN "
                               "(frame %u), the keep-alive race", rec->stream, sender, who, peer, snd->fin_frame);
        return TRUE;
    case TD_A_RETRANSMISSION_TIMEOUT:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s %s resets after sending unacknowledged data %u times "
                               "again over %.3f s (from frame %u)", rec->stream, sender, who, snd->retx_run,
                               (double)snd->retx_span_us / 1e6, snd->retx_first_frame);
        return TRUE;
    case TD_A_KEEPALIVE_TIMEOUT:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s %s resets after %u unanswered keep-alive probe%s",
                               rec->stream, sender, who, snd->ka_probes, snd->ka_probes == 1 ? "" : "s");
        return TRUE;
    case TD_A_RST_IGNORED:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s %s goes on sending after the %s's RST: the RST never "
                               "arrived, or was not accepted", rec->stream, sender, who, peer);
        return TRUE;
    case TD_A_STALE_STATE:
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s %s's new SYN met this connection still open on the "
                               "%s %s, which answered with an ACK of it (RFC 5961 challenge ACK); this RST ends it",
                               rec->stream, sender, who, peer, words_endpoint(pinfo->pool, rec, peer_role));
        return TRUE;
    default:
        return FALSE;
    }
}

/* Who held the previous connection's TIME_WAIT that a SYN reuses. */
static td_role time_wait_holder_of(const conn_record *prev)
{
    for (int pass = 0; pass < 2; pass++)
        for (int role = TD_CLIENT; role <= TD_SERVER; role++) {
            const td_endpoint *ep = &prev->conv.ep[td_conv_side_of_role(&prev->conv, (td_role)role)];
            if (pass == 0 ? (ep->tw_reused || ep->state == TD_TIME_WAIT) : ep->tw_frame != 0)
                return (td_role)role;
        }
    return TD_SERVER;
}

/* RFC 6191 (Linux: tcp_timewait_state_process): the holder of TIME_WAIT
 * takes a SYN whose ISN lies above the old connection's sequence space; it
 * drops any other, and the SYN's sender must wait or retry. */
static void add_reuse_expert(packet_info *pinfo, proto_item *ti, expert_field *ei, const packet_analysis *pkt)
{
    const td_result *r = &pkt->result;
    const conn_record *prev = pkt->rec->prev;
    parties p = parties_of(pinfo, pkt);
    const char *holder = prev ? words_party(pinfo->pool, prev, time_wait_holder_of(prev)) : "its holder";
    expert_add_info_format(pinfo, ti, ei,
                           "Stream %u: SYN from %s reuses the 4-tuple of stream %u, still in TIME_WAIT on %s for "
                           "%.3f s; its ISN is %s the old sequence space, so %s (RFC 6191)",
                           p.stream, p.sender, prev ? prev->stream : 0, holder, words_seconds(r->time_left),
                           r->isn_above ? "above" : "not above",
                           r->isn_above ? "the holder may accept it and end its TIME_WAIT"
                                        : "the holder will not accept it: the SYN is dropped or answered with an ACK");
}

/* Anomalies of FINs, data and 4-tuple reuse. */
static void add_other_anomaly(packet_info *pinfo, proto_item *ti, expert_field *ei, td_anomaly a,
                              const packet_analysis *pkt)
{
    const td_result *r = &pkt->result;
    switch (a) {
    case TD_A_FIN_RETRANSMISSION: {
        parties p = parties_of(pinfo, pkt);
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s sends its FIN again (retransmission %u)", p.stream,
                               p.sender, r->fin_retransmission);
        break;
    }
    case TD_A_TIME_WAIT_REUSE:
        add_reuse_expert(pinfo, ti, ei, pkt);
        break;
    case TD_A_TIME_WAIT_FIN_RETRANSMISSION: {
        parties p = parties_of(pinfo, pkt);
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s re-sends its FIN to %s in TIME_WAIT: the final ACK "
                               "was lost", p.stream, p.sender, p.receiver);
        break;
    }
    case TD_A_DATA_AFTER_FIN: {
        parties p = parties_of(pinfo, pkt);
        expert_add_info_format(pinfo, ti, ei, "Stream %u: %s sends %" G_GUINT64_FORMAT " bytes of new data after "
                               "its own FIN", p.stream, p.sender, r->bytes);
        break;
    }
    default:
        if (!add_cause_anomaly(pinfo, ti, ei, a, pkt))
            add_rst_anomaly(pinfo, ti, ei, a, pkt);
        break;
    }
}

static expert_field *edge_or_main(proto_tree *td_tree, tvbuff_t *tvb, gboolean edge, expert_field *main,
                                  expert_field *twin);
static gboolean twins_reach_someone(packet_info *pinfo, proto_tree *tree, const expert_field *main,
                                    const expert_field *twin);

/* Expert infos decided by this packet alone: identical in every pass. A
 * TIME_WAIT reuse the holder would refuse is a Warning under a name of its
 * own, with the documented name hidden beside it; one it takes is a Note. */
static void add_causal_experts(packet_info *pinfo, proto_tree *tree, proto_tree *td_tree, tvbuff_t *tvb,
                               proto_item *ti, const packet_analysis *pkt)
{
    const td_result *r = &pkt->result;
    /* Most packets raise nothing: skip the walk over every anomaly. */
    for (int a = 0; r->anomalies >> a; a++) {
        if (!(r->anomalies & TD_BIT(a)))
            continue;
        expert_field *ei = &ei_teardown[a];
        if (a == TD_A_TIME_WAIT_REUSE) {
            if (!twins_reach_someone(pinfo, tree, ei, &ei_teardown_reuse_rejected))
                continue;
            ei = edge_or_main(td_tree, tvb, !r->isn_above, ei, &ei_teardown_reuse_rejected);
        } else if (!expert_reaches_someone(pinfo, tree, ei)) {
            continue;
        }
        rendered.experts++;
        if (TD_NORMAL_EVENTS & TD_BIT(a))
            add_event_expert(pinfo, ti, ei, (td_anomaly)a, pkt);
        else
            add_other_anomaly(pinfo, ti, ei, (td_anomaly)a, pkt);
    }
}

/* The expert info to raise: the main one, or its capture-edge twin, which
 * also carries the main one's name as a hidden item so that a filter on the
 * documented name still finds the packet. */
static expert_field *edge_or_main(proto_tree *td_tree, tvbuff_t *tvb, gboolean edge, expert_field *main,
                                  expert_field *twin)
{
    if (!edge)
        return main;
    if (wanted(td_tree, main->hf)) {
        rendered.items++;
        proto_item_set_hidden(proto_tree_add_item(td_tree, main->hf, tvb, 0, 0, ENC_NA));
    }
    return twin;
}

/* Whether the main expert info or its twin would reach anyone. */
static gboolean twins_reach_someone(packet_info *pinfo, proto_tree *tree, const expert_field *main,
                                    const expert_field *twin)
{
    return expert_reaches_someone(pinfo, tree, main) || wanted(tree, twin->hf);
}

/* Expert infos only the end of the capture can decide: shown once the whole
 * capture has been read (GUI, tshark -2), never on the first pass. */
static void add_final_experts(packet_info *pinfo, proto_tree *tree, proto_tree *td_tree, tvbuff_t *tvb,
                              proto_item *ti, const packet_analysis *pkt, const td_summary *sum)
{
    const td_result *r = &pkt->result;
    expert_field *ei;
    /* Once per FIN, on the FIN itself: its copies carry fin.retransmission. */
    if (r->fin_of != TD_ROLE_NONE && sum->fin_sent[r->fin_of] && !sum->fin_taken[r->fin_of] &&
        pinfo->num == sum->fin_frame[r->fin_of] &&
        twins_reach_someone(pinfo, tree, &ei_teardown[TD_A_FIN_UNACKED], &ei_teardown_fin_unacked_edge)) {
        int role = r->fin_of;
        gboolean edge = sum->capture_edge[role];
        ei = edge_or_main(td_tree, tvb, edge, &ei_teardown[TD_A_FIN_UNACKED], &ei_teardown_fin_unacked_edge);
        rendered.experts++;
        expert_add_info_format(pinfo, ti, ei, "Stream %u: FIN from %s never acknowledged by %s (capture went on "
                               "%.3f s after it%s)", pkt->rec->stream,
                               words_party(pinfo->pool, pkt->rec, (td_role)role),
                               words_party(pinfo->pool, pkt->rec, role == TD_CLIENT ? TD_SERVER : TD_CLIENT),
                               words_seconds(sum->capture_left_after[role]),
                               edge ? ", too short to expect an answer" : "");
    }
    if (sum->cause == TD_CAUSE_RETRANSMISSION_TIMEOUT && sum->rst_frame == 0 && pinfo->num == sum->retx_frame &&
        expert_reaches_someone(pinfo, tree, &ei_teardown[TD_A_RETRANSMISSION_TIMEOUT])) {
        expert_add_info_format(pinfo, ti, &ei_teardown[TD_A_RETRANSMISSION_TIMEOUT],
                               "Stream %u: %s %s sent this again %u times over %.3f s, never acknowledged, then "
                               "nothing for %.3f s to the end of the capture: it gave up (Linux sends no RST)",
                               pkt->rec->stream, words_role(sum->retx_role),
                               words_endpoint(pinfo->pool, pkt->rec, sum->retx_role),
                               sum->retransmissions_before_close, words_seconds(sum->retx_span),
                               words_seconds(sum->silence_after[sum->retx_role]));
    }
    int role = (r->entered_close_wait & TD_ROLE_BIT(TD_CLIENT)) ? TD_CLIENT : TD_SERVER;
    if (r->entered_close_wait && sum->close_wait_stuck[role] &&
        twins_reach_someone(pinfo, tree, &ei_teardown[TD_A_CLOSE_WAIT_STUCK], &ei_teardown_close_wait_stuck_edge)) {
        gboolean still = sum->final_state[role] == TD_CLOSE_WAIT;
        gboolean edge = still && sum->capture_edge[role];
        ei = edge_or_main(td_tree, tvb, edge, &ei_teardown[TD_A_CLOSE_WAIT_STUCK], &ei_teardown_close_wait_stuck_edge);
        rendered.experts++;
        expert_add_info_format(pinfo, ti, ei,
                               still ? "Stream %u: %s sits in CLOSE_WAIT for %.3f s, to the end of the capture, "
                                       "without closing%s"
                                     : "Stream %u: %s sat in CLOSE_WAIT for %.3f s before closing%s",
                               pkt->rec->stream, words_party(pinfo->pool, pkt->rec, (td_role)role),
                               words_seconds(sum->close_wait_time[role]),
                               edge ? " (capture ended too soon to expect the close)" : "");
    }
}

/* ---- each packet -------------------------------------------------------- */

/* The tree when one is wanted; expert infos always, because `-z expert` and
 * the GUI's expert dialog collect them even when no tree is built. */
static void render(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const packet_analysis *pkt)
{
    const td_result *r = &pkt->result;
    if (tree && !tree_shown(tree) && !want.fixed)
        work_out_wants(tree);
    /* Filters and taps unrelated to the plugin ask for trees too (io,stat,
     * -Y tcp...): a tree in which neither the plugin's fields nor expert
     * infos are looked at needs nothing from it. */
    if (tree && !wanted(tree, proto_teardown) && !wanted(tree, proto_ws_expert)) {
        if (PTREE_DATA(tree)->visible && tshark_output_filters_protocols()) {
            proto_item *stub = proto_tree_add_item(tree, proto_teardown, tvb, 0, 0, ENC_NA);
            rendered.stubs++;
            proto_tree_add_uint(proto_item_add_subtree(stub, ett_teardown), hf_teardown_stream, tvb, 0, 0,
                                pkt->rec->stream);
        }
        tree = NULL;
    }
    gboolean final = PINFO_FD_VISITED(pinfo);
    gboolean deferred = final && (r->fin_of != TD_ROLE_NONE || r->entered_close_wait ||
                                  records_final_cause_frame(pkt->rec, pinfo->num));
    if (!tree && ((!r->anomalies && !deferred) || !experts_wanted(pinfo)))
        return;

    td_summary sum;
    /* On the first pass the conversation is judged as of this packet;
     * a filter on a packet's own fields needs no judgement, one on the
     * verdict only the verdict. */
    if (final || group_wanted(tree, G_CONNECTION) || group_wanted(tree, G_CAUSE) || group_wanted(tree, G_LEDGER)) {
        judged_now = JUDGED_WHOLE;
        records_summarize(pkt->rec, final, &sum);
    } else if (group_wanted(tree, G_VERDICT)) {
        judged_now = JUDGED_VERDICT;
        records_verdict(pkt->rec, final, &sum);
    } else {
        judged_now = JUDGED_NOTHING;
        memset(&sum, 0, sizeof sum);
    }

    proto_item *ti = NULL;
    proto_tree *td_tree = NULL;
    if (tree)
        td_tree = add_packet_tree(tree, tvb, pinfo, pkt, &sum, &ti);
    if (tree && !ti && (r->anomalies || deferred || tls_close_truncated(pkt->rec)) &&
        (group_wanted(tree, G_EXPERT) || want.ws_expert || experts_wanted(pinfo))) {
        ti = proto_tree_add_item(tree, proto_teardown, tvb, 0, 0, ENC_NA);
        rendered.items++;
    }
    if (r->anomalies)
        add_causal_experts(pinfo, tree, td_tree, tvb, ti, pkt);
    tls_close_add_expert(pinfo, ti, pkt->rec, (td_role)r->sender);
    if (final)
        add_final_experts(pinfo, tree, td_tree, tvb, ti, pkt, &sum);
}

/* ---- whether anyone will use the analysis ------------------------------ */

/* Decided at a file's first frame: in single-pass tshark, whatever will
 * read the plugin's results is set up by then (filters, tap filters, custom
 * columns and colouring rules prime their fields before that frame is
 * dissected; taps register before the file is read), and no frame is
 * dissected again. When none of it touches the plugin, the analysis would
 * be thrown away, so none is made. Anything else (the GUI, `-2`, a command
 * line tshark-output.c cannot read) always analyses. */
static enum { USE_UNDECIDED, USE_NEEDED, USE_NONE } use;
/* Set when the plugin switched its own protocol off for a run that does not
 * use it: Wireshark then skips the post-dissector at once, without the
 * bookkeeping of a call (about 700 instructions a frame). */
static gboolean switched_off;

static gboolean anyone_uses(packet_info *pinfo, proto_tree *tree)
{
    if (!tshark_output_single_pass())
        return TRUE;
    /* A tree printed whole (-V, -O, -T pdml/json without a filter). */
    if (tree_shown(tree))
        return TRUE;
    /* Priming a field marks its protocol too; the expert infos' fields
     * are registered under this protocol. */
    if (referenced_field(proto_teardown) || (proto_ws_expert > 0 && referenced_field(proto_ws_expert)))
        return TRUE;
    if (tshark_output_names(proto_teardown) || tshark_output_names(proto_ws_expert))
        return TRUE;
    return have_tap_listener(teardown_tap) || experts_wanted(pinfo);
}

static int dissect_teardown(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (use == USE_UNDECIDED) {
        use = anyone_uses(pinfo, tree) ? USE_NEEDED : USE_NONE;
        if (use == USE_NONE) {
            proto_set_decoding(proto_teardown, FALSE);
            switched_off = TRUE;
        }
    }
    if (use == USE_NONE) {
        rendered.skipped++;
        return 0;
    }
    packet_analysis *pkt = PINFO_FD_VISITED(pinfo) ? records_recall(pinfo, tvb) : records_analyse(pinfo, tvb, tree);
    if (!pkt)
        return 0;
    rendered.packets++;
    render(tvb, pinfo, tree, pkt);
    /* Taps run only on the pass that prints, so queue on every pass. */
    tap_queue_packet(teardown_tap, pinfo, pkt);
    return tvb_captured_length(tvb);
}

/* ---- registration ------------------------------------------------------- */

static void teardown_init(void)
{
    memset(&rendered, 0, sizeof rendered);
    use = USE_UNDECIDED;
    if (switched_off) {
        proto_set_decoding(proto_teardown, TRUE);
        switched_off = FALSE;
    }
    report_rendered = g_getenv("TD_RENDER_COUNTS") != NULL;
    records_reset(!tshark_output_single_pass());
    /* Registered by epan after the plugins' handoffs. */
    expert_tap = find_tap_id("expert");
    proto_ws_expert = proto_get_id_by_filter_name("_ws.expert");
    tls_close_init(find_dissector("teardown"));
    tshark_output_resolve();
    output_limited = tshark_output_limited();
    for (int hf = first_hf; hf <= last_hf; hf++)
        named_own[hf - first_hf] = output_limited && tshark_output_names(hf);
    want.fixed = FALSE;
}

static void teardown_cleanup(void)
{
    if (report_rendered)
        fprintf(stderr,
                "teardown rendered: packets=%" G_GUINT64_FORMAT " items=%" G_GUINT64_FORMAT " stubs=%" G_GUINT64_FORMAT
                " texts=%" G_GUINT64_FORMAT " experts=%" G_GUINT64_FORMAT " skipped=%" G_GUINT64_FORMAT
                " kept=%" G_GUINT64_FORMAT "\n",
                rendered.packets, rendered.items, rendered.stubs, rendered.texts, rendered.experts,
                rendered.skipped, records_changes_kept());
}

static void prefs_applied(void)
{
    records_configure(pref_time_wait_seconds, pref_close_wait_seconds, pref_idle_seconds, pref_idle_timers);
}

/* What a packet says about itself: who sent it and both states after it. */
static void register_packet_fields(void)
{
    static hf_register_info hf[] = {
        {&hf_teardown_stream, {"Stream index", "teardown.stream", FT_UINT32, BASE_DEC, NULL, 0x0,
                               "Same index as tcp.stream", HFILL}},
        {&hf_teardown_sender, {"Sender", "teardown.sender", FT_STRING, BASE_NONE, NULL, 0x0,
                               "Who sent this packet" ROLE_LABELS, HFILL}},
        {&hf_teardown_client_state, {"Client state", "teardown.client.state", FT_STRING, BASE_NONE,
                                     NULL, 0x0, "Client's RFC 9293 state after this packet" STATE_LABELS, HFILL}},
        {&hf_teardown_server_state, {"Server state", "teardown.server.state", FT_STRING, BASE_NONE,
                                     NULL, 0x0, "Server's RFC 9293 state after this packet" STATE_LABELS, HFILL}},
        {&hf_teardown_midstream, {"Capture started mid-connection", "teardown.midstream", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                                  "No handshake seen; roles were guessed", HFILL}},
    };
    proto_register_field_array(proto_teardown, hf, array_length(hf));
}

/* How the whole connection ended. */
static void register_connection_fields(void)
{
    static hf_register_info hf[] = {
        {&hf_teardown_outcome, {"Outcome", "teardown.outcome", FT_STRING, BASE_NONE, NULL, 0x0,
                                "How the connection ended" OUTCOME_LABELS, HFILL}},
        {&hf_teardown_initiator, {"Initiator", "teardown.initiator", FT_STRING, BASE_NONE, NULL, 0x0,
                                  "Who sent the first FIN or RST" ROLE_LABELS, HFILL}},
        {&hf_teardown_conn_state, {"conn_state", "teardown.conn_state", FT_STRING, BASE_NONE, NULL, 0x0,
                                   "Zeek-compatible connection state", HFILL}},
        {&hf_teardown_client_final_state, {"Client final state", "teardown.client.final_state", FT_STRING,
                                           BASE_NONE, NULL, 0x0,
                                           "Client's state at the end of the capture" STATE_LABELS, HFILL}},
        {&hf_teardown_server_final_state, {"Server final state", "teardown.server.final_state", FT_STRING,
                                           BASE_NONE, NULL, 0x0,
                                           "Server's state at the end of the capture" STATE_LABELS, HFILL}},
    };
    proto_register_field_array(proto_teardown, hf, array_length(hf));
}

/* The close ledger: each side's FIN, its ACK, and the RST. */
static void register_ledger_fields(void)
{
    static hf_register_info hf[] = {
        {&hf_teardown_client_fin_frame, {"Client FIN", "teardown.client.fin_frame", FT_FRAMENUM, BASE_NONE,
                                         NULL, 0x0, "First FIN sent by the client", HFILL}},
        {&hf_teardown_server_fin_frame, {"Server FIN", "teardown.server.fin_frame", FT_FRAMENUM, BASE_NONE,
                                         NULL, 0x0, "First FIN sent by the server", HFILL}},
        {&hf_teardown_client_fin_ack_frame, {"Client FIN acknowledged in", "teardown.client.fin_ack_frame",
                                             FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_ACK), 0x0,
                                             "Frame that acknowledged the client's FIN", HFILL}},
        {&hf_teardown_server_fin_ack_frame, {"Server FIN acknowledged in", "teardown.server.fin_ack_frame",
                                             FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_ACK), 0x0,
                                             "Frame that acknowledged the server's FIN", HFILL}},
        {&hf_teardown_client_fin_ack_delay, {"Client FIN to its ACK", "teardown.client.fin_ack_delay",
                                             FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
                                             "Time from the client's FIN to the ACK that covers it", HFILL}},
        {&hf_teardown_server_fin_ack_delay, {"Server FIN to its ACK", "teardown.server.fin_ack_delay",
                                             FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
                                             "Time from the server's FIN to the ACK that covers it", HFILL}},
        {&hf_teardown_client_fin_retransmissions, {"Client FIN retransmissions",
                                                   "teardown.client.fin_retransmissions", FT_UINT32, BASE_DEC,
                                                   NULL, 0x0, "How often the client sent its FIN again", HFILL}},
        {&hf_teardown_server_fin_retransmissions, {"Server FIN retransmissions",
                                                   "teardown.server.fin_retransmissions", FT_UINT32, BASE_DEC,
                                                   NULL, 0x0, "How often the server sent its FIN again", HFILL}},
        {&hf_teardown_rst_frame, {"Ended by RST in", "teardown.rst_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                                  "The RST that ended the connection", HFILL}},
    };
    proto_register_field_array(proto_teardown, hf, array_length(hf));
}

/* How long the close took, what was sent meanwhile, who holds TIME_WAIT. */
static void register_close_fields(void)
{
    static hf_register_info hf[] = {
        {&hf_teardown_close_duration, {"Close duration (first FIN/RST to last packet)", "teardown.close_duration", FT_RELATIVE_TIME,
                                       BASE_NONE, NULL, 0x0, "First FIN/RST to the last packet of the close",
                                       HFILL}},
        {&hf_teardown_half_close_duration, {"Half-close: sending went on for", "teardown.half_close.duration",
                                            FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
                                            "How long the other side kept sending after the first FIN", HFILL}},
        {&hf_teardown_half_close_bytes, {"Bytes sent after the peer's FIN (half-close)", "teardown.half_close.bytes", FT_UINT64, BASE_DEC,
                                         NULL, 0x0, "Bytes the other side sent after the first FIN", HFILL}},
        {&hf_teardown_time_wait_endpoint, {"TIME_WAIT held by", "teardown.time_wait.endpoint", FT_STRING,
                                           BASE_NONE, NULL, 0x0, "Who holds TIME_WAIT" ROLE_LABELS, HFILL}},
        {&hf_teardown_narrative, {"Narrative", "teardown.narrative", FT_STRING, BASE_NONE, NULL, 0x0,
                                  "How the connection ended, in one sentence", HFILL}},
        {&hf_teardown_previous_stream, {"Previous stream on this 4-tuple", "teardown.previous_stream",
                                        FT_UINT32, BASE_DEC, NULL, 0x0,
                                        "Earlier tcp.stream that used the same addresses and ports", HFILL}},
        {&hf_teardown_history, {"History (Zeek conn.log)", "teardown.history", FT_STRING, BASE_NONE, NULL, 0x0,
                                "Zeek's conn.log history letters; upper case for the client", HFILL}},
    };
    proto_register_field_array(proto_teardown, hf, array_length(hf));
}

/* Why it ended, and the evidence. */
static void register_cause_fields(void)
{
    static hf_register_info hf[] = {
        {&hf_teardown_cause, {"Cause", "teardown.cause", FT_STRING, BASE_NONE, NULL, 0x0,
                              "Why the connection ended" CAUSE_LABELS, HFILL}},
        {&hf_teardown_cause_frame, {"Cause shown in", "teardown.cause.frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                                    "The segment that shows the cause (the RST, the first FIN, the first copy "
                                    "of what was retransmitted)", HFILL}},
        {&hf_teardown_idle_before_close, {"Idle before the close", "teardown.idle_before_close", FT_RELATIVE_TIME,
                                          BASE_NONE, NULL, 0x0, "Silence before the first FIN or RST (or before the "
                                          "segment the close answered)", HFILL}},
        {&hf_teardown_idle_from_frame, {"Idle from", "teardown.idle_before_close.from_frame", FT_FRAMENUM,
                                        BASE_NONE, NULL, 0x0, "Last segment before the silence", HFILL}},
        {&hf_teardown_idle_to_frame, {"Idle until", "teardown.idle_before_close.to_frame", FT_FRAMENUM,
                                      BASE_NONE, NULL, 0x0, "First segment after the silence", HFILL}},
        {&hf_teardown_idle_timer, {"Matches the known idle timer", "teardown.idle_timer", FT_STRING, BASE_NONE,
                                   NULL, 0x0, "The well-known idle timer the silence matches (preference "
                                   "teardown.idle_timers)", HFILL}},
        {&hf_teardown_abort_stage, {"Abort stage", "teardown.abort_stage", FT_STRING, BASE_NONE, NULL, 0x0,
                                    "How far the connection had got when an RST or timeout ended it"
                                    " (one of: handshake after_handshake first_data mid_flow)", HFILL}},
        {&hf_teardown_retransmissions, {"Retransmissions before the close", "teardown.retransmissions_before_close",
                                        FT_UINT32, BASE_DEC, NULL, 0x0,
                                        "Copies of unacknowledged data or FIN sent again at the end", HFILL}},
        {&hf_teardown_retransmissions_span, {"Retransmissions span", "teardown.retransmissions_before_close.span",
                                             FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
                                             "From the first copy to the last", HFILL}},
        {&hf_teardown_retransmissions_frame, {"Retransmitted from", "teardown.retransmissions_before_close.first_frame",
                                              FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                                              "The first copy of what was sent again", HFILL}},
        {&hf_teardown_syn_retries, {"SYN retries", "teardown.syn_retries", FT_UINT32, BASE_DEC, NULL, 0x0,
                                    "SYNs sent again before an answer, or before giving up", HFILL}},
        {&hf_teardown_stale_delay, {"Time lost to stale state", "teardown.stale_state.delay", FT_RELATIVE_TIME,
                                    BASE_NONE, NULL, 0x0, "From the first SYN to the SYN that followed the reset "
                                    "of a stale connection on the same 4-tuple", HFILL}},
    };
    proto_register_field_array(proto_teardown, hf, array_length(hf));
}

static void register_experts(void)
{
    /* Severity per td_anomaly, in the order of TD_ANOMALY_LIST, then the twins. */
    static ei_register_info ei[] = {
        {&ei_teardown[TD_A_CLOSE_ACTIVE], {"teardown.close.active", PI_SEQUENCE, PI_CHAT, "First FIN of the connection (active close)", EXPFILL}},
        {&ei_teardown[TD_A_CLOSE_PASSIVE], {"teardown.close.passive", PI_SEQUENCE, PI_CHAT, "The other side's FIN (passive close)", EXPFILL}},
        {&ei_teardown[TD_A_CLOSE_SIMULTANEOUS], {"teardown.close.simultaneous", PI_SEQUENCE, PI_NOTE, "Both FINs crossed (simultaneous close)", EXPFILL}},
        {&ei_teardown[TD_A_HALF_CLOSE], {"teardown.half_close", PI_SEQUENCE, PI_NOTE, "Data sent after the peer's FIN (its own direction still open)", EXPFILL}},
        {&ei_teardown[TD_A_FIN_RETRANSMISSION], {"teardown.fin.retransmission", PI_SEQUENCE, PI_NOTE, "FIN sent again", EXPFILL}},
        {&ei_teardown[TD_A_FIN_UNACKED], {"teardown.fin.unacked", PI_SEQUENCE, PI_WARN, "FIN never acknowledged (missing ACK)", EXPFILL}},
        {&ei_teardown[TD_A_RST_ABORT], {"teardown.rst.abort", PI_SEQUENCE, PI_WARN, "RST ends an established connection with no FIN exchange", EXPFILL}},
        {&ei_teardown[TD_A_RST_AFTER_FIN], {"teardown.rst.after_fin", PI_SEQUENCE, PI_WARN, "RST after a FIN", EXPFILL}},
        {&ei_teardown[TD_A_RST_REFUSED], {"teardown.rst.refused", PI_SEQUENCE, PI_NOTE, "RST answers a SYN (connection refused)", EXPFILL}},
        {&ei_teardown[TD_A_RST_OUT_OF_WINDOW], {"teardown.rst.out_of_window", PI_SEQUENCE, PI_WARN, "RST sequence number outside the receiver's window", EXPFILL}},
        {&ei_teardown[TD_A_RST_DATA_LOSS], {"teardown.rst.data_loss", PI_SEQUENCE, PI_WARN, "RST discards unacknowledged data in flight", EXPFILL}},
        {&ei_teardown[TD_A_RST_MIDDLEBOX], {"teardown.rst.middlebox", PI_SECURITY, PI_WARN, "RST TTL/hop limit does not match its claimed sender", EXPFILL}},
        {&ei_teardown[TD_A_TIME_WAIT], {"teardown.time_wait", PI_SEQUENCE, PI_NOTE, "Endpoint enters TIME_WAIT", EXPFILL}},
        {&ei_teardown[TD_A_TIME_WAIT_REUSE], {"teardown.time_wait.reuse", PI_SEQUENCE, PI_NOTE, "SYN reuses a 4-tuple still in TIME_WAIT (the holder may accept it)", EXPFILL}},
        {&ei_teardown[TD_A_TIME_WAIT_FIN_RETRANSMISSION], {"teardown.time_wait.fin_retransmission", PI_SEQUENCE, PI_NOTE, "FIN re-sent to an endpoint in TIME_WAIT (final ACK lost)", EXPFILL}},
        {&ei_teardown[TD_A_TIME_WAIT_RST], {"teardown.time_wait.rst", PI_SECURITY, PI_WARN, "RST received in TIME_WAIT (RFC 1337)", EXPFILL}},
        {&ei_teardown[TD_A_CLOSE_WAIT_STUCK], {"teardown.close_wait.stuck", PI_SEQUENCE, PI_WARN, "Endpoint stuck in CLOSE_WAIT", EXPFILL}},
        {&ei_teardown[TD_A_DATA_AFTER_FIN], {"teardown.data_after_fin", PI_PROTOCOL, PI_ERROR, "New data after the sender's own FIN", EXPFILL}},
        {&ei_teardown[TD_A_IDLE_TIMEOUT], {"teardown.idle_timeout", PI_SEQUENCE, PI_WARN, "FIN or RST after an idle gap", EXPFILL}},
        {&ei_teardown[TD_A_KEEPALIVE_RACE], {"teardown.keepalive_race", PI_SEQUENCE, PI_WARN, "Data crossed the peer's FIN and was answered by RST", EXPFILL}},
        {&ei_teardown[TD_A_RETRANSMISSION_TIMEOUT], {"teardown.retransmission_timeout", PI_SEQUENCE, PI_ERROR, "Connection died after unanswered retransmissions", EXPFILL}},
        {&ei_teardown[TD_A_KEEPALIVE_TIMEOUT], {"teardown.keepalive_timeout", PI_SEQUENCE, PI_WARN, "Keep-alive probes unanswered, then RST", EXPFILL}},
        {&ei_teardown[TD_A_RST_IGNORED], {"teardown.rst.ignored", PI_SEQUENCE, PI_WARN, "RST's receiver kept sending", EXPFILL}},
        {&ei_teardown[TD_A_STALE_STATE], {"teardown.stale_state", PI_SEQUENCE, PI_WARN, "SYN answered by an ACK for another connection, then RST", EXPFILL}},
        {&ei_teardown_fin_unacked_edge, {"teardown.fin.unacked.capture_edge", PI_SEQUENCE, PI_NOTE, "FIN unacknowledged when the capture ended", EXPFILL}},
        {&ei_teardown_close_wait_stuck_edge, {"teardown.close_wait.stuck.capture_edge", PI_SEQUENCE, PI_NOTE, "Endpoint in CLOSE_WAIT when the capture ended", EXPFILL}},
        {&ei_teardown_reuse_rejected, {"teardown.time_wait.reuse.rejected", PI_SEQUENCE, PI_WARN, "SYN reuses a 4-tuple still in TIME_WAIT, and the holder will not accept it", EXPFILL}},
    };
    for (int i = 0; i < TD_ANOMALY_COUNT; i++) {
        expert_field init = EI_INIT;
        ei_teardown[i] = init;
    }
    expert_module_t *expert = expert_register_protocol(proto_teardown);
    expert_register_field_array(expert, ei, array_length(ei));
}

static void register_prefs(void)
{
    module_t *prefs = prefs_register_protocol(proto_teardown, prefs_applied);
    prefs_register_uint_preference(prefs, "time_wait_seconds", "TIME_WAIT duration (s)",
                                   "How long an endpoint stays in TIME_WAIT: 60 on Linux; RFC 9293's 2*MSL is 240",
                                   10, &pref_time_wait_seconds);
    prefs_register_uint_preference(prefs, "close_wait_seconds", "CLOSE_WAIT limit (s)",
                                   "An endpoint in CLOSE_WAIT longer than this without closing is reported as stuck",
                                   10, &pref_close_wait_seconds);
    prefs_register_uint_preference(prefs, "idle_seconds", "Idle gap (s)",
                                   "A FIN or RST after at least this much silence is an idle close or reset "
                                   "(idle_timeout); 0 turns this off. A gap of a second or more that matches a known "
                                   "idle timer counts too",
                                   10, &pref_idle_seconds);
    prefs_register_string_preference(prefs, "idle_timers", "Known idle timers",
                                     "Timers an idle gap is matched against (within 3 %, at least 0.25 s), as "
                                     "'SECONDS NAME' entries separated by ';'",
                                     &pref_idle_timers);
    prefs_applied();
}

void proto_register_teardown(void)
{
    static gint *ett[] = {&ett_teardown, &ett_teardown_conversation, &ett_teardown_cause};

    proto_teardown = proto_register_protocol("TCP Teardown Analysis", "Teardown", "teardown");
    register_packet_fields();
    register_connection_fields();
    register_ledger_fields();
    register_close_fields();
    register_cause_fields();
    proto_register_subtree_array(ett, array_length(ett));
    register_experts();
    /* The first field registered above and tls-close.c's last, registered
     * right after: every id between is this plugin's. */
    tls_expert_hf = tls_close_register(proto_teardown);
    first_hf = hf_teardown_stream;
    last_hf = MAX(tls_expert_hf, first_hf - 1);
    register_prefs();

    records_register();
    register_init_routine(teardown_init);
    register_cleanup_routine(teardown_cleanup);
    teardown_tap = register_tap("teardown");
    register_dissector("teardown", dissect_teardown, proto_teardown);
}

void proto_reg_handoff_teardown(void)
{
    own_hfi = g_new(header_field_info *, (gsize)(last_hf - first_hf + 1));
    for (int hf = first_hf; hf <= last_hf; hf++)
        own_hfi[hf - first_hf] = proto_registrar_get_nth(hf);
    assign_groups();
    register_postdissector(find_dissector("teardown"));
    tcp_facts_init();
    tshark_output_read();
}
