/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the glue's files share: registration entry points, the stored
 * per-conversation and per-packet records, and the statistics hooks. */
#ifndef PACKET_TEARDOWN_H
#define PACKET_TEARDOWN_H

#include <epan/packet.h>
#include <epan/address.h>

#include "td_engine.h"
#include "conversation-records.h"

/* One packet's analysis as rendered and tapped: built per pass in the
 * packet's scope, from the engine on the first pass and from the
 * connection's records afterwards. */
typedef struct td_packet {
    td_conv_rec *rec;
    td_result result;
} td_packet;

void proto_register_teardown(void);
void proto_reg_handoff_teardown(void);

/* The preferences as the engine wants them. */
td_config teardown_config(void);

/* The last timestamp read on the first pass: the capture's end once the
 * whole file has been read. */
td_time teardown_capture_end(void);

/* "addr:port" of a role, "[addr]:port" for IPv6. */
char *teardown_endpoint_str(wmem_allocator_t *scope, const td_conv_rec *rec, td_role role);

/* A sentence on how the conversation ended, for tickets. */
void teardown_narrative(wmem_allocator_t *scope, const td_conv_rec *rec, const td_summary *sum,
                        wmem_strbuf_t *buf);

/* Statistics: registered from the handoff; the tap carries td_packet. */
void teardown_register_stats(int tap_id);

#endif
