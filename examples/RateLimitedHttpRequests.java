import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;
import org.jasyncio.http.client.ClientResponse;
import org.jasyncio.http.client.ClientSession;
import org.jasyncio.sync.RateLimiter;

/**
 * Ten real HTTP requests through a rate limiter of 2 per second: two go at once (the bucket starts
 * full), then one every half second; the last is made at 4.0 s, however fast the server answers.
 *
 * <p>The HTTP version of the seed's "Example 3: Rate-Limited Requests" (002), whose requests are
 * simulated by a sleep ({@code RateLimitedRequests.java} is the faithful twin of that):
 * <pre>
 * async def make_request(limiter, request_id):
 *     await limiter.acquire()
 *     print(f"Request {request_id} made")
 *     await asyncio.sleep(0.1)
 *
 * async def main():
 *     limiter = RateLimiter(rate=2)  # 2 requests per second
 *     tasks = [make_request(limiter, i) for i in range(10)]
 *     await asyncio.gather(*tasks)
 * </pre>
 * Here the {@code sleep(0.1)} is a GET through one shared session (the demo site takes 0.1 s to
 * answer), and the limiter is jasyncio's token bucket ({@code org.jasyncio.sync.RateLimiter}) instead
 * of the seed's hand-written one that polls every 0.1 s. Each line gives the time the request was made
 * and, once it is answered, its status.
 *
 * <p>Run: {@code ./jasyncio run examples/RateLimitedHttpRequests.java [URL...]}: ten requests, to the
 * URLs given in turn; with no URL, to {@code /api/request/0} to {@code /api/request/9} of the local demo
 * site (see {@code DemoSite.java}).
 */
public class RateLimitedHttpRequests {
    static final int REQUESTS = 10;

    static void makeRequest(ClientSession session, RateLimiter limiter, int requestId, String url, double start)
            throws Exception {
        limiter.acquire();
        System.out.printf(
                "Request %d made (t=%.1fs)%n",
                requestId, Asyncio.getRunningLoop().time() - start);
        try (ClientResponse response = session.get(url)) {
            response.bytes();
            System.out.printf("Request %d answered: %d%n", requestId, response.status());
        }
    }

    static void asyncMain(List<String> urls) throws Exception {
        double start = Asyncio.getRunningLoop().time();
        RateLimiter limiter = RateLimiter.perSecond(2, 2); // 2 requests per second, a bucket of 2
        try (ClientSession session = new ClientSession()) {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int id = i;
                String url = urls.get(i % urls.size());
                tasks.add(Asyncio.createTask(() -> makeRequest(session, limiter, id, url, start)));
            }
            Asyncio.gather(tasks);
        }
    }

    static void run(RunOptions options, String... args) throws Exception {
        List<String> demoPaths = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            demoPaths.add("/api/request/" + i);
        }
        Asyncio.run(() -> DemoSite.withUrls(args, demoPaths, RateLimitedHttpRequests::asyncMain), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults(), args);
    }
}
