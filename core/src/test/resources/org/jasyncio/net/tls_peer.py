"""CPython's asyncio as the TLS peer of jasyncio's tests (TlsShutdownTest), on loopback only.

  tls_peer.py echo CERT KEY      a TLS echo server; prints its port, serves until killed
  tls_peer.py silent CERT KEY    a TLS server that, once the handshake is done, pauses reading for good, then sends b'p',
                                 so it never answers close_notify; prints its port, serves until killed
  tls_peer.py send CAFILE PORT N a TLS client that sends N bytes and reads until EOF, then closes;
                                 prints "sent S read R closed OUTCOME" (OUTCOME: ok or the error's name)

Works on CPython 3.11 and later (their sslproto.py has the same shutdown behaviour).
"""
import asyncio
import ssl
import sys


async def echo(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError):
        pass
    writer.close()
    try:
        await writer.wait_closed()
    except (ConnectionError, ssl.SSLError, TimeoutError):
        pass


async def silent(reader, writer):
    writer.transport.pause_reading()
    # Tell the client reading is paused: its close_notify must not arrive before (a race under load).
    writer.write(b'p')
    await writer.drain()
    await asyncio.sleep(3600)


async def serve(handler, cert, key):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    server = await asyncio.start_server(handler, '127.0.0.1', 0, ssl=ctx)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


async def send(cafile, port, n):
    ctx = ssl.create_default_context(cafile=cafile)
    reader, writer = await asyncio.open_connection('127.0.0.1', port, ssl=ctx, server_hostname='localhost')
    sent = read = 0
    chunk = bytes(65536)

    async def reading():
        nonlocal read
        while data := await reader.read(65536):
            read += len(data)

    reading_task = asyncio.create_task(reading())
    try:
        while sent < n and not writer.transport.is_closing():  # closing: the server's close_notify came
            writer.write(chunk[:min(len(chunk), n - sent)])
            sent += min(len(chunk), n - sent)
            await writer.drain()
    except (ConnectionError, ssl.SSLError):
        pass
    try:
        await reading_task
    except (ConnectionError, ssl.SSLError):
        pass
    writer.close()
    try:
        await writer.wait_closed()
        outcome = 'ok'
    except Exception as e:  # reported to the test, which decides
        outcome = type(e).__name__
    print(f'sent {sent} read {read} closed {outcome}', flush=True)


def main():
    mode = sys.argv[1]
    if mode == 'echo':
        asyncio.run(serve(echo, sys.argv[2], sys.argv[3]))
    elif mode == 'silent':
        asyncio.run(serve(silent, sys.argv[2], sys.argv[3]))
    elif mode == 'send':
        asyncio.run(send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
    else:
        sys.exit(f'tls_peer.py: unknown mode {mode!r}')


if __name__ == '__main__':
    main()
