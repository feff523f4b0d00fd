package org.jasyncio.http.websocket;

/**
 * The close codes of RFC 6455 section 7.4.1 (aiohttp's {@code WSCloseCode}), for {@link
 * WebSocket#close(int, String)} and {@link WSMessage#closeCode()}. Applications may use 3000..4999.
 */
public final class WSCloseCode {
    private WSCloseCode() {}

    /** 1000: normal closure. */
    public static final int OK = 1000;
    /** 1001: the endpoint goes away (a server shutting down, a browser leaving the page). */
    public static final int GOING_AWAY = 1001;
    /** 1002: a protocol error. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a kind of data the endpoint does not accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: no code was in the close frame (never sent). */
    public static final int NO_STATUS_RECEIVED = 1005;
    /** 1006: the connection ended without a close frame (never sent). */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** 1007: a text message that is not valid UTF-8. */
    public static final int INVALID_TEXT = 1007;
    /** 1008: a message that violates the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message larger than the endpoint accepts. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1010: the client needed an extension the server did not agree to. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** 1011: the server failed unexpectedly. */
    public static final int INTERNAL_ERROR = 1011;
    /** 1012: the service restarts. */
    public static final int SERVICE_RESTART = 1012;
    /** 1013: try again later. */
    public static final int TRY_AGAIN_LATER = 1013;

    /** Whether {@code code} may travel in a close frame (RFC 6455 7.4, and the IANA registry's 1012..1014). */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
