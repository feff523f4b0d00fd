package org.jasyncio.http;

/**
 * HTTP status codes (RFC 9110 section 15) as constants, and their reason phrases.
 *
 * <pre>{@code HttpStatus.reason(HttpStatus.NOT_FOUND) // "Not Found"}</pre>
 */
public final class HttpStatus {
    private HttpStatus() {}

    /** 100 Continue. */
    public static final int CONTINUE = 100;
    /** 101 Switching Protocols. */
    public static final int SWITCHING_PROTOCOLS = 101;
    /** 102 Processing. */
    public static final int PROCESSING = 102;
    /** 103 Early Hints. */
    public static final int EARLY_HINTS = 103;
    /** 200 OK. */
    public static final int OK = 200;
    /** 201 Created. */
    public static final int CREATED = 201;
    /** 202 Accepted. */
    public static final int ACCEPTED = 202;
    /** 203 Non-Authoritative Information. */
    public static final int NON_AUTHORITATIVE_INFORMATION = 203;
    /** 204 No Content. */
    public static final int NO_CONTENT = 204;
    /** 205 Reset Content. */
    public static final int RESET_CONTENT = 205;
    /** 206 Partial Content. */
    public static final int PARTIAL_CONTENT = 206;
    /** 207 Multi-Status. */
    public static final int MULTI_STATUS = 207;
    /** 300 Multiple Choices. */
    public static final int MULTIPLE_CHOICES = 300;
    /** 301 Moved Permanently. */
    public static final int MOVED_PERMANENTLY = 301;
    /** 302 Found. */
    public static final int FOUND = 302;
    /** 303 See Other. */
    public static final int SEE_OTHER = 303;
    /** 304 Not Modified. */
    public static final int NOT_MODIFIED = 304;
    /** 307 Temporary Redirect. */
    public static final int TEMPORARY_REDIRECT = 307;
    /** 308 Permanent Redirect. */
    public static final int PERMANENT_REDIRECT = 308;
    /** 400 Bad Request. */
    public static final int BAD_REQUEST = 400;
    /** 401 Unauthorized. */
    public static final int UNAUTHORIZED = 401;
    /** 402 Payment Required. */
    public static final int PAYMENT_REQUIRED = 402;
    /** 403 Forbidden. */
    public static final int FORBIDDEN = 403;
    /** 404 Not Found. */
    public static final int NOT_FOUND = 404;
    /** 405 Method Not Allowed. */
    public static final int METHOD_NOT_ALLOWED = 405;
    /** 406 Not Acceptable. */
    public static final int NOT_ACCEPTABLE = 406;
    /** 407 Proxy Authentication Required. */
    public static final int PROXY_AUTHENTICATION_REQUIRED = 407;
    /** 408 Request Timeout. */
    public static final int REQUEST_TIMEOUT = 408;
    /** 409 Conflict. */
    public static final int CONFLICT = 409;
    /** 410 Gone. */
    public static final int GONE = 410;
    /** 411 Length Required. */
    public static final int LENGTH_REQUIRED = 411;
    /** 412 Precondition Failed. */
    public static final int PRECONDITION_FAILED = 412;
    /** 413 Content Too Large. */
    public static final int CONTENT_TOO_LARGE = 413;
    /** 414 URI Too Long. */
    public static final int URI_TOO_LONG = 414;
    /** 415 Unsupported Media Type. */
    public static final int UNSUPPORTED_MEDIA_TYPE = 415;
    /** 416 Range Not Satisfiable. */
    public static final int RANGE_NOT_SATISFIABLE = 416;
    /** 417 Expectation Failed. */
    public static final int EXPECTATION_FAILED = 417;
    /** 421 Misdirected Request. */
    public static final int MISDIRECTED_REQUEST = 421;
    /** 422 Unprocessable Content. */
    public static final int UNPROCESSABLE_CONTENT = 422;
    /** 425 Too Early. */
    public static final int TOO_EARLY = 425;
    /** 426 Upgrade Required. */
    public static final int UPGRADE_REQUIRED = 426;
    /** 428 Precondition Required. */
    public static final int PRECONDITION_REQUIRED = 428;
    /** 429 Too Many Requests. */
    public static final int TOO_MANY_REQUESTS = 429;
    /** 431 Request Header Fields Too Large. */
    public static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;
    /** 500 Internal Server Error. */
    public static final int INTERNAL_SERVER_ERROR = 500;
    /** 501 Not Implemented. */
    public static final int NOT_IMPLEMENTED = 501;
    /** 502 Bad Gateway. */
    public static final int BAD_GATEWAY = 502;
    /** 503 Service Unavailable. */
    public static final int SERVICE_UNAVAILABLE = 503;
    /** 504 Gateway Timeout. */
    public static final int GATEWAY_TIMEOUT = 504;
    /** 505 HTTP Version Not Supported. */
    public static final int HTTP_VERSION_NOT_SUPPORTED = 505;

    /**
     * The reason phrase of a status code: the RFC 9110 one for a registered code, otherwise a
     * generic one for its class ("Client Error" for an unknown 4xx), or "Unknown" outside 100..599.
     */
    public static String reason(int code) {
        return switch (code) {
            case CONTINUE -> "Continue";
            case SWITCHING_PROTOCOLS -> "Switching Protocols";
            case PROCESSING -> "Processing";
            case EARLY_HINTS -> "Early Hints";
            case OK -> "OK";
            case CREATED -> "Created";
            case ACCEPTED -> "Accepted";
            case NON_AUTHORITATIVE_INFORMATION -> "Non-Authoritative Information";
            case NO_CONTENT -> "No Content";
            case RESET_CONTENT -> "Reset Content";
            case PARTIAL_CONTENT -> "Partial Content";
            case MULTI_STATUS -> "Multi-Status";
            case MULTIPLE_CHOICES -> "Multiple Choices";
            case MOVED_PERMANENTLY -> "Moved Permanently";
            case FOUND -> "Found";
            case SEE_OTHER -> "See Other";
            case NOT_MODIFIED -> "Not Modified";
            case TEMPORARY_REDIRECT -> "Temporary Redirect";
            case PERMANENT_REDIRECT -> "Permanent Redirect";
            case BAD_REQUEST -> "Bad Request";
            case UNAUTHORIZED -> "Unauthorized";
            case PAYMENT_REQUIRED -> "Payment Required";
            case FORBIDDEN -> "Forbidden";
            case NOT_FOUND -> "Not Found";
            case METHOD_NOT_ALLOWED -> "Method Not Allowed";
            case NOT_ACCEPTABLE -> "Not Acceptable";
            case PROXY_AUTHENTICATION_REQUIRED -> "Proxy Authentication Required";
            case REQUEST_TIMEOUT -> "Request Timeout";
            case CONFLICT -> "Conflict";
            case GONE -> "Gone";
            case LENGTH_REQUIRED -> "Length Required";
            case PRECONDITION_FAILED -> "Precondition Failed";
            case CONTENT_TOO_LARGE -> "Content Too Large";
            case URI_TOO_LONG -> "URI Too Long";
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported Media Type";
            case RANGE_NOT_SATISFIABLE -> "Range Not Satisfiable";
            case EXPECTATION_FAILED -> "Expectation Failed";
            case MISDIRECTED_REQUEST -> "Misdirected Request";
            case UNPROCESSABLE_CONTENT -> "Unprocessable Content";
            case TOO_EARLY -> "Too Early";
            case UPGRADE_REQUIRED -> "Upgrade Required";
            case PRECONDITION_REQUIRED -> "Precondition Required";
            case TOO_MANY_REQUESTS -> "Too Many Requests";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "Request Header Fields Too Large";
            case INTERNAL_SERVER_ERROR -> "Internal Server Error";
            case NOT_IMPLEMENTED -> "Not Implemented";
            case BAD_GATEWAY -> "Bad Gateway";
            case SERVICE_UNAVAILABLE -> "Service Unavailable";
            case GATEWAY_TIMEOUT -> "Gateway Timeout";
            case HTTP_VERSION_NOT_SUPPORTED -> "HTTP Version Not Supported";
            default ->
                switch (code / 100) {
                    case 1 -> "Informational";
                    case 2 -> "Success";
                    case 3 -> "Redirection";
                    case 4 -> "Client Error";
                    case 5 -> "Server Error";
                    default -> "Unknown";
                };
        };
    }
}
