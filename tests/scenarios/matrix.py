#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# The teardown matrix: close shapes x lost packets x address families, from one table, plus the kernel state poller.
"""Scenario matrix for tests/scenarios/generate.sh -m (issue 10).

Every row of MATRIX is a close shape with the loss points that make sense
for it; each (loss point, once|always) pair becomes one scenario named
SHAPE_POINT_MODE_vF (SHAPE_none_vF for the lossless run). SPECIALS are the
situations that are not a shape x loss cell (the keep-alive race, silent
give-ups). peer.py imports this module and runs the scenarios with its Net
class; nothing here runs on its own except the two helper commands:

  matrix.py poll --out FILE       run inside a namespace: poll
                                  /proc/net/tcp{,6} until SIGTERM
  matrix.py timeline --name N --client F --server F --notes F --out F
                                  merge both hosts' polls and the driver's
                                  marks into NAME.timeline

Drops live in the router's `inet tdgen relay` chain (forward hook) and are
written once, before the connection starts, so no timing decides what is
dropped:

* `fin_c` / `fin_s` are dynamic sets of ports; a FIN from the client
  (server) adds its source port to fin_c (fin_s) as it crosses the router.
  "X's pure ACK after Y's FIN" is then a rule that needs Y's port in Y's set.
* "once" adds `tcp sport != @onceN add @onceN { tcp sport }` to the rule:
  the first matching segment is dropped and its port recorded, every later
  one fails the `!=` test and passes. No quota arithmetic, no numgen.
* "always" is the bare rule.
* Pure ACK = flags exactly ACK and the IP packet under 160 bytes; data =
  IP packet over 160 bytes (the matrix never writes fewer than 100 bytes
  of payload, and no control segment with options reaches 160).
"""

import errno
import os
import select
import signal
import socket
import struct
import sys
import time

# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------

ONCE, ALWAYS = 'once', 'always'

# Loss points: which side's which segment, in terms of A (the side that
# closes first) and P (the other one).
POINTS = {
    'fin1': 'the first FIN (A\'s)',
    'ack1': 'P\'s pure ACK of A\'s FIN',
    'fin2': 'the second FIN (P\'s)',
    'ack2': 'A\'s pure ACK of P\'s FIN (the final ACK)',
    'data': 'a data segment P sends after A\'s FIN (half-close)',
    'rst': 'the RST',
    'after_fins': 'every segment from either side after its own FIN '
                  '(the crossing FINs pass, nothing later does)',
}

# name, active side (A), server port, loss points with their modes, what it is
MATRIX = [
    ('cf4', 'client', 8201,
     {'fin1': (ONCE, ALWAYS), 'ack1': (ONCE, ALWAYS), 'fin2': (ONCE, ALWAYS),
      'ack2': (ONCE, ALWAYS)},
     'client closes first; server closes 0.25 s after reading EOF, so its '
     'delayed ACK of the FIN leaves alone: FIN, ACK, FIN, ACK'),
    ('cf3', 'client', 8202,
     {'fin1': (ONCE, ALWAYS), 'fin2': (ONCE, ALWAYS), 'ack2': (ONCE, ALWAYS)},
     'client closes first; server close() right after recv()==0, inside '
     'the delayed-ACK time, so its FIN carries the ACK: FIN, FIN+ACK, ACK'),
    ('sf4', 'server', 8203,
     {'fin1': (ONCE, ALWAYS), 'ack1': (ONCE, ALWAYS), 'fin2': (ONCE, ALWAYS),
      'ack2': (ONCE, ALWAYS)},
     'server closes first after its reply; client closes 0.25 s after '
     'reading EOF: FIN, ACK, FIN, ACK'),
    ('sf3', 'server', 8204,
     {'fin1': (ONCE, ALWAYS), 'fin2': (ONCE, ALWAYS), 'ack2': (ONCE, ALWAYS)},
     'server closes first after its reply; client close() right after '
     'recv()==0: FIN, FIN+ACK, ACK'),
    ('sim', 'client', 8205,
     {'fin1': (ONCE, ALWAYS), 'ack1': (ONCE, ALWAYS), 'fin2': (ONCE, ALWAYS),
      'ack2': (ONCE, ALWAYS), 'after_fins': (ALWAYS,)},
     'both close() back to back while tbf queues in the router hold the '
     'FINs, so they cross (A = client only names the loss points)'),
    ('half', 'client', 8206,
     {'fin1': (ONCE, ALWAYS), 'data': (ONCE, ALWAYS), 'fin2': (ONCE, ALWAYS),
      'ack2': (ONCE, ALWAYS)},
     'client shutdown(SHUT_WR) after a 100-byte request; server sends '
     '4x500 bytes 50 ms apart, then closes; client closes at EOF'),
    ('rstfin', 'client', 8207,
     {'fin1': (ONCE, ALWAYS), 'rst': (ONCE,)},
     'client writes 1000 bytes and close()s (FIN); the server never reads '
     'them and close()s 0.5 s later: RST instead of FIN'),
    ('abort', 'client', 8208,
     {'rst': (ONCE, ALWAYS)},
     'client SO_LINGER {1,0} + close(): RST; the server writes 100 bytes '
     '0.3 s later, so a lost RST is answered by a new one'),
]

# Rows also generated for IPv6 (the v4 rows are all generated): every cf3
# cell (the class 1) and a representative cell of the others.
V6 = {
    'cf3_none', 'cf3_fin1_once', 'cf3_fin1_always', 'cf3_fin2_once',
    'cf3_fin2_always', 'cf3_ack2_once', 'cf3_ack2_always',
    'cf4_none', 'cf4_fin1_always', 'cf4_ack2_once',
    'sf3_ack2_always', 'sim_none', 'sim_after_fins_always',
    'half_none', 'half_data_once', 'rstfin_none', 'abort_rst_once',
    'ka_race', 'syn_timeout',
}

# name, server port, what it is (functions below)
SPECIALS = [
    ('ka_race', 8210,
     'keep-alive race: the client\'s request waits in a router queue while '
     'the server\'s FIN crosses it; the client\'s ACK of that FIN is lost; '
     'the server answers the request with RST (seq = client RCV.NXT-1)'),
    ('syn_timeout', 8211,
     'connect() to a server whose input hook drops every SYN, tcp_syn_retries=1 in '
     'the client namespace: connect() gives up silently after ~3 s'),
    ('user_timeout', 8212,
     'TCP_USER_TIMEOUT 1000 ms; after one exchange the router black-holes '
     'the client; its 100-byte write is retransmitted until the kernel '
     'gives up silently'),
    ('linger_timeout', 8213,
     'SO_LINGER {1,1}; after one exchange the router black-holes the '
     'client; it writes 100 bytes and close()s, which returns after the '
     '1 s linger time with the socket still orphaned in FIN_WAIT_1'),
]

CLIENT_PORT_BASE = 42000

# Time the capture runs on after the last close(): long enough for three
# retransmissions at the 200 ms minimum RTO (0.2, 0.6, 1.4 s).
TAIL_LOSS = 2.0
TAIL_CLEAN = 0.5
# How long an application waits for EOF before giving up on it (and then
# not closing: an application that never sees EOF does not close).
EOF_WAIT = 1.2


def cells():
    """Every scenario of the matrix: name -> (kind, spec, fam, sport, cport)."""
    out = {}
    port = CLIENT_PORT_BASE
    for shape, active, sport, points, desc in MATRIX:
        combos = [(None, None)] + [(p, m) for p, modes in points.items()
                                   for m in modes]
        for point, mode in combos:
            base = shape + '_' + ('none' if point is None else point + '_' + mode)
            port += 1
            for fam in (4, 6):
                if fam == 6 and base not in V6:
                    continue
                out['%s_v%d' % (base, fam)] = (
                    'shape', (shape, active, point, mode, desc), fam, sport,
                    port + (500 if fam == 6 else 0))
    for name, sport, desc in SPECIALS:
        port += 1
        for fam in (4, 6):
            if fam == 6 and name not in V6:
                continue
            out['%s_v%d' % (name, fam)] = ('special', (name, desc), fam,
                                            sport, port + (500 if fam == 6 else 0))
    return out


# ---------------------------------------------------------------------------
# Driver helpers (n is peer.Net)
# ---------------------------------------------------------------------------

def mark(n, text):
    n.notes.append((time.time(), text))


def payload(size, tag):
    unit = ('%s|' % tag).encode()
    return (unit * (size // len(unit) + 1))[:size]


def wait_eof(n, s, who, timeout):
    """Read until EOF, an error or TIMEOUT; marks what happened."""
    got = 0
    end = time.monotonic() + timeout
    s.setblocking(False)
    try:
        while True:
            left = end - time.monotonic()
            if left <= 0:
                mark(n, '%s: no EOF within %.1f s (%d bytes read)' % (who, timeout, got))
                return 'timeout'
            select.select([s], [], [], left)
            try:
                chunk = s.recv(65536)
            except BlockingIOError:
                continue
            except OSError as e:
                mark(n, '%s: recv() failed: %s (%d bytes read)'
                     % (who, errno.errorcode.get(e.errno, e.errno), got))
                return errno.errorcode.get(e.errno, str(e.errno))
            if not chunk:
                mark(n, '%s: recv() returned 0 (EOF) after %d bytes' % (who, got))
                return 'eof'
            got += len(chunk)
    finally:
        s.settimeout(5)


def do(n, who, what, fn, *args):
    """Run a socket call, mark it with its outcome and errno."""
    mark(n, '%s: %s called' % (who, what))
    try:
        r = fn(*args)
    except OSError as e:
        mark(n, '%s: %s failed: %s' % (who, what, errno.errorcode.get(e.errno, e.errno)))
        return errno.errorcode.get(e.errno, str(e.errno))
    mark(n, '%s: %s returned' % (who, what))
    return r


def note(n, text):
    c = n.conns[-1]
    c['note'] = (c['note'] + '; ' if c['note'] else '') + text


def nft_script(n, lines):
    """Add rules to the router's relay chain in one nft run."""
    script = ''.join(l + '\n' for l in lines)
    import subprocess
    subprocess.run(['ip', 'netns', 'exec', n.ns['router'], 'nft', '-f', '-'],
                   input=script, text=True, check=True, timeout=10)


def loss_rules(n, active, point, mode):
    """nft lines for one loss point, written before the connection starts."""
    if point is None:
        return []
    cp, sp = n.cport, n.sport
    side = {'client': cp, 'server': sp}
    passive = 'server' if active == 'client' else 'client'
    A, P = side[active], side[passive]
    setname = {cp: 'fin_c', sp: 'fin_s'}
    pre = 'add rule inet tdgen relay '
    lines = [
        'add set inet tdgen fin_c { type inet_service; flags dynamic; }',
        'add set inet tdgen fin_s { type inet_service; flags dynamic; }',
        'add set inet tdgen once1 { type inet_service; flags dynamic; }',
    ]
    if point == 'after_fins':
        # Drop first, then record the FIN: the FIN that fills the set passes.
        for port in (cp, sp):
            lines.append(pre + 'tcp sport %d tcp sport @%s counter drop'
                         % (port, setname[port]))
    for port in (cp, sp):
        lines.append(pre + 'tcp sport %d tcp flags & fin == fin add @%s { tcp sport }'
                     % (port, setname[port]))
    if point == 'after_fins':
        return lines
    pure_ack = 'meta length < 160 tcp flags == ack'
    match = {
        'fin1': 'tcp sport %d tcp flags & fin == fin' % A,
        'fin2': 'tcp sport %d tcp flags & fin == fin' % P,
        'ack1': 'tcp sport %d %s tcp dport @%s' % (P, pure_ack, setname[A]),
        'ack2': 'tcp sport %d %s tcp dport @%s' % (A, pure_ack, setname[P]),
        'data': 'tcp sport %d meta length > 160 tcp dport @%s' % (P, setname[A]),
        'rst': 'tcp flags & rst == rst',
    }[point]
    once = ' tcp sport != @once1 add @once1 { tcp sport }' if mode == ONCE else ''
    lines.append(pre + match + once + ' counter drop')
    return lines


def tbf(n, sides):
    """The delay this kernel offers (no netem): tbf with a bucket barely
    larger than one full frame, drained by one MSS-sized write."""
    for side in sides:
        n.in_ns('router', 'tc', 'qdisc', 'replace', 'dev', n.router_if[side],
                'root', 'tbf', 'rate', '40kbit', 'burst', '1540', 'limit', '30000')


def mss(s):
    return s.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG)


def set_linger(s, onoff, secs):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', onoff, secs))


def run_shape(n, spec):
    shape, active, point, mode, desc = spec
    lossy = point is not None
    nft_script(n, loss_rules(n, active, point, mode))
    if shape == 'sim':
        tbf(n, ('client', 'server'))
    lst = n.listen()
    text = desc
    if lossy:
        text += '; router drops %s %s' % (POINTS[point], mode)
    c = n.connect(note=text)
    s = n.accept(lst)
    n.exchange(c, s, req=100, resp=300)
    # Long enough for the state poller to see the connection established.
    time.sleep(0.03)
    A, P = (c, s) if active == 'client' else (s, c)
    a_name, p_name = active, ('server' if active == 'client' else 'client')

    if shape in ('cf4', 'cf3', 'sf4', 'sf3'):
        do(n, a_name, 'close()', A.close)
        r = wait_eof(n, P, p_name, EOF_WAIT)
        if r == 'eof':
            if shape.endswith('4'):
                time.sleep(0.25)
            do(n, p_name, 'close()', P.close)
        else:
            note(n, '%s never read EOF (%s) and did not close' % (p_name, r))
    elif shape == 'sim':
        # Let both buckets refill, then drain them with one MSS each.
        time.sleep(0.5)
        fill = mss(c)
        c.sendall(payload(fill, 'FILL'))
        s.sendall(payload(fill, 'FILL'))
        n.recv_exact(s, fill)
        n.recv_exact(c, fill)
        do(n, 'client', 'close()', c.close)
        do(n, 'server', 'close()', s.close)
    elif shape == 'half':
        c.sendall(payload(100, 'REQ'))
        do(n, 'client', 'shutdown(SHUT_WR)', c.shutdown, socket.SHUT_WR)
        r = wait_eof(n, s, 'server', EOF_WAIT)
        if r == 'eof':
            for i in range(4):
                s.sendall(payload(500, 'DATA%d' % i))
                time.sleep(0.05)
            do(n, 'server', 'close()', s.close)
            r = wait_eof(n, c, 'client', EOF_WAIT + 0.6)
            if r == 'eof':
                do(n, 'client', 'close()', c.close)
            else:
                note(n, 'client never read EOF (%s) and did not close' % r)
        else:
            note(n, 'server never read EOF (%s) and did not send or close' % r)
    elif shape == 'rstfin':
        c.sendall(payload(1000, 'UNREAD'))
        do(n, 'client', 'close()', c.close)
        time.sleep(0.5)
        do(n, 'server', 'close() with 1000 unread bytes', s.close)
    elif shape == 'abort':
        set_linger(c, 1, 0)
        do(n, 'client', 'close() with SO_LINGER {1,0}', c.close)
        time.sleep(0.3)
        r = do(n, 'server', 'send(100)', s.send, payload(100, 'LATE'))
        if isinstance(r, str):
            note(n, 'server send() after the RST: %s' % r)
        # A second write collects the error of a reset that came back.
        time.sleep(0.1)
        r = do(n, 'server', 'send(100)', s.send, payload(100, 'LATE2'))
        if isinstance(r, str):
            note(n, 'server second send(): %s' % r)
    else:
        raise ValueError(shape)
    time.sleep(TAIL_LOSS if lossy else TAIL_CLEAN)


def ka_race(n):
    # tbf on the router's server-side interface only: the client's request
    # waits there while the server's FIN goes the other way unshaped.
    tbf(n, ('server',))
    # The client's pure ACKs after the server's FIN are lost (the ACK of
    # that FIN, and any re-ACK), so the RST is the only answer.
    nft_script(n, [
        'add set inet tdgen fin_s { type inet_service; flags dynamic; }',
        'add rule inet tdgen relay tcp sport %d tcp flags & fin == fin add @fin_s { tcp sport }' % n.sport,
        'add rule inet tdgen relay tcp sport %d meta length < 160 tcp flags == ack '
        'tcp dport @fin_s counter drop' % n.cport,
    ])
    lst = n.listen()

    def nodelay(s):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    c = n.connect(note=dict(SPECIALS_BY_NAME)['ka_race'], setup=nodelay)
    s = n.accept(lst)
    n.exchange(c, s, req=100, resp=300)
    time.sleep(0.5)
    fill = mss(c)
    # The full-size segment empties the bucket; the request behind it waits.
    c.sendall(payload(fill, 'FILL'))
    do(n, 'client', 'send(request, 200)', c.send, payload(200, 'REQ2'))
    n.recv_exact(s, fill)
    do(n, 'server', 'close() (idle keep-alive timeout)', s.close)
    r = wait_eof(n, c, 'client', 1.0)
    note(n, 'client read: %s' % r)
    time.sleep(0.5)
    r = do(n, 'client', 'send(100)', c.send, payload(100, 'AFTER'))
    if isinstance(r, str):
        note(n, 'client send() after the RST: %s' % r)
    time.sleep(TAIL_CLEAN)


def syn_timeout(n):
    n.in_ns('client', 'sysctl', '-qw', 'net.ipv4.tcp_syn_retries=1')
    # The SYNs are dropped by the server host's own input hook, behind its
    # capture point, so both captures show them (a router drop would leave
    # the server capture empty and nothing to check there).
    n.in_ns('server', 'nft', 'add table inet tdgen_host; '
            'add chain inet tdgen_host input { type filter hook input priority 0; }; '
            'add rule inet tdgen_host input tcp dport %d tcp flags & syn == syn '
            'counter drop' % n.sport)
    n.listen()
    t0 = time.time()
    try:
        n.connect(note=dict(SPECIALS_BY_NAME)['syn_timeout'],
                  setup=lambda s: None)
        note(n, 'connect() unexpectedly succeeded')
    except OSError as e:
        name = errno.errorcode.get(e.errno, str(e.errno)) if e.errno else str(e)
        mark(n, 'client: connect() failed: %s' % name)
        note(n, 'connect() failed after %.2f s: %s' % (time.time() - t0, name))
    # Long past when a third SYN would have been due (1 s, then 2 s).
    time.sleep(3.0)


def blackhole_client(n):
    nft_script(n, ['add rule inet tdgen relay tcp sport %d counter drop' % n.cport])
    mark(n, 'router: client black-holed')


def user_timeout(n):
    lst = n.listen()

    def ut(s):
        s.setsockopt(socket.IPPROTO_TCP, getattr(socket, 'TCP_USER_TIMEOUT', 18), 1000)
    c = n.connect(note=dict(SPECIALS_BY_NAME)['user_timeout'], setup=ut)
    s = n.accept(lst)
    n.exchange(c, s, req=100, resp=300)
    time.sleep(0.1)
    blackhole_client(n)
    t0 = time.time()
    do(n, 'client', 'send(100)', c.send, payload(100, 'LOST'))
    r = wait_eof(n, c, 'client', 3.0)
    note(n, 'client recv() after %.2f s: %s' % (time.time() - t0, r))
    time.sleep(1.5)


def linger_timeout(n):
    lst = n.listen()
    c = n.connect(note=dict(SPECIALS_BY_NAME)['linger_timeout'],
                  setup=lambda s: set_linger(s, 1, 1))
    s = n.accept(lst)
    n.exchange(c, s, req=100, resp=300)
    time.sleep(0.1)
    blackhole_client(n)
    do(n, 'client', 'send(100)', c.send, payload(100, 'LOST'))
    t0 = time.time()
    r = do(n, 'client', 'close() with SO_LINGER {1,1}', c.close)
    note(n, 'close() took %.2f s and %s' % (
        time.time() - t0, 'failed: %s' % r if isinstance(r, str) else 'returned 0'))
    time.sleep(1.5)


SPECIALS_BY_NAME = [(name, desc) for name, _, desc in SPECIALS]
SPECIAL_FNS = {'ka_race': ka_race, 'syn_timeout': syn_timeout,
               'user_timeout': user_timeout, 'linger_timeout': linger_timeout}


def run(n, kind, spec):
    if kind == 'shape':
        run_shape(n, spec)
    else:
        SPECIAL_FNS[spec[0]](n)


# ---------------------------------------------------------------------------
# Kernel state poller and timeline
# ---------------------------------------------------------------------------

PROC_STATES = {
    0x01: 'ESTABLISHED', 0x02: 'SYN_SENT', 0x03: 'SYN_RECEIVED',
    0x04: 'FIN_WAIT_1', 0x05: 'FIN_WAIT_2', 0x06: 'TIME_WAIT',
    0x07: 'CLOSED', 0x08: 'CLOSE_WAIT', 0x09: 'LAST_ACK',
    0x0A: 'LISTEN', 0x0B: 'CLOSING', 0x0C: 'SYN_RECEIVED',
}

TICK = 0.5


def proc_endpoint(text):
    addr, port = text.split(':')
    raw = bytes.fromhex(addr)
    # Each 32-bit word is printed in host (little-endian) order.
    packed = b''.join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    port = int(port, 16)
    if len(packed) == 4:
        return '%s:%d' % (socket.inet_ntop(socket.AF_INET, packed), port)
    return '[%s]:%d' % (socket.inet_ntop(socket.AF_INET6, packed), port)


def read_proc():
    found = {}
    for path in ('/proc/net/tcp', '/proc/net/tcp6'):
        try:
            with open(path) as f:
                lines = f.read().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            parts = line.split()
            st = int(parts[3], 16)
            if st == 0x0A:
                continue
            key = (parts[1], parts[2])
            # Several sockets on one tuple (a reset one still held and a
            # new one) are not made by the matrix; keep the first.
            found.setdefault(key, PROC_STATES.get(st, parts[3]))
    return found


def poll(out, interval=0.001):
    """Record every state change of every non-listening socket, with the
    CLOCK_REALTIME interval of the read that saw it, until SIGTERM."""
    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    signal.signal(signal.SIGINT, lambda *a: stop.append(1))
    # The file's existence tells generate.sh the poller runs.
    open(out, 'w').close()
    names = {}
    prev = {}
    rows = []
    next_tick = 0.0

    def name(k):
        if k not in names:
            names[k] = (proc_endpoint(k[0]), proc_endpoint(k[1]))
        return names[k]

    while not stop:
        t0 = time.time()
        cur = read_proc()
        t1 = time.time()
        for k in set(prev) | set(cur):
            new = cur.get(k, 'CLOSED')
            old = prev.get(k)
            if old is None:
                rows.append((t0, t1, name(k), new, 'first'))
            elif old[0] != new:
                rows.append((old[1], old[2], name(k), old[0], 'last'))
                rows.append((t0, t1, name(k), new, 'change'))
            prev[k] = (new, t0, t1)
        if t0 >= next_tick:
            for k, (st, _, _) in prev.items():
                rows.append((t0, t1, name(k), st, 'tick'))
            next_tick = t0 + TICK
        time.sleep(interval)
    with open(out, 'w') as f:
        for t0, t1, (local, remote), st, kind in rows:
            f.write('%.6f\t%.6f\t%s\t%s\t%s\t%s\n' % (t0, t1, local, remote, st, kind))


def timeline(name, client, server, notes, out):
    import json
    rows = []
    for host, path in (('client', client), ('server', server)):
        with open(path) as f:
            for line in f:
                t0, t1, local, remote, st, kind = line.rstrip('\n').split('\t')
                rows.append((float(t0), 'state\t%s\t%s\t%s\t%s\t%s\t%s\t%s'
                             % (t0, t1, host, local, remote, st, kind)))
    with open(notes) as f:
        for t, text in json.load(f).get('marks', []):
            rows.append((t, 'mark\t%.6f\t%s' % (t, text)))
    rows.sort(key=lambda r: r[0])
    with open(out, 'w') as f:
        f.write('# kernel timeline of %s: every state change of every TCP socket in the\n'
                '# client and server namespaces, polled from /proc/net/tcp{,6} about every\n'
                '# millisecond; times are CLOCK_REALTIME seconds, the clock of the pcap\n'
                '# timestamps.\n'
                '# state<TAB>t_read_start<TAB>t_read_end<TAB>host<TAB>local<TAB>remote<TAB>STATE<TAB>kind\n'
                '#   kind: first = first poll that saw the socket; last = last poll before a\n'
                '#   change; change = first poll after it; tick = every %.2f s\n'
                '#   CLOSED = no socket for the tuple (or state CLOSE, reset but still held)\n'
                '# mark<TAB>time<TAB>what the driver did (just before / after the call)\n'
                % (name, TICK))
        for _, text in rows:
            f.write(text + '\n')


def main():
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument('cmd', choices=('poll', 'timeline', 'list'))
    ap.add_argument('--out')
    ap.add_argument('--name')
    ap.add_argument('--client')
    ap.add_argument('--server')
    ap.add_argument('--notes')
    a = ap.parse_args()
    if a.cmd == 'poll':
        poll(a.out)
    elif a.cmd == 'timeline':
        timeline(a.name, a.client, a.server, a.notes, a.out)
    else:
        for k in cells():
            print(k)
    return 0


if __name__ == '__main__':
    sys.exit(main())
