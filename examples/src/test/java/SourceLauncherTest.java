import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.process.Subprocess;
import org.junit.jupiter.api.Test;

/**
 * The HTTP examples run as source programs, as {@code ./jasyncio run examples/Scraper.java} runs them:
 * JDK 22+ finds {@code DemoSite.java} beside the launched file and compiles it too. The class path is
 * the test's without the compiled examples (the source launcher refuses a class path that already has
 * the launched class).
 */
class SourceLauncherTest {
    @Test
    void scraperRunsFromSourceWithTheDemoSiteBesideIt() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path examples = Path.of("").toAbsolutePath(); // surefire runs in the examples module
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !Path.of(e).toAbsolutePath().startsWith(examples.resolve("target")))
                .reduce((a, b) -> a + File.pathSeparator + b)
                .orElseThrow();
        Asyncio.run(() -> {
            Subprocess p = Subprocess.exec(
                    java,
                    "--add-exports",
                    "java.base/jdk.internal.vm=ALL-UNNAMED",
                    "-cp",
                    classPath,
                    examples.resolve("Scraper.java").toString());
            try (var t = Asyncio.timeout(Duration.ofSeconds(120))) {
                var result = p.communicate();
                String out = new String(result.stdout(), StandardCharsets.UTF_8);
                assertThat(p.await())
                        .as("exit code; stderr: %s", new String(result.stderr(), StandardCharsets.UTF_8))
                        .isZero();
                List<String> lines = DemoOutput.afterSiteLine(out.lines().toList());
                assertThat(lines)
                        .containsExactly(
                                "SITE/example.com: Example Domain",
                                "SITE/python.org: Welcome to Python.org",
                                "SITE/github.com: GitHub",
                                "SITE/no-title: No title");
            } finally {
                if (p.returncode() == null) {
                    p.kill();
                }
            }
        });
    }
}
