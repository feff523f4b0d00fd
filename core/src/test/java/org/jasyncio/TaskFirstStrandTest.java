package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Constructor;
import java.util.function.Supplier;
import org.jasyncio.internal.HandOffs;
import org.jasyncio.internal.Strand;
import org.jasyncio.internal.StrandEngine;
import org.jasyncio.internal.StrandFactory;
import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * A task's strand is made at its first step, not when the task is created (issue 14, round 7): a
 * failure to make it (an {@link OutOfMemoryError}) then happens on the loop, no longer in the creator.
 * The task must end failed with that error, not stay RUNNING with no body to run, where no step and no
 * cancellation would ever end it (a {@code Runner.close()} waiting for it forever). Both ways a first
 * step begins: on the loop's thread ({@code Task.step}) and, on the virtual engine, handed from the
 * thread of the task that just parked ({@code Task.beginHandedStep}).
 */
class TaskFirstStrandTest {
    /** Stands for an {@link OutOfMemoryError} (which JUnit would treat as fatal to the whole run). */
    static final class SimulatedOutOfMemory extends VirtualMachineError {
        SimulatedOutOfMemory() {
            super("simulated: no memory for a strand");
        }
    }

    /** This JVM's engine, made to fail each strand it is asked for while {@link #failing}. */
    static final class FailingFactory implements StrandFactory {
        private final StrandFactory engine;
        volatile boolean failing;

        private final FailingFactory shared;

        FailingFactory(StrandFactory engine) {
            this(engine, null);
        }

        private FailingFactory(StrandFactory engine, FailingFactory shared) {
            this.engine = engine;
            this.shared = shared;
        }

        @Override
        public Strand create(Runnable body, Supplier<String> name) {
            if ((shared != null ? shared : this).failing) {
                throw new SimulatedOutOfMemory();
            }
            return engine.create(body, name);
        }

        @Override
        public String engineName() {
            return engine.engineName();
        }

        @Override
        public boolean hostsLoopOnVirtualThread() {
            return engine.hostsLoopOnVirtualThread();
        }

        @Override
        public StrandFactory forLoop(HandOffs loop) {
            return new FailingFactory(engine.forLoop(loop), this);
        }

        @Override
        public Thread batonHolder() {
            return engine.batonHolder();
        }

        @Override
        public boolean passesBaton() {
            return engine.passesBaton();
        }
    }

    private static EventLoop loopOn(StrandFactory factory) throws ReflectiveOperationException {
        Constructor<EventLoop> c =
                EventLoop.class.getDeclaredConstructor(Clock.class, StrandFactory.class, boolean.class);
        c.setAccessible(true);
        return c.newInstance(new VirtualClock(), factory, false);
    }

    @Test
    void aTaskWhoseStrandCannotBeMadeOnTheLoopsThreadFailsWithTheErrorAndTheLoopGoesOn() throws Exception {
        // A callback first: no task step is next when main parks, so no strand's thread hands the
        // child's first step on; the loop's own thread runs it (Task.step).
        assertAChildWhoseStrandCannotBeMadeFailsAndTheLoopGoesOn(true);
    }

    @Test
    void aTaskWhoseStrandCannotBeMadeAsItsFirstStepIsHandedOnFailsWithTheErrorAndTheLoopGoesOn() throws Exception {
        // The child's first step is next when main parks: the virtual engine begins it on main's thread
        // (Task.beginHandedStep), the continuation engine on the loop's.
        assertAChildWhoseStrandCannotBeMadeFailsAndTheLoopGoesOn(false);
    }

    private static void assertAChildWhoseStrandCannotBeMadeFailsAndTheLoopGoesOn(boolean callbackFirst)
            throws Exception {
        FailingFactory factory = new FailingFactory(StrandEngine.get());
        try (EventLoop loop = loopOn(factory)) {
            String seen = loop.runUntilComplete(loop.createTask(() -> {
                Task<?> main = loop.currentTask();
                if (callbackFirst) {
                    loop.callSoon(() -> {});
                }
                factory.failing = true;
                Task<String> child = loop.createTask(() -> "never", "child");
                Throwable thrown = catchThrowable(child::await);
                factory.failing = false;
                assertThat(thrown).isInstanceOf(SimulatedOutOfMemory.class);
                assertThat(child.exception()).isSameAs(thrown);
                assertThat(loop.allTasks()).as("the child is done").containsExactly(main);
                assertThat(loop.currentTask()).isSameAs(main);
                return loop.createTask(() -> "a later task runs").await();
            }));
            assertThat(seen).isEqualTo("a later task runs");
            assertThat(loop.allTasks()).isEmpty();
        }
    }
}
