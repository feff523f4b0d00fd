package org.jasyncio;

import java.util.Set;

/**
 * What {@link Asyncio#wait} returns: the futures that are done and those still pending, each in the
 * order they were given.
 *
 * @param done the futures done (with a result, an exception, or cancelled)
 * @param pending the futures not done yet
 * @param <F> the future type (e.g. {@code Task<String>})
 */
public record Done<F extends Future<?>>(Set<F> done, Set<F> pending) {
    public Done {
        done = java.util.Collections.unmodifiableSet(done);
        pending = java.util.Collections.unmodifiableSet(pending);
    }
}
