package dev.overlay.discovery;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An address book in memory, for engine tests that do not exercise persistence. Thread-safe. */
public final class InMemoryAddressBook implements AddressBook {

    private final ConcurrentHashMap<Endpoint, AddressBookEntry> entries = new ConcurrentHashMap<>();

    @Override
    public void heard(Endpoint endpoint, Instant at) {
        entries.putIfAbsent(endpoint, new AddressBookEntry(endpoint, Optional.empty(), Optional.empty(),
                Optional.empty(), 0, 0));
    }

    @Override
    public void succeeded(Endpoint endpoint, NodeId nodeId, Instant at) {
        entries.compute(endpoint, (e, old) -> new AddressBookEntry(e, Optional.of(nodeId), Optional.of(at),
                old == null ? Optional.empty() : old.lastFailure(), 0, old == null ? 10 : old.score() + 10));
    }

    @Override
    public void failed(Endpoint endpoint, Instant at) {
        entries.compute(endpoint, (e, old) -> old == null
                ? new AddressBookEntry(e, Optional.empty(), Optional.empty(), Optional.of(at), 1, -5)
                : new AddressBookEntry(e, old.nodeId(), old.lastSuccess(), Optional.of(at),
                        old.consecutiveFailures() + 1, old.score() - 5 * (old.consecutiveFailures() + 1)));
    }

    @Override
    public List<AddressBookEntry> best(int limit) {
        return page(0, limit);
    }

    @Override
    public List<AddressBookEntry> page(int offset, int limit) {
        return entries.values().stream()
                .sorted(Comparator.comparingInt(AddressBookEntry::score).reversed()
                        .thenComparing(e -> e.endpoint().toString()))
                .skip(offset).limit(limit).toList();
    }

    @Override
    public int size() {
        return entries.size();
    }
}
