package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Timeout;

/**
 * A task's context made only when first asked for (issue 14, round 6), from the values its creator had
 * when the task was made: contextvars' semantics must not see the difference. A child of a task that
 * never read its context gets the values of that task's creation; one object per task whoever asks,
 * before and after suspensions, so tokens reset across sleeps; an explicit context is shared as given;
 * a value set by one task is never seen by another.
 */
@Timeout(120)
class LazyTaskContextTest {
    private static final ContextVar<String> VAR = new ContextVar<>("var", "-");

    @AsyncTest
    void aGrandchildOfATaskThatNeverReadItsContextSeesTheValuesOfThatTasksCreation() throws Exception {
        VAR.set("root-1");
        Task<Task<String>> child = Asyncio.createTask(() -> {
            Asyncio.sleep(1.0); // the root changes its value meanwhile; this task never reads its own
            return Asyncio.createTask(() -> {
                Asyncio.sleep(1.0);
                return VAR.get();
            });
        });
        VAR.set("root-2");
        Task<String> grandchild = child.await();
        VAR.set("root-3");
        assertThat(grandchild.await()).isEqualTo("root-1");
        assertThat(child.getContext()).isNotSameAs(grandchild.getContext());
        assertThat(VAR.get()).isEqualTo("root-3");
    }

    @AsyncTest
    void aTokenSetBeforeSleepsResetsAfterThemAndATokenOfAnotherTasksContextIsRefused() throws Exception {
        VAR.set("parent");
        ContextVar.Token<String> parentToken = VAR.set("parent-2");
        List<String> log = new ArrayList<>();
        Task<Void> child = Asyncio.createTask(() -> {
            Context first = Context.current();
            ContextVar.Token<String> token = VAR.set("child");
            Asyncio.sleep(0);
            Asyncio.sleep(1.0);
            assertThat(Context.current())
                    .isSameAs(first)
                    .isSameAs(Asyncio.currentTask().getContext());
            log.add(VAR.get());
            VAR.reset(token);
            log.add(VAR.get());
            assertThatThrownBy(() -> VAR.reset(parentToken))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("another Context");
        });
        child.await();
        assertThat(log).containsExactly("child", "parent-2");
        assertThat(VAR.get()).isEqualTo("parent-2");
        VAR.reset(parentToken);
        assertThat(VAR.get()).isEqualTo("parent");
    }

    @AsyncTest
    void aTaskGivenAContextRunsInThatVeryObjectAndItsSetsAreSeenThere() throws Exception {
        Context given = new Context();
        VAR.set("creator");
        Task<String> t = Asyncio.getRunningLoop()
                .createTask(
                        () -> {
                            assertThat(Context.current()).isSameAs(given);
                            String before = VAR.get();
                            VAR.set("set in the task");
                            Asyncio.sleep(0);
                            return before;
                        },
                        "given",
                        given);
        assertThat(t.getContext()).isSameAs(given);
        assertThat(t.await()).isEqualTo("-");
        assertThat(given.containsKey(VAR)).isTrue();
        assertThat(VAR.get()).isEqualTo("creator");
    }

    @AsyncTest
    void aValueSetByOneLazyTaskIsNeverSeenByASiblingOrByTheCreator() throws Exception {
        VAR.set("creator");
        List<Task<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            tasks.add(Asyncio.createTask(() -> {
                Asyncio.sleep(n % 2 == 0 ? 0 : 0.5);
                String seen = VAR.get();
                VAR.set("task-" + n);
                Asyncio.sleep(1.0);
                return seen + "/" + VAR.get();
            }));
        }
        Context copied = Context.current().copy();
        VAR.set("creator-2");
        for (int i = 0; i < 4; i++) {
            assertThat(tasks.get(i).await()).isEqualTo("creator/task-" + i);
        }
        assertThat(VAR.get()).isEqualTo("creator-2");
        assertThat(copied.size()).isEqualTo(1);
    }

    /**
     * A task that creates tasks but never reads its context keeps no Context either (the round's claim,
     * docs/performance.md): its children take its creation-time values as they are, and the first read
     * makes its Context from them.
     */
    @AsyncTest
    void aTaskThatCreatesTasksButNeverReadsItsContextMakesNone() throws Exception {
        VAR.set("root");
        Task<String> parent = Asyncio.createTask(() -> {
            Task<String> child = Asyncio.createTask(() -> VAR.get());
            Task<?> me = Asyncio.currentTask();
            String made = contextField(me) instanceof Context ? "made" : "not made";
            return made + ", child saw " + child.await();
        });
        VAR.set("root-2");
        assertThat(parent.await()).isEqualTo("not made, child saw root");
        assertThat(contextField(parent)).isNotInstanceOf(Context.class);
        assertThat(parent.getContext().containsKey(VAR)).isTrue();
        assertThat(contextField(parent)).isSameAs(parent.getContext());
    }

    private static Object contextField(Task<?> t) throws ReflectiveOperationException {
        java.lang.reflect.Field f = Task.class.getDeclaredField("context");
        f.setAccessible(true);
        return f.get(t);
    }
}
