import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Task;
import org.jasyncio.process.Subprocess;
import org.jasyncio.process.SubprocessOptions;
import org.jasyncio.redis.Redis;
import org.jasyncio.redis.StreamQueue;
import org.jasyncio.redis.StreamWorker;

/**
 * The worker model of {@code WorkerQueue} (10 jobs, 3 workers, each job a second) across processes:
 * the queue is a Redis stream, the workers are three processes of their own (they could as well run
 * on three machines pointed at the same Redis URL), and {@code join()} waits for jobs finished
 * anywhere. Same program shape, same printed lines, about the same 4 seconds.
 *
 * <p>Run it against a local Redis (the URL is optional):
 * <pre>
 * java -cp core/target/classes:redis/target/classes examples/DistributedWorkers.java redis://127.0.0.1:6379
 * </pre>
 * It starts the three workers itself ({@code DistributedWorkers worker URL NAME}: this same program),
 * enqueues the jobs, prints each worker's lines as they come, joins the queue and stops the workers
 * with SIGTERM, which each handles gracefully (it finishes its job first).
 *
 * <p>Twin of the seed's "Creating A Worker Model": "10 jobs are created. 3 workers are created which
 * will process these 10 jobs. [...] Once all of the jobs are processed, the workers are terminated
 * and the application exits." Here {@code asyncio.Queue} became {@link StreamQueue} and each
 * {@code create_task(worker(...))} a process.
 */
public class DistributedWorkers {
    static final int JOBS = 10;
    static final int WORKERS = 3;
    static final String QUEUE = "distributed-workers";

    /** A worker process: takes one job at a time until SIGTERM. */
    static void worker(String url, String name) throws Exception {
        try (Redis redis = Redis.connect(url)) {
            StreamQueue<String, String> queue = StreamQueue.open(redis, QUEUE);
            StreamWorker<String, String> worker = queue.worker(name, 1, job -> {
                // The start time goes along (wall clock, the same on one machine) for the producer's stamp.
                System.out.println(name + ": processing job " + job.payload() + "\t" + System.currentTimeMillis());
                Asyncio.sleep(1.0); // the work
                return "done";
            });
            worker.stopOnSigterm(Duration.ofSeconds(10));
            System.out.println("ready");
            worker.await();
        }
    }

    /** The producer: starts the workers, enqueues the jobs, joins, stops the workers. */
    static void producer(String url) throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        try (Redis redis = Redis.connect(url)) {
            StreamQueue<String, String> queue = StreamQueue.open(redis, QUEUE);
            List<Subprocess> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                workers.add(Subprocess.exec(
                        selfCommand("worker", url, "worker-" + i),
                        SubprocessOptions.defaults().stderr(Redirect.INHERIT)));
            }
            for (Subprocess w : workers) { // all three up before the first job, as the seed's tasks are
                String first = new String(w.stdout().readline()).strip();
                if (!first.equals("ready")) {
                    throw new IllegalStateException("a worker did not start (pid " + w.pid() + "): '" + first + "'");
                }
            }
            double start = loop.time();
            long startMillis = System.currentTimeMillis();
            // Echo each worker's lines, stamped with the time since the jobs were enqueued.
            List<Task<Void>> echoes = new ArrayList<>();
            for (Subprocess w : workers) {
                echoes.add(Asyncio.createTask(() -> {
                    for (byte[] line = w.stdout().readline();
                            line.length > 0;
                            line = w.stdout().readline()) {
                        String[] textAndTime = new String(line).strip().split("\t");
                        double at = (Long.parseLong(textAndTime[1]) - startMillis) / 1000.0;
                        System.out.printf("%4.1fs %s%n", Math.max(0, at), textAndTime[0]);
                    }
                }));
            }
            for (int job = 0; job < JOBS; job++) {
                queue.enqueue(Integer.toString(job));
            }

            queue.join(); // every job finished, by whichever worker
            System.out.printf("%4.1fs all %d jobs done%n", loop.time() - start, JOBS);

            for (Subprocess w : workers) {
                w.terminate(); // SIGTERM: the worker stops reading, finishes its job (none now), exits
            }
            for (Subprocess w : workers) {
                w.await();
            }
            Asyncio.gather(echoes);
            System.out.println("workers terminated");
        }
    }

    /** This program again, as a new JVM: from its source file or its class, on this JVM's class path. */
    static List<String> selfCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        if (!"virtual".equals(System.getProperty("jasyncio.strand"))) {
            cmd.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"));
        }
        if (System.getProperty("jasyncio.strand") != null) {
            cmd.add("-Djasyncio.strand=" + System.getProperty("jasyncio.strand"));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
        String source = System.getProperty("jdk.launcher.sourcefile");
        cmd.add(source != null ? source : DistributedWorkers.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static void run(String url) throws Exception {
        Asyncio.run(() -> producer(url));
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            Asyncio.run(() -> worker(args[1], args[2]));
        } else {
            run(args.length > 0 ? args[0] : "redis://127.0.0.1:6379");
        }
    }
}
