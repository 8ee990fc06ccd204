#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# The TLS close scenarios (issue 14): real TLS stacks (Python's ssl, OpenSSL 3) over the real kernel, and their expected verdicts.
"""TLS close scenarios for tests/scenarios/generate.sh -t.

Each scenario runs a TLS 1.2 or TLS 1.3 client and server (Python's ssl
module, i.e. OpenSSL) over the namespaces of peer.py and closes the
session one way: close_notify both ways, a server that closes the socket
without close_notify, a client whose close_notify is answered by an RST, a
client that closes mid-response, a server whose close_notify the client
does not answer. The TLS objects run over memory BIOs, so one process
drives both ends in program order (no threads) and decides byte for byte
what is sent: a close_notify is sent only by unwrap(), and whatever the
library queues on its own (an alert after an error) is sent as it would
be. The session keys go to the file named by TD_TLS_KEYLOG (NAME.keys).

EXPECT holds, per scenario, what each application really did (the truth,
which the plugin must report when Wireshark has the keys) and what the
plugin can honestly say without keys; `tls_scenarios.py table` writes
tests/scenarios/tls.tsv from it.

  tls_scenarios.py list
  tls_scenarios.py table [--out FILE]
"""

import os
import socket
import ssl
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CERT = os.path.join(HERE, 'tls', 'server.crt')
KEY = os.path.join(HERE, 'tls', 'server.key')
SERVER_PORT = 443  # Wireshark dissects TLS there without Decode As

SCENARIOS = {}
# name -> {'client': (truth, without_keys), 'server': (...), 'truncated': role or '-', 'note': str}
EXPECT = {}


def tls_scenario(base, cport, client, server, truncated, note):
    """Register BASE for TLS 1.2 and 1.3 (tls12_BASE_v4, tls13_BASE_v4).
    CLIENT/SERVER are (truth, {12: without keys, 13: without keys})."""
    def register(fn):
        for i, ver in enumerate((12, 13)):
            name = 'tls%d_%s_v4' % (ver, base)
            SCENARIOS[name] = (lambda n, fn=fn, ver=ver: fn(n, ver), 4, SERVER_PORT, cport + i)
            EXPECT[name] = {
                'client': (client[0], client[1][ver]),
                'server': (server[0], server[1][ver]),
                'truncated': truncated, 'note': note}
        return fn
    return register


def note(n, text):
    n.conns[-1]['note'] = (n.conns[-1].get('note', '') + '; ' if n.conns[-1].get('note') else '') + text


class End:
    """One TLS end over a memory BIO pair and its kernel socket."""

    def __init__(self, sock, ctx, server_side):
        self.sock = sock
        self.inc = ssl.MemoryBIO()
        self.out = ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self.inc, self.out, server_side=server_side,
                                server_hostname=None if server_side else 'tls.test')

    def flush(self):
        data = self.out.read()
        if data:
            self.sock.sendall(data)
        return len(data)

    def fill(self, timeout=0.05):
        """Moves what the kernel has received into the TLS object; b'' at EOF."""
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            return None
        finally:
            self.sock.settimeout(5)
        if data:
            self.inc.write(data)
        else:
            self.inc.write_eof()
        return data

    def send(self, data):
        self.obj.write(data)
        self.flush()

    def recv(self, want, limit=3.0):
        """Reads WANT bytes of application data (or until EOF/an error)."""
        got = b''
        end = time.monotonic() + limit
        while len(got) < want and time.monotonic() < end:
            try:
                chunk = self.obj.read(65536)
                if not chunk:
                    break
                got += chunk
            except ssl.SSLWantReadError:
                if self.fill() == b'':
                    self.inc.write_eof()
        return got

    def read_event(self, limit=3.0):
        """Reads until the session ends; returns what ended it."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            try:
                if not self.obj.read(65536):
                    # read() gives b'' for a close_notify as for a TCP EOF.
                    return 'TCP EOF without close_notify' if self.inc.eof else 'close_notify'
            except ssl.SSLWantReadError:
                self.fill()
            except ssl.SSLZeroReturnError:
                return 'close_notify'
            except ssl.SSLError as e:
                return 'error %s' % (e.reason or e)
        return 'nothing'

    def send_close_notify(self):
        """unwrap(): queues the close_notify; sends it and whatever else is queued."""
        try:
            self.obj.unwrap()
        except ssl.SSLWantReadError:
            pass
        return self.flush()


def contexts(ver):
    v = ssl.TLSVersion.TLSv1_2 if ver == 12 else ssl.TLSVersion.TLSv1_3
    cctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    cctx.check_hostname = False
    cctx.verify_mode = ssl.CERT_NONE
    sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    sctx.load_cert_chain(CERT, KEY)
    for ctx in (cctx, sctx):
        ctx.minimum_version = ctx.maximum_version = v
    keylog = os.environ.get('TD_TLS_KEYLOG')
    if keylog:
        cctx.keylog_filename = keylog
    return cctx, sctx


def handshake(c, s):
    done = set()
    for _ in range(200):
        for e in (c, s):
            if e not in done:
                try:
                    e.obj.do_handshake()
                    done.add(e)
                except ssl.SSLWantReadError:
                    pass
            e.flush()
        if len(done) == 2:
            return
        for e in (c, s):
            e.fill(0.01)
    raise RuntimeError('TLS handshake did not finish')


def opened(n, ver, what):
    lst = n.listen()
    c_sock = n.connect(note='TLS 1.%d: %s' % (ver - 10, what))
    s_sock = n.accept(lst)
    cctx, sctx = contexts(ver)
    c = End(c_sock, cctx, False)
    s = End(s_sock, sctx, True)
    handshake(c, s)
    return c, s


def request_response(c, s, resp=1200):
    req = b'GET / HTTP/1.1\r\nHost: tls.test\r\n\r\n' + b'q' * 200
    c.send(req)
    s.recv(len(req))
    # With a Content-Length: Wireshark 4.4 reads a body without one until the
    # close, and then shows no TLS record after it, close_notify included.
    head = b''
    for _ in range(2):
        head = b'HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n' % (resp - len(head))
    s.send(head + b'r' * (resp - len(head)))
    got = c.recv(resp)
    if len(got) != resp:
        raise RuntimeError('response cut: %d of %d bytes' % (len(got), resp))


def linger0(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))


Y, N, U = 'yes', 'no', 'unknown'


@tls_scenario('clean_close', 44100, (Y, {12: U, 13: U}), (Y, {12: U, 13: U}), '-',
              'close_notify both ways (client first), then FIN both ways; without keys an alert record '
              '(1.2) or an alert-sized record (1.3) may be close_notify or a fatal alert')
def clean_close(n, ver):
    c, s = opened(n, ver, 'close_notify both ways, then FIN')
    request_response(c, s)
    c.send_close_notify()
    ev = s.read_event()
    note(n, 'server read: %s' % ev)
    s.send_close_notify()
    note(n, 'client read: %s' % c.read_event())
    c.sock.close()
    s.fill(1.0)
    s.sock.close()
    time.sleep(0.3)


@tls_scenario('server_truncates', 44110, (N, {12: N, 13: N}), (N, {12: N, 13: N}), 'server',
              'the server closes its socket right after the response without close_notify (FIN); '
              'the client library sees EOF without close_notify, then the client closes')
def server_truncates(n, ver):
    c, s = opened(n, ver, 'server closes without close_notify')
    request_response(c, s)
    s.sock.close()
    time.sleep(0.05)
    ev = c.read_event()
    queued = c.flush()
    note(n, 'client read: %s; its library then sent %d bytes' % (ev, queued))
    c.sock.close()
    time.sleep(0.3)


@tls_scenario('client_notify_server_rst', 44120, (Y, {12: U, 13: U}), (N, {12: N, 13: N}), '-',
              'the client sends close_notify and closes (FIN); the server reads the close_notify and '
              'answers with RST (SO_LINGER 0) instead of its own close_notify')
def client_notify_server_rst(n, ver):
    c, s = opened(n, ver, 'client close_notify and FIN, server RST')
    request_response(c, s)
    c.send_close_notify()
    c.sock.shutdown(socket.SHUT_WR)
    note(n, 'server read: %s' % s.read_event())
    linger0(s.sock)
    s.sock.close()
    time.sleep(0.05)
    c.sock.close()
    time.sleep(0.3)


@tls_scenario('client_abort_mid_response', 44130, (N, {12: N, 13: N}), ('-', {12: '-', 13: '-'}), 'client',
              'the server streams a long response; the client reads 16 kB of it and closes (FIN, no '
              'close_notify); the server goes on writing and the client host answers RST')
def client_abort_mid_response(n, ver):
    c, s = opened(n, ver, 'client closes mid-response without close_notify')
    req = b'GET /big HTTP/1.1\r\nHost: tls.test\r\n\r\n'
    c.send(req)
    s.recv(len(req))
    s.send(b'r' * 16000)
    c.recv(16000)
    c.sock.close()
    time.sleep(0.05)
    try:
        for _ in range(4):
            s.send(b'r' * 4000)
            time.sleep(0.02)
        note(n, 'server writes went on')
    except OSError as e:
        note(n, 'server write: %s' % e.strerror)
    time.sleep(0.1)
    time.sleep(0.3)


@tls_scenario('server_notify_client_silent', 44140, (N, {12: N, 13: N}), (Y, {12: U, 13: U}), '-',
              'the server sends close_notify and FIN; the client reads the close_notify and closes TCP '
              'without answering it')
def server_notify_client_silent(n, ver):
    c, s = opened(n, ver, 'server close_notify and FIN, client closes without answering')
    request_response(c, s)
    s.send_close_notify()
    s.sock.shutdown(socket.SHUT_WR)
    note(n, 'client read: %s' % c.read_event())
    c.sock.close()
    s.fill(1.0)
    s.sock.close()
    time.sleep(0.3)


def table(out):
    rows = ['scenario\tvantage\tkeys\tclient_tls_close\tserver_tls_close\ttruncated\tnote']
    for name, e in EXPECT.items():
        for vantage in ('client', 'server'):
            for keys, idx in (('yes', 0), ('no', 1)):
                rows.append('\t'.join([name, vantage, keys, e['client'][idx], e['server'][idx],
                                       e['truncated'], e['note']]))
    with open(out, 'w') as f:
        f.write('\n'.join(rows) + '\n')


def main(argv):
    if len(argv) >= 2 and argv[1] == 'list':
        print('\n'.join(SCENARIOS))
        return 0
    if len(argv) >= 2 and argv[1] == 'table':
        out = argv[3] if len(argv) >= 4 and argv[2] == '--out' else os.path.join(HERE, 'tls.tsv')
        table(out)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
