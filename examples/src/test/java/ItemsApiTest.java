import static org.assertj.core.api.Assertions.assertThat;

import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.http.server.AppRunner;
import org.junit.jupiter.api.Test;

class ItemsApiTest {
    @Test
    void crudWithValidationErrors() throws Exception {
        Asyncio.run(
                () -> {
                    try (AppRunner runner = ItemsApi.app().start("127.0.0.1", 0)) {
                        String items = runner.url() + "/items";
                        var created = HttpPeers.curl(
                                "-X",
                                "POST",
                                "-H",
                                "Content-Type: application/json",
                                "-d",
                                "{\"name\": \"pen\", \"price\": 1.5, \"quantity\": 10}",
                                items);
                        assertThat(created)
                                .isEqualTo(
                                        new HttpPeers.Answer(
                                                201,
                                                "{\"id\":1,\"name\":\"pen\",\"price\":1.5,\"description\":null,\"quantity\":10}"));
                        HttpPeers.curl(
                                "-X",
                                "POST",
                                "-d",
                                "{\"name\": \"paper\", \"price\": 0.1, \"description\": \"A4\", \"quantity\": 500}",
                                items);

                        assertThat(HttpPeers.curl(items + "/2").body()).contains("\"description\":\"A4\"");
                        assertThat(HttpPeers.curl(items + "?q=pe&limit=1").body())
                                .startsWith("[{\"id\":1,")
                                .doesNotContain("\"id\":2");

                        var invalid =
                                HttpPeers.curl("-X", "POST", "-d", "{\"name\": \"ink\", \"price\": \"cheap\"}", items);
                        assertThat(invalid.status()).isEqualTo(422);
                        assertThat(invalid.body())
                                .isEqualTo(
                                        "{\"detail\":["
                                                + "{\"loc\":[\"body\",\"price\"],\"msg\":\"expected double: Cannot deserialize value of type `double`"
                                                + " from String \\\"cheap\\\": not a valid `double` value (as String to convert)\",\"type\":\"type_error\"},"
                                                + "{\"loc\":[\"body\",\"quantity\"],\"msg\":\"field required\",\"type\":\"missing\"}]}");
                        var refused = HttpPeers.curl(
                                "-X", "PUT", "-d", "{\"name\": \" \", \"price\": 2, \"quantity\": 1}", items + "/1");
                        assertThat(refused.status()).isEqualTo(422);
                        assertThat(refused.body()).contains("name must not be blank");
                        assertThat(HttpPeers.curl(items + "/abc").status()).isEqualTo(422);

                        var replaced = HttpPeers.curl(
                                "-X",
                                "PUT",
                                "-d",
                                "{\"name\": \"pencil\", \"price\": 0.5, \"quantity\": 3}",
                                items + "/1");
                        assertThat(replaced.body()).contains("\"name\":\"pencil\"");
                        assertThat(HttpPeers.curl("-X", "DELETE", items + "/1").status())
                                .isEqualTo(204);
                        assertThat(HttpPeers.curl(items + "/1")).isEqualTo(new HttpPeers.Answer(404, "no item 1"));
                        assertThat(HttpPeers.curl("-X", "DELETE", items + "/1").status())
                                .isEqualTo(404);
                        assertThat(HttpPeers.curl(runner.url() + "/openapi.json")
                                        .body())
                                .contains("\"/items/{id}\"", "NewItem");
                    }
                },
                RunOptions.defaults());
    }
}
