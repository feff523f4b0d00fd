package org.jasyncio.bench.jasyncio;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.bench.http.ClientLoad;
import org.jasyncio.http.client.ClientResponse;
import org.jasyncio.http.client.ClientSession;

/**
 * The HTTP client workload on jasyncio's {@link ClientSession}, one loop: {@code --concurrency} tasks
 * (64) share one session (its pool limited to as many connections) and each GETs the URL, reads the
 * whole body, and goes again; requests counted over a timed window after a warm-up.
 */
public final class HttpClientLoad {
    private HttpClientLoad() {}

    public static void main(String[] args) throws Exception {
        ClientLoad load = new ClientLoad(args);
        long[] count = {0};
        boolean[] stop = {false};
        Asyncio.run(() -> {
            try (ClientSession session =
                    ClientSession.builder().limit(load.concurrency).build()) {
                List<Task<Void>> workers = new ArrayList<>();
                for (int i = 0; i < load.concurrency; i++) {
                    workers.add(Asyncio.createTask(() -> {
                        while (!stop[0]) {
                            try (ClientResponse r = session.get(load.url)) {
                                ClientLoad.checkBody(r.status(), r.bytes().length);
                            }
                            count[0]++;
                        }
                    }));
                }
                Asyncio.sleep(load.warmupS);
                load.begin(count[0]);
                Asyncio.sleep(load.durationS);
                load.end(
                        System.getProperty("jasyncio.strand", "continuation").equals("virtual")
                                ? "jasyncio-virtual"
                                : "jasyncio-continuation",
                        count[0]);
                stop[0] = true;
                Asyncio.gather(workers);
            }
        });
    }
}
