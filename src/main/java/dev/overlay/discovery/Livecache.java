package dev.overlay.discovery;

import dev.overlay.peer.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Endpoints heard in recent gossip, each with the fewest hops it was heard at and an expiry. Short
 * lived by design: it holds what is reachable now, the address book holds what was reachable before.
 *
 * <p>Threading: owned by the discovery thread.
 */
public final class Livecache {

    private final int capacity;
    private final Duration ttl;
    private final Map<Endpoint, Entry> entries = new HashMap<>();

    private record Entry(int hops, Instant expires) {
    }

    public Livecache(int capacity, Duration ttl) {
        this.capacity = capacity;
        this.ttl = ttl;
    }

    /** Adds or refreshes an endpoint; a full cache drops the new entry rather than a fresher one. */
    public void add(HeardEndpoint heard, Instant now) {
        Entry existing = entries.get(heard.endpoint());
        if (existing == null && entries.size() >= capacity) {
            expire(now);
            if (entries.size() >= capacity) {
                return;
            }
        }
        int hops = existing == null ? heard.hops() : Math.min(existing.hops(), heard.hops());
        entries.put(heard.endpoint(), new Entry(hops, now.plus(ttl)));
    }

    public void expire(Instant now) {
        entries.values().removeIf(entry -> !entry.expires().isAfter(now));
    }

    /** Fresh endpoints, nearest first. */
    public List<HeardEndpoint> fresh(Instant now) {
        return entries.entrySet().stream()
                .filter(e -> e.getValue().expires().isAfter(now))
                .map(e -> new HeardEndpoint(e.getKey(), e.getValue().hops()))
                .sorted(Comparator.comparingInt(HeardEndpoint::hops).thenComparing(h -> h.endpoint().toString()))
                .toList();
    }

    /** A random sample of fresh endpoints for gossip. */
    public List<HeardEndpoint> sample(int max, Instant now, RandomGenerator random) {
        List<HeardEndpoint> fresh = new ArrayList<>(fresh(now));
        Collections.shuffle(fresh, new Random(random.nextLong()));
        return fresh.subList(0, Math.min(max, fresh.size()));
    }
}
