/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Packet -> facts: the TCP facts of the packet just dissected, as the engine
 * takes them. */
#ifndef TCP_FACTS_H
#define TCP_FACTS_H

#include <epan/packet.h>

#include "td_engine.h"

/* Looks up ids once the protocols are registered. */
void tcp_facts_init(void);

/* Fills `seg` (all but its side) from the TCP header of the packet just
 * dissected, found in `frame` or in a reassembled data source. FALSE when
 * this packet has no TCP segment the plugin should follow. */
gboolean tcp_facts_read(packet_info *pinfo, tvbuff_t *frame, td_segment *seg);

/* The packet's tcp.stream, from the conversation TCP itself looked up. */
gboolean tcp_facts_stream(const packet_info *pinfo, guint32 *stream);

#endif
