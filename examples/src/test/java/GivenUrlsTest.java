import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP examples given URLs fetch those, not their demo site: here from a real peer, Python's
 * {@code http.server}, serving files made by the test.
 */
class GivenUrlsTest {
    @TempDir
    Path site;

    Process server;
    String base;

    @BeforeEach
    void startPythonHttpServer() throws Exception {
        Files.writeString(
                site.resolve("page.html"),
                "<html><head><title>A Python-served page</title></head><body>hi</body></html>");
        Files.writeString(site.resolve("bare.html"), "<html><body>no title here</body></html>");
        Files.writeString(site.resolve("data.txt"), "line\n".repeat(1000));
        String python = System.getenv().getOrDefault("JASYNCIO_PYTHON", "python3");
        server = new ProcessBuilder(
                        python, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", site.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .get(30, TimeUnit.SECONDS);
        assertThat(first)
                .as("python3 -m http.server's first line (is python3 installed?)")
                .isNotNull();
        Matcher m =
                Pattern.compile("Serving HTTP on 127\\.0\\.0\\.1 port (\\d+) ").matcher(first);
        assertThat(m.find())
                .as("python3 -m http.server says where it serves: %s", first)
                .isTrue();
        base = "http://127.0.0.1:" + m.group(1);
        // keep draining its request log so that it never blocks on a full pipe
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> {}));
    }

    @AfterEach
    void stopPythonHttpServer() throws Exception {
        server.destroy();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void scraperPrintsTheTitlesOfTheGivenPages() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> Scraper.run(console.options(), base + "/page.html", base + "/bare.html")))
                .containsExactly(base + "/page.html: A Python-served page", base + "/bare.html: No title");
    }

    @Test
    void downloadsTheGivenFiles(@TempDir Path downloads) throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> ConcurrentDownloads.run(console.options(), downloads, base + "/data.txt")))
                .containsExactly("Downloaded data.txt (5000 bytes)");
        assertThat(Files.readString(downloads.resolve("data.txt"))).isEqualTo("line\n".repeat(1000));
    }

    @Test
    void safeFetchReportsAMissingPageAndFetchesTheOthers() throws Exception {
        Console console = new Console();
        assertThat(console.lines(() -> SafeFetch.run(console.options(), base + "/missing.html", base + "/bare.html")))
                .containsExactly(
                        "Error fetching " + base + "/missing.html: 404 File not found for GET " + base
                                + "/missing.html",
                        base + "/missing.html: failed",
                        base + "/bare.html: 39 characters");
    }

    @Test
    void fetchDataStartsAndFinishesEachGivenUrl() throws Exception {
        Console console = new Console();
        List<String> lines =
                console.lines(() -> FetchData.run(console.options(), base + "/page.html", base + "/bare.html"));
        assertThat(lines.subList(0, 2))
                .containsExactly("Starting 1 " + base + "/page.html", "Starting 2 " + base + "/bare.html");
        assertThat(lines.subList(2, 4))
                .containsExactlyInAnyOrder("Finished 1 " + base + "/page.html", "Finished 2 " + base + "/bare.html");
    }
}
