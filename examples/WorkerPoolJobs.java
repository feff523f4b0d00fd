import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.RunOptions;
import org.jasyncio.queue.Queue;
import org.jasyncio.queue.WorkerPool;

/**
 * The worker model of {@code WorkerQueue} (10 jobs, 3 workers, 4 s) with jasyncio's
 * {@code WorkerPool}, which is that pattern as one object: a queue, N worker tasks, and a
 * {@code close()} that lets the workers drain the queue, waits for them, and throws every failed job
 * together ({@code WorkerPoolError}), so neither a worker nor a failure is left behind.
 *
 * <p>Twin of the tutorial's "Creating A Worker Model" (tutorial 004), the built-in way.
 */
public class WorkerPoolJobs {
    static void process(int job) {
        EventLoop loop = Asyncio.getRunningLoop();
        System.out.printf(
                "%4.1fs %s: processing job %d%n",
                loop.time(), Asyncio.currentTask().getName(), job);
        Asyncio.sleep(1.0); // the work
    }

    static void asyncMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        try (WorkerPool<Integer> pool = WorkerPool.start("pool", 3, new Queue<>(), job -> process(job))) {
            for (int job = 0; job < 10; job++) {
                pool.submit(job);
            }
        } // no more jobs: the workers finish the queued ones and end
        System.out.printf("%4.1fs all 10 jobs done, workers ended%n", loop.time());
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
