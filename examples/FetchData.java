import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;
import org.jasyncio.http.client.ClientResponse;
import org.jasyncio.http.client.ClientSession;

/**
 * Several HTTP requests at once: each fetch prints "Starting n url" when it starts and "Finished n
 * url" when its response arrives; all three start before any finishes, and they finish in the order
 * the servers answer, not the order they started.
 *
 * <p>Twin of the seed's "Real-life Example - Making multiple HTTP Requests" (000):
 * <pre>
 * import aiohttp, asyncio
 * async def fetch_data(i, url):
 *     print('Starting', i, url)
 *     async with aiohttp.ClientSession() as session:
 *         async with session.get(url):
 *             print('Finished', i, url)
 *
 * async def main():
 *     urls = ["https://dev.to", "https://medium.com", "https://python.org"]
 *     async_tasks = [fetch_data(i+1, url) for i, url in enumerate(urls)]
 *     await asyncio.gather(*async_tasks)
 *
 * asyncio.run(main())
 * </pre>
 * As in the seed, each fetch opens its own session (one shared session, as in {@code FetchUrls},
 * would reuse connections); closing the response without reading its body closes its connection.
 *
 * <p>Run: {@code ./jasyncio run examples/FetchData.java [URL...]}; with no URL it fetches the local
 * demo site's stand-ins for the seed's three sites (see {@code DemoSite.java}), which answer after
 * 0.3 s, 0.1 s and 0.2 s: "Finished 2", "Finished 3", "Finished 1", as in the seed's output.
 */
public class FetchData {
    static void fetchData(int i, String url) throws Exception {
        System.out.println("Starting " + i + " " + url);
        try (ClientSession session = new ClientSession();
                ClientResponse response = session.get(url)) {
            System.out.println("Finished " + i + " " + url);
        }
    }

    static void asyncMain(List<String> urls) throws Exception {
        List<Task<Void>> asyncTasks = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            int n = i + 1;
            String url = urls.get(i);
            asyncTasks.add(Asyncio.createTask(() -> fetchData(n, url)));
        }
        Asyncio.gather(asyncTasks);
    }

    static void run(RunOptions options, String... args) throws Exception {
        Asyncio.run(
                () -> DemoSite.withUrls(args, List.of("/dev.to", "/medium.com", "/python.org"), FetchData::asyncMain),
                options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults(), args);
    }
}
