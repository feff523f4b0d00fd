"""The HTTP server of the wrk workloads in the Python peers, one process, one loop each:

    http_servers.py aiohttp  --port P    # aiohttp 3.14 web.Application on uvloop
    http_servers.py uvicorn  --port P    # a raw ASGI app on uvicorn 0.54, httptools parser, uvloop
    http_servers.py fastapi  --port P    # FastAPI 0.142 on uvicorn, the same settings

GET /plaintext answers "Hello, World!" (text/plain), GET /json {"message": "Hello, World!"}
serialized per request. Access logs are off everywhere (as in the Java servers). Prints READY once
listening (aiohttp; uvicorn logs its own line); bench/compare-http waits for the port.
"""
import argparse
import asyncio
import json
import sys


def run_aiohttp(port):
    import uvloop
    from aiohttp import web

    async def plaintext(request):
        return web.Response(text="Hello, World!")

    async def as_json(request):
        return web.json_response({"message": "Hello, World!"})

    app = web.Application()
    app.router.add_get("/plaintext", plaintext)
    app.router.add_get("/json", as_json)

    async def main():
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port, backlog=1024).start()
        print("READY", flush=True)
        await asyncio.Event().wait()

    uvloop.run(main())


PLAIN_HEAD = {"type": "http.response.start", "status": 200,
              "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"13")]}
PLAIN_BODY = {"type": "http.response.body", "body": b"Hello, World!"}


async def raw_asgi(scope, receive, send):
    if scope["type"] != "http":
        if scope["type"] == "lifespan":
            while True:
                msg = await receive()
                if msg["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif msg["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        return
    path = scope["path"]
    if path == "/plaintext":
        await send(PLAIN_HEAD)
        await send(PLAIN_BODY)
    elif path == "/json":
        body = json.dumps({"message": "Hello, World!"}).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
    else:
        await send({"type": "http.response.start", "status": 404, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


def fastapi_app():
    from fastapi import FastAPI
    from fastapi.responses import PlainTextResponse

    app = FastAPI()

    @app.get("/plaintext", response_class=PlainTextResponse)
    async def plaintext():
        return "Hello, World!"

    @app.get("/json")
    async def as_json():
        return {"message": "Hello, World!"}

    return app


def run_uvicorn(app, port):
    import uvicorn
    config = uvicorn.Config(app, host="127.0.0.1", port=port, loop="uvloop", http="httptools",
                            access_log=False, log_level="warning", workers=1, backlog=1024)
    uvicorn.Server(config).run()   # uvloop, as configured; bench/compare-http waits for the port


def main():
    p = argparse.ArgumentParser()
    p.add_argument("server", choices=["aiohttp", "uvicorn", "fastapi"])
    p.add_argument("--port", type=int, default=8080)
    a = p.parse_args()
    if a.server == "aiohttp":
        run_aiohttp(a.port)
    elif a.server == "uvicorn":
        run_uvicorn(raw_asgi, a.port)
    else:
        run_uvicorn(fastapi_app(), a.port)


if __name__ == "__main__":
    sys.exit(main())
