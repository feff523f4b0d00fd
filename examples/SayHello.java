import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * A coroutine awaited from {@code main}: the basic structure of asynchronous code.
 *
 * <p>Twin of the tutorial's {@code say_hello()}:
 * <pre>
 * async def say_hello():
 *     print("Hello!")
 *     await asyncio.sleep(1)  # Simulates an I/O-bound operation
 *     print("Goodbye!")
 *
 * async def main():
 *     await say_hello()
 *
 * asyncio.run(main())
 * </pre>
 * In Java "{@code await say_hello()}" is just {@code sayHello()}: suspension is not coloured, any
 * method called inside a task may suspend.
 */
public class SayHello {
    static void sayHello() {
        System.out.println("Hello!");
        Asyncio.sleep(1.0); // simulates an I/O-bound operation
        System.out.println("Goodbye!");
    }

    static void asyncMain() {
        sayHello();
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
