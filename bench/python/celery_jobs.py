"""Jobs per second end to end through Celery on Redis, for bench/redis-compare: the peer of
org.jasyncio.bench.redis.QueueJobs (StreamQueue), on the same redis-server.

    celery_jobs.py --role worker --port P --name W [--pool solo|threads|prefork] [--concurrency C]
    celery_jobs.py --role producer --port P --n N --warmup-n M --iterations I

Broker and result backend are both the Redis on 127.0.0.1:P (database 0; the default `celery` list is
the queue). The task is trivial, as QueueJobs': it returns its argument with "!" appended, and its
result is stored in Redis. A worker is started programmatically (`app.Worker(...).start()`): Celery's
command line (celery.bin) is not imported, so its click plug-ins (click-didyoumean, click-repl) are
not needed; it prints READY when Celery's worker_ready signal fires. The producer, per iteration,
sends N tasks (`task.delay`, one round trip each: Celery has no batch send) and waits for every result
(`ResultSet.get`, the Redis backend's native join); the time from the first send to the last result
is the sample. M unmeasured tasks first warm up the workers. Prints one RESULT {json} line with the
samples in jobs/s.
"""
import argparse
import json
import sys
import time

from celery import Celery
from celery.result import ResultSet
from celery.signals import worker_ready


def make_app(port):
    url = f"redis://127.0.0.1:{port}/0"
    app = Celery("bench_jobs", broker=url, backend=url)
    app.conf.update(
        task_serializer="json", result_serializer="json", accept_content=["json"],
        worker_hijack_root_logger=False, worker_send_task_events=False, task_send_sent_event=False,
        worker_prefetch_multiplier=4, broker_connection_retry_on_startup=True,
        result_expires=3600)
    return app


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--role", default="producer")
    ap.add_argument("--port", type=int, default=6379)
    ap.add_argument("--name", default="w")
    ap.add_argument("--pool", default="solo")
    ap.add_argument("--concurrency", type=int, default=1)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--warmup-n", type=int, default=2000)
    ap.add_argument("--iterations", type=int, default=3)
    a = ap.parse_args()
    app = make_app(a.port)

    @app.task(name="bench.job")
    def job(payload):
        return payload + "!"

    if a.role == "worker":
        @worker_ready.connect
        def ready(**_):
            print("READY " + a.name, flush=True)

        w = app.Worker(hostname=f"{a.name}@bench", pool_cls=a.pool, concurrency=a.concurrency, loglevel="WARNING",
                       without_gossip=True, without_mingle=True, without_heartbeat=True, quiet=True)
        w.start()
        sys.exit(w.exitcode or 0)

    def run(n):
        rs = ResultSet([job.delay(str(i)) for i in range(n)])
        got = rs.get(timeout=600)
        if len(got) != n or got[0] != "0!" or got[-1] != f"{n - 1}!":
            raise RuntimeError(f"wrong results: {len(got)} of {n}")

    run(a.warmup_n)
    samples = []
    for _ in range(a.iterations):
        t0 = time.perf_counter()
        run(a.n)
        samples.append(round(a.n / (time.perf_counter() - t0), 1))
    print("RESULT " + json.dumps({"system": "celery", "n": a.n, "jobs_per_s": samples}), flush=True)


if __name__ == "__main__":
    main()
