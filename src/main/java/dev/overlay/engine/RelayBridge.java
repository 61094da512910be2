package dev.overlay.engine;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerEvents;
import dev.overlay.peer.PeerState;
import dev.overlay.protocol.proto.Publish;
import dev.overlay.protocol.proto.Squelch;
import dev.overlay.relay.CopyOutcome;
import dev.overlay.relay.MessageId;
import dev.overlay.relay.MessageListener;
import dev.overlay.resource.Fee;
import dev.overlay.relay.Relay;
import dev.overlay.relay.RelayCounters;
import dev.overlay.relay.RelayDecision;
import dev.overlay.relay.RelaySettings;
import dev.overlay.relay.SignedMessage;
import dev.overlay.relay.SquelchView;
import dev.overlay.sync.MessageLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the core {@link Relay} to the transport. Event loops parse and verify incoming messages
 * (in parallel, only for ids not seen yet, and once per message: see {@link VerificationGate}) and
 * hand them to the single relay thread, which owns
 * the relay state; each call returns one {@link RelayDecision}, which {@link #carryOut} turns into
 * charges and writes to the peers' links.
 *
 * <p>Threading: the {@code on*} methods and the {@link PeerEvents} run on event loops, {@link #publish}
 * on any thread; all of them only hand work to the relay thread ({@link OwnerThread}), which owns the
 * relay and the map of the peers it knows. Decisions are carried out on the relay thread, charges
 * included (the charger is thread-safe).
 */
public final class RelayBridge implements PeerEvents {

    public static final String SQUELCH_FEATURE = "squelch";
    private static final Logger log = LoggerFactory.getLogger(RelayBridge.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final NodeKey nodeKey;
    private final RelaySettings settings;
    private final Clock clock;
    private final Relay relay;
    private final OwnerThread relayThread = new OwnerThread("overlay-relay");
    /** The connection the relay knows for each peer; only the relay thread touches it. */
    private final Map<NodeId, Peer> known = new HashMap<>();
    private final AtomicLong sequence;
    private final BiConsumer<Peer, Fee> charger;
    private final EngineListener events;
    private final Duration staleBeyond;
    private final VerificationGate verification = new VerificationGate();
    /** The relay's selected sources as of its last tick: written by the relay thread, read by discovery's. */
    private volatile Set<NodeId> selectedSources = Set.of();

    /**
     * @param maxClockSkew the largest clock difference a peer may have with us (checked at the
     *     handshake): a copy further out than the age limit plus this could not have been accepted by
     *     the peer that sent it, so only those are charged
     */
    RelayBridge(NodeKey nodeKey, RelaySettings settings, Duration maxClockSkew, BiConsumer<Peer, Fee> charger, EngineListener events, Clock clock,
                RandomGenerator random) {
        this.events = events;
        this.staleBeyond = settings.maxMessageAge().plus(maxClockSkew);
        this.nodeKey = nodeKey;
        this.charger = charger;
        this.settings = settings;
        this.clock = clock;
        this.relay = new Relay(nodeKey.nodeId(), settings, clock, random);
        // Sequence numbers keep rising across restarts without any stored state.
        this.sequence = new AtomicLong(clock.millis() * 1000);
        relayThread.every(TICK, TICK, () -> {
            carryOut(null, relay.tick());
            selectedSources = relay.selectedSources();
        });
    }

    /** Signs a message from this node and broadcasts it; completes once it is handed to the peers. */
    public CompletableFuture<SignedMessage> signAndBroadcast(String topic, byte[] payload) {
        if (payload.length > settings.maxPayloadSize()) {
            throw new PayloadTooLargeException(payload.length, settings.maxPayloadSize());
        }
        SignedMessage message = SignedMessage.sign(nodeKey, topic, sequence.incrementAndGet(), clock.instant(), payload);
        return relayThread.call(() -> {
            carryOut(null, relay.publishLocal(message));
            return message;
        });
    }

    /** The relay learns of a peer before it shows active, so whoever sees it active and publishes reaches it. */
    @Override
    public void activating(Peer peer) {
        NodeId id = peer.nodeId().orElseThrow();
        boolean squelch = peer.protocol().map(p -> p.features().contains(SQUELCH_FEATURE + "=1")).orElse(false);
        relayThread.run(() -> {
            known.put(id, peer);
            carryOut(null, relay.peerActivated(id, squelch));
        });
    }

    /** A closed connection leaves the relay only if it is the one the relay knows for that node. */
    @Override
    public void closed(Peer peer) {
        peer.nodeId().ifPresent(id -> relayThread.run(() -> {
            if (known.remove(id, peer)) {
                carryOut(null, relay.peerClosed(id));
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
            relay.countExpiredOnArrival();
            if (Duration.between(message.timestamp(), now).abs().compareTo(staleBeyond) > 0) {
                charger.accept(peer, Fee.STALE_MESSAGE);
            }
            return;
        }
        NodeId from = peer.nodeId().orElseThrow();
        long hops = Integer.toUnsignedLong(publish.getHops());
        MessageId id = message.id();
        if (relay.seen().contains(id)) {
            relayThread.run(() -> carryOut(peer, relay.received(from, message, hops, false)));
        } else if (!verification.claim(id)) {
            relayThread.run(() -> verification.afterVerdict(id,
                    () -> carryOut(peer, relay.received(from, message, hops, false))));
        } else if (message.hasValidSignature()) {
            relayThread.run(() -> {
                carryOut(peer, relay.received(from, message, hops, true));
                verification.settle(id);
            });
        } else {
            rejectInvalid(peer, Fee.INVALID_SIGNATURE, "invalid signature on " + message);
            relayThread.run(() -> verification.settle(id));
        }
    }

    /**
     * A message fetched from {@code peer} by reconciliation: verified here (on the caller's thread,
     * unless the relay has seen it; once, through the same {@link VerificationGate} as relayed copies,
     * so a copy arriving live at the same time is not verified again), then handed to the relay, which
     * delivers it once and does not relay it on. {@code onDelivered} runs on the relay thread if it was delivered.
     */
    void recover(Peer peer, SignedMessage message, Runnable onDelivered) {
        NodeId from = peer.nodeId().orElseThrow();
        MessageId id = message.id();
        if (relay.seen().contains(id)) {
            relayThread.run(() -> carryOutRecovered(peer, from, message, false, onDelivered));
        } else if (!verification.claim(id)) {
            relayThread.run(() -> verification.afterVerdict(id,
                    () -> carryOutRecovered(peer, from, message, false, onDelivered)));
        } else if (message.hasValidSignature()) {
            relayThread.run(() -> {
                carryOutRecovered(peer, from, message, true, onDelivered);
                verification.settle(id);
            });
        } else {
            rejectInvalid(peer, Fee.INVALID_SIGNATURE, "invalid signature on recovered " + message);
            relayThread.run(() -> verification.settle(id));
        }
    }

    private void carryOutRecovered(Peer peer, NodeId from, SignedMessage message, boolean verified,
                                   Runnable onDelivered) {
        RelayDecision decision = relay.recovered(from, message, verified);
        carryOut(peer, decision);
        if (decision.outcome() == CopyOutcome.DELIVERED) {
            onDelivered.run();
        }
    }

    /**
     * Logs every delivered message in {@code log} (as the first listener, so it is logged before any
     * stream sees it), and remembers what the log holds from before a restart as delivered: a copy
     * arriving now is a duplicate, for the relay as for the log.
     */
    void keepLog(MessageLog log) {
        relay.addListener(log::append);
        relayThread.run(() -> log.after(0).forEachRemaining(
                m -> relay.rememberDelivered(m.message().id(), m.received().receivedAt())));
    }

    void onSquelch(Peer peer, Squelch squelch) {
        NodeId from = peer.nodeId().orElseThrow();
        if (squelch.getOrigin().size() != NodeId.PUBLIC_KEY_LENGTH
                || (squelch.getSquelch() && squelch.getDurationSeconds() == 0)) {
            relay.countRefusedSquelch();
            charger.accept(peer, Fee.INVALID_DATA);
            return;
        }
        NodeId origin = NodeId.fromPublicKey(squelch.getOrigin().toByteArray());
        Duration duration = Duration.ofSeconds(Integer.toUnsignedLong(squelch.getDurationSeconds()));
        relayThread.run(() -> carryOut(null, relay.squelchRequested(from, origin, squelch.getSquelch(), duration)));
    }

    private void rejectInvalid(Peer peer, Fee fee, String why) {
        relay.countInvalidOnArrival();
        peer.recordInvalidMessage();
        charger.accept(peer, fee);
        log.debug("Dropped a message from {}: {}", peer, why);
    }

    /**
     * Carries out one relay decision, on the relay thread: charges the sender of the copy (if any) for
     * what only a misbehaving peer causes, writes the sends to the peers' links, and sends the squelch
     * requests.
     */
    private void carryOut(Peer sender, RelayDecision decision) {
        if (sender != null) {
            decision.charge().ifPresent(fee -> {
                if (decision.outcome() == CopyOutcome.INVALID) {
                    sender.recordInvalidMessage();
                }
                charger.accept(sender, fee);
            });
        }
        for (RelayDecision.Send send : decision.sends()) {
            Publish publish = PublishFrames.toWire(send.message(), send.hops());
            boolean ours = send.message().origin().equals(nodeKey.nodeId());
            for (NodeId id : send.peers()) {
                Peer peer = known.get(id);
                if (peer != null && peer.state() == PeerState.ACTIVE && !peer.link().offer(publish, ours)) {
                    relay.countShed();
                }
            }
        }
        for (RelayDecision.SquelchChange change : decision.squelches()) {
            events.squelchChanged(change.peer(), change.origin(), change.squelch());
            Squelch.Builder request = Squelch.newBuilder().setOrigin(ByteString.copyFrom(change.origin().publicKey()))
                    .setSquelch(change.squelch());
            change.duration().ifPresent(d -> request.setDurationSeconds((int) Math.max(1, d.toSeconds())));
            send(change.peer(), request.build());
        }
    }

    private void send(NodeId id, MessageLite body) {
        Peer peer = known.get(id);
        if (peer != null && peer.state() == PeerState.ACTIVE) {
            peer.link().send(body);
        }
    }

    /** A relayed copy a connection shed when its turn came, its peer having fallen behind meanwhile. */
    void countShed() {
        relay.countShed();
    }

    /** The peers the relay has selected as sources, at most one tick old; any thread. */
    public Set<NodeId> selectedSources() {
        return selectedSources;
    }

    public CompletableFuture<List<SquelchView>> squelchViews() {
        return relayThread.call(relay::squelchViews);
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

    void stop() {
        relayThread.stop();
    }
}
