"""An aiohttp WebSocket client that vanishes: connects to ws://127.0.0.1:PORT/PATH, waits for the
server's first message, prints it, and exits without a close frame (the kernel closes the socket)."""
import asyncio
import os
import sys

import aiohttp


async def main(port, path):
    session = aiohttp.ClientSession()
    ws = await session.ws_connect(f"ws://127.0.0.1:{port}{path}", autoping=False, timeout=aiohttp.ClientWSTimeout(ws_close=20))
    msg = await asyncio.wait_for(ws.receive(), 20)
    print(msg.type.name, msg.data, flush=True)
    os._exit(0)  # no close frame, no session close: gone


asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
