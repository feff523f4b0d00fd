/**
 * Queues for tasks, with Python 3.13's semantics: {@link org.jasyncio.queue.Queue} (FIFO),
 * {@link org.jasyncio.queue.PriorityQueue} and {@link org.jasyncio.queue.LifoQueue}, with
 * {@code put}/{@code get} and their {@code putNowait}/{@code getNowait} twins
 * ({@link org.jasyncio.queue.QueueFull}, {@link org.jasyncio.queue.QueueEmpty}), {@code join}/
 * {@code taskDone}, and {@code shutdown} ({@link org.jasyncio.queue.QueueShutDown}).
 *
 * <p>On top of them, the worker model: {@link org.jasyncio.queue.WorkerPool} runs {@code N} workers
 * over a queue, stops them cleanly and reports every failed job with its item; its static
 * {@link org.jasyncio.queue.WorkerPool#mapSettled mapSettled} and
 * {@link org.jasyncio.queue.WorkerPool#map map} run a list of items at most {@code N} at a time and
 * keep the results in input order ("fetch 1000 URLs, 50 at a time").
 *
 * <p>Waiters wait on the fair, cancellation-safe {@link org.jasyncio.sync.ParkingLot} of
 * {@code org.jasyncio.sync}. Loop thread only.
 */
package org.jasyncio.queue;
