#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The tree shows a connection's fields where they say something, and every
field stays on every packet for filters, columns, -T fields and PDML (README
"and of a packet in between"). On the bundled sample (two passes):

- a packet of the close (frame 35, the client's FIN of stream 2) shows the
  Connection line, the narrative, the final states, the cause and the FIN's
  fate on one line, and hides what a visible line already says;
- a packet in between (frame 40, data of stream 3) shows the first line
  and the sender, nothing more: the states it did not change are in the
  first line;
- the connection's first packet (frame 28, the SYN of stream 2) shows the
  Connection line once the whole capture is read (-2), not on a single
  pass, where it would only say that the SYN is not answered yet;
- yet every TCP packet carries outcome, conn_state, final states, history and
  stream for -T fields, a filter on a hidden field matches the quiet packet,
  a custom column shows it, PDML prints it as hidden, and Wireshark's
  "display hidden protocol items" preference brings it into view.

Usage: check_tree.py --tshark TSHARK SAMPLE [TLS_CAPTURE]"""

import argparse
import re
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402


def run(tshark, args):
    proc = subprocess.run([tshark] + args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("tshark %s failed (%d): %s" % (" ".join(args), proc.returncode, proc.stderr.strip()))
    return proc.stdout


def teardown_tree(tshark, sample, frame, extra=()):
    """The lines of the teardown tree of one frame (-2 -O teardown)."""
    out = run(tshark, ["-2", "-r", sample, "-O", "teardown", "-Y", "frame.number == %d" % frame] + list(extra))
    lines, inside = [], False
    for line in out.splitlines():
        if line.startswith("Teardown: "):
            inside = True
        elif inside and (not line.startswith(" ") or not line.strip()):
            break
        if inside:
            lines.append(line)
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tshark", required=True)
    ap.add_argument("sample")
    ap.add_argument("tls", nargs="?", help="a TLS capture whose client closes with close_notify")
    args = ap.parse_args()
    ck = Checks()
    check = ck.ok

    t, sample = args.tshark, args.sample

    close = teardown_tree(t, sample, 35)
    text = "\n".join(close)
    check(close and close[0].startswith("Teardown: only the client closed (this packet)"), "frame 35 first line: %r" % close[:1])
    for want in ("[Sender: client]",
                 "[Client state: FIN_WAIT_1 (was ESTABLISHED)]",
                 "[Connection: half_closed, conn_state S2, history ShADadF, closed first by the client; cause app_close]",
                 "[Client final state: FIN_WAIT_2]",
                 "[Server final state: CLOSE_WAIT]",
                 "[Cause: app_close, application close by the client]",
                 "[Client FIN: 35, acknowledged in 36 after 43.2 ms]"):
        check(want in text, "frame 35 lacks %s:\n%s" % (want, text))
    check(re.search(r"\[Narrative: application close by the client: client 192\.0\.2\.1:41008 closed first", text),
          "frame 35 lacks the narrative:\n" + text)
    for hidden in ("[Stream index", "[conn_state:", "[Initiator:", "[History", "[Client FIN acknowledged in",
                   "[Client FIN to its ACK", "retransmissions:", "[Cause shown in", "[Idle", "[Server state:"):
        check(hidden not in text, "frame 35 shows %s, which another line says:\n%s" % (hidden, text))

    quiet = teardown_tree(t, sample, 40)
    check(quiet == ["Teardown: reset by the client (frame 44): abort by the client (mid_flow); "
                    "client ESTABLISHED, server ESTABLISHED",
                    "    [Sender: client]"], "frame 40 tree: %r" % quiet)

    shown_all = "\n".join(teardown_tree(t, sample, 40, ["-o", "protocols.display_hidden_proto_items:TRUE"]))
    for want in ("[Outcome: reset]", "[conn_state: RSTO]", "[Narrative: abort by the client (mid_flow)",
                 "[Client final state: CLOSED]", "[Ended by RST in: 44", "[Stream index: 3]",
                 "[Client state: ESTABLISHED]", "[Server state: ESTABLISHED]"):
        check(want in shown_all, "frame 40 with hidden items shown lacks %s:\n%s" % (want, shown_all))

    syn = teardown_tree(t, sample, 28)
    check(syn[2:4] == ["    [Client state: SYN_SENT (was CLOSED)]",
                       "    [Connection: half_closed, conn_state S2, history ShADadF, closed first by the client; "
                       "cause app_close]"], "frame 28, two passes: %r" % syn)
    one_pass = [line for line in run(t, ["-r", sample, "-O", "teardown", "-Y", "frame.number == 28"]).splitlines()
                if line.startswith(("Teardown: ", "    ["))]
    check(one_pass == ["Teardown: SYN unanswered; client SYN_SENT, server CLOSED", "    [Sender: client]",
                       "    [Client state: SYN_SENT (was CLOSED)]"], "frame 28, one pass: %r" % one_pass)

    # Every followed packet carries the connection's fields.
    fields = ["teardown.stream", "teardown.outcome", "teardown.conn_state", "teardown.client.final_state",
              "teardown.server.final_state", "teardown.history", "teardown.cause"]
    rows = run(t, ["-2", "-r", sample, "-Y", "tcp", "-T", "fields", "-e", "frame.number"] +
               sum((["-e", f] for f in fields), [])).splitlines()
    check(len(rows) == 99, "sample: %d TCP rows, expected 99" % len(rows))
    empty = [r for r in rows if any(v == "" for v in r.split("\t")[1:])]
    check(not empty, "rows with a field missing: %r" % empty[:3])
    row40 = [r for r in rows if r.split("\t")[0] == "40"]
    check(row40 == ["40\t3\treset\tRSTO\tCLOSED\tCLOSED\tShADadR\tabort"], "frame 40 fields: %r" % row40)

    hit = run(t, ["-2", "-r", sample, "-Y", 'teardown.conn_state == "RSTO" && teardown.history == "ShADadR" '
                  "&& frame.number == 40", "-T", "fields", "-e", "frame.number"]).split()
    check(hit == ["40"], "filter on hidden fields at frame 40: %r" % hit)

    col = run(t, ["-2", "-r", sample, "-Y", "frame.number == 40", "-o",
                  'gui.column.format:"No.","%m","Final","%Cus:teardown.client.final_state"']).split()
    check(col == ["40", "CLOSED"], "custom column at frame 40: %r" % col)

    # A filter finds the same packets whether the tree is printed or not:
    # in a printed tree the hidden fields are added when a filter wants them.
    filters = [(sample, 'teardown.conn_state == "SF"'), (sample, 'teardown.history contains "R"'),
               (sample, 'teardown.cause == "abort"'), (sample, "teardown.client.fin_ack_frame"),
               (sample, 'teardown.time_wait.endpoint == "client"'), (sample, 'teardown.abort_stage == "mid_flow"'),
               (sample, "teardown.stream == 3"), (sample, 'teardown.narrative contains "CLOSE_WAIT"'),
               (sample, 'teardown.client.state == "FIN_WAIT_2"'), (sample, "teardown.rst_frame"),
               (sample, "teardown.close.active"), (sample, 'teardown.sender == "server" && teardown.syn_retries == 0'),
               (sample, "teardown.midstream || teardown.client.final_state == \"TIME_WAIT\"")]
    if args.tls:
        filters.append((args.tls, 'teardown.client.tls_close == "unknown"'))
    for cap, flt in filters:
        plain = run(t, ["-2", "-r", cap, "-Y", flt, "-T", "fields", "-e", "frame.number"]).split()
        printed = re.findall(r"^Frame (\d+):", run(t, ["-2", "-r", cap, "-Y", flt, "-V"]), re.M)
        check(plain and plain == printed, "%s: %d packets, %d with -V" % (flt, len(plain), len(printed)))

    pdml = run(t, ["-2", "-r", sample, "-Y", "frame.number == 40", "-T", "pdml"])
    check(re.search(r'<field name="teardown.outcome"[^>]*hide="yes"[^>]*show="reset"', pdml),
          "PDML of frame 40 lacks the hidden teardown.outcome")

    return ck.report()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as e:
        print("FAIL %s" % e)
        sys.exit(1)
