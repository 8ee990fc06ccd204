#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Derives, from real-kernel captures of this folder, the captures a capture
point with its own timestamping faults would have written of the same
packets: refused_rst_first_v4 is refused_v4 with the kernel's RST/ACK stamped
20 us before the SYN it answers (two directions stamped by two NIC queues, or
two interfaces merged), so it is written first. The packets are the kernel's,
byte for byte; only the order and the RST's timestamp change. The truth is
the parent's (ss): both CLOSED.

Run after generate.sh has written the parent: /usr/bin/python3 derive_reordered.py"""

import logging
import os
from decimal import Decimal

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import rdpcap, wrpcap  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "captures")


def rst_first(parent, child):
    for vantage in ("client", "server"):
        syn, rst = rdpcap(os.path.join(HERE, "%s.%s.pcap" % (parent, vantage)))
        rst.time = Decimal(syn.time) - Decimal("0.000020")
        wrpcap(os.path.join(HERE, "%s.%s.pcap" % (child, vantage)), [rst, syn], linktype=1)
    with open(os.path.join(HERE, parent + ".expect")) as src, \
            open(os.path.join(HERE, child + ".expect"), "w") as dst:
        for n, line in enumerate(src):
            if n:
                line = line.rstrip("\n") + "; derived: the RST/ACK stamped 20 us before its SYN\n"
            dst.write(line)


if __name__ == "__main__":
    rst_first("refused_v4", "refused_rst_first_v4")
    print("wrote refused_rst_first_v4.{client,server}.pcap, .expect")
