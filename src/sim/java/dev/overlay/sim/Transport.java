package dev.overlay.sim;

import com.google.protobuf.ByteString;
import dev.overlay.discovery.DiscoverySettings;
import dev.overlay.discovery.HeardEndpoint;
import dev.overlay.engine.PublishFrames;
import dev.overlay.engine.RelayBridge;
import dev.overlay.engine.SyncBridge;
import dev.overlay.engine.SyncFrames;
import dev.overlay.handshake.FeatureSet;
import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Admission;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Disconnect;
import dev.overlay.peer.DisconnectOrigin;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.NegotiatedProtocol;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.PeerState;
import dev.overlay.peer.SlotLimits;
import dev.overlay.protocol.Frame;
import dev.overlay.protocol.proto.Endpoints;
import dev.overlay.protocol.proto.Squelch;
import dev.overlay.protocol.proto.SyncFetch;
import dev.overlay.protocol.proto.SyncMessages;
import dev.overlay.relay.MessageId;
import dev.overlay.relay.ReceivedMessage;
import dev.overlay.relay.SignedMessage;
import dev.overlay.resource.ResourceManager;
import dev.overlay.sync.MessageLog;
import dev.overlay.sync.Reconciler;
import dev.overlay.sync.SyncMessage;
import dev.overlay.sync.VolatileLogStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntBinaryOperator;

/**
 * The simulated network: nodes, the connections between them, and the event loop that carries
 * frames and handshakes over them in virtual time. It plays the engine's part for the core: dials and
 * answers handshakes with the registry's admission, sends what the relay and discovery ask to send,
 * and hands what arrives to them. Nothing here decides what a node does; the core does.
 *
 * <p>Threading: one thread runs the whole simulation.
 */
final class Transport {

    static final int COPY = 0;
    static final int SQUELCH = 1;
    static final int GOSSIP = 2;
    static final int ACTION = 3;
    static final int DISCOVERY_TICK = 4;
    static final int RELAY_TICK = 5;
    static final int SYNC_RANGES = 6;
    static final int SYNC_FETCH = 7;
    static final int SYNC_MESSAGES = 8;
    static final int SYNC_TICK = 9;
    /** A copy that arrived waits for its node's processor; {@link #COPY} is when it has been processed. */
    static final int COPY_RECEIVED = 10;

    /** Handshake steps in one-way delays: TCP (SYN, SYN-ACK), TLS 1.3 (hello, finished) and the HTTP upgrade. */
    static final int UPGRADE_ARRIVES_AFTER = 5;
    static final long RELAY_TICK_MICROS = 1_000_000;
    private static final String USER_AGENT = "overlay-node/sim";
    private static final String VERSION = "OVL/1.0";
    private static final FeatureSet SQUELCH_OFFER = new FeatureSet(Map.of(RelayBridge.SQUELCH_FEATURE, "1"));
    private static final FeatureSet SYNC_OFFER = new FeatureSet(Map.of(SyncBridge.FEATURE, "1"));
    private static final FeatureSet BOTH_OFFERS = new FeatureSet(Map.of(RelayBridge.SQUELCH_FEATURE, "1",
            SyncBridge.FEATURE, "1"));

    private final SimClock clock = new SimClock();
    private final EventQueue queue = new EventQueue();
    private final LinkModel links;
    private final long seed;
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<NodeId, SimNode> byId = new HashMap<>();
    private final Map<Endpoint, SimNode> byEndpoint = new HashMap<>();
    private final Map<Endpoint, String> texts = new HashMap<>();
    private final List<SignedMessage> messages = new ArrayList<>();
    private final IdentityHashMap<SignedMessage, Integer> messageIndexes = new IdentityHashMap<>();
    private final List<Integer> publishBytes = new ArrayList<>();
    private final int squelchBytes;
    private NodeSettings settings;
    private IntBinaryOperator blocked = (a, b) -> 0;
    private DeliveryListener deliveries = (node, message, hops, at) -> { };
    private int currentHops;
    /** Whether the relay call running now hands over a message fetched by reconciliation. */
    private boolean recovering;
    private int measuredFrom;
    private int measuredTo;

    final Counters counters = new Counters();

    /** What the network counted since it started. */
    static final class Counters {
        long events;
        long copies;
        long measuredCopies;
        long bytes;
        long publishBytes;
        long squelches;
        long gossips;
        long dials;
        long syncFrames;
        long syncBytes;
        /** First deliveries by reconciliation, at any node, of any message. */
        long recovered;
        final Map<HandshakeFailure, Long> refusals = new java.util.EnumMap<>(HandshakeFailure.class);
        final Map<Integer, Long> refusalsByNode = new HashMap<>();
    }

    /** Told of every first delivery of a message at a node (not its origin). */
    interface DeliveryListener {
        void delivered(int node, int message, int hops, long atMicros);

        /** A first delivery of a message at a node by reconciliation rather than by relay. */
        default void recovered(int node, int message, long atMicros) {
        }
    }

    Transport(LinkModel links, NodeSettings settings, long seed) {
        this.links = links;
        this.settings = settings;
        this.seed = seed;
        this.squelchBytes = Frame.wireSize(Squelch.newBuilder().setOrigin(ByteString.copyFrom(new byte[32]))
                .setSquelch(true).setDurationSeconds(600).build());
    }

    SimClock clock() {
        return clock;
    }

    NodeSettings settings() {
        return settings;
    }

    void settings(NodeSettings newSettings) {
        settings = newSettings;
    }

    List<SimNode> nodes() {
        return nodes;
    }

    SimNode node(int index) {
        return nodes.get(index);
    }

    Optional<SimNode> node(NodeId id) {
        return Optional.ofNullable(byId.get(id));
    }

    LinkModel links() {
        return links;
    }

    void onDelivery(DeliveryListener listener) {
        deliveries = listener;
    }

    /** Blocks traffic and dials between nodes for which {@code rule} answers non-zero (a partition). */
    void block(IntBinaryOperator rule) {
        blocked = rule;
    }

    SplittableRandom random(long purpose, long index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + purpose * 0xBF58476D1CE4E5B9L + index);
    }

    /** Adds a node that starts its discovery and relay ticks at once. */
    SimNode addNode(NodeKey key, Endpoint endpoint, int region, boolean attacker) {
        int index = nodes.size();
        // An attacker takes every connection offered to any of its addresses.
        SlotLimits slots = attacker ? new SlotLimits(100_000, 0, 100_000) : settings.slots();
        PeerRegistry registry = new PeerRegistry(key.nodeId(), slots, settings.closedPeerCapacity(),
                settings.closedPeerRetention(), clock);
        SimNode node = new SimNode(index, key, endpoint, region, attacker, clock.micros(), registry,
                new ResourceManager(settings.resources(), clock));
        nodes.add(node);
        byId.put(node.id, node);
        byEndpoint.put(endpoint, node);
        links.ensureNodes(nodes.size());
        node.log = emptyLog();
        node.relay = new SimRelay(this, node, settings.relay(), random(1, index), message -> {
            node.log.append(message);
            delivered(node, message);
        });
        node.activation.subscribe(node.relay);
        node.sync = new SimSync(this, node, settings, node.log, random(4, index));
        node.activation.subscribe(node.sync);
        node.discovery = new SimDiscovery(this, node, settings.discovery(), new SimAddressBook(settings.addressBookCapacity(), this::text),
                random(2, index));
        SplittableRandom phase = random(3, index);
        long tick = settings.discovery().tickInterval().toNanos() / 1000;
        if (!attacker) {
            queue.add(clock.micros() + phase.nextLong(tick), DISCOVERY_TICK, index, 0, 0, 0, null);
        }
        queue.add(clock.micros() + phase.nextLong(RELAY_TICK_MICROS), RELAY_TICK, index, 0, 0, 0, null);
        if (node.sync.offers()) {
            queue.add(clock.micros() + phase.nextLong(node.sync.tickMicros()), SYNC_TICK, index, 0, 0, 0, null);
        }
        return node;
    }

    /** A message log in memory with the settings' limits, as a node without a database has. */
    MessageLog emptyLog() {
        return MessageLog.open(new VolatileLogStore(), settings.sync().log(), clock);
    }

    /** The endpoint's text, formatted once for every node's address book. */
    private String text(Endpoint endpoint) {
        return texts.computeIfAbsent(endpoint, Endpoint::toString);
    }

    /** Runs every event due up to {@code untilMicros}, then sets the clock there. */
    void runUntil(long untilMicros) {
        while (!queue.isEmpty() && queue.nextTime() <= untilMicros) {
            queue.poll();
            clock.advanceTo(queue.polledTime);
            counters.events++;
            dispatch();
        }
        clock.advanceTo(Math.max(clock.micros(), untilMicros));
    }

    void at(long timeMicros, Runnable action) {
        queue.add(timeMicros, ACTION, 0, 0, 0, 0, action);
    }

    private void dispatch() {
        int kind = queue.polledKind;
        switch (kind) {
            case COPY_RECEIVED -> copyReceived((SimLink) queue.polledRef, queue.polledA, queue.polledB,
                    queue.polledC, queue.polledD);
            case COPY -> copyArrives((SimLink) queue.polledRef, queue.polledC, queue.polledD);
            case SQUELCH -> squelchArrives((SimLink) queue.polledRef, queue.polledC, queue.polledD);
            case GOSSIP -> gossipArrives((GossipFrame) queue.polledRef);
            case ACTION -> ((Runnable) queue.polledRef).run();
            case DISCOVERY_TICK -> discoveryTick(nodes.get(queue.polledA));
            case RELAY_TICK -> relayTick(nodes.get(queue.polledA));
            case SYNC_RANGES -> syncRangesArrive((SyncRangesFrame) queue.polledRef);
            case SYNC_FETCH -> syncFetchArrives((SyncFetchFrame) queue.polledRef);
            case SYNC_MESSAGES -> syncMessagesArrive((SyncMessagesFrame) queue.polledRef);
            case SYNC_TICK -> syncTick(nodes.get(queue.polledA));
            default -> throw new IllegalStateException("unknown event kind " + kind);
        }
    }

    private void discoveryTick(SimNode node) {
        if (!node.online) {
            return;
        }
        node.discovery.tick();
        queue.add(clock.micros() + settings.discovery().tickInterval().toNanos() / 1000, DISCOVERY_TICK,
                node.index, 0, 0, 0, null);
    }

    private void relayTick(SimNode node) {
        if (!node.online) {
            return;
        }
        node.relay.tick();
        queue.add(clock.micros() + RELAY_TICK_MICROS, RELAY_TICK, node.index, 0, 0, 0, null);
    }

    private void syncTick(SimNode node) {
        if (!node.online) {
            return;
        }
        node.sync.tick();
        queue.add(clock.micros() + node.sync.tickMicros(), SYNC_TICK, node.index, 0, 0, 0, null);
    }

    // ---- messages

    /** Signs a message as {@code origin} now and hands it to its relay. Returns the message's index. */
    int publish(SimNode origin, byte[] payload) {
        SignedMessage message = SignedMessage.sign(origin.key, "sim", ++origin.publishedSequence, clock.instant(), payload);
        int index = messages.size();
        messages.add(message);
        messageIndexes.put(message, index);
        publishBytes.add(Frame.wireSize(PublishFrames.toWire(message, 0)));
        origin.relay.publishLocal(message);
        return index;
    }

    /** Copies of messages with indexes in [from, to) are counted in {@link Counters#measuredCopies}. */
    void measure(int from, int to) {
        measuredFrom = from;
        measuredTo = to;
    }

    int messageIndex(SignedMessage message) {
        return messageIndexes.get(message);
    }

    int messageCount() {
        return messages.size();
    }

    long publishedAt(int message) {
        return java.time.Duration.between(SimClock.START, messages.get(message).timestamp()).toNanos() / 1000;
    }

    SignedMessage message(int index) {
        return messages.get(index);
    }

    NodeId origin(int message) {
        return messages.get(message).origin();
    }

    private void delivered(SimNode node, ReceivedMessage message) {
        if (message.fromPeer().isPresent() && recovering) {
            deliveries.recovered(node.index, messageIndex(message.message()), clock.micros());
        } else if (message.fromPeer().isPresent()) {
            deliveries.delivered(node.index, messageIndex(message.message()), currentHops, clock.micros());
        }
    }

    void sendCopy(SimNode from, NodeId to, int message, int hops) {
        SimLink link = activeLink(from, to);
        if (link == null) {
            return;
        }
        int bytes = publishBytes.get(message);
        counters.bytes += bytes;
        counters.publishBytes += bytes;
        long at = arrival(from.index, link, bytes);
        if (at >= 0) {
            queue.add(at, links.processes() ? COPY_RECEIVED : COPY, from.index, link.remote, message, hops,
                    link.other());
        }
    }

    /** Queues an arrived copy behind the copies its node is still processing. */
    private void copyReceived(SimLink at, int from, int to, int message, int hops) {
        queue.add(links.processed(to, clock.micros()), COPY, from, to, message, hops, at);
    }

    private void copyArrives(SimLink at, int message, int hops) {
        if (at == null || !at.connection.open || !nodes.get(at.local).online) {
            return;
        }
        counters.copies++;
        if (message >= measuredFrom && message < measuredTo) {
            counters.measuredCopies++;
        }
        currentHops = hops + 1;
        nodes.get(at.local).relay.copyArrived(nodes.get(at.remote), messages.get(message), hops);
    }

    void sendSquelch(SimNode from, NodeId to, NodeId origin, int seconds) {
        SimLink link = activeLink(from, to);
        if (link == null) {
            return;
        }
        counters.bytes += squelchBytes;
        counters.squelches++;
        long at = arrival(from.index, link, squelchBytes);
        if (at >= 0) {
            queue.add(at, SQUELCH, from.index, link.remote, byId.get(origin).index, seconds, link.other());
        }
    }

    private void squelchArrives(SimLink at, int origin, int seconds) {
        if (at == null || !at.connection.open || !nodes.get(at.local).online) {
            return;
        }
        nodes.get(at.local).relay.squelchArrived(nodes.get(at.remote).id, nodes.get(origin).id, seconds);
    }

    // ---- reconciliation: frames as the engine's SyncBridge sends them, sized as on the wire

    private record SyncRangesFrame(SimLink at, long session, boolean reply, SyncMessage message) {
    }

    private record SyncFetchFrame(SimLink at, long session, List<MessageId> ids) {
    }

    private record SyncMessagesFrame(SimLink at, long session, int[] messages, boolean truncated) {
    }

    void sendSyncRanges(SimNode from, NodeId to, long session, boolean reply, SyncMessage message) {
        SimLink link = activeLink(from, to);
        if (link != null) {
            sendSync(from, link, Frame.wireSize(SyncFrames.toWire(session, reply, message)), SYNC_RANGES,
                    new SyncRangesFrame(link.other(), session, reply, message));
        }
    }

    void sendSyncFetch(SimNode from, NodeId to, long session, List<MessageId> ids) {
        SimLink link = activeLink(from, to);
        if (link != null) {
            int bytes = Frame.wireSize(SyncFetch.newBuilder().setSession(session).setIds(SyncFrames.ids(ids)).build());
            sendSync(from, link, bytes, SYNC_FETCH, new SyncFetchFrame(link.other(), session, ids));
        }
    }

    void sendSyncMessages(SimNode from, NodeId to, long session, Reconciler.Served served) {
        SimLink link = activeLink(from, to);
        if (link == null) {
            return;
        }
        SyncMessages.Builder wire = SyncMessages.newBuilder().setSession(session).setTruncated(served.truncated());
        int[] indexes = new int[served.messages().size()];
        for (int i = 0; i < indexes.length; i++) {
            SignedMessage message = served.messages().get(i).message();
            indexes[i] = messageIndex(message);
            wire.addMessages(PublishFrames.toWire(message, 0));
        }
        sendSync(from, link, Frame.wireSize(wire.build()), SYNC_MESSAGES,
                new SyncMessagesFrame(link.other(), session, indexes, served.truncated()));
    }

    private void sendSync(SimNode from, SimLink link, int bytes, int kind, Object frame) {
        counters.bytes += bytes;
        counters.syncBytes += bytes;
        counters.syncFrames++;
        long at = arrival(from.index, link, bytes);
        if (at >= 0) {
            queue.add(at, kind, from.index, link.remote, 0, 0, frame);
        }
    }

    /** The node at the receiving end of {@code at}, or null if the connection or the node is gone. */
    private SimNode receiver(SimLink at) {
        return at == null || !at.connection.open || !nodes.get(at.local).online ? null : nodes.get(at.local);
    }

    private void syncRangesArrive(SyncRangesFrame frame) {
        SimNode node = receiver(frame.at());
        if (node != null) {
            node.sync.rangesArrived(nodes.get(frame.at().remote), frame.session(), frame.reply(), frame.message());
        }
    }

    private void syncFetchArrives(SyncFetchFrame frame) {
        SimNode node = receiver(frame.at());
        if (node != null) {
            node.sync.fetchArrived(nodes.get(frame.at().remote), frame.session(), frame.ids());
        }
    }

    private void syncMessagesArrive(SyncMessagesFrame frame) {
        SimNode node = receiver(frame.at());
        if (node != null) {
            node.sync.messagesArrived(nodes.get(frame.at().remote), frame.session(), frame.messages(), frame.truncated());
        }
    }

    /** Hands {@code message}, fetched from {@code from}, to {@code node}'s relay as recovered; whether it was delivered. */
    boolean recover(SimNode node, SimNode from, SignedMessage message) {
        recovering = true;
        try {
            boolean delivered = node.relay.recovered(from, message);
            if (delivered) {
                counters.recovered++;
            }
            return delivered;
        } finally {
            recovering = false;
        }
    }

    private record GossipFrame(SimLink at, List<HeardEndpoint> entries) {
    }

    /**
     * Sends an {@code Endpoints} message as the engine encodes it: the sender's own entry (empty
     * endpoint, hops 0) when it advertises itself, and each heard endpoint one hop further than stored.
     */
    void sendGossip(SimNode from, NodeId to, boolean advertiseSelf, List<HeardEndpoint> heard) {
        List<HeardEndpoint> received = new ArrayList<>(heard.size() + 1);
        if (advertiseSelf) {
            received.add(new HeardEndpoint(from.endpoint, 0));
        }
        for (HeardEndpoint entry : heard) {
            received.add(new HeardEndpoint(entry.endpoint(), entry.hops() + 1));
        }
        sendEndpointsAsIs(from, to, received);
    }

    /** Sends endpoints with the hops given, as a node that does not follow the protocol may. */
    void sendEndpointsAsIs(SimNode from, NodeId to, List<HeardEndpoint> entries) {
        SimLink link = activeLink(from, to);
        if (link == null || entries.size() > DiscoverySettings.GOSSIP_ACCEPT_LIMIT) {
            return;
        }
        Endpoints.Builder wire = Endpoints.newBuilder();
        for (HeardEndpoint entry : entries) {
            wire.addEntries(Endpoints.Entry.newBuilder()
                    .setEndpoint(entry.endpoint().equals(from.endpoint) ? "" : entry.endpoint().toString())
                    .setHops(entry.hops()));
        }
        int bytes = Frame.wireSize(wire.build());
        counters.bytes += bytes;
        counters.gossips++;
        long at = arrival(from.index, link, bytes);
        if (at >= 0) {
            queue.add(at, GOSSIP, 0, 0, 0, 0, new GossipFrame(link.other(), entries));
        }
    }

    private void gossipArrives(GossipFrame frame) {
        SimLink at = frame.at();
        if (at == null || !at.connection.open || !nodes.get(at.local).online || nodes.get(at.local).attacker) {
            return;
        }
        nodes.get(at.local).discovery.gossipArrived(nodes.get(at.remote).id, frame.entries());
    }

    private SimLink activeLink(SimNode from, NodeId to) {
        if (!from.online) {
            return null;
        }
        Peer peer = from.registry.find(to).orElse(null);
        if (peer == null || peer.state() != PeerState.ACTIVE) {
            return null;
        }
        SimLink link = (SimLink) peer.link();
        return link.connection.open && link.other() != null ? link : null;
    }

    /** When a frame sent now on {@code link} arrives, or -1 if a partition drops it. */
    private long arrival(int from, SimLink link, int bytes) {
        if (blocked.applyAsInt(link.local, link.remote) != 0) {
            return -1;
        }
        long at = links.arrival(from, clock.micros(), bytes, link.connection.delayMicros);
        return link.connection.inOrder(from, at);
    }

    // ---- connections

    private long delay(SimNode a, SimNode b) {
        return links.delayMicros(a.index, a.region, b.index, b.region);
    }

    /** Opens a connection from {@code caller} to {@code endpoint} and runs the handshake on both ends. */
    CompletableFuture<Peer> dial(SimNode caller, Endpoint endpoint) {
        counters.dials++;
        CompletableFuture<Peer> result = new CompletableFuture<>();
        SimNode callee = byEndpoint.get(endpoint);
        long connectTimeout = settings.connectTimeout().toNanos() / 1000;
        long delay = callee == null ? connectTimeout : delay(caller, callee);
        SimConnection connection = new SimConnection(caller.index, callee == null ? -1 : callee.index, delay);
        SimLink link = new SimLink(this, connection, caller.index, connection.listener);
        connection.dialerSide = link;
        Peer outbound = caller.registry.register(Direction.OUTBOUND, endpoint, link);
        outbound.markHandshaking();
        link.peer = outbound;
        if (callee == null || !callee.online || blocked.applyAsInt(caller.index, callee.index) != 0) {
            at(clock.micros() + connectTimeout, () -> dialFailed(link, result,
                    new HandshakeException(HandshakeFailure.CONNECT_FAILED, "no answer from " + endpoint)));
            return result;
        }
        at(clock.micros() + UPGRADE_ARRIVES_AFTER * delay, () -> accept(link, result));
        return result;
    }

    private void accept(SimLink dialerSide, CompletableFuture<Peer> result) {
        SimConnection connection = dialerSide.connection;
        SimNode caller = nodes.get(connection.dialer);
        SimNode callee = nodes.get(connection.listener);
        long back = connection.delayMicros;
        if (!callee.online || blocked.applyAsInt(caller.index, callee.index) != 0) {
            at(clock.micros() + back, () -> dialFailed(dialerSide, result,
                    new HandshakeException(HandshakeFailure.CONNECTION_CLOSED, null)));
            return;
        }
        if (callee.resources.isBanned(caller.source)) {
            refused(callee, HandshakeFailure.BANNED);
            at(clock.micros() + back, () -> dialFailed(dialerSide, result,
                    new HandshakeException(HandshakeFailure.BANNED, null)));
            return;
        }
        SimLink listenerSide = new SimLink(this, connection, callee.index, caller.index);
        connection.listenerSide = listenerSide;
        // The caller's address with its listening port instead of an ephemeral one: only the address counts.
        Peer inbound = callee.registry.register(Direction.INBOUND, caller.endpoint, listenerSide);
        listenerSide.peer = inbound;
        NegotiatedProtocol protocol = negotiate(caller, callee);
        inbound.identify(caller.id, caller.endpoint, protocol, USER_AGENT);
        Admission admission = callee.activation.admit(inbound);
        if (admission.outcome() != Admission.Outcome.ADMITTED) {
            HandshakeFailure failure = failureOf(admission.outcome());
            List<Endpoint> alternatives = failure == HandshakeFailure.SLOTS_FULL
                    ? callee.discovery.alternativesFor(inbound) : List.of();
            refused(callee, failure);
            inbound.markClosing(new Disconnect(DisconnectReason.HANDSHAKE_FAILED, DisconnectOrigin.LOCAL,
                    failure.code(), clock.instant()));
            callee.activation.closed(inbound);
            connection.listenerSide = null;
            at(clock.micros() + back, () -> dialFailed(dialerSide, result,
                    new HandshakeException(failure, null, alternatives)));
            return;
        }
        if (!callee.activation.activate(inbound, admission)) {
            close(listenerSide, DisconnectReason.DUPLICATE_CONNECTION, "displaced during the handshake");
            at(clock.micros() + back, () -> dialFailed(dialerSide, result,
                    new HandshakeException(HandshakeFailure.CONNECTION_CLOSED, null)));
            return;
        }
        at(clock.micros() + back, () -> upgraded(dialerSide, result, protocol));
    }

    private void upgraded(SimLink dialerSide, CompletableFuture<Peer> result, NegotiatedProtocol protocol) {
        SimConnection connection = dialerSide.connection;
        SimNode caller = nodes.get(connection.dialer);
        SimNode callee = nodes.get(connection.listener);
        if (!caller.online) {
            return;
        }
        if (!connection.open) {
            dialFailed(dialerSide, result, new HandshakeException(HandshakeFailure.CONNECTION_CLOSED, null));
            return;
        }
        Peer outbound = dialerSide.peer;
        outbound.identify(callee.id, callee.endpoint, protocol, USER_AGENT);
        Admission admission = caller.activation.admit(outbound);
        if (admission.outcome() != Admission.Outcome.ADMITTED) {
            HandshakeException failure = new HandshakeException(failureOf(admission.outcome()), null);
            close(dialerSide, DisconnectReason.DUPLICATE_CONNECTION, "refused after the upgrade");
            result.completeExceptionally(failure);
            return;
        }
        if (!caller.activation.activate(outbound, admission)) {
            close(dialerSide, DisconnectReason.DUPLICATE_CONNECTION, "displaced during the handshake");
            result.completeExceptionally(new HandshakeException(HandshakeFailure.DUPLICATE_CONNECTION, null));
            return;
        }
        result.complete(outbound);
    }

    private void dialFailed(SimLink dialerSide, CompletableFuture<Peer> result, HandshakeException failure) {
        SimNode caller = nodes.get(dialerSide.local);
        dialerSide.connection.open = false;
        Peer outbound = dialerSide.peer;
        outbound.markClosing(new Disconnect(DisconnectReason.HANDSHAKE_FAILED, DisconnectOrigin.LOCAL,
                failure.failure().code(), clock.instant()));
        caller.activation.closed(outbound);
        if (caller.online) {
            result.completeExceptionally(failure);
        }
    }

    private void refused(SimNode callee, HandshakeFailure failure) {
        counters.refusals.merge(failure, 1L, Long::sum);
        counters.refusalsByNode.merge(callee.index, 1L, Long::sum);
    }

    /** What the handshake answers for each admission refusal, as the engine's handshake handlers do. */
    private static HandshakeFailure failureOf(Admission.Outcome outcome) {
        return switch (outcome) {
            case SELF -> HandshakeFailure.SELF_CONNECTION;
            case DUPLICATE -> HandshakeFailure.DUPLICATE_CONNECTION;
            case SLOTS_FULL, ADDRESS_LIMIT -> HandshakeFailure.SLOTS_FULL;
            case ADMITTED -> throw new IllegalArgumentException("admitted is no failure");
        };
    }

    private static NegotiatedProtocol negotiate(SimNode caller, SimNode callee) {
        int offers = (caller.relay.offersSquelch() ? 2 : 0) + (callee.relay.offersSquelch() ? 1 : 0)
                + (caller.sync.offers() ? 8 : 0) + (callee.sync.offers() ? 4 : 0);
        return NEGOTIATED[offers];
    }

    /**
     * What the handshake negotiates, by who offers squelch (caller: 2, callee: 1) and sync (caller: 8,
     * callee: 4); sixteen cases, made once.
     */
    private static final NegotiatedProtocol[] NEGOTIATED = new NegotiatedProtocol[16];

    static {
        for (int offers = 0; offers < 16; offers++) {
            FeatureSet offered = offer((offers & 2) != 0, (offers & 8) != 0);
            FeatureSet local = offer((offers & 1) != 0, (offers & 4) != 0);
            NEGOTIATED[offers] = new NegotiatedProtocol(VERSION, local.intersect(offered).asStrings());
        }
    }

    private static FeatureSet offer(boolean squelch, boolean sync) {
        if (squelch && sync) {
            return BOTH_OFFERS;
        }
        return squelch ? SQUELCH_OFFER : sync ? SYNC_OFFER : FeatureSet.NONE;
    }

    /** Closes a connection from {@code side}: that end at once, the other end when the Close arrives. */
    void close(SimLink side, DisconnectReason reason, String detail) {
        SimConnection connection = side.connection;
        if (!connection.open) {
            return;
        }
        connection.open = false;
        closeEnd(side, reason, DisconnectOrigin.LOCAL, detail);
        SimLink other = side.other();
        if (other != null) {
            at(clock.micros() + connection.delayMicros, () -> closeEnd(other, reason, DisconnectOrigin.REMOTE, detail));
        }
    }

    private void closeEnd(SimLink side, DisconnectReason reason, DisconnectOrigin origin, String detail) {
        SimNode node = nodes.get(side.local);
        Peer peer = side.peer;
        if (peer == null) {
            return;
        }
        peer.markClosing(new Disconnect(reason, origin, detail, clock.instant()));
        node.activation.closed(peer);
    }

    /** The node stops: gracefully (its peers read a Close) or by crashing (they notice after the ping timeout). */
    void leave(SimNode node, boolean graceful) {
        node.online = false;
        node.leftAt = clock.micros();
        long noticed = settings.pingTimeout().toNanos() / 1000;
        for (Peer peer : node.registry.connections()) {
            SimLink link = (SimLink) peer.link();
            SimLink other = link.other();
            link.connection.open = false;
            if (other != null) {
                long after = graceful ? link.connection.delayMicros : noticed;
                at(clock.micros() + after, () -> closeEnd(other, graceful ? DisconnectReason.SHUTDOWN
                        : DisconnectReason.CONNECTION_LOST, DisconnectOrigin.REMOTE, "peer left"));
            }
        }
    }

    /** Closes every connection between two nodes the rule separates (a partition: connections reset). */
    void cut(IntBinaryOperator rule) {
        for (SimNode node : nodes) {
            if (!node.online) {
                continue;
            }
            for (Peer peer : node.registry.connections()) {
                SimLink link = (SimLink) peer.link();
                if (link.remote >= 0 && rule.applyAsInt(link.local, link.remote) != 0 && link.connection.open) {
                    link.connection.open = false;
                    closeEnd(link, DisconnectReason.CONNECTION_LOST, DisconnectOrigin.LOCAL, "partition");
                    SimLink other = link.other();
                    if (other != null) {
                        closeEnd(other, DisconnectReason.CONNECTION_LOST, DisconnectOrigin.LOCAL, "partition");
                    }
                }
            }
        }
    }
}
