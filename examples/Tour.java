import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jasyncio.Asyncio;
import org.jasyncio.Coroutine;
import org.jasyncio.Done;
import org.jasyncio.EventLoop;
import org.jasyncio.Generator;
import org.jasyncio.ReturnWhen;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;

/**
 * The tour: the tutorial's practice exercise ("Asynchronous Programming Practice", async_practice.py),
 * its ten sections in order, each timed on the loop's clock. Sequential awaits take the sum of their
 * sleeps, concurrent ones the longest: the summary at the end shows it.
 *
 * <p>Run: {@code ./jasyncio run examples/Tour.java} (about 7 s), or with {@code --virtual-time} on a
 * virtual clock: the same output, with the same times, at once.
 *
 * <p>Each section is one {@code Asyncio.run}, as in the tutorial. The tutorial measures with
 * {@code time.time()}; the tour uses the loop's clock ({@code loop.time()}), which is the system's
 * monotonic clock normally and the virtual one with {@code --virtual-time}.
 */
public class Tour {
    private static final String RULE = "=".repeat(60);
    private static final String DASHES = "-".repeat(60);

    /** One section's title and the loop time it took. */
    record Timing(String title, double seconds) {}

    // ---- the coroutines of the exercise ----

    static void hello() {
        System.out.println("Hello");
        Asyncio.sleep(0.5);
        System.out.println("World");
    }

    static String task(String name, double delay) {
        System.out.println(name + " starting");
        Asyncio.sleep(delay);
        System.out.println(name + " finished");
        return name + " result";
    }

    static String step1() {
        Asyncio.sleep(0.3);
        return "Step 1";
    }

    static String step2(String data) {
        Asyncio.sleep(0.3);
        return data + " -> Step 2";
    }

    static String step3(String data) {
        Asyncio.sleep(0.3);
        return data + " -> Step 3";
    }

    static String mightFail(boolean shouldFail) {
        Asyncio.sleep(0.2);
        if (shouldFail) {
            throw new IllegalArgumentException("Error occurred");
        }
        return "Success";
    }

    static Generator<Integer> asyncCountdown(int from) {
        return Asyncio.generator(emit -> {
            int n = from;
            while (n > 0) {
                Asyncio.sleep(0.2);
                emit.yield(n);
                n--;
            }
        });
    }

    /** Section 9's async context manager. */
    static final class AsyncContext implements AutoCloseable {
        AsyncContext() {
            System.out.println("Entering context");
        }

        @Override
        public void close() {
            System.out.println("Exiting context");
        }
    }

    static String fetchData(String name, double delay) {
        System.out.println("Fetching " + name + "...");
        Asyncio.sleep(delay);
        return name + " data";
    }

    // ---- the sections ----

    static void sequential() {
        EventLoop loop = Asyncio.getRunningLoop();
        double start = loop.time();
        String result1 = task("Task1", 0.5);
        String result2 = task("Task2", 0.5);
        double elapsed = loop.time() - start;
        System.out.println("Results: " + result1 + ", " + result2);
        System.out.println(String.format(Locale.ROOT, "Time: %.2fs", elapsed));
    }

    static void concurrent() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        double start = loop.time();
        List<String> results =
                Asyncio.gather(() -> task("Task1", 0.5), () -> task("Task2", 0.5), () -> task("Task3", 0.5));
        double elapsed = loop.time() - start;
        System.out.println("Results: " + results);
        System.out.println(String.format(Locale.ROOT, "Time: %.2fs (concurrent)", elapsed));
    }

    static void creatingTasks() throws Exception {
        Task<String> task1 = Asyncio.createTask(() -> task("Task1", 1.0));
        Task<String> task2 = Asyncio.createTask(() -> task("Task2", 1.0));
        String result1 = task1.await();
        String result2 = task2.await();
        System.out.println("Results: " + result1 + ", " + result2);
    }

    static void waitAll() throws Exception {
        List<Task<String>> tasks = List.of(
                Asyncio.createTask(() -> task("Task1", 0.5)),
                Asyncio.createTask(() -> task("Task2", 1.0)),
                Asyncio.createTask(() -> task("Task3", 0.3)));
        Done<Task<String>> done = Asyncio.wait(tasks, ReturnWhen.ALL_COMPLETED);
        List<String> results = new ArrayList<>();
        for (Task<String> t : done.done()) {
            results.add(t.result());
        }
        System.out.println("All tasks completed: " + results);
    }

    static void chaining() {
        String result1 = step1();
        String result2 = step2(result1);
        String result3 = step3(result2);
        System.out.println(result3);
    }

    static void exceptionHandling() {
        try {
            String result = mightFail(false);
            System.out.println("Result: " + result);
        } catch (IllegalArgumentException e) {
            System.out.println("Caught: " + e.getMessage());
        }
        try {
            mightFail(true);
        } catch (IllegalArgumentException e) {
            System.out.println("Caught: " + e.getMessage());
        }
    }

    static void asyncGenerator() {
        try (Generator<Integer> countdown = asyncCountdown(5)) {
            for (int num : countdown) {
                System.out.println("Countdown: " + num);
            }
        }
    }

    static void asyncContextManager() {
        try (AsyncContext ctx = new AsyncContext()) {
            System.out.println("Inside context");
        }
    }

    static void realWorld() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        double start = loop.time();
        List<String> results = Asyncio.gather(
                () -> fetchData("User", 0.5), () -> fetchData("Posts", 0.5), () -> fetchData("Comments", 0.5));
        double elapsed = loop.time() - start;
        System.out.println("Results: " + results);
        System.out.println(String.format(Locale.ROOT, "Time: %.2fs (concurrent)", elapsed));
    }

    // ---- the tour ----

    /** A section's body, run as the main task of its own {@code Asyncio.run}. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** Prints the section's header, runs it on a fresh loop, and records how long it took on that loop. */
    static void section(List<Timing> timings, String title, RunOptions options, Body body) throws Exception {
        System.out.println(title);
        System.out.println(DASHES);
        Coroutine<Double> timed = () -> {
            EventLoop loop = Asyncio.getRunningLoop();
            double start = loop.time();
            body.run();
            return loop.time() - start;
        };
        timings.add(new Timing(title, Asyncio.run(timed, options)));
        System.out.println();
    }

    static void run(RunOptions options) throws Exception {
        List<Timing> timings = new ArrayList<>();
        System.out.println(RULE);
        System.out.println("ASYNCHRONOUS PROGRAMMING PRACTICE");
        System.out.println(RULE);
        System.out.println();

        section(timings, "1. BASIC ASYNC FUNCTION", options, Tour::hello);
        section(timings, "2. MULTIPLE AWAIT CALLS (SEQUENTIAL)", options, Tour::sequential);
        section(timings, "3. CONCURRENT EXECUTION WITH gather()", options, Tour::concurrent);
        section(timings, "4. CREATING TASKS", options, Tour::creatingTasks);
        section(timings, "5. asyncio.wait()", options, Tour::waitAll);
        section(timings, "6. CHAINING COROUTINES", options, Tour::chaining);
        section(timings, "7. EXCEPTION HANDLING", options, Tour::exceptionHandling);
        section(timings, "8. ASYNC GENERATOR", options, Tour::asyncGenerator);
        section(timings, "9. ASYNC CONTEXT MANAGER", options, Tour::asyncContextManager);
        section(timings, "10. REAL-WORLD: CONCURRENT TASKS", options, Tour::realWorld);

        System.out.println(RULE);
        System.out.println("PRACTICE COMPLETE!");
        System.out.println(RULE);
        System.out.println();
        System.out.println("Time per section (sequential awaits add up, concurrent ones take the longest):");
        double total = 0;
        for (Timing t : timings) {
            System.out.println(String.format(Locale.ROOT, "  %-40s %5.2fs", t.title(), t.seconds()));
            total += t.seconds();
        }
        System.out.println(String.format(Locale.ROOT, "  %-40s %5.2fs", "TOTAL", total));
    }

    public static void main(String[] args) throws Exception {
        boolean virtualTime = List.of(args).contains("--virtual-time");
        run(virtualTime ? RunOptions.defaults().withVirtualClock() : RunOptions.defaults());
    }
}
