"""An aiohttp server for the client's tests. Prints the port it listens on, then serves until stdin
closes."""
import asyncio
import sys

from aiohttp import web


async def text(request):
    return web.Response(text="hello from aiohttp " + request.headers.get("User-Agent", ""))


async def echo_json(request):
    return web.json_response({"got": await request.json(), "type": request.content_type})


async def chunked(request):
    resp = web.StreamResponse()
    resp.enable_chunked_encoding()
    await resp.prepare(request)
    for i in range(5):
        await resp.write(f"part {i}\n".encode())
        await asyncio.sleep(0.01)
    await resp.write_eof()
    return resp


async def compressed(request):
    resp = web.Response(text="squeeze " * 5000)
    resp.enable_compression()
    return resp


async def login(request):
    resp = web.HTTPFound("/whoami")
    resp.set_cookie("session", "s3cr3t", path="/")
    raise resp


async def whoami(request):
    return web.Response(text="session=" + request.cookies.get("session", "none"))


async def form(request):
    data = await request.post()
    upload = data["file"]
    return web.Response(text=f"{data['title']}:{upload.filename}:{len(upload.file.read())}")


async def main():
    app = web.Application()
    app.add_routes([web.get("/text", text), web.post("/json", echo_json), web.get("/chunked", chunked),
                    web.get("/compressed", compressed), web.get("/login", login), web.get("/whoami", whoami),
                    web.post("/form", form)])
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(runner.addresses[0][1], flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await runner.cleanup()


asyncio.run(main())
