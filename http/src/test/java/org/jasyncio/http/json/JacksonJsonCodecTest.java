package org.jasyncio.http.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JacksonJsonCodecTest {
    enum Kind {
        SMALL,
        LARGE
    }

    record Line(String sku, int qty) {}

    record Order(long id, Optional<String> note, LocalDate day, Instant at, Duration ttl, Kind kind, List<Line> lines) {
        Order {
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("an order needs a line");
            }
        }
    }

    final JsonCodec json = JsonCodec.jackson();

    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void roundTripsRecordsOptionalJavaTimeEnumsAndGenerics() {
        Order o = new Order(
                7,
                Optional.empty(),
                LocalDate.of(2026, 12, 4),
                Instant.parse("2026-12-04T15:00:00Z"),
                Duration.ofSeconds(90),
                Kind.LARGE,
                List.of(new Line("pen", 2)));
        String text = s(json.encode(o));
        assertThat(text)
                .isEqualTo("{\"id\":7,\"note\":null,\"day\":\"2026-12-04\",\"at\":\"2026-12-04T15:00:00Z\","
                        + "\"ttl\":\"PT1M30S\",\"kind\":\"LARGE\",\"lines\":[{\"sku\":\"pen\",\"qty\":2}]}");
        assertThat(json.<Order>decode(text.getBytes(), Order.class)).isEqualTo(o);
        List<Line> lines = json.decode("[{\"sku\":\"a\",\"qty\":1}]".getBytes(), new TypeRef<List<Line>>() {}.type());
        assertThat(lines).containsExactly(new Line("a", 1));
        assertThat(json.<Order>decode(
                                text.replace("\"note\":null", "\"note\":\"gift\"")
                                        .getBytes(),
                                Order.class)
                        .note())
                .contains("gift");
        assertThat(json.<Line>convert(Map.of("sku", "b", "qty", 3, "extra", true), Line.class))
                .isEqualTo(new Line("b", 3));
    }

    @Test
    void errorsSayWhereAndWhat() {
        assertThatThrownBy(() ->
                        json.decode("[{\"sku\":\"a\",\"qty\":\"x\"}]".getBytes(), new TypeRef<List<Line>>() {}.type()))
                .isInstanceOfSatisfying(JsonException.class, e -> {
                    assertThat(e.path()).containsExactly(0, "qty");
                    assertThat(e.malformed()).isFalse();
                    assertThat(e.getMessage()).startsWith("expected int");
                });
        assertThatThrownBy(() -> json.decode("{\"sku\":".getBytes(), Line.class))
                .isInstanceOfSatisfying(
                        JsonException.class, e -> assertThat(e.malformed()).isTrue());
        assertThatThrownBy(() -> json.decode("{\"sku\":\"a\",\"qty\":null}".getBytes(), Line.class))
                .isInstanceOfSatisfying(
                        JsonException.class, e -> assertThat(e.path()).containsExactly("qty"));
        assertThatThrownBy(() -> json.decode(
                        ("{\"id\":1,\"day\":\"2026-01-01\",\"at\":\"2026-01-01T00:00:00Z\","
                                        + "\"ttl\":\"PT1S\",\"kind\":\"SMALL\",\"lines\":[]}")
                                .getBytes(),
                        Order.class))
                .hasMessage("an order needs a line");
    }

    @Test
    void typeRefNeedsATypeArgument() {
        @SuppressWarnings("rawtypes")
        class Raw extends TypeRef {}
        assertThatThrownBy(Raw::new).hasMessageContaining("type argument");
    }
}
