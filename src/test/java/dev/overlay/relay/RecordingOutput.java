package dev.overlay.relay;

import dev.overlay.identity.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records every send and squelch request the relay decided, in order, for assertions. */
final class RecordingOutput {

    record Published(List<NodeId> peers, SignedMessage message, int hops) {
    }

    record Squelched(NodeId peer, NodeId origin, Duration duration) {
    }

    record Unsquelched(NodeId peer, NodeId origin) {
    }

    final List<Published> published = new ArrayList<>();
    final List<Squelched> squelched = new ArrayList<>();
    final List<Unsquelched> unsquelched = new ArrayList<>();

    void publish(List<NodeId> peers, SignedMessage message, int hops) {
        published.add(new Published(List.copyOf(peers), message, hops));
    }

    void squelch(NodeId peer, NodeId origin, Duration duration) {
        squelched.add(new Squelched(peer, origin, duration));
    }

    void unsquelch(NodeId peer, NodeId origin) {
        unsquelched.add(new Unsquelched(peer, origin));
    }

    /** Every copy of {@code message} sent to {@code peer}, as the hop counts it was sent with. */
    List<Integer> hopsSentTo(NodeId peer, SignedMessage message) {
        return published.stream()
                .filter(p -> p.message().id().equals(message.id()) && p.peers().contains(peer))
                .map(Published::hops)
                .toList();
    }

    /** Whether any copy of {@code message} went to {@code peer}. */
    boolean sentTo(NodeId peer, SignedMessage message) {
        return !hopsSentTo(peer, message).isEmpty();
    }

    List<NodeId> squelchedPeers() {
        return squelched.stream().map(Squelched::peer).toList();
    }

    List<NodeId> unsquelchedPeers() {
        return unsquelched.stream().map(Unsquelched::peer).toList();
    }

    void clear() {
        published.clear();
        squelched.clear();
        unsquelched.clear();
    }
}
