#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the crafted captures: TCP closes a real kernel will not produce on
demand (each with its truth table, NAME.expect) and the malformed or odd
captures of robustness/ that the plugin must merely survive.

Run with Debian's python3-scapy: /usr/bin/python3 tests/crafted/make_crafted.py
Everything is fixed (ISNs, IP IDs, timestamps, the garbage generator's seed),
so running it again rewrites byte-identical files."""

import argparse
import logging
import os
import random
import struct
import sys
from decimal import Decimal

# Raw frames (garbage, cut frames) make scapy warn of mixed link types; the
# file is written as Ethernet on purpose.
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import (ARP, DNS, DNSQR, DNSRR, ICMP, IP, TCP, UDP, Ether, IPv6, IPv6ExtHdrFragment, Raw,
                       conf, fragment, wrpcap)

HERE = os.path.dirname(os.path.abspath(__file__))
ROBUST = os.path.join(HERE, "robustness")

CLIENT4, SERVER4 = "192.0.2.10", "198.51.100.20"
CLIENT6, SERVER6 = "2001:db8::10", "2001:db8::20"
# The capture host's NIC and its gateway: locally administered, so no vendor.
CLIENT_MAC, GATEWAY_MAC = "02:00:5e:00:00:0a", "02:00:5e:00:00:01"
# 2023-11-14 22:13:20 UTC: any fixed instant does, so that reruns are identical.
EPOCH_US = 1_700_000_000 * 1_000_000
HEADER = "stream\tclient\tserver\tclient_final\tserver_final\tnote\n"

GET = (b"GET /index.html HTTP/1.1\r\nHost: www.example.com\r\n"
       b"User-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n")


def response(body_len):
    """An HTTP response of a known total size, so sequence arithmetic is exact."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %05d\r\n\r\n"
    body_len -= len(head % 0)
    return head % body_len + b"x" * body_len


def post(total_len):
    head = b"POST /upload HTTP/1.1\r\nHost: www.example.com\r\nContent-Length: %05d\r\n\r\n"
    body_len = total_len - len(head % 0)
    return head % body_len + b"y" * body_len


class Conn:
    """One TCP connection as one capture point sees it. Keeps both ends'
    sequence numbers, IP IDs and TCP timestamps, so that a scenario reads as
    the list of segments it is about; anything it does not override is what a
    Linux peer would put there. Times are microseconds since EPOCH_US."""

    def __init__(self, start_s, cport, sport, cisn, sisn, v6=False, cttl=64, sttl=63):
        self.t = int(start_s * 1_000_000)
        self.v6 = v6
        self.addr = {"c": CLIENT6 if v6 else CLIENT4, "s": SERVER6 if v6 else SERVER4}
        self.port = {"c": cport, "s": sport}
        self.ttl = {"c": cttl, "s": sttl}
        self.nxt = {"c": cisn, "s": sisn}      # each end's SND.NXT
        self.rcv = {"c": 0, "s": 0}            # each end's RCV.NXT, i.e. its ACK field
        self.ipid = {"c": 0x3a10 + cport % 997, "s": 0x7c20 + cport % 991}
        self.ts_base = {"c": 1_234_567, "s": 3_456_789}
        self.ts_recent = {"c": 0, "s": 0}      # the peer's last TSval each end saw
        self.atomic_fragments = ""             # ends ("c", "s") putting a Fragment header on IPv6
        self.frames = []

    def tsval(self, who):
        return self.ts_base[who] + self.t // 1000

    def seg(self, who, flags, data=b"", dt=0, seq=None, ack=None, ttl=None, ipid=None,
            window=None, advance=True, deliver=True, ts=True):
        """Appends one segment sent by `who` ('c' or 's'), captured `dt` us
        after the previous one. advance=False: not part of the sender's own
        sequence space (a forged or duplicated segment). deliver=False: the
        receiver never takes it in, so its ACKs do not move."""
        self.t += dt
        peer = "s" if who == "c" else "c"
        syn, fin = "S" in flags, "F" in flags
        if seq is None:
            seq = self.nxt[who]
        if ack is None:
            ack = self.rcv[who] if "A" in flags else 0
        if window is None:
            window = (64240 if who == "c" else (64800 if self.v6 else 65160)) if syn else \
                     (502 if who == "c" else 509)
        if "R" in flags:
            opts, window = [], 0
        elif syn:
            opts = [("MSS", 1440 if self.v6 else 1460), ("SAckOK", b""),
                    ("Timestamp", (self.tsval(who), self.ts_recent[who])), ("NOP", None), ("WScale", 7)]
        elif ts:
            opts = [("NOP", None), ("NOP", None), ("Timestamp", (self.tsval(who), self.ts_recent[who]))]
        else:
            opts = []
        tcp = TCP(sport=self.port[who], dport=self.port[peer], flags=flags, seq=seq & 0xFFFFFFFF,
                  ack=ack & 0xFFFFFFFF, window=window, options=opts)
        ttl = self.ttl[who] if ttl is None else ttl
        if self.v6:
            ip = IPv6(src=self.addr[who], dst=self.addr[peer], hlim=ttl)
            if who in self.atomic_fragments:
                ip = ip / IPv6ExtHdrFragment(id=self.ipid[who], offset=0, m=0)
                self.ipid[who] += 1
        else:
            if ipid is None:
                ipid = self.ipid[who]
                self.ipid[who] = (self.ipid[who] + 1) & 0xFFFF
            ip = IP(src=self.addr[who], dst=self.addr[peer], ttl=ttl, id=ipid, flags="DF")
        mac = (CLIENT_MAC, GATEWAY_MAC) if who == "c" else (GATEWAY_MAC, CLIENT_MAC)
        pkt = Ether(src=mac[0], dst=mac[1]) / ip / tcp
        if data:
            pkt = pkt / Raw(data)
        pkt = pkt.__class__(bytes(pkt))       # checksums and lengths filled in now
        pkt.time = Decimal(EPOCH_US + self.t) / Decimal(1_000_000)
        self.frames.append(pkt)
        end = (seq + len(data) + syn + fin) & 0xFFFFFFFF
        if advance:
            self.nxt[who] = end
        if deliver and "R" not in flags:
            if syn or seq == self.rcv[peer]:
                self.rcv[peer] = end
            if opts and ts:
                self.ts_recent[peer] = self.tsval(who)
        return pkt

    def handshake(self, rtt=1000):
        self.seg("c", "S")
        self.seg("s", "SA", dt=rtt)
        self.seg("c", "A", dt=60)

    def endpoint(self, who):
        if self.v6:
            return "[%s]:%d" % (self.addr[who], self.port[who])
        return "%s:%d" % (self.addr[who], self.port[who])


def graceful_client_close(c):
    """Client FIN, server ACK, server FIN, client's final ACK: client TIME_WAIT."""
    c.seg("c", "FA", dt=5000)
    c.seg("s", "A", dt=1000)
    c.seg("s", "FA", dt=200)
    c.seg("c", "A", dt=40)


# ---- crafted scenarios ------------------------------------------------------
# Each returns (connections, [(client_final, server_final, note)] per stream).

def rst_out_of_window():
    c = Conn(10, 40101, 80, 0x1F3A2B01, 0x6B2C9D02)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "PA", response(300), dt=1000)
    c.seg("c", "A", dt=40)
    # Blind injection: the attacker guessed the 4-tuple, not the sequence
    # number. It copies the server's TTL (a careful attacker can).
    c.seg("s", "R", dt=20000, seq=c.nxt["s"] + 1_000_000_000, ttl=63, ipid=0x1d5e, advance=False, deliver=False)
    c.seg("c", "PA", GET, dt=30000)
    c.seg("s", "PA", response(300), dt=1000)
    c.seg("c", "A", dt=40)
    graceful_client_close(c)
    return [c], [("TIME_WAIT", "CLOSED",
                  "crafted: a blind RST injection (sequence number 10^9 beyond the server's) that the "
                  "client's stack ignores; the connection carries on and closes gracefully")]


def rst_middlebox_ttl():
    c = Conn(20, 40202, 80, 0x2A000001, 0x5B000002, sttl=52)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "PA", response(400), dt=1000)
    c.seg("c", "A", dt=40)
    c.seg("c", "PA", GET.replace(b"/index.html", b"/admin/../../etc/passwd"), dt=2_000_000)
    # An IPS three hops away blocks the request: a reset on the server's
    # behalf, with its exact next sequence number but the firewall's own TTL.
    c.seg("s", "RA", dt=300, ttl=61, ipid=0, advance=False, deliver=False)
    return [c], [("CLOSED", "ESTABLISHED",
                  "crafted: an IPS between client and server blocks a request and resets the client on the "
                  "server's behalf (TTL 61 where the server's packets arrive with 52); the server never "
                  "saw the request nor the reset")]


def rst_in_time_wait():
    c = Conn(30, 40303, 80, 0x3C000001, 0x4D000002)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    old = c.seg("s", "PA", response(500), dt=1000)
    c.seg("c", "A", dt=40)
    graceful_client_close(c)
    # RFC 1337: an old duplicate of the server's data reaches the client in
    # TIME_WAIT; the client re-ACKs, the server (no socket any more) answers
    # RST with seq = that ACK, exactly what the client expects: TIME_WAIT dies.
    dup = old.copy()
    c.t += 25000
    dup.time = Decimal(EPOCH_US + c.t) / Decimal(1_000_000)
    c.frames.append(dup)
    c.seg("c", "A", dt=40)
    c.seg("s", "R", dt=1000, seq=c.rcv["c"], advance=False)
    return [c], [("CLOSED", "CLOSED",
                  "crafted: TIME-WAIT assassination (RFC 1337): a delayed duplicate of the server's data "
                  "reaches the client in TIME_WAIT, the client's ACK meets a closed server, whose RST "
                  "(acceptable sequence number) ends the client's TIME_WAIT early, as Linux does with "
                  "tcp_rfc1337=0")]


def fin_with_data_then_more_data():
    c = Conn(40, 40404, 80, 0x4E000001, 0x5F000002)
    c.handshake()
    c.seg("c", "FPA", GET, dt=100)
    c.seg("s", "A", dt=1000)
    c.seg("s", "PA", response(600), dt=500)
    c.seg("c", "A", dt=40)
    # New data beyond the FIN: a broken stack or a rewriting middlebox. The
    # server, in CLOSE_WAIT, drops it unacknowledged (Linux does).
    late = b"X-Late-Header: sent after FIN\r\n\r\n"
    c.seg("c", "PA", late + b"z" * (50 - len(late)), dt=10000, deliver=False)
    c.seg("s", "FA", dt=1000)
    c.seg("c", "A", dt=40)
    return [c], [("TIME_WAIT", "CLOSED",
                  "crafted: a client stack (or a middlebox rewriting its stream) sends its request with FIN, "
                  "then 50 more bytes past the FIN, which the server drops; otherwise a graceful close")]


def seq_wrap_close():
    # Client data runs across 2^32 and its FIN sits after the wrap; the server's
    # response ends at 2^32 - 1, so its FIN is 0xFFFFFFFF and the ACK of it is 0.
    c = Conn(50, 40505, 80, 0xFFFFFF00, 0xFFFFFFFF - 1 - 1000)
    c.handshake()
    c.seg("c", "PA", post(400), dt=100)
    c.seg("s", "A", dt=1000)
    c.seg("s", "PA", response(1000), dt=300)
    c.seg("c", "A", dt=40)
    assert c.nxt["s"] == 0xFFFFFFFF and c.nxt["c"] == 0x91
    graceful_client_close(c)
    assert c.rcv["c"] == 0
    return [c], [("TIME_WAIT", "CLOSED",
                  "crafted: a graceful client-first close whose sequence numbers wrap: client data "
                  "crosses 2^32 (FIN at 0x91), the server's FIN is at 0xFFFFFFFF and is acknowledged "
                  "with ACK 0")]


def duplicate_reordered_fin_ack():
    c = Conn(60, 40606, 80, 0x60000001, 0x70000002)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "PA", response(500), dt=1000)
    c.seg("c", "A", dt=40)
    c.seg("c", "FA", dt=5000)
    c.seg("s", "A", dt=1000)
    fin = c.seg("s", "FA", dt=200)
    c.seg("c", "A", dt=40)
    # A link before the capture point duplicated the server's FIN and delayed
    # the copy: same bytes, same IP ID, 0.3 ms after the client's final ACK,
    # far sooner than any retransmission timer. The client in TIME_WAIT re-ACKs.
    dup = fin.copy()
    c.t += 300
    dup.time = Decimal(EPOCH_US + c.t) / Decimal(1_000_000)
    c.frames.append(dup)
    c.seg("c", "A", dt=40)
    return [c], [("TIME_WAIT", "CLOSED",
                  "crafted: the network duplicates the server's FIN and the copy arrives after the client's "
                  "final ACK (same IP ID, 0.3 ms later: not a retransmission); the ACK was not lost, the "
                  "server closed")]


def syn_then_fin_no_synack():
    # Seen at the server's site: the prober is 14 hops away.
    c = Conn(70, 40707, 80, 0x71000001, 0, cttl=50)
    c.seg("c", "S", ts=False)
    c.seg("c", "F", dt=100000, ts=False)
    return [c], [("FIN_WAIT_1", "CLOSED",
                  "crafted: a scanner's SYN followed by a FIN probe to a filtered port; the server never "
                  "answers (Zeek SH)")]


def synack_only_then_rst():
    # Asymmetric routing: the capture carries only the server-to-client direction.
    c = Conn(80, 40808, 443, 0x81000001, 0x82000002)
    c.rcv["s"] = c.nxt["c"] + 1                # the uncaptured SYN
    c.seg("s", "SA")
    # The server's kernel had the handshake's ACK (not captured), then its
    # listener closed before accept(): the queued connection is reset.
    c.seg("s", "RA", dt=1500)
    return [c], [("CLOSED", "CLOSED",
                  "crafted: asymmetric routing shows only the server's direction: its SYN/ACK, then the "
                  "RST/ACK its kernel sends when the listener is closed with the connection still in the "
                  "accept queue (Zeek RSTRH)")]


def syn_then_rst_no_answer():
    # A SYN scan on a path that carries only the scanner's direction: the
    # SYN/ACK took another route; the scanner's kernel, having no socket,
    # answers it with a bare RST at ISN+1.
    c = Conn(90, 40909, 443, 0x91000001, 0, cttl=60)
    c.seg("c", "S", ts=False)
    c.seg("c", "R", dt=1200)
    return [c], [("CLOSED", "CLOSED",
                  "crafted: a half-open (SYN) port scan seen where only the scanner's packets pass: its "
                  "SYN, then its kernel's RST to the uncaptured SYN/ACK (Zeek RSTOS0)")]


def syn_unanswered():
    c = Conn(100, 41010, 443, 0xA1000001, 0)
    c.seg("c", "S")
    # Linux retransmits the SYN after 1 s, then 2 s later, with the same ISN.
    for gap in (1_000_000, 2_000_000):
        c.seg("c", "S", dt=gap, seq=0xA1000001, advance=False)
    return [c], [("SYN_SENT", "CLOSED",
                  "crafted: connect() to a host behind a firewall that silently drops the SYN; the SYN "
                  "is retransmitted twice before the capture ends (Zeek S0)")]


def ipv6_rst_data_loss():
    c = Conn(110, 41111, 80, 0xB1000001, 0xB2000002, v6=True)
    c.handshake()
    body = post(3000)
    segs = [body[i:i + 1000] for i in range(0, 3000, 1000)]
    first = c.nxt["c"]
    for i, chunk in enumerate(segs):
        c.seg("c", "PA" if i == 2 else "A", chunk, dt=100 if i == 0 else 10, deliver=False)
    # Nothing comes back: retransmission timeouts (RTO 200 ms, then doubled).
    for gap in (204_000, 408_000):
        c.seg("c", "A", segs[0], dt=gap, seq=first, advance=False, deliver=False)
    # The application gives up and aborts (SO_LINGER {1,0}): RST at SND.NXT.
    c.seg("c", "RA", dt=600_000)
    return [c], [("CLOSED", "CLOSED",
                  "crafted: an IPv6 upload to a server that has gone dark: 3000 bytes never acknowledged, "
                  "retransmitted, then the client application aborts with SO_LINGER 0 (RST); the RST's "
                  "sequence number is in the server's window, so it counts as received")]




# ---- captures from other stacks and capture points (issue 11) ---------------
# Patterns Linux-to-Linux captures never show, each written as the situation
# it stands for. WILD_EXPECTED_FAILING in tests/pcap/expectations_crafted.py
# lists the ones whose fix is still to come.

def rst_before_syn():
    # A capture point that timestamps each direction on its own (a TAP whose
    # two directions land on two NIC queues, or two interfaces merged): the
    # refusing RST/ACK gets a stamp 40 us earlier than the SYN it answers.
    # The service listens on a Windows dynamic RPC port, above the client's
    # ephemeral port, so a lower-port guess would swap the roles.
    c = Conn(200, 40201, 49667, 0x11000001, 0)
    c.seg("c", "S")
    syn = c.frames.pop()
    c.seg("s", "RA", seq=0, advance=False)
    syn.time = c.frames[-1].time + Decimal("0.000040")
    c.frames.append(syn)
    return [c], [("CLOSED", "CLOSED",
                  "crafted: connect() to a closed Windows dynamic RPC port, seen by a capture point that "
                  "stamped the RST/ACK 40 us before the SYN it answers (seq 0, ack ISN+1)")]


def ack_before_fin_same_time():
    # A capture with coarse timestamps (a switch's mirror port feeding a
    # capture card that stamps per batch). The server closes first; its final
    # ACK of the client's FIN lands in the file just before that FIN, both
    # with the same stamp, and the server (in TIME_WAIT) sends nothing more.
    c = Conn(210, 40211, 80, 0x21000001, 0x22000002)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "PA", response(400), dt=1000)
    c.seg("s", "FA", dt=10)
    c.seg("c", "A", dt=40)
    c.seg("c", "FA", dt=200)
    fin = c.frames.pop()
    c.seg("s", "A")
    c.frames.append(fin)
    return [c], [("CLOSED", "TIME_WAIT",
                  "crafted: a graceful server-first close whose final ACK (server's, of the client's FIN) "
                  "is written just before that FIN with the same timestamp (batch-stamping capture card)")]


def fin_acked_by_rst():
    # A server that aborts when it reads EOF (an HTTP server or load balancer
    # closing with SO_LINGER {1,0}): its RST/ACK, ack = the client's FIN + 1,
    # is the only acknowledgement of that FIN.
    c = Conn(220, 40221, 80, 0x31000001, 0x32000002)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "PA", response(400), dt=1000)
    c.seg("c", "A", dt=40)
    c.seg("c", "FA", dt=5000)
    c.seg("s", "RA", dt=300)
    return [c], [("CLOSED", "CLOSED",
                  "crafted: the client closes, the server aborts on EOF (SO_LINGER 0): its RST/ACK "
                  "acknowledges the client's FIN, which therefore arrived")]


def ack_crossing_rst():
    # Captured beside the server (handshake RTT 1 ms). Both sides close at
    # once; the server ACKs the client's FIN, then its application closes
    # with SO_LINGER {1,0} (HAProxy's "option nolinger"): RST. The client's
    # ACK of the server's FIN was already on its way and arrives 1.1 ms after
    # the RST: it crossed the RST. The client never sends again (140 s).
    c = Conn(230, 40231, 80, 0x41000001, 0x42000002)
    c.seg("c", "S")
    c.seg("s", "SA", dt=30)
    c.seg("c", "A", dt=1000)
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "PA", response(400), dt=50)
    c.seg("c", "A", dt=1000)
    c.seg("s", "FA", dt=5000, deliver=False)
    c.seg("c", "FA", dt=150)
    c.rcv["c"] = c.nxt["s"]
    c.seg("s", "A", dt=30)
    c.seg("s", "RA", dt=300)
    c.seg("c", "A", dt=1100)
    # The same client 140 s later to a closed port: only the capture's clock.
    d = Conn(230 + 140, 40232, 81, 0x43000001, 0)
    d.seg("c", "S")
    d.seg("s", "RA", dt=200, seq=0, advance=False)
    return [c, d], [("CLOSED", "CLOSED",
                     "crafted: simultaneous close, the server resets (SO_LINGER 0) after ACKing the client's "
                     "FIN; the client's ACK of the server FIN crosses the RST (1.1 ms after it, RTT 1 ms) and "
                     "the client is silent for 140 s"),
                    ("CLOSED", "CLOSED", "crafted: a refused connect() 140 s later, so the capture goes on")]


def syn_retried_after_refusal():
    # A Windows client takes an RST to its SYN as a soft error and sends the
    # same SYN again twice, 0.5 s apart, before connect() fails. Stream 0: every
    # SYN refused. Stream 1: the capture was stopped before the answer to the
    # last retry.
    conns, finals = [], []
    for i, last_answered in enumerate((True, False)):
        c = Conn(240 + i, 40241 + i, 8080, 0x51000001 + i, 0, cttl=128)
        isn = c.nxt["c"]
        for n in range(3):
            c.seg("c", "S", dt=0 if n == 0 else 500_000, seq=isn, ts=False)
            if n < 2 or last_answered:
                c.seg("s", "RA", dt=300, seq=0, advance=False)
        conns.append(c)
    finals = [("CLOSED", "CLOSED", "crafted: a Windows client's SYN, refused, sent again twice, refused each time"),
              ("SYN_SENT", "CLOSED", "crafted: the same, the capture stopped before the answer to the last SYN")]
    return conns, finals


def synack_never_acked():
    # A SYN from a spoofed address (a SYN flood, or a scanner hiding behind
    # decoys): the server answers, nobody acknowledges; Linux resends the
    # SYN/ACK 5 times (1, 2, 4, 8, 16 s apart) and drops the request at 63 s.
    # An hour later another one, captured only for its first 2 s.
    conns = []
    for i, start in enumerate((250, 250 + 3600)):
        c = Conn(start, 40251 + i, 443, 0x61000001 + i, 0x62000002 + i)
        c.seg("c", "S")
        c.seg("s", "SA", dt=100)
        isn = c.nxt["s"] - 1
        for gap in ((1, 2, 4, 8, 16) if i == 0 else (1,)):
            c.seg("s", "SA", dt=gap * 1_000_000, seq=isn, advance=False)
        conns.append(c)
    return conns, [("CLOSED", "CLOSED",
                    "crafted: a spoofed SYN answered by a Linux server, SYN/ACK retried 5 times, request "
                    "dropped at 63 s; the capture goes on an hour (no socket left on either end)"),
                   ("SYN_SENT", "SYN_RECEIVED",
                    "crafted: the same an hour later, the capture ending 1 s after the first SYN/ACK retry")]


def timestamps_backwards():
    # The capturing host's clock is stepped back 2 s (NTP) during the close:
    # the server's reply after the client's FIN, and all that follows, carry
    # timestamps earlier than that FIN.
    c = Conn(260, 40261, 80, 0x71000001, 0x72000002)
    c.handshake()
    c.seg("c", "PA", post(300), dt=100)
    c.seg("c", "FA", dt=2000)
    c.seg("s", "A", dt=500)
    c.t -= 2_000_000
    c.seg("s", "PA", response(500), dt=100)
    c.seg("c", "A", dt=40)
    c.seg("s", "FA", dt=200)
    c.seg("c", "A", dt=40)
    return [c], [("TIME_WAIT", "CLOSED",
                  "crafted: a client half-close (upload, then shutdown) with the server's reply after the "
                  "FIN, captured while NTP stepped the capturing host's clock back 2 s")]


def ipv6_atomic_fragments():
    # A client that was once told "Packet Too Big" with an MTU below 1280
    # puts a Fragment header (offset 0, M=0: an atomic fragment, RFC 6946)
    # on every packet to that server, as RFC 2460 stacks did.
    c = Conn(270, 40271, 80, 0x81000001, 0x82000002, v6=True)
    c.atomic_fragments = "c"
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "PA", response(600), dt=1000)
    c.seg("c", "A", dt=40)
    graceful_client_close(c)
    return [c], [("TIME_WAIT", "CLOSED",
                  "crafted: a graceful client-first close over IPv6 where every client packet carries an "
                  "atomic Fragment header (RFC 6946)")]


def rpcap_tunnel():
    # Remote capture (rpcapd's protocol, TCP 2002):
    # the server streams captured frames to the client inside the TCP
    # connection. Wireshark dissects each carried frame, whose IP and TCP
    # headers then stand in pinfo's addresses and ports.
    c = Conn(280, 40281, 2002, 0x91000001, 0x92000002)
    c.handshake()
    hdr = lambda t, plen: struct.pack("!BBHI", 0, t, 0, plen)
    c.seg("c", "PA", hdr(3, 4) + b"eth0", dt=100)             # open request
    c.seg("s", "PA", hdr(128 + 3, 8) + struct.pack("!II", 1, 0), dt=500)  # open reply: Ethernet
    for n in range(2):
        inner = bytes(Ether(src="02:00:5e:00:01:01", dst="02:00:5e:00:01:02") /
                      IP(src="10.9.0.1", dst="10.9.0.2", id=n + 1) /
                      TCP(sport=51000, dport=22, flags="A", seq=0x1000 + 40 * n, ack=0x2000) / (b"k" * 40))
        body = struct.pack("!IIIII", 1_700_000_280, n, len(inner), len(inner), n + 1) + inner
        c.seg("s", "PA", hdr(7, len(body)) + body, dt=1000)
        c.seg("c", "A", dt=40)
    graceful_client_close(c)
    return [c], [("TIME_WAIT", "CLOSED",
                  "crafted: a remote-capture (rpcap) session on TCP 2002 carrying two captured frames of "
                  "another TCP connection, then a graceful client-first close")]


def rst_at_stale_ack():
    # An on-path injector (a censoring firewall) forges the server's RST with
    # the sequence number the client last acknowledged, but the server has
    # sent 300 more bytes since: Linux (RFC 5961) wants RCV.NXT exactly,
    # answers a challenge ACK and goes on; so does the connection.
    c = Conn(290, 40291, 80, 0xA1000001, 0xA2000002)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    stale = c.rcv["c"]
    c.seg("s", "PA", response(300), dt=1000)
    c.seg("s", "R", dt=30, seq=stale, ipid=0x5a5a, advance=False, deliver=False)
    c.seg("c", "A", dt=40)                                    # challenge ACK, at RCV.NXT
    c.seg("s", "PA", response(300), dt=1000)
    c.seg("c", "A", dt=40)
    graceful_client_close(c)
    return [c], [("TIME_WAIT", "CLOSED",
                  "crafted: an injected RST at the client's last ACK while the server had sent 300 bytes "
                  "more; the Linux client answers a challenge ACK and the connection carries on")]


def rst_in_window_not_exact():
    # A blind in-window RST (RFC 5961's attack): 3000 bytes past RCV.NXT,
    # inside the client's 64 KB window. Linux answers a challenge ACK and
    # keeps the connection, which carries on and closes gracefully.
    c = Conn(300, 40301, 80, 0xB1000001, 0xB2000002)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "PA", response(300), dt=1000)
    c.seg("c", "A", dt=40)
    c.seg("s", "R", dt=20000, seq=c.nxt["s"] + 3000, ipid=0x6b6b, advance=False, deliver=False)
    c.seg("c", "A", dt=30)                                    # challenge ACK
    c.seg("c", "PA", GET, dt=30000)
    c.seg("s", "PA", response(300), dt=1000)
    c.seg("c", "A", dt=40)
    graceful_client_close(c)
    return [c], [("TIME_WAIT", "CLOSED",
                  "crafted: a blind RST 3000 bytes inside the client's window; Linux (RFC 5961) answers a "
                  "challenge ACK and the connection carries on to a graceful close")]


def reused_tuple_syn_missed():
    # An HTTP/1.0 exchange: the server closes first and holds TIME_WAIT. Two
    # seconds later the client reuses its port; the new ISNs lie tens of
    # millions above the old ones (RFC 6191), so the server's TIME_WAIT takes
    # the SYN. The capture missed the new handshake (a busy capture drops
    # it): it sees the new request, numbered far past the old close, then an
    # ordinary close. That is a new connection, followed from the middle,
    # not new data after the old connection's FIN.
    c = Conn(80, 40808, 80, 0x58000001, 0x68000002)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "PA", response(300), dt=1000)
    c.seg("s", "FA", dt=10)
    c.seg("c", "A", dt=40)
    c.seg("c", "FA", dt=200)
    c.seg("s", "A", dt=1000)
    # The new connection: its SYN, SYN/ACK and ACK were not captured.
    c.t += 2_000_000
    for who, isn in (("c", 0x58000001 + 40_000_000), ("s", 0x68000002 + 70_000_000)):
        c.nxt[who] = isn + 1
        c.rcv["s" if who == "c" else "c"] = isn + 1
    c.seg("c", "PA", GET, dt=0)
    c.seg("s", "PA", response(300), dt=1000)
    c.seg("s", "FA", dt=10)
    c.seg("c", "A", dt=40)
    c.seg("c", "FA", dt=200)
    c.seg("s", "A", dt=1000)
    return [c], [("CLOSED", "TIME_WAIT",
                  "crafted: a 4-tuple reused two seconds after an HTTP/1.0 close (the server's TIME_WAIT "
                  "takes the SYN, RFC 6191) with the new handshake missing from the capture: the new "
                  "connection is followed mid-stream, and the old one closed gracefully")]


def time_wait_reuse_isn_below():
    # The server closed first and holds TIME_WAIT; half a second later the
    # client reuses the 4-tuple with an ISN below the old connection's
    # sequence space. RFC 6191 / Linux: the TIME_WAIT holder will not take
    # such a SYN (it answers with an ACK of the old connection, lost here),
    # so the new connection never starts: the reuse is a Warning.
    old = Conn(90, 40909, 80, 0x79000001, 0x89000002)
    old.handshake()
    old.seg("c", "PA", GET, dt=100)
    old.seg("s", "PA", response(300), dt=1000)
    old.seg("s", "FA", dt=10)
    old.seg("c", "A", dt=40)
    old.seg("c", "FA", dt=200)
    old.seg("s", "A", dt=1000)
    new = Conn(90.5, 40909, 80, 0x70000001, 0x99000002)
    new.seg("c", "S")
    return [old, new], [("CLOSED", "TIME_WAIT", "crafted: an HTTP/1.0 close, the server in TIME_WAIT"),
                        ("SYN_SENT", "CLOSED",
                         "crafted: the client reuses the 4-tuple with an ISN below the old sequence space; the "
                         "server's TIME_WAIT refuses the SYN (RFC 6191), the capture ends with it unanswered")]


WILD = [rst_before_syn, ack_before_fin_same_time, fin_acked_by_rst, ack_crossing_rst, syn_retried_after_refusal,
        synack_never_acked, timestamps_backwards, ipv6_atomic_fragments, rpcap_tunnel, rst_at_stale_ack,
        rst_in_window_not_exact, reused_tuple_syn_missed,
        time_wait_reuse_isn_below]


SCENARIOS = [rst_out_of_window, rst_middlebox_ttl, rst_in_time_wait, fin_with_data_then_more_data,
             seq_wrap_close, duplicate_reordered_fin_ack, syn_then_fin_no_synack, synack_only_then_rst,
             syn_then_rst_no_answer, syn_unanswered, ipv6_rst_data_loss] + WILD


def write_scenario(func, outdir):
    conns, finals = func()
    name = func.__name__
    # One connection is written as built, so that a clock stepping back stays so.
    frames = conns[0].frames if len(conns) == 1 else sorted((f for c in conns for f in c.frames),
                                                               key=lambda f: f.time)
    wrpcap(os.path.join(outdir, name + ".pcap"), frames, linktype=1)
    with open(os.path.join(outdir, name + ".expect"), "w") as fh:
        fh.write(HEADER)
        for stream, (c, (cf, sf, note)) in enumerate(zip(conns, finals)):
            fh.write("%d\t%s\t%s\t%s\t%s\t%s\n" % (stream, c.endpoint("c"), c.endpoint("s"), cf, sf, note))


# ---- robustness captures ---------------------------------------------------
# Frames the plugin must survive with sane output; check_robustness.py holds
# the plugin to them. Each returns the list of frames.

def stamp(frames, start_s, step_us=1000):
    for i, f in enumerate(frames):
        f.time = Decimal(EPOCH_US + int(start_s * 1_000_000) + i * step_us) / Decimal(1_000_000)
    return frames


def raw_frame(data, wirelen=None):
    """A frame written exactly as given, checksums and all."""
    f = conf.raw_layer(data)
    if wirelen is not None:
        f.wirelen = wirelen
    return f


def ip4_tcp_bytes(sport, dport, flags, seq, ack, payload=b"", src=CLIENT4, dst=SERVER4, ttl=64):
    return bytes(Ether(src=CLIENT_MAC, dst=GATEWAY_MAC) /
                 IP(src=src, dst=dst, ttl=ttl, flags="DF", id=0x1111) /
                 TCP(sport=sport, dport=dport, flags=flags, seq=seq, ack=ack, window=502) / payload)


def truncated_tcp_header():
    # A normal open connection, then a frame whose IP header says TCP but
    # whose IP total length leaves only 10 bytes of TCP header.
    c = Conn(1000, 42001, 80, 0xC1000001, 0xC2000002)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "A", dt=1000)
    full = ip4_tcp_bytes(42001, 80, "A", c.nxt["c"], c.rcv["c"])
    ip = IP(full[14:34])
    ip.len = 30
    del ip.chksum
    cut = raw_frame(full[:14] + bytes(ip)[:20] + full[34:44])
    cut.time = c.frames[-1].time + Decimal("0.0005")
    c.frames.append(cut)
    c.seg("s", "PA", response(300), dt=3000)
    c.seg("c", "A", dt=40)
    return c.frames


def bad_data_offset():
    # Headers whose data offset no receiver accepts (Linux drops doff < 5 and
    # doff past the segment's end unseen): an RST with offset 3 and a FIN with
    # offset 0 in the middle of an open connection must change nothing.
    c = Conn(1100, 42101, 80, 0xC3000001, 0xC4000002)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "A", dt=1000)
    bogus = []
    for flags, offset in (("RA", 3), ("FA", 0)):
        b = bytearray(ip4_tcp_bytes(42101, 80, flags, c.nxt["c"], c.rcv["c"], b"q" * 40))
        b[14 + 20 + 12] = offset << 4
        bogus.append(b)
    # Offset 15 (60 bytes) on a data segment: 40 bytes of junk options, 49
    # of payload, still a segment a stack takes; then offset 15 on a bare
    # 20-byte header, which no one can read.
    b = bytearray(ip4_tcp_bytes(42101, 80, "PA", c.nxt["c"], c.rcv["c"], GET[:89]))
    b[14 + 20 + 12] = 15 << 4
    bogus.append(b)
    b = bytearray(ip4_tcp_bytes(42101, 80, "FA", c.nxt["c"], c.rcv["c"]))
    b[14 + 20 + 12] = 15 << 4
    bogus.append(b)
    for b in bogus:
        # The bytes changed after the checksums were computed: recompute the
        # TCP one, so only the header length is wrong.
        ip = IP(bytes(b[14:]))
        ip[TCP].chksum = None
        f = raw_frame(bytes(b[:14]) + bytes(ip.__class__(bytes(ip)[:20] + bytes(ip.payload))))
        c.t += 2000
        f.time = Decimal(EPOCH_US + c.t) / Decimal(1_000_000)
        c.frames.append(f)
    c.seg("s", "PA", response(300), dt=2000)
    c.seg("c", "A", dt=40)
    return c.frames


SNAPLEN = 64


def snaplen_cut():
    # tcpdump -s 64: every frame is cut at 64 bytes, inside the 32-byte TCP
    # header of segments with timestamps (14 + 20 + 30); the fixed 20 bytes
    # are all there, so the close must be followed as usual. One frame (a
    # window update) is cut at 46 bytes, inside the fixed header itself.
    c = Conn(1200, 42201, 80, 0xC5000001, 0xC6000002)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "PA", response(300), dt=1000)
    c.seg("c", "A", dt=40)
    c.seg("s", "A", dt=2000)
    graceful_client_close(c)
    frames = []
    for i, f in enumerate(c.frames):
        data = bytes(f)
        cut = raw_frame(data[:14 + 20 + 12 if i == 6 else SNAPLEN], wirelen=len(data))
        cut.time = f.time
        frames.append(cut)
    return frames


def non_tcp():
    mac = dict(src=CLIENT_MAC, dst=GATEWAY_MAC)
    back = dict(src=GATEWAY_MAC, dst=CLIENT_MAC)
    frames = [
        Ether(dst="ff:ff:ff:ff:ff:ff", src=CLIENT_MAC) / ARP(op=1, hwsrc=CLIENT_MAC, psrc=CLIENT4,
                                                            pdst="192.0.2.1"),
        Ether(**back) / ARP(op=2, hwsrc=GATEWAY_MAC, psrc="192.0.2.1", hwdst=CLIENT_MAC, pdst=CLIENT4),
        Ether(**mac) / IP(src=CLIENT4, dst="192.0.2.53", id=1) / UDP(sport=53001, dport=53) /
        DNS(id=0x1234, rd=1, qd=DNSQR(qname="www.example.com")),
        Ether(**back) / IP(src="192.0.2.53", dst=CLIENT4, id=2) / UDP(sport=53, dport=53001) /
        DNS(id=0x1234, qr=1, rd=1, ra=1, qd=DNSQR(qname="www.example.com"),
            an=DNSRR(rrname="www.example.com", rdata=SERVER4)),
        Ether(**mac) / IP(src=CLIENT4, dst=SERVER4, id=3) / ICMP(type=8, id=7, seq=1) / (b"p" * 56),
        Ether(**back) / IP(src=SERVER4, dst=CLIENT4, ttl=63, id=4) / ICMP(type=0, id=7, seq=1) / (b"p" * 56),
        Ether(**mac) / IPv6(src=CLIENT6, dst=SERVER6) / UDP(sport=53002, dport=123) / (b"\x23" + b"\0" * 47),
    ]
    return stamp([f.__class__(bytes(f)) for f in frames], 1300)


def icmp_unreach_tcp():
    # The client's SYN draws an ICMP "communication administratively
    # prohibited" from a router; the ICMP quotes the SYN's IP+TCP headers. The
    # quoted TCP header must not be taken as a segment of the connection.
    c = Conn(1400, 42401, 443, 0xC7000001, 0)
    syn = c.seg("c", "S")
    quoted = bytes(syn[IP])[:20 + 40]
    err = Ether(src=GATEWAY_MAC, dst=CLIENT_MAC) / IP(src="192.0.2.1", dst=CLIENT4, ttl=64, id=5) / \
        ICMP(type=3, code=13) / Raw(quoted)
    err = err.__class__(bytes(err))
    # And an ICMP "port unreachable" quoting a TCP segment of a conversation
    # the capture never saw otherwise.
    other = IP(bytes(IP(src=CLIENT4, dst=SERVER4, id=9) /
                     TCP(sport=42402, dport=80, flags="FA", seq=0x1000, ack=0x2000)))
    err2 = Ether(src=GATEWAY_MAC, dst=CLIENT_MAC) / IP(src=SERVER4, dst=CLIENT4, ttl=63, id=6) / \
        ICMP(type=3, code=3) / Raw(bytes(other)[:28])
    err2 = err2.__class__(bytes(err2))
    frames = [syn, err, err2]
    return stamp(frames, 1400, step_us=800)


def ipv4_fragments():
    # One data segment of a connection travels as three IPv4 fragments (a
    # tunnel with a small MTU on the path); a second connection's segment
    # loses its last fragment, so it can never be reassembled.
    c = Conn(1500, 42501, 80, 0xC8000001, 0xC9000002)
    c.handshake()
    body = post(1400)
    whole = c.seg("c", "PA", body, dt=100)
    c.frames.pop()
    t = whole.time
    frags = fragment(whole[IP].copy(), fragsize=512)
    for i, f in enumerate(frags):
        f.flags = "MF" if i < len(frags) - 1 else 0
        e = Ether(src=CLIENT_MAC, dst=GATEWAY_MAC) / f
        e = e.__class__(bytes(e))
        e.time = t + Decimal(i) / Decimal(1_000_000)
        c.frames.append(e)
    c.seg("s", "A", dt=1000)
    graceful_client_close(c)

    d = Conn(1501, 42502, 80, 0xCA000001, 0xCB000002)
    d.handshake()
    lost = d.seg("c", "PA", body, dt=100)
    d.frames.pop()
    frags = fragment(lost[IP].copy(), fragsize=512)
    for i, f in enumerate(frags[:-1]):
        f.flags = "MF"
        e = Ether(src=CLIENT_MAC, dst=GATEWAY_MAC) / f
        e = e.__class__(bytes(e))
        e.time = lost.time + Decimal(i) / Decimal(1_000_000)
        d.frames.append(e)
    return sorted(c.frames + d.frames, key=lambda f: f.time)


def server_side_only():
    # A whole connection seen where only the server's packets pass.
    c = Conn(1600, 42601, 80, 0xCC000001, 0xCD000002, sttl=64)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "PA", response(800), dt=1000)
    c.seg("c", "A", dt=40)
    graceful_client_close(c)
    return [f for f in c.frames if f[IP].src == SERVER4]


def garbage():
    """A few hundred frames of noise from a fixed seed: some pure random
    bytes, some with valid Ethernet/IP framing and random TCP header fields
    between two hosts, so the plugin's own code paths see nonsense too."""
    rng = random.Random(20231114)
    frames = []
    ports = [80, 443, 43001, 43002]
    for i in range(400):
        kind = i % 4
        if kind == 0:
            frames.append(raw_frame(bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 200)))))
            continue
        if kind == 1:
            head = bytes(Ether(src=CLIENT_MAC, dst=GATEWAY_MAC, type=rng.choice([0x0800, 0x86DD])))
            frames.append(raw_frame(head + bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 120)))))
            continue
        src, dst = (CLIENT4, SERVER4) if rng.random() < 0.5 else (SERVER4, CLIENT4)
        tcp = TCP(sport=rng.choice(ports), dport=rng.choice(ports), flags=rng.getrandbits(9),
                  seq=rng.getrandbits(32), ack=rng.getrandbits(32), window=rng.getrandbits(16),
                  dataofs=rng.choice([None, None, None, rng.randint(0, 15)]))
        if rng.random() < 0.3:
            tcp.options = [("WScale", rng.randint(0, 255)), ("MSS", rng.getrandbits(16))]
        payload = bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 0, 1, rng.randint(0, 100)])))
        if kind == 2:
            pkt = Ether(src=CLIENT_MAC, dst=GATEWAY_MAC) / IP(src=src, dst=dst, ttl=rng.randint(1, 255),
                                                              id=rng.getrandbits(16)) / tcp / payload
        else:
            pkt = Ether(src=CLIENT_MAC, dst=GATEWAY_MAC) / IPv6(src=CLIENT6 if src == CLIENT4 else SERVER6,
                                                                dst=SERVER6 if dst == SERVER4 else CLIENT6,
                                                                hlim=rng.randint(1, 255)) / tcp / payload
        data = bytearray(bytes(pkt))
        if rng.random() < 0.2:
            # Cut anywhere, or flip bytes after the Ethernet header.
            data = data[:rng.randint(14, len(data))]
        if rng.random() < 0.2 and len(data) > 14:
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(14, len(data))] = rng.getrandbits(8)
        frames.append(raw_frame(bytes(data)))
    return stamp(frames, 1700, step_us=700)


def port_reuse_3x():
    # The same 4-tuple three times in a row. The server closes first, so it
    # holds TIME_WAIT and the client may reuse its port at once; each new
    # ISN is above the old sequence space (RFC 6191), so Linux takes the SYN
    # in TIME_WAIT. The third SYN finds the service stopped: RST.
    frames = []
    t = 1800
    for i, isn in enumerate((0xD1000001, 0xD2000001, 0xD3000001)):
        c = Conn(t, 43100, 80, isn, 0xE1000002 + i * 0x01000000)
        c.seg("c", "S")
        if i == 2:
            c.seg("s", "RA", dt=1000, seq=0)
        else:
            c.seg("s", "SA", dt=1000)
            c.seg("c", "A", dt=60)
            c.seg("c", "PA", GET, dt=100)
            c.seg("s", "PA", response(300), dt=1000)
            c.seg("s", "FA", dt=10)
            c.seg("c", "A", dt=40)
            c.seg("c", "FA", dt=200)
            c.seg("s", "A", dt=1000)
        frames += c.frames
        t += 0.5
    return frames


def starts_mid_close():
    # The capture began while the server was already closing.
    c = Conn(1900, 43201, 80, 0xF1000001, 0xF2000002)
    c.handshake()
    c.seg("c", "PA", GET, dt=100)
    c.seg("s", "PA", response(300), dt=1000)
    c.frames = []
    c.seg("s", "FA", dt=5)
    c.seg("c", "A", dt=40)
    c.seg("c", "FA", dt=200)
    c.seg("s", "A", dt=1000)
    return c.frames


ROBUSTNESS = [truncated_tcp_header, bad_data_offset, snaplen_cut, non_tcp, icmp_unreach_tcp,
              ipv4_fragments, server_side_only, garbage, port_reuse_3x, starts_mid_close]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="only these captures (default: all)")
    args = ap.parse_args()
    os.makedirs(ROBUST, exist_ok=True)
    wanted = set(args.names)
    for func in SCENARIOS:
        if not wanted or func.__name__ in wanted:
            write_scenario(func, HERE)
            print("wrote %s.pcap, %s.expect" % (func.__name__, func.__name__))
    for func in ROBUSTNESS:
        if not wanted or func.__name__ in wanted:
            wrpcap(os.path.join(ROBUST, func.__name__ + ".pcap"), func(), linktype=1,
                   snaplen=SNAPLEN if func is snaplen_cut else 65535)
            print("wrote robustness/%s.pcap" % func.__name__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
