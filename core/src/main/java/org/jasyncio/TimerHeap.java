package org.jasyncio;

import java.util.Arrays;
import java.util.List;
import org.jasyncio.internal.Throwables;

/**
 * A min-heap of timers ordered by (due time, sequence). Loop thread only.
 *
 * <p>Why not {@link java.util.PriorityQueue}: no boxing or comparator indirection on the hot path, and
 * the layout below.
 *
 * <p><b>Layout (issue 14: 100k random sleeps).</b> A 4-ary heap whose keys live in two {@code long}
 * arrays beside the array of handles: a sift compares {@code when[i]}/{@code seq[i]} and never reads a
 * {@link TimerHandle}, which on a large heap of scattered objects was a cache miss at every level. With
 * four children per node the heap is half as deep as a binary one (about 8 levels for 100k timers, not
 * 17), and a node's four children's keys are adjacent, so one cache line holds them. The price is a
 * few more comparisons per level on the way down; on the way up (every {@code add}) it is only a gain.
 * The d-ary heap with keys kept apart from the values is the textbook remedy (LaMarca and Ladner's
 * "The influence of caches on the performance of heaps"; Go's runtime timer heap is 4-ary too).
 *
 * <p>A handle records only whether it is in the heap ({@link TimerHandle#heapIndex} {@code >= 0}), not
 * where: nothing looks a handle up by index (a cancelled timer stays put until it reaches the top or
 * the heap is compacted), and keeping an exact index would mean a write into each moved handle, the
 * very cache miss the layout avoids.
 *
 * <p><b>Two kinds of entry.</b> A {@link TimerHandle} ({@code callLater}/{@code callAt}), and a
 * {@link Task} sleeping in {@code sleep} (issue 14, round 5): a sleep needs no handle of its own, since
 * nobody outside the task can see or cancel its timer; the task itself is the entry, and its
 * {@link Task#sleepEntryLive(long) sleep sequence} tells whether the entry still stands (a cancelled
 * sleep leaves its entry behind, stale, as a cancelled handle does). That is one 48-byte object less per
 * sleep, allocated, kept alive while the task sleeps and copied by every young collection meanwhile.
 * Each stale entry is counted once, when it goes stale: a handle by {@link #cancelled(TimerHandle)}, a
 * sleep by {@link #cancelledSleep(long)}, which also drops the heap's reference to the task
 * (see there).
 */
final class TimerHeap {
    /** asyncio's _MIN_SCHEDULED_TIMER_HANDLES and _MIN_CANCELLED_TIMER_HANDLES_FRACTION. */
    private static final int MIN_TIMERS_TO_COMPACT = 100;
    /** What {@link TimerHandle#heapIndex} holds while the handle is in a heap. */
    private static final int IN_HEAP = 0;
    /** What {@link TimerHandle#heapIndex} holds while it is not. */
    private static final int NOT_IN_HEAP = -1;
    /**
     * Up to this many entries, a cancelled sleep's entry is found (a scan of {@link #seq}) and its task
     * replaced by {@link #STALE}, so the heap keeps no reference to the task (see {@link #cancelledSleep}).
     */
    private static final int MAX_SIZE_TO_UNLINK = 512;
    /** Stands in a cancelled sleep's entry instead of its task: always stale. */
    private static final Object STALE = new Object() {
        @Override
        public String toString() {
            return "cancelled sleep";
        }
    };

    /**
     * Invariant: slots {@code [0, size)} hold the heap, each node due no later than its children, each a
     * {@link TimerHandle} or a sleeping {@link Task}; the rest are null.
     */
    private Object[] handles = new Object[16];
    /** Invariant: {@code when[i]} is entry i's due time (a handle's {@code whenNanos}) for {@code i < size}. */
    private long[] when = new long[16];
    /** Invariant: {@code seq[i]} is entry i's sequence (a handle's {@code sequence}) for {@code i < size}. */
    private long[] seq = new long[16];

    private int size;
    /** Invariant: the number of cancelled handles still in the heap. */
    private int cancelledCount;
    /**
     * Tests only ({@link #failNextGrowth}): what the next growth throws instead of growing, as a failed
     * allocation would. Read on the growth's path only, never on an insertion that fits.
     */
    private Throwable growthFailure;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The first entry due (a {@link TimerHandle} or a sleeping {@link Task}), or null if empty. */
    Object peek() {
        return size == 0 ? null : handles[0];
    }

    /** The first entry's due time. Not empty. */
    long peekWhen() {
        return when[0];
    }

    /** Whether the first entry is stale: a cancelled handle or a sleep that was cancelled. Not empty. */
    boolean topCancelled() {
        return stale(handles[0], seq[0]);
    }

    private static boolean stale(Object e, long s) {
        if (e == STALE) {
            return true;
        }
        return e instanceof TimerHandle h ? h.cancelled() : !((Task<?>) e).sleepEntryLive(s);
    }

    void add(TimerHandle h) {
        grow();
        h.heapIndex = IN_HEAP;
        siftUp(size++, h, h.whenNanos, h.sequence);
    }

    /** Adds sleeping task {@code t}, due at {@code whenNanos}, as entry {@code sequence} (see the class). */
    void addSleep(Task<?> t, long whenNanos, long sequence) {
        grow();
        siftUp(size++, t, whenNanos, sequence);
    }

    private void grow() {
        if (size == handles.length) {
            growTo(size * 2);
        }
    }

    /**
     * Moves the entries to arrays of {@code capacity} slots. All three are made before any is replaced:
     * an allocation that fails ({@link OutOfMemoryError}) leaves the heap as it was, not with arrays of
     * two sizes (see {@code Task.armAskedSleep}, which counts on that).
     */
    private void growTo(int capacity) {
        Throwable failure = growthFailure;
        if (failure != null) {
            growthFailure = null;
            throw Throwables.<RuntimeException>sneaky(failure);
        }
        Object[] biggerHandles = Arrays.copyOf(handles, capacity);
        long[] biggerWhen = Arrays.copyOf(when, capacity);
        long[] biggerSeq = Arrays.copyOf(seq, capacity);
        handles = biggerHandles;
        when = biggerWhen;
        seq = biggerSeq;
    }

    /** How many entries fit before the heap grows (for tests). */
    int capacity() {
        return handles.length;
    }

    /**
     * Makes the next growth throw {@code failure} instead of growing, once (for tests: a stand-in for an
     * {@link OutOfMemoryError} that no test could cause on purpose and survive).
     */
    void failNextGrowth(Throwable failure) {
        growthFailure = failure;
    }

    /**
     * Takes the first entry out (a {@link TimerHandle}, a sleeping {@link Task}, or the stand-in of a
     * cancelled sleep, which {@link #topCancelled()} reports as stale). Not empty.
     */
    Object poll() {
        Object top = handles[0];
        long topSeq = seq[0];
        int last = --size;
        if (last > 0) {
            Object moved = handles[last];
            long w = when[last];
            long s = seq[last];
            handles[last] = null;
            siftDown(0, moved, w, s);
        } else {
            handles[0] = null;
        }
        if (top instanceof TimerHandle h) {
            h.heapIndex = NOT_IN_HEAP;
            if (h.countedCancelled) {
                cancelledCount--;
            }
        } else if (top == STALE || !((Task<?>) top).sleepEntryLive(topSeq)) {
            cancelledCount--; // a stale sleep was counted when it went stale (cancelledSleep)
        }
        return top;
    }

    /** Counts a cancelled timer; compacts the heap when more than half of it is cancelled. */
    void cancelled(TimerHandle h) {
        if (h.heapIndex < 0 || h.countedCancelled) {
            return;
        }
        h.countedCancelled = true;
        cancelledCount++;
        if (size > MIN_TIMERS_TO_COMPACT && cancelledCount * 2 > size) {
            compact();
        }
    }

    /**
     * Counts sleep entry {@code sequence}, which just went stale (its task's sleep was cancelled); may
     * compact, as above. Does nothing if the heap no longer holds it (the loop closed and cleared it).
     *
     * <p><b>What a stale sleep keeps alive.</b> The entry is the task itself, and a finished task holds
     * its body's lambda and captures, its context and its outcome (and its collection is what reports
     * an exception never retrieved). So in a heap of at most {@link #MAX_SIZE_TO_UNLINK} entries the
     * entry is found by its sequence (a scan of one {@code long} array, no sift: the keys stay) and the
     * task replaced by {@link #STALE}: nothing is retained. In a larger heap the scan is not worth it,
     * and the compaction bound holds instead: stale entries (cancelled handles and sleeps together) are
     * at most half of the heap, since more than half compacts it, so a cancelled sleep's task stays
     * reachable until its entry comes due, or until enough others go stale to compact the heap.
     */
    void cancelledSleep(long sequence) {
        if (size <= MAX_SIZE_TO_UNLINK) {
            int i = indexOf(sequence);
            if (i < 0) {
                return; // not in the heap (cleared at close): nothing to count
            }
            handles[i] = STALE;
        }
        cancelledCount++;
        if (size > MIN_TIMERS_TO_COMPACT && cancelledCount * 2 > size) {
            compact();
        }
    }

    private int indexOf(long sequence) {
        long[] seq = this.seq;
        for (int i = 0, n = size; i < n; i++) {
            if (seq[i] == sequence) {
                return i;
            }
        }
        return -1;
    }

    /** The entries, in heap order (for tests). */
    List<Object> entriesForTest() {
        return Arrays.asList(Arrays.copyOf(handles, size));
    }

    int cancelledCount() {
        return cancelledCount;
    }

    /** Drops every cancelled handle and rebuilds the heap bottom-up (Floyd's method: O(n)). */
    private void compact() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            Object h = handles[i];
            if (stale(h, seq[i])) {
                if (h instanceof TimerHandle th) {
                    th.heapIndex = NOT_IN_HEAP;
                }
            } else {
                handles[n] = h;
                when[n] = when[i];
                seq[n] = seq[i];
                n++;
            }
        }
        Arrays.fill(handles, n, size, null);
        size = n;
        cancelledCount = 0;
        for (int i = n <= 1 ? -1 : (n - 2) >>> 2; i >= 0; i--) {
            siftDown(i, handles[i], when[i], seq[i]);
        }
    }

    /**
     * Places {@code h} (keys {@code w}, {@code s}) at the hole {@code i} or above it. A sequence is read
     * only when two due times tie (see {@link #siftDown}).
     */
    private void siftUp(int i, Object h, long w, long s) {
        Object[] handles = this.handles;
        long[] when = this.when;
        long[] seq = this.seq;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pw = when[parent];
            if (pw != w ? w - pw >= 0 : s >= seq[parent]) {
                break; // not due before its parent
            }
            handles[i] = handles[parent];
            when[i] = pw;
            seq[i] = seq[parent];
            i = parent;
        }
        handles[i] = h;
        when[i] = w;
        seq[i] = s;
    }

    /**
     * Places {@code h} (keys {@code w}, {@code s}) at the hole {@code i} or below it. Compares due times
     * (as a clock's nanoTime is: by their difference) and reads a sequence only when two tie: with scattered due times,
     * a level down costs the cache lines of four {@code when} slots, and {@code seq} is touched once per
     * level, for the child that moves up (issue 14, round 5: the sift was 18% of a sleeping task's time).
     */
    private void siftDown(int i, Object h, long w, long s) {
        Object[] handles = this.handles;
        long[] when = this.when;
        long[] seq = this.seq;
        int n = size;
        while (true) {
            int first = (i << 2) + 1;
            if (first >= n) {
                break;
            }
            int end = Math.min(first + 4, n);
            int child = first;
            long cw = when[first];
            for (int c = first + 1; c < end; c++) {
                long xw = when[c];
                if (xw != cw ? xw - cw < 0 : seq[c] < seq[child]) {
                    child = c;
                    cw = xw;
                }
            }
            if (cw != w ? cw - w >= 0 : seq[child] >= s) {
                break; // h is not due after its first child
            }
            handles[i] = handles[child];
            when[i] = cw;
            seq[i] = seq[child];
            i = child;
        }
        handles[i] = h;
        when[i] = w;
        seq[i] = s;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            if (handles[i] instanceof TimerHandle h) {
                h.heapIndex = NOT_IN_HEAP;
            }
            handles[i] = null;
        }
        size = 0;
        cancelledCount = 0;
    }
}
