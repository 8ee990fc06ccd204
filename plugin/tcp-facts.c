/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Packet -> facts: reads one packet's TCP facts into a td_segment without
 * asking Wireshark for a protocol tree. It finds the IP and TCP headers of
 * the frame's first TCP layer in the frame's bytes, and takes the stream
 * index from TCP's own conversation data.
 *
 * Which TCP header. A frame may hold more than one: a payload dissector
 * (rpcap, or any tunnel carried over TCP) dissects an inner frame after the
 * outer TCP, and its IP and TCP layers overwrite pinfo's addresses, ports
 * and port type before post-dissectors run. The plugin follows the outer
 * segment, the one on this link, always:
 * - pinfo->layers says how many TCP layers there were and whether any IP,
 *   TCP or UDP layer came after the first one. When none did, pinfo still
 *   holds what TCP saw (the common case: one walk of a short list, then the
 *   match by addresses and ports as before).
 * - Otherwise the first IP header of the frame that carries TCP directly
 *   (after the extension headers TCP may follow) is the outer one: layers
 *   nest outward-in, so the first TCP dissected sits behind the first such
 *   header. The ports TCP recorded for that layer (its per-packet data, the
 *   same TCP's "Decode As" reads) narrow the match when present. pinfo's
 *   conversation, addresses and data sources all describe the inner frame by
 *   then, so they cannot say where the outer header is.
 * The inner segments belong to a connection captured on another link (often
 * at another time): they are not followed, and never mixed into the outer
 * connection. */
#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/address.h>
#include <epan/proto_data.h>
#include <epan/dissectors/packet-tcp.h>

#include <string.h>

#include "td_compat.h"
#include "tcp-facts.h"

/* What the header is looked for by: this packet's addresses and ports while
 * pinfo still holds those TCP saw, else what the frame and TCP recorded. */
typedef struct header_key {
    const guint8 *src, *dst; /* NULL: any addresses */
    int addr_len;            /* 4 or 16 with src */
    guint32 src_port, dst_port;
    gboolean ports_known;
} header_key;

/* Where this packet's TCP header is, and what the IP layer said about it. */
typedef struct header_loc {
    tvbuff_t *tvb;    /* the frame, or a reassembled data source */
    int tcp;          /* offset of the TCP header */
    int hdr_len;      /* TCP header length */
    int ip_payload;   /* TCP header + payload, as the IP layer counts it */
    guint32 seg_len;  /* payload length, as tcp.len */
    guint8 ttl;       /* IP TTL / hop limit */
    gboolean ttl_known;
    address src, dst; /* the IP header's (pinfo's for reassembled data) */
} header_loc;

/* Big-endian header fields from a pointer (wsutil's own helpers were
 * renamed in 4.6). */
static inline guint16 be16(const guint8 *p)
{
    return (guint16)(p[0] << 8 | p[1]);
}

static inline guint32 be32(const guint8 *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static int proto_tcp = -1;
static int proto_udp = -1;
static int proto_ip = -1;
static int proto_ipv6 = -1;
static int proto_icmp = -1;
static int proto_icmpv6 = -1;
static int hf_tcp_srcport = -1;
static int hf_tcp_dstport = -1;

/* How far into a frame an IP header may start: past link, VLAN and tunnel
 * headers (VXLAN puts the inner one at 64). */
#define MAX_IP_OFFSET 256
/* Where it usually is: Ethernet, raw IP, BSD loopback, Linux SLL, 802.1Q, SLL2, QinQ. */
static const int likely_offsets[] = {14, 0, 4, 16, 18, 20, 22};

/* IP protocol numbers of what may stand between IP and TCP. */
#define IPP_TCP 6
#define IPP_HOPOPTS 0
#define IPP_ROUTING 43
#define IPP_FRAGMENT 44
#define IPP_AH 51
#define IPP_DSTOPTS 60

void tcp_facts_init(void)
{
    proto_tcp = proto_get_id_by_filter_name("tcp");
    proto_udp = proto_get_id_by_filter_name("udp");
    proto_ip = proto_get_id_by_filter_name("ip");
    proto_ipv6 = proto_get_id_by_filter_name("ipv6");
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
    /* Ids only: nothing is primed, no tree is asked for. */
    hf_tcp_srcport = proto_registrar_get_id_byname("tcp.srcport");
    hf_tcp_dstport = proto_registrar_get_id_byname("tcp.dstport");
}

/* What pinfo->layers says about the frame's first TCP layer. */
typedef struct layer_walk {
    guint32 tcp_layer;     /* its layer number, 0 when TCP did not run */
    gboolean quoted;       /* inside an ICMP error: not a segment */
    gboolean overwritten;  /* an IP, TCP or UDP layer ran after it */
} layer_walk;

static void walk_layers(const packet_info *pinfo, layer_walk *w)
{
    guint32 n = 0;
    memset(w, 0, sizeof *w);
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        int proto = (int)GPOINTER_TO_UINT(wmem_list_frame_data(f));
        n++;
        if (w->tcp_layer == 0) {
            if (proto == proto_icmp || proto == proto_icmpv6)
                w->quoted = TRUE;
            else if (proto == proto_tcp)
                w->tcp_layer = n;
        } else if (proto == proto_ip || proto == proto_ipv6 || proto == proto_tcp || proto == proto_udp) {
            w->overwritten = TRUE;
            return;
        }
    }
}

/* The bytes of a tvb, read through one pointer: this runs for every packet
 * of the capture, and a tvb call per field costs more than the reading. */
typedef struct bytes {
    const guint8 *p;
    int len;      /* captured */
    int reported; /* on the wire */
} bytes;

static bytes bytes_of(tvbuff_t *tvb)
{
    bytes b;
    b.len = (int)tvb_captured_length(tvb);
    b.reported = (int)tvb_reported_length(tvb);
    b.p = b.len > 0 ? tvb_get_ptr(tvb, 0, b.len) : NULL;
    return b;
}

static gboolean have(const bytes *b, int off, int n)
{
    return off >= 0 && n >= 0 && off <= b->len - n;
}

/* The offset of the TCP header behind the extension headers that start at
 * `off` with protocol `next`, or -1 when something else follows. An IPv6
 * Fragment header is walked only when atomic (offset 0, no more fragments):
 * a real fragment reached TCP through reassembly, in a data source. */
static int skip_to_tcp(const bytes *b, guint8 next, int off, gboolean v6)
{
    for (int n = 0; n < 8; n++) {
        if (next == IPP_TCP)
            return off;
        if (!have(b, off, 8))
            return -1;
        const guint8 *e = b->p + off;
        int len;
        if (next == IPP_AH)
            len = (e[1] + 2) * 4;
        else if (v6 && (next == IPP_HOPOPTS || next == IPP_ROUTING || next == IPP_DSTOPTS))
            len = (e[1] + 1) * 8;
        else if (v6 && next == IPP_FRAGMENT && (be16(e + 2) & 0xfff9) == 0)
            len = 8; /* its second byte is reserved, not a length */
        else
            return -1;
        next = e[0];
        off += len;
    }
    return -1;
}

static gboolean ports_at(const bytes *b, int off, const header_key *key)
{
    if (!have(b, off, 20))
        return FALSE;
    const guint8 *th = b->p + off;
    return !key->ports_known || (be16(th) == key->src_port && be16(th + 2) == key->dst_port);
}

/* An IPv4 header at `ip` carrying a TCP header that fits the key, unfragmented. */
static gboolean ipv4_at(const bytes *b, int ip, const header_key *key, header_loc *loc)
{
    if (!have(b, ip, 20))
        return FALSE;
    const guint8 *h = b->p + ip;
    int ihl = (h[0] & 0x0f) * 4;
    if ((h[0] >> 4) != 4 || ihl < 20 || (h[9] != IPP_TCP && h[9] != IPP_AH))
        return FALSE;
    if ((be16(h + 6) & 0x3fff) != 0)
        return FALSE; /* a fragment: TCP saw the reassembled payload instead */
    if (key->src && (key->addr_len != 4 || memcmp(h + 12, key->src, 4) != 0 || memcmp(h + 16, key->dst, 4) != 0))
        return FALSE;
    int tcp = skip_to_tcp(b, h[9], ip + ihl, FALSE);
    if (tcp < 0 || !ports_at(b, tcp, key))
        return FALSE;
    guint total = be16(h + 2);
    /* A total length of 0 is TCP segmentation offload seen on the sender. */
    int payload = total ? (int)total - (tcp - ip) : b->reported - tcp;
    if (payload < 20)
        return FALSE;
    loc->tcp = tcp;
    loc->ip_payload = payload;
    loc->ttl = h[8];
    loc->ttl_known = TRUE;
    set_address(&loc->src, AT_IPv4, 4, h + 12);
    set_address(&loc->dst, AT_IPv4, 4, h + 16);
    return TRUE;
}

/* An IPv6 header at `ip` whose chain of extension headers leads to a TCP
 * header that fits the key. */
static gboolean ipv6_at(const bytes *b, int ip, const header_key *key, header_loc *loc)
{
    if (!have(b, ip, 40))
        return FALSE;
    const guint8 *h = b->p + ip;
    if ((h[0] >> 4) != 6)
        return FALSE;
    if (key->src && (key->addr_len != 16 || memcmp(h + 8, key->src, 16) != 0 || memcmp(h + 24, key->dst, 16) != 0))
        return FALSE;
    int tcp = skip_to_tcp(b, h[6], ip + 40, TRUE);
    if (tcp < 0 || !ports_at(b, tcp, key))
        return FALSE;
    guint plen = be16(h + 4);
    if (plen == 0)
        return FALSE; /* jumbogram */
    int payload = (int)plen - (tcp - ip - 40);
    if (payload < 20)
        return FALSE;
    loc->tcp = tcp;
    loc->ip_payload = payload;
    loc->ttl = h[7];
    loc->ttl_known = TRUE;
    set_address(&loc->src, AT_IPv6, 16, h + 8);
    set_address(&loc->dst, AT_IPv6, 16, h + 24);
    return TRUE;
}

static gboolean ip_at(const bytes *b, int ip, const header_key *key, header_loc *loc)
{
    if (key->src)
        return key->addr_len == 4 ? ipv4_at(b, ip, key, loc) : ipv6_at(b, ip, key, loc);
    return ipv4_at(b, ip, key, loc) || ipv6_at(b, ip, key, loc);
}

/* The IP header in front of the TCP header, in the frame as captured. The
 * usual places first; then from the frame's start, so that with no
 * addresses to go by the outermost header is found first. */
static gboolean find_in_frame(const bytes *frame, const header_key *key, header_loc *loc)
{
    for (size_t i = 0; i < G_N_ELEMENTS(likely_offsets); i++)
        if (ip_at(frame, likely_offsets[i], key, loc))
            return TRUE;
    int limit = MIN(frame->len - 20, MAX_IP_OFFSET);
    for (int off = 0; off <= limit; off++)
        if (ip_at(frame, off, key, loc))
            return TRUE;
    return FALSE;
}

/* TCP carried in reassembled IP fragments starts a data source of its own;
 * its addresses are pinfo's, so this needs a key from pinfo. */
static gboolean find_in_reassembled(const packet_info *pinfo, const header_key *key, header_loc *loc,
                                    bytes *where)
{
    for (GSList *s = pinfo->data_src; s; s = s->next) {
        tvbuff_t *ds = get_data_source_tvb((struct data_source *)s->data);
        bytes b;
        if (ds && (b = bytes_of(ds), ports_at(&b, 0, key))) {
            *where = b;
            loc->tcp = 0;
            loc->ip_payload = (int)tvb_reported_length(ds);
            loc->ttl = 0;
            loc->ttl_known = FALSE;
            loc->tvb = ds;
            copy_address_shallow(&loc->src, &pinfo->src);
            copy_address_shallow(&loc->dst, &pinfo->dst);
            return TRUE;
        }
    }
    return FALSE;
}

/* The key pinfo gives while it still holds what TCP saw. */
static gboolean key_from_pinfo(const packet_info *pinfo, header_key *key)
{
    int len = pinfo->src.len;
    if (pinfo->ptype != PT_TCP || pinfo->src.type != pinfo->dst.type || pinfo->dst.len != len ||
        !((pinfo->src.type == AT_IPv4 && len == 4) || (pinfo->src.type == AT_IPv6 && len == 16)))
        return FALSE;
    key->src = (const guint8 *)pinfo->src.data;
    key->dst = (const guint8 *)pinfo->dst.data;
    key->addr_len = len;
    key->src_port = pinfo->srcport;
    key->dst_port = pinfo->destport;
    key->ports_known = TRUE;
    return TRUE;
}

/* The ports TCP recorded for its first layer, when this Wireshark keeps
 * them under the layer's number (port 0 reads as none: matched by
 * structure alone). */
static void key_from_tcp_layer(packet_info *pinfo, guint32 layer, header_key *key)
{
    memset(key, 0, sizeof *key);
    if (hf_tcp_srcport <= 0 || hf_tcp_dstport <= 0)
        return;
    guint32 sport = GPOINTER_TO_UINT(p_get_proto_data(pinfo->pool, pinfo, hf_tcp_srcport, layer));
    guint32 dport = GPOINTER_TO_UINT(p_get_proto_data(pinfo->pool, pinfo, hf_tcp_dstport, layer));
    if (sport && dport && sport <= 0xffff && dport <= 0xffff) {
        key->src_port = sport;
        key->dst_port = dport;
        key->ports_known = TRUE;
    }
}

/* Finds the header; `where` is then the bytes it is in (the frame's, or a
 * reassembled data source's). */
static gboolean find_header(packet_info *pinfo, tvbuff_t *frame, header_loc *loc, bytes *where)
{
    layer_walk w;
    header_key key;
    walk_layers(pinfo, &w);
    if (w.tcp_layer == 0 || w.quoted)
        return FALSE;
    /* Every field of loc is set on the way to TRUE. */
    loc->tvb = frame;
    *where = bytes_of(frame);
    if (!w.overwritten && key_from_pinfo(pinfo, &key)) {
        if (!find_in_frame(where, &key, loc) && !find_in_reassembled(pinfo, &key, loc, where))
            return FALSE;
    } else {
        /* The outer TCP of a frame carried in reassembled IP fragments is
         * not followed: its addresses are gone from pinfo. */
        key_from_tcp_layer(pinfo, w.tcp_layer, &key);
        if (!find_in_frame(where, &key, loc))
            return FALSE;
    }
    /* ports_at saw 20 bytes of the header. */
    int hdr = (where->p[loc->tcp + 12] >> 4) * 4;
    if (hdr < 20 || loc->ip_payload < hdr)
        return FALSE; /* TCP itself flags a header this broken */
    loc->hdr_len = hdr;
    loc->seg_len = (guint32)(loc->ip_payload - hdr);
    return TRUE;
}

/* The window scale option of a SYN, -1 when absent. */
static gint8 read_wscale(const bytes *b, int tcp_off, int hdr_len)
{
    int pos = 20;
    while (pos < hdr_len && have(b, tcp_off + pos, 1)) {
        guint8 kind = b->p[tcp_off + pos];
        if (kind == 0)
            break;
        if (kind == 1) {
            pos++;
            continue;
        }
        if (!have(b, tcp_off + pos + 1, 1))
            break;
        guint8 len = b->p[tcp_off + pos + 1];
        if (len < 2)
            break;
        if (kind == 3 && len == 3 && have(b, tcp_off + pos + 2, 1))
            return td_wscale_from_option(b->p[tcp_off + pos + 2]);
        pos += len;
    }
    return -1;
}

static void fill_ends(const header_loc *loc, const guint8 *th, tcp_ends *ends)
{
    copy_address_shallow(&ends->src, &loc->src);
    copy_address_shallow(&ends->dst, &loc->dst);
    ends->src_port = be16(th);
    ends->dst_port = be16(th + 2);
    ends->tvb = loc->tvb;
    ends->payload = loc->tcp + loc->hdr_len;
}

gboolean tcp_facts_read(packet_info *pinfo, tvbuff_t *frame, td_segment *seg, tcp_ends *ends)
{
    header_loc loc;
    bytes where;
    if (!find_header(pinfo, frame, &loc, &where))
        return FALSE;
    const guint8 *th = where.p + loc.tcp;
    memset(seg, 0, sizeof *seg);
    seg->frame = pinfo->num;
    seg->time = (td_time)pinfo->abs_ts.secs * TD_NS_PER_SEC + pinfo->abs_ts.nsecs;
    seg->src_port = be16(th);
    seg->dst_port = be16(th + 2);
    seg->seq = be32(th + 4);
    seg->ack = be32(th + 8);
    seg->flags = be16(th + 12) & 0x0fff;
    seg->window = be16(th + 14);
    seg->len = loc.seg_len;
    seg->wscale = (seg->flags & TD_TH_SYN) ? read_wscale(&where, loc.tcp, loc.hdr_len) : -1;
    seg->ttl = loc.ttl;
    seg->ttl_known = loc.ttl_known ? true : false;
    fill_ends(&loc, th, ends);
    return TRUE;
}

gboolean tcp_facts_ends(packet_info *pinfo, tvbuff_t *frame, tcp_ends *ends)
{
    header_loc loc;
    bytes where;
    if (!find_header(pinfo, frame, &loc, &where))
        return FALSE;
    fill_ends(&loc, where.p + loc.tcp, ends);
    return TRUE;
}

gboolean tcp_facts_stream(const packet_info *pinfo, const tcp_ends *ends, guint32 *stream)
{
    /* The same lookup the TCP dissector made for this segment. */
    conversation_t *conv = find_conversation(pinfo->num, &ends->src, &ends->dst, CONVERSATION_TCP, ends->src_port,
                                             ends->dst_port, 0);
    struct tcp_analysis *tcpd = conv ? (struct tcp_analysis *)conversation_get_proto_data(conv, proto_tcp) : NULL;
    if (!tcpd)
        return FALSE;
    *stream = tcpd->stream;
    return TRUE;
}
