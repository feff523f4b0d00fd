package org.jasyncio.http.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jasyncio.Asyncio;

/**
 * An opt-in retry policy for failed requests (what aiohttp users add with {@code aiohttp-retry}):
 * how many attempts, exponential backoff with full jitter between them, which statuses and which
 * errors are worth another try. Only idempotent methods (GET, HEAD, OPTIONS, TRACE, PUT, DELETE) with
 * a body that can be sent again are retried. A {@code Retry-After} header in seconds is honoured, up to
 * the longest backoff. Each attempt has the session's time limits afresh.
 *
 * <pre>{@code
 * var session = ClientSession.builder().retry(RetryPolicy.of(3)).build();
 * }</pre>
 *
 * Retried by default: statuses 429, 502, 503, 504; {@link ClientConnectionError} (refused, reset,
 * disconnected), {@link ConnectTimeoutError} and {@link ReadTimeoutError}. Never retried: a
 * {@link TotalTimeoutError} (the caller's whole budget is spent) or a cancellation.
 *
 * @param attempts how many tries in all, at least 1
 * @param backoff the first backoff; the n-th is {@code backoff * 2^(n-1)}, capped by {@code maxBackoff}
 * @param maxBackoff the longest backoff
 * @param statuses the response statuses that are retried
 * @param random the source of jitter (each wait is uniform in [0, backoff])
 */
public record RetryPolicy(
        int attempts, Duration backoff, Duration maxBackoff, Set<Integer> statuses, RandomGenerator random) {
    /** Checks the arguments. */
    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("RetryPolicy.attempts must be >= 1 (1: no retry), got " + attempts);
        }
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        statuses = Set.copyOf(statuses);
        Objects.requireNonNull(random, "random");
    }

    /** {@code attempts} tries, backoff from 0.5 s up to 10 s, the default statuses. */
    public static RetryPolicy of(int attempts) {
        return new RetryPolicy(
                attempts,
                Duration.ofMillis(500),
                Duration.ofSeconds(10),
                Set.of(429, 502, 503, 504),
                RandomGenerator.getDefault());
    }

    /** This policy with another backoff. */
    public RetryPolicy withBackoff(Duration first, Duration max) {
        return new RetryPolicy(attempts, first, max, statuses, random);
    }

    /** This policy retrying these statuses. */
    public RetryPolicy withStatuses(Set<Integer> s) {
        return new RetryPolicy(attempts, backoff, maxBackoff, s, random);
    }

    /** This policy drawing jitter from {@code r} (a seeded one makes waits reproducible). */
    public RetryPolicy withRandom(RandomGenerator r) {
        return new RetryPolicy(attempts, backoff, maxBackoff, statuses, r);
    }

    /** Whether an error is worth another attempt. */
    public boolean retries(Throwable error) {
        return error instanceof ClientConnectionError && !(error instanceof ClientSslError)
                || error instanceof ConnectTimeoutError
                || error instanceof ReadTimeoutError
                || error instanceof ClientResponseError r
                        && !(r instanceof TooManyRedirects)
                        && statuses.contains(r.status());
    }

    /** The wait before attempt {@code n + 1} after attempt {@code n} (1-based), jittered. */
    Duration delay(int n, String retryAfter) {
        long cap = maxBackoff.toNanos();
        if (retryAfter != null) {
            try {
                long s = Long.parseLong(retryAfter.trim());
                return Duration.ofNanos(Math.min(cap, Math.max(0, s) * 1_000_000_000L));
            } catch (NumberFormatException ignored) {
                // an HTTP-date Retry-After: fall back to the backoff
            }
        }
        long exp = backoff.toNanos() << Math.min(n - 1, 30);
        long top = exp <= 0 || exp > cap ? cap : exp;
        return Duration.ofNanos((long) (random.nextDouble() * top));
    }

    /** What one attempt is. */
    @FunctionalInterface
    interface Attempt {
        ClientResponse run() throws IOException;
    }

    ClientResponse run(
            ClientSession session, String method, URI url, RequestBody body, ClientTrace trace, Attempt attempt)
            throws IOException {
        boolean retriable = switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> body == null || body.replayable();
            default -> false;
        };
        for (int n = 1; ; n++) {
            boolean last = !retriable || n >= attempts;
            ClientResponse resp;
            try {
                resp = attempt.run();
            } catch (ClientError | ConnectTimeoutError | ReadTimeoutError e) {
                if (last || !retries(e)) {
                    throw e;
                }
                trace.requestRetry(method, url, n, e);
                Asyncio.sleep(delay(n, null));
                continue;
            }
            if (last || !statuses.contains(resp.status())) {
                return resp;
            }
            String retryAfter = resp.headers().get("Retry-After");
            resp.discard(64 * 1024); // a small error body is drained so the connection is reused
            trace.requestRetry(method, url, n, null);
            Asyncio.sleep(delay(n, retryAfter));
        }
    }
}
