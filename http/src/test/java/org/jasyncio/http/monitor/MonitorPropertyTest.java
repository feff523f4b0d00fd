package org.jasyncio.http.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.junit.jupiter.api.Test;

/**
 * {@code -Djasyncio.monitor=PORT}: a child JVM started with only the property (its code sets no option)
 * serves the page from its first {@code Asyncio.run} until it exits, across runs.
 */
class MonitorPropertyTest {
    /** The child: a first run that ends, then a run whose task waits until stdin closes. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Asyncio.run(() -> "a first, short run");
            Asyncio.run(() -> {
                var watched = Asyncio.createTask(() -> Asyncio.toThread(() -> System.in.read()), "property-watched");
                System.out.println("ready");
                System.out.flush();
                watched.await();
            });
        }
    }

    @Test
    void thePropertyServesThePageForTheWholeJvm() throws Exception {
        int port = MonitorClient.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String engine = System.getProperty("jasyncio.strand", "");
        if (!engine.equals("virtual")) {
            cmd.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"));
        }
        if (!engine.isEmpty()) {
            cmd.add("-Djasyncio.strand=" + engine);
        }
        cmd.addAll(List.of(
                "-Djasyncio.monitor=" + port, "-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            String answer = Asyncio.run(() -> MonitorClient.get(port, "/snapshot.json"));
            assertThat(answer).startsWith("HTTP/1.1 200");
            assertThat(MonitorClient.body(answer)).contains("\"name\":\"property-watched\"");
            p.getOutputStream().close();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }
}
