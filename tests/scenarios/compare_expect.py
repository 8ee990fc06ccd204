#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compares the kernel truth of two corpus runs: for every .expect in the
committed folder, the fresh run must record the same streams, endpoints and
final states (the note column may differ)."""

import os
import sys


def rows(path):
    with open(path) as fh:
        return [line.rstrip("\n").split("\t")[:5] for line in fh if line.strip()]


def main():
    committed, fresh = sys.argv[1], sys.argv[2]
    passed = failed = 0
    for name in sorted(f for f in os.listdir(committed) if f.endswith(".expect")):
        theirs = os.path.join(fresh, name)
        if not os.path.exists(theirs):
            print("FAIL %s: not produced by the fresh run" % name)
            failed += 1
        elif rows(os.path.join(committed, name)) != rows(theirs):
            print("FAIL %s: kernel states differ\n  committed %s\n  fresh     %s" % (
                name, rows(os.path.join(committed, name)), rows(theirs)))
            failed += 1
        else:
            passed += 1
    print("regenerated corpus: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
