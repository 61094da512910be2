package dev.overlay.relay;

import dev.overlay.identity.NodeId;
import dev.overlay.resource.Fee;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything one call into the {@link Relay} decided, for the transport (or a simulator) to carry
 * out once: what became of the copy and what to charge its sender, the messages to send and to whom,
 * and the squelch requests to send.
 *
 * @param outcome what became of a received copy; {@link CopyOutcome#DELIVERED} for calls that handle
 *     no copy (a local publication, a tick, a peer's squelch request)
 * @param sends messages to send, each to its list of peers
 * @param squelches squelch and unsquelch requests to send
 */
public record RelayDecision(CopyOutcome outcome, List<Send> sends, List<SquelchChange> squelches) {

    /** Nothing to do: a delivered copy with nothing to send (or a call that changed nothing). */
    static final RelayDecision NONE = new RelayDecision(CopyOutcome.DELIVERED, List.of(), List.of());

    /** Send {@code message} with hop count {@code hops} to each of {@code peers}. */
    public record Send(SignedMessage message, int hops, List<NodeId> peers) {
    }

    /**
     * Ask {@code peer} to stop relaying {@code origin}'s messages to us for {@code duration}, or, if
     * the duration is empty, to resume.
     */
    public record SquelchChange(NodeId peer, NodeId origin, Optional<Duration> duration) {

        public boolean squelch() {
            return duration.isPresent();
        }
    }

    /** What the sender of the copy is charged: only what a misbehaving peer causes. */
    public Optional<Fee> charge() {
        return switch (outcome) {
            case REPEATED -> Optional.of(Fee.REPEATED_MESSAGE);
            case SQUELCH_IGNORED -> Optional.of(Fee.SQUELCH_IGNORED);
            case INVALID -> Optional.of(Fee.INVALID_SIGNATURE);
            case DELIVERED, DUPLICATE, EXPIRED -> Optional.empty();
        };
    }

    /**
     * Collects one call's decisions. Most calls decide nothing or one send, so the lists are created
     * only when needed.
     */
    static final class Builder {

        private List<Send> sends = List.of();
        private List<SquelchChange> squelches = List.of();

        void send(SignedMessage message, int hops, List<NodeId> peers) {
            if (sends.isEmpty()) {
                sends = new ArrayList<>(1);
            }
            sends.add(new Send(message, hops, peers));
        }

        void squelch(NodeId peer, NodeId origin, Optional<Duration> duration) {
            if (squelches.isEmpty()) {
                squelches = new ArrayList<>(2);
            }
            squelches.add(new SquelchChange(peer, origin, duration));
        }

        RelayDecision build(CopyOutcome outcome) {
            if (sends.isEmpty() && squelches.isEmpty() && outcome == CopyOutcome.DELIVERED) {
                return NONE;
            }
            return new RelayDecision(outcome, sends, squelches);
        }
    }
}
