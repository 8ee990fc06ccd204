/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Packet -> facts: the TCP facts of the packet just dissected, as the engine
 * takes them. */
#ifndef TCP_FACTS_H
#define TCP_FACTS_H

#include <epan/packet.h>

#include "td_engine.h"

/* Looks up ids once the protocols are registered. */
void tcp_facts_init(void);

/* The two ends of the segment the plugin follows, from its IP and TCP
 * headers: pinfo's may be those of a frame carried inside it. The
 * addresses point into the packet's data, valid while it is dissected. */
typedef struct tcp_ends {
    address src, dst;
    guint16 src_port, dst_port;
    tvbuff_t *tvb; /* where the segment's payload is, at offset `payload` */
    int payload;
} tcp_ends;

/* Fills `seg` (all but its side) and `ends` from the first TCP header of
 * the packet just dissected, found in `frame` or in a reassembled data
 * source. FALSE when this packet has no TCP segment the plugin should
 * follow. */
gboolean tcp_facts_read(packet_info *pinfo, tvbuff_t *frame, td_segment *seg, tcp_ends *ends);

/* Only the ends, found the same way (later passes). */
gboolean tcp_facts_ends(packet_info *pinfo, tvbuff_t *frame, tcp_ends *ends);

/* The segment's tcp.stream, from the conversation TCP itself looked up. */
gboolean tcp_facts_stream(const packet_info *pinfo, const tcp_ends *ends, guint32 *stream);

#endif
