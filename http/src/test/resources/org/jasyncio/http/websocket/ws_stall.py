"""A WebSocket client that stops reading: connects to 127.0.0.1:PORT with a small receive buffer,
opens a WebSocket on PATH by hand, reads the 101's head byte by byte (nothing past it), prints its
status line, then reads nothing until a line arrives on stdin. Then it reads the socket until the
server closes it and prints "closed" (or "open" after 60 s) and the number of bytes it read."""
import base64
import os
import socket
import sys

port, path = int(sys.argv[1]), sys.argv[2]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.settimeout(60)
s.connect(("127.0.0.1", port))
key = base64.b64encode(os.urandom(16)).decode()
s.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
head = b""
while b"\r\n\r\n" not in head:
    b = s.recv(1)
    if not b:
        sys.exit("the server closed before its 101")
    head += b
print(head.split(b"\r\n")[0].decode(), flush=True)
sys.stdin.readline()
got = 0
try:
    while True:
        b = s.recv(65536)
        if not b:
            break
        got += len(b)
    print("closed", got, flush=True)
except ConnectionResetError:
    print("closed", got, flush=True)
except socket.timeout:
    print("open", got, flush=True)
