"""Drives the jasyncio WebSocket server with aiohttp's ws_connect and with raw sockets (for the
handshake's errors and for frames no library sends: unmasked, bad UTF-8, oversized). Prints one line
per check. Usage: ws_client.py PORT"""
import asyncio
import base64
import os
import struct
import sys

try:
    import aiohttp
except ImportError:
    sys.exit('aiohttp is missing from ' + sys.executable + ': pip install aiohttp==3.14.3 '
             '(.ci/run makes a venv with it and names it in JASYNCIO_PYTHON)')

PORT = int(sys.argv[1])
BASE = 'http://127.0.0.1:%d' % PORT


async def raw_handshake(path, extra=b'', version=b'13', key=None, method=b'GET'):
    r, w = await asyncio.open_connection('127.0.0.1', PORT)
    key = key if key is not None else base64.b64encode(os.urandom(16))
    w.write(method + b' ' + path + b' HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
            b'Sec-WebSocket-Version: ' + version + b'\r\nSec-WebSocket-Key: ' + key + b'\r\n' + extra + b'\r\n')
    head = await r.readuntil(b'\r\n\r\n')
    return r, w, head.decode('latin-1')


def frame(opcode, payload, mask=True):
    b0 = 0x80 | opcode
    n = len(payload)
    if n < 126:
        hdr = struct.pack('!BB', b0, (0x80 if mask else 0) | n)
    elif n < 65536:
        hdr = struct.pack('!BBH', b0, (0x80 if mask else 0) | 126, n)
    else:
        hdr = struct.pack('!BBQ', b0, (0x80 if mask else 0) | 127, n)
    if not mask:
        return hdr + payload
    key = os.urandom(4)
    return hdr + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


async def read_close_code(r):
    """The code of the close frame the server sends (after any other frames)."""
    while True:
        b0, b1 = await r.readexactly(2)
        n = b1 & 0x7f
        if n == 126:
            n = struct.unpack('!H', await r.readexactly(2))[0]
        elif n == 127:
            n = struct.unpack('!Q', await r.readexactly(8))[0]
        payload = await r.readexactly(n)
        if b0 & 0x0f == 8:
            return struct.unpack('!H', payload[:2])[0], b1 & 0x80


def fragment(opcode, payload, fin):
    """A masked frame with the FIN bit as given (frame() always sets it)."""
    f = bytearray(frame(opcode, payload))
    if not fin:
        f[0] &= 0x7f
    return bytes(f)


async def read_frames(r, count):
    """The next count frames from the server, as (opcode, payload)."""
    out = []
    for _ in range(count):
        b0, b1 = await r.readexactly(2)
        n = b1 & 0x7f
        if n == 126:
            n = struct.unpack('!H', await r.readexactly(2))[0]
        elif n == 127:
            n = struct.unpack('!Q', await r.readexactly(8))[0]
        out.append((b0 & 0x0f, await r.readexactly(n)))
    return out


async def fragmented():
    """A text message in three fragments with a ping between them: pong first, then the echo."""
    r, w, head = await raw_handshake(b'/echo')
    w.write(fragment(1, b'frag', False) + fragment(0, b'me', False) + frame(9, b'p')
            + fragment(0, b'nt\xc3', False) + fragment(0, b'\xa9', True))
    frames = await asyncio.wait_for(read_frames(r, 2), 30)
    w.write(frame(8, struct.pack('!H', 1000)))
    await asyncio.wait_for(read_close_code(r), 30)
    w.close()
    return frames


async def violation(path, data):
    r, w, head = await raw_handshake(path)
    assert head.startswith('HTTP/1.1 101'), head
    w.write(data)
    code, masked = await asyncio.wait_for(read_close_code(r), 30)
    w.close()
    return code, masked


async def polite_violation(path, data):
    """A violation from a peer that answers the server's close frame with its own and then waits for
    the server to close TCP, as browsers and the websockets library do: the server must not keep it
    waiting for its close timeout (10 s) but close at once."""
    r, w, head = await raw_handshake(path)
    assert head.startswith('HTTP/1.1 101'), head
    w.write(data)
    code, masked = await asyncio.wait_for(read_close_code(r), 30)
    w.write(frame(8, struct.pack('!H', code)))
    await w.drain()
    rest = await asyncio.wait_for(r.read(), 5)
    w.close()
    return code, rest == b''


async def main():
    async with aiohttp.ClientSession(BASE) as s:
        async with s.ws_connect('/echo', protocols=('other', 'chat'), autoping=False) as ws:
            print('protocol', ws.protocol)
            await ws.send_str('hello')
            print('text', await ws.receive_str())
            big = os.urandom(1 << 20)
            await ws.send_bytes(big)
            print('binary', (await ws.receive_bytes()) == big)
            await ws.send_str('é' * 300000)
            print('big text', (await ws.receive_str()) == 'é' * 300000)
            await ws.ping(b'are you there')
            msg = await ws.receive()
            print('pong', msg.type.name, msg.data)
            await ws.send_str('ping me')
            msg = await ws.receive()
            print('ping', msg.type.name, msg.data)
            await ws.pong(msg.data)

            # violations on other connections: answered with their codes, this one keeps working
            print('unmasked', *await violation(b'/echo', frame(1, b'hi', mask=False)))
            print('bad utf-8', *await violation(b'/echo', frame(1, b'\xc3\x28')))
            print('polite bad utf-8', *await polite_violation(b'/echo', frame(1, b'\xc3\x28')))
            print('too big', *await violation(b'/small', frame(2, b'x' * 1025)))
            print('reserved bit', *await violation(b'/echo', bytes([frame(1, b'x')[0] | 0x40]) + frame(1, b'x')[1:]))
            print('fragmented', *await fragmented())
            await ws.send_str('still here')
            print('after', await ws.receive_str())

            await ws.close(code=4000, message=b'bye')
            print('client close', ws.close_code)

        async with s.ws_connect('/echo') as ws:
            await ws.send_str('close me')
            msg = await ws.receive()
            print('server close', msg.type.name, msg.data, msg.extra)

        async with s.ws_connect('/echo') as ws:
            await ws.send_json({'a': [1, 2]})
            print('json', await ws.receive_json())

    for name, kwargs in [('plain GET', None), ('version 8', {'version': b'8'}),
                         ('bad key', {'key': b'c2hvcnQ='}), ('POST', {'method': b'POST'})]:
        if kwargs is None:
            r, w = await asyncio.open_connection('127.0.0.1', PORT)
            w.write(b'GET /echo HTTP/1.1\r\nHost: x\r\n\r\n')
            head = (await r.readuntil(b'\r\n\r\n')).decode('latin-1')
        else:
            r, w, head = await raw_handshake(b'/echo', **kwargs)
        w.close()
        lines = head.split('\r\n')
        version = [l for l in lines if l.lower().startswith('sec-websocket-version')]
        print('handshake', name, lines[0].split(' ')[1], *version)


asyncio.run(main())
