import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * An async context manager is an {@code AutoCloseable} used with try-with-resources; entering and
 * closing it may suspend, like {@code __aenter__} and {@code __aexit__}.
 *
 * <p>Twin of the tutorial's "Creating Async Context Managers" (and of section 9 of the practice exercise):
 * <pre>
 * class AsyncContextManager:
 *     async def __aenter__(self):
 *         print("Entering context")
 *         return self
 *
 *     async def __aexit__(self, exc_type, exc_val, exc_tb):
 *         print("Exiting context")
 *         return False
 *
 * async def main():
 *     async with AsyncContextManager() as cm:
 *         print("Inside context")
 * </pre>
 * Returning {@code False} from {@code __aexit__} (do not swallow the exception) is what Java's
 * {@code close()} always does: an exception from the block propagates after {@code close()} ran.
 */
public class AsyncContextManager {
    /** The context manager; {@link #enter()} is {@code __aenter__}, {@link #close()} is {@code __aexit__}. */
    static final class Context implements AutoCloseable {
        private Context() {}

        static Context enter() {
            System.out.println("Entering context");
            Asyncio.sleep(0.1); // entering may suspend, e.g. to open a connection
            return new Context();
        }

        @Override
        public void close() {
            Asyncio.sleep(0.1); // and so may closing, e.g. to flush and close it
            System.out.println("Exiting context");
        }
    }

    static void asyncMain() {
        try (Context cm = Context.enter()) {
            System.out.println("Inside context");
        }
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
