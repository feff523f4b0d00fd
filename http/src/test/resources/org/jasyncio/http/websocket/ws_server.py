"""An aiohttp WebSocket server for the jasyncio client's tests. Prints the port it listens on, then
serves until stdin closes."""
import asyncio
import sys

from aiohttp import WSMsgType, web

# the close code of the last /echo connection, for /last-close to tell
LAST = {}


async def echo(request):
    ws = web.WebSocketResponse(protocols=('chat',))
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == WSMsgType.TEXT:
            if msg.data == 'close me':
                await ws.close(code=4002, message=b'bye from aiohttp')
            elif msg.data == 'ping me':
                await ws.ping(b'hi')
            elif msg.data == 'headers':
                await ws.send_str(request.headers.get('X-Test', 'none'))
            else:
                await ws.send_str(msg.data)
        elif msg.type == WSMsgType.BINARY:
            await ws.send_bytes(msg.data)
    LAST['close'] = ws.close_code
    return ws


async def last_close(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    await ws.send_str(str(LAST.get('close')))
    await ws.close()
    return ws


async def forbidden(request):
    raise web.HTTPForbidden(text='no WebSocket for you')


async def main():
    app = web.Application()
    app.router.add_get('/echo', echo)
    app.router.add_get('/last-close', last_close)
    app.router.add_get('/forbidden', forbidden)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, '127.0.0.1', 0)
    await site.start()
    print(site._server.sockets[0].getsockname()[1], flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await runner.cleanup()


asyncio.run(main())
