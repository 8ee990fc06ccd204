#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs the real tshark with the built plugin over the capture corpus and holds
its output to the kernel's recorded states (the .expect files) and to the
per-scenario expectations in expectations.py."""

import argparse
import csv
import json
import re
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import expectations  # noqa: E402

try:
    import expectations_crafted  # noqa: E402
    SCENARIOS = dict(expectations.SCENARIOS, **expectations_crafted.SCENARIOS)
    EXPECTED_FAILING = dict(getattr(expectations_crafted, "EXPECTED_FAILING", {}))
except ImportError:
    SCENARIOS = dict(expectations.SCENARIOS)
    EXPECTED_FAILING = {}

TH_FIN, TH_SYN, TH_RST, TH_ACK = 0x01, 0x02, 0x04, 0x10

# Expert infos that only the end of the capture can decide: absent on the
# first pass by design, so left out of the single-pass comparison.
DEFERRED = {"teardown.fin.unacked", "teardown.close_wait.stuck"}
# Severities the spec gives each expert info; the capture-edge twins are Note.
SEVERITY = {"chat": 0x00200000, "note": 0x00400000, "warn": 0x00600000, "error": 0x00800000}
DEFAULT_SEVERITY = {
    "close.active": "chat", "close.passive": "chat", "close.simultaneous": "note", "half_close": "note",
    "fin.retransmission": "note", "fin.unacked": "warn", "rst.abort": "warn", "rst.after_fin": "warn",
    "rst.refused": "note", "rst.out_of_window": "warn", "rst.data_loss": "warn", "rst.middlebox": "warn",
    "time_wait": "note", "time_wait.reuse": "note", "time_wait.fin_retransmission": "note",
    "time_wait.rst": "warn", "close_wait.stuck": "warn", "data_after_fin": "error",
    "idle_timeout": "warn", "keepalive_race": "warn", "retransmission_timeout": "error",
    "keepalive_timeout": "warn", "rst.ignored": "warn", "stale_state": "warn", "tls.truncated": "warn",
    # Registered under names of their own; filters on the names above find them too.
    "fin.unacked.capture_edge": "note", "close_wait.stuck.capture_edge": "note",
    # A SYN the TIME_WAIT holder would not accept (RFC 6191) is a Warning.
    "time_wait.reuse.rejected": "warn",
}
# The capture-edge twins are held to the expectations of the name they stand for.
EDGE_SUFFIX = ".capture_edge"
# The Warning twin of time_wait.reuse is held to the expectations of that name.
REJECTED_SUFFIX = ".rejected"
# An endpoint as the texts write it: 192.0.2.1:41001 or [2001:db8::1]:41001.
ENDPOINT = re.compile(r"(client|server) (\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\]):\d+")

CAUSAL_FIELDS = ("teardown.stream", "teardown.sender", "teardown.client.state",
                 "teardown.server.state", "teardown.midstream")


class Failure(Exception):
    pass


def run(tshark, args):
    proc = subprocess.run([tshark] + args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise Failure("tshark %s failed (%d): %s" % (" ".join(args), proc.returncode, proc.stderr.strip()))
    return proc.stdout


def value_names(tshark):
    """Number-to-label maps of teardown fields registered with value strings
    (none now: enumerations are string fields that hold the label itself, so
    the maps are empty and labels pass through); fails if the plugin's
    fields are missing."""
    names = {}
    for line in run(tshark, ["-G", "values"]).splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[0] == "V" and parts[1].startswith("teardown."):
            names.setdefault(parts[1], {})[parts[2]] = parts[3]
    if "\tteardown.client.state\t" not in run(tshark, ["-G", "fields"]):
        raise Failure("tshark -G fields has no teardown.client.state: plugin not loaded")
    return names


def check_plugin_loaded(tshark):
    plugins = run(tshark, ["-G", "plugins"])
    if "teardown.so" not in plugins:
        raise Failure("tshark -G plugins does not list teardown.so:\n" + plugins)
    protocols = run(tshark, ["-G", "protocols"])
    if "TCP Teardown Analysis\tTeardown\tteardown" not in protocols:
        raise Failure("tshark -G protocols does not list the teardown protocol")


def label(names, field, raw):
    if raw is None:
        return None
    return names.get(field, {}).get(raw, raw)


def flatten(node, out):
    """Collects teardown fields and expert abbrevs from one packet's JSON tree."""
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
                        name = k[:-len(EDGE_SUFFIX)] if k.endswith(EDGE_SUFFIX) else k
                        twin = name
                        if name.endswith(REJECTED_SUFFIX):
                            name = name[:-len(REJECTED_SUFFIX)]
                        out["experts"].add(name)
                        out["severity"][name] = int(exp.get("_ws.expert.severity", "0"))
                        out["twin"][name] = twin
                        out["messages"][name] = exp.get("_ws.expert.message", "")
        elif key.startswith("teardown.") and not isinstance(value, (dict, list)) and value != "":
            out["fields"].setdefault(key, value)
        elif isinstance(value, (dict, list)):
            flatten(value, out)


def packets(tshark, names, pcap, two_pass):
    args = (["-2"] if two_pass else []) + ["-r", pcap, "-T", "json", "--no-duplicate-keys",
                                           "-J", "frame tcp teardown"]
    result = []
    for pkt in json.loads(run(tshark, args) or "[]"):
        layers = pkt["_source"]["layers"]
        frame = layers.get("frame", {})
        tcp = layers.get("tcp", {})
        if isinstance(tcp, list):
            tcp = tcp[-1]
        info = {"fields": {}, "experts": set(), "severity": {}, "twin": {}, "messages": {}}
        flatten(layers.get("teardown", {}), info)
        f = info["fields"]
        result.append({
            "frame": int(frame["frame.number"]),
            "flags": int(tcp.get("tcp.flags", "0x0"), 16),
            "len": int(tcp.get("tcp.len", "0")),
            "stream": int(f["teardown.stream"]) if "teardown.stream" in f else None,
            "sender": label(names, "teardown.sender", f.get("teardown.sender")),
            "client": label(names, "teardown.client.state", f.get("teardown.client.state")),
            "server": label(names, "teardown.server.state", f.get("teardown.server.state")),
            "fields": f,
            "experts": info["experts"],
            "severity": info["severity"],
            "twin": info["twin"],
            "messages": info["messages"],
        })
    return result


def final_states_from_fields(tshark, names, pcap):
    """The 'Done when' query, exactly: tshark -2 -T fields; last row per stream."""
    out = run(tshark, ["-2", "-r", pcap, "-T", "fields", "-E", "separator=/t",
                       "-e", "tcp.stream", "-e", "teardown.client.final_state",
                       "-e", "teardown.server.final_state"])
    finals = {}
    for line in out.splitlines():
        stream, client, server = (line.split("\t") + ["", "", ""])[:3]
        # A frame carrying another frame has one tcp.stream per TCP layer: the
        # outermost is the segment on the wire.
        stream = stream.split(",")[0]
        if stream and client:
            finals[int(stream)] = (label(names, "teardown.client.final_state", client),
                                   label(names, "teardown.server.final_state", server))
    return finals


def read_expect(path):
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return {int(r["stream"]): r for r in rows}


# ---- locating frames ------------------------------------------------------

KINDS = {
    "SYN": lambda p: p["flags"] & (TH_SYN | TH_ACK | TH_RST) == TH_SYN,
    "SYNACK": lambda p: p["flags"] & (TH_SYN | TH_ACK | TH_RST) == TH_SYN | TH_ACK,
    "FIN": lambda p: bool(p["flags"] & TH_FIN),
    "RST": lambda p: bool(p["flags"] & TH_RST),
    "DATA": lambda p: p["len"] > 0 and not p["flags"] & (TH_FIN | TH_RST),
    "ACK": lambda p: p["len"] == 0 and p["flags"] & (TH_SYN | TH_FIN | TH_RST) == 0,
    "*": lambda p: True,
}


def locate(spec, pkts):
    """'client FIN#1', 'server RST', 'client ACK#1 after server FIN#1': frame numbers."""
    after = 0
    if " after " in spec:
        spec, anchor = spec.split(" after ", 1)
        anchored = locate(anchor, pkts)
        if not anchored:
            raise Failure("locator anchor %r matches no frame" % anchor)
        after = anchored[0]
    role, kind = spec.split(" ", 1)
    index = None
    if "#" in kind:
        kind, index = kind.split("#")
        index = int(index)
    frames = [p["frame"] for p in pkts if p["frame"] > after and p["sender"] == role and KINDS[kind](p)]
    if index is not None:
        if len(frames) < index:
            raise Failure("locator %r matches only %d frames" % (spec, len(frames)))
        return [frames[index - 1]]
    return frames


def collapse(states):
    seq = []
    for s in states:
        if not seq or seq[-1] != s:
            seq.append(s)
    return seq


# ---- checks ---------------------------------------------------------------

def check_kernel_truth(name, vantage, finals, expect, exp):
    overrides = exp.get("vantage", {}).get(vantage, {}).get("finals", {})
    for stream, row in expect.items():
        if row["client_final"] == "-":
            continue
        want = overrides.get(stream, (row["client_final"], row["server_final"]))
        got = finals.get(stream)
        if got != tuple(want):
            raise Failure("%s/%s stream %s: final states %s, kernel (ss) says %s%s" % (
                name, vantage, stream, got, (row["client_final"], row["server_final"]),
                " (expected for this vantage: %s)" % (want,) if stream in overrides else ""))


def merged(exp, vantage, stream):
    base = dict(exp["streams"][stream])
    base.update(exp.get("vantage", {}).get(vantage, {}).get("streams", {}).get(stream, {}))
    return base


def connection_key(p):
    """tcp.stream, or tcp.stream + 0.5 for a connection the plugin follows
    apart on that stream's 4-tuple (its SYN was not captured, so TCP kept
    the stream index; its previous stream is its own)."""
    if p["fields"].get("teardown.previous_stream") == str(p["stream"]):
        return p["stream"] + 0.5
    return p["stream"]


def check_scenario(name, vantage, pkts, exp):
    by_stream = {}
    for p in pkts:
        if p["stream"] is not None:
            by_stream.setdefault(connection_key(p), []).append(p)
    if sorted(by_stream) != sorted(exp["streams"]):
        raise Failure("%s/%s: streams %s, expected %s" % (name, vantage, sorted(by_stream), sorted(exp["streams"])))
    for stream in exp["streams"]:
        want = merged(exp, vantage, stream)
        sp = by_stream[stream]
        last = sp[-1]["fields"]
        for field in ("outcome", "conn_state", "initiator"):
            if field not in want:
                continue
            raw = last.get("teardown." + field)
            got = raw if field == "conn_state" else LABELS.get("teardown." + field, {}).get(raw, raw)
            if got != want[field]:
                raise Failure("%s/%s stream %s: %s = %s, expected %s" % (name, vantage, stream, field, got, want[field]))
        # Words the narrative must contain (it is one sentence; the words are what matters).
        for words in want.get("narrative", ()):
            if words not in last.get("teardown.narrative", ""):
                raise Failure("%s/%s stream %s: narrative %r lacks %r" % (
                    name, vantage, stream, last.get("teardown.narrative"), words))
        if "midstream" in want:
            got = last.get("teardown.midstream") in ("1", "True")
            if got != want["midstream"]:
                raise Failure("%s/%s stream %s: midstream %s, expected %s" % (name, vantage, stream, got, want["midstream"]))
        if "states" in want:
            got = collapse("%s/%s" % (p["client"], p["server"]) for p in sp)
            if got != want["states"]:
                raise Failure("%s/%s stream %s: state sequence\n  got      %s\n  expected %s" % (
                    name, vantage, stream, got, want["states"]))
        got_experts = {(e, p["frame"]) for p in sp for e in p["experts"]}
        want_experts = set()
        for expert, spec in want.get("experts", {}).items():
            for one in [spec] if isinstance(spec, str) else spec:
                for frame in locate(one, sp):
                    want_experts.add(("teardown." + expert, frame))
        if got_experts != want_experts:
            raise Failure("%s/%s stream %s: expert infos differ\n  unexpected %s\n  missing    %s" % (
                name, vantage, stream, sorted(got_experts - want_experts), sorted(want_experts - got_experts)))
        # Capture-edge honesty: listed experts drop to Note, the rest keep the spec's severity.
        for p in sp:
            for expert, severity in p["severity"].items():
                short = expert[len("teardown."):]
                want_sev = "note" if short in want.get("capture_edge", ()) else \
                    DEFAULT_SEVERITY[p["twin"][expert][len("teardown."):]]
                if short == "time_wait.reuse" and bool(want.get("reuse_rejected")) != \
                        (p["twin"][expert] != expert):
                    raise Failure("%s/%s frame %d: reuse graded %s, expected the holder to %s the SYN" % (
                        name, vantage, p["frame"], p["twin"][expert],
                        "refuse" if want.get("reuse_rejected") else "accept"))
                if severity != SEVERITY[want_sev]:
                    raise Failure("%s/%s frame %d: %s has severity 0x%x, expected %s" % (
                        name, vantage, p["frame"], expert, severity, want_sev))
                # Every text names its stream and the endpoint it is about.
                text = p["messages"].get(expert, "")
                if not text.startswith("Stream %d: " % p["stream"]) or not ENDPOINT.search(text):
                    raise Failure("%s/%s frame %d: %s text %r names no stream and endpoint" % (
                        name, vantage, p["frame"], expert, text))


def check_single_pass(name, vantage, one, two):
    """Causal per-packet fields and expert infos agree between passes."""
    if len(one) != len(two):
        raise Failure("%s/%s: %d packets single-pass, %d with -2" % (name, vantage, len(one), len(two)))
    for a, b in zip(one, two):
        for field in CAUSAL_FIELDS:
            if a["fields"].get(field) != b["fields"].get(field):
                raise Failure("%s/%s frame %d: %s is %s single-pass, %s with -2" % (
                    name, vantage, a["frame"], field, a["fields"].get(field), b["fields"].get(field)))
        if a["experts"] != b["experts"] - DEFERRED:
            raise Failure("%s/%s frame %d: expert infos %s single-pass, %s with -2" % (
                name, vantage, a["frame"], sorted(a["experts"]), sorted(b["experts"])))


LABELS = {}


VERSION = [(0, 0)]


def wireshark_version(tshark):
    """(major, minor) of the tshark under test."""
    first = run(tshark, ["-v"]).splitlines()[0]
    for word in first.split():
        parts = word.strip("()").split(".")
        if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
            return int(parts[0]), int(parts[1])
    raise Failure("cannot read the version from %r" % first)


def for_version(exp, version):
    """A scenario's expectations for this Wireshark: `since_4_4` replaces the
    streams (and the kernel rows they are held to) where Wireshark 4.4's TCP
    numbers the connection's streams differently."""
    alt = exp.get("since_4_4")
    if alt is None or version < (4, 4):
        return exp, None
    return dict(exp, streams=alt["streams"]), alt["finals"]


def run_scenario(tshark, names, captures, name):
    exp = SCENARIOS.get(name)
    if exp is None:
        raise Failure("%s: no entry in tests/pcap/expectations*.py" % name)
    exp, finals_override = for_version(exp, VERSION[0])
    ran = 0
    # Kernel scenarios have one capture per end; crafted ones a single NAME.pcap.
    for vantage in ("client", "server", None):
        pcap = os.path.join(captures, "%s.%s.pcap" % (name, vantage) if vantage else name + ".pcap")
        if not os.path.exists(pcap):
            continue
        vantage = vantage or "capture"
        expect_path = os.path.join(captures, "%s.%s.expect" % (name, vantage))
        if not os.path.exists(expect_path):
            expect_path = os.path.join(captures, name + ".expect")
        expect = read_expect(expect_path)
        if finals_override is not None:
            expect = {stream: dict(client_final=c, server_final=sv) for stream, (c, sv) in finals_override.items()}
        check_kernel_truth(name, vantage, final_states_from_fields(tshark, names, pcap), expect, exp)
        two = packets(tshark, names, pcap, True)
        check_scenario(name, vantage, two, exp)
        check_single_pass(name, vantage, packets(tshark, names, pcap, False), two)
        ran += 1
    if ran == 0:
        raise Failure("%s: no capture found in %s" % (name, captures))
    return ran


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tshark", required=True, help="tshark wrapper that loads the built plugin")
    ap.add_argument("--captures", required=True)
    ap.add_argument("scenarios", nargs="*", help="scenario names (default: every .expect in --captures)")
    args = ap.parse_args()
    names = sorted(args.scenarios) or sorted(
        {f.split(".")[0] for f in os.listdir(args.captures) if f.endswith(".expect")})
    passed = failed = 0
    try:
        check_plugin_loaded(args.tshark)
        LABELS.update(value_names(args.tshark))
        VERSION[0] = wireshark_version(args.tshark)
    except Failure as e:
        print("FAIL plugin: %s" % e)
        print("0 passed, 1 failed")
        return 1
    for name in names:
        try:
            n = run_scenario(args.tshark, LABELS, args.captures, name)
            if name in EXPECTED_FAILING:
                # Fixed: the entry must go, so that the scenario guards the fix.
                print("FAIL %s passes: remove it from EXPECTED_FAILING (%s)" % (name, EXPECTED_FAILING[name]))
                failed += 1
                continue
            print("ok   %s (%d vantage points)" % (name, n))
            passed += 1
        except Failure as e:
            if name in EXPECTED_FAILING:
                print("xfail %s (%s): %s" % (name, EXPECTED_FAILING[name], e))
                passed += 1
                continue
            print("FAIL %s" % e)
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
