package org.jasyncio.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jasyncio.http.internal.HeadersAccess;
import org.junit.jupiter.api.Test;

class HeadersTest {

    @Test
    void theServersClearEmptiesHeadersThatThenTakeNewFieldsAsIfNew() {
        HeadersAccess access = HeadersAccess.get();
        Headers h = Headers.of("A", "1", "B", "2", "a", "3");
        access.clear(h);
        assertThat(h.isEmpty()).isTrue();
        assertThat(h.get("A")).isNull();
        assertThat(h.contains("b")).isFalse();
        assertThat(h.toString()).isEqualTo("Headers[]");
        access.addValidated(h, "C", "4");
        h.add("a", "5");
        assertThat(h).isEqualTo(Headers.of("C", "4", "a", "5"));
        assertThat(h.getAll("A")).containsExactly("5");
        access.clear(new Headers()); // nothing to clear: no error
    }

    @Test
    void namesCompareCaseInsensitivelyAndKeepTheirSpelling() {
        Headers h = Headers.of("Content-Type", "text/plain", "X-A", "1", "x-a", "2");
        assertThat(h.get("content-type")).isEqualTo("text/plain");
        assertThat(h.getAll("X-a")).containsExactly("1", "2");
        assertThat(h.first("missing")).isEmpty();
        assertThat(h.get("missing")).isNull();
        assertThat(h.contains("CONTENT-TYPE")).isTrue();
        assertThat(h.count("x-A")).isEqualTo(2);
        assertThat(h.names()).containsExactly("Content-Type", "X-A");
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.toString()).isEqualTo("Headers[Content-Type: text/plain, X-A: 1, x-a: 2]");
        assertThat(h.name(2)).isEqualTo("x-a");
        assertThat(h.value(2)).isEqualTo("2");
    }

    @Test
    void setReplacesAllAtTheFirstPlaceAndRemoveRemovesAll() {
        Headers h = Headers.of("A", "1", "B", "2", "a", "3");
        h.set("a", "9");
        assertThat(h).containsExactly(new Headers.Field("a", "9"), new Headers.Field("B", "2"));
        h.set("C", "x");
        assertThat(h.get("c")).isEqualTo("x");
        assertThat(h.remove("b")).isTrue();
        assertThat(h.remove("b")).isFalse();
        assertThat(h).containsExactly(new Headers.Field("a", "9"), new Headers.Field("C", "x"));
    }

    @Test
    void emptyHeadersGrowAndCopyIsIndependent() {
        Headers h = new Headers();
        assertThat(h.isEmpty()).isTrue();
        for (int i = 0; i < 20; i++) {
            h.add("N" + i, Integer.toString(i));
        }
        Headers c = h.copy();
        h.remove("N3");
        assertThat(c.size()).isEqualTo(20);
        assertThat(h.size()).isEqualTo(19);
        assertThat(c.get("n3")).isEqualTo("3");
        assertThat(new Headers().copy().isEmpty()).isTrue();
    }

    @Test
    void containsTokenReadsCommaSeparatedListsCaseInsensitively() {
        Headers h = Headers.of("Connection", "keep-alive, Upgrade", "connection", "x,\tClose");
        assertThat(h.containsToken("connection", "upgrade")).isTrue();
        assertThat(h.containsToken("Connection", "close")).isTrue();
        assertThat(h.containsToken("Connection", "keep")).isFalse();
        assertThat(h.containsToken("Upgrade", "close")).isFalse();
    }

    @Test
    void equalityIgnoresNameCaseButNotOrder() {
        assertThat(Headers.of("A", "1", "B", "2"))
                .isEqualTo(Headers.of("a", "1", "b", "2"))
                .hasSameHashCodeAs(Headers.of("a", "1", "b", "2"));
        assertThat(Headers.of("A", "1", "B", "2")).isNotEqualTo(Headers.of("B", "2", "A", "1"));
    }

    @Test
    void invalidNamesAndValuesAreRefusedNamingTheRule() {
        for (String bad : List.of("", "A B", "A:", "Ä", "A\r\n", "(x)")) {
            assertThatThrownBy(() -> new Headers().add(bad, "v"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a token");
        }
        for (String bad : List.of("a\r\nInjected: 1", "a\nb", "nul\0", " lead", "trail\t", "del\u007f", "\u0100")) {
            assertThatThrownBy(() -> new Headers().set("X", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("header X has an invalid value");
        }
        assertThatThrownBy(() -> Headers.of("A")).hasMessageContaining("in pairs");
        assertThatThrownBy(() -> new Headers().add("A", null)).hasMessageContaining("null value");
        assertThat(new Headers()
                        .add("X", "")
                        .add("Y", "a \t b")
                        .add("Z", "caf\u00e9")
                        .size())
                .isEqualTo(3);
    }

    @Test
    void kelvinSignIsNotAsciiK() {
        Headers h = Headers.of("Kind", "1");
        assertThat(h.get("\u212Aind")).isNull();
    }

    @Test
    void versionsAndStatusReasons() {
        assertThat(HttpVersion.HTTP_1_1.text()).isEqualTo("HTTP/1.1");
        assertThat(HttpVersion.HTTP_1_0.text()).isEqualTo("HTTP/1.0");
        assertThat(HttpStatus.reason(HttpStatus.NOT_FOUND)).isEqualTo("Not Found");
        assertThat(HttpStatus.reason(431)).isEqualTo("Request Header Fields Too Large");
        assertThat(HttpStatus.reason(499)).isEqualTo("Client Error");
        assertThat(HttpStatus.reason(299)).isEqualTo("Success");
        assertThat(HttpStatus.reason(42)).isEqualTo("Unknown");
    }
}
