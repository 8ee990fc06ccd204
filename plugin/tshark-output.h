/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What tshark will print of a visible tree, read from its command line.
 * tshark 4.0 builds a visible tree for `-T fields` and primes none of the
 * `-e` fields, and every version builds one for `-T json|ek|pdml -J tcp`;
 * the tree then looks the same to a dissector as under `-V`, though only
 * the named fields or protocols are printed. */
#ifndef TSHARK_OUTPUT_H
#define TSHARK_OUTPUT_H

#include <epan/packet.h>

/* Reads the command line once (later calls do nothing): call while the
 * protocols register, before tshark parses its options. */
void tshark_output_read(void);

/* Decides, once, what will be printed and resolves the fields the command
 * line names: call when every field is registered (the init routine). */
void tshark_output_resolve(void);

/* TRUE when this is tshark and a visible tree will be printed only in part:
 * `-T fields`, or `-T json|ek|pdml|jsonraw` with `-e` fields, or
 * `-T json|ek|jsonraw` with a `-j`/`-J` protocol list that leaves the plugin
 * out. */
gboolean tshark_output_limited(void);

/* TRUE when tshark prints every item of the tree, hidden ones too (PDML,
 * JSON, EK, not limited). */
gboolean tshark_output_prints_hidden(void);

/* TRUE when this is tshark reading its input once (no -2), its command
 * line read with certainty: everything that will use the plugin's results
 * (filters, taps, columns, the printed tree) is then set up by the first
 * frame, and nothing comes back to a frame later. */
gboolean tshark_output_single_pass(void);

/* Limited by a -j/-J protocol list: JSON still prints a protocol left out
 * that has children, as a stub ({"filtered": "teardown"}), so the item and
 * one child must be there. */
gboolean tshark_output_filters_protocols(void);

/* When limited: whether `-e` names the field (or, for a protocol, one of its
 * fields). */
gboolean tshark_output_names(int hf);

#endif
