#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Holds the README's triage display filters and the "Teardown" configuration
profile (its coloring rules: docs/teardown.colorfilters above Wireshark's
defaults; its columns) to the frames they are meant to pick out on the
kernel corpus, and the rules' colours to what they mean: Wireshark (4.0,
4.4 and 4.6 alike) reads [background][foreground], and each teardown rule is
black text on a light colour."""

import argparse
import os
import re
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
    # The holder takes this SYN (RFC 6191): no teardown colour; Wireshark's
    # own rule for TCP's "ports reused" Note.
    "time_wait_reuse_v4.client": [(1, "client SYN#1", "Bad TCP")],
    "multi_v4.client": [(2, "client RST#1", "Teardown: the RST that ended it"),
                        (3, "server RST#1", "Teardown: the RST that ended it")],
}


def luminance(rgb):
    r, g, b = (c / 65535 for c in rgb)
    return 0.299 * r + 0.587 * g + 0.114 * b


def check_rule_colours(path):
    """Each rule reads @name@filter@[background][foreground] (16-bit RGB);
    the teardown rules come first, as light rows with black text."""
    ok, problems, seen_other = 0, [], False
    with open(path) as fh:
        for line in fh:
            m = re.match(r"^(!?)@([^@]*)@([^@]*)@\[(\d+),(\d+),(\d+)\]\[(\d+),(\d+),(\d+)\]\s*$", line)
            if not m:
                continue
            name = m.group(2)
            bg = [int(x) for x in m.group(4, 5, 6)]
            fg = [int(x) for x in m.group(7, 8, 9)]
            if not name.startswith("Teardown:"):
                seen_other = True
                continue
            if seen_other:
                problems.append("rule %r comes after a Wireshark rule: it would never win" % name)
            elif luminance(bg) < 0.6 or luminance(fg) > 0.15:
                problems.append("rule %r: background %s, foreground %s: not black on a light colour" % (name, bg, fg))
            else:
                ok += 1
    if not seen_other:
        problems.append("%s holds no Wireshark default rules after the teardown ones" % path)
    return ok, problems


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
    ap.add_argument("--profile", required=True, help="the built Teardown profile folder")
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

    ok, problems = check_rule_colours(os.path.join(args.profile, "colorfilters"))
    passed += ok
    failed += problems

    # The coloring rules, applied by tshark itself from the Teardown profile.
    home = tempfile.mkdtemp()
    try:
        profiles = os.path.join(home, ".config", "wireshark", "profiles")
        os.makedirs(profiles)
        shutil.copytree(args.profile, os.path.join(profiles, "Teardown"))
        os.chmod(home, 0o755)
        env = dict(os.environ, TD_TEST_HOME=home)
        # tshark prints its packet lines with the profile's columns: both states.
        first = os.path.join(args.captures, "graceful_client_first_v4.client.pcap")
        lines = subprocess.run([args.tshark, "-C", "Teardown", "-2", "-r", first, "-c", "2"], capture_output=True,
                               text=True, env=env, check=True).stdout.splitlines()
        if len(lines) == 2 and "SYN_SENT" in lines[0] and "CLOSED" in lines[0] and "SYN_RECEIVED" in lines[1]:
            passed += 1
        else:
            failed.append("the Teardown profile's state columns are missing from %r" % lines)
        for cap, rules in COLORS.items():
            pcap = os.path.join(args.captures, cap + ".pcap")
            out = subprocess.run([args.tshark, "-C", "Teardown", "-2", "--color", "-r", pcap, "-T", "fields", "-e", "frame.number",
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
