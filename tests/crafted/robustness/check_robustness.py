#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Holds the plugin, run by the real tshark, to sane output on the malformed
and odd captures of this folder (written by ../make_crafted.py): it must not
crash or throw, must print only registered labels, keep per-conversation
values the same on every packet of a conversation, and say the specific
things listed in CHECKS where a capture has a right answer.

Usage: check_robustness.py --tshark WRAPPER [--captures DIR] [NAME...]"""

import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Zeek's codes, as the spec lists them.
CONN_STATES = {"S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH"}
ENUMS = ("teardown.sender", "teardown.client.state", "teardown.server.state", "teardown.outcome",
         "teardown.initiator", "teardown.client.final_state", "teardown.server.final_state")
# Per conversation: with -2 they hold the final values, the same on every packet.
PER_CONVERSATION = ("teardown.outcome", "teardown.conn_state", "teardown.initiator",
                    "teardown.client.final_state", "teardown.server.final_state", "teardown.midstream")
FIELDS = ("frame.number", "teardown.client.state", "teardown.server.state", "teardown.outcome",
          "teardown.conn_state", "frame.cap_len", "frame.protocols", "tcp.stream", "tcp.hdr_len",
          "teardown.stream", "teardown.sender", "teardown.midstream", "teardown.initiator",
          "teardown.client.final_state", "teardown.server.final_state")


class Failure(Exception):
    pass


class Tshark:
    def __init__(self, path):
        self.path = path
        self.labels = {}

    def run(self, args):
        proc = subprocess.run([self.path] + args, capture_output=True, text=True)
        stderr = "\n".join(l for l in proc.stderr.splitlines() if not l.startswith("Running as user"))
        if proc.returncode != 0:
            raise Failure("tshark %s exited %d: %s" % (" ".join(args), proc.returncode, stderr.strip()))
        # A crash or a thrown exception in the plugin shows as a dissector
        # bug or a malformed Teardown layer; tshark still exits 0.
        for stream, text in (("output", proc.stdout), ("stderr", stderr)):
            for line in text.splitlines():
                low = line.lower()
                if ("dissector bug" in low or "malformed" in low) and "teardown" in low:
                    raise Failure("tshark %s: %s mentions teardown: %s" % (" ".join(args), stream, line.strip()))
                if stream == "stderr" and ("teardown" in low or "critical" in low or "dissector bug" in low):
                    raise Failure("tshark %s: stderr: %s" % (" ".join(args), line.strip()))
        return proc.stdout

    def load_labels(self):
        # Enumerations are string fields holding the label; the labels they
        # can take end the field's description.
        for line in self.run(["-G", "fields"]).splitlines():
            parts = line.split("\t")
            if len(parts) > 7 and parts[0] == "F" and parts[2].startswith("teardown."):
                m = re.search(r" \(one of: ([^()]*)\)$", parts[7])
                if m:
                    self.labels[parts[2]] = {label: label for label in m.group(1).split()}
        missing = [f for f in ENUMS if f not in self.labels]
        if missing:
            raise Failure("tshark -G fields lacks the labels of %s: plugin not loaded?" % ", ".join(missing))

    def frames(self, pcap, extra=(), two_pass=True):
        """One dict per frame: raw field values, and labels under 'label'."""
        args = (["-2"] if two_pass else []) + list(extra) + ["-r", pcap, "-T", "fields",
                                                              "-E", "separator=/t"]
        for f in FIELDS:
            args += ["-e", f]
        rows = []
        for line in self.run(args).splitlines():
            values = (line.split("\t") + [""] * len(FIELDS))[:len(FIELDS)]
            row = dict(zip(FIELDS, values))
            for field in ENUMS:
                raw = row[field]
                if raw == "":
                    continue
                if raw not in self.labels[field]:
                    raise Failure("frame %s: %s = %r is not a registered value" % (row["frame.number"], field, raw))
            row["label"] = {f: self.labels[f].get(row[f], "") for f in ENUMS}
            rows.append(row)
        return rows


def has_teardown(row):
    return any(row[f] for f in FIELDS if f.startswith("teardown."))


def generic(rows, two_pass=True):
    """What holds on any capture: sane values and, once the whole capture has
    been read (-2), one verdict per conversation. A single pass shows the
    verdict so far, which may change from packet to packet."""
    verdicts = {}
    for row in rows:
        if not has_teardown(row):
            continue
        n = row["frame.number"]
        for field in ("teardown.stream", "teardown.sender", "teardown.client.state", "teardown.server.state",
                      "teardown.outcome", "teardown.conn_state"):
            if row[field] == "":
                raise Failure("frame %s has teardown fields but no %s" % (n, field))
        if row["teardown.conn_state"] not in CONN_STATES:
            raise Failure("frame %s: conn_state %r is not a Zeek code" % (n, row["teardown.conn_state"]))
        # Present only when true.
        if row["teardown.midstream"] not in ("", "1", "True"):
            raise Failure("frame %s: midstream %r" % (n, row["teardown.midstream"]))
        tcp_stream = row["tcp.stream"].split(",")[-1]
        if row["teardown.stream"] != tcp_stream:
            raise Failure("frame %s: teardown.stream %s, tcp.stream %s" % (n, row["teardown.stream"], tcp_stream))
        if not two_pass:
            continue
        verdict = tuple(row[f] for f in PER_CONVERSATION)
        first = verdicts.setdefault(row["teardown.stream"], (n, verdict))
        if first[1] != verdict:
            raise Failure("stream %s: per-conversation fields differ between frame %s %s and frame %s %s" % (
                row["teardown.stream"], first[0], first[1], n, verdict))


def streams(rows):
    """The -2 verdict of each conversation, from its last packet."""
    out = {}
    for row in rows:
        if has_teardown(row):
            out[int(row["teardown.stream"])] = row
    return out


def expect_conversation(rows, stream, outcome=None, conn_state=None, finals=None, initiator=None,
                        midstream=None):
    conv = streams(rows).get(stream)
    if conv is None:
        raise Failure("no teardown conversation %d" % stream)
    got = {"outcome": conv["label"]["teardown.outcome"], "conn_state": conv["teardown.conn_state"],
           "finals": (conv["label"]["teardown.client.final_state"], conv["label"]["teardown.server.final_state"]),
           "initiator": conv["label"]["teardown.initiator"] or None,
           "midstream": conv["teardown.midstream"] in ("1", "True")}
    want = {"outcome": outcome, "conn_state": conn_state, "finals": finals, "initiator": initiator,
            "midstream": midstream}
    for key, value in want.items():
        if value is not None and got[key] != value:
            raise Failure("stream %d: %s is %s, expected %s" % (stream, key, got[key], value))


def no_teardown(rows, which, why):
    for row in rows:
        if which(row) and has_teardown(row):
            raise Failure("frame %s (%s) has teardown fields: client %s, server %s" % (
                row["frame.number"], why, row["label"]["teardown.client.state"],
                row["label"]["teardown.server.state"]))


def states_unchanged(rows, which, why):
    """Frames the receiving stack would drop must not move any state."""
    before = {}
    for row in rows:
        if not has_teardown(row):
            continue
        key = row["teardown.stream"]
        now = (row["label"]["teardown.client.state"], row["label"]["teardown.server.state"])
        if which(row) and key in before and before[key] != now:
            raise Failure("frame %s (%s) moves the states from %s to %s" % (
                row["frame.number"], why, "/".join(before[key]), "/".join(now)))
        before[key] = now


# ---- the specific answers ----------------------------------------------------

def is_icmp(row):
    return ":icmp:" in row["frame.protocols"] + ":"


def bogus_header(row):
    return row["tcp.hdr_len"] != "" and int(row["tcp.hdr_len"].split(",")[-1]) < 20


def cut_in_fixed_header(row):
    return row["frame.cap_len"] != "" and int(row["frame.cap_len"]) < 14 + 20 + 20


def check_truncated_tcp_header(ts, pcap):
    rows = ts.frames(pcap)
    # IP says TCP, but only 10 bytes of TCP follow: nothing to read.
    no_teardown(rows, lambda r: r["frame.cap_len"] == "44", "10-byte TCP header")
    expect_conversation(rows, 0, outcome="open", conn_state="S1", finals=("ESTABLISHED", "ESTABLISHED"))


def check_bad_data_offset(ts, pcap):
    rows = ts.frames(pcap)
    # An RST with data offset 3 and a FIN with offset 0: Linux drops both
    # (doff < 5), Wireshark calls the header bogus. The connection stays open.
    states_unchanged(rows, bogus_header, "data offset < 5")
    expect_conversation(rows, 0, outcome="open", conn_state="S1", finals=("ESTABLISHED", "ESTABLISHED"))


def check_snaplen_cut(ts, pcap):
    rows = ts.frames(pcap)
    no_teardown(rows, cut_in_fixed_header, "cut inside the fixed TCP header")
    # Cut inside the options only (tcpdump -s 64): followed as usual.
    expect_conversation(rows, 0, outcome="graceful", conn_state="SF", finals=("TIME_WAIT", "CLOSED"),
                        initiator="client")


def check_non_tcp(ts, pcap):
    rows = ts.frames(pcap)
    no_teardown(rows, lambda r: True, "not TCP")


def check_icmp_unreach_tcp(ts, pcap):
    rows = ts.frames(pcap)
    # The TCP header quoted inside an ICMP error is not a segment of the
    # connection: the SYN's conversation is the SYN alone, never answered.
    no_teardown(rows, is_icmp, "ICMP error quoting a TCP header")
    expect_conversation(rows, 0, conn_state="S0")
    if len(streams(rows)) != 1:
        raise Failure("conversations %s, expected only the SYN's" % sorted(streams(rows)))


def check_ipv4_fragments(ts, pcap):
    for extra, label in (((), "reassembled"), (("-o", "ip.defragment:FALSE"), "not reassembled")):
        try:
            rows = ts.frames(pcap, extra)
            generic(rows)
            expect_conversation(rows, 0, outcome="graceful", conn_state="SF", finals=("TIME_WAIT", "CLOSED"),
                                initiator="client")
            # Fragments after the first carry no TCP header.
            no_teardown(rows, lambda r: r["tcp.stream"] == "", "a fragment with no TCP header")
            if not extra:
                # Its last fragment lost, the second connection's data never
                # reached TCP: the connection is open, nothing more.
                expect_conversation(rows, 1, outcome="open", conn_state="S1",
                                    finals=("ESTABLISHED", "ESTABLISHED"))
        except Failure as e:
            raise Failure("%s: %s" % (label, e))


def check_server_side_only(ts, pcap):
    rows = ts.frames(pcap)
    for row in rows:
        if has_teardown(row) and row["label"]["teardown.sender"] != "server":
            raise Failure("frame %s: sender %s, but every packet is the server's (it sent the SYN/ACK)" % (
                row["frame.number"], row["label"]["teardown.sender"]))
    expect_conversation(rows, 0, conn_state="SHR", midstream=False)


def check_garbage(ts, pcap):
    ts.frames(pcap)  # the generic checks, which every capture gets, are the point


def check_port_reuse_3x(ts, pcap):
    rows = ts.frames(pcap)
    if sorted(streams(rows)) != [0, 1, 2]:
        raise Failure("conversations %s, expected 0, 1, 2 on the one 4-tuple" % sorted(streams(rows)))
    # Each new SYN takes over the server's TIME_WAIT (ISN above the old
    # space), so no TIME_WAIT is left; the third is refused.
    expect_conversation(rows, 0, outcome="graceful", conn_state="SF", initiator="server",
                        finals=("CLOSED", "CLOSED"))
    expect_conversation(rows, 1, outcome="graceful", conn_state="SF", initiator="server",
                        finals=("CLOSED", "CLOSED"))
    expect_conversation(rows, 2, outcome="refused", conn_state="REJ", finals=("CLOSED", "CLOSED"))


def check_starts_mid_close(ts, pcap):
    rows = ts.frames(pcap)
    # First packet the server's FIN/ACK: roles from port 80, server closed first.
    expect_conversation(rows, 0, outcome="graceful", initiator="server", midstream=True,
                        finals=("CLOSED", "TIME_WAIT"))


CHECKS = {
    "truncated_tcp_header": check_truncated_tcp_header,
    "bad_data_offset": check_bad_data_offset,
    "snaplen_cut": check_snaplen_cut,
    "non_tcp": check_non_tcp,
    "icmp_unreach_tcp": check_icmp_unreach_tcp,
    "ipv4_fragments": check_ipv4_fragments,
    "server_side_only": check_server_side_only,
    "garbage": check_garbage,
    "port_reuse_3x": check_port_reuse_3x,
    "starts_mid_close": check_starts_mid_close,
}


def survive(ts, pcap):
    """Every way of reading the capture ends well: both passes, full tree
    (where exceptions show), and the statistics."""
    for args in (["-r", pcap], ["-2", "-r", pcap], ["-V", "-r", pcap], ["-2", "-V", "-r", pcap],
                 ["-q", "-z", "teardown,conns", "-r", pcap], ["-q", "-z", "teardown,stat", "-r", pcap]):
        ts.run(args)
    for two_pass in (False, True):
        generic(ts.frames(pcap, two_pass=two_pass), two_pass)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tshark", required=True, help="tshark wrapper that loads the built plugin")
    ap.add_argument("--captures", default=HERE)
    ap.add_argument("names", nargs="*", help="only these captures (default: all)")
    args = ap.parse_args()
    ts = Tshark(args.tshark)
    passed = failed = 0
    try:
        ts.load_labels()
    except Failure as e:
        print("FAIL labels: %s" % e)
        print("0 passed, 1 failed")
        return 1
    for name in args.names or sorted(CHECKS):
        pcap = os.path.join(args.captures, name + ".pcap")
        for label, func in (("survives", survive), ("answers", CHECKS.get(name))):
            try:
                if not os.path.exists(pcap):
                    raise Failure("%s missing (run make_crafted.py)" % pcap)
                if func is None:
                    raise Failure("no check for %s" % name)
                func(ts, pcap)
                print("ok   %s: %s" % (name, label))
                passed += 1
            except Failure as e:
                print("FAIL %s: %s: %s" % (name, label, e))
                failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
