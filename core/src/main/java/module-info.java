/**
 * jasyncio: Python's asyncio in Java. Start with {@link org.jasyncio.Asyncio}.
 */
// "module": compiling core alone, javac warns that org.jasyncio.http, the target of the qualified export
// below, is not there to be found; it is another module of this build, not a missing one.
@SuppressWarnings("module")
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
    // Not an API: the http module's many-loop server binds its own listening sockets with the core's
    // Loops.bindListeners (the same addresses skipped, the same errors) instead of a copy of it.
    exports org.jasyncio.internal.net to
            org.jasyncio.http;

    // the live monitor page (RunOptions.monitor): the http module provides it
    uses org.jasyncio.diagnostics.MonitorService;
}
