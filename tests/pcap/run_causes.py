#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Holds the plugin's "why it ended" answers to the kernel (tests/scenarios/causes.tsv).

Every row of causes.tsv is one (scenario, vantage, stream): the real-kernel
capture NAME.VANTAGE.pcap (in tests/scenarios/causes, or in
tests/scenarios/captures for the reused ones) is read once per vantage by
the real tshark with the built plugin, two-pass, with
`-o teardown.idle_seconds:2` (the idle scenarios sit idle 2.5-3 s), and
for each stream these are compared:

final        teardown.client.final_state / teardown.server.final_state
             against client_final / server_final (the kernels' ss).
cause        teardown.cause against cause.
abort_stage  teardown.abort_stage against abort_stage, unless that is '-'.
syn_retries  teardown.syn_retries against syn_retries, unless '-'.
experts      every name of the experts column ('teardown.' left off) must
             be among the stream's expert infos (its .capture_edge twin
             counts); others may appear too.
delay        where the note says stale_state.delay=SECONDS (measured from
             the capture when the table was written),
             teardown.stale_state.delay must be within 1 ms of it (in
             a fresh run, --captures, between 0 and 0.5 s).

A final-state mismatch listed in tests/scenarios/causes/vantage_limits.tsv
(the router acted where this vantage cannot see) is reported as LIMIT,
not as a failure; a listed one that no longer occurs is reported as STALE.

Enum fields are compared by label (tshark -G values). A field or
preference the plugin does not register is reported once as missing and
every check that needs it fails ("missing"), so the script runs against
any plugin version. One line per scenario and vantage: "ok" or "FAIL"
with each difference; exit status 1 if anything failed (with --finals-only
only the final states are checked).

  tests/pcap/run_causes.py [--tshark build/tests/pcap/tshark-plugin]
                           [--finals-only] [-j N] [NAME...]
"""

import argparse
import concurrent.futures
import csv
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCEN = os.path.join(ROOT, "tests", "scenarios")
EDGE_SUFFIX = ".capture_edge"
FIELDS = {
    "cause": "teardown.cause",
    "abort_stage": "teardown.abort_stage",
    "syn_retries": "teardown.syn_retries",
    "client_final": "teardown.client.final_state",
    "server_final": "teardown.server.final_state",
    "delay": "teardown.stale_state.delay",
    "idle_timer": "teardown.idle_timer",
}
PREF = "teardown.idle_seconds"


def tshark_out(tshark, args):
    proc = subprocess.run([tshark] + args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("tshark %s failed (%d): %s" % (" ".join(args), proc.returncode,
                                                           proc.stderr.strip()[-400:]))
    return proc.stdout


def registered(tshark):
    fields = set()
    for line in tshark_out(tshark, ["-G", "fields"]).splitlines():
        parts = line.split("\t")
        if len(parts) > 2 and parts[0] in ("F", "P"):
            fields.add(parts[2])
    if "teardown.client.final_state" not in fields:
        raise RuntimeError("%s has no teardown fields: plugin not loaded" % tshark)
    names = {}
    for line in tshark_out(tshark, ["-G", "values"]).splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[0] == "V" and parts[1].startswith("teardown."):
            names.setdefault(parts[1], {})[parts[2]] = parts[3]
    prefs = tshark_out(tshark, ["-G", "defaultprefs"])
    has_pref = re.search(r"^#?%s:" % re.escape(PREF), prefs, re.M) is not None
    return fields, names, has_pref


def flatten(node, out):
    """teardown fields (first value seen) and expert names of one packet."""
    if isinstance(node, list):
        for item in node:
            flatten(item, out)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "_ws.expert":
            for exp in value if isinstance(value, list) else [value]:
                for k in exp:
                    if k.startswith("teardown."):
                        out["experts"].add(k[:-len(EDGE_SUFFIX)] if k.endswith(EDGE_SUFFIX) else k)
        elif key.startswith("teardown.") and not isinstance(value, (dict, list)) and value != "":
            out["fields"].setdefault(key, value)
        elif isinstance(value, (dict, list)):
            flatten(value, out)


def streams(tshark, pcap, has_pref):
    """{tcp.stream: {"fields": last packet's teardown fields, "experts": union}}."""
    args = ["-2", "-n", "-r", pcap, "-T", "json", "--no-duplicate-keys", "-J", "frame tcp teardown"]
    if has_pref:
        args = ["-o", "%s:2" % PREF] + args
    result = {}
    for pkt in json.loads(tshark_out(tshark, args) or "[]"):
        layers = pkt["_source"]["layers"]
        tcp = layers.get("tcp")
        if isinstance(tcp, list):
            tcp = tcp[-1]
        if not tcp or "tcp.stream" not in tcp:
            continue
        info = {"fields": {}, "experts": set()}
        flatten(layers.get("teardown", {}), info)
        st = result.setdefault(int(tcp["tcp.stream"]), {"fields": {}, "experts": set()})
        st["fields"].update(info["fields"])
        st["experts"] |= info["experts"]
    return result


def label(names, field, raw):
    return names.get(field, {}).get(raw, raw)


def check_row(row, got, fields, names, finals_only):
    """Differences of one causes.tsv row against the plugin's stream."""
    diffs = []
    if got is None:
        return ["stream %s not in the capture" % row["stream"]], []
    f = got["fields"]

    def compare(col, want):
        field = FIELDS[col]
        if field not in fields:
            return "%s: want %s, missing (no field %s)" % (col, want, field)
        have = f.get(field)
        have = label(names, field, have) if have is not None else "(none)"
        if have != want:
            return "%s: want %s, got %s" % (col, want, have)
        return None

    final = []
    for col in ("client_final", "server_final"):
        d = compare(col, row[col])
        if d:
            final.append((col.split("_")[0], d))
    if finals_only:
        return diffs, final
    for col in ("cause", "abort_stage", "syn_retries"):
        if row[col] != "-":
            d = compare(col, row[col])
            if d:
                diffs.append(d)
    if row["experts"] != "-":
        for e in row["experts"].split(","):
            name = "teardown." + e
            if name not in got["experts"]:
                why = "" if name in fields else " (not registered)"
                diffs.append("expert %s missing%s" % (e, why))
    m = re.search(r"idle_timer=([^;]+)", row["note"])
    if m:
        field = FIELDS["idle_timer"]
        if f.get(field) != m.group(1).strip():
            diffs.append("idle_timer: want %r, got %r" % (m.group(1).strip(), f.get(field)))
    m = re.search(r"stale_state\.delay=([0-9.]+)", row["note"])
    if m:
        want = float(m.group(1))
        field = FIELDS["delay"]
        if field not in fields:
            diffs.append("stale_state.delay: want %.6f, missing (no field %s)" % (want, field))
        elif field not in f:
            diffs.append("stale_state.delay: want %.6f, got (none)" % want)
        elif FRESH_RANGE and not (FRESH_RANGE[0] < float(f[field]) <= FRESH_RANGE[1]):
            # A fresh kernel run retries at its own instant: only the order
            # of magnitude (a retry right after the challenge ACK) holds.
            diffs.append("stale_state.delay: want %s-%s s in a fresh run, got %s" % (FRESH_RANGE + (f[field],)))
        elif not FRESH_RANGE and abs(float(f[field]) - want) > 0.001:
            diffs.append("stale_state.delay: want %.6f, got %s" % (want, f[field]))
    return diffs, final


def read_limits(path):
    limits = {}
    if not os.path.exists(path):
        return limits
    with open(path, newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#") or row[0] == "scenario":
                continue
            scenario, vantage, stream, endpoint, plugin, kernel, why = row[:7]
            limits[(scenario, vantage, stream, endpoint)] = {"plugin": plugin, "kernel": kernel,
                                                             "why": why, "used": False}
    return limits


# Set for a fresh generate.sh -c run (--captures): the stale-state delay is
# then held to a range, not to the committed capture's value.
FRESH_RANGE = None


def wireshark_version(tshark):
    first = tshark_out(tshark, ["-v"]).splitlines()[0]
    m = re.search(r"(\d+)\.(\d+)\.\d+", first)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def for_version(rows, version):
    """Wireshark 4.4 and later start a new tcp.stream at a SYN after an RST
    even when it repeats the stream's own SYN: the stale-state dance (SYN,
    challenge ACK, the client's RST) then is a stream of its own, and the
    connection that follows (the same SYN again) the next one. The plugin
    follows tcp.stream, so the table, written in 4.0's numbering, is
    renumbered here: the dance's stream holds only the dance."""
    if version < (4, 4):
        return rows
    out = []
    for r in rows:
        if r["scenario"].startswith("stale_state") and r["stream"] == "1":
            dance = dict(r, cause="stale_state", abort_stage="handshake", experts="stale_state",
                         client_final="CLOSED", server_final="CLOSED",
                         note="Wireshark >= 4.4: the dance alone; the same SYN again opens the next stream")
            out.append(dance)
            out.append(dict(r, stream="2", experts="-"))  # the dance's expert is in stream 1 now
        else:
            out.append(r)
    return out


def pcap_for(name, vantage, first=None):
    dirs = ([first] if first else []) + [os.path.join(SCEN, sub) for sub in ("causes", "captures")]
    for d in dirs:
        p = os.path.join(d, "%s.%s.pcap" % (name, vantage))
        if os.path.exists(p):
            return p
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tshark", default=os.path.join(ROOT, "build", "tests", "pcap", "tshark-plugin"),
                    help="tshark wrapper that loads the built plugin")
    ap.add_argument("--table", default=os.path.join(SCEN, "causes.tsv"))
    ap.add_argument("--finals-only", action="store_true",
                    help="check only the final states (what today's plugin must already pass)")
    ap.add_argument("--limits", default=os.path.join(SCEN, "causes", "vantage_limits.tsv"))
    ap.add_argument("-j", type=int, default=2, help="tshark runs at once")
    ap.add_argument("--captures", help="look for NAME.VANTAGE.pcap here first (a fresh generate.sh -c run)")
    ap.add_argument("names", nargs="*", help="scenarios (default: every one in the table)")
    a = ap.parse_args()
    global FRESH_RANGE
    if a.captures:
        FRESH_RANGE = (0.0, 0.5)

    with open(a.table, newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    if a.names:
        unknown = set(a.names) - {r["scenario"] for r in rows}
        if unknown:
            sys.exit("not in %s: %s" % (a.table, " ".join(sorted(unknown))))
        rows = [r for r in rows if r["scenario"] in a.names]

    rows = for_version(rows, wireshark_version(a.tshark))
    limits = read_limits(a.limits)
    fields, names, has_pref = registered(a.tshark)
    wanted = set(FIELDS.values()) | {"teardown." + e for r in rows if r["experts"] != "-"
                                     for e in r["experts"].split(",")}
    missing = sorted(wanted - fields)
    if missing and not a.finals_only:
        print("FAIL missing fields/experts in the plugin: %s" % " ".join(missing))
        return 1
    if not has_pref:
        print("missing preference %s: tshark runs without -o %s:2" % (PREF, PREF))

    keys = []
    for r in rows:
        k = (r["scenario"], r["vantage"])
        if k not in keys:
            keys.append(k)
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.j)) as pool:
        futs = {}
        for name, vantage in keys:
            pcap = pcap_for(name, vantage, a.captures)
            if pcap is None:
                results[(name, vantage)] = RuntimeError("no capture %s.%s.pcap" % (name, vantage))
                continue
            futs[pool.submit(streams, a.tshark, pcap, has_pref)] = (name, vantage)
        for fut in concurrent.futures.as_completed(futs):
            try:
                results[futs[fut]] = fut.result()
            except RuntimeError as e:
                results[futs[fut]] = e

    failed = 0
    final_bad = []
    limited = []
    for name, vantage in keys:
        got = results[(name, vantage)]
        if isinstance(got, Exception):
            print("FAIL %s/%s: %s" % (name, vantage, got))
            failed += 1
            continue
        lines = []
        for r in rows:
            if (r["scenario"], r["vantage"]) != (name, vantage):
                continue
            diffs, final = check_row(r, got.get(int(r["stream"])), fields, names, a.finals_only)
            for endpoint, d in final:
                lim = limits.get((name, vantage, r["stream"], endpoint))
                if lim and d.endswith("got " + lim["plugin"]) and "want " + lim["kernel"] in d:
                    lim["used"] = True
                    limited.append("%s/%s stream %s: %s (%s)" % (name, vantage, r["stream"], d, lim["why"]))
                    continue
                lines.append("stream %s: %s" % (r["stream"], d))
                final_bad.append("%s/%s stream %s: %s" % (name, vantage, r["stream"], d))
            for d in diffs:
                lines.append("stream %s: %s" % (r["stream"], d))
        if lines:
            failed += 1
            print("FAIL %s/%s" % (name, vantage))
            for line in lines:
                print("    " + line)
        else:
            print("ok   %s/%s" % (name, vantage))
    for (scenario, vantage, stream, endpoint), lim in sorted(limits.items()):
        if not lim["used"] and (scenario, vantage) in results and \
                not isinstance(results[(scenario, vantage)], Exception):
            failed += 1
            print("STALE %s/%s stream %s %s: listed limit (plugin %s, kernel %s) no longer occurs"
                  % (scenario, vantage, stream, endpoint, lim["plugin"], lim["kernel"]))
    print("%d of %d scenario/vantage pairs ok; final-state mismatches against ss: %d, "
          "vantage limits: %d" % (len(keys) - failed, len(keys), len(final_bad), len(limited)))
    for line in final_bad:
        print("  final: " + line)
    for line in limited:
        print("  LIMIT: " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
