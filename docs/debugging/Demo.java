import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.jasyncio.Asyncio;
import org.jasyncio.Future;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;
import org.jasyncio.TaskGroup;

/**
 * The program behind the sample outputs of docs/debugging.md, one scenario an argument:
 * {@code ./jasyncio run [--debug] docs/debugging/Demo.java SCENARIO} (the doc gives each command).
 */
public final class Demo {
    static void fetch(Future<Void> reply) throws Exception {
        reply.await();
    }

    static void connect() throws IOException {
        throw new IOException("connection refused");
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "slow-step" -> Asyncio.run(() -> {
                // a step that blocks its loop for 300 ms
                Asyncio.createTask(() -> Thread.sleep(300), "bad_function").await();
            });
            case "call-graph" -> Asyncio.run(() -> {
                Future<Void> reply = Asyncio.getRunningLoop().createFuture();
                List<Task<Void>> fetch = new ArrayList<>();
                Task<Void> server = Asyncio.createTask(
                        () -> {
                            try (var tg = new TaskGroup()) {
                                tg.createTask(
                                        () -> {
                                            fetch.add(Asyncio.createTask(() -> fetch(reply), "fetch"));
                                            fetch.getFirst().await();
                                        },
                                        "worker");
                            }
                        },
                        "server");
                Asyncio.sleep(0.1); // every task starts and waits
                Asyncio.printCallGraph(fetch.getFirst(), System.out);
                reply.setResult(null);
                server.await();
            });
            case "deadlock" -> Asyncio.run(
                    () -> {
                        Future<Void> never = Asyncio.getRunningLoop().createFuture();
                        Asyncio.createTask(() -> fetch(never), "stuck").await();
                    },
                    RunOptions.defaults().withVirtualClock());
            case "unretrieved" -> Asyncio.run(() -> {
                Asyncio.createTask(() -> connect(), "fire-and-forget"); // nobody awaits it
                Asyncio.sleep(0.1);
            });
            case "blocked-lock" -> Asyncio.run(() -> {
                Semaphore semaphore = new Semaphore(0);
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    semaphore.release(); // only so that the demo ends
                });
                Asyncio.createTask(() -> semaphore.acquireUninterruptibly(), "blocker")
                        .await();
            });
            default -> System.err.println(
                    "usage: Demo slow-step | call-graph | deadlock | unretrieved | blocked-lock");
        }
    }
}
