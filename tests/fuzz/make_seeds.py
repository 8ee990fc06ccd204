#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Writes the hand-made fuzz inputs into corpus/: seeds, and the reproducers of the fuzzer's fixed findings.
"""Encodes readable segment lists into fuzz_engine.c's input format.

The format is documented at the top of fuzz_engine.c; this file mirrors it so
that a seed reads like a capture. Seeds use the "protocol" modes (seq/ack
computed from what each side sent) wherever they can, so the fuzzer starts
from realistic handshakes and closes and mutates outwards.

Usage: make_seeds.py [--corpus DIR] [--crashes DIR]
"""
import argparse
import os
import struct

# Flag kinds: index into fuzz_engine.c's flag_table.
KIND = {
    "ACK": 0, "PSHACK": 1, "FINACK": 2, "SYN": 3, "SYNACK": 4, "RST": 5,
    "RSTACK": 6, "FIN": 7, "FINPSHACK": 8, "SYNFIN": 11, "SYNRSTACK": 12,
}
CONTROL = 15
CLIENT, SERVER = 0, 1  # sides; the seeds let side 0 open


class Capture:
    """One fuzz input: a header, then segment and control records."""

    def __init__(self, time_wait=0, close_wait=0, tiny_clock=False, isn_class=0):
        cfg = (time_wait & 7) | ((close_wait & 7) << 3) | (0x40 if tiny_clock else 0)
        self.b = bytearray([cfg, isn_class & 0xFF])

    def seg(self, side, kind, slot=0, seq="p", ack="p", length=0, step=("us", 99),
            window=None, wscale=None, ttl=None, ports=None, injected=False):
        """seq/ack: "p" (protocol), ("d", delta), ("raw", value), and for seq
        "again" (the side's last segment), for ack "stale" (its last ACK).
        step: ("us", n) adds n+1 us, "same", ("big", v) adds v*v*10 ms,
        ("back", n) goes back n ms."""
        ext = 0
        tail = bytearray()
        if window is not None:
            ext |= 0x01
            tail += struct.pack(">H", window)
        if wscale is not None:
            ext |= 0x02
            tail += struct.pack(">b", wscale)
        if ttl is not None:
            if ttl == "unknown":
                ext |= 0x08
            else:
                ext |= 0x04
                tail += bytes([ttl])
        if ports == "swapped":
            ext |= 0x10
        elif ports == "equal":
            ext |= 0x20
        elif ports is not None:
            ext |= 0x30
            tail += struct.pack(">HH", *ports)
        if injected:
            ext |= 0x40

        b0 = (slot & 3) | ((side & 1) << 2) | (KIND[kind] << 3) | (0x80 if ext else 0)
        body = bytearray()
        # Read order in decode_segment: flags, length, seq, ack, time, ext.
        if length == 0:
            len_mode = 0
        elif length < 0x100:
            len_mode, body = 1, body + bytes([length])
        elif length < 0x10000:
            len_mode, body = 2, body + struct.pack(">H", length)
        else:
            len_mode, body = 3, body + struct.pack(">I", length)
        if seq == "p":
            seq_mode = 0
        elif seq == "again":
            seq_mode = 3
        elif seq[0] == "d":
            seq_mode, body = 1, body + struct.pack(">b", seq[1])
        else:
            seq_mode, body = 2, body + struct.pack(">I", seq[1])
        if ack == "p":
            ack_mode = 0
        elif ack == "stale":
            ack_mode = 3
        elif ack[0] == "d":
            ack_mode, body = 1, body + struct.pack(">b", ack[1])
        else:
            ack_mode, body = 2, body + struct.pack(">I", ack[1])
        if step == "same":
            time_mode = 1
        elif step[0] == "us":
            time_mode, body = 0, body + bytes([step[1]])
        elif step[0] == "big":
            time_mode, body = 2, body + bytes([step[1]])
        else:
            time_mode, body = 3, body + bytes([step[1]])
        b1 = seq_mode | (ack_mode << 2) | (len_mode << 4) | (time_mode << 6)
        self.b += bytes([b0, b1]) + body
        if ext:
            self.b += bytes([ext]) + tail
        return self

    def control(self, slot, op, arg=0, extra=b""):
        self.b += bytes([(slot & 3) | (CONTROL << 3), (op & 3) | ((arg & 0x3F) << 2)]) + extra
        return self

    def new_conversation(self, slot=0, isn_above=True):
        """A new tcp.stream on the slot's 4-tuple; ISNs above the old ones or below."""
        cls = 0 if isn_above else 0b0101
        return self.control(slot, 0, cls)

    def summary(self, slot=0, pick=0):
        return self.control(slot, 1, pick)

    def repeat(self, slot, times):
        return self.control(slot, 2, 0, bytes([times - 1]))

    def silence(self, slot, log2_ns):
        return self.control(slot, 3, 0, bytes([log2_ns]))

    # Building blocks -------------------------------------------------------

    def handshake(self, slot=0):
        return (self.seg(CLIENT, "SYN", slot, ack=("raw", 0))
                .seg(SERVER, "SYNACK", slot, step=("us", 199))
                .seg(CLIENT, "ACK", slot, step=("us", 199)))

    def exchange(self, slot=0, request=120, reply=1400):
        return (self.seg(CLIENT, "PSHACK", slot, length=request)
                .seg(SERVER, "ACK", slot)
                .seg(SERVER, "PSHACK", slot, length=reply)
                .seg(CLIENT, "ACK", slot))

    def graceful_close(self, slot=0, closer=CLIENT):
        other = closer ^ 1
        return (self.seg(closer, "FINACK", slot)
                .seg(other, "ACK", slot)
                .seg(other, "FINACK", slot)
                .seg(closer, "ACK", slot))


def seeds():
    s = {}
    s["graceful"] = (Capture().handshake().exchange().graceful_close()
                     .seg(CLIENT, "ACK", step=("big", 90)).summary(pick=2).b)
    s["graceful-server-first"] = Capture().handshake().exchange().graceful_close(closer=SERVER).b
    s["fin-ack-piggyback"] = (Capture().handshake().exchange()
                              .seg(CLIENT, "FINACK").seg(SERVER, "FINACK").seg(CLIENT, "ACK").b)
    s["rst-abort"] = (Capture().handshake().exchange()
                      .seg(SERVER, "PSHACK", length=200).seg(CLIENT, "RSTACK").b)
    s["rst-after-fin"] = (Capture().handshake().exchange()
                          .seg(CLIENT, "FINACK").seg(SERVER, "PSHACK", length=300)
                          .seg(CLIENT, "RST").b)
    s["refused"] = Capture().seg(CLIENT, "SYN", ack=("raw", 0)).seg(SERVER, "RSTACK").b
    s["unanswered"] = (Capture().seg(CLIENT, "SYN", ack=("raw", 0))
                       .seg(CLIENT, "SYN", seq="again", ack=("raw", 0), step=("big", 10))
                       .seg(CLIENT, "SYN", seq="again", ack=("raw", 0), step=("big", 14)).b)
    # Both FINs cross: each ACKs only what it had before its own FIN left.
    s["simultaneous"] = (Capture().handshake().exchange()
                         .seg(CLIENT, "FINACK").seg(SERVER, "FINACK", ack="stale", step="same")
                         .seg(CLIENT, "ACK").seg(SERVER, "ACK").b)
    # Sequence numbers run through 2^32 on both sides during data and close.
    s["wrap"] = (Capture(isn_class=0b0101).handshake().exchange(request=100, reply=300)
                 .graceful_close().b)
    s["wrap-sign-flip"] = (Capture(isn_class=0b1010).handshake().exchange(request=64, reply=64)
                           .graceful_close(closer=SERVER).b)
    s["half-close"] = (Capture().handshake()
                       .seg(CLIENT, "FINACK").seg(SERVER, "ACK")
                       .seg(SERVER, "PSHACK", length=1000).seg(CLIENT, "ACK")
                       .seg(SERVER, "PSHACK", length=1000).seg(CLIENT, "ACK")
                       .seg(SERVER, "FINACK").seg(CLIENT, "ACK").b)
    s["close-wait-stuck"] = (Capture().handshake().exchange()
                             .seg(CLIENT, "FINACK").seg(SERVER, "ACK")
                             .seg(SERVER, "ACK", step=("big", 40)).b)
    # The server's ACK of the client's FIN is lost: the FIN comes again.
    s["fin-retransmission"] = (Capture().handshake().exchange()
                               .seg(CLIENT, "FINACK").seg(SERVER, "ACK")
                               .seg(CLIENT, "FINACK", seq="again", ack="stale", step=("big", 5))
                               .seg(SERVER, "ACK").seg(SERVER, "FINACK").seg(CLIENT, "ACK").b)
    # The final ACK is lost: the FIN comes again to the TIME_WAIT holder.
    s["time-wait-fin-retransmission"] = (Capture().handshake().graceful_close()
                                         .seg(SERVER, "FINACK", seq="again", step=("big", 5))
                                         .seg(CLIENT, "ACK").b)
    s["time-wait-rst"] = (Capture().handshake().graceful_close()
                          .seg(SERVER, "RST", seq=("d", 0), step=("big", 3)).b)
    s["time-wait-reuse"] = (Capture().handshake().graceful_close()
                            .new_conversation(isn_above=True)
                            .seg(CLIENT, "SYN", ack=("raw", 0), step=("big", 20))
                            .seg(SERVER, "SYNACK").seg(CLIENT, "ACK").b)
    s["time-wait-reuse-isn-below"] = (Capture().handshake().graceful_close()
                                      .new_conversation(isn_above=False)
                                      .seg(CLIENT, "SYN", ack=("raw", 0), step=("big", 20)).b)
    s["midstream"] = (Capture().seg(SERVER, "PSHACK", length=500).seg(CLIENT, "ACK")
                      .graceful_close(closer=SERVER).b)
    s["synack-only"] = (Capture().seg(SERVER, "SYNACK").seg(CLIENT, "ACK")
                        .seg(SERVER, "FINACK").seg(CLIENT, "FINACK").seg(SERVER, "ACK").b)
    # A forged RST: the right sequence number, the wrong TTL.
    s["rst-middlebox"] = (Capture().handshake().exchange()
                          .seg(SERVER, "RSTACK", ttl=250).seg(CLIENT, "PSHACK", length=10,
                                                              step=("big", 2)).b)
    s["rst-out-of-window"] = (Capture().handshake().exchange()
                              .seg(SERVER, "RST", seq=("raw", 0x40000000), window=10).b)
    # An RST inside the window but 100 bytes past RCV.NXT: refused with a
    # challenge ACK in ESTABLISHED (slot 0), taken in FIN_WAIT_2 (slot 1).
    s["rst-in-window"] = (Capture().handshake(0).handshake(1)
                          .seg(SERVER, "RST", 0, seq=("d", 100))
                          .seg(CLIENT, "FINACK", 1).seg(SERVER, "ACK", 1)
                          .seg(SERVER, "RST", 1, seq=("d", 100)).b)
    # FIN_WAIT_2 takes an RST anywhere in its window, right edge included
    # (tcp_in_window): the client offered no scaling and a window of 100, so
    # 100 past RCV.NXT is taken (slot 0) and 101 refused (slot 1).
    edge = Capture()
    for slot, delta in ((0, 100), (1, 101)):
        edge.seg(CLIENT, "SYN", slot, ack=("raw", 0), wscale=0).seg(SERVER, "SYNACK", slot).seg(CLIENT, "ACK", slot)
        edge.seg(CLIENT, "FINACK", slot, window=100).seg(SERVER, "ACK", slot)
        edge.seg(SERVER, "RST", slot, seq=("d", delta))
    s["rst-window-edge"] = edge.b
    # SYN copies 1.96 s apart: the next is due 3.92 s later and counts as
    # missed only past 4.9 s, so a capture ending 4 s after is no give-up.
    s["syn-retry-not-yet-given-up"] = (Capture().seg(CLIENT, "SYN", ack=("raw", 0))
                                       .seg(CLIENT, "SYN", seq="again", ack=("raw", 0), step=("big", 14))
                                       .summary(pick=2).b + bytes([4]))
    s["data-after-fin"] = (Capture().handshake()
                           .seg(CLIENT, "FINACK").seg(CLIENT, "PSHACK", seq=("d", 0), length=50)
                           .seg(SERVER, "ACK").b)
    # Four conversations at once, closing in different ways.
    multi = Capture(isn_class=0b11100100)
    for slot in range(4):
        multi.handshake(slot)
    multi.graceful_close(0).seg(SERVER, "RSTACK", slot=1).graceful_close(2, closer=SERVER)
    multi.seg(CLIENT, "FINACK", slot=3).seg(SERVER, "ACK", slot=3, step=("back", 5))
    for slot in range(4):
        multi.summary(slot, pick=3)
    s["four-conversations"] = multi.b
    return s


def regressions():
    """Inputs of the fuzzer's findings, fixed in the engine and kept in the corpus."""
    c = {}
    # The client's FIN is ACKed, that ACK is lost, the server's FIN+ACK (which
    # also ACKs the client's FIN) crosses the client's FIN retransmission, and
    # the client ACKs the server's FIN. The client has both the ACK of its FIN
    # and the server's FIN: it is in TIME_WAIT. The engine says CLOSING.
    c["strict-fin-ack-chain"] = (Capture().handshake().exchange()
                                 .seg(CLIENT, "FINACK")
                                 .seg(SERVER, "ACK")
                                 .seg(SERVER, "FINACK")
                                 .seg(CLIENT, "FINACK", seq="again", ack="stale", step=("big", 4))
                                 .seg(CLIENT, "ACK").b)
    # A FIN sent 65537 times: the uint16 counter used to wrap to 0 and report
    # "resent 0 times"; it now stops at its maximum (TD_FUZZ_STRICT=1 replays
    # the whole storm).
    wrap = Capture().handshake().seg(CLIENT, "FINACK").seg(CLIENT, "FINACK", seq="again")
    wrap.control(0, 2, 0x3F, bytes([0xFF]))
    c["regression-fin-retransmissions-wrap"] = wrap.b
    return c


def write_all(directory, files):
    os.makedirs(directory, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(bytes(data))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=os.path.join(here, "corpus"))
    args = ap.parse_args()
    # Seeds keep a "seed-" prefix so run-fuzz.sh can tell them from merged inputs.
    write_all(args.corpus, {"seed-" + k: v for k, v in seeds().items()})
    write_all(args.corpus, regressions())


if __name__ == "__main__":
    main()
