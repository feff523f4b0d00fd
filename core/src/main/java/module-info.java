/**
 * jasyncio: Python's asyncio in Java. Start with {@link org.jasyncio.Asyncio}.
 */
module org.jasyncio {
    requires jdk.unsupported;
    requires java.management;
    requires jdk.jfr;
    requires static org.junit.jupiter.api;

    exports org.jasyncio;
    exports org.jasyncio.testing;
    exports org.jasyncio.sync;
    exports org.jasyncio.queue;
    exports org.jasyncio.net;
    exports org.jasyncio.process;
    exports org.jasyncio.diagnostics;

    // the live monitor page (RunOptions.monitor): the http module provides it
    uses org.jasyncio.diagnostics.MonitorService;
}
