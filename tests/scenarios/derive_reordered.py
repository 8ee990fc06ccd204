#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Derives, from real-kernel captures of this folder, the captures a capture
point with its own timestamping faults would have written of the same
packets. The packets are the kernel's, byte for byte; only timestamps (and so
the order) change, and the truth is the parent's (ss).
- refused_rst_first_v4: refused_v4 with the kernel's RST/ACK stamped 20 us
  before the SYN it answers (two directions stamped by two NIC queues, or two
  interfaces merged), so it is written first.
- clock_step_back_v4: half_close_v4 with the capturing host's clock stepped
  back 2 s (NTP) just after the client's FIN: every later packet is stamped
  before that FIN, in capture order still.

Run after generate.sh has written the parents:
  /usr/bin/python3 derive_reordered.py [DIR]    (DIR: generate.sh's -o, default captures/)"""

import logging
import os
import sys
from decimal import Decimal

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import rdpcap, wrpcap  # noqa: E402

HERE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "captures")


def rst_first(parent, child):
    for vantage in ("client", "server"):
        syn, rst = rdpcap(os.path.join(HERE, "%s.%s.pcap" % (parent, vantage)))
        rst.time = Decimal(syn.time) - Decimal("0.000020")
        wrpcap(os.path.join(HERE, "%s.%s.pcap" % (child, vantage)), [rst, syn], linktype=1)
    copy_expect(parent, child, "the RST/ACK stamped 20 us before its SYN")


def copy_expect(parent, child, how):
    with open(os.path.join(HERE, parent + ".expect")) as src, \
            open(os.path.join(HERE, child + ".expect"), "w") as dst:
        for n, line in enumerate(src):
            if n:
                line = line.rstrip("\n") + "; derived: " + how + "\n"
            dst.write(line)


def clock_step_back(parent, child, after_frame, step):
    for vantage in ("client", "server"):
        frames = rdpcap(os.path.join(HERE, "%s.%s.pcap" % (parent, vantage)))
        for f in frames[after_frame:]:
            f.time = Decimal(f.time) - step
        wrpcap(os.path.join(HERE, "%s.%s.pcap" % (child, vantage)), frames, linktype=1)
    copy_expect(parent, child, "the capturing clock stepped back 2 s after the client's FIN")


if __name__ == "__main__":
    rst_first("refused_v4", "refused_rst_first_v4")
    print("wrote refused_rst_first_v4.{client,server}.pcap, .expect")
    # Frame 6 is the client's FIN at both vantages of half_close_v4.
    clock_step_back("half_close_v4", "clock_step_back_v4", 6, Decimal(2))
    print("wrote clock_step_back_v4.{client,server}.pcap, .expect")
