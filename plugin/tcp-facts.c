/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Packet -> facts: reads one packet's TCP facts into a td_segment without
 * asking Wireshark for a protocol tree. It finds the IP and TCP headers the
 * TCP dissector just handled in the frame's bytes, and takes the stream
 * index from TCP's own conversation data. */
#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/address.h>
#include <epan/dissectors/packet-tcp.h>

#include <string.h>

#include "td_compat.h"
#include "tcp-facts.h"

/* Where this packet's TCP header is, and what the IP layer said about it. */
typedef struct header_loc {
    tvbuff_t *tvb;    /* the frame, or a reassembled data source */
    int tcp;          /* offset of the TCP header */
    int hdr_len;      /* TCP header length */
    int ip_payload;   /* TCP header + payload, as the IP layer counts it */
    guint32 seg_len;  /* payload length, as tcp.len */
    guint8 ttl;       /* IP TTL / hop limit */
    gboolean ttl_known;
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
static int proto_icmp = -1;
static int proto_icmpv6 = -1;

/* How far into a frame an IP header may start: past link, VLAN and tunnel
 * headers (VXLAN puts the inner one at 64). */
#define MAX_IP_OFFSET 256
/* Where it usually is: Ethernet, raw IP, BSD loopback, Linux SLL, 802.1Q, SLL2, QinQ. */
static const int likely_offsets[] = {14, 0, 4, 16, 18, 20, 22};

void tcp_facts_init(void)
{
    proto_tcp = proto_get_id_by_filter_name("tcp");
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
}

/* TCP ran in this frame, and not on a header quoted inside an ICMP error. */
static gboolean tcp_was_dissected(const packet_info *pinfo)
{
    gboolean tcp = FALSE;
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        int proto = (int)GPOINTER_TO_UINT(wmem_list_frame_data(f));
        if (proto == proto_icmp || proto == proto_icmpv6)
            return FALSE;
        if (proto == proto_tcp)
            tcp = TRUE;
    }
    return tcp;
}

/* The headers are read through one pointer each rather than a tvb call per
 * field: this runs for every packet of the capture. */
static gboolean ports_at(tvbuff_t *tvb, int off, const packet_info *pinfo)
{
    if (!tvb_bytes_exist(tvb, off, 20))
        return FALSE;
    const guint8 *th = tvb_get_ptr(tvb, off, 4);
    return be16(th) == pinfo->srcport && be16(th + 2) == pinfo->destport;
}

/* An IPv4 header at `ip` carrying this packet's TCP header, unfragmented. */
static gboolean ipv4_at(tvbuff_t *tvb, int ip, const packet_info *pinfo, header_loc *loc)
{
    if (!tvb_bytes_exist(tvb, ip, 20))
        return FALSE;
    const guint8 *h = tvb_get_ptr(tvb, ip, 20);
    int ihl = (h[0] & 0x0f) * 4;
    if ((h[0] >> 4) != 4 || ihl < 20 || h[9] != 6)
        return FALSE;
    if ((be16(h + 6) & 0x3fff) != 0)
        return FALSE; /* a fragment: TCP saw the reassembled payload instead */
    if (memcmp(h + 12, pinfo->src.data, 4) != 0 || memcmp(h + 16, pinfo->dst.data, 4) != 0)
        return FALSE;
    if (!ports_at(tvb, ip + ihl, pinfo))
        return FALSE;
    loc->tcp = ip + ihl;
    guint total = be16(h + 2);
    /* A total length of 0 is TCP segmentation offload seen on the sender. */
    loc->ip_payload = total ? (int)total - ihl : (int)tvb_reported_length_remaining(tvb, ip + ihl);
    loc->ttl = h[8];
    loc->ttl_known = TRUE;
    return TRUE;
}

/* An IPv6 header at `ip` whose chain of extension headers leads to TCP. */
static gboolean ipv6_at(tvbuff_t *tvb, int ip, const packet_info *pinfo, header_loc *loc)
{
    if (!tvb_bytes_exist(tvb, ip, 40) || (tvb_get_uint8(tvb, ip) >> 4) != 6)
        return FALSE;
    if (tvb_memeql(tvb, ip + 8, (const guint8 *)pinfo->src.data, 16) != 0 ||
        tvb_memeql(tvb, ip + 24, (const guint8 *)pinfo->dst.data, 16) != 0)
        return FALSE;
    guint8 next = tvb_get_uint8(tvb, ip + 6);
    int off = ip + 40;
    /* Hop-by-hop, routing and destination options may stand before TCP. */
    for (int n = 0; n < 8 && (next == 0 || next == 43 || next == 60); n++) {
        if (!tvb_bytes_exist(tvb, off, 2))
            return FALSE;
        next = tvb_get_uint8(tvb, off);
        off += (tvb_get_uint8(tvb, off + 1) + 1) * 8;
    }
    if (next != 6 || !ports_at(tvb, off, pinfo))
        return FALSE;
    guint plen = tvb_get_ntohs(tvb, ip + 4);
    if (plen == 0)
        return FALSE; /* jumbogram */
    loc->tcp = off;
    loc->ip_payload = (int)plen - (off - ip - 40);
    loc->ttl = tvb_get_uint8(tvb, ip + 7);
    loc->ttl_known = TRUE;
    return TRUE;
}

static gboolean ip_at(tvbuff_t *tvb, int ip, const packet_info *pinfo, header_loc *loc)
{
    if (pinfo->src.type == AT_IPv4 && pinfo->src.len == 4 && pinfo->dst.len == 4)
        return ipv4_at(tvb, ip, pinfo, loc);
    if (pinfo->src.type == AT_IPv6 && pinfo->src.len == 16 && pinfo->dst.len == 16)
        return ipv6_at(tvb, ip, pinfo, loc);
    return FALSE;
}

/* The IP header in front of the TCP header, in the frame as captured. */
static gboolean find_in_frame(tvbuff_t *frame, const packet_info *pinfo, header_loc *loc)
{
    for (size_t i = 0; i < G_N_ELEMENTS(likely_offsets); i++)
        if (ip_at(frame, likely_offsets[i], pinfo, loc))
            return TRUE;
    int limit = MIN((int)tvb_captured_length(frame) - 20, MAX_IP_OFFSET);
    for (int off = 0; off <= limit; off++)
        if (ip_at(frame, off, pinfo, loc))
            return TRUE;
    return FALSE;
}

/* TCP carried in reassembled IP fragments starts a data source of its own. */
static gboolean find_in_reassembled(const packet_info *pinfo, header_loc *loc)
{
    for (GSList *s = pinfo->data_src; s; s = s->next) {
        tvbuff_t *ds = get_data_source_tvb((struct data_source *)s->data);
        if (ds && ports_at(ds, 0, pinfo)) {
            loc->tcp = 0;
            loc->ip_payload = (int)tvb_reported_length(ds);
            loc->ttl_known = FALSE;
            loc->tvb = ds;
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean find_header(packet_info *pinfo, tvbuff_t *frame, header_loc *loc)
{
    memset(loc, 0, sizeof *loc);
    if (pinfo->ptype != PT_TCP || !tcp_was_dissected(pinfo))
        return FALSE;
    loc->tvb = frame;
    if (!find_in_frame(frame, pinfo, loc) && !find_in_reassembled(pinfo, loc))
        return FALSE;
    int hdr = (tvb_get_uint8(loc->tvb, loc->tcp + 12) >> 4) * 4;
    if (hdr < 20 || loc->ip_payload < hdr)
        return FALSE; /* TCP itself flags a header this broken */
    loc->hdr_len = hdr;
    loc->seg_len = (guint32)(loc->ip_payload - hdr);
    return TRUE;
}

/* The window scale option of a SYN, -1 when absent. */
static gint8 read_wscale(tvbuff_t *tvb, int tcp_off, int hdr_len)
{
    int pos = 20;
    while (pos < hdr_len && tvb_bytes_exist(tvb, tcp_off + pos, 1)) {
        guint8 kind = tvb_get_uint8(tvb, tcp_off + pos);
        if (kind == 0)
            break;
        if (kind == 1) {
            pos++;
            continue;
        }
        if (!tvb_bytes_exist(tvb, tcp_off + pos + 1, 1))
            break;
        guint8 len = tvb_get_uint8(tvb, tcp_off + pos + 1);
        if (len < 2)
            break;
        if (kind == 3 && len == 3 && tvb_bytes_exist(tvb, tcp_off + pos + 2, 1))
            return td_wscale_from_option(tvb_get_uint8(tvb, tcp_off + pos + 2));
        pos += len;
    }
    return -1;
}

gboolean tcp_facts_read(packet_info *pinfo, tvbuff_t *frame, td_segment *seg)
{
    header_loc loc;
    if (!find_header(pinfo, frame, &loc))
        return FALSE;
    /* find_header saw 20 bytes there. */
    const guint8 *th = tvb_get_ptr(loc.tvb, loc.tcp, 20);
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
    seg->wscale = (seg->flags & TD_TH_SYN) ? read_wscale(loc.tvb, loc.tcp, loc.hdr_len) : -1;
    seg->ttl = loc.ttl;
    seg->ttl_known = loc.ttl_known ? true : false;
    return TRUE;
}

gboolean tcp_facts_stream(const packet_info *pinfo, guint32 *stream)
{
    /* The same lookup the TCP dissector made for this packet. */
    conversation_t *conv = find_conversation(pinfo->num, &pinfo->src, &pinfo->dst, CONVERSATION_TCP,
                                             pinfo->srcport, pinfo->destport, 0);
    struct tcp_analysis *tcpd = conv ? (struct tcp_analysis *)conversation_get_proto_data(conv, proto_tcp) : NULL;
    if (!tcpd)
        return FALSE;
    *stream = tcpd->stream;
    return TRUE;
}
