package org.jasyncio.redis;

/**
 * A message received on a subscription.
 *
 * @param channel the channel it was published on
 * @param pattern the pattern that matched (for {@code PSUBSCRIBE}), or {@code null}
 * @param data the message
 */
public record PubSubMessage(String channel, String pattern, String data) {}
