package org.jasyncio.bench.footprint;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;

/** {@link Footprint} of jasyncio tasks parked in {@code sleep(3600)} (the engine: {@code -Djasyncio.strand}). */
public final class JasyncioSleepers {
    private JasyncioSleepers() {}

    public static void main(String[] args) throws Exception {
        int n = Footprint.count(args);
        long before = Footprint.before();
        Asyncio.run(() -> {
            List<Task<Void>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tasks.add(Asyncio.createTask(() -> Asyncio.sleep(3600.0)));
            }
            Asyncio.sleep(0.0); // every task runs its first step and parks in its sleep
            Footprint.report(
                    "jasyncio-" + Asyncio.getRunningLoop().strandEngine(), n, before + n * 4L /* the list's slots */);
            tasks.forEach(Task::cancel);
            return null;
        });
    }
}
