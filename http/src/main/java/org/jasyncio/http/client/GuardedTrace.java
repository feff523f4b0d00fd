package org.jasyncio.http.client;

import java.net.URI;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;

/** Calls a user's {@link ClientTrace}, reporting what it throws instead of failing the request. */
final class GuardedTrace implements ClientTrace {
    private final ClientTrace inner;
    private final EventLoop loop;

    GuardedTrace(ClientTrace inner, EventLoop loop) {
        this.inner = inner;
        this.loop = loop;
    }

    private void guard(String hook, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            loop.callExceptionHandler(new ExceptionContext("ClientTrace." + hook + "() of " + inner + " failed", e));
        }
    }

    @Override
    public void requestStart(String method, URI url) {
        guard("requestStart", () -> inner.requestStart(method, url));
    }

    @Override
    public void requestEnd(String method, URI url, int status, double seconds) {
        guard("requestEnd", () -> inner.requestEnd(method, url, status, seconds));
    }

    @Override
    public void requestException(String method, URI url, Throwable error) {
        guard("requestException", () -> inner.requestException(method, url, error));
    }

    @Override
    public void connectionCreated(String origin, long id) {
        guard("connectionCreated", () -> inner.connectionCreated(origin, id));
    }

    @Override
    public void connectionReused(String origin, long id) {
        guard("connectionReused", () -> inner.connectionReused(origin, id));
    }

    @Override
    public void dnsResolved(String host, java.util.List<java.net.InetAddress> addresses, boolean cached) {
        guard("dnsResolved", () -> inner.dnsResolved(host, addresses, cached));
    }

    @Override
    public void requestRetry(String method, URI url, int attempt, Throwable cause) {
        guard("requestRetry", () -> inner.requestRetry(method, url, attempt, cause));
    }
}
