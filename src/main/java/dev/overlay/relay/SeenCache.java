package dev.overlay.relay;

import dev.overlay.identity.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Message ids seen recently and, for each, the peers that delivered it, so that a message is
 * delivered and relayed once and never sent back to a peer that already has it. Bounded by entries
 * and by age, oldest evicted first.
 *
 * <p>Threading: written only by the relay thread. {@link #contains} may be called from any thread (an
 * event loop uses it to skip verifying the signature of a known message), which is why the index is a
 * concurrent map.
 */
public final class SeenCache {

    private final int maxEntries;
    private final Duration maxAge;
    private final ConcurrentHashMap<MessageId, Entry> entries = new ConcurrentHashMap<>();
    private final Deque<Entry> byAge = new ArrayDeque<>();

    /** One seen message: when, and from whom. */
    static final class Entry {
        private final MessageId id;
        private final Instant firstSeen;
        private final Set<NodeId> deliveredBy = new HashSet<>(4);

        private Entry(MessageId id, Instant firstSeen) {
            this.id = id;
            this.firstSeen = firstSeen;
        }

        boolean deliveredBy(NodeId peer) {
            return deliveredBy.contains(peer);
        }

        /** Records a delivery; false if this peer had already delivered this message. */
        boolean addDelivery(NodeId peer) {
            return deliveredBy.add(peer);
        }
    }

    public SeenCache(int maxEntries, Duration maxAge) {
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
    }

    public boolean contains(MessageId id) {
        return entries.containsKey(id);
    }

    Entry get(MessageId id) {
        return entries.get(id);
    }

    /** Adds a new id; the caller has checked it is absent. */
    Entry add(MessageId id, Instant now) {
        evict(now, maxEntries - 1);
        Entry entry = new Entry(id, now);
        entries.put(id, entry);
        byAge.addLast(entry);
        return entry;
    }

    /** Drops entries older than the maximum age, and the oldest beyond the maximum count. */
    void evict(Instant now) {
        evict(now, maxEntries);
    }

    private void evict(Instant now, int keep) {
        Instant horizon = now.minus(maxAge);
        while (!byAge.isEmpty() && (byAge.size() > keep || byAge.peekFirst().firstSeen.isBefore(horizon))) {
            entries.remove(byAge.removeFirst().id);
        }
    }

    public int size() {
        return entries.size();
    }
}
