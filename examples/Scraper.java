import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;
import org.jasyncio.http.client.ClientResponse;
import org.jasyncio.http.client.ClientSession;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A web scraper: several pages fetched concurrently over one session, each parsed for its
 * {@code <title>}, and the titles printed in the order of the URLs.
 *
 * <p>Twin of the seed's "Example 2: Web Scraper" (002); BeautifulSoup's part is played by jsoup:
 * <pre>
 * import asyncio
 * import aiohttp
 * from bs4 import BeautifulSoup
 *
 * async def fetch_page(session, url):
 *     async with session.get(url) as response:
 *         return await response.text()
 *
 * async def parse_page(session, url):
 *     html = await fetch_page(session, url)
 *     soup = BeautifulSoup(html, 'html.parser')
 *     return soup.title.string if soup.title else "No title"
 *
 * async def main():
 *     urls = [
 *         'https://example.com',
 *         'https://python.org',
 *         'https://github.com'
 *     ]
 *     async with aiohttp.ClientSession() as session:
 *         tasks = [parse_page(session, url) for url in urls]
 *         titles = await asyncio.gather(*tasks)
 *         for url, title in zip(urls, titles):
 *             print(f"{url}: {title}")
 *
 * asyncio.run(main())
 * </pre>
 * Parsing runs on the loop, as in the seed: it is quick for pages this size (a big document would
 * go to {@code Asyncio.toThread}).
 *
 * <p>Run: {@code ./jasyncio run examples/Scraper.java [URL...]} (needs jsoup on the class path); with
 * no URL it scrapes the local demo site's stand-ins for the seed's three sites and a page without a
 * title (see {@code DemoSite.java}).
 */
public class Scraper {
    static String fetchPage(ClientSession session, String url) throws Exception {
        try (ClientResponse response = session.get(url)) {
            return response.text();
        }
    }

    static String parsePage(ClientSession session, String url) throws Exception {
        String html = fetchPage(session, url);
        Document soup = Jsoup.parse(html, url);
        Element title = soup.selectFirst("title");
        return title != null ? title.text() : "No title";
    }

    static void asyncMain(List<String> urls) throws Exception {
        try (ClientSession session = new ClientSession()) {
            List<Task<String>> tasks = new ArrayList<>();
            for (String url : urls) {
                tasks.add(Asyncio.createTask(() -> parsePage(session, url)));
            }
            List<String> titles = Asyncio.gather(tasks);
            for (int i = 0; i < urls.size(); i++) {
                System.out.println(urls.get(i) + ": " + titles.get(i));
            }
        }
    }

    static void run(RunOptions options, String... args) throws Exception {
        Asyncio.run(
                () -> DemoSite.withUrls(
                        args, List.of("/example.com", "/python.org", "/github.com", "/no-title"), Scraper::asyncMain),
                options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults(), args);
    }
}
