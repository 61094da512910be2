package dev.overlay.sim;

import dev.overlay.discovery.AddressBook;
import dev.overlay.discovery.AddressBookEntry;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.store.SqliteAddressBook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The address book in memory: the storage port the simulated nodes use instead of SQLite (thousands of
 * SQLite files would dominate the run). It keeps {@link SqliteAddressBook}'s documented contract with
 * its constants: a success adds {@link SqliteAddressBook#SUCCESS_REWARD}, the k-th consecutive failure
 * subtracts k times {@link SqliteAddressBook#FAILURE_PENALTY_STEP}, the same order and the same bound
 * (lowest score, then least recently heard, evicted first).
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class SimAddressBook implements AddressBook {

    /** Highest score, then most recent success (never succeeded last), then most recently heard, then text. */
    private static final Comparator<Row> RANKING = (x, y) -> {
        if (x.score != y.score) {
            return Integer.compare(y.score, x.score);
        }
        if (x.lastSuccess != y.lastSuccess) {
            return Long.compare(y.lastSuccess, x.lastSuccess);
        }
        if (x.lastHeard != y.lastHeard) {
            return Long.compare(y.lastHeard, x.lastHeard);
        }
        return x.text.compareTo(y.text);
    };
    /** Lowest score, then least recently heard, then text: the first to go when the book is full. */
    private static final Comparator<Row> EVICTION = (x, y) -> {
        if (x.score != y.score) {
            return Integer.compare(x.score, y.score);
        }
        if (x.lastHeard != y.lastHeard) {
            return Long.compare(x.lastHeard, y.lastHeard);
        }
        return x.text.compareTo(y.text);
    };

    private final int capacity;
    private final Function<Endpoint, String> texts;
    private final Map<Endpoint, Row> rows = new HashMap<>();
    /** The rows in {@link #RANKING} and {@link #EVICTION} order; a row is taken out while its fields change. */
    private final TreeSet<Row> ranked = new TreeSet<>(RANKING);
    private final TreeSet<Row> evictionOrder = new TreeSet<>(EVICTION);

    private static final long NEVER = Long.MIN_VALUE;

    private static final class Row {
        private final Endpoint endpoint;
        private final String text;
        private NodeId nodeId;
        private long lastSuccess = NEVER;
        private long lastFailure = NEVER;
        private long lastHeard;
        private int consecutiveFailures;
        private int score;

        private Row(Endpoint endpoint, String text) {
            this.endpoint = endpoint;
            this.text = text;
        }

        private AddressBookEntry entry() {
            return new AddressBookEntry(endpoint, Optional.ofNullable(nodeId),
                    instant(lastSuccess), instant(lastFailure), consecutiveFailures, score);
        }

        private static Optional<Instant> instant(long millis) {
            return millis == NEVER ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
        }
    }

    /**
     * @param texts each endpoint's text, which the order compares: formatted once for the whole network
     *     rather than once per row, since 10,000 books of 1,000 rows would hold ten million copies
     */
    SimAddressBook(int capacity, Function<Endpoint, String> texts) {
        this.capacity = capacity;
        this.texts = texts;
    }

    @Override
    public void heard(Endpoint endpoint, Instant at) {
        Row row = detach(endpoint, at);
        row.lastHeard = Math.max(row.lastHeard, at.toEpochMilli());
        attach(row);
    }

    @Override
    public void succeeded(Endpoint endpoint, NodeId nodeId, Instant at) {
        Row row = detach(endpoint, at);
        row.nodeId = nodeId;
        row.lastSuccess = Math.max(row.lastSuccess, at.toEpochMilli());
        row.consecutiveFailures = 0;
        row.score = Math.min(row.score + SqliteAddressBook.SUCCESS_REWARD, SqliteAddressBook.MAX_SCORE);
        attach(row);
    }

    @Override
    public void failed(Endpoint endpoint, Instant at) {
        Row row = detach(endpoint, at);
        row.lastFailure = Math.max(row.lastFailure, at.toEpochMilli());
        row.consecutiveFailures++;
        row.score = Math.max(row.score - SqliteAddressBook.FAILURE_PENALTY_STEP * row.consecutiveFailures,
                SqliteAddressBook.MIN_SCORE);
        attach(row);
    }

    @Override
    public List<AddressBookEntry> best(int limit) {
        return page(0, limit);
    }

    @Override
    public List<AddressBookEntry> page(int offset, int limit) {
        List<AddressBookEntry> page = new ArrayList<>(Math.min(limit, rows.size()));
        int skipped = 0;
        for (Row row : ranked) {
            if (page.size() >= limit) {
                break;
            }
            if (skipped++ >= offset) {
                page.add(row.entry());
            }
        }
        return page;
    }

    @Override
    public int size() {
        return rows.size();
    }

    /** The endpoint's row, new or taken out of the ordered sets so its fields may change. */
    private Row detach(Endpoint endpoint, Instant at) {
        Row row = rows.get(endpoint);
        if (row == null) {
            row = new Row(endpoint, texts.apply(endpoint));
            row.lastHeard = at.toEpochMilli();
            rows.put(endpoint, row);
        } else {
            ranked.remove(row);
            evictionOrder.remove(row);
        }
        return row;
    }

    /** Puts a changed row back in order, then evicts the lowest rows beyond the capacity. */
    private void attach(Row row) {
        ranked.add(row);
        evictionOrder.add(row);
        while (rows.size() > capacity) {
            Row lowest = evictionOrder.pollFirst();
            ranked.remove(lowest);
            rows.remove(lowest.endpoint);
        }
    }
}
