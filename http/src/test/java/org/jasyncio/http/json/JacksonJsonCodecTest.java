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
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

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

    // ---- the reused generator (one per platform thread) ----

    static final JsonCodec JSON = JsonCodec.jackson();

    /** Its accessor encodes another value with the same codec, on the same thread, mid-encode. */
    record Reentrant(String inner) {
        @Override
        public String inner() {
            return s(JSON.encode(Map.of("x", 1)));
        }
    }

    /** Its second component fails while the object is half written. */
    record Failing(int a, String b) {
        @Override
        public String b() {
            throw new IllegalStateException("b is broken");
        }
    }

    static List<Object> values() {
        return List.of(
                Map.of("message", "Hello, World!"),
                List.of(1, 2, 3),
                "text",
                42,
                true,
                new Line("pen", 2),
                List.of(),
                Map.of(),
                "ünïcödé €");
    }

    @Test
    void valuesEncodedOneAfterTheOtherOnOneThreadAreEachWholeWithNothingBetween() {
        JsonMapper mapper = ((JacksonJsonCodec) JSON).mapper();
        for (int round = 0; round < 3; round++) {
            for (Object v : values()) {
                assertThat(s(JSON.encode(v))).isEqualTo(s(mapper.writeValueAsBytes(v)));
            }
            assertThat(s(JSON.encode(null))).isEqualTo("null");
        }
    }

    @Test
    void aCodecOnAnyMapperWritesEachValueAsTheMappersWriteValueAsBytesDoes() {
        for (JsonMapper mapper : List.of(
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build(),
                JsonMapper.builder().build())) {
            JsonCodec codec = new JacksonJsonCodec(mapper);
            for (int round = 0; round < 2; round++) {
                for (Object v : values()) {
                    assertThat(s(codec.encode(v))).isEqualTo(s(mapper.writeValueAsBytes(v)));
                }
            }
        }
    }

    @Test
    void aValueThatFailsHalfWrittenLeavesNothingBehindForTheNext() {
        assertThat(s(JSON.encode(Map.of("before", 1)))).isEqualTo("{\"before\":1}");
        assertThatThrownBy(() -> JSON.encode(new Failing(1, "x")))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("b is broken");
        assertThat(s(JSON.encode(Map.of("after", 2)))).isEqualTo("{\"after\":2}");
        assertThat(s(JSON.encode(List.of("x")))).isEqualTo("[\"x\"]");
    }

    @Test
    void anEncodeInsideAnEncodeOnTheSameThreadUsesAGeneratorOfItsOwn() {
        assertThat(s(JSON.encode(List.of(new Reentrant(""), "tail"))))
                .isEqualTo("[{\"inner\":\"{\\\"x\\\":1}\"},\"tail\"]");
        assertThat(s(JSON.encode(Map.of("next", 3)))).isEqualTo("{\"next\":3}");
    }

    @Test
    void aLargeValueIsWholeAndTheSmallOnesAfterItToo() {
        String big = "y".repeat(JacksonJsonCodec.KEEP_BUFFER_MAX + 10);
        assertThat(s(JSON.encode(List.of(big)))).isEqualTo("[\"" + big + "\"]");
        assertThat(s(JSON.encode(Map.of("small", 1)))).isEqualTo("{\"small\":1}");
        assertThat(s(JSON.encode(List.of(big, big)))).hasSize(2 * big.length() + 7);
    }

    @Test
    void threadsEncodingAtOnceEachGetTheirOwnValuesWholeOnPlatformAndVirtualThreads() throws Exception {
        List<Object> values = values();
        JsonMapper mapper = ((JacksonJsonCodec) JSON).mapper();
        List<String> expected =
                values.stream().map(v -> s(mapper.writeValueAsBytes(v))).toList();
        java.util.concurrent.ConcurrentLinkedQueue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread.Builder builder = t % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(builder.start(() -> {
                for (int i = 0; i < 2000; i++) {
                    int k = i % values.size();
                    String got = s(JSON.encode(values.get(k)));
                    if (!got.equals(expected.get(k))) {
                        wrong.add(got);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            assertThat(t.join(Duration.ofMinutes(2))).isTrue();
        }
        assertThat(wrong).isEmpty();
    }
}
