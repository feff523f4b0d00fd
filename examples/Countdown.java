import org.jasyncio.Asyncio;
import org.jasyncio.Generator;
import org.jasyncio.RunOptions;

/**
 * An async generator counting down one number a second: 5, 4, 3, 2, 1.
 *
 * <p>Twin of the tutorial's "Using Async Generators" (and section 8 of the practice exercise):
 * <pre>
 * async def countdown(n):
 *     while n > 0:
 *         await asyncio.sleep(1)
 *         yield n
 *         n -= 1
 *
 * async def main():
 *     async for num in countdown(5):
 *         print(num)
 * </pre>
 */
public class Countdown {
    static Generator<Integer> countdown(int from) {
        return Asyncio.generator(emit -> {
            int n = from;
            while (n > 0) {
                Asyncio.sleep(1.0);
                emit.yield(n);
                n--;
            }
        });
    }

    static void asyncMain() {
        try (Generator<Integer> numbers = countdown(5)) {
            for (int num : numbers) {
                System.out.println(num);
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
