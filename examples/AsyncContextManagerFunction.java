import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * A context manager written as one function (Python's {@code @asynccontextmanager}): the code before
 * the resource is handed out is the entering, a closing lambda is the {@code finally}.
 *
 * <p>Twin of the tutorial's "Using @asynccontextmanager":
 * <pre>
 * @asynccontextmanager
 * async def async_context():
 *     print("Entering")
 *     try:
 *         yield "resource"
 *     finally:
 *         print("Exiting")
 *
 * async def main():
 *     async with async_context() as resource:
 *         print(f"Using {resource}")
 * </pre>
 * The second block shows the {@code finally} part running when the body fails.
 */
public class AsyncContextManagerFunction {
    /** A value handed out by a context manager, with what to do when the block ends. */
    record Managed<T>(T value, Runnable onExit) implements AutoCloseable {
        @Override
        public void close() {
            onExit.run();
        }
    }

    static Managed<String> asyncContext() {
        System.out.println("Entering");
        Asyncio.sleep(0.1); // may suspend while acquiring the resource
        return new Managed<>("resource", () -> System.out.println("Exiting"));
    }

    static void asyncMain() {
        try (var resource = asyncContext()) {
            System.out.println("Using " + resource.value());
        }

        try (var resource = asyncContext()) {
            System.out.println("Using " + resource.value() + ", then failing");
            throw new IllegalStateException("the block failed");
        } catch (IllegalStateException e) {
            System.out.println("Caught after exiting: " + e.getMessage());
        }
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
