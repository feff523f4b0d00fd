package org.jasyncio.redis;

/**
 * One delivery of a job to a worker.
 *
 * @param id the job's ID (its stream entry ID; what {@link StreamQueue#enqueue} returned)
 * @param payload the decoded payload
 * @param attempt 1 for the first delivery, more for a retry or a job reclaimed from a dead worker
 * @param <T> the payload type
 */
public record Job<T>(String id, T payload, long attempt) {}
