package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.jasyncio.http.Headers;
import org.junit.jupiter.api.Test;

/** The request ids made when a client sends none (or none sane): the prefix, a dash, the counter in base 36. */
class RequestIdsTest {

    @Test
    void aMadeIdIsThePrefixADashAndTheCounterInBase36AtEveryDigitCount() {
        String prefix = RequestIds.prefix();
        assertThat(prefix).matches("[0-9a-f]{8}");
        for (long n : new long[] {0, 1, 9, 10, 35, 36, 37, 1295, 1296, 46655, 46656, 1L << 40, Long.MAX_VALUE}) {
            assertThat(RequestIds.format(n)).as("id of %d", n).isEqualTo(prefix + "-" + Long.toString(n, 36));
        }
    }

    @Test
    void eachMadeIdIsNewAndAClientsSaneIdIsKept() {
        String a = RequestIds.of(new Headers());
        String b = RequestIds.of(new Headers());
        assertThat(a).matches("[0-9a-f]{8}-[0-9a-z]+").isNotEqualTo(b);
        assertThat(Long.parseLong(b.substring(9), 36)).isGreaterThan(Long.parseLong(a.substring(9), 36));
        assertThat(RequestIds.of(Headers.of("X-Request-Id", "abc-123"))).isEqualTo("abc-123");
        assertThat(RequestIds.of(Headers.of("X-Request-Id", "x".repeat(129)))).startsWith(RequestIds.prefix() + "-");
        assertThat(RequestIds.of(Headers.of("X-Request-Id", "a b"))).startsWith(RequestIds.prefix() + "-");
    }
}
