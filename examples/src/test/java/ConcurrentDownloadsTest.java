import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentDownloadsTest {
    @Test
    void writesEachFileAndPrintsALinePerFile(@TempDir Path directory) throws Exception {
        Console console = new Console();
        int size = DemoSite.fileContent("file1.txt").getBytes(StandardCharsets.UTF_8).length;
        assertThat(DemoOutput.afterSiteLine(console.lines(() -> ConcurrentDownloads.run(console.options(), directory))))
                .containsExactlyInAnyOrder( // concurrent: in the order they complete
                        "Downloaded file1.txt (" + size + " bytes)",
                        "Downloaded file2.txt (" + size + " bytes)",
                        "Downloaded file3.txt (" + size + " bytes)");
        for (String name : new String[] {"file1.txt", "file2.txt", "file3.txt"}) {
            assertThat(Files.readString(directory.resolve(name))).isEqualTo(DemoSite.fileContent(name));
        }
        try (var files = Files.list(directory)) {
            assertThat(files.count()).isEqualTo(3);
        }
    }

    @Test
    void aFileNameIsTheLastPathSegment() {
        assertThat(ConcurrentDownloads.filenameOf("https://example.com/files/file1.txt"))
                .isEqualTo("file1.txt");
        assertThat(ConcurrentDownloads.filenameOf("https://example.com/")).isEqualTo("index.html");
        assertThat(ConcurrentDownloads.filenameOf("https://example.com")).isEqualTo("index.html");
    }
}
