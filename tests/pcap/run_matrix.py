#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Holds the plugin to the kernel over the loss matrix (tests/scenarios/matrix).

For every scenario NAME (one NAME.expect) and each vantage point (the
client's and the server's capture), the real tshark with the built plugin
is run once (-2) and compared with the kernel:

final     teardown.{client,server}.final_state of each stream against the
          kernels' ss at the end (NAME.expect).
timeline  per-packet teardown.{client,server}.state against the states the
          kernel showed during the run (NAME.timeline, /proc polled about
          every millisecond). For a snapshot of host H read between t0 and
          t1, the plugin's H-state must be one of the states after the
          packets lo..hi of the stream, in capture order, where
            hi = last packet that reached (or left) H by t1 + TOL,
            lo = last packet such that it and every packet before it had
                 reached (or left) H by t0 - TOL.
          "Reached H" uses the packet's time in H's own capture, found by
          matching packets across the two captures (ports, raw seq/ack,
          flags, length, TSval), so time spent in the router's queues is
          not counted against the plugin; a packet H's capture does not have
          (dropped in the router on its way to H) keeps its time at the
          vantage. TOL (default 3 ms) covers the gap between a socket call
          changing the state and its segment being captured, and capture
          timestamps against the poll. Snapshots before the stream's first
          packet (lo = 0) say nothing and are skipped.
          Evidence lag: the plugin moves a receiver's state only on
          evidence, i.e. when the receiver next sends a segment whose ACK
          shows what it got. So hi is then extended to H's next segment of
          the stream in capture order after packet hi (if any): the
          kernel's state is also accepted if it equals the plugin's H-state
          after any packet up to and including that segment. (A delayed ACK
          of a FIN, e.g. cf4_none: the kernel is in CLOSE_WAIT at once, the
          capture shows it only with the ACK ~40 ms later.)
shape     for the 3- and 4-segment rows: at the passive side's capture, the
          first segment that ACKs the active side's FIN is a FIN (3) or not
          (4). A lossless row whose shape did not happen fails.
clock     at each host's own capture, its first FIN must not precede the
          driver's mark of its first close()/shutdown() (CLOCK_REALTIME in
          both; a violation means the clocks are not comparable).

A mismatch listed in the limits file (vantage_limits.tsv next to the
captures) is a known vantage limit: reported as LIMIT, not a failure. Any
other mismatch fails the scenario. A listed limit that no longer occurs is
reported as STALE (a failure with --strict).
"""

import argparse
import concurrent.futures
import csv
import os
import subprocess
import sys
import time

ENDPOINTS = ("client", "server")
FIELDS = ["frame.number", "frame.time_epoch", "tcp.stream", "tcp.srcport", "tcp.dstport",
          "tcp.seq_raw", "tcp.ack_raw", "tcp.flags", "tcp.len", "tcp.options.timestamp.tsval",
          "teardown.client.state", "teardown.server.state",
          "teardown.client.final_state", "teardown.server.final_state"]
TH_FIN, TH_SYN, TH_RST, TH_ACK = 0x01, 0x02, 0x04, 0x10


class Failure(Exception):
    pass


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise Failure("%s failed (%d): %s" % (" ".join(cmd), proc.returncode, proc.stderr.strip()[-500:]))
    return proc.stdout


def value_names(tshark):
    names = {}
    for line in run([tshark, "-G", "values"]).splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[0] == "V" and parts[1].startswith("teardown."):
            names.setdefault(parts[1], {})[parts[2]] = parts[3]
    if "\tteardown.client.state\t" not in run([tshark, "-G", "fields"]):
        raise Failure("tshark -G fields has no teardown.client.state: plugin not loaded")
    return names


def read_capture(tshark, names, pcap):
    cmd = [tshark, "-2", "-n", "-r", pcap, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f"]
    for f in FIELDS:
        cmd += ["-e", f]
    pkts = []
    for line in run(cmd).splitlines():
        v = dict(zip(FIELDS, line.split("\t")))
        if not v.get("tcp.stream"):
            continue
        lab = lambda f: names.get(f, {}).get(v.get(f, ""), v.get(f)) or None
        pkts.append({
            "frame": int(v["frame.number"]), "ts": float(v["frame.time_epoch"]),
            "stream": int(v["tcp.stream"]),
            "sport": int(v["tcp.srcport"]), "dport": int(v["tcp.dstport"]),
            "seq": int(v["tcp.seq_raw"] or 0), "ack": int(v["tcp.ack_raw"] or 0),
            "flags": int(v["tcp.flags"] or "0", 16), "len": int(v["tcp.len"] or 0),
            "tsval": v.get("tcp.options.timestamp.tsval", ""),
            "client": lab("teardown.client.state"), "server": lab("teardown.server.state"),
            "final": (lab("teardown.client.final_state"), lab("teardown.server.final_state")),
        })
    return pkts


def key(p):
    return (p["sport"], p["dport"], p["seq"], p["ack"], p["flags"], p["len"], p["tsval"])


def read_expect(path):
    with open(path, newline="") as fh:
        return {int(r["stream"]): r for r in csv.DictReader(fh, delimiter="\t")}


def read_timeline(path):
    states, marks = [], []
    with open(path) as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            f = line.rstrip("\n").split("\t")
            if f[0] == "state":
                states.append({"t0": float(f[1]), "t1": float(f[2]), "host": f[3], "local": f[4],
                               "remote": f[5], "state": f[6], "kind": f[7]})
            elif f[0] == "mark":
                marks.append((float(f[1]), f[2]))
    return states, marks


def read_limits(path):
    limits = []
    if not os.path.exists(path):
        return limits
    with open(path, newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#") or row[0] == "scenario":
                continue
            if len(row) < 7:
                raise Failure("%s: short line %r" % (path, row))
            limits.append({"scenario": row[0], "vantage": row[1], "endpoint": row[2], "check": row[3],
                           "plugin": row[4], "kernel": row[5], "why": row[6], "used": False})
    return limits


def port_of(endpoint):
    return int(endpoint.rsplit(":", 1)[1])


# ---- checks ---------------------------------------------------------------

def check_finals(name, vantage, pkts, expect):
    found = {}
    for p in pkts:
        if p["final"][0]:
            found[p["stream"]] = p["final"]
    out = []
    for stream, row in sorted(expect.items()):
        got = found.get(stream, (None, None))
        for i, ep in enumerate(ENDPOINTS):
            want = row[ep + "_final"]
            if want != "-" and got[i] != want:
                out.append({"scenario": name, "vantage": vantage, "endpoint": ep, "check": "final",
                            "plugin": str(got[i]), "kernel": want, "stream": stream,
                            "detail": "stream %d final" % stream})
    return out


def sent_by(p, local, remote):
    """Whether the segment P left the endpoint LOCAL (towards REMOTE)."""
    return p["sport"] == port_of(local) and p["dport"] == port_of(remote)


def host_times(vpkts, own_pkts, vantage, host):
    """Per packet of the vantage: its time at HOST's interface."""
    if vantage == host:
        return [p["ts"] for p in vpkts]
    pool = {}
    for p in own_pkts:
        pool.setdefault(key(p), []).append(p["ts"])
    times = []
    for p in vpkts:
        q = pool.get(key(p))
        times.append(q.pop(0) if q else p["ts"])
    return times


def check_timeline(name, vantage, caps, expect, states, tol):
    out = []
    snapshots = 0
    for stream, row in sorted(expect.items()):
        vp = [p for p in caps[vantage] if p["stream"] == stream]
        if not vp:
            continue
        for host in ENDPOINTS:
            local, remote = (row["client"], row["server"]) if host == "client" else (row["server"], row["client"])
            own = [p for p in caps[host] if p["sport"] in (port_of(local), port_of(remote))
                   and p["dport"] in (port_of(local), port_of(remote))]
            ht = host_times(vp, own, vantage, host)
            # prefix_max[i]: latest host time among packets 0..i
            prefix_max = []
            m = float("-inf")
            for t in ht:
                m = max(m, t)
                prefix_max.append(m)
            for snap in states:
                if snap["host"] != host or snap["local"] != local or snap["remote"] != remote:
                    continue
                lo = sum(1 for pm in prefix_max if pm <= snap["t0"] - tol)
                if lo == 0:
                    continue
                hi = max([i + 1 for i, t in enumerate(ht) if t <= snap["t1"] + tol] or [0])
                hi = max(hi, lo)
                # evidence lag: extend to H's next segment after the window
                nxt = next((i for i in range(hi, len(vp)) if sent_by(vp[i], local, remote)), None)
                if nxt is not None:
                    hi = nxt + 1
                cands = []
                for p in vp[lo - 1:hi]:
                    s = p[host]
                    if s and (not cands or cands[-1] != s):
                        cands.append(s)
                if not cands:
                    continue
                snapshots += 1
                if snap["state"] not in cands:
                    out.append({"scenario": name, "vantage": vantage, "endpoint": host, "check": "timeline",
                                "plugin": "|".join(cands), "kernel": snap["state"], "stream": stream,
                                "frames": (vp[lo - 1]["frame"], vp[hi - 1]["frame"]),
                                "t": snap["t0"], "kind": snap["kind"]})
    return out, snapshots


def aggregate_timeline(mismatches):
    """One entry per (vantage, endpoint, plugin states, kernel state)."""
    agg = {}
    for m in mismatches:
        k = (m["vantage"], m["endpoint"], m["plugin"], m["kernel"])
        a = agg.setdefault(k, dict(m, count=0, tmin=m["t"], tmax=m["t"], fmin=m["frames"][0],
                                   fmax=m["frames"][1]))
        a["count"] += 1
        a["tmin"], a["tmax"] = min(a["tmin"], m["t"]), max(a["tmax"], m["t"])
        a["fmin"], a["fmax"] = min(a["fmin"], m["frames"][0]), max(a["fmax"], m["frames"][1])
    out = []
    for a in agg.values():
        a["detail"] = "%d snapshot(s) at %.3f-%.3f s, plugin state after frames %d..%d" % (
            a["count"], a["tmin"] - a["t0base"], a["tmax"] - a["t0base"], a["fmin"], a["fmax"])
        out.append(a)
    return out


def check_shape(name, caps):
    shape = name.split("_")[0]
    if shape not in ("cf3", "cf4", "sf3", "sf4"):
        return None
    active = "client" if shape.startswith("c") else "server"
    passive = "server" if active == "client" else "client"
    pk = caps[passive]
    syn = [p for p in pk if p["flags"] & TH_SYN and not p["flags"] & TH_ACK]
    if not syn:
        return "no SYN at the %s" % passive
    aport = syn[0]["sport"] if active == "client" else syn[0]["dport"]
    fins = [p for p in pk if p["flags"] & TH_FIN and p["sport"] == aport]
    if not fins:
        return "no FIN from the %s reached the %s" % (active, passive)
    f = fins[0]
    want_ack = (f["seq"] + f["len"] + 1) & 0xffffffff
    for p in pk:
        if p["sport"] == f["dport"] and p["flags"] & TH_ACK and p["ack"] == want_ack:
            return "3-segment" if p["flags"] & TH_FIN else "4-segment"
    return "the %s never ACKed the %s's FIN" % (passive, active)


def check_clock(caps, marks, expect):
    """(deltas, violations): first FIN at each host's own capture minus the
    driver's mark of that host's first close()/shutdown() call."""
    deltas, bad = [], []
    for host in ENDPOINTS:
        called = [t for t, text in marks if text.startswith(host + ": ") and
                  ("close()" in text or "shutdown(" in text) and text.endswith("called")]
        if not called:
            continue
        ports = set()
        for row in expect.values():
            ports.add(port_of(row[host]))
        fins = [p["ts"] for p in caps[host] if p["flags"] & TH_FIN and p["sport"] in ports]
        if not fins:
            continue
        d = fins[0] - called[0]
        if d < -0.0005:
            bad.append("%s: first FIN captured %.6f s before close() was called" % (host, -d))
        elif d < 0.05:
            deltas.append(d)
    return deltas, bad


# ---- driver ---------------------------------------------------------------

def check_scenario(tshark, names, mdir, name, tol):
    expect = read_expect(os.path.join(mdir, name + ".expect"))
    caps = {v: read_capture(tshark, names, os.path.join(mdir, "%s.%s.pcap" % (name, v))) for v in ENDPOINTS}
    states, marks = read_timeline(os.path.join(mdir, name + ".timeline"))
    t0base = min(p["ts"] for v in ENDPOINTS for p in caps[v]) if caps["client"] or caps["server"] else 0
    mismatches = []
    snapshots = 0
    for v in ENDPOINTS:
        mismatches += check_finals(name, v, caps[v], expect)
        tl, n = check_timeline(name, v, caps, expect, states, tol)
        snapshots += n
        for m in tl:
            m["t0base"] = t0base
        mismatches += aggregate_timeline(tl)
    deltas, clock_bad = check_clock(caps, marks, expect)
    return {"name": name, "mismatches": mismatches, "snapshots": snapshots, "shape": check_shape(name, caps),
            "clock": deltas, "clock_bad": clock_bad, "expect": expect}


def matches(limit, m):
    """A limit covers a mismatch of the same scenario, vantage, endpoint,
    check and kernel state. For a per-packet check the plugin's side is the
    set of states in the tolerance window, which shifts with the timing of a
    run: the limit's states need only meet it."""
    if not all(limit[k] in ("*", m[k]) for k in ("scenario", "vantage", "endpoint", "check", "kernel")):
        return False
    if limit["plugin"] in ("*", m["plugin"]):
        return True
    return m["check"] == "timeline" and bool(set(limit["plugin"].split("|")) & set(m["plugin"].split("|")))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tshark", required=True, help="tshark wrapper that loads the built plugin")
    ap.add_argument("--matrix", required=True, help="directory with NAME.{client,server}.pcap, .expect, .timeline")
    ap.add_argument("--limits", help="known vantage limits (default: MATRIX/vantage_limits.tsv)")
    ap.add_argument("--tolerance-ms", type=float, default=3.0)
    ap.add_argument("-j", "--jobs", type=int, default=4)
    ap.add_argument("--strict", action="store_true", help="stale limits fail too")
    ap.add_argument("--report", help="also write every mismatch as TSV here")
    ap.add_argument("--timeline-advisory", action="store_true",
                    help="print per-packet mismatches not in the limits as ADVISORY instead of failing: for a "
                         "fresh run, whose snapshot instants fall differently every time (the committed matrix "
                         "is held to them strictly)")
    ap.add_argument("scenarios", nargs="*")
    args = ap.parse_args()
    start = time.monotonic()
    limits_path = args.limits or os.path.join(args.matrix, "vantage_limits.tsv")
    try:
        names = value_names(args.tshark)
        limits = read_limits(limits_path)
    except Failure as e:
        print("FAIL setup: %s" % e)
        return 1
    todo = sorted(args.scenarios) or sorted(f[:-len(".expect")] for f in os.listdir(args.matrix)
                                            if f.endswith(".expect"))
    tol = args.tolerance_ms / 1000.0
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futs = {pool.submit(check_scenario, args.tshark, names, args.matrix, n, tol): n for n in todo}
        for fut in concurrent.futures.as_completed(futs):
            n = futs[fut]
            try:
                results[n] = fut.result()
            except (Failure, OSError, ValueError, KeyError) as e:
                results[n] = {"name": n, "error": str(e)}

    failed = limited = passed = 0
    report = []
    all_deltas = []
    snapshots = 0
    for n in todo:
        r = results[n]
        if "error" in r:
            print("FAIL %s: %s" % (n, r["error"]))
            failed += 1
            continue
        snapshots += r["snapshots"]
        all_deltas += r["clock"]
        lines, bad, lim = [], False, False
        for m in r["mismatches"]:
            hit = [l for l in limits if matches(l, m)]
            for l in hit:
                l["used"] = True
            advisory = not hit and args.timeline_advisory and m["check"] == "timeline"
            tag = "limit" if hit else ("ADVISORY" if advisory else "MISMATCH")
            bad |= not hit and not advisory
            lim |= bool(hit)
            where = m.get("detail", "")
            lines.append("  %-8s %-6s %-6s %-8s plugin %-24s kernel %-12s %s" % (
                tag, m["vantage"], m["endpoint"], m["check"], m["plugin"], m["kernel"], where))
            report.append((n, m["vantage"], m["endpoint"], m["check"], m["plugin"], m["kernel"],
                           "limit" if hit else "mismatch", where))
        shape = r["shape"]
        if shape is not None:
            want = "3-segment" if n.split("_")[0].endswith("3") else "4-segment"
            if shape != want:
                if "_none_" in n:
                    bad = True
                    lines.append("  SHAPE    %s, not %s" % (shape, want))
                else:
                    lines.append("  shape    %s (the loss changed it)" % shape)
        for c in r["clock_bad"]:
            bad = True
            lines.append("  CLOCK    " + c)
        finals = "; ".join("%d: %s/%s" % (s, row["client_final"], row["server_final"])
                           for s, row in sorted(r["expect"].items()))
        status = "FAIL" if bad else ("LIMIT" if lim else "ok")
        print("%-5s %-28s kernel %s%s" % (status, n, finals, ", " + shape if shape else ""))
        for l in lines:
            print(l)
        if bad:
            failed += 1
        elif lim:
            limited += 1
        else:
            passed += 1
    stale = [l for l in limits if not l["used"] and (not args.scenarios or l["scenario"] in todo)]
    for l in stale:
        print("STALE limit no longer seen: %s" % "\t".join(l[k] for k in (
            "scenario", "vantage", "endpoint", "check", "plugin", "kernel")))
    if args.report:
        with open(args.report, "w") as fh:
            fh.write("scenario\tvantage\tendpoint\tcheck\tplugin\tkernel\tstatus\tdetail\n")
            for r in report:
                fh.write("\t".join(str(x) for x in r) + "\n")
    if all_deltas:
        print("clock: %d close() calls, their FIN captured %.0f..%.0f us after the call" % (
            len(all_deltas), min(all_deltas) * 1e6, max(all_deltas) * 1e6))
    print("matrix: %d scenarios, %d captures, %d kernel snapshots checked, tolerance %.1f ms, %.1f s" % (
        len(todo), 2 * len(todo), snapshots, args.tolerance_ms, time.monotonic() - start))
    print("%d ok, %d only known vantage limits, %d failed, %d stale limits" % (passed, limited, failed, len(stale)))
    return 1 if failed or (args.strict and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
