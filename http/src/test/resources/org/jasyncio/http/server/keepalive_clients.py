"""Many concurrent keep-alive clients of one server, from plain sockets and one selector.

Usage: keepalive_clients.py PORT N

Opens N connections (all held open at once), then sends one GET / on each and reads every answer
(an 'ok' body); prints "answered A of N" and waits for a line on stdin (the server counts its
connections meanwhile); then sends a second request on each (the connections stayed alive),
reads the answers, closes them all and prints "closed A2". Timings go to stderr. Bounded: every
phase gives up after 60 s and exits with status 2.
"""
import selectors
import socket
import sys
import time

port, n = int(sys.argv[1]), int(sys.argv[2])
REQUEST = b'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
PHASE_LIMIT = 60.0


def log(*what):
    print(*what, file=sys.stderr, flush=True)


def fail(why):
    log(why)
    sys.exit(2)


def exchange(socks):
    """Sends a request on every socket; returns how many got a whole 200 answer."""
    sel = selectors.DefaultSelector()
    for s in socks:
        s.sendall(REQUEST)
        sel.register(s, selectors.EVENT_READ, bytearray())
    pending, good = len(socks), 0
    deadline = time.monotonic() + PHASE_LIMIT
    while pending:
        if time.monotonic() > deadline:
            fail('%d answers still missing after %.0f s' % (pending, PHASE_LIMIT))
        for key, _ in sel.select(timeout=1.0):
            chunk = key.fileobj.recv(4096)
            if not chunk:
                fail('the server closed a connection before answering: %r' % bytes(key.data))
            key.data.extend(chunk)
            if key.data.endswith(b'\r\n\r\nok'):
                good += key.data.startswith(b'HTTP/1.1 200 ') and key.data.count(b'HTTP/1.1') == 1
                pending -= 1
                sel.unregister(key.fileobj)
    sel.close()
    return good


t0 = time.monotonic()
socks = []
for i in range(n):
    s = socket.create_connection(('127.0.0.1', port), timeout=PHASE_LIMIT)
    s.setblocking(False)
    socks.append(s)
t1 = time.monotonic()
log('connected %d in %.2f s' % (n, t1 - t0))
answered = exchange(socks)
log('first round answered in %.2f s' % (time.monotonic() - t1))
print('answered %d of %d' % (answered, n), flush=True)
sys.stdin.readline()
t2 = time.monotonic()
again = exchange(socks)
log('second round answered in %.2f s' % (time.monotonic() - t2))
for s in socks:
    s.close()
print('closed %d' % again, flush=True)
