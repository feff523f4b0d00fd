import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;
import org.jasyncio.http.client.ClientResponse;
import org.jasyncio.http.client.ClientSession;

/**
 * Concurrent downloads: several files fetched at once over one session, each written to disk, with a
 * line per file as it is done.
 *
 * <p>Twin of the seed's "Example 1: Concurrent Downloads" (002):
 * <pre>
 * import asyncio
 * import aiohttp
 *
 * async def download_file(session, url, filename):
 *     async with session.get(url) as response:
 *         content = await response.read()
 *         with open(filename, 'wb') as f:
 *             f.write(content)
 *         print(f"Downloaded {filename}")
 *
 * async def main():
 *     urls = [
 *         ("https://example.com/file1.txt", "file1.txt"),
 *         ("https://example.com/file2.txt", "file2.txt"),
 *         ("https://example.com/file3.txt", "file3.txt"),
 *     ]
 *     async with aiohttp.ClientSession() as session:
 *         tasks = [
 *             download_file(session, url, filename)
 *             for url, filename in urls
 *         ]
 *         await asyncio.gather(*tasks)
 *
 * asyncio.run(main())
 * </pre>
 * Two changes, both for the better: the seed's {@code open(...).write(...)} blocks the event loop
 * while the disk works; here the write goes to a worker thread ({@code Asyncio.toThread}). And a
 * status of 400 or more fails the download ({@code raiseForStatus}) instead of saving an error page.
 * The file name is the URL's last path segment; the line says how many bytes were written.
 *
 * <p>Run: {@code ./jasyncio run examples/ConcurrentDownloads.java [URL...]}; the files go to a new
 * temporary directory, printed first. With no URL it downloads {@code file1.txt} to {@code file3.txt}
 * from the local demo site (see {@code DemoSite.java}).
 */
public class ConcurrentDownloads {
    static void downloadFile(ClientSession session, String url, Path filename) throws Exception {
        try (ClientResponse response = session.get(url)) {
            byte[] content = response.raiseForStatus().bytes();
            Asyncio.toThread(() -> Files.write(filename, content));
            System.out.println("Downloaded " + filename.getFileName() + " (" + content.length + " bytes)");
        }
    }

    /** The file name for {@code url}: its last path segment, or {@code index.html}. */
    static String filenameOf(String url) {
        String path = URI.create(url).getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? "index.html" : name;
    }

    static void asyncMain(List<String> urls, Path directory) throws Exception {
        try (ClientSession session = new ClientSession()) {
            List<Task<Void>> tasks = new ArrayList<>();
            for (String url : urls) {
                Path filename = directory.resolve(filenameOf(url));
                tasks.add(Asyncio.createTask(() -> downloadFile(session, url, filename)));
            }
            Asyncio.gather(tasks);
        }
    }

    static void run(RunOptions options, Path directory, String... args) throws Exception {
        Asyncio.run(
                () -> DemoSite.withUrls(
                        args,
                        List.of("/files/file1.txt", "/files/file2.txt", "/files/file3.txt"),
                        urls -> asyncMain(urls, directory)),
                options);
    }

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("downloads");
        System.out.println("Saving to " + directory);
        run(RunOptions.defaults(), directory, args);
    }
}
