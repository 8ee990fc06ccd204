#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Turns one scenario run (two captures, ss snapshots, driver notes) into its .expect truth table.
"""Write NAME.expect (or NAME.client.expect + NAME.server.expect).

Stream numbers come from stock tshark with no plugin, so they are exactly
what Wireshark will number the connections. Final states come from the
kernels' own ss output in each namespace.

Usage:
  expect.py --name NAME --client-pcap P --server-pcap P
            --client-ss F --server-ss F --notes F --out DIR
  expect.py derive --parent EXPECT --client-pcap P --server-pcap P
            [--client-final S] [--server-final S] --note TEXT --out FILE
The derive form serves captures cut from a kernel run: it keeps the
parent's endpoints, re-reads stream numbers from the cut captures, and
takes the parent's finals unless told otherwise.
"""

import argparse
import json
import subprocess
import sys

HEADER = 'stream\tclient\tserver\tclient_final\tserver_final\tnote'

SS_STATES = {
    'ESTAB': 'ESTABLISHED', 'SYN-SENT': 'SYN_SENT', 'SYN-RECV': 'SYN_RECEIVED',
    'FIN-WAIT-1': 'FIN_WAIT_1', 'FIN-WAIT-2': 'FIN_WAIT_2',
    'CLOSING': 'CLOSING', 'TIME-WAIT': 'TIME_WAIT',
    'CLOSE-WAIT': 'CLOSE_WAIT', 'LAST-ACK': 'LAST_ACK',
    # A socket can still be listed after a reset while a process holds it.
    'CLOSE': 'CLOSED', 'UNCONN': 'CLOSED',
}


def endpoint(addr, port):
    return ('[%s]:%s' % (addr, port)) if ':' in addr else ('%s:%s' % (addr, port))


def tshark_streams(pcap):
    """Start stock tshark listing the fields streams() needs."""
    return subprocess.Popen(
        ['tshark', '-n', '-r', pcap, '-T', 'fields', '-E', 'separator=/t',
         '-e', 'tcp.stream', '-e', 'ip.src', '-e', 'ipv6.src',
         '-e', 'tcp.srcport', '-e', 'ip.dst', '-e', 'ipv6.dst',
         '-e', 'tcp.dstport', '-e', 'tcp.flags.syn', '-e', 'tcp.flags.ack'],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def streams(*pcaps):
    """Per pcap, map tcp.stream -> (client, server, guessed).

    The client is the SYN sender. A stream whose SYN is not in the capture
    gets (first sender, first receiver, True) so callers can resolve it
    otherwise. The tshark runs overlap because their start-up dominates.
    """
    procs = [tshark_streams(p) for p in pcaps]
    result = []
    for pcap, proc in zip(pcaps, procs):
        out, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit('tshark failed on %s: %s' % (pcap, err))
        result.append(parse_streams(out))
    return result


def parse_streams(out):
    found = {}
    for line in out.splitlines():
        f = line.split('\t')
        if len(f) < 9 or f[0] == '':
            continue
        st = int(f[0])
        src = endpoint(f[1] or f[2], f[3])
        dst = endpoint(f[4] or f[5], f[6])
        syn = f[7] in ('1', 'True')
        ack = f[8] in ('1', 'True')
        if syn and not ack:
            if st not in found or found[st][2]:
                found[st] = (src, dst, False)
        elif st not in found:
            found[st] = (src, dst, True)
    return found


def parse_ss(path):
    """Map (local, peer) -> RFC state name, skipping listeners."""
    states = {}
    with open(path) as f:
        for line in f:
            if not line.strip() or line[0] in ' \t#':
                continue
            tok = line.split()
            if len(tok) < 5 or tok[0] == 'LISTEN':
                continue
            states[(tok[3], tok[4])] = SS_STATES.get(tok[0], tok[0])
    return states


def table(found, conns, cstates, sstates):
    """Rows for one vantage; returns (rows, problems)."""
    problems = []
    known = {(c['client'], c['server']) for c in conns}
    rows = []
    # The kernel holds at most one socket per 4-tuple, so a socket seen by
    # ss belongs to the last connection that used the tuple; earlier ones
    # are over (CLOSED) by the time the later one exists.
    last = {}
    for st in sorted(found):
        cli, srv, guessed = found[st]
        if guessed and (cli, srv) not in known and (srv, cli) in known:
            cli, srv = srv, cli
        last[(cli, srv)] = st
    for st in sorted(found):
        cli, srv, guessed = found[st]
        if guessed and (cli, srv) not in known and (srv, cli) in known:
            cli, srv = srv, cli
        if last[(cli, srv)] == st:
            cf = cstates.get((cli, srv), 'CLOSED')
            sf = sstates.get((srv, cli), 'CLOSED')
        else:
            cf = sf = 'CLOSED'
        note = conns[st]['note'] if st < len(conns) else ''
        if st >= len(conns):
            problems.append('stream %d has no driver record' % st)
        elif (conns[st]['client'], conns[st]['server']) != (cli, srv):
            problems.append('stream %d is %s->%s but driver opened %s->%s'
                            % (st, cli, srv, conns[st]['client'],
                               conns[st]['server']))
        rows.append((st, cli, srv, cf, sf, note))
    if len(found) != len(conns):
        problems.append('%d streams in capture, %d connections opened'
                        % (len(found), len(conns)))
    return rows, problems


def write(path, rows):
    with open(path, 'w') as f:
        f.write(HEADER + '\n')
        for r in rows:
            f.write('%d\t%s\t%s\t%s\t%s\t%s\n' % r)


def derive(argv):
    ap = argparse.ArgumentParser(prog='expect.py derive')
    for opt in ('parent', 'client-pcap', 'server-pcap', 'note', 'out'):
        ap.add_argument('--' + opt, required=True)
    ap.add_argument('--client-final')
    ap.add_argument('--server-final')
    a = ap.parse_args(argv)
    with open(a.parent) as f:
        lines = f.read().splitlines()
    if lines[0] != HEADER:
        raise SystemExit('%s: unexpected header' % a.parent)
    parent = {}
    for line in lines[1:]:
        st, cli, srv, cf, sf, _ = line.split('\t')
        parent[(cli, srv)] = (cf, sf)
    per_vantage = []
    for pcap, found in zip((a.client_pcap, a.server_pcap),
                           streams(a.client_pcap, a.server_pcap)):
        rows = []
        for st, (x, y, _) in sorted(found.items()):
            # Without the SYN the first sender may be either end; the
            # parent's endpoints settle which one is the client.
            cli, srv = (x, y) if (x, y) in parent else (y, x)
            if (cli, srv) not in parent:
                raise SystemExit('%s: stream %d %s<->%s not in parent'
                                 % (pcap, st, x, y))
            cf, sf = parent[(cli, srv)]
            rows.append((st, cli, srv, a.client_final or cf,
                         a.server_final or sf, a.note))
        per_vantage.append(rows)
    if per_vantage[0] != per_vantage[1]:
        raise SystemExit('derived captures disagree on streams')
    write(a.out, per_vantage[0])
    return 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == 'derive':
        return derive(sys.argv[2:])
    ap = argparse.ArgumentParser()
    for opt in ('name', 'client-pcap', 'server-pcap', 'client-ss',
                'server-ss', 'notes', 'out'):
        ap.add_argument('--' + opt, required=True)
    a = ap.parse_args()
    with open(a.notes) as f:
        conns = json.load(f)['conns']
    cstates = parse_ss(a.client_ss)
    sstates = parse_ss(a.server_ss)
    cfound, sfound = streams(a.client_pcap, a.server_pcap)
    crows, cprob = table(cfound, conns, cstates, sstates)
    srows, sprob = table(sfound, conns, cstates, sstates)
    for p in cprob:
        print('%s: client capture: %s' % (a.name, p), file=sys.stderr)
    for p in sprob:
        print('%s: server capture: %s' % (a.name, p), file=sys.stderr)
    if crows == srows:
        write('%s/%s.expect' % (a.out, a.name), crows)
    else:
        print('%s: vantages disagree on streams; writing one .expect each'
              % a.name, file=sys.stderr)
        write('%s/%s.client.expect' % (a.out, a.name), crows)
        write('%s/%s.server.expect' % (a.out, a.name), srows)
    return 1 if (cprob or sprob) else 0


if __name__ == '__main__':
    sys.exit(main())
