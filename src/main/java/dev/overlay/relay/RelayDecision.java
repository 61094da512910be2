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

    /** Nothing to send for each outcome: most duplicates decide only their outcome, and allocate nothing. */
    private static final RelayDecision[] NOTHING_TO_SEND = new RelayDecision[CopyOutcome.values().length];

    static {
        for (CopyOutcome outcome : CopyOutcome.values()) {
            NOTHING_TO_SEND[outcome.ordinal()] = new RelayDecision(outcome, List.of(), List.of());
        }
    }

    /** Nothing to do: a call that changed nothing another node needs to hear of. */
    static final RelayDecision NONE = NOTHING_TO_SEND[CopyOutcome.DELIVERED.ordinal()];

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
     * Collects one call's decisions. The relay keeps one and starts it afresh per call (it runs on one
     * thread); most calls decide nothing or one send, so lists are created only when needed.
     */
    static final class Builder {

        private List<Send> sends = List.of();
        private List<SquelchChange> squelches = List.of();

        /** Starts collecting for a new call; what was built before keeps its own lists. */
        Builder start() {
            sends = List.of();
            squelches = List.of();
            return this;
        }

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
            if (sends.isEmpty() && squelches.isEmpty()) {
                return NOTHING_TO_SEND[outcome.ordinal()];
            }
            return new RelayDecision(outcome, sends, squelches);
        }
    }
}
