package dev.overlay.relay;

import dev.overlay.identity.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;

/**
 * Relays signed messages across the mesh: delivers each message locally once, forwards it once to
 * every active peer that does not have it yet and has not squelched its origin, and squelches
 * redundant sources per origin (see {@link SourceSelection}).
 *
 * <p>Each call returns a {@link RelayDecision}: what to send, to whom, which squelches to ask for, and
 * what to charge; the caller carries it out. The relay does no I/O, so a simulator drives it with a
 * virtual clock and no threads.
 *
 * <p>Threading: every method except {@link #addListener}, {@link #removeListener}, the {@code count*}
 * methods (adders, for what the transport drops before it reaches the relay) and the read-only
 * accessors of {@link #seen()} and {@link #counters()} must be called on the single
 * relay thread, which owns all relay and squelch state. Signatures are verified before a message is
 * handed in, on the receiving event loop.
 */
public final class Relay {

    /** The longest squelch a peer may ask of us; longer requests are cut to this. */
    public static final Duration MAX_ACCEPTED_SQUELCH = Duration.ofHours(1);
    /** Copies withheld from one peer that are kept for replay when it lifts its squelch. */
    static final int MAX_WITHHELD_PER_PEER = 4096;
    /** Payload bytes withheld from one peer, at most; older copies go first. */
    static final long MAX_WITHHELD_BYTES_PER_PEER = 8L * 1024 * 1024;
    /** Origins one peer may have squelched at once; more requests are refused. */
    static final int MAX_SQUELCHED_ORIGINS_PER_PEER = 1024;
    /**
     * How long a squelched peer may go on sending that origin's copies: those it had queued for us
     * before our squelch reached it are still on the way. Generous, since a busy peer's send queue can
     * hold seconds of traffic.
     */
    public static final Duration SQUELCH_GRACE = Duration.ofSeconds(10);

    private final NodeId self;
    private final RelaySettings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final RelayCounters counters = new RelayCounters();
    private final SeenCache seen;
    /** Collects each call's decision; reused, since only the relay thread calls in. */
    private final RelayDecision.Builder builder = new RelayDecision.Builder();
    private final List<MessageListener> listeners = new CopyOnWriteArrayList<>();

    /** Active peers and whether each negotiated squelch. */
    private final Map<NodeId, Boolean> peers = new LinkedHashMap<>();
    /** What each peer asked of us: origin -> squelch expiry. */
    private final Map<NodeId, Map<NodeId, Instant>> remoteSquelches = new HashMap<>();
    private final Map<NodeId, SourceSelection> selections = new HashMap<>();
    /** Recent copies withheld from each peer because it squelched their origin, oldest first. */
    private final Map<NodeId, Deque<Withheld>> withheld = new HashMap<>();
    /** Payload bytes in {@link #withheld}, per peer. */
    private final Map<NodeId, Long> withheldBytes = new HashMap<>();

    private record Withheld(SignedMessage message, int hops, Instant at) {
    }

    public Relay(NodeId self, RelaySettings settings, Clock clock, RandomGenerator random) {
        this.self = self;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        this.seen = new SeenCache(settings.seenCacheEntries(), settings.seenCacheAge());
    }

    /**
     * A peer became active. If it was already known, this is a reconnect whose close we never saw: the
     * peer has lost the squelch state of the old connection, so ours about it is reset too.
     */
    public RelayDecision peerActivated(NodeId peer, boolean squelchNegotiated) {
        RelayDecision.Builder decision = builder.start();
        if (peers.containsKey(peer)) {
            forget(peer, decision);
        }
        peers.put(peer, squelchNegotiated);
        return decision.build(CopyOutcome.DELIVERED);
    }

    /** Forgets a peer; if it was a selected source anywhere, that origin starts selecting anew. */
    public RelayDecision peerClosed(NodeId peer) {
        RelayDecision.Builder decision = builder.start();
        forget(peer, decision);
        return decision.build(CopyOutcome.DELIVERED);
    }

    private void forget(NodeId peer, RelayDecision.Builder decision) {
        if (peers.remove(peer) == null) {
            return;
        }
        remoteSquelches.remove(peer);
        withheld.remove(peer);
        withheldBytes.remove(peer);
        Instant now = clock.instant();
        for (Map.Entry<NodeId, SourceSelection> entry : selections.entrySet()) {
            if (entry.getValue().isSelected(peer)) {
                restartSelection(entry.getKey(), entry.getValue(), now, decision);
            } else {
                entry.getValue().forget(peer);
            }
        }
    }

    /** Delivers a message this node signed and sends it to every peer. */
    public RelayDecision publishLocal(SignedMessage message) {
        Instant now = clock.instant();
        SeenCache.Entry entry = seen.add(message.id(), now);
        deliver(message, now, Optional.empty());
        RelayDecision.Builder decision = builder.start();
        fanOut(message, 0, entry, now, decision);
        return decision.build(CopyOutcome.DELIVERED);
    }

    /**
     * Handles a copy of a message from {@code from} that has travelled {@code hops} hops (the wire's
     * {@code uint32}, read unsigned: any count at or above the limit, however large, is not relayed),
     * and decides what becomes of it: whether it is delivered, to whom it goes on, whom to squelch, and
     * what its sender is charged. The event loop skips verifying copies whose id it found in the
     * seen-cache ({@code verified} false); if the id has been evicted since, the copy is verified here
     * before it can be delivered or relayed.
     */
    public RelayDecision received(NodeId from, SignedMessage message, long hops, boolean verified) {
        counters.received.increment();
        Instant now = clock.instant();
        RelayDecision.Builder decision = builder.start();
        if (!settings.acceptsTimestamp(message.timestamp(), now)) {
            counters.expired.increment();
            return decision.build(CopyOutcome.EXPIRED);
        }
        SeenCache.Entry entry = seen.get(message.id());
        if (entry != null) {
            counters.duplicates.increment();
            if (!entry.addDelivery(from)) {
                return decision.build(CopyOutcome.REPEATED);
            }
            // Judged before countSource, which may change the sender's squelch.
            boolean ignoringSquelch = ignoresSquelch(from, message.origin(), now);
            countSource(from, message.origin(), false, now, decision);
            return decision.build(ignoringSquelch ? CopyOutcome.SQUELCH_IGNORED : CopyOutcome.DUPLICATE);
        }
        if (!verified && !message.hasValidSignature()) {
            counters.invalid.increment();
            return decision.build(CopyOutcome.INVALID);
        }
        boolean ignoringSquelch = ignoresSquelch(from, message.origin(), now);
        entry = seen.add(message.id(), now);
        entry.addDelivery(from);
        deliver(message, now, Optional.of(from));
        countSource(from, message.origin(), true, now, decision);
        if (hops < settings.maxHops()) {
            fanOut(message, (int) hops + 1, entry, now, decision);
        }
        return decision.build(ignoringSquelch ? CopyOutcome.SQUELCH_IGNORED : CopyOutcome.DELIVERED);
    }

    /** A copy the transport dropped on arrival as too old or too new (not worth verifying). */
    public void countExpiredOnArrival() {
        counters.received.increment();
        counters.expired.increment();
    }

    /** A message the transport found malformed or badly signed on arrival. */
    public void countInvalidOnArrival() {
        counters.invalid.increment();
    }

    /** A squelch request the transport refused as malformed. */
    public void countRefusedSquelch() {
        counters.squelchesRefused.increment();
    }

    /** A copy the transport did not send because the peer's send queue was over its bound. */
    public void countShed() {
        counters.shed.increment();
    }

    /**
     * Handles a message fetched from {@code from} by reconciliation: the same checks and delivery as a
     * relayed copy, but never relayed on (every peer recovers what it lacks by reconciling itself, so
     * recovered messages cannot start a flood of old messages), and its age is checked by the caller
     * against the retention window rather than the relay's age limit.
     */
    public RelayDecision recovered(NodeId from, SignedMessage message, boolean verified) {
        RelayDecision.Builder decision = builder.start();
        SeenCache.Entry entry = seen.get(message.id());
        if (entry != null) {
            entry.addDelivery(from);
            return decision.build(CopyOutcome.DUPLICATE);
        }
        if (!verified && !message.hasValidSignature()) {
            counters.invalid.increment();
            return decision.build(CopyOutcome.INVALID);
        }
        Instant now = clock.instant();
        seen.add(message.id(), now).addDelivery(from);
        deliver(message, now, Optional.of(from));
        SourceSelection selection = selections.get(message.origin());
        if (selection != null) {
            selection.recoveredMessage(message.timestamp().isAfter(now) ? now : message.timestamp());
        }
        return decision.build(CopyOutcome.DELIVERED);
    }

    /**
     * Remembers a message delivered before a restart (seeding from the message log at start), so that
     * a copy arriving now is a duplicate. Call in order of {@code deliveredAt}.
     */
    public void rememberDelivered(MessageId id, Instant deliveredAt) {
        if (!seen.contains(id)) {
            seen.add(id, deliveredAt);
        }
    }

    private boolean ignoresSquelch(NodeId from, NodeId origin, Instant now) {
        SourceSelection selection = selections.get(origin);
        return selection != null && selection.ignoresSquelch(from, now, SQUELCH_GRACE);
    }

    /**
     * A peer asks us to stop ({@code on}) or resume relaying {@code origin} to it. On resume, the
     * copies of that origin withheld within the replay window are sent after all: the peer lifts a
     * squelch when its source failed, and those copies may be exactly what the failed source never
     * delivered.
     */
    public RelayDecision squelchRequested(NodeId from, NodeId origin, boolean on, Duration duration) {
        Boolean negotiated = peers.get(from);
        if (negotiated == null || !negotiated) {
            counters.squelchesRefused.increment();
            return RelayDecision.NONE;
        }
        RelayDecision.Builder decision = builder.start();
        if (on) {
            Duration bounded = duration.compareTo(MAX_ACCEPTED_SQUELCH) > 0 ? MAX_ACCEPTED_SQUELCH : duration;
            Map<NodeId, Instant> byOrigin = remoteSquelches.computeIfAbsent(from, p -> new HashMap<>());
            if (!byOrigin.containsKey(origin) && byOrigin.size() >= MAX_SQUELCHED_ORIGINS_PER_PEER) {
                counters.squelchesRefused.increment();
                return RelayDecision.NONE;
            }
            byOrigin.put(origin, clock.instant().plus(bounded));
        } else {
            Map<NodeId, Instant> byOrigin = remoteSquelches.get(from);
            if (byOrigin != null && byOrigin.remove(origin) != null) {
                replayWithheld(from, origin, decision);
            }
        }
        return decision.build(CopyOutcome.DELIVERED);
    }

    private void replayWithheld(NodeId peer, NodeId origin, RelayDecision.Builder decision) {
        Deque<Withheld> copies = withheld.get(peer);
        if (copies == null) {
            return;
        }
        Instant horizon = clock.instant().minus(settings.replayWindow());
        Iterator<Withheld> it = copies.iterator();
        while (it.hasNext()) {
            Withheld copy = it.next();
            if (copy.message().origin().equals(origin)) {
                it.remove();
                withheldBytes.merge(peer, (long) -copy.message().payloadSize(), Long::sum);
                SeenCache.Entry entry = seen.get(copy.message().id());
                boolean peerHasIt = entry != null && entry.deliveredBy(peer);
                if (copy.at().isAfter(horizon) && !peerHasIt) {
                    counters.replayed.increment();
                    decision.send(copy.message(), copy.hops(), List.of(peer));
                }
            }
        }
    }

    private void withhold(NodeId peer, SignedMessage message, int hops, Instant now) {
        Deque<Withheld> copies = withheld.computeIfAbsent(peer, p -> new ArrayDeque<>());
        copies.addLast(new Withheld(message, hops, now));
        long bytes = withheldBytes.merge(peer, (long) message.payloadSize(), Long::sum);
        while (copies.size() > MAX_WITHHELD_PER_PEER || bytes > MAX_WITHHELD_BYTES_PER_PEER) {
            bytes = withheldBytes.merge(peer, (long) -copies.removeFirst().message().payloadSize(), Long::sum);
        }
    }

    /** Periodic upkeep: evicts old ids, replaces idle sources, forgets quiet origins and expired squelches. */
    public RelayDecision tick() {
        Instant now = clock.instant();
        RelayDecision.Builder decision = builder.start();
        seen.evict(now);
        Instant quietHorizon = now.minus(settings.maxSquelchDuration()).minus(settings.idleTimeout());
        Iterator<Map.Entry<NodeId, SourceSelection>> it = selections.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<NodeId, SourceSelection> entry = it.next();
            SourceSelection selection = entry.getValue();
            if (selection.idleSource(now, settings.idleTimeout()).isPresent()) {
                restartSelection(entry.getKey(), selection, now, decision);
            } else if (selection.isQuietSince(quietHorizon)) {
                it.remove();
            }
        }
        remoteSquelches.values().forEach(byOrigin -> byOrigin.values().removeIf(until -> !until.isAfter(now)));
        Instant replayHorizon = now.minus(settings.replayWindow());
        withheld.forEach((peer, copies) -> {
            while (!copies.isEmpty() && copies.peekFirst().at().isBefore(replayHorizon)) {
                withheldBytes.merge(peer, (long) -copies.removeFirst().message().payloadSize(), Long::sum);
            }
        });
        return decision.build(CopyOutcome.DELIVERED);
    }

    /**
     * The peers that are a selected source of some origin. Closing one restarts that origin's
     * selection: every squelched peer is lifted and replays what it withheld, and the origin is
     * flooded until sources are picked again. Returns a new unmodifiable set, safe to hand to other
     * threads.
     */
    public Set<NodeId> selectedSources() {
        Set<NodeId> sources = new HashSet<>();
        selections.values().forEach(selection -> selection.addSelectedTo(sources));
        return Collections.unmodifiableSet(sources);
    }

    public List<SquelchView> squelchViews() {
        Instant now = clock.instant();
        List<SquelchView> views = new ArrayList<>();
        selections.forEach((origin, selection) -> views.add(selection.view(origin, now)));
        views.sort((x, y) -> x.origin().compareTo(y.origin()));
        return views;
    }

    public void addListener(MessageListener listener) {
        listeners.add(listener);
    }

    public void removeListener(MessageListener listener) {
        listeners.remove(listener);
    }

    public SeenCache seen() {
        return seen;
    }

    public RelayCounters counters() {
        return counters;
    }

    /**
     * The one place a delivered message is made: its time is cut to the millisecond, the precision the
     * message log stores, so every listener (the log, live streams) sees the time it reads after a restart.
     */
    private void deliver(SignedMessage signed, Instant now, Optional<NodeId> from) {
        ReceivedMessage message = new ReceivedMessage(signed, now.truncatedTo(ChronoUnit.MILLIS), from);
        counters.delivered.increment();
        for (MessageListener listener : listeners) {
            try {
                listener.onMessage(message);
            } catch (RuntimeException e) {
                // A broken listener must not stop the relay of this message.
                counters.listenerFailures.increment();
            }
        }
    }

    private void fanOut(SignedMessage message, int hops, SeenCache.Entry entry, Instant now,
                        RelayDecision.Builder decision) {
        List<NodeId> targets = new ArrayList<>(peers.size());
        for (NodeId peer : peers.keySet()) {
            if (entry.deliveredBy(peer) || peer.equals(message.origin())) {
                continue;
            }
            if (squelchedByPeer(peer, message.origin(), now)) {
                counters.suppressed.increment();
                withhold(peer, message, hops, now);
                continue;
            }
            targets.add(peer);
        }
        if (!targets.isEmpty()) {
            counters.relayed.add(targets.size());
            decision.send(message, hops, targets);
        }
    }

    private boolean squelchedByPeer(NodeId peer, NodeId origin, Instant now) {
        Map<NodeId, Instant> byOrigin = remoteSquelches.get(peer);
        if (byOrigin == null) {
            return false;
        }
        Instant until = byOrigin.get(origin);
        return until != null && until.isAfter(now);
    }

    private void countSource(NodeId from, NodeId origin, boolean first, Instant now, RelayDecision.Builder decision) {
        if (!settings.squelchEnabled() || origin.equals(self)) {
            return;
        }
        SourceSelection selection = selections.computeIfAbsent(origin, o -> new SourceSelection());
        selection.record(from, first, now);
        if (selection.readyToSelect(settings.selectionThreshold(), settings.selectedPeers())) {
            selection.select(settings.selectedPeers());
            for (NodeId other : selection.unsquelchedOthers(now)) {
                squelch(other, origin, selection, now, decision);
            }
        } else if (selection.hasSelected() && !selection.isSelected(from) && !selection.isSquelched(from, now)) {
            squelch(from, origin, selection, now, decision);
        }
    }

    private void squelch(NodeId peer, NodeId origin, SourceSelection selection, Instant now,
                         RelayDecision.Builder decision) {
        if (!Boolean.TRUE.equals(peers.get(peer))) {
            return;
        }
        long min = settings.minSquelchDuration().toMillis();
        long max = settings.maxSquelchDuration().toMillis();
        Duration duration = Duration.ofMillis(min + (max > min ? random.nextLong(max - min + 1) : 0));
        selection.squelched(peer, now, now.plus(duration));
        counters.squelchesSent.increment();
        decision.squelch(peer, origin, Optional.of(duration));
    }

    private void restartSelection(NodeId origin, SourceSelection selection, Instant now,
                                  RelayDecision.Builder decision) {
        for (NodeId peer : selection.reset(now)) {
            if (peers.containsKey(peer)) {
                counters.unsquelchesSent.increment();
                decision.squelch(peer, origin, Optional.empty());
            }
        }
    }
}
