import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadFileTest {
    @Test
    void printsTheFilesContent(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("data.txt"), "line one\nline two");
        Console console = new Console();
        assertThat(console.lines(() -> ReadFile.run(console.options(), data))).containsExactly("line one", "line two");
    }
}
