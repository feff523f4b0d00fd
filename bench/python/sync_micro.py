"""CPython twins of bench/src/main/java/org/jasyncio/bench/jmh/SyncBenchmarks.java: ns per operation.

Usage: sync_micro.py [--uvloop] [--repeat N]. Prints one line per benchmark: name, median ns/op over
N runs of BATCH operations (after one warm-up run), min, max.
"""
import asyncio
import statistics
import sys
import time

BATCH = 10_000


async def lock_uncontended():
    lock = asyncio.Lock()
    for _ in range(BATCH):
        await lock.acquire()
        lock.release()


async def lock_contended():
    lock = asyncio.Lock()

    async def worker():
        for _ in range(BATCH // 2):
            await lock.acquire()
            await asyncio.sleep(0)
            lock.release()

    await asyncio.gather(worker(), worker())


async def queue_ping_pong():
    ping, pong = asyncio.Queue(1), asyncio.Queue(1)

    async def echo():
        for _ in range(BATCH):
            await pong.put(await ping.get())

    t = asyncio.create_task(echo())
    for i in range(BATCH):
        await ping.put(i)
        await pong.get()
    await t


async def queue_producer_consumer():
    q = asyncio.Queue(100)

    async def producer():
        for i in range(BATCH):
            await q.put(i)

    t = asyncio.create_task(producer())
    total = 0
    for _ in range(BATCH):
        total += await q.get()
    await t


BENCHMARKS = [("lockUncontended", lock_uncontended), ("lockContended", lock_contended),
              ("queuePingPong", queue_ping_pong), ("queueProducerConsumer", queue_producer_consumer)]


def main():
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 7
    if "--uvloop" in sys.argv:
        import uvloop
        uvloop.install()
    loop = asyncio.new_event_loop()  # one loop for all runs, as the JMH twin keeps one per trial
    for name, fn in BENCHMARKS:
        samples = []
        for i in range(repeat + 1):
            t0 = time.perf_counter()
            loop.run_until_complete(fn())
            ns = (time.perf_counter() - t0) * 1e9 / BATCH
            if i > 0:
                samples.append(ns)
        print(f"{name} {statistics.median(samples):.1f} {min(samples):.1f} {max(samples):.1f}")
    loop.close()


if __name__ == "__main__":
    main()
