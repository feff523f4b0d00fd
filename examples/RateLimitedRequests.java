import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;
import org.jasyncio.sync.RateLimiter;

/**
 * Ten requests through a rate limiter of 2 per second: two go at once (the bucket starts full),
 * then one every half second; the last is made at 4.0 s.
 *
 * <p>Twin of the tutorial's "Example 3: Rate-Limited Requests", which hand-writes a token bucket that
 * polls every 0.1 s:
 * <pre>
 * class RateLimiter:
 *     def __init__(self, rate): ...       # tokens = rate, refilled at rate per second
 *     async def acquire(self):
 *         while self.tokens &lt; 1:
 *             await asyncio.sleep(0.1)
 *             self._add_tokens()
 *         self.tokens -= 1
 *
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
 * jasyncio has the token bucket built in ({@code org.jasyncio.sync.RateLimiter}): no polling, the
 * waiters are served in order, each exactly when its token is due, by the loop's clock.
 */
public class RateLimitedRequests {
    static void makeRequest(RateLimiter limiter, int requestId) {
        limiter.acquire();
        System.out.printf(
                "Request %d made (t=%.1fs)%n",
                requestId, Asyncio.getRunningLoop().time());
        Asyncio.sleep(0.1);
    }

    static void asyncMain() throws Exception {
        RateLimiter limiter = RateLimiter.perSecond(2, 2); // 2 requests per second, a bucket of 2
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int id = i;
            tasks.add(Asyncio.createTask(() -> makeRequest(limiter, id)));
        }
        Asyncio.gather(tasks);
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
