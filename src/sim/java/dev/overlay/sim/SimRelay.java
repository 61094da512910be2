package dev.overlay.sim;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerState;
import dev.overlay.relay.MessageListener;
import dev.overlay.relay.Relay;
import dev.overlay.relay.RelayOutput;
import dev.overlay.relay.RelaySettings;
import dev.overlay.relay.SignedMessage;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The adapter between one node's core {@link Relay} and the simulated transport: what the engine's
 * {@code RelayBridge} does, without threads. Kept thin so a change of the relay's interface changes
 * this class only.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class SimRelay implements RelayOutput {

    private final Transport transport;
    private final SimNode node;
    private final RandomGenerator random;
    private final MessageListener listener;
    private RelaySettings settings;
    private Relay relay;

    SimRelay(Transport transport, SimNode node, RelaySettings settings, RandomGenerator random,
             MessageListener listener) {
        this.transport = transport;
        this.node = node;
        this.random = random;
        this.listener = listener;
        restart(settings);
    }

    /**
     * Replaces the relay by a fresh one with {@code newSettings}, told of every active peer: the same
     * network relaying in another mode. Squelch is negotiated when both ends offer it; every node of a
     * run switches together, so the new settings decide it for all.
     */
    void restart(RelaySettings newSettings) {
        settings = newSettings;
        relay = new Relay(node.id, settings, transport.clock(), random, this);
        relay.addListener(listener);
        for (Peer peer : node.registry.active()) {
            relay.peerActivated(peer.nodeId().orElseThrow(), settings.squelchEnabled());
        }
    }

    Relay relay() {
        return relay;
    }

    boolean offersSquelch() {
        return settings.squelchEnabled();
    }

    void publishLocal(SignedMessage message) {
        relay.publishLocal(message);
    }

    void copyArrived(NodeId from, SignedMessage message, int hops) {
        relay.received(from, message, hops, true);
    }

    void squelchArrived(NodeId from, NodeId origin, int seconds) {
        relay.squelchRequested(from, origin, seconds >= 0, Duration.ofSeconds(Math.max(0, seconds)));
    }

    void activated(NodeId peer, boolean squelchNegotiated) {
        relay.peerActivated(peer, squelchNegotiated);
    }

    /** As the engine does: a closed connection leaves the relay unless another one to that node is active. */
    void closed(Peer peer) {
        peer.nodeId().ifPresent(id -> {
            if (node.registry.find(id).filter(p -> p.state() == PeerState.ACTIVE).isEmpty()) {
                relay.peerClosed(id);
            }
        });
    }

    void tick() {
        relay.tick();
    }

    @Override
    public void publish(List<NodeId> peers, SignedMessage message, int hops) {
        int index = transport.messageIndex(message);
        for (NodeId peer : peers) {
            transport.sendCopy(node, peer, index, hops);
        }
    }

    @Override
    public void squelch(NodeId peer, NodeId origin, Duration duration) {
        // The wire carries whole seconds (Squelch.duration_seconds).
        transport.sendSquelch(node, peer, origin, (int) Math.max(1, duration.toSeconds()));
    }

    @Override
    public void unsquelch(NodeId peer, NodeId origin) {
        transport.sendSquelch(node, peer, origin, -1);
    }
}
