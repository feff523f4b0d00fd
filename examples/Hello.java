import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * The first coroutine: print, sleep a second without blocking the loop, print again.
 *
 * <p>Twin of the tutorial's {@code hello()} ("Basic async Function", and "Running Coroutines"):
 * <pre>
 * async def hello():
 *     print("Hello")
 *     await asyncio.sleep(1)
 *     print("World")
 *
 * asyncio.run(hello())
 * </pre>
 * A coroutine is a plain method; "awaiting" it is calling it inside a task. {@code Asyncio.run} makes
 * the event loop, runs {@code hello()} as its main task, and closes the loop.
 *
 * <p>Run: {@code ./jasyncio run examples/Hello.java}
 */
public class Hello {
    static void hello() {
        System.out.println("Hello");
        Asyncio.sleep(1.0);
        System.out.println("World");
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> hello(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
