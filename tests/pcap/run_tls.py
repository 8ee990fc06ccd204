#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Holds the plugin's TLS close verdicts to real TLS stacks (tests/scenarios/tls.tsv).

Every row of tls.tsv is one (scenario, vantage, keys): the capture
NAME.VANTAGE.pcap of tests/scenarios/tls (made by generate.sh -t: Python's
ssl / OpenSSL 3 over the real kernel, one connection) is read by the real
tshark with the built plugin, two-pass, once without keys and once with
`-o tls.keylog_file:NAME.keys`, and these are compared:

client/server  teardown.client.tls_close / teardown.server.tls_close (the
               last packet's, i.e. the connection's final values) against
               client_tls_close / server_tls_close; '-' = the field must be
               absent (that side never closed TCP).
truncated      the senders of the packets carrying teardown.tls.truncated
               must be exactly the truncated column ('-' = none).
version        teardown.tls.version must be 1.2 / 1.3 as the name says.

With keys the expected values are the truth (what the application did);
without keys they are what the capture can honestly show (README: TLS
close). One line per row, "ok" or "FAIL" with each difference; exit 1 if
anything failed.

  tests/pcap/run_tls.py [--tshark build/tests/pcap/tshark-plugin]
                        [--captures DIR] [-j N] [NAME...]
"""

import argparse
import concurrent.futures
import csv
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCEN = os.path.join(ROOT, "tests", "scenarios")
FIELDS = ["frame.number", "teardown.sender", "teardown.client.tls_close", "teardown.server.tls_close",
          "teardown.tls.version", "teardown.tls.truncated"]
ROLES = {"0": "client", "1": "server", "client": "client", "server": "server"}


def run(tshark, pcap, keys):
    cmd = [tshark, "-n", "-2", "-r", pcap, "-T", "fields", "-E", "separator=\t"]
    if keys:
        cmd += ["-o", "tls.keylog_file:" + keys]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError("tshark failed on %s: %s" % (pcap, out.stderr.strip()[-300:]))
    rows = [line.split("\t") for line in out.stdout.splitlines() if line]
    last = {}
    truncated = set()
    for r in rows:
        r += [""] * (len(FIELDS) - len(r))
        vals = dict(zip(FIELDS, r))
        if vals["teardown.sender"]:
            last = vals
        if vals["teardown.tls.truncated"]:
            truncated.add(ROLES.get(vals["teardown.sender"], vals["teardown.sender"]))
    return last, truncated


def check(tshark, captures, row):
    name, vantage, keys = row["scenario"], row["vantage"], row["keys"]
    pcap = os.path.join(captures, "%s.%s.pcap" % (name, vantage))
    keyfile = os.path.join(captures, name + ".keys") if keys == "yes" else None
    last, truncated = run(tshark, pcap, keyfile)
    diffs = []
    for role in ("client", "server"):
        want = row[role + "_tls_close"]
        got = last.get("teardown.%s.tls_close" % role) or "-"
        if got != want:
            diffs.append("%s tls_close %s, expected %s" % (role, got, want))
    want_trunc = set() if row["truncated"] == "-" else set(row["truncated"].split(","))
    if truncated != want_trunc:
        diffs.append("tls.truncated on %s, expected %s" % (",".join(sorted(truncated)) or "-",
                                                             row["truncated"]))
    m = re.match(r"tls1(\d)_", name)
    want_version = "1.%s" % m.group(1) if m else None
    if want_version and last.get("teardown.tls.version") != want_version:
        diffs.append("tls.version %s, expected %s" % (last.get("teardown.tls.version") or "-", want_version))
    label = "%s %s keys=%s" % (name, vantage, keys)
    return label, diffs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tshark", default=os.path.join(ROOT, "build", "tests", "pcap", "tshark-plugin"))
    ap.add_argument("--captures", default=os.path.join(SCEN, "tls"))
    ap.add_argument("--table", default=os.path.join(SCEN, "tls.tsv"))
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    with open(args.table) as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if not args.names or r["scenario"] in args.names]
    if not rows:
        print("no rows selected")
        return 1
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as ex:
        for label, diffs in ex.map(lambda r: check(args.tshark, args.captures, r), rows):
            if diffs:
                failed += 1
                print("FAIL %s: %s" % (label, "; ".join(diffs)))
            else:
                print("ok   %s" % label)
    print("%d of %d rows failed" % (failed, len(rows)) if failed else "all %d rows ok" % len(rows))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
