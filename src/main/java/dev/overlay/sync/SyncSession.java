package dev.overlay.sync;

import dev.overlay.relay.MessageId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;

/**
 * The initiating side of one reconciliation: it opens with its fingerprints of a scope, and from the
 * other side's replies learns which ids in the scope that side has and it lacks ({@link #needed()}).
 * Each node initiates its own sessions, so each learns only what it lacks and fetches it; what the
 * other side lacks, that side finds in its own session.
 *
 * <p>Pure and deterministic: no clock, no I/O, driven by plain calls (a simulator can drive it just as
 * the engine does). Not thread-safe: the thread that owns the set owns the session.
 *
 * <pre>
 *   SyncSession session = SyncSession.open(mine, SyncItem.bound(from), SyncItem.bound(to), limits);
 *   Optional&lt;SyncMessage&gt; query = Optional.of(session.opening());
 *   while (query.isPresent()) {
 *       query = session.onReply(SyncResponder.reply(theirs, query.get(), limits));
 *   }
 *   session.needed();   // ids to fetch
 * </pre>
 */
public final class SyncSession {

    private final NavigableSet<SyncItem> items;
    private final SyncLimits limits;
    private final SyncMessage opening;
    private final Set<MessageId> needed = new LinkedHashSet<>();
    private int taken;
    private int replies;
    private boolean done;

    private SyncSession(NavigableSet<SyncItem> items, SyncLimits limits, SyncMessage opening) {
        this.items = items;
        this.limits = limits;
        this.opening = opening;
    }

    /**
     * Starts a session over the items in {@code [lower, upper)} of {@code items}, a live view the owner
     * may change between steps (the reconciliation then sees the change as a difference).
     */
    public static SyncSession open(NavigableSet<SyncItem> items, SyncItem lower, SyncItem upper, SyncLimits limits) {
        if (lower.compareTo(upper) >= 0) {
            throw new IllegalArgumentException("an empty scope");
        }
        return new SyncSession(items, limits, RangeStep.opening(items, lower, upper, limits));
    }

    /** The first message to send. */
    public SyncMessage opening() {
        return opening;
    }

    /**
     * Takes the other side's reply and returns the next message to send, or empty when the scope is
     * settled (or the session gave up after {@link SyncLimits#maxRounds} replies).
     *
     * @throws IllegalArgumentException if the reply breaks the limits
     */
    public Optional<SyncMessage> onReply(SyncMessage reply) {
        if (done) {
            return Optional.empty();
        }
        reply.validate(limits);
        replies++;
        SyncMessage next = RangeStep.initiatorStep(items, reply, limits, needed);
        done = next.isEmpty() || replies >= limits.maxRounds();
        return done ? Optional.empty() : Optional.of(next);
    }

    /** Ids the other side has in the scope and this side lacks, each once, in the order found. */
    public List<MessageId> needed() {
        return List.copyOf(needed);
    }

    /** The ids found since the last call: lets a caller fetch while the session goes on. */
    public List<MessageId> takeNeeded() {
        List<MessageId> fresh = needed.stream().skip(taken).toList();
        taken = needed.size();
        return fresh;
    }

    /** Whether the session has ended. */
    public boolean isDone() {
        return done;
    }

    /** Replies taken so far. */
    public int replies() {
        return replies;
    }
}
