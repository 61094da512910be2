package dev.overlay.peer;

import java.util.Optional;

/** The registry's answer to a handshaking peer that asks for a slot. */
public record Admission(Outcome outcome, Optional<Peer> displaced) {

    public enum Outcome {
        /** The peer holds a slot; if {@code displaced} is present, that older connection must be closed. */
        ADMITTED,
        /** Every slot is taken. */
        SLOTS_FULL,
        /** The remote address already holds its share of inbound slots. */
        ADDRESS_LIMIT,
        /** Another connection to the same node wins under the duplicate rule. */
        DUPLICATE,
        /** The remote node is this node. */
        SELF
    }

    static Admission admitted() {
        return new Admission(Outcome.ADMITTED, Optional.empty());
    }

    static Admission replacing(Peer displaced) {
        return new Admission(Outcome.ADMITTED, Optional.of(displaced));
    }

    static Admission rejected(Outcome outcome) {
        return new Admission(outcome, Optional.empty());
    }

    /**
     * The {@code Close} text for {@code loser}, displaced by {@code winner} under the duplicate rule
     * (docs/PROTOCOL.md 2.5): connections of the same direction came from the same opener, and then the
     * newer one won, whatever the node ids.
     */
    public static String displacementText(Peer winner, Peer loser) {
        return winner.direction() == loser.direction()
                ? "replaced by a newer connection from the same opener"
                : "replaced by a connection opened by the lower node id";
    }
}
