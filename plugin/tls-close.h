/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TLS close: reads the TLS facts of a connection's segments (record
 * headers from the payload; decrypted alerts from Wireshark's TLS
 * dissector when keys are configured) and renders the verdict. */
#ifndef TLS_CLOSE_H
#define TLS_CLOSE_H

#include <epan/packet.h>

#include "td_engine.h"
#include "conversation-records.h"
#include "tcp-facts.h"

/* Registers the fields, subtree and expert info under `proto`; returns the
 * last field id it registered, its expert info's (they follow the caller's own). */
int tls_close_register(int proto);

/* Per file (init routine): asks for the TLS dissector's alert fields only
 * when a TLS key log file is configured, else asks for nothing. */
void tls_close_init(dissector_handle_t postdissector);

/* First pass, after the engine took `seg`: follows the TLS records of the
 * connection, if it carries TLS. `tree` may be NULL. */
void tls_close_segment(packet_info *pinfo, proto_tree *tree, conn_record *rec, const td_segment *seg,
                       const tcp_ends *ends);

/* The TLS close fields of the connection, when it carries TLS. With
 * hidden_reaches (a packet whose tree shows nothing of the close), only the
 * fields it says someone gets, as hidden items. */
void tls_close_add_fields(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const conn_record *rec,
                          gboolean (*hidden_reaches)(int hf));

/* teardown.tls.truncated on the FIN or RST that cut a TLS session. */
void tls_close_add_expert(packet_info *pinfo, proto_item *ti, const conn_record *rec, td_role sender);

/* A side's verdict as printed ("-" when it has not closed or there is no
 * TLS). */
const char *tls_close_label(const conn_record *rec, td_role role);

/* Whether either side cut the TLS session (teardown.tls.truncated). */
gboolean tls_close_truncated(const conn_record *rec);

/* The TLS part of the narrative ("; TLS 1.3: ..."), nothing without TLS. */
void tls_close_narrate(const conn_record *rec, wmem_strbuf_t *buf);

#endif
