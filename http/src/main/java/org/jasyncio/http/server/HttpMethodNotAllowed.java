package org.jasyncio.http.server;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * 405 Method Not Allowed: the path exists but not for this method. The answer carries the
 * {@code Allow} header listing the methods that are (RFC 9110 requires it), as the router does.
 */
public final class HttpMethodNotAllowed extends HttpError {
    private static final long serialVersionUID = 1L;

    private final transient List<String> allowed;

    /**
     * @param method the method refused
     * @param allowed the methods the resource has
     */
    public HttpMethodNotAllowed(String method, Set<String> allowed) {
        super(405, "method " + method + " is not allowed here; allowed: " + String.join(", ", new TreeSet<>(allowed)));
        this.allowed = List.copyOf(new TreeSet<>(allowed));
        header("Allow", String.join(", ", this.allowed));
    }

    /** The methods the resource allows, sorted. */
    public List<String> allowed() {
        return allowed;
    }
}
