package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.TimeoutError;
import org.junit.jupiter.api.Test;

/**
 * Runs in four surefire executions (see pom.xml): class path and module path, each with the export
 * flag (the continuation engine) and without it (the virtual-thread engine). Each execution says what
 * it expects through the system properties consumer.expect.engine and consumer.expect.module.
 */
class MainTest {
    private static final String ENGINE = System.getProperty("consumer.expect.engine", "continuation");
    private static final String MODULE = System.getProperty("consumer.expect.module", "unnamed");

    @Test
    void reportShowsTheResultTheLoopTimeTheEngineAndHowJasyncioWasLoaded() throws Exception {
        String jasyncio = MODULE.equals("named") ? "org.jasyncio" : "unnamed";
        String consumer = MODULE.equals("named") ? "com.example.consumer" : "unnamed";
        assertEquals("result=[a, b] loop-seconds=2.0 engine=" + ENGINE + " consumer=" + consumer
                + " jasyncio=" + jasyncio, Main.report());
    }

    @Test
    void timeoutCancelsTheSlowTaskOnVirtualTime() throws Exception {
        String outcome = Asyncio.run(() -> {
            double start = Asyncio.getRunningLoop().time();
            try (var t = Asyncio.timeout(0.5)) {
                Asyncio.sleep(3600);
                return "not cancelled";
            } catch (TimeoutError e) {
                return "timed out after " + (Asyncio.getRunningLoop().time() - start);
            }
        }, RunOptions.defaults().withVirtualClock());
        assertEquals("timed out after 0.5", outcome);
    }
}
