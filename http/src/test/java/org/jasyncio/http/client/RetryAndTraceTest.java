package org.jasyncio.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.http.client.Fixtures.respond;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.ExceptionContext;
import org.jasyncio.testing.AsyncTest;

class RetryAndTraceTest {
    final AtomicInteger connections = new AtomicInteger();
    final List<Fixtures.Req> requests = new ArrayList<>();

    /** Answers 503 (Retry-After: 2) to the first {@code failures} requests, then 200. */
    Dialer flaky(int failures) {
        AtomicInteger n = new AtomicInteger();
        return Fixtures.memory(
                (req, w, r) -> {
                    if (n.incrementAndGet() <= failures) {
                        respond(w, 503, "busy", "Retry-After", "2");
                    } else {
                        respond(w, 200, "done after " + n.get());
                    }
                    return true;
                },
                connections,
                requests);
    }

    @AsyncTest
    void retriesIdempotentRequestsOnRetriableStatusesHonouringRetryAfter() throws Exception {
        try (var session = ClientSession.builder()
                .dialer(flaky(2))
                .retry(RetryPolicy.of(3))
                .build()) {
            double t0 = Asyncio.getRunningLoop().time();
            assertThat(session.get("http://flaky.test/").text()).isEqualTo("done after 3");
            assertThat(Asyncio.getRunningLoop().time() - t0).isEqualTo(4.0);
            assertThat(connections.get()).isEqualTo(1); // the 503 bodies were drained: one keep-alive connection
        }
    }

    @AsyncTest
    void theLastAttemptsResponseIsReturnedAndPostIsNeverRetried() throws Exception {
        try (var session = ClientSession.builder()
                .dialer(flaky(10))
                .retry(RetryPolicy.of(2))
                .build()) {
            var resp = session.get("http://flaky.test/");
            assertThat(resp.status()).isEqualTo(503);
            resp.close();
            assertThat(requests).hasSize(2);
            var post = session.post("http://flaky.test/", RequestBody.text("x"));
            assertThat(post.status()).isEqualTo(503);
            post.close();
            assertThat(requests).hasSize(3);
        }
    }

    @AsyncTest
    void connectionFailuresAreRetriedWithJitteredExponentialBackoff() throws Exception {
        AtomicInteger dials = new AtomicInteger();
        Dialer ok = flaky(0);
        Dialer refusingTwice = (host, port, tls) -> {
            if (dials.incrementAndGet() <= 2) {
                throw new ConnectException("Connection refused");
            }
            return ok.dial(host, port, tls);
        };
        var policy = RetryPolicy.of(3)
                .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10))
                .withRandom(new Random(7));
        try (var session =
                ClientSession.builder().dialer(refusingTwice).retry(policy).build()) {
            double t0 = Asyncio.getRunningLoop().time();
            assertThat(session.get("http://flaky.test/").text()).isEqualTo("done after 1");
            double waited = Asyncio.getRunningLoop().time() - t0;
            assertThat(waited).isGreaterThan(0).isLessThanOrEqualTo(1.0 + 2.0); // full jitter: [0, 1] then [0, 2]
        }
        dials.set(-10);
        try (var session = ClientSession.builder()
                .dialer((h, p, t) -> {
                    throw new ConnectException("Connection refused");
                })
                .retry(RetryPolicy.of(2).withStatuses(Set.of()))
                .build()) {
            assertThatThrownBy(() -> session.get("http://down.test/"))
                    .isInstanceOf(ClientConnectionError.class)
                    .hasMessageContaining("Connection refused");
        }
    }

    @AsyncTest
    void traceHooksSeeRequestsAndConnectionsAndAFailingHookIsOnlyReported() throws Exception {
        List<ExceptionContext> reports = Fixtures.captureReports();
        List<String> events = new ArrayList<>();
        ClientTrace trace = new ClientTrace() {
            @Override
            public void requestStart(String method, URI url) {
                events.add("start " + method + " " + url.getPath());
            }

            @Override
            public void requestEnd(String method, URI url, int status, double seconds) {
                events.add("end " + status);
                throw new IllegalStateException("a broken metrics hook");
            }

            @Override
            public void connectionCreated(String origin, long id) {
                events.add("created " + origin);
            }

            @Override
            public void connectionReused(String origin, long id) {
                events.add("reused " + origin);
            }

            @Override
            public void requestException(String method, URI url, Throwable error) {
                events.add("failed " + error.getClass().getSimpleName());
            }
        };
        try (var session = ClientSession.builder().dialer(flaky(0)).trace(trace).build()) {
            session.get("http://t.test/a").text();
            session.get("http://t.test/b").text();
            assertThatThrownBy(() -> session.get("http://t.test:99999/")).isInstanceOf(InvalidUrl.class);
        }
        assertThat(events)
                .containsExactly(
                        "start GET /a",
                        "created http://t.test:80",
                        "end 200",
                        "start GET /b",
                        "reused http://t.test:80",
                        "end 200");
        assertThat(reports)
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.message()).startsWith("ClientTrace.requestEnd() of "));
    }
}
