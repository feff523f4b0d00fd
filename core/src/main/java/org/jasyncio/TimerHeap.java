package org.jasyncio;

import java.util.Arrays;

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
 */
final class TimerHeap {
    /** asyncio's _MIN_SCHEDULED_TIMER_HANDLES and _MIN_CANCELLED_TIMER_HANDLES_FRACTION. */
    private static final int MIN_TIMERS_TO_COMPACT = 100;
    /** What {@link TimerHandle#heapIndex} holds while the handle is in a heap. */
    private static final int IN_HEAP = 0;
    /** What {@link TimerHandle#heapIndex} holds while it is not. */
    private static final int NOT_IN_HEAP = -1;

    /** Invariant: slots {@code [0, size)} hold the heap, each node due no later than its children; the rest are null. */
    private TimerHandle[] handles = new TimerHandle[16];
    /** Invariant: {@code when[i] == handles[i].whenNanos} for {@code i < size}. */
    private long[] when = new long[16];
    /** Invariant: {@code seq[i] == handles[i].sequence} for {@code i < size}. */
    private long[] seq = new long[16];

    private int size;
    /** Invariant: the number of cancelled handles still in the heap. */
    private int cancelledCount;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    TimerHandle peek() {
        return size == 0 ? null : handles[0];
    }

    void add(TimerHandle h) {
        if (size == handles.length) {
            int capacity = size * 2;
            handles = Arrays.copyOf(handles, capacity);
            when = Arrays.copyOf(when, capacity);
            seq = Arrays.copyOf(seq, capacity);
        }
        h.heapIndex = IN_HEAP;
        siftUp(size++, h, h.whenNanos, h.sequence);
    }

    TimerHandle poll() {
        TimerHandle top = handles[0];
        int last = --size;
        if (last > 0) {
            TimerHandle moved = handles[last];
            long w = when[last];
            long s = seq[last];
            handles[last] = null;
            siftDown(0, moved, w, s);
        } else {
            handles[0] = null;
        }
        top.heapIndex = NOT_IN_HEAP;
        if (top.countedCancelled) {
            cancelledCount--;
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

    int cancelledCount() {
        return cancelledCount;
    }

    /** Drops every cancelled handle and rebuilds the heap bottom-up (Floyd's method: O(n)). */
    private void compact() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            TimerHandle h = handles[i];
            if (h.cancelled()) {
                h.heapIndex = NOT_IN_HEAP;
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

    /** Whether key (w1, s1) is due before key (w2, s2); times compared as a clock's nanoTime is. */
    private static boolean before(long w1, long s1, long w2, long s2) {
        return w1 != w2 ? w1 - w2 < 0 : s1 < s2;
    }

    /** Places {@code h} (keys {@code w}, {@code s}) at the hole {@code i} or above it. */
    private void siftUp(int i, TimerHandle h, long w, long s) {
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pw = when[parent];
            long ps = seq[parent];
            if (!before(w, s, pw, ps)) {
                break;
            }
            handles[i] = handles[parent];
            when[i] = pw;
            seq[i] = ps;
            i = parent;
        }
        handles[i] = h;
        when[i] = w;
        seq[i] = s;
    }

    /** Places {@code h} (keys {@code w}, {@code s}) at the hole {@code i} or below it. */
    private void siftDown(int i, TimerHandle h, long w, long s) {
        int n = size;
        while (true) {
            int first = (i << 2) + 1;
            if (first >= n) {
                break;
            }
            int end = Math.min(first + 4, n);
            int child = first;
            long cw = when[first];
            long cs = seq[first];
            for (int c = first + 1; c < end; c++) {
                long xw = when[c];
                long xs = seq[c];
                if (before(xw, xs, cw, cs)) {
                    child = c;
                    cw = xw;
                    cs = xs;
                }
            }
            if (!before(cw, cs, w, s)) {
                break;
            }
            handles[i] = handles[child];
            when[i] = cw;
            seq[i] = cs;
            i = child;
        }
        handles[i] = h;
        when[i] = w;
        seq[i] = s;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            handles[i].heapIndex = NOT_IN_HEAP;
            handles[i] = null;
        }
        size = 0;
        cancelledCount = 0;
    }
}
