#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Holds what the loaded plugin registers to the interface contract: the
protocol, every field with its type, every expert info with its severity
(checked through a capture elsewhere), the labels of the enums, and the
preferences with their defaults."""

import argparse
import re
import subprocess
import sys

# docs: the contract in ../shared/spec/teardown-interface.md, written out here.
FIELDS = {
    "teardown.stream": "FT_UINT32",
    "teardown.sender": "FT_STRING",
    "teardown.client.state": "FT_STRING",
    "teardown.server.state": "FT_STRING",
    "teardown.midstream": "FT_BOOLEAN",
    "teardown.outcome": "FT_STRING",
    "teardown.initiator": "FT_STRING",
    "teardown.conn_state": "FT_STRING",
    "teardown.client.final_state": "FT_STRING",
    "teardown.server.final_state": "FT_STRING",
    "teardown.client.fin_frame": "FT_FRAMENUM",
    "teardown.server.fin_frame": "FT_FRAMENUM",
    "teardown.client.fin_ack_frame": "FT_FRAMENUM",
    "teardown.server.fin_ack_frame": "FT_FRAMENUM",
    "teardown.client.fin_ack_delay": "FT_RELATIVE_TIME",
    "teardown.server.fin_ack_delay": "FT_RELATIVE_TIME",
    "teardown.client.fin_retransmissions": "FT_UINT32",
    "teardown.server.fin_retransmissions": "FT_UINT32",
    "teardown.rst_frame": "FT_FRAMENUM",
    "teardown.close_duration": "FT_RELATIVE_TIME",
    "teardown.half_close.duration": "FT_RELATIVE_TIME",
    "teardown.half_close.bytes": "FT_UINT64",
    "teardown.time_wait.endpoint": "FT_STRING",
}

EXPERTS = [
    "close.active", "close.passive", "close.simultaneous", "half_close", "fin.retransmission",
    "fin.unacked", "rst.abort", "rst.after_fin", "rst.refused", "rst.out_of_window", "rst.data_loss",
    "rst.middlebox", "time_wait", "time_wait.reuse", "time_wait.fin_retransmission", "time_wait.rst",
    "close_wait.stuck", "data_after_fin",
]

# Note-severity twins of two of the above, for events cut short by the
# capture's end; a filter on the main name finds them too.
EDGE_TWINS = ["fin.unacked.capture_edge", "close_wait.stuck.capture_edge"]

STATES = ["CLOSED", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
          "CLOSING", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK"]
OUTCOMES = ["open", "graceful", "half_closed", "incomplete", "reset", "refused", "unanswered"]
ROLES = ["client", "server"]
ENUMS = {
    "teardown.client.state": STATES, "teardown.server.state": STATES,
    "teardown.client.final_state": STATES, "teardown.server.final_state": STATES,
    "teardown.outcome": OUTCOMES, "teardown.sender": ROLES, "teardown.initiator": ROLES,
    "teardown.time_wait.endpoint": ROLES,
}
PREFS = {"teardown.time_wait_seconds": "60", "teardown.close_wait_seconds": "5"}


def tshark(cmd, *args):
    return subprocess.run([cmd] + list(args), capture_output=True, text=True, check=True).stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tshark", required=True)
    cmd = ap.parse_args().tshark
    failures = []
    checks = 0

    def expect(cond, what):
        nonlocal checks
        checks += 1
        if not cond:
            failures.append(what)

    plugins = tshark(cmd, "-G", "plugins")
    expect("teardown.so" in plugins, "tshark -G plugins does not list teardown.so")
    # Later versions add columns after these three.
    expect(["TCP Teardown Analysis", "Teardown", "teardown"] in
           [line.split("\t")[:3] for line in tshark(cmd, "-G", "protocols").splitlines()],
           "tshark -G protocols lacks 'TCP Teardown Analysis / Teardown / teardown'")

    fields = {}
    values = {}
    for line in tshark(cmd, "-G", "fields").splitlines():
        parts = line.split("\t")
        if parts[0] == "F" and parts[2].startswith("teardown."):
            # Enumerations are string fields; their labels end the description.
            m = re.search(r" \(one of: ([^()]*)\)$", parts[7] if len(parts) > 7 else "")
            if m:
                values[parts[2]] = m.group(1).split()
            # One registration per name: Preferences > Expert keeps one
            # severity per name, so a shared name could not be re-graded.
            expect(parts[2] not in fields, "%s is registered more than once" % parts[2])
            fields[parts[2]] = parts[3]
    for name, ftype in FIELDS.items():
        expect(fields.get(name) == ftype, "field %s: %s, expected %s" % (name, fields.get(name), ftype))
    for name in EXPERTS + EDGE_TWINS:
        expect(fields.get("teardown." + name) == "FT_NONE",
               "expert info teardown.%s is not registered as a filterable expert" % name)

    for name, labels in ENUMS.items():
        expect(values.get(name) == labels, "labels of %s: %s, expected %s" % (name, values.get(name), labels))

    prefs = tshark(cmd, "-G", "defaultprefs").splitlines()
    for name, default in PREFS.items():
        expect("#%s: %s" % (name, default) in prefs, "preference %s with default %s missing" % (name, default))

    for f in failures:
        print("FAIL " + f)
    print("%d passed, %d failed" % (checks - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
