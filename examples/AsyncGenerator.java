import org.jasyncio.Asyncio;
import org.jasyncio.Generator;
import org.jasyncio.RunOptions;

/**
 * An async generator: a producer that may suspend between the items it yields, consumed with an
 * ordinary for-each loop whose {@code next()} waits for the next item.
 *
 * <p>Twin of the tutorial's "Creating Async Generators":
 * <pre>
 * async def async_generator():
 *     for i in range(5):
 *         await asyncio.sleep(0.5)
 *         yield i
 *
 * async def main():
 *     async for value in async_generator():
 *         print(value)
 * </pre>
 * The generator is {@code AutoCloseable}: leaving the try block early (a {@code break}, an
 * exception) stops the producer and runs its {@code finally} blocks, like Python's {@code aclose()}.
 */
public class AsyncGenerator {
    static Generator<Integer> asyncGenerator() {
        return Asyncio.generator(emit -> {
            for (int i = 0; i < 5; i++) {
                Asyncio.sleep(0.5);
                emit.yield(i);
            }
        });
    }

    static void asyncMain() {
        try (Generator<Integer> values = asyncGenerator()) {
            for (int value : values) {
                System.out.println(value);
            }
        }
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
