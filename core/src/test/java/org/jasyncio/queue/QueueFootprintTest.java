package org.jasyncio.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * What a queue costs before it holds anything, and that a small bound's queue is made whole
 * ({@link DequeStore#PRESIZE_LIMIT}): counted as the bytes this thread allocates (HotSpot's
 * per-thread allocation counter, exact to the byte), over many queues so that one-off allocations
 * (a class's first use) do not count.
 */
class QueueFootprintTest {
    private static final int QUEUES = 2_000;

    /**
     * This thread's allocated bytes: {@code com.sun.management.ThreadMXBean}'s, reached by reflection
     * (its module, jdk.management, is not one the core module reads; reflection does not need it to).
     */
    private static long allocated() {
        try {
            return (long) ALLOCATED.invoke(ManagementFactory.getThreadMXBean());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static final java.lang.reflect.Method ALLOCATED;

    static {
        try {
            ALLOCATED = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("this JVM counts no allocated bytes per thread (HotSpot does)", e);
        }
    }

    /** What measuring nothing allocates (the counter's boxed result, the reflective call). */
    private static long noise() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long before = allocated();
            least = Math.min(least, allocated() - before);
        }
        return least;
    }

    /** The bytes allocated per queue of {@code maxsize} made (kept reachable until measured). */
    private static long perQueue(int maxsize) {
        Queue<?>[] keep = new Queue<?>[QUEUES];
        for (int i = 0; i < QUEUES; i++) {
            keep[i] = new Queue<>(maxsize); // classes loaded, paths warm
        }
        keep = new Queue<?>[QUEUES];
        long before = allocated();
        for (int i = 0; i < QUEUES; i++) {
            keep[i] = new Queue<>(maxsize);
        }
        long bytes = allocated() - before;
        assertThat(keep[QUEUES - 1]).isNotNull();
        return bytes / QUEUES;
    }

    @Test
    void anIdleQueueOfALargeBoundCostsAFewHundredBytesMoreThanAnUnboundedOne() {
        long unbounded = perQueue(0);
        long large = perQueue(100_000);
        long thousand = perQueue(1_000);
        // the deque's room for 128 items (129 slots of 4 or 8 bytes) more than its default 17: at
        // most ~1 KB, not the 4-8 KB of room for 1,024 items it was made with before
        assertThat(large - unbounded).isBetween(1L, 1_100L);
        assertThat(thousand).isEqualTo(large);
    }

    @Test
    void aSmallBoundIsMadeWholeSoItsFirstFillDoesNotGrowTheDeque() {
        Queue<Integer> q = new Queue<>(100);
        long noise = noise();
        for (int round = 0; round < 3; round++) {
            long before = allocated();
            for (int i = 0; i < 100; i++) {
                q.putNowait(i); // cached Integers: nothing of the items' own is allocated
            }
            long filling = allocated() - before - noise;
            assertThat(q.full()).isTrue();
            // zero when measured alike; the bound leaves room for the counter's own boxing, which
            // the JIT may or may not remove at either call: a grown deque would be 400+ bytes
            assertThat(filling)
                    .as("bytes allocated filling a Queue(100), round " + round)
                    .isLessThan(64);
            for (int i = 0; i < 100; i++) {
                assertThat(q.getNowait()).isEqualTo(i);
                q.taskDone();
            }
        }
    }

    @Test
    void aLargeBoundStillHoldsItsBoundByGrowing() {
        Queue<Integer> q = new Queue<>(5_000);
        for (int i = 0; i < 5_000; i++) {
            q.putNowait(i);
        }
        assertThat(q.full()).isTrue();
        for (int i = 0; i < 5_000; i++) {
            assertThat(q.getNowait()).isEqualTo(i);
        }
        assertThat(q.empty()).isTrue();
    }
}
