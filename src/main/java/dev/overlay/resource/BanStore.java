package dev.overlay.resource;

import dev.overlay.peer.SourceAddress;
import java.time.Instant;
import java.util.List;

/**
 * Durable bans, so they survive a restart. Implementations do blocking I/O: never call them from an
 * event loop (the engine keeps an in-memory copy for the accept path).
 */
public interface BanStore {

    /** Adds or replaces the ban of {@code ban.address()}. */
    void save(Ban ban);

    /** Removes the ban of an address; false if there was none. */
    boolean remove(SourceAddress address);

    /** Bans still in force at {@code now}, oldest first. */
    List<Ban> active(Instant now);

    /** Deletes bans that ended before {@code now}; returns how many. */
    int purgeExpired(Instant now);
}
