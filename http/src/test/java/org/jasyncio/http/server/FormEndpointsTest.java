package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jasyncio.http.json.JsonCodec;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FastAPI's {@code Form()}, {@code File()} and {@code UploadFile} as typed endpoints: {@link FormParam}, {@link FormFile}. */
class FormEndpointsTest {
    @TempDir
    Path dir;

    public static final class Uploads {
        @Post("/avatars")
        public String upload(
                @FormParam String user,
                @FormParam(defaultValue = "64") int size,
                @FormParam List<String> tag,
                FormFile picture,
                Optional<FormFile> thumbnail,
                List<FormFile> extra) {
            return user + "|" + size + "|" + tag + "|" + picture.filename() + ":" + picture.size() + "|"
                    + thumbnail.map(FormFile::filename).orElse("-") + "|" + extra.size();
        }

        @Post("/login")
        public Map<String, Object> login(@FormParam String username, @FormParam Optional<String> next) {
            return Map.of("user", username, "next", next.orElse("/"));
        }
    }

    public static final class JsonAndForm {
        @Post("/x")
        public void x(Map<String, Object> body, @FormParam String name) {}
    }

    public static final class UploadWithDefault {
        @Post("/x")
        public void x(@FormParam(defaultValue = "none") FormFile f) {}
    }

    static App app() {
        App app = new App();
        app.endpoints(new Uploads());
        return app;
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void formFieldsAndUploadsBindByNameAndType() throws Exception {
        Path picture = Files.write(dir.resolve("me.png"), new byte[1500]);
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            var upload = Peers.curl(
                    "-F",
                    "user=ada",
                    "-F",
                    "tag=a",
                    "-F",
                    "tag=b",
                    "-F",
                    "picture=@" + picture,
                    "-F",
                    "extra=@" + picture,
                    "-F",
                    "extra=@" + picture,
                    runner.url() + "/avatars");
            assertThat(upload.status()).as(upload.out()).isEqualTo(200);
            assertThat(upload.body()).isEqualTo("\"ada|64|[a, b]|me.png:1500|-|2\"");
            var login = Peers.curl("--data", "username=grace&next=%2Fhome", runner.url() + "/login");
            assertThat(JsonCodec.jackson().decode(login.body().getBytes(), Map.class))
                    .isEqualTo(Map.of("user", "grace", "next", "/home"));
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void missingOrWrongFieldsAre422AtTheirPlaceInTheBody() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            var missing = Peers.curl("-F", "size=big", "-F", "picture=not a file", runner.url() + "/avatars");
            assertThat(missing.status()).isEqualTo(422);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> detail = (List<Map<String, Object>>) JsonCodec.jackson()
                    .decode(missing.body().getBytes(), Map.class)
                    .get("detail");
            assertThat(detail)
                    .extracting(e -> e.get("loc") + " " + e.get("type"))
                    .containsExactlyInAnyOrder(
                            "[body, user] missing", "[body, size] type_error", "[body, picture] value_error");
            var notAForm = Peers.curl(
                    "-H", "Content-Type: application/json", "--data", "{\"username\": \"x\"}", runner.url() + "/login");
            assertThat(notAForm.status()).isEqualTo(415);
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void theOpenApiDocumentDescribesTheFormBody() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            var doc = Peers.curl(runner.url() + "/openapi.json");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Map<String, Object>>> paths = (Map<String, Map<String, Map<String, Object>>>)
                    JsonCodec.jackson().decode(doc.body().getBytes(), Map.class).get("paths");
            Map<String, Object> binary = Map.of("type", "string", "format", "binary");
            assertThat(paths.get("/avatars").get("post").get("requestBody"))
                    .isEqualTo(Map.of(
                            "required",
                            true,
                            "content",
                            Map.of(
                                    "multipart/form-data",
                                    Map.of(
                                            "schema",
                                            Map.of(
                                                    "type",
                                                    "object",
                                                    "properties",
                                                    Map.of(
                                                            "user", Map.of("type", "string"),
                                                            "size",
                                                                    Map.of(
                                                                            "type", "integer", "format", "int32",
                                                                            "default", "64"),
                                                            "tag",
                                                                    Map.of(
                                                                            "type",
                                                                            "array",
                                                                            "items",
                                                                            Map.of("type", "string")),
                                                            "picture", binary,
                                                            "thumbnail", binary,
                                                            "extra", Map.of("type", "array", "items", binary)),
                                                    "required",
                                                    List.of("user", "picture"))))));
            assertThat(paths.get("/login").get("post").get("requestBody").toString())
                    .contains("application/x-www-form-urlencoded");
        }
    }

    @Test
    void aJsonBodyAndFormFieldsInOneEndpointAreRefusedAtRegistration() {
        assertThatThrownBy(() -> new App().endpoints(new JsonAndForm()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JsonAndForm.x()")
                .hasMessageContaining("either JSON or a form, not both");
        assertThatThrownBy(() -> new App().endpoints(new UploadWithDefault()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is an upload: it cannot have a default value");
    }
}
