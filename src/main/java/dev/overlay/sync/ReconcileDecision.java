package dev.overlay.sync;

import dev.overlay.identity.NodeId;
import dev.overlay.relay.MessageId;
import dev.overlay.relay.SignedMessage;
import dev.overlay.resource.Fee;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one call into the {@link Reconciler} decided, for the transport (or a simulator) to carry
 * out once: reconciliation messages and fetches to send, messages to hand to the relay as recovered
 * copies from the peer the call was about, and what to charge that peer.
 *
 * @param queries SyncRanges queries (never replies) to send, each in its session
 * @param fetches SyncFetch requests to send
 * @param recover fetched messages to hand to the relay as recovered copies (delivered once, not relayed on)
 * @param charges what the peer the call was about is charged, one entry per offence
 */
public record ReconcileDecision(List<Query> queries, List<Fetch> fetches, List<SignedMessage> recover,
                                List<Fee> charges) {

    static final ReconcileDecision NONE = new ReconcileDecision(List.of(), List.of(), List.of(), List.of());

    /** Send {@code message} to {@code peer} as a query in session {@code session}. */
    public record Query(NodeId peer, long session, SyncMessage message) {
    }

    /** Ask {@code peer} for the messages {@code ids}; its answer carries {@code session}. */
    public record Fetch(NodeId peer, long session, List<MessageId> ids) {
    }

    /** Collects one call's decisions; lists are made on first use. */
    static final class Builder {
        private List<Query> queries;
        private List<Fetch> fetches;
        private List<SignedMessage> recover;
        private List<Fee> charges;

        void query(Query query) {
            (queries == null ? queries = new ArrayList<>() : queries).add(query);
        }

        void fetch(Fetch fetch) {
            (fetches == null ? fetches = new ArrayList<>() : fetches).add(fetch);
        }

        void recover(SignedMessage message) {
            (recover == null ? recover = new ArrayList<>() : recover).add(message);
        }

        void charge(Fee fee) {
            (charges == null ? charges = new ArrayList<>() : charges).add(fee);
        }

        ReconcileDecision build() {
            if (queries == null && fetches == null && recover == null && charges == null) {
                return NONE;
            }
            return new ReconcileDecision(orEmpty(queries), orEmpty(fetches), orEmpty(recover), orEmpty(charges));
        }

        private static <T> List<T> orEmpty(List<T> list) {
            return list == null ? List.of() : List.copyOf(list);
        }
    }
}
