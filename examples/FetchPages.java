import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;
import org.jasyncio.http.client.ClientResponse;
import org.jasyncio.http.client.ClientSession;

/**
 * Web scraping: the HTML of several pages fetched concurrently, returned by {@code main} in the order
 * of the URLs and printed as one list.
 *
 * <p>Twin of the seed's "1. Web Scraping" (001):
 * <pre>
 * import aiohttp
 * import asyncio
 *
 * async def fetch(url):
 *     async with aiohttp.ClientSession() as session:
 *         async with session.get(url) as response:
 *             return await response.text()
 *
 * async def main(urls):
 *     tasks = [fetch(url) for url in urls]
 *     return await asyncio.gather(*tasks)
 *
 * urls = ["https://example.com", "https://example.org", "https://example.net"]
 * html_contents = asyncio.run(main(urls))
 * print(html_contents)
 * </pre>
 * As in the seed, each fetch opens its own session; {@code Asyncio.run} returns {@code main}'s value.
 *
 * <p>Run: {@code ./jasyncio run examples/FetchPages.java [URL...]}; with no URL it fetches the local
 * demo site's stand-ins for the seed's three sites (see {@code DemoSite.java}).
 */
public class FetchPages {
    static String fetch(String url) throws Exception {
        try (ClientSession session = new ClientSession();
                ClientResponse response = session.get(url)) {
            return response.text();
        }
    }

    static List<String> asyncMain(List<String> urls) throws Exception {
        List<Task<String>> tasks = new ArrayList<>();
        for (String url : urls) {
            tasks.add(Asyncio.createTask(() -> fetch(url)));
        }
        return Asyncio.gather(tasks);
    }

    static void run(RunOptions options, String... args) throws Exception {
        Asyncio.run(
                () -> DemoSite.withUrls(args, List.of("/example.com", "/example.org", "/example.net"), urls -> {
                    List<String> htmlContents = asyncMain(urls);
                    System.out.println(htmlContents);
                }),
                options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults(), args);
    }
}
