package org.jasyncio.bench.jasyncio;

import org.jasyncio.Asyncio;

/**
 * The runtime label of a jasyncio run, {@code jasyncio-continuation} or {@code jasyncio-virtual}:
 * the strand engine the loop really picked (bench/compare forces one with
 * {@code -Djasyncio.strand=...} and checks the label, so a silent fallback cannot pass as the other).
 */
final class Engine {
    private Engine() {}

    static String label() throws Exception {
        return "jasyncio-" + Asyncio.run(() -> Asyncio.getRunningLoop().strandEngine());
    }
}
