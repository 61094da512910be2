package dev.overlay.relay;

import dev.overlay.identity.NodeId;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Drives a {@link Relay} the way the transport does, one call at a time, and writes each decision's
 * sends and squelch requests to a {@link RecordingOutput} for assertions.
 */
final class RecordingRelay {

    private final Relay relay;
    private final RecordingOutput output;

    RecordingRelay(Relay relay, RecordingOutput output) {
        this.relay = relay;
        this.output = output;
    }

    private RelayDecision record(RelayDecision decision) {
        decision.sends().forEach(send -> output.publish(send.peers(), send.message(), send.hops()));
        decision.squelches().forEach(change -> change.duration().ifPresentOrElse(
                duration -> output.squelch(change.peer(), change.origin(), duration),
                () -> output.unsquelch(change.peer(), change.origin())));
        return decision;
    }

    CopyOutcome received(NodeId from, SignedMessage message, int hops, boolean verified) {
        return record(relay.received(from, message, hops, verified)).outcome();
    }

    CopyOutcome recovered(NodeId from, SignedMessage message, boolean verified) {
        return record(relay.recovered(from, message, verified)).outcome();
    }

    void publishLocal(SignedMessage message) {
        record(relay.publishLocal(message));
    }

    void peerActivated(NodeId peer, boolean squelchNegotiated) {
        record(relay.peerActivated(peer, squelchNegotiated));
    }

    void peerClosed(NodeId peer) {
        record(relay.peerClosed(peer));
    }

    void squelchRequested(NodeId from, NodeId origin, boolean on, Duration duration) {
        record(relay.squelchRequested(from, origin, on, duration));
    }

    void tick() {
        record(relay.tick());
    }

    Set<NodeId> selectedSources() {
        return relay.selectedSources();
    }

    List<SquelchView> squelchViews() {
        return relay.squelchViews();
    }

    void addListener(MessageListener listener) {
        relay.addListener(listener);
    }

    void removeListener(MessageListener listener) {
        relay.removeListener(listener);
    }

    SeenCache seen() {
        return relay.seen();
    }

    RelayCounters counters() {
        return relay.counters();
    }
}
