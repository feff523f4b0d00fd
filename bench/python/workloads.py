#!/usr/bin/env python3
"""The comparison workloads for CPython asyncio and uvloop (stdlib only, plus uvloop with --uvloop).

One process runs one workload: `--warmup` unmeasured iterations, then `--iterations` measured ones,
each timed with time.perf_counter() around the workload alone (interpreter start-up and imports are
not in the figure). The last line printed is `RESULT {json}`, read by bench/compare. The Java peers
(bench/src/main/java/org/jasyncio/bench/...) print the same line for the same workload with the same
parameters; bench/README.md says what each workload does.

    /usr/bin/python3 bench/python/workloads.py switch --n 200000 [--uvloop]
    /usr/bin/python3 bench/python/workloads.py echo-server --port 25000 [--uvloop] [--protocol | --buffered | --sock]
"""
import argparse
import asyncio
import json
import random
import socket
import sys
import time


# -- task switch: two tasks ping-pong through sleep(0); n switches in all -------------------------
async def switch(n):
    async def player(k):
        for _ in range(k):
            await asyncio.sleep(0)

    t0 = time.perf_counter()
    await asyncio.gather(asyncio.create_task(player(n // 2)), asyncio.create_task(player(n // 2)))
    return time.perf_counter() - t0


# -- spawn + gather: n tasks that each return their index, gathered in order ------------------------
async def spawn_gather(n):
    async def work(i):
        return i

    t0 = time.perf_counter()
    tasks = [asyncio.create_task(work(i)) for i in range(n)]
    results = await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t0
    assert results[-1] == n - 1 and len(results) == n
    return elapsed


# -- sleepers: n tasks that all sleep 1 s at once --------------------------------------------------
async def sleepers(n):
    async def sleeper():
        await asyncio.sleep(1.0)

    t0 = time.perf_counter()
    tasks = [asyncio.create_task(sleeper()) for _ in range(n)]
    await asyncio.gather(*tasks)
    return time.perf_counter() - t0


# -- queue: one producer, one consumer, n items through a bounded queue of 100 ----------------------
async def queue(n):
    q = asyncio.Queue(maxsize=100)

    async def producer():
        for i in range(n):
            await q.put(i)

    async def consumer():
        total = 0
        for _ in range(n):
            total += await q.get()
        return total

    t0 = time.perf_counter()
    _, total = await asyncio.gather(asyncio.create_task(producer()), asyncio.create_task(consumer()))
    elapsed = time.perf_counter() - t0
    assert total == n * (n - 1) // 2
    return elapsed


# -- timers: n tasks, each sleeping a random 0-10 ms (same seed, same draws in every runtime) -------
def timer_delays_ms(n):
    # A 64-bit LCG (Knuth's MMIX constants), so that the Java peers draw the same delays.
    x = 42
    out = []
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        out.append((x >> 33) % 10001 / 1000.0)  # 0.000 .. 10.000 ms
    return out


async def timers(n):
    delays = [d / 1000.0 for d in timer_delays_ms(n)]

    async def sleeper(d):
        await asyncio.sleep(d)

    t0 = time.perf_counter()
    tasks = [asyncio.create_task(sleeper(d)) for d in delays]
    await asyncio.gather(*tasks)
    return time.perf_counter() - t0


WORKLOADS = {
    "switch": switch,
    "spawn-gather": spawn_gather,
    "sleepers": sleepers,
    "queue": queue,
    "timers": timers,
}


# -- TCP echo server (asyncio streams, as in vmbench's streams variant) -----------------------------
async def echo_server(port):
    async def handle(reader, writer):
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                data = await reader.read(102400)
                if not data:
                    break
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port)
    print("READY", flush=True)
    async with server:
        await server.serve_forever()


# -- TCP echo server, protocol style (vmbench's protocol variant: no streams, no coroutine per client) --
class EchoProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


async def serve_protocol(factory, port):
    server = await asyncio.get_running_loop().create_server(factory, "127.0.0.1", port)
    print("READY", flush=True)
    async with server:
        await server.serve_forever()


def echo_server_protocol(port):
    return serve_protocol(EchoProtocol, port)


# -- TCP echo server, buffered-protocol style: reads into the protocol's own buffer, writes a view of it --
class EchoBufferedProtocol(asyncio.BufferedProtocol):
    def connection_made(self, transport):
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.transport = transport
        self.buffer = memoryview(bytearray(256 * 1024))

    def get_buffer(self, sizehint):
        return self.buffer

    def buffer_updated(self, nbytes):
        self.transport.write(self.buffer[:nbytes])


def echo_server_buffered(port):
    return serve_protocol(EchoBufferedProtocol, port)


# -- TCP echo server, raw-socket style (vmbench's sock variant: loop.sock_* on non-blocking sockets) --
async def echo_server_sock(port):
    loop = asyncio.get_running_loop()
    clients = set()  # the loop keeps only weak references to tasks

    async def serve(client):
        with client:
            try:
                while True:
                    data = await loop.sock_recv(client, 102400)
                    if not data:
                        break
                    await loop.sock_sendall(client, data)
            except ConnectionError:
                pass

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", port))
        server.listen(128)
        server.setblocking(False)
        print("READY", flush=True)
        while True:
            client, _ = await loop.sock_accept(server)
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            client.setblocking(False)
            task = loop.create_task(serve(client))
            clients.add(task)
            task.add_done_callback(clients.discard)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workload", choices=sorted(WORKLOADS) + ["echo-server"])
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--iterations", type=int, default=3)
    p.add_argument("--port", type=int, default=25000)
    p.add_argument("--uvloop", action="store_true", help="run on uvloop instead of asyncio's own loop")
    p.add_argument("--protocol", action="store_true", help="echo-server: protocol style instead of streams")
    p.add_argument("--buffered", action="store_true",
                   help="echo-server: BufferedProtocol style (get_buffer/buffer_updated) instead of streams")
    p.add_argument("--sock", action="store_true",
                   help="echo-server: raw-socket style (loop.sock_accept/sock_recv/sock_sendall) instead of streams")
    args = p.parse_args()

    if args.uvloop:
        import uvloop  # pip's uvloop in bench/compare's venv of /usr/bin/python3 (Debian's python3-uvloop as the fallback)

        def runner(coro):
            # asyncio.Runner with uvloop's loop: the same shape as asyncio.run (uvloop.run is 0.18+).
            with asyncio.Runner(loop_factory=uvloop.new_event_loop) as r:
                return r.run(coro)
        runtime = "uvloop"
    else:
        runner = asyncio.run
        runtime = "asyncio"

    if args.workload == "echo-server":
        try:
            style = (echo_server_protocol if args.protocol else echo_server_sock if args.sock
                     else echo_server_buffered if args.buffered else echo_server)
            runner(style(args.port))
        except KeyboardInterrupt:
            pass
        return

    fn = WORKLOADS[args.workload]
    samples = []
    for i in range(args.warmup + args.iterations):
        # A fresh loop per iteration, as each Java iteration starts a fresh loop too.
        s = runner(fn(args.n))
        if i >= args.warmup:
            samples.append(s)
    print("RESULT " + json.dumps({
        "runtime": runtime, "workload": args.workload, "n": args.n, "warmup": args.warmup,
        "samples_s": samples, "python": sys.version.split()[0],
    }), flush=True)


if __name__ == "__main__":
    main()
