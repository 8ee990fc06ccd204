#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin pays only for what a command uses (issue 16), checked without
timing anything: the plugin counts the items, texts and expert infos it
renders and prints the counts at the end of the file when TD_RENDER_COUNTS
is set, with the frames it analysed and those it decided to skip. A command
that names nothing of the plugin must get none of them, and in one pass have
no frame analysed (the plugin decides at the first frame, skips it and
switches itself off); each way of using the plugin must have every frame
analysed; one that names a single field gets at most that field and its
protocol item per packet, and no text (a filter on the outcome: that field
alone); `-V` gets everything (which shows the counters count). The plugin
also counts the packets whose changes it kept to recall them on a later
pass: none in a single pass, some with -2.

Usage: check_render_cost.py --tshark TSHARK CAPTURE..."""

import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks  # noqa: E402

COUNTS = re.compile(r"^teardown rendered: packets=(\d+) items=(\d+) stubs=(\d+) texts=(\d+) experts=(\d+) "
                    r"skipped=(\d+) kept=(\d+)$", re.M)

# Commands that name nothing of the plugin: nothing rendered, and in one pass
# nothing analysed either (the plugin decides at the first frame that no
# filter, tap, column or printed tree will read it).
NOTHING = [
    [],
    ["-q"],
    ["-q", "-z", "io,stat,0"],
    ["-q", "-z", "conv,tcp"],
    ["-Y", "tcp.flags.reset == 1"],
    ["-T", "fields", "-e", "frame.number", "-e", "tcp.stream"],
    ["-T", "fields", "-E", "separator=/t", "-e", "frame.number", "-e", "tcp.stream"],
    ["-2", "-T", "fields", "-e", "frame.number", "-e", "tcp.stream"],
    ["-T", "json", "-J", "tcp"],
    ["-T", "ek", "-J", "tcp"],
    ["-T", "json", "-e", "tcp.stream"],
]

# Commands whose only use of the plugin is one thing set up outside the
# command's output options: each must still be analysed (nothing skipped).
USES = [
    ["-q", "-z", "teardown,conns"],
    ["-q", "-z", "expert"],
    ["-q", "-z", "io,stat,0,teardown.outcome == \"graceful\""],
    ["-o", 'gui.column.format:"No.","%m","Outcome","%Cus:teardown.outcome"'],
    ["-o", 'gui.column.format:"No.","%m","Expert","%a"'],
    ["-Y", "_ws.expert.severity >= warning"],
    ["-Y", "teardown"],
    ["-V"],
    ["-O", "teardown"],
    ["-T", "pdml"],
]

# Commands that name one plugin field: that field and the protocol item at
# most, on each packet, and no text.
ONE_FIELD = [
    ["-Y", 'teardown.outcome == "reset"'],
    ["-T", "fields", "-e", "frame.number", "-e", "teardown.outcome"],
    ["-2", "-T", "fields", "-E", "separator=/t", "-e", "tcp.stream", "-e", "teardown.client.final_state"],
    ["-T", "json", "-e", "teardown.client.state"],
]

# Commands that name expert infos: expert infos, but no text of the tree.
EXPERTS = [
    ["-T", "fields", "-e", "_ws.expert.message"],
    ["-2", "-T", "fields", "-e", "frame.number", "-Y", "teardown.fin.unacked || teardown.rst.abort"],
]


def counts(tshark, pcap, args):
    env = dict(os.environ, TD_RENDER_COUNTS="1")
    proc = subprocess.run([tshark, "-r", pcap] + args, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError("tshark %s failed (%d): %s" % (" ".join(args), proc.returncode, proc.stderr.strip()))
    found = COUNTS.findall(proc.stderr)
    if not found:
        raise RuntimeError("tshark %s printed no render counts (plugin not loaded?)" % " ".join(args))
    packets, items, stubs, texts, experts, skipped, kept = (int(x) for x in found[-1])
    return dict(packets=packets, items=items, stubs=stubs, texts=texts, experts=experts, skipped=skipped,
                kept=kept)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tshark", required=True)
    ap.add_argument("captures", nargs="+")
    args = ap.parse_args()
    ck = Checks()
    check = ck.ok

    for pcap in args.captures:
        name = os.path.basename(pcap)
        try:
            for cmd in NOTHING:
                c = counts(args.tshark, pcap, cmd)
                check(c["items"] == c["texts"] == c["experts"] == 0,
                      "%s %s names nothing of the plugin but got %s" % (name, cmd, c))
                if "-2" in cmd:
                    # The first pass cannot know what the second will filter on.
                    check(c["packets"] > 0 and c["skipped"] == 0, "%s %s: not analysed: %s" % (name, cmd, c))
                elif cmd == ["-q"]:
                    # A bare -q has tshark skip dissection altogether.
                    check(c["packets"] == c["skipped"] == 0, "%s %s: dissected: %s" % (name, cmd, c))
                else:
                    check(c["packets"] == 0 and c["skipped"] > 0, "%s %s: analysed for no one: %s" % (name, cmd, c))
            for cmd in USES:
                c = counts(args.tshark, pcap, cmd)
                check(c["packets"] > 0 and c["skipped"] == 0, "%s %s uses the plugin but got %s" % (name, cmd, c))
                check(c["kept"] == 0, "%s %s: a single pass kept changes: %s" % (name, cmd, c))
            for cmd in ONE_FIELD:
                c = counts(args.tshark, pcap, cmd)
                check(c["items"] <= 2 * c["packets"] and c["texts"] == 0 and c["experts"] == 0,
                      "%s %s names one field but got %s" % (name, cmd, c))
                check((c["kept"] > 0) == ("-2" in cmd), "%s %s: changes kept: %s" % (name, cmd, c))
            c = counts(args.tshark, pcap, ONE_FIELD[0])
            check(0 < c["items"] <= c["packets"], "%s %s: more than the outcome: %s" % (name, ONE_FIELD[0], c))
            for cmd in EXPERTS:
                c = counts(args.tshark, pcap, cmd)
                check(c["texts"] == 0, "%s %s names expert infos only but got %s" % (name, cmd, c))
            c = counts(args.tshark, pcap, ["-V"])
            check(c["items"] > 0 and c["texts"] > 0 and c["experts"] > 0,
                  "%s -V should render everything, got %s" % (name, c))
            c = counts(args.tshark, pcap, ["-T", "fields", "-e", "_ws.expert.message"])
            check(c["experts"] > 0, "%s -e _ws.expert.message got no expert info: %s" % (name, c))
        except RuntimeError as e:
            check(False, "%s: %s" % (name, e))
    return ck.report()


if __name__ == "__main__":
    sys.exit(main())
