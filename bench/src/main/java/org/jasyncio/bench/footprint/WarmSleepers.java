package org.jasyncio.bench.footprint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;

/**
 * {@link JasyncioSleepers} after the JIT has compiled the park path (issue 14, round 6): eleven rounds
 * of {@code n} tasks, each sleeping 5 ms, then {@code n} tasks parked in one long sleep, measured. A
 * parked task's stack chunk holds the frames it parked in as they were compiled then, so a cold probe
 * measures interpreted frames; here they are C2's. With {@code --megamorphic} the warm-up rounds run
 * four kinds of body (void and value-returning), so the task's call of its body is not inlined, as in
 * a program with many kinds of task. The sleeps' {@code Duration} is made outside the bodies, so that
 * the measured round takes no branch the warm-up did not (a never-taken branch would deoptimize the
 * compiled bodies and park the first tasks in interpreted frames).
 *
 * <pre>{@code java -cp ... org.jasyncio.bench.footprint.WarmSleepers 100000 [--megamorphic]}</pre>
 */
public final class WarmSleepers {
    private WarmSleepers() {}

    public static void main(String[] args) throws Exception {
        int n = Footprint.count(args);
        boolean megamorphic = List.of(args).contains("--megamorphic");
        for (int round = 0; round < 11; round++) {
            run(n, Duration.ofMillis(5), megamorphic, false);
        }
        run(n, Duration.ofSeconds(3600), false, true);
    }

    private static void run(int n, Duration d, boolean megamorphic, boolean measure) throws Exception {
        long before = measure ? Footprint.before() : 0;
        Asyncio.run(() -> {
            List<Task<?>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tasks.add(spawn(megamorphic ? i & 3 : 0, d, tasks));
            }
            if (measure) {
                Asyncio.sleep(0.0); // every task runs its first step and parks in its sleep
                Footprint.report("jasyncio-" + Asyncio.getRunningLoop().strandEngine() + "-warm", n, before + n * 4L);
                tasks.forEach(Task::cancel);
            } else {
                Asyncio.gather(tasks);
            }
            return null;
        });
    }

    /** A task of body {@code kind}: 0 is the one measured (a void block), 1-3 only warm up. */
    private static Task<?> spawn(int kind, Duration d, List<Task<?>> tasks) {
        return switch (kind) {
            case 0 -> Asyncio.createTask(() -> Asyncio.sleep(d));
            case 1 ->
                Asyncio.createTask(() -> {
                    Asyncio.sleep(d);
                    return 1;
                });
            case 2 ->
                Asyncio.createTask(() -> {
                    Asyncio.sleep(d);
                    return "a";
                });
            default ->
                Asyncio.createTask(() -> {
                    Asyncio.sleep(d);
                    tasks.size();
                });
        };
    }
}
