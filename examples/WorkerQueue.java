import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;
import org.jasyncio.queue.Queue;

/**
 * The worker model: 10 jobs on a queue, 3 workers taking them one at a time. Each job takes a
 * second, so the 10 jobs are done in 4 seconds (3 + 3 + 3 + 1 in parallel), not 10.
 *
 * <p>Twin of the tutorial's "Creating A Worker Model": "10 jobs are created. 3 workers are created which
 * will process these 10 jobs. Each worker is started as a task with asyncio.create_task(). The jobs
 * are fed to the workers via a asyncio.Queue. Each worker awaits a job on the queue, processes the
 * job, and then waits for another one. Once all of the jobs are processed, the workers are
 * terminated and the application exits." In Python:
 * <pre>
 * async def worker(name, queue):
 *     while True:
 *         job = await queue.get()
 *         await asyncio.sleep(1)          # process the job
 *         queue.task_done()
 *
 * async def main():
 *     queue = asyncio.Queue()
 *     for job in range(10):
 *         queue.put_nowait(job)
 *     workers = [asyncio.create_task(worker(f"worker-{i}", queue)) for i in range(3)]
 *     await queue.join()                  # every job processed
 *     for w in workers:
 *         w.cancel()                      # terminate the workers before exiting
 *     await asyncio.gather(*workers, return_exceptions=True)
 * </pre>
 * {@code WorkerPoolJobs} does the same with jasyncio's {@code WorkerPool}, this pattern as one object.
 */
public class WorkerQueue {
    static final int JOBS = 10;
    static final int WORKERS = 3;

    static void worker(String name, Queue<Integer> queue) {
        EventLoop loop = Asyncio.getRunningLoop();
        while (true) {
            int job = queue.get(); // waits while the queue is empty
            System.out.printf("%4.1fs %s: processing job %d%n", loop.time(), name, job);
            Asyncio.sleep(1.0); // the work
            queue.taskDone();
        }
    }

    static void asyncMain() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Queue<Integer> queue = new Queue<>();
        for (int job = 0; job < JOBS; job++) {
            queue.putNowait(job);
        }

        List<Task<Void>> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            String name = "worker-" + i;
            workers.add(Asyncio.createTask(() -> worker(name, queue), name));
        }

        queue.join(); // every job taken and marked done
        System.out.printf("%4.1fs all %d jobs done%n", loop.time(), JOBS);

        // Terminate the workers, which wait on the empty queue, and wait until they have ended.
        for (Task<Void> w : workers) {
            w.cancel();
        }
        Asyncio.gatherSettled(workers);
        System.out.println("workers terminated");
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
