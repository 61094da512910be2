package dev.overlay.discovery;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import java.time.Instant;
import java.util.Optional;

/** One address book row. */
public record AddressBookEntry(
        Endpoint endpoint,
        Optional<NodeId> nodeId,
        Optional<Instant> lastSuccess,
        Optional<Instant> lastFailure,
        int consecutiveFailures,
        int score) {
}
