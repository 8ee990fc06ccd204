#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Plays both TCP endpoints of every kernel scenario against the real Linux stack, one network namespace per host.
"""Scenario driver for tests/scenarios/generate.sh.

One process plays client and server: it switches its network namespace
with setns() before creating each socket (a socket stays in the namespace
it was born in), so every step of a scenario is ordered by plain program
order instead of by cross-process signalling.

Usage:
  peer.py --list
  peer.py run NAME --client-ns NS --router-ns NS --server-ns NS
          --done FILE --notes FILE
After the scenario, the notes are written, FILE is created and the process
keeps every socket open until it is sent SIGTERM, so that generate.sh can
read the kernel's final states with ss while nothing has been torn down.
"""

import argparse
import ctypes
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time

import causes
import matrix
import tls_scenarios

CLONE_NEWNET = 0x40000000

# Sockets must outlive the scenario function: dropping the last Python
# reference would close() them and put extra FINs/RSTs on the wire.
KEEP = []

ADDRS = {
    4: {'client': '192.0.2.1', 'server': '198.51.100.1'},
    6: {'client': '2001:db8:1::1', 'server': '2001:db8:2::1'},
}

# Linux socket option numbers absent from older Python socket modules.
TCP_KEEPIDLE = getattr(socket, 'TCP_KEEPIDLE', 4)
TCP_KEEPINTVL = getattr(socket, 'TCP_KEEPINTVL', 5)
TCP_KEEPCNT = getattr(socket, 'TCP_KEEPCNT', 6)

# /proc/net/tcp state codes, named as in the .expect files.
PROC_STATES = {
    0x01: 'ESTABLISHED', 0x02: 'SYN_SENT', 0x03: 'SYN_RECEIVED',
    0x04: 'FIN_WAIT_1', 0x05: 'FIN_WAIT_2', 0x06: 'TIME_WAIT',
    0x07: 'CLOSED', 0x08: 'CLOSE_WAIT', 0x09: 'LAST_ACK',
    0x0A: 'LISTEN', 0x0B: 'CLOSING', 0x0C: 'SYN_RECEIVED',
}

_libc = ctypes.CDLL(None, use_errno=True)

SCENARIOS = {}


def scenario(base, sport, cport, v6=False):
    """Register BASE_v4 (and BASE_v6 when asked) with fixed ports.

    Fixed ports make every re-run produce the same 4-tuples, which is what
    lets a test compare fresh kernel states with the committed ones.
    """
    def register(fn):
        fams = (4, 6) if v6 else (4,)
        for fam in fams:
            SCENARIOS['%s_v%d' % (base, fam)] = (fn, fam, sport, cport)
        return fn
    return register


def payload(n, tag):
    """Deterministic, human-recognisable bytes for captures."""
    unit = ('%s|' % tag).encode()
    return (unit * (n // len(unit) + 1))[:n]


class Net:
    """The three hosts of one scenario run and the connections made."""

    def __init__(self, args, fam, sport, cport):
        self.ns = {'client': args.client_ns, 'router': args.router_ns,
                   'server': args.server_ns}
        self.fam = fam
        self.af = socket.AF_INET if fam == 4 else socket.AF_INET6
        self.caddr = ADDRS[fam]['client']
        self.saddr = ADDRS[fam]['server']
        self.sport = sport
        self.cport = cport
        self.conns = []
        self.notes = []
        self.router_if = {'client': args.router_cif,
                          'server': args.router_sif}

    # -- namespaces -------------------------------------------------------
    def enter(self, host):
        fd = os.open('/run/netns/%s' % self.ns[host], os.O_RDONLY)
        try:
            if _libc.setns(fd, CLONE_NEWNET) != 0:
                err = ctypes.get_errno()
                raise OSError(err, 'setns(%s): %s' % (host, os.strerror(err)))
        finally:
            os.close(fd)

    def in_ns(self, host, *cmd):
        subprocess.run(['ip', 'netns', 'exec', self.ns[host]] + list(cmd),
                       check=True, timeout=10)

    def nft(self, rule):
        self.in_ns('router', 'nft', rule)

    def fmt(self, addr, port):
        return ('[%s]:%d' if self.fam == 6 else '%s:%d') % (addr, port)

    # -- sockets ----------------------------------------------------------
    def listen(self, port=None):
        self.enter('server')
        s = socket.socket(self.af, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((self.saddr, port or self.sport))
        s.listen(16)
        s.settimeout(5)
        KEEP.append(s)
        return s

    def connect(self, cport=None, sport=None, note='', setup=None,
                expect_refused=False):
        """Open a client connection from a fixed source port.

        The connection is recorded in creation order, which is the order
        Wireshark numbers tcp.stream in because each one starts with a SYN
        sent after the previous one's SYN.
        """
        cport = cport or self.cport
        sport = sport or self.sport
        self.enter('client')
        s = socket.socket(self.af, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if setup:
            setup(s)
        s.bind((self.caddr, cport))
        s.settimeout(5)
        KEEP.append(s)
        conn = {'client': self.fmt(self.caddr, cport),
                'server': self.fmt(self.saddr, sport), 'note': note}
        self.conns.append(conn)
        try:
            s.connect((self.saddr, sport))
        except ConnectionRefusedError:
            if not expect_refused:
                raise
            conn['note'] = (note + '; ' if note else '') + \
                'connect() failed with ECONNREFUSED'
            return None
        if expect_refused:
            raise RuntimeError('connect() unexpectedly succeeded')
        return s

    @staticmethod
    def accept(listener):
        s, _ = listener.accept()
        s.settimeout(5)
        KEEP.append(s)
        return s

    # -- data -------------------------------------------------------------
    @staticmethod
    def recv_exact(s, n):
        got = b''
        while len(got) < n:
            chunk = s.recv(n - len(got))
            if not chunk:
                raise RuntimeError('EOF after %d of %d bytes' % (len(got), n))
            got += chunk
        return got

    @staticmethod
    def recv_eof(s):
        """Read until the peer's FIN; returns everything read."""
        got = b''
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return got
            got += chunk

    def exchange(self, c, s, req=300, resp=1200):
        """One request/response, each side reading all it was sent."""
        c.sendall(payload(req, 'REQ'))
        self.recv_exact(s, req)
        s.sendall(payload(resp, 'RESP'))
        self.recv_exact(c, resp)

    # -- state evidence ---------------------------------------------------
    def proc_states(self, host, local, remote):
        """State of one 4-tuple from /proc/net/tcp[6] inside HOST's netns.

        Reading /proc is far cheaper than running ss, so it can be polled
        fast enough to see short-lived states such as CLOSING.
        """
        self.enter(host)
        path = '/proc/thread-self/net/tcp' + ('6' if self.fam == 6 else '')
        want = (self._proc_ep(*local), self._proc_ep(*remote))
        found = []
        with open(path) as f:
            next(f)
            for line in f:
                parts = line.split()
                if (parts[1], parts[2]) == want:
                    found.append(PROC_STATES.get(int(parts[3], 16), parts[3]))
        return found

    def _proc_ep(self, addr, port):
        packed = socket.inet_pton(self.af, addr)
        # The kernel prints each 32-bit word of the address in host order.
        words = struct.unpack('<%dI' % (len(packed) // 4), packed)
        return '%s:%04X' % (''.join('%08X' % w for w in words), port)

    def trace(self, seconds, pairs):
        """Poll states of several (host, local, remote) for SECONDS.

        Returns, per entry, the sequence of distinct states seen, with
        CLOSED standing for "no socket".
        """
        seqs = [[] for _ in pairs]
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            for i, (host, local, remote) in enumerate(pairs):
                st = self.proc_states(host, local, remote)
                cur = st[0] if st else 'CLOSED'
                if not seqs[i] or seqs[i][-1] != cur:
                    seqs[i].append(cur)
            time.sleep(0.0005)
        return seqs

    def state_now(self, host, local, remote):
        st = self.proc_states(host, local, remote)
        return st[0] if st else 'CLOSED'


def set_linger0(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))


# ---------------------------------------------------------------------------
# Scenarios.  Each ends with the hold time it needs; generate.sh adds a
# settle delay, then snapshots ss before anything is closed.
# ---------------------------------------------------------------------------

@scenario('graceful_client_first', 8101, 41001, v6=True)
def graceful_client_first(n):
    lst = n.listen()
    c = n.connect(note='client closes first, server then closes')
    s = n.accept(lst)
    n.exchange(c, s)
    c.close()
    n.recv_eof(s)
    time.sleep(0.05)
    s.close()
    time.sleep(0.2)


@scenario('graceful_server_first', 8102, 41002, v6=True)
def graceful_server_first(n):
    lst = n.listen()
    c = n.connect(note='server closes first after its reply, client then closes')
    s = n.accept(lst)
    n.exchange(c, s)
    s.close()
    n.recv_eof(c)
    time.sleep(0.05)
    c.close()
    time.sleep(0.2)


@scenario('half_close', 8103, 41003, v6=True)
def half_close(n):
    lst = n.listen()
    c = n.connect(note='client shutdown(SHUT_WR) after request; '
                  'server sends 4x500 bytes over 0.2 s after the FIN, then closes')
    s = n.accept(lst)
    c.sendall(payload(300, 'REQ'))
    c.shutdown(socket.SHUT_WR)
    req = n.recv_eof(s)
    assert len(req) == 300, len(req)
    for i in range(4):
        s.sendall(payload(500, 'DATA%d' % i))
        time.sleep(0.05)
    s.close()
    got = n.recv_eof(c)
    assert len(got) == 2000, len(got)
    c.close()
    time.sleep(0.2)


@scenario('abort_linger0', 8104, 41004, v6=True)
def abort_linger0(n):
    lst = n.listen()
    c = n.connect(note='client SO_LINGER {1,0} then close() on an '
                  'established connection: RST')
    s = n.accept(lst)
    n.exchange(c, s)
    set_linger0(c)
    c.close()
    time.sleep(0.2)


@scenario('close_unread_data', 8105, 41005, v6=True)
def close_unread_data(n):
    lst = n.listen()
    c = n.connect(note='server close() with 1000 unread bytes in its '
                  'receive buffer: kernel sends RST instead of FIN')
    s = n.accept(lst)
    c.sendall(payload(1000, 'UNREAD'))
    time.sleep(0.1)
    s.close()
    time.sleep(0.2)


@scenario('data_after_peer_close', 8106, 41006)
def data_after_peer_close(n):
    lst = n.listen()
    c = n.connect(note='client close(); server writes 500 bytes after '
                  'reading EOF: client kernel answers RST')
    s = n.accept(lst)
    n.exchange(c, s)
    c.close()
    n.recv_eof(s)
    time.sleep(0.05)
    s.sendall(payload(500, 'LATE'))
    time.sleep(0.3)


@scenario('refused', 8107, 41007, v6=True)
def refused(n):
    # No listener on the port: the server host's kernel answers RST/ACK.
    n.connect(note='no listener on server port: RST/ACK', expect_refused=True)
    time.sleep(0.1)


@scenario('close_wait_stuck', 8108, 41008, v6=True)
def close_wait_stuck(n):
    lst = n.listen()
    c = n.connect(note='client closes; server never closes '
                  '(application leak); capture ends 1.5 s later')
    s = n.accept(lst)
    n.exchange(c, s)
    c.close()
    n.recv_eof(s)
    time.sleep(1.5)


@scenario('fin_lost', 8109, 41009)
def fin_lost(n):
    n.nft('add rule inet tdgen relay ip saddr %s tcp flags & fin == fin '
          'counter drop' % n.caddr)
    lst = n.listen()
    c = n.connect(note='router drops every FIN from the client; client '
                  'retransmits its FIN unanswered')
    s = n.accept(lst)
    n.exchange(c, s)
    c.close()
    time.sleep(2.2)


@scenario('final_ack_lost', 8110, 41010)
def final_ack_lost(n):
    lst = n.listen()
    c = n.connect(note='client closes first; router drops the client ACK '
                  'of the server FIN once; server retransmits FIN from '
                  'LAST_ACK, client re-ACKs from TIME_WAIT')
    s = n.accept(lst)
    n.exchange(c, s)
    c.close()
    n.recv_eof(s)
    time.sleep(0.05)
    # Armed only now so that earlier pure ACKs (handshake, data) pass.
    # "quota until 100 bytes" matches exactly one pure ACK (52 or 72
    # bytes) and then stops matching.
    saddr = 'ip' if n.fam == 4 else 'ip6'
    n.nft('add rule inet tdgen relay %s saddr %s tcp flags == ack '
          'quota until 100 bytes counter drop' % (saddr, n.caddr))
    s.close()
    time.sleep(1.0)


@scenario('time_wait_reuse', 8111, 41011)
def time_wait_reuse(n):
    lst = n.listen()
    c1 = n.connect(note='first connection; server closes first so the '
                   'server holds TIME_WAIT')
    s1 = n.accept(lst)
    n.exchange(c1, s1)
    s1.close()
    n.recv_eof(c1)
    c1.close()
    time.sleep(0.1)
    local = (n.saddr, n.sport)
    remote = (n.caddr, n.cport)
    before = n.state_now('server', local, remote)
    c2 = None
    note2 = ('client reconnects from the same port (SO_REUSEADDR); server '
             'socket for this 4-tuple before the SYN: %s' % before)
    try:
        c2 = n.connect(note=note2)
    except (socket.timeout, OSError) as e:
        n.conns[-1]['note'] += ('; kernel accepted SYN in TIME_WAIT: no '
                                '(connect: %s)' % e)
    if c2 is not None:
        s2 = n.accept(lst)
        n.exchange(c2, s2, req=200, resp=400)
        n.conns[-1]['note'] += ('; kernel accepted SYN in TIME_WAIT: yes, '
                                'new connection established and left open')
    time.sleep(0.1)


@scenario('simultaneous_close', 8112, 41012)
def simultaneous_close(n):
    # The qdisc this kernel offers for delay is tbf: a bucket barely larger
    # than one full-size frame, drained by the data segments just before
    # the close, holds each FIN in the router for tens of milliseconds, so
    # both FINs leave their hosts before either arrives.
    for side in ('client', 'server'):
        n.in_ns('router', 'tc', 'qdisc', 'replace', 'dev',
                n.router_if[side], 'root', 'tbf', 'rate', '40kbit',
                'burst', '1540', 'limit', '30000')
    lst = n.listen()
    c = n.connect(note='both sides close() back to back while a shaped '
                  'router holds the FINs, so they cross')
    s = n.accept(lst)
    n.exchange(c, s, req=200, resp=200)
    # Let both token buckets refill to the full burst.
    time.sleep(0.5)
    c.sendall(payload(1448, 'FILL'))
    s.sendall(payload(1448, 'FILL'))
    n.recv_exact(s, 1448)
    n.recv_exact(c, 1448)
    c.close()
    s.close()
    cl = (n.caddr, n.cport)
    sv = (n.saddr, n.sport)
    seq_c, seq_s = n.trace(0.6, [('client', cl, sv), ('server', sv, cl)])
    went = lambda seq: 'yes' if 'CLOSING' in seq else 'no'
    n.conns[-1]['note'] += ('; went through CLOSING: client %s, server %s; '
                            'states polled: client %s, server %s'
                            % (went(seq_c), went(seq_s),
                               '>'.join(seq_c), '>'.join(seq_s)))


@scenario('keepalive_half_close', 8113, 41013)
def keepalive_half_close(n):
    def keepalive(s):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        s.setsockopt(socket.IPPROTO_TCP, TCP_KEEPIDLE, 1)
        s.setsockopt(socket.IPPROTO_TCP, TCP_KEEPINTVL, 1)
        s.setsockopt(socket.IPPROTO_TCP, TCP_KEEPCNT, 9)
    lst = n.listen()
    c = n.connect(note='client keep-alive idle=1 s intvl=1 s; '
                  'shutdown(SHUT_WR) at ~1.2 s; server neither closes '
                  'nor sends', setup=keepalive)
    s = n.accept(lst)
    c.sendall(payload(300, 'REQ'))
    n.recv_exact(s, 300)
    time.sleep(1.2)
    c.shutdown(socket.SHUT_WR)
    n.recv_eof(s)
    time.sleep(2.3)


@scenario('still_open', 8114, 41014)
def still_open(n):
    lst = n.listen()
    c = n.connect(note='two request/response rounds, nobody closes')
    s = n.accept(lst)
    n.exchange(c, s)
    n.exchange(c, s, req=100, resp=800)
    time.sleep(0.2)


@scenario('multi', 8115, 41020)
def multi(n):
    lst = n.listen()
    # Stream 0 stays open and talks again at the end, so its packets are
    # interleaved with the other streams'.
    c0 = n.connect(cport=41020, note='still open; more data at the end')
    s0 = n.accept(lst)
    n.exchange(c0, s0, req=100, resp=300)

    c1 = n.connect(cport=41021, note='graceful, client closes first')
    s1 = n.accept(lst)
    n.exchange(c1, s1)
    c1.close()
    n.recv_eof(s1)
    s1.close()
    time.sleep(0.1)

    c2 = n.connect(cport=41022, note='client abort with SO_LINGER {1,0}: RST')
    s2 = n.accept(lst)
    n.exchange(c2, s2, req=200, resp=200)
    set_linger0(c2)
    c2.close()
    time.sleep(0.1)

    n.connect(cport=41023, sport=8116, note='refused: no listener on 8116',
              expect_refused=True)
    time.sleep(0.1)

    c4 = n.connect(cport=41024, note='graceful, server closes first')
    s4 = n.accept(lst)
    n.exchange(c4, s4)
    s4.close()
    n.recv_eof(c4)
    c4.close()
    time.sleep(0.1)

    n.exchange(c0, s0, req=150, resp=600)
    time.sleep(0.2)


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--list', action='store_true')
    ap.add_argument('--list-matrix', action='store_true',
                    help='list the scenarios of matrix.py (generate.sh -m)')
    ap.add_argument('--list-causes', action='store_true',
                    help='list the scenarios of causes.py (generate.sh -c)')
    ap.add_argument('--list-tls', action='store_true',
                    help='list the scenarios of tls_scenarios.py (generate.sh -t)')
    ap.add_argument('cmd', nargs='?')
    ap.add_argument('name', nargs='?')
    ap.add_argument('--client-ns')
    ap.add_argument('--router-ns')
    ap.add_argument('--server-ns')
    ap.add_argument('--router-cif', default='rc')
    ap.add_argument('--router-sif', default='rs')
    ap.add_argument('--done')
    ap.add_argument('--notes')
    ap.add_argument('--hold', type=float, default=60.0,
                    help='longest time to keep sockets open after --done')
    args = ap.parse_args()

    cells = matrix.cells()
    if args.list:
        for name in SCENARIOS:
            print(name)
        return 0
    if args.list_matrix:
        for name in cells:
            print(name)
        return 0
    if args.list_causes:
        for name in causes.SCENARIOS:
            print(name)
        return 0
    if args.list_tls:
        for name in tls_scenarios.SCENARIOS:
            print(name)
        return 0
    known = (args.name in SCENARIOS or args.name in cells or args.name in causes.SCENARIOS or
             args.name in tls_scenarios.SCENARIOS)
    if args.cmd != 'run' or not known:
        ap.error('usage: peer.py --list | --list-matrix | --list-causes | --list-tls | run NAME ...')

    if args.name in SCENARIOS or args.name in causes.SCENARIOS or args.name in tls_scenarios.SCENARIOS:
        fn, fam, sport, cport = (SCENARIOS.get(args.name) or causes.SCENARIOS.get(args.name) or
                                 tls_scenarios.SCENARIOS[args.name])
        net = Net(args, fam, sport, cport)
        fn(net)
    else:
        kind, spec, fam, sport, cport = cells[args.name]
        net = Net(args, fam, sport, cport)
        matrix.run(net, kind, spec)
    with open(args.notes, 'w') as f:
        # marks: (CLOCK_REALTIME, event) pairs the matrix driver records.
        json.dump({'scenario': args.name, 'family': fam,
                   'conns': net.conns, 'marks': net.notes}, f, indent=1)
    with open(args.done, 'w') as f:
        f.write('done\n')

    # SIGTERM ends the process with default action; sockets close only then.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    time.sleep(args.hold)
    return 0


if __name__ == '__main__':
    sys.exit(main())
