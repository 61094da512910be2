package dev.overlay.sync;

import dev.overlay.identity.NodeId;
import dev.overlay.relay.MessageId;
import dev.overlay.relay.SignedMessage;
import dev.overlay.resource.Fee;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * When and with whom this node reconciles its {@link MessageLog}, and which missing messages it fetches
 * from whom (PROTOCOL.md 3.7). Events go in (a peer that negotiated {@code sync=1} activated or closed,
 * a tick, a peer's reply in one of our sessions, a peer's answer to our fetch, a message recovered) and
 * each call returns a {@link ReconcileDecision} for the transport to carry out, as the {@code Relay}
 * returns its {@code RelayDecision}.
 *
 * <p>Policy: a session with each peer at activation, then every {@link SyncSettings#interval}, and
 * one {@link #FOLLOW_UP} after something was recovered from another peer (it may lack the same
 * messages); at most one session and one fetch in flight per peer; a session silent for
 * {@link #SESSION_TIMEOUT} is abandoned, a fetch unanswered for {@link #FETCH_TIMEOUT} given up; an id
 * is asked of one peer at a time, in pages of at most {@link #MAX_FETCH_IDS}, and a peer's queue of ids
 * to fetch is capped at the log's count bound. The scope of a session leaves out the last
 * {@link SyncSettings#SETTLE} and the window's oldest {@link SyncSettings#EDGE}.
 *
 * <p>Pure: no threads, no I/O; time from the injected clock, session ids from the injected random.
 * Call {@link #tick} every {@link #tickInterval()}. Threading: not thread-safe; one thread owns a
 * reconciler and its per-peer state (the engine's sync thread, or a simulator's single thread).
 */
public final class Reconciler {

    /** Most ids asked in one fetch (and accepted in a peer's fetch). */
    public static final int MAX_FETCH_IDS = 256;
    /** A fetch not answered for this long is given up, and its ids may be asked of another peer. */
    public static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);
    /** A session whose peer has not replied for this long is abandoned; the next tick starts another. */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    /** After messages were recovered from one peer, others are reconciled with this soon (at most this often). */
    public static final Duration FOLLOW_UP = Duration.ofSeconds(1);

    private final SyncSettings settings;
    private final MessageLog log;
    private final Clock clock;
    private final RandomGenerator random;
    private final Duration maxMessageAge;
    /** In activation order, so ticks decide in the same order on every run. */
    private final Map<NodeId, PeerSync> peers = new LinkedHashMap<>();
    /** Ids asked of some peer and not answered yet, so two peers are not asked for the same one. */
    private final Set<MessageId> inFlight = new HashSet<>();

    /** What this node knows of reconciling with one peer. */
    private static final class PeerSync {
        final NodeId id;
        SyncSession session;
        long sessionId;
        /** When the session started or last heard a reply; also spaces follow-up sessions. */
        Instant sessionActiveAt = Instant.MIN;
        /** When the next session is due if none is running. */
        Instant nextSessionAt;
        final Deque<MessageId> toFetch = new ArrayDeque<>();
        List<MessageId> pending = List.of();
        long fetchId;
        Instant fetchSent = Instant.MIN;

        PeerSync(NodeId id, Instant now) {
            this.id = id;
            this.nextSessionAt = now;
        }
    }

    /** Messages to answer a fetch with, and whether the answer stopped short of the ids asked. */
    public record Served(List<LoggedMessage> messages, boolean truncated) {
    }

    /**
     * @param maxMessageAge fetched messages stamped further than this in the future are not recovered
     *     (the relay's age limit)
     */
    public Reconciler(SyncSettings settings, MessageLog log, Duration maxMessageAge, Clock clock,
                      RandomGenerator random) {
        this.settings = settings;
        this.log = log;
        this.maxMessageAge = maxMessageAge;
        this.clock = clock;
        this.random = random;
    }

    /** The most an answer to a fetch holds: half the largest frame, and at most 1 MiB. */
    public static int answerBytes(int maxFrameSize) {
        return Math.min(1024 * 1024, maxFrameSize / 2);
    }

    /** How often {@link #tick} must be called: the interval, or the follow-up delay if shorter. */
    public Duration tickInterval() {
        return settings.interval().compareTo(FOLLOW_UP) < 0 ? settings.interval() : FOLLOW_UP;
    }

    /** A peer that negotiated the feature is active: the first session starts at once. */
    public ReconcileDecision peerActivated(NodeId peer) {
        PeerSync previous = peers.remove(peer);
        if (previous != null) {
            inFlight.removeAll(previous.pending);
        }
        PeerSync state = new PeerSync(peer, clock.instant());
        peers.put(peer, state);
        ReconcileDecision.Builder decision = new ReconcileDecision.Builder();
        startSession(state, decision);
        return decision.build();
    }

    /** The peer's connection closed: its session and fetch end, its pending ids may be asked of others. */
    public void peerClosed(NodeId peer) {
        PeerSync state = peers.remove(peer);
        if (state != null) {
            inFlight.removeAll(state.pending);
        }
    }

    /**
     * The answer to a peer's query, from the log.
     *
     * @throws IllegalArgumentException if the query breaks the limits
     */
    public SyncMessage answer(SyncMessage query) {
        return SyncResponder.reply(log.items(), query, settings.limits());
    }

    /**
     * The logged messages among {@code ids}, in the order asked, stopping before the answer would pass
     * {@code maxBytes} (it holds at least one message if any is logged).
     *
     * @throws IllegalArgumentException if more than {@link #MAX_FETCH_IDS} ids are asked
     */
    public Served serve(List<MessageId> ids, long maxBytes) {
        if (ids.size() > MAX_FETCH_IDS) {
            throw new IllegalArgumentException("a fetch of " + ids.size() + " ids, more than " + MAX_FETCH_IDS);
        }
        List<LoggedMessage> served = new ArrayList<>();
        long size = 0;
        for (MessageId id : ids) {
            Optional<LoggedMessage> logged = log.find(id);
            if (logged.isEmpty()) {
                continue;
            }
            if (size > 0 && size + logged.get().bytes() > maxBytes) {
                return new Served(served, true);
            }
            size += logged.get().bytes();
            served.add(logged.get());
        }
        return new Served(served, false);
    }

    /**
     * The peer's reply in session {@code session}: the next query of the session, if it goes on, and a
     * fetch of what it found missing. A reply to no session of ours is charged {@code USELESS_DATA}, one
     * that breaks the limits {@code INVALID_DATA} (and ends the session).
     */
    public ReconcileDecision replyReceived(NodeId peer, long session, SyncMessage reply) {
        ReconcileDecision.Builder decision = new ReconcileDecision.Builder();
        PeerSync state = peers.get(peer);
        if (state == null || state.session == null || session != state.sessionId) {
            decision.charge(Fee.USELESS_DATA);
            return decision.build();
        }
        state.sessionActiveAt = clock.instant();
        Optional<SyncMessage> next;
        try {
            next = state.session.onReply(reply);
        } catch (IllegalArgumentException e) {
            state.session = null;
            decision.charge(Fee.INVALID_DATA);
            return decision.build();
        }
        for (MessageId id : state.session.takeNeeded()) {
            if (!log.contains(id) && !inFlight.contains(id) && state.toFetch.size() < log.limits().maxMessages()) {
                state.toFetch.add(id);
            }
        }
        if (next.isPresent()) {
            decision.query(new ReconcileDecision.Query(peer, state.sessionId, next.get()));
        } else {
            state.session = null;
        }
        fetchMore(state, decision);
        return decision.build();
    }

    /**
     * The peer's answer to our fetch {@code session}: the messages asked for that the log still lacks
     * and that are within the window, to hand to the relay as recovered; then the next page. Messages
     * not asked for are charged {@code USELESS_DATA} each. If the answer was truncated, the ids after the
     * last one answered are asked again first.
     */
    public ReconcileDecision fetchAnswered(NodeId peer, long session, List<SignedMessage> messages,
                                           boolean truncated) {
        ReconcileDecision.Builder decision = new ReconcileDecision.Builder();
        PeerSync state = peers.get(peer);
        if (state == null || state.pending.isEmpty() || session != state.fetchId) {
            messages.forEach(m -> decision.charge(Fee.USELESS_DATA));
            return decision.build();
        }
        List<MessageId> asked = state.pending;
        Set<MessageId> open = new HashSet<>(asked);
        int lastAnswered = -1;
        Instant now = clock.instant();
        Instant horizon = log.horizon();
        for (SignedMessage message : messages) {
            MessageId id = message.id();
            if (!open.remove(id)) {
                decision.charge(Fee.USELESS_DATA);
                continue;
            }
            lastAnswered = Math.max(lastAnswered, asked.indexOf(id));
            if (message.timestamp().isBefore(horizon) || message.timestamp().isAfter(now.plus(maxMessageAge))
                    || log.contains(id)) {
                continue;
            }
            decision.recover(message);
        }
        if (truncated) {
            for (int i = asked.size() - 1; i > lastAnswered; i--) {
                state.toFetch.addFirst(asked.get(i));
            }
        }
        inFlight.removeAll(asked);
        state.pending = List.of();
        fetchMore(state, decision);
        return decision.build();
    }

    /**
     * A message fetched from {@code from} was delivered: the other peers are reconciled with soon (they
     * may lack the same messages), each at most once per {@link #FOLLOW_UP}.
     */
    public void recovered(NodeId from) {
        Instant now = clock.instant();
        Instant due = now.plus(FOLLOW_UP);
        for (PeerSync state : peers.values()) {
            if (!state.id.equals(from) && state.session == null
                    && state.sessionActiveAt.plus(FOLLOW_UP).isBefore(now)) {
                if (due.isBefore(state.nextSessionAt)) {
                    state.nextSessionAt = due;
                }
                state.sessionActiveAt = now;
            }
        }
    }

    /** Prunes the log, gives up late fetches, starts the sessions that are due and fetches what is queued. */
    public ReconcileDecision tick() {
        log.prune();
        Instant now = clock.instant();
        ReconcileDecision.Builder decision = new ReconcileDecision.Builder();
        for (PeerSync state : peers.values()) {
            if (!state.pending.isEmpty() && state.fetchSent.plus(FETCH_TIMEOUT).isBefore(now)) {
                inFlight.removeAll(state.pending);
                state.pending = List.of();
            }
            boolean due = state.session == null && !now.isBefore(state.nextSessionAt);
            boolean stale = state.session != null && state.sessionActiveAt.plus(SESSION_TIMEOUT).isBefore(now);
            if (due || stale) {
                startSession(state, decision);
            }
            fetchMore(state, decision);
        }
        return decision.build();
    }

    private void fetchMore(PeerSync state, ReconcileDecision.Builder decision) {
        if (!state.pending.isEmpty() || state.toFetch.isEmpty()) {
            return;
        }
        Set<MessageId> batch = new LinkedHashSet<>();
        while (batch.size() < MAX_FETCH_IDS && !state.toFetch.isEmpty()) {
            MessageId id = state.toFetch.poll();
            if (!log.contains(id) && !inFlight.contains(id)) {
                batch.add(id);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        state.pending = List.copyOf(batch);
        inFlight.addAll(batch);
        state.fetchId = random.nextLong();
        state.fetchSent = clock.instant();
        decision.fetch(new ReconcileDecision.Fetch(state.id, state.fetchId, state.pending));
    }

    private void startSession(PeerSync state, ReconcileDecision.Builder decision) {
        Instant now = clock.instant();
        state.nextSessionAt = now.plus(settings.interval());
        long upper = now.minus(SyncSettings.SETTLE).toEpochMilli();
        long lower = log.horizon().plus(SyncSettings.EDGE).toEpochMilli();
        if (log.isFull()) {
            lower = Math.max(lower, log.oldest().map(m -> m.item().timestamp()).orElse(lower));
        }
        if (lower >= upper) {
            state.session = null;
            return;
        }
        state.session = SyncSession.open(log.items(), SyncItem.bound(lower), SyncItem.bound(upper), settings.limits());
        state.sessionId = random.nextLong();
        state.sessionActiveAt = now;
        decision.query(new ReconcileDecision.Query(state.id, state.sessionId, state.session.opening()));
    }
}
