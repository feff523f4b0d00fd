package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.jasyncio.Fixtures.now;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.testing.AsyncTest;

/** {@link TaskGroup}: asyncio's {@code TaskGroup}, with the semantics documented in its Javadoc. */
class TaskGroupTest {
    @AsyncTest
    void closeWaitsForEveryChild() throws Exception {
        Task<String> a;
        Task<String> b;
        try (var tg = new TaskGroup()) {
            a = tg.createTask(() -> {
                Asyncio.sleep(1.0);
                return "a";
            });
            b = tg.createTask(
                    () -> {
                        Asyncio.sleep(3.0);
                        return "b";
                    },
                    "named-b");
            assertThat(tg.tasks()).containsExactly(a, b);
            assertThat(tg.state()).isEqualTo(TaskGroup.State.OPEN);
        }
        assertThat(now()).isEqualTo(3.0);
        assertThat(a.result()).isEqualTo("a");
        assertThat(b.result()).isEqualTo("b");
        assertThat(b.getName()).isEqualTo("named-b");
    }

    @AsyncTest
    void voidChildrenAndAnEmptyGroup() throws Exception {
        List<String> log = new ArrayList<>();
        try (var tg = new TaskGroup()) {
            tg.createTask(() -> {
                Asyncio.sleep(1.0);
                log.add("void child");
            });
            tg.createTask(
                    () -> {
                        log.add("named void child");
                    },
                    "v");
        }
        assertThat(log).containsExactlyInAnyOrder("void child", "named void child");
        try (var tg = new TaskGroup()) {
            assertThat(tg.tasks()).isEmpty();
        }
        assertThat(now()).isEqualTo(1.0);
    }

    @AsyncTest
    void childrenCreatedWhileCloseWaitsAreAwaitedToo() throws Exception {
        List<String> log = new ArrayList<>();
        try (var tg = new TaskGroup()) {
            tg.createTask(() -> {
                Asyncio.sleep(1.0);
                tg.createTask(() -> {
                    Asyncio.sleep(2.0);
                    log.add("grandchild done");
                });
            });
        }
        assertThat(log).containsExactly("grandchild done");
        assertThat(now()).isEqualTo(3.0);
    }

    @AsyncTest
    void firstFailureCancelsTheSiblingsAndTheErrorListsAllFailures() {
        List<String> log = new ArrayList<>();
        IOException first = new IOException("first");
        IllegalStateException second = new IllegalStateException("second");
        TaskGroup[] group = {null};
        Throwable e = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                group[0] = tg;
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw first;
                });
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw second;
                }); // fails in the same iteration
                tg.createTask(() -> {
                    try {
                        Asyncio.sleep(10.0);
                    } catch (CancelledError c) {
                        log.add("sibling cancelled at " + now());
                        throw c;
                    }
                });
            }
        });
        assertThat(e).isInstanceOf(TaskGroupError.class);
        TaskGroupError tge = (TaskGroupError) e;
        assertThat(tge.exceptions()).containsExactly(first, second);
        assertThat(tge.getCause()).isSameAs(first);
        assertThat(tge.getMessage())
                .contains("2 of 3 child tasks")
                .contains("first")
                .contains("second");
        assertThat(log).containsExactly("sibling cancelled at 1.0");
        assertThat(now()).isEqualTo(1.0);
        assertThat(group[0].state()).isEqualTo(TaskGroup.State.CLOSED);
    }

    @AsyncTest
    @SuppressWarnings("finally")
    void aFailureDuringTheSiblingsCleanupIsCollectedToo() {
        IOException first = new IOException("first");
        IllegalArgumentException cleanup = new IllegalArgumentException("cleanup failed");
        Throwable e = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw first;
                });
                tg.createTask(() -> {
                    try {
                        Asyncio.sleep(10.0);
                    } finally {
                        Asyncio.sleep(0.5);
                        throw cleanup;
                    }
                });
            }
        });
        assertThat(e).isInstanceOf(TaskGroupError.class);
        assertThat(((TaskGroupError) e).exceptions()).containsExactly(first, cleanup);
        assertThat(now()).isEqualTo(1.5);
    }

    @AsyncTest
    void aChildFailureInterruptsTheBlockAtItsNextSuspension() {
        List<String> log = new ArrayList<>();
        IOException boom = new IOException("boom");
        TaskGroupError[] interrupting = {null};
        Throwable e = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                });
                try {
                    Asyncio.sleep(100.0);
                    log.add("block not interrupted");
                } catch (TaskGroupError interrupted) {
                    log.add("block interrupted at " + now());
                    interrupting[0] = interrupted;
                    throw interrupted;
                }
            }
        });
        assertThat(log).containsExactly("block interrupted at 1.0");
        assertThat(e)
                .as("the error that interrupted the block is the one that leaves it")
                .isSameAs(interrupting[0]);
        assertThat(((TaskGroupError) e).exceptions()).containsExactly(boom);
        assertThat(Asyncio.currentTask().cancelling()).isZero();
    }

    @AsyncTest
    void anInterruptingErrorOnItsWayOutLeavesTheBlockAloneWithoutACopyOfItselfAsSuppressed() {
        IOException boom = new IOException("boom");
        Throwable e = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                });
                Asyncio.sleep(100.0);
            }
        });
        assertThat(e)
                .as("not an IllegalArgumentException from a self-suppression")
                .isInstanceOf(TaskGroupError.class);
        assertThat(e.getSuppressed())
                .as("close() throws a copy of its own (it cannot know the block let the error"
                        + " out), which the error on its way out does not take: it would print the same failures twice")
                .isEmpty();
        assertThat(((TaskGroupError) e).exceptions()).containsExactly(boom);
    }

    @AsyncTest
    void aFailureTheBlockCaughtAroundASleepIsThrownAgainByClose() {
        IOException boom = new IOException("boom");
        List<String> log = new ArrayList<>();
        Throwable[] caught = {null};
        Throwable e = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                });
                try {
                    Asyncio.sleep(100.0);
                } catch (Exception interrupted) {
                    caught[0] = interrupted;
                }
                log.add("block carried on at " + now());
            }
        });
        assertThat(log).containsExactly("block carried on at 1.0");
        assertThat(caught[0]).isInstanceOf(TaskGroupError.class);
        assertThat(e)
                .as("a failure the block swallowed must still come out of close()")
                .isInstanceOf(TaskGroupError.class)
                .isNotSameAs(caught[0]);
        assertThat(((TaskGroupError) e).exceptions()).containsExactly(boom);
        assertThat(e.getSuppressed()).isEmpty();
    }

    @AsyncTest
    void aFailureTheBlockCaughtAroundAQueueGetIsThrownByCloseWithTheLaterFailures() {
        IOException first = new IOException("first");
        IOException later = new IOException("later");
        org.jasyncio.queue.Queue<Integer> queue = new org.jasyncio.queue.Queue<>();
        List<String> log = new ArrayList<>();
        Throwable e = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                failFirstThenLaterWhenCancelled(tg, first, later);
                try {
                    queue.get();
                } catch (Exception stopped) {
                    log.add("get() stopped by " + stopped.getClass().getSimpleName());
                }
            }
        });
        assertThat(log).containsExactly("get() stopped by TaskGroupError");
        assertThat(e).as("close() throws what the block swallowed").isInstanceOf(TaskGroupError.class);
        assertThat(((TaskGroupError) e).exceptions())
                .as("with the failures that came after it")
                .containsExactly(first, later);
        assertThat(now()).isEqualTo(2.0);
    }

    @AsyncTest
    void theInterruptingErrorCollectsFailuresThatHappenAfterIt() {
        IOException first = new IOException("first");
        IOException later = new IOException("later");
        Throwable e = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                failFirstThenLaterWhenCancelled(tg, first, later);
                Asyncio.sleep(100.0);
            }
        });
        assertThat(((TaskGroupError) e).exceptions()).containsExactly(first, later);
        assertThat(now()).isEqualTo(2.0);
    }

    @AsyncTest
    void afterAFailureCreateTaskIsRefused() {
        Throwable[] refused = {null};
        Throwable e = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    throw new IOException("boom");
                });
                tg.createTask(() -> {
                    try {
                        Asyncio.sleep(10.0);
                    } finally {
                        refused[0] = catchThrowable(() -> tg.createTask(() -> "late"));
                    }
                });
            }
        });
        assertThat(e).isInstanceOf(TaskGroupError.class);
        assertThat(refused[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("shutting down");
    }

    @AsyncTest
    void aCancelledChildIsNotAFailure() throws Exception {
        Task<String> victim;
        Task<String> other;
        try (var tg = new TaskGroup()) {
            victim = tg.createTask(() -> {
                Asyncio.sleep(10.0);
                return "v";
            });
            other = tg.createTask(() -> {
                Asyncio.sleep(2.0);
                return "o";
            });
            Asyncio.sleep(1.0);
            victim.cancel();
        }
        assertThat(victim.cancelled()).isTrue();
        assertThat(other.result()).isEqualTo("o");
    }

    @AsyncTest
    void cancelAllCancelsTheChildrenAndTheGroupStaysUsable() throws Exception {
        Task<String> a;
        Task<String> late;
        try (var tg = new TaskGroup()) {
            a = tg.createTask(() -> {
                Asyncio.sleep(10.0);
                return "a";
            });
            Asyncio.sleep(1.0);
            tg.cancelAll();
            late = tg.createTask(() -> "late");
        }
        assertThat(a.cancelled()).isTrue();
        assertThat(late.result()).isEqualTo("late");
        assertThat(now()).isEqualTo(1.0);
    }

    @AsyncTest
    void outerCancellationCancelsTheChildrenAndPropagates() {
        List<String> log = new ArrayList<>();
        Task<Void> parent = Asyncio.createTask(() -> {
            try (var tg = new TaskGroup()) {
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    tg.createTask(() -> {
                        try {
                            Asyncio.sleep(10.0);
                        } finally {
                            Asyncio.sleep(0.5);
                            log.add("child " + n + " cleaned up");
                        }
                    });
                }
            }
        });
        Asyncio.getRunningLoop().callLater(1.0, () -> parent.cancel("shutdown"));
        assertThatThrownBy(parent::await).isInstanceOf(CancelledError.class).hasMessage("shutdown");
        assertThat(log).containsExactlyInAnyOrder("child 0 cleaned up", "child 1 cleaned up", "child 2 cleaned up");
        assertThat(now()).as("the parent ends after its children's cleanup").isEqualTo(1.5);
        assertThat(Asyncio.allTasks()).containsExactly(Asyncio.currentTask());
    }

    @AsyncTest
    void outerCancellationWhileTheBlockRunsCancelsTheChildren() {
        Task<?>[] child = {null};
        Task<Void> parent = Asyncio.createTask(() -> {
            try (var tg = new TaskGroup()) {
                child[0] = tg.createTask(() -> {
                    Asyncio.sleep(10.0);
                    return "c";
                });
                Asyncio.sleep(5.0);
            }
        });
        Asyncio.getRunningLoop().callLater(1.0, () -> parent.cancel());
        assertThatThrownBy(parent::await).isInstanceOf(CancelledError.class);
        assertThat(child[0].cancelled()).isTrue();
        assertThat(now()).isEqualTo(1.0);
    }

    @AsyncTest
    void aChildFailureRacingAnOuterCancelIsNotLost() throws Exception {
        // The child fails, then in the same loop iteration the parent is cancelled: the cancellation
        // reaches the block first, and the failure must still come out of close() (as a suppressed error).
        IOException boom = new IOException("boom");
        List<Throwable> suppressed = new ArrayList<>();
        Task<Void> parent = Asyncio.createTask(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                });
                Asyncio.sleep(10.0);
            } catch (CancelledError e) {
                suppressed.addAll(List.of(e.getSuppressed()));
                throw e;
            }
        });
        Asyncio.sleep(0); // the parent starts and creates its child
        Asyncio.sleep(0); // the child starts: its timer for t=1 comes before the one below
        Asyncio.getRunningLoop().callAt(1.0, () -> parent.cancel("outer"));
        assertThatThrownBy(parent::await).isInstanceOf(CancelledError.class);
        assertThat(suppressed).singleElement().isInstanceOf(TaskGroupError.class);
        assertThat(((TaskGroupError) suppressed.get(0)).exceptions()).containsExactly(boom);
    }

    @AsyncTest
    void aChildFailureJustBeforeAnOuterCancelInterruptsTheBlock() {
        IOException boom = new IOException("boom");
        Task<Void> parent = Asyncio.createTask(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                });
                Asyncio.sleep(10.0);
            }
        });
        EventLoop loop = Asyncio.getRunningLoop();
        // t=1: the child fails; next iteration: its group learns it and interrupts the parent; the
        // cancel() comes one iteration later still, before the parent has run.
        loop.callAt(1.0, () -> loop.callSoon(() -> loop.callSoon(() -> parent.cancel())));
        Throwable e = catchThrowable(parent::await);
        assertThat(e)
                .as("errors have priority over the cancellation, as in asyncio")
                .isInstanceOf(TaskGroupError.class);
        assertThat(((TaskGroupError) e).exceptions()).containsExactly(boom);
    }

    @AsyncTest
    void anEnclosingTimeoutCancelsTheChildrenAndItsTimeoutErrorPropagates() {
        Task<?>[] child = {null};
        Throwable e = catchThrowable(() -> {
            try (var t = Asyncio.timeout(2.0)) {
                try (var tg = new TaskGroup()) {
                    child[0] = tg.createTask(() -> {
                        Asyncio.sleep(10.0);
                        return "c";
                    });
                }
            }
        });
        assertThat(e).isInstanceOf(TimeoutError.class);
        assertThat(child[0].cancelled()).isTrue();
        assertThat(now()).isEqualTo(2.0);
        assertThat(Asyncio.currentTask().cancelling()).isZero();
    }

    @AsyncTest
    void anEnclosingTimeoutWhileTheBlockSleeps() {
        Task<?>[] child = {null};
        Throwable e = catchThrowable(() -> {
            try (var t = Asyncio.timeout(2.0)) {
                try (var tg = new TaskGroup()) {
                    child[0] = tg.createTask(() -> {
                        Asyncio.sleep(10.0);
                        return "c";
                    });
                    Asyncio.sleep(5.0);
                }
            }
        });
        assertThat(e).isInstanceOf(TimeoutError.class);
        assertThat(child[0].cancelled()).isTrue();
        assertThat(Asyncio.currentTask().cancelling()).isZero();
    }

    @AsyncTest
    void aChildTimeoutIsAFailureOfThatChild() {
        Throwable e = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    try (var t = Asyncio.timeout(1.0)) {
                        Asyncio.sleep(5.0);
                    }
                });
            }
        });
        assertThat(e).isInstanceOf(TaskGroupError.class);
        assertThat(((TaskGroupError) e).exceptions()).singleElement().isInstanceOf(TimeoutError.class);
    }

    @AsyncTest
    void createTaskAfterCloseIsRefusedWithAClearMessage() {
        TaskGroup g;
        try (var tg = new TaskGroup()) {
            g = tg;
        }
        assertThat(g.state()).isEqualTo(TaskGroup.State.CLOSED);
        assertThatThrownBy(() -> g.createTask(() -> "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TaskGroup <TaskGroup")
                .hasMessageContaining("is closed: createTask() must be called inside its block");
        assertThat(Asyncio.allTasks()).as("no task was created").containsExactly(Asyncio.currentTask());
    }

    @AsyncTest
    void theBodyExceptionWinsAndChildFailuresAreSuppressed() {
        IllegalStateException body = new IllegalStateException("body failed");
        IOException child = new IOException("child failed");
        Throwable e = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw child;
                });
                throw body;
            }
        });
        assertThat(e).isSameAs(body);
        assertThat(e.getSuppressed()).singleElement().isInstanceOf(TaskGroupError.class);
        assertThat(((TaskGroupError) e.getSuppressed()[0]).exceptions()).containsExactly(child);
    }

    @AsyncTest
    void theBodyExceptionWaitsForTheChildrenWithoutCancellingThem() {
        IllegalStateException body = new IllegalStateException("body failed");
        Task<?>[] child = {null};
        Throwable e = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                child[0] = tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    return "ok";
                });
                throw body;
            }
        });
        assertThat(e).isSameAs(body).hasNoSuppressedExceptions();
        assertThat(child[0].cancelled()).isFalse();
        assertThat(now()).isEqualTo(1.0);
    }

    @AsyncTest
    void closingTwiceOrFromAnotherTaskIsRefused() throws Exception {
        var tg = new TaskGroup();
        Task<Void> other = Asyncio.createTask(() -> tg.close());
        assertThatThrownBy(other::await)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to");
        tg.close();
        assertThatThrownBy(tg::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed twice");
    }

    @AsyncTest
    void aGroupOutsideATaskIsRefused() throws Exception {
        Future<Object> seen = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callSoon(() -> {
            try {
                new TaskGroup();
                seen.setResult("no error");
            } catch (Throwable e) {
                seen.setResult(e);
            }
        });
        assertThat(seen.await())
                .isInstanceOf(IllegalStateException.class)
                .asString()
                .contains("new TaskGroup()");
    }

    @AsyncTest
    void nestedGroupsTheInnerFailurePropagatesThroughTheOuterBlock() {
        IOException boom = new IOException("inner child failed");
        Task<?>[] outerChild = {null};
        Throwable e = catchThrowable(() -> {
            try (var outer = new TaskGroup()) {
                outerChild[0] = outer.createTask(() -> {
                    Asyncio.sleep(2.0);
                    return "outer child";
                });
                try (var inner = new TaskGroup()) {
                    inner.createTask(() -> {
                        Asyncio.sleep(1.0);
                        throw boom;
                    });
                }
            }
        });
        assertThat(e).isInstanceOf(TaskGroupError.class);
        assertThat(((TaskGroupError) e).exceptions()).containsExactly(boom);
        assertThat(outerChild[0].done())
                .as("the outer group still waited for its own child")
                .isTrue();
    }

    @AsyncTest
    void anOuterFailureWhileTheInnerGroupClosesCancelsAndAwaitsTheInnerChildren() {
        IOException boom = new IOException("outer child failed");
        List<String> log = new ArrayList<>();
        Throwable e = catchThrowable(() -> {
            try (var outer = new TaskGroup()) {
                outer.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                });
                try (var inner = new TaskGroup()) {
                    inner.createTask(() -> {
                        try {
                            Asyncio.sleep(10.0);
                        } catch (CancelledError c) {
                            Asyncio.sleep(0.5); // cleanup that must finish before the inner block ends
                            log.add("inner child cleaned up at " + now());
                            throw c;
                        }
                    });
                } // waiting here when the outer child fails
                log.add("after the inner block"); // not reached: the outer failure goes on out
            }
        });
        assertThat(e).isInstanceOf(TaskGroupError.class);
        assertThat(((TaskGroupError) e).exceptions()).containsExactly(boom);
        assertThat(log)
                .as("the inner child was cancelled and awaited, not orphaned")
                .containsExactly("inner child cleaned up at 1.5");
        assertThat(Asyncio.allTasks()).as("no task outlives the blocks").containsExactly(Asyncio.currentTask());
    }

    // ---- issue 16 B: an interruption received while the group fails is not dropped ----

    @AsyncTest
    void theIssueSampleAnOuterGroupsFailureStillInterruptsTheOuterBlockWhenTheInnerGroupFailedToo() {
        IllegalStateException innerFailure = new IllegalStateException("inner child");
        IllegalArgumentException outerFailure = new IllegalArgumentException("outer child");
        List<String> log = new ArrayList<>();
        Throwable e = catchThrowable(() -> {
            try (var outerTg = new TaskGroup()) {
                try (var innerTg = new TaskGroup()) {
                    innerTg.createTask(() -> {
                        Asyncio.sleep(0.0);
                        throw innerFailure;
                    });
                    outerTg.createTask(() -> {
                        Asyncio.sleep(0.0);
                        throw outerFailure;
                    });
                } catch (TaskGroupError inner) {
                    log.add("inner group: " + inner.exceptions());
                }
                Asyncio.sleep(3600.0);
                log.add("slept the full hour");
            }
        });
        assertThat(log).containsExactly("inner group: " + List.of(innerFailure));
        assertThat(e).isInstanceOf(TaskGroupError.class);
        assertThat(((TaskGroupError) e).exceptions()).containsExactly(outerFailure);
        assertThat(now()).as("interrupted at once, as in asyncio").isZero();
    }

    @AsyncTest
    void anOutsideCancelWhileCloseWaitsIsNotLostWhenAChildThenFailsInItsCleanup() {
        IOException cleanupFailure = new IOException("failed in its cleanup");
        List<String> log = new ArrayList<>();
        Task<String> parent = Asyncio.createTask(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    try {
                        Asyncio.sleep(10.0);
                    } catch (CancelledError c) {
                        Asyncio.sleep(0.5);
                        throw cleanupFailure;
                    }
                });
            } catch (TaskGroupError e) {
                log.add("caught " + e.exceptions() + " at " + now());
            }
            Asyncio.sleep(5.0); // asyncio cancels it again here
            return "ran on";
        });
        Asyncio.getRunningLoop().callLater(1.0, () -> parent.cancel("outside"));
        assertThatThrownBy(parent::await).isInstanceOf(CancelledError.class).hasMessage("outside");
        assertThat(parent.cancelled()).isTrue();
        assertThat(parent.cancelling()).isEqualTo(1);
        assertThat(log).containsExactly("caught " + List.of(cleanupFailure) + " at 1.5");
        assertThat(now()).isEqualTo(1.5);
    }

    @AsyncTest
    void aCancelTakenBackWhileCloseWaitsIsNotRequestedAgain() throws Exception {
        IOException cleanupFailure = new IOException("failed in its cleanup");
        List<String> log = new ArrayList<>();
        Task<String> parent = Asyncio.createTask(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    try {
                        Asyncio.sleep(10.0);
                    } catch (CancelledError c) {
                        Asyncio.sleep(0.5);
                        throw cleanupFailure;
                    }
                });
            } catch (TaskGroupError e) {
                log.add("caught " + e.exceptions());
            }
            Asyncio.sleep(5.0); // asyncio: cancelling() is 0 at the group's exit, so no new cancel
            return "ran on to " + now();
        });
        EventLoop loop = Asyncio.getRunningLoop();
        loop.callLater(1.0, () -> parent.cancel());
        loop.callLater(1.2, () -> assertThat(parent.uncancel()).isZero());
        assertThat(parent.await()).isEqualTo("ran on to 6.5");
        assertThat(log).containsExactly("caught " + List.of(cleanupFailure));
    }

    @AsyncTest
    void anEnclosingTimeoutExpiringWhileCloseWaitsStillEndsItsBlockWhenAChildFailsInItsCleanup() {
        IOException cleanupFailure = new IOException("failed in its cleanup");
        List<String> log = new ArrayList<>();
        try (var t = Asyncio.timeout(1.0)) {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    try {
                        Asyncio.sleep(10.0);
                    } catch (CancelledError c) {
                        Asyncio.sleep(0.5);
                        throw cleanupFailure;
                    }
                });
            } catch (TaskGroupError e) {
                log.add("caught " + e.exceptions());
            }
            Asyncio.sleep(5.0);
            log.add("not reached");
        } catch (TimeoutError e) {
            log.add("timed out, left the block at " + now());
        }
        assertThat(log).containsExactly("caught " + List.of(cleanupFailure), "timed out, left the block at 1.5");
        assertThat(Asyncio.currentTask().cancelling()).isZero();
    }

    @AsyncTest
    void aCancelThatArrivedWithTheGroupsOwnInterruptIsRequestedAgainIfTheBlockCaughtIt() {
        IOException boom = new IOException("boom");
        List<String> log = new ArrayList<>();
        Task<String> parent = Asyncio.createTask(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                });
                try {
                    Asyncio.sleep(10.0);
                } catch (TaskGroupError e) {
                    log.add("block caught the group's error");
                }
            } catch (TaskGroupError e) {
                log.add("close threw it again");
            }
            Asyncio.sleep(5.0);
            return "ran on";
        });
        EventLoop loop = Asyncio.getRunningLoop();
        // t=1: the child fails; next iteration its group sends the error; then, before the parent
        // runs, it is cancelled: both reach it at the same suspension, as the group's error.
        loop.callAt(1.0, () -> loop.callSoon(() -> loop.callSoon(() -> parent.cancel("outside"))));
        assertThatThrownBy(parent::await).isInstanceOf(CancelledError.class).hasMessage("outside");
        assertThat(log).containsExactly("block caught the group's error", "close threw it again");
        assertThat(now()).isEqualTo(1.0);
    }

    @AsyncTest
    void anOuterGroupsFailureReachingTheInnerBlockCancelsTheInnerChildren() {
        IOException boom = new IOException("outer child failed");
        Task<?>[] innerChild = {null};
        Throwable e = catchThrowable(() -> {
            try (var outer = new TaskGroup()) {
                outer.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                });
                try (var inner = new TaskGroup()) {
                    innerChild[0] = inner.createTask(() -> Asyncio.sleep(10.0));
                    Asyncio.sleep(5.0); // interrupted at t=1 by the outer group's error
                }
            }
        });
        assertThat(e).isInstanceOf(TaskGroupError.class);
        assertThat(((TaskGroupError) e).exceptions()).containsExactly(boom);
        assertThat(innerChild[0].cancelled())
                .as("asyncio: the inner group sees the cancellation and aborts")
                .isTrue();
        assertThat(now()).isEqualTo(1.0);
    }

    @AsyncTest
    void aCancellationAbsorbedBeforeTheGroupDoesNotCancelItsChildren() throws Exception {
        Task<Integer> absorbing = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
            } catch (CancelledError e) {
                return 1;
            }
            return 0;
        });
        Task<String> parent = Asyncio.createTask(() -> {
            absorbing.await(); // cancelled here; the awaited task absorbs it and returns 1
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> Asyncio.sleep(2.0));
            }
            return "children finished at " + now();
        });
        Asyncio.sleep(1.0);
        parent.cancel();
        assertThat(parent.await()).isEqualTo("children finished at 3.0");
        assertThat(parent.cancelling()).isEqualTo(1);
    }

    @AsyncTest
    void toStringShowsStateAndTasks() throws Exception {
        try (var tg = new TaskGroup()) {
            tg.createTask(() -> Asyncio.sleep(1.0));
            assertThat(tg.toString()).isEqualTo("<TaskGroup tasks=1 state=open>");
        }
    }

    @AsyncTest
    void aGroupMadeOutsideATaskIsRefusedWithTheRule() throws Exception {
        Future<Throwable> seen = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callSoon(() -> seen.setResult(catchThrowable(TaskGroup::new)));
        assertThat(seen.await())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("new TaskGroup() belongs to the task that runs its block (close() waits for the"
                        + " children there), so it must be called inside a task on a running event loop")
                .hasMessageContaining("in a callback of <EventLoop-");
    }

    /** Two children: one fails with {@code first} at 1 s; the other, cancelled, fails with {@code later} 1 s after. */
    private static void failFirstThenLaterWhenCancelled(TaskGroup tg, Exception first, Exception later) {
        tg.createTask(() -> {
            Asyncio.sleep(1.0);
            throw first;
        });
        tg.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
            } catch (CancelledError c) {
                Asyncio.sleep(1.0);
                throw later;
            }
        });
    }
}
