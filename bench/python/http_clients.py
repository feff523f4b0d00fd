"""The HTTP client workload in the Python peers: 64 concurrent GETs at a time over keep-alive
connections to one server, each task sending its next request when the last one's body is read;
a warm-up, then a timed window. Prints RESULT {json} as bench/python/workloads.py does.

    http_clients.py aiohttp --url URL [--concurrency 64 --warmup-s 2 --duration-s 5]   # on uvloop
    http_clients.py httpx   --url URL [...]                                            # on uvloop
"""
import argparse
import asyncio
import json
import sys
import time


async def drive(get, concurrency, warmup_s, duration_s):
    count = [0]
    state = {"counting": False, "stop": False}

    async def worker():
        while not state["stop"]:
            body = await get()
            if len(body) != 13:
                raise AssertionError(f"unexpected body {body!r}")
            if state["counting"]:
                count[0] += 1

    workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
    await asyncio.sleep(warmup_s)
    state["counting"] = True
    t0, c0 = time.perf_counter(), time.process_time()
    await asyncio.sleep(duration_s)
    state["counting"] = False
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = count[0]
    state["stop"] = True
    await asyncio.gather(*workers)
    return n, elapsed, cpu


async def with_aiohttp(a):
    import aiohttp
    conn = aiohttp.TCPConnector(limit=a.concurrency)
    async with aiohttp.ClientSession(connector=conn) as session:
        async def get():
            async with session.get(a.url) as r:
                return await r.read()
        return await drive(get, a.concurrency, a.warmup_s, a.duration_s)


async def with_httpx(a):
    import httpx
    limits = httpx.Limits(max_connections=a.concurrency, max_keepalive_connections=a.concurrency)
    async with httpx.AsyncClient(limits=limits) as client:
        async def get():
            r = await client.get(a.url)
            return r.content
        return await drive(get, a.concurrency, a.warmup_s, a.duration_s)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("client", choices=["aiohttp", "httpx"])
    p.add_argument("--url", required=True)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--warmup-s", type=float, default=2)
    p.add_argument("--duration-s", type=float, default=5)
    a = p.parse_args()
    import uvloop
    n, elapsed, cpu = uvloop.run(with_aiohttp(a) if a.client == "aiohttp" else with_httpx(a))
    import importlib.metadata as md
    print("RESULT " + json.dumps({
        "runtime": a.client, "workload": "http-client", "requests": n, "seconds": elapsed,
        "rps": n / elapsed, "client_cpu_us_per_req": cpu / max(n, 1) * 1e6, "client_cpu_util": cpu / elapsed,
        "version": md.version(a.client), "uvloop": md.version("uvloop"), "python": sys.version.split()[0]}),
        flush=True)


if __name__ == "__main__":
    sys.exit(main())
