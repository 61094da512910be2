package dev.overlay.discovery;

import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import java.util.List;

/** How a dial that discovery asked for ended, reported back by the transport (or a simulator). */
public sealed interface DialOutcome {

    /** The dial ended in an active peer. */
    record Connected(Peer peer) implements DialOutcome {
    }

    /**
     * The dial failed.
     *
     * @param detail what went wrong, for the operator
     * @param alternatives endpoints a full node offered instead (only with {@link Reason#SLOTS_FULL})
     */
    record Failed(Reason reason, String detail, List<Endpoint> alternatives) implements DialOutcome {

        public Failed {
            alternatives = List.copyOf(alternatives);
        }

        public Failed(Reason reason, String detail) {
            this(reason, detail, List.of());
        }
    }

    /** Why a dial failed, as far as discovery cares. */
    enum Reason {
        /** The endpoint is this node. */
        SELF,
        /** The node is already connected. */
        DUPLICATE,
        /** The endpoint's address is banned here. */
        BANNED,
        /** The remote (or this node) had no slot; the remote may have offered alternatives. */
        SLOTS_FULL,
        /** Anything else: unreachable, refused, timed out, a failed handshake. */
        FAILED
    }
}
