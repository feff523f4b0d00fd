package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

/** {@link ContextVar} and {@link Context}: Python's {@code contextvars} as asyncio uses them. */
class ContextVarTest {
    private static final ContextVar<String> REQUEST = new ContextVar<>("request", "-");
    private static final ContextVar<Integer> DEPTH = new ContextVar<>("depth");

    @AsyncTest
    void eachTaskStartsFromACopyOfItsCreatorsContext() throws Exception {
        REQUEST.set("r-1");
        Task<String> child = Asyncio.createTask(() -> {
            Asyncio.sleep(1.0);
            return REQUEST.get(); // the parent has changed its value meanwhile
        });
        REQUEST.set("r-2");
        assertThat(child.await())
                .as("the copy was taken when the task was created")
                .isEqualTo("r-1");
        assertThat(REQUEST.get()).isEqualTo("r-2");
    }

    /**
     * A task keeps its creator's values and makes its Context from them when first asked (issue 14,
     * round 6): whoever asks first, the creator through getContext() or the body, all see one object,
     * holding the values of creation time.
     */
    @AsyncTest
    void aTasksContextIsOneObjectHoldingTheValuesOfCreationWhoeverAsksFirst() throws Exception {
        REQUEST.set("r-1");
        List<String> seen = new ArrayList<>();
        Task<Context> child = Asyncio.createTask(() -> {
            Asyncio.sleep(0.5);
            seen.add(REQUEST.get());
            return Context.current();
        });
        REQUEST.set("r-2");
        Context fromOutside = child.getContext();
        assertThat(child.await()).isSameAs(fromOutside);
        assertThat(child.getContext()).isSameAs(fromOutside);
        assertThat(seen).containsExactly("r-1");
        assertThat(fromOutside.containsKey(REQUEST)).isTrue();
        assertThat(fromOutside).isNotSameAs(Context.current());
    }

    @AsyncTest
    void aSetInAChildIsInvisibleToTheParentAndToSiblings() throws Exception {
        REQUEST.set("parent");
        Task<String> child = Asyncio.createTask(() -> {
            REQUEST.set("child");
            Asyncio.sleep(1.0);
            return REQUEST.get();
        });
        Task<String> sibling = Asyncio.createTask(() -> {
            Asyncio.sleep(0.5);
            return REQUEST.get();
        });
        assertThat(Asyncio.gather(child, sibling)).containsExactly("child", "parent");
        assertThat(REQUEST.get()).isEqualTo("parent");
    }

    @AsyncTest
    void valuesSurviveSuspensionsWhileOtherTasksSetTheirOwn() throws Exception {
        List<Task<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "task-" + i;
            tasks.add(Asyncio.createTask(() -> {
                REQUEST.set(id);
                for (int k = 0; k < 5; k++) {
                    Asyncio.sleep(0);
                    if (!REQUEST.get().equals(id)) {
                        return "saw " + REQUEST.get();
                    }
                }
                return REQUEST.get();
            }));
        }
        List<String> seen = Asyncio.gather(tasks);
        for (int i = 0; i < 10; i++) {
            assertThat(seen.get(i)).isEqualTo("task-" + i);
        }
    }

    @AsyncTest
    void defaultsFallbacksAndTheMissingValueError() {
        assertThat(REQUEST.get()).isEqualTo("-");
        assertThat(DEPTH.get(7)).isEqualTo(7);
        assertThatThrownBy(DEPTH::get)
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("'depth'")
                .hasMessageContaining("no default");
        DEPTH.set(1);
        assertThat(DEPTH.get()).isEqualTo(1);
        assertThat(DEPTH.get(7)).isEqualTo(1);
        assertThat(DEPTH.getName()).isEqualTo("depth");
        DEPTH.set(null);
        assertThat(DEPTH.get()).as("null is a value, not a missing one").isNull();
    }

    @AsyncTest
    void resetWithTheTokenRestoresThePreviousValueOrNone() {
        var t1 = DEPTH.set(1);
        var t2 = DEPTH.set(2);
        assertThat(t2.getVar()).isSameAs(DEPTH);
        DEPTH.reset(t2);
        assertThat(DEPTH.get()).isEqualTo(1);
        DEPTH.reset(t1);
        assertThatThrownBy(DEPTH::get).as("reset to 'never set'").isInstanceOf(NoSuchElementException.class);
        assertThat(Context.current().containsKey(DEPTH)).isFalse();
    }

    @AsyncTest
    void resetErrors() throws Exception {
        var token = DEPTH.set(1);
        DEPTH.reset(token);
        assertThatThrownBy(() -> DEPTH.reset(token))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already been used");
        ContextVar<Integer> other = new ContextVar<>("other");
        var otherToken = other.set(5);
        @SuppressWarnings({"unchecked", "rawtypes"})
        ContextVar.Token<Integer> wrongVar = (ContextVar.Token) REQUEST.set("x");
        assertThatThrownBy(() -> other.reset(wrongVar))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another ContextVar");
        Task<Throwable> elsewhere = Asyncio.createTask(() -> {
            try {
                other.reset(otherToken);
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        assertThat(elsewhere.await())
                .as("a token is bound to the context it was made in")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another Context");
        other.reset(otherToken);
    }

    @AsyncTest
    void aTaskGivenAContextRunsInThatVeryContext() throws Exception {
        Context ctx = new Context();
        Task<String> t = Asyncio.createTask(
                () -> {
                    REQUEST.set("inside");
                    return REQUEST.get();
                },
                "with-context",
                ctx);
        assertThat(t.await()).isEqualTo("inside");
        assertThat(t.getContext()).isSameAs(ctx);
        assertThat(ctx.containsKey(REQUEST))
                .as("the task's set is visible in the context it was given")
                .isTrue();
        assertThat(REQUEST.get()).isEqualTo("-");
    }

    @AsyncTest
    void childrenOfGatherAndTaskGroupCopyTheContextToo() throws Exception {
        REQUEST.set("outer");
        Coroutine<String> read = REQUEST::get;
        List<String> viaGather = Asyncio.gather(read, read);
        assertThat(viaGather).containsExactly("outer", "outer");
        Task<String> inGroup;
        try (var tg = new TaskGroup()) {
            inGroup = tg.createTask(() -> {
                REQUEST.set("changed in group");
                return REQUEST.get();
            });
        }
        assertThat(inGroup.result()).isEqualTo("changed in group");
        assertThat(REQUEST.get()).isEqualTo("outer");
    }

    @AsyncTest
    void toThreadSeesACopyOfTheTasksContext() throws Exception {
        REQUEST.set("from task");
        String seen = Asyncio.toThread(() -> {
            String v = REQUEST.get();
            REQUEST.set("changed on the thread");
            return v;
        });
        assertThat(seen).isEqualTo("from task");
        assertThat(REQUEST.get()).as("changes on the thread stay there").isEqualTo("from task");
    }

    @Test
    void contextRunOutsideTasksSwapsTheThreadsContext() throws Exception {
        Context ctx = new Context();
        String inside = ctx.run(() -> {
            REQUEST.set("in ctx");
            return REQUEST.get();
        });
        assertThat(inside).isEqualTo("in ctx");
        assertThat(REQUEST.get()).isEqualTo("-");
        assertThat(ctx.size()).isEqualTo(1);
        Context copy = ctx.copy();
        copy.run(() -> REQUEST.set("in copy"));
        java.util.concurrent.Callable<String> read = REQUEST::get;
        assertThat(ctx.run(read)).as("a copy changes independently").isEqualTo("in ctx");
        assertThat(copy.run(read)).isEqualTo("in copy");
    }

    @Test
    void asyncioRunStartsMainWithAFreshContext() throws Exception {
        Coroutine<String> read = REQUEST::get;
        String seen = Asyncio.run(read, RunOptions.defaults().withVirtualClock());
        assertThat(seen).isEqualTo("-");
    }

    @Test
    void runnerRunsShareOneContext() throws Exception {
        try (var runner = new Runner(RunOptions.defaults().withVirtualClock())) {
            runner.run(() -> {
                REQUEST.set("set in the first run");
            });
            Coroutine<String> read = REQUEST::get;
            assertThat(runner.run(read)).isEqualTo("set in the first run");
        }
    }
}
