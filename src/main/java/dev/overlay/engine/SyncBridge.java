package dev.overlay.engine;

import com.google.protobuf.MessageLite;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerEvents;
import dev.overlay.peer.PeerState;
import dev.overlay.protocol.proto.Publish;
import dev.overlay.protocol.proto.SyncFetch;
import dev.overlay.protocol.proto.SyncMessages;
import dev.overlay.protocol.proto.SyncRanges;
import dev.overlay.relay.MessageId;
import dev.overlay.relay.SignedMessage;
import dev.overlay.resource.Fee;
import dev.overlay.sync.LoggedMessage;
import dev.overlay.sync.MessageLog;
import dev.overlay.sync.SyncItem;
import dev.overlay.sync.SyncMessage;
import dev.overlay.sync.SyncResponder;
import dev.overlay.sync.SyncSession;
import dev.overlay.sync.SyncSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the message log with every peer that negotiated {@code sync=1} (PROTOCOL.md 3.7): a
 * session at activation and then every interval, in which this node learns what the peer has and it
 * lacks, then fetches those messages in pages. Fetched messages go to the relay as recovered copies
 * (checked, verified once, delivered once, not relayed on). Answers the peer's sessions and fetches
 * from the log.
 *
 * <p>Bounds: a session's messages are bounded by {@link dev.overlay.sync.SyncLimits}; a fetch asks for at
 * most {@value #MAX_FETCH_IDS} ids and its answer stops at {@code maxAnswerBytes}; a peer's queries and
 * fetches are rate-limited (a burst of {@value #BURST}, then {@value #RATE_PER_SECOND} a second); at
 * most one session and one fetch per peer are in flight; ids to fetch are capped per peer at the log's
 * count bound. Misbehaviour is charged: malformed frames {@code INVALID_DATA}, floods and unrequested
 * messages {@code USELESS_DATA}, forged ones {@code INVALID_SIGNATURE}.
 *
 * <p>Threading: the {@code on*} methods and the {@link PeerEvents} run on event loops and only parse
 * and submit; all per-peer reconciliation state is owned by the single sync
 * thread ({@code overlay-sync}). The log is read there through its concurrent indexes; the relay's part
 * runs on the relay thread. Statistics are adders, readable from any thread.
 */
public final class SyncBridge implements PeerEvents {

    public static final String FEATURE = "sync";
    static final int MAX_FETCH_IDS = 256;
    static final int BURST = 200;
    static final int RATE_PER_SECOND = 50;
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A session whose peer has not replied for this long is abandoned; the next tick starts another. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    /** After messages were recovered from one peer, others are reconciled with this soon (at most this often). */
    static final Duration FOLLOW_UP = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(SyncBridge.class);

    private final SyncSettings settings;
    private final MessageLog messageLog;
    private final RelayBridge relay;
    private final BiConsumer<Peer, Fee> charger;
    private final Clock clock;
    private final RandomGenerator random;
    private final Duration maxMessageAge;
    private final int maxPayloadSize;
    private final int maxAnswerBytes;
    private final OwnerThread thread = new OwnerThread("overlay-sync");
    private final Map<NodeId, PeerSync> peers = new HashMap<>();
    /** Ids asked of some peer and not answered yet, so two peers are not asked for the same one. */
    private final Set<MessageId> inFlight = new HashSet<>();
    private final SyncPeerStats total = new SyncPeerStats();
    private final Map<NodeId, SyncPeerStats> stats = new ConcurrentHashMap<>();

    /** What this node knows of reconciling with one peer. Sync thread only. */
    private final class PeerSync {
        final Peer peer;
        final NodeId id;
        final SyncPeerStats stats = new SyncPeerStats();
        SyncSession session;
        long sessionId;
        /** When the session started or last heard a reply; also spaces follow-up sessions. */
        Instant sessionActiveAt = Instant.MIN;
        final Deque<MessageId> toFetch = new ArrayDeque<>();
        List<MessageId> pending = List.of();
        long fetchId;
        Instant fetchSent = Instant.MIN;
        double tokens = BURST;
        Instant tokensAt;

        PeerSync(Peer peer, NodeId id, Instant now) {
            this.peer = peer;
            this.id = id;
            this.tokensAt = now;
        }

        /** Takes a token for one query or fetch from the peer; false when it is flooding. */
        boolean admit(Instant now) {
            tokens = Math.min(BURST, tokens + RATE_PER_SECOND * Duration.between(tokensAt, now).toMillis() / 1000.0);
            tokensAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }
    }

    /**
     * @param maxFrameSize answers to fetches stay within half of it (and 1 MiB)
     */
    SyncBridge(SyncSettings settings, MessageLog messageLog, RelayBridge relay, BiConsumer<Peer, Fee> charger,
               int maxFrameSize, Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.messageLog = messageLog;
        this.relay = relay;
        this.charger = charger;
        this.clock = clock;
        this.random = random;
        this.maxMessageAge = relay.settings().maxMessageAge();
        this.maxPayloadSize = relay.settings().maxPayloadSize();
        this.maxAnswerBytes = Math.min(1024 * 1024, maxFrameSize / 2);
        thread.every(settings.interval(), settings.interval(), this::tick);
    }

    static boolean negotiated(Peer peer) {
        return peer.protocol().map(p -> p.features().contains(FEATURE + "=1")).orElse(false);
    }

    /** A peer is active: if it negotiated the feature, the first session starts at once. */
    @Override
    public void activated(Peer peer) {
        if (!settings.enabled() || !negotiated(peer)) {
            return;
        }
        submit(() -> startSession(adopt(peer)));
    }

    /**
     * The state of this connection, made on first need: the peer's first query can reach the sync
     * thread before its activation event does, and must be answered all the same.
     */
    private PeerSync adopt(Peer peer) {
        NodeId id = peer.nodeId().orElseThrow();
        PeerSync existing = peers.get(id);
        if (existing != null && existing.peer == peer) {
            return existing;
        }
        PeerSync state = new PeerSync(peer, id, clock.instant());
        peers.put(id, state);
        if (existing != null) {
            inFlight.removeAll(existing.pending);
        }
        stats.put(id, state.stats);
        return state;
    }

    @Override
    public void closed(Peer peer) {
        peer.nodeId().ifPresent(id -> submit(() -> {
            PeerSync state = peers.get(id);
            if (state != null && state.peer == peer) {
                peers.remove(id);
                stats.remove(id);
                inFlight.removeAll(state.pending);
            }
        }));
    }

    /** A SyncRanges frame from {@code peer}: a query to answer, or the reply in one of our sessions. */
    void onSyncRanges(Peer peer, SyncRanges frame) {
        if (!accepts(peer)) {
            return;
        }
        SyncMessage message;
        try {
            message = SyncFrames.fromWire(frame);
            message.validate(settings.limits());
        } catch (IllegalArgumentException e) {
            reject(peer, Fee.INVALID_DATA, "malformed SyncRanges: " + e.getMessage());
            return;
        }
        int bytes = frame.getSerializedSize();
        withPeer(peer, state -> {
            count(state, s -> s.bytesIn.add(bytes));
            if (frame.getReply()) {
                onReply(state, frame.getSession(), message);
            } else if (!state.admit(clock.instant())) {
                reject(peer, Fee.USELESS_DATA, "reconciliation queries too often");
            } else {
                count(state, s -> s.roundsAnswered.increment());
                send(state, SyncFrames.toWire(frame.getSession(), true,
                        SyncResponder.reply(messageLog.items(), message, settings.limits())));
            }
        });
    }

    void onSyncFetch(Peer peer, SyncFetch frame) {
        if (!accepts(peer)) {
            return;
        }
        List<MessageId> ids;
        try {
            ids = SyncFrames.ids(frame.getIds());
        } catch (IllegalArgumentException e) {
            reject(peer, Fee.INVALID_DATA, "malformed SyncFetch: " + e.getMessage());
            return;
        }
        if (ids.size() > MAX_FETCH_IDS) {
            reject(peer, Fee.INVALID_DATA, "SyncFetch of " + ids.size() + " ids, more than " + MAX_FETCH_IDS);
            return;
        }
        int bytes = frame.getSerializedSize();
        withPeer(peer, state -> {
            count(state, s -> s.bytesIn.add(bytes));
            if (!state.admit(clock.instant())) {
                reject(peer, Fee.USELESS_DATA, "fetches too often");
                return;
            }
            SyncMessages.Builder answer = SyncMessages.newBuilder().setSession(frame.getSession());
            int size = 0;
            for (MessageId id : ids) {
                Optional<LoggedMessage> logged = messageLog.find(id);
                if (logged.isEmpty()) {
                    continue;
                }
                if (size > 0 && size + logged.get().bytes() > maxAnswerBytes) {
                    answer.setTruncated(true);
                    break;
                }
                size += (int) logged.get().bytes();
                answer.addMessages(PublishFrames.toWire(logged.get().message(), 0));
            }
            int served = answer.getMessagesCount();
            count(state, s -> s.messagesServed.add(served));
            send(state, answer.build());
        });
    }

    void onSyncMessages(Peer peer, SyncMessages frame) {
        if (!accepts(peer)) {
            return;
        }
        List<SignedMessage> messages = new ArrayList<>(frame.getMessagesCount());
        try {
            for (Publish publish : frame.getMessagesList()) {
                messages.add(PublishFrames.fromWire(publish, maxPayloadSize));
            }
        } catch (IllegalArgumentException e) {
            reject(peer, Fee.INVALID_DATA, "malformed message in SyncMessages: " + e.getMessage());
            return;
        }
        int bytes = frame.getSerializedSize();
        withPeer(peer, state -> {
            count(state, s -> s.bytesIn.add(bytes));
            onMessages(state, frame.getSession(), messages, frame.getTruncated());
        });
    }

    private void onReply(PeerSync state, long session, SyncMessage reply) {
        if (state.session == null || session != state.sessionId) {
            reject(state.peer, Fee.USELESS_DATA, "a SyncRanges reply to no session of ours");
            return;
        }
        state.sessionActiveAt = clock.instant();
        Optional<SyncMessage> next;
        try {
            next = state.session.onReply(reply);
        } catch (IllegalArgumentException e) {
            reject(state.peer, Fee.INVALID_DATA, "bad SyncRanges reply: " + e.getMessage());
            state.session = null;
            return;
        }
        for (MessageId id : state.session.takeNeeded()) {
            if (!messageLog.contains(id) && !inFlight.contains(id)
                    && state.toFetch.size() < messageLog.limits().maxMessages()) {
                state.toFetch.add(id);
            }
        }
        if (next.isPresent()) {
            count(state, s -> s.roundsInitiated.increment());
            send(state, SyncFrames.toWire(state.sessionId, false, next.get()));
        } else {
            state.session = null;
        }
        fetchMore(state);
    }

    private void fetchMore(PeerSync state) {
        if (!state.pending.isEmpty() || state.toFetch.isEmpty()) {
            return;
        }
        Set<MessageId> batch = new LinkedHashSet<>();
        while (batch.size() < MAX_FETCH_IDS && !state.toFetch.isEmpty()) {
            MessageId id = state.toFetch.poll();
            if (!messageLog.contains(id) && !inFlight.contains(id)) {
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
        send(state, SyncFetch.newBuilder().setSession(state.fetchId).setIds(SyncFrames.ids(batch)).build());
    }

    private void onMessages(PeerSync state, long session, List<SignedMessage> messages, boolean truncated) {
        if (state.pending.isEmpty() || session != state.fetchId) {
            messages.forEach(m -> charger.accept(state.peer, Fee.USELESS_DATA));
            log.debug("{} sent {} message(s) we did not ask for", state.peer, messages.size());
            return;
        }
        List<MessageId> asked = state.pending;
        Set<MessageId> open = new HashSet<>(asked);
        int lastAnswered = -1;
        Instant now = clock.instant();
        Instant horizon = messageLog.horizon();
        for (SignedMessage message : messages) {
            MessageId id = message.id();
            if (!open.remove(id)) {
                charger.accept(state.peer, Fee.USELESS_DATA);
                continue;
            }
            lastAnswered = Math.max(lastAnswered, asked.indexOf(id));
            if (message.timestamp().isBefore(horizon) || message.timestamp().isAfter(now.plus(maxMessageAge))
                    || messageLog.contains(id)) {
                continue;
            }
            relay.recover(state.peer, message, () -> {
                count(state, s -> s.messagesRecovered.increment());
                submit(() -> followUp(state.id));
            });
        }
        if (truncated) {
            for (int i = asked.size() - 1; i > lastAnswered; i--) {
                state.toFetch.addFirst(asked.get(i));
            }
        }
        inFlight.removeAll(asked);
        state.pending = List.of();
        fetchMore(state);
    }

    /** After recovering from one peer, reconcile soon with the others: they may lack the same messages. */
    private void followUp(NodeId from) {
        Instant now = clock.instant();
        for (PeerSync state : peers.values()) {
            if (!state.id.equals(from) && state.session == null
                    && state.sessionActiveAt.plus(FOLLOW_UP).isBefore(now)) {
                thread.after(FOLLOW_UP, () -> {
                    if (peers.get(state.id) == state && state.session == null) {
                        startSession(state);
                    }
                });
                state.sessionActiveAt = now;
            }
        }
    }

    private void tick() {
        messageLog.prune();
        Instant now = clock.instant();
        for (PeerSync state : peers.values()) {
            if (!state.pending.isEmpty() && state.fetchSent.plus(TIMEOUT).isBefore(now)) {
                inFlight.removeAll(state.pending);
                state.pending = List.of();
            }
            if (state.session == null || state.sessionActiveAt.plus(SESSION_TIMEOUT).isBefore(now)) {
                startSession(state);
            }
            fetchMore(state);
        }
    }

    private void startSession(PeerSync state) {
        Instant now = clock.instant();
        long upper = now.minus(SyncSettings.SETTLE).toEpochMilli();
        long lower = messageLog.horizon().plus(SyncSettings.EDGE).toEpochMilli();
        if (messageLog.isFull()) {
            lower = Math.max(lower, messageLog.oldest().map(m -> m.item().timestamp()).orElse(lower));
        }
        if (lower >= upper) {
            return;
        }
        state.session = SyncSession.open(messageLog.items(), SyncItem.bound(lower), SyncItem.bound(upper),
                settings.limits());
        state.sessionId = random.nextLong();
        state.sessionActiveAt = now;
        count(state, s -> s.roundsInitiated.increment());
        send(state, SyncFrames.toWire(state.sessionId, false, state.session.opening()));
    }

    private boolean accepts(Peer peer) {
        if (settings.enabled() && negotiated(peer)) {
            return true;
        }
        reject(peer, Fee.INVALID_DATA, "a sync frame without the sync feature");
        return false;
    }

    private void reject(Peer peer, Fee fee, String why) {
        peer.recordInvalidMessage();
        charger.accept(peer, fee);
        log.debug("Refused from {}: {}", peer, why);
    }

    /** Runs {@code work} on the sync thread with the state of this connection, unless it has closed. */
    private void withPeer(Peer peer, Consumer<PeerSync> work) {
        submit(() -> {
            if (peer.state() == PeerState.ACTIVE) {
                work.accept(adopt(peer));
            }
        });
    }

    private void send(PeerSync state, MessageLite body) {
        int bytes = body.getSerializedSize();
        count(state, s -> s.bytesOut.add(bytes));
        if (state.peer.state() == PeerState.ACTIVE) {
            state.peer.link().send(body);
        }
    }

    private void count(PeerSync state, Consumer<SyncPeerStats> update) {
        update.accept(state.stats);
        update.accept(total);
    }

    /** Node-wide figures since start. */
    public SyncPeerStats.View totals() {
        return total.view();
    }

    /** Figures for one peer while it is connected with the feature. */
    public Optional<SyncPeerStats.View> stats(NodeId peer) {
        return Optional.ofNullable(stats.get(peer)).map(SyncPeerStats::view);
    }

    public MessageLog log() {
        return messageLog;
    }

    public SyncSettings settings() {
        return settings;
    }

    private void submit(Runnable task) {
        thread.run(task);
    }

    void stop() {
        thread.stop();
    }
}
