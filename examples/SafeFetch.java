import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;
import org.jasyncio.http.client.ClientResponse;
import org.jasyncio.http.client.ClientSession;
import org.jasyncio.http.client.ClientTimeout;
import org.jasyncio.http.client.ClientTimeoutError;

/**
 * Error handling around requests: {@code safeFetch} returns the page, or prints what went wrong and
 * returns {@code null}, so that one bad URL does not fail the others gathered with it. A failing page
 * (a 500), a page slower than the time limit, a refused connection and a malformed URL each print
 * their own precise message.
 *
 * <p>Twin of the seed's {@code safe_fetch} ("Troubleshooting Common Issues", 001), around the
 * {@code fetch} of its web-scraping example:
 * <pre>
 * async def fetch(url):
 *     async with aiohttp.ClientSession() as session:
 *         async with session.get(url) as response:
 *             return await response.text()
 *
 * async def safe_fetch(url):
 *     try:
 *         return await fetch(url)
 *     except Exception as e:
 *         print(f"Error fetching {url}: {e}")
 * </pre>
 * Two additions that a fetch needs in practice: a time limit (a total of {@value #TIMEOUT_SECONDS} s
 * per request, {@code aiohttp.ClientTimeout(total=1)}) and {@code raiseForStatus}, without which a
 * 500 page would be returned as if it were the content. Python's {@code except Exception} catches
 * {@code asyncio.TimeoutError} but not a cancellation; in jasyncio a timeout is a kind of
 * cancellation (an {@code Error}), so the catch names {@code ClientTimeoutError} beside
 * {@code Exception}: the request's own time limits are handled, a cancellation of the task still
 * cancels it.
 *
 * <p>Run: {@code ./jasyncio run examples/SafeFetch.java [URL...]}; with no URL it fetches a good page,
 * a failing page and a slow page of the local demo site (see {@code DemoSite.java}), a closed port and
 * a malformed URL.
 */
public class SafeFetch {
    /** The time limit of one fetch, in seconds. */
    static final int TIMEOUT_SECONDS = 1;

    static String fetch(String url) throws Exception {
        ClientTimeout timeout = ClientTimeout.ofTotal(Duration.ofSeconds(TIMEOUT_SECONDS));
        try (ClientSession session = ClientSession.builder().timeout(timeout).build();
                ClientResponse response = session.get(url)) {
            return response.raiseForStatus().text();
        }
    }

    static String safeFetch(String url) {
        try {
            return fetch(url);
        } catch (Exception | ClientTimeoutError e) {
            System.out.println("Error fetching " + url + ": " + e.getMessage());
            return null;
        }
    }

    static void asyncMain(List<String> urls) throws Exception {
        List<Task<String>> tasks = new ArrayList<>();
        for (String url : urls) {
            tasks.add(Asyncio.createTask(() -> safeFetch(url)));
        }
        List<String> pages = Asyncio.gather(tasks);
        for (int i = 0; i < urls.size(); i++) {
            String page = pages.get(i);
            System.out.println(urls.get(i) + ": " + (page == null ? "failed" : page.length() + " characters"));
        }
    }

    static void run(RunOptions options, String... args) throws Exception {
        Asyncio.run(
                () -> DemoSite.withUrls(
                        args,
                        List.of(
                                "/example.com",
                                "/fail",
                                "/slow",
                                "http://127.0.0.1:1/closed-port",
                                "http//no-colon.example"),
                        SafeFetch::asyncMain),
                options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults(), args);
    }
}
