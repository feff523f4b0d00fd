import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.TaskGroup;

/**
 * The program {@code jasyncio ps} and {@code pstree} look at in docs/debugging.md: a server task whose
 * TaskGroup runs two workers, one awaiting a fetch, one a gather; every task waits until stdin closes.
 * {@code ./jasyncio run docs/debugging/Server.java &}, then {@code ./jasyncio ps PID}.
 */
public final class Server {
    static void waitFor(Task<?> t) throws Exception {
        Asyncio.sleep(0);
        t.await();
    }

    public static void main(String[] args) throws Exception {
        System.out.println(ProcessHandle.current().pid());
        Asyncio.run(() -> {
            var stdinClosed = Asyncio.createTask(() -> Asyncio.toThread(() -> System.in.read()), "stdin");
            Asyncio.createTask(
                            () -> {
                                try (var tg = new TaskGroup()) {
                                    tg.createTask(
                                            () -> {
                                                var fetch = Asyncio.createTask(() -> waitFor(stdinClosed), "fetch");
                                                fetch.await();
                                            },
                                            "worker-1");
                                    tg.createTask(
                                            () -> {
                                                Asyncio.gather(Asyncio.createTask(() -> waitFor(stdinClosed), "part-a"));
                                            },
                                            "worker-2");
                                }
                            },
                            "server")
                    .await();
        });
    }
}
