import java.nio.file.Files;
import java.nio.file.Path;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * Reading a file from a coroutine without blocking the loop: the blocking read runs on a worker
 * thread ({@code Asyncio.toThread}) while the loop goes on serving other tasks.
 *
 * <p>Twin of the tutorial's "Async File I/O":
 * <pre>
 * async def read_file(filename):
 *     with open(filename, 'r') as f:
 *         content = f.read()
 *     return content
 *
 * async def main():
 *     content = await read_file('data.txt')
 *     print(content)
 * </pre>
 * The tutorial's version calls the blocking {@code f.read()} on the loop itself; for a small local file
 * that is harmless, but {@code toThread} is the non-blocking way (asyncio's {@code to_thread}).
 *
 * <p>Run: {@code ./jasyncio run examples/ReadFile.java [FILE]} (default: writes and reads data.txt
 * in a temporary folder).
 */
public class ReadFile {
    static String readFile(Path filename) throws Exception {
        return Asyncio.toThread(() -> Files.readString(filename));
    }

    static void run(RunOptions options, Path file) throws Exception {
        Asyncio.run(
                () -> {
                    String content = readFile(file);
                    System.out.println(content);
                },
                options);
    }

    public static void main(String[] args) throws Exception {
        Path file;
        if (args.length > 0) {
            file = Path.of(args[0]);
        } else {
            file = Files.createTempDirectory("jasyncio").resolve("data.txt");
            Files.writeString(file, "Hello from data.txt");
        }
        run(RunOptions.defaults(), file);
    }
}
