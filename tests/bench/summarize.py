# SPDX-License-Identifier: GPL-2.0-or-later
"""Turns run-bench.sh's raw figures (timings, RSS, callgrind totals and
profiles, sizes) into the Markdown of RESULTS.md, printed on stdout.

Usage: summarize.py OUT_DIR CALLGRIND_DIR
"""
import os
import re
import statistics
import sys

RSS_TARGET = 1.10
# Instruction targets by what the command names of the plugin.
TARGETS = {"nothing": 1.03, "one": 1.05, "verbose": 1.10}

# Workload: (with the plugin, without it, what it is, what it names of the plugin).
WORKLOADS = {
    "s": ("-r EMPTY", "-r EMPTY", "start-up alone (a capture with no packet)", "nothing"),
    "c": ("-r CAP", "-r CAP", "plain (summary lines, no tree)", "nothing"),
    "q": ("-r CAP -q", "-r CAP -q", "quiet", "nothing"),
    "d": ("-r CAP -q -z io,stat,0", "-r CAP -q -z io,stat,0", "a tap, no output per packet", "nothing"),
    "y": ("-r CAP -Y 'tcp.flags.reset == 1'", "-r CAP -Y 'tcp.flags.reset == 1'", "a built-in display filter",
          "nothing"),
    "f": ("-r CAP -T fields -e frame.number -e tcp.stream", "-r CAP -T fields -e frame.number -e tcp.stream",
          "-T fields, no plugin field", "nothing"),
    "j": ("-r CAP -T json -J tcp", "-r CAP -T json -J tcp", "JSON of TCP only", "nothing"),
    "k": ("-r CAP -T ek -J tcp", "-r CAP -T ek -J tcp", "Elasticsearch JSON of TCP only", "nothing"),
    "e": ("--disable-protocol teardown -r CAP", "--disable-protocol teardown -r CAP",
          "plugin present but disabled (control)", "nothing"),
    "a": ("-r CAP -Y 'teardown.outcome == \"reset\"'", "-r CAP -Y 'tcp.flags.reset == 1'",
          "a plugin filter vs its built-in equivalent", "one"),
    "g": ("-r CAP -T fields -e frame.number -e teardown.outcome", "-r CAP -T fields -e frame.number -e tcp.flags.reset",
          "-T fields with a plugin field vs a built-in one", "one"),
    "b": ("-2 -r CAP -q -z teardown,conns", "-2 -r CAP -q -z conv,tcp", "two passes, per-connection table", "one"),
    "v": ("-r CAP -V", "-r CAP -V", "the whole tree printed", "verbose"),
}
HEAVY = ("j", "k", "v")
PROFILED = ("c", "f", "a", "g", "v")


def read_facts(out):
    facts = {}
    with open(os.path.join(out, "facts.env")) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                facts[k] = v
    return facts


def read_raw(out):
    rows = []
    with open(os.path.join(out, "raw.tsv")) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    return rows


def med(rows, phase, w, side, key):
    vals = [float(r[key]) for r in rows if r["phase"] == phase and r["workload"] == w and r["side"] == side]
    return statistics.median(vals) if vals else float("nan")


def spread(rows, phase, w, side, key):
    vals = [float(r[key]) for r in rows if r["phase"] == phase and r["workload"] == w and r["side"] == side]
    return (min(vals), max(vals)) if vals else (float("nan"), float("nan"))


def cpu(rows, phase, w, side):
    vals = [float(r["user_s"]) + float(r["sys_s"]) for r in rows
            if r["phase"] == phase and r["workload"] == w and r["side"] == side]
    return statistics.median(vals) if vals else float("nan")


def cg_total(path):
    with open(path) as f:
        for line in f:
            if line.startswith("totals:") or line.startswith("summary:"):
                return int(line.split()[1])
    raise SystemExit("no totals in " + path)


def mib(kb):
    return kb / 1024.0


def met(ratio, target):
    return "yes" if ratio <= target else "**no**"


def plugin_profile(path, limit=12):
    """The teardown.so functions with their inclusive cost and, for each, what
    they call (from callgrind_annotate --inclusive=yes --tree=calling)."""
    entries = []
    cur = None
    line_re = re.compile(r"^\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+([*>])\s+(\S+?)(?: \((\d[\d,]*)x\))? \[(.*)\]$")
    with open(path) as f:
        for line in f:
            m = line_re.match(line.rstrip("\n"))
            if not m:
                if not line.strip():
                    cur = None
                continue
            ir, pct, mark, fn, calls, obj = m.groups()
            fn = fn.split(":", 1)[-1]
            ir = int(ir.replace(",", ""))
            if mark == "*":
                cur = None
                if obj.endswith("teardown.so"):
                    cur = {"fn": fn, "ir": ir, "pct": float(pct), "callees": []}
                    entries.append(cur)
            elif cur is not None:
                cur["callees"].append((fn, ir, float(pct), calls or "", os.path.basename(obj)))
    entries.sort(key=lambda e: -e["ir"])
    return entries[:limit]


def self_profile(path, limit=12):
    out = []
    line_re = re.compile(r"^\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(\S+) \[(.*)\]$")
    with open(path) as f:
        for line in f:
            m = line_re.match(line.rstrip("\n"))
            if m and m.group(4).endswith("teardown.so"):
                out.append((m.group(3).split(":", 1)[-1], int(m.group(1).replace(",", "")), float(m.group(2))))
    return out[:limit]


def main():
    out, cgdir = sys.argv[1], sys.argv[2]
    facts = read_facts(out)
    rows = read_raw(out)
    p = print
    packets = int(facts["packets"])
    slice_n = min(int(facts["slice"]), packets)
    heavy_n = min(int(facts.get("slice_heavy", facts["slice"])), packets)

    p("<!-- SPDX-License-Identifier: GPL-2.0-or-later -->")
    p("# Benchmark: what tcp-teardown costs on top of tshark")
    p()
    p("Generated by `tests/bench/run-bench.sh` (see README.md beside it); rerun it rather than edit. "
      "Every ratio is *with the plugin / without it*, both sides through the same wrapper "
      "(`tests/pcap/tshark-with-plugin.sh`), the \"without\" side on an empty plugin folder.")
    p()
    p("## Machine, load, capture")
    p()
    p("| | |")
    p("|---|---|")
    p(f"| date | {facts['date']} |")
    p(f"| machine | {facts['cpu']}, {facts['cores']} cores, {facts['mem']}, kernel {facts['kernel']} |")
    p(f"| tshark | {facts['tshark']} |")
    loads = [float(r["load1"]) for r in rows if r["phase"] == "main"]
    p(f"| load (`uptime`) at start | {facts['uptime_start'].split('load average:')[-1].strip()} |")
    p(f"| load at end | {facts['uptime_end'].split('load average:')[-1].strip()} |")
    if loads:
        p(f"| 1-min load during the timed runs | min {min(loads):.2f}, median {statistics.median(loads):.2f}, "
          f"max {max(loads):.2f} (2 cores: other jobs were running; wall times carry that noise) |")
    p(f"| capture | real Linux TCP between two network namespaces (`make-capture.sh`), "
      f"{int(facts['capture_bytes']) / 1e6:.1f} MB, {packets:,} packets, "
      f"{int(facts['full_conns']):,} TCP connections, {facts['duration']}, snaplen {facts['snaplen']} |")
    p(f"| runs | {facts['reps']} timed runs per side and workload, alternating with/without; "
      f"whole benchmark {int(facts['elapsed_s']) / 60:.1f} min |")
    p()

    log_path = os.path.join(out, "capture.log")
    if os.path.exists(log_path):
        with open(log_path) as f:
            log = f.read()
        kinds = re.findall(r"^traffic:\s+(\w+)\s+(\d+)$", log, re.M)
        drops = re.search(r"received/dropped on interface '[^']*': (\d+)/(\d+)", log)
        reuse = re.search(r"(\d+) on fixed \(reused\) ports", log)
        if kinds:
            p("How `traffic.c` ended the connections: " + ", ".join(f"{k} {int(n):,}" for k, n in kinds) +
              (f"; {int(reuse.group(1)):,} of them from fixed client ports (TIME_WAIT reuse)" if reuse else "") +
              (f"; dumpcap received {int(drops.group(1)):,} packets and dropped {drops.group(2)}" if drops else "") + ".")
            p()

    stat_path = os.path.join(out, "teardown-stat.txt")
    if os.path.exists(stat_path):
        with open(stat_path) as f:
            text = f.read()
        m = re.search(r"Outcome\n(.*?)\n(?=\S)", text, re.S)
        cs = re.search(r"conn_state\n(.*?)\n(?=\S)", text, re.S)
        ex = re.search(r"Expert infos\n(.*?)\n(?=\S|=)", text, re.S)

        def flat(block):
            return ", ".join(" ".join(l.split()[:2]) for l in block.group(1).splitlines() if l.strip()) if block else "?"
        p("What the plugin found in it (`-q -z teardown,stat`, which also shows it follows every "
          "connection at this snaplen): outcomes " + flat(m) + "; conn_state " + flat(cs) +
          "; expert infos " + flat(ex) + ".")
        p()

    # ---- callgrind ---------------------------------------------------------
    p(f"## Instructions (callgrind): the ratios")
    p()
    p(f"The first {slice_n:,} packets of the capture ({heavy_n:,} for the printing workloads "
      f"{', '.join('(' + w + ')' for w in HEAVY)}: they do 5 to 10 times tshark's work per packet), and (s) "
      "on a capture with no packet. Instruction counts are noise-free: other jobs on the machine do not change "
      "them. \"Whole run\" includes tshark's start-up (about a second of work, diluting the ratio on a "
      "short slice); \"per packet\" subtracts each side's start-up as measured by (s). Targets: "
      f"{TARGETS['nothing']:.2f}x for a command that names nothing of the plugin, {TARGETS['one']:.2f}x "
      f"for one that names one field or filter of it, {TARGETS['verbose']:.2f}x for `-V`.")
    p()
    p("| workload | with the plugin | without | names of the plugin | Ir with | Ir without | **ratio, whole run** "
      "| Ir/packet with | Ir/packet without | **ratio per packet** | target | met (whole run / per packet) |")
    p("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    cg_ratio = {}
    try:
        sw = cg_total(os.path.join(cgdir, "s-slice.with.out"))
        so = cg_total(os.path.join(cgdir, "s-slice.without.out"))
    except (OSError, SystemExit):
        sw = so = None
    for w, (with_cmd, without_cmd, what, names) in WORKLOADS.items():
        try:
            iw = cg_total(os.path.join(cgdir, f"{w}-slice.with.out"))
            io = cg_total(os.path.join(cgdir, f"{w}-slice.without.out"))
        except (OSError, SystemExit):
            continue
        target = TARGETS[names]
        n = heavy_n if w in HEAVY else slice_n
        if w == "s" or sw is None:
            cg_ratio[w] = (iw / io, None)
            p(f"| ({w}) {what} | `{with_cmd}` | `{without_cmd}` | {names} | {iw / 1e9:.3f} G | {io / 1e9:.3f} G "
              f"| **{iw / io:.3f}** | | | | {target:.2f} | {met(iw / io, target)} |")
            continue
        ppw, ppo = (iw - sw) / n, (io - so) / n
        cg_ratio[w] = (iw / io, ppw / ppo)
        p(f"| ({w}) {what} | `{with_cmd}` | `{without_cmd}` | {names} | {iw / 1e9:.3f} G | {io / 1e9:.3f} G "
          f"| **{iw / io:.3f}** | {ppw:,.0f} | {ppo:,.0f} | **{ppw / ppo:.3f}** | {target:.2f} "
          f"| {met(iw / io, target)} / {met(ppw / ppo, target)} |")
    p()
    p("(a), (g) and (b) compare the plugin's command with tshark's nearest built-in one, so they measure the "
      "whole feature, not only the plugin's overhead.")
    p()

    # ---- wall time and RSS -------------------------------------------------
    p("## Peak RSS and wall time, whole capture")
    p()
    p(f"Target: peak RSS <= {RSS_TARGET:.2f}x the run without the plugin. Wall times are for orientation only "
      f"({facts['reps']} run(s) per side on a shared 2-core machine; (e), the same work on both sides, shows "
      "the noise).")
    p()
    p("| workload | RSS with (MiB) | RSS without (MiB) | **RSS ratio** | <= 1.10? | wall with (s) | wall without (s) "
      "| wall ratio | lines printed with / without |")
    p("|---|---:|---:|---:|---|---:|---:|---:|---|")
    got = {}
    outputs = os.path.join(out, "outputs.tsv")
    if os.path.exists(outputs):
        with open(outputs) as f:
            for line in f:
                w, side, n = line.split()
                got[(w, side)] = n
    verdicts = []
    for w, (with_cmd, without_cmd, what, names) in WORKLOADS.items():
        tw, to = med(rows, "main", w, "with", "wall_s"), med(rows, "main", w, "without", "wall_s")
        rw, ro = med(rows, "main", w, "with", "rss_kb"), med(rows, "main", w, "without", "rss_kb")
        if rw != rw or ro != ro:
            continue
        rr = rw / ro
        verdicts.append((w, tw / to, rr))
        p(f"| ({w}) {what} | {mib(rw):.1f} | {mib(ro):.1f} | **{rr:.3f}** | {met(rr, RSS_TARGET)} "
          f"| {tw:.2f} | {to:.2f} | {tw / to:.3f} | {got.get((w, 'with'), '?')} / {got.get((w, 'without'), '?')} |")
    p()

    # ---- profile -------------------------------------------------------------
    p("## Where the plugin's instructions go (callgrind, with the plugin)")
    p()
    for w in PROFILED:
        tree = os.path.join(out, f"cg-{w}-tree.txt")
        selfp = os.path.join(out, f"cg-{w}-self.txt")
        if not os.path.exists(tree):
            continue
        n = heavy_n if w in HEAVY else slice_n
        iw = cg_total(os.path.join(cgdir, f"{w}-slice.with.out"))
        io = cg_total(os.path.join(cgdir, f"{w}-slice.without.out"))
        entries = plugin_profile(tree)
        p(f"### ({w}) {WORKLOADS[w][2]}: `tshark {WORKLOADS[w][0]}`")
        p()
        p(f"The run with the plugin executes {iw - io:,} more instructions than without "
          f"({(iw - io) / iw * 100:.2f} % of its total, {(iw - io) / n:,.0f} per packet).")
        p()
        p("Inclusive cost of the plugin's functions (what they execute themselves plus what they call "
          "in libwireshark and GLib), share of the whole run:")
        p()
        p("| plugin function | Ir inclusive | share of run | per packet |")
        p("|---|---:|---:|---:|")
        for e in entries[:8]:
            p(f"| `{e['fn']}` | {e['ir']:,} | {e['pct']:.2f} % | {e['ir'] / n:,.0f} |")
        p()
        top = entries[0] if entries else None
        if top:
            p(f"What `{top['fn']}` calls, by inclusive cost:")
            p()
            p("| callee | in | calls | Ir inclusive | share of run |")
            p("|---|---|---:|---:|---:|")
            for fn, ir, pct, calls, obj in sorted(top["callees"], key=lambda c: -c[1])[:10]:
                p(f"| `{fn}` | {obj} | {calls} | {ir:,} | {pct:.2f} % |")
            p()
        if os.path.exists(selfp):
            p("Self cost of the plugin's own code (`callgrind_annotate`, filtered to teardown.so): " + ", ".join(
                f"`{fn}` {pct:.2f} %" for fn, ir, pct in self_profile(selfp)[:8]) + ".")
            p()

    # ---- scale -----------------------------------------------------------------
    if not any(r["phase"] == "scale-q1" for r in rows):
        scale = False
    else:
        scale = True
    if scale:
        scale_section(p, rows, facts, packets)
    sizes_section(p, out, facts, packets)
    verdict_section(p, verdicts, cg_ratio)


def scale_section(p, rows, facts, packets):
    p("## Scale: 1/4, 1/2 and all of the capture (`tshark -r`, workload c)")
    p()
    # Per-packet figures use CPU time (user+sys), which waiting for a core
    # behind other jobs does not inflate, less one start-up figure for both
    # sides: callgrind shows the plugin adds about 0.1 % to start-up, less
    # than the run-to-run noise of timing a 1-second start.
    one = [float(r["user_s"]) + float(r["sys_s"]) for r in rows if r["phase"] == "scale-one"]
    start = statistics.median(one) if one else 0.0
    p(f"CPU time per packet (user+sys) subtracts start-up: {start:.2f} s, the median of tshark on one packet "
      "with and without the plugin (callgrind puts the plugin's share of start-up at about 0.1 %). "
      "ΔRSS is the plugin's share of the peak RSS.")
    p()
    p("| size | packets | connections | wall with (s) | wall without (s) | CPU µs/packet with | CPU µs/packet without "
      "| ratio | RSS with (MiB) | RSS without (MiB) | RSS ratio | ΔRSS (MiB) | ΔRSS per connection | ΔRSS per packet |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    r1w = med(rows, "scale-one", "c", "with", "rss_kb")
    r1o = med(rows, "scale-one", "c", "without", "rss_kb")
    for name, phase, pk, cn in (("1/4", "scale-q1", "q1_packets", "q1_conns"),
                                ("1/2", "scale-q2", "q2_packets", "q2_conns"),
                                ("all", "main", "packets", "full_conns")):
        n, conns = int(facts[pk]), int(facts[cn])
        tw, to = med(rows, phase, "c", "with", "wall_s"), med(rows, phase, "c", "without", "wall_s")
        rw, ro = med(rows, phase, "c", "with", "rss_kb"), med(rows, phase, "c", "without", "rss_kb")
        uw, uo = (cpu(rows, phase, "c", "with") - start) / n * 1e6, (cpu(rows, phase, "c", "without") - start) / n * 1e6
        # The plugin's own memory: its RSS difference, less what merely
        # loading it costs (the difference on one packet).
        d = (rw - ro) - (r1w - r1o)
        p(f"| {name} | {n:,} | {conns:,} | {tw:.2f} | {to:.2f} | {uw:.2f} | {uo:.2f} | {uw / uo:.3f} "
          f"| {mib(rw):.1f} | {mib(ro):.1f} | {rw / ro:.3f} | {mib(d):.1f} | {d * 1024 / conns:,.0f} B "
          f"| {d * 1024 / n:,.0f} B |")
    p()
    # Marginal memory between the smallest and the largest size: what each
    # further packet costs tshark alone and the plugin, and so the RSS ratio
    # that a much larger capture tends to.
    n1, nall = int(facts["q1_packets"]), packets
    base1, baseall = med(rows, "scale-q1", "c", "without", "rss_kb"), med(rows, "main", "c", "without", "rss_kb")
    plug1 = med(rows, "scale-q1", "c", "with", "rss_kb") - base1
    plugall = med(rows, "main", "c", "with", "rss_kb") - baseall
    if nall > n1:
        mb = (baseall - base1) * 1024 / (nall - n1)
        mp = (plugall - plug1) * 1024 / (nall - n1)
        p(f"Between 1/4 and all of the capture each further packet adds {mb:,.0f} B to tshark's own peak RSS "
          f"and {mp:,.0f} B to the plugin's, so on a much larger capture of the same kind the RSS ratio "
          f"tends to **{1 + mp / mb:.2f}x** (the fixed start-up memory, about "
          f"{mib(med(rows, 'scale-one', 'c', 'without', 'rss_kb')):.0f} MiB, dilutes it on small ones).")
        p()
    p(f"Loading the plugin alone (one packet) costs {(r1w - r1o) / 1024:.1f} MiB of RSS; that is subtracted "
      "in the ΔRSS columns. Constant ΔRSS per connection (and per packet) across the three sizes means memory "
      "linear in the capture; constant CPU µs/packet means no per-packet slowdown as it grows.")
    p()



def sizes_section(p, out, facts, packets):
    # ---- sizes -----------------------------------------------------------------
    sizes = {}
    with open(os.path.join(out, "sizes.txt")) as f:
        for line in f:
            k, v = line.split()
            sizes[k] = int(v)
    p("## What the plugin stores (`sizes.c`)")
    p()
    p("| structure | bytes | kept |")
    p("|---|---:|---|")
    p(f"| `td_conv` (engine state of one connection; 2 x `td_endpoint` of {sizes['td_endpoint']} B) "
      f"| {sizes['td_conv']} | per connection |")
    p(f"| `conn_record` (glue: `td_conv`, its 4-tuple as a `conn_tuple` of {sizes['conn_tuple']} B, stream, "
      f"previous connection on the tuple, next in its bucket of the 4-tuple table) | {sizes['conn_record']} | "
      "per connection, plus a bucket pointer (one to two per connection) |")
    p(f"| `td_change` (a packet that changed a state or raised an anomaly) | {sizes['td_change']} | only where "
      "frames are dissected again (the GUI, `tshark -2`): per such packet, in its connection's array (8 "
      "at first, with an 8-byte count); packets that change nothing store nothing |")
    p(f"| `td_result` (what one packet did, in full) | {sizes['td_result']} | as the changes, and only for the "
      "rare packets whose result the compact change cannot rebuild (data loss at an RST, TIME_WAIT reuse, "
      "middlebox RST) |")
    p("| followed-frame bitmap | 1 bit | per frame, as the changes |")
    p()
    # An estimate from the sizes and Wireshark 4.0's file-scope allocator
    # (wmem's block allocator: sizes rounded up to 16 bytes, a 16-byte header
    # before each chunk); the bucket table holds one to two pointers per
    # connection; a two-pass run adds the change array (eight entries and its
    # count) and a bit per frame.
    def chunk(n):
        return (n + 15) // 16 * 16 + 16
    single = chunk(sizes["conn_record"]) + 12
    double = single + chunk(8 + 8 * sizes["td_change"])
    conns = int(facts["full_conns"])
    p(f"Estimated from these: about {single} B per connection in a single pass (the record with its allocator "
      f"header, a bucket pointer and a half), {double} B where frames are dissected again (the change array "
      f"too); with this capture's {packets / conns:.1f} packets per connection that is "
      f"{single * conns / packets:.0f} and {double * conns / packets + 1 / 8:.0f} B per packet. Compare the "
      "measured ΔRSS per connection in SCALE.md (a single pass, workload (a)).")
    p()



def verdict_section(p, verdicts, cg_ratio):
    # ---- verdict ---------------------------------------------------------------
    p("## Targets")
    p()
    rss = {w: rr for w, tr, rr in verdicts}
    for w, (with_cmd, without_cmd, what, names) in WORKLOADS.items():
        cgr = cg_ratio.get(w)
        parts = []
        if cgr:
            target = TARGETS[names]
            per = f", {cgr[1]:.3f}x per packet" if cgr[1] is not None else ""
            parts.append(f"instructions {cgr[0]:.3f}x whole run{per} (target {target:.2f}: "
                         f"{'met' if cgr[0] <= target else 'NOT met'})")
        if w in rss:
            parts.append(f"peak RSS {rss[w]:.3f}x ({'met' if rss[w] <= RSS_TARGET else 'NOT met'})")
        if parts:
            p(f"- ({w}) {what}: " + "; ".join(parts) + ".")
    p()

if __name__ == "__main__":
    main()
