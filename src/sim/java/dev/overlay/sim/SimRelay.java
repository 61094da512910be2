package dev.overlay.sim;

import dev.overlay.identity.NodeId;
import dev.overlay.engine.RelayBridge;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerEvents;
import dev.overlay.relay.CopyOutcome;
import dev.overlay.relay.MessageListener;
import dev.overlay.relay.Relay;
import dev.overlay.relay.RelayDecision;
import dev.overlay.relay.RelaySettings;
import dev.overlay.relay.SignedMessage;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The adapter between one node's core {@link Relay} and the simulated transport: what the engine's
 * {@code RelayBridge} does, without threads: every call returns the relay's {@link RelayDecision},
 * which this class carries out (sends, squelches, the charge to the copy's sender). Kept thin so a
 * change of the relay's interface changes this class only.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class SimRelay implements PeerEvents {

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
        relay = new Relay(node.id, settings, transport.clock(), random);
        relay.addListener(listener);
        for (Peer peer : node.registry.active()) {
            carryOut(null, relay.peerActivated(peer.nodeId().orElseThrow(), settings.squelchEnabled()));
        }
    }

    Relay relay() {
        return relay;
    }

    boolean offersSquelch() {
        return settings.squelchEnabled();
    }

    void publishLocal(SignedMessage message) {
        carryOut(null, relay.publishLocal(message));
    }

    void copyArrived(SimNode from, SignedMessage message, int hops) {
        carryOut(from, relay.received(from.id, message, hops, true));
    }

    /**
     * A message fetched from {@code from} by reconciliation, handed over as the engine's {@code RelayBridge}
     * does (its signature taken as valid, like relayed copies here); whether it was delivered.
     */
    boolean recovered(SimNode from, SignedMessage message) {
        RelayDecision decision = relay.recovered(from.id, message, true);
        carryOut(from, decision);
        return decision.outcome() == CopyOutcome.DELIVERED;
    }

    void squelchArrived(NodeId from, NodeId origin, int seconds) {
        carryOut(null, relay.squelchRequested(from, origin, seconds >= 0, Duration.ofSeconds(Math.max(0, seconds))));
    }

    /** The relay learns of a peer before it shows active, as in the engine, with what the handshake negotiated. */
    @Override
    public void activating(Peer peer) {
        boolean squelch = peer.protocol().map(p -> p.features().contains(RelayBridge.SQUELCH_FEATURE + "=1"))
                .orElse(false);
        carryOut(null, relay.peerActivated(peer.nodeId().orElseThrow(), squelch));
    }

    /** As the engine does: a closed connection leaves the relay unless another one to that node is active. */
    @Override
    public void closed(Peer peer) {
        node.departed(peer).ifPresent(id -> carryOut(null, relay.peerClosed(id)));
    }

    void tick() {
        carryOut(null, relay.tick());
    }

    /**
     * Sends what the relay decided and charges the copy's sender ({@code from}, null for calls that
     * handle no copy). The charge is recorded; warnings and drops are not acted on: no scenario has a
     * misbehaving relay yet.
     */
    private void carryOut(SimNode from, RelayDecision decision) {
        if (from != null) {
            decision.charge().ifPresent(fee -> node.resources.charge(from.source, fee));
        }
        for (RelayDecision.Send send : decision.sends()) {
            int index = transport.messageIndex(send.message());
            for (NodeId peer : send.peers()) {
                transport.sendCopy(node, peer, index, send.hops());
            }
        }
        for (RelayDecision.SquelchChange change : decision.squelches()) {
            // The wire carries whole seconds (Squelch.duration_seconds); an unsquelch carries none.
            int seconds = change.duration().map(d -> (int) Math.max(1, d.toSeconds())).orElse(-1);
            transport.sendSquelch(node, change.peer(), change.origin(), seconds);
        }
    }
}
