package dev.overlay.discovery;

import dev.overlay.peer.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Endpoints heard in recent gossip, each with the fewest hops it was heard at and an expiry. Short
 * lived by design: it holds what is reachable now, the address book holds what was reachable before.
 *
 * <p>Threading: owned by the discovery thread.
 */
public final class Livecache {

    private static final Comparator<Entry> NEAREST_FIRST =
            Comparator.comparingInt((Entry e) -> e.hops).thenComparing(e -> e.text);

    private final int capacity;
    private final Duration ttl;
    /**
     * Least recently refreshed first. Every refresh sets the expiry to now plus the TTL, so this is also
     * the order in which entries expire, and expiring stops at the first live entry.
     */
    private final Map<Endpoint, Entry> entries = new LinkedHashMap<>();
    /** The same entries in the order {@link #fresh} returns them, kept sorted as entries come and go. */
    private final TreeSet<Entry> nearestFirst = new TreeSet<>(NEAREST_FIRST);

    /** One endpoint; its text, which the order compares, is formatted once. */
    private static final class Entry {
        private final Endpoint endpoint;
        private final String text;
        private final int hops;
        private Instant expires;

        private Entry(Endpoint endpoint, String text, int hops) {
            this.endpoint = endpoint;
            this.text = text;
            this.hops = hops;
        }
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
        int hops = existing == null ? heard.hops() : Math.min(existing.hops, heard.hops());
        Entry entry = existing;
        if (existing != null) {
            entries.remove(heard.endpoint());
            if (existing.hops != hops) {
                nearestFirst.remove(existing);
                entry = null;
            }
        }
        if (entry == null) {
            entry = new Entry(heard.endpoint(), existing == null ? heard.endpoint().toString() : existing.text, hops);
            nearestFirst.add(entry);
        }
        entry.expires = now.plus(ttl);
        entries.put(heard.endpoint(), entry);
    }

    public void expire(Instant now) {
        Iterator<Entry> oldestFirst = entries.values().iterator();
        while (oldestFirst.hasNext()) {
            Entry entry = oldestFirst.next();
            if (entry.expires.isAfter(now)) {
                return;
            }
            oldestFirst.remove();
            nearestFirst.remove(entry);
        }
    }

    /** Fresh endpoints, nearest first (then by endpoint text). */
    public List<HeardEndpoint> fresh(Instant now) {
        List<HeardEndpoint> fresh = new ArrayList<>(nearestFirst.size());
        for (Entry entry : nearestFirst) {
            if (entry.expires.isAfter(now)) {
                fresh.add(new HeardEndpoint(entry.endpoint, entry.hops));
            }
        }
        return fresh;
    }

    /** A random sample of fresh endpoints for gossip. */
    public List<HeardEndpoint> sample(int max, Instant now, RandomGenerator random) {
        List<HeardEndpoint> fresh = new ArrayList<>(fresh(now));
        Collections.shuffle(fresh, new Random(random.nextLong()));
        return fresh.subList(0, Math.min(max, fresh.size()));
    }
}
