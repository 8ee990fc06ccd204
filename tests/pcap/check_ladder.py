#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Holds `-z teardown,ladder`, `-z teardown,hosts` and `teardown.history` to
exact answers on kernel captures:

- the ladder text of a graceful close from each side, a half-close, a
  CLOSE_WAIT leak, a simultaneous close and an abort equals the reviewed
  copy in tests/pcap/ladder/ (single pass and -2), fits 100 columns, and
  parses back (each packet line into its 11 fields, matched to tshark's own
  tcp fields);
- a filter selects whole connections;
- teardown.history equals the history Zeek writes for the connection: for
  the named kinds the string is written out below, derived by hand from
  Zeek's documented rules; for every corpus capture it also equals a
  separate reading of those rules over tshark's tcp fields;
- the hosts table on tests/pcap/hosts/hosts_mixed.pcap (real kernel
  captures merged, see make-hosts-capture.sh) has exactly the rows below,
  and its CLOSE_WAIT and TIME_WAIT counts equal the kernel's `ss` truth in
  the merged captures' .expect files."""

import argparse
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, tshark  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
LADDERS = ["graceful_client_first_v4", "graceful_server_first_v4", "half_close_v4", "close_wait_stuck_v4",
           "simultaneous_close_v4", "abort_linger0_v4"]

# Zeek's history for each kind of close, from the packets of the client
# capture and Zeek's rules (conn.log documentation: upper case originator;
# a, d written once per side; s, h, f, r again only with a new sequence
# number; a FIN segment writes F, not D):
HISTORY = {
    # S, h, A (handshake ACK), D, a, d; client FIN F, server FIN f.
    "graceful_client_first_v4": "ShADadFf",
    # as above, the server's FIN first.
    "graceful_server_first_v4": "ShADadfF",
    # the client's data and FIN come before the server's first data: a F d f.
    "half_close_v4": "ShADaFdf",
    # the server never sends a FIN.
    "close_wait_stuck_v4": "ShADadF",
    # crossed FINs; the server's FIN sent again with the same number adds nothing.
    "simultaneous_close_v4": "ShADadFf",
    # the client's RST+ACK: R.
    "abort_linger0_v4": "ShADadR",
    # SYN answered by RST+ACK: r.
    "refused_v4": "Sr",
    # the IPv6 runs of the same kinds write the same letters.
    "graceful_client_first_v6": "ShADadFf",
    "abort_linger0_v6": "ShADadR",
    "refused_v6": "Sr",
}

HOSTS_HEADER = ("role\thost\tconnections\toutcomes\tclose_wait\tclose_wait_max\ttime_wait\trst_sent\trst_received"
                "\tclose_median\tclose_max")
# Worst first: the two servers that leak CLOSE_WAIT (close_wait_stuck_v4 and
# _v6) lead; clients after servers. Durations are those of the merged
# capture (make-hosts-capture.sh spaces the runs one second apart).
HOSTS_ROWS = """\
server	198.51.100.1:8108	1	half_closed:1	1	8.357479	0	0	0	0.043172	0.043172
server	[2001:db8:2::1]:8108	1	half_closed:1	1	4.375193	0	0	0	0.042132	0.042132
server	198.51.100.1:8115	4	open:1,graceful:2,reset:1	0	-	1	0	1	0.000030	0.000104
server	198.51.100.1:8102	1	graceful:1	0	-	1	0	0	0.050533	0.050533
server	198.51.100.1:8101	1	graceful:1	0	-	0	0	0	0.050327	0.050327
server	198.51.100.1:8107	1	refused:1	0	-	0	1	0	0.000000	0.000000
server	198.51.100.1:8116	1	refused:1	0	-	0	1	0	0.000000	0.000000
server	[2001:db8:2::1]:8101	1	graceful:1	0	-	0	0	0	0.054681	0.054681
server	[2001:db8:2::1]:8103	1	graceful:1	0	-	0	0	0	0.207430	0.207430
server	[2001:db8:2::1]:8104	1	reset:1	0	-	0	0	1	0.000000	0.000000
client	192.0.2.1	9	open:1,graceful:4,half_closed:1,reset:1,refused:2	0	-	2	1	2	0.000030	0.050533
client	2001:db8:1::1	4	graceful:2,half_closed:1,reset:1	0	-	2	1	0	0.042132	0.207430"""
HOSTS_PARTS = ["close_wait_stuck_v4", "graceful_client_first_v4", "graceful_server_first_v4", "refused_v4",
               "close_wait_stuck_v6", "abort_linger0_v6", "half_close_v6", "graceful_client_first_v6", "multi_v4"]


# ---- ladder ---------------------------------------------------------------

def packet_lines(text):
    """The ladder's packet lines, split into their 11 fields."""
    rows = []
    for line in text.splitlines():
        fields = line.split()
        if fields and fields[0].isdigit():
            rows.append(fields)
    return rows


def tcp_fields(cmd, pcap):
    out = tshark(cmd, "-r", pcap, "-T", "fields", "-e", "frame.number", "-e", "tcp.flags", "-e", "tcp.seq",
                 "-e", "tcp.ack", "-e", "tcp.len", "-e", "tcp.srcport", "-e", "teardown.client.state",
                 "-e", "teardown.server.state", "-e", "teardown.sender")
    rows = {}
    for line in out.splitlines():
        f = line.split("\t")
        rows[int(f[0])] = f
    return rows


def flag_letters(flags):
    out = "".join(c for bit, c in ((0x02, "S"), (0x01, "F"), (0x04, "R"), (0x08, "P"), (0x10, "A"))
                  if flags & bit)
    return out or "-"


def check_ladder(ck, cmd, captures, name):
    pcap = os.path.join(captures, name + ".client.pcap")
    with open(os.path.join(HERE, "ladder", name + ".client.txt")) as fh:
        want = fh.read()
    one = tshark(cmd, "-r", pcap, "-q", "-z", "teardown,ladder")
    two = tshark(cmd, "-2", "-r", pcap, "-q", "-z", "teardown,ladder")
    ck.eq(one, want, "ladder %s, single pass" % name)
    ck.eq(two, want, "ladder %s, -2" % name)
    wide = [l for l in one.splitlines() if len(l) > 100]
    ck.eq(wide, [], "ladder %s: lines within 100 columns" % name)
    # Parse it back and hold each packet line to tshark's own fields.
    states = {"0": "CLOSED", "1": "SYN_SENT", "2": "SYN_RECEIVED", "3": "ESTABLISHED", "4": "FIN_WAIT_1",
              "5": "FIN_WAIT_2", "6": "CLOSING", "7": "TIME_WAIT", "8": "CLOSE_WAIT", "9": "LAST_ACK"}
    truth = tcp_fields(cmd, pcap)
    for f in packet_lines(one):
        ck.eq(len(f), 11, "ladder %s frame %s: 11 fields" % (name, f[0]))
        if len(f) != 11:
            continue
        frame, _time, cstate, left, flags, seq, ack, length, right, sstate, _anom = f
        t = truth[int(frame)]
        tflags = int(t[1], 16)
        to_server = t[8] in ("0", "client")  # the sender, as a label (or its old number)
        ck.eq((left.startswith("<"), right.endswith(">")), (not to_server, to_server),
              "ladder %s frame %s: arrow direction" % (name, frame))
        ck.eq(flags, flag_letters(tflags), "ladder %s frame %s: flags" % (name, frame))
        ck.eq(seq, "seq=" + t[2], "ladder %s frame %s: relative seq" % (name, frame))
        ck.eq(ack, "ack=" + (t[3] if tflags & 0x10 else "-"), "ladder %s frame %s: relative ack" % (name, frame))
        ck.eq(length, "len=" + t[4], "ladder %s frame %s: len" % (name, frame))
        ck.eq((cstate, sstate), (states.get(t[6], t[6]), states.get(t[7], t[7])), "ladder %s frame %s: states" % (name, frame))


def sections(text):
    """The ladder's connections, by stream: their lines up to the blank one."""
    out, cur = {}, None
    for line in text.splitlines():
        if line.startswith("stream "):
            cur = int(line.split()[1])
            out[cur] = []
        if cur is not None:
            if not line:
                cur = None
            else:
                out[cur].append(line)
    return out


def check_ladder_filter(ck, cmd, captures):
    pcap = os.path.join(captures, "multi_v4.client.pcap")
    every = sections(tshark(cmd, "-r", pcap, "-q", "-z", "teardown,ladder"))
    ck.eq(sorted(every), [0, 1, 2, 3, 4], "ladder multi_v4: every connection")
    reset = sections(tshark(cmd, "-r", pcap, "-q", "-z", 'teardown,ladder,teardown.outcome == "reset"'))
    ck.eq(sorted(reset), [2], "ladder multi_v4 filtered by outcome: only the reset one")
    ck.eq(reset.get(2), every[2], "ladder multi_v4: a selected connection is drawn whole")
    # Stream 0 talks again at the end: the filter on its last packet alone
    # still selects all of it.
    last = tshark(cmd, "-r", pcap, "-Y", "tcp.stream == 0", "-T", "fields", "-e", "frame.number").split()[-1]
    late = sections(tshark(cmd, "-r", pcap, "-q", "-z", "teardown,ladder,frame.number == " + last))
    ck.eq(late.get(0), every[0], "ladder multi_v4: selected by its last packet, drawn from its first")


# ---- history --------------------------------------------------------------

def zeek_history(packets, client_port):
    """Zeek's history letters, read from tshark's tcp fields by Zeek's rules."""
    out, seen, last = [], set(), {}
    for flags, seq, length, sport in packets:
        orig = sport == client_port
        syn, fin, rst = bool(flags & 2), bool(flags & 1), bool(flags & 4)

        def add(c):
            out.append(c if orig else c.lower())

        def once(kind, c):
            if (kind, orig) not in seen:
                seen.add((kind, orig))
                add(c)

        def again(kind, c, number):
            if (kind, orig) not in seen or last.get((kind, orig)) != number:
                add(c)
            seen.add((kind, orig))
            last[(kind, orig)] = number

        if syn + fin + rst > 1:
            once("I" if fin and rst else "Q", "I" if fin and rst else "Q")
        elif syn:
            again("S", "H" if flags & 0x10 else "S", seq)
        elif fin:
            again("F", "F", (seq + length) & 0xffffffff)
        elif rst:
            again("R", "R", seq)
        elif length:
            once("D", "D")
        elif flags & 0x10:
            once("A", "A")
    return "".join(out)


def check_history(ck, cmd, captures):
    for pcap in sorted(glob.glob(os.path.join(captures, "*.pcap"))):
        name = os.path.basename(pcap)
        out = tshark(cmd, "-2", "-r", pcap, "-T", "fields", "-e", "tcp.stream", "-e", "tcp.flags",
                     "-e", "tcp.seq_raw", "-e", "tcp.len", "-e", "tcp.srcport", "-e", "tcp.dstport",
                     "-e", "teardown.history", "-e", "teardown.sender", "-Y", "teardown")
        streams = {}
        for line in out.splitlines():
            st, flags, seq, length, sport, dport, hist, sender = line.split("\t")
            s = streams.setdefault(int(st), {"pkts": [], "hist": hist, "client": None})
            s["pkts"].append((int(flags, 16), int(seq), int(length), int(sport)))
            if s["client"] is None:
                s["client"] = int(sport) if sender in ("0", "client") else int(dport)
        for st, s in sorted(streams.items()):
            want = zeek_history(s["pkts"], s["client"])
            ck.eq(s["hist"], want, "history %s stream %d by Zeek's rules" % (name, st))
        kind = name.split(".")[0]
        if kind in HISTORY and name.endswith(".client.pcap"):
            ck.eq(streams.get(0, {}).get("hist"), HISTORY[kind], "history %s as Zeek writes it" % name)
    # Also a conns column, before the narrative.
    out = tshark(cmd, "-r", os.path.join(captures, "half_close_v4.client.pcap"), "-q", "-z", "teardown,conns")
    lines = [l for l in out.splitlines() if l]
    head = lines[0].split("\t")
    ck.eq("history" in head and head[-1] == "narrative", True, "conns: a history column, before the narrative")
    if "history" in head:
        ck.eq(lines[1].split("\t")[head.index("history")], HISTORY["half_close_v4"], "conns: history column")


# ---- hosts ----------------------------------------------------------------

def read_expect(path):
    with open(path) as fh:
        rows = [l.rstrip("\n").split("\t") for l in fh if l.strip()]
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:]]


def check_hosts(ck, cmd, captures):
    pcap = os.path.join(HERE, "hosts", "hosts_mixed.pcap")
    for extra in ([], ["-2"]):
        out = tshark(cmd, *extra, "-r", pcap, "-q", "-z", "teardown,hosts")
        lines = [l for l in out.splitlines() if l]
        ck.eq(lines[0] if lines else None, HOSTS_HEADER, "hosts header %s" % extra)
        ck.eq("\n".join(lines[1:]), HOSTS_ROWS, "hosts rows %s" % extra)
    # The leak and TIME_WAIT columns against the kernel's own answer.
    cw, tw = {}, {}
    for part in HOSTS_PARTS:
        for r in read_expect(os.path.join(captures, part + ".expect")):
            client_addr = r["client"].rsplit(":", 1)[0].strip("[]")
            for host, state in ((r["server"], r["server_final"]), (client_addr, r["client_final"])):
                cw[host] = cw.get(host, 0) + (state == "CLOSE_WAIT")
                tw[host] = tw.get(host, 0) + (state == "TIME_WAIT")
    for row in HOSTS_ROWS.splitlines():
        f = row.split("\t")
        ck.eq((int(f[4]), int(f[6])), (cw[f[1]], tw[f[1]]), "hosts %s close_wait/time_wait = kernel ss" % f[1])
    # A filter narrows the connections counted.
    out = tshark(cmd, "-2", "-r", pcap, "-q", "-z", 'teardown,hosts,teardown.server.final_state == "CLOSE_WAIT"')
    rows = sorted(l.split("\t")[1] for l in out.splitlines()[1:] if l)
    ck.eq(rows, ["192.0.2.1", "198.51.100.1:8108", "2001:db8:1::1", "[2001:db8:2::1]:8108"],
          "hosts -2 filtered to CLOSE_WAIT leaks")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tshark", required=True)
    ap.add_argument("--captures", required=True)
    args = ap.parse_args()
    ck = Checks()
    for name in LADDERS:
        check_ladder(ck, args.tshark, args.captures, name)
    check_ladder_filter(ck, args.tshark, args.captures)
    check_history(ck, args.tshark, args.captures)
    check_hosts(ck, args.tshark, args.captures)
    return ck.report()


if __name__ == "__main__":
    sys.exit(main())
