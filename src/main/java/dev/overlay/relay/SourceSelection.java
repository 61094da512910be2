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
 * <p>The first source must also be one of the peers nearest the origin: one that delivered a copy
 * with the fewest hops seen. Ranking by first delivery alone lets two nodes at one distance pick
 * each other when timing is noisy (on a loaded host, or when counting runs while links are queued),
 * and a cycle of selections gets no copy at all while every other peer is squelched. A nearest peer
 * is strictly nearer the origin than we are, so following first sources always leads to the origin
 * and never round a cycle. Further sources are ranked as before. A peer that understates hops can
 * make itself a first source this way, which relaying fast would get it too; the idle rule, the
 * other sources and reconciliation bound what its silence costs.
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
        private long fewestHops = Long.MAX_VALUE;
        private Instant lastDelivery;
    }

    /** Counts one delivery of a message of this origin by {@code peer}, whose copy carried {@code hops}. */
    void record(NodeId peer, boolean first, long hops, Instant now) {
        SourceStats s = stats.computeIfAbsent(peer, p -> new SourceStats());
        s.deliveries++;
        s.fewestHops = Math.min(s.fewestHops, hops);
        s.lastDelivery = now;
        if (first) {
            s.firstDeliveries++;
            messages++;
            lastMessage = now;
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

    /**
     * Picks the peers that delivered first most often (then most often at all, then by id), the
     * best-ranked of the nearest peers first.
     */
    Set<NodeId> select(int selectedPeers) {
        List<NodeId> ranked = stats.entrySet().stream()
                .sorted(Comparator.<Map.Entry<NodeId, SourceStats>>comparingInt(e -> e.getValue().firstDeliveries)
                        .thenComparingInt(e -> e.getValue().deliveries).reversed()
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .toList();
        long fewestHops = stats.values().stream().mapToLong(p -> p.fewestHops).min().orElseThrow();
        selected.add(ranked.stream().filter(peer -> stats.get(peer).fewestHops == fewestHops).findFirst().orElseThrow());
        for (NodeId peer : ranked) {
            if (selected.size() == selectedPeers) {
                break;
            }
            selected.add(peer);
        }
        selections++;
        return Set.copyOf(selected);
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
     * A selected source that has not delivered for {@code idle}, whether or not other peers still
     * deliver the origin. Waiting for proof that the origin kept publishing would leave a node cut
     * off until its squelches expire (minutes): when the selections of a few nodes form a cycle
     * (each picked the next as its source, which noisy timing during counting allows), no copy
     * reaches them and, with every other peer squelched, the origin looks silent. A paused origin
     * costs one restart instead, as in rippled's reduce-relay.
     */
    Optional<NodeId> idleSource(Instant now, Duration idle) {
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
