/**
 * jasyncio's HTTP/1.x: the shared types ({@link org.jasyncio.http.Headers}), the strict sans-I/O wire
 * codec ({@link org.jasyncio.http.codec.HttpParser}, {@link org.jasyncio.http.codec.HttpWriter}) and,
 * on top of them, the server and the client.
 */
module org.jasyncio.http {
    requires transitive org.jasyncio;

    exports org.jasyncio.http;
    exports org.jasyncio.http.codec;
    exports org.jasyncio.http.client;
}
