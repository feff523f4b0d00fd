import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * Awaiting a coroutine pauses the caller until it returns, then hands back its value.
 *
 * <p>Twin of the tutorial's "Understanding await":
 * <pre>
 * async def fetch_data():
 *     print("Fetching data...")
 *     await asyncio.sleep(2)  # Simulate I/O
 *     return "Data"
 *
 * async def main():
 *     result = await fetch_data()
 *     print(f"Got: {result}")
 * </pre>
 */
public class AwaitResult {
    static String fetchData() {
        System.out.println("Fetching data...");
        Asyncio.sleep(2.0); // simulate I/O
        return "Data";
    }

    static void asyncMain() {
        String result = fetchData();
        System.out.println("Got: " + result);
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
