#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# The "why it ended" scenarios (teardown.cause, issue 12 item 6): real-kernel runs and their expected-cause table.
"""Cause scenarios for tests/scenarios/generate.sh -c.

Each scenario makes the Linux stack end a connection for one reason the
v2 spec names (idle timer, middlebox reset, retransmission or keep-alive
give-up, keep-alive race, stale state, aborts at each stage, unanswered
SYNs). peer.py imports this module and runs them with its Net class; what
the applications saw (errno of each call, timings) is written to the
driver notes and from there into NAME.ss.

EXPECT holds the expected cause per (scenario, vantage, stream): the
judgement of what the spec's definitions make of what the kernel did.
`causes.py table` joins it with the kernels' final states (NAME.expect)
and the recorded errno into tests/scenarios/causes.tsv; REUSED names
captures of tests/scenarios/captures that stand for a cause as they are.

  causes.py list
  causes.py notes NOTES.json          driver notes as '#' lines (for NAME.ss)
  causes.py table [--out FILE]        write causes.tsv
"""

import errno
import json
import os
import select
import socket
import struct
import sys
import time

import matrix
from matrix import mark, nft_script, note, payload, set_linger, tbf, mss

HERE = os.path.dirname(os.path.abspath(__file__))

TCP_USER_TIMEOUT = getattr(socket, 'TCP_USER_TIMEOUT', 18)
TCP_SYNCNT = getattr(socket, 'TCP_SYNCNT', 7)
TCP_KEEPIDLE = getattr(socket, 'TCP_KEEPIDLE', 4)
TCP_KEEPINTVL = getattr(socket, 'TCP_KEEPINTVL', 5)
TCP_KEEPCNT = getattr(socket, 'TCP_KEEPCNT', 6)

# Idle gap of the idle scenarios; the checker runs tshark with
# -o teardown.idle_seconds:2.
IDLE = 3.0

SCENARIOS = {}
# Scenarios whose end is a give-up: generate.sh runs UDP tickers so the
# captures go on past the silence (a capture that stopped is not a timeout).
GIVE_UPS = set()


def cause(base, sport, cport, v6=False, give_up=False):
    def register(fn):
        for fam in ((4, 6) if v6 else (4,)):
            name = '%s_v%d' % (base, fam)
            SCENARIOS[name] = (fn, fam, sport, cport + (500 if fam == 6 else 0))
            if give_up:
                GIVE_UPS.add(name)
        return fn
    return register


def ename(e):
    return errno.errorcode.get(e.errno, str(e.errno)) if e.errno else str(e)


def record(n, who, call, result):
    """Note an application call's outcome on the current connection and
    mark it in time; RESULT is an errno name or a plain description."""
    mark(n, '%s: %s: %s' % (who, call, result))
    c = n.conns[-1]
    c.setdefault('errno', []).append('%s %s: %s' % (who, call, result))


def call(n, who, what, fn, *args):
    try:
        r = fn(*args)
    except OSError as e:
        record(n, who, what, ename(e))
        return ename(e)
    record(n, who, what, 'ok' if r is None else 'returned %r' % (
        len(r) if isinstance(r, bytes) else r))
    return r


def read_until(n, s, who, timeout):
    """recv() until EOF, an error or TIMEOUT; records the outcome."""
    got = 0
    end = time.monotonic() + timeout
    s.setblocking(False)
    t0 = time.monotonic()
    try:
        while True:
            left = end - time.monotonic()
            if left <= 0:
                res = 'nothing within %.1f s' % timeout
                break
            select.select([s], [], [], left)
            try:
                chunk = s.recv(65536)
            except BlockingIOError:
                continue
            except OSError as e:
                res = ename(e)
                break
            if not chunk:
                res = 'EOF'
                break
            got += len(chunk)
    finally:
        s.settimeout(5)
    record(n, who, 'recv()', '%s after %.2f s (%d bytes read)'
           % (res, time.monotonic() - t0, got))
    return res


def flow_table(n, timeout, action):
    """The router as a stateful middlebox: a flow (keyed by the client's
    port) is known from its SYN and refreshed by every packet either way;
    once it has been idle TIMEOUT the entry expires and the router applies
    ACTION (drop, or reject with tcp reset) to the flow's packets."""
    cp = n.cport
    pre = 'add rule inet tdgen relay '
    nft_script(n, [
        'add set inet tdgen flows { type inet_service; flags dynamic,timeout; timeout %s; }' % timeout,
        pre + 'tcp sport %d tcp flags & (syn|ack) == syn update @flows { tcp sport }' % cp,
        pre + 'tcp sport %d tcp sport != @flows counter %s' % (cp, action),
        pre + 'tcp sport %d update @flows { tcp sport }' % cp,
        # The server's packets of a forgotten flow are dropped either way.
        pre + 'tcp dport %d tcp dport != @flows counter drop' % cp,
        pre + 'tcp dport %d update @flows { tcp dport }' % cp,
    ])


# ---------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------

@cause('idle_close', 8301, 43001, v6=True)
def idle_close(n):
    lst = n.listen()
    c = n.connect(note='request/response, then the server sits idle %.0f s and '
                  'close()s (its keep-alive timer); the client closes at EOF' % IDLE)
    s = n.accept(lst)
    n.exchange(c, s)
    time.sleep(IDLE)
    call(n, 'server', 'close() after %.0f s idle' % IDLE, s.close)
    if read_until(n, c, 'client', 2.0) == 'EOF':
        call(n, 'client', 'close()', c.close)
    time.sleep(0.3)


@cause('idle_reset_mb', 8302, 43002, v6=True)
def idle_reset_mb(n):
    flow_table(n, '2s', 'reject with tcp reset')
    lst = n.listen()
    c = n.connect(note='router keeps a flow table with a 2 s idle timeout; '
                  'after %.0f s idle the client\'s next request meets '
                  '"reject with tcp reset": the router answers it with an '
                  'RST in the server\'s name; the server sees nothing' % IDLE)
    s = n.accept(lst)
    n.exchange(c, s)
    time.sleep(IDLE)
    call(n, 'client', 'send(request, 200)', c.send, payload(200, 'REQ2'))
    read_until(n, c, 'client', 1.0)
    time.sleep(0.3)


@cause('idle_drop_user_timeout', 8303, 43003, v6=True, give_up=True)
def idle_drop_user_timeout(n):
    flow_table(n, '2s', 'drop')
    lst = n.listen()

    def ut(s):
        s.setsockopt(socket.IPPROTO_TCP, TCP_USER_TIMEOUT, 3000)
    c = n.connect(note='client TCP_USER_TIMEOUT 3000 ms; router forgets the '
                  'flow after 2 s idle and drops it silently; after %.0f s '
                  'idle the client\'s request is retransmitted until the '
                  'kernel gives up' % IDLE, setup=ut)
    s = n.accept(lst)
    n.exchange(c, s)
    time.sleep(IDLE)
    call(n, 'client', 'send(request, 200)', c.send, payload(200, 'REQ2'))
    read_until(n, c, 'client', 5.0)
    # The last retransmission was ~1.7 s after the one before: go on well
    # past when the next one would have been due, so the silence is the
    # kernel's, not the capture's end.
    time.sleep(4.0)


@cause('keepalive_timeout', 8304, 43004, v6=True, give_up=True)
def keepalive_timeout(n):
    flow_table(n, '800ms', 'drop')
    lst = n.listen()

    def ka(s):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        s.setsockopt(socket.IPPROTO_TCP, TCP_KEEPIDLE, 1)
        s.setsockopt(socket.IPPROTO_TCP, TCP_KEEPINTVL, 1)
        s.setsockopt(socket.IPPROTO_TCP, TCP_KEEPCNT, 3)
    c = n.connect(note='client SO_KEEPALIVE idle 1 s, interval 1 s, count 3; '
                  'router forgets the flow after 0.8 s idle and drops both '
                  'ways; the probes go unanswered', setup=ka)
    s = n.accept(lst)
    n.exchange(c, s)
    read_until(n, c, 'client', 6.0)
    time.sleep(1.0)


@cause('keepalive_race', 8305, 43005, v6=True)
def keepalive_race(n):
    # As matrix.ka_race, after an idle gap: the request waits in the tbf
    # queue of the router's server-side interface while the server's
    # idle-timeout FIN reaches the client; the client's pure ACKs after
    # that FIN are lost, so the server's RST is the only answer. The
    # bucket is drained by a UDP datagram (not captured), so the server's
    # TCP stays silent from the exchange to its FIN.
    tbf(n, ('server',))
    nft_script(n, [
        'add set inet tdgen fin_s { type inet_service; flags dynamic; }',
        'add rule inet tdgen relay tcp sport %d tcp flags & fin == fin add @fin_s { tcp sport }' % n.sport,
        'add rule inet tdgen relay tcp sport %d meta length < 160 tcp flags == ack '
        'tcp dport @fin_s counter drop' % n.cport,
    ])
    lst = n.listen()

    def nodelay(s):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    c = n.connect(note='after %.1f s idle the client sends its next request '
                  'and the server close()s (idle timer) at once; the request '
                  'waits in the router\'s tbf queue while the FIN crosses it; '
                  'the server answers the request with RST'
                  % (IDLE - 0.5), setup=nodelay)
    s = n.accept(lst)
    n.exchange(c, s)
    n.enter('client')
    u = socket.socket(n.af, socket.SOCK_DGRAM)
    time.sleep(IDLE - 0.5)
    # A full-size datagram to the discard port empties the bucket; the
    # request behind it waits.
    u.sendto(payload(1400, 'FILL'), (n.saddr, 9))
    call(n, 'client', 'send(request, 200)', c.send, payload(200, 'REQ2'))
    call(n, 'server', 'close() (idle timer)', s.close)
    read_until(n, c, 'client', 1.0)
    time.sleep(0.3)
    call(n, 'client', 'send(100)', c.send, payload(100, 'AFTER'))
    call(n, 'client', 'send(100) again', c.send, payload(100, 'AFTER2'))
    time.sleep(0.3)


@cause('stale_state', 8306, 43006, v6=True)
def stale_state(n):
    # The router drops the client's first RST only: the server never
    # learns that the old connection is gone.
    nft_script(n, [
        'add set inet tdgen once1 { type inet_service; flags dynamic; }',
        'add rule inet tdgen relay tcp sport %d tcp flags & rst == rst '
        'tcp sport != @once1 add @once1 { tcp sport } counter drop' % n.cport,
    ])
    lst = n.listen()
    c1 = n.connect(note='old connection: the client aborts it (SO_LINGER '
                   '{1,0}) and the router drops that RST, so the server '
                   'holds it ESTABLISHED')
    s1 = n.accept(lst)
    n.exchange(c1, s1)
    set_linger(c1, 1, 0)
    call(n, 'client', 'close() with SO_LINGER {1,0} (RST dropped by the router)', c1.close)
    time.sleep(0.5)
    t0 = time.time()
    c2 = n.connect(note='new connection from the same client port: the SYN '
                   'meets the stale ESTABLISHED socket')
    record(n, 'client', 'connect()', 'ok after %.2f s' % (time.time() - t0))
    # What the old server socket saw (the RST from the client's kernel).
    n.conns[0].setdefault('errno', [])
    try:
        s1.setblocking(False)
        r = s1.recv(100)
        res = 'returned %d bytes' % len(r)
    except OSError as e:
        res = ename(e)
    n.conns[0]['errno'].append('server recv() on the old socket: %s' % res)
    mark(n, 'server: old socket recv(): %s' % res)
    s2 = n.accept(lst)
    n.exchange(c2, s2, req=200, resp=400)
    time.sleep(0.3)


@cause('middlebox_reset', 8307, 43007, v6=True)
def middlebox_reset(n):
    lst = n.listen()
    c = n.connect(note='busy flow (a request every 100 ms); the router starts '
                  'answering the client\'s data with "reject with tcp reset" '
                  '(RST in the server\'s name, toward the client only); the '
                  'server sees nothing')
    s = n.accept(lst)
    for i in range(3):
        n.exchange(c, s, req=200, resp=400)
        time.sleep(0.1)
    nft_script(n, ['add rule inet tdgen relay tcp sport %d meta length > 150 '
                   'counter reject with tcp reset' % n.cport])
    mark(n, 'router: reject rule added')
    call(n, 'client', 'send(request, 200)', c.send, payload(200, 'REQ4'))
    read_until(n, c, 'client', 1.0)
    time.sleep(0.3)


@cause('abort_handshake', 8308, 43008)
def abort_handshake(n):
    nft_script(n, [
        'add set inet tdgen once1 { type inet_service; flags dynamic; }',
        'add rule inet tdgen relay tcp sport %d tcp flags & (syn|ack) == syn|ack '
        'tcp sport != @once1 add @once1 { tcp sport } counter drop' % n.sport,
    ])
    n.listen()
    n.enter('client')
    s = socket.socket(n.af, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((n.caddr, n.cport))
    s.setblocking(False)
    n.conns.append({'client': n.fmt(n.caddr, n.cport),
                    'server': n.fmt(n.saddr, n.sport),
                    'note': 'client gives up during the handshake: the router '
                    'drops the first SYN/ACK; the client close()s with '
                    'SO_LINGER {1,0} in SYN_SENT 0.2 s later; the server '
                    'retransmits its SYN/ACK'})
    r = s.connect_ex((n.saddr, n.sport))
    record(n, 'client', 'connect() non-blocking', errno.errorcode.get(r, str(r)))
    time.sleep(0.2)
    set_linger(s, 1, 0)
    call(n, 'client', 'close() with SO_LINGER {1,0} in SYN_SENT', s.close)
    time.sleep(1.8)


@cause('abort_after_handshake', 8309, 43009)
def abort_after_handshake(n):
    lst = n.listen()
    c = n.connect(note='client close()s with SO_LINGER {1,0} right after '
                  'connect(), before any data')
    set_linger(c, 1, 0)
    call(n, 'client', 'close() with SO_LINGER {1,0}', c.close)
    s = n.accept(lst)
    time.sleep(0.05)
    call(n, 'server', 'recv()', s.recv, 100)
    time.sleep(0.3)


@cause('abort_first_data', 8310, 43010)
def abort_first_data(n):
    lst = n.listen()
    # The client gives up on its first request before any answer. (A server
    # that reads the request and aborts with SO_LINGER 0 sends exactly what
    # close_unread_data's server sends: an RST/ACK after its ACK of the
    # request; on the wire that is unread_data.)
    c = n.connect(note='client sends its first request and close()s with '
                  'SO_LINGER {1,0} before any answer')
    s = n.accept(lst)
    c.sendall(payload(300, 'REQ'))
    n.recv_exact(s, 300)
    time.sleep(0.05)
    set_linger(c, 1, 0)
    call(n, 'client', 'close() with SO_LINGER {1,0}', c.close)
    read_until(n, s, 'server', 1.0)
    time.sleep(0.3)


@cause('abort_mid_flow', 8311, 43011)
def abort_mid_flow(n):
    lst = n.listen()
    c = n.connect(note='one request/response, then a second request whose '
                  'long response (1000 bytes every 30 ms) the server aborts '
                  'with SO_LINGER {1,0} after 4 writes')
    s = n.accept(lst)
    n.exchange(c, s)
    c.sendall(payload(300, 'REQ2'))
    n.recv_exact(s, 300)
    for i in range(4):
        s.sendall(payload(1000, 'LONG%d' % i))
        time.sleep(0.03)
    set_linger(s, 1, 0)
    call(n, 'server', 'close() with SO_LINGER {1,0} mid-response', s.close)
    read_until(n, c, 'client', 1.0)
    time.sleep(0.3)


@cause('unanswered', 8312, 43012, v6=True, give_up=True)
def unanswered(n):
    # Dropped by the server host's own input hook, behind its capture
    # point, so both captures show every SYN.
    n.in_ns('server', 'nft', 'add table inet tdgen_host; '
            'add chain inet tdgen_host input { type filter hook input priority 0; }; '
            'add rule inet tdgen_host input tcp dport %d tcp flags & syn == syn '
            'counter drop' % n.sport)
    n.listen()
    n.enter('client')
    s = socket.socket(n.af, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_TCP, TCP_SYNCNT, 2)
    s.bind((n.caddr, n.cport))
    s.settimeout(15)
    n.conns.append({'client': n.fmt(n.caddr, n.cport),
                    'server': n.fmt(n.saddr, n.sport),
                    'note': 'client TCP_SYNCNT 2; the server host drops every '
                    'SYN in its input hook (after its capture point)'})
    t0 = time.time()
    try:
        s.connect((n.saddr, n.sport))
        record(n, 'client', 'connect()', 'unexpectedly succeeded')
    except OSError as e:
        record(n, 'client', 'connect()', '%s after %.2f s' % (ename(e), time.time() - t0))
    # Past when a further SYN would have been due.
    time.sleep(2.0)


@cause('unanswered_exp', 8313, 43013, give_up=True)
def unanswered_exp(n):
    # tcp_syn_linear_timeouts (6.x, default 4) makes the first four SYN
    # retries 1 s apart and TCP_SYNCNT a time budget rather than a count;
    # with 0 the SYN backs off exponentially as on older kernels.
    try:
        n.in_ns('client', 'sysctl', '-qw', 'net.ipv4.tcp_syn_linear_timeouts=0')
    except Exception:
        pass
    unanswered(n)
    note(n, 'client namespace: net.ipv4.tcp_syn_linear_timeouts=0 '
         '(exponential SYN back-off)')


# ---------------------------------------------------------------------------
# Expected causes
# ---------------------------------------------------------------------------

def row(cause, stage='-', syn='-', experts='-', note=''):
    return {'cause': cause, 'stage': stage, 'syn': syn, 'experts': experts,
            'note': note}


OPEN_SERVER = row('open', note='the server capture shows no FIN or RST: '
                  'the router dealt with the client alone; ss: server '
                  'still ESTABLISHED')

# EXPECT[base] = {vantage or 'both': {stream: row}}: what the spec's
# definitions make of what the kernel was seen to do (README table).
# '-' in stage/syn/experts means no expectation; experts are the teardown
# expert names (without 'teardown.') that must appear on the stream.
EXPECT = {
    'idle_close': {'both': {0: row(
        'idle_close', experts='idle_timeout',
        note='server FIN 3.0 s after the last packet; client closes at once')}},
    'idle_reset_mb': {
        'client': {0: row(
            'idle_reset', 'mid_flow', experts='idle_timeout,rst.middlebox',
            note='the RST comes from the router (its TTL/hop limit 64, the '
            'server\'s arrive with 63), 50 us after the request that '
            'followed 3.0 s of silence; idle_reset is the more specific '
            'cause, rst.middlebox the evidence of who sent it')},
        'server': {0: OPEN_SERVER}},
    'idle_drop_user_timeout': {
        'client': {0: row(
            'retransmission_timeout', 'mid_flow',
            experts='retransmission_timeout',
            note='request after 3.0 s idle, retransmitted 5 times (0.21, '
            '0.42, 0.85, 1.68, 3.35 s after it); the kernel gave up 3.43 s '
            'after the send with no RST (silence; the capture goes on 4 s '
            'longer)')},
        'server': {0: OPEN_SERVER}},
    'keepalive_timeout': {
        'client': {0: row(
            'keepalive_timeout', 'mid_flow', experts='keepalive_timeout',
            note='3 probes (seq = snd_una - 1, no data) 1.0 s apart, '
            'unanswered; 1 s after the third the kernel sends RST/ACK '
            '(seq = snd_nxt) and recv() fails')},
        'server': {0: OPEN_SERVER}},
    'keepalive_race': {
        'client': {0: row(
            'keepalive_race', 'mid_flow', experts='keepalive_race',
            note='the request leaves 60 us before the server\'s FIN arrives '
            '(its ACK stops at the FIN\'s seq); the client\'s ACK of the FIN '
            'is dropped in the router; RST 40 ms later; no idle gap before '
            'the FIN at this vantage (the request precedes it)')},
        'server': {0: row(
            'keepalive_race', 'mid_flow', experts='keepalive_race,idle_timeout',
            note='FIN after 2.5 s of silence (idle timer), then the request '
            '(ACK not covering the FIN) arrives from the router\'s queue '
            '40 ms later and the orphaned socket answers RST')}},
    'stale_state': {
        'client': {
            0: row('abort', 'mid_flow', experts='rst.abort',
                   note='old connection: the client\'s own linger-0 RST '
                   'is captured here and dropped after this capture point; '
                   'the stale state shows in stream 1'),
            1: row('open', experts='stale_state',
                   note='new connection: SYN, challenge ACK (ack = old '
                   'RCV.NXT), client RST (seq = that ack), SYN again after '
                   '~10 ms (not 1 s: the kernel re-arms the SYN timer at '
                   'its minimum after an unacceptable ACK), then an '
                   'exchange; left open')},
        'server': {
            0: row('stale_state', 'mid_flow',
                   note='old connection: no packet of this stream ends it; '
                   'the RST that does (server recv() ECONNRESET) is '
                   'numbered in stream 1 by tshark'),
            1: row('open', experts='stale_state',
                   note='as at the client: SYN, challenge ACK, RST, SYN '
                   '~10 ms later, exchange; left open')}},
    'middlebox_reset': {
        'client': {0: row(
            'middlebox_reset', 'mid_flow', experts='rst.middlebox',
            note='a request every 100 ms; the 4th is answered 30-60 us '
            'later by the router\'s RST (TTL/hop limit 64, not 63 like the '
            'server\'s packets, no ACK flag)')},
        'server': {0: OPEN_SERVER}},
    'abort_handshake': {'both': {0: row(
        'abort', 'handshake',
        note='the client closes in SYN_SENT: the kernel sends nothing; '
        'the server\'s SYN/ACK retransmission (1 s) is answered with RST '
        'by the client host (no socket); the client capture misses the '
        'first SYN/ACK (dropped in the router)')}},
    'abort_after_handshake': {'both': {0: row(
        'abort', 'after_handshake', experts='rst.abort',
        note='RST/ACK right after the handshake, no data')}},
    'abort_first_data': {'both': {0: row(
        'abort', 'first_data', experts='rst.abort',
        note='client sends its 300-byte request, the server ACKs it, and 50 ms later the client '
        'RST/ACKs (server recv() ECONNRESET)')}},
    'abort_mid_flow': {'both': {0: row(
        'abort', 'mid_flow', experts='rst.abort',
        note='RST/ACK 30 ms after the 4th 1000-byte segment of the second '
        'response, all data acknowledged')}},
    'unanswered': {'both': {0: row(
        'unanswered', 'handshake', syn='5',
        note='TCP_SYNCNT 2 is a time budget (7 s), not a count: with '
        'tcp_syn_linear_timeouts=4 (6.x default) the SYN is sent at 0, 1, '
        '2, 3, 4, 5 s and connect() fails with ETIMEDOUT at 7.1 s; no RST')}},
    'unanswered_exp': {'both': {0: row(
        'unanswered', 'handshake', syn='2',
        note='tcp_syn_linear_timeouts=0: SYN at 0, 1, 3 s, ETIMEDOUT at '
        '7.1 s; no RST')}},
}

# Captures of tests/scenarios/captures that already stand for a cause.
REUSED = {
    'close_unread_data': {'both': {0: row(
        'unread_data', 'first_data', experts='rst.abort',
        note='captures/: server close() with 1000 unread bytes: RST '
        'instead of FIN')}},
    'data_after_peer_close': {'both': {0: row(
        'data_after_close', 'mid_flow', experts='rst.after_fin',
        note='captures/: client closed; the server\'s 500 bytes after EOF '
        'reach the orphaned FIN_WAIT_2 socket, which answers RST')}},
    'refused': {'both': {0: row(
        'refused', 'handshake', experts='rst.refused',
        note='captures/: no listener: RST/ACK answers the SYN')}},
    'graceful_client_first': {'both': {0: row(
        'app_close', note='captures/: ordinary close, client first')}},
    'graceful_server_first': {'both': {0: row(
        'app_close', note='captures/: ordinary close, server first')}},
}
REUSED_NAMES = [
    'close_unread_data_v4', 'close_unread_data_v6', 'data_after_peer_close_v4',
    'refused_v4', 'refused_v6', 'graceful_client_first_v4',
    'graceful_client_first_v6', 'graceful_server_first_v4',
    'graceful_server_first_v6',
]

# Captures derived from the ones above by `causes.py derive`: the kernel's
# packets byte for byte, with the idle silence stretched to a well-known
# timer's length (nobody waits 350 s in a test); the truth is the parent's.
DERIVED = {
    'idle_reset_nlb': ('idle_reset_mb_v4', 350.2, {
        'client': {0: row('idle_reset', 'mid_flow', experts='idle_timeout,rst.middlebox',
                          note='derived: idle_reset_mb_v4 with the silence stretched to 350.2 s, as an AWS '
                          'NLB forgets a flow; idle_timer=AWS NLB idle timeout (350 s)')},
        'server': {0: OPEN_SERVER}}),
    'idle_close_nginx': ('idle_close_v4', 75.1, {
        'both': {0: row('idle_close', experts='idle_timeout',
                        note='derived: idle_close_v4 with the silence stretched to 75.1 s, as nginx\'s '
                        'keepalive_timeout closes; idle_timer=nginx keepalive_timeout (75 s)')}}),
}
DERIVED_NAMES = [n + '_v4' for n in DERIVED]


def derive():
    """Writes the DERIVED captures into causes/ from their parents."""
    import logging
    from decimal import Decimal
    logging.getLogger('scapy.runtime').setLevel(logging.ERROR)
    from scapy.all import rdpcap, wrpcap
    folder = os.path.join(HERE, 'causes')
    for base, (parent, seconds, _) in DERIVED.items():
        for vantage in ('client', 'server'):
            frames = rdpcap(os.path.join(folder, '%s.%s.pcap' % (parent, vantage)))
            gaps = [Decimal(frames[i].time) - Decimal(frames[i - 1].time) for i in range(1, len(frames))]
            at = 1 + gaps.index(max(gaps))
            shift = Decimal(str(seconds)) - gaps[at - 1]
            for f in frames[at:]:
                f.time = Decimal(f.time) + shift
            wrpcap(os.path.join(folder, '%s_v4.%s.pcap' % (base, vantage)), frames, linktype=1)
        with open(os.path.join(folder, parent + '.expect')) as src, \
                open(os.path.join(folder, base + '_v4.expect'), 'w') as dst:
            for n, line in enumerate(src):
                dst.write(line if n == 0 else line.rstrip('\n') + '; derived: silence stretched\n')
        print('wrote %s_v4.{client,server}.pcap, .expect' % base)


HEADER = ('scenario\tvantage\tstream\tcause\tabort_stage\tsyn_retries\t'
          'experts\tclient_final\tserver_final\terrno\tnote')


def expected(name):
    """{vantage: {stream: row}} for scenario NAME, or None."""
    base = name.rsplit('_v', 1)[0]
    table = (EXPECT.get(base) if name in SCENARIOS else
             DERIVED[base][2] if name in DERIVED_NAMES else REUSED.get(base))
    if table is None:
        return None
    return {v: table.get(v, table.get('both', {})) for v in ('client', 'server')}


def read_expect(path):
    rows = {}
    with open(path) as f:
        head = f.readline().rstrip('\n').split('\t')
        for line in f:
            r = dict(zip(head, line.rstrip('\n').split('\t')))
            rows[int(r['stream'])] = r
    return rows


def finals(folder, name):
    """{vantage: {stream: .expect row}} from NAME.expect or the per-vantage ones."""
    one = os.path.join(folder, name + '.expect')
    out = {}
    for v in ('client', 'server'):
        path = one if os.path.exists(one) else os.path.join(folder, '%s.%s.expect' % (name, v))
        out[v] = read_expect(path)
    return out


def errnos(folder, name, conn_note):
    """The failed calls of each connection, from the driver notes in NAME.ss
    (causes/) or the .expect note (captures/)."""
    import re
    per = {}
    path = os.path.join(folder, name + '.ss')
    conn = None
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                m = re.match(r'#   conn (\d+) ', line)
                if m:
                    conn = int(m.group(1))
                    continue
                m = re.match(r'#     errno: (client|server) (.*): (E[A-Z]+)', line)
                if m and conn is not None and m.group(3) in errno.errorcode.values():
                    per.setdefault(conn, []).append('%s %s %s' % m.groups())
    m = re.search(r'failed with (E[A-Z]+)', conn_note)
    if m and not per:
        per[0] = ['client connect() ' + m.group(1)]
    return per


def stale_delays(pcap):
    """Per stream with more than one SYN (without ACK): the time from its
    first SYN to its last one, the SYN that succeeded after the stale-state
    reset (teardown.stale_state.delay)."""
    import subprocess
    out = subprocess.run(
        ['tshark', '-n', '-r', pcap, '-Y', 'tcp.flags.syn==1 && tcp.flags.ack==0',
         '-T', 'fields', '-e', 'tcp.stream', '-e', 'frame.time_epoch'],
        capture_output=True, text=True, check=True).stdout
    syns = {}
    for line in out.splitlines():
        st, ts = line.split('\t')
        syns.setdefault(int(st), []).append(float(ts))
    return {st: t[-1] - t[0] for st, t in syns.items() if len(t) > 1}


def write_table(out):
    lines = [HEADER]
    jobs = [(n, os.path.join(HERE, 'causes')) for n in SCENARIOS]
    jobs += [(n, os.path.join(HERE, 'causes')) for n in DERIVED_NAMES]
    jobs += [(n, os.path.join(HERE, 'captures')) for n in REUSED_NAMES]
    for name, folder in jobs:
        exp = expected(name)
        fin = finals(folder, name)
        for vantage in ('client', 'server'):
            streams = fin[vantage]
            if sorted(streams) != sorted(exp[vantage]):
                raise SystemExit('%s/%s: streams %s in .expect, %s in EXPECT'
                                 % (name, vantage, sorted(streams), sorted(exp[vantage])))
            delays = {}
            if 'stale_state' in name:
                delays = stale_delays(os.path.join(folder, '%s.%s.pcap' % (name, vantage)))
            for st in sorted(streams):
                e, k = dict(exp[vantage][st]), streams[st]
                if st in delays and 'stale_state' in e['experts']:
                    e['note'] += '; stale_state.delay=%.6f' % delays[st]
                err = errnos(folder, name, k['note']).get(st, [])
                lines.append('\t'.join([
                    name, vantage, str(st), e['cause'], e['stage'], e['syn'],
                    e['experts'], k['client_final'], k['server_final'],
                    ', '.join(err) or '-', e['note']]))
    with open(out, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def notes_as_comments(path):
    with open(path) as f:
        notes = json.load(f)
    print('# driver: what the applications saw (connections in SYN order)')
    for i, c in enumerate(notes['conns']):
        print('#   conn %d %s -> %s: %s' % (i, c['client'], c['server'], c['note']))
        for e in c.get('errno', []):
            print('#     errno: %s' % e)
    print('# driver marks (CLOCK_REALTIME)')
    for t, text in notes.get('marks', []):
        print('#   %.6f %s' % (t, text))


def main():
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument('cmd', choices=('list', 'notes', 'table', 'derive'))
    ap.add_argument('path', nargs='?')
    ap.add_argument('--out', default=os.path.join(HERE, 'causes.tsv'))
    a = ap.parse_args()
    if a.cmd == 'list':
        for k in SCENARIOS:
            print(k)
    elif a.cmd == 'notes':
        notes_as_comments(a.path)
    elif a.cmd == 'derive':
        derive()
    else:
        write_table(a.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
