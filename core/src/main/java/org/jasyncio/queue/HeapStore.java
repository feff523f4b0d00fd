package org.jasyncio.queue;

import java.util.Comparator;

/**
 * The {@link Store} of a {@link PriorityQueue}, smallest item first: a binary heap of (item, arrival
 * number), the number breaking ties so that equal items come out in the order they were put.
 */
final class HeapStore<T> implements Store<T> {
    private record Entry<T>(T item, long seq) {}

    private final Comparator<? super T> comparator;
    private final java.util.PriorityQueue<Entry<T>> heap;
    private long nextSeq;

    HeapStore(Comparator<? super T> comparator) {
        this.comparator = comparator;
        Comparator<Entry<T>> byItem = (a, b) -> compareItems(a.item(), b.item());
        this.heap = new java.util.PriorityQueue<>(byItem.thenComparingLong(Entry::seq));
    }

    @SuppressWarnings("unchecked")
    private int compareItems(T a, T b) {
        if (comparator != null) {
            return comparator.compare(a, b);
        }
        return ((Comparable<? super T>) a).compareTo(b);
    }

    @Override
    public void add(T item) {
        if (item == null) {
            throw new NullPointerException("PriorityQueue: a null item has no priority; put a non-null item");
        }
        if (comparator == null && !(item instanceof Comparable<?>)) {
            throw new ClassCastException("PriorityQueue without a comparator: item " + item + " of "
                    + item.getClass().getName() + " is not Comparable; give the queue a Comparator");
        }
        heap.add(new Entry<>(item, nextSeq++));
    }

    @Override
    public T remove() {
        return heap.remove().item();
    }

    @Override
    public int size() {
        return heap.size();
    }

    @Override
    public String kind() {
        return "PriorityQueue";
    }
}
