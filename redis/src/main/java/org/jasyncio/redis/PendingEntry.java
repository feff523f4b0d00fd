package org.jasyncio.redis;

import java.time.Duration;

/**
 * One entry of a consumer group's pending list ({@code XPENDING key group - + n}): delivered to a
 * consumer and not acknowledged yet.
 *
 * @param id the entry's ID
 * @param consumer the consumer that holds it
 * @param idle the time since it was last delivered
 * @param deliveries how many times it was delivered
 */
public record PendingEntry(String id, String consumer, Duration idle, long deliveries) {}
