import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;
import org.jasyncio.http.client.ClientResponse;
import org.jasyncio.http.client.ClientSession;

/**
 * Fetching several pages at once over one session with {@code gather}: the results come back in the
 * order of the URLs, after the slowest page, not after the sum of all.
 *
 * <p>Twin of the seed's "Multiple HTTP Requests" (002):
 * <pre>
 * async def fetch_url(session, url):
 *     async with session.get(url) as response:
 *         return await response.text()
 *
 * async def main():
 *     urls = [
 *         'https://example.com',
 *         'https://python.org',
 *         'https://github.com'
 *     ]
 *     async with aiohttp.ClientSession() as session:
 *         tasks = [fetch_url(session, url) for url in urls]
 *         results = await asyncio.gather(*tasks)
 *         print(f"Fetched {len(results)} pages")
 *
 * asyncio.run(main())
 * </pre>
 * The session's connection pool opens one connection per concurrent request to a host and keeps
 * them alive for the next requests.
 *
 * <p>Run: {@code ./jasyncio run examples/FetchUrls.java [URL...]}; with no URL it fetches the local
 * demo site's stand-ins for the seed's three sites (see {@code DemoSite.java}).
 */
public class FetchUrls {
    static String fetchUrl(ClientSession session, String url) throws Exception {
        try (ClientResponse response = session.get(url)) {
            return response.text();
        }
    }

    static void asyncMain(List<String> urls) throws Exception {
        try (ClientSession session = new ClientSession()) {
            List<Task<String>> tasks = new ArrayList<>();
            for (String url : urls) {
                tasks.add(Asyncio.createTask(() -> fetchUrl(session, url)));
            }
            List<String> results = Asyncio.gather(tasks);
            System.out.println("Fetched " + results.size() + " pages");
        }
    }

    static void run(RunOptions options, String... args) throws Exception {
        Asyncio.run(
                () -> DemoSite.withUrls(
                        args, List.of("/example.com", "/python.org", "/github.com"), FetchUrls::asyncMain),
                options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults(), args);
    }
}
