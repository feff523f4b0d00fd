import org.jasyncio.Asyncio;

/**
 * The start-up benchmark's program (bench/startup): a no-op asyncio program that prints one line, the
 * twin of {@code python3 -c 'import asyncio; asyncio.run(main())'} with {@code main} printing it.
 */
public class StartupHello {
    public static void main(String[] args) throws Exception {
        Asyncio.run(() -> System.out.println("hello"));
    }
}
