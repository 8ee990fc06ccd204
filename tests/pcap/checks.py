# SPDX-License-Identifier: GPL-2.0-or-later
"""What the tshark-driven check scripts share: a tally of checks that reports
every failure at the end, and tshark run for its output."""

import subprocess


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = []

    def ok(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed.append(what)

    def eq(self, got, want, what):
        self.ok(got == want, "%s:\n  got      %r\n  expected %r" % (what, got, want))

    def report(self):
        """Prints the failures and the tally; the exit status."""
        for f in self.failed:
            print("FAIL " + f)
        print("%d passed, %d failed" % (self.passed, len(self.failed)))
        return 1 if self.failed else 0


def tshark(cmd, *args):
    return subprocess.run([cmd] + list(args), capture_output=True, text=True, check=True).stdout
