package dev.overlay.relay;

import dev.overlay.identity.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Squelch state for one origin: which peers deliver its messages, how often each delivered first,
 * which of them are the selected sources, and which others we squelched until when.
 *
 * <p>While counting, every peer relays to us. Once {@code threshold} distinct messages have arrived
 * and more than {@code selectedPeers} peers deliver them, the peers that delivered first most often
 * become the sources and every other delivering peer is squelched. Any change of the sources (one
 * disconnects or falls idle) unsquelches the origin everywhere and counting starts over, so delivery
 * never depends on a source that is gone.
 *
 * <p>Threading: owned by the relay thread, like all of {@link Relay}'s state.
 */
final class SourceSelection {

    private final Map<NodeId, SourceStats> stats = new HashMap<>();
    private final Set<NodeId> selected = new LinkedHashSet<>();
    private final Map<NodeId, Squelch> squelches = new HashMap<>();
    private int messages;
    private Instant lastMessage;
    private long selections;

    /** A squelch this node sent a peer for this origin: when, and until when. */
    private record Squelch(Instant since, Instant until) {
    }

    private static final class SourceStats {
        private int firstDeliveries;
        private int deliveries;
        private Instant lastDelivery;
    }

    /** Counts one delivery of a message of this origin by {@code peer}. */
    void record(NodeId peer, boolean first, Instant now) {
        SourceStats s = stats.computeIfAbsent(peer, p -> new SourceStats());
        s.deliveries++;
        s.lastDelivery = now;
        if (first) {
            s.firstDeliveries++;
            messages++;
            lastMessage = now;
        }
    }

    /**
     * The origin published a message at {@code publishedAt} that reached us only through
     * reconciliation. While our sources are silent this is the one sign that the origin did not
     * stop: a node whose sources form a cycle with it (noisy timing while counting can make two
     * neighbours pick each other) gets no live copy at all, and every other peer is squelched.
     */
    void recoveredMessage(Instant publishedAt) {
        if (lastMessage == null || publishedAt.isAfter(lastMessage)) {
            lastMessage = publishedAt;
        }
    }

    /** Whether sources have been selected (selection has finished until it is reset). */
    boolean hasSelected() {
        return !selected.isEmpty();
    }

    /** Whether enough evidence is in to pick sources, and picking would squelch anyone. */
    boolean readyToSelect(int threshold, int selectedPeers) {
        return selected.isEmpty() && messages >= threshold && stats.size() > selectedPeers;
    }

    /** Picks the peers that delivered first most often (then most often at all, then by id). */
    Set<NodeId> select(int selectedPeers) {
        stats.entrySet().stream()
                .sorted(Comparator.<Map.Entry<NodeId, SourceStats>>comparingInt(e -> e.getValue().firstDeliveries)
                        .thenComparingInt(e -> e.getValue().deliveries).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(selectedPeers)
                .forEach(e -> selected.add(e.getKey()));
        selections++;
        return Set.copyOf(selected);
    }

    /** Adds this origin's selected sources to {@code sources}. */
    void addSelectedTo(Set<NodeId> sources) {
        sources.addAll(selected);
    }

    boolean isSelected(NodeId peer) {
        return selected.contains(peer);
    }

    /** Delivering peers that are neither selected nor under an unexpired squelch. */
    List<NodeId> unsquelchedOthers(Instant now) {
        return stats.keySet().stream()
                .filter(p -> !selected.contains(p) && !isSquelched(p, now))
                .sorted()
                .toList();
    }

    boolean isSquelched(NodeId peer, Instant now) {
        Squelch squelch = squelches.get(peer);
        return squelch != null && squelch.until().isAfter(now);
    }

    /**
     * Whether {@code peer} is squelched for this origin and has had {@code grace} since the squelch
     * was sent to stop relaying it: copies it still sends then are its own doing, not ones in flight.
     */
    boolean ignoresSquelch(NodeId peer, Instant now, Duration grace) {
        Squelch squelch = squelches.get(peer);
        return squelch != null && squelch.until().isAfter(now) && squelch.since().plus(grace).isBefore(now);
    }

    void squelched(NodeId peer, Instant now, Instant until) {
        squelches.put(peer, new Squelch(now, until));
    }

    /**
     * A selected source that has not delivered for {@code idle} while the origin kept publishing, as
     * copies from other peers or messages recovered by reconciliation show. Not while the whole
     * origin is silent: replacing a source unsquelches every peer, and each replays what it withheld
     * for the replay window, so each pause of an origin would cost a flood of old copies.
     */
    Optional<NodeId> idleSource(Instant now, Duration idle) {
        if (selected.isEmpty() || lastMessage == null || Duration.between(lastMessage, now).compareTo(idle) > 0) {
            return Optional.empty();
        }
        return selected.stream()
                .filter(p -> Duration.between(stats.get(p).lastDelivery, now).compareTo(idle) > 0)
                .findFirst();
    }

    /** Clears the selection; returns the peers whose squelch is still running, to be lifted. */
    List<NodeId> reset(Instant now) {
        List<NodeId> toLift = squelches.entrySet().stream()
                .filter(e -> e.getValue().until().isAfter(now))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        selected.clear();
        squelches.clear();
        stats.clear();
        messages = 0;
        return toLift;
    }

    void forget(NodeId peer) {
        stats.remove(peer);
        squelches.remove(peer);
    }

    boolean isQuietSince(Instant horizon) {
        return lastMessage == null || lastMessage.isBefore(horizon);
    }

    /** A snapshot for the API. */
    SquelchView view(NodeId origin, Instant now) {
        Map<NodeId, Instant> active = new HashMap<>();
        squelches.forEach((peer, squelch) -> {
            if (squelch.until().isAfter(now)) {
                active.put(peer, squelch.until());
            }
        });
        return new SquelchView(origin, List.copyOf(selected), Map.copyOf(active), messages, selections);
    }
}
