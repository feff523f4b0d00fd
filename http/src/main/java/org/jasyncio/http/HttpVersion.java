package org.jasyncio.http;

/** The HTTP versions the HTTP/1.x codec speaks. */
public enum HttpVersion {
    /** HTTP/1.0: no persistent connection unless {@code Connection: keep-alive}; no chunked coding. */
    HTTP_1_0("HTTP/1.0"),
    /** HTTP/1.1: persistent connections by default, chunked transfer coding, Host required. */
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** The version as written on the wire, e.g. {@code "HTTP/1.1"}. */
    public String text() {
        return text;
    }
}
