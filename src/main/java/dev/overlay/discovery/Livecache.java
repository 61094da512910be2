package dev.overlay.discovery;

import dev.overlay.peer.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Endpoints heard in recent gossip, each with the fewest hops it was heard at and an expiry. Short
 * lived by design: it holds what is reachable now, the address book holds what was reachable before.
 *
 * <p>Endpoints at the same distance are kept in an order this cache draws at random as they arrive,
 * so that nodes which heard the same gossip do not all dial the same endpoints first, and a reader
 * that needs only the first few (autoconnect, redirects) stops there instead of sorting or shuffling
 * the whole cache on every tick.
 *
 * <p>Threading: owned by the discovery thread.
 */
public final class Livecache {

    private static final Comparator<Entry> NEAREST_FIRST = Comparator.comparingInt((Entry e) -> e.hops)
            .thenComparingLong(e -> e.rank)
            .thenComparing(e -> e.endpoint == null ? null : e.endpoint.toString(),
                    Comparator.nullsFirst(Comparator.naturalOrder()));

    private final int capacity;
    private final Duration ttl;
    private final RandomGenerator random;
    /**
     * Least recently refreshed first. Every refresh sets the expiry to now plus the TTL, so this is also
     * the order in which entries expire, and expiring stops at the first live entry.
     */
    private final Map<Endpoint, Entry> entries = new LinkedHashMap<>();
    /** The same entries in the order {@link #fresh} returns them, kept sorted as entries come and go. */
    private final TreeSet<Entry> nearestFirst = new TreeSet<>(NEAREST_FIRST);

    /** One endpoint; its rank orders it among endpoints at the same distance and is drawn once. */
    private static final class Entry {
        private final Endpoint endpoint;
        private final long rank;
        private final int hops;
        /** Epoch microseconds: a long, not an {@code Instant}, as a simulated network holds millions. */
        private long expires;

        private Entry(Endpoint endpoint, long rank, int hops) {
            this.endpoint = endpoint;
            this.rank = rank;
            this.hops = hops;
        }
    }

    public Livecache(int capacity, Duration ttl, RandomGenerator random) {
        this.capacity = capacity;
        this.ttl = ttl;
        this.random = random;
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
            entry = new Entry(heard.endpoint(), existing == null ? random.nextLong() : existing.rank, hops);
            nearestFirst.add(entry);
        }
        entry.expires = micros(now.plus(ttl));
        entries.put(heard.endpoint(), entry);
    }

    public void expire(Instant now) {
        long nowMicros = micros(now);
        Iterator<Entry> oldestFirst = entries.values().iterator();
        while (oldestFirst.hasNext()) {
            Entry entry = oldestFirst.next();
            if (entry.expires > nowMicros) {
                return;
            }
            oldestFirst.remove();
            nearestFirst.remove(entry);
        }
    }

    /** Fresh endpoints, nearest first (in this cache's order among the same distance). */
    public List<HeardEndpoint> fresh(Instant now) {
        long nowMicros = micros(now);
        List<HeardEndpoint> fresh = new ArrayList<>(nearestFirst.size());
        for (Entry entry : nearestFirst) {
            if (entry.expires > nowMicros) {
                fresh.add(new HeardEndpoint(entry.endpoint, entry.hops));
            }
        }
        return fresh;
    }

    /**
     * The fresh endpoints nearest first, read as they are needed, for readers that stop after the first
     * few (autoconnect, redirects): within each distance from a random point of this cache's order,
     * wrapping around, so that successive reads spread over all endpoints at that distance as a shuffle
     * would, at the cost of only what is read. Valid until the cache next changes.
     */
    public Iterable<HeardEndpoint> nearestFirst(Instant now, RandomGenerator start) {
        long nowMicros = micros(now);
        return () -> new Iterator<>() {
            private int hops = -1;
            private Iterator<Entry> distance = nextDistance();
            private HeardEndpoint next = advance();

            /** The entries at the nearest distance beyond the current one, from a random rank round to it. */
            private Iterator<Entry> nextDistance() {
                Entry first = nearestFirst.ceiling(probe(hops + 1, Long.MIN_VALUE));
                if (first == null) {
                    return null;
                }
                hops = first.hops;
                Entry from = probe(first.hops, start.nextLong());
                SortedSet<Entry> tail = nearestFirst.subSet(from, probe(first.hops + 1, Long.MIN_VALUE));
                SortedSet<Entry> head = nearestFirst.subSet(probe(first.hops, Long.MIN_VALUE), from);
                Iterator<Entry> tailFirst = tail.iterator();
                Iterator<Entry> headAfter = head.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return tailFirst.hasNext() || headAfter.hasNext();
                    }

                    @Override
                    public Entry next() {
                        return tailFirst.hasNext() ? tailFirst.next() : headAfter.next();
                    }
                };
            }

            private HeardEndpoint advance() {
                while (distance != null) {
                    while (distance.hasNext()) {
                        Entry entry = distance.next();
                        if (entry.expires > nowMicros) {
                            return new HeardEndpoint(entry.endpoint, entry.hops);
                        }
                    }
                    distance = nextDistance();
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public HeardEndpoint next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                HeardEndpoint heard = next;
                next = advance();
                return heard;
            }
        };
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }

    /** A bound for navigating the order: sorts before every entry of its distance and rank. */
    private static Entry probe(int hops, long rank) {
        return new Entry(null, rank, hops);
    }
}
