package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.testing.AsyncTest;

/**
 * The aiohttp 3.14 client (the client most asyncio services talk to each other with) against the
 * server: a pooled session, concurrent requests, JSON both ways, a streamed body, SSE, a 422. Needs
 * aiohttp 3.14.3 in the Python that {@code $JASYNCIO_PYTHON} names (.ci/run makes that venv), else in
 * {@code python3}.
 */
class AiohttpClientTest {
    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void aiohttpSessionTalksToTheServer() throws Exception {
        App app = new App();
        app.get("/items/{id}", r -> {
            Asyncio.sleep(0.05); // the subject: slow handlers, so that the client's requests overlap
            return Map.of("id", r.pathParam("id", int.class));
        });
        app.post("/echo", r -> r.json(Map.class));
        app.get(
                "/stream",
                r -> Response.stream(out -> {
                    for (int i = 0; i < 5; i++) {
                        out.write("piece" + i + ";");
                    }
                }));
        app.get(
                "/events",
                r -> Response.sse(events -> {
                    events.send("a");
                    events.send("b");
                }));
        app.endpoints(new TypedEndpointsTest.Api());
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            String out = Peers.python("""
                    import asyncio, sys
                    try:
                        import aiohttp
                    except ImportError:
                        sys.exit('aiohttp is missing from ' + sys.executable + ': pip install aiohttp==3.14.3 (.ci/run makes a venv with it and names it in JASYNCIO_PYTHON)')
                    async def main(base):
                        async with aiohttp.ClientSession(base) as s:
                            async def get(i):
                                async with s.get('/items/%d' % i) as r:
                                    return (await r.json())['id']
                            ids = await asyncio.gather(*(get(i) for i in range(20)))
                            print('ids', ids == list(range(20)))
                            async with s.post('/echo', json={'a': [1, 2], 'b': None}) as r:
                                print('echo', r.status, await r.json())
                            async with s.get('/stream') as r:
                                print('stream', r.headers['Transfer-Encoding'], (await r.read()).decode())
                            async with s.get('/events') as r:
                                print('sse', r.content_type, [l.decode().strip() async for l in r.content if l.strip()])
                            async with s.post('/items?dryRun=1', json={'name': 'x'}) as r:
                                print('invalid', r.status, sorted(tuple(e['loc']) for e in (await r.json())['detail']))
                            print('pooled', len(s.connector._conns) >= 1)
                    asyncio.run(main(sys.argv[1]))
                    """, runner.url());
            assertThat(out.lines().toList())
                    .containsExactly(
                            "ids True",
                            "echo 200 {'a': [1, 2], 'b': None}",
                            "stream chunked piece0;piece1;piece2;piece3;piece4;",
                            "sse text/event-stream ['data: a', 'data: b']",
                            "invalid 422 [('body', 'added'), ('body', 'count'), ('body', 'size')]",
                            "pooled True");
        }
    }
}
