package org.jasyncio.redis;

import java.util.List;

/**
 * What {@code XAUTOCLAIM} returns: the entries now owned by the claiming consumer, where to go on,
 * and the IDs that were pending but are gone from the stream (deleted, trimmed).
 *
 * @param next the start for the next call; {@code 0-0} when the scan is complete
 * @param entries the claimed entries
 * @param deleted IDs that were in the pending list but no longer in the stream (Redis 7 removes them
 *     from the pending list)
 */
public record AutoClaimed(String next, List<StreamEntry> entries, List<String> deleted) {
    /** Copies the lists. */
    public AutoClaimed {
        entries = List.copyOf(entries);
        deleted = List.copyOf(deleted);
    }
}
