/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the plugin keeps between passes: one record per connection, found by
 * its 4-tuple, holding the engine's state and only the packets that changed
 * something; every other packet's result is rebuilt from its neighbours. */
#ifndef CONVERSATION_RECORDS_H
#define CONVERSATION_RECORDS_H

#include <epan/packet.h>

#include "td_engine.h"

/* Both endpoints of a connection, indexed by side. Plain bytes, zero-padded,
 * so that it can be hashed and compared as a whole. */
typedef struct td_tuple {
    guint8 addr[2][16];
    guint16 port[2];
    guint8 type[2]; /* address_type: AT_IPv4 or AT_IPv6 */
    guint8 len[2];
} td_tuple;

/* The glue's record of one connection (one tcp.stream). */
typedef struct td_conv_rec {
    td_conv conv;
    td_tuple tuple;
    struct td_conv_rec *prev; /* the connection that used the same 4-tuple before, or NULL */
    td_change *changes;       /* in frame order */
    guint32 n_changes;
    guint32 cap_changes;
    guint32 stream;
    gboolean recheck_stream;  /* TCP saw a segment here the plugin could not read */
} td_conv_rec;

/* Creates the maps; called once at registration. */
void records_register(void);

/* Forgets everything: a new file, or the same one dissected again. */
void records_reset(void);

/* The packet's 4-tuple with its sides in a fixed order, and the side of its
 * sender. FALSE for addresses other than IPv4 and IPv6. */
gboolean records_tuple(const packet_info *pinfo, td_tuple *tuple, guint8 *sender_side);

/* The newest connection on a 4-tuple, or NULL. */
td_conv_rec *records_latest(const td_tuple *tuple);

/* The connection a packet with this frame number belongs to: the newest one
 * on its 4-tuple that had started by then. */
td_conv_rec *records_find(const td_tuple *tuple, guint32 frame);

/* A new connection on a 4-tuple, after `prev` (or NULL). */
td_conv_rec *records_add(const td_tuple *tuple, guint32 stream, td_conv_rec *prev);

/* First pass: keeps what the engine said about a packet, if it cannot be
 * rebuilt from what is already kept, and marks the packet as followed. */
void records_note(td_conv_rec *rec, guint32 frame, guint8 sender_side, const td_result *result);

/* Later passes: whether the first pass followed this frame, and what the
 * engine said about it. */
gboolean records_followed(guint32 frame);
void records_recall(const td_conv_rec *rec, guint32 frame, guint8 sender_side, td_result *out);

#endif
