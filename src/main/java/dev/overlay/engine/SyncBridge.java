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
import dev.overlay.sync.ReconcileDecision;
import dev.overlay.sync.Reconciler;
import dev.overlay.sync.SyncMessage;
import dev.overlay.sync.SyncSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's adapter over the core {@link Reconciler} (PROTOCOL.md 3.7): it parses sync frames, hands
 * them to the reconciler on the sync thread and carries out its {@link ReconcileDecision}s: sends the
 * queries and fetches, hands fetched messages to the relay as recovered copies (checked, verified once,
 * delivered once, not relayed on) and charges the peer. When to reconcile with whom and what to fetch
 * is the reconciler's rule; answering a peer's queries and fetches uses its {@code answer} and
 * {@code serve}.
 *
 * <p>Wire-abuse rules stay here, being about frames rather than reconciliation: a peer's queries and
 * fetches are rate-limited (a burst of {@value #BURST}, then {@value #RATE_PER_SECOND} a second), a fetch
 * of more than {@link Reconciler#MAX_FETCH_IDS} ids is refused, answers stop at {@code maxAnswerBytes},
 * and misbehaviour is charged: malformed frames {@code INVALID_DATA}, floods {@code USELESS_DATA},
 * forged messages {@code INVALID_SIGNATURE}, besides what the reconciler charges.
 *
 * <p>Threading: the {@code on*} methods and the {@link PeerEvents} run on event loops and only parse
 * and submit; the reconciler and the per-peer state here are owned by the single sync thread
 * ({@code overlay-sync}). The log is read there through its concurrent indexes; the relay's part runs
 * on the relay thread. Statistics are adders, readable from any thread.
 */
public final class SyncBridge implements PeerEvents {

    public static final String FEATURE = "sync";
    static final int BURST = 200;
    static final int RATE_PER_SECOND = 50;
    private static final Logger log = LoggerFactory.getLogger(SyncBridge.class);

    private final SyncSettings settings;
    private final MessageLog messageLog;
    private final RelayBridge relay;
    private final BiConsumer<Peer, Fee> charger;
    private final Clock clock;
    private final Reconciler reconciler;
    private final int maxPayloadSize;
    private final int maxAnswerBytes;
    private final OwnerThread thread = new OwnerThread("overlay-sync");
    private final Map<NodeId, PeerSync> peers = new HashMap<>();
    private final SyncPeerStats total = new SyncPeerStats();
    private final Map<NodeId, SyncPeerStats> stats = new ConcurrentHashMap<>();

    /** The connection this node reconciles over with one peer, and its rate limit. Sync thread only. */
    private static final class PeerSync {
        final Peer peer;
        final NodeId id;
        final SyncPeerStats stats = new SyncPeerStats();
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
     * @param maxFrameSize answers to fetches stay within {@link Reconciler#answerBytes} of it
     */
    SyncBridge(SyncSettings settings, MessageLog messageLog, RelayBridge relay, BiConsumer<Peer, Fee> charger,
               int maxFrameSize, Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.messageLog = messageLog;
        this.relay = relay;
        this.charger = charger;
        this.clock = clock;
        this.reconciler = new Reconciler(settings, messageLog, relay.settings().maxMessageAge(), clock, random);
        this.maxPayloadSize = relay.settings().maxPayloadSize();
        this.maxAnswerBytes = Reconciler.answerBytes(maxFrameSize);
        thread.every(reconciler.tickInterval(), reconciler.tickInterval(), () -> carryOut(reconciler.tick(), null));
    }

    public static boolean negotiated(Peer peer) {
        return peer.protocol().map(p -> p.features().contains(FEATURE + "=1")).orElse(false);
    }

    /** A peer is active: if it negotiated the feature, the first session starts at once. */
    @Override
    public void activated(Peer peer) {
        if (!settings.enabled() || !negotiated(peer)) {
            return;
        }
        submit(() -> adopt(peer));
    }

    /**
     * The state of this connection, made on first need: the peer's first query can reach the sync
     * thread before its activation event does, and must be answered all the same. A new connection
     * tells the reconciler, which starts its first session.
     */
    private PeerSync adopt(Peer peer) {
        NodeId id = peer.nodeId().orElseThrow();
        PeerSync existing = peers.get(id);
        if (existing != null && existing.peer == peer) {
            return existing;
        }
        PeerSync state = new PeerSync(peer, id, clock.instant());
        peers.put(id, state);
        stats.put(id, state.stats);
        carryOut(reconciler.peerActivated(id), state);
        return state;
    }

    @Override
    public void closed(Peer peer) {
        peer.nodeId().ifPresent(id -> submit(() -> {
            PeerSync state = peers.get(id);
            if (state != null && state.peer == peer) {
                peers.remove(id);
                stats.remove(id);
                reconciler.peerClosed(id);
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
                carryOut(reconciler.replyReceived(state.id, frame.getSession(), message), state);
            } else if (!state.admit(clock.instant())) {
                reject(peer, Fee.USELESS_DATA, "reconciliation queries too often");
            } else {
                count(state, s -> s.roundsAnswered.increment());
                send(state, SyncFrames.toWire(frame.getSession(), true, reconciler.answer(message)));
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
        if (ids.size() > Reconciler.MAX_FETCH_IDS) {
            reject(peer, Fee.INVALID_DATA, "SyncFetch of " + ids.size() + " ids, more than " + Reconciler.MAX_FETCH_IDS);
            return;
        }
        int bytes = frame.getSerializedSize();
        withPeer(peer, state -> {
            count(state, s -> s.bytesIn.add(bytes));
            if (!state.admit(clock.instant())) {
                reject(peer, Fee.USELESS_DATA, "fetches too often");
                return;
            }
            Reconciler.Served served = reconciler.serve(ids, maxAnswerBytes);
            SyncMessages.Builder answer = SyncMessages.newBuilder().setSession(frame.getSession())
                    .setTruncated(served.truncated());
            for (LoggedMessage message : served.messages()) {
                answer.addMessages(PublishFrames.toWire(message.message(), 0));
            }
            count(state, s -> s.messagesServed.add(served.messages().size()));
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
            carryOut(reconciler.fetchAnswered(state.id, frame.getSession(), messages, frame.getTruncated()), state);
        });
    }

    /**
     * Sends what the reconciler decided; recovered messages and charges concern {@code from}, the peer
     * the call was about (null for ticks, which decide neither).
     */
    private void carryOut(ReconcileDecision decision, PeerSync from) {
        for (ReconcileDecision.Query query : decision.queries()) {
            PeerSync state = peers.get(query.peer());
            if (state != null) {
                count(state, s -> s.roundsInitiated.increment());
                send(state, SyncFrames.toWire(query.session(), false, query.message()));
            }
        }
        for (ReconcileDecision.Fetch fetch : decision.fetches()) {
            PeerSync state = peers.get(fetch.peer());
            if (state != null) {
                send(state, SyncFetch.newBuilder().setSession(fetch.session()).setIds(SyncFrames.ids(fetch.ids())).build());
            }
        }
        if (from == null) {
            return;
        }
        for (Fee fee : decision.charges()) {
            reject(from.peer, fee, "a sync frame the reconciler refused");
        }
        for (SignedMessage message : decision.recover()) {
            relay.recover(from.peer, message, () -> {
                count(from, s -> s.messagesRecovered.increment());
                submit(() -> reconciler.recovered(from.id));
            });
        }
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
