/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where this packet's TCP header is, and what the IP layer said about it. */
#ifndef TCP_FACTS_H
#define TCP_FACTS_H

#include <epan/packet.h>

typedef struct tcp_header_loc {
    int tcp;          /* offset of the TCP header */
    int hdr_len;      /* TCP header length */
    int ip_payload;   /* TCP header + payload, as the IP layer counts it */
    guint32 seg_len;  /* payload length, as tcp.len */
    guint8 ttl;       /* IP TTL / hop limit */
    gboolean ttl_known;
} tcp_header_loc;

/* Big-endian header fields from a pointer (wsutil's own helpers were
 * renamed in 4.6). */
static inline guint16 tcp_facts_be16(const guint8 *p)
{
    return (guint16)(p[0] << 8 | p[1]);
}

static inline guint32 tcp_facts_be32(const guint8 *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* Looks up ids once the protocols are registered. */
void tcp_facts_init(void);

/* Finds the TCP header of the packet just dissected (in `frame`, or in a
 * reassembled data source returned in *where). FALSE when this packet has
 * no TCP segment the plugin should follow. */
gboolean tcp_facts_read(packet_info *pinfo, tvbuff_t *frame, tcp_header_loc *loc, tvbuff_t **where);

/* The packet's tcp.stream, from the conversation TCP itself looked up. */
gboolean tcp_facts_stream(const packet_info *pinfo, guint32 *stream);

#endif
