"""redis-benchmark-comparable GET/SET throughput of redis-py's asyncio client from one loop, for
bench/redis-compare (the twin of org.jasyncio.bench.redis.RedisOps).

    redis_ops.py --port P --op get|set --concurrency C --pipeline B --n N --warmup W --iterations I

--pipeline 1: C tasks sharing one redis.asyncio.Redis (its connection pool opens what they need),
each one command at a time. --pipeline B > 1: one task sending batches of B commands through
pipeline(transaction=False), waiting for each batch. Prints one RESULT {json} line, samples in ops/s.
"""
import argparse
import asyncio
import json
import time

import redis
import redis.asyncio as aredis

KEY, VALUE = "key:__rand_int__", "xxx"


async def tasks(r, op, concurrency, n):
    async def one(share):
        for _ in range(share):
            if op == "set":
                await r.set(KEY, VALUE)
            elif await r.get(KEY) is None:
                raise RuntimeError("GET answered nil")
    shares = [n // concurrency + (1 if c < n % concurrency else 0) for c in range(concurrency)]
    t0 = time.perf_counter()
    await asyncio.gather(*(one(s) for s in shares))
    return time.perf_counter() - t0


async def pipelined(r, op, b, n):
    t0 = time.perf_counter()
    done = 0
    while done < n:
        size = min(b, n - done)
        p = r.pipeline(transaction=False)
        for _ in range(size):
            p.set(KEY, VALUE) if op == "set" else p.get(KEY)
        out = await p.execute()
        if len(out) != size:
            raise RuntimeError(f"pipeline of {size} answered {len(out)}")
        done += size
    return time.perf_counter() - t0


async def main(a):
    r = aredis.Redis(host="127.0.0.1", port=a.port, max_connections=max(a.concurrency, 2))
    await r.set(KEY, VALUE)
    samples = []
    for i in range(a.warmup + a.iterations):
        s = await (pipelined(r, a.op, a.pipeline, a.n) if a.pipeline > 1 else tasks(r, a.op, a.concurrency, a.n))
        if i >= a.warmup:
            samples.append(a.n / s)
    await r.aclose()
    try:
        import hiredis  # noqa: F401
        parser = "hiredis"
    except ImportError:
        parser = "python"
    print("RESULT " + json.dumps({"client": "redis-py", "op": a.op, "concurrency": a.concurrency,
                                  "pipeline": a.pipeline, "n": a.n, "ops_per_s": samples,
                                  "redis_py": redis.__version__, "parser": parser}), flush=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--op", choices=["get", "set"], default="get")
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--pipeline", type=int, default=1)
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--iterations", type=int, default=3)
    asyncio.run(main(ap.parse_args()))
