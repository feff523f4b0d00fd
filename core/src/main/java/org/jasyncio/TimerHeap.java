package org.jasyncio;

import java.util.Arrays;

/**
 * A binary min-heap of timers ordered by (due time, sequence). Loop thread only.
 *
 * <p>Why not {@link java.util.PriorityQueue}: we want the index kept in each handle (for compaction
 * without a search) and no boxing or comparator indirection on the hot path.
 */
final class TimerHeap {
    /** asyncio's _MIN_SCHEDULED_TIMER_HANDLES and _MIN_CANCELLED_TIMER_HANDLES_FRACTION. */
    private static final int MIN_TIMERS_TO_COMPACT = 100;

    private TimerHandle[] heap = new TimerHandle[16];
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
        return size == 0 ? null : heap[0];
    }

    void add(TimerHandle h) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = h;
        h.heapIndex = size;
        siftUp(size++);
    }

    TimerHandle poll() {
        TimerHandle top = heap[0];
        removeAt(0);
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

    private void compact() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            TimerHandle h = heap[i];
            if (h.cancelled()) {
                h.heapIndex = -1;
            } else {
                heap[n++] = h;
            }
        }
        Arrays.fill(heap, n, size, null);
        size = n;
        cancelledCount = 0;
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = i;
        }
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    private void removeAt(int i) {
        TimerHandle removed = heap[i];
        removed.heapIndex = -1;
        int last = --size;
        if (i != last) {
            heap[i] = heap[last];
            heap[i].heapIndex = i;
            heap[last] = null;
            siftDown(i);
            siftUp(i);
        } else {
            heap[last] = null;
        }
    }

    private void siftUp(int i) {
        TimerHandle h = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TimerHandle p = heap[parent];
            if (!h.dueBefore(p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = h;
        h.heapIndex = i;
    }

    private void siftDown(int i) {
        TimerHandle h = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].dueBefore(heap[child])) {
                child = right;
            }
            if (!heap[child].dueBefore(h)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = h;
        h.heapIndex = i;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = -1;
            heap[i] = null;
        }
        size = 0;
        cancelledCount = 0;
    }
}
