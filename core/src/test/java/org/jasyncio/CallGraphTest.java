package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jasyncio.testing.AsyncTest;

/** {@link Asyncio#captureCallGraph} and {@link Asyncio#formatCallGraph}: Python 3.14's call graphs. */
class CallGraphTest {
    private static void waitOn(Future<?> gate) throws Exception {
        gate.await();
    }

    @AsyncTest
    void aTaskIsAwaitedThroughAwaitTaskGroupAndGatherUpToTheTaskNobodyAwaits() throws Exception {
        Future<Void> gate = Asyncio.getRunningLoop().createFuture();
        Task<?>[] leaf = {null};
        Task<?>[] gathered = {null};
        Task<Void> outer = Asyncio.createTask(
                () -> {
                    try (var tg = new TaskGroup()) {
                        tg.createTask(
                                () -> {
                                    leaf[0] = Asyncio.createTask(() -> waitOn(gate), "leaf");
                                    leaf[0].await();
                                },
                                "worker");
                        tg.createTask(
                                () -> {
                                    gathered[0] = Asyncio.createTask(() -> waitOn(gate), "gathered");
                                    Asyncio.gather(gathered[0]);
                                },
                                "gatherer");
                    }
                },
                "outer");
        for (int i = 0; i < 4; i++) {
            Asyncio.sleep(0);
        }

        FutureCallGraph g = Asyncio.captureCallGraph(leaf[0]);
        assertThat(g.name()).isEqualTo("leaf");
        assertThat(g.state()).isEqualTo("waiting");
        assertThat(g.via()).isNull();
        assertThat(g.callStack().get(0).getMethodName())
                .as("where the user's code waits comes first")
                .isEqualTo("waitOn");
        FutureCallGraph worker = g.awaitedBy().get(0);
        assertThat(worker.name()).isEqualTo("worker");
        assertThat(worker.via()).isEqualTo("await");
        FutureCallGraph outerGraph = worker.awaitedBy().get(0);
        assertThat(outerGraph.name()).isEqualTo("outer");
        assertThat(outerGraph.via()).isEqualTo("TaskGroup");
        assertThat(outerGraph.awaitedBy()).as("nobody awaits outer").isEmpty();

        FutureCallGraph gg = Asyncio.captureCallGraph(gathered[0]);
        assertThat(gg.awaitedBy()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("gatherer");
            assertThat(w.via()).isEqualTo("gather");
            assertThat(w.awaitedBy())
                    .singleElement()
                    .extracting(FutureCallGraph::name)
                    .isEqualTo("outer");
        });

        String text = Asyncio.formatCallGraph(g);
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("* Task(name='leaf', id=" + leaf[0].taskId() + ", state=waiting)");
        assertThat(lines.get(1)).isEqualTo("+ Call stack:");
        assertThat(lines.get(2)).startsWith("|   at org.jasyncio.CallGraphTest.waitOn(CallGraphTest.java:");
        assertThat(text)
                .contains("+ Awaited by:\n   * Task(name='worker', id=")
                .contains("state=waiting) via await\n")
                .contains("      * Task(name='outer'")
                .contains(") via TaskGroup\n")
                .doesNotContain("org.jasyncio.Task.")
                .doesNotContain("java.base/");
        gate.setResult(null);
        outer.await();
    }

    @AsyncTest
    void theCurrentTasksGraphShowsItRunningWithTheCallersFrameFirst() throws Exception {
        Task<Void> waiter = null;
        FutureCallGraph[] seen = {null};
        Task<Void> child = Asyncio.createTask(
                () -> {
                    Asyncio.sleep(0);
                    seen[0] = Asyncio.captureCallGraph();
                },
                "child");
        waiter = Asyncio.createTask(() -> child.await(), "waiter");
        waiter.await();
        FutureCallGraph g = seen[0];
        assertThat(g.state()).isEqualTo("running");
        assertThat(g.callStack().get(0).getClassName()).startsWith("org.jasyncio.CallGraphTest");
        assertThat(g.awaitedBy()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("waiter");
            assertThat(w.via()).isEqualTo("await");
        });
    }

    @AsyncTest
    void printCallGraphPrintsTheFormattedGraph() throws Exception {
        Future<Void> gate = Asyncio.getRunningLoop().createFuture();
        Task<Void> t = Asyncio.createTask(() -> waitOn(gate), "printed");
        Asyncio.sleep(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Asyncio.printCallGraph(t, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo(Asyncio.formatCallGraph(Asyncio.captureCallGraph(t)))
                .startsWith("* Task(name='printed'");
        gate.setResult(null);
        t.await();
    }
}
