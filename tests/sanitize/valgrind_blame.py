#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reads valgrind memcheck logs of tshark and fails on any error, or any
definitely lost block, whose stack passes through the teardown plugin;
tshark's and GLib's own exit-time leaks are not ours to judge."""

import re
import sys

OURS = re.compile(r"teardown\.so|packet-teardown\.c|teardown-stats\.c|td_engine\.c|td_summary\.c")
ERROR = re.compile(r"^==\d+== (Invalid |Conditional jump|Use of uninitialised|Syscall param|Mismatched free|"
                   r"[\d,]+ (\([^)]*\) )?bytes in [\d,]+ blocks are definitely lost)")


def blocks(text):
    block = []
    for line in text.splitlines():
        if re.match(r"^==\d+== ?$", line):
            if block:
                yield block
            block = []
        else:
            block.append(line)
    if block:
        yield block


def main():
    bad = 0
    checked = 0
    for path in sys.argv[1:]:
        with open(path) as fh:
            text = fh.read()
        for block in blocks(text):
            if block and ERROR.match(block[0]):
                checked += 1
                if any(OURS.search(line) for line in block):
                    bad += 1
                    print("\n".join(block))
                    print()
    print("valgrind reports: %d, through the plugin: %d" % (checked, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
