import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.http.client.ClientResponse;
import org.jasyncio.http.client.ClientSession;

/**
 * Fetching one page with a client session and printing its length in characters.
 *
 * <p>Twin of the seed's "Async HTTP Requests" (002):
 * <pre>
 * import asyncio
 * import aiohttp
 *
 * async def fetch_url(session, url):
 *     async with session.get(url) as response:
 *         return await response.text()
 *
 * async def main():
 *     async with aiohttp.ClientSession() as session:
 *         html = await fetch_url(session, 'https://example.com')
 *         print(len(html))
 *
 * asyncio.run(main())
 * </pre>
 * {@code async with} is try-with-resources: the response, then the session, are closed on the way
 * out, also when an exception leaves the block.
 *
 * <p>Run: {@code ./jasyncio run examples/FetchUrl.java [URL]}; with no URL it fetches the local demo
 * site's stand-in for {@code https://example.com} (see {@code DemoSite.java}).
 */
public class FetchUrl {
    static String fetchUrl(ClientSession session, String url) throws Exception {
        try (ClientResponse response = session.get(url)) {
            return response.text();
        }
    }

    static void asyncMain(List<String> urls) throws Exception {
        try (ClientSession session = new ClientSession()) {
            String html = fetchUrl(session, urls.getFirst());
            System.out.println(html.length());
        }
    }

    static void run(RunOptions options, String... args) throws Exception {
        Asyncio.run(() -> DemoSite.withUrls(args, List.of("/example.com"), FetchUrl::asyncMain), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults(), args);
    }
}
