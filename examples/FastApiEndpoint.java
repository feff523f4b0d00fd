import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.http.server.App;
import org.jasyncio.http.server.Get;

/**
 * A FastAPI endpoint in jasyncio: a handler that awaits a one-second non-blocking sleep and returns
 * JSON, served on the event loop.
 *
 * <p>Twin of the seed's "Building High-Performance APIs" (001), plus the {@code /data} endpoint the
 * project's issue asks for:
 * <pre>
 * from fastapi import FastAPI
 * import asyncio
 * app = FastAPI()
 * &#64;app.get("/")
 * async def read_root():
 *     await asyncio.sleep(1)  # Simulate a delay
 *     return {"Hello": "World"}
 * </pre>
 * An endpoint is a method of a class registered with {@code App.endpoints}; its return value is
 * written as JSON; {@code Asyncio.sleep} suspends this request only, so a hundred clients asking at
 * once all get their answer after about one second, not a hundred. {@code App.run} serves until
 * Ctrl-C, then shuts down gracefully (running requests finish first).
 *
 * <p>Run: {@code ./jasyncio run examples/FastApiEndpoint.java [PORT]} (default 8000), then
 * {@code curl http://127.0.0.1:8000/data}. The OpenAPI document is at {@code /openapi.json}.
 */
public class FastApiEndpoint {
    /** The endpoints: FastAPI's decorated functions are annotated methods here. */
    public static final class Api {
        /** The seed's {@code read_root}. */
        @Get("/")
        public Map<String, String> readRoot() {
            Asyncio.sleep(1); // simulate a delay without blocking the loop
            return Map.of("Hello", "World");
        }

        /** Data fetched after a (simulated) one-second wait. */
        @Get("/data")
        public Map<String, String> data() {
            Asyncio.sleep(1);
            return Map.of("message", "Hello from jasyncio: this answer waited 1 s without blocking anyone");
        }
    }

    static App app() {
        return new App().info("FastApiEndpoint", "1.0").endpoints(new Api());
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        app().run("127.0.0.1", port); // prints "Serving on http://127.0.0.1:8000 (press Ctrl-C to stop)"
    }
}
