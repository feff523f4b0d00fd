/**
 * jasyncio's HTTP/1.x: the shared types ({@link org.jasyncio.http.Headers}), the strict sans-I/O wire
 * codec ({@link org.jasyncio.http.codec.HttpParser}, {@link org.jasyncio.http.codec.HttpWriter}) and,
 * on top of them, the server and the client.
 */
module org.jasyncio.http {
    requires transitive org.jasyncio;
    requires tools.jackson.databind;
    requires jdk.jfr;

    exports org.jasyncio.http;
    exports org.jasyncio.http.codec;
    exports org.jasyncio.http.json;
    exports org.jasyncio.http.server;
    exports org.jasyncio.http.client;
    exports org.jasyncio.http.websocket;

    // typed endpoints read the parameters of users' handler methods, and Jackson reads their records
    // and the server's own error records reflectively
    opens org.jasyncio.http.server to
            tools.jackson.databind;

    // the live monitor page of RunOptions.monitor(port), found by the core's ServiceLoader
    provides org.jasyncio.diagnostics.MonitorService with
            org.jasyncio.http.monitor.MonitorServer;
}
