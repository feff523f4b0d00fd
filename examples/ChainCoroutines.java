import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * Chaining: each coroutine's result feeds the next, so they run in sequence (0.3 s x 3 in the
 * practice exercise, 1 s x 3 here).
 *
 * <p>Twin of the tutorial's "Chaining Coroutines":
 * <pre>
 * async def step1():
 *     await asyncio.sleep(1)
 *     return "Step 1"
 *
 * async def step2(data):
 *     await asyncio.sleep(1)
 *     return f"{data} -> Step 2"
 *
 * async def step3(data):
 *     await asyncio.sleep(1)
 *     return f"{data} -> Step 3"
 *
 * async def main():
 *     result1 = await step1()
 *     result2 = await step2(result1)
 *     result3 = await step3(result2)
 *     print(result3)
 * </pre>
 */
public class ChainCoroutines {
    static String step1() {
        Asyncio.sleep(1.0);
        return "Step 1";
    }

    static String step2(String data) {
        Asyncio.sleep(1.0);
        return data + " -> Step 2";
    }

    static String step3(String data) {
        Asyncio.sleep(1.0);
        return data + " -> Step 3";
    }

    static void asyncMain() {
        String result1 = step1();
        String result2 = step2(result1);
        String result3 = step3(result2);
        System.out.println(result3);
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
