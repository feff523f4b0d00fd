package com.example.consumer;

import static org.jasyncio.Asyncio.createTask;
import static org.jasyncio.Asyncio.gather;
import static org.jasyncio.Asyncio.getRunningLoop;
import static org.jasyncio.Asyncio.sleep;

import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.RunOptions;

/**
 * A tiny jasyncio program: two tasks that sleep 1 s and 2 s run concurrently on the virtual clock, so
 * the whole run takes 2 s of loop time and no real time. It prints one line that says what ran, on
 * which strand engine, and whether this program and jasyncio were loaded as named modules:
 *
 * <pre>result=[a, b] loop-seconds=2.0 engine=continuation consumer=com.example.consumer jasyncio=org.jasyncio</pre>
 */
public final class Main {
    private Main() {
    }

    /** Runs the program on a new loop with a virtual clock and returns its report line. */
    public static String report() throws Exception {
        return Asyncio.run(Main::crawl, RunOptions.defaults().withVirtualClock());
    }

    private static String crawl() throws Exception {
        double start = getRunningLoop().time();
        var a = createTask(() -> fetch("a", 1.0));
        var b = createTask(() -> fetch("b", 2.0));
        List<String> both = gather(a, b);
        return "result=" + both
                + " loop-seconds=" + (getRunningLoop().time() - start)
                + " engine=" + getRunningLoop().strandEngine()
                + " consumer=" + moduleName(Main.class.getModule())
                + " jasyncio=" + moduleName(EventLoop.class.getModule());
    }

    private static String fetch(String what, double seconds) {
        sleep(seconds);
        return what;
    }

    private static String moduleName(Module m) {
        return m.isNamed() ? m.getName() : "unnamed";
    }

    /** Prints {@link #report()}. */
    public static void main(String[] args) throws Exception {
        System.out.println(report());
    }
}
