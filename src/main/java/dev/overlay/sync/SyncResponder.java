package dev.overlay.sync;

import java.util.NavigableSet;

/**
 * The answering side of a reconciliation. Stateless: each query carries its ranges, so a responder
 * keeps nothing between messages and a peer cannot make it hold state.
 */
public final class SyncResponder {

    private SyncResponder() {
    }

    /**
     * The reply to {@code query} from the items of {@code items}; empty ranges mean the query's ranges
     * all matched.
     *
     * @throws IllegalArgumentException if the query breaks the limits
     */
    public static SyncMessage reply(NavigableSet<SyncItem> items, SyncMessage query, SyncLimits limits) {
        query.validate(limits);
        return RangeStep.responderStep(items, query, limits);
    }
}
