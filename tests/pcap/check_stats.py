#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Holds `-z teardown,conns` and `-z teardown,stat` to exact rows and counts on
the kernel corpus (multi_v4: five connections ending five ways), in single
pass and with -2, with and without a filter, and checks that display filters
compare the enums by label."""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_corpus  # noqa: E402
from checks import Checks, tshark  # noqa: E402

HEADER = ("stream\tclient\tserver\tconn_state\toutcome\tinitiator\tclient_final_state\tserver_final_state"
          "\tfirst_close_frame\tclose_duration\tflags\tcause\thistory\tclient_tls_close\tserver_tls_close\tnarrative")
# None of the sample's connections carries TLS: its TLS columns are "-".
NO_TLS = ["-", "-"]


def conns_rows(cmd, pcap, *extra):
    out = tshark(cmd, *extra, "-r", pcap, "-q", "-z", "teardown,conns" + ("," + FILTER if FILTER else ""))
    lines = [l for l in out.splitlines() if l]
    return lines


FILTER = None


def expected_rows(cmd, pcap):
    """Rows built from the scenario's kernel .expect and located frames."""
    names = run_corpus.value_names(cmd)
    run_corpus.LABELS.update(names)
    pkts = run_corpus.packets(cmd, names, pcap, True)
    expect = run_corpus.read_expect(pcap.rsplit(".", 2)[0] + ".expect")
    by_stream = {}
    for p in pkts:
        by_stream.setdefault(p["stream"], []).append(p)

    def frame(stream, spec):
        return run_corpus.locate(spec, by_stream[stream])[0]

    c = {s: expect[s]["client"] for s in expect}
    v = {s: expect[s]["server"] for s in expect}
    f1c, f1s, a1 = frame(1, "client FIN#1"), frame(1, "server FIN#1"), frame(1, "client ACK#1 after server FIN#1")
    f4s, f4c, a4 = frame(4, "server FIN#1"), frame(4, "client FIN#1"), frame(4, "server ACK#1 after client FIN#1")
    rst2, rst3 = frame(2, "client RST#1"), frame(3, "server RST#1")
    flags_graceful = "teardown.close.active,teardown.close.passive,teardown.time_wait"
    return {
        0: [0, c[0], v[0], "S1", "open", "-", "ESTABLISHED", "ESTABLISHED", "-", "-", "-", "open", "ShADad",
            "open: client %s and server %s still open at the end of the capture" % (c[0], v[0])],
        1: [1, c[1], v[1], "SF", "graceful", "client", "TIME_WAIT", "CLOSED", f1c, None, flags_graceful, "app_close", "ShADadFf",
            "application close by the client: client %s closed first (frame %d); server closed at frame %d; client's final ACK frame %d; "
            "client holds TIME_WAIT until 60 s after frame %d (still at capture end)" % (c[1], f1c, f1s, a1, a1)],
        2: [2, c[2], v[2], "RSTO", "reset", "client", "CLOSED", "CLOSED", rst2, "0.000000", "teardown.rst.abort", "abort", "ShADadR",
            "abort by the client (mid_flow): client %s reset the connection (frame %d)" % (c[2], rst2)],
        3: [3, c[3], v[3], "REJ", "refused", "server", "CLOSED", "CLOSED", rst3, "0.000000", "teardown.rst.refused", "refused", "Sr",
            "refused: server %s refused client %s with RST (frame %d)" % (v[3], c[3], rst3)],
        4: [4, c[4], v[4], "SF", "graceful", "server", "CLOSED", "TIME_WAIT", f4s, None, flags_graceful, "app_close", "ShADadfF",
            "application close by the server: server %s closed first (frame %d); client closed at frame %d; server's final ACK frame %d; "
            "server holds TIME_WAIT until 60 s after frame %d (still at capture end)" % (v[4], f4s, f4c, a4, a4)],
    }


def check_conns(ck, cmd, pcap, want, label, *extra):
    rows = conns_rows(cmd, pcap, *extra)
    ck.eq(rows[0] if rows else None, HEADER, label + ": header line")
    got = {}
    for line in rows[1:]:
        cols = line.split("\t")
        got[int(cols[0])] = cols
    ck.eq(sorted(got), sorted(want), label + ": streams")
    for stream, cols in sorted(want.items()):
        cols = list(cols[:-1]) + NO_TLS + [cols[-1]]
        row = got.get(stream)
        if row is None:
            continue
        for i, w in enumerate(cols):
            name = HEADER.split("\t")[i]
            if w is None:
                # A duration: present, in seconds, non-negative.
                ok = row[i].replace(".", "", 1).isdigit()
                ck.eq(ok, True, "%s: stream %d %s %r is a duration" % (label, stream, name, row[i]))
            else:
                ck.eq(row[i], str(w), "%s: stream %d column %s" % (label, stream, name))


STAT = """Connections: 5
Outcome
  open 1 20.00%
  graceful 2 40.00%
  reset 1 20.00%
  refused 1 20.00%
Cause
  open 1 20.00%
  app_close 2 40.00%
  abort 1 20.00%
  refused 1 20.00%
conn_state
  S1 1 20.00%
  SF 2 40.00%
  RSTO 1 20.00%
  REJ 1 20.00%
Initiator
  nobody closed 1 20.00%
  client 2 40.00%
  server 2 40.00%
Client final state
  ESTABLISHED 1 20.00%
  TIME_WAIT 1 20.00%
  CLOSED 3 60.00%
Server final state
  ESTABLISHED 1 20.00%
  CLOSED 3 60.00%
  TIME_WAIT 1 20.00%
Expert infos
  close.active 2 40.00%
  close.passive 2 40.00%
  time_wait 2 40.00%
  rst.abort 1 20.00%
  rst.refused 1 20.00%"""


def check_stat(ck, cmd, pcap, label, *extra):
    out = tshark(cmd, *extra, "-r", pcap, "-q", "-z", "teardown,stat")
    lines = [" ".join(l.split()) if not l.startswith("  ") else "  " + " ".join(l.split())
             for l in out.splitlines() if l and not l.startswith("=") and not l.startswith("TCP Teardown")]
    ck.eq("\n".join(lines), STAT, label)


EXPERT_TAP = """\
1 Sequence Teardown Stream 1: client 192.0.2.1:41021 closes first (active close)
1 Sequence Teardown Stream 1: client 192.0.2.1:41021 enters TIME_WAIT and holds the 4-tuple for 60 s
1 Sequence Teardown Stream 1: server 198.51.100.1:8115 closes after the client (passive close)
1 Sequence Teardown Stream 2: client 192.0.2.1:41022 aborts the established connection with RST
1 Sequence Teardown Stream 3: server 198.51.100.1:8116 refuses client 192.0.2.1:41023 with RST
1 Sequence Teardown Stream 4: client 192.0.2.1:41024 closes after the server (passive close)
1 Sequence Teardown Stream 4: server 198.51.100.1:8115 closes first (active close)
1 Sequence Teardown Stream 4: server 198.51.100.1:8115 enters TIME_WAIT and holds the 4-tuple for 60 s"""


def check_expert_tap(ck, cmd, pcap, vantage):
    """`-z expert` builds no tree: the plugin must still hand it its expert
    infos, the same ones a run with a tree gets."""
    def teardown_lines(*extra):
        out = tshark(cmd, *extra, "-r", pcap, "-q", "-z", "expert,chat")
        return "\n".join(sorted(" ".join(l.split()) for l in out.splitlines() if " Teardown " in l))
    ck.eq(teardown_lines(), EXPERT_TAP, "-z expert without a tree (%s)" % vantage)
    ck.eq(teardown_lines("-Y", "teardown"), EXPERT_TAP, "-z expert with a tree (%s)" % vantage)
    # A tree built for a filter that names only the generic expert fields must
    # still carry the plugin's expert infos.
    def frames(flt):
        return tshark(cmd, "-r", pcap, "-Y", flt, "-T", "fields", "-e", "frame.number").split()
    abort = frames("teardown.rst.abort")
    ck.eq(len(abort), 1, "one teardown.rst.abort frame (%s)" % vantage)
    ck.eq(frames('_ws.expert.message contains "aborts the established connection"'), abort,
          "_ws.expert filter sees the plugin's expert info (%s)" % vantage)


def main():
    global FILTER
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tshark", required=True)
    ap.add_argument("--captures", required=True)
    args = ap.parse_args()
    cmd = args.tshark
    ck = Checks()
    for vantage in ("client", "server"):
        pcap = os.path.join(args.captures, "multi_v4.%s.pcap" % vantage)
        want = expected_rows(cmd, pcap)
        check_conns(ck, cmd, pcap, want, "conns %s single pass" % vantage)
        check_conns(ck, cmd, pcap, want, "conns %s -2" % vantage, "-2")
        check_stat(ck, cmd, pcap, "stat %s single pass" % vantage)
        check_stat(ck, cmd, pcap, "stat %s -2" % vantage, "-2")
        FILTER = 'teardown.outcome == "reset"'
        check_conns(ck, cmd, pcap, {2: want[2]}, "conns %s filtered by outcome label" % vantage)
        FILTER = 'teardown.client.final_state == "TIME_WAIT" || teardown.server.final_state == TIME_WAIT'
        check_conns(ck, cmd, pcap, {1: want[1], 4: want[4]}, "conns %s -2 filtered by final state" % vantage, "-2")
        FILTER = None
        check_expert_tap(ck, cmd, pcap, vantage)
        # Labels in display filters, exactly the frames of the refused stream.
        refused = tshark(cmd, "-2", "-r", pcap, "-Y", 'teardown.outcome == "refused"', "-T", "fields",
                         "-e", "tcp.stream").split()
        ck.eq(sorted(set(refused)), ["3"], "-Y teardown.outcome == \"refused\" (%s)" % vantage)
        ck.eq(len(refused), 2, "refused stream has SYN and RST (%s)" % vantage)
    return ck.report()


if __name__ == "__main__":
    sys.exit(main())
