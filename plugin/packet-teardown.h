/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Registration of the "teardown" post-dissector, for the plugin loader. */
#ifndef PACKET_TEARDOWN_H
#define PACKET_TEARDOWN_H

void proto_register_teardown(void);
void proto_reg_handoff_teardown(void);

#endif
