#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Holds the README's triage display filters and docs/teardown.colorfilters
to the frames they are meant to pick out on the kernel corpus."""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_corpus  # noqa: E402

# (question, filter, {capture: [(stream, locator), ...]}): exactly these frames match.
TRIAGE = [
    ("who sent the RST that ended it", "teardown.rst_frame == frame.number", {
        "multi_v4.client": [(2, "client RST#1"), (3, "server RST#1")],
        "data_after_peer_close_v4.server": [(0, "client RST#1")],
        "graceful_client_first_v4.client": []}),
    ("RSTs that threw data away", "teardown.rst.data_loss", {
        "data_after_peer_close_v4.client": [(0, "client RST#1")],
        "abort_linger0_v4.client": []}),
    ("who is stuck in CLOSE_WAIT (where it began)", "teardown.close_wait.stuck", {
        "keepalive_half_close_v4.client": [(0, "server ACK#1 after client FIN#1")],
        "half_close_v4.client": []}),
    ("every packet of a connection left in CLOSE_WAIT",
     'teardown.server.final_state == "CLOSE_WAIT" || teardown.client.final_state == "CLOSE_WAIT"', {
         "close_wait_stuck_v4.server": [(0, "client *"), (0, "server *")],
         "multi_v4.client": []}),
    ("FINs never acknowledged", "teardown.fin.unacked", {
        "fin_lost_v4.client": [(0, "client FIN#1")],
        "final_ack_lost_v4.client": []}),
    ("a SYN reusing a 4-tuple in TIME_WAIT", "teardown.time_wait.reuse", {
        "time_wait_reuse_v4.server": [(1, "client SYN#1")],
        "multi_v4.server": []}),
    ("connections that were reset or refused", 'teardown.outcome == "reset" || teardown.outcome == "refused"', {
        "multi_v4.server": [(2, "client *"), (2, "server *"), (3, "client *"), (3, "server *")]}),
    ("data sent after the peer's FIN", "teardown.half_close", {
        "half_close_v4.server": [(0, "server DATA#1 after client FIN#1")]}),
]

# Which coloring rule each located frame must get (first match wins).
COLORS = {
    "data_after_peer_close_v4.client": [(0, "client RST#1", "Teardown: RST threw data away")],
    "fin_lost_v4.client": [(0, "client FIN#1", "Teardown: FIN never acknowledged")],
    "keepalive_half_close_v4.server": [(0, "server ACK#1 after client FIN#1", "Teardown: stuck in CLOSE_WAIT")],
    "time_wait_reuse_v4.client": [(1, "client SYN#1", "Teardown: SYN reuses a TIME_WAIT 4-tuple")],
    "multi_v4.client": [(2, "client RST#1", "Teardown: the RST that ended it"),
                        (3, "server RST#1", "Teardown: the RST that ended it")],
}


def located(cmd, names, pcap, specs):
    pkts = run_corpus.packets(cmd, names, pcap, True)
    frames = set()
    for stream, spec in specs:
        frames.update(run_corpus.locate(spec, [p for p in pkts if p["stream"] == stream]))
    return frames, pkts


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tshark", required=True)
    ap.add_argument("--captures", required=True)
    ap.add_argument("--colorfilters", required=True)
    args = ap.parse_args()
    names = run_corpus.value_names(args.tshark)
    run_corpus.LABELS.update(names)
    passed, failed = 0, []
    for question, flt, cases in TRIAGE:
        for cap, specs in cases.items():
            pcap = os.path.join(args.captures, cap + ".pcap")
            want, _ = located(args.tshark, names, pcap, specs)
            out = run_corpus.run(args.tshark, ["-2", "-r", pcap, "-Y", flt, "-T", "fields", "-e", "frame.number"])
            got = {int(x) for x in out.split()}
            if got == want:
                passed += 1
            else:
                failed.append("%s (%s) on %s: frames %s, expected %s" % (question, flt, cap, sorted(got), sorted(want)))

    # The coloring rules, applied by tshark itself from a profile holding only them.
    home = tempfile.mkdtemp()
    try:
        os.makedirs(os.path.join(home, ".config", "wireshark"))
        shutil.copy(args.colorfilters, os.path.join(home, ".config", "wireshark", "colorfilters"))
        os.chmod(home, 0o755)
        env = dict(os.environ, TD_TEST_HOME=home)
        for cap, rules in COLORS.items():
            pcap = os.path.join(args.captures, cap + ".pcap")
            out = subprocess.run([args.tshark, "-2", "--color", "-r", pcap, "-T", "fields", "-e", "frame.number",
                                  "-e", "frame.coloring_rule.name"], capture_output=True, text=True, env=env,
                                 check=True).stdout
            colored = dict(line.split("\t") for line in out.splitlines() if "\t" in line)
            pkts = run_corpus.packets(args.tshark, names, pcap, True)
            for stream, spec, rule in rules:
                frame = run_corpus.locate(spec, [p for p in pkts if p["stream"] == stream])[0]
                if colored.get(str(frame)) == rule:
                    passed += 1
                else:
                    failed.append("colour of %s frame %d: %r, expected %r" % (cap, frame, colored.get(str(frame)), rule))
    finally:
        shutil.rmtree(home)
    for f in failed:
        print("FAIL " + f)
    print("%d passed, %d failed" % (passed, len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
