#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# TLS-heavy traffic for tests/bench/tls-cost.sh: many short TLS 1.2 / 1.3 connections over loopback, keys logged.
"""Usage: tls-traffic.py CONNECTIONS KEYLOG

Run inside a fresh network namespace (tls-cost.sh does this, and captures
port 443 on lo). Client and server are Python's ssl (OpenSSL 3); each
connection sends a 300-byte request and gets an 8 kB response, then ends
one of four ways in turn: close_notify both ways; the server closes
without close_notify; the client closes without close_notify; TLS 1.2
instead of 1.3 with close_notify both ways."""

import os
import socket
import ssl
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
CERT = os.path.join(HERE, '..', 'scenarios', 'tls', 'server.crt')
KEY = os.path.join(HERE, '..', 'scenarios', 'tls', 'server.key')


def server(lst, n, ctx12, ctx13):
    for i in range(n):
        raw, _ = lst.accept()
        ctx = ctx12 if i % 4 == 3 else ctx13
        s = ctx.wrap_socket(raw, server_side=True)
        s.recv(300)
        s.sendall(b'r' * 8000)
        if i % 4 == 1:
            s.close()  # no close_notify: Python's close() does not send one
            continue
        while s.recv(65536):
            pass
        if i % 4 != 2:
            s.unwrap().close()
        else:
            s.close()


def main():
    n, keylog = int(sys.argv[1]), sys.argv[2]
    sctx13 = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    sctx13.load_cert_chain(CERT, KEY)
    sctx12 = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    sctx12.load_cert_chain(CERT, KEY)
    sctx12.maximum_version = ssl.TLSVersion.TLSv1_2
    cctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    cctx.check_hostname = False
    cctx.verify_mode = ssl.CERT_NONE
    cctx.keylog_filename = keylog
    lst = socket.socket()
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind(('127.0.0.1', 443))
    lst.listen(64)
    t = threading.Thread(target=server, args=(lst, n, sctx12, sctx13))
    t.start()
    for i in range(n):
        c = cctx.wrap_socket(socket.create_connection(('127.0.0.1', 443)), server_hostname='tls.test')
        c.sendall(b'q' * 300)
        got = 0
        while got < 8000:
            chunk = c.recv(65536)
            if not chunk:
                break
            got += len(chunk)
        if i % 4 == 2:
            c.close()  # the client closes without close_notify
            continue
        if i % 4 == 1:
            c.recv(65536)  # EOF without close_notify (suppressed)
            c.close()
            continue
        c.unwrap().close()
    t.join()
    return 0


if __name__ == '__main__':
    sys.exit(main())
