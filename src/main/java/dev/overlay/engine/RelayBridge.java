package dev.overlay.engine;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.PeerState;
import dev.overlay.protocol.proto.Publish;
import dev.overlay.protocol.proto.Squelch;
import dev.overlay.relay.CopyOutcome;
import dev.overlay.relay.MessageId;
import dev.overlay.relay.MessageListener;
import dev.overlay.resource.Fee;
import dev.overlay.relay.Relay;
import dev.overlay.relay.RelayCounters;
import dev.overlay.relay.RelayOutput;
import dev.overlay.relay.RelaySettings;
import dev.overlay.relay.RecentMessages;
import dev.overlay.relay.SignedMessage;
import dev.overlay.relay.SquelchView;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the core {@link Relay} to the transport. Event loops parse and verify incoming messages
 * (in parallel, only for ids not seen yet, and once per message: see {@link VerificationGate}) and
 * hand them to the single relay thread, which owns
 * the relay state; the relay's decisions come back through {@link RelayOutput} as writes to the
 * peers' channels.
 *
 * <p>Threading: the {@code on*} methods run on event loops, {@link #publish} on any thread; all of
 * them only submit work to the relay thread. The {@link RelayOutput} methods run on the relay thread,
 * and so do the charges for what the relay found wrong with a copy (the charger is thread-safe).
 */
public final class RelayBridge implements RelayOutput {

    public static final String SQUELCH_FEATURE = "squelch";
    private static final Logger log = LoggerFactory.getLogger(RelayBridge.class);
    private static final long TICK_MILLIS = 1_000;

    private final NodeKey nodeKey;
    private final RelaySettings settings;
    private final PeerRegistry registry;
    private final Clock clock;
    private final Relay relay;
    private final ScheduledExecutorService relayThread;
    private final AtomicLong sequence;
    private final BiConsumer<Peer, Fee> charger;
    private final IntSupplier highWater;
    private final EngineListener events;
    private final Duration staleBeyond;
    private final VerificationGate verification = new VerificationGate();

    /**
     * @param maxClockSkew the largest clock difference a peer may have with us (checked at the
     *     handshake): a copy further out than the age limit plus this could not have been accepted by
     *     the peer that sent it, so only those are charged
     */
    RelayBridge(NodeKey nodeKey, RelaySettings settings, Duration maxClockSkew, PeerRegistry registry,
                BiConsumer<Peer, Fee> charger, IntSupplier highWater, EngineListener events, Clock clock,
                RandomGenerator random) {
        this.events = events;
        this.staleBeyond = settings.maxMessageAge().plus(maxClockSkew);
        this.nodeKey = nodeKey;
        this.highWater = highWater;
        this.charger = charger;
        this.settings = settings;
        this.registry = registry;
        this.clock = clock;
        this.relay = new Relay(nodeKey.nodeId(), settings, clock, random, this);
        this.relayThread = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("overlay-relay", true));
        // Sequence numbers keep rising across restarts without any stored state.
        this.sequence = new AtomicLong(clock.millis() * 1000);
        relayThread.scheduleWithFixedDelay(() -> onRelayThread(relay::tick), TICK_MILLIS, TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Signs and broadcasts a message from this node; completes once it is handed to the peers. */
    public CompletableFuture<SignedMessage> publish(String topic, byte[] payload) {
        if (payload.length > settings.maxPayloadSize()) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds the limit of "
                    + settings.maxPayloadSize());
        }
        SignedMessage message = SignedMessage.sign(nodeKey, topic, sequence.incrementAndGet(), clock.instant(), payload);
        return CompletableFuture.supplyAsync(() -> {
            relay.publishLocal(message);
            return message;
        }, relayThread);
    }

    void onPeerActivated(Peer peer) {
        NodeId id = peer.nodeId().orElseThrow();
        boolean squelch = peer.protocol().map(p -> p.features().contains(SQUELCH_FEATURE + "=1")).orElse(false);
        submit(() -> relay.peerActivated(id, squelch));
    }

    /** A closed connection leaves the relay unless another connection to the same node survives it. */
    void onPeerClosed(Peer peer) {
        peer.nodeId().ifPresent(id -> submit(() -> {
            if (registry.find(id).filter(p -> p.state() == PeerState.ACTIVE).isEmpty()) {
                relay.peerClosed(id);
            }
        }));
    }

    void onPublish(Peer peer, Publish publish) {
        SignedMessage message;
        try {
            message = PublishFrames.fromWire(publish, settings.maxPayloadSize());
        } catch (IllegalArgumentException e) {
            rejectInvalid(peer, Fee.INVALID_DATA, "malformed publish: " + e.getMessage());
            return;
        }
        Instant now = clock.instant();
        if (!settings.acceptsTimestamp(message.timestamp(), now)) {
            // Too old or too new to be relayed anyway: not worth an Ed25519 verification.
            relay.counters().received.increment();
            relay.counters().expired.increment();
            if (Duration.between(message.timestamp(), now).abs().compareTo(staleBeyond) > 0) {
                charger.accept(peer, Fee.STALE_MESSAGE);
            }
            return;
        }
        NodeId from = peer.nodeId().orElseThrow();
        long hops = Integer.toUnsignedLong(publish.getHops());
        MessageId id = message.id();
        if (relay.seen().contains(id)) {
            submit(() -> chargeFor(peer, relay.received(from, message, hops, false)));
        } else if (!verification.claim(id)) {
            submit(() -> verification.afterVerdict(id,
                    () -> chargeFor(peer, relay.received(from, message, hops, false))));
        } else if (message.hasValidSignature()) {
            submit(() -> {
                chargeFor(peer, relay.received(from, message, hops, true));
                verification.settle(id);
            });
        } else {
            rejectInvalid(peer, Fee.INVALID_SIGNATURE, "invalid signature on " + message);
            submit(() -> verification.settle(id));
        }
    }

    /** Charges what only a misbehaving peer causes; ordinary redundancy and late expiry are free. */
    private void chargeFor(Peer peer, CopyOutcome outcome) {
        switch (outcome) {
            case REPEATED -> charger.accept(peer, Fee.REPEATED_MESSAGE);
            case SQUELCH_IGNORED -> charger.accept(peer, Fee.SQUELCH_IGNORED);
            case INVALID -> {
                peer.recordInvalidMessage();
                charger.accept(peer, Fee.INVALID_SIGNATURE);
            }
            case DELIVERED, DUPLICATE, EXPIRED -> { }
        }
    }

    void onSquelch(Peer peer, Squelch squelch) {
        NodeId from = peer.nodeId().orElseThrow();
        if (squelch.getOrigin().size() != NodeId.PUBLIC_KEY_LENGTH
                || (squelch.getSquelch() && squelch.getDurationSeconds() == 0)) {
            relay.counters().squelchesRefused.increment();
            charger.accept(peer, Fee.INVALID_DATA);
            return;
        }
        NodeId origin = NodeId.fromPublicKey(squelch.getOrigin().toByteArray());
        Duration duration = Duration.ofSeconds(Integer.toUnsignedLong(squelch.getDurationSeconds()));
        submit(() -> relay.squelchRequested(from, origin, squelch.getSquelch(), duration));
    }

    private void rejectInvalid(Peer peer, Fee fee, String why) {
        relay.counters().invalid.increment();
        peer.recordInvalidMessage();
        charger.accept(peer, fee);
        log.debug("Dropped a message from {}: {}", peer, why);
    }

    @Override
    public void publish(List<NodeId> peers, SignedMessage message, int hops) {
        Publish publish = PublishFrames.toWire(message, hops);
        boolean ours = message.origin().equals(nodeKey.nodeId());
        int highWaterNow = highWater.getAsInt();
        for (NodeId peer : peers) {
            registry.find(peer).filter(p -> p.state() == PeerState.ACTIVE).ifPresent(p -> {
                if (!((Connection) p.link()).sendBulk(publish, ours, highWaterNow)) {
                    relay.counters().shed.increment();
                }
            });
        }
    }

    @Override
    public void squelch(NodeId peer, NodeId origin, Duration duration) {
        events.squelchChanged(peer, origin, true);
        send(peer, Squelch.newBuilder().setOrigin(ByteString.copyFrom(origin.publicKey())).setSquelch(true)
                .setDurationSeconds((int) Math.max(1, duration.toSeconds())).build());
    }

    @Override
    public void unsquelch(NodeId peer, NodeId origin) {
        events.squelchChanged(peer, origin, false);
        send(peer, Squelch.newBuilder().setOrigin(ByteString.copyFrom(origin.publicKey())).setSquelch(false).build());
    }

    private void send(NodeId peer, MessageLite body) {
        registry.find(peer).filter(p -> p.state() == PeerState.ACTIVE)
                .ifPresent(p -> ((Connection) p.link()).send(body));
    }

    public CompletableFuture<List<SquelchView>> squelchViews() {
        return CompletableFuture.supplyAsync(relay::squelchViews, relayThread);
    }

    public RecentMessages recent() {
        return relay.recent();
    }

    public RelayCounters counters() {
        return relay.counters();
    }

    public RelaySettings settings() {
        return settings;
    }

    public void addListener(MessageListener listener) {
        relay.addListener(listener);
    }

    public void removeListener(MessageListener listener) {
        relay.removeListener(listener);
    }

    private void submit(Runnable task) {
        try {
            relayThread.execute(() -> onRelayThread(task));
        } catch (RejectedExecutionException stopping) {
            log.debug("Relay stopped; dropped a task");
        }
    }

    private static void onRelayThread(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("Relay task failed", e);
        }
    }

    void stop() {
        relayThread.shutdownNow();
    }
}
